//! Part-of-speech tagger (UPOS + Penn XPOS, predicted jointly) and lemmatiser trained on UD
//! English. The tagger is a greedy left-to-right averaged perceptron over hashed features
//! (word, affixes, shape, neighbouring words, ambiguity classes, previous tags); the
//! lemmatiser is a lookup table with suffix-edit rules for unseen words. The crate also owns
//! the perceptron machinery ([`perceptron`]) that the parser reuses.

pub mod lemma;
pub mod perceptron;

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use sitrep_nlp::conllu::ConlluSentence;
use sitrep_nlp::{Annotator, Sentence, Upos};

use crate::lemma::Lemmatizer;
use crate::perceptron::{IdMap, Model, ModelData, Rng, Trainer, hash_str, mix};

/// The committed model, compiled in so the binary is self-contained.
static BUILTIN: &[u8] = include_bytes!("../../../models/tagger.bin");

const FORMAT: &str = "sitrep-tagger-v2";

/// Tagger errors.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading a model file failed.
    #[error("reading tagger model: {0}")]
    Io(#[from] std::io::Error),
    /// The bytes are not a tagger model of this version.
    #[error("bad tagger model: {0}")]
    Format(String),
    /// Training data unusable.
    #[error("tagger training: {0}")]
    Train(String),
}

impl Error {
    /// Stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Io(_) => "tagger.io",
            Self::Format(_) => "tagger.format",
            Self::Train(_) => "tagger.train",
        }
    }
}

#[derive(Serialize, Deserialize)]
struct TaggerData {
    format: String,
    tags: Vec<(String, String)>,
    amb: Vec<(u64, u64)>,
    dict: Vec<(u64, u64)>,
    model: ModelData,
    model2: Option<ModelData>,
    lemma: Lemmatizer,
}

/// A trained tagger + lemmatiser.
#[derive(Debug, Clone)]
pub struct Tagger {
    /// Distinct per loaded or trained model: keys the per-thread [`Memo`].
    id: u64,
    tags: Vec<(Upos, String)>,
    tag_hash: Vec<u64>,
    amb: IdMap<u64>,
    // Frequent, practically unambiguous forms -> tag, skipping the model (speed).
    dict: IdMap<u64>,
    model: Model,
    // Second pass that also sees the first pass's tags to the right.
    model2: Option<Model>,
    lemma: Lemmatizer,
}

/// Training settings.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Passes over the training data.
    pub epochs: usize,
    /// Shuffling seed.
    pub seed: u64,
    /// Drop averaged weight rows whose largest |weight| is below this.
    pub prune: f32,
    /// Folds for jackknifing first-pass tags to train the second pass (0 = one pass only).
    pub folds: usize,
}

impl Default for TrainOptions {
    fn default() -> Self {
        Self {
            epochs: 10,
            seed: 7,
            prune: 0.0,
            folds: 5,
        }
    }
}

/// Per-token atoms, computed once per sentence.
struct Atoms {
    lower: Vec<u64>,
    form: Vec<u64>,
    shape: Vec<u64>,
    suf3: Vec<u64>,
    amb: Vec<u64>,
    fixed: Vec<usize>,
    // STATIC_FEATS hashes per token (zeros for tokens tagged by the dictionary): the features
    // that do not depend on predicted tags, shared by both passes. The first LOCAL_FEATS are
    // zeros too unless asked for: decoding with the memo computes them (`local_feats`) only
    // for words it has not seen.
    stat: Vec<u64>,
    // The lower-cased forms, one after the other: token i's is `lowers[lower_at[i]..lower_at[i + 1]]`.
    lowers: String,
    lower_at: Vec<usize>,
}

/// Number of tag-independent features per token.
const STATIC_FEATS: usize = 30;

const NONE: u64 = 0x1234_5678;
const START: u64 = 0x2345_6789;

/// Appends the shape of `s` ("Xxxxx", "dd-dd") to `out`, a reused buffer.
fn shape(s: &str, out: &mut String) {
    let start = out.len();
    let mut last = ' ';
    let mut run = 0;
    for c in s.chars() {
        let m = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if m == last {
            run += 1;
            if run >= 2 {
                continue;
            }
        } else {
            run = 0;
        }
        last = m;
        out.push(m);
        if out.len() - start >= 8 {
            break;
        }
    }
}

/// Byte offset of the last `n` characters of `s` (all of it when shorter), counted from the end
/// rather than by counting all characters first.
fn suffix_start(s: &str, n: usize) -> usize {
    match n.checked_sub(1) {
        None => s.len(),
        Some(k) => s.char_indices().rev().nth(k).map_or(0, |(i, _)| i),
    }
}

fn suffix_hash(s: &str, n: usize) -> u64 {
    hash_str(&s[suffix_start(s, n)..]) ^ (n as u64)
}

