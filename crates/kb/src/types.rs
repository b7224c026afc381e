//! Row types of the knowledge-base tables and the references the matcher returns.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A state (ISO 3166-1) with its hand-written names.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct State {
    /// ISO 3166-1 alpha-3.
    pub iso3: String,
    /// ISO 3166-1 alpha-2.
    pub iso2: String,
    /// Common name (iso-codes `name`).
    pub name: String,
    /// Official name, if any.
    pub official_name: Option<String>,
    /// iso-codes common name, if any ("Bolivia" for "Bolivia, Plurinational State of").
    pub common_name: Option<String>,
    /// Other names: short forms, acronyms.
    pub aliases: Vec<String>,
    /// Adjectives ("North Korean").
    pub adjectives: Vec<String>,
    /// Demonyms ("North Koreans").
    pub demonyms: Vec<String>,
    /// Capitals, used as metonyms for the government.
    pub capitals: Vec<String>,
    /// Seats of power with their sector ("Pentagon" → MIL); `None` means GOV.
    pub metonyms: Vec<(String, Option<String>)>,
}

/// How a state was named.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StateHow {
    /// Its name or a short name ("North Korea", "DPRK").
    Name,
    /// An adjective ("North Korean").
    Adjective,
    /// A demonym ("North Koreans").
    Demonym,
    /// Its capital standing for the government ("Pyongyang").
    Capital,
    /// A seat of power ("the Kremlin", "the Pentagon").
    Metonym,
}

impl StateHow {
    /// Lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Adjective => "adjective",
            Self::Demonym => "demonym",
            Self::Capital => "capital",
            Self::Metonym => "metonym",
        }
    }
}

/// A named body of a state.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Institution {
    /// Slug id.
    pub id: String,
    /// Canonical name.
    pub name: String,
    /// Other names.
    pub aliases: Vec<String>,
    /// ISO3 of the state it belongs to.
    pub country: String,
    /// CAMEO sector code.
    pub sector: String,
}

/// A defence producer or exporter: a company, one of its arms divisions, a state arsenal or an
/// export agency. A renamed producer has one row per name, sharing a key (the id without a
/// trailing `-N`, as people's tenures do) and dated by `valid_from`/`valid_to`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Producer {
    /// Row id (`usa-rtx-2`); the producer key is the id without its `-N` suffix.
    pub id: String,
    /// Canonical name while this row is valid.
    pub name: String,
    /// Other names: short names, tickers, former spellings.
    pub aliases: Vec<String>,
    /// ISO3 of the home state.
    pub country: String,
    /// Parent producer key, if any.
    pub parent: Option<String>,
    /// `BUS` for companies, `GOV` for state arsenals and agencies.
    pub sector: String,
    /// First day the name was used.
    pub valid_from: Option<NaiveDate>,
    /// Day the name stopped being used (exclusive); `None` while current.
    pub valid_to: Option<NaiveDate>,
    /// Free notes.
    pub notes: String,
}

impl Producer {
    /// The producer's identity across names: the id without a trailing `-N`.
    pub fn key(&self) -> &str {
        person_key(&self.id)
    }
}

/// A row that holds over a span of dates: a tenure, a company's name.
pub trait Dated {
    /// Its first day and the day it ended (exclusive, so that a successor owns a hand-over day);
    /// `None` for an open end.
    fn span(&self) -> (Option<NaiveDate>, Option<NaiveDate>);

    /// Whether it holds on `date`.
    fn holds_at(&self, date: NaiveDate) -> bool {
        let (start, end) = self.span();
        start.is_none_or(|s| s <= date) && end.is_none_or(|e| date < e)
    }
}

impl Dated for Producer {
    fn span(&self) -> (Option<NaiveDate>, Option<NaiveDate>) {
        (self.valid_from, self.valid_to)
    }
}

impl Dated for Person {
    fn span(&self) -> (Option<NaiveDate>, Option<NaiveDate>) {
        (self.start, self.end)
    }
}

