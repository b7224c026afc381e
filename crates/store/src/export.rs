//! Output formats for query results and exports: an aligned table, JSONL, CSV, GDELT 2.0
//! event TSV and (feature `parquet`) Parquet. Each is a [`HitSink`] fed one [`Hit`] at a time,
//! so exports stream whatever the database size.

use std::collections::HashMap;
use std::io::Write;
use std::sync::OnceLock;

use sitrep_record::{Actor, Event};

use crate::{Hit, Result, Story};

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Aligned text table for people.
    Table,
    /// One JSON object (`{"document":…, "event":…}`) per line.
    Jsonl,
    /// Flat CSV, one row per event.
    Csv,
    /// GDELT 2.0 event table (tab-separated, 61 columns, no header).
    Gdelt,
    /// Apache Parquet with the CSV columns (feature `parquet`).
    Parquet,
}

impl Format {
    /// Parses a format name.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "table" => Self::Table,
            "jsonl" => Self::Jsonl,
            "csv" => Self::Csv,
            "gdelt" => Self::Gdelt,
            "parquet" => Self::Parquet,
            _ => return None,
        })
    }
}

/// Receives hits one by one and writes them out.
pub trait HitSink {
    /// Writes one hit.
    fn write(&mut self, h: &Hit) -> Result<()>;
    /// Flushes and writes any trailer.
    fn finish(&mut self) -> Result<()>;
}

/// A sink writing `format` to `out`.
pub fn sink<'a>(format: Format, out: Box<dyn Write + 'a>) -> Result<Box<dyn HitSink + 'a>> {
    Ok(match format {
        Format::Table => Box::new(TableSink { out, header: false }),
        Format::Jsonl => Box::new(JsonlSink { out }),
        Format::Csv => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record(CSV_HEADER)?;
            Box::new(CsvSink { w })
        }
        Format::Gdelt => Box::new(GdeltSink { out, next_id: 1 }),
        #[cfg(feature = "parquet")]
        Format::Parquet => Box::new(parquet_sink::ParquetSink::new(out)),
        #[cfg(not(feature = "parquet"))]
        Format::Parquet => return Err(crate::StoreError::FormatUnavailable("parquet")),
    })
}

fn actor_label(a: &Actor) -> String {
    match (&a.country, &a.sector) {
        (Some(c), Some(s)) => format!("{c}/{s}"),
        (Some(c), None) => c.clone(),
        _ => a.name.clone(),
    }
}

fn labels(list: &[Actor]) -> String {
    let v: Vec<String> = list.iter().map(actor_label).collect();
    if v.is_empty() {
        "-".to_owned()
    } else {
        v.join("+")
    }
}

fn names(list: &[Actor]) -> String {
    list.iter()
        .map(|a| a.name.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}

fn countries(list: &[Actor]) -> String {
    list.iter()
        .filter_map(|a| a.country.as_deref())
        .collect::<Vec<_>>()
        .join("; ")
}

struct TableSink<'a> {
    out: Box<dyn Write + 'a>,
    header: bool,
}

impl HitSink for TableSink<'_> {
    fn write(&mut self, h: &Hit) -> Result<()> {
        if !self.header {
            writeln!(
                self.out,
                "{:<12} {:<4} {:<10} {:<16} {:<16} {:<11} {:<15} {:<18} evidence",
                "document", "id", "type", "sources", "targets", "date", "certainty", "claimant"
            )?;
            self.header = true;
        }
        let e = &h.event;
        let doc: String = h.document.id.chars().take(12).collect();
        let date = e
            .date
            .as_ref()
            .map(|d| d.start.clone())
            .or_else(|| h.document.published.clone())
            .unwrap_or_else(|| "-".to_owned());
        let ev: String = e
            .evidence
            .first()
            .map(|x| x.text.chars().take(80).collect())
            .unwrap_or_default();
        let neg = if e.negated { "!" } else { "" };
        writeln!(
            self.out,
            "{:<12} {:<4} {:<10} {:<16} {:<16} {:<11} {:<15} {:<18} {ev}",
            doc,
            e.id,
            format!("{neg}{}", e.kind),
            labels(&e.sources),
            labels(&e.targets),
            date,
            e.certainty.level.as_str(),
            labels(&e.attribution),
        )?;
        Ok(())
    }
    fn finish(&mut self) -> Result<()> {
        self.out.flush()?;
        Ok(())
    }
}

