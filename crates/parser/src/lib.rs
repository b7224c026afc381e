//! Transition-based dependency parser trained on UD English. Greedy arc-hybrid system (root at
//! the end of the buffer) scored by two averaged perceptrons over hashed Zhang & Nivre (2011)
//! style features: one picks the transition (shift/left/right), one the UD relation of the arc
//! just made. Trained with the Goldberg & Nivre dynamic oracle and exploration. Also owns the
//! parallel batch annotation helper.

use std::path::Path;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sitrep_nlp::{Annotator, IncrementalParser, PartialParse, Sentence};
use sitrep_tagger::perceptron::{Model, ModelData, Rng, Trainer, hash_str, mix};

/// The committed model, compiled in so the binary is self-contained.
static BUILTIN: &[u8] = include_bytes!("../../../models/parser.bin");

const FORMAT: &str = "sitrep-parser-v3";

/// Parser errors.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading a model file failed.
    #[error("reading parser model: {0}")]
    Io(#[from] std::io::Error),
    /// The bytes are not a parser model of this version.
    #[error("bad parser model: {0}")]
    Format(String),
    /// Training data unusable.
    #[error("parser training: {0}")]
    Train(String),
}

impl Error {
    /// Stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Io(_) => "parser.io",
            Self::Format(_) => "parser.format",
            Self::Train(_) => "parser.train",
        }
    }
}

#[derive(Serialize, Deserialize)]
struct ParserData {
    format: String,
    labels: Vec<String>,
    label_all: bool,
    action: ModelData,
    label: ModelData,
}

/// A trained parser.
#[derive(Debug, Clone)]
pub struct Parser {
    labels: Vec<String>,
    // Whether the relation model sees every template or only LABEL_TEMPLATES.
    label_all: bool,
    action: Model,
    label: Model,
}

/// One training sentence: forms, the tags the tagger predicts for them, and the gold tree.
#[derive(Debug, Clone, Default)]
pub struct TrainSentence {
    /// Word forms.
    pub forms: Vec<String>,
    /// XPOS tags (ideally predicted, as at run time).
    pub tags: Vec<String>,
    /// Gold heads, 1-based, 0 = root.
    pub heads: Vec<usize>,
    /// Gold relations.
    pub deprels: Vec<String>,
}

/// Training settings.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Passes over the data.
    pub epochs: usize,
    /// Seed for shuffling and exploration.
    pub seed: u64,
    /// Probability of following a wrong predicted transition (dynamic-oracle exploration).
    pub explore: f64,
    /// Exploration starts after this many epochs.
    pub explore_after: usize,
    /// Drop averaged weight rows whose largest |weight| is below this.
    pub prune: f32,
    /// The relation model uses all templates (more accurate) instead of a subset (faster).
    pub label_all: bool,
}

impl Default for TrainOptions {
    fn default() -> Self {
        Self {
            label_all: true,
            epochs: 12,
            seed: 11,
            explore: 0.9,
            explore_after: 1,
            prune: 0.0,
        }
    }
}

const SHIFT: usize = 0;
const LEFT: usize = 1;
const RIGHT: usize = 2;
const NO: usize = usize::MAX;

const NONE_W: u64 = 0x0bad_cafe;
const ROOT_W: u64 = 0x0000_b00b;

/// Word and tag atoms, index n is the root.
struct Atoms {
    w: Vec<u64>,
    p: Vec<u64>,
}

impl Atoms {
    fn new(forms: &[&str], tags: &[&str]) -> Self {
        let mut w: Vec<u64> = forms.iter().map(|f| hash_str(&f.to_lowercase())).collect();
        let mut p: Vec<u64> = tags.iter().map(|t| hash_str(t) ^ 0x55).collect();
        w.push(ROOT_W);
        p.push(ROOT_W ^ 1);
        Self { w, p }
    }
}

/// Arc-hybrid configuration.
struct State {
    n: usize,
    stack: Vec<usize>,
    b: usize,
    head: Vec<usize>,
    label: Vec<u64>,
    lm: Vec<usize>,
    l2: Vec<usize>,
    rm: Vec<usize>,
    r2: Vec<usize>,
    nl: Vec<u64>,
    nr: Vec<u64>,
    lset: Vec<u64>,
    rset: Vec<u64>,
}

