//! Name lists compiled into a token-sequence matcher. The lists are readable text files under
//! `data/` (one entry per line, `#` comments), embedded with `include_str!`.

// Short string keys looked up per token: FxHash, not SipHash.
use rustc_hash::FxHashMap as HashMap;

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
/// People of the knowledge base (heads of state and government, ministers): names, aliases.
pub const KBPER: u16 = 256;
/// Organisations of the knowledge base (institutions, IGOs, armed groups): names, aliases.
pub const KBORG: u16 = 512;

/// Names of the multi-token lists, by bit position.
pub const LIST_NAMES: [&str; 10] = [
    "country", "city", "region", "locx", "org", "given", "demonym", "surname", "kbper", "kborg",
];

/// The knowledge base's tables (`crates/kb/data`) that name people and organisations; read
/// here as plain lists so that the recogniser does not need the compiled KB.
const KB_PEOPLE: &str = include_str!("../../kb/data/people.csv");
const KB_ORGS: [&str; 3] = [
    include_str!("../../kb/data/institutions.csv"),
    include_str!("../../kb/data/igos.csv"),
    include_str!("../../kb/data/groups.csv"),
];

/// Words that may join the capitalised words of a name ("Bank of Korea", "Ansar al-Islam").
const CONNECTORS: [&str; 9] = ["of", "the", "for", "and", "&", "de", "al", "on", "in"];

/// The `name` and `aliases` cells of a KB CSV table that read as proper names: parenthesised
/// qualifiers dropped ("Joint Chiefs of Staff (South Korea)"), descriptions with a possessive
/// or a lowercase word ("South Korea's spy agency") skipped.
pub fn kb_names(csv: &str) -> Vec<String> {
    let mut lines = csv
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'));
    let Some(header) = lines.next() else {
        return Vec::new();
    };
    let cols: Vec<&str> = header.split(',').collect();
    let name_col = cols.iter().position(|c| *c == "name");
    let alias_col = cols.iter().position(|c| *c == "aliases");
    let mut out = Vec::new();
    for l in lines {
        let cells: Vec<&str> = l.split(',').collect();
        let mut cands: Vec<&str> = Vec::new();
        if let Some(c) = name_col.and_then(|i| cells.get(i)) {
            cands.push(c);
        }
        if let Some(c) = alias_col.and_then(|i| cells.get(i)) {
            cands.extend(c.split('|'));
        }
        for c in cands {
            let c = c.split(" (").next().unwrap_or("").trim();
            let ok = !c.is_empty()
                && !c.contains('\'')
                && !c.contains('’')
                && c.split_whitespace().all(|w| {
                    w.chars().next().is_some_and(|ch| !ch.is_lowercase())
                        || CONNECTORS.contains(&w)
                        || w.starts_with("al-")
                });
            if ok {
                out.push(c.to_owned());
            }
        }
    }
    out
}

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

/// The entries of the list files whose bit is in `bits`.
fn source_entries(bits: u16) -> Vec<String> {
    SOURCES
        .iter()
        .filter(|(b, _)| bits & b != 0)
        .flat_map(|(_, t)| entries(t).map(str::to_owned))
        .collect()
}

/// The names of the lists by entity type (gazetteer files and KB tables), e.g. as
/// replacement names for training-data augmentation.
pub fn names_by_type() -> Vec<(sitrep_nlp::EntityLabel, Vec<String>)> {
    use sitrep_nlp::EntityLabel;
    let mut orgs = source_entries(ORG);
    for csv in KB_ORGS {
        orgs.extend(kb_names(csv));
    }
    vec![
        (EntityLabel::Per, kb_names(KB_PEOPLE)),
        (EntityLabel::Org, orgs),
        (
            EntityLabel::Loc,
            source_entries(COUNTRY | CITY | REGION | LOCX),
        ),
    ]
}

/// The given-name and family-name lists.
pub fn given_and_family_names() -> (Vec<String>, Vec<String>) {
    (source_entries(GIVEN), source_entries(SURNAME))
}

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