/// Appends `s.to_lowercase()` to `out`; plain ASCII (most words) needs no allocation.
fn push_lower(out: &mut String, s: &str) {
    if s.is_ascii() {
        let start = out.len();
        out.push_str(s);
        out[start..].make_ascii_lowercase();
    } else {
        out.push_str(&s.to_lowercase());
    }
}

fn prefix_hash(s: &str, n: usize) -> u64 {
    let idx = s.char_indices().nth(n).map_or(s.len(), |(i, _)| i);
    hash_str(&s[..idx]) ^ ((n as u64) << 8)
}

impl Atoms {
    /// The atoms of `forms`; `local`: whether `stat` gets the word-local features too.
    fn new(forms: &[&str], amb: &IdMap<u64>, dict: &IdMap<u64>, local: bool) -> Self {
        let n = forms.len();
        let mut a = Atoms {
            lower: Vec::with_capacity(n),
            form: Vec::with_capacity(n),
            shape: Vec::with_capacity(n),
            suf3: Vec::with_capacity(n),
            amb: Vec::with_capacity(n),
            fixed: Vec::with_capacity(n),
            stat: Vec::with_capacity(n * STATIC_FEATS),
            lowers: String::with_capacity(forms.iter().map(|f| f.len()).sum()),
            lower_at: Vec::with_capacity(n + 1),
        };
        a.lower_at.push(0);
        let mut shape_buf = String::new();
        for f in forms {
            push_lower(&mut a.lowers, f);
            a.lower_at.push(a.lowers.len());
            let l = &a.lowers[a.lower_at[a.lower_at.len() - 2]..];
            let lh = hash_str(l);
            a.lower.push(lh);
            let fh = hash_str(f);
            a.form.push(fh);
            shape_buf.clear();
            shape(f, &mut shape_buf);
            a.shape.push(hash_str(&shape_buf));
            a.suf3.push(suffix_hash(l, 3));
            a.amb.push(amb.get(&lh).copied().unwrap_or(NONE));
            a.fixed
                .push(dict.get(&fh).map_or(usize::MAX, |&t| t as usize));
        }
        for (i, w) in forms.iter().enumerate() {
            if a.fixed[i] == usize::MAX {
                let l = a.lower_str(i);
                let head = if local {
                    local_feats(w, l, &a, i)
                } else {
                    [0; LOCAL_FEATS]
                };
                a.stat.extend(head);
                neighbour_feats(&mut a, i);
            } else {
                a.stat.extend([0; STATIC_FEATS]);
            }
        }
        a
    }

    /// Lower-cased form of token `i`.
    fn lower_str(&self, i: usize) -> &str {
        &self.lowers[self.lower_at[i]..self.lower_at[i + 1]]
    }
}

#[inline]
fn f1(t: u64, x: u64) -> u64 {
    mix(mix(0, t), x)
}

#[inline]
fn f2(t: u64, x: u64, y: u64) -> u64 {
    mix(mix(mix(0, t), x), y)
}

/// Atom of token `j` (may be outside the sentence) from a per-token vector.
#[inline]
fn at(v: &[u64], j: isize) -> u64 {
    if j < 0 {
        START
    } else {
        v.get(j as usize).copied().unwrap_or(NONE)
    }
}

/// The LOCAL_FEATS word-local feature hashes of token `i` (form `w`, lowercase `l`): the
/// first of its STATIC_FEATS tag-independent ones. Each feature hash starts from its
/// template id.
fn local_feats(w: &str, l: &str, a: &Atoms, i: usize) -> [u64; LOCAL_FEATS] {
    let mut out = [0u64; LOCAL_FEATS];
    out[0] = f1(1, 0);
    out[1] = f1(2, a.lower[i]);
    out[2] = f1(3, a.form[i]);
    for k in 1..=4 {
        out[2 + k] = f1(10 + k as u64, suffix_hash(l, k));
    }
    for k in 1..=3 {
        out[6 + k] = f1(20 + k as u64, prefix_hash(l, k));
    }
    out[10] = f1(4, a.shape[i]);
    let first_upper = w.chars().next().is_some_and(char::is_uppercase);
    out[11] = f1(5, u64::from(first_upper) * 2 + u64::from(i == 0));
    out[12] = f1(6, u64::from(w.contains('-')));
    out[13] = f1(7, u64::from(w.chars().any(|c| c.is_ascii_digit())));
    out[14] = f1(50, a.amb[i]);
    out
}

