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

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

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

/// A compiled pattern set.
#[derive(Debug, Clone)]
pub(crate) struct Matcher {
    ac: Option<AhoCorasick>,
    pats: Vec<(String, CaseRule)>,
}

/// A raw candidate: byte span and pattern index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Cand {
    pub start: usize,
    pub end: usize,
    pub pat: usize,
}

impl Matcher {
    pub(crate) fn new(pats: Vec<String>) -> Self {
        let ac = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&pats)
            .ok();
        let pats = pats
            .into_iter()
            .map(|p| {
                let r = case_rule(&p);
                (p, r)
            })
            .collect();
        Self { ac, pats }
    }

    pub(crate) fn len(&self) -> usize {
        self.pats.len()
    }

    pub(crate) fn patterns(&self) -> impl Iterator<Item = &str> {
        self.pats.iter().map(|(p, _)| p.as_str())
    }

    /// Valid candidates (boundaries and case checked), unordered.
    pub(crate) fn candidates(&self, text: &str, out: &mut Vec<Cand>) {
        let Some(ac) = &self.ac else { return };
        for m in ac.find_overlapping_iter(text) {
            let (s, e) = (m.start(), m.end());
            if !text.is_char_boundary(s) || !text.is_char_boundary(e) {
                continue;
            }
            let (alias, rule) = &self.pats[m.pattern().as_usize()];
            let first = alias.chars().next();
            let last = alias.chars().next_back();
            if first.is_some_and(is_word_char) && text[..s].chars().next_back().is_some_and(is_word_char)
            {
                continue;
            }
            if last.is_some_and(is_word_char) && text[e..].chars().next().is_some_and(is_word_char) {
                continue;
            }
            if !case_ok(alias, &text[s..e], *rule) {
                continue;
            }
            out.push(Cand { start: s, end: e, pat: m.pattern().as_usize() });
        }
    }
}

/// Reduces candidates to leftmost-longest non-overlapping spans; candidates with an identical
/// span are kept together (returned as groups).
pub(crate) fn select(mut c: Vec<Cand>) -> Vec<Vec<Cand>> {
    c.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)).then(a.pat.cmp(&b.pat)));
    let mut out: Vec<Vec<Cand>> = Vec::new();
    let mut last_end = 0usize;
    for x in c {
        if let Some(g) = out.last_mut()
            && g[0].start == x.start
            && g[0].end == x.end
        {
            g.push(x);
            continue;
        }
        if x.start >= last_end {
            last_end = x.end;
            out.push(vec![x]);
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
        assert!(case_ok("Republic of Korea", "Republic Of Korea", case_rule("Republic of Korea")));
        assert!(!case_ok("North Korea", "north korea", case_rule("North Korea")));
    }
}
