"""Assessment: building, editing, the mapping protocol, JSON round trips, drawings."""

from __future__ import annotations

import copy
import json
import pickle
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import eblomlada as eb

from conftest import EXAMPLES

CATALOGUE = eb.Catalogue.builtin()
IDS = [i.id for i in CATALOGUE]
ANSWERS = ["fully", "partly", "not_met"]


def test_new_empty(catalogue: eb.Catalogue) -> None:
    a = eb.Assessment(catalogue, municipality="1881", year=2017)
    assert (a.municipality, a.county, a.year, a.answered, a.total, a.complete) == ("1881", "18", 2017, 0, 88, False)
    assert len(a) == 0 and list(a) == [] and a.warnings == []
    assert a.catalogue == catalogue
    b = eb.Assessment("eblomladan-2016", "1881", 2017)  # a built-in key works too
    assert a == b
    assert repr(a) == "<Assessment eblomladan-2016 municipality='1881' year=2017: 0 of 88 answered>"


def test_answer_comment_clear() -> None:
    a = eb.Assessment("eblomladan-2016", "1881", 2017)
    a.answer("elderly-06", "partly", comment="Planerat")
    a.answer("elderly-06", "fully")  # keeps the comment
    assert a["elderly-06"] == "fully" and a.comment_of("elderly-06") == "Planerat"
    a.answer("elderly-06", "fully", comment=None)
    assert a.comment_of("elderly-06") == "Planerat"
    a.comment("elderly-06", "Digitala trygghetslarm sedan 2016.")
    assert a.comments == {"elderly-06": "Digitala trygghetslarm sedan 2016."}
    a.comment("elderly-06", None)
    assert a.comments == {} and a.comment_of("elderly-06") is None
    a.clear("elderly-06")
    assert "elderly-06" not in a
    a.clear("elderly-06")  # clearing an unanswered indicator is fine
    with pytest.raises(eb.InvalidFieldError) as info:
        a.comment("elderly-06", "x")
    assert str(info.value) == 'invalid comment: indicator "elderly-06" is not answered; answer it before commenting'


def test_mapping_protocol(kumla: eb.Assessment) -> None:
    assert len(kumla) == 88 and kumla.complete
    assert list(kumla) == IDS == kumla.keys()
    assert dict(kumla) == dict(kumla.items())
    assert kumla.values().count("fully") == 10
    a = eb.Assessment("eblomladan-2016", "1881", 2017)
    a["lead-03"] = "partly"
    assert a["lead-03"] == "partly" and a.get("lead-03") == "partly"
    assert a.get("lead-04") is None and a.get("lead-04", "n/a") == "n/a"
    assert "lead-03" in a and "lead-04" not in a and "nope" not in a and 3 not in a
    with pytest.raises(KeyError) as plain:
        a["lead-04"]
    assert not isinstance(plain.value, eb.EblomladaError)  # unanswered: a plain KeyError
    with pytest.raises(eb.UnknownIndicatorError):
        a["lead-99"]
    with pytest.raises(eb.UnknownIndicatorError):
        a.get("lead-99")
    with pytest.raises(KeyError):
        a[None]  # type: ignore[index]
    del a["lead-03"]
    assert len(a) == 0
    with pytest.raises(KeyError):
        del a["lead-03"]
    # iteration is a snapshot: changing the assessment while iterating is safe
    a["lead-01"] = "fully"
    a["lead-02"] = "fully"
    for key in a:
        a.clear(key)
    assert len(a) == 0


def test_edit_errors_change_nothing() -> None:
    a = eb.Assessment("eblomladan-2016", "1881", 2017)
    with pytest.raises(eb.UnknownAnswerError) as info:
        a.answer("lead-03", "maybe", comment="x")
    assert str(info.value) == 'unknown answer "maybe"; expected one of fully, partly, not_met'
    assert not isinstance(info.value, KeyError)
    with pytest.raises(eb.UnknownIndicatorError) as info2:
        a.answer("lead-99", "fully")
    assert str(info2.value) == 'unknown indicator "lead-99" in catalogue eblomladan-2016'
    assert len(a) == 0


def test_municipality_and_year() -> None:
    with pytest.raises(eb.InvalidFieldError) as info:
        eb.Assessment("eblomladan-2016", "188", 2017)
    assert 'invalid municipality: invalid municipality code "188"' in str(info.value)
    with pytest.raises(eb.InvalidFieldError):
        eb.Assessment("eblomladan-2016", "1881", 1800)
    with pytest.raises(eb.InvalidFieldError) as big:
        eb.Assessment("eblomladan-2016", "1881", 10**30)
    assert "year 1000000000000000000000000000000 is out of range" in str(big.value)
    a = eb.Assessment("eblomladan-2016", "1881", 2019)
    assert [w.path for w in a.warnings] == ["$.year"]
    assert a.warnings[0].severity == "warning"
    assert "made for the years 2016, 2017, not 2019" in a.warnings[0].message
    a.year = 2017
    assert a.year == 2017 and a.warnings == []
    with pytest.raises(eb.InvalidFieldError):
        a.year = 3000
    with pytest.raises(TypeError):
        a.year = "2017"  # type: ignore[assignment]
    with pytest.raises(AttributeError):
        del a.year  # type: ignore[misc]


