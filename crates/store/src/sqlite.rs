//! The SQLite backend: one file, WAL journal, FTS5 over evidence sentences.

use std::path::Path;
use std::time::{Duration, Instant};

use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};
use sitrep_record::{DocumentMeta, Event, TransferClaim};

use crate::claims::{self, ClaimRow};
use crate::sql::{Dialect, build_query, delete_document_rows, hit_from};
use crate::{
    CLAIMS_MIGRATION, ClaimHit, ClaimQuery, Counts, ErrorEntry, Hit, MIGRATIONS, NewDocument,
    Query, Result, Review, Store, StoreError, StoredDocument, WriteOp, WriteOutcome, actor_rows,
    event_days, now, review, span_class,
};

/// How long one statement waits for a lock another connection holds (SQLite's busy handler).
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// A write transaction that still fails busy (the busy handler gave up, or SQLite reported busy
/// without waiting) is run again with backoff; no new attempt starts after this long, so a
/// writer gives up with `store_busy` after at most this plus [`BUSY_TIMEOUT`].
const BUSY_RETRY_BOUND: Duration = Duration::from_secs(60);

/// Runs `f` (one whole transaction, rolled back on error, so running it again is safe) until it
/// succeeds, fails otherwise than busy, or [`BUSY_RETRY_BOUND`] has passed.
fn retry_busy<T>(mut f: impl FnMut() -> Result<T>) -> Result<T> {
    let start = Instant::now();
    let mut pause = Duration::from_millis(5);
    loop {
        match f() {
            Err(e) if e.code() == "store_busy" && start.elapsed() < BUSY_RETRY_BOUND => {
                // Jitter from the clock, so that two writers that collided do not retry in step.
                let jitter = u64::from(start.elapsed().subsec_nanos()) % 8;
                std::thread::sleep(pause + Duration::from_millis(jitter));
                pause = (pause * 2).min(Duration::from_millis(500));
            }
            r => return r,
        }
    }
}

/// Begins a write transaction IMMEDIATE: the write lock is taken (waiting in the busy handler)
/// before anything is read. A deferred transaction that reads first and then writes fails busy
/// at once, with no wait, when another writer committed in between (WAL snapshot conflict).
fn begin_write(conn: &mut Connection) -> Result<Transaction<'_>> {
    Ok(conn.transaction_with_behavior(TransactionBehavior::Immediate)?)
}

/// A SQLite database file.
pub struct SqliteStore {
    conn: Connection,
}

impl SqliteStore {
    /// Opens (creating if needed) a database file and applies pending migrations.
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        let conn = Connection::open(path)?;
        Self::init(conn)
    }

    /// Opens an existing database file read-only: nothing is created or migrated, and a file
    /// without write permission can be read. A database that still needs a migration is
    /// [`StoreError::Migration`] (the caller may open it for writing instead).
    pub fn open_read_only(path: impl AsRef<Path>) -> Result<Self> {
        use rusqlite::OpenFlags;
        let path = path.as_ref();
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        let current = match Self::version(&conn) {
            Ok(v) => v,
            // A WAL database whose directory is not writable either: its shared-memory file
            // cannot be made, so read it as a file no one changes.
            Err(StoreError::Sqlite(e))
                if e.sqlite_error_code() == Some(rusqlite::ErrorCode::CannotOpen) =>
            {
                let uri = format!("file:{}?immutable=1", path.display());
                let conn = Connection::open_with_flags(uri, flags | OpenFlags::SQLITE_OPEN_URI)?;
                let v = Self::version(&conn)?;
                return Self::checked(conn, v);
            }
            Err(e) => return Err(e),
        };
        Self::checked(conn, current)
    }

    fn version(conn: &Connection) -> Result<u32> {
        let has: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'schema_migrations')",
            [],
            |r| r.get(0),
        )?;
        if !has {
            return Ok(0);
        }
        Ok(conn.query_row(
            "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
            [],
            |r| r.get(0),
        )?)
    }

    /// A read-only connection at schema version `current`, if that is the newest.
    fn checked(conn: Connection, current: u32) -> Result<Self> {
        let newest = MIGRATIONS.last().map_or(0, |m| m.0);
        if current > newest {
            return Err(StoreError::SchemaTooNew {
                found: current,
                supported: newest,
            });
        }
        if current < newest {
            return Err(StoreError::Migration {
                version: current + 1,
                reason: "the database needs migrating, which a read-only opening cannot do"
                    .to_owned(),
            });
        }
        Ok(Self { conn })
    }

    /// An in-memory SQLite database (tests).
    pub fn open_in_memory() -> Result<Self> {
        Self::init(Connection::open_in_memory()?)
    }

    fn init(conn: Connection) -> Result<Self> {
        // First, so that switching the journal mode and migrating wait for another process
        // opening the same file instead of failing busy.
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // WAL + synchronous=NORMAL: a committed transaction survives a killed process (only a
        // power cut can lose the last commits), and readers never block the writer.
        retry_busy(|| Ok(conn.pragma_update(None, "journal_mode", "WAL")?))?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let mut s = Self { conn };
        retry_busy(|| s.migrate())?;
        Ok(s)
    }

    /// Applies pending migrations, each in its own IMMEDIATE transaction that reads the version
    /// again under the write lock: two processes opening a new file at once apply each once.
    fn migrate(&mut self) -> Result<()> {
        self.conn.execute_batch(
            "CREATE TABLE IF NOT EXISTS schema_migrations \
             (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)",
        )?;
        let newest = MIGRATIONS.last().map_or(0, |m| m.0);
        let current = Self::version(&self.conn)?;
        if current > newest {
            return Err(StoreError::SchemaTooNew {
                found: current,
                supported: newest,
            });
        }
        for (version, sql, _) in MIGRATIONS.iter().filter(|m| m.0 > current) {
            let tx = begin_write(&mut self.conn)?;
            // Another process may have applied it since the version was read.
            if Self::version(&tx)? >= *version {
                continue;
            }
            tx.execute_batch(sql).map_err(|e| StoreError::Migration {
                version: *version,
                reason: e.to_string(),
            })?;
            if *version == CLAIMS_MIGRATION {
                backfill_claims(&tx)?;
            }
            tx.execute(
                "INSERT INTO schema_migrations (version, applied_at) VALUES (?1, ?2)",
                params![version, now()],
            )?;
            tx.commit()?;
        }
        Ok(())
    }

    /// The underlying connection (benchmarks and tests).
    pub fn connection(&mut self) -> &mut Connection {
        &mut self.conn
    }
}

