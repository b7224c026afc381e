//! Named-entity recogniser (PER, ORG, LOC; GPE and FAC folded into LOC).
//!
//! The crate owns the NER model, its training and its evaluation. The model is a BIO tagger
//! decoded with a second-order Viterbi search and trained as a structured averaged perceptron
//! (a greedy decoder remains available) over hashed features (word, affixes,
//! shape, neighbouring words, capitalisation statistics learnt from running text, gazetteer
//! matches from the readable lists in `data/`, previous labels). It is trained from the CC BY
//! documents of GUM's entity layer plus wikigold; it uses no POS tags, so it behaves the same
//! whether or not the tagger ran first.

pub mod augment;
pub mod data;
pub mod eval;
pub mod features;
pub mod gazetteer;
pub mod model;

// Short string keys looked up per token: FxHash, not SipHash.
use rustc_hash::FxHashMap as HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use sitrep_nlp::{Annotator, Entity, Sentence};

use crate::data::LabeledSentence;
use crate::features::Extractor;
use crate::gazetteer::Gazetteer;
use crate::model::{Decoder, FeatMap, NL, Trainer};

/// The committed model, compiled in so that the binary is self-contained.
static BUILTIN: &[u8] = include_bytes!("../../../models/ner.bin");

/// Default of [`Ner::set_split_loc_commas`].
pub const SPLIT_LOC_COMMAS: bool = true;

/// Format of greedy models; Viterbi models add a suffix (same layout).
const FORMAT: &str = "sitrep-ner-v1";
const FORMAT_VITERBI1: &str = "sitrep-ner-v1-viterbi1";
const FORMAT_VITERBI2: &str = "sitrep-ner-v1-viterbi2";

/// NER errors.
#[derive(Debug, thiserror::Error)]
pub enum NerError {
    /// Reading a model file failed.
    #[error("reading NER model: {0}")]
    Io(#[from] std::io::Error),
    /// The bytes are not a NER model of this version.
    #[error("bad NER model: {0}")]
    Format(String),
    /// Training or evaluation data unusable.
    #[error("NER data: {0}")]
    Data(String),
}

impl NerError {
    /// Stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Io(_) => "ner.io",
            Self::Format(_) => "ner.format",
            Self::Data(_) => "ner.data",
        }
    }
}

/// What is serialised (postcard).
#[derive(Serialize, Deserialize)]
struct ModelFile {
    format: String,
    /// Feature hashes, sorted.
    keys: Vec<u64>,
    /// Weights, quantised: value = q * scale.
    weights: Vec<[i16; NL]>,
    scale: f32,
    /// Lowercased word → capitalisation bucket, sorted by word.
    caps: Vec<(String, u8)>,
}

/// A trained entity recogniser.
#[derive(Debug, Clone)]
pub struct Ner {
    weights: FeatMap<[f32; NL]>,
    caps: HashMap<String, u8>,
    gaz: Gazetteer,
    decoder: Decoder,
    split_loc_commas: bool,
    features: FeatureSet,
}

/// Optional feature groups (recorded in the model file's format string as `+name`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FeatureSet {
    /// Sentence-level sport cue ("match", "striker") with title case and list matches:
    /// place names that stand for teams.
    pub sports: bool,
    /// A span that is exactly a country name is a place (sitrep's task folds GPEs into LOC),
    /// except in a sentence about sport, where it is usually a team.
    pub country_loc: bool,
}

impl Ner {
    /// The committed model embedded in the binary.
    pub fn builtin() -> Result<Self, NerError> {
        if BUILTIN.is_empty() {
            return Err(NerError::Format(
                "no built-in NER model was compiled in".into(),
            ));
        }
        Self::from_bytes(BUILTIN)
    }

    /// Loads a model file written by [`Ner::save`].
    pub fn from_path(path: &Path) -> Result<Self, NerError> {
        Self::from_bytes(&std::fs::read(path)?)
    }

