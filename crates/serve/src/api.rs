//! The REST API under `/api/v1/`: the data functions (blocking, one store connection each)
//! that the pages share, and their JSON handlers. JSON is the record format: events and
//! documents appear exactly as `sitrep query --format jsonl` prints them.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::{Path, Query as Q, State};
use axum::http::HeaderMap;
use serde::{Deserialize, Serialize};
use sitrep_record::{DocumentMeta, Event};
use sitrep_store::review::{self, Review, RuleStat, Verdict};
use sitrep_store::{Counts, FuseOptions, Hit, Store, Story};

use crate::filters::{Page, Params, status};
use crate::ledger::{self, ClaimFilter, LedgerRow};
use crate::pool::run;
use crate::{ApiError, AppState};

/// Events scanned at most for facet counts and the actor list (a sample beyond that).
pub const SCAN_CAP: usize = 100_000;

/// A page of items.
#[derive(Debug, Serialize)]
pub struct PageOf<T> {
    /// The items.
    pub items: Vec<T>,
    /// Cursor of the next page, `null` on the last.
    pub next_cursor: Option<String>,
}

/// Events matching the filters, one page.
pub fn events(s: &mut dyn Store, p: &Params) -> Result<PageOf<Hit>, ApiError> {
    let page = p.page()?;
    let mut q = p.query()?;
    if !p.has_post_filters() {
        q.limit = Some(page.offset + page.limit + 1);
    }
    let (mut seen, mut items) = (0usize, Vec::new());
    s.scan(&q, &mut |h| {
        if p.keeps(&h.event) {
            if seen >= page.offset && items.len() <= page.limit {
                items.push(h);
            }
            seen += 1;
        }
        Ok(())
    })?;
    let more = items.len() > page.limit;
    items.truncate(page.limit);
    Ok(PageOf {
        items,
        next_cursor: page.next(more),
    })
}

/// One event of a document with its key and reviews.
#[derive(Debug, Serialize)]
pub struct ReviewedEvent {
    /// The event (record format).
    pub event: Event,
    /// Its stable key for reviews.
    pub fingerprint: String,
    /// Reviews of it, oldest first.
    pub reviews: Vec<Review>,
}

/// A document with its text, events and reviews.
#[derive(Debug, Serialize)]
pub struct DocumentView {
    /// Metadata.
    pub document: DocumentMeta,
    /// The text that was coded (evidence offsets point into it).
    pub text: String,
    /// Where it was read from.
    pub input: Option<String>,
    /// Warnings met reading it.
    pub warnings: Vec<String>,
    /// Its events.
    pub events: Vec<ReviewedEvent>,
    /// Reviews whose event the latest coding no longer has.
    pub orphaned_reviews: Vec<Review>,
}

/// Raw body bytes too, for the page (offsets are byte offsets into them).
pub fn document(s: &mut dyn Store, id: &str) -> Result<(DocumentView, Vec<u8>), ApiError> {
    let Some(d) = s.document(id)? else {
        return Err(ApiError::NotFound(
            "document_not_found",
            format!("no document {id:?}"),
        ));
    };
    let hits = s.query(&sitrep_store::Query {
        document: Some(id.to_owned()),
        ..Default::default()
    })?;
    let evs: Vec<Event> = hits.into_iter().map(|h| h.event).collect();
    let fps = review::fingerprints(&evs);
    let mut reviews = s.reviews(Some(id))?;
    let events = evs
        .into_iter()
        .zip(fps)
        .map(|(event, fingerprint)| {
            let (mine, rest): (Vec<Review>, Vec<Review>) = reviews
                .drain(..)
                .partition(|r| r.fingerprint == fingerprint);
            reviews = rest;
            ReviewedEvent {
                event,
                fingerprint,
                reviews: mine,
            }
        })
        .collect();
    Ok((
        DocumentView {
            document: d.meta,
            text: String::from_utf8_lossy(&d.body).into_owned(),
            input: d.input,
            warnings: d.warnings,
            events,
            orphaned_reviews: reviews,
        },
        d.body,
    ))
}

