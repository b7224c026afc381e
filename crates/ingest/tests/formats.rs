//! Input formats and the ingest loop on fixtures written here (prose invented for the tests).
#![allow(clippy::unwrap_used)]

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::io::{Read, Write};

use sitrep_ingest::{
    Coder, InputError, Item, Kind, Meta, Progress, ReadOptions, RunOptions, feed, html,
    read_inputs, run,
};
use sitrep_record::{DocumentMeta, Record};
use sitrep_store::{MemoryStore, Store};

/// Stands in for the pipeline: id = hash of the whitespace-normalised text, no events.
struct FakeCoder;

fn norm_id(text: &[u8]) -> String {
    let t = String::from_utf8_lossy(text);
    let mut h = DefaultHasher::new();
    for w in t.split_whitespace() {
        w.hash(&mut h);
    }
    format!("{:016x}", h.finish())
}

impl Coder for FakeCoder {
    fn doc_id(&self, text: &[u8], _meta: &Meta) -> Option<String> {
        Some(norm_id(text))
    }
    fn code(&self, text: &[u8], meta: &Meta) -> Result<Record, (String, String)> {
        if String::from_utf8_lossy(text).trim().is_empty() {
            return Err(("doc_empty".into(), "empty document".into()));
        }
        Ok(Record {
            document: DocumentMeta {
                id: norm_id(text),
                title: meta.title.clone(),
                published: meta.published.clone(),
                url: meta.url.clone(),
                source: meta.source.clone(),
                ..DocumentMeta::default()
            },
            ..Record::default()
        })
    }
}

fn collect(inputs: &[String], opts: &ReadOptions) -> Vec<Result<Item, InputError>> {
    let mut v = Vec::new();
    read_inputs(inputs, opts, &mut |r| {
        v.push(r);
        true
    });
    v
}

const ARTICLE: &str = r#"<!DOCTYPE html>
<html><head>
<title>Harbour news | The Example Gazette</title>
<meta property="og:title" content="Freighter unloads crates at the northern harbour">
<meta property="article:published_time" content="2024-05-02T07:30:00Z">
<link rel="canonical" href="https://news.example/harbour-crates">
<script type="application/ld+json">{"@type":"NewsArticle","headline":"Freighter unloads crates","datePublished":"2024-05-02T07:30:00Z"}</script>
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article>
<h1>Freighter unloads crates at the northern harbour</h1>
<p>A cargo ship flying a foreign flag unloaded several hundred wooden crates at the northern harbour on Wednesday, according to port workers who watched the operation from the quay.</p>
<p>The workers said the crates were moved onto lorries under armed guard and driven inland before dawn. Officials at the port authority declined to describe the cargo when asked by reporters.</p>
<p>Satellite pictures taken later in the week showed the same vessel anchored offshore, its hold apparently empty, while a second ship waited for a berth nearby.</p>
</article>
<footer>Share this story. Copyright The Example Gazette.</footer>
</body></html>"#;

#[test]
fn html_article_metadata_and_main_text() {
    let e = html::extract(ARTICLE.as_bytes()).unwrap();
    assert_eq!(
        e.title.as_deref(),
        Some("Freighter unloads crates at the northern harbour")
    );
    assert_eq!(e.published.as_deref(), Some("2024-05-02"));
    assert_eq!(
        e.url.as_deref(),
        Some("https://news.example/harbour-crates")
    );
    assert!(e.text.contains("wooden crates"), "{}", e.text);
    assert!(e.text.contains("armed guard"));
    assert!(!e.text.contains("Sport"), "navigation left in: {}", e.text);
}

#[test]
fn broken_html_does_not_panic() {
    let broken = b"<html><body><p>Unclosed <b>tags <i>everywhere<p>and more text here";
    let e = html::extract(broken).unwrap();
    assert!(e.text.contains("everywhere"));
}

