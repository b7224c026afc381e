//! Input formats and the streaming ingest loop. Owns reading text files, directories
//! (recursive), HTML pages, RSS/Atom feeds (file or URL), WARC/WARC.gz archives, JSONL corpora
//! and standard input into [`Item`]s, and the bounded multi-threaded loop ([`run`]) that codes
//! items and writes them to a [`Store`] in transactions. Bad input becomes a per-input
//! [`InputError`] (stored in the `errors` table); the batch always goes on. Libraries never
//! print: progress is reported through a callback.

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use sitrep_record::Record;
use sitrep_store::{ErrorEntry, NewDocument, Store, StoreError, WriteOp, WriteOutcome};

pub mod content;
pub mod feed;
pub mod html;
pub mod net;
mod walk;
pub mod warc;

/// Caller-known facts about an item; empty fields are found in the content if possible.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Meta {
    /// Headline.
    pub title: Option<String>,
    /// Publication date `YYYY-MM-DD`.
    pub published: Option<String>,
    /// Where it came from.
    pub url: Option<String>,
    /// Outlet or feed name.
    pub source: Option<String>,
}

impl Meta {
    /// The pipeline's load options for a document with this metadata: what the caller knows
    /// overrides what the text says; a date that is not `YYYY-MM-DD` is left to the text.
    pub fn load_options(&self, max_bytes: usize) -> sitrep_doc::LoadOptions {
        sitrep_doc::LoadOptions {
            published: self
                .published
                .as_deref()
                .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
            title: self.title.clone(),
            url: self.url.clone(),
            source: self.source.clone(),
            max_bytes: Some(max_bytes),
        }
    }
}

/// What an item's bytes are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Plain text.
    Text,
    /// An HTML page: main content is extracted first.
    Html,
}

/// One document to code.
#[derive(Debug, Clone)]
pub struct Item {
    /// Where it was read from (path, `path#n`, `path:line`, URL); the key of its error row.
    pub key: String,
    /// Raw content.
    pub bytes: Vec<u8>,
    /// Content kind.
    pub kind: Kind,
    /// Known metadata.
    pub meta: Meta,
}

/// A per-input failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// Where (same form as [`Item::key`]).
    pub key: String,
    /// Stable machine code.
    pub code: String,
    /// Human-readable reason.
    pub message: String,
}

impl InputError {
    /// A new error.
    pub fn new(key: impl Into<String>, code: &str, message: impl Into<String>) -> Self {
        Self {
            key: key.into(),
            code: code.to_owned(),
            message: message.into(),
        }
    }
}

/// Fatal errors of the ingest loop itself (not of one input).
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The store failed; the current batch was rolled back.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The reader or a worker thread panicked outside the coding of one document (a panic while
    /// coding a document is that document's `doc_panicked` error instead).
    #[error("a worker thread panicked")]
    Panic,
    /// The system refused a thread.
    #[error("starting a thread: {0}")]
    Spawn(#[from] std::io::Error),
}

impl IngestError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Store(e) => e.code(),
            Self::Panic => "ingest_panic",
            Self::Spawn(_) => "ingest_spawn",
        }
    }
}

/// Turns a document's text into its record. Implemented by the binary over the pipeline.
pub trait Coder: Sync {
    /// The document id the text would get (hash of its normalised text), cheaply, without
    /// coding; `None` if it cannot be loaded (coding will then report why).
    fn doc_id(&self, text: &[u8], meta: &Meta) -> Option<String>;
    /// Codes the text; errors carry a stable code.
    fn code(&self, text: &[u8], meta: &Meta) -> Result<Record, (String, String)>;
}

/// Reading options.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Documents (files, records, lines) over this many bytes are rejected.
    pub max_bytes: usize,
    /// For feeds: fetch each item's link instead of using the feed's own text.
    pub fetch_articles: bool,
    /// HTTP timeout.
    pub timeout: Duration,
    /// Outlet name applied to items without one.
    pub source: Option<String>,
    /// Let fetches reach loopback, private and link-local addresses (off: such a feed link or
    /// redirect is refused with `fetch_blocked`).
    pub allow_private: bool,
}

impl Default for ReadOptions {
    fn default() -> Self {
        Self {
            max_bytes: 10 * 1024 * 1024,
            fetch_articles: false,
            timeout: Duration::from_secs(30),
            source: None,
            allow_private: false,
        }
    }
}

