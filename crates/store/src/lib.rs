//! Storage of documents, their events with evidence, per-input errors, seen feed items and the
//! stories fused from events, behind the [`Store`] trait. Backends: [`MemoryStore`] (tests),
//! [`SqliteStore`] (default, embedded, WAL, FTS5) and `PgStore` (feature `postgres`). Also owns
//! the query filters ([`Query`]), cross-document fusion ([`fuse`]) and the output formats of
//! `sitrep query`/`sitrep export` ([`export`]), and the stored document-level transfer claims
//! with their filters ([`claims`], [`ClaimQuery`]).
//!
//! Idempotency: a document's id is the hash of its normalised text, so a document seen again is
//! stored once; each write batch is one transaction, so a killed process never leaves half a
//! document behind.
//!
//! Several writers on one SQLite file (two `sitrep ingest` runs, `watch` marking items seen, a
//! reviewer) take turns: each write (a batch, a seen item, a review) is a transaction that takes
//! the write lock first (IMMEDIATE), waits for it, and is retried with backoff for about a
//! minute before it fails `store_busy`.

use std::path::Path;

use sitrep_record::{DocumentMeta, Event, Record};

pub mod claims;
pub mod export;
pub mod fuse;
mod memory;
#[cfg(feature = "postgres")]
mod pg;
mod query;
pub mod review;
mod sql;
mod sqlite;

pub use claims::{ClaimHit, ClaimQuery};
pub use fuse::{FuseOptions, Story, fuse};
pub use memory::MemoryStore;
#[cfg(feature = "postgres")]
pub use pg::PgStore;
pub use query::{Query, actor_matches};
pub use review::{Review, Verdict};
pub use sqlite::SqliteStore;

/// Errors from the store. Every variant has a stable [`code`](StoreError::code).
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite reported an error.
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// PostgreSQL reported an error.
    #[cfg(feature = "postgres")]
    #[error("postgres: {0}")]
    Postgres(#[from] postgres::Error),
    /// A `postgres://` URL was given to a binary built without the `postgres` feature.
    #[error("this build has no PostgreSQL support (rebuild with --features postgres)")]
    PgDisabled,
    /// A stored record could not be (de)serialised.
    #[error("stored record is not valid JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// Writing output failed.
    #[error("i/o: {0}")]
    Io(#[from] std::io::Error),
    /// Writing CSV failed.
    #[error("csv: {0}")]
    Csv(#[from] csv::Error),
    /// A migration failed to apply.
    #[error("migration {version}: {reason}")]
    Migration {
        /// Migration number.
        version: u32,
        /// Why.
        reason: String,
    },
    /// The database was written by a newer sitrep.
    #[error("database schema version {found} is newer than this sitrep supports ({supported})")]
    SchemaTooNew {
        /// Version found.
        found: u32,
        /// Newest version this build knows.
        supported: u32,
    },
    /// A query filter is malformed.
    #[error("bad query: {0}")]
    BadQuery(String),
    /// The requested export format is not available in this build.
    #[error("export format {0} is not available in this build")]
    FormatUnavailable(&'static str),
    /// A document that must exist was not found.
    #[error("no document {0}")]
    NoDocument(String),
    /// A review is malformed (verdict, field and value disagree).
    #[error("bad review: {0}")]
    BadReview(String),
    /// A database opened for reading does not exist.
    #[error("no database at {0} (give an existing file with --db)")]
    NotFound(String),
}

impl StoreError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Sqlite(e) => match e.sqlite_error_code() {
                Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
                    "store_busy"
                }
                Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase) => {
                    "store_corrupt"
                }
                Some(rusqlite::ErrorCode::CannotOpen) => "store_cannot_open",
                Some(rusqlite::ErrorCode::DiskFull) => "store_disk_full",
                _ => "store_sqlite",
            },
            #[cfg(feature = "postgres")]
            Self::Postgres(_) => "store_postgres",
            Self::PgDisabled => "store_pg_disabled",
            Self::Json(_) => "store_json",
            Self::Io(_) => "store_io",
            Self::Csv(_) => "store_csv",
            Self::Migration { .. } => "store_migration",
            Self::SchemaTooNew { .. } => "store_schema_too_new",
            Self::BadQuery(_) => "store_bad_query",
            Self::FormatUnavailable(_) => "store_format_unavailable",
            Self::NoDocument(_) => "store_no_document",
            Self::BadReview(_) => "store_bad_review",
            Self::NotFound(_) => "store_not_found",
        }
    }
}

/// Result alias for store operations.
pub type Result<T> = std::result::Result<T, StoreError>;

/// A coded document ready to store.
#[derive(Debug, Clone)]
pub struct NewDocument {
    /// Its record (metadata, events, warnings). `record.document.id` is the key.
    pub record: Record,
    /// The exact bytes that were coded; `recode` re-runs the pipeline on them.
    pub body: Vec<u8>,
    /// Where it was read from (path, `path#n`, URL).
    pub input: String,
}

/// A failed input.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ErrorEntry {
    /// Where it was read from; one row per input.
    pub input: String,
    /// Stable machine code, e.g. `doc_empty`, `warc_malformed`.
    pub code: String,
    /// Human-readable reason.
    pub message: String,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// One operation in a write batch.
