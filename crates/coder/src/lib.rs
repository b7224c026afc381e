//! Event coder: PLOVER events, attribution, certainty, transfers, time, places and flags.
//!
//! Per sentence, the stages of `stages/` run in order over one sentence state:
//!
//! | stage | decides |
//! |---|---|
//! | `mentions` | actors, goods and places, resolved against the KB and the discourse context |
//! | `phrases` | money amounts, transport phrases, time spans |
//! | `speech` | speech cues: reporting verbs, "according to", "citing" |
//! | `triggers` | candidate triggers (`data/triggers.csv`), their voice, control and tense |
//! | `filters` | candidates that are no event of their own |
//! | `clauses`, `frames` | clause bounds; who says which part of the sentence |
//! | `drafts` | per live candidate: `arguments` → `goods` → `checks` → `status` → `certainty` → `time_place` |
//! | `links` | destinations, claims and their complements, seized shipments |
//!
//! Per document, `document.rs` links the drafts: a destination told a sentence later, claims
//! about earlier events, UN arms-embargo flags, retellings merged into one event, ids.
//!
//! Every decision is a named rule ([`rules::Rule`], declared with `rule!` in its stage's module
//! with a What / Why / Example / Fixture doc block; the mention composition rules sit beside
//! their code in `resolve.rs`) and listed in [`rules::ALL`]; the rule docs
//! hold the detail this page used to. A rule's name is the tag it writes into `why`;
//! [`RuleSet`] switches rules off, and the trace ([`SentenceTrace::rules`]) names those that
//! fired. Lexicons and tables are data files in `data/`, compiled into matchers (`lexicon.rs`).

mod document;
pub mod embargo;
pub mod events;
pub mod lexicon;
pub mod money;
pub mod quantity;
pub mod resolve;
pub mod rules;
mod stages;
pub mod time;
mod trace;
pub mod view;

/// Tokens of `text` split on single spaces, with their byte offsets (unit-test input).
#[cfg(test)]
pub(crate) fn space_tokens(text: &str) -> Vec<sitrep_nlp::Token> {
    let mut at = 0;
    text.split(' ')
        .map(|w| {
            let t = sitrep_nlp::Token {
                start: at,
                end: at + w.len(),
                form: w.to_owned(),
                ..sitrep_nlp::Token::default()
            };
            at += w.len() + 1;
            t
        })
        .collect()
}

use std::sync::Arc;

use chrono::NaiveDate;
use sitrep_kb::Kb;
use sitrep_nlp::{IncrementalParser, Sentence};
use sitrep_record::{Event, Evidence};

use crate::embargo::Embargoes;
use crate::events::Draft;
use crate::lexicon::Lexicon;
use crate::resolve::Context;
pub use crate::rules::RuleSet;
use crate::view::View;

/// What the coder reads: the document text, its date and its annotated sentences.
#[derive(Clone, Copy)]
pub struct DocInput<'a> {
    /// Decoded document text; sentence and token offsets point into it.
    pub text: &'a str,
    /// Publication date, the anchor for relative dates.
    pub published: Option<NaiveDate>,
    /// Dateline place, if any.
    pub dateline: Option<&'a str>,
    /// Tagged, parsed sentences with entities.
    pub sentences: &'a [Sentence],
    /// The parser, when it was not run on `sentences`: the coder parses a sentence only when
    /// an arc could change a decision, and only as far as those arcs. The events are the same
    /// as with every sentence parsed up front.
    pub parser: Option<&'a dyn IncrementalParser>,
}

impl std::fmt::Debug for DocInput<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DocInput")
            .field("published", &self.published)
            .field("dateline", &self.dateline)
            .field("sentences", &self.sentences.len())
            .field("parser", &self.parser.map(|p| p.name()))
            .finish_non_exhaustive()
    }
}

