"""Catalogue: the built-in 2016 catalogue, files, lookups and the small frozen parts."""

from __future__ import annotations

import copy
import json
import pickle
from fractions import Fraction
from pathlib import Path

import pytest

import eblomlada as eb

from conftest import REPO


def test_builtin_shape(catalogue: eb.Catalogue) -> None:
    assert eb.Catalogue.builtin_keys() == ["eblomladan-2016"]
    assert (catalogue.id, catalogue.version, catalogue.key) == ("eblomladan", "2016", "eblomladan-2016")
    assert len(catalogue) == 88
    assert catalogue.measurement_years == (2016, 2017)
    assert [a.id for a in catalogue.areas] == ["elderly", "children", "business", "housing", "culture", "public"]
    assert [(l.id, l.weight) for l in catalogue.levels] == [
        ("services", Fraction(1, 2)),
        ("lead", Fraction(1, 4)),
        ("tech", Fraction(1, 4)),
    ]
    assert [(s.id, s.points, s.colour) for s in catalogue.scale] == [
        ("fully", 3, "green"),
        ("partly", 2, "yellow"),
        ("not_met", 1, "red"),
    ]
    assert [(b.colour, b.min) for b in catalogue.bands] == [
        ("green", Fraction(7, 3)),
        ("yellow", Fraction(5, 3)),
        ("red", Fraction(1)),
    ]
    assert eb.Catalogue.builtin() == catalogue


def test_indicators_iterate_in_catalogue_order(catalogue: eb.Catalogue) -> None:
    ids = [i.id for i in catalogue]
    assert ids[0] == "elderly-01" and ids[8] == "lead-01" and ids[87] == "public-06"
    assert ids == [i.id for i in catalogue.indicators]
    counts = {}
    for ind in catalogue:
        counts[(ind.level, ind.area)] = counts.get((ind.level, ind.area), 0) + 1
    assert counts[("lead", None)] == 34 and counts[("tech", None)] == 10
    assert counts[("services", "culture")] == 10


def test_lookup_and_texts(catalogue: eb.Catalogue) -> None:
    lead = catalogue["lead-03"]
    assert (lead.id, lead.level, lead.area) == ("lead-03", "lead", None)
    assert lead.text_sv == lead.text("sv") == lead.text() and lead.text_sv
    assert lead.text_en == lead.text("en") and lead.text_en != lead.text_sv
    assert lead.text("fi") == lead.text_sv  # falls back to Swedish
    assert catalogue.indicator("lead-03") == lead
    assert hash(lead) == hash(catalogue["lead-03"])
    assert "lead-03" in catalogue and "lead-99" not in catalogue and 3 not in catalogue
    assert catalogue["elderly-06"].area == "elderly"
    assert repr(lead) == "Indicator(id='lead-03', level='lead', area=None)"
    area = catalogue.areas[0]
    assert area.name("sv").startswith("Äldre") and area.name("en").startswith("Elderly")
    assert catalogue.levels[1].name("en")
    assert catalogue.scale[0].label("sv") and catalogue.scale[0].label("en")
    assert catalogue.name("en") and catalogue.name()


def test_unknown_indicator_is_a_key_error(catalogue: eb.Catalogue) -> None:
    with pytest.raises(eb.UnknownIndicatorError) as info:
        catalogue["lead-99"]
    assert isinstance(info.value, KeyError) and isinstance(info.value, ValueError)
    assert str(info.value) == 'unknown indicator "lead-99" in catalogue eblomladan-2016'
    with pytest.raises(KeyError):
        catalogue[3]  # type: ignore[index]


def test_unknown_builtin(catalogue: eb.Catalogue) -> None:
    with pytest.raises(eb.UnknownCatalogueError) as info:
        eb.Catalogue.builtin("eblomladan-2014")
    assert isinstance(info.value, KeyError)
    assert str(info.value) == 'unknown catalogue "eblomladan-2014"; built-in catalogues: eblomladan-2016'
    assert info.value.problems[0].path == "$"


def test_parts_are_frozen(catalogue: eb.Catalogue) -> None:
    with pytest.raises(AttributeError):
        catalogue["lead-03"].id = "x"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        catalogue.key = "x"  # type: ignore[misc]


def test_from_json_and_file_round_trip(catalogue: eb.Catalogue, tmp_path: Path) -> None:
    text = (REPO / "indicators" / "eblomladan-2016.json").read_text(encoding="utf-8")
    again = eb.Catalogue.from_json(text)
    assert again == catalogue
    assert eb.Catalogue.from_json(text.encode("utf-8")) == catalogue
    assert eb.Catalogue.from_json(catalogue.to_json()) == catalogue
    assert catalogue.to_dict() == json.loads(catalogue.to_json())
    assert eb.Catalogue.from_file(REPO / "indicators" / "eblomladan-2016.json") == catalogue
    assert eb.Catalogue.from_file(str(REPO / "indicators" / "eblomladan-2016.json")) == catalogue


def test_invalid_catalogue_lists_every_problem(catalogue: eb.Catalogue, tmp_path: Path) -> None:
    doc = catalogue.to_dict()
    doc["levels"][0]["weight"] = "1/3"
    doc["indicators"][1]["id"] = "elderly-01"
    doc["indicators"][2]["level"] = "roots"
    with pytest.raises(eb.InvalidCatalogueError) as info:
        eb.Catalogue.from_json(json.dumps(doc))
    paths = [p.path for p in info.value.problems]
    assert "$.levels" in paths and "$.indicators[1].id" in paths and "$.indicators[2].level" in paths
    assert str(info.value).startswith("invalid catalogue: ")
    assert "(and 2 more problems)" in str(info.value)
    file = tmp_path / "broken.json"
    file.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(eb.InvalidCatalogueError) as info:
        eb.Catalogue.from_file(file)
    assert str(info.value).startswith(f"{file}: invalid catalogue: ")
    assert info.value.filename == str(file)


def test_pickle_and_copy(catalogue: eb.Catalogue) -> None:
    assert pickle.loads(pickle.dumps(catalogue)) == catalogue
    assert copy.deepcopy(catalogue) == catalogue
    custom = eb.Catalogue.from_json(catalogue.to_json().replace('"2016"', '"2016-custom"', 1))
    assert custom.key == "eblomladan-2016-custom"
    assert pickle.loads(pickle.dumps(custom)) == custom
    assert custom != catalogue and catalogue != "eblomladan-2016"


def test_repr(catalogue: eb.Catalogue) -> None:
    assert repr(catalogue) == "<Catalogue eblomladan-2016: 88 indicators, 6 areas, 3 levels>"
