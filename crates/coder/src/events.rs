//! Sentence-level event coding: triggers, clauses, arguments, attribution frames, certainty,
//! negation, transfers, time and place. See the crate docs for the design; every decision
//! appends a short tag to the event's `why`.

use sitrep_kb::Kb;
use sitrep_nlp::{IncrementalParser, PartialParse, Sentence, Upos};
use sitrep_record::{
    Actor, ActorKind, Certainty, CertaintyLevel, DateRange, EventType, Evidence, Item, Place,
    Transfer,
};

use crate::lexicon::{Lexicon, Role, SpeechKind, Trigger, TriggerPos, WordClass, level_rank};
use crate::resolve::{self, Context, Mention, Mentions, Weapon};
use crate::time::{self, TimeMention};
use crate::view::View;

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

/// A speech frame: who says what part of the sentence.
#[derive(Debug, Clone)]
struct Frame {
    cue: usize,
    /// Sort key: larger = nearer to the claim.
    order: usize,
    speakers: Vec<Actor>,
    from: usize,
    to: usize,
    rank: usize,
    rule: &'static str,
}

/// The latest transfer of this sentence so far, else of the two sentences before.
fn last_transfer<'a>(drafts: &'a [Draft], prev_transfers: &'a [Draft]) -> Option<&'a Draft> {
    drafts
        .iter()
        .rev()
        .find(|d| d.transfer.is_some())
        .or_else(|| prev_transfers.iter().rev().find(|d| d.transfer.is_some()))
}

/// The latest transfer or aid package of this sentence so far, else of the two sentences before:
/// what "the package" or "the shipment" continues.
fn last_transfer_or_aid<'a>(drafts: &'a [Draft], prev_transfers: &'a [Draft]) -> Option<&'a Draft> {
    drafts
        .iter()
        .rev()
        .find(|d| d.transfer.is_some() || d.aid_nominal)
        .or_else(|| prev_transfers.last())
}

const BE: &[&str] = &[
    "be", "been", "being", "was", "were", "is", "are", "'s", "get", "got",
];
const NEG: &[&str] = &["not", "n't", "never", "no"];
const DETS: &[&str] = &[
    "the", "a", "an", "this", "these", "those", "that", "its", "their", "his", "her", "our", "any",
    "new", "further", "recent",
];
const PURPOSE: &[&str] = &[
    "support", "help", "assist", "aid", "bolster", "arm", "back", "boost",
];
const FUTURE: &[&str] = &["will", "'ll", "shall"];
const PREPS: &[&str] = &[
    "to",
    "with",
    "from",
    "for",
    "of",
    "in",
    "at",
    "on",
    "against",
    "into",
    "toward",
    "towards",
    "about",
    "regarding",
    "over",
    "by",
    "near",
    "during",
    "since",
    "through",
    "via",
    "between",
    "among",
    "after",
    "before",
    "under",
    "like",
    "as",
    "than",
    "despite",
    "following",
    "including",
    "alongside",
];
const REL: &[&str] = &[
    "which", "who", "whom", "where", "while", "whereas", "because", "but", "when", "although",
];
const CLAIM_NOUNS: &[&str] = &[
    "accusation",
    "accusations",
    "allegation",
    "allegations",
    "claim",
    "claims",
    "report",
    "reports",
    "charge",
    "charges",
    "suggestion",
    "suggestions",
    "assertion",
    "assertions",
];

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
}

struct Cand<'a> {
    at: usize,
    trig: &'a Trigger,
    passive: bool,
    /// Absorbed into a previous trigger (purpose clause) or a light verb.
    skip: Option<&'static str>,
    control: Option<&'a crate::lexicon::Control>,
    control_word: Option<String>,
    /// Where the control verb stands.
    control_at: Option<usize>,
    future: bool,
    /// A transfer nominal that is this verb's object ("sent a new aid package"): its word.
    absorbed: Option<usize>,
}

