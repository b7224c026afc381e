//! The file-system walk behind [`crate::read_inputs`]: directories recursively, in name order,
//! hidden entries skipped. Owns what the walk trusts: only regular files are opened (a FIFO
//! would block forever, a device never ends), each file and directory is read once by
//! (device, inode) so hard links and symlink loops cost nothing, and nesting is bounded.

use std::collections::HashSet;
use std::fs::{File, Metadata};
use std::path::{Path, PathBuf};

use crate::{Emit, InputError, ReadOptions};

/// Directory levels below an input at most.
const MAX_DEPTH: usize = 64;

/// Where a file lives: device and inode (on Unix), so a file reached twice is read once.
type FileId = (u64, u64);

#[cfg(unix)]
fn file_id(md: &Metadata) -> Option<FileId> {
    use std::os::unix::fs::MetadataExt;
    Some((md.dev(), md.ino()))
}

#[cfg(not(unix))]
fn file_id(_md: &Metadata) -> Option<FileId> {
    None
}

/// State of one walk over all inputs: what was already read.
#[derive(Default)]
pub(crate) struct Walk {
    /// Files and directories already read or entered.
    seen: HashSet<FileId>,
}

/// Why an entry is not read: its type, named for the error message.
fn kind_name(md: &Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = md.file_type();
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
    }
    let _ = md;
    "not a regular file"
}

fn not_regular(key: &str, md: &Metadata) -> InputError {
    InputError::new(
        key,
        "not_regular_file",
        format!(
            "{} is skipped: only regular files are read (use `-` for a pipe)",
            kind_name(md)
        ),
    )
}

/// Opens a regular file without ever blocking: a FIFO put in its place after the check
/// would otherwise hang the open.
fn open_nonblocking(path: &Path) -> std::io::Result<File> {
    let mut o = std::fs::OpenOptions::new();
    o.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.custom_flags(libc::O_NONBLOCK);
    }
    o.open(path)
}

impl Walk {
    /// Reads `path` (a file or a directory tree); `false` when `emit` asked to stop.
    pub(crate) fn path(
        &mut self,
        path: &Path,
        opts: &ReadOptions,
        emit: &mut Emit<'_>,
        depth: usize,
    ) -> bool {
        let key = path.display().to_string();
        // Follows symlinks: a link is read as what it points to, and counted by that.
        let md = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) => return emit(Err(io_error(&key, &e))),
        };
        if md.is_dir() {
            return self.dir(path, &key, &md, opts, emit, depth);
        }
        if !md.is_file() {
            return emit(Err(not_regular(&key, &md)));
        }
        if !self.first_time(&md) {
            return true;
        }
        let file = match open_nonblocking(path) {
            Ok(f) => f,
            Err(e) => return emit(Err(io_error(&key, &e))),
        };
        // What was opened, not what was checked, decides.
        match file.metadata() {
            Ok(m) if m.is_file() => crate::capped(&key, emit, |e| {
                crate::read_file(&key, file, m.len(), opts, e)
            }),
            Ok(m) => emit(Err(not_regular(&key, &m))),
            Err(e) => emit(Err(io_error(&key, &e))),
        }
    }

    /// True the first time a file or directory is met.
    fn first_time(&mut self, md: &Metadata) -> bool {
        file_id(md).is_none_or(|id| self.seen.insert(id))
    }

    fn dir(
        &mut self,
        path: &Path,
        key: &str,
        md: &Metadata,
        opts: &ReadOptions,
        emit: &mut Emit<'_>,
        depth: usize,
    ) -> bool {
        // A directory entered before (a symlink loop, a link to a sibling) has been read.
        if !self.first_time(md) {
            return true;
        }
        if depth > MAX_DEPTH {
            return emit(Err(InputError::new(
                key,
                "io_error",
                "directories nested too deep",
            )));
        }
        let mut entries: Vec<PathBuf> = match std::fs::read_dir(path) {
            Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
            Err(e) => return emit(Err(io_error(key, &e))),
        };
        entries.sort();
        for p in entries {
            let hidden = p
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.'));
            if !hidden && !self.path(&p, opts, emit, depth + 1) {
                return false;
            }
        }
        true
    }
}

fn io_error(key: &str, e: &std::io::Error) -> InputError {
    let code = if e.kind() == std::io::ErrorKind::NotFound {
        "not_found"
    } else {
        "io_error"
    };
    InputError::new(key, code, e.to_string())
}
