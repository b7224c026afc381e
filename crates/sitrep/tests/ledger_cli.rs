//! `sitrep ledger` end to end: documents ingested from three outlets, the fused ledger in each
//! format and with each filter, read from the store's claims table (and from a database stored
//! before it, whose claims the migration fills).
#![allow(clippy::unwrap_used)]

use std::process::Output;

mod support;
use support::{sitrep_db as sitrep, text};

/// Three reports of the same shells (two outlets, one of them twice), one of a sale and one
/// hedged report.
const CORPUS: &str = r#"{"text":"North Korea sent artillery shells to Russia by rail, South Korea's spy agency said.","published":"2024-03-01","url":"https://www.one.example/a"}
{"text":"North Korea shipped artillery shells to Russia in February, officials in Seoul said. Russia denied the reports.","published":"2024-03-04","url":"https://one.example/b"}
{"text":"North Korea has sent artillery shells to Russia, Japan's defence ministry said on Monday.","published":"2024-03-05","url":"https://two.example/c"}
{"text":"France sold 12 howitzers to Armenia on Tuesday.","published":"2024-05-02","url":"https://two.example/d"}
{"text":"Iran may have supplied drones to Russia, Ukrainian officials said.","published":"2024-04-10","url":"https://three.example/e"}
"#;

fn rows(out: &Output) -> Vec<serde_json::Value> {
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn ledger_fuses_documents_and_filters() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus.jsonl");
    std::fs::write(&corpus, CORPUS).unwrap();
    let db = tmp.path().join("t.db");
    let out = sitrep(&["ingest", corpus.to_str().unwrap()], &db);
    assert!(out.status.success(), "{}", text(&out.stderr));

    let all = rows(&sitrep(&["ledger", "--format", "jsonl"], &db));
    let shells = all
        .iter()
        .find(|r| r["key"] == "PRK>RUS/ammunition/2024")
        .unwrap_or_else(|| panic!("no PRK>RUS row in {all:?}"));
    assert_eq!(
        shells["documents_for"].as_array().unwrap().len(),
        3,
        "{shells}"
    );
    assert_eq!(shells["outlets"], 2, "{shells}");
    assert_eq!(shells["first_seen"], "2024-03-01");
    assert_eq!(shells["last_seen"], "2024-03-05");
    assert!(
        all.iter()
            .any(|r| r["supplier"] == "FRA" && r["recipient"] == "ARM"),
        "{all:?}"
    );

    let only = |args: &[&str]| {
        let mut a = vec!["ledger", "--format", "jsonl"];
        a.extend_from_slice(args);
        rows(&sitrep(&a, &db))
    };
    let fra = only(&["--supplier", "fra"]);
    assert!(
        !fra.is_empty() && fra.iter().all(|r| r["supplier"] == "FRA"),
        "{fra:?}"
    );
    let arty = only(&["--category", "artillery"]);
    assert!(
        !arty.is_empty() && arty.iter().all(|r| r["family"] == "artillery"),
        "{arty:?}"
    );
    assert!(only(&["--recipient", "UKR"]).is_empty());
    assert!(only(&["--until", "2023-12-31"]).is_empty());
    let may = only(&["--since", "2024-05-01"]);
    assert!(may.iter().all(|r| r["supplier"] == "FRA"), "{may:?}");
    let bad = sitrep(&["ledger", "--status", "shipped"], &db);
    assert!(!bad.status.success());

    let csv = sitrep(&["ledger", "--format", "csv"], &db);
    let csv = text(&csv.stdout);
    assert!(
        csv.starts_with("key,supplier,recipient,family,year,status"),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), all.len() + 1);
    let table = sitrep(&["ledger"], &db);
    assert!(text(&table.stdout).contains("PRK>RUS/ammunition/2024"));

    // The claim-level filters.
    let keys = |rows: &[serde_json::Value]| -> Vec<String> {
        rows.iter()
            .map(|r| r["key"].as_str().unwrap().to_owned())
            .collect()
    };
    let hedged = only(&["--stance", "hedged"]);
    assert!(
        !hedged.is_empty()
            && hedged
                .iter()
                .all(|r| r["supplier"] == "IRN" && r["stance"] == "hedged"),
        "{hedged:?}"
    );
    assert!(
        only(&["--stance", "asserted"])
            .iter()
            .all(|r| r["supplier"] != "IRN")
    );
    let japan = only(&["--claimant", "jpn"]);
    assert_eq!(keys(&japan), ["PRK>RUS/ammunition/2024"], "{japan:?}");
    assert_eq!(
        japan[0]["documents_for"].as_array().unwrap().len(),
        1,
        "{japan:?}"
    );
    let ukraine = only(&["--claimant", "UKR"]);
    assert!(
        !ukraine.is_empty() && ukraine.iter().all(|r| r["supplier"] == "IRN"),
        "{ukraine:?}"
    );
    let embargo = only(&["--embargo"]);
    assert_eq!(keys(&embargo), ["PRK>RUS/ammunition/2024"], "{embargo:?}");
    assert!(all.iter().any(|r| r["embargo"] == false), "{all:?}");
    let bad = sitrep(&["ledger", "--stance", "sure"], &db);
    assert_eq!(bad.status.code(), Some(2), "{}", text(&bad.stderr));
    assert!(
        text(&bad.stderr).contains("bad_query"),
        "{}",
        text(&bad.stderr)
    );

    parquet(&db, tmp.path(), all.len());
    older_database_keeps_its_ledger(&db, tmp.path(), &all);
}

