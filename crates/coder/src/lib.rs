//! Event coder: PLOVER events, attribution, certainty, transfers, time, places and flags.
//!
//! STUB: the event-coder work replaces this; `Coder::new` and `Coder::code` stay.

use std::sync::Arc;

use chrono::NaiveDate;
use sitrep_kb::Kb;
use sitrep_nlp::Sentence;
use sitrep_record::Event;

/// What the coder reads: the document text, its date and its annotated sentences.
#[derive(Debug, Clone, Copy)]
pub struct DocInput<'a> {
    /// Decoded document text; sentence and token offsets point into it.
    pub text: &'a str,
    /// Publication date, the anchor for relative dates.
    pub published: Option<NaiveDate>,
    /// Dateline place, if any.
    pub dateline: Option<&'a str>,
    /// Tagged, parsed sentences with entities.
    pub sentences: &'a [Sentence],
}

/// The event coder.
#[derive(Debug)]
pub struct Coder {
    #[allow(dead_code)]
    kb: Arc<Kb>,
}

impl Coder {
    /// A coder over the given knowledge base.
    pub fn new(kb: Arc<Kb>) -> Self {
        Self { kb }
    }

    /// Codes one document into events (evidence offsets into `doc.text`).
    pub fn code(&self, _doc: &DocInput<'_>) -> Vec<Event> {
        Vec::new()
    }
}
