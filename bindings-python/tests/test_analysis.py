"""The analysis functions: figures checked against independent computation in this file."""

from __future__ import annotations

import io
import json
import statistics
import zipfile
from collections import Counter
from fractions import Fraction
from pathlib import Path
from typing import Dict, List

import pytest

import eblomlada as eb


CATALOGUE = eb.Catalogue.builtin()
ANSWERS = [s.id for s in CATALOGUE.scale]
POINTS = {s.id: s.points for s in CATALOGUE.scale}


@pytest.fixture(scope="module")
def national() -> List[eb.Assessment]:
    """580 complete assessments (2016, 2017) and 20 drafts of 2018 with open indicators."""
    complete = eb.synthetic(seed=11, years=[2016, 2017], participation=1.0)
    codes = sorted({a.municipality for a in complete})[:20]
    drafts = eb.synthetic(seed=12, years=[2018], municipalities=codes, unanswered=0.2)
    return complete + drafts


def test_synthetic_is_seeded_and_complete_by_default() -> None:
    a = eb.synthetic(seed=3, years=[2017])
    assert len(a) == 61 and a == eb.synthetic(seed=3, years=[2017])  # as many as published in 2017
    assert a != eb.synthetic(seed=4, years=[2017])
    assert all(x.complete and x.year == 2017 and x.synthetic for x in a)
    assert len(eb.synthetic(seed=3, years=[2016])) == 40
    assert len({x.municipality for x in eb.synthetic(seed=3, years=[2017], participation=1.0)}) == 290
    assert eb.compile(a).synthetic == 61
    some = eb.synthetic(seed=3, years=[2016, 2017], municipalities=["1881", "0114"])
    assert [(x.municipality, x.year) for x in some] == [("1881", 2016), ("0114", 2016), ("1881", 2017), ("0114", 2017)] or len(some) == 4
    with pytest.raises(ValueError):
        eb.synthetic(participation=1.5)
    with pytest.raises(TypeError):
        eb.synthetic(years="2017")  # type: ignore[arg-type]


def test_compile_indicator_figures_match_a_direct_count(national: List[eb.Assessment]) -> None:
    c = eb.compile(national)
    assert (c.assessments, c.municipalities, c.years) == (600, 290, [2016, 2017, 2018])
    assert c.complete == sum(a.complete for a in national)
    for ind in CATALOGUE:
        counts = Counter(a.get(ind.id) for a in national)
        stats = c.indicators[ind.id]
        assert stats["counts"] == {k: counts[k] for k in ANSWERS}
        assert stats["unanswered"] == counts[None]
        answered = sum(counts[k] for k in ANSWERS)
        assert stats["answered"] == answered
        assert stats["shares"] == {k: counts[k] / answered for k in ANSWERS}
        exact = Fraction(sum(POINTS[k] * counts[k] for k in ANSWERS), answered)
        assert stats["mean_exact"] == (str(exact) if exact.denominator != 1 else str(exact.numerator))


def test_compile_level_and_area_figures_match_the_scores(national: List[eb.Assessment]) -> None:
    c = eb.compile(national)
    scores = [a.score() for a in national]
    for level in CATALOGUE.levels:
        means = [s.levels[level.id].mean_exact for s in scores if s.levels[level.id].mean_exact is not None]
        assert c.levels[level.id]["assessments"] == len(means)
        assert c.levels[level.id]["mean"] == pytest.approx(float(sum(means) / len(means)), rel=1e-12)
    for area in CATALOGUE.areas:
        complete = [s.areas[area.id] for s in scores if s.areas[area.id].complete]
        stats = c.areas[area.id]
        assert stats["scored"] == len(complete) and stats["incomplete"] == len(scores) - len(complete)
        mean = sum(x.score_exact for x in complete if x.score_exact is not None) / len(complete)
        assert Fraction(stats["mean_exact"]) == mean
        assert stats["colours"] == {b.colour: sum(x.colour == b.colour for x in complete) for b in CATALOGUE.bands}


