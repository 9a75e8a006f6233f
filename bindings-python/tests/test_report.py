"""``eblomlada.report``: the Kumla report's findings, the same document as the CLI, HTML that an
independent HTML5 parser (html5lib) reads without errors, DOCX that python-docx opens (headings in
order, tables, pictures, placeholders), hostile text inert in both."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any, List, Tuple

import docx
import html5lib
import pytest

import eblomlada as eb

from conftest import EXAMPLES

KUMLA_2017 = EXAMPLES / "kumla-2017.json"
KUMLA_2016 = EXAMPLES / "kumla-2016.json"


def kumla(year: int) -> eb.Assessment:
    return eb.Assessment.from_file(EXAMPLES / f"kumla-{year}.json")


def parse_strict(html: str) -> Any:
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    return parser.parse(html)


def section(model: Any, ident: str) -> Any:
    return next(s for s in model["sections"] if s["id"] == ident)


def test_the_kumla_findings() -> None:
    r = eb.report(kumla(2017), previous=kumla(2016))
    model = r.to_dict()
    elderly = section(model, "elderly")
    red = next(c for c in elderly["change"]["counts"] if c["answer"] == "not_met")
    assert (red["before"], red["after"]) == (4, 2)
    assert (elderly["best"]["id"], elderly["best"]["percent"], elderly["best"]["own_id"]) == ("elderly-06", 77, "fully")
    assert (elderly["worst"]["id"], elderly["worst"]["percent"]) == ("elderly-05", 85)
    assert [n["id"] for n in section(model, "culture")["change"]["down"]] == ["culture-05"]
    assert model["reference"]["kind"] == "published" and model["reference"]["assessments"] == 61
    totals = {c[0]: (c[3], c[4]) for c in model["totals"]["counts"]}
    assert totals == {"fully": (10, 11), "partly": (38, 43), "not_met": (40, 45)}
    assert "«Uppfyller inte alls» gick från 4 till 2" in r.to_html()
    assert r.summary().startswith("Kumla: eBlomlådan 2017")


def test_same_document_as_the_cli(cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "k.html"
    code, _, err = cli.run("report", str(KUMLA_2017), "--previous", str(KUMLA_2016), "-o", str(out))
    assert code == 0, err
    r = eb.report(kumla(2017), previous=kumla(2016))
    assert r.to_bytes() == out.read_bytes()
    assert r._repr_html_() == out.read_text(encoding="utf-8")
    code, text, _ = cli.run("report", str(KUMLA_2017), "--previous", str(KUMLA_2016), "--lang", "en")
    assert text.strip() == eb.report(kumla(2017), previous=kumla(2016), lang="en").summary().strip()


def test_html_is_well_formed_and_self_contained() -> None:
    for lang in ("sv", "en"):
        html = eb.report(kumla(2017), previous=kumla(2016), lang=lang).to_html()
        tree = parse_strict(html)
        assert tree.find(".//script") is None
        assert [h.text for h in tree.iter("h2")][1:] != []
        assert all(a.get("href", "").startswith("#") for a in tree.iter("a"))
        assert len(html.encode()) <= 400 * 1024


def test_against_assessments_or_a_compilation() -> None:
    national = eb.synthetic(seed=2, years=[2017])
    by_list = eb.report(kumla(2017), against=national).to_dict()
    by_compilation = eb.report(kumla(2017), against=eb.compile(national)).to_dict()
    assert by_list == by_compilation
    assert by_list["reference"]["kind"] == "compilation" and by_list["reference"]["synthetic"] == len(national)
    assert "syntetiska" in by_list["reference"]["sentence"]


def test_wrong_arguments() -> None:
    with pytest.raises(ValueError, match="format"):
        eb.report(kumla(2017), format="pdf")
    with pytest.raises(ValueError, match="lang"):
        eb.report(kumla(2017), lang="de")
    with pytest.raises(TypeError, match="Assessment"):
        eb.report("kumla.json")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        eb.report(kumla(2017), previous=42)  # type: ignore[arg-type]


def style(paragraph: Any) -> str:
    return paragraph.style.name if paragraph.style is not None else ""


def headings(document: Any) -> List[Tuple[str, str]]:
    return [(style(p), p.text) for p in document.paragraphs if style(p).startswith("Heading")]


def test_docx_opens_with_python_docx(tmp_path: Path) -> None:
    r = eb.report(kumla(2017), previous=kumla(2016), format="docx")
    assert r.format == "docx" and r.to_bytes()[:2] == b"PK"
    path = tmp_path / "kumla.docx"
    r.to_file(path)
    document = docx.Document(str(path))
    h = headings(document)
    h1 = [text for style, text in h if style == "Heading 1"]
    assert h1 == ["Bakgrund och mätmetod", "Resultat", "Resultat och analys", "Sammanfattning", "Slutsats", "Bilaga: samtliga svar"]
    h2 = [text for style, text in h if style == "Heading 2"]
    areas = [s["name"] for s in r.to_dict()["sections"]]
    assert [x for x in h2 if x in areas] == areas, "the sections in catalogue order"
    # Every "Förslag till insats" is followed by a marked, empty place for the municipality's text.
    texts = [(style(p), p.text) for p in document.paragraphs]
    starts = [i for i, (style, text) in enumerate(texts) if style == "Heading 3" and text == "Förslag till insats"]
    assert len(starts) == len(areas)
    for i in starts:
        following = texts[i + 1 : i + 30]
        assert any(style == "Placeholder" and "[Skriv kommunens förslag till insats här.]" in text for style, text in following)
    assert len(document.tables) >= 10
    appendix = document.tables[-1]
    assert len(appendix.rows) == 89
    assert len(document.inline_shapes) == 3, "this year, last year, the comparison"
    assert any("gick från 4 till 2" in p.text for p in document.paragraphs)


def test_hostile_text_is_inert_in_both_formats() -> None:
    evil = '<script>alert(1)</script><w:p><w:r><w:t>x</w:t></w:r></w:p>\x1b[2J&'
    data = json.loads(KUMLA_2017.read_text(encoding="utf-8"))
    data["name"] = evil
    data["answers"]["elderly-01"]["comment"] = evil
    a = eb.Assessment.from_json(json.dumps(data))
    html = eb.report(a).to_html()
    tree = parse_strict(html)
    assert tree.find(".//script") is None
    assert evil.replace("\x1b", "\x1b") in "".join(tree.itertext()) or "<script>alert(1)</script>" in "".join(tree.itertext())
    document = docx.Document(io.BytesIO(eb.report(a, format="docx").to_bytes()))
    cells = [c.text for row in document.tables[-1].rows for c in row.cells]
    assert '<script>alert(1)</script><w:p><w:r><w:t>x</w:t></w:r></w:p>[2J&' in cells
    assert document.paragraphs[0].text.startswith("<script>")
