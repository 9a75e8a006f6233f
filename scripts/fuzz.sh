#!/usr/bin/env bash
# Fuzzes the readers briefly (default 60 s per target, one target after the other): catalogue
# and assessment JSON, the long CSV, version mapping files and group maps (JSON and CSV). Not
# part of CI's default path: needs the nightly toolchain and cargo-fuzz, which this script
# installs.
#   scripts/fuzz.sh [SECONDS] [TARGET…]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(assessment catalogue csv mapping groups)
rustup toolchain list | grep -q nightly || rustup toolchain install nightly --profile minimal
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
for target in "${targets[@]}"; do
  corpus="fuzz/corpus/$target"
  mkdir -p "$corpus"
  case "$target" in
    assessment) cp examples/*.json tests/golden/*.assessment.json "$corpus/" ;;
    catalogue) cp indicators/*.json "$corpus/" ;;
    csv) cargo run --quiet -p eblomlada-cli -- export examples/kumla-2017.json --csv "$corpus/kumla.csv"
         printf 'catalogue,municipality,year,indicator,answer,points,comment\neblomladan-2016,1881,2017,lead-01,fully,3,"\x27=1+1"\n' > "$corpus/formula.csv" ;;
    mapping) cp tests/analysis/fixture-mapping-2016-2099.json "$corpus/" ;;
    groups) printf '{"1881": "B", "0114": "A"}' > "$corpus/map.json"
            printf 'municipality,group,name\n1881,B,Kumla\n0114,A,\n' > "$corpus/map.csv" ;;
  esac
  (cd fuzz && cargo +nightly fuzz run "$target" -- -max_total_time="$seconds" -max_len=65536)
done