struct JsonlSink<'a> {
    out: Box<dyn Write + 'a>,
}

impl HitSink for JsonlSink<'_> {
    fn write(&mut self, h: &Hit) -> Result<()> {
        // Serialise first so an output error is reported as I/O, not as bad JSON.
        let mut line = serde_json::to_string(h)?;
        line.push('\n');
        self.out.write_all(line.as_bytes())?;
        Ok(())
    }
    fn finish(&mut self) -> Result<()> {
        self.out.flush()?;
        Ok(())
    }
}

/// Columns of the CSV (and Parquet) export.
pub const CSV_HEADER: [&str; 24] = [
    "document_id",
    "event_id",
    "type",
    "mode",
    "negated",
    "certainty",
    "date_start",
    "date_end",
    "source_names",
    "source_countries",
    "target_names",
    "target_countries",
    "claimants",
    "supplier",
    "recipient",
    "item_categories",
    "quantity_min",
    "quantity_max",
    "flags",
    "published",
    "outlet",
    "url",
    "title",
    "evidence",
];

/// One hit as the CSV columns.
pub fn csv_row(h: &Hit) -> [String; 24] {
    let e = &h.event;
    let d = &h.document;
    let t = e.transfer.as_ref();
    let actor = |a: Option<&Actor>| a.map(actor_label).unwrap_or_default();
    let qsum = |f: fn(&sitrep_record::Quantity) -> Option<u64>| {
        let v: Vec<u64> = t
            .into_iter()
            .flat_map(|t| t.items.iter())
            // Counts only: tonnes and items do not add up.
            .filter_map(|i| i.quantity.as_ref().filter(|q| q.unit.is_none()).and_then(f))
            .collect();
        if v.is_empty() {
            String::new()
        } else {
            v.iter().sum::<u64>().to_string()
        }
    };
    [
        d.id.clone(),
        e.id.clone(),
        e.kind.as_str().to_owned(),
        e.mode.clone().unwrap_or_default(),
        e.negated.to_string(),
        e.certainty.level.as_str().to_owned(),
        e.date.as_ref().map(|x| x.start.clone()).unwrap_or_default(),
        e.date.as_ref().map(|x| x.end.clone()).unwrap_or_default(),
        names(&e.sources),
        countries(&e.sources),
        names(&e.targets),
        countries(&e.targets),
        names(&e.attribution),
        actor(t.and_then(|t| t.supplier.as_ref())),
        actor(t.and_then(|t| t.recipient.as_ref())),
        t.map(|t| {
            t.items
                .iter()
                .map(|i| i.category.as_str())
                .collect::<Vec<_>>()
                .join("; ")
        })
        .unwrap_or_default(),
        qsum(|q| q.min),
        qsum(|q| q.max),
        e.flags
            .iter()
            .map(|f| f.kind.as_str())
            .collect::<Vec<_>>()
            .join("; "),
        d.published.clone().unwrap_or_default(),
        d.source.clone().unwrap_or_default(),
        d.url.clone().unwrap_or_default(),
        d.title.clone().unwrap_or_default(),
        e.evidence
            .first()
            .map(|x| x.text.clone())
            .unwrap_or_default(),
    ]
}

struct CsvSink<'a> {
    w: csv::Writer<Box<dyn Write + 'a>>,
}

impl HitSink for CsvSink<'_> {
    fn write(&mut self, h: &Hit) -> Result<()> {
        self.w.write_record(csv_row(h))?;
        Ok(())
    }
    fn finish(&mut self) -> Result<()> {
        self.w.flush()?;
        Ok(())
    }
}

/// PLOVER (type, mode) → CAMEO event code, from `data/plover_cameo.csv`.
fn cameo_table() -> &'static HashMap<(String, String), String> {
    static T: OnceLock<HashMap<(String, String), String>> = OnceLock::new();
    T.get_or_init(|| {
        include_str!("../data/plover_cameo.csv")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .skip(1)
            .filter_map(|l| {
                let mut f = l.split(',');
                Some((
                    (f.next()?.trim().to_owned(), f.next()?.trim().to_owned()),
                    f.next()?.trim().to_owned(),
                ))
            })
            .collect()
    })
}

