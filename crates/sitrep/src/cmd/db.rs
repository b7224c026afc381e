//! Database commands: ingest, recode, watch, query, stories, export.
// The front end reports progress, failures and summaries on stderr by design.
#![allow(clippy::print_stderr)]

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context;

use super::{fatal, output_err, store_err, usage};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use sitrep_doc::{Document, LoadOptions};
use sitrep_ingest::{
    Coder, Meta, Progress, ReadOptions, RunOptions, Stats, feed, read_inputs, run,
};
use sitrep_pipeline::{Options, Pipeline};
use sitrep_record::{CertaintyLevel, EventType, Record};
use sitrep_store::{ErrorEntry, FuseOptions, Query, Store, WriteOp, export};

/// The pipeline as the ingest loop's coder.
struct PipeCoder {
    pipeline: Pipeline,
    max_bytes: usize,
}

impl PipeCoder {
    fn load_options(&self, meta: &Meta) -> LoadOptions {
        meta.load_options(self.max_bytes)
    }
}

impl Coder for PipeCoder {
    fn doc_id(&self, text: &[u8], meta: &Meta) -> Option<String> {
        Document::load(text, &self.load_options(meta))
            .ok()
            .map(|d| d.id())
    }

    fn code(&self, text: &[u8], meta: &Meta) -> Result<Record, (String, String)> {
        self.pipeline
            .extract(text, &self.load_options(meta))
            .map_err(|e| (e.code().to_owned(), e.to_string()))
    }
}

fn load_pipeline(kb: &Option<PathBuf>, max_bytes: usize) -> anyhow::Result<PipeCoder> {
    let pipeline = Pipeline::load(&Options {
        kb_overlay: kb.clone(),
        debug_nlp: false,
        full_nlp: false,
    })
    .context("loading models")?;
    Ok(PipeCoder {
        pipeline,
        max_bytes,
    })
}

pub(crate) fn open_db(db: &str) -> anyhow::Result<Box<dyn Store>> {
    sitrep_store::open(db).map_err(|e| db_err(db, &e))
}

/// Opens a database only to read it: a missing file is an error, not a new empty database,
/// and a file the user may not write can still be read.
pub(crate) fn open_db_read(db: &str) -> anyhow::Result<Box<dyn Store>> {
    sitrep_store::open_read_only(db).map_err(|e| db_err(db, &e))
}

/// A store that cannot be opened: always fatal, named with its `--db` value.
fn db_err(db: &str, e: &sitrep_store::StoreError) -> anyhow::Error {
    fatal(e.code(), format!("{db}: {e}"))
}

fn ingest_err(e: sitrep_ingest::IngestError) -> anyhow::Error {
    match e {
        sitrep_ingest::IngestError::Store(e) => store_err(e),
        e => fatal(e.code(), e.to_string()),
    }
}

fn bar() -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let b = ProgressBar::new_spinner();
    if let Ok(style) =
        ProgressStyle::with_template("{spinner} {elapsed_precise} {pos} docs ({per_sec}) {msg}")
    {
        b.set_style(style);
    }
    b.enable_steady_tick(Duration::from_millis(200));
    b
}

/// Reports one input's outcome: failures and warnings on stderr, the bar advanced.
fn report(b: &ProgressBar, p: &Progress) {
    b.inc(1);
    match p {
        Progress::Failed(e) => {
            b.suspend(|| eprintln!("sitrep: {}: {}: {}", e.key, e.code, e.message))
        }
        Progress::Stored { key, warnings, .. } => {
            for w in warnings {
                b.suspend(|| eprintln!("sitrep: warning: {key}: {w}"));
            }
        }
        Progress::Duplicate { .. } => {}
    }
}

fn summary(verb: &str, s: &Stats, t: Duration) {
    let secs = t.as_secs_f64().max(1e-9);
    eprintln!(
        "sitrep: {verb} {} new documents, {} already stored, {} failed, {} events in {:.1}s ({:.0} docs/s)",
        s.stored,
        s.duplicates,
        s.failed,
        s.events,
        secs,
        s.read as f64 / secs
    );
}

fn exit(failed: usize) -> ExitCode {
    if failed > 0 {
        ExitCode::from(super::SOME_FAILED)
    } else {
        ExitCode::SUCCESS
    }
}

