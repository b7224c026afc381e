//! NER training and evaluation: `sitrep train ner`, `sitrep eval ner`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use sitrep_ner::data::{self, LabeledSentence};
use sitrep_ner::eval::Score;
use sitrep_ner::{Ner, TrainOptions};

fn shared() -> PathBuf {
    std::env::var_os("SITREP_SHARED").map_or_else(|| PathBuf::from("../shared"), PathBuf::from)
}

/// Arguments of `sitrep eval ner`.
#[derive(clap::Args)]
pub struct EvalArgs {
    /// Gold file: IOB2/IOB1 token-per-line (UNER `.iob2`, CoNLL, WNUT17); types other than
    /// PER/ORG/LOC (and their aliases) are ignored.
    #[arg(long)]
    pub gold: PathBuf,
    /// Model file; default: the built-in model.
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Also print each wrong span (missed `-`, spurious `+`) with its sentence, for error
    /// analysis on a development file.
    #[arg(long)]
    pub show_errors: bool,
    /// Split place spans at commas ("Lawrence , KS" → two places); default: the library's.
    #[arg(long)]
    pub split_loc_commas: Option<bool>,
}

fn load(model: Option<&Path>) -> anyhow::Result<Ner> {
    Ok(match model {
        Some(p) => Ner::from_path(p).with_context(|| format!("loading {}", p.display()))?,
        None => Ner::builtin()?,
    })
}

/// Scores the recogniser against gold sentences.
pub fn score(ner: &Ner, gold: &[LabeledSentence]) -> (Score, usize, f64) {
    let mut sc = Score::default();
    let mut tokens = 0;
    let t = Instant::now();
    for s in gold {
        let forms: Vec<&str> = s.forms.iter().map(String::as_str).collect();
        let pred = ner.recognize(&forms);
        sc.add(&s.spans, &pred);
        tokens += forms.len();
    }
    (sc, tokens, t.elapsed().as_secs_f64())
}

/// `sitrep eval ner`: per-type P/R/F1, then `P=… R=… F1=…` as the last line.
#[allow(clippy::print_stdout)]
pub fn eval(a: EvalArgs) -> anyhow::Result<ExitCode> {
    let t0 = Instant::now();
    let mut ner = load(a.model.as_deref())?;
    if let Some(on) = a.split_loc_commas {
        ner.set_split_loc_commas(on);
    }
    let load_s = t0.elapsed().as_secs_f64();
    let gold = data::read_iob(&a.gold)?;
    if a.show_errors {
        show_errors(&ner, &gold);
    }
    let (sc, tokens, secs) = score(&ner, &gold);
    println!(
        "# {} sentences, {tokens} tokens; model loaded in {:.0} ms; {:.0} tokens/s",
        gold.len(),
        load_s * 1000.0,
        tokens as f64 / secs.max(1e-9)
    );
    for (name, c) in ["PER", "ORG", "LOC"].iter().zip(&sc.per_type) {
        println!(
            "{name}\tP={:.2} R={:.2} F1={:.2}\t(gold {}, predicted {}, correct {})",
            c.precision(),
            c.recall(),
            c.f1(),
            c.gold,
            c.pred,
            c.tp
        );
    }
    let t = sc.total();
    println!(
        "P={:.2} R={:.2} F1={:.2}",
        t.precision(),
        t.recall(),
        t.f1()
    );
    Ok(ExitCode::SUCCESS)
}

/// Prints the spans the model gets wrong, one line each: `-LABEL span` for a missed gold
/// span, `+LABEL span` for a predicted one that is not gold, then the sentence.
#[allow(clippy::print_stdout)]
fn show_errors(ner: &Ner, gold: &[LabeledSentence]) {
    for s in gold {
        let forms: Vec<&str> = s.forms.iter().map(String::as_str).collect();
        let pred = ner.recognize(&forms);
        if let Some(t) = error_text(s, &pred) {
            println!("{t}");
        }
    }
}

/// The wrong spans of one sentence (`-` missed, `+` spurious) and the sentence, or None.
fn error_text(s: &LabeledSentence, pred: &[sitrep_nlp::Entity]) -> Option<String> {
    {
        let forms: Vec<&str> = s.forms.iter().map(String::as_str).collect();
        let text = |e: &sitrep_nlp::Entity| forms[e.start..e.end].join(" ");
        let mut lines = Vec::new();
        for g in &s.spans {
            if !pred.contains(g) {
                lines.push(format!("-{:?}\t{}", g.label, text(g)));
            }
        }
        for p in pred {
            if !s.spans.contains(p) {
                lines.push(format!("+{:?}\t{}", p.label, text(p)));
            }
        }
        if lines.is_empty() {
            None
        } else {
            Some(format!("{}\n\t# {}", lines.join("\n"), forms.join(" ")))
        }
    }
}

