"""Tables in and out: DataFrames and Arrow tables as assessments, results as Arrow and typed
DataFrames, scores() and trends()."""

from __future__ import annotations

import io
import json
from pathlib import Path
import math
import warnings
from typing import Any, Dict, List

import pytest

import eblomlada as eb

pd = pytest.importorskip("pandas")
pa = pytest.importorskip("pyarrow")
pl = pytest.importorskip("polars")
duckdb = pytest.importorskip("duckdb")

DATA = eb.synthetic(seed=11, years=[2016, 2017], unanswered=0.05, comments=0.2)
CSV = eb.to_csv(DATA)
REFERENCE = eb.compile(DATA, by="county").to_dict()
CATALOGUE = eb.Catalogue.builtin("eblomladan-2016")


def long_frame() -> Any:
    return pd.read_csv(io.StringIO(CSV), dtype={"municipality": str})


def wide_frame() -> Any:
    rows: List[Dict[str, Any]] = []
    for a in DATA:
        row: Dict[str, Any] = {"municipality": a.municipality, "year": a.year, "synthetic": a.synthetic}
        for ind in CATALOGUE.indicators:
            row[ind.id] = a.get(ind.id)
        rows.append(row)
    return pd.DataFrame(rows)


def compiled(table: Any) -> Dict[str, Any]:
    return eb.compile(table, by="county").to_dict()


def test_pandas_polars_pyarrow_duckdb_and_objects_compile_alike() -> None:
    df = long_frame()
    assert compiled(df) == REFERENCE
    assert compiled(pa.Table.from_pandas(df)) == REFERENCE
    assert compiled(pl.from_pandas(df)) == REFERENCE
    con = duckdb.connect()
    con.register("answers", df)
    assert compiled(con.sql("select * from answers")) == REFERENCE
    # A table read by eblomlada is the same assessments, comments included.
    back = eb.read_table(df)
    assert [a.to_dict() for a in back] == [a.to_dict() for a in DATA]


def test_a_big_table_is_read_in_parts_as_a_small_one_is() -> None:
    # Over 200 000 rows a table is read on several threads and the parts merged: the same
    # assessments in the same order, and an indicator given again in the other part is found.
    many = eb.synthetic(seed=3, years=list(range(2010, 2020)), participation=1.0, comments=0.1)
    table = pa.Table.from_pandas(pd.read_csv(io.StringIO(eb.to_csv(many)), dtype={"municipality": str}))
    assert table.num_rows > 200_000
    back = eb.read_table(table)
    assert [a.to_dict() for a in back] == [a.to_dict() for a in many]
    # Sorted by indicator, the rows of every assessment are spread over the whole table.
    spread = table.sort_by([("indicator", "ascending"), ("municipality", "ascending"), ("year", "ascending")])
    assert eb.compile(spread, by="county").to_dict() == eb.compile(many, by="county").to_dict()
    first = table.slice(0, 1)
    again = pa.concat_tables([table, first])
    with pytest.raises(eb.InvalidTableError) as err:
        eb.read_table(again)
    [problem] = err.value.problems
    assert problem.path == f"row {again.num_rows}, indicator"
    assert "given twice; first in row 1" in problem.message


def test_pandas_without_pyarrow_reads_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    df = long_frame()
    # As without pyarrow (or with pandas < 2.2): no Arrow interface, so columns as object arrays.
    monkeypatch.delattr(pd.DataFrame, "__arrow_c_stream__", raising=False)
    assert not hasattr(df, "__arrow_c_stream__")
    assert compiled(df) == REFERENCE


def test_wide_layout_and_what_pandas_does_to_codes() -> None:
    wide = wide_frame()
    assert compiled(wide) == REFERENCE
    assert compiled(pl.from_pandas(wide)) == REFERENCE
    # pandas without dtype= reads "0114" as 114 and "2.0"-style floats; both come back.
    plain = pd.read_csv(io.StringIO(CSV))
    assert plain["municipality"].dtype.kind == "i"
    assert compiled(plain) == REFERENCE
    plain["points"] = plain["points"].astype("float64")
    assert compiled(plain) == REFERENCE


