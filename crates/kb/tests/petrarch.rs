//! PETRARCH/TABARI import on a dictionary snippet written for this test (CAMEO format, invented
//! and well-known facts only), then loaded as an overlay.

#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;
use sitrep_kb::{EntryRef, Kb, petrarch};

const ACTORS: &str = "\
# test actors dictionary
ZEMBLA_  [ROM]
+ZEMBLAN_
MARTA_VELLAND_  # our own test person
\t[ROMGOV 950101-030101]
\t[ROMMIL >030101]
+M._VELLAND_
\t[ELI]
OSKAR_TRELL_ [ZARGOV 0501015-080101] [ZARLEG <050101]
COASTAL_WATCH_DIRECTORATE_ [ISLMIL]
+COASTWATCH_DIRECTORATE_
NORTHERN_SHORE_BRIGADES_(NSB)_ [ISLREB]
UN_HARBOUR_PANEL_ [IGOUNO]
MYSTERY_TRADERS_ [MNCBUS]
";

const AGENTS: &str = "\
# test agents dictionary
!PERSON! = MAN, WOMAN
HARBOUR!PERSON! [~MIL]
LIGHTHOUSE_KEEPER {LIGHTHOUSE_KEEPERS} [~GOV]
DOCK_MINISTRY [~GOVBUS]
CUSTOMS_AUTHORITY [~COP]
";

#[test]
fn imports_actor_and_agent_dictionaries() {
    let imp = petrarch::import([("actors.txt", ACTORS), ("agents.txt", AGENTS)]);
    let s = &imp.stats;
    assert_eq!(s.files, 2);
    assert_eq!(s.actor_entries, 7);
    assert_eq!(s.skipped_country_names, 1, "{s:?}");
    assert!(s.unknown_codes.contains_key("MNC"), "{s:?}");
    assert_eq!(s.bad_dates, 1, "{s:?}"); // the 7-digit date

    // Marta Velland: two dated tenures, ROM mapped to ROU; the undated [ELI] default dropped.
    let marta: Vec<_> = imp
        .people
        .iter()
        .filter(|p| p.name == "Marta Velland")
        .collect();
    assert_eq!(marta.len(), 2, "{:?}", imp.people);
    assert_eq!(marta[0].country, "ROU");
    assert_eq!(marta[0].sector, "GOV");
    assert_eq!(marta[0].start, NaiveDate::from_ymd_opt(1995, 1, 1));
    assert_eq!(marta[0].end, NaiveDate::from_ymd_opt(2003, 1, 1));
    assert_eq!((marta[1].sector.as_str(), marta[1].end), ("MIL", None));
    assert!(
        marta[0].aliases.contains(&"M. Velland".to_owned()),
        "{:?}",
        marta[0].aliases
    );
    // Oskar Trell: ZAR → COD, an open-start tenure survives the unreadable one.
    assert!(
        imp.people
            .iter()
            .any(|p| p.name == "Oskar Trell" && p.country == "COD" && p.sector == "LEG")
    );

    let inst = imp
        .institutions
        .iter()
        .find(|i| i.name == "Coastal Watch Directorate")
        .unwrap();
    assert_eq!(
        (inst.country.as_str(), inst.sector.as_str()),
        ("ISL", "MIL")
    );
    assert!(inst.aliases.contains(&"Coastwatch Directorate".to_owned()));
    let un = imp
        .institutions
        .iter()
        .find(|i| i.name == "UN Harbour Panel")
        .unwrap();
    assert_eq!((un.country.as_str(), un.sector.as_str()), ("UNO", "IGO"));
    let g = imp
        .groups
        .iter()
        .find(|g| g.name == "Northern Shore Brigades")
        .unwrap();
    assert_eq!(
        (g.sector.as_str(), g.countries.as_slice()),
        ("REB", &["ISL".to_owned()][..])
    );
    assert!(g.aliases.contains(&"NSB".to_owned()));
    assert!(!imp.institutions.iter().any(|i| i.name.contains("Mystery")));

    let nouns: Vec<&str> = imp.sector_nouns.iter().map(|n| n.noun.as_str()).collect();
    for n in [
        "harbourman",
        "harbourwoman",
        "lighthouse keeper",
        "lighthouse keepers",
        "dock ministry",
        "customs authority",
    ] {
        assert!(nouns.contains(&n), "{n} missing from {nouns:?}");
    }
    let dm = imp
        .sector_nouns
        .iter()
        .find(|n| n.noun == "dock ministry")
        .unwrap();
    assert_eq!(
        (dm.sector.as_str(), dm.kind.as_str()),
        ("GOV", "organization")
    );

    // The overlay loads and resolves at the document date.
    let dir = std::env::temp_dir().join(format!("sitrep-kb-petr-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let written = imp.write_overlay(&dir).unwrap();
    assert_eq!(written.len(), 4);
    let kb = Kb::with_overlay(&dir).unwrap();
    let text = "Marta Velland met a harbourman from the Coastal Watch Directorate.";
    let ms = kb.scan(text);
    let m = ms
        .iter()
        .find(|m| &text[m.start..m.end] == "Marta Velland")
        .unwrap();
    assert!(matches!(m.entry, EntryRef::Person(_)));
    let a = kb
        .actor_for(m, "Marta Velland", NaiveDate::from_ymd_opt(2001, 5, 1))
        .unwrap();
    assert_eq!(
        (a.country.as_deref(), a.sector.as_deref()),
        (Some("ROU"), Some("GOV"))
    );
    let a = kb
        .actor_for(m, "Marta Velland", NaiveDate::from_ymd_opt(2010, 5, 1))
        .unwrap();
    assert_eq!(a.sector.as_deref(), Some("MIL"));
    assert!(ms.iter().any(|m| &text[m.start..m.end] == "harbourman"));
    std::fs::remove_dir_all(&dir).ok();
}
