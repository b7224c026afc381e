//! One test per behaviour of [`assemble`], on hand-built events.

use super::assemble;
use sitrep_record::{
    Actor, ActorKind, Certainty, CertaintyLevel, DateRange, Event, EventType, Evidence, Flag, Item,
    Money, Quantity, Stage, Stance, Transfer, UN_ARMS_EMBARGO,
};

fn state(name: &str, country: &str) -> Actor {
    Actor {
        text: name.to_owned(),
        name: name.to_owned(),
        kind: ActorKind::State,
        country: Some(country.to_owned()),
        sector: None,
        id: None,
    }
}

fn item(category: &str, text: &str) -> Item {
    Item {
        category: category.to_owned(),
        text: text.to_owned(),
        designation: None,
        quantity: None,
    }
}

/// A transfer event `id` in sentence `sentence` saying `text`.
fn transfer(
    id: &str,
    sentence: usize,
    text: &str,
    supplier: Option<Actor>,
    recipient: Option<Actor>,
    items: Vec<Item>,
) -> Event {
    Event {
        id: id.to_owned(),
        kind: EventType::Aid,
        mode: None,
        contexts: vec!["military".into()],
        sources: supplier.iter().cloned().collect(),
        targets: recipient.iter().cloned().collect(),
        date: None,
        location: None,
        negated: false,
        certainty: Certainty::default(),
        attribution: vec![],
        about: vec![],
        transfer: Some(Transfer {
            supplier,
            recipient,
            items,
            transport: vec![],
            status: Some("delivered".into()),
            value: None,
        }),
        flags: vec![],
        evidence: vec![Evidence {
            sentence,
            start: sentence * 100,
            end: sentence * 100 + 50,
            text: text.to_owned(),
        }],
        why: "AID:v 'sent'; src:parse:nsubj tgt:to-PP".into(),
    }
}

/// A claim event (`kind` ACCUSE, REJECT, …) by `source` about `about`.
fn about(id: &str, sentence: usize, kind: EventType, source: Actor, about: &[&str]) -> Event {
    let mut e = transfer(id, sentence, "…", None, None, vec![]);
    e.kind = kind;
    e.transfer = None;
    e.sources = vec![source];
    e.about = about.iter().map(|s| (*s).to_owned()).collect();
    e
}

fn t_mut(e: &mut Event) -> &mut Transfer {
    e.transfer.as_mut().expect("transfer")
}

fn prk() -> Option<Actor> {
    Some(state("North Korea", "PRK"))
}

fn rus() -> Option<Actor> {
    Some(state("Russia", "RUS"))
}

fn ukr() -> Option<Actor> {
    Some(state("Ukraine", "UKR"))
}

fn usa() -> Option<Actor> {
    Some(state("United States", "USA"))
}

#[test]
fn one_claim_per_pair() {
    let evs = [
        transfer(
            "e1",
            0,
            "a",
            prk(),
            rus(),
            vec![item("ammunition", "shells")],
        ),
        transfer("e2", 1, "b", usa(), ukr(), vec![item("uav", "drones")]),
        transfer(
            "e3",
            2,
            "c",
            prk(),
            rus(),
            vec![item("missile", "missiles")],
        ),
    ];
    let c = assemble(&evs);
    assert_eq!(c.len(), 2);
    assert_eq!(c[0].id, "t1");
    assert_eq!(c[0].events, ["e1", "e3"]);
    assert_eq!(c[1].events, ["e2"]);
    assert_eq!(
        c[1].supplier.as_ref().and_then(|a| a.country.as_deref()),
        Some("USA")
    );
}

#[test]
fn no_transfer_no_claim() {
    let mut e = transfer("e1", 0, "a", prk(), rus(), vec![]);
    e.transfer = None;
    assert!(assemble(&[e]).is_empty());
}

