//! Tests of the committed tagger and parser models (never retrained here) and a small
//! train/save/load round trip on a toy treebank written for this test.
#![allow(clippy::unwrap_used, clippy::print_stdout)]

use std::path::PathBuf;

use sitrep_nlp::conllu;
use sitrep_nlp::{Annotator, Sentence, Token, Upos};
use sitrep_parser::{Parser, TrainOptions, TrainSentence, annotate_batch, universal};
use sitrep_tagger::Tagger;

fn sentence(text: &str) -> Sentence {
    Sentence {
        tokens: text
            .split(' ')
            .map(|w| Token {
                form: w.to_owned(),
                space_after: true,
                ..Token::default()
            })
            .collect(),
        ..Sentence::default()
    }
}

fn models() -> (Tagger, Parser) {
    (Tagger::builtin().unwrap(), Parser::builtin().unwrap())
}

fn annotate(t: &Tagger, p: &Parser, text: &str) -> Sentence {
    let mut s = sentence(text);
    t.annotate(&mut s);
    p.annotate(&mut s);
    s
}

fn idx(s: &Sentence, form: &str) -> usize {
    s.tokens.iter().position(|t| t.form == form).unwrap() + 1
}

#[test]
fn parses_a_simple_news_sentence() {
    let (t, p) = models();
    let s = annotate(
        &t,
        &p,
        "North Korea sent artillery shells to Russia last year .",
    );
    let sent = idx(&s, "sent");
    let korea = &s.tokens[idx(&s, "Korea") - 1];
    assert_eq!(korea.head, sent, "{s:#?}");
    assert_eq!(korea.deprel, "nsubj");
    assert_eq!(korea.upos, Upos::Propn);
    let verb = &s.tokens[sent - 1];
    assert_eq!(verb.upos, Upos::Verb);
    assert_eq!(verb.xpos, "VBD");
    assert_eq!(verb.lemma, "send");
    assert_eq!(verb.head, 0);
    assert_eq!(verb.deprel, "root");
    let shells = &s.tokens[idx(&s, "shells") - 1];
    assert_eq!(shells.head, sent);
    assert_eq!(shells.deprel, "obj");
    assert_eq!(shells.lemma, "shell");
    let russia = &s.tokens[idx(&s, "Russia") - 1];
    assert_eq!(russia.head, sent);
    assert_eq!(universal(&russia.deprel), "obl");
    assert_eq!(s.tokens[idx(&s, "to") - 1].head, idx(&s, "Russia"));
}

#[test]
fn tags_and_lemmatises_own_prose() {
    let (t, p) = models();
    let s = annotate(
        &t,
        &p,
        "The ministers were meeting in the capital when the talks collapsed .",
    );
    let get = |f: &str| &s.tokens[idx(&s, f) - 1];
    assert_eq!(get("The").upos, Upos::Det);
    assert_eq!(get("ministers").lemma, "minister");
    assert_eq!(get("were").upos, Upos::Aux);
    assert_eq!(get("were").lemma, "be");
    assert_eq!(get("meeting").xpos, "VBG");
    assert_eq!(get("meeting").lemma, "meet");
    assert_eq!(get("collapsed").lemma, "collapse");
    assert_eq!(get(".").upos, Upos::Punct);
    assert_eq!(get("ministers").head, idx(&s, "meeting"));
    assert_eq!(get("ministers").deprel, "nsubj");
    // Exactly one root, and every head is in range.
    assert_eq!(s.tokens.iter().filter(|t| t.head == 0).count(), 1);
    assert!(s.tokens.iter().all(|t| t.head <= s.tokens.len()));
}

#[test]
fn deterministic_and_batch_matches_sequential() {
    let (t, p) = models();
    let texts = [
        "Troops were deployed along the border on Monday .",
        "The agency said it could not confirm the figures .",
        "A convoy carrying fuel was hit by a drone near the port .",
    ];
    let seq: Vec<Sentence> = texts.iter().map(|x| annotate(&t, &p, x)).collect();
    let again: Vec<Sentence> = texts.iter().map(|x| annotate(&t, &p, x)).collect();
    assert_eq!(seq, again);
    let mut batch: Vec<Sentence> = texts.iter().map(|x| sentence(x)).collect();
    annotate_batch(&[&t, &p], &mut batch);
    assert_eq!(seq, batch);
}

#[test]
fn empty_sentence_is_harmless() {
    let (t, p) = models();
    let mut s = Sentence::default();
    t.annotate(&mut s);
    p.annotate(&mut s);
    assert!(s.tokens.is_empty());
}

