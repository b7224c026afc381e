//! News-grade sentence segmentation and tokenisation. Owns the split of body text into
//! [`Sentence`]s and [`Token`]s with byte offsets, following UD English EWT conventions.
//!
//! STUB: the foundation work replaces this minimal version; the public API stays.

use std::ops::Range;

use sitrep_nlp::{Sentence, Token};

/// Splits text into sentences and tokens.
#[derive(Debug, Clone, Default)]
pub struct Segmenter {}

impl Segmenter {
    /// A segmenter with the built-in abbreviation lists.
    pub fn new() -> Self {
        Self {}
    }

    /// Segments the given regions of `text` (byte ranges) into sentences.
    pub fn segment(&self, text: &str, regions: &[Range<usize>]) -> Vec<Sentence> {
        let mut out = Vec::new();
        for r in regions {
            let mut toks: Vec<Token> = Vec::new();
            let mut pos = r.start;
            for w in text[r.clone()].split_inclusive(char::is_whitespace) {
                let trimmed = w.trim_end();
                if !trimmed.is_empty() {
                    toks.push(Token {
                        start: pos,
                        end: pos + trimmed.len(),
                        form: trimmed.to_owned(),
                        space_after: true,
                        ..Token::default()
                    });
                }
                pos += w.len();
                if trimmed.ends_with('.') && !toks.is_empty() {
                    out.push(finish(std::mem::take(&mut toks)));
                }
            }
            if !toks.is_empty() {
                out.push(finish(toks));
            }
        }
        out
    }
}

fn finish(tokens: Vec<Token>) -> Sentence {
    Sentence {
        start: tokens.first().map_or(0, |t| t.start),
        end: tokens.last().map_or(0, |t| t.end),
        tokens,
        entities: Vec::new(),
    }
}
