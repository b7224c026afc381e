//! The sitrep record format, version 1.1 ([`FORMAT_VERSION`]): what `sitrep extract --format jsonl` prints, what the
//! store keeps and what the exports carry. This crate owns the types and their JSON shape and
//! nothing else, so that every other crate (coder, store, ingest) can speak the format without
//! depending on each other.
//!
//! Unknown values are `None`/empty, never invented. Fields may be added; the ones defined by the
//! contract keep their names and meanings.
//!
//! Additions to the v1 contract (each `null` when the text does not say):
//! - `transfer.value`: the money value of a transfer as stated, `{"amount": 300000000,
//!   "currency": "USD", "text": "$300 million"}` (aid and arms packages are often reported by
//!   value only).
//! - `transfer.items[].quantity.unit`: present only for a measured amount ("more than 750 tonnes
//!   of missile parts": `{"min": 750, "max": null, "text": "more than 750 tonnes", "unit":
//!   "tonne"}`; units `tonne`, `ton`, `kg`, `lb`). Without it the quantity counts items, as in
//!   the contract. The CSV export's quantity sums add counts only.
//! - `transfer.status` may be `null`: a package only "considered" or "weighed" has no stage yet
//!   (its event then carries certainty `possible` with the verb as cue).
//!
//! The kind of aid (military, humanitarian, economic) is not a new field: it is the event's PLOVER
//! `contexts` (`["military"]`, `["humanitarian"]`, `["economic"]`). Only military aid carries a
//! `transfer` (the spec's transfer is a movement of weapons or military goods); a military aid
//! package whose goods are not listed has one item of the generic category `military_equipment`
//! whose text is the nominal ("military aid package").

//!
//! Version 1.1 adds the document-level ledger: `transfers`, one [`TransferClaim`] per supplier
//! and recipient the document reports, merged across its sentences and events. Events keep
//! their own `transfer`; a claim points at the events behind it.

use serde::{Deserialize, Serialize};

/// The version of the record contract these types implement.
pub const FORMAT_VERSION: &str = "1.1";

/// One document's record: its metadata, the events coded from it and its transfer claims.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// Document metadata.
    pub document: DocumentMeta,
    /// Coded events, in order of their primary evidence.
    pub events: Vec<Event>,
    /// The document's arms-transfer ledger rows (version 1.1): always written, possibly empty;
    /// records written before 1.1 read as empty.
    #[serde(default)]
    pub transfers: Vec<TransferClaim>,
    /// Token-level analysis, present only with `--debug-nlp`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nlp: Option<serde_json::Value>,
    /// Non-fatal problems met while reading the document (e.g. lossy UTF-8 decoding).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// Document metadata.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentMeta {
    /// Stable id: a hash of the normalised text.
    pub id: String,
    /// Headline, if found.
    pub title: Option<String>,
    /// Publication date `YYYY-MM-DD`, found in the text or given by the caller.
    pub published: Option<String>,
    /// Dateline place, e.g. `SEOUL`.
    pub dateline: Option<String>,
    /// Where the document came from.
    pub url: Option<String>,
    /// Outlet or feed name.
    pub source: Option<String>,
    /// Language code; always `en` for now.
    pub lang: String,
}

impl Default for DocumentMeta {
    fn default() -> Self {
        Self {
            id: String::new(),
            title: None,
            published: None,
            dateline: None,
            url: None,
            source: None,
            lang: "en".to_owned(),
        }
    }
}