def test_labels_in_any_language_and_categoricals() -> None:
    df = long_frame()
    labels = {o.id: o.label("sv") for o in CATALOGUE.scale}
    swedish = df.assign(answer=df["answer"].map(labels))
    assert compiled(swedish) == REFERENCE
    english = df.assign(answer=df["answer"].map({o.id: o.label("en").upper() for o in CATALOGUE.scale}))
    assert compiled(english) == REFERENCE
    cats = df.assign(answer=pd.Categorical(df["answer"]), indicator=df["indicator"].astype("category"))
    assert compiled(cats) == REFERENCE
    assert compiled(pa.Table.from_pandas(cats)) == REFERENCE


def test_extra_columns_are_ignored_or_refused() -> None:
    df = long_frame().reset_index()  # an index column, as df.to_csv() writes it
    assert compiled(df) == REFERENCE
    with pytest.raises(eb.InvalidTableError) as err:
        eb.read_table(df, extra="error")
    assert err.value.problems[0].path == "columns.index"
    with pytest.raises(ValueError):
        eb.read_table(df, extra="maybe")


def test_problems_name_row_and_column() -> None:
    df = long_frame().head(5).copy()
    df.loc[2, "answer"] = "kanske"
    df.loc[3, "year"] = 17
    with pytest.raises(eb.InvalidTableError) as err:
        eb.read_table(df)
    paths = [p.path for p in err.value.problems]
    assert paths == ["row 3, answer", "row 4, year"]
    assert "kanske" in str(err.value)
    with pytest.raises(eb.InvalidTableError, match="no column \"answer\""):
        eb.read_table(pd.DataFrame({"municipality": ["1881"], "year": [2017], "indicator": ["lead-01"], "x": [1]}))
    with pytest.raises(TypeError):
        eb.read_table([1, 2, 3])
    with pytest.raises(eb.InvalidTableError):
        eb.read_table(pa.table({"municipality": [[1]], "year": [2017], "indicator": ["lead-01"], "answer": ["fully"]}))


def test_a_categorical_without_categories_is_missing_answers() -> None:
    # polars and pyarrow give an all-missing categorical an empty dictionary: no panic.
    empty = pa.DictionaryArray.from_arrays(pa.array([None, None], pa.int32()), pa.array([], pa.string()))
    table = pa.table({"municipality": ["1881", "1881"], "year": [2017, 2017], "indicator": ["lead-01", "lead-02"],
                      "answer": empty})
    [a] = eb.read_table(table)
    assert a.answered == 0
    assert eb.read_table(pl.DataFrame({"municipality": ["1881"], "year": [2017], "lead-01": [None]},
                                      schema_overrides={"lead-01": pl.Categorical}))[0].answered == 0


def records_equal(a: List[Dict[str, Any]], b: List[Dict[str, Any]]) -> None:
    assert len(a) == len(b)
    for x, y in zip(a, b):
        assert x.keys() == y.keys()
        for k in x:
            u, v = x[k], y[k]
            if isinstance(u, float) and isinstance(v, float):
                assert u == pytest.approx(v) or (math.isnan(u) and math.isnan(v))
            else:
                assert u == v, (k, u, v)


def frame_records(df: Any) -> List[Dict[str, Any]]:
    return [{k: (None if v is pd.NA or (isinstance(v, float) and math.isnan(v)) else v) for k, v in row.items()}
            for row in df.astype(object).to_dict("records")]


@pytest.mark.parametrize("result,table", [
    ("compilation", "indicators"), ("compilation", "areas"), ("compilation", "levels"), ("compilation", "top"),
    ("comparison", "areas"), ("comparison", "indicators"), ("diff", "indicators"), ("diff", "areas"),
    ("plan", "steps"),
])
def test_to_arrow_read_by_pyarrow_polars_and_duckdb_equals_to_pandas(result: str, table: str) -> None:
    compilation = eb.compile(DATA, by="county")
    old, new = DATA[0], next(a for a in DATA if a.municipality == DATA[0].municipality and a.year != DATA[0].year)
    obj = {"compilation": compilation, "comparison": eb.compare(DATA[0], compilation),
           "diff": eb.diff(old, new), "plan": eb.plan(DATA[0])}[result]
    arrow = obj.to_arrow(table)
    expected = frame_records(obj.to_pandas(table))
    records_equal(pa.table(arrow).to_pylist(), expected)
    records_equal(pl.DataFrame(arrow).to_dicts(), expected)
    records_equal(obj.to_polars(table).to_dicts(), expected)
    records_equal(arrow.to_pylist(), expected)
    assert arrow.column_names == list(obj.to_pandas(table).columns)
    got = duckdb.sql("select * from arrow").fetchall()
    assert len(got) == len(expected)


