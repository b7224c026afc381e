//! `explain` and the event-coder evaluations.

use std::process::ExitCode;

/// Arguments (not yet implemented).
#[derive(clap::Args)]
pub struct ExplainArgs {}

/// Not yet implemented.
pub fn explain(_a: ExplainArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not implemented yet")
}

/// Arguments (not yet implemented).
#[derive(clap::Args)]
pub struct EvalPloverArgs {}

/// Not yet implemented.
pub fn eval_plover(_a: EvalPloverArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not implemented yet")
}

/// Arguments (not yet implemented).
#[derive(clap::Args)]
pub struct EvalUcdpArgs {}

/// Not yet implemented.
pub fn eval_ucdp(_a: EvalUcdpArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not implemented yet")
}
