//! The ledger across documents: the claims of many documents fused into one row per supplier,
//! recipient, item family (top-level category) and year.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use sitrep_record::{Actor, DocumentMeta, Stage, Stance, TransferClaim, UN_ARMS_EMBARGO};

/// One row of the fused ledger.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FusedRow {
    /// Stable key `SUPPLIER>RECIPIENT/family/year` (`?` for an unknown side, `undated`).
    pub key: String,
    /// Supplier: its country code, else its name; `None` when unknown.
    pub supplier: Option<String>,
    /// Recipient: its country code, else its name; `None` when unknown.
    pub recipient: Option<String>,
    /// Top-level item category (`unspecified` when a claim names no goods).
    pub family: String,
    /// Year of the claims (their date, else the document's publication), `None` when undated.
    pub year: Option<i32>,
    /// The categories named within the family.
    pub categories: Vec<String>,
    /// The furthest stage any supporting document states.
    pub status: Option<Stage>,
    /// `asserted` if any document asserts it, else `hedged`, else `denied_only`.
    pub stance: Stance,
    /// Documents that report it (in any certainty).
    pub documents_for: Vec<String>,
    /// Documents that report a denial of it or only its absence.
    pub documents_against: Vec<String>,
    /// Earliest publication date among the documents.
    pub first_seen: Option<String>,
    /// Latest publication date among the documents.
    pub last_seen: Option<String>,
    /// Distinct outlets (see [`outlet`]) among the documents for it: the corroboration count.
    pub outlets: usize,
    /// Who says so, by country code else name.
    pub claimed_by: Vec<String>,
    /// Who deny it, by country code else name.
    pub denied_by: Vec<String>,
    /// Union of the transport modes.
    pub transport: Vec<String>,
    /// Any claim touches a UN arms embargo.
    pub embargo: bool,
    /// The claims behind it: (document id, claim id).
    pub claims: Vec<(String, String)>,
}

type Key = (Option<String>, Option<String>, String, Option<i32>);

/// Fuses the claims of many documents (each with its metadata) into ledger rows, in key order.
/// A claim with goods of two families counts in both rows.
pub fn fuse<'a, I>(docs: I) -> Vec<FusedRow>
where
    I: IntoIterator<Item = (&'a DocumentMeta, &'a [TransferClaim])>,
{
    let mut rows: BTreeMap<Key, Vec<(&DocumentMeta, &TransferClaim)>> = BTreeMap::new();
    for (doc, claims) in docs {
        for c in claims {
            let (s, r) = (label(c.supplier.as_ref()), label(c.recipient.as_ref()));
            let y = year(doc, c);
            for f in families(c) {
                rows.entry((s.clone(), r.clone(), f, y))
                    .or_default()
                    .push((doc, c));
            }
        }
    }
    rows.into_iter().map(|(k, m)| row(k, &m)).collect()
}

/// An actor's ledger label: its country code, else its name.
fn label(a: Option<&Actor>) -> Option<String> {
    a.map(|a| a.country.clone().unwrap_or_else(|| a.name.clone()))
}

fn families(c: &TransferClaim) -> BTreeSet<String> {
    let mut f: BTreeSet<String> = (c.items.iter())
        .map(|i| family(&i.category).to_owned())
        .collect();
    if f.is_empty() {
        f.insert("unspecified".to_owned());
    }
    f
}

fn family(category: &str) -> &str {
    category.split('.').next().unwrap_or(category)
}

/// The claim's year: its date's start, else the document's publication.
fn year(doc: &DocumentMeta, c: &TransferClaim) -> Option<i32> {
    let d = c.date.as_ref().map(|d| d.start.as_str());
    d.or(doc.published.as_deref())?.get(..4)?.parse().ok()
}

