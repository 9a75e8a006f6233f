//! Team assessments (`eblomlada::team`): contributions of respondents, the coordinator's merge.

use std::path::PathBuf;
use std::sync::Arc;

use eblomlada::team::{self, Contribution, Decisions, Policy, TeamError, TeamReport};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString};

use crate::assessment::{named_catalogue, PyAssessment};
use crate::catalogue::{catalogue_arg, read_file, text_arg, write_file};
use crate::convert::{to_json_value, to_py, type_name};
use crate::errors::{core_error, raise};
use crate::table::PyTable;

/// The Python exception for a team error.
pub fn team_error(py: Python<'_>, err: &TeamError, filename: Option<&str>) -> PyErr {
    let class = match err {
        TeamError::InvalidContribution { .. } => "InvalidContributionError",
        TeamError::InvalidDecisions { .. } => "InvalidDecisionsError",
        TeamError::Inconsistent { .. } => "InconsistentContributionsError",
        TeamError::Empty => "EmptyInputError",
        _ => "TeamError",
    };
    let message = match filename {
        Some(file) => format!("{file}: {err}"),
        None => err.to_string(),
    };
    raise(py, class, message, err.problems(), filename)
}

/// One respondent's answers for one municipality, year and catalogue: an assessment plus the
/// respondent (id, name, department and scope), every answer within the scope.
///
/// >>> c = Contribution("eblomladan-2016", "1881", 2017,
/// ...                  {"id": "soc", "name": "Sara", "scope": {"areas": ["elderly"]}})
/// >>> c.answer("elderly-06", "fully")
/// >>> len(c.scope), c.assessment["elderly-06"]
/// (8, 'fully')
///
/// ``answer`` outside the scope raises ``InvalidFieldError`` naming the indicator and the scope.
#[pyclass(module = "eblomlada", name = "Contribution")]
pub struct PyContribution {
    pub inner: Contribution,
}

fn respondent_document(obj: &Bound<'_, PyAny>) -> PyResult<eblomlada::team::RespondentDocument> {
    if !obj.is_instance_of::<PyDict>() {
        return Err(PyTypeError::new_err(format!(
            "respondent must be a dict with id, name and optionally department and scope, not {}",
            type_name(obj)
        )));
    }
    let value = to_json_value(obj)?;
    eblomlada::team::RespondentDocument::from_value(&value, "$.respondent")
        .map_err(|problems| team_error(obj.py(), &TeamError::InvalidContribution { problems }, None))
}

impl PyContribution {
    fn parse(
        py: Python<'_>,
        text: &Bound<'_, PyAny>,
        catalogue: Option<&Bound<'_, PyAny>>,
        filename: Option<&str>,
    ) -> PyResult<Self> {
        let text = match text_arg(text, "the contribution text")? {
            Ok(t) => t,
            Err(problem) => {
                let err = TeamError::InvalidContribution {
                    problems: vec![problem],
                };
                return Err(team_error(py, &err, filename));
            }
        };
        let catalogue = match catalogue {
            Some(c) if !c.is_none() => catalogue_arg(c)?,
            _ => named_catalogue(py, text.as_str(), filename)?,
        };
        py.detach(|| Contribution::from_json(text.as_str(), &catalogue))
            .map(|inner| PyContribution { inner })
            .map_err(|e| team_error(py, &e, filename))
    }
}

#[pymethods]
impl PyContribution {
    /// An empty contribution of ``respondent`` (a dict: ``id``, ``name``, optional ``department``
    /// and ``scope`` with ``areas``, ``levels`` and/or ``indicators``; no scope: everything).
    #[new]
    #[pyo3(signature = (catalogue, municipality, year, respondent))]
    fn new(
        py: Python<'_>,
        catalogue: &Bound<'_, PyAny>,
        municipality: &Bound<'_, PyAny>,
        year: &Bound<'_, PyAny>,
        respondent: &Bound<'_, PyAny>,
    ) -> PyResult<Self> {
        let assessment = PyAssessment::new(catalogue, municipality, year)?.inner;
        let doc = respondent_document(respondent)?;
        let respondent = team::Respondent::from_document(doc, assessment.catalogue(), "$.respondent")
            .map_err(|problems| team_error(py, &TeamError::InvalidContribution { problems }, None))?;
        Contribution::new(respondent, assessment)
            .map(|inner| PyContribution { inner })
            .map_err(|e| team_error(py, &e, None))
    }

