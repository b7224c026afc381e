//! A document's transfer claims from its events: which events tell of the same goods
//! ([`group`]), then each claim's fields merged from its events ([`claim`]).

use std::borrow::Cow;

use sitrep_record::{
    Actor, Certainty, CertaintyLevel, DateRange, Event, EventType, Evidence, Flag, Inference, Item,
    Money, Quantity, Stage, Stance, TransferClaim,
};

/// The document's transfer claims, in order of their first event: one per (supplier,
/// recipient) pair of the events' `transfer` blocks. An event that lacks a side continues the
/// latest claim it shares the other side with, or, when it retells the goods ("the
/// shipment", "they"), the latest claim it does not contradict; the claim then fills the side.
pub fn assemble(events: &[Event]) -> Vec<TransferClaim> {
    let events = split_lists(events);
    let mut claims: Vec<TransferClaim> = group(&events)
        .iter()
        .enumerate()
        .map(|(n, g)| claim(n, g, &events))
        .collect();
    fill_from_document(&mut claims);
    claims
}

/// A claim that names only its supplier, in a document whose claims with both sides all go
/// to one recipient, goes to that recipient too (and the same for a lone recipient and one
/// supplier): an article about arms for Myanmar lists who sent them, often in sentences
/// that name only the senders. The filled side is listed in `inferred`.
fn fill_from_document(claims: &mut [TransferClaim]) {
    let only = |get: fn(&TransferClaim) -> Option<&Actor>| -> Option<Actor> {
        let mut sides = claims
            .iter()
            .filter(|c| c.supplier.is_some() && c.recipient.is_some())
            .filter_map(get);
        let first = sides.next()?.clone();
        sides
            .all(|a| key(Some(a)) == key(Some(&first)))
            .then_some(first)
    };
    let recipient = only(|c| c.recipient.as_ref());
    let supplier = only(|c| c.supplier.as_ref());
    let pairs: Vec<(Option<String>, Option<String>)> = claims
        .iter()
        .map(|c| (key(c.supplier.as_ref()), key(c.recipient.as_ref())))
        .collect();
    for c in claims.iter_mut() {
        let (s, r) = (key(c.supplier.as_ref()), key(c.recipient.as_ref()));
        match (&c.supplier, &c.recipient, &recipient, &supplier) {
            (Some(_), None, Some(rcp), _)
                if key(Some(rcp)) != s && !pairs.contains(&(s.clone(), key(Some(rcp)))) =>
            {
                c.inferred
                    .push(inference("recipient", "document_recipient", &rcp.text));
                c.recipient = Some(rcp.clone());
            }
            (None, Some(_), _, Some(sup))
                if key(Some(sup)) != r && !pairs.contains(&(key(Some(sup)), r.clone())) =>
            {
                c.inferred
                    .push(inference("supplier", "document_supplier", &sup.text));
                c.supplier = Some(sup.clone());
            }
            _ => {}
        }
    }
}

/// Lists of suppliers or recipients ("the UAE, Turkey and Iran have supplied …"): an event
/// whose transfer side is the first of several coordinated actors is told once per actor,
/// each copy with that actor on the side (same id and evidence), so each pair is a claim.
/// Documents without such lists are passed through uncopied.
fn split_lists(events: &[Event]) -> Cow<'_, [Event]> {
    if !events
        .iter()
        .any(|e| e.sources.len() > 1 || e.targets.len() > 1)
    {
        return Cow::Borrowed(events);
    }
    let mut out = Vec::with_capacity(events.len());
    for e in events {
        out.push(e.clone());
        let Some(t) = &e.transfer else { continue };
        let (ks, kr) = (key(t.supplier.as_ref()), key(t.recipient.as_ref()));
        let sides = others(e, t.supplier.as_ref(), true)
            .into_iter()
            .filter(|a| key(Some(a)) != kr)
            .map(|a| (a, true))
            .chain(
                others(e, t.recipient.as_ref(), false)
                    .into_iter()
                    .filter(|a| key(Some(a)) != ks)
                    .map(|a| (a, false)),
            );
        for (a, supplier) in sides {
            let mut c = e.clone();
            if let Some(ct) = c.transfer.as_mut() {
                let side = if supplier {
                    &mut ct.supplier
                } else {
                    &mut ct.recipient
                };
                *side = Some(a.clone());
            }
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// The actors coordinated with `side` in the event's list it heads (a supplier's in the
/// sources, a recipient's in the targets, else the other list), one per distinct key and
/// never the side itself.
fn others<'a>(e: &'a Event, side: Option<&Actor>, supplier: bool) -> Vec<&'a Actor> {
    let Some(k) = key(side) else {
        return Vec::new();
    };
    let heads = |l: &&Vec<Actor>| key(l.first()).as_deref() == Some(k.as_str());
    let (own, other) = if supplier {
        (&e.sources, &e.targets)
    } else {
        (&e.targets, &e.sources)
    };
    let list = Some(own).filter(heads).or(Some(other).filter(heads));
    let mut seen = vec![k];
    let mut out = Vec::new();
    for a in list.into_iter().flatten() {
        if let Some(ka) = key(Some(a))
            && !seen.contains(&ka)
        {
            seen.push(ka);
            out.push(a);
        }
    }
    out
}