def test_extra_fields() -> None:
    a = eb.Assessment("eblomladan-2016", "1881", 2017)
    a.set_extra("name", "Kumla")
    a.set_extra("answered_by", {"it": ["Anna", "Bo"], "n": 2, "ok": True, "x": 1.5, "none": None})
    assert a.extra == {"answered_by": {"it": ["Anna", "Bo"], "n": 2, "none": None, "ok": True, "x": 1.5}, "name": "Kumla"}
    again = eb.Assessment.from_json(a.to_json())
    assert again.extra == a.extra and again == a
    a.set_extra("name", None)
    assert "name" not in a.extra
    with pytest.raises(eb.InvalidFieldError):
        a.set_extra("year", 2018)
    with pytest.raises(TypeError):
        a.set_extra("bad", object())
    with pytest.raises(TypeError):
        a.set_extra("bad", {1: "x"})
    with pytest.raises(ValueError):
        a.set_extra("bad", float("nan"))
    # Integers of any size are kept exactly (JSON numbers have no size limit).
    a.set_extra("big", 2**70)
    a.set_extra("negative", -(2**80) - 1)
    assert a.extra["big"] == 2**70 and a.extra["negative"] == -(2**80) - 1
    assert str(2**70) in a.to_json()
    again = eb.Assessment.from_json(a.to_json())
    assert again.extra["big"] == 2**70 and again == a and again.to_json() == a.to_json()
    a.set_extra("big", None)
    a.set_extra("negative", None)
    deep: list = []
    node = deep
    for _ in range(200):
        node.append([])
        node = node[0]
    with pytest.raises(ValueError):
        a.set_extra("deep", deep)
    loop: list = []
    loop.append(loop)
    with pytest.raises(ValueError):
        a.set_extra("loop", loop)


def test_numbers_in_files_are_kept_as_written() -> None:
    text = (
        '{"catalogue": {"id": "eblomladan", "version": "2016"}, "municipality": "1881", "year": 2017, '
        '"ref": 18446744073709551616, "tiny": 0.1000000000000000055511151231257827, "answers": {}}'
    )
    a = eb.Assessment.from_json(text)
    assert a.extra["ref"] == 18446744073709551616 and isinstance(a.extra["ref"], int)
    assert "18446744073709551616" in a.to_json() and "0.1000000000000000055511151231257827" in a.to_json()
    assert a.to_dict()["ref"] == 18446744073709551616


def test_a_value_that_changes_the_dict_it_is_read_from_is_no_panic() -> None:
    """Nothing the caller does surfaces as pyo3's PanicException (a BaseException)."""
    a = eb.Assessment("eblomladan-2016", "1881", 2017)
    value: dict = {}

    class Sneaky(list):  # type: ignore[type-arg]
        def __iter__(self):  # type: ignore[no-untyped-def]
            for i in range(50):
                value[f"k{i}"] = i
            return iter([1, 2])

    value["a"] = Sneaky([1])
    value["b"] = 2
    try:
        a.set_extra("x", value)
    except Exception:  # noqa: BLE001 - any ordinary exception is fine, a panic is not
        pass
    assert a.extra.get("x", {}).get("b", 2) == 2


def test_json_round_trip_keeps_comments_and_order(kumla: eb.Assessment) -> None:
    kumla.comment("tech-01", 'Finns <sedan> 2016 & "mer" — åäö ✓')
    text = kumla.to_json()
    again = eb.Assessment.from_json(text)
    assert again == kumla and again.to_json() == text
    assert kumla.to_dict() == json.loads(text)
    assert list(kumla.to_dict()) == ["catalogue", "municipality", "year", "name", "answers"] or list(
        kumla.to_dict()
    )[:3] == ["catalogue", "municipality", "year"]
    assert list(kumla.to_dict()["answers"]) == IDS


def test_from_json_catalogue_argument(kumla: eb.Assessment) -> None:
    text = kumla.to_json()
    assert eb.Assessment.from_json(text, CATALOGUE) == kumla
    assert eb.Assessment.from_json(text, "eblomladan-2016") == kumla
    assert eb.Assessment.from_json(text.encode("utf-8")) == kumla
    assert eb.Assessment.from_json(bytearray(text.encode("utf-8"))) == kumla
    custom = eb.Catalogue.from_json(CATALOGUE.to_json().replace('"2016"', '"2099"', 1))
    with pytest.raises(eb.InvalidAssessmentError) as info:
        eb.Assessment.from_json(text, custom)
    assert info.value.problems[0].path == "$.catalogue"
    assert "is for catalogue eblomladan 2016 but is being checked against eblomladan 2099" in str(info.value)