def test_top_and_bottom_follow_the_documented_ranking(national: List[eb.Assessment]) -> None:
    c = eb.compile(national, top=5)
    rows = []
    for ind in CATALOGUE:
        counts = Counter(a.get(ind.id) for a in national)
        answered = sum(counts[k] for k in ANSWERS)
        share = Fraction(counts["fully"], answered)
        not_met = Fraction(counts["not_met"], answered)
        mean = Fraction(sum(POINTS[k] * counts[k] for k in ANSWERS), answered)
        rows.append((share, mean, ind.id, not_met))
    # Top: most "helt", then higher mean; bottom: most "inte alls", then lower mean; then id.
    top = sorted(rows, key=lambda r: (-r[0], -r[1], r[2]))[:5]
    bottom = sorted(rows, key=lambda r: (-r[3], r[1], r[2]))[:5]
    assert [t["id"] for t in c.top] == [r[2] for r in top]
    assert [t["id"] for t in c.bottom] == [r[2] for r in bottom]
    assert [t["rank"] for t in c.top] == [1, 2, 3, 4, 5]
    assert {t["ranked_by"] for t in c.bottom} == {"not_met"} and {t["ranked_by"] for t in c.top} == {"fully"}
    assert c.bottom[0]["ranked_share"] == float(bottom[0][3])


def test_grouping_by_county_year_and_a_map(national: List[eb.Assessment]) -> None:
    by_county = eb.compile(national, by="county")
    assert by_county.grouping == "county"
    groups = by_county.groups
    assert groups is not None and len(groups) == 21
    assert groups["18"]["name"] == "Örebro län"
    assert groups["18"]["assessments"] == sum(a.county == "18" for a in national)
    by_year = eb.compile(national, by="year")
    assert by_year.groups is not None and list(by_year.groups) == ["2016", "2017", "2018"]
    custom = eb.compile(national, by={"1881": "B", "0114": "A", "0115": "A"})
    assert custom.groups is not None and list(custom.groups) == ["A", "B"]
    assert custom.groups["A"]["assessments"] == sum(a.municipality in ("0114", "0115") for a in national)
    assert len(custom.ungrouped) == 287
    with pytest.raises(eb.InvalidGroupingError) as info:
        eb.compile(national, by={"181": "A"})
    assert "leading zeros" in str(info.value) and info.value.problems[0].path == "$[0]"
    with pytest.raises(ValueError):
        eb.compile(national, by="kommun")
    with pytest.raises(TypeError):
        eb.compile(national, by=18)  # type: ignore[arg-type]


def test_compile_input_errors(national: List[eb.Assessment]) -> None:
    with pytest.raises(eb.EmptyInputError) as info:
        eb.compile([])
    assert str(info.value) == "nothing to compile: no assessments were given"
    assert isinstance(info.value, eb.AnalysisError) and isinstance(info.value, ValueError)
    assert eb.compile(a for a in national[:3]).assessments == 3  # any iterable, generators too
    with pytest.raises(TypeError) as type_info:
        eb.compile([national[0], "x"])  # type: ignore[list-item]
    assert "item 1 is str" in str(type_info.value)
    other = eb.Catalogue.from_json(CATALOGUE.to_json().replace('"2016"', '"2018"', 1))
    newer = eb.Assessment.from_json(national[0].to_json().replace('"version": "2016"', '"version": "2018"'), other)
    with pytest.raises(eb.MixedCataloguesError) as mixed:
        eb.compile([national[0], national[1], newer])
    assert str(mixed.value) == (
        "assessment 2 is of catalogue eblomladan 2018 but assessment 0 is of eblomladan 2016; "
        "different catalogue versions are not pooled without a version mapping"
    )


