//! Stage `drafts`: one [`Build`] per live candidate, filled by the per-candidate stages in
//! order — `arguments` (sources, targets), `goods` (items, aid kind, value), `checks` (drop or
//! complete), `status` (type, status, contexts, mode, the transfer), `certainty` (negation,
//! certainty, attribution) and `time_place` — then pushed as a [`Draft`].

use sitrep_record::{
    Actor, Certainty, CertaintyLevel, DateRange, Event, EventType, Evidence, Item, Money, Place,
    Transfer,
};

use super::{Sent, arguments, certainty, checks, find_cues, goods, status, time_place};
use crate::events::Draft;
use crate::lexicon::{Control, Trigger, TriggerPos, WordClass};

/// What a candidate becomes, as the per-candidate stages fill it in.
pub(crate) struct Build<'a> {
    /// Position in `Sent::live`.
    pub li: usize,
    /// Trigger word.
    pub i: usize,
    pub t: &'a Trigger,
    pub passive: bool,
    pub control: Option<&'a Control>,
    pub control_word: Option<String>,
    pub control_at: Option<usize>,
    pub future: bool,
    pub absorbed: Option<usize>,
    /// The noun phrase the trigger heads starts here, and the verb whose object it is.
    pub left_i: usize,
    pub gov_i: Option<usize>,
    /// The subject receives ("took delivery of", reverse triggers).
    pub reverse: bool,
    /// The trigger's clause.
    pub cs: usize,
    pub ce: usize,
    /// Right-hand arguments end at the next live trigger of the clause.
    pub rhs_end: usize,
    /// The previous live trigger of the clause.
    pub prev_trig: Option<usize>,
    pub why: Vec<String>,
    pub sources: Vec<Actor>,
    pub targets: Vec<Actor>,
    pub src_rule: &'static str,
    pub tgt_rule: &'static str,
    pub inherits: Option<(usize, usize)>,
    /// The actors of the grammatical subject, whichever role they took.
    pub subject: Vec<Actor>,
    pub by_agent: Option<usize>,
    /// The object of a verb of asking before the trigger ("urged X to send").
    pub obj_control: Option<usize>,
    pub conj_at: Option<usize>,
    pub items: Vec<Item>,
    pub origins: Vec<Actor>,
    /// Named systems among the items: KB id and first word.
    pub systems: Vec<(String, usize)>,
    pub item_lo: usize,
    pub item_hi: usize,
    pub anaphoric_goods: bool,
    /// The aid nominal's head and left edge.
    pub nom: Option<usize>,
    pub nom_left: Option<usize>,
    pub aid_kinds: Vec<&'static str>,
    pub value: Option<Money>,
    pub aid_noun: bool,
    pub kind: EventType,
    pub status: Option<String>,
    pub contexts: Vec<String>,
    pub mode: Option<String>,
    /// A determiner up to three words before the trigger.
    pub det_before: bool,
    /// A place after "to"/"for" the goods go to (index into the sentence's places).
    pub dest_place: Option<usize>,
    /// A claim verb before the trigger in its clause.
    pub claim_before: Option<usize>,
    pub cert_override: Option<(CertaintyLevel, String)>,
    pub stopped: bool,
    pub transfer: Option<Transfer>,
    pub negated: bool,
    pub certainty: Certainty,
    pub attribution: Vec<Actor>,
    pub date: Option<DateRange>,
    pub location: Option<Place>,
    /// Set with a skip: the claim this complement belongs to, linked by type.
    pub orphan: Option<(usize, EventType)>,
}

/// A candidate's way out: the note `explain` shows for it.
pub(crate) type Step = Result<(), String>;

/// Builds a draft for every live candidate.
pub(crate) fn run(st: &mut Sent<'_>) {
    if st.may_have_events {
        st.cue_hits = find_cues(st.view, st.lx);
    }
    for li in 0..st.live.len() {
        let mut b = Build::new(st, li);
        match build(st, &mut b) {
            Ok(()) => finish(st, b),
            Err(note) => {
                if let Some(o) = b.orphan {
                    st.orphans.push(o);
                }
                st.note(b.i, note);
            }
        }
    }
}

/// The per-candidate stages, in order.
fn build(st: &Sent<'_>, b: &mut Build<'_>) -> Step {
    arguments::run(st, b);
    goods::run(st, b);
    checks::run(st, b)?;
    status::run(st, b);
    certainty::run(st, b);
    time_place::run(st, b);
    Ok(())
}

