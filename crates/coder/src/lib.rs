//! Event coder: PLOVER events, attribution, certainty, transfers, time, places and flags.
//!
//! Design, per sentence (`events.rs`):
//! 1. a word view of the sentence (`view.rs`) and its actor, weapon and place mentions resolved
//!    against the knowledge base and the discourse context (`resolve.rs`): a body noun, or a
//!    state's people, take the state of a place after "in" or after a participle and "in" ("the
//!    government in Juba", "officials in Bamako", "a firm registered in Cyprus", `seated`; not
//!    offices or envoys abroad, `envoy` in `data/words.csv`); a bare "the government"/"the …
//!    ministry" takes the dateline's state; "the spokesman" after a state's body is a person of
//!    that state (not the body), else of the dateline's; a body noun right after a state's body
//!    joins it ("Myanmar's military government");
//! 2. candidate triggers from the trigger lexicon (`data/triggers.csv`), filtered by part of
//!    speech (tags when the tagger ran, word shape otherwise), purpose clauses, light verbs and
//!    event nouns said of a pronoun ("It was the third such seizure": an event told before); an
//!    act that another is asked to do ("asked the Council to condemn") is no event, a transfer
//!    asked for ("called on Germany to deliver tanks") has status `requested`;
//! 3. clauses cut at complementisers after reporting verbs, relative pronouns, participles and
//!    "according to X,"; arguments from the dependency parse when present (nsubj, obj) and
//!    otherwise from shallow patterns (possessor of a nominal, prepositions named by the lexicon's
//!    argument hints, subject = nearest actor to the left outside a PP, passive agent, item
//!    origin, shared subject of participles, controller of an infinitive);
//! 4. speech frames (`data/speech.csv`) give attribution, nearest speaker first; certainty cues
//!    (`data/certainty.csv`; a condition, "if"/"unless", hedges what follows it and a main clause
//!    before it under "would"/"will") and negation; time from `time.rs` in the trigger's clause;
//!    places in a locative PP; transfers with items, quantities (`quantity.rs`), transport
//!    (`data/transport.csv`; a vessel named as goods, or listed with goods, is not the way they
//!    moved unless a carrier preposition precedes it; goods that other goods serve, "parts for the
//!    aircraft", are neither) and status (an agreement noun stages an infinitive transfer: "signed
//!    a contract to buy", `agreement` in `data/words.csv`; "in a deal worth $23 billion" gives
//!    the value); a destination phrase (`data/destination.csv`, "bound for X") names the
//!    recipient, in the sentence or, from a follow-up sentence, of the latest transfer of the two
//!    before.
//! 5. aid nominals ("a $300 million security assistance package for Kyiv", "£500 million in
//!    military support"): the head (`aid_head` in `data/words.csv`) is the trigger, or the goods of
//!    the transfer verb whose object it is ("sent military aid", "pledged humanitarian aid",
//!    "requested an air-defence package"); its pre-modifiers give the aid's kind as PLOVER
//!    contexts (`aid_military`, `aid_humanitarian`, `aid_economic`), goods named in them ("weapons
//!    package") and the money value (`money.rs` → `transfer.value`). Military aid without listed
//!    goods is one item of the generic category `military_equipment`; humanitarian and economic
//!    aid carry no transfer (the record's transfer moves military goods). The verb governing the
//!    nominal sets its stage (`data/nominal.csv`, then `data/control.csv`): "announced"/"approved"
//!    → agreed, "considering" → no status and certainty `possible`, "withheld" → SANCTION
//!    (discontinue) without transfer. A pledge stays AGREE with status `offered` (as "pledged to
//!    send"). A later "the package would include …" adds its goods to the package (`continues`).
//!
//! Per document (this file): claims (ACCUSE/REJECT) are linked by `about` to complement events in
//! their clause or, for "the accusations"/"them"/denials, to earlier events that share an actor;
//! embargo flags are applied; and duplicates are merged.
//!
//! Deduplication: two drafts are one event when type, negation, source countries, target
//! countries and item categories are equal (items: same set, or both without goods) and their
//! dates do not conflict. The merged event keeps the first report's fields, adds the other's
//! evidence span, and unions attribution (a claim told twice by two speakers names both). Events
//! that differ in goods stay separate: "missiles, possibly" and "shells, confirmed" are two claims.