const RSS: &str = r#"<?xml version="1.0"?>
<rss version="2.0"><channel><title>Example Wire</title>
<item><title>Talks resume</title><link>http://wire.example/a</link><guid>a-1</guid>
<pubDate>Tue, 07 May 2024 09:00:00 +0000</pubDate>
<description>&lt;p&gt;Negotiators met again in the capital.&lt;/p&gt;</description></item>
<item><title>Bridge reopens</title><link>http://wire.example/b</link><guid>b-2</guid>
<description>The bridge reopened to traffic.</description></item>
</channel></rss>"#;

const ATOM: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Example Atom</title><id>urn:x</id>
<updated>2024-05-08T00:00:00Z</updated>
<entry><title>Convoy sighted</title><id>urn:x:1</id><link href="http://atom.example/1"/>
<published>2024-05-08T06:00:00Z</published><updated>2024-05-08T06:00:00Z</updated>
<content type="html">&lt;p&gt;A convoy of trucks was seen near the border.&lt;/p&gt;</content></entry>
</feed>"#;

#[test]
fn rss_and_atom_entries() {
    let r = feed::parse("f", RSS.as_bytes()).unwrap();
    assert_eq!(r.len(), 2);
    assert_eq!(r[0].id, "a-1");
    assert_eq!(r[0].meta.published.as_deref(), Some("2024-05-07"));
    assert_eq!(r[0].meta.source.as_deref(), Some("Example Wire"));
    assert!(r[0].content.as_deref().unwrap().contains("Negotiators"));
    let a = feed::parse("f", ATOM.as_bytes()).unwrap();
    assert_eq!(a.len(), 1);
    assert_eq!(a[0].link.as_deref(), Some("http://atom.example/1"));
    assert_eq!(a[0].meta.title.as_deref(), Some("Convoy sighted"));
    let bad = feed::parse("f", b"<rss><channel><item><title>cut").unwrap_err();
    assert_eq!(bad.code, "feed_malformed");
}

fn warc_record(uri: &str, html: &str, id: usize) -> Vec<u8> {
    let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}");
    let mut v = format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{id}>\r\n\
         WARC-Target-URI: {uri}\r\nContent-Type: application/http; msgtype=response\r\n\
         Content-Length: {}\r\n\r\n",
        http.len()
    )
    .into_bytes();
    v.extend_from_slice(http.as_bytes());
    v.extend_from_slice(b"\r\n\r\n");
    v
}

fn gz(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

#[test]
fn warc_gz_member_per_record_with_a_broken_record() {
    let dir = tempfile::tempdir().unwrap();
    let mut data = Vec::new();
    data.extend(gz(
        b"WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 4\r\n\r\nabcd\r\n\r\n",
    ));
    data.extend(gz(&warc_record("http://a.example/1", ARTICLE, 1)));
    // Broken: header without colon.
    data.extend(gz(
        b"WARC/1.0\r\nthis is not a header\r\nContent-Length: 3\r\n\r\nxyz\r\n\r\n",
    ));
    data.extend(gz(&warc_record(
        "http://a.example/2",
        "<html><body><p>Second page text about a port visit.</p></body></html>",
        2,
    )));
    let p = dir.path().join("crawl.warc.gz");
    std::fs::write(&p, &data).unwrap();
    let items = collect(&[p.display().to_string()], &ReadOptions::default());
    let oks: Vec<&Item> = items.iter().filter_map(|r| r.as_ref().ok()).collect();
    let errs: Vec<&InputError> = items.iter().filter_map(|r| r.as_ref().err()).collect();
    assert_eq!(oks.len(), 2, "{items:?}");
    assert_eq!(oks[0].kind, Kind::Html);
    assert_eq!(oks[0].meta.url.as_deref(), Some("http://a.example/1"));
    assert!(oks[0].key.ends_with("#urn:uuid:1"));
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].code, "warc_malformed");

    // Corrupt gzip in the middle: the records before it survive, one error is reported.
    let mut cut = gz(&warc_record("http://a.example/1", ARTICLE, 1));
    cut.extend_from_slice(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xde, 0xad, 0xbe, 0xef]);
    let p2 = dir.path().join("cut.warc.gz");
    std::fs::write(&p2, &cut).unwrap();
    let items = collect(&[p2.display().to_string()], &ReadOptions::default());
    assert!(items[0].is_ok());
    assert!(items[1..].iter().all(|r| r.is_err()), "{items:?}");
}

