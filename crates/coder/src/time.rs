//! Time expressions: finds dates and intervals in a sentence and resolves them against the
//! publication date. Relative expressions look backwards from publication ("on Wednesday" is the
//! latest Wednesday on or before it; "in September" the latest September that has begun), since
//! news reports what has happened; explicit dates are taken as written.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use sitrep_nlp::Sentence;
use sitrep_record::DateRange;

/// A time expression found in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeMention {
    /// Byte offset of its first byte in the document text.
    pub start: usize,
    /// Byte offset one past its last byte.
    pub end: usize,
    /// Index of its first token in the sentence.
    pub first_token: usize,
    /// Index of its last token in the sentence (inclusive).
    pub last_token: usize,
    /// The resolved interval; `text` holds the words.
    pub range: DateRange,
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Month number (1-12) for a full or abbreviated month name ("Sept.", "Nov").
pub fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    if w == "sept" {
        return Some(9);
    }
    MONTHS
        .iter()
        .position(|m| *m == w || (w.len() == 3 && m.starts_with(&w)))
        .map(|i| i as u32 + 1)
}

fn weekday(word: &str) -> Option<Weekday> {
    Some(
        match word.trim_end_matches('.').to_ascii_lowercase().as_str() {
            "monday" | "mon" => Weekday::Mon,
            "tuesday" | "tue" | "tues" => Weekday::Tue,
            "wednesday" | "wed" => Weekday::Wed,
            "thursday" | "thu" | "thurs" => Weekday::Thu,
            "friday" | "fri" => Weekday::Fri,
            "saturday" | "sat" => Weekday::Sat,
            "sunday" | "sun" => Weekday::Sun,
            _ => return None,
        },
    )
}

fn small_number(word: &str) -> Option<i64> {
    const WORDS: [&str; 13] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    let w = word.to_ascii_lowercase();
    if let Some(i) = WORDS.iter().position(|x| *x == w) {
        return Some(i as i64);
    }
    if w == "a" || w == "an" {
        return Some(1);
    }
    w.parse::<i64>().ok().filter(|n| (0..=1000).contains(n))
}

fn year(word: &str) -> Option<i32> {
    let w = word.trim_start_matches('\'');
    if w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()) {
        let y: i32 = w.parse().ok()?;
        return (1900..=2100).contains(&y).then_some(y);
    }
    None
}

fn day(word: &str) -> Option<u32> {
    let w = word.trim_end_matches(['.', ',']);
    let w = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|s| w.strip_suffix(s))
        .unwrap_or(w);
    let d: u32 = w.parse().ok()?;
    (1..=31).contains(&d).then_some(d)
}

fn last_day(y: i32, m: u32) -> Option<NaiveDate> {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    NaiveDate::from_ymd_opt(ny, nm, 1).map(|d| d - Duration::days(1))
}

fn month_range(y: i32, m: u32) -> Option<(NaiveDate, NaiveDate)> {
    Some((NaiveDate::from_ymd_opt(y, m, 1)?, last_day(y, m)?))
}

/// The year of the latest month `m` that has begun on or before `p`.
fn past_year_of_month(p: NaiveDate, m: u32) -> i32 {
    if m <= p.month() {
        p.year()
    } else {
        p.year() - 1
    }
}

/// A bare month or weekday ("in April", "on Tuesday") read as the next one instead of the
/// last: for an act still to come ("will send … in April", published in March). `None` when
/// `d` is no such date.
pub fn ahead(d: &DateRange, published: NaiveDate) -> Option<DateRange> {
    let words: Vec<&str> = d
        .text
        .split_whitespace()
        .filter(|w| !matches!(w.to_ascii_lowercase().as_str(), "on" | "in" | "by"))
        .collect();
    let [w] = words[..] else {
        return None;
    };
    let p = published;
    let (a, b) = if let Some(m) = month_number(w) {
        let y = if m >= p.month() {
            p.year()
        } else {
            p.year() + 1
        };
        month_range(y, m)?
    } else {
        let wd = weekday(w)?;
        // The mirror of the backward count in `relative`.
        let fwd = (7 + wd.num_days_from_monday() - p.weekday().num_days_from_monday()) % 7;
        let day = p + Duration::days(i64::from(fwd));
        (day, day)
    };
    Some(DateRange {
        start: fmt(a),
        end: fmt(b),
        text: d.text.clone(),
    })
}

