//! Stage `triggers`: candidate triggers from the trigger lexicon (`data/triggers.csv`), the
//! row whose part of speech fits, and each candidate's voice, control verb and tense.

use sitrep_nlp::Upos;
use sitrep_record::EventType;

use super::{BE, Cand, DETS, FUTURE, REL, Sent};
use crate::lexicon::{SpeechKind, Trigger, TriggerPos, WordClass};
use crate::rules::rule;

/// Collects the candidates in word order.
pub(crate) fn run(st: &mut Sent<'_>) {
    for i in 0..st.nw {
        if !may_trigger(st, i) {
            continue;
        }
        let Some(rows) = rows(st, i) else { continue };
        let Some(trig) = pos_fit(st, i, &rows) else {
            st.note(i, "skip: part of speech does not fit".into());
            continue;
        };
        let passive = passive(st, i, trig)
            || coordinated_passive(st, i, trig)
            || reduced_passive(st, i, trig);
        let (control, control_word, control_at) = match control(st, i, trig) {
            Some((c, k)) => (Some(c), Some(st.view.words[k].text.to_owned()), Some(k)),
            None => (None, None, None),
        };
        let future = future(st, i, trig);
        st.cands.push(Cand {
            at: i,
            trig,
            passive,
            skip: None,
            control,
            control_word,
            control_at,
            future,
            absorbed: None,
        });
    }
}

/// Punctuation, names, transport phrases and speech cues hold no trigger; an aid noun inside
/// goods ("lethal aid") still does.
fn may_trigger(st: &Sent<'_>, i: usize) -> bool {
    let aid_in_goods = st.lx.is(WordClass::AidHead, st.w(i))
        && st.ms.weapons.iter().any(|x| x.w0 <= i && i < x.w1);
    !(st.view.words[i].punct
        || st.covered(i) && !aid_in_goods
        || st.in_transport(i)
        || st.speech.iter().any(|(a, b, _)| *a <= i && i < *b))
}

/// Trigger rows for the word's form, then for its lemma.
fn rows(st: &Sent<'_>, i: usize) -> Option<Vec<usize>> {
    let (lx, w) = (st.lx, &st.view.words[i]);
    let mut rows: Vec<usize> = lx.forms.get(&*w.lower).cloned().unwrap_or_default();
    if let Some(v) = lx.forms.get(&*w.lemma) {
        for r in v {
            if !rows.contains(r) && lx.triggers[*r].lemma == w.lemma {
                rows.push(*r);
            }
        }
    }
    (!rows.is_empty()).then_some(rows)
}

rule! {
    /// What: a trigger row is taken only where the word's part of speech fits it: the tag when
    /// the tagger ran, else the word's shape and a nominal context (a determiner, "of" after).
    /// Why: "the attack" and "they attack", "a strike" and "to strike" are different events or
    /// none; untagged sentences still need a decision.
    /// Example: "Russia's attack hit a host of villages."
    /// Fixture: 20_will_future.txt
    POS_FIT = "pos-fit" in Triggers
}

/// A determiner, possessive, adjective or name before the word, or "of" after it.
fn nounish_ctx(st: &Sent<'_>, i: usize) -> bool {
    let view = st.view;
    let prev = if i > 0 { view.w(i - 1) } else { "" };
    DETS.contains(&prev)
        || prev == "'s"
        || view.w(i + 1) == "of"
        || (i > 0 && view.words[i - 1].upos == Some(Upos::Adj))
        || (i > 0
            && st.covered(i - 1)
            && !view.words[i - 1]
                .text
                .chars()
                .next()
                .is_some_and(char::is_uppercase))
        || matches!(
            prev,
            "strong" | "joint" | "alleged" | "such" | "recent" | "weapons" | "arms" | "military"
        )
}

fn pos_fit<'a>(st: &Sent<'a>, i: usize, rows: &[usize]) -> Option<&'a Trigger> {
    let (lx, w) = (st.lx, &st.view.words[i]);
    let prev = if i > 0 { st.w(i - 1) } else { "" };
    let nounish = nounish_ctx(st, i);
    let verb_tag = w.upos.map(|u| matches!(u, Upos::Verb | Upos::Aux));
    let noun_tag = w.upos.map(|u| matches!(u, Upos::Noun | Upos::Propn));
    let pick = rows.iter().map(|&r| &lx.triggers[r]).find(|t| match t.pos {
        TriggerPos::Verb => {
            let shape_ok = w.lower.ends_with("ed")
                || w.lower.ends_with("ing")
                || w.lower != t.lemma && !w.lower.ends_with('s')
                || (!t.ambig && !nounish);
            match verb_tag {
                Some(v) => v && !(w.lower.ends_with("ing") && nounish && DETS.contains(&prev)),
                None => shape_ok && !(nounish && !w.lower.ends_with("ed")),
            }
        }
        TriggerPos::Noun => match noun_tag {
            Some(v) => v || (nounish && verb_tag != Some(true)),
            None => nounish || !rows.iter().any(|&r| lx.triggers[r].pos == TriggerPos::Verb),
        },
    });
    if pick.is_none() && st.on(&POS_FIT) {
        st.fire(&POS_FIT, i);
    }
    if st.on(&POS_FIT) {
        pick
    } else {
        rows.first().map(|&r| &lx.triggers[r])
    }
}

rule! {
    /// What: a participle after a form of "be" (adverbs between) is passive.
    /// Why: the subject of "missiles were sent to Russia" is the goods, and the agent follows
    /// "by"; an active reading makes the goods' holder the supplier.
    /// Example: "The rifles were sent to the rebels by Iran."
    /// Fixture: 34_passive_by.txt
    PASSIVE = "passive" in Triggers
}

