//! Database commands: ingest, recode, watch, query, stories, export.

use std::process::ExitCode;

/// Arguments (not yet implemented).
#[derive(clap::Args)]
pub struct IngestArgs {}

/// Not yet implemented.
pub fn ingest(_a: IngestArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not implemented yet")
}

/// Arguments (not yet implemented).
#[derive(clap::Args)]
pub struct RecodeArgs {}

/// Not yet implemented.
pub fn recode(_a: RecodeArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not implemented yet")
}

/// Arguments (not yet implemented).
#[derive(clap::Args)]
pub struct WatchArgs {}

/// Not yet implemented.
pub fn watch(_a: WatchArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not implemented yet")
}

/// Arguments (not yet implemented).
#[derive(clap::Args)]
pub struct QueryArgs {}

/// Not yet implemented.
pub fn query(_a: QueryArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not implemented yet")
}

/// Arguments (not yet implemented).
#[derive(clap::Args)]
pub struct StoriesArgs {}

/// Not yet implemented.
pub fn stories(_a: StoriesArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not implemented yet")
}

/// Arguments (not yet implemented).
#[derive(clap::Args)]
pub struct ExportArgs {}

/// Not yet implemented.
pub fn export(_a: ExportArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not implemented yet")
}
