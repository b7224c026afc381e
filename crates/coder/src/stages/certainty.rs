//! Stage `certainty`: a candidate's negation, certainty (the cues of `data/certainty.csv`
//! and the control or governing verb's level) and attribution (the speech frames over it,
//! nearest speaker first), and the sources a speaker's own act or the transfer still lacks.

use sitrep_record::{Actor, Certainty, CertaintyLevel, EventType};

use super::draft::Build;
use super::{FUTURE, Frame, NEG, Sent};
use crate::lexicon::{TriggerPos, WordClass, level_rank};
use crate::rules::rule;

/// Sets negation, certainty and attribution.
pub(crate) fn run(st: &Sent<'_>, b: &mut Build<'_>) {
    negation(st, b);
    certainty(st, b);
    let fr = attribution(st, b);
    speaker_act(st, b, &fr);
    supplier_from_source(st, b);
}

rule! {
    /// What: "not", "never", "no" up to three words before the trigger in its clause negate it;
    /// "no evidence" and a verb after "no" do not.
    /// Why: "did not send" is a statement that nothing was sent; denials are built on it.
    /// Example: "Pyongyang said it had not sent weapons to Russia."
    /// Fixture: 06_negation.txt
    NEGATION = "negation" in Certainty
}

fn negation(st: &Sent<'_>, b: &mut Build<'_>) {
    let (i, cs) = (b.i, b.cs);
    b.negated = st.on(&NEGATION)
        && (1..=3).any(|d| {
            i >= d + cs.min(i)
                && i >= d
                && NEG.contains(&st.w(i - d))
                && !(st.w(i - d) == "no" && st.w(i - d + 1) == "evidence")
        })
        && !(i >= 1 && st.w(i - 1) == "no" && b.t.pos == TriggerPos::Verb);
    if b.negated {
        st.fire(&NEGATION, i);
    }
}

rule! {
    /// What: a certainty word ("likely", "reportedly", "may") sets the level of the nearest
    /// trigger to its right in its clause, else the nearest to its left.
    /// Why: "likely sent" hedges the sending, not the speaker's saying.
    /// Example: "North Korea likely sent missiles to Russia."
    /// Fixture: 04_hedge_might.txt
    CERT_WORD = "cert:word" in Certainty
}

rule! {
    /// What: a certainty frame ("it is believed that", "suspected of") hedges every trigger
    /// after it; a condition ("if", "unless") also hedges the modal main clause before it.
    /// Why: "would impose sanctions if reports were confirmed" has imposed nothing.
    /// Example: "Germany would impose sanctions if Iran sent missiles to Russia."
    /// Fixture: 96_condition.txt
    CERT_FRAME = "cert:frame" in Certainty
}

rule! {
    /// What: the level set by a control verb, a governing verb or a verb of asking wins when it
    /// is lower than the cues'.
    /// Why: "plans to send", "is considering a package" are only possible.
    /// Example: "Seoul is considering a package of artillery shells for Kyiv."
    /// Fixture: 74_package_considered_requested.txt
    CERT_CONTROL = "cert:control" in Certainty
}

/// Whether the cue at (a, b) applies to the trigger at `i`.
fn cue_applies(
    st: &Sent<'_>,
    b: &Build<'_>,
    a: usize,
    e: usize,
    frame: bool,
    condition: bool,
) -> bool {
    let (i, cs, ce) = (b.i, b.cs, b.ce);
    if frame {
        return e <= i
            || condition
                && a > i
                && st.clause(a) == (cs, ce)
                && (i.saturating_sub(3)..i).any(|k| {
                    // A main clause under a modal depends on the condition after it.
                    FUTURE.contains(&st.w(k)) || matches!(st.w(k), "would" | "could")
                });
    }
    if st.clause(a) != (cs, ce) {
        return false;
    }
    // The nearest trigger to the right in the clause, else to the left.
    let ats = || st.live.iter().map(|&k| st.cands[k].at);
    match ats().find(|&x| x >= e && x < ce) {
        Some(x) => x == i,
        None => ats().rfind(|&x| x < a && x >= cs) == Some(i),
    }
}