const TOY: &str = "\
1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_
2\tguards\tguard\tNOUN\tNNS\t_\t3\tnsubj\t_\t_
3\topened\topen\tVERB\tVBD\t_\t0\troot\t_\t_
4\tthe\tthe\tDET\tDT\t_\t5\tdet\t_\t_
5\tgate\tgate\tNOUN\tNN\t_\t3\tobj\t_\t_
6\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_

1\tA\ta\tDET\tDT\t_\t2\tdet\t_\t_
2\tfarmer\tfarmer\tNOUN\tNN\t_\t3\tnsubj\t_\t_
3\tsold\tsell\tVERB\tVBD\t_\t0\troot\t_\t_
4\tthe\tthe\tDET\tDT\t_\t5\tdet\t_\t_
5\tgoats\tgoat\tNOUN\tNNS\t_\t3\tobj\t_\t_
6\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_

1\tPilots\tpilot\tNOUN\tNNS\t_\t2\tnsubj\t_\t_
2\tlanded\tland\tVERB\tVBD\t_\t0\troot\t_\t_
3\tin\tin\tADP\tIN\t_\t5\tcase\t_\t_
4\tthe\tthe\tDET\tDT\t_\t5\tdet\t_\t_
5\tfog\tfog\tNOUN\tNN\t_\t2\tobl\t_\t_
6\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_
2\tfarmer\tfarmer\tNOUN\tNN\t_\t3\tnsubj\t_\t_
3\topened\topen\tVERB\tVBD\t_\t0\troot\t_\t_
4\ta\ta\tDET\tDT\t_\t5\tdet\t_\t_
5\tgate\tgate\tNOUN\tNN\t_\t3\tobj\t_\t_
6\tin\tin\tADP\tIN\t_\t8\tcase\t_\t_
7\tthe\tthe\tDET\tDT\t_\t8\tdet\t_\t_
8\tfog\tfog\tNOUN\tNN\t_\t3\tobl\t_\t_
9\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_

";

#[test]
fn toy_treebank_round_trip() {
    let sents = conllu::parse(TOY).unwrap();
    let topts = sitrep_tagger::TrainOptions {
        epochs: 5,
        folds: 2,
        ..Default::default()
    };
    let tagger = Tagger::train(&sents, &sents, &topts, &mut |_| {}).unwrap();
    let tagger = Tagger::from_bytes(&tagger.to_bytes().unwrap()).unwrap();
    let (upos, _) = tagger.accuracy(&sents);
    assert!(upos > 0.95, "toy tagger UPOS {upos}");
    let data: Vec<TrainSentence> = sents
        .iter()
        .map(|s| TrainSentence {
            forms: s.words.iter().map(|w| w.form.clone()).collect(),
            tags: s.words.iter().map(|w| w.xpos.clone()).collect(),
            heads: s.words.iter().map(|w| w.head).collect(),
            deprels: s.words.iter().map(|w| w.deprel.clone()).collect(),
        })
        .collect();
    let popts = TrainOptions {
        epochs: 8,
        ..Default::default()
    };
    let parser = Parser::train(&data, &data, &popts, &mut |_| {}).unwrap();
    let bytes = parser.to_bytes().unwrap();
    let parser2 = Parser::from_bytes(&bytes).unwrap();
    let (uas, las) = parser2.attachment(&data);
    assert!(uas > 0.95 && las > 0.95, "toy parser UAS {uas} LAS {las}");
    // Same model before and after serialisation.
    let forms = ["The", "guards", "sold", "the", "goats", "."];
    let tags = ["DT", "NNS", "VBD", "DT", "NNS", "."];
    assert_eq!(parser.parse(&forms, &tags), parser2.parse(&forms, &tags));
    // Retraining with the same seed gives the same bytes.
    let again = Parser::train(&data, &data, &popts, &mut |_| {}).unwrap();
    assert_eq!(again.to_bytes().unwrap(), bytes);
    assert!(Parser::from_bytes(&bytes[..bytes.len() / 2]).is_err());
}

fn shared() -> Option<PathBuf> {
    let p = std::env::var_os("SITREP_SHARED").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
        PathBuf::from,
    );
    p.join("data").is_dir().then_some(p)
}