pub mod embargo;
pub mod events;
pub mod lexicon;
pub mod money;
pub mod quantity;
pub mod resolve;
pub mod rules;
mod stages;
pub mod time;
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
use sitrep_record::{Actor, Event, EventType};

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

    #[allow(clippy::needless_range_loop, clippy::too_many_lines)]
    fn run(
        &self,
        doc: &DocInput<'_>,
        mut trace: Option<&mut Vec<SentenceTrace>>,
        rules: &RuleSet,
    ) -> Vec<Event> {
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
            // Dates only place events, and a sentence without a trigger word has none.
            let may_have_events = view
                .words
                .iter()
                .any(|w| self.is_event_word(&w.lower) || self.is_event_word(&w.lemma));
            let times = if may_have_events || trace.is_some() {
                time::find_dates(doc.text, s, doc.published)
            } else {
                Vec::new()
            };
            let prev: Vec<Draft> = all
                .iter()
                .filter(|d| may_have_events && (d.transfer.is_some() || d.aid_nominal))
                .filter(|d| d.sentence + 2 >= si)
                .cloned()
                .collect();
            let input = stages::Input {
                kb: &self.kb,
                lx: &self.lx,
                view: &view,
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
            let out = stages::code_sentence(&input, &mut ctx);
            if ctx.home.is_none() {
                ctx.home = ctx.last_state.as_ref().and_then(|a| a.country.clone());
            }
            if let Some(tr) = trace.as_deref_mut() {
                tr.push(self.trace(&view, s, doc.text, &out));
            }
            // "The shipment was bound for the Houthis": the recipient of the latest transfer of
            // the two sentences before that names none.
            if let Some((dest, at)) = out.destination
                && let Some(d) = all.iter_mut().rev().find(|d| {
                    d.sentence + 2 >= si
                        && d.transfer.as_ref().is_some_and(|t| t.recipient.is_none())
                })
                && let Some(t) = &mut d.transfer
            {
                t.recipient = Some(dest);
                d.why.push(format!("rcp:{at}(next sentence)"));
                d.evidence.push(sitrep_record::Evidence {
                    sentence: si,
                    start: s.start,
                    end: s.end,
                    text: doc.text.get(s.start..s.end).unwrap_or("").to_owned(),
                });
            }
            all.extend(out.drafts);
        }
        // About links: same-sentence complements, then earlier events.
        for k in 0..all.len() {
            let (sent, words) = (all[k].sentence, all[k].about_words.clone());
            let mut about: Vec<usize> = (0..all.len())
                .filter(|&j| all[j].sentence == sent && words.contains(&all[j].at))
                .collect();
            if all[k].about_earlier {
                let claimers: Vec<Option<String>> =
                    all[k].sources.iter().map(|a| a.country.clone()).collect();
                let is_reject = all[k].kind == EventType::Reject;
                for j in 0..k {
                    let d = &all[j];
                    if d.sentence == sent && !words.contains(&d.at) {
                        continue;
                    }
                    let touches = |list: &[Actor]| {
                        list.iter()
                            .any(|a| a.country.is_some() && claimers.contains(&a.country))
                    };
                    let ok = if is_reject {
                        matches!(d.kind, EventType::Accuse) && touches(&d.targets)
                            || (d.transfer.is_some() || d.kind == EventType::Aid)
                                && (touches(&d.sources) || touches(&d.targets))
                    } else {
                        (d.transfer.is_some() || d.kind == EventType::Aid) && touches(&d.sources)
                    };
                    if ok && !about.contains(&j) {
                        about.push(j);
                    }
                }
                // "condemned the launch": the latest earlier event of the complement's type.
                for kind in all[k].about_kinds.clone() {
                    if let Some(j) = (0..k).rev().find(|&j| all[j].kind == kind) {
                        if !about.contains(&j) {
                            about.push(j);
                        }
                        if all[k].targets.is_empty() && all[k].kind == EventType::Accuse {
                            let src = all[j].sources.clone();
                            all[k].targets = src;
                            all[k].why.push("tgt:complement-event".into());
                        }
                    }
                }
            }
            all[k].about = about;
        }
        // Flags.
        for d in &mut all {
            if let Some(t) = &d.transfer
                && matches!(
                    d.kind,
                    EventType::Aid | EventType::Agree | EventType::Coerce | EventType::Request
                )
                && !d.negated
            {
                let date = d
                    .date
                    .as_ref()
                    .and_then(|r| NaiveDate::parse_from_str(&r.start, "%Y-%m-%d").ok())
                    .or(doc.published);
                d.flags = self
                    .embargoes
                    .flags_for(t.supplier.as_ref(), t.recipient.as_ref(), date);
                if !d.flags.is_empty() {
                    d.why.push("flag:embargo".into());
                }
            }
        }
        // Deduplication.
        let mut merged_into: Vec<Option<usize>> = vec![None; all.len()];
        for j in 0..all.len() {
            for k in 0..j {
                if merged_into[k].is_none()
                    && (same_event(&all[k], &all[j]) || continues(&all[k], &all[j]))
                {
                    merged_into[j] = Some(k);
                    break;
                }
            }
        }
        for j in 0..all.len() {
            if let Some(k) = merged_into[j] {
                let (ev, att) = (all[j].evidence.clone(), all[j].attribution.clone());
                let about = all[j].about.clone();
                let (date, loc, tr) = (
                    all[j].date.clone(),
                    all[j].location.clone(),
                    all[j].transfer.clone(),
                );
                let generic = continues(&all[k], &all[j]);
                let d = &mut all[k];
                // "The package would include Stinger missiles": the goods of the package.
                if generic && let Some(mut b) = tr.clone() {
                    b.status.clone_from(&d.status);
                    if let Some(v) = d.transfer.as_ref().and_then(|a| a.value.clone()) {
                        b.value = Some(v);
                    }
                    if b.supplier.is_none() {
                        b.supplier = d.sources.first().cloned();
                    }
                    d.transfer = Some(b);
                    if !d.contexts.iter().any(|x| x == "military") {
                        d.contexts.insert(0, "military".into());
                    }
                    d.why.push("goods:continued".into());
                }
                // The retelling completes what the first report left open.
                if d.date.is_none() {
                    d.date = date;
                }
                if d.location.is_none() {
                    d.location = loc;
                }
                if let (Some(a), Some(b)) = (d.transfer.as_mut(), tr) {
                    for m in b.transport {
                        if !a.transport.contains(&m) {
                            a.transport.push(m);
                        }
                    }
                    for (x, y) in a.items.iter_mut().zip(b.items) {
                        if x.quantity.is_none() {
                            x.quantity = y.quantity;
                        }
                        if x.designation.is_none() {
                            x.designation = y.designation;
                        }
                    }
                }
                for e in ev {
                    if !d.evidence.contains(&e) {
                        d.evidence.push(e);
                    }
                }
                for a in att {
                    if !d.attribution.iter().any(|x| x.name == a.name) {
                        d.attribution.push(a);
                    }
                }
                for a in about {
                    if !d.about.contains(&a) {
                        d.about.push(a);
                    }
                }
                d.why.push("dedup:merged".into());
            }
        }
        let mut ids: Vec<Option<String>> = vec![None; all.len()];
        let mut n = 0;
        for j in 0..all.len() {
            if merged_into[j].is_none() {
                n += 1;
                ids[j] = Some(format!("e{n}"));
            }
        }
        let id_of = |j: usize| -> Option<String> {
            let root = merged_into[j].unwrap_or(j);
            ids[root].clone()
        };
        let mut out = Vec::new();
        for (j, d) in all.iter().enumerate() {
            if merged_into[j].is_some() {
                continue;
            }
            let mut about: Vec<String> = d.about.iter().filter_map(|&a| id_of(a)).collect();
            about.dedup();
            let own = ids[j].clone().unwrap_or_default();
            about.retain(|a| *a != own);
            out.push(d.to_event(own, about));
        }
        if let Some(tr) = trace {
            for t in tr.iter_mut() {
                t.events = out
                    .iter()
                    .filter(|e| e.evidence.iter().any(|x| x.sentence == t.index))
                    .map(|e| format!("{} {}", e.id, e.kind))
                    .collect();
            }
        }
        out
    }

    fn trace(
        &self,
        view: &View,
        s: &Sentence,
        text: &str,
        out: &events::SentenceOut,
    ) -> SentenceTrace {
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
        let span = |a: usize, b: usize| -> String {
            if a >= b || b > view.words.len() {
                return String::new();
            }
            text.get(view.words[a].start..view.words[b - 1].end)
                .unwrap_or("")
                .to_owned()
        };
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
}

