//! Segmentation quality against a UD treebank, with the CoNLL 2018 shared-task definitions:
//! the raw text is rebuilt from the `# text` comments (sentences of a paragraph joined by a
//! space, a blank line at every `# newpar` / `# newdoc`, as UD's `conllu_to_text` does), the
//! segmenter runs on it, and tokens, words and sentences are compared as character spans.
//! Because the rebuilt text is exactly the text segmented, byte spans are used directly, which
//! is the same as CoNLL 2018's whitespace-free character alignment.

use std::collections::HashSet;
use std::ops::Range;

use sitrep_nlp::conllu::ConlluSentence;

use crate::Segmenter;

/// Precision, recall and F1 over span sets.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Score {
    /// Spans in the gold standard.
    pub gold: usize,
    /// Spans predicted.
    pub predicted: usize,
    /// Spans in both.
    pub correct: usize,
}

impl Score {
    fn of(gold: &[Range<usize>], pred: &[Range<usize>]) -> Self {
        let g: HashSet<(usize, usize)> = gold.iter().map(|r| (r.start, r.end)).collect();
        let correct = pred
            .iter()
            .filter(|r| g.contains(&(r.start, r.end)))
            .count();
        Self {
            gold: gold.len(),
            predicted: pred.len(),
            correct,
        }
    }

    /// Precision in percent.
    pub fn precision(&self) -> f64 {
        pct(self.correct, self.predicted)
    }

    /// Recall in percent.
    pub fn recall(&self) -> f64 {
        pct(self.correct, self.gold)
    }

    /// F1 in percent.
    pub fn f1(&self) -> f64 {
        let d = self.gold + self.predicted;
        pct(2 * self.correct, d)
    }
}

fn pct(n: usize, d: usize) -> f64 {
    if d == 0 {
        100.0
    } else {
        100.0 * n as f64 / d as f64
    }
}

/// The rebuilt raw text and the gold spans in it.
#[derive(Debug, Clone, Default)]
pub struct Gold {
    /// Raw text.
    pub text: String,
    /// Surface tokens (a multi-word token such as "can't" is one).
    pub tokens: Vec<Range<usize>>,
    /// Syntactic words.
    pub words: Vec<Range<usize>>,
    /// Sentences.
    pub sentences: Vec<Range<usize>>,
}

/// Rebuilds the raw text of a treebank and the gold spans in it.
pub fn gold(sents: &[ConlluSentence]) -> Gold {
    let mut g = Gold::default();
    for (k, s) in sents.iter().enumerate() {
        let Some(t) = s.text.as_deref() else { continue };
        if k > 0 {
            if s.newdoc || s.newpar {
                g.text.push_str("\n\n");
            } else {
                g.text.push(' ');
            }
        }
        let base = g.text.len();
        g.text.push_str(t);
        let mut pos = base;
        let mut first = None;
        for (form, fw, lw, _) in s.surface_tokens() {
            let start = skip_ws(&g.text, pos);
            let end = consume(&g.text, start, &form);
            pos = end;
            if start == end {
                continue;
            }
            first.get_or_insert(start);
            g.tokens.push(start..end);
            // Words of a multi-word token: spans by form length when they spell the token.
            let parts: Vec<&str> = (fw..=lw)
                .filter_map(|i| s.words.get(i - 1).map(|w| w.form.as_str()))
                .collect();
            if parts.len() > 1 && parts.concat() == g.text[start..end] {
                let mut p = start;
                for w in parts {
                    g.words.push(p..p + w.len());
                    p += w.len();
                }
            } else {
                g.words.push(start..end);
            }
        }
        if let Some(f) = first {
            g.sentences.push(f..pos);
        }
    }
    g
}

fn skip_ws(text: &str, mut pos: usize) -> usize {
    while let Some(c) = text[pos..].chars().next() {
        if !c.is_whitespace() {
            break;
        }
        pos += c.len_utf8();
    }
    pos
}

