//! Publication dates as news pages print them: "Thu Nov 02 2023", "November 2, 2023",
//! "2 November 2023", "2023-11-02", "Oct. 17, 2022 2:06 pm", "Published 3:04 PM EST, Mon May
//! 6, 2024". An all-numeric date whose day and month could be swapped ("02/11/2023") is not
//! guessed.

use chrono::NaiveDate;

/// A date found in a line, or why a date-looking line gave none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Found {
    /// A date and how many of the line's words it (and date-line vocabulary) account for.
    Date(NaiveDate),
    /// A numeric date that reads two ways.
    Ambiguous(String),
    /// Nothing.
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part<'a> {
    Num(u32, usize),
    Word(&'a str),
    Sep(u8),
}

fn month(w: &str) -> Option<u32> {
    const M: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    const FULL: [&str; 12] = [
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
    let l = w.to_ascii_lowercase();
    if let Some(i) = FULL.iter().position(|m| *m == l) {
        return Some(i as u32 + 1);
    }
    if l == "sept" {
        return Some(9);
    }
    M.iter().position(|m| *m == l).map(|i| i as u32 + 1)
}

/// Words that may stand on a date line besides the date itself.
fn date_vocab(w: &str) -> bool {
    let l = w.to_ascii_lowercase();
    matches!(
        l.as_str(),
        "published"
            | "updated"
            | "posted"
            | "last"
            | "on"
            | "at"
            | "am"
            | "pm"
            | "a"
            | "p"
            | "m"
            | "th"
            | "st"
            | "nd"
            | "rd"
            | "gmt"
            | "utc"
            | "est"
            | "edt"
            | "cst"
            | "cdt"
            | "pst"
            | "pdt"
            | "bst"
            | "cet"
            | "cest"
            | "kst"
            | "jst"
            | "ist"
            | "et"
            | "pt"
            | "t"
            | "z"
            | "mon"
            | "tue"
            | "tues"
            | "wed"
            | "thu"
            | "thur"
            | "thurs"
            | "fri"
            | "sat"
            | "sun"
            | "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "date"
            | "time"
            | "and"
            | "by"
    )
}

fn parts(line: &str) -> Vec<Part<'_>> {
    let b = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_digit() {
            let s = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            let v = line[s..i].parse::<u32>().unwrap_or(u32::MAX);
            out.push(Part::Num(v, i - s));
        } else if c.is_ascii_alphabetic() {
            let s = i;
            while i < b.len() && b[i].is_ascii_alphabetic() {
                i += 1;
            }
            out.push(Part::Word(&line[s..i]));
        } else {
            if matches!(c, b'-' | b'/' | b'.' | b':' | b',') {
                out.push(Part::Sep(c));
            }
            i += 1;
        }
    }
    out
}

fn ymd(y: u32, m: u32, d: u32) -> Option<NaiveDate> {
    if !(1900..=2200).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y as i32, m, d)
}

