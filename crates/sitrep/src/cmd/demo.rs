//! `sitrep demo`: the main job on the built-in example articles — code them, store them in an
//! embedded SQLite file, print their events and the fused arms-transfer ledger, and draw the
//! ledger (network of fused rows) and the timeline.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use sitrep_doc::LoadOptions;
use sitrep_pipeline::{Options, Pipeline};
use sitrep_store::{NewDocument, Query, WriteOp};

/// Arguments of `sitrep demo`.
#[derive(clap::Args)]
pub struct Args {
    /// SQLite file to (re)create.
    #[arg(long, default_value = "sitrep-demo.db")]
    pub db: PathBuf,
    /// Where to write the ledger picture (SVG).
    #[arg(long, default_value = "sitrep-demo-ledger.svg")]
    pub svg: PathBuf,
    /// Where to write the timeline of all events (SVG).
    #[arg(long, default_value = "sitrep-demo-timeline.svg")]
    pub timeline: PathBuf,
}

/// Runs the demo.
pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let pipeline = Pipeline::load(&Options::default()).context("loading models")?;
    // A fresh file each time, so the demo always shows what this build codes.
    for suffix in ["", "-wal", "-shm"] {
        let mut p = a.db.clone().into_os_string();
        p.push(suffix);
        let _ = std::fs::remove_file(p);
    }
    let db = a.db.to_string_lossy().into_owned();
    let mut store = sitrep_store::open(&db).with_context(|| format!("opening {db}"))?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let opts = LoadOptions {
        source: Some("sitrep examples".to_owned()),
        ..LoadOptions::default()
    };
    for (name, text) in crate::examples::EXAMPLES {
        let record = pipeline
            .extract(text.as_bytes(), &opts)
            .with_context(|| name.to_owned())?;
        super::extract::write_table(&mut out, &format!("examples/{name}"), &record)?;
        writeln!(out)?;
        store.write(&[WriteOp::Document(NewDocument {
            record,
            body: text.as_bytes().to_vec(),
            input: format!("examples/{name}"),
        })])?;
    }
    // The fused ledger, as `sitrep ledger` shows it, read back from the store's claims.
    let rows = super::ledger::rows(store.as_mut(), &super::ledger::Args::all(&db))?;
    writeln!(out, "# arms-transfer ledger, fused across documents ({db})")?;
    super::ledger::write_table(&mut out, &rows)?;
    std::fs::write(&a.svg, crate::picture::fused_network(&rows))
        .map_err(|e| super::output_err(&a.svg, e))?;
    let hits = store.query(&Query::default())?;
    let events: Vec<&sitrep_record::Event> = hits.iter().map(|h| &h.event).collect();
    std::fs::write(&a.timeline, crate::picture::timeline(&events))
        .map_err(|e| super::output_err(&a.timeline, e))?;
    let c = store.counts()?;
    writeln!(
        out,
        "\nstored {} documents, {} events, {} ledger rows in {db}; ledger picture: {}; timeline: {}",
        c.documents,
        c.events,
        rows.len(),
        a.svg.display(),
        a.timeline.display()
    )?;
    writeln!(out, "try: sitrep query --db {db} --type AID --format table")?;
    writeln!(out, "     sitrep ledger --db {db} --embargo --format csv")?;
    Ok(ExitCode::SUCCESS)
}