    /// Parses a contribution (``str`` or ``bytes``): an assessment file plus ``respondent``.
    /// Answers outside the respondent's scope are errors naming the indicator and the scope.
    #[staticmethod]
    #[pyo3(signature = (text, catalogue=None))]
    fn from_json(py: Python<'_>, text: &Bound<'_, PyAny>, catalogue: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        Self::parse(py, text, catalogue, None)
    }

    /// Reads a contribution file; error messages start with the file name.
    #[staticmethod]
    #[pyo3(signature = (path, catalogue=None))]
    fn from_file(py: Python<'_>, path: PathBuf, catalogue: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let bytes = read_file(py, &path)?;
        let name = path.display().to_string();
        Self::parse(py, PyBytes::new(py, &bytes).as_any(), catalogue, Some(&name))
    }

    /// The respondent as a dict (id, name, department, scope).
    #[getter]
    fn respondent<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.respondent.to_document())
    }

    /// The answers as an ``Assessment`` (a copy).
    #[getter]
    fn assessment(&self) -> PyAssessment {
        PyAssessment {
            inner: self.inner.assessment.clone(),
        }
    }

    /// Indicator ids in the respondent's scope, in catalogue order.
    #[getter]
    fn scope(&self) -> Vec<String> {
        self.inner.scope_ids()
    }

    /// Answers indicator ``id`` (within the scope), optionally with a comment.
    #[pyo3(signature = (id, answer, comment=None))]
    fn answer(&mut self, py: Python<'_>, id: &str, answer: &str, comment: Option<&str>) -> PyResult<()> {
        self.inner.answer(id, answer).map_err(|e| core_error(py, &e, None))?;
        if comment.is_some() {
            self.inner
                .assessment
                .comment(id, comment)
                .map_err(|e| core_error(py, &e, None))?;
        }
        Ok(())
    }

    /// Removes the answer of indicator ``id``.
    fn clear(&mut self, py: Python<'_>, id: &str) -> PyResult<()> {
        self.inner.assessment.clear(id).map_err(|e| core_error(py, &e, None))
    }

    /// The contribution file as Python data.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner)
    }

    /// The contribution file as pretty JSON.
    fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// Writes the contribution file (atomically).
    fn to_file(&self, py: Python<'_>, path: PathBuf) -> PyResult<()> {
        let mut text = self.inner.to_json();
        text.push('\n');
        write_file(py, &path, text.as_bytes())
    }

    fn __repr__(&self) -> String {
        let r = &self.inner.respondent;
        format!(
            "<Contribution {} {} by {:?} ({}): {} of {} in scope answered>",
            self.inner.assessment.municipality(),
            self.inner.assessment.year(),
            r.id,
            r.scope.describe(),
            self.inner.assessment.answered(),
            r.scope.len()
        )
    }
}

/// The team report of ``eblomlada.merge``: who answered what, disagreements, participation.
///
/// ``to_records(table)``/``to_pandas(table)`` with ``table`` ``"participation"`` (one row per
/// respondent and level or area), ``"disagreements"`` (one row per response to an indicator
/// where respondents disagree) or ``"responses"`` (one row per response).
#[pyclass(frozen, module = "eblomlada", name = "TeamReport")]
pub struct PyTeamReport {
    inner: TeamReport,
    catalogue: Arc<eblomlada::Catalogue>,
}

#[pymethods]
impl PyTeamReport {
    /// Indicator ids whose disagreement is still open (unanswered in the merged assessment).
    #[getter]
    fn open(&self) -> Vec<String> {
        self.inner.open.clone()
    }