impl State {
    fn new(n: usize) -> Self {
        Self {
            n,
            stack: Vec::with_capacity(n),
            b: 0,
            head: vec![NO; n + 1],
            label: vec![0; n + 1],
            lm: vec![NO; n + 1],
            l2: vec![NO; n + 1],
            rm: vec![NO; n + 1],
            r2: vec![NO; n + 1],
            nl: vec![0; n + 1],
            nr: vec![0; n + 1],
            lset: vec![0; n + 1],
            rset: vec![0; n + 1],
        }
    }

    /// Whether unattached token `d` can still receive head `h` (state positions, the root is
    /// `n`). A later LEFT attaches `d` to the buffer front, any position from `b` on; a later
    /// RIGHT attaches it to the token directly below it on the stack, and what lies below a
    /// stacked token stays until it is popped. A token not yet shifted can land on any token
    /// still on the stack. Tokens before `b` without a head are exactly those on the stack.
    fn may_attach(&self, d: usize, h: usize) -> bool {
        if h >= self.b {
            return true;
        }
        if self.head.get(h) != Some(&NO) {
            return false;
        }
        if d >= self.b {
            return true;
        }
        // The stack holds increasing positions.
        match self.stack.binary_search(&h) {
            Ok(k) => self.stack.get(k + 1) == Some(&d),
            Err(_) => false,
        }
    }

    fn terminal(&self) -> bool {
        self.b >= self.n && self.stack.is_empty()
    }

    fn legal(&self, a: usize) -> bool {
        match a {
            SHIFT => self.b < self.n,
            LEFT => !self.stack.is_empty() && (self.b < self.n || self.stack.len() == 1),
            _ => self.stack.len() >= 2,
        }
    }

    fn s(&self, k: usize) -> usize {
        let l = self.stack.len();
        if k < l { self.stack[l - 1 - k] } else { NO }
    }

    fn bf(&self, k: usize) -> usize {
        let i = self.b + k;
        if i <= self.n { i } else { NO }
    }

    fn arc(&mut self, h: usize, d: usize, lab: u64) {
        self.head[d] = h;
        self.label[d] = lab;
        let bit = 1u64 << (lab % 64);
        if d < h {
            if self.lm[h] == NO || d < self.lm[h] {
                self.l2[h] = self.lm[h];
                self.lm[h] = d;
            } else if self.l2[h] == NO || d < self.l2[h] {
                self.l2[h] = d;
            }
            self.nl[h] += 1;
            self.lset[h] |= bit;
        } else {
            if self.rm[h] == NO || d > self.rm[h] {
                self.r2[h] = self.rm[h];
                self.rm[h] = d;
            } else if self.r2[h] == NO || d > self.r2[h] {
                self.r2[h] = d;
            }
            self.nr[h] += 1;
            self.rset[h] |= bit;
        }
    }

    /// Applies `a`; for arcs `lab` is the relation index + 1.
    fn apply(&mut self, a: usize, lab: u64) {
        match a {
            SHIFT => {
                self.stack.push(self.b);
                self.b += 1;
            }
            LEFT => {
                if let Some(d) = self.stack.pop() {
                    self.arc(self.b, d, lab);
                }
            }
            _ => {
                if let Some(d) = self.stack.pop()
                    && let Some(&h) = self.stack.last()
                {
                    self.arc(h, d, lab);
                }
            }
        }
    }

    /// Dynamic-oracle costs (number of gold arcs made unreachable) of the three transitions.
    fn costs(&self, gh: &[usize], kids: &[Vec<usize>]) -> [usize; 3] {
        let mut c = [usize::MAX; 3];
        let b0 = self.b;
        let in_buf = |x: usize| x >= self.b; // root (n) is always in the buffer
        if self.legal(SHIFT) {
            let mut k = 0;
            let l = self.stack.len();
            for (j, &d) in self.stack.iter().enumerate() {
                if gh[d] == b0 {
                    k += 1;
                }
                if j + 1 < l && gh[b0] == d {
                    k += 1;
                }
            }
            c[SHIFT] = k;
        }
        if let Some(&s0) = self.stack.last() {
            let kids_in_buf = kids[s0].iter().filter(|&&d| in_buf(d)).count();
            if self.legal(LEFT) {
                let s1 = self.s(1);
                let h = gh[s0];
                let lost = h != b0 && ((s1 != NO && h == s1) || in_buf(h));
                c[LEFT] = kids_in_buf + usize::from(lost);
            }
            if self.legal(RIGHT) {
                c[RIGHT] = kids_in_buf + usize::from(in_buf(gh[s0]));
            }
        }
        c
    }

