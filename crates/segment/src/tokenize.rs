//! The byte-level scanner: whitespace chunks, then each chunk into UD-style tokens, then the
//! sentence boundaries between tokens.

use std::ops::Range;

use crate::Tok;
use crate::lexicon::{AbbrClass, Lexicon};

/// Decodes the char starting at byte `i` (which must be a char boundary).
#[inline]
fn char_at(s: &str, i: usize) -> (char, usize) {
    match s[i..].chars().next() {
        Some(c) => (c, c.len_utf8()),
        None => ('\0', 1),
    }
}

/// Decodes the char ending at byte `i`.
#[inline]
fn char_before(s: &str, i: usize) -> (char, usize) {
    match s[..i].chars().next_back() {
        Some(c) => (c, c.len_utf8()),
        None => ('\0', 1),
    }
}

/// Splits region `r` of `text` into tokens appended to `out`.
pub(crate) fn tokenize(lex: &Lexicon, text: &str, r: Range<usize>, out: &mut Vec<Tok>) {
    let b = text.as_bytes();
    let mut i = r.start;
    let mut nl: u8 = 2; // the region start counts as a paragraph start
    let mut space = true;
    while i < r.end {
        let c = b[i];
        if c < 0x80 {
            if c.is_ascii_whitespace() || c == 0x0b {
                if c == b'\n' {
                    nl = nl.saturating_add(1).min(2);
                }
                space = true;
                i += 1;
                continue;
            }
        } else {
            let (ch, n) = char_at(text, i);
            if ch.is_whitespace() {
                if ch == '\u{2029}' || ch == '\u{85}' || ch == '\u{2028}' {
                    nl = nl.saturating_add(1).min(2);
                }
                space = true;
                i += n;
                continue;
            }
        }
        // A chunk: up to the next whitespace.
        let cs = i;
        while i < r.end {
            let c = b[i];
            if c < 0x80 {
                if c.is_ascii_whitespace() || c == 0x0b {
                    break;
                }
                i += 1;
            } else {
                let (ch, n) = char_at(text, i);
                if ch.is_whitespace() {
                    break;
                }
                i += n;
            }
        }
        let first = out.len();
        split_chunk(lex, &text[cs..i], cs, nl > 0, out);
        if let Some(t) = out.get_mut(first) {
            t.nl_before = nl;
            t.space_before = space;
        }
        nl = 0;
        space = false;
    }
}

const EMOTICONS: &[&str] = &[
    ":)", ":-)", ":(", ":-(", ";)", ";-)", ":D", ":-D", ":P", ":-P", ":p", ":/", "<3", ":o", "XD",
    "^_^", ":'(", "=)",
];

fn is_emoticon(s: &str) -> bool {
    s.len() <= 3
        && matches!(
            s.as_bytes().first(),
            Some(b':' | b';' | b'<' | b'X' | b'^' | b'=')
        )
        && EMOTICONS.contains(&s)
}

/// Appends local spans `[a, b)` of a chunk as tokens.
struct Emitter<'o> {
    base: usize,
    out: &'o mut Vec<Tok>,
}

impl Emitter<'_> {
    #[inline]
    fn push(&mut self, a: usize, b: usize, joined: bool) {
        if a < b {
            self.out.push(Tok {
                start: self.base + a,
                end: self.base + b,
                nl_before: 0,
                space_before: false,
                joined,
            });
        }
    }
}

/// Length of the run of `ch` starting at byte `i` of `s`.
fn run_len(s: &str, i: usize, z: usize, ch: char) -> usize {
    let mut j = i;
    while j < z {
        let (c, n) = char_at(s, j);
        if c != ch {
            break;
        }
        j += n;
    }
    j - i
}

fn is_opener(c: char) -> bool {
    matches!(
        c,
        '(' | '[' | '{' | '"' | '“' | '‘' | '«' | '‹' | '„' | '¿' | '¡' | '`'
    )
}

fn is_currency(c: char) -> bool {
    matches!(c, '$' | '€' | '£' | '¥' | '₩' | '₹' | '₽' | '₴')
}

