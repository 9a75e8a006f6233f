//! `Score`: the exact score of one assessment, with `AreaScore` (one flower) and `LevelScore`.

use std::fmt::Write as _;
use std::sync::{Arc, OnceLock};

use eblomlada::{AreaResult, Catalogue, Fraction, LevelResult, Score, ScoreResult, Tally, Text};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::catalogue::{fraction, opt_fraction, PyCatalogue};
use crate::convert::to_py;
use crate::table::PyTable;

/// Columns of `Score.to_records()`.
pub const RECORD_COLUMNS: &[&str] = &[
    "municipality",
    "county",
    "year",
    "area",
    "level",
    "mean",
    "score",
    "provisional_score",
    "colour",
    "complete",
];

/// The exact score of one assessment (``Assessment.score()``).
///
/// Attributes answer the common questions (``points``, ``answered``, ``total``, ``complete``,
/// ``counts``, ``percent``, ``areas["elderly"].colour``, ``levels["lead"].mean``); exact values
/// are ``fractions.Fraction`` (``areas["elderly"].score_exact``). ``to_dict()`` is the full
/// report, equal to the JSON of the command line's ``eblomlada score``. Colours are decided on
/// exact fractions, so Python, Rust and the browser always agree.
#[pyclass(frozen, module = "eblomlada", name = "Score")]
pub struct PyScore {
    inner: Score,
    result: OnceLock<ScoreResult>,
}

impl PyScore {
    /// Wraps a core score; the full report is built on first use.
    pub fn new(inner: Score) -> Self {
        PyScore {
            inner,
            result: OnceLock::new(),
        }
    }

    /// The full report.
    pub fn result(&self) -> &ScoreResult {
        self.result.get_or_init(|| self.inner.result())
    }

    fn catalogue_ref(&self) -> &Arc<Catalogue> {
        self.inner.catalogue()
    }

    /// One row per area and level, for `to_records`.
    pub fn records<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let r = self.result();
        let county = r.municipality.get(..2).unwrap_or("");
        let rows = PyList::empty(py);
        for (area, ar) in r.areas.iter() {
            for (level, mean) in ar.means.iter() {
                let row = PyDict::new(py);
                row.set_item("municipality", &r.municipality)?;
                row.set_item("county", county)?;
                row.set_item("year", r.year)?;
                row.set_item("area", area)?;
                row.set_item("level", level)?;
                row.set_item("mean", *mean)?;
                row.set_item("score", ar.score)?;
                row.set_item("provisional_score", ar.provisional_score)?;
                row.set_item("colour", ar.colour.as_deref())?;
                row.set_item("complete", ar.complete)?;
                rows.append(row)?;
            }
        }
        Ok(rows)
    }
}

fn tally_counts<'py>(py: Python<'py>, t: &Tally) -> PyResult<Bound<'py, PyAny>> {
    to_py(py, &t.counts)
}

#[pymethods]
impl PyScore {
    /// The catalogue scored against.
    #[getter]
    fn catalogue(&self) -> PyCatalogue {
        PyCatalogue::wrap(Arc::clone(self.catalogue_ref()))
    }

    /// Municipality code.
    #[getter]
    fn municipality(&self) -> &str {
        &self.result().municipality
    }

    /// County (län) code: the first two digits of the municipality code.
    #[getter]
    fn county(&self) -> &str {
        self.result().municipality.get(..2).unwrap_or("")
    }

    /// Year assessed.
    #[getter]
    fn year(&self) -> i32 {
        self.result().year
    }

    /// Points of the answered indicators.
    #[getter]
    fn points(&self) -> u64 {
        self.inner.points()
    }

    /// Points if every indicator got the best answer (264 for eBlomlådan 2016).
    #[getter]
    fn max_points(&self) -> u64 {
        self.result().max_points
    }

    /// Points if every indicator got the lowest answer (88 for eBlomlådan 2016).
    #[getter]
    fn min_points(&self) -> u64 {
        self.result().min_points
    }

    /// Answered indicators.
    #[getter]
    fn answered(&self) -> usize {
        self.inner.answered()
    }

    /// All indicators of the catalogue.
    #[getter]
    fn total(&self) -> usize {
        self.inner.total()
    }

    /// Whether every indicator is answered.
    #[getter]
    fn complete(&self) -> bool {
        self.inner.complete()
    }