fn set(t: &str, lower: bool) -> HashMap<String, ()> {
    entries(t)
        .map(|e| {
            if lower {
                e.to_lowercase()
            } else {
                e.to_owned()
            }
        })
        .map(|e| (e, ()))
        .collect()
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
    /// Capitalised words of the KB's organisation names ("Intelligence", "Guard").
    org_tokens: HashMap<String, ()>,
    loc_words: HashMap<String, ()>,
    sports_words: HashMap<String, ()>,
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
        let mut seqs: HashMap<Vec<String>, u16> = HashMap::default();
        for (bit, text) in SOURCES {
            for e in entries(text) {
                let toks = tokenize_entry(e);
                if !toks.is_empty() {
                    *seqs.entry(toks).or_insert(0) |= bit;
                }
            }
        }
        // The KB's people and organisations as two more lists, and the capitalised words of
        // its organisation names. (Their head words as extra `org_words` cost 0.6 F1 on dev.)
        for e in kb_names(KB_PEOPLE) {
            let toks = tokenize_entry(&e);
            if !toks.is_empty() {
                *seqs.entry(toks).or_insert(0) |= KBPER;
            }
        }
        // Words of place names say nothing about an organisation ("North Korea's Ministry of
        // State Security" must not make "North Korea" organisation vocabulary).
        let mut place_tokens: HashMap<String, ()> = HashMap::default();
        for (toks, mask) in &seqs {
            let whole = mask & (COUNTRY | REGION) != 0;
            let single = toks.len() == 1 && mask & (CITY | LOCX | DEMONYM) != 0;
            if whole || single {
                for t in toks {
                    place_tokens.insert(t.clone(), ());
                }
            }
        }
        let mut org_tokens: HashMap<String, ()> = HashMap::default();
        for csv in KB_ORGS {
            for e in kb_names(csv) {
                let toks = tokenize_entry(&e);
                for t in &toks {
                    if t.chars().next().is_some_and(char::is_uppercase)
                        && t.chars().count() > 2
                        && !place_tokens.contains_key(t)
                    {
                        org_tokens.insert(t.clone(), ());
                    }
                }
                if !toks.is_empty() {
                    *seqs.entry(toks).or_insert(0) |= KBORG;
                }
            }
        }
        let mut lc: HashMap<Vec<String>, u16> = HashMap::default();
        for (toks, mask) in &seqs {
            *lc.entry(toks.iter().map(|t| t.to_lowercase()).collect())
                .or_insert(0) |= mask;
        }
        let index = |seqs: HashMap<Vec<String>, u16>| {
            let mut multi: HashMap<String, Vec<(Vec<String>, u16)>> = HashMap::default();
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
        Self {
            multi,
            multi_lc,
            titles: set(include_str!("../data/titles.txt"), true),
            org_words: set(include_str!("../data/org_words.txt"), false),
            org_tokens,
            loc_words: set(include_str!("../data/loc_words.txt"), false),
            sports_words: set(include_str!("../data/sports_words.txt"), true),
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
        self.is_title_lowercase(&form.to_lowercase())
    }

    /// [`Gazetteer::is_title`] of a word already lowercased.
    pub fn is_title_lowercase(&self, lower: &str) -> bool {
        self.titles.contains_key(lower)
    }

    /// Whether the word is a typical organisation head word ("Ministry", "Corp.").
    pub fn is_org_word(&self, form: &str) -> bool {
        self.org_words.contains_key(form)
    }

    /// Whether the capitalised word occurs in an organisation name of the KB.
    pub fn is_org_token(&self, form: &str) -> bool {
        self.org_tokens.contains_key(form)
    }

    /// Whether the word is a typical place head word ("River", "Province").
    pub fn is_loc_word(&self, form: &str) -> bool {
        self.loc_words.contains_key(form)
    }

    /// Whether the tokens are exactly a country name of the lists (case-sensitive).
    pub fn is_country(&self, forms: &[&str]) -> bool {
        forms.first().is_some_and(|f| {
            self.multi.get(*f).is_some_and(|v| {
                v.iter().any(|(t, m)| {
                    m & COUNTRY != 0
                        && t.len() == forms.len()
                        && t.iter().zip(forms).all(|(a, b)| a == b)
                })
            })
        })
    }

    /// Whether the word (any case) marks a sentence about sport ("match", "striker").
    pub fn is_sports_word(&self, form: &str) -> bool {
        self.sports_words.contains_key(&form.to_lowercase())
    }

    /// Whether the exact form is listed as a demonym / nationality adjective.
    pub fn is_demonym(&self, form: &str) -> bool {
        self.multi
            .get(form)
            .is_some_and(|v| v.iter().any(|(t, m)| t.len() == 1 && m & DEMONYM != 0))
    }
}