#[test]
fn a_shared_supplier_continues_the_claim_and_fills_the_recipient() {
    let evs = [
        transfer(
            "e1",
            0,
            "a",
            prk(),
            rus(),
            vec![item("ammunition", "shells")],
        ),
        transfer("e2", 1, "b", prk(), None, vec![item("missile", "missiles")]),
    ];
    let c = assemble(&evs);
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].items.len(), 2);
    let inf = &c[0].inferred;
    assert!(
        inf.iter()
            .any(|i| i.field == "recipient" && i.from == "previous_sentence" && i.text == "Russia"),
        "{inf:?}"
    );
}

#[test]
fn a_later_full_pair_fills_an_earlier_partial_claim() {
    let evs = [
        transfer(
            "e1",
            0,
            "a",
            prk(),
            None,
            vec![item("ammunition", "shells")],
        ),
        transfer("e2", 1, "b", prk(), rus(), vec![]),
    ];
    let c = assemble(&evs);
    assert_eq!(c.len(), 1);
    assert_eq!(
        c[0].recipient.as_ref().map(|a| a.name.as_str()),
        Some("Russia")
    );
    assert!(
        c[0].inferred
            .iter()
            .any(|i| i.field == "recipient" && i.from == "later_sentence")
    );
}

#[test]
fn retold_goods_without_sides_continue_the_latest_claim() {
    let evs = [
        transfer("e1", 0, "a", prk(), rus(), vec![item("uav", "drones")]),
        transfer("e2", 1, "b", usa(), ukr(), vec![item("uav", "drones")]),
        transfer(
            "e3",
            2,
            "The drones arrived by sea.",
            None,
            None,
            vec![item("uav", "drones")],
        ),
    ];
    let c = assemble(&evs);
    assert_eq!(c.len(), 2);
    assert_eq!(c[1].events, ["e2", "e3"]);
}

#[test]
fn retold_shipment_noun_continues_the_claim() {
    let mut e2 = transfer(
        "e2",
        1,
        "Officials said the shipment reached port.",
        None,
        None,
        vec![],
    );
    e2.why = "AID:n 'shipment'; src:- tgt:-".into();
    let evs = [
        transfer(
            "e1",
            0,
            "a",
            prk(),
            rus(),
            vec![item("ammunition", "shells")],
        ),
        e2,
    ];
    assert_eq!(assemble(&evs).len(), 1);
}

#[test]
fn goods_told_for_the_first_time_without_sides_are_a_row_of_their_own() {
    let evs = [
        transfer(
            "e1",
            0,
            "a",
            prk(),
            rus(),
            vec![item("ammunition", "shells")],
        ),
        transfer(
            "e2",
            1,
            "Rifles were found in a warehouse.",
            None,
            None,
            vec![item("small_arms", "rifles")],
        ),
    ];
    let c = assemble(&evs);
    assert_eq!(c.len(), 2);
    assert!(c[1].supplier.is_none() && c[1].recipient.is_none());
}

#[test]
fn a_contradicting_side_is_a_new_claim_even_when_retold() {
    let evs = [
        transfer("e1", 0, "a", prk(), rus(), vec![item("uav", "drones")]),
        transfer(
            "e2",
            1,
            "The drones went to Ukraine.",
            None,
            ukr(),
            vec![item("uav", "drones")],
        ),
    ];
    assert_eq!(assemble(&evs).len(), 2);
}

#[test]
fn the_most_precise_quantity_is_kept_per_category() {
    let q = |min: Option<u64>, max: Option<u64>, text: &str| Quantity {
        min,
        max,
        text: text.to_owned(),
        unit: None,
    };
    let mut a = item("ammunition.artillery", "shells");
    a.quantity = Some(q(Some(1_000_000), None, "over a million"));
    let mut b = item("ammunition.artillery", "shells");
    b.quantity = Some(q(Some(1_200_000), Some(1_200_000), "1.2 million"));
    let evs = [
        transfer("e1", 0, "a", prk(), rus(), vec![a]),
        transfer(
            "e2",
            1,
            "b",
            prk(),
            rus(),
            vec![b, item("missile", "missiles")],
        ),
    ];
    let c = assemble(&evs);
    assert_eq!(c[0].items.len(), 2);
    assert_eq!(
        c[0].items[0].quantity.as_ref().and_then(|q| q.max),
        Some(1_200_000)
    );
}

