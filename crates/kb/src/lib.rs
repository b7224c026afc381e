//! Knowledge base: states, institutions, defence producers, IGOs, groups, people, sector nouns, weapons and places,
//! read from readable CSV tables (built in via `include_str!`, optionally overlaid by a user
//! directory), compiled into one Aho-Corasick matcher; lookups by id, tenure-aware people,
//! weapon taxonomy queries, mention → record `Actor`, a lint, the generators of the
//! machine-made tables (states, places) and the PETRARCH dictionary importer.

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

use chrono::NaiveDate;
use sitrep_record::{Actor, ActorKind};

pub mod generate;
pub mod lint;
mod load;
mod matcher;
pub mod petrarch;
mod types;

pub use lint::{LintIssue, Severity};
pub use types::*;

use load::Tables;
use matcher::{FxMap, Matcher, PatternSet, select};

mod builtin_data {
    include!(concat!(env!("OUT_DIR"), "/builtin_data.rs"));
}

/// The table file names, as used in the built-in data and in overlay directories.
pub const TABLE_FILES: &[&str] = &[
    "states.csv",
    "states_extra.csv",
    "state_aliases.csv",
    "places.csv",
    "people.csv",
    "institutions.csv",
    "producers.csv",
    "sector_nouns.csv",
    "igos.csv",
    "groups.csv",
    "weapon_taxonomy.csv",
    "weapon_systems.csv",
    "weapon_nouns.csv",
];

/// Errors loading, merging or generating knowledge-base files.
#[derive(Debug, thiserror::Error)]
pub enum KbError {
    /// A file could not be read or written.
    #[error("kb: cannot access {path}: {source}")]
    Io {
        /// File.
        path: String,
        /// Cause.
        source: std::io::Error,
    },
    /// A malformed row or file.
    #[error("kb: {file}:{line}: {message}")]
    Malformed {
        /// File name.
        file: String,
        /// 1-based line (0 when unknown).
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// A JSON source (iso-codes, GeoNames) could not be parsed.
    #[error("kb: bad JSON in {path}: {message}")]
    Json {
        /// File.
        path: String,
        /// Parser message.
        message: String,
    },
    /// An input to the PETRARCH importer could not be understood.
    #[error("kb: petrarch import: {0}")]
    Petrarch(String),
}

impl KbError {
    /// Stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Io { .. } => "kb.io",
            Self::Malformed { .. } => "kb.malformed",
            Self::Json { .. } => "kb.json",
            Self::Petrarch(_) => "kb.petrarch",
        }
    }
}

/// The compiled knowledge base.
#[derive(Debug, Clone)]
pub struct Kb {
    states: Vec<State>,
    state_idx: FxMap<String, usize>,
    places: Vec<Place>,
    place_idx: FxMap<String, usize>,
    country_place_idx: FxMap<String, usize>,
    people: Vec<Person>,
    person_idx: FxMap<String, usize>,
    people_by_key: FxMap<String, Vec<usize>>,
    people_by_alias: FxMap<String, Vec<usize>>,
    institutions: Vec<Institution>,
    institution_idx: FxMap<String, usize>,
    producers: Vec<Producer>,
    producer_idx: FxMap<String, usize>,
    /// Producer key → its rows (names), in table order.
    producers_by_key: FxMap<String, Vec<usize>>,
    sector_nouns: Vec<SectorNoun>,
    sector_noun_idx: FxMap<String, usize>,
    /// Sector nouns and their plurals, ASCII-lowercased: the first entry that either names.
    sector_noun_folded: FxMap<String, usize>,
    igos: Vec<Igo>,
    igo_idx: FxMap<String, usize>,
    groups: Vec<Group>,
    group_idx: FxMap<String, usize>,
    taxonomy: Vec<Category>,
    taxonomy_idx: FxMap<String, usize>,
    weapon_systems: Vec<WeaponSystem>,
    weapon_system_idx: FxMap<String, usize>,
    weapon_nouns: Vec<WeaponNoun>,
    weapon_noun_idx: FxMap<String, usize>,
    /// Matchers: names (everything but places) and places, built in parallel at load.
    matchers: Vec<Matcher>,
    /// Problems met while loading (malformed rows and the like); reported by `lint`.
    load_issues: Vec<LintIssue>,
}

impl Default for Kb {
    fn default() -> Self {
        Self::assemble(&[])
    }
}

/// One table text to load: file name, label for messages, text, merge layer (0 = base; higher
/// layers merge over lower ones by id).
struct Src<'a> {
    file: &'a str,
    label: Option<String>,
    text: std::borrow::Cow<'a, str>,
    layer: usize,
}