    /// Answers per answer id, in scale order: ``{"fully": 10, "partly": 38, "not_met": 40}``.
    #[getter]
    fn counts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        tally_counts(py, &self.result().tally)
    }

    /// Each answer's share of the answered indicators (0–1), or ``None`` when nothing is answered.
    #[getter]
    fn shares<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.result().tally.shares)
    }

    /// Each answer's share in whole percent (rounded half up), or ``None`` when nothing is answered.
    #[getter]
    fn percent<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.result().tally.percent)
    }

    /// Per level id, a LevelScore (mean over the whole catalogue, counts), in catalogue order.
    #[getter]
    fn levels<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let catalogue = self.catalogue_ref();
        let d = PyDict::new(py);
        for (level, (id, result)) in catalogue.levels().iter().zip(self.result().levels.iter()) {
            let item = PyLevelScore {
                id: id.to_owned(),
                name: level.name.clone(),
                weight: level.weight,
                mean_exact: self.inner.level_mean(id),
                result: result.clone(),
            };
            d.set_item(id, item)?;
        }
        Ok(d)
    }

    /// Per area id, an AreaScore (the flower: score, colour, level means), in catalogue order.
    #[getter]
    fn areas<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let catalogue = self.catalogue_ref();
        let d = PyDict::new(py);
        for (area, (id, result)) in catalogue.areas().iter().zip(self.result().areas.iter()) {
            let means_exact = catalogue
                .levels()
                .iter()
                .map(|l| (l.id.clone(), self.inner.area_mean(id, &l.id)))
                .collect();
            let item = PyAreaScore {
                id: id.to_owned(),
                name: area.name.clone(),
                means_exact,
                result: result.clone(),
            };
            d.set_item(id, item)?;
        }
        Ok(d)
    }

    /// Per area id, the flower's colour (``None`` until the area is complete).
    #[getter]
    fn colours<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for a in self.inner.areas() {
            d.set_item(a.id, a.colour)?;
        }
        Ok(d)
    }

    /// The full report as Python data: equal to ``json.loads`` of ``eblomlada score FILE``
    /// (same keys in the same order, ints as int, floats as float, ``None`` for null).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, self.result())
    }

    /// The full report as JSON text, byte for byte what ``eblomlada score`` prints
    /// (``indent=None`` gives the compact form of ``--compact``).
    #[pyo3(signature = (indent=2))]
    fn to_json(&self, indent: Option<usize>) -> PyResult<String> {
        let result = self.result();
        match indent {
            None => Ok(serde_json::to_string(result).unwrap_or_default()),
            Some(2) => Ok(result.to_json()),
            Some(n) => {
                let pad = " ".repeat(n.min(16));
                let mut out = Vec::new();
                let formatter = serde_json::ser::PrettyFormatter::with_indent(pad.as_bytes());
                let mut ser = serde_json::Serializer::with_formatter(&mut out, formatter);
                serde::Serialize::serialize(result, &mut ser)
                    .map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))?;
                Ok(String::from_utf8(out).unwrap_or_default())
            }
        }
    }

    /// One dict per area and level (tidy long format) with the keys municipality, county,
    /// year, area, level, mean (the level's mean over the indicators that count for the area),
    /// and the area's score, provisional_score, colour and complete.
    fn to_records<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        self.records(py)
    }

    /// ``to_records()`` as a pandas DataFrame (needs ``pip install 'eblomlada[pandas]'``):
    /// area, level and colour as ordered categoricals in catalogue order, nullable numbers.
    fn to_pandas<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.to_arrow(py)?.to_pandas(py)
    }

    /// ``to_records()`` as an Arrow table (``__arrow_c_stream__``), typed as ``to_pandas()``.
    fn to_arrow(&self, py: Python<'_>) -> PyResult<PyTable> {
        let columns = PyList::new(py, RECORD_COLUMNS)?;
        crate::analysis::records_table(self.records(py)?.as_any(), columns.as_any(), self.catalogue_ref())
    }

    /// ``to_records()`` as a polars DataFrame (needs polars).
    fn to_polars<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        PyTable::to_polars(&Bound::new(py, self.to_arrow(py)?)?, py)
    }

    /// A compact HTML table of the area scores, for Jupyter.
    fn _repr_html_(&self) -> String {
        html_table(self.catalogue_ref(), self.result())
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        match other.cast::<PyScore>() {
            Ok(o) => self.inner == o.get().inner,
            Err(_) => false,
        }
    }

    fn __repr__(&self) -> String {
        let r = self.result();
        let colours: Vec<String> = r
            .areas
            .iter()
            .map(|(id, a)| format!("{id}={}", a.colour.as_deref().unwrap_or("none")))
            .collect();
        format!(
            "<Score {} {} {}: {} points of {}, {} of {} answered; {}>",
            self.catalogue_ref().key(),
            r.municipality,
            r.year,
            r.points,
            r.max_points,
            r.tally.answered,
            r.tally.total,
            colours.join(" ")
        )
    }
}

