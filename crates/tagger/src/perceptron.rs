//! Averaged multi-class perceptron over hashed sparse features, shared by the tagger and the
//! parser. Training keeps float weights per feature row; [`Trainer::finish`] averages, prunes
//! and quantises them into a compact [`Model`] (i16 rows in an open-addressing table).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use serde::{Deserialize, Serialize};

/// Multiplier of the Fx hash (rustc's), cheap and good enough for feature keys.
const K: u64 = 0x517c_c1b7_2722_0a95;

/// Combines a running feature hash with one more atom.
#[inline]
pub fn mix(h: u64, x: u64) -> u64 {
    (h.rotate_left(5) ^ x).wrapping_mul(K)
}

/// Hashes a string into an atom.
pub fn hash_str(s: &str) -> u64 {
    let mut h: u64 = 0x9e37_79b9_7f4a_7c15;
    let b = s.as_bytes();
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        let mut a = [0u8; 8];
        a.copy_from_slice(c);
        h = mix(h, u64::from_le_bytes(a));
    }
    let mut a = [0u8; 8];
    let r = chunks.remainder();
    a[..r.len()].copy_from_slice(r);
    h = mix(h, u64::from_le_bytes(a) ^ ((b.len() as u64) << 56));
    fmix(h)
}

/// Final avalanche (MurmurHash3) so that low bits are usable as a table index.
#[inline]
pub fn fmix(mut k: u64) -> u64 {
    k ^= k >> 33;
    k = k.wrapping_mul(0xff51_afd7_ed55_8ccd);
    k ^= k >> 33;
    k = k.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    k ^= k >> 33;
    k
}

/// Identity hasher for keys that are already hashes.
#[derive(Default, Clone, Copy)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = mix(self.0, u64::from(b));
        }
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = fmix(i);
    }
}

/// A hash map keyed by pre-hashed u64 keys.
pub type IdMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;

/// Small deterministic RNG (SplitMix64) for shuffling and exploration.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// Seeded generator.
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }
    /// Next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        fmix(self.0)
    }
    /// Uniform float in [0, 1).
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Fisher-Yates shuffle.
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

/// Perceptron under training: float weights plus the accumulators needed for averaging.
#[derive(Debug)]
pub struct Trainer {
    nclass: usize,
    index: IdMap<u32>,
    w: Vec<f32>,
    // Sum of step * delta, so that averaged = w - u / steps (Daume's trick).
    u: Vec<f64>,
    steps: f64,
}

impl Trainer {
    /// A trainer for `nclass` classes.
    pub fn new(nclass: usize) -> Self {
        Self {
            nclass,
            index: IdMap::default(),
            w: Vec::new(),
            u: Vec::new(),
            steps: 1.0,
        }
    }

    /// Number of classes.
    pub fn nclass(&self) -> usize {
        self.nclass
    }

    /// Adds current (non-averaged) scores of `feats` into `out` (length `nclass`).
    pub fn scores(&self, feats: &[u64], out: &mut [f32]) {
        out.iter_mut().for_each(|x| *x = 0.0);
        for f in feats {
            if let Some(&r) = self.index.get(f) {
                let row = &self.w[r as usize * self.nclass..(r as usize + 1) * self.nclass];
                for (o, w) in out.iter_mut().zip(row) {
                    *o += *w;
                }
            }
        }
    }

    fn row(&mut self, f: u64) -> usize {
        let n = self.index.len() as u32;
        let r = *self.index.entry(f).or_insert(n);
        if r == n {
            self.w.resize(self.w.len() + self.nclass, 0.0);
            self.u.resize(self.u.len() + self.nclass, 0.0);
        }
        r as usize * self.nclass
    }

    /// Perceptron update: +1 for `truth`, -1 for `guess` on every feature.
    pub fn update(&mut self, feats: &[u64], truth: usize, guess: usize) {
        if truth == guess {
            return;
        }
        let s = self.steps;
        for &f in feats {
            let base = self.row(f);
            self.w[base + truth] += 1.0;
            self.u[base + truth] += s;
            self.w[base + guess] -= 1.0;
            self.u[base + guess] -= s;
        }
    }

    /// Advances the example counter (once per training example).
    pub fn tick(&mut self) {
        self.steps += 1.0;
    }

    /// Number of feature rows.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// Whether no feature has a row yet.
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// Averages, drops rows whose largest |weight| is below `prune`, and quantises to i16.
    pub fn finish(&self, prune: f32) -> Model {
        let c = self.nclass;
        let mut keys: Vec<(u64, u32)> = self.index.iter().map(|(&k, &r)| (k, r)).collect();
        keys.sort_unstable();
        let mut kept_keys = Vec::new();
        let mut rows: Vec<f32> = Vec::new();
        let mut maxabs = 0f32;
        for (k, r) in keys {
            let base = r as usize * c;
            let avg: Vec<f32> = (0..c)
                .map(|j| (self.w[base + j] as f64 - self.u[base + j] / self.steps) as f32)
                .collect();
            let m = avg.iter().fold(0f32, |a, x| a.max(x.abs()));
            if m < prune || m == 0.0 {
                continue;
            }
            maxabs = maxabs.max(m);
            kept_keys.push(k);
            rows.extend(avg);
        }
        let scale = if maxabs > 0.0 { maxabs / 32767.0 } else { 1.0 };
        let q: Vec<i16> = rows
            .iter()
            .map(|x| (x / scale).round().clamp(-32767.0, 32767.0) as i16)
            .collect();
        Model::from_parts(c, scale, kept_keys, q)
    }
}

