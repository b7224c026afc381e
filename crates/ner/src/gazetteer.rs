//! Name lists compiled into a token-sequence matcher. The lists are readable text files under
//! `data/` (one entry per line, `#` comments), embedded with `include_str!`.

use std::collections::HashMap;

/// List identifiers; each is a bit in a match mask.
pub const COUNTRY: u16 = 1;
/// Cities (GeoNames, population >= 150,000).
pub const CITY: u16 = 2;
/// First-level subdivisions.
pub const REGION: u16 = 4;
/// Continents, seas, regions and other places.
pub const LOCX: u16 = 8;
/// Organisation names.
pub const ORG: u16 = 16;
/// Given names.
pub const GIVEN: u16 = 32;
/// Nationality adjectives and demonyms.
pub const DEMONYM: u16 = 64;

/// Family names.
pub const SURNAME: u16 = 128;

/// Names of the multi-token lists, by bit position.
pub const LIST_NAMES: [&str; 8] = [
    "country", "city", "region", "locx", "org", "given", "demonym", "surname",
];

const SOURCES: [(u16, &str); 8] = [
    (SURNAME, include_str!("../data/surnames.txt")),
    (COUNTRY, include_str!("../data/countries.txt")),
    (CITY, include_str!("../data/cities.txt")),
    (REGION, include_str!("../data/regions.txt")),
    (LOCX, include_str!("../data/loc_extra.txt")),
    (ORG, include_str!("../data/orgs.txt")),
    (GIVEN, include_str!("../data/given_names.txt")),
    (DEMONYM, include_str!("../data/demonyms.txt")),
];

/// Entries of a list file: non-empty lines that are not comments.
fn entries(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// Splits an entry the way UD English tokenises names: on spaces, and around hyphens between
/// letters ("Jae-in" becomes "Jae", "-", "in").
pub fn tokenize_entry(entry: &str) -> Vec<String> {
    let mut out = Vec::new();
    for w in entry.split_whitespace() {
        let parts: Vec<&str> = w.split('-').collect();
        if parts.len() > 1 && parts.iter().all(|p| !p.is_empty()) {
            for (k, p) in parts.iter().enumerate() {
                if k > 0 {
                    out.push("-".to_owned());
                }
                out.push((*p).to_owned());
            }
        } else {
            out.push(w.to_owned());
        }
    }
    out
}

/// The compiled gazetteer.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    /// First token → (full token sequence, list mask).
    multi: HashMap<String, Vec<(Vec<String>, u16)>>,
    /// The same, lowercased (for text written without capitals).
    multi_lc: HashMap<String, Vec<(Vec<String>, u16)>>,
    titles: HashMap<String, ()>,
    org_words: HashMap<String, ()>,
    loc_words: HashMap<String, ()>,
}

/// One match: tokens `start..end` belong to the lists in `mask`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GazMatch {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// Lists.
    pub mask: u16,
}

impl Gazetteer {
    /// Builds the matcher from the embedded lists.
    pub fn builtin() -> Self {
        let mut seqs: HashMap<Vec<String>, u16> = HashMap::new();
        for (bit, text) in SOURCES {
            for e in entries(text) {
                let toks = tokenize_entry(e);
                if !toks.is_empty() {
                    *seqs.entry(toks).or_insert(0) |= bit;
                }
            }
        }
        let mut lc: HashMap<Vec<String>, u16> = HashMap::new();
        for (toks, mask) in &seqs {
            *lc.entry(toks.iter().map(|t| t.to_lowercase()).collect())
                .or_insert(0) |= mask;
        }
        let index = |seqs: HashMap<Vec<String>, u16>| {
            let mut multi: HashMap<String, Vec<(Vec<String>, u16)>> = HashMap::new();
            for (toks, mask) in seqs {
                multi.entry(toks[0].clone()).or_default().push((toks, mask));
            }
            for v in multi.values_mut() {
                // Deterministic order: longest first, then lexicographic.
                v.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
            }
            multi
        };
        let multi = index(seqs);
        let multi_lc = index(lc);
        let set = |t: &str, lower: bool| {
            entries(t)
                .map(|e| {
                    if lower {
                        e.to_lowercase()
                    } else {
                        e.to_owned()
                    }
                })
                .map(|e| (e, ()))
                .collect::<HashMap<_, _>>()
        };
        Self {
            multi,
            multi_lc,
            titles: set(include_str!("../data/titles.txt"), true),
            org_words: set(include_str!("../data/org_words.txt"), false),
            loc_words: set(include_str!("../data/loc_words.txt"), false),
        }
    }

    /// All list matches in a token sequence (possibly overlapping), case-sensitive.
    pub fn matches(&self, forms: &[&str]) -> Vec<GazMatch> {
        Self::find(&self.multi, forms)
    }

    /// All list matches ignoring case (forms must already be lowercased).
    pub fn matches_lowercase(&self, lower_forms: &[&str]) -> Vec<GazMatch> {
        Self::find(&self.multi_lc, lower_forms)
    }

    fn find(index: &HashMap<String, Vec<(Vec<String>, u16)>>, forms: &[&str]) -> Vec<GazMatch> {
        let mut out = Vec::new();
        for i in 0..forms.len() {
            let Some(cands) = index.get(forms[i]) else {
                continue;
            };
            for (toks, mask) in cands {
                let n = toks.len();
                if i + n <= forms.len() && toks.iter().zip(&forms[i..i + n]).all(|(a, b)| a == b) {
                    out.push(GazMatch {
                        start: i,
                        end: i + n,
                        mask: *mask,
                    });
                }
            }
        }
        out
    }

    /// Whether the word (any case) is a title that precedes names ("President", "Gen.").
    pub fn is_title(&self, form: &str) -> bool {
        self.titles.contains_key(&form.to_lowercase())
    }

    /// Whether the word is a typical organisation head word ("Ministry", "Corp.").
    pub fn is_org_word(&self, form: &str) -> bool {
        self.org_words.contains_key(form)
    }

    /// Whether the word is a typical place head word ("River", "Province").
    pub fn is_loc_word(&self, form: &str) -> bool {
        self.loc_words.contains_key(form)
    }

    /// Whether the exact form is listed as a demonym / nationality adjective.
    pub fn is_demonym(&self, form: &str) -> bool {
        self.multi
            .get(form)
            .is_some_and(|v| v.iter().any(|(t, m)| t.len() == 1 && m & DEMONYM != 0))
    }
}
