//! Stage `checks`: once a candidate's arguments and goods are known, drop it when it is no
//! event (a transfer verb without goods, a generic nominal, a complement of a claim, an act
//! asked of another) or complete it (a supplier from the goods' origin, the announcer, a
//! nominal's modifier, the transfer it continues, an unresolved noun).

use sitrep_nlp::Upos;
use sitrep_record::{Actor, ActorKind, EventType};

use super::draft::{Build, Step};
use super::{Sent, last_transfer, last_transfer_or_aid};
use crate::lexicon::{TriggerPos, WordClass};
use crate::resolve::{self, Weapon};
use crate::rules::{Rule, rule};

/// Runs the checks in order; an `Err` carries the note of a dropped candidate.
pub(crate) fn run(st: &Sent<'_>, b: &mut Build<'_>) -> Step {
    no_goods(st, b)?;
    permission_given(st, b);
    item_origin(st, b);
    order_won(st, b);
    system_maker(st, b);
    announcer(st, b);
    nominal_modifier(st, b);
    b.det_before = (1..=3).any(|d| {
        b.i >= d
            && matches!(
                st.w(b.i - d),
                "the" | "these" | "this" | "those" | "its" | "their"
            )
    });
    inherited(st, b)?;
    b.dest_place = st
        .ms
        .places
        .iter()
        .position(|p| p.w0 > b.i && p.w0 < b.item_hi && matches!(st.w(p.w0 - 1), "to" | "for"));
    aid_without_recipient(st, b)?;
    forces_moved(st, b);
    hosting_forces(st, b)?;
    unresolved_noun(st, b);
    let (pp_nominal, object_of_claim) = complement(st, b);
    inherited_goods(st, b);
    one_sided_discussion(st, b)?;
    no_actors(st, b, pp_nominal, object_of_claim)?;
    asked_of_another(st, b)
}

/// Drops the candidate with `note` when `r` is on.
fn drop(st: &Sent<'_>, r: &Rule, b: &Build<'_>, note: String) -> Step {
    if st.on(r) {
        st.fire(r, b.i);
        return Err(note);
    }
    Ok(())
}

rule! {
    /// What: a transfer verb of type AID with no goods and no aid noun is no transfer.
    /// Why: "sent a letter", "delivered a speech" move no arms.
    /// Example: "Moscow delivered a warning to Kyiv."
    /// Fixture: 112_goods_before_the_noun.txt
    NO_GOODS = "no-goods" in Checks
}

fn no_goods(st: &Sent<'_>, b: &Build<'_>) -> Step {
    let t = b.t;
    if t.transfer
        && b.items.is_empty()
        && !b.aid_noun
        && t.kind == EventType::Aid
        && t.lemma != "aid"
        && t.lemma != "assistance"
    {
        return drop(st, &NO_GOODS, b, "skip: transfer verb without goods".into());
    }
    Ok(())
}

rule! {
    /// What: "give" whose object is a permission ("gave approval", "approval given", "given
    /// the go-ahead", "the green light") approves the transfer of the goods after it: type
    /// AGREE, status agreed (the ledger reads an approval as planned), never a delivery.
    /// Why: the goods belong to the sale that was approved; read as "given", an approval of a
    /// possible sale would become goods handed over.
    /// Example: "Approval was given by Washington for 600 Javelin missiles to Kenya."
    /// Fixture: 112_goods_before_the_noun.txt
    PERMISSION_GIVEN = "permission-given" in Checks
}

fn permission_given(st: &Sent<'_>, b: &mut Build<'_>) {
    let i = b.i;
    let permission = |k: usize| {
        matches!(
            st.w(k),
            "approval" | "go-ahead" | "permission" | "green" | "consent" | "nod" | "clearance"
        )
    };
    if b.t.transfer
        && matches!(b.t.lemma.as_str(), "give" | "grant")
        && (i.saturating_sub(3)..(i + 4).min(st.nw)).any(|k| k != i && permission(k))
        && st.on(&PERMISSION_GIVEN)
    {
        b.kind = EventType::Agree;
        b.status = Some("agreed".into());
        b.why.push(PERMISSION_GIVEN.name.into());
        st.fire(&PERMISSION_GIVEN, i);
    }
}

