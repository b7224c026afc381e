//! The built-in example articles (written for sitrep, in `examples/`), embedded so that `demo`
//! and the benchmarks run from the binary alone.

/// (file name, text) of each built-in example.
pub const EXAMPLES: [(&str, &str); 3] = [
    (
        "caspian-drones.txt",
        include_str!("../../../examples/caspian-drones.txt"),
    ),
    (
        "sudan-panel.txt",
        include_str!("../../../examples/sudan-panel.txt"),
    ),
    (
        "k2-tank-order.txt",
        include_str!("../../../examples/k2-tank-order.txt"),
    ),
];