/// One coded event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Unique within the document: `e1`, `e2`, …
    pub id: String,
    /// PLOVER event type, upper case.
    #[serde(rename = "type")]
    pub kind: EventType,
    /// PLOVER mode, lower case.
    pub mode: Option<String>,
    /// PLOVER contexts, lower case.
    pub contexts: Vec<String>,
    /// Who acted.
    pub sources: Vec<Actor>,
    /// To or for whom.
    pub targets: Vec<Actor>,
    /// When, resolved against the publication date.
    pub date: Option<DateRange>,
    /// Where.
    pub location: Option<Place>,
    /// The text says it did not happen.
    pub negated: bool,
    /// How sure the claimant is.
    pub certainty: Certainty,
    /// Who asserts it, nearest speaker first; empty for the outlet's own voice.
    pub attribution: Vec<Actor>,
    /// Ids of the events this one is a claim about.
    pub about: Vec<String>,
    /// Movement of military goods, if any.
    pub transfer: Option<Transfer>,
    /// Rule hits such as UN arms embargoes.
    pub flags: Vec<Flag>,
    /// Every place in the document that reports this event; the first is primary.
    pub evidence: Vec<Evidence>,
    /// Machine-readable trace of the rule or model decision that produced this record.
    pub why: String,
}

/// The flag kind of an event that touches a UN arms embargo.
pub const UN_ARMS_EMBARGO: &str = "un_arms_embargo";

impl Event {
    /// How the event is claimed: `denied` (negated), `asserted`, else `hedged`.
    pub fn stance(&self) -> &'static str {
        if self.negated {
            "denied"
        } else if self.certainty.level == CertaintyLevel::Asserted {
            "asserted"
        } else {
            "hedged"
        }
    }

    /// Whether the event touches a UN arms embargo.
    pub fn under_arms_embargo(&self) -> bool {
        self.flags.iter().any(|f| f.kind == UN_ARMS_EMBARGO)
    }
}

/// The 16 PLOVER event types.
#[allow(missing_docs)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum EventType {
    Agree,
    Consult,
    Support,
    Concede,
    Cooperate,
    Aid,
    Retreat,
    Request,
    Accuse,
    Reject,
    Threaten,
    Protest,
    Sanction,
    Mobilize,
    Coerce,
    Assault,
}

impl EventType {
    /// All types, in PLOVER order.
    pub const ALL: [EventType; 16] = [
        Self::Agree,
        Self::Consult,
        Self::Support,
        Self::Concede,
        Self::Cooperate,
        Self::Aid,
        Self::Retreat,
        Self::Request,
        Self::Accuse,
        Self::Reject,
        Self::Threaten,
        Self::Protest,
        Self::Sanction,
        Self::Mobilize,
        Self::Coerce,
        Self::Assault,
    ];

    /// Upper-case PLOVER name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Agree => "AGREE",
            Self::Consult => "CONSULT",
            Self::Support => "SUPPORT",
            Self::Concede => "CONCEDE",
            Self::Cooperate => "COOPERATE",
            Self::Aid => "AID",
            Self::Retreat => "RETREAT",
            Self::Request => "REQUEST",
            Self::Accuse => "ACCUSE",
            Self::Reject => "REJECT",
            Self::Threaten => "THREATEN",
            Self::Protest => "PROTEST",
            Self::Sanction => "SANCTION",
            Self::Mobilize => "MOBILIZE",
            Self::Coerce => "COERCE",
            Self::Assault => "ASSAULT",
        }
    }

    /// Parses a PLOVER name, case-insensitively.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|t| t.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

impl std::fmt::Display for EventType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Kind of actor.
#[allow(missing_docs)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ActorKind {
    State,
    Organization,
    Person,
    Group,
}

/// An actor as mentioned in the document and resolved against the knowledge base.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Actor {
    /// Surface form in this document.
    pub text: String,
    /// Canonical name.
    pub name: String,
    /// Kind of actor.
    pub kind: ActorKind,
    /// ISO 3166-1 alpha-3, or an IGO's own code such as `UNO`.
    pub country: Option<String>,
    /// CAMEO role code (GOV, MIL, SPY, …).
    pub sector: Option<String>,
    /// Knowledge-base id when resolved.
    pub id: Option<String>,
}

/// A resolved date or interval.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateRange {
    /// First day, `YYYY-MM-DD`.
    pub start: String,
    /// Last day, `YYYY-MM-DD`.
    pub end: String,
    /// The words that gave it.
    pub text: String,
}