/// Appends the rest of token `i`'s STATIC_FEATS (after the LOCAL_FEATS word-local ones) to
/// `a.stat`: the neighbourhood features, not memoisable per word.
fn neighbour_feats(a: &mut Atoms, i: usize) {
    let i_ = i as isize;
    let mut out = [0u64; STATIC_FEATS];
    out[15] = f1(30, at(&a.lower, i_ - 1));
    out[16] = f1(31, at(&a.lower, i_ + 1));
    out[17] = f1(32, at(&a.lower, i_ - 2));
    out[18] = f1(33, at(&a.lower, i_ + 2));
    out[19] = f1(34, at(&a.suf3, i_ - 1));
    out[20] = f1(35, at(&a.suf3, i_ + 1));
    out[21] = f1(36, at(&a.shape, i_ - 1));
    out[22] = f1(37, at(&a.shape, i_ + 1));
    out[23] = f2(44, at(&a.lower, i_ - 1), a.lower[i]);
    out[24] = f2(45, a.lower[i], at(&a.lower, i_ + 1));
    out[25] = f1(51, at(&a.amb, i_ + 1));
    out[26] = f1(52, at(&a.amb, i_ + 2));
    out[27] = f2(53, a.amb[i], at(&a.amb, i_ + 1));
    out[28] = f2(55, at(&a.amb, i_ + 1), at(&a.amb, i_ + 2));
    out[29] = f2(57, a.shape[i], at(&a.lower, i_ + 1));
    a.stat.extend_from_slice(&out[LOCAL_FEATS..]);
}

/// All features of token `i`: its precomputed static ones plus those on the two previous
/// predicted tags (`p1`, `p2`) and, in the second pass, on the first pass's tags (`right`,
/// tag hashes of the whole sentence).
fn feats(a: &Atoms, i: usize, p1: u64, p2: u64, right: Option<&[u64]>, out: &mut Vec<u64>) {
    out.clear();
    out.extend_from_slice(&a.stat[i * STATIC_FEATS..(i + 1) * STATIC_FEATS]);
    context_feats(a, i, p1, p2, right, out);
}

/// The features of token `i` beyond its word-local ones (see [`Memo`]).
fn context_feats(a: &Atoms, i: usize, p1: u64, p2: u64, right: Option<&[u64]>, out: &mut Vec<u64>) {
    let i_ = i as isize;
    out.push(f1(40, p1));
    out.push(f1(41, p2));
    out.push(f2(42, p1, p2));
    out.push(f2(43, p1, a.lower[i]));
    out.push(f2(54, p1, a.amb[i]));
    out.push(f2(56, p1, at(&a.amb, i_ + 1)));
    if let Some(r) = right {
        let rt = |j: usize| r.get(j).copied().unwrap_or(NONE);
        let (r0, r1, r2) = (rt(i), rt(i + 1), rt(i + 2));
        out.push(f1(60, r0));
        out.push(f1(61, r1));
        out.push(f1(62, r2));
        out.push(f2(63, r1, r2));
        out.push(f2(64, p1, r1));
        out.push(f2(65, r1, a.lower[i]));
        out.push(f2(66, r0, a.lower[i]));
        out.push(f2(67, p1, r0));
        out.push(f2(68, r0, r1));
    }
}

type Data<'a> = Vec<(Vec<&'a str>, Vec<usize>)>;

/// Number of word-local features at the head of each token's static ones: they depend only
/// on the form and on whether it opens the sentence.
const LOCAL_FEATS: usize = 15;

/// Words whose word-local scores a thread keeps (×classes×4 bytes: 13 MB for 102 classes).
const MEMO_WORDS: usize = 1 << 15;

/// Per-thread memo of the summed scores of each word's word-local features under one model.
/// News repeats its vocabulary, so most tokens cost one sequential row read instead of
/// [`LOCAL_FEATS`] random lookups in a table far larger than the caches. Sums of integer
/// weights do not depend on order, so tags are exactly those of the plain sum.
struct Memo {
    /// The [`Tagger::id`] the rows belong to.
    owner: u64,
    index: IdMap<u32>,
    rows: Vec<i32>,
}

thread_local! {
    static MEMO: std::cell::RefCell<Memo> = std::cell::RefCell::new(Memo {
        owner: 0,
        index: IdMap::default(),
        rows: Vec::new(),
    });
}

/// Source of distinct [`Tagger::id`]s.
static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// Greedy left-to-right decoding: `score(i, p1, p2, sc)` fills the class scores of token `i`
/// after the tag hashes `p1`, `p2`; fixed tags (unambiguous frequent words) are not scored.
fn greedy(
    a: &Atoms,
    tag_hash: &[u64],
    nclass: usize,
    mut score: impl FnMut(usize, u64, u64, &mut [i32]),
) -> Vec<usize> {
    let n = a.fixed.len();
    let mut out = Vec::with_capacity(n);
    let mut sc = vec![0i32; nclass];
    let (mut p1, mut p2) = (START, START);
    for i in 0..n {
        let best = if a.fixed[i] != usize::MAX {
            a.fixed[i]
        } else {
            score(i, p1, p2, &mut sc);
            argmax_i32(&sc)
        };
        out.push(best);
        p2 = p1;
        p1 = tag_hash[best];
    }
    out
}

