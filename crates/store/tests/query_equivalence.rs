//! The SQLite query planner's rewrites (span-class date ranges, full text driving the query,
//! probed or listed membership filters, a page pushed into a lone filter) must return exactly
//! what the reference semantics ([`Query::matches`], applied by the in-memory store) return,
//! in the same order, for random stores and random queries.
#![allow(clippy::unwrap_used, missing_docs)]

use proptest::prelude::*;
use sitrep_record::{
    Actor, ActorKind, Certainty, CertaintyLevel, DateRange, DocumentMeta, Event, EventType,
    Evidence, Item, Record, Transfer,
};
use sitrep_store::{MemoryStore, NewDocument, Query, SqliteStore, Store, WriteOp};

const COUNTRIES: [&str; 4] = ["PRK", "RUS", "UKR", "IRN"];
const CATS: [&str; 4] = [
    "missile.ballistic",
    "missile.cruise",
    "ammunition.artillery",
    "aircraft.drone",
];
// No word is a substring of another: the reference matches substrings, FTS whole tokens.
const WORDS: [&str; 6] = [
    "convoy",
    "harbour",
    "rifle",
    "border",
    "summit",
    "ceasefire",
];
const TYPES: [EventType; 3] = [EventType::Aid, EventType::Assault, EventType::Consult];
const SPANS: [i64; 6] = [0, 1, 5, 20, 200, 900];

fn actor(c: &str) -> Actor {
    Actor {
        text: c.to_owned(),
        name: format!("state {c}"),
        kind: ActorKind::State,
        country: Some(c.to_owned()),
        sector: None,
        id: None,
    }
}

fn day(offset: i64) -> String {
    let d0 = chrono::NaiveDate::from_ymd_opt(2023, 1, 1).unwrap();
    (d0 + chrono::Duration::days(offset))
        .format("%Y-%m-%d")
        .to_string()
}

#[derive(Debug, Clone)]
struct GenEvent {
    kind: usize,
    src: usize,
    tgt: usize,
    claim: Option<usize>,
    cat: Option<usize>,
    date: Option<(i64, usize)>,
    sentences: Vec<(usize, usize)>,
}

fn gen_event() -> impl Strategy<Value = GenEvent> {
    (
        0..TYPES.len(),
        0..COUNTRIES.len(),
        0..COUNTRIES.len(),
        proptest::option::of(0..COUNTRIES.len()),
        proptest::option::of(0..CATS.len()),
        proptest::option::of((0i64..150, 0..SPANS.len())),
        proptest::collection::vec((0..WORDS.len(), 0..WORDS.len()), 1..3),
    )
        .prop_map(|(kind, src, tgt, claim, cat, date, sentences)| GenEvent {
            kind,
            src,
            tgt,
            claim,
            cat,
            date,
            sentences,
        })
}

fn event(i: usize, g: &GenEvent) -> Event {
    Event {
        id: format!("e{}", i + 1),
        kind: TYPES[g.kind],
        mode: None,
        contexts: vec![],
        sources: vec![actor(COUNTRIES[g.src])],
        targets: vec![actor(COUNTRIES[g.tgt])],
        date: g.date.map(|(start, span)| DateRange {
            start: day(start),
            end: day(start + SPANS[span]),
            text: String::new(),
        }),
        location: None,
        negated: false,
        certainty: Certainty {
            level: CertaintyLevel::Asserted,
            cue: None,
        },
        attribution: g.claim.map(|c| actor(COUNTRIES[c])).into_iter().collect(),
        about: vec![],
        transfer: g.cat.map(|c| Transfer {
            supplier: Some(actor(COUNTRIES[g.src])),
            recipient: Some(actor(COUNTRIES[g.tgt])),
            items: vec![Item {
                category: CATS[c].to_owned(),
                text: String::new(),
                designation: None,
                quantity: None,
            }],
            transport: vec![],
            status: None,
            value: None,
        }),
        flags: vec![],
        evidence: g
            .sentences
            .iter()
            .enumerate()
            .map(|(k, (a, b))| Evidence {
                sentence: k,
                start: 0,
                end: 1,
                text: format!("The {} reached the {} at dawn.", WORDS[*a], WORDS[*b]),
            })
            .collect(),
        why: "test".to_owned(),
    }
}

