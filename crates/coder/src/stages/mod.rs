//! The sentence coder as a short pipeline of stages over one sentence state, [`Sent`].
//!
//! [`code_sentence`] resolves the sentence's mentions (stage `mentions`), then runs the
//! stages of [`STAGES`] in order; `drafts` runs the per-candidate stages (`arguments` →
//! `goods` → `checks` → `status` → `certainty` → `time_place`) over a [`draft::Build`] for
//! each live trigger. Each stage is a list of rule calls; each rule is a unit with its doc
//! block in the stage's module and its entry in [`crate::rules::ALL`].

// A rule's guard reads as "not (the case the rule is for)".
#![allow(clippy::nonminimal_bool)]

pub(crate) mod arguments;
pub(crate) mod certainty;
pub(crate) mod checks;
pub(crate) mod clauses;
pub(crate) mod draft;
pub(crate) mod filters;
pub(crate) mod frames;
pub(crate) mod goods;
pub(crate) mod links;
pub(crate) mod mentions;
pub(crate) mod phrases;
pub(crate) mod speech;
pub(crate) mod status;
pub(crate) mod time_place;
pub(crate) mod triggers;
mod words;

use std::cell::RefCell;

use sitrep_kb::Kb;
use sitrep_nlp::{IncrementalParser, PartialParse, Sentence};
use sitrep_record::{Actor, DateRange, EventType};

use crate::events::{Draft, SentenceOut, TriggerNote};
use crate::lexicon::{Control, Cue, Lexicon, SpeechKind, Trigger};
use crate::money::MoneyMention;
use crate::resolve::{Context, Mention, Mentions};
use crate::rules::{Rule, RuleSet};
use crate::time::TimeMention;
use crate::view::View;

pub(crate) use words::*;

/// Word spans with a value: (first word, one past the last, value).
pub(crate) type Hits = Vec<(usize, usize, String)>;

/// What one sentence is coded from.
pub(crate) struct Input<'a> {
    pub kb: &'a Kb,
    pub lx: &'a Lexicon,
    pub view: &'a View<'a>,
    pub sentence: &'a Sentence,
    pub text: &'a str,
    pub times: &'a [TimeMention],
    /// Some word is a trigger form: money, transport and cues are worth finding.
    pub may_have_events: bool,
    pub published: Option<chrono::NaiveDate>,
    /// Transfers of this document's two sentences before, for continuations.
    pub prev_transfers: &'a [Draft],
    pub parser: Option<&'a dyn IncrementalParser>,
    pub rules: &'a RuleSet,
    /// The rules that fired, with the word they fired at.
    pub fired: RefCell<Vec<(&'static str, usize)>>,
}

impl Input<'_> {
    /// Notes that rule `r` fired at word `at`.
    #[inline]
    pub fn fire(&self, r: &Rule, at: usize) {
        self.fired.borrow_mut().push((r.name, at));
    }
}

/// A candidate trigger.
pub(crate) struct Cand<'a> {
    pub at: usize,
    pub trig: &'a Trigger,
    pub passive: bool,
    /// Why it gives no event of its own (a filter's note).
    pub skip: Option<&'static str>,
    pub control: Option<&'a Control>,
    pub control_word: Option<String>,
    /// Where the control verb stands.
    pub control_at: Option<usize>,
    pub future: bool,
    /// A transfer nominal that is this verb's object ("sent a new aid package"): its word.
    pub absorbed: Option<usize>,
}

/// A speech frame: who says what part of the sentence.
#[derive(Debug, Clone)]
pub(crate) struct Frame {
    pub cue: usize,
    /// Sort key: larger = nearer to the claim.
    pub order: usize,
    pub speakers: Vec<Actor>,
    pub from: usize,
    pub to: usize,
    pub rank: usize,
    pub rule: &'static str,
}

