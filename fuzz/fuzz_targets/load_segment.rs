//! Arbitrary bytes through the loader and the segmenter: nothing may panic, and every span
//! must lie inside the text on char boundaries.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use sitrep_doc::{Document, LoadOptions};
use sitrep_segment::Segmenter;

fn segmenter() -> &'static Segmenter {
    static S: OnceLock<Segmenter> = OnceLock::new();
    S.get_or_init(Segmenter::new)
}

fuzz_target!(|data: &[u8]| {
    let Ok(doc) = Document::load(data, &LoadOptions::default()) else {
        return;
    };
    let text = doc.text.as_str();
    for r in &doc.body {
        assert!(r.start <= r.end && r.end <= text.len());
        assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
    }
    let mut last = 0;
    for p in 0..=text.len() {
        let o = doc.original_offset(p);
        assert!(o >= last && o <= data.len());
        last = o;
    }
    let sents = segmenter().segment(text, &doc.body);
    for s in &sents {
        assert!(!s.tokens.is_empty());
        for t in &s.tokens {
            assert!(t.start < t.end && t.end <= text.len());
            assert_eq!(&text[t.start..t.end], t.form);
        }
    }
    // The whole text as one region, too (the loader's regions skip a lot).
    let all = segmenter().segment(text, std::slice::from_ref(&(0..text.len())));
    let mut prev = 0;
    for s in &all {
        for t in &s.tokens {
            assert!(t.start >= prev);
            prev = t.end;
        }
    }
});