#[test]
fn a_generic_retelling_adds_no_item() {
    let evs = [
        transfer(
            "e1",
            0,
            "a",
            prk(),
            rus(),
            vec![item("ammunition", "shells")],
        ),
        transfer(
            "e2",
            1,
            "They sent the weapons by rail.",
            prk(),
            None,
            vec![item("military_equipment.arms", "weapons")],
        ),
    ];
    let c = assemble(&evs);
    assert_eq!(c[0].items.len(), 1, "{:?}", c[0].items);
}

#[test]
fn date_covers_the_events_and_transport_is_the_union() {
    let mut e1 = transfer("e1", 0, "a", prk(), rus(), vec![]);
    e1.date = Some(DateRange {
        start: "2023-08-01".into(),
        end: "2023-08-31".into(),
        text: "in August".into(),
    });
    t_mut(&mut e1).transport = vec!["sea".into()];
    let mut e2 = transfer("e2", 1, "b", prk(), rus(), vec![]);
    e2.date = Some(DateRange {
        start: "2023-10-01".into(),
        end: "2023-10-31".into(),
        text: "in October".into(),
    });
    t_mut(&mut e2).transport = vec!["air".into(), "sea".into()];
    let c = &assemble(&[e1, e2])[0];
    let d = c.date.as_ref().expect("date");
    assert_eq!(
        (d.start.as_str(), d.end.as_str()),
        ("2023-08-01", "2023-10-31")
    );
    assert_eq!(d.text, "in August; in October");
    assert_eq!(c.transport, ["sea", "air"]);
}

#[test]
fn value_comes_from_whichever_event_names_it() {
    let e1 = transfer("e1", 0, "a", usa(), ukr(), vec![]);
    let mut e2 = transfer("e2", 1, "b", usa(), ukr(), vec![]);
    t_mut(&mut e2).value = Some(Money {
        amount: 300_000_000,
        currency: Some("USD".into()),
        text: "$300 million".into(),
    });
    let c = &assemble(&[e1, e2])[0];
    assert_eq!(c.value.as_ref().map(|v| v.amount), Some(300_000_000));
}

#[test]
fn status_is_the_furthest_stage() {
    let mut e1 = transfer("e1", 0, "a", usa(), ukr(), vec![]);
    t_mut(&mut e1).status = Some("agreed".into());
    let mut e2 = transfer("e2", 1, "b", usa(), ukr(), vec![]);
    t_mut(&mut e2).status = Some("in_transit".into());
    let mut e3 = transfer("e3", 2, "c", usa(), ukr(), vec![]);
    t_mut(&mut e3).status = Some("requested".into());
    assert_eq!(assemble(&[e1, e2, e3])[0].status, Some(Stage::InTransit));
}

#[test]
fn a_deal_only_intended_is_planned() {
    let mut e1 = transfer("e1", 0, "a", usa(), ukr(), vec![]);
    t_mut(&mut e1).status = Some("agreed".into());
    e1.why = "AID:v 'send'; control:plans".into();
    assert_eq!(
        assemble(std::slice::from_ref(&e1))[0].status,
        Some(Stage::Planned)
    );
    let mut e2 = e1.clone();
    e2.id = "e2".into();
    e2.why = "AID:v 'sell'; control:agreed".into();
    assert_eq!(assemble(&[e1, e2])[0].status, Some(Stage::Agreed));
}

