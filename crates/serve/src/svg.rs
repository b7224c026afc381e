//! Server-drawn SVG pictures for the pages: the transfer network (each edge a link to its
//! claims in the ledger), the timeline (each mark a link to its document) and the map of event
//! places on a plain equirectangular projection with a graticule.

use std::collections::BTreeMap;
use std::fmt::Write;

use sitrep_store::Hit;

use crate::filters::enc;
use crate::html::esc;
use crate::ledger::LedgerRow;

/// Node positions evenly on a circle of radius `rad` around `centre`, the first at the top.
pub fn ring<'a>(nodes: &[&'a str], centre: (f64, f64), rad: f64) -> BTreeMap<&'a str, (f64, f64)> {
    nodes
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let a = std::f64::consts::TAU * i as f64 / nodes.len().max(1) as f64
                - std::f64::consts::FRAC_PI_2;
            (*n, (centre.0 + rad * a.cos(), centre.1 + rad * a.sin()))
        })
        .collect()
}

/// Nodes on a circle, an arrow per (supplier, recipient) pair, width by documents.
pub fn network(rows: &[LedgerRow]) -> String {
    let mut edges: BTreeMap<(&str, &str), (usize, usize, bool, bool)> = BTreeMap::new();
    // A claim that names only one side has no arrow to draw (the ledger lists it as "?").
    for r in rows {
        let (Some(sup), Some(rec)) = (&r.supplier, &r.recipient) else {
            continue;
        };
        let e = edges.entry((sup, rec)).or_default();
        e.0 += r.claims;
        e.1 += r.documents_for.len();
        e.2 |= r.embargo;
        e.3 |= r.stance == sitrep_record::Stance::Asserted;
    }
    let mut nodes: Vec<&str> = edges.keys().flat_map(|(a, b)| [*a, *b]).collect();
    nodes.sort();
    nodes.dedup();
    let (w, h, rad) = (820.0_f64, 620.0_f64, 240.0_f64);
    let pos = ring(&nodes, (w / 2.0, h / 2.0), rad);
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"network\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"transfer network\">\
<defs><marker id=\"arr\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#555\"/></marker></defs>"
    );
    for ((a, b), (claims, docs, embargo, asserted)) in &edges {
        let (Some(&(x1, y1)), Some(&(x2, y2))) = (pos.get(a), pos.get(b)) else {
            continue;
        };
        let (dx, dy) = (x2 - x1, y2 - y1);
        let len = (dx * dx + dy * dy).sqrt().max(1.0);
        // Each direction sits 5 px to its own right, so A→B and B→A are two arrows, each
        // clickable on its own.
        let (ox, oy) = (-dy / len * 5.0, dx / len * 5.0);
        let (x1, y1) = (x1 + ox, y1 + oy);
        let (ex, ey) = (x2 - dx / len * 22.0 + ox, y2 - dy / len * 22.0 + oy);
        let cls = format!(
            "edge{}{}",
            if *embargo { " embargo" } else { "" },
            if *asserted { "" } else { " hedged" }
        );
        let href = format!("/ledger?supplier={}&amp;recipient={}", enc(a), enc(b));
        let _ = write!(
            s,
            "<a href=\"{href}\" class=\"edge-link\" data-edge=\"{ea}>{eb}\"><line class=\"{cls}\" x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{ex:.1}\" y2=\"{ey:.1}\" stroke-width=\"{sw:.1}\" marker-end=\"url(#arr)\"/><line class=\"edge-hit\" x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{ex:.1}\" y2=\"{ey:.1}\"/><title>{ea} → {eb}: {claims} claims in {docs} documents</title></a>",
            ea = esc(a),
            eb = esc(b),
            sw = 1.5 + (*docs as f64).ln_1p() * 2.0,
        );
    }
    for (n, (x, y)) in &pos {
        let _ = write!(
            s,
            "<a href=\"/actor/{}\"><circle class=\"node\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"20\"/><text class=\"node-label\" x=\"{x:.1}\" y=\"{:.1}\">{}</text></a>",
            enc(n),
            y + 4.0,
            esc(n)
        );
    }
    if nodes.is_empty() {
        s.push_str("<text x=\"40\" y=\"60\">no transfers match</text>");
    }
    s.push_str("</svg>");
    s
}

fn day_num(d: &str) -> Option<i64> {
    chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
        .ok()
        .map(|d| {
            d.and_hms_opt(0, 0, 0)
                .map_or(0, |t| t.and_utc().timestamp() / 86_400)
        })
}

