//! The averaged structured perceptron: weights, greedy BIO decoding with previous-label
//! features, and training with the model's own label history.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use sitrep_nlp::{Entity, EntityLabel};

use crate::features::{Prepared, hash, mix};

/// Number of BIO labels: O, B-PER, I-PER, B-ORG, I-ORG, B-LOC, I-LOC. (BILOU was tried and
/// was no better.)
pub const NL: usize = 7;

/// Label index of O.
pub const O: usize = 0;

/// The entity type of a non-O label.
pub fn label_type(l: usize) -> Option<EntityLabel> {
    match l {
        1 | 2 => Some(EntityLabel::Per),
        3 | 4 => Some(EntityLabel::Org),
        5 | 6 => Some(EntityLabel::Loc),
        _ => None,
    }
}

/// The B- label of a type.
pub fn begin_of(t: EntityLabel) -> usize {
    match t {
        EntityLabel::Per => 1,
        EntityLabel::Org => 3,
        EntityLabel::Loc => 5,
    }
}

/// Whether label `cur` may follow `prev` under BIO.
pub fn allowed(prev: usize, cur: usize) -> bool {
    if cur == O || cur % 2 == 1 {
        return true;
    }
    prev != O && (prev == cur || prev + 1 == cur)
}

/// BIO label sequence → entity spans.
pub fn spans_of(labels: &[usize]) -> Vec<Entity> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < labels.len() {
        if let Some(t) = label_type(labels[i]) {
            let b = begin_of(t);
            let mut j = i + 1;
            while j < labels.len() && labels[j] == b + 1 {
                j += 1;
            }
            out.push(Entity {
                start: i,
                end: j,
                label: t,
            });
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

/// Entity spans → BIO labels for `n` tokens.
pub fn labels_of(spans: &[Entity], n: usize) -> Vec<usize> {
    let mut l = vec![O; n];
    for e in spans {
        let b = begin_of(e.label);
        for (k, slot) in l.iter_mut().enumerate().take(e.end.min(n)).skip(e.start) {
            *slot = if k == e.start { b } else { b + 1 };
        }
    }
    l
}

/// Keys are already hashes; hashing them again only costs time.
#[derive(Default, Clone, Copy)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8) | u64::from(*b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// Map keyed by feature hash.
pub type FeatMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;

/// Label-dependent features: previous label(s) combined with a few lexical keys.
pub fn history_features(stat: &[u64], p1: usize, p2: usize, out: &mut Vec<u64>) {
    out.clear();
    out.extend_from_slice(stat);
    push_history(out, p1, p2);
}

/// Appends the label-dependent features to a token's label-independent ones in `out`.
fn push_history(out: &mut Vec<u64>, p1: usize, p2: usize) {
    let h1 = hash(50, "p1");
    let (word, shape) = (out.get(1).copied(), out.get(4).copied());
    out.push(mix(h1, p1 as u64));
    out.push(mix(hash(51, "p12"), (p1 * NL + p2) as u64));
    // Token feature 1 is the lowercased word, 4 the short shape (see `Prepared::token`).
    if let (Some(word), Some(shape)) = (word, shape) {
        out.push(mix(word, 100 + p1 as u64));
        out.push(mix(shape, 200 + p1 as u64));
    }
}

/// Scores all labels for a feature set.
pub fn score(weights: &FeatMap<[f32; NL]>, feats: &[u64]) -> [f32; NL] {
    let mut s = [0f32; NL];
    for f in feats {
        if let Some(w) = weights.get(f) {
            for (a, b) in s.iter_mut().zip(w) {
                *a += b;
            }
        }
    }
    s
}

/// Best label allowed after `prev`.
pub fn best(s: &[f32; NL], prev: usize) -> usize {
    let mut bi = O;
    let mut bs = f32::NEG_INFINITY;
    for (l, &v) in s.iter().enumerate() {
        if allowed(prev, l) && v > bs {
            bs = v;
            bi = l;
        }
    }
    bi
}

/// Greedy left-to-right decoding. A token without a capital letter after an O is O without
/// scoring: names that start lowercase are too rare to pay for scoring every common word
/// (this changes no span on UNER-PUD and EWT dev, 0.07 F1 on EWT test).
pub fn decode(weights: &FeatMap<[f32; NL]>, sent: &Prepared<'_>) -> Vec<usize> {
    let mut labels = Vec::with_capacity(sent.len());
    let mut buf = Vec::with_capacity(80);
    let (mut p1, mut p2) = (O, O);
    for i in 0..sent.len() {
        let l = if p1 == O && sent.is_plain(i) {
            O
        } else {
            buf.clear();
            sent.token(i, &mut buf);
            push_history(&mut buf, p1, p2);
            best(&score(weights, &buf), p1)
        };
        labels.push(l);
        p2 = p1;
        p1 = l;
    }
    labels
}

/// One feature's weights and averaging state.
#[derive(Clone, Default)]
pub struct Acc {
    w: [f32; NL],
    total: [f64; NL],
    stamp: [u64; NL],
}

/// Averaged-perceptron trainer with lazy averaging.
#[derive(Default)]
pub struct Trainer {
    /// Weights with their running sums for averaging.
    pub acc: FeatMap<Acc>,
    /// Current weights (kept in sync with `acc`, used for decoding during training).
    pub current: FeatMap<[f32; NL]>,
    /// Update counter (tokens seen).
    pub step: u64,
    /// Condition on gold previous labels instead of predicted ones.
    pub gold_history: bool,
}

impl Trainer {
    /// Trains on one sentence with the model's own history; returns the number of errors.
    pub fn learn(&mut self, stat: &[Vec<u64>], gold: &[usize]) -> usize {
        let mut buf = Vec::new();
        let (mut p1, mut p2) = (O, O);
        let mut errors = 0;
        for (st, &g) in stat.iter().zip(gold) {
            self.step += 1;
            history_features(st, p1, p2, &mut buf);
            let pred = best(&score(&self.current, &buf), p1);
            if pred != g {
                errors += 1;
                for &f in &buf {
                    self.update(f, g, 1.0);
                    self.update(f, pred, -1.0);
                }
            }
            p2 = p1;
            p1 = if self.gold_history { g } else { pred };
        }
        errors
    }

    fn update(&mut self, f: u64, l: usize, d: f32) {
        let step = self.step;
        let a = self.acc.entry(f).or_default();
        a.total[l] += (step - a.stamp[l]) as f64 * f64::from(a.w[l]);
        a.stamp[l] = step;
        a.w[l] += d;
        self.current.entry(f).or_insert([0.0; NL])[l] = a.w[l];
    }

    /// The averaged weights so far, without zero rows.
    pub fn averaged(&self) -> FeatMap<[f32; NL]> {
        let step = self.step.max(1);
        let mut out = FeatMap::default();
        for (&f, a) in &self.acc {
            let mut w = [0f32; NL];
            let mut any = false;
            for (l, slot) in w.iter_mut().enumerate() {
                let t = a.total[l] + (step - a.stamp[l]) as f64 * f64::from(a.w[l]);
                let v = (t / step as f64) as f32;
                if v.abs() > 1e-4 {
                    any = true;
                    *slot = v;
                }
            }
            if any {
                out.insert(f, w);
            }
        }
        out
    }
}