/// `--format parquet -o FILE`: a Parquet file with the builds that have the feature, else a
/// coded failure; a failed write leaves neither the file nor its partial file.
fn parquet(db: &std::path::Path, dir: &std::path::Path, n: usize) {
    let file = dir.join("ledger.parquet");
    let out = sitrep(
        &[
            "ledger",
            "--format",
            "parquet",
            "-o",
            file.to_str().unwrap(),
        ],
        db,
    );
    if cfg!(feature = "parquet") {
        assert!(out.status.success(), "{}", text(&out.stderr));
        let bytes = std::fs::read(&file).unwrap();
        assert!(bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1"));
        assert!(n > 0);
    } else {
        // A format this build lacks is a usage error, as with `sitrep export`.
        assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
        assert!(text(&out.stderr).contains("store_format_unavailable"));
        assert!(!file.exists());
    }
    assert!(
        !dir.join(".ledger.parquet.partial").exists(),
        "partial file left"
    );
    // The rename onto a directory fails after the rows were written: nothing is left.
    let taken = dir.join("taken");
    std::fs::create_dir_all(taken.join("inside")).unwrap();
    let out = sitrep(
        &["ledger", "--format", "csv", "-o", taken.to_str().unwrap()],
        db,
    );
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("output_failed"),
        "{}",
        text(&out.stderr)
    );
    assert!(!dir.join(".taken.partial").exists(), "partial file left");
    let csv = dir.join("ledger.csv");
    let out = sitrep(
        &["ledger", "--format", "csv", "-o", csv.to_str().unwrap()],
        db,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        std::fs::read_to_string(&csv).unwrap().lines().count(),
        n + 1
    );
}

/// A copy of the database as sitrep stored it before the claims table (migration 0010 undone)
/// gives the same ledger: opening it fills the claims from the stored events.
fn older_database_keeps_its_ledger(
    db: &std::path::Path,
    dir: &std::path::Path,
    want: &[serde_json::Value],
) {
    let old = dir.join("old.db");
    let mut s = sitrep_store::SqliteStore::open(db).unwrap();
    s.connection()
        .execute("VACUUM INTO ?1", [old.to_str().unwrap()])
        .unwrap();
    drop(s);
    let mut s = sitrep_store::SqliteStore::open(&old).unwrap();
    s.connection()
        .execute_batch(
            "DROP TABLE claim_items; DROP TABLE claim_actors; DROP TABLE claims; \
             DELETE FROM schema_migrations WHERE version = 10;",
        )
        .unwrap();
    drop(s);
    let got = rows(&sitrep(&["ledger", "--format", "jsonl"], &old));
    assert_eq!(got, want);
}

/// `sitrep demo` prints the fused ledger that `sitrep ledger` gives for its database and draws
/// each of its rows.
#[test]
fn demo_prints_and_draws_the_fused_ledger() {
    let tmp = tempfile::tempdir().unwrap();
    let (db, svg) = (tmp.path().join("demo.db"), tmp.path().join("ledger.svg"));
    let timeline = tmp.path().join("timeline.svg");
    let out = support::sitrep(&[
        "demo",
        "--db",
        db.to_str().unwrap(),
        "--svg",
        svg.to_str().unwrap(),
        "--timeline",
        timeline.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let printed = text(&out.stdout);
    let want = rows(&sitrep(&["ledger", "--format", "jsonl"], &db));
    assert!(!want.is_empty(), "the examples report transfers");
    let picture = std::fs::read_to_string(&svg).unwrap();
    for r in &want {
        let key = r["key"].as_str().unwrap();
        assert!(printed.contains(key), "{key} not printed:\n{printed}");
        // Escaped, as all text in the picture.
        let drawn = key.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
        assert!(picture.contains(&drawn), "{key} not drawn");
    }
    assert!(
        printed.contains(&format!("{} ledger rows", want.len())),
        "{printed}"
    );
}
