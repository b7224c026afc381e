//! `sitrep kb lookup` and `sitrep kb lint` as a user runs them: a producer shows its names,
//! home state and systems; the lint reports systems without a producer (warnings) and unknown
//! producer ids (errors, exit 1).

#![allow(clippy::unwrap_used)]

mod support;

use sitrep_kb::Kb;
use support::sitrep;

#[test]
fn lookup_shows_a_producer_with_its_systems() {
    let out = sitrep(&["kb", "lookup", "Kongsberg"]);
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("producer nor-kongsberg") && text.contains("home=NOR"),
        "{text}"
    );
    let kb = Kb::shared();
    let (made, _) = kb.producer_systems("nor-kongsberg");
    assert!(!made.is_empty());
    let line = text
        .lines()
        .find(|l| l.trim_start().starts_with("systems ("))
        .unwrap_or_else(|| panic!("no systems line in {text}"));
    for w in made {
        assert!(
            line.contains(&w.designation),
            "{} missing: {line}",
            w.designation
        );
    }
}

#[test]
fn lint_reports_systems_without_a_producer() {
    let out = sitrep(&["kb", "lint", "--warnings"]);
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("0 error(s)"), "{stderr}");
    let kb = Kb::shared();
    let without = kb
        .weapon_systems()
        .iter()
        .filter(|w| w.producer.is_none())
        .count();
    let reported = text
        .lines()
        .filter(|l| l.contains("kb.no_producer"))
        .count();
    assert_eq!(reported, without, "{text}");
}

#[test]
fn lint_fails_on_an_unknown_producer() {
    let dir = std::env::temp_dir().join(format!("sitrep-kb-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("weapon_systems.csv"),
        "id,designation,aliases,category,origin,producer,licensed,notes\n\
         zz-test-1,ZZ-Test-1,,missile,USA,usa-no-such-maker,,\n",
    )
    .unwrap();
    let out = sitrep(&["kb", "lint", "--kb", dir.to_str().unwrap()]);
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("kb.dangling") && text.contains("usa-no-such-maker"),
        "{text}"
    );
}
