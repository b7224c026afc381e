//! Stage `mentions`: actors, goods and places resolved against the knowledge base and the
//! discourse context by the composition rules of `resolve.rs`, then the goods that are not
//! goods taken out.

use super::{Input, served};
use crate::lexicon::WordClass;
use crate::resolve::{self, Context, Mentions};
use crate::rules::rule;

/// Resolves the sentence's mentions and applies the goods rules.
pub(crate) fn run(inp: &Input<'_>, ctx: &mut Context) -> Mentions {
    let sw = resolve::Switches {
        rules: inp.rules,
        fired: &inp.fired,
    };
    let mut ms = resolve::mentions_with(
        inp.kb,
        inp.lx,
        inp.view,
        inp.sentence,
        inp.text,
        inp.published,
        ctx,
        sw,
    );
    not_goods_modifier(inp, &mut ms);
    served_goods(inp, &mut ms);
    generic_head(inp, &mut ms);
    ms
}

rule! {
    /// What: a weapon noun that modifies another noun is no goods.
    /// Why: "arms embargo" and "missile programme" name a measure and a programme, not goods
    /// that move; only named systems keep their place.
    /// Example: "Turkey sent drones to Libya in breach of the arms embargo."
    /// Fixture: 53_standing_embargo.txt
    NOT_GOODS_MODIFIER = "not-goods-modifier" in Mentions
}

fn not_goods_modifier(inp: &Input<'_>, ms: &mut Mentions) {
    if !inp.rules.on(&NOT_GOODS_MODIFIER) {
        return;
    }
    let (lx, view) = (inp.lx, inp.view);
    ms.weapons.retain(|w| {
        let keep = w.designation.is_some() || !lx.is(WordClass::NotGoods, view.w(w.w1));
        if !keep {
            inp.fire(&NOT_GOODS_MODIFIER, w.w0);
        }
        keep
    });
}

rule! {
    /// What: goods that serve other goods named just before are no goods of their own.
    /// Why: in "spare parts for the aircraft" only the parts move; the aircraft would become a
    /// second item (and its transport word a mode).
    /// Example: "Iran sent drones and spare parts for the aircraft to Russia."
    /// Fixture: 90_recipient_object_took_delivery_goods_served.txt
    SERVED_GOODS = "served-goods" in Mentions
}

fn served_goods(inp: &Input<'_>, ms: &mut Mentions) {
    if !inp.rules.on(&SERVED_GOODS) {
        return;
    }
    let view = inp.view;
    let goods_before = |a: usize| ms.weapons.iter().any(|p| p.w1 < a && a - p.w1 <= 3);
    let serving: Vec<usize> = ms
        .weapons
        .iter()
        .filter(|w| served(view, w.w0) && goods_before(w.w0))
        .map(|w| w.w0)
        .collect();
    for &at in &serving {
        inp.fire(&SERVED_GOODS, at);
    }
    ms.weapons.retain(|w| !serving.contains(&w.w0));
}

rule! {
    /// What: a generic goods noun right after goods of its own kind is their head: one item.
    /// Why: "minehunter ships" would be a minehunter and a ship, two items of one thing.
    /// Example: "Britain handed two minehunter ships to Ukraine."
    /// Fixture: 84_vessel_as_goods_or_carrier.txt
    GENERIC_HEAD = "generic-head" in Mentions
}

fn generic_head(inp: &Input<'_>, ms: &mut Mentions) {
    if !inp.rules.on(&GENERIC_HEAD) {
        return;
    }
    let (view, text) = (inp.view, inp.text);
    ms.weapons.dedup_by(|w, p| {
        let head = w.w0 == p.w1
            && w.designation.is_none()
            && p.category
                .strip_prefix(w.category.as_str())
                .is_some_and(|r| r.starts_with('.'));
        if head {
            inp.fire(&GENERIC_HEAD, p.w0);
            p.w1 = w.w1;
            p.text = text
                .get(view.words[p.noun0].start..view.words[w.w1 - 1].end)
                .unwrap_or(&p.text)
                .to_owned();
        }
        head
    });
}
