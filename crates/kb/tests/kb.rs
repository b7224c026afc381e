//! Knowledge-base tests with our own sentences. The fixture KB is the built-in states, aliases and
//! places plus the fixture tables in `tests/fixtures/overlay` (so these tests do not depend on the
//! tables other people are still writing); the built-in KB is tested for lint and smoke.

#![allow(clippy::unwrap_used, clippy::print_stdout, clippy::print_stderr)]

use std::path::PathBuf;

use chrono::NaiveDate;
use sitrep_kb::{EntryRef, Kb, KbMatch, Severity, StateHow};
use sitrep_record::ActorKind;

fn fixture_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/overlay")
}

fn fixture_kb() -> Kb {
    let dir = fixture_dir();
    let mut files: Vec<(String, String)> = vec![
        (
            "states.csv".into(),
            include_str!("../data/states.csv").into(),
        ),
        (
            "state_aliases.csv".into(),
            include_str!("../data/state_aliases.csv").into(),
        ),
        (
            "places.csv".into(),
            include_str!("../data/places.csv").into(),
        ),
    ];
    for f in sitrep_kb::TABLE_FILES {
        let p = dir.join(f);
        if p.is_file() {
            files.push((f.to_string(), std::fs::read_to_string(p).unwrap()));
        }
    }
    Kb::from_texts(files.iter().map(|(a, b)| (a.as_str(), b.as_str())))
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn find<'a>(ms: &'a [KbMatch], text: &str, surface: &str) -> &'a KbMatch {
    ms.iter()
        .find(|m| &text[m.start..m.end] == surface)
        .unwrap_or_else(|| panic!("{surface:?} not found in {:?}", surfaces(ms, text)))
}

fn surfaces(ms: &[KbMatch], text: &str) -> Vec<String> {
    ms.iter().map(|m| text[m.start..m.end].to_owned()).collect()
}

fn state_of(m: &KbMatch) -> (&str, StateHow) {
    match &m.entry {
        EntryRef::State { iso3, how, .. } => (iso3.as_str(), *how),
        e => panic!("not a state: {e:?}"),
    }
}

#[test]
fn states_by_name_short_name_adjective_demonym() {
    let kb = fixture_kb();
    let t = "N. Korea and the DPRK said South Korean troops and North Koreans met near the border, \
             while the United States and Britain watched.";
    let ms = kb.scan(t);
    assert_eq!(state_of(find(&ms, t, "N. Korea")), ("PRK", StateHow::Name));
    assert_eq!(state_of(find(&ms, t, "DPRK")), ("PRK", StateHow::Name));
    assert_eq!(
        state_of(find(&ms, t, "South Korean")),
        ("KOR", StateHow::Adjective)
    );
    assert_eq!(
        state_of(find(&ms, t, "North Koreans")),
        ("PRK", StateHow::Demonym)
    );
    assert_eq!(
        state_of(find(&ms, t, "United States")),
        ("USA", StateHow::Name)
    );
    assert_eq!(state_of(find(&ms, t, "Britain")), ("GBR", StateHow::Name));
    // Longest match: "South Korean" is not "South Korea" + "n".
    assert!(!surfaces(&ms, t).contains(&"South Korea".to_owned()));
}

#[test]
fn capitalisation_rules() {
    let kb = fixture_kb();
    let t = "Let us order turkey and a china plate; the chad fell off while jordan almonds sat by the georgia peach.";
    let ms = kb.scan(t);
    let states: Vec<_> = ms
        .iter()
        .filter(|m| matches!(m.entry, EntryRef::State { .. }))
        .collect();
    assert!(
        states.is_empty(),
        "lower-case words matched states: {:?}",
        surfaces(&ms, t)
    );
    let t2 = "US officials met Chad's envoy; Turkey, China, Jordan and Georgia sent notes. NORTH KOREA FIRES MISSILE";
    let ms2 = kb.scan(t2);
    for (s, iso) in [
        ("US", "USA"),
        ("Chad", "TCD"),
        ("Turkey", "TUR"),
        ("China", "CHN"),
        ("Jordan", "JOR"),
        ("Georgia", "GEO"),
        ("NORTH KOREA", "PRK"),
    ] {
        assert_eq!(state_of(find(&ms2, t2, s)).0, iso, "{s}");
    }
}