/// Arguments of `sitrep train ner`.
#[derive(clap::Args)]
pub struct TrainArgs {
    /// Output model file.
    #[arg(long)]
    pub out: PathBuf,
    /// UD_English-GUM directory (only its CC BY documents are used);
    /// default `$SITREP_SHARED/data/UD_English-GUM`.
    #[arg(long)]
    pub gum: Option<PathBuf>,
    /// wikigold CoNLL file; default `$SITREP_SHARED/data/wikigold/CONLL-format/data/wikigold.conll.txt`.
    #[arg(long)]
    pub wikigold: Option<PathBuf>,
    /// Extra IOB training files (same format as `eval ner --gold`).
    #[arg(long)]
    pub iob: Vec<PathBuf>,
    /// Development file scored after every epoch; default UNER_English-EWT dev when present;
    /// `none`: no development file.
    #[arg(long)]
    pub dev: Option<String>,
    /// Keep the epoch with the best development F1 instead of the last one (the number of
    /// epochs is otherwise chosen by cross-validation, `--cv`).
    #[arg(long)]
    pub select_epoch: bool,
    /// Unlabeled CoNLL-U text for capitalisation statistics; default UD_English-EWT train.
    #[arg(long)]
    pub unlabeled: Vec<PathBuf>,
    /// Word list for capitalisation statistics (lowercase entries = common words,
    /// capitalised = names); `none` to skip. Default: Debian's `/usr/share/dict/words`
    /// (package wamerican) when present.
    #[arg(long)]
    pub lexicon: Option<String>,
    /// Passes over the data.
    #[arg(long, default_value_t = 4)]
    pub epochs: usize,
    /// Number of perceptrons (different shuffles) whose weights are averaged.
    #[arg(long, default_value_t = 16)]
    pub ensemble: usize,
    /// Shuffling seed.
    #[arg(long, default_value_t = 7)]
    pub seed: u64,
    /// Entity-replacement augmentation: copies of each training sentence that has a name,
    /// with names swapped for others of the same type (0: none). Off by default: it helps
    /// web text (UNER-EWT) but not news (UNER-PUD); see models/NER_MODEL_CARD.md.
    #[arg(long, default_value_t = 0)]
    pub augment: usize,
    /// Per mille of ORG spans replaced in an augmented copy.
    #[arg(long, default_value_t = 1000)]
    pub augment_org: u64,
    /// Per mille of PER and LOC spans replaced in an augmented copy.
    #[arg(long, default_value_t = 1000)]
    pub augment_other: u64,
    /// Per mille of replacement names drawn from the gazetteer lists and KB tables (the rest
    /// come from the names of the training data).
    #[arg(long, default_value_t = 1000)]
    pub augment_lists: u64,
    /// Per mille of PER names drawn from the lists that are made up of a given and a family
    /// name.
    #[arg(long, default_value_t = 500)]
    pub augment_synth_per: u64,
    /// Per mille of augmented copies lowercased throughout.
    #[arg(long, default_value_t = 150)]
    pub augment_lower: u64,
    /// Also write the assembled training data as IOB2 to this file (for inspection).
    #[arg(long)]
    pub dump: Option<PathBuf>,
    /// Decoder: `greedy` (gold label history in training), `viterbi1` (first-order
    /// structured perceptron) or `viterbi2` (second order).
    #[arg(long, default_value = "viterbi2")]
    pub decoder: String,
    /// Before training, run document-level K-fold cross-validation over the news and
    /// Wikipedia part of the training data (GUM news, interview and bio documents, wikigold)
    /// and print held-out P/R/F1 per fold and epoch (0: none).
    #[arg(long, default_value_t = 0)]
    pub cv: usize,
    /// With `--cv`: write the held-out errors of the last epoch of every fold to this file.
    #[arg(long)]
    pub cv_errors: Option<PathBuf>,
    /// Sentence-level sport features (place names that stand for teams).
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set)]
    pub sports: bool,
    /// After decoding, a span that is exactly a country name is LOC (outside sport).
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set)]
    pub country_loc: bool,
}

fn parse_decoder(s: &str) -> anyhow::Result<sitrep_ner::model::Decoder> {
    use sitrep_ner::model::Decoder;
    Ok(match s {
        "greedy" => Decoder::Greedy,
        "viterbi1" => Decoder::Viterbi {
            second_order: false,
        },
        "viterbi2" => Decoder::Viterbi { second_order: true },
        _ => anyhow::bail!("unknown decoder {s:?} (greedy, viterbi1, viterbi2)"),
    })
}

/// Prints the cross-validation table: per epoch, each fold's F1, the mean of the folds'
/// P/R/F1, and the pooled (micro) P/R/F1 with per-type F1.
#[allow(clippy::print_stderr)]
fn report_cv(folds: &[sitrep_ner::FoldResult]) {
    let epochs = folds.iter().map(|f| f.per_epoch.len()).min().unwrap_or(0);
    for e in 0..epochs {
        let mut pooled = Score::default();
        let (mut mp, mut mr, mut mf) = (0.0, 0.0, 0.0);
        let mut per_fold = Vec::new();
        for f in folds {
            let sc = &f.per_epoch[e];
            let t = sc.total();
            mp += t.precision();
            mr += t.recall();
            mf += t.f1();
            per_fold.push(format!("{:.2}", t.f1()));
            for (a, b) in pooled.per_type.iter_mut().zip(&sc.per_type) {
                a.tp += b.tp;
                a.pred += b.pred;
                a.gold += b.gold;
            }
        }
        let k = folds.len().max(1) as f64;
        let t = pooled.total();
        eprintln!(
            "cv epoch {:2}: folds F1 [{}]; mean P={:.2} R={:.2} F1={:.2}; pooled P={:.2} R={:.2} F1={:.2} (PER {:.2} ORG {:.2} LOC {:.2})",
            e + 1,
            per_fold.join(" "),
            mp / k,
            mr / k,
            mf / k,
            t.precision(),
            t.recall(),
            t.f1(),
            pooled.per_type[0].f1(),
            pooled.per_type[1].f1(),
            pooled.per_type[2].f1()
        );
    }
}

