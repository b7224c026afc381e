//! The PostgreSQL backend (feature `postgres`): same schema meaning as SQLite, full text via a
//! generated `tsvector` column with a GIN index.

use postgres::fallible_iterator::FallibleIterator;
use postgres::types::ToSql;
use postgres::{Client, NoTls, Transaction};
use sitrep_record::{DocumentMeta, Event, TransferClaim};

use crate::claims::{self, ClaimRow};
use crate::review;
use crate::sql::{Dialect, build_query, delete_document_rows, hit_from};
use crate::{
    CLAIMS_MIGRATION, ClaimHit, ClaimQuery, Counts, ErrorEntry, Hit, MIGRATIONS, NewDocument,
    Query, Result, Review, Store, StoreError, StoredDocument, WriteOp, WriteOutcome, actor_rows,
    event_days, now, span_class,
};

/// A PostgreSQL database.
pub struct PgStore {
    client: Client,
}

impl PgStore {
    /// Connects (`postgres://user:pass@host:port/db`) and applies pending migrations.
    pub fn connect(url: &str) -> Result<Self> {
        let client = Client::connect(url, NoTls)?;
        let mut s = Self { client };
        s.migrate()?;
        Ok(s)
    }

    fn migrate(&mut self) -> Result<()> {
        let mut tx = self.client.transaction()?;
        // Serialise concurrent first opens (parallel tests, several ingesters).
        tx.execute("SELECT pg_advisory_xact_lock(7245017)", &[])?;
        tx.batch_execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations \
             (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)",
        )?;
        let current: i32 = tx
            .query_one(
                "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
                &[],
            )?
            .get(0);
        let current = u32::try_from(current).unwrap_or(0);
        let newest = MIGRATIONS.last().map_or(0, |m| m.0);
        if current > newest {
            return Err(StoreError::SchemaTooNew {
                found: current,
                supported: newest,
            });
        }
        for (version, _, sql) in MIGRATIONS.iter().filter(|m| m.0 > current) {
            tx.batch_execute(sql).map_err(|e| StoreError::Migration {
                version: *version,
                reason: e.to_string(),
            })?;
            if *version == CLAIMS_MIGRATION {
                backfill_claims(&mut tx)?;
            }
            let v = i32::try_from(*version).unwrap_or(i32::MAX);
            tx.execute(
                "INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)",
                &[&v, &now()],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The underlying client (tests).
    pub fn client(&mut self) -> &mut Client {
        &mut self.client
    }
}

fn insert_events(tx: &mut Transaction<'_>, doc: &DocumentMeta, events: &[Event]) -> Result<()> {
    let ev_st = tx.prepare(
        "INSERT INTO events (doc_id, eid, type, mode, certainty, negated, day_start, day_end, \
         record, span_class) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )?;
    let act_st = tx
        .prepare("INSERT INTO event_actors (event, role, country, name) VALUES ($1, $2, $3, $4)")?;
    let item_st =
        tx.prepare("INSERT INTO event_items (event, category, designation) VALUES ($1, $2, $3)")?;
    let evid_st = tx.prepare(
        "INSERT INTO evidence (event, sentence, start, \"end\", text) VALUES ($1, $2, $3, $4, $5)",
    )?;
    for ev in events {
        let days = event_days(doc, ev);
        let record = serde_json::to_string(ev)?;
        let row = tx.query_one(
            &ev_st,
            &[
                &doc.id,
                &ev.id,
                &ev.kind.as_str(),
                &ev.mode,
                &ev.certainty.level.as_str(),
                &ev.negated,
                &days.as_ref().map(|d| d.0.clone()),
                &days.as_ref().map(|d| d.1.clone()),
                &record,
                &days.as_ref().map_or(0, span_class),
            ],
        )?;
        let rowid: i64 = row.get(0);
        for (role, country, name) in actor_rows(ev) {
            tx.execute(&act_st, &[&rowid, &role, &country, &name])?;
        }
        if let Some(t) = &ev.transfer {
            for i in &t.items {
                tx.execute(&item_st, &[&rowid, &i.category, &i.designation])?;
            }
        }
        for e in &ev.evidence {
            let sentence = i32::try_from(e.sentence).unwrap_or(i32::MAX);
            tx.execute(
                &evid_st,
                &[
                    &rowid,
                    &sentence,
                    &(e.start as i64),
                    &(e.end as i64),
                    &e.text,
                ],
            )?;
        }
    }
    Ok(())
}

fn insert_claims(
    tx: &mut Transaction<'_>,
    doc: &DocumentMeta,
    claims: &[TransferClaim],
) -> Result<()> {
    let claim_st = tx.prepare(
        "INSERT INTO claims (doc_id, cid, supplier_code, supplier_name, recipient_code, \
         recipient_name, status, stance, certainty, day_start, day_end, embargo, record) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
    )?;
    let item_st = tx.prepare("INSERT INTO claim_items (claim, category) VALUES ($1, $2)")?;
    let act_st = tx
        .prepare("INSERT INTO claim_actors (claim, role, country, name) VALUES ($1, $2, $3, $4)")?;
    for c in claims {
        let r = ClaimRow::of(doc, c)?;
        let row = tx.query_one(
            &claim_st,
            &[
                &doc.id,
                &c.id,
                &r.supplier_code,
                &r.supplier_name,
                &r.recipient_code,
                &r.recipient_name,
                &r.status,
                &r.stance,
                &r.certainty,
                &r.days.as_ref().map(|d| d.0.clone()),
                &r.days.as_ref().map(|d| d.1.clone()),
                &r.embargo,
                &r.record,
            ],
        )?;
        let rowid: i64 = row.get(0);
        for cat in &r.categories {
            tx.execute(&item_st, &[&rowid, cat])?;
        }
        for (role, country, name) in &r.actors {
            tx.execute(&act_st, &[&rowid, role, country, name])?;
        }
    }
    Ok(())
}

/// Fills the claims table of a database stored before it (migration 0010): each document's
/// claims assembled from its stored events, documents in the order their events were stored.
fn backfill_claims(tx: &mut Transaction<'_>) -> Result<()> {
    let docs: Vec<DocumentMeta> = tx
        .query(
            "SELECT d.id, d.title, d.published, d.dateline, d.url, d.source, d.lang \
             FROM documents d JOIN (SELECT doc_id, MIN(id) AS first FROM events GROUP BY doc_id) f \
             ON f.doc_id = d.id ORDER BY f.first",
            &[],
        )?
        .iter()
        .map(meta_from)
        .collect();
    let ev_st = tx.prepare("SELECT record FROM events WHERE doc_id = $1 ORDER BY id")?;
    for doc in docs {
        let events = (tx.query(&ev_st, &[&doc.id])?.iter())
            .map(|r| Ok(serde_json::from_str::<Event>(r.get::<_, &str>(0))?))
            .collect::<Result<Vec<Event>>>()?;
        insert_claims(tx, &doc, &claims::from_events(&events))?;
    }
    Ok(())
}

fn insert_document(tx: &mut Transaction<'_>, d: &NewDocument) -> Result<WriteOutcome> {
    let m = &d.record.document;
    let at = now();
    let warnings = serde_json::to_string(&d.record.warnings)?;
    let n = tx.execute(
        "INSERT INTO documents (id, title, published, dateline, url, source, lang, input, body, \
         warnings, ingested_at, coded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) \
         ON CONFLICT (id) DO NOTHING",
        &[
            &m.id,
            &m.title,
            &m.published,
            &m.dateline,
            &m.url,
            &m.source,
            &m.lang,
            &d.input,
            &d.body,
            &warnings,
            &at,
        ],
    )?;
    tx.execute("DELETE FROM errors WHERE input = $1", &[&d.input])?;
    if n == 0 {
        return Ok(WriteOutcome::Duplicate);
    }
    insert_events(tx, m, &d.record.events)?;
    insert_claims(tx, m, &d.record.transfers)?;
    Ok(WriteOutcome::Inserted)
}

fn meta_from(r: &postgres::Row) -> DocumentMeta {
    DocumentMeta {
        id: r.get(0),
        title: r.get(1),
        published: r.get(2),
        dateline: r.get(3),
        url: r.get(4),
        source: r.get(5),
        lang: r.get(6),
    }
}

impl Store for PgStore {
    fn write(&mut self, ops: &[WriteOp]) -> Result<Vec<WriteOutcome>> {
        let mut tx = self.client.transaction()?;
        let mut out = Vec::with_capacity(ops.len());
        for op in ops {
            out.push(match op {
                WriteOp::Document(d) => insert_document(&mut tx, d)?,
                WriteOp::Error(e) => {
                    tx.execute(
                        "INSERT INTO errors (input, code, message, at) VALUES ($1, $2, $3, $4) \
                         ON CONFLICT (input) DO UPDATE SET code = excluded.code, \
                         message = excluded.message, at = excluded.at",
                        &[&e.input, &e.code, &e.message, &e.at],
                    )?;
                    WriteOutcome::ErrorRecorded
                }
                WriteOp::ClearError(input) => {
                    tx.execute("DELETE FROM errors WHERE input = $1", &[input])?;
                    WriteOutcome::ErrorCleared
                }
            });
        }
        tx.commit()?;
        Ok(out)
    }

    fn has_document(&mut self, id: &str) -> Result<bool> {
        Ok(!self
            .client
            .query("SELECT 1 FROM documents WHERE id = $1", &[&id])?
            .is_empty())
    }

    fn document_ids(&mut self) -> Result<Vec<String>> {
        Ok(self
            .client
            .query("SELECT id FROM documents ORDER BY id", &[])?
            .iter()
            .map(|r| r.get(0))
            .collect())
    }

    fn document(&mut self, id: &str) -> Result<Option<StoredDocument>> {
        let rows = self.client.query(
            "SELECT id, title, published, dateline, url, source, lang, body, input, warnings \
             FROM documents WHERE id = $1",
            &[&id],
        )?;
        let Some(r) = rows.first() else {
            return Ok(None);
        };
        let warnings: String = r.get(9);
        Ok(Some(StoredDocument {
            meta: meta_from(r),
            body: r.get(7),
            input: r.get(8),
            warnings: serde_json::from_str(&warnings)?,
        }))
    }

    fn replace_events(
        &mut self,
        id: &str,
        meta: Option<&DocumentMeta>,
        events: &[Event],
    ) -> Result<()> {
        let mut tx = self.client.transaction()?;
        let rows = tx.query(
            "SELECT id, title, published, dateline, url, source, lang FROM documents \
             WHERE id = $1 FOR UPDATE",
            &[&id],
        )?;
        let Some(r) = rows.first() else {
            return Err(StoreError::NoDocument(id.to_owned()));
        };
        let mut m = meta_from(r);
        if let Some(new) = meta {
            m = DocumentMeta {
                id: m.id,
                ..new.clone()
            };
            tx.execute(
                "UPDATE documents SET title = $2, published = $3, dateline = $4, url = $5, \
                 source = $6, lang = $7 WHERE id = $1",
                &[
                    &m.id,
                    &m.title,
                    &m.published,
                    &m.dateline,
                    &m.url,
                    &m.source,
                    &m.lang,
                ],
            )?;
        }
        for sql in delete_document_rows(Dialect::Postgres) {
            tx.execute(sql.as_str(), &[&id])?;
        }
        insert_events(&mut tx, &m, events)?;
        insert_claims(&mut tx, &m, &claims::from_events(events))?;
        tx.execute(
            "UPDATE documents SET coded_at = $2 WHERE id = $1",
            &[&id, &now()],
        )?;
        tx.commit()?;
        Ok(())
    }

    fn errors(&mut self) -> Result<Vec<ErrorEntry>> {
        Ok(self
            .client
            .query(
                "SELECT input, code, message, at FROM errors ORDER BY input",
                &[],
            )?
            .iter()
            .map(|r| ErrorEntry {
                input: r.get(0),
                code: r.get(1),
                message: r.get(2),
                at: r.get(3),
            })
            .collect())
    }

    fn mark_seen(&mut self, feed: &str, item: &str) -> Result<bool> {
        let n = self.client.execute(
            "INSERT INTO seen_items (feed, item, seen_at) VALUES ($1, $2, $3) \
             ON CONFLICT (feed, item) DO NOTHING",
            &[&feed, &item, &now()],
        )?;
        Ok(n == 1)
    }

    fn is_seen(&mut self, feed: &str, item: &str) -> Result<bool> {
        Ok(!self
            .client
            .query(
                "SELECT 1 FROM seen_items WHERE feed = $1 AND item = $2",
                &[&feed, &item],
            )?
            .is_empty())
    }

    fn scan(&mut self, q: &Query, f: &mut dyn FnMut(Hit) -> Result<()>) -> Result<()> {
        q.validate()?;
        // PostgreSQL's own planner picks the driving filter from its statistics.
        let (sql, ps) = build_query(q, Dialect::Postgres, &mut |_, _| None);
        let params: Vec<&(dyn ToSql + Sync)> =
            ps.iter().map(|s| s as &(dyn ToSql + Sync)).collect();
        let mut rows = self.client.query_raw(sql.as_str(), params)?;
        while let Some(r) = rows.next()? {
            let rec: String = r.get(0);
            let hit: Hit = hit_from(
                &rec,
                r.get(1),
                r.get(2),
                r.get(3),
                r.get(4),
                r.get(5),
                r.get(6),
                r.get(7),
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
        let (sql, ps) = claims::claim_sql(q, Dialect::Postgres);
        let params: Vec<&(dyn ToSql + Sync)> =
            ps.iter().map(|s| s as &(dyn ToSql + Sync)).collect();
        let mut rows = self.client.query_raw(sql.as_str(), params)?;
        while let Some(r) = rows.next()? {
            f(hit_from(
                r.get(0),
                r.get(1),
                r.get(2),
                r.get(3),
                r.get(4),
                r.get(5),
                r.get(6),
                r.get(7),
            )?)?;
        }
        Ok(())
    }

    fn counts(&mut self) -> Result<Counts> {
        let mut c = |t: &str| -> Result<u64> {
            let n: i64 = self
                .client
                .query_one(&format!("SELECT COUNT(*) FROM {t}"), &[])?
                .get(0);
            Ok(n as u64)
        };
        Ok(Counts {
            documents: c("documents")?,
            events: c("events")?,
            evidence: c("evidence")?,
            errors: c("errors")?,
            seen_items: c("seen_items")?,
        })
    }

    fn add_review(&mut self, r: &Review) -> Result<i64> {
        r.validate()?;
        if !self.has_document(&r.document)? {
            return Err(StoreError::NoDocument(r.document.clone()));
        }
        let row = self.client.query_one(
            "INSERT INTO reviews (doc_id, fingerprint, eid, verdict, field, value, note, \
             reviewer, at, snapshot) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
             RETURNING id",
            &[
                &r.document,
                &r.fingerprint,
                &r.event,
                &r.verdict.as_str(),
                &r.field,
                &r.value,
                &r.note,
                &r.reviewer,
                &r.at,
                &serde_json::to_string(&r.snapshot)?,
            ],
        )?;
        Ok(row.get(0))
    }

    fn reviews(&mut self, document: Option<&str>) -> Result<Vec<Review>> {
        let sql = format!(
            "SELECT {} FROM reviews WHERE $1::TEXT IS NULL OR doc_id = $1 ORDER BY id",
            review::COLUMNS
        );
        let mut out = Vec::new();
        for r in self.client.query(&sql, &[&document])? {
            out.push(review::from_row(
                r.get(0),
                r.get(1),
                r.get(2),
                r.get(3),
                r.get::<_, &str>(4),
                r.get(5),
                r.get(6),
                r.get(7),
                r.get(8),
                r.get(9),
                r.get::<_, &str>(10),
            )?);
        }
        Ok(out)
    }
}
