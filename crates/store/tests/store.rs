//! One test body per behaviour, run against every backend: MemoryStore, SqliteStore and (when
//! `SITREP_TEST_PG` holds a connection URL and the `postgres` feature is on) PgStore.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

use sitrep_record::{
    Actor, ActorKind, Certainty, CertaintyLevel, DateRange, DocumentMeta, Event, EventType,
    Evidence, Item, Record, Transfer,
};
use sitrep_store::{
    ErrorEntry, FuseOptions, MemoryStore, NewDocument, Query, SqliteStore, Store, WriteOp,
    WriteOutcome, export,
};

fn actor(name: &str, country: &str) -> Actor {
    Actor {
        text: name.to_owned(),
        name: name.to_owned(),
        kind: ActorKind::State,
        country: Some(country.to_owned()),
        sector: None,
        id: None,
    }
}

struct Ev {
    kind: EventType,
    src: &'static [(&'static str, &'static str)],
    tgt: &'static [(&'static str, &'static str)],
    date: Option<&'static str>,
    claim: &'static [(&'static str, &'static str)],
    items: &'static [&'static str],
    certainty: CertaintyLevel,
    text: &'static str,
    negated: bool,
    about: &'static [&'static str],
}

impl Default for Ev {
    fn default() -> Self {
        Self {
            kind: EventType::Consult,
            src: &[],
            tgt: &[],
            date: None,
            claim: &[],
            items: &[],
            certainty: CertaintyLevel::Asserted,
            text: "",
            negated: false,
            about: &[],
        }
    }
}

fn event(i: usize, e: &Ev) -> Event {
    let transfer = (!e.items.is_empty()).then(|| Transfer {
        supplier: e.src.first().map(|(n, c)| actor(n, c)),
        recipient: e.tgt.first().map(|(n, c)| actor(n, c)),
        items: e
            .items
            .iter()
            .map(|c| Item {
                category: (*c).to_owned(),
                text: (*c).to_owned(),
                designation: None,
                quantity: None,
            })
            .collect(),
        transport: vec![],
        status: None,
        value: None,
    });
    Event {
        id: format!("e{}", i + 1),
        kind: e.kind,
        mode: None,
        contexts: vec![],
        sources: e.src.iter().map(|(n, c)| actor(n, c)).collect(),
        targets: e.tgt.iter().map(|(n, c)| actor(n, c)).collect(),
        date: e.date.map(|d| DateRange {
            start: d.to_owned(),
            end: d.to_owned(),
            text: d.to_owned(),
        }),
        location: None,
        negated: e.negated,
        certainty: Certainty {
            level: e.certainty,
            cue: None,
        },
        attribution: e.claim.iter().map(|(n, c)| actor(n, c)).collect(),
        about: e.about.iter().map(|s| (*s).to_owned()).collect(),
        transfer,
        flags: vec![],
        evidence: vec![Evidence {
            sentence: i,
            start: 0,
            end: e.text.len(),
            text: e.text.to_owned(),
        }],
        why: "test".to_owned(),
    }
}

fn doc(id: &str, source: &str, published: &str, evs: &[Ev]) -> NewDocument {
    NewDocument {
        record: Record {
            document: DocumentMeta {
                id: id.to_owned(),
                title: Some(format!("title {id}")),
                published: Some(published.to_owned()),
                source: Some(source.to_owned()),
                ..DocumentMeta::default()
            },
            events: evs.iter().enumerate().map(|(i, e)| event(i, e)).collect(),
            transfers: vec![],
            nlp: None,
            warnings: vec![],
        },
        body: format!("body of {id}").into_bytes(),
        input: format!("in/{id}.txt"),
    }
}

const NK: (&str, &str) = ("North Korea", "PRK");
const RU: (&str, &str) = ("Russia", "RUS");
const UA: (&str, &str) = ("Ukraine", "UKR");
const KR: (&str, &str) = ("South Korea", "KOR");
const US: (&str, &str) = ("United States", "USA");

