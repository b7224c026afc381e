//! Corpora for the Spark job: files read into documents as `sitrep ingest` reads them (text,
//! HTML, RSS/Atom, WARC(.gz), JSONL), documents coded as it codes them, and records turned into
//! the rows of `sitrep export --format csv|parquet`. Documents cross into Python as plain dicts,
//! so that Spark can pickle them between stages.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString, PyTuple};
use rayon::prelude::*;
use sitrep_doc::Document;
use sitrep_ingest::{Coder, InputError, Item, Kind, Meta, ReadOptions};
use sitrep_record::Record;
use sitrep_store::{Hit, export};

use crate::json_dumps;
use crate::pipeline::{on_pool, record_to_py};

/// `sitrep ingest`'s default cap on one document (`--max-bytes`).
pub(crate) const DEFAULT_MAX_BYTES: usize = 10 * 1024 * 1024;

/// One row of the CSV and Parquet exports.
type Row = [String; export::CSV_HEADER.len()];

/// Reads one file's content (`data`, named `name`: the name picks the format, as for a path
/// given to `sitrep ingest`) into documents: `{"key", "kind", "content", "title",
/// "published", "url", "source"}` per document, `{"key", "error", "message"}` per bad one.
#[pyfunction]
#[pyo3(signature = (name, data, max_bytes=DEFAULT_MAX_BYTES, source=None))]
pub fn read_documents<'py>(
    py: Python<'py>,
    name: &str,
    data: Vec<u8>,
    max_bytes: usize,
    source: Option<String>,
) -> PyResult<Vec<Bound<'py, PyDict>>> {
    let opts = ReadOptions {
        max_bytes,
        source,
        ..ReadOptions::default()
    };
    let items = py.detach(|| {
        let mut items = Vec::new();
        sitrep_ingest::read_file_bytes(name, data, &opts, &mut |r| {
            items.push(r);
            true
        });
        items
    });
    items.iter().map(|r| item_to_py(py, r)).collect()
}

/// The export's rows (`sitrep.EXPORT_COLUMNS`) of one record, given as a dict or JSON text.
#[pyfunction]
pub fn export_rows<'py>(
    py: Python<'py>,
    record: &Bound<'py, PyAny>,
) -> PyResult<Vec<Bound<'py, PyTuple>>> {
    let text: String = if record.is_instance_of::<PyString>() {
        record.extract()?
    } else {
        json_dumps(record)?
    };
    let rec: Record = serde_json::from_str(&text)
        .map_err(|e| PyValueError::new_err(format!("not a sitrep record: {e}")))?;
    rows_of(&rec)
        .into_iter()
        .map(|r| PyTuple::new(py, r))
        .collect()
}

/// One export row per event of a record.
fn rows_of(rec: &Record) -> Vec<Row> {
    rec.events
        .iter()
        .map(|e| {
            export::csv_row(&Hit {
                document: rec.document.clone(),
                event: e.clone(),
            })
        })
        .collect()
}

fn item_to_py<'py>(py: Python<'py>, r: &Result<Item, InputError>) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    match r {
        Ok(it) => {
            d.set_item("key", &it.key)?;
            let kind = match it.kind {
                Kind::Text => "text",
                Kind::Html => "html",
            };
            d.set_item("kind", kind)?;
            d.set_item("content", PyBytes::new(py, &it.bytes))?;
            d.set_item("title", &it.meta.title)?;
            d.set_item("published", &it.meta.published)?;
            d.set_item("url", &it.meta.url)?;
            d.set_item("source", &it.meta.source)?;
        }
        Err(e) => error_to_py(&d, e)?,
    }
    Ok(d)
}

fn error_to_py(d: &Bound<'_, PyDict>, e: &InputError) -> PyResult<()> {
    d.set_item("key", &e.key)?;
    d.set_item("error", &e.code)?;
    d.set_item("message", &e.message)
}

/// An optional string entry of a document dict (missing and `None` alike).
fn opt_str(d: &Bound<'_, PyAny>, name: &str) -> PyResult<Option<String>> {
    match d.get_item(name) {
        Ok(v) if !v.is_none() => Ok(Some(v.extract()?)),
        _ => Ok(None),
    }
}

