//! The per-sentence trace `sitrep explain` prints: words, entities, KB matches, actors, goods,
//! times, candidate triggers, the rules that fired and the events each sentence gave.

use sitrep_nlp::Sentence;
use sitrep_record::Event;

use crate::document::Fired;
use crate::events::SentenceOut;
use crate::view::View;
use crate::{DocInput, SentenceTrace};

/// Adds the document-level rules that fired and each sentence's events (after merging).
pub(crate) fn finish(tr: &mut [SentenceTrace], out: &[Event], fired: &Fired, doc: &DocInput<'_>) {
    for &(rule, si, at) in fired {
        if let (Some(t), Some(s)) = (tr.get_mut(si), doc.sentences.get(si)) {
            let view = View::new(si, s, doc.text);
            t.rules.push(format!("{rule} '{}'", view.w(at)));
        }
    }
    for t in tr.iter_mut() {
        t.events = out
            .iter()
            .filter(|e| e.evidence.iter().any(|x| x.sentence == t.index))
            .map(|e| format!("{} {}", e.id, e.kind))
            .collect();
    }
}

/// The trace of one coded sentence.
pub(crate) fn sentence(view: &View, s: &Sentence, text: &str, out: &SentenceOut) -> SentenceTrace {
    let words = s
        .tokens
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let mut w = format!("{}:{}", i + 1, t.form);
            if t.upos != sitrep_nlp::Upos::X {
                w.push('/');
                w.push_str(t.upos.as_str());
            }
            if !t.deprel.is_empty() {
                w.push_str(&format!("<{}:{}", t.head, t.deprel));
            }
            w
        })
        .collect();
    let span = |a: usize, b: usize| view.surface(text, a, b);
    SentenceTrace {
        index: view.index,
        text: s.text(text).to_owned(),
        words,
        entities: s
            .entities
            .iter()
            .map(|e| {
                let (a, b) = view.words_of_tokens(e.start, e.end.saturating_sub(1));
                format!("{} {}", e.label.as_str(), span(a, b))
            })
            .collect(),
        kb: out
            .mentions
            .kb
            .iter()
            .map(|(a, b, m)| format!("{}:{:?}", span(*a, *b), m.entry))
            .collect(),
        actors: out
            .mentions
            .actors
            .iter()
            .map(|m| {
                format!(
                    "'{}' → {} {}/{} [{}{}]",
                    m.actor.text,
                    m.actor.name,
                    m.actor.country.as_deref().unwrap_or("?"),
                    m.actor.sector.as_deref().unwrap_or("-"),
                    m.rule,
                    if m.appos { ", apposition" } else { "" }
                )
            })
            .collect(),
        weapons: out
            .mentions
            .weapons
            .iter()
            .map(|w| {
                format!(
                    "'{}' → {}{}",
                    w.text,
                    w.category,
                    w.origin
                        .as_ref()
                        .and_then(|o| o.country.as_ref())
                        .map_or(String::new(), |c| format!(" (origin {c})"))
                )
            })
            .collect(),
        times: out
            .times
            .iter()
            .map(|(_, _, r)| format!("'{}' → {}..{}", r.text, r.start, r.end))
            .collect(),
        triggers: out
            .notes
            .iter()
            .map(|n| format!("'{}' @{}: {}", n.word, n.at, n.note))
            .collect(),
        rules: out
            .fired
            .iter()
            .map(|(r, at)| format!("{r} '{}'", view.w(*at)))
            .collect(),
        events: Vec::new(),
    }
}