/// Document metadata, one page, in id order.
pub fn documents(s: &mut dyn Store, page: Page) -> Result<PageOf<DocumentMeta>, ApiError> {
    let ids = s.document_ids()?;
    let mut items = Vec::new();
    for id in ids.iter().skip(page.offset).take(page.limit) {
        if let Some(d) = s.document(id)? {
            items.push(d.meta);
        }
    }
    Ok(PageOf {
        items,
        next_cursor: page.next(ids.len() > page.offset + page.limit),
    })
}

/// Ledger rows, sorted and paged (only the page's claims are resolved).
pub fn transfers(
    app: &crate::App,
    s: &mut dyn Store,
    p: &Params,
) -> Result<(PageOf<LedgerRow>, usize), ApiError> {
    let page = p.page()?;
    let f = ClaimFilter::of(p)?;
    let mut l = ledger::ledger(app.ledger.as_ref(), s, &f)?;
    l.sort(p.sort.as_deref().unwrap_or("-corroboration"));
    let total = l.rows.len();
    let rows: Vec<_> = std::mem::take(&mut l.rows)
        .into_iter()
        .skip(page.offset)
        .take(page.limit)
        .collect();
    let items = rows.into_iter().map(|r| l.row(r)).collect();
    Ok((
        PageOf {
            items,
            next_cursor: page.next(total > page.offset + page.limit),
        },
        total,
    ))
}

/// Facet counts over the events matching the filters.
#[derive(Debug, Default, Serialize)]
pub struct Facets {
    /// Events counted.
    pub events: usize,
    /// Whether counting stopped at [`SCAN_CAP`] events.
    pub sampled: bool,
    /// Per facet, value -> count.
    pub facets: BTreeMap<&'static str, BTreeMap<String, usize>>,
}

fn facet_values(e: &Event) -> Vec<(&'static str, String)> {
    let mut v = vec![
        ("type", e.kind.as_str().to_owned()),
        ("stance", e.stance().to_owned()),
        ("status", status(e).to_owned()),
        (
            "embargo",
            if e.under_arms_embargo() { "yes" } else { "no" }.to_owned(),
        ),
        ("certainty", e.certainty.level.as_str().to_owned()),
    ];
    let code = |a: &sitrep_record::Actor| a.country.clone().unwrap_or_else(|| a.name.clone());
    if let Some(t) = &e.transfer {
        v.extend(t.supplier.iter().map(|a| ("supplier", code(a))));
        v.extend(t.recipient.iter().map(|a| ("recipient", code(a))));
        let mut fams: Vec<String> = t
            .items
            .iter()
            .map(|i| i.category.split('.').next().unwrap_or("").to_owned())
            .collect();
        fams.sort();
        fams.dedup();
        v.extend(fams.into_iter().map(|f| ("category", f)));
    }
    v.extend(e.attribution.iter().map(|a| ("claimant", code(a))));
    if let Some(d) = &e.date {
        v.push(("year", d.start.chars().take(4).collect()));
    }
    v
}

/// Counts per facet.
pub fn facets(s: &mut dyn Store, p: &Params) -> Result<Facets, ApiError> {
    let mut q = p.query()?;
    q.limit = (!p.has_post_filters()).then_some(SCAN_CAP);
    let mut f = Facets::default();
    s.scan(&q, &mut |h| {
        if f.events >= SCAN_CAP || !p.keeps(&h.event) {
            f.sampled |= f.events >= SCAN_CAP;
            return Ok(());
        }
        f.events += 1;
        for (k, v) in facet_values(&h.event) {
            *f.facets.entry(k).or_default().entry(v).or_default() += 1;
        }
        Ok(())
    })?;
    f.sampled |= f.events >= SCAN_CAP;
    Ok(f)
}