    fn features(&self, a: &Atoms, out: &mut Vec<u64>) {
        out.clear();
        let w = |i: usize| if i == NO { NONE_W } else { a.w[i] };
        let p = |i: usize| if i == NO { NONE_W ^ 3 } else { a.p[i] };
        let lab = |i: usize| if i == NO { 999 } else { self.label[i] };
        let ch = |v: &Vec<usize>, i: usize| if i == NO { NO } else { v[i] };
        let s0 = self.s(0);
        let s1 = self.s(1);
        let s2 = self.s(2);
        let b0 = self.bf(0);
        let b1 = self.bf(1);
        let b2 = self.bf(2);
        let b3 = self.bf(3);
        let s0l = ch(&self.lm, s0);
        let s0r = ch(&self.rm, s0);
        let s0l2 = ch(&self.l2, s0);
        let s0r2 = ch(&self.r2, s0);
        let s1l = ch(&self.lm, s1);
        let s1r = ch(&self.rm, s1);
        let b0l = ch(&self.lm, b0);
        let b0l2 = ch(&self.l2, b0);
        let dist = if s0 == NO || b0 == NO {
            0
        } else {
            let d = if b0 >= self.n { 99 } else { b0 - s0 };
            match d {
                0..=4 => d as u64,
                5..=9 => 5,
                99 => 7,
                _ => 6,
            }
        };
        let dist2 = if s0 == NO || s1 == NO {
            0
        } else {
            (s0 - s1).min(6) as u64
        };
        let val = |v: &Vec<u64>, i: usize| if i == NO { 99 } else { v[i].min(6) };
        let set = |v: &Vec<u64>, i: usize| if i == NO { 1 } else { v[i] };
        let mut t = 0u64;
        let mut f = |xs: &[u64]| {
            t += 1;
            let mut h = mix(0, t);
            for &x in xs {
                h = mix(h, x);
            }
            out.push(h);
        };
        let (s0w, s0p, s1w, s1p, s2w, s2p) = (w(s0), p(s0), w(s1), p(s1), w(s2), p(s2));
        let (b0w, b0p, b1w, b1p, b2w, b2p) = (w(b0), p(b0), w(b1), p(b1), w(b2), p(b2));
        // Unigrams.
        f(&[s0w]);
        f(&[s0p]);
        f(&[s0w, s0p]);
        f(&[b0w]);
        f(&[b0p]);
        f(&[b0w, b0p]);
        f(&[b1w]);
        f(&[b1p]);
        f(&[b1w, b1p]);
        f(&[b2w]);
        f(&[b2p]);
        f(&[b2w, b2p]);
        f(&[s1w]);
        f(&[s1p]);
        f(&[s1w, s1p]);
        f(&[s2w]);
        f(&[s2p]);
        f(&[p(b3)]);
        // Pairs.
        f(&[s0w, s0p, b0w, b0p]);
        f(&[s0w, s0p, b0w]);
        f(&[s0w, b0w, b0p]);
        f(&[s0w, s0p, b0p]);
        f(&[s0p, b0w, b0p]);
        f(&[s0w, b0w]);
        f(&[s0p, b0p]);
        f(&[b0p, b1p]);
        f(&[b0w, b1w]);
        f(&[s1p, s0p]);
        f(&[s1w, s0w]);
        f(&[s1w, s1p, s0p]);
        f(&[s1p, s0w, s0p]);
        f(&[s1w, s1p, s0w, s0p]);
        f(&[s1p, b0p]);
        f(&[s1w, b0w]);
        // Triples.
        f(&[b0p, b1p, b2p]);
        f(&[s0p, b0p, b1p]);
        f(&[s1p, s0p, b0p]);
        f(&[s2p, s1p, s0p]);
        f(&[s0p, p(s0l), b0p]);
        f(&[s0p, p(s0r), b0p]);
        f(&[s0p, b0p, p(b0l)]);
        f(&[s1p, p(s1r), s0p]);
        f(&[s1p, p(s1l), s0p]);
        f(&[s1p, s0p, p(s0l)]);
        f(&[s1p, s0p, p(s0r)]);
        f(&[s0w, b0p, b1p]);
        f(&[s0p, b0w, b1p]);
        // Distance.
        f(&[s0w, dist]);
        f(&[s0p, dist]);
        f(&[b0w, dist]);
        f(&[b0p, dist]);
        f(&[s0w, b0w, dist]);
        f(&[s0p, b0p, dist]);
        f(&[s1p, s0p, dist2]);
        f(&[s1w, s0w, dist2]);
        // Valency.
        f(&[s0w, val(&self.nr, s0)]);
        f(&[s0p, val(&self.nr, s0)]);
        f(&[s0w, val(&self.nl, s0)]);
        f(&[s0p, val(&self.nl, s0)]);
        f(&[b0w, val(&self.nl, b0)]);
        f(&[b0p, val(&self.nl, b0)]);
        f(&[s1w, val(&self.nr, s1)]);
        f(&[s1p, val(&self.nr, s1)]);
        f(&[s1p, val(&self.nl, s1)]);
        // Children.
        f(&[w(s0l)]);
        f(&[p(s0l)]);
        f(&[lab(s0l)]);
        f(&[w(s0r)]);
        f(&[p(s0r)]);
        f(&[lab(s0r)]);
        f(&[w(b0l)]);
        f(&[p(b0l)]);
        f(&[lab(b0l)]);
        f(&[w(s1l)]);
        f(&[p(s1l)]);
        f(&[lab(s1l)]);
        f(&[w(s1r)]);
        f(&[p(s1r)]);
        f(&[lab(s1r)]);
        f(&[w(s0l2)]);
        f(&[p(s0l2)]);
        f(&[lab(s0l2)]);
        f(&[w(s0r2)]);
        f(&[p(s0r2)]);
        f(&[lab(s0r2)]);
        f(&[w(b0l2)]);
        f(&[p(b0l2)]);
        f(&[lab(b0l2)]);
        f(&[s0p, p(s0l), p(s0l2)]);
        f(&[s0p, p(s0r), p(s0r2)]);
        f(&[b0p, p(b0l), p(b0l2)]);
        f(&[s0p, lab(s0l), lab(s0r)]);
        f(&[s1p, lab(s1l), lab(s1r)]);
        // Label sets.
        f(&[s0w, set(&self.lset, s0)]);
        f(&[s0p, set(&self.lset, s0)]);
        f(&[s0w, set(&self.rset, s0)]);
        f(&[s0p, set(&self.rset, s0)]);
        f(&[b0w, set(&self.lset, b0)]);
        f(&[b0p, set(&self.lset, b0)]);
        f(&[s1p, set(&self.rset, s1)]);
        f(&[s1p, set(&self.lset, s1)]);
    }
}