/// Codes one sentence.
#[allow(
    clippy::too_many_arguments,
    clippy::too_many_lines,
    clippy::nonminimal_bool,
    clippy::needless_range_loop
)]
pub fn code_sentence(
    kb: &Kb,
    lx: &Lexicon,
    view: &View,
    sentence: &Sentence,
    text: &str,
    times: &[TimeMention],
    may_have_events: bool,
    published: Option<chrono::NaiveDate>,
    ctx: &mut Context,
    prev_transfers: &[Draft],
    parser: Option<&dyn IncrementalParser>,
) -> SentenceOut {
    let mut ms = resolve::mentions(kb, lx, view, sentence, text, published, ctx);
    // "arms embargo", "missile programme": a weapon noun modifying something else is no goods.
    ms.weapons
        .retain(|w| w.designation.is_some() || !lx.is(WordClass::NotGoods, view.w(w.w1)));
    // "spare parts for the aircraft", "shells for its howitzers": what goods serve is no goods.
    let served = |a: usize| {
        (a.saturating_sub(3)..a)
            .rev()
            .take_while(|&p| !view.words[p].punct)
            .find(|&p| !matches!(view.w(p), "the" | "its" | "their" | "his" | "her"))
            .is_some_and(|p| view.w(p) == "for")
    };
    let goods_before = |a: usize| ms.weapons.iter().any(|p| p.w1 < a && a - p.w1 <= 3);
    let serving: Vec<usize> = ms
        .weapons
        .iter()
        .filter(|w| served(w.w0) && goods_before(w.w0))
        .map(|w| w.w0)
        .collect();
    ms.weapons.retain(|w| !serving.contains(&w.w0));
    // "minehunter ships": a generic noun of the same kind right after goods is their head.
    ms.weapons.dedup_by(|w, p| {
        let head = w.w0 == p.w1
            && w.designation.is_none()
            && p.category
                .strip_prefix(w.category.as_str())
                .is_some_and(|r| r.starts_with('.'));
        if head {
            p.w1 = w.w1;
            p.text = text
                .get(view.words[p.noun0].start..view.words[w.w1 - 1].end)
                .unwrap_or(&p.text)
                .to_owned();
        }
        head
    });
    // Money, transport and certainty phrases only shape events: a sentence without a trigger
    // word only updates the discourse context.
    let money = if may_have_events {
        crate::money::find(view, text)
    } else {
        Vec::new()
    };
    // The left edge of the noun phrase headed by word `h`: determiners, numbers, adjectives,
    // noun modifiers, goods and a money amount ("a $300 million security assistance package",
    // "$61 billion in aid", "a further £500 million in military support").
    let nominal_left = |h: usize| -> usize {
        let mut k = h;
        let mut steps = 0;
        while k > 0 && steps < 12 {
            steps += 1;
            if let Some(m) = money.iter().find(|m| m.w1 == k) {
                k = m.w0;
                continue;
            }
            let p = k - 1;
            let wp = view.w(p);
            if matches!(wp, "in" | "of") && money.iter().any(|m| m.w1 == p) {
                k = p;
                continue;
            }
            if ms.actors.iter().any(|m| m.w0 <= p && p < m.w1) {
                break;
            }
            let w = &view.words[p];
            let goods = ms.weapons.iter().any(|x| x.w0 <= p && p < x.w1);
            let ok = goods
                || wp == "-"
                || match w.upos {
                    Some(u) => matches!(
                        u,
                        Upos::Det | Upos::Adj | Upos::Num | Upos::Noun | Upos::Sym
                    ),
                    None => {
                        !w.punct
                            && !PREPS.contains(&wp)
                            && !REL.contains(&wp)
                            && !view.verbish(p)
                            && !BE.contains(&wp)
                    }
                };
            if !ok {
                break;
            }
            k = p;
        }
        k
    };
    // The verb whose object is the noun phrase starting at `left` ("announced | a new aid
    // package", "send Ukraine | a package"): a first object may stand between.
    let gov_verb = |left: usize| -> Option<usize> {
        let mut p = left.checked_sub(1)?;
        if let Some(m) = ms.actors.iter().find(|m| m.w1 == left && !m.poss) {
            p = m.w0.checked_sub(1)?;
        }
        let verb = match view.words[p].upos {
            Some(u) => u == Upos::Verb,
            None => view.verbish(p),
        };
        verb.then_some(p)
    };
    // An aid-kind word: the contexts it gives.
    let aid_kind = |k: usize| -> Option<&'static str> {
        let w = view.w(k);
        if lx.is(WordClass::AidMilitary, w) {
            Some("military")
        } else if lx.is(WordClass::AidHumanitarian, w) {
            Some("humanitarian")
        } else if lx.is(WordClass::AidEconomic, w) {
            Some("economic")
        } else {
            None
        }
    };
    // The parse, started on first need when the caller left it to us (most trigger sentences
    // never reach a decision that reads an arc) and run only as far as the arcs asked for.
    let mut late_parse: Option<Box<dyn PartialParse + '_>> = None;
    let nw = view.words.len();
    let covered = |i: usize| ms.covered.iter().any(|(a, b)| *a <= i && i < *b);
    let mut notes = Vec::new();

    // Transport phrases, cue phrases: word spans.
    let mut transport = if may_have_events {
        find_phrases(view, |w| {
            lx.transport
                .get(w)
                .map(|v| v.iter().map(|(p, m)| (p.clone(), m.clone())).collect())
        })
    } else {
        Vec::new()
    };
    // Inside a name ("flown into Port Sudan") a transport word says nothing of the journey.
    transport.retain(|(a, _, _)| {
        !ms.actors.iter().any(|m| m.w0 <= *a && *a < m.w1)
            && !ms.places.iter().any(|p| p.w0 <= *a && *a < p.w1)
    });
    // A vessel or aircraft named as goods ("a naval vessel", "patrol boats", "minehunter
    // ships") is what moved, not how: its transport word goes, unless a carrier preposition
    // stands a few words before it ("from a fishing boat", "by ships and transport planes").
    let carried = |a: usize| {
        (a.saturating_sub(4)..a)
            .rev()
            .take_while(|&p| !view.words[p].punct || view.w(p) == ",")
            .any(|p| lx.is(WordClass::Carrier, view.w(p)))
    };
    // "dozens of tanks and several hundred trucks": a vehicle listed with goods is goods too
    // ("through ships and transport planes" lists two carriers).
    let modes: Vec<(usize, usize)> = transport.iter().map(|&(a, b, _)| (a, b)).collect();
    let listed = |a: usize, b: usize| {
        ms.weapons.iter().any(|w| w.w0 <= a && b <= w.w1)
            && ms.weapons.iter().any(|p| {
                !modes.iter().any(|&(x, y)| x < p.w1 && p.w0 < y)
                    && p.w1 < a
                    && a - p.w1 <= 5
                    && (p.w1..a).any(|k| matches!(view.w(k), "and" | "or"))
                    && (p.w1..a).all(|k| !view.words[k].punct || view.w(k) == ",")
            })
    };
    // "spare parts for the aircraft": what the goods serve did not carry them.
    transport.retain(|&(a, b, _)| {
        !served(a)
            && (carried(a)
                || !listed(a, b)
                    && !ms
                        .weapons
                        .iter()
                        .any(|w| w.w1 == a || w.w0 <= a && b <= w.w1 && w.w1 - w.w0 > b - a))
    });
    let in_transport = |i: usize| transport.iter().any(|(a, b, _)| *a <= i && i < *b);

    // Time mentions as word spans.
    let tspans: Vec<(usize, usize, DateRange)> = times
        .iter()
        .map(|t| {
            let (a, b) = view.words_of_tokens(t.first_token, t.last_token);
            (a, b, t.range.clone())
        })
        .collect();

    // ---- speech cues (positions) ----
    let mut speech: Vec<(usize, usize, SpeechKind)> = Vec::new();
    let mut i = 0;
    while i < nw {
        if covered(i) {
            i += 1;
            continue;
        }
        if let Some(list) = lx.speech.get(view.w(i))
            && let Some((ws, kind)) = list
                .iter()
                .find(|(ws, _)| (0..ws.len()).all(|k| view.w(i + k) == ws[k]))
        {
            // "was reported" is not a speaker's verb; a noun "report" is not either.
            let passive = i > 0 && BE.contains(&view.w(i - 1));
            let nounish = i > 0 && DETS.contains(&view.w(i - 1));
            let tag_ok = view.words[i]
                .upos
                .is_none_or(|u| matches!(u, Upos::Verb | Upos::Aux | Upos::Adp | Upos::Sconj))
                || *kind != SpeechKind::Verb;
            if !(passive || nounish) && tag_ok {
                speech.push((i, i + ws.len(), *kind));
                i += ws.len();
                continue;
            }
        }
        i += 1;
    }

    // ---- triggers ----
    let mut cands: Vec<Cand> = Vec::new();
    // "lethal aid": an aid noun inside a goods phrase is still the aid's trigger.
    let aid_in_goods = |i: usize| {
        lx.is(WordClass::AidHead, view.w(i)) && ms.weapons.iter().any(|x| x.w0 <= i && i < x.w1)
    };
    for (i, w) in view.words.iter().enumerate() {
        if w.punct
            || covered(i) && !aid_in_goods(i)
            || in_transport(i)
            || speech.iter().any(|(a, b, _)| *a <= i && i < *b)
        {
            continue;
        }
        let mut rows: Vec<usize> = lx.forms.get(&*w.lower).cloned().unwrap_or_default();
        if let Some(v) = lx.forms.get(&*w.lemma) {
            for r in v {
                if !rows.contains(r) && lx.triggers[*r].lemma == w.lemma {
                    rows.push(*r);
                }
            }
        }
        if rows.is_empty() {
            continue;
        }
        let prev = if i > 0 { view.w(i - 1) } else { "" };
        let next = view.w(i + 1);
        let nounish_ctx = DETS.contains(&prev)
            || prev == "'s"
            || next == "of"
            || (i > 0 && view.words[i - 1].upos == Some(Upos::Adj))
            || (i > 0
                && covered(i - 1)
                && !view.words[i - 1]
                    .text
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase))
            || matches!(
                prev,
                "strong"
                    | "joint"
                    | "alleged"
                    | "such"
                    | "recent"
                    | "weapons"
                    | "arms"
                    | "military"
            );
        let verb_tag = w.upos.map(|u| matches!(u, Upos::Verb | Upos::Aux));
        let noun_tag = w.upos.map(|u| matches!(u, Upos::Noun | Upos::Propn));
        let pick = rows.iter().map(|&r| &lx.triggers[r]).find(|t| match t.pos {
            TriggerPos::Verb => {
                let shape_ok = w.lower.ends_with("ed")
                    || w.lower.ends_with("ing")
                    || w.lower != t.lemma && !w.lower.ends_with('s')
                    || (!t.ambig && !nounish_ctx);
                match verb_tag {
                    Some(v) => {
                        v && !(w.lower.ends_with("ing") && nounish_ctx && DETS.contains(&prev))
                    }
                    None => shape_ok && !(nounish_ctx && !w.lower.ends_with("ed")),
                }
            }
            TriggerPos::Noun => match noun_tag {
                Some(v) => v || (nounish_ctx && verb_tag != Some(true)),
                None => {
                    nounish_ctx || !rows.iter().any(|&r| lx.triggers[r].pos == TriggerPos::Verb)
                }
            },
        });
        let Some(trig) = pick else {
            notes.push(TriggerNote {
                at: i,
                word: w.text.to_owned(),
                note: "skip: part of speech does not fit".into(),
            });
            continue;
        };
        // Passive: be-aux before a participle.
        let mut passive = false;
        if trig.pos == TriggerPos::Verb
            && (w.lower.ends_with("ed") || w.lower.ends_with("en") || w.lower != trig.lemma)
        {
            let mut k = i;
            let mut steps = 0;
            while k > 0 && steps < 3 {
                k -= 1;
                steps += 1;
                let p = view.w(k);
                if BE.contains(&p) && p != "'s" {
                    passive = true;
                    break;
                }
                if !(p.ends_with("ly")
                    || matches!(p, "not" | "also" | "already" | "reportedly" | "allegedly"))
                {
                    break;
                }
            }
        }
        // A participle coordinated with a passive ("were unloaded at the port and transported
        // by rail"): the auxiliary serves both, unless a clause of its own stands between ("it
        // is asserted that they knew and discussed").
        if !passive
            && trig.pos == TriggerPos::Verb
            && w.lower.ends_with("ed")
            && i >= 4
            && view.w(i - 1) == "and"
            && let Some(k) = (i.saturating_sub(12)..i - 2)
                .rev()
                .find(|&k| BE.contains(&view.w(k)))
        {
            let participle = view.w(k + 1);
            passive = view.w(k) != "'s"
                && (participle.ends_with("ed") || participle.ends_with("en"))
                && (k + 2..i - 1).all(|x| {
                    let v = view.w(x);
                    !view.words[x].punct
                        && !view.verbish(x)
                        && !BE.contains(&v)
                        && !REL.contains(&v)
                        && v != "that"
                });
        }
        // Reduced passive ("15 fighters killed in clashes"): a participle with no object after it.
        if !passive
            && trig.pos == TriggerPos::Verb
            && w.lower.ends_with("ed")
            && matches!(
                next,
                "" | ","
                    | ":"
                    | "in"
                    | "on"
                    | "by"
                    | "at"
                    | "near"
                    | "during"
                    | "after"
                    | "."
                    | ";"
                    | "and"
            )
            && trig.kind == EventType::Assault
        {
            passive = true;
        }
        // Control: "agreed to supply", "sought to ship".
        let mut control = None;
        let mut control_word = None;
        let mut control_at = None;
        if prev == "to" && i >= 2 {
            // An adverb or a short time phrase may stand between ("agreed last year to sell").
            for k in (i.saturating_sub(6)..=i - 2).rev() {
                // An agreement noun ("a contract to buy") stages only a transfer.
                if let Some(c) = lx.control.get(view.w(k))
                    && (trig.transfer || !lx.is(WordClass::Agreement, view.w(k)))
                {
                    control = Some(c);
                    control_word = Some(view.words[k].text.to_owned());
                    control_at = Some(k);
                    break;
                }
                if view.words[k].punct || view.verbish(k) && !view.w(k).ends_with("ly") {
                    break;
                }
            }
        }
        // "said it would deliver": "would" after a verb of saying is the reported "will".
        let reported = |w: &str| {
            w == "would"
                && speech
                    .iter()
                    .any(|(a, _, k)| *k == SpeechKind::Verb && *a < i)
        };
        let future = i >= 1
            && (1..=3)
                .any(|d| i >= d && (FUTURE.contains(&view.w(i - d)) || reported(view.w(i - d))))
            && trig.pos == TriggerPos::Verb;
        cands.push(Cand {
            at: i,
            trig,
            passive,
            skip: None,
            control,
            control_word,
            control_at,
            future,
            absorbed: None,
        });
    }
    // "in violation of a UN arms embargo", "calling them baseless": a standing measure named,
    // or "call" that asks for nothing, is no event.
    for c in &mut cands {
        let at = c.at;
        let before = |d: usize| if at >= d { view.w(at - d) } else { "" };
        if c.trig.kind == EventType::Sanction
            && c.trig.pos == TriggerPos::Noun
            && (1..=5).any(|d| {
                matches!(
                    before(d),
                    "violation" | "violations" | "breach" | "breaches"
                ) && before(d - 1) == "of"
                    || matches!(before(d), "violating" | "breaching" | "defying" | "under")
            })
        {
            c.skip = Some("standing measure, not a new one");
        }
        // "cited intercepted communications": a participle modifying the next noun.
        let tag = |k: usize| view.words.get(k).and_then(|w| w.upos);
        if c.trig.pos == TriggerPos::Verb
            && at > 0
            && view.w(at).ends_with("ed")
            && tag(at - 1) == Some(sitrep_nlp::Upos::Verb)
            && matches!(
                tag(at + 1),
                Some(sitrep_nlp::Upos::Noun | sitrep_nlp::Upos::Propn)
            )
        {
            c.skip = Some("participle modifying a noun");
        }
        if c.trig.lemma == "call"
            && c.trig.pos == TriggerPos::Verb
            && !(at + 1..=at + 3).any(|k| matches!(view.w(k), "for" | "on" | "upon"))
            && view.w(at + 2) != "to"
            && view.w(at + 3) != "to"
        {
            c.skip = Some("'call' asking for nothing");
        }
    }
    // Rules that look at the candidates still live after the ones above.
    let live: Vec<(usize, EventType)> = cands
        .iter()
        .filter(|c| c.skip.is_none())
        .map(|c| (c.at, c.trig.kind))
        .collect();
    for c in &mut cands {
        let at = c.at;
        // "met Xi to discuss …": the talk is the meeting's purpose, not a second meeting.
        if c.trig.lemma == "discuss"
            && at > 0
            && view.w(at - 1) == "to"
            && live.iter().any(|&(p, k)| p < at && k == EventType::Consult)
        {
            c.skip = Some("purpose of the meeting before it");
        }
        // "called the new sanctions illegal": sanctions named as the object of a verb that
        // neither imposes them nor is an event of its own.
        if c.trig.kind == EventType::Sanction
            && c.trig.pos == TriggerPos::Noun
            && let Some(v) = (at.saturating_sub(4)..at)
                .rev()
                .find(|&k| view.words[k].upos == Some(sitrep_nlp::Upos::Verb))
            && !lx.has_stem(WordClass::Impose, view.w(v))
            && !live.iter().any(|&(p, _)| p == v)
            && !lx.speech.contains_key(view.w(v))
        {
            c.skip = Some("sanctions named as the object of another verb");
        }
    }
    // A control verb ("agreed to supply", "sought to buy") is carried by its infinitive event.
    for k in 0..cands.len().saturating_sub(1) {
        if cands[k + 1].control_at == Some(cands[k].at) {
            cands[k].skip = Some("control verb of the following infinitive");
        }
    }
    // Purpose clauses: "delivered missiles to support Russia": the recipient, not a new event.
    for k in 1..cands.len() {
        let at = cands[k].at;
        if view.w(at.saturating_sub(1)) == "to"
            && PURPOSE.contains(&cands[k].trig.lemma.as_str())
            && cands[..k]
                .iter()
                .any(|c| c.trig.transfer && c.skip.is_none())
        {
            cands[k].skip = Some("purpose clause of a transfer");
        }
    }
    // Claim verbs continued by a participle with the same type ("rejected …, dismissing them").
    for k in 1..cands.len() {
        let ck = cands[k].trig.kind;
        if cands[..k].iter().any(|p| p.trig.kind == ck)
            && matches!(ck, EventType::Reject | EventType::Accuse)
            && view.w(cands[k].at).ends_with("ing")
            && view.w(cands[k].at - 1) == ","
        {
            cands[k].skip = Some("participle repeating the previous claim");
        }
    }
    // "alleged"/"suspected" before a noun is a hedge (a certainty cue), not an accusation; a
    // claim noun that is the object of a claim verb ("rejected the accusations") is that claim.
    for k in 0..cands.len() {
        let at = cands[k].at;
        let w = view.w(at);
        if matches!(w, "alleged" | "suspected") {
            let nx = view.w(at + 1);
            let verb_use = matches!(nx, "that" | "," | "the" | "a" | "an" | "in" | "on")
                || ms.actors.iter().any(|m| m.w0 == at + 1);
            if !verb_use {
                cands[k].skip = Some("hedge adjective (certainty cue)");
                continue;
            }
        }
        // "rejected accusations by European officials that …": the accusers are named, so the
        // accusation is an event of its own.
        let accuser_named = matches!(view.w(at + 1), "by" | "from")
            && ms.actors.iter().any(|m| m.w0 >= at + 2 && m.w0 <= at + 3);
        if cands[k].trig.pos == TriggerPos::Noun
            && CLAIM_NOUNS.contains(&w)
            && !accuser_named
            && cands[..k].iter().any(|p| {
                matches!(p.trig.kind, EventType::Reject | EventType::Accuse)
                    && p.skip.is_none()
                    && at - p.at <= 4
            })
        {
            cands[k].skip = Some("object of the claim verb before it");
        }
    }
    // A cooperative verb with a cooperative noun as its object ("signed a defence pact") is one
    // event: the verb's.
    let coop = |k: EventType| {
        matches!(
            k,
            EventType::Agree | EventType::Support | EventType::Cooperate | EventType::Consult
        )
    };
    for k in 1..cands.len() {
        let (p, c) = (&cands[k - 1], &cands[k]);
        if p.trig.pos == TriggerPos::Verb
            && c.trig.pos == TriggerPos::Noun
            && c.at - p.at <= 4
            && coop(p.trig.kind)
            && coop(c.trig.kind)
            && p.trig.kind != c.trig.kind
        {
            cands[k].skip = Some("object of a cooperative verb");
        }
    }
    // "package" is an event only with aid or goods in it ("weapons package", "a package of
    // interceptors", "the package would include Stinger missiles"), not "a sanctions package".
    for c in &mut cands {
        let i = c.at;
        if !c.trig.modified || c.skip.is_some() {
            continue;
        }
        let l = nominal_left(i);
        let pre = (l..i).any(|k| lx.is(WordClass::AidNoun, view.w(k)) || aid_kind(k).is_some())
            || ms.weapons.iter().any(|x| x.w0 >= l && x.noun0 < i);
        let of_goods = view.w(i + 1) == "of"
            && (ms.weapons.iter().any(|x| x.w0 > i + 1 && x.w0 <= i + 4)
                || (i + 2..(i + 5).min(nw)).any(|k| lx.is(WordClass::AidNoun, view.w(k))));
        let definite = i > 0
            && matches!(view.w(i - 1), "the" | "this" | "that")
            && ms.weapons.iter().any(|x| x.w0 > i);
        if !(pre || of_goods || definite) {
            c.skip = Some("no aid or goods in the nominal");
        }
    }
    // "It was the third such seizure this year", "This is the largest delivery yet": a nominal
    // said of a pronoun sums up an event told before; it is no new one.
    for c in &mut cands {
        let l = nominal_left(c.at);
        if c.trig.pos == TriggerPos::Noun
            && c.skip.is_none()
            && l >= 2
            && matches!(view.w(l - 1), "is" | "was" | "'s" | "are" | "were")
            && matches!(view.w(l - 2), "it" | "this" | "that" | "these" | "those")
            && (l - 2 == 0 || view.words[l - 3].punct || view.w(l - 3) == "and")
        {
            c.skip = Some("predicate of a pronoun: an event told before");
        }
    }
    // "aid package", "aid deliveries": a transfer noun modifying the transfer noun after it is
    // part of that nominal.
    for k in 0..cands.len().saturating_sub(1) {
        let (a, b) = (&cands[k], &cands[k + 1]);
        if a.trig.pos == TriggerPos::Noun
            && b.trig.pos == TriggerPos::Noun
            && a.trig.transfer
            && b.trig.transfer
            && b.at > a.at
            && b.at - a.at <= 3
            && nominal_left(b.at) <= a.at
        {
            cands[k].skip = Some("modifier of the following transfer noun");
        }
    }
    // "sent military aid", "pledged humanitarian aid", "requested a new air-defence package": an
    // aid nominal that is the object of a transfer verb is that verb's goods; the verb (its
    // tense, status and arguments) carries the event. (A seizure keeps the shipment it seized.)
    for k in 1..cands.len() {
        let c = &cands[k];
        if c.trig.pos != TriggerPos::Noun
            || !c.trig.transfer
            || c.skip.is_some()
            || !lx.is(WordClass::AidHead, view.w(c.at))
        {
            continue;
        }
        if let Some(v) = gov_verb(nominal_left(c.at))
            && let Some(pk) = cands[..k].iter().position(|p| {
                p.at == v
                    && p.trig.pos == TriggerPos::Verb
                    && p.trig.transfer
                    && p.trig.kind != EventType::Coerce
                    && p.skip.is_none()
            })
        {
            let at = c.at;
            cands[k].skip = Some("object of the transfer verb before it");
            cands[pk].absorbed = Some(at);
        }
    }
    // "suspended military aid": a transfer nominal that is the object of a verb that stops it is
    // that verb's event, not a transfer.
    for k in 1..cands.len() {
        let c = &cands[k];
        if c.trig.pos == TriggerPos::Noun
            && c.trig.transfer
            && c.skip.is_none()
            && let Some(v) = gov_verb(nominal_left(c.at))
            && let Some(pk) = cands[..k].iter().position(|p| {
                p.at == v
                    && p.skip.is_none()
                    && (p.trig.kind == EventType::Sanction
                        || lx
                            .nominal
                            .get(view.w(v))
                            .is_some_and(|g| g.kind == Some(EventType::Sanction)))
            })
        {
            let at = c.at;
            cands[k].skip = Some("object of a verb that stops it");
            cands[pk].absorbed = Some(at);
        }
    }
    // Light verbs before their nominal: "impose sanctions", "launched an attack" keep the noun.
    for k in 1..cands.len() {
        let (p, c) = (&cands[k - 1], &cands[k]);
        if p.trig.pos == TriggerPos::Verb
            && c.skip.is_none()
            && c.trig.pos == TriggerPos::Noun
            && c.at - p.at <= 3
            && p.trig.kind == c.trig.kind
        {
            cands[k - 1].skip = Some("light verb of the following nominal");
        }
    }

    // A post-posed speaker ("…, the ministry said on Friday."): the speaker phrase starts after
    // a comma, no "that" follows the verb and no actor follows it.
    // "told reporters (that) …": the addressee of a verb of saying is no argument of the
    // reported clause.
    let addressee = |m: &Mention| {
        let mut k = m.w0;
        if k > 0 && matches!(view.w(k - 1), "the" | "a") {
            k -= 1;
        }
        k > 0 && lx.is(WordClass::Addressee, view.w(k - 1))
    };
    let postposed = |a: usize, b: usize| -> Option<usize> {
        if a == 0 || view.w(b) == "that" {
            return None;
        }
        // The speaker may be a long noun phrase ("a confidential report by a United Nations
        // panel of experts said").
        let mut k = a;
        while k > 0 && view.w(k - 1) != "," && a - k < 14 {
            k -= 1;
        }
        // "…, a spokesman told reporters.": the hearer after the verb is no inverted speaker.
        let actor_after = ms
            .actors
            .iter()
            .any(|m| m.w0 >= b && m.w0 <= b + 2 && !addressee(m));
        let inverted_ok = k == a; // ", said X."
        // Content after the verb ("they mentioned the transfer of …") makes it pre-posed.
        let content_after =
            cands.iter().any(|c| c.at >= b) || ms.weapons.iter().any(|w| w.noun0 >= b);
        (k > 0 && view.w(k - 1) == "," && (!actor_after || inverted_ok) && !content_after)
            .then_some(k)
    };

    // ---- clause boundaries ----
    let mut bounds: Vec<usize> = vec![0];
    for i in 0..nw {
        let w = view.w(i);
        if matches!(w, ";" | ":" | "\u{2014}") {
            bounds.push(i + 1);
        }
        if w == "that"
            && i > 0
            && (view.verbish(i - 1)
                || speech.iter().any(|(_, b, _)| *b == i)
                || lx.cues.contains_key(view.w(i - 1))
                || lx.speech.contains_key(view.w(i - 1)))
        {
            bounds.push(i + 1);
        }
        if REL.contains(&w) && i > 0 && view.w(i - 1) == "," {
            bounds.push(i);
        }
        if w == ","
            && view.w(i + 1).ends_with("ing")
            && view
                .words
                .get(i + 1)
                .is_some_and(|x| x.upos.is_none_or(|u| u == Upos::Verb))
        {
            bounds.push(i + 1);
        }
    }
    for (a, b, kind) in &speech {
        match kind {
            SpeechKind::Verb => {
                if view.w(*b) != "that" {
                    bounds.push(*b);
                }
                // A post-posed speaker (", X said") closes the clause before it.
                if let Some(k) = postposed(*a, *b) {
                    bounds.push(k);
                }
            }
            SpeechKind::Prep | SpeechKind::Cite => {
                // "according to X," : the clause starts after the comma.
                let mut k = *b;
                while k < nw && view.w(k) != "," && k - *b < 10 {
                    k += 1;
                }
                if k < nw && view.w(k) == "," {
                    bounds.push(*a);
                    bounds.push(k + 1);
                }
            }
        }
    }
    // ", which/who … ," relative clauses: the clause after the closing comma continues the one
    // before the relative pronoun (its subject sits before it).
    let mut rel_spans: Vec<(usize, usize)> = Vec::new();
    for i in 1..nw {
        if matches!(view.w(i), "which" | "who")
            && view.w(i - 1) == ","
            && let Some(e) = (i + 1..nw.min(i + 14)).find(|&k| view.w(k) == ",")
            && ((i + 1..e).any(|k| view.verbish(k) || cands.iter().any(|c| c.at == k))
                || (view.w(i + 1).ends_with('s')
                    && !view.words[i + 1].text.starts_with(char::is_uppercase)))
        {
            rel_spans.push((i, e));
            bounds.push(e + 1);
        }
    }
    bounds.sort_unstable();
    bounds.dedup();
    let clause = |i: usize| -> (usize, usize) {
        let cs = bounds.iter().rev().find(|b| **b <= i).copied().unwrap_or(0);
        let ce = bounds.iter().find(|b| **b > i).copied().unwrap_or(nw);
        (cs, ce)
    };
    // Where the subject of a clause may be: a clause right after a relative clause reaches back
    // over it to the clause before.
    let subject_start = |cs: usize| -> usize {
        match rel_spans.iter().find(|(_, e)| e + 1 == cs) {
            Some((r, _)) => bounds
                .iter()
                .rev()
                .find(|b| **b <= r.saturating_sub(1))
                .copied()
                .unwrap_or(0),
            None => cs,
        }
    };
    let in_rel = |k: usize| rel_spans.iter().any(|(a, e)| *a <= k && k <= *e);

    // ---- actor helpers ----
    let actors: Vec<&Mention> = ms.actors.iter().filter(|m| !m.appos).collect();
    let prep_before = |m: &Mention| -> Option<&str> {
        let mut k = m.w0;
        // skip determiners/adjectives
        let mut steps = 0;
        while k > 0 && steps < 3 {
            let p = view.w(k - 1);
            if PREPS.contains(&p) {
                return Some(&*view.words[k - 1].lower);
            }
            // "on eight Iranian individuals", "from a trader": a count or an article right after
            // the preposition (not "more than 150 Syrians").
            let counted = (view.words[k - 1].upos == Some(sitrep_nlp::Upos::Num)
                || crate::quantity::is_number_word(p)
                || p == "several")
                && k >= 2
                && matches!(
                    view.w(k - 2),
                    "on" | "from" | "with" | "against" | "for" | "by"
                );
            if matches!(
                p,
                "the" | "a" | "an" | "its" | "their" | "both" | "all" | "," | "and"
            ) || p.ends_with("ly")
                || counted
                || view.words[k - 1].upos == Some(sitrep_nlp::Upos::Adj)
            {
                k -= 1;
                steps += 1;
                continue;
            }
            break;
        }
        None
    };
    // Coordination group around mention index j (in `actors`).
    let group = |j: usize| -> Vec<usize> {
        let mut g = vec![j];
        let joins = |a: usize, b: usize| -> bool {
            // only commas, "and", "or", "the" between mention a's end and b's start
            let (x, y) = (actors[a].w1, actors[b].w0);
            y > x
                && y - x <= 3
                && (x..y).all(|k| matches!(view.w(k), "," | "and" | "or" | "the" | "as" | "well"))
        };
        let conj = |a: usize, b: usize| -> bool {
            (actors[a].w1..actors[b].w0).any(|k| matches!(view.w(k), "and" | "or"))
        };
        let mut a = j;
        while a > 0 && joins(a - 1, a) {
            a -= 1;
            g.insert(0, a);
        }
        let mut b = j;
        while b + 1 < actors.len() && joins(b, b + 1) {
            b += 1;
            g.push(b);
        }
        // "attacked by protesters, and police arrested …": in a list opened by a preposition,
        // ", and" before a member a verb follows joins two clauses, not two actors.
        let opened_by_prep = {
            let mut k = actors[g[0]].w0;
            while k > 0 && matches!(view.w(k - 1), "the" | "a" | "an") {
                k -= 1;
            }
            k > 0 && view.words[k - 1].upos == Some(Upos::Adp)
        };
        let clause_break = |x: usize, y: usize| {
            let between = actors[x].w1..actors[y].w0;
            let mut v = actors[y].w1;
            if view.words.get(v).is_some_and(|w| w.upos == Some(Upos::Adv)) {
                v += 1;
            }
            between.clone().any(|k| view.w(k) == ",")
                && between.clone().any(|k| matches!(view.w(k), "and" | "but"))
                && view
                    .words
                    .get(v)
                    .is_some_and(|w| w.upos == Some(Upos::Verb))
        };
        if opened_by_prep && let Some(p) = g.windows(2).position(|w| clause_break(w[0], w[1])) {
            // p + 1 members before the break; keep j's side.
            if g[p] >= j {
                g.truncate(p + 1);
            } else {
                g.drain(..=p);
            }
        }
        // A list joined by commas alone is no coordination ("for journalists, the military").
        if !g.windows(2).any(|w| conj(w[0], w[1])) {
            return vec![j];
        }
        // Members inside a PP other than the head's are not part of the same list.
        g
    };
    let pronoun_at =
        |lo: usize, hi: usize, ctx: &Context| -> Option<(usize, Vec<Actor>, &'static str)> {
            (lo..hi).rev().find_map(|k| {
                // "thanked both countries and urged …": the object of a verb other than one of
                // saying is no subject.
                if k > 0
                    && view.verbish(k - 1)
                    && !lx.speech.contains_key(view.w(k - 1))
                    && view.words[k - 1].upos != Some(sitrep_nlp::Upos::Aux)
                {
                    return None;
                }
                // "The Navy said (on Wednesday) it had …": the body that speaks.
                if view.w(k) == "it"
                    && let Some(sv) = (k.saturating_sub(4)..k)
                        .rev()
                        .find(|&x| lx.speech.contains_key(view.w(x)))
                    && !(sv..k).any(|x| view.w(x) == ",")
                    // "Poland, which had pressed Berlin, said it …": the subject ends before
                    // the relative clause.
                    && let subj_end = rel_spans
                        .iter()
                        .find(|(_, e)| e + 1 == sv)
                        .map_or(sv, |(r, _)| r - 1)
                    && let Some(m) = ms.actors.iter().rev().find(|m| m.w1 <= subj_end && !m.appos)
                    && m.w1 == subj_end
                    && m.actor.kind != ActorKind::Person
                    // "officials said it" is no antecedent, "the United States" or
                    // "Brussels" (the EU) is: KB names know their number.
                    && !(if m.rule == "kb" && m.actor.kind != ActorKind::Group {
                        m.plural
                    } else {
                        view.w(m.w1 - 1).ends_with('s')
                    })
                {
                    let mut a = m.actor.clone();
                    view.words[k].text.clone_into(&mut a.text);
                    return Some((k, vec![a], "pronoun:speaker"));
                }
                // A subject "it" with no state before it in this sentence: the state that last
                // acted ("The Czech Republic delivered shells to Ukraine. It also sent …").
                if view.w(k) == "it"
                    && k == lo
                    && let Some(st) = &ctx.subject_state
                    && !ms
                        .actors
                        .iter()
                        .any(|m| m.w1 <= k && m.actor.kind == ActorKind::State)
                {
                    let mut a = st.clone();
                    view.words[k].text.clone_into(&mut a.text);
                    return Some((k, vec![a], "pronoun:last-subject"));
                }
                // No other word resolves: spare the context copy below (most words).
                if !resolve::PRONOUNS.contains(&view.w(k)) {
                    return None;
                }
                // Antecedents earlier in this sentence come first.
                let mut local = ctx.clone();
                for m in ms.actors.iter().filter(|m| m.w1 <= k && !m.appos) {
                    local.note(m);
                }
                resolve::pronoun(view, k, &local).map(|(a, r)| (k, a, r))
            })
        };

    // ---- speech frames ----
    let mut frames: Vec<Frame> = Vec::new();
    for (rank, (a, b, kind)) in speech.iter().enumerate() {
        match kind {
            SpeechKind::Prep | SpeechKind::Cite => {
                if let Some(j) = actors.iter().position(|m| m.w0 >= *b && m.w0 <= *b + 3) {
                    let g = group(j);
                    let sp: Vec<Actor> = g.iter().map(|&x| actors[x].actor.clone()).collect();
                    let last = actors[*g.last().unwrap_or(&j)].w1;
                    let (from, to) = if *kind == SpeechKind::Cite {
                        (last, nw)
                    } else {
                        (0, nw)
                    };
                    let order = if *kind == SpeechKind::Cite {
                        nw + *a
                    } else {
                        *a
                    };
                    frames.push(Frame {
                        cue: *a,
                        order,
                        speakers: sp,
                        from,
                        to,
                        rank: rank * 2 + usize::from(*kind == SpeechKind::Cite),
                        rule: if *kind == SpeechKind::Cite {
                            "citing"
                        } else {
                            "according-to"
                        },
                    });
                }
            }
            SpeechKind::Verb => {
                let (cs0, _) = clause(*a);
                // A participle ("…, indicating that") shares the subject of the clause before.
                let participle = view.w(*a).ends_with("ing") && cs0 == *a && *a > 0;
                let cs = if participle { clause(*a - 1).0 } else { cs0 };
                // Subject: nearest actor left in the clause, not in a PP other than "by", nor
                // in a relative clause ("Poland, which had pressed Berlin, said").
                let cs = subject_start(cs);
                let left = actors
                    .iter()
                    .enumerate()
                    .filter(|(_, m)| {
                        m.w1 <= *a
                            && m.w0 >= cs
                            && !in_rel(m.w0)
                            && prep_before(m).is_none_or(|p| p == "by")
                    })
                    .map(|(j, _)| j)
                    .next_back();
                let pron = pronoun_at(cs, *a, ctx)
                    .filter(|(k, _, _)| left.is_none_or(|j| actors[j].w1 <= *k));
                let mut sp: Vec<Actor> = Vec::new();
                let mut rule = "speech-verb";
                if let Some((_, a2, _)) = pron {
                    sp = a2;
                    rule = "speech-verb:pronoun";
                } else if let Some(j) = left {
                    sp = group(j).iter().map(|&x| actors[x].actor.clone()).collect();
                } else if let Some(m) = actors.iter().find(|m| {
                    m.w0 >= *b
                        && m.w0 <= *b + 2
                        && *a > 0
                        && view.w(*b) != "that"
                        && matches!(view.w(*a - 1), "," | "\"" | "'")
                }) {
                    sp = vec![m.actor.clone()];
                    rule = "speech-verb:inverted";
                } else if let Some((ca, _, _)) = speech
                    .iter()
                    .find(|(ca, _, k)| *k == SpeechKind::Cite && *ca < *a)
                {
                    // "X, citing Y, reported": X is the subject before the citation.
                    if let Some(j) = actors
                        .iter()
                        .rposition(|m| m.w1 <= *ca && prep_before(m).is_none())
                    {
                        sp = group(j).iter().map(|&x| actors[x].actor.clone()).collect();
                        rule = "speech-verb:before-citing";
                    } else if let Some(e) = sentence
                        .entities
                        .iter()
                        .find(|e| view.words_of_tokens(e.start, e.end.saturating_sub(1)).1 <= *ca)
                    {
                        let (x, y) = view.words_of_tokens(e.start, e.end.saturating_sub(1));
                        let txt = text
                            .get(view.words[x].start..view.words[y - 1].end)
                            .unwrap_or("")
                            .to_owned();
                        sp = vec![Actor {
                            text: txt.clone(),
                            name: txt,
                            kind: ActorKind::Organization,
                            country: None,
                            sector: None,
                            id: None,
                        }];
                        rule = "speech-verb:before-citing";
                    }
                }
                if sp.is_empty() {
                    continue;
                }
                // Post-posed: the content precedes ("…, X said.").
                let post = postposed(*a, *b).is_some();
                let (from, to) = if post { (0, cs) } else { (*b, nw) };
                frames.push(Frame {
                    cue: *a,
                    order: if post { 0 } else { *a },
                    speakers: sp,
                    from,
                    to,
                    rank: rank * 2,
                    rule,
                });
            }
        }
    }
    if let Some(f) = frames.iter().max_by_key(|f| f.cue) {
        ctx.last_speakers = f.speakers.clone();
    }

    // ---- certainty cues ----
    let cue_hits = if may_have_events {
        find_cues(view, lx)
    } else {
        Vec::new()
    };

    // ---- build drafts ----
    let mut drafts: Vec<Draft> = Vec::new();
    // Complement nominals of a claim that name no actors ("condemned the launch"): (claim word,
    // the complement's type), linked to an earlier event of that type at document level.
    let mut orphans: Vec<(usize, EventType)> = Vec::new();
    let live: Vec<usize> = cands
        .iter()
        .enumerate()
        .filter(|(_, c)| c.skip.is_none())
        .map(|(k, _)| k)
        .collect();
    for c in &cands {
        if let Some(why) = c.skip {
            notes.push(TriggerNote {
                at: c.at,
                word: view.words[c.at].text.to_owned(),
                note: format!("skip: {why}"),
            });
        }
    }
    for (li, &ci) in live.iter().enumerate() {
        let c = &cands[ci];
        let t = c.trig;
        let i = c.at;
        // The noun phrase the trigger heads, and the verb whose object it is (for nominals).
        let left_i = nominal_left(i);
        let gov_i = gov_verb(left_i);
        // "took delivery of six jets from Russia": the subject receives.
        let reverse = t.reverse
            || t.pos == TriggerPos::Noun
                && t.lemma == "delivery"
                && gov_i.is_some_and(|v| view.words[v].lemma == "take");
        let (cs, ce) = clause(i);
        let next_trig = live
            .get(li + 1)
            .map(|&k| cands[k].at)
            .filter(|&a| a < ce)
            .unwrap_or(ce);
        let prev_trig = if li > 0 {
            Some(cands[live[li - 1]].at).filter(|&a| a >= cs)
        } else {
            None
        };
        let mut why: Vec<String> = vec![format!(
            "{}:{} '{}'{}",
            t.kind,
            if t.pos == TriggerPos::Verb { "v" } else { "n" },
            view.words[i].text,
            if c.passive { "(passive)" } else { "" }
        )];
        // Right range: up to the next trigger.
        let rhs_end = next_trig;
        let in_right = |m: &Mention| m.w0 > i && m.w0 < rhs_end;
        let mut sources: Vec<Actor> = Vec::new();
        let mut targets: Vec<Actor> = Vec::new();
        let mut src_rule = "";
        let mut tgt_rule = "";
        let mut inherits: Option<(usize, usize)> = None;
        let mut subject: Vec<Actor> = Vec::new();

        // Parse path: nsubj / obj of the trigger. Arcs can only matter when an actor stands
        // where such a dependent may (before the trigger, or just after it for an object).
        let arc_may_fire = actors.iter().any(|m| m.w0 < i)
            || t.hint("obj") == Some(Role::Target)
                && actors.iter().any(|m| m.w0 > i && m.w0 <= i + 4);
        // Arcs are read from a parse given up front, or from the parser when one could decide
        // an argument; only those of tokens that can matter: actors before the trigger
        // (subjects) or starting within four words after it (objects), see the sanity test
        // below.
        let kids: Option<Vec<(usize, String)>> = (view.parsed || arc_may_fire && parser.is_some())
            .then(|| {
                let tok = view.words[i].tok;
                let mut near: Vec<usize> = actors
                    .iter()
                    .filter(|m| m.w0 < i || m.w0 > i && m.w0 <= i + 4)
                    .flat_map(|m| view.words[m.w0].tok..=view.words[m.w1 - 1].tok)
                    .collect();
                near.sort_unstable();
                near.dedup();
                match parser.filter(|_| !view.parsed) {
                    None => near
                        .iter()
                        .filter_map(|&k| sentence.tokens.get(k).map(|x| (k, x)))
                        .filter(|(_, x)| x.head == tok + 1)
                        .map(|(k, x)| (k, x.deprel.clone()))
                        .collect(),
                    Some(p) => {
                        let run = late_parse.get_or_insert_with(|| p.start(sentence));
                        near.iter()
                            .filter_map(|&k| Some((k, run.relation_to(k, tok + 1)?.to_owned())))
                            .collect()
                    }
                }
            });
        if let Some(kids) = kids {
            let mention_of = |tk: usize| {
                actors
                    .iter()
                    .position(|m| view.words[m.w0].tok <= tk && tk <= view.words[m.w1 - 1].tok)
            };
            for (k, rel) in &kids {
                let rel = rel.as_str();
                if let Some(j) = mention_of(*k) {
                    let mw = actors[j].w0;
                    let sane = if rel.starts_with("nsubj") {
                        mw < i
                    } else {
                        mw > i && mw <= i + 4
                    };
                    if !sane {
                        continue;
                    }
                    if rel == "nsubj" && sources.is_empty() && !reverse {
                        sources = group(j).iter().map(|&x| actors[x].actor.clone()).collect();
                        subject.clone_from(&sources);
                        src_rule = "parse:nsubj";
                    } else if rel == "nsubj" && reverse && targets.is_empty() {
                        targets = group(j).iter().map(|&x| actors[x].actor.clone()).collect();
                        subject.clone_from(&targets);
                        tgt_rule = "parse:nsubj(reverse)";
                    } else if rel == "obj"
                        && targets.is_empty()
                        && t.hint("obj") == Some(Role::Target)
                    {
                        targets = group(j).iter().map(|&x| actors[x].actor.clone()).collect();
                        tgt_rule = "parse:obj";
                    }
                }
            }
        }

        // Possessor of a nominal: "North Korea's alleged provision".
        let after_poss = (1..=3).any(|d| i >= d && view.is_poss(i - d));
        if (t.pos == TriggerPos::Noun || after_poss)
            && (sources.is_empty() || after_poss)
            && let Some(j) = actors
                .iter()
                .rposition(|m| m.poss && m.w1 < i && i - (m.w1 + 1) <= 2 && m.w0 >= cs)
        {
            let role = t.hint("poss").unwrap_or(Role::Source);
            let g: Vec<Actor> = group(j).iter().map(|&x| actors[x].actor.clone()).collect();
            if role == Role::Target {
                targets = g;
                tgt_rule = "possessor(reverse)";
            } else {
                sources = g;
                src_rule = "possessor";
            }
        }
        // Right-hand arguments by preposition or object position.
        let right: Vec<usize> = actors
            .iter()
            .enumerate()
            .filter(|(_, m)| in_right(m))
            .map(|(j, _)| j)
            .collect();
        let mut by_agent: Option<usize> = None;
        for &j in &right {
            let m = actors[j];
            let p = prep_before(m);
            let purpose =
                m.w0 >= 2 && view.w(m.w0 - 2) == "to" && PURPOSE.contains(&view.w(m.w0 - 1))
                    || (m.w0 >= 3
                        && view.w(m.w0 - 1) == "the"
                        && view.w(m.w0 - 2) == "for"
                        && matches!(view.w(m.w0 - 3), "bound" | "destined" | "headed"))
                    || (m.w0 >= 2
                        && view.w(m.w0 - 1) == "for"
                        && matches!(view.w(m.w0 - 2), "bound" | "destined" | "headed"));
            let p = if purpose && t.transfer { Some("to") } else { p };
            let role = match p {
                Some("by") => {
                    // "smuggled by sea … and assembled by the Houthis": the agent of another verb.
                    let other_verb =
                        (i + 1..m.w0).any(|k| view.words[k].upos == Some(sitrep_nlp::Upos::Verb));
                    if by_agent.is_none() && !other_verb {
                        by_agent = Some(j);
                    }
                    None
                }
                Some(p) => t.hint(p).or(match p {
                    "to" | "with" | "on" | "against" if !t.transfer => Some(Role::Target),
                    "of" if t.pos == TriggerPos::Noun && !t.transfer => Some(Role::Target),
                    _ => None,
                }),
                None => {
                    if m.w0 <= i + 3
                        && (t.hint("obj").is_some() || t.pos == TriggerPos::Verb && !t.transfer)
                    {
                        t.hint("obj").or(Some(Role::Target))
                    } else if t.transfer
                        && t.pos == TriggerPos::Verb
                        && !c.passive
                        && !reverse
                        && m.w0 == i + 1
                        && !m.poss
                        && m.actor.country.is_some()
                        && !right.iter().any(|&r| prep_before(actors[r]) == Some("to"))
                        && lx.is(WordClass::Ditransitive, &t.lemma)
                        && (ms.weapons.iter().any(|w| w.w0 >= m.w1 && w.w0 <= m.w1 + 12)
                            || (m.w1..(m.w1 + 8).min(nw))
                                .any(|k| lx.is(WordClass::AidNoun, view.w(k))))
                    {
                        // "send Ukraine 18 tanks": the first of two objects receives.
                        Some(Role::Target)
                    } else {
                        None
                    }
                }
            };
            match role {
                Some(Role::Target) if targets.is_empty() => {
                    targets = group(j).iter().map(|&x| actors[x].actor.clone()).collect();
                    tgt_rule = match p {
                        Some("to") => "to-PP",
                        Some("with") => "with-PP",
                        Some("of") => "of-PP",
                        Some(_) => "PP",
                        None => "object",
                    };
                }
                Some(Role::Source) if sources.is_empty() || src_rule.is_empty() => {
                    sources = group(j).iter().map(|&x| actors[x].actor.clone()).collect();
                    src_rule = "from-PP";
                }
                _ => {}
            }
        }
        // Passive agent.
        if (c.passive || t.pos == TriggerPos::Noun && sources.is_empty())
            && let Some(j) = by_agent
        {
            sources = group(j).iter().map(|&x| actors[x].actor.clone()).collect();
            src_rule = "by-agent";
        }
        // Left: the subject.
        let lo = prev_trig
            .filter(|_| t.pos == TriggerPos::Noun && t.transfer)
            .map_or(subject_start(cs), |p| p + 1);
        let own_rel = in_rel(i);
        let left = actors
            .iter()
            .enumerate()
            .filter(|(_, m)| {
                m.w1 <= i
                    && m.w0 >= lo
                    && !addressee(m)
                    && (own_rel || !in_rel(m.w0))
                    && prep_before(m).is_none_or(|p| p == "by" && !c.passive)
            })
            .map(|(j, _)| j)
            .next_back();
        let pron =
            pronoun_at(lo, i, ctx).filter(|(k, _, _)| left.is_none_or(|j| actors[j].w1 <= *k));
        let rel_ante = if own_rel && left.is_none() {
            rel_spans
                .iter()
                .find(|(a, e)| *a <= i && i <= *e)
                .and_then(|(a, _)| actors.iter().rposition(|m| m.w1 + 1 == *a))
        } else {
            None
        };
        let left = left.or(rel_ante);
        // "urged other partners to send …": the object of the verb of asking does it, not the
        // asker; an object the KB cannot name leaves the source empty.
        // A nominal is asked for through its verb ("urged the Council to impose an embargo").
        let asked_at = if t.pos == TriggerPos::Noun {
            gov_i.unwrap_or(i)
        } else {
            i
        };
        let obj_control = if asked_at >= 3 && view.w(asked_at - 1) == "to" {
            (asked_at.saturating_sub(8)..asked_at - 2)
                .rev()
                .find(|&k| lx.is(WordClass::ObjectControl, view.w(k)))
        } else {
            None
        };
        let (left, pron) = match obj_control {
            Some(v) => (actors.iter().rposition(|m| m.w0 > v && m.w1 < i), None),
            None => (left, pron),
        };
        // "visited Warsaw and met President Duda": a verb coordinated with the event before it
        // (no verb between them; any verb in between, as in "urged … that brigades would be
        // coming … and seeking", may mean the coordination belongs to another clause).
        let conj = (t.pos == TriggerPos::Verb)
            .then(|| {
                let k = i.checked_sub(1)?;
                let k = match view.words[k].upos {
                    Some(Upos::Adv) => k.checked_sub(1)?,
                    _ => k,
                };
                matches!(view.w(k), "and" | "but").then_some(k)
            })
            .flatten()
            .and_then(|k| {
                // A gerund after a preposition is a complement, not a clause ("accused Berlin
                // of lying and warned …").
                let clause_verb = |x: usize| {
                    view.verbish(x)
                        && !(view.w(x).ends_with("ing")
                            && matches!(view.w(x - 1), "of" | "for" | "about" | "over"))
                };
                drafts
                    .last()
                    .filter(|d| d.at < k && (d.at + 1..k).all(|x| !clause_verb(x)))
            });
        let conj_at = conj.map(|d| d.at);
        // It shares that event's subject when the actor left of "and" is the earlier verb's
        // object.
        let conj_subject = conj
            .filter(|d| {
                obj_control.is_none()
                    && left.is_some_and(|j| actors[j].w0 > d.at)
                    && pron.as_ref().is_none_or(|(p, _, _)| *p < d.at)
            })
            .and_then(|d| {
                // "Georgia was criticised by Russia and summoned …": the passive's subject,
                // not its agent. Without a known subject an active event's source stands in
                // (it came from a subject-like rule); a passive one's agent never does.
                let shared = if !d.subject.is_empty() {
                    &d.subject
                } else if d.passive {
                    return None;
                } else {
                    &d.sources
                };
                (!shared.is_empty()).then(|| shared.clone())
            });
        // The subject's actors, the trace detail and the source rule it makes.
        let subj: Option<(Vec<Actor>, String, &str)> = if let Some(s) = conj_subject {
            Some((s, "conj-subject".to_owned(), "conj-subject"))
        } else if let Some((_, a, r)) = pron {
            Some((a, r.to_owned(), "pronoun-subject"))
        } else if let Some(j) = left {
            // A transfer noun takes the subject only as the object of a verb ("approved the sale").
            // "sent military aid", "approved a $300 million security assistance package":
            // only determiners, numbers and modifiers between the verb and the noun.
            let modifiers_only = |v: usize| {
                (v + 1..i).all(|k| {
                    matches!(
                        view.words[k].upos,
                        Some(Upos::Det | Upos::Adj | Upos::Num | Upos::Noun | Upos::Sym)
                    )
                })
            };
            let object_of_verb = ((1..=2).any(|d| {
                i > d && view.verbish(i - d - 1) && matches!(view.w(i - d), "the" | "a" | "an")
            }) || (1..=6)
                .any(|d| i > d && view.verbish(i - d) && modifiers_only(i - d))
                || gov_i.is_some())
                // No other actor in between, unless in a phrase of its own ("a company
                // registered in the United Arab Emirates had arranged the sale").
                && !actors
                    .iter()
                    .any(|m| m.w0 > actors[j].w1 && m.w1 <= i && prep_before(m).is_none());
            let nominal_ok = t.pos == TriggerPos::Verb || !t.transfer || object_of_verb;
            nominal_ok.then(|| {
                (
                    group(j).iter().map(|&x| actors[x].actor.clone()).collect(),
                    "subject-left".to_owned(),
                    "subject-left",
                )
            })
        } else {
            None
        };
        if let Some((s, r, rule)) = subj {
            if subject.is_empty() {
                subject.clone_from(&s);
            }
            if c.passive && !t.transfer {
                if targets.is_empty() {
                    targets = s;
                    tgt_rule = "passive-subject";
                }
            } else if c.passive && t.transfer {
                if targets.is_empty() {
                    targets = s;
                    tgt_rule = "passive-subject(recipient)";
                }
            } else if reverse {
                if targets.is_empty() {
                    targets = s;
                    tgt_rule = "subject(reverse)";
                }
            } else if sources.is_empty() {
                sources = s;
                src_rule = rule;
                why.push(format!("src:{r}"));
            }
        }
        // Participial or relative continuation without a subject: the previous event's source.
        if sources.is_empty()
            && obj_control.is_none()
            && !reverse
            && !(c.passive && t.transfer)
            && t.pos == TriggerPos::Verb
        {
            if let Some(d) = drafts
                .last()
                .filter(|d| !d.sources.is_empty() && (cs > 0 || c.control.is_some()))
            {
                sources = d.sources.clone();
                src_rule = "shared-subject";
            } else if c.control.is_some() || (i > 0 && view.w(i - 1) == "to") {
                // Control: the controller's subject.
                if let Some(j) = actors
                    .iter()
                    .rposition(|m| m.w1 <= i && prep_before(m).is_none())
                {
                    sources = group(j).iter().map(|&x| actors[x].actor.clone()).collect();
                    src_rule = "control-subject";
                }
            }
        }

        // ---- items ----
        let mut items: Vec<Item> = Vec::new();
        let mut origins: Vec<Actor> = Vec::new();
        let item_lo = if c.passive { cs } else { i + 1 };
        let mut item_hi = if t.pos == TriggerPos::Noun {
            rhs_end
        } else {
            rhs_end.max(i + 1)
        };
        // "send … $400 million in military aid, including Stinger missiles and …": the list
        // names the goods, up to the end of the clause or the next verb.
        if t.transfer
            && let Some(inc) = (i + 1..(i + 12).min(nw))
                .find(|&k| view.w(k) == "including" || view.w(k) == "such" && view.w(k + 1) == "as")
            && inc + 1 >= item_hi
        {
            item_hi = (inc + 1..nw)
                .find(|&k| {
                    matches!(view.w(k), "." | ";" | ":" | "—" | "--")
                        || view.words[k].upos == Some(sitrep_nlp::Upos::Verb)
                })
                .unwrap_or(nw);
        }
        for wpn in &ms.weapons {
            if transport
                .iter()
                .any(|(a, b, _)| *a < wpn.w1 && wpn.noun0 < *b)
            {
                continue;
            }
            if (wpn.noun0 > i && wpn.noun0 < item_hi)
                || (c.passive && wpn.noun0 >= item_lo && wpn.noun0 < i)
            {
                let quantity =
                    crate::quantity::quantity_before(sentence, text, view.words[wpn.noun0].tok)
                        .or_else(|| {
                            crate::quantity::quantity_before(sentence, text, view.words[wpn.w0].tok)
                        });
                items.push(Item {
                    category: wpn.category.clone(),
                    text: wpn.text.clone(),
                    designation: wpn.designation.clone(),
                    quantity,
                });
                if let Some(o) = &wpn.origin {
                    origins.push(o.clone());
                }
            }
        }
        // "The vehicles were transported by road": the goods of the last transfer, by their
        // head noun after a definite determiner.
        let mut anaphoric_goods = false;
        if t.transfer && c.passive && items.is_empty() {
            let earlier = last_transfer(&drafts, prev_transfers).and_then(|d| d.transfer.as_ref());
            if let Some(tr) = earlier {
                let heads: Vec<usize> = (item_lo.max(1)..i)
                    .filter(|&k| matches!(view.w(k - 1), "the" | "these" | "those"))
                    .collect();
                for it in &tr.items {
                    let head = it.text.rsplit(' ').next().unwrap_or("").to_lowercase();
                    if heads.iter().any(|&k| view.w(k) == head) {
                        items.push(Item {
                            quantity: None,
                            ..it.clone()
                        });
                        anaphoric_goods = true;
                    }
                }
            }
        }
        // The aid nominal: the trigger noun itself, or the verb's object ("sent military aid",
        // "provide Ukraine with £500 million in military support"). Its pre-modifiers tell the
        // aid's kind, goods and value.
        let nom: Option<usize> = if !t.transfer {
            c.absorbed
        } else if t.pos == TriggerPos::Noun {
            Some(i).filter(|&h| lx.is(WordClass::AidHead, view.w(h)))
        } else {
            c.absorbed.or_else(|| {
                (i + 1..item_hi.min(nw).min(i + 14)).find(|&k| lx.is(WordClass::AidHead, view.w(k)))
            })
        };
        let nom_left = nom.map(nominal_left);
        let mut aid_kinds: Vec<&'static str> = Vec::new();
        let mut kind_at: Option<usize> = None;
        if let (Some(h), Some(l)) = (nom, nom_left) {
            for k in l..h {
                if let Some(x) = aid_kind(k) {
                    kind_at.get_or_insert(k);
                    if !aid_kinds.contains(&x) {
                        aid_kinds.push(x);
                    }
                }
            }
            // "a weapons package", "lethal aid": goods in the nominal's modifiers, when the
            // clause lists none after it.
            if items.is_empty() {
                for wpn in ms.weapons.iter().filter(|x| x.w0 >= l && x.noun0 <= h) {
                    items.push(Item {
                        category: wpn.category.clone(),
                        text: wpn.text.clone(),
                        designation: wpn.designation.clone(),
                        quantity: None,
                    });
                }
            }
            // "military aid", "security assistance package": goods of the generic category.
            if items.is_empty() && aid_kinds.contains(&"military") {
                let mut k0 = kind_at.unwrap_or(h);
                // "air-defence" split at its hyphen.
                if k0 >= 2 && view.w(k0 - 1) == "-" && k0 - 2 >= l {
                    k0 -= 2;
                }
                items.push(Item {
                    category: "military_equipment".into(),
                    text: text
                        .get(view.words[k0].start..view.words[h].end)
                        .unwrap_or("")
                        .to_owned(),
                    designation: None,
                    quantity: None,
                });
            }
        }
        if !items.is_empty() && nom.is_some() && !aid_kinds.contains(&"military") {
            aid_kinds.insert(0, "military");
        }
        // The word before an amount after the trigger, past articles and hedges: "for an
        // estimated $1.7 billion".
        let before_amount = |w0: usize| {
            (i + 1..w0).rev().find(|&k| {
                let w = view.w(k);
                !matches!(w, "a" | "an" | "nearly" | "total")
                    && !crate::quantity::APPROX.contains(&w)
            })
        };
        // The value: money in the nominal ("a $2 billion weapons package"), after it ("worth
        // $400 million"), after a transfer verb, or on the noun an infinitive serves ("a €5
        // billion fund to supply arms").
        let value = money
            .iter()
            .find(|m| {
                nom.zip(nom_left)
                    .is_some_and(|(h, l)| m.w0 >= l && m.w1 <= h)
            })
            .or_else(|| {
                money.iter().find(|m| {
                    m.w0 > i
                        && m.w0 < item_hi
                        && (t.pos == TriggerPos::Verb
                            || before_amount(m.w0).is_some_and(|k| {
                                matches!(
                                    view.w(k),
                                    "worth" | "at" | "totalling" | "totaling" | "of" | "for"
                                )
                            }))
                })
            })
            .or_else(|| {
                let ca = c.control_at?;
                let l = nominal_left(ca);
                money.iter().find(|m| m.w0 >= l && m.w1 <= ca)
            })
            .or_else(|| {
                // "… to Turkey in a deal worth about $23 billion": the deal's worth, with no
                // other verb between.
                money.iter().find(|m| {
                    m.w1 <= ce
                        && before_amount(m.w0).is_some_and(|k| {
                            k >= i + 2
                                && view.w(k) == "worth"
                                && (lx.is(WordClass::Agreement, view.w(k - 1))
                                    || lx.is(WordClass::AidHead, view.w(k - 1)))
                                && (i + 1..k - 1).all(|x| !view.verbish(x))
                        })
                })
            })
            .map(|m| m.money.clone());
        let aid_noun = (i + 1..(item_hi + 1).min(nw)).any(|k| lx.is(WordClass::AidNoun, view.w(k)))
            || (i >= 1 && lx.is(WordClass::AidNoun, view.w(i - 1)))
            || !aid_kinds.is_empty();
        let mut kind = t.kind;
        let mut status = t.status.clone();
        let mut contexts = t.contexts.clone();
        for k in &aid_kinds {
            if contexts.iter().any(|x| x == k) {
                continue;
            }
            if *k == "military" {
                contexts.insert(0, (*k).to_owned());
            } else {
                contexts.push((*k).to_owned());
            }
        }
        if t.transfer
            && items.is_empty()
            && !aid_noun
            && t.kind == EventType::Aid
            && t.lemma != "aid"
            && t.lemma != "assistance"
        {
            notes.push(TriggerNote {
                at: i,
                word: view.words[i].text.to_owned(),
                note: "skip: transfer verb without goods".into(),
            });
            continue;
        }
        // Supplier from the origin of the goods ("North Korean artillery shells … transported").
        if t.transfer
            && sources.is_empty()
            && !reverse
            && let Some(o) = origins.first()
        {
            sources = vec![o.clone()];
            src_rule = "item-origin";
        }
        // "The administration announced $1 billion in aid for Gaza": the announcer gives it.
        if sources.is_empty()
            && nom == Some(i)
            && let Some(f) = frames.iter().find(|f| {
                f.from <= i
                    && i < f.to
                    && f.cue < i
                    && gov_i == Some(f.cue)
                    && lx.has_stem(WordClass::Impose, view.w(f.cue))
            })
        {
            sources.clone_from(&f.speakers);
            src_rule = "announcer";
        }
        // "the US aid package for Kyiv": a state named inside the nominal gives it when another
        // actor receives it ("the Ukraine aid package" alone says nothing about who gives).
        if sources.is_empty()
            && nom == Some(i)
            && !targets.is_empty()
            && let Some(m) = actors.iter().find(|m| {
                m.w1 == left_i
                    && !m.poss
                    && m.w0 > 0
                    && matches!(view.w(m.w0 - 1), "the" | "a" | "an" | "new" | "this")
            })
            && targets.iter().all(|x| x.country != m.actor.country)
        {
            sources = vec![m.actor.clone()];
            src_rule = "nominal-modifier";
        }
        // Nominal transfer with no actors: the topic continues ("the transfer of rifles").
        let det_before = (1..=3).any(|d| {
            i >= d
                && matches!(
                    view.w(i - d),
                    "the" | "these" | "this" | "those" | "its" | "their"
                )
        });
        if t.transfer && t.pos == TriggerPos::Noun && sources.is_empty() && targets.is_empty() {
            let such = (1..=3).any(|d| i >= d && view.w(i - d) == "such");
            if !det_before || such {
                notes.push(TriggerNote {
                    at: i,
                    word: view.words[i].text.to_owned(),
                    note: "skip: generic transfer noun (no actors, no determiner)".into(),
                });
                continue;
            }
            let inherit = last_transfer_or_aid(&drafts, prev_transfers);
            match inherit {
                Some(d) => {
                    sources = d.sources.clone();
                    targets = d.targets.clone();
                    inherits = Some((d.sentence, d.at));
                    src_rule = "inherited";
                    tgt_rule = "inherited";
                }
                None => {
                    notes.push(TriggerNote {
                        at: i,
                        word: view.words[i].text.to_owned(),
                        note: "skip: transfer noun without actors".into(),
                    });
                    continue;
                }
            }
        }
        // "… in humanitarian assistance for Gaza": a place the aid goes to stands in for the
        // recipient (it becomes the location).
        let destination = ms
            .places
            .iter()
            .find(|p| p.w0 > i && p.w0 < item_hi && matches!(view.w(p.w0 - 1), "to" | "for"));
        if t.transfer
            && t.pos == TriggerPos::Noun
            && targets.is_empty()
            && !reverse
            && kind == EventType::Aid
            && !det_before
            && items.is_empty()
            && !(destination.is_some() && !sources.is_empty() && nom.is_some())
        {
            notes.push(TriggerNote {
                at: i,
                word: view.words[i].text.to_owned(),
                note: "skip: aid noun without recipient".into(),
            });
            continue;
        }
        // The forces moved are not the target: "deployed troops", "withdrew its troops";
        // "hosts Russian troops" is no consultation.
        if matches!(kind, EventType::Mobilize | EventType::Retreat) {
            let before = targets.len();
            targets.retain(|a| {
                !(a.sector.as_deref() == Some("MIL")
                    && (a.country.is_none() || sources.iter().any(|s| s.country == a.country)))
            });
            if targets.len() < before {
                why.push("forces-moved-not-target".into());
            }
        }
        if kind == EventType::Consult
            && t.lemma == "host"
            && targets.iter().any(|a| a.sector.as_deref() == Some("MIL"))
        {
            notes.push(TriggerNote {
                at: i,
                word: view.words[i].text.to_owned(),
                note: "skip: hosting forces is not a consultation".into(),
            });
            continue;
        }
        // Violence by or against people the KB cannot name ("gunmen", "a suicide bomber",
        // "insurgents"): unresolved actors from the nouns next to the trigger, never guessed.
        if sources.is_empty()
            && matches!(
                kind,
                EventType::Assault | EventType::Protest | EventType::Coerce
            )
            && t.pos == TriggerPos::Verb
        {
            let noun_at = |k: usize| -> bool {
                view.words.get(k).is_some_and(|w| {
                    !w.punct
                        && w.lower.chars().all(|c| c.is_alphabetic() || c == '-')
                        && w.lower.len() > 2
                        && match w.upos {
                            Some(u) => matches!(u, Upos::Noun | Upos::Propn),
                            None => !matches!(
                                &*w.lower,
                                "the"
                                    | "a"
                                    | "an"
                                    | "and"
                                    | "was"
                                    | "were"
                                    | "has"
                                    | "have"
                                    | "had"
                                    | "been"
                                    | "is"
                                    | "are"
                                    | "who"
                                    | "which"
                                    | "that"
                                    | "also"
                            ),
                        }
                })
            };
            let mk = |k: usize| Actor {
                text: view.words[k].text.to_owned(),
                name: view.words[k].text.to_owned(),
                kind: ActorKind::Group,
                country: None,
                sector: None,
                id: None,
            };
            let mut k = i;
            while k > cs
                && (view.w(k - 1).ends_with("ly")
                    || matches!(
                        view.w(k - 1),
                        "have" | "has" | "had" | "reportedly" | "allegedly"
                    ))
            {
                k -= 1;
            }
            if k > cs && noun_at(k - 1) && !ms.actors.iter().any(|m| m.w0 < k && k - 1 < m.w1) {
                if c.passive && targets.is_empty() {
                    targets = vec![mk(k - 1)];
                    tgt_rule = "unresolved-noun";
                } else if !c.passive {
                    // "A Spanish frigate seized …": a platform of a named state acts for its
                    // military ("an Iranian-made drone" says who built it, not who flew it).
                    let built = |w: &Weapon| {
                        (w.w0..w.noun0).any(|j| {
                            matches!(view.w(j), "made" | "built" | "designed" | "supplied")
                                || view.w(j).ends_with("-made")
                                || view.w(j).ends_with("-built")
                        })
                    };
                    let platform = ms
                        .weapons
                        .iter()
                        .find(|w| w.w0 < k && k <= w.w1 && !built(w))
                        .and_then(|w| {
                            let c = w.origin.as_ref()?.country.as_deref()?;
                            let t = text.get(view.words[w.w0].start..view.words[w.w1 - 1].end)?;
                            resolve::state_actor(kb, c, t, Some("MIL".into()))
                        });
                    match platform {
                        Some(a) => {
                            sources = vec![a];
                            src_rule = "platform:origin";
                        }
                        None => {
                            sources = vec![mk(k - 1)];
                            src_rule = "unresolved-noun";
                        }
                    }
                }
            }
            if !c.passive && i + 1 < ce && noun_at(i + 1) && targets.is_empty() {
                targets = vec![mk(i + 1)];
                tgt_rule = "unresolved-noun";
            }
        }
        // A nominal inside a PP ("threatened X with a nuclear strike") or the object of a claim
        // without its own possessor is the content of another event, not an event.
        let claim_before = live[..li].iter().rev().map(|&k| &cands[k]).find(|p| {
            matches!(p.trig.kind, EventType::Accuse | EventType::Reject) && p.at >= cs && p.at < i
        });
        let pp_nominal = t.pos == TriggerPos::Noun
            && !t.transfer
            && src_rule != "possessor"
            && (1..=3).any(|d| {
                i >= d
                    && matches!(
                        view.w(i - d),
                        "with" | "of" | "over" | "about" | "for" | "against"
                    )
            })
            && (1..=3).all(|d| i < d || !view.is_poss(i - d));
        let object_of_claim = claim_before.is_some()
            && src_rule != "by-agent"
            && t.pos == TriggerPos::Noun
            && src_rule != "possessor"
            && tgt_rule.is_empty();
        // "the drones had been flown to Russia": a passive transfer of goods already named
        // continues the last transfer, whose supplier it keeps.
        let definite_goods = anaphoric_goods
            || ms.weapons.iter().any(|w| {
                w.w0 >= item_lo
                    && w.w0 < i
                    && w.w0 > 0
                    && matches!(view.w(w.w0 - 1), "the" | "these" | "those")
            });
        if t.transfer
            && c.passive
            && sources.is_empty()
            && definite_goods
            && let Some(d) = last_transfer(&drafts, prev_transfers)
        {
            sources = d.sources.clone();
            src_rule = "inherited";
            if targets.is_empty() {
                targets = d.targets.clone();
                tgt_rule = "inherited";
            }
        }
        // "officers discussed shortages": a discussion needs two sides.
        if t.kind == EventType::Consult
            && t.lemma == "discuss"
            && targets.is_empty()
            && sources.len() < 2
        {
            notes.push(TriggerNote {
                at: i,
                word: view.words[i].text.to_owned(),
                note: "skip: discussion with one side only".into(),
            });
            continue;
        }
        if sources.is_empty() && targets.is_empty() || pp_nominal || object_of_claim {
            if let Some(p) = claim_before {
                orphans.push((p.at, kind));
                notes.push(TriggerNote {
                    at: i,
                    word: view.words[i].text.to_owned(),
                    note: "complement of the claim before it (linked by type)".into(),
                });
            } else {
                notes.push(TriggerNote {
                    at: i,
                    word: view.words[i].text.to_owned(),
                    note: if pp_nominal {
                        "skip: nominal inside a PP".into()
                    } else {
                        "skip: no actors".into()
                    },
                });
            }
            continue;
        }
        // "called on Germany to deliver tanks", "asked the Council to condemn the strike": what
        // another is asked to do has not happened. A transfer stays in the ledger as requested;
        // any other act is only the request's content.
        if let Some(v) = obj_control
            && !t.transfer
        {
            notes.push(TriggerNote {
                at: i,
                word: view.words[i].text.to_owned(),
                note: format!("skip: asked of another ({})", view.w(v)),
            });
            continue;
        }
        // Control and future.
        let mut cert_override: Option<(CertaintyLevel, String)> = obj_control.map(|v| {
            (
                CertaintyLevel::Possible,
                format!("{} … to", view.words[v].text),
            )
        });
        if let Some(v) = obj_control {
            status = Some("requested".into());
            why.push(format!("asked:{}", view.w(v)));
        }
        if let Some(ctl) = c.control {
            if let Some(k) = ctl.kind
                && matches!(
                    kind,
                    EventType::Aid | EventType::Cooperate | EventType::Consult | EventType::Support
                )
            {
                kind = k;
            }
            if t.transfer && ctl.status.is_some() {
                status.clone_from(&ctl.status);
                if reverse && ctl.status.as_deref() == Some("requested") {
                    kind = EventType::Request;
                }
            }
            if let Some(l) = ctl.certainty {
                cert_override = Some((
                    l,
                    format!("{} to", c.control_word.clone().unwrap_or_default()),
                ));
            }
            why.push(format!(
                "control:{}",
                c.control_word.clone().unwrap_or_default()
            ));
        }
        // "announced a new aid package", "is considering a military aid package": the verb
        // governing a transfer nominal sets its stage (`data/nominal.csv`, else the control table).
        let mut stopped = false;
        let governed = if t.pos == TriggerPos::Noun && t.transfer {
            gov_i.filter(|&v| !live.iter().any(|&k| cands[k].at == v))
        } else {
            None
        };
        if let Some(v) = governed
            && let Some(g) = lx
                .nominal
                .get(view.w(v))
                .or_else(|| lx.control.get(view.w(v)))
        {
            if let Some(k) = g.kind
                && kind == EventType::Aid
            {
                kind = k;
            }
            if kind == EventType::Sanction {
                stopped = true;
            }
            status.clone_from(&g.status);
            if let Some(l) = g.certainty {
                cert_override = Some((l, view.words[v].text.to_owned()));
            }
            why.push(format!("governed:{}", view.w(v)));
        }
        if c.future
            && matches!(
                kind,
                EventType::Aid | EventType::Cooperate | EventType::Consult | EventType::Support
            )
        {
            kind = EventType::Agree;
            if t.transfer {
                status = Some("agreed".into());
            }
            why.push("future→AGREE".into());
        }
        if !items.is_empty() && !contexts.iter().any(|x| x == "military") {
            contexts.insert(0, "military".into());
        }
        if contexts.is_empty()
            && matches!(
                kind,
                EventType::Consult | EventType::Agree | EventType::Support
            )
        {
            contexts.push("diplomatic".into());
        }
        // Mode refinements from the goods.
        let mut mode = t.mode.clone();
        if kind == EventType::Assault {
            let in_clause = |k: usize| k >= cs && k < ce;
            if ms
                .weapons
                .iter()
                .any(|w| in_clause(w.noun0) && w.category.starts_with("uav"))
            {
                mode = Some("drone".into());
            } else if mode.is_none()
                && ms.weapons.iter().any(|w| {
                    in_clause(w.noun0)
                        && (w.category.starts_with("missile")
                            || w.category.starts_with("aircraft")
                            || w.category.contains("bomb")
                            || w.text.to_lowercase().contains("bomb"))
                })
            {
                mode = Some("aerial".into());
            } else if mode.is_none()
                && ms.weapons.iter().any(|w| {
                    in_clause(w.noun0)
                        && (w.category.starts_with("artillery")
                            || w.category.starts_with("ammunition.artillery"))
                })
            {
                mode = Some("heavy-weapons".into());
            }
            items.clear();
        }
        if kind == EventType::Mobilize && ms.weapons.iter().any(|w| w.noun0 > i && w.noun0 < ce) {
            mode = Some("weapons".into());
        }
        // "hunger strike", a workers' strike: protest, not attack.
        if kind == EventType::Assault
            && t.lemma == "strike"
            && t.pos == TriggerPos::Noun
            && (1..=3).any(|d| {
                i >= d
                    && matches!(
                        view.w(i - d),
                        "hunger"
                            | "general"
                            | "workers"
                            | "work"
                            | "nationwide"
                            | "union"
                            | "day"
                            | "open-ended"
                            | "four-day"
                    )
            })
        {
            kind = EventType::Protest;
            mode = Some("strike".into());
        }
        // "joint exercises" are cooperation; "fired missiles at X" is an attack.
        if kind == EventType::Mobilize
            && (1..=3).any(|d| i >= d && matches!(view.w(i - d), "joint" | "combined"))
        {
            kind = EventType::Cooperate;
            mode = None;
            why.push("joint→COOPERATE".into());
        }
        if kind == EventType::Mobilize
            && matches!(t.lemma.as_str(), "fire" | "launch")
            && (!targets.is_empty()
                || ms.places.iter().any(|p| {
                    p.w0 > i && p.w0 < ce && matches!(view.w(p.w0 - 1), "at" | "on" | "into")
                })
                // "fired two missiles at a tanker": weapons aimed at something, whatever it is.
                || t.pos == TriggerPos::Verb
                    && (i + 1..ce.saturating_sub(1)).any(|k| {
                        view.w(k) == "at"
                            && matches!(view.w(k + 1), "a" | "an" | "the" | "two" | "several")
                            && ms.weapons.iter().any(|w| w.w0 > i && w.w1 <= k)
                    }))
        {
            kind = EventType::Assault;
            mode = Some("aerial".into());
            why.push("fire-at→ASSAULT".into());
        }

        // "withheld military aid": aid stopped, goods that do not move.
        if stopped {
            mode = Some("discontinue".into());
        }
        // ---- transfer ----
        let transfer = if t.transfer && !items.is_empty() && !stopped {
            let mut modes: Vec<String> = Vec::new();
            for (a, _, m) in &transport {
                if *a >= cs && *a < ce && !modes.contains(m) {
                    modes.push(m.clone());
                }
            }
            let (sup, rec) = if kind == EventType::Coerce {
                // The seized goods: who sent them to whom, if said.
                (
                    origins.first().cloned(),
                    targets.first().cloned().filter(|_| false),
                )
            } else if kind == EventType::Request && !reverse {
                // "Ukraine requested a package from Germany": the one asked supplies.
                (targets.first().cloned(), sources.first().cloned())
            } else {
                (sources.first().cloned(), targets.first().cloned())
            };
            Some(Transfer {
                supplier: sup,
                recipient: rec,
                items: items.clone(),
                transport: modes,
                status: status.clone(),
                value: value.clone(),
            })
        } else {
            None
        };

        // ---- negation ----
        let negated = (1..=3).any(|d| {
            i >= d + cs.min(i)
                && i >= d
                && NEG.contains(&view.w(i - d))
                && !(view.w(i - d) == "no" && view.w(i - d + 1) == "evidence")
        }) && !(i >= 1 && view.w(i - 1) == "no" && t.pos == TriggerPos::Verb);

        // ---- certainty ----
        let mut level = CertaintyLevel::Asserted;
        let mut cue: Option<String> = None;
        let mut cue_rule = "";
        for (a, b, cu) in &cue_hits {
            let applies = if cu.frame {
                *b <= i
                    || cu.condition
                        && *a > i
                        && clause(*a) == (cs, ce)
                        && (i.saturating_sub(3)..i).any(|k| {
                            // A main clause under a modal depends on the condition after it.
                            FUTURE.contains(&view.w(k)) || matches!(view.w(k), "would" | "could")
                        })
            } else {
                let (ccs, cce) = clause(*a);
                if ccs != cs || cce != ce {
                    false
                } else {
                    // nearest trigger to the right in the clause, else to the left
                    let right = live
                        .iter()
                        .map(|&k| cands[k].at)
                        .find(|&x| x >= *b && x < ce);
                    match right {
                        Some(x) => x == i,
                        None => {
                            live.iter()
                                .map(|&k| cands[k].at)
                                .rfind(|&x| x < *a && x >= cs)
                                == Some(i)
                        }
                    }
                }
            };
            if applies && (cue.is_none() || level_rank(cu.level) < level_rank(level)) {
                level = cu.level;
                let words: Vec<&str> = (*a..*b).map(|k| view.words[k].text).collect();
                cue = Some(words.join(" "));
                cue_rule = if cu.frame { "cert:frame" } else { "cert:word" };
            }
        }
        if let Some((l, w)) = cert_override
            && level_rank(l) < level_rank(level)
        {
            level = l;
            cue = Some(w);
            cue_rule = "cert:control";
        }
        if !cue_rule.is_empty() {
            why.push(format!("{cue_rule}({})", cue.clone().unwrap_or_default()));
        }

        // ---- attribution ----
        let mut fr: Vec<&Frame> = frames
            .iter()
            .filter(|f| f.from <= i && i < f.to && f.cue != i)
            .collect();
        fr.sort_by_key(|f| std::cmp::Reverse((f.order, f.rank)));
        let mut attribution: Vec<Actor> = Vec::new();
        for f in &fr {
            for s in &f.speakers {
                if !attribution
                    .iter()
                    .any(|a| a.name == s.name && a.country == s.country)
                {
                    attribution.push(s.clone());
                }
            }
        }
        if !fr.is_empty() {
            why.push(format!(
                "attr:{}",
                fr.iter().map(|f| f.rule).collect::<Vec<_>>().join(">")
            ));
        }
        // "The EU announced new sanctions on Russia": a nominal right after a verb that puts
        // it in place is the speaker's own act.
        if sources.is_empty()
            && t.pos == TriggerPos::Noun
            && let Some(f) = fr.iter().find(|f| {
                f.cue < i
                    && (i - f.cue <= 4 || gov_i == Some(f.cue))
                    && lx.has_stem(WordClass::Impose, view.w(f.cue))
            })
        {
            sources.clone_from(&f.speakers);
            why.push("src:announcer".into());
        }
        let mut transfer = transfer;
        if let Some(tr) = transfer.as_mut()
            && tr.supplier.is_none()
            && kind != EventType::Coerce
        {
            if kind == EventType::Request && !reverse {
                tr.recipient = tr.recipient.take().or_else(|| sources.first().cloned());
            } else {
                tr.supplier = sources.first().cloned();
            }
        }

        // ---- time ----
        let near = tspans
            .iter()
            .filter(|(a, _, _)| *a >= cs && *a < ce)
            .min_by_key(|(a, _, _)| a.abs_diff(i));
        // "will send … in April": a future act's bare month or weekday after the verb is the
        // next one ("said on Tuesday it would send": that Tuesday dates the saying, not ahead).
        let next = near
            .filter(|(a, _, _)| c.future && *a > i)
            .zip(published)
            .and_then(|((_, _, r), p)| time::ahead(r, p));
        if next.is_some() {
            why.push("time:ahead".into());
        }
        let date = next
            .or_else(|| near.map(|(_, _, r)| r.clone()))
            .or_else(|| {
                // Relative/participial continuation: the previous event's date.
                (cs > 0 && (REL.contains(&view.w(cs)) || view.w(cs).ends_with("ing")))
                    .then(|| drafts.last().and_then(|d| d.date.clone()))
                    .flatten()
            });
        if date.is_some() {
            why.push("time:clause".into());
        }

        // ---- place ----
        // "telephoned Wang to discuss the war in Ukraine": places in a meeting's purpose clause
        // are its topic, not where it happened.
        let purpose_at = (i + 1..ce)
            .filter(|_| kind == EventType::Consult)
            .find(|&k| {
                view.w(k) == "to"
                    && view
                        .words
                        .get(k + 1)
                        .is_some_and(|w| w.upos == Some(sitrep_nlp::Upos::Verb))
            })
            .unwrap_or(ce);
        let location = ms
            .places
            .iter()
            .find(|p| {
                p.w0 > i
                    && p.w0 < purpose_at
                    && p.w0 > 0
                    && matches!(
                        view.w(p.w0 - 1),
                        "in" | "at" | "near" | "outside" | "across"
                    )
            })
            .map(|p| p.place.clone())
            .or_else(|| {
                // "pledged humanitarian aid to Gaza": where goods go when no actor receives them.
                destination
                    .filter(|_| t.transfer && targets.is_empty() && kind != EventType::Coerce)
                    .map(|p| p.place.clone())
            })
            .or_else(|| {
                // Attacks and arrests: a place anywhere in the clause is where it happened.
                matches!(
                    kind,
                    EventType::Assault
                        | EventType::Coerce
                        | EventType::Protest
                        | EventType::Mobilize
                        | EventType::Consult
                )
                .then(|| {
                    ms.places
                        .iter()
                        .find(|p| p.w0 >= cs && p.w0 < purpose_at && p.w0 != i && !p.from_state)
                        .map(|p| p.place.clone())
                })
                .flatten()
            });

        why.insert(
            1,
            format!(
                "src:{} tgt:{}",
                if src_rule.is_empty() { "-" } else { src_rule },
                if tgt_rule.is_empty() { "-" } else { tgt_rule }
            ),
        );
        let about_words: Vec<usize> = Vec::new();
        let ev_text = text.get(view.start..view.end).unwrap_or("").to_owned();
        drafts.push(Draft {
            sentence: view.index,
            at: i,
            lemma: t.lemma.clone(),
            kind,
            mode,
            contexts,
            sources,
            targets,
            date,
            location,
            negated,
            certainty: Certainty { level, cue },
            attribution,
            about: Vec::new(),
            about_words,
            about_earlier: false,
            transfer,
            evidence: vec![Evidence {
                sentence: view.index,
                start: view.start,
                end: view.end,
                text: ev_text,
            }],
            why,
            denied: false,
            flags: Vec::new(),
            passive: c.passive,
            status_seized: false,
            about_kinds: Vec::new(),
            aid_nominal: nom.is_some_and(|h| lx.is(WordClass::AidHead, view.w(h))),
            status: status.clone(),
            inherits,
            subject,
            conj: conj_at,
        });
        notes.push(TriggerNote {
            at: i,
            word: view.words[i].text.to_owned(),
            note: format!("event {kind}"),
        });
        // Update the discourse context with the event's actors.
        let acts: Vec<Actor> = drafts.last().map(|d| d.sources.clone()).unwrap_or_default();
        if acts.len() >= 2 {
            ctx.last_group = acts;
        }
    }

    // ---- destinations ----
    // "seized 2,500 rifles bound for the Houthis": the actor after a destination phrase
    // (skipping "the") receives the goods of the latest transfer before the phrase that names
    // no recipient; with none in the sentence, the phrase is left for an earlier one.
    let mut destination = None;
    let dests = if may_have_events {
        find_phrases(view, |w| lx.destination.get(w).cloned())
    } else {
        Vec::new()
    };
    for (a, b, _) in dests {
        let Some(mut m) = ms
            .actors
            .iter()
            .find(|m| m.w0 >= b && m.w0 <= b + 1 && !m.pronoun)
        else {
            continue;
        };
        // "bound for Yemen's Houthi rebels": the possessed body, not its state.
        if m.poss
            && let Some(h) = ms.actors.iter().find(|h| h.w0 > m.w1 && h.w0 <= m.w1 + 3)
        {
            m = h;
        }
        let phrase = (a..b).map(|k| view.w(k)).collect::<Vec<_>>().join("-");
        match drafts
            .iter_mut()
            .rev()
            .find(|d| d.at < a && d.transfer.is_some())
        {
            Some(d) => {
                if let Some(t) = d.transfer.as_mut().filter(|t| t.recipient.is_none()) {
                    t.recipient = Some(m.actor.clone());
                    d.why.push(format!("rcp:{phrase}"));
                }
            }
            None => destination = Some((m.actor.clone(), phrase)),
        }
    }

    // ---- claims about claims within the sentence ----
    let n = drafts.len();
    for k in 0..n {
        if !matches!(drafts[k].kind, EventType::Accuse | EventType::Reject) {
            continue;
        }
        let at = drafts[k].at;
        let (cs, mut ce) = clause(at);
        // "denied reports that it was preparing to …": the claim noun's clause is the content.
        let noun_content = (at + 1..ce.min(at + 5))
            .find(|&x| CLAIM_NOUNS.contains(&view.w(x)) && view.w(x + 1) == "that");
        // "denied (on Monday) that …", "denied reports (by X) that …": the that-clause.
        let that = (at + 1..(at + 7).min(nw))
            .take_while(|&x| !view.words[x].punct && (x == at + 1 || !view.verbish(x)))
            .find(|&x| view.w(x) == "that");
        if let Some(x) = that {
            ce = ce.max(clause(x + 1).1);
        }
        let passive = drafts[k].passive;
        // "condemned the strike and threatened to respond": a verb coordinated with the claim
        // (directly or down a chain of "and"s) is a second act, not its content.
        let coordinated = |j: usize| {
            let mut c = drafts[j].conj;
            while let Some(a) = c {
                if a == at {
                    return true;
                }
                c = drafts.iter().find(|d| d.at == a).and_then(|d| d.conj);
            }
            false
        };
        let comps: Vec<usize> = (0..n)
            .filter(|&j| {
                j != k
                    && !coordinated(j)
                    && (drafts[j].at > at && drafts[j].at < ce
                        || passive && drafts[j].at < at && drafts[j].at >= cs)
                    && !matches!(drafts[j].kind, EventType::Accuse | EventType::Reject)
            })
            .collect();
        let claimers = drafts[k].sources.clone();
        let is_reject = drafts[k].kind == EventType::Reject;
        if drafts[k].targets.is_empty()
            && !is_reject_kind(drafts[k].kind)
            && let Some(&j) = comps.first()
        {
            let src = drafts[j].sources.clone();
            drafts[k].targets = src;
            drafts[k].why.push("tgt:complement-source".into());
        }
        // "rejected accusations by X that …": the denial is about the accusation too.
        if is_reject
            && let Some(j) = (0..n).find(|&j| {
                drafts[j].kind == EventType::Accuse && drafts[j].at > at && drafts[j].at <= at + 3
            })
        {
            let ja = drafts[j].at;
            drafts[k].about_words.push(ja);
        }
        for &j in &comps {
            let ja = drafts[j].at;
            drafts[k].about_words.push(ja);
            // The claim's date ("rejected on Tuesday that …") is not the reported event's.
            if drafts[j].date.is_some()
                && drafts[j].date == drafts[k].date
                && drafts[j].why.iter().any(|w| w == "time:clause")
            {
                drafts[j].date = None;
                drafts[j].why.retain(|w| w != "time:clause");
            }
            if is_reject {
                drafts[j].denied = true;
                if drafts[j].certainty.level == CertaintyLevel::Asserted {
                    drafts[j].certainty = Certainty {
                        level: CertaintyLevel::Possible,
                        cue: Some(view.words[at].text.to_owned()),
                    };
                }
                drafts[j].why.push("complement-of-denial".into());
            } else {
                let mut att = claimers.clone();
                for a in &drafts[j].attribution {
                    if !att.iter().any(|x| x.name == a.name) {
                        att.push(a.clone());
                    }
                }
                drafts[j].attribution = att;
                drafts[j].why.push("attr:accuser".into());
            }
        }
        // Claim nouns ("the accusations regarding …") point back at earlier events.
        let claim_noun = (at + 1..ce.min(at + 6)).any(|x| {
            CLAIM_NOUNS.contains(&view.w(x))
                || matches!(view.w(x), "them" | "it" | "this" | "reports")
        });
        if comps.is_empty() || (claim_noun || is_reject) && noun_content.is_none() {
            drafts[k].about_earlier = true;
        }
    }
    for (at, kind) in &orphans {
        if let Some(d) = drafts.iter_mut().find(|d| d.at == *at) {
            d.about_kinds.push(*kind);
            d.about_earlier = true;
        }
    }
    // "seized a shipment of rifles": the seizure carries the shipment's transfer.
    for k in 0..n {
        if drafts[k].kind == EventType::Coerce && drafts[k].transfer.is_none() {
            let at = drafts[k].at;
            if let Some(j) = (0..n).find(|&j| {
                drafts[j].at > at && drafts[j].at <= at + 4 && drafts[j].transfer.is_some()
            }) {
                let mut tr = drafts[j].transfer.clone();
                if let Some(t) = tr.as_mut() {
                    t.status = Some("in_transit".into());
                }
                drafts[k].transfer = tr;
                drafts[k].why.push("transfer:seized-shipment".into());
                drafts[j].status_seized = true;
            }
        }
    }
    // Denied complements without their own actors are not events: the link carries them.
    let mut keep = vec![true; n];
    for j in 0..n {
        if drafts[j].denied && drafts[j].why.iter().any(|w| w.contains("inherited")) {
            keep[j] = false;
        }
    }
    let mut out_d = Vec::new();
    for (j, d) in drafts.into_iter().enumerate() {
        if keep[j] {
            out_d.push(d);
        }
    }
    // The state that last acted: what a later subject "it" most often points back to.
    if let Some(a) = out_d
        .iter()
        .rev()
        .filter(|d| !d.negated)
        .filter_map(|d| d.sources.first())
        .find(|a| a.kind == ActorKind::State)
    {
        ctx.subject_state = Some(a.clone());
    }
    // Context: note every mention in order.
    for m in &ms.actors {
        ctx.note(m);
    }
    if let Some(g) = ms.actors.windows(2).rev().find(|w| {
        w[1].w0 >= w[0].w1
            && w[1].w0 - w[0].w1 <= 2
            && (w[0].w1..w[1].w0).all(|k| matches!(view.w(k), "and" | ","))
    }) {
        ctx.last_group = vec![g[0].actor.clone(), g[1].actor.clone()];
    }
    SentenceOut {
        drafts: out_d,
        notes,
        mentions: ms,
        times: tspans,
        destination,
    }
}