#[test]
fn jsonl_corpus_with_bad_lines() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("c.jsonl");
    let big = "x".repeat(300);
    std::fs::write(
        &p,
        format!(
            "{{\"text\":\"Ships left the harbour.\",\"title\":\"T1\",\"published\":\"2024-01-02T10:00:00Z\",\"url\":\"http://u/1\",\"source\":\"Wire\"}}\n\
             not json\n\
             \n\
             {{\"title\":\"no text\"}}\n\
             {{\"text\":\"{big}\"}}\n\
             {{\"html\":\"<p>Page text.</p>\"}}\n"
        ),
    )
    .unwrap();
    let opts = ReadOptions {
        max_bytes: 200,
        ..ReadOptions::default()
    };
    let items = collect(&[p.display().to_string()], &opts);
    assert_eq!(items.len(), 5, "{items:?}");
    let first = items[0].as_ref().unwrap();
    assert_eq!(first.meta.published.as_deref(), Some("2024-01-02"));
    assert_eq!(first.meta.source.as_deref(), Some("Wire"));
    assert!(first.key.ends_with(":1"));
    assert_eq!(items[1].as_ref().unwrap_err().code, "jsonl_malformed");
    assert_eq!(items[2].as_ref().unwrap_err().code, "jsonl_malformed");
    assert_eq!(items[3].as_ref().unwrap_err().code, "doc_too_large");
    assert_eq!(items[4].as_ref().unwrap().kind, Kind::Html);
}

/// Every kind of bad file in one directory: the batch goes on, each failure is recorded with
/// its own code, invalid UTF-8 is only a warning, and a second run changes nothing.
#[test]
fn directory_run_records_every_failure_and_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("sub/deeper")).unwrap();
    std::fs::write(d.join("a.txt"), "Troops crossed the river at dawn.").unwrap();
    std::fs::write(d.join("sub/b.txt"), "The minister visited the port.").unwrap();
    std::fs::write(
        d.join("sub/deeper/dup.txt"),
        "Troops   crossed the river\nat dawn.",
    )
    .unwrap();
    std::fs::write(d.join("empty.txt"), "   \n").unwrap();
    std::fs::write(d.join("blob.bin"), [0u8, 1, 2, 3, 0, 255, 0, 7]).unwrap();
    std::fs::write(d.join("huge.txt"), "word ".repeat(400)).unwrap();
    std::fs::write(
        d.join("latin1.txt"),
        b"Caf\xe9 owners protested in the square.",
    )
    .unwrap();
    std::fs::write(d.join("page.html"), ARTICLE).unwrap();
    std::fs::write(d.join("bad.rss"), "<rss><channel><item>").unwrap();
    std::fs::write(d.join(".hidden"), "ignored").unwrap();
    let opts = RunOptions {
        threads: 2,
        batch: 3,
        read: ReadOptions {
            max_bytes: 1500,
            ..ReadOptions::default()
        },
        ..RunOptions::default()
    };
    let inputs = vec![d.display().to_string()];
    let mut store = MemoryStore::new();
    let mut events = Vec::new();
    let stats = run(
        |emit| read_inputs(&inputs, &opts.read, emit),
        &FakeCoder,
        &mut store,
        &opts,
        &mut |p| events.push(p.clone()),
    )
    .unwrap();
    assert_eq!(stats.stored, 4, "{events:#?}");
    assert_eq!(stats.duplicates, 1);
    assert_eq!(stats.failed, 4);
    let errs = store.errors().unwrap();
    let codes: Vec<(&str, &str)> = errs
        .iter()
        .map(|e| (e.input.rsplit('/').next().unwrap(), e.code.as_str()))
        .collect();
    assert_eq!(
        codes,
        vec![
            ("bad.rss", "feed_malformed"),
            ("blob.bin", "doc_binary"),
            ("empty.txt", "doc_empty"),
            ("huge.txt", "doc_too_large"),
        ]
    );
    let warned = events.iter().any(|p| {
        matches!(p, Progress::Stored { key, warnings, .. }
            if key.ends_with("latin1.txt") && warnings.iter().any(|w| w.contains("UTF-8")))
    });
    assert!(warned, "{events:#?}");
    let page = events
        .iter()
        .find_map(|p| match p {
            Progress::Stored { key, id, .. } if key.ends_with("page.html") => Some(id.clone()),
            _ => None,
        })
        .unwrap();
    let doc = store.document(&page).unwrap().unwrap();
    assert_eq!(doc.meta.published.as_deref(), Some("2024-05-02"));
    assert_eq!(
        doc.meta.url.as_deref(),
        Some("https://news.example/harbour-crates")
    );

    let before = store.counts().unwrap();
    let again = run(
        |emit| read_inputs(&inputs, &opts.read, emit),
        &FakeCoder,
        &mut store,
        &opts,
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(again.stored, 0);
    assert_eq!(again.duplicates, 5);
    assert_eq!(store.counts().unwrap(), before);
}

