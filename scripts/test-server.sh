#!/usr/bin/env bash
# The service's tests (eblomlada-server): real server processes on random 127.0.0.1 ports with real
# SQLite files (API, policy matrix, publishing, concurrency, kill -9, migrations, backup/restore,
# OpenAPI drift), then the bounded load benchmark (figures, 127.0.0.1 only), then the Chromium
# end-to-end test when the browser package (bindings-wasm/build.sh) and Chromium are there.
#   scripts/test-server.sh [--no-browser]
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never

step() { printf '\n== %s\n' "$*"; }

step "server tests (cargo test -p eblomlada-server)"
cargo test -p eblomlada-server --locked

# The debug build (argon2 and SQLite optimised, see the workspace Cargo.toml) keeps CI within its
# time: a release build of the service adds minutes. Its figures are pessimistic; the release
# figures (docs/server.md) come from `cargo bench -p eblomlada-server --bench load`.
step "server load benchmark (debug build; traffic only to 127.0.0.1, about 20 s)"
cargo bench -p eblomlada-server --bench load --profile dev --locked

if [ "${1:-}" != "--no-browser" ]; then
  if [ -f bindings-wasm/pkg/element.js ] && [ -x "${CHROMIUM:-/usr/bin/chromium}" ] && [ -d bindings-wasm/node_modules/playwright-core ]; then
    step "server end to end in Chromium"
    cargo build -p eblomlada-server --locked
    node --test server/tests/browser/
  else
    echo "skipping the Chromium test: needs bindings-wasm/pkg (bindings-wasm/build.sh), Chromium and bindings-wasm/node_modules (scripts/test-wasm.sh installs them)"
    # scripts/test.sh (CI) installs all of it first: there a skip would hide a missing test.
    if [ "${EBLOMLADA_REQUIRE_BROWSER:-0}" = 1 ]; then
      echo "error: EBLOMLADA_REQUIRE_BROWSER=1 and the Chromium end-to-end test cannot run" >&2
      exit 1
    fi
  fi
fi