fn insert_events(tx: &Transaction<'_>, doc: &DocumentMeta, events: &[Event]) -> Result<()> {
    let mut ev_st = tx.prepare_cached(
        "INSERT INTO events (doc_id, eid, type, mode, certainty, negated, day_start, day_end, \
         record, span_class) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    let mut act_st = tx.prepare_cached(
        "INSERT INTO event_actors (event, role, country, name) VALUES (?1, ?2, ?3, ?4)",
    )?;
    let mut item_st = tx.prepare_cached(
        "INSERT INTO event_items (event, category, designation) VALUES (?1, ?2, ?3)",
    )?;
    let mut evid_st = tx.prepare_cached(
        "INSERT INTO evidence (event, sentence, start, \"end\", text) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for ev in events {
        let days = event_days(doc, ev);
        ev_st.execute(params![
            doc.id,
            ev.id,
            ev.kind.as_str(),
            ev.mode,
            ev.certainty.level.as_str(),
            ev.negated,
            days.as_ref().map(|d| &d.0),
            days.as_ref().map(|d| &d.1),
            serde_json::to_string(ev)?,
            days.as_ref().map_or(0, span_class),
        ])?;
        let rowid = tx.last_insert_rowid();
        for (role, country, name) in actor_rows(ev) {
            act_st.execute(params![rowid, role, country, name])?;
        }
        if let Some(t) = &ev.transfer {
            for i in &t.items {
                item_st.execute(params![rowid, i.category, i.designation])?;
            }
        }
        for e in &ev.evidence {
            evid_st.execute(params![
                rowid,
                e.sentence as i64,
                e.start as i64,
                e.end as i64,
                e.text
            ])?;
        }
    }
    Ok(())
}

