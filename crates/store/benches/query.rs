//! Query latency on a generated 1,000,000-event SQLite database. The database is generated once
//! into the cargo target tmp dir (or `$SITREP_BENCH_DB`) and reused. Besides criterion's own
//! report, prints p50/p99 per filter over 200 runs. `SITREP_BENCH_EVENTS` overrides the size.
#![allow(clippy::unwrap_used, clippy::print_stderr, missing_docs)]

use std::path::PathBuf;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use sitrep_record::EventType;
use sitrep_store::{Query, SqliteStore, Store};

#[path = "synthetic.rs"]
mod synthetic;

fn db_path(n_events: usize) -> PathBuf {
    if let Ok(p) = std::env::var("SITREP_BENCH_DB") {
        return p.into();
    }
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("bench-{n_events}.db"))
}

fn open_or_generate(n_events: usize) -> SqliteStore {
    synthetic::open_or_generate(&db_path(n_events), n_events, 10)
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