rule! {
    /// What: a transfer with no source takes the state named by its goods' origin adjective,
    /// also when the recipient is the subject ("received Turkish drones"), unless that state
    /// is the recipient itself.
    /// Why: "North Korean artillery shells were transported to Russia" names the supplier only
    /// in the adjective.
    /// Example: "North Korean artillery shells were shipped to Russia."
    /// Fixture: 02_transfer_passive_origin.txt
    ITEM_ORIGIN = "item-origin" in Checks
}

fn item_origin(st: &Sent<'_>, b: &mut Build<'_>) {
    let recipient = b.targets.first().and_then(|a| a.country.clone());
    if b.t.transfer
        && b.sources.is_empty()
        && st.on(&ITEM_ORIGIN)
        && let Some(o) = b.origins.first()
        && (!b.reverse || o.country.is_some() && o.country != recipient)
    {
        b.sources = vec![o.clone()];
        b.src_rule = ITEM_ORIGIN.name;
        st.fire(&ITEM_ORIGIN, b.i);
    }
}

rule! {
    /// What: a transfer with a recipient and no supplier, whose goods include a named system,
    /// takes the system's maker as supplier (a company with its home state, else the state the
    /// KB gives as origin); not when the recipient's own industry makes or licence-builds it,
    /// nor for used or second-hand goods, whose seller is not their maker.
    /// Why: "Morocco ordered 600 Javelin missiles" names the supplier only through the product.
    /// Example: "Morocco ordered 600 Javelin missiles."
    /// Fixture: 113_supplier_from_system.txt
    SYSTEM_MAKER = "system-maker" in Checks
}

fn system_maker(st: &Sent<'_>, b: &mut Build<'_>) {
    if !(b.t.transfer && b.sources.is_empty() && st.on(&SYSTEM_MAKER)) {
        return;
    }
    let Some(rcp) = b.targets.first().and_then(|a| a.country.clone()) else {
        return;
    };
    for (sys, w0) in &b.systems {
        if second_hand(st, *w0) {
            return;
        }
        if let Some(maker) = maker_actor(st, sys, &rcp) {
            b.sources = vec![maker];
            b.src_rule = SYSTEM_MAKER.name;
            st.fire(&SYSTEM_MAKER, *w0);
            return;
        }
    }
}

/// "used F-16s", "second-hand tanks", "ex-Dutch jets", "13 of our MiG-29s": goods whose
/// seller owns them and is not their maker.
fn second_hand(st: &Sent<'_>, w0: usize) -> bool {
    (w0.saturating_sub(3)..w0).any(|k| {
        matches!(
            st.w(k),
            "used"
                | "second-hand"
                | "secondhand"
                | "surplus"
                | "refurbished"
                | "decommissioned"
                | "our"
                | "its"
                | "their"
                | "own"
        ) || st.w(k).starts_with("ex-")
    })
}

/// The supplier a system names for recipient `rcp`: its maker (home state = country), or its
/// origin state; `None` when the recipient makes or licence-builds it at home.
fn maker_actor(st: &Sent<'_>, sys: &str, rcp: &str) -> Option<Actor> {
    let kb = st.kb;
    let makers = kb.system_producers(sys)?;
    let home = kb.system_home(sys)?;
    if home == rcp || makers.licensed.iter().any(|p| p.country == rcp) {
        return None;
    }
    let text = kb.weapon_system(sys)?.designation.clone();
    match makers.maker.filter(|m| m.country == home) {
        Some(m) => Some(sitrep_kb::Kb::producer_actor(m, text)),
        None => resolve::state_actor(kb, home, &text, None),
    }
}

rule! {
    /// What: a company that receives, wins or secures an order or contract supplies it; the
    /// party the order comes from (or is placed with it) receives.
    /// Why: in industry news the maker is the subject and the buyer sits in the "from" phrase:
    /// read as an ordinary order, the buyer would become the supplier.
    /// Example: "Saab has received an order from Australia for Carl-Gustaf ammunition."
    /// Fixture: 114_company_wins_order.txt
    ORDER_WON = "order-won" in Checks
}

