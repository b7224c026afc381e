//! Reader reviews of machine output: a reader marks an event correct or wrong, or corrects one
//! field, with a note. Reviews sit in their own table and never change an event.
//!
//! They are keyed by the document id and the event's [`fingerprint`] — its type, the byte span
//! of its primary evidence and its ordinal among events of that type on that span — so a
//! review stays with its event when `recode` replaces the document's events (new row ids,
//! perhaps new `e1`, `e2` numbering) as long as the coder still finds that event in that
//! sentence. A review whose fingerprint no longer matches is kept and shown as orphaned.
//!
//! Also here: the export of reviews as transfer gold (`shared/spec/transfer-gold.md`) and the
//! precision of each coder rule over reviewed events ([`rule_stats`]).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sitrep_record::{DocumentMeta, Event};

use crate::StoreError;

/// What the reader says about an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// The event is right as coded.
    Correct,
    /// The event should not exist (or is wrong beyond repair).
    Wrong,
    /// One field is wrong; `field` and `value` say how it should read.
    Edit,
}

impl Verdict {
    /// Lower-case name as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Correct => "correct",
            Self::Wrong => "wrong",
            Self::Edit => "edit",
        }
    }

    /// Parses a stored name.
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Correct, Self::Wrong, Self::Edit]
            .into_iter()
            .find(|v| v.as_str() == s.trim())
    }
}

/// Fields a reader may edit.
pub const EDITABLE: [&str; 5] = ["supplier", "recipient", "items", "status", "certainty"];

/// One review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Review {
    /// Row id (0 before it is stored).
    pub id: i64,
    /// Document id.
    pub document: String,
    /// The event's [`fingerprint`].
    pub fingerprint: String,
    /// The event's id when it was reviewed (informative; ids may change on recode).
    pub event: String,
    /// The reader's verdict.
    pub verdict: Verdict,
    /// For [`Verdict::Edit`]: which field of [`EDITABLE`].
    pub field: Option<String>,
    /// For [`Verdict::Edit`]: the reader's value (codes, comma-separated categories, a status).
    pub value: Option<String>,
    /// Free text.
    pub note: Option<String>,
    /// Who reviewed, if known.
    pub reviewer: Option<String>,
    /// When (RFC 3339 UTC).
    pub at: String,
    /// The event as the machine coded it when it was reviewed.
    pub snapshot: Event,
}

impl Review {
    /// Checks verdict, field and value agree.
    pub fn validate(&self) -> Result<(), StoreError> {
        let bad = |m: String| Err(StoreError::BadReview(m));
        if self.document.is_empty() || self.fingerprint.is_empty() {
            return bad("a review needs a document and an event".into());
        }
        match (self.verdict, &self.field, &self.value) {
            (Verdict::Edit, Some(f), Some(v)) if EDITABLE.contains(&f.as_str()) => {
                if v.trim().is_empty() {
                    return bad(format!("edit of {f} has an empty value"));
                }
                Ok(())
            }
            (Verdict::Edit, Some(f), _) if !EDITABLE.contains(&f.as_str()) => bad(format!(
                "field {f:?} is not editable (one of {})",
                EDITABLE.join(", ")
            )),
            (Verdict::Edit, _, _) => bad("an edit needs a field and a value".into()),
            (_, None, None) => Ok(()),
            _ => bad("only an edit has a field and a value".into()),
        }
    }
}

/// The stable key of `events[i]` within its document: `TYPE@start-end#n`, where start-end is
/// the primary evidence span and n counts earlier events of the same type on the same span.
pub fn fingerprint(events: &[Event], i: usize) -> String {
    let key = |e: &Event| {
        let (s, t) = e.evidence.first().map_or((0, 0), |v| (v.start, v.end));
        format!("{}@{s}-{t}", e.kind)
    };
    let Some(ev) = events.get(i) else {
        return String::new();
    };
    let k = key(ev);
    let n = events[..i].iter().filter(|e| key(e) == k).count();
    format!("{k}#{n}")
}

/// Fingerprints of all events of a document, in order.
pub fn fingerprints(events: &[Event]) -> Vec<String> {
    (0..events.len()).map(|i| fingerprint(events, i)).collect()
}

/// The rule names in an event's `why` trace: `"AID:v 'sent'; src:parse:nsubj tgt:to-PP;
/// cert:word(probably)"` names `AID:v`, `src:parse:nsubj`, `tgt:to-PP`, `cert:word`. Clauses
/// are separated by `;`, rules within a clause by spaces; quoted words and parenthesised
/// arguments are the rule's inputs, not its name.
pub fn rule_names(why: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in why.split(';').flat_map(str::split_whitespace) {
        if part.starts_with('\'') || !part.contains(':') {
            continue;
        }
        let name = part.split(['(', '\'']).next().unwrap_or("").trim();
        if !name.is_empty() && !out.iter().any(|n| n == name) {
            out.push(name.to_owned());
        }
    }
    out
}

