//! Properties that hold for any input: spans inside the text on char boundaries, forms equal
//! to the text they span, tokens in order and covering every non-whitespace character.

use proptest::prelude::*;
use sitrep_segment::Segmenter;

/// Text made of news-like pieces (words, punctuation, quotes, numbers, odd characters).
fn newsish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("the".to_owned()),
        Just("U.S.".to_owned()),
        Just("Gen.".to_owned()),
        Just("Korea’s".to_owned()),
        Just("can't".to_owned()),
        Just("152-mm".to_owned()),
        Just("$820".to_owned()),
        Just("1,000.5".to_owned()),
        Just("“".to_owned()),
        Just("”".to_owned()),
        Just("\"".to_owned()),
        Just("'".to_owned()),
        Just(".".to_owned()),
        Just("...".to_owned()),
        Just("?!".to_owned()),
        Just("—".to_owned()),
        Just("-".to_owned()),
        Just("(".to_owned()),
        Just(")".to_owned()),
        Just("\n".to_owned()),
        Just("\n\n".to_owned()),
        Just(" ".to_owned()),
        Just("\u{a0}".to_owned()),
        Just("a@b.com".to_owned()),
        Just("http://x.org/a".to_owned()),
        "[A-Za-z]{1,8}",
        "[0-9]{1,4}",
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..60).prop_map(|v| {
        let mut s = String::new();
        for (i, p) in v.iter().enumerate() {
            if i % 3 == 0 {
                s.push(' ');
            }
            s.push_str(p);
        }
        s
    })
}

fn check(text: &str, regions: &[std::ops::Range<usize>]) -> Result<(), TestCaseError> {
    let seg = Segmenter::new();
    let sents = seg.segment(text, regions);
    let mut prev_end = 0;
    let mut covered = String::new();
    for s in &sents {
        prop_assert!(!s.tokens.is_empty());
        prop_assert!(s.start <= s.end && s.end <= text.len());
        prop_assert_eq!(s.start, s.tokens[0].start);
        for t in &s.tokens {
            prop_assert!(t.start < t.end && t.end <= text.len());
            prop_assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
            prop_assert!(t.start >= prev_end, "tokens overlap or go backwards");
            prop_assert_eq!(&text[t.start..t.end], t.form.as_str());
            prop_assert!(!t.form.chars().any(char::is_whitespace));
            prev_end = t.end;
            covered.push_str(&t.form);
        }
    }
    // Concatenated tokens = the regions' text minus whitespace.
    let mut expect = String::new();
    for r in regions {
        expect.extend(text[r.clone()].chars().filter(|c| !c.is_whitespace()));
    }
    prop_assert_eq!(covered, expect);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn newsish_text(text in newsish()) {
        check(&text, std::slice::from_ref(&(0..text.len())))?;
    }

    #[test]
    fn arbitrary_text(text in any::<String>()) {
        check(&text, std::slice::from_ref(&(0..text.len())))?;
    }

    #[test]
    fn arbitrary_regions(text in newsish(), cuts in prop::collection::vec(any::<prop::sample::Index>(), 0..6)) {
        // Sorted char-boundary cut points make disjoint regions.
        let mut pts: Vec<usize> = cuts.iter().map(|i| i.index(text.len() + 1)).collect();
        pts.push(0);
        pts.push(text.len());
        pts.sort_unstable();
        let pts: Vec<usize> = pts.into_iter().map(|p| text.floor_char_boundary(p)).collect();
        let regions: Vec<_> = pts.windows(2).map(|w| w[0]..w[1]).collect();
        check(&text, &regions)?;
    }
}

#[test]
fn out_of_range_regions_are_clamped() {
    let text = "Kyiv’s mayor spoke.";
    let seg = Segmenter::new();
    // Starts inside the multi-byte apostrophe and ends past the text.
    let s = seg.segment(text, std::slice::from_ref(&(5..100)));
    assert!(
        s.iter()
            .flat_map(|s| &s.tokens)
            .all(|t| t.end <= text.len())
    );
}
