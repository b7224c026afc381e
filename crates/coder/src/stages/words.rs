//! Closed word lists and the phrase helpers the rules of several stages share: where a noun
//! phrase starts, which verb governs it, which clause a word is in, which preposition heads a
//! mention, which actors are coordinated, what a pronoun stands for.

use sitrep_nlp::Upos;
use sitrep_record::{Actor, ActorKind};

use super::{Hits, Sent};
use crate::events::Draft;
use crate::lexicon::{Cue, Lexicon, SpeechKind, WordClass};
use crate::resolve::{self, Mention};
use crate::view::View;

pub(crate) const BE: &[&str] = &[
    "be", "been", "being", "was", "were", "is", "are", "'s", "get", "got",
];
pub(crate) const NEG: &[&str] = &["not", "n't", "never", "no"];
pub(crate) const DETS: &[&str] = &[
    "the", "a", "an", "this", "these", "those", "that", "its", "their", "his", "her", "our", "any",
    "new", "further", "recent",
];
pub(crate) const PURPOSE: &[&str] = &[
    "support", "help", "assist", "aid", "bolster", "arm", "back", "boost",
];
pub(crate) const FUTURE: &[&str] = &["will", "'ll", "shall"];
pub(crate) const PREPS: &[&str] = &[
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
pub(crate) const REL: &[&str] = &[
    "which", "who", "whom", "where", "while", "whereas", "because", "but", "when", "although",
];
pub(crate) const CLAIM_NOUNS: &[&str] = &[
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

/// The latest transfer of this sentence so far, else of the two sentences before.
pub(crate) fn last_transfer<'a>(drafts: &'a [Draft], prev: &'a [Draft]) -> Option<&'a Draft> {
    drafts
        .iter()
        .rev()
        .find(|d| d.transfer.is_some())
        .or_else(|| prev.iter().rev().find(|d| d.transfer.is_some()))
}

/// The latest transfer or aid package of this sentence so far, else of the two sentences before:
/// what "the package" or "the shipment" continues.
pub(crate) fn last_transfer_or_aid<'a>(
    drafts: &'a [Draft],
    prev: &'a [Draft],
) -> Option<&'a Draft> {
    drafts
        .iter()
        .rev()
        .find(|d| d.transfer.is_some() || d.aid_nominal)
        .or_else(|| prev.last())
}

/// "spare parts for the aircraft", "shells for its howitzers": the phrase at `a` is what goods
/// before it serve.
pub(crate) fn served(view: &View, a: usize) -> bool {
    (a.saturating_sub(3)..a)
        .rev()
        .take_while(|&p| !view.words[p].punct)
        .find(|&p| !matches!(view.w(p), "the" | "its" | "their" | "his" | "her"))
        .is_some_and(|p| view.w(p) == "for")
}

