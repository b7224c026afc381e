//! What the sentence coder produces: [`Draft`] events before document-level linking, the
//! [`TriggerNote`]s `explain` shows and the per-sentence [`SentenceOut`]. The coding itself is
//! the stage pipeline of `stages/`.

use sitrep_record::{Actor, Certainty, DateRange, EventType, Evidence, Place, Transfer};

use crate::resolve::Mentions;

/// A coded event before document-level linking.
#[derive(Debug, Clone)]
pub struct Draft {
    /// Sentence index.
    pub sentence: usize,
    /// Trigger word index.
    pub at: usize,
    /// Trigger lemma.
    pub lemma: String,
    /// Type.
    pub kind: EventType,
    /// Mode.
    pub mode: Option<String>,
    /// Contexts.
    pub contexts: Vec<String>,
    /// Sources.
    pub sources: Vec<Actor>,
    /// Targets.
    pub targets: Vec<Actor>,
    /// Date.
    pub date: Option<DateRange>,
    /// Place.
    pub location: Option<Place>,
    /// Negated.
    pub negated: bool,
    /// Certainty.
    pub certainty: Certainty,
    /// Attribution, nearest first.
    pub attribution: Vec<Actor>,
    /// Indices (into the document's drafts) of events this one is about.
    pub about: Vec<usize>,
    /// Complement triggers (word indices in the same sentence) this claim is about.
    pub about_words: Vec<usize>,
    /// A claim (ACCUSE/REJECT) with no complement event: link to earlier events.
    pub about_earlier: bool,
    /// Transfer.
    pub transfer: Option<Transfer>,
    /// Evidence.
    pub evidence: Vec<Evidence>,
    /// Trace.
    pub why: Vec<String>,
    /// Complement of a denial: not asserted by anyone.
    pub denied: bool,
    /// Rule hits.
    pub flags: Vec<sitrep_record::Flag>,
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
