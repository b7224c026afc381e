//! Weapon systems and their makers: the `producer` and `licensed` columns of
//! `weapon_systems.csv`, their lint (unknown producer ids are errors, a maker based outside the
//! system's origin is a warning) and `Kb::system_producers`. Built-in facts are checked on
//! systems whose makers are not in doubt; the lint rules on small tables of our own.

#![allow(clippy::unwrap_used, clippy::print_stdout)]

use std::collections::HashMap;

use sitrep_kb::{EntryRef, Kb, Severity};

fn builtin() -> &'static Kb {
    Kb::shared()
}

/// The maker's key and the licensees' keys of a built-in system.
fn makers(id: &str) -> (String, Vec<String>) {
    let p = builtin()
        .system_producers(id)
        .unwrap_or_else(|| panic!("no system {id}"));
    let maker = p.maker.map(|m| m.key().to_owned()).unwrap_or_default();
    (
        maker,
        p.licensed.iter().map(|l| l.key().to_owned()).collect(),
    )
}

#[test]
fn licence_builds_name_their_licensees() {
    let (m, l) = makers("su-30");
    assert_eq!(m, "rus-sukhoi");
    assert!(l.contains(&"ind-hal".to_owned()), "{l:?}");
    let (m, l) = makers("k9-thunder");
    assert_eq!(m, "kor-hanwha-aerospace");
    for k in ["ind-larsen-toubro", "pol-huta-stalowa-wola", "tur-mkek"] {
        assert!(l.contains(&k.to_owned()), "K9 licensee {k} missing: {l:?}");
    }
    let (m, l) = makers("leopard-2");
    assert_eq!(m, "deu-knds-deutschland");
    assert!(l.contains(&"esp-santa-barbara".to_owned()), "{l:?}");
    let (m, l) = makers("krab");
    assert_eq!(m, "pol-huta-stalowa-wola");
    assert!(l.is_empty(), "{l:?}");
}

#[test]
fn makers_by_kind_of_system() {
    for (id, maker) in [
        ("f-16", "usa-lockheed-aeronautics"),
        ("patriot", "usa-raytheon-missiles"),
        ("bayraktar-tb2", "tur-baykar"),
        ("shahed-136", "irn-shahed-aviation"),
        ("caesar", "fra-knds-france"),
        ("type-055", "chn-jiangnan"),
        ("virginia-class", "usa-electric-boat"),
        ("ak-74", "rus-kalashnikov"),
        ("iris-t", "deu-diehl"),
        ("choe-hyon", "prk-nampo-shipyard"),
    ] {
        assert_eq!(makers(id).0, maker, "{id}");
    }
}

#[test]
fn unknown_system_has_no_makers() {
    assert!(builtin().system_producers("no-such-system").is_none());
    // A known system without a producer gives an empty answer, not `None`.
    let kb = small_kb("x-1,X-1,,missile,USA,,,\n");
    let p = kb.system_producers("x-1").unwrap();
    assert!(p.maker.is_none() && p.licensed.is_empty());
}

#[test]
fn table_size_and_coverage() {
    let kb = builtin();
    let s = kb.stats();
    println!(
        "systems {} with producer {} licensed {}",
        s.weapon_systems, s.systems_with_producer, s.systems_licensed
    );
    assert!(s.weapon_systems >= 2000, "{s:?}");
    assert!(
        s.systems_with_producer * 10 >= s.weapon_systems * 8,
        "{s:?}"
    );
    assert!(s.systems_licensed >= 60, "{s:?}");
    let mut by_top: HashMap<&str, usize> = HashMap::new();
    for w in kb.weapon_systems() {
        let top = w.category.split('.').next().unwrap_or("");
        *by_top.entry(top).or_default() += 1;
    }
    for top in [
        "aircraft",
        "uav",
        "missile",
        "air_defence",
        "artillery",
        "armoured_vehicle",
        "naval",
        "small_arms",
        "light_weapons",
        "ammunition",
        "sensors",
        "engines",
        "military_equipment",
    ] {
        let n = by_top.get(top).copied().unwrap_or(0);
        assert!(n >= 20, "only {n} systems under {top}");
    }
}

#[test]
fn every_producer_id_resolves() {
    let kb = builtin();
    for w in kb.weapon_systems() {
        for p in w.producer.iter().chain(&w.licensed) {
            assert!(kb.producer(p).is_some(), "{}: unknown producer {p}", w.id);
        }
    }
    let dangling: Vec<_> = kb
        .lint()
        .into_iter()
        .filter(|i| i.code == "kb.dangling" && i.file.as_deref() == Some("weapon_systems.csv"))
        .collect();
    assert!(dangling.is_empty(), "{dangling:#?}");
}

#[test]
fn makers_mostly_sit_in_the_origin_state() {
    // Joint programmes and foreign-built classes are legitimate exceptions; a flood of them
    // would mean producers were attached to the wrong systems.
    let kb = builtin();
    let away = kb
        .lint()
        .into_iter()
        .filter(|i| i.code == "kb.producer_home")
        .count();
    let with = kb.stats().systems_with_producer;
    println!("{away} of {with} makers based outside the origin state");
    assert!(away * 25 <= with, "{away} of {with}");
}

