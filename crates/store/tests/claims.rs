//! Stored transfer claims: one test body per behaviour, run against MemoryStore, SqliteStore
//! and (when `SITREP_TEST_PG` holds a connection URL and the `postgres` feature is on) PgStore.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

use sitrep_record::{
    Actor, ActorKind, Certainty, CertaintyLevel, DateRange, DocumentMeta, Event, EventType,
    Evidence, Flag, Item, Record, Stage, Stance, Transfer, TransferClaim, UN_ARMS_EMBARGO,
};
use sitrep_store::{
    ClaimQuery, MemoryStore, NewDocument, SqliteStore, Store, WriteOp, WriteOutcome,
};

fn actor(name: &str, country: Option<&str>) -> Actor {
    Actor {
        text: name.to_owned(),
        name: name.to_owned(),
        kind: ActorKind::State,
        country: country.map(str::to_owned),
        sector: None,
        id: None,
    }
}

fn item(category: &str) -> Item {
    Item {
        category: category.to_owned(),
        text: category.to_owned(),
        designation: None,
        quantity: None,
    }
}

/// A side of a claim: (name, country code).
type Side = Option<(&'static str, Option<&'static str>)>;

/// A claim: (supplier, recipient) as (name, code), categories, stage, stance, claimants,
/// deniers, dates, embargo.
struct C {
    id: &'static str,
    sides: (Side, Side),
    items: &'static [&'static str],
    status: Option<Stage>,
    stance: Stance,
    claimed_by: &'static [(&'static str, &'static str)],
    denied_by: &'static [(&'static str, &'static str)],
    date: Option<(&'static str, &'static str)>,
    embargo: bool,
}

fn claim(c: &C) -> TransferClaim {
    let side = |s: Option<(&str, Option<&str>)>| s.map(|(n, k)| actor(n, k));
    let people = |v: &[(&str, &str)]| v.iter().map(|(n, k)| actor(n, Some(k))).collect();
    TransferClaim {
        id: c.id.to_owned(),
        supplier: side(c.sides.0),
        recipient: side(c.sides.1),
        via: vec![],
        interdicted_by: None,
        items: c.items.iter().map(|i| item(i)).collect(),
        value: None,
        status: c.status,
        date: c.date.map(|(s, e)| DateRange {
            start: s.to_owned(),
            end: e.to_owned(),
            text: format!("{s}..{e}"),
        }),
        transport: vec![],
        stance: c.stance,
        certainty: Certainty::default(),
        claimed_by: people(c.claimed_by),
        denied_by: people(c.denied_by),
        events: vec!["e1".to_owned()],
        inferred: vec![],
        flags: if c.embargo {
            vec![Flag {
                kind: UN_ARMS_EMBARGO.to_owned(),
                country: Some("PRK".to_owned()),
                basis: Some("UNSC 1718 (2006)".to_owned()),
            }]
        } else {
            vec![]
        },
        evidence: vec![],
    }
}

fn meta(id: &str, published: &str) -> DocumentMeta {
    DocumentMeta {
        id: id.to_owned(),
        title: Some(format!("title {id}")),
        published: Some(published.to_owned()),
        url: Some(format!("https://{id}.example/x")),
        source: Some(format!("Outlet {id}")),
        ..DocumentMeta::default()
    }
}

fn doc(m: DocumentMeta, events: Vec<Event>, transfers: Vec<TransferClaim>) -> NewDocument {
    NewDocument {
        body: format!("body of {}", m.id).into_bytes(),
        input: format!("in/{}.txt", m.id),
        record: Record {
            document: m,
            events,
            transfers,
            nlp: None,
            warnings: vec![],
        },
    }
}

const NK: Side = Some(("North Korea", Some("PRK")));
const RU: Side = Some(("Russia", Some("RUS")));

fn base() -> C {
    C {
        id: "t1",
        sides: (None, None),
        items: &[],
        status: None,
        stance: Stance::Asserted,
        claimed_by: &[],
        denied_by: &[],
        date: None,
        embargo: false,
    }
}

