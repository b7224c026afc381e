//! The word lists the segmenter consults, read from the readable files under `data/` (compiled
//! in with `include_str!`, so the binary is self-contained).

// The lists hold short keys, for which SipHash's setup dominates.
type Map<K, V> = rustc_hash::FxHashMap<K, V>;
type Set<K> = rustc_hash::FxHashSet<K>;

/// How an abbreviation behaves before the next token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AbbrClass {
    /// Title or label before a name or number ("Mr.", "Gen.", "No."): never ends a sentence.
    Title,
    /// Month or weekday ("Nov."): ends a sentence only before a typical sentence opener.
    Month,
    /// Other abbreviations ("Inc.", "U.S.", "etc."): end a sentence only before a typical opener.
    General,
    /// A single capital and a period ("J."): an initial, never a sentence end.
    Initial,
}

const ABBREVIATIONS: &str = include_str!("../data/abbreviations.txt");
const HYPHEN_PREFIXES: &str = include_str!("../data/hyphen_prefixes.txt");
const CONTRACTIONS: &str = include_str!("../data/contractions.txt");
const STARTERS: &str = include_str!("../data/sentence_starters.txt");

/// Lines of a data file without comments and blanks.
fn lines(src: &str) -> impl Iterator<Item = &str> {
    src.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// The compiled lists.
#[derive(Debug)]
pub(crate) struct Lexicon {
    abbr: Map<&'static str, AbbrClass>,
    prefixes: Set<&'static str>,
    contractions: Map<&'static str, usize>,
    contr_len: (usize, usize),
    contr_last: [bool; 256],
    starters: Set<&'static str>,
}

impl Lexicon {
    pub(crate) fn builtin() -> Self {
        let mut abbr = Map::default();
        let mut class = AbbrClass::General;
        for l in lines(ABBREVIATIONS) {
            match l {
                "[title]" => class = AbbrClass::Title,
                "[month]" => class = AbbrClass::Month,
                "[general]" => class = AbbrClass::General,
                // The first section an entry appears in wins.
                _ => {
                    abbr.entry(l).or_insert(class);
                }
            }
        }
        let prefixes = lines(HYPHEN_PREFIXES).collect();
        let contractions: Map<&'static str, usize> = lines(CONTRACTIONS)
            .filter_map(|l| {
                let (w, n) = l.split_once('\t')?;
                let n: usize = n.trim().parse().ok()?;
                (n > 0 && n < w.len()).then_some((w, n))
            })
            .collect();
        let starters = lines(STARTERS).collect();
        let mut contr_len = (usize::MAX, 0);
        let mut contr_last = [false; 256];
        for w in contractions.keys() {
            let w: &str = w;
            contr_len = (contr_len.0.min(w.len()), contr_len.1.max(w.len()));
            if let Some(&c) = w.as_bytes().last() {
                contr_last[usize::from(c.to_ascii_lowercase())] = true;
            }
        }
        Self {
            abbr,
            prefixes,
            contractions,
            contr_len,
            contr_last,
            starters,
        }
    }

    /// The class of `tok` (ending in a period) if its period belongs to it.
    pub(crate) fn abbreviation(&self, tok: &str) -> Option<AbbrClass> {
        if let Some(&c) = self.abbr.get(tok) {
            return Some(c);
        }
        let b = tok.as_bytes();
        // A capitalised list entry at a sentence start ("Approx.") or an all-caps one ("NO.").
        let mut buf = [0u8; 24];
        if let Some(low) = ascii_lower(tok, &mut buf)
            && let Some(&c) = self.abbr.get(low)
        {
            return Some(c);
        }
        // Single letter: an initial ("J.") or a list label.
        if b.len() == 2 && b[0].is_ascii_alphabetic() {
            return Some(AbbrClass::Initial);
        }
        // Letter-period chains: "U.S.", "a.m.", "J.R.R.".
        if b.len() >= 4 && is_letter_dot_chain(b) {
            return Some(AbbrClass::General);
        }
        None
    }

    /// Whether `word` (lowercased ASCII match) is a prefix kept before a hyphen.
    pub(crate) fn hyphen_prefix(&self, word: &str) -> bool {
        let mut buf = [0u8; 24];
        match ascii_lower(word, &mut buf) {
            Some(l) => self.prefixes.contains(l),
            None => false,
        }
    }

    /// Split point of an apostrophe-less contraction ("cannot" → 3).
    pub(crate) fn contraction(&self, word: &str) -> Option<usize> {
        // Cheap filter before hashing: length range and last letter of the listed words.
        let b = word.as_bytes();
        if b.len() < self.contr_len.0
            || b.len() > self.contr_len.1
            || !self.contr_last[usize::from(b[b.len() - 1].to_ascii_lowercase())]
        {
            return None;
        }
        let mut buf = [0u8; 24];
        ascii_lower(word, &mut buf).and_then(|l| self.contractions.get(l).copied())
    }

    /// Whether `word` typically opens a sentence.
    pub(crate) fn starter(&self, word: &str) -> bool {
        self.starters.contains(word)
    }
}

/// `X.Y.` … with single ASCII letters between periods.
fn is_letter_dot_chain(b: &[u8]) -> bool {
    b.len().is_multiple_of(2)
        && b.chunks(2)
            .all(|c| c[0].is_ascii_alphabetic() && c.get(1) == Some(&b'.'))
}

/// ASCII-lowercases `s` into `buf` without allocating; `None` when too long or not ASCII.
fn ascii_lower<'a>(s: &str, buf: &'a mut [u8; 24]) -> Option<&'a str> {
    let b = s.as_bytes();
    if b.len() > buf.len() || !b.is_ascii() {
        return None;
    }
    for (d, c) in buf.iter_mut().zip(b) {
        *d = c.to_ascii_lowercase();
    }
    std::str::from_utf8(&buf[..b.len()]).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        let l = Lexicon::builtin();
        assert_eq!(l.abbreviation("Mr."), Some(AbbrClass::Title));
        assert_eq!(l.abbreviation("Nov."), Some(AbbrClass::Month));
        assert_eq!(l.abbreviation("U.S."), Some(AbbrClass::General));
        assert_eq!(l.abbreviation("R."), Some(AbbrClass::Initial));
        assert_eq!(l.abbreviation("X.Y.Z."), Some(AbbrClass::General));
        assert_eq!(l.abbreviation("Approx."), Some(AbbrClass::Title));
        assert_eq!(l.abbreviation("missiles."), None);
        assert!(l.hyphen_prefix("Non"));
        assert!(!l.hyphen_prefix("search"));
        assert_eq!(l.contraction("Cannot"), Some(3));
        assert!(l.starter("The"));
    }
}
