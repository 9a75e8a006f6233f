//! File reading and writing for the CLI: the only place that touches the file system.

use std::io::Write;
use std::path::Path;

/// Why a command failed: the lines for stderr and the exit code.
pub struct Failure {
    pub lines: Vec<String>,
    pub code: u8,
}

impl Failure {
    /// Invalid input: exit code 1.
    pub fn invalid(lines: Vec<String>) -> Failure {
        Failure { lines, code: 1 }
    }

    /// Wrong usage: exit code 2.
    pub fn usage(lines: Vec<String>) -> Failure {
        Failure { lines, code: 2 }
    }
}

/// Reads a UTF-8 text file; a missing file or bad encoding is invalid input naming the file
/// (and, for encoding, the line and column).
pub fn read_text(path: &Path) -> Result<String, Failure> {
    let bytes =
        std::fs::read(path).map_err(|e| Failure::invalid(vec![format!("{}: cannot read: {e}", path.display())]))?;
    eblomlada::json::text_from_bytes(&bytes)
        .map(str::to_owned)
        .map_err(|problem| Failure::invalid(vec![format!("{}: {problem}", path.display())]))
}

/// Writes through a temporary file in the same folder and renames it into place, so a reader
/// never sees a half-written file and a failure leaves any old file intact.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    let fail =
        |what: &str, e: std::io::Error| Failure::invalid(vec![format!("{}: cannot {what}: {e}", path.display())]);
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(|e| fail("create its folder", e))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = std::fs::File::create(&tmp)
        .and_then(|mut f| f.write_all(bytes).and_then(|()| f.sync_all()))
        .and_then(|()| std::fs::rename(&tmp, path));
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(fail("write", e));
    }
    Ok(())
}

/// Prints `text` (and a final newline if it has none) to stdout. A closed pipe (`… | head`) is
/// not an error of ours; any other failure to write (a full disk) is reported, not panicked on.
pub fn print(text: &str) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    let result = out
        .write_all(text.as_bytes())
        .and_then(|()| {
            if text.ends_with('\n') {
                Ok(())
            } else {
                out.write_all(b"\n")
            }
        })
        .and_then(|()| out.flush());
    match result {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Failure::invalid(vec![format!(
            "eblomlada: cannot write to stdout: {e}"
        )])),
        _ => Ok(()),
    }
}

/// `text` with control characters (terminal escape sequences among them) shown as `\u{…}`
/// escapes, for names and other user text printed to a terminal.
pub fn printable(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}