/// Looks like a binary file rather than text: NUL bytes or many control characters.
pub fn is_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return true;
    }
    let ctrl = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c))
        .count();
    ctrl * 10 > head.len()
}

/// Input formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text.
    Text,
    /// HTML page.
    Html,
    /// RSS or Atom feed.
    Feed,
    /// WARC archive (plain).
    Warc,
    /// gzip-compressed: WARC or, by what is inside, any other format.
    WarcGz,
    /// One JSON document per line.
    Jsonl,
}

/// Guesses the format from the file name, then from the first bytes. Compression is told by
/// content alone: gzip bytes are [`Format::WarcGz`] whatever the name (the readers look inside
/// before treating them as WARC), and a `.gz` name on other bytes means nothing.
pub fn detect(name: &str, head: &[u8]) -> Format {
    if content::is_gzip(head) {
        return Format::WarcGz;
    }
    let n = name.to_ascii_lowercase();
    let n = n.strip_suffix(".gz").unwrap_or(&n);
    if n.ends_with(".warc") {
        return Format::Warc;
    }
    if n.ends_with(".jsonl") || n.ends_with(".ndjson") {
        return Format::Jsonl;
    }
    if n.ends_with(".rss") || n.ends_with(".atom") {
        return Format::Feed;
    }
    if n.ends_with(".html") || n.ends_with(".htm") || n.ends_with(".xhtml") {
        return Format::Html;
    }
    sniff(head)
}

/// Format from content alone.
pub fn sniff(head: &[u8]) -> Format {
    let h = String::from_utf8_lossy(&head[..head.len().min(2048)]).to_ascii_lowercase();
    let t = h.trim_start_matches('\u{feff}').trim_start();
    if t.starts_with("warc/") {
        return Format::Warc;
    }
    if content::is_gzip(head) {
        return Format::WarcGz;
    }
    if (t.starts_with("<?xml") || t.starts_with("<rss") || t.starts_with("<feed"))
        && (t.contains("<rss") || t.contains("<feed") || t.contains("<rdf"))
    {
        return Format::Feed;
    }
    if t.starts_with("<!doctype html") || t.starts_with("<html") || t.starts_with("<?xml") {
        return Format::Html;
    }
    if t.starts_with('{') {
        return Format::Jsonl;
    }
    Format::Text
}

/// Receives read items; returns `false` to stop reading.
pub type Emit<'a> = dyn FnMut(Result<Item, InputError>) -> bool + 'a;

fn item(key: String, bytes: Vec<u8>, kind: Kind, meta: Meta) -> Result<Item, InputError> {
    Ok(Item {
        key,
        bytes,
        kind,
        meta,
    })
}

/// Errors reported for one input (a file, stdin, a URL) at most; the rest are counted in one
/// summary error (`too_many_errors`), so a small hostile archive cannot write a million rows.
pub const MAX_ERRORS_PER_INPUT: usize = 1000;