/// Greedy decoding with the tagger's first-pass model, word-local scores memoised (see
/// [`Memo`]); `owner` identifies the model. `a` need not hold the word-local features: they
/// are computed here for words missing from the memo.
fn decode_memo(
    model: &Model,
    owner: u64,
    tag_hash: &[u64],
    forms: &[&str],
    a: &Atoms,
) -> Vec<usize> {
    let nclass = model.nclass();
    let mut fv = Vec::with_capacity(64);
    MEMO.with_borrow_mut(|m| {
        if m.owner != owner {
            m.index.clear();
            m.rows.clear();
            m.owner = owner;
        }
        greedy(a, tag_hash, nclass, |i, p1, p2, sc| {
            let stat = &a.stat[i * STATIC_FEATS..(i + 1) * STATIC_FEATS];
            let key = mix(a.form[i], u64::from(i == 0));
            let r = match m.index.get(&key) {
                Some(&r) => r as usize,
                None => {
                    if m.index.len() >= MEMO_WORDS {
                        m.index.clear();
                        m.rows.clear();
                    }
                    let r = m.index.len();
                    m.rows.resize((r + 1) * nclass, 0);
                    let local = local_feats(forms[i], a.lower_str(i), a, i);
                    model.add_scores(&local, &mut m.rows[r * nclass..]);
                    m.index.insert(key, r as u32);
                    r
                }
            };
            sc.copy_from_slice(&m.rows[r * nclass..(r + 1) * nclass]);
            fv.clear();
            fv.extend_from_slice(&stat[LOCAL_FEATS..]);
            context_feats(a, i, p1, p2, None, &mut fv);
            model.add_scores(&fv, sc);
        })
    })
}

/// Greedy decoding with one model, every feature looked up (`a` must hold all features).
fn decode(model: &Model, tag_hash: &[u64], a: &Atoms, right: Option<&[u64]>) -> Vec<usize> {
    let mut fv = Vec::with_capacity(64);
    greedy(a, tag_hash, model.nclass(), |i, p1, p2, sc| {
        feats(a, i, p1, p2, right, &mut fv);
        model.scores(&fv, sc);
    })
}

struct PassCtx<'a> {
    amb: &'a IdMap<u64>,
    dict: &'a IdMap<u64>,
    tag_hash: &'a [u64],
    ntags: usize,
}

#[allow(clippy::needless_range_loop)]
/// Trains one pass; `right` holds first-pass tags for the second pass. Returns the model of
/// the epoch best on `dev` (or the last epoch without dev) and its dev accuracy.
#[allow(clippy::too_many_arguments)]
fn train_pass(
    ctx: &PassCtx<'_>,
    data: &Data<'_>,
    right: Option<&[Vec<u64>]>,
    dev: &Data<'_>,
    dev_right: Option<&[Vec<u64>]>,
    epochs: usize,
    seed: u64,
    prune: f32,
    name: &str,
    log: &mut dyn FnMut(String),
) -> (Model, f64) {
    let atoms: Vec<Atoms> = data
        .iter()
        .map(|(f, _)| Atoms::new(f, ctx.amb, ctx.dict, true))
        .collect();
    let dev_atoms: Vec<Atoms> = dev
        .iter()
        .map(|(f, _)| Atoms::new(f, ctx.amb, ctx.dict, true))
        .collect();
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut rng = Rng::new(seed);
    let mut tr = Trainer::new(ctx.ntags);
    let mut fv = Vec::with_capacity(64);
    let mut sc = vec![0f32; ctx.ntags];
    let mut best: Option<(f64, Model)> = None;
    for epoch in 1..=epochs {
        rng.shuffle(&mut order);
        let (mut ok, mut tot) = (0usize, 0usize);
        for &si in &order {
            let (forms, gold) = &data[si];
            let a = &atoms[si];
            let r = right.map(|r| r[si].as_slice());
            let (mut p1, mut p2) = (START, START);
            for i in 0..forms.len() {
                let guess = if a.fixed[i] != usize::MAX {
                    a.fixed[i]
                } else {
                    feats(a, i, p1, p2, r, &mut fv);
                    tr.scores(&fv, &mut sc);
                    let g = argmax_f32(&sc);
                    tr.update(&fv, gold[i], g);
                    tr.tick();
                    g
                };
                ok += usize::from(guess == gold[i]);
                tot += 1;
                p2 = p1;
                // Condition on the prediction, as at run time.
                p1 = ctx.tag_hash[guess];
            }
        }
        if dev.is_empty() && epoch < epochs {
            continue;
        }
        let m = tr.finish(prune);
        let (mut dok, mut dtot) = (0usize, 0usize);
        for (k, (_, gold)) in dev.iter().enumerate() {
            let r = dev_right.map(|r| r[k].as_slice());
            let pred = decode(&m, ctx.tag_hash, &dev_atoms[k], r);
            dok += pred.iter().zip(gold).filter(|(p, g)| p == g).count();
            dtot += gold.len();
        }
        let acc = dok as f64 / dtot.max(1) as f64;
        log(format!(
            "{name} epoch {epoch}: train acc {:.2}%, dev UPOS+XPOS acc {:.2}%, features {}",
            100.0 * ok as f64 / tot.max(1) as f64,
            100.0 * acc,
            tr.len()
        ));
        if dev.is_empty() || best.as_ref().is_none_or(|(b, _)| acc > *b) {
            best = Some((acc, m));
        }
    }
    match best {
        Some((acc, m)) => (m, acc),
        None => (tr.finish(prune), 0.0),
    }
}

