//! Stage `frames`: who says which part of the sentence. Each speech cue with a speaker gives a
//! [`Frame`] over the words it governs; stage `certainty` turns the frames over a trigger into
//! its attribution, nearest speaker first.

use sitrep_record::{Actor, ActorKind};

use super::{Frame, Sent};
use crate::lexicon::SpeechKind;
use crate::rules::{Rule, rule};

/// Builds the frames and remembers the last speakers for the next sentence.
pub(crate) fn run(st: &mut Sent<'_>) {
    for rank in 0..st.speech.len() {
        let (a, b, kind) = st.speech[rank];
        let frame = match kind {
            SpeechKind::Prep | SpeechKind::Cite => prep_frame(st, rank, a, b, kind),
            SpeechKind::Verb => verb_frame(st, rank, a, b),
        };
        if let Some(f) = frame {
            st.fire(rule_named(f.rule), a);
            st.frames.push(f);
        }
    }
    if let Some(f) = st.frames.iter().max_by_key(|f| f.cue) {
        st.ctx.last_speakers = f.speakers.clone();
    }
}

fn rule_named(name: &str) -> &'static Rule {
    [
        &ACCORDING_TO,
        &CITING,
        &SPEECH_VERB,
        &SPEECH_PRONOUN,
        &SPEECH_INVERTED,
        &BEFORE_CITING,
    ]
    .into_iter()
    .find(|r| r.name == name)
    .unwrap_or(&SPEECH_VERB)
}

rule! {
    /// What: "according to X" attributes the whole sentence to X and its coordinates.
    /// Why: the outlet is not the one who asserts a claim it reports from X.
    /// Example: "According to Ukraine's intelligence, Iran sent 300 drones to Russia."
    /// Fixture: 01_transfer_active.txt
    ACCORDING_TO = "according-to" in Frames
}

rule! {
    /// What: "citing X" attributes what follows X to X, nearer than the verb of saying.
    /// Why: "Yonhap, citing the spy agency, reported …": the agency asserts, Yonhap relays.
    /// Example: "Yonhap, citing the spy agency, reported that North Korea sent shells to Russia."
    /// Fixture: 23_citing.txt
    CITING = "citing" in Frames
}

fn prep_frame(st: &Sent<'_>, rank: usize, a: usize, b: usize, kind: SpeechKind) -> Option<Frame> {
    let cite = kind == SpeechKind::Cite;
    if !st.on(if cite { &CITING } else { &ACCORDING_TO }) {
        return None;
    }
    let j = st.actors.iter().position(|m| m.w0 >= b && m.w0 <= b + 3)?;
    let g = st.group(j);
    let speakers: Vec<Actor> = g.iter().map(|&x| st.actors[x].actor.clone()).collect();
    let last = st.actors[*g.last().unwrap_or(&j)].w1;
    Some(Frame {
        cue: a,
        order: if cite { st.nw + a } else { a },
        speakers,
        from: if cite { last } else { 0 },
        to: st.nw,
        rank: rank * 2 + usize::from(cite),
        rule: if cite { CITING.name } else { ACCORDING_TO.name },
    })
}

rule! {
    /// What: a reporting verb's speaker is the nearest actor to its left in the clause, not in
    /// a PP other than "by" nor in a relative clause, and its coordinates.
    /// Why: attribution names who asserts a claim ("lawmaker Yoo said the NIS disclosed …").
    /// Example: "South Korea's spy agency said North Korea sent shells to Russia."
    /// Fixture: 22_according_to_chain.txt
    SPEECH_VERB = "speech-verb" in Frames
}

rule! {
    /// What: a pronoun before a reporting verb speaks for its antecedent.
    /// Why: "He said the drones had arrived" is attributed to the man named before.
    /// Example: "Zelensky spoke on Monday. He said Iran had sent drones to Russia."
    /// Fixture: 24_pronoun_speaker.txt
    SPEECH_PRONOUN = "speech-verb:pronoun" in Frames
}

rule! {
    /// What: after a quote or comma, an actor right after the verb is an inverted speaker.
    /// Why: "…, said the ministry" names its speaker after the verb.
    /// Example: "Iran sent drones to Russia, said the ministry."
    /// Fixture: 108_speech_verb_inverted.txt
    SPEECH_INVERTED = "speech-verb:inverted" in Frames
}

