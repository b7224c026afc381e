//! The rule registry: every decision of the sentence coder is a named [`Rule`] declared with
//! [`rule!`] in the module of its stage (`stages/*.rs`), with a doc block of one fixed form:
//!
//! ```text
//! What: one line, what the rule does.
//! Why: what would go wrong without it.
//! Example: "a sentence it fires on"
//! Fixture: the pipeline fixture that shows it (crates/pipeline/tests/fixtures/NN_name.txt)
//! ```
//!
//! [`ALL`] lists them in stage order; `sitrep rules` prints it, `sitrep explain --rules` shows
//! which fired in each sentence. A rule's name is the tag it writes into an event's `why`
//! where it writes one (`src:subject-left`, `rcp:bound-for`), so a trace reads back to the
//! registry. Rules can be switched off one at a time ([`RuleSet`]); the registry test codes
//! each rule's example with and without it, so every example shows what its rule changes.

/// The stages of the sentence coder, in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    /// Actor, goods and place mentions, and which goods are goods.
    Mentions,
    /// Money amounts, transport phrases and time spans.
    Phrases,
    /// Speech cues: reporting verbs, "according to", "citing".
    Speech,
    /// Candidate triggers and their voice, control and tense.
    Triggers,
    /// Candidates that are no event of their own.
    Filters,
    /// Clause boundaries and relative clauses.
    Clauses,
    /// Who says which part of the sentence.
    Frames,
    /// Each live candidate's sources and targets.
    Arguments,
    /// Each candidate's goods, aid kind and value.
    Goods,
    /// Candidates dropped or completed once their arguments and goods are known.
    Checks,
    /// Event type, status, contexts and mode.
    Status,
    /// Negation, certainty and attribution.
    Certainty,
    /// Date and place.
    TimePlace,
    /// What links the sentence's events: destinations, claims, seizures, the context.
    Links,
    /// What links the document's events: later destinations, earlier claims, embargo flags,
    /// retellings merged.
    Document,
}

impl Stage {
    /// Every stage, in order.
    pub const ALL: [Stage; 15] = [
        Stage::Mentions,
        Stage::Phrases,
        Stage::Speech,
        Stage::Triggers,
        Stage::Filters,
        Stage::Clauses,
        Stage::Frames,
        Stage::Arguments,
        Stage::Goods,
        Stage::Checks,
        Stage::Status,
        Stage::Certainty,
        Stage::TimePlace,
        Stage::Links,
        Stage::Document,
    ];

    /// Lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Mentions => "mentions",
            Stage::Phrases => "phrases",
            Stage::Speech => "speech",
            Stage::Triggers => "triggers",
            Stage::Filters => "filters",
            Stage::Clauses => "clauses",
            Stage::Frames => "frames",
            Stage::Arguments => "arguments",
            Stage::Goods => "goods",
            Stage::Checks => "checks",
            Stage::Status => "status",
            Stage::Certainty => "certainty",
            Stage::TimePlace => "time-place",
            Stage::Links => "links",
            Stage::Document => "document",
        }
    }
}

/// The keys of a rule's doc block, in order.
pub const KEYS: [&str; 4] = ["What:", "Why:", "Example:", "Fixture:"];

/// One coder rule.
#[derive(Debug)]
pub struct Rule {
    /// Registry name: unique, and the tag the rule writes into `why` where it writes one.
    pub name: &'static str,
    /// The stage that calls it.
    pub stage: Stage,
    /// The doc block (What / Why / Example / Fixture lines).
    pub doc: &'static str,
    /// Where the rule is declared (source file and line).
    pub file: &'static str,
    /// Line of the declaration.
    pub line: u32,
}

impl Rule {
    /// The doc's `key` line and the lines that continue it, joined by spaces.
    fn line(&self, key: &str) -> String {
        let mut out: Vec<&str> = Vec::new();
        for l in self.doc.lines().map(str::trim) {
            if let Some(rest) = l.strip_prefix(key) {
                out.push(rest.trim());
            } else if !out.is_empty() {
                if KEYS.iter().any(|k| l.starts_with(k)) {
                    break;
                }
                out.push(l);
            }
        }
        out.join(" ")
    }

    /// The one-line summary (the doc's `What:` line).
    pub fn what(&self) -> String {
        self.line("What:")
    }