/// Multi-word phrases of a table, longest listed first, as word spans.
pub(crate) fn find_phrases(
    view: &View,
    get: impl Fn(&str) -> Option<Vec<(Vec<String>, String)>>,
) -> Hits {
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

/// Certainty cues of the lexicon as word spans.
pub(crate) fn find_cues<'a>(view: &View, lx: &'a Lexicon) -> Vec<(usize, usize, &'a Cue)> {
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

impl<'a> Sent<'a> {
    /// Whether word `i` is inside a KB match.
    pub fn covered(&self, i: usize) -> bool {
        self.ms.covered.iter().any(|(a, b)| *a <= i && i < *b)
    }

    /// Whether word `i` is inside a transport phrase.
    pub fn in_transport(&self, i: usize) -> bool {
        self.transport.iter().any(|(a, b, _)| *a <= i && i < *b)
    }

    /// The left edge of the noun phrase headed by word `h`: determiners, numbers, adjectives,
    /// noun modifiers, goods and a money amount ("a $300 million security assistance package",
    /// "$61 billion in aid", "a further £500 million in military support").
    pub fn nominal_left(&self, h: usize) -> usize {
        let view = self.view;
        let mut k = h;
        let mut steps = 0;
        while k > 0 && steps < 12 {
            steps += 1;
            if let Some(m) = self.money.iter().find(|m| m.w1 == k) {
                k = m.w0;
                continue;
            }
            let p = k - 1;
            let wp = view.w(p);
            if matches!(wp, "in" | "of") && self.money.iter().any(|m| m.w1 == p) {
                k = p;
                continue;
            }
            if self.ms.actors.iter().any(|m| m.w0 <= p && p < m.w1) {
                break;
            }
            if !self.nominal_word(p) {
                break;
            }
            k = p;
        }
        k
    }

    /// Whether word `p` can stand inside a noun phrase, before its head.
    fn nominal_word(&self, p: usize) -> bool {
        let view = self.view;
        let wp = view.w(p);
        let w = &view.words[p];
        let goods = self.ms.weapons.iter().any(|x| x.w0 <= p && p < x.w1);
        goods
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
            }
    }

    /// The verb whose object is the noun phrase starting at `left` ("announced | a new aid
    /// package", "send Ukraine | a package"): a first object may stand between.
    pub fn gov_verb(&self, left: usize) -> Option<usize> {
        let mut p = left.checked_sub(1)?;
        if let Some(m) = self.ms.actors.iter().find(|m| m.w1 == left && !m.poss) {
            p = m.w0.checked_sub(1)?;
        }
        let verb = match self.view.words[p].upos {
            Some(u) => u == Upos::Verb,
            None => self.view.verbish(p),
        };
        verb.then_some(p)
    }

    /// An aid-kind word: the context it gives.
    pub fn aid_kind(&self, k: usize) -> Option<&'static str> {
        let w = self.w(k);
        if self.lx.is(WordClass::AidMilitary, w) {
            Some("military")
        } else if self.lx.is(WordClass::AidHumanitarian, w) {
            Some("humanitarian")
        } else if self.lx.is(WordClass::AidEconomic, w) {
            Some("economic")
        } else {
            None
        }
    }

    /// The clause of word `i`: (first word, one past the last).
    pub fn clause(&self, i: usize) -> (usize, usize) {
        let cs = self
            .bounds
            .iter()
            .rev()
            .find(|b| **b <= i)
            .copied()
            .unwrap_or(0);
        let ce = self
            .bounds
            .iter()
            .find(|b| **b > i)
            .copied()
            .unwrap_or(self.nw);
        (cs, ce)
    }

    /// Where the subject of a clause may be: a clause right after a relative clause reaches back
    /// over it to the clause before.
    pub fn subject_start(&self, cs: usize) -> usize {
        match self.rel_spans.iter().find(|(_, e)| e + 1 == cs) {
            Some((r, _)) => self
                .bounds
                .iter()
                .rev()
                .find(|b| **b <= r.saturating_sub(1))
                .copied()
                .unwrap_or(0),
            None => cs,
        }
    }

    /// Whether word `k` is inside a ", which/who … ," relative clause.
    pub fn in_rel(&self, k: usize) -> bool {
        self.rel_spans.iter().any(|(a, e)| *a <= k && k <= *e)
    }

    /// "told reporters (that) …": the mention is the addressee of a verb of saying.
    pub fn addressee(&self, m: &Mention) -> bool {
        let mut k = m.w0;
        if k > 0 && matches!(self.w(k - 1), "the" | "a") {
            k -= 1;
        }
        k > 0 && self.lx.is(WordClass::Addressee, self.w(k - 1))
    }

    /// A post-posed speaker ("…, the ministry said on Friday."): the speaker phrase starts after
    /// a comma, no "that" follows the verb and no actor follows it. Returns where it starts.
    pub fn postposed(&self, a: usize, b: usize) -> Option<usize> {
        if a == 0 || self.w(b) == "that" {
            return None;
        }
        // The speaker may be a long noun phrase ("a confidential report by a United Nations
        // panel of experts said").
        let mut k = a;
        while k > 0 && self.w(k - 1) != "," && a - k < 14 {
            k -= 1;
        }
        // "…, a spokesman told reporters.": the hearer after the verb is no inverted speaker.
        let actor_after = self
            .ms
            .actors
            .iter()
            .any(|m| m.w0 >= b && m.w0 <= b + 2 && !self.addressee(m));
        let inverted_ok = k == a; // ", said X."
        // Content after the verb ("they mentioned the transfer of …") makes it pre-posed.
        let content_after =
            self.cands.iter().any(|c| c.at >= b) || self.ms.weapons.iter().any(|w| w.noun0 >= b);
        (k > 0 && self.w(k - 1) == "," && (!actor_after || inverted_ok) && !content_after)
            .then_some(k)
    }

    /// The preposition heading a mention, past determiners, adjectives and a count.
    pub fn prep_before(&self, m: &Mention) -> Option<&'a str> {
        let view = self.view;
        let mut k = m.w0;
        let mut steps = 0;
        while k > 0 && steps < 3 {
            let p = view.w(k - 1);
            if PREPS.contains(&p) {
                return Some(&*view.words[k - 1].lower);
            }
            // "on eight Iranian individuals", "from a trader": a count or an article right after
            // the preposition (not "more than 150 Syrians").
            let counted = (view.words[k - 1].upos == Some(Upos::Num)
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
                || view.words[k - 1].upos == Some(Upos::Adj)
            {
                k -= 1;
                steps += 1;
                continue;
            }
            break;
        }
        None
    }

    /// The actors of the coordination around argument mention `j`.
    pub fn group_actors(&self, j: usize) -> Vec<Actor> {
        self.group(j)
            .iter()
            .map(|&x| self.actors[x].actor.clone())
            .collect()
    }

    /// Coordination group around argument mention `j` (indices into `actors`).
    pub fn group(&self, j: usize) -> Vec<usize> {
        let actors = &self.actors;
        let mut g = vec![j];
        let mut a = j;
        while a > 0 && self.joins(a - 1, a) {
            a -= 1;
            g.insert(0, a);
        }
        let mut b = j;
        while b + 1 < actors.len() && self.joins(b, b + 1) {
            b += 1;
            g.push(b);
        }
        // "attacked by protesters, and police arrested …": in a list opened by a preposition,
        // ", and" before a member a verb follows joins two clauses, not two actors.
        if self.opened_by_prep(g[0])
            && let Some(p) = g.windows(2).position(|w| self.clause_break(w[0], w[1]))
        {
            // p + 1 members before the break; keep j's side.
            if g[p] >= j {
                g.truncate(p + 1);
            } else {
                g.drain(..=p);
            }
        }
        // A list joined by commas alone is no coordination ("for journalists, the military").
        let conj = |a: usize, b: usize| {
            (actors[a].w1..actors[b].w0).any(|k| matches!(self.w(k), "and" | "or"))
        };
        if !g.windows(2).any(|w| conj(w[0], w[1])) {
            return vec![j];
        }
        g
    }

    /// Only commas, "and", "or", "the" between mention a's end and b's start.
    fn joins(&self, a: usize, b: usize) -> bool {
        let (x, y) = (self.actors[a].w1, self.actors[b].w0);
        y > x
            && y - x <= 3
            && (x..y).all(|k| matches!(self.w(k), "," | "and" | "or" | "the" | "as" | "well"))
    }

    fn opened_by_prep(&self, first: usize) -> bool {
        let mut k = self.actors[first].w0;
        while k > 0 && matches!(self.w(k - 1), "the" | "a" | "an") {
            k -= 1;
        }
        k > 0 && self.view.words[k - 1].upos == Some(Upos::Adp)
    }

    fn clause_break(&self, x: usize, y: usize) -> bool {
        let view = self.view;
        let between = self.actors[x].w1..self.actors[y].w0;
        let mut v = self.actors[y].w1;
        if view.words.get(v).is_some_and(|w| w.upos == Some(Upos::Adv)) {
            v += 1;
        }
        between.clone().any(|k| view.w(k) == ",")
            && between.clone().any(|k| matches!(view.w(k), "and" | "but"))
            && view
                .words
                .get(v)
                .is_some_and(|w| w.upos == Some(Upos::Verb))
    }

    /// A pronoun subject between words `lo` and `hi`, nearest first: (word, actors, rule).
    pub fn pronoun_at(&self, lo: usize, hi: usize) -> Option<(usize, Vec<Actor>, &'static str)> {
        let view = self.view;
        (lo..hi).rev().find_map(|k| {
            // "thanked both countries and urged …": the object of a verb other than one of
            // saying is no subject.
            if k > 0
                && view.verbish(k - 1)
                && !self.lx.speech.contains_key(view.w(k - 1))
                && view.words[k - 1].upos != Some(Upos::Aux)
            {
                return None;
            }
            if let Some(a) = self.speaker_it(k) {
                return Some((k, vec![a], "pronoun:speaker"));
            }
            if let Some(a) = self.last_subject_it(k, lo) {
                return Some((k, vec![a], "pronoun:last-subject"));
            }
            // No other word resolves: spare the context copy below (most words).
            if !resolve::PRONOUNS.contains(&view.w(k)) {
                return None;
            }
            // Antecedents earlier in this sentence come first.
            let mut local = self.ctx.clone();
            for m in self.ms.actors.iter().filter(|m| m.w1 <= k && !m.appos) {
                local.note(m);
            }
            resolve::pronoun(view, k, &local).map(|(a, r)| (k, a, r))
        })
    }

    /// "The Navy said (on Wednesday) it had …": the body that speaks.
    fn speaker_it(&self, k: usize) -> Option<Actor> {
        let view = self.view;
        if view.w(k) != "it" {
            return None;
        }
        let sv = (k.saturating_sub(4)..k)
            .rev()
            .find(|&x| self.lx.speech.contains_key(view.w(x)))?;
        if (sv..k).any(|x| view.w(x) == ",") {
            return None;
        }
        // "Poland, which had pressed Berlin, said it …": the subject ends before the relative
        // clause.
        let subj_end = self
            .rel_spans
            .iter()
            .find(|(_, e)| e + 1 == sv)
            .map_or(sv, |(r, _)| r - 1);
        let m = self
            .ms
            .actors
            .iter()
            .rev()
            .find(|m| m.w1 <= subj_end && !m.appos)?;
        // "officials said it" is no antecedent, "the United States" or "Brussels" (the EU) is:
        // KB names know their number.
        let plural = if m.rule == "kb" && m.actor.kind != ActorKind::Group {
            m.plural
        } else {
            view.w(m.w1 - 1).ends_with('s')
        };
        if m.w1 != subj_end || m.actor.kind == ActorKind::Person || plural {
            return None;
        }
        let mut a = m.actor.clone();
        view.words[k].text.clone_into(&mut a.text);
        Some(a)
    }

    /// A subject "it" with no state before it in this sentence: the state that last acted ("The
    /// Czech Republic delivered shells to Ukraine. It also sent …").
    fn last_subject_it(&self, k: usize, lo: usize) -> Option<Actor> {
        if self.w(k) != "it" || k != lo {
            return None;
        }
        let st = self.ctx.subject_state.as_ref()?;
        if self
            .ms
            .actors
            .iter()
            .any(|m| m.w1 <= k && m.actor.kind == ActorKind::State)
        {
            return None;
        }
        let mut a = st.clone();
        self.view.words[k].text.clone_into(&mut a.text);
        Some(a)
    }

    /// Whether a speech cue of kind `kind` starts before word `i`.
    pub fn speech_before(&self, i: usize, kind: SpeechKind) -> bool {
        self.speech.iter().any(|(a, _, k)| *k == kind && *a < i)
    }
}