    /// Decodes a serialised model.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, NerError> {
        let m: ModelFile =
            postcard::from_bytes(bytes).map_err(|e| NerError::Format(e.to_string()))?;
        let mut parts = m.format.split('+');
        let mut features = FeatureSet::default();
        let base = parts.next().unwrap_or_default();
        for p in parts {
            match p {
                "sports" => features.sports = true,
                "countryloc" => features.country_loc = true,
                other => {
                    return Err(NerError::Format(format!("unknown feature group {other}")));
                }
            }
        }
        let decoder = match base {
            FORMAT => Decoder::Greedy,
            FORMAT_VITERBI1 => Decoder::Viterbi {
                second_order: false,
            },
            FORMAT_VITERBI2 => Decoder::Viterbi { second_order: true },
            other => {
                return Err(NerError::Format(format!(
                    "expected {FORMAT}, found {other}"
                )));
            }
        };
        if m.keys.len() != m.weights.len() {
            return Err(NerError::Format("keys and weights differ in length".into()));
        }
        let mut weights = FeatMap::default();
        weights.reserve(m.keys.len());
        for (k, w) in m.keys.into_iter().zip(m.weights) {
            weights.insert(k, w.map(|q| f32::from(q) * m.scale));
        }
        Ok(Self {
            weights,
            caps: m.caps.into_iter().collect(),
            gaz: Gazetteer::builtin(),
            decoder,
            split_loc_commas: SPLIT_LOC_COMMAS,
            features,
        })
    }

    /// The decoder the model was trained for.
    pub fn decoder(&self) -> Decoder {
        self.decoder
    }

    /// Whether a place span with a comma inside ("Lawrence , KS") is split into two places
    /// after decoding (UNER's convention; GUM's, which the model learns, joins them). Default:
    /// [`SPLIT_LOC_COMMAS`].
    pub fn set_split_loc_commas(&mut self, on: bool) {
        self.split_loc_commas = on;
    }

    /// Serialises the model (weights quantised to 16 bits).
    pub fn to_bytes(&self) -> Result<Vec<u8>, NerError> {
        let mut keys: Vec<u64> = self.weights.keys().copied().collect();
        keys.sort_unstable();
        let maxw = self
            .weights
            .values()
            .flat_map(|w| w.iter())
            .fold(0f32, |a, &b| a.max(b.abs()));
        let scale = if maxw > 0.0 { maxw / 32767.0 } else { 1.0 };
        let mut kept = Vec::with_capacity(keys.len());
        let mut weights = Vec::with_capacity(keys.len());
        for k in keys {
            let w = self.weights[&k];
            let q = w.map(|v| (v / scale).round().clamp(-32767.0, 32767.0) as i16);
            if q.iter().any(|&x| x != 0) {
                kept.push(k);
                weights.push(q);
            }
        }
        let mut caps: Vec<(String, u8)> = self.caps.iter().map(|(k, v)| (k.clone(), *v)).collect();
        caps.sort();
        let format = match self.decoder {
            Decoder::Greedy => FORMAT,
            Decoder::Viterbi {
                second_order: false,
            } => FORMAT_VITERBI1,
            Decoder::Viterbi { second_order: true } => FORMAT_VITERBI2,
        };
        let mut format = format.to_owned();
        if self.features.sports {
            format.push_str("+sports");
        }
        if self.features.country_loc {
            format.push_str("+countryloc");
        }
        let m = ModelFile {
            format,
            keys: kept,
            weights,
            scale,
            caps,
        };
        postcard::to_allocvec(&m).map_err(|e| NerError::Format(e.to_string()))
    }

    /// Writes the model to a file.
    pub fn save(&self, path: &Path) -> Result<(), NerError> {
        std::fs::write(path, self.to_bytes()?)?;
        Ok(())
    }

    /// Number of weight rows (features with non-zero weights).
    pub fn num_features(&self) -> usize {
        self.weights.len()
    }

    /// Recognises entities in a sequence of token forms.
    pub fn recognize(&self, forms: &[&str]) -> Vec<Entity> {
        self.recognize_with(forms, self.split_loc_commas)
    }

    fn recognize_with(&self, forms: &[&str], split_loc_commas: bool) -> Vec<Entity> {
        if forms.is_empty() {
            return Vec::new();
        }
        let ex = Extractor {
            gaz: &self.gaz,
            caps: &self.caps,
            sports: self.features.sports,
        };
        let sent = ex.prepare(forms);
        let labels = match self.decoder {
            Decoder::Greedy => model::decode(&self.weights, &sent),
            Decoder::Viterbi { second_order } => model::viterbi(&self.weights, &sent, second_order),
        };
        let spans = model::spans_of(&labels);
        self.tidy(forms, spans, split_loc_commas, sent.about_sport())
    }

    /// Applies the span conventions of the training data (and UNER) that a greedy tagger can
    /// miss: no leading "the", no titles in person names, no bare dates or demonyms.
    fn tidy(
        &self,
        forms: &[&str],
        spans: Vec<Entity>,
        split_loc_commas: bool,
        about_sport: bool,
    ) -> Vec<Entity> {
        let spans = if split_loc_commas {
            split_at_commas(forms, spans)
        } else {
            spans
        };
        let sports = self.features.country_loc && about_sport;
        let mut out = Vec::with_capacity(spans.len());
        let starts: Vec<usize> = spans.iter().map(|e| e.start).collect();
        for mut e in spans {
            // A name does not end in a hyphen: "Jong - sup" continues, a stray "-" goes.
            if forms[e.end - 1] == "-" {
                let next_ok = e.end < forms.len()
                    && !starts.contains(&e.end)
                    && forms[e.end].chars().all(char::is_alphanumeric);
                if next_ok {
                    e.end += 1;
                } else if e.end - e.start > 1 {
                    e.end -= 1;
                }
            }
            while e.end - e.start > 1 && matches!(forms[e.start], "the" | "The") {
                e.start += 1;
            }
            if self.features.country_loc
                && !sports
                && e.label == sitrep_nlp::EntityLabel::Org
                && self.gaz.is_country(&forms[e.start..e.end])
            {
                e.label = sitrep_nlp::EntityLabel::Loc;
            }
            if e.label == sitrep_nlp::EntityLabel::Per {
                while e.end - e.start > 1 && self.gaz.is_title(forms[e.start]) {
                    e.start += 1;
                }
            }
            if e.end - e.start == 1 {
                let f = forms[e.start];
                if is_calendar_word(f) || self.gaz.is_demonym(f) || self.gaz.is_title(f) {
                    continue;
                }
            }
            out.push(e);
        }
        out
    }
}