fn passive(st: &Sent<'_>, i: usize, trig: &Trigger) -> bool {
    let w = &st.view.words[i];
    if !st.on(&PASSIVE)
        || trig.pos != TriggerPos::Verb
        || !(w.lower.ends_with("ed") || w.lower.ends_with("en") || w.lower != trig.lemma)
    {
        return false;
    }
    let mut k = i;
    let mut steps = 0;
    while k > 0 && steps < 3 {
        k -= 1;
        steps += 1;
        let p = st.w(k);
        if BE.contains(&p) && p != "'s" {
            st.fire(&PASSIVE, i);
            return true;
        }
        if !(p.ends_with("ly")
            || matches!(p, "not" | "also" | "already" | "reportedly" | "allegedly"))
        {
            break;
        }
    }
    false
}

rule! {
    /// What: a participle coordinated with a passive shares its auxiliary, unless a clause of
    /// its own stands between.
    /// Why: in "were unloaded at the port and transported by rail" the second verb is passive
    /// too; read as active its goods and mode were lost.
    /// Example: "The tanks were unloaded at the port of Dakar and transported by rail to Mali."
    /// Fixture: 95_deal_worth_coordinated_passive.txt
    COORDINATED_PASSIVE = "coordinated-passive" in Triggers
}

fn coordinated_passive(st: &Sent<'_>, i: usize, trig: &Trigger) -> bool {
    let view = st.view;
    if !st.on(&COORDINATED_PASSIVE)
        || trig.pos != TriggerPos::Verb
        || !view.words[i].lower.ends_with("ed")
        || i < 4
        || view.w(i - 1) != "and"
    {
        return false;
    }
    let Some(k) = (i.saturating_sub(12)..i - 2)
        .rev()
        .find(|&k| BE.contains(&view.w(k)))
    else {
        return false;
    };
    let participle = view.w(k + 1);
    let yes = view.w(k) != "'s"
        && (participle.ends_with("ed") || participle.ends_with("en"))
        && (k + 2..i - 1).all(|x| {
            let v = view.w(x);
            !view.words[x].punct
                && !view.verbish(x)
                && !BE.contains(&v)
                && !REL.contains(&v)
                && v != "that"
        });
    if yes {
        st.fire(&COORDINATED_PASSIVE, i);
    }
    yes
}

rule! {
    /// What: an attack participle with no object after it is a reduced passive.
    /// Why: in "15 fighters killed in clashes" the fighters are the victims, not the attackers.
    /// Example: "Two villages attacked by rebels near Goma were evacuated."
    /// Fixture: 111_reduced_passive.txt
    REDUCED_PASSIVE = "reduced-passive" in Triggers
}

fn reduced_passive(st: &Sent<'_>, i: usize, trig: &Trigger) -> bool {
    let yes = st.on(&REDUCED_PASSIVE)
        && trig.pos == TriggerPos::Verb
        && st.view.words[i].lower.ends_with("ed")
        && matches!(
            st.w(i + 1),
            "" | ","
                | ":"
                | "in"
                | "on"
                | "by"
                | "at"
                | "near"
                | "during"
                | "after"
                | "."
                | ";"
                | "and"
        )
        && trig.kind == EventType::Assault;
    if yes {
        st.fire(&REDUCED_PASSIVE, i);
    }
    yes
}

rule! {
    /// What: a control verb or agreement noun before "to" and the trigger (`data/control.csv`)
    /// stages the infinitive's event: its type, status and certainty.
    /// Why: "agreed to supply" is an agreement, not a delivery; "sought to buy" is a request.
    /// An adverb or a short time phrase may stand between ("agreed last year to sell").
    /// Example: "Serbia agreed last year to sell howitzers to Cyprus."
    /// Fixture: 57_control_time_phrase.txt
    CONTROL = "control" in Triggers
}

fn control<'a>(
    st: &Sent<'a>,
    i: usize,
    trig: &Trigger,
) -> Option<(&'a crate::lexicon::Control, usize)> {
    if !st.on(&CONTROL) || i < 2 || st.w(i - 1) != "to" {
        return None;
    }
    for k in (i.saturating_sub(6)..=i - 2).rev() {
        // An agreement noun ("a contract to buy") stages only a transfer.
        if let Some(c) = st.lx.control.get(st.w(k))
            && (trig.transfer || !st.lx.is(WordClass::Agreement, st.w(k)))
        {
            st.fire(&CONTROL, k);
            return Some((c, k));
        }
        if st.view.words[k].punct || st.view.verbish(k) && !st.w(k).ends_with("ly") {
            break;
        }
    }
    None
}

rule! {
    /// What: "will", "shall" or a reported "would" up to three words before a verb marks it
    /// future.
    /// Why: a future act has not happened: it becomes a pledge (AGREE) in stage `status`.
    /// Example: "Germany said it would deliver tanks to Ukraine."
    /// Fixture: 20_will_future.txt
    FUTURE_TENSE = "future" in Triggers
}

fn future(st: &Sent<'_>, i: usize, trig: &Trigger) -> bool {
    // "said it would deliver": "would" after a verb of saying is the reported "will".
    let reported = |w: &str| w == "would" && st.speech_before(i, SpeechKind::Verb);
    let yes = st.on(&FUTURE_TENSE)
        && i >= 1
        && (1..=3).any(|d| i >= d && (FUTURE.contains(&st.w(i - d)) || reported(st.w(i - d))))
        && trig.pos == TriggerPos::Verb;
    if yes {
        st.fire(&FUTURE_TENSE, i);
    }
    yes
}
