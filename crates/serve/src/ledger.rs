//! The arms-transfer ledger as the workbench shows it: one row per (supplier, recipient, item
//! family, year), with the claims and documents behind it.
//!
//! **The seam.** Rows come from a [`LedgerSource`]. Today's source, [`EventLedger`], fuses
//! the `transfer` blocks of stored events in [`fuse_events`]. The document-level transfer
//! claims (records 1.1 `TransferClaim`, a claims table, a ledger fused across documents) are
//! being built on another branch; when they land, implement [`LedgerSource`] over that table
//! and set it in [`crate::App::with_stores`] — nothing else in this crate reads transfers for
//! the ledger.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use sitrep_store::{Hit, Query, Store, StoreError};

/// One claim behind a ledger row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Member {
    /// Document id.
    pub document: String,
    /// Event id within it.
    pub event: String,
    /// Document title.
    pub title: Option<String>,
    /// Outlet.
    pub source: Option<String>,
    /// Publication date.
    pub published: Option<String>,
    /// `asserted`, `hedged` or `denied`.
    pub stance: String,
    /// Transfer status.
    pub status: Option<String>,
    /// Items as written.
    pub items: Vec<String>,
    /// Evidence sentence.
    pub sentence: String,
}

/// One ledger row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LedgerRow {
    /// Stable key `SUPPLIER>RECIPIENT/family/year`.
    pub key: String,
    /// Supplier code (or name).
    pub supplier: String,
    /// Recipient code (or name).
    pub recipient: String,
    /// Top-level item category.
    pub family: String,
    /// Year of the claim (event date, else publication), `None` when undated.
    pub year: Option<i32>,
    /// Claims (events).
    pub claims: usize,
    /// Distinct documents: the corroboration count.
    pub documents: usize,
    /// Distinct outlets.
    pub sources: Vec<String>,
    /// Who says so (names; empty when only the outlets do).
    pub claimants: Vec<String>,
    /// Statuses seen.
    pub statuses: Vec<String>,
    /// Strongest stance: `asserted` if any claim is, else `hedged`, `denied` if all deny.
    pub stance: String,
    /// Any claim touches a UN arms embargo.
    pub embargo: bool,
    /// The claims.
    pub members: Vec<Member>,
}

/// Where ledger rows come from (see the module doc).
pub trait LedgerSource: Send + Sync {
    /// Ledger rows among the transfers matching `q` and `keep`, in key order.
    fn rows(
        &self,
        store: &mut dyn Store,
        q: &Query,
        keep: &dyn Fn(&Hit) -> bool,
    ) -> Result<Vec<LedgerRow>, StoreError>;
}

/// Today's source: the events' own transfer blocks.
pub struct EventLedger;

impl LedgerSource for EventLedger {
    fn rows(
        &self,
        store: &mut dyn Store,
        q: &Query,
        keep: &dyn Fn(&Hit) -> bool,
    ) -> Result<Vec<LedgerRow>, StoreError> {
        let mut hits = Vec::new();
        store.scan(q, &mut |h| {
            if h.event.transfer.is_some() && keep(&h) {
                hits.push(h);
            }
            Ok(())
        })?;
        Ok(fuse_events(&hits))
    }
}

fn label(a: Option<&sitrep_record::Actor>) -> String {
    a.map(|a| a.country.clone().unwrap_or_else(|| a.name.clone()))
        .unwrap_or_else(|| "?".to_owned())
}

fn year(h: &Hit) -> Option<i32> {
    let d = sitrep_store::event_days(&h.document, &h.event)?.0;
    d.get(..4)?.parse().ok()
}

/// Groups transfer events by (supplier, recipient, item family, year). An event with items
/// of two families counts in both rows.
pub fn fuse_events(hits: &[Hit]) -> Vec<LedgerRow> {
    let mut rows: BTreeMap<(String, String, String, Option<i32>), Vec<&Hit>> = BTreeMap::new();
    for h in hits {
        let Some(t) = &h.event.transfer else { continue };
        let mut families: BTreeSet<String> = t
            .items
            .iter()
            .map(|i| i.category.split('.').next().unwrap_or("").to_owned())
            .collect();
        if families.is_empty() {
            families.insert("unspecified".to_owned());
        }
        let (s, r) = (label(t.supplier.as_ref()), label(t.recipient.as_ref()));
        for f in families {
            rows.entry((s.clone(), r.clone(), f, year(h)))
                .or_default()
                .push(h);
        }
    }
    rows.into_iter()
        .map(|((s, r, f, y), hs)| row(s, r, f, y, &hs))
        .collect()
}

fn row(
    supplier: String,
    recipient: String,
    family: String,
    year: Option<i32>,
    hs: &[&Hit],
) -> LedgerRow {
    let docs: BTreeSet<&str> = hs.iter().map(|h| h.document.id.as_str()).collect();
    let set = |f: &dyn Fn(&Hit) -> Vec<String>| -> Vec<String> {
        let s: BTreeSet<String> = hs.iter().flat_map(|h| f(h)).collect();
        s.into_iter().collect()
    };
    let stances: BTreeSet<&str> = hs.iter().map(|h| h.event.stance()).collect();
    let strongest = if stances.contains("asserted") {
        "asserted"
    } else if stances.contains("hedged") {
        "hedged"
    } else {
        "denied"
    };
    LedgerRow {
        key: format!(
            "{supplier}>{recipient}/{family}/{}",
            year.map_or("undated".to_owned(), |y| y.to_string())
        ),
        claims: hs.len(),
        documents: docs.len(),
        sources: set(&|h| h.document.source.iter().cloned().collect()),
        claimants: set(&|h| h.event.attribution.iter().map(|a| a.name.clone()).collect()),
        statuses: set(&|h| {
            h.event
                .transfer
                .iter()
                .filter_map(|t| t.status.clone())
                .collect()
        }),
        stance: strongest.to_owned(),
        embargo: hs.iter().any(|h| h.event.under_arms_embargo()),
        members: hs.iter().map(|h| member(h)).collect(),
        supplier,
        recipient,
        family,
        year,
    }
}

fn member(h: &Hit) -> Member {
    let t = h.event.transfer.as_ref();
    Member {
        document: h.document.id.clone(),
        event: h.event.id.clone(),
        title: h.document.title.clone(),
        source: h.document.source.clone(),
        published: h.document.published.clone(),
        stance: h.event.stance().to_owned(),
        status: t.and_then(|t| t.status.clone()),
        items: t
            .map(|t| t.items.iter().map(|i| i.text.clone()).collect())
            .unwrap_or_default(),
        sentence: h
            .event
            .evidence
            .first()
            .map(|e| e.text.clone())
            .unwrap_or_default(),
    }
}

/// Sorts rows by a column name, `-` first for descending (`-documents`).
pub fn sort_rows(rows: &mut [LedgerRow], by: &str) {
    let (desc, col) = match by.strip_prefix('-') {
        Some(c) => (true, c),
        None => (false, by),
    };
    rows.sort_by(|a, b| {
        let o = match col {
            "supplier" => a.supplier.cmp(&b.supplier),
            "recipient" => a.recipient.cmp(&b.recipient),
            "family" => a.family.cmp(&b.family),
            "year" => a.year.cmp(&b.year),
            "claims" => a.claims.cmp(&b.claims),
            "documents" => a.documents.cmp(&b.documents),
            _ => a.key.cmp(&b.key),
        };
        if desc { o.reverse() } else { o }
    });
}
