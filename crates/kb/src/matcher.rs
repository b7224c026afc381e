//! The alias matcher: one ASCII-case-insensitive Aho-Corasick automaton over every surface form,
//! searched with overlapping semantics; candidates are filtered by word boundaries and by the
//! capitalisation rules below, then reduced to leftmost-longest non-overlapping spans. Filtering
//! before choosing keeps a case-rejected long candidate from hiding a valid shorter one.
//!
//! Capitalisation rules (why: "US"/"us", "Chad"/"chad", "China"/"china", "Turkey"/"turkey"):
//! - acronyms (no lower-case letter, at least two upper-case ones: `US`, `NIS`, `U.S.`, `KN-23`)
//!   match exactly;
//! - names (first letter upper case) match as written, in ALL CAPS, or with extra capitals at word
//!   starts (title-case headlines) — never with a capital lowered;
//! - generic nouns (first letter lower case) match as written, capitalised at word starts, or in
//!   ALL CAPS.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use crate::EntryRef;

/// How a pattern's case is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CaseRule {
    Exact,
    Name,
    Generic,
}

/// Classifies an alias.
pub(crate) fn case_rule(alias: &str) -> CaseRule {
    let upper = alias.chars().filter(|c| c.is_uppercase()).count();
    let lower = alias.chars().filter(|c| c.is_lowercase()).count();
    if lower == 0 && upper >= 2 {
        return CaseRule::Exact;
    }
    // Mixed-case short codes such as "DPRK's" are not expected; "KNs" style falls to Name.
    match alias.chars().find(|c| c.is_alphabetic()) {
        Some(c) if c.is_uppercase() => CaseRule::Name,
        Some(_) => CaseRule::Generic,
        None => CaseRule::Exact,
    }
}

