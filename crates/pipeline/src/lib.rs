//! Wires sitrep's stages together: bytes in, [`Record`]s out. Owns the order of the stages
//! (load → segment → tag → parse → recognise → code → assemble the transfer claims), the mapping of evidence offsets back to
//! the original input, and the batch API that spreads documents over all cores.

use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;
use sitrep_coder::{Coder, DocInput};
use sitrep_doc::{DocError, Document, LoadOptions};
use sitrep_kb::{Kb, KbError};
use sitrep_nlp::{Annotator, IncrementalParser, Sentence};
use sitrep_record::{DocumentMeta, Record};
use sitrep_segment::Segmenter;

/// Errors from the pipeline.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The document could not be loaded.
    #[error(transparent)]
    Doc(#[from] DocError),
    /// The knowledge base could not be loaded.
    #[error(transparent)]
    Kb(#[from] KbError),
    /// A model could not be loaded.
    #[error("model {name}: {reason}")]
    Model {
        /// Which model.
        name: String,
        /// Why.
        reason: String,
    },
}

impl Error {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Doc(e) => e.code(),
            Self::Kb(_) => "kb_load",
            Self::Model { .. } => "model_load",
        }
    }
}

/// Options for building a pipeline.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// User knowledge-base overlay directory.
    pub kb_overlay: Option<std::path::PathBuf>,
    /// Attach tokens, tags, lemmas, heads and entities to each record (implies `full_nlp`).
    pub debug_nlp: bool,
    /// Tag and parse every sentence. By default only sentences holding a trigger word are
    /// tagged, since the others can yield no event, and the coder parses a sentence only when
    /// an arc could change its decision, and only as far as those arcs. Skipping that work is most of the speed of ingest.
    /// Entities are recognised in every sentence up to the last that may hold an event, since
    /// actors named there resolve later mentions; with `full_nlp`, in every sentence.
    pub full_nlp: bool,
}

/// A document after the NLP stages, before coding.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// The loaded document.
    pub doc: Document,
    /// Its sentences, annotated.
    pub sentences: Vec<Sentence>,
}

/// The whole chain, loaded once and shared across threads.
pub struct Pipeline {
    segmenter: Segmenter,
    /// The tagger: run on the sentences that may hold events.
    tagger: Vec<Box<dyn Annotator>>,
    /// The parser: left to the coder, which runs it on a sentence only when an arc could
    /// change a decision, and only as far as those arcs (unless `full_nlp`).
    parser: Option<Box<dyn IncrementalParser>>,
    /// Entity recognisers: run on every sentence up to the last that may hold an event.
    entities: Vec<Box<dyn Annotator>>,
    full_nlp: bool,
    /// Stages skipped at load time (model missing or not trained yet), reported per record.
    skipped: Vec<String>,
    kb: Arc<Kb>,
    coder: Coder,
    debug_nlp: bool,
}

impl Pipeline {
    /// Loads all models and the knowledge base.
    pub fn load(opts: &Options) -> Result<Self, Error> {
        // The knowledge base and the models are independent: load them on two threads.
        let (kb, (tagger, parser, entities, skipped)) = std::thread::scope(|sc| {
            let kb = sc.spawn(|| match &opts.kb_overlay {
                Some(dir) => Kb::with_overlay(dir),
                None => Kb::builtin(),
            });
            let models = Self::load_models();
            let kb = kb.join().unwrap_or_else(|_| Kb::builtin());
            (kb, models)
        });
        let kb = Arc::new(kb?);
        Ok(Self {
            segmenter: Segmenter::new(),
            tagger,
            parser,
            entities,
            full_nlp: opts.full_nlp || opts.debug_nlp,
            skipped,
            coder: Coder::new(kb.clone()),
            kb,
            debug_nlp: opts.debug_nlp,
        })
    }

    /// Syntax (tagger, parser) and entity annotators; a missing model skips its stage (the
    /// coder falls back on shallow patterns) rather than failing the whole pipeline.
    #[allow(clippy::type_complexity)]
    fn load_models() -> (
        Vec<Box<dyn Annotator>>,
        Option<Box<dyn IncrementalParser>>,
        Vec<Box<dyn Annotator>>,
        Vec<String>,
    ) {
        let mut tagger: Vec<Box<dyn Annotator>> = Vec::new();
        let mut parser: Option<Box<dyn IncrementalParser>> = None;
        let mut entities: Vec<Box<dyn Annotator>> = Vec::new();
        let mut skipped = Vec::new();
        // The first pass alone: the second costs as much again for +0.15 accuracy on EWT
        // dev, and changed 8 of 1,530 events on the GUM+EWT corpus (see NLP_MODEL_CARD.md).
        match sitrep_tagger::Tagger::builtin() {
            Ok(t) => tagger.push(Box::new(t.first_pass_only())),
            Err(e) => skipped.push(format!("tagger model unavailable ({e}); stage skipped")),
        }
        match sitrep_parser::Parser::builtin() {
            Ok(p) => parser = Some(Box::new(p)),
            Err(e) => skipped.push(format!("parser model unavailable ({e}); stage skipped")),
        }
        match sitrep_ner::Ner::builtin() {
            Ok(n) => entities.push(Box::new(n)),
            Err(e) => skipped.push(format!("ner model unavailable ({e}); stage skipped")),
        }
        (tagger, parser, entities, skipped)
    }

    /// The coder in use (for `explain`).
    pub fn coder(&self) -> &Coder {
        &self.coder
    }

