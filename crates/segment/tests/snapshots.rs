//! One snapshot per phenomenon: every file in `tests/fixtures/` is segmented and rendered one
//! sentence per line, tokens separated by ` | `, a clitic joined to its word marked with `+`.

use sitrep_segment::Segmenter;

fn render(text: &str) -> String {
    let seg = Segmenter::new();
    let mut out = String::new();
    for s in seg.segment_spans(text, std::slice::from_ref(&(0..text.len()))) {
        let toks: Vec<String> = s
            .tokens
            .iter()
            .map(|t| {
                let f = &text[t.start..t.end];
                if t.joined {
                    format!("+{f}")
                } else {
                    f.to_owned()
                }
            })
            .collect();
        out.push_str(&toks.join(" | "));
        out.push('\n');
    }
    out
}

#[test]
fn fixtures() {
    insta::glob!("fixtures/*.txt", |path| {
        let text = std::fs::read_to_string(path).expect("fixture readable");
        insta::assert_snapshot!(render(&text));
    });
}
