//! Document model and loaders. Owns the step from raw bytes of scraped news to a [`Document`]:
//! lossy-but-tracked UTF-8 decoding, title, publication date, dateline, the body regions worth
//! segmenting (page residue such as share buttons and bylines left out), and the map from
//! decoded offsets back to the original input bytes.
//!
//! How a page is read:
//! * the text is cut into lines; blank lines separate paragraphs;
//! * residue lines (patterns in `data/residue.txt`, plus bylines) are dropped from the body;
//! * in the header (the lines before the first prose paragraph) a short line that is little
//!   else than a date gives `published`, and the first remaining short line without a final
//!   full stop gives the title;
//! * a dateline opening the first prose paragraph ("SEOUL:", "KYIV (Reuters) -", "NEW YORK,
//!   May 3 (AP) —") is kept as `dateline` and **excluded from the body**: the body region of
//!   that paragraph starts after the dateline's dash or colon, so the first sentence is clean.

mod date;
mod decode;
mod residue;

use std::ops::Range;
use std::sync::OnceLock;

use chrono::NaiveDate;
use sha2::{Digest, Sha256};

use decode::Piece;
use residue::Residue;

/// Caller-supplied facts that override or complete what is found in the text.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Publication date (overrides any date found in the text).
    pub published: Option<NaiveDate>,
    /// Title (overrides any title found in the text).
    pub title: Option<String>,
    /// Where the document came from.
    pub url: Option<String>,
    /// Outlet or feed name.
    pub source: Option<String>,
    /// Reject documents larger than this many bytes.
    pub max_bytes: Option<usize>,
}

/// Why a document could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum DocError {
    /// Nothing but whitespace and invisible characters.
    #[error("empty document: nothing but whitespace and invisible characters")]
    Empty,
    /// Looks like a binary file, not text.
    #[error("binary content, not text ({0})")]
    Binary(String),
    /// Over the size cap.
    #[error("document is {size} bytes, over the {max}-byte cap")]
    TooLarge {
        /// Actual size.
        size: usize,
        /// Cap.
        max: usize,
    },
}

impl DocError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Empty => "doc_empty",
            Self::Binary(_) => "doc_binary",
            Self::TooLarge { .. } => "doc_too_large",
        }
    }
}

/// A loaded news document.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// The decoded text; all spans below are byte offsets into it.
    pub text: String,
    /// Headline.
    pub title: Option<String>,
    /// Span of the headline in `text`.
    pub title_span: Option<Range<usize>>,
    /// Publication date.
    pub published: Option<NaiveDate>,
    /// Dateline place, e.g. `SEOUL`.
    pub dateline: Option<String>,
    /// Source URL.
    pub url: Option<String>,
    /// Outlet.
    pub source: Option<String>,
    /// Regions of `text` holding body prose, in order.
    pub body: Vec<Range<usize>>,
    /// Non-fatal problems (e.g. invalid UTF-8 replaced).
    pub warnings: Vec<String>,
    /// Span of the dateline marker (place, agency and dash) in `text`, left out of `body`.
    pub dateline_span: Option<Range<usize>>,
    /// Span of the line the publication date was read from.
    pub published_span: Option<Range<usize>>,
    /// Lines left out of the body as page residue, with the reason (`byline`, `residue_line`…).
    pub residue: Vec<(Range<usize>, &'static str)>,
    /// Map from decoded offsets to input offsets; empty when the input was valid UTF-8.
    map: Vec<Piece>,
    /// Input length in bytes.
    input_len: usize,
}

fn residue() -> &'static Residue {
    static R: OnceLock<Residue> = OnceLock::new();
    R.get_or_init(Residue::builtin)
}

/// Rejects input that is not text: any NUL byte, or more than 10% control bytes among the
/// first 64 KiB.
fn check_binary(bytes: &[u8]) -> Result<(), DocError> {
    if let Some(i) = memchr::memchr(0, bytes) {
        return Err(DocError::Binary(format!("NUL byte at offset {i}")));
    }
    let head = &bytes[..bytes.len().min(1 << 16)];
    let ctrl = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x0b) || b == 0x7f)
        .count();
    if head.len() >= 16 && ctrl * 10 > head.len() {
        return Err(DocError::Binary(format!(
            "{ctrl} control bytes in the first {} bytes",
            head.len()
        )));
    }
    Ok(())
}

/// A line of the text: its span without the line break and its trimmed content span.
#[derive(Debug, Clone)]
struct Line {
    /// Trimmed content.
    span: Range<usize>,
    /// Whether a blank line (or the text start) precedes it.
    para_start: bool,
}