fn doc(i: usize, published: i64, evs: &[GenEvent]) -> NewDocument {
    NewDocument {
        record: Record {
            document: DocumentMeta {
                id: format!("{i:08x}"),
                published: Some(day(published)),
                ..DocumentMeta::default()
            },
            events: evs.iter().enumerate().map(|(k, g)| event(k, g)).collect(),
            transfers: vec![],
            nlp: None,
            warnings: vec![],
        },
        body: Vec::new(),
        input: format!("gen/{i}"),
    }
}

#[derive(Debug, Clone)]
struct GenQuery {
    types: Vec<usize>,
    actor: Option<usize>,
    supplier: Option<usize>,
    claimant: Option<usize>,
    category: Option<usize>,
    since: Option<i64>,
    until: Option<i64>,
    text: Option<usize>,
    limit: Option<usize>,
}

fn gen_query() -> impl Strategy<Value = GenQuery> {
    (
        proptest::collection::vec(0..TYPES.len(), 0..3),
        proptest::option::weighted(0.4, 0..COUNTRIES.len()),
        proptest::option::weighted(0.2, 0..COUNTRIES.len()),
        proptest::option::weighted(0.2, 0..COUNTRIES.len()),
        proptest::option::weighted(0.2, 0..CATS.len() + 1),
        proptest::option::weighted(0.5, 0i64..200),
        proptest::option::weighted(0.5, 0i64..200),
        proptest::option::weighted(0.3, 0..WORDS.len()),
        proptest::option::weighted(0.5, 1usize..8),
    )
        .prop_map(
            |(types, actor, supplier, claimant, category, since, until, text, limit)| GenQuery {
                types,
                actor,
                supplier,
                claimant,
                category,
                since,
                until,
                text,
                limit,
            },
        )
}

impl GenQuery {
    fn query(&self) -> Query {
        Query {
            types: self.types.iter().map(|&t| TYPES[t]).collect(),
            actors: self
                .actor
                .map(|a| COUNTRIES[a].to_owned())
                .into_iter()
                .collect(),
            supplier: self.supplier.map(|a| COUNTRIES[a].to_owned()),
            claimant: self.claimant.map(|a| COUNTRIES[a].to_owned()),
            // The extra index is a category prefix ("missile").
            category: self
                .category
                .map(|c| CATS.get(c).map_or("missile", |s| *s).to_owned()),
            since: self.since.map(day),
            until: self.until.map(day),
            text: self.text.map(|w| WORDS[w].to_owned()),
            limit: self.limit,
            ..Query::default()
        }
    }
}

fn keys(hits: &[sitrep_store::Hit]) -> Vec<(String, String)> {
    hits.iter()
        .map(|h| (h.document.id.clone(), h.event.id.clone()))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]
    #[test]
    fn sqlite_answers_like_the_reference(
        docs in proptest::collection::vec(
            (0i64..150, proptest::collection::vec(gen_event(), 1..4)), 1..40),
        queries in proptest::collection::vec(gen_query(), 12),
    ) {
        let tmp = tempfile::tempdir().unwrap();
        let mut sql = SqliteStore::open(tmp.path().join("q.db")).unwrap();
        let mut mem = MemoryStore::new();
        let ops: Vec<WriteOp> = docs
            .iter()
            .enumerate()
            .map(|(i, (p, evs))| WriteOp::Document(doc(i, *p, evs)))
            .collect();
        sql.write(&ops).unwrap();
        mem.write(&ops).unwrap();
        for g in &queries {
            let q = g.query();
            let want = keys(&mem.query(&q).unwrap());
            let got = keys(&sql.query(&q).unwrap());
            prop_assert_eq!(got, want, "{:?}", q);
        }
    }
}
