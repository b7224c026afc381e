//! The averaged perceptron: weights, BIO decoding with previous-label features (greedy, or
//! exact Viterbi search over labels or label pairs), and training (greedy with gold label
//! history, or structured: Viterbi path against gold path).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use sitrep_nlp::{Entity, EntityLabel};

use crate::features::{hash, mix};

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

/// A sentence's label-independent token features, as a decoder asks for them.
pub trait TokenFeatures {
    /// Number of tokens.
    fn count(&self) -> usize;
    /// Appends token `i`'s features to `out`.
    fn token(&self, i: usize, out: &mut Vec<u64>);
    /// Whether token `i` has no capital letter (nor digit), so that decoders may take it for
    /// O without scoring it (names that start or end lowercase are too rare to pay for scoring
    /// every common word). Precomputed features (training) say no.
    fn is_plain(&self, _i: usize) -> bool {
        false
    }
    /// The two of token `i`'s features that label history is combined with (see
    /// [`history_keys`]); implementations may compute them without the rest.
    fn history_keys(&self, i: usize) -> Option<(u64, u64)> {
        let mut v = Vec::new();
        self.token(i, &mut v);
        history_keys(&v)
    }
}

/// The features of a token that label history is combined with: the lowercased word
/// (`stat[1]`) and the short shape (`stat[4]`, see `sentence_features`).
pub fn history_keys(stat: &[u64]) -> Option<(u64, u64)> {
    Some((*stat.get(1)?, *stat.get(4)?))
}

impl TokenFeatures for [Vec<u64>] {
    fn count(&self) -> usize {
        self.len()
    }
    fn token(&self, i: usize, out: &mut Vec<u64>) {
        if let Some(f) = self.get(i) {
            out.extend_from_slice(f);
        }
    }
}

/// Label-dependent features: previous label(s) combined with a few lexical keys.
pub fn history_features(stat: &[u64], p1: usize, p2: usize, out: &mut Vec<u64>) {
    out.clear();
    out.extend_from_slice(stat);
    push_history(stat, p1, Some(p2), out);
}

/// The history features alone; `p2` None leaves out the label-pair feature (first order).
fn push_history(stat: &[u64], p1: usize, p2: Option<usize>, out: &mut Vec<u64>) {
    push_history_keys(history_keys(stat), p1, p2, out);
}

/// [`push_history`] from the token's [`history_keys`].
fn push_history_keys(keys: Option<(u64, u64)>, p1: usize, p2: Option<usize>, out: &mut Vec<u64>) {
    let h1 = hash(50, "p1");
    out.push(mix(h1, p1 as u64));
    if let Some(p2) = p2 {
        out.push(mix(hash(51, "p12"), (p1 * NL + p2) as u64));
    }
    if let Some((word, shape)) = keys {
        out.push(mix(word, 100 + p1 as u64));
        out.push(mix(shape, 200 + p1 as u64));
    }
}

/// How labels are decoded (and trained).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Decoder {
    /// Greedy left to right, trained with gold label history.
    #[default]
    Greedy,
    /// Exact Viterbi search over label sequences, trained as a structured perceptron (the
    /// update compares the Viterbi path with the gold path). `second_order` keeps the
    /// previous-two-labels feature (search over label pairs).
    Viterbi {
        /// Whether the label-pair history feature is used.
        second_order: bool,
    },
}

