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

use aho_corasick::automaton::Automaton;
use aho_corasick::nfa::contiguous::NFA;
use aho_corasick::{Anchored, MatchKind};

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

/// HashMap for the load-time maps (SipHash showed up in load profiles).
pub(crate) type FxMap<K, V> = rustc_hash::FxHashMap<K, V>;

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

/// How many leading bytes of a start [`PrefixFilter`] checks.
const FILTER_DEPTH: usize = 4;
/// log2 of the filter's table size in bits (32 KiB: stays in cache).
const FILTER_BITS: u32 = 18;

/// A Bloom-style table of the patterns' prefixes of 1 to [`FILTER_DEPTH`] bytes, and of the
/// patterns shorter than that, so that a start whose leading bytes begin no pattern is
/// rejected with a few lookups in a small table instead of a walk through the (large, cache
/// missing) automaton. False positives only cost the walk; there are no false negatives.
#[derive(Debug, Clone)]
struct PrefixFilter {
    /// Exact: the first bytes of the patterns.
    first: [u64; 4],
    /// Hashed: prefixes of 2..=FILTER_DEPTH bytes, whole patterns shorter than that, and the
    /// patterns' first words.
    bits: Vec<u64>,
}

/// The leading run of word characters of `s` (empty if it starts with another character).
fn first_word(s: &str) -> &str {
    let end = s
        .char_indices()
        .find(|&(_, c)| !is_word_char(c))
        .map_or(s.len(), |(i, _)| i);
    &s[..end]
}

/// Table slot of a first word's [`word_hash`].
fn word_slot(h: u64) -> usize {
    slot(h ^ 0x2545_f491_4f6c_dd1d, false)
}

/// FNV-1a step.
fn fnv(h: u64, b: u8) -> u64 {
    (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
}

const FNV_SEED: u64 = 0xcbf2_9ce4_8422_2325;

/// Table slots of a prefix hash: as a prefix, and as a whole pattern.
fn slot(h: u64, whole: bool) -> usize {
    let x = if whole { h ^ 0x9e37_79b9_7f4a_7c15 } else { h };
    let x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    (x >> (64 - FILTER_BITS)) as usize
}

impl PrefixFilter {
    fn new(lowers: &[String]) -> Self {
        let mut f = Self {
            first: [0; 4],
            bits: vec![0; 1 << (FILTER_BITS - 6)],
        };
        for p in lowers {
            let b = p.as_bytes();
            let Some(&b0) = b.first() else { continue };
            f.first[usize::from(b0 >> 6)] |= 1 << (b0 & 63);
            let mut h = fnv(FNV_SEED, b0);
            for &x in b.iter().take(FILTER_DEPTH).skip(1) {
                h = fnv(h, x);
                f.set(slot(h, false));
            }
            if b.len() < FILTER_DEPTH {
                f.set(slot(h, true));
            }
            let w = first_word(p);
            if !w.is_empty() {
                f.set(word_slot(word_hash(w.as_bytes())));
            }
        }
        f
    }

    /// Whether a pattern may begin with the word `w` (no false negatives): a match at a word
    /// start covers the text's whole first word, since the pattern's first word ends where the
    /// text's does (at a non-word character both share, or at the pattern's end, which must
    /// be a word boundary).
    fn may_begin_with_word(&self, h: u64) -> bool {
        self.has(word_slot(h))
    }

    fn set(&mut self, i: usize) {
        self.bits[i >> 6] |= 1 << (i & 63);
    }

    fn has(&self, i: usize) -> bool {
        self.bits[i >> 6] & (1 << (i & 63)) != 0
    }

    /// Whether a pattern may start at the beginning of `bytes` (no false negatives).
    fn may_start(&self, bytes: &[u8]) -> bool {
        let Some(&b0) = bytes.first() else {
            return false;
        };
        if self.first[usize::from(b0 >> 6)] & (1 << (b0 & 63)) == 0 {
            return false;
        }
        let mut h = fnv(FNV_SEED, b0);
        // Whether a shorter prefix may be a whole pattern: then the walk must decide.
        let mut short = self.has(slot(h, true));
        for &x in bytes.iter().take(FILTER_DEPTH).skip(1) {
            h = fnv(h, x);
            if !self.has(slot(h, false)) {
                return short;
            }
            short = short || self.has(slot(h, true));
        }
        true
    }
}

/// A place where a mention may start: a word start (with the end and [`word_hash`] of the
/// word), or another character.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Start {
    start: u32,
    word_end: u32,
    word_hash: u64,
}

/// FNV-1a of a (lower-cased) first word.
fn word_hash(w: &[u8]) -> u64 {
    w.iter().fold(FNV_SEED ^ 0x5555, |h, &b| fnv(h, b))
}

