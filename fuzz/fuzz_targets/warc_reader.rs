//! Fuzz target: the WARC reader (plain and gzip) and the HTTP response splitter must never
//! panic or loop on arbitrary bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sitrep_ingest::warc::{WarcReader, parse_http_response};

fuzz_target!(|data: &[u8]| {
    for rec in WarcReader::new(data, 1 << 20).flatten() {
        let _ = parse_http_response(&rec.body);
    }
    let gz = std::io::BufReader::new(flate2::bufread::MultiGzDecoder::new(data));
    for rec in WarcReader::new(gz, 1 << 20) {
        let _ = rec;
    }
});