fn order_won(st: &Sent<'_>, b: &mut Build<'_>) {
    let Some(v) = b.gov_i else { return };
    if !(b.t.transfer && b.t.pos == TriggerPos::Noun && b.targets.is_empty())
        || !matches!(
            &*st.view.words[v].lemma,
            "receive" | "win" | "secure" | "land" | "clinch" | "bag" | "obtain" | "get"
        )
    {
        return;
    }
    let Some(company) = st
        .actors
        .iter()
        .rfind(|m| m.w1 <= v && m.w0 >= b.cs && st.prep_before(m).is_none())
        .filter(|m| is_company(&m.actor))
    else {
        return;
    };
    if st.on(&ORDER_WON) {
        b.targets = std::mem::take(&mut b.sources);
        b.sources = vec![company.actor.clone()];
        b.src_rule = ORDER_WON.name;
        b.tgt_rule = ORDER_WON.name;
        st.fire(&ORDER_WON, v);
    }
}

/// A business (a producer or an unnamed firm of a state), not a government.
fn is_company(a: &Actor) -> bool {
    a.kind != ActorKind::Person && a.sector.as_deref() == Some("BUS")
}

rule! {
    /// What: an aid nominal that is the object of a verb that puts things in place ("announced",
    /// `impose` stems) inside a speech frame is given by the announcer.
    /// Why: "The administration announced $1 billion in aid for Gaza": the administration gives.
    /// Example: "The White House announced a $300 million aid package for Ukraine."
    /// Fixture: 66_aid_package_announced.txt
    ANNOUNCER = "announcer" in Checks
}

fn announcer(st: &Sent<'_>, b: &mut Build<'_>) {
    let i = b.i;
    if b.sources.is_empty()
        && b.nom == Some(i)
        && st.on(&ANNOUNCER)
        && let Some(f) = st.frames.iter().find(|f| {
            f.from <= i
                && i < f.to
                && f.cue < i
                && b.gov_i == Some(f.cue)
                && st.lx.has_stem(WordClass::Impose, st.w(f.cue))
        })
    {
        b.sources.clone_from(&f.speakers);
        b.src_rule = ANNOUNCER.name;
        st.fire(&ANNOUNCER, f.cue);
    }
}

rule! {
    /// What: a state named inside an aid nominal gives it when another actor receives it.
    /// Why: "the US aid package for Kyiv" names the giver; "the Ukraine aid package" alone says
    /// nothing of who gives.
    /// Example: "Congress approved the US aid package for Kyiv."
    /// Fixture: 76_package_named_giver.txt
    NOMINAL_MODIFIER = "nominal-modifier" in Checks
}

fn nominal_modifier(st: &Sent<'_>, b: &mut Build<'_>) {
    if b.sources.is_empty()
        && b.nom == Some(b.i)
        && !b.targets.is_empty()
        && st.on(&NOMINAL_MODIFIER)
        && let Some(m) = st.actors.iter().find(|m| {
            m.w1 == b.left_i
                && !m.poss
                && m.w0 > 0
                && matches!(st.w(m.w0 - 1), "the" | "a" | "an" | "new" | "this")
        })
        && b.targets.iter().all(|x| x.country != m.actor.country)
    {
        b.sources = vec![m.actor.clone()];
        b.src_rule = NOMINAL_MODIFIER.name;
        st.fire(&NOMINAL_MODIFIER, m.w0);
    }
}

rule! {
    /// What: a transfer noun with no actors after a determiner continues the latest transfer or
    /// aid package (this sentence, else the two before) and takes its actors; without a
    /// determiner, or after "such", it is generic and no event.
    /// Why: "the transfer of rifles", "the shipment" retell a transfer; "arms transfers" in
    /// general are none.
    /// Example: "Iran sent drones to Russia. The shipment of drones arrived in August."
    /// Fixture: 16_seizure.txt
    INHERITED = "inherited" in Checks
}

fn inherited(st: &Sent<'_>, b: &mut Build<'_>) -> Step {
    let (i, t) = (b.i, b.t);
    if !(t.transfer && t.pos == TriggerPos::Noun && b.sources.is_empty() && b.targets.is_empty())
        || !st.on(&INHERITED)
    {
        return Ok(());
    }
    let such = (1..=3).any(|d| i >= d && st.w(i - d) == "such");
    if !b.det_before || such {
        st.fire(&INHERITED, i);
        return Err("skip: generic transfer noun (no actors, no determiner)".into());
    }
    let Some(d) = last_transfer_or_aid(&st.drafts, st.prev_transfers) else {
        st.fire(&INHERITED, i);
        return Err("skip: transfer noun without actors".into());
    };
    b.sources = d.sources.clone();
    b.targets = d.targets.clone();
    b.inherits = Some((d.sentence, d.at));
    b.src_rule = INHERITED.name;
    b.tgt_rule = INHERITED.name;
    st.fire(&INHERITED, i);
    Ok(())
}