def test_dtypes() -> None:
    compilation = eb.compile(DATA, by="county")
    ind = compilation.to_pandas("indicators")
    answer = ind["answer"].dtype
    assert isinstance(answer, pd.CategoricalDtype) and answer.ordered
    assert list(answer.categories) == ["fully", "partly", "not_met"]
    assert list(ind["level"].dtype.categories) == [level.id for level in CATALOGUE.levels]
    assert list(ind["area"].dtype.categories) == [area.id for area in CATALOGUE.areas]
    assert str(ind["count"].dtype) == "Int64" and str(ind["share"].dtype) == "Float64"
    assert ind["answer"].sort_values().iloc[0] == "fully"  # catalogue order, not alphabetical
    areas = compilation.to_pandas("areas")
    assert str(areas["mean"].dtype) == "Float64" and str(areas["green"].dtype) == "Int64"
    schema = pa.table(compilation.to_arrow("indicators")).schema
    assert schema.field("answer").type == pa.dictionary(pa.int32(), pa.string(), ordered=True)
    assert schema.field("count").type == pa.int64()
    scores = eb.scores(DATA).to_pandas()
    assert list(scores["colour"].dtype.categories) == [b.colour for b in CATALOGUE.bands]
    assert str(scores["score"].dtype) == "Float64" and scores["score"].isna().any()  # incomplete flowers
    assert str(scores["year"].dtype) == "Int64"
    codes = scores["municipality"].dtype
    assert isinstance(codes, pd.CategoricalDtype) and list(codes.categories) == sorted(codes.categories)
    assert set(codes.categories) == {a.municipality for a in DATA}
    # The overall figures are marked alike in a compilation and a comparison.
    comparison = eb.compare(DATA[0], compilation).to_pandas("areas")
    assert str(ind["overall"].dtype) == str(comparison["overall"].dtype) == "boolean"
    assert ind["overall"].equals(ind["group"].isna().astype("boolean"))
    assert comparison["overall"].equals((comparison["scope"] == "all").astype("boolean"))
    top, bottom = compilation.to_pandas("top"), compilation.to_pandas("bottom")
    assert list(top.columns) == list(bottom.columns)


def test_scores_and_trends() -> None:
    table = eb.scores(DATA)
    df = table.to_pandas()
    assert len(df) == len(DATA) * len(CATALOGUE.areas) == table.num_rows == len(table)
    levels = [level.id for level in CATALOGUE.levels]
    assert list(df.columns) == (["municipality", "name", "county", "year", "area"] + [f"mean_{l}" for l in levels]
                                + ["score", "score_exact", "colour", "provisional_score", "answered", "total"])
    for i, a in enumerate(DATA[:40]):
        s = a.score()
        for j, area in enumerate(CATALOGUE.areas):
            row = df.iloc[i * len(CATALOGUE.areas) + j]
            flower = s.areas[area.id]
            assert (row["municipality"], row["year"], row["area"]) == (a.municipality, a.year, area.id)
            assert (row["colour"] == flower.colour) if flower.colour else pd.isna(row["colour"])
            exact = flower.score_exact
            assert (row["score_exact"] == str(exact)) if exact is not None else pd.isna(row["score_exact"])
            assert row["answered"] == flower.answered and row["total"] == flower.total
    # The same from a table of the same data.
    records_equal(eb.scores(long_frame()).to_pylist(), table.to_pylist())
    trends = eb.trends(DATA).to_pandas()
    both = trends[trends["previous_year"].notna()]
    assert len(both) > 0 and (both["year"] > both["previous_year"]).all()
    first = both.iloc[0]
    earlier = df[(df.municipality == first.municipality) & (df.year == first.previous_year) & (df.area == first.area)]
    assert earlier["score"].iloc[0] == first["previous_score"] or pd.isna(first["previous_score"])
    with pytest.raises(eb.AnalysisError, match="second assessment"):
        eb.trends(DATA + DATA[:1])
    with pytest.raises(eb.EmptyInputError):
        eb.scores([])


