//! Loading both committed models must stay under 200 ms. Kept in its own test binary so the
//! other model tests (which run in parallel threads) do not compete with it for the CPU.
#![allow(clippy::unwrap_used)]

use std::time::Instant;

use sitrep_parser::Parser;
use sitrep_tagger::Tagger;

#[test]
fn loads_fast() {
    // Best of three, so a momentarily busy machine does not fail the test.
    let mut best = f64::MAX;
    for _ in 0..3 {
        let t0 = Instant::now();
        let t = Tagger::builtin().unwrap();
        let p = Parser::builtin().unwrap();
        best = best.min(t0.elapsed().as_secs_f64());
        assert!(t.num_features().0 > 0 && p.num_features().0 > 0);
    }
    assert!(best < 0.2, "loading both models took {best:.3}s");
}
