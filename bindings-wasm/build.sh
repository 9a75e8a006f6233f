#!/usr/bin/env bash
# Builds the WebAssembly packages of eblomlada:
#   bindings-wasm/pkg/       browser: ES modules (wasm-bindgen --target web), <eblom-flowerbox>, .d.ts
#   bindings-wasm/pkg/team/  browser: the same API plus team assessments (feature `team`), a second
#                            module loaded on demand, so that pkg/ stays within its budget
#   bindings-wasm/pkg/workbook/  browser: the same API plus the Excel workbook and CSV of one assessment
#                            (feature `workbook`, rust_xlsxwriter), loaded only when a download is asked for
#   bindings-wasm/pkg-node/  Node: CommonJS (wasm-bindgen --target nodejs), .d.ts, team included
# and, from a third build with the cargo features `analysis` and `team` (the same API plus compile, compare,
# diff, plan, CSV and synthetic data, which do not fit the 150 KB budget of pkg/):
#   bindings-wasm/pkg-analysis/       browser, like pkg/
#   bindings-wasm/pkg-analysis-node/  Node, like pkg-node/
#
# Needs the wasm32-unknown-unknown target and the wasm-bindgen CLI of exactly the version pinned
# in bindings-wasm/Cargo.toml (scripts/test-wasm.sh installs both when missing):
#   rustup target add wasm32-unknown-unknown
#   cargo install wasm-bindgen-cli --version <pinned>
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"

pinned="$(sed -n 's/^wasm-bindgen = { version = "=\([0-9.]*\)".*/\1/p' Cargo.toml)"
found="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)"
if [ -z "$pinned" ]; then
  echo "build.sh: cannot read the pinned wasm-bindgen version from Cargo.toml" >&2
  exit 1
fi
if [ "$found" != "$pinned" ]; then
  echo "build.sh: wasm-bindgen CLI $pinned is needed (found: ${found:-none});" >&2
  echo "          cargo install wasm-bindgen-cli --version $pinned" >&2
  exit 1
fi
if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  echo "build.sh: the wasm32-unknown-unknown target is missing; rustup target add wasm32-unknown-unknown" >&2
  exit 1
fi

# Where cargo writes (honours CARGO_TARGET_DIR and .cargo/config) and the package version.
read -r target_dir version < <(cargo metadata --format-version 1 --no-deps --locked |
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const m=JSON.parse(s);
    const p=m.packages.find(p=>p.name==="eblomlada-wasm");console.log(m.target_directory, p.version)})')

# `cargo rustc --crate-type cdylib`: the crate is also an rlib (for Rust users and host tests), and
# building both kinds at once leaves 80 KB more code in the .wasm (4 KB gzip).
wasm="$target_dir/wasm32-unknown-unknown/wasm-release/eblomlada_wasm.wasm"
build() {
  cargo rustc --locked -p eblomlada-wasm "$@" --lib --crate-type cdylib --target wasm32-unknown-unknown --profile wasm-release
}

# --weak-refs: objects JS forgets are freed by FinalizationRegistry (free() stays available).
# No wasm-opt: measured with binaryen 132, -Oz shrinks the raw .wasm by 2 % but grows it
# by 3–15 % once gzipped, and gzip is what is served and budgeted.
flags=(--weak-refs --remove-name-section --remove-producers-section --out-name eblomlada)
# Every build writes the same $wasm: each is packaged before the next build.
echo "== cargo build (wasm32-unknown-unknown, profile wasm-release)"
build
echo "== wasm-bindgen $found: pkg/"
rm -rf pkg pkg-node
wasm-bindgen --target web "${flags[@]}" --out-dir pkg "$wasm"
ls -l pkg/eblomlada_bg.wasm | awk '{print "pkg/eblomlada_bg.wasm: " $5 " bytes"}'

echo "== cargo build --features team (wasm32-unknown-unknown, profile wasm-release)"
build --features team
echo "== wasm-bindgen $found: pkg/team/, pkg-node/"
wasm-bindgen --target web "${flags[@]}" --out-dir pkg/team "$wasm"
wasm-bindgen --target nodejs "${flags[@]}" --out-dir pkg-node "$wasm"
ls -l pkg/team/eblomlada_bg.wasm | awk '{print "pkg/team/eblomlada_bg.wasm: " $5 " bytes"}'

echo "== cargo build --features workbook (wasm32-unknown-unknown, profile wasm-release)"
build --features workbook
echo "== wasm-bindgen $found: pkg/workbook/"
wasm-bindgen --target web "${flags[@]}" --out-dir pkg/workbook "$wasm"
node tools/package.mjs "$version"
ls -l pkg/workbook/eblomlada_bg.wasm | awk '{print "pkg/workbook/eblomlada_bg.wasm: " $5 " bytes"}'

echo "== cargo build --features analysis,team (wasm32-unknown-unknown, profile wasm-release)"
build --features analysis,team
echo "== wasm-bindgen $found: pkg-analysis/, pkg-analysis-node/"
rm -rf pkg-analysis pkg-analysis-node
wasm-bindgen --target web "${flags[@]}" --out-dir pkg-analysis "$wasm"
wasm-bindgen --target nodejs "${flags[@]}" --out-dir pkg-analysis-node "$wasm"
node tools/package.mjs "$version" --analysis
ls -l pkg-analysis/eblomlada_bg.wasm | awk '{print "pkg-analysis/eblomlada_bg.wasm: " $5 " bytes"}'
