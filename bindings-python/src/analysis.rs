//! The analysis functions of the core (`eblomlada::analysis`): compile, compare, diff, plan,
//! the synthetic national data set, CSV and XLSX.
//!
//! Results are frozen classes holding the core's result: `to_dict()`/`to_json()` give the JSON
//! of the command line, attributes give its top-level fields, and `to_records(table)` /
//! `to_pandas(table)` give tidy long tables (built by `eblomlada._tables` from `to_dict()`).

// The core's `AnalysisError` is large; results carrying it are only built on error paths.
#![allow(clippy::result_large_err)]

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use eblomlada::analysis::{
    self, AnalysisError, Comparison, Compilation, CompileOptions, Compiler, Diff, DiffReport, GroupMap, Grouping,
    Mapping, Plan, PlanOptions, PublishedComparison, SyntheticOptions,
};
use eblomlada::{Assessment, Catalogue, Published};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString, PyTuple};
use serde::Serialize;

use crate::assessment::PyAssessment;
use crate::catalogue::{builtin, catalogue_arg, read_file, text_arg, write_file, PyCatalogue};
use crate::convert::{to_py, type_name};
use crate::errors::{core_error, raise};
use crate::table::{catalogue_categories, PyTable, TableData};

/// The Python exception for an analysis error.
pub fn analysis_error(py: Python<'_>, err: &AnalysisError, filename: Option<&str>) -> PyErr {
    let class = match err {
        AnalysisError::Core(e) => return core_error(py, e, filename),
        AnalysisError::Empty { .. } => "EmptyInputError",
        AnalysisError::MixedCatalogues { .. } => "MixedCataloguesError",
        AnalysisError::CatalogueMismatch { .. } => "CatalogueMismatchError",
        AnalysisError::UnknownArea { .. } => "UnknownAreaError",
        AnalysisError::UnknownColour { .. } => "UnknownColourError",
        AnalysisError::InvalidMapping { .. } => "InvalidMappingError",
        AnalysisError::InvalidCsv { .. } => "InvalidCsvError",
        AnalysisError::InvalidTable { .. } => "InvalidTableError",
        AnalysisError::InvalidGrouping { .. } => "InvalidGroupingError",
        _ => "AnalysisError",
    };
    let message = match filename {
        Some(file) => format!("{file}: {err}"),
        None => err.to_string(),
    };
    raise(py, class, message, err.problems(), filename)
}

/// Pretty JSON of a serialisable result.
fn pretty<T: Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

/// Records of a result, through `eblomlada._tables.<kind>(data, table)` → `(records, columns)`.
fn tables<'py>(py: Python<'py>, kind: &str, data: Bound<'py, PyAny>, table: &str) -> PyResult<Bound<'py, PyTuple>> {
    let out = py.import("eblomlada._tables")?.getattr(kind)?.call1((data, table))?;
    Ok(out.cast_into::<PyTuple>()?)
}

pub(crate) fn records<'py>(
    py: Python<'py>,
    kind: &str,
    data: Bound<'py, PyAny>,
    table: &str,
) -> PyResult<Bound<'py, PyAny>> {
    tables(py, kind, data, table)?.get_item(0)
}

/// A result's tidy table as typed columns (categoricals in the catalogue's order).
pub(crate) fn result_table<'py>(
    py: Python<'py>,
    kind: &str,
    data: Bound<'py, PyAny>,
    table: &str,
    catalogue: &Catalogue,
) -> PyResult<PyTable> {
    let out = tables(py, kind, data, table)?;
    records_table(&out.get_item(0)?, &out.get_item(1)?, catalogue)
}

/// Records (dicts) as a typed table: `columns` in order, categoricals in `catalogue`'s order.
pub(crate) fn records_table(
    records: &Bound<'_, PyAny>,
    columns: &Bound<'_, PyAny>,
    catalogue: &Catalogue,
) -> PyResult<PyTable> {
    let categories = catalogue_categories(catalogue);
    let data = TableData::from_records(records, columns, &categories)?;
    Ok(PyTable { data: Arc::new(data) })
}