/// Viterbi decoding. Scores: label-independent features of the token, plus the history
/// features of the previous label (and of the previous two with `second_order`).
// Positions index the mask, the features and the back-pointers alike.
#[allow(clippy::needless_range_loop)]
pub fn viterbi<W: Weights, F: TokenFeatures + ?Sized>(
    weights: &W,
    feats: &F,
    second_order: bool,
) -> Vec<usize> {
    let n = feats.count();
    if n == 0 {
        return Vec::new();
    }
    // Label-pair scores do not depend on the position.
    let mut pair = [[[0f32; NL]; NL]; NL];
    if second_order {
        for (p1, row) in pair.iter_mut().enumerate() {
            for (p2, cell) in row.iter_mut().enumerate() {
                if let Some(w) = weights.row(mix(hash(51, "p12"), (p1 * NL + p2) as u64)) {
                    *cell = *w;
                }
            }
        }
    }
    // delta[c][p1]: best score of a path ending in labels (p1, c); p1 is O before the start.
    let ninf = f32::NEG_INFINITY;
    let mut delta = [[ninf; NL]; NL];
    let mut back: Vec<[[u8; NL]; NL]> = Vec::with_capacity(n);
    let (mut st, mut buf) = (Vec::with_capacity(80), Vec::new());
    // A plain token (see `TokenFeatures::is_plain`) is O unless it sits between capitalised
    // words ("Bank of America", "University of the Witwatersrand"). Then its own scores add
    // the same to every path and are left out; only its label-history scores can tell paths
    // apart, and not even those when the token before is also such an O.
    let plain: Vec<bool> = (0..n).map(|i| feats.is_plain(i)).collect();
    let cap = |j: isize| j >= 0 && (j as usize) < n && !plain[j as usize];
    let mut forced_before = true;
    for i in 0..n {
        let ii = i as isize;
        let forced = plain[i] && !((cap(ii - 1) || cap(ii - 2)) && (cap(ii + 1) || cap(ii + 2)));
        let constant = forced && forced_before;
        forced_before = forced;
        // A forced O's own features are not scored: only the two its history reads are needed.
        let (emit, keys) = if forced {
            (
                [0f32; NL],
                if constant {
                    None
                } else {
                    feats.history_keys(i)
                },
            )
        } else {
            st.clear();
            feats.token(i, &mut st);
            (score(weights, &st), history_keys(&st))
        };
        let mut next = [[ninf; NL]; NL];
        let mut bp = [[0u8; NL]; NL];
        // Most tokens of news text: an O after an O. Only the paths (p2, O) are alive and the
        // only move is to O, so the full loop below reduces to this one (same sums, same ties).
        if constant && i > 0 {
            for (p2, &pv) in delta[O].iter().enumerate() {
                if pv == ninf {
                    continue;
                }
                let v = pv + 0.0 + pair[O][p2][O];
                if v > next[O][O] {
                    next[O][O] = v;
                    bp[O][O] = p2 as u8;
                }
            }
            delta = next;
            back.push(bp);
            continue;
        }
        for p1 in 0..NL {
            // Reachable predecessors (p2, p1): at the start only (O, O).
            let prev: [f32; NL] = if i == 0 {
                let mut v = [ninf; NL];
                if p1 == O {
                    v[O] = 0.0;
                }
                v
            } else {
                delta[p1]
            };
            if prev.iter().all(|v| *v == ninf) {
                continue;
            }
            let hist = if constant {
                [0f32; NL]
            } else {
                buf.clear();
                push_history_keys(keys, p1, None, &mut buf);
                score(weights, &buf)
            };
            for c in 0..NL {
                if !allowed(p1, c) || forced && c != O {
                    continue;
                }
                let base = emit[c] + hist[c];
                for (p2, &pv) in prev.iter().enumerate() {
                    if pv == ninf {
                        continue;
                    }
                    let v = pv + base + pair[p1][p2][c];
                    if v > next[c][p1] {
                        next[c][p1] = v;
                        bp[c][p1] = p2 as u8;
                    }
                }
            }
        }
        delta = next;
        back.push(bp);
    }
    let (mut c, mut p1) = (O, O);
    let mut bs = ninf;
    for (cc, row) in delta.iter().enumerate() {
        for (pp, &v) in row.iter().enumerate() {
            if v > bs {
                bs = v;
                c = cc;
                p1 = pp;
            }
        }
    }
    let mut labels = vec![O; n];
    for i in (0..n).rev() {
        labels[i] = c;
        let p2 = back[i][c][p1] as usize;
        c = p1;
        p1 = p2;
    }
    labels
}

/// Read access to a weight table (the final model, or a trainer's current weights).
pub trait Weights {
    /// The weights of one feature over the labels.
    fn row(&self, f: u64) -> Option<&[f32; NL]>;
}

impl Weights for FeatMap<[f32; NL]> {
    fn row(&self, f: u64) -> Option<&[f32; NL]> {
        self.get(&f)
    }
}

