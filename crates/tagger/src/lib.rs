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

const FORMAT: &str = "sitrep-tagger-v1";

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
    model: ModelData,
    lemma: Lemmatizer,
}

/// A trained tagger + lemmatiser.
#[derive(Debug, Clone)]
pub struct Tagger {
    tags: Vec<(Upos, String)>,
    tag_hash: Vec<u64>,
    amb: IdMap<u64>,
    model: Model,
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
}

impl Default for TrainOptions {
    fn default() -> Self {
        Self {
            epochs: 10,
            seed: 7,
            prune: 0.0,
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
}

const NONE: u64 = 0x1234_5678;
const START: u64 = 0x2345_6789;

fn shape(s: &str) -> String {
    let mut out = String::new();
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
        if out.len() >= 8 {
            break;
        }
    }
    out
}

fn suffix_hash(s: &str, n: usize) -> u64 {
    let count = s.chars().count();
    let skip = count.saturating_sub(n);
    let idx = s.char_indices().nth(skip).map_or(s.len(), |(i, _)| i);
    hash_str(&s[idx..]) ^ (n as u64)
}

fn prefix_hash(s: &str, n: usize) -> u64 {
    let idx = s.char_indices().nth(n).map_or(s.len(), |(i, _)| i);
    hash_str(&s[..idx]) ^ ((n as u64) << 8)
}

impl Atoms {
    fn new(forms: &[&str], amb: &IdMap<u64>) -> Self {
        let n = forms.len();
        let mut a = Atoms {
            lower: Vec::with_capacity(n),
            form: Vec::with_capacity(n),
            shape: Vec::with_capacity(n),
            suf3: Vec::with_capacity(n),
            amb: Vec::with_capacity(n),
        };
        for f in forms {
            let l = f.to_lowercase();
            let lh = hash_str(&l);
            a.lower.push(lh);
            a.form.push(hash_str(f));
            a.shape.push(hash_str(&shape(f)));
            a.suf3.push(suffix_hash(&l, 3));
            a.amb.push(amb.get(&lh).copied().unwrap_or(NONE));
        }
        a
    }
}

/// Feature template ids (each feature hash starts from its template id).
fn feats(forms: &[&str], a: &Atoms, i: usize, p1: u64, p2: u64, out: &mut Vec<u64>) {
    out.clear();
    let n = forms.len();
    let at = |v: &Vec<u64>, j: isize| -> u64 {
        if j < 0 {
            START
        } else if j as usize >= n {
            NONE
        } else {
            v[j as usize]
        }
    };
    let i_ = i as isize;
    let f = |t: u64, x: u64| mix(mix(0, t), x);
    let f2 = |t: u64, x: u64, y: u64| mix(mix(mix(0, t), x), y);
    let w = forms[i];
    let l = w.to_lowercase();
    out.push(f(1, 0));
    out.push(f(2, a.lower[i]));
    out.push(f(3, a.form[i]));
    for k in 1..=4 {
        out.push(f(10 + k as u64, suffix_hash(&l, k)));
    }
    for k in 1..=3 {
        out.push(f(20 + k as u64, prefix_hash(&l, k)));
    }
    out.push(f(4, a.shape[i]));
    let first_upper = w.chars().next().is_some_and(char::is_uppercase);
    out.push(f(5, u64::from(first_upper) * 2 + u64::from(i == 0)));
    out.push(f(6, u64::from(w.contains('-'))));
    out.push(f(7, u64::from(w.chars().any(|c| c.is_ascii_digit()))));
    out.push(f(30, at(&a.lower, i_ - 1)));
    out.push(f(31, at(&a.lower, i_ + 1)));
    out.push(f(32, at(&a.lower, i_ - 2)));
    out.push(f(33, at(&a.lower, i_ + 2)));
    out.push(f(34, at(&a.suf3, i_ - 1)));
    out.push(f(35, at(&a.suf3, i_ + 1)));
    out.push(f(36, at(&a.shape, i_ - 1)));
    out.push(f(37, at(&a.shape, i_ + 1)));
    out.push(f(40, p1));
    out.push(f(41, p2));
    out.push(f2(42, p1, p2));
    out.push(f2(43, p1, a.lower[i]));
    out.push(f2(44, at(&a.lower, i_ - 1), a.lower[i]));
    out.push(f2(45, a.lower[i], at(&a.lower, i_ + 1)));
    out.push(f(50, a.amb[i]));
    out.push(f(51, at(&a.amb, i_ + 1)));
    out.push(f(52, at(&a.amb, i_ + 2)));
    out.push(f2(53, a.amb[i], at(&a.amb, i_ + 1)));
    out.push(f2(54, p1, a.amb[i]));
    out.push(f2(55, at(&a.amb, i_ + 1), at(&a.amb, i_ + 2)));
    out.push(f2(56, p1, at(&a.amb, i_ + 1)));
    out.push(f2(57, a.shape[i], at(&a.lower, i_ + 1)));
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
            return Err(Error::Format(format!("format {:?}, want {FORMAT}", d.format)));
        }
        let model = Model::from_data(&d.model)
            .ok_or_else(|| Error::Format("inconsistent weight blobs".into()))?;
        let tags: Vec<(Upos, String)> = d
            .tags
            .iter()
            .map(|(u, x)| (Upos::parse(u).unwrap_or(Upos::X), x.clone()))
            .collect();
        if model.nclass() != tags.len() {
            return Err(Error::Format("class count mismatch".into()));
        }
        Ok(Self::assemble(tags, d.amb.into_iter().collect(), model, d.lemma))
    }

    fn assemble(tags: Vec<(Upos, String)>, amb: IdMap<u64>, model: Model, lemma: Lemmatizer) -> Self {
        let tag_hash = (0..tags.len()).map(|t| hash_str(&format!("T{t}"))).collect();
        Self {
            tags,
            tag_hash,
            amb,
            model,
            lemma,
        }
    }

    /// Serialises the model (postcard).
    pub fn to_bytes(&self) -> Result<Vec<u8>, Error> {
        let mut amb: Vec<(u64, u64)> = self.amb.iter().map(|(&k, &v)| (k, v)).collect();
        amb.sort_unstable();
        let d = TaggerData {
            format: FORMAT.into(),
            tags: self
                .tags
                .iter()
                .map(|(u, x)| (u.as_str().to_owned(), x.clone()))
                .collect(),
            amb,
            model: self.model.to_data(),
            lemma: self.lemma.clone(),
        };
        postcard::to_allocvec(&d).map_err(|e| Error::Format(e.to_string()))
    }

    /// Number of feature rows in the model.
    pub fn num_features(&self) -> usize {
        self.model.len()
    }

    /// Predicts (UPOS, XPOS) for each form.
    pub fn tag_forms(&self, forms: &[&str]) -> Vec<(Upos, &str)> {
        self.predict(forms)
            .into_iter()
            .map(|t| (self.tags[t].0, self.tags[t].1.as_str()))
            .collect()
    }

    fn predict(&self, forms: &[&str]) -> Vec<usize> {
        let a = Atoms::new(forms, &self.amb);
        let mut out = Vec::with_capacity(forms.len());
        let mut fv = Vec::with_capacity(48);
        let mut sc = vec![0i32; self.tags.len()];
        let (mut p1, mut p2) = (START, START);
        for i in 0..forms.len() {
            feats(forms, &a, i, p1, p2, &mut fv);
            self.model.scores(&fv, &mut sc);
            let best = argmax_i32(&sc);
            out.push(best);
            p2 = p1;
            p1 = self.tag_hash[best];
        }
        out
    }

    /// The lemma of `form` tagged `xpos`.
    pub fn lemmatize(&self, form: &str, xpos: &str) -> String {
        self.lemma.lemma(form, xpos)
    }

    /// Trains a tagger + lemmatiser on `train`; keeps the epoch that tags `dev` best.
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
        let tag_id: HashMap<(String, String), usize> =
            tagset.iter().cloned().enumerate().map(|(i, t)| (t, i)).collect();
        // Ambiguity classes: the tags a word takes at least 5% of the time, for words seen twice.
        let mut counts: HashMap<u64, HashMap<usize, usize>> = HashMap::new();
        for s in train {
            for w in &s.words {
                let t = tag_id[&(w.upos.clone(), w.xpos.clone())];
                *counts
                    .entry(hash_str(&w.form.to_lowercase()))
                    .or_default()
                    .entry(t)
                    .or_default() += 1;
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
        let tag_hash: Vec<u64> = (0..tags.len()).map(|t| hash_str(&format!("T{t}"))).collect();
        let data: Vec<(Vec<&str>, Vec<usize>)> = train
            .iter()
            .map(|s| {
                (
                    s.words.iter().map(|w| w.form.as_str()).collect(),
                    s.words
                        .iter()
                        .map(|w| tag_id[&(w.upos.clone(), w.xpos.clone())])
                        .collect(),
                )
            })
            .collect();
        let mut order: Vec<usize> = (0..data.len()).collect();
        let mut rng = Rng::new(opts.seed);
        let mut tr = Trainer::new(tags.len());
        let mut fv = Vec::with_capacity(48);
        let mut sc = vec![0f32; tags.len()];
        let mut best: Option<(f64, Tagger)> = None;
        for epoch in 1..=opts.epochs {
            rng.shuffle(&mut order);
            let (mut ok, mut tot) = (0usize, 0usize);
            for &si in &order {
                let (forms, gold) = &data[si];
                let a = Atoms::new(forms, &amb);
                let (mut p1, mut p2) = (START, START);
                for i in 0..forms.len() {
                    feats(forms, &a, i, p1, p2, &mut fv);
                    tr.scores(&fv, &mut sc);
                    let guess = argmax_f32(&sc);
                    tr.update(&fv, gold[i], guess);
                    tr.tick();
                    ok += usize::from(guess == gold[i]);
                    tot += 1;
                    p2 = p1;
                    // Condition on the prediction, as at run time.
                    p1 = tag_hash[guess];
                }
            }
            let cand = Self::assemble(tags.clone(), amb.clone(), tr.finish(opts.prune), lemma.clone());
            let dev_acc = if dev.is_empty() {
                epoch as f64
            } else {
                cand.accuracy(dev)
            };
            log(format!(
                "tagger epoch {epoch}: train acc {:.2}%, dev UPOS+XPOS acc {:.2}%, features {}",
                100.0 * ok as f64 / tot.max(1) as f64,
                100.0 * dev_acc,
                tr.len()
            ));
            if best.as_ref().is_none_or(|(b, _)| dev_acc > *b) {
                best = Some((dev_acc, cand));
            }
        }
        best.map(|(_, t)| t)
            .ok_or_else(|| Error::Train("zero epochs".into()))
    }

    /// Joint UPOS+XPOS accuracy on gold-tokenised sentences.
    pub fn accuracy(&self, sents: &[ConlluSentence]) -> f64 {
        let (mut ok, mut tot) = (0usize, 0usize);
        for s in sents {
            let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            for (p, w) in self.predict(&forms).into_iter().zip(&s.words) {
                let (u, x) = &self.tags[p];
                ok += usize::from(u.as_str() == w.upos && *x == w.xpos);
                tot += 1;
            }
        }
        ok as f64 / tot.max(1) as f64
    }
}

fn argmax_i32(v: &[i32]) -> usize {
    let mut b = 0;
    for (i, x) in v.iter().enumerate() {
        if *x > v[b] {
            b = i;
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
