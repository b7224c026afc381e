//! Quantities of transferred items: reads the number phrase in front of an item noun phrase
//! ("over a million North Korean artillery shells", "up to 5 million rounds", "dozens of drones")
//! into bounds. Vague amounts keep honest bounds rather than a guessed point value, and an
//! "undisclosed quantity" is unknown (`None`), not zero.

use sitrep_nlp::Sentence;
use sitrep_record::Quantity;

/// How a comparative word bounds the number it precedes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bound {
    Exact,
    AtLeast,
    AtMost,
}

fn unit_word(w: &str) -> Option<u64> {
    Some(match w {
        "zero" => 0,
        "a" | "an" | "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "fifteen" => 15,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        "dozen" => 12,
        _ => return None,
    })
}

pub(crate) fn multiplier(w: &str) -> Option<u64> {
    Some(match w {
        "hundred" => 100,
        "thousand" => 1_000,
        "million" | "mln" | "m" => 1_000_000,
        "billion" | "bln" | "bn" => 1_000_000_000,
        _ => return None,
    })
}

/// Vague plurals: "hundreds", "thousands", "dozens", with their conventional bounds.
fn vague(w: &str) -> Option<(u64, u64)> {
    Some(match w {
        "dozens" => (24, 99),
        "scores" => (40, 99),
        "hundreds" => (200, 999),
        "thousands" => (2_000, 9_999),
        "millions" => (2_000_000, 9_999_999),
        _ => return None,
    })
}

pub(crate) fn digits(w: &str) -> Option<f64> {
    let clean: String = w.chars().filter(|c| *c != ',').collect();
    if clean.is_empty() || !clean.bytes().next().is_some_and(|b| b.is_ascii_digit()) {
        return None;
    }
    clean.parse::<f64>().ok()
}

pub(crate) fn is_number_word(w: &str) -> bool {
    digits(w).is_some() || unit_word(w).is_some() || multiplier(w).is_some() || vague(w).is_some()
}

/// Words that may sit between the number and the item noun: state adjectives, "of", sizes.
fn skippable(form: &str, upos: sitrep_nlp::Upos) -> bool {
    use sitrep_nlp::Upos::{Adj, Propn, X};
    let first_upper = form.chars().next().is_some_and(char::is_uppercase);
    matches!(upos, Adj | Propn) && upos != X
        || first_upper
        || matches!(
            form,
            "of"
                | "-"
                | "new"
                | "used"
                | "old"
                | "additional"
                | "more"
                | "further"
                | "other"
                // "Iranian-made", "locally built"
                | "made"
                | "built"
                | "produced"
        )
        || form.ends_with("mm")
}

/// The unit a mass word measures in ("750 tonnes of missile parts").
fn mass_unit(w: &str) -> Option<&'static str> {
    Some(match w {
        "tonne" | "tonnes" => "tonne",
        "ton" | "tons" => "ton",
        "kg" | "kilogram" | "kilograms" | "kilogrammes" | "kilos" => "kg",
        "lb" | "lbs" | "pound" | "pounds" => "lb",
        _ => return None,
    })
}

/// Words that make an amount approximate ("about 200", "an estimated $1.7 billion").
pub(crate) const APPROX: [&str; 7] = [
    "about",
    "around",
    "some",
    "roughly",
    "approximately",
    "an estimated",
    "estimated",
];

