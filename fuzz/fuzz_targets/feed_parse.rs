//! Fuzz target: RSS/Atom feeds. Parsing, turning each entry into an item (no fetching) and
//! preparing it (the entry's HTML through the extractor) must never panic; every item keeps
//! the feed's key and a date, when there is one, is `YYYY-MM-DD`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sitrep_ingest::{ReadOptions, feed, prepare};

fuzz_target!(|data: &[u8]| {
    let Ok(entries) = feed::parse("fuzz", data) else {
        return;
    };
    let opts = ReadOptions::default();
    for e in &entries {
        if let Some(d) = &e.meta.published {
            assert!(chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok(), "{d:?}");
        }
        if let Ok(it) = feed::entry_item("fuzz", e, &opts) {
            assert!(it.key.starts_with("fuzz#"));
            let _ = prepare(it, opts.max_bytes);
        }
    }
});
