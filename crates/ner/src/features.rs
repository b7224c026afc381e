//! Feature extraction: hashed lexical, shape, context, gazetteer and capitalisation-statistics
//! features for each token of a sentence.

use crate::model::TokenFeatures;

// Short string keys looked up per token: FxHash, not SipHash.
use rustc_hash::FxHashMap as HashMap;

use crate::gazetteer::{CasedInfo, Gazetteer, LIST_NAMES, LowerInfo, matches_of};

/// FNV-1a over a template id and a string: the hashed feature key.
pub fn hash(template: u8, s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ u64::from(template);
    h = h.wrapping_mul(0x0000_0100_0000_01b3);
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// [`hash`] of the concatenation of `parts`, without building the string.
pub fn hash_parts(template: u8, parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ u64::from(template);
    h = h.wrapping_mul(0x0000_0100_0000_01b3);
    for p in parts {
        for b in p.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

/// Decimal digits as strings, for small numbers in feature keys.
const DIGITS: [&str; 10] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

fn digit(n: usize) -> &'static str {
    DIGITS.get(n).copied().unwrap_or("9")
}

fn flag(b: bool) -> &'static str {
    if b { "true" } else { "false" }
}

/// Combines a feature key with another value (e.g. the previous label).
pub fn mix(a: u64, b: u64) -> u64 {
    let mut x = a ^ b.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    x ^= x >> 31;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 29;
    x
}

/// FNV-1a state fed piecewise: [`hash`] without the string.
struct Fnv(u64);

impl Fnv {
    fn new(template: u8) -> Self {
        Self((0xcbf2_9ce4_8422_2325 ^ u64::from(template)).wrapping_mul(0x0000_0100_0000_01b3))
    }
    fn push(&mut self, c: char) {
        let mut b = [0u8; 4];
        for &x in c.encode_utf8(&mut b).as_bytes() {
            self.0 ^= u64::from(x);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

/// Feeds the characters of [`shape`] to `push`.
fn shape_with(form: &str, short: bool, mut push: impl FnMut(char)) {
    let mut last = '\0';
    let mut run = 0;
    for c in form.chars() {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if k == last {
            run += 1;
            if short || run >= 4 {
                continue;
            }
        } else {
            run = 0;
        }
        last = k;
        push(k);
    }
}

/// Word shape: `Xxxx` → `Xx`, `U.S.` → `X.X.`, `2017` → `d`; long shape keeps up to 4 repeats.
pub fn shape(form: &str, short: bool) -> String {
    let mut out = String::new();
    shape_with(form, short, |c| out.push(c));
    out
}

/// Lowercases and maps digits to `0` so that numbers share features.
pub fn norm(form: &str) -> String {
    let mut out = String::with_capacity(form.len());
    push_norm(form, &mut out);
    out
}

/// Appends [`norm`] of `form` to `out`.
fn push_norm(form: &str, out: &mut String) {
    if form.is_ascii() {
        out.extend(form.bytes().map(|b| {
            if b.is_ascii_digit() {
                '0'
            } else {
                char::from(b.to_ascii_lowercase())
            }
        }));
    } else {
        out.extend(
            form.chars()
                .map(|c| if c.is_ascii_digit() { '0' } else { c })
                .flat_map(char::to_lowercase),
        );
    }
}

fn is_title_case(form: &str) -> bool {
    let mut cs = form.chars();
    cs.next().is_some_and(char::is_uppercase)
}

/// Capitalisation statistics bucket of a word in running text (not sentence-initial):
/// 0 unseen, 1 always lowercase … 5 always capitalised.
pub fn cap_bucket(n_cap: u32, n_all: u32) -> u8 {
    if n_all == 0 {
        return 0;
    }
    let r = f64::from(n_cap) / f64::from(n_all);
    if r < 0.05 {
        1
    } else if r < 0.3 {
        2
    } else if r < 0.7 {
        3
    } else if r < 0.95 {
        4
    } else {
        5
    }
}

/// Per token, the lists it matched and its BILU position in each match.
fn positions(matches: &[crate::gazetteer::GazMatch], n: usize) -> Vec<Vec<(usize, &'static str)>> {
    let mut out: Vec<Vec<(usize, &'static str)>> = vec![Vec::new(); n];
    for m in matches {
        let len = m.end - m.start;
        for (j, slot) in out.iter_mut().enumerate().take(m.end).skip(m.start) {
            let pos = if len == 1 {
                "U"
            } else if j == m.start {
                "B"
            } else if j + 1 == m.end {
                "L"
            } else {
                "I"
            };
            for bit in 0..LIST_NAMES.len() {
                if m.mask & (1 << bit) != 0 && !slot.contains(&(bit, pos)) {
                    slot.push((bit, pos));
                }
            }
        }
    }
    out
}

/// Everything the extractor needs besides the tokens.
pub struct Extractor<'a> {
    /// Name lists.
    pub gaz: &'a Gazetteer,
    /// Lowercased word → capitalisation bucket.
    pub caps: &'a HashMap<String, u8>,
    /// Whether sentence-level sport features are extracted.
    pub sports: bool,
}

const BOS: &str = "<s>";
const EOS: &str = "</s>";

/// A sentence's label-independent inputs, computed once; [`Prepared::token`] then gives the
/// features of one token, so that decoding can skip the tokens it never scores.
pub struct Prepared<'a> {
    forms: &'a [&'a str],
    /// The normalised words ([`norm`]) and short shapes of all tokens, one after another;
    /// `lower` and `sshape` are byte ranges into it.
    arena: String,
    lower: Vec<(u32, u32)>,
    sshape: Vec<(u32, u32)>,
    cap: Vec<u8>,
    // Gazetteer position tags per token: (list bit index, BILU code), case-sensitive and not.
    gz: Vec<Vec<(usize, &'static str)>>,
    gzl: Vec<Vec<(usize, &'static str)>>,
    /// Per token, `TITLE | ORGW | LOCW | ORGTOK` bits.
    flags: Vec<u8>,
    // Whether sport features are on, and whether the sentence has a sport word.
    sports: bool,
    about_sport: bool,
}

const TITLE: u8 = 1;
const ORGW: u8 = 2;
const LOCW: u8 = 4;
const ORGTOK: u8 = 8;

impl Prepared<'_> {
    /// Whether the sentence has a word of the sport list (a place there is often a team).
    pub fn about_sport(&self) -> bool {
        self.about_sport
    }
}

impl Extractor<'_> {
    /// Label-independent features of every token.
    pub fn sentence_features(&self, forms: &[&str]) -> Vec<Vec<u64>> {
        let p = self.prepare(forms);
        (0..forms.len())
            .map(|i| {
                let mut v = Vec::with_capacity(64);
                p.token(i, &mut v);
                v
            })
            .collect()
    }

    /// The per-sentence inputs of [`Prepared::token`].
    pub fn prepare<'f>(&'f self, forms: &'f [&'f str]) -> Prepared<'f> {
        let n = forms.len();
        let mut arena = String::with_capacity(forms.iter().map(|f| 2 * f.len() + 1).sum());
        let mut lower = Vec::with_capacity(n);
        let mut sshape = Vec::with_capacity(n);
        // Lowercased forms (`str::to_lowercase`, not `norm`: digits stay) as ranges of the
        // arena: the normalised word itself unless a digit or a capital sigma (which
        // `str::to_lowercase` lowers by context) makes them differ.
        let mut lower_raw = Vec::with_capacity(n);
        let mut cap = Vec::with_capacity(n);
        let mut cased = Vec::with_capacity(n);
        let mut lc = Vec::with_capacity(n);
        let mut flags = Vec::with_capacity(n);
        let mut about_sport = false;
        let pos = |a: &String| u32::try_from(a.len()).unwrap_or(u32::MAX);
        for f in forms {
            let a = pos(&arena);
            push_norm(f, &mut arena);
            let b = pos(&arena);
            lower.push((a, b));
            let w = &arena[a as usize..b as usize];
            cap.push(self.caps.get(w).copied().unwrap_or(0));
            let raw = if f.bytes().any(|c| c.is_ascii_digit()) || f.contains('Σ') {
                arena.push_str(&f.to_lowercase());
                (b, pos(&arena))
            } else {
                (a, b)
            };
            lower_raw.push(raw);
            let l = self.gaz.lower_info(&arena[raw.0 as usize..raw.1 as usize]);
            let c = self.gaz.cased_info(f);
            let mut fl = 0u8;
            if l.is_some_and(LowerInfo::title) {
                fl |= TITLE;
            }
            if let Some(c) = c {
                if c.org_word() {
                    fl |= ORGW;
                }
                if c.loc_word() {
                    fl |= LOCW;
                }
                if c.org_token() {
                    fl |= ORGTOK;
                }
            }
            about_sport |= l.is_some_and(LowerInfo::sports);
            flags.push(fl);
            cased.push(c.map(CasedInfo::seqs));
            lc.push(l.map(LowerInfo::seqs));
            let a = pos(&arena);
            shape_with(f, true, |k| arena.push(k));
            sshape.push((a, pos(&arena)));
        }
        let gz = positions(&matches_of(&cased, forms), n);
        let lower_refs: Vec<&str> = lower_raw
            .iter()
            .map(|&(a, b)| &arena[a as usize..b as usize])
            .collect();
        let gzl = positions(&matches_of(&lc, &lower_refs), n);
        drop(lower_refs);
        Prepared {
            forms,
            arena,
            lower,
            sshape,
            cap,
            gz,
            gzl,
            flags,
            about_sport,
            sports: self.sports,
        }
    }
}

