//! `explain` and the event-coder evaluations.
// A command reports on the terminal by design.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use sitrep_doc::LoadOptions;
use sitrep_pipeline::{Options, Pipeline};
use sitrep_record::EventType;

/// Arguments of `sitrep explain`.
#[derive(clap::Args)]
pub struct ExplainArgs {
    /// The document to explain (`-` for standard input).
    pub path: PathBuf,
    /// Publication date (YYYY-MM-DD), overriding any date found in the text.
    #[arg(long, value_parser = super::extract::parse_date)]
    pub published: Option<chrono::NaiveDate>,
    /// Knowledge-base overlay directory.
    #[arg(long)]
    pub kb: Option<PathBuf>,
    /// Print, per sentence, the coder rules that fired (registry names; `sitrep rules NAME`
    /// prints a rule's doc).
    #[arg(long)]
    pub rules: bool,
    /// Switch off these rules (comma-separated registry names) to see what they change.
    #[arg(long, value_delimiter = ',')]
    pub without: Vec<String>,
    /// Refuse a document larger than this many bytes.
    #[arg(long, default_value_t = 10 * 1024 * 1024)]
    pub max_bytes: usize,
}

/// Prints, per sentence, tokens/tags/heads, entities, KB matches, resolved actors, goods, times,
/// and what became of each candidate trigger; then the events with their `why`.
pub fn explain(a: ExplainArgs) -> anyhow::Result<ExitCode> {
    let p = Pipeline::load(&Options {
        kb_overlay: a.kb.clone(),
        debug_nlp: false,
        // Show the whole parse: the records are the same either way.
        full_nlp: true,
    })
    .context("loading models")?;
    let bytes = super::extract::read_input(&a.path, a.max_bytes)?;
    let opts = LoadOptions {
        published: a.published,
        ..LoadOptions::default()
    };
    let an = p
        .analyse(&bytes, &opts)
        .map_err(|e| super::doc_failed(e.code(), format!("{}: {e}", a.path.display())))?;
    let input = p.input(&an);
    let off: Vec<&str> = a.without.iter().map(String::as_str).collect();
    let rules = sitrep_coder::RuleSet::without(&off).map_err(|n| {
        super::usage(
            "unknown_rule",
            format!("no coder rule named '{n}' (see `sitrep rules`)"),
        )
    })?;
    let (events, trace) = p.coder().explain_with(&input, &rules);
    let stdout = std::io::stdout();
    let mut o = std::io::BufWriter::new(stdout.lock());
    writeln!(
        o,
        "# title: {} | published: {} | dateline: {}",
        an.doc.title.as_deref().unwrap_or("-"),
        an.doc.published.map_or("-".to_owned(), |d| d.to_string()),
        an.doc.dateline.as_deref().unwrap_or("-")
    )?;
    for w in p.skipped() {
        writeln!(o, "# warning: {w}")?;
    }
    for t in &trace {
        writeln!(o, "\n[s{}] {}", t.index, t.text)?;
        writeln!(o, "  tokens: {}", t.words.join(" "))?;
        if !t.entities.is_empty() {
            writeln!(o, "  entities: {}", t.entities.join("; "))?;
        }
        if !t.kb.is_empty() {
            writeln!(o, "  kb: {}", t.kb.join("; "))?;
        }
        for x in &t.actors {
            writeln!(o, "  actor: {x}")?;
        }
        for x in &t.weapons {
            writeln!(o, "  goods: {x}")?;
        }
        for x in &t.times {
            writeln!(o, "  time: {x}")?;
        }
        for x in &t.triggers {
            writeln!(o, "  trigger: {x}")?;
        }
        if a.rules && !t.rules.is_empty() {
            writeln!(o, "  rules: {}", t.rules.join(", "))?;
        }
        if !t.events.is_empty() {
            writeln!(o, "  → {}", t.events.join(", "))?;
        }
    }
    writeln!(o, "\n# events")?;
    for e in &events {
        let names = |l: &[sitrep_record::Actor]| {
            l.iter()
                .map(|a| format!("{}({})", a.text, a.country.as_deref().unwrap_or("?")))
                .collect::<Vec<_>>()
                .join("+")
        };
        writeln!(
            o,
            "{} {}{} {} → {} [{}] attr={} about={:?}\n    why: {}",
            e.id,
            if e.negated { "!" } else { "" },
            e.kind,
            names(&e.sources),
            names(&e.targets),
            e.certainty.level.as_str(),
            names(&e.attribution),
            e.about,
            e.why
        )?;
    }
    o.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn shared_default(rel: &str) -> PathBuf {
    std::env::var_os("SITREP_SHARED")
        .map_or_else(|| PathBuf::from("../shared"), PathBuf::from)
        .join(rel)
}

/// Arguments of `sitrep eval plover`.
#[derive(clap::Args)]
pub struct EvalPloverArgs {
    /// The PLOVER gold-standard file (JSON array).
    #[arg(long)]
    pub gold: Option<PathBuf>,
    /// Print each miss.
    #[arg(long)]
    pub verbose: bool,
}

/// Maps a GSR label to one of the 16 types.
fn gsr_type(label: &str) -> Option<EventType> {
    match label {
        "DEMAND" => Some(EventType::Request),
        "DISAPPROVE" | "INVESTIGATE" => Some(EventType::Accuse),
        "FIGHT" => Some(EventType::Assault),
        other => EventType::parse(other),
    }
}

/// Event-type accuracy on the PLOVER gold-standard records.
pub fn eval_plover(a: EvalPloverArgs) -> anyhow::Result<ExitCode> {
    let path = a
        .gold
        .unwrap_or_else(|| shared_default("data/PLOVER/PLOVER_GSR_CAMEO.txt"));
    let data: serde_json::Value = serde_json::from_slice(
        &std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?,
    )?;
    let p = Pipeline::load(&Options::default())?;
    let mut n = 0usize;
    let mut any = 0usize;
    let mut first = 0usize;
    let mut produced = 0usize;
    let mut per: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for rec in data.as_array().into_iter().flatten() {
        let Some(gold) = rec["event"].as_str().and_then(gsr_type) else {
            continue;
        };
        let Some(text) = rec["text"].as_str() else {
            continue;
        };
        let published = rec["date"]
            .as_str()
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        let opts = LoadOptions {
            published,
            title: Some(String::new()),
            ..LoadOptions::default()
        };
        let body = format!("\n\n{text}\n");
        let r = p.extract(body.as_bytes(), &opts)?;
        n += 1;
        let e = per.entry(gold.to_string()).or_default();
        e.0 += 1;
        if !r.events.is_empty() {
            produced += 1;
        }
        if r.events.iter().any(|x| x.kind == gold) {
            any += 1;
            e.1 += 1;
        } else if a.verbose {
            let got: Vec<String> = r.events.iter().map(|x| x.kind.to_string()).collect();
            println!("MISS {gold}: got {got:?}: {text}");
        }
        if r.events.first().is_some_and(|x| x.kind == gold) {
            first += 1;
        }
    }
    println!("{:<10} {:>5} {:>5} {:>7}", "type", "n", "hit", "recall");
    for (t, (k, h)) in &per {
        println!("{t:<10} {k:>5} {h:>5} {:>6.1}%", pct(*h, *k));
    }
    println!("records={n} with_event={produced} type_in_events={any} first_event_type={first}");
    println!(
        "N={n} ACC_ANY={:.1} ACC_FIRST={:.1} COVERAGE={:.1}",
        pct(any, n),
        pct(first, n),
        pct(produced, n)
    );
    Ok(ExitCode::SUCCESS)
}

fn pct(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        #[allow(clippy::cast_precision_loss)]
        let r = 100.0 * a as f64 / b as f64;
        r
    }
}