/// Precision of one rule over reviewed events.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RuleStat {
    /// Rule name (see [`rule_names`]).
    pub rule: String,
    /// Reviewed events the rule took part in.
    pub reviewed: usize,
    /// Of those, marked correct.
    pub correct: usize,
    /// Marked wrong.
    pub wrong: usize,
    /// Corrected in a field (counted as not correct).
    pub edited: usize,
}

impl RuleStat {
    /// correct / reviewed.
    pub fn precision(&self) -> f64 {
        if self.reviewed == 0 {
            0.0
        } else {
            self.correct as f64 / self.reviewed as f64
        }
    }
}

/// Each rule's precision from the latest review of each event, most reviewed first. An edit
/// counts against the rule: the record it produced was not right as it stood.
pub fn rule_stats(reviews: &[Review]) -> Vec<RuleStat> {
    rule_stats_by(reviews, &|tag| tag.to_owned())
}

/// [`rule_stats`] with each `why` tag mapped to a rule name first (`src:item-origin` to the
/// registry's `item-origin`); an event counts once per rule however many of its tags map to it.
pub fn rule_stats_by(reviews: &[Review], name: &dyn Fn(&str) -> String) -> Vec<RuleStat> {
    let mut stats: BTreeMap<String, RuleStat> = BTreeMap::new();
    for r in latest(reviews).values() {
        let mut rules: Vec<String> = rule_names(&r.snapshot.why)
            .iter()
            .map(|t| name(t))
            .collect();
        rules.sort();
        rules.dedup();
        for rule in rules {
            let s = stats.entry(rule.clone()).or_insert_with(|| RuleStat {
                rule,
                ..RuleStat::default()
            });
            s.reviewed += 1;
            match r.verdict {
                Verdict::Correct => s.correct += 1,
                Verdict::Wrong => s.wrong += 1,
                Verdict::Edit => s.edited += 1,
            }
        }
    }
    let mut v: Vec<RuleStat> = stats.into_values().collect();
    v.sort_by(|a, b| b.reviewed.cmp(&a.reviewed).then(a.rule.cmp(&b.rule)));
    v
}

/// The latest review of each (document, fingerprint): a reader who changes their mind wins.
fn latest(reviews: &[Review]) -> BTreeMap<(String, String), &Review> {
    let mut m: BTreeMap<(String, String), &Review> = BTreeMap::new();
    for r in reviews {
        m.insert((r.document.clone(), r.fingerprint.clone()), r);
    }
    m
}

/// One transfer of the gold format.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoldTransfer {
    /// Supplier ISO3 (or name when it has no country).
    pub supplier: String,
    /// Recipient ISO3 (or name).
    pub recipient: String,
    /// Top-level categories.
    pub categories: Vec<String>,
    /// Claimant countries.
    pub claimed_by: Vec<String>,
    /// Denier countries (none are known from a single event).
    pub denied_by: Vec<String>,
    /// `asserted`, `hedged` or `denied_only`.
    pub stance: String,
    /// Gold status vocabulary.
    pub status: String,
    /// The reviewers' notes.
    pub note: String,
}

/// One document's line of `gold.jsonl`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoldDocument {
    /// Document id.
    pub id: String,
    /// Its address, if known.
    pub url: Option<String>,
    /// Publication date.
    pub published: Option<String>,
    /// Reviewed transfer claims.
    pub transfers: Vec<GoldTransfer>,
    /// Always empty here: room for the annotator's hard calls.
    pub uncertain: String,
}

/// Maps the record's transfer status onto the gold vocabulary.
fn gold_status(s: Option<&str>) -> &'static str {
    match s {
        Some("delivered") => "delivered",
        Some("in_transit") => "in_transit",
        Some("agreed") | Some("ordered") => "ordered",
        Some("planned") => "planned",
        Some("offered") => "offered",
        Some("requested") => "requested",
        _ => "unknown",
    }
}

fn who(a: Option<&sitrep_record::Actor>) -> String {
    a.map(|a| a.country.clone().unwrap_or_else(|| a.name.clone()))
        .unwrap_or_default()
}

