//! PETRARCH/TABARI dictionary import: actor dictionaries (`NAME_ [CODE dates]`, `+SYNONYM`,
//! indented code lines, `#` comments) and agent dictionaries (`NOUN {PLURALS} [~CODE]`,
//! `!MACRO! = a, b` substitutions) become overlay CSVs in the built-in schema, so that a user's
//! CAMEO dictionaries keep working through `Kb::with_overlay`.
//!
//! Mapping: an entry with a dated code is a person (one `people.csv` row per dated code, role
//! `other`); an undated entry whose name reads like a body is an institution, or a group when its
//! sector is a non-state one (REB, INS, SEP, IMG, UAF); undated short names are people; entries
//! whose only codes are bare country codes are country names (covered by `state_aliases.csv`) and
//! are skipped. Imported ids are prefixed `petr-` so that an import never silently replaces a
//! built-in row. CAMEO country codes that differ from ISO 3166-1 are mapped (ROM → ROU, ZAR →
//! COD, …); codes that name no state are counted and skipped.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::{Group, Institution, Kb, KbError, Person, SectorNoun};

/// An overlay table to write: file name, header, rows.
type OverlayTable<'a> = (&'a str, &'a [&'a str], Vec<Vec<String>>);

/// CAMEO country codes that differ from ISO 3166-1 alpha-3.
pub const CAMEO_TO_ISO: &[(&str, &str)] = &[
    ("ROM", "ROU"),
    ("ZAR", "COD"),
    ("TMP", "TLS"),
    ("YUG", "SRB"),
    ("SCG", "SRB"),
    ("SER", "SRB"),
    ("BUR", "MMR"),
    ("CSK", "CZE"),
    ("DDR", "DEU"),
    ("GDR", "DEU"),
    ("FRG", "DEU"),
    ("SUN", "RUS"),
    ("USR", "RUS"),
    ("PAL", "PSE"),
    ("WSB", "PSE"),
    ("GZS", "PSE"),
    ("ANT", "NLD"),
    ("TAW", "TWN"),
    ("BHU", "BTN"),
    ("KOS", "XKX"),
];

/// Non-state sectors that make an undated entry a group rather than an institution.
const GROUP_SECTORS: &[&str] = &["REB", "INS", "SEP", "IMG", "UAF", "PMC", "TER"];

const ORG_WORDS: &[&str] = &[
    "ARMY",
    "FORCE",
    "FORCES",
    "MINISTRY",
    "MINISTRIES",
    "COUNCIL",
    "PARTY",
    "FRONT",
    "MOVEMENT",
    "ORGANIZATION",
    "ORGANISATION",
    "BRIGADE",
    "BRIGADES",
    "GROUP",
    "GROUPS",
    "COMMITTEE",
    "AGENCY",
    "SERVICE",
    "SERVICES",
    "POLICE",
    "GOVERNMENT",
    "PARLIAMENT",
    "ASSEMBLY",
    "COURT",
    "BANK",
    "UNION",
    "LEAGUE",
    "ALLIANCE",
    "CORPS",
    "GUARD",
    "GUARDS",
    "COMMISSION",
    "OFFICE",
    "DEPARTMENT",
    "BUREAU",
    "INSTITUTE",
    "ASSOCIATION",
    "FEDERATION",
    "NATIONS",
    "CONGRESS",
    "SENATE",
    "CABINET",
    "MILITIA",
    "MILITIAS",
    "NAVY",
    "AIR",
    "AUTHORITY",
    "SECURITY",
    "INTELLIGENCE",
    "BOARD",
    "FUND",
    "PROGRAMME",
    "PROGRAM",
    "CENTER",
    "CENTRE",
    "COMPANY",
    "CORPORATION",
    "NETWORK",
    "CELLS",
    "CELL",
    "COMMAND",
    "REGIME",
    "JUNTA",
    "ADMINISTRATION",
    "DIRECTORATE",
    "SECRETARIAT",
    "TRIBUNAL",
    "PRESIDENCY",
    "UNIVERSITY",
    "MISSION",
    "PANEL",
    "TEAM",
    "TASK",
    "ARMED",
    "BATTALION",
    "DIVISION",
    "REGIMENT",
    "NUCLEI",
    "FACTION",
    "ORGANIZATIONS",
    "COALITION",
    "CONFERENCE",
    "COMMUNITY",
    "SOCIETY",
    "RED",
    "POLITBURO",
];

