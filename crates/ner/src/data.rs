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
    /// Where it comes from (GUM genre, or the file name); empty when unknown.
    pub source: String,
    /// The document it belongs to (GUM `newdoc id`, or the ordinal of the `-DOCSTART-`
    /// block of a CoNLL file), for document-level cross-validation; empty when unknown.
    pub doc: String,
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
        let Some(val) = w.misc.split('|').find_map(|m| m.strip_prefix("Entity=")) else {
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
    // A name token: PROPN, or a capitalised content word inside the mention ("United" is
    // sometimes tagged VERB, "New" in "New York" ADJ); sentence-initial words must be PROPN.
    let is_propn = |k: usize| {
        let w = &s.words[k];
        let u = w.upos();
        u == Upos::Propn
            || (k > 0
                && w.form.chars().next().is_some_and(char::is_uppercase)
                && matches!(u, Upos::Adj | Upos::Noun | Upos::Verb | Upos::Num | Upos::X))
    };
    let mut claimed = vec![false; n];
    let mut out: Vec<Entity> = Vec::new();
    for (m, label) in &cands {
        // Head: first token whose head lies outside the mention.
        let head = (m.start..m.end).find(|&k| {
            let h = s.words[k].head;
            h == 0 || h - 1 < m.start || h > m.end
        });
        let Some(head) = head else { continue };
        if s.words[head].upos() != Upos::Propn {
            continue;
        }
        // A person mention headed by a role word ("Assistant Professor ... Simon X") is not
        // a name span we can align.
        if *label == EntityLabel::Per && gaz.is_title(&s.words[head].form) {
            continue;
        }
        // "Plano, Texas" is one place in UNER.
        let conn = |k: usize| {
            let f = s.words[k].form.as_str();
            CONNECTORS.contains(&f) || (f == "," && *label == EntityLabel::Loc)
        };
        // Grow the PROPN block around the head.
        let mut a = head;
        while a > m.start {
            let p = a - 1;
            if is_propn(p) {
                a = p;
            } else if conn(p) && p > m.start && is_propn(p - 1) {
                a = p - 1;
            } else {
                break;
            }
        }
        let mut b = head + 1;
        while b < m.end {
            if is_propn(b) {
                b += 1;
            } else if conn(b) && b + 1 < m.end && is_propn(b + 1) {
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
        while a < b && (CONNECTORS.contains(&s.words[a].form.as_str()) || s.words[a].form == "The")
        {
            a += 1;
        }
        while b > a && CONNECTORS.contains(&s.words[b - 1].form.as_str()) {
            b -= 1;
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
pub fn read_gum(
    files: &[&Path],
    gaz: &Gazetteer,
) -> Result<(Vec<LabeledSentence>, Vec<String>), NerError> {
    let mut out = Vec::new();
    let mut docs = Vec::new();
    for f in files {
        let sents = sitrep_nlp::conllu::read(f)
            .map_err(|e| NerError::Data(format!("{}: {e}", f.display())))?;
        let mut keep = false;
        let mut cur_genre = String::new();
        let mut cur_doc = String::new();
        for s in &sents {
            if s.newdoc {
                let meta = |k: &str| {
                    s.comments
                        .iter()
                        .find_map(|c| {
                            c.trim()
                                .strip_prefix(k)
                                .map(|v| v.trim_start_matches([' ', '=']).trim().to_owned())
                        })
                        .unwrap_or_default()
                };
                let genre = meta("meta::genre");
                let url = meta("meta::sourceURL");
                keep = gum_doc_allowed(&genre, &url);
                cur_genre = genre.clone();
                cur_doc = meta("newdoc id");
                if keep {
                    docs.push(cur_doc.clone());
                }
            }
            if keep {
                out.push(LabeledSentence {
                    forms: s.words.iter().map(|w| w.form.clone()).collect(),
                    spans: gum_spans(s, gaz),
                    source: format!("gum:{cur_genre}"),
                    doc: cur_doc.clone(),
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
    let mut doc = 0usize;
    let flush = |forms: &mut Vec<String>,
                 tags: &mut Vec<String>,
                 out: &mut Vec<LabeledSentence>,
                 doc: usize| {
        if !forms.is_empty() {
            out.push(LabeledSentence {
                forms: std::mem::take(forms),
                spans: spans_from_tags(tags),
                source: String::new(),
                doc: doc.to_string(),
            });
            tags.clear();
        }
    };
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            flush(&mut forms, &mut tags, &mut out, doc);
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
            flush(&mut forms, &mut tags, &mut out, doc);
            doc += 1;
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
    flush(&mut forms, &mut tags, &mut out, doc);
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
                out.push(Entity {
                    start: s,
                    end: i,
                    label: l,
                });
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
    let text = std::fs::read_to_string(path)
        .map_err(|e| NerError::Data(format!("{}: {e}", path.display())))?;
    Ok(parse_iob(&text))
}

/// Where the training corpora are; `None` fields fall back to `$SITREP_SHARED/data/...`.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// UD_English-GUM directory.
    pub gum: Option<std::path::PathBuf>,
    /// wikigold CoNLL file.
    pub wikigold: Option<std::path::PathBuf>,
    /// Extra IOB files.
    pub iob: Vec<std::path::PathBuf>,
    /// CoNLL-U files of unlabeled text for capitalisation statistics.
    pub unlabeled: Vec<std::path::PathBuf>,
    /// A word list, one word per line, spelt as in running text (e.g. Debian's
    /// `/usr/share/dict/words`): lowercase entries are common words, capitalised ones names.
    pub lexicon: Option<std::path::PathBuf>,
}

/// The assembled training material.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    /// Labelled sentences (GUM CC BY documents, then wikigold, then extra files).
    pub labeled: Vec<LabeledSentence>,
    /// Unlabeled sentences (forms only).
    pub unlabeled: Vec<Vec<String>>,
    /// One line per source, for logs and the model card.
    pub summary: Vec<String>,
}

/// Reads every source. `shared_data` is `$SITREP_SHARED/data`.
pub fn assemble(shared_data: &Path, src: &Sources, gaz: &Gazetteer) -> Result<Corpus, NerError> {
    let mut c = Corpus::default();
    let gum = src
        .gum
        .clone()
        .unwrap_or_else(|| shared_data.join("UD_English-GUM"));
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(&gum)
        .map_err(|e| NerError::Data(format!("{}: {e}", gum.display())))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "conllu"))
        .collect();
    files.sort();
    let refs: Vec<&Path> = files.iter().map(std::path::PathBuf::as_path).collect();
    let (g, docs) = read_gum(&refs, gaz)?;
    c.summary.push(format!(
        "GUM: {} CC BY documents, {} sentences, {} tokens, {} entities",
        docs.len(),
        g.len(),
        g.iter().map(|s| s.forms.len()).sum::<usize>(),
        g.iter().map(|s| s.spans.len()).sum::<usize>()
    ));
    c.labeled.extend(g);
    let wg = src
        .wikigold
        .clone()
        .unwrap_or_else(|| shared_data.join("wikigold/CONLL-format/data/wikigold.conll.txt"));
    let mut extra = vec![wg];
    extra.extend(src.iob.iter().cloned());
    for f in extra {
        let mut x = read_iob(&f)?;
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        for s in &mut x {
            s.source.clone_from(&name);
        }
        // UNER leaves a leading "the" out of names; wikigold (CoNLL) keeps it.
        for s in &mut x {
            for e in &mut s.spans {
                if e.end - e.start > 1 && matches!(s.forms[e.start].as_str(), "The" | "the") {
                    e.start += 1;
                }
            }
        }
        c.summary.push(format!(
            "{}: {} sentences, {} tokens, {} entities",
            f.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            x.len(),
            x.iter().map(|s| s.forms.len()).sum::<usize>(),
            x.iter().map(|s| s.spans.len()).sum::<usize>()
        ));
        c.labeled.extend(x);
    }
    let unl = if src.unlabeled.is_empty() {
        vec![shared_data.join("UD_English-EWT/en_ewt-ud-train.conllu")]
    } else {
        src.unlabeled.clone()
    };
    for f in unl {
        let s = sitrep_nlp::conllu::read(&f)
            .map_err(|e| NerError::Data(format!("{}: {e}", f.display())))?;
        c.summary
            .push(format!("unlabeled {}: {} sentences", f.display(), s.len()));
        c.unlabeled.extend(
            s.into_iter()
                .map(|s| s.words.into_iter().map(|w| w.form).collect()),
        );
    }
    if let Some(f) = &src.lexicon {
        let text = std::fs::read_to_string(f)
            .map_err(|e| NerError::Data(format!("{}: {e}", f.display())))?;
        let mut n = 0;
        for w in text
            .lines()
            .map(str::trim)
            .filter(|w| !w.is_empty() && !w.contains('\''))
        {
            // As two mid-sentence occurrences: enough to pass the statistics' count threshold.
            c.unlabeled
                .push(vec!["·".to_owned(), w.to_owned(), w.to_owned()]);
            n += 1;
        }
        c.summary
            .push(format!("lexicon {}: {n} words", f.display()));
    }
    Ok(c)
}

/// Writes sentences as IOB2 (`form<TAB>tag`), e.g. to inspect the converted training data.
pub fn to_iob(sents: &[LabeledSentence]) -> String {
    let mut out = String::new();
    for s in sents {
        let mut tags = vec!["O".to_owned(); s.forms.len()];
        for e in &s.spans {
            for (k, t) in tags.iter_mut().enumerate().take(e.end).skip(e.start) {
                let p = if k == e.start { "B" } else { "I" };
                *t = format!("{p}-{}", e.label.as_str());
            }
        }
        for (f, tag) in s.forms.iter().zip(&tags) {
            out.push_str(f);
            out.push('\t');
            out.push_str(tag);
            out.push('\n');
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    // A sentence written for this test, in GUM's MISC `Entity=` bracket syntax.
    const GUM: &str = "# newdoc id = toy\n# meta::genre = news\n# meta::sourceURL = https://en.wikinews.org/wiki/Toy\n\
1\tU.S.\tU.S.\tPROPN\tNNP\t_\t2\tcompound\t_\tEntity=(1-person-new-sssss-cf1-1-coref(2-place-new-sssss-cf2-1-sgl)\n\
2\tPresident\tpresident\tPROPN\tNNP\t_\t3\tcompound\t_\t_\n\
3\tAda\tAda\tPROPN\tNNP\t_\t5\tnsubj\t_\t_\n\
4\tMarlow\tMarlow\tPROPN\tNNP\t_\t3\tflat\t_\tEntity=1)\n\
5\tvisited\tvisit\tVERB\tVBD\t_\t0\troot\t_\t_\n\
6\tthe\tthe\tDET\tDT\t_\t7\tdet\t_\tEntity=(3-place-new-nnnnn-cf3-2-sgl\n\
7\tPort\tport\tPROPN\tNNP\t_\t5\tobj\t_\t_\n\
8\tof\tof\tADP\tIN\t_\t9\tcase\t_\t_\n\
9\tVellan\tVellan\tPROPN\tNNP\t_\t7\tnmod\t_\tEntity=(4-place-new-nnnnn-cf4-1-sgl)3)\n\
10\tand\tand\tCCONJ\tCC\t_\t12\tcc\t_\t_\n\
11\tits\tits\tPRON\tPRP$\t_\t12\tnmod:poss\t_\tEntity=(5-place-giv-nnnnn-cf4-1-coref)\n\
12\tharbour\tharbour\tNOUN\tNN\t_\t7\tconj\t_\tEntity=(6-place-new-nnnnn-cf5-1-sgl)\n\
13\t.\t.\tPUNCT\t.\t_\t5\tpunct\t_\t_\n\n";

    #[test]
    fn gum_mentions_become_uner_style_names() {
        let sents = sitrep_nlp::conllu::parse(GUM).expect("parses");
        let gaz = Gazetteer::builtin();
        let got: Vec<(usize, usize, &str)> = gum_spans(&sents[0], &gaz)
            .into_iter()
            .map(|e| (e.start, e.end, e.label.as_str()))
            .collect();
        // "U.S." LOC, "Ada Marlow" PER (title dropped), "Port of Vellan" LOC (outermost wins);
        // the pronoun and the common noun are not names.
        assert_eq!(got, vec![(0, 1, "LOC"), (2, 4, "PER"), (6, 9, "LOC")]);
    }

    #[test]
    fn licence_filter() {
        assert!(gum_doc_allowed("news", "https://en.wikinews.org/wiki/X"));
        assert!(gum_doc_allowed("textbook", "https://openstax.org/books/x"));
        assert!(!gum_doc_allowed("textbook", "https://example.org/x"));
        assert!(!gum_doc_allowed("whow", "https://www.wikihow.com/x"));
        assert!(!gum_doc_allowed("fiction", "http://example.org"));
    }

    #[test]
    fn iob_reader_handles_uner_conll_and_iob1() {
        let uner = "# sent_id = a\n1\tIn\tO\t-\t-\n2\tNew\tB-LOC\t-\tx\n3\tYork\tI-LOC\t-\tx\n\n";
        let s = parse_iob(uner);
        assert_eq!(
            s[0].spans,
            vec![Entity {
                start: 1,
                end: 3,
                label: EntityLabel::Loc
            }]
        );
        let iob1 = "-DOCSTART- O\n\nAcme I-ORG\nCorp I-ORG\nhired I-PER\nBo I-PER\n. O\n";
        let s = parse_iob(iob1);
        assert_eq!(s.len(), 1);
        assert_eq!(
            s[0].doc, "1",
            "sentences after a -DOCSTART- belong to the next document"
        );
        let two = "-DOCSTART- O\n\nA O\n\nB O\n\n-DOCSTART- O\n\nC O\n";
        let docs: Vec<String> = parse_iob(two).into_iter().map(|s| s.doc).collect();
        assert_eq!(docs, vec!["1", "1", "2"]);
        assert_eq!(s[0].spans.len(), 2);
        let wnut = "Visit\tO\nOslo\tB-location\nwith\tO\nacme\tB-product\n";
        let s = parse_iob(wnut);
        assert_eq!(
            s[0].spans,
            vec![Entity {
                start: 1,
                end: 2,
                label: EntityLabel::Loc
            }]
        );
    }
}