/// Reads the quantity phrase ending right before token `noun_first_token` of `sentence`.
pub fn quantity_before(
    sentence: &Sentence,
    text: &str,
    noun_first_token: usize,
) -> Option<Quantity> {
    let toks = &sentence.tokens;
    let lower: Vec<String> = toks.iter().map(|t| t.form.to_lowercase()).collect();
    // Walk left over modifiers to the end of the number phrase.
    let mut end = noun_first_token;
    let mut skipped = 0;
    // Token after the unit word of a measured amount, and the unit.
    let mut unit: Option<(usize, &str)> = None;
    while end > 0 && skipped < 6 {
        let w = lower[end - 1].as_str();
        // "750 tonnes of …": the amount is measured, not counted.
        if unit.is_none()
            && lower.get(end).is_some_and(|x| x == "of")
            && let Some(u) = mass_unit(w)
        {
            unit = Some((end, u));
            end -= 1;
            continue;
        }
        // "155 mm", "155-mm": a calibre, not a count; step over it whole.
        if matches!(
            w,
            "mm" | "millimetre" | "millimeter" | "calibre" | "caliber"
        ) {
            end -= 1;
            if end > 0 && lower[end - 1] == "-" {
                end -= 1;
            }
            if end > 0 && digits(&lower[end - 1]).is_some() {
                end -= 1;
            }
            skipped += 1;
            continue;
        }
        if is_number_word(w) && !(w == "a" || w == "an") {
            break;
        }
        if matches!(
            w,
            "quantity" | "number" | "amount" | "batch" | "shipment" | "consignment"
        ) {
            break;
        }
        // "long-range": the tail of a hyphenated modifier, whatever its tag.
        let hyphen_tail = end >= 2 && lower[end - 2] == "-";
        if w == "of" || hyphen_tail || skippable(&toks[end - 1].form, toks[end - 1].upos) {
            end -= 1;
            skipped += 1;
            continue;
        }
        return None;
    }
    if end == 0 {
        return None;
    }
    // "an undisclosed quantity of", "an unknown number of": explicitly unknown.
    let w = lower[end - 1].as_str();
    if matches!(w, "quantity" | "number" | "amount") {
        return None;
    }
    if !is_number_word(w) {
        return None;
    }
    // Collect the phrase leftwards: numbers, multipliers, "of", comparatives.
    let mut start = end;
    while start > 0 {
        let w = lower[start - 1].as_str();
        let ok = is_number_word(w)
            || matches!(
                w,
                "of" | "and"
                    | "to"
                    | "than"
                    | "more"
                    | "over"
                    | "up"
                    | "about"
                    | "around"
                    | "some"
                    | "nearly"
                    | "almost"
                    | "roughly"
                    | "approximately"
                    | "at"
                    | "least"
                    | "most"
                    | "fewer"
                    | "less"
                    | "under"
                    | "above"
                    | "between"
                    | "as"
                    | "many"
                    | "much"
                    | "half"
                    | "tens"
                    | "estimated"
                    | "excess"
                    | "in"
                    | "close"
                    | "-"
                    | "–"
                    | "just"
                    | "another"
                    | "several"
                    | "few"
                    | "least-"
                    | "$"
            );
        if !ok {
            break;
        }
        start -= 1;
    }
    // Trim leading connective words that belong to the clause, not the amount.
    while start < end
        && matches!(
            lower[start].as_str(),
            "of" | "and" | "to" | "in" | "as" | "-" | "–"
        )
    {
        if lower[start] == "as"
            && lower
                .get(start + 1)
                .is_some_and(|w| w == "many" || w == "much")
        {
            break;
        }
        start += 1;
    }
    let words: Vec<&str> = lower[start..end].iter().map(String::as_str).collect();
    let (min, max) = interpret(&words)?;
    let last = unit.map_or(end, |(u, _)| u);
    let text = text
        .get(toks[start].start..toks[last - 1].end)
        .unwrap_or("")
        .to_owned();
    Some(Quantity {
        min,
        max,
        text,
        unit: unit.map(|(_, u)| u.to_owned()),
    })
}

/// Parses a run of number words into a value: "1.5 million", "a million", "two hundred".
fn value(words: &[&str]) -> Option<(u64, usize)> {
    let mut i;
    let mut total: f64;
    if let Some(d) = words.first().and_then(|w| digits(w)) {
        total = d;
        i = 1;
    } else if let Some(u) = words.first().and_then(|w| unit_word(w)) {
        total = u as f64;
        i = 1;
        // "twenty five"
        if let Some(u2) = words.get(1).and_then(|w| unit_word(w))
            && total >= 20.0
            && u2 < 10
        {
            total += u2 as f64;
            i = 2;
        }
    } else if words.first() == Some(&"half") {
        total = 0.5;
        i = 1;
        if words.get(1).is_some_and(|w| *w == "a" || *w == "an") {
            i = 2;
        }
    } else {
        return None;
    }
    while let Some(m) = words.get(i).and_then(|w| multiplier(w)) {
        total *= m as f64;
        i += 1;
    }
    Some((total.round() as u64, i))
}

