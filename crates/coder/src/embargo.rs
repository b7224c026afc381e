//! UN arms embargoes: a data table (`data/embargoes.csv`) applied to transfers by date and
//! direction. Kept as data so analysts can read, check and extend it without touching code.

use chrono::NaiveDate;
use sitrep_record::{Actor, ActorKind, Flag};

/// Which side of a transfer an embargo bans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Supplying the target.
    To,
    /// Procuring from the target.
    From,
    /// Both.
    Both,
}

/// Whom within the target an embargo covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every actor of the state.
    All,
    /// Only non-government actors of the state.
    NonState,
    /// Only the named groups.
    Named,
}

/// One embargo row.
#[derive(Debug, Clone)]
pub struct Embargo {
    /// Row id.
    pub id: String,
    /// ISO3 code, or lower-cased group names/ids for named embargoes.
    pub targets: Vec<String>,
    /// Direction.
    pub direction: Direction,
    /// Scope.
    pub scope: Scope,
    /// Legal basis, e.g. `UNSC 1718 (2006)`.
    pub basis: String,
    /// In force from.
    pub start: NaiveDate,
    /// In force until (inclusive); `None` while in force.
    pub end: Option<NaiveDate>,
}

/// A malformed row of the embargo table.
#[derive(Debug, thiserror::Error)]
#[error("embargoes.csv line {line}: {reason}")]
pub struct EmbargoError {
    /// Line number.
    pub line: usize,
    /// What is wrong.
    pub reason: String,
}

impl EmbargoError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        "embargo_table"
    }
}

/// The embargo table.
#[derive(Debug, Clone, Default)]
pub struct Embargoes {
    rows: Vec<Embargo>,
}

const BUILTIN: &str = include_str!("../data/embargoes.csv");

/// Sectors that mark an actor as non-governmental for `non_state` embargoes.
const NON_STATE_SECTORS: [&str; 7] = ["REB", "INS", "OPP", "SEP", "PMC", "CRM", "UAF"];

impl Embargoes {
    /// The built-in table. It is checked by the tests, so a parse failure here is a build bug;
    /// an empty table is returned rather than a panic.
    pub fn builtin() -> Self {
        Self::parse(BUILTIN).unwrap_or_default()
    }

    /// Parses a table in the `embargoes.csv` format.
    pub fn parse(text: &str) -> Result<Self, EmbargoError> {
        let body: String = text
            .lines()
            .filter(|l| !l.starts_with('#'))
            .collect::<Vec<_>>()
            .join("\n");
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(body.as_bytes());
        let mut rows = Vec::new();
        for (i, rec) in rdr.records().enumerate() {
            let line = i + 2;
            let err = |reason: String| EmbargoError { line, reason };
            let rec = rec.map_err(|e| err(e.to_string()))?;
            let get = |k: usize| rec.get(k).unwrap_or("").trim();
            let date = |s: &str| {
                NaiveDate::parse_from_str(s, "%Y-%m-%d")
                    .map_err(|e| err(format!("date {s:?}: {e}")))
            };
            rows.push(Embargo {
                id: get(0).to_owned(),
                targets: get(1).split('|').map(|t| t.trim().to_lowercase()).collect(),
                direction: match get(2) {
                    "to" => Direction::To,
                    "from" => Direction::From,
                    "both" => Direction::Both,
                    d => return Err(err(format!("direction {d:?}"))),
                },
                scope: match get(3) {
                    "all" => Scope::All,
                    "non_state" => Scope::NonState,
                    "named" => Scope::Named,
                    s => return Err(err(format!("scope {s:?}"))),
                },
                basis: get(4).to_owned(),
                start: date(get(5))?,
                end: if get(6).is_empty() {
                    None
                } else {
                    Some(date(get(6))?)
                },
            });
        }
        Ok(Self { rows })
    }

    /// All rows.
    pub fn rows(&self) -> &[Embargo] {
        &self.rows
    }

    /// Flags for a transfer between two states given by ISO3 code.
    pub fn flags(
        &self,
        supplier: Option<&str>,
        recipient: Option<&str>,
        date: Option<NaiveDate>,
    ) -> Vec<Flag> {
        let mk = |c: &str| Actor {
            text: c.to_owned(),
            name: c.to_owned(),
            kind: ActorKind::State,
            country: Some(c.to_owned()),
            sector: None,
            id: None,
        };
        let s = supplier.map(mk);
        let r = recipient.map(mk);
        self.flags_for(s.as_ref(), r.as_ref(), date)
    }