fn certainty(st: &Sent<'_>, b: &mut Build<'_>) {
    let mut level = CertaintyLevel::Asserted;
    let mut cue: Option<String> = None;
    let mut cue_rule = None;
    for (a, e, cu) in &st.cue_hits {
        let r = if cu.frame { &CERT_FRAME } else { &CERT_WORD };
        if st.on(r)
            && cue_applies(st, b, *a, *e, cu.frame, cu.condition)
            && (cue.is_none() || level_rank(cu.level) < level_rank(level))
        {
            level = cu.level;
            let words: Vec<&str> = (*a..*e).map(|k| st.view.words[k].text).collect();
            cue = Some(words.join(" "));
            cue_rule = Some(r);
        }
    }
    if let Some((l, w)) = b.cert_override.take()
        && level_rank(l) < level_rank(level)
        && st.on(&CERT_CONTROL)
    {
        level = l;
        cue = Some(w);
        cue_rule = Some(&CERT_CONTROL);
    }
    if let Some(r) = cue_rule {
        b.why
            .push(format!("{}({})", r.name, cue.clone().unwrap_or_default()));
        st.fire(r, b.i);
    }
    b.certainty = Certainty { level, cue };
}

rule! {
    /// What: the speakers of every frame over the trigger (not its own cue) attribute it,
    /// nearest first (`attr:` followed by the frames' rules).
    /// Why: "lawmaker Yoo said the NIS disclosed …": the NIS, then Yoo.
    /// Example: "Lawmaker Yoo said the spy agency disclosed that North Korea sent shells to Russia."
    /// Fixture: 22_according_to_chain.txt
    ATTRIBUTION = "attr" in Certainty
}

fn attribution<'s>(st: &'s Sent<'_>, b: &mut Build<'_>) -> Vec<&'s Frame> {
    let i = b.i;
    let mut fr: Vec<&Frame> = st
        .frames
        .iter()
        .filter(|f| f.from <= i && i < f.to && f.cue != i)
        .collect();
    if !st.on(&ATTRIBUTION) {
        return fr;
    }
    fr.sort_by_key(|f| std::cmp::Reverse((f.order, f.rank)));
    let mut attribution: Vec<Actor> = Vec::new();
    for f in &fr {
        for s in &f.speakers {
            if !attribution
                .iter()
                .any(|a| a.name == s.name && a.country == s.country)
            {
                attribution.push(s.clone());
            }
        }
    }
    if !fr.is_empty() {
        b.why.push(format!(
            "attr:{}",
            fr.iter().map(|f| f.rule).collect::<Vec<_>>().join(">")
        ));
        st.fire(&ATTRIBUTION, i);
    }
    b.attribution = attribution;
    fr
}

rule! {
    /// What: a nominal right after a speaker's verb that puts it in place is the speaker's own
    /// act (`src:announcer`).
    /// Why: "The EU announced new sanctions on Russia": the EU sanctions.
    /// Example: "The EU announced new sanctions on Russia."
    /// Fixture: 63_brussels_announcer_igo_people.txt
    SPEAKER_ACT = "src:announcer" in Certainty
}

fn speaker_act(st: &Sent<'_>, b: &mut Build<'_>, fr: &[&Frame]) {
    let i = b.i;
    if b.sources.is_empty()
        && b.t.pos == TriggerPos::Noun
        && st.on(&SPEAKER_ACT)
        && let Some(f) = fr.iter().find(|f| {
            f.cue < i
                && (i - f.cue <= 4 || b.gov_i == Some(f.cue))
                && st.lx.has_stem(WordClass::Impose, st.w(f.cue))
        })
    {
        b.sources.clone_from(&f.speakers);
        b.why.push(SPEAKER_ACT.name.into());
        st.fire(&SPEAKER_ACT, f.cue);
    }
}

rule! {
    /// What: a transfer still without a supplier takes the event's first source (a request's
    /// recipient, its asker).
    /// Why: sources found late (the announcer) belong in the transfer too.
    /// Example: "Washington announced the delivery of missiles to Kyiv."
    /// Fixture: 102_supplier_from_source.txt
    SUPPLIER_FROM_SOURCE = "supplier-from-source" in Certainty
}

fn supplier_from_source(st: &Sent<'_>, b: &mut Build<'_>) {
    let (kind, reverse) = (b.kind, b.reverse);
    let first = b.sources.first().cloned();
    if let Some(tr) = b.transfer.as_mut()
        && tr.supplier.is_none()
        && first.is_some()
        && kind != EventType::Coerce
        && st.on(&SUPPLIER_FROM_SOURCE)
    {
        if kind == EventType::Request && !reverse {
            tr.recipient = tr.recipient.take().or(first);
        } else {
            tr.supplier = first;
        }
        st.fire(&SUPPLIER_FROM_SOURCE, b.i);
    }
}
