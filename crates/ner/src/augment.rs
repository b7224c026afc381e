//! Entity-replacement augmentation: extra training copies of labelled sentences in which
//! names are swapped for other names of the same type, so that the perceptron learns the
//! contexts of names ("shares of X rose") instead of memorising the few names it has seen.

use sitrep_nlp::{Entity, EntityLabel};

use crate::Rng;
use crate::data::LabeledSentence;
use crate::gazetteer::{self, tokenize_entry};

/// Replacement names of one source by type, as token sequences.
#[derive(Debug, Clone, Default)]
pub struct Pool {
    per: Vec<Vec<String>>,
    org: Vec<Vec<String>>,
    loc: Vec<Vec<String>>,
}

/// Replacement names: those of the training data, and those of the gazetteer lists and KB
/// tables.
#[derive(Debug, Clone, Default)]
pub struct Pools {
    train: Pool,
    lists: Pool,
    given: Vec<String>,
    family: Vec<String>,
}

impl Pools {
    /// Names of the training data itself plus the gazetteer lists and KB tables.
    pub fn build(data: &[LabeledSentence]) -> Self {
        let mut train = Pool::default();
        for s in data {
            for e in &s.spans {
                let toks = s.forms[e.start..e.end].to_vec();
                train.pool_mut(e.label).push(toks);
            }
        }
        let mut lists = Pool::default();
        for (label, names) in gazetteer::names_by_type() {
            let pool = lists.pool_mut(label);
            pool.extend(
                names
                    .iter()
                    .map(|n| tokenize_entry(n))
                    .filter(|t| !t.is_empty()),
            );
        }
        train.dedup();
        lists.dedup();
        let (given, family) = gazetteer::given_and_family_names();
        Self {
            train,
            lists,
            given,
            family,
        }
    }
}

impl Pool {
    fn dedup(&mut self) {
        for pool in [&mut self.per, &mut self.org, &mut self.loc] {
            // Deterministic order whatever the source order; duplicates would only draw the
            // frequent names more often, and diversity is the point.
            pool.sort();
            pool.dedup();
        }
    }

    fn pool_mut(&mut self, l: EntityLabel) -> &mut Vec<Vec<String>> {
        match l {
            EntityLabel::Per => &mut self.per,
            EntityLabel::Org => &mut self.org,
            EntityLabel::Loc => &mut self.loc,
        }
    }

    fn pool(&self, l: EntityLabel) -> &[Vec<String>] {
        match l {
            EntityLabel::Per => &self.per,
            EntityLabel::Org => &self.org,
            EntityLabel::Loc => &self.loc,
        }
    }
}

/// How many copies and which spans to replace.
#[derive(Debug, Clone, Copy)]
pub struct AugmentOptions {
    /// Copies of each sentence that has a name (0: none).
    pub copies: usize,
    /// Probability (per mille) of replacing an ORG span.
    pub org_permille: u64,
    /// Probability (per mille) of replacing a PER or LOC span.
    pub other_permille: u64,
    /// Probability (per mille) of drawing a replacement from the lists rather than from the
    /// names of the training data.
    pub lists_permille: u64,
    /// Probability (per mille) that a PER name drawn from the lists is made up of a given
    /// and a family name instead.
    pub synth_per_permille: u64,
    /// Probability (per mille) that an augmented copy is lowercased throughout.
    pub lower_permille: u64,
    /// Seed of the replacement choices.
    pub seed: u64,
}

