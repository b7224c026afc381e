//! The actor resolver: turns knowledge-base matches, entity spans and pronouns of one sentence
//! into actor mentions, using the document date (tenure-aware people) and the discourse context
//! (the last state named for "its"/"the country's", the last speaker or group for "they", the
//! last person for "he"/"she", appositions that say what an unknown name is).
//!
//! Each decision is a composition rule of stage `mentions` in the registry
//! ([`crate::rules::ALL`]), declared beside the code that applies it, and its name is the
//! mention's `rule`: a state or pronoun with a sector noun (`state+sector`, `pron+sector`,
//! `body+sector`, `group+sector`), titles before names (`title+name`), the KB alone (`kb`),
//! bare sector nouns placed by a seat, an earlier mention, the dateline or an office
//! (`sector-noun`, `sector+in-place`, `the+sector:*`, `the+office:holder`), entities the KB
//! does not know (`ner`), possessed countries, bare surnames and appositions. Pronouns are
//! resolved later, by the argument and frame rules that need a subject ([`pronoun`]).
//!
//! A state adjective alone ("Russian technologies", "North Korean artillery shells") is not an
//! actor: it marks the origin of the noun it modifies.

use std::cell::RefCell;

use chrono::NaiveDate;
use sitrep_kb::{EntryRef, Kb, KbMatch, StateHow};
use sitrep_nlp::{EntityLabel, Sentence};
use sitrep_record::{Actor, ActorKind};

use crate::lexicon::{Lexicon, WordClass};
use crate::rules::{Rule, RuleSet, rule};
use crate::view::View;

/// An actor mention in a sentence.
#[derive(Debug, Clone)]
pub struct Mention {
    /// First word.
    pub w0: usize,
    /// One past the last word.
    pub w1: usize,
    /// The actor.
    pub actor: Actor,
    /// Resolution rule.
    pub rule: &'static str,
    /// Followed by a possessive clitic.
    pub poss: bool,
    /// Inside an apposition: describes another mention, not an argument.
    pub appos: bool,
    /// A plural or collective mention ("they", "officials", a coordination).
    pub plural: bool,
    /// A pronoun.
    pub pronoun: bool,
}

impl Mention {
    /// A mention of a named actor (not an apposition, not a pronoun) over words `w0..w1`.
    fn named(
        w0: usize,
        w1: usize,
        actor: Actor,
        rule: &'static str,
        poss: bool,
        plural: bool,
    ) -> Self {
        Self {
            w0,
            w1,
            actor,
            rule,
            poss,
            appos: false,
            plural,
            pronoun: false,
        }
    }
}

/// A weapon or goods mention.
#[derive(Debug, Clone)]
pub struct Weapon {
    /// First word (including an origin adjective).
    pub w0: usize,
    /// First word of the noun itself.
    pub noun0: usize,
    /// One past the last word.
    pub w1: usize,
    /// Taxonomy code.
    pub category: String,
    /// Designation of a named system.
    pub designation: Option<String>,
    /// KB id of a named system (its maker and licence builders are looked up by it).
    pub system: Option<String>,
    /// Surface form of the noun.
    pub text: String,
    /// State named by an adjective before it ("North Korean artillery shells").
    pub origin: Option<Actor>,
}

/// A place mention.
#[derive(Debug, Clone)]
pub struct PlaceMention {
    /// First word.
    pub w0: usize,
    /// One past the last word.
    pub w1: usize,
    /// The place.
    pub place: sitrep_record::Place,
    /// Read from a state's name or capital (an actor too): a location only after "in"/"at".
    pub from_state: bool,
}

/// Everything found in one sentence.
#[derive(Debug, Clone, Default)]
pub struct Mentions {
    /// Actors, in order.
    pub actors: Vec<Mention>,
    /// Weapons and goods, in order.
    pub weapons: Vec<Weapon>,
    /// Places, in order.
    pub places: Vec<PlaceMention>,
    /// Word spans covered by any KB match (no trigger inside).
    pub covered: Vec<(usize, usize)>,
    /// KB matches as word spans, for explain.
    pub kb: Vec<(usize, usize, KbMatch)>,
}

/// Discourse context carried across sentences.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// Last state named.
    pub last_state: Option<Actor>,
    /// Last person named.
    pub last_person: Option<Actor>,
    /// Last group of actors (coordination or plural body).
    pub last_group: Vec<Actor>,
    /// Last speakers.
    pub last_speakers: Vec<Actor>,
    /// State of the dateline (or the first state named).
    pub home: Option<String>,
    /// State of the dateline alone.
    pub dateline: Option<String>,
    /// The last two distinct states named.
    pub recent_states: Vec<Actor>,
    /// State sectors named so far ("South Korea's military"), for a later "the military".
    pub by_sector: Vec<Actor>,
    /// People named in full so far ("Kim Jong Un", "Vladimir Putin"), for a later bare "Kim"
    /// or "Putin".
    pub people: Vec<Actor>,
    /// The state that was the source of the last event coded.
    pub subject_state: Option<Actor>,
}

impl Context {
    /// Notes an actor mention.
    pub fn note(&mut self, m: &Mention) {
        if m.pronoun {
            return;
        }
        let a = &m.actor;
        if a.country.is_some() && a.sector.is_some() && a.kind != ActorKind::Person {
            self.by_sector.push(a.clone());
        }
        if a.kind == ActorKind::Person
            && let Some(c) = &a.country
            && !self
                .recent_states
                .iter()
                .any(|s| s.country.as_ref() == Some(c))
        {
            self.recent_states.push(Actor {
                kind: ActorKind::State,
                sector: None,
                id: Some(c.clone()),
                ..a.clone()
            });
            if self.recent_states.len() > 2 {
                self.recent_states.remove(0);
            }
        }
        if a.kind == ActorKind::State && a.sector.is_none() {
            self.last_state = Some(a.clone());
            if !self.recent_states.iter().any(|s| s.country == a.country) {
                self.recent_states.push(a.clone());
                if self.recent_states.len() > 2 {
                    self.recent_states.remove(0);
                }
            }
        } else if a.kind == ActorKind::State
            && let Some(c) = &a.country
        {
            // A sector of a state names the state for later "its".
            let st = Actor {
                text: a.text.clone(),
                name: a.name.clone(),
                kind: ActorKind::State,
                country: Some(c.clone()),
                sector: None,
                id: Some(c.clone()),
            };
            self.last_state = Some(st);
        }
        if a.kind == ActorKind::Person {
            self.last_person = Some(a.clone());
            if full_name(a) && !self.people.iter().any(|p| same_person(p, a)) {
                self.people.push(Actor {
                    text: a.name.clone(),
                    ..a.clone()
                });
            }
        }
        if m.plural {
            self.last_group = vec![a.clone()];
        }
    }
}

const TITLE_WORDS: &[&str] = &["mr", "mrs", "ms", "dr", "gen", "general", "sen", "rep"];

/// A person's name of at least two capitalised words: one that can introduce a later bare
/// surname. ("Russia government", the name of "Russian officials", has a lowercase word.)
fn full_name(a: &Actor) -> bool {
    let words: Vec<&str> = a.name.split_whitespace().collect();
    words.len() >= 2 && words.iter().all(|w| capitalised(w))
}