fn is_trim(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}' || c == '\u{200b}'
}

/// Characters that show nothing: zero-width spaces and joiners, word joiners, direction
/// marks and embeddings, invisible operators, soft hyphens, the Mongolian vowel separator.
/// A text made of these and whitespace alone is empty.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00ad}' | '\u{034f}' | '\u{061c}' | '\u{115f}' | '\u{1160}' | '\u{17b4}' | '\u{17b5}'
        | '\u{180b}'..='\u{180f}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{206f}' | '\u{3164}' | '\u{fe00}'..='\u{fe0f}' | '\u{feff}'
        | '\u{ffa0}' | '\u{fff9}'..='\u{fffb}' | '\u{e0000}'..='\u{e007f}')
}

fn lines(text: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut pos = 0;
    let mut blank_before = true;
    for raw in text.split_inclusive('\n') {
        let start = pos;
        pos += raw.len();
        let trimmed_start = raw.len() - raw.trim_start_matches(is_trim).len();
        let content = raw.trim_matches(is_trim);
        if content.is_empty() {
            blank_before = true;
            continue;
        }
        let s = start + trimmed_start;
        out.push(Line {
            span: s..s + content.len(),
            para_start: blank_before,
        });
        blank_before = false;
    }
    out
}

/// Whether a line reads as prose (a body paragraph) rather than a header item.
fn is_prose(line: &str) -> bool {
    let words = line.split_whitespace().count();
    let ends = line.ends_with(['.', '!', '?', '"', '”', '’', ')']);
    (words >= 12 && ends) || words >= 30
}

/// Whether a header line can be the headline.
fn is_headline(line: &str) -> bool {
    let words = line.split_whitespace().count();
    (2..=30).contains(&words)
        && line.len() <= 250
        && !line.ends_with(['.', ',', ';', ':'])
        && line.chars().next().is_some_and(|c| {
            c.is_uppercase() || c.is_ascii_digit() || c == '"' || c == '“' || c == '‘' || c == '\''
        })
}

/// Agencies that appear in parentheses in datelines.
const AGENCIES: &[&str] = &[
    "AP",
    "Reuters",
    "AFP",
    "Xinhua",
    "Yonhap",
    "dpa",
    "DPA",
    "UPI",
    "Bloomberg",
    "IANS",
    "PTI",
    "ANI",
    "TASS",
    "Interfax",
    "Anadolu",
    "CNN",
    "BBC",
    "ANSA",
    "EFE",
    "Kyodo",
    "AA",
    "WAFA",
    "IRNA",
    "KCNA",
    "CNA",
    "Al Jazeera",
    "RFE/RL",
    "Ukrinform",
    "NHK",
    "Sputnik",
    "Bernama",
];

