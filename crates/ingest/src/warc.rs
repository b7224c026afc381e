//! A small streaming WARC reader (WARC 1.0/1.1, plain or gzip, member after member). Records are
//! read one at a time, so memory stays bounded by the largest record kept; records over the cap
//! are skipped without buffering them. A malformed record yields an error and the reader
//! re-synchronises on the next `WARC/` version line.

use std::io::{BufRead, Read};

/// Problems with a WARC stream.
#[derive(Debug, thiserror::Error)]
pub enum WarcError {
    /// Header block malformed (missing version line, bad header, bad Content-Length).
    #[error("malformed WARC record at byte {offset}: {reason}")]
    Malformed {
        /// Offset (in the decompressed stream) where the record started.
        offset: u64,
        /// Why.
        reason: String,
    },
    /// The stream ended inside a record.
    #[error("WARC record at byte {offset} is truncated")]
    Truncated {
        /// Offset of the record.
        offset: u64,
    },
    /// The record is larger than the cap.
    #[error("WARC record at byte {offset} is {size} bytes, over the {max}-byte cap")]
    TooLarge {
        /// Offset of the record.
        offset: u64,
        /// Declared size.
        size: u64,
        /// Cap.
        max: u64,
    },
    /// Reading (or gzip decoding) failed.
    #[error("reading WARC: {0}")]
    Io(#[from] std::io::Error),
}

impl WarcError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Malformed { .. } => "warc_malformed",
            Self::Truncated { .. } => "warc_truncated",
            Self::TooLarge { .. } => "doc_too_large",
            Self::Io(_) => "warc_io",
        }
    }
}

/// One WARC record.
#[derive(Debug, Clone)]
pub struct WarcRecord {
    /// Header fields in order (names as written).
    pub headers: Vec<(String, String)>,
    /// The content block.
    pub body: Vec<u8>,
    /// Offset of the record in the decompressed stream.
    pub offset: u64,
}

impl WarcRecord {
    /// A header value by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Longest header line accepted; longer lines mean garbage, not WARC.
const MAX_LINE: u64 = 64 * 1024;

/// Streaming WARC reader over any buffered byte stream.
pub struct WarcReader<R: BufRead> {
    r: R,
    offset: u64,
    max_record: u64,
    done: bool,
    /// A version line already consumed while skipping garbage: the next record starts there.
    pending: Option<u64>,
    /// After a malformed header block, skip to the next version line without a second report.
    resync: bool,
}

impl<R: BufRead> WarcReader<R> {
    /// A reader keeping records of at most `max_record` bytes.
    pub fn new(r: R, max_record: u64) -> Self {
        Self {
            r,
            offset: 0,
            max_record,
            done: false,
            pending: None,
            resync: false,
        }
    }

    /// Reads one line (without the line break), at most [`MAX_LINE`] bytes; `None` at EOF.
    fn line(&mut self) -> std::io::Result<Option<Vec<u8>>> {
        let mut buf = Vec::new();
        let n = (&mut self.r).take(MAX_LINE).read_until(b'\n', &mut buf)?;
        if n == 0 {
            return Ok(None);
        }
        self.offset += n as u64;
        while buf.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
            buf.pop();
        }
        Ok(Some(buf))
    }