/// Whether two person actors are the same person: the same KB key, else the same name.
fn same_person(a: &Actor, b: &Actor) -> bool {
    match (&a.id, &b.id) {
        (Some(x), Some(y)) => x == y,
        _ => a.name == b.name,
    }
}

/// The single name word of a bare person mention ("Kim", "President Lee", "North Korean
/// leader Kim"), after dropping titles; `None` when the name has more words or none.
fn bare_name<'a>(kb: &Kb, text: &'a str) -> Option<&'a str> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut k = words.len();
    while k > 0 && capitalised(words[k - 1]) {
        k -= 1;
    }
    let is_title = |w: &str| {
        let l = w.trim_end_matches('.').to_lowercase();
        TITLE_WORDS.contains(&l.as_str()) || kb.sector_noun(&l).is_some_and(|s| s.kind == "person")
    };
    while k < words.len() && is_title(words[k]) {
        k += 1;
    }
    (words.len() == k + 1 && words[k].chars().all(char::is_alphabetic)).then(|| words[k])
}

rule! {
    /// What: a bare surname takes the one person named in full earlier whose name it is.
    /// Why: "Kim" alone is no KB person; without the earlier "Kim Jong Un" the speaker of a
    /// later sentence would have no state.
    /// Example: "Kim Jong Un visited Russia on Monday. Kim said North Korea would send shells to Russia."
    /// Fixture: 98_surname_earlier.txt
    SURNAME_EARLIER = "surname:earlier" in Mentions
}

rule! {
    /// What: a bare surname shared by two people named earlier stays unresolved.
    /// Why: with "Kim Jong Un" and "Kim Yo Jong" in the story, "Kim" could be either; taking
    /// the KB's guess would give a statement to the wrong person.
    /// Example: "Kim Jong Un and Kim Yo Jong visited Moscow. Leader Kim said North Korea would send shells to Russia."
    /// Fixture: 97_bare_surname_two_people.txt
    SURNAME_AMBIGUOUS = "surname:ambiguous" in Mentions
}

/// Document-level coreference of bare surnames: a single-word person mention ("Kim",
/// "President Putin") takes the one person named in full earlier in the document (or
/// earlier in this sentence) whose first or last name word it is. With two such people it is
/// ambiguous and stays unresolved; with none, the mention keeps what the KB or NER gave it.
fn bare_surnames(kb: &Kb, ctx: &Context, actors: &mut [Mention], sw: Switches<'_>) {
    let mut known: Vec<Actor> = ctx.people.clone();
    for m in actors.iter_mut() {
        if m.pronoun || m.actor.kind != ActorKind::Person {
            continue;
        }
        if full_name(&m.actor) && matches!(m.rule, "kb" | "ner" | "title+name") {
            if !known.iter().any(|p| same_person(p, &m.actor)) {
                known.push(m.actor.clone());
            }
            continue;
        }
        let Some(w) = bare_name(kb, &m.actor.text) else {
            continue;
        };
        let mut cands: Vec<&Actor> = Vec::new();
        for p in &known {
            let words: Vec<&str> = p.name.split_whitespace().collect();
            let hit = words.first() == Some(&w) || words.last() == Some(&w);
            if hit && !cands.iter().any(|c| same_person(c, p)) {
                cands.push(p);
            }
        }
        match cands.as_slice() {
            [] => {}
            [p] if sw.apply(&SURNAME_EARLIER, m.w0) => {
                m.actor = Actor {
                    text: m.actor.text.clone(),
                    ..(*p).clone()
                };
                m.rule = SURNAME_EARLIER.name;
            }
            [_] => {}
            _ if sw.apply(&SURNAME_AMBIGUOUS, m.w0) => {
                m.actor = Actor {
                    text: m.actor.text.clone(),
                    name: w.to_owned(),
                    kind: ActorKind::Person,
                    country: None,
                    sector: None,
                    id: None,
                };
                m.rule = SURNAME_AMBIGUOUS.name;
            }
            _ => {}
        }
    }
}

fn capitalised(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

pub(crate) fn state_actor(
    kb: &Kb,
    iso3: &str,
    text: &str,
    sector: Option<String>,
) -> Option<Actor> {
    let s = kb.state(iso3)?;
    let name = kb.state_name(s);
    Some(Actor {
        text: text.to_owned(),
        name: match &sector {
            Some(sec) => format!("{name} {}", sector_label(sec)),
            None => name.to_owned(),
        },
        kind: ActorKind::State,
        country: Some(iso3.to_owned()),
        sector,
        id: Some(iso3.to_owned()),
    })
}

/// A state's body named by a bare sector noun: "government" in Libya is "Libya government".
fn of_state(kb: &Kb, act: &mut Actor, iso3: String) {
    let st = kb.state(&iso3).map_or(iso3.as_str(), |s| kb.state_name(s));
    act.name = format!("{st} {}", act.name);
    act.country = Some(iso3);
}

/// CAMEO sectors of a state's own apparatus: its people serve where they are placed.
const STATE_SECTORS: [&str; 6] = ["GOV", "MIL", "SPY", "COP", "LEG", "JUD"];

fn sector_label(sec: &str) -> &'static str {
    match sec {
        "GOV" => "government",
        "MIL" => "military",
        "SPY" => "intelligence",
        "LEG" => "legislature",
        "JUD" => "judiciary",
        "COP" => "police",
        "REB" => "rebels",
        "OPP" => "opposition",
        "MED" => "media",
        "BUS" => "business",
        "CVL" => "civilians",
        _ => "sector",
    }
}

/// Resolves the mentions of one sentence: each KB match in turn (a state, a sector noun, goods,
/// a place, another KB entry), then the possessed country, the names the KB does not know,
/// bare surnames and appositions.
pub fn mentions(
    kb: &Kb,
    lx: &Lexicon,
    view: &View,
    sentence: &Sentence,
    text: &str,
    date: Option<NaiveDate>,
    ctx: &Context,
) -> Mentions {
    let sw = Switches {
        rules: &RuleSet::all(),
        fired: &RefCell::new(Vec::new()),
    };
    mentions_with(kb, lx, view, sentence, text, date, ctx, sw)
}

/// Which composition rules are on, and where the ones that fired are noted.
#[derive(Clone, Copy)]
pub(crate) struct Switches<'a> {
    pub rules: &'a RuleSet,
    pub fired: &'a RefCell<Vec<(&'static str, usize)>>,
}

impl Switches<'_> {
    /// Whether rule `r` is on.
    fn on(&self, r: &Rule) -> bool {
        self.rules.on(r)
    }

    /// Notes that rule `r` fired at word `at`.
    fn fire(&self, r: &Rule, at: usize) {
        self.fired.borrow_mut().push((r.name, at));
    }

    /// Whether rule `r` is on; if it is, notes that it fired at word `at`. For a rule whose
    /// test has already passed.
    fn apply(&self, r: &Rule, at: usize) -> bool {
        let on = self.on(r);
        if on {
            self.fire(r, at);
        }
        on
    }
}

