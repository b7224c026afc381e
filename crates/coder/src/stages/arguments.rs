//! Stage `arguments`: a candidate's sources and targets — from the dependency parse when
//! one is at hand or worth starting, else from shallow patterns: the possessor of a nominal,
//! prepositions named by the trigger's argument hints, the first of two objects, the
//! passive agent, the subject to the left (a pronoun, a coordinated verb's subject, the
//! object of a verb of asking), the shared subject of participles, an infinitive's controller.

use sitrep_nlp::Upos;
use sitrep_record::Actor;

use super::draft::Build;
use super::{PURPOSE, Sent};
use crate::lexicon::{Role, TriggerPos, WordClass};
use crate::resolve::Mention;
use crate::rules::{Rule, rule};

/// Fills the candidate's arguments.
pub(crate) fn run(st: &Sent<'_>, b: &mut Build<'_>) {
    parse(st, b);
    possessor(st, b);
    right_hand(st, b);
    by_agent(st, b);
    subject(st, b);
    shared_subject(st, b);
    origin_pp(st, b);
}

rule! {
    /// What: the trigger's `nsubj` dependent in the parse is the source.
    /// Why: the parse decides subjects the shallow rules get wrong across long noun phrases.
    /// Example: "The government of Iran shipped drones to Russia."
    /// Fixture: 01_transfer_active.txt
    PARSE_NSUBJ = "parse:nsubj" in Arguments
}

rule! {
    /// What: for a reverse trigger ("bought", "received") the parse's `nsubj` is the target.
    /// Why: the buyer is the recipient, not the supplier.
    /// Example: "India bought S-400 systems from Russia."
    /// Fixture: 17_order_sale.txt
    PARSE_NSUBJ_REVERSE = "parse:nsubj(reverse)" in Arguments
}

rule! {
    /// What: the parse's `obj` of a trigger whose object is its target is the target.
    /// Why: "attacked Kherson", "met Duda": the object is whom it was done to.
    /// Example: "Russia attacked Ukraine."
    /// Fixture: 13_assault_strike_place.txt
    PARSE_OBJ = "parse:obj" in Arguments
}

/// The trigger's dependents among the tokens of actors where an argument may stand.
fn kids(st: &Sent<'_>, b: &Build<'_>) -> Option<Vec<(usize, String)>> {
    let (view, i, t) = (st.view, b.i, b.t);
    // Arcs can only matter when an actor stands where such a dependent may (before the
    // trigger, or just after it for an object).
    let arc_may_fire = st.actors.iter().any(|m| m.w0 < i)
        || t.hint("obj") == Some(Role::Target)
            && st.actors.iter().any(|m| m.w0 > i && m.w0 <= i + 4);
    if !(view.parsed || arc_may_fire && st.parser.is_some()) {
        return None;
    }
    let tok = view.words[i].tok;
    let mut near: Vec<usize> = st
        .actors
        .iter()
        .filter(|m| m.w0 < i || m.w0 > i && m.w0 <= i + 4)
        .flat_map(|m| view.words[m.w0].tok..=view.words[m.w1 - 1].tok)
        .collect();
    near.sort_unstable();
    near.dedup();
    Some(match st.parser.filter(|_| !view.parsed) {
        None => near
            .iter()
            .filter_map(|&k| st.sentence.tokens.get(k).map(|x| (k, x)))
            .filter(|(_, x)| x.head == tok + 1)
            .map(|(k, x)| (k, x.deprel.clone()))
            .collect(),
        Some(p) => {
            let mut late = st.late_parse.borrow_mut();
            let run = late.get_or_insert_with(|| p.start(st.sentence));
            near.iter()
                .filter_map(|&k| Some((k, run.relation_to(k, tok + 1)?.to_owned())))
                .collect()
        }
    })
}

