//! Stage `filters`: candidates that are no event of their own — a standing measure, a
//! participle used as an adjective, a control verb carried by its infinitive, a purpose
//! clause, a light verb, a nominal absorbed by the verb whose object it is. A skipped
//! candidate keeps the filter's note for `explain`.

use sitrep_nlp::Upos;
use sitrep_record::EventType;

use super::{CLAIM_NOUNS, PURPOSE, Sent};
use crate::lexicon::{TriggerPos, WordClass};
use crate::rules::{Rule, rule};

/// Applies the filters in order, then lists the live candidates.
pub(crate) fn run(st: &mut Sent<'_>) {
    standing_measure(st);
    participle_modifier(st);
    call_for_nothing(st);
    let live: Vec<(usize, EventType)> = st
        .cands
        .iter()
        .filter(|c| c.skip.is_none())
        .map(|c| (c.at, c.trig.kind))
        .collect();
    meeting_purpose(st, &live);
    sanctions_object(st, &live);
    control_verb(st);
    purpose_clause(st);
    repeated_claim(st);
    hedge_adjective(st);
    claim_object(st);
    cooperative_object(st);
    empty_package(st);
    pronoun_predicate(st);
    transfer_modifier(st);
    absorbed_nominal(st);
    stopped_nominal(st);
    light_verb(st);
    st.live = (0..st.cands.len())
        .filter(|&k| st.cands[k].skip.is_none())
        .collect();
    for k in 0..st.cands.len() {
        if let Some(why) = st.cands[k].skip {
            let at = st.cands[k].at;
            st.note(at, format!("skip: {why}"));
        }
    }
}

/// Skips candidate `k` with `note` when `r` is on.
fn skip(st: &mut Sent<'_>, r: &Rule, k: usize, note: &'static str) {
    if st.on(r) {
        st.cands[k].skip = Some(note);
        st.fire(r, st.cands[k].at);
    }
}

rule! {
    /// What: a sanction noun after "in violation of", "breaching", "under" is a measure in
    /// force, not a new one.
    /// Why: "in violation of a UN arms embargo" would code a SANCTION by the UN in every
    /// smuggling story.
    /// Example: "Iran shipped rifles to the Houthis in violation of a UN arms embargo."
    /// Fixture: 53_standing_embargo.txt
    STANDING_MEASURE = "standing-measure" in Filters
}

fn standing_measure(st: &mut Sent<'_>) {
    for k in 0..st.cands.len() {
        let (at, t) = (st.cands[k].at, st.cands[k].trig);
        let before = |d: usize| if at >= d { st.w(at - d) } else { "" };
        if t.kind == EventType::Sanction
            && t.pos == TriggerPos::Noun
            && (1..=5).any(|d| {
                matches!(
                    before(d),
                    "violation" | "violations" | "breach" | "breaches"
                ) && before(d - 1) == "of"
                    || matches!(before(d), "violating" | "breaching" | "defying" | "under")
            })
        {
            skip(st, &STANDING_MEASURE, k, "standing measure, not a new one");
        }
    }
}

rule! {
    /// What: an -ed verb between a verb and a noun modifies the noun.
    /// Why: "cited intercepted communications" intercepted nothing in this sentence.
    /// Example: "Officials cited intercepted communications between Tehran and Moscow."
    /// Fixture: 58_participle_modifier.txt
    PARTICIPLE_MODIFIER = "participle-modifier" in Filters
}

fn participle_modifier(st: &mut Sent<'_>) {
    for k in 0..st.cands.len() {
        let (at, t) = (st.cands[k].at, st.cands[k].trig);
        let tag = |k: usize| st.view.words.get(k).and_then(|w| w.upos);
        if t.pos == TriggerPos::Verb
            && at > 0
            && st.w(at).ends_with("ed")
            && tag(at - 1) == Some(Upos::Verb)
            && matches!(tag(at + 1), Some(Upos::Noun | Upos::Propn))
        {
            skip(st, &PARTICIPLE_MODIFIER, k, "participle modifying a noun");
        }
    }
}

