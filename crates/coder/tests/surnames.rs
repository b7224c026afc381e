//! Document-level coreference of bare surnames: "Kim", "Putin" or "President Lee" alone take
//! the person named in full earlier in the same document, and stay unresolved when two people
//! share the name or when nobody was introduced. Sentences are our own; names the NER would
//! find are written in brackets and become PER entities.

use chrono::NaiveDate;
use sitrep_coder::lexicon::Lexicon;
use sitrep_coder::resolve::{Context, mentions};
use sitrep_coder::view::View;
use sitrep_kb::Kb;
use sitrep_nlp::{Entity, EntityLabel, Sentence, Token};
use sitrep_record::Actor;

/// Whitespace tokens; `[A B]` marks a PER entity (brackets removed from the text).
fn sentence(marked: &str) -> (Sentence, String) {
    let mut text = String::new();
    let mut tokens = Vec::new();
    let mut entities = Vec::new();
    let mut open: Option<usize> = None;
    for w in marked.split_whitespace() {
        let mut t = w;
        if let Some(rest) = t.strip_prefix('[') {
            open = Some(tokens.len());
            t = rest;
        }
        let close = t.ends_with(']');
        let t = t.trim_end_matches(']');
        if !text.is_empty() {
            text.push(' ');
        }
        let start = text.len();
        text.push_str(t);
        tokens.push(Token {
            start,
            end: text.len(),
            form: t.to_owned(),
            space_after: true,
            ..Token::default()
        });
        if close && let Some(s) = open.take() {
            entities.push(Entity {
                start: s,
                end: tokens.len(),
                label: EntityLabel::Per,
            });
        }
    }
    let s = Sentence {
        start: 0,
        end: text.len(),
        tokens,
        entities,
    };
    (s, text)
}

/// Resolves a document's sentences in order; returns every actor mention (text, actor, rule).
fn resolve_doc(kb: &Kb, date: &str, sents: &[&str]) -> Vec<(Actor, &'static str)> {
    let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok();
    let lx = Lexicon::builtin();
    let mut ctx = Context::default();
    let mut out = Vec::new();
    for s in sents {
        let (sent, text) = sentence(s);
        let view = View::new(0, &sent, &text);
        let ms = mentions(kb, &lx, &view, &sent, &text, date, &ctx);
        for m in &ms.actors {
            ctx.note(m);
            out.push((m.actor.clone(), m.rule));
        }
    }
    out
}

/// The last mention whose text is exactly `text`.
fn last<'a>(found: &'a [(Actor, &'static str)], text: &str) -> &'a (Actor, &'static str) {
    found
        .iter()
        .rev()
        .find(|(a, _)| a.text == text)
        .unwrap_or_else(|| panic!("no mention {text:?} in {found:?}"))
}

fn kb() -> Kb {
    Kb::builtin().expect("built-in KB")
}

#[test]
fn bare_kim_takes_the_kim_named_earlier() {
    let kb = kb();
    let found = resolve_doc(
        &kb,
        "2024-03-01",
        &[
            "[Kim Yo Jong] mocked the joint drills in a statement on Friday",
            "[Kim] added that the launches would go on",
        ],
    );
    let (a, rule) = last(&found, "Kim");
    assert_eq!(a.id.as_deref(), Some("kim-yo-jong"), "{found:?}");
    assert_eq!(a.country.as_deref(), Some("PRK"));
    assert_eq!(*rule, "surname:earlier");
}

#[test]
fn two_kims_leave_a_bare_kim_unresolved() {
    let kb = kb();
    let found = resolve_doc(
        &kb,
        "2021-05-01",
        &[
            "[Kim Jong Un] toured a fertiliser plant with [Kim Tok Hun] on Monday",
            "[Kim] ordered more tractors for the farms",
        ],
    );
    let (a, rule) = last(&found, "Kim");
    assert_eq!(a.country, None, "{found:?}");
    assert_eq!(a.id, None);
    assert_eq!(*rule, "surname:ambiguous");
}

#[test]
fn a_kim_never_introduced_stays_unresolved() {
    let kb = kb();
    let found = resolve_doc(
        &kb,
        "2024-03-01",
        &["[Kim] told the committee the budget was late"],
    );
    let (a, _) = last(&found, "Kim");
    assert_eq!(a.country, None, "{found:?}");
    assert_eq!(a.id, None);
}

#[test]
fn putin_after_his_full_name() {
    let kb = kb();
    let found = resolve_doc(
        &kb,
        "2023-06-01",
        &[
            "[Vladimir Putin] and [Xi Jinping] signed a grain accord",
            "[Xi] said the deal would last and Putin nodded",
        ],
    );
    assert_eq!(last(&found, "Xi").0.id.as_deref(), Some("xi-jinping"));
    let (p, _) = last(&found, "Putin");
    assert_eq!(p.country.as_deref(), Some("RUS"), "{found:?}");
    assert_eq!(p.id.as_deref(), Some("putin"));
}

#[test]
fn title_and_surname_take_the_earlier_full_name() {
    let kb = kb();
    let found = resolve_doc(
        &kb,
        "2025-08-01",
        &[
            "[Lee Jae-myung] opened the trade fair in Busan",
            "President [Lee] then met the exporters",
        ],
    );
    let (a, _) = found
        .iter()
        .rev()
        .find(|(a, _)| a.text.ends_with("Lee"))
        .unwrap_or_else(|| panic!("no Lee in {found:?}"));
    assert_eq!(a.id.as_deref(), Some("lee-jae-myung"), "{found:?}");
    assert_eq!(a.country.as_deref(), Some("KOR"));
}

#[test]
fn unknown_full_name_links_its_surname_without_a_country() {
    let kb = kb();
    let found = resolve_doc(
        &kb,
        "2024-03-01",
        &[
            "[Oskar Brandvold] arrived with the freight convoy",
            "[Kim Yo Jong] was not at the border",
            "[Brandvold] left before noon",
        ],
    );
    let (a, rule) = last(&found, "Brandvold");
    assert_eq!(a.name, "Oskar Brandvold", "{found:?}");
    assert_eq!(a.country, None);
    assert_eq!(*rule, "surname:earlier");
}

#[test]
fn two_kims_in_one_sentence_are_ambiguous_too() {
    let kb = kb();
    let found = resolve_doc(
        &kb,
        "2024-03-01",
        &["[Kim Jong Un] watched while [Kim Yo Jong] spoke and [Kim] later waved"],
    );
    let (a, rule) = last(&found, "Kim");
    assert_eq!(a.country, None, "{found:?}");
    assert_eq!(*rule, "surname:ambiguous");
}
