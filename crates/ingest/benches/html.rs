//! HTML extraction of a 10 MiB page: plain words, and the same size dense with character
//! entities (one long paragraph of `&amp;`, `&nbsp;`, `&#169;`: the shape that was quadratic
//! in html5ever's serialiser, about a minute before text nodes were bounded). The baseline in
//! the same run is the unbounded path: the page parsed and handed to Readability as it is,
//! which is what `extract` did before `bound_nodes`. Figures are ratios between these.
#![allow(missing_docs, clippy::unwrap_used)]

use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, black_box, criterion_group, criterion_main,
};
use dom_smoothie::{Config, Readability, TextMode};

const BYTES: usize = 10 << 20;

/// A page of about `bytes` bytes whose one paragraph repeats `unit`.
fn page(unit: &str, bytes: usize) -> Vec<u8> {
    format!(
        "<html><head><title>Dense</title></head><body><article><p>{}</p></article></body></html>",
        unit.repeat(bytes / unit.len())
    )
    .into_bytes()
}

/// Readability on the page's tree as parsed, no node bounded (the old path's costly part).
fn unbounded(p: &[u8]) -> usize {
    let html = String::from_utf8_lossy(p);
    let doc = dom_query::Document::from(html.as_ref());
    let cfg = Config {
        text_mode: TextMode::Formatted,
        ..Config::default()
    };
    let mut r = Readability::with_document(doc, None, Some(cfg)).unwrap();
    r.parse().unwrap().text_content.len()
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("html_10MiB");
    // Flat: ten samples of one iteration each, the fewest criterion takes (the baseline runs
    // about a minute per iteration).
    g.sample_size(10).sampling_mode(SamplingMode::Flat);
    g.throughput(Throughput::Bytes(BYTES as u64));
    let plain = page("Shells were delivered to the army. ", BYTES);
    let dense = page("&amp;&nbsp;&#169; ", BYTES);
    g.bench_with_input(BenchmarkId::new("extract", "plain"), &plain, |b, p| {
        b.iter(|| black_box(sitrep_ingest::html::extract(p).unwrap().text.len()))
    });
    g.bench_with_input(BenchmarkId::new("extract", "entities"), &dense, |b, p| {
        b.iter(|| black_box(sitrep_ingest::html::extract(p).unwrap().text.len()))
    });
    g.bench_with_input(BenchmarkId::new("unbounded", "plain"), &plain, |b, p| {
        b.iter(|| black_box(unbounded(p)))
    });
    g.bench_with_input(BenchmarkId::new("unbounded", "entities"), &dense, |b, p| {
        b.iter(|| black_box(unbounded(p)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
