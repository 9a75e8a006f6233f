//! `Assessment`: one municipality's answers to one catalogue in one year.

use std::path::PathBuf;
use std::sync::Arc;

use eblomlada::render::{self, Palette};
use eblomlada::{Assessment, AssessmentDocument, Catalogue, CatalogueRef, Error, Problem};
use pyo3::exceptions::{PyKeyError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyInt, PyIterator, PyList, PyString, PyTuple};
use serde::Deserialize;

use crate::catalogue::{builtin, catalogue_arg, read_file, text_arg, write_file, PyCatalogue};
use crate::convert::{py_repr, to_json_value, to_py, type_name};
use crate::errors::{core_error, Problem as PyProblem};
use crate::score::PyScore;
use crate::table::PyTable;

/// The year argument: an `int` (not a `bool`); values far out of range give the core's message.
fn year_arg(obj: &Bound<'_, PyAny>) -> PyResult<i32> {
    if obj.is_instance_of::<PyBool>() || !obj.is_instance_of::<PyInt>() {
        return Err(PyTypeError::new_err(format!(
            "year must be an int, not {}",
            type_name(obj)
        )));
    }
    match obj.extract::<i32>() {
        Ok(y) => Ok(y),
        Err(_) => Err(core_error(
            obj.py(),
            &Error::InvalidField {
                field: "year",
                message: format!(
                    "year {} is out of range; expected a year between 1900 and 2200",
                    obj.str()?.to_cow()?
                ),
            },
            None,
        )),
    }
}

/// Just the catalogue reference of an assessment file, to find its built-in catalogue.
#[derive(Deserialize)]
struct Peek {
    catalogue: CatalogueRef,
}

/// The catalogue an assessment text names, found as the command line finds it: a document
/// with problems reports those first, then an unknown catalogue is reported at `$.catalogue`.
pub(crate) fn named_catalogue(py: Python<'_>, text: &str, filename: Option<&str>) -> PyResult<Arc<Catalogue>> {
    // Fast path: only the catalogue reference is read, and the built-in catalogue is cached.
    if let Ok(peek) = serde_json::from_str::<Peek>(text) {
        if let Ok(catalogue) = builtin(&peek.catalogue.key()) {
            return Ok(catalogue);
        }
    }
    let doc = AssessmentDocument::from_json(text).map_err(|e| core_error(py, &e, filename))?;
    builtin(&doc.catalogue.key()).map_err(|e| {
        let detail = format!("{e}; pass catalogue=Catalogue.from_file(PATH)");
        let message = match filename {
            Some(file) => format!("{file}: {detail}"),
            None => detail.clone(),
        };
        let problem = Problem::error("$.catalogue", detail);
        crate::errors::raise(py, "UnknownCatalogueError", message, vec![problem], filename)
    })
}

/// Options of the drawings.
pub(crate) fn render_options(
    lang: &str,
    palette: &str,
    width: i64,
    labels: bool,
    legend: bool,
) -> PyResult<render::Options> {
    let palette: Palette = palette
        .parse()
        .map_err(|e: render::ParsePaletteError| PyValueError::new_err(e.to_string()))?;
    let options = render::Options {
        lang: lang.to_owned(),
        // Out of u32's range is out of the core's range too; the core says what is allowed.
        width: u32::try_from(width).unwrap_or(u32::MAX),
        labels,
        legend,
        palette,
        disagreements: Vec::new(),
    };
    options
        .check()
        .map_err(|e| Python::attach(|py| core_error(py, &e, None)))?;
    Ok(options)
}

/// One municipality's self-assessment against one catalogue in one year.
///
/// >>> a = Assessment("eblomladan-2016", municipality="1881", year=2017)
/// >>> a.answer("elderly-06", "fully", comment="Digitala trygghetslarm sedan 2016.")
/// >>> a["elderly-06"], len(a), "lead-03" in a
/// ('fully', 1, False)
///
/// It behaves like a mapping from indicator id to answer id over the answered indicators
/// (``a[id]``, ``a.get(id)``, ``in``, ``len``, iteration, ``keys``/``values``/``items``);
/// ``a[id] = "partly"`` answers and ``del a[id]`` clears. ``score()`` scores it exactly,
/// ``flowerbox()`` draws it, and in Jupyter it shows itself as the flowerbox.
#[pyclass(module = "eblomlada", name = "Assessment")]
pub struct PyAssessment {
    /// The checked assessment.
    pub inner: Assessment,
}

