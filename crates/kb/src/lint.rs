//! The KB lint.
//!
//! Policy: errors are things that make a lookup wrong or impossible — malformed rows, duplicate
//! ids, one alias naming two different entries of the same kind (two states, two institutions,
//! two IGOs, two groups, two weapon systems), dangling codes (unknown country, taxonomy code,
//! parent), overlapping tenures in the same role and country, bad dates. Warnings are legitimate
//! ambiguities the matcher resolves by priority or the resolver by date: two people sharing an
//! alias ("Kim"), an alias shared across kinds (a city named like a state: the state wins),
//! unknown sector codes. Places are not checked for shared names: gazetteers are full of them.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::{EntryRef, Kb};

/// How bad a lint issue is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Must be fixed; the built-in KB has none.
    Error,
    /// Legitimate ambiguity or oddity worth a look.
    Warning,
}

/// One problem found by [`Kb::lint`] or while loading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LintIssue {
    /// Error or warning.
    pub severity: Severity,
    /// Stable machine code (`kb.alias_conflict`, `kb.dangling`, …).
    pub code: &'static str,
    /// Human-readable description.
    pub message: String,
    /// File, when known.
    pub file: Option<String>,
    /// 1-based line, when known.
    pub line: Option<u64>,
}

impl LintIssue {
    pub(crate) fn error(code: &'static str, message: String) -> Self {
        Self {
            severity: Severity::Error,
            code,
            message,
            file: None,
            line: None,
        }
    }
    pub(crate) fn warning(code: &'static str, message: String) -> Self {
        Self {
            severity: Severity::Warning,
            code,
            message,
            file: None,
            line: None,
        }
    }
    pub(crate) fn at(mut self, file: &str, line: u64) -> Self {
        self.file = Some(file.to_owned());
        self.line = Some(line);
        self
    }
    fn in_file(mut self, file: &str) -> Self {
        self.file = Some(file.to_owned());
        self
    }
}