/// Grouping key of an actor: its country (a company or a ministry counts as its state),
/// else its name in lower case.
fn key(a: Option<&Actor>) -> Option<String> {
    let a = a?;
    Some(a.country.clone().unwrap_or_else(|| a.name.to_lowercase()))
}

/// The events behind one claim (indices into the document's events, in document order) and
/// the sides known so far.
#[derive(Debug)]
struct Group {
    supplier: Option<String>,
    recipient: Option<String>,
    members: Vec<usize>,
}

/// Puts every transfer event in a group (see [`assemble`]).
fn group(events: &[Event]) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    for (i, e) in events.iter().enumerate() {
        let Some(t) = &e.transfer else { continue };
        let (s, r) = (key(t.supplier.as_ref()), key(t.recipient.as_ref()));
        match pick(&groups, s.as_deref(), r.as_deref(), retells(e)) {
            Some(k) => {
                let g = &mut groups[k];
                g.supplier = g.supplier.take().or(s);
                g.recipient = g.recipient.take().or(r);
                g.members.push(i);
            }
            None => groups.push(Group {
                supplier: s,
                recipient: r,
                members: vec![i],
            }),
        }
    }
    merge_same_pairs(groups)
}

/// The group an event with sides `s`, `r` continues: the same pair, else the latest group
/// that shares a side and contradicts neither, else (goods retold) the latest that
/// contradicts neither.
fn pick(groups: &[Group], s: Option<&str>, r: Option<&str>, retold: bool) -> Option<usize> {
    let same = |g: &Option<String>, x: Option<&str>| x.is_some() && g.as_deref() == x;
    let fits = |g: &Option<String>, x: Option<&str>| g.is_none() || x.is_none() || same(g, x);
    if let Some(k) = groups
        .iter()
        .rposition(|g| same(&g.supplier, s) && same(&g.recipient, r))
    {
        return Some(k);
    }
    let compatible = |g: &Group| fits(&g.supplier, s) && fits(&g.recipient, r);
    if let Some(k) = groups
        .iter()
        .rposition(|g| compatible(g) && (same(&g.supplier, s) || same(&g.recipient, r)))
    {
        return Some(k);
    }
    if retold {
        return groups.iter().rposition(compatible);
    }
    None
}

/// Groups whose sides, once filled, became the same pair are one claim.
fn merge_same_pairs(groups: Vec<Group>) -> Vec<Group> {
    let mut out: Vec<Group> = Vec::new();
    for g in groups {
        let known = g.supplier.is_some() && g.recipient.is_some();
        match out
            .iter_mut()
            .find(|o| known && o.supplier == g.supplier && o.recipient == g.recipient)
        {
            Some(o) => {
                o.members.extend(g.members);
                o.members.sort_unstable();
            }
            None => out.push(g),
        }
    }
    out
}

/// Determiners that tell goods again rather than introduce them.
const DEFINITE: [&str; 4] = ["the", "these", "those", "such"];

/// Whether the event tells of goods already told: its sentence names its goods or its
/// trigger noun with a definite determiner ("the shipment", "the drones"), or its supplier
/// is a pronoun ("they").
fn retells(e: &Event) -> bool {
    if e.why.contains("src:pronoun") {
        return true;
    }
    let Some(text) = e.evidence.first().map(|x| x.text.to_lowercase()) else {
        return false;
    };
    let mut nouns: Vec<String> = (e.transfer.iter())
        .flat_map(|t| &t.items)
        .map(|i| i.text.to_lowercase())
        .collect();
    nouns.extend(trigger_noun(&e.why));
    nouns.iter().any(|n| {
        DEFINITE
            .iter()
            .any(|d| has_phrase(&text, &format!("{d} {n}")))
    })
}