/// A small corpus: a shipment reported by three outlets, denied by the supplier; an unrelated
/// attack; a meeting.
fn corpus() -> Vec<NewDocument> {
    vec![
        doc(
            "aaaa",
            "Outlet A",
            "2024-10-10",
            &[
                Ev {
                    kind: EventType::Aid,
                    src: &[NK],
                    tgt: &[RU],
                    date: Some("2024-10-08"),
                    claim: &[KR],
                    items: &["ammunition.artillery"],
                    certainty: CertaintyLevel::Likely,
                    text: "Pyongyang shipped artillery shells by rail to its neighbour.",
                    ..Ev::default()
                },
                Ev {
                    kind: EventType::Reject,
                    src: &[NK],
                    text: "The government called the report a fabrication.",
                    about: &["e1"],
                    ..Ev::default()
                },
            ],
        ),
        doc(
            "bbbb",
            "Outlet B",
            "2024-10-09",
            &[Ev {
                kind: EventType::Aid,
                src: &[NK],
                tgt: &[RU],
                date: Some("2024-10-09"),
                claim: &[US],
                items: &["ammunition"],
                text: "Officials said containers of munitions crossed the border.",
                ..Ev::default()
            }],
        ),
        doc(
            "cccc",
            "Outlet A",
            "2024-10-11",
            &[
                Ev {
                    kind: EventType::Aid,
                    src: &[NK],
                    tgt: &[RU],
                    date: Some("2024-10-10"),
                    items: &["missile.ballistic"],
                    text: "Ballistic missiles were also part of the cargo.",
                    ..Ev::default()
                },
                Ev {
                    kind: EventType::Assault,
                    src: &[RU],
                    tgt: &[UA],
                    date: Some("2024-10-11"),
                    text: "Drones struck the port overnight.",
                    ..Ev::default()
                },
            ],
        ),
        doc(
            "dddd",
            "Outlet C",
            "2024-12-01",
            &[Ev {
                kind: EventType::Consult,
                src: &[US],
                tgt: &[KR],
                certainty: CertaintyLevel::Asserted,
                text: "The ministers met in Seoul to discuss security.",
                ..Ev::default()
            }],
        ),
    ]
}

fn ids(hits: &[sitrep_store::Hit]) -> Vec<String> {
    hits.iter()
        .map(|h| format!("{}/{}", h.document.id, h.event.id))
        .collect()
}

fn load(s: &mut dyn Store) {
    let ops: Vec<WriteOp> = corpus().into_iter().map(WriteOp::Document).collect();
    let out = s.write(&ops).unwrap();
    assert!(out.iter().all(|o| *o == WriteOutcome::Inserted));
}

fn q() -> Query {
    Query::default()
}