#[test]
fn stance_asserted_hedged_and_denied_only() {
    let mut hedged = transfer("e1", 0, "a", prk(), rus(), vec![]);
    hedged.certainty = Certainty {
        level: CertaintyLevel::Likely,
        cue: Some("likely".into()),
    };
    let c = &assemble(std::slice::from_ref(&hedged))[0];
    assert_eq!(c.stance, Stance::Hedged);
    assert_eq!(c.certainty.level, CertaintyLevel::Likely);
    let asserted = transfer("e2", 1, "b", prk(), rus(), vec![]);
    let c = &assemble(&[hedged, asserted])[0];
    assert_eq!(c.stance, Stance::Asserted);
    assert_eq!(c.certainty.level, CertaintyLevel::Asserted);
    let mut negated = transfer("e1", 0, "a", prk(), rus(), vec![]);
    negated.negated = true;
    assert_eq!(assemble(&[negated])[0].stance, Stance::DeniedOnly);
}

#[test]
fn the_content_of_a_denial_is_denied_only() {
    let mut content = transfer(
        "e2",
        0,
        "The Kremlin denied buying weapons.",
        prk(),
        rus(),
        vec![],
    );
    content.certainty = Certainty {
        level: CertaintyLevel::Possible,
        cue: Some("denied".into()),
    };
    let reject = about("e1", 0, EventType::Reject, state("Kremlin", "RUS"), &["e2"]);
    let c = &assemble(&[reject, content])[0];
    assert_eq!(c.stance, Stance::DeniedOnly);
    assert_eq!(c.denied_by.len(), 1);
    assert_eq!(c.events, ["e1", "e2"]);
}

#[test]
fn claimed_by_gathers_attributions_and_accusers() {
    let mut e1 = transfer("e1", 0, "a", prk(), rus(), vec![]);
    e1.attribution = vec![state("South Korea", "KOR")];
    let mut e2 = transfer("e2", 1, "b", prk(), rus(), vec![]);
    e2.attribution = vec![state("South Korea", "KOR"), state("Japan", "JPN")];
    let accuse = about(
        "e3",
        2,
        EventType::Accuse,
        state("United States", "USA"),
        &["e2"],
    );
    let c = &assemble(&[e1, e2, accuse])[0];
    let who: Vec<_> = c.claimed_by.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(who, ["South Korea", "Japan", "United States"]);
    assert_eq!(c.events, ["e1", "e2", "e3"]);
}

#[test]
fn denied_by_rejections_of_the_events_or_of_their_accusations() {
    let e1 = transfer("e1", 0, "a", prk(), rus(), vec![]);
    let accuse = about("e2", 1, EventType::Accuse, state("Japan", "JPN"), &["e1"]);
    let direct = about("e3", 2, EventType::Reject, state("Russia", "RUS"), &["e1"]);
    let of_claim = about(
        "e4",
        3,
        EventType::Reject,
        state("North Korea", "PRK"),
        &["e2"],
    );
    let unrelated = about("e5", 4, EventType::Reject, state("China", "CHN"), &["e9"]);
    let c = &assemble(&[e1, accuse, direct, of_claim, unrelated])[0];
    let who: Vec<_> = c
        .denied_by
        .iter()
        .filter_map(|a| a.country.as_deref())
        .collect();
    assert_eq!(who, ["RUS", "PRK"]);
    assert_eq!(c.stance, Stance::Asserted);
}

#[test]
fn a_negated_event_said_by_a_party_is_its_denial_but_not_by_a_third() {
    let mut by_party = transfer("e1", 0, "a", prk(), rus(), vec![]);
    by_party.negated = true;
    by_party.attribution = vec![state("Russia", "RUS")];
    let mut by_third = transfer("e2", 1, "b", prk(), rus(), vec![]);
    by_third.negated = true;
    by_third.attribution = vec![state("United States", "USA")];
    let c = &assemble(&[by_party, by_third])[0];
    let who: Vec<_> = c
        .denied_by
        .iter()
        .filter_map(|a| a.country.as_deref())
        .collect();
    assert_eq!(who, ["RUS"]);
    assert!(c.claimed_by.is_empty());
}