fn is_reject_kind(k: EventType) -> bool {
    k == EventType::Reject
}

type Hits = Vec<(usize, usize, String)>;

fn find_phrases(view: &View, get: impl Fn(&str) -> Option<Vec<(Vec<String>, String)>>) -> Hits {
    let mut out = Vec::new();
    let mut i = 0;
    while i < view.words.len() {
        if let Some(list) = get(view.w(i))
            && let Some((ws, m)) = list
                .iter()
                .find(|(ws, _)| (0..ws.len()).all(|k| view.w(i + k) == ws[k]))
        {
            out.push((i, i + ws.len(), m.clone()));
            i += ws.len();
            continue;
        }
        i += 1;
    }
    out
}

fn find_cues<'a>(view: &View, lx: &'a Lexicon) -> Vec<(usize, usize, &'a crate::lexicon::Cue)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < view.words.len() {
        if let Some(list) = lx.cues.get(view.w(i))
            && let Some(c) = list
                .iter()
                .find(|c| (0..c.words.len()).all(|k| view.w(i + k) == c.words[k]))
        {
            // "may" the month and "May" the name are not hedges.
            if !(view.words[i].text.starts_with('M') && c.words[0] == "may" && c.words.len() == 1) {
                out.push((i, i + c.words.len(), c));
                i += c.words.len();
                continue;
            }
        }
        i += 1;
    }
    out
}
