//! `sitrep rules`: the coder's rule registry — list, look up, and count firings on a corpus.
// A command reports on the terminal by design.
#![allow(clippy::print_stdout)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use sitrep_coder::rules::{self, Rule};
use sitrep_doc::LoadOptions;
use sitrep_pipeline::{Options, Pipeline};

/// Arguments of `sitrep rules`.
#[derive(clap::Args)]
pub struct Args {
    /// A rule's name, or words to look for in the rules' names and docs ("destination
    /// recipient"); one match prints the whole doc.
    pub query: Vec<String>,
    /// Count how often each rule fires on the text files below these folders (or files).
    #[arg(long)]
    pub corpus: Vec<PathBuf>,
}

/// Runs `sitrep rules`.
pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let q = a.query.join(" ").to_lowercase();
    let hits: Vec<&Rule> = match rules::find(&q) {
        Some(r) => vec![r],
        None => rules::ALL
            .iter()
            .copied()
            .filter(|r| matches(r, &q))
            .collect(),
    };
    if hits.len() == 1 && !q.is_empty() && a.corpus.is_empty() {
        print_doc(hits[0]);
        return Ok(ExitCode::SUCCESS);
    }
    let counts = if a.corpus.is_empty() {
        None
    } else {
        Some(count(&a.corpus)?)
    };
    print_table(&hits, counts.as_ref());
    Ok(ExitCode::SUCCESS)
}

/// Every word of the query is in the rule's name, stage or doc.
fn matches(r: &Rule, q: &str) -> bool {
    let hay = format!("{} {} {}", r.name, r.stage.as_str(), r.doc).to_lowercase();
    q.split_whitespace().all(|w| hay.contains(w))
}

fn print_doc(r: &Rule) {
    println!(
        "{}  (stage {}, {}:{})",
        r.name,
        r.stage.as_str(),
        r.file,
        r.line
    );
    for l in r.doc.lines() {
        println!("  {}", l.trim());
    }
}

/// Firings and documents per rule, and the number of documents read.
type Counts = (BTreeMap<&'static str, (usize, usize)>, usize);

fn print_table(hits: &[&Rule], counts: Option<&Counts>) {
    let w = hits.iter().map(|r| r.name.len()).max().unwrap_or(4);
    let mut never = Vec::new();
    for r in hits {
        let fired = counts.map(|(c, _)| c.get(r.name).copied().unwrap_or((0, 0)));
        let n = fired.map_or(String::new(), |(n, d)| format!("{n:>7} {d:>6}  "));
        if fired.is_some_and(|(n, _)| n == 0) {
            never.push(r.name);
        }
        println!("{:<10} {:<w$}  {n}{}", r.stage.as_str(), r.name, r.what());
    }
    if let Some((_, docs)) = counts {
        println!(
            "\n{} rules; counts are firings and documents over {docs} documents",
            hits.len()
        );
        if !never.is_empty() {
            println!("never fired: {}", never.join(", "));
        }
    } else {
        println!(
            "\n{} rules; `sitrep rules NAME` prints one rule's doc",
            hits.len()
        );
    }
}

/// Firings and documents per rule over the corpus, and the number of documents read.
fn count(paths: &[PathBuf]) -> anyhow::Result<Counts> {
    let p = Pipeline::load(&Options::default()).context("loading models")?;
    let mut files = Vec::new();
    for path in paths {
        walk(path, &mut files)?;
    }
    let bar = indicatif::ProgressBar::new(files.len() as u64);
    let mut out: BTreeMap<&'static str, (usize, usize)> = BTreeMap::new();
    for f in &files {
        bar.inc(1);
        let Ok(bytes) = std::fs::read(f) else {
            continue;
        };
        let Ok(an) = p.analyse(&bytes, &LoadOptions::default()) else {
            continue;
        };
        let (_, trace) = p.coder().explain(&p.input(&an));
        let mut seen = std::collections::BTreeSet::new();
        for name in trace.iter().flat_map(|t| &t.rules) {
            let name = name.split(' ').next().unwrap_or("");
            if let Some(r) = rules::find(name) {
                out.entry(r.name).or_default().0 += 1;
                if seen.insert(r.name) {
                    out.entry(r.name).or_default().1 += 1;
                }
            }
        }
    }
    bar.finish_and_clear();
    Ok((out, files.len()))
}

/// Regular `.txt` files below `path`, sorted.
fn walk(path: &Path, out: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    let meta = std::fs::symlink_metadata(path).with_context(|| path.display().to_string())?;
    if meta.is_file() {
        out.push(path.to_owned());
    } else if meta.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        for e in entries {
            if e.is_dir() || e.extension().is_some_and(|x| x == "txt") {
                walk(&e, out)?;
            }
        }
    }
    Ok(())
}
