//! `sitrep extract`: files or stdin in, one record per document out.
// A command reports on the terminal by design.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use sitrep_doc::LoadOptions;
use sitrep_ingest::{InputError, Item, ReadOptions, read_inputs};
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

/// Arguments of `sitrep extract`. Inputs are read as by `sitrep ingest`: directories walked,
/// HTML, RSS/Atom, WARC and JSONL by their format, the same size cap.
#[derive(clap::Args)]
pub struct Args {
    /// Files, directories, http(s) URLs; `-` reads standard input.
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
    /// Reject documents (files, records, lines, standard input) larger than this many bytes.
    #[arg(long, default_value_t = 10 * 1024 * 1024)]
    pub max_bytes: usize,
    /// Let URLs reach loopback, private and link-local addresses.
    #[arg(long)]
    pub allow_private: bool,
}

/// Parses `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|e| format!("{s:?}: {e} (want YYYY-MM-DD)"))
}

/// Reads a path, `-` meaning standard input, at most `max` bytes; only regular files (a FIFO
/// or a device is refused with `not_regular_file`, `-` reads a pipe). Failures are the
/// document's (exit 1), with the codes `ingest` gives them.
pub fn read_input(path: &std::path::Path, max: usize) -> anyhow::Result<Vec<u8>> {
    let key = path.display().to_string();
    let failed = |code: &str, msg: String| super::doc_failed(code, format!("{key}: {msg}"));
    let io = |e: std::io::Error| {
        let code = if e.kind() == std::io::ErrorKind::NotFound {
            "not_found"
        } else {
            "io_error"
        };
        failed(code, e.to_string())
    };
    let cap = max as u64 + 1;
    let mut buf = Vec::new();
    if path.as_os_str() == "-" {
        std::io::stdin()
            .take(cap)
            .read_to_end(&mut buf)
            .map_err(io)?;
    } else {
        let md = std::fs::metadata(path).map_err(io)?;
        if !md.is_file() {
            return Err(failed(
                "not_regular_file",
                "only regular files are read (use `-` for a pipe)".to_owned(),
            ));
        }
        std::fs::File::open(path)
            .and_then(|f| f.take(cap).read_to_end(&mut buf))
            .map_err(io)?;
    }
    if buf.len() > max {
        return Err(failed("doc_too_large", format!("over the {max}-byte cap")));
    }
    Ok(buf)
}

/// Codes one read input (or reports why not); `false` if it failed.
fn code_one(
    pipeline: &Pipeline,
    a: &Args,
    r: Result<Item, InputError>,
    out: &mut impl Write,
    all: &mut Vec<Record>,
) -> anyhow::Result<bool> {
    let prepared = r.and_then(|it| sitrep_ingest::prepare(it, a.max_bytes));
    let res = prepared.and_then(|p| {
        let opts = LoadOptions {
            published: a.published.or_else(|| {
                p.meta
                    .published
                    .as_deref()
                    .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            }),
            title: a.title.clone().or(p.meta.title.clone()),
            url: p.meta.url.clone(),
            source: p.meta.source.clone(),
            max_bytes: Some(a.max_bytes),
        };
        let rec = pipeline
            .extract(&p.text, &opts)
            .map_err(|e| InputError::new(&p.key, e.code(), e.to_string()))?;
        Ok((p.key, rec))
    });
    let (key, rec) = match res {
        Ok(x) => x,
        Err(e) => {
            eprintln!("sitrep: {}: {}: {}", e.key, e.code, e.message);
            return Ok(false);
        }
    };
    for w in &rec.warnings {
        eprintln!("sitrep: warning: {key}: {w}");
    }
    match a.format {
        Format::Jsonl => writeln!(out, "{}", serde_json::to_string(&rec)?)?,
        Format::Json => all.push(rec),
        Format::Table => write_table(out, &key, &rec)?,
    }
    Ok(true)
}

/// Runs `sitrep extract`: reads its inputs as `ingest` does (formats, caps, the walk), one
/// record per document.
pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let pipeline = Pipeline::load(&Options {
        kb_overlay: a.kb.clone(),
        debug_nlp: a.debug_nlp,
        full_nlp: a.full_nlp,
    })
    .context("loading models")?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = 0usize;
    let mut all = Vec::new();
    let inputs: Vec<String> = a.paths.iter().map(|p| p.display().to_string()).collect();
    let read = ReadOptions {
        max_bytes: a.max_bytes,
        allow_private: a.allow_private,
        ..ReadOptions::default()
    };
    let mut res = Ok(());
    read_inputs(&inputs, &read, &mut |r| {
        match code_one(&pipeline, &a, r, &mut out, &mut all) {
            Ok(ok) => failed += usize::from(!ok),
            Err(e) => res = Err(e),
        }
        res.is_ok()
    });
    res?;
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