rule! {
    /// What: with no speaker before the verb, the subject before a "citing" phrase speaks.
    /// Why: in "X, citing Y, reported" the clause of X is cut by the citation.
    /// Example: "The Wall Street Journal, citing officials, reported that Iran sent drones to Russia."
    /// Fixture: 23_citing.txt
    BEFORE_CITING = "speech-verb:before-citing" in Frames
}

fn verb_frame(st: &Sent<'_>, rank: usize, a: usize, b: usize) -> Option<Frame> {
    if !st.on(&SPEECH_VERB) {
        return None;
    }
    let (cs0, _) = st.clause(a);
    // A participle ("…, indicating that") shares the subject of the clause before.
    let participle = st.w(a).ends_with("ing") && cs0 == a && a > 0;
    let cs = if participle { st.clause(a - 1).0 } else { cs0 };
    let cs = st.subject_start(cs);
    let (speakers, rule) = verb_speakers(st, a, b, cs)?;
    // Post-posed: the content precedes ("…, X said.").
    let post = st.postposed(a, b).is_some();
    Some(Frame {
        cue: a,
        order: if post { 0 } else { a },
        speakers,
        from: if post { 0 } else { b },
        to: if post { cs } else { st.nw },
        rank: rank * 2,
        rule,
    })
}

/// The speakers of the reporting verb at (a, b) whose clause starts at `cs`, and the rule.
fn verb_speakers(
    st: &Sent<'_>,
    a: usize,
    b: usize,
    cs: usize,
) -> Option<(Vec<Actor>, &'static str)> {
    let left = st
        .actors
        .iter()
        .enumerate()
        .filter(|(_, m)| {
            m.w1 <= a
                && m.w0 >= cs
                && !st.in_rel(m.w0)
                && st.prep_before(m).is_none_or(|p| p == "by")
        })
        .map(|(j, _)| j)
        .next_back();
    let pron = st
        .pronoun_at(cs, a)
        .filter(|(k, _, _)| left.is_none_or(|j| st.actors[j].w1 <= *k));
    if let Some((_, a2, _)) = pron.filter(|_| st.on(&SPEECH_PRONOUN)) {
        return (!a2.is_empty()).then_some((a2, SPEECH_PRONOUN.name));
    }
    if let Some(j) = left {
        return Some((st.group_actors(j), SPEECH_VERB.name));
    }
    if st.on(&SPEECH_INVERTED)
        && let Some(m) = st.actors.iter().find(|m| {
            m.w0 >= b
                && m.w0 <= b + 2
                && a > 0
                && st.w(b) != "that"
                && matches!(st.w(a - 1), "," | "\"" | "'")
        })
    {
        return Some((vec![m.actor.clone()], SPEECH_INVERTED.name));
    }
    if !st.on(&BEFORE_CITING) {
        return None;
    }
    let (ca, _, _) = st
        .speech
        .iter()
        .find(|(ca, _, k)| *k == SpeechKind::Cite && *ca < a)?;
    before_citing(st, *ca).map(|s| (s, BEFORE_CITING.name))
}

/// "X, citing Y, reported": X, the subject before the citation at `ca`; an entity the KB
/// cannot name stands as an organisation.
fn before_citing(st: &Sent<'_>, ca: usize) -> Option<Vec<Actor>> {
    if let Some(j) = st
        .actors
        .iter()
        .rposition(|m| m.w1 <= ca && st.prep_before(m).is_none())
    {
        return Some(st.group_actors(j));
    }
    let view = st.view;
    let e = st
        .sentence
        .entities
        .iter()
        .find(|e| view.words_of_tokens(e.start, e.end.saturating_sub(1)).1 <= ca)?;
    let (x, y) = view.words_of_tokens(e.start, e.end.saturating_sub(1));
    let txt = st
        .text
        .get(view.words[x].start..view.words[y - 1].end)
        .unwrap_or("")
        .to_owned();
    Some(vec![Actor {
        text: txt.clone(),
        name: txt,
        kind: ActorKind::Organization,
        country: None,
        sector: None,
        id: None,
    }])
}
