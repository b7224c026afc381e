//! The arms-transfer ledger as the workbench shows it: `sitrep_ledger`'s fused rows (one per
//! supplier, recipient, item family and year, with the documents for and against, first and
//! last seen, and the independent outlets that corroborate it) over the stored documents'
//! transfer claims (records 1.1 `TransferClaim`), with the claims behind each row.
//!
//! **The seam.** Claims come from a [`LedgerSource`]: [`StoredClaims`] reads the store's claims
//! table (`Store::scan_claims`) and filters with [`ClaimQuery`]'s semantics, so a request's
//! rows are the rows `sitrep ledger` prints for the same filters on the same database.
//! [`Cached`] keeps one source's whole answer while the store's
//! [`generation`](sitrep_store::Store::generation) stays the same, for requests the claims
//! table cannot narrow (the unfiltered ledger, a document's, a text filter); a request with a
//! filter the table applies reads the few claims it keeps from the store.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex};

use serde::Serialize;
use sitrep_ledger::FusedRow;
use sitrep_record::{DocumentMeta, Stage, Stance, TransferClaim};
use sitrep_store::{ClaimQuery, Query, Store, actor_matches};

use crate::ApiError;
use crate::filters::Params;

/// The stored documents that hold transfer claims, with their claims.
#[derive(Debug, Default)]
pub struct ClaimSet {
    docs: Vec<(DocumentMeta, Vec<TransferClaim>)>,
    at: HashMap<String, usize>,
}

impl ClaimSet {
    /// A set from documents and their claims (documents without claims are left out).
    pub fn new(docs: Vec<(DocumentMeta, Vec<TransferClaim>)>) -> Self {
        let docs: Vec<_> = docs.into_iter().filter(|(_, c)| !c.is_empty()).collect();
        let at = (docs.iter().enumerate())
            .map(|(i, (d, _))| (d.id.clone(), i))
            .collect();
        Self { docs, at }
    }

    /// Claims held, over all documents.
    pub fn len(&self) -> usize {
        self.docs.iter().map(|(_, c)| c.len()).sum()
    }

    /// Whether no document holds a claim.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    fn claim(&self, doc: &str, id: &str) -> Option<(&DocumentMeta, &TransferClaim)> {
        let (d, cs) = &self.docs[*self.at.get(doc)?];
        Some((d, cs.iter().find(|c| c.id == id)?))
    }
}

/// Where claims come from (see the module doc).
pub trait LedgerSource: Send + Sync {
    /// The stored documents with claims. It may hold claims the filter does not keep (the
    /// caller filters again), never fewer than it keeps.
    fn claims(&self, store: &mut dyn Store, f: &ClaimFilter) -> Result<Arc<ClaimSet>, ApiError>;

    /// Prepares what later calls reuse (a cache), if the source keeps anything.
    fn warm(&self, _store: &mut dyn Store) -> Result<(), ApiError> {
        Ok(())
    }
}

/// The store's claims table (`Store::scan_claims`), read as `sitrep ledger` reads it: the
/// filters the table knows go to the store, the rest are the caller's.
pub struct StoredClaims;

impl LedgerSource for StoredClaims {
    fn claims(&self, store: &mut dyn Store, f: &ClaimFilter) -> Result<Arc<ClaimSet>, ApiError> {
        let mut docs: Vec<(DocumentMeta, Vec<TransferClaim>)> = Vec::new();
        let mut at: HashMap<String, usize> = HashMap::new();
        store.scan_claims(&f.claims, &mut |h| {
            let k = *at.entry(h.document.id.clone()).or_insert_with(|| {
                docs.push((h.document, Vec::new()));
                docs.len() - 1
            });
            docs[k].1.push(h.claim);
            Ok(())
        })?;
        Ok(Arc::new(ClaimSet::new(docs)))
    }
}