#[test]
fn capitals_and_metonyms() {
    let kb = fixture_kb();
    let t = "Pyongyang rejected the claim; the Kremlin and the Pentagon disagreed, and the White House, \
             Zhongnanhai and Downing Street stayed silent while Kyiv and Kiev were both mentioned.";
    let ms = kb.scan(t);
    let m = find(&ms, t, "Pyongyang");
    assert_eq!(state_of(m), ("PRK", StateHow::Capital));
    let a = kb.actor_for(m, "Pyongyang", None).unwrap();
    assert_eq!(
        (a.kind, a.country.as_deref(), a.sector.as_deref()),
        (ActorKind::State, Some("PRK"), Some("GOV"))
    );
    let m = find(&ms, t, "Pentagon");
    assert_eq!(state_of(m), ("USA", StateHow::Metonym));
    assert_eq!(
        kb.actor_for(m, "Pentagon", None).unwrap().sector.as_deref(),
        Some("MIL")
    );
    assert_eq!(state_of(find(&ms, t, "Kremlin")).0, "RUS");
    assert_eq!(state_of(find(&ms, t, "White House")).0, "USA");
    assert_eq!(state_of(find(&ms, t, "Zhongnanhai")).0, "CHN");
    assert_eq!(state_of(find(&ms, t, "Downing Street")).0, "GBR");
    assert_eq!(state_of(find(&ms, t, "Kyiv")), ("UKR", StateHow::Capital));
    assert_eq!(state_of(find(&ms, t, "Kiev")).0, "UKR");
    // The capital is also a city in the gazetteer.
    let m = find(&ms, t, "Pyongyang");
    assert!(
        m.alternatives
            .iter()
            .any(|e| matches!(e, EntryRef::Place(_))),
        "{:?}",
        m.alternatives
    );
}

#[test]
fn institutions_igos_groups() {
    let kb = fixture_kb();
    let t = "The NIS told lawmakers that the CIA and the IRGC had met; the U.N. Security Council, NATO \
             and the EU condemned the Houthis, also known as Ansar Allah, and the Wagner Group.";
    let ms = kb.scan(t);
    let m = find(&ms, t, "NIS");
    assert_eq!(m.entry, EntryRef::Institution("kor-nis".into()));
    let a = kb.actor_for(m, "NIS", None).unwrap();
    assert_eq!(
        (a.country.as_deref(), a.sector.as_deref(), a.kind),
        (Some("KOR"), Some("SPY"), ActorKind::Organization)
    );
    assert_eq!(
        find(&ms, t, "CIA").entry,
        EntryRef::Institution("usa-cia".into())
    );
    assert_eq!(
        find(&ms, t, "U.N. Security Council").entry,
        EntryRef::Igo("unsc".into())
    );
    let a = kb.actor_for(find(&ms, t, "NATO"), "NATO", None).unwrap();
    assert_eq!(a.country.as_deref(), Some("NATO"));
    assert_eq!(find(&ms, t, "EU").entry, EntryRef::Igo("eu".into()));
    let m = find(&ms, t, "Ansar Allah");
    assert_eq!(m.entry, EntryRef::Group("houthis".into()));
    let a = kb.actor_for(m, "Ansar Allah", None).unwrap();
    assert_eq!(
        (a.kind, a.country.as_deref(), a.sector.as_deref()),
        (ActorKind::Group, Some("YEM"), Some("REB"))
    );
    assert_eq!(
        find(&ms, t, "Houthis").entry,
        EntryRef::Group("houthis".into())
    );
    let a = kb
        .actor_for(find(&ms, t, "Wagner Group"), "Wagner Group", None)
        .unwrap();
    assert_eq!(
        (a.kind, a.sector.as_deref()),
        (ActorKind::Organization, Some("PMC"))
    );
    // Sector nouns with regular plurals added by the compiler.
    let m = find(&ms, t, "lawmakers");
    assert_eq!(m.entry, EntryRef::SectorNoun("lawmaker".into()));
    assert_eq!(
        kb.actor_for(m, "lawmakers", None)
            .unwrap()
            .sector
            .as_deref(),
        Some("LEG")
    );
}

