//! The coder's lexicons, read from the CSV files in `data/` (compiled in with `include_str!`) and
//! turned into hash maps once, in [`Lexicon::builtin`]. Rows are data, not code: analysts extend
//! the trigger, speech, certainty, transport, destination, control and word-class tables without
//! touching the rules.

// Short string keys looked up per token: FxHash, not SipHash.
use rustc_hash::FxHashMap as HashMap;

use sitrep_record::{CertaintyLevel, EventType};

/// Which part of speech a trigger row is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TriggerPos {
    /// Verb.
    Verb,
    /// Noun (nominalisation).
    Noun,
}

/// Role an argument hint assigns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The actor who acts (supplier for transfers).
    Source,
    /// The actor acted upon (recipient for transfers).
    Target,
    /// An item slot ("with" for supply): not an actor.
    Item,
}

/// One trigger row.
#[derive(Debug, Clone)]
pub struct Trigger {
    /// Base form.
    pub lemma: String,
    /// Part of speech.
    pub pos: TriggerPos,
    /// Event type.
    pub kind: EventType,
    /// PLOVER mode.
    pub mode: Option<String>,
    /// PLOVER contexts.
    pub contexts: Vec<String>,
    /// Argument hints: slot (preposition, `subj`, `obj`, `poss`) → role.
    pub args: Vec<(String, Role)>,
    /// Moves goods.
    pub transfer: bool,
    /// Subject receives (buy, receive, order).
    pub reverse: bool,
    /// The form is also common as another word class.
    pub ambig: bool,
    /// An event only with goods or aid in its nominal ("weapons package").
    pub modified: bool,
    /// Transfer status implied.
    pub status: Option<String>,
}

impl Trigger {
    /// The role a slot gets, if the row says.
    pub fn hint(&self, slot: &str) -> Option<Role> {
        self.args.iter().find(|(s, _)| s == slot).map(|(_, r)| *r)
    }
}

/// A certainty cue row.
#[derive(Debug, Clone)]
pub struct Cue {
    /// The words, lower case.
    pub words: Vec<String>,
    /// Level it sets.
    pub level: CertaintyLevel,
    /// Governs a following clause (`frame`) rather than one trigger (`word`).
    pub frame: bool,
    /// A condition (`condition`): a frame that also qualifies the modal main clause before it
    /// ("would impose sanctions if …").
    pub condition: bool,
}

/// What a control verb does to its infinitive event.
#[derive(Debug, Clone)]
pub struct Control {
    /// New event type.
    pub kind: Option<EventType>,
    /// Transfer status.
    pub status: Option<String>,
    /// Certainty level set.
    pub certainty: Option<CertaintyLevel>,
}

/// Kind of speech cue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpeechKind {
    /// Reporting verb: its subject speaks.
    Verb,
    /// "according to X": the actor after it speaks.
    Prep,
    /// "citing X": X is the nearer source.
    Cite,
}

/// All lexicons, compiled.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    /// Surface form (lower case) → trigger row indices.
    pub forms: HashMap<String, Vec<usize>>,
    /// Trigger rows.
    pub triggers: Vec<Trigger>,
    /// Speech cues: first word → (all words, kind).
    pub speech: HashMap<String, Vec<(Vec<String>, SpeechKind)>>,
    /// Certainty cues: first word → cues, longest first.
    pub cues: HashMap<String, Vec<Cue>>,
    /// Transport phrases: first word → (words, mode), longest first.
    pub transport: HashMap<String, Vec<(Vec<String>, String)>>,
    /// Destination phrases ("bound for"): first word → (words, ""), longest first.
    pub destination: HashMap<String, Vec<(Vec<String>, String)>>,
    /// The trigger forms and the first words of destination phrases: the words without which
    /// a sentence neither yields an event nor changes one (one lookup per word).
    pub event_words: rustc_hash::FxHashSet<String>,
    /// Control verbs.
    pub control: HashMap<String, Control>,
    /// Verbs governing a transfer nominal (`data/nominal.csv`).
    pub nominal: HashMap<String, Control>,
    /// Closed word classes (`data/words.csv`).
    pub words: HashMap<WordClass, Vec<String>>,
}

