//! A word-level view of one annotated sentence that the rules read: punctuation and possessive
//! clitics split off (so the rules work whatever the tokenizer did), lower-cased forms, lemmas
//! and tags when the tagger ran, heads when the parser ran.

use std::borrow::Cow;

use sitrep_nlp::{Sentence, Token, Upos};

/// One word of a sentence. The strings borrow the document text and the sentence's lemmas
/// where normalising leaves them unchanged (most words), so a view costs few allocations.
#[derive(Debug, Clone)]
pub struct Word<'a> {
    /// Index of the token it comes from.
    pub tok: usize,
    /// Byte span in the document text.
    pub start: usize,
    /// Byte end.
    pub end: usize,
    /// Surface form.
    pub text: &'a str,
    /// Lower-cased form with typographic apostrophes normalised.
    pub lower: Cow<'a, str>,
    /// Lemma (lower case) from the tagger, or the lower form.
    pub lemma: Cow<'a, str>,
    /// Tag, when the tagger ran.
    pub upos: Option<Upos>,
    /// Punctuation.
    pub punct: bool,
}

/// The view of one sentence.
#[derive(Debug, Clone)]
pub struct View<'a> {
    /// Sentence index in the document.
    pub index: usize,
    /// Byte span of the sentence.
    pub start: usize,
    /// Byte end.
    pub end: usize,
    /// Words.
    pub words: Vec<Word<'a>>,
    /// Whether the tagger ran.
    pub tagged: bool,
    /// Whether the parser ran.
    pub parsed: bool,
}

fn is_punct_char(c: char) -> bool {
    matches!(
        c,
        ',' | '.'
            | ';'
            | ':'
            | '!'
            | '?'
            | '"'
            | '('
            | ')'
            | '['
            | ']'
            | '\u{201c}'
            | '\u{201d}'
            | '\u{2018}'
            | '\u{2019}'
            | '\''
            | '\u{2014}'
            | '\u{2013}'
    )
}

/// Normalises apostrophes and lower-cases.
pub fn norm(s: &str) -> Cow<'_, str> {
    // Most words are plain lower-case ASCII: nothing to change, nothing to allocate.
    if s.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(if s.contains(['\u{2019}', '\u{2018}']) {
        s.replace(['\u{2019}', '\u{2018}'], "'").to_lowercase()
    } else {
        s.to_lowercase()
    })
}

/// An apostrophe as [`norm`] leaves it.
fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}')
}

/// Whether `norm(s)` ends in "'s" and does not start with "'" (a possessive clitic to split
/// off), without building it: lower-casing maps each character on its own (final sigma aside,
/// which gives neither letter), only 's' and 'S' lower-case to an 's' and only the apostrophes
/// normalise to one (tests check all characters).
fn has_poss_clitic(s: &str) -> bool {
    let mut rev = s.chars().rev();
    matches!(rev.next(), Some('s' | 'S'))
        && rev.next().is_some_and(is_apostrophe)
        && !s.starts_with(is_apostrophe)
}

/// Whether `f` holds for some lower-cased word or lemma that [`View::new`] can make of token
/// `t`, short of a lone mark or clitic: the token with its leading punctuation stripped, each
/// stage of stripping its trailing punctuation and possessive clitics (the view stops at one
/// of them), and its lemma. A test over these holds wherever the same test over the view's
/// words does, so a stage may skip a sentence on it without building the view.
pub fn any_token_word(
    t: &Token,
    text: &str,
    scratch: &mut String,
    mut f: impl FnMut(&str) -> bool,
) -> bool {
    if !t.lemma.is_empty() && f(&norm(&t.lemma)) {
        return true;
    }
    let Some(form) = text.get(t.start..t.end) else {
        return false;
    };
    // Most tokens are ASCII: lower them once into `scratch`, since there `norm` is ASCII
    // lower-casing, and stripping marks and clitics commutes with it.
    let ascii = form.is_ascii();
    if ascii {
        scratch.clear();
        scratch.push_str(form);
        scratch.make_ascii_lowercase();
    }
    let mut w = if ascii { scratch.as_str() } else { form }.trim_start_matches(is_punct_char);
    while !w.is_empty() {
        if f(&if ascii { Cow::Borrowed(w) } else { norm(w) }) {
            return true;
        }
        w = if has_poss_clitic(w) {
            w.char_indices().rev().nth(1).map_or("", |(i, _)| &w[..i])
        } else if w.ends_with(is_punct_char) {
            w.trim_end_matches(is_punct_char)
        } else {
            ""
        };
    }
    false
}

