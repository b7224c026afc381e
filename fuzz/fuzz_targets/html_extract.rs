//! Fuzz target: HTML main-content extraction and feed parsing must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = sitrep_ingest::html::extract(data);
    let _ = sitrep_ingest::feed::parse("fuzz", data);
});