rule! {
    /// What: an aid noun with no recipient, no goods and no determiner is no event, unless a
    /// place it goes to, a giver and an aid nominal are named.
    /// Why: "aid to the region is falling" reports no transfer; "$1 billion in humanitarian
    /// assistance for Gaza" from a named giver does (the place becomes the location).
    /// Example: "Germany's aid has grown."
    /// Fixture: 103_aid_without_recipient.txt
    AID_WITHOUT_RECIPIENT = "aid-without-recipient" in Checks
}

fn aid_without_recipient(st: &Sent<'_>, b: &Build<'_>) -> Step {
    let t = b.t;
    if t.transfer
        && t.pos == TriggerPos::Noun
        && b.targets.is_empty()
        && !b.reverse
        && b.kind == EventType::Aid
        && !b.det_before
        && b.items.is_empty()
        && !(b.dest_place.is_some() && !b.sources.is_empty() && b.nom.is_some())
    {
        return drop(
            st,
            &AID_WITHOUT_RECIPIENT,
            b,
            "skip: aid noun without recipient".into(),
        );
    }
    Ok(())
}

rule! {
    /// What: the forces moved are no target of a deployment or withdrawal.
    /// Why: "deployed troops", "withdrew its troops": the troops are the mover's own.
    /// Example: "Russia withdrew its troops from Kherson."
    /// Fixture: 38_retreat.txt
    FORCES_MOVED = "forces-moved-not-target" in Checks
}

fn forces_moved(st: &Sent<'_>, b: &mut Build<'_>) {
    if !matches!(b.kind, EventType::Mobilize | EventType::Retreat) || !st.on(&FORCES_MOVED) {
        return;
    }
    let before = b.targets.len();
    let sources = &b.sources;
    b.targets.retain(|a| {
        !(a.sector.as_deref() == Some("MIL")
            && (a.country.is_none() || sources.iter().any(|s| s.country == a.country)))
    });
    if b.targets.len() < before {
        b.why.push(FORCES_MOVED.name.into());
        st.fire(&FORCES_MOVED, b.i);
    }
}

rule! {
    /// What: hosting forces is no consultation.
    /// Why: "Belarus hosts Russian troops" is no meeting.
    /// Example: "Belarus hosted Russian troops."
    /// Fixture: 104_hosting_forces.txt
    HOSTING_FORCES = "hosting-forces" in Checks
}

fn hosting_forces(st: &Sent<'_>, b: &Build<'_>) -> Step {
    if b.kind == EventType::Consult
        && b.t.lemma == "host"
        && b.targets.iter().any(|a| a.sector.as_deref() == Some("MIL"))
    {
        return drop(
            st,
            &HOSTING_FORCES,
            b,
            "skip: hosting forces is not a consultation".into(),
        );
    }
    Ok(())
}

rule! {
    /// What: violence by or against people the KB cannot name ("gunmen", "insurgents") keeps
    /// the noun next to the trigger as an unresolved actor, never a guessed state.
    /// Why: an attack with no actors is lost; a guessed country is wrong.
    /// Example: "Raiders attacked a village in Zamfara."
    /// Fixture: 86_platform_of_a_state_as_source.txt
    UNRESOLVED_NOUN = "unresolved-noun" in Checks
}

rule! {
    /// What: a weapons platform of a named state with no actor before it acts for that state's
    /// military; a maker's adjective ("Iranian-made") names who built it, not who used it.
    /// Why: "A Spanish frigate seized …" is Spain's navy acting.
    /// Example: "A Spanish frigate seized a boat carrying rifles."
    /// Fixture: 86_platform_of_a_state_as_source.txt
    PLATFORM_ORIGIN = "platform:origin" in Checks
}

/// Whether word `k` is a content noun that can name an unresolved actor.
fn noun_at(st: &Sent<'_>, k: usize) -> bool {
    st.view.words.get(k).is_some_and(|w| {
        !w.punct
            && w.lower.chars().all(|c| c.is_alphabetic() || c == '-')
            && w.lower.len() > 2
            && match w.upos {
                Some(u) => matches!(u, Upos::Noun | Upos::Propn),
                None => !matches!(
                    &*w.lower,
                    "the"
                        | "a"
                        | "an"
                        | "and"
                        | "was"
                        | "were"
                        | "has"
                        | "have"
                        | "had"
                        | "been"
                        | "is"
                        | "are"
                        | "who"
                        | "which"
                        | "that"
                        | "also"
                ),
            }
    })
}