impl PyAssessment {
    fn parse(
        py: Python<'_>,
        text: &Bound<'_, PyAny>,
        catalogue: Option<&Bound<'_, PyAny>>,
        filename: Option<&str>,
    ) -> PyResult<Self> {
        let text = match text_arg(text, "the assessment text")? {
            Ok(t) => t,
            Err(problem) => {
                let err = Error::InvalidAssessment {
                    problems: vec![problem],
                };
                return Err(core_error(py, &err, filename));
            }
        };
        let catalogue = match catalogue {
            Some(c) if !c.is_none() => catalogue_arg(c)?,
            _ => named_catalogue(py, text.as_str(), filename)?,
        };
        let parsed = py.detach(|| Assessment::from_json(text.as_str(), &catalogue));
        let inner = parsed.map_err(|e| core_error(py, &e, filename))?;
        crate::errors::warn(py, &inner.warnings(), filename)?;
        Ok(PyAssessment { inner })
    }

    fn id_arg(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<String> {
        match obj.cast::<PyString>() {
            Ok(s) => Ok(s.to_cow()?.into_owned()),
            Err(_) => Err(PyTypeError::new_err(format!(
                "{what} must be a str, not {}",
                type_name(obj)
            ))),
        }
    }

    fn err(&self, py: Python<'_>, e: Error) -> PyErr {
        core_error(py, &e, None)
    }

    fn check_known(&self, py: Python<'_>, id: &str) -> PyResult<()> {
        match self.inner.catalogue().indicator_index(id) {
            Some(_) => Ok(()),
            None => Err(self.err(
                py,
                Error::UnknownIndicator {
                    id: id.to_owned(),
                    catalogue: self.inner.catalogue().key().to_owned(),
                },
            )),
        }
    }

    /// One row per indicator, for `to_records`.
    pub fn records<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let a = &self.inner;
        let catalogue = a.catalogue();
        let rows = PyList::empty(py);
        let county = a.county();
        for ind in catalogue.indicators() {
            let row = PyDict::new(py);
            row.set_item("municipality", a.municipality())?;
            row.set_item("county", county)?;
            row.set_item("year", a.year())?;
            row.set_item("indicator", &ind.id)?;
            row.set_item("level", &ind.level)?;
            row.set_item("area", ind.area.as_deref())?;
            let answer = a.answer_of(&ind.id);
            row.set_item("answer", answer)?;
            let points = answer
                .and_then(|x| catalogue.answer_index(x))
                .map(|i| catalogue.scale()[i].points);
            row.set_item("points", points)?;
            row.set_item("comment", a.comment_of(&ind.id))?;
            rows.append(row)?;
        }
        Ok(rows)
    }
}

/// Columns of `Assessment.to_records()`.
pub const RECORD_COLUMNS: &[&str] = &[
    "municipality",
    "county",
    "year",
    "indicator",
    "level",
    "area",
    "answer",
    "points",
    "comment",
];

/// The error of a call that finds the assessment in use by another call: only possible when
/// Python code run during a change (a value's `__iter__`) uses the same assessment, since every
/// method takes what it needs before it lets go of the GIL.
pub(crate) fn busy() -> PyErr {
    pyo3::exceptions::PyRuntimeError::new_err(
        "this Assessment is being used by another call that changes it (Python code run during \
         that change uses it too); change it from one place at a time, or work on a copy()",
    )
}

/// A copy of the assessment to work on without the GIL.
fn snapshot(slf: &Bound<'_, PyAssessment>) -> PyResult<Assessment> {
    Ok(slf.try_borrow().map_err(|_| busy())?.inner.clone())
}

#[pymethods]
impl PyAssessment {
    /// Assessment(catalogue, municipality, year)
    ///
    /// An empty assessment. ``catalogue`` is a Catalogue or the key of a built-in one
    /// (``"eblomladan-2016"``); ``municipality`` the four-digit code as a str (``"1881"`` is
    /// Kumla); ``year`` the year assessed. Raises InvalidFieldError for a malformed code or a
    /// year outside 1900–2200 (a year the catalogue was not made for is only a warning).
    #[new]
    #[pyo3(signature = (catalogue, municipality, year))]
    pub(crate) fn new(
        catalogue: &Bound<'_, PyAny>,
        municipality: &Bound<'_, PyAny>,
        year: &Bound<'_, PyAny>,
    ) -> PyResult<Self> {
        let py = catalogue.py();
        let catalogue = catalogue_arg(catalogue)?;
        let municipality = match municipality.cast::<PyString>() {
            Ok(s) => s.to_cow()?.into_owned(),
            Err(_) => {
                return Err(PyTypeError::new_err(format!(
                    "municipality must be the four-digit code as a str, e.g. \"0114\", not {}",
                    type_name(municipality)
                )))
            }
        };
        let year = year_arg(year)?;
        let inner = Assessment::new(&catalogue, &municipality, year).map_err(|e| core_error(py, &e, None))?;
        crate::errors::warn(py, &inner.warnings(), None)?;
        Ok(PyAssessment { inner })
    }

