//! Stage `goods`: a candidate's items (goods named after it, or before a passive, with their
//! quantities), goods told again ("the vehicles"), the aid nominal ("a $300 million security
//! assistance package"): its kind as contexts, its goods, its generic military category, and
//! the value of the deal.

use sitrep_record::{Item, Money};

use super::Sent;
use super::draft::Build;
use super::last_transfer;
use crate::lexicon::{TriggerPos, WordClass};
use crate::resolve::Weapon;
use crate::rules::rule;
use sitrep_nlp::Upos;

/// Fills the candidate's goods and value.
pub(crate) fn run(st: &Sent<'_>, b: &mut Build<'_>) {
    b.item_lo = if b.passive { b.cs } else { b.i + 1 };
    b.item_hi = if b.t.pos == TriggerPos::Noun {
        b.rhs_end
    } else {
        b.rhs_end.max(b.i + 1)
    };
    including_list(st, b);
    clause_goods(st, b);
    goods_compound(st, b);
    anaphoric_goods(st, b);
    aid_nominal(st, b);
    b.value = value(st, b);
    let (i, hi) = (b.i, b.item_hi);
    b.aid_noun = (i + 1..(hi + 1).min(st.nw)).any(|k| st.lx.is(WordClass::AidNoun, st.w(k)))
        || (i >= 1 && st.lx.is(WordClass::AidNoun, st.w(i - 1)))
        || !b.aid_kinds.is_empty();
    for k in &b.aid_kinds {
        if b.contexts.iter().any(|x| x == k) {
            continue;
        }
        if *k == "military" {
            b.contexts.insert(0, (*k).to_owned());
        } else {
            b.contexts.push((*k).to_owned());
        }
    }
}

rule! {
    /// What: "including" or "such as" after a transfer opens a list of its goods, up to the end
    /// of the clause or the next verb.
    /// Why: "$400 million in military aid, including Stinger missiles and …": the list names
    /// the goods past the next trigger word.
    /// Example: "Washington will send Ukraine $400 million in military aid, including Stinger missiles and artillery shells."
    /// Fixture: 45_ditransitive_including.txt
    INCLUDING_LIST = "including-list" in Goods
}

fn including_list(st: &Sent<'_>, b: &mut Build<'_>) {
    let i = b.i;
    if b.t.transfer
        && st.on(&INCLUDING_LIST)
        && let Some(inc) = (i + 1..(i + 12).min(st.nw))
            .find(|&k| st.w(k) == "including" || st.w(k) == "such" && st.w(k + 1) == "as")
        && inc + 1 >= b.item_hi
    {
        b.item_hi = (inc + 1..st.nw)
            .find(|&k| {
                matches!(st.w(k), "." | ";" | ":" | "—" | "--")
                    || st.view.words[k].upos == Some(sitrep_nlp::Upos::Verb)
            })
            .unwrap_or(st.nw);
        st.fire(&INCLUDING_LIST, inc);
    }
}

rule! {
    /// What: goods after the trigger up to the next trigger (or, for a passive, before it in
    /// its clause) are its items, each with the quantity before it; goods in a transport
    /// phrase are not.
    /// Why: the items of "sent 300 drones and shells to Russia".
    /// Example: "Iran sent 300 drones and artillery shells to Russia."
    /// Fixture: 27_coordination_items.txt
    CLAUSE_GOODS = "clause-goods" in Goods
}

fn clause_goods(st: &Sent<'_>, b: &mut Build<'_>) {
    if !st.on(&CLAUSE_GOODS) {
        return;
    }
    let (i, lo, hi) = (b.i, b.item_lo, b.item_hi);
    for wpn in &st.ms.weapons {
        if st
            .transport
            .iter()
            .any(|(a, bb, _)| *a < wpn.w1 && wpn.noun0 < *bb)
        {
            continue;
        }
        if (wpn.noun0 > i && wpn.noun0 < hi) || (b.passive && wpn.noun0 >= lo && wpn.noun0 < i) {
            push_weapon(st, b, wpn);
            st.fire(&CLAUSE_GOODS, wpn.w0);
        }
    }
}

/// Adds a goods mention to the candidate's items, with the quantity before it, its origin
/// adjective and its system.
fn push_weapon(st: &Sent<'_>, b: &mut Build<'_>, wpn: &Weapon) {
    let tok = |k: usize| st.view.words[k].tok;
    let quantity = crate::quantity::quantity_before(st.sentence, st.text, tok(wpn.noun0))
        .or_else(|| crate::quantity::quantity_before(st.sentence, st.text, tok(wpn.w0)));
    b.items.push(Item {
        category: wpn.category.clone(),
        text: wpn.text.clone(),
        designation: wpn.designation.clone(),
        quantity,
    });
    if let Some(o) = &wpn.origin {
        b.origins.push(o.clone());
    }
    if let Some(sys) = &wpn.system {
        b.systems.push((sys.clone(), wpn.w0));
    }
}