fn insert_claims(tx: &Transaction<'_>, doc: &DocumentMeta, claims: &[TransferClaim]) -> Result<()> {
    let mut claim_st = tx.prepare_cached(
        "INSERT INTO claims (doc_id, cid, supplier_code, supplier_name, recipient_code, \
         recipient_name, status, stance, certainty, day_start, day_end, embargo, record) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?;
    let mut item_st =
        tx.prepare_cached("INSERT INTO claim_items (claim, category) VALUES (?1, ?2)")?;
    let mut act_st = tx.prepare_cached(
        "INSERT INTO claim_actors (claim, role, country, name) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for c in claims {
        let r = ClaimRow::of(doc, c)?;
        claim_st.execute(params![
            doc.id,
            c.id,
            r.supplier_code,
            r.supplier_name,
            r.recipient_code,
            r.recipient_name,
            r.status,
            r.stance,
            r.certainty,
            r.days.as_ref().map(|d| &d.0),
            r.days.as_ref().map(|d| &d.1),
            r.embargo,
            r.record,
        ])?;
        let rowid = tx.last_insert_rowid();
        for cat in &r.categories {
            item_st.execute(params![rowid, cat])?;
        }
        for (role, country, name) in &r.actors {
            act_st.execute(params![rowid, role, country, name])?;
        }
    }
    Ok(())
}

/// Fills the claims table of a database stored before it (migration 0010): each document's
/// claims assembled from its stored events, documents in the order their events were stored.
fn backfill_claims(tx: &Transaction<'_>) -> Result<()> {
    let docs: Vec<DocumentMeta> = tx
        .prepare(
            "SELECT d.id, d.title, d.published, d.dateline, d.url, d.source, d.lang \
             FROM documents d JOIN (SELECT doc_id, MIN(id) AS first FROM events GROUP BY doc_id) f \
             ON f.doc_id = d.id ORDER BY f.first",
        )?
        .query_map([], meta_row)?
        .collect::<rusqlite::Result<_>>()?;
    let mut ev_st = tx.prepare("SELECT record FROM events WHERE doc_id = ?1 ORDER BY id")?;
    for doc in docs {
        let events = ev_st
            .query_map([&doc.id], |r| r.get::<_, String>(0))?
            .map(|r| Ok(serde_json::from_str::<Event>(&r?)?))
            .collect::<Result<Vec<Event>>>()?;
        insert_claims(tx, &doc, &claims::from_events(&events))?;
    }
    Ok(())
}

/// The largest evidence row id so far: rows inserted after this call get larger ones (as long
/// as none is deleted in between), so it marks where a write's new rows begin.
fn last_evidence_id(tx: &Transaction<'_>) -> Result<i64> {
    Ok(
        tx.query_row("SELECT COALESCE(MAX(id), 0) FROM evidence", [], |r| {
            r.get(0)
        })?,
    )
}

/// Adds the evidence rows after `after` to the full-text index, in one statement (so FTS5
/// flushes once per write, see migration 0003).
fn index_new_evidence(tx: &Transaction<'_>, after: i64) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO evidence_fts(rowid, text) SELECT id, text FROM evidence WHERE id > ?1",
    )?
    .execute([after])?;
    Ok(())
}

fn insert_document(tx: &Transaction<'_>, d: &NewDocument) -> Result<WriteOutcome> {
    let m = &d.record.document;
    let at = now();
    let n = tx.prepare_cached(
        "INSERT INTO documents (id, title, published, dateline, url, source, lang, input, body, \
         warnings, ingested_at, coded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11) \
         ON CONFLICT (id) DO NOTHING",
    )?
    .execute(params![
        m.id,
        m.title,
        m.published,
        m.dateline,
        m.url,
        m.source,
        m.lang,
        d.input,
        d.body,
        serde_json::to_string(&d.record.warnings)?,
        at,
    ])?;
    // A success for an input clears the error an earlier run recorded for it.
    tx.prepare_cached("DELETE FROM errors WHERE input = ?1")?
        .execute([&d.input])?;
    if n == 0 {
        return Ok(WriteOutcome::Duplicate);
    }
    insert_events(tx, m, &d.record.events)?;
    insert_claims(tx, m, &d.record.transfers)?;
    Ok(WriteOutcome::Inserted)
}

/// [`Store::write`], one attempt.
fn write_ops(conn: &mut Connection, ops: &[WriteOp]) -> Result<Vec<WriteOutcome>> {
    let tx = begin_write(conn)?;
    let after = last_evidence_id(&tx)?;
    let mut out = Vec::with_capacity(ops.len());
    for op in ops {
        out.push(match op {
            WriteOp::Document(d) => insert_document(&tx, d)?,
            WriteOp::Error(e) => {
                tx.prepare_cached(
                    "INSERT INTO errors (input, code, message, at) VALUES (?1, ?2, ?3, ?4) \
                     ON CONFLICT (input) DO UPDATE SET code = excluded.code, \
                     message = excluded.message, at = excluded.at",
                )?
                .execute(params![e.input, e.code, e.message, e.at])?;
                WriteOutcome::ErrorRecorded
            }
            WriteOp::ClearError(input) => {
                tx.prepare_cached("DELETE FROM errors WHERE input = ?1")?
                    .execute([input])?;
                WriteOutcome::ErrorCleared
            }
        });
    }
    index_new_evidence(&tx, after)?;
    tx.commit()?;
    Ok(out)
}