fn parse(st: &Sent<'_>, b: &mut Build<'_>) {
    let Some(kids) = kids(st, b) else { return };
    let view = st.view;
    let i = b.i;
    let mention_of = |tk: usize| {
        st.actors
            .iter()
            .position(|m| view.words[m.w0].tok <= tk && tk <= view.words[m.w1 - 1].tok)
    };
    for (k, rel) in &kids {
        let rel = rel.as_str();
        let Some(j) = mention_of(*k) else { continue };
        let mw = st.actors[j].w0;
        let sane = if rel.starts_with("nsubj") {
            mw < i
        } else {
            mw > i && mw <= i + 4
        };
        if !sane {
            continue;
        }
        if rel == "nsubj" && b.sources.is_empty() && !b.reverse && st.on(&PARSE_NSUBJ) {
            b.sources = st.group_actors(j);
            b.subject.clone_from(&b.sources);
            b.src_rule = PARSE_NSUBJ.name;
            st.fire(&PARSE_NSUBJ, i);
        } else if rel == "nsubj" && b.reverse && b.targets.is_empty() && st.on(&PARSE_NSUBJ_REVERSE)
        {
            b.targets = st.group_actors(j);
            b.subject.clone_from(&b.targets);
            b.tgt_rule = PARSE_NSUBJ_REVERSE.name;
            st.fire(&PARSE_NSUBJ_REVERSE, i);
        } else if rel == "obj"
            && b.targets.is_empty()
            && b.t.hint("obj") == Some(Role::Target)
            && st.on(&PARSE_OBJ)
        {
            b.targets = st.group_actors(j);
            b.tgt_rule = PARSE_OBJ.name;
            st.fire(&PARSE_OBJ, i);
        }
    }
}

rule! {
    /// What: the possessor of a nominal (or of the words just before a trigger) is its source,
    /// or its target where the trigger's `poss` hint says so.
    /// Why: "North Korea's alleged provision of shells" names the supplier by its possessive.
    /// Example: "North Korea's provision of shells to Russia worried Seoul."
    /// Fixture: 26_possessive_nominal.txt
    POSSESSOR = "possessor" in Arguments
}

rule! {
    /// What: a possessor that the trigger's `poss` hint makes the target.
    /// Why: "Ukraine's arrest of the smugglers": the possessive need not be the actor of every
    /// nominal; the lexicon says which role it takes.
    /// Example: "Russia's purchase of jets from France angered Kyiv."
    /// Fixture: 100_possessor_reverse.txt
    POSSESSOR_REVERSE = "possessor(reverse)" in Arguments
}

fn possessor(st: &Sent<'_>, b: &mut Build<'_>) {
    let (i, cs, t) = (b.i, b.cs, b.t);
    let after_poss = (1..=3).any(|d| i >= d && st.view.is_poss(i - d));
    if !((t.pos == TriggerPos::Noun || after_poss) && (b.sources.is_empty() || after_poss)) {
        return;
    }
    let Some(j) = st
        .actors
        .iter()
        .rposition(|m| m.poss && m.w1 < i && i - (m.w1 + 1) <= 2 && m.w0 >= cs)
    else {
        return;
    };
    if t.hint("poss").unwrap_or(Role::Source) == Role::Target {
        if st.on(&POSSESSOR_REVERSE) {
            b.targets = st.group_actors(j);
            b.tgt_rule = POSSESSOR_REVERSE.name;
            st.fire(&POSSESSOR_REVERSE, i);
        }
    } else if st.on(&POSSESSOR) {
        b.sources = st.group_actors(j);
        b.src_rule = POSSESSOR.name;
        st.fire(&POSSESSOR, i);
    }
}

rule! {
    /// What: an actor after a preposition the trigger's hints name ("to", "with", "of", "on",
    /// "against") or right after the verb is the target; "bound for", "to support" count as
    /// "to" for a transfer.
    /// Why: the recipient of "sent drones to Russia" and the target of "sanctions on Iran".
    /// The trace names the preposition: `to-PP`, `with-PP`, `of-PP`, `PP`, `object`.
    /// Example: "Iran sent drones to Russia."
    /// Fixture: 01_transfer_active.txt
    PP_TARGET = "PP" in Arguments
}

