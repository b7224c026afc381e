//! Training and evaluation data: GUM's `Entity=` layer (CC BY documents only), CoNLL/IOB
//! files (wikigold, UNER, WNUT17), and the mapping of their types onto PER/ORG/LOC.

use std::path::Path;

use sitrep_nlp::conllu::ConlluSentence;
use sitrep_nlp::{Entity, EntityLabel, Upos};

use crate::NerError;
use crate::gazetteer::Gazetteer;

/// A sentence with gold entity spans.
#[derive(Debug, Clone, PartialEq)]
pub struct LabeledSentence {
    /// Token forms.
    pub forms: Vec<String>,
    /// Gold spans, sorted and non-overlapping.
    pub spans: Vec<Entity>,
}

/// Whether a GUM document may feed the model: only the CC BY (or public-domain) parts, per
/// GUM's LICENSE.txt. Returns the reason used, for the model card.
pub fn gum_doc_allowed(genre: &str, source_url: &str) -> bool {
    match genre {
        // Wikinews, Wikinews interviews, Wikipedia bios, Wikivoyage: CC BY.
        "news" | "interview" | "bio" | "voyage" => true,
        // YouTube Creative Commons vlogs: CC BY; political speeches: public domain.
        "vlog" | "speech" => true,
        // Only the OpenStax textbooks are named CC BY.
        "textbook" => source_url.contains("openstax.org"),
        // Only the Santa Barbara Corpus conversations are named CC BY.
        "conversation" => source_url.contains("linguistics.ucsb.edu"),
        // academic, court, essay, fiction, letter, podcast, whow: NC or not itemised.
        _ => false,
    }
}

#[derive(Debug, Clone)]
struct Mention {
    start: usize,
    end: usize, // exclusive
    etype: String,
}

/// Parses the MISC `Entity=` value of one word: opened mentions (id, type) and closed ids.
fn parse_entity_field(v: &str) -> (Vec<(String, String, bool)>, Vec<String>) {
    // Returns (opens: (id, etype, closes_here), closes: ids).
    let mut opens = Vec::new();
    let mut closes = Vec::new();
    let b = v.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'(' {
            let mut j = i + 1;
            while j < b.len() && b[j] != b'(' && b[j] != b')' {
                j += 1;
            }
            let body = &v[i + 1..j];
            let single = j < b.len() && b[j] == b')';
            let mut parts = body.split('-');
            let id = parts.next().unwrap_or("").to_owned();
            let et = parts.next().unwrap_or("").to_owned();
            opens.push((id, et, single));
            i = if single { j + 1 } else { j };
        } else if b[i].is_ascii_digit() {
            let mut j = i;
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            if j < b.len() && b[j] == b')' {
                closes.push(v[i..j].to_owned());
                i = j + 1;
            } else {
                i = j;
            }
        } else {
            i += 1;
        }
    }
    (opens, closes)
}

fn mentions_of(s: &ConlluSentence) -> Vec<Mention> {
    let mut out = Vec::new();
    let mut open: Vec<(String, String, usize)> = Vec::new();
    for (k, w) in s.words.iter().enumerate() {
        let Some(val) = w
            .misc
            .split('|')
            .find_map(|m| m.strip_prefix("Entity="))
        else {
            continue;
        };
        let (opens, closes) = parse_entity_field(val);
        for (id, et, single) in opens {
            if single {
                out.push(Mention {
                    start: k,
                    end: k + 1,
                    etype: et,
                });
            } else {
                open.push((id, et, k));
            }
        }
        for id in closes {
            // Close the most recently opened mention with this id.
            if let Some(pos) = open.iter().rposition(|(oid, _, _)| *oid == id) {
                let (_, et, st) = open.remove(pos);
                out.push(Mention {
                    start: st,
                    end: k + 1,
                    etype: et,
                });
            }
        }
    }
    out
}

const CONNECTORS: [&str; 8] = ["of", "the", "and", "&", "-", "de", "for", "on"];

