//! The benchmark corpus: the `# text` lines of the shared UD treebanks (when `SITREP_SHARED`
//! or `../shared` next to the workspace exists), grouped into paragraphs and repeated to
//! `target` bytes; otherwise news-like prose from a small deterministic generator.

use std::path::PathBuf;

fn shared() -> Option<PathBuf> {
    let p = std::env::var_os("SITREP_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared")));
    p.join("data").is_dir().then_some(p)
}

fn treebank_sentences() -> Vec<String> {
    let Some(root) = shared() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for f in [
        "UD_English-PUD/en_pud-ud-test.conllu",
        "UD_English-EWT/en_ewt-ud-train.conllu",
        "UD_English-GUM/en_gum-ud-train.conllu",
    ] {
        if let Ok(t) = std::fs::read_to_string(root.join("data").join(f)) {
            out.extend(
                t.lines()
                    .filter_map(|l| l.strip_prefix("# text = "))
                    .map(str::to_owned),
            );
        }
    }
    out
}

fn generated_sentences(n: usize) -> Vec<String> {
    const SUBJ: &[&str] = &[
        "The ministry",
        "Gen. Park",
        "A U.S. official",
        "Kyiv’s mayor",
        "The U.N. envoy",
        "Russia’s army",
        "Local media",
        "Mr. Lee",
        "The coalition",
        "Seoul’s spy agency",
    ];
    const VERB: &[&str] = &[
        "said",
        "denied",
        "reported",
        "confirmed",
        "didn't confirm",
        "warned",
        "estimated",
        "announced",
        "can't verify",
        "accused",
    ];
    const OBJ: &[&str] = &[
        "that 1,000 shells had crossed the border on Nov. 3",
        "a $820 million arms package of 152-mm rounds",
        "the long-range drone strikes near the port",
        "“serious violations” of the ceasefire",
        "the talks in Geneva (see https://example.org/talks)",
        "that 7.62x39mm ammunition was shipped by sea",
        "the non-binding resolution adopted at 10 a.m.",
        "what it called a provocation",
    ];
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = |m: usize| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x % m as u64) as usize
    };
    (0..n)
        .map(|_| {
            format!(
                "{} {} {}.",
                SUBJ[next(SUBJ.len())],
                VERB[next(VERB.len())],
                OBJ[next(OBJ.len())]
            )
        })
        .collect()
}

/// Paragraphs of about five sentences each, at least `target` bytes in all.
pub fn paragraphs(target: usize) -> Vec<String> {
    let mut sents = treebank_sentences();
    if sents.is_empty() {
        sents = generated_sentences(20_000);
    }
    let mut out = Vec::new();
    let mut total = 0;
    'outer: loop {
        for chunk in sents.chunks(5) {
            let p = chunk.join(" ");
            total += p.len() + 2;
            out.push(p);
            if total >= target {
                break 'outer;
            }
        }
    }
    out
}

/// Criterion measurement of this thread's CPU time (from `/proc/thread-self/schedstat`,
/// falling back to wall time elsewhere): on a shared machine wall time counts other
/// processes' work, CPU time only ours.
pub struct CpuTime(criterion::measurement::WallTime);

impl Default for CpuTime {
    fn default() -> Self {
        Self(criterion::measurement::WallTime)
    }
}

fn thread_cpu() -> Option<std::time::Duration> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = s.split_whitespace().next()?.parse().ok()?;
    Some(std::time::Duration::from_nanos(ns))
}

impl criterion::measurement::Measurement for CpuTime {
    type Intermediate = (Option<std::time::Duration>, std::time::Instant);
    type Value = std::time::Duration;

    fn start(&self) -> Self::Intermediate {
        (thread_cpu(), std::time::Instant::now())
    }

    fn end(&self, i: Self::Intermediate) -> Self::Value {
        match (i.0, thread_cpu()) {
            (Some(a), Some(b)) => b.saturating_sub(a),
            _ => i.1.elapsed(),
        }
    }

    fn add(&self, v1: &Self::Value, v2: &Self::Value) -> Self::Value {
        *v1 + *v2
    }

    fn zero(&self) -> Self::Value {
        std::time::Duration::ZERO
    }

    fn to_f64(&self, value: &Self::Value) -> f64 {
        value.as_nanos() as f64
    }

    fn formatter(&self) -> &dyn criterion::measurement::ValueFormatter {
        self.0.formatter()
    }
}