/// A dateline at the start of `p`: the place and the byte length of the marker (including the
/// trailing separator and spaces).
fn dateline(p: &str) -> Option<(String, usize)> {
    let b = p.as_bytes();
    // Place: capitals, spaces, periods, hyphens, apostrophes ("NEW YORK", "ST. LOUIS",
    // "PORT-AU-PRINCE"), or a capitalised place when an agency follows ("Kyiv (Reuters) -").
    let mut i = 0;
    while i < b.len() && (b[i].is_ascii_uppercase() || matches!(b[i], b' ' | b'.' | b'-' | b'\'')) {
        i += 1;
    }
    // Non-ASCII capitals ("KYÏV", "SÃO PAULO").
    while i < b.len() {
        let Some(c) = p[i..].chars().next() else {
            break;
        };
        if c.is_uppercase() || matches!(c, ' ' | '.' | '-' | '\'') {
            i += c.len_utf8();
        } else {
            break;
        }
    }
    let mut place_end = p[..i].trim_end_matches([' ', '-', '.']).len();
    let caps = place_end >= 2
        && p[..place_end].chars().filter(|c| c.is_alphabetic()).count() >= 2
        && p[..place_end].split(' ').count() <= 5;
    // "SEOUL, March" would make "M" look like part of the place: place ends at the last space
    // before a lowercase letter.
    if i < b.len() && b[i].is_ascii_lowercase() {
        place_end = p[..i].rfind(' ').unwrap_or(0);
    }
    // "WASHINGTON - The Navy", "SAN JUAN - A storm": a spaced dash ends the place.
    let head = p[..place_end].trim_end_matches([' ', '-']);
    place_end = head.find(" - ").unwrap_or(head.len());
    let mut title_case = false;
    if !caps || place_end == 0 {
        // "Kyiv (Reuters) -": a capitalised word or two before an agency.
        let words: Vec<&str> = p.splitn(4, ' ').collect();
        let mut k = 0;
        let mut end = 0;
        while k < words.len().min(3) && words[k].chars().next().is_some_and(char::is_uppercase) {
            end += words[k].len() + 1;
            k += 1;
            if p.get(end..).is_some_and(|r| r.starts_with('(')) {
                break;
            }
        }
        if k == 0 || !p.get(end..).is_some_and(|r| r.starts_with('(')) {
            return None;
        }
        place_end = end - 1;
        title_case = true;
    }
    let place = p[..place_end].trim_end_matches(',').trim();
    if place.is_empty() {
        return None;
    }
    let mut j = place_end;
    let rest = |j: usize| &p[j.min(p.len())..];
    // ", Ukraine" / ", Calif." / ", May 3" parts (at most two).
    for _ in 0..2 {
        let r = rest(j);
        if let Some(after) = r.strip_prefix(", ") {
            // The nearest of the separators: a comma far into the sentence must not hide the
            // " -" right after "Oct. 14, 2024".
            let w: usize = after
                .find([',', '(', ':', '—', '–'])
                .into_iter()
                .chain(after.find(" -"))
                .min()
                .unwrap_or(usize::MAX);
            if w == usize::MAX || w > 25 {
                break;
            }
            j += 2 + w;
            while rest(j).starts_with(' ') {
                j += 1;
            }
        }
    }
    // "(Reuters)".
    let mut agency = false;
    {
        let r = rest(j).trim_start();
        let skipped = rest(j).len() - r.len();
        if let Some(inner) = r.strip_prefix('(')
            && let Some(close) = inner.find(')')
        {
            let name = &inner[..close];
            if AGENCIES.contains(&name) || (close <= 24 && name.split(' ').count() <= 3) {
                j += skipped + 1 + close + 1;
                agency = true;
            }
        }
    }
    if title_case && !agency {
        return None;
    }
    // Separator: ':' right after the place, or a dash.
    let r = rest(j);
    let r_trim = r.trim_start();
    let mut k = j + (r.len() - r_trim.len());
    let sep_len = if r.starts_with(':') && !agency {
        k = j;
        1
    } else if r_trim.starts_with("--") {
        2
    } else if r_trim.starts_with('—') || r_trim.starts_with('–') {
        3
    } else if r_trim.starts_with('-') {
        1
    } else {
        return None;
    };
    k += sep_len;
    let after = rest(k);
    if !after.starts_with(' ') {
        return None;
    }
    let next = after.trim_start();
    // The sentence proper must follow.
    if !next
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric() || c == '"' || c == '“')
    {
        return None;
    }
    let marker = k + (after.len() - next.len());
    Some((place.to_owned(), marker))
}

impl Document {
    /// Loads a document from raw bytes.
    pub fn load(bytes: &[u8], opts: &LoadOptions) -> Result<Self, DocError> {
        if let Some(max) = opts.max_bytes
            && bytes.len() > max
        {
            return Err(DocError::TooLarge {
                size: bytes.len(),
                max,
            });
        }
        check_binary(bytes)?;
        let (text, map, bad) = decode::decode(bytes);
        if text.chars().all(|c| is_trim(c) || is_invisible(c)) {
            return Err(DocError::Empty);
        }
        let mut doc = Self {
            text,
            url: opts.url.clone(),
            source: opts.source.clone(),
            map,
            input_len: bytes.len(),
            ..Self::default()
        };
        if bad > 0 {
            doc.warnings.push(format!(
                "invalid UTF-8: {bad} byte sequence(s) replaced with U+FFFD"
            ));
        }
        doc.analyse();
        if opts.title.is_some() {
            doc.title.clone_from(&opts.title);
        }
        if opts.published.is_some() {
            doc.published = opts.published;
        }
        Ok(doc)
    }

