//! The server-rendered pages and their form posts. Every stored string is escaped on the way
//! out ([`esc`]); pages hold no inline script (the CSP forbids it), only `/static/app.js`.

use std::fmt::Write;

use axum::Form;
use axum::extract::{Path, Query as Q, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use serde::Deserialize;
use sitrep_record::Event;
use sitrep_store::Hit;

use crate::api::{self, NewReview, ReviewedEvent};
use crate::filters::{Params, enc, qs};
use crate::html::{esc, page, respond};
use crate::ledger::LedgerRow;
use crate::pool::run;
use crate::{ApiError, AppState, svg};

/// Events drawn at most on the timeline and the map.
const PICTURE_LIMIT: usize = 2_000;

/// The page routes.
pub fn routes() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/", get(search))
        .route("/ledger", get(ledger))
        .route("/network", get(network))
        .route("/timeline", get(timeline))
        .route("/map", get(map))
        .route("/doc/{id}", get(doc))
        .route("/doc/{id}/review", axum::routing::post(review))
        .route("/actor/{key}", get(actor))
        .route("/stats", get(stats))
        .route("/login", get(login_form).post(login))
        .route(
            "/static/app.css",
            get(|| async {
                static_file("text/css; charset=utf-8", include_str!("../static/app.css"))
            }),
        )
        .route(
            "/static/app.js",
            get(|| async {
                static_file(
                    "text/javascript; charset=utf-8",
                    include_str!("../static/app.js"),
                )
            }),
        )
}

fn static_file(kind: &'static str, body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, kind)], body).into_response()
}

fn who(a: Option<&sitrep_record::Actor>) -> String {
    a.map(|a| a.country.clone().unwrap_or_else(|| a.name.clone()))
        .unwrap_or_else(|| "?".into())
}

/// "SUPPLIER → RECIPIENT: items" or "sources → targets".
fn gist(e: &Event) -> String {
    if let Some(t) = &e.transfer {
        let items: Vec<String> = t.items.iter().map(|i| i.text.clone()).collect();
        return format!(
            "{} → {}: {}",
            who(t.supplier.as_ref()),
            who(t.recipient.as_ref()),
            items.join(", ")
        );
    }
    let names = |v: &[sitrep_record::Actor]| {
        v.iter()
            .map(|a| a.name.clone())
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!("{} → {}", names(&e.sources), names(&e.targets))
}

const FORM_FIELDS: &[(&str, &str, &str)] = &[
    ("q", "Words", "shells rail"),
    ("type", "Type", "AID,ASSAULT"),
    ("supplier", "Supplier", "PRK"),
    ("recipient", "Recipient", "RUS"),
    ("category", "Category", "ammunition"),
    ("status", "Status", "delivered"),
    ("stance", "Stance", "asserted|hedged|denied"),
    ("claimant", "Claimant", "KOR"),
    ("embargo", "Embargo", "yes|no"),
    ("since", "Since", "YYYY-MM-DD"),
    ("until", "Until", "YYYY-MM-DD"),
];

fn filter_form(action: &str, p: &Params) -> String {
    let have = p.pairs();
    let mut s = format!("<form class=\"filters\" method=\"get\" action=\"{action}\">");
    for (name, label, hint) in FORM_FIELDS {
        let v = have
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |x| x.1.as_str());
        let _ = write!(
            s,
            "<label>{label}<input name=\"{name}\" value=\"{}\" placeholder=\"{hint}\"></label>",
            esc(v)
        );
    }
    s.push_str("<button type=\"submit\">Filter</button></form>");
    s
}

