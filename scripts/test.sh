#!/usr/bin/env bash
# Every test of the project, on a fresh machine of this kind: installs what it needs first.
#   scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never

step() { printf '\n== %s\n' "$*"; }

step "toolchain components"
rustup component add rustfmt clippy >/dev/null 2>&1 || true

step "formatting and lints"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --all-features --locked -- -D warnings

step "golden fixtures are up to date with their independent generator"
python3 tests/golden/generate.py --check
python3 tests/team/generate.py --check

step "Rust tests (core, CLI, doc examples; the server's run in their own step)"
cargo test --workspace --all-features --locked --exclude eblomlada-server

step "Python package (virtual environment, wheel, pytest, mypy, notebook, benchmarks)"
scripts/test-python.sh

step "WebAssembly package (wasm32 target, wasm-bindgen CLI, Chromium, npm; Node and browser tests, size report)"
scripts/test-wasm.sh

step "The service (server tests on 127.0.0.1, load benchmark, Chromium end to end)"
EBLOMLADA_REQUIRE_BROWSER=1 scripts/test-server.sh
