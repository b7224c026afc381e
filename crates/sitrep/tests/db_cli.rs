//! The database commands end to end through the binary: ingest (files, directories, HTML,
//! JSONL, stdin, bad files), query in every format, stories, export, recode, watch.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use sitrep_store::{SqliteStore, Store};

mod support;
use support::{sitrep_db as sitrep, text};

const PAGE: &str = r#"<html><head><title>Ministers meet</title>
<meta property="article:published_time" content="2024-06-03T09:00:00Z">
<link rel="canonical" href="https://paper.example/ministers"></head>
<body><article><p>The foreign ministers of France and Germany met in Paris on Monday to discuss aid to Ukraine, the French ministry said in a statement issued after the talks.</p>
<p>Germany pledged to send more air defence systems to Kyiv before winter, according to officials familiar with the plan.</p></article></body></html>"#;

#[test]
fn db_ingest_query_export_stories_recode_watch() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("in");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::write(
        dir.join("a.txt"),
        "Russian forces shelled the city of Kharkiv on Tuesday, Ukrainian officials said.",
    )
    .unwrap();
    std::fs::write(
        dir.join("sub/b.txt"),
        "North Korea sent artillery shells to Russia by rail, South Korea's spy agency said.",
    )
    .unwrap();
    std::fs::write(dir.join("page.html"), PAGE).unwrap();
    std::fs::write(
        dir.join("corpus.jsonl"),
        "{\"text\":\"Iran and Iraq signed an energy agreement in Baghdad.\",\"published\":\"2024-06-01\",\"source\":\"Wire\"}\n{broken\n",
    )
    .unwrap();
    std::fs::write(dir.join("empty.txt"), "").unwrap();
    let db = tmp.path().join("t.db");

    let out = sitrep(&["ingest", dir.to_str().unwrap()], &db);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("empty.txt: doc_empty"), "{err}");
    assert!(err.contains("corpus.jsonl:2: jsonl_malformed"), "{err}");
    assert!(err.contains("docs/s"), "{err}");
    {
        let mut s = SqliteStore::open(&db).unwrap();
        assert_eq!(s.counts().unwrap().documents, 4);
        assert_eq!(s.errors().unwrap().len(), 2);
    }

    // Again: nothing new, same exit code (the bad files are still bad).
    let out = sitrep(&["ingest", dir.to_str().unwrap()], &db);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("0 new documents, 4 already stored"));

    // Stdin.
    let models = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models");
    let mut child = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(["ingest", "-", "--db"])
        .arg(&db)
        .env("SITREP_MODELS", models)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"Chinese and Russian warships held joint drills in the Sea of Japan.")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let mut s = SqliteStore::open(&db).unwrap();
    assert_eq!(s.counts().unwrap().documents, 5);
    let page = s
        .query(&sitrep_store::Query::default())
        .unwrap()
        .into_iter()
        .find(|h| h.document.url.as_deref() == Some("https://paper.example/ministers"));
    let ids = s.document_ids().unwrap();
    let mut found_page = false;
    for id in &ids {
        let d = s.document(id).unwrap().unwrap();
        if d.meta.url.as_deref() == Some("https://paper.example/ministers") {
            found_page = true;
            assert_eq!(d.meta.published.as_deref(), Some("2024-06-03"));
            assert!(text(&d.body).contains("air defence"));
        }
    }
    assert!(found_page);
    drop(page);
    let events = s.counts().unwrap().events;
    drop(s);

    // Query in every format.
    let out = sitrep(&["query", "--format", "jsonl"], &db);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let lines: Vec<String> = text(&out.stdout).lines().map(str::to_owned).collect();
    assert_eq!(lines.len() as u64, events);
    for l in &lines {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        assert!(v["document"]["id"].is_string() && v["event"]["type"].is_string());
    }
    let out = sitrep(&["query", "--format", "csv"], &db);
    assert!(out.status.success());
    assert!(text(&out.stdout).starts_with("document_id,event_id,type"));
    let out = sitrep(
        &["query", "--type", "ASSAULT", "--since", "2000-01-01"],
        &db,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = sitrep(&["query", "--type", "NOPE"], &db);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("unknown event type"));
    let out = sitrep(&["query", "--since", "June"], &db);
    assert!(
        text(&out.stderr).contains("store_bad_query"),
        "{}",
        text(&out.stderr)
    );

    // Export and stories.
    let out = sitrep(&["export", "--format", "gdelt"], &db);
    assert!(out.status.success());
    for l in text(&out.stdout).lines() {
        assert_eq!(l.split('\t').count(), 61);
    }
    let out = sitrep(&["stories", "--min-docs", "1"], &db);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("story"));

    // Recode keeps documents and does not duplicate events.
    let out = sitrep(&["recode"], &db);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let mut s = SqliteStore::open(&db).unwrap();
    let c = s.counts().unwrap();
    assert_eq!((c.documents, c.events), (5, events));
    drop(s);

    // Watch a feed file once; a second poll sees nothing new.
    let feed = tmp.path().join("f.rss");
    std::fs::write(
        &feed,
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Local Wire</title>\
         <item><guid>w1</guid><title>Strike</title><description>Israeli aircraft struck targets in southern Lebanon overnight, the army said.</description></item>\
         </channel></rss>",
    )
    .unwrap();
    let f = feed.to_str().unwrap();
    let out = sitrep(&["watch", f, "--once", "--no-fetch"], &db);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("1 new documents"),
        "{}",
        text(&out.stderr)
    );
    let out = sitrep(&["watch", f, "--once", "--no-fetch"], &db);
    assert!(
        text(&out.stderr).contains("0 new documents, 0 already"),
        "{}",
        text(&out.stderr)
    );
    let mut s = SqliteStore::open(&db).unwrap();
    assert_eq!(s.counts().unwrap().seen_items, 1);
    let errors_before = s.errors().unwrap().len();
    drop(s);

    // A broken feed beside a good one: the good one is still read, the broken one is kept in
    // the errors table until a later poll succeeds.
    let bad = tmp.path().join("bad.rss");
    std::fs::write(&bad, "<rss><channel><item><title>cut off").unwrap();
    let feed2 = tmp.path().join("g.rss");
    std::fs::write(
        &feed2,
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Other Wire</title>\
         <item><guid>g1</guid><title>Talks</title><description>Armenia and Azerbaijan resumed border talks in Tbilisi on Friday, officials said.</description></item>\
         </channel></rss>",
    )
    .unwrap();
    let (b, g) = (bad.to_str().unwrap(), feed2.to_str().unwrap());
    let out = sitrep(&["watch", b, g, "--once", "--no-fetch"], &db);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("1 new documents"),
        "{}",
        text(&out.stderr)
    );
    let mut s = SqliteStore::open(&db).unwrap();
    let errs = s.errors().unwrap();
    assert_eq!(errs.len(), errors_before + 1);
    assert!(errs.iter().any(|e| e.input == b), "{errs:?}");
    drop(s);
    std::fs::copy(&feed, &bad).unwrap();
    let out = sitrep(&["watch", b, "--once", "--no-fetch"], &db);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let mut s = SqliteStore::open(&db).unwrap();
    assert_eq!(s.errors().unwrap().len(), errors_before);
}