/// The trace of one sentence, for `sitrep explain`.
#[derive(Debug, Clone, Default)]
pub struct SentenceTrace {
    /// Sentence index.
    pub index: usize,
    /// Sentence text.
    pub text: String,
    /// Words as `form/TAG` with heads when parsed.
    pub words: Vec<String>,
    /// Entities.
    pub entities: Vec<String>,
    /// KB matches.
    pub kb: Vec<String>,
    /// Resolved actor mentions.
    pub actors: Vec<String>,
    /// Weapons and goods.
    pub weapons: Vec<String>,
    /// Time mentions.
    pub times: Vec<String>,
    /// Candidate triggers and what became of them.
    pub triggers: Vec<String>,
    /// The rules that fired, in order, with the word they fired at (`sitrep explain --rules`).
    pub rules: Vec<String>,
    /// Ids of the events this sentence produced (after linking and merging).
    pub events: Vec<String>,
}

/// The event coder.
#[derive(Debug)]
pub struct Coder {
    kb: Arc<Kb>,
    lx: Lexicon,
    embargoes: Embargoes,
}

impl Coder {
    /// A coder over the given knowledge base.
    pub fn new(kb: Arc<Kb>) -> Self {
        Self {
            kb,
            lx: Lexicon::builtin(),
            embargoes: Embargoes::builtin(),
        }
    }

    /// Whether a lower-cased word is a form of some trigger, or starts a destination phrase
    /// ("bound for", which completes an earlier transfer). A sentence with no such word can
    /// yield no event and change none, so the pipeline may skip its tagging and parsing.
    pub fn is_event_word(&self, lower: &str) -> bool {
        self.lx.event_words.contains(lower)
    }

    /// Whether sentence `s` may yield an event: some word of it is a trigger form. Tested on
    /// the tokens, it holds wherever the coder's own test on the sentence's words does, so the
    /// pipeline may skip the tagging of a sentence where it fails, and the entities of the
    /// sentences after the last where it holds.
    pub fn may_have_events(&self, s: &Sentence, text: &str) -> bool {
        let mut scratch = String::new();
        s.tokens
            .iter()
            .any(|t| view::any_token_word(t, text, &mut scratch, |w| self.is_event_word(w)))
    }

    /// Codes one document into events (evidence offsets into `doc.text`).
    pub fn code(&self, doc: &DocInput<'_>) -> Vec<Event> {
        self.run(doc, None, &RuleSet::all())
    }

    /// Codes one document with some rules switched off (to see what a rule changes).
    pub fn code_with(&self, doc: &DocInput<'_>, rules: &RuleSet) -> Vec<Event> {
        self.run(doc, None, rules)
    }

    /// Codes one document and returns the per-sentence trace too.
    pub fn explain(&self, doc: &DocInput<'_>) -> (Vec<Event>, Vec<SentenceTrace>) {
        let mut tr = Vec::new();
        let ev = self.run(doc, Some(&mut tr), &RuleSet::all());
        (ev, tr)
    }

    /// Codes one document with some rules switched off, and returns the trace too.
    pub fn explain_with(
        &self,
        doc: &DocInput<'_>,
        rules: &RuleSet,
    ) -> (Vec<Event>, Vec<SentenceTrace>) {
        let mut tr = Vec::new();
        let ev = self.run(doc, Some(&mut tr), rules);
        (ev, tr)
    }

    fn home_country(&self, doc: &DocInput<'_>) -> Option<String> {
        let d = doc.dateline?;
        let m = self.kb.scan(d).into_iter().next()?;
        match &m.entry {
            sitrep_kb::EntryRef::State { iso3, .. } => Some(iso3.clone()),
            sitrep_kb::EntryRef::Place(id) => self.kb.place(id).map(|p| p.country.clone()),
            _ => None,
        }
        .or_else(|| {
            // Datelines are upper case: retry title-cased.
            let t: String = d
                .split_whitespace()
                .map(|w| {
                    let mut c = w.chars();
                    c.next().map_or(String::new(), |f| {
                        f.to_uppercase().collect::<String>() + &c.as_str().to_lowercase()
                    })
                })
                .collect::<Vec<_>>()
                .join(" ");
            let m = self.kb.scan(&t).into_iter().next()?;
            match &m.entry {
                sitrep_kb::EntryRef::State { iso3, .. } => Some(iso3.clone()),
                sitrep_kb::EntryRef::Place(id) => self.kb.place(id).map(|p| p.country.clone()),
                _ => None,
            }
        })
    }

