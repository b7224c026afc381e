//! Stage `time_place`: a candidate's date (the time mention of its clause nearest to it, a
//! future act's next month or weekday, a continuation's date) and place (a locative PP, the
//! place aid goes to, any place in the clause of an attack or a meeting).

use sitrep_record::{DateRange, EventType, Place};

use super::draft::Build;
use super::{REL, Sent};
use crate::rules::rule;
use crate::time;

/// Dates and places the candidate.
pub(crate) fn run(st: &Sent<'_>, b: &mut Build<'_>) {
    b.date = date(st, b);
    b.location = place(st, b);
}

rule! {
    /// What: the time mention of the trigger's clause nearest to it dates the event.
    /// Why: "shipped shells to Russia in August" happened in August, whatever else is dated.
    /// Example: "North Korea shipped shells to Russia in August."
    /// Fixture: 42_weekday_date.txt
    TIME_CLAUSE = "time:clause" in TimePlace
}

rule! {
    /// What: a future act's bare month or weekday after the verb is the next one.
    /// Why: "would send tanks in April", published in March, means April of this year, not
    /// last April.
    /// Example: "Germany said it would send tanks to Ukraine in April."
    /// Fixture: 82_speaker_before_relative_clause_reported_future.txt
    TIME_AHEAD = "time:ahead" in TimePlace
}

rule! {
    /// What: a relative or participial continuation with no date of its own takes the previous
    /// event's date.
    /// Why: "Iran sent drones in May, which Russia used …" dates both.
    /// Example: "Russian forces shelled Kharkiv on Monday, killing three civilians."
    /// Fixture: 10_visit_meet.txt
    TIME_CONTINUED = "time-continued" in TimePlace
}

fn date(st: &Sent<'_>, b: &mut Build<'_>) -> Option<DateRange> {
    let (i, cs, ce) = (b.i, b.cs, b.ce);
    let near = st
        .tspans
        .iter()
        .filter(|(a, _, _)| *a >= cs && *a < ce)
        .min_by_key(|(a, _, _)| a.abs_diff(i))
        .filter(|_| st.on(&TIME_CLAUSE));
    // "said on Tuesday it would send": that Tuesday dates the saying, not ahead.
    let next = near
        .filter(|(a, _, _)| b.future && *a > i && st.on(&TIME_AHEAD))
        .zip(st.published)
        .and_then(|((_, _, r), p)| time::ahead(r, p));
    if next.is_some() {
        b.why.push(TIME_AHEAD.name.into());
        st.fire(&TIME_AHEAD, i);
    }
    let date = next
        .or_else(|| near.map(|(_, _, r)| r.clone()))
        .or_else(|| {
            let d = (cs > 0
                && (REL.contains(&st.w(cs)) || st.w(cs).ends_with("ing"))
                && st.on(&TIME_CONTINUED))
            .then(|| st.drafts.last().and_then(|d| d.date.clone()))
            .flatten();
            if d.is_some() {
                st.fire(&TIME_CONTINUED, i);
            }
            d
        });
    if date.is_some() {
        b.why.push(TIME_CLAUSE.name.into());
        st.fire(&TIME_CLAUSE, i);
    }
    date
}

rule! {
    /// What: a place after "in", "at", "near", "outside" or "across" after the trigger (not in a
    /// meeting's purpose clause) is where it happened.
    /// Why: "telephoned Wang to discuss the war in Ukraine" did not happen in Ukraine.
    /// Example: "Russian forces from Crimea shelled a market in Kherson."
    /// Fixture: 15_coerce_arrest.txt
    LOCATIVE = "locative" in TimePlace
}

rule! {
    /// What: where goods go when no actor receives them is the transfer's location.
    /// Why: "pledged humanitarian aid to Gaza": Gaza is a place, not a recipient state.
    /// Example: "Britain pledged humanitarian aid to Gaza."
    /// Fixture: 68_pledged_humanitarian_aid.txt
    AID_DESTINATION = "aid-destination" in TimePlace
}

rule! {
    /// What: an attack, arrest, protest, deployment or meeting took place at any place of its
    /// clause (not a state named as an actor's origin).
    /// Why: "In Goma, gunmen attacked a camp" names the place before the trigger.
    /// Example: "In Goma, gunmen attacked a camp for displaced people."
    /// Fixture: 13_assault_strike_place.txt
    CLAUSE_PLACE = "clause-place" in TimePlace
}

fn place(st: &Sent<'_>, b: &Build<'_>) -> Option<Place> {
    let (i, cs, ce, kind) = (b.i, b.cs, b.ce, b.kind);
    let purpose_at = (i + 1..ce)
        .filter(|_| kind == EventType::Consult)
        .find(|&k| {
            st.w(k) == "to"
                && st
                    .view
                    .words
                    .get(k + 1)
                    .is_some_and(|w| w.upos == Some(sitrep_nlp::Upos::Verb))
        })
        .unwrap_or(ce);
    let places = &st.ms.places;
    let locative = places.iter().find(|p| {
        st.on(&LOCATIVE)
            && p.w0 > i
            && p.w0 < purpose_at
            && p.w0 > 0
            && matches!(st.w(p.w0 - 1), "in" | "at" | "near" | "outside" | "across")
    });
    if let Some(p) = locative {
        st.fire(&LOCATIVE, p.w0);
        return Some(p.place.clone());
    }
    if let Some(p) = b
        .dest_place
        .filter(|_| b.t.transfer && b.targets.is_empty() && kind != EventType::Coerce)
        .filter(|_| st.on(&AID_DESTINATION))
    {
        st.fire(&AID_DESTINATION, places[p].w0);
        return Some(places[p].place.clone());
    }
    let event_at_place = matches!(
        kind,
        EventType::Assault
            | EventType::Coerce
            | EventType::Protest
            | EventType::Mobilize
            | EventType::Consult
    );
    let p = places
        .iter()
        .filter(|_| event_at_place && st.on(&CLAUSE_PLACE))
        .find(|p| p.w0 >= cs && p.w0 < purpose_at && p.w0 != i && !p.from_state)?;
    st.fire(&CLAUSE_PLACE, p.w0);
    Some(p.place.clone())
}