#[test]
fn a_seizure_names_who_interdicted() {
    let mut seize = transfer(
        "e1",
        0,
        "a",
        Some(state("Iran", "IRN")),
        Some(state("Houthis", "YEM")),
        vec![],
    );
    seize.kind = EventType::Coerce;
    seize.mode = Some("seize".into());
    seize.sources = vec![state("US Navy", "USA")];
    let c = &assemble(&[seize])[0];
    assert_eq!(
        c.interdicted_by.as_ref().map(|a| a.name.as_str()),
        Some("US Navy")
    );
    assert_eq!(c.supplier.as_ref().map(|a| a.name.as_str()), Some("Iran"));
}

#[test]
fn flags_and_evidence_primary_first() {
    let mut e1 = transfer("e1", 0, "first", prk(), rus(), vec![]);
    e1.negated = true;
    let mut e2 = transfer("e2", 1, "second", prk(), rus(), vec![]);
    let flag = Flag {
        kind: UN_ARMS_EMBARGO.into(),
        country: Some("PRK".into()),
        basis: Some("UNSC 1718 (2006)".into()),
    };
    e2.flags = vec![flag.clone()];
    let mut e3 = transfer("e3", 2, "third", prk(), rus(), vec![]);
    e3.flags = vec![flag.clone()];
    e3.evidence.push(e2.evidence[0].clone());
    let c = &assemble(&[e1, e2, e3])[0];
    assert_eq!(c.flags, [flag]);
    let texts: Vec<_> = c.evidence.iter().map(|e| e.text.as_str()).collect();
    // The supporting events' spans first, the denied one after; each span once.
    assert_eq!(texts, ["second", "third", "first"]);
}

#[test]
fn supplier_inferred_from_an_origin_adjective_is_listed() {
    let mut e1 = transfer(
        "e1",
        0,
        "a",
        Some(state("North Korean", "PRK")),
        rus(),
        vec![],
    );
    e1.why = "AID:v 'transported'; src:item-origin tgt:to-PP".into();
    let c = &assemble(&[e1])[0];
    assert_eq!(c.inferred.len(), 1);
    assert_eq!(c.inferred[0].from, "origin_adjective");
    assert_eq!(c.inferred[0].text, "North Korean");
}

#[test]
fn a_company_and_its_state_are_one_side() {
    let mut firm = state("Lockheed Martin", "USA");
    firm.kind = ActorKind::Organization;
    firm.sector = Some("BUS".into());
    let evs = [
        transfer(
            "e1",
            0,
            "a",
            Some(firm),
            Some(state("Poland", "POL")),
            vec![],
        ),
        transfer("e2", 1, "b", usa(), Some(state("Poland", "POL")), vec![]),
    ];
    assert_eq!(assemble(&evs).len(), 1);
}

#[test]
fn goods_retold_in_general_words_add_no_item_but_first_told_ones_do() {
    let sam = item("air_defence.sam", "NASAMS systems");
    let evs = [
        transfer("e1", 0, "a", usa(), ukr(), vec![sam.clone()]),
        transfer(
            "e2",
            1,
            "The air defence systems came by rail.",
            usa(),
            ukr(),
            vec![item("air_defence", "air defence systems")],
        ),
    ];
    let c = assemble(&evs);
    assert_eq!(c[0].items, std::slice::from_ref(&sam));
    // Told for the first time ("other air defence systems"), the general item is a kind of its own.
    let evs = [
        transfer("e1", 0, "a", usa(), ukr(), vec![sam]),
        transfer(
            "e2",
            1,
            "Other air defence systems followed.",
            usa(),
            ukr(),
            vec![item("air_defence", "air defence systems")],
        ),
    ];
    assert_eq!(assemble(&evs)[0].items.len(), 2);
}

