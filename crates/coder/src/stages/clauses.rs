//! Stage `clauses`: clause boundaries (complementisers after reporting verbs, relative
//! pronouns, participles, "according to X,", post-posed speakers) and ", which/who … ,"
//! relative clauses, whose closing comma resumes the clause before them.

use sitrep_nlp::Upos;

use super::{REL, Sent};
use crate::lexicon::SpeechKind;
use crate::rules::rule;

/// Cuts the sentence into clauses.
pub(crate) fn run(st: &mut Sent<'_>) {
    st.bounds = vec![0];
    clause_bounds(st);
    relative_clause(st);
    st.bounds.sort_unstable();
    st.bounds.dedup();
}

rule! {
    /// What: a clause ends at ";", ":", a dash, before a complement "that", a ", which", a ",
    /// -ing" participle, after a reporting verb, around "according to X," and before a
    /// post-posed speaker.
    /// Why: arguments, certainty cues and dates are read within the trigger's clause; without
    /// bounds the speaker of "X said" becomes the supplier of the reported transfer.
    /// Example: "Pyongyang shipped shells to Moscow, Seoul said."
    /// Fixture: 22_according_to_chain.txt
    CLAUSE_BOUNDS = "clause-bounds" in Clauses
}

fn clause_bounds(st: &mut Sent<'_>) {
    if !st.on(&CLAUSE_BOUNDS) {
        return;
    }
    let (view, lx, nw) = (st.view, st.lx, st.nw);
    let mut bounds = std::mem::take(&mut st.bounds);
    for i in 0..nw {
        let w = view.w(i);
        if matches!(w, ";" | ":" | "\u{2014}") {
            bounds.push(i + 1);
        }
        if w == "that"
            && i > 0
            && (view.verbish(i - 1)
                || st.speech.iter().any(|(_, b, _)| *b == i)
                || lx.cues.contains_key(view.w(i - 1))
                || lx.speech.contains_key(view.w(i - 1)))
        {
            bounds.push(i + 1);
        }
        if REL.contains(&w) && i > 0 && view.w(i - 1) == "," {
            bounds.push(i);
        }
        if w == ","
            && view.w(i + 1).ends_with("ing")
            && view
                .words
                .get(i + 1)
                .is_some_and(|x| x.upos.is_none_or(|u| u == Upos::Verb))
        {
            bounds.push(i + 1);
        }
    }
    for &(a, b, kind) in &st.speech {
        match kind {
            SpeechKind::Verb => {
                if view.w(b) != "that" {
                    bounds.push(b);
                }
                // A post-posed speaker (", X said") closes the clause before it.
                if let Some(k) = st.postposed(a, b) {
                    bounds.push(k);
                }
            }
            SpeechKind::Prep | SpeechKind::Cite => {
                // "according to X," : the clause starts after the comma.
                let mut k = b;
                while k < nw && view.w(k) != "," && k - b < 10 {
                    k += 1;
                }
                if k < nw && view.w(k) == "," {
                    bounds.push(a);
                    bounds.push(k + 1);
                }
            }
        }
    }
    if bounds.len() > 1 {
        st.fire(&CLAUSE_BOUNDS, bounds[1]);
    }
    st.bounds = bounds;
}

rule! {
    /// What: ", which/who … ," with a verb inside is a relative clause; the clause after its
    /// closing comma continues the one before it, whose subject sits before the pronoun.
    /// Why: in "Poland, which had pressed Berlin, said …" the speaker is Poland, not Berlin.
    /// Example: "Poland, which had pressed Berlin for months, said it would send tanks to Ukraine."
    /// Fixture: 82_speaker_before_relative_clause_reported_future.txt
    RELATIVE_CLAUSE = "relative-clause" in Clauses
}

fn relative_clause(st: &mut Sent<'_>) {
    if !st.on(&RELATIVE_CLAUSE) {
        return;
    }
    let (view, nw) = (st.view, st.nw);
    for i in 1..nw {
        if matches!(view.w(i), "which" | "who")
            && view.w(i - 1) == ","
            && let Some(e) = (i + 1..nw.min(i + 14)).find(|&k| view.w(k) == ",")
            && ((i + 1..e).any(|k| view.verbish(k) || st.cands.iter().any(|c| c.at == k))
                || (view.w(i + 1).ends_with('s')
                    && !view.words[i + 1].text.starts_with(char::is_uppercase)))
        {
            st.rel_spans.push((i, e));
            st.bounds.push(e + 1);
            st.fire(&RELATIVE_CLAUSE, i);
        }
    }
}