/// Parses the sources (only places.csv when `places`, everything else otherwise) layer by layer.
fn parse_layers(srcs: &[Src<'_>], places: bool) -> (Tables, Vec<LintIssue>) {
    let mut base = Tables::default();
    let mut issues = Vec::new();
    let mut layers: Vec<usize> = srcs.iter().map(|s| s.layer).collect();
    layers.sort_unstable();
    layers.dedup();
    for l in layers {
        let mut lt = Tables::default();
        for s in srcs
            .iter()
            .filter(|s| s.layer == l && (s.file == "places.csv") == places)
        {
            let mut li = Vec::new();
            load::parse_file(s.file, &s.text, &mut lt, &mut li);
            for mut i in li {
                if let Some(lab) = &s.label {
                    i.file = Some(lab.clone());
                }
                issues.push(i);
            }
        }
        if l == 0 {
            base = lt;
        } else {
            base.merge(lt);
        }
    }
    (base, issues)
}

/// The place half of the KB.
struct PlacePart {
    places: Vec<Place>,
    place_idx: FxMap<String, usize>,
    country_place_idx: FxMap<String, usize>,
    matcher: Matcher,
    issues: Vec<LintIssue>,
}

fn build_places(srcs: &[Src<'_>]) -> PlacePart {
    let (t, issues) = parse_layers(srcs, true);
    let places = t.places;
    // Bigger places first so that the best reading of "Springfield" comes first.
    let mut order: Vec<usize> = (0..places.len()).collect();
    let kind_rank = |k: &str| match k {
        "country" => 0,
        "region" => 2,
        _ => 1,
    };
    order.sort_by_key(|&i| {
        let p = &places[i];
        (
            kind_rank(&p.kind),
            std::cmp::Reverse(p.population.unwrap_or(0)),
        )
    });
    let mut ps = PatternSet::default();
    for i in order {
        let r = &places[i];
        let e = EntryRef::Place(r.id.clone());
        ps.add(&r.name, &e);
        r.aliases.iter().for_each(|a| ps.add(a, &e));
    }
    let mut country_place_idx = FxMap::default();
    let mut place_idx = FxMap::default();
    for (i, p) in places.iter().enumerate() {
        if p.kind == "country" {
            country_place_idx.entry(p.country.clone()).or_insert(i);
        }
        place_idx.entry(p.id.clone()).or_insert(i);
    }
    PlacePart {
        places,
        place_idx,
        country_place_idx,
        matcher: ps.build(),
        issues,
    }
}

/// Adds the regular English plural of the last word of a generic noun.
pub(crate) fn plural(s: &str) -> Option<String> {
    let last = s.rsplit([' ', '-']).next().unwrap_or(s);
    if last.len() < 3 || !last.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    // Words already ending in s are taken as plural or mass nouns ("munitions", "police").
    if last.ends_with('s') {
        return None;
    }
    if last.ends_with('x') || last.ends_with('z') || last.ends_with("ch") || last.ends_with("sh") {
        return Some(format!("{s}es"));
    }
    let b = last.as_bytes();
    if last.ends_with('y') && !matches!(b[b.len() - 2], b'a' | b'e' | b'i' | b'o' | b'u') {
        return Some(format!("{}ies", &s[..s.len() - 1]));
    }
    if matches!(
        last,
        "police" | "personnel" | "staff" | "military" | "artillery" | "infantry"
    ) {
        return None;
    }
    Some(format!("{s}s"))
}

impl Kb {
    /// The built-in knowledge base, compiled into the binary. Never fails on bad rows (they are
    /// skipped and reported by [`Kb::lint`]); the `Result` is kept for API stability.
    pub fn builtin() -> Result<Self, KbError> {
        Ok(Self::assemble(&Self::builtin_srcs()))
    }

    /// A process-wide shared built-in knowledge base, compiled on first use.
    pub fn shared() -> &'static Kb {
        static KB: OnceLock<Kb> = OnceLock::new();
        KB.get_or_init(|| Self::assemble(&Self::builtin_srcs()))
    }

    fn builtin_srcs() -> Vec<Src<'static>> {
        builtin_data::BUILTIN
            .iter()
            .map(|(file, text)| Src {
                file,
                label: None,
                text: (*text).into(),
                layer: 0,
            })
            .collect()
    }

    /// The built-in knowledge base with a user overlay directory merged over it: files with the
    /// built-in names; a row whose id (iso3, code, noun, phrase for the keyless tables) exists
    /// replaces it, a new id adds a row. Missing files are fine; unreadable ones are errors.
    pub fn with_overlay(dir: &Path) -> Result<Self, KbError> {
        if !dir.is_dir() {
            return Err(KbError::Io {
                path: dir.display().to_string(),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "not a directory"),
            });
        }
        let mut srcs = Self::builtin_srcs();
        for file in TABLE_FILES {
            let p = dir.join(file);
            if !p.is_file() {
                continue;
            }
            let text = std::fs::read_to_string(&p).map_err(|source| KbError::Io {
                path: p.display().to_string(),
                source,
            })?;
            srcs.push(Src {
                file,
                label: Some(p.display().to_string()),
                text: text.into(),
                layer: 1,
            });
        }
        Ok(Self::assemble(&srcs))
    }

    /// A knowledge base from the given (file name, CSV text) pairs only, without the built-in
    /// tables; file names are those of [`TABLE_FILES`]. Later pairs merge over earlier ones.
    pub fn from_texts<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let srcs: Vec<Src<'a>> = files
            .into_iter()
            .enumerate()
            .filter_map(|(i, (f, t))| {
                let file = TABLE_FILES.iter().find(|x| **x == f)?;
                Some(Src {
                    file,
                    label: None,
                    text: t.into(),
                    layer: i,
                })
            })
            .collect();
        Self::assemble(&srcs)
    }

    /// Like [`Kb::builtin`] but fails on the first malformed row.
    pub fn builtin_strict() -> Result<Self, KbError> {
        let kb = Self::builtin()?;
        kb.first_load_error().map_or(Ok(kb), Err)
    }

    /// The first malformed-row problem met while loading, as an error.
    pub fn first_load_error(&self) -> Option<KbError> {
        self.load_issues
            .iter()
            .find(|i| i.severity == Severity::Error)
            .map(|i| KbError::Malformed {
                file: i.file.clone().unwrap_or_default(),
                line: i.line.unwrap_or(0),
                message: i.message.clone(),
            })
    }

    fn assemble(srcs: &[Src<'_>]) -> Self {
        // Places are the bulk of the patterns: parse and compile them on a second thread.
        let (part, (t, load_issues)) = std::thread::scope(|sc| {
            let h = sc.spawn(|| build_places(srcs));
            let rest = parse_layers(srcs, false);
            (h.join().ok(), rest)
        });
        let part = part.unwrap_or_else(|| build_places(&[]));
        Self::compile(t, load_issues, part)
    }

    fn compile(mut t: Tables, mut load_issues: Vec<LintIssue>, part: PlacePart) -> Self {
        load_issues.extend(part.issues);
        // Fold state_aliases into the states; an alias row for a code missing from states.csv
        // still creates the state so that a half-generated states table does not lose names.
        let mut state_idx: FxMap<String, usize> = FxMap::default();
        for (i, s) in t.states.iter().enumerate() {
            state_idx.entry(s.iso3.clone()).or_insert(i);
        }
        for a in std::mem::take(&mut t.state_aliases) {
            let i = match state_idx.get(&a.iso3) {
                Some(&i) => i,
                None => {
                    t.states.push(State {
                        iso3: a.iso3.clone(),
                        name: a.aliases.first().cloned().unwrap_or_else(|| a.iso3.clone()),
                        ..State::default()
                    });
                    state_idx.insert(a.iso3.clone(), t.states.len() - 1);
                    t.states.len() - 1
                }
            };
            let s = &mut t.states[i];
            s.aliases = a.aliases;
            s.adjectives = a.adjectives;
            s.demonyms = a.demonyms;
            s.capitals = a.capitals;
            s.metonyms = a.metonyms;
        }

        let mut ps = PatternSet::default();
        let mut add = |alias: &str, e: &EntryRef| ps.add(alias, e);

        // A hand-written alias of one state overrides the iso-codes name of another ("Congo").
        let mut hand: HashMap<&str, &str> = HashMap::new();
        for s in &t.states {
            for a in s.aliases.iter().chain(&s.adjectives).chain(&s.demonyms) {
                hand.insert(a.as_str(), s.iso3.as_str());
            }
        }
        for s in &t.states {
            let name = |how| EntryRef::State {
                iso3: s.iso3.clone(),
                how,
                sector: None,
            };
            let e = name(StateHow::Name);
            for n in std::iter::once(&s.name)
                .chain(s.official_name.iter())
                .chain(s.common_name.iter())
            {
                // iso-codes inverted names ("Korea, Republic of") never occur in prose.
                if !n.contains(',') && hand.get(n.as_str()).is_none_or(|o| *o == s.iso3) {
                    add(n, &e);
                }
            }
            s.aliases.iter().for_each(|a| add(a, &e));
            let e = name(StateHow::Adjective);
            s.adjectives.iter().for_each(|a| add(a, &e));
            let e = name(StateHow::Demonym);
            s.demonyms.iter().for_each(|a| add(a, &e));
            let e = EntryRef::State {
                iso3: s.iso3.clone(),
                how: StateHow::Capital,
                sector: Some("GOV".to_owned()),
            };
            s.capitals.iter().for_each(|a| add(a, &e));
            for (m, sec) in &s.metonyms {
                let e = EntryRef::State {
                    iso3: s.iso3.clone(),
                    how: StateHow::Metonym,
                    sector: Some(sec.clone().unwrap_or_else(|| "GOV".to_owned())),
                };
                add(m, &e);
            }
        }
        for r in &t.igos {
            let e = EntryRef::Igo(r.id.clone());
            std::iter::once(&r.name)
                .chain(&r.aliases)
                .for_each(|a| add(a, &e));
        }
        for r in &t.institutions {
            let e = EntryRef::Institution(r.id.clone());
            std::iter::once(&r.name)
                .chain(&r.aliases)
                .for_each(|a| add(a, &e));
        }
        let mut producers_by_key: FxMap<String, Vec<usize>> = FxMap::default();
        for (i, r) in t.producers.iter().enumerate() {
            let key = r.key().to_owned();
            producers_by_key.entry(key.clone()).or_default().push(i);
            let e = EntryRef::Producer(key);
            std::iter::once(&r.name)
                .chain(&r.aliases)
                .for_each(|a| add(a, &e));
        }
        for r in &t.groups {
            let e = EntryRef::Group(r.id.clone());
            std::iter::once(&r.name)
                .chain(&r.aliases)
                .for_each(|a| add(a, &e));
        }
        let mut people_by_key: FxMap<String, Vec<usize>> = FxMap::default();
        let mut people_by_alias: FxMap<String, Vec<usize>> = FxMap::default();
        for (i, r) in t.people.iter().enumerate() {
            let key = r.key().to_owned();
            people_by_key.entry(key.clone()).or_default().push(i);
            let e = EntryRef::Person(key);
            for a in std::iter::once(&r.name).chain(&r.aliases) {
                add(a, &e);
                let v = people_by_alias.entry(a.to_lowercase()).or_default();
                if !v.contains(&i) {
                    v.push(i);
                }
            }
        }
        for r in &t.weapon_systems {
            let e = EntryRef::WeaponSystem(r.id.clone());
            std::iter::once(&r.designation)
                .chain(&r.aliases)
                .for_each(|a| add(a, &e));
        }
        for r in &t.sector_nouns {
            let e = EntryRef::SectorNoun(r.noun.clone());
            add(&r.noun, &e);
            if let Some(p) = plural(&r.noun) {
                add(&p, &e);
            }
        }
        for r in &t.weapon_nouns {
            let e = EntryRef::WeaponNoun(r.phrase.clone());
            add(&r.phrase, &e);
            if let Some(p) = plural(&r.phrase) {
                add(&p, &e);
            }
        }
        let idx = |keys: Vec<&String>| -> FxMap<String, usize> {
            let mut m = FxMap::default();
            for (i, k) in keys.into_iter().enumerate() {
                m.entry(k.clone()).or_insert(i);
            }
            m
        };
        let state_idx = idx(t.states.iter().map(|s| &s.iso3).collect());
        let person_idx = idx(t.people.iter().map(|s| &s.id).collect());
        let institution_idx = idx(t.institutions.iter().map(|s| &s.id).collect());
        let producer_idx = idx(t.producers.iter().map(|s| &s.id).collect());
        let sector_noun_idx = idx(t.sector_nouns.iter().map(|s| &s.noun).collect());
        let mut sector_noun_folded = FxMap::default();
        for (i, s) in t.sector_nouns.iter().enumerate() {
            for form in std::iter::once(s.noun.clone()).chain(plural(&s.noun)) {
                sector_noun_folded
                    .entry(form.to_ascii_lowercase())
                    .or_insert(i);
            }
        }
        let igo_idx = idx(t.igos.iter().map(|s| &s.id).collect());
        let group_idx = idx(t.groups.iter().map(|s| &s.id).collect());
        let taxonomy_idx = idx(t.taxonomy.iter().map(|s| &s.code).collect());
        let weapon_system_idx = idx(t.weapon_systems.iter().map(|s| &s.id).collect());
        let weapon_noun_idx = idx(t.weapon_nouns.iter().map(|s| &s.phrase).collect());

        let matcher = ps.build();
        Self {
            states: t.states,
            state_idx,
            places: part.places,
            place_idx: part.place_idx,
            country_place_idx: part.country_place_idx,
            people: t.people,
            person_idx,
            people_by_key,
            people_by_alias,
            institutions: t.institutions,
            institution_idx,
            producers: t.producers,
            producer_idx,
            producers_by_key,
            sector_nouns: t.sector_nouns,
            sector_noun_idx,
            sector_noun_folded,
            igos: t.igos,
            igo_idx,
            groups: t.groups,
            group_idx,
            taxonomy: t.taxonomy,
            taxonomy_idx,
            weapon_systems: t.weapon_systems,
            weapon_system_idx,
            weapon_nouns: t.weapon_nouns,
            weapon_noun_idx,
            matchers: vec![matcher, part.matcher],
            load_issues,
        }
    }

    /// All non-overlapping leftmost-longest mentions on word boundaries, in text order.
    pub fn scan(&self, text: &str) -> Vec<KbMatch> {
        let mut c = Vec::new();
        let lower = text.to_ascii_lowercase();
        let mut first = [0u64; 4];
        for m in &self.matchers {
            for (a, b) in first.iter_mut().zip(m.first_bytes()) {
                *a |= b;
            }
        }
        let starts = matcher::starts(text, &lower, &first);
        for (i, m) in self.matchers.iter().enumerate() {
            m.candidates_at(text, &lower, &starts, i, &mut c);
        }
        let kept = select(c, text);
        let mut out: Vec<KbMatch> = Vec::new();
        let mut i = 0;
        while i < kept.len() {
            let (start, end) = (kept[i].start, kept[i].end);
            let mut j = i;
            let mut all: Vec<&EntryRef> = Vec::new();
            while j < kept.len() && kept[j].start == start && kept[j].end == end {
                for e in &self.matchers[kept[j].matcher].targets[kept[j].pat] {
                    if !all.contains(&e) {
                        all.push(e);
                    }
                }
                j += 1;
            }
            i = j;
            all.sort_by_key(|e| e.rank());
            let mut it = all.into_iter().cloned();
            if let Some(entry) = it.next() {
                out.push(KbMatch {
                    start,
                    end,
                    entry,
                    alternatives: it.collect(),
                });
            }
        }
        out
    }

    /// Builds the record actor a mention names. Capitals and metonyms give the state with the
    /// sector GOV (or the metonym's own); names, adjectives and demonyms give the bare state
    /// (callers decide what an adjective modifies); a person gives the tenure valid at `date`
    /// (the latest tenure when `date` is `None` or no tenure covers it); a sector noun gives an
    /// actor with the sector but no country; weapons and places give `None`.
    pub fn actor_for(&self, m: &KbMatch, surface: &str, date: Option<NaiveDate>) -> Option<Actor> {
        let text = surface.to_owned();
        match &m.entry {
            EntryRef::State { iso3, sector, .. } => {
                let s = self.state(iso3)?;
                Some(Actor {
                    text,
                    name: self.state_name(s).to_owned(),
                    kind: ActorKind::State,
                    country: Some(iso3.clone()),
                    sector: sector.clone(),
                    id: Some(iso3.clone()),
                })
            }
            EntryRef::Institution(id) => {
                let r = self.institution(id)?;
                Some(Actor {
                    text,
                    name: r.name.clone(),
                    kind: ActorKind::Organization,
                    country: non_empty(&r.country),
                    sector: non_empty(&r.sector),
                    id: Some(r.id.clone()),
                })
            }
            EntryRef::Producer(_) => {
                // Every producer reading of the span competes; the date picks the name.
                let rows = std::iter::once(&m.entry)
                    .chain(&m.alternatives)
                    .filter_map(|e| match e {
                        EntryRef::Producer(k) => self.producers_by_key.get(k),
                        _ => None,
                    })
                    .flatten()
                    .map(|&i| &self.producers[i]);
                let r = pick_dated(rows.collect(), date)?;
                Some(Self::producer_actor(r, text))
            }
            EntryRef::Igo(id) => {
                let r = self.igo(id)?;
                Some(Actor {
                    text,
                    name: r.name.clone(),
                    kind: ActorKind::Organization,
                    country: non_empty(&r.code),
                    sector: Some("IGO".to_owned()),
                    id: Some(r.id.clone()),
                })
            }
            EntryRef::Group(id) => {
                let r = self.group(id)?;
                Some(Actor {
                    text,
                    name: r.name.clone(),
                    kind: if r.kind == "organization" {
                        ActorKind::Organization
                    } else {
                        ActorKind::Group
                    },
                    country: r.countries.first().cloned(),
                    sector: non_empty(&r.sector),
                    id: Some(r.id.clone()),
                })
            }
            EntryRef::Person(_) => {
                // Every person reading of the span competes; the date decides.
                let keys: Vec<&str> = std::iter::once(&m.entry)
                    .chain(&m.alternatives)
                    .filter_map(|e| match e {
                        EntryRef::Person(k) => Some(k.as_str()),
                        _ => None,
                    })
                    .collect();
                let p = self.pick_tenure(
                    keys.iter()
                        .flat_map(|k| self.people_by_key.get(*k).into_iter().flatten())
                        .copied(),
                    date,
                )?;
                Some(Actor {
                    text,
                    name: p.name.clone(),
                    kind: ActorKind::Person,
                    country: non_empty(&p.country),
                    sector: non_empty(&p.sector),
                    id: Some(p.key().to_owned()),
                })
            }
            EntryRef::SectorNoun(n) => {
                let r = self.sector_noun(n)?;
                Some(Actor {
                    text,
                    name: r.noun.clone(),
                    kind: match r.kind.as_str() {
                        "person" => ActorKind::Person,
                        "group" => ActorKind::Group,
                        _ => ActorKind::Organization,
                    },
                    country: None,
                    sector: non_empty(&r.sector),
                    id: None,
                })
            }
            EntryRef::WeaponSystem(_) | EntryRef::WeaponNoun(_) | EntryRef::Place(_) => None,
        }
    }

    /// Chooses among tenure rows (see [`pick_dated`]).
    fn pick_tenure(
        &self,
        rows: impl Iterator<Item = usize>,
        date: Option<NaiveDate>,
    ) -> Option<&Person> {
        pick_dated(rows.map(|i| &self.people[i]).collect(), date)
    }

    /// The canonical English name of a state: its first hand-written alias, else the iso-codes
    /// common name, else the iso name.
    pub fn state_name<'a>(&self, s: &'a State) -> &'a str {
        s.aliases
            .first()
            .or(s.common_name.as_ref())
            .map_or(s.name.as_str(), String::as_str)
    }

    /// The person an alias names at `date` (case-insensitive exact alias), tenure-aware.
    pub fn person(&self, alias: &str, date: Option<NaiveDate>) -> Option<&Person> {
        let rows = self.people_by_alias.get(&alias.trim().to_lowercase())?;
        self.pick_tenure(rows.iter().copied(), date)
    }

    /// All tenures of a person key, in table order.
    pub fn person_tenures(&self, key: &str) -> Vec<&Person> {
        self.people_by_key
            .get(key)
            .map(|v| v.iter().map(|&i| &self.people[i]).collect())
            .unwrap_or_default()
    }

    /// A people row by its row id (`putin-2`).
    pub fn person_row(&self, id: &str) -> Option<&Person> {
        self.person_idx.get(id).map(|&i| &self.people[i])
    }

    /// Who held `role` (head_of_state, foreign_minister, …) in `country` (ISO3) at `date`
    /// (`None`: the incumbent).
    pub fn office_holder(
        &self,
        country: &str,
        role: &str,
        date: Option<NaiveDate>,
    ) -> Option<&Person> {
        let rows = self
            .people
            .iter()
            .enumerate()
            .filter(|(_, p)| p.country == country && p.role == role)
            .map(|(i, _)| i);
        match date {
            Some(d) => rows
                .map(|i| &self.people[i])
                .filter(|p| p.holds_at(d))
                .max_by_key(|p| p.start),
            None => rows
                .map(|i| &self.people[i])
                .filter(|p| p.end.is_none())
                .max_by_key(|p| p.start),
        }
    }

    /// A state by ISO3 (ISO2 also accepted).
    pub fn state(&self, code: &str) -> Option<&State> {
        if let Some(&i) = self.state_idx.get(code) {
            return Some(&self.states[i]);
        }
        if code.len() == 2 {
            return self.states.iter().find(|s| s.iso2 == code);
        }
        None
    }

    /// All states.
    pub fn states(&self) -> &[State] {
        &self.states
    }

    /// An institution by id.
    pub fn institution(&self, id: &str) -> Option<&Institution> {
        self.institution_idx.get(id).map(|&i| &self.institutions[i])
    }

    /// All institutions.
    pub fn institutions(&self) -> &[Institution] {
        &self.institutions
    }

    /// A producer by key or row id; for a key, the row of its current name (the one without
    /// `valid_to`, else the latest).
    pub fn producer(&self, id: &str) -> Option<&Producer> {
        self.producer_at(id, None)
    }

    /// A producer by key or row id, with the name in use at `date` (`None`: the current name;
    /// a date outside every row: the nearest row). A row id always gives that row.
    pub fn producer_at(&self, id: &str, date: Option<NaiveDate>) -> Option<&Producer> {
        match self.producers_by_key.get(id) {
            Some(rows) => pick_dated(rows.iter().map(|&i| &self.producers[i]).collect(), date),
            None => self.producer_idx.get(id).map(|&i| &self.producers[i]),
        }
    }

    /// All rows (names) of a producer key, in table order.
    pub fn producer_rows(&self, key: &str) -> Vec<&Producer> {
        self.producers_by_key
            .get(key)
            .map(|v| v.iter().map(|&i| &self.producers[i]).collect())
            .unwrap_or_default()
    }

    /// The home state (ISO3) of a producer key or row id.
    pub fn producer_home(&self, id: &str) -> Option<&str> {
        self.producer(id)
            .map(|p| p.country.as_str())
            .filter(|c| !c.is_empty())
    }

    /// All producer rows.
    pub fn producers(&self) -> &[Producer] {
        &self.producers
    }

    /// A producer as an actor: the company itself, `country` = its home state, mentioned as
    /// `text`.
    pub fn producer_actor(r: &Producer, text: String) -> Actor {
        Actor {
            text,
            name: r.name.clone(),
            kind: ActorKind::Organization,
            country: non_empty(&r.country),
            sector: non_empty(&r.sector),
            id: Some(r.key().to_owned()),
        }
    }

    /// The producer of a weapon system (by system id), if the table names one.
    pub fn system_producer(&self, system_id: &str) -> Option<&Producer> {
        self.producer(self.weapon_system(system_id)?.producer.as_deref()?)
    }

    /// The licence producers of a weapon system (by system id), in table order.
    pub fn system_licensees(&self, system_id: &str) -> Vec<&Producer> {
        self.weapon_system(system_id)
            .map(|w| w.licensed.iter().filter_map(|k| self.producer(k)).collect())
            .unwrap_or_default()
    }

    /// The makers of a weapon system (by system id): its main producer and its licence
    /// producers; `None` for an unknown system.
    pub fn system_producers(&self, system_id: &str) -> Option<SystemProducers<'_>> {
        self.weapon_system(system_id)?;
        Some(SystemProducers {
            maker: self.system_producer(system_id),
            licensed: self.system_licensees(system_id),
        })
    }

    /// The state a system is supplied from when nothing else is known: its producer's home
    /// state, else its origin.
    pub fn system_home(&self, system_id: &str) -> Option<&str> {
        let w = self.weapon_system(system_id)?;
        w.producer
            .as_deref()
            .and_then(|p| self.producer_home(p))
            .or(w.origin.as_deref())
    }

    /// The systems a producer key makes (`made`) and those it builds under licence.
    pub fn producer_systems(&self, key: &str) -> (Vec<&WeaponSystem>, Vec<&WeaponSystem>) {
        let made = self
            .weapon_systems
            .iter()
            .filter(|w| w.producer.as_deref() == Some(key))
            .collect();
        let licensed = self
            .weapon_systems
            .iter()
            .filter(|w| w.licensed.iter().any(|l| l == key))
            .collect();
        (made, licensed)
    }

    /// An IGO by id.
    pub fn igo(&self, id: &str) -> Option<&Igo> {
        self.igo_idx.get(id).map(|&i| &self.igos[i])
    }

    /// All IGOs.
    pub fn igos(&self) -> &[Igo] {
        &self.igos
    }

    /// A group by id.
    pub fn group(&self, id: &str) -> Option<&Group> {
        self.group_idx.get(id).map(|&i| &self.groups[i])
    }

    /// All groups.
    pub fn groups(&self) -> &[Group] {
        &self.groups
    }

    /// All people rows (tenures).
    pub fn people(&self) -> &[Person] {
        &self.people
    }

    /// A sector noun by its noun (as in the table, or a regular plural of it).
    pub fn sector_noun(&self, noun: &str) -> Option<&SectorNoun> {
        let i = match self.sector_noun_idx.get(noun) {
            Some(&i) => i,
            None if noun.bytes().any(|b| b.is_ascii_uppercase()) => {
                *self.sector_noun_folded.get(&noun.to_ascii_lowercase())?
            }
            None => *self.sector_noun_folded.get(noun)?,
        };
        self.sector_nouns.get(i)
    }

    /// All sector nouns.
    pub fn sector_nouns(&self) -> &[SectorNoun] {
        &self.sector_nouns
    }

    /// A weapon category by dotted code.
    pub fn weapon_category(&self, code: &str) -> Option<&Category> {
        self.taxonomy_idx.get(code).map(|&i| &self.taxonomy[i])
    }

    /// The whole taxonomy.
    pub fn weapon_categories(&self) -> &[Category] {
        &self.taxonomy
    }

    /// Whether `code` is `ancestor` or below it in the dotted taxonomy.
    pub fn is_below(code: &str, ancestor: &str) -> bool {
        code == ancestor
            || (code.len() > ancestor.len()
                && code.starts_with(ancestor)
                && code.as_bytes()[ancestor.len()] == b'.')
    }

    /// A weapon system by id.
    pub fn weapon_system(&self, id: &str) -> Option<&WeaponSystem> {
        self.weapon_system_idx
            .get(id)
            .map(|&i| &self.weapon_systems[i])
    }

    /// All weapon systems.
    pub fn weapon_systems(&self) -> &[WeaponSystem] {
        &self.weapon_systems
    }

    /// A weapon noun by its phrase (as in the table, or a regular plural of it).
    pub fn weapon_noun(&self, phrase: &str) -> Option<&WeaponNoun> {
        self.weapon_noun_idx
            .get(phrase)
            .map(|&i| &self.weapon_nouns[i])
            .or_else(|| {
                self.weapon_nouns.iter().find(|s| {
                    s.phrase.eq_ignore_ascii_case(phrase)
                        || plural(&s.phrase).is_some_and(|p| p.eq_ignore_ascii_case(phrase))
                })
            })
    }

    /// All weapon nouns.
    pub fn weapon_nouns(&self) -> &[WeaponNoun] {
        &self.weapon_nouns
    }

    /// The taxonomy code of a weapon entry (system or noun), if the entry is one.
    pub fn weapon_code(&self, e: &EntryRef) -> Option<&str> {
        match e {
            EntryRef::WeaponSystem(id) => self.weapon_system(id).map(|w| w.category.as_str()),
            EntryRef::WeaponNoun(p) => self.weapon_noun(p).map(|w| w.category.as_str()),
            _ => None,
        }
    }

    /// A place by id.
    pub fn place(&self, id: &str) -> Option<&Place> {
        self.place_idx.get(id).map(|&i| &self.places[i])
    }

    /// All places.
    pub fn places(&self) -> &[Place] {
        &self.places
    }

    /// The country-level place (representative point) of a state.
    pub fn country_place(&self, iso3: &str) -> Option<&Place> {
        self.country_place_idx.get(iso3).map(|&i| &self.places[i])
    }

    /// A record `Place` for a place id, with the surface form.
    pub fn record_place(&self, id: &str, surface: &str) -> Option<sitrep_record::Place> {
        let p = self.place(id)?;
        Some(sitrep_record::Place {
            text: surface.to_owned(),
            name: p.name.clone(),
            country: non_empty(&p.country),
            lat: p.lat,
            lon: p.lon,
            kind: p.kind.clone(),
        })
    }

    /// Counts per table.
    pub fn stats(&self) -> KbStats {
        KbStats {
            states: self.states.len(),
            states_with_aliases: self
                .states
                .iter()
                .filter(|s| !s.aliases.is_empty() || !s.adjectives.is_empty())
                .count(),
            state_aliases: self
                .states
                .iter()
                .map(|s| {
                    s.aliases.len()
                        + s.adjectives.len()
                        + s.demonyms.len()
                        + s.capitals.len()
                        + s.metonyms.len()
                })
                .sum(),
            institutions: self.institutions.len(),
            producer_names: self.producers.len(),
            producers: self.producers_by_key.len(),
            systems_with_producer: self
                .weapon_systems
                .iter()
                .filter(|w| w.producer.is_some())
                .count(),
            systems_licensed: self
                .weapon_systems
                .iter()
                .filter(|w| !w.licensed.is_empty())
                .count(),
            igos: self.igos.len(),
            groups: self.groups.len(),
            people_tenures: self.people.len(),
            people: self.people_by_key.len(),
            sector_nouns: self.sector_nouns.len(),
            weapon_categories: self.taxonomy.len(),
            weapon_systems: self.weapon_systems.len(),
            weapon_nouns: self.weapon_nouns.len(),
            places: self.places.len(),
            patterns: self.matchers.iter().map(Matcher::len).sum(),
        }
    }

    /// Problems met while loading (malformed rows, missing columns).
    pub fn load_issues(&self) -> &[LintIssue] {
        &self.load_issues
    }
}

/// Chooses among dated rows (a person's tenures, a producer's names): one holding at `date`
/// (the latest to begin), else the nearest in time; with no date, a current one (no end), else
/// the latest to begin.
fn pick_dated<T: Dated>(rows: Vec<&T>, date: Option<NaiveDate>) -> Option<&T> {
    let start = |p: &&T| p.span().0;
    match date {
        Some(d) => rows
            .iter()
            .copied()
            .filter(|p| p.holds_at(d))
            .max_by_key(start)
            .or_else(|| {
                rows.iter().copied().min_by_key(|p| {
                    let dist =
                        |x: Option<NaiveDate>| x.map_or(i64::MAX, |x| (x - d).num_days().abs());
                    let (from, to) = p.span();
                    dist(from).min(dist(to))
                })
            }),
        None => rows
            .iter()
            .copied()
            .filter(|p| p.span().1.is_none())
            .max_by_key(start)
            .or_else(|| rows.iter().copied().max_by_key(start)),
    }
}

fn non_empty(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_owned())
}