impl Annotator for Ner {
    fn name(&self) -> &str {
        "ner/perceptron-v1"
    }

    fn annotate(&self, sentence: &mut Sentence) {
        let forms: Vec<&str> = sentence.tokens.iter().map(|t| t.form.as_str()).collect();
        sentence.entities = self.recognize(&forms);
    }
}

/// "Lawrence , KS" → "Lawrence", "KS": a place span is split at each comma inside it (pieces
/// that are empty are dropped).
fn split_at_commas(forms: &[&str], spans: Vec<Entity>) -> Vec<Entity> {
    let mut out = Vec::with_capacity(spans.len());
    for e in spans {
        if e.label != sitrep_nlp::EntityLabel::Loc || !forms[e.start..e.end].contains(&",") {
            out.push(e);
            continue;
        }
        let mut a = e.start;
        let commas = (e.start..e.end).filter(|&k| forms[k] == ",");
        for k in commas.chain(std::iter::once(e.end)) {
            if k > a {
                out.push(Entity {
                    start: a,
                    end: k,
                    label: e.label,
                });
            }
            a = k + 1;
        }
    }
    out
}

fn is_calendar_word(f: &str) -> bool {
    matches!(
        f,
        "January"
            | "February"
            | "March"
            | "April"
            | "May"
            | "June"
            | "July"
            | "August"
            | "September"
            | "October"
            | "November"
            | "December"
            | "Monday"
            | "Tuesday"
            | "Wednesday"
            | "Thursday"
            | "Friday"
            | "Saturday"
            | "Sunday"
            | "Jan."
            | "Feb."
            | "Aug."
            | "Sept."
            | "Sep."
            | "Oct."
            | "Nov."
            | "Dec."
    )
}

/// Training options.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Passes over the data.
    pub epochs: usize,
    /// Shuffling seed.
    pub seed: u64,
    /// Number of perceptrons (different shuffles) whose weights are averaged.
    pub ensemble: usize,
    /// Entity-replacement copies of the training sentences (`copies` 0: none).
    pub augment: augment::AugmentOptions,
    /// Decoding (and training) algorithm.
    pub decoder: Decoder,
    /// Optional feature groups.
    pub features: FeatureSet,
}