def test_csv_as_swedish_excel_and_pandas_save_it(tmp_path: Any) -> None:
    labels = {o.id: o.label("sv") for o in CATALOGUE.scale}
    df = long_frame()
    excel = df.assign(answer=df["answer"].map(labels))
    path = tmp_path / "excel.csv"
    excel.to_csv(path, sep=";", index=False, encoding="utf-8-sig", decimal=",")
    assert path.read_bytes().startswith(b"\xef\xbb\xbfcatalogue;")
    assert b";2,0;" in path.read_bytes()
    assert eb.compile(eb.read_csv(path), by="county").to_dict() == REFERENCE
    tabs = tmp_path / "tabs.tsv"
    df.to_csv(tabs, sep="\t", index=False)
    assert eb.compile(eb.read_csv(tabs), by="county").to_dict() == REFERENCE
    # The library's own CSV through pandas and back: points become 2.0, synthetic True.
    again = tmp_path / "again.csv"
    df.to_csv(again, index=False)
    assert b",2.0," in again.read_bytes() and b",True" in again.read_bytes()
    assert eb.compile(eb.read_csv(again), by="county").to_dict() == REFERENCE


def test_csv_in_windows_1252_says_save_as_utf8(tmp_path: Any) -> None:
    path = tmp_path / "ansi.csv"
    text = "catalogue;municipality;year;indicator;answer;points;comment\r\n" \
           "eblomladan-2016;2180;2017;lead-01;fully;3;Gävle\r\n"
    path.write_bytes(text.encode("cp1252"))
    with pytest.raises(eb.InvalidCsvError, match="save as UTF-8"):
        eb.read_csv(path)


def test_csv_extra_columns_are_ignored_or_refused(tmp_path: Any) -> None:
    path = tmp_path / "indexed.csv"
    long_frame().assign(name="Kommun").to_csv(path)  # pandas' default: an unnamed index column first
    assert path.read_text(encoding="utf-8").startswith(",catalogue,")
    assert eb.compile(eb.read_csv(path), by="county").to_dict() == REFERENCE
    with pytest.raises(eb.InvalidCsvError, match="unknown column \"name\"|and 1 more"):
        eb.read_csv(path, extra="error")
    with pytest.raises(ValueError, match="sep must be"):
        eb.read_csv(path, sep="::")
    semi = tmp_path / "semi.csv"
    semi.write_text("catalogue;municipality;year;indicator;answer\neblomladan-2016;1881;2017;lead-01;fully\n", encoding="utf-8")
    assert eb.read_csv(semi, sep=";")[0]["lead-01"] == "fully"
    with pytest.raises(eb.InvalidCsvError):
        eb.read_csv(semi, sep=",")


def test_warnings_are_python_warnings_too(tmp_path: Any) -> None:
    with pytest.warns(eb.EblomladaWarning, match="made for the years"):
        a = eb.Assessment("eblomladan-2016", "1881", 2019)
    assert [w.path for w in a.warnings] == ["$.year"]
    df = long_frame()
    first = df["municipality"].iloc[0]
    df.loc[df["municipality"] == first, "municipality"] = "1899"  # not a municipality
    with pytest.warns(eb.EblomladaWarning, match=r"2 of \d+ assessments have a warning about the municipality"):
        eb.read_table(df)
    path = tmp_path / "w.csv"
    df.to_csv(path, index=False)
    with pytest.warns(eb.EblomladaWarning, match=r"w\.csv: \$\.municipality: 2 of"):
        eb.read_csv(path)
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error", eb.EblomladaWarning)
        with pytest.raises(eb.EblomladaWarning):
            eb.Assessment("eblomladan-2016", "1881", 2019)


def test_html_summaries_escape_what_they_show() -> None:
    html5lib = pytest.importorskip("html5lib")
    compilation = eb.compile(DATA, by="county")
    kumla = DATA[0]
    twice = [a for a in DATA if a.municipality == kumla.municipality]
    assert len(twice) == 2
    results = [compilation, eb.compare(kumla, compilation), eb.plan(kumla), eb.diff(*twice)]
    for result in results:
        html = result._repr_html_()
        assert html.startswith("<div>") and "<table" in html
        html5lib.HTMLParser(strict=True).parseFragment(html)
    # The comparison shows its chart: the area scores against the compilation's means.
    html = results[1]._repr_html_()
    assert html.count("<svg") == 1 and "Mean of" in html
    assert html.index("<svg") < html.index("<table")
    hostile = eb.Assessment("eblomladan-2016", "1881", 2017)
    hostile.set_extra("name", "<script>alert(1)</script>")
    html = eb.scores([hostile])._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "6 rows × " in html