impl Prepared<'_> {
    fn lower(&self, i: usize) -> &str {
        let (a, b) = self.lower[i];
        &self.arena[a as usize..b as usize]
    }
    fn sshape(&self, i: usize) -> &str {
        let (a, b) = self.sshape[i];
        &self.arena[a as usize..b as usize]
    }
}

impl TokenFeatures for Prepared<'_> {
    fn count(&self) -> usize {
        self.forms.len()
    }

    // Digits ("9/11 Commission") and a word after a hyphen ("Yeung - tat") may be part of
    // a name, so they are scored.
    fn is_plain(&self, i: usize) -> bool {
        self.forms.get(i).is_some_and(|f| {
            !f.chars().any(|c| c.is_uppercase() || c.is_ascii_digit())
                && (i == 0 || self.forms[i - 1] != "-")
        })
    }

    fn history_keys(&self, i: usize) -> Option<(u64, u64)> {
        if i >= self.forms.len() {
            return None;
        }
        Some((hash(1, self.lower(i)), hash(4, self.sshape(i))))
    }

    #[allow(clippy::too_many_lines)]
    fn token(&self, i: usize, v: &mut Vec<u64>) {
        let (forms, cap, flags) = (self.forms, &self.cap, &self.flags);
        let (gz, gzl) = (&self.gz, &self.gzl);
        let title = |k: usize| flags[k] & TITLE != 0;
        let orgw = |k: usize| flags[k] & ORGW != 0;
        let locw = |k: usize| flags[k] & LOCW != 0;
        let sports = self.sports && self.about_sport;
        let n = forms.len();
        if i >= n {
            return;
        }
        let w = |k: isize| -> &str {
            if k < 0 {
                BOS
            } else if k as usize >= n {
                EOS
            } else {
                self.lower(k as usize)
            }
        };
        let s = |k: isize| -> &str {
            if k < 0 {
                BOS
            } else if k as usize >= n {
                EOS
            } else {
                self.sshape(k as usize)
            }
        };
        let ii = i as isize;
        let f = forms[i];
        let lw = self.lower(i);
        let ssh = self.sshape(i);
        v.push(hash(0, ""));
        v.push(hash(1, lw));
        v.push(hash(2, f));
        let mut long = Fnv::new(3);
        shape_with(f, false, |c| long.push(c));
        v.push(long.0);
        v.push(hash(4, ssh));
        // Prefixes and suffixes of 1–4 characters, for words longer than that: `pre[k]` is
        // where character k starts, `suf[k]` where the k-th from the end starts.
        let (mut pre, mut suf) = ([0usize; 5], [0usize; 5]);
        let nc = if lw.is_ascii() {
            for k in 0..5 {
                pre[k] = k;
                suf[k] = lw.len().saturating_sub(k);
            }
            lw.len()
        } else {
            let mut nc = 0;
            for (b, _) in lw.char_indices() {
                if nc < 5 {
                    pre[nc] = b;
                }
                nc += 1;
            }
            for (k, (b, _)) in lw.char_indices().rev().take(4).enumerate() {
                suf[k + 1] = b;
            }
            nc
        };
        for k in 1..=4usize {
            if nc > k {
                v.push(hash(5 + k as u8, &lw[..pre[k]]));
                v.push(hash(10 + k as u8, &lw[suf[k]..]));
            }
        }
        v.push(hash(15, w(ii - 1)));
        v.push(hash(16, w(ii + 1)));
        v.push(hash(17, w(ii - 2)));
        v.push(hash(18, w(ii + 2)));
        v.push(hash(19, s(ii - 1)));
        v.push(hash(20, s(ii + 1)));
        v.push(hash_parts(21, &[w(ii - 1), "|", lw]));
        v.push(hash_parts(22, &[lw, "|", w(ii + 1)]));
        v.push(hash_parts(23, &[s(ii - 1), "|", ssh, "|", s(ii + 1)]));
        v.push(hash_parts(24, &[s(ii - 1), "|", ssh]));
        v.push(hash_parts(25, &[ssh, "|", s(ii + 1)]));
        let tc = is_title_case(f);
        let first =
            i == 0 || (i == 1 && matches!(forms[0], "\"" | "“" | "'" | "‘" | "(" | "-" | "—"));
        let (tcs, c) = (flag(tc), digit(cap[i].into()));
        v.push(hash_parts(
            26,
            &["first=", flag(first), "|tc=", tcs, "|cap=", c],
        ));
        v.push(hash_parts(27, &["cap=", c]));
        if i > 0 {
            v.push(hash_parts(
                28,
                &["capm1=", digit(cap[i - 1].into()), "|tc=", tcs],
            ));
        }
        if i + 1 < n {
            v.push(hash_parts(
                29,
                &["capp1=", digit(cap[i + 1].into()), "|tc=", tcs],
            ));
        }
        for &(bit, pos) in &gz[i] {
            v.push(hash_parts(30, &[LIST_NAMES[bit], pos]));
            v.push(hash_parts(31, &[LIST_NAMES[bit], pos, "|tc=", tcs]));
        }
        if i > 0 {
            for &(bit, pos) in &gz[i - 1] {
                v.push(hash_parts(32, &[LIST_NAMES[bit], pos]));
            }
        }
        if i + 1 < n {
            for &(bit, pos) in &gz[i + 1] {
                v.push(hash_parts(33, &[LIST_NAMES[bit], pos]));
            }
        }
        for &(bit, pos) in &gzl[i] {
            v.push(hash_parts(44, &[LIST_NAMES[bit], pos]));
        }
        if title(i) {
            v.push(hash_parts(34, &["title|tc=", tcs]));
        }
        if i > 0 && title(i - 1) {
            v.push(hash_parts(35, &["prevtitle|tc=", tcs]));
        }
        if orgw(i) {
            v.push(hash(36, "orgword"));
        }
        // A capitalised word of the KB's organisation names ("Intelligence", "Guard").
        if flags[i] & ORGTOK != 0 {
            v.push(hash(45, "orgtok"));
            if i + 1 < n && flags[i + 1] & ORGTOK != 0 {
                v.push(hash(45, "orgtok+1"));
            }
        }
        if locw(i) {
            v.push(hash(37, "locword"));
        }
        // An organisation or place head word shortly after a capitalised token.
        for k in 1..=3 {
            if i + k < n {
                if orgw(i + k) {
                    v.push(hash_parts(38, &["orgword+", digit(k), "|tc=", tcs]));
                }
                if locw(i + k) {
                    v.push(hash_parts(39, &["locword+", digit(k), "|tc=", tcs]));
                }
            }
            if i >= k && orgw(i - k) {
                v.push(hash_parts(40, &["orgword-", digit(k), "|tc=", tcs]));
            }
        }
        if tc && i > 0 && is_title_case(forms[i - 1]) {
            v.push(hash(41, "tc-after-tc"));
        }
        if tc && i + 1 < n && is_title_case(forms[i + 1]) {
            v.push(hash(42, "tc-before-tc"));
        }
        // In a sentence about sport, a place name is often a team.
        if sports {
            v.push(hash_parts(46, &["sport|tc=", tcs]));
            for &(bit, pos) in &gz[i] {
                v.push(hash_parts(46, &["sport|", LIST_NAMES[bit], pos]));
            }
        }
        let upper = f.chars().all(|c| !c.is_lowercase()) && f.chars().any(char::is_uppercase);
        if upper {
            v.push(hash_parts(
                43,
                &["allcaps|len=", digit(f.chars().count().min(6))],
            ));
        }
    }
}