#[test]
fn people_by_date() {
    let kb = fixture_kb();
    let t = "Putin met Kim in Pyongyang.";
    let ms = kb.scan(t);
    let putin = find(&ms, t, "Putin");
    let kim = find(&ms, t, "Kim");
    let at = |m: &KbMatch, s: &str, date: &str| kb.actor_for(m, s, Some(d(date))).unwrap();
    let a = at(putin, "Putin", "2005-03-01");
    assert_eq!(
        (a.name.as_str(), a.country.as_deref(), a.id.as_deref()),
        ("Vladimir Putin", Some("RUS"), Some("putin"))
    );
    assert_eq!(
        kb.person("Putin", Some(d("2010-06-01"))).unwrap().role,
        "head_of_government"
    );
    assert_eq!(
        kb.person("Putin", Some(d("2024-06-01"))).unwrap().id,
        "putin-3"
    );
    assert_eq!(kb.person("putin", None).unwrap().id, "putin-3");
    assert_eq!(at(kim, "Kim", "2005-01-01").name, "Kim Jong Il");
    assert_eq!(at(kim, "Kim", "2024-06-19").name, "Kim Jong Un");
    assert_eq!(kb.person_tenures("putin").len(), 3);
    // "the president" once the country is known.
    assert_eq!(
        kb.office_holder("RUS", "head_of_state", Some(d("2010-01-01")))
            .unwrap()
            .name,
        "Dmitry Medvedev"
    );
    assert_eq!(
        kb.office_holder("RUS", "head_of_state", Some(d("2013-01-01")))
            .unwrap()
            .name,
        "Vladimir Putin"
    );
    assert_eq!(
        kb.office_holder("KOR", "head_of_state", Some(d("2023-01-01")))
            .unwrap()
            .name,
        "Yoon Suk Yeol"
    );
    assert_eq!(
        kb.office_holder("KOR", "head_of_state", None).unwrap().name,
        "Lee Jae-myung"
    );
    assert!(
        kb.office_holder("KOR", "head_of_state", Some(d("2025-05-01")))
            .is_none()
    );
}

#[test]
fn weapons() {
    let kb = fixture_kb();
    let t = "It shipped Hwasong-11 missiles, Geran-2 kamikaze drones, artillery shells, rocket launchers and shells.";
    let ms = kb.scan(t);
    let m = find(&ms, t, "Hwasong-11");
    assert_eq!(m.entry, EntryRef::WeaponSystem("kn-23".into()));
    let w = kb.weapon_system("kn-23").unwrap();
    assert_eq!(
        (w.origin.as_deref(), w.category.as_str()),
        (Some("PRK"), "missile.ballistic.srbm")
    );
    assert_eq!(
        find(&ms, t, "Geran-2").entry,
        EntryRef::WeaponSystem("shahed-136".into())
    );
    assert_eq!(
        find(&ms, t, "kamikaze drones").entry,
        EntryRef::WeaponNoun("kamikaze drone".into())
    );
    assert_eq!(
        kb.weapon_code(&find(&ms, t, "artillery shells").entry),
        Some("ammunition.artillery")
    );
    assert_eq!(
        find(&ms, t, "rocket launchers").entry,
        EntryRef::WeaponNoun("rocket launcher".into())
    );
    assert_eq!(
        find(&ms, t, "shells").entry,
        EntryRef::WeaponNoun("shell".into())
    );
    assert!(Kb::is_below("missile.ballistic.srbm", "missile"));
    assert!(Kb::is_below("missile", "missile"));
    assert!(!Kb::is_below("missile_x", "missile"));
    assert!(!Kb::is_below("missile", "missile.ballistic"));
    assert_eq!(
        kb.weapon_category("uav.loitering").unwrap().label,
        "loitering munitions"
    );
    assert!(kb.actor_for(m, "Hwasong-11", None).is_none());
}

