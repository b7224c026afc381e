//! Fuzz target: JSONL corpora. Every line gives an item or a per-line error (never a panic),
//! keys number the lines in order, a line over the byte cap is `doc_too_large`, and each item
//! is prepared (HTML lines through the extractor) without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sitrep_ingest::{ReadOptions, prepare, read_jsonl};

fuzz_target!(|data: &[u8]| {
    // A small cap, so that the over-long-line path is reached too.
    let opts = ReadOptions {
        max_bytes: 4096,
        ..ReadOptions::default()
    };
    let mut last_line = 0usize;
    let mut items = Vec::new();
    let mut emit = |r: Result<sitrep_ingest::Item, sitrep_ingest::InputError>| {
        let key = match &r {
            Ok(it) => it.key.clone(),
            Err(e) => {
                assert!(!e.code.is_empty());
                e.key.clone()
            }
        };
        let line: usize = key
            .strip_prefix("fuzz:")
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("key {key:?}"));
        assert!(line > last_line, "{line} after {last_line}");
        last_line = line;
        if let Ok(it) = r {
            items.push(it);
        }
        true
    };
    read_jsonl("fuzz", data, &opts, &mut emit);
    for it in items {
        if let Some(d) = &it.meta.published {
            assert!(chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok(), "{d:?}");
        }
        let _ = prepare(it, opts.max_bytes);
    }
});
