//! What the CLI test files share: the repository root and running the binary there.
#![allow(clippy::unwrap_used, dead_code)]

use std::path::PathBuf;
use std::process::{Command, Output};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Runs `eblomlada ARGS…` in the repository root, without backtraces.
pub fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_eblomlada"))
        .args(args)
        .current_dir(root())
        .env_remove("RUST_BACKTRACE")
        .output()
        .unwrap()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}