rule! {
    /// What: "call" is a request only with "for", "on" or an infinitive after it.
    /// Why: "calling them baseless" asks for nothing.
    /// Example: "Moscow rejected the claims, calling them baseless."
    /// Fixture: 56_call_without_request.txt
    CALL_FOR_NOTHING = "call-for-nothing" in Filters
}

fn call_for_nothing(st: &mut Sent<'_>) {
    for k in 0..st.cands.len() {
        let (at, t) = (st.cands[k].at, st.cands[k].trig);
        if t.lemma == "call"
            && t.pos == TriggerPos::Verb
            && !(at + 1..=at + 3).any(|k| matches!(st.w(k), "for" | "on" | "upon"))
            && st.w(at + 2) != "to"
            && st.w(at + 3) != "to"
        {
            skip(st, &CALL_FOR_NOTHING, k, "'call' asking for nothing");
        }
    }
}

rule! {
    /// What: "to discuss" after a meeting is the meeting's purpose.
    /// Why: "met Xi to discuss trade" is one consultation, not two.
    /// Example: "Putin met Xi in Beijing to discuss arms sales."
    /// Fixture: 61_counted_target_purpose_talks.txt
    MEETING_PURPOSE = "meeting-purpose" in Filters
}

fn meeting_purpose(st: &mut Sent<'_>, live: &[(usize, EventType)]) {
    for k in 0..st.cands.len() {
        let at = st.cands[k].at;
        if st.cands[k].trig.lemma == "discuss"
            && at > 0
            && st.w(at - 1) == "to"
            && live.iter().any(|&(p, k)| p < at && k == EventType::Consult)
        {
            skip(st, &MEETING_PURPOSE, k, "purpose of the meeting before it");
        }
    }
}

rule! {
    /// What: sanctions named as the object of a verb that neither imposes them nor is an event
    /// of its own are no event.
    /// Why: "called the new sanctions illegal" imposes nothing.
    /// Example: "China called the new sanctions illegal."
    /// Fixture: 56_call_without_request.txt
    SANCTIONS_OBJECT = "sanctions-object" in Filters
}

fn sanctions_object(st: &mut Sent<'_>, live: &[(usize, EventType)]) {
    for k in 0..st.cands.len() {
        let (at, t) = (st.cands[k].at, st.cands[k].trig);
        if t.kind == EventType::Sanction
            && t.pos == TriggerPos::Noun
            && let Some(v) = (at.saturating_sub(4)..at)
                .rev()
                .find(|&k| st.view.words[k].upos == Some(Upos::Verb))
            && !st.lx.has_stem(WordClass::Impose, st.w(v))
            && !live.iter().any(|&(p, _)| p == v)
            && !st.lx.speech.contains_key(st.w(v))
        {
            skip(
                st,
                &SANCTIONS_OBJECT,
                k,
                "sanctions named as the object of another verb",
            );
        }
    }
}

rule! {
    /// What: a control verb that is itself a trigger is carried by its infinitive event.
    /// Why: "agreed to supply" is one event (AGREE, status agreed), not an agreement and a
    /// supply.
    /// Example: "Pakistan agreed to supply ammunition to Ukraine."
    /// Fixture: 19_agree_future.txt
    CONTROL_VERB = "control-verb" in Filters
}

fn control_verb(st: &mut Sent<'_>) {
    for k in 0..st.cands.len().saturating_sub(1) {
        if st.cands[k + 1].control_at == Some(st.cands[k].at) {
            skip(
                st,
                &CONTROL_VERB,
                k,
                "control verb of the following infinitive",
            );
        }
    }
}

rule! {
    /// What: "to support", "to help" after a transfer is its purpose, not a new event.
    /// Why: "delivered missiles to support Russia" names the recipient, once.
    /// Example: "Iran delivered drones to Russia to support its war."
    /// Fixture: 105_purpose_clause.txt
    PURPOSE_CLAUSE = "purpose-clause" in Filters
}

