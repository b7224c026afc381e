//! Latency of the workbench under load: p50/p99 of ledger and search requests from 16
//! concurrent clients on loopback, against a generated SQLite store (1,000,000 events by
//! default; `SITREP_BENCH_EVENTS` overrides, `SITREP_BENCH_DB` names a file to reuse), printed
//! beside the store's own latency for the same queries in the same run, so the HTTP, JSON and
//! pool overhead reads as a ratio. Not a timed test: `cargo bench -p sitrep-serve`.
#![allow(clippy::unwrap_used, clippy::print_stderr, missing_docs)]

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use sitrep_store::{ClaimQuery, Query, SqliteStore, Store};

const CLIENTS: usize = 16;
#[path = "../../store/benches/synthetic.rs"]
mod synthetic;

fn store_path(n: usize) -> PathBuf {
    match std::env::var("SITREP_BENCH_DB") {
        Ok(p) => p.into(),
        Err(_) => PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("serve-bench-{n}.db")),
    }
}

/// The generated store's path (one event in five a transfer, so the ledger has rows).
fn open_or_generate(n: usize) -> PathBuf {
    let path = store_path(n);
    drop(synthetic::open_or_generate(&path, n, 5));
    path
}

fn pct(v: &mut [Duration], p: f64) -> f64 {
    v.sort_unstable();
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i].as_secs_f64() * 1000.0
}

/// What the store runs for a request: the claims scan `sitrep ledger` runs for the same
/// filters, or the events scan of a search page.
enum Baseline {
    Claims(ClaimQuery),
    Events(Query),
}

/// The store's own latency: one connection, one thread, the baseline's scan.
fn store_latency(path: &PathBuf, b: &Baseline, runs: usize) -> (f64, f64) {
    let mut s = SqliteStore::open(path).unwrap();
    let mut v = Vec::with_capacity(runs);
    let started = Instant::now();
    // At least five runs; a slow scan (the whole claims table) stops after 20 s.
    while v.len() < runs && (v.len() < 5 || started.elapsed() < Duration::from_secs(20)) {
        let t = Instant::now();
        let mut n = 0usize;
        match b {
            Baseline::Claims(q) => s.scan_claims(q, &mut |_| {
                n += 1;
                Ok(())
            }),
            Baseline::Events(q) => s.scan(q, &mut |_| {
                n += 1;
                Ok(())
            }),
        }
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
    // The server fills the ledger's claims cache as it starts (every document's claims,
    // kept while the store does not change); the first ledger request waits for it.
    let t = Instant::now();
    let mut r = ureq::get(&format!("http://{addr}/api/v1/transfers?limit=1"))
        .call()
        .unwrap();
    r.body_mut().read_to_vec().unwrap();
    let cold = t.elapsed().as_secs_f64();
    let claims = |supplier: Option<&str>, recipient: Option<&str>| {
        Baseline::Claims(ClaimQuery {
            supplier: supplier.map(str::to_owned),
            recipient: recipient.map(str::to_owned),
            ..ClaimQuery::default()
        })
    };
    let cases: [(&str, String, Baseline); 4] = [
        (
            "ledger, no filter (page of 50)",
            format!("http://{addr}/api/v1/transfers"),
            claims(None, None),
        ),
        (
            "ledger supplier=PRK",
            format!("http://{addr}/api/v1/transfers?supplier=PRK"),
            claims(Some("PRK"), None),
        ),
        (
            "ledger supplier=PRK recipient=RUS",
            format!("http://{addr}/api/v1/transfers?supplier=PRK&recipient=RUS"),
            claims(Some("PRK"), Some("RUS")),
        ),
        (
            "search q=convoy harbour (page of 50)",
            format!("http://{addr}/api/v1/search?q=convoy+harbour"),
            Baseline::Events(Query {
                text: Some("convoy harbour".into()),
                limit: Some(51),
                ..Query::default()
            }),
        ),
    ];
    eprintln!("{n} events, {CLIENTS} concurrent clients x {per_client} requests each, loopback");
    eprintln!("first ledger request (waits for the start-up fill of the claims cache): {cold:.1}s");
    eprintln!(
        "store: one connection, the same filters (ledger: scan_claims, as `sitrep ledger`; search: scan)"
    );
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