def test_file_round_trip(kumla: eb.Assessment, tmp_path: Path) -> None:
    out = tmp_path / "sub" / "kumla.json"
    out.parent.mkdir()
    kumla.to_file(out)
    assert eb.Assessment.from_file(out) == kumla
    assert eb.Assessment.from_file(str(out), catalogue="eblomladan-2016") == kumla
    assert out.read_text(encoding="utf-8") == kumla.to_json() + "\n"
    assert [a.municipality for a in eb.load_assessments(EXAMPLES)] == ["1882", "1881", "1881"]
    assert len(eb.load_assessments([out, out])) == 2
    with pytest.raises(FileNotFoundError):
        eb.Assessment.from_file(tmp_path / "missing.json")


def test_copy_pickle_equality(kumla: eb.Assessment) -> None:
    other = kumla.copy()
    assert other == kumla and other is not kumla
    other["lead-01"] = "fully" if kumla["lead-01"] != "fully" else "partly"
    assert other != kumla
    assert copy.copy(kumla) == kumla and copy.deepcopy(kumla) == kumla
    assert pickle.loads(pickle.dumps(kumla)) == kumla
    assert kumla != "not an assessment"
    with pytest.raises(TypeError):
        hash(kumla)


def test_records(kumla: eb.Assessment) -> None:
    rows = kumla.to_records()
    assert len(rows) == 88
    assert list(rows[0]) == ["municipality", "county", "year", "indicator", "level", "area", "answer", "points", "comment"]
    assert rows[0]["indicator"] == "elderly-01" and rows[0]["area"] == "elderly"
    assert sum(r["points"] for r in rows) == kumla.score().points
    empty = eb.Assessment("eblomladan-2016", "0114", 2016).to_records()
    assert all(r["answer"] is None and r["points"] is None for r in empty)
    assert empty[0]["county"] == "01"


def test_flowerbox_and_charts(kumla: eb.Assessment) -> None:
    svg = kumla.flowerbox()
    assert svg.startswith("<svg") and 'role="img"' in svg and "<title>" in svg and "<desc>" in svg
    assert len(re.findall(r'data-indicator="[^"]+"', svg)) == 88
    assert 'data-indicator="elderly-01"' in svg
    for area in CATALOGUE.areas:
        assert f'data-area="{area.id}"' in svg
    colours = kumla.score().colours
    assert f'data-area="elderly" data-colour="{colours["elderly"]}"' in svg
    assert kumla._repr_svg_() == svg
    english = kumla.flowerbox(lang="en", palette="colour-blind", width=480)
    assert english != svg and 'width="480"' in english
    assert kumla.flowerbox(labels=False, legend=False) != svg
    with pytest.raises(ValueError) as info:
        kumla.flowerbox(palette="neon")
    assert "unknown palette" in str(info.value)
    with pytest.raises(ValueError):
        kumla.flowerbox(width=0)
    with pytest.raises(TypeError):
        kumla.flowerbox(width="wide")  # type: ignore[arg-type]
    assert kumla.answer_chart().startswith("<svg")
    chart = kumla.comparison_chart({"elderly": 1.9, "children": 2.1}, reference_label="Riket")
    assert chart.startswith("<svg")
    with pytest.raises(TypeError):
        kumla.comparison_chart({"elderly": "high"})  # type: ignore[dict-item]
    with pytest.raises(TypeError):
        kumla.comparison_chart("elderly=1.9")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        kumla.comparison_chart({"elderly": float("inf")})


def test_comments_are_escaped_in_the_picture() -> None:
    a = eb.Assessment("eblomladan-2016", "1881", 2017)
    a.answer("lead-01", "fully", comment='<script>alert("x")</script> & more')
    svg = a.flowerbox()
    assert "<script>" not in svg and "&lt;script&gt;" in svg


@st.composite
def assessments(draw: st.DrawFn) -> eb.Assessment:
    municipality = draw(st.from_regex(r"\A[0-9]{4}\Z"))
    year = draw(st.integers(1900, 2200))
    a = eb.Assessment(CATALOGUE, municipality, year)
    chosen = draw(st.lists(st.sampled_from(IDS), unique=True, max_size=88))
    for ind in chosen:
        a.answer(ind, draw(st.sampled_from(ANSWERS)), comment=draw(st.none() | st.text(max_size=40)))
    return a


@settings(max_examples=150, deadline=None)
@given(assessments())
def test_round_trip_property(a: eb.Assessment) -> None:
    text = a.to_json()
    again = eb.Assessment.from_json(text)
    assert again == a
    assert again.to_json() == text
    assert again.score().to_dict() == a.score().to_dict()
    assert eb.Assessment.from_json(json.dumps(a.to_dict())) == a
