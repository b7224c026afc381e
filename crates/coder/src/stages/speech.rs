//! Stage `speech`: the speech cues of `data/speech.csv` (reporting verbs, "according to",
//! "citing") as word spans; stage `frames` later finds who speaks through them.

use sitrep_nlp::Upos;

use super::{BE, DETS, Sent};
use crate::lexicon::SpeechKind;
use crate::rules::rule;

rule! {
    /// What: a reporting verb, "according to" or "citing" outside a name is a speech cue; a
    /// passive ("was reported") or a noun after a determiner ("the report") is not.
    /// Why: speech cues give attribution and cut clauses; a report noun or a passive names no
    /// speaker.
    /// Example: "South Korea said North Korea sent shells to Russia."
    /// Fixture: 24_pronoun_speaker.txt
    SPEECH_CUE = "speech-cue" in Speech
}

/// Finds the speech cues.
pub(crate) fn run(st: &mut Sent<'_>) {
    if !st.on(&SPEECH_CUE) {
        return;
    }
    let (view, lx) = (st.view, st.lx);
    let mut i = 0;
    while i < st.nw {
        if st.covered(i) {
            i += 1;
            continue;
        }
        if let Some(list) = lx.speech.get(view.w(i))
            && let Some((ws, kind)) = list
                .iter()
                .find(|(ws, _)| (0..ws.len()).all(|k| view.w(i + k) == ws[k]))
        {
            let passive = i > 0 && BE.contains(&view.w(i - 1));
            let nounish = i > 0 && DETS.contains(&view.w(i - 1));
            let tag_ok = view.words[i]
                .upos
                .is_none_or(|u| matches!(u, Upos::Verb | Upos::Aux | Upos::Adp | Upos::Sconj))
                || *kind != SpeechKind::Verb;
            if !(passive || nounish) && tag_ok {
                st.speech.push((i, i + ws.len(), *kind));
                st.fire(&SPEECH_CUE, i);
                i += ws.len();
                continue;
            }
        }
        i += 1;
    }
}
