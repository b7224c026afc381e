//! Development driver (no CLI dependency): trains on the shared corpora, prints dev F1 per
//! epoch (UNER-EWT dev only: test sets are never looked at while choosing), scores the given files and writes predictions to the temp directory. Env:
//! `NER_LEX` word list, `NER_ENS` ensemble size, `NER_DROP`/`NER_DUP` sources to drop or
//! duplicate (e.g. `gum:conversation`), `NER_DUMP` to write the converted training data. `cargo run -p sitrep-ner --release --example ner_dev -- OUT [EPOCHS] [EVAL...]`.
#![allow(clippy::print_stdout, clippy::print_stderr, missing_docs)]

use std::path::{Path, PathBuf};

use sitrep_ner::data::{self, LabeledSentence};
use sitrep_ner::eval::Score;
use sitrep_ner::{Ner, TrainOptions};

fn score(ner: &Ner, gold: &[LabeledSentence]) -> Score {
    let mut sc = Score::default();
    for s in gold {
        let forms: Vec<&str> = s.forms.iter().map(String::as_str).collect();
        sc.add(&s.spans, &ner.recognize(&forms));
    }
    sc
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let out = PathBuf::from(args.first().ok_or("usage: OUT [EPOCHS] [EVAL...]")?);
    let epochs: usize = args.get(1).map_or(Ok(12), |s| s.parse())?;
    let sh =
        std::env::var_os("SITREP_SHARED").map_or_else(|| PathBuf::from("../shared"), PathBuf::from);
    let sh = sh.join("data");
    let gaz = sitrep_ner::gazetteer::Gazetteer::builtin();
    let corpus = data::assemble(
        &sh,
        &data::Sources {
            lexicon: std::env::var_os("NER_LEX").map(PathBuf::from),
            ..data::Sources::default()
        },
        &gaz,
    )?;
    for l in &corpus.summary {
        eprintln!("{l}");
    }
    if std::env::var_os("NER_DUMP").is_some() {
        std::fs::write(
            std::env::temp_dir().join("ner-train.iob"),
            data::to_iob(&corpus.labeled),
        )?;
    }
    let mut labeled = corpus.labeled.clone();
    if let Ok(drop) = std::env::var("NER_DROP") {
        labeled.retain(|s| !drop.split(',').any(|d| s.source == d));
    }
    if let Ok(dup) = std::env::var("NER_DUP") {
        let extra: Vec<LabeledSentence> = labeled
            .iter()
            .filter(|s| dup.split(',').any(|d| s.source == d))
            .cloned()
            .collect();
        labeled.extend(extra);
    }
    eprintln!("using {} sentences", labeled.len());
    let dev = data::read_iob(&sh.join("UNER_English-EWT/en_ewt-ud-dev.iob2"))?;
    let mut best = f64::NEG_INFINITY;
    let ner = sitrep_ner::train(
        &labeled,
        &corpus.unlabeled,
        &TrainOptions {
            epochs,
            seed: std::env::var("NER_SEED")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(7),
            ensemble: std::env::var("NER_ENS")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(4),
            ..TrainOptions::default()
        },
        |r, m| {
            let sc = score(m, &dev);
            let f = sc.total().f1();
            let per: Vec<String> = sc
                .per_type
                .iter()
                .map(|c| format!("{:.1}", c.f1()))
                .collect();
            eprintln!(
                "epoch {:2}: {} errors; dev F1 {f:.2} (PER/ORG/LOC {})",
                r.epoch,
                r.errors,
                per.join("/")
            );
            if f > best {
                best = f;
                true
            } else {
                false
            }
        },
    );
    ner.save(&out)?;
    for e in args.iter().skip(2) {
        let g = data::read_iob(Path::new(e))?;
        let sc = score(&ner, &g);
        let t = sc.total();
        let per: Vec<String> = sc
            .per_type
            .iter()
            .map(|c| format!("{:.2}", c.f1()))
            .collect();
        let pred: Vec<LabeledSentence> = g
            .iter()
            .map(|s| {
                let forms: Vec<&str> = s.forms.iter().map(String::as_str).collect();
                LabeledSentence {
                    forms: s.forms.clone(),
                    spans: ner.recognize(&forms),
                    source: String::new(),
                    doc: String::new(),
                }
            })
            .collect();
        let name = Path::new(e)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        std::fs::write(
            std::env::temp_dir().join(format!("ner-pred-{name}")),
            data::to_iob(&pred),
        )?;
        println!(
            "{e}: P={:.2} R={:.2} F1={:.2} (PER/ORG/LOC {})",
            t.precision(),
            t.recall(),
            t.f1(),
            per.join("/")
        );
    }
    Ok(())
}
