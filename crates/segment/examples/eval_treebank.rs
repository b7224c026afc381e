//! Development helper: `cargo run --release -p sitrep-segment --example eval_treebank FILE [N]`
//! prints CoNLL 2018 scores and up to N errors (the product command is `sitrep eval segment`).
#![allow(clippy::print_stdout, clippy::unwrap_used, missing_docs)]

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("treebank path");
    let n: usize = args.next().map_or(0, |s| s.parse().unwrap());
    let sents = sitrep_nlp::conllu::read(std::path::Path::new(&path)).unwrap();
    let g = sitrep_segment::eval::gold(&sents);
    let r = sitrep_segment::eval::evaluate(&sitrep_segment::Segmenter::new(), &g);
    for (kind, is_gold, span) in r.errors.iter().filter(|e| e.0 == "token").take(n) {
        let cs = g.text.floor_char_boundary(span.start.saturating_sub(25));
        let ce = g.text.ceil_char_boundary((span.end + 25).min(g.text.len()));
        println!(
            "{kind} {} [{}]  {:?}",
            if *is_gold { "MISS" } else { "SPUR" },
            &g.text[span.clone()],
            &g.text[cs..ce]
        );
    }
    for (_, is_gold, span) in r.errors.iter().filter(|e| e.0 == "sentence").take(n) {
        if *is_gold {
            continue;
        }
        let t = &g.text[span.clone()];
        let e = g.text.ceil_char_boundary((span.end + 40).min(g.text.len()));
        let s = g.text.floor_char_boundary(span.start.saturating_sub(40));
        println!(
            "SENT SPUR «{}»⟦{}⟧«{}»",
            &g.text[s..span.start].replace('\n', "⏎"),
            t.chars().take(50).collect::<String>().replace('\n', "⏎"),
            &g.text[span.end..e].replace('\n', "⏎")
        );
    }
    println!(
        "tokens {:.2} words {:.2} sentences {:.2} (P {:.2} R {:.2})",
        r.tokens.f1(),
        r.words.f1(),
        r.sentences.f1(),
        r.sentences.precision(),
        r.sentences.recall()
    );
}