fn facets_html(p: &Params, f: &api::Facets) -> String {
    let mut s = format!(
        "<aside class=\"facets\"><p class=\"muted\">{} events{}</p>",
        f.events,
        if f.sampled { " (sampled)" } else { "" }
    );
    for (key, values) in &f.facets {
        let mut vs: Vec<(&String, &usize)> = values.iter().collect();
        vs.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let _ = write!(s, "<h3>{key}</h3><ul data-facet=\"{key}\">");
        for (v, n) in vs.into_iter().take(12) {
            let mut pairs: Vec<(&str, String)> = p
                .pairs()
                .into_iter()
                .filter(|(k, _)| {
                    *k != *key && !(*key == "year" && (*k == "since" || *k == "until"))
                })
                .collect();
            if *key == "year" {
                pairs.push(("since", format!("{v}-01-01")));
                pairs.push(("until", format!("{v}-12-31")));
            } else {
                pairs.push((facet_param(key), v.clone()));
            }
            let _ = write!(
                s,
                "<li><a href=\"/{}\">{}</a> <span class=\"n\">{n}</span></li>",
                qs(&pairs),
                esc(v)
            );
        }
        s.push_str("</ul>");
    }
    s.push_str("</aside>");
    s
}

fn facet_param(key: &str) -> &'static str {
    match key {
        "type" => "type",
        "supplier" => "supplier",
        "recipient" => "recipient",
        "category" => "category",
        "status" => "status",
        "stance" => "stance",
        "claimant" => "claimant",
        "embargo" => "embargo",
        _ => "certainty",
    }
}

fn hit_row(h: &Hit) -> String {
    let e = &h.event;
    format!(
        "<li class=\"hit\"><span class=\"type t-{t}\">{t}</span> <span class=\"stance {st}\">{st}</span>{emb} <a class=\"doc-link\" href=\"/doc/{id}#ev-{eid}\">{title}</a> <span class=\"muted\">{date}</span><div class=\"gist\">{gist}</div><blockquote>{sent}</blockquote></li>",
        t = e.kind,
        st = e.stance(),
        emb = if e.under_arms_embargo() {
            " <span class=\"embargo-badge\">embargo</span>"
        } else {
            ""
        },
        id = enc(&h.document.id),
        eid = esc(&e.id),
        title = esc(h.document.title.as_deref().unwrap_or(&h.document.id)),
        date = esc(h.document.published.as_deref().unwrap_or("")),
        gist = esc(&gist(e)),
        sent = esc(e.evidence.first().map(|v| v.text.as_str()).unwrap_or("")),
    )
}

async fn search(
    State(app): State<AppState>,
    headers: HeaderMap,
    Q(p): Q<Params>,
) -> Result<Html<String>, ApiError> {
    let p2 = p.clone();
    let (hits, facets) = run(&app, move |s| {
        Ok((api::events(s, &p2)?, api::facets(s, &p2)?))
    })
    .await?;
    let mut body = format!(
        "<h1>Search events</h1>{}<div class=\"cols\">{}<section class=\"results\"><ul class=\"hits\">",
        filter_form("/", &p),
        facets_html(&p, &facets)
    );
    for h in &hits.items {
        body.push_str(&hit_row(h));
    }
    if hits.items.is_empty() {
        body.push_str("<li class=\"muted\">no events match</li>");
    }
    body.push_str("</ul>");
    if let Some(c) = &hits.next_cursor {
        let mut pairs = p.pairs();
        pairs.push(("cursor", c.clone()));
        let _ = write!(
            body,
            "<a class=\"next\" href=\"/{}\">next page →</a>",
            qs(&pairs)
        );
    }
    body.push_str("</section></div>");
    Ok(respond(page(
        "Search",
        "/",
        app.auth.logged_in(&headers),
        &body,
    )))
}

/// A row's side as the table shows it: `?` when no document names it.
fn side(s: &Option<String>) -> &str {
    s.as_deref().unwrap_or("?")
}