/// Runs `read` with an `emit` that lets through at most [`MAX_ERRORS_PER_INPUT`] errors and
/// then reports how many more there were. Items always pass: good records after the errors
/// are still read.
pub(crate) fn capped(
    key: &str,
    emit: &mut Emit<'_>,
    read: impl FnOnce(&mut Emit<'_>) -> bool,
) -> bool {
    let mut errors = 0usize;
    let go = {
        let mut inner = |r: Result<Item, InputError>| {
            if r.is_err() {
                errors += 1;
                if errors > MAX_ERRORS_PER_INPUT {
                    return true;
                }
            }
            emit(r)
        };
        read(&mut inner)
    };
    if go && errors > MAX_ERRORS_PER_INPUT {
        return emit(Err(InputError::new(
            key,
            "too_many_errors",
            format!(
                "{} more errors in this input were not reported (the first {MAX_ERRORS_PER_INPUT} were)",
                errors - MAX_ERRORS_PER_INPUT
            ),
        )));
    }
    go
}

/// Reads every input (paths, directories, `-` for stdin, http(s) URLs) in order.
pub fn read_inputs(inputs: &[String], opts: &ReadOptions, emit: &mut Emit<'_>) {
    let mut walk = walk::Walk::default();
    for input in inputs {
        let go = if input == "-" {
            capped(input, emit, |e| read_stdin(opts, e))
        } else if input.starts_with("http://") || input.starts_with("https://") {
            capped(input, emit, |e| read_url(input, opts, e))
        } else {
            walk.path(Path::new(input), opts, emit, 0)
        };
        if !go {
            return;
        }
    }
}

fn read_stdin(opts: &ReadOptions, emit: &mut Emit<'_>) -> bool {
    let mut buf = Vec::new();
    let cap = opts.max_bytes as u64 + 1;
    if let Err(e) = std::io::stdin().take(cap).read_to_end(&mut buf) {
        return emit(Err(InputError::new("-", "io_error", e.to_string())));
    }
    if buf.len() > opts.max_bytes {
        return emit(Err(too_large("-", buf.len() as u64, opts.max_bytes)));
    }
    read_whole("-", buf, opts, emit)
}

fn too_large(key: &str, size: u64, max: usize) -> InputError {
    InputError::new(
        key,
        "doc_too_large",
        format!("document is {size} bytes, over the {max}-byte cap"),
    )
}

/// Dispatches in-memory content of a known format.
fn read_bytes(
    key: &str,
    f: Format,
    bytes: Vec<u8>,
    opts: &ReadOptions,
    emit: &mut Emit<'_>,
) -> bool {
    let meta = Meta {
        source: opts.source.clone(),
        ..Meta::default()
    };
    match f {
        Format::Text => emit(item(key.to_owned(), bytes, Kind::Text, meta)),
        Format::Html => emit(item(key.to_owned(), bytes, Kind::Html, meta)),
        Format::Feed => feed::read_feed(key, &bytes, opts, emit),
        Format::Jsonl => read_jsonl(key, BufReader::new(&bytes[..]), opts, emit),
        Format::Warc => read_warc(key, BufReader::new(&bytes[..]), opts, emit),
        Format::WarcGz => read_gzip(key, &bytes[..], opts, emit),
    }
}

/// Reads one file's content as [`read_inputs`] reads a file of that name: the format from the
/// name and first bytes, then one item per document (a WARC or JSONL file gives many). For
/// drivers that get files as bytes (the Spark job).
pub fn read_file_bytes(key: &str, bytes: Vec<u8>, opts: &ReadOptions, emit: &mut Emit<'_>) -> bool {
    let f = detect(key, &bytes[..bytes.len().min(64 * 1024)]);
    // Archives and corpora are not capped as a whole, as when read from a path.
    let whole = !matches!(f, Format::Warc | Format::WarcGz | Format::Jsonl);
    if whole && bytes.len() > opts.max_bytes {
        return emit(Err(too_large(key, bytes.len() as u64, opts.max_bytes)));
    }
    read_bytes(key, f, bytes, opts, emit)
}

/// Reads one opened regular file of `len` bytes: archives and corpora stream record by
/// record, anything else is read whole after the size check.
pub(crate) fn read_file(
    key: &str,
    file: std::fs::File,
    len: u64,
    opts: &ReadOptions,
    emit: &mut Emit<'_>,
) -> bool {
    let mut r = BufReader::with_capacity(64 * 1024, file);
    let head = match r.fill_buf() {
        Ok(h) => h.to_vec(),
        Err(e) => return emit(Err(InputError::new(key, "io_error", e.to_string()))),
    };
    match detect(key, &head) {
        // Archives and corpora stream record by record; their size is not capped.
        Format::Warc if content::utf16_bom(&head).is_none() => read_warc(key, r, opts, emit),
        Format::Jsonl if content::utf16_bom(&head).is_none() => read_jsonl(key, r, opts, emit),
        Format::WarcGz => read_gzip(key, r, opts, emit),
        _ => {
            // Checked before reading so a huge file never enters memory.
            if len > opts.max_bytes as u64 {
                return emit(Err(too_large(key, len, opts.max_bytes)));
            }
            match read_capped(key, r, opts.max_bytes, "io_error") {
                Ok(buf) => read_whole(key, buf, opts, emit),
                Err(e) => emit(Err(e)),
            }
        }
    }
}

/// At most `max` bytes of `r`; more is `doc_too_large`, a read error is `code`. The cap
/// holds whatever the source claims: a file may grow while it is read, a stream has no size.
fn read_capped(key: &str, r: impl Read, max: usize, code: &str) -> Result<Vec<u8>, InputError> {
    let mut buf = Vec::new();
    r.take(max as u64 + 1)
        .read_to_end(&mut buf)
        .map_err(|e| InputError::new(key, code, e.to_string()))?;
    if buf.len() > max {
        return Err(too_large(key, buf.len() as u64, max));
    }
    Ok(buf)
}

/// A whole input in memory: UTF-16 transcoded, then read by the format of its content.
fn read_whole(key: &str, buf: Vec<u8>, opts: &ReadOptions, emit: &mut Emit<'_>) -> bool {
    let buf = content::utf16_to_utf8(&buf).unwrap_or(buf);
    let f = detect(key, &buf);
    read_bytes(key, f, buf, opts, emit)
}

/// Reads gzip-compressed input by what it holds: WARC and JSONL stream record by record,
/// anything else is decompressed whole up to the size cap (so a gzip bomb stops there).
fn read_gzip(key: &str, r: impl BufRead, opts: &ReadOptions, emit: &mut Emit<'_>) -> bool {
    let broken = |e: std::io::Error| InputError::new(key, "gzip_malformed", e.to_string());
    let mut z = BufReader::with_capacity(64 * 1024, flate2::bufread::MultiGzDecoder::new(r));
    let head = match z.fill_buf() {
        Ok(h) => h.to_vec(),
        Err(e) => return emit(Err(broken(e))),
    };
    let lower = key.to_ascii_lowercase();
    let inner = lower.strip_suffix(".gz").unwrap_or(&lower);
    // WARC only if it holds WARC: a name promises nothing.
    let f = match detect(inner, &head) {
        Format::Warc => sniff(&head),
        f => f,
    };
    match f {
        Format::Warc => read_warc(key, z, opts, emit),
        Format::Jsonl if content::utf16_bom(&head).is_none() => read_jsonl(key, z, opts, emit),
        // gzip inside gzip: nothing a news source sends, everything a decompression bomb is.
        Format::WarcGz => emit(Err(InputError::new(
            key,
            "gzip_nested",
            "gzip inside gzip is not read",
        ))),
        _ => match read_capped(key, z, opts.max_bytes, "gzip_malformed") {
            Ok(buf) => {
                let buf = content::utf16_to_utf8(&buf).unwrap_or(buf);
                let f = match detect(inner, &buf) {
                    Format::Warc => sniff(&buf),
                    f => f,
                };
                read_bytes(key, f, buf, opts, emit)
            }
            Err(e) => emit(Err(e)),
        },
    }
}

/// A JSONL corpus line.
#[derive(serde::Deserialize)]
struct JsonDoc {
    text: Option<String>,
    html: Option<String>,
    title: Option<String>,
    published: Option<String>,
    url: Option<String>,
    source: Option<String>,
}

/// Reads one line of at most `max` bytes; longer lines are consumed and reported as `Err(len)`.
fn bounded_line(r: &mut impl BufRead, max: usize) -> std::io::Result<Option<Result<Vec<u8>, u64>>> {
    let mut buf = Vec::new();
    let mut total = 0u64;
    let mut over = false;
    loop {
        let avail = r.fill_buf()?;
        if avail.is_empty() {
            if total == 0 {
                return Ok(None);
            }
            break;
        }
        let (chunk, done) = match memchr_nl(avail) {
            Some(i) => (&avail[..=i], true),
            None => (avail, false),
        };
        let n = chunk.len();
        total += n as u64;
        if !over {
            if buf.len() + n > max + 1 {
                over = true;
                buf = Vec::new();
            } else {
                buf.extend_from_slice(chunk);
            }
        }
        r.consume(n);
        if done {
            break;
        }
    }
    if over {
        return Ok(Some(Err(total)));
    }
    while buf.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
        buf.pop();
    }
    Ok(Some(Ok(buf)))
}