/// An intergovernmental organisation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Igo {
    /// Slug id.
    pub id: String,
    /// Canonical name.
    pub name: String,
    /// Other names.
    pub aliases: Vec<String>,
    /// The IGO's own code used as `Actor.country` (UNO, NATO, EUR, …).
    pub code: String,
    /// Parent IGO id, if any.
    pub parent: Option<String>,
}

/// A non-state armed group, PMC or party.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Group {
    /// Slug id.
    pub id: String,
    /// Canonical name.
    pub name: String,
    /// Other names.
    pub aliases: Vec<String>,
    /// `group` or `organization`.
    pub kind: String,
    /// CAMEO sector code (REB, PMC, INS, PTY, …).
    pub sector: String,
    /// ISO3 codes where it operates, main first.
    pub countries: Vec<String>,
}

/// One tenure of a person in a role.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Person {
    /// Row id (`putin-2`); the person key is the id without its `-N` suffix.
    pub id: String,
    /// Canonical name.
    pub name: String,
    /// Other names.
    pub aliases: Vec<String>,
    /// ISO3.
    pub country: String,
    /// head_of_state, head_of_government, foreign_minister, …
    pub role: String,
    /// CAMEO sector code.
    pub sector: String,
    /// First day of the tenure.
    pub start: Option<NaiveDate>,
    /// Last day; `None` for incumbents.
    pub end: Option<NaiveDate>,
}

impl Person {
    /// The person's identity across tenures: the id without a trailing `-N`.
    pub fn key(&self) -> &str {
        person_key(&self.id)
    }
}

/// The person key of a people row id.
pub fn person_key(id: &str) -> &str {
    match id.rsplit_once('-') {
        Some((k, n)) if !k.is_empty() && !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
            k
        }
        _ => id,
    }
}

/// A generic noun naming a sector ("military", "officials").
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SectorNoun {
    /// The noun, singular or as written.
    pub noun: String,
    /// CAMEO sector code.
    pub sector: String,
    /// `organization`, `person` or `group`.
    pub kind: String,
    /// The `people.csv` role of the office the noun names ("president" → `head_of_state`), so
    /// that a bare "the president" can resolve to its holder at the document's date.
    #[serde(default)]
    pub office: Option<String>,
}

/// A weapon taxonomy category.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Category {
    /// Dotted code.
    pub code: String,
    /// Short label.
    pub label: String,
    /// Description.
    pub description: String,
}

impl Category {
    /// Parent code (the code minus its last segment), `None` at the top.
    pub fn parent(&self) -> Option<&str> {
        self.code.rsplit_once('.').map(|(p, _)| p)
    }
}

/// A named weapon system.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct WeaponSystem {
    /// Slug id.
    pub id: String,
    /// Designation ("KN-23").
    pub designation: String,
    /// Other names.
    pub aliases: Vec<String>,
    /// Taxonomy code.
    pub category: String,
    /// ISO3 of the origin state.
    pub origin: Option<String>,
    /// Key of the producer that designs or makes it (`producers.csv`).
    #[serde(default)]
    pub producer: Option<String>,
    /// Keys of licence producers.
    #[serde(default)]
    pub licensed: Vec<String>,
    /// Free notes.
    pub notes: String,
}

/// Who makes a weapon system: the main producer (design authority or lead maker) and the
/// companies that build it under licence (Su-30MKI: Sukhoi, licensed to HAL).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SystemProducers<'a> {
    /// The main maker, when the table names one.
    pub maker: Option<&'a Producer>,
    /// Licence producers, in table order.
    pub licensed: Vec<&'a Producer>,
}

/// A generic weapon noun ("artillery shell").
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct WeaponNoun {
    /// The phrase.
    pub phrase: String,
    /// Taxonomy code.
    pub category: String,
    /// Only meaningful as a modifier ("ballistic").
    pub modifier_only: bool,
}

/// A gazetteer place.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Place {
    /// Slug id.
    pub id: String,
    /// Canonical name.
    pub name: String,
    /// Other names.
    pub aliases: Vec<String>,
    /// ISO3.
    pub country: String,
    /// `city`, `region` or `country`.
    pub kind: String,
    /// Latitude.
    pub lat: Option<f64>,
    /// Longitude.
    pub lon: Option<f64>,
    /// Population, if known.
    pub population: Option<u64>,
}