#[test]
fn sides_the_coder_inherited_are_listed_as_inferred() {
    let mut e1 = transfer("e1", 0, "a", prk(), rus(), vec![]);
    e1.why = "AID:n 'transfer'; src:inherited tgt:inherited".into();
    let c = &assemble(&[e1])[0];
    let fields: Vec<_> = c
        .inferred
        .iter()
        .map(|i| (i.field.as_str(), i.from.as_str()))
        .collect();
    assert_eq!(
        fields,
        [
            ("supplier", "previous_sentence"),
            ("recipient", "previous_sentence")
        ]
    );
}

#[test]
fn an_unplaced_speaker_of_a_negation_denies_for_the_supplier() {
    let e1 = transfer(
        "e1",
        0,
        "a",
        Some(state("Iran", "IRN")),
        Some(state("Sudan", "SDN")),
        vec![],
    );
    let mut e2 = transfer(
        "e2",
        1,
        "b",
        Some(state("Iran", "IRN")),
        Some(state("Sudan", "SDN")),
        vec![],
    );
    e2.negated = true;
    let mut spokesman = state("foreign ministry spokesman", "XXX");
    spokesman.country = None;
    spokesman.kind = ActorKind::Person;
    e2.attribution = vec![spokesman];
    let c = &assemble(&[e1.clone(), e2])[0];
    let who: Vec<_> = c
        .denied_by
        .iter()
        .filter_map(|a| a.country.as_deref())
        .collect();
    assert_eq!(who, ["IRN"]);
    assert!(c.inferred.iter().any(|i| i.field == "denied_by"));
    // Said in the outlet's own voice, a negation is nobody's denial.
    let mut own_voice = transfer(
        "e2",
        1,
        "b",
        Some(state("Iran", "IRN")),
        Some(state("Sudan", "SDN")),
        vec![],
    );
    own_voice.negated = true;
    assert!(assemble(&[e1, own_voice])[0].denied_by.is_empty());
}

#[test]
fn a_denial_in_general_words_adds_no_item() {
    let mut denial = transfer(
        "e2",
        1,
        "Iran had not sent any weapons.",
        Some(state("Iran", "IRN")),
        None,
        vec![item("military_equipment.arms", "weapons")],
    );
    denial.negated = true;
    let evs = [
        transfer(
            "e1",
            0,
            "a",
            Some(state("Iran", "IRN")),
            rus(),
            vec![item("uav", "drones")],
        ),
        denial,
    ];
    let c = &assemble(&evs)[0];
    assert_eq!(c.items.len(), 1);
    assert_eq!(c.events, ["e1", "e2"]);
}

#[test]
fn a_stage_told_of_one_side_only_does_not_raise_the_claim() {
    let mut deal = transfer("e1", 0, "a", usa(), ukr(), vec![]);
    t_mut(&mut deal).status = Some("agreed".into());
    // Joined by its recipient, but perhaps another deal: the two-sided event decides.
    let other = transfer("e2", 1, "b", None, ukr(), vec![]);
    let c = &assemble(&[deal.clone(), other.clone()])[0];
    assert_eq!(c.events, ["e1", "e2"]);
    assert_eq!(c.status, Some(Stage::Agreed));
    // With no two-sided event, the one-sided ones still give the stage.
    let mut alone = other;
    t_mut(&mut alone).supplier = usa();
    t_mut(&mut deal).recipient = None;
    assert_eq!(assemble(&[deal, alone])[0].status, Some(Stage::Delivered));
}

#[test]
fn a_negation_of_one_side_only_denies_nothing() {
    let e1 = transfer("e1", 0, "a", prk(), rus(), vec![]);
    let mut e2 = transfer("e2", 1, "b", prk(), None, vec![]);
    e2.negated = true;
    e2.attribution = vec![state("North Korea", "PRK")];
    let c = &assemble(&[e1, e2])[0];
    assert_eq!(c.events, ["e1", "e2"]);
    assert!(c.denied_by.is_empty(), "{:?}", c.denied_by);
}

