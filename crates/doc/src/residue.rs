//! Page residue: share buttons, "Read more", bylines, photo credits, newsletter and cookie
//! prompts. The patterns live in `data/residue.txt`.

use std::collections::HashSet;

const RESIDUE: &str = include_str!("../data/residue.txt");

/// Lines longer than this are prose, whatever they contain.
const SHORT: usize = 160;

/// The compiled residue patterns.
#[derive(Debug)]
pub(crate) struct Residue {
    lines: HashSet<&'static str>,
    prefixes: Vec<&'static str>,
    contains: Vec<&'static str>,
    words: HashSet<&'static str>,
}

impl Residue {
    pub(crate) fn builtin() -> Self {
        let mut r = Self {
            lines: HashSet::new(),
            prefixes: Vec::new(),
            contains: Vec::new(),
            words: HashSet::new(),
        };
        let mut section = "";
        for l in RESIDUE.lines().map(str::trim) {
            if l.is_empty() || l.starts_with('#') {
                continue;
            }
            if l.starts_with('[') && l.ends_with(']') {
                section = l;
                continue;
            }
            match section {
                "[line]" => {
                    r.lines.insert(l);
                }
                "[prefix]" => r.prefixes.push(l),
                "[contains]" => r.contains.push(l),
                "[word]" => {
                    r.words.insert(l);
                }
                _ => {}
            }
        }
        r
    }

    /// Whether a (trimmed) line is page residue, and which kind.
    pub(crate) fn classify(&self, line: &str) -> Option<&'static str> {
        if line.len() >= SHORT {
            return None;
        }
        let low = line.to_lowercase();
        let bare = low.trim_end_matches(|c: char| c.is_ascii_punctuation() || c.is_whitespace());
        if self.lines.contains(bare) {
            return Some("residue_line");
        }
        if self.prefixes.iter().any(|p| low.starts_with(p)) {
            return Some("residue_prefix");
        }
        if self.contains.iter().any(|p| low.contains(p)) {
            return Some("residue_contains");
        }
        let mut any = false;
        let all_buttons = low
            .split(|c: char| c.is_whitespace() || matches!(c, '|' | '•' | '·' | ','))
            .filter(|w| !w.is_empty())
            .all(|w| {
                any = true;
                w.starts_with("icon-")
                    || w.starts_with("fa-")
                    || w.starts_with("social-")
                    || self
                        .words
                        .contains(w.trim_matches(|c: char| !c.is_alphanumeric()))
            });
        if any && all_buttons {
            return Some("residue_buttons");
        }
        if is_byline(line) {
            return Some("byline");
        }
        None
    }
}

/// "By Jane Doe", "By Jane Doe and John Roe, Reuters", "By JANE DOE | Staff writer".
fn is_byline(line: &str) -> bool {
    let Some(rest) = line
        .strip_prefix("By ")
        .or_else(|| line.strip_prefix("BY "))
        .or_else(|| line.strip_prefix("by "))
    else {
        return false;
    };
    if line.len() > 100 || rest.ends_with('.') && !rest.ends_with(" Jr.") {
        return false;
    }
    let words: Vec<&str> = rest
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '|' | '/'))
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() || words.len() > 12 {
        return false;
    }
    // Names and outlet words are capitalised; "and" joins names.
    words.iter().all(|w| {
        w.chars().next().is_some_and(char::is_uppercase) || matches!(*w, "and" | "&" | "in")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn residue_kinds() {
        let r = Residue::builtin();
        for l in [
            "icon-linkedin icon-email icon-print",
            "Share this article",
            "Read more: Officials meet again",
            "Advertisement",
            "Click here to subscribe",
            "By Jane Doe",
            "By Jane Doe and Omar Haddad, Reuters",
            "Support independent journalism",
            "(Photo: Reuters)",
            "A convoy near the border. Getty Images",
            "Sign up for our morning newsletter",
            "We use cookies to improve your experience.",
            "Facebook Twitter Email",
        ] {
            assert!(r.classify(l).is_some(), "{l}");
        }
        for l in [
            "By noon the convoy had crossed the river.",
            "The ministry said it would share intelligence with its allies.",
            "Bakers sold a record number of cookies this winter.",
            "SEOUL: The military said on Thursday that the launches continued.",
        ] {
            assert!(r.classify(l).is_none(), "{l}");
        }
    }
}