/// One flower of a Score: the area's own indicators and the general ones that count for it.
///
/// ``score``/``colour`` are ``None`` until every indicator that counts for the area is
/// answered; ``provisional_score`` is the weighted score of what is answered so far.
#[pyclass(frozen, module = "eblomlada", name = "AreaScore")]
pub struct PyAreaScore {
    id: String,
    name: Text,
    means_exact: Vec<(String, Option<Fraction>)>,
    result: AreaResult,
}

#[pymethods]
impl PyAreaScore {
    /// Area id, e.g. ``"elderly"``.
    #[getter]
    fn id(&self) -> &str {
        &self.id
    }

    /// The area's name in ``lang`` (``"sv"`` or ``"en"``).
    #[pyo3(signature = (lang="sv"))]
    fn name(&self, lang: &str) -> String {
        self.name.get(lang).to_owned()
    }

    /// The flower score (float), ``None`` until the area is complete.
    #[getter]
    fn score(&self) -> Option<f64> {
        self.result.score
    }

    /// The flower score as a ``fractions.Fraction``, ``None`` until the area is complete.
    #[getter]
    fn score_exact<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        opt_fraction(py, self.result.score_exact)
    }

    /// The weighted score of what is answered so far; ``None`` while a level has no answer here.
    #[getter]
    fn provisional_score(&self) -> Option<f64> {
        self.result.provisional_score
    }

    /// The provisional score as a ``fractions.Fraction``.
    #[getter]
    fn provisional_score_exact<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        opt_fraction(py, self.result.provisional_score_exact)
    }

    /// The band colour (``"green"``, ``"yellow"``, ``"red"``), ``None`` until the area is complete.
    #[getter]
    fn colour(&self) -> Option<&str> {
        self.result.colour.as_deref()
    }

    /// Whether every indicator that counts for the area is answered.
    #[getter]
    fn complete(&self) -> bool {
        self.result.complete
    }

    /// Answered indicators that count for the area.
    #[getter]
    fn answered(&self) -> usize {
        self.result.tally.answered
    }

    /// Indicators that count for the area (its own and the general ones).
    #[getter]
    fn total(&self) -> usize {
        self.result.tally.total
    }

    /// Answers per answer id over the indicators that count for the area.
    #[getter]
    fn counts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        tally_counts(py, &self.result.tally)
    }

    /// Each answer's share (0–1), or ``None`` when nothing is answered.
    #[getter]
    fn shares<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.result.tally.shares)
    }

    /// Each answer's share in whole percent, or ``None`` when nothing is answered.
    #[getter]
    fn percent<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.result.tally.percent)
    }

    /// Per level id, the mean points of the answered indicators that count for the area (float or ``None``).
    #[getter]
    fn means<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.result.means)
    }

    /// Per level id, the same means as ``fractions.Fraction`` (or ``None``).
    #[getter]
    fn means_exact<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for (level, mean) in &self.means_exact {
            d.set_item(level, opt_fraction(py, *mean)?)?;
        }
        Ok(d)
    }

    /// This area's part of the report, as in ``Score.to_dict()["areas"][id]``.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.result)
    }

    fn __repr__(&self) -> String {
        let score = match (self.result.score_exact, self.result.provisional_score_exact) {
            (Some(s), _) => format!("score={s} ({:.3})", s.to_f64()),
            (None, Some(p)) => format!("provisional_score={p} ({:.3})", p.to_f64()),
            (None, None) => "score=None".to_owned(),
        };
        format!(
            "<AreaScore {} {score} colour={} {}/{} answered>",
            self.id,
            self.result.colour.as_deref().unwrap_or("None"),
            self.result.tally.answered,
            self.result.tally.total
        )
    }
}

/// One level (services, lead, tech) of a Score, over the whole catalogue.
#[pyclass(frozen, module = "eblomlada", name = "LevelScore")]
pub struct PyLevelScore {
    id: String,
    name: Text,
    weight: Fraction,
    mean_exact: Option<Fraction>,
    result: LevelResult,
}

