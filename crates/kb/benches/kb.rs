//! Load time and scan throughput of the built-in knowledge base.

// criterion's macros generate undocumented functions.
#![allow(missing_docs)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use sitrep_kb::Kb;

fn sample_text() -> String {
    // Own prose, repeated: a mix of mentions and ordinary words.
    let para = "Officials in Seoul said on Tuesday that North Korea had shipped artillery shells \
        and KN-23 missiles to Russia, according to the National Intelligence Service. The Kremlin \
        denied it, while the Pentagon and NATO said the transfers violated UN Security Council \
        resolutions. President Putin met Kim Jong Un in Pyongyang; Ukrainian forces reported \
        Iranian-designed Shahed drones over Kharkiv. The weather was mild and markets were calm, \
        and the minister said talks would continue next week in Geneva.\n";
    para.repeat(200)
}

fn bench(c: &mut Criterion) {
    c.bench_function("kb_builtin_load", |b| {
        b.iter(|| Kb::builtin().map(|k| k.stats().patterns))
    });
    let kb = Kb::shared();
    let text = sample_text();
    let mut g = c.benchmark_group("kb_scan");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("scan", |b| b.iter(|| kb.scan(&text).len()));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
