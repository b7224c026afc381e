//! Generators of the machine-made tables: `states.csv` from Debian iso-codes (ISO 3166-1) and
//! `places.csv` from iso-codes (ISO 3166-1 and first-level ISO 3166-2 subdivisions) plus GeoNames
//! cities15000 (CC BY 4.0). The outputs are committed; `sitrep kb generate` re-runs this.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::KbError;

/// Cities kept: at least this many inhabitants, or a national capital.
pub const MIN_CITY_POPULATION: u64 = 50_000;

/// City names that are ordinary English words: capitalised at a sentence start they would match
/// far more often as words than as places.
const CITY_STOPLIST: &[&str] = &[
    "Mobile",
    "Reading",
    "Bath",
    "Nice",
    "Split",
    "Male",
    "Van",
    "Bar",
    "Hope",
    "Mission",
    "Sale",
    "Orange",
    "Independence",
    "Deal",
    "Union",
    "Marks",
    "Most",
    "Much",
    "Gap",
    "Bury",
    "Street",
    "Police",
    "Ede",
    "Of",
    "Temple",
    "Tyre",
    "Enterprise",
    "Surprise",
    "Paradise",
    "Commerce",
    "Liberty",
    "Victoria",
    "Florence",
    "Aurora",
    "Pace",
    "Laval",
    "Eagle",
    "Gary",
    "Troy",
    "Concord",
    "Columbia",
    "Kent",
    "Wolf",
];

/// Subdivision names too generic to stand alone; they get their type appended
/// ("Northern" → "Northern Province").
const GENERIC_REGION: &[&str] = &[
    "central",
    "northern",
    "southern",
    "eastern",
    "western",
    "north",
    "south",
    "east",
    "west",
    "capital",
    "centre",
    "center",
    "coast",
    "upper",
    "lower",
    "islands",
    "lakes",
    "north east",
    "north west",
    "south east",
    "south west",
    "north-east",
    "north-west",
    "south-east",
    "south-west",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "east central",
    "west central",
    "interior",
    "littoral",
    "plateau",
    "plateaux",
    "savanes",
    "mountain",
    "national capital",
    "capital district",
    "highlands",
    "north central",
    "south central",
    "far north",
    "red sea",
    "middle",
    "federal",
];

/// English exonyms news copy uses for cities whose GeoNames name differs.
const EXONYMS: &[(&str, &str, &str)] = &[
    ("UA", "Kyiv", "Kiev"),
    ("UA", "Kharkiv", "Kharkov"),
    ("UA", "Odesa", "Odessa"),
    ("UA", "Mykolaiv", "Nikolaev|Mykolayiv"),
    ("UA", "Zaporizhzhia", "Zaporizhzhya|Zaporozhye"),
    ("UA", "Dnipro", "Dnipropetrovsk|Dnepr"),
    ("UA", "Luhansk", "Lugansk"),
    ("UA", "Kherson", ""),
    ("UA", "Lviv", "Lvov"),
    ("IN", "Mumbai", "Bombay"),
    ("IN", "Kolkata", "Calcutta"),
    ("IN", "Chennai", "Madras"),
    ("IN", "Bengaluru", "Bangalore"),
    ("MM", "Yangon", "Rangoon"),
    ("CN", "Guangzhou", "Canton"),
    ("VN", "Ho Chi Minh City", "Saigon"),
    ("IL", "Jerusalem", "Al-Quds"),
    ("YE", "Sanaa", "Sana'a|Sana"),
    ("SY", "Aleppo", "Halab"),
    ("IQ", "Mosul", ""),
    ("PS", "Gaza", "Gaza City"),
    ("RU", "Saint Petersburg", "St. Petersburg|St Petersburg"),
    ("TR", "Istanbul", "Constantinople"),
];

/// English names news copy uses for first-level subdivisions, by ISO 3166-2 code.
const REGION_ALIASES: &[(&str, &str)] = &[
    ("UA-43", "Crimea|Crimean Peninsula"),
    ("UA-14", "Donetsk region|Donetsk Oblast"),
    ("UA-09", "Luhansk region|Luhansk Oblast|Lugansk region"),
    ("UA-23", "Zaporizhzhia region|Zaporizhzhia Oblast"),
    ("UA-65", "Kherson region|Kherson Oblast"),
    ("UA-63", "Kharkiv region|Kharkiv Oblast"),
    ("RU-BEL", "Belgorod region|Belgorod Oblast"),
    ("RU-KRS", "Kursk region|Kursk Oblast"),
    ("RU-BRY", "Bryansk region|Bryansk Oblast"),
    ("PS-GZA", "Gaza Strip|Gaza"),
    ("SY-HL", "Aleppo province|Aleppo Governorate"),
    ("SY-ID", "Idlib province|Idlib Governorate|Idlib"),
    ("IQ-NI", "Nineveh|Nineveh province"),
    ("SD-DN", "North Darfur"),
    ("YE-HD", "Hadramout|Hadramawt"),
    ("YE-HU", "Hodeidah province"),
];