/// Serialised form of a [`Model`]: little-endian byte blobs so (de)serialising is a memcpy.
#[derive(Serialize, Deserialize)]
pub struct ModelData {
    nclass: u32,
    scale: f32,
    #[serde(with = "serde_bytes")]
    keys: Vec<u8>,
    #[serde(with = "serde_bytes")]
    weights: Vec<u8>,
}

/// A trained, quantised perceptron: feature hash -> row of `nclass` i16 weights.
#[derive(Debug, Clone)]
pub struct Model {
    nclass: usize,
    scale: f32,
    // Open addressing: slot -> key (0 = empty) and slot -> row.
    slot_keys: Vec<u64>,
    slot_rows: Vec<u32>,
    mask: usize,
    keys: Vec<u64>,
    weights: Vec<i16>,
}

impl Model {
    fn from_parts(nclass: usize, scale: f32, keys: Vec<u64>, weights: Vec<i16>) -> Self {
        let cap = (keys.len() * 2).next_power_of_two().max(16);
        let mask = cap - 1;
        let mut slot_keys = vec![0u64; cap];
        let mut slot_rows = vec![0u32; cap];
        for (r, &k) in keys.iter().enumerate() {
            let k = k.max(1);
            let mut i = (fmix(k) as usize) & mask;
            while slot_keys[i] != 0 {
                i = (i + 1) & mask;
            }
            slot_keys[i] = k;
            slot_rows[i] = r as u32;
        }
        Self {
            nclass,
            scale,
            slot_keys,
            slot_rows,
            mask,
            keys,
            weights,
        }
    }

    /// Number of classes.
    pub fn nclass(&self) -> usize {
        self.nclass
    }

    /// Number of feature rows.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether the model has no features.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    #[inline]
    fn find(&self, k: u64) -> Option<usize> {
        let k = k.max(1);
        let mut i = (fmix(k) as usize) & self.mask;
        loop {
            let s = self.slot_keys[i];
            if s == k {
                return Some(self.slot_rows[i] as usize);
            }
            if s == 0 {
                return None;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Integer scores of `feats` into `out` (length `nclass`); multiply by [`Model::scale`]
    /// for float scores (only the argmax matters for decoding).
    pub fn scores(&self, feats: &[u64], out: &mut [i32]) {
        out.iter_mut().for_each(|x| *x = 0);
        let c = self.nclass;
        for &f in feats {
            if let Some(r) = self.find(f) {
                let row = &self.weights[r * c..(r + 1) * c];
                for (o, w) in out.iter_mut().zip(row) {
                    *o += i32::from(*w);
                }
            }
        }
    }

    /// Weight of one quantisation step.
    pub fn scale(&self) -> f32 {
        self.scale
    }

    /// Serialisable form.
    pub fn to_data(&self) -> ModelData {
        let mut keys = Vec::with_capacity(self.keys.len() * 8);
        for k in &self.keys {
            keys.extend_from_slice(&k.to_le_bytes());
        }
        let mut weights = Vec::with_capacity(self.weights.len() * 2);
        for w in &self.weights {
            weights.extend_from_slice(&w.to_le_bytes());
        }
        ModelData {
            nclass: self.nclass as u32,
            scale: self.scale,
            keys,
            weights,
        }
    }

    /// Rebuilds from the serialised form; `None` when the blobs are inconsistent.
    pub fn from_data(d: &ModelData) -> Option<Self> {
        let c = d.nclass as usize;
        if c == 0 || d.keys.len() % 8 != 0 || d.weights.len() != d.keys.len() / 8 * c * 2 {
            return None;
        }
        let keys: Vec<u64> = d
            .keys
            .chunks_exact(8)
            .map(|b| {
                let mut a = [0u8; 8];
                a.copy_from_slice(b);
                u64::from_le_bytes(a)
            })
            .collect();
        let weights: Vec<i16> = d
            .weights
            .chunks_exact(2)
            .map(|b| i16::from_le_bytes([b[0], b[1]]))
            .collect();
        Some(Self::from_parts(c, d.scale, keys, weights))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_a_separable_toy_problem() {
        let mut t = Trainer::new(2);
        let data = [(vec![1u64, 10], 0usize), (vec![2u64, 10], 1usize)];
        let mut out = vec![0f32; 2];
        for _ in 0..5 {
            for (f, y) in &data {
                t.scores(f, &mut out);
                let g = if out[1] > out[0] { 1 } else { 0 };
                t.update(f, *y, g);
                t.tick();
            }
        }
        let m = Model::from_data(&t.finish(0.0).to_data()).expect("round trip");
        let mut s = vec![0i32; 2];
        m.scores(&[1, 10], &mut s);
        assert!(s[0] > s[1]);
        m.scores(&[2, 10], &mut s);
        assert!(s[1] > s[0]);
    }
}