/// `sitrep train ner`.
#[allow(clippy::print_stderr)]
pub fn train(a: TrainArgs) -> anyhow::Result<ExitCode> {
    let t0 = Instant::now();
    let sh = shared().join("data");
    let gaz = sitrep_ner::gazetteer::Gazetteer::builtin();
    let src = data::Sources {
        gum: a.gum.clone(),
        wikigold: a.wikigold.clone(),
        iob: a.iob.clone(),
        unlabeled: a.unlabeled.clone(),
        lexicon: match a.lexicon.as_deref() {
            Some("none") => None,
            Some(p) => Some(PathBuf::from(p)),
            None => {
                let p = PathBuf::from("/usr/share/dict/words");
                if p.exists() {
                    Some(p)
                } else {
                    eprintln!(
                        "warning: no /usr/share/dict/words (apt install wamerican); training without a lexicon"
                    );
                    None
                }
            }
        },
    };
    let corpus = data::assemble(&sh, &src, &gaz)?;
    for l in &corpus.summary {
        eprintln!("{l}");
    }
    let data = corpus.labeled;
    let unlabeled = corpus.unlabeled;
    if let Some(d) = &a.dump {
        std::fs::write(d, data::to_iob(&data))?;
    }
    let dev: Option<Vec<LabeledSentence>> = match a.dev.as_deref() {
        Some("none") => None,
        Some(p) => Some(data::read_iob(Path::new(p))?),
        None => {
            let p = sh.join("UNER_English-EWT/en_ewt-ud-dev.iob2");
            p.exists().then(|| data::read_iob(&p)).transpose()?
        }
    };
    eprintln!(
        "training on {} sentences, {} tokens ({} epochs, ensemble of {}, seed {})",
        data.len(),
        data.iter().map(|s| s.forms.len()).sum::<usize>(),
        a.epochs,
        a.ensemble,
        a.seed
    );
    let opts = TrainOptions {
        epochs: a.epochs,
        seed: a.seed,
        ensemble: a.ensemble,
        augment: sitrep_ner::augment::AugmentOptions {
            copies: a.augment,
            org_permille: a.augment_org,
            other_permille: a.augment_other,
            lists_permille: a.augment_lists,
            synth_per_permille: a.augment_synth_per,
            lower_permille: a.augment_lower,
            seed: a.seed,
        },
        decoder: parse_decoder(&a.decoder)?,
        features: sitrep_ner::FeatureSet {
            sports: a.sports,
            country_loc: a.country_loc,
        },
    };
    if a.cv > 0 {
        let folds = sitrep_ner::cross_validate(
            &data,
            &unlabeled,
            &opts,
            a.cv,
            sitrep_ner::cv_domain,
            |k, f| {
                let t = f.per_epoch.last().map(Score::total).unwrap_or_default();
                eprintln!(
                    "cv fold {}: {} documents, {} sentences; last epoch F1 {:.2}",
                    k + 1,
                    f.docs,
                    f.sentences,
                    t.f1()
                );
            },
        )?;
        report_cv(&folds);
        if let Some(p) = &a.cv_errors {
            let mut out = String::new();
            for f in &folds {
                for (s, pred) in &f.predictions {
                    if let Some(t) = error_text(s, pred) {
                        out.push_str(&t);
                        out.push('\n');
                    }
                }
            }
            std::fs::write(p, out)?;
        }
    }
    let mut best = f64::NEG_INFINITY;
    let ner = sitrep_ner::train(&data, &unlabeled, &opts, |r, m| {
        let mut msg = format!(
            "epoch {:2}: {} errors / {} tokens",
            r.epoch, r.errors, r.tokens
        );
        let keep = match &dev {
            Some(d) => {
                let f = score(m, d).0.total().f1();
                msg.push_str(&format!("; dev F1 {f:.2}"));
                if a.select_epoch && f > best {
                    best = f;
                    true
                } else {
                    false
                }
            }
            None => false,
        };
        eprintln!("{msg}{}", if keep { " *" } else { "" });
        keep
    });
    ner.save(&a.out)?;
    let size = std::fs::metadata(&a.out).map(|m| m.len()).unwrap_or(0);
    eprintln!(
        "wrote {} ({} features, {:.1} MB) in {:.1} s",
        a.out.display(),
        ner.num_features(),
        size as f64 / 1e6,
        t0.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}