impl Tagger {
    /// The model committed with sitrep (trained on UD English EWT).
    pub fn builtin() -> Result<Self, Error> {
        Self::from_bytes(BUILTIN)
    }

    /// Loads a model file written by [`Tagger::to_bytes`].
    pub fn from_path(path: &Path) -> Result<Self, Error> {
        Self::from_bytes(&std::fs::read(path)?)
    }

    /// Decodes a serialised model.
    pub fn from_bytes(b: &[u8]) -> Result<Self, Error> {
        if b.is_empty() {
            return Err(Error::Format("empty model (not trained yet)".into()));
        }
        let d: TaggerData = postcard::from_bytes(b).map_err(|e| Error::Format(e.to_string()))?;
        if d.format != FORMAT {
            return Err(Error::Format(format!(
                "format {:?}, want {FORMAT}",
                d.format
            )));
        }
        let bad = || Error::Format("inconsistent weight blobs".into());
        let model = Model::from_data(&d.model).ok_or_else(bad)?;
        let model2 = match &d.model2 {
            Some(m) => Some(Model::from_data(m).ok_or_else(bad)?),
            None => None,
        };
        let tags: Vec<(Upos, String)> = d
            .tags
            .iter()
            .map(|(u, x)| (Upos::parse(u).unwrap_or(Upos::X), x.clone()))
            .collect();
        if model.nclass() != tags.len() || model2.as_ref().is_some_and(|m| m.nclass() != tags.len())
        {
            return Err(Error::Format("class count mismatch".into()));
        }
        Ok(Self::assemble(
            tags,
            d.amb.into_iter().collect(),
            d.dict.into_iter().collect(),
            model,
            model2,
            d.lemma,
        ))
    }

    fn assemble(
        tags: Vec<(Upos, String)>,
        amb: IdMap<u64>,
        dict: IdMap<u64>,
        model: Model,
        model2: Option<Model>,
        lemma: Lemmatizer,
    ) -> Self {
        let tag_hash = tag_hashes(tags.len());
        Self {
            id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            tags,
            tag_hash,
            amb,
            dict,
            model,
            model2,
            lemma,
        }
    }

    /// Serialises the model (postcard).
    pub fn to_bytes(&self) -> Result<Vec<u8>, Error> {
        let mut amb: Vec<(u64, u64)> = self.amb.iter().map(|(&k, &v)| (k, v)).collect();
        amb.sort_unstable();
        let mut dict: Vec<(u64, u64)> = self.dict.iter().map(|(&k, &v)| (k, v)).collect();
        dict.sort_unstable();
        let d = TaggerData {
            format: FORMAT.into(),
            tags: self
                .tags
                .iter()
                .map(|(u, x)| (u.as_str().to_owned(), x.clone()))
                .collect(),
            amb,
            dict,
            model: self.model.to_data(),
            model2: self.model2.as_ref().map(Model::to_data),
            lemma: self.lemma.clone(),
        };
        postcard::to_allocvec(&d).map_err(|e| Error::Format(e.to_string()))
    }

    /// Number of feature rows and non-zero weights in the model(s).
    pub fn num_features(&self) -> (usize, usize) {
        let m2 = self.model2.as_ref();
        (
            self.model.len() + m2.map_or(0, Model::len),
            self.model.nonzero() + m2.map_or(0, Model::nonzero),
        )
    }

    /// A smaller copy without weight rows whose largest |weight| is below `min`.
    pub fn pruned(&self, min: f32) -> Self {
        let mut t = self.clone();
        t.model = self.model.pruned(min);
        t.model2 = self.model2.as_ref().map(|m| m.pruned(min));
        t
    }

    /// The same tagger without its second pass: half the work, slightly less accurate.
    #[must_use]
    pub fn first_pass_only(mut self) -> Self {
        self.model2 = None;
        self
    }

    /// Predicts (UPOS, XPOS) for each form.
    pub fn tag_forms(&self, forms: &[&str]) -> Vec<(Upos, &str)> {
        self.predict(forms)
            .into_iter()
            .map(|t| (self.tags[t].0, self.tags[t].1.as_str()))
            .collect()
    }