rule! {
    /// What: an actor after "from" (or a preposition the hints make the source) is the source.
    /// Why: "bought jets from France": the seller supplies.
    /// Example: "Egypt bought jets from France."
    /// Fixture: 17_order_sale.txt
    FROM_PP = "from-PP" in Arguments
}

rule! {
    /// What: with a ditransitive transfer verb, a state right after the verb with goods or an
    /// aid noun after it is the recipient (trace `object`).
    /// Why: "send Ukraine 18 tanks" names the recipient without "to".
    /// Example: "Germany will send Ukraine 18 Leopard tanks."
    /// Fixture: 72_package_of_goods_worth.txt
    FIRST_OBJECT = "first-object" in Arguments
}

rule! {
    /// What: the actor after "by" is the agent, unless another verb stands between.
    /// Why: "smuggled by sea … and assembled by the Houthis": the Houthis assembled, they did
    /// not smuggle.
    /// Example: "The rifles were seized by the navy."
    /// Fixture: 34_passive_by.txt
    BY_AGENT = "by-agent" in Arguments
}

/// "bound for the X", "destined for X", "to support X": the recipient of a transfer.
fn purpose_to(st: &Sent<'_>, w0: usize) -> bool {
    w0 >= 2 && st.w(w0 - 2) == "to" && PURPOSE.contains(&st.w(w0 - 1))
        || (w0 >= 3
            && st.w(w0 - 1) == "the"
            && st.w(w0 - 2) == "for"
            && matches!(st.w(w0 - 3), "bound" | "destined" | "headed"))
        || (w0 >= 2
            && st.w(w0 - 1) == "for"
            && matches!(st.w(w0 - 2), "bound" | "destined" | "headed"))
}

/// "send Ukraine 18 tanks": the first of two objects receives.
fn first_object(st: &Sent<'_>, b: &Build<'_>, j: usize, right: &[usize]) -> bool {
    let (m, i, t) = (st.actors[j], b.i, b.t);
    st.on(&FIRST_OBJECT)
        && t.transfer
        && t.pos == TriggerPos::Verb
        && !b.passive
        && !b.reverse
        && m.w0 == i + 1
        && !m.poss
        && m.actor.country.is_some()
        && !right
            .iter()
            .any(|&r| st.prep_before(st.actors[r]) == Some("to"))
        && st.lx.is(WordClass::Ditransitive, &t.lemma)
        && (st
            .ms
            .weapons
            .iter()
            .any(|w| w.w0 >= m.w1 && w.w0 <= m.w1 + 12)
            || (m.w1..(m.w1 + 8).min(st.nw)).any(|k| st.lx.is(WordClass::AidNoun, st.w(k))))
}

/// The role of right-hand argument `j` after preposition `p`.
fn right_role(
    st: &Sent<'_>,
    b: &mut Build<'_>,
    j: usize,
    p: Option<&str>,
    right: &[usize],
) -> (Option<Role>, bool) {
    let (m, i, t) = (st.actors[j], b.i, b.t);
    match p {
        Some("by") => {
            let other_verb = (i + 1..m.w0).any(|k| st.view.words[k].upos == Some(Upos::Verb));
            if b.by_agent.is_none() && !other_verb {
                b.by_agent = Some(j);
            }
            (None, false)
        }
        Some(p) => (
            t.hint(p).or(match p {
                "to" | "with" | "on" | "against" if !t.transfer => Some(Role::Target),
                "of" if t.pos == TriggerPos::Noun && !t.transfer => Some(Role::Target),
                _ => None,
            }),
            false,
        ),
        None if m.w0 <= i + 3
            && (t.hint("obj").is_some() || t.pos == TriggerPos::Verb && !t.transfer) =>
        {
            (t.hint("obj").or(Some(Role::Target)), false)
        }
        None => {
            let first = first_object(st, b, j, right);
            (first.then_some(Role::Target), first)
        }
    }
}

