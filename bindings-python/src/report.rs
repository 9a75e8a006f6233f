//! `eblomlada.report(...)`: the yearly report as HTML (also `_repr_html_`) or DOCX, built by the
//! core (`eblomlada::report`); this module converts the arguments, rasterises the DOCX pictures
//! with resvg (the core stays pure) and writes files with the shared safe writer.

// The core's AnalysisError is large; it only crosses a closure here and becomes a PyErr at once.
#![allow(clippy::result_large_err)]

use std::path::PathBuf;

use eblomlada::analysis::{self, CompileOptions};
use eblomlada::report::{self as core_report, Reference};
use eblomlada::{Assessment, Published};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::analysis::{analysis_error, assessments_arg, PyCompilation};
use crate::assessment::PyAssessment;
use crate::catalogue::write_file;
use crate::convert::{to_py, type_name};

fn assessment_arg(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Assessment> {
    let a = obj
        .cast::<PyAssessment>()
        .map_err(|_| PyTypeError::new_err(format!("{what} must be an Assessment, not {}", type_name(obj))))?;
    let a = a.try_borrow().map_err(|_| crate::assessment::busy())?;
    Ok(a.inner.clone())
}

/// An SVG picture as PNG bytes, with the system's fonts for its text.
fn svg_to_png(svg: &str) -> Option<Vec<u8>> {
    use resvg::{tiny_skia, usvg};
    let mut options = usvg::Options::default();
    options.fontdb_mut().load_system_fonts();
    let tree = usvg::Tree::from_str(svg, &options).ok()?;
    let size = tree.size().to_int_size();
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height())?;
    resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
    pixmap.encode_png().ok()
}

/// The yearly report of an assessment, as ``eblomlada report`` writes it.
///
/// ``previous`` is last year's Assessment (same catalogue). ``against`` is the reference: a
/// Compilation, or Assessments to compile; ``None`` uses the published national figures of the
/// catalogue and year where they exist (and no reference otherwise). ``lang`` is ``"sv"`` or
/// ``"en"``, ``format`` ``"html"`` (one self-contained file for print) or ``"docx"`` (Word).
#[pyfunction]
#[pyo3(signature = (assessment, previous=None, against=None, lang="sv", format="html"))]
pub fn report(
    py: Python<'_>,
    assessment: &Bound<'_, PyAny>,
    previous: Option<&Bound<'_, PyAny>>,
    against: Option<&Bound<'_, PyAny>>,
    lang: &str,
    format: &str,
) -> PyResult<PyReport> {
    if !matches!(lang, "sv" | "en") {
        return Err(PyValueError::new_err(format!(
            "lang must be \"sv\" or \"en\", not {lang:?}"
        )));
    }
    let docx = match format {
        "html" => false,
        "docx" => true,
        other => {
            return Err(PyValueError::new_err(format!(
                "format must be \"html\" or \"docx\", not {other:?}"
            )))
        }
    };
    let a = assessment_arg(assessment, "assessment")?;
    let previous = previous.map(|p| assessment_arg(p, "previous")).transpose()?;
    let compiled = match against {
        None => None,
        Some(obj) => match obj.cast::<PyCompilation>() {
            Ok(c) => Some(c.get().inner.clone()),
            Err(_) => {
                let list = assessments_arg(obj, "report(against=…)")?;
                Some(
                    py.detach(|| analysis::compile(&list, &CompileOptions::new()))
                        .map_err(|e| analysis_error(py, &e, None))?,
                )
            }
        },
    };
    let options = core_report::Options {
        lang: lang.to_owned(),
        ..core_report::Options::default()
    };
    let built = py
        .detach(|| {
            let published = Published::builtin(a.catalogue(), a.year()).ok();
            let reference = match (&compiled, &published) {
                (Some(c), _) => Reference::Compilation(c),
                (None, Some(p)) => Reference::Published(p),
                (None, None) => Reference::None,
            };
            core_report::build(&a, previous.as_ref(), reference, &options)
        })
        .map_err(|e| analysis_error(py, &e, None))?;
    let bytes = if docx {
        py.detach(|| built.to_docx(&svg_to_png))
            .map_err(|e| pyo3::exceptions::PyRuntimeError::new_err(e.to_string()))?
    } else {
        built.to_html().into_bytes()
    };
    Ok(PyReport {
        inner: built,
        bytes,
        docx,
    })
}

/// A yearly report (``eblomlada.report``): the document in its format, and its content.
#[pyclass(frozen, module = "eblomlada", name = "Report")]
pub struct PyReport {
    inner: core_report::Report,
    bytes: Vec<u8>,
    docx: bool,
}

#[pymethods]
impl PyReport {
    /// ``"html"`` or ``"docx"``.
    #[getter]
    fn format(&self) -> &'static str {
        if self.docx {
            "docx"
        } else {
            "html"
        }
    }

    /// The report's title.
    #[getter]
    fn title(&self) -> &str {
        &self.inner.title
    }

    /// The document: UTF-8 HTML or the DOCX file.
    fn to_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.bytes)
    }

    /// The report as HTML (whatever the format): the same document as ``format="html"``.
    fn to_html(&self, py: Python<'_>) -> String {
        py.detach(|| self.inner.to_html())
    }

    /// The short text summary (``eblomlada report`` without ``-o``).
    fn summary(&self) -> String {
        self.inner.summary_text()
    }

    /// What the report says, as Python data (areas and levels, changes, reference, summary).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner)
    }

    /// Writes the document to ``path`` safely (all or nothing).
    fn to_file(&self, py: Python<'_>, path: PathBuf) -> PyResult<()> {
        write_file(py, &path, &self.bytes)
    }

    /// Jupyter shows the HTML report.
    fn _repr_html_(&self, py: Python<'_>) -> String {
        self.to_html(py)
    }

    fn __repr__(&self) -> String {
        format!(
            "<Report {} ({}, {} bytes)>",
            self.inner.title,
            self.format(),
            self.bytes.len()
        )
    }
}

/// Registers `report` and `Report`.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyReport>()?;
    m.add_function(wrap_pyfunction!(report, m)?)?;
    Ok(())
}