/// [`mentions`] with rules switched off and the rules that fired noted.
#[allow(clippy::too_many_arguments)]
pub(crate) fn mentions_with(
    kb: &Kb,
    lx: &Lexicon,
    view: &View,
    sentence: &Sentence,
    text: &str,
    date: Option<NaiveDate>,
    ctx: &Context,
    sw: Switches<'_>,
) -> Mentions {
    let ms = kb_spans(kb, view, text);
    let mut f = Found {
        used: vec![false; ms.len()],
        out: Mentions::default(),
    };
    f.out.covered.extend(ms.iter().map(|(a, b, _)| (*a, *b)));
    let scan = Scan {
        kb,
        lx,
        view,
        sentence,
        text,
        date,
        ctx,
        ms: &ms,
        sw,
    };
    let mut k = 0;
    while k < ms.len() {
        k += if f.used[k] { 1 } else { scan.one(&mut f, k) };
    }
    let mut out = f.out;
    if sw.on(&POSS_COUNTRY) {
        possessed_country(kb, view, ctx, &|a, b| scan.surface(a, b), &mut out, sw);
    }
    if sw.on(&NER) {
        scan.unknown_names(&mut out);
    }
    out.actors.sort_by_key(|m| m.w0);
    bare_surnames(kb, ctx, &mut out.actors, sw);
    if sw.on(&APPOSITION) {
        appositions(view, &mut out, sw);
    }
    out.kb = ms;
    out
}

/// The KB matches of the sentence as word spans.
fn kb_spans(kb: &Kb, view: &View, text: &str) -> Vec<(usize, usize, KbMatch)> {
    let stext = text.get(view.start..view.end).unwrap_or("");
    let raw: Vec<KbMatch> = kb.scan(stext);
    // KB matches as word spans.
    let mut ms: Vec<(usize, usize, KbMatch)> = Vec::new();
    for m in raw {
        let a = view.word_at(view.start + m.start);
        let b = view.word_end(view.start + m.end);
        if b > a {
            ms.push((a, b, m));
        }
    }
    ms
}

/// The sentence's knowledge-base matches (as word spans) and what the resolver reads beside them.
struct Scan<'a> {
    kb: &'a Kb,
    lx: &'a Lexicon,
    view: &'a View<'a>,
    sentence: &'a Sentence,
    text: &'a str,
    date: Option<NaiveDate>,
    ctx: &'a Context,
    ms: &'a [(usize, usize, KbMatch)],
    sw: Switches<'a>,
}

/// What the scan has decided so far: the matches consumed and the mentions found.
struct Found {
    used: Vec<bool>,
    out: Mentions,
}

rule! {
    /// What: a state name with a possessive, or a state adjective, before a sector noun is that
    /// state's body or people.
    /// Why: "South Korea's military" is KOR/MIL and "Russian officials" RUS/GOV; read apart,
    /// the state would act and the sector noun be a second, stateless actor.
    /// Example: "South Korea's military said North Korea sent shells to Russia."
    /// Fixture: 04_hedge_might.txt
    STATE_SECTOR = "state+sector" in Mentions
}

rule! {
    /// What: a person's title before a name ("lawmaker Yoo Sang-bum", "President Vladimir
    /// Putin") makes one person, with the title's sector and a state from the adjective, the
    /// KB person or, for legislators, the dateline.
    /// Why: the title says who the speaker is; the name alone is an unresolved entity.
    /// Example: "SEOUL - Lawmaker Yoo Sang-bum said North Korea sent shells to Russia."
    /// Fixture: 22_according_to_chain.txt
    TITLE_NAME = "title+name" in Mentions
}

rule! {
    /// What: a state adjective alone is no actor: it marks the origin of the noun it modifies.
    /// Why: in "North Korean missiles struck Kyiv" North Korea is where the missiles come from
    /// (its military fires them), not a party named by the adjective alone.
    /// Example: "North Korean missiles struck Kyiv on Monday."
    /// Fixture: 02_transfer_passive_origin.txt
    ADJECTIVE_NO_ACTOR = "state-adjective" in Mentions
}

rule! {
    /// What: a knowledge-base entry alone is its actor: a state (by name, demonym, capital or
    /// metonym), a named body, an IGO, a group, a person at the document's date.
    /// Why: the KB is how a name gets its country and sector; without it no actor has either.
    /// Example: "Iran sent drones to Russia."
    /// Fixture: 01_transfer_active.txt
    KB_ACTOR = "kb" in Mentions
}

rule! {
    /// What: a body's sector noun that modifies a common noun is no actor.
    /// Why: "military aid" and "government funding" name goods and money, not a military or a
    /// government that acts.
    /// Example: "Japan pledged military aid to Ukraine."
    /// Fixture: 65_modifier_not_actor_aid_object.txt
    SECTOR_MODIFIER = "sector-modifier" in Mentions
}

rule! {
    /// What: a sector noun right after a group or an IGO joins it: the group itself ("Houthi
    /// forces"), or people of the organisation ("EU foreign ministers").
    /// Why: read apart, "forces" would be a second actor with no country, and "ministers" of
    /// the EU would lose the EU.
    /// Example: "EU foreign ministers agreed to send ammunition to Ukraine."
    /// Fixture: 63_brussels_announcer_igo_people.txt
    GROUP_SECTOR = "group+sector" in Mentions
}

rule! {
    /// What: a body noun right after a state's body is part of its name; the first body says
    /// who it is.
    /// Why: "Myanmar's military government" is one actor; "government" alone would become a
    /// second, stateless actor between the subject and the verb.
    /// Example: "Myanmar's military government bought fighter jets from Russia."
    /// Fixture: 90_recipient_object_took_delivery_goods_served.txt
    BODY_SECTOR = "body+sector" in Mentions
}

rule! {
    /// What: "its", "their", "his", "her" or "the country's" before a sector noun make it the body
    /// of the state they point back to.
    /// Why: "its military" after "Poland said" is Poland's military; alone, "military" has no
    /// state and the event loses its source country.
    /// Example: "Poland said its army would send tanks to Ukraine."
    /// Fixture: 60_his_government_expected_to.txt
    PRON_SECTOR = "pron+sector" in Mentions
}

rule! {
    /// What: a sector noun with nothing that places it is a body or person of its own ("the
    /// government", "officials"), placed by the rules after it where one applies.
    /// Why: bare bodies speak and act in most stories; without them "officials said" has no
    /// speaker and "the rebels received rockets" no recipient.
    /// Example: "Rebels received rockets from Iran."
    /// Fixture: 88_sector_noun_seat_and_dateline_government.txt
    SECTOR_NOUN = "sector-noun" in Mentions
}

rule! {
    /// What: a bare body or a state's people followed by "in" and a state or place ("the
    /// authorities in Tripoli", "a firm registered in Cyprus") belong to that state.
    /// Why: the seat says whose body it is; people abroad ("the ambassador in Moscow") are
    /// only placed, not owned, and keep their own state.
    /// Example: "The authorities in Tripoli received drones from Turkey."
    /// Fixture: 88_sector_noun_seat_and_dateline_government.txt
    SECTOR_IN_PLACE = "sector+in-place" in Mentions
}