/// The assessment behind an argument, cloned out of its Python object.
fn assessment_of(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Assessment> {
    match obj.cast::<PyAssessment>() {
        Ok(a) => Ok(a.try_borrow().map_err(|_| crate::assessment::busy())?.inner.clone()),
        Err(_) => Err(PyTypeError::new_err(format!(
            "{what} must be an Assessment, not {}",
            type_name(obj)
        ))),
    }
}

/// The grouping of `compile(by=…)`.
fn grouping_arg(py: Python<'_>, by: Option<&Bound<'_, PyAny>>) -> PyResult<Grouping> {
    let Some(by) = by.filter(|b| !b.is_none()) else {
        return Ok(Grouping::None);
    };
    if let Ok(s) = by.cast::<PyString>() {
        return match s.to_cow()?.as_ref() {
            "county" => Ok(Grouping::County),
            "year" => Ok(Grouping::Year),
            other => Err(PyValueError::new_err(format!(
                "unknown grouping {other:?}; expected \"county\", \"year\", or a dict from municipality code to group"
            ))),
        };
    }
    let items = match by.getattr("items") {
        Ok(items) => items.call0()?,
        Err(_) => {
            return Err(PyTypeError::new_err(format!(
                "by must be \"county\", \"year\", None, or a mapping from municipality code to group, not {}",
                type_name(by)
            )))
        }
    };
    let mut pairs = Vec::new();
    for item in items.try_iter()? {
        let (m, g): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item?.extract()?;
        let m = m.cast::<PyString>().map_err(|_| {
            PyTypeError::new_err(format!(
                "municipality codes in by must be str such as \"0114\", not {}",
                type_name(&m)
            ))
        })?;
        let g = g.str()?;
        pairs.push((m.to_cow()?.into_owned(), g.to_cow()?.into_owned()));
    }
    GroupMap::new(pairs)
        .map(|map| Grouping::Custom(Arc::new(map)))
        .map_err(|e| analysis_error(py, &e, None))
}

/// Compiles many assessments of one catalogue version into national (and group) figures.
///
/// ``assessments`` is any iterable of Assessment (a list, a generator). ``by`` groups them:
/// ``"county"`` (the first two digits of the municipality code), ``"year"``, or a dict from
/// municipality code to group name. ``top`` sets the length of the top and bottom lists.
/// ``mapping`` (a VersionMapping) lets assessments of an older catalogue version be pooled.
/// Raises EmptyInputError for no assessments, MixedCataloguesError when versions differ.
#[pyfunction]
#[pyo3(signature = (assessments, by=None, top=10, mapping=None))]
pub fn compile(
    py: Python<'_>,
    assessments: &Bound<'_, PyAny>,
    by: Option<&Bound<'_, PyAny>>,
    top: usize,
    mapping: Option<&Bound<'_, PyVersionMapping>>,
) -> PyResult<PyCompilation> {
    let mut options = CompileOptions::new().by(grouping_arg(py, by)?).top(top);
    let mapping = mapping.map(|m| Arc::clone(&m.get().inner));
    if let Some(m) = &mapping {
        options = options.mapping(Arc::clone(m));
    }
    if crate::table::is_table(assessments) {
        let list = assessments_arg(assessments, "compile()")?;
        let first = list
            .first()
            .ok_or_else(|| analysis_error(py, &AnalysisError::Empty { what: "compile" }, None))?;
        let catalogue = match &mapping {
            Some(m) => Arc::clone(m.to_catalogue()),
            None => Arc::clone(first.catalogue()),
        };
        let inner = py
            .detach(|| -> Result<Compilation, AnalysisError> {
                let mut c = Compiler::new(&catalogue, options.clone())?;
                for a in &list {
                    c.add(a)?;
                }
                Ok(c.finish())
            })
            .map_err(|e| analysis_error(py, &e, None))?;
        return Ok(PyCompilation { inner, catalogue });
    }
    let mut compiler: Option<(Compiler, Arc<Catalogue>)> = None;
    for (index, item) in assessments.try_iter()?.enumerate() {
        let item = item?;
        let a = item.cast::<PyAssessment>().map_err(|_| {
            PyTypeError::new_err(format!(
                "compile() takes Assessment objects; item {index} is {}",
                type_name(&item)
            ))
        })?;
        let a = a.try_borrow().map_err(|_| crate::assessment::busy())?;
        let (compiler, _) = match &mut compiler {
            Some(c) => c,
            slot @ None => {
                let catalogue = match &mapping {
                    Some(m) => Arc::clone(m.to_catalogue()),
                    None => Arc::clone(a.inner.catalogue()),
                };
                let c = Compiler::new(&catalogue, options.clone()).map_err(|e| analysis_error(py, &e, None))?;
                slot.insert((c, catalogue))
            }
        };
        compiler.add(&a.inner).map_err(|e| analysis_error(py, &e, None))?;
    }
    match compiler {
        Some((c, catalogue)) => Ok(PyCompilation {
            inner: py.detach(|| c.finish()),
            catalogue,
        }),
        None => Err(analysis_error(py, &AnalysisError::Empty { what: "compile" }, None)),
    }
}

/// The figures of many assessments (``eblomlada.compile``): per indicator, level and area,
/// the top and bottom indicators, and per group.
///
/// Attributes give the top-level fields of ``to_dict()`` (the JSON of ``eblomlada compile``);
/// ``to_records(table)``/``to_pandas(table)`` give tidy tables, with ``table`` one of
/// ``"indicators"`` (one row per group, indicator and answer), ``"areas"``, ``"levels"``,
/// ``"top"``, ``"bottom"``. The overall figures have ``group`` ``None``.
#[pyclass(frozen, module = "eblomlada", name = "Compilation")]
pub struct PyCompilation {
    pub(crate) inner: Compilation,
    catalogue: Arc<Catalogue>,
}

#[pymethods]
impl PyCompilation {
    /// The catalogue of the figures.
    #[getter]
    fn catalogue(&self) -> PyCatalogue {
        PyCatalogue::wrap(Arc::clone(&self.catalogue))
    }

    /// ``"county"``, ``"year"``, ``"custom"``, or ``None`` without grouping.
    #[getter]
    fn grouping(&self) -> Option<&str> {
        self.inner.grouping.as_deref()
    }

    /// How many assessments.
    #[getter]
    fn assessments(&self) -> usize {
        self.inner.summary.assessments
    }

    /// How many different municipalities.
    #[getter]
    fn municipalities(&self) -> usize {
        self.inner.summary.municipalities
    }

    /// How many of the assessments are synthetic (invented data, not real results).
    #[getter]
    fn synthetic(&self) -> usize {
        self.inner.synthetic
    }

    /// The years assessed, ascending.
    #[getter]
    fn years(&self) -> Vec<i32> {
        self.inner.summary.years.clone()
    }

    /// How many assessments have every indicator answered.
    #[getter]
    fn complete(&self) -> usize {
        self.inner.summary.complete
    }

    /// Per indicator id: counts, unanswered, shares, percent, mean (dicts, as in ``to_dict()``).
    #[getter]
    fn indicators<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.summary.indicators)
    }

    /// Per level id: mean of the assessments' level means, pooled mean, counts, shares.
    #[getter]
    fn levels<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.summary.levels)
    }

    /// Per area id: mean flower score, level means, colour counts, best and worst indicator.
    #[getter]
    fn areas<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.summary.areas)
    }

    /// The indicators with the highest share of "fully" (ties: mean points, then id).
    #[getter]
    fn top<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.summary.top)
    }

    /// The indicators with the lowest share of "fully".
    #[getter]
    fn bottom<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.summary.bottom)
    }

    /// Per group key (county code, year, group name): the same figures; ``None`` without grouping.
    #[getter]
    fn groups<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.groups)
    }

    /// The catalogue versions pooled and how many assessments each gave.
    #[getter]
    fn sources<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.sources)
    }

    /// With a caller's grouping: the municipalities it does not name.
    #[getter]
    fn ungrouped(&self) -> Vec<String> {
        self.inner.ungrouped.clone()
    }

    /// The compilation as Python data: equal to ``json.loads`` of ``eblomlada compile``.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner)
    }

    /// The compilation as pretty JSON.
    fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// The compilation as one CSV table (one row per group and indicator), as the CLI writes it.
    fn to_csv(&self) -> String {
        self.inner.to_csv()
    }

    /// A tidy table as a list of dicts; ``table`` is ``"indicators"``, ``"areas"``,
    /// ``"levels"``, ``"top"`` or ``"bottom"``.
    #[pyo3(signature = (table="indicators"))]
    fn to_records<'py>(&self, py: Python<'py>, table: &str) -> PyResult<Bound<'py, PyAny>> {
        records(py, "compilation", self.to_dict(py)?, table)
    }

    /// ``to_records(table)`` as a pandas DataFrame (needs ``pip install 'eblomlada[pandas]'``).
    #[pyo3(signature = (table="indicators"))]
    fn to_pandas<'py>(&self, py: Python<'py>, table: &str) -> PyResult<Bound<'py, PyAny>> {
        self.to_arrow(py, table)?.to_pandas(py)
    }

    /// ``to_records(table)`` as an Arrow table (``__arrow_c_stream__``): ``pyarrow.table(…)``,
    /// ``polars.DataFrame(…)`` and DuckDB read it directly; categoricals in catalogue order.
    #[pyo3(signature = (table="indicators"))]
    fn to_arrow(&self, py: Python<'_>, table: &str) -> PyResult<PyTable> {
        result_table(py, "compilation", self.to_dict(py)?, table, &self.catalogue)
    }

    /// ``to_records(table)`` as a polars DataFrame (needs polars).
    #[pyo3(signature = (table="indicators"))]
    fn to_polars<'py>(&self, py: Python<'py>, table: &str) -> PyResult<Bound<'py, PyAny>> {
        let t = Bound::new(py, self.to_arrow(py, table)?)?;
        PyTable::to_polars(&t, py)
    }

    /// An HTML summary for Jupyter.
    fn _repr_html_<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py.import("eblomlada._html")?
            .getattr("compilation")?
            .call1((self.to_dict(py)?,))
    }

    fn __repr__(&self) -> String {
        let s = &self.inner.summary;
        format!(
            "<Compilation {} {}: {} assessments, {} municipalities, years {:?}{}>",
            self.inner.catalogue.id,
            self.inner.catalogue.version,
            s.assessments,
            s.municipalities,
            s.years,
            self.inner.groups.as_ref().map_or(String::new(), |g| format!(
                ", {} groups by {}",
                g.len(),
                self.inner.grouping.as_deref().unwrap_or("?")
            ))
        )
    }
}

/// Compares one assessment with a compilation: per level and area its value against the mean
/// and median, its rank and percentile, and per indicator whether it meets what the share of
/// municipalities meet — against all assessments and against its own group.
#[pyfunction]
pub fn compare(
    py: Python<'_>,
    assessment: &Bound<'_, PyAny>,
    compilation: &Bound<'_, PyCompilation>,
) -> PyResult<PyComparison> {
    let a = assessment.cast::<PyAssessment>().map_err(|_| {
        PyTypeError::new_err(format!(
            "assessment must be an Assessment, not {}",
            type_name(assessment)
        ))
    })?;
    let a = a.try_borrow().map_err(|_| crate::assessment::busy())?;
    analysis::compare(&a.inner, &compilation.get().inner)
        .map(|inner| PyComparison {
            inner,
            catalogue: Arc::clone(a.inner.catalogue()),
            assessment: a.inner.clone(),
        })
        .map_err(|e| analysis_error(py, &e, None))
}

