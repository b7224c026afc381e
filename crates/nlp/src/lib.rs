//! sitrep's NLP interface: the annotated-sentence types every stage reads and writes, and the
//! small [`Annotator`] trait that a tagger, parser or entity recogniser implements. Anyone can
//! plug in another model by implementing it; the rest of sitrep only sees these types.
//!
//! It also owns reading CoNLL-U, the format the models are trained and evaluated on.

pub mod conllu;

use serde::{Deserialize, Serialize};

/// Universal part-of-speech tags (UD v2).
#[allow(missing_docs)]
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
pub enum Upos {
    Adj,
    Adp,
    Adv,
    Aux,
    Cconj,
    Det,
    Intj,
    Noun,
    Num,
    Part,
    Pron,
    Propn,
    Punct,
    Sconj,
    Sym,
    Verb,
    #[default]
    X,
}

impl Upos {
    /// All tags, in a fixed order (usable as class indices).
    pub const ALL: [Upos; 17] = [
        Self::Adj,
        Self::Adp,
        Self::Adv,
        Self::Aux,
        Self::Cconj,
        Self::Det,
        Self::Intj,
        Self::Noun,
        Self::Num,
        Self::Part,
        Self::Pron,
        Self::Propn,
        Self::Punct,
        Self::Sconj,
        Self::Sym,
        Self::Verb,
        Self::X,
    ];

    /// UD spelling, e.g. `PROPN`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Adj => "ADJ",
            Self::Adp => "ADP",
            Self::Adv => "ADV",
            Self::Aux => "AUX",
            Self::Cconj => "CCONJ",
            Self::Det => "DET",
            Self::Intj => "INTJ",
            Self::Noun => "NOUN",
            Self::Num => "NUM",
            Self::Part => "PART",
            Self::Pron => "PRON",
            Self::Propn => "PROPN",
            Self::Punct => "PUNCT",
            Self::Sconj => "SCONJ",
            Self::Sym => "SYM",
            Self::Verb => "VERB",
            Self::X => "X",
        }
    }

    /// Parses the UD spelling; unknown tags give `None`.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|u| u.as_str() == s)
    }

    /// Class index in [`Upos::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

/// One token with its byte span in the original document and its annotations.
///
/// Stages fill in what they own: the segmenter `start`, `end`, `form`, `space_after`; the
/// tagger `upos`, `xpos`, `lemma`; the parser `head`, `deprel`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Token {
    /// Byte offset of the first byte, into the document text.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// Surface form (normally the text at `start..end`).
    pub form: String,
    /// Whether whitespace follows in the text.
    pub space_after: bool,
    /// Universal POS tag.
    pub upos: Upos,
    /// Penn Treebank tag.
    pub xpos: String,
    /// Lemma.
    pub lemma: String,
    /// 1-based index of the head token; 0 is the root.
    pub head: usize,
    /// UD relation to the head.
    pub deprel: String,
}

/// Entity types recognised by the NER (GPE folded into LOC).
#[allow(missing_docs)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EntityLabel {
    Per,
    Org,
    Loc,
}

impl EntityLabel {
    /// CoNLL spelling: `PER`, `ORG`, `LOC`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Per => "PER",
            Self::Org => "ORG",
            Self::Loc => "LOC",
        }
    }

    /// Parses the CoNLL spelling (also `GPE` → `LOC`, `PERSON` → `PER`).
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "PER" | "PERSON" => Some(Self::Per),
            "ORG" => Some(Self::Org),
            "LOC" | "GPE" | "FAC" => Some(Self::Loc),
            _ => None,
        }
    }
}

/// A named-entity mention: tokens `start..end` of its sentence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// First token index (0-based, within the sentence).
    pub start: usize,
    /// One past the last token index.
    pub end: usize,
    /// Type.
    pub label: EntityLabel,
}

/// A sentence: its byte span in the document, its tokens and entity mentions.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Sentence {
    /// Byte offset of the sentence start in the document text.
    pub start: usize,
    /// Byte offset one past its end.
    pub end: usize,
    /// Tokens in order.
    pub tokens: Vec<Token>,
    /// Entity mentions, sorted and non-overlapping.
    pub entities: Vec<Entity>,
}

impl Sentence {
    /// The sentence text, given the document text the offsets point into.
    pub fn text<'a>(&self, doc: &'a str) -> &'a str {
        doc.get(self.start..self.end).unwrap_or("")
    }

    /// Token forms, in order.
    pub fn forms(&self) -> impl Iterator<Item = &str> {
        self.tokens.iter().map(|t| t.form.as_str())
    }
}

/// A stage that adds annotations to a sentence in place: a tagger, a parser, an entity
/// recogniser. Implementations must be deterministic and must not change token boundaries.
pub trait Annotator: Send + Sync {
    /// Short name used in traces, e.g. `tagger/perceptron-v1`.
    fn name(&self) -> &str;
    /// Annotates one sentence.
    fn annotate(&self, sentence: &mut Sentence);
}

/// A dependency parser that can also parse a sentence only as far as a caller needs: most
/// decisions read the arcs of a few words near the start of a sentence, and a left-to-right
/// parser has fixed those long before it reaches the end.
pub trait IncrementalParser: Annotator {
    /// Starts parsing a tagged sentence; arcs are computed when asked for.
    fn start(&self, sentence: &Sentence) -> Box<dyn PartialParse + '_>;
}

/// A parse in progress (see [`IncrementalParser`]).
pub trait PartialParse {
    /// Head (1-based token index, 0 for the root) and relation of token `i`, the same as a
    /// whole-sentence parse gives; parses only as far as that needs. `None` when `i` is out
    /// of range.
    fn arc(&mut self, i: usize) -> Option<(usize, &str)>;

    /// The relation of token `i` when its head (1-based, 0 for the root) is `head`, else
    /// `None`: the same answer as [`PartialParse::arc`], but a parser may stop as soon as
    /// `head` can no longer become `i`'s head.
    fn relation_to(&mut self, i: usize, head: usize) -> Option<&str> {
        self.arc(i).and_then(|(h, rel)| (h == head).then_some(rel))
    }
}
