//! `sitrep ingest`/`query` against a real PostgreSQL server: needs the `postgres` feature and
//! `SITREP_TEST_PG` (a `postgres://` URL, as printed by `.ci/pg-setup.sh`); skips otherwise.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

mod support;

#[cfg(feature = "postgres")]
#[test]
fn db_pg_ingest_and_query() {
    use std::path::Path;
    use std::process::Command;

    use sitrep_store::{PgStore, Store};

    let Ok(url) = std::env::var("SITREP_TEST_PG") else {
        eprintln!("skipping db_pg_ingest_and_query: set SITREP_TEST_PG to a postgres:// URL");
        return;
    };
    let pg = support::PgSchema::new(&url, "cli");
    let scoped = pg.url.clone();

    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("a.txt"),
        "Turkish troops crossed into northern Iraq on Sunday, the defence ministry said.",
    )
    .unwrap();
    std::fs::write(
        tmp.path().join("b.txt"),
        "Japan and Australia signed a defence pact in Tokyo on Monday.",
    )
    .unwrap();
    std::fs::write(
        tmp.path().join("d.txt"),
        "North Korea delivered artillery shells to Russia by rail, South Korean officials said.",
    )
    .unwrap();
    std::fs::write(tmp.path().join("c.txt"), "").unwrap();
    let models = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_sitrep"))
            .args(args)
            .args(["--db", &scoped])
            .env("SITREP_MODELS", &models)
            .output()
            .unwrap()
    };
    let dir = tmp.path().to_str().unwrap();
    let out = run(&["ingest", dir]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let again = run(&["ingest", dir]);
    assert!(String::from_utf8_lossy(&again.stderr).contains("0 new documents, 3 already stored"));
    let mut s = PgStore::connect(&scoped).unwrap();
    let c = s.counts().unwrap();
    assert_eq!((c.documents, c.errors), (3, 1));
    let out = run(&["query", "--format", "jsonl"]);
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).lines().count() as u64,
        c.events
    );

    // The same claims as SQLite stores for the same input, once each.
    let lite = tmp.path().join("same.db");
    let out = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(["ingest", dir, "--db", lite.to_str().unwrap()])
        .env("SITREP_MODELS", &models)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let claims = |s: &mut dyn Store| {
        let mut v: Vec<String> = (s.claims(&sitrep_store::ClaimQuery::default()).unwrap())
            .iter()
            .map(|h| {
                format!(
                    "{} {}",
                    h.document.id,
                    serde_json::to_string(&h.claim).unwrap()
                )
            })
            .collect();
        v.sort();
        v
    };
    let in_pg = claims(&mut s);
    assert!(!in_pg.is_empty(), "no claims stored");
    assert_eq!(
        in_pg,
        claims(&mut sitrep_store::SqliteStore::open(&lite).unwrap())
    );
    let lines = run(&["ledger", "--format", "jsonl"]);
    assert!(
        lines.status.success(),
        "{}",
        String::from_utf8_lossy(&lines.stderr)
    );
    assert!(String::from_utf8_lossy(&lines.stdout).contains("PRK>RUS"));
}

#[cfg(not(feature = "postgres"))]
#[test]
fn db_pg_ingest_and_query() {
    eprintln!("skipping db_pg_ingest_and_query: built without the `postgres` feature");
}
