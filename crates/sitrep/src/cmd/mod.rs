//! One module per area; each owns its arguments and its `run` functions.

pub mod bench;
pub mod coder;
pub mod db;
pub mod demo;
pub mod eval_segment;
pub mod extract;
pub mod kb;
pub mod ledger;
pub mod ner;
pub mod nlp;
pub mod rules;
pub mod serve;

/// The exit code for "done, but some documents failed".
pub const SOME_FAILED: u8 = 1;