impl std::fmt::Display for LintIssue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{sev}[{}]", self.code)?;
        if let Some(file) = &self.file {
            write!(f, " {file}")?;
            if let Some(l) = self.line {
                write!(f, ":{l}")?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

/// CAMEO sector/role codes the lint accepts without a warning.
const SECTORS: &[&str] = &[
    "GOV", "MIL", "SPY", "LEG", "JUD", "COP", "REB", "INS", "PTY", "PMC", "OPP", "BUS", "CVL",
    "MED", "EDU", "REL", "HLH", "NGO", "IGO", "ELI", "LAB", "AGR", "REF", "UAF", "SEP", "CRM",
    "MNC", "ENV", "HRI", "DEV", "JEW", "MUS", "CHR", "SPY", "ATH", "RAD", "MOD", "NGM", "IMG",
    "TER", "AMN", "IRC", "UNO", "SET", "RES",
];

fn key_of(e: &EntryRef) -> Option<(&'static str, &str)> {
    match e {
        EntryRef::State { iso3, .. } => Some(("state", iso3)),
        EntryRef::Institution(i) => Some(("institution", i)),
        EntryRef::Producer(i) => Some(("producer", i)),
        EntryRef::Igo(i) => Some(("igo", i)),
        EntryRef::Group(i) => Some(("group", i)),
        EntryRef::Person(i) => Some(("person", i)),
        EntryRef::WeaponSystem(i) => Some(("weapon_system", i)),
        EntryRef::SectorNoun(_) | EntryRef::WeaponNoun(_) | EntryRef::Place(_) => None,
    }
}

impl Kb {
    /// Checks the knowledge base; see the module policy for what is an error.
    pub fn lint(&self) -> Vec<LintIssue> {
        let mut out: Vec<LintIssue> = self.load_issues.clone();

        // Duplicate keys inside a table.
        crate::load::duplicate_keys("states.csv", &self.states, |r| r.iso3.clone(), &mut out);
        crate::load::duplicate_keys("places.csv", &self.places, |r| r.id.clone(), &mut out);
        crate::load::duplicate_keys("people.csv", &self.people, |r| r.id.clone(), &mut out);
        crate::load::duplicate_keys(
            "institutions.csv",
            &self.institutions,
            |r| r.id.clone(),
            &mut out,
        );
        crate::load::duplicate_keys("producers.csv", &self.producers, |r| r.id.clone(), &mut out);
        crate::load::duplicate_keys(
            "sector_nouns.csv",
            &self.sector_nouns,
            |r| r.noun.clone(),
            &mut out,
        );
        crate::load::duplicate_keys("igos.csv", &self.igos, |r| r.id.clone(), &mut out);
        crate::load::duplicate_keys("groups.csv", &self.groups, |r| r.id.clone(), &mut out);
        crate::load::duplicate_keys(
            "weapon_taxonomy.csv",
            &self.taxonomy,
            |r| r.code.clone(),
            &mut out,
        );
        crate::load::duplicate_keys(
            "weapon_systems.csv",
            &self.weapon_systems,
            |r| r.id.clone(),
            &mut out,
        );
        crate::load::duplicate_keys(
            "weapon_nouns.csv",
            &self.weapon_nouns,
            |r| r.phrase.clone(),
            &mut out,
        );

        // Alias conflicts.
        for (alias, targets) in self.matcher_patterns().zip(&self.matchers[0].targets) {
            let mut by_kind: HashMap<&str, Vec<&str>> = HashMap::new();
            for t in targets {
                if let Some((k, id)) = key_of(t) {
                    let v = by_kind.entry(k).or_default();
                    if !v.contains(&id) {
                        v.push(id);
                    }
                }
            }
            let mut kinds: Vec<_> = by_kind.into_iter().filter(|(_, v)| v.len() > 1).collect();
            kinds.sort();
            for (k, ids) in kinds {
                let msg = format!(
                    "alias {alias:?} names several {k} entries: {}",
                    ids.join(", ")
                );
                out.push(if k == "person" {
                    LintIssue::warning("kb.alias_shared", msg)
                } else {
                    LintIssue::error("kb.alias_conflict", msg)
                });
            }
            let named: HashSet<&str> = targets.iter().filter_map(key_of).map(|(k, _)| k).collect();
            // A company named like a state body, group or IGO makes the actor ambiguous.
            if named.contains("producer")
                && ["institution", "group", "igo"]
                    .iter()
                    .any(|k| named.contains(k))
            {
                let mut n: Vec<_> = named.iter().copied().collect();
                n.sort();
                out.push(
                    LintIssue::error(
                        "kb.alias_conflict",
                        format!(
                            "alias {alias:?} names a producer and another organisation: {}",
                            n.join(", ")
                        ),
                    )
                    .in_file("producers.csv"),
                );
            }
            if named.len() > 1 {
                let mut n: Vec<_> = named.into_iter().collect();
                n.sort();
                out.push(LintIssue::warning(
                    "kb.alias_cross_kind",
                    format!(
                        "alias {alias:?} names entries of several kinds: {}",
                        n.join(", ")
                    ),
                ));
            }
        }

        // Dangling codes.
        let igo_codes: HashSet<&str> = self.igos.iter().map(|i| i.code.as_str()).collect();
        let country_ok = |c: &str| self.state_idx.contains_key(c) || igo_codes.contains(c);
        let have_states = self.states.iter().any(|s| !s.iso2.is_empty());
        if have_states {
            for s in self.states.iter().filter(|s| s.iso2.is_empty()) {
                out.push(
                    LintIssue::error(
                        "kb.dangling",
                        format!("state_aliases code {} is not in states.csv", s.iso3),
                    )
                    .in_file("state_aliases.csv"),
                );
            }
        }
        let mut dangling = |file: &str, what: &str, code: &str| {
            out.push(
                LintIssue::error("kb.dangling", format!("{what}: unknown code {code:?}"))
                    .in_file(file),
            );
        };
        for r in &self.institutions {
            if !country_ok(&r.country) {
                dangling("institutions.csv", &r.id, &r.country);
            }
        }
        for r in &self.people {
            if !country_ok(&r.country) {
                dangling("people.csv", &r.id, &r.country);
            }
        }
        // An office a sector noun names must be a role some person holds.
        for r in &self.sector_nouns {
            if let Some(o) = &r.office
                && !self.people.iter().any(|p| &p.role == o)
            {
                dangling("sector_nouns.csv", &r.noun, o);
            }
        }
        for r in &self.groups {
            for c in &r.countries {
                if !country_ok(c) {
                    dangling("groups.csv", &r.id, c);
                }
            }
        }
        for r in &self.places {
            if !r.country.is_empty() && !country_ok(&r.country) {
                dangling("places.csv", &r.id, &r.country);
            }
        }
        for r in &self.igos {
            if let Some(p) = &r.parent
                && !self.igo_idx.contains_key(p)
            {
                dangling("igos.csv", &r.id, p);
            }
        }
        let have_tax = !self.taxonomy.is_empty();
        for c in &self.taxonomy {
            if let Some(p) = c.parent()
                && !self.taxonomy_idx.contains_key(p)
            {
                dangling("weapon_taxonomy.csv", &format!("parent of {}", c.code), p);
            }
        }
        if have_tax {
            for r in &self.weapon_systems {
                if !self.taxonomy_idx.contains_key(&r.category) {
                    dangling("weapon_systems.csv", &r.id, &r.category);
                }
                if let Some(o) = &r.origin
                    && !country_ok(o)
                {
                    dangling("weapon_systems.csv", &r.id, o);
                }
            }
            for r in &self.weapon_nouns {
                if !self.taxonomy_idx.contains_key(&r.category) {
                    dangling("weapon_nouns.csv", &r.phrase, &r.category);
                }
            }
        }

        self.lint_producers(&mut out, &country_ok);

        // Sector codes.
        let mut sector = |file: &str, what: &str, s: &str| {
            if !s.is_empty() && !SECTORS.contains(&s) {
                out.push(
                    LintIssue::warning("kb.sector", format!("{what}: unusual sector code {s:?}"))
                        .in_file(file),
                );
            }
        };
        self.institutions
            .iter()
            .for_each(|r| sector("institutions.csv", &r.id, &r.sector));
        self.people
            .iter()
            .for_each(|r| sector("people.csv", &r.id, &r.sector));
        self.groups
            .iter()
            .for_each(|r| sector("groups.csv", &r.id, &r.sector));
        for r in &self.producers {
            if !matches!(r.sector.as_str(), "BUS" | "GOV") {
                sector(
                    "producers.csv",
                    &r.id,
                    &format!("{} (producers are BUS or GOV)", r.sector),
                );
            }
        }
        self.sector_nouns
            .iter()
            .for_each(|r| sector("sector_nouns.csv", &r.noun, &r.sector));
        for s in &self.states {
            for (m, sec) in &s.metonyms {
                if let Some(sec) = sec {
                    sector("state_aliases.csv", m, sec);
                }
            }
        }

        // Dates and tenures.
        let lo = chrono::NaiveDate::from_ymd_opt(1800, 1, 1);
        let hi = chrono::NaiveDate::from_ymd_opt(2035, 1, 1);
        let mut by_office: HashMap<(&str, &str), Vec<&crate::Person>> = HashMap::new();
        for p in &self.people {
            for d in [p.start, p.end].into_iter().flatten() {
                if Some(d) < lo || Some(d) > hi {
                    out.push(
                        LintIssue::error("kb.date", format!("{}: implausible date {d}", p.id))
                            .in_file("people.csv"),
                    );
                }
            }
            if let (Some(s), Some(e)) = (p.start, p.end)
                && e < s
            {
                out.push(
                    LintIssue::error(
                        "kb.date",
                        format!("{}: ends {e} before it starts {s}", p.id),
                    )
                    .in_file("people.csv"),
                );
            }
            if p.role != "other" {
                by_office
                    .entry((p.country.as_str(), p.role.as_str()))
                    .or_default()
                    .push(p);
            }
        }
        let mut offices: Vec<_> = by_office.into_iter().collect();
        offices.sort_by(|a, b| a.0.cmp(&b.0));
        for ((c, role), mut v) in offices {
            v.sort_by_key(|p| p.start);
            for w in v.windows(2) {
                let (a, b) = (w[0], w[1]);
                // Same-day hand-over is fine; a real overlap is not.
                let overlap = match (a.end, b.start) {
                    (None, _) => true,
                    (Some(e), Some(s)) => s < e,
                    (Some(_), None) => true,
                };
                if overlap && a.key() != b.key() {
                    out.push(
                        LintIssue::error(
                            "kb.tenure_overlap",
                            format!(
                                "{c} {role}: {} ({:?}–{:?}) overlaps {} (from {:?})",
                                a.id, a.start, a.end, b.id, b.start
                            ),
                        )
                        .in_file("people.csv"),
                    );
                } else if overlap {
                    out.push(
                        LintIssue::error(
                            "kb.tenure_overlap",
                            format!(
                                "{c} {role}: tenures {} and {} of the same person overlap",
                                a.id, b.id
                            ),
                        )
                        .in_file("people.csv"),
                    );
                }
            }
        }
        out
    }

    /// Producers: home states, parents, dated names of one key; systems' producer and licence
    /// ids; systems with no producer and makers based outside the system's origin (warnings).
    fn lint_producers(&self, out: &mut Vec<LintIssue>, country_ok: &dyn Fn(&str) -> bool) {
        let err = |what: String| LintIssue::error("kb.dangling", what).in_file("producers.csv");
        let known = |k: &str| self.producer(k).is_some();
        for r in &self.producers {
            if !country_ok(&r.country) {
                out.push(err(format!("{}: unknown home state {:?}", r.id, r.country)));
            }
            if let Some(p) = &r.parent {
                if !known(p) {
                    out.push(err(format!("{}: unknown parent {p:?}", r.id)));
                } else if p == r.key() {
                    out.push(err(format!("{}: is its own parent", r.id)));
                }
            }
            if let (Some(a), Some(b)) = (r.valid_from, r.valid_to)
                && b <= a
            {
                out.push(
                    LintIssue::error("kb.date", format!("{}: valid_to {b} not after {a}", r.id))
                        .in_file("producers.csv"),
                );
            }
        }
        let mut keys: Vec<&String> = self.producers_by_key.keys().collect();
        keys.sort();
        for k in keys {
            let mut rows = self.producer_rows(k);
            rows.sort_by_key(|p| p.valid_from);
            for w in rows.windows(2) {
                let overlap = w[0]
                    .valid_to
                    .is_none_or(|e| w[1].valid_from.is_none_or(|s| s < e));
                if overlap {
                    out.push(
                        LintIssue::error(
                            "kb.date",
                            format!("{k}: names {} and {} overlap in time", w[0].id, w[1].id),
                        )
                        .in_file("producers.csv"),
                    );
                }
            }
        }
        if self.producers.is_empty() {
            return;
        }
        for w in &self.weapon_systems {
            for p in w.producer.iter().chain(&w.licensed) {
                if !known(p) {
                    out.push(
                        LintIssue::error(
                            "kb.dangling",
                            format!("{}: unknown producer {p:?}", w.id),
                        )
                        .in_file("weapon_systems.csv"),
                    );
                }
            }
            self.lint_producer_home(w, out);
            if w.producer.is_none() {
                // The notes say why (unknown maker, several makers, multinational); the
                // reader sees the reason beside the warning.
                let why = if w.notes.is_empty() {
                    " (no reason in notes)".to_owned()
                } else {
                    format!(" ({})", w.notes)
                };
                out.push(
                    LintIssue::warning("kb.no_producer", format!("{}: no producer{why}", w.id))
                        .in_file("weapon_systems.csv"),
                );
            }
        }
    }

    /// A system's main maker usually sits in its origin state; a joint programme, a design
    /// made abroad by a subsidiary or a system named by its user is a legitimate exception, so
    /// this is a warning the reader checks, not an error.
    fn lint_producer_home(&self, w: &crate::WeaponSystem, out: &mut Vec<LintIssue>) {
        let (Some(p), Some(origin)) = (w.producer.as_deref(), w.origin.as_deref()) else {
            return;
        };
        if let Some(home) = self.producer_home(p)
            && home != origin
        {
            out.push(
                LintIssue::warning(
                    "kb.producer_home",
                    format!(
                        "{}: producer {p} is based in {home}, the system's origin is {origin}",
                        w.id
                    ),
                )
                .in_file("weapon_systems.csv"),
            );
        }
    }

    fn matcher_patterns(&self) -> impl Iterator<Item = &str> {
        self.matchers[0].patterns()
    }
}
