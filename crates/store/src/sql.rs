//! SQL shared by the SQLite and PostgreSQL backends: the query builder and row decoding.

use sitrep_record::{DocumentMeta, Event};

use crate::query::{Query, is_code, words};
use crate::{Hit, Result};

/// Which SQL flavour to write.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    Sqlite,
    #[cfg_attr(not(feature = "postgres"), allow(dead_code))]
    Postgres,
}

/// Columns selected by [`build_query`], decoded by [`hit_from`].
pub(crate) const HIT_COLUMNS: &str =
    "e.record, d.id, d.title, d.published, d.dateline, d.url, d.source, d.lang";

struct Builder {
    dialect: Dialect,
    params: Vec<String>,
    clauses: Vec<String>,
}

impl Builder {
    fn param(&mut self, v: impl Into<String>) -> String {
        self.params.push(v.into());
        match self.dialect {
            Dialect::Sqlite => format!("?{}", self.params.len()),
            Dialect::Postgres => format!("${}", self.params.len()),
        }
    }

    /// A clause restricting events to those with an actor in `roles` matching `v`.
    fn actor(&mut self, roles: &str, v: &str) {
        let cond = if is_code(v) {
            format!("country = {}", self.param(v))
        } else {
            format!("name = {}", self.param(v.trim().to_lowercase()))
        };
        self.clauses.push(format!(
            "e.id IN (SELECT event FROM event_actors WHERE {cond} AND role IN ({roles}))"
        ));
    }
}

/// Builds the SELECT for `q`, returning the SQL and its text parameters in order.
pub(crate) fn build_query(q: &Query, dialect: Dialect) -> (String, Vec<String>) {
    let mut b = Builder {
        dialect,
        params: Vec::new(),
        clauses: Vec::new(),
    };
    if !q.types.is_empty() {
        let ps: Vec<String> = q.types.iter().map(|t| b.param(t.as_str())).collect();
        b.clauses.push(format!("e.type IN ({})", ps.join(", ")));
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
        b.clauses.push(format!(
            "e.id IN (SELECT event FROM event_items WHERE category = {eq} \
             OR (category >= {lo} AND category < {hi}))"
        ));
    }
    if let Some(l) = q.certainty {
        let p = b.param(l.as_str());
        b.clauses.push(format!("e.certainty = {p}"));
    }
    if let Some(s) = &q.since {
        let p = b.param(s.as_str());
        b.clauses.push(format!("e.day_end >= {p}"));
    }
    if let Some(u) = &q.until {
        let p = b.param(u.as_str());
        b.clauses.push(format!("e.day_start <= {p}"));
    }
    if let Some(t) = &q.text {
        let ws = words(t);
        match dialect {
            Dialect::Sqlite => {
                // Quoted terms: user punctuation can never become FTS5 syntax.
                let m: Vec<String> = ws.iter().map(|w| format!("\"{w}\"")).collect();
                let p = b.param(m.join(" "));
                b.clauses.push(format!(
                    "e.id IN (SELECT ev.event FROM evidence ev WHERE ev.id IN \
                     (SELECT rowid FROM evidence_fts WHERE evidence_fts MATCH {p}))"
                ));
            }
            Dialect::Postgres => {
                let p = b.param(ws.join(" "));
                b.clauses.push(format!(
                    "e.id IN (SELECT event FROM evidence WHERE tsv @@ plainto_tsquery('english', {p}))"
                ));
            }
        }
    }
    let mut sql = format!("SELECT {HIT_COLUMNS} FROM events e JOIN documents d ON d.id = e.doc_id");
    if !b.clauses.is_empty() {
        sql.push_str(" WHERE ");
        sql.push_str(&b.clauses.join(" AND "));
    }
    sql.push_str(" ORDER BY e.id");
    if let Some(n) = q.limit {
        sql.push_str(&format!(" LIMIT {n}"));
    }
    (sql, b.params)
}

/// Decodes one row of [`HIT_COLUMNS`].
#[allow(clippy::too_many_arguments)]
pub(crate) fn hit_from(
    record: &str,
    id: String,
    title: Option<String>,
    published: Option<String>,
    dateline: Option<String>,
    url: Option<String>,
    source: Option<String>,
    lang: String,
) -> Result<Hit> {
    let event: Event = serde_json::from_str(record)?;
    Ok(Hit {
        document: DocumentMeta {
            id,
            title,
            published,
            dateline,
            url,
            source,
            lang,
        },
        event,
    })
}
