"""Python against the command line on the same files: the same report, the same problems."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any, Dict

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import eblomlada as eb

from conftest import EXAMPLES, Cli, golden_cases, typed_equal

CATALOGUE = eb.Catalogue.builtin()
IDS = [i.id for i in CATALOGUE]
ANSWERS = ["fully", "partly", "not_met"]
TMP = Path(tempfile.mkdtemp(prefix="eblomlada-cli-"))


def write(name: str, text: str) -> Path:
    path = TMP / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("path", [*golden_cases(), *sorted(EXAMPLES.glob("*.json"))], ids=lambda p: p.name)
def test_fixtures_match_the_cli(cli: Cli, path: Path) -> None:
    assert typed_equal(eb.Assessment.from_file(path).score().to_dict(), cli.score(path))
    code, out, _ = cli.run("score", str(path))
    assert code == 0 and out == eb.Assessment.from_file(path).score().to_json() + "\n"


@st.composite
def documents(draw: st.DrawFn) -> Dict[str, Any]:
    chosen = draw(st.lists(st.sampled_from(IDS), unique=True, max_size=88))
    answers: Dict[str, Any] = {}
    for ind in chosen:
        entry: Dict[str, Any] = {"answer": draw(st.sampled_from(ANSWERS))}
        if draw(st.booleans()):
            entry["comment"] = draw(st.text(max_size=30))
        answers[ind] = entry
    doc: Dict[str, Any] = {
        "catalogue": {"id": "eblomladan", "version": "2016"},
        "municipality": draw(st.from_regex(r"\A[0-9]{4}\Z")),
        "year": draw(st.integers(1900, 2200)),
        "answers": answers,
    }
    if draw(st.booleans()):
        doc["name"] = draw(st.text(max_size=20))
    return doc


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=documents(), compact=st.booleans())
def test_random_assessments_score_like_the_cli(cli: Cli, doc: Dict[str, Any], compact: bool) -> None:
    path = write("random.json", json.dumps(doc, ensure_ascii=compact, indent=None if compact else 2))
    python = eb.Assessment.from_file(path).score()
    assert typed_equal(python.to_dict(), cli.score(path))
    code, out, _ = cli.run("score", "--compact", str(path))
    assert code == 0 and out == python.to_json(indent=None) + "\n"


def spoil(draw: st.DrawFn, doc: Dict[str, Any]) -> str:
    """One or more mistakes a person makes in an assessment file."""
    kinds = draw(st.lists(st.sampled_from(
        ["indicator", "answer", "answer-type", "municipality", "year", "year-type", "catalogue", "missing", "comment-type", "extra-dup"]
    ), min_size=1, max_size=3, unique=True))
    answers = doc["answers"]
    for kind in kinds:
        if kind == "indicator":
            answers[draw(st.sampled_from(["lead-99", "Lead-01", "", "elderly 01", "ä"]))] = {"answer": "fully"}
        elif kind == "answer":
            answers[draw(st.sampled_from(IDS))] = {"answer": draw(st.sampled_from(["maybe", "Fully", "", "not met"]))}
        elif kind == "answer-type":
            answers[draw(st.sampled_from(IDS))] = {"answer": draw(st.sampled_from([3, None, ["fully"], True]))}
        elif kind == "municipality":
            doc["municipality"] = draw(st.sampled_from(["188", "Kumla", "18811", ""]))
        elif kind == "year":
            doc["year"] = draw(st.sampled_from([1800, 2300, -1]))
        elif kind == "year-type":
            doc["year"] = "2017"
        elif kind == "catalogue":
            doc["catalogue"] = {"id": "eblomladan", "version": "2016", "extra": 1}
        elif kind == "missing":
            del doc["answers"]
        elif kind == "comment-type":
            answers[draw(st.sampled_from(IDS))] = {"answer": "fully", "comment": 7}
    text = json.dumps(doc, indent=2)
    if "extra-dup" in kinds:
        text = text.replace('"year":', '"year": 2016, "year":', 1)
    return text


@st.composite
def broken(draw: st.DrawFn) -> str:
    return spoil(draw, draw(documents()))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=broken())
def test_invalid_files_report_the_problems_of_the_cli(cli: Cli, text: str) -> None:
    path = write("broken.json", text)
    code, out, err = cli.run("score", str(path))
    try:
        eb.Assessment.from_file(path)
    except eb.InvalidAssessmentError as e:
        assert code == 1, (out, err)
        assert err.splitlines() == [f"{path}: {p}" for p in e.problems]
        assert e.filename == str(path) and str(e).startswith(f"{path}: invalid assessment: ")
    else:
        # Only a year outside the catalogue's years can remain: a warning on both sides.
        assert code == 0, err
        assert all("warning: " in line for line in err.splitlines())
        assert [f"{path}: {p}" for p in eb.Assessment.from_file(path).warnings] == err.splitlines()


def test_non_utf8_like_the_cli(cli: Cli) -> None:
    path = TMP / "latin1.json"
    path.write_bytes(b'{"catalogue": {"id": "eblomladan", "version": "2016"},\n "municipality": "\xd6rebro"}')
    code, _, err = cli.run("score", str(path))
    with pytest.raises(eb.InvalidAssessmentError) as info:
        eb.Assessment.from_file(path)
    assert code == 1 and err.strip() == f"{path}: {info.value.problems[0]}"


def test_catalogue_file_like_the_cli(cli: Cli) -> None:
    path = write("catalogue.json", CATALOGUE.to_json())
    code, out, err = cli.run("validate", str(path))
    assert code == 0 and "catalogue eblomladan-2016 with 88 indicators" in out
    doc = CATALOGUE.to_dict()
    doc["indicators"][3]["area"] = "harbour"
    doc["bands"][1]["min"] = "8/3"
    bad = write("bad-catalogue.json", json.dumps(doc, indent=2))
    code, _, err = cli.run("validate", str(bad))
    with pytest.raises(eb.InvalidCatalogueError) as info:
        eb.Catalogue.from_file(bad)
    assert code == 1 and err.splitlines() == [f"{bad}: {p}" for p in info.value.problems]