rule! {
    /// What: "the" + a sector noun continues the same sector of a state named earlier ("the
    /// military" after "South Korea's military").
    /// Why: a story names a body once in full and then shortens it; the short form would be
    /// stateless.
    /// Example: "South Korea's military said on Monday it had seen the launch. The military said North Korea sent shells to Russia."
    /// Fixture: 40_dedup_twice.txt
    THE_SECTOR_EARLIER = "the+sector:earlier" in Mentions
}

rule! {
    /// What: "the government", "the defence ministry" or a state office's holder with no state
    /// of their own belong to the dateline's state.
    /// Why: "OSLO - The government said …" is Norway's; only the dateline is trusted, since the
    /// first state an article names is as often the foreign party.
    /// Example: "OSLO - The government said on Friday that it would send artillery and air defence systems to Ukraine before the winter."
    /// Fixture: 88_sector_noun_seat_and_dateline_government.txt
    THE_SECTOR_DATELINE = "the+sector:dateline" in Mentions
}

rule! {
    /// What: "the president", "the prime minister" is the holder of that office at the
    /// document's date, in the story's home state (else the last state named).
    /// Why: the office names a person the KB knows by tenure; undated, only the state is given,
    /// since the incumbent would be a guess.
    /// Example: "WASHINGTON - The president said on Thursday that the United States would send Stinger missiles to Ukraine."
    /// Fixture: 64_the_president_office_holder.txt
    OFFICE_HOLDER = "the+office:holder" in Mentions
}

rule! {
    /// What: a state adjective right before goods (up to two modifiers between) is their origin.
    /// Why: "North Korean artillery shells were shipped" came from North Korea: the origin
    /// names the supplier when no one in the sentence sends them.
    /// Example: "North Korean artillery shells were shipped to Russia."
    /// Fixture: 02_transfer_passive_origin.txt
    GOODS_ORIGIN = "goods-origin" in Mentions
}

rule! {
    /// What: a named system followed by its noun ("Shahed-136 drones", "F-16 fighter jets") is
    /// one item, with the system's category.
    /// Why: read apart, the noun would be a second item of a vaguer category.
    /// Example: "Norway delivered F-16 fighter jets to Ukraine."
    /// Fixture: 01_transfer_active.txt
    SYSTEM_NOUN = "system+noun" in Mentions
}

rule! {
    /// What: a person or organisation entity the KB does not know is an unresolved actor (no
    /// country, never guessed).
    /// Why: companies, militias and people outside the KB still act and speak; leaving them
    /// out would give their events to the next actor in the sentence.
    /// Example: "Zorvex Holdings sold rifles to Sudan."
    /// Fixture: 23_citing.txt
    NER = "ner" in Mentions
}

