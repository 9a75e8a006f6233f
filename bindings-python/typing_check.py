"""A small typed use of eblomlada, checked with `mypy --strict` (scripts/test-python.sh).

It is also run as a script, so that what it claims is true at run time too.
"""

from __future__ import annotations

import io
from fractions import Fraction
from pathlib import Path
from typing import Dict, List, Optional

import eblomlada as eb

REPO = Path(__file__).resolve().parents[1]


def area_colours(assessment: eb.Assessment) -> Dict[str, Optional[str]]:
    score: eb.Score = assessment.score()
    return {area_id: area.colour for area_id, area in score.areas.items()}


def lowest_level(score: eb.Score) -> Optional[str]:
    means: Dict[str, Fraction] = {
        level_id: level.mean_exact for level_id, level in score.levels.items() if level.mean_exact is not None
    }
    return min(means, key=lambda k: means[k]) if means else None


def problems_of(text: str) -> List[str]:
    try:
        eb.Assessment.from_json(text)
    except eb.InvalidAssessmentError as error:
        return [f"{p.path}: {p.message}" for p in error.problems]
    return []


def main() -> None:
    catalogue = eb.Catalogue.builtin("eblomladan-2016")
    indicator: eb.Indicator = catalogue["lead-03"]
    english: Optional[str] = indicator.text_en
    assert indicator.level == "lead" and english
    weights: List[Fraction] = [level.weight for level in catalogue.levels]
    assert sum(weights) == 1

    a = eb.Assessment(catalogue, municipality="1881", year=2017)
    for ind in catalogue:
        a.answer(ind.id, "partly" if ind.level == "services" else "fully")
    a.comment("lead-03", "Planerat 2018.")
    answer: str = a["lead-03"]
    maybe: Optional[str] = a.get("tech-01")
    assert answer == "fully" and maybe == "fully" and "lead-03" in a and len(a) == 88

    score = a.score()
    elderly: eb.AreaScore = score.areas["elderly"]
    exact: Optional[Fraction] = elderly.score_exact
    assert exact == Fraction(5, 2) and elderly.colour == "green"
    report: Dict[str, object] = score.to_dict()
    assert report["points"] == score.points
    assert lowest_level(score) == "services"
    assert area_colours(a)["public"] == "green"

    svg: str = a.flowerbox(lang="en", palette="colour-blind", width=640)
    assert svg.startswith("<svg")
    again = eb.Assessment.from_json(a.to_json())
    assert again == a
    kumla = eb.Assessment.from_file(REPO / "examples" / "kumla-2017.json")
    warnings: List[eb.Problem] = kumla.warnings
    assert warnings == []
    assert problems_of('{"catalogue": {"id": "eblomladan", "version": "2016"}}') != []
    try:
        a.answer("lead-03", "maybe")
    except eb.UnknownAnswerError as error:
        assert isinstance(error, eb.EblomladaError) and isinstance(error, ValueError)
    rows = score.to_records()
    assert rows[0]["area"] == "elderly"

    national: List[eb.Assessment] = eb.synthetic(seed=1, years=[2017], participation=1.0)
    compilation: eb.Compilation = eb.compile(national, by="county", top=5)
    bottom: List[str] = [entry["id"] for entry in compilation.bottom]
    assert len(bottom) == 5 and compilation.assessments == 290
    comparison: eb.Comparison = eb.compare(national[0], compilation)
    assert comparison.group is not None
    change: eb.Diff = eb.diff(national[0], national[0])
    assert change.counts["same"] == 88
    plan: eb.Plan = eb.plan(national[0], area="elderly")
    assert plan.target == "green"
    text: str = eb.to_csv(national[:2])
    assert eb.read_csv(io.StringIO(text)) == national[:2]

    soc = eb.Contribution("eblomladan-2016", "1881", 2017, {"id": "soc", "name": "Sara", "scope": {"levels": ["lead"]}})
    it = eb.Contribution("eblomladan-2016", "1881", 2017, {"id": "it", "name": "Ivar"})
    soc.answer("lead-03", "fully")
    it.answer("lead-03", "not_met", comment="Inte än")
    merged, team_report = eb.merge([soc, it], decisions=None, policy="median")
    merged_answer: Optional[str] = merged.get("lead-03")
    assert merged_answer == "partly" and team_report.open == [] and team_report.summary["respondents"] == 2
    in_scope: List[str] = soc.scope
    assert len(in_scope) == 34
    picture: str = merged.flowerbox(disagreements=team_report.open)
    assert picture.startswith("<svg")

    kumla_2017 = eb.Assessment.from_file(REPO / "examples" / "kumla-2017.json")
    kumla_2016 = eb.Assessment.from_file(REPO / "examples" / "kumla-2016.json")
    yearly: eb.Report = eb.report(kumla_2017, previous=kumla_2016, lang="en")
    page: str = yearly._repr_html_()
    assert yearly.format == "html" and page.startswith("<!DOCTYPE html>")
    word: bytes = eb.report(kumla_2017, against=national[:20], format="docx").to_bytes()
    assert word[:2] == b"PK"


if __name__ == "__main__":
    main()
    print("typing_check: ok")