/// The shared test body.
fn suite(s: &mut dyn Store) {
    load(s);
    let c = s.counts().unwrap();
    assert_eq!((c.documents, c.events, c.evidence), (4, 6, 6));

    // Idempotency: the same documents again change nothing.
    let again: Vec<WriteOp> = corpus().into_iter().map(WriteOp::Document).collect();
    let out = s.write(&again).unwrap();
    assert!(out.iter().all(|o| *o == WriteOutcome::Duplicate));
    assert_eq!(s.counts().unwrap(), c);

    // Every filter, checked against the reference semantics on the same data.
    let all = s.query(&q()).unwrap();
    assert_eq!(all.len(), 6);
    let cases: Vec<(Query, usize)> = vec![
        (
            Query {
                types: vec![EventType::Aid],
                ..q()
            },
            3,
        ),
        (
            Query {
                actors: vec!["PRK".into()],
                ..q()
            },
            4,
        ),
        (
            Query {
                actors: vec!["russia".into()],
                ..q()
            },
            4,
        ),
        (
            Query {
                supplier: Some("PRK".into()),
                ..q()
            },
            3,
        ),
        (
            Query {
                recipient: Some("UKR".into()),
                ..q()
            },
            0,
        ),
        (
            Query {
                category: Some("ammunition".into()),
                ..q()
            },
            2,
        ),
        (
            Query {
                category: Some("ammunition.artillery".into()),
                ..q()
            },
            1,
        ),
        (
            Query {
                category: Some("ammo".into()),
                ..q()
            },
            0,
        ),
        (
            Query {
                claimant: Some("KOR".into()),
                ..q()
            },
            1,
        ),
        (
            Query {
                certainty: Some(CertaintyLevel::Likely),
                ..q()
            },
            1,
        ),
        (
            Query {
                since: Some("2024-10-10".into()),
                ..q()
            },
            // e2 of aaaa has no date but its document was published on 2024-10-10.
            4,
        ),
        (
            Query {
                since: Some("2024-10-09".into()),
                until: Some("2024-10-09".into()),
                ..q()
            },
            1,
        ),
        (
            Query {
                text: Some("ballistic missiles".into()),
                ..q()
            },
            1,
        ),
        (
            Query {
                text: Some("drones port".into()),
                types: vec![EventType::Assault],
                ..q()
            },
            1,
        ),
        (
            Query {
                text: Some("drones seoul".into()),
                ..q()
            },
            0,
        ),
        (
            Query {
                document: Some("cccc".into()),
                ..q()
            },
            2,
        ),
        (
            Query {
                limit: Some(2),
                ..q()
            },
            2,
        ),
    ];
    for (query, n) in &cases {
        let got = s.query(query).unwrap();
        let want: Vec<String> = ids(&all
            .iter()
            .filter(|h| query.matches(&h.document, &h.event))
            .take(query.limit.unwrap_or(usize::MAX))
            .cloned()
            .collect::<Vec<_>>());
        assert_eq!(ids(&got), want, "{query:?}");
        assert_eq!(got.len(), *n, "{query:?}");
    }
    // Bad filters are errors with a code, not panics.
    let bad = s
        .query(&Query {
            since: Some("last week".into()),
            ..q()
        })
        .unwrap_err();
    assert_eq!(bad.code(), "store_bad_query");

    // Errors: one row per input, replaced on retry, cleared by a later success.
    let err = |input: &str, code: &str| {
        WriteOp::Error(ErrorEntry {
            input: input.into(),
            code: code.into(),
            message: "m".into(),
            at: "2024-01-01T00:00:00Z".into(),
        })
    };
    s.write(&[err("in/x.bin", "doc_binary"), err("in/y.txt", "doc_empty")])
        .unwrap();
    s.write(&[err("in/x.bin", "doc_too_large")]).unwrap();
    let errs = s.errors().unwrap();
    assert_eq!(errs.len(), 2);
    assert_eq!(errs[0].code, "doc_too_large");
    let mut fixed = doc("eeee", "Outlet D", "2024-12-02", &[]);
    fixed.input = "in/y.txt".into();
    s.write(&[WriteOp::Document(fixed)]).unwrap();
    assert_eq!(s.errors().unwrap().len(), 1);
    // An input with no document (a feed) clears its error explicitly.
    s.write(&[err("feed.xml", "feed_malformed")]).unwrap();
    assert_eq!(s.errors().unwrap().len(), 2);
    let out = s.write(&[WriteOp::ClearError("feed.xml".into())]).unwrap();
    assert_eq!(out, vec![WriteOutcome::ErrorCleared]);
    assert_eq!(s.errors().unwrap().len(), 1);

    // Recode: events replaced atomically, nothing duplicated.
    let before = s.counts().unwrap();
    let stored = s.document("cccc").unwrap().unwrap();
    assert_eq!(stored.body, b"body of cccc");
    let new_events = vec![event(
        0,
        &Ev {
            kind: EventType::Threaten,
            src: &[RU],
            tgt: &[UA],
            text: "A warning was issued.",
            ..Ev::default()
        },
    )];
    s.replace_events("cccc", None, &new_events).unwrap();
    let after = s.counts().unwrap();
    assert_eq!(after.documents, before.documents);
    assert_eq!(after.events, before.events - 1);
    let got = s
        .query(&Query {
            document: Some("cccc".into()),
            ..q()
        })
        .unwrap();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].event.kind, EventType::Threaten);
    assert!(
        s.query(&Query {
            text: Some("ballistic".into()),
            ..q()
        })
        .unwrap()
        .is_empty(),
        "full-text index must forget replaced evidence"
    );
    let found = s
        .query(&Query {
            text: Some("warning".into()),
            ..q()
        })
        .unwrap();
    assert_eq!(
        found.len(),
        1,
        "full-text index must learn the new evidence"
    );
    let e = s.replace_events("nope", None, &[]).unwrap_err();
    assert_eq!(e.code(), "store_no_document");

    // Seen feed items.
    assert!(s.mark_seen("feed", "item-1").unwrap());
    assert!(!s.mark_seen("feed", "item-1").unwrap());
    assert!(s.is_seen("feed", "item-1").unwrap());
    assert!(!s.is_seen("other", "item-1").unwrap());
    assert_eq!(s.document_ids().unwrap().len(), 5);
}

