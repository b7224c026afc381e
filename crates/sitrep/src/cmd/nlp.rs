//! Tagger/parser training, evaluation (CoNLL 2018 metrics) and throughput benchmark.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use sitrep_nlp::conllu::{self, ConlluSentence};
use sitrep_nlp::{Annotator, Sentence, Token};
use sitrep_parser::{Parser, TrainSentence, universal};
use sitrep_tagger::Tagger;

/// Arguments of `sitrep eval nlp`.
#[derive(clap::Args)]
pub struct EvalArgs {
    /// A UD treebank file (CoNLL-U).
    #[arg(long)]
    pub treebank: PathBuf,
    /// End to end from the `# text` comments with sitrep's segmenter (CoNLL 2018 alignment).
    #[arg(long)]
    pub raw: bool,
    /// Only sentences whose sent_id starts with this (e.g. `GUM_news_`).
    #[arg(long)]
    pub sent_prefix: Option<String>,
    /// Tagger model file (default: the built-in model).
    #[arg(long)]
    pub tagger: Option<PathBuf>,
    /// Parser model file (default: the built-in model).
    #[arg(long)]
    pub parser: Option<PathBuf>,
}

/// Arguments of `sitrep train tagger|parser`.
#[derive(clap::Args)]
pub struct TrainArgs {
    /// UD treebank directory holding `*-train.conllu` and `*-dev.conllu`.
    #[arg(long)]
    pub treebank: PathBuf,
    /// Where to write the model.
    #[arg(long)]
    pub out: PathBuf,
    /// Training epochs (default: 10 for the tagger, 12 for the parser).
    #[arg(long)]
    pub epochs: Option<usize>,
    /// Random seed.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Parser only: tagger model whose predicted tags the parser trains on (default: built-in).
    #[arg(long)]
    pub tagger: Option<PathBuf>,
    /// Parser only: train on k-fold jackknifed tagger predictions (trains k extra taggers).
    #[arg(long, default_value_t = 0)]
    pub jackknife: usize,
    /// Drop averaged weights whose largest magnitude is below this (model size).
    #[arg(long)]
    pub prune: Option<f32>,
    /// Do not train: load this model, prune it with `--prune`, report dev scores, write `--out`.
    #[arg(long)]
    pub from: Option<PathBuf>,
}

/// Arguments of `sitrep bench nlp`.
#[derive(clap::Args)]
pub struct BenchArgs {
    /// Read sentences from this file (one per line, tokens separated by tabs).
    #[arg(long)]
    pub sentences: Option<PathBuf>,
    /// Write the benchmark sentences to this file (same format) and continue.
    #[arg(long)]
    pub dump: Option<PathBuf>,
    /// Also time the parallel batch API on all cores and print the speed-up.
    #[arg(long)]
    pub parallel: bool,
    /// Timed passes over the sentences (the best is reported).
    #[arg(long, default_value_t = 3)]
    pub rounds: usize,
}

fn load_tagger(p: Option<&Path>) -> anyhow::Result<Tagger> {
    Ok(match p {
        Some(p) => Tagger::from_path(p).with_context(|| format!("loading {}", p.display()))?,
        None => Tagger::builtin()?,
    })
}

fn load_parser(p: Option<&Path>) -> anyhow::Result<Parser> {
    Ok(match p {
        Some(p) => Parser::from_path(p).with_context(|| format!("loading {}", p.display()))?,
        None => Parser::builtin()?,
    })
}

fn find_split(dir: &Path, split: &str) -> anyhow::Result<PathBuf> {
    let suffix = format!("-{split}.conllu");
    let mut hits: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with(&suffix))
        })
        .collect();
    hits.sort();
    hits.into_iter()
        .next()
        .with_context(|| format!("no *{suffix} in {}", dir.display()))
}

fn read_split(dir: &Path, split: &str) -> anyhow::Result<Vec<ConlluSentence>> {
    let p = find_split(dir, split)?;
    conllu::read(&p).with_context(|| format!("reading {}", p.display()))
}