/// Arguments of `sitrep ingest`.
#[derive(clap::Args)]
pub struct IngestArgs {
    /// Files, directories (recursive), http(s) URLs of pages or feeds, `-` for stdin. Formats:
    /// text, HTML, RSS/Atom, WARC(.gz), JSONL (`{"text","title","published","url","source"}`).
    #[arg(required = true)]
    pub inputs: Vec<String>,
    /// SQLite file or `postgres://user:pass@host/db`.
    #[arg(long, default_value = "sitrep.db")]
    pub db: String,
    /// Reject documents (files, records, lines) larger than this many bytes.
    #[arg(long, default_value_t = 10 * 1024 * 1024)]
    pub max_bytes: usize,
    /// Worker threads (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Outlet name for documents that do not name one.
    #[arg(long)]
    pub source: Option<String>,
    /// For feed files: fetch each entry's linked page instead of using the feed's text.
    #[arg(long)]
    pub fetch: bool,
    /// Let fetches reach loopback, private and link-local addresses (refused by default: a
    /// feed's links and redirects are someone else's choice).
    #[arg(long)]
    pub allow_private: bool,
    /// Knowledge-base overlay directory.
    #[arg(long)]
    pub kb: Option<PathBuf>,
    /// Documents per transaction.
    #[arg(long, default_value_t = sitrep_ingest::DEFAULT_BATCH)]
    pub batch: usize,
}

fn run_options(threads: Option<usize>, batch: usize, read: ReadOptions) -> RunOptions {
    let d = RunOptions::default();
    RunOptions {
        threads: threads.unwrap_or(d.threads),
        batch: batch.max(1),
        read,
        ..d
    }
}

/// Runs `sitrep ingest`.
pub fn ingest(a: IngestArgs) -> anyhow::Result<ExitCode> {
    let coder = load_pipeline(&a.kb, a.max_bytes)?;
    let mut store = open_db(&a.db)?;
    let read = ReadOptions {
        max_bytes: a.max_bytes,
        fetch_articles: a.fetch,
        source: a.source.clone(),
        allow_private: a.allow_private,
        ..ReadOptions::default()
    };
    let opts = run_options(a.threads, a.batch, read);
    let b = bar();
    let t = Instant::now();
    let inputs = a.inputs.clone();
    let read = opts.read.clone();
    let stats = run(
        move |emit| read_inputs(&inputs, &read, emit),
        &coder,
        store.as_mut(),
        &opts,
        &mut |p| report(&b, p),
    )
    .map_err(ingest_err)?;
    b.finish_and_clear();
    summary("ingested", &stats, t.elapsed());
    Ok(exit(stats.failed))
}

/// Arguments of `sitrep recode`.
#[derive(clap::Args)]
pub struct RecodeArgs {
    /// SQLite file or `postgres://…`.
    #[arg(long, default_value = "sitrep.db")]
    pub db: String,
    /// Knowledge-base overlay directory.
    #[arg(long)]
    pub kb: Option<PathBuf>,
    /// Only this document.
    #[arg(long)]
    pub doc: Option<String>,
}