/// The starts of mentions in `text` (ASCII-lower-cased copy `lower`): each word start (a
/// walk from inside a word would report aliases that end inside words) and each other
/// character whose first byte is in `first` (bit per byte value; a union over matchers).
pub(crate) fn starts(text: &str, lower: &str, first: &[u64; 4]) -> Vec<Start> {
    let bytes = lower.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let next_char = |i: usize| -> (bool, usize) {
        let b = bytes[i];
        if b < 0x80 {
            (b.is_ascii_alphanumeric(), 1)
        } else {
            text[i..]
                .chars()
                .next()
                .map_or((false, 1), |c| (is_word_char(c), c.len_utf8()))
        }
    };
    while i < bytes.len() {
        let (word, len) = next_char(i);
        if word {
            let s = i;
            let mut h = FNV_SEED ^ 0x5555;
            i += len;
            for &b in &bytes[s..i] {
                h = fnv(h, b);
            }
            while i < bytes.len() {
                let (w, l) = next_char(i);
                if !w {
                    break;
                }
                for &b in &bytes[i..i + l] {
                    h = fnv(h, b);
                }
                i += l;
            }
            let as32 = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
            out.push(Start {
                start: as32(s),
                word_end: as32(i),
                word_hash: h,
            });
        } else {
            let b = bytes[i];
            if first[usize::from(b >> 6)] & (1 << (b & 63)) != 0 {
                let s = u32::try_from(i).unwrap_or(u32::MAX);
                out.push(Start {
                    start: s,
                    word_end: s,
                    word_hash: 0,
                });
            }
            i += len;
        }
    }
    out
}

/// A compiled pattern set. The automaton runs over ASCII-lower-cased text and patterns (same
/// byte offsets), so that aliases differing only in case share one automaton pattern; the case
/// rules are then checked against each original alias.
#[derive(Debug, Clone)]
pub(crate) struct Matcher {
    ac: Option<NFA>,
    /// Which starts can begin a pattern, checked before walking the automaton.
    filter: PrefixFilter,
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
        // Patterns in byte order: the automaton's states then lie in depth-first order, so
        // that a walk reads neighbouring memory rather than states scattered over megabytes.
        let mut order: Vec<usize> = (0..lowers.len()).collect();
        order.sort_unstable_by(|&a, &b| lowers[a].cmp(&lowers[b]));
        let lowers: Vec<String> = order
            .iter()
            .map(|&i| std::mem::take(&mut lowers[i]))
            .collect();
        let groups: Vec<Vec<usize>> = order
            .iter()
            .map(|&i| std::mem::take(&mut groups[i]))
            .collect();
        let filter = PrefixFilter::new(&lowers);
        let ac = NFA::builder()
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
            filter,
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
    #[cfg(test)]
    pub(crate) fn candidates(&self, text: &str, lower: &str, me: usize, out: &mut Vec<Cand>) {
        let starts = starts(text, lower, &self.filter.first);
        self.candidates_at(text, lower, &starts, me, out);
    }

    /// The first bytes of the patterns (see [`starts`]).
    pub(crate) fn first_bytes(&self) -> &[u64; 4] {
        &self.filter.first
    }

    /// [`Matcher::candidates`] from the text's [`starts`] (computed with a superset of this
    /// matcher's [`Matcher::first_bytes`]).
    pub(crate) fn candidates_at(
        &self,
        text: &str,
        lower: &str,
        starts: &[Start],
        me: usize,
        out: &mut Vec<Cand>,
    ) {
        let Some(ac) = &self.ac else { return };
        let Ok(root) = ac.start_state(Anchored::Yes) else {
            return;
        };
        let bytes = lower.as_bytes();
        // Walk the trie from each start that the filter lets through: a word start whose
        // word begins some pattern, or another character that begins a pattern's prefix.
        for st in starts {
            let s = st.start as usize;
            let pass = if st.word_end > st.start {
                self.filter.may_begin_with_word(st.word_hash)
            } else {
                self.filter.may_start(&bytes[s..])
            };
            if pass {
                self.walk(ac, root, s, text, bytes, me, out);
            }
        }
    }

    /// Reports the patterns that start at `s` (walking the trie from the root).
    #[allow(clippy::too_many_arguments)]
    fn walk(
        &self,
        ac: &NFA,
        root: aho_corasick::automaton::StateID,
        s: usize,
        text: &str,
        bytes: &[u8],
        me: usize,
        out: &mut Vec<Cand>,
    ) {
        let mut sid = root;
        for (k, &b) in bytes[s..].iter().enumerate() {
            sid = ac.next_state(Anchored::Yes, sid, b);
            if ac.is_dead(sid) {
                break;
            }
            if !ac.is_match(sid) {
                continue;
            }
            let e = s + k + 1;
            for mi in 0..ac.match_len(sid) {
                // A state also holds the aliases that are suffixes of its path.
                let pid = ac.match_pattern(sid, mi);
                if ac.pattern_len(pid) == e - s {
                    self.check(s, e, pid.as_usize(), text, me, out);
                }
            }
        }
    }