fn memchr_nl(b: &[u8]) -> Option<usize> {
    b.iter().position(|&c| c == b'\n')
}

/// Reads a JSONL corpus: `{"text", "title", "published", "url", "source"}` per line (`html`
/// instead of `text` for pages).
pub fn read_jsonl(key: &str, mut r: impl BufRead, opts: &ReadOptions, emit: &mut Emit<'_>) -> bool {
    let mut lineno = 0usize;
    loop {
        lineno += 1;
        let k = format!("{key}:{lineno}");
        let line = match bounded_line(&mut r, opts.max_bytes) {
            Ok(None) => return true,
            Ok(Some(Ok(l))) => l,
            Ok(Some(Err(len))) => {
                if !emit(Err(too_large(&k, len, opts.max_bytes))) {
                    return false;
                }
                continue;
            }
            Err(e) => return emit(Err(InputError::new(k, "io_error", e.to_string()))),
        };
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let res = match serde_json::from_slice::<JsonDoc>(&line) {
            Err(e) => Err(InputError::new(k, "jsonl_malformed", e.to_string())),
            Ok(d) => {
                let meta = Meta {
                    title: d.title,
                    published: d.published.as_deref().and_then(html::normalise_date),
                    url: d.url,
                    source: d.source.or_else(|| opts.source.clone()),
                };
                match (d.text, d.html) {
                    (Some(t), _) => item(k, t.into_bytes(), Kind::Text, meta),
                    (None, Some(h)) => item(k, h.into_bytes(), Kind::Html, meta),
                    (None, None) => Err(InputError::new(
                        k,
                        "jsonl_malformed",
                        "line has neither \"text\" nor \"html\"",
                    )),
                }
            }
        };
        if !emit(res) {
            return false;
        }
    }
}