    fn predict(&self, forms: &[&str]) -> Vec<usize> {
        // The second pass reads every static feature; the first computes word-local ones only
        // for words its memo lacks.
        let a = Atoms::new(forms, &self.amb, &self.dict, self.model2.is_some());
        let first = decode_memo(&self.model, self.id, &self.tag_hash, forms, &a);
        match &self.model2 {
            None => first,
            Some(m2) => {
                let r: Vec<u64> = first.iter().map(|&t| self.tag_hash[t]).collect();
                decode(m2, &self.tag_hash, &a, Some(&r))
            }
        }
    }

    /// The lemma of `form` tagged `xpos`.
    pub fn lemmatize(&self, form: &str, xpos: &str) -> String {
        self.lemma.lemma(form, xpos)
    }

    /// Trains a tagger + lemmatiser on `train`; keeps the epoch that tags `dev` best.
    /// With `opts.folds >= 2` a second pass is trained on jackknifed first-pass tags.
    /// `log` receives one progress line per epoch.
    pub fn train(
        train: &[ConlluSentence],
        dev: &[ConlluSentence],
        opts: &TrainOptions,
        log: &mut dyn FnMut(String),
    ) -> Result<Self, Error> {
        if train.is_empty() {
            return Err(Error::Train("no training sentences".into()));
        }
        // Joint (UPOS, XPOS) classes in a deterministic order.
        let mut tagset: Vec<(String, String)> = train
            .iter()
            .flat_map(|s| s.words.iter().map(|w| (w.upos.clone(), w.xpos.clone())))
            .collect();
        tagset.sort();
        tagset.dedup();
        if tagset.len() > 256 {
            return Err(Error::Train("more than 256 distinct tags".into()));
        }
        let tag_id: HashMap<(String, String), usize> = tagset
            .iter()
            .cloned()
            .enumerate()
            .map(|(i, t)| (t, i))
            .collect();
        let amb = ambiguity_classes(train, &tag_id);
        let dict = tag_dictionary(train, &tag_id);
        let lemma = Lemmatizer::train(
            train
                .iter()
                .flat_map(|s| s.words.iter())
                .map(|w| (w.form.as_str(), w.xpos.as_str(), w.lemma.as_str())),
        );
        let tags: Vec<(Upos, String)> = tagset
            .iter()
            .map(|(u, x)| (Upos::parse(u).unwrap_or(Upos::X), x.clone()))
            .collect();
        let tag_hash = tag_hashes(tags.len());
        fn to_data<'a>(
            ss: &'a [ConlluSentence],
            tag_id: &HashMap<(String, String), usize>,
        ) -> Data<'a> {
            ss.iter()
                .map(|s| {
                    (
                        s.words.iter().map(|w| w.form.as_str()).collect(),
                        s.words
                            .iter()
                            .map(|w| {
                                tag_id
                                    .get(&(w.upos.clone(), w.xpos.clone()))
                                    .copied()
                                    .unwrap_or(usize::MAX)
                            })
                            .collect(),
                    )
                })
                .collect()
        }
        let data = to_data(train, &tag_id);
        let dev_data = to_data(dev, &tag_id);
        let ctx = PassCtx {
            amb: &amb,
            dict: &dict,
            tag_hash: &tag_hash,
            ntags: tags.len(),
        };
        let (m1, acc1) = train_pass(
            &ctx,
            &data,
            None,
            &dev_data,
            None,
            opts.epochs,
            opts.seed,
            opts.prune,
            "tagger pass 1",
            log,
        );
        if opts.folds < 2 {
            return Ok(Self::assemble(tags, amb, dict, m1, None, lemma));
        }
        // Jackknife: each fold's first-pass tags come from a model that never saw it.
        let k = opts.folds;
        let mut right: Vec<Vec<u64>> = vec![Vec::new(); data.len()];
        for fold in 0..k {
            let rest: Data<'_> = data
                .iter()
                .enumerate()
                .filter(|(i, _)| i % k != fold)
                .map(|(_, d)| d.clone())
                .collect();
            let (fm, _) = train_pass(
                &ctx,
                &rest,
                None,
                &Vec::new(),
                None,
                opts.epochs.min(6),
                opts.seed + 1 + fold as u64,
                opts.prune,
                "jackknife",
                &mut |_| {},
            );
            for (i, (forms, _)) in data.iter().enumerate() {
                if i % k == fold {
                    let a = Atoms::new(forms, &amb, &dict, true);
                    right[i] = decode(&fm, &tag_hash, &a, None)
                        .into_iter()
                        .map(|t| tag_hash[t])
                        .collect();
                }
            }
            log(format!("tagger jackknife fold {}/{k} done", fold + 1));
        }
        let dev_right: Vec<Vec<u64>> = dev_data
            .iter()
            .map(|(forms, _)| {
                let a = Atoms::new(forms, &amb, &dict, true);
                decode(&m1, &tag_hash, &a, None)
                    .into_iter()
                    .map(|t| tag_hash[t])
                    .collect()
            })
            .collect();
        let (m2, acc2) = train_pass(
            &ctx,
            &data,
            Some(&right),
            &dev_data,
            Some(&dev_right),
            opts.epochs,
            opts.seed + 100,
            opts.prune,
            "tagger pass 2",
            log,
        );
        log(format!(
            "tagger: dev acc pass 1 {:.2}%, pass 2 {:.2}%",
            100.0 * acc1,
            100.0 * acc2
        ));
        // Keep the second pass only if it helps on dev (always, without dev data).
        let model2 = (dev_data.is_empty() || acc2 > acc1).then_some(m2);
        Ok(Self::assemble(tags, amb, dict, m1, model2, lemma))
    }

    /// (UPOS, joint UPOS+XPOS) accuracy on gold-tokenised sentences.
    pub fn accuracy(&self, sents: &[ConlluSentence]) -> (f64, f64) {
        let (mut u_ok, mut ok, mut tot) = (0usize, 0usize, 0usize);
        for s in sents {
            let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            for (p, w) in self.predict(&forms).into_iter().zip(&s.words) {
                let (u, x) = &self.tags[p];
                u_ok += usize::from(u.as_str() == w.upos);
                ok += usize::from(u.as_str() == w.upos && *x == w.xpos);
                tot += 1;
            }
        }
        (
            u_ok as f64 / tot.max(1) as f64,
            ok as f64 / tot.max(1) as f64,
        )
    }
}

