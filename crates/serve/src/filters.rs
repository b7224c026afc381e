//! Query-string filters shared by the API and the pages: the CLI's filters (`sitrep query`)
//! plus the few the UI facets add (transfer status, stance, embargo), and cursor paging.

use serde::Deserialize;
use sitrep_record::{CertaintyLevel, Event, EventType};
use sitrep_store::Query;

use crate::ApiError;

/// Largest page.
pub const MAX_LIMIT: usize = 500;
/// Page size when none is asked for.
pub const DEFAULT_LIMIT: usize = 50;

/// Filters as they arrive in a query string. Lists are comma-separated.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Params {
    /// Event types, `AID,ASSAULT`.
    #[serde(rename = "type")]
    pub types: Option<String>,
    /// Source or target actors (code or name), comma-separated; all must match.
    pub actor: Option<String>,
    /// Transfer supplier.
    pub supplier: Option<String>,
    /// Transfer recipient.
    pub recipient: Option<String>,
    /// Item category prefix.
    pub category: Option<String>,
    /// Who says so.
    pub claimant: Option<String>,
    /// Certainty level.
    pub certainty: Option<String>,
    /// Transfer status (`delivered`, `agreed`, …, `none`).
    pub status: Option<String>,
    /// `asserted`, `hedged` or `denied`.
    pub stance: Option<String>,
    /// `yes`: only events under a UN arms embargo; `no`: only those not.
    pub embargo: Option<String>,
    /// First day.
    pub since: Option<String>,
    /// Last day.
    pub until: Option<String>,
    /// Full text (words in one evidence sentence).
    pub q: Option<String>,
    /// One document.
    pub document: Option<String>,
    /// Page size.
    pub limit: Option<usize>,
    /// Opaque cursor from a previous page's `next_cursor`.
    pub cursor: Option<String>,
    /// Ledger sort column and direction (`documents`, `-year`).
    pub sort: Option<String>,
}

fn set(v: &Option<String>) -> Option<String> {
    v.as_ref()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
}

/// An event's transfer status, `none` when it has no transfer or no stage.
pub fn status(e: &Event) -> &str {
    e.transfer
        .as_ref()
        .and_then(|t| t.status.as_deref())
        .unwrap_or("none")
}

impl Params {
    /// The store query (no limit: paging is [`Page`]'s).
    pub fn query(&self) -> Result<Query, ApiError> {
        let mut types = Vec::new();
        for t in set(&self.types).iter().flat_map(|s| s.split(',')) {
            if t.trim().is_empty() {
                continue;
            }
            types.push(
                EventType::parse(t)
                    .ok_or_else(|| ApiError::invalid(format!("unknown event type {t:?}")))?,
            );
        }
        let certainty = match set(&self.certainty) {
            Some(c) => Some(
                CertaintyLevel::parse(&c)
                    .ok_or_else(|| ApiError::invalid(format!("unknown certainty {c:?}")))?,
            ),
            None => None,
        };
        if let Some(s) = set(&self.stance)
            && !["asserted", "hedged", "denied"].contains(&s.as_str())
        {
            return Err(ApiError::invalid(format!(
                "stance {s:?}: want asserted, hedged or denied"
            )));
        }
        if let Some(s) = set(&self.embargo)
            && !["yes", "no"].contains(&s.as_str())
        {
            return Err(ApiError::invalid(format!("embargo {s:?}: want yes or no")));
        }
        let q = Query {
            types,
            actors: set(&self.actor)
                .map(|a| a.split(',').map(|s| s.trim().to_owned()).collect())
                .unwrap_or_default(),
            supplier: set(&self.supplier),
            recipient: set(&self.recipient),
            category: set(&self.category),
            claimant: set(&self.claimant),
            certainty,
            since: set(&self.since),
            until: set(&self.until),
            text: set(&self.q),
            document: set(&self.document),
            limit: None,
        };
        q.validate()?;
        Ok(q)
    }

    /// Whether filters beyond the store's are set (they are applied after the scan).
    pub fn has_post_filters(&self) -> bool {
        set(&self.status).is_some() || set(&self.stance).is_some() || set(&self.embargo).is_some()
    }

    /// The filters the store does not know.
    pub fn keeps(&self, e: &Event) -> bool {
        if let Some(s) = set(&self.status)
            && status(e) != s
        {
            return false;
        }
        if let Some(s) = set(&self.stance)
            && e.stance() != s
        {
            return false;
        }
        match set(&self.embargo).as_deref() {
            Some("yes") => e.under_arms_embargo(),
            Some("no") => !e.under_arms_embargo(),
            _ => true,
        }
    }

    /// Paging from `limit` and `cursor`.
    pub fn page(&self) -> Result<Page, ApiError> {
        let limit = self.limit.unwrap_or(DEFAULT_LIMIT);
        if limit == 0 || limit > MAX_LIMIT {
            return Err(ApiError::invalid(format!(
                "limit {limit}: want 1 to {MAX_LIMIT}"
            )));
        }
        let offset = match set(&self.cursor) {
            Some(c) => decode_cursor(&c)?,
            None => 0,
        };
        Ok(Page { offset, limit })
    }

    /// The set filters as `key=value` pairs (for links that keep them).
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let all = [
            ("type", &self.types),
            ("actor", &self.actor),
            ("supplier", &self.supplier),
            ("recipient", &self.recipient),
            ("category", &self.category),
            ("claimant", &self.claimant),
            ("certainty", &self.certainty),
            ("status", &self.status),
            ("stance", &self.stance),
            ("embargo", &self.embargo),
            ("since", &self.since),
            ("until", &self.until),
            ("q", &self.q),
            ("document", &self.document),
        ];
        all.into_iter()
            .filter_map(|(k, v)| set(v).map(|v| (k, v)))
            .collect()
    }
}

/// Where a page starts and how long it is.
#[derive(Debug, Clone, Copy)]
pub struct Page {
    /// Items skipped.
    pub offset: usize,
    /// Items returned.
    pub limit: usize,
}

impl Page {
    /// The cursor of the page after this one, if `total_seen` says there is one.
    pub fn next(&self, more: bool) -> Option<String> {
        more.then(|| encode_cursor(self.offset + self.limit))
    }
}

/// Cursors are opaque to clients: `c` + the offset in hex. The store scans in storage order,
/// so an offset names the same place while nothing is written; a write between pages can
/// shift rows by the number written (no row is ever seen twice in one page).
pub fn encode_cursor(offset: usize) -> String {
    format!("c{offset:x}")
}

fn decode_cursor(c: &str) -> Result<usize, ApiError> {
    c.strip_prefix('c')
        .and_then(|h| usize::from_str_radix(h, 16).ok())
        .ok_or_else(|| {
            ApiError::Invalid(
                "invalid_cursor",
                format!("cursor {c:?} is not one this server gave"),
            )
        })
}

/// Percent-encodes a query-string value.
pub fn enc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            o.push(b as char);
        } else {
            o.push_str(&format!("%{b:02X}"));
        }
    }
    o
}

/// A query string from pairs (with a leading `?`, or empty).
pub fn qs(pairs: &[(&str, String)]) -> String {
    if pairs.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", enc(v)))
        .collect();
    format!("?{}", parts.join("&"))
}
