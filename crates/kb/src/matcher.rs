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

/// A compiled pattern set. The automaton runs over ASCII-lower-cased text and patterns (same
/// byte offsets), so that aliases differing only in case share one automaton pattern; the case
/// rules are then checked against each original alias.
#[derive(Debug, Clone)]
pub(crate) struct Matcher {
    ac: Option<NFA>,
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
        let Ok(root) = ac.start_state(Anchored::Yes) else {
            return;
        };
        let bytes = lower.as_bytes();
        // A mention starts at a word start (or at punctuation, which an alias may begin
        // with): walk the trie from each such start rather than running the automaton over
        // every byte, which reports every alias that ends inside a word.
        let mut prev_word = false;
        for (s, ch) in text.char_indices() {
            let word = is_word_char(ch);
            let try_here = !(prev_word && word);
            prev_word = word;
            if !try_here {
                continue;
            }
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

    proptest::proptest! {
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