/// One assessment against a compilation (``eblomlada.compare``).
///
/// ``to_records(table)``/``to_pandas(table)`` with ``table`` ``"areas"``, ``"levels"`` or
/// ``"indicators"`` give one row per scope (``"all"`` or the group key) and item.
#[pyclass(frozen, module = "eblomlada", name = "Comparison")]
pub struct PyComparison {
    inner: Comparison,
    catalogue: Arc<Catalogue>,
    /// The assessment compared, for the chart of the notebook summary.
    assessment: Assessment,
}

impl PyComparison {
    /// The area scores against the compilation's means (empty when it has none).
    fn chart(&self) -> PyResult<String> {
        let all = &self.inner.all;
        let means: Vec<(String, f64)> = all
            .areas
            .0
            .iter()
            .filter_map(|(area, a)| a.position.mean.map(|m| (area.clone(), m)))
            .collect();
        if means.is_empty() {
            return Ok(String::new());
        }
        let options = crate::assessment::render_options("en", "standard", 720, true, true)?;
        let label = format!("Mean of {} assessments", all.assessments);
        Ok(eblomlada::render::comparison_chart(
            &self.assessment,
            &label,
            &means,
            &options,
        ))
    }
}

#[pymethods]
impl PyComparison {
    /// Municipality code.
    #[getter]
    fn municipality(&self) -> &str {
        &self.inner.municipality
    }

    /// Year assessed.
    #[getter]
    fn year(&self) -> i32 {
        self.inner.year
    }

    /// How many assessments of the compilation are synthetic (invented data).
    #[getter]
    fn synthetic(&self) -> usize {
        self.inner.synthetic
    }

    /// Against all assessments of the compilation (a dict as in ``to_dict()["all"]``).
    #[getter]
    fn all<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.all)
    }

    /// Against the assessment's own group, or ``None``.
    #[getter]
    fn group<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.group)
    }

    /// The comparison as Python data (the JSON of ``eblomlada compare``).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner)
    }

    /// The comparison as pretty JSON.
    fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// A tidy table as a list of dicts; ``table`` is ``"areas"``, ``"levels"`` or ``"indicators"``.
    #[pyo3(signature = (table="areas"))]
    fn to_records<'py>(&self, py: Python<'py>, table: &str) -> PyResult<Bound<'py, PyAny>> {
        records(py, "comparison", self.to_dict(py)?, table)
    }

    /// ``to_records(table)`` as a pandas DataFrame.
    #[pyo3(signature = (table="areas"))]
    fn to_pandas<'py>(&self, py: Python<'py>, table: &str) -> PyResult<Bound<'py, PyAny>> {
        self.to_arrow(py, table)?.to_pandas(py)
    }

    /// ``to_records(table)`` as an Arrow table (``__arrow_c_stream__``): ``pyarrow.table(…)``,
    /// ``polars.DataFrame(…)`` and DuckDB read it directly; categoricals in catalogue order.
    #[pyo3(signature = (table="areas"))]
    fn to_arrow(&self, py: Python<'_>, table: &str) -> PyResult<PyTable> {
        result_table(py, "comparison", self.to_dict(py)?, table, &self.catalogue)
    }

    /// ``to_records(table)`` as a polars DataFrame (needs polars).
    #[pyo3(signature = (table="areas"))]
    fn to_polars<'py>(&self, py: Python<'py>, table: &str) -> PyResult<Bound<'py, PyAny>> {
        let t = Bound::new(py, self.to_arrow(py, table)?)?;
        PyTable::to_polars(&t, py)
    }

    /// An HTML summary for Jupyter.
    fn _repr_html_<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py.import("eblomlada._html")?
            .getattr("comparison")?
            .call1((self.to_dict(py)?, self.chart()?))
    }

    fn __repr__(&self) -> String {
        format!(
            "<Comparison {} {} against {} assessments>",
            self.inner.municipality, self.inner.year, self.inner.all.assessments
        )
    }
}

/// Year over year for one municipality: per indicator up / down / same / answered / cleared,
/// per level and area the answer counts and the flower score and colour before and after.
/// ``mapping`` (a VersionMapping) compares across catalogue versions.
#[pyfunction]
#[pyo3(signature = (old, new, mapping=None))]
pub fn diff(
    py: Python<'_>,
    old: &Bound<'_, PyAny>,
    new: &Bound<'_, PyAny>,
    mapping: Option<&Bound<'_, PyVersionMapping>>,
) -> PyResult<PyDiff> {
    let old = assessment_of(old, "old")?;
    let new = assessment_of(new, "new")?;
    let mapping = mapping.map(|m| Arc::clone(&m.get().inner));
    analysis::diff(&old, &new, mapping.as_ref())
        .map(|inner| PyDiff {
            inner,
            catalogue: Arc::clone(new.catalogue()),
            report: OnceLock::new(),
        })
        .map_err(|e| analysis_error(py, &e, None))
}

/// The difference between two assessments (``eblomlada.diff``).
///
/// ``counts`` says how many indicators went each way; ``to_records(table)``/``to_pandas(table)``
/// with ``table`` ``"indicators"`` (one row per indicator) or ``"areas"`` (one row per area
/// and answer).
#[pyclass(frozen, module = "eblomlada", name = "Diff")]
pub struct PyDiff {
    inner: Diff,
    catalogue: Arc<Catalogue>,
    report: OnceLock<DiffReport>,
}

impl PyDiff {
    fn report(&self) -> &DiffReport {
        self.report.get_or_init(|| self.inner.report())
    }
}

#[pymethods]
impl PyDiff {
    /// How many indicators changed in each way: ``{"up": 3, "down": 1, "same": 80, …}``.
    #[getter]
    fn counts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.report().changes)
    }

    /// ``(indicator, old answer, new answer, change)`` per indicator of the new catalogue.
    fn changes(&self) -> Vec<(String, Option<String>, Option<String>, &'static str)> {
        self.inner
            .changes()
            .map(|(id, o, n, c)| (id.to_owned(), o.map(str::to_owned), n.map(str::to_owned), c.as_str()))
            .collect()
    }

    /// The diff report as Python data (the JSON of ``eblomlada diff``).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, self.report())
    }

    /// The diff report as pretty JSON.
    fn to_json(&self) -> String {
        self.report().to_json()
    }

    /// A tidy table as a list of dicts; ``table`` is ``"indicators"`` or ``"areas"``.
    #[pyo3(signature = (table="indicators"))]
    fn to_records<'py>(&self, py: Python<'py>, table: &str) -> PyResult<Bound<'py, PyAny>> {
        records(py, "diff", self.to_dict(py)?, table)
    }

    /// ``to_records(table)`` as a pandas DataFrame.
    #[pyo3(signature = (table="indicators"))]
    fn to_pandas<'py>(&self, py: Python<'py>, table: &str) -> PyResult<Bound<'py, PyAny>> {
        self.to_arrow(py, table)?.to_pandas(py)
    }

    /// ``to_records(table)`` as an Arrow table (``__arrow_c_stream__``): ``pyarrow.table(…)``,
    /// ``polars.DataFrame(…)`` and DuckDB read it directly; categoricals in catalogue order.
    #[pyo3(signature = (table="indicators"))]
    fn to_arrow(&self, py: Python<'_>, table: &str) -> PyResult<PyTable> {
        result_table(py, "diff", self.to_dict(py)?, table, &self.catalogue)
    }

    /// ``to_records(table)`` as a polars DataFrame (needs polars).
    #[pyo3(signature = (table="indicators"))]
    fn to_polars<'py>(&self, py: Python<'py>, table: &str) -> PyResult<Bound<'py, PyAny>> {
        let t = Bound::new(py, self.to_arrow(py, table)?)?;
        PyTable::to_polars(&t, py)
    }

    /// An HTML summary for Jupyter.
    fn _repr_html_<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py.import("eblomlada._html")?
            .getattr("diff")?
            .call1((self.to_dict(py)?,))
    }

    fn __repr__(&self) -> String {
        let r = self.report();
        let counts: Vec<String> = r.changes.iter().map(|(k, v)| format!("{k}={v}")).collect();
        format!(
            "<Diff {} {}→{}: {}>",
            r.municipality.new,
            r.year.old,
            r.year.new,
            counts.join(" ")
        )
    }
}

