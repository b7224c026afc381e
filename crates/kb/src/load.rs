//! CSV parsing of the tables and overlay merging. Parsing is lenient: a bad row is skipped and
//! recorded as a lint issue, so a half-written file never stops the pipeline.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::lint::{LintIssue, Severity};
use crate::types::*;

/// All tables, before compilation.
#[derive(Debug, Default, Clone)]
pub(crate) struct Tables {
    pub states: Vec<State>,
    /// state_aliases rows keyed by iso3, applied onto `states` at compile time.
    pub state_aliases: Vec<StateAliasRow>,
    pub places: Vec<Place>,
    pub people: Vec<Person>,
    pub institutions: Vec<Institution>,
    pub producers: Vec<Producer>,
    pub sector_nouns: Vec<SectorNoun>,
    pub igos: Vec<Igo>,
    pub groups: Vec<Group>,
    pub taxonomy: Vec<Category>,
    pub weapon_systems: Vec<WeaponSystem>,
    pub weapon_nouns: Vec<WeaponNoun>,
}

/// One row of state_aliases.csv.
#[derive(Debug, Default, Clone)]
pub(crate) struct StateAliasRow {
    pub iso3: String,
    pub aliases: Vec<String>,
    pub adjectives: Vec<String>,
    pub demonyms: Vec<String>,
    pub capitals: Vec<String>,
    pub metonyms: Vec<(String, Option<String>)>,
}

/// Column names of a header, in order. A linear scan of these few short names is much
/// cheaper than hashing the name for every cell (it showed up in load profiles).
struct Cols(Vec<String>);

impl Cols {
    fn index(&self, name: &str) -> Option<usize> {
        self.0.iter().position(|c| c == name)
    }
}

/// A row with a header lookup.
struct Row<'a> {
    rec: &'a csv::StringRecord,
    cols: &'a Cols,
}

impl Row<'_> {
    fn get(&self, name: &str) -> &str {
        self.cols
            .index(name)
            .and_then(|i| self.rec.get(i))
            .map(str::trim)
            .unwrap_or("")
    }
    fn opt(&self, name: &str) -> Option<String> {
        let v = self.get(name);
        (!v.is_empty()).then(|| v.to_owned())
    }
    fn list(&self, name: &str) -> Vec<String> {
        split_list(self.get(name))
    }
}

/// Splits a `|`-separated cell.
pub(crate) fn split_list(s: &str) -> Vec<String> {
    s.split('|')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Parses a date cell; `Err` for a non-empty cell that is not `YYYY-MM-DD` (or `YYYY-MM`, `YYYY`).
pub(crate) fn parse_date(s: &str) -> Result<Option<NaiveDate>, String> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Ok(Some(d));
    }
    // Month or year precision: the schema says use the 1st, but be forgiving.
    if let Ok(d) = NaiveDate::parse_from_str(&format!("{s}-01"), "%Y-%m-%d") {
        return Ok(Some(d));
    }
    if let Ok(d) = NaiveDate::parse_from_str(&format!("{s}-01-01"), "%Y-%m-%d") {
        return Ok(Some(d));
    }
    Err(format!("bad date {s:?}"))
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