/// Three documents, five claims (see `claims_suite` for what each filter keeps).
fn corpus() -> Vec<NewDocument> {
    let d1 = vec![
        claim(&C {
            sides: (NK, RU),
            items: &["ammunition.artillery"],
            status: Some(Stage::Delivered),
            claimed_by: &[("South Korea", "KOR")],
            date: Some(("2024-02-01", "2024-02-29")),
            embargo: true,
            ..base()
        }),
        claim(&C {
            id: "t2",
            sides: (Some(("Iran", Some("IRN"))), RU),
            items: &["missile.ballistic"],
            status: Some(Stage::Agreed),
            stance: Stance::Hedged,
            claimed_by: &[("United States", "USA")],
            ..base()
        }),
    ];
    let d2 = vec![claim(&C {
        sides: (
            Some(("France", Some("FRA"))),
            Some(("Armenia", Some("ARM"))),
        ),
        items: &["artillery.howitzer"],
        status: Some(Stage::Agreed),
        ..base()
    })];
    let d3 = vec![
        claim(&C {
            sides: (NK, RU),
            items: &["ammunition"],
            stance: Stance::DeniedOnly,
            denied_by: &[("Russia", "RUS")],
            ..base()
        }),
        claim(&C {
            id: "t2",
            sides: (Some(("Wagner Group", None)), Some(("Mali", Some("MLI")))),
            items: &["military_equipment"],
            ..base()
        }),
    ];
    vec![
        doc(meta("d1", "2024-03-01"), vec![], d1),
        doc(meta("d2", "2024-05-02"), vec![], d2),
        doc(meta("d3", "2024-06-10"), vec![], d3),
    ]
}

fn keys(s: &mut dyn Store, q: &ClaimQuery) -> Vec<String> {
    s.claims(q)
        .unwrap()
        .iter()
        .map(|h| format!("{}/{}", h.document.id, h.claim.id))
        .collect()
}

/// An event telling of a shipment, with its transfer block.
fn shipment(id: &str, supplier: Actor, recipient: Actor, category: &str) -> Event {
    Event {
        id: id.to_owned(),
        kind: EventType::Aid,
        mode: None,
        contexts: vec!["military".to_owned()],
        sources: vec![supplier.clone()],
        targets: vec![recipient.clone()],
        date: None,
        location: None,
        negated: false,
        certainty: Certainty {
            level: CertaintyLevel::Asserted,
            cue: None,
        },
        attribution: vec![],
        about: vec![],
        transfer: Some(Transfer {
            supplier: Some(supplier),
            recipient: Some(recipient),
            items: vec![item(category)],
            transport: vec![],
            status: Some("delivered".to_owned()),
            value: None,
        }),
        flags: vec![],
        evidence: vec![Evidence {
            sentence: 0,
            start: 0,
            end: 10,
            text: "A shipment.".to_owned(),
        }],
        why: "test".to_owned(),
    }
}