/// A source's whole answer, kept while the store's generation, asked of a connection of
/// its own, stays the same. Without a generation (no watcher, or a back end that cannot
/// tell) every call goes to the source.
pub struct Cached<S> {
    inner: S,
    watcher: Option<Mutex<Box<dyn Store>>>,
    kept: Mutex<Option<(u64, Arc<ClaimSet>)>>,
}

impl<S: LedgerSource> Cached<S> {
    /// Caches `inner`, asking `watcher` (a connection nobody else uses) for the generation.
    pub fn new(inner: S, watcher: Option<Box<dyn Store>>) -> Self {
        Self {
            inner,
            watcher: watcher.map(Mutex::new),
            kept: Mutex::new(None),
        }
    }

    fn generation(&self) -> Result<Option<u64>, ApiError> {
        let Some(w) = &self.watcher else {
            return Ok(None);
        };
        let mut w = w.lock().map_err(|_| poisoned())?;
        Ok(w.generation()?)
    }
}

fn poisoned() -> ApiError {
    ApiError::Internal("ledger cache poisoned".into())
}

impl<S: LedgerSource> LedgerSource for Cached<S> {
    fn claims(&self, store: &mut dyn Store, f: &ClaimFilter) -> Result<Arc<ClaimSet>, ApiError> {
        // A filter the store applies reads few claims there, which is faster than filtering
        // every cached claim (the serve bench: 16 concurrent requests over 1M events).
        if f.claims != ClaimQuery::default() {
            return self.inner.claims(store, f);
        }
        let Some(generation) = self.generation()? else {
            return self.inner.claims(store, f);
        };
        // Held while building: concurrent requests wait for one build instead of each
        // scanning the store.
        let mut kept = self.kept.lock().map_err(|_| poisoned())?;
        if let Some((g, set)) = kept.as_ref()
            && *g == generation
        {
            return Ok(set.clone());
        }
        let set = self.inner.claims(store, &ClaimFilter::default())?;
        *kept = Some((generation, set.clone()));
        Ok(set)
    }

    fn warm(&self, store: &mut dyn Store) -> Result<(), ApiError> {
        if self.generation()?.is_some() {
            self.claims(store, &ClaimFilter::default())?;
        }
        Ok(())
    }
}

/// What a claim must match: the API's filters read at the claim level.
#[derive(Debug, Clone, Default)]
pub struct ClaimFilter {
    /// The store filters of the request (validated); `types` does not apply to claims.
    pub q: Query,
    /// The filters the claims table knows, with `sitrep ledger`'s semantics.
    pub claims: ClaimQuery,
    /// `Some(None)`: claims without a stage.
    pub status: Option<Option<Stage>>,
}

impl ClaimFilter {
    /// The filter of a request's parameters.
    pub fn of(p: &Params) -> Result<Self, ApiError> {
        let q = p.query()?;
        let status = match p.status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some("none") => Some(None),
            Some(s) => Some(Some(Stage::parse(s).ok_or_else(|| {
                ApiError::invalid(format!("unknown transfer status {s:?}"))
            })?)),
        };
        let stance = match p.stance.as_deref().map(str::trim) {
            Some("asserted") => Some(Stance::Asserted),
            Some("hedged") => Some(Stance::Hedged),
            Some("denied") => Some(Stance::DeniedOnly),
            _ => None, // validated by `query`
        };
        let embargo = match p.embargo.as_deref().map(str::trim) {
            Some("yes") => Some(true),
            Some("no") => Some(false),
            _ => None,
        };
        let claims = ClaimQuery {
            supplier: q.supplier.clone(),
            recipient: q.recipient.clone(),
            category: q.category.clone(),
            status: status.flatten(),
            stance,
            claimant: q.claimant.clone(),
            embargo,
            since: q.since.clone(),
            until: q.until.clone(),
            limit: None,
        };
        claims.validate()?;
        Ok(Self { q, claims, status })
    }

    /// Whether the claim of this document matches.
    pub fn keeps(&self, doc: &DocumentMeta, c: &TransferClaim) -> bool {
        let q = &self.q;
        let names_actor = |w: &String| {
            (c.supplier.iter().chain(&c.recipient))
                .chain(&c.claimed_by)
                .chain(&c.denied_by)
                .any(|a| actor_matches(a, w))
        };
        self.claims.matches(doc, c)
            && self.status.is_none_or(|s| c.status == s)
            && q.document.as_ref().is_none_or(|d| *d == doc.id)
            && q.certainty.is_none_or(|l| c.certainty.level == l)
            && q.actors.iter().all(names_actor)
            && q.text.as_deref().is_none_or(|t| told(c, t))
    }

    /// A fused row is kept when its family holds a category under the filter's (a claim
    /// with goods of two families is in both rows).
    fn keeps_row(&self, r: &FusedRow) -> bool {
        (self.q.category.as_deref()).is_none_or(|w| r.categories.iter().any(|c| under(c, w)))
    }
}

