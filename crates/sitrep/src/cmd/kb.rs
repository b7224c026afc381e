//! `sitrep kb`: knowledge-base tools (stats, lint, lookup, PETRARCH import, table generation).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use sitrep_kb::{Kb, Severity};

/// Arguments of `sitrep kb`.
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    cmd: KbCmd,
}

#[derive(clap::Subcommand)]
enum KbCmd {
    /// Count the rows of each table.
    Stats {
        /// Overlay directory merged over the built-in KB.
        #[arg(long)]
        kb: Option<PathBuf>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Check the KB for malformed rows, alias conflicts, dangling codes and overlapping tenures.
    Lint {
        /// Overlay directory merged over the built-in KB.
        #[arg(long)]
        kb: Option<PathBuf>,
        /// Also print warnings.
        #[arg(long)]
        warnings: bool,
    },
    /// Show what the matcher finds in TEXT.
    Lookup {
        /// Text to scan.
        text: String,
        /// Document date (YYYY-MM-DD) for people's tenures.
        #[arg(long)]
        date: Option<String>,
        /// Overlay directory merged over the built-in KB.
        #[arg(long)]
        kb: Option<PathBuf>,
    },
    /// Turn PETRARCH/TABARI actor and agent dictionaries into overlay CSVs.
    ImportPetrarch {
        /// Dictionary files (actors or agents).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Output overlay directory (created).
        #[arg(long)]
        out: PathBuf,
    },
    /// Regenerate states.csv and places.csv from iso-codes and GeoNames.
    Generate {
        /// iso-codes JSON directory.
        #[arg(long, default_value = "/usr/share/iso-codes/json")]
        iso_codes: PathBuf,
        /// GeoNames cities15000 directory (default: $SITREP_SHARED/data/GeoNames_cities15000).
        #[arg(long)]
        geonames: Option<PathBuf>,
        /// Output directory (default: crates/kb/data of this source tree).
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

/// Prints a producer's names, home state, parent, sector and systems (made and licence-built).
#[allow(clippy::print_stdout)]
fn print_producer(k: &Kb, key: &str) {
    for r in k.producer_rows(key) {
        let dates = match (r.valid_from, r.valid_to) {
            (None, None) => String::new(),
            (a, b) => format!(
                " [{}..{}]",
                a.map(|d| d.to_string()).unwrap_or_default(),
                b.map(|d| d.to_string()).unwrap_or_default()
            ),
        };
        println!(
            "    producer {} {:?}{dates} home={} sector={} parent={}",
            r.id,
            r.name,
            r.country,
            r.sector,
            r.parent.as_deref().unwrap_or("-")
        );
        if !r.aliases.is_empty() {
            println!("      aliases {}", r.aliases.join(" | "));
        }
    }
    let names = |v: Vec<&sitrep_kb::WeaponSystem>| {
        v.iter()
            .map(|w| w.designation.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (made, lic) = k.producer_systems(key);
    if !made.is_empty() {
        println!("      systems ({}) {}", made.len(), names(made));
    }
    if !lic.is_empty() {
        println!("      licensed ({}) {}", lic.len(), names(lic));
    }
}

/// Prints who makes a weapon system and who builds it under licence.
#[allow(clippy::print_stdout)]
fn print_system_makers(k: &Kb, id: &str) {
    if let Some(p) = k.system_producer(id) {
        println!("    producer {} {:?} home={}", p.key(), p.name, p.country);
    }
    for p in k.system_licensees(id) {
        println!("    licensed {} {:?} home={}", p.key(), p.name, p.country);
    }
}

fn load(dir: Option<&Path>) -> anyhow::Result<Kb> {
    Ok(match dir {
        Some(d) => {
            Kb::with_overlay(d).with_context(|| format!("loading overlay {}", d.display()))?
        }
        None => Kb::builtin()?,
    })
}

/// Runs `sitrep kb`.
#[allow(clippy::print_stdout, clippy::print_stderr)]
pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    match a.cmd {
        KbCmd::Stats { kb, json } => {
            let t = std::time::Instant::now();
            let k = load(kb.as_deref())?;
            let ms = t.elapsed().as_secs_f64() * 1e3;
            let s = k.stats();
            if json {
                println!("{}", serde_json::to_string_pretty(&s)?);
            } else {
                println!("states               {}", s.states);
                println!("states with aliases  {}", s.states_with_aliases);
                println!("state aliases        {}", s.state_aliases);
                println!("institutions         {}", s.institutions);
                println!(
                    "producers            {} ({} names)",
                    s.producers, s.producer_names
                );
                println!("igos                 {}", s.igos);
                println!("groups               {}", s.groups);
                println!(
                    "people               {} ({} tenures)",
                    s.people, s.people_tenures
                );
                println!("sector nouns         {}", s.sector_nouns);
                println!("weapon categories    {}", s.weapon_categories);
                println!(
                    "weapon systems       {} ({} with a producer, {} licence-built)",
                    s.weapon_systems, s.systems_with_producer, s.systems_licensed
                );
                println!("weapon nouns         {}", s.weapon_nouns);
                println!("places               {}", s.places);
                println!("matcher patterns     {}", s.patterns);
                println!("load time            {ms:.1} ms");
            }
            Ok(ExitCode::SUCCESS)
        }
        KbCmd::Lint { kb, warnings } => {
            let k = load(kb.as_deref())?;
            let issues = k.lint();
            let errors = issues
                .iter()
                .filter(|i| i.severity == Severity::Error)
                .count();
            let warns = issues.len() - errors;
            for i in &issues {
                if i.severity == Severity::Error || warnings {
                    println!("{i}");
                }
            }
            eprintln!("kb lint: {errors} error(s), {warns} warning(s)");
            Ok(if errors == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        KbCmd::Lookup { text, date, kb } => {
            let k = load(kb.as_deref())?;
            let date = date
                .map(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d"))
                .transpose()
                .context("--date must be YYYY-MM-DD")?;
            for m in k.scan(&text) {
                let surface = &text[m.start..m.end];
                let actor = k.actor_for(&m, surface, date);
                let extra = match &m.entry {
                    sitrep_kb::EntryRef::WeaponSystem(_) | sitrep_kb::EntryRef::WeaponNoun(_) => {
                        k.weapon_code(&m.entry).map(|c| format!("category={c}"))
                    }
                    sitrep_kb::EntryRef::Place(id) => k
                        .place(id)
                        .map(|p| format!("{} {} {:?},{:?}", p.kind, p.country, p.lat, p.lon)),
                    _ => None,
                };
                println!(
                    "{}..{} {:?} {}",
                    m.start,
                    m.end,
                    surface,
                    serde_json::to_string(&m.entry)?
                );
                if let Some(a) = actor {
                    println!("    actor {}", serde_json::to_string(&a)?);
                }
                if let Some(x) = extra {
                    println!("    {x}");
                }
                if !m.alternatives.is_empty() {
                    println!("    also {}", serde_json::to_string(&m.alternatives)?);
                }
                match &m.entry {
                    sitrep_kb::EntryRef::Producer(key) => print_producer(&k, key),
                    sitrep_kb::EntryRef::WeaponSystem(id) => print_system_makers(&k, id),
                    _ => {}
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        KbCmd::ImportPetrarch { files, out } => {
            std::fs::create_dir_all(&out).with_context(|| format!("creating {}", out.display()))?;
            let mut texts = Vec::new();
            for f in &files {
                let b = std::fs::read(f).with_context(|| format!("reading {}", f.display()))?;
                texts.push((
                    f.display().to_string(),
                    String::from_utf8_lossy(&b).into_owned(),
                ));
            }
            let imp =
                sitrep_kb::petrarch::import(texts.iter().map(|(n, t)| (n.as_str(), t.as_str())));
            let written = imp.write_overlay(&out)?;
            for (f, n) in &written {
                println!("wrote {n:>6} rows  {}", f.display());
            }
            println!("{}", imp.summary());
            Ok(ExitCode::SUCCESS)
        }
        KbCmd::Generate {
            iso_codes,
            geonames,
            out,
        } => {
            let geonames = geonames.unwrap_or_else(|| {
                let shared = std::env::var_os("SITREP_SHARED")
                    .map(PathBuf::from)
                    .unwrap_or_else(|| {
                        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
                    });
                shared.join("data/GeoNames_cities15000")
            });
            let out =
                out.unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../kb/data"));
            let r = sitrep_kb::generate::generate_all(&iso_codes, &geonames, &out)?;
            for (p, bytes, rows) in r.files {
                println!("wrote {rows:>6} rows {bytes:>9} bytes  {}", p.display());
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
