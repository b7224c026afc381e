//! Pictures for people who would rather look than read, as standalone SVG:
//! - the arms-transfer network: nodes are suppliers and recipients; an arrow per claimed
//!   transfer, solid when asserted, dashed when hedged, red when it touches a UN arms embargo,
//!   labelled with the items;
//! - the timeline: one lane per event type, a bar per event over its dated period (a dot for a
//!   single day), shaded by certainty, hollow when denied, red-edged under an embargo; hovering
//!   a mark shows who did what and the sentence behind it;
//! - the fused ledger ([`fused_network`]): the cross-document rows of `sitrep ledger`.

use std::collections::BTreeMap;
use std::fmt::Write;

use chrono::{Datelike, NaiveDate};
use sitrep_record::{Actor, CertaintyLevel, Event};
use sitrep_serve::html::esc;
use sitrep_serve::svg::ring;

mod ledger;
pub use ledger::fused_network;

fn label(a: &Actor) -> String {
    a.country.clone().unwrap_or_else(|| a.name.clone())
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
    let names: Vec<&str> = nodes.iter().map(String::as_str).collect();
    let pos = ring(&names, (cx, cy), rad);
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
        let embargo = evs.iter().any(|e| e.under_arms_embargo());
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
        let [sx, sy, mx, my, ex, ey] = curve((x1, y1), (x2, y2));
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
    close_network(
        svg,
        &pos,
        (cx, cy),
        edges.is_empty().then_some("no transfers"),
    )
}

/// The start, control and end points of an edge from node `a` to node `b`: shortened so the
/// arrow head stops at the node's edge, bent so that A→B and B→A stay apart.
fn curve((x1, y1): (f64, f64), (x2, y2): (f64, f64)) -> [f64; 6] {
    let (dx, dy) = (x2 - x1, y2 - y1);
    let len = (dx * dx + dy * dy).sqrt().max(1.0);
    let (ux, uy) = (dx / len, dy / len);
    let (sx, sy, ex, ey) = (
        x1 + ux * 34.0,
        y1 + uy * 34.0,
        x2 - ux * 34.0,
        y2 - uy * 34.0,
    );
    [
        sx,
        sy,
        (sx + ex) / 2.0 - uy * 40.0,
        (sy + ey) / 2.0 + ux * 40.0,
        ex,
        ey,
    ]
}

/// Draws the network's nodes over its edges, the `empty` message when there are no edges,
/// and closes the SVG.
fn close_network<'a>(
    mut svg: String,
    pos: impl IntoIterator<Item = (&'a &'a str, &'a (f64, f64))>,
    (cx, cy): (f64, f64),
    empty: Option<&str>,
) -> String {
    for (n, (x, y)) in pos {
        let _ = writeln!(
            svg,
            r##"<circle cx="{x:.1}" cy="{y:.1}" r="30" fill="#eef3f8" stroke="#34495e" stroke-width="1.5"/><text x="{x:.1}" y="{:.1}" font-size="13" font-weight="bold" text-anchor="middle">{}</text>"##,
            y + 4.5,
            esc(n)
        );
    }
    if let Some(msg) = empty {
        let _ = writeln!(
            svg,
            r##"<text x="{cx}" y="{cy}" text-anchor="middle" fill="#777">{msg}</text>"##
        );
    }
    svg.push_str("</svg>\n");
    svg
}

