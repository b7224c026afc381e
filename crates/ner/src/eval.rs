//! Exact-span scoring (CoNLL style): per-type and micro-averaged precision, recall and F1.

use sitrep_nlp::{Entity, EntityLabel};

/// Counts for one type (or all).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Predicted spans matching a gold span exactly (boundaries and type).
    pub tp: usize,
    /// Predicted spans.
    pub pred: usize,
    /// Gold spans.
    pub gold: usize,
}

impl Counts {
    /// Precision in percent.
    pub fn precision(&self) -> f64 {
        pct(self.tp, self.pred)
    }
    /// Recall in percent.
    pub fn recall(&self) -> f64 {
        pct(self.tp, self.gold)
    }
    /// F1 in percent.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn pct(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        100.0 * a as f64 / b as f64
    }
}

/// Scores accumulated over sentences.
#[derive(Debug, Clone, Default)]
pub struct Score {
    /// PER, ORG, LOC in that order.
    pub per_type: [Counts; 3],
}

fn idx(l: EntityLabel) -> usize {
    match l {
        EntityLabel::Per => 0,
        EntityLabel::Org => 1,
        EntityLabel::Loc => 2,
    }
}

impl Score {
    /// Adds one sentence.
    pub fn add(&mut self, gold: &[Entity], pred: &[Entity]) {
        for g in gold {
            self.per_type[idx(g.label)].gold += 1;
        }
        for p in pred {
            self.per_type[idx(p.label)].pred += 1;
            if gold.contains(p) {
                self.per_type[idx(p.label)].tp += 1;
            }
        }
    }

    /// Micro average over the three types.
    pub fn total(&self) -> Counts {
        let mut c = Counts::default();
        for t in &self.per_type {
            c.tp += t.tp;
            c.pred += t.pred;
            c.gold += t.gold;
        }
        c
    }
}