fn ledger_table(rows: &[LedgerRow]) -> String {
    let cols = [
        ("supplier", "Supplier"),
        ("recipient", "Recipient"),
        ("family", "Items"),
        ("year", "Year"),
        ("claims", "Claims"),
        ("corroboration", "Outlets"),
        ("documents", "For"),
        ("against", "Against"),
        ("", "Stance"),
        ("", "Status"),
        ("", "Embargo"),
        ("", "Claims behind it"),
    ];
    let mut s = String::from("<table class=\"ledger sortable\"><thead><tr>");
    for (key, label) in cols {
        let num = matches!(
            key,
            "year" | "claims" | "corroboration" | "documents" | "against"
        );
        let _ = write!(
            s,
            "<th data-sort=\"{}\"{}>{label}</th>",
            if num { "num" } else { "text" },
            if key.is_empty() {
                ""
            } else {
                " class=\"sort\""
            }
        );
    }
    s.push_str("</tr></thead><tbody>");
    for r in rows {
        ledger_tr(&mut s, r);
    }
    if rows.is_empty() {
        s.push_str("<tr><td colspan=\"12\" class=\"muted\">no transfers match</td></tr>");
    }
    s.push_str("</tbody></table>");
    s
}

/// Links to a row's claims (the first eight), each to its first event in its document;
/// a document against it is marked.
fn member_links(r: &LedgerRow) -> String {
    let mut links = String::new();
    for (i, m) in r.members.iter().enumerate().take(8) {
        let _ = write!(
            links,
            "<a href=\"/doc/{}#ev-{}\" class=\"{}\" title=\"{}\">{}</a> ",
            enc(&m.document),
            esc(m.events.first().map_or("", String::as_str)),
            if m.against { "against" } else { "for" },
            esc(m.title.as_deref().unwrap_or(&m.document)),
            i + 1
        );
    }
    links
}

fn ledger_tr(s: &mut String, r: &LedgerRow) {
    let (sup, rec) = (side(&r.supplier), side(&r.recipient));
    let _ = write!(
        s,
        "<tr data-key=\"{key}\"><td><a href=\"/actor/{se}\">{sp}</a></td><td><a href=\"/actor/{re}\">{rp}</a></td><td>{f}</td><td>{y}</td><td class=\"num\">{c}</td><td class=\"num corroboration\">{o}</td><td class=\"num for\">{df}</td><td class=\"num against\">{da}</td><td><span class=\"stance {st}\">{st}</span></td><td>{status}</td><td>{emb}</td><td class=\"members\">{links}</td></tr>",
        key = esc(&r.key),
        se = enc(sup),
        re = enc(rec),
        sp = esc(sup),
        rp = esc(rec),
        f = esc(&r.family),
        y = r.year.map_or("".into(), |y| y.to_string()),
        c = r.claims,
        o = r.corroboration,
        df = r.documents_for.len(),
        da = r.documents_against.len(),
        st = esc(r.stance.as_str()),
        status = r.status.map_or("", |s| s.as_str()),
        emb = if r.embargo {
            "<span class=\"embargo-badge\">UN</span>"
        } else {
            ""
        },
        links = member_links(r),
    );
}

async fn ledger_rows(app: &AppState, mut p: Params) -> Result<(Vec<LedgerRow>, usize), ApiError> {
    p.limit = Some(crate::filters::MAX_LIMIT);
    let a = app.clone();
    let (page, total) = run(app, move |s| api::transfers(&a, s, &p)).await?;
    Ok((page.items, total))
}

async fn ledger(
    State(app): State<AppState>,
    headers: HeaderMap,
    Q(p): Q<Params>,
) -> Result<Html<String>, ApiError> {
    let (rows, total) = ledger_rows(&app, p.clone()).await?;
    let shown = if total > rows.len() {
        format!(", first {} shown", rows.len())
    } else {
        String::new()
    };
    let head = format!(
        "<h1>Arms-transfer ledger</h1><p class=\"muted\">One row per supplier, recipient, item family and year, fused from the documents' transfer claims; <b>Outlets</b> counts the distinct outlets that report it (the corroboration), <b>For</b> and <b>Against</b> the documents that report or deny it. {total} rows{shown}. Click a column to sort.</p>"
    );
    Ok(filtered_page(
        &app,
        &headers,
        "Ledger",
        "/ledger",
        &p,
        &head,
        &ledger_table(&rows),
    ))
}