/// Reads a WARC stream: `response` (and `resource`) records holding HTML become items.
pub fn read_warc(key: &str, r: impl BufRead, opts: &ReadOptions, emit: &mut Emit<'_>) -> bool {
    let reader = warc::WarcReader::new(r, opts.max_bytes as u64 + 16 * 1024);
    for (i, rec) in reader.enumerate() {
        let res = match rec {
            Err(e) => Some(Err(InputError::new(
                format!("{key}#{}", i + 1),
                e.code(),
                e.to_string(),
            ))),
            Ok(rec) => warc_item(key, i, &rec, opts),
        };
        if let Some(res) = res
            && !emit(res)
        {
            return false;
        }
    }
    true
}

fn warc_item(
    key: &str,
    i: usize,
    rec: &warc::WarcRecord,
    opts: &ReadOptions,
) -> Option<Result<Item, InputError>> {
    let kind = rec.header("WARC-Type").unwrap_or("").to_ascii_lowercase();
    let id = rec
        .header("WARC-Record-ID")
        .map(|s| s.trim_matches(|c| c == '<' || c == '>').to_owned())
        .unwrap_or_else(|| (i + 1).to_string());
    let k = format!("{key}#{id}");
    let url = rec.header("WARC-Target-URI").map(str::to_owned);
    let (ctype, payload) = match kind.as_str() {
        "response" => {
            let Some(resp) = warc::parse_http_response(&rec.body) else {
                return Some(Err(InputError::new(
                    k,
                    "warc_malformed",
                    "response record without a valid HTTP response",
                )));
            };
            // Redirects, errors: not articles, not failures.
            if resp.status != 200 {
                return None;
            }
            match resp.decoded(opts.max_bytes) {
                Ok(body) => (resp.content_type, body),
                Err(e) => return Some(Err(InputError::new(k, e.code, e.message))),
            }
        }
        "resource" => (
            rec.header("Content-Type").map(str::to_owned),
            rec.body.clone(),
        ),
        _ => return None,
    };
    let html = ctype
        .as_deref()
        .is_none_or(|c| c.to_ascii_lowercase().contains("html"));
    if !html {
        return None;
    }
    if payload.len() > opts.max_bytes {
        return Some(Err(too_large(&k, payload.len() as u64, opts.max_bytes)));
    }
    Some(item(
        k,
        payload,
        Kind::Html,
        Meta {
            url,
            source: opts.source.clone(),
            ..Meta::default()
        },
    ))
}

/// Fetches a URL's body (at most `opts.max_bytes`), refusing non-public addresses unless
/// `opts.allow_private` (code `fetch_blocked`; see [`net`]).
pub fn fetch(url: &str, opts: &ReadOptions) -> Result<(Vec<u8>, Option<String>), InputError> {
    let agent = net::agent(opts.timeout, opts.allow_private);
    fetch_with(&agent, url, opts.max_bytes)
}