impl Scan<'_> {
    fn surface(&self, a: usize, b: usize) -> String {
        self.view.surface(self.text, a, b)
    }

    /// Skips up to two lower-case modifiers ("primary", "top") between a state and a noun.
    fn skip_mods(&self, from: usize, to: usize) -> bool {
        let view = self.view;
        to >= from
            && to - from <= 2
            && (from..to).all(|k| {
                let w = &view.words[k];
                !w.punct && !capitalised(w.text) && !matches!(&*w.lower, "and" | "or" | "of")
            })
    }

    /// The sector and kind of a sector-noun match.
    fn sector_of(&self, m: &KbMatch) -> Option<(String, ActorKind)> {
        let kb = self.kb;
        if let EntryRef::SectorNoun(noun) = &m.entry {
            let r = kb.sector_noun(noun)?;
            let kind = match r.kind.as_str() {
                "person" => ActorKind::Person,
                "group" => ActorKind::Group,
                _ => ActorKind::Organization,
            };
            Some((r.sector.clone(), kind))
        } else {
            None
        }
    }

    /// A name right after word `b`: a KB person, a PER entity, or capitalised words.
    fn name_after(&self, b: usize, k: usize) -> Option<(usize, Option<Actor>)> {
        let (kb, view, ms, date, sentence) =
            (self.kb, self.view, self.ms, self.date, self.sentence);
        let n = ms.len();
        let surface = |a: usize, b: usize| self.surface(a, b);
        if k + 1 < n && ms[k + 1].0 == b && matches!(ms[k + 1].2.entry, EntryRef::Person(_)) {
            let (pa, pb, pm) = &ms[k + 1];
            return Some((*pb, kb.actor_for(pm, &surface(*pa, *pb), date)));
        }
        let tok = view.words.get(b)?.tok;
        if let Some(e) = sentence
            .entities
            .iter()
            .find(|e| e.start == tok && e.label == EntityLabel::Per)
        {
            let (_, eb) = view.words_of_tokens(e.start, e.end.saturating_sub(1));
            return Some((eb, None));
        }
        let mut e = b;
        while e < view.words.len()
            && (capitalised(view.words[e].text) && !view.words[e].punct
                || (view.w(e) == "-" && e > b && e + 1 < view.words.len())
                || (e > b && view.w(e - 1) == "-"))
            && !ms.iter().any(|(x, _, _)| *x == e)
        {
            e += 1;
        }
        (e > b && b > 0).then_some((e, None))
    }

    /// Resolves match `k`; how many matches it consumed.
    fn one(&self, f: &mut Found, k: usize) -> usize {
        match &self.ms[k].2.entry {
            EntryRef::State { iso3, how, sector } => self.state(f, k, iso3, *how, sector),
            EntryRef::SectorNoun(_) => self.sector_noun(f, k),
            EntryRef::WeaponSystem(_) | EntryRef::WeaponNoun(_) => self.goods(f, k),
            EntryRef::Place(id) => {
                let (a, b) = (self.ms[k].0, self.ms[k].1);
                if let Some(p) = self.kb.record_place(id, &self.surface(a, b)) {
                    f.out.places.push(PlaceMention {
                        w0: a,
                        w1: b,
                        place: p,
                        from_state: false,
                    });
                }
                1
            }
            _ => self.other_entry(f, k),
        }
    }

    /// A state: with a sector noun after it (`state+sector`, `title+name`), an adjective
    /// alone (an origin, no actor), or the state itself (`kb`; a place too when it is one).
    fn state(
        &self,
        f: &mut Found,
        k: usize,
        iso3: &str,
        how: StateHow,
        sector: &Option<String>,
    ) -> usize {
        let (kb, view, date, ms) = (self.kb, self.view, self.date, self.ms);
        let n = ms.len();
        let surface = |a: usize, b: usize| self.surface(a, b);
        let poss_after = |e: usize| view.is_poss(e);
        let (a, b, m) = (ms[k].0, ms[k].1, &ms[k].2);
        let how = &how;
        // State (+'s) (+mods) + sector noun.
        let after = if poss_after(b) && matches!(how, StateHow::Name | StateHow::Capital) {
            b + 1
        } else {
            b
        };
        let next = ms.get(k + 1);
        if matches!(
            how,
            StateHow::Name | StateHow::Adjective | StateHow::Capital
        ) && let Some((na, nb, nm)) = next
            && ((after > b || *how == StateHow::Adjective) && self.skip_mods(after, *na)
                || *how == StateHow::Name && *na == b)
            && let Some((sec, skind)) = self.sector_of(nm)
        {
            // Title + name: "North Korean leader Kim Jong Un".
            if skind == ActorKind::Person
                && let Some((pe, pact)) = self.name_after(*nb, k + 1)
                && self.sw.apply(&TITLE_NAME, a)
            {
                let txt = surface(a, pe);
                let mut act = pact.unwrap_or_else(|| Actor {
                    text: String::new(),
                    name: surface(*nb, pe),
                    kind: ActorKind::Person,
                    country: Some(iso3.to_owned()),
                    sector: Some(sec.clone()),
                    id: None,
                });
                act.text = txt;
                if act.country.is_none() {
                    act.country = Some(iso3.to_owned());
                }
                f.used[k] = true;
                f.used[k + 1] = true;
                if k + 2 < n && ms[k + 2].0 < pe {
                    f.used[k + 2] = true;
                }
                f.out.actors.push(Mention::named(
                    a,
                    pe,
                    act,
                    TITLE_NAME.name,
                    poss_after(pe),
                    false,
                ));
                return 1;
            }
            let txt = surface(a, *nb);
            if let Some(mut act) = state_actor(kb, iso3, &txt, Some(sec))
                && self.sw.apply(&STATE_SECTOR, a)
            {
                if skind == ActorKind::Person {
                    act.kind = ActorKind::Person;
                }
                let plural = view.w(*nb - 1).ends_with('s') || skind != ActorKind::Person;
                f.used[k] = true;
                f.used[k + 1] = true;
                f.out.actors.push(Mention::named(
                    a,
                    *nb,
                    act,
                    STATE_SECTOR.name,
                    poss_after(*nb),
                    plural,
                ));
                return 2;
            }
        }
        if *how == StateHow::Adjective && self.sw.apply(&ADJECTIVE_NO_ACTOR, a) {
            // A modifier: origin of the following noun, not an actor ("Russian
            // technologies"). Weapons pick it up below.
            f.used[k] = true;
            return 1;
        }
        let txt = surface(a, b);
        for alt in &m.alternatives {
            if let EntryRef::Place(pid) = alt
                && let Some(p) = kb.record_place(pid, &txt)
            {
                f.out.places.push(PlaceMention {
                    w0: a,
                    w1: b,
                    place: p,
                    from_state: true,
                });
                break;
            }
        }
        if let Some(mut act) = kb.actor_for(m, &txt, date)
            && self.sw.apply(&KB_ACTOR, a)
        {
            if act.sector.is_none() {
                act.sector.clone_from(sector);
            }
            f.used[k] = true;
            f.out.actors.push(Mention::named(
                a,
                b,
                act,
                KB_ACTOR.name,
                poss_after(b),
                *how == StateHow::Demonym,
            ));
        }
        1
    }

    /// A sector noun: joined to a group or body before it, owned by a pronoun's state
    /// (`pron+sector`), a title before a name (`title+name`), or a body of its own.
    fn sector_noun(&self, f: &mut Found, k: usize) -> usize {
        let (view, ms) = (self.view, self.ms);
        let surface = |a: usize, b: usize| self.surface(a, b);
        let poss_after = |e: usize| view.is_poss(e);
        let (a, b, m) = (ms[k].0, ms[k].1, &ms[k].2);
        let Some((sec, skind)) = self.sector_of(m) else {
            return 1;
        };
        // "military aid", "government funding": a body's name modifying a common noun
        // is no actor (the noun is no name the KB knows, and is tagged NOUN).
        if skind != ActorKind::Person
            && !capitalised(view.words[a].text)
            && view
                .words
                .get(b)
                .is_some_and(|w| w.upos == Some(sitrep_nlp::Upos::Noun) && !capitalised(w.text))
            && ms.get(k + 1).is_none_or(|x| x.0 != b)
            && self.sw.apply(&SECTOR_MODIFIER, a)
        {
            return 1;
        }
        // "Houthi forces", "Hezbollah fighters": the group itself. "EU foreign
        // ministers", "UN officials": people of the organisation.
        let igo_before = k > 0 && ms[k - 1].1 == a && matches!(ms[k - 1].2.entry, EntryRef::Igo(_));
        if let Some(g) = f.out.actors.last_mut()
            && g.w1 == a
            && (g.actor.kind == ActorKind::Group || igo_before)
            && self.sw.apply(&GROUP_SECTOR, a)
        {
            g.w1 = b;
            g.actor.text = surface(g.w0, b);
            if g.actor.kind != ActorKind::Group {
                g.actor.sector = Some(sec.clone());
                g.actor.kind = skind;
                g.rule = GROUP_SECTOR.name;
                g.poss = poss_after(b);
            }
            f.used[k] = true;
            return 1;
        }
        // "Myanmar's military government", "Sudan's army leadership": a body noun
        // right after a state's body is part of its name; the first body says who.
        if skind != ActorKind::Person
            && let Some(g) = f.out.actors.last_mut()
            && g.w1 == a
            && !g.pronoun
            && g.actor.country.is_some()
            && matches!(g.actor.kind, ActorKind::State | ActorKind::Organization)
            && self.sw.apply(&BODY_SECTOR, a)
        {
            g.w1 = b;
            g.actor.text = surface(g.w0, b);
            g.rule = BODY_SECTOR.name;
            g.poss = poss_after(b);
            f.used[k] = true;
            return 1;
        }
        let plural = view.w(b - 1).ends_with('s') || skind != ActorKind::Person;
        if self.pron_sector(f, k, &sec, skind, plural) || self.title_name(f, k, &sec, skind) {
            return 1;
        }
        self.sector_body(f, k, skind, plural);
        1
    }

    /// its/their/his/the country's + (mods) + sector noun: the body of that state.
    fn pron_sector(
        &self,
        f: &mut Found,
        k: usize,
        sec: &str,
        skind: ActorKind,
        plural: bool,
    ) -> bool {
        let (kb, view, ctx, ms) = (self.kb, self.view, self.ctx, self.ms);
        let surface = |a: usize, b: usize| self.surface(a, b);
        let poss_after = |e: usize| view.is_poss(e);
        let (a, b) = (ms[k].0, ms[k].1);
        let sec = sec.to_owned();
        // its/their/the country's + (mods) + sector noun.
        let mut j = a;
        while j > 0 && a - j < 2 && !view.words[j - 1].punct {
            let w = view.w(j - 1);
            if matches!(w, "its" | "their" | "his" | "her" | "'s") {
                break;
            }
            if capitalised(view.words[j - 1].text) {
                break;
            }
            j -= 1;
        }
        let pron = j > 0
            && (matches!(view.w(j - 1), "its" | "their")
                || (view.w(j - 1) == "'s" && j >= 2 && view.w(j - 2) == "country"));
        let local_state = f
            .out
            .actors
            .iter()
            .rev()
            .find(|m| m.actor.country.is_some() && m.actor.kind == ActorKind::State)
            .map(|m| Actor {
                sector: None,
                kind: ActorKind::State,
                ..m.actor.clone()
            });
        // "his government": the state of the person named before.
        let his = j > 0 && matches!(view.w(j - 1), "his" | "her");
        let person_state = his
            .then(|| possessor(&f.out.actors, j - 1, view.w(j - 1), ctx))
            .flatten();
        let owner = if his {
            person_state.as_ref()
        } else if pron {
            local_state.as_ref().or(ctx.last_state.as_ref())
        } else {
            None
        };
        if let Some(st) = owner
            && self.sw.on(&PRON_SECTOR)
        {
            let w0 = if view.w(j - 1) == "'s" { j - 3 } else { j - 1 };
            let w0 = if w0 > 0 && view.w(w0) == "country" && view.w(w0 - 1) == "the" {
                w0 - 1
            } else {
                w0
            };
            if let Some(c) = &st.country
                && let Some(mut act) = state_actor(kb, c, &surface(w0, b), Some(sec.clone()))
            {
                if skind == ActorKind::Person {
                    act.kind = ActorKind::Person;
                }
                self.sw.fire(&PRON_SECTOR, w0);
                f.used[k] = true;
                f.out.actors.push(Mention::named(
                    w0,
                    b,
                    act,
                    PRON_SECTOR.name,
                    poss_after(b),
                    plural,
                ));
                return true;
            }
        }
        false
    }

    /// Title + name: "lawmaker Yoo Sang-bum", "President Vladimir Putin".
    fn title_name(&self, f: &mut Found, k: usize, sec: &str, skind: ActorKind) -> bool {
        let (kb, view, ctx, date, ms) = (self.kb, self.view, self.ctx, self.date, self.ms);
        let n = ms.len();
        let surface = |a: usize, b: usize| self.surface(a, b);
        let poss_after = |e: usize| view.is_poss(e);
        let (a, b) = (ms[k].0, ms[k].1);
        let sec = sec.to_owned();
        // Title + name: "lawmaker Yoo Sang-bum", "President Vladimir Putin".
        if skind == ActorKind::Person
            && let Some((pe, pact)) = self.name_after(b, k)
            && self.sw.apply(&TITLE_NAME, a)
        {
            let txt = surface(a, pe);
            let act = match pact {
                Some(mut p) => {
                    p.text = txt;
                    p
                }
                None => {
                    let country = if sec == "LEG" {
                        ctx.home.clone()
                    } else {
                        kb.person(&surface(b, pe), date)
                            .map(|p| p.country.clone())
                            .filter(|c| !c.is_empty())
                    };
                    Actor {
                        text: txt,
                        name: surface(b, pe),
                        kind: ActorKind::Person,
                        country,
                        sector: Some(sec.clone()),
                        id: None,
                    }
                }
            };
            f.used[k] = true;
            if k + 1 < n && ms[k + 1].0 < pe {
                f.used[k + 1] = true;
            }
            f.out.actors.push(Mention::named(
                a,
                pe,
                act,
                TITLE_NAME.name,
                poss_after(pe),
                false,
            ));
            return true;
        }
        false
    }

    /// A sector noun as a body or person of its own: placed by "in X", continuing the same
    /// sector named before, the dateline's, or an office's holder.
    fn sector_body(&self, f: &mut Found, k: usize, skind: ActorKind, plural: bool) {
        let (kb, lx, view, ctx, date, ms) =
            (self.kb, self.lx, self.view, self.ctx, self.date, self.ms);
        let surface = |a: usize, b: usize| self.surface(a, b);
        let poss_after = |e: usize| view.is_poss(e);
        let (a, b, m) = (ms[k].0, ms[k].1, &ms[k].2);
        if let Some(mut act) = kb.actor_for(m, &surface(a, b), date)
            && self.sw.apply(&SECTOR_NOUN, a)
        {
            // "the military" after "South Korea's military": the same body.
            let mut rule = SECTOR_NOUN.name;
            // "the rival government in Tripoli", "the authorities in Benghazi": the
            // body of the state where it sits (not for people or offices abroad, whom
            // "in" only places: "the ambassador in Moscow", "the embassy in Baku").
            let envoy = lx.is(WordClass::Envoy, view.w(b - 1));
            let home_body = skind != ActorKind::Person && !envoy;
            // "officials in Bamako", "commanders in Kyiv": state people where they serve.
            let home_person = skind == ActorKind::Person
                && !envoy
                && act
                    .sector
                    .as_deref()
                    .is_some_and(|s| STATE_SECTORS.contains(&s));
            let office = matches!(&m.entry, EntryRef::SectorNoun(noun)
                        if kb.sector_noun(noun).is_some_and(|r| r.office.is_some()));
            // "a firm registered in Cyprus": a participle may stand before "in".
            let at = if lx.is(WordClass::Seated, view.w(b)) {
                b + 1
            } else {
                b
            };
            let seat = ((home_body || home_person) && act.country.is_none() && view.w(at) == "in")
                .then(|| ms.get(k + 1))
                .flatten()
                .filter(|x| x.0 == at + 1 || x.0 == at + 2 && view.w(at + 1) == "the")
                .and_then(|x| match &x.2.entry {
                    EntryRef::State { iso3, .. } => Some(iso3.clone()),
                    EntryRef::Place(id) => kb.place(id).map(|p| p.country.clone()),
                    _ => None,
                })
                .filter(|c| !c.is_empty())
                .filter(|_| self.sw.apply(&SECTOR_IN_PLACE, a));
            if let Some(c) = seat {
                of_state(kb, &mut act, c);
                rule = SECTOR_IN_PLACE.name;
            } else if a > 0
                && view.w(a - 1) == "the"
                && let Some(prev) = ctx.by_sector.iter().rev().find(|x| {
                    // An office abroad continues only an office abroad named before.
                    x.sector == act.sector
                        && (!envoy || x.text.to_lowercase().ends_with(view.w(b - 1)))
                })
                && self.sw.apply(&THE_SECTOR_EARLIER, a)
            {
                match (skind, prev.country.clone()) {
                    // "the president" after "Iran's government": a person of that
                    // state, not its body ("the rebels" after a named group are it).
                    (ActorKind::Person, Some(c)) if prev.kind != ActorKind::Group => {
                        of_state(kb, &mut act, c);
                    }
                    _ => {
                        act.country.clone_from(&prev.country);
                        act.name.clone_from(&prev.name);
                    }
                }
                rule = THE_SECTOR_EARLIER.name;
            } else if act.country.is_none()
                && a > 0
                && view.w(a - 1) == "the"
                && (home_body
                    && (act.sector.as_deref() == Some("GOV") || view.w(b - 1) == "ministry")
                    || home_person && !office)
                && let Some(c) = &ctx.dateline
                && self.sw.apply(&THE_SECTOR_DATELINE, a)
            {
                // "OSLO - The government said …", "the defence ministry said", "JUBA -
                // … the vice president": the dateline's. Only the dateline: the first
                // state an article names is as often the foreign party. (An office's
                // holder is found below.)
                of_state(kb, &mut act, c.clone());
                rule = THE_SECTOR_DATELINE.name;
            }
            self.office_holder(m, a, &mut act, &mut rule);
            f.out
                .actors
                .push(Mention::named(a, b, act, rule, poss_after(b), plural));
        }
    }

    /// "the president": the holder of that office, at the document's date, in the story's
    /// home state (else the last state named).
    fn office_holder(&self, m: &KbMatch, a: usize, act: &mut Actor, rule: &mut &'static str) {
        let (kb, view, ctx, date) = (self.kb, self.view, self.ctx, self.date);
        if act.country.is_none()
            && a > 0
            && view.w(a - 1) == "the"
            && let EntryRef::SectorNoun(noun) = &m.entry
            && let Some(office) = kb.sector_noun(noun).and_then(|r| r.office.as_ref())
            && let Some(state) = ctx
                .home
                .clone()
                .or_else(|| ctx.last_state.as_ref().and_then(|s| s.country.clone()))
            && self.sw.apply(&OFFICE_HOLDER, a)
        {
            // Undated: the state only, since the incumbent would be a guess.
            match date.and_then(|d| kb.office_holder(&state, office, Some(d))) {
                Some(p) => {
                    act.name.clone_from(&p.name);
                    act.kind = ActorKind::Person;
                    act.id = Some(p.key().to_owned());
                    if !p.sector.is_empty() {
                        act.sector = Some(p.sector.clone());
                    }
                }
                None => {
                    let st = kb.state(&state).map_or(state.as_str(), |s| &s.name);
                    act.name = format!("{st} {}", act.name);
                }
            }
            act.country = Some(state);
            *rule = OFFICE_HOLDER.name;
        }
    }

    /// Goods: a weapon system or noun, with an origin adjective before it; a system followed
    /// by its noun ("Shahed-136 drones") is one item.
    fn goods(&self, f: &mut Found, k: usize) -> usize {
        let (kb, ms) = (self.kb, self.ms);
        let surface = |a: usize, b: usize| self.surface(a, b);
        let (a, b, m) = (ms[k].0, ms[k].1, &ms[k].2);
        if let Some(code) = kb.weapon_code(&m.entry) {
            let (designation, system) = match &m.entry {
                EntryRef::WeaponSystem(id) => (
                    kb.weapon_system(id).map(|w| w.designation.clone()),
                    Some(id.clone()),
                ),
                _ => (None, None),
            };
            // Origin adjective right before (skipping a modifier or two).
            let mut origin = None;
            let mut w0 = a;
            if k > 0
                && let (
                    pa,
                    pb,
                    EntryRef::State {
                        iso3,
                        how: StateHow::Adjective,
                        ..
                    },
                ) = (&ms[k - 1].0, &ms[k - 1].1, &ms[k - 1].2.entry)
                && self.skip_mods(*pb, a)
                && self.sw.apply(&GOODS_ORIGIN, *pa)
            {
                origin = state_actor(kb, iso3, &surface(*pa, *pb), None);
                w0 = *pa;
            }
            // "Shahed-136 drones", "F-16 fighter jets": one item, the system's code.
            let mut b = b;
            if matches!(m.entry, EntryRef::WeaponSystem(_))
                && let Some((na, nb, EntryRef::WeaponNoun(_))) =
                    ms.get(k + 1).map(|x| (x.0, x.1, &x.2.entry))
                && na == b
                && self.sw.apply(&SYSTEM_NOUN, a)
            {
                b = nb;
                f.used[k + 1] = true;
                f.out.weapons.push(Weapon {
                    w0,
                    noun0: a,
                    w1: b,
                    category: code.to_owned(),
                    designation,
                    system,
                    text: surface(a, b),
                    origin,
                });
                f.used[k] = true;
                return 2;
            }
            f.out.weapons.push(Weapon {
                w0,
                noun0: a,
                w1: b,
                category: code.to_owned(),
                designation,
                system,
                text: surface(a, b),
                origin,
            });
        }
        1
    }

    /// Any other KB entry (a body, an IGO, a group, a person): its actor.
    fn other_entry(&self, f: &mut Found, k: usize) -> usize {
        let (kb, view, date, ms) = (self.kb, self.view, self.date, self.ms);
        let surface = |a: usize, b: usize| self.surface(a, b);
        let poss_after = |e: usize| view.is_poss(e);
        let (a, b, m) = (ms[k].0, ms[k].1, &ms[k].2);
        let txt = surface(a, b);
        if let Some(act) = kb.actor_for(m, &txt, date)
            && self.sw.apply(&KB_ACTOR, a)
        {
            let plural = matches!(m.entry, EntryRef::Group(_));
            f.out.actors.push(Mention::named(
                a,
                b,
                act,
                KB_ACTOR.name,
                poss_after(b),
                plural,
            ));
        }
        1
    }

    /// Entities the KB does not know: unresolved actors.
    fn unknown_names(&self, out: &mut Mentions) {
        let (kb, view, sentence, date) = (self.kb, self.view, self.sentence, self.date);
        let surface = |a: usize, b: usize| self.surface(a, b);
        for e in &sentence.entities {
            if e.label == EntityLabel::Loc {
                continue;
            }
            let (a, b) = view.words_of_tokens(e.start, e.end.saturating_sub(1));
            if b <= a
                || out.covered.iter().any(|(x, y)| *x < b && a < *y)
                || out.actors.iter().any(|m| m.w0 < b && a < m.w1)
            {
                continue;
            }
            let txt = surface(a, b);
            let kind = if e.label == EntityLabel::Per {
                ActorKind::Person
            } else {
                ActorKind::Organization
            };
            let act = kb
                .person(&txt, date)
                .filter(|_| kind == ActorKind::Person)
                .map(|p| Actor {
                    text: txt.clone(),
                    name: p.name.clone(),
                    kind,
                    country: Some(p.country.clone()).filter(|c| !c.is_empty()),
                    sector: Some(p.sector.clone()).filter(|c| !c.is_empty()),
                    id: Some(p.key().to_owned()),
                })
                .unwrap_or(Actor {
                    text: txt.clone(),
                    name: txt,
                    kind,
                    country: None,
                    sector: None,
                    id: None,
                });
            self.sw.fire(&NER, a);
            out.actors
                .push(Mention::named(a, b, act, NER.name, view.is_poss(b), false));
        }
    }
}