/// Runs `sitrep recode`: re-codes stored documents, replacing each one's events atomically.
pub fn recode(a: RecodeArgs) -> anyhow::Result<ExitCode> {
    let coder = load_pipeline(&a.kb, usize::MAX)?;
    let mut store = open_db(&a.db)?;
    let ids = match &a.doc {
        Some(d) => vec![d.clone()],
        None => store.document_ids().map_err(store_err)?,
    };
    let b = bar();
    let t = Instant::now();
    let (mut done, mut failed, mut events) = (0usize, 0usize, 0usize);
    for chunk in ids.chunks(256) {
        let mut docs = Vec::with_capacity(chunk.len());
        for id in chunk {
            match store.document(id) {
                Ok(Some(d)) => docs.push(d),
                Ok(None) => {
                    failed += 1;
                    b.suspend(|| eprintln!("sitrep: {id}: store_no_document: not stored"));
                }
                Err(e) => return Err(store_err(e)),
            }
        }
        let coded: Vec<_> = docs
            .par_iter()
            .map(|d| {
                let meta = Meta {
                    title: d.meta.title.clone(),
                    published: d.meta.published.clone(),
                    url: d.meta.url.clone(),
                    source: d.meta.source.clone(),
                };
                coder.code(&d.body, &meta)
            })
            .collect();
        for (d, r) in docs.iter().zip(coded) {
            b.inc(1);
            match r {
                Ok(rec) => {
                    events += rec.events.len();
                    store
                        .replace_events(&d.meta.id, Some(&rec.document), &rec.events)
                        .map_err(store_err)?;
                    done += 1;
                }
                Err((code, msg)) => {
                    failed += 1;
                    b.suspend(|| eprintln!("sitrep: {}: {code}: {msg}", d.meta.id));
                }
            }
        }
    }
    b.finish_and_clear();
    let secs = t.elapsed().as_secs_f64().max(1e-9);
    eprintln!(
        "sitrep: recoded {done} documents ({events} events), {failed} failed, in {secs:.1}s ({:.0} docs/s)",
        done as f64 / secs
    );
    Ok(exit(failed))
}

/// Parses `15m`, `30s`, `2h`, `1d` or plain seconds.
pub fn parse_every(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let (num, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len()));
    let n: u64 = num
        .parse()
        .map_err(|_| format!("{s:?}: want e.g. 15m, 30s, 2h"))?;
    let mult = match unit {
        "" | "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86400,
        _ => return Err(format!("{s:?}: unit must be s, m, h or d")),
    };
    Ok(Duration::from_secs(n * mult))
}

/// Arguments of `sitrep watch`.
#[derive(clap::Args)]
pub struct WatchArgs {
    /// Feed URLs (or files) to poll.
    #[arg(required = true)]
    pub feeds: Vec<String>,
    /// Poll interval: `15m`, `30s`, `2h`.
    #[arg(long, default_value = "15m", value_parser = parse_every)]
    pub every: Duration,
    /// Poll once and exit.
    #[arg(long)]
    pub once: bool,
    /// SQLite file or `postgres://…`.
    #[arg(long, default_value = "sitrep.db")]
    pub db: String,
    /// Use the feed's own text instead of fetching each entry's page.
    #[arg(long)]
    pub no_fetch: bool,
    /// Let fetches reach loopback, private and link-local addresses (refused by default: a
    /// feed's links and redirects are someone else's choice).
    #[arg(long)]
    pub allow_private: bool,
    /// Reject documents larger than this many bytes.
    #[arg(long, default_value_t = 10 * 1024 * 1024)]
    pub max_bytes: usize,
    /// Knowledge-base overlay directory.
    #[arg(long)]
    pub kb: Option<PathBuf>,
}

/// Fetches (or reads) and parses one feed.
fn poll_feed(
    feed: &str,
    opts: &ReadOptions,
) -> Result<Vec<feed::Entry>, sitrep_ingest::InputError> {
    let bytes = if feed.starts_with("http://") || feed.starts_with("https://") {
        sitrep_ingest::fetch(feed, opts)?.0
    } else {
        std::fs::read(feed)
            .map_err(|e| sitrep_ingest::InputError::new(feed, "io_error", e.to_string()))?
    };
    feed::parse(feed, &bytes)
}

