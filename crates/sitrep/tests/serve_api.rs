//! `sitrep serve`'s REST API against the running binary over a store that `sitrep ingest`
//! filled: filters, cursors, search, facets, ETags, error codes and statuses, limits, write
//! access, reviews surviving `recode`, `export --reviews`, `stats rules`, and the OpenAPI
//! document checked against the routes that answer.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

mod support;

use std::collections::BTreeSet;

use serde_json::{Value, json};
use support::{Server, TOKEN, agent, fill, get_json, sitrep};

fn post_review(a: &ureq::Agent, url: &str, auth: Option<&str>, body: &Value) -> (u16, Value) {
    let mut req = a.post(url).header("content-type", "application/json");
    if let Some(t) = auth {
        req = req.header("authorization", &format!("Bearer {t}"));
    }
    let mut r = req.send(body.to_string()).unwrap();
    let s = r.status().as_u16();
    let text = r.body_mut().read_to_string().unwrap_or_default();
    (s, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// Announces a JSON body of `len` bytes and reads the answer without sending it: the server
/// refuses an oversized body from its Content-Length alone. (Sending the body races the
/// server's early answer and close: the client may see a reset instead of the 413.)
fn post_oversized(url: &str, token: &str, len: usize) -> (u16, Value) {
    use std::io::{Read, Write};
    let rest = url.strip_prefix("http://").expect("http URL");
    let (host, path) = rest.split_at(rest.find('/').expect("path"));
    let mut c = std::net::TcpStream::connect(host).expect("connect");
    let head = format!(
        "POST {path} HTTP/1.1\r\nhost: {host}\r\ncontent-type: application/json\r\n\
         authorization: Bearer {token}\r\ncontent-length: {len}\r\nconnection: close\r\n\r\n"
    );
    c.write_all(head.as_bytes()).expect("send head");
    let mut answer = String::new();
    let _ = c.read_to_string(&mut answer);
    let status = answer
        .split(' ')
        .nth(1)
        .and_then(|x| x.parse().ok())
        .unwrap_or(0);
    let body = answer.split("\r\n\r\n").nth(1).unwrap_or("");
    (status, serde_json::from_str(body).unwrap_or(Value::Null))
}

fn code(v: &Value) -> &str {
    v["code"].as_str().unwrap_or("")
}

/// Follows `next_cursor` from a first page of `limit` items; returns every item.
fn all_pages(a: &ureq::Agent, s: &Server, path: &str, limit: usize) -> Vec<Value> {
    let mut out = Vec::new();
    let mut url = s.url(&format!("{path}?limit={limit}"));
    loop {
        let (st, _, v) = get_json(a, &url);
        assert_eq!(st, 200, "{url}: {v}");
        let items = v["items"].as_array().unwrap();
        assert!(items.len() <= limit);
        out.extend(items.iter().cloned());
        match v["next_cursor"].as_str() {
            Some(c) => url = s.url(&format!("{path}?limit={limit}&cursor={c}")),
            None => return out,
        }
    }
}

fn check_filters_and_paging(a: &ureq::Agent, s: &Server) {
    let (st, _, all) = get_json(a, &s.url("/api/v1/events?limit=500"));
    assert_eq!(st, 200);
    let n = all["items"].as_array().unwrap().len();
    assert!(n >= 4, "the examples give several events: {all}");
    let paged = all_pages(a, s, "/api/v1/events", 2);
    assert_eq!(paged.len(), n, "cursor pages cover every event once");
    let keys: BTreeSet<String> = paged
        .iter()
        .map(|h| format!("{}/{}", h["document"]["id"], h["event"]["id"]))
        .collect();
    assert_eq!(keys.len(), n, "no event twice across pages");

    let (_, _, aid) = get_json(a, &s.url("/api/v1/events?type=AID&limit=500"));
    let aid = aid["items"].as_array().unwrap();
    assert!(!aid.is_empty());
    assert!(aid.iter().all(|h| h["event"]["type"] == "AID"));
    assert!(aid.len() < n || n == aid.len());

    let (st, _, hits) = get_json(a, &s.url("/api/v1/search?q=drones"));
    assert_eq!(st, 200);
    let hits = hits["items"].as_array().unwrap();
    assert!(!hits.is_empty(), "an example is about drones");
    for h in hits {
        let t = h["event"]["evidence"][0]["text"]
            .as_str()
            .unwrap()
            .to_lowercase();
        assert!(t.contains("drone"), "{t}");
    }

    let (_, _, f) = get_json(a, &s.url("/api/v1/facets"));
    let by_type: u64 = f["facets"]["type"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert_eq!(by_type as usize, n, "each event has one type: {f}");
}

fn check_errors(a: &ureq::Agent, s: &Server) {
    for (path, status, want) in [
        ("/api/v1/search", 400, "invalid_parameter"),
        ("/api/v1/events?type=NOPE", 400, "invalid_parameter"),
        ("/api/v1/events?limit=0", 400, "invalid_parameter"),
        ("/api/v1/events?cursor=zz", 400, "invalid_cursor"),
        ("/api/v1/events?stance=maybe", 400, "invalid_parameter"),
        ("/api/v1/events?since=yesterday", 400, "invalid_filter"),
        ("/api/v1/documents/nope", 404, "document_not_found"),
        ("/api/v1/actors/XXX", 404, "actor_not_found"),
        ("/api/v1/nothing", 404, "route_not_found"),
        ("/static/../Cargo.toml", 404, "route_not_found"),
        ("/static/%2e%2e/%2e%2e/Cargo.toml", 404, "route_not_found"),
        ("/static/..%2fapp.js", 404, "route_not_found"),
    ] {
        let (st, _, v) = get_json(a, &s.url(path));
        assert_eq!((st, code(&v)), (status, want), "{path}: {v}");
        assert!(v["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    let mut r = a.delete(&s.url("/api/v1/events")).call().unwrap();
    assert_eq!(r.status().as_u16(), 405);
    let v: Value = serde_json::from_str(&r.body_mut().read_to_string().unwrap()).unwrap();
    assert_eq!(code(&v), "method_not_allowed");
}

fn check_etags_and_headers(a: &ureq::Agent, s: &Server) {
    let (st, tag, _) = get_json(a, &s.url("/api/v1/transfers"));
    assert_eq!(st, 200);
    let tag = tag.expect("an ETag");
    let (_, again, _) = get_json(a, &s.url("/api/v1/transfers"));
    assert_eq!(
        again.as_deref(),
        Some(tag.as_str()),
        "same answer, same tag"
    );
    let r = a
        .get(&s.url("/api/v1/transfers"))
        .header("if-none-match", &tag)
        .call()
        .unwrap();
    assert_eq!(r.status().as_u16(), 304);
    let r = a.get(&s.url("/")).call().unwrap();
    let csp = r.headers().get("content-security-policy").unwrap();
    assert!(csp.to_str().unwrap().contains("script-src 'self'"));
}

/// The strings of a JSON array.
fn strs(v: &Value) -> BTreeSet<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap().to_owned())
        .collect()
}

/// Each row's counts agree with the claims behind it.
fn check_ledger_row(r: &Value) {
    let m = r["members"].as_array().unwrap();
    assert_eq!(r["claims"].as_u64().unwrap() as usize, m.len(), "{r}");
    let by = |keep: &dyn Fn(&Value) -> bool| -> BTreeSet<String> {
        (m.iter().filter(|x| keep(x)))
            .map(|x| x["document"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        strs(&r["documents_for"]),
        by(&|x| x["stance"] != "denied_only")
    );
    assert_eq!(strs(&r["documents_against"]), by(&|x| x["against"] == true));
    let outlets: BTreeSet<&str> = (m.iter())
        .filter(|x| x["stance"] != "denied_only")
        .filter_map(|x| x["outlet"].as_str())
        .collect();
    assert_eq!(
        r["corroboration"].as_u64(),
        Some(outlets.len() as u64),
        "{r}"
    );
    assert!(
        m.iter()
            .all(|x| !x["events"].as_array().unwrap().is_empty())
    );
}

/// The API's ledger is the CLI's (`sitrep ledger`, the same claims fused the same way).
fn check_ledger_is_the_clis(rows: &[Value], db: &str) {
    let out = sitrep(&["ledger", "--db", db, "--format", "jsonl"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let cli: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let key = |r: &Value| {
        let f = |k: &str| r[k].to_string();
        [
            f("key"),
            f("documents_for"),
            f("documents_against"),
            f("stance"),
            f("status"),
        ]
        .join(" ")
    };
    let api: BTreeSet<String> = rows.iter().map(key).collect();
    let cli: BTreeSet<String> = cli.iter().map(key).collect();
    assert_eq!(api, cli, "API and CLI ledgers differ");
}

fn check_ledger_and_documents(a: &ureq::Agent, s: &Server, db: &str) -> (String, String) {
    let rows = all_pages(a, s, "/api/v1/transfers", 3);
    assert!(!rows.is_empty(), "the examples report transfers");
    rows.iter().for_each(check_ledger_row);
    check_ledger_is_the_clis(&rows, db);
    let (_, _, t) = get_json(a, &s.url("/api/v1/transfers?limit=500"));
    assert_eq!(t["total"].as_u64().unwrap() as usize, rows.len());
    let c: Vec<u64> = (t["items"].as_array().unwrap().iter())
        .map(|r| r["corroboration"].as_u64().unwrap())
        .collect();
    assert!(
        c.windows(2).all(|w| w[0] >= w[1]),
        "most corroborated first: {c:?}"
    );

    // null marks a claim whose supplier no document names; filter on a named one.
    let named = rows
        .iter()
        .find(|r| r["supplier"].is_string())
        .expect("a named supplier");
    let sup = named["supplier"].as_str().unwrap().to_owned();
    let (_, _, f) = get_json(a, &s.url(&format!("/api/v1/transfers?supplier={sup}")));
    let f = f["items"].as_array().unwrap();
    assert!(!f.is_empty() && f.iter().all(|r| r["supplier"] == sup.as_str()));
    assert!(f.len() < rows.len() || rows.iter().all(|r| r["supplier"] == sup.as_str()));

    // Per-claim filters: every claim behind every row matches.
    let staged = rows.iter().find_map(|r| {
        let m = r["members"].as_array().unwrap();
        m.iter()
            .find_map(|x| x["status"].as_str().map(str::to_owned))
    });
    let status = staged.expect("a claim with a stage");
    let (st, _, f) = get_json(a, &s.url(&format!("/api/v1/transfers?status={status}")));
    assert_eq!(st, 200);
    let f = f["items"].as_array().unwrap();
    assert!(!f.is_empty());
    for r in f {
        check_ledger_row(r);
        assert!(
            r["members"]
                .as_array()
                .unwrap()
                .iter()
                .all(|x| x["status"] == status.as_str())
        );
    }
    let (st, _, v) = get_json(a, &s.url("/api/v1/transfers?status=shipped"));
    assert_eq!((st, code(&v)), (400, "invalid_parameter"), "{v}");

    // The document view: the text, and evidence offsets that point into it.
    let doc = named["members"][0]["document"].as_str().unwrap().to_owned();
    let (st, _, d) = get_json(a, &s.url(&format!("/api/v1/documents/{doc}")));
    assert_eq!(st, 200);
    let text = d["text"].as_str().unwrap();
    let evs = d["events"].as_array().unwrap();
    assert!(!evs.is_empty());
    for e in evs {
        let ev = &e["event"]["evidence"][0];
        let (a0, b0) = (
            ev["start"].as_u64().unwrap() as usize,
            ev["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            &text[a0..b0],
            ev["text"].as_str().unwrap(),
            "evidence span in the text"
        );
        assert!(!e["event"]["why"].as_str().unwrap().is_empty());
    }
    let transfer = evs
        .iter()
        .find(|e| e["event"]["transfer"].is_object())
        .expect("a transfer event in a ledger document");
    (doc, transfer["fingerprint"].as_str().unwrap().to_owned())
}

fn check_openapi(a: &ureq::Agent, s: &Server) {
    let (st, _, doc) = get_json(a, &s.url("/api/v1/openapi.json"));
    assert_eq!(st, 200);
    assert_eq!(doc["openapi"], "3.1.0");
    assert!(doc["info"]["title"].is_string() && doc["info"]["version"].is_string());
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    // Every $ref resolves.
    let text = doc.to_string();
    for part in text.split("\"$ref\":\"#/components/schemas/").skip(1) {
        let name = part.split('"').next().unwrap();
        assert!(schemas.contains_key(name), "dangling $ref {name}");
    }
    let paths = doc["paths"].as_object().unwrap();
    assert!(paths.len() >= 12);
    let mut ids = BTreeSet::new();
    for (path, item) in paths {
        assert!(path.starts_with("/api/v1/"));
        for (method, op) in item.as_object().unwrap() {
            assert!(
                ["get", "post"].contains(&method.as_str()),
                "{path} {method}"
            );
            assert!(ids.insert(op["operationId"].as_str().unwrap().to_owned()));
            assert!(op["responses"].as_object().is_some_and(|r| !r.is_empty()));
            for p in op["parameters"].as_array().unwrap() {
                assert!(["query", "path"].contains(&p["in"].as_str().unwrap()));
                assert!(p["schema"].is_object());
            }
            // Every documented GET without path parameters answers (it exists).
            if method == "get" && !path.contains('{') && !path.ends_with("/search") {
                let (st, _, v) = get_json(a, &s.url(path));
                assert_eq!(st, 200, "{path}: {v}");
            }
        }
    }
    // Ledger answers carry what their schema requires.
    let required = |name: &str| strs(&schemas[name]["required"]);
    let (_, _, t) = get_json(a, &s.url("/api/v1/transfers"));
    for r in t["items"].as_array().unwrap() {
        for k in required("LedgerRow") {
            assert!(r.get(&k).is_some(), "ledger row lacks {k}: {r}");
        }
        for m in r["members"].as_array().unwrap() {
            for k in required("LedgerMember") {
                assert!(m.get(&k).is_some(), "ledger member lacks {k}: {m}");
            }
        }
    }
    // Every error code the API sends is documented.
    let codes = &doc["components"]["schemas"]["Error"]["properties"]["code"]["enum"];
    for c in [
        "invalid_parameter",
        "invalid_cursor",
        "document_not_found",
        "read_only",
    ] {
        assert!(codes.as_array().unwrap().iter().any(|x| x == c), "{c}");
    }
}

fn check_writes(a: &ureq::Agent, s: &Server, doc: &str, fp: &str) {
    let url = s.url("/api/v1/reviews");
    let edit = json!({"document": doc, "event": fp, "verdict": "edit", "field": "supplier",
        "value": "XYZ", "note": "checked against the source"});
    let (st, v) = post_review(a, &url, None, &edit);
    assert_eq!((st, code(&v)), (401, "missing_token"), "{v}");
    let (st, v) = post_review(a, &url, Some("wrong-token-wrong-token"), &edit);
    assert_eq!((st, code(&v)), (401, "invalid_token"), "{v}");
    let bad =
        json!({"document": doc, "event": fp, "verdict": "edit", "field": "colour", "value": "red"});
    let (st, v) = post_review(a, &url, Some(TOKEN), &bad);
    assert_eq!((st, code(&v)), (400, "invalid_review"), "{v}");
    let (st, v) = post_review(
        a,
        &url,
        Some(TOKEN),
        &json!({"document": doc, "event": "e999", "verdict": "correct"}),
    );
    assert_eq!((st, code(&v)), (404, "event_not_found"), "{v}");
    let (st, v) = post_oversized(&url, TOKEN, 100_000);
    assert_eq!((st, code(&v)), (413, "payload_too_large"), "{v}");
    let (st, v) = post_review(a, &url, Some(TOKEN), &edit);
    assert_eq!(st, 201, "{v}");
    assert_eq!(v["fingerprint"], fp);
    let (_, _, list) = get_json(a, &s.url(&format!("/api/v1/reviews?document={doc}")));
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    // The document view shows it on its event.
    let (_, _, d) = get_json(a, &s.url(&format!("/api/v1/documents/{doc}")));
    let evs = d["events"].as_array().unwrap();
    let ev = evs
        .iter()
        .find(|e| e["fingerprint"] == fp)
        .expect("the event");
    assert_eq!(ev["reviews"][0]["value"], "XYZ");
    assert_eq!(ev["reviews"][0]["note"], "checked against the source");
}

/// Document metadata pages cover every stored document once, in id order.
fn check_documents(a: &ureq::Agent, s: &Server) {
    let docs = all_pages(a, s, "/api/v1/documents", 2);
    let ids: Vec<&str> = docs.iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "{ids:?}");
    let (_, _, st) = get_json(a, &s.url("/api/v1/stats"));
    assert_eq!(
        st["counts"]["documents"].as_u64(),
        Some(ids.len() as u64),
        "{st}"
    );
    assert!(ids.len() >= 4, "the examples and the hostile article");
}

/// A document ingested while the server runs shows in its ledger (the cache follows writes).
fn check_ledger_follows_writes(a: &ureq::Agent, s: &Server, dir: &std::path::Path, db: &str) {
    let docs_for = || -> BTreeSet<String> {
        (all_pages(a, s, "/api/v1/transfers", 500).iter())
            .flat_map(|r| strs(&r["documents_for"]))
            .collect()
    };
    let before = docs_for();
    let later = dir.join("later");
    std::fs::create_dir_all(&later).unwrap();
    std::fs::write(
        later.join("later.txt"),
        "Howitzer deliveries\n\nFrance delivered Caesar howitzers to Ukraine on 3 March 2024, \
         the French defence ministry said.\n",
    )
    .unwrap();
    let out = sitrep(&["ingest", later.to_str().unwrap(), "--db", db]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let after = docs_for();
    assert!(before.is_subset(&after));
    assert_eq!(
        after.len(),
        before.len() + 1,
        "the new document's claim is in the ledger"
    );
}

#[test]
fn serve_api_end_to_end() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("s.db").to_str().unwrap().to_owned();
    fill(tmp.path(), &db);
    let a = agent();
    let (doc, fp) = {
        let s = Server::start(tmp.path(), &db, true);
        check_filters_and_paging(&a, &s);
        check_errors(&a, &s);
        check_etags_and_headers(&a, &s);
        let (doc, fp) = check_ledger_and_documents(&a, &s, &db);
        check_documents(&a, &s);
        check_openapi(&a, &s);
        check_writes(&a, &s, &doc, &fp);
        check_ledger_follows_writes(&a, &s, tmp.path(), &db);
        (doc, fp)
    };

    // A read-only server refuses writes, whatever the token.
    {
        let s = Server::start(tmp.path(), &db, false);
        let body = json!({"document": doc, "event": fp, "verdict": "correct"});
        let (st, v) = post_review(&a, &s.url("/api/v1/reviews"), Some(TOKEN), &body);
        assert_eq!((st, code(&v)), (403, "read_only"), "{v}");
    }

    // recode replaces the events; the review stays with its event.
    let out = sitrep(&["recode", "--db", &db]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s = Server::start(tmp.path(), &db, false);
    let (_, _, d) = get_json(&a, &s.url(&format!("/api/v1/documents/{doc}")));
    let ev = d["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["fingerprint"] == fp.as_str());
    let ev = ev.expect("the reviewed event is still there after recode");
    assert_eq!(ev["reviews"][0]["value"], "XYZ");
    assert!(d["orphaned_reviews"].as_array().unwrap().is_empty());

    // Reviews as gold: the edit applied.
    let gold = tmp.path().join("gold.jsonl");
    let out = sitrep(&[
        "export",
        "--reviews",
        "--db",
        &db,
        "-o",
        gold.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line = std::fs::read_to_string(&gold).unwrap();
    let g: Value = serde_json::from_str(line.lines().next().unwrap()).unwrap();
    assert_eq!(g["id"], doc.as_str());
    assert!(g["uncertain"].is_string());
    let t = g["transfers"].as_array().unwrap();
    assert!(
        t.iter()
            .any(|t| t["supplier"] == "XYZ" && t["note"] == "checked against the source"),
        "{g}"
    );
    for t in t {
        for k in [
            "recipient",
            "categories",
            "claimed_by",
            "denied_by",
            "stance",
            "status",
        ] {
            assert!(!t[k].is_null(), "gold transfer lacks {k}: {t}");
        }
    }

    // Rule precision: the edited event's rules were reviewed once, none correct.
    let out = sitrep(&["stats", "rules", "--db", &db, "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(!rows.is_empty());
    assert!(
        rows.iter()
            .all(|r| r["reviewed"] == 1 && r["edited"] == 1 && r["precision"] == 0.0)
    );
    assert!(
        rows.iter().any(|r| r["stage"] != "-"),
        "some tag maps to a registry rule: {rows:?}"
    );
}

/// The same server over PostgreSQL (skips without `SITREP_TEST_PG` and the feature).
#[cfg(feature = "postgres")]
#[test]
fn serve_api_postgres() {
    let Ok(url) = std::env::var("SITREP_TEST_PG") else {
        eprintln!("skipping serve_api_postgres: set SITREP_TEST_PG to a postgres:// URL");
        return;
    };
    let pg = support::PgSchema::new(&url, "serve");
    let db = pg.url.clone();
    let tmp = tempfile::tempdir().unwrap();
    fill(tmp.path(), &db);
    let a = agent();
    let s = Server::start(tmp.path(), &db, true);
    check_filters_and_paging(&a, &s);
    check_documents(&a, &s);
    let (doc, fp) = check_ledger_and_documents(&a, &s, &db);
    check_writes(&a, &s, &doc, &fp);
    check_ledger_follows_writes(&a, &s, tmp.path(), &db);
    drop(s);
}
