"""Shared fixtures: the repository's golden files and the command-line binary."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import pytest
from hypothesis import settings
from hypothesis.database import DirectoryBasedExampleDatabase

import eblomlada as eb

REPO = Path(__file__).resolve().parents[2]
GOLDEN = REPO / "tests" / "golden"
EXAMPLES = REPO / "examples"

# Keep hypothesis' example database out of the source tree (target/ is ignored by git).
settings.register_profile(
    "eblomlada", database=DirectoryBasedExampleDatabase(str(REPO / "target" / "hypothesis")), print_blob=True
)
settings.load_profile("eblomlada")


def golden_cases() -> List[Path]:
    """Every golden assessment, sorted by name."""
    return sorted(GOLDEN.glob("*.assessment.json"))


class Cli:
    """Runs the `eblomlada` binary."""

    def __init__(self, path: str) -> None:
        self.path = path

    def run(self, *args: str) -> Tuple[int, str, str]:
        proc = subprocess.run(
            [self.path, *args], capture_output=True, text=True, encoding="utf-8", timeout=60
        )
        return proc.returncode, proc.stdout, proc.stderr

    def score(self, file: Path) -> Dict[str, Any]:
        code, out, err = self.run("score", str(file))
        assert code == 0, err
        return json.loads(out)  # type: ignore[no-any-return]


def _find_cli() -> Optional[str]:
    explicit = os.environ.get("EBLOMLADA_CLI")
    if explicit:
        if not os.access(explicit, os.X_OK):
            raise RuntimeError(f"EBLOMLADA_CLI={explicit} is not an executable file")
        return explicit
    for profile in ("debug", "release"):
        candidate = REPO / "target" / profile / "eblomlada"
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return None


@pytest.fixture(scope="session")
def cli() -> Cli:
    """The CLI binary; EBLOMLADA_CLI names it (scripts/test-python.sh builds and sets it).

    With EBLOMLADA_REQUIRE_CLI=1 a missing binary fails the tests instead of skipping them.
    """
    path = _find_cli()
    if path is None:
        message = (
            "the eblomlada CLI binary was not found: run `cargo build -p eblomlada-cli` "
            "and set EBLOMLADA_CLI=target/debug/eblomlada"
        )
        if os.environ.get("EBLOMLADA_REQUIRE_CLI") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return Cli(path)


@pytest.fixture(scope="session")
def catalogue() -> eb.Catalogue:
    return eb.Catalogue.builtin("eblomladan-2016")


@pytest.fixture()
def kumla() -> eb.Assessment:
    # The Kumla-like golden fixture (the example follows the Kumla report since issue 11).
    return eb.Assessment.from_file(GOLDEN / "kumla-2017.assessment.json")


def typed_equal(a: Any, b: Any) -> bool:
    """Equality that also requires the same types (1 != 1.0) and the same key order."""
    return json.dumps(a, ensure_ascii=False) == json.dumps(b, ensure_ascii=False) and a == b
