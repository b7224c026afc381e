//! Exit codes and stable error codes through the binary (README, "Exit codes"): 0 fine, 1 some
//! documents failed, 2 usage or bad query values, 3 fatal; read commands never create a
//! database; `extract` reads formats and caps as `ingest` does; a closed pipe is no error.
#![allow(clippy::unwrap_used)]

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn sitrep(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let models = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models");
    let mut c = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(args)
        .env("SITREP_MODELS", models)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = c.stdin.take().unwrap();
    let data = stdin.unwrap_or_default().to_vec();
    let t = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let out = c.wait_with_output().unwrap();
    t.join().unwrap();
    out
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const FEED: &str = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<item><title>One</title><guid>1</guid><description>Russian forces shelled Kharkiv on Tuesday, officials said.</description></item>
<item><title>Two</title><guid>2</guid><description>Germany sent tanks to Ukraine last week, the ministry said.</description></item>
<item><title>Three</title><guid>3</guid><description>Police arrested ten protesters in Paris on Friday.</description></item>
</channel></rss>"#;

#[test]
fn extract_reads_formats_and_caps_like_ingest() {
    let d = tempfile::tempdir().unwrap();
    let feed = d.path().join("wire.xml");
    std::fs::write(&feed, FEED).unwrap();
    let o = sitrep(&["extract", feed.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3, "one record per feed entry");
    assert_eq!(lines[1]["document"]["title"], "Two");
    // HTML is read as a page: markup is not evidence.
    let page = d.path().join("p.html");
    std::fs::write(
        &page,
        "<html><body><p>Russian forces shelled Kharkiv on Tuesday, officials said.</p></body></html>",
    )
    .unwrap();
    let o = sitrep(&["extract", page.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(!String::from_utf8_lossy(&o.stdout).contains("<p>"));
    // Standard input is capped.
    let big = vec![b'a'; 5000];
    let o = sitrep(&["extract", "--max-bytes", "1000", "-"], Some(&big));
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("doc_too_large"), "{}", err(&o));
}

#[test]
fn read_commands_need_an_existing_database() {
    let d = tempfile::tempdir().unwrap();
    let db = d.path().join("typo.db");
    for cmd in ["query", "export", "stories"] {
        let o = sitrep(&[cmd, "--db", db.to_str().unwrap()], None);
        assert_eq!(o.status.code(), Some(3), "{cmd}: {}", err(&o));
        assert!(err(&o).contains("store_not_found"), "{}", err(&o));
        assert!(!db.exists(), "{cmd} created the database");
    }
}

#[test]
fn usage_fatal_and_closed_pipes() {
    let d = tempfile::tempdir().unwrap();
    let db = d.path().join("s.db");
    let dbs = db.to_str().unwrap();
    let mut corpus = String::new();
    for i in 0..300 {
        corpus.push_str(&format!(
            "{{\"text\":\"Russian forces shelled Kharkiv {i} times on Tuesday, officials said.\"}}\n"
        ));
    }
    let o = sitrep(&["ingest", "--db", dbs, "-"], Some(corpus.as_bytes()));
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let usage = [
        vec!["query", "--db", dbs, "--limit", "18446744073709551615"],
        vec!["query", "--db", dbs, "--type", "NOPE"],
        vec!["query", "--db", dbs, "--since", "yesterday"],
        vec!["export", "--db", dbs, "--certainty", "sure-ish"],
        vec!["explain", "-", "--without", "no-such-rule"],
    ];
    for args in usage {
        let o = sitrep(&args, Some(b"Ships docked."));
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", err(&o));
        assert!(err(&o).starts_with("sitrep: error: "), "{}", err(&o));
    }
    // An output that cannot be written: coded, fatal, and no partial file left.
    let out = d.path().join("none/x.csv");
    let o = sitrep(&["export", "--db", dbs, "-o", out.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(3), "{}", err(&o));
    assert!(err(&o).contains("output_failed"), "{}", err(&o));
    let parquet = d.path().join("x.parquet");
    let o = sitrep(
        &[
            "export",
            "--db",
            dbs,
            "--format",
            "parquet",
            "-o",
            parquet.to_str().unwrap(),
        ],
        None,
    );
    if o.status.code() != Some(0) {
        assert!(
            !parquet.exists(),
            "a failed export left {}",
            parquet.display()
        );
        assert!(
            !d.path().join(".x.parquet.partial").exists(),
            "partial file left"
        );
    }
    // `sitrep query | head -c 1`: the reader goes away; not an error.
    let models = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models");
    let mut c = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(["query", "--db", dbs, "--format", "jsonl"])
        .env("SITREP_MODELS", models)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut one = [0u8; 1];
    c.stdout.take().unwrap().read_exact(&mut one).unwrap();
    let o = c.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(o.stderr.is_empty(), "{}", err(&o));
}