/// The result of an import.
#[derive(Debug, Default, Clone)]
pub struct Import {
    /// People rows.
    pub people: Vec<Person>,
    /// Institutions.
    pub institutions: Vec<Institution>,
    /// Non-state groups.
    pub groups: Vec<Group>,
    /// Agent nouns.
    pub sector_nouns: Vec<SectorNoun>,
    /// Counts.
    pub stats: ImportStats,
}

/// Counts of what an import saw and produced.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ImportStats {
    /// Files read.
    pub files: usize,
    /// Actor headwords seen.
    pub actor_entries: usize,
    /// `+` synonyms seen.
    pub synonyms: usize,
    /// Agent lines seen.
    pub agent_entries: usize,
    /// Country-name entries skipped (state_aliases covers them).
    pub skipped_country_names: usize,
    /// Entries skipped because no code named a known state or IGO.
    pub skipped_unknown_code: usize,
    /// Code lines with an unreadable date.
    pub bad_dates: usize,
    /// Distinct unknown country codes met.
    pub unknown_codes: BTreeMap<String, usize>,
}

#[derive(Debug, Default)]
struct Entry {
    name: String,
    synonyms: Vec<String>,
    codes: Vec<(String, Option<NaiveDate>, Option<NaiveDate>)>,
}

/// Parses `YYMMDD` or `YYYYMMDD` (two-digit years ≤ 30 are 20xx).
fn tabari_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (y, rest) = match s.len() {
        6 => {
            let yy: i32 = s[..2].parse().ok()?;
            (if yy <= 30 { 2000 + yy } else { 1900 + yy }, &s[2..])
        }
        8 => (s[..4].parse().ok()?, &s[4..]),
        _ => return None,
    };
    let m: u32 = rest[..2].parse().ok()?;
    let d: u32 = rest[2..].parse().ok()?;
    NaiveDate::from_ymd_opt(y, m, d)
}

/// Parses the inside of one `[...]` code group; `None` dates are open ends. The `bool` is false
/// when a date was present but unreadable.
fn parse_code(inner: &str) -> (String, Option<NaiveDate>, Option<NaiveDate>, bool) {
    let mut parts = inner.split_whitespace();
    let code = parts.next().unwrap_or("").to_owned();
    let Some(d) = parts.next() else {
        return (code, None, None, true);
    };
    if let Some(x) = d.strip_prefix('>') {
        let s = tabari_date(x);
        return (code, s, None, s.is_some());
    }
    if let Some(x) = d.strip_prefix('<') {
        let e = tabari_date(x);
        return (code, None, e, e.is_some());
    }
    if let Some((a, b)) = d.split_once('-') {
        let (s, e) = (tabari_date(a), tabari_date(b));
        return (code, s, e, s.is_some() && e.is_some());
    }
    (code, None, None, false)
}

fn brackets(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(i) = rest.find('[') {
        let Some(j) = rest[i..].find(']') else { break };
        out.push(&rest[i + 1..i + j]);
        rest = &rest[i + j + 1..];
    }
    out
}

/// Acronyms with vowels that title-casing would spoil.
const KEEP_UPPER: &[&str] = &[
    "UN", "EU", "US", "UK", "AU", "UAE", "PLA", "NATO", "IMF", "OSCE", "IAEA", "ASEAN", "OPEC",
    "OAS", "ECOWAS", "ISIS", "ISIL", "IRA", "ETA", "FARC", "ELN", "AQAP", "AQIM", "OIC", "WFP",
    "UNICEF",
];