/// Serves `routes` on 127.0.0.1 for `n` requests; returns the base URL.
fn serve(routes: Vec<(&'static str, &'static str, String)>, n: usize) -> String {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", l.local_addr().unwrap());
    std::thread::spawn(move || {
        for _ in 0..n {
            let Ok((mut s, _)) = l.accept() else { return };
            let mut buf = [0u8; 4096];
            let mut req = Vec::new();
            while !req.windows(4).any(|w| w == b"\r\n\r\n") {
                let k = s.read(&mut buf).unwrap_or(0);
                if k == 0 {
                    break;
                }
                req.extend_from_slice(&buf[..k]);
            }
            let req = String::from_utf8_lossy(&req);
            let path = req.split_whitespace().nth(1).unwrap_or("/").to_owned();
            let resp = match routes.iter().find(|r| r.0 == path) {
                Some((_, ctype, body)) => format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                ),
                None => "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    .to_owned(),
            };
            let _ = s.write_all(resp.as_bytes());
        }
    });
    base
}

#[test]
fn feed_over_http_fetches_articles() {
    let feed_xml = |base: &str| {
        format!(
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Loop Wire</title>\
             <item><title>One</title><link>{base}/one</link><guid>one</guid></item>\
             <item><title>Gone</title><link>{base}/missing</link><guid>gone</guid></item>\
             </channel></rss>"
        )
    };
    // Two-step: start a server whose feed points at a second server holding the article.
    let articles = serve(vec![("/one", "text/html", ARTICLE.to_owned())], 2);
    let feeds = serve(
        vec![("/feed.xml", "application/rss+xml", feed_xml(&articles))],
        1,
    );
    // The servers are on loopback, which fetches refuse unless allowed.
    let local = ReadOptions {
        allow_private: true,
        ..ReadOptions::default()
    };
    let items = collect(&[format!("{feeds}/feed.xml")], &local);
    assert_eq!(items.len(), 2, "{items:?}");
    let one = items[0].as_ref().unwrap();
    assert_eq!(one.kind, Kind::Html);
    assert!(String::from_utf8_lossy(&one.bytes).contains("wooden crates"));
    assert_eq!(one.meta.source.as_deref(), Some("Loop Wire"));
    assert_eq!(items[1].as_ref().unwrap_err().code, "fetch_failed");
    // Without the permission, the feed itself is refused.
    let refused = collect(&[format!("{feeds}/feed.xml")], &ReadOptions::default());
    assert_eq!(refused.len(), 1);
    assert_eq!(refused[0].as_ref().unwrap_err().code, "fetch_blocked");
}

