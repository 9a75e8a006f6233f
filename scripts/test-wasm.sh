#!/usr/bin/env bash
# The WebAssembly package's tests, on a fresh machine of this kind. Installs what is missing
# (the wasm32 target, the wasm-bindgen CLI of the pinned version, Debian's chromium, the npm
# dev dependencies from bindings-wasm/package-lock.json), then builds bindings-wasm/pkg and
# bindings-wasm/pkg-node (and pkg-analysis/, pkg-analysis-node/ with the feature `analysis`) and the
# command line (the analysis tests compare with its output), runs the Node tests, the browser
# tests in headless Chromium and the size report. Idempotent; exits non-zero on the first failure.
#   scripts/test-wasm.sh                 everything
#   scripts/test-wasm.sh --no-browser    without Chromium (Node tests and size report only)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never
browser=1
for arg in "$@"; do
  case "$arg" in
    --no-browser) browser=0 ;;
    *) echo "usage: scripts/test-wasm.sh [--no-browser]" >&2; exit 2 ;;
  esac
done

step() { printf '\n== %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

step "toolchain: wasm32-unknown-unknown"
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi

pinned="$(sed -n 's/^wasm-bindgen = { version = "=\([0-9.]*\)".*/\1/p' bindings-wasm/Cargo.toml)"
step "wasm-bindgen CLI $pinned"
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$pinned" ]; then
  # --locked first; registry mirrors sometimes lack a locked dependency version, then resolve anew.
  cargo install wasm-bindgen-cli --version "$pinned" --locked ||
    cargo install wasm-bindgen-cli --version "$pinned"
fi
wasm-bindgen --version

if [ "$browser" = 1 ]; then
  step "Chromium"
  if [ ! -x /usr/bin/chromium ]; then
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
  fi
  /usr/bin/chromium --version 2>/dev/null | head -n 1
fi

step "npm dev dependencies (npm ci)"
(
  cd bindings-wasm
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund
  else
    echo "node_modules is up to date with package-lock.json"
  fi
)

step "lints of the wasm32-only code (the workspace clippy sees the host build)"
cargo clippy --locked -p eblomlada-wasm --target wasm32-unknown-unknown -- -D warnings
cargo clippy --locked -p eblomlada-wasm --target wasm32-unknown-unknown --features team -- -D warnings
cargo clippy --locked -p eblomlada-wasm --target wasm32-unknown-unknown --features analysis,team -- -D warnings
cargo clippy --locked -p eblomlada-wasm --target wasm32-unknown-unknown --features workbook -- -D warnings

step "build: bindings-wasm/build.sh"
bindings-wasm/build.sh

step "build: the command line (tests/node/analysis.test.mjs compares with its output)"
cargo build --locked -p eblomlada-cli

step "Node tests (pkg-node, pkg-analysis-node, golden fixtures, errors, analysis, types)"
(cd bindings-wasm && node --test --test-reporter=spec tests/node/)

if [ "$browser" = 1 ]; then
  step "browser tests (headless Chromium, intranet example)"
  (cd bindings-wasm && node --test --test-reporter=spec --test-concurrency=1 tests/browser/)
fi

step "size report"
node bindings-wasm/tools/size-report.mjs

printf '\n== WebAssembly package: all tests passed\n'