    fn next_record(&mut self) -> Result<Option<WarcRecord>, WarcError> {
        // Skip blank lines between records, then expect the version line; anything else is
        // garbage, reported once; the version line that ends it starts the next record.
        let start;
        if let Some(at) = self.pending.take() {
            start = at;
        } else {
            let mut garbage_at: Option<u64> = None;
            loop {
                let at = self.offset;
                let Some(l) = self.line()? else {
                    if let Some(offset) = garbage_at {
                        return Err(WarcError::Malformed {
                            offset,
                            reason: "no WARC version line".into(),
                        });
                    }
                    return Ok(None);
                };
                if l.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                if l.starts_with(b"WARC/") {
                    self.resync = false;
                    if let Some(offset) = garbage_at {
                        self.pending = Some(at);
                        return Err(WarcError::Malformed {
                            offset,
                            reason: "bytes before the WARC version line".into(),
                        });
                    }
                    start = at;
                    break;
                }
                if !self.resync {
                    garbage_at.get_or_insert(at);
                }
            }
        }
        let mut headers = Vec::new();
        loop {
            let Some(l) = self.line()? else {
                return Err(WarcError::Truncated { offset: start });
            };
            if l.is_empty() {
                break;
            }
            let s = String::from_utf8_lossy(&l);
            let Some((k, v)) = s.split_once(':') else {
                self.resync = true;
                return Err(WarcError::Malformed {
                    offset: start,
                    reason: format!("header line without a colon: {:?}", clip(&s)),
                });
            };
            headers.push((k.trim().to_owned(), v.trim().to_owned()));
        }
        let len = headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("Content-Length"))
            .map(|(_, v)| v.parse::<u64>())
            .ok_or_else(|| WarcError::Malformed {
                offset: start,
                reason: "no Content-Length".into(),
            })
            .and_then(|r| {
                r.map_err(|e| WarcError::Malformed {
                    offset: start,
                    reason: format!("bad Content-Length: {e}"),
                })
            });
        let len = match len {
            Ok(l) => l,
            Err(e) => {
                self.resync = true;
                return Err(e);
            }
        };
        if len > self.max_record {
            let skipped = std::io::copy(&mut (&mut self.r).take(len), &mut std::io::sink())?;
            self.offset += skipped;
            if skipped < len {
                self.done = true;
                return Err(WarcError::Truncated { offset: start });
            }
            return Err(WarcError::TooLarge {
                offset: start,
                size: len,
                max: self.max_record,
            });
        }
        let mut body = Vec::with_capacity(usize::try_from(len.min(1 << 20)).unwrap_or(0));
        let got = (&mut self.r).take(len).read_to_end(&mut body)? as u64;
        self.offset += got;
        if got < len {
            self.done = true;
            return Err(WarcError::Truncated { offset: start });
        }
        Ok(Some(WarcRecord {
            headers,
            body,
            offset: start,
        }))
    }
}

fn clip(s: &str) -> String {
    s.chars().take(60).collect()
}

impl<R: BufRead> Iterator for WarcReader<R> {
    type Item = Result<WarcRecord, WarcError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.next_record() {
            Ok(Some(r)) => Some(Ok(r)),
            Ok(None) => {
                self.done = true;
                None
            }
            Err(e) => {
                // An I/O (e.g. gzip) error poisons the stream: stop after reporting it.
                if matches!(e, WarcError::Io(_)) {
                    self.done = true;
                }
                Some(Err(e))
            }
        }
    }
}

/// An HTTP response split out of a WARC `response` record.
#[derive(Debug, Clone)]
pub struct HttpResponse {
    /// Status code.
    pub status: u16,
    /// The response's Content-Type, if any.
    pub content_type: Option<String>,
    /// The payload after the HTTP headers, as sent: possibly chunked and/or compressed
    /// (see [`HttpResponse::decoded`]).
    pub payload: Vec<u8>,
    /// `Transfer-Encoding` header, lower-cased.
    pub transfer_encoding: Option<String>,
    /// `Content-Encoding` header, lower-cased.
    pub content_encoding: Option<String>,
}

/// Why a response payload could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// Stable code: `warc_bad_chunking`, `warc_bad_compression`, `warc_unsupported_encoding`,
    /// `doc_too_large`.
    pub code: &'static str,
    /// Details.
    pub message: String,
}

impl HttpResponse {
    /// The payload with transfer and content encodings undone (chunked; gzip, deflate), at
    /// most `max` bytes after decompression. Crawlers that already decoded the payload
    /// rename the headers (`X-Crawler-Transfer-Encoding`), so only the live headers count.
    pub fn decoded(&self, max: usize) -> Result<Vec<u8>, DecodeError> {
        let mut body = std::borrow::Cow::Borrowed(self.payload.as_slice());
        if self
            .transfer_encoding
            .as_deref()
            .is_some_and(|t| t.contains("chunked"))
        {
            body = std::borrow::Cow::Owned(dechunk(&body).ok_or_else(|| DecodeError {
                code: "warc_bad_chunking",
                message: "chunked payload with a malformed chunk size line".into(),
            })?);
        }
        let enc = self
            .content_encoding
            .as_deref()
            .unwrap_or("identity")
            .trim();
        match enc {
            "" | "identity" | "none" => Ok(body.into_owned()),
            "gzip" | "x-gzip" => inflate(flate2::read::MultiGzDecoder::new(&*body), max),
            // "deflate" is zlib-wrapped by the RFC, raw in some servers: try both.
            "deflate" => inflate(flate2::read::ZlibDecoder::new(&*body), max)
                .or_else(|_| inflate(flate2::read::DeflateDecoder::new(&*body), max)),
            other => Err(DecodeError {
                code: "warc_unsupported_encoding",
                message: format!("content encoding {other:?} is not supported"),
            }),
        }
    }
}

