//! `sitrep extract`: files or stdin in, one record per document out.
// A command reports on the terminal by design.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use sitrep_doc::LoadOptions;
use sitrep_pipeline::{Options, Pipeline};
use sitrep_record::Record;

/// Output formats.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum Format {
    /// One JSON object per document per line.
    Jsonl,
    /// One pretty-printed JSON array.
    Json,
    /// A human-readable table of events.
    Table,
}

/// Arguments of `sitrep extract`.
#[derive(clap::Args)]
pub struct Args {
    /// Files to read; `-` reads standard input.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Jsonl)]
    pub format: Format,
    /// Publication date (YYYY-MM-DD), overriding any date found in the text.
    #[arg(long, value_parser = parse_date)]
    pub published: Option<chrono::NaiveDate>,
    /// Title, overriding any title found in the text.
    #[arg(long)]
    pub title: Option<String>,
    /// Knowledge-base overlay directory merged over the built-in one.
    #[arg(long)]
    pub kb: Option<PathBuf>,
    /// Add tokens, tags, lemmas, heads and entities to each record.
    #[arg(long)]
    pub debug_nlp: bool,
    /// Tag and parse every sentence, not only those holding a trigger word.
    #[arg(long)]
    pub full_nlp: bool,
}

/// Parses `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|e| format!("{s:?}: {e} (want YYYY-MM-DD)"))
}

/// Reads a path, `-` meaning standard input.
pub fn read_input(path: &std::path::Path) -> std::io::Result<Vec<u8>> {
    if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf)?;
        Ok(buf)
    } else {
        std::fs::read(path)
    }
}

/// Runs `sitrep extract`.
pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let pipeline = Pipeline::load(&Options {
        kb_overlay: a.kb.clone(),
        debug_nlp: a.debug_nlp,
        full_nlp: a.full_nlp,
    })
    .context("loading models")?;
    let opts = LoadOptions {
        published: a.published,
        title: a.title.clone(),
        ..LoadOptions::default()
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = 0usize;
    let mut all = Vec::new();
    for path in &a.paths {
        let res = read_input(path)
            .map_err(|e| format!("io_error: {e}"))
            .and_then(|b| {
                pipeline
                    .extract(&b, &opts)
                    .map_err(|e| format!("{}: {e}", e.code()))
            });
        match res {
            Ok(rec) => {
                for w in &rec.warnings {
                    eprintln!("sitrep: warning: {}: {w}", path.display());
                }
                match a.format {
                    Format::Jsonl => writeln!(out, "{}", serde_json::to_string(&rec)?)?,
                    Format::Json => all.push(rec),
                    Format::Table => write_table(&mut out, &path.display().to_string(), &rec)?,
                }
            }
            Err(e) => {
                failed += 1;
                eprintln!("sitrep: {}: {e}", path.display());
            }
        }
    }
    if let Format::Json = a.format {
        writeln!(out, "{}", serde_json::to_string_pretty(&all)?)?;
    }
    out.flush()?;
    Ok(if failed > 0 {
        ExitCode::from(super::SOME_FAILED)
    } else {
        ExitCode::SUCCESS
    })
}

fn actors(list: &[sitrep_record::Actor]) -> String {
    let v: Vec<String> = list
        .iter()
        .map(|a| match (&a.country, &a.sector) {
            (Some(c), Some(s)) => format!("{c}/{s}"),
            (Some(c), None) => c.clone(),
            _ => a.name.clone(),
        })
        .collect();
    if v.is_empty() {
        "-".to_owned()
    } else {
        v.join("+")
    }
}

/// Writes one document's events as an aligned text table.
pub fn write_table(out: &mut impl Write, path: &str, rec: &Record) -> std::io::Result<()> {
    let d = &rec.document;
    writeln!(
        out,
        "# {path}: {} | {} | {}",
        d.title.as_deref().unwrap_or("(no title)"),
        d.published.as_deref().unwrap_or("(no date)"),
        d.dateline.as_deref().unwrap_or("-")
    )?;
    writeln!(
        out,
        "{:<4} {:<9} {:<14} {:<14} {:<11} {:<16} {:<24} evidence",
        "id", "type", "sources", "targets", "date", "certainty", "attribution"
    )?;
    for e in &rec.events {
        let date = e.date.as_ref().map_or("-".to_owned(), |d| d.start.clone());
        let ev = e.evidence.first().map_or(String::new(), |x| {
            let t: String = x.text.chars().take(70).collect();
            format!("s{} {t}", x.sentence)
        });
        let neg = if e.negated { "!" } else { "" };
        writeln!(
            out,
            "{:<4} {:<9} {:<14} {:<14} {:<11} {:<16} {:<24} {ev}",
            e.id,
            format!("{neg}{}", e.kind),
            actors(&e.sources),
            actors(&e.targets),
            date,
            e.certainty.level.as_str(),
            actors(&e.attribution),
        )?;
        if let Some(t) = &e.transfer {
            let items: Vec<String> = t
                .items
                .iter()
                .map(|i| match &i.quantity {
                    Some(q) => format!("{} ({}; {})", i.category, i.text, q.text),
                    None => format!("{} ({})", i.category, i.text),
                })
                .collect();
            writeln!(
                out,
                "     transfer: {} [{}] {}",
                items.join(", "),
                t.transport.join("+"),
                t.status.as_deref().unwrap_or("-")
            )?;
        }
    }
    Ok(())
}
