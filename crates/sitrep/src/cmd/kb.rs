//! `sitrep kb`: knowledge-base tools.

use std::process::ExitCode;

/// Arguments (not yet implemented).
#[derive(clap::Args)]
pub struct Args {}

/// Not yet implemented.
pub fn run(_a: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not implemented yet")
}