def test_to_table_long_is_the_csv_typed_and_reads_back() -> None:
    table = eb.to_table(DATA)
    assert table.column_names == ["catalogue", "municipality", "year", "indicator", "answer", "points", "comment",
                                  "synthetic"]
    assert table.num_rows == len(DATA) * len(CATALOGUE.indicators)
    # The same cells as the CSV export, typed.
    csv = long_frame()
    df = table.to_pandas()
    assert list(df["indicator"]) == list(csv["indicator"])
    assert list(df["municipality"].astype(str)) == list(csv["municipality"])
    assert df["answer"].astype(object).where(df["answer"].notna(), None).tolist() == \
        csv["answer"].astype(object).where(csv["answer"].notna(), None).tolist()
    assert df["comment"].astype(object).where(df["comment"].notna(), None).tolist() == \
        csv["comment"].astype(object).where(csv["comment"].notna(), None).tolist()
    assert df["points"].sum() == csv["points"].sum() and df["points"].isna().sum() == csv["points"].isna().sum()
    answer = df["answer"].dtype
    assert isinstance(answer, pd.CategoricalDtype) and answer.ordered
    assert list(answer.categories) == ["fully", "partly", "not_met"]
    assert str(df["points"].dtype) == "Int64" and str(df["year"].dtype) == "Int64"
    assert str(df["synthetic"].dtype) == "boolean" and df["synthetic"].all()
    codes = df["municipality"].dtype
    assert isinstance(codes, pd.CategoricalDtype) and list(codes.categories) == sorted(codes.categories)
    # Every way of reading it gives the assessments back, comments included.
    want = [a.to_dict() for a in DATA]
    for given in (table, pa.table(table), pl.DataFrame(table), df):
        assert [a.to_dict() for a in eb.read_table(given, extra="error")] == want
    assert pa.table(table).schema.field("answer").type == pa.dictionary(pa.int32(), pa.string(), ordered=True)
    records_equal(pl.DataFrame(table).to_dicts(), frame_records(df))


def test_to_table_wide_one_row_per_assessment() -> None:
    table = eb.to_table(DATA, layout="wide")
    ids = [i.id for i in CATALOGUE.indicators]
    assert table.column_names == ["municipality", "year", "catalogue", "synthetic"] + ids
    assert table.num_rows == len(DATA)
    df = table.to_pandas()
    first = DATA[0]
    row = df.iloc[0]
    assert (row["municipality"], row["year"]) == (first.municipality, first.year)
    assert [None if pd.isna(row[i]) else row[i] for i in ids] == [first.get(i) for i in ids]
    assert all(isinstance(df[i].dtype, pd.CategoricalDtype) and df[i].dtype.ordered for i in ids)
    # No comments in the wide layout; everything else comes back.
    assert compiled(table) == REFERENCE
    back = eb.read_table(pl.DataFrame(table), extra="error")
    for a, b in zip(back, DATA):
        assert a.items() == b.items()


def test_to_table_of_several_catalogues_and_of_nothing() -> None:
    doc = json.loads(CATALOGUE.to_json())
    doc["version"] = "2016-test"
    other = eb.Catalogue.from_json(json.dumps(doc))
    b = eb.Assessment(other, "0180", 2017)
    b.answer("lead-01", "partly", "ny katalog")
    mixed = [DATA[0], b, DATA[1]]
    table = eb.to_table(mixed)
    assert pa.table(table).column("catalogue").to_pylist()[::88] == [
        "eblomladan-2016", "eblomladan-2016-test", "eblomladan-2016"]
    back = eb.read_table(table, catalogues=[other])
    assert [a.to_dict() for a in back] == [a.to_dict() for a in mixed]
    wide = eb.to_table(mixed, layout="wide").to_pandas()
    assert wide.shape == (3, 4 + 88) and wide.loc[1, "lead-01"] == "partly"
    # A catalogue that differs under the same key keeps its own indicators.
    doc["version"] = "2016"
    doc["indicators"] = doc["indicators"][1:]
    shorter = eb.Catalogue.from_json(json.dumps(doc))
    c = eb.Assessment(shorter, "0180", 2016)
    c.answer("lead-01", "fully")
    rows = eb.to_table([DATA[0], c]).to_pylist()
    assert len(rows) == 88 + 87
    assert [r["indicator"] for r in rows[88:]] == [i.id for i in shorter.indicators]
    assert [r["answer"] for r in rows[88:] if r["indicator"] == "lead-01"] == ["fully"]
    empty = eb.to_table([])
    assert empty.num_rows == 0 and len(empty.column_names) == 8
    assert empty.to_pandas().shape == (0, 8) and pa.table(empty).num_rows == 0
    assert eb.to_table([], layout="wide").column_names == ["municipality", "year", "catalogue", "synthetic"]
    with pytest.raises(ValueError, match="layout must be"):
        eb.to_table(DATA, layout="tall")
    with pytest.raises(TypeError, match="item 1 is int"):
        eb.to_table([DATA[0], 1])