    /// Finds the header items, the dateline, the residue and the body regions.
    fn analyse(&mut self) {
        let text = self.text.as_str();
        let lines = lines(text);
        let res = residue();
        // Kind per line: residue reason, or None.
        let kinds: Vec<Option<&'static str>> = lines
            .iter()
            .map(|l| res.classify(&text[l.span.clone()]))
            .collect();
        let first_prose = lines
            .iter()
            .zip(&kinds)
            .position(|(l, k)| k.is_none() && is_prose(&text[l.span.clone()]))
            .unwrap_or(lines.len());
        let mut used = vec![false; lines.len()];
        // Header: date lines, then the headline.
        let header_end = first_prose.min(12);
        let mut ambiguous = None;
        for (i, l) in lines.iter().enumerate().take(header_end) {
            if kinds[i].is_some() {
                continue;
            }
            let s = &text[l.span.clone()];
            if s.len() > 120 {
                continue;
            }
            match date::find(s, true) {
                date::Found::Date(d) => {
                    if self.published.is_none() {
                        self.published = Some(d);
                        self.published_span = Some(l.span.clone());
                    }
                    used[i] = true;
                }
                date::Found::Ambiguous(a) => {
                    ambiguous.get_or_insert(a);
                    used[i] = true;
                }
                date::Found::None => {}
            }
        }
        if self.published.is_none()
            && let Some(a) = ambiguous
        {
            self.warnings.push(format!(
                "ambiguous date {a:?} (day and month could be swapped) not used"
            ));
        }
        // The headline: the first unused header line that reads like one, when prose follows
        // it (a lone line is not a headline of anything).
        let title_at = (0..header_end).find(|&i| !used[i] && kinds[i].is_none());
        if let Some(i) = title_at {
            let s = &text[lines[i].span.clone()];
            let more = (i + 1..lines.len()).any(|j| !used[j] && kinds[j].is_none());
            if is_headline(s) && more && dateline(s).is_none() {
                self.title = Some(s.to_owned());
                self.title_span = Some(lines[i].span.clone());
                used[i] = true;
            }
        }
        for (i, k) in kinds.iter().enumerate() {
            if let Some(k) = k {
                self.residue.push((lines[i].span.clone(), k));
                used[i] = true;
            }
        }
        // Body: runs of consecutive unused lines within a paragraph.
        let mut body: Vec<Range<usize>> = Vec::new();
        let mut open: Option<Range<usize>> = None;
        let mut dateline_done = false;
        for (i, l) in lines.iter().enumerate() {
            if (used[i] || l.para_start)
                && let Some(r) = open.take()
            {
                body.push(r);
            }
            if used[i] {
                continue;
            }
            let mut span = l.span.clone();
            if !dateline_done && i >= first_prose.min(lines.len()) && l.para_start {
                dateline_done = true;
                if let Some((place, len)) = dateline(&text[span.clone()]) {
                    self.dateline = Some(place);
                    let marker = span.start..span.start + len;
                    // "WASHINGTON, March 12, 2024 (Reuters) -": wire copy dates itself there.
                    if self.published.is_none()
                        && let date::Found::Date(d) = date::find(&text[marker.clone()], false)
                    {
                        self.published = Some(d);
                        self.published_span = Some(marker.clone());
                    }
                    self.dateline_span = Some(marker);
                    span.start += len;
                }
            }
            match &mut open {
                Some(r) => r.end = span.end,
                None => open = Some(span),
            }
        }
        if let Some(r) = open.take() {
            body.push(r);
        }
        // Inline photo credits such as "(Photo: Reuters)" are cut out of the regions.
        self.body = body
            .into_iter()
            .flat_map(|r| cut_credits(text, r))
            .filter(|r| r.start < r.end)
            .collect();
    }

    /// Stable id: hex SHA-256 of the whitespace-normalised text (first 16 bytes).
    pub fn id(&self) -> String {
        let mut h = Sha256::new();
        for w in self.text.split_whitespace() {
            h.update(w.as_bytes());
            h.update(b" ");
        }
        hex::encode(&h.finalize()[..16])
    }

    /// Maps a byte offset in `text` back to the original input bytes. Monotone; offsets past
    /// the end map to the input length.
    pub fn original_offset(&self, pos: usize) -> usize {
        let pos = pos.min(self.text.len());
        if self.map.is_empty() {
            return pos;
        }
        decode::original(&self.map, pos).min(self.input_len)
    }
}

