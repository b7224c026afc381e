//! Segmentation throughput in MB/s over a news-like corpus, next to a baseline over the same
//! bytes (`str::split_whitespace`, the cheapest possible "tokeniser").
#![allow(missing_docs, clippy::unwrap_used)]

use criterion::{Criterion, Throughput, black_box, criterion_group, criterion_main};
use sitrep_segment::Segmenter;

// One corpus builder serves both benches (doc and segment), so their MB/s figures compare.
#[path = "../../doc/benches/corpus.rs"]
mod corpus;

fn bench(c: &mut Criterion<corpus::CpuTime>) {
    let text = corpus::paragraphs(8 << 20).join("\n\n");
    // Documents of about 4 KB: the pipeline segments one document at a time.
    let mut docs: Vec<&str> = Vec::new();
    let mut st = 0;
    for (i, _) in text.match_indices("\n\n") {
        if i - st > 4000 {
            docs.push(&text[st..i]);
            st = i + 2;
        }
    }
    docs.push(&text[st..]);
    let seg = Segmenter::new();
    let mut g = c.benchmark_group("segment");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.sample_size(10);
    g.bench_function("baseline_split_whitespace", |b| {
        b.iter(|| black_box(text.split_whitespace().count()))
    });
    g.bench_function("segment_spans", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| {
                    black_box(
                        seg.segment_spans(d, std::slice::from_ref(&(0..d.len())))
                            .len(),
                    )
                })
                .sum::<usize>()
        })
    });
    g.bench_function("segment_full_tokens", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| black_box(seg.segment(d, std::slice::from_ref(&(0..d.len()))).len()))
                .sum::<usize>()
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().with_measurement(corpus::CpuTime::default());
    targets = bench
}
criterion_main!(benches);