/// Runs `sitrep watch`: polls feeds, ingests entries not seen before, remembers them.
pub fn watch(a: WatchArgs) -> anyhow::Result<ExitCode> {
    let coder = load_pipeline(&a.kb, a.max_bytes)?;
    let mut store = open_db(&a.db)?;
    let read = ReadOptions {
        max_bytes: a.max_bytes,
        fetch_articles: !a.no_fetch,
        allow_private: a.allow_private,
        ..ReadOptions::default()
    };
    let opts = run_options(None, sitrep_ingest::DEFAULT_BATCH, read.clone());
    // Feeds are network-bound: poll them side by side so one slow server holds up no other.
    let fetchers = rayon::ThreadPoolBuilder::new()
        .num_threads(a.feeds.len().clamp(1, 16))
        .build()?;
    let b = ProgressBar::hidden();
    let mut any_failed = 0usize;
    loop {
        let t = Instant::now();
        let mut total = Stats::default();
        let polled: Vec<_> =
            fetchers.install(|| a.feeds.par_iter().map(|f| poll_feed(f, &read)).collect());
        for (f, polled) in a.feeds.iter().zip(polled) {
            let entries = match polled {
                Ok(e) => {
                    store
                        .write(&[WriteOp::ClearError(f.clone())])
                        .map_err(store_err)?;
                    e
                }
                Err(e) => {
                    eprintln!("sitrep: {f}: {}: {}", e.code, e.message);
                    store
                        .write(&[WriteOp::Error(ErrorEntry {
                            input: f.clone(),
                            code: e.code,
                            message: e.message,
                            at: sitrep_store::now(),
                        })])
                        .map_err(store_err)?;
                    any_failed += 1;
                    continue;
                }
            };
            let mut fresh = Vec::new();
            for e in entries {
                if !store.is_seen(f, &e.id).map_err(store_err)? {
                    fresh.push(e);
                }
            }
            let mut transient = std::collections::HashSet::new();
            let key = f.clone();
            let ropts = read.clone();
            let todo = fresh.clone();
            let stats = run(
                move |emit| {
                    for e in &todo {
                        if !emit(feed::entry_item(&key, e, &ropts)) {
                            return;
                        }
                    }
                },
                &coder,
                store.as_mut(),
                &opts,
                &mut |p| {
                    if let Progress::Failed(e) = p
                        && e.code == "fetch_failed"
                    {
                        transient.insert(e.key.clone());
                    }
                    report(&b, p);
                },
            )
            .map_err(ingest_err)?;
            // Unreachable pages are retried at the next poll; everything else is done with.
            for e in &fresh {
                if !transient.contains(&format!("{f}#{}", e.id)) {
                    store.mark_seen(f, &e.id).map_err(store_err)?;
                }
            }
            total.read += stats.read;
            total.stored += stats.stored;
            total.duplicates += stats.duplicates;
            total.failed += stats.failed;
            total.events += stats.events;
        }
        any_failed += total.failed;
        summary("watched: ingested", &total, t.elapsed());
        if a.once {
            return Ok(exit(any_failed));
        }
        std::thread::sleep(a.every.saturating_sub(t.elapsed()));
    }
}

/// Filters shared by query, stories and export.
#[derive(clap::Args, Default)]
pub struct Filters {
    /// Event type(s), e.g. `AID,ASSAULT`.
    #[arg(long = "type", value_delimiter = ',')]
    pub types: Vec<String>,
    /// Actor or country (source or target): ISO code `PRK` or a canonical name. Repeatable.
    #[arg(long, alias = "country")]
    pub actor: Vec<String>,
    /// Transfer supplier (code or name).
    #[arg(long)]
    pub supplier: Option<String>,
    /// Transfer recipient (code or name).
    #[arg(long)]
    pub recipient: Option<String>,
    /// Weapon category, dotted prefix: `ammunition` matches `ammunition.artillery`.
    #[arg(long, alias = "weapon")]
    pub category: Option<String>,
    /// Who says so (attribution code or name).
    #[arg(long)]
    pub claimant: Option<String>,
    /// Certainty level, e.g. `likely`, `asserted`.
    #[arg(long)]
    pub certainty: Option<String>,
    /// Events on or after this day (YYYY-MM-DD).
    #[arg(long)]
    pub since: Option<String>,
    /// Events on or before this day (YYYY-MM-DD).
    #[arg(long)]
    pub until: Option<String>,
    /// Words that must all occur in one evidence sentence.
    #[arg(long)]
    pub text: Option<String>,
    /// Only this document id.
    #[arg(long)]
    pub doc: Option<String>,
    /// At most this many events.
    #[arg(long)]
    pub limit: Option<usize>,
}