/// One claim on an actor page.
#[derive(Debug, Serialize)]
pub struct ActorClaim {
    /// `source`, `target`, `supplier`, `recipient` or `claimant`.
    pub role: &'static str,
    /// Whether the actor is the one acting/claiming (`by`) or acted on (`against`).
    pub side: &'static str,
    /// Document id.
    pub document: String,
    /// Document title.
    pub title: Option<String>,
    /// Event id.
    pub event: String,
    /// Event type.
    #[serde(rename = "type")]
    pub kind: String,
    /// First day.
    pub date: Option<String>,
    /// Evidence sentence.
    pub sentence: String,
}

/// Claims by and against an actor (ISO code or canonical name), by date.
#[derive(Debug, Serialize)]
pub struct ActorView {
    /// The actor key asked for.
    pub actor: String,
    /// Its claims, oldest first.
    pub claims: Vec<ActorClaim>,
    /// Per year: (by, against) counts.
    pub by_year: BTreeMap<String, (usize, usize)>,
}

/// The actor page's data: four indexed queries (source/target, supplier, recipient, claimant).
pub fn actor(s: &mut dyn Store, key: &str) -> Result<ActorView, ApiError> {
    let mut claims = Vec::new();
    let base = sitrep_store::Query {
        limit: Some(SCAN_CAP),
        ..Default::default()
    };
    let roles: [(&str, sitrep_store::Query); 4] = [
        (
            "actor",
            sitrep_store::Query {
                actors: vec![key.to_owned()],
                ..base.clone()
            },
        ),
        (
            "supplier",
            sitrep_store::Query {
                supplier: Some(key.to_owned()),
                ..base.clone()
            },
        ),
        (
            "recipient",
            sitrep_store::Query {
                recipient: Some(key.to_owned()),
                ..base.clone()
            },
        ),
        (
            "claimant",
            sitrep_store::Query {
                claimant: Some(key.to_owned()),
                ..base.clone()
            },
        ),
    ];
    for (role, q) in roles {
        for h in s.query(&q)? {
            let side = |r: &'static str| match r {
                "source" | "supplier" | "claimant" => "by",
                _ => "against",
            };
            let role = match role {
                "actor"
                    if h.event
                        .sources
                        .iter()
                        .any(|a| sitrep_store::actor_matches(a, key)) =>
                {
                    "source"
                }
                "actor" => "target",
                other => other,
            };
            claims.push(ActorClaim {
                role,
                side: side(role),
                document: h.document.id.clone(),
                title: h.document.title.clone(),
                event: h.event.id.clone(),
                kind: h.event.kind.as_str().to_owned(),
                date: sitrep_store::event_days(&h.document, &h.event).map(|d| d.0),
                sentence: h
                    .event
                    .evidence
                    .first()
                    .map(|e| e.text.clone())
                    .unwrap_or_default(),
            });
        }
    }
    claims.sort_by(|a, b| a.date.cmp(&b.date).then(a.document.cmp(&b.document)));
    let mut by_year: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for c in &claims {
        let y = c
            .date
            .as_deref()
            .and_then(|d| d.get(..4))
            .unwrap_or("undated")
            .to_owned();
        let e = by_year.entry(y).or_default();
        if c.side == "by" { e.0 += 1 } else { e.1 += 1 }
    }
    Ok(ActorView {
        actor: key.to_owned(),
        claims,
        by_year,
    })
}

/// An actor in the actor list.
#[derive(Debug, Serialize)]
pub struct ActorCount {
    /// Code or name.
    pub actor: String,
    /// Events it takes part in.
    pub events: usize,
}

/// Actors among the matching events, most frequent first.
pub fn actors(s: &mut dyn Store, p: &Params) -> Result<Vec<ActorCount>, ApiError> {
    let mut q = p.query()?;
    q.limit = Some(SCAN_CAP);
    let mut n: BTreeMap<String, usize> = BTreeMap::new();
    s.scan(&q, &mut |h| {
        let mut mine: Vec<String> = sitrep_store::actor_rows(&h.event)
            .into_iter()
            .map(|(_, c, name)| c.unwrap_or(name))
            .collect();
        mine.sort();
        mine.dedup();
        for a in mine {
            *n.entry(a).or_default() += 1;
        }
        Ok(())
    })?;
    let mut v: Vec<ActorCount> = n
        .into_iter()
        .map(|(actor, events)| ActorCount { actor, events })
        .collect();
    v.sort_by(|a, b| b.events.cmp(&a.events).then(a.actor.cmp(&b.actor)));
    Ok(v)
}

