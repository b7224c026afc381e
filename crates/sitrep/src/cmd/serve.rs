//! `sitrep serve` (the workbench: API, web UI, reviews), and the two commands that read the
//! reviews it collects: `sitrep export --reviews` (transfer gold) and `sitrep stats rules`
//! (each coder rule's precision).
// Commands report on the terminal by design.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use sitrep_store::review::{self, RuleStat};
use sitrep_store::{Query, Store};

/// Arguments of `sitrep serve`.
#[derive(clap::Args)]
pub struct Args {
    /// SQLite file or `postgres://…`.
    #[arg(long, default_value = "sitrep.db")]
    pub db: String,
    /// Address and port to listen on. Loopback by default: put a reverse proxy in front to
    /// share it.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,
    /// File holding the write token (one line). Without it the server is read-only.
    #[arg(long)]
    pub token_file: Option<PathBuf>,
    /// Store connections (concurrent queries).
    #[arg(long, default_value_t = 4)]
    pub connections: usize,
}

fn read_token(p: &Path) -> anyhow::Result<String> {
    let t = std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?;
    let t = t.trim().to_owned();
    anyhow::ensure!(
        t.len() >= 16,
        "{}: a write token needs at least 16 characters",
        p.display()
    );
    Ok(t)
}

/// Runs `sitrep serve` until interrupted.
pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let mut config = sitrep_serve::Config::new(a.db.clone());
    config.connections = a.connections;
    config.token = a.token_file.as_deref().map(read_token).transpose()?;
    if !a.bind.ip().is_loopback() {
        eprintln!(
            "sitrep: warning: listening on {} (not loopback): anyone who can reach it can read the store",
            a.bind
        );
    }
    let mode = if config.token.is_some() {
        "reviews need the write token"
    } else {
        "read-only"
    };
    let app = sitrep_serve::App::open(config)
        .map_err(|e| anyhow::anyhow!("{}: {}: {e}", a.db, e.code()))?;
    sitrep_serve::serve_blocking(app, a.bind, |addr| {
        // Tests and scripts read this line to find the port (with --bind 127.0.0.1:0).
        eprintln!("sitrep: serving {} on http://{addr}/ ({mode})", a.db);
    })
    .with_context(|| format!("serving on {}", a.bind))?;
    Ok(ExitCode::SUCCESS)
}

fn code_err(e: sitrep_store::StoreError) -> anyhow::Error {
    anyhow::anyhow!("{}: {e}", e.code())
}

/// `sitrep export --reviews`: one gold line per reviewed document
/// (`shared/spec/transfer-gold.md`), the reviewers' edits applied, wrong claims left out.
pub fn export_reviews(store: &mut dyn Store, out: &mut dyn Write) -> anyhow::Result<usize> {
    let reviews = store.reviews(None).map_err(code_err)?;
    let mut docs: Vec<&str> = reviews.iter().map(|r| r.document.as_str()).collect();
    docs.sort_unstable();
    docs.dedup();
    for id in &docs {
        let Some(d) = store.document(id).map_err(code_err)? else {
            continue;
        };
        let q = Query {
            document: Some((*id).to_owned()),
            ..Query::default()
        };
        let events: Vec<_> = store
            .query(&q)
            .map_err(code_err)?
            .into_iter()
            .map(|h| h.event)
            .collect();
        let mine: Vec<_> = reviews
            .iter()
            .filter(|r| r.document == *id)
            .cloned()
            .collect();
        let gold = review::gold_document(&d.meta, &events, &mine);
        serde_json::to_writer(&mut *out, &gold)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(docs.len())
}

/// Arguments of `sitrep stats`.
#[derive(clap::Args)]
pub struct StatsArgs {
    /// What to report.
    #[command(subcommand)]
    pub what: StatsCmd,
}

/// What `sitrep stats` reports.
#[derive(clap::Subcommand)]
pub enum StatsCmd {
    /// Each coder rule's precision over the reviewed events it took part in.
    Rules(RuleStatsArgs),
}

/// Arguments of `sitrep stats rules`.
#[derive(clap::Args)]
pub struct RuleStatsArgs {
    /// SQLite file or `postgres://…`.
    #[arg(long, default_value = "sitrep.db")]
    pub db: String,
    /// Print JSON lines instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// The registry rule a `why` tag names: the tag itself (`src:subject-left`) or the tag less
/// its role prefixes (`src:item-origin` is written by `item-origin`). Tags no rule owns (the
/// trigger tag `AID:v`, `src:parse:nsubj`) are reported as they are, with stage `-`.
fn registry_rule(tag: &str) -> Option<&'static sitrep_coder::rules::Rule> {
    let mut t = tag;
    loop {
        if let Some(r) = sitrep_coder::rules::find(t) {
            return Some(r);
        }
        t = t.split_once(':')?.1;
    }
}

fn rule_name(tag: &str) -> String {
    registry_rule(tag).map_or_else(|| tag.to_owned(), |r| r.name.to_owned())
}

fn stage_of(name: &str) -> &'static str {
    sitrep_coder::rules::find(name).map_or("-", |r| r.stage.as_str())
}

/// Runs `sitrep stats`.
pub fn stats(a: StatsArgs) -> anyhow::Result<ExitCode> {
    let StatsCmd::Rules(a) = a.what;
    let mut store =
        sitrep_store::open(&a.db).map_err(|e| anyhow::anyhow!("{}: {}: {e}", a.db, e.code()))?;
    let reviews = store.reviews(None).map_err(code_err)?;
    let stats = review::rule_stats_by(&reviews, &rule_name);
    let mut out = std::io::stdout().lock();
    if a.json {
        for s in &stats {
            let mut v = serde_json::to_value(s)?;
            v["precision"] = s.precision().into();
            v["stage"] = stage_of(&s.rule).into();
            writeln!(out, "{v}")?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    print_table(&mut out, &stats)?;
    eprintln!(
        "sitrep: {} reviews; a rule's precision = events marked correct / events reviewed \
         (an edit counts as not correct); stage '-' = a trigger or note tag, not a registry rule",
        reviews.len()
    );
    Ok(ExitCode::SUCCESS)
}

fn print_table(out: &mut dyn Write, stats: &[RuleStat]) -> std::io::Result<()> {
    let w = stats.iter().map(|s| s.rule.len()).max().unwrap_or(4).max(4);
    writeln!(
        out,
        "{:<w$}  {:<11} {:>8} {:>7} {:>5} {:>6} {:>9}",
        "rule", "stage", "reviewed", "correct", "wrong", "edited", "precision"
    )?;
    for s in stats {
        writeln!(
            out,
            "{:<w$}  {:<11} {:>8} {:>7} {:>5} {:>6} {:>9.3}",
            s.rule,
            stage_of(&s.rule),
            s.reviewed,
            s.correct,
            s.wrong,
            s.edited,
            s.precision()
        )?;
    }
    Ok(())
}
