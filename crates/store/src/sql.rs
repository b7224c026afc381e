//! SQL shared by the SQLite and PostgreSQL backends: the query builder and row decoding.

use sitrep_record::DocumentMeta;

use crate::query::{Query, is_code, words};
use crate::{Result, SPAN_LIMITS};

/// Which SQL flavour to write.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    Sqlite,
    #[cfg_attr(not(feature = "postgres"), allow(dead_code))]
    Postgres,
}

/// A document's rows that a recode replaces: each parent table with the column its child
/// tables point at it by, and those child tables (deleted first).
const DOCUMENT_ROWS: [(&str, &str, &[&str]); 2] = [
    (
        "events",
        "event",
        &["evidence", "event_items", "event_actors"],
    ),
    ("claims", "claim", &["claim_items", "claim_actors"]),
];

/// The statements that delete one document's events and claims with their child rows; the
/// document id is their one parameter.
pub(crate) fn delete_document_rows(d: Dialect) -> Vec<String> {
    let p = match d {
        Dialect::Sqlite => "?1",
        Dialect::Postgres => "$1",
    };
    let mut out = Vec::new();
    for (parent, fk, children) in DOCUMENT_ROWS {
        let sub = format!("SELECT id FROM {parent} WHERE doc_id = {p}");
        for child in children {
            out.push(format!("DELETE FROM {child} WHERE {fk} IN ({sub})"));
        }
        out.push(format!("DELETE FROM {parent} WHERE doc_id = {p}"));
    }
    out
}

/// Columns selected by [`build_query`], decoded by [`hit_from`]; the query adds the event's
/// row id after them, for dropping repeated rows.
pub(crate) const HIT_COLUMNS: &str =
    "e.record, d.id, d.title, d.published, d.dateline, d.url, d.source, d.lang";

/// A filter that can list its own candidate events from an index.
struct List {
    /// `SELECT <event id> FROM …`: the candidates.
    body: String,
    /// The same filter tested on one event `e` (a correlated probe or plain predicates).
    probe: String,
    /// Parameters `?1..?n` the body needs, for estimating its size alone.
    params: usize,
}

struct Builder {
    dialect: Dialect,
    params: Vec<String>,
    /// Plain predicates on `e`.
    clauses: Vec<String>,
    lists: Vec<List>,
}

/// Counting a list stops here: past this size a list is a poor driver whatever its size.
const ESTIMATE_CAP: u64 = 5_000;

impl Builder {
    fn param(&mut self, v: impl Into<String>) -> String {
        self.params.push(v.into());
        match self.dialect {
            Dialect::Sqlite => format!("?{}", self.params.len()),
            Dialect::Postgres => format!("${}", self.params.len()),
        }
    }

    /// The date range (with the types, if any) as a list: one index-only range per span class
    /// on `(type, span_class, day_start, day_end)` or `(span_class, day_start, day_end)`.
    /// Within class k an event overlapping [since, until] starts in [since - limit_k, until].
    fn dates(&mut self, types: Option<&str>, since: Option<&str>, until: Option<&str>) {
        let since_day = since.and_then(|s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok());
        let (sp, up) = (since.map(|s| self.param(s)), until.map(|u| self.param(u)));
        let mut branches = Vec::new();
        for class in 0..=SPAN_LIMITS.len() {
            let mut terms: Vec<String> = types.map(str::to_owned).into_iter().collect();
            terms.push(format!("span_class = {class}"));
            if let (Some(d), Some(&limit)) = (since_day, SPAN_LIMITS.get(class)) {
                let lo = (d - chrono::Duration::days(limit))
                    .format("%Y-%m-%d")
                    .to_string();
                terms.push(format!("day_start >= {}", self.param(lo)));
            }
            if let Some(u) = &up {
                terms.push(format!("day_start <= {u}"));
            }
            if let Some(s) = &sp {
                terms.push(format!("day_end >= {s}"));
            }
            branches.push(format!(
                "SELECT id FROM events WHERE {}",
                terms.join(" AND ")
            ));
        }
        let mut probe: Vec<String> = types.map(|t| format!("e.{t}")).into_iter().collect();
        probe.extend(sp.map(|s| format!("e.day_end >= {s}")));
        probe.extend(up.map(|u| format!("e.day_start <= {u}")));
        self.lists.push(List {
            body: branches.join(" UNION ALL "),
            probe: probe.join(" AND "),
            params: self.params.len(),
        });
    }

    /// Events with a row in `table` matching `cond`.
    fn member(&mut self, table: &str, cond: &str) {
        self.lists.push(List {
            body: format!("SELECT event FROM {table} WHERE {cond}"),
            probe: format!("EXISTS (SELECT 1 FROM {table} WHERE event = e.id AND {cond})"),
            params: self.params.len(),
        });
    }

    /// Events with an actor in `roles` matching `v`.
    fn actor(&mut self, roles: &str, v: &str) {
        let cond = if is_code(v) {
            format!("country = {}", self.param(v))
        } else {
            format!("name = {}", self.param(v.trim().to_lowercase()))
        };
        self.member("event_actors", &format!("{cond} AND role IN ({roles})"));
    }
}

