//! Kill test: `sitrep ingest` SIGKILLed at random moments, then re-run to completion, must end
//! with exactly the documents, events, evidence, transfer claims and errors of a clean run:
//! nothing lost, nothing duplicated, and the database consistent after every kill.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use sitrep_store::{ClaimQuery, Query, SqliteStore, Store};

const ACTORS: [&str; 8] = [
    "Russia",
    "Ukraine",
    "North Korea",
    "China",
    "Iran",
    "Israel",
    "France",
    "Turkey",
];
const VERBS: [&str; 6] = [
    "shelled positions held by",
    "signed a trade agreement with",
    "accused",
    "delivered artillery shells to",
    "held talks with",
    "threatened sanctions against",
];
const DAYS: [&str; 5] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];

struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    fn pick<'a>(&mut self, v: &[&'a str]) -> &'a str {
        v[(self.next() as usize) % v.len()]
    }
}

/// Writes `n` invented news items (some exact duplicates) and a few bad files.
fn corpus(dir: &Path, n: usize) {
    let mut r = Lcg(42);
    for i in 0..n {
        let sub = dir.join(format!("batch{}", i % 7));
        std::fs::create_dir_all(&sub).unwrap();
        let mut text = format!("Report number {i}\n\n");
        for _ in 0..(3 + r.next() % 5) {
            let (a, b) = (r.pick(&ACTORS), r.pick(&ACTORS));
            text.push_str(&format!(
                "{a} {} {b} on {}, officials said. ",
                r.pick(&VERBS),
                r.pick(&DAYS)
            ));
        }
        // Every 50th item repeats an earlier one: stored once.
        let body = if i % 50 == 49 {
            std::fs::read_to_string(dir.join("batch0").join("doc00000.txt")).unwrap()
        } else {
            text
        };
        std::fs::write(sub.join(format!("doc{i:05}.txt")), body).unwrap();
    }
    std::fs::write(dir.join("empty.txt"), "").unwrap();
    std::fs::write(dir.join("blob.bin"), [0u8, 159, 146, 150, 0, 1]).unwrap();
}

fn sitrep() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_sitrep"));
    let models = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models");
    c.env("SITREP_MODELS", models);
    c
}

fn ingest(dir: &Path, db: &Path) -> Command {
    let mut c = sitrep();
    c.args(["ingest", "--batch", "4", "--db"])
        .arg(db)
        .arg(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

#[derive(Debug, PartialEq)]
struct Snapshot {
    docs: Vec<String>,
    events: BTreeSet<(String, String, String)>,
    evidence: u64,
    /// (document, claim id, the claim as JSON).
    claims: BTreeSet<(String, String, String)>,
    errors: Vec<(String, String)>,
}

fn snapshot(db: &Path) -> Snapshot {
    let mut s = SqliteStore::open(db).unwrap();
    let ok: String = s
        .connection()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    let events: Vec<_> = s.query(&Query::default()).unwrap();
    let set: BTreeSet<_> = events
        .iter()
        .map(|h| {
            (
                h.document.id.clone(),
                h.event.id.clone(),
                h.event.kind.to_string(),
            )
        })
        .collect();
    assert_eq!(set.len(), events.len(), "duplicate events");
    let hits = s.claims(&ClaimQuery::default()).unwrap();
    let claims: BTreeSet<_> = (hits.iter())
        .map(|h| {
            let json = serde_json::to_string(&h.claim).unwrap();
            (h.document.id.clone(), h.claim.id.clone(), json)
        })
        .collect();
    assert_eq!(claims.len(), hits.len(), "duplicate claims");
    Snapshot {
        claims,
        docs: s.document_ids().unwrap(),
        events: set,
        evidence: s.counts().unwrap().evidence,
        errors: s
            .errors()
            .unwrap()
            .into_iter()
            .map(|e| (e.input, e.code))
            .collect(),
    }
}

#[test]
fn db_kill_and_rerun_loses_and_duplicates_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("in");
    corpus(&dir, 1500);

    let clean_db = tmp.path().join("clean.db");
    let t = Instant::now();
    let st = ingest(&dir, &clean_db).status().unwrap();
    let clean_time = t.elapsed();
    assert_eq!(st.code(), Some(1), "bad files must make the exit code 1");
    let clean = snapshot(&clean_db);
    assert_eq!(clean.docs.len(), 1500 - 1500 / 50);
    assert_eq!(clean.errors.len(), 2);
    assert!(!clean.claims.is_empty(), "the corpus reports deliveries");

    let db = tmp.path().join("killed.db");
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    let mut r = Lcg(seed);
    // A re-run skips what is stored, so later rounds are shorter: aim within the first third.
    let span = (clean_time.as_millis() as u64 / 3).max(30);
    let mut mid_run = 0;
    for round in 0..4 {
        let mut child = ingest(&dir, &db).spawn().unwrap();
        // Early kills land during start-up, later ones mid-batch.
        let wait = 20 + r.next() % span;
        std::thread::sleep(Duration::from_millis(wait));
        if child.try_wait().unwrap().is_none() {
            mid_run += 1;
        }
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        if db.exists() {
            // Consistent after every kill: every stored document has all its events.
            let partial = snapshot(&db);
            for (d, e, k) in &partial.events {
                assert!(
                    clean.events.contains(&(d.clone(), e.clone(), k.clone())),
                    "round {round}: unknown event {d}/{e}"
                );
            }
            for d in &partial.docs {
                let want = clean.events.iter().filter(|x| &x.0 == d).count();
                let got = partial.events.iter().filter(|x| &x.0 == d).count();
                assert_eq!(got, want, "round {round}: document {d} half stored");
                let want = clean.claims.iter().filter(|x| &x.0 == d);
                let got = partial.claims.iter().filter(|x| &x.0 == d);
                assert!(want.eq(got), "round {round}: document {d} has other claims");
            }
            assert!(
                partial.claims.iter().all(|c| partial.docs.contains(&c.0)),
                "round {round}: a claim without its document"
            );
        }
    }
    eprintln!("kill test: {mid_run} of 4 kills landed mid-run (clean run {clean_time:?})");
    assert!(mid_run >= 1, "no kill landed while ingest was running");
    let st = ingest(&dir, &db).status().unwrap();
    assert_eq!(st.code(), Some(1));
    assert_eq!(snapshot(&db), clean);
    // And a further run changes nothing.
    ingest(&dir, &db).status().unwrap();
    assert_eq!(snapshot(&db), clean);
}
