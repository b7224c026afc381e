//! Development helper: quick single-run throughput of the segmenter on a treebank's text
//! (`cargo run --release -p sitrep-segment --example throughput FILE.conllu`).
#![allow(clippy::print_stdout, clippy::unwrap_used, missing_docs)]

/// CPU time this thread has run, in seconds (wall time misleads on a shared machine).
fn cpu() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0.0, |ns| ns / 1e9)
}

struct Instant(f64);

impl Instant {
    fn now() -> Self {
        Self(cpu())
    }
    fn elapsed(&self) -> std::time::Duration {
        std::time::Duration::from_secs_f64(cpu() - self.0)
    }
}

fn main() {
    let path = std::env::args().nth(1).expect("treebank path");
    let t = std::fs::read_to_string(path).unwrap();
    let one: Vec<&str> = t
        .lines()
        .filter_map(|l| l.strip_prefix("# text = "))
        .collect();
    let mut text = String::new();
    while text.len() < 16 << 20 {
        for c in one.chunks(5) {
            text.push_str(&c.join(" "));
            text.push_str("\n\n");
        }
    }
    let seg = sitrep_segment::Segmenter::new();
    let mb = text.len() as f64 / 1e6;
    // Documents of about 4 KB, as the pipeline segments one document at a time.
    let mut docs: Vec<std::ops::Range<usize>> = Vec::new();
    let mut st = 0;
    for (i, _) in text.match_indices("\n\n") {
        if i - st > 4000 {
            docs.push(st..i);
            st = i + 2;
        }
    }
    for _ in 0..3 {
        let s = Instant::now();
        let n = text.split_whitespace().count();
        let b = s.elapsed().as_secs_f64();
        let s = Instant::now();
        let k: usize = docs
            .iter()
            .map(|d| {
                seg.segment_spans(&text[d.clone()], std::slice::from_ref(&(0..d.len())))
                    .len()
            })
            .sum();
        let sp = s.elapsed().as_secs_f64();
        let s = Instant::now();
        let k2: usize = docs
            .iter()
            .map(|d| {
                seg.segment(&text[d.clone()], std::slice::from_ref(&(0..d.len())))
                    .len()
            })
            .sum();
        let full = s.elapsed().as_secs_f64();
        println!(
            "baseline {:.0} MB/s ({n})  spans {:.1} MB/s ({k})  full {:.1} MB/s ({k2})",
            mb / b,
            mb / sp,
            mb / full
        );
    }
}