fn inflate(r: impl Read, max: usize) -> Result<Vec<u8>, DecodeError> {
    let mut out = Vec::new();
    // One byte past the cap tells "too large" from "exactly at the cap".
    r.take(max as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|e| DecodeError {
            code: "warc_bad_compression",
            message: format!("cannot decompress the payload: {e}"),
        })?;
    if out.len() > max {
        return Err(DecodeError {
            code: "doc_too_large",
            message: format!("decompressed payload is over the {max}-byte cap"),
        });
    }
    Ok(out)
}

/// Undoes HTTP/1.1 chunked transfer coding. A body cut short after a complete chunk keeps
/// what arrived (crawls truncate); a size line that is not hex fails.
fn dechunk(mut b: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(b.len());
    loop {
        let eol = memfind(b, b"\n")?;
        let line = std::str::from_utf8(&b[..eol]).ok()?.trim();
        // Chunk extensions follow a ';'.
        let size_hex = line.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size_hex, 16).ok()?;
        b = &b[eol + 1..];
        if size == 0 {
            return Some(out);
        }
        let take = size.min(b.len());
        out.extend_from_slice(&b[..take]);
        if take < size {
            return Some(out);
        }
        b = &b[take..];
        // The CRLF after the chunk data.
        b = b
            .strip_prefix(b"\r\n")
            .or_else(|| b.strip_prefix(b"\n"))
            .unwrap_or(b);
        if b.is_empty() {
            return Some(out);
        }
    }
}

/// Splits an HTTP/1.x response (status line, headers, blank line, payload).
pub fn parse_http_response(block: &[u8]) -> Option<HttpResponse> {
    let head_end = memfind(block, b"\r\n\r\n")
        .map(|i| (i, i + 4))
        .or_else(|| memfind(block, b"\n\n").map(|i| (i, i + 2)))?;
    let head = String::from_utf8_lossy(&block[..head_end.0]);
    let mut lines = head.lines();
    let status_line = lines.next()?;
    if !status_line.starts_with("HTTP/") {
        return None;
    }
    let status = status_line.split_whitespace().nth(1)?.parse().ok()?;
    let headers: Vec<(&str, &str)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim(), v.trim()))
        .collect();
    let header = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| (*v).to_owned())
    };
    Some(HttpResponse {
        status,
        content_type: header("content-type"),
        transfer_encoding: header("transfer-encoding").map(|v| v.to_ascii_lowercase()),
        content_encoding: header("content-encoding").map(|v| v.to_ascii_lowercase()),
        payload: block[head_end.1..].to_vec(),
    })
}