fn claims_suite(s: &mut dyn Store) {
    let ops: Vec<WriteOp> = corpus().into_iter().map(WriteOp::Document).collect();
    assert!(
        s.write(&ops)
            .unwrap()
            .iter()
            .all(|o| *o == WriteOutcome::Inserted)
    );
    let all = ["d1/t1", "d1/t2", "d2/t1", "d3/t1", "d3/t2"];
    let q = ClaimQuery::default;
    assert_eq!(keys(s, &q()), all);
    // Stored once: the same documents again add nothing.
    assert!(
        s.write(&ops)
            .unwrap()
            .iter()
            .all(|o| *o == WriteOutcome::Duplicate)
    );
    assert_eq!(keys(s, &q()), all);
    // Each hit carries its document and the claim as written.
    let hits = s.claims(&q()).unwrap();
    let want = corpus();
    assert_eq!(hits[0].document, want[0].record.document);
    assert_eq!(hits[0].claim, want[0].record.transfers[0]);
    assert_eq!(hits[4].claim, want[2].record.transfers[1]);

    let side = |v: &str| ClaimQuery {
        supplier: Some(v.into()),
        ..q()
    };
    assert_eq!(keys(s, &side("prk")), ["d1/t1", "d3/t1"]);
    assert_eq!(keys(s, &side("North Korea")), ["d1/t1", "d3/t1"]);
    assert_eq!(keys(s, &side("wagner group")), ["d3/t2"]);
    let to = ClaimQuery {
        recipient: Some("RUS".into()),
        ..q()
    };
    assert_eq!(keys(s, &to), ["d1/t1", "d1/t2", "d3/t1"]);
    let cat = |v: &str| ClaimQuery {
        category: Some(v.into()),
        ..q()
    };
    assert_eq!(keys(s, &cat("ammunition")), ["d1/t1", "d3/t1"]);
    assert_eq!(keys(s, &cat("ammunition.artillery")), ["d1/t1"]);
    assert!(keys(s, &cat("ammo")).is_empty(), "a prefix ends at a dot");
    assert_eq!(keys(s, &cat("artillery")), ["d2/t1"]);
    assert_eq!(keys(s, &cat("military_equipment")), ["d3/t2"]);
    let stage = |v| ClaimQuery {
        status: Some(v),
        ..q()
    };
    assert_eq!(keys(s, &stage(Stage::Delivered)), ["d1/t1"]);
    assert_eq!(keys(s, &stage(Stage::Agreed)), ["d1/t2", "d2/t1"]);
    assert!(keys(s, &stage(Stage::Offered)).is_empty());
    let stance = |v| ClaimQuery {
        stance: Some(v),
        ..q()
    };
    assert_eq!(keys(s, &stance(Stance::Hedged)), ["d1/t2"]);
    assert_eq!(keys(s, &stance(Stance::DeniedOnly)), ["d3/t1"]);
    assert_eq!(
        keys(s, &stance(Stance::Asserted)),
        ["d1/t1", "d2/t1", "d3/t2"]
    );
    let by = |v: &str| ClaimQuery {
        claimant: Some(v.into()),
        ..q()
    };
    assert_eq!(keys(s, &by("usa")), ["d1/t2"]);
    assert_eq!(keys(s, &by("south korea")), ["d1/t1"]);
    assert!(keys(s, &by("RUS")).is_empty(), "a denier is no claimant");
    let embargo = |v| ClaimQuery {
        embargo: Some(v),
        ..q()
    };
    assert_eq!(keys(s, &embargo(true)), ["d1/t1"]);
    assert_eq!(
        keys(s, &embargo(false)),
        ["d1/t2", "d2/t1", "d3/t1", "d3/t2"]
    );
    let days = |a: Option<&str>, b: Option<&str>| ClaimQuery {
        since: a.map(str::to_owned),
        until: b.map(str::to_owned),
        ..q()
    };
    // d1/t1 is dated February; the others are filed under their publication dates.
    assert_eq!(
        keys(s, &days(Some("2024-03-01"), None)),
        ["d1/t2", "d2/t1", "d3/t1", "d3/t2"]
    );
    assert_eq!(keys(s, &days(None, Some("2024-02-15"))), ["d1/t1"]);
    assert_eq!(
        keys(s, &days(Some("2024-02-20"), Some("2024-02-25"))),
        ["d1/t1"]
    );
    assert_eq!(
        keys(s, &days(Some("2024-05-02"), Some("2024-05-02"))),
        ["d2/t1"]
    );
    let both = ClaimQuery {
        supplier: Some("PRK".into()),
        stance: Some(Stance::Asserted),
        ..q()
    };
    assert_eq!(keys(s, &both), ["d1/t1"]);
    assert_eq!(
        keys(
            s,
            &ClaimQuery {
                limit: Some(2),
                ..q()
            }
        ),
        ["d1/t1", "d1/t2"]
    );
    let bad = s.claims(&days(Some("March"), None)).unwrap_err();
    assert_eq!(bad.code(), "store_bad_query");

    // Recode: the document's claims are replaced with those of its new events, and move to
    // the end of the storage order as its events do.
    let events = vec![shipment(
        "e1",
        actor("China", Some("CHN")),
        actor("Russia", Some("RUS")),
        "vehicle.truck",
    )];
    s.replace_events("d1", None, &events).unwrap();
    assert_eq!(keys(s, &q()), ["d2/t1", "d3/t1", "d3/t2", "d1/t1"]);
    let hits = s
        .claims(&ClaimQuery {
            supplier: Some("CHN".into()),
            ..q()
        })
        .unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].claim, sitrep_ledger::assemble(&events)[0]);
    assert!(
        keys(s, &cat("missile")).is_empty(),
        "replaced claims are gone"
    );
    s.replace_events("d2", None, &[]).unwrap();
    assert_eq!(keys(s, &q()), ["d3/t1", "d3/t2", "d1/t1"]);
}