/// A closed word class of `data/words.csv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WordClass {
    /// Stems of verbs that impose sanctions (prefix match).
    Impose,
    /// Verbs whose object is the subject of the following infinitive.
    ObjectControl,
    /// Verbs of saying whose object is the hearer.
    Addressee,
    /// Transfer verbs (lemmas) with a bare recipient object.
    Ditransitive,
    /// Nouns a weapon noun modifies without being goods.
    NotGoods,
    /// Nouns naming what aid gives, outside the weapon taxonomy ("aid", "support", "funds").
    AidNoun,
    /// Aid nouns that head an aid nominal ("aid", "assistance", "package").
    AidHead,
    /// Pre-modifiers that make aid military ("military", "security", "lethal").
    AidMilitary,
    /// Pre-modifiers that make aid humanitarian.
    AidHumanitarian,
    /// Pre-modifiers that make aid economic.
    AidEconomic,
    /// Prepositions before the vessel, aircraft or vehicle that carried goods.
    Carrier,
    /// A state's offices and envoys abroad ("embassy", "ambassador"): "in" + a place says where
    /// they sit, not whose they are.
    Envoy,
    /// Participles that seat a body in the place after "in" ("a company registered in Cyprus").
    Seated,
    /// Nouns of an agreement that stage an infinitive transfer ("a contract to buy"), and only a
    /// transfer (control.csv says how).
    Agreement,
    /// Nouns of what is told, not handed over ("details", "information"): the object of
    /// "provided" or "gave" that makes the verb no transfer.
    Message,
}

impl WordClass {
    fn parse(s: &str) -> Option<Self> {
        Some(match s.trim() {
            "impose" => Self::Impose,
            "object_control" => Self::ObjectControl,
            "addressee" => Self::Addressee,
            "ditransitive" => Self::Ditransitive,
            "not_goods" => Self::NotGoods,
            "aid_noun" => Self::AidNoun,
            "aid_head" => Self::AidHead,
            "aid_military" => Self::AidMilitary,
            "aid_humanitarian" => Self::AidHumanitarian,
            "aid_economic" => Self::AidEconomic,
            "carrier" => Self::Carrier,
            "envoy" => Self::Envoy,
            "agreement" => Self::Agreement,
            "seated" => Self::Seated,
            "message" => Self::Message,
            _ => return None,
        })
    }
}

const TRIGGERS: &str = include_str!("../data/triggers.csv");
const SPEECH: &str = include_str!("../data/speech.csv");
const CERTAINTY: &str = include_str!("../data/certainty.csv");
const TRANSPORT: &str = include_str!("../data/transport.csv");
const DESTINATION: &str = include_str!("../data/destination.csv");
const CONTROL: &str = include_str!("../data/control.csv");
const WORDS: &str = include_str!("../data/words.csv");
const NOMINAL: &str = include_str!("../data/nominal.csv");

/// Splits a CSV line with optional double-quoted fields.
fn split_csv(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    out.push(cur);
    out
}

/// Data rows of a table: comment and header lines dropped.
fn rows(text: &str) -> impl Iterator<Item = Vec<String>> + '_ {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .skip(1)
        .map(split_csv)
}

fn list(s: &str) -> Vec<String> {
    s.split('|')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_owned)
        .collect()
}

fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// Regular inflections of a verb: -s, -ed, -ing.
pub fn verb_forms(lemma: &str) -> Vec<String> {
    let b = lemma.as_bytes();
    let n = b.len();
    let mut v = vec![lemma.to_owned()];
    if n < 2 {
        return v;
    }
    let last = b[n - 1];
    // -s
    if lemma.ends_with('s')
        || lemma.ends_with('x')
        || lemma.ends_with('z')
        || lemma.ends_with("ch")
        || lemma.ends_with("sh")
    {
        v.push(format!("{lemma}es"));
    } else if last == b'y' && !is_vowel(b[n - 2]) {
        v.push(format!("{}ies", &lemma[..n - 1]));
    } else {
        v.push(format!("{lemma}s"));
    }
    // -ed, -ing
    if last == b'e' {
        v.push(format!("{lemma}d"));
        if lemma.ends_with("ee") {
            v.push(format!("{lemma}ing"));
        } else if lemma.ends_with("ie") {
            // die -> dying, tie -> tying
            v.push(format!("{}ying", &lemma[..n - 2]));
        } else {
            v.push(format!("{}ing", &lemma[..n - 1]));
        }
    } else if last == b'y' && !is_vowel(b[n - 2]) {
        v.push(format!("{}ied", &lemma[..n - 1]));
        v.push(format!("{lemma}ing"));
    } else {
        v.push(format!("{lemma}ed"));
        v.push(format!("{lemma}ing"));
    }
    v
}

