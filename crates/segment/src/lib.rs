//! News-grade sentence segmentation and tokenisation. Owns the split of body text into
//! [`Sentence`]s and [`Token`]s with byte offsets, following UD English EWT conventions:
//! clitics split off ("can't" → "ca" + "n't", "Korea’s" → "Korea" + "’s"), punctuation split
//! off, hyphens between words split except after common prefixes ("non-binding"), numbers,
//! URLs, e-mail addresses and abbreviations ("U.S.", "Gen.") kept whole.
//!
//! Tokens are byte spans into the text; a token's `form` is always exactly `text[start..end]`.
//! A paragraph break (blank line) always ends a sentence; a single line break ends one before a
//! list item or a capitalised line (headlines, bullet lists), not inside hard-wrapped prose.
//!
//! The scanner is a hand-written byte-level pass (no regex) so that it runs well above 50 MB/s.
//! [`eval`] measures it against UD treebanks with the CoNLL 2018 definitions.

pub mod eval;
mod lexicon;
mod tokenize;

use std::ops::Range;
use std::sync::Arc;

use sitrep_nlp::{Sentence, Token};

use lexicon::Lexicon;

/// A token span produced by the segmenter, before any annotation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenSpan {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// True when this token continues a multi-word token begun by the previous one, i.e. it
    /// is a clitic split off a written word (the "n't" of "can't", the "’s" of "Korea’s").
    /// UD counts such a pair as one surface token and two syntactic words.
    pub joined: bool,
}

/// A sentence as token spans, without the per-token strings [`Segmenter::segment`] builds.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SentenceSpans {
    /// Byte offset of the first token.
    pub start: usize,
    /// Byte offset one past the last token.
    pub end: usize,
    /// The tokens.
    pub tokens: Vec<TokenSpan>,
}

/// Splits text into sentences and tokens.
#[derive(Debug, Clone)]
pub struct Segmenter {
    lex: Arc<Lexicon>,
}

impl Default for Segmenter {
    fn default() -> Self {
        Self::new()
    }
}

/// Internal token: span plus what the sentence splitter needs to know about the gap before it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok {
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// Newlines in the whitespace before this token (saturating at 2).
    pub(crate) nl_before: u8,
    /// Whether any whitespace precedes this token.
    pub(crate) space_before: bool,
    /// Continues a multi-word token.
    pub(crate) joined: bool,
}

impl Segmenter {
    /// A segmenter with the built-in abbreviation lists.
    pub fn new() -> Self {
        Self {
            lex: Arc::new(Lexicon::builtin()),
        }
    }

    /// Segments the given regions of `text` (byte ranges) into sentences. Regions never share
    /// a sentence; out-of-range or non-char-boundary region ends are clamped inwards.
    pub fn segment(&self, text: &str, regions: &[Range<usize>]) -> Vec<Sentence> {
        let mut out = Vec::new();
        self.drive(text, regions, |toks| {
            let tokens: Vec<Token> = toks
                .iter()
                .map(|t| Token {
                    start: t.start,
                    end: t.end,
                    form: text[t.start..t.end].to_owned(),
                    space_after: space_after(text, t.end),
                    ..Token::default()
                })
                .collect();
            out.push(Sentence {
                start: toks[0].start,
                end: toks[toks.len() - 1].end,
                tokens,
                entities: Vec::new(),
            });
        });
        out
    }

    /// Like [`Segmenter::segment`] but returns bare spans (no strings), with the multi-word
    /// token marks UD evaluation needs.
    pub fn segment_spans(&self, text: &str, regions: &[Range<usize>]) -> Vec<SentenceSpans> {
        let mut out = Vec::new();
        self.drive(text, regions, |toks| {
            out.push(SentenceSpans {
                start: toks[0].start,
                end: toks[toks.len() - 1].end,
                tokens: toks
                    .iter()
                    .map(|t| TokenSpan {
                        start: t.start,
                        end: t.end,
                        joined: t.joined,
                    })
                    .collect(),
            });
        });
        out
    }

    /// Tokenises each region and hands every sentence's tokens (never empty) to `emit`.
    fn drive(&self, text: &str, regions: &[Range<usize>], mut emit: impl FnMut(&[Tok])) {
        let mut toks: Vec<Tok> = Vec::new();
        let mut starts: Vec<usize> = Vec::new();
        for r in regions {
            let Some(r) = clamp(text, r) else { continue };
            toks.clear();
            tokenize::tokenize(&self.lex, text, r, &mut toks);
            if toks.is_empty() {
                continue;
            }
            starts.clear();
            tokenize::sentence_starts(&self.lex, text, &toks, &mut starts);
            for (k, &s) in starts.iter().enumerate() {
                let e = starts.get(k + 1).copied().unwrap_or(toks.len());
                if s < e {
                    emit(&toks[s..e]);
                }
            }
        }
    }
}

/// Whether whitespace (or the end of the text) follows byte `end`.
fn space_after(text: &str, end: usize) -> bool {
    text[end..].chars().next().is_none_or(char::is_whitespace)
}

/// The region limited to the text and moved inwards onto char boundaries.
fn clamp(text: &str, r: &Range<usize>) -> Option<Range<usize>> {
    let mut s = r.start.min(text.len());
    let mut e = r.end.min(text.len());
    while s < e && !text.is_char_boundary(s) {
        s += 1;
    }
    while e > s && !text.is_char_boundary(e) {
        e -= 1;
    }
    (s < e).then_some(s..e)
}
