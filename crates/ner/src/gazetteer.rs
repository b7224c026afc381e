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

/// Token sequences of the lists that start with one token, with their list masks: longest
/// first, then lexicographic.
pub type Seqs = Vec<(Vec<String>, u16)>;

/// What the lists say about one exact (case-sensitive) token.
#[derive(Debug, Clone, Default)]
pub struct CasedInfo {
    /// The list entries starting with the token.
    multi: Seqs,
    org_word: bool,
    loc_word: bool,
    org_token: bool,
}

impl CasedInfo {
    /// Whether the word is a typical organisation head word ("Ministry", "Corp.").
    pub fn org_word(&self) -> bool {
        self.org_word
    }
    /// Whether the word is a typical place head word ("River", "Province").
    pub fn loc_word(&self) -> bool {
        self.loc_word
    }
    /// Whether the capitalised word occurs in an organisation name of the KB.
    pub fn org_token(&self) -> bool {
        self.org_token
    }
}

/// What the lists say about one lowercased token.
#[derive(Debug, Clone, Default)]
pub struct LowerInfo {
    /// The lowercased list entries starting with the token.
    multi: Seqs,
    title: bool,
    sports: bool,
}

impl LowerInfo {
    /// Whether the word is a title that precedes names ("president", "gen.").
    pub fn title(&self) -> bool {
        self.title
    }
    /// Whether the word marks a sentence about sport.
    pub fn sports(&self) -> bool {
        self.sports
    }
}

/// The compiled gazetteer: one map per case, so that a token costs one lookup in each.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    /// Exact token → list entries starting with it, head-word flags.
    cased: HashMap<String, CasedInfo>,
    /// Lowercased token → lowercased list entries starting with it (for text written without
    /// capitals), title and sport flags.
    lower: HashMap<String, LowerInfo>,
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
            let mut multi: HashMap<String, Seqs> = HashMap::default();
            for (toks, mask) in seqs {
                multi.entry(toks[0].clone()).or_default().push((toks, mask));
            }
            for v in multi.values_mut() {
                // Deterministic order: longest first, then lexicographic.
                v.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
            }
            multi
        };
        let mut cased: HashMap<String, CasedInfo> = index(seqs)
            .into_iter()
            .map(|(k, multi)| {
                (
                    k,
                    CasedInfo {
                        multi,
                        ..CasedInfo::default()
                    },
                )
            })
            .collect();
        let mut lower: HashMap<String, LowerInfo> = index(lc)
            .into_iter()
            .map(|(k, multi)| {
                (
                    k,
                    LowerInfo {
                        multi,
                        ..LowerInfo::default()
                    },
                )
            })
            .collect();
        for w in set(include_str!("../data/titles.txt"), true).into_keys() {
            lower.entry(w).or_default().title = true;
        }
        for w in set(include_str!("../data/sports_words.txt"), true).into_keys() {
            lower.entry(w).or_default().sports = true;
        }
        for w in set(include_str!("../data/org_words.txt"), false).into_keys() {
            cased.entry(w).or_default().org_word = true;
        }
        for w in org_tokens.into_keys() {
            cased.entry(w).or_default().org_token = true;
        }
        for w in set(include_str!("../data/loc_words.txt"), false).into_keys() {
            cased.entry(w).or_default().loc_word = true;
        }
        Self { cased, lower }
    }

    /// What the lists say about an exact token, if anything.
    pub fn cased_info(&self, form: &str) -> Option<&CasedInfo> {
        self.cased.get(form)
    }

    /// What the lists say about a lowercased token, if anything.
    pub fn lower_info(&self, lower: &str) -> Option<&LowerInfo> {
        self.lower.get(lower)
    }

    /// All list matches in a token sequence (possibly overlapping), case-sensitive.
    pub fn matches(&self, forms: &[&str]) -> Vec<GazMatch> {
        let mut out = Vec::new();
        for (i, f) in forms.iter().enumerate() {
            if let Some(c) = self.cased.get(*f) {
                push_matches(&c.multi, forms, i, &mut out);
            }
        }
        out
    }

    /// All list matches ignoring case (forms must already be lowercased).
    pub fn matches_lowercase(&self, lower_forms: &[&str]) -> Vec<GazMatch> {
        let mut out = Vec::new();
        for (i, f) in lower_forms.iter().enumerate() {
            if let Some(c) = self.lower.get(*f) {
                push_matches(&c.multi, lower_forms, i, &mut out);
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
        self.lower.get(lower).is_some_and(|l| l.title)
    }

    /// Whether the word is a typical organisation head word ("Ministry", "Corp.").
    pub fn is_org_word(&self, form: &str) -> bool {
        self.cased.get(form).is_some_and(|c| c.org_word)
    }

    /// Whether the capitalised word occurs in an organisation name of the KB.
    pub fn is_org_token(&self, form: &str) -> bool {
        self.cased.get(form).is_some_and(|c| c.org_token)
    }

    /// Whether the word is a typical place head word ("River", "Province").
    pub fn is_loc_word(&self, form: &str) -> bool {
        self.cased.get(form).is_some_and(|c| c.loc_word)
    }

    /// Whether the tokens are exactly a country name of the lists (case-sensitive).
    pub fn is_country(&self, forms: &[&str]) -> bool {
        forms.first().is_some_and(|f| {
            self.cased.get(*f).is_some_and(|c| {
                c.multi.iter().any(|(t, m)| {
                    m & COUNTRY != 0
                        && t.len() == forms.len()
                        && t.iter().zip(forms).all(|(a, b)| a == b)
                })
            })
        })
    }

    /// Whether the word (any case) marks a sentence about sport ("match", "striker").
    pub fn is_sports_word(&self, form: &str) -> bool {
        self.lower
            .get(&form.to_lowercase())
            .is_some_and(|l| l.sports)
    }

    /// Whether the exact form is listed as a demonym / nationality adjective.
    pub fn is_demonym(&self, form: &str) -> bool {
        self.cased.get(form).is_some_and(|c| {
            c.multi
                .iter()
                .any(|(t, m)| t.len() == 1 && m & DEMONYM != 0)
        })
    }
}

/// Appends the entries of `seqs` (all starting with `forms[i]`) that match at `i`.
fn push_matches(seqs: &Seqs, forms: &[&str], i: usize, out: &mut Vec<GazMatch>) {
    for (toks, mask) in seqs {
        let n = toks.len();
        // The first token is the lookup key, equal already.
        if i + n <= forms.len()
            && toks[1..]
                .iter()
                .zip(&forms[i + 1..i + n])
                .all(|(a, b)| a == b)
        {
            out.push(GazMatch {
                start: i,
                end: i + n,
                mask: *mask,
            });
        }
    }
}

/// [`Gazetteer::matches`] (or `matches_lowercase`) from each token's entries, looked up once.
pub fn matches_of(seqs: &[Option<&Seqs>], forms: &[&str]) -> Vec<GazMatch> {
    let mut out = Vec::new();
    for (i, s) in seqs.iter().enumerate() {
        if let Some(s) = s {
            push_matches(s, forms, i, &mut out);
        }
    }
    out
}

impl CasedInfo {
    /// The list entries starting with the token.
    pub fn seqs(&self) -> &Seqs {
        &self.multi
    }
}

impl LowerInfo {
    /// The lowercased list entries starting with the token.
    pub fn seqs(&self) -> &Seqs {
        &self.multi
    }
}