fn purpose_clause(st: &mut Sent<'_>) {
    for k in 1..st.cands.len() {
        let at = st.cands[k].at;
        if st.w(at.saturating_sub(1)) == "to"
            && PURPOSE.contains(&st.cands[k].trig.lemma.as_str())
            && st.cands[..k]
                .iter()
                .any(|c| c.trig.transfer && c.skip.is_none())
        {
            skip(st, &PURPOSE_CLAUSE, k, "purpose clause of a transfer");
        }
    }
}

rule! {
    /// What: a claim verb continued by a participle of the same type is one claim.
    /// Why: "rejected the reports, dismissing them as lies" is one rejection.
    /// Example: "Russia rejected the reports, dismissing them as lies."
    /// Fixture: 106_repeated_claim.txt
    REPEATED_CLAIM = "repeated-claim" in Filters
}

fn repeated_claim(st: &mut Sent<'_>) {
    for k in 1..st.cands.len() {
        let ck = st.cands[k].trig.kind;
        if st.cands[..k].iter().any(|p| p.trig.kind == ck)
            && matches!(ck, EventType::Reject | EventType::Accuse)
            && st.w(st.cands[k].at).ends_with("ing")
            && st.w(st.cands[k].at - 1) == ","
        {
            skip(
                st,
                &REPEATED_CLAIM,
                k,
                "participle repeating the previous claim",
            );
        }
    }
}

rule! {
    /// What: "alleged" or "suspected" before a noun is a hedge (a certainty cue), not an
    /// accusation.
    /// Why: "the alleged transfer" qualifies the transfer; nobody is accused in those words.
    /// Example: "The UN investigates alleged North Korean arms sales to Russia."
    /// Fixture: 31_alleged.txt
    HEDGE_ADJECTIVE = "hedge-adjective" in Filters
}

fn hedge_adjective(st: &mut Sent<'_>) {
    for k in 0..st.cands.len() {
        let at = st.cands[k].at;
        if matches!(st.w(at), "alleged" | "suspected") {
            let nx = st.w(at + 1);
            let verb_use = matches!(nx, "that" | "," | "the" | "a" | "an" | "in" | "on")
                || st.ms.actors.iter().any(|m| m.w0 == at + 1);
            if !verb_use {
                skip(st, &HEDGE_ADJECTIVE, k, "hedge adjective (certainty cue)");
            }
        }
    }
}

rule! {
    /// What: a claim noun that is the object of a claim verb is that claim, unless its
    /// accusers are named.
    /// Why: "rejected the accusations" is one rejection; "rejected accusations by European
    /// officials that …" reports the accusation as an event of its own.
    /// Example: "Tehran rejected Kyiv's accusations."
    /// Fixture: 08_cross_sentence_denial.txt
    CLAIM_OBJECT = "claim-object" in Filters
}

fn claim_object(st: &mut Sent<'_>) {
    for k in 0..st.cands.len() {
        let at = st.cands[k].at;
        let w = st.w(at);
        let accuser_named = matches!(st.w(at + 1), "by" | "from")
            && st
                .ms
                .actors
                .iter()
                .any(|m| m.w0 >= at + 2 && m.w0 <= at + 3);
        if st.cands[k].trig.pos == TriggerPos::Noun
            && CLAIM_NOUNS.contains(&w)
            && !accuser_named
            && st.cands[..k].iter().any(|p| {
                matches!(p.trig.kind, EventType::Reject | EventType::Accuse)
                    && p.skip.is_none()
                    && at - p.at <= 4
            })
        {
            skip(st, &CLAIM_OBJECT, k, "object of the claim verb before it");
        }
    }
}

rule! {
    /// What: a cooperative verb with a cooperative noun of another type as its object is one
    /// event, the verb's.
    /// Why: "signed a defence pact" is one agreement, not an agreement and a cooperation.
    /// Example: "Russia and Iran signed a defence pact on Friday."
    /// Fixture: 44_the_two_countries.txt
    COOPERATIVE_OBJECT = "cooperative-object" in Filters
}