fn read_json(path: &Path) -> Result<Value, KbError> {
    let text = std::fs::read_to_string(path).map_err(|source| KbError::Io {
        path: path.display().to_string(),
        source,
    })?;
    serde_json::from_str(&text).map_err(|e| KbError::Json {
        path: path.display().to_string(),
        message: e.to_string(),
    })
}

fn s<'a>(v: &'a Value, k: &str) -> &'a str {
    v.get(k).and_then(Value::as_str).unwrap_or("")
}

fn csv_line(cells: &[&str]) -> String {
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    // Writing to a Vec cannot fail on I/O; a failure here would be a csv bug, so fall back to
    // an empty line rather than panic.
    if w.write_record(cells).is_err() {
        return String::from("\n");
    }
    w.into_inner()
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .unwrap_or_else(|| String::from("\n"))
}

/// Strips Latin diacritics for an ASCII alias ("São Paulo" → "Sao Paulo"); `None` if the name
/// has characters outside the small Latin table or is already ASCII.
pub fn ascii_fold(name: &str) -> Option<String> {
    if name.is_ascii() {
        return None;
    }
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii() {
            out.push(c);
            continue;
        }
        let r = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
            'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'Ā' | 'Ă' | 'Ą' => "A",
            'ç' | 'ć' | 'č' | 'ĉ' | 'ċ' => "c",
            'Ç' | 'Ć' | 'Č' => "C",
            'ď' | 'đ' => "d",
            'Ď' | 'Đ' => "D",
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
            'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ė' | 'Ę' | 'Ě' => "E",
            'ğ' | 'ģ' => "g",
            'Ğ' | 'Ģ' => "G",
            'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => "i",
            'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' | 'İ' => "I",
            'ķ' => "k",
            'Ķ' => "K",
            'ł' | 'ľ' | 'ĺ' | 'ļ' => "l",
            'Ł' | 'Ľ' | 'Ĺ' | 'Ļ' => "L",
            'ñ' | 'ń' | 'ň' | 'ņ' => "n",
            'Ñ' | 'Ń' | 'Ň' | 'Ņ' => "N",
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
            'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō' | 'Ő' => "O",
            'ř' | 'ŕ' => "r",
            'Ř' | 'Ŕ' => "R",
            'ś' | 'š' | 'ş' | 'ș' => "s",
            'Ś' | 'Š' | 'Ş' | 'Ș' => "S",
            'ß' => "ss",
            'ť' | 'ţ' | 'ț' => "t",
            'Ť' | 'Ţ' | 'Ț' => "T",
            'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => "u",
            'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ū' | 'Ů' | 'Ű' | 'Ų' => "U",
            'ý' | 'ÿ' => "y",
            'Ý' | 'Ÿ' => "Y",
            'ź' | 'ż' | 'ž' => "z",
            'Ź' | 'Ż' | 'Ž' => "Z",
            'æ' => "ae",
            'Æ' => "AE",
            'œ' => "oe",
            'Œ' => "OE",
            'þ' => "th",
            'ð' => "d",
            '\u{2019}' | '\u{2018}' | 'ʻ' | 'ʼ' | '`' => "'",
            _ => return None,
        };
        out.push_str(r);
    }
    Some(out)
}

/// `states.csv` from iso-codes' `iso_3166-1.json`: `iso3,iso2,name,official_name,common_name`.
pub fn states_csv(iso_3166_1: &Path) -> Result<String, KbError> {
    let v = read_json(iso_3166_1)?;
    let mut rows: Vec<&Value> = v
        .get("3166-1")
        .and_then(Value::as_array)
        .map(|a| a.iter().collect())
        .unwrap_or_default();
    rows.sort_by_key(|r| s(r, "alpha_3"));
    let mut out = String::from(
        "# GENERATED by `sitrep kb generate` from Debian iso-codes (ISO 3166-1). Do not edit by hand;\n\
         # names, adjectives and capitals live in state_aliases.csv.\n\
         iso3,iso2,name,official_name,common_name\n",
    );
    for r in rows {
        out.push_str(&csv_line(&[
            s(r, "alpha_3"),
            s(r, "alpha_2"),
            s(r, "name"),
            s(r, "official_name"),
            s(r, "common_name"),
        ]));
    }
    Ok(out)
}