/// Positions (in [`State::features`] order) of the templates the relation model uses: the
/// words and tags around the arc, their pairs, distance, and the relations already attached.
const LABEL_TEMPLATES: &[usize] = &[
    0, 1, 2, 3, 4, 5, 6, 7, 12, 13, 14, 17, 18, 19, 20, 21, 22, 23, 24, 25, 27, 28, 29, 30, 31, 32,
    33, 34, 35, 36, 38, 39, 40, 41, 47, 48, 49, 50, 51, 52, 53, 54, 66, 69, 72, 75, 78, 93, 94, 95,
    96, 97, 98, 99, 100,
];

fn label_feats(feats: &[u64], dir: usize, all: bool, out: &mut Vec<u64>) {
    out.clear();
    let salt = 0x7777 + dir as u64;
    if all {
        out.extend(feats.iter().map(|&f| mix(f, salt)));
        return;
    }
    out.extend(
        LABEL_TEMPLATES
            .iter()
            .filter_map(|&i| feats.get(i))
            .map(|&f| mix(f, salt)),
    );
}

fn best_legal_i32(st: &State, sc: &[i32]) -> usize {
    let mut best = NO;
    for a in 0..3 {
        if st.legal(a) && (best == NO || sc[a] > sc[best]) {
            best = a;
        }
    }
    best
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

impl Parser {
    /// The model committed with sitrep (trained on UD English EWT).
    pub fn builtin() -> Result<Self, Error> {
        Self::from_bytes(BUILTIN)
    }

    /// Loads a model file written by [`Parser::to_bytes`].
    pub fn from_path(path: &Path) -> Result<Self, Error> {
        Self::from_bytes(&std::fs::read(path)?)
    }

    /// Decodes a serialised model.
    pub fn from_bytes(b: &[u8]) -> Result<Self, Error> {
        if b.is_empty() {
            return Err(Error::Format("empty model (not trained yet)".into()));
        }
        let d: ParserData = postcard::from_bytes(b).map_err(|e| Error::Format(e.to_string()))?;
        if d.format != FORMAT {
            return Err(Error::Format(format!(
                "format {:?}, want {FORMAT}",
                d.format
            )));
        }
        let action = Model::from_data(&d.action)
            .ok_or_else(|| Error::Format("inconsistent action weights".into()))?;
        let label = Model::from_data(&d.label)
            .ok_or_else(|| Error::Format("inconsistent label weights".into()))?;
        if action.nclass() != 3 || label.nclass() != d.labels.len() {
            return Err(Error::Format("class count mismatch".into()));
        }
        Ok(Self {
            labels: d.labels,
            label_all: d.label_all,
            action,
            label,
        })
    }

    /// Serialises the model (postcard).
    pub fn to_bytes(&self) -> Result<Vec<u8>, Error> {
        let d = ParserData {
            format: FORMAT.into(),
            labels: self.labels.clone(),
            label_all: self.label_all,
            action: self.action.to_data(),
            label: self.label.to_data(),
        };
        postcard::to_allocvec(&d).map_err(|e| Error::Format(e.to_string()))
    }

    /// Number of feature rows (action model, label model).
    pub fn num_features(&self) -> (usize, usize) {
        (self.action.len(), self.label.len())
    }

    /// Number of non-zero weights (action model, label model).
    pub fn num_weights(&self) -> (usize, usize) {
        (self.action.nonzero(), self.label.nonzero())
    }

    /// A smaller copy without weight rows whose largest |weight| is below `min`.
    pub fn pruned(&self, min: f32) -> Self {
        Self {
            labels: self.labels.clone(),
            label_all: self.label_all,
            action: self.action.pruned(min),
            label: self.label.pruned(min),
        }
    }

    /// Parses one sentence given forms and XPOS tags: (1-based head, 0 = root; relation).
    pub fn parse(&self, forms: &[&str], tags: &[&str]) -> Vec<(usize, &str)> {
        let mut run = self.run(forms, tags);
        while run.step() {}
        (0..forms.len())
            .filter_map(move |i| run.final_arc(i))
            .collect()
    }

    /// A parse that advances only when asked (see [`Run::arc`]).
    pub fn run(&self, forms: &[&str], tags: &[&str]) -> Run<'_> {
        Run {
            parser: self,
            atoms: Atoms::new(forms, tags),
            st: State::new(forms.len()),
            fv: Vec::with_capacity(128),
            lf: Vec::with_capacity(128),
            lsc: vec![0i32; self.labels.len()],
            done: forms.is_empty(),
        }
    }

    /// Trains on `train`, keeping the epoch with the best LAS on `dev`. `log` gets one line
    /// per epoch.
    pub fn train(
        train: &[TrainSentence],
        dev: &[TrainSentence],
        opts: &TrainOptions,
        log: &mut dyn FnMut(String),
    ) -> Result<Self, Error> {
        if train.is_empty() {
            return Err(Error::Train("no training sentences".into()));
        }
        let mut labels: Vec<String> = train
            .iter()
            .flat_map(|s| s.deprels.iter().cloned())
            .collect();
        labels.sort();
        labels.dedup();
        let lab_id = |l: &str| labels.binary_search_by(|x| x.as_str().cmp(l)).ok();
        struct Ex {
            atoms: Atoms,
            gh: Vec<usize>,
            gl: Vec<usize>,
            kids: Vec<Vec<usize>>,
        }
        let mut exs = Vec::new();
        for s in train {
            let n = s.forms.len();
            if n == 0 || s.heads.len() != n || s.deprels.len() != n || s.tags.len() != n {
                continue;
            }
            let forms: Vec<&str> = s.forms.iter().map(String::as_str).collect();
            let tags: Vec<&str> = s.tags.iter().map(String::as_str).collect();
            let gh: Vec<usize> = s
                .heads
                .iter()
                .map(|&h| if h == 0 || h > n { n } else { h - 1 })
                .collect();
            let mut kids = vec![Vec::new(); n + 1];
            for (d, &h) in gh.iter().enumerate() {
                kids[h].push(d);
            }
            let gl = s.deprels.iter().map(|l| lab_id(l).unwrap_or(0)).collect();
            let mut gh_full = gh;
            gh_full.push(NO);
            exs.push(Ex {
                atoms: Atoms::new(&forms, &tags),
                gh: gh_full,
                gl,
                kids,
            });
        }
        let mut act = Trainer::new(3);
        let mut labt = Trainer::new(labels.len());
        let mut rng = Rng::new(opts.seed);
        let mut order: Vec<usize> = (0..exs.len()).collect();
        let mut fv = Vec::with_capacity(128);
        let mut lf = Vec::with_capacity(128);
        let mut sc = [0f32; 3];
        let mut lsc = vec![0f32; labels.len()];
        let mut best: Option<(f64, Parser)> = None;
        for epoch in 1..=opts.epochs {
            rng.shuffle(&mut order);
            let explore = epoch > opts.explore_after;
            let (mut ok, mut tot) = (0usize, 0usize);
            for &ei in &order {
                let ex = &exs[ei];
                let n = ex.gl.len();
                let mut st = State::new(n);
                while !st.terminal() {
                    st.features(&ex.atoms, &mut fv);
                    act.scores(&fv, &mut sc);
                    let costs = st.costs(&ex.gh, &ex.kids);
                    let minc = costs.iter().copied().min().unwrap_or(0);
                    let mut pred = NO;
                    let mut gold = NO;
                    for a in 0..3 {
                        if costs[a] == usize::MAX {
                            continue;
                        }
                        if pred == NO || sc[a] > sc[pred] {
                            pred = a;
                        }
                        if costs[a] == minc && (gold == NO || sc[a] > sc[gold]) {
                            gold = a;
                        }
                    }
                    if pred == NO || gold == NO {
                        break;
                    }
                    act.update(&fv, gold, pred);
                    act.tick();
                    ok += usize::from(costs[pred] == minc);
                    tot += 1;
                    let follow =
                        if costs[pred] == minc || (explore && rng.next_f64() < opts.explore) {
                            pred
                        } else {
                            gold
                        };
                    let lab = if follow == SHIFT {
                        0
                    } else {
                        let s0 = st.s(0);
                        let h = if follow == LEFT { st.b } else { st.s(1) };
                        label_feats(&fv, follow, opts.label_all, &mut lf);
                        labt.scores(&lf, &mut lsc);
                        let lp = argmax_f32(&lsc);
                        if s0 != NO && ex.gh[s0] == h {
                            let g = ex.gl[s0];
                            labt.update(&lf, g, lp);
                            labt.tick();
                            g as u64 + 1
                        } else {
                            lp as u64 + 1
                        }
                    };
                    st.apply(follow, lab);
                }
            }
            let cand = Parser {
                labels: labels.clone(),
                label_all: opts.label_all,
                action: act.finish(opts.prune),
                label: labt.finish(opts.prune),
            };
            let (uas, las) = if dev.is_empty() {
                (0.0, epoch as f64)
            } else {
                cand.attachment(dev)
            };
            log(format!(
                "parser epoch {epoch}: train transition acc {:.2}%, dev UAS {:.2} LAS {:.2}, features {}+{}",
                100.0 * ok as f64 / tot.max(1) as f64,
                100.0 * uas,
                100.0 * las,
                act.len(),
                labt.len()
            ));
            if best.as_ref().is_none_or(|(b, _)| las > *b) {
                best = Some((las, cand));
            }
        }
        best.map(|(_, p)| p)
            .ok_or_else(|| Error::Train("zero epochs".into()))
    }

    /// (UAS, LAS) as fractions on sentences with given tags; LAS compares universal relations.
    pub fn attachment(&self, sents: &[TrainSentence]) -> (f64, f64) {
        let (mut u, mut l, mut tot) = (0usize, 0usize, 0usize);
        for s in sents {
            let forms: Vec<&str> = s.forms.iter().map(String::as_str).collect();
            let tags: Vec<&str> = s.tags.iter().map(String::as_str).collect();
            for (i, (h, r)) in self.parse(&forms, &tags).into_iter().enumerate() {
                tot += 1;
                if s.heads.get(i) == Some(&h) {
                    u += 1;
                    let g = s.deprels.get(i).map_or("", |x| universal(x));
                    if universal(r) == g {
                        l += 1;
                    }
                }
            }
        }
        (u as f64 / tot.max(1) as f64, l as f64 / tot.max(1) as f64)
    }
}