fn fmt(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Words are lower-cased token forms; `i` the position to try. Returns (tokens used, start, end).
type Hit = (usize, NaiveDate, NaiveDate);

fn part_of_month(words: &[String], i: usize) -> Option<(usize, u32, u32)> {
    // "early", "mid", "mid-", "late" → day ranges of a month.
    match words.get(i)?.as_str() {
        "early" => Some((1, 1, 10)),
        "mid" | "mid-" => Some((1, 11, 20)),
        "late" => Some((1, 21, 31)),
        w if w.starts_with("mid-") && month_number(&w[4..]).is_some() => Some((0, 11, 20)),
        _ => None,
    }
}

fn clamp_day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    let last = last_day(y, m)?;
    NaiveDate::from_ymd_opt(y, m, d.min(last.day()))
}

/// Tries an explicit calendar date or a month expression at `i`.
fn calendar(words: &[String], i: usize, p: Option<NaiveDate>) -> Option<Hit> {
    let w = |k: usize| words.get(i + k).map(String::as_str).unwrap_or("");
    // ISO 2023-11-02
    if let Ok(d) = NaiveDate::parse_from_str(w(0), "%Y-%m-%d") {
        return Some((1, d, d));
    }
    // "mid-August"
    if let Some(rest) = w(0).strip_prefix("mid-")
        && let Some(m) = month_number(rest)
    {
        let (used, y) = match year(w(1)) {
            Some(y) => (2, y),
            None => (1, past_year_of_month(p?, m)),
        };
        return Some((used, clamp_day(y, m, 11)?, clamp_day(y, m, 20)?));
    }
    // "2 November 2023", "2 Nov"
    if let Some(d) = day(w(0))
        && let Some(m) = month_number(w(1))
    {
        let skip = usize::from(w(2) == ",");
        return match year(w(2 + skip)) {
            Some(y) => NaiveDate::from_ymd_opt(y, m, d).map(|x| (3 + skip, x, x)),
            None => {
                let y = past_year_of_month(p?, m);
                let x = NaiveDate::from_ymd_opt(y, m, d)?;
                let x = if x > p? {
                    NaiveDate::from_ymd_opt(y - 1, m, d)?
                } else {
                    x
                };
                Some((2, x, x))
            }
        };
    }
    let m = month_number(w(0))?;
    // "Nov." may arrive as "nov" + "."
    let mut k = 1;
    if w(k) == "." {
        k += 1;
    }
    // "November 2, 2023", "November 2"
    if let Some(d) = day(w(k)) {
        let mut j = k + 1;
        if w(j) == "," {
            j += 1;
        }
        return match year(w(j)) {
            Some(y) => NaiveDate::from_ymd_opt(y, m, d).map(|x| (j + 1, x, x)),
            None => {
                let pp = p?;
                let y = past_year_of_month(pp, m);
                let x = NaiveDate::from_ymd_opt(y, m, d)?;
                let x = if x > pp {
                    NaiveDate::from_ymd_opt(y - 1, m, d)?
                } else {
                    x
                };
                Some((k + 1, x, x))
            }
        };
    }
    // "September 2022"
    if let Some(y) = year(w(k)) {
        let (a, b) = month_range(y, m)?;
        return Some((k + 1, a, b));
    }
    // A bare month name: "may" is far too often the modal verb, so it needs a capital (checked by
    // the caller) and the other names suffice alone.
    let y = past_year_of_month(p?, m);
    let (a, b) = month_range(y, m)?;
    Some((1, a, b))
}

fn week_start(d: NaiveDate) -> NaiveDate {
    d - Duration::days(i64::from(d.weekday().num_days_from_monday()))
}