/// What a mention refers to. Ids are the table ids; use the `Kb` accessors for the rows.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "ref", rename_all = "snake_case")]
pub enum EntryRef {
    /// A state, by ISO3, and how it was named.
    State {
        /// ISO3.
        iso3: String,
        /// Name, adjective, demonym, capital or metonym.
        how: StateHow,
        /// Sector implied by a metonym or capital (GOV, MIL, …); `None` for names.
        sector: Option<String>,
    },
    /// An institution id.
    Institution(String),
    /// A producer key (all names: `Kb::producer_rows`).
    Producer(String),
    /// An IGO id.
    Igo(String),
    /// A group id.
    Group(String),
    /// A person key (all tenures: `Kb::person_tenures`).
    Person(String),
    /// A sector noun (the noun as in the table).
    SectorNoun(String),
    /// A weapon system id.
    WeaponSystem(String),
    /// A weapon noun (the phrase as in the table).
    WeaponNoun(String),
    /// A place id.
    Place(String),
}

impl EntryRef {
    /// Short kind name (`state`, `institution`, …).
    pub fn kind_str(&self) -> &'static str {
        match self {
            Self::State { .. } => "state",
            Self::Institution(_) => "institution",
            Self::Producer(_) => "producer",
            Self::Igo(_) => "igo",
            Self::Group(_) => "group",
            Self::Person(_) => "person",
            Self::SectorNoun(_) => "sector_noun",
            Self::WeaponSystem(_) => "weapon_system",
            Self::WeaponNoun(_) => "weapon_noun",
            Self::Place(_) => "place",
        }
    }

    /// Matching priority when one span names several entries (lower wins).
    pub(crate) fn rank(&self) -> u8 {
        match self {
            Self::State { how, .. } => match how {
                StateHow::Name | StateHow::Adjective | StateHow::Demonym => 0,
                _ => 1,
            },
            Self::Igo(_) => 2,
            Self::Institution(_) => 3,
            Self::Producer(_) => 4,
            Self::Group(_) => 5,
            Self::Person(_) => 6,
            Self::WeaponSystem(_) => 7,
            Self::SectorNoun(_) => 8,
            Self::WeaponNoun(_) => 9,
            Self::Place(_) => 10,
        }
    }
}

/// One mention found by [`crate::Kb::scan`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KbMatch {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset after the last byte.
    pub end: usize,
    /// The preferred reading (states before IGOs, institutions, groups, people, weapons, places).
    pub entry: EntryRef,
    /// Other entries with an alias of exactly this span, best first (e.g. the city of the same
    /// name, other people called "Kim").
    pub alternatives: Vec<EntryRef>,
}

/// Counts per table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KbStats {
    /// States.
    pub states: usize,
    /// States with hand-written aliases.
    pub states_with_aliases: usize,
    /// Names, adjectives, demonyms, capitals and metonyms of states.
    pub state_aliases: usize,
    /// Institutions.
    pub institutions: usize,
    /// Producer rows (names).
    #[serde(default)]
    pub producer_names: usize,
    /// Distinct producers.
    #[serde(default)]
    pub producers: usize,
    /// Weapon systems with a producer.
    #[serde(default)]
    pub systems_with_producer: usize,
    /// Weapon systems with at least one licence producer.
    #[serde(default)]
    pub systems_licensed: usize,
    /// IGOs.
    pub igos: usize,
    /// Groups.
    pub groups: usize,
    /// People rows (tenures).
    pub people_tenures: usize,
    /// Distinct people.
    pub people: usize,
    /// Sector nouns.
    pub sector_nouns: usize,
    /// Weapon categories.
    pub weapon_categories: usize,
    /// Weapon systems.
    pub weapon_systems: usize,
    /// Weapon nouns.
    pub weapon_nouns: usize,
    /// Places.
    pub places: usize,
    /// Distinct surface patterns compiled into the matcher.
    pub patterns: usize,
}