/// A place from the gazetteer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    /// Surface form.
    pub text: String,
    /// Canonical name.
    pub name: String,
    /// ISO 3166-1 alpha-3.
    pub country: Option<String>,
    /// Latitude.
    pub lat: Option<f64>,
    /// Longitude.
    pub lon: Option<f64>,
    /// `country`, `city` or `region`.
    pub kind: String,
}

/// Certainty levels: `asserted`, the ICD 203 scale, and `possible` for uncalibrated modals.
#[allow(missing_docs)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum CertaintyLevel {
    #[default]
    Asserted,
    AlmostCertain,
    VeryLikely,
    Likely,
    EvenChance,
    Unlikely,
    VeryUnlikely,
    AlmostNoChance,
    Possible,
}

impl CertaintyLevel {
    /// All levels, strongest first.
    pub const ALL: [CertaintyLevel; 9] = [
        Self::Asserted,
        Self::AlmostCertain,
        Self::VeryLikely,
        Self::Likely,
        Self::EvenChance,
        Self::Unlikely,
        Self::VeryUnlikely,
        Self::AlmostNoChance,
        Self::Possible,
    ];

    /// snake_case name as in the record format.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Asserted => "asserted",
            Self::AlmostCertain => "almost_certain",
            Self::VeryLikely => "very_likely",
            Self::Likely => "likely",
            Self::EvenChance => "even_chance",
            Self::Unlikely => "unlikely",
            Self::VeryUnlikely => "very_unlikely",
            Self::AlmostNoChance => "almost_no_chance",
            Self::Possible => "possible",
        }
    }

    /// Parses a snake_case level name.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.as_str() == s.trim())
    }
}

/// Certainty with the cue that set it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Certainty {
    /// Level.
    pub level: CertaintyLevel,
    /// The word(s) that set the level, `None` for plain assertion.
    pub cue: Option<String>,
}

/// Movement of weapons or military goods.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Transfer {
    /// Who supplies.
    pub supplier: Option<Actor>,
    /// Who receives.
    pub recipient: Option<Actor>,
    /// What moves.
    pub items: Vec<Item>,
    /// Transport modes as stated: `sea`, `air`, `rail`, `road`.
    pub transport: Vec<String>,
    /// `delivered`, `in_transit`, `agreed`, `offered` or `requested`; `None` when the text
    /// gives no stage (an aid package that is only "considered").
    pub status: Option<String>,
    /// Money value of the transfer as stated ("a $300 million security assistance package",
    /// "£500 million in military support", "worth $400 million"), or `None`. Not in the v1
    /// contract's list: added under its "fields may be added" rule. Older records without it
    /// read as `None`.
    #[serde(default)]
    pub value: Option<Money>,
}

/// An amount of money as stated in the text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Money {
    /// Amount in whole units of the currency (`300000000` for "$300 million").
    pub amount: u64,
    /// ISO 4217 code (`USD`, `EUR`, `GBP`, `JPY`, …) or `None` when the text names none.
    pub currency: Option<String>,
    /// The words that gave it.
    pub text: String,
}

/// One kind of goods in a transfer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    /// Dotted taxonomy code, e.g. `ammunition.artillery`.
    pub category: String,
    /// Surface form.
    pub text: String,
    /// System designation such as `KN-23`.
    pub designation: Option<String>,
    /// Quantity with bounds.
    pub quantity: Option<Quantity>,
}

/// A quantity with bounds; `None` bounds are unknown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    /// Lower bound.
    pub min: Option<u64>,
    /// Upper bound.
    pub max: Option<u64>,
    /// The words that gave it.
    pub text: String,
    /// Unit of a measured amount ("tonne", "ton", "kg", "lb"); absent for a count of items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

/// A rule hit such as an arms embargo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flag {
    /// e.g. `un_arms_embargo`.
    pub kind: String,
    /// Country the rule concerns.
    pub country: Option<String>,
    /// Legal basis, e.g. `UNSC 1718 (2006)`.
    pub basis: Option<String>,
}