/// An unresolved group actor named by word `k`.
fn unresolved(st: &Sent<'_>, k: usize) -> Actor {
    Actor {
        text: st.view.words[k].text.to_owned(),
        name: st.view.words[k].text.to_owned(),
        kind: ActorKind::Group,
        country: None,
        sector: None,
        id: None,
    }
}

/// "A Spanish frigate": the military of the state a platform before word `k` belongs to.
fn platform(st: &Sent<'_>, k: usize) -> Option<Actor> {
    let built = |w: &Weapon| {
        (w.w0..w.noun0).any(|j| {
            matches!(st.w(j), "made" | "built" | "designed" | "supplied")
                || st.w(j).ends_with("-made")
                || st.w(j).ends_with("-built")
        })
    };
    let w = st
        .ms
        .weapons
        .iter()
        .find(|w| w.w0 < k && k <= w.w1 && !built(w))?;
    let c = w.origin.as_ref()?.country.as_deref()?;
    let t = st
        .text
        .get(st.view.words[w.w0].start..st.view.words[w.w1 - 1].end)?;
    resolve::state_actor(st.kb, c, t, Some("MIL".into()))
}

fn unresolved_noun(st: &Sent<'_>, b: &mut Build<'_>) {
    if !b.sources.is_empty()
        || !matches!(
            b.kind,
            EventType::Assault | EventType::Protest | EventType::Coerce
        )
        || b.t.pos != TriggerPos::Verb
        || !st.on(&UNRESOLVED_NOUN)
    {
        return;
    }
    let (i, cs) = (b.i, b.cs);
    let mut k = i;
    while k > cs
        && (st.w(k - 1).ends_with("ly")
            || matches!(
                st.w(k - 1),
                "have" | "has" | "had" | "reportedly" | "allegedly"
            ))
    {
        k -= 1;
    }
    if k > cs && noun_at(st, k - 1) && !st.ms.actors.iter().any(|m| m.w0 < k && k - 1 < m.w1) {
        if b.passive && b.targets.is_empty() {
            b.targets = vec![unresolved(st, k - 1)];
            b.tgt_rule = UNRESOLVED_NOUN.name;
            st.fire(&UNRESOLVED_NOUN, k - 1);
        } else if !b.passive {
            match platform(st, k).filter(|_| st.on(&PLATFORM_ORIGIN)) {
                Some(a) => {
                    b.sources = vec![a];
                    b.src_rule = PLATFORM_ORIGIN.name;
                    st.fire(&PLATFORM_ORIGIN, k - 1);
                }
                None => {
                    b.sources = vec![unresolved(st, k - 1)];
                    b.src_rule = UNRESOLVED_NOUN.name;
                    st.fire(&UNRESOLVED_NOUN, k - 1);
                }
            }
        }
    }
    if !b.passive && i + 1 < b.ce && noun_at(st, i + 1) && b.targets.is_empty() {
        b.targets = vec![unresolved(st, i + 1)];
        b.tgt_rule = UNRESOLVED_NOUN.name;
        st.fire(&UNRESOLVED_NOUN, i + 1);
    }
}

/// A nominal inside a PP ("threatened X with a nuclear strike") or the object of a claim
/// without its own possessor is the content of another event: (pp nominal, object of claim).
/// Also notes the claim verb before the trigger.
fn complement(st: &Sent<'_>, b: &mut Build<'_>) -> (bool, bool) {
    let (i, t) = (b.i, b.t);
    b.claim_before = st.live[..b.li]
        .iter()
        .rev()
        .map(|&k| &st.cands[k])
        .find(|p| {
            matches!(p.trig.kind, EventType::Accuse | EventType::Reject) && p.at >= b.cs && p.at < i
        })
        .map(|p| p.at);
    let pp_nominal = t.pos == TriggerPos::Noun
        && !t.transfer
        && b.src_rule != "possessor"
        && (1..=3).any(|d| {
            i >= d
                && matches!(
                    st.w(i - d),
                    "with" | "of" | "over" | "about" | "for" | "against"
                )
        })
        && (1..=3).all(|d| i < d || !st.view.is_poss(i - d));
    let object_of_claim = b.claim_before.is_some()
        && b.src_rule != "by-agent"
        && t.pos == TriggerPos::Noun
        && b.src_rule != "possessor"
        && b.tgt_rule.is_empty();
    (pp_nominal, object_of_claim)
}

