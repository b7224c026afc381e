//! The coder's rule registry, checked against the models: every rule has the fixed doc block,
//! names a fixture that exists, and its example sentence is a unit test of that rule alone —
//! the rule fires on it, and switching the rule off changes the example's events.

use std::collections::BTreeSet;
use std::path::Path;

use chrono::NaiveDate;
use sitrep_coder::RuleSet;
use sitrep_coder::rules::{ALL, KEYS};
use sitrep_doc::LoadOptions;
use sitrep_pipeline::{Options, Pipeline};

fn fixtures_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

#[test]
fn names_are_unique_and_docs_complete() {
    let mut seen = BTreeSet::new();
    let mut bad = Vec::new();
    for r in ALL {
        if !seen.insert(r.name) {
            bad.push(format!("{}: name used twice", r.name));
        }
        for k in KEYS {
            if !r.doc.lines().any(|l| l.trim().starts_with(k)) {
                bad.push(format!("{}: doc has no `{k}` line", r.name));
            }
        }
        if !r.example().starts_with(char::is_alphanumeric) && !r.example().starts_with('"') {
            bad.push(format!("{}: example is not a quoted sentence", r.name));
        }
        if !fixtures_dir().join(r.fixture()).is_file() {
            bad.push(format!(
                "{}: fixture {} does not exist",
                r.name,
                r.fixture()
            ));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

fn published() -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(2024, 3, 1)
}

/// Codes `text` (dated [`published`]) with `rules`; the events as JSON, and the rules that fired.
fn code(p: &Pipeline, text: &str, rules: &RuleSet) -> (String, BTreeSet<String>) {
    let opts = LoadOptions {
        published: published(),
        ..LoadOptions::default()
    };
    code_with(p, text, &opts, rules)
}

fn code_with(
    p: &Pipeline,
    text: &str,
    opts: &LoadOptions,
    rules: &RuleSet,
) -> (String, BTreeSet<String>) {
    let a = p.analyse(text.as_bytes(), opts).expect("text loads");
    let (events, trace) = p.coder().explain_with(&p.input(&a), rules);
    let fired = trace
        .iter()
        .flat_map(|t| &t.rules)
        .filter_map(|r| r.split(' ').next())
        .map(str::to_owned)
        .collect();
    (
        serde_json::to_string(&events).expect("events serialise"),
        fired,
    )
}

/// Why rule `r`'s example fails to show it alone, if it does.
fn example_problem(p: &Pipeline, r: &sitrep_coder::rules::Rule) -> Option<&'static str> {
    let (with, fired) = code(p, &r.example(), &RuleSet::all());
    if !fired.contains(r.name) {
        return Some("does not fire on its example");
    }
    let off = RuleSet::without(&[r.name]).expect("known rule");
    let (without, _) = code(p, &r.example(), &off);
    (with == without).then_some("its example codes the same without it")
}

#[test]
fn every_example_fires_its_rule_and_needs_it() {
    let p = Pipeline::load(&Options::default()).expect("pipeline");
    let mut bad = Vec::new();
    for r in ALL {
        if let Some(why) = example_problem(&p, r) {
            bad.push(format!("{}: {why}", r.name));
        }
    }
    assert!(bad.is_empty(), "{} rules:\n{}", bad.len(), bad.join("\n"));
}

/// The fixture a rule names shows it: the rule fires somewhere in that article.
#[test]
fn every_fixture_fires_its_rule() {
    let p = Pipeline::load(&Options::default()).expect("pipeline");
    let mut bad = Vec::new();
    for r in ALL {
        let Ok(text) = std::fs::read_to_string(fixtures_dir().join(r.fixture())) else {
            continue; // reported by `names_are_unique_and_docs_complete`
        };
        // As the fixture test codes it: dated by its own text.
        let (_, fired) = code_with(&p, &text, &LoadOptions::default(), &RuleSet::all());
        if !fired.contains(r.name) {
            bad.push(format!("{}: does not fire on {}", r.name, r.fixture()));
        }
    }
    assert!(bad.is_empty(), "{} rules:\n{}", bad.len(), bad.join("\n"));
}