// Documents are nearly every operation, so boxing them would only add an allocation each.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum WriteOp {
    /// Store a document unless one with the same id exists.
    Document(NewDocument),
    /// Record (or replace) the error of an input.
    Error(ErrorEntry),
    /// Forget the error of an input that has now succeeded (a feed that polls again).
    ClearError(String),
}

/// What happened to one [`WriteOp`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteOutcome {
    /// A new document was stored.
    Inserted,
    /// A document with the same id was already stored; nothing changed.
    Duplicate,
    /// The error was recorded.
    ErrorRecorded,
    /// An input's error was cleared (or there was none).
    ErrorCleared,
}

/// A stored document's metadata and body, for recoding and export.
#[derive(Debug, Clone)]
pub struct StoredDocument {
    /// Metadata.
    pub meta: DocumentMeta,
    /// The bytes that were coded.
    pub body: Vec<u8>,
    /// Where it was read from.
    pub input: Option<String>,
    /// Warnings met when it was read.
    pub warnings: Vec<String>,
}

/// One event with its document's metadata: what queries return.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Hit {
    /// The document.
    pub document: DocumentMeta,
    /// The event.
    pub event: Event,
}

impl From<(Event, DocumentMeta)> for Hit {
    fn from((event, document): (Event, DocumentMeta)) -> Self {
        Self { document, event }
    }
}

/// Row counts, for reports and tests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    /// Documents.
    pub documents: u64,
    /// Events.
    pub events: u64,
    /// Evidence rows.
    pub evidence: u64,
    /// Failed inputs.
    pub errors: u64,
    /// Seen feed items.
    pub seen_items: u64,
}

/// A place to keep documents, events, errors and seen feed items.
///
/// All implementations give the same answers for the same calls; the shared test suite in
/// `tests/store.rs` runs one body against each of them.
pub trait Store: Send {
    /// Applies `ops` in one transaction: either all of them are stored or none.
    fn write(&mut self, ops: &[WriteOp]) -> Result<Vec<WriteOutcome>>;

    /// Whether a document with this id is stored.
    fn has_document(&mut self, id: &str) -> Result<bool>;

    /// Ids of all stored documents (used to skip known documents before coding them).
    fn document_ids(&mut self) -> Result<Vec<String>>;

    /// A stored document's metadata and body.
    fn document(&mut self, id: &str) -> Result<Option<StoredDocument>>;

    /// Replaces a document's events (and optionally its metadata) atomically; for `recode`.
    /// Its stored claims are replaced with them, assembled from `events` as the pipeline does.
    fn replace_events(
        &mut self,
        id: &str,
        meta: Option<&DocumentMeta>,
        events: &[Event],
    ) -> Result<()>;

    /// All recorded errors, ordered by input.
    fn errors(&mut self) -> Result<Vec<ErrorEntry>>;

    /// Marks a feed item as seen; returns `false` if it already was.
    fn mark_seen(&mut self, feed: &str, item: &str) -> Result<bool>;

    /// Whether a feed item was seen.
    fn is_seen(&mut self, feed: &str, item: &str) -> Result<bool>;

    /// Calls `f` with each event matching `q`, in storage order, up to `q.limit`.
    fn scan(&mut self, q: &Query, f: &mut dyn FnMut(Hit) -> Result<()>) -> Result<()>;

    /// Calls `f` with each stored transfer claim matching `q`, in storage order (a document's
    /// claims in their order, documents as their claims were written), up to `q.limit`.
    fn scan_claims(
        &mut self,
        q: &ClaimQuery,
        f: &mut dyn FnMut(ClaimHit) -> Result<()>,
    ) -> Result<()>;

    /// Row counts.
    fn counts(&mut self) -> Result<Counts>;

    /// Stores a review of an event (see [`review`]) and returns its id. The document must
    /// exist; the events are not touched.
    fn add_review(&mut self, r: &Review) -> Result<i64>;

    /// Reviews in the order they were made, of one document or of all.
    fn reviews(&mut self, document: Option<&str>) -> Result<Vec<Review>>;

    /// A value that changes whenever another connection commits a write, for caches of
    /// data derived from the store (the workbench's ledger). `None` when the back end cannot
    /// tell; then nothing derived may be cached. Compare values of one connection only.
    fn generation(&mut self) -> Result<Option<u64>> {
        Ok(None)
    }

    /// Events matching `q`, collected.
    fn query(&mut self, q: &Query) -> Result<Vec<Hit>> {
        let mut out = Vec::new();
        self.scan(q, &mut |h| {
            out.push(h);
            Ok(())
        })?;
        Ok(out)
    }

    /// Claims matching `q`, collected.
    fn claims(&mut self, q: &ClaimQuery) -> Result<Vec<ClaimHit>> {
        let mut out = Vec::new();
        self.scan_claims(q, &mut |h| {
            out.push(h);
            Ok(())
        })?;
        Ok(out)
    }

