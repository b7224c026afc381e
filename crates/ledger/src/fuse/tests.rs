//! Tests of [`fuse`] and [`outlet`] on hand-built claims.

use super::{fuse, outlet};
use sitrep_record::{
    Actor, ActorKind, Certainty, DateRange, DocumentMeta, Flag, Item, Stage, Stance, TransferClaim,
    UN_ARMS_EMBARGO,
};

fn state(country: &str) -> Actor {
    Actor {
        text: country.to_owned(),
        name: country.to_owned(),
        kind: ActorKind::State,
        country: Some(country.to_owned()),
        sector: None,
        id: None,
    }
}

fn doc(id: &str, url: Option<&str>, published: &str) -> DocumentMeta {
    DocumentMeta {
        id: id.to_owned(),
        url: url.map(str::to_owned),
        published: Some(published.to_owned()),
        ..DocumentMeta::default()
    }
}

fn claim(supplier: &str, recipient: &str, categories: &[&str]) -> TransferClaim {
    TransferClaim {
        id: "t1".into(),
        supplier: Some(state(supplier)),
        recipient: Some(state(recipient)),
        via: vec![],
        interdicted_by: None,
        items: categories
            .iter()
            .map(|c| Item {
                category: (*c).to_owned(),
                text: (*c).to_owned(),
                designation: None,
                quantity: None,
            })
            .collect(),
        value: None,
        status: Some(Stage::Delivered),
        date: None,
        transport: vec![],
        stance: Stance::Asserted,
        certainty: Certainty::default(),
        claimed_by: vec![],
        denied_by: vec![],
        events: vec!["e1".into()],
        inferred: vec![],
        flags: vec![],
        evidence: vec![],
    }
}

#[test]
fn one_row_per_pair_family_and_year() {
    let d1 = doc("d1", Some("https://www.example.org/a"), "2023-11-02");
    let d2 = doc("d2", Some("https://news.example.net/b"), "2023-12-01");
    let d3 = doc("d3", None, "2024-01-05");
    let c1 = [claim(
        "PRK",
        "RUS",
        &["ammunition.artillery", "missile.ballistic"],
    )];
    let c2 = [claim("PRK", "RUS", &["ammunition"])];
    let c3 = [claim("PRK", "RUS", &["ammunition"])];
    let rows = fuse([(&d1, &c1[..]), (&d2, &c2[..]), (&d3, &c3[..])]);
    let keys: Vec<_> = rows.iter().map(|r| r.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "PRK>RUS/ammunition/2023",
            "PRK>RUS/ammunition/2024",
            "PRK>RUS/missile/2023"
        ]
    );
    assert_eq!(rows[0].documents_for, ["d1", "d2"]);
    assert_eq!(rows[0].categories, ["ammunition", "ammunition.artillery"]);
    assert_eq!(rows[0].outlets, 2);
    assert_eq!(rows[0].first_seen.as_deref(), Some("2023-11-02"));
    assert_eq!(rows[0].last_seen.as_deref(), Some("2023-12-01"));
    assert_eq!(rows[0].claims.len(), 2);
}

#[test]
fn the_claim_date_sets_the_year_before_publication() {
    let d = doc("d1", None, "2024-02-01");
    let mut c = claim("USA", "UKR", &["uav"]);
    c.date = Some(DateRange {
        start: "2023-12-01".into(),
        end: "2023-12-31".into(),
        text: "in December".into(),
    });
    let rows = fuse([(&d, std::slice::from_ref(&c))]);
    assert_eq!(rows[0].year, Some(2023));
}

#[test]
fn documents_against_and_the_strongest_stance() {
    let d1 = doc("d1", Some("http://a.example/x"), "2023-01-01");
    let d2 = doc("d2", Some("http://b.example/y"), "2023-02-01");
    let mut denied = claim("IRN", "RUS", &["uav"]);
    denied.stance = Stance::DeniedOnly;
    denied.denied_by = vec![state("IRN")];
    denied.status = Some(Stage::Delivered);
    let mut hedged = claim("IRN", "RUS", &["uav"]);
    hedged.stance = Stance::Hedged;
    hedged.status = Some(Stage::Agreed);
    hedged.claimed_by = vec![state("UKR")];
    let rows = fuse([
        (&d1, std::slice::from_ref(&denied)),
        (&d2, std::slice::from_ref(&hedged)),
    ]);
    let r = &rows[0];
    assert_eq!(r.documents_for, ["d2"]);
    assert_eq!(r.documents_against, ["d1"]);
    assert_eq!(r.stance, Stance::Hedged);
    // A denial's stage does not count while a document reports it.
    assert_eq!(r.status, Some(Stage::Agreed));
    assert_eq!(r.outlets, 1);
    assert_eq!(r.claimed_by, ["UKR"]);
    assert_eq!(r.denied_by, ["IRN"]);
}

#[test]
fn two_documents_of_one_outlet_corroborate_once() {
    let d1 = doc("d1", Some("https://www.example.org/a"), "2023-01-01");
    let d2 = doc("d2", Some("https://example.org:443/b?x=1"), "2023-01-02");
    let c = [claim("USA", "TWN", &["missile"])];
    let rows = fuse([(&d1, &c[..]), (&d2, &c[..])]);
    assert_eq!(rows[0].documents_for.len(), 2);
    assert_eq!(rows[0].outlets, 1);
}

#[test]
fn unknown_sides_goods_and_embargo() {
    let d = doc("d1", None, "2023-05-05");
    let mut c = claim("PRK", "RUS", &[]);
    c.recipient = None;
    c.flags = vec![Flag {
        kind: UN_ARMS_EMBARGO.into(),
        country: Some("PRK".into()),
        basis: None,
    }];
    let rows = fuse([(&d, std::slice::from_ref(&c))]);
    assert_eq!(rows[0].key, "PRK>?/unspecified/2023");
    assert!(rows[0].recipient.is_none());
    assert!(rows[0].embargo);
}

#[test]
fn outlet_is_the_url_host_else_the_source() {
    let mut d = doc(
        "d",
        Some("https://user@WWW.Reuters.com:8080/world?q#f"),
        "2023-01-01",
    );
    assert_eq!(outlet(&d).as_deref(), Some("reuters.com"));
    d.url = None;
    assert_eq!(outlet(&d), None);
    d.source = Some("Yonhap".into());
    assert_eq!(outlet(&d).as_deref(), Some("Yonhap"));
}