mod props {
    use proptest::prelude::*;
    use sitrep_ingest::warc::WarcReader;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        #[test]
        fn warc_reader_never_panics(data in proptest::collection::vec(any::<u8>(), 0..2048)) {
            for r in WarcReader::new(&data[..], 1024) {
                let _ = r;
            }
        }

        #[test]
        fn warc_reader_never_panics_on_near_warc(body in "[ -~\r\n]{0,400}", len in 0u32..600) {
            let data = format!("WARC/1.0\r\nWARC-Type: response\r\nContent-Length: {len}\r\n\r\n{body}");
            let n = WarcReader::new(data.as_bytes(), 1 << 20).count();
            prop_assert!(n <= 3);
        }

        #[test]
        fn feed_parser_never_panics(data in proptest::collection::vec(any::<u8>(), 0..1024)) {
            let _ = sitrep_ingest::feed::parse("p", &data);
        }

        #[test]
        fn feed_parser_never_panics_on_near_xml(s in "<(rss|feed|channel|item|entry|title|link)>[ -~]{0,200}") {
            let _ = sitrep_ingest::feed::parse("p", s.as_bytes());
        }

        #[test]
        fn gzip_warc_never_panics(data in proptest::collection::vec(any::<u8>(), 0..512)) {
            let mut v = vec![0x1f, 0x8b, 8, 0];
            v.extend(data);
            let r = std::io::BufReader::new(flate2::bufread::MultiGzDecoder::new(&v[..]));
            for x in WarcReader::new(r, 1024) {
                let _ = x;
            }
        }
    }
}

/// Codes like [`FakeCoder`] but panics on any text containing [`PanickyCoder::TRIGGER`]: a bug
/// in the pipeline that only one document reaches.
struct PanickyCoder;

impl PanickyCoder {
    const TRIGGER: &'static str = "tripwire";
}

impl Coder for PanickyCoder {
    fn doc_id(&self, text: &[u8], meta: &Meta) -> Option<String> {
        FakeCoder.doc_id(text, meta)
    }
    fn code(&self, text: &[u8], meta: &Meta) -> Result<Record, (String, String)> {
        if String::from_utf8_lossy(text).contains(Self::TRIGGER) {
            panic!("coder bug reached by {} bytes", text.len());
        }
        FakeCoder.code(text, meta)
    }
}

#[test]
fn a_panicking_document_is_its_own_error_and_the_batch_goes_on() {
    let texts = [
        "The convoy crossed the river at dawn.",
        "Witnesses saw the tripwire of the old minefield.",
        "Officials met at the border post on Friday.",
        "A second ship waited for a berth offshore.",
    ];
    // One worker: it must survive the panic to code what follows; two: the others go on too.
    for threads in [1, 2] {
        let items: Vec<Item> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| Item {
                key: format!("doc{i}.txt"),
                bytes: t.as_bytes().to_vec(),
                kind: Kind::Text,
                meta: Meta::default(),
            })
            .collect();
        let opts = RunOptions {
            threads,
            batch: 16,
            ..RunOptions::default()
        };
        let mut store = MemoryStore::new();
        let mut seen = Vec::new();
        let stats = run(
            |emit| {
                for it in items {
                    if !emit(Ok(it)) {
                        return;
                    }
                }
            },
            &PanickyCoder,
            &mut store,
            &opts,
            &mut |p| seen.push(p.clone()),
        )
        .unwrap();
        assert_eq!(
            (stats.read, stats.stored, stats.failed),
            (4, 3, 1),
            "{seen:#?}"
        );
        for (i, t) in texts.iter().enumerate() {
            let stored = store.document(&norm_id(t.as_bytes())).unwrap().is_some();
            assert_eq!(stored, i != 1, "doc{i} stored: {stored}");
        }
        let errs = store.errors().unwrap();
        assert_eq!(errs.len(), 1);
        assert_eq!(
            (errs[0].input.as_str(), errs[0].code.as_str()),
            ("doc1.txt", "doc_panicked")
        );
        assert!(
            errs[0].message.contains("coder bug reached by"),
            "{}",
            errs[0].message
        );
    }
}
