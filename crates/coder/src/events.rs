//! What the sentence coder produces: [`Draft`] events before document-level linking, the
//! [`TriggerNote`]s `explain` shows and the per-sentence [`SentenceOut`]. The coding itself is
//! the stage pipeline of `stages/`.

use std::ops::{Deref, DerefMut};

use sitrep_record::{Actor, DateRange, Event, EventType};

use crate::resolve::Mentions;

/// A coded event before document-level linking: the record's [`Event`] (its `id` and `about`
/// are given at linking, its `why` is joined from the trace) plus the coder's working fields.
/// Field access reaches the event through `Deref`; `about` and `why` here shadow the event's.
#[derive(Debug, Clone)]
pub struct Draft {
    /// The event as it will be recorded.
    pub event: Event,
    /// Sentence index.
    pub sentence: usize,
    /// Trigger word index.
    pub at: usize,
    /// Trigger lemma.
    pub lemma: String,
    /// Indices (into the document's drafts) of events this one is about.
    pub about: Vec<usize>,
    /// Complement triggers (word indices in the same sentence) this claim is about.
    pub about_words: Vec<usize>,
    /// A claim (ACCUSE/REJECT) with no complement event: link to earlier events.
    pub about_earlier: bool,
    /// The trace, one entry per rule decision, joined into the event's `why`.
    pub why: Vec<String>,
    /// Complement of a denial: not asserted by anyone.
    pub denied: bool,
    /// Passive trigger.
    pub passive: bool,
    /// A shipment that was seized (kept as the transfer it was).
    pub status_seized: bool,
    /// Types of actor-less complements this claim is about (linked to earlier events).
    pub about_kinds: Vec<EventType>,
    /// Coded from an aid nominal ("a new aid package"): a later "the package" continues it.
    pub aid_nominal: bool,
    /// Transfer status, kept also when there is no transfer (aid without listed goods).
    pub status: Option<String>,
    /// The earlier event (sentence, trigger word) whose actors this one inherited.
    pub inherits: Option<(usize, usize)>,
    /// The actors of the trigger's grammatical subject, whichever role they took (the target
    /// of a passive): what a verb coordinated with this one shares.
    pub subject: Vec<Actor>,
    /// The trigger word of the event this verb is coordinated with ("visited … and met").
    pub conj: Option<usize>,
}

impl Deref for Draft {
    type Target = Event;
    fn deref(&self) -> &Event {
        &self.event
    }
}

impl DerefMut for Draft {
    fn deref_mut(&mut self) -> &mut Event {
        &mut self.event
    }
}

impl Draft {
    /// The record: the event with its id, the ids it is about and its joined trace.
    pub fn to_event(&self, id: String, about: Vec<String>) -> Event {
        Event {
            id,
            about,
            why: self.why.join("; "),
            ..self.event.clone()
        }
    }
}

/// Why a candidate trigger did or did not give an event (for `explain`).
#[derive(Debug, Clone)]
pub struct TriggerNote {
    /// Word index.
    pub at: usize,
    /// Surface form.
    pub word: String,
    /// Outcome.
    pub note: String,
}

/// Per-sentence coding output.
pub struct SentenceOut {
    /// Events.
    pub drafts: Vec<Draft>,
    /// Trigger notes.
    pub notes: Vec<TriggerNote>,
    /// Mentions.
    pub mentions: Mentions,
    /// Time mentions (as word spans with text).
    pub times: Vec<(usize, usize, DateRange)>,
    /// A destination ("bound for X") that no transfer of this sentence took: X and the
    /// phrase, for the latest transfer before.
    pub destination: Option<(Actor, String)>,
    /// The rules that fired, by registry name, with the word they fired at.
    pub fired: Vec<(&'static str, usize)>,
}