/// The universal part of a relation (`nmod:poss` -> `nmod`), as CoNLL 2018 LAS compares.
pub fn universal(rel: &str) -> &str {
    rel.split(':').next().unwrap_or(rel)
}

impl Annotator for Parser {
    fn name(&self) -> &str {
        "parser/arc-hybrid-perceptron-v1"
    }

    fn annotate(&self, sentence: &mut Sentence) {
        let (forms, tags) = forms_and_tags(sentence);
        let out: Vec<(usize, String)> = self
            .parse(&forms, &tags)
            .into_iter()
            .map(|(h, r)| (h, r.to_owned()))
            .collect();
        for (t, (h, r)) in sentence.tokens.iter_mut().zip(out) {
            t.head = h;
            t.deprel = r;
        }
    }
}

/// A greedy parse in progress. Transitions are deterministic, so an arc read before the end
/// is the arc the whole-sentence parse gives: a token's head and relation never change once
/// set.
pub struct Run<'p> {
    parser: &'p Parser,
    atoms: Atoms,
    st: State,
    fv: Vec<u64>,
    lf: Vec<u64>,
    lsc: Vec<i32>,
    done: bool,
}

impl<'p> Run<'p> {
    /// Makes one transition; false once the parse is complete.
    pub fn step(&mut self) -> bool {
        if self.done || self.st.terminal() {
            self.done = true;
            return false;
        }
        let p: &Parser = self.parser;
        self.st.features(&self.atoms, &mut self.fv);
        let mut sc = [0i32; 3];
        p.action.scores(&self.fv, &mut sc);
        let a = best_legal_i32(&self.st, &sc);
        if a == NO {
            self.done = true;
            return false;
        }
        let lab = if a == SHIFT {
            0
        } else {
            label_feats(&self.fv, a, p.label_all, &mut self.lf);
            p.label.scores(&self.lf, &mut self.lsc);
            argmax_i32(&self.lsc) as u64 + 1
        };
        self.st.apply(a, lab);
        true
    }

