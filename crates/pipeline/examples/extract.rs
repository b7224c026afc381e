//! Minimal extractor for development: `cargo run -p sitrep-pipeline --example extract -- FILE...`
//! prints one JSON record per file (the same as `sitrep extract --format jsonl`).
#![allow(clippy::print_stdout, clippy::print_stderr)]

use sitrep_doc::LoadOptions;
use sitrep_pipeline::{Options, Pipeline};

fn main() {
    let p = match Pipeline::load(&Options::default()) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("load: {e}");
            return;
        }
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let explain = args.first().is_some_and(|a| a == "--explain");
    for path in args.iter().skip(usize::from(explain)) {
        let Ok(bytes) = std::fs::read(path) else {
            eprintln!("cannot read {path}");
            continue;
        };
        if explain {
            let Ok(a) = p.analyse(&bytes, &LoadOptions::default()) else {
                continue;
            };
            let (_, tr) = p.coder().explain(&p.input(&a));
            for t in tr {
                println!("[s{}] {}", t.index, t.text);
                println!("  tokens: {}", t.words.join(" "));
                println!("  entities: {:?}", t.entities);
                println!("  kb: {:?}", t.kb);
                for x in t
                    .actors
                    .iter()
                    .chain(&t.weapons)
                    .chain(&t.times)
                    .chain(&t.triggers)
                {
                    println!("  {x}");
                }
            }
            continue;
        }
        match p.extract(&bytes, &LoadOptions::default()) {
            Ok(r) => println!("{}", serde_json::to_string(&r).unwrap_or_default()),
            Err(e) => eprintln!("{path}: {e}"),
        }
    }
}