def test_single_results_are_typed_tables_too() -> None:
    a = DATA[0]
    team = Path(__file__).resolve().parents[2] / "tests" / "team" / "kumla-team"
    _, report = eb.merge([eb.Contribution.from_file(p) for p in sorted(team.glob("contribution-*.json"))])
    for obj, args in ((a, ()), (a.score(), ()), (report, ("participation",)), (report, ("responses",))):
        df = obj.to_pandas(*args)  # type: ignore[attr-defined]
        arrow = obj.to_arrow(*args)  # type: ignore[attr-defined]
        assert arrow.column_names == list(df.columns)
        expected = frame_records(df)
        records_equal(pa.table(arrow).to_pylist(), expected)
        records_equal(obj.to_polars(*args).to_dicts(), expected)  # type: ignore[attr-defined]
        for column in ("answer", "level", "area", "colour"):
            if column in df.columns:
                assert isinstance(df[column].dtype, pd.CategoricalDtype) and df[column].dtype.ordered, column
    assert list(a.to_pandas()["answer"].dtype.categories) == ["fully", "partly", "not_met"]
    assert str(a.to_pandas()["points"].dtype) == "Int64"
    assert list(a.score().to_pandas()["colour"].dtype.categories) == [b.colour for b in CATALOGUE.bands]


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

INDICATORS = [i.id for i in CATALOGUE.indicators]
CODES = ["0114", "0180", "1881", "2584"]


@st.composite
def assessment_lists(draw: Any) -> List[eb.Assessment]:
    out = []
    # A table holds each municipality and year once.
    keys = draw(st.lists(st.tuples(st.sampled_from(CODES), st.sampled_from([2016, 2017])), max_size=4, unique=True))
    for code, year in keys:
        a = eb.Assessment(CATALOGUE, code, year)
        for ind in draw(st.lists(st.sampled_from(INDICATORS), max_size=12, unique=True)):
            # Any text, formulas, quotes, control characters and NUL included.
            comment = draw(st.one_of(st.none(), st.text(min_size=1, max_size=20)))
            a.answer(ind, draw(st.sampled_from(["fully", "partly", "not_met"])), comment)
        out.append(a)
    return out


@settings(max_examples=60, deadline=None)
@given(data=assessment_lists(), layout=st.sampled_from(["long", "wide"]))
def test_to_table_then_read_table_gives_the_assessments_back(data: List[eb.Assessment], layout: str) -> None:
    table = eb.to_table(data, layout=layout)
    assert table.num_rows == len(data) * (len(INDICATORS) if layout == "long" else 1)
    if not data:
        return
    for given_ in (table, pa.table(table), pl.DataFrame(table)):
        back = eb.read_table(given_, extra="error")
        if layout == "long":
            assert [a.to_dict() for a in back] == [a.to_dict() for a in data]
        else:
            assert [(a.municipality, a.year, a.items()) for a in back] == \
                [(a.municipality, a.year, a.items()) for a in data]


def test_text_columns_alike_with_and_without_arrow_backed_strings() -> None:
    # pandas 3 with pyarrow builds text columns from Arrow; older pandas (object dtype) and
    # pandas without pyarrow take numpy's path. Both give the same texts and missing values.
    table = eb.to_table(DATA[:30])
    arrow_backed = table.to_pandas()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pd.option_context("future.infer_string", False):
            plain = table.to_pandas()
    assert plain["indicator"].dtype == object
    for column in ("catalogue", "indicator", "comment"):
        a = arrow_backed[column].astype(object).where(arrow_backed[column].notna(), None).tolist()
        assert a == plain[column].tolist(), column
    assert plain["comment"].isna().sum() == arrow_backed["comment"].isna().sum() > 0
    nothing = eb.to_table([eb.Assessment(CATALOGUE, "1881", 2017)]).to_pandas()
    assert nothing["comment"].isna().all() and nothing["comment"].dtype == object