fn fetch_with(
    agent: &ureq::Agent,
    url: &str,
    max: usize,
) -> Result<(Vec<u8>, Option<String>), InputError> {
    let mut resp = agent.get(url).call().map_err(|e| {
        let code = if net::is_blocked(&e) {
            "fetch_blocked"
        } else {
            "fetch_failed"
        };
        InputError::new(url, code, e.to_string())
    })?;
    let ctype = resp
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let body = resp
        .body_mut()
        .with_config()
        .limit(max as u64)
        .read_to_vec()
        .map_err(|e| {
            let code = if matches!(e, ureq::Error::BodyExceedsLimit(_)) {
                "doc_too_large"
            } else {
                "fetch_failed"
            };
            InputError::new(url, code, e.to_string())
        })?;
    Ok((body, ctype))
}

fn read_url(url: &str, opts: &ReadOptions, emit: &mut Emit<'_>) -> bool {
    let (body, ctype) = match fetch(url, opts) {
        Ok(x) => x,
        Err(e) => return emit(Err(e)),
    };
    let c = ctype.unwrap_or_default().to_ascii_lowercase();
    let f = if c.contains("rss") || c.contains("atom") || c.contains("xml") && !c.contains("html") {
        Format::Feed
    } else if c.contains("html") {
        Format::Html
    } else {
        detect(url, &body)
    };
    if f == Format::Feed {
        // A feed named on the command line: fetch its articles.
        let o = ReadOptions {
            fetch_articles: true,
            ..opts.clone()
        };
        return feed::read_feed(url, &body, &o, emit);
    }
    let mut go = true;
    let mut inner = |r: Result<Item, InputError>| {
        let r = r.map(|mut it| {
            it.meta.url.get_or_insert_with(|| url.to_owned());
            it
        });
        go = emit(r);
        go
    };
    read_bytes(url, f, body, opts, &mut inner);
    go
}

/// What happened to one input, for progress reporting.
#[derive(Debug, Clone)]
pub enum Progress {
    /// Stored as a new document.
    Stored {
        /// Input key.
        key: String,
        /// Document id.
        id: String,
        /// Events coded.
        events: usize,
        /// Non-fatal problems.
        warnings: Vec<String>,
    },
    /// Same text as a stored document; nothing written.
    Duplicate {
        /// Input key.
        key: String,
        /// Document id.
        id: String,
    },
    /// Failed; recorded in the errors table.
    Failed(InputError),
}

/// Counts of one run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Inputs read (documents and failures).
    pub read: usize,
    /// New documents stored.
    pub stored: usize,
    /// Already stored (same normalised text).
    pub duplicates: usize,
    /// Failed inputs.
    pub failed: usize,
    /// Events stored.
    pub events: usize,
}

/// Documents per transaction. Each commit flushes a full-text segment and later merges it, so
/// larger batches cost the writer less (a quarter less CPU at 512 than at 128 on 8,000 news
/// documents); a commit still comes at least every [`RunOptions::max_latency`].
pub const DEFAULT_BATCH: usize = 512;

/// Loop settings.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Worker threads (coding); default: all cores.
    pub threads: usize,
    /// Documents per transaction, at most ([`DEFAULT_BATCH`] by default).
    pub batch: usize,
    /// Commit at least this often.
    pub max_latency: Duration,
    /// Reading options.
    pub read: ReadOptions,
}

impl Default for RunOptions {
    fn default() -> Self {
        Self {
            threads: std::thread::available_parallelism().map_or(2, |n| n.get()),
            batch: DEFAULT_BATCH,
            max_latency: Duration::from_millis(500),
            read: ReadOptions::default(),
        }
    }
}

// Documents dominate the traffic; boxing them would only add an allocation each.
#[allow(clippy::large_enum_variant)]
enum Done {
    Doc(NewDocument),
    Dup(String, String),
    Fail(InputError),
}

/// An item ready to code: its text (HTML reduced to the article) and what is known about it.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The item's key.
    pub key: String,
    /// Text to code.
    pub text: Vec<u8>,
    /// Metadata from the caller and the page.
    pub meta: Meta,
    /// Non-fatal problems met on the way.
    pub warnings: Vec<String>,
}