#[test]
fn news_names_find_the_system() {
    let kb = builtin();
    let text = "Warsaw ordered more Krab howitzers, India flies the Su-30MKI, \
                Taiwan buys the F-16 Block 70 and Pyongyang launched the Choe Hyon destroyer.";
    let found: Vec<(String, String)> = kb
        .scan(text)
        .into_iter()
        .filter_map(|m| match m.entry {
            EntryRef::WeaponSystem(id) => Some((text[m.start..m.end].to_owned(), id)),
            _ => None,
        })
        .collect();
    for (surface, id) in [
        ("Krab", "krab"),
        ("Su-30MKI", "su-30"),
        ("F-16 Block 70", "f-16"),
        ("Choe Hyon destroyer", "choe-hyon"),
    ] {
        assert!(
            found.iter().any(|(s, i)| s.starts_with(surface) && i == id),
            "{surface} -> {id} not in {found:?}"
        );
    }
}

#[test]
fn ordinary_words_are_not_systems() {
    // Capitalised ordinary words and names that some system is called by in full
    // ("Sea Wolf missile", "Zephyr") must not match on their own.
    let kb = builtin();
    let text = "Shadow ministers met. Enforcer, Scalpel, Extra and Sirius. The Sea Wolf \
                swam past Hawkeye and Sarath at Atlantico.";
    let hits: Vec<_> = kb
        .scan(text)
        .into_iter()
        .filter(|m| matches!(m.entry, EntryRef::WeaponSystem(_)))
        .map(|m| text[m.start..m.end].to_owned())
        .collect();
    assert!(hits.is_empty(), "{hits:?}");
}

/// A KB of the built-in states, three producers and the given weapon rows.
fn small_kb(systems: &str) -> Kb {
    let producers = "id,name,aliases,country,parent,sector,valid_from,valid_to,notes\n\
                     usa-acme,Acme Arms,,USA,,BUS,,,\n\
                     pol-vistula,Vistula Works,,POL,,BUS,,,\n\
                     kor-hanbit,Hanbit Heavy,,KOR,,BUS,,,\n";
    let weapons =
        format!("id,designation,aliases,category,origin,producer,licensed,notes\n{systems}");
    Kb::from_texts([
        ("states.csv", include_str!("../data/states.csv")),
        (
            "weapon_taxonomy.csv",
            "code,label,description\nmissile,Missile,\nartillery,Artillery,\n",
        ),
        ("producers.csv", producers),
        ("weapon_systems.csv", weapons.as_str()),
    ])
}

#[test]
fn lint_checks_producer_ids_and_home_states() {
    let kb = small_kb(
        "a-1,A-1,,missile,USA,usa-acme,pol-vistula;kor-hanbit,\n\
         b-2,B-2X,,artillery,KOR,usa-acme,,joint programme\n\
         c-3,C-3,,missile,USA,usa-nobody,pol-nowhere,\n",
    );
    let issues = kb.lint();
    let has = |code: &str, sev: Severity, what: &str| {
        issues
            .iter()
            .any(|i| i.code == code && i.severity == sev && i.message.contains(what))
    };
    // `;` and `|` both separate licensees.
    let l: Vec<_> = kb
        .system_producers("a-1")
        .unwrap()
        .licensed
        .iter()
        .map(|p| p.key().to_owned())
        .collect();
    assert_eq!(l, ["pol-vistula", "kor-hanbit"]);
    assert!(
        has("kb.dangling", Severity::Error, "usa-nobody"),
        "{issues:#?}"
    );
    assert!(
        has("kb.dangling", Severity::Error, "pol-nowhere"),
        "{issues:#?}"
    );
    assert!(
        has("kb.producer_home", Severity::Warning, "b-2"),
        "{issues:#?}"
    );
    assert!(
        !has("kb.producer_home", Severity::Warning, "a-1"),
        "{issues:#?}"
    );
    assert!(!issues.iter().any(|i| i.severity == Severity::Error
        && (i.message.starts_with("a-1") || i.message.starts_with("b-2"))));
}

#[test]
fn lint_reports_systems_without_a_producer() {
    let kb = small_kb(
        "a-1,A-1,,missile,USA,usa-acme,,\n\
         d-4,D-4,,artillery,POL,,,maker not public\n\
         e-5,E-5,,missile,KOR,,,\n",
    );
    let issues = kb.lint();
    let no_producer: Vec<&str> = issues
        .iter()
        .filter(|i| i.code == "kb.no_producer")
        .map(|i| i.message.as_str())
        .collect();
    assert_eq!(no_producer.len(), 2, "{no_producer:?}");
    assert!(
        no_producer
            .iter()
            .any(|m| m.starts_with("d-4") && m.contains("maker not public")),
        "{no_producer:?}"
    );
    assert!(
        no_producer
            .iter()
            .any(|m| m.starts_with("e-5") && m.contains("no reason")),
        "{no_producer:?}"
    );
    assert!(
        issues
            .iter()
            .filter(|i| i.code == "kb.no_producer")
            .all(|i| i.severity == Severity::Warning)
    );
}

#[test]
fn builtin_systems_without_a_producer_say_why() {
    // A system is left without a maker only when its notes say why (unknown, several
    // makers, multinational); an empty producer with empty notes is an unfinished row.
    let kb = builtin();
    let bare: Vec<&str> = kb
        .weapon_systems()
        .iter()
        .filter(|w| w.producer.is_none() && w.notes.is_empty())
        .map(|w| w.id.as_str())
        .collect();
    assert!(bare.is_empty(), "no producer and no reason: {bare:?}");
}
