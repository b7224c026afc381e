//! Document model and loaders. Owns the step from raw bytes of scraped news to a [`Document`]:
//! lossy-but-tracked UTF-8 decoding, title, publication date, dateline, the body regions worth
//! segmenting (page residue such as share buttons and bylines left out), and the map from
//! decoded offsets back to the original input bytes.
//!
//! STUB: the foundation work replaces this minimal version; the public API stays.

use std::ops::Range;

use chrono::NaiveDate;
use sha2::{Digest, Sha256};

/// Caller-supplied facts that override or complete what is found in the text.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Publication date (overrides any date found in the text).
    pub published: Option<NaiveDate>,
    /// Title (overrides any title found in the text).
    pub title: Option<String>,
    /// Where the document came from.
    pub url: Option<String>,
    /// Outlet or feed name.
    pub source: Option<String>,
    /// Reject documents larger than this many bytes.
    pub max_bytes: Option<usize>,
}

/// Why a document could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum DocError {
    /// Nothing but whitespace.
    #[error("empty document")]
    Empty,
    /// Looks like a binary file, not text.
    #[error("binary content, not text ({0})")]
    Binary(String),
    /// Over the size cap.
    #[error("document is {size} bytes, over the {max}-byte cap")]
    TooLarge {
        /// Actual size.
        size: usize,
        /// Cap.
        max: usize,
    },
}

impl DocError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Empty => "doc_empty",
            Self::Binary(_) => "doc_binary",
            Self::TooLarge { .. } => "doc_too_large",
        }
    }
}

/// A loaded news document.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// The decoded text; all spans below are byte offsets into it.
    pub text: String,
    /// Headline.
    pub title: Option<String>,
    /// Span of the headline in `text`.
    pub title_span: Option<Range<usize>>,
    /// Publication date.
    pub published: Option<NaiveDate>,
    /// Dateline place, e.g. `SEOUL`.
    pub dateline: Option<String>,
    /// Source URL.
    pub url: Option<String>,
    /// Outlet.
    pub source: Option<String>,
    /// Regions of `text` holding body prose, in order.
    pub body: Vec<Range<usize>>,
    /// Non-fatal problems (e.g. invalid UTF-8 replaced).
    pub warnings: Vec<String>,
}

impl Document {
    /// Loads a document from raw bytes.
    pub fn load(bytes: &[u8], opts: &LoadOptions) -> Result<Self, DocError> {
        if let Some(max) = opts.max_bytes
            && bytes.len() > max
        {
            return Err(DocError::TooLarge {
                size: bytes.len(),
                max,
            });
        }
        let text = String::from_utf8_lossy(bytes).into_owned();
        if text.trim().is_empty() {
            return Err(DocError::Empty);
        }
        let len = text.len();
        Ok(Self {
            text,
            title: opts.title.clone(),
            published: opts.published,
            url: opts.url.clone(),
            source: opts.source.clone(),
            body: vec![0..len],
            ..Self::default()
        })
    }

    /// Stable id: hex SHA-256 of the whitespace-normalised text (first 16 bytes).
    pub fn id(&self) -> String {
        let mut h = Sha256::new();
        for w in self.text.split_whitespace() {
            h.update(w.as_bytes());
            h.update(b" ");
        }
        hex::encode(&h.finalize()[..16])
    }

    /// Maps a byte offset in `text` back to the original input bytes.
    pub fn original_offset(&self, pos: usize) -> usize {
        pos
    }
}