/// The augmented copies (the originals are not included).
pub fn augment(
    data: &[LabeledSentence],
    pools: &Pools,
    opts: &AugmentOptions,
) -> Vec<LabeledSentence> {
    let mut rng = Rng(opts.seed ^ 0x5eed_a06e);
    let mut out = Vec::new();
    for _ in 0..opts.copies {
        for s in data.iter().filter(|s| !s.spans.is_empty()) {
            let mut forms = Vec::with_capacity(s.forms.len() + 4);
            let mut spans = Vec::with_capacity(s.spans.len());
            let mut at = 0;
            let mut changed = false;
            for e in &s.spans {
                forms.extend_from_slice(&s.forms[at..e.start]);
                let p = if e.label == EntityLabel::Org {
                    opts.org_permille
                } else {
                    opts.other_permille
                };
                let src = if rng.next() % 1000 < opts.lists_permille {
                    &pools.lists
                } else {
                    &pools.train
                };
                let pool = src.pool(e.label);
                let start = forms.len();
                let synth = e.label == EntityLabel::Per
                    && std::ptr::eq(src, &pools.lists)
                    && !pools.given.is_empty()
                    && !pools.family.is_empty()
                    && rng.next() % 1000 < opts.synth_per_permille;
                if synth && rng.next() % 1000 < p {
                    let g = &pools.given[(rng.next() % pools.given.len() as u64) as usize];
                    let f = &pools.family[(rng.next() % pools.family.len() as u64) as usize];
                    forms.push(g.clone());
                    forms.push(f.clone());
                    changed = true;
                } else if !pool.is_empty() && rng.next() % 1000 < p {
                    let pick = &pool[(rng.next() % pool.len() as u64) as usize];
                    forms.extend(pick.iter().cloned());
                    changed = true;
                } else {
                    forms.extend_from_slice(&s.forms[e.start..e.end]);
                }
                spans.push(Entity {
                    start,
                    end: forms.len(),
                    label: e.label,
                });
                at = e.end;
            }
            forms.extend_from_slice(&s.forms[at..]);
            if rng.next() % 1000 < opts.lower_permille {
                for f in &mut forms {
                    *f = f.to_lowercase();
                }
            }
            if changed {
                out.push(LabeledSentence {
                    forms,
                    spans,
                    source: format!("{}+aug", s.source),
                    doc: s.doc.clone(),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sent(forms: &[&str], spans: &[(usize, usize, EntityLabel)]) -> LabeledSentence {
        LabeledSentence {
            forms: forms.iter().map(|f| (*f).to_owned()).collect(),
            spans: spans
                .iter()
                .map(|&(start, end, label)| Entity { start, end, label })
                .collect(),
            source: String::new(),
            doc: String::new(),
        }
    }

    #[test]
    fn replaced_spans_keep_type_and_context() {
        let data = vec![
            sent(
                &["Shares", "of", "Acme", "Tools", "fell", "in", "Oslo", "."],
                &[(2, 4, EntityLabel::Org), (6, 7, EntityLabel::Loc)],
            ),
            sent(&["It", "rained", "."], &[]),
        ];
        let lists = Pool {
            per: vec![],
            org: vec![
                vec!["Zed".into()],
                vec!["Red".into(), "Cross".into(), "Fund".into()],
            ],
            loc: vec![vec!["Lima".into()]],
        };
        let pools = Pools {
            train: lists.clone(),
            lists,
            given: vec![],
            family: vec![],
        };
        let opts = AugmentOptions {
            copies: 3,
            org_permille: 1000,
            other_permille: 0,
            lists_permille: 500,
            synth_per_permille: 0,
            lower_permille: 0,
            seed: 1,
        };
        let out = augment(&data, &pools, &opts);
        // Only the sentence with a name is copied, once per copy.
        assert_eq!(out.len(), 3);
        for s in &out {
            assert_eq!(s.forms[..2], ["Shares", "of"]);
            let org = &s.spans[0];
            assert_eq!(org.label, EntityLabel::Org);
            let name = s.forms[org.start..org.end].join(" ");
            assert!(name == "Zed" || name == "Red Cross Fund", "{name}");
            let loc = &s.spans[1];
            assert_eq!(s.forms[loc.start..loc.end], ["Oslo"]);
            assert_eq!(s.forms[org.end], "fell");
        }
        // Seeded: the same options give the same copies.
        assert_eq!(out, augment(&data, &pools, &opts));
    }
}