/// Best-fitting CAMEO event code for a PLOVER event (mode-specific when known).
pub fn cameo_code(e: &Event) -> String {
    let t = cameo_table();
    let kind = e.kind.as_str().to_owned();
    e.mode
        .as_ref()
        .and_then(|m| t.get(&(kind.clone(), m.to_lowercase())))
        .or_else(|| t.get(&(kind, String::new())))
        .cloned()
        .unwrap_or_default()
}

/// Reads a committed `#`-commented CSV with a header line into (first column → row).
fn data_table(text: &'static str) -> HashMap<&'static str, Vec<&'static str>> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1)
        .filter_map(|l| {
            let cols: Vec<&str> = l.split(',').map(str::trim).collect();
            Some((*cols.first()?, cols))
        })
        .collect()
}

/// ISO 3166-1 alpha-3 → (FIPS 10-4 code, country name), from `data/fips.csv`: GDELT's geo
/// fields use FIPS while its actor codes use CAMEO's (ISO-like) alpha-3.
fn fips(iso3: &str) -> Option<(&'static str, &'static str)> {
    static T: OnceLock<HashMap<&'static str, Vec<&'static str>>> = OnceLock::new();
    let row = T
        .get_or_init(|| data_table(include_str!("../data/fips.csv")))
        .get(iso3)?;
    Some((row.get(1).copied()?, row.get(2).copied().unwrap_or(row[0])))
}

/// Goldstein value of a CAMEO root code, from `data/goldstein.csv`.
fn goldstein(root: &str) -> Option<&'static str> {
    static T: OnceLock<HashMap<&'static str, Vec<&'static str>>> = OnceLock::new();
    T.get_or_init(|| data_table(include_str!("../data/goldstein.csv")))
        .get(root)?
        .get(1)
        .copied()
}

/// GDELT QuadClass of a CAMEO root code: 1 verbal cooperation, 2 material cooperation,
/// 3 verbal conflict, 4 material conflict.
fn quad_class(root: u32) -> u32 {
    match root {
        1..=5 => 1,
        6..=8 => 2,
        9..=13 => 3,
        _ => 4,
    }
}

struct GdeltSink<'a> {
    out: Box<dyn Write + 'a>,
    next_id: u64,
}

fn gdelt_actor(a: Option<&Actor>) -> [String; 10] {
    let Some(a) = a else {
        return Default::default();
    };
    let country = a.country.clone().unwrap_or_default();
    let sector = a.sector.clone().unwrap_or_default();
    [
        format!("{country}{sector}"),
        a.name.to_uppercase(),
        country,
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        sector,
        String::new(),
        String::new(),
    ]
}