#[test]
fn places() {
    let kb = fixture_kb();
    let t = "Shelling hit Kharkiv and Odesa overnight, and later Busan and Mosul.";
    let ms = kb.scan(t);
    for (s, iso) in [
        ("Kharkiv", "UKR"),
        ("Odesa", "UKR"),
        ("Busan", "KOR"),
        ("Mosul", "IRQ"),
    ] {
        let m = find(&ms, t, s);
        let EntryRef::Place(id) = &m.entry else {
            panic!("{s}: {:?}", m.entry)
        };
        let p = kb.place(id).unwrap();
        assert_eq!((p.country.as_str(), p.kind.as_str()), (iso, "city"), "{s}");
        assert!(p.lat.is_some() && p.lon.is_some());
    }
    let c = kb.country_place("KOR").unwrap();
    assert_eq!(c.kind, "country");
    let (lat, lon) = (c.lat.unwrap(), c.lon.unwrap());
    assert!(
        (33.0..39.0).contains(&lat) && (124.0..132.0).contains(&lon),
        "{lat},{lon}"
    );
    // Exonyms from the generator.
    let ms = kb.scan("Fighting near Kharkov.");
    assert!(matches!(ms[0].entry, EntryRef::Place(_)));
}

#[test]
fn lint_catches_problems() {
    let kb = Kb::from_texts([
        (
            "states.csv",
            "iso3,iso2,name\nAAA,AA,Aland\nBBB,BB,Borduria\n",
        ),
        (
            "state_aliases.csv",
            "iso3,aliases,adjectives,demonyms,capitals,metonyms\nAAA,Alandia,,,,\nBBB,Alandia,,,,\n",
        ),
        (
            "people.csv",
            "id,name,aliases,country,role,sector,start,end\n\
             a-1,A One,,AAA,head_of_state,GOV,2001-01-01,2005-01-01\n\
             b-1,B Two,,AAA,head_of_state,GOV,2004-01-01,\n\
             c-1,C Three,,ZZZ,other,GOV,2010-13-01,\n\
             d-1,D Four,,BBB,other,GOV,2010-01-01,2009-01-01\n",
        ),
        (
            "weapon_taxonomy.csv",
            "code,label,description\nmissile.cruise,cruise,\n",
        ),
        (
            "weapon_systems.csv",
            "id,designation,aliases,category,origin,notes\nx-1,X-1,,missile.bogus,AAA,\n",
        ),
        (
            "institutions.csv",
            "id,name,aliases,country,sector\nbad row without enough\n",
        ),
    ]);
    let issues = kb.lint();
    let has = |code: &str, needle: &str| {
        issues
            .iter()
            .any(|i| i.code == code && i.message.contains(needle))
    };
    assert!(has("kb.alias_conflict", "Alandia"), "{issues:#?}");
    assert!(has("kb.tenure_overlap", "a-1"), "{issues:#?}");
    assert!(has("kb.dangling", "ZZZ"), "{issues:#?}");
    assert!(has("kb.date", "2010-13-01"), "{issues:#?}");
    assert!(has("kb.date", "d-1"), "{issues:#?}");
    assert!(has("kb.dangling", "missile.bogus"), "{issues:#?}");
    assert!(has("kb.dangling", "missile"), "{issues:#?}");
    assert!(
        issues
            .iter()
            .any(|i| i.file.as_deref() == Some("institutions.csv") && i.line == Some(2)),
        "{issues:#?}"
    );
    assert!(kb.first_load_error().is_some());
}