/// The trigger of a nominal event from its trace (`AID:n 'shipment'` → `shipment`).
fn trigger_noun(why: &str) -> Option<String> {
    let rest = why.split_once(":n '")?.1;
    Some(rest.split_once('\'')?.0.to_lowercase())
}

/// Whether `phrase` occurs in `text` between word boundaries.
fn has_phrase(text: &str, phrase: &str) -> bool {
    let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
    text.match_indices(phrase).any(|(at, _)| {
        boundary(text[..at].chars().next_back())
            && boundary(text[at + phrase.len()..].chars().next())
    })
}

/// The roles the document's events play for one claim.
struct Parts<'a> {
    /// Transfer events that tell it as happening (in any certainty).
    support: Vec<&'a Event>,
    /// Transfer events that tell it as not happening: negated, or only the content of a denial.
    against: Vec<&'a Event>,
    /// Accusations and other claims about its events: their sources assert it.
    claims: Vec<&'a Event>,
    /// Rejections about its events or the accusations of them.
    rejects: Vec<&'a Event>,
}

impl<'a> Parts<'a> {
    fn of(g: &Group, events: &'a [Event]) -> Self {
        let members: Vec<&Event> = g.members.iter().map(|&i| &events[i]).collect();
        let ids: Vec<&str> = members.iter().map(|e| e.id.as_str()).collect();
        let about = |e: &Event, ids: &[&str]| e.about.iter().any(|a| ids.contains(&a.as_str()));
        let claims: Vec<&Event> = (events.iter())
            .filter(|e| matches!(e.kind, EventType::Accuse | EventType::Support))
            .filter(|e| e.transfer.is_none() && !e.negated && about(e, &ids))
            .collect();
        let claim_ids: Vec<&str> = claims.iter().map(|e| e.id.as_str()).collect();
        let rejects: Vec<&Event> = (events.iter())
            .filter(|e| e.kind == EventType::Reject && e.transfer.is_none())
            .filter(|e| about(e, &ids) || about(e, &claim_ids))
            .collect();
        let (against, support) = members
            .into_iter()
            .partition(|e| denial_content(e, &rejects));
        Self {
            support,
            against,
            claims,
            rejects,
        }
    }

    /// The supporting events, else (a claim only denied) the denied ones.
    fn told(&self) -> &[&'a Event] {
        if self.support.is_empty() {
            &self.against
        } else {
            &self.support
        }
    }

    /// Every transfer event of the claim, supporting first.
    fn transfers(&self) -> impl Iterator<Item = &'a Event> + '_ {
        self.support.iter().chain(&self.against).copied()
    }
}

/// Whether a transfer event says only that it did not happen: negated, or the content of a
/// rejection that nobody asserts ("The Kremlin denied buying weapons").
fn denial_content(e: &Event, rejects: &[&Event]) -> bool {
    e.negated
        || (e.attribution.is_empty()
            && e.certainty.level != CertaintyLevel::Asserted
            && rejects.iter().any(|r| r.about.contains(&e.id)))
}

/// Builds claim number `n` (0-based) from its group.
fn claim(n: usize, g: &Group, events: &[Event]) -> TransferClaim {
    let p = Parts::of(g, events);
    let told = p.told();
    let supplier = side(&p, |e| supplier_of(e));
    let recipient = side(&p, |e| recipient_of(e));
    TransferClaim {
        id: format!("t{}", n + 1),
        inferred: inferred(&p, supplier.as_ref(), recipient.as_ref()),
        denied_by: denied_by(&p, supplier.as_ref(), recipient.as_ref()),
        supplier,
        recipient,
        via: Vec::new(),
        interdicted_by: interdicted_by(told),
        items: items(&p),
        value: value(&p),
        status: status(told),
        date: cover(told),
        transport: transport(&p),
        stance: stance(&p),
        certainty: certainty(told),
        claimed_by: claimed_by(&p),
        events: event_ids(&p),
        flags: flags(&p),
        evidence: evidence(&p),
    }
}

