//! Stored document-level transfer claims (records 1.1 `transfers`, migration 0010): the filters
//! of [`ClaimQuery`] with their reference semantics ([`ClaimQuery::matches`]), the columns a
//! claim is stored under ([`ClaimRow`]) and the SQL both SQL backends run.
//!
//! A document's claims are written in the transaction that writes its events and replaced with
//! them: on ingest they are the record's `transfers`, on `replace_events` (recode) and when
//! migration 0010 fills an older database they are assembled from the events, as the pipeline
//! assembles them ([`sitrep_ledger::assemble`]).

use sitrep_record::{Actor, DocumentMeta, Event, Stage, Stance, TransferClaim, UN_ARMS_EMBARGO};

use crate::sql::Dialect;
use crate::{Result, StoreError};

/// Filters for stored claims. Empty fields match everything; all set fields must match.
/// Actor values match an actor's country code (any case) or its canonical name
/// (case-insensitively): `prk`, `PRK` and `north korea` all match North Korea.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ClaimQuery {
    /// The claim's supplier.
    pub supplier: Option<String>,
    /// The claim's recipient.
    pub recipient: Option<String>,
    /// An item whose category equals this dotted code or lies below it.
    pub category: Option<String>,
    /// The claim's furthest stage.
    pub status: Option<Stage>,
    /// How the document holds the claim.
    pub stance: Option<Stance>,
    /// One of the claim's `claimed_by`.
    pub claimant: Option<String>,
    /// Whether the claim touches a UN arms embargo.
    pub embargo: Option<bool>,
    /// The claim's days (its date, else its document's publication) reach on or after this.
    pub since: Option<String>,
    /// The claim's days start on or before this `YYYY-MM-DD`.
    pub until: Option<String>,
    /// At most this many claims.
    pub limit: Option<usize>,
}

/// One stored claim with its document's metadata: what [`Store::scan_claims`] yields.
///
/// [`Store::scan_claims`]: crate::Store::scan_claims
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ClaimHit {
    /// The document.
    pub document: DocumentMeta,
    /// The claim, in the records 1.1 shape.
    pub claim: TransferClaim,
}

/// A side or claimant value as (upper-cased code, lower-cased name).
fn wanted(v: &str) -> (String, String) {
    (v.trim().to_ascii_uppercase(), v.trim().to_lowercase())
}

fn actor_is(a: &Actor, v: &str) -> bool {
    let (code, name) = wanted(v);
    a.country.as_deref() == Some(code.as_str()) || a.name.to_lowercase() == name
}

fn under(category: &str, want: &str) -> bool {
    category == want
        || category
            .strip_prefix(want)
            .is_some_and(|rest| rest.starts_with('.'))
}

/// The days a claim is filed under: its date, else its document's publication date.
pub fn claim_days(doc: &DocumentMeta, c: &TransferClaim) -> Option<(String, String)> {
    match &c.date {
        Some(d) => Some((d.start.clone(), d.end.clone())),
        None => doc.published.clone().map(|p| (p.clone(), p)),
    }
}

/// Whether a claim touches a UN arms embargo.
pub fn under_embargo(c: &TransferClaim) -> bool {
    c.flags.iter().any(|f| f.kind == UN_ARMS_EMBARGO)
}

impl ClaimQuery {
    /// Checks the filter values.
    pub fn validate(&self) -> Result<()> {
        for d in [&self.since, &self.until].into_iter().flatten() {
            if chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_err() {
                return Err(StoreError::BadQuery(format!(
                    "{d:?} is not a YYYY-MM-DD date"
                )));
            }
        }
        if let Some(n) = self.limit
            && i64::try_from(n).is_err()
        {
            return Err(StoreError::BadQuery(format!(
                "limit {n} is over {}",
                i64::MAX
            )));
        }
        Ok(())
    }

    /// The reference semantics of every filter.
    pub fn matches(&self, doc: &DocumentMeta, c: &TransferClaim) -> bool {
        let side = |want: &Option<String>, a: Option<&Actor>| {
            want.as_deref()
                .is_none_or(|w| a.is_some_and(|a| actor_is(a, w)))
        };
        let days = claim_days(doc, c);
        let after = self
            .since
            .as_deref()
            .is_none_or(|s| days.as_ref().is_some_and(|(_, end)| end.as_str() >= s));
        let before = self
            .until
            .as_deref()
            .is_none_or(|u| days.as_ref().is_some_and(|(start, _)| start.as_str() <= u));
        side(&self.supplier, c.supplier.as_ref())
            && side(&self.recipient, c.recipient.as_ref())
            && (self.category.as_deref())
                .is_none_or(|w| c.items.iter().any(|i| under(&i.category, w)))
            && self.status.is_none_or(|s| c.status == Some(s))
            && self.stance.is_none_or(|s| c.stance == s)
            && (self.claimant.as_deref())
                .is_none_or(|w| c.claimed_by.iter().any(|a| actor_is(a, w)))
            && self.embargo.is_none_or(|e| under_embargo(c) == e)
            && after
            && before
    }
}

