//! Arbitrary bytes never panic the loader; offsets map back monotonically into the input;
//! regions lie inside the text on char boundaries.

use proptest::prelude::*;
use sitrep_doc::{Document, LoadOptions};

fn pageish() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        Just(b"SEOUL: ".to_vec()),
        Just(b"KYIV (Reuters) - ".to_vec()),
        Just("WASHINGTON \u{2014} ".as_bytes().to_vec()),
        Just(b"Thu Nov 02 2023\n".to_vec()),
        Just(b"02/11/2023\n".to_vec()),
        Just(b"icon-linkedin icon-print\n".to_vec()),
        Just(b"By Jane Doe\n".to_vec()),
        Just(b"(Photo: Reuters)".to_vec()),
        Just(b"\n\n".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"The army said it fired. ".to_vec()),
        Just(b"\xff".to_vec()),
        Just(b"\xe2\x80".to_vec()),
        Just("Korea\u{2019}s ".as_bytes().to_vec()),
        prop::collection::vec(any::<u8>(), 0..8),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

fn check(bytes: &[u8]) -> Result<(), TestCaseError> {
    let Ok(d) = Document::load(bytes, &LoadOptions::default()) else {
        return Ok(());
    };
    let mut last = 0;
    for p in 0..=d.text.len() {
        let o = d.original_offset(p);
        prop_assert!(o >= last, "original_offset not monotone at {}", p);
        prop_assert!(o <= bytes.len());
        last = o;
    }
    prop_assert_eq!(d.original_offset(d.text.len()), bytes.len());
    // Valid stretches map to identical bytes.
    if std::str::from_utf8(bytes).is_ok() {
        prop_assert_eq!(d.text.as_bytes(), bytes);
    }
    let mut prev = 0;
    for r in &d.body {
        prop_assert!(r.start < r.end && r.end <= d.text.len());
        prop_assert!(r.start >= prev);
        prop_assert!(d.text.is_char_boundary(r.start) && d.text.is_char_boundary(r.end));
        let o = d.original_offset(r.start);
        if !d.text[r.start..].starts_with('\u{FFFD}') {
            // A body region starts on a character that was in the input at that offset.
            let c = d.text[r.start..]
                .chars()
                .next()
                .map(|c| c.len_utf8())
                .unwrap_or(0);
            prop_assert_eq!(&bytes[o..o + c], &d.text.as_bytes()[r.start..r.start + c]);
        }
        prev = r.end;
    }
    if let Some(t) = &d.title_span {
        prop_assert!(t.end <= d.text.len());
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        check(&bytes)?;
    }

    #[test]
    fn page_like_bytes(bytes in pageish()) {
        check(&bytes)?;
    }
}