/// A place in the document that reports an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// Sentence index (0-based, in document order).
    pub sentence: usize,
    /// Byte offset into the original input.
    pub start: usize,
    /// Byte offset (exclusive) into the original input.
    pub end: usize,
    /// The sentence text.
    pub text: String,
}

/// One row of a document's arms-transfer ledger (version 1.1): everything the document says
/// about goods moving from one supplier to one recipient, merged across its sentences.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TransferClaim {
    /// `t1`, `t2`, … unique within the document.
    pub id: String,
    /// Who supplies; `None` when the document does not say.
    pub supplier: Option<Actor>,
    /// Who receives; `None` when the document does not say.
    pub recipient: Option<Actor>,
    /// States or places the goods pass through; never a supplier.
    pub via: Vec<Waypoint>,
    /// Who seized or stopped the goods.
    pub interdicted_by: Option<Actor>,
    /// Goods merged over the claim's events: one per category and designation.
    pub items: Vec<Item>,
    /// The stated worth of the deal.
    pub value: Option<Money>,
    /// The furthest stage the document states, `None` when it states none.
    pub status: Option<Stage>,
    /// Covers the claim's dated events.
    pub date: Option<DateRange>,
    /// Union of the events' transport modes.
    pub transport: Vec<String>,
    /// How the document holds the claim.
    pub stance: Stance,
    /// The strongest certainty among the supporting events.
    pub certainty: Certainty,
    /// Everyone the document says asserts or suspects it; empty when only the outlet does.
    pub claimed_by: Vec<Actor>,
    /// Who deny it.
    pub denied_by: Vec<Actor>,
    /// Ids of the events that support or deny it.
    pub events: Vec<String>,
    /// Every field filled by inference rather than read from the sentence.
    pub inferred: Vec<Inference>,
    /// Rule hits such as UN arms embargoes.
    pub flags: Vec<Flag>,
    /// Every span behind it; the first is primary.
    pub evidence: Vec<Evidence>,
}

/// A state or place goods pass through: an actor when the text names a state as such, else a
/// place from the gazetteer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Waypoint {
    /// A state or other actor.
    Actor(Actor),
    /// A place.
    Place(Place),
}

/// The stage of a transfer claim, in order: requested < offered < planned < agreed <
/// in_transit < delivered. `planned` (only intended) ranks beside an offer, below a deal.
#[allow(missing_docs)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Requested,
    Offered,
    Planned,
    Agreed,
    InTransit,
    Delivered,
}

impl Stage {
    /// All stages, earliest first.
    pub const ALL: [Stage; 6] = [
        Self::Requested,
        Self::Offered,
        Self::Planned,
        Self::Agreed,
        Self::InTransit,
        Self::Delivered,
    ];

    /// snake_case name as in the record format.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Requested => "requested",
            Self::Offered => "offered",
            Self::Planned => "planned",
            Self::Agreed => "agreed",
            Self::InTransit => "in_transit",
            Self::Delivered => "delivered",
        }
    }

    /// Parses a snake_case stage name (an event `transfer.status`).
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s.trim())
    }
}

/// How a document holds a transfer claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Stance {
    /// Someone states it as fact.
    #[default]
    Asserted,
    /// Every claim of it is qualified.
    Hedged,
    /// The document only reports a denial or an absence of evidence.
    DeniedOnly,
}

impl Stance {
    /// snake_case name as in the record format.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Asserted => "asserted",
            Self::Hedged => "hedged",
            Self::DeniedOnly => "denied_only",
        }
    }
}