    /// Head (1-based, 0 = root) and relation of token `i`, parsing until it is known.
    pub fn arc(&mut self, i: usize) -> Option<(usize, &'p str)> {
        while self.st.head.get(i) == Some(&NO) && self.step() {}
        self.final_arc(i)
    }

    /// Relation of token `i` if its head is `head` (1-based, 0 = root), parsing only until
    /// that is decided (see [`State::may_attach`]).
    pub fn relation_to(&mut self, i: usize, head: usize) -> Option<&'p str> {
        let n = self.st.n;
        let h = if head == 0 { n } else { head - 1 };
        while self.st.head.get(i) == Some(&NO) && self.st.may_attach(i, h) && self.step() {}
        // Stopped early, `i` is still headless and reads as the root: not `head`, which
        // is then a token, so the answer stands.
        self.final_arc(i)
            .and_then(|(got, rel)| (got == head).then_some(rel))
    }

    /// Token `i`'s arc as it stands; a token left without a head at the end is the root.
    fn final_arc(&self, i: usize) -> Option<(usize, &'p str)> {
        let n = self.st.n;
        // The state also holds the virtual root after the last token.
        if i >= n {
            return None;
        }
        let h = *self.st.head.get(i)?;
        if h == NO {
            return Some((0, "root"));
        }
        let l = *self.st.label.get(i)? as usize;
        let rel = self
            .parser
            .labels
            .get(l.wrapping_sub(1))
            .map_or("dep", String::as_str);
        Some((if h >= n { 0 } else { h + 1 }, rel))
    }
}

impl PartialParse for Run<'_> {
    fn arc(&mut self, i: usize) -> Option<(usize, &str)> {
        Run::arc(self, i)
    }

    fn relation_to(&mut self, i: usize, head: usize) -> Option<&str> {
        Run::relation_to(self, i, head)
    }
}

impl IncrementalParser for Parser {
    fn start(&self, sentence: &Sentence) -> Box<dyn PartialParse + '_> {
        let (forms, tags) = forms_and_tags(sentence);
        Box::new(self.run(&forms, &tags))
    }
}

/// A tagged sentence's forms and XPOS tags, as the parser reads them.
fn forms_and_tags(sentence: &Sentence) -> (Vec<&str>, Vec<&str>) {
    sentence
        .tokens
        .iter()
        .map(|t| (t.form.as_str(), t.xpos.as_str()))
        .unzip()
}

/// Runs every annotator, in order, over every sentence, spreading sentences over all cores.
pub fn annotate_batch(annotators: &[&dyn Annotator], sentences: &mut [Sentence]) {
    sentences.par_iter_mut().for_each(|s| {
        for a in annotators {
            a.annotate(s);
        }
    });
}
