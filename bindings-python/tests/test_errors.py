"""Errors: the exception hierarchy, messages with JSON paths, and hostile input."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

import eblomlada as eb

CATALOGUE = eb.Catalogue.builtin()
HEAD = '"catalogue": {"id": "eblomladan", "version": "2016"}, "municipality": "1881", "year": 2017'


def test_hierarchy() -> None:
    for cls in (
        eb.InvalidCatalogueError,
        eb.InvalidAssessmentError,
        eb.UnknownCatalogueError,
        eb.UnknownIndicatorError,
        eb.UnknownAnswerError,
        eb.InvalidFieldError,
    ):
        assert issubclass(cls, eb.EblomladaError) and issubclass(cls, ValueError)
        assert cls.__doc__
    assert issubclass(eb.UnknownIndicatorError, KeyError)
    assert issubclass(eb.UnknownCatalogueError, KeyError)
    assert not issubclass(eb.UnknownAnswerError, KeyError)


def test_semantic_problems_name_their_json_paths() -> None:
    text = "{" + HEAD + ', "answers": {"elderly-99": {"answer": "fully"}, "lead-03": {"answer": "maybe"}}}'
    with pytest.raises(eb.InvalidAssessmentError) as info:
        eb.Assessment.from_json(text)
    e = info.value
    assert [p.path for p in e.problems] == ["$.answers.elderly-99", "$.answers.lead-03.answer"]
    assert str(e) == (
        'invalid assessment: $.answers.elderly-99: unknown indicator "elderly-99"; catalogue '
        "eblomladan-2016 has no such indicator (and 1 more problems)"
    )
    assert e.problems[1].message == 'unknown answer "maybe"; expected one of fully, partly, not_met'
    assert e.problems[1].severity == "error" and e.problems[1].line is None
    assert e.filename is None
    assert e.problems[1].to_dict() == {
        "severity": "error",
        "path": "$.answers.lead-03.answer",
        "line": None,
        "column": None,
        "message": 'unknown answer "maybe"; expected one of fully, partly, not_met',
    }


def test_shape_errors_name_path_line_and_column() -> None:
    text = "{" + HEAD + ',\n "answers": {"lead-01": {"answer": 3}}}'
    with pytest.raises(eb.InvalidAssessmentError) as info:
        eb.Assessment.from_json(text)
    p = info.value.problems[0]
    assert (p.path, p.line) == ("$.answers.lead-01.answer", 2) and p.column is not None
    assert "expected a string" in p.message
    assert str(p) == f"line 2, column {p.column}: $.answers.lead-01.answer: {p.message}"
    assert str(info.value) == f"invalid assessment: {p}"


@pytest.mark.parametrize(
    "text, needle",
    [
        ("", "the document is empty"),
        ("   ", "the document is empty"),
        ("{", "ends too early"),
        ("[]", "expected"),
        ("null", "expected"),
        ("{" + HEAD + ', "answers": {}} trailing', "trailing"),
        ("{" + HEAD + ', "year": 2016, "answers": {}}', "duplicate field `year`"),
        ("{" + HEAD + ', "answers": {"lead-01": {"answer": "fully"}, "lead-01": {"answer": "partly"}}}', "given twice"),
        ('{"catalogue": {"id": "eblomladan", "version": "2016"}, "year": 2017, "answers": {}}', "missing field `municipality`"),
        ('{"catalogue": {"id": "eblomladan", "version": "2016"}, "municipality": "Kumla", "year": 2017, "answers": {}}', "invalid municipality code"),
        ("{" + HEAD + ', "answers": {"lead-01": {"answer": "fully", "comment": 5}}}', "expected a string"),
    ],
)
def test_invalid_documents(text: str, needle: str) -> None:
    with pytest.raises(eb.InvalidAssessmentError) as info:
        eb.Assessment.from_json(text, CATALOGUE)
    assert needle in str(info.value), str(info.value)
    assert info.value.problems and all(p.path.startswith("$") for p in info.value.problems)


def test_unknown_catalogue_named_by_the_file(tmp_path: Path) -> None:
    text = '{"catalogue": {"id": "eblomladan", "version": "2014"}, "municipality": "1881", "year": 2014, "answers": {}}'
    with pytest.raises(eb.UnknownCatalogueError) as info:
        eb.Assessment.from_json(text)
    assert str(info.value).startswith('unknown catalogue "eblomladan-2014"; built-in catalogues: eblomladan-2016')
    assert "catalogue=Catalogue.from_file(PATH)" in str(info.value)
    assert info.value.problems[0].path == "$.catalogue"
    file = tmp_path / "old.json"
    file.write_text(text, encoding="utf-8")
    with pytest.raises(eb.UnknownCatalogueError) as info:
        eb.Assessment.from_file(file)
    assert str(info.value).startswith(f"{file}: unknown catalogue")
    # shape problems are reported before an unknown catalogue, as the CLI does
    with pytest.raises(eb.InvalidAssessmentError):
        eb.Assessment.from_json(text.replace('"year": 2014', '"year": "2014"'))


def test_non_utf8_file_names_file_line_and_column(tmp_path: Path) -> None:
    file = tmp_path / "latin1.json"
    line2 = ' "answers": {"lead-01": {"answer": "fully", "comment": "'
    file.write_bytes(("{" + HEAD + ",\n" + line2).encode() + "Äldre".encode("latin-1") + b'"}}}')
    with pytest.raises(eb.InvalidAssessmentError) as info:
        eb.Assessment.from_file(file)
    e = info.value
    assert e.filename == str(file)
    p = e.problems[0]
    assert (p.line, p.column) == (2, len(line2) + 1)
    assert "not valid UTF-8" in p.message
    assert str(e) == f"{file}: invalid assessment: line 2, column {len(line2) + 1}: $: {p.message}"
    with pytest.raises(eb.InvalidAssessmentError):
        eb.Assessment.from_json(b"\xff\xfe{}")
    with pytest.raises(eb.InvalidCatalogueError) as cat:
        eb.Catalogue.from_json(b"{\xc3}")
    assert "not valid UTF-8" in str(cat.value)


def test_wrong_types_are_type_errors(kumla: eb.Assessment) -> None:
    a = eb.Assessment("eblomladan-2016", "1881", 2017)
    bad_calls = [
        lambda: eb.Assessment(None, "1881", 2017),  # type: ignore[arg-type]
        lambda: eb.Assessment(3, "1881", 2017),  # type: ignore[arg-type]
        lambda: eb.Assessment("eblomladan-2016", 1881, 2017),  # type: ignore[arg-type]
        lambda: eb.Assessment("eblomladan-2016", None, 2017),  # type: ignore[arg-type]
        lambda: eb.Assessment("eblomladan-2016", "1881", "2017"),  # type: ignore[arg-type]
        lambda: eb.Assessment("eblomladan-2016", "1881", 2017.0),  # type: ignore[arg-type]
        lambda: eb.Assessment("eblomladan-2016", "1881", True),
        lambda: eb.Assessment("eblomladan-2016", "1881", None),  # type: ignore[arg-type]
        lambda: eb.Assessment.from_json(None),  # type: ignore[arg-type]
        lambda: eb.Assessment.from_json(42),  # type: ignore[arg-type]
        lambda: eb.Assessment.from_json({"catalogue": {}}),  # type: ignore[arg-type]
        lambda: eb.Assessment.from_json(kumla.to_json(), catalogue=42),  # type: ignore[arg-type]
        lambda: eb.Assessment.from_file(None),  # type: ignore[arg-type]
        lambda: eb.Assessment.from_file(3.5),  # type: ignore[arg-type]
        lambda: eb.Catalogue.from_json(None),  # type: ignore[arg-type]
        lambda: eb.Catalogue.builtin(None),  # type: ignore[arg-type]
        lambda: a.answer(None, "fully"),  # type: ignore[arg-type]
        lambda: a.answer("lead-01", None),  # type: ignore[arg-type]
        lambda: a.answer("lead-01", 3),  # type: ignore[arg-type]
        lambda: a.answer("lead-01", "fully", comment=3),  # type: ignore[arg-type]
        lambda: a.comment("lead-01", b"bytes"),  # type: ignore[arg-type]
        lambda: a.clear(None),  # type: ignore[arg-type]
        lambda: a.flowerbox(lang=None),  # type: ignore[arg-type]
        lambda: a.flowerbox(palette=None),  # type: ignore[arg-type]
        lambda: a.set_extra(None, 1),  # type: ignore[arg-type]
        lambda: eb.Problem("error", None, "m"),  # type: ignore[arg-type]
    ]
    for call in bad_calls:
        with pytest.raises(TypeError):
            call()
    assert len(a) == 0


def test_huge_and_odd_strings() -> None:
    huge = "x" * 5_000_000
    with pytest.raises(eb.InvalidAssessmentError):
        eb.Assessment.from_json(huge)
    with pytest.raises(eb.UnknownIndicatorError):
        eb.Assessment("eblomladan-2016", "1881", 2017).answer(huge, "fully")
    a = eb.Assessment("eblomladan-2016", "1881", 2017)
    a.answer("lead-01", "fully", comment=huge)
    assert eb.Assessment.from_json(a.to_json()).comment_of("lead-01") == huge
    a.comment("lead-01", "nul \x00 byte and emoji 🌼 and RTL \u202e")
    assert eb.Assessment.from_json(a.to_json()) == a
    with pytest.raises(UnicodeEncodeError):
        a.comment("lead-01", "lone surrogate \ud800")
    with pytest.raises(UnicodeEncodeError):
        eb.Assessment.from_json("{\ud800}")
    with pytest.raises(eb.InvalidAssessmentError):
        eb.Assessment.from_json("[" * 100_000)
    with pytest.raises(eb.InvalidAssessmentError):
        eb.Assessment.from_json("{" + HEAD + ', "answers": {}, "deep": ' + "[" * 10_000 + "]" * 10_000 + "}")
    with pytest.raises(eb.InvalidCatalogueError):
        eb.Catalogue.from_json("{" * 100_000)


def test_errors_pickle_and_repr() -> None:
    with pytest.raises(eb.InvalidAssessmentError) as info:
        eb.Assessment.from_json("{}", CATALOGUE)
    again = pickle.loads(pickle.dumps(info.value))
    assert type(again) is eb.InvalidAssessmentError
    assert str(again) == str(info.value) and again.problems == info.value.problems
    assert repr(info.value).startswith("InvalidAssessmentError('invalid assessment:")
    p = info.value.problems[0]
    assert pickle.loads(pickle.dumps(p)) == p and hash(p) == hash(pickle.loads(pickle.dumps(p)))
    assert eval(repr(p), {"Problem": eb.Problem}) == p
    with pytest.raises(ValueError):
        eb.Problem("fatal", "$", "m")


def test_key_error_subclasses_read_like_value_errors() -> None:
    with pytest.raises(eb.UnknownIndicatorError) as info:
        eb.Assessment("eblomladan-2016", "1881", 2017)["lead-99"]
    assert str(info.value) == 'unknown indicator "lead-99" in catalogue eblomladan-2016'  # not quoted like KeyError
    assert json.dumps(str(info.value))


def test_a_byte_order_mark_is_ignored() -> None:
    """Windows editors and Excel write a BOM; the core ignores it, as the CLI does."""
    text = (Path(__file__).resolve().parents[2] / "examples" / "kumla-2017.json").read_text(encoding="utf-8")
    assert eb.Assessment.from_json("\ufeff" + text) == eb.Assessment.from_json(text)


def test_render_options_are_checked_like_the_cli() -> None:
    a = eb.Assessment("eblomladan-2016", "1881", 2017)
    with pytest.raises(eb.InvalidFieldError, match='unknown language "de"'):
        a.flowerbox(lang="de")
    with pytest.raises(eb.InvalidFieldError, match="width 10 is out of range; expected 240 to 8000"):
        a.flowerbox(width=10)
    with pytest.raises(eb.InvalidFieldError, match='unknown area "harbour"'):
        a.comparison_chart({"harbour": 2.0})
    with pytest.raises(eb.InvalidFieldError, match="expected a number from 1 to 3"):
        a.comparison_chart({"elderly": 3.5})
    assert a.comparison_chart({"elderly": 1.9}).startswith("<svg")
