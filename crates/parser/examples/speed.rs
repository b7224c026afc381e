//! Quick tagger+parser throughput check on a tab-separated sentence file (one sentence per
//! line, as written by `sitrep bench nlp --dump`), with a checksum of the outputs so that
//! speed changes can be checked for identical results. `sitrep bench nlp` is the official
//! benchmark; this avoids linking the whole binary while iterating.
#![allow(clippy::print_stdout, clippy::unwrap_used, missing_docs)]

use std::hash::{DefaultHasher, Hash, Hasher};
use std::time::Instant;

use sitrep_nlp::{Annotator, Sentence, Token};

fn main() {
    let path = std::env::args().nth(1).expect("sentence file");
    let rounds: usize = std::env::args().nth(2).map_or(3, |r| r.parse().unwrap());
    let text = std::fs::read_to_string(path).unwrap();
    let base: Vec<Sentence> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| Sentence {
            tokens: l
                .split('\t')
                .map(|w| Token {
                    form: w.to_owned(),
                    ..Token::default()
                })
                .collect(),
            ..Sentence::default()
        })
        .collect();
    let ntok: usize = base.iter().map(|s| s.tokens.len()).sum();
    let t0 = Instant::now();
    let tagger = sitrep_tagger::Tagger::builtin().unwrap();
    let parser = sitrep_parser::Parser::builtin().unwrap();
    println!("load {:.1} ms", t0.elapsed().as_secs_f64() * 1e3);
    println!(
        "tagger rows/nonzero {:?}, parser rows {:?} nonzero {:?}",
        tagger.num_features(),
        parser.num_features(),
        parser.num_weights()
    );
    let (mut bt, mut bp, mut bb) = (f64::MAX, f64::MAX, f64::MAX);
    let mut sum = 0u64;
    for _ in 0..rounds {
        let mut b = base.clone();
        let st = Instant::now();
        for s in &mut b {
            tagger.annotate(s);
        }
        bt = bt.min(st.elapsed().as_secs_f64());
        let st = Instant::now();
        for s in &mut b {
            parser.annotate(s);
        }
        bp = bp.min(st.elapsed().as_secs_f64());
        let mut b = base.clone();
        let st = Instant::now();
        for s in &mut b {
            tagger.annotate(s);
            parser.annotate(s);
        }
        bb = bb.min(st.elapsed().as_secs_f64());
        let mut h = DefaultHasher::new();
        for s in &b {
            for t in &s.tokens {
                (t.upos.as_str(), &t.xpos, &t.lemma, t.head, &t.deprel).hash(&mut h);
            }
        }
        sum = h.finish();
    }
    println!(
        "tagger {:.0} tok/s, parser {:.0} tok/s, both {:.0} tok/s, checksum {sum:016x}",
        ntok as f64 / bt,
        ntok as f64 / bp,
        ntok as f64 / bb
    );
}
