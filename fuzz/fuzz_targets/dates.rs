//! Fuzz target: the date parsers. A document's date line (the loader), a page's or feed's
//! date string (`normalise_date`), and the coder's time expressions in sentences resolved
//! against a publication date: none may panic, and every range found is ordered.
#![no_main]

use std::sync::OnceLock;

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use sitrep_doc::{Document, LoadOptions};
use sitrep_segment::Segmenter;

fn segmenter() -> &'static Segmenter {
    static S: OnceLock<Segmenter> = OnceLock::new();
    S.get_or_init(Segmenter::new)
}

fuzz_target!(|data: &[u8]| {
    // Two bytes pick a publication day over three centuries (or none).
    let (published, rest) = match data {
        [a, b, rest @ ..] => {
            let n = u16::from_le_bytes([*a, *b]);
            let d = NaiveDate::from_ymd_opt(1900, 1, 1)
                .and_then(|d| d.checked_add_days(chrono::Days::new(u64::from(n) * 2)));
            (d.filter(|_| n != 0), rest)
        }
        _ => (None, data),
    };
    let text = String::from_utf8_lossy(rest);
    if let Some(d) = sitrep_ingest::html::normalise_date(&text) {
        assert!(NaiveDate::parse_from_str(&d, "%Y-%m-%d").is_ok(), "{d:?}");
    }
    // As the date line under a headline, where the loader looks for it.
    let page = format!("Headline\n{text}\n\nBody text follows here.");
    let _ = Document::load(page.as_bytes(), &LoadOptions::default());
    let whole = 0..text.len();
    for s in segmenter().segment(&text, std::slice::from_ref(&whole)) {
        for m in sitrep_coder::time::find_dates(&text, &s, published) {
            assert!(m.range.start <= m.range.end, "{m:?}");
            assert!(m.first_token <= m.last_token && m.last_token < s.tokens.len(), "{m:?}");
            assert!(m.start < m.end && m.end <= text.len(), "{m:?}");
        }
    }
});