/// Scores all labels for a feature set.
pub fn score<W: Weights>(weights: &W, feats: &[u64]) -> [f32; NL] {
    let mut s = [0f32; NL];
    for f in feats {
        if let Some(w) = weights.row(*f) {
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

/// Greedy left-to-right decoding.
pub fn decode<F: TokenFeatures + ?Sized>(weights: &FeatMap<[f32; NL]>, feats: &F) -> Vec<usize> {
    let n = feats.count();
    let mut labels = Vec::with_capacity(n);
    let (mut st, mut buf) = (Vec::with_capacity(80), Vec::with_capacity(80));
    let (mut p1, mut p2) = (O, O);
    for i in 0..n {
        let l = if p1 == O && feats.is_plain(i) {
            O
        } else {
            st.clear();
            feats.token(i, &mut st);
            history_features(&st, p1, p2, &mut buf);
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
    /// How to decode; Viterbi trains as a structured perceptron.
    pub decoder: Decoder,
}

impl Trainer {
    /// Trains on one sentence; returns the number of token errors.
    pub fn learn(&mut self, stat: &[Vec<u64>], gold: &[usize]) -> usize {
        match self.decoder {
            Decoder::Greedy => self.learn_greedy(stat, gold),
            Decoder::Viterbi { second_order } => self.learn_viterbi(stat, gold, second_order),
        }
    }

    /// Structured perceptron: one update per sentence, gold path minus Viterbi path.
    fn learn_viterbi(&mut self, stat: &[Vec<u64>], gold: &[usize], second_order: bool) -> usize {
        self.step += 1;
        let pred = viterbi(&self.current, stat, second_order);
        let errors = pred.iter().zip(gold).filter(|(p, g)| p != g).count();
        if errors == 0 {
            return 0;
        }
        let at = |l: &[usize], i: usize, back: usize| if i >= back { l[i - back] } else { O };
        let mut fg = Vec::new();
        let mut fp = Vec::new();
        for (i, st) in stat.iter().enumerate() {
            let (g, g1, g2) = (gold[i], at(gold, i, 1), at(gold, i, 2));
            let (p, p1, p2) = (pred[i], at(&pred, i, 1), at(&pred, i, 2));
            let same_pair = !second_order || g2 == p2;
            if g == p && g1 == p1 && same_pair {
                continue;
            }
            fg.clear();
            fp.clear();
            if g != p {
                fg.extend_from_slice(st);
                fp.extend_from_slice(st);
            }
            push_history(st, g1, second_order.then_some(g2), &mut fg);
            push_history(st, p1, second_order.then_some(p2), &mut fp);
            for &f in &fg {
                self.update(f, g, 1.0);
            }
            for &f in &fp {
                self.update(f, p, -1.0);
            }
        }
        errors
    }

    fn learn_greedy(&mut self, stat: &[Vec<u64>], gold: &[usize]) -> usize {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Scores a label sequence the way the Viterbi search does.
    fn path_score(w: &FeatMap<[f32; NL]>, stat: &[Vec<u64>], l: &[usize], second: bool) -> f32 {
        let mut total = 0.0;
        let mut buf = Vec::new();
        for (i, st) in stat.iter().enumerate() {
            let p1 = if i >= 1 { l[i - 1] } else { O };
            let p2 = if i >= 2 { l[i - 2] } else { O };
            buf.clear();
            buf.extend_from_slice(st);
            push_history(st, p1, second.then_some(p2), &mut buf);
            total += score(w, &buf)[l[i]];
        }
        total
    }

    /// Precomputed features with some tokens marked plain.
    struct Masked<'a>(&'a [Vec<u64>], &'a [bool]);

    impl TokenFeatures for Masked<'_> {
        fn count(&self) -> usize {
            self.0.len()
        }
        fn token(&self, i: usize, out: &mut Vec<u64>) {
            self.0.token(i, out);
        }
        fn is_plain(&self, i: usize) -> bool {
            self.1[i]
        }
    }

    #[test]
    fn viterbi_finds_the_best_allowed_path() {
        // Pseudo-random weights on every feature the search can meet, 7 tokens; some tokens
        // plain, which must come out O unless capitalised words stand on both sides.
        const N: usize = 7;
        let stat: Vec<Vec<u64>> = (0..N as u64)
            .map(|i| (0..6u64).map(|k| hash(k as u8, &format!("t{i}"))).collect())
            .collect();
        for second in [false, true] {
            let mut w: FeatMap<[f32; NL]> = FeatMap::default();
            let mut x = 12345u64;
            let mut next = || {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                ((x >> 33) % 2001) as f32 / 1000.0 - 1.0
            };
            let mut feats: Vec<u64> = stat.iter().flatten().copied().collect();
            for st in &stat {
                for p1 in 0..NL {
                    for p2 in 0..NL {
                        let mut b = Vec::new();
                        push_history(st, p1, Some(p2), &mut b);
                        feats.extend(b);
                    }
                }
            }
            for f in feats {
                let row = [next(), next(), next(), next(), next(), next(), next()];
                w.entry(f).or_insert(row);
            }
            for mask in [
                0u32, 0b111_1111, 0b111_1110, 0b111_1100, 0b011_1001, 0b101_0101, 0b001_1110,
            ] {
                let plain: Vec<bool> = (0..N).map(|i| mask >> i & 1 == 1).collect();
                let cap = |j: isize| j >= 0 && (j as usize) < N && !plain[j as usize];
                let forced: Vec<bool> = (0..N)
                    .map(|i| {
                        let i = i as isize;
                        plain[i as usize]
                            && !((cap(i - 1) || cap(i - 2)) && (cap(i + 1) || cap(i + 2)))
                    })
                    .collect();
                let got = viterbi(&w, &Masked(&stat, &plain), second);
                let mut best = f32::NEG_INFINITY;
                let mut best_path = Vec::new();
                for code in 0..NL.pow(N as u32) {
                    let l: Vec<usize> = (0..N).map(|i| code / NL.pow(i as u32) % NL).collect();
                    let ok = (0..N).all(|i| {
                        allowed(if i > 0 { l[i - 1] } else { O }, l[i]) && (!forced[i] || l[i] == O)
                    });
                    if ok {
                        let s = path_score(&w, &stat, &l, second);
                        if s > best {
                            best = s;
                            best_path = l;
                        }
                    }
                }
                assert_eq!(got, best_path, "second order: {second}, plain: {mask:07b}");
            }
        }
    }
}
