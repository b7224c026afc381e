//! The NLP and coding stages one by one, over the same news-like documents, in MB/s of document
//! text: segmentation (the baseline every other stage is a multiple of), tagging, parsing,
//! entity recognition, coding of analysed documents (with the parse left to the coder, as in
//! the pipeline), and the whole chain from bytes to records. One thread; CPU time.
#![allow(missing_docs, clippy::unwrap_used)]

use criterion::{Criterion, Throughput, black_box, criterion_group, criterion_main};
use sitrep_doc::LoadOptions;
use sitrep_nlp::{Annotator, Sentence};
use sitrep_pipeline::{Options, Pipeline};
use sitrep_segment::Segmenter;

#[path = "../../doc/benches/corpus.rs"]
mod corpus;

/// Documents of about 3 KB, 400 KB in all.
fn documents() -> Vec<String> {
    let mut docs = Vec::new();
    let mut cur = String::new();
    for p in corpus::paragraphs(400_000) {
        cur.push_str(&p);
        cur.push_str("\n\n");
        if cur.len() > 3000 {
            docs.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        docs.push(cur);
    }
    docs
}

fn segment_all(seg: &Segmenter, docs: &[String]) -> Vec<Vec<Sentence>> {
    docs.iter()
        .map(|d| seg.segment(d, std::slice::from_ref(&(0..d.len()))))
        .collect()
}

fn bench(c: &mut Criterion<corpus::CpuTime>) {
    let docs = documents();
    let bytes: usize = docs.iter().map(String::len).sum();
    let seg = Segmenter::new();
    let tagger = sitrep_tagger::Tagger::builtin().unwrap().first_pass_only();
    let parser = sitrep_parser::Parser::builtin().unwrap();
    let ner = sitrep_ner::Ner::builtin().unwrap();
    let pipeline = Pipeline::load(&Options::default()).unwrap();
    let sentences = segment_all(&seg, &docs);
    let mut tagged = sentences.clone();
    for s in tagged.iter_mut().flatten() {
        tagger.annotate(s);
    }
    let opts = LoadOptions::default();
    let analysed: Vec<_> = docs
        .iter()
        .map(|d| pipeline.analyse(d.as_bytes(), &opts).unwrap())
        .collect();

    let mut g = c.benchmark_group("stages");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(10);
    g.bench_function("segment_baseline", |b| {
        b.iter(|| black_box(segment_all(&seg, &docs).len()));
    });
    // Each stage on every sentence, so that the figures compare; the pipeline itself tags only
    // sentences with a trigger word and parses only as far as the coder reads.
    for (name, input, stage) in [
        ("tag", &sentences, &tagger as &dyn Annotator),
        ("parse", &tagged, &parser),
        ("ner", &sentences, &ner),
    ] {
        g.bench_function(name, |b| {
            b.iter_batched(
                || input.clone(),
                |mut ss| {
                    for s in ss.iter_mut().flatten() {
                        stage.annotate(s);
                    }
                    ss
                },
                criterion::BatchSize::LargeInput,
            );
        });
    }
    g.bench_function("code", |b| {
        b.iter(|| {
            analysed
                .iter()
                .map(|a| pipeline.code(a).events.len())
                .sum::<usize>()
        });
    });
    g.bench_function("pipeline", |b| {
        b.iter(|| {
            docs.iter()
                .filter_map(|d| pipeline.extract(d.as_bytes(), &opts).ok())
                .map(|r| r.events.len())
                .sum::<usize>()
        });
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().with_measurement(corpus::CpuTime::default());
    targets = bench
}
criterion_main!(benches);