impl Default for TrainOptions {
    fn default() -> Self {
        Self {
            epochs: 4,
            seed: 7,
            // Chosen by document-level cross-validation on the news/Wikipedia part of the
            // training data (see models/NER_MODEL_CARD.md).
            ensemble: 16,
            // Off: it gains 2.6 F1 on UNER-EWT dev but loses on UNER-PUD (news) and WNUT17
            // (see models/NER_MODEL_CARD.md). The other values are the best on dev when on:
            // every name replaced, from the lists only (names of the training data cost 2
            // F1), half of the people made up, some copies lowercased as in web text.
            augment: augment::AugmentOptions {
                copies: 0,
                org_permille: 1000,
                other_permille: 1000,
                lists_permille: 1000,
                synth_per_permille: 500,
                lower_permille: 150,
                seed: 7,
            },
            decoder: Decoder::Viterbi { second_order: true },
            features: FeatureSet {
                sports: true,
                country_loc: true,
            },
        }
    }
}

/// Counts capitalisation of each lowercased word outside sentence-initial position.
pub fn cap_stats<'a>(texts: impl IntoIterator<Item = &'a [String]>) -> HashMap<String, u8> {
    let mut counts: HashMap<String, (u32, u32)> = HashMap::default();
    for forms in texts {
        for (i, f) in forms.iter().enumerate() {
            if i == 0 || !f.chars().any(char::is_alphabetic) {
                continue;
            }
            // After an opening quote or colon the word may be sentence-initial too.
            if matches!(
                forms[i - 1].as_str(),
                "\"" | "“" | ":" | "'" | "‘" | "(" | "-" | "—" | "." | "!" | "?"
            ) {
                continue;
            }
            let c = counts.entry(features::norm(f)).or_default();
            c.1 += 1;
            if f.chars().next().is_some_and(char::is_uppercase) {
                c.0 += 1;
            }
        }
    }
    counts
        .into_iter()
        .filter(|(_, (_, n))| *n >= 2)
        .map(|(w, (c, n))| (w, features::cap_bucket(c, n)))
        .collect()
}

/// Small deterministic PRNG (SplitMix64) for shuffling.
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// Progress of one epoch, reported to the caller's callback.
#[derive(Debug, Clone, Copy)]
pub struct EpochReport {
    /// 1-based epoch.
    pub epoch: usize,
    /// Token errors made while training in this epoch.
    pub errors: usize,
    /// Tokens seen.
    pub tokens: usize,
}