rule! {
    /// What: goods that modify a transfer noun ("arms sale", "F-16 deal", "drone deliveries")
    /// are its items when it has none after it.
    /// Why: headlines and news leads name the goods before the noun; without them the sale is
    /// dropped as a transfer without goods.
    /// Example: "The State Department approved a $1 billion arms sale to Saudi Arabia."
    /// Fixture: 112_goods_before_the_noun.txt
    GOODS_COMPOUND = "goods-compound" in Goods
}

fn goods_compound(st: &Sent<'_>, b: &mut Build<'_>) {
    let i = b.i;
    // An aid head ("weapons package") is the aid nominal's: its goods are read there.
    if !(b.t.transfer && b.t.pos == TriggerPos::Noun && b.items.is_empty())
        || st.lx.is(WordClass::AidHead, st.w(i))
    {
        return;
    }
    // Only nouns and adjectives between the goods and the trigger: one noun phrase.
    let modifiers = |from: usize| {
        (from..i).all(|k| {
            matches!(
                st.view.words[k].upos,
                Some(Upos::Noun | Upos::Adj | Upos::Propn)
            )
        })
    };
    let Some(wpn) = st
        .ms
        .weapons
        .iter()
        .rfind(|w| w.w1 <= i && i - w.w1 <= 2 && w.w0 >= b.cs && modifiers(w.w1))
    else {
        return;
    };
    if st.on(&GOODS_COMPOUND) {
        push_weapon(st, b, wpn);
        st.fire(&GOODS_COMPOUND, wpn.w0);
    }
}

rule! {
    /// What: a passive transfer with no goods of its own takes the goods of the last transfer
    /// whose head noun it names after "the", "these" or "those".
    /// Why: "The vehicles were transported by road" continues the shipment told before.
    /// Example: "Uganda sold 40 armoured vehicles to South Sudan. The vehicles were transported by road."
    /// Fixture: 55_by_agent_other_verb.txt
    ANAPHORIC_GOODS = "anaphoric-goods" in Goods
}

fn anaphoric_goods(st: &Sent<'_>, b: &mut Build<'_>) {
    if !(b.t.transfer && b.passive && b.items.is_empty() && st.on(&ANAPHORIC_GOODS)) {
        return;
    }
    let Some(tr) = last_transfer(&st.drafts, st.prev_transfers).and_then(|d| d.transfer.as_ref())
    else {
        return;
    };
    let heads: Vec<usize> = (b.item_lo.max(1)..b.i)
        .filter(|&k| matches!(st.w(k - 1), "the" | "these" | "those"))
        .collect();
    for it in &tr.items {
        let head = it.text.rsplit(' ').next().unwrap_or("").to_lowercase();
        if heads.iter().any(|&k| st.w(k) == head) {
            b.items.push(Item {
                quantity: None,
                ..it.clone()
            });
            b.anaphoric_goods = true;
            st.fire(&ANAPHORIC_GOODS, b.i);
        }
    }
}

rule! {
    /// What: the aid nominal (the trigger noun, or the transfer verb's object: "sent military
    /// aid") gives the aid's kind from its pre-modifiers (`aid_military`, `aid_humanitarian`,
    /// `aid_economic` in `data/words.csv`) as PLOVER contexts.
    /// Why: humanitarian aid carries no transfer of arms; military aid does.
    /// Example: "Britain pledged humanitarian aid to Gaza."
    /// Fixture: 68_pledged_humanitarian_aid.txt
    AID_KIND = "aid-kind" in Goods
}

rule! {
    /// What: goods in the aid nominal's modifiers are its items when the clause lists none
    /// after it.
    /// Why: "a weapons package", "lethal aid" name their goods before the head.
    /// Example: "Washington announced a new weapons package for Kyiv."
    /// Fixture: 66_aid_package_announced.txt
    NOMINAL_GOODS = "nominal-goods" in Goods
}

rule! {
    /// What: military aid without listed goods is one item of the generic category
    /// `military_equipment`.
    /// Why: "military aid", "security assistance package" move arms the text does not list.
    /// Example: "Britain sent military aid to Ukraine."
    /// Fixture: 65_modifier_not_actor_aid_object.txt
    GENERIC_MILITARY = "generic-military" in Goods
}

/// The aid nominal's head: the trigger noun, or the transfer verb's object.
fn nominal_head(st: &Sent<'_>, b: &Build<'_>) -> Option<usize> {
    let i = b.i;
    if !b.t.transfer {
        b.absorbed
    } else if b.t.pos == TriggerPos::Noun {
        Some(i).filter(|&h| st.lx.is(WordClass::AidHead, st.w(h)))
    } else {
        b.absorbed.or_else(|| {
            (i + 1..b.item_hi.min(st.nw).min(i + 14))
                .find(|&k| st.lx.is(WordClass::AidHead, st.w(k)))
        })
    }
}