/// The committed hand-written supplement to iso-codes (`data/states_extra.csv`), as
/// (alpha-2, alpha-3, name) triples; its rows are also merged over states.csv by the loader.
fn supplementary_states() -> Vec<(String, String, String)> {
    include_str!("../data/states_extra.csv")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with("iso3,"))
        .filter_map(|l| {
            let c: Vec<&str> = l.split(',').map(str::trim).collect();
            let (a3, a2, name) = (*c.first()?, *c.get(1)?, *c.get(2)?);
            let common = c.get(4).copied().unwrap_or("");
            let name = if common.is_empty() { name } else { common };
            (!a3.is_empty() && !a2.is_empty() && !name.is_empty())
                .then(|| (a2.to_owned(), a3.to_owned(), name.to_owned()))
        })
        .collect()
}

fn round4(x: f64) -> String {
    let r = (x * 10_000.0).round() / 10_000.0;
    format!("{r}")
}

/// `places.csv`: countries (representative point: the capital, else the largest listed city),
/// first-level subdivisions (coordinates of a same-named city of the country when there is one,
/// else empty) and cities of at least [`MIN_CITY_POPULATION`] or national capitals.
pub fn places_csv(iso_dir: &Path, geonames_dir: &Path) -> Result<String, KbError> {
    let iso1 = read_json(&iso_dir.join("iso_3166-1.json"))?;
    let iso2 = read_json(&iso_dir.join("iso_3166-2.json"))?;
    let cities = read_json(&geonames_dir.join("cities15000.json"))?;
    let countries = read_json(&geonames_dir.join("countries.json")).unwrap_or(Value::Null);

    let mut a2_to_a3: HashMap<String, String> = HashMap::new();
    let mut country_names: Vec<(String, String, String)> = Vec::new();
    for r in iso1
        .get("3166-1")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        a2_to_a3.insert(s(r, "alpha_2").to_owned(), s(r, "alpha_3").to_owned());
        let name = if s(r, "common_name").is_empty() {
            s(r, "name")
        } else {
            s(r, "common_name")
        };
        country_names.push((
            s(r, "alpha_2").to_owned(),
            s(r, "alpha_3").to_owned(),
            name.to_owned(),
        ));
    }
    // Hand-written states iso-codes lacks (Kosovo): their country row and GeoNames cities.
    for (a2, a3, name) in supplementary_states() {
        if !a2_to_a3.contains_key(&a2) {
            a2_to_a3.insert(a2.clone(), a3.clone());
            country_names.push((a2, a3, name));
        }
    }
    let capital_of: HashMap<String, String> = countries
        .as_object()
        .map(|o| {
            o.values()
                .map(|c| (s(c, "iso").to_owned(), s(c, "capital").to_owned()))
                .collect()
        })
        .unwrap_or_default();

    struct City {
        id: u64,
        name: String,
        cc: String,
        lat: f64,
        lon: f64,
        pop: u64,
    }
    let mut all: Vec<City> = Vec::new();
    if let Some(o) = cities.as_object() {
        for c in o.values() {
            all.push(City {
                id: c.get("geonameid").and_then(Value::as_u64).unwrap_or(0),
                name: s(c, "name").to_owned(),
                cc: s(c, "countrycode").to_owned(),
                lat: c
                    .get("latitude")
                    .and_then(Value::as_f64)
                    .unwrap_or(f64::NAN),
                lon: c
                    .get("longitude")
                    .and_then(Value::as_f64)
                    .unwrap_or(f64::NAN),
                pop: c.get("population").and_then(Value::as_u64).unwrap_or(0),
            });
        }
    }
    all.sort_by(|a, b| {
        a.cc.cmp(&b.cc)
            .then(b.pop.cmp(&a.pop))
            .then(a.id.cmp(&b.id))
    });
    let mut by_cc: HashMap<&str, Vec<&City>> = HashMap::new();
    for c in &all {
        by_cc.entry(c.cc.as_str()).or_default().push(c);
    }

    let mut out = String::from(
        "# GENERATED by `sitrep kb generate` from iso-codes (ISO 3166-1/-2) and GeoNames cities15000\n\
         # (GeoNames, CC BY 4.0, https://www.geonames.org). Country points are the capital's.\n\
         id,name,aliases,country,kind,lat,lon,population\n",
    );
    let exonym = |cc: &str, name: &str| -> Option<&'static str> {
        EXONYMS
            .iter()
            .find(|(c, n, _)| *c == cc && *n == name)
            .map(|(_, _, a)| *a)
            .filter(|a| !a.is_empty())
    };
    // Countries.
    country_names.sort_by(|a, b| a.1.cmp(&b.1));
    for (a2, a3, name) in &country_names {
        let list = by_cc.get(a2.as_str());
        let cap = capital_of.get(a2).map(String::as_str).unwrap_or("");
        let point = list.and_then(|l| {
            l.iter()
                .find(|c| !cap.is_empty() && c.name == cap)
                .or_else(|| l.first())
                .copied()
        });
        let (lat, lon) = point.map_or((String::new(), String::new()), |c| {
            (round4(c.lat), round4(c.lon))
        });
        let aliases = ascii_fold(name).unwrap_or_default();
        out.push_str(&csv_line(&[
            &a3.to_lowercase(),
            name,
            &aliases,
            a3,
            "country",
            &lat,
            &lon,
            "",
        ]));
    }
    // First-level subdivisions.
    let mut subs: Vec<&Value> = iso2
        .get("3166-2")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter(|r| r.get("parent").is_none()).collect())
        .unwrap_or_default();
    subs.sort_by_key(|r| s(r, "code"));
    for r in subs {
        let code = s(r, "code");
        let Some((cc, _)) = code.split_once('-') else {
            continue;
        };
        let Some(a3) = a2_to_a3.get(cc) else { continue };
        let mut name = s(r, "name").to_owned();
        if GENERIC_REGION.contains(&name.to_lowercase().as_str()) {
            name = format!("{name} {}", s(r, "type"));
        }
        let city = by_cc
            .get(cc)
            .and_then(|l| l.iter().find(|c| c.name == name).copied());
        let (lat, lon) = city.map_or((String::new(), String::new()), |c| {
            (round4(c.lat), round4(c.lon))
        });
        let mut aliases: Vec<String> = ascii_fold(&name).into_iter().collect();
        if let Some((_, a)) = REGION_ALIASES.iter().find(|(c, _)| *c == code) {
            aliases.extend(a.split('|').map(str::to_owned));
        }
        out.push_str(&csv_line(&[
            &code.to_lowercase(),
            &name,
            &aliases.join("|"),
            a3,
            "region",
            &lat,
            &lon,
            "",
        ]));
    }
    // Cities.
    let mut kept: Vec<&City> = all
        .iter()
        .filter(|c| {
            let cap = capital_of.get(&c.cc).is_some_and(|n| *n == c.name);
            (c.pop >= MIN_CITY_POPULATION || cap) && !CITY_STOPLIST.contains(&c.name.as_str())
        })
        .collect();
    kept.sort_by_key(|c| c.id);
    for c in kept {
        let Some(a3) = a2_to_a3.get(&c.cc) else {
            continue;
        };
        let mut aliases: Vec<String> = Vec::new();
        if let Some(f) = ascii_fold(&c.name) {
            aliases.push(f);
        }
        if let Some(e) = exonym(&c.cc, &c.name) {
            aliases.extend(e.split('|').map(str::to_owned));
        }
        out.push_str(&csv_line(&[
            &format!("gn{}", c.id),
            &c.name,
            &aliases.join("|"),
            a3,
            "city",
            &round4(c.lat),
            &round4(c.lon),
            &c.pop.to_string(),
        ]));
    }
    Ok(out)
}

/// What [`generate_all`] wrote.
#[derive(Debug, Clone)]
pub struct GenerateReport {
    /// Files written, with their sizes in bytes and data-row counts.
    pub files: Vec<(PathBuf, usize, usize)>,
}

/// Regenerates `states.csv` and `places.csv` into `out_dir`.
pub fn generate_all(
    iso_dir: &Path,
    geonames_dir: &Path,
    out_dir: &Path,
) -> Result<GenerateReport, KbError> {
    std::fs::create_dir_all(out_dir).map_err(|source| KbError::Io {
        path: out_dir.display().to_string(),
        source,
    })?;
    let mut files = Vec::new();
    for (name, text) in [
        ("states.csv", states_csv(&iso_dir.join("iso_3166-1.json"))?),
        ("places.csv", places_csv(iso_dir, geonames_dir)?),
    ] {
        let p = out_dir.join(name);
        std::fs::write(&p, &text).map_err(|source| KbError::Io {
            path: p.display().to_string(),
            source,
        })?;
        let rows = text
            .lines()
            .filter(|l| !l.starts_with('#'))
            .count()
            .saturating_sub(1);
        files.push((p, text.len(), rows));
    }
    Ok(GenerateReport { files })
}