/// Arguments of `sitrep eval ucdp`.
#[derive(clap::Args)]
pub struct EvalUcdpArgs {
    /// The UCDP GED CSV file.
    #[arg(long)]
    pub csv: Option<PathBuf>,
    /// How many rows to read.
    #[arg(long, default_value_t = 500)]
    pub rows: usize,
    /// Print each miss.
    #[arg(long)]
    pub verbose: bool,
}

/// ASSAULT recall from UCDP GED headlines, and whether the coded sides carry the event's country.
pub fn eval_ucdp(a: EvalUcdpArgs) -> anyhow::Result<ExitCode> {
    let path = a
        .csv
        .unwrap_or_else(|| shared_default("data/UCDP_GED_sample/ucdp_ged_231_sample1000.csv"));
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let rows = parse_csv(&text);
    let Some(header) = rows.first() else {
        anyhow::bail!("empty CSV");
    };
    let col = |name: &str| header.iter().position(|h| h == name);
    let (Some(hl), Some(cn), Some(ds)) =
        (col("source_headline"), col("country"), col("date_start"))
    else {
        anyhow::bail!("missing columns source_headline/country/date_start");
    };
    let p = Pipeline::load(&Options::default())?;
    let kb = p.kb().clone();
    let (mut n, mut hit, mut with_side, mut side_ok) = (0usize, 0usize, 0usize, 0usize);
    for r in rows.iter().skip(1).take(a.rows) {
        let head = r.get(hl).map_or("", String::as_str).trim();
        if head.is_empty() {
            continue;
        }
        let published = r
            .get(ds)
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        // Several headlines are joined by ';': each is a sentence of its own.
        let body: String = head
            .split(';')
            .map(|h| format!("{}.\n\n", h.trim().trim_end_matches('.')))
            .collect();
        let opts = LoadOptions {
            published,
            title: Some(String::new()),
            ..LoadOptions::default()
        };
        let rec = p.extract(format!("\n\n{body}").as_bytes(), &opts)?;
        n += 1;
        let assaults: Vec<_> = rec
            .events
            .iter()
            .filter(|e| e.kind == EventType::Assault)
            .collect();
        if assaults.is_empty() {
            if a.verbose {
                println!("MISS: {head}");
            }
            continue;
        }
        hit += 1;
        let country = r.get(cn).map_or("", String::as_str);
        let iso = kb.scan(country).into_iter().find_map(|m| match m.entry {
            sitrep_kb::EntryRef::State { iso3, .. } => Some(iso3),
            _ => None,
        });
        let sides: Vec<&str> = assaults
            .iter()
            .flat_map(|e| e.sources.iter().chain(&e.targets))
            .filter_map(|x| x.country.as_deref())
            .collect();
        if !sides.is_empty() {
            with_side += 1;
            if iso.as_deref().is_some_and(|c| sides.contains(&c)) {
                side_ok += 1;
            }
        }
    }
    println!("rows with a headline: {n}");
    println!("ASSAULT coded: {hit} ({:.1}%)", pct(hit, n));
    println!("ASSAULT with a side country: {with_side}; side country = event country: {side_ok}");
    println!(
        "N={n} ASSAULT_RECALL={:.1} SIDE_COUNTRY_ANY={:.1} SIDE_COUNTRY_MATCH={:.1}",
        pct(hit, n),
        pct(with_side, hit),
        pct(side_ok, with_side)
    );
    Ok(ExitCode::SUCCESS)
}

/// A small RFC 4180 reader (quoted fields, doubled quotes, newlines inside quotes).
fn parse_csv(s: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cur = String::new();
    let mut q = false;
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        match c {
            '"' if q && it.peek() == Some(&'"') => {
                cur.push('"');
                it.next();
            }
            '"' => q = !q,
            ',' if !q => row.push(std::mem::take(&mut cur)),
            '\n' if !q => {
                row.push(std::mem::take(&mut cur));
                rows.push(std::mem::take(&mut row));
            }
            '\r' if !q => {}
            _ => cur.push(c),
        }
    }
    if !cur.is_empty() || !row.is_empty() {
        row.push(cur);
        rows.push(row);
    }
    rows
}