    /// Stories among the events matching `q`.
    fn stories(&mut self, q: &Query, opts: &FuseOptions) -> Result<Vec<Story>> {
        let mut unlimited = q.clone();
        unlimited.limit = None;
        let hits = self.query(&unlimited)?;
        Ok(fuse(&hits, opts))
    }
}

/// Opens a store from a `--db` value: `postgres://…`/`postgresql://…` for PostgreSQL,
/// `:memory:` for a throw-away in-memory store, anything else is a SQLite file path.
pub fn open(db: &str) -> Result<Box<dyn Store>> {
    if db.starts_with("postgres://") || db.starts_with("postgresql://") {
        #[cfg(feature = "postgres")]
        {
            return Ok(Box::new(PgStore::connect(db)?));
        }
        #[cfg(not(feature = "postgres"))]
        {
            return Err(StoreError::PgDisabled);
        }
    }
    if db == ":memory:" {
        return Ok(Box::new(MemoryStore::new()));
    }
    Ok(Box::new(SqliteStore::open(db)?))
}

/// Opens an existing store to read it, never creating or migrating one: a missing SQLite
/// file is [`StoreError::NotFound`], and a file without write permission can be read.
pub fn open_read_only(db: &str) -> Result<Box<dyn Store>> {
    if db.starts_with("postgres://") || db.starts_with("postgresql://") || db == ":memory:" {
        return open(db);
    }
    if !Path::new(db).is_file() {
        return Err(StoreError::NotFound(db.to_owned()));
    }
    match SqliteStore::open_read_only(db) {
        // An older schema: migrate it (the file exists, so nothing is created).
        Err(StoreError::Migration { .. }) => Ok(Box::new(SqliteStore::open(db)?)),
        r => Ok(Box::new(r?)),
    }
}

/// Current time as RFC 3339 UTC, for `ingested_at`/`at` columns.
pub fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// The day range an event is filed under: its own date, else its document's publication date.
pub fn event_days(doc: &DocumentMeta, ev: &Event) -> Option<(String, String)> {
    match &ev.date {
        Some(d) => Some((d.start.clone(), d.end.clone())),
        None => doc.published.clone().map(|p| (p.clone(), p)),
    }
}

/// Span class of an event's day range (see `migrations/*/0002_date_spans.sql`): the index
/// of the first limit in [`SPAN_LIMITS`] that the span (in days) does not exceed, else the
/// number of limits. Unreadable days go to the last class, which date filters always scan.
pub(crate) fn span_class(days: &(String, String)) -> i16 {
    let p = |d: &str| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok();
    let (Some(a), Some(b)) = (p(&days.0), p(&days.1)) else {
        return SPAN_LIMITS.len() as i16;
    };
    let span = (b - a).num_days();
    SPAN_LIMITS
        .iter()
        .position(|&l| span <= l)
        .unwrap_or(SPAN_LIMITS.len()) as i16
}

/// Longest span (days) of each bounded span class; the migration writes the same limits.
pub(crate) const SPAN_LIMITS: [i64; 4] = [0, 7, 31, 400];

/// Actor rows of an event as (role, country, lower-cased name): `s` source, `t` target,
/// `S` supplier, `R` recipient, `c` claimant.
pub fn actor_rows(ev: &Event) -> Vec<(&'static str, Option<String>, String)> {
    let mut rows = Vec::new();
    let mut push = |role: &'static str, a: &sitrep_record::Actor| {
        rows.push((role, a.country.clone(), a.name.to_lowercase()));
    };
    for a in &ev.sources {
        push("s", a);
    }
    for a in &ev.targets {
        push("t", a);
    }
    if let Some(t) = &ev.transfer {
        if let Some(a) = &t.supplier {
            push("S", a);
        }
        if let Some(a) = &t.recipient {
            push("R", a);
        }
    }
    for a in &ev.attribution {
        push("c", a);
    }
    rows
}

/// Migrations shipped with this build: (version, SQLite SQL, PostgreSQL SQL).
pub(crate) const MIGRATIONS: &[(u32, &str, &str)] = &[
    (
        1,
        include_str!("../migrations/sqlite/0001_init.sql"),
        include_str!("../migrations/postgres/0001_init.sql"),
    ),
    (
        2,
        include_str!("../migrations/sqlite/0002_date_spans.sql"),
        include_str!("../migrations/postgres/0002_date_spans.sql"),
    ),
    (
        3,
        include_str!("../migrations/sqlite/0003_fts_per_write.sql"),
        include_str!("../migrations/postgres/0003_fts_per_write.sql"),
    ),
    // Numbered late so that migrations added meanwhile on other branches (4..8) come first.
    (
        9,
        include_str!("../migrations/sqlite/0009_reviews.sql"),
        include_str!("../migrations/postgres/0009_reviews.sql"),
    ),
    // The store fills the new table from stored events in the same transaction
    // (`CLAIMS_MIGRATION`).
    (
        CLAIMS_MIGRATION,
        include_str!("../migrations/sqlite/0010_claims.sql"),
        include_str!("../migrations/postgres/0010_claims.sql"),
    ),
];

/// The migration that adds the claims table; applying it backfills the claims of the stored
/// documents from their events.
pub(crate) const CLAIMS_MIGRATION: u32 = 10;