/// Forms seen at least 20 times with one tag at least 99.5% of the time.
fn tag_dictionary(
    train: &[ConlluSentence],
    tag_id: &HashMap<(String, String), usize>,
) -> IdMap<u64> {
    let mut counts: HashMap<u64, HashMap<usize, usize>> = HashMap::new();
    for s in train {
        for w in &s.words {
            if let Some(&t) = tag_id.get(&(w.upos.clone(), w.xpos.clone())) {
                *counts
                    .entry(hash_str(&w.form))
                    .or_default()
                    .entry(t)
                    .or_default() += 1;
            }
        }
    }
    let mut dict = IdMap::default();
    for (k, m) in &counts {
        let total: usize = m.values().sum();
        if let Some((&t, &c)) = m.iter().max_by_key(|(t, c)| (**c, std::cmp::Reverse(**t)))
            && total >= 20
            && c * 1000 >= total * 995
        {
            dict.insert(*k, t as u64);
        }
    }
    dict
}

fn tag_hashes(n: usize) -> Vec<u64> {
    (0..n).map(|t| hash_str(&format!("T{t}"))).collect()
}

/// Ambiguity classes: the tags a word takes at least 5% of the time, for words seen twice.
fn ambiguity_classes(
    train: &[ConlluSentence],
    tag_id: &HashMap<(String, String), usize>,
) -> IdMap<u64> {
    let mut counts: HashMap<u64, HashMap<usize, usize>> = HashMap::new();
    for s in train {
        for w in &s.words {
            if let Some(&t) = tag_id.get(&(w.upos.clone(), w.xpos.clone())) {
                *counts
                    .entry(hash_str(&w.form.to_lowercase()))
                    .or_default()
                    .entry(t)
                    .or_default() += 1;
            }
        }
    }
    let mut amb = IdMap::default();
    for (k, m) in &counts {
        let total: usize = m.values().sum();
        if total < 2 {
            continue;
        }
        let mut set: Vec<usize> = m
            .iter()
            .filter(|(_, c)| **c * 20 >= total)
            .map(|(t, _)| *t)
            .collect();
        set.sort_unstable();
        let h = set.iter().fold(0xabcdu64, |h, t| mix(h, *t as u64 + 1));
        amb.insert(*k, h);
    }
    amb
}

/// Index of the first largest value (0 for an empty slice); the best value is kept in a
/// register rather than re-read through a bounds check at each step.
fn argmax_i32(v: &[i32]) -> usize {
    let (mut b, mut best) = (0, v.first().copied().unwrap_or(0));
    for (i, &x) in v.iter().enumerate() {
        if x > best {
            (b, best) = (i, x);
        }
    }
    b
}

fn argmax_f32(v: &[f32]) -> usize {
    let mut b = 0;
    for (i, x) in v.iter().enumerate() {
        if *x > v[b] {
            b = i;
        }
    }
    b
}

impl Annotator for Tagger {
    fn name(&self) -> &str {
        "tagger/perceptron-v1"
    }