/// Stories on the original corpus.
fn stories_suite(s: &mut dyn Store) {
    load(s);
    let st = s.stories(&q(), &FuseOptions::default()).unwrap();
    assert_eq!(st.len(), 1, "{st:#?}");
    let aid = &st[0];
    assert_eq!(aid.kind, EventType::Aid);
    // The missile report is incompatible in items with the artillery one but compatible with
    // the generic "ammunition" one, so all three join through it... except that missile and
    // ammunition are not prefix-compatible; only aaaa and bbbb fuse.
    assert_eq!(aid.documents, 2, "{aid:#?}");
    assert_eq!(aid.first_seen.as_deref(), Some("2024-10-09"));
    assert_eq!(aid.claimants, vec!["South Korea", "United States"]);
    assert_eq!(aid.deniers, vec!["North Korea"]);
    assert_eq!(aid.sources, vec!["Outlet A", "Outlet B"]);
}

/// Reviews: stored beside the events, validated, kept across a replacement of the events, and
/// never changing them.
fn reviews_suite(s: &mut dyn Store) {
    use sitrep_store::review::{Review, Verdict, fingerprint, rule_stats};
    load(s);
    let hits = s
        .query(&Query {
            document: Some("aaaa".into()),
            ..q()
        })
        .unwrap();
    let events: Vec<_> = hits.iter().map(|h| h.event.clone()).collect();
    assert!(!events.is_empty());
    let fp = fingerprint(&events, 0);
    let r = Review {
        id: 0,
        document: "aaaa".into(),
        fingerprint: fp.clone(),
        event: events[0].id.clone(),
        verdict: Verdict::Edit,
        field: Some("recipient".into()),
        value: Some("BLR".into()),
        note: Some("the text says Belarus".into()),
        reviewer: None,
        at: "2026-01-01T00:00:00Z".into(),
        snapshot: sitrep_record::Event {
            why: "AID:v 'sent'; src:parse:nsubj".into(),
            ..events[0].clone()
        },
    };
    let id = s.add_review(&r).unwrap();
    assert!(id > 0);
    let bad = Review {
        field: Some("mode".into()),
        ..r.clone()
    };
    assert_eq!(s.add_review(&bad).unwrap_err().code(), "store_bad_review");
    let orphan = Review {
        document: "nope".into(),
        ..r.clone()
    };
    assert_eq!(
        s.add_review(&orphan).unwrap_err().code(),
        "store_no_document"
    );
    let wrong = Review {
        verdict: Verdict::Wrong,
        field: None,
        value: None,
        ..r.clone()
    };
    s.add_review(&wrong).unwrap();
    // Recode-like replacement: same events again, new rows; reviews stay and match.
    s.replace_events("aaaa", None, &events).unwrap();
    let got = s.reviews(Some("aaaa")).unwrap();
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].value.as_deref(), Some("BLR"));
    assert_eq!(got[1].verdict, Verdict::Wrong);
    assert_eq!(got[0].fingerprint, fp);
    assert!(s.reviews(Some("bbbb")).unwrap().is_empty());
    assert_eq!(s.reviews(None).unwrap().len(), 2);
    // The machine's output is untouched.
    let again = s
        .query(&Query {
            document: Some("aaaa".into()),
            ..q()
        })
        .unwrap();
    assert_eq!(again[0].event, events[0]);
    // The latest review counts: one event, wrong.
    let stats = rule_stats(&got);
    assert_eq!(stats.len(), 2, "{stats:?}");
    assert_eq!((stats[0].reviewed, stats[0].wrong), (1, 1));
}

