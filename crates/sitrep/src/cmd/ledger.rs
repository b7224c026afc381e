//! `sitrep ledger`: the arms-transfer ledger fused across the stored documents. Each document's
//! claims are assembled from its stored events (the store keeps no claims table yet), filtered,
//! then fused into one row per supplier, recipient, item family and year.

use std::collections::HashMap;
use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;
use sitrep_ledger::FusedRow;
use sitrep_record::{Actor, DocumentMeta, Event, Stage, TransferClaim};
use sitrep_store::Query;

/// Ledger output formats.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum Format {
    /// Aligned table.
    Table,
    /// CSV with a header.
    Csv,
    /// One JSON object per row.
    Jsonl,
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
    /// Claims dated (else published) on or after this day (YYYY-MM-DD).
    #[arg(long)]
    pub since: Option<String>,
    /// Claims dated (else published) on or before this day (YYYY-MM-DD).
    #[arg(long)]
    pub until: Option<String>,
}

/// What a claim must match.
struct Filter {
    supplier: Option<String>,
    recipient: Option<String>,
    category: Option<String>,
    status: Option<Stage>,
    since: Option<String>,
    until: Option<String>,
}

impl Filter {
    fn of(a: &Args) -> anyhow::Result<Self> {
        let status = match &a.status {
            Some(s) => Some(Stage::parse(s).with_context(|| format!("unknown status {s:?}"))?),
            None => None,
        };
        Ok(Self {
            supplier: a.supplier.clone(),
            recipient: a.recipient.clone(),
            category: a.category.clone(),
            status,
            since: a.since.clone(),
            until: a.until.clone(),
        })
    }

    fn keeps(&self, doc: &DocumentMeta, c: &TransferClaim) -> bool {
        let side = |want: &Option<String>, a: Option<&Actor>| {
            want.as_ref().is_none_or(|w| a.is_some_and(|a| names(a, w)))
        };
        let (start, end) = match &c.date {
            Some(d) => (Some(d.start.as_str()), Some(d.end.as_str())),
            None => (doc.published.as_deref(), doc.published.as_deref()),
        };
        let after = |d: &Option<String>| d.as_deref().is_none_or(|d| end.is_some_and(|e| e >= d));
        let before =
            |d: &Option<String>| d.as_deref().is_none_or(|d| start.is_some_and(|s| s <= d));
        side(&self.supplier, c.supplier.as_ref())
            && side(&self.recipient, c.recipient.as_ref())
            && self.status.is_none_or(|s| c.status == Some(s))
            && after(&self.since)
            && before(&self.until)
    }

    /// A fused row is kept when its family holds a category under the filter's.
    fn keeps_row(&self, r: &FusedRow) -> bool {
        self.category
            .as_deref()
            .is_none_or(|want| r.categories.iter().any(|c| under(c, want)))
    }
}

fn names(a: &Actor, want: &str) -> bool {
    a.country
        .as_deref()
        .is_some_and(|c| c.eq_ignore_ascii_case(want))
        || a.name.eq_ignore_ascii_case(want)
}

fn under(category: &str, want: &str) -> bool {
    category == want
        || category
            .strip_prefix(want)
            .is_some_and(|rest| rest.starts_with('.'))
}

/// Every stored document with its events, in storage order.
fn documents(
    store: &mut dyn sitrep_store::Store,
) -> anyhow::Result<Vec<(DocumentMeta, Vec<Event>)>> {
    let mut docs: Vec<(DocumentMeta, Vec<Event>)> = Vec::new();
    let mut at: HashMap<String, usize> = HashMap::new();
    store
        .scan(&Query::default(), &mut |h| {
            let k = *at.entry(h.document.id.clone()).or_insert_with(|| {
                docs.push((h.document.clone(), Vec::new()));
                docs.len() - 1
            });
            docs[k].1.push(h.event);
            Ok(())
        })
        .map_err(|e| anyhow::anyhow!("{}: {e}", e.code()))?;
    Ok(docs)
}

/// The fused ledger of the store, filtered.
pub fn rows(store: &mut dyn sitrep_store::Store, a: &Args) -> anyhow::Result<Vec<FusedRow>> {
    let f = Filter::of(a)?;
    let claims: Vec<(DocumentMeta, Vec<TransferClaim>)> = documents(store)?
        .into_iter()
        .map(|(d, evs)| {
            let kept = sitrep_ledger::assemble(&evs)
                .into_iter()
                .filter(|c| f.keeps(&d, c))
                .collect();
            (d, kept)
        })
        .collect();
    let fused = sitrep_ledger::fuse(claims.iter().map(|(d, c)| (d, c.as_slice())));
    Ok(fused.into_iter().filter(|r| f.keeps_row(r)).collect())
}

/// Runs `sitrep ledger`.
#[allow(clippy::print_stderr)] // the row count, beside the table
pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let mut store = super::db::open_db_read(&a.db)?;
    let rows = rows(store.as_mut(), &a)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match a.format {
        Format::Jsonl => {
            for r in &rows {
                writeln!(out, "{}", serde_json::to_string(r)?)?;
            }
        }
        Format::Csv => write_csv(&mut out, &rows)?,
        Format::Table => {
            write_table(&mut out, &rows)?;
            eprintln!("sitrep: {} ledger rows", rows.len());
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
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

fn write_csv(out: &mut impl Write, rows: &[FusedRow]) -> std::io::Result<()> {
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

fn write_table(out: &mut impl Write, rows: &[FusedRow]) -> std::io::Result<()> {
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
