//! One snapshot per page layout: every file in `tests/fixtures/` is loaded and its title,
//! date, dateline, residue and body regions are rendered.

use sitrep_doc::{Document, LoadOptions};

fn render(bytes: &[u8]) -> String {
    let d = match Document::load(bytes, &LoadOptions::default()) {
        Ok(d) => d,
        Err(e) => return format!("error: {}\n", e.code()),
    };
    let mut out = String::new();
    out.push_str(&format!("title: {:?}\n", d.title));
    out.push_str(&format!(
        "published: {:?}\n",
        d.published.map(|p| p.to_string())
    ));
    out.push_str(&format!("dateline: {:?}\n", d.dateline));
    for w in &d.warnings {
        out.push_str(&format!("warning: {w}\n"));
    }
    for (r, why) in &d.residue {
        out.push_str(&format!("residue ({why}): {:?}\n", &d.text[r.clone()]));
    }
    for r in &d.body {
        out.push_str(&format!("body: {:?}\n", &d.text[r.clone()]));
    }
    out
}

#[test]
fn fixtures() {
    insta::glob!("fixtures/*.txt", |path| {
        let bytes = std::fs::read(path).expect("fixture readable");
        insta::assert_snapshot!(render(&bytes));
    });
}

#[test]
fn options_override() {
    let page = b"Harbour Officials Say Ships Left\n\nTue Mar 05 2024\n\nThree grain ships left the port on Tuesday under naval escort, harbour officials said on the quay.\n";
    let opts = LoadOptions {
        title: Some("Given title".into()),
        published: chrono::NaiveDate::from_ymd_opt(2024, 1, 2),
        ..LoadOptions::default()
    };
    let d = Document::load(page, &opts).expect("loads");
    assert_eq!(d.title.as_deref(), Some("Given title"));
    assert_eq!(
        d.published.map(|p| p.to_string()).as_deref(),
        Some("2024-01-02")
    );
}

/// The reference story from the shared folder, when present (its text is not copied here).
#[test]
#[allow(clippy::print_stdout)]
fn shared_seed_article() {
    let root = std::env::var_os("SITREP_SHARED")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared"))
        });
    let path = root.join("examples/seed/article.txt");
    let Ok(bytes) = std::fs::read(&path) else {
        println!("skipped: {} not found (set SITREP_SHARED)", path.display());
        return;
    };
    let d = Document::load(&bytes, &LoadOptions::default()).expect("loads");
    assert!(d.title.is_some());
    assert!(d.published.is_some());
    assert_eq!(d.dateline.as_deref(), Some("SEOUL"));
    // No body region holds share-button words.
    assert!(d.body.iter().all(|r| !d.text[r.clone()].contains("icon-")));
}