/// A document dict back into an item (or the input error it stands for).
fn item_from_py(d: &Bound<'_, PyAny>) -> PyResult<Result<Item, InputError>> {
    let key: String = d.get_item("key")?.extract()?;
    if let Some(code) = opt_str(d, "error")? {
        let message = opt_str(d, "message")?.unwrap_or_default();
        return Ok(Err(InputError::new(key, &code, message)));
    }
    let content = d.get_item("content")?;
    let bytes: Vec<u8> = if content.is_instance_of::<PyString>() {
        content.extract::<String>()?.into_bytes()
    } else {
        content.extract()?
    };
    let kind = match opt_str(d, "kind")?.as_deref() {
        None | Some("text") => Kind::Text,
        Some("html") => Kind::Html,
        Some(other) => {
            return Err(PyValueError::new_err(format!(
                "{key}: kind must be 'text' or 'html', not {other:?}"
            )));
        }
    };
    let meta = Meta {
        title: opt_str(d, "title")?,
        published: opt_str(d, "published")?,
        url: opt_str(d, "url")?,
        source: opt_str(d, "source")?,
    };
    Ok(Ok(Item {
        key,
        bytes,
        kind,
        meta,
    }))
}

/// The pipeline as the ingest loop's coder, with the load options `sitrep ingest` uses.
struct IngestCoder<'a> {
    pipeline: &'a sitrep_pipeline::Pipeline,
    max_bytes: usize,
}

impl Coder for IngestCoder<'_> {
    fn doc_id(&self, text: &[u8], meta: &Meta) -> Option<String> {
        Document::load(text, &meta.load_options(self.max_bytes))
            .ok()
            .map(|d| d.id())
    }

    fn code(&self, text: &[u8], meta: &Meta) -> Result<Record, (String, String)> {
        self.pipeline
            .extract(text, &meta.load_options(self.max_bytes))
            .map_err(|e| (e.code().to_owned(), e.to_string()))
    }
}

/// What coding one document gave.
enum Outcome {
    Record(String, Record),
    /// Input key, the export's rows, and the document's metadata and claims as JSON text.
    Rows(String, Vec<Row>, Ledger),
    Fail(InputError),
}

/// A document's metadata and its transfer claims, each as JSON text, for the Spark ledger.
struct Ledger {
    id: String,
    document: String,
    transfers: Vec<String>,
}

fn ledger_of(rec: &Record) -> Result<Ledger, serde_json::Error> {
    Ok(Ledger {
        id: rec.document.id.clone(),
        document: serde_json::to_string(&rec.document)?,
        transfers: (rec.transfers.iter())
            .map(serde_json::to_string)
            .collect::<Result<_, _>>()?,
    })
}

/// `Pipeline.code_documents`: parses the dicts, codes in parallel without the GIL, converts back.
pub(crate) fn code_documents<'py>(
    py: Python<'py>,
    pipeline: &sitrep_pipeline::Pipeline,
    docs: &[Bound<'py, PyAny>],
    threads: Option<usize>,
    max_bytes: usize,
    rows: bool,
) -> PyResult<Vec<Bound<'py, PyAny>>> {
    let items = docs
        .iter()
        .map(item_from_py)
        .collect::<PyResult<Vec<_>>>()?;
    let coder = IngestCoder {
        pipeline,
        max_bytes,
    };
    let code = |r: Result<Item, InputError>| {
        let doc = r
            .and_then(|it| sitrep_ingest::prepare(it, max_bytes))
            .and_then(|p| sitrep_ingest::code_prepared(p, &coder));
        match doc {
            Err(e) => Outcome::Fail(e),
            Ok(d) if rows => match ledger_of(&d.record) {
                Ok(l) => Outcome::Rows(d.input, rows_of(&d.record), l),
                Err(e) => Outcome::Fail(InputError::new(d.input, "internal", e.to_string())),
            },
            Ok(d) => Outcome::Record(d.input, d.record),
        }
    };
    let outcomes: Vec<Outcome> =
        py.detach(|| on_pool(threads, || items.into_par_iter().map(code).collect()))?;
    outcomes.iter().map(|o| outcome_to_py(py, o)).collect()
}

fn outcome_to_py<'py>(py: Python<'py>, o: &Outcome) -> PyResult<Bound<'py, PyAny>> {
    let d = PyDict::new(py);
    match o {
        Outcome::Record(key, rec) => {
            d.set_item("key", key)?;
            d.set_item("record", record_to_py(py, rec)?)?;
        }
        Outcome::Rows(key, rows, l) => {
            d.set_item("key", key)?;
            d.set_item("document_id", &l.id)?;
            d.set_item("document", &l.document)?;
            d.set_item("transfers", &l.transfers)?;
            let t = rows
                .iter()
                .map(|r| PyTuple::new(py, r))
                .collect::<PyResult<Vec<_>>>()?;
            d.set_item("rows", t)?;
        }
        Outcome::Fail(e) => error_to_py(&d, e)?,
    }
    Ok(d.into_any())
}