impl HitSink for GdeltSink<'_> {
    fn write(&mut self, h: &Hit) -> Result<()> {
        let e = &h.event;
        // GDELT has no way to say "did not happen": negated events are left out.
        if e.negated {
            return Ok(());
        }
        let day = e
            .date
            .as_ref()
            .map(|d| d.start.clone())
            .or_else(|| h.document.published.clone())
            .unwrap_or_default();
        let Ok(date) = chrono::NaiveDate::parse_from_str(&day, "%Y-%m-%d") else {
            return Ok(());
        };
        use chrono::Datelike;
        let code = cameo_code(e);
        let base: String = code.chars().take(3).collect();
        let root: String = code.chars().take(2).collect();
        let root_n: u32 = root.parse().unwrap_or(0);
        let goldstein = goldstein(&root).unwrap_or_default();
        let mut cols: Vec<String> = Vec::with_capacity(61);
        cols.push(self.next_id.to_string());
        self.next_id += 1;
        cols.push(date.format("%Y%m%d").to_string());
        cols.push(date.format("%Y%m").to_string());
        cols.push(date.year().to_string());
        let frac = f64::from(date.year()) + f64::from(date.ordinal0()) / 365.0;
        cols.push(format!("{frac:.4}"));
        cols.extend(gdelt_actor(e.sources.first()));
        cols.extend(gdelt_actor(e.targets.first()));
        cols.push(if e.id == "e1" { "1" } else { "0" }.to_owned());
        cols.push(code.clone());
        cols.push(base);
        cols.push(root);
        cols.push(quad_class(root_n).to_string());
        // Root-level value: sitrep's CAMEO codes come from PLOVER types, rarely finer.
        cols.push(goldstein.to_owned());
        cols.push(e.evidence.len().max(1).to_string());
        cols.push("1".to_owned());
        cols.push("1".to_owned());
        cols.push("0".to_owned()); // AvgTone: not estimated
        // Geo type 1 = country, named and coded as GDELT does (FIPS 10-4).
        let geo = |c: Option<&String>| -> [String; 8] {
            match c.and_then(|c| fips(c)) {
                Some((code, name)) => [
                    "1".to_owned(),
                    name.to_owned(),
                    code.to_owned(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                ],
                None => Default::default(),
            }
        };
        cols.extend(geo(e.sources.first().and_then(|a| a.country.as_ref())));
        cols.extend(geo(e.targets.first().and_then(|a| a.country.as_ref())));
        match &e.location {
            Some(p) => {
                let kind = if p.kind == "country" { "1" } else { "4" };
                let country = p.country.as_deref().and_then(fips).map(|(c, _)| c);
                cols.extend([
                    kind.to_owned(),
                    p.name.clone(),
                    country.unwrap_or_default().to_owned(),
                    String::new(),
                    String::new(),
                    p.lat.map(|x| x.to_string()).unwrap_or_default(),
                    p.lon.map(|x| x.to_string()).unwrap_or_default(),
                    String::new(),
                ]);
            }
            None => cols.extend(geo(None)),
        }
        cols.push(date.format("%Y%m%d000000").to_string());
        cols.push(h.document.url.clone().unwrap_or_default());
        let line: Vec<String> = cols
            .into_iter()
            .map(|c| c.replace(['\t', '\n', '\r'], " "))
            .collect();
        writeln!(self.out, "{}", line.join("\t"))?;
        Ok(())
    }
    fn finish(&mut self) -> Result<()> {
        self.out.flush()?;
        Ok(())
    }
}

/// Writes stories as an aligned table.
pub fn write_stories_table(out: &mut dyn Write, stories: &[Story]) -> Result<()> {
    writeln!(
        out,
        "{:<20} {:<10} {:>4} {:>4} {:<11} {:<16} {:<24} {:<20} headline",
        "story", "type", "docs", "srcs", "first_seen", "countries", "claimants", "deniers"
    )?;
    for s in stories {
        let head: String = s.headline.chars().take(70).collect();
        let clip = |v: &[String], n: usize| -> String {
            let j = v.join(",");
            if j.chars().count() > n {
                format!("{}…", j.chars().take(n - 1).collect::<String>())
            } else if j.is_empty() {
                "-".to_owned()
            } else {
                j
            }
        };
        writeln!(
            out,
            "{:<20} {:<10} {:>4} {:>4} {:<11} {:<16} {:<24} {:<20} {head}",
            s.id,
            s.kind.as_str(),
            s.documents,
            s.sources.len(),
            s.first_seen.as_deref().unwrap_or("-"),
            clip(&s.countries, 16),
            clip(&s.claimants, 24),
            clip(&s.deniers, 20),
        )?;
    }
    Ok(())
}

/// Writes a table of string cells as Parquet (every column UTF-8, one row group), for outputs
/// that are not event hits (the fused ledger). Without the `parquet` feature:
/// [`StoreError::FormatUnavailable`](crate::StoreError::FormatUnavailable).
pub fn write_parquet_table(
    header: &[&str],
    rows: &[Vec<String>],
    out: &mut dyn Write,
) -> Result<()> {
    #[cfg(feature = "parquet")]
    {
        parquet_sink::table(header, rows, out)
    }
    #[cfg(not(feature = "parquet"))]
    {
        let _ = (header, rows, out);
        Err(crate::StoreError::FormatUnavailable("parquet"))
    }
}

#[cfg(feature = "parquet")]
mod parquet_sink {
    //! Parquet: the CSV columns as UTF-8 strings, written in row groups of 64k events.
    use std::io::Write;
    use std::sync::Arc;

