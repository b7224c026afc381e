//! Load-time measurement: `cargo run --release -p sitrep-pipeline --example load_time -- [N]`
//! loads each part N times (default 10) and prints the median wall time of each, then the whole
//! `Pipeline::load` as a ratio to the sum of its parts measured in the same run (the baseline).
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::time::Instant;

use sitrep_pipeline::{Options, Pipeline};

fn median_ms<T>(n: usize, mut f: impl FnMut() -> T) -> f64 {
    let mut v: Vec<f64> = (0..n)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(f());
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10)
        .max(1);
    let kb = median_ms(n, || sitrep_kb::Kb::builtin().is_ok());
    let tagger = median_ms(n, || sitrep_tagger::Tagger::builtin().is_ok());
    let parser = median_ms(n, || sitrep_parser::Parser::builtin().is_ok());
    let ner = median_ms(n, || sitrep_ner::Ner::builtin().is_ok());
    let pipe = median_ms(n, || Pipeline::load(&Options::default()).is_ok());
    println!(
        "median of {n} loads (ms): kb {kb:.1}, tagger {tagger:.1}, parser {parser:.1}, ner {ner:.1}, sum {:.1}",
        kb + tagger + parser + ner
    );
    println!(
        "Pipeline::load {pipe:.1} ms ({:.2} x the sum of the parts)",
        pipe / (kb + tagger + parser + ner)
    );
}
