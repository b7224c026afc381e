//! Stage `status`: a candidate's final type, transfer status, contexts and mode — from the verb
//! of asking, the control verb, the verb governing a transfer nominal (`data/nominal.csv`,
//! else `data/control.csv`) and the tense — and its transfer.

use sitrep_record::{CertaintyLevel, EventType, Transfer};

use super::Sent;
use super::draft::Build;
use crate::lexicon::TriggerPos;
use crate::rules::rule;

/// Sets type, status, contexts, mode and the transfer.
pub(crate) fn run(st: &Sent<'_>, b: &mut Build<'_>) {
    asked(st, b);
    control_status(st, b);
    governed(st, b);
    future_agree(st, b);
    contexts(st, b);
    assault_mode(st, b);
    weapons_mobilize(st, b);
    strike_protest(st, b);
    joint_cooperate(st, b);
    fire_at(st, b);
    // "withheld military aid": aid stopped, goods that do not move.
    if b.stopped {
        b.mode = Some("discontinue".into());
    }
    transfer(st, b);
}

/// Types a control or governing verb may restage.
fn stageable(k: EventType) -> bool {
    matches!(
        k,
        EventType::Aid | EventType::Cooperate | EventType::Consult | EventType::Support
    )
}

rule! {
    /// What: a transfer asked of another ("called on Germany to deliver tanks") has status
    /// `requested` and certainty `possible`.
    /// Why: it stays in the ledger as a request, not a delivery.
    /// Example: "Kyiv called on Germany to deliver Leopard tanks."
    /// Fixture: 93_act_asked_of_another.txt
    ASKED = "asked" in Status
}

fn asked(st: &Sent<'_>, b: &mut Build<'_>) {
    let Some(v) = b.obj_control else { return };
    if !st.on(&ASKED) {
        return;
    }
    b.cert_override = Some((
        CertaintyLevel::Possible,
        format!("{} … to", st.view.words[v].text),
    ));
    b.status = Some("requested".into());
    b.why.push(format!("asked:{}", st.w(v)));
    st.fire(&ASKED, v);
}

rule! {
    /// What: the control verb of an infinitive (`data/control.csv`) sets its type, its transfer
    /// status and its certainty; a buyer's "sought to buy" is a REQUEST.
    /// Why: "agreed to supply" is AGREE/agreed, "plans to buy" is planned, "refused to send" is
    /// no delivery.
    /// Example: "Pakistan agreed to supply ammunition to Ukraine."
    /// Fixture: 21_control_seek.txt
    CONTROL_STATUS = "control-status" in Status
}

fn control_status(st: &Sent<'_>, b: &mut Build<'_>) {
    let Some(ctl) = b.control else { return };
    if !st.on(&CONTROL_STATUS) {
        return;
    }
    if let Some(k) = ctl.kind
        && stageable(b.kind)
    {
        b.kind = k;
    }
    if b.t.transfer && ctl.status.is_some() {
        b.status.clone_from(&ctl.status);
        if b.reverse && ctl.status.as_deref() == Some("requested") {
            b.kind = EventType::Request;
        }
    }
    let word = b.control_word.clone().unwrap_or_default();
    if let Some(l) = ctl.certainty {
        b.cert_override = Some((l, format!("{word} to")));
    }
    b.why.push(format!("control:{word}"));
    st.fire(&CONTROL_STATUS, b.control_at.unwrap_or(b.i));
}

rule! {
    /// What: the verb governing a transfer nominal that is no event of its own sets its stage
    /// (`data/nominal.csv`, else `data/control.csv`): "announced"/"approved" → agreed,
    /// "considering" → certainty possible, "withheld" → SANCTION without transfer.
    /// Why: "is considering a military aid package" has not given anything.
    /// Example: "Berlin is considering a new military aid package for Kyiv."
    /// Fixture: 74_package_considered_requested.txt
    GOVERNED = "governed" in Status
}

fn governed(st: &Sent<'_>, b: &mut Build<'_>) {
    if !(b.t.pos == TriggerPos::Noun && b.t.transfer) || !st.on(&GOVERNED) {
        return;
    }
    let Some(v) = b
        .gov_i
        .filter(|&v| !st.live.iter().any(|&k| st.cands[k].at == v))
    else {
        return;
    };
    let Some(g) = st
        .lx
        .nominal
        .get(st.w(v))
        .or_else(|| st.lx.control.get(st.w(v)))
    else {
        return;
    };
    if let Some(k) = g.kind
        && b.kind == EventType::Aid
    {
        b.kind = k;
    }
    if b.kind == EventType::Sanction {
        b.stopped = true;
    }
    b.status.clone_from(&g.status);
    if let Some(l) = g.certainty {
        b.cert_override = Some((l, st.view.words[v].text.to_owned()));
    }
    b.why.push(format!("governed:{}", st.w(v)));
    st.fire(&GOVERNED, v);
}

