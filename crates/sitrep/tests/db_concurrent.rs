//! Two `sitrep ingest` processes on one new SQLite file at once: both finish with exit 0 (no
//! `store_busy`), and every document is stored once, including those both were given.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

use std::path::Path;
use std::process::{Command, Stdio};

use sitrep_store::{SqliteStore, Store};

const PLACES: [&str; 5] = ["Northport", "Eastvale", "Riverton", "Hillcrest", "Lakeside"];

/// Writes `n` invented reports named `prefix`, distinct by their number.
fn reports(dir: &Path, prefix: &str, n: usize) {
    std::fs::create_dir_all(dir).unwrap();
    for i in 0..n {
        let mut text = format!("Report {prefix} {i}\n\n");
        // Several sentences, so that coding and writing a batch take long enough to overlap.
        for k in 0..6 {
            let (a, b) = (PLACES[(i + k) % 5], PLACES[(i / 5 + 2 * k) % 5]);
            text.push_str(&format!(
                "The mayor of {a} held talks with officials from {b} on Monday, the council \
                 said ({prefix} {i}.{k}). "
            ));
        }
        std::fs::write(dir.join(format!("{prefix}{i}.txt")), text).unwrap();
    }
}

fn ingest(dir: &Path, db: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_sitrep"));
    let models = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models");
    // Small batches on one thread each: many short write transactions that interleave.
    c.env("SITREP_MODELS", models)
        .args(["ingest", "--batch", "2", "--threads", "1", "--db"])
        .arg(db)
        .arg(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    c
}

#[test]
fn two_ingest_processes_on_one_database_both_succeed() {
    const OWN: usize = 150;
    const SHARED: usize = 20;
    let tmp = tempfile::tempdir().unwrap();
    for side in ["a", "b"] {
        let dir = tmp.path().join(side);
        reports(&dir, side, OWN);
        reports(&dir.join("shared"), "shared", SHARED);
    }
    // A few rounds, each on a new file: how the two runs interleave varies from run to run.
    for round in 0..3 {
        let db = tmp.path().join(format!("t{round}.db"));
        let runs: Vec<_> = ["a", "b"]
            .iter()
            .map(|side| ingest(&tmp.path().join(side), &db).spawn().unwrap())
            .collect();
        for r in runs {
            let out = r.wait_with_output().unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(
                out.status.success(),
                "round {round}: {:?}: {err}",
                out.status
            );
        }
        let mut s = SqliteStore::open(&db).unwrap();
        let c = s.counts().unwrap();
        assert_eq!(c.documents, (2 * OWN + SHARED) as u64, "round {round}");
        assert_eq!(c.errors, 0, "round {round}: {:?}", s.errors().unwrap());
    }
}