/// Whether the event's own sentence names both the supplier and the recipient: a negation
/// or a stage told of one side only may concern another deal of that party.
fn two_sided(e: &Event) -> bool {
    supplier_of(e).is_some() && recipient_of(e).is_some()
}

fn supplier_of(e: &Event) -> Option<&Actor> {
    e.transfer.as_ref()?.supplier.as_ref()
}

fn recipient_of(e: &Event) -> Option<&Actor> {
    e.transfer.as_ref()?.recipient.as_ref()
}

/// A side of the claim: the first event's that names it, supporting events first.
fn side<'a>(p: &Parts<'a>, get: impl Fn(&'a Event) -> Option<&'a Actor>) -> Option<Actor> {
    p.transfers().find_map(get).cloned()
}

/// Where a side came from beyond the event's own sentence: another sentence of the claim,
/// or the inference its event's trace names (an origin adjective, a system's producer, a
/// pronoun's antecedent).
fn inferred(p: &Parts<'_>, supplier: Option<&Actor>, recipient: Option<&Actor>) -> Vec<Inference> {
    let mut out: Vec<Inference> = Vec::new();
    let mut push = |i: Inference| {
        if !out.contains(&i) {
            out.push(i);
        }
    };
    for (field, actor, get) in [
        (
            "supplier",
            supplier,
            supplier_of as fn(&Event) -> Option<&Actor>,
        ),
        ("recipient", recipient, recipient_of),
    ] {
        let Some(actor) = actor else { continue };
        let first = p
            .transfers()
            .find(|e| get(e).is_some())
            .and_then(primary_sentence);
        for e in p.transfers() {
            if get(e).is_none()
                && let (Some(at), Some(from)) = (primary_sentence(e), first)
            {
                let from = if from < at {
                    "previous_sentence"
                } else {
                    "later_sentence"
                };
                push(inference(field, from, &actor.text));
            }
        }
    }
    if supplier.is_some() {
        for a in unplaced_deniers(p) {
            push(inference("denied_by", "speaker_of_a_negation", &a.text));
        }
    }
    for e in p.transfers() {
        for (field, from) in traced(&e.why) {
            let get = if field == "supplier" {
                supplier_of
            } else {
                recipient_of
            };
            if let Some(a) = get(e) {
                push(inference(field, from, &a.text));
            }
        }
    }
    out
}

fn inference(field: &str, from: &str, text: &str) -> Inference {
    Inference {
        field: field.to_owned(),
        from: from.to_owned(),
        text: text.to_owned(),
    }
}

fn primary_sentence(e: &Event) -> Option<usize> {
    e.evidence.first().map(|x| x.sentence)
}

/// What the coder inferred a side from, by its trace: (field, what from).
fn traced(why: &str) -> impl Iterator<Item = (&'static str, &'static str)> + '_ {
    const TRACES: [(&str, &str, &str); 6] = [
        ("src:item-origin", "supplier", "origin_adjective"),
        ("src:system-maker", "supplier", "designation"),
        ("src:platform:origin", "supplier", "designation"),
        ("src:pronoun:", "supplier", "pronoun"),
        ("src:inherited", "supplier", "previous_sentence"),
        ("tgt:inherited", "recipient", "previous_sentence"),
    ];
    TRACES
        .iter()
        .filter(move |(t, _, _)| why.contains(t))
        .map(|&(_, field, from)| (field, from))
}

/// Who deny it: the sources of rejections of its events (or of accusations of them), and
/// whoever says a negated event of it when that is its supplier or recipient.
fn denied_by(p: &Parts<'_>, supplier: Option<&Actor>, recipient: Option<&Actor>) -> Vec<Actor> {
    let parties = [key(supplier), key(recipient)];
    let own = |a: &&Actor| key(Some(a)).is_some_and(|k| parties.contains(&Some(k)));
    let mut out = Vec::new();
    for r in &p.rejects {
        add_actors(&mut out, &r.sources);
    }
    for e in p.against.iter().filter(|e| e.negated && two_sided(e)) {
        let speakers: Vec<Actor> = e.attribution.iter().filter(own).cloned().collect();
        add_actors(&mut out, &speakers);
    }
    if !unplaced_deniers(p).is_empty() {
        add_actors(&mut out, supplier.cloned().as_slice());
    }
    out
}

