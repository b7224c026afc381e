//! Fuzz target: the quantity parser. Before every token of every sentence of arbitrary text,
//! with tags chosen by the input (the parser reads them to skip modifiers), a quantity found
//! must have ordered bounds and no panic may occur; the money phrase reader sees the same text.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use sitrep_nlp::Upos;
use sitrep_segment::Segmenter;

fn segmenter() -> &'static Segmenter {
    static S: OnceLock<Segmenter> = OnceLock::new();
    S.get_or_init(Segmenter::new)
}

fuzz_target!(|data: &[u8]| {
    // The first bytes up to a NUL tag the tokens in turn; the rest is the text.
    let (tags, text) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (&[][..], data),
    };
    let text = String::from_utf8_lossy(text);
    let whole = 0..text.len();
    for mut s in segmenter().segment(&text, std::slice::from_ref(&whole)) {
        for (k, t) in s.tokens.iter_mut().enumerate() {
            if let Some(b) = tags.get(k % tags.len().max(1)) {
                t.upos = Upos::ALL[usize::from(*b) % Upos::ALL.len()];
            }
        }
        for i in 0..=s.tokens.len() {
            if let Some(q) = sitrep_coder::quantity::quantity_before(&s, &text, i) {
                if let (Some(lo), Some(hi)) = (q.min, q.max) {
                    assert!(lo <= hi, "{q:?}");
                }
            }
        }
        let view = sitrep_coder::view::View::new(0, &s, &text);
        for m in sitrep_coder::money::find(&view, &text) {
            assert!(m.w0 <= m.w1, "{m:?}");
        }
    }
});
