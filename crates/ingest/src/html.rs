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
    /// Elements nested deeper than [`MAX_DEPTH`]: the tree builder and Readability recurse
    /// over the tree (a stack overflow ends the process) and slow down quadratically with depth.
    #[error("HTML elements nested {0} deep, over the {MAX_DEPTH}-level cap")]
    TooComplex(usize),
}

impl HtmlError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NoContent => "html_no_content",
            Self::TooComplex(_) => "doc_too_complex",
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

/// Nesting levels of HTML elements a page may have; real pages stay well under a hundred.
pub const MAX_DEPTH: usize = 512;

/// Elements that close themselves or are closed by the next of their kind (so they never
/// stack up), and the void ones.
const NO_NESTING: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody",
    "tfoot", "rb", "rt", "rp", "colgroup", "caption", "html", "head", "body", "param", "keygen",
];

/// The deepest element nesting of a page, counted from its tags before any tree is built
/// (an upper bound: open tags minus close tags, comments and script/style text skipped).
pub fn nesting_depth(html: &[u8]) -> usize {
    let (mut depth, mut max, mut i) = (0usize, 0usize, 0usize);
    while let Some(off) = memchr_lt(&html[i..]) {
        i += off + 1;
        let rest = &html[i..];
        if rest.starts_with(b"!--") {
            i = find(html, i, b"-->");
            continue;
        }
        let close = rest.first() == Some(&b'/');
        let start = i + usize::from(close);
        let name_len = html[start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if name_len == 0 || !html[start].is_ascii_alphabetic() {
            continue;
        }
        let name = String::from_utf8_lossy(&html[start..start + name_len]).to_ascii_lowercase();
        let end = find(html, start, b">");
        let self_closing = end >= 2 && html.get(end - 2) == Some(&b'/');
        i = end.min(html.len());
        if close {
            depth = depth.saturating_sub(1);
        } else if matches!(name.as_str(), "script" | "style") {
            i = find(html, i, b"</");
        } else if !self_closing && !NO_NESTING.contains(&name.as_str()) {
            depth += 1;
            max = max.max(depth);
        }
        if close && NO_NESTING.contains(&name.as_str()) {
            depth += 1; // its open tag was not counted
        }
    }
    max
}

fn memchr_lt(b: &[u8]) -> Option<usize> {
    b.iter().position(|&c| c == b'<')
}

/// Index just past the first `pat` at or after `from`, or the end.
fn find(h: &[u8], from: usize, pat: &[u8]) -> usize {
    h.get(from..)
        .and_then(|t| t.windows(pat.len()).position(|w| w == pat))
        .map_or(h.len(), |p| from + p + pat.len())
}

/// Longest text node handed to Readability. It serialises the article it found, and
/// html5ever's serialiser rescans a text node from each character it escapes (`&`, U+00A0,
/// U+0080..U+00BF) to the node's end or its next `<`/`>`: quadratic in the length of one text
/// node dense with them (a 4 MB paragraph of `&amp;` took 20 s, 10 MB about a minute).
/// Adjacent text nodes read and serialise as one, so longer ones are cut into pieces.
pub const MAX_TEXT_NODE: usize = 4096;

/// Attribute values over this many bytes are dropped before Readability runs (the serialiser
/// rescans attribute values the same way; none that long says anything about the article).
pub const MAX_ATTR: usize = 16 * 1024;

/// Cuts text nodes over [`MAX_TEXT_NODE`] bytes into adjacent pieces and drops attribute
/// values over [`MAX_ATTR`], so that no later pass over the tree is quadratic in one node.
fn bound_nodes(doc: &dom_query::Document) {
    let nodes: Vec<_> = doc.root().descendants_it().collect();
    for n in nodes {
        if n.is_text() {
            let text = n.text();
            if text.len() > MAX_TEXT_NODE {
                split_text(doc, &n, &text);
            }
        } else if n.is_element() {
            let long: Vec<String> = n
                .attrs()
                .iter()
                .filter(|a| a.value.len() > MAX_ATTR)
                .map(|a| a.name.local.to_string())
                .collect();
            for name in long {
                n.remove_attr(&name);
            }
        }
    }
}

/// Replaces text node `n` (holding `text`) by pieces of at most [`MAX_TEXT_NODE`] bytes.
fn split_text(doc: &dom_query::Document, n: &dom_query::NodeRef<'_>, text: &str) {
    let mut pieces = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let mut cut = rest.len().min(MAX_TEXT_NODE);
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        let (piece, tail) = rest.split_at(cut);
        pieces.push(piece);
        rest = tail;
    }
    n.set_text(pieces[0]);
    let mut prev = *n;
    for piece in &pieces[1..] {
        let next = doc.tree.new_text(*piece);
        prev.insert_after(&next);
        prev = next;
    }
}

