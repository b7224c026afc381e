//! Cross-document fusion: events from different documents that report the same happening are
//! grouped into [`Story`]s. Two events are linked when they have the same type, share a country
//! (or, lacking countries, an actor name), their transfer items are compatible (one category is
//! a prefix of the other) and their days overlap within a tolerance; stories are the connected
//! groups. Denials come from REJECT events pointing at members (`about`), from REJECT events by
//! the story's targets in the same period, and from negated reports of the same happening.

use std::collections::{BTreeSet, HashMap};

use sitrep_record::{Event, EventType};

use crate::{Hit, event_days};

/// Fusion settings.
#[derive(Debug, Clone)]
pub struct FuseOptions {
    /// Days by which two events' dates may miss each other and still be the same happening.
    pub max_gap_days: i64,
    /// Stories with fewer documents are not reported.
    pub min_documents: usize,
}

impl Default for FuseOptions {
    fn default() -> Self {
        Self {
            max_gap_days: 2,
            min_documents: 2,
        }
    }
}

/// A happening reported by one or more documents.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Story {
    /// Stable id: document id prefix and event id of the earliest member.
    pub id: String,
    /// Event type.
    #[serde(rename = "type")]
    pub kind: EventType,
    /// Countries of the actors involved, sorted.
    pub countries: Vec<String>,
    /// Transfer item categories, sorted.
    pub categories: Vec<String>,
    /// First day reported.
    pub start: Option<String>,
    /// Last day reported.
    pub end: Option<String>,
    /// Number of distinct documents.
    pub documents: usize,
    /// Distinct outlets, sorted.
    pub sources: Vec<String>,
    /// Earliest publication date among the documents.
    pub first_seen: Option<String>,
    /// Who asserts it (attribution names; the outlet when it speaks in its own voice).
    pub claimants: Vec<String>,
    /// Who denies it.
    pub deniers: Vec<String>,
    /// Member events as `document-id/event-id`.
    pub members: Vec<String>,
    /// Evidence sentence of the earliest member.
    pub headline: String,
}

fn day_num(s: &str) -> Option<i64> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .map(|d| i64::from(d.num_days_from_ce()))
}

use chrono::Datelike;

struct Info {
    start: i64,
    end: i64,
    countries: BTreeSet<String>,
    names: BTreeSet<String>,
    targets: BTreeSet<String>,
    categories: Vec<String>,
}

fn info(h: &Hit) -> Option<Info> {
    let (s, e) = event_days(&h.document, &h.event)?;
    let ev = &h.event;
    let mut actors: Vec<&sitrep_record::Actor> = ev.sources.iter().chain(&ev.targets).collect();
    if let Some(t) = &ev.transfer {
        actors.extend(t.supplier.iter().chain(t.recipient.iter()));
    }
    Some(Info {
        start: day_num(&s)?,
        end: day_num(&e)?,
        countries: actors.iter().filter_map(|a| a.country.clone()).collect(),
        names: actors.iter().map(|a| a.name.to_lowercase()).collect(),
        targets: ev
            .targets
            .iter()
            .chain(ev.transfer.iter().flat_map(|t| t.supplier.iter()))
            .filter_map(|a| a.country.clone())
            .collect(),
        categories: ev
            .transfer
            .iter()
            .flat_map(|t| t.items.iter().map(|i| i.category.clone()))
            .collect(),
    })
}

fn prefix_compatible(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    long == short || long.starts_with(&format!("{short}."))
}