/// The improvement planner: ranks the single-step changes (red→yellow, yellow→green,
/// red→green) by how much they raise each flower, and finds the smallest set of changes that
/// makes an area (``area``) or every area reach the ``target`` colour (default green).
/// A plan that would list more than ``max_entries`` changes and per-flower effects (a custom
/// catalogue with thousands of areas) raises AnalysisError before any work is done.
#[pyfunction]
#[pyo3(signature = (assessment, area=None, target=None, max_entries=analysis::DEFAULT_MAX_PLAN_ENTRIES))]
pub fn plan(
    py: Python<'_>,
    assessment: &Bound<'_, PyAny>,
    area: Option<&str>,
    target: Option<&str>,
    max_entries: u64,
) -> PyResult<PyPlan> {
    let a = assessment_of(assessment, "assessment")?;
    let mut options = PlanOptions::new().max_entries(max_entries);
    if let Some(area) = area {
        options = options.area(area);
    }
    if let Some(target) = target {
        options = options.target(target);
    }
    py.detach(|| analysis::plan(&a, &options))
        .map(|inner| PyPlan {
            inner,
            catalogue: Arc::clone(a.catalogue()),
        })
        .map_err(|e| analysis_error(py, &e, None))
}

/// The improvement plan of one assessment (``eblomlada.plan``).
///
/// ``to_records(table)``/``to_pandas(table)`` with ``table`` ``"steps"`` (one row per change
/// and area it affects) or ``"minimal"`` (the changes of each area's smallest set).
#[pyclass(frozen, module = "eblomlada", name = "Plan")]
pub struct PyPlan {
    inner: Plan,
    catalogue: Arc<Catalogue>,
}

#[pymethods]
impl PyPlan {
    /// The target colour.
    #[getter]
    fn target(&self) -> &str {
        &self.inner.target
    }

    /// The single-step changes, best first (dicts as in ``to_dict()["steps"]``).
    #[getter]
    fn steps<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.steps)
    }

    /// Per area: its score, whether it reaches the target, ranked changes and the smallest set.
    #[getter]
    fn areas<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.areas)
    }

    /// The plan as Python data (the JSON of ``eblomlada plan``).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner)
    }

    /// The plan as pretty JSON.
    fn to_json(&self) -> String {
        pretty(&self.inner)
    }

    /// A tidy table as a list of dicts; ``table`` is ``"steps"`` or ``"minimal"``.
    #[pyo3(signature = (table="steps"))]
    fn to_records<'py>(&self, py: Python<'py>, table: &str) -> PyResult<Bound<'py, PyAny>> {
        records(py, "plan", self.to_dict(py)?, table)
    }

    /// ``to_records(table)`` as a pandas DataFrame.
    #[pyo3(signature = (table="steps"))]
    fn to_pandas<'py>(&self, py: Python<'py>, table: &str) -> PyResult<Bound<'py, PyAny>> {
        self.to_arrow(py, table)?.to_pandas(py)
    }

    /// ``to_records(table)`` as an Arrow table (``__arrow_c_stream__``): ``pyarrow.table(…)``,
    /// ``polars.DataFrame(…)`` and DuckDB read it directly; categoricals in catalogue order.
    #[pyo3(signature = (table="steps"))]
    fn to_arrow(&self, py: Python<'_>, table: &str) -> PyResult<PyTable> {
        result_table(py, "plan", self.to_dict(py)?, table, &self.catalogue)
    }

    /// ``to_records(table)`` as a polars DataFrame (needs polars).
    #[pyo3(signature = (table="steps"))]
    fn to_polars<'py>(&self, py: Python<'py>, table: &str) -> PyResult<Bound<'py, PyAny>> {
        let t = Bound::new(py, self.to_arrow(py, table)?)?;
        PyTable::to_polars(&t, py)
    }

    /// An HTML summary for Jupyter.
    fn _repr_html_<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py.import("eblomlada._html")?
            .getattr("plan")?
            .call1((self.to_dict(py)?,))
    }

    fn __repr__(&self) -> String {
        format!(
            "<Plan {} {} target {}: {} single-step changes>",
            self.inner.municipality,
            self.inner.year,
            self.inner.target,
            self.inner.steps.len()
        )
    }
}

/// A version mapping between two catalogue versions: per new indicator what it corresponds to
/// in the old version (same, reworded, stricter, merged, split, new), and the removed ones.
#[pyclass(frozen, module = "eblomlada", name = "VersionMapping")]
pub struct PyVersionMapping {
    inner: Arc<Mapping>,
}

#[pymethods]
impl PyVersionMapping {
    /// Parses and checks a mapping document (JSON text) from catalogue ``old`` to ``new``.
    #[staticmethod]
    fn from_json(
        py: Python<'_>,
        text: &Bound<'_, PyAny>,
        old: &Bound<'_, PyAny>,
        new: &Bound<'_, PyAny>,
    ) -> PyResult<Self> {
        Self::parse(py, text, old, new, None)
    }

    /// Reads and checks a mapping file from catalogue ``old`` to ``new``.
    #[staticmethod]
    fn from_file(py: Python<'_>, path: PathBuf, old: &Bound<'_, PyAny>, new: &Bound<'_, PyAny>) -> PyResult<Self> {
        let bytes = read_file(py, &path)?;
        let name = path.display().to_string();
        Self::parse(py, PyBytes::new(py, &bytes).as_any(), old, new, Some(&name))
    }

    /// The old catalogue.
    #[getter(old)]
    fn old_catalogue(&self) -> PyCatalogue {
        PyCatalogue::wrap(Arc::clone(self.inner.from_catalogue()))
    }

    /// The new catalogue.
    #[getter(new)]
    fn new_catalogue(&self) -> PyCatalogue {
        PyCatalogue::wrap(Arc::clone(self.inner.to_catalogue()))
    }

    /// The assessment ``old`` carried over to the new catalogue.
    fn translate(&self, py: Python<'_>, old: &Bound<'_, PyAny>) -> PyResult<PyAssessment> {
        let a = assessment_of(old, "old")?;
        self.inner
            .translate(&a)
            .map(|inner| PyAssessment { inner })
            .map_err(|e| analysis_error(py, &e, None))
    }

    /// The mapping document as Python data.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, self.inner.document())
    }

    fn __repr__(&self) -> String {
        format!(
            "<VersionMapping {} → {}>",
            self.inner.from_catalogue().key(),
            self.inner.to_catalogue().key()
        )
    }
}

impl PyVersionMapping {
    fn parse(
        py: Python<'_>,
        text: &Bound<'_, PyAny>,
        old: &Bound<'_, PyAny>,
        new: &Bound<'_, PyAny>,
        filename: Option<&str>,
    ) -> PyResult<Self> {
        let (old, new) = (catalogue_arg(old)?, catalogue_arg(new)?);
        let text = match text_arg(text, "the mapping text")? {
            Ok(t) => t,
            Err(problem) => {
                let err = AnalysisError::InvalidMapping {
                    problems: vec![problem],
                };
                return Err(analysis_error(py, &err, filename));
            }
        };
        Mapping::from_json(text.as_str(), &old, &new)
            .map(|m| PyVersionMapping { inner: Arc::new(m) })
            .map_err(|e| analysis_error(py, &e, filename))
    }
}

