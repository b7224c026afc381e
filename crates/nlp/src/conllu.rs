//! A reader for CoNLL-U (Universal Dependencies) files, as used for training and evaluation.

use crate::Upos;

/// A word line of a CoNLL-U sentence (multi-word token ranges and empty nodes are kept apart).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Word {
    /// Form.
    pub form: String,
    /// Lemma.
    pub lemma: String,
    /// UPOS as written (may be `_`).
    pub upos: String,
    /// XPOS as written.
    pub xpos: String,
    /// Morphological features.
    pub feats: String,
    /// Head index, 0 for root.
    pub head: usize,
    /// Relation.
    pub deprel: String,
    /// MISC column.
    pub misc: String,
}

impl Word {
    /// The parsed UPOS, `X` when unknown.
    pub fn upos(&self) -> Upos {
        Upos::parse(&self.upos).unwrap_or(Upos::X)
    }

    /// Whether MISC says `SpaceAfter=No`.
    pub fn no_space_after(&self) -> bool {
        self.misc.split('|').any(|m| m == "SpaceAfter=No")
    }
}

/// A multi-word token line such as `1-2 can't`: it covers words `first..=last`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MultiWord {
    /// First word id (1-based).
    pub first: usize,
    /// Last word id (1-based, inclusive).
    pub last: usize,
    /// Surface form.
    pub form: String,
    /// MISC column.
    pub misc: String,
}

/// One sentence of a CoNLL-U file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ConlluSentence {
    /// `# sent_id`.
    pub id: Option<String>,
    /// `# text`.
    pub text: Option<String>,
    /// Whether a `# newdoc` comment opens this sentence.
    pub newdoc: bool,
    /// Whether a `# newpar` comment opens this sentence.
    pub newpar: bool,
    /// All comment lines, without the leading `#`.
    pub comments: Vec<String>,
    /// Syntactic words (ids 1..=n).
    pub words: Vec<Word>,
    /// Multi-word token ranges.
    pub multiwords: Vec<MultiWord>,
}

/// A malformed line.
#[derive(Debug, thiserror::Error)]
#[error("CoNLL-U line {line}: {reason}")]
pub struct ConlluError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub reason: String,
}

/// Parses a whole CoNLL-U text. Empty nodes (`8.1`) are skipped.
pub fn parse(text: &str) -> Result<Vec<ConlluSentence>, ConlluError> {
    let mut out = Vec::new();
    let mut cur = ConlluSentence::default();
    for (i, line) in text.lines().enumerate() {
        let lineno = i + 1;
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !cur.words.is_empty() || !cur.comments.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if let Some(c) = line.strip_prefix('#') {
            let c = c.trim_start();
            if let Some(v) = c.strip_prefix("sent_id =") {
                cur.id = Some(v.trim().to_owned());
            } else if let Some(v) = c.strip_prefix("text =") {
                cur.text = Some(v.trim().to_owned());
            } else if c.starts_with("newdoc") {
                cur.newdoc = true;
            } else if c.starts_with("newpar") {
                cur.newpar = true;
            }
            cur.comments.push(c.to_owned());
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(ConlluError {
                line: lineno,
                reason: format!("{} columns, want 10", cols.len()),
            });
        }
        let id = cols[0];
        if id.contains('.') {
            continue;
        }
        if let Some((a, b)) = id.split_once('-') {
            let bad = || ConlluError {
                line: lineno,
                reason: format!("bad range id {id:?}"),
            };
            cur.multiwords.push(MultiWord {
                first: a.parse().map_err(|_| bad())?,
                last: b.parse().map_err(|_| bad())?,
                form: cols[1].to_owned(),
                misc: cols[9].to_owned(),
            });
            continue;
        }
        let head = if cols[6] == "_" {
            0
        } else {
            cols[6].parse().map_err(|_| ConlluError {
                line: lineno,
                reason: format!("bad head {:?}", cols[6]),
            })?
        };
        cur.words.push(Word {
            form: cols[1].to_owned(),
            lemma: cols[2].to_owned(),
            upos: cols[3].to_owned(),
            xpos: cols[4].to_owned(),
            feats: cols[5].to_owned(),
            head,
            deprel: cols[7].to_owned(),
            misc: cols[9].to_owned(),
        });
    }
    if !cur.words.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

/// Reads and parses a CoNLL-U file.
pub fn read(path: &std::path::Path) -> Result<Vec<ConlluSentence>, std::io::Error> {
    let text = std::fs::read_to_string(path)?;
    parse(&text).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
}

impl ConlluSentence {
    /// Surface tokens: multi-word tokens as one, other words as themselves, each with the word
    /// ids it covers (1-based, inclusive) and whether a space follows.
    pub fn surface_tokens(&self) -> Vec<(String, usize, usize, bool)> {
        let mut out = Vec::new();
        let mut i = 1;
        while i <= self.words.len() {
            if let Some(mw) = self.multiwords.iter().find(|m| m.first == i) {
                let no_space = mw.misc.split('|').any(|m| m == "SpaceAfter=No");
                out.push((mw.form.clone(), mw.first, mw.last, !no_space));
                i = mw.last + 1;
            } else {
                let w = &self.words[i - 1];
                out.push((w.form.clone(), i, i, !w.no_space_after()));
                i += 1;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_words_ranges_and_comments() {
        let text = "# newdoc id = d\n# text = I can't.\n1\tI\tI\tPRON\tPRP\t_\t3\tnsubj\t_\t_\n2-3\tcan't\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n2\tca\tcan\tAUX\tMD\t_\t0\troot\t_\t_\n3\tn't\tnot\tPART\tRB\t_\t2\tadvmod\t_\t_\n3.1\tx\tx\tX\tX\t_\t_\t_\t_\t_\n4\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n";
        let s = parse(text).expect("parses");
        assert_eq!(s.len(), 1);
        assert!(s[0].newdoc);
        assert_eq!(s[0].text.as_deref(), Some("I can't."));
        assert_eq!(s[0].words.len(), 4);
        assert_eq!(s[0].words[1].upos(), Upos::Aux);
        let surf = s[0].surface_tokens();
        assert_eq!(surf.len(), 3);
        assert_eq!(surf[1], ("can't".to_owned(), 2, 3, false));
    }

    #[test]
    fn rejects_short_lines() {
        assert!(parse("1\tI\n").is_err());
    }
}