/// Builds the SELECT for `q`, returning the SQL and its text parameters in order.
///
/// One filter *drives*: its candidates are read from its index and every other filter is
/// tested on them. Full text drives when present (SQLite: FTS5 yields rows in order and stops
/// at the page). Otherwise, among several lists, `estimate` (the rows of a candidate list,
/// counted up to a cap, given the SQL and the parameters it uses; `None` where the back end
/// has a planner with statistics) picks the smallest.
pub(crate) fn build_query(
    q: &Query,
    dialect: Dialect,
    estimate: &mut dyn FnMut(&str, &[String]) -> Option<u64>,
) -> (String, Vec<String>) {
    let mut b = Builder {
        dialect,
        params: Vec::new(),
        clauses: Vec::new(),
        lists: Vec::new(),
    };
    let types = (!q.types.is_empty()).then(|| {
        let ps: Vec<String> = q.types.iter().map(|t| b.param(t.as_str())).collect();
        format!("type IN ({})", ps.join(", "))
    });
    if q.since.is_some() || q.until.is_some() {
        b.dates(types.as_deref(), q.since.as_deref(), q.until.as_deref());
    } else if let Some(t) = &types {
        b.clauses.push(format!("e.{t}"));
    }
    if let Some(d) = &q.document {
        let p = b.param(d.as_str());
        b.clauses.push(format!("e.doc_id = {p}"));
    }
    for v in &q.actors {
        b.actor("'s', 't'", v);
    }
    if let Some(v) = &q.supplier {
        b.actor("'S'", v);
    }
    if let Some(v) = &q.recipient {
        b.actor("'R'", v);
    }
    if let Some(v) = &q.claimant {
        b.actor("'c'", v);
    }
    if let Some(c) = &q.category {
        // `c.` .. `c/` is exactly the set of strings starting with `c.` ('/' follows '.'),
        // and unlike LIKE it uses the index on both backends.
        let eq = b.param(c.as_str());
        let lo = b.param(format!("{c}."));
        let hi = b.param(format!("{c}/"));
        b.member(
            "event_items",
            &format!("(category = {eq} OR (category >= {lo} AND category < {hi}))"),
        );
    }
    if let Some(l) = q.certainty {
        let p = b.param(l.as_str());
        b.clauses.push(format!("e.certainty = {p}"));
    }
    let mut fts = false;
    if let Some(t) = &q.text {
        let ws = words(t);
        match dialect {
            Dialect::Sqlite => {
                // Quoted terms: user punctuation can never become FTS5 syntax.
                let m: Vec<String> = ws.iter().map(|w| format!("\"{w}\"")).collect();
                let p = b.param(m.join(" "));
                b.clauses.push(format!("evidence_fts MATCH {p}"));
                fts = true;
            }
            Dialect::Postgres => {
                let p = b.param(ws.join(" "));
                b.member(
                    "evidence",
                    &format!("tsv @@ plainto_tsquery('english', {p})"),
                );
            }
        }
    }
    let lists = std::mem::take(&mut b.lists);
    // With text driving, every list is a probe. A lone list is left to the planner, which
    // either reads it in order or probes its index per event. With several, the smallest
    // (counted up to a cap) drives and the others probe its candidates.
    let sizes: Option<Vec<u64>> = if fts || lists.len() < 2 {
        None
    } else {
        lists
            .iter()
            .map(|l| {
                let sql = format!(
                    "SELECT COUNT(*) FROM ({} LIMIT {ESTIMATE_CAP}) AS c",
                    l.body
                );
                estimate(&sql, &b.params[..l.params])
            })
            .collect()
    };
    match sizes {
        _ if fts => b.clauses.extend(lists.iter().map(|l| l.probe.clone())),
        Some(sizes) => {
            let driver = (0..lists.len()).min_by_key(|&i| sizes[i]);
            b.clauses.extend(lists.iter().enumerate().map(|(i, l)| {
                if Some(i) == driver {
                    format!("e.id IN ({})", l.body)
                } else {
                    l.probe.clone()
                }
            }));
        }
        // A lone list, or a back end that plans for itself: hand it every list.
        None => b
            .clauses
            .extend(lists.iter().map(|l| format!("e.id IN ({})", l.body))),
    }
    // Full text drives the query from the FTS index, which yields rowids in order and stops as
    // soon as the page is full: a common word no longer means materialising every match.
    // Evidence rows are written right after their event, so evidence order is event order;
    // an event with several matching sentences comes out once per sentence, one after the
    // other, and the caller drops the repeats (hence no SQL LIMIT then).
    let mut sql = if fts {
        format!(
            "SELECT {HIT_COLUMNS}, e.id FROM evidence_fts \
             JOIN evidence ev ON ev.id = evidence_fts.rowid \
             JOIN events e ON e.id = ev.event JOIN documents d ON d.id = e.doc_id"
        )
    } else {
        format!("SELECT {HIT_COLUMNS}, e.id FROM events e JOIN documents d ON d.id = e.doc_id")
    };
    if !b.clauses.is_empty() {
        sql.push_str(" WHERE ");
        sql.push_str(&b.clauses.join(" AND "));
    }
    sql.push_str(if fts {
        " ORDER BY evidence_fts.rowid"
    } else {
        " ORDER BY e.id"
    });
    if let (Some(n), false) = (q.limit, fts) {
        sql.push_str(&format!(" LIMIT {n}"));
    }
    (sql, b.params)
}

/// Decodes one row of [`HIT_COLUMNS`] (or the claims query's same columns): the record as
/// what the hit holds (an event, a claim) and its document.
#[allow(clippy::too_many_arguments)]
pub(crate) fn hit_from<T, H>(
    record: &str,
    id: String,
    title: Option<String>,
    published: Option<String>,
    dateline: Option<String>,
    url: Option<String>,
    source: Option<String>,
    lang: String,
) -> Result<H>
where
    T: serde::de::DeserializeOwned,
    H: From<(T, DocumentMeta)>,
{
    let document = DocumentMeta {
        id,
        title,
        published,
        dateline,
        url,
        source,
        lang,
    };
    Ok(H::from((serde_json::from_str(record)?, document)))
}