/// Parses `text` (the contents of `file`) and returns the rows of that table in `out`.
pub(crate) fn parse_file(file: &str, text: &str, out: &mut Tables, issues: &mut Vec<LintIssue>) {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .comment(Some(b'#'))
        // No `Trim::All`: cells are trimmed where they are read (`Row::get`, `split_list`),
        // and trimming every record twice cost a tenth of the load.
        .from_reader(text.as_bytes());
    let cols = match rdr.headers() {
        Ok(h) => Cols(
            h.iter()
                .map(|n| n.trim().trim_start_matches('\u{feff}').to_owned())
                .collect(),
        ),
        Err(e) => {
            issues.push(LintIssue::error("kb.csv", format!("cannot read header: {e}")).at(file, 1));
            return;
        }
    };
    let required: &[&str] = match file {
        "states.csv" | "states_extra.csv" => &["iso3", "name"],
        "state_aliases.csv" => &["iso3"],
        "places.csv" => &["id", "name", "country", "kind"],
        "people.csv" => &["id", "name", "country", "role"],
        "institutions.csv" => &["id", "name", "country", "sector"],
        "producers.csv" => &["id", "name", "country"],
        "sector_nouns.csv" => &["noun", "sector"],
        "igos.csv" => &["id", "name", "code"],
        "groups.csv" => &["id", "name", "sector"],
        "weapon_taxonomy.csv" => &["code"],
        "weapon_systems.csv" => &["id", "designation", "category"],
        "weapon_nouns.csv" => &["phrase", "category"],
        _ => &[],
    };
    if text.trim().is_empty() {
        return;
    }
    for r in required {
        if cols.index(r).is_none() {
            issues.push(LintIssue::error("kb.header", format!("missing column {r:?}")).at(file, 1));
            return;
        }
    }
    // One record reused for every row: a fresh allocation per row showed up in load profiles.
    let mut rec = csv::StringRecord::new();
    loop {
        match rdr.read_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                issues.push(LintIssue::error("kb.csv", format!("{e}")).at(file, line));
                continue;
            }
        }
        let line = rec.position().map(|p| p.line()).unwrap_or(0);
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let row = Row {
            rec: &rec,
            cols: &cols,
        };
        for r in required {
            if row.get(r).is_empty() {
                issues.push(LintIssue::error("kb.empty", format!("empty {r:?}")).at(file, line));
            }
        }
        if required.iter().any(|r| row.get(r).is_empty()) {
            continue;
        }
        let mut check_slug = |id: &str| {
            if !is_slug(id) {
                issues.push(
                    LintIssue::error("kb.id", format!("id {id:?} is not a lowercase slug"))
                        .at(file, line),
                );
            }
        };
        match file {
            // states_extra.csv: hand-written states iso-codes lacks (Kosovo, XKX).
            "states.csv" | "states_extra.csv" => out.states.push(State {
                iso3: row.get("iso3").to_owned(),
                iso2: row.get("iso2").to_owned(),
                name: row.get("name").to_owned(),
                official_name: row.opt("official_name"),
                common_name: row.opt("common_name"),
                ..State::default()
            }),
            "state_aliases.csv" => out.state_aliases.push(StateAliasRow {
                iso3: row.get("iso3").to_owned(),
                aliases: row.list("aliases"),
                adjectives: row.list("adjectives"),
                demonyms: row.list("demonyms"),
                capitals: row.list("capitals"),
                metonyms: row
                    .list("metonyms")
                    .into_iter()
                    .map(|m| match m.split_once('=') {
                        Some((a, s)) => (a.trim().to_owned(), Some(s.trim().to_owned())),
                        None => (m, None),
                    })
                    .collect(),
            }),
            "places.csv" => {
                check_slug(row.get("id"));
                let num = |c: &str| -> Option<f64> { row.get(c).parse().ok() };
                for c in ["lat", "lon", "population"] {
                    if !row.get(c).is_empty() && num(c).is_none() {
                        issues.push(
                            LintIssue::error("kb.number", format!("bad number in {c}"))
                                .at(file, line),
                        );
                    }
                }
                out.places.push(Place {
                    id: row.get("id").to_owned(),
                    name: row.get("name").to_owned(),
                    aliases: row.list("aliases"),
                    country: row.get("country").to_owned(),
                    kind: row.get("kind").to_owned(),
                    lat: num("lat"),
                    lon: num("lon"),
                    population: row.get("population").parse().ok(),
                });
            }
            "people.csv" => {
                check_slug(row.get("id"));
                let mut date = |c: &str| match parse_date(row.get(c)) {
                    Ok(d) => d,
                    Err(m) => {
                        issues
                            .push(LintIssue::error("kb.date", format!("{c}: {m}")).at(file, line));
                        None
                    }
                };
                let start = date("start");
                let end = date("end");
                out.people.push(Person {
                    id: row.get("id").to_owned(),
                    name: row.get("name").to_owned(),
                    aliases: row.list("aliases"),
                    country: row.get("country").to_owned(),
                    role: row.get("role").to_owned(),
                    sector: row.get("sector").to_owned(),
                    start,
                    end,
                });
            }
            "institutions.csv" => {
                check_slug(row.get("id"));
                out.institutions.push(Institution {
                    id: row.get("id").to_owned(),
                    name: row.get("name").to_owned(),
                    aliases: row.list("aliases"),
                    country: row.get("country").to_owned(),
                    sector: row.get("sector").to_owned(),
                });
            }
            "producers.csv" => {
                check_slug(row.get("id"));
                let mut date = |c: &str| match parse_date(row.get(c)) {
                    Ok(d) => d,
                    Err(m) => {
                        issues
                            .push(LintIssue::error("kb.date", format!("{c}: {m}")).at(file, line));
                        None
                    }
                };
                let valid_from = date("valid_from");
                let valid_to = date("valid_to");
                let sector = row.get("sector");
                out.producers.push(Producer {
                    id: row.get("id").to_owned(),
                    name: row.get("name").to_owned(),
                    aliases: row.list("aliases"),
                    country: row.get("country").to_owned(),
                    parent: row.opt("parent"),
                    sector: if sector.is_empty() { "BUS" } else { sector }.to_owned(),
                    valid_from,
                    valid_to,
                    notes: row.get("notes").to_owned(),
                });
            }
            "sector_nouns.csv" => out.sector_nouns.push(SectorNoun {
                noun: row.get("noun").to_owned(),
                sector: row.get("sector").to_owned(),
                kind: row.get("kind").to_owned(),
                office: row.opt("office"),
            }),
            "igos.csv" => {
                check_slug(row.get("id"));
                out.igos.push(Igo {
                    id: row.get("id").to_owned(),
                    name: row.get("name").to_owned(),
                    aliases: row.list("aliases"),
                    code: row.get("code").to_owned(),
                    parent: row.opt("parent"),
                });
            }
            "groups.csv" => {
                check_slug(row.get("id"));
                out.groups.push(Group {
                    id: row.get("id").to_owned(),
                    name: row.get("name").to_owned(),
                    aliases: row.list("aliases"),
                    kind: row.get("kind").to_owned(),
                    sector: row.get("sector").to_owned(),
                    countries: row.list("countries"),
                });
            }
            "weapon_taxonomy.csv" => out.taxonomy.push(Category {
                code: row.get("code").to_owned(),
                label: row.get("label").to_owned(),
                description: row.get("description").to_owned(),
            }),
            "weapon_systems.csv" => {
                check_slug(row.get("id"));
                out.weapon_systems.push(WeaponSystem {
                    id: row.get("id").to_owned(),
                    designation: row.get("designation").to_owned(),
                    aliases: row.list("aliases"),
                    category: row.get("category").to_owned(),
                    origin: row.opt("origin"),
                    producer: row.opt("producer"),
                    // `|` like every list; `;` accepted too, as the issue wrote it.
                    licensed: row
                        .get("licensed")
                        .split(['|', ';'])
                        .map(str::trim)
                        .filter(|x| !x.is_empty())
                        .map(str::to_owned)
                        .collect(),
                    notes: row.get("notes").to_owned(),
                });
            }
            "weapon_nouns.csv" => {
                let m = row.get("modifier_only").to_ascii_lowercase();
                out.weapon_nouns.push(WeaponNoun {
                    phrase: row.get("phrase").to_owned(),
                    category: row.get("category").to_owned(),
                    modifier_only: matches!(m.as_str(), "1" | "true" | "yes" | "y"),
                });
            }
            _ => {}
        }
    }
}