fn under(category: &str, want: &str) -> bool {
    category == want || (category.strip_prefix(want)).is_some_and(|rest| rest.starts_with('.'))
}

fn words(t: &str) -> BTreeSet<String> {
    t.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Every word of `text` occurs in one evidence sentence of the claim.
fn told(c: &TransferClaim, text: &str) -> bool {
    let want = words(text);
    c.evidence.iter().any(|e| want.is_subset(&words(&e.text)))
}

/// The fused rows that match a filter, over the claims they were fused from.
pub struct Ledger {
    /// Rows in key order until [`Ledger::sort`].
    pub rows: Vec<FusedRow>,
    set: Arc<ClaimSet>,
}

/// Filters the source's claims and fuses them (`sitrep_ledger::fuse`).
pub fn ledger(
    source: &dyn LedgerSource,
    store: &mut dyn Store,
    f: &ClaimFilter,
) -> Result<Ledger, ApiError> {
    let set = source.claims(store, f)?;
    let kept: Vec<(&DocumentMeta, std::borrow::Cow<'_, [TransferClaim]>)> = (set.docs.iter())
        .filter_map(|(d, cs)| {
            let keep: Vec<bool> = cs.iter().map(|c| f.keeps(d, c)).collect();
            if keep.iter().all(|k| *k) {
                return Some((d, std::borrow::Cow::Borrowed(cs.as_slice())));
            }
            let some: Vec<TransferClaim> = (cs.iter().zip(&keep))
                .filter(|(_, k)| **k)
                .map(|(c, _)| c.clone())
                .collect();
            (!some.is_empty()).then_some((d, std::borrow::Cow::Owned(some)))
        })
        .collect();
    let rows = sitrep_ledger::fuse(kept.iter().map(|(d, c)| (*d, c.as_ref())));
    let rows = rows.into_iter().filter(|r| f.keeps_row(r)).collect();
    drop(kept);
    Ok(Ledger { rows, set })
}

/// One claim behind a ledger row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Member {
    /// Document id.
    pub document: String,
    /// The claim's id within it (`t1`).
    pub claim: String,
    /// The events behind the claim.
    pub events: Vec<String>,
    /// Document title.
    pub title: Option<String>,
    /// Outlet: the URL's host, else the source name.
    pub outlet: Option<String>,
    /// Publication date.
    pub published: Option<String>,
    /// How the document holds it.
    pub stance: Stance,
    /// Whether the document speaks against it (denied only, or someone denies it).
    pub against: bool,
    /// The furthest stage the document states.
    pub status: Option<Stage>,
    /// Certainty level.
    pub certainty: String,
    /// Items as written.
    pub items: Vec<String>,
    /// Primary evidence sentence.
    pub sentence: String,
}

/// One ledger row as the API gives it: the fused row's fields, its counts, its claims.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LedgerRow {
    /// Stable key `SUPPLIER>RECIPIENT/family/year` (`?` for an unknown side).
    pub key: String,
    /// Supplier code (or name); `null` when no document names it.
    pub supplier: Option<String>,
    /// Recipient code (or name); `null` when no document names it.
    pub recipient: Option<String>,
    /// Top-level item category.
    pub family: String,
    /// Year of the claims, `null` when undated.
    pub year: Option<i32>,
    /// Categories named within the family.
    pub categories: Vec<String>,
    /// Furthest stage among the supporting claims.
    pub status: Option<Stage>,
    /// `asserted` if any document asserts it, else `hedged`, else `denied_only`.
    pub stance: Stance,
    /// Distinct outlets among the documents for it: the corroboration count.
    pub corroboration: usize,
    /// Documents that report it.
    pub documents_for: Vec<String>,
    /// Documents that deny it or report only its absence.
    pub documents_against: Vec<String>,
    /// Earliest publication among the documents.
    pub first_seen: Option<String>,
    /// Latest publication among the documents.
    pub last_seen: Option<String>,
    /// Who says so.
    pub claimed_by: Vec<String>,
    /// Who deny it.
    pub denied_by: Vec<String>,
    /// Transport modes.
    pub transport: Vec<String>,
    /// Any claim touches a UN arms embargo.
    pub embargo: bool,
    /// Number of claims behind it.
    pub claims: usize,
    /// The claims.
    pub members: Vec<Member>,
}