fn aid_nominal(st: &Sent<'_>, b: &mut Build<'_>) {
    b.nom = nominal_head(st, b);
    b.nom_left = b.nom.map(|h| st.nominal_left(h));
    if let (Some(h), Some(l)) = (b.nom, b.nom_left) {
        let mut kind_at = None;
        for k in l..h {
            if let Some(x) = st.aid_kind(k).filter(|_| st.on(&AID_KIND)) {
                kind_at.get_or_insert(k);
                if !b.aid_kinds.contains(&x) {
                    b.aid_kinds.push(x);
                    st.fire(&AID_KIND, k);
                }
            }
        }
        nominal_goods(st, b, h, l);
        generic_military(st, b, h, l, kind_at);
    }
    if !b.items.is_empty() && b.nom.is_some() && !b.aid_kinds.contains(&"military") {
        b.aid_kinds.insert(0, "military");
    }
}

fn nominal_goods(st: &Sent<'_>, b: &mut Build<'_>, h: usize, l: usize) {
    if !b.items.is_empty() || !st.on(&NOMINAL_GOODS) {
        return;
    }
    for wpn in st.ms.weapons.iter().filter(|x| x.w0 >= l && x.noun0 <= h) {
        b.items.push(Item {
            category: wpn.category.clone(),
            text: wpn.text.clone(),
            designation: wpn.designation.clone(),
            quantity: None,
        });
        st.fire(&NOMINAL_GOODS, wpn.w0);
    }
}

fn generic_military(st: &Sent<'_>, b: &mut Build<'_>, h: usize, l: usize, kind_at: Option<usize>) {
    if !b.items.is_empty() || !b.aid_kinds.contains(&"military") || !st.on(&GENERIC_MILITARY) {
        return;
    }
    let mut k0 = kind_at.unwrap_or(h);
    // "air-defence" split at its hyphen.
    if k0 >= 2 && st.w(k0 - 1) == "-" && k0 - 2 >= l {
        k0 -= 2;
    }
    b.items.push(Item {
        category: "military_equipment".into(),
        text: st
            .text
            .get(st.view.words[k0].start..st.view.words[h].end)
            .unwrap_or("")
            .to_owned(),
        designation: None,
        quantity: None,
    });
    st.fire(&GENERIC_MILITARY, k0);
}

rule! {
    /// What: the deal's worth is money in the aid nominal ("a $2 billion weapons package"),
    /// after it ("worth $400 million", "for an estimated $1.7 billion"), after a transfer verb,
    /// on the noun an infinitive serves ("a €5 billion fund to supply arms"), or a deal's worth
    /// later in the clause ("in a deal worth about $23 billion").
    /// Why: analysts sum deals by value; the amount is rarely next to the verb.
    /// Example: "France sold 80 Rafale jets to the UAE in a deal worth about $19 billion."
    /// Fixture: 72_package_of_goods_worth.txt
    VALUE = "value" in Goods
}

/// The word before an amount after the trigger, past articles and hedges: "for an estimated
/// $1.7 billion".
fn before_amount(st: &Sent<'_>, i: usize, w0: usize) -> Option<usize> {
    (i + 1..w0).rev().find(|&k| {
        let w = st.w(k);
        !matches!(w, "a" | "an" | "nearly" | "total") && !crate::quantity::APPROX.contains(&w)
    })
}

fn value(st: &Sent<'_>, b: &Build<'_>) -> Option<Money> {
    if !st.on(&VALUE) {
        return None;
    }
    let (i, t, money) = (b.i, b.t, &st.money);
    let in_nominal = |m: &&crate::money::MoneyMention| {
        b.nom
            .zip(b.nom_left)
            .is_some_and(|(h, l)| m.w0 >= l && m.w1 <= h)
    };
    let after = |m: &&crate::money::MoneyMention| {
        m.w0 > i
            && m.w0 < b.item_hi
            && (t.pos == TriggerPos::Verb
                || before_amount(st, i, m.w0).is_some_and(|k| {
                    matches!(
                        st.w(k),
                        "worth" | "at" | "totalling" | "totaling" | "of" | "for"
                    )
                }))
    };
    let deal_worth = |m: &&crate::money::MoneyMention| {
        m.w1 <= b.ce
            && before_amount(st, i, m.w0).is_some_and(|k| {
                k >= i + 2
                    && st.w(k) == "worth"
                    && (st.lx.is(WordClass::Agreement, st.w(k - 1))
                        || st.lx.is(WordClass::AidHead, st.w(k - 1)))
                    && (i + 1..k - 1).all(|x| !st.view.verbish(x))
            })
    };
    let m = money
        .iter()
        .find(in_nominal)
        .or_else(|| money.iter().find(after))
        .or_else(|| {
            let ca = b.control_at?;
            let l = st.nominal_left(ca);
            money.iter().find(|m| m.w0 >= l && m.w1 <= ca)
        })
        .or_else(|| money.iter().find(deal_worth))?;
    st.fire(&VALUE, m.w0);
    Some(m.money.clone())
}