impl Filters {
    fn query(&self) -> anyhow::Result<Query> {
        let mut types = Vec::new();
        for t in &self.types {
            types.push(
                EventType::parse(t)
                    .ok_or_else(|| usage("bad_query", format!("unknown event type {t:?}")))?,
            );
        }
        let certainty = match &self.certainty {
            Some(c) => Some(
                CertaintyLevel::parse(c)
                    .ok_or_else(|| usage("bad_query", format!("unknown certainty {c:?}")))?,
            ),
            None => None,
        };
        let q = Query {
            types,
            actors: self.actor.clone(),
            supplier: self.supplier.clone(),
            recipient: self.recipient.clone(),
            category: self.category.clone(),
            claimant: self.claimant.clone(),
            certainty,
            since: self.since.clone(),
            until: self.until.clone(),
            text: self.text.clone(),
            document: self.doc.clone(),
            limit: self.limit,
        };
        q.validate().map_err(store_err)?;
        Ok(q)
    }
}

/// Query output formats.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum QueryFormat {
    /// Aligned table.
    Table,
    /// One JSON object per event.
    Jsonl,
    /// CSV with a header.
    Csv,
}

/// Arguments of `sitrep query`.
#[derive(clap::Args)]
pub struct QueryArgs {
    /// SQLite file or `postgres://…`.
    #[arg(long, default_value = "sitrep.db")]
    pub db: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = QueryFormat::Table)]
    pub format: QueryFormat,
    #[command(flatten)]
    pub filters: Filters,
    /// Also draw the matching transfers as a network (SVG file).
    #[arg(long, value_name = "FILE.svg")]
    pub network: Option<PathBuf>,
    /// Also draw the matching dated events on a timeline (SVG file).
    #[arg(long, value_name = "FILE.svg")]
    pub timeline: Option<PathBuf>,
}

/// Events kept for pictures: beyond this a drawing is unreadable anyway.
const PICTURE_LIMIT: usize = 2_000;