async fn network(
    State(app): State<AppState>,
    headers: HeaderMap,
    Q(p): Q<Params>,
) -> Result<Html<String>, ApiError> {
    let (rows, _) = ledger_rows(&app, p.clone()).await?;
    let head = "<h1>Transfer network</h1><p class=\"muted\">An arrow per supplier → recipient, wider with more documents; red: touches a UN arms embargo; dashed: only hedged claims. Claims naming only one side are in the ledger, not here. Click an arrow for its claims, a node for its actor page.</p>";
    let picture = format!("<div class=\"picture\">{}</div>", svg::network(&rows));
    Ok(filtered_page(
        &app, &headers, "Network", "/network", &p, head, &picture,
    ))
}

/// A page at `path`: its heading, the filter form, then the content.
fn filtered_page(
    app: &AppState,
    headers: &HeaderMap,
    title: &str,
    path: &str,
    p: &Params,
    head: &str,
    content: &str,
) -> Html<String> {
    let body = format!("{head}{}{content}", filter_form(path, p));
    respond(page(title, path, app.auth.logged_in(headers), &body))
}

async fn picture_hits(app: &AppState, p: &Params) -> Result<Vec<Hit>, ApiError> {
    let mut p = p.clone();
    p.limit = None;
    let mut q = p.query()?;
    if !p.has_post_filters() {
        q.limit = Some(PICTURE_LIMIT);
    }
    run(app, move |s| {
        let mut v = Vec::new();
        s.scan(&q, &mut |h| {
            if v.len() < PICTURE_LIMIT && p.keeps(&h.event) {
                v.push(h);
            }
            Ok(())
        })?;
        Ok(v)
    })
    .await
}

async fn timeline(
    State(app): State<AppState>,
    headers: HeaderMap,
    Q(p): Q<Params>,
) -> Result<Html<String>, ApiError> {
    let hits = picture_hits(&app, &p).await?;
    let head = "<h1>Timeline</h1><p class=\"muted\">One lane per event type; bars span the dated period. Click a mark for its document.</p>";
    let picture = format!("<div class=\"picture\">{}</div>", svg::timeline(&hits));
    Ok(filtered_page(
        &app,
        &headers,
        "Timeline",
        "/timeline",
        &p,
        head,
        &picture,
    ))
}

async fn map(
    State(app): State<AppState>,
    headers: HeaderMap,
    Q(p): Q<Params>,
) -> Result<Html<String>, ApiError> {
    let hits = picture_hits(&app, &p).await?;
    let head = "<h1>Map of event places</h1><p class=\"muted\">Places as the records give them (latitude/longitude from the knowledge base), on a plain equirectangular projection with a 30° graticule.</p>";
    let picture = format!("<div class=\"picture\">{}</div>", svg::map(&hits));
    Ok(filtered_page(
        &app, &headers, "Map", "/map", &p, head, &picture,
    ))
}