def test_compare_ranks_and_percentiles(national: List[eb.Assessment]) -> None:
    c = eb.compile(national, by="county")
    kumla = next(a for a in national if a.year == 2017 and a.municipality == "1881")
    cmp = eb.compare(kumla, c)
    assert cmp.municipality == kumla.municipality and cmp.group is not None and cmp.group["key"] == "18"
    values = [a.score().areas["elderly"].score_exact for a in national]
    scored = [v for v in values if v is not None]
    own = kumla.score().areas["elderly"].score_exact
    assert own is not None
    elderly = cmp.all["areas"]["elderly"]
    assert elderly["rank"] == 1 + sum(v > own for v in scored)
    assert elderly["of"] == len(scored)
    below, equal = sum(v < own for v in scored), sum(v == own for v in scored)
    assert elderly["percentile"] == pytest.approx(100 * (below + equal / 2) / len(scored))
    assert elderly["median"] == pytest.approx(float(statistics.median(scored)))
    share = sum(a.get("elderly-06") == "fully" for a in national) / sum(a.get("elderly-06") is not None for a in national)
    assert cmp.all["indicators"]["elderly-06"]["share"] == pytest.approx(share)
    rows = cmp.to_records()
    assert {r["scope"] for r in rows} == {"all", "18"} and len(rows) == 12
    assert len(cmp.to_records("indicators")) == 2 * 88 and len(cmp.to_records("levels")) == 6
    with pytest.raises(TypeError):
        eb.compare("1881", c)  # type: ignore[arg-type]


def test_diff_counts_every_change(national: List[eb.Assessment]) -> None:
    old = next(a for a in national if a.year == 2017)
    new = next(a for a in national if a.year == 2018 and a.municipality == old.municipality)
    d = eb.diff(old, new)
    expected: Counter = Counter()
    for ind in CATALOGUE:
        o, n = old.get(ind.id), new.get(ind.id)
        if o is None and n is None:
            expected["unanswered"] += 1
        elif o is None:
            expected["answered"] += 1
        elif n is None:
            expected["cleared"] += 1
        else:
            expected["up" if POINTS[n] > POINTS[o] else "down" if POINTS[n] < POINTS[o] else "same"] += 1
    assert {k: v for k, v in d.counts.items() if v} == dict(expected)
    assert len(d.changes()) == 88 and d.changes()[0][0] == "elderly-01"
    rows = d.to_records()
    assert len(rows) == 88 and {r["change"] for r in rows} <= set(d.counts)
    assert len(d.to_records("areas")) == 6 * 3 and len(d.to_records("levels")) == 3 * 3
    report = d.to_dict()
    assert report["points"] == {"old": old.score().points, "new": new.score().points}


def test_plan_minimal_set_really_turns_the_area_green() -> None:
    kumla = eb.synthetic(seed=11, years=[2017], municipalities=["1881"])[0]
    p = eb.plan(kumla, area="elderly")
    area = p.areas["elderly"]
    if area["reached"]:
        assert kumla.score().areas["elderly"].colour == "green"
        return
    minimal = area["minimal"]
    assert minimal is not None
    changed = kumla.copy()
    for move in minimal["changes"]:
        assert changed[move["id"]] == move["from"]
        changed[move["id"]] = move["to"]
    assert changed.score().areas["elderly"].colour == "green"
    assert p.to_records("minimal") and p.to_records("steps")
    with pytest.raises(eb.UnknownAreaError) as info:
        eb.plan(kumla, area="harbour")
    assert isinstance(info.value, KeyError) and "unknown area" in str(info.value)
    with pytest.raises(eb.UnknownColourError):
        eb.plan(kumla, target="blue")


def test_csv_round_trip_with_awkward_comments(tmp_path: Path) -> None:
    a = eb.Assessment(CATALOGUE, "1881", 2017)
    a.answer("elderly-01", "fully", comment='Kommatecken, "citat" och\nradbrytning — åäö ÅÄÖ')
    a.answer("lead-01", "partly", comment="")
    b = eb.Assessment(CATALOGUE, "0114", 2016)
    b.answer("tech-10", "not_met")
    text = eb.to_csv([a, b])
    # CSV has no empty comment (pandas and Excel make it an empty cell): it reads back as none.
    assert a.comment_of("lead-01") == ""
    a.comment("lead-01", None)
    assert isinstance(text, str) and text.startswith("catalogue,") and "\r\n" in text
    assert len(text.splitlines()) >= 1 + 2 * 88
    back = eb.read_csv(io.StringIO(text))
    assert back == [a, b]
    assert eb.read_csv(io.BytesIO(text.encode("utf-8"))) == [a, b]
    file = tmp_path / "all.csv"
    assert eb.to_csv([a, b], file) is None
    assert eb.read_csv(file) == [a, b] and eb.read_csv(str(file)) == [a, b]
    assert eb.to_csv(a) == eb.to_csv([a])
    bad = tmp_path / "bad.csv"
    bad.write_text(text.replace("0114", "114", 1), encoding="utf-8")
    with pytest.raises(eb.InvalidCsvError) as info:
        eb.read_csv(bad)
    assert str(info.value).startswith(f"{bad}: invalid CSV: line ")
    assert info.value.problems[0].line is not None
    latin = tmp_path / "latin1.csv"
    latin.write_bytes(text.encode("utf-8").replace("åäö".encode("utf-8"), "åäö".encode("latin-1")))
    with pytest.raises(eb.InvalidCsvError) as enc:
        eb.read_csv(latin)
    assert "not valid UTF-8" in str(enc.value)