/// Whether the core (punctuation peeled) is a URL, an e-mail address or a bare domain.
fn is_url_like(core: &str) -> bool {
    let b = core.as_bytes();
    if b.len() < 4 || !b.iter().any(|c| matches!(c, b'.' | b'@' | b':')) {
        return false;
    }
    if memchr::memmem::find(b, b"://").is_some() {
        return true;
    }
    let lower4 = [b[0] | 0x20, b[1] | 0x20, b[2] | 0x20, b[3]];
    if &lower4 == b"www." || core.starts_with("mailto:") {
        return true;
    }
    if let Some(at) = memchr::memchr(b'@', b) {
        let (u, d) = (&b[..at], &b[at + 1..]);
        return !u.is_empty()
            && d.len() >= 3
            && memchr::memchr(b'.', d).is_some()
            && d.iter()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-'))
            && u.iter().all(|c| {
                c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-' | b'_' | b'+' | b'%')
            });
    }
    // Bare domains such as "example.com".
    for tld in [
        ".com", ".org", ".net", ".gov", ".edu", ".co.uk", ".io", ".int",
    ] {
        if b.len() > tld.len() + 1
            && b[b.len() - tld.len()..].eq_ignore_ascii_case(tld.as_bytes())
            && b[..b.len() - tld.len()]
                .iter()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-'))
        {
            return true;
        }
    }
    false
}

/// Whether `rest` (what follows a leading apostrophe) is a clitic or a year ("'s", "'90s").
fn apostrophe_stays(rest: &str) -> bool {
    let r = rest.as_bytes();
    let lower: Vec<u8> = Vec::new();
    let _ = lower;
    match r.len() {
        0 => false,
        _ if r[0].is_ascii_digit() => r.len() >= 2 && r[1].is_ascii_digit(),
        1 => matches!(r[0] | 0x20, b's' | b'm' | b'd'),
        2 => {
            let l = [r[0] | 0x20, r[1] | 0x20];
            matches!(&l, b"re" | b"ve" | b"ll" | b"em")
        }
        _ => false,
    }
}

/// Byte length of the clitic at the end of `w` ("n't", "'s", "’ll" …), if it has one.
fn clitic_len(w: &str) -> usize {
    let b = w.as_bytes();
    let n = b.len();
    // Apostrophe before the last k ASCII letters: ' is 1 byte, ’ is 3 (E2 80 99).
    let apos_before = |k: usize| -> usize {
        if n > k && b[n - k - 1] == b'\'' {
            1
        } else if n >= k + 3 && &b[n - k - 3..n - k] == "’".as_bytes() {
            3
        } else {
            0
        }
    };
    let lower = |i: usize| b[i] | 0x20;
    // n't
    if n >= 3 && lower(n - 1) == b't' {
        let a = apos_before(1);
        if a > 0 && n >= 1 + a + 2 && lower(n - 1 - a - 1) == b'n' {
            let stem = n - 1 - a - 1;
            if stem > 0 {
                return n - stem;
            }
        }
    }
    for k in [1usize, 2] {
        if n < k + 2 {
            continue;
        }
        let tail = &b[n - k..];
        if !tail.iter().all(u8::is_ascii_alphabetic) {
            continue;
        }
        let ok = match k {
            1 => matches!(tail[0] | 0x20, b's' | b'm' | b'd'),
            _ => {
                let l = [tail[0] | 0x20, tail[1] | 0x20];
                matches!(&l, b"re" | b"ve" | b"ll")
            }
        };
        if !ok {
            continue;
        }
        let a = apos_before(k);
        if a == 0 {
            continue;
        }
        let stem = n - k - a;
        if stem == 0 {
            continue;
        }
        let (prev, _) = char_before(w, stem);
        if prev.is_alphanumeric() {
            return n - stem;
        }
    }
    0
}