/// Merges `over` into `base`: a row whose key exists replaces it, a new key is appended.
fn merge<T, K: Eq + std::hash::Hash>(base: &mut Vec<T>, over: Vec<T>, key: impl Fn(&T) -> K) {
    let mut idx: HashMap<K, usize> = base.iter().enumerate().map(|(i, t)| (key(t), i)).collect();
    for row in over {
        let k = key(&row);
        match idx.get(&k) {
            Some(&i) => base[i] = row,
            None => {
                idx.insert(k, base.len());
                base.push(row);
            }
        }
    }
}

impl Tables {
    /// Merges an overlay's tables over these.
    pub(crate) fn merge(&mut self, o: Tables) {
        merge(&mut self.states, o.states, |s| s.iso3.clone());
        merge(&mut self.state_aliases, o.state_aliases, |s| s.iso3.clone());
        merge(&mut self.places, o.places, |s| s.id.clone());
        merge(&mut self.people, o.people, |s| s.id.clone());
        merge(&mut self.institutions, o.institutions, |s| s.id.clone());
        merge(&mut self.producers, o.producers, |s| s.id.clone());
        merge(&mut self.sector_nouns, o.sector_nouns, |s| s.noun.clone());
        merge(&mut self.igos, o.igos, |s| s.id.clone());
        merge(&mut self.groups, o.groups, |s| s.id.clone());
        merge(&mut self.taxonomy, o.taxonomy, |s| s.code.clone());
        merge(&mut self.weapon_systems, o.weapon_systems, |s| s.id.clone());
        merge(&mut self.weapon_nouns, o.weapon_nouns, |s| s.phrase.clone());
    }
}

/// Severity helper used by the loader for duplicate keys inside one file.
pub(crate) fn duplicate_keys<T>(
    file: &str,
    rows: &[T],
    key: impl Fn(&T) -> String,
    issues: &mut Vec<LintIssue>,
) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for r in rows {
        *seen.entry(key(r)).or_default() += 1;
    }
    let mut d: Vec<_> = seen.into_iter().filter(|(_, n)| *n > 1).collect();
    d.sort();
    for (k, n) in d {
        issues.push(LintIssue {
            severity: Severity::Error,
            code: "kb.duplicate_id",
            message: format!("{file}: key {k:?} appears {n} times"),
            file: Some(file.to_owned()),
            line: None,
        });
    }
}
