//! The native part of the Python package `eblomlada` (`eblomlada._eblomlada`).
//!
//! Thin PyO3 wrappers around the core crate: every rule lives in the core, so Python, the
//! command line and the browser give the same answers. The pure-Python package around this
//! module (`bindings-python/python/eblomlada`) defines the exception hierarchy and the pandas
//! conveniences, which this module imports only when they are needed, keeping
//! `import eblomlada` fast.

use pyo3::prelude::*;

mod analysis;
mod assessment;
mod catalogue;
mod convert;
mod errors;
mod report;
mod score;
mod table;
mod team;

/// The native module: catalogues, assessments, exact scores and drawings.
#[pymodule]
fn _eblomlada(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<catalogue::PyCatalogue>()?;
    m.add_class::<catalogue::PyIndicator>()?;
    m.add_class::<catalogue::PyArea>()?;
    m.add_class::<catalogue::PyLevel>()?;
    m.add_class::<catalogue::PyAnswerOption>()?;
    m.add_class::<catalogue::PyBand>()?;
    m.add_class::<assessment::PyAssessment>()?;
    m.add_class::<score::PyScore>()?;
    m.add_class::<score::PyAreaScore>()?;
    m.add_class::<score::PyLevelScore>()?;
    m.add_class::<errors::Problem>()?;
    m.add_class::<table::PyTable>()?;
    m.add_function(wrap_pyfunction!(catalogue::set_max_input_bytes, m)?)?;
    analysis::register(m)?;
    team::register(m)?;
    report::register(m)?;
    Ok(())
}
