//! The API's route table, from which both the router and the OpenAPI 3.1 document at
//! `/api/v1/openapi.json` are built: a route cannot exist without being documented.

use axum::routing::{MethodRouter, get, post};
use serde_json::{Value, json};

use crate::{AppState, api};

/// One API route.
pub struct Route {
    /// Path in OpenAPI/axum syntax (`/api/v1/documents/{id}`).
    pub path: &'static str,
    /// `get` or `post`.
    pub method: &'static str,
    /// One line.
    pub summary: &'static str,
    /// Query parameters it reads (names from [`PARAMS`]).
    pub query: &'static [&'static str],
    /// Schema name of the 200/201 answer (in `components.schemas`).
    pub answer: &'static str,
    /// The handler.
    pub handler: MethodRouter<AppState>,
}

/// The CLI's filters, as query parameters: (name, description).
pub const PARAMS: &[(&str, &str)] = &[
    ("type", "event types, comma-separated (AID,ASSAULT)"),
    (
        "actor",
        "source or target actors (ISO code or canonical name), comma-separated; all must match",
    ),
    ("supplier", "transfer supplier (code or name)"),
    ("recipient", "transfer recipient (code or name)"),
    (
        "category",
        "item category, dotted prefix (ammunition matches ammunition.artillery)",
    ),
    ("claimant", "who says so (code or name)"),
    ("certainty", "certainty level (asserted, likely, …)"),
    (
        "status",
        "transfer status (delivered, in_transit, agreed, offered, requested, none)",
    ),
    ("stance", "asserted, hedged or denied"),
    (
        "embargo",
        "yes: only events under a UN arms embargo; no: only those not",
    ),
    ("since", "events reaching on or after this day (YYYY-MM-DD)"),
    (
        "until",
        "events starting on or before this day (YYYY-MM-DD)",
    ),
    ("q", "words that must all occur in one evidence sentence"),
    ("document", "only this document id"),
    ("limit", "page size (1-500, default 50)"),
    ("cursor", "next_cursor of the previous page"),
    (
        "sort",
        "ledger sort column, - for descending: corroboration (the default, -corroboration), documents, against, claims, year, supplier, recipient, family",
    ),
];

/// The ledger's query parameters: the filters every listing takes, then its sort column.
const LEDGER_FILTERS: &[&str] = &[
    "type",
    "actor",
    "supplier",
    "recipient",
    "category",
    "claimant",
    "certainty",
    "status",
    "stance",
    "embargo",
    "since",
    "until",
    "q",
    "document",
    "limit",
    "cursor",
    "sort",
];

/// Every listing's query filters: the ledger's without its `sort`.
const FILTERS: &[&str] = match LEDGER_FILTERS.split_last() {
    Some((_, rest)) => rest,
    None => &[],
};

/// Every API route.
pub fn routes() -> Vec<Route> {
    vec![
        Route {
            path: "/api/v1/documents",
            method: "get",
            summary: "Stored documents' metadata, in id order",
            query: &["limit", "cursor"],
            answer: "DocumentPage",
            handler: get(api::get_documents),
        },
        Route {
            path: "/api/v1/documents/{id}",
            method: "get",
            summary: "A document with its text, events (record format), fingerprints and reviews",
            query: &[],
            answer: "DocumentView",
            handler: get(api::get_document),
        },
        Route {
            path: "/api/v1/events",
            method: "get",
            summary: "Events matching the filters, in storage order",
            query: FILTERS,
            answer: "EventPage",
            handler: get(api::get_events),
        },
        Route {
            path: "/api/v1/search",
            method: "get",
            summary: "Full-text search over evidence sentences (q required), with the other filters",
            query: FILTERS,
            answer: "EventPage",
            handler: get(api::get_search),
        },
        Route {
            path: "/api/v1/transfers",
            method: "get",
            summary: "Ledger rows: the documents' transfer claims fused by supplier, recipient, item family and year, with corroboration and the documents for and against",
            query: LEDGER_FILTERS,
            answer: "LedgerPage",
            handler: get(api::get_transfers),
        },
        Route {
            path: "/api/v1/stories",
            method: "get",
            summary: "Stories: the same happening across documents",
            query: FILTERS,
            answer: "Page",
            handler: get(api::get_stories),
        },
        Route {
            path: "/api/v1/actors",
            method: "get",
            summary: "Actors among the matching events, most frequent first",
            query: FILTERS,
            answer: "Page",
            handler: get(api::get_actors),
        },
        Route {
            path: "/api/v1/actors/{actor}",
            method: "get",
            summary: "Claims by and against an actor over time",
            query: &[],
            answer: "ActorView",
            handler: get(api::get_actor),
        },
        Route {
            path: "/api/v1/facets",
            method: "get",
            summary: "Counts per facet (type, supplier, recipient, category, status, stance, claimant, embargo, year)",
            query: FILTERS,
            answer: "Facets",
            handler: get(api::get_facets),
        },
        Route {
            path: "/api/v1/stats",
            method: "get",
            summary: "Row counts and whether the server takes reviews",
            query: &[],
            answer: "Stats",
            handler: get(api::get_stats),
        },
        Route {
            path: "/api/v1/stats/rules",
            method: "get",
            summary: "Each coder rule's precision over reviewed events",
            query: &[],
            answer: "RuleStats",
            handler: get(api::get_rule_stats),
        },
        Route {
            path: "/api/v1/reviews",
            method: "get",
            summary: "Reviews, oldest first",
            query: &["document", "limit", "cursor"],
            answer: "ReviewPage",
            handler: get(api::get_reviews),
        },
        Route {
            path: "/api/v1/reviews",
            method: "post",
            summary: "Review an event: correct, wrong, or an edit of one field (Bearer token)",
            query: &[],
            answer: "Review",
            handler: post(api::post_review),
        },
        Route {
            path: "/api/v1/openapi.json",
            method: "get",
            summary: "This document",
            query: &[],
            answer: "OpenApi",
            handler: get(api::get_openapi),
        },
    ]
}

