//! Shared by the `sitrep serve` tests: a store filled by the real `sitrep ingest` from the
//! example articles plus one hostile article, and a real `sitrep serve` process on a free
//! loopback port.
#![allow(dead_code, clippy::unwrap_used, clippy::print_stderr)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

/// The write token the tests configure.
pub const TOKEN: &str = "test-token-0123456789abcdef";

/// An article whose text carries markup that must show as text, never run.
pub const HOSTILE: &str = "Arms shipment report\n\nGermany delivered Leopard tanks to Poland on Monday, \
the defence ministry said. <script>window.__xss = 1;</script> The ministry added that \
<img src=x onerror=\"window.__xss = 2\"> more tanks would follow.\n";

pub fn models() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models")
}

/// Runs the `sitrep` binary.
pub fn sitrep(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(args)
        .env("SITREP_MODELS", models())
        .output()
        .unwrap()
}

/// Runs the `sitrep` binary on the database file `db` (`--db` after the arguments).
pub fn sitrep_db(args: &[&str], db: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(args)
        .arg("--db")
        .arg(db)
        .env("SITREP_MODELS", models())
        .output()
        .unwrap()
}

/// A process's output as text.
pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Ingests the example articles and the hostile one into `db`.
pub fn fill(dir: &Path, db: &str) {
    let input = dir.join("in");
    std::fs::create_dir_all(&input).unwrap();
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    for e in std::fs::read_dir(examples).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "txt") {
            std::fs::copy(&p, input.join(p.file_name().unwrap())).unwrap();
        }
    }
    std::fs::write(input.join("hostile.txt"), HOSTILE).unwrap();
    let out = sitrep(&["ingest", input.to_str().unwrap(), "--db", db]);
    assert!(
        out.status.success(),
        "ingest failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A running `sitrep serve`, stopped on drop.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`
    pub base: String,
}

impl Server {
    /// Starts `sitrep serve --db db --bind 127.0.0.1:0` (with the test token if `write`) and
    /// waits for the line that gives its address.
    pub fn start(dir: &Path, db: &str, write: bool) -> Self {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_sitrep"));
        cmd.args(["serve", "--db", db, "--bind", "127.0.0.1:0"]);
        if write {
            let tf = dir.join("token");
            std::fs::write(&tf, format!("{TOKEN}\n")).unwrap();
            cmd.arg("--token-file").arg(tf);
        }
        let mut child = cmd
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let base = loop {
            let Some(Ok(line)) = lines.next() else {
                let _ = child.kill();
                panic!("sitrep serve ended before it listened");
            };
            if let Some(rest) = line.split(" on http://").nth(1) {
                break format!("http://{}", rest.split('/').next().unwrap());
            }
        };
        // Keep draining stderr so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Self { child, base }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP client that reports error statuses as answers, not failures.
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into()
}

/// GET → (status, headers' ETag, JSON body or Null).
pub fn get_json(a: &ureq::Agent, url: &str) -> (u16, Option<String>, serde_json::Value) {
    let mut r = a.get(url).call().unwrap();
    let etag = r
        .headers()
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let status = r.status().as_u16();
    let body = r.body_mut().read_to_string().unwrap_or_default();
    (
        status,
        etag,
        serde_json::from_str(&body).unwrap_or(serde_json::Value::Null),
    )
}

/// A fresh PostgreSQL schema named `{prefix}_{pid}` (so parallel runs do not meet), dropped
/// again when this goes out of scope; `url` is the server's URL scoped to it.
#[cfg(feature = "postgres")]
pub struct PgSchema {
    pub url: String,
    schema: String,
    admin: sitrep_store::PgStore,
}

#[cfg(feature = "postgres")]
impl PgSchema {
    pub fn new(url: &str, prefix: &str) -> Self {
        let schema = format!("{prefix}_{}", std::process::id());
        let mut admin = sitrep_store::PgStore::connect(url).unwrap();
        admin
            .client()
            .batch_execute(&format!(
                "DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema};"
            ))
            .unwrap();
        let sep = if url.contains('?') { '&' } else { '?' };
        let url = format!("{url}{sep}options=-csearch_path%3D{schema}");
        Self { url, schema, admin }
    }
}

#[cfg(feature = "postgres")]
impl Drop for PgSchema {
    fn drop(&mut self) {
        let sql = format!("DROP SCHEMA IF EXISTS {} CASCADE", self.schema);
        let _ = self.admin.client().batch_execute(&sql);
    }
}
