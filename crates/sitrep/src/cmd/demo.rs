//! `sitrep demo`: the main job on the built-in example articles — code them, store them in an
//! embedded SQLite file, print their events and the arms-transfer ledger, and draw the ledger.

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
    let hits = store.query(&Query::default())?;
    writeln!(out, "# arms-transfer ledger ({db})")?;
    writeln!(
        out,
        "{:<8} {:<8} {:<44} {:<11} {:<10} {:<14} {:<20} flags",
        "supplier", "recipient", "items", "since", "transport", "certainty", "claimed by"
    )?;
    for h in &hits {
        let e = &h.event;
        let Some(t) = &e.transfer else { continue };
        let who = |x: &Option<sitrep_record::Actor>| {
            x.as_ref().map_or("?".to_owned(), |a| {
                a.country.clone().unwrap_or_else(|| a.name.clone())
            })
        };
        let items: Vec<String> = t
            .items
            .iter()
            .map(|i| match &i.quantity {
                Some(q) => format!("{} {}", q.text, i.category),
                None => i.category.clone(),
            })
            .collect();
        let claimed: Vec<String> = e.attribution.iter().map(|x| x.name.clone()).collect();
        let flags: Vec<String> = e.flags.iter().filter_map(|f| f.basis.clone()).collect();
        writeln!(
            out,
            "{:<8} {:<8} {:<44} {:<11} {:<10} {:<14} {:<20} {}",
            who(&t.supplier),
            who(&t.recipient),
            items.join(", "),
            e.date.as_ref().map_or("-", |d| d.start.as_str()),
            if t.transport.is_empty() {
                "-".to_owned()
            } else {
                t.transport.join("+")
            },
            format!(
                "{}{}",
                if e.negated { "not " } else { "" },
                e.certainty.level.as_str()
            ),
            if claimed.is_empty() {
                "(outlet)".to_owned()
            } else {
                claimed.join(" < ")
            },
            flags.join("; ")
        )?;
    }
    let events: Vec<&sitrep_record::Event> = hits.iter().map(|h| &h.event).collect();
    std::fs::write(&a.svg, crate::picture::transfer_network(&events))
        .map_err(|e| super::output_err(&a.svg, e))?;
    std::fs::write(&a.timeline, crate::picture::timeline(&events))
        .map_err(|e| super::output_err(&a.timeline, e))?;
    let c = store.counts()?;
    writeln!(
        out,
        "\nstored {} documents, {} events in {db}; ledger picture: {}; timeline: {}",
        c.documents,
        c.events,
        a.svg.display(),
        a.timeline.display()
    )?;
    writeln!(out, "try: sitrep query --db {db} --type AID --format table")?;
    Ok(ExitCode::SUCCESS)
}