    /// Codes the sentences in order, then links the document's drafts into records.
    fn run(
        &self,
        doc: &DocInput<'_>,
        mut trace: Option<&mut Vec<SentenceTrace>>,
        rules: &RuleSet,
    ) -> Vec<Event> {
        let mut fired = document::Fired::new();
        let mut all = self.sentences(doc, trace.as_deref_mut(), rules, &mut fired);
        document::about_links(&mut all, rules, &mut fired);
        document::embargo_flags(&mut all, &self.embargoes, doc.published, rules, &mut fired);
        let into = document::merges(&all, rules);
        document::merge(&mut all, &into, &mut fired);
        let out = document::records(&all, &into);
        if let Some(tr) = trace {
            trace::finish(tr, &out, &fired, doc);
        }
        out
    }

    /// Codes each sentence into drafts, in order, keeping the discourse context.
    fn sentences(
        &self,
        doc: &DocInput<'_>,
        mut trace: Option<&mut Vec<SentenceTrace>>,
        rules: &RuleSet,
        fired: &mut document::Fired,
    ) -> Vec<Draft> {
        let home = self.home_country(doc);
        let mut ctx = Context {
            dateline: home.clone(),
            home,
            ..Context::default()
        };
        let mut all: Vec<Draft> = Vec::new();
        // Sentences are coded in order and none looks ahead, so the ones after the last that
        // may hold an event can change nothing (the trace still shows them).
        let upto = if trace.is_some() {
            doc.sentences.len()
        } else {
            doc.sentences
                .iter()
                .rposition(|s| self.may_have_events(s, doc.text))
                .map_or(0, |l| l + 1)
        };
        for (si, s) in doc.sentences.iter().enumerate().take(upto) {
            let view = View::new(si, s, doc.text);
            let out = self.sentence(doc, &view, s, &all, trace.is_some(), rules, &mut ctx);
            if ctx.home.is_none() {
                ctx.home = ctx.last_state.as_ref().and_then(|a| a.country.clone());
            }
            if let Some(tr) = trace.as_deref_mut() {
                tr.push(trace::sentence(&view, s, doc.text, &out));
            }
            if let Some(dest) = out.destination {
                let ev = Evidence {
                    sentence: si,
                    start: s.start,
                    end: s.end,
                    text: doc.text.get(s.start..s.end).unwrap_or("").to_owned(),
                };
                document::next_sentence_destination(&mut all, dest, ev, rules, fired);
            }
            all.extend(out.drafts);
        }
        all
    }

    /// Runs the sentence stages on one sentence.
    #[allow(clippy::too_many_arguments)]
    fn sentence(
        &self,
        doc: &DocInput<'_>,
        view: &View,
        s: &Sentence,
        all: &[Draft],
        tracing: bool,
        rules: &RuleSet,
        ctx: &mut Context,
    ) -> events::SentenceOut {
        // Dates only place events, and a sentence without a trigger word has none.
        let may_have_events = view
            .words
            .iter()
            .any(|w| self.is_event_word(&w.lower) || self.is_event_word(&w.lemma));
        let times = if may_have_events || tracing {
            time::find_dates(doc.text, s, doc.published)
        } else {
            Vec::new()
        };
        let prev: Vec<Draft> = all
            .iter()
            .filter(|d| may_have_events && (d.transfer.is_some() || d.aid_nominal))
            .filter(|d| d.sentence + 2 >= view.index)
            .cloned()
            .collect();
        let input = stages::Input {
            kb: &self.kb,
            lx: &self.lx,
            view,
            sentence: s,
            text: doc.text,
            times: &times,
            may_have_events,
            published: doc.published,
            prev_transfers: &prev,
            parser: doc.parser,
            rules,
            fired: std::cell::RefCell::default(),
        };
        stages::code_sentence(&input, ctx)
    }
}