/// Accuracy on UD English EWT test with gold tokens (CoNLL 2018 definitions).
#[test]
fn ewt_test_scores() {
    let Some(dir) = shared() else {
        println!("skipping: shared data not found (set SITREP_SHARED)");
        return;
    };
    let path = dir.join("data/UD_English-EWT/en_ewt-ud-test.conllu");
    let gold = conllu::read(&path).unwrap();
    let (t, p) = models();
    let mut sents: Vec<Sentence> = gold
        .iter()
        .map(|g| Sentence {
            tokens: g
                .words
                .iter()
                .map(|w| Token {
                    form: w.form.clone(),
                    ..Token::default()
                })
                .collect(),
            ..Sentence::default()
        })
        .collect();
    annotate_batch(&[&t, &p], &mut sents);
    let (mut n, mut upos, mut lemma, mut uas, mut las) = (0, 0, 0, 0, 0);
    for (s, g) in sents.iter().zip(&gold) {
        for (t, w) in s.tokens.iter().zip(&g.words) {
            n += 1;
            upos += usize::from(t.upos.as_str() == w.upos);
            lemma += usize::from(t.lemma == w.lemma);
            if t.head == w.head {
                uas += 1;
                las += usize::from(universal(&t.deprel) == universal(&w.deprel));
            }
        }
    }
    let pct = |x: usize| 100.0 * x as f64 / n as f64;
    println!(
        "EWT test: UPOS={:.2} LEMMA={:.2} UAS={:.2} LAS={:.2}",
        pct(upos),
        pct(lemma),
        pct(uas),
        pct(las)
    );
    // Floors just under what the committed models measure (see models/NLP_MODEL_CARD.md);
    // the targets (UPOS 96.5, UAS 89, LAS 86) are not all reached yet.
    assert!(pct(upos) >= FLOOR_UPOS, "UPOS {:.2}", pct(upos));
    assert!(pct(lemma) >= FLOOR_LEMMA, "LEMMA {:.2}", pct(lemma));
    assert!(pct(uas) >= FLOOR_UAS, "UAS {:.2}", pct(uas));
    assert!(pct(las) >= FLOOR_LAS, "LAS {:.2}", pct(las));
}

const FLOOR_UPOS: f64 = 94.0;
const FLOOR_LEMMA: f64 = 95.0;
const FLOOR_UAS: f64 = 80.0;
const FLOOR_LAS: f64 = 76.0;

/// Sentences of our own for the incremental parse: subjects far from their verbs, clauses,
/// coordination, a long tail after the words asked about.
const VARIED: [&str; 6] = [
    "The ministry , which had denied the reports for weeks , confirmed on Friday that it sent drones to the rebels .",
    "Officials in Kyiv said the shipment of 155 mm shells arrived by rail and was unloaded near the border .",
    "Iran and Belarus signed a deal .",
    "After months of talks that stalled twice , Germany agreed to supply Leopard tanks , and Poland followed .",
    "Arms",
    "Russia , according to the panel , bought rockets , ammunition and spare parts from North Korea last year , paying in oil .",
];

fn models_once() -> &'static (Tagger, Parser) {
    static M: std::sync::OnceLock<(Tagger, Parser)> = std::sync::OnceLock::new();
    M.get_or_init(models)
}

/// A sentence tagged, and a copy of it parsed whole.
fn tagged_and_parsed(text: &str) -> (Sentence, Sentence) {
    let (t, p) = models_once();
    let mut s = sentence(text);
    t.annotate(&mut s);
    (s, annotate(t, p, text))
}

proptest::proptest! {
    /// Arcs read from a partial parse, in any order, are those of the whole-sentence parse.
    #[test]
    fn partial_parse_arcs_equal_full_parse(
        which in 0..VARIED.len(),
        order in proptest::collection::vec(0usize..40, 1..25),
    ) {
        use sitrep_nlp::IncrementalParser;
        let (s, full) = tagged_and_parsed(VARIED[which]);
        let mut run = models_once().1.start(&s);
        for k in order {
            let got = run.arc(k).map(|(h, r)| (h, r.to_owned()));
            let want = full.tokens.get(k).map(|x| (x.head, x.deprel.clone()));
            proptest::prop_assert_eq!(got, want, "token {} of {:?}", k, VARIED[which]);
        }
    }
}

proptest::proptest! {
    /// "Is `h` the head of `k`?" answered from a partial parse, mixed in any order with whole
    /// arc reads, agrees with the whole-sentence parse; the parse may stop early on a no.
    #[test]
    fn partial_parse_relation_to_equals_full_parse(
        which in 0..VARIED.len(),
        asks in proptest::collection::vec((0usize..40, 0usize..40, proptest::bool::ANY), 1..30),
    ) {
        use sitrep_nlp::IncrementalParser;
        let (s, full) = tagged_and_parsed(VARIED[which]);
        let mut run = models_once().1.start(&s);
        for (k, h, whole) in asks {
            let tok = full.tokens.get(k);
            if whole {
                let got = run.arc(k).map(|(h, r)| (h, r.to_owned()));
                proptest::prop_assert_eq!(got, tok.map(|x| (x.head, x.deprel.clone())));
            } else {
                let got = run.relation_to(k, h).map(str::to_owned);
                let want = tok.filter(|x| x.head == h).map(|x| x.deprel.clone());
                proptest::prop_assert_eq!(got, want, "token {} head {} of {:?}", k, h, VARIED[which]);
            }
        }
    }
}
