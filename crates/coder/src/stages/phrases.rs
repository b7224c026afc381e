//! Stage `phrases`: money amounts (`money.rs`), transport phrases (`data/transport.csv`) and
//! which of them say how goods moved, and the time mentions as word spans.

use super::{Sent, find_phrases, served};
use crate::lexicon::WordClass;
use crate::rules::rule;

/// Finds the phrases. Money, transport and certainty phrases only shape events: a sentence
/// without a trigger word only updates the discourse context.
pub(crate) fn run(st: &mut Sent<'_>) {
    if st.may_have_events {
        st.money = crate::money::find(st.view, st.text);
        let lx = st.lx;
        st.transport = find_phrases(st.view, |w| {
            lx.transport
                .get(w)
                .map(|v| v.iter().map(|(p, m)| (p.clone(), m.clone())).collect())
        });
    }
    transport_in_name(st);
    goods_not_transport(st);
    let view = st.view;
    st.tspans = st
        .times
        .iter()
        .map(|t| {
            let (a, b) = view.words_of_tokens(t.first_token, t.last_token);
            (a, b, t.range.clone())
        })
        .collect();
}

rule! {
    /// What: a transport word inside an actor or place name says nothing of the journey.
    /// Why: "flown into Port Sudan" would otherwise add the mode `sea` from "Port".
    /// Example: "Russian planes flew weapons into Port Sudan for the army."
    /// Fixture: 80_transport_word_inside_place_name.txt
    TRANSPORT_IN_NAME = "transport-in-name" in Phrases
}

fn transport_in_name(st: &mut Sent<'_>) {
    if !st.on(&TRANSPORT_IN_NAME) {
        return;
    }
    let (ms, fired) = (st.ms, st.fired);
    st.transport.retain(|(a, _, _)| {
        let named = ms.actors.iter().any(|m| m.w0 <= *a && *a < m.w1)
            || ms.places.iter().any(|p| p.w0 <= *a && *a < p.w1);
        if named {
            fired.borrow_mut().push((TRANSPORT_IN_NAME.name, *a));
        }
        !named
    });
}

rule! {
    /// What: a vessel or aircraft with a carrier preposition a few words before it ("from a
    /// fishing boat", "by ships") is how goods moved, even when it is also a goods noun.
    /// Why: without it "seized … from a fishing boat" makes the boat an item and loses `sea`.
    /// Example: "Iran has sent drones to Russia by ships and cargo planes."
    /// Fixture: 84_vessel_as_goods_or_carrier.txt
    CARRIED_VESSEL = "carried-vessel" in Phrases
}

rule! {
    /// What: a vehicle listed with goods ("tanks and several hundred trucks") is goods, not
    /// transport.
    /// Why: the trucks are delivered too; reading them as the road mode invents a journey.
    /// Example: "Egypt sent dozens of tanks and several hundred trucks to the army."
    /// Fixture: 89_vehicle_listed_with_goods.txt
    LISTED_VEHICLE = "listed-vehicle" in Phrases
}

rule! {
    /// What: a transport word that is part of a goods phrase, right after goods, or what goods
    /// serve is no transport mode.
    /// Why: "a naval vessel", "patrol boats" and "parts for the aircraft" are what moved or what
    /// the parts are for, not how they moved.
    /// Example: "Japan delivered patrol boats to the Philippines."
    /// Fixture: 84_vessel_as_goods_or_carrier.txt
    GOODS_NOT_TRANSPORT = "goods-not-transport" in Phrases
}

/// Whether a carrier preposition stands a few words before word `a`.
fn carried(st: &Sent<'_>, a: usize) -> bool {
    (a.saturating_sub(4)..a)
        .rev()
        .take_while(|&p| !st.view.words[p].punct || st.w(p) == ",")
        .any(|p| st.lx.is(WordClass::Carrier, st.w(p)))
}

/// Whether the transport phrase (a, b) lies in goods that follow other goods in a list.
fn listed(st: &Sent<'_>, modes: &[(usize, usize)], a: usize, b: usize) -> bool {
    let ms = st.ms;
    ms.weapons.iter().any(|w| w.w0 <= a && b <= w.w1)
        && ms.weapons.iter().any(|p| {
            !modes.iter().any(|&(x, y)| x < p.w1 && p.w0 < y)
                && p.w1 < a
                && a - p.w1 <= 5
                && (p.w1..a).any(|k| matches!(st.w(k), "and" | "or"))
                && (p.w1..a).all(|k| !st.view.words[k].punct || st.w(k) == ",")
        })
}

fn goods_not_transport(st: &mut Sent<'_>) {
    let modes: Vec<(usize, usize)> = st.transport.iter().map(|&(a, b, _)| (a, b)).collect();
    let ms = st.ms;
    let keep: Vec<bool> = st
        .transport
        .iter()
        .map(|&(a, b, _)| {
            if served(st.view, a) && st.on(&GOODS_NOT_TRANSPORT) {
                st.fire(&GOODS_NOT_TRANSPORT, a);
                return false;
            }
            let in_goods = ms
                .weapons
                .iter()
                .any(|w| w.w1 == a || w.w0 <= a && b <= w.w1 && w.w1 - w.w0 > b - a);
            let is_listed = st.on(&LISTED_VEHICLE) && listed(st, &modes, a, b);
            if !(is_listed || in_goods && st.on(&GOODS_NOT_TRANSPORT)) {
                return true;
            }
            if st.on(&CARRIED_VESSEL) && carried(st, a) {
                st.fire(&CARRIED_VESSEL, a);
                return true;
            }
            st.fire(
                if is_listed {
                    &LISTED_VEHICLE
                } else {
                    &GOODS_NOT_TRANSPORT
                },
                a,
            );
            false
        })
        .collect();
    let mut k = 0;
    st.transport.retain(|_| {
        k += 1;
        keep[k - 1]
    });
}