    fn annotate(&self, sentence: &mut Sentence) {
        let forms: Vec<&str> = sentence.tokens.iter().map(|t| t.form.as_str()).collect();
        let pred = self.predict(&forms);
        for (t, p) in sentence.tokens.iter_mut().zip(pred) {
            let (u, x) = &self.tags[p];
            t.upos = *u;
            t.xpos.clone_from(x);
            t.lemma = self.lemma.lemma(&t.form, x);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SENTENCES: &[&str] = &[
        "The ministry said on Tuesday that two cargo ships had left the port .",
        "Officials in Oslo denied the report , calling it baseless .",
        "Ships Ships ship shipped , and the port ports what it can .",
        "Can you can a can as a canner can can a can ?",
    ];

    /// Capitalised words whose tag depends on where they stand: each opens one sentence and
    /// sits inside the next, so a memo that ignored the position would reuse the wrong row.
    const AMBIGUOUS: &[&str] = &[
        "Will", "May", "Turkey", "Bill", "Mark", "Rose", "Hope", "Grace", "March", "Chad",
        "Jordan", "Georgia", "Sue", "Pat", "Guy", "Said", "Reading", "Nice", "Split", "Bath",
    ];

    fn plain(t: &Tagger, forms: &[&str]) -> Vec<usize> {
        let a = Atoms::new(forms, &t.amb, &t.dict, true);
        decode(&t.model, &t.tag_hash, &a, None)
    }

    // Memoised word-local scores must give exactly the tags of the plain sum: cold, warm, with a
    // second model interleaved on the same thread, and after the memo is emptied when full.
    #[test]
    fn memoised_decoding_equals_plain_decoding() {
        // The model is committed and compiled in: a missing one fails here, not skips.
        let t = Tagger::builtin()
            .expect("built-in tagger model")
            .first_pass_only();
        let o = Tagger::builtin()
            .expect("built-in tagger model")
            .first_pass_only();
        let check = |t: &Tagger| {
            for s in SENTENCES {
                let forms: Vec<&str> = s.split(' ').collect();
                assert_eq!(t.predict(&forms), plain(t, &forms), "{s}");
            }
        };
        check(&t);
        check(&t);
        for w in AMBIGUOUS {
            let first = [*w, "said", "it", "would", "come", "."];
            let inside = ["They", "said", *w, "would", "come", "."];
            let lower = w.to_lowercase();
            let third = ["Then", lower.as_str(), "came", "."];
            for forms in [&first[..], &inside[..], &third[..]] {
                assert_eq!(t.predict(forms), plain(&t, forms), "{forms:?}");
            }
        }
        assert_ne!(o.id, t.id);
        check(&o);
        check(&t);
        let words: Vec<String> = (0..MEMO_WORDS + 100).map(|i| format!("w{i}x")).collect();
        for chunk in words.chunks(50) {
            let forms: Vec<&str> = chunk.iter().map(String::as_str).collect();
            t.predict(&forms);
        }
        MEMO.with_borrow(|m| assert!(m.index.len() <= MEMO_WORDS));
        check(&t);
    }

    /// Atoms without the word-local features, completed by `local_feats`, are the full atoms.
    #[test]
    fn local_features_on_demand_equal_stored_ones() {
        let t = Tagger::builtin().expect("built-in tagger model");
        for s in SENTENCES
            .iter()
            .chain(&["Ünïcode façade İstanbul ΣΟΦΙΑ 12-34 x"])
        {
            let forms: Vec<&str> = s.split(' ').collect();
            let full = Atoms::new(&forms, &t.amb, &t.dict, true);
            let lazy = Atoms::new(&forms, &t.amb, &t.dict, false);
            for (i, &form) in forms.iter().enumerate() {
                let span = i * STATIC_FEATS..(i + 1) * STATIC_FEATS;
                let (f, l) = (&full.stat[span.clone()], &lazy.stat[span]);
                assert_eq!(f[LOCAL_FEATS..], l[LOCAL_FEATS..], "{s} {i}");
                if full.fixed[i] == usize::MAX {
                    let local = local_feats(form, lazy.lower_str(i), &lazy, i);
                    assert_eq!(f[..LOCAL_FEATS], local, "{s} {i}");
                    assert_ne!(local, [0; LOCAL_FEATS]);
                }
                assert_eq!(lazy.lower_str(i), form.to_lowercase());
            }
        }
    }

    proptest::proptest! {
        /// The shortcuts give what the plain definitions give.
        #[test]
        fn suffix_start_is_the_counted_one(s in "[a-zA-Zé中İß-]{0,8}", n in 0usize..10) {
            let count = s.chars().count();
            let plain = s.char_indices().nth(count.saturating_sub(n)).map_or(s.len(), |(i, _)| i);
            proptest::prop_assert_eq!(suffix_start(&s, n), plain);
        }

        #[test]
        fn push_lower_is_to_lowercase(pre in "[a-z]{0,3}", s in "[a-zA-Z0-9éÉİΣ' .-]{0,10}") {
            let mut out = pre.clone();
            push_lower(&mut out, &s);
            proptest::prop_assert_eq!(out, pre + &s.to_lowercase());
        }

        #[test]
        fn argmax_is_first_largest(v in proptest::collection::vec(-3i32..3, 0..8)) {
            let mut plain = 0;
            for (i, x) in v.iter().enumerate() {
                if *x > v[plain] {
                    plain = i;
                }
            }
            proptest::prop_assert_eq!(argmax_i32(&v), plain);
        }
    }
}