def test_xlsx_workbooks_are_real_workbooks(national: List[eb.Assessment], tmp_path: Path) -> None:
    c = eb.compile(national, by="county")
    for result, name in ((national[0], "assessment.xlsx"), (c, "compilation.xlsx")):
        path = tmp_path / name
        eb.to_xlsx(result, path, lang="en")
        with zipfile.ZipFile(path) as z:
            workbook = z.read("xl/workbook.xml").decode("utf-8")
            assert "<sheet " in workbook
            shared = z.read("xl/sharedStrings.xml").decode("utf-8") if "xl/sharedStrings.xml" in z.namelist() else ""
            assert "elderly-01" in shared or any("elderly-01" in z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.startswith("xl/worksheets/"))
    with pytest.raises(TypeError):
        eb.to_xlsx("not a result", tmp_path / "x.xlsx")  # type: ignore[arg-type]


def test_tables_of_a_compilation(national: List[eb.Assessment]) -> None:
    c = eb.compile(national, by="county")
    rows = c.to_records()
    assert len(rows) == (1 + 21) * 88 * 3
    assert any(r["unanswered"] for r in rows)
    first = rows[0]
    assert list(first)[:9] == ["group", "group_name", "indicator", "level", "area", "answer", "count", "share", "percent"]
    assert first["group"] is None and first["indicator"] == "elderly-01"
    assert sum(r["count"] for r in rows if r["group"] is None and r["indicator"] == "lead-01") == c.indicators["lead-01"]["answered"]
    areas = c.to_records("areas")
    assert len(areas) == 22 * 6 and "mean_services" in areas[0] and "green" in areas[0]
    assert len(c.to_records("levels")) == 22 * 3
    assert len(c.to_records("top")) == 22 * 10 and len(c.to_records("bottom")) == 22 * 10
    with pytest.raises(ValueError):
        c.to_records("flowers")
    pd = pytest.importorskip("pandas")
    df = c.to_pandas("areas")
    assert isinstance(df, pd.DataFrame) and df.shape[0] == 22 * 6
    assert list(c.to_pandas().columns) == list(rows[0])
    assert c.to_csv().startswith("group,indicator,level,area,assessments,answered,unanswered")
    assert json.loads(c.to_json()) == c.to_dict()


FIXTURES = Path(__file__).resolve().parents[2] / "tests" / "analysis"