fn sentence_of_words(s: &ConlluSentence) -> Sentence {
    Sentence {
        tokens: s
            .words
            .iter()
            .map(|w| Token {
                form: w.form.clone(),
                space_after: !w.no_space_after(),
                ..Token::default()
            })
            .collect(),
        ..Sentence::default()
    }
}

#[allow(clippy::print_stderr)]
fn progress(line: String) {
    eprintln!("{line}");
}

/// `sitrep train tagger`.
#[allow(clippy::print_stderr)]
pub fn train_tagger(a: TrainArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let train = read_split(&a.treebank, "train")?;
    let dev = read_split(&a.treebank, "dev").unwrap_or_default();
    if let Some(from) = &a.from {
        let t = load_tagger(Some(from))?.pruned(a.prune.unwrap_or(0.0));
        let (u, j) = t.accuracy(&dev);
        let bytes = t.to_bytes()?;
        std::fs::write(&a.out, &bytes).with_context(|| format!("writing {}", a.out.display()))?;
        eprintln!(
            "pruned tagger: dev UPOS {:.2}% UPOS+XPOS {:.2}%, {} bytes, {:?} rows/weights",
            100.0 * u,
            100.0 * j,
            bytes.len(),
            t.num_features()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let mut opts = sitrep_tagger::TrainOptions::default();
    if let Some(e) = a.epochs {
        opts.epochs = e;
    }
    if let Some(s) = a.seed {
        opts.seed = s;
    }
    if let Some(p) = a.prune {
        opts.prune = p;
    }
    eprintln!(
        "training tagger on {} sentences ({} dev), {} epochs",
        train.len(),
        dev.len(),
        opts.epochs
    );
    let t = Tagger::train(&train, &dev, &opts, &mut progress)?;
    let bytes = t.to_bytes()?;
    std::fs::write(&a.out, &bytes).with_context(|| format!("writing {}", a.out.display()))?;
    let (rows, nz) = t.num_features();
    eprintln!(
        "wrote {} ({} bytes, {rows} feature rows, {nz} weights) in {:.1}s",
        a.out.display(),
        bytes.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

fn to_train(s: &ConlluSentence, tags: Vec<String>) -> TrainSentence {
    TrainSentence {
        forms: s.words.iter().map(|w| w.form.clone()).collect(),
        tags,
        heads: s.words.iter().map(|w| w.head).collect(),
        deprels: s.words.iter().map(|w| w.deprel.clone()).collect(),
    }
}

fn predicted_tags(t: &Tagger, s: &ConlluSentence) -> Vec<String> {
    let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
    t.tag_forms(&forms)
        .into_iter()
        .map(|(_, x)| x.to_owned())
        .collect()
}

/// `sitrep train parser`.
#[allow(clippy::print_stderr)]
pub fn train_parser(a: TrainArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let train = read_split(&a.treebank, "train")?;
    let dev = read_split(&a.treebank, "dev").unwrap_or_default();
    let tagger = load_tagger(a.tagger.as_deref())?;
    if let Some(from) = &a.from {
        let p = load_parser(Some(from))?.pruned(a.prune.unwrap_or(0.0));
        let dv: Vec<TrainSentence> = dev
            .iter()
            .map(|s| to_train(s, predicted_tags(&tagger, s)))
            .collect();
        let (u, l) = p.attachment(&dv);
        let bytes = p.to_bytes()?;
        std::fs::write(&a.out, &bytes).with_context(|| format!("writing {}", a.out.display()))?;
        eprintln!(
            "pruned parser: dev UAS {:.2} LAS {:.2}, {} bytes, {:?} rows",
            100.0 * u,
            100.0 * l,
            bytes.len(),
            p.num_features()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let mut train_tags: Vec<Vec<String>> = Vec::with_capacity(train.len());
    if a.jackknife >= 2 {
        // Each fold is tagged by a tagger that never saw it, so the parser trains on tags
        // as noisy as at run time.
        let k = a.jackknife;
        train_tags.resize(train.len(), Vec::new());
        let topts = sitrep_tagger::TrainOptions {
            epochs: 6,
            folds: 0,
            ..Default::default()
        };
        for fold in 0..k {
            let rest: Vec<ConlluSentence> = train
                .iter()
                .enumerate()
                .filter(|(i, _)| i % k != fold)
                .map(|(_, s)| s.clone())
                .collect();
            let ft = Tagger::train(&rest, &[], &topts, &mut |l| {
                eprintln!("  jackknife fold {}/{k}: {l}", fold + 1)
            })?;
            for (i, s) in train.iter().enumerate() {
                if i % k == fold {
                    train_tags[i] = predicted_tags(&ft, s);
                }
            }
        }
    } else {
        for s in &train {
            train_tags.push(predicted_tags(&tagger, s));
        }
    }
    let tr: Vec<TrainSentence> = train
        .iter()
        .zip(train_tags)
        .map(|(s, t)| to_train(s, t))
        .collect();
    let dv: Vec<TrainSentence> = dev
        .iter()
        .map(|s| to_train(s, predicted_tags(&tagger, s)))
        .collect();
    let mut opts = sitrep_parser::TrainOptions::default();
    if let Some(e) = a.epochs {
        opts.epochs = e;
    }
    if let Some(s) = a.seed {
        opts.seed = s;
    }
    if let Some(p) = a.prune {
        opts.prune = p;
    }
    eprintln!(
        "training parser on {} sentences ({} dev), {} epochs",
        tr.len(),
        dv.len(),
        opts.epochs
    );
    let p = Parser::train(&tr, &dv, &opts, &mut progress)?;
    let bytes = p.to_bytes()?;
    std::fs::write(&a.out, &bytes).with_context(|| format!("writing {}", a.out.display()))?;
    let (fa, fl) = p.num_features();
    eprintln!(
        "wrote {} ({} bytes, {fa}+{fl} feature rows) in {:.1}s",
        a.out.display(),
        bytes.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

/// Correct counts for the five metrics.
#[derive(Default)]
struct Counts {
    gold: usize,
    system: usize,
    aligned: usize,
    upos: usize,
    xpos: usize,
    lemma: usize,
    uas: usize,
    las: usize,
}

impl Counts {
    fn f1(&self, c: usize) -> f64 {
        let d = self.gold + self.system;
        if d == 0 {
            100.0
        } else {
            100.0 * 2.0 * c as f64 / d as f64
        }
    }
}

/// `sitrep eval nlp`.
#[allow(clippy::print_stdout)]
pub fn eval(a: EvalArgs) -> anyhow::Result<ExitCode> {
    let t0 = Instant::now();
    let tagger = load_tagger(a.tagger.as_deref())?;
    let parser = load_parser(a.parser.as_deref())?;
    let load_ms = t0.elapsed().as_secs_f64() * 1000.0;
    let mut sents =
        conllu::read(&a.treebank).with_context(|| format!("reading {}", a.treebank.display()))?;
    if let Some(pre) = &a.sent_prefix {
        sents.retain(|s| {
            s.id.as_deref()
                .is_some_and(|id| id.starts_with(pre.as_str()))
        });
    }
    anyhow::ensure!(!sents.is_empty(), "no sentences to evaluate");
    let started = Instant::now();
    let c = if a.raw {
        eval_raw(&tagger, &parser, &sents)
    } else {
        eval_gold(&tagger, &parser, &sents)
    };
    let secs = started.elapsed().as_secs_f64();
    println!(
        "treebank {}: {} sentences, {} gold words, {} system words, mode {}",
        a.treebank.display(),
        sents.len(),
        c.gold,
        c.system,
        if a.raw { "raw text" } else { "gold tokens" }
    );
    println!("models loaded in {load_ms:.1} ms; annotated in {secs:.2}s");
    if a.raw {
        println!("Words   F1 {:6.2}", c.f1(c.aligned));
    }
    let m = [
        ("UPOS", c.upos),
        ("XPOS", c.xpos),
        ("LEMMA", c.lemma),
        ("UAS", c.uas),
        ("LAS", c.las),
    ];
    for (k, v) in m {
        println!("{k:<7} {:6.2}", c.f1(v));
    }
    println!(
        "{}",
        m.iter()
            .map(|(k, v)| format!("{k}={:.2}", c.f1(*v)))
            .collect::<Vec<_>>()
            .join(" ")
    );
    Ok(ExitCode::SUCCESS)
}

fn eval_gold(tagger: &Tagger, parser: &Parser, sents: &[ConlluSentence]) -> Counts {
    let mut c = Counts::default();
    for s in sents {
        let mut sys = sentence_of_words(s);
        tagger.annotate(&mut sys);
        parser.annotate(&mut sys);
        for (t, w) in sys.tokens.iter().zip(&s.words) {
            c.gold += 1;
            c.system += 1;
            c.aligned += 1;
            score_word(&mut c, t, w, t.head == w.head);
        }
    }
    c
}

fn score_word(c: &mut Counts, t: &Token, w: &conllu::Word, head_ok: bool) {
    c.upos += usize::from(t.upos.as_str() == w.upos);
    c.xpos += usize::from(t.xpos == w.xpos);
    c.lemma += usize::from(t.lemma == w.lemma);
    if head_ok {
        c.uas += 1;
        c.las += usize::from(universal(&t.deprel) == universal(&w.deprel));
    }
}

/// End to end: rebuild the raw text as UD's conllu_to_text does, segment it, align system
/// words to gold words by character span and score.
fn eval_raw(tagger: &Tagger, parser: &Parser, sents: &[ConlluSentence]) -> Counts {
    let mut text = String::new();
    // Gold word span -> list of (sentence, word index) sharing that span.
    let mut gold_at: HashMap<(usize, usize), Vec<(usize, usize)>> = HashMap::new();
    let mut gold_span: Vec<Vec<(usize, usize)>> = Vec::with_capacity(sents.len());
    for (k, s) in sents.iter().enumerate() {
        let mut spans = vec![(usize::MAX, usize::MAX); s.words.len()];
        let Some(t) = s.text.as_deref() else {
            gold_span.push(spans);
            continue;
        };
        if k > 0 {
            if s.newdoc || s.newpar {
                text.push_str("\n\n");
            } else {
                text.push(' ');
            }
        }
        let base = text.len();
        text.push_str(t);
        let mut pos = base;
        for (form, fw, lw, _) in s.surface_tokens() {
            let start = skip_ws(&text, pos);
            let end = consume(&text, start, &form);
            pos = end;
            let parts: Vec<&str> = (fw..=lw)
                .filter_map(|i| s.words.get(i - 1).map(|w| w.form.as_str()))
                .collect();
            if parts.len() > 1 && parts.concat() == text[start..end] {
                let mut p = start;
                for (j, w) in parts.iter().enumerate() {
                    spans[fw - 1 + j] = (p, p + w.len());
                    p += w.len();
                }
            } else {
                for i in fw..=lw {
                    spans[i - 1] = (start, end);
                }
            }
        }
        for (i, sp) in spans.iter().enumerate() {
            gold_at.entry(*sp).or_default().push((k, i));
        }
        gold_span.push(spans);
    }
    let seg = sitrep_segment::Segmenter::new();
    #[allow(clippy::single_range_in_vec_init)]
    let mut sys = seg.segment(&text, &[0..text.len()]);
    for s in &mut sys {
        tagger.annotate(s);
        parser.annotate(s);
    }
    let mut c = Counts {
        gold: sents.iter().map(|s| s.words.len()).sum(),
        system: sys.iter().map(|s| s.tokens.len()).sum(),
        ..Counts::default()
    };
    let mut used: HashMap<(usize, usize), usize> = HashMap::new();
    // System token -> aligned gold word.
    let mut align: Vec<Vec<Option<(usize, usize)>>> = Vec::with_capacity(sys.len());
    for s in &sys {
        let mut row = Vec::with_capacity(s.tokens.len());
        for t in &s.tokens {
            let key = (t.start, t.end);
            let hit = gold_at.get(&key).and_then(|v| {
                let u = used.entry(key).or_default();
                let r = v.get(*u).copied();
                *u += 1;
                r
            });
            row.push(hit);
        }
        align.push(row);
    }
    for (s, row) in sys.iter().zip(&align) {
        for (t, a) in s.tokens.iter().zip(row) {
            let Some((gk, gi)) = *a else { continue };
            c.aligned += 1;
            let w = &sents[gk].words[gi];
            let sys_head = if t.head == 0 {
                None
            } else {
                row.get(t.head - 1).copied().flatten()
            };
            let gold_head = if w.head == 0 {
                None
            } else {
                Some((gk, w.head - 1))
            };
            let head_ok = match (t.head, w.head) {
                (0, 0) => true,
                (0, _) | (_, 0) => false,
                _ => sys_head.is_some() && sys_head == gold_head,
            };
            score_word(&mut c, t, w, head_ok);
        }
    }
    c
}

fn skip_ws(text: &str, mut pos: usize) -> usize {
    while let Some(ch) = text[pos..].chars().next() {
        if !ch.is_whitespace() {
            break;
        }
        pos += ch.len_utf8();
    }
    pos
}

fn consume(text: &str, mut pos: usize, form: &str) -> usize {
    for _ in form.chars().filter(|c| !c.is_whitespace()) {
        pos = skip_ws(text, pos);
        match text[pos..].chars().next() {
            Some(ch) => pos += ch.len_utf8(),
            None => break,
        }
    }
    pos
}

/// Our own prose, used when the shared treebanks are absent.
const FALLBACK: &[&str] = &[
    "The ministry said on Tuesday that two convoys had crossed the border overnight .",
    "Officials in the capital denied the report , calling it a fabrication .",
    "Rebels attacked a police post near the river , killing three officers .",
    "The government plans to buy twelve helicopters from a foreign supplier next year .",
    "Talks between the two delegations ended without an agreement late on Friday .",
    "A spokesman for the army said the strikes targeted weapons depots .",
    "Protesters gathered outside parliament and demanded new elections .",
    "The shipment of artillery shells reportedly arrived by rail last month .",
];

fn shared_dir() -> Option<PathBuf> {
    let p = std::env::var_os("SITREP_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../shared"));
    p.join("data").is_dir().then_some(p)
}

/// News-like benchmark sentences: UD PUD test, then GUM news, then other GUM test sentences.
fn bench_sentences() -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::new();
    let words = |s: &ConlluSentence| s.words.iter().map(|w| w.form.clone()).collect::<Vec<_>>();
    if let Some(dir) = shared_dir() {
        let data = dir.join("data");
        if let Ok(s) = conllu::read(&data.join("UD_English-PUD/en_pud-ud-test.conllu")) {
            out.extend(s.iter().map(words));
        }
        let mut rest = Vec::new();
        for split in ["train", "dev", "test"] {
            let p = data.join(format!("UD_English-GUM/en_gum-ud-{split}.conllu"));
            if let Ok(s) = conllu::read(&p) {
                for x in &s {
                    if x.id.as_deref().is_some_and(|i| i.starts_with("GUM_news_")) {
                        out.push(words(x));
                    } else if split == "test" {
                        rest.push(words(x));
                    }
                }
            }
        }
        for r in rest {
            if out.len() >= 2500 {
                break;
            }
            out.push(r);
        }
    }
    if out.len() < 2000 {
        let mut i = 0;
        while out.len() < 2000 {
            out.push(
                FALLBACK[i % FALLBACK.len()]
                    .split(' ')
                    .map(str::to_owned)
                    .collect(),
            );
            i += 1;
        }
    }
    out
}

fn to_sentence(words: &[String]) -> Sentence {
    Sentence {
        tokens: words
            .iter()
            .map(|w| Token {
                form: w.clone(),
                space_after: true,
                ..Token::default()
            })
            .collect(),
        ..Sentence::default()
    }
}

/// CPU time (user + system) of the calling thread, from Linux procfs; `None` elsewhere.
fn thread_cpu_secs() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    let rest = s.rsplit_once(')')?.1;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ut: f64 = f.get(11)?.parse().ok()?;
    let st: f64 = f.get(12)?.parse().ok()?;
    // Clock ticks are 100 per second on Linux.
    Some((ut + st) / 100.0)
}

/// `sitrep bench nlp`.
#[allow(clippy::print_stdout)]
pub fn bench(a: BenchArgs) -> anyhow::Result<ExitCode> {
    let t0 = Instant::now();
    let tagger = Tagger::builtin()?;
    let tagger_ms = t0.elapsed().as_secs_f64() * 1000.0;
    let parser = Parser::builtin()?;
    let load_ms = t0.elapsed().as_secs_f64() * 1000.0;
    println!(
        "tagger loaded in {tagger_ms:.1} ms, parser in {:.1} ms",
        load_ms - tagger_ms
    );
    let sents: Vec<Vec<String>> = match &a.sentences {
        Some(p) => std::fs::read_to_string(p)
            .with_context(|| format!("reading {}", p.display()))?
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.split('\t').map(str::to_owned).collect())
            .collect(),
        None => bench_sentences(),
    };
    if let Some(p) = &a.dump {
        let text: String = sents.iter().map(|s| s.join("\t") + "\n").collect();
        std::fs::write(p, text).with_context(|| format!("writing {}", p.display()))?;
    }
    let ntok: usize = sents.iter().map(Vec::len).sum();
    println!(
        "models loaded in {load_ms:.1} ms; {} sentences, {ntok} tokens",
        sents.len()
    );
    let base: Vec<Sentence> = sents.iter().map(|s| to_sentence(s)).collect();
    {
        // Split of the time between the two stages (one pass each).
        let mut batch = base.clone();
        let st = Instant::now();
        for s in &mut batch {
            tagger.annotate(s);
        }
        let tt = st.elapsed().as_secs_f64();
        let st = Instant::now();
        for s in &mut batch {
            parser.annotate(s);
        }
        let pt = st.elapsed().as_secs_f64();
        println!(
            "tagger alone: {:.0} tokens/s; parser alone: {:.0} tokens/s",
            ntok as f64 / tt,
            ntok as f64 / pt
        );
    }
    let mut best = f64::MAX;
    let mut best_cpu = f64::MAX;
    for round in 0..a.rounds.max(1) {
        let mut batch = base.clone();
        let cpu0 = thread_cpu_secs();
        let st = Instant::now();
        for s in &mut batch {
            tagger.annotate(s);
            parser.annotate(s);
        }
        let secs = st.elapsed().as_secs_f64();
        let cpu = thread_cpu_secs().zip(cpu0).map(|(b, a)| b - a);
        println!(
            "round {}: {:.3}s wall, {:.0} tokens/s; {}",
            round + 1,
            secs,
            ntok as f64 / secs,
            cpu.map_or("no CPU clock".into(), |c| format!(
                "{c:.2}s CPU, {:.0} tokens per CPU-second",
                ntok as f64 / c.max(1e-9)
            ))
        );
        best = best.min(secs);
        if let Some(c) = cpu {
            best_cpu = best_cpu.min(c);
        }
    }
    if best_cpu < f64::MAX {
        // On a shared machine wall time includes waiting for the CPU; CPU time does not.
        println!(
            "CPU-time throughput (best round): {:.0} tokens/s, {:.0} sentences/s",
            ntok as f64 / best_cpu,
            sents.len() as f64 / best_cpu
        );
    }
    if a.parallel {
        let mut pbest = f64::MAX;
        for _ in 0..a.rounds.max(1) {
            let mut batch = base.clone();
            let st = Instant::now();
            sitrep_parser::annotate_batch(&[&tagger, &parser], &mut batch);
            pbest = pbest.min(st.elapsed().as_secs_f64());
        }
        println!(
            "parallel ({} threads): {:.0} tokens/s, speed-up {:.2}x",
            rayon::current_num_threads(),
            ntok as f64 / pbest,
            best / pbest
        );
    }
    println!(
        "TOKENS_PER_S={:.0} SENTENCES_PER_S={:.0}",
        ntok as f64 / best,
        sents.len() as f64 / best
    );
    Ok(ExitCode::SUCCESS)
}