fn right_hand(st: &Sent<'_>, b: &mut Build<'_>) {
    let (i, rhs_end) = (b.i, b.rhs_end);
    let right: Vec<usize> = (0..st.actors.len())
        .filter(|&j| st.actors[j].w0 > i && st.actors[j].w0 < rhs_end)
        .collect();
    for &j in &right {
        let m = st.actors[j];
        let p = st.prep_before(m);
        let p = if purpose_to(st, m.w0) && b.t.transfer {
            Some("to")
        } else {
            p
        };
        let (role, first) = right_role(st, b, j, p, &right);
        match role {
            Some(Role::Target) if b.targets.is_empty() && st.on(&PP_TARGET) => {
                b.targets = st.group_actors(j);
                b.tgt_rule = match p {
                    Some("to") => "to-PP",
                    Some("with") => "with-PP",
                    Some("of") => "of-PP",
                    Some(_) => "PP",
                    None => "object",
                };
                st.fire(if first { &FIRST_OBJECT } else { &PP_TARGET }, m.w0);
            }
            Some(Role::Source)
                if (b.sources.is_empty() || b.src_rule.is_empty()) && st.on(&FROM_PP) =>
            {
                b.sources = st.group_actors(j);
                b.src_rule = FROM_PP.name;
                st.fire(&FROM_PP, m.w0);
            }
            _ => {}
        }
    }
}

rule! {
    /// What: a transfer that moves goods onward (not a purchase, no `from` hint) and still has
    /// no placed source after the subject rules (none, or one with no state such as "a gang")
    /// takes a state after "from", or after "in" in a short "from a port in …" phrase, as its
    /// source (trace `origin-PP`).
    /// Why: "arms smuggled from Syria to Lebanon", "a ship that sailed from a port in Libya":
    /// the origin supplies the goods. Run last, so that a named sender always wins
    /// ("Germany sent tanks from Poland" keeps Germany).
    /// Example: "Weapons were smuggled from Syria to Lebanon."
    /// Fixture: 115_origin_from.txt
    ORIGIN_PP = "origin-PP" in Arguments
}

fn origin_pp(st: &Sent<'_>, b: &mut Build<'_>) {
    let t = b.t;
    // A subject that names no state or known actor ("a gang", "smugglers") gives way.
    let unplaced = b
        .sources
        .iter()
        .all(|a| a.country.is_none() && a.id.is_none());
    if !t.transfer || t.reverse || t.hint("from").is_some() || !unplaced {
        return;
    }
    let from_phrase = |m: &Mention| match st.prep_before(m) {
        Some("from") => true,
        Some("in") => (m.w0.saturating_sub(5)..m.w0).any(|k| st.view.w(k) == "from"),
        _ => false,
    };
    let origin = (0..st.actors.len()).find(|&j| {
        let m = st.actors[j];
        m.w0 > b.i && m.w0 < b.rhs_end && m.actor.country.is_some() && from_phrase(m)
    });
    if let Some(j) = origin
        && st.on(&ORIGIN_PP)
    {
        let same_as_target = b
            .targets
            .iter()
            .any(|a| a.country == st.actors[j].actor.country);
        if !same_as_target {
            b.why.retain(|w| !w.starts_with("src:"));
            b.sources = st.group_actors(j);
            b.src_rule = ORIGIN_PP.name;
            st.fire(&ORIGIN_PP, st.actors[j].w0);
        }
    }
}

fn by_agent(st: &Sent<'_>, b: &mut Build<'_>) {
    if (b.passive || b.t.pos == TriggerPos::Noun && b.sources.is_empty())
        && let Some(j) = b.by_agent
        && st.on(&BY_AGENT)
    {
        b.sources = st.group_actors(j);
        b.src_rule = BY_AGENT.name;
        st.fire(&BY_AGENT, st.actors[j].w0);
    }
}

