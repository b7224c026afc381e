//! Tests of the built-in NER model and of training. Sentences are written for these tests.
#![allow(clippy::unwrap_used, clippy::print_stdout, missing_docs)]

use std::path::PathBuf;
use std::time::Instant;

use sitrep_ner::data::{self, LabeledSentence};
use sitrep_ner::eval::Score;
use sitrep_ner::{Ner, TrainOptions};
use sitrep_nlp::{Annotator, EntityLabel, Sentence, Token};

fn toks(s: &str) -> Vec<&str> {
    s.split(' ').collect()
}

/// (text, label) of every recognised span.
fn spans(ner: &Ner, s: &str) -> Vec<(String, &'static str)> {
    let t = toks(s);
    ner.recognize(&t)
        .into_iter()
        .map(|e| (t[e.start..e.end].join(" "), e.label.as_str()))
        .collect()
}

fn has(found: &[(String, &'static str)], text: &str, label: &str) -> bool {
    found.iter().any(|(t, l)| t == text && *l == label)
}

#[test]
fn builtin_loads_quickly() {
    let t = Instant::now();
    let ner = Ner::builtin().expect("the built-in model loads");
    let ms = t.elapsed().as_millis();
    println!(
        "built-in NER model: {} features, loaded in {ms} ms",
        ner.num_features()
    );
    assert!(ner.num_features() > 10_000);
    assert!(ms < 2_000, "loading took {ms} ms");
}

#[test]
fn news_sentences() {
    let ner = Ner::builtin().unwrap();
    let cases: [(&str, &[(&str, &str)]); 6] = [
        (
            "Defence Minister Lee Jong - sup met NATO officials in Brussels on Monday .",
            &[
                ("Lee Jong - sup", "PER"),
                ("NATO", "ORG"),
                ("Brussels", "LOC"),
            ],
        ),
        (
            "The United Nations said on Tuesday that fighting near Khartoum had displaced thousands .",
            &[("United Nations", "ORG"), ("Khartoum", "LOC")],
        ),
        (
            "Russian President Vladimir Putin spoke with Chinese leader Xi Jinping by telephone .",
            &[("Vladimir Putin", "PER"), ("Xi Jinping", "PER")],
        ),
        (
            "Officials in Seoul said North Korea fired two ballistic missiles into the sea .",
            &[("Seoul", "LOC"), ("North Korea", "LOC")],
        ),
        (
            "Prime Minister Keir Starmer will visit Kyiv next week , Downing Street said .",
            &[("Keir Starmer", "PER"), ("Kyiv", "LOC")],
        ),
        (
            "Shares of Boeing fell after the Federal Aviation Administration ordered new inspections .",
            &[
                ("Boeing", "ORG"),
                ("Federal Aviation Administration", "ORG"),
            ],
        ),
    ];
    let mut missing = Vec::new();
    for (s, want) in cases {
        let found = spans(&ner, s);
        for (text, label) in want {
            if !has(&found, text, label) {
                missing.push(format!("{text}/{label} in {s:?} (found {found:?})"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "missing entities:\n{}",
        missing.join("\n")
    );
}

#[test]
fn no_entities_in_plain_prose() {
    let ner = Ner::builtin().unwrap();
    let found = spans(
        &ner,
        "The committee will meet again after the holidays to discuss the budget .",
    );
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn annotator_fills_sentence_entities_deterministically() {
    let ner = Ner::builtin().unwrap();
    let text = "Troops from Ukraine and Poland trained together near Lviv .";
    let mut sent = Sentence::default();
    let mut pos = 0;
    for w in toks(text) {
        sent.tokens.push(Token {
            start: pos,
            end: pos + w.len(),
            form: w.to_owned(),
            space_after: true,
            ..Token::default()
        });
        pos += w.len() + 1;
    }
    let before = sent.tokens.clone();
    ner.annotate(&mut sent);
    assert_eq!(sent.tokens, before, "token boundaries must not change");
    let labels: Vec<_> = sent.entities.iter().map(|e| e.label).collect();
    assert_eq!(labels, vec![EntityLabel::Loc; 3], "{:?}", sent.entities);
    // Same result from a second instance and a second run.
    let other = Ner::builtin().unwrap();
    let mut again = sent.clone();
    again.entities.clear();
    other.annotate(&mut again);
    assert_eq!(again.entities, sent.entities);
    assert_eq!(ner.name(), "ner/perceptron-v1");
}

#[test]
fn empty_sentence() {
    let ner = Ner::builtin().unwrap();
    assert!(ner.recognize(&[]).is_empty());
}

/// A toy corpus written for this test: names after "met" are people, after "in" places.
const TOY: &str = "\
# a toy IOB2 file
1\tAlma\tB-PER
2\tTorvik\tI-PER
3\tmet\tO
4\tBrun\tB-PER
5\tin\tO
6\tOstria\tB-LOC
7\t.\tO

1\tThe\tO
2\tGuild\tB-ORG
3\tof\tI-ORG
4\tMakers\tI-ORG
5\topened\tO
6\tin\tO
7\tVellan\tB-LOC
8\t.\tO

1\tKesi\tB-PER
2\tmet\tO
3\tDorn\tB-PER
4\tin\tO
5\tPallas\tB-LOC
6\t.\tO
";

#[test]
fn toy_training_round_trip() {
    let train = data::parse_iob(TOY);
    assert_eq!(train.len(), 3);
    assert_eq!(train[1].spans.len(), 2);
    let opts = TrainOptions {
        epochs: 8,
        seed: 1,
        ensemble: 2,
        ..TrainOptions::default()
    };
    let a = sitrep_ner::train(&train, &[], &opts, |_, _| false);
    let b = sitrep_ner::train(&train, &[], &opts, |_, _| false);
    assert_eq!(
        a.to_bytes().unwrap(),
        b.to_bytes().unwrap(),
        "training is deterministic"
    );
    // It fits its own training data.
    let mut sc = Score::default();
    for s in &train {
        let f: Vec<&str> = s.forms.iter().map(String::as_str).collect();
        sc.add(&s.spans, &a.recognize(&f));
    }
    assert!(sc.total().f1() > 90.0, "{:?}", sc.total());
    // Save and load give the same predictions.
    let dir = std::env::temp_dir().join(format!("sitrep-ner-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("toy.bin");
    a.save(&p).unwrap();
    let c = Ner::from_path(&p).unwrap();
    assert_eq!(
        c.decoder(),
        a.decoder(),
        "the decoder is saved with the model"
    );
    let s = toks("Alma Torvik met Dorn in Vellan .");
    assert_eq!(a.recognize(&s), c.recognize(&s));
    // A greedy model round-trips too.
    let g = sitrep_ner::train(
        &train,
        &[],
        &TrainOptions {
            decoder: sitrep_ner::model::Decoder::Greedy,
            ..opts.clone()
        },
        |_, _| false,
    );
    let g2 = Ner::from_bytes(&g.to_bytes().unwrap()).unwrap();
    assert_eq!(g2.decoder(), sitrep_ner::model::Decoder::Greedy);
    assert_eq!(g.recognize(&s), g2.recognize(&s));
    std::fs::remove_dir_all(&dir).ok();
    assert!(Ner::from_bytes(b"not a model").is_err());
}

#[test]
fn augmented_training_is_deterministic_and_changes_the_model() {
    let train = data::parse_iob(TOY);
    let mut opts = TrainOptions {
        epochs: 3,
        seed: 1,
        ensemble: 2,
        ..TrainOptions::default()
    };
    let plain = sitrep_ner::train(&train, &[], &opts, |_, _| false);
    opts.augment.copies = 2;
    let a = sitrep_ner::train(&train, &[], &opts, |_, _| false);
    let b = sitrep_ner::train(&train, &[], &opts, |_, _| false);
    assert_eq!(a.to_bytes().unwrap(), b.to_bytes().unwrap());
    // The copies bring names of the lists, hence features the plain model never saw.
    assert!(a.num_features() > plain.num_features());
}

fn shared() -> Option<PathBuf> {
    let p = std::env::var_os("SITREP_SHARED").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
        PathBuf::from,
    );
    p.exists().then_some(p)
}

fn evaluate(ner: &Ner, gold: &[LabeledSentence]) -> Score {
    let mut sc = Score::default();
    for s in gold {
        let f: Vec<&str> = s.forms.iter().map(String::as_str).collect();
        sc.add(&s.spans, &ner.recognize(&f));
    }
    sc
}

#[test]
fn uner_pud_score() {
    let Some(sh) = shared() else {
        println!("skipped: SITREP_SHARED not found");
        return;
    };
    let p = sh.join("data/UNER_English-PUD/en_pud-ud-test.iob2");
    if !p.exists() {
        println!("skipped: {} not found", p.display());
        return;
    }
    let gold = data::read_iob(&p).unwrap();
    assert_eq!(gold.len(), 1000);
    let ner = Ner::builtin().unwrap();
    let t = evaluate(&ner, &gold).total();
    println!(
        "UNER-PUD: P={:.2} R={:.2} F1={:.2}",
        t.precision(),
        t.recall(),
        t.f1()
    );
    // spaCy en_core_web_sm scores about 58.6 by the same procedure (bench/spacy_ner.sh).
    assert!(t.f1() >= PUD_FLOOR, "F1 {:.2} below {PUD_FLOOR}", t.f1());
}

/// Regression floor for UNER-PUD F1 (the committed model's score, rounded down).
const PUD_FLOOR: f64 = 70.0;
