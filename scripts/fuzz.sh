#!/usr/bin/env bash
# Fuzzes catalogue and assessment parsing briefly (default 60 s per target). Not part of CI's
# default path: needs the nightly toolchain and cargo-fuzz, which this script installs.
#   scripts/fuzz.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
rustup toolchain list | grep -q nightly || rustup toolchain install nightly --profile minimal
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
for target in assessment catalogue; do
  corpus="fuzz/corpus/$target"
  mkdir -p "$corpus"
  if [ "$target" = assessment ]; then cp examples/*.json tests/golden/*.assessment.json "$corpus/"; else cp indicators/*.json "$corpus/"; fi
  (cd fuzz && cargo +nightly fuzz run "$target" -- -max_total_time="$seconds" -max_len=65536)
done