rule! {
    /// What: a verb coordinated with the event before it ("visited Warsaw and met Duda") shares
    /// that event's subject when the actor left of "and" is the earlier verb's object.
    /// Why: Duda did not meet himself; Warsaw did not meet him.
    /// Example: "Blinken visited Warsaw and met President Duda."
    /// Fixture: 77_coordinated_verb_shared_subject.txt
    CONJ_SUBJECT = "conj-subject" in Arguments
}

rule! {
    /// What: a pronoun subject ("it", "they", "he") stands for its antecedent; the trace says
    /// how (`pronoun:speaker`, `pronoun:last-subject`, or the resolver's rule).
    /// Why: most follow-up sentences name their actor by a pronoun.
    /// Example: "The Czech Republic delivered shells to Ukraine. It also sent tanks."
    /// Fixture: 54_speaker_it.txt
    PRONOUN_SUBJECT = "pronoun-subject" in Arguments
}

rule! {
    /// What: the nearest actor to the left in the clause (not an addressee, not in a PP other
    /// than an active "by", not in another relative clause) is the subject; a transfer noun
    /// takes it only as the object of a verb.
    /// Why: the plain subject of "Iran sent drones"; "the sale" alone has no subject.
    /// Example: "Iran sent drones to Russia and shipped shells to Syria."
    /// Fixture: 77_coordinated_verb_shared_subject.txt
    SUBJECT_LEFT = "subject-left" in Arguments
}

rule! {
    /// What: the object of a verb of asking (`object_control`) before "to" and the trigger does
    /// the act, not the asker; an object the KB cannot name leaves the source empty.
    /// Why: in "urged Germany to send tanks" Germany would send them.
    /// Example: "Kyiv urged Germany to send tanks."
    /// Fixture: 93_act_asked_of_another.txt
    OBJECT_CONTROL = "object-control" in Arguments
}

rule! {
    /// What: the subject of a passive is its target; of a passive transfer, the recipient; of
    /// a reverse trigger, the target (`passive-subject`, `passive-subject(recipient)`,
    /// `subject(reverse)`).
    /// Why: "Ukraine was sent tanks": Ukraine receives.
    /// Example: "Ukraine was promised tanks by Germany."
    /// Fixture: 78_coordination_passive_claim_clause.txt
    PASSIVE_SUBJECT = "passive-subject" in Arguments
}

/// The subject candidate to the left: (mention index or None, pronoun, object-control verb).
/// A pronoun subject: its word, its actors and the rule that read it.
type Pronoun = (usize, Vec<Actor>, &'static str);

fn left_subject(st: &Sent<'_>, b: &Build<'_>) -> (Option<usize>, Option<Pronoun>) {
    let (i, t) = (b.i, b.t);
    let lo = b
        .prev_trig
        .filter(|_| t.pos == TriggerPos::Noun && t.transfer)
        .map_or(st.subject_start(b.cs), |p| p + 1);
    let own_rel = st.in_rel(i);
    let left = (0..st.actors.len()).rfind(|&j| {
        let m = st.actors[j];
        m.w1 <= i
            && m.w0 >= lo
            && !st.addressee(m)
            && (own_rel || !st.in_rel(m.w0))
            && st.prep_before(m).is_none_or(|p| p == "by" && !b.passive)
    });
    let pron = st
        .pronoun_at(lo, i)
        .filter(|(k, _, _)| left.is_none_or(|j| st.actors[j].w1 <= *k));
    let rel_ante = if own_rel && left.is_none() {
        st.rel_spans
            .iter()
            .find(|(a, e)| *a <= i && i <= *e)
            .and_then(|(a, _)| st.actors.iter().rposition(|m| m.w1 + 1 == *a))
    } else {
        None
    };
    (left.or(rel_ante), pron)
}

/// "urged other partners to send …": the verb of asking before "to" and the trigger (a nominal
/// is asked for through its verb: "urged the Council to impose an embargo").
fn asking_verb(st: &Sent<'_>, b: &Build<'_>) -> Option<usize> {
    let asked_at = if b.t.pos == TriggerPos::Noun {
        b.gov_i.unwrap_or(b.i)
    } else {
        b.i
    };
    if asked_at >= 3 && st.w(asked_at - 1) == "to" && st.on(&OBJECT_CONTROL) {
        (asked_at.saturating_sub(8)..asked_at - 2)
            .rev()
            .find(|&k| st.lx.is(WordClass::ObjectControl, st.w(k)))
    } else {
        None
    }
}

/// The event before this verb that it is coordinated with (no clause verb between them).
fn conj_draft<'s>(st: &'s Sent<'_>, b: &Build<'_>) -> Option<&'s crate::events::Draft> {
    if b.t.pos != TriggerPos::Verb {
        return None;
    }
    let view = st.view;
    let k = b.i.checked_sub(1)?;
    let k = match view.words[k].upos {
        Some(Upos::Adv) => k.checked_sub(1)?,
        _ => k,
    };
    if !matches!(view.w(k), "and" | "but") {
        return None;
    }
    // A gerund after a preposition is a complement, not a clause ("accused Berlin of lying
    // and warned …").
    let clause_verb = |x: usize| {
        view.verbish(x)
            && !(view.w(x).ends_with("ing")
                && matches!(view.w(x - 1), "of" | "for" | "about" | "over"))
    };
    st.drafts
        .last()
        .filter(|d| d.at < k && (d.at + 1..k).all(|x| !clause_verb(x)))
}

