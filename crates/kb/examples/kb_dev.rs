//! Development helper mirroring `sitrep kb generate|stats|import-petrarch` without building the
//! whole binary: `cargo run -p sitrep-kb --example kb_dev -- generate|stats|import FILE... OUT`.

#![allow(clippy::print_stdout, clippy::unwrap_used)]

use std::path::{Path, PathBuf};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    match args.first().map(String::as_str) {
        Some("generate") => {
            let shared = std::env::var_os("SITREP_SHARED")
                .map(PathBuf::from)
                .unwrap_or_else(|| manifest.join("../../../shared"));
            let r = sitrep_kb::generate::generate_all(
                Path::new("/usr/share/iso-codes/json"),
                &shared.join("data/GeoNames_cities15000"),
                &manifest.join("data"),
            )?;
            for (p, b, n) in r.files {
                println!("{} {b} bytes {n} rows", p.display());
            }
        }
        Some("stats") => {
            let t = std::time::Instant::now();
            let kb = match std::env::var_os("KB_OVERLAY") {
                Some(d) => sitrep_kb::Kb::with_overlay(Path::new(&d))?,
                None => sitrep_kb::Kb::builtin()?,
            };
            println!("load {:.1} ms", t.elapsed().as_secs_f64() * 1e3);
            println!("{:#?}", kb.stats());
            let issues = kb.lint();
            for i in &issues {
                if i.severity == sitrep_kb::Severity::Error
                    || args.get(1).is_some_and(|a| a == "-w")
                {
                    println!("{i}");
                }
            }
            let e = issues
                .iter()
                .filter(|i| i.severity == sitrep_kb::Severity::Error)
                .count();
            println!("lint: {e} errors, {} warnings", issues.len() - e);
        }
        Some("load") => {
            let n: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(10);
            let t = std::time::Instant::now();
            for _ in 0..n {
                let kb = sitrep_kb::Kb::builtin()?;
                std::hint::black_box(&kb);
            }
            println!(
                "{n} loads, {:.1} ms wall each",
                t.elapsed().as_secs_f64() * 1e3 / n as f64
            );
        }
        Some("scanbench") => {
            let kb = sitrep_kb::Kb::builtin()?;
            let para = "Officials in Seoul said on Tuesday that North Korea had shipped artillery shells and KN-23 missiles to Russia, according to the National Intelligence Service. The Kremlin denied it, while the Pentagon and NATO said the transfers violated UN Security Council resolutions. The weather was mild and markets were calm, and the minister said talks would continue next week in Geneva.\n";
            let text = para.repeat(2000);
            let t = std::time::Instant::now();
            let mut n = 0;
            for _ in 0..5 {
                n += kb.scan(&text).len();
            }
            let secs = t.elapsed().as_secs_f64();
            println!(
                "{n} matches, {:.1} MB/s wall",
                5.0 * text.len() as f64 / secs / 1e6
            );
        }
        Some("lookup") => {
            let kb = sitrep_kb::Kb::builtin()?;
            let text = &args[1];
            let date = args
                .get(2)
                .map(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap());
            for m in kb.scan(text) {
                println!(
                    "{:?} {:?} {:?}",
                    &text[m.start..m.end],
                    m.entry,
                    kb.actor_for(&m, &text[m.start..m.end], date)
                );
            }
        }
        Some("import") => {
            let (out, files) = args[1..].split_last().unwrap();
            let texts: Vec<(String, String)> = files
                .iter()
                .map(|f| {
                    (
                        f.clone(),
                        String::from_utf8_lossy(&std::fs::read(f).unwrap()).into_owned(),
                    )
                })
                .collect();
            let imp =
                sitrep_kb::petrarch::import(texts.iter().map(|(a, b)| (a.as_str(), b.as_str())));
            std::fs::create_dir_all(out)?;
            for (p, n) in imp.write_overlay(Path::new(out))? {
                println!("{} {n}", p.display());
            }
            println!("{}", imp.summary());
        }
        _ => println!("usage: kb_dev generate|stats [-w]|lookup TEXT [DATE]|import FILE... OUTDIR"),
    }
    Ok(())
}