#[test]
fn memory_reviews() {
    reviews_suite(&mut MemoryStore::new());
}

#[test]
fn sqlite_reviews() {
    reviews_suite(&mut sqlite());
}

fn sqlite() -> SqliteStore {
    SqliteStore::open_in_memory().unwrap()
}

#[test]
fn memory_suite() {
    suite(&mut MemoryStore::new());
}

#[test]
fn sqlite_suite() {
    suite(&mut sqlite());
}

#[test]
fn memory_stories() {
    stories_suite(&mut MemoryStore::new());
}

#[test]
fn sqlite_stories() {
    stories_suite(&mut sqlite());
}

#[test]
fn sqlite_file_reopens_and_keeps_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    {
        let mut s = SqliteStore::open(&path).unwrap();
        load(&mut s);
    }
    let mut s = SqliteStore::open(&path).unwrap();
    assert_eq!(s.counts().unwrap().events, 6);
}

#[test]
fn sqlite_generation_moves_with_other_connections_writes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let mut watcher = SqliteStore::open(&path).unwrap();
    let mut writer = SqliteStore::open(&path).unwrap();
    let g0 = watcher.generation().unwrap().expect("SQLite tells");
    assert_eq!(
        watcher.generation().unwrap(),
        Some(g0),
        "no write, same value"
    );
    load(&mut writer);
    let g1 = watcher.generation().unwrap().expect("SQLite tells");
    assert_ne!(g1, g0, "another connection committed");
    assert_eq!(MemoryStore::new().generation().unwrap(), None);
}

#[test]
fn sqlite_rejects_newer_schema() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    {
        let mut s = SqliteStore::open(&path).unwrap();
        s.connection()
            .execute(
                "INSERT INTO schema_migrations (version, applied_at) VALUES (999, 'x')",
                [],
            )
            .unwrap();
    }
    let e = SqliteStore::open(&path).err().unwrap();
    assert_eq!(e.code(), "store_schema_too_new");
}

#[test]
fn exports_write_every_format() {
    let mut s = MemoryStore::new();
    load(&mut s);
    let hits = s.query(&q()).unwrap();
    for (f, check) in [
        (export::Format::Jsonl, 6usize),
        (export::Format::Csv, 7),
        (export::Format::Table, 7),
        // Negated events are left out of GDELT; all six here are affirmative.
        (export::Format::Gdelt, 6),
    ] {
        let mut buf = Vec::new();
        {
            let mut sink = export::sink(f, Box::new(&mut buf)).unwrap();
            for h in &hits {
                sink.write(h).unwrap();
            }
            sink.finish().unwrap();
        }
        let text = String::from_utf8(buf).unwrap();
        assert_eq!(text.lines().count(), check, "{f:?}\n{text}");
        if f == export::Format::Gdelt {
            for l in text.lines() {
                assert_eq!(l.split('\t').count(), 61, "{l}");
            }
            let aid = text.lines().find(|l| l.contains("\t07\t")).unwrap();
            assert!(aid.contains("\t070\t"), "{aid}");
            let cols: Vec<&str> = aid.split('\t').collect();
            // Actor codes are CAMEO alpha-3, geo codes FIPS 10-4; Goldstein from the root.
            assert_eq!((cols[7], cols[17]), ("PRK", "RUS"), "{aid}");
            assert_eq!(cols[30], "7.0", "{aid}");
            assert_eq!((cols[36], cols[37]), ("North Korea", "KN"), "{aid}");
            assert_eq!(cols[45], "RS", "{aid}");
        }
        if f == export::Format::Jsonl {
            for l in text.lines() {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                assert!(v["event"]["type"].is_string());
            }
        }
    }
}

