//! Stage `links`: what ties the sentence's events together once all are built — a
//! destination phrase's recipient, claims (ACCUSE/REJECT) and their complements, a seizure
//! and the shipment it seized — and what the sentence leaves in the discourse context.

use sitrep_record::{ActorKind, Certainty, CertaintyLevel, EventType};

use super::{CLAIM_NOUNS, Sent, find_phrases};
use crate::rules::rule;

/// Links the sentence's drafts and updates the context.
pub(crate) fn run(st: &mut Sent<'_>) {
    destination(st);
    for k in 0..st.drafts.len() {
        if matches!(st.drafts[k].kind, EventType::Accuse | EventType::Reject) {
            claim(st, k);
        }
    }
    for (at, kind) in std::mem::take(&mut st.orphans) {
        if let Some(d) = st.drafts.iter_mut().find(|d| d.at == at) {
            d.about_kinds.push(kind);
            d.about_earlier = true;
        }
    }
    seized_shipment(st);
    denied_inherited(st);
    context(st);
}

rule! {
    /// What: the actor after a destination phrase (`data/destination.csv`: "bound for",
    /// "destined for", "en route to") receives the goods of the latest transfer before it
    /// that names no recipient (trace `rcp:<phrase>`); with none in the sentence, the phrase
    /// is left for a transfer of the two sentences before. A possessed body wins over its
    /// state ("bound for Yemen's Houthi rebels").
    /// Why: seizure stories name the recipient only as a destination.
    /// Example: "The navy seized 2,500 rifles bound for the Houthis."
    /// Fixture: 85_destination_sets_recipient.txt
    DESTINATION = "rcp" in Links
}

fn destination(st: &mut Sent<'_>) {
    if !st.may_have_events || !st.on(&DESTINATION) {
        return;
    }
    let lx = st.lx;
    let ms = st.ms;
    for (a, b, _) in find_phrases(st.view, |w| lx.destination.get(w).cloned()) {
        let Some(mut m) = ms
            .actors
            .iter()
            .find(|m| m.w0 >= b && m.w0 <= b + 1 && !m.pronoun)
        else {
            continue;
        };
        if m.poss
            && let Some(h) = ms.actors.iter().find(|h| h.w0 > m.w1 && h.w0 <= m.w1 + 3)
        {
            m = h;
        }
        let phrase = (a..b).map(|k| st.w(k)).collect::<Vec<_>>().join("-");
        st.fire(&DESTINATION, a);
        match st
            .drafts
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
            None => st.destination = Some((m.actor.clone(), phrase)),
        }
    }
}

rule! {
    /// What: an accusation without a target accuses the source of its first complement event.
    /// Why: "Kyiv accused Moscow-backed forces of shelling …" — and "condemned North Korea's
    /// launch": whoever did the act is accused.
    /// Example: "Kyiv condemned the sale of drones by Iran to Russia."
    /// Fixture: 31_alleged.txt
    COMPLEMENT_SOURCE = "tgt:complement-source" in Links
}

rule! {
    /// What: a claim is about the events of its clause after it (its that-clause, or before it
    /// when passive), not verbs coordinated with it; a denial is also about an accusation
    /// right after it ("rejected accusations by X that …").
    /// Why: `about` links a denial to what it denies, so the ledger can name the deniers.
    /// Example: "Moscow denied that North Korea had sent it shells."
    /// Fixture: 48_denied_reports_that.txt
    ABOUT_COMPLEMENT = "about-complement" in Links
}

rule! {
    /// What: an event denied in the same sentence is asserted by nobody: certainty possible at
    /// least, cue the denial's verb.
    /// Why: "denied that it had sent shells" does not assert the sending.
    /// Example: "Pyongyang denied that it had sent shells to Russia."
    /// Fixture: 07_denial_simple.txt
    COMPLEMENT_OF_DENIAL = "complement-of-denial" in Links
}

rule! {
    /// What: the sources of an accusation attribute its complement events (`attr:accuser`).
    /// Why: "Washington accused Tehran of supplying drones to Russia": Washington asserts it.
    /// Example: "Washington accused Tehran of supplying drones to Russia."
    /// Fixture: 08_cross_sentence_denial.txt
    ACCUSER = "attr:accuser" in Links
}