/// A document's metadata from the first seven columns of a row (id, title, published,
/// dateline, url, source, lang).
fn meta_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<DocumentMeta> {
    Ok(DocumentMeta {
        id: r.get(0)?,
        title: r.get(1)?,
        published: r.get(2)?,
        dateline: r.get(3)?,
        url: r.get(4)?,
        source: r.get(5)?,
        lang: r.get(6)?,
    })
}

/// [`Store::replace_events`], one attempt.
fn replace_events(
    conn: &mut Connection,
    id: &str,
    meta: Option<&DocumentMeta>,
    events: &[Event],
) -> Result<()> {
    let tx = begin_write(conn)?;
    let stored: Option<DocumentMeta> = tx
        .query_row(
            "SELECT id, title, published, dateline, url, source, lang FROM documents WHERE id = ?1",
            [id],
            meta_row,
        )
        .optional()?;
    let Some(mut m) = stored else {
        return Err(StoreError::NoDocument(id.to_owned()));
    };
    if let Some(new) = meta {
        // The id is the key and stays; the rest follows the newer coding.
        m = DocumentMeta {
            id: m.id,
            ..new.clone()
        };
        tx.execute(
            "UPDATE documents SET title = ?2, published = ?3, dateline = ?4, url = ?5, \
             source = ?6, lang = ?7 WHERE id = ?1",
            params![
                m.id,
                m.title,
                m.published,
                m.dateline,
                m.url,
                m.source,
                m.lang
            ],
        )?;
    }
    for sql in delete_document_rows(Dialect::Sqlite) {
        tx.execute(&sql, [id])?;
    }
    let after = last_evidence_id(&tx)?;
    insert_events(&tx, &m, events)?;
    insert_claims(&tx, &m, &claims::from_events(events))?;
    index_new_evidence(&tx, after)?;
    tx.execute(
        "UPDATE documents SET coded_at = ?2 WHERE id = ?1",
        params![id, now()],
    )?;
    tx.commit()?;
    Ok(())
}

/// [`Store::mark_seen`], one attempt (in a write transaction, so that a busy lock is retried
/// like every other write).
fn mark_seen(conn: &mut Connection, feed: &str, item: &str) -> Result<bool> {
    let tx = begin_write(conn)?;
    let n = tx
        .prepare_cached(
            "INSERT INTO seen_items (feed, item, seen_at) VALUES (?1, ?2, ?3) \
             ON CONFLICT (feed, item) DO NOTHING",
        )?
        .execute(params![feed, item, now()])?;
    tx.commit()?;
    Ok(n == 1)
}

/// [`Store::add_review`], one attempt: the document check and the insert under one lock.
fn add_review(conn: &mut Connection, r: &Review) -> Result<i64> {
    let tx = begin_write(conn)?;
    if !tx
        .prepare_cached("SELECT 1 FROM documents WHERE id = ?1")?
        .exists([&r.document])?
    {
        return Err(StoreError::NoDocument(r.document.clone()));
    }
    tx.execute(
        "INSERT INTO reviews (doc_id, fingerprint, eid, verdict, field, value, note, \
         reviewer, at, snapshot) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            r.document,
            r.fingerprint,
            r.event,
            r.verdict.as_str(),
            r.field,
            r.value,
            r.note,
            r.reviewer,
            r.at,
            serde_json::to_string(&r.snapshot)?,
        ],
    )?;
    let id = tx.last_insert_rowid();
    tx.commit()?;
    Ok(id)
}

impl Store for SqliteStore {
    fn write(&mut self, ops: &[WriteOp]) -> Result<Vec<WriteOutcome>> {
        retry_busy(|| write_ops(&mut self.conn, ops))
    }

