//! Latency of the workbench under load: p50/p99 of ledger and search requests from 16
//! concurrent clients on loopback, against a generated SQLite store (1,000,000 events by
//! default; `SITREP_BENCH_EVENTS` overrides, `SITREP_BENCH_DB` names a file to reuse), printed
//! beside the store's own latency for the same queries in the same run, so the HTTP, JSON and
//! pool overhead reads as a ratio. Not a timed test: `cargo bench -p sitrep-serve`.
#![allow(clippy::unwrap_used, clippy::print_stderr, missing_docs)]

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use sitrep_record::{
    Actor, ActorKind, Certainty, CertaintyLevel, DateRange, DocumentMeta, Event, EventType,
    Evidence, Item, Record, Transfer,
};
use sitrep_store::{NewDocument, Query, SqliteStore, Store, WriteOp};

const CLIENTS: usize = 16;
const COUNTRIES: [&str; 24] = [
    "USA", "RUS", "UKR", "CHN", "PRK", "KOR", "IRN", "ISR", "SYR", "TUR", "FRA", "DEU", "GBR",
    "IND", "PAK", "IRQ", "SAU", "YEM", "POL", "BLR", "SDN", "SOM", "MLI", "VEN",
];
const CATS: [&str; 6] = [
    "ammunition.artillery",
    "missile.ballistic",
    "uav",
    "armoured_vehicle",
    "air_defence",
    "small_arms",
];
const WORDS: [&str; 16] = [
    "troops",
    "border",
    "shells",
    "convoy",
    "talks",
    "ceasefire",
    "drone",
    "port",
    "missile",
    "village",
    "ministry",
    "aid",
    "railway",
    "harbour",
    "warship",
    "shipment",
];

struct Rng(u64);
impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
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

