//! Knowledge base: states, institutions, people, groups, weapons and places, compiled into matchers; actor resolution.
//!
//! STUB: the knowledge-base work replaces this; `Kb::builtin` and `Kb::with_overlay` stay.

use std::path::Path;

/// Errors loading or merging knowledge-base files.
#[derive(Debug, thiserror::Error)]
pub enum KbError {
    /// A file could not be read.
    #[error("kb: cannot read {path}: {source}")]
    Io {
        /// File.
        path: String,
        /// Cause.
        source: std::io::Error,
    },
}

/// The compiled knowledge base.
#[derive(Debug, Default)]
pub struct Kb {}

impl Kb {
    /// The built-in knowledge base, compiled into the binary.
    pub fn builtin() -> Result<Self, KbError> {
        Ok(Self {})
    }

    /// The built-in knowledge base with a user overlay directory merged over it.
    pub fn with_overlay(_dir: &Path) -> Result<Self, KbError> {
        Self::builtin()
    }
}