#[test]
fn memory_claims() {
    claims_suite(&mut MemoryStore::new());
}

#[test]
fn sqlite_claims() {
    claims_suite(&mut SqliteStore::open_in_memory().unwrap());
}

/// Documents with transfer events stored before the claims table: (id, events).
fn older() -> Vec<NewDocument> {
    let (nk, ru, ir) = (
        actor("North Korea", Some("PRK")),
        actor("Russia", Some("RUS")),
        actor("Iran", Some("IRN")),
    );
    vec![
        doc(
            meta("o1", "2024-01-05"),
            vec![shipment(
                "e1",
                nk.clone(),
                ru.clone(),
                "ammunition.artillery",
            )],
            vec![],
        ),
        doc(meta("o2", "2024-01-06"), vec![], vec![]),
        doc(
            meta("o3", "2024-01-07"),
            vec![
                shipment("e1", ir, ru.clone(), "uav"),
                shipment("e2", nk, ru, "missile"),
            ],
            vec![],
        ),
    ]
}

fn assembled() -> Vec<(String, TransferClaim)> {
    older()
        .iter()
        .flat_map(|d| {
            let id = d.record.document.id.clone();
            sitrep_ledger::assemble(&d.record.events)
                .into_iter()
                .map(move |c| (id.clone(), c))
        })
        .collect()
}

fn stored(s: &mut dyn Store) -> Vec<(String, TransferClaim)> {
    let hits = s.claims(&ClaimQuery::default()).unwrap();
    hits.into_iter().map(|h| (h.document.id, h.claim)).collect()
}

/// SQL run on a database to take it back to before migration 0010.
const UNDO_0010: &str = "DROP TABLE claim_items; DROP TABLE claim_actors; DROP TABLE claims; \
     DELETE FROM schema_migrations WHERE version = 10;";

#[test]
fn sqlite_migration_fills_claims_from_stored_events() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("old.db");
    {
        let mut s = SqliteStore::open(&path).unwrap();
        let ops: Vec<WriteOp> = older().into_iter().map(WriteOp::Document).collect();
        s.write(&ops).unwrap();
        assert!(stored(&mut s).is_empty(), "the records carry no transfers");
        s.connection().execute_batch(UNDO_0010).unwrap();
    }
    let mut s = SqliteStore::open(&path).unwrap();
    let want = assembled();
    assert_eq!(want.len(), 3, "{want:?}");
    assert_eq!(stored(&mut s), want);
    // Opening again fills nothing twice.
    drop(s);
    assert_eq!(stored(&mut SqliteStore::open(&path).unwrap()), want);
}

#[cfg(feature = "postgres")]
mod pg {
    use super::*;
    use sitrep_store::PgStore;

    /// A fresh schema per test so tests can run in parallel against one server.
    fn fresh(name: &str) -> Option<String> {
        let Ok(url) = std::env::var("SITREP_TEST_PG") else {
            eprintln!("skipping PostgreSQL test {name}: set SITREP_TEST_PG to a postgres:// URL");
            return None;
        };
        let mut admin = postgres::Client::connect(&url, postgres::NoTls).unwrap();
        let schema = format!("t_{name}_{}", std::process::id());
        admin
            .batch_execute(&format!(
                "DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema};"
            ))
            .unwrap();
        let sep = if url.contains('?') { '&' } else { '?' };
        Some(format!("{url}{sep}options=-csearch_path%3D{schema}"))
    }

    #[test]
    fn pg_claims() {
        if let Some(url) = fresh("claims") {
            claims_suite(&mut PgStore::connect(&url).unwrap());
        }
    }

    #[test]
    fn pg_migration_fills_claims_from_stored_events() {
        let Some(url) = fresh("claims_backfill") else {
            return;
        };
        {
            let mut s = PgStore::connect(&url).unwrap();
            let ops: Vec<WriteOp> = older().into_iter().map(WriteOp::Document).collect();
            s.write(&ops).unwrap();
            s.client().batch_execute(UNDO_0010).unwrap();
        }
        let mut s = PgStore::connect(&url).unwrap();
        assert_eq!(stored(&mut s), assembled());
        drop(s);
        assert_eq!(stored(&mut PgStore::connect(&url).unwrap()), assembled());
    }
}