    /// Keeps a match that sits on word boundaries and fits its alias's case rule.
    fn check(&self, s: usize, e: usize, group: usize, text: &str, me: usize, out: &mut Vec<Cand>) {
        if !text.is_char_boundary(s) || !text.is_char_boundary(e) {
            return;
        }
        let before = text[..s].chars().next_back().is_some_and(is_word_char);
        let after = text[e..].chars().next().is_some_and(is_word_char);
        for &pi in &self.groups[group] {
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

/// Reduces candidates to leftmost-longest non-overlapping spans of `text`. Returns the kept
/// candidates in text order; candidates with an identical span are adjacent (callers group
/// them). A span that starts with an article loses to a longer one starting after the article
/// ("the United Nations" against "United Nations Security Council").
pub(crate) fn select(mut c: Vec<Cand>, text: &str) -> Vec<Cand> {
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
        } else if let Some(g) = out.last()
            && x.end > g.end
            && text
                .get(g.start..x.start)
                .is_some_and(|a| a.eq_ignore_ascii_case("the "))
        {
            let start = g.start;
            while out.last().is_some_and(|g| g.start == start) {
                out.pop();
            }
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

    /// Every alias occurrence, found by brute force: the reference for the trie walk.
    fn naive(m: &Matcher, text: &str) -> Vec<Cand> {
        let lower = text.to_ascii_lowercase();
        let mut out = Vec::new();
        for (s, _) in text.char_indices() {
            for (g, members) in m.groups.iter().enumerate() {
                let l = m.pats[members[0]].0.to_ascii_lowercase();
                if !l.is_empty() && lower[s..].starts_with(&l) {
                    m.check(s, s + l.len(), g, text, 0, &mut out);
                }
            }
        }
        out
    }

    fn sorted(mut v: Vec<Cand>) -> Vec<Cand> {
        v.sort_unstable_by_key(|c| (c.start, c.end, c.pat));
        v
    }

    /// The walk from every start, without the prefix filter.
    fn unfiltered(m: &Matcher, text: &str) -> Vec<Cand> {
        let mut out = Vec::new();
        let Some(ac) = &m.ac else { return out };
        let Ok(root) = ac.start_state(Anchored::Yes) else {
            return out;
        };
        let lower = text.to_ascii_lowercase();
        for (s, _) in text.char_indices() {
            m.walk(ac, root, s, text, lower.as_bytes(), 0, &mut out);
        }
        out
    }

    #[test]
    fn filter_keeps_short_patterns() {
        let pats: Vec<String> = ["US", "u", "EU", "under way", "abcdefgh"]
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        let n = pats.len();
        let m = Matcher::new(pats, vec![Vec::new(); n]);
        let text = "US troops, the EU, u and a plan under way; abcdefgh, abcdefg, uk";
        let mut got = Vec::new();
        m.candidates(text, &text.to_ascii_lowercase(), 0, &mut got);
        assert_eq!(got.len(), 5);
        assert_eq!(sorted(got), sorted(naive(&m, text)));
        // A start that begins no pattern is rejected by the filter alone.
        assert!(!m.filter.may_start(b"the"));
        assert!(!m.filter.may_start(b" us"));
        assert!(m.filter.may_start(b"us"));
        assert!(m.filter.may_start(b"uk"));
    }

    proptest::proptest! {
        #[test]
        fn filter_rejects_no_start_the_walk_would_match(
            pats in proptest::collection::vec("[abcé' -]{1,9}", 1..40),
            text in "[aAbBcé' -]{0,60}",
        ) {
            let n = pats.len();
            let m = Matcher::new(pats, vec![Vec::new(); n]);
            let lower = text.to_ascii_lowercase();
            let mut got = Vec::new();
            m.candidates(&text, &lower, 0, &mut got);
            // Every match of the unfiltered walk at a start the filter rejects is lost.
            for c in unfiltered(&m, &text) {
                proptest::prop_assert!(m.filter.may_start(&lower.as_bytes()[c.start..]));
            }
            proptest::prop_assert_eq!(sorted(got), sorted(naive(&m, &text)));
        }

        #[test]
        fn trie_walk_finds_what_brute_force_finds(
            pats in proptest::collection::vec("[aAbB -]{1,4}", 1..12),
            text in "[aAbBé -]{0,40}",
        ) {
            let n = pats.len();
            let m = Matcher::new(pats, vec![Vec::new(); n]);
            let mut got = Vec::new();
            m.candidates(&text, &text.to_ascii_lowercase(), 0, &mut got);
            proptest::prop_assert_eq!(sorted(got), sorted(naive(&m, &text)));
        }
    }
}