/// Trains a model. `unlabeled` adds running text for the capitalisation statistics only.
/// `on_epoch` receives each epoch's report and the averaged model so far, and returns whether
/// to keep that model as the best so far (e.g. by development-set F1); the last kept model is
/// returned (the final one when the callback never keeps any).
pub fn train(
    data: &[LabeledSentence],
    unlabeled: &[Vec<String>],
    opts: &TrainOptions,
    mut on_epoch: impl FnMut(EpochReport, &Ner) -> bool,
) -> Ner {
    let caps = cap_stats(
        data.iter()
            .map(|s| s.forms.as_slice())
            .chain(unlabeled.iter().map(Vec::as_slice)),
    );
    let gaz = Gazetteer::builtin();
    let ex = Extractor {
        gaz: &gaz,
        caps: &caps,
        sports: opts.features.sports,
    };
    // Copies with swapped names come after the capitalisation statistics, which must count
    // real text only.
    let augmented;
    let data: &[LabeledSentence] = if opts.augment.copies > 0 {
        let pools = augment::Pools::build(data);
        let mut all = data.to_vec();
        all.extend(augment::augment(data, &pools, &opts.augment));
        augmented = all;
        &augmented
    } else {
        data
    };
    let feats: Vec<Vec<Vec<u64>>> = data
        .iter()
        .map(|s| {
            let forms: Vec<&str> = s.forms.iter().map(String::as_str).collect();
            ex.sentence_features(&forms)
        })
        .collect();
    let golds: Vec<Vec<usize>> = data
        .iter()
        .map(|s| model::labels_of(&s.spans, s.forms.len()))
        .collect();
    // Several perceptrons over different shuffles, averaged: less variance on small data.
    let k = opts.ensemble.max(1);
    let mut orders: Vec<Vec<usize>> = vec![(0..data.len()).collect(); k];
    let mut rngs: Vec<Rng> = (0..k as u64)
        .map(|i| Rng(opts.seed.wrapping_add(i * 7919)))
        .collect();
    // Gold label history (classic teacher forcing) generalised better than the model's own
    // history on the development set, and better than alternating the two (-0.9 F1).
    let mut trs: Vec<Trainer> = (0..k)
        .map(|_| Trainer {
            gold_history: true,
            decoder: opts.decoder,
            ..Trainer::default()
        })
        .collect();
    let mut kept: Option<Ner> = None;
    let mut last: Option<Ner> = None;
    for epoch in 1..=opts.epochs {
        let mut errors = 0;
        let mut tokens = 0;
        for ((tr, order), rng) in trs.iter_mut().zip(&mut orders).zip(&mut rngs) {
            // Fisher-Yates with the seeded generator: deterministic.
            for i in (1..order.len()).rev() {
                let j = (rng.next() % (i as u64 + 1)) as usize;
                order.swap(i, j);
            }
            for &s in order.iter() {
                errors += tr.learn(&feats[s], &golds[s]);
                tokens += golds[s].len();
            }
        }
        let mut weights: FeatMap<[f32; NL]> = FeatMap::default();
        for tr in &trs {
            for (f, w) in tr.averaged() {
                let e = weights.entry(f).or_insert([0.0; NL]);
                for (a, b) in e.iter_mut().zip(w) {
                    *a += b / k as f32;
                }
            }
        }
        let ner = Ner {
            weights,
            caps: caps.clone(),
            gaz: gaz.clone(),
            decoder: opts.decoder,
            split_loc_commas: SPLIT_LOC_COMMAS,
            features: opts.features,
        };
        if on_epoch(
            EpochReport {
                epoch,
                errors,
                tokens,
            },
            &ner,
        ) {
            kept = Some(ner.clone());
        }
        last = Some(ner);
    }
    kept.or(last).unwrap_or(Ner {
        weights: FeatMap::default(),
        caps,
        gaz,
        decoder: opts.decoder,
        split_loc_commas: SPLIT_LOC_COMMAS,
        features: opts.features,
    })
}

/// Whether a training sentence belongs to the news- and Wikipedia-like part used for
/// cross-validation: GUM's news, interview (Wikinews) and bio (Wikipedia) documents, and
/// wikigold.
pub fn cv_domain(s: &LabeledSentence) -> bool {
    matches!(s.source.as_str(), "gum:news" | "gum:interview" | "gum:bio")
        || s.source.starts_with("wikigold")
}

/// Held-out scores of one cross-validation fold, one per epoch.
#[derive(Debug, Clone, Default)]
pub struct FoldResult {
    /// Held-out documents.
    pub docs: usize,
    /// Held-out sentences.
    pub sentences: usize,
    /// Exact-span scores of the model after each epoch (index 0: epoch 1).
    pub per_epoch: Vec<eval::Score>,
    /// The held-out sentences (gold) with the last epoch's predictions, for error analysis.
    pub predictions: Vec<(LabeledSentence, Vec<Entity>)>,
}

