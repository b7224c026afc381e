//! `sitrep ingest` on a generated corpus of malformed inputs, each between two good documents:
//! the process exits 1, every good document is stored, every bad input has exactly one error
//! row with its code, within bounded time and memory (the child's own peak RSS, from /proc).
#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used, clippy::print_stderr)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use sitrep_store::{SqliteStore, Store};

/// The documents' size cap given to `ingest`.
const MAX_BYTES: usize = 200_000;

fn gz(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// Whether error row `input` belongs to the file `name` (itself, or a line or record of it).
fn belongs(input: &str, name: &str) -> bool {
    let file = Path::new(input)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    file == name || file.starts_with(&format!("{name}:")) || file.starts_with(&format!("{name}#"))
}

/// A bad input: its file name and the error code `ingest` must give it (`None`: no row, e.g.
/// a symlink loop, which is nothing to read).
struct Bad {
    name: &'static str,
    code: Option<&'static str>,
}

fn utf16le(s: &str) -> Vec<u8> {
    let mut v = vec![0xff, 0xfe];
    v.extend(s.encode_utf16().flat_map(u16::to_le_bytes));
    v
}

/// Writes the bad inputs into `dir` and returns what each must give.
fn write_bad(dir: &Path) -> Vec<Bad> {
    let w = |name: &str, data: &[u8]| std::fs::write(dir.join(name), data).unwrap();
    let mut v = Vec::new();
    let mut add = |name: &'static str, code: Option<&'static str>| v.push(Bad { name, code });

    let full = gz("Ships docked in the harbour. ".repeat(200).as_bytes());
    w("b01_truncated.txt.gz", &full[..full.len() / 2]);
    add("b01_truncated.txt.gz", Some("gzip_malformed"));
    let bin: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 256) as u8).collect();
    w("b02_binary.dat", &bin);
    add("b02_binary.dat", Some("doc_binary"));
    w(
        "b03_huge_line.txt",
        "word ".repeat(MAX_BYTES / 4).as_bytes(),
    );
    add("b03_huge_line.txt", Some("doc_too_large"));
    // Under the size cap, far over the nesting cap (quadratic before: about a minute).
    let n = 15_000;
    let deep = format!(
        "<html><body>{}<p>Deep text.</p>{}</body></html>",
        "<div>".repeat(n),
        "</div>".repeat(n)
    );
    w("b04_nested.html", deep.as_bytes());
    add("b04_nested.html", Some("doc_too_complex"));
    w("b05_empty.txt", b"");
    add("b05_empty.txt", Some("doc_empty"));
    let fifo = dir.join("b06_pipe.txt");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    add("b06_pipe.txt", Some("not_regular_file"));
    w(
        "b07_zero_width.txt",
        "\u{200b}\u{200c}\u{200d}\u{2060} \n\u{feff}\u{200e}".as_bytes(),
    );
    add("b07_zero_width.txt", Some("doc_empty"));
    std::os::unix::fs::symlink("/dev/zero", dir.join("b08_zero.txt")).unwrap();
    add("b08_zero.txt", Some("not_regular_file"));
    std::os::unix::fs::symlink(".", dir.join("b09_loop")).unwrap();
    std::os::unix::fs::symlink(".", dir.join("b09_loop2")).unwrap();
    add("b09_loop", None);
    w(
        "b10_feed.rss",
        b"<?xml version=\"1.0\"?><rss><channel><item><title>x",
    );
    add("b10_feed.rss", Some("feed_malformed"));
    w("b11_nested.gz", &gz(&gz(b"Ships docked.")));
    add("b11_nested.gz", Some("gzip_nested"));
    w("b12_bomb.txt.gz", &gz(&vec![b' '; 8 << 20]));
    add("b12_bomb.txt.gz", Some("doc_too_large"));
    w(
        "b13_no_text.html",
        b"<html><head><title>t</title></head><body> <!-- x --> </body></html>",
    );
    add("b13_no_text.html", Some("html_no_content"));
    w("b14_line.jsonl", b"{\"title\": \"no text\"}\n");
    add("b14_line.jsonl", Some("jsonl_malformed"));
    w("b15_whitespace.txt", b" \n\t\r\n  \x0c ");
    add("b15_whitespace.txt", Some("doc_empty"));
    w("b16_not_warc.warc", b"this is not an archive\r\n\r\n");
    add("b16_not_warc.warc", Some("warc_malformed"));
    v
}

fn good_text(i: usize) -> String {
    format!(
        "Report {i}: two cargo ships docked in harbour number {i} on Monday, port officials said."
    )
}

/// Peak resident memory (KiB) of a running process, from its own counters.
fn peak_kib(pid: u32) -> Option<u64> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let l = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    l.split_whitespace().nth(1)?.parse().ok()
}

#[test]
fn ingest_survives_a_malformed_corpus() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("corpus");
    std::fs::create_dir(&dir).unwrap();
    let bad = write_bad(&dir);
    // A good document before and after each bad one: `aNN` sorts before `bNN_…`, `cNN` after.
    let mut good = Vec::new();
    for (i, b) in bad.iter().enumerate() {
        let num = &b.name[1..3];
        for (k, prefix) in ["a", "c"].iter().enumerate() {
            let name = format!("{prefix}{num}_good.txt");
            std::fs::write(dir.join(&name), good_text(i * 2 + k)).unwrap();
            good.push(name);
        }
    }
    // Stored, not refused: UTF-16 with a BOM and invalid UTF-8 (replaced, with a warning).
    std::fs::write(dir.join("d01_utf16.txt"), utf16le(&good_text(1000))).unwrap();
    let mut latin1 = good_text(1001).into_bytes();
    latin1.extend(b" Caf\xe9 owners agreed.");
    std::fs::write(dir.join("d02_latin1.txt"), latin1).unwrap();
    good.push("d01_utf16.txt".into());
    good.push("d02_latin1.txt".into());

    let db = tmp.path().join("m.db");
    let models = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models");
    let t = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(["ingest", "--max-bytes", &MAX_BYTES.to_string(), "--db"])
        .arg(&db)
        .arg(&dir)
        .env("SITREP_MODELS", models)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let mut peak = 0;
    let status = loop {
        if let Some(p) = peak_kib(pid) {
            peak = peak.max(p);
        }
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(
            t.elapsed() < Duration::from_secs(600),
            "ingest took over 10 minutes"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    let secs = t.elapsed().as_secs_f64();
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    eprintln!(
        "malformed corpus: {} bad + {} good inputs in {secs:.1}s, peak RSS {} MiB",
        bad.len(),
        good.len(),
        peak / 1024
    );
    assert_eq!(status.code(), Some(1), "{stderr}");
    assert!(peak < 2 * 1024 * 1024, "peak RSS {peak} KiB");

    let mut s = SqliteStore::open(&db).unwrap();
    let errors = s.errors().unwrap();
    for b in &bad {
        let rows: Vec<_> = errors
            .iter()
            .filter(|e| belongs(&e.input, b.name))
            .collect();
        match b.code {
            Some(code) => {
                assert_eq!(rows.len(), 1, "{}: {rows:?}\n{stderr}", b.name);
                assert_eq!(rows[0].code, code, "{}: {}", b.name, rows[0].message);
            }
            None => assert!(rows.is_empty(), "{}: {rows:?}", b.name),
        }
    }
    let expected = bad.iter().filter(|b| b.code.is_some()).count();
    assert_eq!(errors.len(), expected, "{errors:?}");
    assert_eq!(s.counts().unwrap().documents, good.len() as u64, "{stderr}");
}
