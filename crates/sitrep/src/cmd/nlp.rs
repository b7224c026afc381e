//! Tagger/parser training, evaluation and benchmark.

use std::process::ExitCode;

/// Arguments (not yet implemented).
#[derive(clap::Args)]
pub struct EvalArgs {}

/// Not yet implemented.
pub fn eval(_a: EvalArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not implemented yet")
}

/// Arguments (not yet implemented).
#[derive(clap::Args)]
pub struct TrainArgs {}

/// Not yet implemented.
pub fn train_tagger(_a: TrainArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not implemented yet")
}

/// Not yet implemented.
pub fn train_parser(_a: TrainArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not implemented yet")
}

/// Arguments (not yet implemented).
#[derive(clap::Args)]
pub struct BenchArgs {}

/// Not yet implemented.
pub fn bench(_a: BenchArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not implemented yet")
}
