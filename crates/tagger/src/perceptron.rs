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
        Model::from_dense(c, scale, kept_keys, &q)
    }
}

/// Serialised form of a [`Model`]: little-endian byte blobs so (de)serialising is a memcpy.
#[derive(Serialize, Deserialize)]
pub struct ModelData {
    nclass: u32,
    scale: f32,
    /// u64 feature keys.
    #[serde(with = "serde_bytes")]
    keys: Vec<u8>,
    /// u16 number of non-zero weights per row.
    #[serde(with = "serde_bytes")]
    lens: Vec<u8>,
    /// u8 class of each non-zero weight.
    #[serde(with = "serde_bytes")]
    classes: Vec<u8>,
    /// i16 non-zero weights.
    #[serde(with = "serde_bytes")]
    weights: Vec<u8>,
}

/// An open-addressing slot of a model with at most [`SMALL`] classes: a 32-bit fingerprint
/// of the feature key and the whole row inline (12 bytes, not the 16 of a full key), so a
/// lookup touches one cache line and more of the table stays in cache.
#[derive(Debug, Clone, Copy, Default)]
struct Small {
    fp: u32,
    w: [i16; SMALL],
}

/// An open-addressing slot of a wider model: the key fingerprint and where the row is
/// ([`DENSE`] set: offset into [`Model::dense`]; else: first entry in [`Model::entries`]).
#[derive(Debug, Clone, Copy, Default)]
struct Wide {
    fp: u32,
    start: u32,
}

/// Slots keyed by a fingerprint; 0 marks an empty slot.
trait Fingerprinted: Copy + Default {
    fn fp(&self) -> u32;
}

impl Fingerprinted for Small {
    #[inline]
    fn fp(&self) -> u32 {
        self.fp
    }
}

impl Fingerprinted for Wide {
    #[inline]
    fn fp(&self) -> u32 {
        self.fp
    }
}

/// Models with at most this many classes keep rows inline in [`Small`] slots.
const SMALL: usize = 3;

/// A non-zero weight and its class; `last` marks the final entry of a row, so that a slot
/// needs no row length.
#[derive(Debug, Clone, Copy, Default)]
struct Entry {
    w: i16,
    class: u8,
    last: bool,
}

/// A trained, quantised perceptron: feature hash -> sparse row of i16 class weights.
#[derive(Debug, Clone)]
pub struct Model {
    nclass: usize,
    scale: f32,
    small: Vec<Small>,
    wide: Vec<Wide>,
    mask: usize,
    keys: Vec<u64>,
    // Row r's entries are starts[r]..starts[r + 1].
    starts: Vec<u32>,
    entries: Vec<Entry>,
    // Rows with many non-zero weights, stored densely (`nclass` weights each, padded) because
    // adding a dense row is a few SIMD instructions while sparse entries cost several each.
    dense: Vec<i16>,
}

/// Flag in [`Wide::start`] marking a row stored in [`Model::dense`].
const DENSE: u32 = 1 << 31;

/// Features looked up together (see [`Model::lookup`]).
const BATCH: usize = 32;

/// Dense rows are padded to whole SIMD lanes so that the sum loop vectorises.
const LANES: usize = 8;

fn padded(nclass: usize) -> usize {
    nclass.div_ceil(LANES) * LANES
}

/// Table position and non-zero fingerprint of a feature key. The fingerprint comes from the
/// high half of the mixed key and the position from the low bits, so a false match needs
/// about 32 + log2(table size) equal bits.
#[inline]
fn place(k: u64, mask: usize) -> (usize, u32) {
    let h = fmix(k.max(1));
    ((h as usize) & mask, ((h >> 32) as u32).max(1))
}

impl Model {
    /// `dense` holds `nclass` quantised weights per key; zeros are dropped.
    fn from_dense(nclass: usize, scale: f32, keys: Vec<u64>, dense: &[i16]) -> Self {
        let mut starts = Vec::with_capacity(keys.len() + 1);
        let mut classes = Vec::new();
        let mut weights = Vec::new();
        starts.push(0u32);
        for r in 0..keys.len() {
            for (j, &w) in dense[r * nclass..(r + 1) * nclass].iter().enumerate() {
                if w != 0 {
                    classes.push(j as u8);
                    weights.push(w);
                }
            }
            starts.push(weights.len() as u32);
        }
        Self::from_parts(nclass, scale, keys, starts, classes, weights)
    }