/// Tries a relative expression at `i` (needs the publication date).
fn relative(words: &[String], i: usize, p: NaiveDate) -> Option<Hit> {
    let w = |k: usize| words.get(i + k).map(String::as_str).unwrap_or("");
    match (w(0), w(1), w(2)) {
        ("today", ..) | ("tonight", ..) => return Some((1, p, p)),
        ("yesterday", ..) => {
            let d = p - Duration::days(1);
            return Some((1, d, d));
        }
        ("last" | "past", "week", _) => {
            let s = week_start(p) - Duration::days(7);
            return Some((2, s, s + Duration::days(6)));
        }
        ("this", "week", _) | ("earlier", "this", "week") => {
            let used = if w(0) == "earlier" { 3 } else { 2 };
            return Some((used, week_start(p), p));
        }
        ("last", "month", _) => {
            let (y, m) = if p.month() == 1 {
                (p.year() - 1, 12)
            } else {
                (p.year(), p.month() - 1)
            };
            let (a, b) = month_range(y, m)?;
            return Some((2, a, b));
        }
        ("this", "month", _) | ("earlier", "this", "month") => {
            let used = if w(0) == "earlier" { 3 } else { 2 };
            return Some((used, NaiveDate::from_ymd_opt(p.year(), p.month(), 1)?, p));
        }
        ("last", "year", _) => {
            let y = p.year() - 1;
            return Some((
                2,
                NaiveDate::from_ymd_opt(y, 1, 1)?,
                NaiveDate::from_ymd_opt(y, 12, 31)?,
            ));
        }
        ("this", "year", _) | ("earlier", "this", "year") => {
            let used = if w(0) == "earlier" { 3 } else { 2 };
            return Some((used, NaiveDate::from_ymd_opt(p.year(), 1, 1)?, p));
        }
        ("next", "week", _) => {
            let s = week_start(p) + Duration::days(7);
            return Some((2, s, s + Duration::days(6)));
        }
        ("next", "month", _) => {
            let (y, m) = if p.month() == 12 {
                (p.year() + 1, 1)
            } else {
                (p.year(), p.month() + 1)
            };
            let (a, b) = month_range(y, m)?;
            return Some((2, a, b));
        }
        ("next", "year", _) => {
            let y = p.year() + 1;
            return Some((
                2,
                NaiveDate::from_ymd_opt(y, 1, 1)?,
                NaiveDate::from_ymd_opt(y, 12, 31)?,
            ));
        }
        ("last", "weekend", _) => {
            let sat = week_start(p) - Duration::days(2);
            return Some((2, sat, sat + Duration::days(1)));
        }
        _ => {}
    }
    // "last Wednesday", "on Wednesday", "Wednesday"
    let (skip, wd) = if w(0) == "last" {
        (1, weekday(w(1)))
    } else {
        (0, weekday(w(0)))
    };
    if let Some(wd) = wd {
        let back = (7 + p.weekday().num_days_from_monday() - wd.num_days_from_monday()) % 7;
        // "last Wednesday" said on a Wednesday means a week ago.
        let back = if skip == 1 && back == 0 { 7 } else { back };
        let d = p - Duration::days(i64::from(back));
        return Some((1 + skip, d, d));
    }
    // "three days ago", "two weeks ago"
    if let Some(n) = small_number(w(0)) {
        let unit = w(1).trim_end_matches('s');
        if w(2) == "ago" {
            let d = match unit {
                "day" => p - Duration::days(n),
                "week" => p - Duration::days(7 * n),
                "month" => p.checked_sub_months(chrono::Months::new(u32::try_from(n).ok()?))?,
                "year" => p.checked_sub_months(chrono::Months::new(u32::try_from(n * 12).ok()?))?,
                _ => return None,
            };
            return Some((3, d, d));
        }
    }
    None
}

/// Tries "the past two months", "the last three weeks" at `i` (the word after "the").
fn past_span(words: &[String], i: usize, p: NaiveDate) -> Option<Hit> {
    let w = |k: usize| words.get(i + k).map(String::as_str).unwrap_or("");
    if !matches!(w(0), "past" | "last") {
        return None;
    }
    let (n, k) = match small_number(w(1)) {
        Some(n) if w(1) != "a" => (n, 2),
        _ => (1, 1),
    };
    let start = match w(k).trim_end_matches('s') {
        "day" => p - Duration::days(n),
        "week" => p - Duration::days(7 * n),
        "month" => p.checked_sub_months(chrono::Months::new(u32::try_from(n).ok()?))?,
        "year" => p.checked_sub_months(chrono::Months::new(u32::try_from(n * 12).ok()?))?,
        _ => return None,
    };
    // "two months' worth" is an amount, not a time.
    if matches!(w(k + 1), "'" | "’") || w(k + 1) == "worth" {
        return None;
    }
    Some((k + 1, start, p))
}