/// Extracts the article from an HTML page.
pub fn extract(bytes: &[u8]) -> Result<Extracted, HtmlError> {
    let depth = nesting_depth(bytes);
    if depth > MAX_DEPTH {
        return Err(HtmlError::TooComplex(depth));
    }
    let html = String::from_utf8_lossy(bytes);
    let cfg = Config {
        text_mode: TextMode::Formatted,
        ..Config::default()
    };
    let doc = dom_query::Document::from(html.as_ref());
    bound_nodes(&doc);
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
    fn deep_nesting_is_refused_before_parsing() {
        let deep = |n: usize| {
            format!(
                "<html><body>{}<p>Ships docked.</p>{}</body></html>",
                "<div>".repeat(n),
                "</div>".repeat(n)
            )
        };
        assert_eq!(nesting_depth(deep(100_000).as_bytes()), 100_000);
        let e = extract(deep(100_000).as_bytes()).unwrap_err();
        assert_eq!(e.code(), "doc_too_complex");
        assert_eq!(
            extract(deep(MAX_DEPTH - 1).as_bytes()).unwrap().text,
            "Ships docked."
        );
        // Unclosed paragraphs and list items, void tags, scripts and comments do not stack.
        let flat = format!(
            "<body>{}<ul>{}</ul><br><img src=x><script>if (a<b) {{}}</script><!-- <div> --></body>",
            "<p>x".repeat(5000),
            "<li>y".repeat(5000)
        );
        assert!(
            nesting_depth(flat.as_bytes()) < 5,
            "{}",
            nesting_depth(flat.as_bytes())
        );
    }

    #[test]
    fn long_text_nodes_are_cut_on_char_boundaries_and_read_as_one() {
        // 3-byte and 2-byte characters, so that cuts at MAX_TEXT_NODE fall inside some.
        let unit = "\u{20ac}\u{e9}&amp;&nbsp;x ";
        let n = 3 * MAX_TEXT_NODE / 10;
        // Decoded, each `&amp;` is one byte: one over the cap.
        let attr = "&amp;".repeat(MAX_ATTR + 1);
        let page = format!(
            "<html><body><article><p class=\"{attr}\">{}</p></article></body></html>",
            unit.repeat(n)
        );
        let doc = dom_query::Document::from(page.as_str());
        let before = doc.select("p").text().to_string();
        bound_nodes(&doc);
        assert_eq!(doc.select("p").text().to_string(), before);
        let texts: Vec<usize> = doc
            .root()
            .descendants_it()
            .filter(|n| n.is_text())
            .map(|n| n.text().len())
            .collect();
        assert!(texts.len() > 1, "{texts:?}");
        assert!(texts.iter().all(|&l| l <= MAX_TEXT_NODE), "{texts:?}");
        assert!(doc.select("p").attr("class").is_none());
        // No word is lost or doubled at the cuts (tidying turns the no-break space into a space).
        let words = "\u{20ac}\u{e9}& x ".repeat(n);
        let got = extract(page.as_bytes()).unwrap().text;
        assert!(
            got == words.trim_end(),
            "{} bytes, not {}",
            got.len(),
            words.len() - 1
        );
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
