//! `sitrep bench throughput`: whole-pipeline speed, raw text to records, on one core or many.
// A command reports on the terminal by design.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use sitrep_doc::LoadOptions;
use sitrep_pipeline::{Options, Pipeline};

/// Arguments of `sitrep bench throughput`.
#[derive(clap::Args)]
pub struct Args {
    /// Documents to time; default: the built-in examples plus, when `$SITREP_SHARED` is present,
    /// the sentences of UD_English-PUD grouped into ten-sentence documents.
    pub paths: Vec<PathBuf>,
    /// Passes over the corpus.
    #[arg(long, default_value_t = 3)]
    pub repeat: usize,
    /// Worker threads (1 = single core).
    #[arg(long, default_value_t = 1)]
    pub threads: usize,
    /// Skip the syntax-on-every-sentence comparison (for profiling the default pipeline alone).
    #[arg(long)]
    pub no_everywhere: bool,
}

fn corpus(paths: &[PathBuf]) -> anyhow::Result<Vec<Vec<u8>>> {
    if !paths.is_empty() {
        return read_corpus(paths);
    }
    let mut docs: Vec<Vec<u8>> = crate::examples::EXAMPLES
        .iter()
        .map(|(_, t)| t.as_bytes().to_vec())
        .collect();
    let shared = std::env::var("SITREP_SHARED").unwrap_or_else(|_| "../shared".to_owned());
    let pud = PathBuf::from(shared).join("data/UD_English-PUD/en_pud-ud-test.conllu");
    if let Ok(text) = std::fs::read_to_string(&pud) {
        let sents: Vec<&str> = text
            .lines()
            .filter_map(|l| l.strip_prefix("# text = "))
            .collect();
        docs.extend(sents.chunks(10).map(|c| c.join(" ").into_bytes()));
    }
    Ok(docs)
}

/// The documents under `paths` as `ingest` reads them (directories walked, formats detected,
/// HTML reduced to its article); an unreadable input fails the benchmark.
fn read_corpus(paths: &[PathBuf]) -> anyhow::Result<Vec<Vec<u8>>> {
    let inputs: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    let opts = sitrep_ingest::ReadOptions::default();
    let mut docs = Vec::new();
    let mut failed = None;
    sitrep_ingest::read_inputs(&inputs, &opts, &mut |r| {
        match r.and_then(|it| sitrep_ingest::prepare(it, opts.max_bytes)) {
            Ok(p) => docs.push(p.text),
            Err(e) => failed = Some(e),
        }
        failed.is_none()
    });
    if let Some(e) = failed {
        return Err(super::fatal(&e.code, format!("{}: {}", e.key, e.message)));
    }
    Ok(docs)
}

/// Times `pipeline` over `docs`: (seconds, sentences, events).
fn time_pipeline(
    pipeline: &Pipeline,
    docs: &[Vec<u8>],
    repeat: usize,
    pool: &rayon::ThreadPool,
) -> (f64, usize, usize) {
    use rayon::prelude::*;
    let opts = LoadOptions::default();
    let t = Instant::now();
    let (sents, events) = pool.install(|| {
        (0..repeat)
            .map(|_| {
                docs.par_iter()
                    .map(|d| match pipeline.analyse(d, &opts) {
                        Ok(an) => (an.sentences.len(), pipeline.code(&an).events.len()),
                        Err(_) => (0, 0),
                    })
                    .reduce(|| (0, 0), |x, y| (x.0 + y.0, x.1 + y.1))
            })
            .fold((0, 0), |x, y| (x.0 + y.0, x.1 + y.1))
    });
    (t.elapsed().as_secs_f64(), sents, events)
}

/// Runs the benchmark; the last line is `SENTENCES_PER_S=… MB_PER_S=… DOCS_PER_S=…`, for the
/// default pipeline (syntax only on sentences with trigger words). The same run also times
/// loading + segmentation alone and the pipeline with syntax on every sentence, as baselines.
pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let t0 = Instant::now();
    let pipeline = Pipeline::load(&Options::default()).context("loading models")?;
    eprintln!("load: {:.0} ms", t0.elapsed().as_secs_f64() * 1e3);
    let full_nlp = Pipeline::load(&Options {
        full_nlp: true,
        ..Options::default()
    })
    .context("loading models")?;
    let docs = corpus(&a.paths)?;
    let bytes: usize = docs.iter().map(Vec::len).sum();
    let opts = LoadOptions::default();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(a.threads.max(1))
        .build()?;
    // Baseline in the same process: loading and segmentation alone, so machines' noise cancels
    // in the ratio.
    let t = Instant::now();
    let mut base_sents = 0usize;
    for _ in 0..a.repeat {
        for d in &docs {
            if let Ok(doc) = sitrep_doc::Document::load(d, &opts) {
                base_sents += sitrep_segment::Segmenter::new()
                    .segment(&doc.text, &doc.body)
                    .len();
            }
        }
    }
    let base = t.elapsed().as_secs_f64();
    let (all_t, _, all_events) = if a.no_everywhere {
        (0.0, 0, 0)
    } else {
        time_pipeline(&full_nlp, &docs, a.repeat, &pool)
    };
    let (took, sents, events) = time_pipeline(&pipeline, &docs, a.repeat, &pool);
    let n = docs.len() * a.repeat;
    println!(
        "documents: {} x {} passes, {:.2} MB per pass, {} threads",
        docs.len(),
        a.repeat,
        bytes as f64 / 1e6,
        a.threads
    );
    println!("sentences: {sents}, events: {events}");
    println!(
        "baseline (load + segment only): {:.0} sentences/s",
        base_sents as f64 / base
    );
    println!(
        "pipeline: {:.3} s; {:.1}x the baseline's time",
        took,
        took / base.max(1e-9)
    );
    if !a.no_everywhere {
        println!(
            "syntax on every sentence: {:.3} s, {:.1}x the baseline's time, {all_events} events; the pipeline is {:.2}x faster",
            all_t,
            all_t / base.max(1e-9),
            all_t / took.max(1e-9)
        );
    }
    println!(
        "SENTENCES_PER_S={:.0} MB_PER_S={:.3} DOCS_PER_S={:.1}",
        sents as f64 / took,
        (bytes * a.repeat) as f64 / 1e6 / took,
        n as f64 / took
    );
    Ok(ExitCode::SUCCESS)
}
