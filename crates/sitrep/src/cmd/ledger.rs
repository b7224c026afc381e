//! `sitrep ledger`: the arms-transfer ledger fused across the stored documents. The stored
//! claims (the store's claims table) matching the filters are fused into one row per supplier,
//! recipient, item family and year.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use sitrep_ledger::FusedRow;
use sitrep_record::{DocumentMeta, Stage, Stance, TransferClaim};
use sitrep_store::ClaimQuery;

use super::{output_err, store_err, usage};

/// Ledger output formats.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum Format {
    /// Aligned table.
    Table,
    /// CSV with a header.
    Csv,
    /// One JSON object per row.
    Jsonl,
    /// Apache Parquet with the CSV columns (build with `--features parquet`).
    Parquet,
}

/// Arguments of `sitrep ledger`.
#[derive(clap::Args)]
pub struct Args {
    /// SQLite file or `postgres://…`.
    #[arg(long, default_value = "sitrep.db")]
    pub db: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Output file (default: standard output); written beside its name and renamed at the
    /// end, so a failure leaves no partial file.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Supplier: ISO code `PRK` or a name.
    #[arg(long)]
    pub supplier: Option<String>,
    /// Recipient: ISO code or a name.
    #[arg(long)]
    pub recipient: Option<String>,
    /// Weapon category, dotted prefix: `ammunition` matches `ammunition.artillery`.
    #[arg(long)]
    pub category: Option<String>,
    /// Claim status: requested, offered, planned, agreed, in_transit, delivered.
    #[arg(long)]
    pub status: Option<String>,
    /// How the document holds the claim: asserted, hedged, denied_only.
    #[arg(long)]
    pub stance: Option<String>,
    /// Who says so (a claim's `claimed_by`): ISO code or a name.
    #[arg(long)]
    pub claimant: Option<String>,
    /// Only claims that touch a UN arms embargo.
    #[arg(long)]
    pub embargo: bool,
    /// Claims dated (else published) on or after this day (YYYY-MM-DD).
    #[arg(long)]
    pub since: Option<String>,
    /// Claims dated (else published) on or before this day (YYYY-MM-DD).
    #[arg(long)]
    pub until: Option<String>,
}

impl Args {
    /// The whole ledger of `db`, unfiltered, as a table.
    pub fn all(db: &str) -> Self {
        Self {
            db: db.to_owned(),
            format: Format::Table,
            output: None,
            supplier: None,
            recipient: None,
            category: None,
            status: None,
            stance: None,
            claimant: None,
            embargo: false,
            since: None,
            until: None,
        }
    }
}

fn stance(s: &str) -> Option<Stance> {
    [Stance::Asserted, Stance::Hedged, Stance::DeniedOnly]
        .into_iter()
        .find(|x| x.as_str() == s.trim())
}

/// The store query of the arguments; a bad value is a usage error.
pub fn query(a: &Args) -> anyhow::Result<ClaimQuery> {
    let status = match &a.status {
        Some(s) => Some(Stage::parse(s).ok_or_else(|| {
            usage("bad_query", format!("unknown status {s:?} (requested, offered, planned, agreed, in_transit, delivered)"))
        })?),
        None => None,
    };
    let stance = match &a.stance {
        Some(s) => Some(stance(s).ok_or_else(|| {
            usage(
                "bad_query",
                format!("unknown stance {s:?} (asserted, hedged, denied_only)"),
            )
        })?),
        None => None,
    };
    Ok(ClaimQuery {
        supplier: a.supplier.clone(),
        recipient: a.recipient.clone(),
        category: a.category.clone(),
        status,
        stance,
        claimant: a.claimant.clone(),
        embargo: a.embargo.then_some(true),
        since: a.since.clone(),
        until: a.until.clone(),
        limit: None,
    })
}

fn under(category: &str, want: &str) -> bool {
    category == want
        || category
            .strip_prefix(want)
            .is_some_and(|rest| rest.starts_with('.'))
}

/// The stored claims matching `q`, grouped by document in storage order.
fn claims(
    store: &mut dyn sitrep_store::Store,
    q: &ClaimQuery,
) -> anyhow::Result<Vec<(DocumentMeta, Vec<TransferClaim>)>> {
    let mut docs: Vec<(DocumentMeta, Vec<TransferClaim>)> = Vec::new();
    let mut at = std::collections::HashMap::new();
    store
        .scan_claims(q, &mut |h| {
            let k = *at.entry(h.document.id.clone()).or_insert_with(|| {
                docs.push((h.document, Vec::new()));
                docs.len() - 1
            });
            docs[k].1.push(h.claim);
            Ok(())
        })
        .map_err(store_err)?;
    Ok(docs)
}