/// A claim field filled by inference rather than read from the sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inference {
    /// The field, e.g. `supplier`.
    pub field: String,
    /// What it was inferred from, e.g. `designation` or `previous_sentence`.
    pub from: String,
    /// The words it was inferred from.
    pub text: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(name: &str, country: &str) -> Actor {
        Actor {
            text: name.to_owned(),
            name: name.to_owned(),
            kind: ActorKind::State,
            country: Some(country.to_owned()),
            sector: None,
            id: None,
        }
    }

    fn claim() -> TransferClaim {
        TransferClaim {
            id: "t1".into(),
            supplier: Some(actor("North Korea", "PRK")),
            recipient: Some(actor("Russia", "RUS")),
            via: vec![
                Waypoint::Actor(actor("Bulgaria", "BGR")),
                Waypoint::Place(Place {
                    text: "Rason".into(),
                    name: "Rason".into(),
                    country: Some("PRK".into()),
                    lat: Some(42.3),
                    lon: Some(130.4),
                    kind: "city".into(),
                }),
            ],
            interdicted_by: None,
            items: vec![Item {
                category: "ammunition.artillery".into(),
                text: "artillery shells".into(),
                designation: None,
                quantity: Some(Quantity {
                    min: Some(1_000_000),
                    max: None,
                    text: "more than a million".into(),
                    unit: None,
                }),
            }],
            value: Some(Money {
                amount: 6_500_000_000,
                currency: Some("USD".into()),
                text: "$6.5 billion".into(),
            }),
            status: Some(Stage::InTransit),
            date: Some(DateRange {
                start: "2023-08-01".into(),
                end: "2023-11-01".into(),
                text: "since August".into(),
            }),
            transport: vec!["sea".into(), "air".into()],
            stance: Stance::Hedged,
            certainty: Certainty {
                level: CertaintyLevel::Likely,
                cue: Some("likely".into()),
            },
            claimed_by: vec![actor("South Korea", "KOR")],
            denied_by: vec![actor("Russia", "RUS")],
            events: vec!["e1".into(), "e4".into()],
            inferred: vec![Inference {
                field: "recipient".into(),
                from: "previous_sentence".into(),
                text: "Russia".into(),
            }],
            flags: vec![Flag {
                kind: UN_ARMS_EMBARGO.into(),
                country: Some("PRK".into()),
                basis: Some("UNSC 1718 (2006)".into()),
            }],
            evidence: vec![Evidence {
                sentence: 3,
                start: 10,
                end: 20,
                text: "…".into(),
            }],
        }
    }

    #[test]
    fn claim_round_trips_with_the_contract_names() {
        let c = claim();
        let v = serde_json::to_value(&c).expect("json");
        for key in [
            "id",
            "supplier",
            "recipient",
            "via",
            "interdicted_by",
            "items",
            "value",
            "status",
            "date",
            "transport",
            "stance",
            "certainty",
            "claimed_by",
            "denied_by",
            "events",
            "inferred",
            "flags",
            "evidence",
        ] {
            assert!(v.get(key).is_some(), "{key} missing");
        }
        assert_eq!(v["status"], "in_transit");
        assert_eq!(v["stance"], "hedged");
        assert_eq!(v["via"][0]["kind"], "state");
        assert_eq!(v["via"][1]["kind"], "city");
        let back: TransferClaim = serde_json::from_value(v).expect("back");
        assert_eq!(back, c);
    }

    #[test]
    fn record_always_writes_transfers_and_reads_old_records() {
        let r = Record::default();
        let v = serde_json::to_value(&r).expect("json");
        assert_eq!(v["transfers"], serde_json::json!([]));
        let old = r#"{"document":{"id":"x","title":null,"published":null,"dateline":null,"url":null,"source":null,"lang":"en"},"events":[]}"#;
        let back: Record = serde_json::from_str(old).expect("old record");
        assert!(back.transfers.is_empty());
        let full = Record {
            transfers: vec![claim()],
            ..Record::default()
        };
        let s = serde_json::to_string(&full).expect("json");
        assert_eq!(serde_json::from_str::<Record>(&s).expect("back"), full);
    }

    #[test]
    fn stages_are_ordered_and_parse() {
        assert!(Stage::Requested < Stage::Offered);
        assert!(Stage::Offered < Stage::Agreed);
        assert!(Stage::Agreed < Stage::InTransit);
        assert!(Stage::InTransit < Stage::Delivered);
        assert_eq!(Stage::parse("in_transit"), Some(Stage::InTransit));
        assert_eq!(Stage::parse("ordered"), None);
        assert_eq!(FORMAT_VERSION, "1.1");
    }
}