/// A document's outlet: the host of its URL without `www.`, else its source name.
pub fn outlet(doc: &DocumentMeta) -> Option<String> {
    let host = doc.url.as_deref().and_then(|u| {
        let rest = u.split_once("://").map_or(u, |(_, r)| r);
        let authority = rest.split(['/', '?', '#']).next()?;
        let host = authority.rsplit('@').next()?.split(':').next()?;
        let host = host.to_lowercase();
        let host = host.trim_start_matches("www.").to_owned();
        (!host.is_empty()).then_some(host)
    });
    host.or_else(|| doc.source.clone().filter(|s| !s.is_empty()))
}

fn against(c: &TransferClaim) -> bool {
    c.stance == Stance::DeniedOnly || !c.denied_by.is_empty()
}

fn row(k: Key, members: &[(&DocumentMeta, &TransferClaim)]) -> FusedRow {
    let (supplier, recipient, family_name, year) = k;
    let ids = |keep: &dyn Fn(&TransferClaim) -> bool| -> Vec<String> {
        let s: BTreeSet<&str> = (members.iter())
            .filter(|(_, c)| keep(c))
            .map(|(d, _)| d.id.as_str())
            .collect();
        s.into_iter().map(str::to_owned).collect()
    };
    let supporting: Vec<&(&DocumentMeta, &TransferClaim)> = (members.iter())
        .filter(|(_, c)| c.stance != Stance::DeniedOnly)
        .collect();
    let dates: BTreeSet<&str> = (members.iter())
        .filter_map(|(d, _)| d.published.as_deref())
        .collect();
    let outlets: BTreeSet<String> = supporting.iter().filter_map(|(d, _)| outlet(d)).collect();
    let gather = |f: &dyn Fn(&TransferClaim) -> Vec<String>| -> Vec<String> {
        let s: BTreeSet<String> = members.iter().flat_map(|(_, c)| f(c)).collect();
        s.into_iter().collect()
    };
    let labels = |a: &[Actor]| a.iter().filter_map(|a| label(Some(a))).collect::<Vec<_>>();
    FusedRow {
        key: format!(
            "{}>{}/{family_name}/{}",
            supplier.as_deref().unwrap_or("?"),
            recipient.as_deref().unwrap_or("?"),
            year.map_or("undated".to_owned(), |y| y.to_string())
        ),
        categories: gather(&|c| {
            (c.items.iter())
                .filter(|i| family(&i.category) == family_name)
                .map(|i| i.category.clone())
                .collect()
        }),
        status: status(members, &supporting),
        stance: strongest(members),
        documents_for: ids(&|c| c.stance != Stance::DeniedOnly),
        documents_against: ids(&against),
        first_seen: dates.first().map(|d| (*d).to_owned()),
        last_seen: dates.last().map(|d| (*d).to_owned()),
        outlets: outlets.len(),
        claimed_by: gather(&|c| labels(&c.claimed_by)),
        denied_by: gather(&|c| labels(&c.denied_by)),
        transport: gather(&|c| c.transport.clone()),
        embargo: (members.iter()).any(|(_, c)| c.flags.iter().any(|f| f.kind == UN_ARMS_EMBARGO)),
        claims: (members.iter())
            .map(|(d, c)| (d.id.clone(), c.id.clone()))
            .collect(),
        supplier,
        recipient,
        family: family_name,
        year,
    }
}

/// The furthest stage among the supporting claims, else among all.
fn status(
    all: &[(&DocumentMeta, &TransferClaim)],
    supporting: &[&(&DocumentMeta, &TransferClaim)],
) -> Option<Stage> {
    let top = supporting.iter().filter_map(|(_, c)| c.status).max();
    top.or_else(|| all.iter().filter_map(|(_, c)| c.status).max())
}

fn strongest(members: &[(&DocumentMeta, &TransferClaim)]) -> Stance {
    let has = |s: Stance| members.iter().any(|(_, c)| c.stance == s);
    if has(Stance::Asserted) {
        Stance::Asserted
    } else if has(Stance::Hedged) {
        Stance::Hedged
    } else {
        Stance::DeniedOnly
    }
}

#[cfg(test)]
mod tests;
