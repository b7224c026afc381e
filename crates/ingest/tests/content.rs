//! Encodings and compression told by content: UTF-16 with a byte-order mark, gzip holding
//! text or JSONL rather than WARC, and the cap on errors from one input.
#![allow(clippy::unwrap_used)]

use std::io::Write;

use sitrep_ingest::{InputError, Item, MAX_ERRORS_PER_INPUT, ReadOptions, read_inputs};

fn collect(path: &std::path::Path) -> Vec<Result<Item, InputError>> {
    let mut v = Vec::new();
    read_inputs(
        &[path.display().to_string()],
        &ReadOptions::default(),
        &mut |r| {
            v.push(r);
            true
        },
    );
    v
}

fn gz(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn utf16le(s: &str) -> Vec<u8> {
    let mut v = vec![0xff, 0xfe];
    v.extend(s.encode_utf16().flat_map(u16::to_le_bytes));
    v
}

const TEXT: &str = "Two ships docked in the harbour on Monday, officials said.";

#[test]
fn utf16_text_is_decoded() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("a.txt");
    std::fs::write(&p, utf16le(TEXT)).unwrap();
    let items = collect(&p);
    assert_eq!(items.len(), 1);
    let it = items[0].as_ref().unwrap();
    assert_eq!(String::from_utf8_lossy(&it.bytes), TEXT);
    let p = sitrep_ingest::prepare(it.clone(), 1 << 20).unwrap();
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
}

#[test]
fn utf16_html_is_read_as_html() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("page.html");
    std::fs::write(
        &p,
        utf16le(&format!("<html><body><p>{TEXT}</p></body></html>")),
    )
    .unwrap();
    let it = collect(&p).remove(0).unwrap();
    let prepared = sitrep_ingest::prepare(it, 1 << 20).unwrap();
    assert_eq!(String::from_utf8_lossy(&prepared.text), TEXT);
}

#[test]
fn gzip_of_text_is_text_not_warc() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("story.txt.gz");
    std::fs::write(&p, gz(TEXT.as_bytes())).unwrap();
    let items = collect(&p);
    assert_eq!(items.len(), 1);
    assert_eq!(
        String::from_utf8_lossy(&items[0].as_ref().unwrap().bytes),
        TEXT
    );
    // Named like a crawl, holding text: still text.
    let p = d.path().join("crawl.warc.gz");
    std::fs::write(&p, gz(TEXT.as_bytes())).unwrap();
    assert!(collect(&p)[0].is_ok());
}

#[test]
fn gzip_of_jsonl_streams_lines() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("c.jsonl.gz");
    let lines = format!("{{\"text\":\"{TEXT}\"}}\n{{\"text\":\"A convoy left.\"}}\n");
    std::fs::write(&p, gz(lines.as_bytes())).unwrap();
    let items = collect(&p);
    assert_eq!(items.len(), 2, "{items:?}");
    assert!(items.iter().all(Result::is_ok));
}

#[test]
fn truncated_gzip_and_gzip_bombs_are_errors() {
    let d = tempfile::tempdir().unwrap();
    let full = gz(TEXT.repeat(50).as_bytes());
    let p = d.path().join("cut.gz");
    std::fs::write(&p, &full[..full.len() / 2]).unwrap();
    let items = collect(&p);
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].as_ref().unwrap_err().code, "gzip_malformed");
    // 40 MB of zeros in a few KB: stopped at the cap.
    let p = d.path().join("bomb.gz");
    std::fs::write(&p, gz(&vec![b' '; 40 << 20])).unwrap();
    let items = collect(&p);
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].as_ref().unwrap_err().code, "doc_too_large");
}

#[test]
fn errors_per_input_are_capped_with_one_summary() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("bad.jsonl.gz");
    let mut lines = String::new();
    for _ in 0..5000 {
        lines.push_str("{\"nope\":1}\n");
    }
    lines.push_str(&format!("{{\"text\":\"{TEXT}\"}}\n"));
    std::fs::write(&p, gz(lines.as_bytes())).unwrap();
    let items = collect(&p);
    let errs: Vec<&InputError> = items.iter().filter_map(|r| r.as_ref().err()).collect();
    assert_eq!(errs.len(), MAX_ERRORS_PER_INPUT + 1);
    let last = errs[errs.len() - 1];
    assert_eq!(last.code, "too_many_errors");
    assert!(last.message.starts_with("4000 more"), "{}", last.message);
    // The good line after the errors is still read.
    assert_eq!(items.iter().filter(|r| r.is_ok()).count(), 1);
}