/// Checks an item (size, binary content) and extracts an HTML page's article: the step
/// before coding shared by `ingest` and `extract`.
pub fn prepare(it: Item, max: usize) -> Result<Prepared, InputError> {
    let Item {
        key,
        bytes,
        kind,
        mut meta,
    } = it;
    let fail = |code: &str, msg: String| Err(InputError::new(key.clone(), code, msg));
    if bytes.len() > max {
        return fail(
            "doc_too_large",
            format!("document is {} bytes, over the {max}-byte cap", bytes.len()),
        );
    }
    // A fetched page or an archived payload may be UTF-16 too; files were transcoded on reading.
    let bytes = match content::utf16_to_utf8(&bytes) {
        Some(b) => b,
        None => bytes,
    };
    if is_binary(&bytes) {
        return fail("doc_binary", "binary content, not text".into());
    }
    let mut warnings = Vec::new();
    if std::str::from_utf8(&bytes).is_err() {
        warnings.push("invalid UTF-8 replaced with U+FFFD".to_owned());
    }
    let text: Vec<u8> = match kind {
        Kind::Text => bytes,
        Kind::Html => match html::extract(&bytes) {
            Ok(x) => {
                meta.title = meta.title.or(x.title);
                meta.published = meta.published.or(x.published);
                meta.url = x.url.or(meta.url);
                meta.source = meta.source.or(x.site);
                x.text.into_bytes()
            }
            Err(e) => return fail(e.code(), e.to_string()),
        },
    };
    Ok(Prepared {
        key,
        text,
        meta,
        warnings,
    })
}

/// Codes a prepared item: the second half of what the ingest loop does to every item.
pub fn code_prepared(p: Prepared, coder: &dyn Coder) -> Result<NewDocument, InputError> {
    match coder.code(&p.text, &p.meta) {
        Ok(mut record) => {
            for w in p.warnings {
                if !record.warnings.iter().any(|x| x.contains("UTF-8")) {
                    record.warnings.push(w);
                }
            }
            Ok(NewDocument {
                record,
                body: p.text,
                input: p.key,
            })
        }
        Err((code, msg)) => Err(InputError::new(p.key, &code, msg)),
    }
}

/// [`process`], with a panic while preparing or coding the item caught and turned into that
/// item's `doc_panicked` error, so that one document that trips a bug costs only itself: the
/// worker goes on with the next item and the batch is still committed.
fn process_guarded(it: Item, coder: &dyn Coder, known: &HashSet<String>, max: usize) -> Done {
    let key = it.key.clone();
    // Unwind safety: the item is consumed by the closure, and the coder and the id set are only
    // read; a coder with interior state it leaves inconsistent on a panic would report that on
    // later documents as their own errors, not corrupt what is written.
    let run = std::panic::AssertUnwindSafe(|| process(it, coder, known, max));
    match std::panic::catch_unwind(run) {
        Ok(d) => d,
        Err(payload) => Done::Fail(InputError::new(
            key,
            "doc_panicked",
            format!("coding this document panicked: {}", panic_text(&*payload)),
        )),
    }
}

/// The message of a panic payload (`panic!` with a literal or a formatted message).
fn panic_text(payload: &(dyn std::any::Any + Send)) -> &str {
    if let Some(s) = payload.downcast_ref::<&str>() {
        s
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s
    } else {
        "unknown cause"
    }
}

/// Turns one item into a document or an error (runs on a worker thread).
fn process(it: Item, coder: &dyn Coder, known: &HashSet<String>, max: usize) -> Done {
    let p = match prepare(it, max) {
        Ok(p) => p,
        Err(e) => return Done::Fail(e),
    };
    // The pre-check costs a document load; a fresh database has nothing to skip.
    if !known.is_empty()
        && let Some(id) = coder.doc_id(&p.text, &p.meta)
        && known.contains(&id)
    {
        return Done::Dup(p.key, id);
    }
    match code_prepared(p, coder) {
        Ok(doc) => Done::Doc(doc),
        Err(e) => Done::Fail(e),
    }
}

