"""The shared golden fixtures (tests/golden): written by an independent Python scorer."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path
from typing import Optional

import pytest

import eblomlada as eb

from conftest import golden_cases, typed_equal

CASES = golden_cases()


def fraction_text(value: Optional[Fraction]) -> Optional[str]:
    """A fraction as the report writes it: "7/3", or "2" for a whole number."""
    if value is None:
        return None
    return str(value)


def test_there_are_golden_cases() -> None:
    assert len(CASES) >= 5


@pytest.mark.parametrize("path", CASES, ids=[p.name.split(".")[0] for p in CASES])
def test_score_to_dict_equals_expected(path: Path) -> None:
    expected_path = path.with_name(path.name.replace(".assessment.json", ".expected.json"))
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    result = eb.Assessment.from_file(path).score().to_dict()
    assert result == expected
    # Same key order and the same JSON types (an int stays an int, a float a float).
    assert typed_equal(result, expected)


@pytest.mark.parametrize("path", CASES, ids=[p.name.split(".")[0] for p in CASES])
def test_score_to_json_is_byte_identical(path: Path) -> None:
    expected_path = path.with_name(path.name.replace(".assessment.json", ".expected.json"))
    text = eb.Assessment.from_file(path).score().to_json()
    assert text == expected_path.read_text(encoding="utf-8").rstrip("\n")


@pytest.mark.parametrize("path", CASES, ids=[p.name.split(".")[0] for p in CASES])
def test_attributes_agree_with_the_report(path: Path) -> None:
    score = eb.Assessment.from_file(path).score()
    report = score.to_dict()
    assert (score.points, score.answered, score.total, score.complete) == (
        report["points"],
        report["answered"],
        report["total"],
        report["complete"],
    )
    assert score.counts == report["counts"]
    assert score.percent == report["percent"]
    for area_id, area in score.areas.items():
        expected = report["areas"][area_id]
        assert area.score == expected["score"]
        assert area.colour == expected["colour"]
        assert area.provisional_score == expected["provisional_score"]
        assert fraction_text(area.score_exact) == expected["score_exact"]
        assert fraction_text(area.provisional_score_exact) == expected["provisional_score_exact"]
        assert area.to_dict() == expected
        for level, mean in area.means.items():
            assert mean == expected[level]
            exact_mean = area.means_exact[level]
            assert (None if exact_mean is None else float(exact_mean)) == mean
    for level_id, level in score.levels.items():
        assert level.mean == report["levels"][level_id]["mean"]
        assert level.to_dict() == report["levels"][level_id]