fn subject(st: &Sent<'_>, b: &mut Build<'_>) {
    let (left, pron) = left_subject(st, b);
    b.obj_control = asking_verb(st, b);
    let (left, pron) = match b.obj_control {
        Some(v) => {
            st.fire(&OBJECT_CONTROL, v);
            (st.actors.iter().rposition(|m| m.w0 > v && m.w1 < b.i), None)
        }
        None => (left, pron),
    };
    let conj = conj_draft(st, b);
    b.conj_at = conj.map(|d| d.at);
    let conj_subject = conj
        .filter(|d| {
            b.obj_control.is_none()
                && left.is_some_and(|j| st.actors[j].w0 > d.at)
                && pron.as_ref().is_none_or(|(p, _, _)| *p < d.at)
                && st.on(&CONJ_SUBJECT)
        })
        .and_then(|d| {
            // "Georgia was criticised by Russia and summoned …": the passive's subject, not its
            // agent. Without a known subject an active event's source stands in; a passive
            // one's agent never does.
            let shared = if !d.subject.is_empty() {
                &d.subject
            } else if d.passive {
                return None;
            } else {
                &d.sources
            };
            (!shared.is_empty()).then(|| shared.clone())
        });
    let subj: Option<(Vec<Actor>, &'static str, &'static Rule)> = if let Some(s) = conj_subject {
        Some((s, CONJ_SUBJECT.name, &CONJ_SUBJECT))
    } else if let Some((_, a, r)) = pron.filter(|_| st.on(&PRONOUN_SUBJECT)) {
        Some((a, r, &PRONOUN_SUBJECT))
    } else if let Some(j) = left.filter(|_| st.on(&SUBJECT_LEFT)) {
        subject_left(st, b, j).then(|| (st.group_actors(j), SUBJECT_LEFT.name, &SUBJECT_LEFT))
    } else {
        None
    };
    if let Some((s, r, rule)) = subj {
        apply_subject(st, b, s, r, rule);
    }
}