rule! {
    /// What: "his country", "their nation" is the state of the person or body the possessive
    /// points back to.
    /// Why: "the minister said his country would send tanks" names the minister's state as the
    /// supplier; alone, "country" is no actor.
    /// Example: "Poland's defence minister said his country would send tanks to Ukraine."
    /// Fixture: 47_possessed_country.txt
    POSS_COUNTRY = "poss+country" in Mentions
}

/// "his country", "their nation": the state of the person or body the possessive points back
/// to, the nearest earlier mention in the sentence with a country, else the last person (or
/// state) named. Unknown stays unresolved.
fn possessed_country(
    kb: &Kb,
    view: &View,
    ctx: &Context,
    surface: &dyn Fn(usize, usize) -> String,
    out: &mut Mentions,
    sw: Switches<'_>,
) {
    for w in 1..view.words.len() {
        let poss = view.w(w - 1);
        if !matches!(view.w(w), "country" | "nation")
            || !matches!(poss, "his" | "her" | "their")
            || out.actors.iter().any(|m| m.w0 <= w && w < m.w1)
        {
            continue;
        }
        let Some(c) = possessor(&out.actors, w - 1, poss, ctx).and_then(|a| a.country) else {
            continue;
        };
        if let Some(act) = state_actor(kb, &c, &surface(w - 1, w + 1), None) {
            sw.fire(&POSS_COUNTRY, w - 1);
            out.actors.push(Mention::named(
                w - 1,
                w + 1,
                act,
                POSS_COUNTRY.name,
                view.is_poss(w + 1),
                false,
            ));
        }
    }
}

