//! The synthetic store the benchmarks run against (the store's query latency, the workbench's
//! request latency): documents of five random events over three years from a fixed seed, one
//! event in `transfer_every` an `AID` with a transfer block, and the document's transfer claims
//! assembled from its events as the pipeline does. Generated once into a file and
//! reused while it holds the asked number of events. Included by path from each bench.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

use std::path::Path;
use std::time::Instant;

use sitrep_record::{
    Actor, ActorKind, Certainty, CertaintyLevel, DateRange, DocumentMeta, Event, EventType,
    Evidence, Item, Record, Transfer,
};
use sitrep_store::{ClaimQuery, NewDocument, SqliteStore, Store, WriteOp};

const COUNTRIES: [&str; 40] = [
    "USA", "RUS", "UKR", "CHN", "PRK", "KOR", "JPN", "IRN", "ISR", "SYR", "TUR", "FRA", "DEU",
    "GBR", "IND", "PAK", "AFG", "IRQ", "SAU", "YEM", "EGY", "LBN", "POL", "BLR", "ITA", "ESP",
    "BRA", "MEX", "NGA", "ETH", "SDN", "SOM", "MLI", "VEN", "COL", "TWN", "PHL", "VNM", "MMR",
    "UNO",
];
const CATS: [&str; 8] = [
    "ammunition.artillery",
    "ammunition.small_arms",
    "missile.ballistic",
    "missile.cruise",
    "uav",
    "armoured_vehicle",
    "air_defence",
    "small_arms",
];
const WORDS: [&str; 24] = [
    "troops",
    "border",
    "shells",
    "convoy",
    "talks",
    "ceasefire",
    "sanctions",
    "drone",
    "port",
    "missile",
    "village",
    "ministry",
    "statement",
    "aid",
    "embargo",
    "railway",
    "airstrike",
    "protest",
    "capital",
    "harbour",
    "warship",
    "shipment",
    "meeting",
    "attack",
];
const PER_DOC: usize = 5;

/// xorshift64: the same store on every machine.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }

    fn country(&mut self) -> &'static str {
        COUNTRIES[self.below(COUNTRIES.len())]
    }
}

fn actor(c: &str) -> Actor {
    Actor {
        text: c.to_owned(),
        name: format!("name of {c}"),
        kind: ActorKind::State,
        country: Some(c.to_owned()),
        sector: Some("GOV".into()),
        id: None,
    }
}

fn event(r: &mut Rng, k: usize, day: String, transfer_every: usize) -> Event {
    let (s, t) = (r.country(), r.country());
    let transfer = (r.below(transfer_every) == 0).then(|| Transfer {
        supplier: Some(actor(s)),
        recipient: Some(actor(t)),
        items: vec![Item {
            category: CATS[r.below(CATS.len())].to_owned(),
            text: "items".into(),
            designation: None,
            quantity: None,
        }],
        transport: vec![],
        status: None,
        value: None,
    });
    let text: Vec<&str> = (0..12).map(|_| WORDS[r.below(WORDS.len())]).collect();
    Event {
        id: format!("e{}", k + 1),
        kind: if transfer.is_some() {
            EventType::Aid
        } else {
            EventType::ALL[r.below(16)]
        },
        mode: None,
        contexts: vec![],
        sources: vec![actor(s)],
        targets: vec![actor(t)],
        date: Some(DateRange {
            start: day.clone(),
            end: day,
            text: "on Monday".into(),
        }),
        location: None,
        negated: r.below(20) == 0,
        certainty: Certainty {
            level: CertaintyLevel::ALL[r.below(9)],
            cue: None,
        },
        attribution: if r.below(3) == 0 {
            vec![actor(COUNTRIES[r.below(10)])]
        } else {
            vec![]
        },
        about: vec![],
        transfer,
        flags: vec![],
        evidence: vec![Evidence {
            sentence: k,
            start: 0,
            end: 10,
            text: text.join(" "),
        }],
        why: "AID:v 'sent'; src:parse:nsubj tgt:to-PP".into(),
    }
}

fn document(r: &mut Rng, i: usize, transfer_every: usize) -> NewDocument {
    let day0 = chrono::NaiveDate::from_ymd_opt(2022, 1, 1).unwrap();
    let published = day0 + chrono::Duration::days(r.below(3 * 365) as i64);
    let events: Vec<Event> = (0..PER_DOC)
        .map(|k| {
            let day = published - chrono::Duration::days(r.below(3) as i64);
            event(r, k, day.format("%Y-%m-%d").to_string(), transfer_every)
        })
        .collect();
    // The document's claims, as the pipeline writes them.
    let transfers = sitrep_ledger::assemble(&events);
    NewDocument {
        record: Record {
            document: DocumentMeta {
                id: format!("{i:032x}"),
                published: Some(published.format("%Y-%m-%d").to_string()),
                source: Some(format!("outlet {}", i % 50)),
                ..DocumentMeta::default()
            },
            events,
            transfers,
            nlp: None,
            warnings: vec![],
        },
        body: Vec::new(),
        input: format!("gen/{i}"),
    }
}

/// The store at `path` with `n_events` synthetic events, generated unless it already has them.
pub fn open_or_generate(path: &Path, n_events: usize, transfer_every: usize) -> SqliteStore {
    if path.exists() {
        let mut s = SqliteStore::open(path).unwrap();
        // A file written before the generator stored claims has none: generate again.
        let one = ClaimQuery {
            limit: Some(1),
            ..ClaimQuery::default()
        };
        if s.counts().unwrap().events as usize == n_events && !s.claims(&one).unwrap().is_empty() {
            return s;
        }
        drop(s);
        std::fs::remove_file(path).unwrap();
    }
    let t = Instant::now();
    let mut s = SqliteStore::open(path).unwrap();
    let mut r = Rng(0x9e37_79b9_7f4a_7c15);
    let docs = n_events / PER_DOC;
    let mut i = 0;
    while i < docs {
        let ops: Vec<WriteOp> = (i..(i + 2000).min(docs))
            .map(|j| WriteOp::Document(document(&mut r, j, transfer_every)))
            .collect();
        i += ops.len();
        s.write(&ops).unwrap();
    }
    s.connection().execute_batch("ANALYZE").unwrap();
    eprintln!(
        "generated {n_events} events in {:.1}s at {}",
        t.elapsed().as_secs_f64(),
        path.display()
    );
    s
}