def test_version_mapping_across_catalogue_versions(kumla: eb.Assessment) -> None:
    new_catalogue = eb.Catalogue.from_file(FIXTURES / "fixture-eblomladan-2099.json")
    mapping = eb.VersionMapping.from_file(FIXTURES / "fixture-mapping-2016-2099.json", CATALOGUE, new_catalogue)
    assert mapping.old == CATALOGUE and mapping.new == new_catalogue
    assert mapping.to_dict()["indicators"]["lead-02"]["relation"] == "stricter"
    later = eb.Assessment.from_file(FIXTURES / "fixture-kumla-2099.assessment.json", new_catalogue)
    translated = mapping.translate(kumla)
    assert translated.catalogue == new_catalogue and len(translated) <= len(new_catalogue)
    assert translated["elderly-01"] == kumla["elderly-01"]
    d = eb.diff(kumla, later, mapping)
    report = d.to_dict()
    assert report["mapped"] is True and report["stricter"] >= 1
    assert report["indicators"]["lead-02"]["stricter"] is True
    rows = {r["indicator"]: r for r in d.to_records()}
    assert rows["children-01"]["from"] == "children-01,children-02" and rows["lead-02"]["stricter"] is True
    with pytest.raises(eb.CatalogueMismatchError):
        eb.diff(kumla, later)
    pooled = eb.compile([later, kumla], mapping=mapping)
    assert pooled.assessments == 2
    assert {(s["catalogue"]["version"], s["mapped"]) for s in pooled.sources} == {("2099", False), ("2016", True)}
    with pytest.raises(eb.MixedCataloguesError):
        eb.compile([later, kumla])
    broken = json.loads((FIXTURES / "fixture-mapping-2016-2099.json").read_text(encoding="utf-8"))
    broken["indicators"]["lead-01"]["from"] = ["lead-99"]
    with pytest.raises(eb.InvalidMappingError) as info:
        eb.VersionMapping.from_json(json.dumps(broken), CATALOGUE, new_catalogue)
    assert any("lead-01" in p.path for p in info.value.problems), info.value.problems


def test_hostile_arguments_raise_python_errors(tmp_path: Path) -> None:
    a = eb.synthetic(seed=1, years=[2017])[:5]
    raising = [
        (OverflowError, lambda: eb.synthetic(seed=-1)),
        (OverflowError, lambda: eb.synthetic(years=[10**10])),
        (eb.InvalidFieldError, lambda: eb.synthetic(years=[1800])),
        (eb.InvalidFieldError, lambda: eb.synthetic(municipalities=["abc"])),
        (ValueError, lambda: eb.synthetic(participation=float("nan"))),
        (OverflowError, lambda: eb.compile(a, top=-1)),
        (TypeError, lambda: eb.compile(None)),  # type: ignore[arg-type]
        (TypeError, lambda: eb.compile("abc")),  # type: ignore[arg-type]
        (TypeError, lambda: eb.diff(None, a[0])),  # type: ignore[arg-type]
        (TypeError, lambda: eb.compare(a[0], "x")),  # type: ignore[arg-type]
        (eb.UnknownAreaError, lambda: eb.plan(a[0], area="")),
        (eb.UnknownColourError, lambda: eb.plan(a[0], target="")),
        (eb.InvalidCsvError, lambda: eb.read_csv(io.StringIO(""))),
        (eb.InvalidCsvError, lambda: eb.read_csv(io.StringIO('garbage\x00,,,\n"unterminated'))),
        (TypeError, lambda: eb.read_csv(42)),  # type: ignore[arg-type]
        (FileNotFoundError, lambda: eb.read_csv(tmp_path / "missing.csv")),
        (eb.InvalidMappingError, lambda: eb.VersionMapping.from_json("{}", CATALOGUE, CATALOGUE)),
        (TypeError, lambda: eb.to_csv(None)),  # type: ignore[arg-type]
        (FileNotFoundError, lambda: eb.to_xlsx(a[0], tmp_path / "no" / "such" / "dir" / "x.xlsx")),
    ]
    for error, call in raising:
        with pytest.raises(error):
            call()
    assert eb.synthetic(years=[]) == [] and eb.compile(a, top=0).top == []
    assert len(eb.compile(a, top=10**6).top) == 88
    with pytest.raises(FileNotFoundError) as info:
        eb.Assessment.from_file(tmp_path / "missing.json")
    assert info.value.filename == str(tmp_path / "missing.json") and info.value.errno == 2
    assert str(tmp_path / "missing.json") in str(info.value)


def _level_of(catalogue: eb.Catalogue, level: str) -> List[str]:
    return [ind.id for ind in catalogue if ind.level == level]