/// Reads with `produce`, codes on `opts.threads` workers and writes to `store` in
/// transactions of up to `opts.batch` documents. Channels are bounded, so memory stays bounded
/// whatever the input size. `progress` is called once per input after its transaction commits.
pub fn run(
    produce: impl FnOnce(&mut Emit<'_>) + Send,
    coder: &dyn Coder,
    store: &mut dyn Store,
    opts: &RunOptions,
    progress: &mut dyn FnMut(&Progress),
) -> Result<Stats, IngestError> {
    let known: Arc<HashSet<String>> = Arc::new(store.document_ids()?.into_iter().collect());
    let threads = opts.threads.max(1);
    let (item_tx, item_rx) = crossbeam_channel::bounded::<Result<Item, InputError>>(threads * 4);
    // Room for a whole batch, so workers keep coding while the writer commits the last one
    // (with room for only a few, they stalled through every commit: ~8% of the CPU idle).
    let (done_tx, done_rx) = crossbeam_channel::bounded::<Done>(threads * 4 + opts.batch);
    let max = opts.read.max_bytes;
    let mut stats = Stats::default();
    let result = std::thread::scope(|s| -> Result<(), IngestError> {
        // Named threads, so that profiles and `top -H` tell the stages apart.
        let named = |name: &str| std::thread::Builder::new().name(name.to_owned());
        let reader = named("sitrep-read").spawn_scoped(s, move || {
            let mut emit = |r: Result<Item, InputError>| item_tx.send(r).is_ok();
            produce(&mut emit);
        })?;
        let mut workers = Vec::new();
        for _ in 0..threads {
            let rx = item_rx.clone();
            let tx = done_tx.clone();
            let known = known.clone();
            workers.push(named("sitrep-code").spawn_scoped(s, move || {
                for r in rx {
                    let d = match r {
                        Ok(it) => process_guarded(it, coder, &known, max),
                        Err(e) => Done::Fail(e),
                    };
                    if tx.send(d).is_err() {
                        return;
                    }
                }
            })?);
        }
        drop(done_tx);
        drop(item_rx);
        let mut pending: Vec<Done> = Vec::new();
        let mut last = Instant::now();
        let mut flush = |pending: &mut Vec<Done>, stats: &mut Stats| -> Result<(), IngestError> {
            if pending.is_empty() {
                return Ok(());
            }
            // Documents move into the write (no copy); what progress needs is kept aside.
            let mut ops = Vec::with_capacity(pending.len());
            let mut seen = Vec::with_capacity(pending.len());
            for d in pending.drain(..) {
                match d {
                    Done::Doc(doc) => {
                        let r = &doc.record;
                        seen.push(Progress::Stored {
                            key: doc.input.clone(),
                            id: r.document.id.clone(),
                            events: r.events.len(),
                            warnings: r.warnings.clone(),
                        });
                        ops.push(WriteOp::Document(doc));
                    }
                    Done::Fail(e) => {
                        ops.push(WriteOp::Error(ErrorEntry {
                            input: e.key.clone(),
                            code: e.code.clone(),
                            message: e.message.clone(),
                            at: sitrep_store::now(),
                        }));
                        seen.push(Progress::Failed(e));
                    }
                    Done::Dup(key, id) => seen.push(Progress::Duplicate { key, id }),
                }
            }
            let outcomes = store.write(&ops)?;
            let mut oi = outcomes.into_iter();
            for p in seen {
                stats.read += 1;
                let p = match p {
                    // Another worker's copy of the same text won the insert.
                    Progress::Stored { key, id, .. }
                        if oi.next() != Some(WriteOutcome::Inserted) =>
                    {
                        Progress::Duplicate { key, id }
                    }
                    Progress::Failed(e) => {
                        oi.next();
                        Progress::Failed(e)
                    }
                    p => p,
                };
                match &p {
                    Progress::Stored { events, .. } => {
                        stats.stored += 1;
                        stats.events += events;
                    }
                    Progress::Duplicate { .. } => stats.duplicates += 1,
                    Progress::Failed(_) => stats.failed += 1,
                }
                progress(&p);
            }
            Ok(())
        };
        let mut res = Ok(());
        loop {
            let wait = opts.max_latency.saturating_sub(last.elapsed());
            match done_rx.recv_timeout(wait) {
                Ok(d) => {
                    pending.push(d);
                    if pending.len() >= opts.batch {
                        res = flush(&mut pending, &mut stats);
                        last = Instant::now();
                    }
                }
                Err(crossbeam_channel::RecvTimeoutError::Timeout) => {
                    res = flush(&mut pending, &mut stats);
                    last = Instant::now();
                }
                Err(crossbeam_channel::RecvTimeoutError::Disconnected) => {
                    res = flush(&mut pending, &mut stats);
                    break;
                }
            }
            if res.is_err() {
                break;
            }
        }
        // On a store error, dropping the receiver stops the workers and then the reader.
        drop(done_rx);
        let mut panicked = reader.join().is_err();
        for w in workers {
            panicked |= w.join().is_err();
        }
        res?;
        if panicked {
            return Err(IngestError::Panic);
        }
        Ok(())
    });
    result?;
    Ok(stats)
}