rule! {
    /// What: a future cooperative act or transfer is a pledge: AGREE, status agreed.
    /// Why: "will send tanks" has not sent them.
    /// Example: "Germany will send tanks to Ukraine."
    /// Fixture: 20_will_future.txt
    FUTURE_AGREE = "future→AGREE" in Status
}

fn future_agree(st: &Sent<'_>, b: &mut Build<'_>) {
    if b.future && stageable(b.kind) && st.on(&FUTURE_AGREE) {
        b.kind = EventType::Agree;
        if b.t.transfer {
            b.status = Some("agreed".into());
        }
        b.why.push(FUTURE_AGREE.name.into());
        st.fire(&FUTURE_AGREE, b.i);
    }
}

rule! {
    /// What: an event with goods has the context `military`; a consultation, agreement or
    /// support without contexts is `diplomatic`.
    /// Why: PLOVER contexts let analysts filter arms aid from other aid.
    /// Example: "Italy sent howitzers to Ukraine."
    /// Fixture: 01_transfer_active.txt
    CONTEXTS = "contexts" in Status
}

fn contexts(st: &Sent<'_>, b: &mut Build<'_>) {
    if !st.on(&CONTEXTS) {
        return;
    }
    if !b.items.is_empty() && !b.contexts.iter().any(|x| x == "military") {
        b.contexts.insert(0, "military".into());
        st.fire(&CONTEXTS, b.i);
    }
    if b.contexts.is_empty()
        && matches!(
            b.kind,
            EventType::Consult | EventType::Agree | EventType::Support
        )
    {
        b.contexts.push("diplomatic".into());
        st.fire(&CONTEXTS, b.i);
    }
}

rule! {
    /// What: an attack's mode comes from the weapons in its clause (drones → `drone`; missiles,
    /// aircraft, bombs → `aerial`; artillery → `heavy-weapons`), and an attack has no items.
    /// Why: PLOVER ASSAULT modes; the weapons used in an attack are not transferred.
    /// Example: "Russia attacked Odesa with drones overnight."
    /// Fixture: 13_assault_strike_place.txt
    ASSAULT_MODE = "assault-mode" in Status
}

fn assault_mode(st: &Sent<'_>, b: &mut Build<'_>) {
    if b.kind != EventType::Assault || !st.on(&ASSAULT_MODE) {
        return;
    }
    let (cs, ce) = (b.cs, b.ce);
    let in_clause = |k: usize| k >= cs && k < ce;
    let ws = &st.ms.weapons;
    if ws
        .iter()
        .any(|w| in_clause(w.noun0) && w.category.starts_with("uav"))
    {
        b.mode = Some("drone".into());
    } else if b.mode.is_none()
        && ws.iter().any(|w| {
            in_clause(w.noun0)
                && (w.category.starts_with("missile")
                    || w.category.starts_with("aircraft")
                    || w.category.contains("bomb")
                    || w.text.to_lowercase().contains("bomb"))
        })
    {
        b.mode = Some("aerial".into());
    } else if b.mode.is_none()
        && ws.iter().any(|w| {
            in_clause(w.noun0)
                && (w.category.starts_with("artillery")
                    || w.category.starts_with("ammunition.artillery"))
        })
    {
        b.mode = Some("heavy-weapons".into());
    }
    b.items.clear();
    st.fire(&ASSAULT_MODE, b.i);
}

rule! {
    /// What: a mobilisation with weapons after it has the mode `weapons`.
    /// Why: "deployed missiles" is a weapons deployment, not troops.
    /// Example: "Russia deployed Iskander missiles to Belarus."
    /// Fixture: 42_weekday_date.txt
    WEAPONS_MOBILIZE = "weapons-mobilize" in Status
}

fn weapons_mobilize(st: &Sent<'_>, b: &mut Build<'_>) {
    if b.kind == EventType::Mobilize
        && st.on(&WEAPONS_MOBILIZE)
        && st
            .ms
            .weapons
            .iter()
            .any(|w| w.noun0 > b.i && w.noun0 < b.ce)
    {
        b.mode = Some("weapons".into());
        st.fire(&WEAPONS_MOBILIZE, b.i);
    }
}

rule! {
    /// What: a hunger strike, a general strike, a workers' strike is a protest, not an attack.
    /// Why: "strike" is both.
    /// Example: "Dockworkers began a general strike in Antwerp."
    /// Fixture: 110_strike_protest.txt
    STRIKE_PROTEST = "strike-protest" in Status
}

