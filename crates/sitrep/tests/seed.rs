//! Acceptance: `sitrep extract` on the reference story passes every check of its expectations
//! files (its events and its document-level ledger). The story and the checker live in the
//! shared read-only folder (`SITREP_SHARED`, default `../shared` next to the workspace); the
//! tests skip with a message when it is absent.

#![allow(clippy::print_stdout)]
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

fn shared() -> PathBuf {
    std::env::var_os("SITREP_SHARED").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
        PathBuf::from,
    )
}

/// Runs `sitrep extract` on the reference story and the checker with `expectations`; `None`
/// when the shared folder is absent, else the checker's report and whether it passed.
fn check(expectations: &str) -> Option<(String, bool, String)> {
    let root = shared();
    let article = root.join("examples/seed/article.txt");
    let expected = root.join("examples/seed").join(expectations);
    let checker = root.join("tools/check-expectations");
    if !article.is_file() || !expected.is_file() || !checker.is_file() {
        println!(
            "SKIPPED: shared folder not found at {} (set SITREP_SHARED)",
            root.display()
        );
        return None;
    }
    let out = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .arg("extract")
        .arg(&article)
        .args(["--format", "jsonl"])
        .output()
        .expect("run sitrep");
    assert!(
        out.status.success(),
        "sitrep extract failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut child = Command::new("python3")
        .arg(&checker)
        .arg("-")
        .arg(&expected)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("run python3 check-expectations");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(&out.stdout)
        .expect("write records");
    let res = child.wait_with_output().expect("checker output");
    let report = String::from_utf8_lossy(&res.stdout).into_owned();
    println!("{report}");
    let records = String::from_utf8_lossy(&out.stdout).into_owned();
    Some((report, res.status.success(), records))
}

#[test]
fn seed_story_passes_all_checks() {
    let Some((report, ok, records)) = check("expected.json") else {
        return;
    };
    assert!(ok, "expectations failed:\n{report}\nrecords:\n{records}");
    assert!(
        report.contains("17 passed, 0 failed"),
        "unexpected report:\n{report}"
    );
}

/// The document-level ledger (records 1.1 `transfers`) of the story: one North Korea →
/// Russia row with all its goods, claimants, deniers, quantity, period, transport, status and
/// embargo flag, and no South Korean, American or Japanese supplier.
#[test]
fn seed_story_ledger_passes_claim_checks() {
    let Some((report, ok, records)) = check("expected-claims.json") else {
        return;
    };
    assert!(
        ok,
        "claim expectations failed:\n{report}\nrecords:\n{records}"
    );
    assert!(
        report.contains("2 passed, 0 failed"),
        "unexpected report:\n{report}"
    );
}
