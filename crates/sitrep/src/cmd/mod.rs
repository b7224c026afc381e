//! One module per area; each owns its arguments and its `run` functions. This module owns the
//! exit codes and the coded failure every command ends with (README, "Exit codes").

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
/// The exit code for a usage error: bad arguments or filter values (clap uses it too).
pub const USAGE: u8 = 2;
/// The exit code for a fatal error: the store unavailable or full, an output not writable.
pub const FATAL: u8 = 3;

/// A command's failure: a stable code, the exit status it ends the process with, and why.
#[derive(Debug)]
pub struct Failure {
    /// Stable machine-readable code, e.g. `store_busy`.
    pub code: String,
    /// [`USAGE`] or [`FATAL`].
    pub exit: u8,
    /// Human-readable reason.
    pub message: String,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for Failure {}

/// A usage error (exit 2) with its code.
pub fn usage(code: &str, message: impl Into<String>) -> anyhow::Error {
    Failure {
        code: code.to_owned(),
        exit: USAGE,
        message: message.into(),
    }
    .into()
}

/// The one document a command was given failed (exit 1), with its code.
pub fn doc_failed(code: &str, message: impl Into<String>) -> anyhow::Error {
    Failure {
        code: code.to_owned(),
        exit: SOME_FAILED,
        message: message.into(),
    }
    .into()
}

/// A fatal error (exit 3) with its code.
pub fn fatal(code: &str, message: impl Into<String>) -> anyhow::Error {
    Failure {
        code: code.to_owned(),
        exit: FATAL,
        message: message.into(),
    }
    .into()
}

/// A store error: a malformed query is the user's (exit 2), anything else fatal (exit 3).
pub fn store_err(e: sitrep_store::StoreError) -> anyhow::Error {
    if let sitrep_store::StoreError::Io(io) = e {
        // Kept as the source, so a closed pipe is still recognised as one.
        return anyhow::Error::new(io).context(Failure {
            code: "output_failed".to_owned(),
            exit: FATAL,
            message: "writing the output".to_owned(),
        });
    }
    let exit = if matches!(
        e,
        sitrep_store::StoreError::BadQuery(_) | sitrep_store::StoreError::FormatUnavailable(_)
    ) {
        USAGE
    } else {
        FATAL
    };
    Failure {
        code: e.code().to_owned(),
        exit,
        message: e.to_string(),
    }
    .into()
}

/// An error writing to `path` (an output file or picture), coded `output_failed`.
pub fn output_err(path: &std::path::Path, e: std::io::Error) -> anyhow::Error {
    fatal("output_failed", format!("{}: {e}", path.display()))
}

/// The exit status and message for a failed command; `None` when the failure is only a closed
/// standard output (`sitrep query | head`), which is not an error.
pub fn failure_exit(e: &anyhow::Error) -> Option<(u8, String)> {
    let broken_pipe = e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    });
    if broken_pipe {
        return None;
    }
    let coded = e
        .downcast_ref::<Failure>()
        .or_else(|| e.chain().find_map(|c| c.downcast_ref::<Failure>()));
    match coded {
        Some(f) => Some((f.exit, format!("{e:#}"))),
        None => Some((FATAL, format!("error: {e:#}"))),
    }
}
