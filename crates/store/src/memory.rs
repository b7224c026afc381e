//! The in-memory backend: the reference implementation of the [`Store`] semantics, for tests.

use std::collections::{BTreeMap, HashMap, HashSet};

use sitrep_record::{DocumentMeta, Event, TransferClaim};

use crate::{
    ClaimHit, ClaimQuery, Counts, ErrorEntry, Hit, Query, Result, Review, Store, StoreError,
    StoredDocument, WriteOp, WriteOutcome,
};

struct Doc {
    stored: StoredDocument,
    /// Event slots: (storage sequence number, event); a recode appends new numbers, as the
    /// SQL backends hand out new row ids.
    events: Vec<(u64, Event)>,
    /// Claim slots, numbered from the same sequence as events.
    claims: Vec<(u64, TransferClaim)>,
}

/// Everything in memory; lost when dropped.
#[derive(Default)]
pub struct MemoryStore {
    docs: HashMap<String, Doc>,
    /// Storage sequence number of each event -> document id.
    order: BTreeMap<u64, String>,
    next: u64,
    errors: BTreeMap<String, ErrorEntry>,
    seen: HashSet<(String, String)>,
    reviews: Vec<Review>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn add_events(&mut self, id: &str, events: &[Event]) -> Vec<(u64, Event)> {
        events
            .iter()
            .map(|e| {
                self.next += 1;
                self.order.insert(self.next, id.to_owned());
                (self.next, e.clone())
            })
            .collect()
    }

    fn number_claims(&mut self, claims: &[TransferClaim]) -> Vec<(u64, TransferClaim)> {
        claims
            .iter()
            .map(|c| {
                self.next += 1;
                (self.next, c.clone())
            })
            .collect()
    }
}

impl Store for MemoryStore {
    fn write(&mut self, ops: &[WriteOp]) -> Result<Vec<WriteOutcome>> {
        let mut out = Vec::with_capacity(ops.len());
        for op in ops {
            out.push(match op {
                WriteOp::Document(d) => {
                    self.errors.remove(&d.input);
                    let id = d.record.document.id.clone();
                    if self.docs.contains_key(&id) {
                        WriteOutcome::Duplicate
                    } else {
                        let events = self.add_events(&id, &d.record.events);
                        let claims = self.number_claims(&d.record.transfers);
                        self.docs.insert(
                            id,
                            Doc {
                                stored: StoredDocument {
                                    meta: d.record.document.clone(),
                                    body: d.body.clone(),
                                    input: Some(d.input.clone()),
                                    warnings: d.record.warnings.clone(),
                                },
                                events,
                                claims,
                            },
                        );
                        WriteOutcome::Inserted
                    }
                }
                WriteOp::Error(e) => {
                    self.errors.insert(e.input.clone(), e.clone());
                    WriteOutcome::ErrorRecorded
                }
                WriteOp::ClearError(input) => {
                    self.errors.remove(input);
                    WriteOutcome::ErrorCleared
                }
            });
        }
        Ok(out)
    }

    fn has_document(&mut self, id: &str) -> Result<bool> {
        Ok(self.docs.contains_key(id))
    }

    fn document_ids(&mut self) -> Result<Vec<String>> {
        let mut v: Vec<String> = self.docs.keys().cloned().collect();
        v.sort();
        Ok(v)
    }

    fn document(&mut self, id: &str) -> Result<Option<StoredDocument>> {
        Ok(self.docs.get(id).map(|d| d.stored.clone()))
    }

    fn replace_events(
        &mut self,
        id: &str,
        meta: Option<&DocumentMeta>,
        events: &[Event],
    ) -> Result<()> {
        let Some(old) = self.docs.get(id).map(|d| d.events.clone()) else {
            return Err(StoreError::NoDocument(id.to_owned()));
        };
        for (n, _) in old {
            self.order.remove(&n);
        }
        let new = self.add_events(id, events);
        let claims = self.number_claims(&crate::claims::from_events(events));
        if let Some(d) = self.docs.get_mut(id) {
            d.events = new;
            d.claims = claims;
            if let Some(m) = meta {
                d.stored.meta = DocumentMeta {
                    id: id.to_owned(),
                    ..m.clone()
                };
            }
        }
        Ok(())
    }

    fn errors(&mut self) -> Result<Vec<ErrorEntry>> {
        Ok(self.errors.values().cloned().collect())
    }

    fn mark_seen(&mut self, feed: &str, item: &str) -> Result<bool> {
        Ok(self.seen.insert((feed.to_owned(), item.to_owned())))
    }

    fn is_seen(&mut self, feed: &str, item: &str) -> Result<bool> {
        Ok(self.seen.contains(&(feed.to_owned(), item.to_owned())))
    }

    fn scan(&mut self, q: &Query, f: &mut dyn FnMut(Hit) -> Result<()>) -> Result<()> {
        q.validate()?;
        let mut n = 0usize;
        for (seq, id) in &self.order {
            if q.limit.is_some_and(|l| n >= l) {
                break;
            }
            let Some(doc) = self.docs.get(id) else {
                continue;
            };
            let Some((_, ev)) = doc.events.iter().find(|(s, _)| s == seq) else {
                continue;
            };
            if q.matches(&doc.stored.meta, ev) {
                n += 1;
                f(Hit {
                    document: doc.stored.meta.clone(),
                    event: ev.clone(),
                })?;
            }
        }
        Ok(())
    }

    fn scan_claims(
        &mut self,
        q: &ClaimQuery,
        f: &mut dyn FnMut(ClaimHit) -> Result<()>,
    ) -> Result<()> {
        q.validate()?;
        let mut all: Vec<(u64, &DocumentMeta, &TransferClaim)> = (self.docs.values())
            .flat_map(|d| d.claims.iter().map(|(n, c)| (*n, &d.stored.meta, c)))
            .filter(|(_, d, c)| q.matches(d, c))
            .collect();
        all.sort_by_key(|x| x.0);
        for (_, d, c) in all.into_iter().take(q.limit.unwrap_or(usize::MAX)) {
            f(ClaimHit {
                document: d.clone(),
                claim: c.clone(),
            })?;
        }
        Ok(())
    }

    fn counts(&mut self) -> Result<Counts> {
        let events = self.order.len() as u64;
        let evidence = self
            .docs
            .values()
            .flat_map(|d| d.events.iter())
            .map(|(_, e)| e.evidence.len() as u64)
            .sum();
        Ok(Counts {
            documents: self.docs.len() as u64,
            events,
            evidence,
            errors: self.errors.len() as u64,
            seen_items: self.seen.len() as u64,
        })
    }

    fn add_review(&mut self, r: &Review) -> Result<i64> {
        r.validate()?;
        if !self.docs.contains_key(&r.document) {
            return Err(StoreError::NoDocument(r.document.clone()));
        }
        let id = self.reviews.len() as i64 + 1;
        self.reviews.push(Review { id, ..r.clone() });
        Ok(id)
    }

    fn reviews(&mut self, document: Option<&str>) -> Result<Vec<Review>> {
        Ok(self
            .reviews
            .iter()
            .filter(|r| document.is_none_or(|d| r.document == d))
            .cloned()
            .collect())
    }
}