    fn from_parts(
        nclass: usize,
        scale: f32,
        keys: Vec<u64>,
        starts: Vec<u32>,
        classes: Vec<u8>,
        weights: Vec<i16>,
    ) -> Self {
        let cap = (keys.len() * 10 / 7 + 1).next_power_of_two().max(16);
        let mask = cap - 1;
        let inline = nclass <= SMALL;
        let mut small = vec![Small::default(); if inline { cap } else { 0 }];
        let mut wide = vec![Wide::default(); if inline { 0 } else { cap }];
        let mut entries: Vec<Entry> = classes
            .iter()
            .zip(&weights)
            .map(|(&class, &w)| Entry {
                w,
                class,
                last: false,
            })
            .collect();
        let mut dense = Vec::new();
        for (r, &k) in keys.iter().enumerate() {
            let (a, b) = (starts[r] as usize, starts[r + 1] as usize);
            if a == b {
                // All weights quantised to zero: the feature contributes nothing.
                continue;
            }
            let (mut i, fp) = place(k, mask);
            if inline {
                while small[i].fp() != 0 {
                    i = (i + 1) & mask;
                }
                let mut w = [0i16; SMALL];
                for j in a..b {
                    if let Some(x) = w.get_mut(classes[j] as usize) {
                        *x = weights[j];
                    }
                }
                small[i] = Small { fp, w };
                continue;
            }
            while wide[i].fp != 0 {
                i = (i + 1) & mask;
            }
            let start = if (b - a) * 4 >= nclass {
                let start = dense.len();
                dense.resize(start + padded(nclass), 0i16);
                for j in a..b {
                    if let Some(d) = dense.get_mut(start + classes[j] as usize) {
                        *d = weights[j];
                    }
                }
                DENSE | start as u32
            } else {
                entries[b - 1].last = true;
                a as u32
            };
            wide[i] = Wide { fp, start };
        }
        Self {
            nclass,
            scale,
            small,
            wide,
            mask,
            keys,
            starts,
            entries,
            dense,
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

    /// Number of non-zero weights.
    pub fn nonzero(&self) -> usize {
        self.entries.len()
    }

    /// Whether the model has no features.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Integer scores of `feats` into `out` (length `nclass`); multiply by [`Model::scale`]
    /// for float scores (only the argmax matters for decoding).
    pub fn scores(&self, feats: &[u64], out: &mut [i32]) {
        out.iter_mut().for_each(|x| *x = 0);
        self.add_scores(feats, out);
    }

    /// Adds the integer scores of `feats` to `out` (length `nclass`).
    pub fn add_scores(&self, feats: &[u64], out: &mut [i32]) {
        if self.nclass <= SMALL {
            let mut found = [Small::default(); BATCH];
            let mut acc = [0i32; SMALL];
            for chunk in feats.chunks(BATCH) {
                let n = self.lookup(&self.small, chunk, &mut found);
                for s in &found[..n] {
                    for (a, &w) in acc.iter_mut().zip(&s.w) {
                        *a += i32::from(w);
                    }
                }
            }
            for (o, a) in out.iter_mut().zip(acc) {
                *o += a;
            }
            return;
        }
        let np = padded(self.nclass);
        let out = out.get_mut(..self.nclass).unwrap_or(&mut []);
        let mut found = [Wide::default(); BATCH];
        for chunk in feats.chunks(BATCH) {
            let n = self.lookup(&self.wide, chunk, &mut found);
            // The rows are as far from the cache as the slots were: load a word of every
            // line of every row before summing the first, so that their misses overlap too.
            let mut touch = 0i16;
            for s in &found[..n] {
                let a = (s.start & !DENSE) as usize;
                if s.start & DENSE != 0 {
                    for line in self.dense.get(a..a + np).unwrap_or(&[]).chunks(32) {
                        touch = touch.wrapping_add(line[0]);
                    }
                } else if let Some(e) = self.entries.get(a) {
                    touch = touch.wrapping_add(e.w);
                }
            }
            std::hint::black_box(touch);
            for s in &found[..n] {
                let a = (s.start & !DENSE) as usize;
                if s.start & DENSE != 0 {
                    let row = self.dense.get(a..a + np).unwrap_or(&[]);
                    // Fixed-size lanes so that the compiler emits SIMD adds.
                    let (oc, orest) = out.as_chunks_mut::<LANES>();
                    let (rc, rrest) = row.as_chunks::<LANES>();
                    for (o, w) in oc.iter_mut().zip(rc) {
                        for k in 0..LANES {
                            o[k] += i32::from(w[k]);
                        }
                    }
                    let tail = rc.get(oc.len()).map_or(rrest, |c| c.as_slice());
                    for (o, w) in orest.iter_mut().zip(tail) {
                        *o += i32::from(*w);
                    }
                } else {
                    for e in self.entries.get(a..).unwrap_or(&[]) {
                        if let Some(o) = out.get_mut(e.class as usize) {
                            *o += i32::from(e.w);
                        }
                        if e.last {
                            break;
                        }
                    }
                }
            }
        }
    }

    /// Finds the slots of the features of `chunk` (at most BATCH) that the model has, into
    /// `found`; returns how many.
    ///
    /// The table is far larger than the caches, so nearly every probe misses. Every feature's
    /// home slot is loaded first (independent loads the CPU overlaps), then fingerprints are
    /// compared, so a batch costs about one memory latency instead of one per feature.
    // Index loops over two parallel arrays read more plainly than zipped iterators here.
    #[allow(clippy::needless_range_loop)]
    #[inline]
    fn lookup<S: Fingerprinted>(
        &self,
        table: &[S],
        chunk: &[u64],
        found: &mut [S; BATCH],
    ) -> usize {
        let mut home = [S::default(); BATCH];
        let mut fps = [0u32; BATCH];
        let m = chunk.len().min(BATCH);
        // `place` keeps indices within `mask`, which is the table length minus one.
        for j in 0..m {
            let (i, p) = place(chunk[j], self.mask);
            fps[j] = p;
            home[j] = table[i];
        }
        let mut n = 0;
        for j in 0..m {
            let fp = fps[j];
            let mut s = home[j];
            if s.fp() != fp {
                if s.fp() == 0 {
                    continue;
                }
                // Collision: walk the probe sequence.
                let (mut i, _) = place(chunk[j], self.mask);
                loop {
                    i = (i + 1) & self.mask;
                    s = table[i];
                    if s.fp() == fp || s.fp() == 0 {
                        break;
                    }
                }
                if s.fp() != fp {
                    continue;
                }
            }
            found[n] = s;
            n += 1;
        }
        n
    }

    /// A copy without the rows whose largest |weight| is below `min` (in unquantised units).
    pub fn pruned(&self, min: f32) -> Model {
        let mut keys = Vec::new();
        let mut starts = vec![0u32];
        let mut classes = Vec::new();
        let mut weights = Vec::new();
        for (r, &k) in self.keys.iter().enumerate() {
            let (a, b) = (self.starts[r] as usize, self.starts[r + 1] as usize);
            let m = self.entries[a..b]
                .iter()
                .map(|e| f32::from(e.w.unsigned_abs()))
                .fold(0f32, f32::max);
            if m * self.scale < min {
                continue;
            }
            keys.push(k);
            classes.extend(self.entries[a..b].iter().map(|e| e.class));
            weights.extend(self.entries[a..b].iter().map(|e| e.w));
            starts.push(weights.len() as u32);
        }
        Model::from_parts(self.nclass, self.scale, keys, starts, classes, weights)
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
        let mut lens = Vec::with_capacity(self.keys.len() * 2);
        for r in 0..self.keys.len() {
            let n = (self.starts[r + 1] - self.starts[r]) as u16;
            lens.extend_from_slice(&n.to_le_bytes());
        }
        let mut weights = Vec::with_capacity(self.entries.len() * 2);
        for e in &self.entries {
            weights.extend_from_slice(&e.w.to_le_bytes());
        }
        ModelData {
            nclass: self.nclass as u32,
            scale: self.scale,
            keys,
            lens,
            classes: self.entries.iter().map(|e| e.class).collect(),
            weights,
        }
    }

    /// Rebuilds from the serialised form; `None` when the blobs are inconsistent.
    pub fn from_data(d: &ModelData) -> Option<Self> {
        let c = d.nclass as usize;
        if c == 0 || c > 256 || !d.keys.len().is_multiple_of(8) || d.lens.len() != d.keys.len() / 4
        {
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
        let mut starts = Vec::with_capacity(keys.len() + 1);
        let mut acc = 0u32;
        starts.push(0);
        for b in d.lens.chunks_exact(2) {
            acc += u32::from(u16::from_le_bytes([b[0], b[1]]));
            starts.push(acc);
        }
        if acc as usize != d.classes.len() || d.weights.len() != 2 * d.classes.len() {
            return None;
        }
        let weights: Vec<i16> = d
            .weights
            .chunks_exact(2)
            .map(|b| i16::from_le_bytes([b[0], b[1]]))
            .collect();
        Some(Self::from_parts(
            c,
            d.scale,
            keys,
            starts,
            d.classes.clone(),
            weights,
        ))
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