/// The fused ledger of the store, filtered. A claim with goods of several families counts in
/// each family's row; with `--category`, only rows whose family holds a category under it stay.
pub fn rows(store: &mut dyn sitrep_store::Store, a: &Args) -> anyhow::Result<Vec<FusedRow>> {
    let q = query(a)?;
    let docs = claims(store, &q)?;
    let fused = sitrep_ledger::fuse(docs.iter().map(|(d, c)| (d, c.as_slice())));
    let keep = |r: &FusedRow| {
        (a.category.as_deref()).is_none_or(|want| r.categories.iter().any(|c| under(c, want)))
    };
    Ok(fused.into_iter().filter(keep).collect())
}

/// Runs `sitrep ledger`.
#[allow(clippy::print_stderr)] // the row count, beside the table
pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let mut store = super::db::open_db_read(&a.db)?;
    let rows = rows(store.as_mut(), &a)?;
    let Some(path) = &a.output else {
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        write(a.format, &rows, &mut out)?;
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    };
    let part = super::db::partial_name(path);
    let res = std::fs::File::create(&part)
        .map_err(|e| output_err(path, e))
        .and_then(|f| {
            let mut out = std::io::BufWriter::new(f);
            write(a.format, &rows, &mut out)?;
            out.flush().map_err(|e| output_err(path, e))?;
            drop(out);
            std::fs::rename(&part, path).map_err(|e| output_err(path, e))
        });
    if let Err(e) = res {
        // Best effort: the partial file is ours, and the write's own error is what matters.
        let _ = std::fs::remove_file(&part);
        return Err(e);
    }
    Ok(ExitCode::SUCCESS)
}

#[allow(clippy::print_stderr)] // the row count, beside the table
fn write(format: Format, rows: &[FusedRow], out: &mut dyn Write) -> anyhow::Result<()> {
    match format {
        Format::Jsonl => {
            for r in rows {
                writeln!(out, "{}", serde_json::to_string(r)?)?;
            }
        }
        Format::Csv => write_csv(out, rows)?,
        Format::Table => {
            write_table(out, rows)?;
            eprintln!("sitrep: {} ledger rows", rows.len());
        }
        Format::Parquet => {
            let cells: Vec<Vec<String>> = rows.iter().map(cells).collect();
            sitrep_store::export::write_parquet_table(&COLUMNS, &cells, out).map_err(store_err)?;
        }
    }
    Ok(())
}

const COLUMNS: [&str; 15] = [
    "key",
    "supplier",
    "recipient",
    "family",
    "year",
    "status",
    "stance",
    "documents_for",
    "documents_against",
    "outlets",
    "first_seen",
    "last_seen",
    "claimed_by",
    "denied_by",
    "embargo",
];

/// A row's cells in [`COLUMNS`] order.
fn cells(r: &FusedRow) -> Vec<String> {
    let opt = |s: &Option<String>| s.clone().unwrap_or_default();
    vec![
        r.key.clone(),
        opt(&r.supplier),
        opt(&r.recipient),
        r.family.clone(),
        r.year.map(|y| y.to_string()).unwrap_or_default(),
        r.status.map(|s| s.as_str().to_owned()).unwrap_or_default(),
        r.stance.as_str().to_owned(),
        r.documents_for.len().to_string(),
        r.documents_against.len().to_string(),
        r.outlets.to_string(),
        opt(&r.first_seen),
        opt(&r.last_seen),
        r.claimed_by.join(" "),
        r.denied_by.join(" "),
        r.embargo.to_string(),
    ]
}

fn write_csv(out: &mut dyn Write, rows: &[FusedRow]) -> std::io::Result<()> {
    let quote = |s: &str| {
        if s.contains([',', '"', '\n']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_owned()
        }
    };
    writeln!(out, "{}", COLUMNS.join(","))?;
    for r in rows {
        let line: Vec<String> = cells(r).iter().map(|c| quote(c)).collect();
        writeln!(out, "{}", line.join(","))?;
    }
    Ok(())
}

pub(crate) fn write_table(out: &mut dyn Write, rows: &[FusedRow]) -> std::io::Result<()> {
    // The table leaves out the columns the key already says.
    let keep = [0, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14];
    let header: Vec<String> = keep.iter().map(|&i| COLUMNS[i].to_owned()).collect();
    let body: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let c = cells(r);
            keep.iter().map(|&i| c[i].clone()).collect()
        })
        .collect();
    let widths: Vec<usize> = (0..keep.len())
        .map(|i| {
            std::iter::once(&header)
                .chain(&body)
                .map(|row| row[i].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in std::iter::once(&header).chain(&body) {
        let line: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        writeln!(out, "{}", line.join("  ").trim_end())?;
    }
    Ok(())
}
