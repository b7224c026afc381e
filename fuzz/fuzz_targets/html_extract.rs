//! Fuzz target: HTML main-content extraction and feed parsing must never panic. The input is
//! read twice: as raw bytes, and as a program for a page generator ([`page`]) whose
//! instructions open and close tags, repeat nestings thousands deep, and write long runs of
//! text and character entities, so that deep and large pages are reached from short inputs.
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;

/// Generated pages stop growing past this size (the ingest cap is 10 MiB; a smaller bound
/// keeps the fuzzer fast while still far above what the extractor's buffers start with).
const MAX_PAGE: usize = 1 << 20;

const TAGS: [&str; 16] = [
    "div", "p", "span", "article", "section", "table", "tr", "td", "ul", "li", "a", "b",
    "script", "style", "template", "svg",
];
const ENTITIES: [&str; 12] = [
    "&amp;", "&lt;", "&#65;", "&#x41;", "&nbsp;", "&notin;", "&NotNestedGreaterGreater;",
    "&amp", "&#99999999;", "&#xD800;", "&#0;", "&unknownentity;",
];
const WORDS: [&str; 8] = [
    "Shells ", "were ", "delivered ", "to ", "the ", "army. ", "\u{00e9}t\u{00e9} ", "\n\n",
];
const ATTRS: [&str; 6] = [
    " class=\"article-body\"",
    " id=\"content\"",
    " rel=\"canonical\" href=\"https://example.org/a\"",
    " property=\"og:title\" content=\"A &amp; B\"",
    " style=\"display:none\"",
    " data-x='&#x3c;'",
];

#[derive(Arbitrary, Debug)]
enum Op {
    Open(u8, Option<u8>),
    Close,
    /// `n` nested opening tags of one kind (closed again when `close`).
    Nest(u8, u16, bool),
    Text(u8, u16),
    Entity(u8, u16),
    Comment(u16),
    Raw(String),
}

/// Renders the generator program in `data` as a page.
fn page(data: &[u8]) -> String {
    let mut u = Unstructured::new(data);
    let mut out = String::from("<html><head><title>T</title></head><body>");
    let mut open: Vec<&str> = Vec::new();
    // Integers read past the end of the data are zeros, so stop there rather than let the
    // zeros run on as `<div>` after `<div>` up to the cap.
    while out.len() < MAX_PAGE && !u.is_empty() {
        let Ok(op) = Op::arbitrary(&mut u) else { break };
        let pick = |xs: &[&'static str], i: u8| xs[usize::from(i) % xs.len()];
        match op {
            Op::Open(t, a) => {
                let t = pick(&TAGS, t);
                out.push('<');
                out.push_str(t);
                if let Some(a) = a {
                    out.push_str(pick(&ATTRS, a));
                }
                out.push('>');
                open.push(t);
            }
            Op::Close => {
                if let Some(t) = open.pop() {
                    out.push_str(&format!("</{t}>"));
                }
            }
            Op::Nest(t, n, close) => {
                let t = pick(&TAGS, t);
                let n = usize::from(n).min((MAX_PAGE - out.len()) / (2 * t.len() + 5));
                out.push_str(&format!("<{t}>").repeat(n));
                out.push_str("Deep text.");
                if close {
                    out.push_str(&format!("</{t}>").repeat(n));
                }
            }
            Op::Text(w, n) => repeat(&mut out, pick(&WORDS, w), n),
            Op::Entity(e, n) => repeat(&mut out, pick(&ENTITIES, e), n),
            Op::Comment(n) => {
                out.push_str("<!-- ");
                repeat(&mut out, "<div> ", n);
                out.push_str(" -->");
            }
            Op::Raw(s) => out.push_str(&s),
        }
    }
    out
}

fn repeat(out: &mut String, s: &str, n: u16) {
    let n = usize::from(n).min((MAX_PAGE.saturating_sub(out.len())) / s.len().max(1));
    out.push_str(&s.repeat(n));
}

fuzz_target!(|data: &[u8]| {
    let _ = sitrep_ingest::html::extract(data);
    let _ = sitrep_ingest::feed::parse("fuzz", data);
    let generated = page(data);
    match sitrep_ingest::html::extract(generated.as_bytes()) {
        Ok(x) => assert!(!x.text.trim().is_empty()),
        Err(e) => assert!(matches!(e.code(), "html_no_content" | "doc_too_complex")),
    }
});