/// The state of one sentence as the stages fill it in.
pub(crate) struct Sent<'a> {
    pub kb: &'a Kb,
    pub lx: &'a Lexicon,
    pub view: &'a View<'a>,
    pub sentence: &'a Sentence,
    pub text: &'a str,
    pub times: &'a [TimeMention],
    pub may_have_events: bool,
    pub published: Option<chrono::NaiveDate>,
    pub prev_transfers: &'a [Draft],
    pub parser: Option<&'a dyn IncrementalParser>,
    pub rules: &'a RuleSet,
    pub fired: &'a RefCell<Vec<(&'static str, usize)>>,
    pub ctx: &'a mut Context,
    pub ms: &'a Mentions,
    /// Word count.
    pub nw: usize,
    /// Actor mentions that can be arguments (no appositions), in order.
    pub actors: Vec<&'a Mention>,
    pub money: Vec<MoneyMention>,
    pub transport: Hits,
    pub tspans: Vec<(usize, usize, DateRange)>,
    pub speech: Vec<(usize, usize, SpeechKind)>,
    pub cands: Vec<Cand<'a>>,
    /// Indices of the candidates no filter skipped.
    pub live: Vec<usize>,
    pub bounds: Vec<usize>,
    pub rel_spans: Vec<(usize, usize)>,
    pub frames: Vec<Frame>,
    pub cue_hits: Vec<(usize, usize, &'a Cue)>,
    pub drafts: Vec<Draft>,
    /// Complement nominals of a claim that name no actors: (claim word, complement type).
    pub orphans: Vec<(usize, EventType)>,
    pub notes: Vec<TriggerNote>,
    pub destination: Option<(Actor, String)>,
    /// The parse, started on first need when the caller left it to us (most trigger
    /// sentences never reach a decision that reads an arc) and run only as far as asked.
    pub late_parse: RefCell<Option<Box<dyn PartialParse + 'a>>>,
}

/// A stage over the sentence state.
pub(crate) type StageFn = fn(&mut Sent<'_>);

/// The stages after `mentions`, in order.
pub(crate) const STAGES: &[(&str, StageFn)] = &[
    ("phrases", phrases::run),
    ("speech", speech::run),
    ("triggers", triggers::run),
    ("filters", filters::run),
    ("clauses", clauses::run),
    ("frames", frames::run),
    ("drafts", draft::run),
    ("links", links::run),
];

/// Codes one sentence.
pub(crate) fn code_sentence<'a>(inp: &'a Input<'a>, ctx: &mut Context) -> SentenceOut {
    let ms = mentions::run(inp, ctx);
    let (drafts, notes, destination, tspans) = {
        let mut st = Sent::new(inp, ctx, &ms);
        for (_, stage) in STAGES {
            stage(&mut st);
        }
        (st.drafts, st.notes, st.destination, st.tspans)
    };
    SentenceOut {
        drafts,
        notes,
        mentions: ms,
        times: tspans,
        destination,
        fired: inp.fired.take(),
    }
}

impl<'a> Sent<'a> {
    fn new(inp: &'a Input<'a>, ctx: &'a mut Context, ms: &'a Mentions) -> Self {
        Self {
            kb: inp.kb,
            lx: inp.lx,
            view: inp.view,
            sentence: inp.sentence,
            text: inp.text,
            times: inp.times,
            may_have_events: inp.may_have_events,
            published: inp.published,
            prev_transfers: inp.prev_transfers,
            parser: inp.parser,
            rules: inp.rules,
            fired: &inp.fired,
            ctx,
            ms,
            nw: inp.view.words.len(),
            actors: ms.actors.iter().filter(|m| !m.appos).collect(),
            money: Vec::new(),
            transport: Vec::new(),
            tspans: Vec::new(),
            speech: Vec::new(),
            cands: Vec::new(),
            live: Vec::new(),
            bounds: Vec::new(),
            rel_spans: Vec::new(),
            frames: Vec::new(),
            cue_hits: Vec::new(),
            drafts: Vec::new(),
            orphans: Vec::new(),
            notes: Vec::new(),
            destination: None,
            late_parse: RefCell::new(None),
        }
    }

    /// Whether rule `r` is on.
    #[inline]
    pub fn on(&self, r: &Rule) -> bool {
        self.rules.on(r)
    }

    /// Notes that rule `r` fired at word `at`.
    #[inline]
    pub fn fire(&self, r: &Rule, at: usize) {
        self.fired.borrow_mut().push((r.name, at));
    }

    /// Word `i`, lower case ("" past the end).
    #[inline]
    pub fn w(&self, i: usize) -> &'a str {
        self.view.w(i)
    }

    /// A note on the trigger at word `i`.
    pub fn note(&mut self, i: usize, note: String) {
        self.notes.push(TriggerNote {
            at: i,
            word: self.view.words[i].text.to_owned(),
            note,
        });
    }
}