/// Whether the actor at `j` may be the subject: a transfer noun takes one only as the object
/// of a verb ("approved the sale"), with no other actor between outside a phrase of its own
/// ("a company registered in the United Arab Emirates had arranged the sale").
fn subject_left(st: &Sent<'_>, b: &Build<'_>, j: usize) -> bool {
    let (view, i, t) = (st.view, b.i, b.t);
    if t.pos == TriggerPos::Verb || !t.transfer {
        return true;
    }
    // "sent military aid", "approved a $300 million security assistance package": only
    // determiners, numbers and modifiers between the verb and the noun.
    let modifiers_only = |v: usize| {
        (v + 1..i).all(|k| {
            matches!(
                view.words[k].upos,
                Some(Upos::Det | Upos::Adj | Upos::Num | Upos::Noun | Upos::Sym)
            )
        })
    };
    let object_of_verb = (1..=2)
        .any(|d| i > d && view.verbish(i - d - 1) && matches!(view.w(i - d), "the" | "a" | "an"))
        || (1..=6).any(|d| i > d && view.verbish(i - d) && modifiers_only(i - d))
        || b.gov_i.is_some();
    object_of_verb
        && !st
            .actors
            .iter()
            .any(|m| m.w0 > st.actors[j].w1 && m.w1 <= i && st.prep_before(m).is_none())
}

/// The subject takes the role the voice gives it.
fn apply_subject(st: &Sent<'_>, b: &mut Build<'_>, s: Vec<Actor>, r: &str, rule: &'static Rule) {
    if b.subject.is_empty() {
        b.subject.clone_from(&s);
    }
    let passive_rule = if b.passive && !b.t.transfer {
        Some("passive-subject")
    } else if b.passive && b.t.transfer {
        Some("passive-subject(recipient)")
    } else if b.reverse {
        Some("subject(reverse)")
    } else {
        None
    };
    match passive_rule {
        Some(tr) => {
            if b.targets.is_empty() && st.on(&PASSIVE_SUBJECT) {
                b.targets = s;
                b.tgt_rule = tr;
                st.fire(&PASSIVE_SUBJECT, b.i);
            }
        }
        None => {
            if b.sources.is_empty() {
                b.sources = s;
                b.src_rule = rule.name;
                b.why.push(format!("src:{r}"));
                st.fire(rule, b.i);
            }
        }
    }
}

rule! {
    /// What: a verb with no subject of its own in a participial or relative continuation (or
    /// under a control verb) takes the source of the event before it.
    /// Why: "Iran sent drones, hoping to …", "which shipped …": the same actor acts again.
    /// Example: "Russia invaded Ukraine, killing thousands of civilians."
    /// Fixture: 13_assault_strike_place.txt
    SHARED_SUBJECT = "shared-subject" in Arguments
}

rule! {
    /// What: an infinitive under a control verb with no earlier event takes the controller's
    /// subject: the nearest actor to its left outside a PP.
    /// Why: "Egypt sought to buy jets": Egypt would buy.
    /// Example: "Iran, the report said, agreed to supply drones to Russia."
    /// Fixture: 101_control_subject.txt
    CONTROL_SUBJECT = "control-subject" in Arguments
}

fn shared_subject(st: &Sent<'_>, b: &mut Build<'_>) {
    let (i, t) = (b.i, b.t);
    if !b.sources.is_empty()
        || b.obj_control.is_some()
        || b.reverse
        || b.passive && t.transfer
        || t.pos != TriggerPos::Verb
    {
        return;
    }
    if let Some(d) = st
        .drafts
        .last()
        .filter(|d| !d.sources.is_empty() && (b.cs > 0 || b.control.is_some()))
    {
        if st.on(&SHARED_SUBJECT) {
            b.sources = d.sources.clone();
            b.src_rule = SHARED_SUBJECT.name;
            st.fire(&SHARED_SUBJECT, i);
        }
    } else if (b.control.is_some() || (i > 0 && st.w(i - 1) == "to"))
        && st.on(&CONTROL_SUBJECT)
        && let Some(j) = st
            .actors
            .iter()
            .rposition(|m| m.w1 <= i && st.prep_before(m).is_none())
    {
        b.sources = st.group_actors(j);
        b.src_rule = CONTROL_SUBJECT.name;
        st.fire(&CONTROL_SUBJECT, i);
    }
}
