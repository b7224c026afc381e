//! NER training and evaluation.

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
pub fn train(_a: TrainArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not implemented yet")
}
