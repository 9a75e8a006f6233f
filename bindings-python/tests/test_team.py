"""Team assessments: contributions, the merge, the team report (tests/team golden fixtures)."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any, Dict, List

import pytest

import eblomlada as eb

from conftest import REPO

TEAM = REPO / "tests" / "team"
CASES = sorted(p for p in TEAM.iterdir() if p.is_dir())


def load(case: Path) -> List[eb.Contribution]:
    return [eb.Contribution.from_file(p) for p in sorted(case.glob("contribution-*.json"))]


def decisions_of(case: Path) -> Dict[str, Any]:
    path = case / "decisions.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def test_there_are_team_cases() -> None:
    assert [c.name for c in CASES] == ["kumla-team", "one-full"]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
@pytest.mark.parametrize("policy", ["open", "lowest", "median"])
def test_golden_merge(case: Path, policy: str) -> None:
    contributions = load(case)
    want_merged = json.loads((case / f"expected.{policy}.merged.json").read_text(encoding="utf-8"))
    want_report = json.loads((case / f"expected.{policy}.report.json").read_text(encoding="utf-8"))
    for seed in range(3):
        order = contributions[:]
        random.Random(seed).shuffle(order)
        merged, report = eb.merge(order, decisions=decisions_of(case) or None, policy=policy)
        assert isinstance(merged, eb.Assessment)
        assert merged.to_dict() == want_merged
        assert report.to_dict() == want_report
        assert report.open == want_report["open"]
        assert report.policy == policy


def test_decisions_in_every_accepted_shape() -> None:
    contributions = load(TEAM / "kumla-team")
    _, report = eb.merge(contributions)
    disputed = report.open[0]
    for decisions in (
        {disputed: "partly"},
        {disputed: {"answer": "partly", "comment": "Beslut"}},
        {"decisions": {disputed: {"answer": "partly"}}},
    ):
        merged, r = eb.merge(contributions, decisions=decisions)
        assert merged[disputed] == "partly"
        assert r.indicators[disputed]["resolution"] == "decision"
        assert disputed not in r.open
    with pytest.raises(eb.InvalidDecisionsError) as e:
        eb.merge(contributions, decisions={"lead-99": "fully", disputed: "maybe"})
    paths = [p.path for p in e.value.problems]
    assert sorted(paths) == sorted(["$.decisions.lead-99", f"$.decisions.{disputed}.answer"])
    with pytest.raises(TypeError):
        eb.merge(contributions, decisions=["lead-01"])  # type: ignore[arg-type]


def test_contribution_round_trip_scope_and_errors(tmp_path: Path) -> None:
    c = eb.Contribution("eblomladan-2016", "1881", 2017,
                        {"id": "soc", "name": "Sara", "department": "Soc", "scope": {"areas": ["elderly"]}})
    assert len(c.scope) == 8 and c.scope[0] == "elderly-01"
    c.answer("elderly-06", "fully", comment="Trygghetslarm")
    with pytest.raises(eb.InvalidFieldError, match='"tech-01" is outside the scope of respondent "soc"'):
        c.answer("tech-01", "fully")
    path = tmp_path / "c.json"
    c.to_file(path)
    again = eb.Contribution.from_file(path)
    assert again.to_dict() == c.to_dict()
    assert again.respondent == {"id": "soc", "name": "Sara", "department": "Soc", "scope": {"areas": ["elderly"]}}
    assert again.assessment["elderly-06"] == "fully"
    assert "soc" in repr(again)

    bad = json.loads(path.read_text(encoding="utf-8"))
    bad["answers"]["lead-01"] = {"answer": "fully"}
    bad["respondent"]["scope"]["levels"] = ["grass"]
    with pytest.raises(eb.InvalidContributionError) as e:
        eb.Contribution.from_json(json.dumps(bad))
    assert isinstance(e.value, eb.TeamError) and isinstance(e.value, ValueError)
    assert [p.path for p in e.value.problems] == ["$.respondent.scope.levels[0]"]
    bad["respondent"]["scope"]["levels"] = ["lead"]
    bad["respondent"]["scope"]["areas"] = []
    bad["answers"]["tech-01"] = {"answer": "fully"}
    with pytest.raises(eb.InvalidContributionError) as e:
        eb.Contribution.from_json(json.dumps(bad))
    assert [p.path for p in e.value.problems] == ["$.answers.elderly-06", "$.answers.tech-01"]
    with pytest.raises(eb.InvalidContributionError, match=r"\$.respondent"):
        eb.Contribution("eblomladan-2016", "1881", 2017, {"id": "x"})
    with pytest.raises(TypeError):
        eb.Contribution("eblomladan-2016", "1881", 2017, "x")  # type: ignore[arg-type]


def test_inconsistent_contributions_and_empty_input() -> None:
    a = eb.Contribution("eblomladan-2016", "1881", 2017, {"id": "a", "name": "A"})
    b = eb.Contribution("eblomladan-2016", "1880", 2017, {"id": "a", "name": "A", "scope": {"levels": ["tech"]}})
    with pytest.raises(eb.InconsistentContributionsError) as e:
        eb.merge([a, b])
    assert [p.path for p in e.value.problems] == ["$.municipality", "$.respondent"]
    with pytest.raises(eb.EmptyInputError):
        eb.merge([])
    with pytest.raises(TypeError):
        eb.merge([a.assessment])  # type: ignore[list-item]
    with pytest.raises(eb.InvalidFieldError, match="unknown policy"):
        eb.merge([a], policy="vote")


def test_report_tables_and_disagreements_on_the_picture() -> None:
    pd = pytest.importorskip("pandas")
    merged, report = eb.merge(load(TEAM / "kumla-team"))
    participation = report.to_pandas("participation")
    assert isinstance(participation, pd.DataFrame)
    totals = participation[participation["scope_kind"] == "total"]
    assert sorted(totals["respondent"]) == ["bun-1", "it-1", "kom-1", "soc-1"]
    assert (participation["answered"] <= participation["assigned"]).all()
    disagreements = report.to_pandas("disagreements")
    assert set(disagreements["indicator"]) >= set(report.open)
    assert disagreements["merged"].isna().sum() >= len(report.open)
    responses = report.to_records("responses")
    assert len(responses) == sum(len(r["responses"]) for r in report.indicators.values())
    with pytest.raises(ValueError, match="unknown table"):
        report.to_records("nope")
    svg = merged.flowerbox(disagreements=report.open)
    assert svg.count('data-disagreement="true"') == len(report.open)
    assert "Oenighet att avgöra" in svg
    assert "data-disagreement" not in merged.flowerbox()
    assert report.summary["open"] == len(report.open)
    assert "TeamReport 1881 2017" in repr(report)


def test_cli_and_python_merge_agree(cli: Any, tmp_path: Path) -> None:
    case = TEAM / "kumla-team"
    files = [str(p) for p in sorted(case.glob("contribution-*.json"))]
    out = tmp_path / "merged.json"
    code, _, err = cli.run("team", "merge", *files, "--decisions", str(case / "decisions.json"),
                           "--policy", "median", "-o", str(out))
    assert code == 0, err
    merged, _ = eb.merge(load(case), decisions=decisions_of(case), policy="median")
    assert json.loads(out.read_text(encoding="utf-8")) == merged.to_dict()