/// Lays out and renders the dated events among `events` on a time axis.
pub fn timeline(events: &[&Event]) -> String {
    let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let mut dated: Vec<(NaiveDate, NaiveDate, &Event)> = events
        .iter()
        .filter_map(|e| {
            let d = e.date.as_ref()?;
            let a = day(&d.start)?;
            let b = day(&d.end).filter(|b| *b >= a).unwrap_or(a);
            Some((a, b, *e))
        })
        .collect();
    dated.sort_by_key(|(a, b, e)| (e.kind.as_str(), *a, *b));
    let undated = events.len() - dated.len();
    let (Some(lo), Some(hi)) = (
        dated.iter().map(|d| d.0).min(),
        dated.iter().map(|d| d.1).max(),
    ) else {
        return empty_timeline(undated);
    };
    // Lanes by type; inside a lane, rows packed greedily so that marks never overlap.
    const ROW: f64 = 14.0;
    const LEFT: f64 = 130.0;
    const WIDTH: f64 = 1000.0;
    const MAX_ROWS: usize = 12;
    let span = (hi - lo).num_days().max(1) as f64;
    let x = |d: NaiveDate| LEFT + 10.0 + (d - lo).num_days() as f64 / span * (WIDTH - LEFT - 40.0);
    // (type, rows of (first day, last day, event)).
    type Row<'a> = Vec<(NaiveDate, NaiveDate, &'a Event)>;
    let mut lanes: Vec<(&str, Vec<Row<'_>>)> = Vec::new();
    for (a, b, e) in dated {
        if lanes.last().is_none_or(|(k, _)| *k != e.kind.as_str()) {
            lanes.push((e.kind.as_str(), Vec::new()));
        }
        let Some((_, rows)) = lanes.last_mut() else {
            continue;
        };
        // A row is free when its last mark ends (with room for a dot) before this one starts.
        let free = rows
            .iter()
            .position(|r| r.last().is_some_and(|l| x(l.1) + 8.0 < x(a)));
        // Past MAX_ROWS a lane stops growing: marks then overlap in the row that ends first.
        let ends_first = || (0..rows.len()).min_by_key(|&k| rows[k].last().map(|l| l.1));
        match free {
            Some(k) => rows[k].push((a, b, e)),
            None if rows.len() < MAX_ROWS => rows.push(vec![(a, b, e)]),
            None => {
                if let Some(k) = ends_first() {
                    rows[k].push((a, b, e));
                }
            }
        }
    }
    let body: f64 = lanes
        .iter()
        .map(|(_, rows)| rows.len() as f64 * ROW + 12.0)
        .sum();
    let h = 90.0 + body + 40.0;
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{h:.0}" viewBox="0 0 {WIDTH} {h:.0}" font-family="sans-serif">
<rect width="100%" height="100%" fill="white"/>
<text x="20" y="30" font-size="18" font-weight="bold">sitrep event timeline, {lo} to {hi}</text>
<text x="20" y="50" font-size="12" fill="#555">dark: asserted · light: hedged · hollow: denied · red edge: touches a UN arms embargo · {undated} undated events not shown</text>"##
    );
    // Axis ticks: months for spans up to three years, years beyond.
    let top = 70.0;
    let bottom = top + body;
    let yearly = span > 3.0 * 366.0;
    let mut t = NaiveDate::from_ymd_opt(lo.year(), if yearly { 1 } else { lo.month() }, 1);
    while let Some(d) = t.filter(|d| *d <= hi) {
        if d >= lo {
            let label = if yearly || d.month() == 1 {
                d.format("%Y").to_string()
            } else {
                d.format("%b").to_string()
            };
            let _ = writeln!(
                svg,
                r##"<line x1="{0:.1}" y1="{top}" x2="{0:.1}" y2="{bottom}" stroke="#e3e3e3"/><text x="{0:.1}" y="{1:.0}" font-size="10" text-anchor="middle" fill="#555">{label}</text>"##,
                x(d),
                bottom + 14.0
            );
        }
        t = if yearly {
            NaiveDate::from_ymd_opt(d.year() + 1, 1, 1)
        } else {
            d.checked_add_months(chrono::Months::new(1))
        };
    }
    let mut y = top;
    for (kind, rows) in &lanes {
        let lane_h = rows.len() as f64 * ROW + 12.0;
        let _ = writeln!(
            svg,
            r##"<line x1="20" y1="{y:.1}" x2="{:.0}" y2="{y:.1}" stroke="#bbb"/><text x="20" y="{:.1}" font-size="12" font-weight="bold">{}</text>"##,
            WIDTH - 20.0,
            y + 14.0,
            esc(kind)
        );
        for (r, row) in rows.iter().enumerate() {
            let cy = y + 10.0 + r as f64 * ROW + ROW / 2.0;
            for (a, b, e) in row {
                mark(&mut svg, x(*a), x(*b), cy, e);
            }
        }
        y += lane_h;
    }
    svg.push_str("</svg>\n");
    svg
}

fn empty_timeline(undated: usize) -> String {
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="600" height="120" viewBox="0 0 600 120" font-family="sans-serif">
<rect width="100%" height="100%" fill="white"/>
<text x="300" y="60" text-anchor="middle" fill="#777">no dated events ({undated} undated)</text>
</svg>
"##
    )
}

