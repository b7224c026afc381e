//! Whole-pipeline snapshots: one fixture article (own prose) per phenomenon in
//! `tests/fixtures/*.txt`, one reviewed snapshot of its records each. The snapshot keeps the
//! fields a reviewer checks (type, mode, actors, date, certainty, attribution, negation, links,
//! transfer, flags, rule trace) in a compact form.

use serde_json::{Value, json};
use sitrep_doc::LoadOptions;
use sitrep_pipeline::{Options, Pipeline};
use sitrep_record::{Actor, Record, TransferClaim};

fn actor(a: &Actor) -> String {
    let mut s = a.text.clone();
    s.push_str(" = ");
    s.push_str(a.country.as_deref().unwrap_or("?"));
    if let Some(sec) = &a.sector {
        s.push('/');
        s.push_str(sec);
    }
    s
}

fn compact(r: &Record) -> Value {
    let events: Vec<Value> = r
        .events
        .iter()
        .map(|e| {
            let mut v = json!({
                "id": e.id,
                "type": e.kind.as_str(),
                "sources": e.sources.iter().map(actor).collect::<Vec<_>>(),
                "targets": e.targets.iter().map(actor).collect::<Vec<_>>(),
                "certainty": format!("{}{}", e.certainty.level.as_str(), e.certainty.cue.as_ref().map_or(String::new(), |c| format!(" ({c})"))),
                "why": e.why,
            });
            let m = v.as_object_mut().expect("object");
            if let Some(mode) = &e.mode {
                m.insert("mode".into(), json!(mode));
            }
            if !e.contexts.is_empty() {
                m.insert("contexts".into(), json!(e.contexts));
            }
            if let Some(d) = &e.date {
                m.insert("date".into(), json!(format!("{}..{} ({})", d.start, d.end, d.text)));
            }
            if let Some(p) = &e.location {
                m.insert("location".into(), json!(format!("{} ({}, {:?}, {:?})", p.name, p.country.as_deref().unwrap_or("?"), p.lat, p.lon)));
            }
            if e.negated {
                m.insert("negated".into(), json!(true));
            }
            if !e.attribution.is_empty() {
                m.insert("attribution".into(), json!(e.attribution.iter().map(actor).collect::<Vec<_>>()));
            }
            if !e.about.is_empty() {
                m.insert("about".into(), json!(e.about));
            }
            if let Some(t) = &e.transfer {
                m.insert("transfer".into(), json!({
                    "supplier": t.supplier.as_ref().map(actor),
                    "recipient": t.recipient.as_ref().map(actor),
                    "items": t.items.iter().map(item).collect::<Vec<_>>(),
                    "transport": t.transport,
                    "status": t.status,
                }));
                if let (Some(v), Some(tv)) = (&t.value, m.get_mut("transfer").and_then(Value::as_object_mut)) {
                    tv.insert("value".into(), json!(format!("{} {} ({})", v.amount, v.currency.as_deref().unwrap_or("?"), v.text)));
                }
            }
            if !e.flags.is_empty() {
                m.insert("flags".into(), json!(e.flags.iter().map(|f| format!("{} {} {}", f.kind, f.country.as_deref().unwrap_or("?"), f.basis.as_deref().unwrap_or(""))).collect::<Vec<_>>()));
            }
            if e.evidence.len() > 1 {
                m.insert("evidence_sentences".into(), json!(e.evidence.iter().map(|x| x.sentence).collect::<Vec<_>>()));
            }
            v
        })
        .collect();
    let mut v = json!({
        "published": r.document.published,
        "dateline": r.document.dateline,
        "events": events,
    });
    // Only documents with claims show the key, so a snapshot without a transfer is unchanged
    // by records 1.1.
    if !r.transfers.is_empty()
        && let Some(m) = v.as_object_mut()
    {
        m.insert(
            "transfers".into(),
            json!(r.transfers.iter().map(claim).collect::<Vec<_>>()),
        );
    }
    v
}

