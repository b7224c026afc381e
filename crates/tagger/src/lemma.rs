//! Lemmatiser: exact lookup of (form, XPOS) seen in training, then lowercased lookup, then
//! suffix-edit rules learnt per XPOS for unseen forms.

// Short string keys looked up per token: FxHash, not SipHash.
use rustc_hash::FxHashMap as HashMap;

use serde::{Deserialize, Serialize};

/// How to turn a form into its lemma: optional lowercasing, strip `strip` chars, append.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Edit {
    lower: bool,
    strip: u8,
    append: String,
}

impl Edit {
    /// The edit that maps `form` to `lemma`, choosing the case handling that needs the least
    /// rewriting (proper nouns keep their case).
    fn learn(form: &str, lemma: &str, keep_case: bool) -> Self {
        let mk = |base: &str, lower: bool| {
            let bc: Vec<char> = base.chars().collect();
            let lc: Vec<char> = lemma.chars().collect();
            let p = bc.iter().zip(&lc).take_while(|(a, b)| a == b).count();
            let strip = (bc.len() - p).min(255) as u8;
            Edit {
                lower,
                strip,
                append: lc[p..].iter().collect(),
            }
        };
        let keep = mk(form, false);
        if keep_case {
            return keep;
        }
        let low = mk(&form.to_lowercase(), true);
        if (low.strip as usize + low.append.len()) <= (keep.strip as usize + keep.append.len()) {
            low
        } else {
            keep
        }
    }

    fn apply(&self, form: &str) -> String {
        let base = if self.lower {
            form.to_lowercase()
        } else {
            form.to_owned()
        };
        let n = base.chars().count();
        if self.strip as usize >= n {
            // Rule does not fit this word: leave the form as its own lemma.
            return base;
        }
        let mut out: String = base.chars().take(n - self.strip as usize).collect();
        out.push_str(&self.append);
        out
    }
}

const MAX_SUFFIX: usize = 6;

/// The learnt lemmatiser.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Lemmatizer {
    exact: HashMap<(String, String), String>,
    lower: HashMap<(String, String), String>,
    rules: HashMap<(String, String), Edit>,
}

fn most_frequent<K: Clone + Ord>(m: &HashMap<K, usize>) -> Option<K> {
    // Ties broken by key order so training is deterministic.
    let mut best: Option<(&K, usize)> = None;
    for (k, &c) in m {
        match best {
            Some((bk, bc)) if c < bc || (c == bc && k >= bk) => {}
            _ => best = Some((k, c)),
        }
    }
    best.map(|(k, _)| k.clone())
}

fn suffix(s: &str, n: usize) -> Option<&str> {
    let count = s.chars().count();
    if n > count {
        return None;
    }
    let skip = count - n;
    let idx = s.char_indices().nth(skip).map_or(s.len(), |(i, _)| i);
    Some(&s[idx..])
}

fn keeps_case(xpos: &str) -> bool {
    xpos.starts_with("NNP")
}

impl Lemmatizer {
    /// Learns from (form, xpos, lemma) triples.
    pub fn train<'a>(words: impl Iterator<Item = (&'a str, &'a str, &'a str)>) -> Self {
        let mut exact: HashMap<(String, String), HashMap<String, usize>> = HashMap::default();
        let mut lower: HashMap<(String, String), HashMap<String, usize>> = HashMap::default();
        let mut rules: HashMap<(String, String), HashMap<Edit, usize>> = HashMap::default();
        for (form, xpos, lemma) in words {
            if lemma == "_" || form.is_empty() {
                continue;
            }
            *exact
                .entry((form.to_owned(), xpos.to_owned()))
                .or_default()
                .entry(lemma.to_owned())
                .or_default() += 1;
            let lf = form.to_lowercase();
            if !keeps_case(xpos) {
                *lower
                    .entry((lf.clone(), xpos.to_owned()))
                    .or_default()
                    .entry(lemma.to_owned())
                    .or_default() += 1;
            }
            let edit = Edit::learn(form, lemma, keeps_case(xpos));
            for n in 0..=MAX_SUFFIX {
                if let Some(suf) = suffix(&lf, n) {
                    *rules
                        .entry((xpos.to_owned(), suf.to_owned()))
                        .or_default()
                        .entry(edit.clone())
                        .or_default() += 1;
                }
            }
        }
        let pick = |m: HashMap<(String, String), HashMap<String, usize>>| {
            m.into_iter()
                .filter_map(|(k, v)| most_frequent(&v).map(|l| (k, l)))
                .collect::<HashMap<_, _>>()
        };
        let rules = rules
            .into_iter()
            .filter_map(|(k, v)| {
                let total: usize = v.values().sum();
                // Rare long suffixes are noise; the empty suffix is the per-tag default.
                if total < 2 && !k.1.is_empty() {
                    return None;
                }
                let best = most_frequent(&v)?;
                Some((k, best))
            })
            .collect();
        Self {
            exact: pick(exact),
            lower: pick(lower),
            rules,
        }
    }

    /// The lemma of `form` tagged `xpos`.
    pub fn lemma(&self, form: &str, xpos: &str) -> String {
        // Avoid allocating the key twice in the common case.
        let key = (form.to_owned(), xpos.to_owned());
        if let Some(l) = self.exact.get(&key) {
            return l.clone();
        }
        let lf = form.to_lowercase();
        if !keeps_case(xpos)
            && let Some(l) = self.lower.get(&(lf.clone(), key.1.clone()))
        {
            return l.clone();
        }
        let mut k = (key.1, String::new());
        for n in (0..=MAX_SUFFIX).rev() {
            if let Some(suf) = suffix(&lf, n) {
                k.1.clear();
                k.1.push_str(suf);
                if let Some(e) = self.rules.get(&k) {
                    return e.apply(form);
                }
            }
        }
        if keeps_case(xpos) {
            form.to_owned()
        } else {
            lf
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_lower_and_rules() {
        let data = [
            ("walked", "VBD", "walk"),
            ("talked", "VBD", "talk"),
            ("The", "DT", "the"),
            ("dogs", "NNS", "dog"),
            ("cats", "NNS", "cat"),
            ("Paris", "NNP", "Paris"),
        ];
        let l = Lemmatizer::train(data.iter().copied());
        assert_eq!(l.lemma("walked", "VBD"), "walk");
        assert_eq!(l.lemma("Walked", "VBD"), "walk");
        assert_eq!(l.lemma("jumped", "VBD"), "jump");
        assert_eq!(l.lemma("birds", "NNS"), "bird");
        assert_eq!(l.lemma("Rome", "NNP"), "Rome");
    }
}