/// Looks for a date in a short line. `strict` demands that the line be little else than the
/// date (so prose mentioning a date is not taken for a date line).
pub(crate) fn find(line: &str, strict: bool) -> Found {
    let p = parts(line);
    let words = p.iter().filter(|x| !matches!(x, Part::Sep(_))).count();
    let mut found = Found::None;
    let mut used = 0usize;
    let n = p.len();
    let num = |i: usize| match p.get(i) {
        Some(Part::Num(v, l)) => Some((*v, *l)),
        _ => None,
    };
    let word = |i: usize| match p.get(i) {
        Some(Part::Word(w)) => Some(*w),
        _ => None,
    };
    let sep = |i: usize| match p.get(i) {
        Some(Part::Sep(c)) => Some(*c),
        _ => None,
    };
    // Skips separators (and a period after an abbreviated month, a comma after a day).
    let skip = |mut i: usize| {
        while matches!(p.get(i), Some(Part::Sep(b'.' | b','))) {
            i += 1;
        }
        i
    };
    // Skips an ordinal suffix word ("2nd").
    let skip_ord = |i: usize| match word(i) {
        Some(w) if matches!(w.to_ascii_lowercase().as_str(), "st" | "nd" | "rd" | "th") => i + 1,
        _ => i,
    };
    let mut i = 0;
    while i < n {
        // 2023-11-02 (also inside "2023-11-02T10:00Z").
        if let (Some((y, 4)), Some(b'-'), Some((m, _)), Some(b'-'), Some((d, _))) =
            (num(i), sep(i + 1), num(i + 2), sep(i + 3), num(i + 4))
            && let Some(dt) = ymd(y, m, d)
        {
            found = Found::Date(dt);
            used = 3;
            break;
        }
        // Month D, YYYY / Month D YYYY.
        if let Some(m) = word(i).and_then(month) {
            let j = skip(i + 1);
            if let Some((d, dl)) = num(j)
                && dl <= 2
            {
                let k = skip(skip_ord(j + 1));
                if let Some((y, 4)) = num(k)
                    && let Some(dt) = ymd(y, m, d)
                {
                    found = Found::Date(dt);
                    used = 3;
                    break;
                }
            }
        }
        // D Month YYYY.
        if let Some((d, dl)) = num(i)
            && dl <= 2
        {
            let j = skip(skip_ord(i + 1));
            if let Some(m) = word(j).and_then(month) {
                let k = skip(j + 1);
                if let Some((y, 4)) = num(k)
                    && let Some(dt) = ymd(y, m, d)
                {
                    found = Found::Date(dt);
                    used = 3;
                    break;
                }
            }
        }
        // a/b/YYYY or a.b.YYYY: only when one reading is impossible.
        if let (Some((a, al)), Some(s1), Some((b, bl)), Some(s2), Some((y, 4))) =
            (num(i), sep(i + 1), num(i + 2), sep(i + 3), num(i + 4))
            && s1 == s2
            && matches!(s1, b'/' | b'.' | b'-')
            && al <= 2
            && bl <= 2
        {
            let mdy = ymd(y, a, b);
            let dmy = ymd(y, b, a);
            match (mdy, dmy) {
                (Some(x), Some(z)) if x != z => {
                    found = Found::Ambiguous(line.trim().to_owned());
                }
                (Some(x), _) | (None, Some(x)) => {
                    found = Found::Date(x);
                    used = 3;
                    break;
                }
                _ => {}
            }
        }
        i += 1;
    }
    if strict && let Found::Date(_) = found {
        // The rest of the line must be date-line vocabulary or numbers (times, zones).
        let other = p
            .iter()
            .filter(|x| match x {
                Part::Word(w) => !date_vocab(w) && month(w).is_none(),
                _ => false,
            })
            .count();
        if other > 2 || words > used + 8 {
            return Found::None;
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, dd: u32) -> Found {
        Found::Date(NaiveDate::from_ymd_opt(y, m, dd).expect("valid"))
    }

    #[test]
    fn common_forms() {
        assert_eq!(find("Thu Nov 02 2023", true), d(2023, 11, 2));
        assert_eq!(find("November 2, 2023", true), d(2023, 11, 2));
        assert_eq!(find("2 November 2023", true), d(2023, 11, 2));
        assert_eq!(find("2023-11-02", true), d(2023, 11, 2));
        assert_eq!(find("2023-11-02T08:15:00Z", true), d(2023, 11, 2));
        assert_eq!(find("Oct. 17, 2022 2:06 pm", true), d(2022, 10, 17));
        assert_eq!(find("Sept. 3rd, 2021", true), d(2021, 9, 3));
        assert_eq!(
            find("Published 3:04 PM EST, Mon May 6, 2024", true),
            d(2024, 5, 6)
        );
        assert_eq!(
            find("Updated 14 March 2024, 09:12 GMT", true),
            d(2024, 3, 14)
        );
        assert_eq!(find("25/11/2023", true), d(2023, 11, 25));
    }

    #[test]
    fn ambiguous_and_prose() {
        assert!(matches!(find("02/11/2023", true), Found::Ambiguous(_)));
        assert_eq!(
            find(
                "The talks that began on November 2, 2023 were cut short by a storm over the bay",
                true
            ),
            Found::None
        );
        assert_eq!(find("No date here", true), Found::None);
        assert_eq!(find("February 30, 2023", true), Found::None);
    }
}
