//! The arms-transfer ledger for the Spark job: a claim's fusion keys, and the cross-document
//! fusion (`sitrep_ledger::fuse`, the same function `sitrep ledger` runs) of claims given as
//! JSON. JSON in and out keeps the rows identical to `sitrep ledger --format jsonl`.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use sitrep_record::{DocumentMeta, TransferClaim};

fn parse<T: serde::de::DeserializeOwned>(what: &str, text: &str) -> PyResult<T> {
    serde_json::from_str(text).map_err(|e| PyValueError::new_err(format!("not a {what}: {e}")))
}

/// The fusion keys (`SUPPLIER>RECIPIENT/family/year`, as the ledger's `key`) a claim counts
/// under, given its document's metadata and the claim as JSON text: one per item family.
#[pyfunction]
pub fn ledger_keys(py: Python<'_>, document: &str, claim: &str) -> PyResult<Vec<String>> {
    let doc: DocumentMeta = parse("document", document)?;
    let claim: TransferClaim = parse("transfer claim", claim)?;
    // The keys are whatever `fuse` makes of the claim alone, so they cannot drift from it.
    let rows = py.detach(|| sitrep_ledger::fuse([(&doc, std::slice::from_ref(&claim))]));
    Ok(rows.into_iter().map(|r| r.key).collect())
}

/// Fuses the claims of many documents, each `(document JSON, [claim JSON, …])`, into ledger
/// rows as JSON text, in key order: the lines of `sitrep ledger --format jsonl` for them.
#[pyfunction]
pub fn fuse_ledger(py: Python<'_>, docs: Vec<(String, Vec<String>)>) -> PyResult<Vec<String>> {
    let parsed = docs
        .iter()
        .map(|(d, cs)| {
            let doc: DocumentMeta = parse("document", d)?;
            let claims = (cs.iter())
                .map(|c| parse::<TransferClaim>("transfer claim", c))
                .collect::<PyResult<Vec<_>>>()?;
            Ok((doc, claims))
        })
        .collect::<PyResult<Vec<_>>>()?;
    let rows = py.detach(|| sitrep_ledger::fuse(parsed.iter().map(|(d, c)| (d, c.as_slice()))));
    (rows.iter())
        .map(|r| serde_json::to_string(r).map_err(|e| PyValueError::new_err(e.to_string())))
        .collect()
}