    /// Counts: respondents, indicators, answered, disagreements, open, decided, unassigned.
    #[getter]
    fn summary<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.summary)
    }

    /// Per respondent: answered of assigned, in total and per area and level.
    #[getter]
    fn participation<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.participation)
    }

    /// Per indicator: assigned respondents, responses, agreement, merged answer, resolution.
    #[getter]
    fn indicators<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.indicators)
    }

    /// The policy used for undecided disagreements.
    #[getter]
    fn policy(&self) -> &'static str {
        self.inner.policy.as_str()
    }

    /// The report as Python data (the JSON of ``eblomlada team merge --report``).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner)
    }

    /// The report as pretty JSON.
    fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// A tidy table as a list of dicts; ``table`` is ``"participation"``, ``"disagreements"``
    /// or ``"responses"``.
    #[pyo3(signature = (table="participation"))]
    fn to_records<'py>(&self, py: Python<'py>, table: &str) -> PyResult<Bound<'py, PyAny>> {
        crate::analysis::records(py, "team", self.to_dict(py)?, table)
    }

    /// ``to_records(table)`` as a pandas DataFrame: answers, levels and areas as ordered
    /// categoricals in catalogue order, nullable numbers.
    #[pyo3(signature = (table="participation"))]
    fn to_pandas<'py>(&self, py: Python<'py>, table: &str) -> PyResult<Bound<'py, PyAny>> {
        self.to_arrow(py, table)?.to_pandas(py)
    }

    /// ``to_records(table)`` as an Arrow table (``__arrow_c_stream__``), typed as ``to_pandas``.
    #[pyo3(signature = (table="participation"))]
    fn to_arrow(&self, py: Python<'_>, table: &str) -> PyResult<PyTable> {
        crate::analysis::result_table(py, "team", self.to_dict(py)?, table, &self.catalogue)
    }

    /// ``to_records(table)`` as a polars DataFrame (needs polars).
    #[pyo3(signature = (table="participation"))]
    fn to_polars<'py>(&self, py: Python<'py>, table: &str) -> PyResult<Bound<'py, PyAny>> {
        PyTable::to_polars(&Bound::new(py, self.to_arrow(py, table)?)?, py)
    }

    fn __repr__(&self) -> String {
        let s = &self.inner.summary;
        format!(
            "<TeamReport {} {}: {} respondents, {} of {} answered, {} disagreements, {} open>",
            self.inner.municipality, self.inner.year, s.respondents, s.answered, s.indicators, s.disagreements, s.open
        )
    }
}

/// The decisions argument: ``None``, ``{"lead-03": "partly"}``, ``{"lead-03": {"answer": …,
/// "comment": …}}``, or the file's shape ``{"decisions": {…}}``.
fn decisions_arg(
    py: Python<'_>,
    obj: Option<&Bound<'_, PyAny>>,
    catalogue: &eblomlada::Catalogue,
) -> PyResult<Decisions> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else {
        return Ok(Decisions::default());
    };
    if !obj.is_instance_of::<PyDict>() {
        return Err(PyTypeError::new_err(format!(
            "decisions must be a dict of indicator id to answer (or to {{'answer': …, 'comment': …}}), not {}",
            type_name(obj)
        )));
    }
    let value = to_json_value(obj)?;
    Decisions::from_value(&value, catalogue).map_err(|e| team_error(py, &e, None))
}

/// Merges contributions (any order) and the coordinator's ``decisions`` into one assessment.
///
/// Returns ``(assessment, report)``: the merged ``Assessment`` (scored and drawn like any other)
/// and a ``TeamReport``. A decision always wins; an undecided disagreement follows ``policy``:
/// ``"open"`` (stays unanswered, the default), ``"lowest"``, or ``"median"`` (rounded towards the
/// lower answer, so fully against not met gives partly).
#[pyfunction]
#[pyo3(signature = (contributions, decisions=None, policy="open"))]
pub fn merge(
    py: Python<'_>,
    contributions: &Bound<'_, PyAny>,
    decisions: Option<&Bound<'_, PyAny>>,
    policy: &str,
) -> PyResult<(PyAssessment, PyTeamReport)> {
    let policy: Policy = policy.parse().map_err(|e| core_error(py, &e, None))?;
    if contributions.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(
            "contributions must be an iterable of Contribution, not str",
        ));
    }
    let mut list = Vec::new();
    for item in contributions.try_iter()? {
        let item = item?;
        match item.cast::<PyContribution>() {
            Ok(c) => list.push(c.try_borrow()?.inner.clone()),
            Err(_) => {
                return Err(PyTypeError::new_err(format!(
                    "contributions must be Contribution objects, not {}",
                    type_name(&item)
                )))
            }
        }
    }
    let catalogue = match list.first() {
        Some(c) => Arc::clone(c.assessment.catalogue()),
        None => return Err(team_error(py, &TeamError::Empty, None)),
    };
    let decisions = decisions_arg(py, decisions, &catalogue)?;
    let merged = py
        .detach(|| team::merge(&list, &decisions, policy))
        .map_err(|e| team_error(py, &e, None))?;
    Ok((
        PyAssessment {
            inner: merged.assessment,
        },
        PyTeamReport {
            inner: merged.report,
            catalogue,
        },
    ))
}

/// Registers the team classes and functions.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyContribution>()?;
    m.add_class::<PyTeamReport>()?;
    m.add_function(wrap_pyfunction!(merge, m)?)?;
    Ok(())
}