fn schemas() -> Value {
    let obj = |req: &[&str]| json!({"type": "object", "required": req});
    let page = |item: &str| {
        json!({"type": "object", "required": ["items", "next_cursor"], "properties": {
        "items": {"type": "array", "items": {"$ref": format!("#/components/schemas/{item}")}},
        "next_cursor": {"type": ["string", "null"]}}})
    };
    let codes: Vec<&str> = crate::error::CODES.iter().map(|c| c.0).collect();
    json!({
        "Error": {"type": "object", "required": ["code", "message", "type"],
            "description": crate::error::CODES.iter().map(|(c, s)| format!("{c} ({s})")).collect::<Vec<_>>().join(", "),
            "properties": {"code": {"type": "string", "enum": codes}, "message": {"type": "string"},
                "type": {"type": "string", "enum": ["invalid_request", "auth", "not_found", "internal"]},
                "link": {"type": "string"}}},
        "Hit": {"type": "object", "required": ["document", "event"], "description": "an event with its document's metadata, in the record format (spec/records.md)",
            "properties": {"document": {"$ref": "#/components/schemas/DocumentMeta"}, "event": {"$ref": "#/components/schemas/Event"}}},
        "DocumentMeta": obj(&["id", "lang"]),
        "Event": {"type": "object", "required": ["id", "type", "evidence", "why"], "description": "record-format event"},
        "Review": {"type": "object", "required": ["document", "event", "verdict"], "properties": {
            "id": {"type": "integer"}, "document": {"type": "string"}, "fingerprint": {"type": "string"},
            "event": {"type": "string", "description": "fingerprint or event id when posting"},
            "verdict": {"type": "string", "enum": ["correct", "wrong", "edit"]},
            "field": {"type": ["string", "null"], "enum": ["supplier", "recipient", "items", "status", "certainty", null]},
            "value": {"type": ["string", "null"]}, "note": {"type": ["string", "null"]}, "reviewer": {"type": ["string", "null"]}}},
        "LedgerRow": ledger_row(),
        "LedgerMember": ledger_member(),
        "DocumentView": obj(&["document", "text", "events", "orphaned_reviews"]),
        "ActorView": obj(&["actor", "claims", "by_year"]),
        "Facets": obj(&["events", "sampled", "facets"]),
        "Stats": obj(&["counts", "reviews", "writable"]),
        "RuleStats": {"type": "array", "items": obj(&["rule", "reviewed", "correct", "wrong", "edited"])},
        "OpenApi": obj(&["openapi", "paths"]),
        "Page": {"type": "object", "required": ["items", "next_cursor"]},
        "EventPage": page("Hit"),
        "DocumentPage": page("DocumentMeta"),
        "ReviewPage": page("Review"),
        "LedgerPage": {"type": "object", "required": ["items", "next_cursor", "total"], "properties": {
            "items": {"type": "array", "items": {"$ref": "#/components/schemas/LedgerRow"}},
            "next_cursor": {"type": ["string", "null"]}, "total": {"type": "integer"}}},
    })
}