fn stream(
    store: &mut dyn Store,
    q: &Query,
    format: export::Format,
    out: Box<dyn Write>,
    mut keep: Option<&mut Vec<sitrep_record::Event>>,
) -> anyhow::Result<usize> {
    let mut sink = export::sink(format, out).map_err(store_err)?;
    let mut n = 0usize;
    let res = store
        .scan(q, &mut |h| {
            n += 1;
            if let Some(k) = keep.as_deref_mut()
                && k.len() < PICTURE_LIMIT
            {
                k.push(h.event.clone());
            }
            sink.write(&h)
        })
        .and_then(|()| sink.finish());
    match res {
        Ok(()) => Ok(n),
        // `sitrep query | head` closing the pipe is not an error.
        Err(sitrep_store::StoreError::Io(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(n),
        Err(e) => Err(store_err(e)),
    }
}

/// Runs `sitrep query`.
pub fn query(a: QueryArgs) -> anyhow::Result<ExitCode> {
    let q = a.filters.query()?;
    let mut store = open_db_read(&a.db)?;
    let format = match a.format {
        QueryFormat::Table => export::Format::Table,
        QueryFormat::Jsonl => export::Format::Jsonl,
        QueryFormat::Csv => export::Format::Csv,
    };
    let out = Box::new(std::io::BufWriter::new(std::io::stdout().lock()));
    let drawing = a.network.is_some() || a.timeline.is_some();
    let mut kept = Vec::new();
    let n = stream(
        store.as_mut(),
        &q,
        format,
        out,
        drawing.then_some(&mut kept),
    )?;
    if matches!(a.format, QueryFormat::Table) {
        eprintln!("sitrep: {n} events");
    }
    let refs: Vec<&sitrep_record::Event> = kept.iter().collect();
    for (path, svg) in [
        (
            &a.network,
            a.network
                .as_ref()
                .map(|_| crate::picture::transfer_network(&refs)),
        ),
        (
            &a.timeline,
            a.timeline.as_ref().map(|_| crate::picture::timeline(&refs)),
        ),
    ] {
        if let (Some(path), Some(svg)) = (path, svg) {
            std::fs::write(path, svg).map_err(|e| output_err(path, e))?;
            eprintln!(
                "sitrep: drew {} of {n} events in {}",
                refs.len(),
                path.display()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Stories output formats.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum StoriesFormat {
    /// Aligned table.
    Table,
    /// One JSON object per story.
    Jsonl,
}

/// Arguments of `sitrep stories`.
#[derive(clap::Args)]
pub struct StoriesArgs {
    /// SQLite file or `postgres://…`.
    #[arg(long, default_value = "sitrep.db")]
    pub db: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = StoriesFormat::Table)]
    pub format: StoriesFormat,
    /// Only stories reported by at least this many documents.
    #[arg(long, default_value_t = 2)]
    pub min_docs: usize,
    /// Days by which reports of one happening may differ.
    #[arg(long, default_value_t = 2)]
    pub gap_days: i64,
    #[command(flatten)]
    pub filters: Filters,
}

/// Runs `sitrep stories`.
pub fn stories(a: StoriesArgs) -> anyhow::Result<ExitCode> {
    let q = a.filters.query()?;
    let mut store = open_db_read(&a.db)?;
    let opts = FuseOptions {
        max_gap_days: a.gap_days,
        min_documents: a.min_docs.max(1),
    };
    let st = store.stories(&q, &opts).map_err(store_err)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match a.format {
        StoriesFormat::Table => export::write_stories_table(&mut out, &st).map_err(store_err)?,
        StoriesFormat::Jsonl => {
            for s in &st {
                writeln!(out, "{}", serde_json::to_string(s)?)?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Export formats.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum ExportFormat {
    /// One JSON object per event.
    Jsonl,
    /// CSV with a header.
    Csv,
    /// GDELT 2.0 event table (TSV), CAMEO codes mapped from PLOVER.
    Gdelt,
    /// Apache Parquet (build with `--features parquet`).
    Parquet,
}

/// Arguments of `sitrep export`.
#[derive(clap::Args)]
pub struct ExportArgs {
    /// SQLite file or `postgres://…`.
    #[arg(long, default_value = "sitrep.db")]
    pub db: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExportFormat::Jsonl)]
    pub format: ExportFormat,
    /// Output file (default: standard output).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Export the reviews instead, as transfer gold (one JSON line per reviewed document, in
    /// the format of shared/spec/transfer-gold.md); `--format` and the filters do not apply.
    #[arg(long)]
    pub reviews: bool,
    #[command(flatten)]
    pub filters: Filters,
}

/// Runs `sitrep export`. With `-o`, the file appears only when the export succeeded: it is
/// written beside its final name and renamed at the end, so a failure leaves no partial file.
pub fn export(a: ExportArgs) -> anyhow::Result<ExitCode> {
    let q = a.filters.query()?;
    let mut store = open_db_read(&a.db)?;
    let format = match a.format {
        ExportFormat::Jsonl => export::Format::Jsonl,
        ExportFormat::Csv => export::Format::Csv,
        ExportFormat::Gdelt => export::Format::Gdelt,
        ExportFormat::Parquet => export::Format::Parquet,
    };
    let Some(path) = &a.output else {
        let out = Box::new(std::io::BufWriter::new(std::io::stdout().lock()));
        return export_to(&a, store.as_mut(), &q, format, out);
    };
    let part = partial_name(path);
    let file = std::fs::File::create(&part).map_err(|e| output_err(path, e))?;
    let res = export_to(
        &a,
        store.as_mut(),
        &q,
        format,
        Box::new(std::io::BufWriter::new(file)),
    )
    .and_then(|code| {
        std::fs::rename(&part, path).map_err(|e| output_err(path, e))?;
        Ok(code)
    });
    if res.is_err() {
        // Best effort: the partial file is ours, and the export's own error is what matters.
        let _ = std::fs::remove_file(&part);
    }
    res
}

/// `DIR/.NAME.partial`: beside the output (so the rename stays on one file system), hidden.
pub(super) fn partial_name(path: &std::path::Path) -> PathBuf {
    let name = path
        .file_name()
        .map_or_else(|| "export".into(), |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.partial"))
}

fn export_to(
    a: &ExportArgs,
    store: &mut dyn Store,
    q: &Query,
    format: export::Format,
    mut out: Box<dyn Write>,
) -> anyhow::Result<ExitCode> {
    if a.reviews {
        let n = super::serve::export_reviews(store, &mut out)?;
        out.flush()?;
        eprintln!("sitrep: exported gold for {n} reviewed documents");
        return Ok(ExitCode::SUCCESS);
    }
    let n = stream(store, q, format, out, None)?;
    eprintln!("sitrep: exported {n} events");
    Ok(ExitCode::SUCCESS)
}