/// Whom "his"/"her" (a person) or "their" (anyone) at word `at` points back to: the nearest
/// earlier mention of the sentence with a country, else the last person (group) named.
fn possessor(actors: &[Mention], at: usize, poss: &str, ctx: &Context) -> Option<Actor> {
    let person = poss != "their";
    actors
        .iter()
        .rev()
        .filter(|m| m.w1 <= at && !m.pronoun)
        .map(|m| &m.actor)
        .find(|a| a.country.is_some() && (!person || a.kind == ActorKind::Person))
        .or(if person {
            ctx.last_person.as_ref()
        } else {
            ctx.last_group.first()
        })
        .filter(|a| a.country.is_some())
        .cloned()
}

rule! {
    /// What: in "A, B," where B describes A ("Kim Ok-sun, a lawmaker of the ruling party,"), A takes
    /// B's country and sector when it has none, and B's actors are no arguments.
    /// Why: the description says who A is; read as a second actor, it would become the
    /// subject of the verb after it.
    /// Example: "Kim Ok-sun, a lawmaker of the ruling party, said North Korea sent shells to Russia."
    /// Fixture: 99_apposition.txt
    APPOSITION = "apposition" in Mentions
}

/// "A, B," where B describes A: A takes B's country/sector when unknown; B is no argument.
fn appositions(view: &View, out: &mut Mentions, sw: Switches<'_>) {
    let n = out.actors.len();
    for i in 0..n {
        let a1 = out.actors[i].w1;
        if view.w(a1) != "," {
            continue;
        }
        // The apposition runs to the next comma within 12 words, without a verb.
        let start = a1 + 1;
        let mut end = start;
        while end < view.words.len() && end - start < 12 && view.w(end) != "," && view.w(end) != "."
        {
            end += 1;
        }
        if view.w(end) != "," || end == start {
            continue;
        }
        let first = view.w(start);
        let desc = matches!(first, "a" | "an" | "the" | "its" | "their" | "his" | "her")
            || (start..end.min(start + 4)).any(|k| view.is_poss(k));
        let verb = (start..end).any(|k| {
            view.words[k]
                .upos
                .is_some_and(|u| matches!(u, sitrep_nlp::Upos::Verb))
                || matches!(view.w(k), "said" | "says" | "and")
        });
        // "A, B, and C" is a list, not an apposition.
        if !desc || verb || matches!(view.w(end + 1), "and" | "or") {
            continue;
        }
        // The describing actor: a state+sector or KB mention inside.
        let inner: Vec<usize> = (0..n)
            .filter(|&j| j != i && out.actors[j].w0 >= start && out.actors[j].w1 <= end)
            .collect();
        if let Some(&j) = inner
            .iter()
            .find(|&&j| out.actors[j].actor.country.is_some())
            && out.actors[i].actor.country.is_none()
            && out.actors[i].actor.kind != ActorKind::State
        {
            let (c, s) = (
                out.actors[j].actor.country.clone(),
                out.actors[j].actor.sector.clone(),
            );
            out.actors[i].actor.country = c;
            if out.actors[i].actor.sector.is_none() {
                out.actors[i].actor.sector = s;
            }
            out.actors[i].rule = APPOSITION.name;
        }
        if !inner.is_empty() {
            sw.fire(&APPOSITION, out.actors[i].w0);
        }
        for j in inner {
            out.actors[j].appos = true;
        }
    }
}