impl Ledger {
    /// Sorts rows by a column, `-` first for descending (`-corroboration`); ties keep key
    /// order.
    pub fn sort(&mut self, by: &str) {
        let (desc, col) = match by.strip_prefix('-') {
            Some(c) => (true, c),
            None => (false, by),
        };
        self.rows.sort_by(|a, b| {
            let o = match col {
                "supplier" => a.supplier.cmp(&b.supplier),
                "recipient" => a.recipient.cmp(&b.recipient),
                "family" => a.family.cmp(&b.family),
                "year" => a.year.cmp(&b.year),
                "claims" => a.claims.len().cmp(&b.claims.len()),
                "documents" => a.documents_for.len().cmp(&b.documents_for.len()),
                "against" => a.documents_against.len().cmp(&b.documents_against.len()),
                "corroboration" => a.outlets.cmp(&b.outlets),
                _ => a.key.cmp(&b.key),
            };
            if desc { o.reverse() } else { o }
        });
    }

    /// The row with its claims resolved.
    pub fn row(&self, r: FusedRow) -> LedgerRow {
        let members = (r.claims.iter())
            .filter_map(|(d, c)| self.set.claim(d, c))
            .map(|(d, c)| member(d, c))
            .collect();
        LedgerRow {
            key: r.key,
            supplier: r.supplier,
            recipient: r.recipient,
            family: r.family,
            year: r.year,
            categories: r.categories,
            status: r.status,
            stance: r.stance,
            corroboration: r.outlets,
            documents_for: r.documents_for,
            documents_against: r.documents_against,
            first_seen: r.first_seen,
            last_seen: r.last_seen,
            claimed_by: r.claimed_by,
            denied_by: r.denied_by,
            transport: r.transport,
            embargo: r.embargo,
            claims: r.claims.len(),
            members,
        }
    }
}

fn member(d: &DocumentMeta, c: &TransferClaim) -> Member {
    Member {
        document: d.id.clone(),
        claim: c.id.clone(),
        events: c.events.clone(),
        title: d.title.clone(),
        outlet: sitrep_ledger::outlet(d),
        published: d.published.clone(),
        stance: c.stance,
        against: c.stance == Stance::DeniedOnly || !c.denied_by.is_empty(),
        status: c.status,
        certainty: c.certainty.level.as_str().to_owned(),
        items: c.items.iter().map(|i| i.text.clone()).collect(),
        sentence: c
            .evidence
            .first()
            .map(|e| e.text.clone())
            .unwrap_or_default(),
    }
}
