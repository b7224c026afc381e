//! `sitrep.Pipeline`: the models and the knowledge base loaded once, then documents coded one
//! at a time or in parallel batches, always with the GIL released while Rust works.

use std::path::PathBuf;

use pyo3::exceptions::{PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyString;
use sitrep_doc::LoadOptions;
use sitrep_pipeline::{Error, Options};
use sitrep_record::Record;

use crate::{json_loads, sitrep_error};

/// Document text as Python gives it: `str` (coded as UTF-8) or `bytes` (as read from a file).
#[derive(FromPyObject)]
pub(crate) enum Text {
    /// A Python `str`.
    Str(String),
    /// Raw bytes, decoded by sitrep as files are.
    Bytes(Vec<u8>),
}

impl Text {
    fn into_bytes(self) -> Vec<u8> {
        match self {
            Self::Str(s) => s.into_bytes(),
            Self::Bytes(b) => b,
        }
    }
}

/// sitrep's pipeline, loaded once; `extract` codes one document, `extract_batch` many in
/// parallel. Safe to share between Python threads.
#[pyclass(frozen, module = "sitrep")]
pub struct Pipeline {
    pub(crate) inner: sitrep_pipeline::Pipeline,
}

/// Turns a pipeline error into `SitrepError`.
fn to_py(py: Python<'_>, e: &Error) -> PyErr {
    sitrep_error(py, e.code(), &e.to_string())
}

/// A record as a Python dict, through its JSON form (the CLI's `extract --format jsonl`).
pub(crate) fn record_to_py<'py>(py: Python<'py>, r: &Record) -> PyResult<Bound<'py, PyAny>> {
    let text = serde_json::to_string(r).map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
    json_loads(py, &text)
}

/// A publication date given as `"YYYY-MM-DD"`, a `datetime.date` or a `datetime.datetime`.
fn date_arg(d: Option<&Bound<'_, PyAny>>) -> PyResult<Option<chrono::NaiveDate>> {
    let Some(d) = d else { return Ok(None) };
    let s: String = if d.is_instance_of::<PyString>() {
        d.extract()?
    } else if d.hasattr("isoformat")? {
        d.call_method0("isoformat")?.extract()?
    } else {
        return Err(PyTypeError::new_err(
            "published must be a 'YYYY-MM-DD' string, a date or a datetime",
        ));
    };
    // A datetime's ISO form starts with its date.
    let day = s.get(..10).unwrap_or(&s);
    chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .map(Some)
        .map_err(|e| PyValueError::new_err(format!("published {s:?}: {e} (want YYYY-MM-DD)")))
}

/// `published` for a batch: one date for all documents, or a sequence with one per document.
fn batch_dates(d: Option<&Bound<'_, PyAny>>, n: usize) -> PyResult<Vec<Option<chrono::NaiveDate>>> {
    let Some(obj) = d else {
        return Ok(vec![None; n]);
    };
    if obj.is_instance_of::<PyString>() || obj.hasattr("isoformat")? {
        return Ok(vec![date_arg(Some(obj))?; n]);
    }
    let mut out = Vec::with_capacity(n);
    for item in obj.try_iter()? {
        let item = item?;
        out.push(if item.is_none() {
            None
        } else {
            date_arg(Some(&item))?
        });
    }
    if out.len() != n {
        return Err(PyValueError::new_err(format!(
            "published has {} dates for {n} texts",
            out.len()
        )));
    }
    Ok(out)
}

/// Runs `f` on a pool of `threads` workers, or on rayon's global pool (all cores) if `None`.
pub(crate) fn on_pool<T: Send>(
    threads: Option<usize>,
    f: impl FnOnce() -> T + Send,
) -> PyResult<T> {
    match threads {
        None => Ok(f()),
        Some(0) => Err(PyValueError::new_err("threads must be at least 1")),
        Some(n) => {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
            Ok(pool.install(f))
        }
    }
}