impl<'a> View<'a> {
    /// Builds the view of `s` over the document `text`.
    pub fn new(index: usize, s: &'a Sentence, text: &'a str) -> Self {
        let tagged = s.tokens.iter().any(|t| t.upos != Upos::X);
        let parsed = s.tokens.iter().any(|t| !t.deprel.is_empty());
        let mut words = Vec::with_capacity(s.tokens.len());
        for (ti, t) in s.tokens.iter().enumerate() {
            let Some(form) = text.get(t.start..t.end) else {
                continue;
            };
            let upos = tagged.then_some(t.upos);
            let lemma_of = |w: &'a str| {
                if t.lemma.is_empty() {
                    norm(w)
                } else {
                    norm(&t.lemma)
                }
            };
            // Split leading punctuation, trailing punctuation and a possessive clitic.
            let mut a = 0;
            let mut b = form.len();
            let mut pre = Vec::new();
            while let Some(c) = form[a..b].chars().next() {
                if is_punct_char(c) && b - a > c.len_utf8() {
                    pre.push((a, a + c.len_utf8()));
                    a += c.len_utf8();
                } else {
                    break;
                }
            }
            let mut post = Vec::new();
            loop {
                let rest = &form[a..b];
                if has_poss_clitic(rest) && rest.chars().count() > 2 {
                    let k = rest.char_indices().rev().nth(1).map_or(0, |(i, _)| i);
                    post.push((a + k, b));
                    b = a + k;
                    continue;
                }
                match rest.chars().next_back() {
                    Some(c) if is_punct_char(c) && rest.len() > c.len_utf8() => {
                        // Keep abbreviation dots ("U.S.", "N.") on the word.
                        if c == '.' && rest[..rest.len() - 1].contains('.') {
                            break;
                        }
                        if c == '.'
                            && rest.len() <= 3
                            && rest.chars().next().is_some_and(char::is_uppercase)
                        {
                            break;
                        }
                        post.push((b - c.len_utf8(), b));
                        b -= c.len_utf8();
                    }
                    _ => break,
                }
            }
            post.reverse();
            let mk = |x: usize, y: usize, main: bool| {
                let txt = &form[x..y];
                let punct = txt.chars().all(is_punct_char);
                let lower = norm(txt);
                Word {
                    tok: ti,
                    start: t.start + x,
                    end: t.start + y,
                    text: txt,
                    lemma: if main && form.len() == y - x {
                        lemma_of(txt)
                    } else {
                        lower.clone()
                    },
                    lower,
                    upos: if main {
                        upos
                    } else if punct {
                        Some(Upos::Punct)
                    } else {
                        upos
                    },
                    punct,
                }
            };
            for (x, y) in pre {
                words.push(mk(x, y, false));
            }
            if b > a {
                words.push(mk(a, b, true));
            }
            for (x, y) in post {
                words.push(mk(x, y, false));
            }
        }
        Self {
            index,
            start: s.start,
            end: s.end,
            words,
            tagged,
            parsed,
        }
    }

    /// The text of words `a..b` as written ("" for an empty or out-of-range span).
    pub fn surface(&self, text: &str, a: usize, b: usize) -> String {
        if a >= b || b > self.words.len() {
            return String::new();
        }
        text.get(self.words[a].start..self.words[b - 1].end)
            .unwrap_or("")
            .to_owned()
    }

    /// Lower form of word `i`, or "" out of range.
    pub fn w(&self, i: usize) -> &str {
        self.words.get(i).map_or("", |w| &w.lower)
    }

    /// Word index of the first word starting at or after byte `b`.
    pub fn word_at(&self, b: usize) -> usize {
        self.words
            .iter()
            .position(|w| w.start >= b)
            .unwrap_or(self.words.len())
    }

    /// Word index one past the last word ending at or before byte `b`.
    pub fn word_end(&self, b: usize) -> usize {
        self.words
            .iter()
            .rposition(|w| w.end <= b)
            .map_or(0, |i| i + 1)
    }

    /// The word span covering token indices `t0..=t1`.
    pub fn words_of_tokens(&self, t0: usize, t1: usize) -> (usize, usize) {
        let a = self
            .words
            .iter()
            .position(|w| w.tok >= t0)
            .unwrap_or(self.words.len());
        let b = self
            .words
            .iter()
            .rposition(|w| w.tok <= t1)
            .map_or(a, |i| i + 1);
        (a, b.max(a))
    }

    /// Whether word `i` is a possessive clitic.
    pub fn is_poss(&self, i: usize) -> bool {
        matches!(self.w(i), "'s" | "'")
    }

    /// Whether word `i` looks like a verb (tag, or a shape test without tags).
    pub fn verbish(&self, i: usize) -> bool {
        match self.words.get(i).and_then(|w| w.upos) {
            Some(u) => matches!(u, Upos::Verb | Upos::Aux),
            None => {
                let w = self.w(i);
                w.ends_with("ed") || w.ends_with("ing")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    /// The plain definition `has_poss_clitic` stands for.
    fn poss_plain(s: &str) -> bool {
        let lower = s.replace(['\u{2019}', '\u{2018}'], "'").to_lowercase();
        lower.ends_with("'s") && !lower.starts_with('\'')
    }

    proptest::proptest! {
        /// The shortcuts give what the plain definition gives.
        #[test]
        fn norm_is_lowercase_with_straight_apostrophes(s in "[a-zA-Z\u{2019}\u{2018}'İßΣé .-]{0,12}") {
            let want = s.replace(['\u{2019}', '\u{2018}'], "'").to_lowercase();
            proptest::prop_assert_eq!(super::norm(&s), want);
        }

        /// A token that gives the view a trigger word (by form or lemma) passes the token test:
        /// tokens of trigger forms, other words and marks, glued to punctuation and clitics in
        /// any order, as a tokenizer might leave them, with or without a lemma.
        #[test]
        fn token_test_misses_no_word_of_the_view(
            toks in proptest::collection::vec(
                (
                    "[\"(\u{201c}'.]{0,2}",
                    0usize..12,
                    "('s|\u{2019}s|s'|)",
                    "[.,;:!?\")\u{201d}'\u{2019}]{0,2}",
                    "('s|)",
                    0usize..3,
                ),
                1..8,
            )
        ) {
            const WORDS: [&str; 12] = [
                "sent", "Supplied", "DELIVERIES", "talks", "the", "U.S.", "Kim", "N.", "ships",
                "shipment", "sendt", "quiet",
            ];
            let lx = crate::lexicon::Lexicon::builtin();
            let mut text = String::new();
            let mut tokens = Vec::new();
            for (pre, w, clitic, post, end, lemma) in &toks {
                let start = text.len();
                text.push_str(&format!("{pre}{}{clitic}{post}{end}", WORDS[*w]));
                tokens.push(sitrep_nlp::Token {
                    start,
                    end: text.len(),
                    // A lemma the form does not show ("sendt", tagged as a form of "send").
                    lemma: ["", "send", "quiet"][*lemma].to_owned(),
                    ..sitrep_nlp::Token::default()
                });
                text.push(' ');
            }
            let s = sitrep_nlp::Sentence {
                start: 0,
                end: text.len(),
                tokens,
                entities: Vec::new(),
            };
            let v = super::View::new(0, &s, &text);
            let trigger = |w: &str| lx.forms.contains_key(w);
            for w in &v.words {
                if trigger(&w.lower) || trigger(&w.lemma) {
                    let t = &s.tokens[w.tok];
                    proptest::prop_assert!(
                        super::any_token_word(t, &text, &mut String::new(), trigger),
                        "{:?}",
                        text
                    );
                }
            }
        }

        #[test]
        fn poss_clitic_test_is_the_plain_one(s in "[a-zA-Z\u{2019}\u{2018}'`´ʼſİßΣσς .-]{0,6}[sSſΣ]?") {
            proptest::prop_assert_eq!(super::has_poss_clitic(&s), poss_plain(&s), "{:?}", s);
        }
    }

    /// The premise of `has_poss_clitic`, over every character: only 's'/'S' lower-case to
    /// something ending in 's', only the three apostrophes normalise to something ending in
    /// "'", and only they to something starting with it.
    #[test]
    fn only_s_and_apostrophes_normalise_to_them() {
        for c in (0..=0x10_ffff).filter_map(char::from_u32) {
            let n = super::norm(c.encode_utf8(&mut [0; 4])).into_owned();
            assert_eq!(n.ends_with('s'), matches!(c, 's' | 'S'), "{c:?}");
            assert_eq!(n.ends_with('\''), super::is_apostrophe(c), "{c:?}");
            assert_eq!(n.starts_with('\''), super::is_apostrophe(c), "{c:?}");
        }
    }
}
