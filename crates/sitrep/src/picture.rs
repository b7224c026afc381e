//! Pictures for people who would rather look than read: the arms-transfer network as SVG.
//! Nodes are suppliers and recipients; an arrow per claimed transfer, solid when asserted,
//! dashed when hedged, red when it touches a UN arms embargo, labelled with the items.

use std::collections::BTreeMap;
use std::fmt::Write;

use sitrep_record::{Actor, CertaintyLevel, Event};

fn label(a: &Actor) -> String {
    a.country.clone().unwrap_or_else(|| a.name.clone())
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Renders the transfers among `events` as a standalone SVG document.
pub fn transfer_network(events: &[&Event]) -> String {
    let mut edges: BTreeMap<(String, String), Vec<&Event>> = BTreeMap::new();
    for e in events {
        let Some(t) = &e.transfer else { continue };
        let (Some(s), Some(r)) = (&t.supplier, &t.recipient) else {
            continue;
        };
        edges.entry((label(s), label(r))).or_default().push(e);
    }
    let mut nodes: Vec<String> = edges
        .keys()
        .flat_map(|(a, b)| [a.clone(), b.clone()])
        .collect();
    nodes.sort();
    nodes.dedup();
    let (w, h) = (900.0_f64, 640.0_f64);
    let (cx, cy, rad) = (w / 2.0, h / 2.0 + 10.0, 230.0);
    let pos: BTreeMap<&str, (f64, f64)> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let a = std::f64::consts::TAU * i as f64 / nodes.len().max(1) as f64
                - std::f64::consts::FRAC_PI_2;
            (n.as_str(), (cx + rad * a.cos(), cy + rad * a.sin()))
        })
        .collect();
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="sans-serif">
<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#444"/></marker>
<marker id="arrow-red" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#c0392b"/></marker></defs>
<rect width="100%" height="100%" fill="white"/>
<text x="20" y="30" font-size="18" font-weight="bold">sitrep arms-transfer ledger</text>
<text x="20" y="50" font-size="12" fill="#555">solid: asserted · dashed: hedged · red: touches a UN arms embargo · label: items (claims)</text>"##
    );
    for ((s, r), evs) in &edges {
        let (Some(&(x1, y1)), Some(&(x2, y2))) = (pos.get(s.as_str()), pos.get(r.as_str())) else {
            continue;
        };
        let embargo = evs
            .iter()
            .any(|e| e.flags.iter().any(|f| f.kind == "un_arms_embargo"));
        let hedged = evs
            .iter()
            .all(|e| e.certainty.level != CertaintyLevel::Asserted);
        let mut items: Vec<String> = evs
            .iter()
            .filter_map(|e| e.transfer.as_ref())
            .flat_map(|t| {
                t.items
                    .iter()
                    .map(|i| i.category.split('.').next().unwrap_or("").to_owned())
            })
            .collect();
        items.sort();
        items.dedup();
        // Shorten the line so the arrow head stops at the node's edge; bend it so that A→B
        // and B→A stay apart.
        let (dx, dy) = (x2 - x1, y2 - y1);
        let len = (dx * dx + dy * dy).sqrt().max(1.0);
        let (ux, uy) = (dx / len, dy / len);
        let (sx, sy, ex, ey) = (
            x1 + ux * 34.0,
            y1 + uy * 34.0,
            x2 - ux * 34.0,
            y2 - uy * 34.0,
        );
        let (mx, my) = ((sx + ex) / 2.0 - uy * 40.0, (sy + ey) / 2.0 + ux * 40.0);
        let colour = if embargo { "#c0392b" } else { "#444" };
        let marker = if embargo { "arrow-red" } else { "arrow" };
        let dash = if hedged {
            r#" stroke-dasharray="7,5""#
        } else {
            ""
        };
        let _ = writeln!(
            svg,
            r#"<path d="M{sx:.1},{sy:.1} Q{mx:.1},{my:.1} {ex:.1},{ey:.1}" fill="none" stroke="{colour}" stroke-width="{:.1}"{dash} marker-end="url(#{marker})"/>"#,
            1.5 + (evs.len() as f64).ln_1p() * 1.5
        );
        let _ = writeln!(
            svg,
            r#"<text x="{mx:.1}" y="{my:.1}" font-size="11" text-anchor="middle" fill="{colour}">{} ({})</text>"#,
            esc(&items.join(", ")),
            evs.len()
        );
    }
    for (n, (x, y)) in &pos {
        let _ = writeln!(
            svg,
            r##"<circle cx="{x:.1}" cy="{y:.1}" r="30" fill="#eef3f8" stroke="#34495e" stroke-width="1.5"/><text x="{x:.1}" y="{:.1}" font-size="13" font-weight="bold" text-anchor="middle">{}</text>"##,
            y + 4.5,
            esc(n)
        );
    }
    if edges.is_empty() {
        let _ = writeln!(
            svg,
            r##"<text x="{cx}" y="{cy}" text-anchor="middle" fill="#777">no transfers</text>"##
        );
    }
    svg.push_str("</svg>\n");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_record::{ActorKind, Certainty, EventType, Flag, Item, Transfer};

    fn actor(c: &str) -> Actor {
        Actor {
            text: c.into(),
            name: c.into(),
            kind: ActorKind::State,
            country: Some(c.into()),
            sector: None,
            id: None,
        }
    }

    fn aid(s: &str, r: &str, level: CertaintyLevel, embargo: bool) -> Event {
        Event {
            id: "e1".into(),
            kind: EventType::Aid,
            mode: None,
            contexts: vec![],
            sources: vec![actor(s)],
            targets: vec![actor(r)],
            date: None,
            location: None,
            negated: false,
            certainty: Certainty { level, cue: None },
            attribution: vec![],
            about: vec![],
            transfer: Some(Transfer {
                supplier: Some(actor(s)),
                recipient: Some(actor(r)),
                items: vec![Item {
                    category: "uav.loitering".into(),
                    text: "drones".into(),
                    designation: None,
                    quantity: None,
                }],
                transport: vec![],
                status: None,
            }),
            flags: if embargo {
                vec![Flag {
                    kind: "un_arms_embargo".into(),
                    country: Some(s.into()),
                    basis: None,
                }]
            } else {
                vec![]
            },
            evidence: vec![],
            why: String::new(),
        }
    }

    #[test]
    fn draws_one_arrow_per_pair_and_marks_hedges_and_embargoes() {
        let a = aid("IRN", "RUS", CertaintyLevel::Likely, false);
        let b = aid("PRK", "RUS", CertaintyLevel::Asserted, true);
        let svg = transfer_network(&[&a, &b]);
        assert_eq!(svg.matches("marker-end=").count(), 2);
        assert_eq!(svg.matches("stroke-dasharray").count(), 1);
        assert!(svg.contains("arrow-red)"));
        assert_eq!(svg.matches("<circle").count(), 3);
    }

    #[test]
    fn no_transfers_still_gives_a_valid_picture() {
        let svg = transfer_network(&[]);
        assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
        assert!(svg.contains("no transfers"));
    }
}
