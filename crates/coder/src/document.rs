//! Stage `document`: what links the drafts of a whole document once every sentence is coded —
//! a destination told a sentence later, claims about earlier events, embargo flags, and
//! retellings merged into one event — and the records with their ids.

use chrono::NaiveDate;
use sitrep_record::{Actor, Event, EventType, Evidence};

use crate::embargo::Embargoes;
use crate::events::Draft;
use crate::rules::{RuleSet, rule};

/// The document-level rules that fired: (rule, sentence, word).
pub(crate) type Fired = Vec<(&'static str, usize, usize)>;

rule! {
    /// What: a destination phrase that no transfer of its own sentence took names the recipient
    /// of the latest transfer of the two sentences before that has none (`rcp:<phrase>(next
    /// sentence)`), and adds the sentence to its evidence.
    /// Why: "The navy seized 900 rifles. Officials said the weapons were destined for the
    /// Houthis": the recipient is told a sentence after the seizure.
    /// Example: "The Indian navy seized 900 assault rifles from a dhow. Officials said the weapons were destined for Yemen's Houthi rebels."
    /// Fixture: 85_destination_sets_recipient.txt
    NEXT_SENTENCE_DESTINATION = "destination:next-sentence" in Document
}

/// Gives an earlier transfer the destination sentence `si` named (see the rule).
pub(crate) fn next_sentence_destination(
    all: &mut [Draft],
    dest: (Actor, String),
    ev: Evidence,
    rules: &RuleSet,
    fired: &mut Fired,
) {
    if !rules.on(&NEXT_SENTENCE_DESTINATION) {
        return;
    }
    let si = ev.sentence;
    let Some(d) = all.iter_mut().rev().find(|d| {
        d.sentence + 2 >= si && d.transfer.as_ref().is_some_and(|t| t.recipient.is_none())
    }) else {
        return;
    };
    let Some(t) = &mut d.transfer else { return };
    let (actor, phrase) = dest;
    t.recipient = Some(actor);
    d.why.push(format!("rcp:{phrase}(next sentence)"));
    d.evidence.push(ev);
    fired.push((NEXT_SENTENCE_DESTINATION.name, d.sentence, d.at));
}

rule! {
    /// What: a claim marked `about-earlier` is about every earlier transfer or aid event whose
    /// source is among the claim's sources' countries; a denial also about earlier accusations
    /// against its sources and transfers they took part in.
    /// Why: "Tehran rejected the accusations" denies the sending told before, so the ledger
    /// can name the denier.
    /// Example: "Iran sent drones to Russia, Kyiv said. Tehran rejected the accusations."
    /// Fixture: 08_cross_sentence_denial.txt
    EARLIER_EVENTS = "earlier-events" in Document
}

rule! {
    /// What: a claim about a complement of some event type ("condemned the launch") is about
    /// the latest earlier event of that type; an accusation without a target accuses its
    /// sources (`tgt:complement-event`).
    /// Why: "North Korea fired missiles, and Japan condemned the launch": Japan accuses North
    /// Korea, of that launch.
    /// Example: "North Korea fired ballistic missiles on Wednesday, and Japan condemned the launch."
    /// Fixture: 42_weekday_date.txt
    COMPLEMENT_EVENT = "tgt:complement-event" in Document
}

/// Sets every draft's `about`: its same-sentence complements, then earlier events.
pub(crate) fn about_links(all: &mut [Draft], rules: &RuleSet, fired: &mut Fired) {
    for k in 0..all.len() {
        let (sent, words) = (all[k].sentence, all[k].about_words.clone());
        let mut about: Vec<usize> = (0..all.len())
            .filter(|&j| all[j].sentence == sent && words.contains(&all[j].at))
            .collect();
        if all[k].about_earlier {
            if rules.on(&EARLIER_EVENTS) {
                earlier_events(all, k, &mut about, fired);
            }
            if rules.on(&COMPLEMENT_EVENT) {
                complement_event(all, k, &mut about, fired);
            }
        }
        all[k].about = about;
    }
}

fn earlier_events(all: &[Draft], k: usize, about: &mut Vec<usize>, fired: &mut Fired) {
    let (sent, words) = (all[k].sentence, &all[k].about_words);
    let claimers: Vec<Option<String>> = all[k].sources.iter().map(|a| a.country.clone()).collect();
    let touches = |list: &[Actor]| {
        list.iter()
            .any(|a| a.country.is_some() && claimers.contains(&a.country))
    };
    let is_reject = all[k].kind == EventType::Reject;
    for (j, d) in all.iter().enumerate().take(k) {
        if d.sentence == sent && !words.contains(&d.at) {
            continue;
        }
        let moved = d.transfer.is_some() || d.kind == EventType::Aid;
        let ok = if is_reject {
            d.kind == EventType::Accuse && touches(&d.targets)
                || moved && (touches(&d.sources) || touches(&d.targets))
        } else {
            moved && touches(&d.sources)
        };
        if ok && !about.contains(&j) {
            about.push(j);
            fired.push((EARLIER_EVENTS.name, all[k].sentence, all[k].at));
        }
    }
}

fn complement_event(all: &mut [Draft], k: usize, about: &mut Vec<usize>, fired: &mut Fired) {
    for kind in all[k].about_kinds.clone() {
        let Some(j) = (0..k).rev().find(|&j| all[j].kind == kind) else {
            continue;
        };
        if !about.contains(&j) {
            about.push(j);
        }
        fired.push((COMPLEMENT_EVENT.name, all[k].sentence, all[k].at));
        if all[k].targets.is_empty() && all[k].kind == EventType::Accuse {
            let src = all[j].sources.clone();
            all[k].targets = src;
            all[k].why.push("tgt:complement-event".into());
        }
    }
}

rule! {
    /// What: a transfer, agreement, seizure or request that is not negated is flagged with the
    /// UN arms embargoes its supplier or recipient fall under on its date (or the publication
    /// date), from `data/embargoes.csv` (`flag:embargo`).
    /// Why: analysts monitor embargoes; the flag is what they filter on.
    /// Example: "North Korea sent artillery shells to Russia in March."
    /// Fixture: 02_transfer_passive_origin.txt
    EMBARGO = "flag:embargo" in Document
}

/// The event types an embargo flag applies to.
const FLAGGED: [EventType; 4] = [
    EventType::Aid,
    EventType::Agree,
    EventType::Coerce,
    EventType::Request,
];

/// Applies the embargo flags (see the rule).
pub(crate) fn embargo_flags(
    all: &mut [Draft],
    embargoes: &Embargoes,
    published: Option<NaiveDate>,
    rules: &RuleSet,
    fired: &mut Fired,
) {
    if !rules.on(&EMBARGO) {
        return;
    }
    for d in all {
        let Some(t) = &d.transfer else { continue };
        if !FLAGGED.contains(&d.kind) || d.negated {
            continue;
        }
        let date = d
            .date
            .as_ref()
            .and_then(|r| NaiveDate::parse_from_str(&r.start, "%Y-%m-%d").ok())
            .or(published);
        let flags = embargoes.flags_for(t.supplier.as_ref(), t.recipient.as_ref(), date);
        d.flags = flags;
        if !d.flags.is_empty() {
            d.why.push("flag:embargo".into());
            fired.push((EMBARGO.name, d.sentence, d.at));
        }
    }
}

rule! {
    /// What: two drafts of different sentences are one event when type, negation, source and
    /// target countries and item categories are equal and their dates do not conflict; the
    /// first keeps its fields, fills what it left open from the retelling (date, place,
    /// transport, quantities, designations) and adds its evidence, attribution and links
    /// (`dedup:merged`).
    /// Why: a story tells its main claim in the lead and again later; one claim told twice by
    /// two speakers names both. Events that differ in goods stay separate.
    /// Example: "South Korea's military said North Korea sent artillery shells to Russia in March. North Korea sent artillery shells to Russia this month, the military said."
    /// Fixture: 40_dedup_twice.txt
    MERGED = "dedup:merged" in Document
}

rule! {
    /// What: a later sentence about an aid package told before ("the package would include
    /// Stinger missiles") gives the package its goods, keeping its status, value and supplier
    /// (`goods:continued`), and is merged into it.
    /// Why: an announcement names the package first and its contents a sentence later.
    /// Example: "The United States announced a new aid package for Ukraine on Friday. The Pentagon said the package would include Stinger missiles and 155mm rounds."
    /// Fixture: 73_package_items_later.txt
    PACKAGE_CONTINUED = "goods:continued" in Document
}

/// For each draft, the earlier draft it is merged into, if any.
pub(crate) fn merges(all: &[Draft], rules: &RuleSet) -> Vec<Option<usize>> {
    let mut into: Vec<Option<usize>> = vec![None; all.len()];
    for j in 0..all.len() {
        into[j] = (0..j).find(|&k| {
            into[k].is_none()
                && (rules.on(&MERGED) && same_event(&all[k], &all[j])
                    || rules.on(&PACKAGE_CONTINUED) && continues(&all[k], &all[j]))
        });
    }
    into
}

/// Merges every draft into the one `into` names.
pub(crate) fn merge(all: &mut [Draft], into: &[Option<usize>], fired: &mut Fired) {
    for j in 0..all.len() {
        if let Some(k) = into[j] {
            let later = all[j].clone();
            let generic = continues(&all[k], &later);
            let d = &mut all[k];
            if generic {
                continue_package(d, &later);
                fired.push((PACKAGE_CONTINUED.name, later.sentence, later.at));
            }
            absorb(d, later);
            fired.push((MERGED.name, d.sentence, d.at));
        }
    }
}

/// "The package would include Stinger missiles": the goods of the package.
fn continue_package(d: &mut Draft, later: &Draft) {
    let Some(mut b) = later.transfer.clone() else {
        return;
    };
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

/// The retelling completes what the first report left open.
fn absorb(d: &mut Draft, later: Draft) {
    if d.date.is_none() {
        d.date = later.event.date;
    }
    if d.location.is_none() {
        d.location = later.event.location;
    }
    if let (Some(a), Some(b)) = (d.transfer.as_mut(), later.event.transfer) {
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
    for e in later.event.evidence {
        if !d.evidence.contains(&e) {
            d.evidence.push(e);
        }
    }
    for a in later.event.attribution {
        if !d.attribution.iter().any(|x| x.name == a.name) {
            d.attribution.push(a);
        }
    }
    for a in later.about {
        if !d.about.contains(&a) {
            d.about.push(a);
        }
    }
    d.why.push("dedup:merged".into());
}

/// The records: one per draft not merged away, numbered `e1`, `e2`, … in order, with `about`
/// as ids (a merged draft's links point at the event it was merged into).
pub(crate) fn records(all: &[Draft], into: &[Option<usize>]) -> Vec<Event> {
    let mut ids: Vec<Option<String>> = vec![None; all.len()];
    let mut n = 0;
    for j in 0..all.len() {
        if into[j].is_none() {
            n += 1;
            ids[j] = Some(format!("e{n}"));
        }
    }
    let id_of = |j: usize| ids[into[j].unwrap_or(j)].clone();
    let mut out = Vec::new();
    for (j, d) in all.iter().enumerate() {
        let Some(own) = ids[j].clone() else { continue };
        let mut about: Vec<String> = d.about.iter().filter_map(|&a| id_of(a)).collect();
        about.dedup();
        about.retain(|a| *a != own);
        out.push(d.to_event(own, about));
    }
    out
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
