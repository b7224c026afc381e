//! `sitrep eval segment`: sentence and token segmentation against a UD treebank.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use sitrep_segment::Segmenter;
use sitrep_segment::eval::{Score, evaluate, gold};

/// Arguments.
#[derive(clap::Args)]
pub struct Args {
    /// A UD treebank in CoNLL-U format with `# text` comments.
    #[arg(long)]
    pub treebank: PathBuf,
    /// Print up to N missed and spurious token and sentence spans (for error analysis).
    #[arg(long, default_value_t = 0)]
    pub show_errors: usize,
}

fn line(name: &str, s: &Score) -> String {
    format!(
        "{name:<10} gold={:>6} predicted={:>6} correct={:>6}  P={:6.2} R={:6.2} F1={:6.2}",
        s.gold,
        s.predicted,
        s.correct,
        s.precision(),
        s.recall(),
        s.f1()
    )
}

/// Rebuilds the treebank's raw text, segments it and prints CoNLL 2018 scores; the last line
/// is `TOKENS_F1=… SENTENCES_F1=…`.
#[allow(clippy::print_stdout)]
pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let sents = sitrep_nlp::conllu::read(&a.treebank)
        .with_context(|| format!("reading {}", a.treebank.display()))?;
    let g = gold(&sents);
    anyhow::ensure!(
        !g.sentences.is_empty(),
        "{} has no sentences with `# text` comments",
        a.treebank.display()
    );
    let seg = Segmenter::new();
    let started = std::time::Instant::now();
    let r = evaluate(&seg, &g);
    let secs = started.elapsed().as_secs_f64();
    if a.show_errors > 0 {
        for (kind, is_gold, span) in r.errors.iter().take(a.show_errors) {
            let ctx_s = g.text.floor_char_boundary(span.start.saturating_sub(30));
            let ctx_e = g.text.ceil_char_boundary((span.end + 30).min(g.text.len()));
            let what = if *is_gold { "missed" } else { "spurious" };
            let shown = if kind == &"sentence" {
                let t = &g.text[span.clone()];
                let head: String = t.chars().take(60).collect();
                let tail: String = {
                    let v: Vec<char> = t.chars().rev().take(40).collect();
                    v.into_iter().rev().collect()
                };
                format!("{head} … {tail}")
            } else {
                format!("[{}] in {:?}", &g.text[span.clone()], &g.text[ctx_s..ctx_e])
            };
            println!("{kind} {what}: {}", shown.replace('\n', "⏎"));
        }
    }
    println!("treebank   {}", a.treebank.display());
    println!(
        "text       {} bytes, segmented in {:.3} s",
        g.text.len(),
        secs
    );
    println!("{}", line("Tokens", &r.tokens));
    println!("{}", line("Words", &r.words));
    println!("{}", line("Sentences", &r.sentences));
    println!(
        "TOKENS_F1={:.2} SENTENCES_F1={:.2}",
        r.tokens.f1(),
        r.sentences.f1()
    );
    Ok(ExitCode::SUCCESS)
}