/// Splits one whitespace-delimited chunk `s` (at byte `base` of the text) into tokens.
fn split_chunk(lex: &Lexicon, s: &str, base: usize, line_start: bool, out: &mut Vec<Tok>) {
    let mut em = Emitter { base, out };
    let z0 = s.len();
    let bytes = s.as_bytes();
    // Fast path: a plain word or number (most chunks) needs only the contraction and
    // number-unit checks.
    if bytes.iter().all(u8::is_ascii_alphanumeric) {
        match lex.contraction(s) {
            Some(k) => {
                em.push(0, k, false);
                em.push(k, z0, true);
            }
            None if bytes[0].is_ascii_digit() => number_unit(s, 0, z0, &mut em),
            None => em.push(0, z0, false),
        }
        return;
    }
    if is_emoticon(s) {
        em.push(0, z0, false);
        return;
    }
    let mut a = 0;
    let mut z = z0;

    // Leading punctuation.
    while a < z {
        let (c, n) = char_at(s, a);
        if is_opener(c) || is_currency(c) {
            let k = if c == '`' || is_currency(c) {
                run_len(s, a, z, c)
            } else {
                n
            };
            em.push(a, a + k, false);
            a += k;
        } else if c == '\'' || c == '’' {
            if apostrophe_stays(&s[a + n..z]) {
                break;
            }
            let k = run_len(s, a, z, c);
            em.push(a, a + k, false);
            a += k;
        } else if matches!(
            c,
            '-' | '—' | '–' | '*' | '<' | '>' | '=' | '~' | '_' | '…' | '|'
        ) {
            let k = run_len(s, a, z, c);
            // "-5" and "-based" keep a single hyphen only before a digit.
            if c == '-' && k == 1 && a + 1 < z && s.as_bytes()[a + 1].is_ascii_digit() {
                break;
            }
            em.push(a, a + k, false);
            a += k;
        } else if c == '.' {
            let k = run_len(s, a, z, c);
            // ".5", ".doc" stay whole.
            if k == 1 && a + 1 < z && s.as_bytes()[a + 1].is_ascii_alphanumeric() {
                break;
            }
            em.push(a, a + k, false);
            a += k;
        } else if c == '#' {
            if a + 1 < z && s.as_bytes()[a + 1].is_ascii_digit() {
                em.push(a, a + 1, false);
                a += 1;
            }
            break;
        } else if c == '!' || c == '?' {
            let mut j = a;
            while j < z && matches!(s.as_bytes()[j], b'.' | b'!' | b'?') {
                j += 1;
            }
            em.push(a, j, false);
            a = j;
        } else if matches!(
            c,
            ',' | ';' | ':' | ')' | ']' | '}' | '”' | '»' | '›' | '%' | '/'
        ) {
            if c == ':' && is_emoticon(&s[a..z]) {
                break;
            }
            em.push(a, a + n, false);
            a += n;
        } else {
            break;
        }
    }
    if a >= z {
        return;
    }

    // Trailing punctuation, collected right to left.
    let mut trail = [(0usize, 0usize); 12];
    let mut nt = 0;
    while z > a && nt < trail.len() {
        let (c, n) = char_before(s, z);
        let k = match c {
            ')' | ']' | '}' | '"' | '”' | '»' | '›' | ',' | ';' | '%' | '“' => n,
            ':' => {
                if is_emoticon(&s[a..z]) {
                    break;
                }
                n
            }
            '*' | '-' | '—' | '–' | '…' | '>' | '<' | '=' | '~' | '|' => {
                let mut j = z;
                while j > a && char_before(s, j).0 == c {
                    j -= n;
                }
                // A trailing single hyphen after a prefix stays ("pre-" in "pre- and post-").
                if c == '-' && z - j == 1 && lex.hyphen_prefix(&s[a..j]) {
                    break;
                }
                z - j
            }
            '.' | '!' | '?' => {
                let mut j = z;
                while j > a && matches!(s.as_bytes()[j - 1], b'.' | b'!' | b'?') {
                    j -= 1;
                }
                if j == a {
                    // Nothing but dots: one token.
                    z - j
                } else if z - j == 1 && c == '.' {
                    let word = &s[a..z];
                    if lex.abbreviation(word).is_some() && !is_url_like(&s[a..j]) {
                        break;
                    }
                    // A list number opening a line ("1. The army…") keeps its period.
                    if line_start
                        && a == 0
                        && j <= 3
                        && z == s.len()
                        && s.as_bytes()[a..j].iter().all(u8::is_ascii_digit)
                    {
                        break;
                    }
                    1
                } else if z - j == 2 && &s[j..z] == ".." && lex.abbreviation(&s[a..j + 1]).is_some()
                {
                    // "Inc.." is the abbreviation and a full stop.
                    1
                } else {
                    z - j
                }
            }
            '\'' | '’' => {
                if z - n == a {
                    break;
                }
                n
            }
            _ => break,
        };
        trail[nt] = (z - k, z);
        nt += 1;
        z -= k;
    }

    if a < z {
        core(lex, s, a, z, &mut em);
    }
    for &(x, y) in trail[..nt].iter().rev() {
        em.push(x, y, false);
    }
}

/// Splits the core of a chunk (edge punctuation already peeled).
fn core(lex: &Lexicon, s: &str, a: usize, z: usize, em: &mut Emitter<'_>) {
    let w = &s[a..z];
    if is_url_like(w) {
        em.push(a, z, false);
        return;
    }
    // Clitics and apostrophe-less contractions.
    let (stem_end, split) = match lex.contraction(w) {
        Some(k) => (a + k, true),
        None => {
            let k = clitic_len(w);
            (z - k, k > 0)
        }
    };
    inner(lex, s, a, stem_end, em);
    if split {
        em.push(stem_end, z, true);
    }
}