#[pymethods]
impl PyLevelScore {
    /// Level id, e.g. ``"lead"``.
    #[getter]
    fn id(&self) -> &str {
        &self.id
    }

    /// The level's name in ``lang`` (``"sv"`` or ``"en"``).
    #[pyo3(signature = (lang="sv"))]
    fn name(&self, lang: &str) -> String {
        self.name.get(lang).to_owned()
    }

    /// The level's exact weight in a flower's score, as a ``fractions.Fraction``.
    #[getter]
    fn weight<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        fraction(py, self.weight)
    }

    /// Mean points of the answered indicators (float), ``None`` when none is answered.
    #[getter]
    fn mean(&self) -> Option<f64> {
        self.result.mean
    }

    /// The mean as a ``fractions.Fraction``, ``None`` when none is answered.
    #[getter]
    fn mean_exact<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        opt_fraction(py, self.mean_exact)
    }

    /// Answered indicators of the level.
    #[getter]
    fn answered(&self) -> usize {
        self.result.tally.answered
    }

    /// Indicators of the level.
    #[getter]
    fn total(&self) -> usize {
        self.result.tally.total
    }

    /// Answers per answer id.
    #[getter]
    fn counts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        tally_counts(py, &self.result.tally)
    }

    /// Each answer's share (0–1), or ``None`` when nothing is answered.
    #[getter]
    fn shares<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.result.tally.shares)
    }

    /// Each answer's share in whole percent, or ``None`` when nothing is answered.
    #[getter]
    fn percent<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.result.tally.percent)
    }

    /// This level's part of the report, as in ``Score.to_dict()["levels"][id]``.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.result)
    }

    fn __repr__(&self) -> String {
        format!(
            "<LevelScore {} mean={} {}/{} answered>",
            self.id,
            self.mean_exact
                .map_or("None".to_owned(), |m| format!("{m} ({:.3})", m.to_f64())),
            self.result.tally.answered,
            self.result.tally.total
        )
    }
}

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn swatch(colour: Option<&str>) -> String {
    let css = match colour {
        Some("green") => "#3f9b3f",
        Some("yellow") => "#e6b800",
        Some("red") => "#d1453b",
        _ => "#c8c8c8",
    };
    format!(
        "<span style=\"display:inline-block;width:0.8em;height:0.8em;border-radius:50%;background:{css};vertical-align:middle\"></span>"
    )
}

fn number(value: Option<f64>) -> String {
    value.map_or("–".to_owned(), |v| format!("{v:.2}"))
}

/// The compact HTML table of `Score._repr_html_`.
fn html_table(catalogue: &Catalogue, r: &ScoreResult) -> String {
    let mut h = String::new();
    let _ = write!(
        h,
        "<table class=\"eblomlada-score\"><caption style=\"text-align:left\">{} · {} · {} — {} of {} answered, {} of {} points</caption><thead><tr><th style=\"text-align:left\">area</th>",
        escape(catalogue.key()),
        escape(&r.municipality),
        r.year,
        r.tally.answered,
        r.tally.total,
        r.points,
        r.max_points
    );
    for level in catalogue.levels() {
        let _ = write!(h, "<th>{}</th>", escape(&level.id));
    }
    h.push_str("<th>score</th><th style=\"text-align:left\">colour</th><th>answered</th></tr></thead><tbody>");
    for (area, (id, a)) in catalogue.areas().iter().zip(r.areas.iter()) {
        let _ = write!(
            h,
            "<tr><td style=\"text-align:left\" title=\"{}\">{}</td>",
            escape(area.name.get("sv")),
            escape(id)
        );
        for (_, mean) in a.means.iter() {
            let _ = write!(h, "<td>{}</td>", number(*mean));
        }
        let score = match (a.score, a.provisional_score) {
            (Some(s), _) => format!("{s:.2}"),
            (None, Some(p)) => format!("<i title=\"provisional: not every indicator is answered\">≈ {p:.2}</i>"),
            (None, None) => "–".to_owned(),
        };
        let _ = write!(
            h,
            "<td>{score}</td><td style=\"text-align:left\">{} {}</td><td>{}/{}</td></tr>",
            swatch(a.colour.as_deref()),
            escape(a.colour.as_deref().unwrap_or("none")),
            a.tally.answered,
            a.tally.total
        );
    }
    h.push_str("</tbody></table>");
    h
}