fn interpret(words: &[&str]) -> Option<(Option<u64>, Option<u64>)> {
    // Comparative prefix.
    let joined = words.join(" ");
    let prefixes: [(&str, Bound); 18] = [
        ("more than", Bound::AtLeast),
        ("over", Bound::AtLeast),
        ("above", Bound::AtLeast),
        ("at least", Bound::AtLeast),
        ("in excess of", Bound::AtLeast),
        ("upwards of", Bound::AtLeast),
        ("another", Bound::Exact),
        ("up to", Bound::AtMost),
        ("as many as", Bound::AtMost),
        ("as much as", Bound::AtMost),
        ("at most", Bound::AtMost),
        ("fewer than", Bound::AtMost),
        ("less than", Bound::AtMost),
        ("under", Bound::AtMost),
        ("nearly", Bound::AtMost),
        ("almost", Bound::AtMost),
        ("close to", Bound::AtMost),
        ("just under", Bound::AtMost),
    ];
    let mut bound = Bound::Exact;
    let mut rest: &[&str] = words;
    for (p, b) in prefixes {
        let n = p.split(' ').count();
        if joined.starts_with(p) && words.len() > n && words[..n].join(" ") == p {
            bound = b;
            rest = &words[n..];
            break;
        }
    }
    if bound == Bound::Exact {
        for p in APPROX {
            let n = p.split(' ').count();
            if words.len() > n && words[..n].join(" ") == p {
                rest = &words[n..];
                break;
            }
        }
    }
    if rest.first() == Some(&"$") {
        return None; // money, not a count of items
    }
    // "several hundred", "a few thousand": three to nine (two to five) times the multiplier.
    if let [q @ ("several" | "few"), m] | ["a", q @ "few", m] = rest
        && let Some(m) = multiplier(m)
    {
        let (lo, hi) = if *q == "several" { (3, 9) } else { (2, 5) };
        return Some((Some(lo * m), Some(hi * m)));
    }
    // "between 100 and 200", "100 to 200", "100-200"
    let rest: Vec<&str> = rest.iter().copied().filter(|w| *w != "between").collect();
    if let Some(pos) = rest
        .iter()
        .position(|w| matches!(*w, "and" | "to" | "-" | "–"))
        && pos > 0
        && let (Some((a, _)), Some((b, _))) = (value(&rest[..pos]), value(&rest[pos + 1..]))
    {
        // "2 to 3 million": a multiplier only on the right applies to both.
        let left_mult = rest[..pos].iter().any(|w| multiplier(w).is_some());
        let right_mult: u64 = rest[pos + 1..]
            .iter()
            .filter_map(|w| multiplier(w))
            .product();
        let a = if left_mult { a } else { a * right_mult.max(1) };
        return Some((Some(a.min(b)), Some(a.max(b))));
    }
    // "hundreds of thousands", "tens of thousands", "dozens"
    if let Some(first) = rest.first() {
        let tail_mult: u64 = rest
            .iter()
            .skip(1)
            .filter_map(|w| multiplier(w.trim_end_matches('s')))
            .product();
        let tail_mult = tail_mult.max(1);
        if *first == "tens" {
            return Some((Some(20 * tail_mult), Some(99 * tail_mult)));
        }
        if let Some((lo, hi)) = vague(first) {
            return Some((Some(lo * tail_mult), Some(hi * tail_mult)));
        }
    }
    let (v, used) = value(&rest)?;
    if used < rest.len() && !rest[used..].iter().all(|w| *w == "of") {
        // "two thousands of" etc.: vague multiplier after a number.
        if let Some(m) = rest
            .get(used)
            .and_then(|w| multiplier(w.trim_end_matches('s')))
        {
            return Some((Some(v * m), None));
        }
    }
    Some(match bound {
        Bound::Exact => (Some(v), Some(v)),
        Bound::AtLeast => (Some(v), None),
        Bound::AtMost => (None, Some(v)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tokens split on spaces; the item noun is the token `noun`.
    fn quantity(text: &str, noun: &str) -> Option<Quantity> {
        let tokens = crate::space_tokens(text);
        let i = tokens.iter().position(|t| t.form == noun)?;
        let s = Sentence {
            start: 0,
            end: text.len(),
            tokens,
            entities: vec![],
        };
        quantity_before(&s, text, i)
    }

    fn q(text: &str, noun: &str) -> Option<(Option<u64>, Option<u64>, String)> {
        quantity(text, noun).map(|q| (q.min, q.max, q.text))
    }

    #[test]
    fn comparatives_give_one_sided_bounds() {
        assert_eq!(
            q("sent over a million artillery shells", "artillery"),
            Some((Some(1_000_000), None, "over a million".into()))
        );
        assert_eq!(
            q(
                "more than a million North Korean artillery shells",
                "artillery"
            ),
            Some((Some(1_000_000), None, "more than a million".into()))
        );
        assert_eq!(
            q("up to 5 million rounds", "rounds"),
            Some((None, Some(5_000_000), "up to 5 million".into()))
        );
        assert_eq!(
            q("at least 300 drones", "drones").map(|x| x.0),
            Some(Some(300))
        );
        assert_eq!(
            q("nearly 2,000 rifles", "rifles").map(|x| x.1),
            Some(Some(2000))
        );
    }

    #[test]
    fn calibres_are_not_counts() {
        assert_eq!(q("sent 155 mm shells", "shells"), None);
        assert_eq!(q("sent 155 - mm shells", "shells"), None);
        assert_eq!(
            q("sent 3,000 155 mm shells", "shells").map(|x| x.0),
            Some(Some(3000))
        );
        assert_eq!(q("sent 120 millimetre mortars", "mortars"), None);
    }

    #[test]
    fn exact_and_approximate_counts() {
        assert_eq!(
            q("delivered 1,000 rifles", "rifles").map(|x| (x.0, x.1)),
            Some((Some(1000), Some(1000)))
        );
        assert_eq!(
            q("delivered 1.5 million shells", "shells").map(|x| x.0),
            Some(Some(1_500_000))
        );
        assert_eq!(
            q("delivered two tanks", "tanks").map(|x| x.0),
            Some(Some(2))
        );
        assert_eq!(
            q("delivered about 40 howitzers", "howitzers").map(|x| x.0),
            Some(Some(40))
        );
        assert_eq!(
            q("delivered twenty five tanks", "tanks").map(|x| x.0),
            Some(Some(25))
        );
        assert_eq!(
            q("delivered half a million rounds", "rounds").map(|x| x.0),
            Some(Some(500_000))
        );
    }

    #[test]
    fn several_and_a_few_times_a_multiplier() {
        assert_eq!(
            q("sent several hundred missiles", "missiles").map(|x| (x.0, x.1, x.2)),
            Some((Some(300), Some(900), "several hundred".into()))
        );
        assert_eq!(
            q("sent a few thousand rounds", "rounds").map(|x| (x.0, x.1)),
            Some((Some(2000), Some(5000)))
        );
    }

    #[test]
    fn vague_amounts_and_ranges() {
        assert_eq!(
            q("hundreds of thousands of shells", "shells").map(|x| (x.0, x.1)),
            Some((Some(200_000), Some(999_000)))
        );
        assert_eq!(
            q("dozens of drones", "drones").map(|x| (x.0, x.1)),
            Some((Some(24), Some(99)))
        );
        assert_eq!(
            q("tens of thousands of rounds", "rounds").map(|x| x.0),
            Some(Some(20_000))
        );
        assert_eq!(
            q("between 100 and 200 missiles", "missiles").map(|x| (x.0, x.1)),
            Some((Some(100), Some(200)))
        );
        assert_eq!(
            q("2 to 3 million rounds", "rounds").map(|x| (x.0, x.1)),
            Some((Some(2_000_000), Some(3_000_000)))
        );
    }

    #[test]
    fn unknown_amounts_are_none() {
        assert_eq!(q("an undisclosed quantity of missiles", "missiles"), None);
        assert_eq!(q("an unknown number of missiles", "missiles"), None);
        assert_eq!(q("the missiles", "missiles"), None);
        assert_eq!(q("sent missiles", "missiles"), None);
        assert_eq!(q("worth $820 million drones", "drones"), None);
    }

    #[test]
    fn measured_amounts_carry_their_unit() {
        let u =
            |text: &str, noun: &str| quantity(text, noun).map(|q| (q.min, q.max, q.text, q.unit));
        assert_eq!(
            u(
                "seized more than 750 tonnes of Iranian - made missile parts",
                "missile"
            ),
            Some((
                Some(750),
                None,
                "more than 750 tonnes".into(),
                Some("tonne".into())
            ))
        );
        assert_eq!(
            u("40 kilograms of explosives", "explosives"),
            Some((Some(40), Some(40), "40 kilograms".into(), Some("kg".into())))
        );
        // A count stays a count; a unit word not followed by "of" is no unit of these goods.
        assert_eq!(
            u("300 Iranian - made drones", "drones").map(|x| x.3),
            Some(None)
        );
        assert_eq!(u("two tons drones", "drones"), None);
    }
}