#[cfg(feature = "postgres")]
mod pg {
    use super::*;
    use sitrep_store::PgStore;

    /// A fresh schema per test so tests can run in parallel against one server.
    fn fresh(name: &str) -> Option<PgStore> {
        let Ok(url) = std::env::var("SITREP_TEST_PG") else {
            eprintln!("skipping PostgreSQL test {name}: set SITREP_TEST_PG to a postgres:// URL");
            return None;
        };
        let mut admin = postgres::Client::connect(&url, postgres::NoTls).unwrap();
        let schema = format!("t_{name}_{}", std::process::id());
        admin
            .batch_execute(&format!(
                "DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema};"
            ))
            .unwrap();
        let sep = if url.contains('?') { '&' } else { '?' };
        let scoped = format!("{url}{sep}options=-csearch_path%3D{schema}");
        Some(PgStore::connect(&scoped).unwrap())
    }

    #[test]
    fn pg_suite() {
        if let Some(mut s) = fresh("suite") {
            suite(&mut s);
        }
    }

    #[test]
    fn pg_reviews() {
        if let Some(mut s) = fresh("reviews") {
            reviews_suite(&mut s);
        }
    }

    #[test]
    fn pg_stories() {
        if let Some(mut s) = fresh("stories") {
            stories_suite(&mut s);
        }
    }
}

#[cfg(feature = "parquet")]
#[test]
fn parquet_export_reads_back() {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    let mut s = MemoryStore::new();
    load(&mut s);
    let hits = s.query(&q()).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("events.parquet");
    {
        let f = std::fs::File::create(&path).unwrap();
        let mut sink = export::sink(export::Format::Parquet, Box::new(f)).unwrap();
        for h in &hits {
            sink.write(h).unwrap();
        }
        sink.finish().unwrap();
    }
    let r = SerializedFileReader::new(std::fs::File::open(&path).unwrap()).unwrap();
    assert_eq!(r.metadata().file_metadata().num_rows() as usize, hits.len());
    let rows: Vec<String> = r
        .get_row_iter(None)
        .unwrap()
        .map(|row| row.unwrap().to_string())
        .collect();
    assert_eq!(rows.len(), hits.len());
    assert!(rows.iter().any(|r| r.contains("PRK")), "{rows:?}");
}

#[test]
fn read_only_opening_never_creates_and_reads_a_read_only_file() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("typo.db");
    let e = sitrep_store::open_read_only(&missing.display().to_string())
        .err()
        .unwrap();
    assert_eq!(e.code(), "store_not_found");
    assert!(!missing.exists(), "a read-only opening created the file");

    let path = dir.path().join("s.db");
    {
        let mut s = SqliteStore::open(&path).unwrap();
        load(&mut s);
    }
    let mut perms = std::fs::metadata(&path).unwrap().permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&path, perms).unwrap();
    let mut s = sitrep_store::open_read_only(&path.display().to_string()).unwrap();
    assert!(!s.query(&q()).unwrap().is_empty());
}

#[test]
fn a_limit_beyond_i64_is_a_bad_query() {
    let q = Query {
        limit: Some(usize::MAX),
        ..Query::default()
    };
    assert_eq!(q.validate().unwrap_err().code(), "store_bad_query");
}