fn cooperative_object(st: &mut Sent<'_>) {
    let coop = |k: EventType| {
        matches!(
            k,
            EventType::Agree | EventType::Support | EventType::Cooperate | EventType::Consult
        )
    };
    for k in 1..st.cands.len() {
        let (p, c) = (&st.cands[k - 1], &st.cands[k]);
        if p.trig.pos == TriggerPos::Verb
            && c.trig.pos == TriggerPos::Noun
            && c.at - p.at <= 4
            && coop(p.trig.kind)
            && coop(c.trig.kind)
            && p.trig.kind != c.trig.kind
        {
            skip(st, &COOPERATIVE_OBJECT, k, "object of a cooperative verb");
        }
    }
}

rule! {
    /// What: a nominal that needs a modifier ("package") is an event only with aid or goods in
    /// it: before it, in an of-phrase, or after a definite determiner with goods to follow.
    /// Why: "a sanctions package" moves no goods; "a weapons package" does.
    /// Example: "The EU adopted a new sanctions package against Russia."
    /// Fixture: 72_package_of_goods_worth.txt
    EMPTY_PACKAGE = "empty-package" in Filters
}

fn empty_package(st: &mut Sent<'_>) {
    for k in 0..st.cands.len() {
        let c = &st.cands[k];
        let i = c.at;
        if !c.trig.modified || c.skip.is_some() {
            continue;
        }
        let l = st.nominal_left(i);
        let ms = st.ms;
        let pre = (l..i).any(|k| st.lx.is(WordClass::AidNoun, st.w(k)) || st.aid_kind(k).is_some())
            || ms.weapons.iter().any(|x| x.w0 >= l && x.noun0 < i);
        let of_goods = st.w(i + 1) == "of"
            && (ms.weapons.iter().any(|x| x.w0 > i + 1 && x.w0 <= i + 4)
                || (i + 2..(i + 5).min(st.nw)).any(|k| st.lx.is(WordClass::AidNoun, st.w(k))));
        let definite = i > 0
            && matches!(st.w(i - 1), "the" | "this" | "that")
            && ms.weapons.iter().any(|x| x.w0 > i);
        if !(pre || of_goods || definite) {
            skip(st, &EMPTY_PACKAGE, k, "no aid or goods in the nominal");
        }
    }
}

rule! {
    /// What: an event noun said of a pronoun sums up an event told before.
    /// Why: "It was the third such seizure this year" is no new seizure.
    /// Example: "The navy seized 300 rifles. It was the largest seizure this year."
    /// Fixture: 87_event_noun_said_of_a_pronoun.txt
    PRONOUN_PREDICATE = "pronoun-predicate" in Filters
}

fn pronoun_predicate(st: &mut Sent<'_>) {
    for k in 0..st.cands.len() {
        let c = &st.cands[k];
        let l = st.nominal_left(c.at);
        if c.trig.pos == TriggerPos::Noun
            && c.skip.is_none()
            && l >= 2
            && matches!(st.w(l - 1), "is" | "was" | "'s" | "are" | "were")
            && matches!(st.w(l - 2), "it" | "this" | "that" | "these" | "those")
            && (l - 2 == 0 || st.view.words[l - 3].punct || st.w(l - 3) == "and")
        {
            skip(
                st,
                &PRONOUN_PREDICATE,
                k,
                "predicate of a pronoun: an event told before",
            );
        }
    }
}

rule! {
    /// What: a transfer noun modifying the transfer noun after it is part of that nominal.
    /// Why: "aid package", "arms deliveries" are one transfer each.
    /// Example: "Germany approved a weapons delivery package to Ukraine."
    /// Fixture: 66_aid_package_announced.txt
    TRANSFER_MODIFIER = "transfer-modifier" in Filters
}