/// Regular plural of a noun.
pub fn noun_forms(lemma: &str) -> Vec<String> {
    let b = lemma.as_bytes();
    let n = b.len();
    let mut v = vec![lemma.to_owned()];
    if n < 2 || lemma.ends_with('s') {
        return v;
    }
    if lemma.ends_with('x') || lemma.ends_with("ch") || lemma.ends_with("sh") {
        v.push(format!("{lemma}es"));
    } else if b[n - 1] == b'y' && !is_vowel(b[n - 2]) {
        v.push(format!("{}ies", &lemma[..n - 1]));
    } else {
        v.push(format!("{lemma}s"));
    }
    v
}

fn words(s: &str) -> Vec<String> {
    s.split_whitespace().map(str::to_lowercase).collect()
}

impl Lexicon {
    /// Whether `w` is a word of class `c`.
    pub fn is(&self, c: WordClass, w: &str) -> bool {
        self.words.get(&c).is_some_and(|v| v.iter().any(|x| x == w))
    }

    /// Whether `w` starts with a stem of class `c`.
    pub fn has_stem(&self, c: WordClass, w: &str) -> bool {
        self.words
            .get(&c)
            .is_some_and(|v| v.iter().any(|x| w.starts_with(x.as_str())))
    }

    /// The built-in lexicons.
    pub fn builtin() -> Self {
        let mut lx = Self::default();
        for r in rows(TRIGGERS) {
            if r.len() < 8 {
                continue;
            }
            let Some(kind) = EventType::parse(&r[2]) else {
                continue;
            };
            let pos = if r[1].trim() == "n" {
                TriggerPos::Noun
            } else {
                TriggerPos::Verb
            };
            let args = list(&r[5])
                .into_iter()
                .filter_map(|a| {
                    let (slot, role) = a.split_once('=')?;
                    let role = match role {
                        "source" => Role::Source,
                        "target" => Role::Target,
                        _ => Role::Item,
                    };
                    Some((slot.to_owned(), role))
                })
                .collect();
            let flags = list(&r[6]);
            let lemma = r[0].trim().to_lowercase();
            let t = Trigger {
                lemma: lemma.clone(),
                pos,
                kind,
                mode: Some(r[3].trim().to_owned()).filter(|s| !s.is_empty()),
                contexts: list(&r[4]),
                args,
                transfer: flags.iter().any(|f| f == "transfer"),
                reverse: flags.iter().any(|f| f == "reverse"),
                ambig: flags.iter().any(|f| f == "ambig"),
                modified: flags.iter().any(|f| f == "modified"),
                status: Some(r[7].trim().to_owned()).filter(|s| !s.is_empty()),
            };
            let idx = lx.triggers.len();
            lx.triggers.push(t);
            let mut forms = match pos {
                TriggerPos::Verb => verb_forms(&lemma),
                TriggerPos::Noun => noun_forms(&lemma),
            };
            forms.extend(list(r.get(8).map_or("", String::as_str)));
            for f in forms {
                let e = lx.forms.entry(f.to_lowercase()).or_default();
                if !e.contains(&idx) {
                    e.push(idx);
                }
            }
        }
        for r in rows(SPEECH) {
            if r.len() < 2 {
                continue;
            }
            let w = words(&r[0]);
            let kind = match r[1].trim() {
                "prep" => SpeechKind::Prep,
                "cite" => SpeechKind::Cite,
                _ => SpeechKind::Verb,
            };
            if let Some(f) = w.first().cloned() {
                lx.speech.entry(f).or_default().push((w, kind));
            }
        }
        for r in rows(CERTAINTY) {
            if r.len() < 3 {
                continue;
            }
            let Some(level) = CertaintyLevel::parse(&r[1]) else {
                continue;
            };
            let w = words(&r[0]);
            if let Some(f) = w.first().cloned() {
                lx.cues.entry(f).or_default().push(Cue {
                    words: w,
                    level,
                    frame: matches!(r[2].trim(), "frame" | "condition"),
                    condition: r[2].trim() == "condition",
                });
            }
        }
        for (table, map) in [
            (TRANSPORT, &mut lx.transport),
            (DESTINATION, &mut lx.destination),
        ] {
            for r in rows(table) {
                let w = words(r.first().map_or("", String::as_str));
                if let Some(f) = w.first().cloned() {
                    let mode = r.get(1).map_or("", |m| m.trim()).to_owned();
                    map.entry(f).or_default().push((w, mode));
                }
            }
        }
        for (table, map) in [(CONTROL, &mut lx.control), (NOMINAL, &mut lx.nominal)] {
            for r in rows(table) {
                if r.len() < 4 {
                    continue;
                }
                map.insert(
                    r[0].trim().to_lowercase(),
                    Control {
                        kind: EventType::parse(&r[1]),
                        status: Some(r[2].trim().to_owned()).filter(|s| !s.is_empty()),
                        certainty: CertaintyLevel::parse(&r[3]),
                    },
                );
            }
        }
        for r in rows(WORDS) {
            if let (Some(w), Some(c)) = (r.first(), r.get(1).and_then(|c| WordClass::parse(c))) {
                lx.words.entry(c).or_default().push(w.trim().to_lowercase());
            }
        }
        for v in lx.cues.values_mut() {
            v.sort_by_key(|c| std::cmp::Reverse(c.words.len()));
        }
        for v in lx.transport.values_mut().chain(lx.destination.values_mut()) {
            v.sort_by_key(|c| std::cmp::Reverse(c.0.len()));
        }
        for v in lx.speech.values_mut() {
            v.sort_by_key(|c| std::cmp::Reverse(c.0.len()));
        }
        lx.event_words = lx
            .forms
            .keys()
            .chain(lx.destination.keys())
            .cloned()
            .collect();
        lx
    }
}