/// One lane per event type; a mark per dated event, linking to its document.
pub fn timeline(hits: &[Hit]) -> String {
    let dated: Vec<(&Hit, i64, i64)> = hits
        .iter()
        .filter_map(|h| {
            let (a, b) = sitrep_store::event_days(&h.document, &h.event)?;
            Some((h, day_num(&a)?, day_num(&b)?))
        })
        .collect();
    let mut lanes: Vec<&str> = dated.iter().map(|(h, ..)| h.event.kind.as_str()).collect();
    lanes.sort();
    lanes.dedup();
    let (w, left, lane_h) = (900.0_f64, 110.0_f64, 34.0_f64);
    let h = 60.0 + lane_h * lanes.len().max(1) as f64;
    let lo = dated.iter().map(|d| d.1).min().unwrap_or(0);
    let hi = dated.iter().map(|d| d.2).max().unwrap_or(1).max(lo + 1);
    let x = |d: i64| left + (w - left - 20.0) * (d - lo) as f64 / (hi - lo) as f64;
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"timeline\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"timeline\">"
    );
    for (i, l) in lanes.iter().enumerate() {
        let y = 40.0 + lane_h * i as f64;
        let _ = write!(
            s,
            "<text class=\"lane\" x=\"8\" y=\"{:.1}\">{l}</text><line class=\"lane-line\" x1=\"{left}\" x2=\"{:.1}\" y1=\"{y:.1}\" y2=\"{y:.1}\"/>",
            y + 4.0,
            w - 20.0
        );
    }
    for (h, a, b) in &dated {
        let lane = lanes
            .iter()
            .position(|l| *l == h.event.kind.as_str())
            .unwrap_or(0);
        let y = 40.0 + lane_h * lane as f64;
        let cls = format!(
            "mark {}{}",
            h.event.stance(),
            if h.event.under_arms_embargo() {
                " embargo"
            } else {
                ""
            }
        );
        let tip = h
            .event
            .evidence
            .first()
            .map(|e| e.text.as_str())
            .unwrap_or("");
        let _ = write!(
            s,
            "<a href=\"/doc/{}#{}\">",
            enc(&h.document.id),
            esc(&h.event.id)
        );
        if b - a < 2 {
            let _ = write!(
                s,
                "<circle class=\"{cls}\" cx=\"{:.1}\" cy=\"{y:.1}\" r=\"5\"/>",
                x(*a)
            );
        } else {
            let _ = write!(
                s,
                "<rect class=\"{cls}\" x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"10\" rx=\"3\"/>",
                x(*a),
                y - 5.0,
                (x(*b) - x(*a)).max(3.0)
            );
        }
        let _ = write!(
            s,
            "<title>{} {}: {}</title></a>",
            esc(&h.event.kind.to_string()),
            esc(&h
                .event
                .date
                .as_ref()
                .map(|d| d.text.clone())
                .unwrap_or_default()),
            esc(tip)
        );
    }
    for (d, anchor) in [(lo, "start"), (hi, "end")] {
        let label = chrono::DateTime::from_timestamp(d * 86_400, 0)
            .map(|t| t.format("%Y-%m-%d").to_string())
            .unwrap_or_default();
        let _ = write!(
            s,
            "<text class=\"axis\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\">{label}</text>",
            x(d),
            h - 8.0
        );
    }
    if dated.is_empty() {
        s.push_str("<text x=\"40\" y=\"40\">no dated events match</text>");
    }
    s.push_str("</svg>");
    s
}

/// Event places (the record's Place lat/lon) on an equirectangular world with a 30° graticule.
pub fn map(hits: &[Hit]) -> String {
    let (w, h) = (960.0_f64, 480.0_f64);
    let px = |lon: f64| (lon + 180.0) / 360.0 * w;
    let py = |lat: f64| (90.0 - lat) / 180.0 * h;
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"map\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"map of event places\"><rect class=\"sea\" width=\"{w}\" height=\"{h}\"/>"
    );
    for lon in (-180..=180).step_by(30) {
        let _ = write!(
            s,
            "<line class=\"grat\" x1=\"{0:.1}\" x2=\"{0:.1}\" y1=\"0\" y2=\"{h}\"/>",
            px(f64::from(lon))
        );
    }
    for lat in (-90..=90).step_by(30) {
        let y = py(f64::from(lat));
        let _ = write!(
            s,
            "<line class=\"grat{}\" x1=\"0\" x2=\"{w}\" y1=\"{y:.1}\" y2=\"{y:.1}\"/><text class=\"axis\" x=\"4\" y=\"{:.1}\">{lat}°</text>",
            if lat == 0 { " equator" } else { "" },
            y - 2.0
        );
    }
    // Events at the same place (to 0.01°) share one marker: name, lat, lon and their hits.
    type Marker<'a> = (String, f64, f64, Vec<&'a Hit>);
    let mut places: BTreeMap<(i64, i64), Marker> = BTreeMap::new();
    for hit in hits {
        let Some(p) = &hit.event.location else {
            continue;
        };
        let (Some(lat), Some(lon)) = (p.lat, p.lon) else {
            continue;
        };
        let key = ((lat * 100.0) as i64, (lon * 100.0) as i64);
        places
            .entry(key)
            .or_insert_with(|| (p.name.clone(), lat, lon, Vec::new()))
            .3
            .push(hit);
    }
    for (name, lat, lon, hs) in places.values() {
        let first = hs[0];
        let _ = write!(
            s,
            "<a href=\"/doc/{}\"><circle class=\"place\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"{:.1}\"/><text class=\"place-label\" x=\"{:.1}\" y=\"{:.1}\">{}</text><title>{}: {} events</title></a>",
            enc(&first.document.id),
            px(*lon),
            py(*lat),
            4.0 + (hs.len() as f64).ln_1p() * 2.0,
            px(*lon) + 7.0,
            py(*lat) + 4.0,
            esc(name),
            esc(name),
            hs.len()
        );
    }
    if places.is_empty() {
        s.push_str("<text x=\"40\" y=\"40\">no events with a known place match</text>");
    }
    s.push_str("</svg>");
    s
}
