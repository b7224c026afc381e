//! Lossy UTF-8 decoding that remembers where every decoded byte came from.

/// One stretch of decoded text and the input bytes it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Piece {
    /// Start in the decoded text.
    pub(crate) dec: usize,
    /// Start in the original input.
    pub(crate) orig: usize,
    /// Bytes of original input covered.
    pub(crate) orig_len: usize,
    /// True for valid UTF-8 copied as is (decoded length = original length); false for an
    /// invalid sequence replaced by U+FFFD (3 decoded bytes).
    pub(crate) valid: bool,
}

/// The decoded text, the map back to the input (empty when the input was valid UTF-8, i.e.
/// the identity), and how many invalid sequences were replaced.
pub(crate) fn decode(bytes: &[u8]) -> (String, Vec<Piece>, usize) {
    if let Ok(s) = std::str::from_utf8(bytes) {
        return (s.to_owned(), Vec::new(), 0);
    }
    let mut text = String::with_capacity(bytes.len() + 16);
    let mut map = Vec::new();
    let mut orig = 0;
    let mut bad = 0;
    for chunk in bytes.utf8_chunks() {
        let v = chunk.valid();
        if !v.is_empty() {
            map.push(Piece {
                dec: text.len(),
                orig,
                orig_len: v.len(),
                valid: true,
            });
            text.push_str(v);
            orig += v.len();
        }
        let inv = chunk.invalid();
        if !inv.is_empty() {
            map.push(Piece {
                dec: text.len(),
                orig,
                orig_len: inv.len(),
                valid: false,
            });
            text.push('\u{FFFD}');
            orig += inv.len();
            bad += 1;
        }
    }
    (text, map, bad)
}

/// Maps a decoded offset back to the input; monotone, and `text.len()` maps to the input length.
pub(crate) fn original(map: &[Piece], pos: usize) -> usize {
    if map.is_empty() {
        return pos;
    }
    // Last piece starting at or before `pos`.
    let i = map.partition_point(|p| p.dec <= pos).saturating_sub(1);
    let p = map[i];
    let within = pos.saturating_sub(p.dec);
    if p.valid {
        p.orig + within.min(p.orig_len)
    } else {
        // Inside a replacement character: its first byte maps to the start of the invalid
        // sequence, anything after to its end.
        p.orig + if within == 0 { 0 } else { p.orig_len }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_offsets_around_invalid_bytes() {
        let input = b"ab\xffcd\xe2\x82ef";
        let (text, map, bad) = decode(input);
        assert_eq!(text, "ab\u{FFFD}cd\u{FFFD}ef");
        assert_eq!(bad, 2);
        assert_eq!(original(&map, 0), 0);
        assert_eq!(original(&map, 2), 2);
        assert_eq!(original(&map, 5), 3); // 'c'
        assert_eq!(original(&map, 7), 5); // second replacement
        assert_eq!(original(&map, 10), 7); // 'e'
        assert_eq!(original(&map, text.len()), input.len());
    }

    #[test]
    fn valid_input_is_identity() {
        let (text, map, bad) = decode("Kyiv’s".as_bytes());
        assert_eq!(text, "Kyiv’s");
        assert!(map.is_empty());
        assert_eq!(bad, 0);
        assert_eq!(original(&map, 4), 4);
    }
}