/// Splits a body region around inline photo credits: "(Photo: …)", "(AP Photo/…)",
/// "(Getty Images)", "(Image: …)".
fn cut_credits(text: &str, r: Range<usize>) -> Vec<Range<usize>> {
    const OPENERS: [&str; 6] = [
        "(photo:",
        "(photo by",
        "(ap photo",
        "(getty",
        "(image:",
        "(reuters/",
    ];
    let s = &text[r.clone()];
    if memchr::memchr(b'(', s.as_bytes()).is_none() {
        return vec![r];
    }
    let mut out = Vec::new();
    let mut from = 0;
    let mut search = 0;
    while let Some(k) = s[search..].find('(') {
        let at = search + k;
        let head: String = s[at..].chars().take(10).collect::<String>().to_lowercase();
        if OPENERS.iter().any(|o| head.starts_with(o))
            && let Some(close) = s[at..].find(')')
        {
            out.push(r.start + from..r.start + at);
            from = at + close + 1;
            search = from;
        } else {
            search = at + 1;
        }
    }
    out.push(r.start + from..r.end);
    out.into_iter()
        .map(|x| {
            // Trim whitespace so regions start and end on content.
            let t = &text[x.clone()];
            let a = t.len() - t.trim_start().len();
            let b = t.trim_end().len();
            if a >= b {
                x.start..x.start
            } else {
                x.start + a..x.start + b
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datelines() {
        let d = |s: &str| dateline(s).map(|(p, n)| (p, s[n..].to_owned()));
        assert_eq!(
            d("SEOUL: The army said"),
            Some(("SEOUL".into(), "The army said".into()))
        );
        assert_eq!(
            d("KYIV (Reuters) - Drones struck"),
            Some(("KYIV".into(), "Drones struck".into()))
        );
        assert_eq!(
            d("WASHINGTON — The Senate voted"),
            Some(("WASHINGTON".into(), "The Senate voted".into()))
        );
        assert_eq!(
            d("NEW YORK, May 3 (AP) — Markets fell"),
            Some(("NEW YORK".into(), "Markets fell".into()))
        );
        assert_eq!(
            d("Kyiv (Reuters) - Drones struck"),
            Some(("Kyiv".into(), "Drones struck".into()))
        );
        assert_eq!(
            d("KHARKIV, Ukraine -- Shelling resumed"),
            Some(("KHARKIV".into(), "Shelling resumed".into()))
        );
        assert_eq!(
            d("BELGRADE, Oct. 14, 2024 - Ammunition has reached Kyiv, officials said."),
            Some((
                "BELGRADE".into(),
                "Ammunition has reached Kyiv, officials said.".into()
            ))
        );
        assert_eq!(
            d("WASHINGTON - The U.S. Navy seized"),
            Some(("WASHINGTON".into(), "The U.S. Navy seized".into()))
        );
        assert_eq!(
            d("SAN JUAN - A storm hit"),
            Some(("SAN JUAN".into(), "A storm hit".into()))
        );
        assert_eq!(d("The army said - quietly - that"), None);
        assert_eq!(d("A: yes"), None);
        assert_eq!(d("NATO members met on Friday."), None);
    }

    #[test]
    fn binary_and_empty() {
        let o = LoadOptions::default();
        assert_eq!(
            Document::load(b"ab\0cd", &o)
                .map(|_| ())
                .map_err(|e| e.code()),
            Err("doc_binary")
        );
        assert_eq!(
            Document::load(b" \n\t ", &o)
                .map(|_| ())
                .map_err(|e| e.code()),
            Err("doc_empty")
        );
        // Zero-width spaces, joiners, a word joiner and direction marks show nothing.
        assert_eq!(
            Document::load(
                "\u{200b}\u{200c}\u{200d} \u{2060}\n\u{200e}\u{feff}".as_bytes(),
                &o
            )
            .map(|_| ())
            .map_err(|e| e.code()),
            Err("doc_empty")
        );
        let ctrl: Vec<u8> = (0..200u8)
            .map(|i| if i % 3 == 0 { 1 } else { b'a' })
            .collect();
        assert!(matches!(
            Document::load(&ctrl, &o),
            Err(DocError::Binary(_))
        ));
    }

    #[test]
    fn lossy_offsets() {
        let d = Document::load(b"Caf\xe9 owners met.", &LoadOptions::default()).expect("loads");
        assert_eq!(d.warnings.len(), 1);
        let e = d.text.find("owners").expect("present");
        assert_eq!(d.original_offset(e), 5);
        assert_eq!(d.original_offset(d.text.len()), 16);
    }

    #[test]
    fn date_in_dateline() {
        let load = |s: &str| Document::load(s.as_bytes(), &LoadOptions::default()).expect("loads");
        let d = load(
            "Dam talks resume\n\nCAIRO, Feb. 9, 2025 (AP) - Egypt and Sudan resumed talks on the dam on Sunday, officials said.\n",
        );
        assert_eq!(d.dateline.as_deref(), Some("CAIRO"));
        assert_eq!(d.published, NaiveDate::from_ymd_opt(2025, 2, 9));
        // A dateline without a year dates nothing; a header date wins over the dateline's.
        let d = load(
            "CAIRO, Feb. 9 (AP) - Egypt and Sudan resumed talks on the dam on Sunday, officials said.\n",
        );
        assert_eq!(d.published, None);
        let d = load(
            "March 3, 2025\n\nCAIRO, Feb. 9, 2025 (AP) - Egypt and Sudan resumed talks on the dam on Sunday, officials said.\n",
        );
        assert_eq!(d.published, NaiveDate::from_ymd_opt(2025, 3, 3));
    }
}