def test_exact_means_of_44_assessments_with_1_to_44_answered_services_indicators() -> None:
    """The mean of means needs a denominator beyond 64 bits; it is exact, never null."""
    services = _level_of(CATALOGUE, "services")
    assert len(services) >= 44
    codes = sorted({a.municipality for a in eb.synthetic(seed=1, years=[2017])})[:44]
    assessments = []
    expected = Fraction(0)
    for k, code in enumerate(codes, start=1):
        a = eb.Assessment(CATALOGUE, code, 2017)
        a.answer(services[0], "fully")
        for ind in services[1:k]:
            a.answer(ind, "partly")
        assessments.append(a)
        expected += Fraction(3 + 2 * (k - 1), k)
    expected /= 44
    assert expected.denominator > 2**64
    stats = eb.compile(assessments).levels["services"]
    assert stats["mean_exact"] == f"{expected.numerator}/{expected.denominator}"
    assert stats["mean"] == float(expected)


from hypothesis import given, settings, strategies as st  # noqa: E402


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["fully", "partly", "not_met", None]), min_size=1, max_size=60), min_size=1, max_size=60))
def test_exact_means_match_pythons_fractions(rows: List[List[object]]) -> None:
    """Every *_exact figure of a compilation equals the one computed with fractions.Fraction."""
    services = _level_of(CATALOGUE, "services")
    codes = sorted({a.municipality for a in eb.synthetic(seed=1, years=[2017])})
    assessments = []
    level_means = []
    for code, answers in zip(codes, rows):
        a = eb.Assessment(CATALOGUE, code, 2017)
        given_points = []
        for ind, answer in zip(services, answers):
            if answer is not None:
                a.answer(ind, str(answer))
                given_points.append(POINTS[str(answer)])
        if given_points:
            level_means.append(Fraction(sum(given_points), len(given_points)))
        assessments.append(a)
    c = eb.compile(assessments)
    stats = c.levels["services"]
    if not level_means:
        assert stats["mean_exact"] is None
        return
    expected = sum(level_means, Fraction(0)) / len(level_means)
    assert Fraction(stats["mean_exact"]) == expected
    assert stats["mean"] == float(expected)
    for ind in services:
        counts = Counter(a.get(ind) for a in assessments)
        answered = sum(counts[k] for k in ANSWERS)
        if answered:
            assert Fraction(c.indicators[ind]["mean_exact"]) == Fraction(
                sum(POINTS[k] * counts[k] for k in ANSWERS), answered
            )


def test_compare_with_the_published_figures(tmp_path: Path) -> None:
    kumla = eb.Assessment.from_file(Path(__file__).resolve().parents[2] / "examples" / "kumla-2017.json")
    c = eb.compare_published(kumla)
    assert (c.municipality, c.year, c.synthetic) == ("1881", 2017, 0)
    assert len(c.figures) == 17 and c.figures[0]["indicator"] == "elderly-06"
    alarms = c.figures[0]
    assert (alarms["percent"], alarms["own"], alarms["same"]) == (77.0, "fully", True)
    assert c.sections["tech"]["best"] == ["tech-01", "tech-03"]
    assert c.to_dict()["published"]["assessments"] == 61
    figures = eb.published_figures()
    assert figures["year"] == 2017 and len(figures["figures"]) == 17
    # The same figures from a file, and a broken file names the file and the place.
    path = tmp_path / "figures.json"
    path.write_text(json.dumps(figures, ensure_ascii=False), encoding="utf-8")
    assert eb.compare_published(kumla, path).to_dict() == c.to_dict()
    figures["figures"][1]["percent"] = 140
    path.write_text(json.dumps(figures), encoding="utf-8")
    with pytest.raises(eb.InvalidPublishedError) as err:
        eb.compare_published(kumla, path)
    assert err.value.problems[0].path == "$.figures[1].percent" and "figures.json" in str(err.value)
    with pytest.raises(eb.UnknownPublishedError):
        eb.published_figures(year=2016)
    with pytest.raises(eb.UnknownPublishedError):
        eb.compare_published(eb.Assessment("eblomladan-2016", "1881", 2016))


def test_municipality_names_from_the_bundled_table() -> None:
    assert eb.municipality_name("1881") == "Kumla" and eb.municipality_name("1899") is None
    a = eb.Assessment("eblomladan-2016", "1881", 2017)
    assert a.municipality_name == "Kumla" and not a.synthetic
    assert "Kumla 2017" in a.flowerbox()
