//! Query filters and their reference semantics ([`Query::matches`]), which the SQL backends
//! reproduce and the in-memory store uses directly.

use sitrep_record::{Actor, CertaintyLevel, DocumentMeta, Event, EventType};

use crate::{StoreError, event_days};

/// Filters for `sitrep query`, `stories` and `export`. Empty fields match everything; all set
/// fields must match. Actor-like values that are three upper-case letters (`PRK`, `UNO`) match
/// the actor's country code; anything else matches the canonical name, case-insensitively.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Query {
    /// Any of these event types.
    pub types: Vec<EventType>,
    /// Each value must match a source or target actor.
    pub actors: Vec<String>,
    /// The transfer's supplier.
    pub supplier: Option<String>,
    /// The transfer's recipient.
    pub recipient: Option<String>,
    /// A transfer item whose category equals this dotted code or lies below it.
    pub category: Option<String>,
    /// An attribution actor (who says so).
    pub claimant: Option<String>,
    /// Certainty level.
    pub certainty: Option<CertaintyLevel>,
    /// Event days (event date, else publication date) reach on or after this `YYYY-MM-DD`.
    pub since: Option<String>,
    /// Event days start on or before this `YYYY-MM-DD`.
    pub until: Option<String>,
    /// Words that must all occur in one evidence sentence.
    pub text: Option<String>,
    /// Only this document.
    pub document: Option<String>,
    /// At most this many events.
    pub limit: Option<usize>,
}

/// Whether a filter value is a country/organisation code rather than a name.
pub(crate) fn is_code(v: &str) -> bool {
    v.len() == 3 && v.bytes().all(|b| b.is_ascii_uppercase())
}

/// Whether an actor matches a filter value (see [`Query`]).
pub fn actor_matches(a: &Actor, v: &str) -> bool {
    if is_code(v) {
        a.country.as_deref() == Some(v)
    } else {
        a.name.to_lowercase() == v.trim().to_lowercase()
    }
}

/// Lower-cased words of a full-text filter.
pub(crate) fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn valid_day(s: &str) -> bool {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()
}

impl Query {
    /// Checks the filter values.
    pub fn validate(&self) -> Result<(), StoreError> {
        for d in [&self.since, &self.until].into_iter().flatten() {
            if !valid_day(d) {
                return Err(StoreError::BadQuery(format!(
                    "{d:?} is not a YYYY-MM-DD date"
                )));
            }
        }
        // SQL takes a signed 64-bit limit; a larger one would fail deep in the driver.
        if let Some(n) = self.limit
            && i64::try_from(n).is_err()
        {
            return Err(StoreError::BadQuery(format!(
                "limit {n} is over {}",
                i64::MAX
            )));
        }
        if let Some(t) = &self.text
            && words(t).is_empty()
        {
            return Err(StoreError::BadQuery(format!(
                "full-text filter {t:?} has no words"
            )));
        }
        Ok(())
    }

    /// The reference semantics of every filter.
    pub fn matches(&self, doc: &DocumentMeta, ev: &Event) -> bool {
        if !self.types.is_empty() && !self.types.contains(&ev.kind) {
            return false;
        }
        if let Some(d) = &self.document
            && &doc.id != d
        {
            return false;
        }
        for v in &self.actors {
            if !ev
                .sources
                .iter()
                .chain(&ev.targets)
                .any(|a| actor_matches(a, v))
            {
                return false;
            }
        }
        let transfer = ev.transfer.as_ref();
        if let Some(v) = &self.supplier
            && !transfer
                .and_then(|t| t.supplier.as_ref())
                .is_some_and(|a| actor_matches(a, v))
        {
            return false;
        }
        if let Some(v) = &self.recipient
            && !transfer
                .and_then(|t| t.recipient.as_ref())
                .is_some_and(|a| actor_matches(a, v))
        {
            return false;
        }
        if let Some(c) = &self.category {
            let below = format!("{c}.");
            if !transfer.is_some_and(|t| {
                t.items
                    .iter()
                    .any(|i| i.category == *c || i.category.starts_with(&below))
            }) {
                return false;
            }
        }
        if let Some(v) = &self.claimant
            && !ev.attribution.iter().any(|a| actor_matches(a, v))
        {
            return false;
        }
        if let Some(l) = self.certainty
            && ev.certainty.level != l
        {
            return false;
        }
        if self.since.is_some() || self.until.is_some() {
            let Some((start, end)) = event_days(doc, ev) else {
                return false;
            };
            if let Some(s) = &self.since
                && end.as_str() < s.as_str()
            {
                return false;
            }
            if let Some(u) = &self.until
                && start.as_str() > u.as_str()
            {
                return false;
            }
        }
        if let Some(t) = &self.text {
            let ws = words(t);
            if !ev.evidence.iter().any(|e| {
                let lower = e.text.to_lowercase();
                ws.iter().all(|w| lower.contains(w.as_str()))
            }) {
                return false;
            }
        }
        true
    }
}