/// The lower forms [`pronoun`] can resolve: for any other word it gives `None` whatever the
/// context, so a caller can skip building one.
pub const PRONOUNS: &[&str] = &["he", "she", "they", "it", "both", "two"];

/// Resolves a pronoun at word `i`, if it is one the coder handles (one of [`PRONOUNS`]).
pub fn pronoun(view: &View, i: usize, ctx: &Context) -> Option<(Vec<Actor>, &'static str)> {
    let w = view.w(i);
    let mk = |a: &Actor, t: &str| {
        let mut a = a.clone();
        a.text = t.to_owned();
        a
    };
    let t = view.words.get(i)?.text;
    match w {
        "he" | "she" => ctx
            .last_person
            .as_ref()
            .map(|p| (vec![mk(p, t)], "pronoun:last-person")),
        "they" => {
            if !ctx.last_speakers.is_empty() {
                Some((
                    ctx.last_speakers.iter().map(|a| mk(a, t)).collect(),
                    "pronoun:last-speaker",
                ))
            } else if !ctx.last_group.is_empty() {
                Some((
                    ctx.last_group.iter().map(|a| mk(a, t)).collect(),
                    "pronoun:last-group",
                ))
            } else {
                None
            }
        }
        "it" => ctx
            .last_state
            .as_ref()
            .map(|s| (vec![mk(s, t)], "pronoun:last-state")),
        "both" | "two" if view.w(i + 1) == "countries" || view.w(i + 2) == "countries" => {
            let t = if i > 0 && view.w(i - 1) == "the" {
                "the two countries"
            } else if w == "both" {
                "both countries"
            } else {
                "two countries"
            };
            (ctx.recent_states.len() == 2).then(|| {
                (
                    ctx.recent_states.iter().map(|a| mk(a, t)).collect(),
                    "pronoun:two-countries",
                )
            })
        }
        _ => None,
    }
}

/// Whether word `i` is a title word before a name (kept for callers that compose names).
pub fn is_title(w: &str) -> bool {
    TITLE_WORDS.contains(&w)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(kind: ActorKind, name: &str) -> Actor {
        Actor {
            text: name.to_owned(),
            name: name.to_owned(),
            kind,
            country: Some("KOR".to_owned()),
            sector: None,
            id: None,
        }
    }

    /// `events` skips [`pronoun`] for words outside [`PRONOUNS`]: with every slot of the
    /// context filled, only those words may resolve, and each of them does somewhere.
    #[test]
    fn only_listed_pronouns_resolve() {
        let text = "He she They it IT both countries and the two countries , we them their its \
                    his her him us you I one three countries all these those who which this";
        let tokens = crate::space_tokens(text);
        let s = Sentence {
            start: 0,
            end: text.len(),
            tokens,
            entities: Vec::new(),
        };
        let view = View::new(0, &s, text);
        let state = actor(ActorKind::State, "South Korea");
        let ctx = Context {
            last_state: Some(state.clone()),
            last_person: Some(actor(ActorKind::Person, "Lee")),
            last_group: vec![actor(ActorKind::Group, "rebels")],
            last_speakers: vec![actor(ActorKind::Organization, "ministry")],
            recent_states: vec![state.clone(), state.clone()],
            by_sector: vec![state.clone()],
            people: vec![actor(ActorKind::Person, "Lee Jae")],
            subject_state: Some(state),
            home: Some("KOR".to_owned()),
            dateline: Some("KOR".to_owned()),
        };
        let mut resolved = Vec::new();
        for i in 0..view.words.len() {
            if pronoun(&view, i, &ctx).is_some() {
                assert!(PRONOUNS.contains(&view.w(i)), "{:?} resolves", view.w(i));
                resolved.push(view.w(i));
            }
        }
        for p in PRONOUNS {
            assert!(resolved.contains(p), "{p} never resolves");
        }
    }
}