/// Converts GUM's nested mentions of one sentence into flat PER/ORG/LOC name spans.
///
/// Mapping: person→PER, organization→ORG, place→LOC; other types are ignored. A mention is a
/// *name* when its syntactic head is PROPN. The name span is the block of PROPN tokens around
/// the head (with connectors such as "of", "the", "-" inside); leading non-PROPN words ("the",
/// adjectives) are dropped; for PER, leading titles ("President") and leading nested places or
/// organisations ("U.S." in "U.S. President Donald Trump") are dropped too. Outermost names win;
/// a single-token demonym ("Americans") is never a name, as in UNER.
pub fn gum_spans(s: &ConlluSentence, gaz: &Gazetteer) -> Vec<Entity> {
    let n = s.words.len();
    let ms = mentions_of(s);
    let mut cands: Vec<(Mention, EntityLabel)> = ms
        .into_iter()
        .filter_map(|m| {
            let l = match m.etype.as_str() {
                "person" => EntityLabel::Per,
                "organization" => EntityLabel::Org,
                "place" => EntityLabel::Loc,
                _ => return None,
            };
            Some((m, l))
        })
        .collect();
    cands.sort_by(|a, b| {
        a.0.start
            .cmp(&b.0.start)
            .then((b.0.end - b.0.start).cmp(&(a.0.end - a.0.start)))
    });
    let is_propn = |k: usize| s.words[k].upos() == Upos::Propn;
    let mut claimed = vec![false; n];
    let mut out: Vec<Entity> = Vec::new();
    for (m, label) in &cands {
        // Head: first token whose head lies outside the mention.
        let head = (m.start..m.end).find(|&k| {
            let h = s.words[k].head;
            h == 0 || h - 1 < m.start || h > m.end
        });
        let Some(head) = head else { continue };
        if !is_propn(head) {
            continue;
        }
        // Grow the PROPN block around the head.
        let mut a = head;
        while a > m.start {
            let p = a - 1;
            if is_propn(p) {
                a = p;
            } else if CONNECTORS.contains(&s.words[p].form.as_str())
                && p > m.start
                && is_propn(p - 1)
            {
                a = p - 1;
            } else {
                break;
            }
        }
        let mut b = head + 1;
        while b < m.end {
            if is_propn(b) {
                b += 1;
            } else if CONNECTORS.contains(&s.words[b].form.as_str())
                && b + 1 < m.end
                && is_propn(b + 1)
            {
                b += 2;
            } else {
                break;
            }
        }
        if *label == EntityLabel::Per {
            loop {
                if a + 1 >= b {
                    break;
                }
                let f = s.words[a].form.as_str();
                let nested = cands.iter().any(|(o, ol)| {
                    *ol != EntityLabel::Per && o.start == a && o.end <= b && o.end > a
                });
                if gaz.is_title(f) {
                    a += 1;
                } else if nested {
                    // Skip the whole nested mention.
                    let e = cands
                        .iter()
                        .filter(|(o, ol)| *ol != EntityLabel::Per && o.start == a && o.end < b)
                        .map(|(o, _)| o.end)
                        .max()
                        .unwrap_or(a + 1);
                    a = e;
                } else {
                    break;
                }
            }
        }
        while a < b && matches!(s.words[a].form.as_str(), "the" | "The") {
            a += 1;
        }
        if a >= b || (a..b).any(|k| claimed[k]) {
            continue;
        }
        if b - a == 1 && gaz.is_demonym(&s.words[a].form) {
            continue;
        }
        if b - a == 1 && *label == EntityLabel::Per && s.words[a].xpos == "NNPS" {
            continue;
        }
        for c in claimed.iter_mut().take(b).skip(a) {
            *c = true;
        }
        out.push(Entity {
            start: a,
            end: b,
            label: *label,
        });
    }
    out.sort_by_key(|e| e.start);
    out
}