    /// Parses an assessment (JSON text as ``str`` or UTF-8 ``bytes``) and checks it.
    ///
    /// ``catalogue`` is a Catalogue, the key of a built-in one, or ``None`` for the built-in
    /// catalogue the document names. Raises InvalidAssessmentError listing every problem
    /// (``.problems``, each with its JSON path), UnknownCatalogueError when the document names
    /// a catalogue that is not built in.
    #[staticmethod]
    #[pyo3(signature = (text, catalogue=None))]
    fn from_json(py: Python<'_>, text: &Bound<'_, PyAny>, catalogue: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        Self::parse(py, text, catalogue, None)
    }

    /// Reads an assessment file (``str`` or ``os.PathLike`` path) and checks it, like ``from_json``.
    ///
    /// Error messages start with the file name; a file that is not UTF-8 is reported with the
    /// line and column of the first bad byte. A missing file raises FileNotFoundError.
    #[staticmethod]
    #[pyo3(signature = (path, catalogue=None))]
    fn from_file(py: Python<'_>, path: PathBuf, catalogue: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let bytes = read_file(py, &path)?;
        let name = path.display().to_string();
        Self::parse(py, PyBytes::new(py, &bytes).as_any(), catalogue, Some(&name))
    }

    /// The catalogue this assessment answers.
    #[getter]
    fn catalogue(&self) -> PyCatalogue {
        PyCatalogue::wrap(Arc::clone(self.inner.catalogue()))
    }

    /// Four-digit municipality code, e.g. ``"1881"``.
    #[getter]
    fn municipality(&self) -> &str {
        self.inner.municipality()
    }

    /// Two-digit county (län) code: the first two digits of the municipality code.
    #[getter]
    fn county(&self) -> &str {
        self.inner.county()
    }

    /// The municipality's name: the file's ``name``, else the bundled table's, else ``None``.
    #[getter]
    fn municipality_name(&self) -> Option<&str> {
        self.inner.municipality_name()
    }

    /// Whether the file says it is invented data (``"synthetic": true``).
    #[getter]
    fn synthetic(&self) -> bool {
        self.inner.is_synthetic()
    }

    /// The year assessed; setting it checks the range (1900–2200).
    #[getter]
    fn get_year(&self) -> i32 {
        self.inner.year()
    }

    #[setter]
    fn set_year(&mut self, year: Option<&Bound<'_, PyAny>>) -> PyResult<()> {
        let year = year.ok_or_else(|| PyTypeError::new_err("the year cannot be deleted"))?;
        let py = year.py();
        let year = year_arg(year)?;
        self.inner.set_year(year).map_err(|e| core_error(py, &e, None))
    }

    /// How many indicators are answered (the same as ``len(assessment)``).
    #[getter]
    fn answered(&self) -> usize {
        self.inner.answered()
    }

    /// How many indicators the catalogue has.
    #[getter]
    fn total(&self) -> usize {
        self.inner.catalogue().indicators().len()
    }

    /// Whether every indicator is answered.
    #[getter]
    fn complete(&self) -> bool {
        self.inner.answered() == self.inner.catalogue().indicators().len()
    }

    /// Problems that do not make the assessment unusable, as a list of Problem: a year outside
    /// the catalogue's measurement years.
    #[getter]
    fn warnings(&self) -> Vec<PyProblem> {
        self.inner.warnings().into_iter().map(PyProblem).collect()
    }

