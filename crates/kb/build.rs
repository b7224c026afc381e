//! Embeds the data files that exist: several tables are written by other hands and may be absent
//! while they are being written, and a missing file must mean an empty table, not a build error.

use std::{env, fs, path::PathBuf};

/// The table files of the knowledge base, in load order.
const FILES: &[&str] = &[
    "states.csv",
    "states_extra.csv",
    "state_aliases.csv",
    "places.csv",
    "people.csv",
    "institutions.csv",
    "producers.csv",
    "sector_nouns.csv",
    "igos.csv",
    "groups.csv",
    "weapon_taxonomy.csv",
    "weapon_systems.csv",
    "weapon_nouns.csv",
];

fn main() {
    let dir =
        PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR")).join("data");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut out = String::from(
        "/// Built-in table texts (file name, contents); absent files are empty.\npub(crate) const BUILTIN: &[(&str, &str)] = &[\n",
    );
    for f in FILES {
        let p = dir.join(f);
        println!("cargo:rerun-if-changed={}", p.display());
        if p.is_file() {
            out.push_str(&format!(
                "    ({f:?}, include_str!({:?})),\n",
                p.display().to_string()
            ));
        } else {
            out.push_str(&format!("    ({f:?}, \"\"),\n"));
        }
    }
    out.push_str("];\n");
    let dest = PathBuf::from(env::var("OUT_DIR").expect("OUT_DIR")).join("builtin_data.rs");
    fs::write(dest, out).expect("write builtin_data.rs");
}
