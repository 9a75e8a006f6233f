"""Score: attributes, exact fractions, the HTML table, records and pandas."""

from __future__ import annotations

import subprocess
import sys
from fractions import Fraction

import pytest

import eblomlada as eb

CATALOGUE = eb.Catalogue.builtin()


def answered(rule: "dict[str, str]", default: str) -> eb.Assessment:
    a = eb.Assessment(CATALOGUE, "1881", 2017)
    for ind in CATALOGUE:
        a.answer(ind.id, rule.get(ind.level, default))
    return a


def test_kumla_attributes(kumla: eb.Assessment) -> None:
    s = kumla.score()
    assert (s.points, s.max_points, s.min_points, s.answered, s.total, s.complete) == (146, 264, 88, 88, 88, True)
    assert s.counts == {"fully": 10, "partly": 38, "not_met": 40}
    assert s.percent == {"fully": 11, "partly": 43, "not_met": 45}
    assert s.shares is not None and abs(sum(s.shares.values()) - 1) < 1e-12
    assert (s.municipality, s.county, s.year) == ("1881", "18", 2017)
    assert s.catalogue == CATALOGUE
    assert list(s.areas) == [a.id for a in CATALOGUE.areas]
    assert list(s.levels) == ["services", "lead", "tech"]
    lead = s.levels["lead"]
    assert lead.mean_exact == Fraction(57, 34) and lead.mean == 57 / 34
    assert lead.weight == Fraction(1, 4) and (lead.answered, lead.total) == (34, 34)
    assert lead.name("en")
    elderly = s.areas["elderly"]
    assert elderly.score_exact == Fraction(471, 272)
    assert elderly.score == float(Fraction(471, 272))
    assert elderly.colour == "yellow" and elderly.complete
    assert elderly.provisional_score == elderly.score
    assert (elderly.answered, elderly.total) == (52, 52)
    assert elderly.means_exact["lead"] == Fraction(57, 34)
    assert elderly.name("sv").startswith("Äldre")
    assert s.colours["elderly"] == "yellow"
    assert "score=471/272" in repr(elderly)


def test_band_edges_are_exact() -> None:
    # services all fully (3), lead all not_met (1), tech all fully (3): (2·3 + 1 + 3)/4 = 5/2 → green
    s = answered({"services": "fully", "lead": "not_met", "tech": "fully"}, "fully").score()
    assert s.areas["elderly"].score_exact == Fraction(5, 2) and s.areas["elderly"].colour == "green"
    # all partly: 2 → yellow; all not_met: 1 → red
    assert answered({}, "partly").score().areas["public"].colour == "yellow"
    assert answered({}, "not_met").score().areas["public"].colour == "red"


def test_incomplete_area_has_only_a_provisional_score() -> None:
    a = eb.Assessment(CATALOGUE, "1881", 2017)
    for ind in ("elderly-01", "lead-01", "tech-01"):
        a.answer(ind, "fully")
    e = a.score().areas["elderly"]
    assert (e.score, e.score_exact, e.colour, e.complete) == (None, None, None, False)
    assert e.provisional_score == 3.0 and e.provisional_score_exact == Fraction(3)
    c = a.score().areas["children"]
    assert c.provisional_score is None and c.means["services"] is None
    empty = eb.Assessment(CATALOGUE, "1881", 2017).score()
    assert empty.shares is None and empty.percent is None and empty.levels["lead"].mean is None
    assert empty.levels["lead"].mean_exact is None


def test_score_is_a_snapshot(kumla: eb.Assessment) -> None:
    s = kumla.score()
    kumla["lead-01"] = "fully" if kumla["lead-01"] != "fully" else "not_met"
    assert s != kumla.score()
    assert s.points != kumla.score().points
    assert kumla.score() == kumla.score()


def test_to_json_forms(kumla: eb.Assessment) -> None:
    s = kumla.score()
    import json

    assert json.loads(s.to_json()) == s.to_dict()
    assert "\n" not in s.to_json(indent=None)
    assert json.loads(s.to_json(indent=None)) == s.to_dict()
    assert s.to_json(indent=4).startswith('{\n    "catalogue"')


def test_repr_html_escapes(kumla: eb.Assessment) -> None:
    html = kumla.score()._repr_html_()
    assert html.startswith("<table") and html.endswith("</table>")
    assert html.count("<tr>") == 1 + 6
    assert "Äldre &amp; personer" in html or "&amp;" in html  # the area names carry "&"
    half = eb.Assessment(CATALOGUE, "1881", 2017)
    half.answer("elderly-01", "fully")
    half.answer("lead-01", "fully")
    half.answer("tech-01", "fully")
    assert "provisional" in half.score()._repr_html_()
    custom = eb.Catalogue.from_json(
        CATALOGUE.to_json().replace('"Äldre & personer i behov av omsorg"', '"<b>Äldre</b> & \\"omsorg\\""', 1)
    )
    a = eb.Assessment(custom, "1881", 2017)
    assert "<b>" not in a.score()._repr_html_()


def test_records(kumla: eb.Assessment) -> None:
    rows = kumla.score().to_records()
    assert len(rows) == 6 * 3
    assert list(rows[0]) == [
        "municipality", "county", "year", "area", "level", "mean", "score", "provisional_score", "colour", "complete",
    ]
    elderly_lead = next(r for r in rows if r["area"] == "elderly" and r["level"] == "lead")
    assert elderly_lead["mean"] == 57 / 34 and elderly_lead["colour"] == "yellow"


def test_to_pandas(kumla: eb.Assessment) -> None:
    pd = pytest.importorskip("pandas")
    df = kumla.score().to_pandas()
    assert isinstance(df, pd.DataFrame) and df.shape == (18, 10)
    wide = df.pivot(index="area", columns="level", values="mean")
    assert wide.loc["elderly", "lead"] == 57 / 34
    frame = kumla.to_pandas()
    assert frame.shape == (88, 9)
    assert frame.groupby("answer").size().to_dict() == {"fully": 10, "not_met": 40, "partly": 38}


def test_to_pandas_without_pandas_names_the_extra() -> None:
    code = (
        "import sys; sys.modules['pandas'] = None\n"
        "import eblomlada as eb\n"
        "a = eb.Assessment('eblomladan-2016', '1881', 2017)\n"
        "try:\n    a.score().to_pandas()\nexcept ImportError as e:\n    print('ImportError:', e)\n"
        "print(len(a.score().to_records()))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "ImportError: to_pandas() needs pandas" in out and "pip install 'eblomlada[pandas]'" in out
    assert out.strip().endswith("18")


def test_import_does_not_load_heavy_modules() -> None:
    code = "import sys, eblomlada; print(sorted(m for m in ('pandas', 'numpy', 'fractions', 'json', 'html') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