/// A fused ledger row (`sitrep_ledger::FusedRow` with counts and its claims resolved).
fn ledger_row() -> Value {
    let strs = json!({"type": "array", "items": {"type": "string"}});
    let opt = json!({"type": ["string", "null"]});
    json!({"type": "object",
        "description": "one supplier, recipient, item family and year, fused from the documents' transfer claims (records 1.1 TransferClaim); the transfer filters apply per claim, type does not apply",
        "required": ["key", "supplier", "recipient", "family", "year", "stance", "corroboration",
            "documents_for", "documents_against", "claims", "members"],
        "properties": {
            "key": {"type": "string", "description": "SUPPLIER>RECIPIENT/family/year, ? for an unknown side"},
            "supplier": opt, "recipient": opt, "family": {"type": "string"},
            "year": {"type": ["integer", "null"]}, "categories": strs,
            "status": {"type": ["string", "null"], "enum": ["requested", "offered", "planned", "agreed", "in_transit", "delivered", null]},
            "stance": {"type": "string", "enum": ["asserted", "hedged", "denied_only"]},
            "corroboration": {"type": "integer", "description": "distinct outlets (URL host, else source) among the documents for it"},
            "documents_for": strs, "documents_against": strs,
            "first_seen": opt, "last_seen": opt, "claimed_by": strs, "denied_by": strs,
            "transport": strs, "embargo": {"type": "boolean"},
            "claims": {"type": "integer", "description": "claims behind it (one per document and family)"},
            "members": {"type": "array", "items": {"$ref": "#/components/schemas/LedgerMember"}}}})
}

/// One claim behind a ledger row.
fn ledger_member() -> Value {
    json!({"type": "object",
        "required": ["document", "claim", "events", "stance", "against", "certainty", "items", "sentence"],
        "properties": {
            "document": {"type": "string"}, "claim": {"type": "string", "description": "claim id in its document (t1)"},
            "events": {"type": "array", "items": {"type": "string"}},
            "title": {"type": ["string", "null"]}, "outlet": {"type": ["string", "null"]},
            "published": {"type": ["string", "null"]},
            "stance": {"type": "string", "enum": ["asserted", "hedged", "denied_only"]},
            "against": {"type": "boolean"}, "status": {"type": ["string", "null"]},
            "certainty": {"type": "string"}, "items": {"type": "array", "items": {"type": "string"}},
            "sentence": {"type": "string"}}})
}

fn operation(r: &Route) -> Value {
    let mut params: Vec<Value> = r
        .query
        .iter()
        .map(|name| {
            let desc = PARAMS.iter().find(|p| p.0 == *name).map_or("", |p| p.1);
            let schema = if *name == "limit" { json!({"type": "integer", "minimum": 1, "maximum": 500}) } else { json!({"type": "string"}) };
            json!({"name": name, "in": "query", "required": false, "description": desc, "schema": schema})
        })
        .collect();
    for seg in r.path.split('/').filter(|s| s.starts_with('{')) {
        let name = seg.trim_matches(|c| c == '{' || c == '}');
        params.push(
            json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}}),
        );
    }
    let ok = if r.method == "post" { "201" } else { "200" };
    let err = json!({"description": "error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}});
    let mut op = json!({
        "summary": r.summary,
        "operationId": format!("{}_{}", r.method, r.path.trim_start_matches("/api/v1/").replace(['/', '{', '}', '.'], "_")),
        "parameters": params,
        "responses": {
            ok: {"description": "success", "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{}", r.answer)}}}},
            "304": {"description": "not modified (If-None-Match matched the ETag)"},
            "400": err.clone(), "404": err.clone(), "503": err.clone(),
        },
    });
    if r.method == "post" {
        op["requestBody"] = json!({"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Review"}}}});
        op["security"] = json!([{"bearer": []}]);
        op["responses"]["401"] = err.clone();
        op["responses"]["403"] = err;
    }
    op
}

/// The OpenAPI 3.1 document, built from [`routes`].
pub fn document() -> Value {
    let mut paths = serde_json::Map::new();
    for r in routes() {
        let entry = paths.entry(r.path).or_insert_with(|| json!({}));
        entry[r.method] = operation(&r);
    }
    json!({
        "openapi": "3.1.0",
        "info": {"title": "sitrep workbench API", "version": env!("CARGO_PKG_VERSION"),
            "description": "Events, arms-transfer ledger, stories, actors and reviews of a sitrep store. JSON in the record format; errors as {code, message, type, link}; GET answers carry ETags."},
        "paths": paths,
        "components": {"schemas": schemas(), "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
    })
}