    /// Stages skipped because their model is missing.
    pub fn skipped(&self) -> &[String] {
        &self.skipped
    }

    /// The coder's input for an analysed document.
    pub fn input<'a>(&'a self, a: &'a Analysis) -> DocInput<'a> {
        DocInput {
            text: &a.doc.text,
            published: a.doc.published,
            dateline: a.doc.dateline.as_deref(),
            sentences: &a.sentences,
            parser: if self.full_nlp {
                None
            } else {
                self.parser.as_deref()
            },
        }
    }

    /// The knowledge base in use.
    pub fn kb(&self) -> &Arc<Kb> {
        &self.kb
    }

    /// Loads, segments and annotates one document.
    pub fn analyse(&self, bytes: &[u8], opts: &LoadOptions) -> Result<Analysis, Error> {
        let doc = Document::load(bytes, opts)?;
        let mut sentences = self.segmenter.segment(&doc.text, &doc.body);
        let deep: Vec<bool> = sentences
            .iter()
            .map(|s| self.full_nlp || self.coder.may_have_events(s, &doc.text))
            .collect();
        // The coder reads sentences in order and never looks ahead, so entities after the last
        // sentence that may hold an event can change nothing.
        let last = deep.iter().rposition(|&d| d);
        for (i, s) in sentences.iter_mut().enumerate() {
            if deep[i] {
                for a in &self.tagger {
                    a.annotate(s);
                }
            }
            if self.full_nlp
                && let Some(p) = &self.parser
            {
                p.annotate(s);
            }
            if last.is_some_and(|l| i <= l) {
                for a in &self.entities {
                    a.annotate(s);
                }
            }
        }
        Ok(Analysis { doc, sentences })
    }

    /// Runs the whole chain on one document.
    pub fn extract(&self, bytes: &[u8], opts: &LoadOptions) -> Result<Record, Error> {
        let a = self.analyse(bytes, opts)?;
        Ok(self.code(&a))
    }

    /// Codes an analysed document into its record.
    pub fn code(&self, a: &Analysis) -> Record {
        let doc = &a.doc;
        let input = self.input(a);
        let mut events = self.coder.code(&input);
        for ev in &mut events {
            for e in &mut ev.evidence {
                e.start = doc.original_offset(e.start);
                e.end = doc.original_offset(e.end);
            }
        }
        // Claims are assembled after the offsets are mapped, so their evidence points at the
        // input as the events' does.
        let transfers = sitrep_ledger::assemble(&events);
        Record {
            document: DocumentMeta {
                id: doc.id(),
                title: doc.title.clone(),
                published: doc.published.map(|d| d.format("%Y-%m-%d").to_string()),
                dateline: doc.dateline.clone(),
                url: doc.url.clone(),
                source: doc.source.clone(),
                lang: "en".to_owned(),
            },
            events,
            transfers,
            nlp: self.debug_nlp.then(|| debug_nlp(a)),
            warnings: doc.warnings.iter().chain(&self.skipped).cloned().collect(),
        }
    }

    /// Runs the chain over many documents on all cores, keeping input order.
    pub fn extract_batch(&self, inputs: &[(Vec<u8>, LoadOptions)]) -> Vec<Result<Record, Error>> {
        inputs.par_iter().map(|(b, o)| self.extract(b, o)).collect()
    }
}

fn debug_nlp(a: &Analysis) -> serde_json::Value {
    serde_json::to_value(&a.sentences).unwrap_or(serde_json::Value::Null)
}

/// Where committed model files live when not embedded: `$SITREP_MODELS` or `models/`.
pub fn models_dir() -> std::path::PathBuf {
    std::env::var_os("SITREP_MODELS").map_or_else(|| Path::new("models").to_path_buf(), Into::into)
}

#[cfg(test)]
mod tests {
    use super::{Options, Pipeline};
    use sitrep_doc::LoadOptions;

    /// Skipping the entities and the coding of the sentences after the last that may hold an
    /// event changes no record: every fixture article, coded as ingest codes it, gives the
    /// events of the same article with entities recognised in every sentence and coded to the
    /// end (the trace path skips nothing).
    #[test]
    fn skipping_trailing_sentences_changes_no_event() {
        let p = Pipeline::load(&Options::default()).expect("pipeline");
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .expect("fixtures")
            .map(|e| e.expect("entry").path())
            .filter(|f| f.extension().is_some_and(|x| x == "txt"))
            .collect();
        files.sort();
        assert!(files.len() > 50, "fixtures missing in {}", dir.display());
        let mut skipped = 0;
        for f in files {
            let bytes = std::fs::read(&f).expect("read");
            let mut a = p.analyse(&bytes, &LoadOptions::default()).expect("analyse");
            let fast = serde_json::to_value(p.code(&a).events).expect("json");
            let last = (a.sentences.iter()).rposition(|s| p.coder.may_have_events(s, &a.doc.text));
            skipped += a.sentences.len() - last.map_or(0, |l| l + 1);
            for s in &mut a.sentences {
                s.entities.clear();
                for n in &p.entities {
                    n.annotate(s);
                }
            }
            let (mut full, _) = p.coder.explain(&p.input(&a));
            for e in full.iter_mut().flat_map(|ev| &mut ev.evidence) {
                e.start = a.doc.original_offset(e.start);
                e.end = a.doc.original_offset(e.end);
            }
            let full = serde_json::to_value(full).expect("json");
            assert_eq!(fast, full, "{}", f.display());
        }
        // Some fixtures do end on sentences without a trigger word.
        assert!(skipped > 0);
    }
}
