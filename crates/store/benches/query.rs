//! Query latency on a generated 1,000,000-event SQLite database. The database is generated once
//! into the cargo target tmp dir (or `$SITREP_BENCH_DB`) and reused. Besides criterion's own
//! report, prints p50/p99 per filter over 200 runs. `SITREP_BENCH_EVENTS` overrides the size.
#![allow(clippy::unwrap_used, clippy::print_stderr, missing_docs)]

use std::path::PathBuf;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use sitrep_record::{
    Actor, ActorKind, Certainty, CertaintyLevel, DateRange, DocumentMeta, Event, EventType,
    Evidence, Item, Record, Transfer,
};
use sitrep_store::{NewDocument, Query, SqliteStore, Store, WriteOp};

const COUNTRIES: [&str; 40] = [
    "USA", "RUS", "UKR", "CHN", "PRK", "KOR", "JPN", "IRN", "ISR", "SYR", "TUR", "FRA", "DEU",
    "GBR", "IND", "PAK", "AFG", "IRQ", "SAU", "YEM", "EGY", "LBN", "POL", "BLR", "ITA", "ESP",
    "BRA", "MEX", "NGA", "ETH", "SDN", "SOM", "MLI", "VEN", "COL", "TWN", "PHL", "VNM", "MMR",
    "UNO",
];
const CATS: [&str; 10] = [
    "ammunition.artillery",
    "ammunition.small_arms",
    "missile.ballistic",
    "missile.cruise",
    "aircraft.drone",
    "aircraft.fighter",
    "vehicle.tank",
    "vehicle.apc",
    "air_defence",
    "small_arms.rifle",
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

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
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

fn gen_doc(r: &mut Rng, i: usize, per_doc: usize) -> NewDocument {
    let day0 = chrono::NaiveDate::from_ymd_opt(2022, 1, 1).unwrap();
    let pub_day = day0 + chrono::Duration::days(r.below(3 * 365) as i64);
    let published = pub_day.format("%Y-%m-%d").to_string();
    let events = (0..per_doc)
        .map(|k| {
            let d = (pub_day - chrono::Duration::days(r.below(3) as i64))
                .format("%Y-%m-%d")
                .to_string();
            let s = COUNTRIES[r.below(COUNTRIES.len())];
            let t = COUNTRIES[r.below(COUNTRIES.len())];
            let transfer = (r.below(10) == 0).then(|| Transfer {
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
                kind: EventType::ALL[r.below(16)],
                mode: None,
                contexts: vec![],
                sources: vec![actor(s)],
                targets: vec![actor(t)],
                date: Some(DateRange {
                    start: d.clone(),
                    end: d,
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
                why: "bench".into(),
            }
        })
        .collect();
    NewDocument {
        record: Record {
            document: DocumentMeta {
                id: format!("{i:032x}"),
                published: Some(published),
                source: Some(format!("outlet {}", i % 50)),
                ..DocumentMeta::default()
            },
            events,
            nlp: None,
            warnings: vec![],
        },
        body: Vec::new(),
        input: format!("gen/{i}"),
    }
}

fn db_path(n_events: usize) -> PathBuf {
    if let Ok(p) = std::env::var("SITREP_BENCH_DB") {
        return p.into();
    }
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("bench-{n_events}.db"))
}

fn open_or_generate(n_events: usize) -> SqliteStore {
    let path = db_path(n_events);
    if path.exists() {
        let mut s = SqliteStore::open(&path).unwrap();
        if s.counts().unwrap().events as usize == n_events {
            return s;
        }
        drop(s);
        std::fs::remove_file(&path).unwrap();
    }
    let per_doc = 5;
    let t = Instant::now();
    let mut s = SqliteStore::open(&path).unwrap();
    let mut r = Rng(0x9e37_79b9_7f4a_7c15);
    let docs = n_events / per_doc;
    let mut i = 0;
    while i < docs {
        let ops: Vec<WriteOp> = (i..(i + 2000).min(docs))
            .map(|j| WriteOp::Document(gen_doc(&mut r, j, per_doc)))
            .collect();
        i += ops.len();
        s.write(&ops).unwrap();
    }
    s.connection().execute_batch("ANALYZE").unwrap();
    eprintln!(
        "generated {} events in {:.1}s at {}",
        n_events,
        t.elapsed().as_secs_f64(),
        path.display()
    );
    s
}

fn cases() -> Vec<(&'static str, Query)> {
    let page = Some(100);
    vec![
        (
            "type",
            Query {
                types: vec![EventType::Assault],
                limit: page,
                ..Query::default()
            },
        ),
        (
            "actor",
            Query {
                actors: vec!["PRK".into()],
                limit: page,
                ..Query::default()
            },
        ),
        (
            "supplier+recipient",
            Query {
                supplier: Some("PRK".into()),
                recipient: Some("RUS".into()),
                limit: page,
                ..Query::default()
            },
        ),
        (
            "category_prefix",
            Query {
                category: Some("missile".into()),
                limit: page,
                ..Query::default()
            },
        ),
        (
            "claimant",
            Query {
                claimant: Some("KOR".into()),
                limit: page,
                ..Query::default()
            },
        ),
        (
            "date_range",
            Query {
                since: Some("2023-03-01".into()),
                until: Some("2023-03-07".into()),
                limit: page,
                ..Query::default()
            },
        ),
        (
            "full_text",
            Query {
                text: Some("convoy harbour".into()),
                limit: page,
                ..Query::default()
            },
        ),
        (
            "type+actor+dates (all rows)",
            Query {
                types: vec![EventType::Aid],
                actors: vec!["UKR".into()],
                since: Some("2023-01-01".into()),
                until: Some("2023-01-31".into()),
                ..Query::default()
            },
        ),
        (
            "supplier+category+dates (all rows)",
            Query {
                supplier: Some("RUS".into()),
                category: Some("ammunition".into()),
                since: Some("2023-01-01".into()),
                until: Some("2023-06-30".into()),
                ..Query::default()
            },
        ),
    ]
}

fn bench(c: &mut Criterion) {
    let n: usize = std::env::var("SITREP_BENCH_EVENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let mut s = open_or_generate(n);
    let mut g = c.benchmark_group("query_1m");
    g.sample_size(10).measurement_time(Duration::from_secs(2));
    for (name, q) in cases() {
        let mut times = Vec::with_capacity(200);
        let mut rows = 0;
        for _ in 0..200 {
            let t = Instant::now();
            rows = s.query(&q).unwrap().len();
            times.push(t.elapsed());
        }
        times.sort();
        eprintln!(
            "{name:<38} rows {rows:>5}  p50 {:>8.2} ms  p99 {:>8.2} ms",
            times[100].as_secs_f64() * 1e3,
            times[197].as_secs_f64() * 1e3
        );
        g.bench_function(name, |b| b.iter(|| s.query(&q).unwrap().len()));
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
