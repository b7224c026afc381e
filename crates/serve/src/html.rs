//! HTML helpers: escaping (every piece of stored text goes through [`esc`]) and the page frame.

use std::fmt::Write;

/// Escapes text for HTML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

/// The navigation entries: (path, label).
const NAV: &[(&str, &str)] = &[
    ("/", "Search"),
    ("/ledger", "Ledger"),
    ("/network", "Network"),
    ("/timeline", "Timeline"),
    ("/map", "Map"),
    ("/stats", "Reviews & rules"),
];

/// A whole page around `body`. `title` is escaped here; `body` must already be safe HTML.
pub fn page(title: &str, active: &str, logged_in: bool, body: &str) -> String {
    let mut nav = String::new();
    for (href, label) in NAV {
        let cls = if *href == active {
            " class=\"active\""
        } else {
            ""
        };
        let _ = write!(nav, "<a href=\"{href}\"{cls}>{label}</a>");
    }
    let login = if logged_in {
        "<span class=\"who\">reviewing</span>"
    } else {
        "<a href=\"/login\">Log in to review</a>"
    };
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>{} · sitrep</title><link rel=\"stylesheet\" href=\"/static/app.css\">\
<script src=\"/static/app.js\" defer></script></head><body>\
<header><span class=\"brand\">sitrep</span><nav>{nav}</nav><span class=\"login\">{login}</span></header>\
<main>{body}</main></body></html>",
        esc(title)
    )
}

/// An HTML response.
pub fn respond(html: String) -> axum::response::Html<String> {
    axum::response::Html(html)
}