rule! {
    /// What: a claim with no complement, or one about "the accusations", "them", "reports", or
    /// any denial without a content noun, is also about earlier events (linked per document).
    /// Why: "Russia rejected the accusations" refers back to what was reported before.
    /// Example: "Iran sent drones to Russia, Kyiv said. Tehran rejected the accusations."
    /// Fixture: 08_cross_sentence_denial.txt
    ABOUT_EARLIER = "about-earlier" in Links
}

/// The words of claim `k`'s content: its clause, stretched over a that-clause after it.
fn content_end(st: &Sent<'_>, at: usize) -> usize {
    let (_, mut ce) = st.clause(at);
    // "denied (on Monday) that …", "denied reports (by X) that …": the that-clause.
    let that = (at + 1..(at + 7).min(st.nw))
        .take_while(|&x| !st.view.words[x].punct && (x == at + 1 || !st.view.verbish(x)))
        .find(|&x| st.w(x) == "that");
    if let Some(x) = that {
        ce = ce.max(st.clause(x + 1).1);
    }
    ce
}

/// "condemned the strike and threatened to respond": whether draft `j` is a verb coordinated
/// with the claim at `at` (directly or down a chain of "and"s): a second act, not its content.
fn coordinated(st: &Sent<'_>, j: usize, at: usize) -> bool {
    let mut c = st.drafts[j].conj;
    while let Some(a) = c {
        if a == at {
            return true;
        }
        c = st.drafts.iter().find(|d| d.at == a).and_then(|d| d.conj);
    }
    false
}

/// Links claim `k` to its complements.
fn claim(st: &mut Sent<'_>, k: usize) {
    let n = st.drafts.len();
    let at = st.drafts[k].at;
    let (cs, ce0) = st.clause(at);
    // "denied reports that it was preparing to …": the claim noun's clause is the content.
    let noun_content = (at + 1..ce0.min(at + 5))
        .find(|&x| CLAIM_NOUNS.contains(&st.w(x)) && st.w(x + 1) == "that");
    let ce = content_end(st, at);
    let passive = st.drafts[k].passive;
    let comps: Vec<usize> = (0..n)
        .filter(|&j| {
            let d = &st.drafts[j];
            j != k
                && !coordinated(st, j, at)
                && (d.at > at && d.at < ce || passive && d.at < at && d.at >= cs)
                && !matches!(d.kind, EventType::Accuse | EventType::Reject)
        })
        .filter(|_| st.on(&ABOUT_COMPLEMENT))
        .collect();
    let is_reject = st.drafts[k].kind == EventType::Reject;
    if st.drafts[k].targets.is_empty()
        && !is_reject
        && st.on(&COMPLEMENT_SOURCE)
        && let Some(&j) = comps.first()
    {
        st.drafts[k].targets = st.drafts[j].sources.clone();
        st.drafts[k].why.push(COMPLEMENT_SOURCE.name.into());
        st.fire(&COMPLEMENT_SOURCE, at);
    }
    // "rejected accusations by X that …": the denial is about the accusation too.
    if is_reject
        && st.on(&ABOUT_COMPLEMENT)
        && let Some(j) = (0..n).find(|&j| {
            st.drafts[j].kind == EventType::Accuse
                && st.drafts[j].at > at
                && st.drafts[j].at <= at + 3
        })
    {
        let ja = st.drafts[j].at;
        st.drafts[k].about_words.push(ja);
    }
    for &j in &comps {
        complement(st, k, j, is_reject);
    }
    if !comps.is_empty() {
        st.fire(&ABOUT_COMPLEMENT, at);
    }
    // Claim nouns ("the accusations regarding …") point back at earlier events.
    let claim_noun = (at + 1..ce.min(at + 6)).any(|x| {
        CLAIM_NOUNS.contains(&st.w(x)) || matches!(st.w(x), "them" | "it" | "this" | "reports")
    });
    if (comps.is_empty() || (claim_noun || is_reject) && noun_content.is_none())
        && st.on(&ABOUT_EARLIER)
    {
        st.drafts[k].about_earlier = true;
        st.fire(&ABOUT_EARLIER, at);
    }
}

