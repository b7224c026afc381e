//! The Python package `sitrep` (native part, `sitrep._sitrep`): the pipeline loaded once and
//! shared by threads, single and parallel extraction with the GIL released, sitrep's errors as
//! `sitrep.SitrepError` with their stable codes, and the pieces the Spark job needs (reading
//! files as `sitrep ingest` reads them, coding them as it codes them, the export's rows, and the
//! ledger's fusion).
//! The Python side (`python/sitrep/`) adds pandas and Spark on top; nothing here imports them.

use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;

mod corpus;
mod ledger;
mod pipeline;

pyo3::create_exception!(
    sitrep,
    SitrepError,
    PyException,
    "A document sitrep could not code. `code` holds sitrep's stable error code (e.g. \
     `doc_binary`, `doc_empty`), `message` the reason."
);

/// A `SitrepError` carrying `code` and `message` as attributes.
pub(crate) fn sitrep_error(py: Python<'_>, code: &str, message: &str) -> PyErr {
    let err = SitrepError::new_err(format!("{code}: {message}"));
    let value = err.value(py);
    // Setting attributes on a fresh exception instance cannot fail short of memory
    // exhaustion; if it did, the error would still carry the code in its text.
    let _ = value.setattr("code", code);
    let _ = value.setattr("message", message);
    err
}

/// Parses JSON text into Python objects with the standard library's `json.loads`, so that a
/// record reaches Python exactly as `sitrep extract --format jsonl` prints it.
pub(crate) fn json_loads<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    static LOADS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    LOADS.import(py, "json", "loads")?.call1((text,))
}

/// Serialises a Python object to JSON text with `json.dumps`.
pub(crate) fn json_dumps(obj: &Bound<'_, PyAny>) -> PyResult<String> {
    static DUMPS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    DUMPS
        .import(obj.py(), "json", "dumps")?
        .call1((obj,))?
        .extract()
}

/// The native module.
#[pymodule]
fn _sitrep(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("SitrepError", m.py().get_type::<SitrepError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("EXPORT_COLUMNS", sitrep_store::export::CSV_HEADER.to_vec())?;
    m.add_class::<pipeline::Pipeline>()?;
    m.add_function(wrap_pyfunction!(corpus::read_documents, m)?)?;
    m.add_function(wrap_pyfunction!(corpus::export_rows, m)?)?;
    m.add_function(wrap_pyfunction!(ledger::ledger_keys, m)?)?;
    m.add_function(wrap_pyfunction!(ledger::fuse_ledger, m)?)?;
    Ok(())
}