fn item(i: &sitrep_record::Item) -> String {
    format!(
        "{} '{}'{}{}",
        i.category,
        i.text,
        i.designation
            .as_ref()
            .map_or(String::new(), |d| format!(" [{d}]")),
        i.quantity.as_ref().map_or(String::new(), |q| format!(
            " qty {:?}..{:?}{} ({})",
            q.min,
            q.max,
            q.unit.as_deref().map_or(String::new(), |u| format!(" {u}")),
            q.text
        ))
    )
}

/// A transfer claim in the compact form: the fields a reviewer checks, empty ones left out.
fn claim(c: &TransferClaim) -> Value {
    let mut v = json!({
        "id": c.id,
        "supplier": c.supplier.as_ref().map(actor),
        "recipient": c.recipient.as_ref().map(actor),
        "items": c.items.iter().map(item).collect::<Vec<_>>(),
        "status": c.status.map(|s| s.as_str()),
        "stance": c.stance.as_str(),
        "certainty": c.certainty.level.as_str(),
        "events": c.events,
    });
    let m = v.as_object_mut().expect("object");
    let actors = |a: &[Actor]| json!(a.iter().map(actor).collect::<Vec<_>>());
    if !c.claimed_by.is_empty() {
        m.insert("claimed_by".into(), actors(&c.claimed_by));
    }
    if !c.denied_by.is_empty() {
        m.insert("denied_by".into(), actors(&c.denied_by));
    }
    if let Some(a) = &c.interdicted_by {
        m.insert("interdicted_by".into(), json!(actor(a)));
    }
    if let Some(d) = &c.date {
        m.insert(
            "date".into(),
            json!(format!("{}..{} ({})", d.start, d.end, d.text)),
        );
    }
    if !c.transport.is_empty() {
        m.insert("transport".into(), json!(c.transport));
    }
    if let Some(x) = &c.value {
        m.insert(
            "value".into(),
            json!(format!(
                "{} {} ({})",
                x.amount,
                x.currency.as_deref().unwrap_or("?"),
                x.text
            )),
        );
    }
    if !c.inferred.is_empty() {
        m.insert(
            "inferred".into(),
            json!(
                c.inferred
                    .iter()
                    .map(|i| format!("{} from {} '{}'", i.field, i.from, i.text))
                    .collect::<Vec<_>>()
            ),
        );
    }
    if !c.flags.is_empty() {
        m.insert(
            "flags".into(),
            json!(
                c.flags
                    .iter()
                    .map(|f| format!("{} {}", f.kind, f.country.as_deref().unwrap_or("?")))
                    .collect::<Vec<_>>()
            ),
        );
    }
    m.insert(
        "evidence_sentences".into(),
        json!(c.evidence.iter().map(|x| x.sentence).collect::<Vec<_>>()),
    );
    v
}

#[test]
fn fixtures() {
    let p = Pipeline::load(&Options::default()).expect("pipeline");
    insta::glob!("fixtures/*.txt", |path| {
        let bytes = std::fs::read(path).expect("read fixture");
        let r = p.extract(&bytes, &LoadOptions::default()).expect("extract");
        insta::assert_yaml_snapshot!(compact(&r));
    });
}

/// Skipping syntax on sentences without a trigger word must not change any record: the
/// fixtures and the built-in examples code the same either way.
#[test]
fn syntax_only_where_triggers_changes_nothing() {
    let cascade = Pipeline::load(&Options::default()).expect("pipeline");
    let full = Pipeline::load(&Options {
        full_nlp: true,
        ..Options::default()
    })
    .expect("pipeline");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths: Vec<_> = ["tests/fixtures", "../../examples"]
        .iter()
        .flat_map(|d| std::fs::read_dir(root.join(d)).expect("dir"))
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    assert!(paths.len() > 40, "{paths:?}");
    for path in paths {
        let bytes = std::fs::read(&path).expect("read");
        let a = cascade
            .extract(&bytes, &LoadOptions::default())
            .expect("extract");
        let b = full
            .extract(&bytes, &LoadOptions::default())
            .expect("extract");
        assert_eq!(compact(&a), compact(&b), "{}", path.display());
    }
}
