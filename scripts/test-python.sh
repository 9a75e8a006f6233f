#!/usr/bin/env bash
# The Python package's tests, on a fresh machine of this kind (CPython 3.9+ with pip, Rust):
# makes the virtual environment .venv-py (never touches the system interpreter), builds the
# extension wheel with maturin and installs it there, builds the CLI (the property tests compare
# with it), then runs pytest, mypy --strict on the typed usage file, the example notebook
# (headless, nbclient) and the benchmark script (figures only; it never fails on timing).
#   scripts/test-python.sh
# Idempotent; on a warm machine the pip step is skipped and cargo only relinks what changed.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never
export PIP_DISABLE_PIP_VERSION_CHECK=1

VENV=.venv-py
PY="$VENV/bin/python"
REQUIREMENTS=(
  "maturin>=1.10,<2"
  "pytest>=8"
  "hypothesis>=6.100"
  "mypy>=1.10"
  "pandas>=2.0"
  "matplotlib>=3.8"
  "nbclient>=0.10"
  "ipykernel>=6.29"
  "nbformat>=5.10"
  "jsonschema>=4.20"
  "python-docx>=1.1"
  "html5lib>=1.1"
  # Arrow in and out (tests and the benchmark): optional at run time.
  "pyarrow>=14"
  "polars>=1.0"
  "duckdb>=1.1"
)

step() { printf '\n== %s\n' "$*"; }

step "virtual environment $VENV"
if [ ! -x "$PY" ]; then
  python3 -m venv "$VENV"
fi
STAMP="$VENV/.eblomlada-requirements"
WANTED="$(printf '%s\n' "${REQUIREMENTS[@]}")"
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$WANTED" ]; then
  echo "requirements already installed"
else
  "$PY" -m pip install --quiet --upgrade pip
  "$PY" -m pip install --quiet "${REQUIREMENTS[@]}"
  printf '%s\n' "$WANTED" > "$STAMP"
fi

step "build the extension wheel (maturin, release, abi3) and install it into $VENV"
WHEELS=target/wheels-python
rm -rf "$WHEELS"
"$VENV/bin/maturin" build --release --quiet -m bindings-python/Cargo.toml -i "$PY" --out "$WHEELS"
"$PY" -m pip install --quiet --force-reinstall --no-deps "$WHEELS"/eblomlada-*.whl
"$PY" -c 'import eblomlada, sys; print("installed eblomlada", eblomlada.__version__, "from", eblomlada.__file__)'

step "build the CLI for the comparison tests"
cargo build --quiet -p eblomlada-cli
export EBLOMLADA_CLI="$PWD/target/debug/eblomlada"
export EBLOMLADA_REQUIRE_CLI=1

step "pytest"
LOG=target/pytest-python.log
set +e
"$PY" -m pytest bindings-python/tests -q 2>&1 | tee "$LOG"
STATUS=${PIPESTATUS[0]}
set -e

step "mypy --strict on the typed usage file"
ROOT="$PWD"
(cd bindings-python && "$ROOT/$VENV/bin/mypy" --strict --cache-dir "$ROOT/target/mypy-cache" typing_check.py)
"$PY" bindings-python/typing_check.py

step "stubtest: the stubs against the installed module"
"$PY" -m mypy.stubtest eblomlada._eblomlada --allowlist bindings-python/stubtest-allowlist.txt \
  --mypy-config-file /dev/null

step "example notebook, executed headlessly"
"$PY" - <<'EOF'
import time
import nbformat
from nbclient import NotebookClient

path = "bindings-python/examples/analysis.ipynb"
nb = nbformat.read(path, as_version=4)
start = time.perf_counter()
NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": "bindings-python/examples"}}).execute()
errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.get("output_type") == "error"]
assert not errors, errors
print(f"{path}: {sum(c.cell_type == 'code' for c in nb.cells)} code cells ran in {time.perf_counter() - start:.1f} s")
EOF

step "benchmarks (figures only)"
"$PY" bindings-python/benchmarks/bench.py --quick

# pytest's summary line last, so it is the visible result.
echo
grep -E '^(=+ )?[0-9]+ (passed|failed)|(passed|failed|error).* in [0-9.]+s' "$LOG" | tail -n 1 || true
exit "$STATUS"
