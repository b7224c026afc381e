//! Money amounts in a sentence ("$300 million", "€5 billion", "£500m", "61 billion dollars"):
//! the value of an aid or arms package. Only amounts that name a currency (a symbol or a currency
//! word) are read; a bare number is a count, not money.

use sitrep_record::Money;

use crate::view::View;

/// A money amount found in a sentence: word span `w0..w1` and the value.
#[derive(Debug, Clone)]
pub struct MoneyMention {
    /// First word.
    pub w0: usize,
    /// One past the last word.
    pub w1: usize,
    /// The amount.
    pub money: Money,
}

/// Currency symbols, longest first where one ends another ("us$" before "$"); they may stand
/// alone or be attached to the number ("$300").
const SYMBOLS: &[(&str, &str)] = &[
    ("us$", "USD"),
    ("a$", "AUD"),
    ("c$", "CAD"),
    ("$", "USD"),
    ("€", "EUR"),
    ("£", "GBP"),
    ("¥", "JPY"),
];

/// A currency symbol or ISO code standing as its own word.
fn symbol(w: &str) -> Option<&'static str> {
    SYMBOLS
        .iter()
        .find(|(s, _)| *s == w)
        .map(|(_, c)| *c)
        .or(match w {
            "usd" => Some("USD"),
            "eur" => Some("EUR"),
            "gbp" => Some("GBP"),
            "jpy" => Some("JPY"),
            "aud" => Some("AUD"),
            "cad" => Some("CAD"),
            _ => None,
        })
}

fn currency_word(w: &str) -> Option<&'static str> {
    Some(match w {
        "dollars" | "dollar" => "USD",
        "euros" | "euro" => "EUR",
        "pounds" | "sterling" => "GBP",
        "yen" => "JPY",
        "roubles" | "rubles" => "RUB",
        "yuan" | "renminbi" => "CNY",
        "won" => "KRW",
        "rupees" => "INR",
        _ => return None,
    })
}

/// Money multipliers: the count multipliers of `quantity.rs` (not "hundred") and the
/// abbreviations of financial copy.
fn multiplier(w: &str) -> Option<f64> {
    match w {
        "hundred" => None,
        "k" => Some(1e3),
        "mn" => Some(1e6),
        "b" => Some(1e9),
        "trillion" | "tn" => Some(1e12),
        _ => crate::quantity::multiplier(w).map(|m| m as f64),
    }
}

/// A number word with an optional attached multiplier ("300", "1.5", "300m", "2bn").
fn number(w: &str) -> Option<(f64, Option<f64>)> {
    let split = w
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .unwrap_or(w.len());
    let (num, suffix) = w.split_at(split);
    let v = crate::quantity::digits(num)?;
    if suffix.is_empty() {
        Some((v, None))
    } else {
        multiplier(suffix).map(|m| (v, Some(m)))
    }
}

/// All money amounts of a sentence, in order; `text` is the document text.
pub fn find(view: &View, text: &str) -> Vec<MoneyMention> {
    let n = view.words.len();
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        let w = view.w(i);
        // A symbol as its own word ("$" "300"), or attached ("$300", "us$2bn").
        let (cur, num_at, attached) = match symbol(w) {
            Some(c) => (Some(c), i + 1, None),
            None => {
                match SYMBOLS
                    .iter()
                    .find(|(s, _)| w.starts_with(s) && w.len() > s.len())
                {
                    Some((s, c)) => (Some(*c), i, Some(&w[s.len()..])),
                    None => (None, i, None),
                }
            }
        };
        let num_word = attached.unwrap_or_else(|| view.w(num_at));
        let Some((v, attached_mult)) = number(num_word) else {
            i += 1;
            continue;
        };
        let mut end = num_at + 1;
        let mut value = v;
        if let Some(m) = attached_mult {
            value *= m;
        } else {
            while let Some(m) = multiplier(view.w(end)) {
                value *= m;
                end += 1;
            }
        }
        let currency = match cur {
            Some(c) => Some(c),
            None => {
                // "61 billion dollars", "500 million US dollars", "2 billion euros".
                let mut k = end;
                if matches!(view.w(k), "us" | "u.s.") {
                    k += 1;
                }
                match currency_word(view.w(k)) {
                    Some(c) => {
                        end = k + 1;
                        Some(c)
                    }
                    None => None,
                }
            }
        };
        if currency.is_none() || value < 1.0 {
            i += 1;
            continue;
        }
        out.push(MoneyMention {
            w0: i,
            w1: end,
            money: Money {
                amount: value.round() as u64,
                currency: currency.map(str::to_owned),
                text: text
                    .get(view.words[i].start..view.words[end - 1].end)
                    .unwrap_or("")
                    .to_owned(),
            },
        });
        i = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words_view(s: &str) -> View<'_> {
        let words = s
            .split_whitespace()
            .scan(0usize, |pos, w| {
                let start = *pos;
                *pos += w.len() + 1;
                Some(crate::view::Word {
                    tok: 0,
                    start,
                    end: start + w.len(),
                    text: w,
                    lower: w.to_lowercase().into(),
                    lemma: w.to_lowercase().into(),
                    upos: None,
                    punct: false,
                })
            })
            .collect();
        View {
            index: 0,
            start: 0,
            end: s.len(),
            words,
            tagged: false,
            parsed: false,
        }
    }

    fn amounts(s: &str) -> Vec<(u64, Option<String>, String)> {
        let v = words_view(s);
        find(&v, s)
            .into_iter()
            .map(|m| (m.money.amount, m.money.currency, m.money.text))
            .collect()
    }

    #[test]
    fn symbols_numbers_and_multipliers() {
        assert_eq!(
            amounts("approved a $ 300 million package"),
            [(300_000_000, Some("USD".into()), "$ 300 million".into())]
        );
        assert_eq!(
            amounts("the €5 billion fund"),
            [(5_000_000_000, Some("EUR".into()), "€5 billion".into())]
        );
        assert_eq!(
            amounts("a further £500m in support"),
            [(500_000_000, Some("GBP".into()), "£500m".into())]
        );
        assert_eq!(
            amounts("worth 1.5 billion dollars"),
            [(
                1_500_000_000,
                Some("USD".into()),
                "1.5 billion dollars".into()
            )]
        );
    }

    #[test]
    fn counts_are_not_money() {
        assert!(amounts("sent 300 million rounds").is_empty());
        assert!(amounts("sent 5,000 rifles").is_empty());
    }
}
