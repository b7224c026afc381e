//! `sitrep ledger` end to end: documents ingested from three outlets, the fused ledger in each
//! format and with each filter.
#![allow(clippy::unwrap_used)]

use std::process::Output;

mod support;
use support::{sitrep_db as sitrep, text};

/// Three reports of the same shells (two outlets, one of them twice) and one of a sale.
const CORPUS: &str = r#"{"text":"North Korea sent artillery shells to Russia by rail, South Korea's spy agency said.","published":"2024-03-01","url":"https://www.one.example/a"}
{"text":"North Korea shipped artillery shells to Russia in February, officials in Seoul said. Russia denied the reports.","published":"2024-03-04","url":"https://one.example/b"}
{"text":"North Korea has sent artillery shells to Russia, Japan's defence ministry said on Monday.","published":"2024-03-05","url":"https://two.example/c"}
{"text":"France sold 12 howitzers to Armenia on Tuesday.","published":"2024-05-02","url":"https://two.example/d"}
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
}