/// Whether `text` (same length as `alias`, equal up to ASCII case) is acceptable for `alias`.
pub(crate) fn case_ok(alias: &str, text: &str, rule: CaseRule) -> bool {
    if alias == text {
        return true;
    }
    match rule {
        CaseRule::Exact => false,
        CaseRule::Name | CaseRule::Generic => {
            let ab = alias.as_bytes();
            let tb = text.as_bytes();
            if ab.len() != tb.len() {
                return false;
            }
            let all_caps = !tb.iter().any(|b| b.is_ascii_lowercase())
                && tb.iter().filter(|b| b.is_ascii_uppercase()).count() >= 2;
            for i in 0..ab.len() {
                let (a, t) = (ab[i], tb[i]);
                if a == t {
                    continue;
                }
                // Only lower→upper differences are allowed.
                if !(a.is_ascii_lowercase() && t == a.to_ascii_uppercase()) {
                    return false;
                }
                let word_start = i == 0 || !ab[i - 1].is_ascii_alphanumeric();
                if !(all_caps || word_start) {
                    return false;
                }
            }
            true
        }
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// A fast non-cryptographic hasher for the load-time maps (SipHash showed up in load profiles).
#[derive(Default, Clone, Copy)]
pub(crate) struct Fx(u64);

impl std::hash::Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        for &b in chunks.remainder() {
            self.add(u64::from(b));
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

impl Fx {
    #[inline]
    fn add(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

/// HashMap with [`Fx`].
pub(crate) type FxMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<Fx>>;

/// Collects aliases and the entries they name, then compiles them.
#[derive(Default)]
pub(crate) struct PatternSet {
    idx: FxMap<String, usize>,
    pats: Vec<String>,
    targets: Vec<Vec<EntryRef>>,
}

impl PatternSet {
    /// Adds an alias (and its typographic-apostrophe variant) naming `e`.
    pub(crate) fn add(&mut self, alias: &str, e: &EntryRef) {
        let alias = alias.trim();
        if alias.is_empty() || !alias.chars().any(char::is_alphanumeric) {
            return;
        }
        self.add_one(alias, e);
        // Typographic apostrophes are common in news copy.
        if alias.contains('\'') {
            self.add_one(&alias.replace('\'', "\u{2019}"), e);
        }
    }

    fn add_one(&mut self, alias: &str, e: &EntryRef) {
        let i = match self.idx.get(alias) {
            Some(&i) => i,
            None => {
                self.idx.insert(alias.to_owned(), self.pats.len());
                self.pats.push(alias.to_owned());
                self.targets.push(Vec::new());
                self.pats.len() - 1
            }
        };
        if !self.targets[i].contains(e) {
            self.targets[i].push(e.clone());
        }
    }

    pub(crate) fn build(mut self) -> Matcher {
        for v in &mut self.targets {
            v.sort_by_key(EntryRef::rank);
        }
        Matcher::new(self.pats, self.targets)
    }
}

/// A compiled pattern set. The automaton runs over ASCII-lower-cased text and patterns (same
/// byte offsets), so that aliases differing only in case share one automaton pattern; the case
/// rules are then checked against each original alias.
#[derive(Debug, Clone)]
pub(crate) struct Matcher {
    ac: Option<AhoCorasick>,
    /// Per automaton pattern: the original aliases (index into `pats`).
    groups: Vec<Vec<usize>>,
    pats: Vec<(String, CaseRule)>,
    /// Per alias: the entries it names, best first.
    pub(crate) targets: Vec<Vec<EntryRef>>,
}

/// A raw candidate: byte span, matcher and alias index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Cand {
    pub start: usize,
    pub end: usize,
    pub matcher: usize,
    pub pat: usize,
}

impl Matcher {
    fn new(pats: Vec<String>, targets: Vec<Vec<EntryRef>>) -> Self {
        let mut lower_idx: FxMap<String, usize> = FxMap::default();
        let mut lowers: Vec<String> = Vec::new();
        let mut groups: Vec<Vec<usize>> = Vec::new();
        for (i, p) in pats.iter().enumerate() {
            let l = p.to_ascii_lowercase();
            let g = match lower_idx.get(&l) {
                Some(&g) => g,
                None => {
                    lower_idx.insert(l.clone(), lowers.len());
                    lowers.push(l);
                    groups.push(Vec::new());
                    groups.len() - 1
                }
            };
            groups[g].push(i);
        }
        let ac = AhoCorasickBuilder::new()
            .kind(Some(AhoCorasickKind::NoncontiguousNFA))
            .match_kind(MatchKind::Standard)
            .build(&lowers)
            .ok();
        let pats = pats
            .into_iter()
            .map(|p| {
                let r = case_rule(&p);
                (p, r)
            })
            .collect();
        Self {
            ac,
            groups,
            pats,
            targets,
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.pats.len()
    }

    pub(crate) fn patterns(&self) -> impl Iterator<Item = &str> {
        self.pats.iter().map(|(p, _)| p.as_str())
    }

    /// Valid candidates (boundaries and case checked) in `text`, whose ASCII-lower-cased copy is
    /// `lower`; unordered.
    pub(crate) fn candidates(&self, text: &str, lower: &str, me: usize, out: &mut Vec<Cand>) {
        let Some(ac) = &self.ac else { return };
        for m in ac.find_overlapping_iter(lower) {
            let (s, e) = (m.start(), m.end());
            if !text.is_char_boundary(s) || !text.is_char_boundary(e) {
                continue;
            }
            let before = text[..s].chars().next_back().is_some_and(is_word_char);
            let after = text[e..].chars().next().is_some_and(is_word_char);
            for &pi in &self.groups[m.pattern().as_usize()] {
                let (alias, rule) = &self.pats[pi];
                if before && alias.chars().next().is_some_and(is_word_char) {
                    continue;
                }
                if after && alias.chars().next_back().is_some_and(is_word_char) {
                    continue;
                }
                if !case_ok(alias, &text[s..e], *rule) {
                    continue;
                }
                out.push(Cand {
                    start: s,
                    end: e,
                    matcher: me,
                    pat: pi,
                });
            }
        }
    }
}

/// Reduces candidates to leftmost-longest non-overlapping spans. Returns the kept candidates in
/// text order; candidates with an identical span are adjacent (callers group them).
pub(crate) fn select(mut c: Vec<Cand>) -> Vec<Cand> {
    c.sort_unstable_by(|a, b| {
        a.start
            .cmp(&b.start)
            .then(b.end.cmp(&a.end))
            .then(a.matcher.cmp(&b.matcher))
            .then(a.pat.cmp(&b.pat))
    });
    let mut out: Vec<Cand> = Vec::with_capacity(c.len());
    let mut last_end = 0usize;
    for x in c {
        if let Some(g) = out.last()
            && g.start == x.start
            && g.end == x.end
        {
            out.push(x);
            continue;
        }
        if x.start >= last_end {
            last_end = x.end;
            out.push(x);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_rules() {
        assert!(case_ok("US", "US", case_rule("US")));
        assert!(!case_ok("US", "us", case_rule("US")));
        assert!(!case_ok("Chad", "chad", case_rule("Chad")));
        assert!(case_ok("Chad", "CHAD", case_rule("Chad")));
        assert!(case_ok("military", "Military", case_rule("military")));
        assert!(case_ok("military", "MILITARY", case_rule("military")));
        assert!(!case_ok("military", "mIlitary", case_rule("military")));
        assert!(case_ok(
            "Republic of Korea",
            "Republic Of Korea",
            case_rule("Republic of Korea")
        ));
        assert!(!case_ok(
            "North Korea",
            "north korea",
            case_rule("North Korea")
        ));
    }
}