/// The columns a claim is stored under (migration 0010).
pub(crate) struct ClaimRow {
    pub supplier_code: Option<String>,
    pub supplier_name: Option<String>,
    pub recipient_code: Option<String>,
    pub recipient_name: Option<String>,
    pub status: Option<&'static str>,
    pub stance: &'static str,
    pub certainty: &'static str,
    pub days: Option<(String, String)>,
    pub embargo: bool,
    pub record: String,
    /// One per distinct item category.
    pub categories: Vec<String>,
    /// (role `c` claimant or `d` denier, country, lower-cased name).
    pub actors: Vec<(&'static str, Option<String>, String)>,
}

impl ClaimRow {
    pub(crate) fn of(doc: &DocumentMeta, c: &TransferClaim) -> Result<Self> {
        let code = |a: &Option<Actor>| a.as_ref().and_then(|a| a.country.clone());
        let name = |a: &Option<Actor>| a.as_ref().map(|a| a.name.to_lowercase());
        let mut categories: Vec<String> = c.items.iter().map(|i| i.category.clone()).collect();
        categories.sort();
        categories.dedup();
        let people = |role: &'static str, v: &[Actor]| {
            v.iter()
                .map(move |a| (role, a.country.clone(), a.name.to_lowercase()))
                .collect::<Vec<_>>()
        };
        let mut actors = people("c", &c.claimed_by);
        actors.extend(people("d", &c.denied_by));
        Ok(Self {
            supplier_code: code(&c.supplier),
            supplier_name: name(&c.supplier),
            recipient_code: code(&c.recipient),
            recipient_name: name(&c.recipient),
            status: c.status.map(Stage::as_str),
            stance: c.stance.as_str(),
            certainty: c.certainty.level.as_str(),
            days: claim_days(doc, c),
            embargo: under_embargo(c),
            record: serde_json::to_string(c)?,
            categories,
            actors,
        })
    }
}

/// A document's claims as stored events give them (recode, migration 0010's backfill).
pub(crate) fn from_events(events: &[Event]) -> Vec<TransferClaim> {
    sitrep_ledger::assemble(events)
}

/// Columns selected by [`claim_sql`]: the claim JSON, then the document's metadata.
const COLUMNS: &str = "c.record, d.id, d.title, d.published, d.dateline, d.url, d.source, d.lang";

/// The SELECT for `q` and its text parameters, in storage order (claim row id).
pub(crate) fn claim_sql(q: &ClaimQuery, dialect: Dialect) -> (String, Vec<String>) {
    let mut ps: Vec<String> = Vec::new();
    let mut p = |v: String| {
        ps.push(v);
        match dialect {
            Dialect::Sqlite => format!("?{}", ps.len()),
            Dialect::Postgres => format!("${}", ps.len()),
        }
    };
    let mut w: Vec<String> = Vec::new();
    for (col, v) in [("supplier", &q.supplier), ("recipient", &q.recipient)] {
        if let Some(v) = v {
            let (code, name) = wanted(v);
            let (a, b) = (p(code), p(name));
            w.push(format!("(c.{col}_code = {a} OR c.{col}_name = {b})"));
        }
    }
    if let Some(cat) = &q.category {
        // `cat.` .. `cat/` is exactly the set of strings starting with `cat.` ('/' follows '.').
        let (eq, lo, hi) = (p(cat.clone()), p(format!("{cat}.")), p(format!("{cat}/")));
        w.push(format!(
            "EXISTS (SELECT 1 FROM claim_items i WHERE i.claim = c.id AND (i.category = {eq} \
             OR (i.category >= {lo} AND i.category < {hi})))"
        ));
    }
    if let Some(s) = q.status {
        w.push(format!("c.status = {}", p(s.as_str().to_owned())));
    }
    if let Some(s) = q.stance {
        w.push(format!("c.stance = {}", p(s.as_str().to_owned())));
    }
    if let Some(v) = &q.claimant {
        let (code, name) = wanted(v);
        let (a, b) = (p(code), p(name));
        w.push(format!(
            "EXISTS (SELECT 1 FROM claim_actors a WHERE a.claim = c.id AND a.role = 'c' \
             AND (a.country = {a} OR a.name = {b}))"
        ));
    }
    if let Some(e) = q.embargo {
        w.push(match (dialect, e) {
            (Dialect::Sqlite, e) => format!("c.embargo = {}", i32::from(e)),
            (Dialect::Postgres, true) => "c.embargo".to_owned(),
            (Dialect::Postgres, false) => "NOT c.embargo".to_owned(),
        });
    }
    if let Some(s) = &q.since {
        w.push(format!("c.day_end >= {}", p(s.clone())));
    }
    if let Some(u) = &q.until {
        w.push(format!("c.day_start <= {}", p(u.clone())));
    }
    let mut sql = format!("SELECT {COLUMNS} FROM claims c JOIN documents d ON d.id = c.doc_id");
    if !w.is_empty() {
        sql.push_str(" WHERE ");
        sql.push_str(&w.join(" AND "));
    }
    sql.push_str(" ORDER BY c.id");
    if let Some(n) = q.limit {
        sql.push_str(&format!(" LIMIT {n}"));
    }
    (sql, ps)
}

impl From<(TransferClaim, DocumentMeta)> for ClaimHit {
    fn from((claim, document): (TransferClaim, DocumentMeta)) -> Self {
        Self { claim, document }
    }
}