/// Splits a word at inner punctuation: hyphens between words (not after a prefix, not between
/// digits), dashes, brackets, quotes, and commas not between digits.
fn inner(lex: &Lexicon, s: &str, a: usize, z: usize, em: &mut Emitter<'_>) {
    let b = s.as_bytes();
    let mut seg = a;
    let mut i = a;
    // Fast path: nothing to split in plain alphanumerics.
    while i < z {
        let c = b[i];
        if c < 0x80 {
            match c {
                b'-' => {
                    let k = run_len(s, i, z, '-');
                    let prev = if i > a { b[i - 1] } else { b' ' };
                    let next = if i + k < z { b[i + k] } else { b' ' };
                    let keep = k == 1
                        && i > seg
                        && i + 1 < z
                        && ((prev.is_ascii_digit()
                            && next.is_ascii_digit()
                            && digit_code(b, a, z, i))
                            || lex.hyphen_prefix(&s[seg..i]));
                    if !keep {
                        em.push(seg, i, false);
                        em.push(i, i + k, false);
                        seg = i + k;
                    }
                    i += k;
                }
                b',' | b'/' => {
                    let prev = if i > a { b[i - 1] } else { b' ' };
                    let next = if i + 1 < z { b[i + 1] } else { b' ' };
                    // "1,000", "9/11" and "11/28/2000" stay; EWT splits "and/or".
                    let keep = prev.is_ascii_digit() && next.is_ascii_digit();
                    if !keep {
                        em.push(seg, i, false);
                        em.push(i, i + 1, false);
                        seg = i + 1;
                    }
                    i += 1;
                }
                b'.' if i + 1 < z && b[i + 1] == b'.' => {
                    // An ellipsis glued between words: "past...and".
                    let k = run_len(s, i, z, '.');
                    em.push(seg, i, false);
                    em.push(i, i + k, false);
                    seg = i + k;
                    i += k;
                }
                b'(' | b')' | b'[' | b']' | b'{' | b'}' | b'"' | b';' | b'<' | b'>' => {
                    em.push(seg, i, false);
                    em.push(i, i + 1, false);
                    seg = i + 1;
                    i += 1;
                }
                _ => i += 1,
            }
        } else {
            let (ch, n) = char_at(s, i);
            if matches!(ch, '—' | '–' | '“' | '”' | '…' | '«' | '»') {
                let k = run_len(s, i, z, ch);
                em.push(seg, i, false);
                em.push(i, i + k, false);
                seg = i + k;
                i += k;
            } else {
                i += n;
            }
        }
    }
    if seg < z {
        number_unit(s, seg, z, em);
    }
}

/// Whether the hyphen at `i` sits inside a phone or postal number ("345-9945", "713-853-3989",
/// "77042-2016"), which EWT keeps whole, rather than a range ("1969-1970", "5-10").
fn digit_code(b: &[u8], a: usize, z: usize, i: usize) -> bool {
    let all = b[a..z].iter().all(|c| c.is_ascii_digit() || *c == b'-');
    if all && b[a..z].iter().filter(|c| **c == b'-').count() >= 2 {
        return true;
    }
    let left = b[a..i]
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_digit())
        .count();
    let right = b[i + 1..z]
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count();
    right >= 4 && left != 4
}

/// Emits `s[a..z]`, splitting a number from a unit written against it ("375mm" → "375" +
/// "mm", "3pm", "650k") but not from ordinals and decades ("5th", "1990s") or a single
/// capital ("3G").
fn number_unit(s: &str, a: usize, z: usize, em: &mut Emitter<'_>) {
    let b = &s.as_bytes()[a..z];
    let digits = b
        .iter()
        .take_while(|c| c.is_ascii_digit() || **c == b'.' || **c == b',')
        .count();
    if digits == 0
        || digits == b.len()
        || !b[0].is_ascii_digit()
        || !b[digits - 1].is_ascii_digit()
        || !b[digits..].iter().all(u8::is_ascii_alphabetic)
    {
        em.push(a, z, false);
        return;
    }
    let unit = &b[digits..];
    let split = if unit.iter().all(u8::is_ascii_lowercase) {
        !matches!(
            unit,
            b"th" | b"st" | b"nd" | b"rd" | b"s" | b"d" | b"a" | b"b"
        )
    } else {
        matches!(
            unit,
            b"AM" | b"PM" | b"K" | b"MM" | b"KM" | b"KG" | b"CM" | b"GB" | b"MB"
        )
    };
    if split {
        em.push(a, a + digits, false);
        em.push(a + digits, z, false);
    } else {
        em.push(a, z, false);
    }
}