fn strike_protest(st: &Sent<'_>, b: &mut Build<'_>) {
    let i = b.i;
    if b.kind == EventType::Assault
        && b.t.lemma == "strike"
        && b.t.pos == TriggerPos::Noun
        && st.on(&STRIKE_PROTEST)
        && (1..=3).any(|d| {
            i >= d
                && matches!(
                    st.w(i - d),
                    "hunger"
                        | "general"
                        | "workers"
                        | "work"
                        | "nationwide"
                        | "union"
                        | "day"
                        | "open-ended"
                        | "four-day"
                )
        })
    {
        b.kind = EventType::Protest;
        b.mode = Some("strike".into());
        st.fire(&STRIKE_PROTEST, i);
    }
}

rule! {
    /// What: joint or combined exercises are cooperation, not mobilisation.
    /// Why: "joint exercises" are done together.
    /// Example: "China and Russia held joint exercises in the Sea of Japan."
    /// Fixture: 43_cooperate.txt
    JOINT_COOPERATE = "joint→COOPERATE" in Status
}

fn joint_cooperate(st: &Sent<'_>, b: &mut Build<'_>) {
    let i = b.i;
    if b.kind == EventType::Mobilize
        && st.on(&JOINT_COOPERATE)
        && (1..=3).any(|d| i >= d && matches!(st.w(i - d), "joint" | "combined"))
    {
        b.kind = EventType::Cooperate;
        b.mode = None;
        b.why.push(JOINT_COOPERATE.name.into());
        st.fire(&JOINT_COOPERATE, i);
    }
}

rule! {
    /// What: firing or launching at a target or a place is an attack (aerial).
    /// Why: "fired missiles at Kharkiv" is no weapons test.
    /// Example: "Russian forces fired two missiles at a tanker."
    /// Fixture: 52_group_forces_fire_at.txt
    FIRE_AT = "fire-at→ASSAULT" in Status
}

fn fire_at(st: &Sent<'_>, b: &mut Build<'_>) {
    let (i, ce, t) = (b.i, b.ce, b.t);
    if b.kind != EventType::Mobilize
        || !matches!(t.lemma.as_str(), "fire" | "launch")
        || !st.on(&FIRE_AT)
    {
        return;
    }
    let aimed = !b.targets.is_empty()
        || st
            .ms
            .places
            .iter()
            .any(|p| p.w0 > i && p.w0 < ce && matches!(st.w(p.w0 - 1), "at" | "on" | "into"))
        // "fired two missiles at a tanker": weapons aimed at something, whatever it is.
        || t.pos == TriggerPos::Verb
            && (i + 1..ce.saturating_sub(1)).any(|k| {
                st.w(k) == "at"
                    && matches!(st.w(k + 1), "a" | "an" | "the" | "two" | "several")
                    && st.ms.weapons.iter().any(|w| w.w0 > i && w.w1 <= k)
            });
    if aimed {
        b.kind = EventType::Assault;
        b.mode = Some("aerial".into());
        b.why.push(FIRE_AT.name.into());
        st.fire(&FIRE_AT, i);
    }
}

rule! {
    /// What: a transfer trigger with goods that was not stopped gets its transfer: supplier and
    /// recipient from its sources and targets (the one asked supplies a request; a seizure's
    /// supplier is the goods' origin), transport modes in its clause, status and value.
    /// Why: the transfer block is what the ledger reads.
    /// Example: "Iran shipped drones to Russia by sea."
    /// Fixture: 01_transfer_active.txt
    TRANSFER = "transfer" in Status
}

fn transfer(st: &Sent<'_>, b: &mut Build<'_>) {
    if !(b.t.transfer && !b.items.is_empty() && !b.stopped) || !st.on(&TRANSFER) {
        return;
    }
    let mut modes: Vec<String> = Vec::new();
    for (a, _, m) in &st.transport {
        if *a >= b.cs && *a < b.ce && !modes.contains(m) {
            modes.push(m.clone());
        }
    }
    let (sup, rec) = if b.kind == EventType::Coerce {
        // The seized goods: who sent them to whom, if said.
        (b.origins.first().cloned(), None)
    } else if b.kind == EventType::Request && !b.reverse {
        // "Ukraine requested a package from Germany": the one asked supplies.
        (b.targets.first().cloned(), b.sources.first().cloned())
    } else {
        (b.sources.first().cloned(), b.targets.first().cloned())
    };
    b.transfer = Some(Transfer {
        supplier: sup,
        recipient: rec,
        items: b.items.clone(),
        transport: modes,
        status: b.status.clone(),
        value: b.value.clone(),
    });
    st.fire(&TRANSFER, b.i);
}