fn countries(a: &[Actor]) -> Vec<Option<String>> {
    let mut v: Vec<Option<String>> = a
        .iter()
        .map(|x| x.country.clone().or(Some(x.name.clone())))
        .collect();
    v.sort();
    v.dedup();
    v
}

/// `b` continues the aid package `a` ("… announced a new aid package. … the package would include
/// Stinger missiles"), adding the goods `a` did not list.
fn continues(a: &Draft, b: &Draft) -> bool {
    b.inherits == Some((a.sentence, a.at))
        && a.aid_nominal
        && !b.negated
        && b.transfer.as_ref().is_some_and(|t| !t.items.is_empty())
        && a.transfer
            .as_ref()
            .is_none_or(|t| t.items.iter().all(|x| x.category == "military_equipment"))
}

fn same_event(a: &Draft, b: &Draft) -> bool {
    if a.kind != b.kind || a.negated != b.negated || a.sentence == b.sentence {
        return false;
    }
    if countries(&a.sources) != countries(&b.sources)
        || countries(&a.targets) != countries(&b.targets)
    {
        return false;
    }
    let cats = |d: &Draft| {
        let mut v: Vec<String> = d
            .transfer
            .as_ref()
            .map(|t| t.items.iter().map(|i| i.category.clone()).collect())
            .unwrap_or_default();
        v.sort();
        v.dedup();
        v
    };
    if cats(a) != cats(b) {
        return false;
    }
    match (&a.date, &b.date) {
        (Some(x), Some(y)) => x.start <= y.end && y.start <= x.end,
        _ => true,
    }
}
