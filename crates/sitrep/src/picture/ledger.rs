//! The fused arms-transfer ledger as a network: a node per supplier and recipient, an arrow
//! per pair, solid when some document asserts it, dashed when all hedge, dotted grey when it
//! is only denied, red when it touches a UN arms embargo, thicker with more outlets; its label
//! lists the pair's rows (family, year, documents for/against, outlets), its tooltip the keys.

use std::collections::BTreeMap;
use std::fmt::Write;

use sitrep_ledger::FusedRow;
use sitrep_record::Stance;
use sitrep_serve::html::esc;
use sitrep_serve::svg::ring;

/// Arrow colours: (marker id, colour).
const COLOURS: [(&str, &str); 3] = [
    ("plain", "#444"),
    ("embargo", "#c0392b"),
    ("denied", "#999"),
];

/// At most this many rows are listed under one arrow; the rest are counted.
const LISTED: usize = 3;

/// Renders fused ledger rows as a standalone SVG document.
pub fn fused_network(rows: &[FusedRow]) -> String {
    let side = |s: &Option<String>| s.clone().unwrap_or_else(|| "?".to_owned());
    let mut pairs: BTreeMap<(String, String), Vec<&FusedRow>> = BTreeMap::new();
    for r in rows {
        pairs
            .entry((side(&r.supplier), side(&r.recipient)))
            .or_default()
            .push(r);
    }
    let mut nodes: Vec<&str> = pairs
        .keys()
        .flat_map(|(a, b)| [a.as_str(), b.as_str()])
        .collect();
    nodes.sort_unstable();
    nodes.dedup();
    let (w, h) = (960.0_f64, 700.0_f64);
    let (cx, cy) = (w / 2.0, h / 2.0 + 15.0);
    let pos = ring(&nodes, (cx, cy), 240.0);
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="sans-serif">
<defs>{}</defs>
<rect width="100%" height="100%" fill="white"/>
<text x="20" y="30" font-size="18" font-weight="bold">sitrep arms-transfer ledger, fused across documents</text>
<text x="20" y="50" font-size="12" fill="#555">solid: asserted · dashed: hedged · dotted grey: denied only · red: touches a UN arms embargo · width: outlets · label: family year, documents for/against, outlets</text>"##,
        COLOURS.map(|(id, c)| format!(
            r#"<marker id="arrow-{id}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{c}"/></marker>"#
        )).join("")
    );
    for ((s, r), members) in &pairs {
        let (Some(&a), Some(&b)) = (pos.get(s.as_str()), pos.get(r.as_str())) else {
            continue;
        };
        edge(&mut svg, a, b, members);
    }
    super::close_network(
        svg,
        &pos,
        (cx, cy),
        pairs.is_empty().then_some("no transfer claims"),
    )
}

/// One arrow from `a` to `b` for the rows of one supplier and recipient.
fn edge(svg: &mut String, (x1, y1): (f64, f64), (x2, y2): (f64, f64), members: &[&FusedRow]) {
    let embargo = members.iter().any(|r| r.embargo);
    let stance = if members.iter().any(|r| r.stance == Stance::Asserted) {
        Stance::Asserted
    } else if members.iter().any(|r| r.stance == Stance::Hedged) {
        Stance::Hedged
    } else {
        Stance::DeniedOnly
    };
    let (marker, colour) = match (embargo, stance) {
        (true, _) => COLOURS[1],
        (false, Stance::DeniedOnly) => COLOURS[2],
        _ => COLOURS[0],
    };
    let dash = match stance {
        Stance::Asserted => "",
        Stance::Hedged => r#" stroke-dasharray="7,5""#,
        Stance::DeniedOnly => r#" stroke-dasharray="2,4""#,
    };
    let outlets = members.iter().map(|r| r.outlets).max().unwrap_or(0);
    let [sx, sy, mx, my, ex, ey] = super::curve((x1, y1), (x2, y2));
    let keys: Vec<&str> = members.iter().map(|r| r.key.as_str()).collect();
    let _ = writeln!(
        svg,
        r#"<path d="M{sx:.1},{sy:.1} Q{mx:.1},{my:.1} {ex:.1},{ey:.1}" fill="none" stroke="{colour}" stroke-width="{:.1}"{dash} marker-end="url(#arrow-{marker})"><title>{}</title></path>"#,
        1.5 + (outlets as f64).ln_1p() * 2.0,
        esc(&keys.join("\n"))
    );
    let mut lines: Vec<String> = (members.iter().take(LISTED))
        .map(|r| {
            format!(
                "{} {}: {}/{} docs, {} outlets",
                r.family,
                r.year.map_or("undated".to_owned(), |y| y.to_string()),
                r.documents_for.len(),
                r.documents_against.len(),
                r.outlets
            )
        })
        .collect();
    if members.len() > LISTED {
        lines.push(format!("+{} more", members.len() - LISTED));
    }
    for (i, l) in lines.iter().enumerate() {
        let _ = writeln!(
            svg,
            r#"<text x="{mx:.1}" y="{:.1}" font-size="11" text-anchor="middle" fill="{colour}">{}</text>"#,
            my + 13.0 * i as f64,
            esc(l)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(s: &str, r: &str, family: &str, stance: Stance, embargo: bool) -> FusedRow {
        FusedRow {
            key: format!("{s}>{r}/{family}/2024"),
            supplier: Some(s.to_owned()),
            recipient: Some(r.to_owned()),
            family: family.to_owned(),
            year: Some(2024),
            categories: vec![family.to_owned()],
            status: None,
            stance,
            documents_for: vec!["d1".to_owned(), "d2".to_owned()],
            documents_against: vec![],
            first_seen: None,
            last_seen: None,
            outlets: 2,
            claimed_by: vec![],
            denied_by: vec![],
            transport: vec![],
            embargo,
            claims: vec![],
        }
    }

    #[test]
    fn one_arrow_per_pair_styled_by_stance_and_embargo() {
        let rows = [
            row("PRK", "RUS", "ammunition", Stance::Asserted, true),
            row("PRK", "RUS", "missile", Stance::Hedged, false),
            row("IRN", "RUS", "uav", Stance::Hedged, false),
            row("FRA", "ARM", "artillery", Stance::DeniedOnly, false),
        ];
        let svg = fused_network(&rows);
        assert_eq!(svg.matches("marker-end=").count(), 3, "{svg}");
        assert_eq!(svg.matches("stroke-dasharray=\"7,5\"").count(), 1, "{svg}");
        assert_eq!(svg.matches("stroke-dasharray=\"2,4\"").count(), 1, "{svg}");
        assert_eq!(svg.matches("stroke=\"#c0392b\"").count(), 1, "{svg}");
        assert!(svg.contains("missile 2024: 2/0 docs, 2 outlets"), "{svg}");
        assert_eq!(svg.matches("<circle").count(), 5);
    }

    #[test]
    fn names_are_escaped_and_no_rows_still_draw() {
        let svg = fused_network(&[row("<b>\"&", "RUS", "uav", Stance::Asserted, false)]);
        assert!(!svg.contains("<b>"), "{svg}");
        assert!(svg.contains("&lt;b&gt;"), "{svg}");
        let empty = fused_network(&[]);
        assert!(empty.contains("no transfer claims") && empty.ends_with("</svg>\n"));
    }
}
