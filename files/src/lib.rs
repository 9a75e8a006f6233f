//! Safe file writing and bounded reading, shared by every eblomlada front end (the CLI, the
//! Python binding, the server). The core crate stays pure and never depends on this crate.
//!
//! * [`write`] replaces a regular file through a temporary file with an unguessable name,
//!   created exclusively in the target's folder (so a symbolic link planted there is never
//!   followed), flushed to disk and renamed over the target: a reader sees the old file or the
//!   new one, never half of one, and writers racing on one path each leave a whole file (the
//!   last rename wins). An existing target keeps its permission bits. A target that is not a
//!   regular file (`-` for stdout, `/dev/stdout`, a FIFO, a device node) is written to
//!   directly, never replaced; a folder is refused ([`WriteError::IsFolder`]).
//! * [`write_folder`] writes many files all-or-nothing: into a staging folder beside the
//!   target (named `.NAME.eblomlada-staging-XXXXXX`, so it is never mistaken for output),
//!   then moved into place.
//! * [`read`] reads a file up to a size limit ([`DEFAULT_READ_LIMIT`] unless raised), so that
//!   `/dev/zero` or a huge file cannot exhaust memory.
//!
//! ```
//! let dir = tempfile::tempdir().unwrap();
//! let path = dir.path().join("out.json");
//! eblomlada_files::write(&path, b"{}\n").unwrap();
//! assert_eq!(eblomlada_files::read(&path, eblomlada_files::DEFAULT_READ_LIMIT).unwrap(), b"{}\n");
//! ```

use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// The default limit of [`read`]: 64 MiB, far beyond any real catalogue, assessment or national
/// CSV (the 290 municipalities × 10 years × 90 indicators long CSV is about 3 MB).
pub const DEFAULT_READ_LIMIT: u64 = 64 * 1024 * 1024;

/// Why a file could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WriteError {
    /// The target is a folder: a usage error of the caller.
    #[error("{}: is a folder; expected a file name", .path.display())]
    IsFolder {
        /// The target.
        path: PathBuf,
    },
    /// The file system refused.
    #[error("{}: cannot {what}: {source}", .path.display())]
    Io {
        /// The file or folder concerned.
        path: PathBuf,
        /// What was being done, e.g. "write".
        what: &'static str,
        /// The operating system's reason.
        source: std::io::Error,
    },
}

/// Why a file could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReadError {
    /// Larger than the limit.
    #[error("{}: the file is larger than the limit of {}", .path.display(), human(*.limit))]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// The limit in bytes.
        limit: u64,
    },
    /// The file system refused.
    #[error("{}: cannot read: {source}", .path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
}

fn human(bytes: u64) -> String {
    if bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0 {
        format!("{} MiB ({bytes} bytes)", bytes / (1024 * 1024))
    } else {
        format!("{bytes} bytes")
    }
}

/// `path` names stdout: `-`.
pub fn is_stdout(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Reads at most `limit` bytes of `path` (`-` reads stdin); a longer input is
/// [`ReadError::TooLarge`], found without reading more than `limit + 1` bytes.
pub fn read(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let io = |source| ReadError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut bytes = Vec::new();
    if is_stdout(path) {
        std::io::stdin()
            .lock()
            .take(limit.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(io)?;
    } else {
        let file = File::open(path).map_err(io)?;
        // A file that says it is too large is refused before anything is read.
        if let Ok(meta) = file.metadata() {
            if meta.is_file() && meta.len() > limit {
                return Err(ReadError::TooLarge {
                    path: path.to_path_buf(),
                    limit,
                });
            }
            if meta.is_dir() {
                return Err(io(std::io::Error::other("is a folder")));
            }
        }
        file.take(limit.saturating_add(1)).read_to_end(&mut bytes).map_err(io)?;
    }
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge {
            path: path.to_path_buf(),
            limit,
        });
    }
    Ok(bytes)
}

fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// Writes `bytes` to `path` safely (see the crate documentation). Like `open()`, a missing
/// folder is an error (`NotFound`); [`write_creating_folders`] creates it first. A closed
/// stdout pipe (`… | head`) is not an error.
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let io = |what: &'static str, source: std::io::Error| WriteError::Io {
        path: path.to_path_buf(),
        what,
        source,
    };
    if is_stdout(path) {
        let mut out = std::io::stdout().lock();
        return match out.write_all(bytes).and_then(|()| out.flush()) {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(io("write to stdout", e)),
            _ => Ok(()),
        };
    }
    // Follows symbolic links: `/dev/stdout` is a link to the process's descriptor.
    let existing = std::fs::metadata(path).ok();
    if let Some(meta) = &existing {
        if meta.is_dir() {
            return Err(WriteError::IsFolder {
                path: path.to_path_buf(),
            });
        }
        if !meta.is_file() {
            // A FIFO, a device, a terminal: replacing it would break what it stands for.
            let mut target = OpenOptions::new().write(true).open(path).map_err(|e| io("open", e))?;
            return match target.write_all(bytes).and_then(|()| target.flush()) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(io("write", e)),
                _ => Ok(()),
            };
        }
    }
    let dir = folder_of(path);
    // A missing or unreadable folder is reported as the system says it (errno kept), before
    // tempfile wraps the error in one of its own.
    std::fs::metadata(dir).map_err(|e| io("write", e))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    // A new file gets the usual 0666 less the umask, like `File::create`, not tempfile's 0600.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir).map_err(|e| io("create a temporary file", e))?;
    if let Some(meta) = &existing {
        tmp.as_file()
            .set_permissions(meta.permissions())
            .map_err(|e| io("keep its permissions", e))?;
    }
    tmp.write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| io("write", e))?;
    // On failure the temporary file is removed when `PersistError` drops it.
    tmp.persist(path).map_err(|e| io("rename into place", e.error))?;
    Ok(())
}

/// [`write`], creating the target's folder (and its parents) first when missing.
pub fn write_creating_folders(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    if !is_stdout(path) {
        let dir = folder_of(path);
        std::fs::create_dir_all(dir).map_err(|source| WriteError::Io {
            path: path.to_path_buf(),
            what: "create its folder",
            source,
        })?;
    }
    write(path, bytes)
}

/// The part of a staging folder's name after the target's name.
pub const STAGING_MARK: &str = ".eblomlada-staging-";

/// Writes every `(name, bytes)` into folder `dir`, all or nothing: the files are written and
/// flushed into a staging folder beside `dir` first (`.DIR.eblomlada-staging-XXXXXX`, removed
/// on any failure), then moved into place. A missing or empty `dir` is replaced by the staging
/// folder in one rename; into a folder that already holds files, each file is renamed in
/// (each rename is atomic and cannot run out of space, so a full disk or a bad row leaves the
/// folder as it was). Names must be plain file names (no `/`).
pub fn write_folder(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<(), WriteError> {
    let io = |path: &Path, what: &'static str, source: std::io::Error| WriteError::Io {
        path: path.to_path_buf(),
        what,
        source,
    };
    if let Ok(meta) = std::fs::metadata(dir) {
        if !meta.is_dir() {
            return Err(io(dir, "write into it", std::io::Error::other("not a folder")));
        }
    }
    for (name, _) in files {
        if name.is_empty() || name.contains(['/', '\\']) || name == "." || name == ".." {
            return Err(io(
                dir,
                "write into it",
                std::io::Error::new(std::io::ErrorKind::InvalidInput, format!("bad file name {name:?}")),
            ));
        }
    }
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(parent).map_err(|e| io(parent, "create its folder", e))?;
    let base = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".to_owned());
    let prefix = format!(".{base}{STAGING_MARK}");
    let staging = tempfile::Builder::new()
        .prefix(&prefix)
        .tempdir_in(parent)
        .map_err(|e| io(parent, "create a staging folder", e))?;
    for (name, bytes) in files {
        let path = staging.path().join(name);
        File::create(&path)
            .and_then(|mut f| f.write_all(bytes).and_then(|()| f.sync_all()))
            .map_err(|e| io(&dir.join(name), "write", e))?;
    }
    let empty = match std::fs::read_dir(dir) {
        Ok(mut entries) => entries.next().is_none(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => true,
        Err(e) => return Err(io(dir, "read the folder", e)),
    };
    if empty {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // tempdir makes 0700; output folders are for others to read too (less the umask
            // cannot be applied after the fact, so 0755 like `mkdir` under the usual umask).
            let _ = std::fs::set_permissions(staging.path(), std::fs::Permissions::from_mode(0o755));
        }
        let staged = staging.keep();
        // rename(2) replaces an empty folder atomically; a missing one is simply created.
        if let Err(e) = std::fs::rename(&staged, dir) {
            let _ = std::fs::remove_dir_all(&staged);
            return Err(io(dir, "move the staging folder into place", e));
        }
        return Ok(());
    }
    for (name, _) in files {
        std::fs::rename(staging.path().join(name), dir.join(name))
            .map_err(|e| io(&dir.join(name), "move into place", e))?;
    }
    Ok(())
}