    use arrow::array::{ArrayRef, StringBuilder};
    use arrow::datatypes::{DataType, Field, Schema};
    use arrow::record_batch::RecordBatch;
    use parquet::arrow::ArrowWriter;

    use super::{CSV_HEADER, HitSink, csv_row};
    use crate::{Hit, Result, StoreError};

    const BATCH: usize = 65_536;

    pub(super) struct ParquetSink<'a> {
        out: Option<Box<dyn Write + 'a>>,
        rows: Vec<[String; 24]>,
        writer: Option<ArrowWriter<Vec<u8>>>,
        schema: Arc<Schema>,
    }

    fn err(e: impl std::fmt::Display) -> StoreError {
        StoreError::Io(std::io::Error::other(e.to_string()))
    }

    /// See [`super::write_parquet_table`].
    pub(super) fn table(header: &[&str], rows: &[Vec<String>], out: &mut dyn Write) -> Result<()> {
        let schema = Arc::new(Schema::new(
            (header.iter())
                .map(|n| Field::new(*n, DataType::Utf8, false))
                .collect::<Vec<_>>(),
        ));
        let cols: Vec<ArrayRef> = (0..header.len())
            .map(|c| {
                let mut b = StringBuilder::new();
                for r in rows {
                    b.append_value(r.get(c).map_or("", String::as_str));
                }
                Arc::new(b.finish()) as ArrayRef
            })
            .collect();
        let batch = RecordBatch::try_new(schema.clone(), cols).map_err(err)?;
        let mut w = ArrowWriter::try_new(Vec::new(), schema, None).map_err(err)?;
        w.write(&batch).map_err(err)?;
        out.write_all(&w.into_inner().map_err(err)?)?;
        out.flush()?;
        Ok(())
    }

    impl<'a> ParquetSink<'a> {
        pub(super) fn new(out: Box<dyn Write + 'a>) -> Self {
            let schema = Arc::new(Schema::new(
                CSV_HEADER
                    .iter()
                    .map(|n| Field::new(*n, DataType::Utf8, false))
                    .collect::<Vec<_>>(),
            ));
            Self {
                out: Some(out),
                rows: Vec::new(),
                writer: None,
                schema,
            }
        }

        fn flush_rows(&mut self) -> Result<()> {
            if self.rows.is_empty() {
                return Ok(());
            }
            let cols: Vec<ArrayRef> = (0..CSV_HEADER.len())
                .map(|c| {
                    let mut b = StringBuilder::new();
                    for r in &self.rows {
                        b.append_value(&r[c]);
                    }
                    Arc::new(b.finish()) as ArrayRef
                })
                .collect();
            let batch = RecordBatch::try_new(self.schema.clone(), cols).map_err(err)?;
            if self.writer.is_none() {
                self.writer =
                    Some(ArrowWriter::try_new(Vec::new(), self.schema.clone(), None).map_err(err)?);
            }
            if let Some(w) = self.writer.as_mut() {
                w.write(&batch).map_err(err)?;
                // Close the row group and hand its bytes on, so memory holds one batch, not
                // the whole file. The writer counts offsets itself; draining its buffer is safe.
                w.flush().map_err(err)?;
                if let Some(out) = self.out.as_mut() {
                    out.write_all(w.inner_mut())?;
                }
                w.inner_mut().clear();
            }
            self.rows.clear();
            Ok(())
        }
    }

    impl HitSink for ParquetSink<'_> {
        fn write(&mut self, h: &Hit) -> Result<()> {
            self.rows.push(csv_row(h));
            if self.rows.len() >= BATCH {
                self.flush_rows()?;
            }
            Ok(())
        }
        fn finish(&mut self) -> Result<()> {
            self.flush_rows()?;
            let w = match self.writer.take() {
                Some(w) => w,
                None => ArrowWriter::try_new(Vec::new(), self.schema.clone(), None).map_err(err)?,
            };
            let bytes = w.into_inner().map_err(err)?;
            if let Some(mut out) = self.out.take() {
                out.write_all(&bytes)?;
                out.flush()?;
            }
            Ok(())
        }
    }
}