fn transfer_modifier(st: &mut Sent<'_>) {
    for k in 0..st.cands.len().saturating_sub(1) {
        let (a, b) = (&st.cands[k], &st.cands[k + 1]);
        if a.trig.pos == TriggerPos::Noun
            && b.trig.pos == TriggerPos::Noun
            && a.trig.transfer
            && b.trig.transfer
            && b.at > a.at
            && b.at - a.at <= 3
            && st.nominal_left(b.at) <= a.at
        {
            skip(
                st,
                &TRANSFER_MODIFIER,
                k,
                "modifier of the following transfer noun",
            );
        }
    }
}

rule! {
    /// What: an aid nominal that is the object of a transfer verb is that verb's goods; the
    /// verb carries the event. A seizure keeps the shipment it seized.
    /// Why: "sent military aid", "requested an air-defence package" are one transfer with the
    /// verb's tense, status and arguments.
    /// Example: "Britain sent military aid to Ukraine."
    /// Fixture: 65_modifier_not_actor_aid_object.txt
    ABSORBED_NOMINAL = "absorbed-nominal" in Filters
}

fn absorbed_nominal(st: &mut Sent<'_>) {
    for k in 1..st.cands.len() {
        let c = &st.cands[k];
        if c.trig.pos != TriggerPos::Noun
            || !c.trig.transfer
            || c.skip.is_some()
            || !st.lx.is(WordClass::AidHead, st.w(c.at))
            || !st.on(&ABSORBED_NOMINAL)
        {
            continue;
        }
        if let Some(v) = st.gov_verb(st.nominal_left(c.at))
            && let Some(pk) = st.cands[..k].iter().position(|p| {
                p.at == v
                    && p.trig.pos == TriggerPos::Verb
                    && p.trig.transfer
                    && p.trig.kind != EventType::Coerce
                    && p.skip.is_none()
            })
        {
            let at = c.at;
            skip(
                st,
                &ABSORBED_NOMINAL,
                k,
                "object of the transfer verb before it",
            );
            st.cands[pk].absorbed = Some(at);
        }
    }
}

rule! {
    /// What: a transfer nominal that is the object of a verb that stops it is that verb's
    /// event, not a transfer.
    /// Why: "suspended military aid" moves nothing: it is a SANCTION.
    /// Example: "Washington suspended military aid to Egypt."
    /// Fixture: 75_aid_withheld.txt
    STOPPED_NOMINAL = "stopped-nominal" in Filters
}

fn stopped_nominal(st: &mut Sent<'_>) {
    for k in 1..st.cands.len() {
        let c = &st.cands[k];
        if c.trig.pos == TriggerPos::Noun
            && c.trig.transfer
            && c.skip.is_none()
            && st.on(&STOPPED_NOMINAL)
            && let Some(v) = st.gov_verb(st.nominal_left(c.at))
            && let Some(pk) = st.cands[..k].iter().position(|p| {
                p.at == v
                    && p.skip.is_none()
                    && (p.trig.kind == EventType::Sanction
                        || st
                            .lx
                            .nominal
                            .get(st.w(v))
                            .is_some_and(|g| g.kind == Some(EventType::Sanction)))
            })
        {
            let at = c.at;
            skip(st, &STOPPED_NOMINAL, k, "object of a verb that stops it");
            st.cands[pk].absorbed = Some(at);
        }
    }
}

rule! {
    /// What: a light verb before its nominal of the same type gives way to the nominal.
    /// Why: "impose sanctions", "launched an attack" are one event each, told by the noun.
    /// Example: "Fifteen soldiers killed in clashes near Goma were buried on Sunday."
    /// Fixture: 107_light_verb.txt
    LIGHT_VERB = "light-verb" in Filters
}

fn light_verb(st: &mut Sent<'_>) {
    for k in 1..st.cands.len() {
        let (p, c) = (&st.cands[k - 1], &st.cands[k]);
        if p.trig.pos == TriggerPos::Verb
            && c.skip.is_none()
            && c.trig.pos == TriggerPos::Noun
            && c.at - p.at <= 3
            && p.trig.kind == c.trig.kind
        {
            skip(
                st,
                &LIGHT_VERB,
                k - 1,
                "light verb of the following nominal",
            );
        }
    }
}