/// Consumes the non-whitespace chars of `form` from `text` at `pos` (one text char per form
/// char, as CoNLL 2018 aligns on characters even where a form differs from the text).
fn consume(text: &str, mut pos: usize, form: &str) -> usize {
    for _ in form.chars().filter(|c| !c.is_whitespace()) {
        pos = skip_ws(text, pos);
        match text[pos..].chars().next() {
            Some(c) => pos += c.len_utf8(),
            None => break,
        }
    }
    pos
}

/// Scores of one evaluation.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Surface tokens.
    pub tokens: Score,
    /// Syntactic words.
    pub words: Score,
    /// Sentences.
    pub sentences: Score,
    /// Gold spans missed and spurious predicted spans, for error analysis:
    /// `(kind, gold?, text)` where kind is `token` or `sentence`.
    pub errors: Vec<(&'static str, bool, Range<usize>)>,
}

/// Segments the rebuilt text of `sents` and scores it.
pub fn evaluate(seg: &Segmenter, g: &Gold) -> Report {
    let pred = seg.segment_spans(&g.text, std::slice::from_ref(&(0..g.text.len())));
    let mut ptoks: Vec<Range<usize>> = Vec::new();
    let mut pwords: Vec<Range<usize>> = Vec::new();
    let mut psents: Vec<Range<usize>> = Vec::new();
    for s in &pred {
        psents.push(s.start..s.end);
        for t in &s.tokens {
            pwords.push(t.start..t.end);
            match ptoks.last_mut() {
                Some(last) if t.joined && last.end == t.start => last.end = t.end,
                _ => ptoks.push(t.start..t.end),
            }
        }
    }
    let mut errors = Vec::new();
    for (kind, gold, pred) in [
        ("token", &g.tokens, &ptoks),
        ("sentence", &g.sentences, &psents),
    ] {
        let gs: HashSet<(usize, usize)> = gold.iter().map(|r| (r.start, r.end)).collect();
        let ps: HashSet<(usize, usize)> = pred.iter().map(|r| (r.start, r.end)).collect();
        for r in gold.iter() {
            if !ps.contains(&(r.start, r.end)) {
                errors.push((kind, true, r.clone()));
            }
        }
        for r in pred.iter() {
            if !gs.contains(&(r.start, r.end)) {
                errors.push((kind, false, r.clone()));
            }
        }
    }
    Report {
        tokens: Score::of(&g.tokens, &ptoks),
        words: Score::of(&g.words, &pwords),
        sentences: Score::of(&g.sentences, &psents),
        errors,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rebuilds_and_scores_own_text() {
        let conllu = "# newdoc\n# text = We can't go.\n1\tWe\t_\t_\t_\t_\t0\t_\t_\t_\n2-3\tcan't\t_\t_\t_\t_\t_\t_\t_\t_\n2\tca\t_\t_\t_\t_\t0\t_\t_\t_\n3\tn't\t_\t_\t_\t_\t0\t_\t_\t_\n4\tgo\t_\t_\t_\t_\t0\t_\t_\tSpaceAfter=No\n5\t.\t_\t_\t_\t_\t0\t_\t_\t_\n\n# text = Then rain fell.\n1\tThen\t_\t_\t_\t_\t0\t_\t_\t_\n2\train\t_\t_\t_\t_\t0\t_\t_\t_\n3\tfell\t_\t_\t_\t_\t0\t_\t_\tSpaceAfter=No\n4\t.\t_\t_\t_\t_\t0\t_\t_\t_\n\n";
        let sents = sitrep_nlp::conllu::parse(conllu).expect("parses");
        let g = gold(&sents);
        assert_eq!(g.text, "We can't go. Then rain fell.");
        assert_eq!(g.tokens.len(), 8);
        assert_eq!(g.words.len(), 9);
        let r = evaluate(&Segmenter::new(), &g);
        assert_eq!(r.tokens.f1(), 100.0);
        assert_eq!(r.words.f1(), 100.0);
        assert_eq!(r.sentences.f1(), 100.0);
    }
}