    /// Flags for a transfer between two actors, honouring group and non-state scopes.
    pub fn flags_for(
        &self,
        supplier: Option<&Actor>,
        recipient: Option<&Actor>,
        date: Option<NaiveDate>,
    ) -> Vec<Flag> {
        let mut out: Vec<Flag> = Vec::new();
        for e in &self.rows {
            let in_force = match date {
                Some(d) => d >= e.start && e.end.is_none_or(|end| d <= end),
                None => e.end.is_none(),
            };
            if !in_force {
                continue;
            }
            let sides: &[Option<&Actor>] = match e.direction {
                Direction::To => &[recipient],
                Direction::From => &[supplier],
                Direction::Both => &[supplier, recipient],
            };
            for a in sides.iter().flatten() {
                if e.covers(a) {
                    let flag = Flag {
                        kind: sitrep_record::UN_ARMS_EMBARGO.to_owned(),
                        country: a.country.clone(),
                        basis: Some(e.basis.clone()),
                    };
                    if !out.contains(&flag) {
                        out.push(flag);
                    }
                }
            }
        }
        out
    }
}

impl Embargo {
    fn covers(&self, a: &Actor) -> bool {
        match self.scope {
            Scope::Named => {
                let id = a.id.as_deref().unwrap_or("").to_lowercase();
                let name = a.name.to_lowercase();
                self.targets.iter().any(|t| *t == id || *t == name)
            }
            Scope::All | Scope::NonState => {
                let Some(c) = a.country.as_deref() else {
                    return false;
                };
                if !self.targets.iter().any(|t| t.eq_ignore_ascii_case(c)) {
                    return false;
                }
                self.scope == Scope::All
                    || a.kind == ActorKind::Group
                    || a.sector
                        .as_deref()
                        .is_some_and(|s| NON_STATE_SECTORS.contains(&s))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
    }

    #[test]
    fn builtin_table_parses_completely() {
        let rows = BUILTIN
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .count()
            - 1;
        let t = Embargoes::parse(BUILTIN).expect("built-in embargo table parses");
        assert_eq!(t.rows().len(), rows);
    }

    #[test]
    fn dprk_both_directions() {
        let t = Embargoes::builtin();
        let f = t.flags(Some("PRK"), Some("RUS"), d("2023-09-01"));
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].country.as_deref(), Some("PRK"));
        assert_eq!(f[0].basis.as_deref(), Some("UNSC 1718 (2006)"));
        assert_eq!(t.flags(Some("RUS"), Some("PRK"), d("2023-09-01")).len(), 1);
        // Before the resolution: nothing.
        assert!(
            t.flags(Some("PRK"), Some("SYR"), d("2005-01-01"))
                .is_empty()
        );
    }

    #[test]
    fn iran_by_date_and_direction() {
        let t = Embargoes::builtin();
        assert_eq!(t.flags(Some("IRN"), Some("RUS"), d("2015-01-01")).len(), 1);
        // Between the 2020 expiry and the 2025 snapback nothing applies.
        assert!(
            t.flags(Some("IRN"), Some("RUS"), d("2022-10-01"))
                .is_empty()
        );
        assert_eq!(t.flags(Some("IRN"), Some("RUS"), d("2026-01-10")).len(), 1);
    }

    #[test]
    fn non_state_and_named_scopes() {
        let t = Embargoes::builtin();
        let gov = Actor {
            text: "Sudan".into(),
            name: "Sudan".into(),
            kind: ActorKind::State,
            country: Some("SDN".into()),
            sector: Some("GOV".into()),
            id: None,
        };
        let rsf = Actor {
            text: "the RSF".into(),
            name: "Rapid Support Forces".into(),
            kind: ActorKind::Group,
            country: Some("SDN".into()),
            sector: Some("REB".into()),
            id: Some("rsf".into()),
        };
        assert!(t.flags_for(None, Some(&gov), d("2024-05-01")).is_empty());
        assert_eq!(t.flags_for(None, Some(&rsf), d("2024-05-01")).len(), 1);
        let houthis = Actor {
            text: "the Houthis".into(),
            name: "Houthis".into(),
            kind: ActorKind::Group,
            country: Some("YEM".into()),
            sector: Some("REB".into()),
            id: Some("houthis".into()),
        };
        let f = t.flags_for(None, Some(&houthis), d("2024-02-01"));
        assert_eq!(f[0].basis.as_deref(), Some("UNSC 2216 (2015)"));
    }

    #[test]
    fn undated_events_see_only_embargoes_in_force() {
        let t = Embargoes::builtin();
        assert_eq!(t.flags(Some("PRK"), None, None).len(), 1);
        assert!(t.flags(None, Some("LBR"), None).is_empty());
    }
}