/// "HAMID_KARZAI_" → "Hamid Karzai"; short all-caps single words (UN, NATO) stay upper case.
pub fn tidy_name(raw: &str) -> String {
    let spaced: String = raw.replace('_', " ");
    let words: Vec<&str> = spaced.split_whitespace().collect();
    if words.len() == 1 && words[0].trim_matches('.').len() <= 5 {
        return words[0].to_owned();
    }
    let mut out = Vec::new();
    for w in words {
        let core = w.trim_matches(|c: char| !c.is_alphanumeric());
        let no_vowel = core.len() >= 2 && !core.chars().any(|c| "AEIOUY".contains(c));
        if w.starts_with('(') || no_vowel || KEEP_UPPER.contains(&core) {
            out.push(w.to_owned());
            continue;
        }
        let mut s = String::with_capacity(w.len());
        let mut start = true;
        for c in w.chars() {
            if start {
                s.extend(c.to_uppercase());
            } else {
                s.extend(c.to_lowercase());
            }
            start = !c.is_alphanumeric() && c != '\'';
        }
        out.push(s);
    }
    let lower = ["Of", "The", "And", "For", "In", "On", "De", "Al", "El"];
    out.iter()
        .enumerate()
        .map(|(i, w)| {
            if i > 0 && lower.contains(&w.as_str()) && w != "Al" && w != "El" {
                w.to_lowercase()
            } else {
                w.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

/// Splits a trailing "(ACR)" off a name: ("Islamic Army of Aden", Some("IAA")).
fn split_acronym(name: &str) -> (String, Option<String>) {
    if let (Some(i), true) = (name.rfind('('), name.ends_with(')')) {
        let acr = name[i + 1..name.len() - 1].trim().to_owned();
        let base = name[..i].trim().to_owned();
        if !base.is_empty() {
            return (base, (acr.len() >= 2).then_some(acr));
        }
    }
    (name.to_owned(), None)
}

fn is_org_name(raw: &str) -> bool {
    raw.split(['_', ' ', '-']).any(|w| {
        ORG_WORDS.contains(
            &w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_ascii_uppercase()
                .as_str(),
        )
    })
}

/// Imports dictionaries given as (name, text) pairs; agents files are recognised by their
/// `[~CODE]` entries.
pub fn import<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> Import {
    let kb = Kb::shared();
    let igo_codes: HashSet<String> = kb.igos().iter().map(|i| i.code.clone()).collect();
    let cameo: HashMap<&str, &str> = CAMEO_TO_ISO.iter().copied().collect();
    let mut imp = Import::default();
    let mut person_ids: HashMap<String, usize> = HashMap::new();
    let mut inst_ids: HashSet<String> = HashSet::new();
    let mut nouns: HashSet<String> = HashSet::new();

    for (_name, text) in files {
        imp.stats.files += 1;
        let is_agents = text.lines().filter(|l| l.contains("[~")).take(3).count() >= 3;
        if is_agents {
            import_agents(text, &mut imp, &mut nouns);
            continue;
        }
        let mut entries: Vec<Entry> = Vec::new();
        for raw in text.lines() {
            let line = raw.split('#').next().unwrap_or("");
            if line.trim().is_empty() {
                continue;
            }
            let first = line.chars().next().unwrap_or(' ');
            if first == '+' {
                if let Some(e) = entries.last_mut() {
                    let syn = line[1..].split('[').next().unwrap_or("").trim();
                    if !syn.is_empty() {
                        e.synonyms.push(syn.to_owned());
                        imp.stats.synonyms += 1;
                    }
                    for b in brackets(line) {
                        let (c, s, en, ok) = parse_code(b);
                        imp.stats.bad_dates += usize::from(!ok);
                        e.codes.push((c, s, en));
                    }
                }
                continue;
            }
            if first.is_whitespace() || first == '[' {
                if let Some(e) = entries.last_mut() {
                    for b in brackets(line) {
                        let (c, s, en, ok) = parse_code(b);
                        imp.stats.bad_dates += usize::from(!ok);
                        e.codes.push((c, s, en));
                    }
                }
                continue;
            }
            let head = line.split('[').next().unwrap_or("").trim();
            if head.is_empty() {
                continue;
            }
            let mut e = Entry {
                name: head.to_owned(),
                ..Entry::default()
            };
            for b in brackets(line) {
                let (c, s, en, ok) = parse_code(b);
                imp.stats.bad_dates += usize::from(!ok);
                e.codes.push((c, s, en));
            }
            entries.push(e);
        }
        imp.stats.actor_entries += entries.len();

        for e in entries {
            // (country, sector, start, end) per usable code.
            let mut codes: Vec<(String, String, Option<NaiveDate>, Option<NaiveDate>)> = Vec::new();
            let mut any_sector = false;
            for (code, s, en) in &e.codes {
                let code = code.trim_start_matches('~');
                if code.len() < 3 || code.starts_with('-') {
                    continue;
                }
                let head = &code[..3];
                let tail = &code[3..];
                let (country, sector) = if head == "IGO" && tail.len() >= 3 {
                    let c = &tail[..3];
                    (c.to_owned(), "IGO".to_owned())
                } else {
                    let iso = cameo.get(head).copied().unwrap_or(head);
                    if kb.state(iso).is_none() || iso.len() != 3 {
                        if head.chars().all(|c| c.is_ascii_uppercase()) {
                            *imp.stats.unknown_codes.entry(head.to_owned()).or_default() += 1;
                        }
                        continue;
                    }
                    (iso.to_owned(), tail.get(..3).unwrap_or("").to_owned())
                };
                if sector == "IGO" && !igo_codes.contains(&country) {
                    *imp.stats
                        .unknown_codes
                        .entry(format!("IGO{country}"))
                        .or_default() += 1;
                    continue;
                }
                any_sector |= !sector.is_empty();
                codes.push((country, sector, *s, *en));
            }
            if codes.is_empty() {
                imp.stats.skipped_unknown_code += 1;
                continue;
            }
            let dated = codes.iter().any(|c| c.2.is_some() || c.3.is_some());
            if !dated && !any_sector {
                imp.stats.skipped_country_names += 1;
                continue;
            }
            let (name, acr) = split_acronym(&tidy_name(&e.name));
            let mut aliases: Vec<String> = Vec::new();
            for s in &e.synonyms {
                let (n, a) = split_acronym(&tidy_name(s));
                aliases.push(n);
                aliases.extend(a);
            }
            aliases.extend(acr);
            aliases.retain(|a| a != &name && !a.is_empty());
            aliases.dedup();
            let base = format!("petr-{}", slug(&name));
            if base == "petr-" {
                imp.stats.skipped_unknown_code += 1;
                continue;
            }
            let words = name.split_whitespace().count();
            let person = dated || (!is_org_name(&e.name) && (2..=4).contains(&words));
            if person {
                for (country, sector, s, en) in codes {
                    // An undated code beside dated ones is TABARI's default; keep only dated ones.
                    if dated && s.is_none() && en.is_none() {
                        continue;
                    }
                    let n = person_ids.entry(base.clone()).or_default();
                    *n += 1;
                    imp.people.push(Person {
                        id: format!("{base}-{n}"),
                        name: name.clone(),
                        aliases: aliases.clone(),
                        country,
                        role: "other".to_owned(),
                        sector,
                        start: s,
                        end: en,
                    });
                }
            } else {
                let Some((country, sector, _, _)) = codes.iter().find(|c| !c.1.is_empty()).cloned()
                else {
                    continue;
                };
                if !inst_ids.insert(base.clone()) {
                    continue;
                }
                if GROUP_SECTORS.contains(&sector.as_str()) {
                    let mut countries: Vec<String> = Vec::new();
                    for c in &codes {
                        if !countries.contains(&c.0) {
                            countries.push(c.0.clone());
                        }
                    }
                    imp.groups.push(Group {
                        id: base,
                        name,
                        aliases,
                        kind: "group".to_owned(),
                        sector,
                        countries,
                    });
                } else {
                    imp.institutions.push(Institution {
                        id: base,
                        name,
                        aliases,
                        country,
                        sector,
                    });
                }
            }
        }
    }
    imp
}

fn import_agents(text: &str, imp: &mut Import, seen: &mut HashSet<String>) {
    let mut macros: Vec<(String, Vec<String>)> = Vec::new();
    for raw in text.lines() {
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        if line.starts_with('!')
            && let Some((k, v)) = line.split_once('=')
            && !line.contains('[')
        {
            macros.push((
                k.trim().to_owned(),
                v.split(',')
                    .map(|x| x.trim().to_owned())
                    .filter(|x| !x.is_empty())
                    .collect(),
            ));
            continue;
        }
        let Some(code) = brackets(line).into_iter().find(|b| b.contains('~')) else {
            continue;
        };
        imp.stats.agent_entries += 1;
        let code = code
            .split_whitespace()
            .next()
            .unwrap_or("")
            .replace('~', "");
        let sector = code.get(..3).unwrap_or("").to_owned();
        if sector.len() != 3 || !sector.chars().all(|c| c.is_ascii_uppercase()) {
            continue;
        }
        let head = line.split(['[', '{']).next().unwrap_or("").trim();
        let mut plurals: Vec<String> = Vec::new();
        if let (Some(i), Some(j)) = (line.find('{'), line.find('}'))
            && i < j
        {
            plurals.extend(line[i + 1..j].split_whitespace().map(str::to_owned));
        }
        let mut forms = vec![head.to_owned()];
        for (k, vals) in &macros {
            let mut next = Vec::new();
            for f in &forms {
                if f.contains(k.as_str()) {
                    next.extend(vals.iter().map(|v| f.replace(k.as_str(), v)));
                } else {
                    next.push(f.clone());
                }
            }
            forms = next;
        }
        forms.extend(plurals);
        for f in forms {
            let noun = f
                .replace('_', " ")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase();
            if noun.is_empty() || noun.contains('!') || !noun.chars().any(char::is_alphabetic) {
                continue;
            }
            if !seen.insert(noun.clone()) {
                continue;
            }
            let kind = if is_org_name(&noun) {
                "organization"
            } else {
                "person"
            };
            imp.sector_nouns.push(SectorNoun {
                noun,
                sector: sector.clone(),
                kind: kind.to_owned(),
                office: None,
            });
        }
    }
}

fn write_csv(path: &Path, header: &[&str], rows: Vec<Vec<String>>) -> Result<usize, KbError> {
    let io = |e: std::io::Error| KbError::Io {
        path: path.display().to_string(),
        source: e,
    };
    let mut w =
        csv::Writer::from_path(path).map_err(|e| io(std::io::Error::other(e.to_string())))?;
    let n = rows.len();
    w.write_record(header)
        .map_err(|e| io(std::io::Error::other(e.to_string())))?;
    for r in rows {
        w.write_record(&r)
            .map_err(|e| io(std::io::Error::other(e.to_string())))?;
    }
    w.flush().map_err(io)?;
    Ok(n)
}

impl Import {
    /// Writes the overlay CSVs (only non-empty tables) into `dir`; returns files and row counts.
    pub fn write_overlay(&self, dir: &Path) -> Result<Vec<(PathBuf, usize)>, KbError> {
        let d = |x: Option<NaiveDate>| {
            x.map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default()
        };
        // One entry per overlay table: file name, header, rows (same columns as the built-in KB).
        let tables: [OverlayTable<'_>; 4] = [
            (
                "people.csv",
                &[
                    "id", "name", "aliases", "country", "role", "sector", "start", "end",
                ],
                self.people
                    .iter()
                    .map(|r| {
                        vec![
                            r.id.clone(),
                            r.name.clone(),
                            r.aliases.join("|"),
                            r.country.clone(),
                            r.role.clone(),
                            r.sector.clone(),
                            d(r.start),
                            d(r.end),
                        ]
                    })
                    .collect(),
            ),
            (
                "institutions.csv",
                &["id", "name", "aliases", "country", "sector"],
                self.institutions
                    .iter()
                    .map(|r| {
                        vec![
                            r.id.clone(),
                            r.name.clone(),
                            r.aliases.join("|"),
                            r.country.clone(),
                            r.sector.clone(),
                        ]
                    })
                    .collect(),
            ),
            (
                "groups.csv",
                &["id", "name", "aliases", "kind", "sector", "countries"],
                self.groups
                    .iter()
                    .map(|r| {
                        vec![
                            r.id.clone(),
                            r.name.clone(),
                            r.aliases.join("|"),
                            r.kind.clone(),
                            r.sector.clone(),
                            r.countries.join("|"),
                        ]
                    })
                    .collect(),
            ),
            (
                "sector_nouns.csv",
                &["noun", "sector", "kind"],
                self.sector_nouns
                    .iter()
                    .map(|r| vec![r.noun.clone(), r.sector.clone(), r.kind.clone()])
                    .collect(),
            ),
        ];
        let mut out = Vec::new();
        for (file, header, rows) in tables {
            if rows.is_empty() {
                continue;
            }
            let p = dir.join(file);
            let n = write_csv(&p, header, rows)?;
            out.push((p, n));
        }
        Ok(out)
    }

    /// One-line summary of the counts.
    pub fn summary(&self) -> String {
        let s = &self.stats;
        let mut unk: Vec<_> = s.unknown_codes.iter().collect();
        unk.sort_by(|a, b| b.1.cmp(a.1));
        let top: Vec<String> = unk
            .iter()
            .take(8)
            .map(|(k, v)| format!("{k}:{v}"))
            .collect();
        format!(
            "files={} actor_entries={} synonyms={} agent_entries={} -> people_rows={} institutions={} groups={} sector_nouns={}; skipped country_names={} unknown_code={} bad_dates={} unknown_codes=[{}]",
            s.files,
            s.actor_entries,
            s.synonyms,
            s.agent_entries,
            self.people.len(),
            self.institutions.len(),
            self.groups.len(),
            self.sector_nouns.len(),
            s.skipped_country_names,
            s.skipped_unknown_code,
            s.bad_dates,
            top.join(" ")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(tabari_date("950101"), NaiveDate::from_ymd_opt(1995, 1, 1));
        assert_eq!(tabari_date("030615"), NaiveDate::from_ymd_opt(2003, 6, 15));
        assert_eq!(tabari_date("19270101"), NaiveDate::from_ymd_opt(1927, 1, 1));
        assert_eq!(tabari_date("2004017"), None);
        let (c, s, e, ok) = parse_code("RUSGOV >000507");
        assert_eq!(
            (c.as_str(), s, e, ok),
            ("RUSGOV", NaiveDate::from_ymd_opt(2000, 5, 7), None, true)
        );
    }

    #[test]
    fn names() {
        assert_eq!(tidy_name("HAMID_KARZAI_"), "Hamid Karzai");
        assert_eq!(tidy_name("UN_"), "UN");
        assert_eq!(
            tidy_name("MINISTRY_OF_THE_INTERIOR"),
            "Ministry of the Interior"
        );
        assert_eq!(slug("Ministry of the Interior"), "ministry-of-the-interior");
    }
}