/// Speakers of a negated event of the claim whom the text places in no country ("'Iran has
/// not sent any weapons,' a foreign ministry spokesman said"): one denies one's own conduct,
/// so they are taken for the supplier's (listed in `inferred`).
fn unplaced_deniers<'a>(p: &Parts<'a>) -> Vec<&'a Actor> {
    (p.against.iter().filter(|e| e.negated && two_sided(e)))
        .flat_map(|e| &e.attribution)
        .filter(|a| a.country.is_none())
        .collect()
}

/// Everyone who asserts or suspects it: the attributions of its supporting events and the
/// sources of accusations of them.
fn claimed_by(p: &Parts<'_>) -> Vec<Actor> {
    let mut out = Vec::new();
    for e in &p.support {
        add_actors(&mut out, &e.attribution);
    }
    for e in &p.claims {
        add_actors(&mut out, &e.sources);
        add_actors(&mut out, &e.attribution);
    }
    out
}

/// Adds actors not yet listed (same name and country).
fn add_actors(out: &mut Vec<Actor>, actors: &[Actor]) {
    for a in actors {
        if !out
            .iter()
            .any(|o| o.name == a.name && o.country == a.country)
        {
            out.push(a.clone());
        }
    }
}

/// Who seized or stopped the goods: the source of a seizure among its events.
fn interdicted_by(told: &[&Event]) -> Option<Actor> {
    told.iter()
        .find(|e| e.kind == EventType::Coerce)
        .and_then(|e| e.sources.first().cloned())
}

/// The goods: one item per category and designation with the most precise quantity; goods
/// told again or denied in more general words ("the weapons", "the air defence systems",
/// "any weapons") add no item when the claim names them more precisely.
fn items(p: &Parts<'_>) -> Vec<Item> {
    let mut out: Vec<Item> = Vec::new();
    for e in p.transfers() {
        for i in e.transfer.iter().flat_map(|t| &t.items) {
            let same = |o: &&mut Item| o.category == i.category && o.designation == i.designation;
            match out.iter_mut().find(same) {
                Some(o) if precision(i.quantity.as_ref()) > precision(o.quantity.as_ref()) => {
                    o.quantity.clone_from(&i.quantity);
                }
                Some(_) => {}
                None => out.push(i.clone()),
            }
        }
    }
    // A retelling or a denial ("had not sent any weapons") names goods in general words.
    let general = p.support.iter().copied().filter(|e| retells(e));
    let retold: Vec<&Item> = (general.chain(p.against.iter().copied()))
        .flat_map(|e| e.transfer.iter().flat_map(|t| &t.items))
        .collect();
    let all = out.clone();
    out.retain(|i| {
        let general = retold
            .iter()
            .any(|r| r.text == i.text && r.category == i.category);
        !(general && i.designation.is_none() && all.iter().any(|o| finer(o, i)))
    });
    out
}

/// Whether `o` names goods of `i`'s kind more precisely: a category below it, or any
/// specific category when `i` is only military equipment.
fn finer(o: &Item, i: &Item) -> bool {
    let below = o
        .category
        .strip_prefix(i.category.as_str())
        .is_some_and(|rest| rest.starts_with('.'));
    let generic = |c: &str| c.starts_with("military_equipment");
    below || (generic(&i.category) && !generic(&o.category))
}

/// How precise a quantity is: exact count, then a closed range (narrower better), then one
/// bound, then none.
fn precision(q: Option<&Quantity>) -> (u8, i128) {
    let Some(q) = q else { return (0, 0) };
    match (q.min, q.max) {
        (Some(a), Some(b)) if a == b => (3, 0),
        (Some(a), Some(b)) => (2, -(i128::from(b) - i128::from(a)).abs()),
        (Some(_), None) | (None, Some(_)) => (1, 0),
        (None, None) => (0, 0),
    }
}

/// The stated worth: the first supporting event's, else any.
fn value(p: &Parts<'_>) -> Option<Money> {
    p.transfers()
        .find_map(|e| e.transfer.as_ref()?.value.clone())
}

/// Words of a control verb that only intend the transfer ("plans to send").
const INTENT: [&str; 7] = [
    "permission-given",
    "control:plan",
    "control:intend",
    "control:prepar",
    "control:approv",
    "governed:plan",
    "governed:approv",
];