impl<'a> Build<'a> {
    fn new(st: &Sent<'a>, li: usize) -> Self {
        let c = &st.cands[st.live[li]];
        let (t, i) = (c.trig, c.at);
        let left_i = st.nominal_left(i);
        let gov_i = st.gov_verb(left_i);
        let reverse = t.reverse
            || t.pos == TriggerPos::Noun
                && t.lemma == "delivery"
                && gov_i.is_some_and(|v| st.view.words[v].lemma == "take");
        let (cs, ce) = st.clause(i);
        let next_trig = st
            .live
            .get(li + 1)
            .map(|&k| st.cands[k].at)
            .filter(|&a| a < ce)
            .unwrap_or(ce);
        let prev_trig = if li > 0 {
            Some(st.cands[st.live[li - 1]].at).filter(|&a| a >= cs)
        } else {
            None
        };
        let why = vec![format!(
            "{}:{} '{}'{}",
            t.kind,
            if t.pos == TriggerPos::Verb { "v" } else { "n" },
            st.view.words[i].text,
            if c.passive { "(passive)" } else { "" }
        )];
        Self {
            li,
            i,
            t,
            passive: c.passive,
            control: c.control,
            control_word: c.control_word.clone(),
            control_at: c.control_at,
            future: c.future,
            absorbed: c.absorbed,
            left_i,
            gov_i,
            reverse,
            cs,
            ce,
            rhs_end: next_trig,
            prev_trig,
            why,
            sources: Vec::new(),
            targets: Vec::new(),
            src_rule: "",
            tgt_rule: "",
            inherits: None,
            subject: Vec::new(),
            by_agent: None,
            obj_control: None,
            conj_at: None,
            items: Vec::new(),
            origins: Vec::new(),
            systems: Vec::new(),
            item_lo: 0,
            item_hi: 0,
            anaphoric_goods: false,
            nom: None,
            nom_left: None,
            aid_kinds: Vec::new(),
            value: None,
            aid_noun: false,
            kind: t.kind,
            status: t.status.clone(),
            contexts: t.contexts.clone(),
            mode: t.mode.clone(),
            det_before: false,
            dest_place: None,
            claim_before: None,
            cert_override: None,
            stopped: false,
            transfer: None,
            negated: false,
            certainty: Certainty {
                level: CertaintyLevel::Asserted,
                cue: None,
            },
            attribution: Vec::new(),
            date: None,
            location: None,
            orphan: None,
        }
    }
}

/// Pushes the built event and updates the discourse context with its actors.
fn finish(st: &mut Sent<'_>, mut b: Build<'_>) {
    b.why.insert(
        1,
        format!(
            "src:{} tgt:{}",
            if b.src_rule.is_empty() {
                "-"
            } else {
                b.src_rule
            },
            if b.tgt_rule.is_empty() {
                "-"
            } else {
                b.tgt_rule
            }
        ),
    );
    let view = st.view;
    let ev_text = st.text.get(view.start..view.end).unwrap_or("").to_owned();
    let aid_nominal = b.nom.is_some_and(|h| st.lx.is(WordClass::AidHead, st.w(h)));
    let kind = b.kind;
    st.drafts.push(Draft {
        event: Event {
            id: String::new(),
            kind,
            mode: b.mode,
            contexts: b.contexts,
            sources: b.sources,
            targets: b.targets,
            date: b.date,
            location: b.location,
            negated: b.negated,
            certainty: b.certainty,
            attribution: b.attribution,
            about: Vec::new(),
            transfer: b.transfer,
            flags: Vec::new(),
            evidence: vec![Evidence {
                sentence: view.index,
                start: view.start,
                end: view.end,
                text: ev_text,
            }],
            why: String::new(),
        },
        sentence: view.index,
        at: b.i,
        lemma: b.t.lemma.clone(),
        about: Vec::new(),
        about_words: Vec::new(),
        about_earlier: false,
        why: b.why,
        denied: false,
        passive: b.passive,
        status_seized: false,
        about_kinds: Vec::new(),
        aid_nominal,
        status: b.status,
        inherits: b.inherits,
        subject: b.subject,
        conj: b.conj_at,
    });
    st.note(b.i, format!("event {kind}"));
    let acts: Vec<Actor> = st
        .drafts
        .last()
        .map(|d| d.sources.clone())
        .unwrap_or_default();
    if acts.len() >= 2 {
        st.ctx.last_group = acts;
    }
}