/// The event's transfer as gold, with the reader's edits applied; `None` when it is no
/// transfer, was marked wrong, or names no supplier or recipient.
fn gold_transfer(ev: &Event, reviews: &[&Review]) -> Option<GoldTransfer> {
    let t = ev.transfer.as_ref()?;
    let mut g = GoldTransfer {
        supplier: who(t.supplier.as_ref()),
        recipient: who(t.recipient.as_ref()),
        categories: t
            .items
            .iter()
            .map(|i| i.category.split('.').next().unwrap_or("").to_owned())
            .collect(),
        claimed_by: ev
            .attribution
            .iter()
            .filter_map(|a| a.country.clone())
            .collect(),
        denied_by: Vec::new(),
        // The gold format's name for a claim only denied.
        stance: match ev.stance() {
            "denied" => "denied_only",
            s => s,
        }
        .to_owned(),
        status: gold_status(t.status.as_deref()).to_owned(),
        note: String::new(),
    };
    let mut notes = Vec::new();
    for r in reviews {
        if r.verdict == Verdict::Wrong {
            return None;
        }
        if let (Some(f), Some(v)) = (&r.field, &r.value) {
            let v = v.trim().to_owned();
            match f.as_str() {
                "supplier" => g.supplier = v,
                "recipient" => g.recipient = v,
                "items" => g.categories = v.split(',').map(|c| c.trim().to_owned()).collect(),
                "status" => g.status = v,
                "certainty" => g.stance = if v == "asserted" { v } else { "hedged".into() },
                _ => {}
            }
        }
        notes.extend(r.note.clone());
    }
    g.categories.sort();
    g.categories.dedup();
    g.claimed_by.sort();
    g.claimed_by.dedup();
    g.note = notes.join(" / ");
    (!g.supplier.is_empty() && !g.recipient.is_empty()).then_some(g)
}

/// Gold for one reviewed document: every transfer event a reader reviewed and did not mark
/// wrong, edits applied, one entry per (supplier, recipient) pair (the gold unit). Events
/// nobody reviewed are left out: gold is what a person checked.
pub fn gold_document(meta: &DocumentMeta, events: &[Event], reviews: &[Review]) -> GoldDocument {
    let fps = fingerprints(events);
    let mut by_pair: BTreeMap<(String, String), GoldTransfer> = BTreeMap::new();
    for (ev, fp) in events.iter().zip(&fps) {
        let mine: Vec<&Review> = reviews.iter().filter(|r| &r.fingerprint == fp).collect();
        if mine.is_empty() {
            continue;
        }
        let Some(g) = gold_transfer(ev, &mine) else {
            continue;
        };
        match by_pair.entry((g.supplier.clone(), g.recipient.clone())) {
            std::collections::btree_map::Entry::Vacant(v) => {
                v.insert(g);
            }
            std::collections::btree_map::Entry::Occupied(mut o) => merge_gold(o.get_mut(), g),
        }
    }
    GoldDocument {
        id: meta.id.clone(),
        url: meta.url.clone(),
        published: meta.published.clone(),
        transfers: by_pair.into_values().collect(),
        uncertain: String::new(),
    }
}

/// Two claims of one pair: union of categories and claimants, the strongest stance.
fn merge_gold(a: &mut GoldTransfer, b: GoldTransfer) {
    a.categories.extend(b.categories);
    a.categories.sort();
    a.categories.dedup();
    a.claimed_by.extend(b.claimed_by);
    a.claimed_by.sort();
    a.claimed_by.dedup();
    if b.stance == "asserted" || a.stance == "denied_only" {
        a.stance = b.stance;
    }
    if a.status == "unknown" {
        a.status = b.status;
    }
    if !b.note.is_empty() {
        a.note = [a.note.as_str(), b.note.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" / ");
    }
}

/// A stored row back into a [`Review`] (both SQL back ends select the same columns).
#[allow(clippy::too_many_arguments)]
pub(crate) fn from_row(
    id: i64,
    document: String,
    fingerprint: String,
    event: String,
    verdict: &str,
    field: Option<String>,
    value: Option<String>,
    note: Option<String>,
    reviewer: Option<String>,
    at: String,
    snapshot: &str,
) -> Result<Review, StoreError> {
    Ok(Review {
        id,
        document,
        fingerprint,
        event,
        verdict: Verdict::parse(verdict)
            .ok_or_else(|| StoreError::BadReview(format!("stored verdict {verdict:?}")))?,
        field,
        value,
        note,
        reviewer,
        at,
        snapshot: serde_json::from_str(snapshot)?,
    })
}

/// Columns of the reviews table in the order [`from_row`] takes them.
pub(crate) const COLUMNS: &str =
    "id, doc_id, fingerprint, eid, verdict, field, value, note, reviewer, at, snapshot";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_names_split_the_trace() {
        assert_eq!(
            rule_names("AID:v 'sent'; src:parse:nsubj tgt:to-PP; cert:word(probably); time:clause"),
            [
                "AID:v",
                "src:parse:nsubj",
                "tgt:to-PP",
                "cert:word",
                "time:clause"
            ]
        );
        assert_eq!(
            rule_names("AID:v 'delivered'(passive); src:- tgt:parse:nsubj(reverse)"),
            ["AID:v", "src:-", "tgt:parse:nsubj"]
        );
    }

    #[test]
    fn verdicts_round_trip() {
        for v in [Verdict::Correct, Verdict::Wrong, Verdict::Edit] {
            assert_eq!(Verdict::parse(v.as_str()), Some(v));
        }
        assert_eq!(Verdict::parse("maybe"), None);
    }
}
