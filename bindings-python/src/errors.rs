//! Core errors as the Python exceptions of `eblomlada._errors`, and the `Problem` class.
//!
//! The exception classes are defined in Python (`python/eblomlada/_errors.py`) so that they can
//! inherit from both `ValueError` and `KeyError` where that is Pythonic; they are looked up
//! when an error is raised, which is never on a hot path.

use eblomlada::{Error, Severity};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};

use crate::convert::py_repr;

/// The Python exception for a core error; `filename` (for errors read from a file) is put
/// in front of the message, as the command line does.
pub fn core_error(py: Python<'_>, err: &Error, filename: Option<&str>) -> PyErr {
    let class = match err {
        Error::InvalidCatalogue { .. } => "InvalidCatalogueError",
        Error::InvalidAssessment { .. } => "InvalidAssessmentError",
        Error::UnknownCatalogue { .. } => "UnknownCatalogueError",
        Error::UnknownIndicator { .. } => "UnknownIndicatorError",
        Error::UnknownAnswer { .. } => "UnknownAnswerError",
        Error::InvalidField { .. } => "InvalidFieldError",
        Error::InvalidPublished { .. } => "InvalidPublishedError",
        Error::UnknownPublished { .. } => "UnknownPublishedError",
        _ => "EblomladaError",
    };
    let message = match filename {
        Some(file) => format!("{file}: {err}"),
        None => err.to_string(),
    };
    raise(py, class, message, err.problems(), filename)
}

/// An instance of the exception class `class` of `eblomlada._errors`, as a `PyErr`.
pub fn raise(
    py: Python<'_>,
    class: &str,
    message: String,
    problems: Vec<eblomlada::Problem>,
    filename: Option<&str>,
) -> PyErr {
    let build = || -> PyResult<PyErr> {
        let cls = py.import("eblomlada._errors")?.getattr(class)?;
        let problems: Vec<Problem> = problems.into_iter().map(Problem).collect();
        let instance = cls.call1((message.as_str(), problems, filename))?;
        Ok(PyErr::from_value(instance))
    };
    build().unwrap_or_else(|e| e)
}

/// One problem found in a document: where (JSON path, and line and column where known) and what.
///
/// ``str(problem)`` reads like the command line's error lines (without the file name):
/// ``line 3, column 7: $.answers.lead-03.answer: unknown answer "maybe"; …``.
#[pyclass(frozen, module = "eblomlada", name = "Problem", eq)]
#[derive(Clone, PartialEq)]
pub struct Problem(pub eblomlada::Problem);

fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Warning => "warning",
        _ => "error",
    }
}

#[pymethods]
impl Problem {
    /// Problem(severity, path, message, line=None, column=None)
    #[new]
    #[pyo3(signature = (severity, path, message, line=None, column=None))]
    fn new(
        severity: String,
        path: String,
        message: String,
        line: Option<usize>,
        column: Option<usize>,
    ) -> PyResult<Self> {
        let severity = match severity.as_str() {
            "error" => Severity::Error,
            "warning" => Severity::Warning,
            other => {
                return Err(PyValueError::new_err(format!(
                    "unknown severity {other:?}; expected \"error\" or \"warning\""
                )))
            }
        };
        Ok(Problem(eblomlada::Problem {
            severity,
            path,
            line,
            column,
            message,
        }))
    }

    /// ``"error"`` (the input cannot be used) or ``"warning"`` (it can, but probably not as meant).
    #[getter]
    fn severity(&self) -> &'static str {
        severity_name(self.0.severity)
    }

    /// Where in the document, as a JSON path such as ``$.answers.lead-03.answer``.
    #[getter]
    fn path(&self) -> &str {
        &self.0.path
    }

    /// 1-based line, where the JSON parser knows it, else ``None``.
    #[getter]
    fn line(&self) -> Option<usize> {
        self.0.line
    }

    /// 1-based column, where the JSON parser knows it, else ``None``.
    #[getter]
    fn column(&self) -> Option<usize> {
        self.0.column
    }

    /// What is wrong and what was expected.
    #[getter]
    fn message(&self) -> &str {
        &self.0.message
    }

    /// The problem as a dict with the keys severity, path, line, column and message.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("severity", self.severity())?;
        d.set_item("path", &self.0.path)?;
        d.set_item("line", self.0.line)?;
        d.set_item("column", self.0.column)?;
        d.set_item("message", &self.0.message)?;
        Ok(d)
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "Problem(severity={}, path={}, message={}, line={}, column={})",
            py_repr(py, self.severity()),
            py_repr(py, &self.0.path),
            py_repr(py, &self.0.message),
            self.0.line.map_or("None".to_owned(), |l| l.to_string()),
            self.0.column.map_or("None".to_owned(), |c| c.to_string()),
        )
    }

    fn __hash__(&self) -> u64 {
        crate::convert::hash_of(&(
            self.severity(),
            &self.0.path,
            self.0.line,
            self.0.column,
            &self.0.message,
        ))
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let py = slf.py();
        let p = &slf.get().0;
        let args = (severity_name(p.severity), &p.path, &p.message, p.line, p.column).into_pyobject(py)?;
        Ok((slf.get_type().into_any(), args))
    }
}

/// Emits each warning of an assessment as a Python `EblomladaWarning` (after `.warnings` has
/// them): a notebook shows them without the analyst asking. `prefix` names the file.
pub(crate) fn warn(py: Python<'_>, problems: &[eblomlada::Problem], prefix: Option<&str>) -> PyResult<()> {
    if problems.is_empty() {
        return Ok(());
    }
    let category = py.import("eblomlada._errors")?.getattr("EblomladaWarning")?;
    for p in problems {
        // The category says it is a warning; the path says of what.
        let text = match prefix {
            Some(file) => format!("{file}: {}: {}", p.path, p.message),
            None => format!("{}: {}", p.path, p.message),
        };
        let message = std::ffi::CString::new(text.replace('\0', "\\0")).unwrap_or_default();
        PyErr::warn(py, &category, &message, 2)?;
    }
    Ok(())
}

/// One `EblomladaWarning` for many assessments read at once (a CSV file, a table): how many
/// have warnings and the first of each kind, instead of thousands of lines.
pub(crate) fn warn_bulk(py: Python<'_>, assessments: &[eblomlada::Assessment], source: Option<&str>) -> PyResult<()> {
    let mut kinds: Vec<(String, usize, String)> = Vec::new();
    for a in assessments {
        for w in a.warnings() {
            match kinds.iter_mut().find(|(path, _, _)| *path == w.path) {
                Some(kind) => kind.1 += 1,
                None => kinds.push((
                    w.path.clone(),
                    1,
                    format!("{} {}: {}", a.municipality(), a.year(), w.message),
                )),
            }
        }
    }
    let problems: Vec<eblomlada::Problem> = kinds
        .into_iter()
        .map(|(path, count, first)| {
            let field = path.trim_start_matches("$.").to_owned();
            eblomlada::Problem::warning(
                path,
                format!(
                    "{count} of {} assessments have a warning about the {field} (see Assessment.warnings); the first: {first}",
                    assessments.len()
                ),
            )
        })
        .collect();
    warn(py, &problems, source)
}