/// Finds and resolves the time expressions of one sentence.
pub fn find_dates(
    text: &str,
    sentence: &Sentence,
    published: Option<NaiveDate>,
) -> Vec<TimeMention> {
    let toks = &sentence.tokens;
    let words: Vec<String> = toks.iter().map(|t| t.form.to_lowercase()).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let prev = if i > 0 { words[i - 1].as_str() } else { "" };
        let mut hit: Option<(usize, usize, NaiveDate, NaiveDate)> = None; // (first token, tokens used, start, end)
        // "between March and May", "from June to August": one span from the first to the last.
        if matches!(words[i].as_str(), "between" | "from")
            && let Some((u1, a, _)) = try_at(&words, toks, i + 1, published)
            && words
                .get(i + 1 + u1)
                .is_some_and(|w| matches!(w.as_str(), "and" | "to" | "until" | "through"))
            && let Some((u2, _, b)) = try_at(&words, toks, i + 2 + u1, published)
            && a <= b
        {
            hit = Some((i, u1 + u2 + 2, a, b));
        }
        // "between 3 and 7 March", "from 3 to 7 March": the first day takes the second's month.
        if hit.is_none()
            && matches!(words[i].as_str(), "between" | "from")
            && let Some(d1) = words.get(i + 1).and_then(|w| w.parse::<u32>().ok())
            && words
                .get(i + 2)
                .is_some_and(|w| matches!(w.as_str(), "and" | "to" | "until" | "through"))
            && let Some((u2, a2, b2)) = try_at(&words, toks, i + 3, published)
            && a2 == b2
            && let Some(a) = a2.with_day(d1)
            && a < a2
        {
            hit = Some((i, u2 + 3, a, b2));
        }
        // "since August" / "since 2022" / "since last week": from then until publication (a
        // start after publication is no span: "since 2019" in a page dated 2000).
        if hit.is_none()
            && words[i] == "since"
            && let Some(p) = published
        {
            if let Some(y) = words.get(i + 1).and_then(|w| year(w)) {
                hit = NaiveDate::from_ymd_opt(y, 1, 1)
                    .filter(|&a| a <= p)
                    .map(|a| (i, 2, a, p));
            } else if let Some((used, a, _)) = try_at(&words, toks, i + 1, published)
                && a <= p
            {
                hit = Some((i, used + 1, a, p));
            }
        }
        // "in 2022", "during 2021"
        if hit.is_none()
            && matches!(words[i].as_str(), "in" | "during" | "throughout")
            && let Some(y) = words.get(i + 1).and_then(|w| year(w))
            && words.get(i + 2).is_none_or(|w| month_number(w).is_none())
        {
            hit = NaiveDate::from_ymd_opt(y, 1, 1)
                .zip(NaiveDate::from_ymd_opt(y, 12, 31))
                .map(|(a, b)| (i + 1, 1, a, b));
        }
        // "the past two months"
        if hit.is_none()
            && words[i] == "the"
            && let Some(p) = published
            && let Some((used, a, b)) = past_span(&words, i + 1, p)
        {
            hit = Some((i, used + 1, a, b));
        }
        // "early/late September"
        if hit.is_none()
            && let Some((used, d1, d2)) = part_of_month(&words, i)
            && used == 1
            && let Some(m) = words.get(i + 1).and_then(|w| month_number(w))
            && is_capitalised(toks, i + 1)
        {
            let (y, n) = match words.get(i + 2).and_then(|w| year(w)) {
                Some(y) => (Some(y), 3),
                None => (published.map(|p| past_year_of_month(p, m)), 2),
            };
            if let Some(y) = y
                && let (Some(a), Some(b)) = (clamp_day(y, m, d1), clamp_day(y, m, d2))
            {
                hit = Some((i, n, a, b));
            }
        }
        if hit.is_none()
            && let Some((used, a, b)) = try_at(&words, toks, i, published)
        {
            // "in early September" etc. handled above; a plain "on"/"in" before stays outside the span.
            hit = Some((i, used, a, b));
        }
        match hit {
            Some((first, used, a, b)) if used > 0 => {
                let last = (first + used - 1).min(toks.len() - 1);
                let (start, end) = (toks[first].start, toks[last].end);
                let mut words_text = text.get(start..end).unwrap_or("").to_owned();
                if prev == "on" && first == i && words[i] != "since" {
                    words_text = format!("on {words_text}");
                }
                out.push(TimeMention {
                    start,
                    end,
                    first_token: first,
                    last_token: last,
                    range: DateRange {
                        start: fmt(a),
                        end: fmt(b),
                        text: words_text,
                    },
                });
                i = last + 1;
            }
            _ => i += 1,
        }
    }
    out
}