    /// The optional top-level fields kept from the file (name, status, dates…) as a dict.
    #[getter]
    fn extra<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, self.inner.extra())
    }

    /// Sets an optional top-level field to JSON-like data, or removes it with ``None``.
    ///
    /// The fields the format defines (catalogue, municipality, year, answers) cannot be set.
    fn set_extra(
        slf: &Bound<'_, Self>,
        py: Python<'_>,
        key: &Bound<'_, PyAny>,
        value: &Bound<'_, PyAny>,
    ) -> PyResult<()> {
        let key = Self::id_arg(key, "key")?;
        // Converted before the assessment is borrowed: the value's own Python code (a list
        // subclass's __iter__) may use this very assessment.
        let value = if value.is_none() {
            None
        } else {
            Some(to_json_value(value)?)
        };
        let mut this = slf.try_borrow_mut().map_err(|_| busy())?;
        let result = this.inner.set_extra(&key, value);
        result.map_err(|e| this.err(py, e))
    }

    /// Answers indicator ``indicator`` with ``answer`` (``"fully"``, ``"partly"`` or ``"not_met"``).
    ///
    /// A ``comment`` (str) is set with the answer; with ``comment=None`` an existing comment is
    /// kept. Raises UnknownIndicatorError or UnknownAnswerError and changes nothing then.
    #[pyo3(signature = (indicator, answer, comment=None))]
    fn answer(
        &mut self,
        py: Python<'_>,
        indicator: &Bound<'_, PyAny>,
        answer: &Bound<'_, PyAny>,
        comment: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        let id = Self::id_arg(indicator, "indicator")?;
        let answer = Self::id_arg(answer, "answer")?;
        let comment = match comment {
            Some(c) if !c.is_none() => Some(Self::id_arg(c, "comment")?),
            _ => None,
        };
        self.inner.answer(&id, &answer).map_err(|e| self.err(py, e))?;
        if let Some(text) = comment {
            self.inner.comment(&id, Some(&text)).map_err(|e| self.err(py, e))?;
        }
        Ok(())
    }

    /// Removes the answer (and its comment) of ``indicator``; nothing happens if it is unanswered.
    fn clear(&mut self, py: Python<'_>, indicator: &Bound<'_, PyAny>) -> PyResult<()> {
        let id = Self::id_arg(indicator, "indicator")?;
        self.inner.clear(&id).map_err(|e| self.err(py, e))
    }

    /// Sets (str) or removes (``None``) the comment of an answered indicator.
    ///
    /// Raises InvalidFieldError when the indicator is not answered yet.
    #[pyo3(signature = (indicator, text))]
    fn comment(&mut self, py: Python<'_>, indicator: &Bound<'_, PyAny>, text: &Bound<'_, PyAny>) -> PyResult<()> {
        let id = Self::id_arg(indicator, "indicator")?;
        let text = if text.is_none() {
            None
        } else {
            Some(Self::id_arg(text, "text")?)
        };
        self.inner.comment(&id, text.as_deref()).map_err(|e| self.err(py, e))
    }

    /// The comment on ``indicator``, or ``None``.
    fn comment_of(&self, py: Python<'_>, indicator: &Bound<'_, PyAny>) -> PyResult<Option<String>> {
        let id = Self::id_arg(indicator, "indicator")?;
        self.check_known(py, &id)?;
        Ok(self.inner.comment_of(&id).map(str::to_owned))
    }

    /// Every comment, as a dict from indicator id to comment, in catalogue order.
    #[getter]
    fn comments<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for (id, _, comment) in self.inner.answers() {
            if let Some(c) = comment {
                d.set_item(id, c)?;
            }
        }
        Ok(d)
    }

    /// The answer given to ``indicator``, or ``default`` when it is unanswered.
    ///
    /// Raises UnknownIndicatorError for an id the catalogue does not have.
    #[pyo3(signature = (indicator, default=None))]
    fn get<'py>(
        &self,
        py: Python<'py>,
        indicator: &Bound<'py, PyAny>,
        default: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let id = Self::id_arg(indicator, "indicator")?;
        self.check_known(py, &id)?;
        Ok(match self.inner.answer_of(&id) {
            Some(a) => PyString::new(py, a).into_any(),
            None => default.unwrap_or_else(|| py.None().into_bound(py)),
        })
    }

    /// The answered indicator ids, in catalogue order.
    fn keys(&self) -> Vec<String> {
        self.inner.answers().map(|(id, _, _)| id.to_owned()).collect()
    }

    /// The answers of the answered indicators, in catalogue order.
    fn values(&self) -> Vec<String> {
        self.inner.answers().map(|(_, a, _)| a.to_owned()).collect()
    }

    /// ``(indicator id, answer id)`` pairs of the answered indicators, in catalogue order.
    fn items(&self) -> Vec<(String, String)> {
        self.inner
            .answers()
            .map(|(id, a, _)| (id.to_owned(), a.to_owned()))
            .collect()
    }

    fn __getitem__<'py>(&self, py: Python<'py>, indicator: &Bound<'py, PyAny>) -> PyResult<String> {
        let Ok(s) = indicator.cast::<PyString>() else {
            return Err(PyKeyError::new_err(indicator.clone().unbind()));
        };
        let id = s.to_cow()?;
        self.check_known(py, &id)?;
        self.inner
            .answer_of(&id)
            .map(str::to_owned)
            .ok_or_else(|| PyKeyError::new_err(id.into_owned()))
    }

    fn __setitem__(&mut self, py: Python<'_>, indicator: &Bound<'_, PyAny>, answer: &Bound<'_, PyAny>) -> PyResult<()> {
        self.answer(py, indicator, answer, None)
    }

    fn __delitem__(&mut self, py: Python<'_>, indicator: &Bound<'_, PyAny>) -> PyResult<()> {
        let Ok(s) = indicator.cast::<PyString>() else {
            return Err(PyKeyError::new_err(indicator.clone().unbind()));
        };
        let id = s.to_cow()?.into_owned();
        self.check_known(py, &id)?;
        if self.inner.answer_of(&id).is_none() {
            return Err(PyKeyError::new_err(id));
        }
        self.inner.clear(&id).map_err(|e| self.err(py, e))
    }

    fn __contains__(&self, indicator: &Bound<'_, PyAny>) -> PyResult<bool> {
        Ok(match indicator.cast::<PyString>() {
            Ok(s) => self.inner.answer_of(&s.to_cow()?).is_some(),
            Err(_) => false,
        })
    }

    fn __len__(&self) -> usize {
        self.inner.answered()
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyIterator>> {
        PyList::new(py, self.keys())?.try_iter()
    }

    /// Scores the assessment exactly: a Score with points, level means, flower scores and colours.
    fn score(&self) -> PyScore {
        PyScore::new(self.inner.score())
    }

    /// The flowerbox picture as a standalone SVG document (str).
    ///
    /// ``lang`` is ``"sv"`` or ``"en"``; ``palette`` ``"standard"`` or ``"colour-blind"``;
    /// ``width`` sets the width in pixels (the drawing scales; up to 640 the picture is laid out
    /// for that width, for phones: flowers in rows, text at least 12 px). ``disagreements`` marks indicator
    /// ids with an open disagreement (``TeamReport.open``): a dotted violet outline and a legend entry.
    #[pyo3(signature = (lang="sv", palette="standard", width=960, labels=true, legend=true, disagreements=None))]
    #[allow(clippy::too_many_arguments)]
    fn flowerbox(
        slf: &Bound<'_, Self>,
        py: Python<'_>,
        lang: &str,
        palette: &str,
        width: i64,
        labels: bool,
        legend: bool,
        disagreements: Option<Vec<String>>,
    ) -> PyResult<String> {
        let mut options = render_options(lang, palette, width, labels, legend)?;
        options.disagreements = disagreements.unwrap_or_default();
        let inner = snapshot(slf)?;
        Ok(py.detach(|| render::flowerbox(&inner, &options)))
    }

    /// A bar chart (SVG str) of the answer distribution: all indicators, each level, each area.
    #[pyo3(signature = (lang="sv", palette="standard", width=960, labels=true, legend=true))]
    fn answer_chart(
        slf: &Bound<'_, Self>,
        py: Python<'_>,
        lang: &str,
        palette: &str,
        width: i64,
        labels: bool,
        legend: bool,
    ) -> PyResult<String> {
        let options = render_options(lang, palette, width, labels, legend)?;
        let inner = snapshot(slf)?;
        Ok(py.detach(|| render::answer_chart(&inner, &options)))
    }

    /// A chart (SVG str) of the area scores against reference means per area id, e.g. the
    /// national or county averages: ``{"elderly": 1.9, "children": 2.1, …}``.
    #[pyo3(signature = (reference, reference_label="Riket", lang="sv", palette="standard", width=960, labels=true, legend=true))]
    #[allow(clippy::too_many_arguments)]
    fn comparison_chart(
        slf: &Bound<'_, Self>,
        py: Python<'_>,
        reference: &Bound<'_, PyAny>,
        reference_label: &str,
        lang: &str,
        palette: &str,
        width: i64,
        labels: bool,
        legend: bool,
    ) -> PyResult<String> {
        let options = render_options(lang, palette, width, labels, legend)?;
        let items = match reference.getattr("items") {
            Ok(items) if !reference.is_instance_of::<PyString>() => items.call0()?,
            _ => {
                return Err(PyTypeError::new_err(format!(
                    "reference must be a mapping from area id to mean score, not {}",
                    type_name(reference)
                )))
            }
        };
        let mut pairs = Vec::new();
        for item in items.try_iter()? {
            let (k, v): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item?.extract()?;
            let key = Self::id_arg(&k, "a reference key")?;
            let value: f64 = v.extract().map_err(|_| {
                PyTypeError::new_err(format!("reference[{key:?}] must be a number, not {}", type_name(&v)))
            })?;
            if !value.is_finite() {
                return Err(PyValueError::new_err(format!("reference[{key:?}] must be finite")));
            }
            pairs.push((key, value));
        }
        // The mapping was read above (Python code may have run); only now is the assessment taken.
        let inner = snapshot(slf)?;
        render::check_reference(inner.catalogue(), &pairs).map_err(|e| core_error(py, &e, None))?;
        Ok(py.detach(|| render::comparison_chart(&inner, reference_label, &pairs, &options)))
    }

    /// The flowerbox, for Jupyter.
    fn _repr_svg_(slf: &Bound<'_, Self>, py: Python<'_>) -> PyResult<String> {
        let inner = snapshot(slf)?;
        Ok(py.detach(|| render::flowerbox(&inner, &render::Options::default())))
    }

    /// The assessment as pretty JSON: stable key order, answers in catalogue order, comments
    /// and optional fields kept. ``Assessment.from_json(a.to_json()) == a``.
    fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// The assessment as Python data with the structure of ``to_json()``.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner)
    }

    /// Writes ``to_json()`` to ``path`` (through a temporary file, so a reader never sees half a file).
    fn to_file(slf: &Bound<'_, Self>, py: Python<'_>, path: PathBuf) -> PyResult<()> {
        // The text is made first and the assessment let go, so the write (without the GIL)
        // never holds it while another thread changes it.
        let mut text = slf.try_borrow().map_err(|_| busy())?.inner.to_json();
        text.push('\n');
        write_file(py, &path, text.as_bytes())
    }

    /// One dict per indicator of the catalogue, in catalogue order, with the keys municipality,
    /// county, year, indicator, level, area, answer, points and comment (``None`` where
    /// unanswered): the long format of the CSV exports.
    fn to_records<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        self.records(py)
    }

    /// ``to_records()`` as a pandas DataFrame (needs ``pip install 'eblomlada[pandas]'``):
    /// level, area and answer as ordered categoricals in catalogue order, points as nullable
    /// integers. For many assessments at once, ``eblomlada.to_table``.
    fn to_pandas<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.to_arrow(py)?.to_pandas(py)
    }

    /// ``to_records()`` as an Arrow table (``__arrow_c_stream__``), typed as ``to_pandas()``.
    fn to_arrow(&self, py: Python<'_>) -> PyResult<PyTable> {
        let columns = PyList::new(py, RECORD_COLUMNS)?;
        crate::analysis::records_table(self.records(py)?.as_any(), columns.as_any(), self.inner.catalogue())
    }

    /// ``to_records()`` as a polars DataFrame (needs polars).
    fn to_polars<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        PyTable::to_polars(&Bound::new(py, self.to_arrow(py)?)?, py)
    }

    /// A copy that can be changed independently.
    fn copy(&self) -> Self {
        PyAssessment {
            inner: self.inner.clone(),
        }
    }

    fn __copy__(&self) -> Self {
        self.copy()
    }

    fn __deepcopy__(&self, _memo: &Bound<'_, PyAny>) -> Self {
        self.copy()
    }

    fn __eq__<'py>(&self, other: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let py = other.py();
        match other.cast::<PyAssessment>() {
            Ok(o) => {
                let equal = self.inner == o.try_borrow()?.inner;
                Ok(PyBool::new(py, equal).to_owned().into_any())
            }
            Err(_) => Ok(py.NotImplemented().into_bound(py)),
        }
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "<Assessment {} municipality={} year={}: {} of {} answered>",
            self.inner.catalogue().key(),
            py_repr(py, self.inner.municipality()),
            self.inner.year(),
            self.inner.answered(),
            self.inner.catalogue().indicators().len()
        )
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let py = slf.py();
        let this = slf.try_borrow()?;
        let catalogue = PyCatalogue::wrap(Arc::clone(this.inner.catalogue())).into_pyobject(py)?;
        let args = (this.inner.to_json(), catalogue).into_pyobject(py)?;
        Ok((slf.get_type().getattr("from_json")?, args))
    }
}