#[test]
fn overlay_merges_over_builtin() {
    let dir = std::env::temp_dir().join(format!("sitrep-kb-overlay-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("institutions.csv"),
        "id,name,aliases,country,sector\ntst-coastwatch,Coastal Watch Directorate,Coastwatch Directorate,ISL,MIL\n",
    )
    .unwrap();
    // Replace a built-in state alias row: Iceland gets an extra capital spelling.
    std::fs::write(
        dir.join("state_aliases.csv"),
        "iso3,aliases,adjectives,demonyms,capitals,metonyms\nISL,Iceland|Republic of Iceland,Icelandic,Icelanders,Reykjavik|Reykjavík|Reykjavikurborg,\n",
    )
    .unwrap();
    let kb = Kb::with_overlay(&dir).unwrap();
    let base = Kb::builtin().unwrap();
    assert_eq!(kb.institutions().len(), base.institutions().len() + 1);
    let t = "The Coastal Watch Directorate said Reykjavikurborg agreed.";
    let ms = kb.scan(t);
    assert_eq!(
        find(&ms, t, "Coastal Watch Directorate").entry,
        EntryRef::Institution("tst-coastwatch".into())
    );
    assert_eq!(state_of(find(&ms, t, "Reykjavikurborg")).0, "ISL");
    assert_eq!(kb.states().len(), base.states().len());
    assert!(
        base.scan(t)
            .iter()
            .all(|m| m.entry != EntryRef::Institution("tst-coastwatch".into()))
    );
    std::fs::remove_dir_all(&dir).ok();
    assert!(Kb::with_overlay(&dir).is_err());
}

#[test]
fn builtin_lints_clean() {
    let kb = Kb::builtin().unwrap();
    let issues = kb.lint();
    let errors: Vec<_> = issues
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .collect();
    let warnings = issues.len() - errors.len();
    println!("kb lint: {} errors, {warnings} warnings", errors.len());
    assert!(
        errors.is_empty(),
        "{} lint errors, first: {:#?}",
        errors.len(),
        &errors[..errors.len().min(20)]
    );
}

#[test]
fn builtin_smoke_and_load_time() {
    let t0 = std::time::Instant::now();
    let kb = Kb::builtin().unwrap();
    let ms = t0.elapsed().as_millis();
    let s = kb.stats();
    println!("builtin load {ms} ms: {s:?}");
    assert!(s.states >= 249, "{s:?}");
    assert!(s.states_with_aliases >= 120, "{s:?}");
    assert!(s.places > 10_000, "{s:?}");
    assert!(kb.state("PRK").is_some() && kb.state("KP").is_some());
    let t = "Seoul and Pyongyang traded accusations.";
    let m = kb.scan(t);
    assert_eq!(m.len(), 2);
    // Generous bound for unoptimised or loaded machines; the bench measures the real figure.
    assert!(ms < 3000, "load took {ms} ms");
}

mod props {
    use super::*;
    use proptest::prelude::*;
    use std::sync::OnceLock;

    fn kb() -> &'static Kb {
        static K: OnceLock<Kb> = OnceLock::new();
        K.get_or_init(fixture_kb)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]
        #[test]
        fn spans_on_char_boundaries_and_disjoint(
            s in "(\\PC|[ .,'’-]|US|Korea|North Korean|Kim|shells|NIS|é){0,40}"
        ) {
            let ms = kb().scan(&s);
            let mut last = 0usize;
            for m in &ms {
                prop_assert!(m.start < m.end);
                prop_assert!(m.start >= last);
                prop_assert!(s.is_char_boundary(m.start) && s.is_char_boundary(m.end));
                last = m.end;
            }
        }
    }
}

#[test]
fn an_article_gives_way_to_a_longer_name_after_it() {
    let kb = Kb::builtin().expect("built-in kb");
    let t =
        "Kenya asked the United Nations Security Council to act, and the United Nations agreed.";
    let ms = kb.scan(t);
    assert_eq!(
        find(&ms, t, "United Nations Security Council").entry,
        EntryRef::Igo("unsc".into())
    );
    // Without a longer name after it, the article stays in the mention.
    assert_eq!(
        find(&ms, t, "the United Nations").entry,
        EntryRef::Igo("un".into())
    );
}