rule! {
    /// What: a passive transfer of goods already named ("the drones had been flown to Russia")
    /// continues the last transfer and keeps its supplier (trace `inherited`).
    /// Why: the follow-up sentence names no supplier, yet it is the same shipment.
    /// Example: "Iran sold drones to Russia. The drones were flown to Moscow in August."
    /// Fixture: 49_addressee_passive_inherit.txt
    INHERITED_GOODS = "inherited-goods" in Checks
}

fn inherited_goods(st: &Sent<'_>, b: &mut Build<'_>) {
    let i = b.i;
    let definite_goods = b.anaphoric_goods
        || st.ms.weapons.iter().any(|w| {
            w.w0 >= b.item_lo
                && w.w0 < i
                && w.w0 > 0
                && matches!(st.w(w.w0 - 1), "the" | "these" | "those")
        });
    if b.t.transfer
        && b.passive
        && b.sources.is_empty()
        && definite_goods
        && st.on(&INHERITED_GOODS)
        && let Some(d) = last_transfer(&st.drafts, st.prev_transfers)
    {
        b.sources = d.sources.clone();
        b.src_rule = INHERITED.name;
        if b.targets.is_empty() {
            b.targets = d.targets.clone();
            b.tgt_rule = INHERITED.name;
        }
        st.fire(&INHERITED_GOODS, i);
    }
}

rule! {
    /// What: a discussion with one side only is no consultation.
    /// Why: "officers discussed shortages" names nobody they talked to.
    /// Example: "Officers discussed ammunition shortages on Monday."
    /// Fixture: 58_participle_modifier.txt
    ONE_SIDED_DISCUSSION = "one-sided-discussion" in Checks
}

fn one_sided_discussion(st: &Sent<'_>, b: &Build<'_>) -> Step {
    if b.t.kind == EventType::Consult
        && b.t.lemma == "discuss"
        && b.targets.is_empty()
        && b.sources.len() < 2
    {
        return drop(
            st,
            &ONE_SIDED_DISCUSSION,
            b,
            "skip: discussion with one side only".into(),
        );
    }
    Ok(())
}

rule! {
    /// What: a candidate with no actors, a nominal inside a PP, or the object of a claim is no
    /// event; after a claim verb it is that claim's complement, linked to an earlier event of
    /// its type.
    /// Why: "condemned the launch" is about a launch told before, not a new one without actors.
    /// Example: "North Korea fired a missile on Monday. Japan condemned the launch."
    /// Fixture: 09_condemnation_joint.txt
    NO_ACTORS = "no-actors" in Checks
}

fn no_actors(st: &Sent<'_>, b: &mut Build<'_>, pp_nominal: bool, object_of_claim: bool) -> Step {
    if !(b.sources.is_empty() && b.targets.is_empty() || pp_nominal || object_of_claim)
        || !st.on(&NO_ACTORS)
    {
        return Ok(());
    }
    st.fire(&NO_ACTORS, b.i);
    if let Some(p) = b.claim_before {
        b.orphan = Some((p, b.kind));
        return Err("complement of the claim before it (linked by type)".into());
    }
    Err(if pp_nominal {
        "skip: nominal inside a PP".into()
    } else {
        "skip: no actors".into()
    })
}

rule! {
    /// What: an act another is asked to do ("asked the Council to condemn") is no event; a
    /// transfer asked for stays, as requested (stage `status`, rule `asked`).
    /// Why: what is asked for has not happened.
    /// Example: "Kyiv asked the Security Council to condemn the strike."
    /// Fixture: 93_act_asked_of_another.txt
    ASKED_OF_ANOTHER = "asked-of-another" in Checks
}

fn asked_of_another(st: &Sent<'_>, b: &Build<'_>) -> Step {
    match b.obj_control {
        Some(v) if !b.t.transfer => drop(
            st,
            &ASKED_OF_ANOTHER,
            b,
            format!("skip: asked of another ({})", st.w(v)),
        ),
        _ => Ok(()),
    }
}