#[pymethods]
impl Pipeline {
    /// Loads the models and the knowledge base (once; reuse the object).
    #[new]
    #[pyo3(signature = (kb=None, full_nlp=false))]
    fn new(py: Python<'_>, kb: Option<PathBuf>, full_nlp: bool) -> PyResult<Self> {
        let opts = Options {
            kb_overlay: kb,
            debug_nlp: false,
            full_nlp,
        };
        match py.detach(|| sitrep_pipeline::Pipeline::load(&opts)) {
            Ok(inner) => Ok(Self { inner }),
            Err(e) => Err(to_py(py, &e)),
        }
    }

    /// Codes one document into its record (a dict, as `sitrep extract --format jsonl`).
    #[pyo3(signature = (text, published=None, url=None, title=None, source=None))]
    fn extract<'py>(
        &self,
        py: Python<'py>,
        text: Text,
        published: Option<&Bound<'py, PyAny>>,
        url: Option<String>,
        title: Option<String>,
        source: Option<String>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let opts = LoadOptions {
            published: date_arg(published)?,
            title,
            url,
            source,
            max_bytes: None,
        };
        let bytes = text.into_bytes();
        match py.detach(|| self.inner.extract(&bytes, &opts)) {
            Ok(r) => record_to_py(py, &r),
            Err(e) => Err(to_py(py, &e)),
        }
    }

    /// Codes many documents in parallel (GIL released) and returns their records in input
    /// order. `published`: one date for all or one per text; `urls`: one per text; `threads`:
    /// workers (default all cores). `errors="raise"` raises the first failure's
    /// `SitrepError` (with `.index`); `errors="return"` puts it in the list in its place.
    #[pyo3(signature = (texts, published=None, urls=None, threads=None, errors="raise"))]
    fn extract_batch<'py>(
        &self,
        py: Python<'py>,
        texts: Vec<Text>,
        published: Option<&Bound<'py, PyAny>>,
        urls: Option<Vec<Option<String>>>,
        threads: Option<usize>,
        errors: &str,
    ) -> PyResult<Vec<Bound<'py, PyAny>>> {
        let raise = match errors {
            "raise" => true,
            "return" => false,
            other => {
                return Err(PyValueError::new_err(format!(
                    "errors must be 'raise' or 'return', not {other:?}"
                )));
            }
        };
        let n = texts.len();
        let dates = batch_dates(published, n)?;
        let urls = urls.unwrap_or_else(|| vec![None; n]);
        if urls.len() != n {
            return Err(PyValueError::new_err(format!(
                "urls has {} entries for {n} texts",
                urls.len()
            )));
        }
        let inputs: Vec<(Vec<u8>, LoadOptions)> = texts
            .into_iter()
            .zip(dates.into_iter().zip(urls))
            .map(|(t, (published, url))| {
                let o = LoadOptions {
                    published,
                    url,
                    ..LoadOptions::default()
                };
                (t.into_bytes(), o)
            })
            .collect();
        let results = py.detach(|| on_pool(threads, || self.inner.extract_batch(&inputs)))?;
        let mut out = Vec::with_capacity(n);
        for (i, r) in results.iter().enumerate() {
            match r {
                Ok(rec) => out.push(record_to_py(py, rec)?),
                Err(e) => {
                    let err = to_py(py, e);
                    err.value(py).setattr("index", i)?;
                    if raise {
                        return Err(err);
                    }
                    out.push(err.into_value(py).into_bound(py).into_any());
                }
            }
        }
        Ok(out)
    }

    /// Codes documents read by `sitrep.read_documents` exactly as `sitrep ingest` codes them
    /// (HTML reduced to its text, binary and oversized input refused). Returns, in order,
    /// `{"key", "record"}` (or, when `rows=True`, `{"key", "document_id", "rows", "document",
    /// "transfers"}`: the export's rows, the document's metadata as JSON text and its transfer
    /// claims as JSON texts) or `{"key", "error", "message"}`; input errors pass through.
    #[pyo3(signature = (docs, threads=None, max_bytes=crate::corpus::DEFAULT_MAX_BYTES, rows=false))]
    fn code_documents<'py>(
        &self,
        py: Python<'py>,
        docs: Vec<Bound<'py, PyAny>>,
        threads: Option<usize>,
        max_bytes: usize,
        rows: bool,
    ) -> PyResult<Vec<Bound<'py, PyAny>>> {
        crate::corpus::code_documents(py, &self.inner, &docs, threads, max_bytes, rows)
    }
}