/// Document-level k-fold cross-validation. The documents of `data` for which `in_domain` holds
/// are dealt to `k` folds in order of first appearance (document `i` to fold `i % k`: a fixed
/// assignment); each fold is held out in turn while the model trains on every other sentence
/// (the other folds and all out-of-domain data). The held-out sentences are scored after every
/// epoch, with the decoding conventions of the training data (no comma split). `on_fold` is
/// called after each fold (for progress).
pub fn cross_validate(
    data: &[LabeledSentence],
    unlabeled: &[Vec<String>],
    opts: &TrainOptions,
    k: usize,
    in_domain: impl Fn(&LabeledSentence) -> bool,
    mut on_fold: impl FnMut(usize, &FoldResult),
) -> Result<Vec<FoldResult>, NerError> {
    let k = k.max(2);
    let mut doc_fold: HashMap<(String, String), usize> = HashMap::default();
    for s in data.iter().filter(|s| in_domain(s)) {
        if s.doc.is_empty() {
            return Err(NerError::Data(format!(
                "a sentence of {} has no document id",
                s.source
            )));
        }
        let n = doc_fold.len();
        doc_fold
            .entry((s.source.clone(), s.doc.clone()))
            .or_insert(n % k);
    }
    if doc_fold.len() < k {
        return Err(NerError::Data(format!(
            "{} documents for {k} folds",
            doc_fold.len()
        )));
    }
    let fold_of = |s: &LabeledSentence| {
        if in_domain(s) {
            doc_fold.get(&(s.source.clone(), s.doc.clone())).copied()
        } else {
            None
        }
    };
    let mut out = Vec::with_capacity(k);
    for fold in 0..k {
        let (held, train_set): (Vec<LabeledSentence>, Vec<LabeledSentence>) =
            data.iter().cloned().partition(|s| fold_of(s) == Some(fold));
        let mut res = FoldResult {
            docs: doc_fold.values().filter(|&&f| f == fold).count(),
            sentences: held.len(),
            per_epoch: Vec::with_capacity(opts.epochs),
            predictions: Vec::new(),
        };
        let m = train(&train_set, unlabeled, opts, |_, m| {
            let mut sc = eval::Score::default();
            for s in &held {
                let forms: Vec<&str> = s.forms.iter().map(String::as_str).collect();
                sc.add(&s.spans, &m.recognize_with(&forms, false));
            }
            res.per_epoch.push(sc);
            false
        });
        res.predictions = held
            .into_iter()
            .map(|s| {
                let forms: Vec<&str> = s.forms.iter().map(String::as_str).collect();
                let p = m.recognize_with(&forms, false);
                (s, p)
            })
            .collect();
        on_fold(fold, &res);
        out.push(res);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_nlp::EntityLabel;

    #[test]
    fn place_spans_split_at_commas() {
        let forms = ["in", "Lawrence", ",", "KS", ",", "and", "Acme", ",", "Inc"];
        let spans = vec![
            Entity {
                start: 1,
                end: 4,
                label: EntityLabel::Loc,
            },
            Entity {
                start: 6,
                end: 9,
                label: EntityLabel::Org,
            },
        ];
        let out = split_at_commas(&forms, spans);
        let got: Vec<(usize, usize)> = out.iter().map(|e| (e.start, e.end)).collect();
        assert_eq!(got, vec![(1, 2), (3, 4), (6, 9)]);
    }

    fn sent(doc: &str, source: &str, forms: &[&str]) -> LabeledSentence {
        LabeledSentence {
            forms: forms.iter().map(|f| (*f).to_owned()).collect(),
            spans: vec![Entity {
                start: 0,
                end: 1,
                label: EntityLabel::Per,
            }],
            source: source.to_owned(),
            doc: doc.to_owned(),
        }
    }

    #[test]
    fn cross_validation_holds_out_each_domain_document_once() {
        let mut data = Vec::new();
        for d in 0..5 {
            for _ in 0..2 {
                data.push(sent(&d.to_string(), "gum:news", &["Kesi", "spoke", "."]));
            }
        }
        data.push(sent("v", "gum:voyage", &["Dorn", "left", "."]));
        let opts = TrainOptions {
            epochs: 2,
            ensemble: 1,
            ..TrainOptions::default()
        };
        let folds = cross_validate(&data, &[], &opts, 2, cv_domain, |_, _| {})
            .expect("five documents for two folds");
        assert_eq!(folds.len(), 2);
        assert_eq!(folds.iter().map(|f| f.docs).collect::<Vec<_>>(), vec![3, 2]);
        assert_eq!(folds.iter().map(|f| f.sentences).sum::<usize>(), 10);
        assert!(folds.iter().all(|f| f.per_epoch.len() == 2));
        // Too few documents for the folds is an error, not a silent pass.
        assert!(cross_validate(&data[..2], &[], &opts, 2, cv_domain, |_, _| {}).is_err());
    }
}