    fn has_document(&mut self, id: &str) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM documents WHERE id = ?1")?
            .exists([id])?)
    }

    fn document_ids(&mut self) -> Result<Vec<String>> {
        let mut st = self.conn.prepare("SELECT id FROM documents ORDER BY id")?;
        let ids = st
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(ids)
    }

    fn document(&mut self, id: &str) -> Result<Option<StoredDocument>> {
        let row = self
            .conn
            .query_row(
                "SELECT id, title, published, dateline, url, source, lang, body, input, warnings \
                 FROM documents WHERE id = ?1",
                [id],
                |r| {
                    Ok((
                        meta_row(r)?,
                        r.get::<_, Vec<u8>>(7)?,
                        r.get::<_, Option<String>>(8)?,
                        r.get::<_, String>(9)?,
                    ))
                },
            )
            .optional()?;
        match row {
            None => Ok(None),
            Some((meta, body, input, warnings)) => Ok(Some(StoredDocument {
                meta,
                body,
                input,
                warnings: serde_json::from_str(&warnings)?,
            })),
        }
    }

    fn replace_events(
        &mut self,
        id: &str,
        meta: Option<&DocumentMeta>,
        events: &[Event],
    ) -> Result<()> {
        retry_busy(|| replace_events(&mut self.conn, id, meta, events))
    }

    fn errors(&mut self) -> Result<Vec<ErrorEntry>> {
        let mut st = self
            .conn
            .prepare("SELECT input, code, message, at FROM errors ORDER BY input")?;
        let v = st
            .query_map([], |r| {
                Ok(ErrorEntry {
                    input: r.get(0)?,
                    code: r.get(1)?,
                    message: r.get(2)?,
                    at: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(v)
    }

    fn mark_seen(&mut self, feed: &str, item: &str) -> Result<bool> {
        retry_busy(|| mark_seen(&mut self.conn, feed, item))
    }

    fn is_seen(&mut self, feed: &str, item: &str) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM seen_items WHERE feed = ?1 AND item = ?2")?
            .exists([feed, item])?)
    }

    fn scan(&mut self, q: &Query, f: &mut dyn FnMut(Hit) -> Result<()>) -> Result<()> {
        q.validate()?;
        // SQLite's planner has no statistics on how many rows a value matches, so each
        // filter's candidates are counted (up to a cap) and the smallest drives.
        let conn = &self.conn;
        let (sql, ps) = build_query(q, Dialect::Sqlite, &mut |sql, ps| {
            conn.prepare_cached(sql)
                .and_then(|mut st| {
                    st.query_row(rusqlite::params_from_iter(ps.iter()), |r| {
                        r.get::<_, i64>(0)
                    })
                })
                .ok()
                .map(|n| n as u64)
        });
        let mut st = self.conn.prepare_cached(&sql)?;
        let mut rows = st.query(rusqlite::params_from_iter(ps.iter()))?;
        let (mut last, mut n) = (None, 0usize);
        while let Some(r) = rows.next()? {
            if q.limit.is_some_and(|l| n >= l) {
                break;
            }
            let row_id: i64 = r.get(8)?;
            if last.replace(row_id) == Some(row_id) {
                continue;
            }
            n += 1;
            let rec: String = r.get(0)?;
            let hit: Hit = hit_from(
                &rec,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
            )?;
            f(hit)?;
        }
        Ok(())
    }

    fn scan_claims(
        &mut self,
        q: &ClaimQuery,
        f: &mut dyn FnMut(ClaimHit) -> Result<()>,
    ) -> Result<()> {
        q.validate()?;
        let (sql, ps) = claims::claim_sql(q, Dialect::Sqlite);
        let mut st = self.conn.prepare_cached(&sql)?;
        let mut rows = st.query(rusqlite::params_from_iter(ps.iter()))?;
        while let Some(r) = rows.next()? {
            let rec: String = r.get(0)?;
            f(hit_from(
                &rec,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
            )?)?;
        }
        Ok(())
    }

    fn counts(&mut self) -> Result<Counts> {
        let c = |conn: &Connection, t: &str| -> Result<u64> {
            let n: i64 = conn.query_row(&format!("SELECT COUNT(*) FROM {t}"), [], |r| r.get(0))?;
            Ok(n as u64)
        };
        Ok(Counts {
            documents: c(&self.conn, "documents")?,
            events: c(&self.conn, "events")?,
            evidence: c(&self.conn, "evidence")?,
            errors: c(&self.conn, "errors")?,
            seen_items: c(&self.conn, "seen_items")?,
        })
    }

    fn generation(&mut self) -> Result<Option<u64>> {
        // Changes when another connection commits (WAL or not); this connection's own
        // writes leave it alone, so a cache keeps one connection just to ask.
        let v: i64 = self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?;
        Ok(Some(v as u64))
    }

    fn add_review(&mut self, r: &Review) -> Result<i64> {
        r.validate()?;
        retry_busy(|| add_review(&mut self.conn, r))
    }

    fn reviews(&mut self, document: Option<&str>) -> Result<Vec<Review>> {
        let sql = format!(
            "SELECT {} FROM reviews WHERE ?1 IS NULL OR doc_id = ?1 ORDER BY id",
            review::COLUMNS
        );
        let mut st = self.conn.prepare_cached(&sql)?;
        let mut rows = st.query([document])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(review::from_row(
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                &r.get::<_, String>(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
                r.get(9)?,
                &r.get::<_, String>(10)?,
            )?);
        }
        Ok(out)
    }
}
