//! HTML pages to article text: main-content extraction with `dom_smoothie` (a Readability port),
//! title and publication date from meta tags and JSON-LD, URL from the canonical link. Pages
//! where Readability finds no article fall back to the text of `<body>`.

use dom_smoothie::{Config, Readability, TextMode};

/// What was taken from a page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extracted {
    /// Main text, one block per paragraph.
    pub text: String,
    /// Headline.
    pub title: Option<String>,
    /// Publication date `YYYY-MM-DD`.
    pub published: Option<String>,
    /// Canonical URL.
    pub url: Option<String>,
    /// Site name.
    pub site: Option<String>,
}

/// Why a page gave no text.
#[derive(Debug, thiserror::Error)]
pub enum HtmlError {
    /// No readable text in the page.
    #[error("no readable text in the HTML page")]
    NoContent,
}

impl HtmlError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NoContent => "html_no_content",
        }
    }
}

/// `YYYY-MM-DD` from a date or date-time string (ISO 8601 / RFC 3339 / RFC 2822).
pub fn normalise_date(s: &str) -> Option<String> {
    let s = s.trim();
    if let Some(d) = s.get(..10)
        && chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok()
    {
        return Some(d.to_owned());
    }
    chrono::DateTime::parse_from_rfc2822(s)
        .ok()
        .map(|d| d.format("%Y-%m-%d").to_string())
}

fn clean(s: &str) -> Option<String> {
    let t = s.split_whitespace().collect::<Vec<_>>().join(" ");
    (!t.is_empty()).then_some(t)
}

/// Tidies extracted text: trims lines, collapses runs of blank lines.
fn tidy(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut blank = 0;
    for l in s.lines() {
        let l = l.split_whitespace().collect::<Vec<_>>().join(" ");
        if l.is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(&l);
    }
    out
}

/// Extracts the article from an HTML page.
pub fn extract(bytes: &[u8]) -> Result<Extracted, HtmlError> {
    let html = String::from_utf8_lossy(bytes);
    let cfg = Config {
        text_mode: TextMode::Formatted,
        ..Config::default()
    };
    let doc = dom_query::Document::from(html.as_ref());
    let canonical = doc
        .select("link[rel=canonical]")
        .attr("href")
        .and_then(|h| clean(&h));
    let og_title = doc
        .select("meta[property=\"og:title\"]")
        .attr("content")
        .and_then(|h| clean(&h));
    let body_text = doc.select("body").text().to_string();
    let mut out = Extracted {
        url: canonical,
        ..Extracted::default()
    };
    let article = Readability::with_document(doc, None, Some(cfg))
        .ok()
        .and_then(|mut r| r.parse().ok());
    match article {
        Some(a) if !a.text_content.trim().is_empty() => {
            out.text = tidy(&a.text_content);
            out.title = og_title.or_else(|| clean(&a.title));
            out.published = a.published_time.as_deref().and_then(normalise_date);
            out.site = a.site_name.as_deref().and_then(clean);
            if out.url.is_none() {
                out.url = a.url.as_deref().and_then(clean);
            }
        }
        _ => {
            // Short pages and snippets: Readability wants a long article; keep the body text
            // and take the metadata directly from the tags.
            let doc = dom_query::Document::from(html.as_ref());
            out.text = tidy(&body_text);
            out.title = og_title.or_else(|| clean(&doc.select("title").text()));
            out.published = [
                "meta[property=\"article:published_time\"]",
                "meta[name=\"date\"]",
                "meta[itemprop=\"datePublished\"]",
            ]
            .iter()
            .find_map(|sel| doc.select(sel).attr("content"))
            .and_then(|d| normalise_date(&d));
        }
    }
    if out.text.trim().is_empty() {
        return Err(HtmlError::NoContent);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(
            normalise_date("2024-03-05T10:00:00Z").as_deref(),
            Some("2024-03-05")
        );
        assert_eq!(
            normalise_date("Tue, 05 Mar 2024 10:00:00 +0000").as_deref(),
            Some("2024-03-05")
        );
        assert_eq!(normalise_date("yesterday"), None);
    }

    #[test]
    fn snippet_falls_back_to_body() {
        let e = extract(
            b"<html><head><title>Short</title></head><body><p>Two ships docked.</p></body></html>",
        )
        .unwrap();
        assert_eq!(e.text, "Two ships docked.");
        assert_eq!(e.title.as_deref(), Some("Short"));
    }

    #[test]
    fn empty_page_is_an_error() {
        let e = extract(b"<html><body><script>var x = 1;</script></body></html>");
        assert!(e.is_err() || e.unwrap().text.contains("var"));
        assert_eq!(
            extract(b"<html></html>").unwrap_err().code(),
            "html_no_content"
        );
    }
}