/// Reads the allowed GUM documents of one or more CoNLL-U files.
pub fn read_gum(files: &[&Path], gaz: &Gazetteer) -> Result<(Vec<LabeledSentence>, Vec<String>), NerError> {
    let mut out = Vec::new();
    let mut docs = Vec::new();
    for f in files {
        let sents = sitrep_nlp::conllu::read(f).map_err(|e| NerError::Data(format!("{}: {e}", f.display())))?;
        let mut keep = false;
        for s in &sents {
            if s.newdoc {
                let meta = |k: &str| {
                    s.comments
                        .iter()
                        .find_map(|c| c.trim().strip_prefix(k).map(|v| v.trim_start_matches([' ', '=']).trim().to_owned()))
                        .unwrap_or_default()
                };
                let genre = meta("meta::genre");
                let url = meta("meta::sourceURL");
                keep = gum_doc_allowed(&genre, &url);
                if keep {
                    docs.push(meta("newdoc id"));
                }
            }
            if keep {
                out.push(LabeledSentence {
                    forms: s.words.iter().map(|w| w.form.clone()).collect(),
                    spans: gum_spans(s, gaz),
                });
            }
        }
    }
    Ok((out, docs))
}

/// How a type column maps onto PER/ORG/LOC for a given corpus.
pub fn map_type(t: &str) -> Option<EntityLabel> {
    match t {
        "PER" | "PERSON" | "person" => Some(EntityLabel::Per),
        "ORG" | "corporation" | "group" => Some(EntityLabel::Org),
        "LOC" | "GPE" | "FAC" | "location" => Some(EntityLabel::Loc),
        _ => None,
    }
}

/// Reads a token-per-line tagged file: UNER IOB2 (`id token tag - annotator`, `#` comments),
/// CoNLL (`token tag`, `-DOCSTART-`), WNUT (`token<TAB>tag`). IOB1 and IOB2 are both accepted;
/// types that do not map onto PER/ORG/LOC are dropped.
pub fn parse_iob(text: &str) -> Vec<LabeledSentence> {
    let mut out = Vec::new();
    let mut forms: Vec<String> = Vec::new();
    let mut tags: Vec<String> = Vec::new();
    let flush = |forms: &mut Vec<String>, tags: &mut Vec<String>, out: &mut Vec<LabeledSentence>| {
        if !forms.is_empty() {
            out.push(LabeledSentence {
                forms: std::mem::take(forms),
                spans: spans_from_tags(tags),
            });
            tags.clear();
        }
    };
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            flush(&mut forms, &mut tags, &mut out);
            continue;
        }
        if line.starts_with("# ") || line == "#" && forms.is_empty() {
            continue;
        }
        let cols: Vec<&str> = if line.contains('\t') {
            line.split('\t').collect()
        } else {
            line.split(' ').collect()
        };
        if cols[0] == "-DOCSTART-" {
            flush(&mut forms, &mut tags, &mut out);
            continue;
        }
        let (form, tag) = if cols.len() >= 3 && cols[0].chars().all(|c| c.is_ascii_digit()) {
            (cols[1], cols[2])
        } else if cols.len() >= 2 {
            (cols[0], cols[cols.len() - 1])
        } else {
            continue;
        };
        forms.push(form.to_owned());
        tags.push(tag.to_owned());
    }
    flush(&mut forms, &mut tags, &mut out);
    out
}

/// IOB1/IOB2 tags → spans (an `I-X` after a different type or O starts a new span).
pub fn spans_from_tags(tags: &[String]) -> Vec<Entity> {
    let mut out: Vec<Entity> = Vec::new();
    let mut cur: Option<(usize, EntityLabel)> = None;
    for (i, t) in tags.iter().enumerate() {
        let (bio, ty) = match t.split_once('-') {
            Some((b, ty)) if b == "B" || b == "I" => (b, map_type(ty)),
            _ => ("O", None),
        };
        let cont = bio == "I" && cur.is_some_and(|(_, l)| Some(l) == ty);
        if !cont {
            if let Some((s, l)) = cur.take() {
                out.push(Entity { start: s, end: i, label: l });
            }
            if let Some(l) = ty {
                cur = Some((i, l));
            }
        }
    }
    if let Some((s, l)) = cur {
        out.push(Entity {
            start: s,
            end: tags.len(),
            label: l,
        });
    }
    out
}

/// Reads a tagged file (see [`parse_iob`]).
pub fn read_iob(path: &Path) -> Result<Vec<LabeledSentence>, NerError> {
    let text = std::fs::read_to_string(path).map_err(|e| NerError::Data(format!("{}: {e}", path.display())))?;
    Ok(parse_iob(&text))
}
