//! Both argument paths: with a dependency parse the coder reads nsubj/obj; without one it falls
//! back on shallow patterns. Same sentence, same answer, different rule in `why`.

use std::sync::Arc;

use sitrep_coder::{Coder, DocInput};
use sitrep_kb::Kb;
use sitrep_nlp::{Sentence, Token, Upos};
use sitrep_record::EventType;

fn sentence(text: &str, ann: &[(Upos, usize, &str)]) -> Sentence {
    let mut tokens = Vec::new();
    let mut pos = 0;
    for (k, w) in text.split(' ').enumerate() {
        let (upos, head, deprel) = ann.get(k).copied().unwrap_or((Upos::X, 0, ""));
        tokens.push(Token {
            start: pos,
            end: pos + w.len(),
            form: w.to_owned(),
            space_after: true,
            upos,
            head,
            deprel: deprel.to_owned(),
            ..Token::default()
        });
        pos += w.len() + 1;
    }
    Sentence {
        start: 0,
        end: text.len(),
        tokens,
        entities: Vec::new(),
    }
}

fn code(s: Sentence, text: &str) -> Vec<sitrep_record::Event> {
    let coder = Coder::new(Arc::new(Kb::builtin().expect("kb")));
    let input = DocInput {
        text,
        published: None,
        dateline: None,
        sentences: std::slice::from_ref(&s),
        parser: None,
    };
    coder.code(&input)
}

const TEXT: &str = "Iran provided Russia with drones .";

#[test]
fn parse_path() {
    use Upos::*;
    let s = sentence(
        TEXT,
        &[
            (Propn, 2, "nsubj"),
            (Verb, 0, "root"),
            (Propn, 2, "obj"),
            (Adp, 5, "case"),
            (Noun, 2, "obl"),
            (Punct, 2, "punct"),
        ],
    );
    let ev = code(s, TEXT);
    let e = ev.iter().find(|e| e.kind == EventType::Aid).expect("AID");
    assert_eq!(e.sources[0].country.as_deref(), Some("IRN"));
    assert_eq!(e.targets[0].country.as_deref(), Some("RUS"));
    assert!(e.why.contains("parse:nsubj"), "{}", e.why);
    assert!(e.why.contains("parse:obj"), "{}", e.why);
}

#[test]
fn shallow_path() {
    let s = sentence(TEXT, &[]);
    let ev = code(s, TEXT);
    let e = ev.iter().find(|e| e.kind == EventType::Aid).expect("AID");
    assert_eq!(e.sources[0].country.as_deref(), Some("IRN"));
    assert_eq!(e.targets[0].country.as_deref(), Some("RUS"));
    assert!(e.why.contains("subject-left"), "{}", e.why);
    assert!(!e.why.contains("parse:"), "{}", e.why);
}

#[test]
fn negation_and_denial_are_distinct() {
    let t1 = "Iran did not send drones to Russia .";
    let ev = code(sentence(t1, &[]), t1);
    assert!(ev.iter().any(|e| e.kind == EventType::Aid && e.negated));
    assert!(!ev.iter().any(|e| e.kind == EventType::Reject));
    let t2 = "Iran denied sending drones to Russia .";
    let ev = code(sentence(t2, &[]), t2);
    let rej = ev
        .iter()
        .find(|e| e.kind == EventType::Reject)
        .expect("REJECT");
    assert!(!rej.about.is_empty());
    assert!(ev.iter().all(|e| !e.negated));
}
