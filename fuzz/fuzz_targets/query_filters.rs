//! Fuzz target: query filters as a user types them (`sitrep query --type … --since …`, the
//! workbench's search). Filter values, one `name=value` line each, are parsed as the CLI
//! parses them and run on the SQLite store and the in-memory reference holding the same
//! documents: validation
//! either refuses a value with `store_bad_query` on both, or both return the same events in
//! the same order (the full-text filter excepted, where the reference matches substrings and
//! FTS5 whole words: there only the absence of errors is checked).
#![no_main]

use std::cell::RefCell;

use libfuzzer_sys::fuzz_target;
use sitrep_record::{
    Actor, ActorKind, Certainty, CertaintyLevel, DateRange, DocumentMeta, Event, EventType,
    Evidence, Item, Record, Transfer,
};
use sitrep_store::{MemoryStore, NewDocument, Query, SqliteStore, Store, WriteOp};

/// Filter values as strings, the way they arrive from the command line or a URL.
#[derive(Debug, Default)]
struct Filters {
    types: Vec<String>,
    actors: Vec<String>,
    supplier: Option<String>,
    recipient: Option<String>,
    category: Option<String>,
    claimant: Option<String>,
    certainty: Option<String>,
    since: Option<String>,
    until: Option<String>,
    text: Option<String>,
    document: Option<String>,
    limit: Option<String>,
}

impl Filters {
    /// One `name=value` line per option, as `sitrep query --name value` takes them (so that
    /// the seed corpus reads as command lines); lines without a known name are skipped.
    fn parse(data: &[u8]) -> Self {
        let mut f = Self::default();
        for line in String::from_utf8_lossy(data).split('\n') {
            let Some((name, val)) = line.split_once('=') else {
                continue;
            };
            let v = Some(val.to_owned());
            match name {
                "type" => f.types.extend(val.split(',').map(str::to_owned)),
                "actor" => f.actors.extend(v),
                "supplier" => f.supplier = v,
                "recipient" => f.recipient = v,
                "category" => f.category = v,
                "claimant" => f.claimant = v,
                "certainty" => f.certainty = v,
                "since" => f.since = v,
                "until" => f.until = v,
                "text" => f.text = v,
                "doc" => f.document = v,
                "limit" => f.limit = v,
                _ => {}
            }
        }
        f
    }

    /// The CLI's parsing (`Filters::query` in the binary): unknown names and a limit that is
    /// no `usize` are usage errors, refused before any store sees them.
    fn query(&self) -> Option<Query> {
        let mut types = Vec::new();
        for t in &self.types {
            types.push(EventType::parse(t)?);
        }
        let certainty = match &self.certainty {
            Some(c) => Some(CertaintyLevel::parse(c)?),
            None => None,
        };
        let limit = match &self.limit {
            Some(n) => Some(n.parse::<usize>().ok()?),
            None => None,
        };
        Some(Query {
            types,
            actors: self.actors.clone(),
            supplier: self.supplier.clone(),
            recipient: self.recipient.clone(),
            category: self.category.clone(),
            claimant: self.claimant.clone(),
            certainty,
            since: self.since.clone(),
            until: self.until.clone(),
            text: self.text.clone(),
            document: self.document.clone(),
            limit,
        })
    }
}

const ACTORS: [(&str, &str); 4] = [
    ("PRK", "North Korea"),
    ("RUS", "Russia"),
    ("TUR", "Türkiye"),
    ("UKR", "Ukraine"),
];
const CATS: [&str; 3] = ["missile.ballistic", "ammunition.artillery", "uav"];

fn actor(i: usize) -> Actor {
    let (code, name) = ACTORS[i % ACTORS.len()];
    Actor {
        text: name.to_owned(),
        name: name.to_owned(),
        kind: ActorKind::State,
        country: Some(code.to_owned()),
        sector: None,
        id: None,
    }
}

fn event(d: usize, k: usize) -> Event {
    let n = d * 3 + k;
    let day = |off: usize| format!("2023-{:02}-{:02}", 1 + n % 12, 1 + off % 28);
    Event {
        id: format!("e{}", k + 1),
        kind: EventType::ALL[n % EventType::ALL.len()],
        mode: None,
        contexts: vec![],
        sources: vec![actor(n)],
        targets: vec![actor(n + 1)],
        date: (n % 3 != 0).then(|| DateRange {
            start: day(n),
            end: day(n + 5 * (n % 4)),
            text: String::new(),
        }),
        location: None,
        negated: false,
        certainty: Certainty {
            level: CertaintyLevel::ALL[n % CertaintyLevel::ALL.len()],
            cue: None,
        },
        attribution: (n % 2 == 0).then(|| actor(n + 2)).into_iter().collect(),
        about: vec![],
        transfer: (n % 2 == 1).then(|| Transfer {
            supplier: Some(actor(n)),
            recipient: Some(actor(n + 1)),
            items: vec![Item {
                category: CATS[n % CATS.len()].to_owned(),
                text: String::new(),
                designation: None,
                quantity: None,
            }],
            transport: vec![],
            status: None,
            value: None,
        }),
        flags: vec![],
        evidence: vec![Evidence {
            sentence: k,
            start: 0,
            end: 1,
            text: format!("Shells crossed the border near Kursk, report {n} says."),
        }],
        why: "fuzz".to_owned(),
    }
}

fn documents() -> Vec<WriteOp> {
    (0..8)
        .map(|d| {
            WriteOp::Document(NewDocument {
                record: Record {
                    document: DocumentMeta {
                        id: format!("doc{d}"),
                        published: (d % 4 != 0).then(|| format!("2023-0{}-15", 1 + d % 9)),
                        ..DocumentMeta::default()
                    },
                    events: (0..3).map(|k| event(d, k)).collect(),
                    transfers: vec![],
                    nlp: None,
                    warnings: vec![],
                },
                body: Vec::new(),
                input: format!("fuzz/{d}"),
            })
        })
        .collect()
}

fn stores() -> (SqliteStore, MemoryStore) {
    let ops = documents();
    let mut sql = SqliteStore::open_in_memory().expect("in-memory SQLite");
    let mut mem = MemoryStore::new();
    sql.write(&ops).expect("fixture written to SQLite");
    mem.write(&ops).expect("fixture written to memory");
    (sql, mem)
}

thread_local! {
    static STORES: RefCell<(SqliteStore, MemoryStore)> = RefCell::new(stores());
}

fn ids(r: sitrep_store::Result<Vec<sitrep_store::Hit>>) -> Result<Vec<(String, String)>, String> {
    r.map(|hits| {
        hits.into_iter()
            .map(|h| (h.document.id, h.event.id))
            .collect()
    })
    .map_err(|e| e.code().to_owned())
}

fuzz_target!(|data: &[u8]| {
    let Some(q) = Filters::parse(data).query() else {
        return;
    };
    STORES.with(|s| {
        let (sql, mem) = &mut *s.borrow_mut();
        let a = ids(sql.query(&q));
        let b = ids(mem.query(&q));
        if let Err(code) = &a {
            assert_eq!(code, "store_bad_query", "{q:?}");
        }
        if q.text.is_none() {
            assert_eq!(a, b, "{q:?}");
        } else {
            assert_eq!(a.is_err(), b.is_err(), "{q:?}");
        }
    });
});