/// A realistic synthetic national data set (real national data is not available): every
/// municipality (or ``municipalities``) for each of ``years``, with answer probabilities that
/// differ by indicator and grow with municipality size and year. The same ``seed`` gives the
/// same data. ``participation`` is the chance that a municipality publishes in a year (``None``:
/// as many as in the seeds, 61 of 290 in 2017 and 40 in 2016, or every one of
/// ``municipalities``), ``unanswered`` the mean share of indicators left open, ``comments`` the
/// chance that an answer has a comment. Every assessment is marked ``synthetic``.
#[pyfunction]
#[pyo3(signature = (seed=7, years=vec![2016, 2017], municipalities=None, participation=None, unanswered=0.0, comments=0.05, catalogue=None))]
#[allow(clippy::too_many_arguments)]
pub fn synthetic(
    py: Python<'_>,
    seed: u64,
    years: Vec<i32>,
    municipalities: Option<Vec<String>>,
    participation: Option<f64>,
    unanswered: f64,
    comments: f64,
    catalogue: Option<&Bound<'_, PyAny>>,
) -> PyResult<Vec<PyAssessment>> {
    for (name, p) in [
        ("participation", participation.unwrap_or(1.0)),
        ("unanswered", unanswered),
        ("comments", comments),
    ] {
        if !(0.0..=1.0).contains(&p) {
            return Err(PyValueError::new_err(format!(
                "{name} must be a probability between 0 and 1, not {p}"
            )));
        }
    }
    let catalogue: Arc<Catalogue> = match catalogue {
        Some(c) if !c.is_none() => catalogue_arg(c)?,
        _ => builtin("eblomladan-2016").map_err(|e| core_error(py, &e, None))?,
    };
    let mut options = SyntheticOptions::new(seed, years)
        .unanswered(unanswered)
        .comments(comments);
    if let Some(p) = participation {
        options = options.participation(p);
    }
    if let Some(codes) = municipalities {
        options = options.municipalities(codes);
    }
    let data = py
        .detach(|| analysis::synthetic::generate(&catalogue, &options))
        .map_err(|e| analysis_error(py, &e, None))?;
    Ok(data.into_iter().map(|inner| PyAssessment { inner }).collect())
}

/// Reads the long-format CSV (one row per municipality, year and indicator: answer, points,
/// comment) into assessments. ``source`` is a path or an open file (text or binary);
/// ``catalogues`` are looked up by key before the built-in ones. The separator is detected
/// (``,`` ``;`` or tab, or Excel's ``sep=`` first line) unless ``sep`` names it; a byte-order
/// mark is skipped; answers may be ids or labels in any of the catalogue's languages; points
/// may be written ``2.0``. Columns the format does not know (an index column) are ignored, or
/// refused with ``extra="error"``. A file that is not UTF-8 (Excel's plain "CSV" is
/// Windows-1252) is refused with a message that says to save it as UTF-8.
#[pyfunction]
#[pyo3(signature = (source, catalogues=None, sep=None, extra="ignore"))]
pub fn read_csv(
    py: Python<'_>,
    source: &Bound<'_, PyAny>,
    catalogues: Option<&Bound<'_, PyAny>>,
    sep: Option<&str>,
    extra: &str,
) -> PyResult<Vec<PyAssessment>> {
    let mut options = analysis::csv::CsvOptions::new().ignore_extra(!crate::table::refuse_extra(extra)?);
    if let Some(sep) = sep {
        match sep.as_bytes() {
            [b] if matches!(b, b',' | b';' | b'\t' | b'|') => options = options.sep(*b),
            _ => {
                return Err(PyValueError::new_err(format!(
                    "sep must be one of \",\", \";\", \"\\t\", \"|\", not {sep:?}"
                )))
            }
        }
    }
    let mut extra_catalogues: Vec<Arc<Catalogue>> = Vec::new();
    if let Some(list) = catalogues.filter(|c| !c.is_none()) {
        for c in list.try_iter()? {
            extra_catalogues.push(catalogue_arg(&c?)?);
        }
    }
    let invalid = |problem| AnalysisError::InvalidCsv {
        problems: vec![problem],
    };
    let (text, filename): (String, Option<String>) = if source.hasattr("read")? {
        let content = source.call_method0("read")?;
        match text_arg(&content, "the CSV")? {
            Ok(t) => (t.as_str().to_owned(), None),
            Err(problem) => return Err(analysis_error(py, &invalid(problem), None)),
        }
    } else {
        // A file is read once and checked in place: no copy through a Python bytes object.
        let path: PathBuf = source.extract()?;
        let bytes = read_file(py, &path)?;
        let name = path.display().to_string();
        // Checked once: a file that is UTF-8 becomes the text as it is.
        match String::from_utf8(bytes) {
            Ok(text) => (text, Some(name)),
            Err(e) => {
                let problem = eblomlada::json::text_from_bytes(e.as_bytes())
                    .err()
                    .unwrap_or_else(|| eblomlada::Problem::error("$", "the file is not valid UTF-8"));
                return Err(analysis_error(py, &invalid(problem), Some(&name)));
            }
        }
    };
    let data = py
        .detach(|| analysis::csv::import_with(&text, &extra_catalogues, &options))
        .map_err(|e| analysis_error(py, &e, filename.as_deref()))?;
    drop(text);
    crate::errors::warn_bulk(py, &data, filename.as_deref())?;
    Ok(data.into_iter().map(|inner| PyAssessment { inner }).collect())
}

pub(crate) fn assessments_arg(assessments: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<Assessment>> {
    if crate::table::is_table(assessments) {
        let py = assessments.py();
        let default = builtin("eblomladan-2016").map_err(|e| core_error(py, &e, None))?;
        return crate::table::assessments_of_table(py, assessments, &default, &[], false);
    }
    if let Ok(a) = assessments.cast::<PyAssessment>() {
        return Ok(vec![a
            .try_borrow()
            .map_err(|_| crate::assessment::busy())?
            .inner
            .clone()]);
    }
    let mut out = Vec::new();
    for (index, item) in assessments.try_iter()?.enumerate() {
        let item = item?;
        let a = item.cast::<PyAssessment>().map_err(|_| {
            PyTypeError::new_err(format!(
                "{what} takes Assessment objects; item {index} is {}",
                type_name(&item)
            ))
        })?;
        out.push(a.try_borrow().map_err(|_| crate::assessment::busy())?.inner.clone());
    }
    Ok(out)
}

/// The long-format CSV of one or many assessments (RFC 4180, one row per municipality, year and
/// indicator). Returns the text, or writes it to ``path`` and returns ``None``.
#[pyfunction]
#[pyo3(signature = (assessments, path=None))]
pub fn to_csv(py: Python<'_>, assessments: &Bound<'_, PyAny>, path: Option<PathBuf>) -> PyResult<Option<String>> {
    let list = assessments_arg(assessments, "to_csv()")?;
    let text = py.detach(|| analysis::csv::export(&list));
    match path {
        None => Ok(Some(text)),
        Some(path) => {
            write_file(py, &path, text.as_bytes())?;
            Ok(None)
        }
    }
}

/// Writes an Excel workbook: of one Assessment (a sheet of every indicator with area, level,
/// statement, answer, points and comment, and a summary sheet) or of a Compilation (shares per
/// indicator, means per area, per group). Texts in ``lang`` (``"sv"`` or ``"en"``).
#[pyfunction]
#[pyo3(signature = (result, path, lang="sv"))]
pub fn to_xlsx(py: Python<'_>, result: &Bound<'_, PyAny>, path: PathBuf, lang: &str) -> PyResult<()> {
    let bytes = if let Ok(a) = result.cast::<PyAssessment>() {
        let inner: Assessment = a.try_borrow().map_err(|_| crate::assessment::busy())?.inner.clone();
        py.detach(|| analysis::xlsx::assessment_workbook(&inner, lang))
    } else if let Ok(c) = result.cast::<PyCompilation>() {
        let c = c.get();
        py.detach(|| analysis::xlsx::compilation_workbook(&c.inner, &c.catalogue, lang))
    } else {
        return Err(PyTypeError::new_err(format!(
            "to_xlsx() writes an Assessment or a Compilation, not {}",
            type_name(result)
        )));
    }
    .map_err(|e| analysis_error(py, &e, None))?;
    write_file(py, &path, &bytes)?;
    Ok(())
}

/// Compares one assessment with published national figures: per figure the national share and
/// the municipality's own answer, per area (and level) the best and worst figure. ``figures`` is
/// a published-figures file (``indicators/*.published-*.json``) or ``None`` for the built-in
/// figures of the assessment's catalogue and year.
#[pyfunction]
#[pyo3(signature = (assessment, figures=None))]
pub fn compare_published(
    py: Python<'_>,
    assessment: &Bound<'_, PyAny>,
    figures: Option<PathBuf>,
) -> PyResult<PyPublishedComparison> {
    let a = assessment_of(assessment, "assessment")?;
    let published = match figures {
        Some(path) => {
            let bytes = read_file(py, &path)?;
            let name = path.display().to_string();
            let text = std::str::from_utf8(&bytes).map_err(|_| {
                let err = eblomlada::Error::InvalidPublished {
                    problems: vec![eblomlada::Problem::error("$", "the file is not valid UTF-8")],
                };
                core_error(py, &err, Some(&name))
            })?;
            Published::from_json(text, a.catalogue()).map_err(|e| core_error(py, &e, Some(&name)))?
        }
        None => Published::builtin(a.catalogue(), a.year()).map_err(|e| core_error(py, &e, None))?,
    };
    analysis::compare_published(&a, &published)
        .map(|inner| PyPublishedComparison { inner })
        .map_err(|e| analysis_error(py, &e, None))
}

/// The built-in published national figures of a catalogue and year as Python data (the JSON
/// of ``indicators/<key>.published-<year>.json``).
#[pyfunction]
#[pyo3(signature = (catalogue="eblomladan-2016", year=2017))]
pub fn published_figures<'py>(py: Python<'py>, catalogue: &str, year: i32) -> PyResult<Bound<'py, PyAny>> {
    let c = builtin(catalogue).map_err(|e| core_error(py, &e, None))?;
    let published = Published::builtin(&c, year).map_err(|e| core_error(py, &e, None))?;
    to_py(py, published.document())
}