/// Two writers on one new database file, as two `sitrep ingest` runs: both open it at once
/// (each applying or skipping the migrations), then write interleaved batches, each with a
/// document of its own and one both write. Neither fails busy, and every document is stored once.
#[test]
fn sqlite_two_writers_on_one_file_both_succeed() {
    const BATCHES: usize = 40;
    const OWN: usize = 4;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let events = corpus()[0].record.events.clone();
    let start = std::sync::Barrier::new(2);
    let inserted: Vec<usize> = std::thread::scope(|s| {
        let writers: Vec<_> = ["a", "b"]
            .into_iter()
            .map(|w| {
                let (path, events, start) = (&path, &events, &start);
                s.spawn(move || {
                    start.wait();
                    let mut st = SqliteStore::open(path).unwrap();
                    let mut inserted = 0;
                    for b in 0..BATCHES {
                        let ids = (0..OWN).map(|i| format!("{w}-{b}-{i}"));
                        let ops: Vec<WriteOp> = ids
                            .chain([format!("shared-{b}")])
                            .map(|id| {
                                let mut d = doc(&id, "Wire", "2024-03-01", &[]);
                                d.record.events = events.clone();
                                WriteOp::Document(d)
                            })
                            .collect();
                        let out = st.write(&ops).unwrap();
                        inserted += out.iter().filter(|o| **o == WriteOutcome::Inserted).count();
                    }
                    inserted
                })
            })
            .collect();
        writers.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let expected = 2 * BATCHES * OWN + BATCHES;
    assert_eq!(inserted.iter().sum::<usize>(), expected, "{inserted:?}");
    let mut st = SqliteStore::open(&path).unwrap();
    let c = st.counts().unwrap();
    assert_eq!(c.documents, expected as u64);
    assert_eq!(c.events, (expected * events.len()) as u64);
}

/// Runs `f` while a second connection holds the write lock of `path` for `hold`, and returns
/// what `f` returned and how long it took.
fn with_write_lock_held<T>(
    path: &std::path::Path,
    hold: std::time::Duration,
    f: impl FnOnce() -> T,
) -> (T, std::time::Duration) {
    let other = rusqlite::Connection::open(path).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    std::thread::scope(|s| {
        s.spawn(move || {
            std::thread::sleep(hold);
            other.execute_batch("COMMIT").unwrap();
        });
        let t = std::time::Instant::now();
        let out = f();
        (out, t.elapsed())
    })
}

/// The single writes beside the batches (a feed item marked seen by `watch`, a reader's review)
/// wait and retry while another connection holds the write lock, as batch writes do: with a
/// busy handler far shorter than the lock is held, they still succeed once it is released
/// (before, they failed `store_busy` when the handler gave up).
#[test]
fn sqlite_single_writes_retry_while_another_connection_writes() {
    use sitrep_store::review::{Review, Verdict};
    let hold = std::time::Duration::from_millis(600);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let mut st = SqliteStore::open(&path).unwrap();
    load(&mut st);
    st.connection()
        .busy_timeout(std::time::Duration::from_millis(20))
        .unwrap();
    let (seen, waited) = with_write_lock_held(&path, hold, || st.mark_seen("feed", "item-1"));
    assert!(seen.unwrap(), "first marking is new");
    assert!(
        waited >= hold / 2,
        "returned after {waited:?}, before the lock was free"
    );
    let event = st
        .query(&Query {
            document: Some("aaaa".into()),
            ..q()
        })
        .unwrap()
        .remove(0)
        .event;
    let r = Review {
        id: 0,
        document: "aaaa".into(),
        fingerprint: "fp".into(),
        event: event.id.clone(),
        verdict: Verdict::Wrong,
        field: None,
        value: None,
        note: None,
        reviewer: None,
        at: "2026-01-01T00:00:00Z".into(),
        snapshot: event,
    };
    let (id, _) = with_write_lock_held(&path, hold, || st.add_review(&r));
    assert!(id.unwrap() > 0);
    assert_eq!(st.reviews(None).unwrap().len(), 1);
    assert!(
        !st.mark_seen("feed", "item-1").unwrap(),
        "second marking is not new"
    );
    assert_eq!(st.counts().unwrap().seen_items, 1);
}