/// A rough probability for ordering levels: the most hedged cue wins.
pub fn level_rank(l: CertaintyLevel) -> u8 {
    match l {
        CertaintyLevel::Asserted => 100,
        CertaintyLevel::AlmostCertain => 97,
        CertaintyLevel::VeryLikely => 87,
        CertaintyLevel::Likely => 67,
        CertaintyLevel::EvenChance => 50,
        CertaintyLevel::Possible => 45,
        CertaintyLevel::Unlikely => 32,
        CertaintyLevel::VeryUnlikely => 12,
        CertaintyLevel::AlmostNoChance => 3,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_has_the_header_s_fields() {
        // A missing comma shifts a column silently (forms read as a status): catch it here.
        for (name, text) in [
            ("triggers", TRIGGERS),
            ("speech", SPEECH),
            ("certainty", CERTAINTY),
            ("transport", TRANSPORT),
            ("destination", DESTINATION),
            ("control", CONTROL),
            ("nominal", NOMINAL),
            ("words", WORDS),
        ] {
            let mut lines = text
                .lines()
                .filter(|l| !l.trim().is_empty() && !l.starts_with('#'));
            let header = split_csv(lines.next().unwrap_or_default()).len();
            for l in lines {
                assert_eq!(split_csv(l).len(), header, "{name}.csv: {l}");
            }
        }
    }

    #[test]
    fn every_word_has_a_known_class() {
        for r in rows(WORDS) {
            assert!(
                r.get(1).and_then(|c| WordClass::parse(c)).is_some(),
                "words.csv: unknown class in {r:?}"
            );
        }
        let lx = Lexicon::builtin();
        assert!(lx.is(WordClass::Addressee, "told"));
        assert!(lx.has_stem(WordClass::Impose, "imposed"));
        assert!(!lx.is(WordClass::NotGoods, "shells"));
        assert!(lx.is(WordClass::AidMilitary, "security"));
        assert!(lx.is(WordClass::AidHead, "package"));
        assert!(
            lx.nominal
                .get("considering")
                .is_some_and(|c| c.status.is_none())
        );
    }

    #[test]
    fn lexicon_loads() {
        let lx = Lexicon::builtin();
        assert!(lx.triggers.len() > 100);
        assert!(lx.forms.contains_key("sent"));
        assert!(lx.forms.contains_key("supplied"));
        assert!(lx.forms.contains_key("deliveries"));
        assert!(lx.forms.contains_key("condemnation"));
        assert!(lx.forms.contains_key("shot"));
        assert!(lx.cues.contains_key("might"));
        assert!(lx.speech.contains_key("according"));
        // Every one of the 16 types has at least one trigger.
        for t in EventType::ALL {
            assert!(
                lx.triggers.iter().any(|r| r.kind == t),
                "no trigger for {t}"
            );
        }
    }

    #[test]
    fn inflections() {
        assert_eq!(
            verb_forms("supply"),
            ["supply", "supplies", "supplied", "supplying"]
        );
        assert_eq!(
            verb_forms("provide"),
            ["provide", "provides", "provided", "providing"]
        );
        assert_eq!(
            verb_forms("dispatch"),
            ["dispatch", "dispatches", "dispatched", "dispatching"]
        );
        assert_eq!(verb_forms("die"), ["die", "dies", "died", "dying"]);
        assert_eq!(noun_forms("delivery"), ["delivery", "deliveries"]);
    }
}