#[test]
fn a_list_of_suppliers_is_one_claim_each() {
    let are = state("United Arab Emirates", "ARE");
    let tur = state("Turkey", "TUR");
    let eth = state("Ethiopia", "ETH");
    let mut e = transfer(
        "e1",
        0,
        "a",
        Some(are.clone()),
        Some(eth.clone()),
        vec![item("uav", "drones")],
    );
    e.sources = vec![are, tur, eth.clone()];
    let c = assemble(&[e]);
    let pairs: Vec<_> = c
        .iter()
        .map(|c| {
            (
                c.supplier.as_ref().and_then(|a| a.country.clone()),
                c.recipient.as_ref().and_then(|a| a.country.clone()),
            )
        })
        .collect();
    // One claim per listed supplier; the recipient, listed among the sources by mistake, is
    // never its own supplier.
    assert_eq!(
        pairs,
        [
            (Some("ARE".into()), Some("ETH".into())),
            (Some("TUR".into()), Some("ETH".into()))
        ]
    );
    assert_eq!(c[1].events, ["e1"]);
}

#[test]
fn approved_sales_are_planned() {
    let mut e = transfer(
        "e1",
        0,
        "a",
        usa(),
        ukr(),
        vec![item("missile", "missiles")],
    );
    t_mut(&mut e).status = Some("agreed".into());
    e.why = "AID:n 'sale'; src:subject-left tgt:to-PP; governed:approved".into();
    assert_eq!(assemble(&[e])[0].status, Some(Stage::Planned));
}

#[test]
fn a_lone_side_takes_the_documents_only_other_side() {
    let mmr = Some(state("Myanmar", "MMR"));
    let chn = Some(state("China", "CHN"));
    let evs = [
        transfer(
            "e1",
            0,
            "a",
            usa(),
            mmr.clone(),
            vec![item("naval", "vessels")],
        ),
        transfer("e2", 1, "b", chn, None, vec![item("aircraft", "jets")]),
    ];
    let c = assemble(&evs);
    let rcp = |i: usize| c[i].recipient.as_ref().and_then(|a| a.country.clone());
    assert_eq!(rcp(1).as_deref(), Some("MMR"));
    assert_eq!(c[1].inferred[0].from, "document_recipient");
    // Two recipients among the two-sided claims: nothing to fill.
    let evs2 = [
        evs[0].clone(),
        transfer("e3", 2, "c", usa(), ukr(), vec![]),
        evs[1].clone(),
    ];
    let c2 = assemble(&evs2);
    assert!(c2.iter().any(|c| c.recipient.is_none()));
}

#[test]
fn a_lone_supplier_and_a_lone_recipient_are_one_claim() {
    let evs = [
        transfer("e1", 0, "a", prk(), None, vec![item("missile", "missiles")]),
        transfer(
            "e2",
            3,
            "b",
            None,
            rus(),
            vec![item("ammunition", "shells")],
        ),
    ];
    let c = assemble(&evs);
    assert_eq!(c.len(), 1, "{c:?}");
    assert_eq!(
        c[0].supplier.as_ref().map(|a| a.name.as_str()),
        Some("North Korea")
    );
    assert_eq!(
        c[0].recipient.as_ref().map(|a| a.name.as_str()),
        Some("Russia")
    );
}

#[test]
fn halves_are_not_joined_when_another_supplier_is_named_alone() {
    let evs = [
        transfer("e1", 0, "a", prk(), None, vec![item("missile", "missiles")]),
        transfer("e2", 1, "b", usa(), None, vec![item("missile", "missiles")]),
        transfer(
            "e3",
            2,
            "c",
            None,
            rus(),
            vec![item("ammunition", "shells")],
        ),
    ];
    let c = assemble(&evs);
    assert!(
        c.iter()
            .all(|c| c.supplier.is_none() || c.recipient.is_none()),
        "{c:?}"
    );
}