fn event(r: &mut Rng, k: usize, day: &str) -> Event {
    let (s, t) = (COUNTRIES[r.below(24)], COUNTRIES[r.below(24)]);
    let transfer = (r.below(5) == 0).then(|| Transfer {
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
            start: day.to_owned(),
            end: day.to_owned(),
            text: "on Monday".into(),
        }),
        location: None,
        negated: r.below(20) == 0,
        certainty: Certainty {
            level: CertaintyLevel::ALL[r.below(9)],
            cue: None,
        },
        attribution: if r.below(3) == 0 {
            vec![actor(COUNTRIES[r.below(8)])]
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

fn gen_doc(r: &mut Rng, i: usize) -> NewDocument {
    let day0 = chrono::NaiveDate::from_ymd_opt(2022, 1, 1).unwrap();
    let day = (day0 + chrono::Duration::days(r.below(3 * 365) as i64))
        .format("%Y-%m-%d")
        .to_string();
    let events = (0..5).map(|k| event(r, k, &day)).collect();
    NewDocument {
        record: Record {
            document: DocumentMeta {
                id: format!("{i:032x}"),
                published: Some(day),
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

fn store_path(n: usize) -> PathBuf {
    match std::env::var("SITREP_BENCH_DB") {
        Ok(p) => p.into(),
        Err(_) => PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("serve-bench-{n}.db")),
    }
}

fn open_or_generate(n: usize) -> PathBuf {
    let path = store_path(n);
    if path.exists() && SqliteStore::open(&path).unwrap().counts().unwrap().events as usize == n {
        return path;
    }
    let _ = std::fs::remove_file(&path);
    let t = Instant::now();
    let mut s = SqliteStore::open(&path).unwrap();
    let mut r = Rng(0x9e37_79b9_7f4a_7c15);
    let docs = n / 5;
    let mut i = 0;
    while i < docs {
        let ops: Vec<WriteOp> = (i..(i + 2000).min(docs))
            .map(|j| WriteOp::Document(gen_doc(&mut r, j)))
            .collect();
        i += ops.len();
        s.write(&ops).unwrap();
    }
    s.connection().execute_batch("ANALYZE").unwrap();
    eprintln!(
        "generated {n} events in {:.0}s at {}",
        t.elapsed().as_secs_f64(),
        path.display()
    );
    path
}

fn pct(v: &mut [Duration], p: f64) -> f64 {
    v.sort_unstable();
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i].as_secs_f64() * 1000.0
}

/// The store's own latency: one connection, one thread, the same query the handler runs.
fn store_latency(path: &PathBuf, q: &Query, runs: usize) -> (f64, f64) {
    let mut s = SqliteStore::open(path).unwrap();
    let mut v = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        let mut n = 0usize;
        s.scan(q, &mut |_| {
            n += 1;
            Ok(())
        })
        .unwrap();
        v.push(t.elapsed());
    }
    (pct(&mut v, 0.5), pct(&mut v, 0.99))
}

/// `CLIENTS` threads, each sending `per_client` GETs to `url` and timing each answer.
fn http_latency(url: &str, per_client: usize) -> (f64, f64, f64) {
    let all = Arc::new(Mutex::new(Vec::new()));
    let t = Instant::now();
    std::thread::scope(|sc| {
        for _ in 0..CLIENTS {
            let all = all.clone();
            sc.spawn(move || {
                let agent = ureq::Agent::new_with_defaults();
                let mut mine = Vec::with_capacity(per_client);
                for _ in 0..per_client {
                    let t = Instant::now();
                    let mut r = agent.get(url).call().unwrap();
                    r.body_mut().read_to_vec().unwrap();
                    mine.push(t.elapsed());
                }
                all.lock().unwrap().extend(mine);
            });
        }
    });
    let rps = (CLIENTS * per_client) as f64 / t.elapsed().as_secs_f64();
    let mut v = all.lock().unwrap().clone();
    (pct(&mut v, 0.5), pct(&mut v, 0.99), rps)
}

fn main() {
    if std::env::args().any(|a| a == "--list" || a == "--test") {
        return; // `cargo test --benches` probes bench binaries; nothing to list here.
    }
    let n: usize = std::env::var("SITREP_BENCH_EVENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let per_client: usize = std::env::var("SITREP_BENCH_REQUESTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(25);
    let path = open_or_generate(n);
    let mut config = sitrep_serve::Config::new(path.to_str().unwrap());
    config.connections = CLIENTS;
    config.timeout = Duration::from_secs(600);
    let app = sitrep_serve::App::open(config).unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        sitrep_serve::serve_blocking(app, "127.0.0.1:0".parse().unwrap(), |a| tx.send(a).unwrap())
            .unwrap();
    });
    let addr = rx.recv().unwrap();
    let cases: [(&str, String, Query); 3] = [
        (
            "ledger supplier=PRK",
            format!("http://{addr}/api/v1/transfers?supplier=PRK"),
            Query {
                supplier: Some("PRK".into()),
                ..Query::default()
            },
        ),
        (
            "ledger supplier=PRK recipient=RUS",
            format!("http://{addr}/api/v1/transfers?supplier=PRK&recipient=RUS"),
            Query {
                supplier: Some("PRK".into()),
                recipient: Some("RUS".into()),
                ..Query::default()
            },
        ),
        (
            "search q=convoy harbour (page of 50)",
            format!("http://{addr}/api/v1/search?q=convoy+harbour"),
            Query {
                text: Some("convoy harbour".into()),
                limit: Some(51),
                ..Query::default()
            },
        ),
    ];
    eprintln!("{n} events, {CLIENTS} concurrent clients x {per_client} requests each, loopback");
    eprintln!(
        "{:<38} {:>10} {:>10} {:>9} {:>10} {:>10} {:>8}",
        "request", "http p50", "http p99", "req/s", "store p50", "store p99", "p50 x"
    );
    for (name, url, q) in &cases {
        let (sp50, sp99) = store_latency(&path, q, 50);
        let (hp50, hp99, rps) = http_latency(url, per_client);
        eprintln!(
            "{name:<38} {hp50:>8.1}ms {hp99:>8.1}ms {rps:>9.1} {sp50:>8.1}ms {sp99:>8.1}ms {:>8.1}",
            hp50 / sp50.max(1e-6)
        );
    }
}
