//! The directory walk against a hostile file system: FIFOs, sockets, links to devices,
//! symlink loops and hard links, each in a temporary directory.
#![cfg(unix)]
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use sitrep_ingest::{InputError, Item, ReadOptions, read_inputs};

/// Walks `dir` on its own thread: a walk that blocks or never ends fails the test instead of
/// hanging it.
fn walk(dir: &Path) -> Vec<Result<Item, InputError>> {
    let (tx, rx) = mpsc::channel();
    let input = vec![dir.display().to_string()];
    std::thread::spawn(move || {
        let mut v = Vec::new();
        let opts = ReadOptions {
            max_bytes: 1 << 20,
            ..ReadOptions::default()
        };
        read_inputs(&input, &opts, &mut |r| {
            v.push(r);
            // A walk gone exponential is stopped here rather than left to fill memory.
            v.len() < 10_000
        });
        let _ = tx.send(v);
    });
    rx.recv_timeout(Duration::from_secs(20))
        .expect("the walk did not finish within 20 s")
}

fn keys(v: &[Result<Item, InputError>]) -> (Vec<String>, Vec<(String, String)>) {
    let mut ok = Vec::new();
    let mut err = Vec::new();
    for r in v {
        match r {
            Ok(it) => ok.push(it.key.clone()),
            Err(e) => err.push((e.key.clone(), e.code.clone())),
        }
    }
    (ok, err)
}

fn mkfifo(p: &Path) {
    let st = std::process::Command::new("mkfifo")
        .arg(p)
        .status()
        .unwrap();
    assert!(st.success(), "mkfifo failed");
}

#[test]
fn special_files_are_skipped_with_a_code() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("a.txt"), "Ships docked in the harbour.").unwrap();
    mkfifo(&d.path().join("b.fifo"));
    let _sock = std::os::unix::net::UnixListener::bind(d.path().join("c.sock")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", d.path().join("d-zero.txt")).unwrap();
    std::fs::write(d.path().join("e.txt"), "A convoy crossed the border.").unwrap();
    let (ok, err) = keys(&walk(d.path()));
    assert_eq!(ok.len(), 2, "{ok:?}");
    assert!(ok[0].ends_with("a.txt") && ok[1].ends_with("e.txt"));
    let codes: Vec<&str> = err.iter().map(|(_, c)| c.as_str()).collect();
    assert_eq!(codes, ["not_regular_file"; 3], "{err:?}");
    for (name, (k, _)) in ["b.fifo", "c.sock", "d-zero.txt"].iter().zip(&err) {
        assert!(k.ends_with(name), "{k}");
    }
}

#[test]
fn symlink_loops_and_hard_links_read_each_file_once() {
    let d = tempfile::tempdir().unwrap();
    let sub = d.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    std::fs::write(sub.join("a.txt"), "Ships docked in the harbour.").unwrap();
    std::fs::hard_link(sub.join("a.txt"), sub.join("b.txt")).unwrap();
    // Two self-links: without a bound the walk doubles at every level.
    std::os::unix::fs::symlink(".", sub.join("loop1")).unwrap();
    std::os::unix::fs::symlink(".", sub.join("loop2")).unwrap();
    std::os::unix::fs::symlink("..", sub.join("up")).unwrap();
    std::os::unix::fs::symlink("sub/a.txt", d.path().join("link.txt")).unwrap();
    let (ok, err) = keys(&walk(d.path()));
    assert_eq!(ok.len(), 1, "{ok:?}");
    assert!(err.is_empty(), "{err:?}");
}

#[test]
fn a_file_named_twice_is_read_once() {
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("a.txt");
    std::fs::write(&f, "Ships docked in the harbour.").unwrap();
    let input = vec![f.display().to_string(), f.display().to_string()];
    let mut n = 0;
    read_inputs(&input, &ReadOptions::default(), &mut |r| {
        n += usize::from(r.is_ok());
        true
    });
    assert_eq!(n, 1);
}