/// The name of a municipality code in the bundled table of Sweden's 290 municipalities, or
/// ``None``.
#[pyfunction]
pub fn municipality_name(code: &str) -> Option<&'static str> {
    analysis::municipalities::name(code)
}

/// One assessment against published national figures (``eblomlada.compare_published``).
#[pyclass(frozen, module = "eblomlada", name = "PublishedComparison")]
pub struct PyPublishedComparison {
    inner: PublishedComparison,
}

#[pymethods]
impl PyPublishedComparison {
    /// Municipality code.
    #[getter]
    fn municipality(&self) -> &str {
        &self.inner.municipality
    }

    /// Year assessed.
    #[getter]
    fn year(&self) -> i32 {
        self.inner.year
    }

    /// 1 when the assessment is synthetic (invented data), else 0.
    #[getter]
    fn synthetic(&self) -> usize {
        self.inner.synthetic
    }

    /// Per figure: indicator, answer, percent, quote, the own answer, ``same``, ``meets``, text.
    #[getter]
    fn figures<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.figures)
    }

    /// Per area (then level): the best and worst figures' indicator ids.
    #[getter]
    fn sections<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.sections)
    }

    /// The comparison as Python data (the JSON of ``eblomlada compare FILE --published``).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner)
    }

    /// The comparison as pretty JSON.
    fn to_json(&self) -> String {
        self.inner.to_json()
    }

    fn __repr__(&self) -> String {
        format!(
            "<PublishedComparison {} {} against {} figures of {} ({} municipalities)>",
            self.inner.municipality,
            self.inner.year,
            self.inner.figures.len(),
            self.inner.published.year,
            self.inner.published.assessments
        )
    }
}

/// Reads a table of assessments: a pandas, polars or pyarrow table, a DuckDB relation, or
/// anything with ``__arrow_c_stream__``. The long layout has one row per municipality, year and
/// indicator (``municipality``, ``year``, ``indicator``, ``answer``, optionally ``catalogue``,
/// ``comment``, ``points``, ``synthetic``); the wide one a row per assessment (``municipality``,
/// ``year``, optionally ``catalogue``, one column per indicator id). Answers are ids or labels
/// in any of the catalogue's languages. Rows without a catalogue are of ``catalogue`` (default
/// ``"eblomladan-2016"``); other keys are looked up in ``catalogues`` then the built-in ones.
/// Other columns are ignored, or refused with ``extra="error"``.
#[pyfunction]
#[pyo3(signature = (table, catalogue=None, catalogues=None, extra="ignore"))]
pub fn read_table(
    py: Python<'_>,
    table: &Bound<'_, PyAny>,
    catalogue: Option<&Bound<'_, PyAny>>,
    catalogues: Option<&Bound<'_, PyAny>>,
    extra: &str,
) -> PyResult<Vec<PyAssessment>> {
    let refuse = crate::table::refuse_extra(extra)?;
    let default: Arc<Catalogue> = match catalogue {
        Some(c) if !c.is_none() => catalogue_arg(c)?,
        _ => builtin("eblomladan-2016").map_err(|e| core_error(py, &e, None))?,
    };
    let mut given: Vec<Arc<Catalogue>> = Vec::new();
    if let Some(list) = catalogues.filter(|c| !c.is_none()) {
        for c in list.try_iter()? {
            given.push(catalogue_arg(&c?)?);
        }
    }
    if !crate::table::is_table(table) {
        return Err(PyTypeError::new_err(format!(
            "read_table() takes a table (a pandas, polars or pyarrow table, a DuckDB relation), not {}",
            type_name(table)
        )));
    }
    let data = crate::table::assessments_of_table(py, table, &default, &given, refuse)?;
    crate::errors::warn_bulk(py, &data, None)?;
    Ok(data.into_iter().map(|inner| PyAssessment { inner }).collect())
}

/// Exact fractions as text: scores take few distinct values, so each is written once.
fn exact_texts(values: impl Iterator<Item = Option<eblomlada::Fraction>>) -> crate::table::Column {
    let mut texts = Vec::new();
    let mut seen = std::collections::HashMap::new();
    let codes = values
        .map(|v| {
            v.map(|f| {
                *seen.entry(f).or_insert_with(|| {
                    texts.push(f.to_string());
                    u32::try_from(texts.len() - 1).unwrap_or(u32::MAX)
                })
            })
        })
        .collect();
    crate::table::Column::Texts(Arc::new(texts), codes)
}

/// The municipality, name and county of each row (`at`: the row's assessment) as categoricals
/// in code order: a text per distinct value, not per row (a table of 100 000 assessments has
/// 600 000 rows but 290 municipalities).
/// `columns` says how many of the three to give.
fn who_columns(list: &[&Assessment], at: &[usize], columns: usize) -> Vec<(&'static str, crate::table::Column)> {
    // Codes are four ASCII digits: as big-endian numbers they sort as the text does. The keys
    // are computed once, not in every comparison of the sort.
    let key = |a: &Assessment| {
        let b = a.municipality().as_bytes();
        b.iter().fold(0u64, |k, &d| (k << 8) | u64::from(d))
    };
    let mut order: Vec<(u64, usize)> = list.iter().enumerate().map(|(i, a)| (key(a), i)).collect();
    order.sort_unstable();
    let values: [fn(&Assessment) -> Option<&str>; 3] = [
        |a| Some(a.municipality()),
        |a| a.municipality_name(),
        |a| Some(a.county()),
    ];
    let columns = columns.min(values.len());
    // Categories in the order of the codes they belong to, each once; each value is looked up
    // once per distinct code (290), not once per assessment.
    let mut categories: Vec<Union> = (0..columns).map(|_| Union::default()).collect();
    let mut of = vec![[None; 3]; list.len()];
    let mut current: (Option<&str>, [Option<i32>; 3]) = (None, [None; 3]);
    for &(_, i) in &order {
        let a = list[i];
        if current.0 != Some(a.municipality()) {
            current.0 = Some(a.municipality());
            for (c, union) in categories.iter_mut().enumerate() {
                current.1[c] = values[c](a).map(|v| union.add(v));
            }
        }
        of[i] = current.1;
    }
    ["municipality", "name", "county"]
        .into_iter()
        .zip(categories)
        .enumerate()
        .map(|(c, (name, union))| {
            let codes = at.iter().map(|&i| of[i][c]).collect();
            (name, crate::table::Column::Cat(Arc::new(union.texts), codes))
        })
        .collect()
}

