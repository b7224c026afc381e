//! `sitrep`: news in, event data out. A thin front end: argument parsing, files and terminals.
//! Everything else lives in the library crates under `crates/`.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod cmd;
mod examples;
mod picture;

// The pipeline allocates many small strings and vectors per sentence on every core; glibc's
// allocator spent about a tenth of ingest time on them.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Reads the news and writes event data: who did what to whom, when and where, who says so,
/// how sure they are, and who denies it.
#[derive(Parser)]
#[command(name = "sitrep", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Run the main job on the built-in example articles: code, store in SQLite, show the ledger.
    Demo(cmd::demo::Args),
    /// Code documents into records and print them.
    Extract(cmd::extract::Args),
    /// Show, per sentence, the parse, the entities and why each record was or was not produced.
    Explain(cmd::coder::ExplainArgs),
    /// List the coder's rules, show one, or count how often each fires on a corpus.
    Rules(cmd::rules::Args),
    /// Measure a stage against annotated data.
    Eval {
        #[command(subcommand)]
        what: EvalCmd,
    },
    /// Train a model from annotated data.
    Train {
        #[command(subcommand)]
        what: TrainCmd,
    },
    /// Measure speed.
    Bench {
        #[command(subcommand)]
        what: BenchCmd,
    },
    /// Inspect, lint and extend the knowledge base.
    Kb(cmd::kb::Args),
    /// Code documents and store them in a database.
    Ingest(cmd::db::IngestArgs),
    /// Re-code stored documents after a model or knowledge-base upgrade.
    Recode(cmd::db::RecodeArgs),
    /// Poll feeds and ingest what is new.
    Watch(cmd::db::WatchArgs),
    /// Query stored events.
    Query(cmd::db::QueryArgs),
    /// List stories: events from different documents that report the same happening.
    Stories(cmd::db::StoriesArgs),
    /// Export stored events.
    Export(cmd::db::ExportArgs),
    /// The arms-transfer ledger fused across the stored documents.
    Ledger(cmd::ledger::Args),
    /// Serve the workbench: REST API, web UI and reviews (loopback by default).
    Serve(cmd::serve::Args),
    /// Report on the store: `stats rules` gives each coder rule's precision from reviews.
    Stats(cmd::serve::StatsArgs),
}

#[derive(Subcommand)]
enum EvalCmd {
    /// Sentence and token segmentation against a UD treebank.
    Segment(cmd::eval_segment::Args),
    /// Tagger, lemmatiser and parser against a UD treebank.
    Nlp(cmd::nlp::EvalArgs),
    /// Named entities against an IOB2 file.
    Ner(cmd::ner::EvalArgs),
    /// Event types against the PLOVER gold-standard records.
    Plover(cmd::coder::EvalPloverArgs),
    /// ASSAULT recall against UCDP GED headlines.
    Ucdp(cmd::coder::EvalUcdpArgs),
}

#[derive(Subcommand)]
enum TrainCmd {
    /// Part-of-speech tagger and lemmatiser.
    Tagger(cmd::nlp::TrainArgs),
    /// Dependency parser.
    Parser(cmd::nlp::TrainArgs),
    /// Named-entity recogniser.
    Ner(cmd::ner::TrainArgs),
}

#[derive(Subcommand)]
enum BenchCmd {
    /// Tagger + parser throughput, single-threaded.
    Nlp(cmd::nlp::BenchArgs),
    /// Whole-pipeline throughput: raw text to records.
    Throughput(cmd::bench::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let res = match cli.cmd {
        Cmd::Demo(a) => cmd::demo::run(a),
        Cmd::Extract(a) => cmd::extract::run(a),
        Cmd::Explain(a) => cmd::coder::explain(a),
        Cmd::Rules(a) => cmd::rules::run(a),
        Cmd::Eval { what } => match what {
            EvalCmd::Segment(a) => cmd::eval_segment::run(a),
            EvalCmd::Nlp(a) => cmd::nlp::eval(a),
            EvalCmd::Ner(a) => cmd::ner::eval(a),
            EvalCmd::Plover(a) => cmd::coder::eval_plover(a),
            EvalCmd::Ucdp(a) => cmd::coder::eval_ucdp(a),
        },
        Cmd::Train { what } => match what {
            TrainCmd::Tagger(a) => cmd::nlp::train_tagger(a),
            TrainCmd::Parser(a) => cmd::nlp::train_parser(a),
            TrainCmd::Ner(a) => cmd::ner::train(a),
        },
        Cmd::Bench { what } => match what {
            BenchCmd::Nlp(a) => cmd::nlp::bench(a),
            BenchCmd::Throughput(a) => cmd::bench::run(a),
        },
        Cmd::Kb(a) => cmd::kb::run(a),
        Cmd::Ingest(a) => cmd::db::ingest(a),
        Cmd::Recode(a) => cmd::db::recode(a),
        Cmd::Watch(a) => cmd::db::watch(a),
        Cmd::Query(a) => cmd::db::query(a),
        Cmd::Ledger(a) => cmd::ledger::run(a),
        Cmd::Stories(a) => cmd::db::stories(a),
        Cmd::Export(a) => cmd::db::export(a),
        Cmd::Serve(a) => cmd::serve::run(a),
        Cmd::Stats(a) => cmd::serve::stats(a),
    };
    match res {
        Ok(code) => code,
        Err(e) => match cmd::failure_exit(&e) {
            None => ExitCode::SUCCESS,
            Some((code, msg)) => {
                #[allow(clippy::print_stderr)] // the one place a failed command is reported
                {
                    eprintln!("sitrep: error: {msg}");
                }
                ExitCode::from(code)
            }
        },
    }
}