/// One event: a bar over its period or a dot for one day, with a hover title.
fn mark(svg: &mut String, x0: f64, x1: f64, cy: f64, e: &Event) {
    let fill = match (e.negated, e.certainty.level) {
        (true, _) => "white",
        (false, CertaintyLevel::Asserted) => "#2c3e50",
        (false, _) => "#9fb3c8",
    };
    let embargo = e.under_arms_embargo();
    let stroke = if embargo { "#c0392b" } else { "#2c3e50" };
    let names = |v: &[Actor]| v.iter().map(label).collect::<Vec<_>>().join("+");
    let mut title = format!(
        "{} {} → {} ({}{})",
        e.kind.as_str(),
        names(&e.sources),
        names(&e.targets),
        if e.negated { "denied, " } else { "" },
        e.certainty.level.as_str()
    );
    if let Some(d) = &e.date {
        let _ = write!(title, ", {}", d.text);
    }
    if let Some(ev) = e.evidence.first() {
        let _ = write!(title, ": {}", ev.text);
    }
    let title = esc(&title);
    if x1 - x0 >= 4.0 {
        let _ = writeln!(
            svg,
            r#"<rect x="{x0:.1}" y="{:.1}" width="{:.1}" height="9" rx="3" fill="{fill}" stroke="{stroke}" stroke-width="1.2"><title>{title}</title></rect>"#,
            cy - 4.5,
            x1 - x0
        );
    } else {
        let _ = writeln!(
            svg,
            r#"<circle cx="{x0:.1}" cy="{cy:.1}" r="4.5" fill="{fill}" stroke="{stroke}" stroke-width="1.2"><title>{title}</title></circle>"#
        );
    }
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
                value: None,
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

    fn dated(mut e: Event, start: &str, end: &str) -> Event {
        e.date = Some(sitrep_record::DateRange {
            start: start.into(),
            end: end.into(),
            text: format!("{start}..{end}"),
        });
        e
    }

    #[test]
    fn timeline_packs_overlapping_marks_into_rows_and_skips_undated() {
        // Two overlapping periods need two rows; a later one-day event reuses the first row.
        let a = dated(
            aid("PRK", "RUS", CertaintyLevel::Asserted, true),
            "2023-08-01",
            "2023-10-31",
        );
        let b = dated(
            aid("IRN", "RUS", CertaintyLevel::Likely, false),
            "2023-09-15",
            "2023-12-31",
        );
        let c = dated(
            aid("BLR", "RUS", CertaintyLevel::Asserted, false),
            "2024-03-02",
            "2024-03-02",
        );
        let mut denied = dated(
            aid("CHN", "RUS", CertaintyLevel::Asserted, false),
            "2024-01-10",
            "2024-01-10",
        );
        denied.negated = true;
        let undated = aid("SYR", "IRN", CertaintyLevel::Asserted, false);
        let svg = timeline(&[&a, &b, &c, &denied, &undated]);
        assert_eq!(svg.matches("<rect x=").count(), 2, "{svg}");
        assert_eq!(svg.matches("<circle").count(), 2, "{svg}");
        assert_eq!(
            svg.matches("fill=\"white\" stroke").count(),
            1,
            "one hollow mark"
        );
        assert_eq!(
            svg.matches("stroke=\"#c0392b\"").count(),
            1,
            "one embargo edge"
        );
        assert!(svg.contains("1 undated"));
        // Rows: the two bars sit at different heights.
        let ys: Vec<&str> = svg
            .match_indices("<rect x=")
            .filter_map(|(k, _)| svg[k..].split("y=\"").nth(1)?.split('"').next())
            .collect();
        assert_eq!(ys.len(), 2);
        assert_ne!(ys[0], ys[1]);
    }

    #[test]
    fn timeline_without_dates_is_still_a_picture() {
        let e = aid("PRK", "RUS", CertaintyLevel::Asserted, false);
        let svg = timeline(&[&e]);
        assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
        assert!(svg.contains("no dated events (1 undated)"));
    }

    #[test]
    fn timeline_lanes_stop_growing_when_everything_happens_on_one_day() {
        let evs: Vec<Event> = (0..50)
            .map(|_| {
                dated(
                    aid("PRK", "RUS", CertaintyLevel::Asserted, false),
                    "2024-05-01",
                    "2024-05-01",
                )
            })
            .collect();
        let refs: Vec<&Event> = evs.iter().collect();
        let svg = timeline(&refs);
        assert_eq!(svg.matches("<circle").count(), 50);
        let height: f64 = svg
            .split("height=\"")
            .nth(1)
            .and_then(|h| h.split('"').next())
            .and_then(|h| h.parse().ok())
            .expect("height");
        assert!(height < 400.0, "{height}");
    }
}