/// Store statistics.
#[derive(Debug, Serialize)]
pub struct Stats {
    /// Row counts.
    pub counts: Counts,
    /// Reviews stored.
    pub reviews: usize,
    /// Whether this server accepts reviews.
    pub writable: bool,
}

/// A review as posted.
#[derive(Debug, Clone, Deserialize)]
pub struct NewReview {
    /// Document id.
    pub document: String,
    /// Event fingerprint (preferred) or event id (`e2`).
    pub event: String,
    /// `correct`, `wrong` or `edit`.
    pub verdict: String,
    /// For an edit: supplier, recipient, items, status or certainty.
    #[serde(default)]
    pub field: Option<String>,
    /// For an edit: the new value.
    #[serde(default)]
    pub value: Option<String>,
    /// Free text.
    #[serde(default)]
    pub note: Option<String>,
    /// Who.
    #[serde(default)]
    pub reviewer: Option<String>,
}

fn blank(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

/// Stores a review of the event named by fingerprint or id, with a snapshot of it.
pub fn add_review(s: &mut dyn Store, r: NewReview) -> Result<Review, ApiError> {
    let verdict = Verdict::parse(&r.verdict).ok_or_else(|| {
        ApiError::Invalid(
            "invalid_review",
            format!("verdict {:?}: want correct, wrong or edit", r.verdict),
        )
    })?;
    let (view, _) = document(s, &r.document)?;
    let Some(ev) = view
        .events
        .iter()
        .find(|e| e.fingerprint == r.event)
        .or_else(|| view.events.iter().find(|e| e.event.id == r.event))
    else {
        return Err(ApiError::NotFound(
            "event_not_found",
            format!("document {} has no event {:?}", r.document, r.event),
        ));
    };
    let mut rev = Review {
        id: 0,
        document: r.document,
        fingerprint: ev.fingerprint.clone(),
        event: ev.event.id.clone(),
        verdict,
        field: blank(r.field),
        value: blank(r.value),
        note: blank(r.note),
        reviewer: blank(r.reviewer),
        at: sitrep_store::now(),
        snapshot: ev.event.clone(),
    };
    if verdict != Verdict::Edit {
        rev.field = None;
        rev.value = None;
    }
    rev.id = s.add_review(&rev)?;
    Ok(rev)
}

// ---- handlers ----

/// `GET /api/v1/events`
pub async fn get_events(
    State(app): State<AppState>,
    Q(p): Q<Params>,
) -> Result<Json<PageOf<Hit>>, ApiError> {
    Ok(Json(run(&app, move |s| events(s, &p)).await?))
}

/// `GET /api/v1/search`: events whose evidence holds all the words of `q`.
pub async fn get_search(
    State(app): State<AppState>,
    Q(p): Q<Params>,
) -> Result<Json<PageOf<Hit>>, ApiError> {
    if p.q.as_deref().is_none_or(|q| q.trim().is_empty()) {
        return Err(ApiError::invalid("search needs q=words"));
    }
    Ok(Json(run(&app, move |s| events(s, &p)).await?))
}

/// `GET /api/v1/documents`
pub async fn get_documents(
    State(app): State<AppState>,
    Q(p): Q<Params>,
) -> Result<Json<PageOf<DocumentMeta>>, ApiError> {
    let page = p.page()?;
    Ok(Json(run(&app, move |s| documents(s, page)).await?))
}

/// `GET /api/v1/documents/{id}`
pub async fn get_document(
    State(app): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<DocumentView>, ApiError> {
    Ok(Json(
        run(&app, move |s| document(s, &id).map(|d| d.0)).await?,
    ))
}

/// `GET /api/v1/transfers`
pub async fn get_transfers(
    State(app): State<AppState>,
    Q(p): Q<Params>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let a = app.clone();
    let (page, total) = run(&app, move |s| transfers(&a, s, &p)).await?;
    Ok(Json(serde_json::json!({
        "items": page.items, "next_cursor": page.next_cursor, "total": total,
        "source": "events"
    })))
}

/// `GET /api/v1/stories`
pub async fn get_stories(
    State(app): State<AppState>,
    Q(p): Q<Params>,
) -> Result<Json<PageOf<Story>>, ApiError> {
    let page = p.page()?;
    let q = p.query()?;
    let st = run(&app, move |s| Ok(s.stories(&q, &FuseOptions::default())?)).await?;
    let more = st.len() > page.offset + page.limit;
    let items = st.into_iter().skip(page.offset).take(page.limit).collect();
    Ok(Json(PageOf {
        items,
        next_cursor: page.next(more),
    }))
}

/// `GET /api/v1/actors`
pub async fn get_actors(
    State(app): State<AppState>,
    Q(p): Q<Params>,
) -> Result<Json<PageOf<ActorCount>>, ApiError> {
    let page = p.page()?;
    let all = run(&app, move |s| actors(s, &p)).await?;
    let more = all.len() > page.offset + page.limit;
    let items = all.into_iter().skip(page.offset).take(page.limit).collect();
    Ok(Json(PageOf {
        items,
        next_cursor: page.next(more),
    }))
}

/// `GET /api/v1/actors/{actor}`
pub async fn get_actor(
    State(app): State<AppState>,
    Path(key): Path<String>,
) -> Result<Json<ActorView>, ApiError> {
    let v = run(&app, move |s| actor(s, &key)).await?;
    if v.claims.is_empty() {
        return Err(ApiError::NotFound(
            "actor_not_found",
            format!("no claims by or against {:?}", v.actor),
        ));
    }
    Ok(Json(v))
}

/// `GET /api/v1/facets`
pub async fn get_facets(
    State(app): State<AppState>,
    Q(p): Q<Params>,
) -> Result<Json<Facets>, ApiError> {
    Ok(Json(run(&app, move |s| facets(s, &p)).await?))
}

/// `GET /api/v1/stats`
pub async fn get_stats(State(app): State<AppState>) -> Result<Json<Stats>, ApiError> {
    let writable = app.auth.writable();
    Ok(Json(
        run(&app, move |s| {
            Ok(Stats {
                counts: s.counts()?,
                reviews: s.reviews(None)?.len(),
                writable,
            })
        })
        .await?,
    ))
}

/// `GET /api/v1/stats/rules`
pub async fn get_rule_stats(State(app): State<AppState>) -> Result<Json<Vec<RuleStat>>, ApiError> {
    Ok(Json(
        run(&app, |s| Ok(review::rule_stats(&s.reviews(None)?))).await?,
    ))
}

/// `GET /api/v1/reviews`
pub async fn get_reviews(
    State(app): State<AppState>,
    Q(p): Q<Params>,
) -> Result<Json<PageOf<Review>>, ApiError> {
    let page = p.page()?;
    let doc = p.document.clone();
    let all = run(&app, move |s| Ok(s.reviews(doc.as_deref())?)).await?;
    let more = all.len() > page.offset + page.limit;
    let items = all.into_iter().skip(page.offset).take(page.limit).collect();
    Ok(Json(PageOf {
        items,
        next_cursor: page.next(more),
    }))
}

/// `POST /api/v1/reviews` (needs `Authorization: Bearer <token>`).
pub async fn post_review(
    State(app): State<AppState>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<(axum::http::StatusCode, Json<Review>), ApiError> {
    app.auth.check_bearer(&headers)?;
    let r: NewReview = serde_json::from_slice(&body)
        .map_err(|e| ApiError::Invalid("invalid_review", format!("review body: {e}")))?;
    let rev = run(&app, move |s| add_review(s, r)).await?;
    Ok((axum::http::StatusCode::CREATED, Json(rev)))
}

/// `GET /api/v1/openapi.json`
pub async fn get_openapi() -> Json<serde_json::Value> {
    Json(crate::openapi::document())
}