/// What the sentence splitter remembers about the tokens just seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    /// Nothing that could end a sentence.
    No,
    /// A terminal mark: `.`, `!`, `?`, `...` (and closers after it).
    Strong,
    /// An abbreviation whose period may double as a full stop.
    Abbr(AbbrClass),
    /// A colon.
    Colon,
}

fn first_char(s: &str) -> char {
    s.chars().next().unwrap_or(' ')
}

fn is_terminal(f: &str) -> bool {
    let b = f.as_bytes();
    (!b.is_empty() && b.iter().all(|c| matches!(c, b'.' | b'!' | b'?')))
        || f.chars().all(|c| c == '…')
}

fn is_closer(f: &str, space_before: bool) -> bool {
    match f {
        ")" | "]" | "}" | "”" | "»" | "’" | "''" | "’’" => true,
        "\"" | "'" => !space_before,
        _ => false,
    }
}

/// Lowercase words that open sentences in informal text after a full stop ("... fine. i think").
fn starts_lower_sentence(f: &str) -> bool {
    matches!(
        f,
        "i" | "we"
            | "you"
            | "my"
            | "it"
            | "this"
            | "the"
            | "if"
            | "so"
            | "but"
            | "please"
            | "thanks"
            | "what"
            | "how"
            | "why"
            | "just"
            | "call"
            | "let"
            | "no"
            | "yes"
    )
}

fn space_after_tok(text: &str, end: usize) -> bool {
    text[end..].chars().next().is_none_or(char::is_whitespace)
}

fn is_bullet(f: &str) -> bool {
    matches!(
        f,
        "•" | "·" | "▪" | "◦" | "●" | "-" | "*" | "–" | "—" | "■" | "○" | ">"
    )
}

fn lower_continuation(f: &str) -> bool {
    let c = first_char(f);
    c.is_lowercase()
}

/// Fills `starts` with the indices of tokens that open a sentence (always including 0).
pub(crate) fn sentence_starts(lex: &Lexicon, text: &str, toks: &[Tok], starts: &mut Vec<usize>) {
    starts.push(0);
    let mut state = End::No;
    let mut prev_form = "";
    for (i, t) in toks.iter().enumerate() {
        let f = &text[t.start..t.end];
        // A closing quote or bracket right after a terminal belongs to the ending sentence.
        let closes = state != End::No && t.nl_before == 0 && is_closer(f, t.space_before);
        if i > 0 && !closes {
            let brk = if t.nl_before >= 2 {
                true
            } else {
                let by_punct = match state {
                    End::No | End::Colon => false,
                    End::Strong => {
                        !lower_continuation(f)
                            || (prev_form == "." && starts_lower_sentence(f))
                            || (prev_form.len() <= 4
                                && prev_form.bytes().all(|c| c == b'!' || c == b'?')
                                && !matches!(f, "he" | "she" | "they" | "said" | "asked"))
                    }
                    End::Abbr(AbbrClass::Title | AbbrClass::Initial) => false,
                    End::Abbr(_) => lex.starter(f),
                };
                by_punct || (t.nl_before == 1 && line_break_ends(prev_form, f, state))
            };
            if brk {
                starts.push(i);
                state = End::No;
            }
        }
        state = if t.joined {
            End::No
        } else if is_terminal(f) {
            // A free-standing ellipsis (" … ") marks an elision inside a sentence.
            if t.space_before && (f == "…" || f == "...") && space_after_tok(text, t.end) {
                End::No
            } else {
                End::Strong
            }
        } else if f.len() > 1 && f.ends_with('.') {
            lex.abbreviation(f).map_or(End::No, End::Abbr)
        } else if f == ":" {
            End::Colon
        } else if closes {
            state
        } else {
            End::No
        };
        prev_form = f;
    }
}

/// Whether a single line break before `next` ends the sentence: before a bullet or a
/// capitalised line, unless the previous line visibly continues (comma, hyphen, lowercase
/// function word).
fn line_break_ends(prev: &str, next: &str, state: End) -> bool {
    if is_bullet(next) || state == End::Colon {
        return true;
    }
    let c = first_char(next);
    if c.is_lowercase() {
        return false;
    }
    if matches!(
        prev,
        "," | "-"
            | "("
            | "and"
            | "or"
            | "of"
            | "the"
            | "a"
            | "an"
            | "to"
            | "in"
            | "for"
            | "with"
            | "by"
            | "on"
            | "at"
            | "from"
            | "that"
            | "as"
    ) {
        return false;
    }
    true
}