fn compatible(a: &Info, b: &Info, gap: i64) -> bool {
    if a.start > b.end + gap || b.start > a.end + gap {
        return false;
    }
    let actors = if !a.countries.is_empty() && !b.countries.is_empty() {
        !a.countries.is_disjoint(&b.countries)
    } else {
        !a.names.is_disjoint(&b.names)
    };
    if !actors {
        return false;
    }
    a.categories.is_empty()
        || b.categories.is_empty()
        || a.categories
            .iter()
            .any(|x| b.categories.iter().any(|y| prefix_compatible(x, y)))
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

fn who(ev: &Event) -> Vec<String> {
    ev.sources.iter().map(|a| a.name.clone()).collect()
}

/// Groups `hits` into stories (see the module documentation).
pub fn fuse(hits: &[Hit], opts: &FuseOptions) -> Vec<Story> {
    let infos: Vec<Option<Info>> = hits.iter().map(info).collect();
    let gap = opts.max_gap_days;
    let mut parent: Vec<usize> = (0..hits.len()).collect();
    // Candidates: dated, affirmative events; within a type sorted by start so each event is
    // compared only with those still open within the gap.
    let mut by_type: HashMap<EventType, Vec<usize>> = HashMap::new();
    for (i, h) in hits.iter().enumerate() {
        if infos[i].is_some() && !h.event.negated {
            by_type.entry(h.event.kind).or_default().push(i);
        }
    }
    for idx in by_type.values_mut() {
        idx.sort_by_key(|&i| infos[i].as_ref().map_or(0, |x| x.start));
        let mut open: Vec<usize> = Vec::new();
        for &i in idx.iter() {
            let Some(a) = infos[i].as_ref() else { continue };
            open.retain(|&j| infos[j].as_ref().is_some_and(|b| b.end + gap >= a.start));
            for &j in &open {
                let Some(b) = infos[j].as_ref() else { continue };
                if hits[i].document.id != hits[j].document.id && compatible(a, b, gap) {
                    let (ri, rj) = (find(&mut parent, i), find(&mut parent, j));
                    if ri != rj {
                        parent[ri.max(rj)] = ri.min(rj);
                    }
                }
            }
            open.push(i);
        }
    }
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
    for idx in by_type.values() {
        for &i in idx {
            let r = find(&mut parent, i);
            groups.entry(r).or_default().push(i);
        }
    }
    // Where each (document, event id) sits, for REJECT ... about.
    let mut member_of: HashMap<(&str, &str), usize> = HashMap::new();
    for (&root, members) in &groups {
        for &i in members {
            member_of.insert(
                (hits[i].document.id.as_str(), hits[i].event.id.as_str()),
                root,
            );
        }
    }
    let mut deniers: HashMap<usize, BTreeSet<String>> = HashMap::new();
    for h in hits.iter().filter(|h| h.event.kind == EventType::Reject) {
        for a in &h.event.about {
            if let Some(&root) = member_of.get(&(h.document.id.as_str(), a.as_str())) {
                deniers.entry(root).or_default().extend(who(&h.event));
            }
        }
    }
    let mut stories = Vec::new();
    for (root, mut members) in groups {
        let docs: BTreeSet<&str> = members
            .iter()
            .map(|&i| hits[i].document.id.as_str())
            .collect();
        if docs.len() < opts.min_documents {
            continue;
        }
        members.sort_by(|&a, &b| {
            let ka = (
                &hits[a].document.published,
                infos[a].as_ref().map(|x| x.start),
            );
            let kb = (
                &hits[b].document.published,
                infos[b].as_ref().map(|x| x.start),
            );
            ka.cmp(&kb).then(a.cmp(&b))
        });
        let m_infos: Vec<&Info> = members.iter().filter_map(|&i| infos[i].as_ref()).collect();
        let start = m_infos.iter().map(|x| x.start).min().unwrap_or(0);
        let end = m_infos.iter().map(|x| x.end).max().unwrap_or(0);
        let countries: BTreeSet<String> = m_infos
            .iter()
            .flat_map(|x| x.countries.iter().cloned())
            .collect();
        let targets: BTreeSet<String> = m_infos
            .iter()
            .flat_map(|x| x.targets.iter().cloned())
            .collect();
        let categories: BTreeSet<String> = m_infos
            .iter()
            .flat_map(|x| x.categories.iter().cloned())
            .collect();
        let kind = hits[members[0]].event.kind;
        let mut claimants = BTreeSet::new();
        for &i in &members {
            let ev = &hits[i].event;
            if ev.attribution.is_empty() {
                if let Some(s) = &hits[i].document.source {
                    claimants.insert(s.clone());
                }
            } else {
                claimants.extend(ev.attribution.iter().map(|a| a.name.clone()));
            }
        }
        let mut deny = deniers.remove(&root).unwrap_or_default();
        for (j, h) in hits.iter().enumerate() {
            let Some(b) = infos[j].as_ref() else { continue };
            let near = b.start <= end + gap && b.end + gap >= start;
            if !near {
                continue;
            }
            // A negated report of the same happening.
            if h.event.negated && h.event.kind == kind {
                let probe = Info {
                    start,
                    end,
                    countries: countries.clone(),
                    names: BTreeSet::new(),
                    targets: BTreeSet::new(),
                    categories: categories.iter().cloned().collect(),
                };
                if compatible(&probe, b, gap) {
                    if h.event.attribution.is_empty() {
                        deny.extend(who(&h.event));
                    } else {
                        deny.extend(h.event.attribution.iter().map(|a| a.name.clone()));
                    }
                }
            }
            // The accused rejecting, in the same period.
            if h.event.kind == EventType::Reject
                && kind != EventType::Reject
                && h.event
                    .sources
                    .iter()
                    .any(|a| a.country.as_ref().is_some_and(|c| targets.contains(c)))
            {
                deny.extend(who(&h.event));
            }
        }
        let first = members[0];
        let fmt = |n: i64| {
            i32::try_from(n)
                .ok()
                .and_then(chrono::NaiveDate::from_num_days_from_ce_opt)
                .map(|d| d.format("%Y-%m-%d").to_string())
        };
        let id_prefix: String = hits[first].document.id.chars().take(12).collect();
        stories.push(Story {
            id: format!("{id_prefix}-{}", hits[first].event.id),
            kind,
            countries: countries.into_iter().collect(),
            categories: categories.into_iter().collect(),
            start: fmt(start),
            end: fmt(end),
            documents: docs.len(),
            sources: members
                .iter()
                .filter_map(|&i| hits[i].document.source.clone())
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect(),
            first_seen: members
                .iter()
                .filter_map(|&i| hits[i].document.published.clone())
                .min(),
            claimants: claimants.into_iter().collect(),
            deniers: deny.into_iter().collect(),
            members: members
                .iter()
                .map(|&i| format!("{}/{}", hits[i].document.id, hits[i].event.id))
                .collect(),
            headline: hits[first]
                .event
                .evidence
                .first()
                .map(|e| e.text.clone())
                .unwrap_or_default(),
        });
    }
    stories.sort_by(|a, b| {
        b.documents
            .cmp(&a.documents)
            .then_with(|| a.first_seen.cmp(&b.first_seen))
            .then_with(|| a.id.cmp(&b.id))
    });
    stories
}