    /// Why the rule exists.
    pub fn why(&self) -> String {
        self.line("Why:")
    }

    /// The example sentence, without its quotes.
    pub fn example(&self) -> String {
        let e = self.line("Example:");
        match e.strip_prefix('"').and_then(|x| x.strip_suffix('"')) {
            Some(x) => x.to_owned(),
            None => e,
        }
    }

    /// The fixture file that shows the rule.
    pub fn fixture(&self) -> String {
        self.line("Fixture:")
    }
}

/// Declares a rule: its doc block, its constant and its registry name and stage.
macro_rules! rule {
    ($(#[doc = $d:literal])+ $id:ident = $name:literal in $stage:ident) => {
        $(#[doc = $d])+
        pub(crate) const $id: $crate::rules::Rule = $crate::rules::Rule {
            name: $name,
            stage: $crate::rules::Stage::$stage,
            doc: concat!($($d, "\n"),+),
            file: file!(),
            line: line!(),
        };
    };
}
pub(crate) use rule;

/// Which rules are switched off.
#[derive(Debug, Default, Clone)]
pub struct RuleSet {
    off: Vec<&'static str>,
}

impl RuleSet {
    /// Every rule on.
    pub fn all() -> Self {
        Self::default()
    }

    /// Every rule on but the named ones (names not in the registry are returned as errors).
    pub fn without(names: &[&str]) -> Result<Self, String> {
        let mut off = Vec::new();
        for n in names {
            match find(n) {
                Some(r) => off.push(r.name),
                None => return Err((*n).to_owned()),
            }
        }
        Ok(Self { off })
    }

    /// Whether `r` is on.
    #[inline]
    pub(crate) fn on(&self, r: &Rule) -> bool {
        self.off.is_empty() || !self.off.contains(&r.name)
    }
}

/// The rule of that name.
pub fn find(name: &str) -> Option<&'static Rule> {
    ALL.iter().copied().find(|r| r.name == name)
}

use crate::stages::{
    arguments, certainty, checks, clauses, filters, frames, goods, links, mentions, phrases,
    speech, status, time_place, triggers,
};
use crate::{document, resolve};

/// Every rule of the coder, in stage order.
pub static ALL: &[&Rule] = &[
    &resolve::STATE_SECTOR,
    &resolve::TITLE_NAME,
    &resolve::ADJECTIVE_NO_ACTOR,
    &resolve::KB_ACTOR,
    &resolve::SECTOR_MODIFIER,
    &resolve::GROUP_SECTOR,
    &resolve::BODY_SECTOR,
    &resolve::PRON_SECTOR,
    &resolve::SECTOR_NOUN,
    &resolve::SECTOR_IN_PLACE,
    &resolve::THE_SECTOR_EARLIER,
    &resolve::THE_SECTOR_DATELINE,
    &resolve::OFFICE_HOLDER,
    &resolve::GOODS_ORIGIN,
    &resolve::SYSTEM_NOUN,
    &resolve::NER,
    &resolve::POSS_COUNTRY,
    &resolve::SURNAME_EARLIER,
    &resolve::SURNAME_AMBIGUOUS,
    &resolve::APPOSITION,
    &mentions::NOT_GOODS_MODIFIER,
    &mentions::SERVED_GOODS,
    &mentions::GENERIC_HEAD,
    &phrases::TRANSPORT_IN_NAME,
    &phrases::CARRIED_VESSEL,
    &phrases::LISTED_VEHICLE,
    &phrases::GOODS_NOT_TRANSPORT,
    &speech::SPEECH_CUE,
    &triggers::POS_FIT,
    &triggers::PASSIVE,
    &triggers::COORDINATED_PASSIVE,
    &triggers::REDUCED_PASSIVE,
    &triggers::CONTROL,
    &triggers::FUTURE_TENSE,
    &filters::STANDING_MEASURE,
    &filters::PARTICIPLE_MODIFIER,
    &filters::CALL_FOR_NOTHING,
    &filters::MEETING_PURPOSE,
    &filters::SANCTIONS_OBJECT,
    &filters::CONTROL_VERB,
    &filters::PURPOSE_CLAUSE,
    &filters::REPEATED_CLAIM,
    &filters::HEDGE_ADJECTIVE,
    &filters::CLAIM_OBJECT,
    &filters::COOPERATIVE_OBJECT,
    &filters::EMPTY_PACKAGE,
    &filters::PRONOUN_PREDICATE,
    &filters::TRANSFER_MODIFIER,
    &filters::ABSORBED_NOMINAL,
    &filters::STOPPED_NOMINAL,
    &filters::LIGHT_VERB,
    &clauses::CLAUSE_BOUNDS,
    &clauses::RELATIVE_CLAUSE,
    &frames::ACCORDING_TO,
    &frames::CITING,
    &frames::SPEECH_VERB,
    &frames::SPEECH_PRONOUN,
    &frames::SPEECH_INVERTED,
    &frames::BEFORE_CITING,
    &arguments::PARSE_NSUBJ,
    &arguments::PARSE_NSUBJ_REVERSE,
    &arguments::PARSE_OBJ,
    &arguments::POSSESSOR,
    &arguments::POSSESSOR_REVERSE,
    &arguments::PP_TARGET,
    &arguments::FROM_PP,
    &arguments::FIRST_OBJECT,
    &arguments::BY_AGENT,
    &arguments::CONJ_SUBJECT,
    &arguments::PRONOUN_SUBJECT,
    &arguments::SUBJECT_LEFT,
    &arguments::OBJECT_CONTROL,
    &arguments::PASSIVE_SUBJECT,
    &arguments::SHARED_SUBJECT,
    &arguments::CONTROL_SUBJECT,
    &goods::CLAUSE_GOODS,
    &goods::GOODS_COMPOUND,
    &goods::INCLUDING_LIST,
    &goods::ANAPHORIC_GOODS,
    &goods::AID_KIND,
    &goods::NOMINAL_GOODS,
    &goods::GENERIC_MILITARY,
    &goods::VALUE,
    &checks::NO_GOODS,
    &checks::PERMISSION_GIVEN,
    &checks::ITEM_ORIGIN,
    &checks::ORDER_WON,
    &checks::SYSTEM_MAKER,
    &checks::ANNOUNCER,
    &checks::NOMINAL_MODIFIER,
    &checks::INHERITED,
    &checks::AID_WITHOUT_RECIPIENT,
    &checks::FORCES_MOVED,
    &checks::HOSTING_FORCES,
    &checks::UNRESOLVED_NOUN,
    &checks::PLATFORM_ORIGIN,
    &checks::INHERITED_GOODS,
    &checks::ONE_SIDED_DISCUSSION,
    &checks::NO_ACTORS,
    &checks::ASKED_OF_ANOTHER,
    &status::ASKED,
    &status::CONTROL_STATUS,
    &status::GOVERNED,
    &status::FUTURE_AGREE,
    &status::CONTEXTS,
    &status::ASSAULT_MODE,
    &status::WEAPONS_MOBILIZE,
    &status::STRIKE_PROTEST,
    &status::JOINT_COOPERATE,
    &status::FIRE_AT,
    &status::TRANSFER,
    &certainty::NEGATION,
    &certainty::CERT_WORD,
    &certainty::CERT_FRAME,
    &certainty::CERT_CONTROL,
    &certainty::ATTRIBUTION,
    &certainty::SPEAKER_ACT,
    &certainty::SUPPLIER_FROM_SOURCE,
    &time_place::TIME_CLAUSE,
    &time_place::TIME_AHEAD,
    &time_place::TIME_CONTINUED,
    &time_place::LOCATIVE,
    &time_place::AID_DESTINATION,
    &time_place::CLAUSE_PLACE,
    &links::DESTINATION,
    &links::COMPLEMENT_SOURCE,
    &links::ABOUT_COMPLEMENT,
    &links::COMPLEMENT_OF_DENIAL,
    &links::ACCUSER,
    &links::ABOUT_EARLIER,
    &links::SEIZED_SHIPMENT,
    &links::DENIED_INHERITED,
    &document::NEXT_SENTENCE_DESTINATION,
    &document::EARLIER_EVENTS,
    &document::COMPLEMENT_EVENT,
    &document::EMBARGO,
    &document::MERGED,
    &document::PACKAGE_CONTINUED,
];