fn is_capitalised(toks: &[sitrep_nlp::Token], i: usize) -> bool {
    toks.get(i)
        .and_then(|t| t.form.chars().next())
        .is_some_and(char::is_uppercase)
}

fn try_at(
    words: &[String],
    toks: &[sitrep_nlp::Token],
    i: usize,
    published: Option<NaiveDate>,
) -> Option<Hit> {
    let w = words.get(i)?;
    if month_number(w).is_some() || w.starts_with("mid-") {
        // Month names must be capitalised ("may" the verb, "march" the walk).
        let cap_ok = is_capitalised(toks, i) || w.starts_with("mid-");
        if cap_ok && let Some(h) = calendar(words, i, published) {
            return Some(h);
        }
        return None;
    }
    if w.bytes().next().is_some_and(|b| b.is_ascii_digit())
        && let Some(h) = calendar(words, i, published)
    {
        return Some(h);
    }
    if weekday(w).is_some() && !is_capitalised(toks, i) {
        return None;
    }
    relative(words, i, published?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_nlp::Token;

    fn sent(text: &str) -> Sentence {
        // Whitespace tokens with trailing punctuation split off: enough for these tests.
        let mut tokens = Vec::new();
        let mut pos = 0;
        for w in text.split_inclusive(' ') {
            let t = w.trim_end();
            let (core, punct) = match t.strip_suffix([',', '.']) {
                Some(c) if !c.is_empty() && month_number(c).is_none() => (c, true),
                _ => (t, false),
            };
            tokens.push(Token {
                start: pos,
                end: pos + core.len(),
                form: core.to_owned(),
                ..Token::default()
            });
            if punct {
                tokens.push(Token {
                    start: pos + core.len(),
                    end: pos + t.len(),
                    form: t[core.len()..].to_owned(),
                    ..Token::default()
                });
            }
            pos += w.len();
        }
        Sentence {
            start: 0,
            end: text.len(),
            tokens,
            entities: vec![],
        }
    }

    fn dates(text: &str, p: &str) -> Vec<(String, String, String)> {
        let p = NaiveDate::parse_from_str(p, "%Y-%m-%d").ok();
        find_dates(text, &sent(text), p)
            .into_iter()
            .map(|m| (m.range.start, m.range.end, m.range.text))
            .collect()
    }

    #[test]
    fn future_acts_read_bare_months_and_weekdays_ahead() {
        let p = NaiveDate::from_ymd_opt(2026, 3, 14).expect("valid date"); // a Saturday
        let r = |text: &str| DateRange {
            start: String::new(),
            end: String::new(),
            text: text.into(),
        };
        for (text, want) in [
            ("April", Some(("2026-04-01", "2026-04-30"))),
            ("in February", Some(("2027-02-01", "2027-02-28"))),
            ("March", Some(("2026-03-01", "2026-03-31"))),
            ("on Tuesday", Some(("2026-03-17", "2026-03-17"))),
            ("on Saturday", Some(("2026-03-14", "2026-03-14"))),
            ("April 2025", None),
            ("last week", None),
        ] {
            let got = ahead(&r(text), p);
            let got = got.as_ref().map(|d| (d.start.as_str(), d.end.as_str()));
            assert_eq!(got, want, "{text}");
        }
    }

    #[test]
    fn weekday_is_latest_on_or_before_publication() {
        // 2023-11-02 is a Thursday.
        assert_eq!(
            dates("They met on Wednesday to talk", "2023-11-02")[0].0,
            "2023-11-01"
        );
        assert_eq!(
            dates("They met on Thursday to talk", "2023-11-02")[0].0,
            "2023-11-02"
        );
        assert_eq!(
            dates("They met on Friday to talk", "2023-11-02")[0].0,
            "2023-10-27"
        );
        assert_eq!(
            dates("They met last Thursday", "2023-11-02")[0].0,
            "2023-10-26"
        );
    }

    #[test]
    fn last_week_is_the_previous_monday_to_sunday() {
        let d = dates("Last week , the envoys met", "2023-11-02");
        assert_eq!(
            (d[0].0.as_str(), d[0].1.as_str()),
            ("2023-10-23", "2023-10-29")
        );
    }

    #[test]
    fn next_week_month_and_year_lie_ahead() {
        assert_eq!(
            dates("deliveries next year", "2024-10-14")[0].0,
            "2025-01-01"
        );
        assert_eq!(dates("due next month", "2024-12-02")[0].1, "2025-01-31");
        // 2024-10-14 is a Monday: next week runs Monday 21 to Sunday 27.
        assert_eq!(dates("talks next week", "2024-10-14")[0].0, "2024-10-21");
    }

    #[test]
    fn between_and_from_to_give_one_span() {
        let d = dates("moved between March and May by rail", "2024-06-03");
        assert_eq!(
            (d[0].0.as_str(), d[0].1.as_str(), d[0].2.as_str()),
            ("2024-03-01", "2024-05-31", "between March and May")
        );
        let d = dates("shipped from November to February", "2024-03-10");
        assert_eq!(
            (d[0].0.as_str(), d[0].1.as_str()),
            ("2023-11-01", "2024-02-29")
        );
        let d = dates("flown in between 3 and 7 March", "2024-06-03");
        assert_eq!(
            (d[0].0.as_str(), d[0].1.as_str(), d[0].2.as_str()),
            ("2024-03-03", "2024-03-07", "between 3 and 7 March")
        );
        // Backwards ends are two dates, not a span.
        assert_eq!(dates("from May 2024 to March 2023", "2024-06-03").len(), 2);
    }

    #[test]
    fn since_a_start_after_publication_is_no_inverted_span() {
        // Found by the `dates` fuzz target: the range ran from 2019-01-01 back to 2000-10-11.
        for (text, published) in [
            ("since 2019", "2000-10-11"),
            ("since 3 May 2025", "2024-01-02"),
        ] {
            for (start, end, words) in dates(text, published) {
                assert!(start <= end, "{words:?}: {start} > {end}");
            }
        }
    }

    #[test]
    fn since_month_runs_to_publication() {
        let d = dates("shipped since August through ports", "2023-11-02");
        assert_eq!(
            (d[0].0.as_str(), d[0].1.as_str(), d[0].2.as_str()),
            ("2023-08-01", "2023-11-02", "since August")
        );
        // A month later in the year than publication is last year's.
        assert_eq!(dates("since December", "2023-11-02")[0].0, "2022-12-01");
    }

    #[test]
    fn months_years_and_explicit_dates() {
        assert_eq!(
            dates("the visit in September was brief", "2023-11-02")[0].1,
            "2023-09-30"
        );
        assert_eq!(
            dates("signed on 2 November 2021 in Oslo", "2023-11-02")[0].0,
            "2021-11-02"
        );
        assert_eq!(
            dates("signed on November 2, 2021 in Oslo", "2023-11-02")[0].0,
            "2021-11-02"
        );
        assert_eq!(
            dates("signed on Nov. 5 in Oslo", "2023-11-10")[0].0,
            "2023-11-05"
        );
        assert_eq!(
            dates("signed on 2022-03-04 in Oslo", "2023-11-10")[0].0,
            "2022-03-04"
        );
        assert_eq!(
            dates("fighting in 2022 was fierce", "2023-11-10")[0].1,
            "2022-12-31"
        );
        assert_eq!(
            dates("deliveries from March 2022 on", "2023-11-10")[0].0,
            "2022-03-01"
        );
        assert_eq!(
            dates("earlier this year , officials said", "2023-11-10")[0].0,
            "2023-01-01"
        );
        assert_eq!(
            dates("in early September , officials said", "2023-11-10")[0].1,
            "2023-09-10"
        );
        assert_eq!(
            dates("three days ago , officials said", "2023-11-10")[0].0,
            "2023-11-07"
        );
    }

    #[test]
    fn amounts_and_modals_are_not_dates() {
        assert!(dates("about three weeks' worth of fuel", "2023-11-02").is_empty());
        assert!(dates("they may send more", "2023-11-02").is_empty());
        assert!(dates("a march through the city", "2023-11-02").is_empty());
    }

    #[test]
    fn no_publication_date_leaves_relative_dates_unresolved() {
        assert!(dates("They met on Wednesday", "bad").is_empty());
        assert_eq!(dates("signed on 2 November 2021", "bad")[0].0, "2021-11-02");
    }
}