/// The furthest stage the events state; `planned` when the furthest is a deal only intended.
/// Events that name both sides decide when there are any: an event joined to the claim by one
/// side only may tell another deal of that party ("it was also cleared to buy F-15s").
fn status(told: &[&Event]) -> Option<Stage> {
    let both: Vec<&Event> = told.iter().copied().filter(|e| two_sided(e)).collect();
    let told = if both.is_empty() { told } else { &both[..] };
    let stage = |e: &Event| Stage::parse(e.transfer.as_ref()?.status.as_deref()?);
    let top = told.iter().filter_map(|e| stage(e)).max()?;
    let intended = |e: &&&Event| INTENT.iter().any(|w| e.why.contains(w));
    if top == Stage::Agreed
        && told
            .iter()
            .filter(|e| stage(e) == Some(Stage::Agreed))
            .all(|e| intended(&e))
    {
        return Some(Stage::Planned);
    }
    Some(top)
}

/// The interval covering the dated events, with their date words.
fn cover(told: &[&Event]) -> Option<DateRange> {
    let dates: Vec<&DateRange> = told.iter().filter_map(|e| e.date.as_ref()).collect();
    let start = dates.iter().map(|d| &d.start).min()?;
    let end = dates.iter().map(|d| &d.end).max()?;
    let mut texts: Vec<&str> = Vec::new();
    for d in &dates {
        if !texts.contains(&d.text.as_str()) {
            texts.push(&d.text);
        }
    }
    Some(DateRange {
        start: start.clone(),
        end: end.clone(),
        text: texts.join("; "),
    })
}

/// Union of the events' transport modes, in order of mention.
fn transport(p: &Parts<'_>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for m in p
        .transfers()
        .filter_map(|e| e.transfer.as_ref())
        .flat_map(|t| &t.transport)
    {
        if !out.contains(m) {
            out.push(m.clone());
        }
    }
    out
}

/// `asserted` when a supporting event is stated as fact, `hedged` when every one is
/// qualified, `denied_only` when there is none.
fn stance(p: &Parts<'_>) -> Stance {
    if p.support.is_empty() {
        Stance::DeniedOnly
    } else if p
        .support
        .iter()
        .any(|e| e.certainty.level == CertaintyLevel::Asserted)
    {
        Stance::Asserted
    } else {
        Stance::Hedged
    }
}

/// The strongest certainty among the told events (levels are listed strongest first).
fn certainty(told: &[&Event]) -> Certainty {
    let rank = |c: &Certainty| CertaintyLevel::ALL.iter().position(|l| *l == c.level);
    told.iter()
        .map(|e| &e.certainty)
        .min_by_key(|c| rank(c))
        .cloned()
        .unwrap_or_default()
}

/// Ids of every event behind it, in document order.
fn event_ids(p: &Parts<'_>) -> Vec<String> {
    let mut all: Vec<&Event> = p
        .transfers()
        .chain(p.claims.iter().copied())
        .chain(p.rejects.iter().copied())
        .collect();
    all.sort_by_key(|e| (primary_sentence(e), id_number(&e.id)));
    all.dedup_by(|a, b| a.id == b.id);
    all.into_iter().map(|e| e.id.clone()).collect()
}

/// The number in an event id (`e12` → 12), for document order.
fn id_number(id: &str) -> usize {
    id.trim_start_matches(|c: char| !c.is_ascii_digit())
        .parse()
        .unwrap_or(usize::MAX)
}

/// Union of the flags of its events.
fn flags(p: &Parts<'_>) -> Vec<Flag> {
    let mut out: Vec<Flag> = Vec::new();
    for f in p
        .transfers()
        .chain(p.claims.iter().copied())
        .flat_map(|e| &e.flags)
    {
        if !out.contains(f) {
            out.push(f.clone());
        }
    }
    out
}

/// Every span behind it: the supporting events' first (the first of them primary), then the
/// denied ones, the accusations and the rejections.
fn evidence(p: &Parts<'_>) -> Vec<Evidence> {
    let mut out: Vec<Evidence> = Vec::new();
    let all = p
        .transfers()
        .chain(p.claims.iter().copied())
        .chain(p.rejects.iter().copied());
    for x in all.flat_map(|e| &e.evidence) {
        if !out
            .iter()
            .any(|o| (o.sentence, o.start, o.end) == (x.sentence, x.start, x.end))
        {
            out.push(x.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests;