/// Draft `j` is a complement of claim `k`.
fn complement(st: &mut Sent<'_>, k: usize, j: usize, is_reject: bool) {
    let ja = st.drafts[j].at;
    st.drafts[k].about_words.push(ja);
    // The claim's date ("rejected on Tuesday that …") is not the reported event's.
    if st.drafts[j].date.is_some()
        && st.drafts[j].date == st.drafts[k].date
        && st.drafts[j].why.iter().any(|w| w == "time:clause")
    {
        st.drafts[j].date = None;
        st.drafts[j].why.retain(|w| w != "time:clause");
    }
    if is_reject {
        if !st.on(&COMPLEMENT_OF_DENIAL) {
            return;
        }
        let verb = st.view.words[st.drafts[k].at].text.to_owned();
        let d = &mut st.drafts[j];
        d.denied = true;
        if d.certainty.level == CertaintyLevel::Asserted {
            d.certainty = Certainty {
                level: CertaintyLevel::Possible,
                cue: Some(verb),
            };
        }
        d.why.push(COMPLEMENT_OF_DENIAL.name.into());
        st.fire(&COMPLEMENT_OF_DENIAL, ja);
    } else if st.on(&ACCUSER) {
        let mut att = st.drafts[k].sources.clone();
        for a in &st.drafts[j].attribution {
            if !att.iter().any(|x| x.name == a.name) {
                att.push(a.clone());
            }
        }
        st.drafts[j].attribution = att;
        st.drafts[j].why.push(ACCUSER.name.into());
        st.fire(&ACCUSER, ja);
    }
}

rule! {
    /// What: a seizure without goods of its own carries the transfer of the shipment right
    /// after it, with status in_transit.
    /// Why: "seized a shipment of rifles" reports the shipment as stopped on its way.
    /// Example: "Police seized Iran's shipment of rifles to Yemen."
    /// Fixture: 16_seizure.txt
    SEIZED_SHIPMENT = "transfer:seized-shipment" in Links
}

fn seized_shipment(st: &mut Sent<'_>) {
    if !st.on(&SEIZED_SHIPMENT) {
        return;
    }
    let n = st.drafts.len();
    for k in 0..n {
        if st.drafts[k].kind != EventType::Coerce || st.drafts[k].transfer.is_some() {
            continue;
        }
        let at = st.drafts[k].at;
        if let Some(j) = (0..n).find(|&j| {
            st.drafts[j].at > at && st.drafts[j].at <= at + 4 && st.drafts[j].transfer.is_some()
        }) {
            let mut tr = st.drafts[j].transfer.clone();
            if let Some(t) = tr.as_mut() {
                t.status = Some("in_transit".into());
            }
            st.drafts[k].transfer = tr;
            st.drafts[k].why.push(SEIZED_SHIPMENT.name.into());
            st.drafts[j].status_seized = true;
            st.fire(&SEIZED_SHIPMENT, at);
        }
    }
}

rule! {
    /// What: a denied complement whose actors were only inherited is no event: the denial's
    /// link carries it.
    /// Why: "denied the shipment" would otherwise repeat the earlier transfer as a new one.
    /// Example: "Iran sent drones to Russia. Moscow denied the transfer of the drones."
    /// Fixture: 109_denied_inherited.txt
    DENIED_INHERITED = "denied-inherited" in Links
}

fn denied_inherited(st: &mut Sent<'_>) {
    if !st.on(&DENIED_INHERITED) {
        return;
    }
    let before = st.drafts.len();
    st.drafts
        .retain(|d| !(d.denied && d.why.iter().any(|w| w.contains("inherited"))));
    if st.drafts.len() < before {
        st.fire(&DENIED_INHERITED, 0);
    }
}

/// The state that last acted (what a later subject "it" most often points back to), every
/// mention in order, and the last coordinated pair.
fn context(st: &mut Sent<'_>) {
    if let Some(a) = st
        .drafts
        .iter()
        .rev()
        .filter(|d| !d.negated)
        .filter_map(|d| d.sources.first())
        .find(|a| a.kind == ActorKind::State)
    {
        st.ctx.subject_state = Some(a.clone());
    }
    for m in &st.ms.actors {
        st.ctx.note(m);
    }
    let view = st.view;
    if let Some(g) = st.ms.actors.windows(2).rev().find(|w| {
        w[1].w0 >= w[0].w1
            && w[1].w0 - w[0].w1 <= 2
            && (w[0].w1..w[1].w0).all(|k| matches!(view.w(k), "and" | ","))
    }) {
        st.ctx.last_group = vec![g[0].actor.clone(), g[1].actor.clone()];
    }
}