/// The article text with each evidence span wrapped in a `<mark>` naming its events.
fn highlighted(body: &[u8], events: &[ReviewedEvent]) -> String {
    let mut cuts = vec![0, body.len()];
    for e in events {
        for v in &e.event.evidence {
            cuts.push(v.start.min(body.len()));
            cuts.push(v.end.min(body.len()));
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut s = String::new();
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let text = esc(&String::from_utf8_lossy(&body[a..b]));
        let covering: Vec<(usize, &ReviewedEvent)> = events
            .iter()
            .enumerate()
            .filter(|(_, e)| {
                e.event
                    .evidence
                    .iter()
                    .any(|v| v.start <= a && b <= v.end && v.start < v.end)
            })
            .collect();
        if covering.is_empty() {
            s.push_str(&text);
            continue;
        }
        let ids: Vec<&str> = covering.iter().map(|(_, e)| e.event.id.as_str()).collect();
        let tip: Vec<String> = covering
            .iter()
            .map(|(_, e)| format!("{} {}", e.event.id, e.event.kind))
            .collect();
        let _ = write!(
            s,
            "<mark class=\"ev c{}{}\" data-events=\"{}\" title=\"{}\">{text}</mark>",
            covering[0].0 % 8,
            if covering.len() > 1 { " multi" } else { "" },
            esc(&ids.join(" ")),
            esc(&tip.join(", "))
        );
    }
    s
}

fn review_list(reviews: &[sitrep_store::Review]) -> String {
    let mut s = String::from("<ul class=\"reviews\">");
    for r in reviews {
        let edit = match (&r.field, &r.value) {
            (Some(f), Some(v)) => format!(" {}: {}", esc(f), esc(v)),
            _ => String::new(),
        };
        let _ = write!(
            s,
            "<li class=\"review {v}\"><b>{v}</b>{edit} <span class=\"muted\">{at}</span> {note}</li>",
            v = r.verdict.as_str(),
            at = esc(&r.at),
            note = esc(r.note.as_deref().unwrap_or(""))
        );
    }
    s.push_str("</ul>");
    s
}

fn review_form(doc: &str, e: &ReviewedEvent, csrf: Option<&str>) -> String {
    let Some(csrf) = csrf else {
        return "<p class=\"muted\"><a href=\"/login\">Log in</a> to review.</p>".into();
    };
    let fields: String = sitrep_store::review::EDITABLE
        .iter()
        .map(|f| format!("<option>{f}</option>"))
        .collect();
    format!(
        "<form class=\"review-form\" method=\"post\" action=\"/doc/{}/review\"><input type=\"hidden\" name=\"csrf\" value=\"{}\"><input type=\"hidden\" name=\"event\" value=\"{}\">\
<select name=\"verdict\"><option value=\"correct\">correct</option><option value=\"wrong\">wrong</option><option value=\"edit\">edit a field</option></select>\
<select name=\"field\"><option value=\"\">(field)</option>{fields}</select><input name=\"value\" placeholder=\"new value\"><input name=\"note\" placeholder=\"note\"><button type=\"submit\">Save review</button></form>",
        enc(doc),
        esc(csrf),
        esc(&e.fingerprint)
    )
}

fn event_card(i: usize, doc: &str, e: &ReviewedEvent, csrf: Option<&str>) -> String {
    let ev = &e.event;
    let mut details = String::new();
    if let Some(t) = &ev.transfer {
        let items: Vec<String> = t
            .items
            .iter()
            .map(|i| format!("{} ({})", i.text, i.category))
            .collect();
        let _ = write!(
            details,
            "<dt>transfer</dt><dd>{} → {}</dd><dt>items</dt><dd>{}</dd><dt>status</dt><dd>{}</dd>",
            esc(&who(t.supplier.as_ref())),
            esc(&who(t.recipient.as_ref())),
            esc(&items.join("; ")),
            esc(t.status.as_deref().unwrap_or("-"))
        );
    }
    let claim: Vec<String> = ev.attribution.iter().map(|a| a.name.clone()).collect();
    let _ = write!(
        details,
        "<dt>certainty</dt><dd>{}{}</dd><dt>claimed by</dt><dd>{}</dd><dt>date</dt><dd>{}</dd>",
        if ev.negated { "not " } else { "" },
        esc(ev.certainty.level.as_str()),
        esc(&if claim.is_empty() {
            "(outlet)".to_owned()
        } else {
            claim.join(" < ")
        }),
        esc(&ev
            .date
            .as_ref()
            .map(|d| format!("{}..{} ({})", d.start, d.end, d.text))
            .unwrap_or_else(|| "-".into())),
    );
    format!(
        "<article class=\"record c{}{tr}\" id=\"ev-{id}\" data-event=\"{id}\"><h3><span class=\"type t-{t}\">{t}</span> {id} <span class=\"stance {st}\">{st}</span></h3><div class=\"gist\">{gist}</div><dl>{details}</dl><div class=\"why\"><b>why</b> <code>{why}</code></div><div class=\"fp muted\">{fp}</div>{reviews}{form}</article>",
        i % 8,
        tr = if ev.transfer.is_some() {
            " transfer"
        } else {
            ""
        },
        id = esc(&ev.id),
        t = ev.kind,
        st = ev.stance(),
        gist = esc(&gist(ev)),
        why = esc(&ev.why),
        fp = esc(&e.fingerprint),
        reviews = review_list(&e.reviews),
        form = review_form(doc, e, csrf),
    )
}

async fn doc(
    State(app): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Html<String>, ApiError> {
    let key = id.clone();
    let (view, body) = run(&app, move |s| api::document(s, &key)).await?;
    let logged = app.auth.logged_in(&headers);
    let csrf = if logged { app.auth.csrf() } else { None };
    let m = &view.document;
    let mut cards = String::new();
    for (i, e) in view.events.iter().enumerate() {
        cards.push_str(&event_card(i, &id, e, csrf));
    }
    if !view.orphaned_reviews.is_empty() {
        let _ = write!(
            cards,
            "<h3>Reviews of events the latest coding no longer has</h3>{}",
            review_list(&view.orphaned_reviews)
        );
    }
    let page_body = format!(
        "<h1>{}</h1><p class=\"muted\">{} · {} · {} · <code>{}</code></p><div class=\"docview\"><section class=\"article\"><pre class=\"text\">{}</pre></section><section class=\"records\"><h2>{} records</h2>{cards}</section></div>",
        esc(m.title.as_deref().unwrap_or("(untitled)")),
        esc(m.published.as_deref().unwrap_or("undated")),
        esc(m.source.as_deref().unwrap_or("unknown outlet")),
        esc(m.dateline.as_deref().unwrap_or("")),
        esc(&m.id),
        highlighted(&body, &view.events),
        view.events.len(),
    );
    Ok(respond(page(
        m.title.as_deref().unwrap_or("Document"),
        "",
        logged,
        &page_body,
    )))
}

/// The review form's fields.
#[derive(Deserialize)]
struct ReviewForm {
    csrf: String,
    event: String,
    verdict: String,
    #[serde(default)]
    field: Option<String>,
    #[serde(default)]
    value: Option<String>,
    #[serde(default)]
    note: Option<String>,
}

async fn review(
    State(app): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(f): Form<ReviewForm>,
) -> Result<Response, ApiError> {
    app.auth.check_form(&headers, &f.csrf)?;
    let doc = id.clone();
    let r = run(&app, move |s| {
        api::add_review(
            s,
            NewReview {
                document: doc,
                event: f.event,
                verdict: f.verdict,
                field: f.field,
                value: f.value,
                note: f.note,
                reviewer: None,
            },
        )
    })
    .await?;
    Ok(Redirect::to(&format!("/doc/{}#ev-{}", enc(&id), enc(&r.event))).into_response())
}

async fn actor(
    State(app): State<AppState>,
    headers: HeaderMap,
    Path(key): Path<String>,
) -> Result<Html<String>, ApiError> {
    let k = key.clone();
    let v = run(&app, move |s| api::actor(s, &k)).await?;
    let max = v
        .by_year
        .values()
        .map(|(a, b)| (*a).max(*b))
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let mut bars =
        String::from("<table class=\"years\"><tr><th>Year</th><th>by</th><th>against</th></tr>");
    for (y, (by, against)) in &v.by_year {
        let _ = write!(
            bars,
            "<tr><td>{}</td><td><span class=\"bar by\" style=\"--w:{:.0}\"></span> {by}</td><td><span class=\"bar against\" style=\"--w:{:.0}\"></span> {against}</td></tr>",
            esc(y),
            *by as f64 / max * 100.0,
            *against as f64 / max * 100.0
        );
    }
    bars.push_str("</table>");
    let mut list = String::from(
        "<table class=\"claims\"><tr><th>Date</th><th>Role</th><th>Side</th><th>Type</th><th>Sentence</th></tr>",
    );
    for c in &v.claims {
        let _ = write!(
            list,
            "<tr class=\"{side}\"><td>{}</td><td>{}</td><td>{side}</td><td>{}</td><td><a href=\"/doc/{}#ev-{}\">{}</a></td></tr>",
            esc(c.date.as_deref().unwrap_or("")),
            c.role,
            esc(&c.kind),
            enc(&c.document),
            esc(&c.event),
            esc(&c.sentence),
            side = c.side
        );
    }
    list.push_str("</table>");
    let body = format!(
        "<h1>{}</h1><p class=\"muted\">{} claims: <b>by</b> it (as source, supplier or claimant) and <b>against</b> it (as target or recipient), by year.</p>{bars}{list}",
        esc(&v.actor),
        v.claims.len()
    );
    Ok(respond(page(
        &v.actor,
        "",
        app.auth.logged_in(&headers),
        &body,
    )))
}

async fn stats(State(app): State<AppState>, headers: HeaderMap) -> Result<Html<String>, ApiError> {
    let (counts, reviews) = run(&app, |s| Ok((s.counts()?, s.reviews(None)?))).await?;
    let rules = sitrep_store::review::rule_stats(&reviews);
    let mut body = format!(
        "<h1>Reviews and rules</h1><p>{} documents, {} events, {} reviews. Server is {}. Export reviews as transfer gold with <code>sitrep export --reviews</code>.</p><h2>Rule precision</h2><table class=\"sortable\"><thead><tr><th data-sort=\"text\">Rule</th><th data-sort=\"num\">Reviewed</th><th data-sort=\"num\">Correct</th><th data-sort=\"num\">Wrong</th><th data-sort=\"num\">Edited</th><th data-sort=\"num\">Precision</th></tr></thead><tbody>",
        counts.documents,
        counts.events,
        reviews.len(),
        if app.auth.writable() {
            "taking reviews"
        } else {
            "read-only"
        }
    );
    for r in &rules {
        let _ = write!(
            body,
            "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{:.2}</td></tr>",
            esc(&r.rule),
            r.reviewed,
            r.correct,
            r.wrong,
            r.edited,
            r.precision()
        );
    }
    body.push_str("</tbody></table>");
    Ok(respond(page(
        "Reviews",
        "/stats",
        app.auth.logged_in(&headers),
        &body,
    )))
}

async fn login_form(State(app): State<AppState>, headers: HeaderMap) -> Html<String> {
    let body = if app.auth.writable() {
        "<h1>Log in to review</h1><form method=\"post\" action=\"/login\" class=\"login-form\"><label>Write token <input type=\"password\" name=\"token\" autocomplete=\"current-password\"></label><button type=\"submit\">Log in</button></form>"
    } else {
        "<h1>Read-only</h1><p>This server has no write token (start it with <code>--token-file</code>).</p>"
    };
    respond(page("Log in", "/login", app.auth.logged_in(&headers), body))
}

#[derive(Deserialize)]
struct LoginForm {
    token: String,
}

async fn login(
    State(app): State<AppState>,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> Result<Response, ApiError> {
    crate::auth::same_origin(&headers)?;
    app.auth.check_token(&f.token)?;
    let cookie = format!(
        "{}={}; Path=/; HttpOnly; SameSite=Strict",
        crate::auth::COOKIE,
        app.auth.cookie_value().unwrap_or("")
    );
    Ok((
        StatusCode::SEE_OTHER,
        [
            (header::SET_COOKIE, cookie),
            (header::LOCATION, "/".to_owned()),
        ],
    )
        .into_response())
}
