//! Document loading throughput in MB/s over news-like pages (headline, date line, share
//! buttons, byline, dateline, paragraphs, a "Read more" line), next to a baseline over the
//! same bytes (counting lines with memchr, the least any loader must do).
#![allow(missing_docs, clippy::unwrap_used)]

use criterion::{Criterion, Throughput, black_box, criterion_group, criterion_main};
use sitrep_doc::{Document, LoadOptions};

mod corpus;

fn pages(target: usize) -> Vec<Vec<u8>> {
    let paras = corpus::paragraphs(target);
    paras
        .chunks(6)
        .enumerate()
        .map(|(i, ps)| {
            let mut s = format!(
                "Officials Weigh New Measures in Round {i}\n\nThu Nov 02 2023\nicon-linkedin icon-email icon-print\n\nBy Jane Doe\n\nSEOUL: "
            );
            for p in ps {
                s.push_str(p);
                s.push_str("\n\n");
            }
            s.push_str("Read more: Related coverage\n\nAdvertisement\n");
            s.into_bytes()
        })
        .collect()
}

fn bench(c: &mut Criterion<corpus::CpuTime>) {
    let docs = pages(8 << 20);
    let bytes: usize = docs.iter().map(Vec::len).sum();
    let opts = LoadOptions::default();
    let mut g = c.benchmark_group("doc");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(10);
    g.bench_function("baseline_memchr_lines", |b| {
        b.iter(|| {
            black_box(
                docs.iter()
                    .map(|d| memchr::memchr_iter(b'\n', d).count())
                    .sum::<usize>(),
            )
        })
    });
    g.bench_function("load", |b| {
        b.iter(|| {
            black_box(
                docs.iter()
                    .map(|d| Document::load(d, &opts).unwrap().body.len())
                    .sum::<usize>(),
            )
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