fn memfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn rec(uri: &str, body: &[u8]) -> Vec<u8> {
        let mut v = format!(
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
            body.len()
        )
        .into_bytes();
        v.extend_from_slice(body);
        v.extend_from_slice(b"\r\n\r\n");
        v
    }

    #[test]
    fn reads_records_and_resyncs_after_garbage() {
        let mut data = rec("http://a/", b"HTTP/1.1 200 OK\r\n\r\nhello");
        data.extend_from_slice(b"garbage line\r\n");
        data.extend(rec("http://b/", b"HTTP/1.1 200 OK\r\n\r\nworld"));
        let out: Vec<_> = WarcReader::new(&data[..], 1 << 20).collect();
        assert!(out[0].is_ok());
        assert_eq!(out[1].as_ref().err().unwrap().code(), "warc_malformed");
        // The good record after the garbage is not lost.
        assert_eq!(out.len(), 3);
        assert_eq!(
            out[2].as_ref().unwrap().header("warc-target-uri"),
            Some("http://b/")
        );
    }

    #[test]
    fn truncated_and_oversized() {
        let mut data = rec("http://a/", b"HTTP/1.1 200 OK\r\n\r\nhello");
        data.extend(rec("http://big/", &[b'x'; 5000]));
        let out: Vec<_> = WarcReader::new(&data[..], 1000).collect();
        assert_eq!(out.len(), 2);
        assert_eq!(out[1].as_ref().err().unwrap().code(), "doc_too_large");
        let cut = &data[..data.len() - 3000];
        let out: Vec<_> = WarcReader::new(cut, 1 << 20).collect();
        assert_eq!(
            out.last().unwrap().as_ref().err().unwrap().code(),
            "warc_truncated"
        );
    }

    fn gz(b: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(b).unwrap();
        e.finish().unwrap()
    }

    fn chunk(b: &[u8], size: usize) -> Vec<u8> {
        let mut v = Vec::new();
        for c in b.chunks(size) {
            v.extend_from_slice(format!("{:x};ext=1\r\n", c.len()).as_bytes());
            v.extend_from_slice(c);
            v.extend_from_slice(b"\r\n");
        }
        v.extend_from_slice(b"0\r\n\r\n");
        v
    }

    fn response(headers: &str, payload: &[u8]) -> HttpResponse {
        let mut block = format!("HTTP/1.1 200 OK\r\n{headers}\r\n").into_bytes();
        block.extend_from_slice(payload);
        parse_http_response(&block).unwrap()
    }

    const PAGE: &[u8] = b"<html><body><p>The convoy reached the harbour at dawn.</p></body></html>";

    #[test]
    fn decodes_chunked_gzip_and_deflate_payloads() {
        let r = response("Transfer-Encoding: chunked\r\n", &chunk(PAGE, 7));
        assert_eq!(r.decoded(1 << 20).unwrap(), PAGE);
        let r = response("Content-Encoding: gzip\r\n", &gz(PAGE));
        assert_eq!(r.decoded(1 << 20).unwrap(), PAGE);
        let r = response(
            "Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n",
            &chunk(&gz(PAGE), 10),
        );
        assert_eq!(r.decoded(1 << 20).unwrap(), PAGE);
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut z, PAGE).unwrap();
        let r = response("Content-Encoding: deflate\r\n", &z.finish().unwrap());
        assert_eq!(r.decoded(1 << 20).unwrap(), PAGE);
        // A crawler that decoded the body renamed the header: the payload is left alone.
        let r = response("X-Crawler-Content-Encoding: gzip\r\n", PAGE);
        assert_eq!(r.decoded(1 << 20).unwrap(), PAGE);
    }

    #[test]
    fn undecodable_payloads_are_clear_errors() {
        let r = response("Content-Encoding: gzip\r\n", b"not gzip at all");
        assert_eq!(r.decoded(1 << 20).unwrap_err().code, "warc_bad_compression");
        let r = response("Content-Encoding: br\r\n", PAGE);
        assert_eq!(
            r.decoded(1 << 20).unwrap_err().code,
            "warc_unsupported_encoding"
        );
        let r = response(
            "Transfer-Encoding: chunked\r\n",
            b"zz\r\nhello\r\n0\r\n\r\n",
        );
        assert_eq!(r.decoded(1 << 20).unwrap_err().code, "warc_bad_chunking");
        // A decompression bomb stops at the cap.
        let r = response("Content-Encoding: gzip\r\n", &gz(&[b'a'; 100_000]));
        assert_eq!(r.decoded(1000).unwrap_err().code, "doc_too_large");
    }

    proptest::proptest! {
        #[test]
        fn dechunk_inverts_chunking(body in proptest::collection::vec(proptest::num::u8::ANY, 0..600), size in 1usize..64) {
            proptest::prop_assert_eq!(dechunk(&chunk(&body, size)), Some(body));
        }

        #[test]
        fn decoding_never_panics(payload in proptest::collection::vec(proptest::num::u8::ANY, 0..300)) {
            for h in ["Transfer-Encoding: chunked\r\n", "Content-Encoding: gzip\r\n", "Content-Encoding: deflate\r\n"] {
                let _ = response(h, &payload).decoded(1 << 16);
            }
        }
    }
}