/// Assessments as a function reads them: borrowed from their Python objects (no copy of
/// 100 000 assessments to score them), or owned when read from a table.
enum Held<'py> {
    Objects(Vec<PyRef<'py, PyAssessment>>),
    Owned(Vec<Assessment>),
}

impl<'py> Held<'py> {
    fn of(assessments: &Bound<'py, PyAny>, what: &str) -> PyResult<Held<'py>> {
        if crate::table::is_table(assessments) {
            return assessments_arg(assessments, what).map(Held::Owned);
        }
        if let Ok(a) = assessments.cast::<PyAssessment>() {
            return Ok(Held::Objects(vec![a
                .try_borrow()
                .map_err(|_| crate::assessment::busy())?]));
        }
        let mut out = Vec::new();
        for (index, item) in assessments.try_iter()?.enumerate() {
            let item = item?;
            let a = item.cast_into::<PyAssessment>().map_err(|e| {
                PyTypeError::new_err(format!(
                    "{what} takes Assessment objects or a table; item {index} is {}",
                    type_name(e.into_inner().as_any())
                ))
            })?;
            out.push(a.try_borrow().map_err(|_| crate::assessment::busy())?);
        }
        Ok(Held::Objects(out))
    }

    fn refs(&self) -> Vec<&Assessment> {
        match self {
            Held::Objects(v) => v.iter().map(|r| &r.inner).collect(),
            Held::Owned(v) => v.iter().collect(),
        }
    }
}

fn fraction(f: Option<eblomlada::Fraction>) -> Option<f64> {
    f.map(eblomlada::Fraction::to_f64)
}

fn position(p: Option<usize>) -> Option<i32> {
    p.and_then(|p| i32::try_from(p).ok())
}

/// Every assessment's flowers in one table: one row per assessment and area with
/// ``municipality``, ``name``, ``county``, ``year``, ``area``, ``mean_<level>`` per level,
/// ``score``, ``score_exact`` (a fraction such as ``"7/3"``), ``colour``,
/// ``provisional_score``, ``answered`` and ``total``. ``assessments`` are Assessment objects or
/// a table (see ``read_table``). Returns a Table (``to_pandas()``, ``to_polars()``, Arrow).
#[pyfunction]
pub fn scores(py: Python<'_>, assessments: &Bound<'_, PyAny>) -> PyResult<PyTable> {
    let held = Held::of(assessments, "scores()")?;
    let list = held.refs();
    let data = py.detach(|| -> Result<TableData, AnalysisError> {
        let table = analysis::scores_of(&list)?;
        let c = &table.catalogue;
        let categories = catalogue_categories(c);
        let rows = &table.rows;
        let who = |r: &analysis::ScoreRow| &list[r.assessment];
        let mut t = TableData::default();
        use crate::table::Column;
        let at: Vec<usize> = rows.iter().map(|r| r.assessment).collect();
        for column in who_columns(&list, &at, 3) {
            t.push(column.0, column.1);
        }
        t.push(
            "year",
            Column::Int(rows.iter().map(|r| Some(i64::from(who(r).year()))).collect()),
        );
        let areas = categories("area").unwrap_or_default();
        t.push(
            "area",
            Column::Cat(areas, rows.iter().map(|r| position(Some(r.area))).collect()),
        );
        for (l, level) in c.levels().iter().enumerate() {
            let means = (0..rows.len()).map(|r| fraction(table.means_of(r)[l])).collect();
            t.push(&format!("mean_{}", level.id), Column::Float(means));
        }
        t.push("score", Column::Float(rows.iter().map(|r| fraction(r.score)).collect()));
        t.push("score_exact", exact_texts(rows.iter().map(|r| r.score)));
        let colours = categories("colour").unwrap_or_default();
        t.push(
            "colour",
            Column::Cat(colours, rows.iter().map(|r| position(r.colour)).collect()),
        );
        t.push(
            "provisional_score",
            Column::Float(rows.iter().map(|r| fraction(r.provisional_score)).collect()),
        );
        t.push(
            "answered",
            Column::Int(rows.iter().map(|r| Some(r.answered as i64)).collect()),
        );
        t.push(
            "total",
            Column::Int(rows.iter().map(|r| Some(r.total as i64)).collect()),
        );
        Ok(t)
    });
    data.map(|data| PyTable { data: Arc::new(data) })
        .map_err(|e| analysis_error(py, &e, None))
}

/// The flowers of each municipality over the years: one row per municipality, year and area
/// (sorted so), with ``score``, ``colour``, the municipality's latest earlier assessment
/// (``previous_year``, ``previous_score``, ``previous_colour``), ``delta`` (score change) and
/// ``colour_changed``. Each municipality may appear once per year.
#[pyfunction]
pub fn trends(py: Python<'_>, assessments: &Bound<'_, PyAny>) -> PyResult<PyTable> {
    let held = Held::of(assessments, "trends()")?;
    let list = held.refs();
    let data = py.detach(|| -> Result<TableData, AnalysisError> {
        let table = analysis::trends_of(&list)?;
        let categories = catalogue_categories(&table.catalogue);
        let rows = &table.rows;
        let who = |r: &analysis::TrendRow| &list[r.assessment];
        let mut t = TableData::default();
        use crate::table::Column;
        let at: Vec<usize> = rows.iter().map(|r| r.assessment).collect();
        for column in who_columns(&list, &at, 3) {
            t.push(column.0, column.1);
        }
        t.push(
            "area",
            Column::Cat(
                categories("area").unwrap_or_default(),
                rows.iter().map(|r| position(Some(r.area))).collect(),
            ),
        );
        t.push(
            "year",
            Column::Int(rows.iter().map(|r| Some(i64::from(who(r).year()))).collect()),
        );
        t.push("score", Column::Float(rows.iter().map(|r| fraction(r.score)).collect()));
        let colours = categories("colour").unwrap_or_default();
        t.push(
            "colour",
            Column::Cat(Arc::clone(&colours), rows.iter().map(|r| position(r.colour)).collect()),
        );
        t.push(
            "previous_year",
            Column::Int(
                rows.iter()
                    .map(|r| r.previous.map(|p| i64::from(list[p].year())))
                    .collect(),
            ),
        );
        t.push(
            "previous_score",
            Column::Float(rows.iter().map(|r| fraction(r.previous_score)).collect()),
        );
        t.push(
            "previous_colour",
            Column::Cat(colours, rows.iter().map(|r| position(r.previous_colour)).collect()),
        );
        t.push(
            "delta",
            Column::Float(rows.iter().map(analysis::TrendRow::delta).collect()),
        );
        t.push(
            "colour_changed",
            Column::Bool(
                rows.iter()
                    .map(|r| r.previous.map(|_| r.colour != r.previous_colour))
                    .collect(),
            ),
        );
        Ok(t)
    });
    data.map(|data| PyTable { data: Arc::new(data) })
        .map_err(|e| analysis_error(py, &e, None))
}

/// Texts each taken once, in order of first use: the categories of a categorical column
/// (municipalities, answers of several catalogues, indicator columns).
#[derive(Default)]
struct Union {
    texts: Vec<String>,
    seen: std::collections::HashMap<String, i32>,
}

impl Union {
    fn add(&mut self, text: &str) -> i32 {
        if let Some(&k) = self.seen.get(text) {
            return k;
        }
        let k = i32::try_from(self.texts.len()).unwrap_or(i32::MAX);
        self.texts.push(text.to_owned());
        self.seen.insert(text.to_owned(), k);
        k
    }
}

/// Assessments as a table in the layout ``read_table`` reads, typed: ``"long"`` (the columns
/// of ``to_csv``: one row per assessment and indicator, in catalogue order, with ``catalogue``,
/// ``municipality``, ``year``, ``indicator``, ``answer``, ``points``, ``comment`` and
/// ``synthetic``) or ``"wide"`` (one row per assessment: ``municipality``, ``year``,
/// ``catalogue``, ``synthetic`` and one answer column per indicator; comments are not carried).
/// Answers are ordered categoricals, best first; municipality codes a categorical in code
/// order. ``read_table(to_table(a))`` gives ``a`` back. Returns a Table (``to_pandas()``,
/// ``to_polars()``, Arrow).
#[pyfunction]
#[pyo3(signature = (assessments, layout="long"))]
pub fn to_table(py: Python<'_>, assessments: &Bound<'_, PyAny>, layout: &str) -> PyResult<PyTable> {
    let wide = match layout {
        "long" => false,
        "wide" => true,
        other => {
            return Err(PyValueError::new_err(format!(
                "layout must be \"long\" or \"wide\", not {:?}",
                other
            )))
        }
    };
    let held = Held::of(assessments, "to_table()")?;
    let list = held.refs();
    let data = py.detach(|| if wide { wide_table(&list) } else { long_table(&list) });
    Ok(PyTable { data: Arc::new(data) })
}

/// The answer categories of `catalogues` (every scale's ids, each once, best first) and, per
/// catalogue, each scale position's category.
fn answer_categories(catalogues: &[Arc<Catalogue>]) -> (Vec<String>, Vec<Vec<i32>>) {
    let mut answers = Union::default();
    let of = catalogues
        .iter()
        .map(|c| c.scale().iter().map(|s| answers.add(&s.id)).collect())
        .collect();
    (answers.texts, of)
}

fn long_table(list: &[&Assessment]) -> TableData {
    use crate::table::Column;
    let (catalogues, which) = analysis::table::catalogues_of(list);
    let (answers, answer_of) = answer_categories(&catalogues);
    // Per catalogue: where its indicators start among the indicator texts.
    let mut indicators: Vec<String> = Vec::new();
    let mut first = Vec::new();
    for c in &catalogues {
        first.push(indicators.len());
        indicators.extend(c.indicators().iter().map(|i| i.id.clone()));
    }
    let rows: usize = list.iter().map(|a| a.catalogue().indicators().len()).sum();
    let mut at = Vec::with_capacity(rows);
    let mut indicator = Vec::with_capacity(rows);
    let mut answer = Vec::with_capacity(rows);
    let mut points = Vec::with_capacity(rows);
    let mut comment_at = vec![None; rows];
    let mut comments = Vec::new();
    for (k, a) in list.iter().enumerate() {
        let c = which[k];
        let start = answer.len();
        for (i, choice) in a.answer_positions().enumerate() {
            at.push(k);
            indicator.push(u32::try_from(first[c] + i).ok());
            answer.push(choice.and_then(|p| answer_of[c].get(p).copied()));
            points.push(
                choice
                    .and_then(|p| catalogues[c].scale().get(p))
                    .map(|s| i64::from(s.points)),
            );
        }
        for (i, text) in a.comments() {
            if let Some(slot) = comment_at.get_mut(start + i) {
                *slot = u32::try_from(comments.len()).ok();
                comments.push(text.to_owned());
            }
        }
    }
    let catalogue_names: Vec<String> = catalogues.iter().map(|c| c.key().to_owned()).collect();
    let mut t = TableData::default();
    t.push(
        "catalogue",
        Column::Texts(
            Arc::new(catalogue_names),
            at.iter().map(|&k| u32::try_from(which[k]).ok()).collect(),
        ),
    );
    for (name, column) in who_columns(list, &at, 1) {
        t.push(name, column);
    }
    t.push(
        "year",
        Column::Int(at.iter().map(|&k| Some(i64::from(list[k].year()))).collect()),
    );
    t.push("indicator", Column::Texts(Arc::new(indicators), indicator));
    t.push("answer", Column::Cat(Arc::new(answers), answer));
    t.push("points", Column::Int(points));
    t.push("comment", Column::Texts(Arc::new(comments), comment_at));
    t.push(
        "synthetic",
        Column::Bool(at.iter().map(|&k| Some(list[k].is_synthetic())).collect()),
    );
    t
}

fn wide_table(list: &[&Assessment]) -> TableData {
    use crate::table::Column;
    let (catalogues, which) = analysis::table::catalogues_of(list);
    let (answers, answer_of) = answer_categories(&catalogues);
    // Per catalogue: each indicator's column (catalogues that share an indicator id share it).
    let mut columns = Union::default();
    let column_of: Vec<Vec<usize>> = catalogues
        .iter()
        .map(|c| c.indicators().iter().map(|i| columns.add(&i.id) as usize).collect())
        .collect();
    let mut cells = vec![vec![None; list.len()]; columns.texts.len()];
    for (k, a) in list.iter().enumerate() {
        let c = which[k];
        for (i, choice) in a.answer_positions().enumerate() {
            let given = choice.and_then(|p| answer_of[c].get(p).copied());
            if let Some(column) = column_of[c].get(i).and_then(|&j| cells.get_mut(j)) {
                column[k] = given;
            }
        }
    }
    let at: Vec<usize> = (0..list.len()).collect();
    let mut t = TableData::default();
    for (name, column) in who_columns(list, &at, 1) {
        t.push(name, column);
    }
    t.push(
        "year",
        Column::Int(list.iter().map(|a| Some(i64::from(a.year()))).collect()),
    );
    let catalogue_names: Vec<String> = catalogues.iter().map(|c| c.key().to_owned()).collect();
    t.push(
        "catalogue",
        Column::Texts(
            Arc::new(catalogue_names),
            which.iter().map(|&c| u32::try_from(c).ok()).collect(),
        ),
    );
    t.push(
        "synthetic",
        Column::Bool(list.iter().map(|a| Some(a.is_synthetic())).collect()),
    );
    let categories = Arc::new(answers);
    for (id, column) in columns.texts.iter().zip(cells) {
        t.push(id, Column::Cat(Arc::clone(&categories), column));
    }
    t
}

/// Registers the analysis functions and classes.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(compile, m)?)?;
    m.add_function(wrap_pyfunction!(compare, m)?)?;
    m.add_function(wrap_pyfunction!(compare_published, m)?)?;
    m.add_function(wrap_pyfunction!(published_figures, m)?)?;
    m.add_function(wrap_pyfunction!(municipality_name, m)?)?;
    m.add_function(wrap_pyfunction!(diff, m)?)?;
    m.add_function(wrap_pyfunction!(plan, m)?)?;
    m.add_function(wrap_pyfunction!(synthetic, m)?)?;
    m.add_function(wrap_pyfunction!(read_csv, m)?)?;
    m.add_function(wrap_pyfunction!(to_csv, m)?)?;
    m.add_function(wrap_pyfunction!(to_xlsx, m)?)?;
    m.add_function(wrap_pyfunction!(read_table, m)?)?;
    m.add_function(wrap_pyfunction!(scores, m)?)?;
    m.add_function(wrap_pyfunction!(trends, m)?)?;
    m.add_function(wrap_pyfunction!(to_table, m)?)?;
    m.add_class::<PyCompilation>()?;
    m.add_class::<PyComparison>()?;
    m.add_class::<PyPublishedComparison>()?;
    m.add_class::<PyDiff>()?;
    m.add_class::<PyPlan>()?;
    m.add_class::<PyVersionMapping>()?;
    Ok(())
}
