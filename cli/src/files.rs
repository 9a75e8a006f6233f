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

/// The input size limit of `--max-input-bytes`, set once by `main` before any command runs.
static MAX_INPUT_BYTES: std::sync::OnceLock<u64> = std::sync::OnceLock::new();

/// Sets the input size limit (the `--max-input-bytes` option).
pub fn set_max_input_bytes(limit: u64) {
    let _ = MAX_INPUT_BYTES.set(limit);
}

fn max_input_bytes() -> u64 {
    MAX_INPUT_BYTES
        .get()
        .copied()
        .unwrap_or(eblomlada_files::DEFAULT_READ_LIMIT)
}

/// Reads a UTF-8 text file of at most `--max-input-bytes`; a missing file, a larger one or bad
/// encoding is invalid input naming the file (and, for encoding, the line and column).
pub fn read_text(path: &Path) -> Result<String, Failure> {
    let bytes = eblomlada_files::read(path, max_input_bytes()).map_err(|e| {
        let mut line = e.to_string();
        if matches!(e, eblomlada_files::ReadError::TooLarge { .. }) {
            line.push_str("; raise the limit with --max-input-bytes N");
        }
        Failure::invalid(vec![line])
    })?;
    let text = eblomlada::json::text_from_bytes(&bytes)
        .map(str::to_owned)
        .map_err(|problem| Failure::invalid(vec![format!("{}: {problem}", path.display())]))?;
    Ok(text)
}

/// Writes a file safely (eblomlada-files: an unguessable temporary file renamed into place,
/// permissions kept, `-`/FIFOs/devices written directly); a folder as target is a usage error.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    eblomlada_files::write_creating_folders(path, bytes).map_err(write_failure)
}

/// Writes many files into a folder, all or nothing.
pub fn write_folder(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<(), Failure> {
    eblomlada_files::write_folder(dir, files).map_err(write_failure)
}

fn write_failure(e: eblomlada_files::WriteError) -> Failure {
    let line = e.to_string();
    match e {
        eblomlada_files::WriteError::IsFolder { .. } => Failure::usage(vec![line]),
        _ => Failure::invalid(vec![line]),
    }
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
