//! What an input's bytes are before their format is: UTF-16 text (transcoded to UTF-8 so the
//! rest of sitrep reads one encoding) and gzip compression (unwrapped, and the content inside
//! decides the format, so a `.gz` of text is text and only a `.gz` holding WARC is WARC).

/// The gzip magic number.
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// Whether `head` starts a gzip stream.
pub fn is_gzip(head: &[u8]) -> bool {
    head.starts_with(&GZIP_MAGIC)
}

/// Byte order of UTF-16 text announced by its byte-order mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Utf16 {
    /// `FF FE`.
    Le,
    /// `FE FF`.
    Be,
}

/// The UTF-16 byte order `head` announces with a byte-order mark, if any.
pub fn utf16_bom(head: &[u8]) -> Option<Utf16> {
    match head {
        [0xff, 0xfe, ..] => Some(Utf16::Le),
        [0xfe, 0xff, ..] => Some(Utf16::Be),
        _ => None,
    }
}

/// UTF-16 text with a byte-order mark as UTF-8 (mark dropped, unpaired surrogates and an odd
/// last byte replaced with U+FFFD); `None` for anything else.
pub fn utf16_to_utf8(bytes: &[u8]) -> Option<Vec<u8>> {
    let order = utf16_bom(bytes)?;
    let body = &bytes[2..];
    let units = body.chunks_exact(2).map(|c| match order {
        Utf16::Le => u16::from_le_bytes([c[0], c[1]]),
        Utf16::Be => u16::from_be_bytes([c[0], c[1]]),
    });
    let mut out = String::with_capacity(body.len());
    out.extend(char::decode_utf16(units).map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER)));
    if body.len() % 2 == 1 {
        out.push(char::REPLACEMENT_CHARACTER);
    }
    Some(out.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn le(s: &str) -> Vec<u8> {
        let mut v = vec![0xff, 0xfe];
        v.extend(s.encode_utf16().flat_map(u16::to_le_bytes));
        v
    }

    #[test]
    fn utf16_both_orders() {
        assert_eq!(
            utf16_to_utf8(&le("Kyiv’s port")).as_deref(),
            Some("Kyiv’s port".as_bytes())
        );
        let mut be = vec![0xfe, 0xff];
        be.extend("Ships 🚢".encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(utf16_to_utf8(&be).as_deref(), Some("Ships 🚢".as_bytes()));
        assert_eq!(utf16_to_utf8(b"plain"), None);
    }

    #[test]
    fn broken_utf16_is_replaced_not_refused() {
        let mut v = le("ab");
        v.extend([0x00, 0xd8]); // unpaired high surrogate
        v.push(b'x'); // odd last byte
        assert_eq!(
            String::from_utf8(utf16_to_utf8(&v).unwrap_or_default()).unwrap_or_default(),
            "ab\u{FFFD}\u{FFFD}"
        );
    }
}
