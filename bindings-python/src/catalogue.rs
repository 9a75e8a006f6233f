//! `Catalogue` and its parts: `Indicator`, `Area`, `Level`, `AnswerOption`, `Band`.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use eblomlada::{Catalogue, Error, Fraction, Text};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyByteArray, PyBytes, PyIterator, PyString, PyTuple, PyType};

use crate::convert::{hash_of, py_repr, py_repr_opt, to_py, type_name};
use crate::errors::core_error;

/// The built-in catalogues, parsed once per process and shared by every assessment.
static BUILTINS: Mutex<Vec<(String, Arc<Catalogue>)>> = Mutex::new(Vec::new());

/// A built-in catalogue by key, parsed on first use.
pub fn builtin(key: &str) -> Result<Arc<Catalogue>, Error> {
    let mut cache = BUILTINS.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some((_, c)) = cache.iter().find(|(k, _)| k == key) {
        return Ok(Arc::clone(c));
    }
    let catalogue = Arc::new(Catalogue::builtin(key)?);
    cache.push((key.to_owned(), Arc::clone(&catalogue)));
    Ok(catalogue)
}

/// A `fractions.Fraction`.
pub fn fraction<'py>(py: Python<'py>, f: Fraction) -> PyResult<Bound<'py, PyAny>> {
    static FRACTION: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    FRACTION
        .import(py, "fractions", "Fraction")?
        .call1((f.numer(), f.denom()))
}

/// An optional `fractions.Fraction`.
pub fn opt_fraction<'py>(py: Python<'py>, f: Option<Fraction>) -> PyResult<Bound<'py, PyAny>> {
    match f {
        Some(f) => fraction(py, f),
        None => Ok(py.None().into_bound(py)),
    }
}

/// Document text from a `str`, `bytes` or `bytearray` argument; bytes must be UTF-8.
pub enum TextArg {
    /// From a `str`.
    Str(PyBackedStr),
    /// From bytes, checked to be UTF-8.
    Bytes(String),
}

impl TextArg {
    /// The text.
    pub fn as_str(&self) -> &str {
        match self {
            TextArg::Str(s) => s,
            TextArg::Bytes(s) => s,
        }
    }
}

/// Reads a `str`/`bytes`/`bytearray` argument; `Err(Ok(problem))` for bytes that are not UTF-8.
pub fn text_arg(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Result<TextArg, eblomlada::Problem>> {
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Ok(TextArg::Str(s.to_owned().try_into()?)));
    }
    let bytes: Vec<u8> = if let Ok(b) = obj.cast::<PyBytes>() {
        b.as_bytes().to_vec()
    } else if let Ok(b) = obj.cast::<PyByteArray>() {
        b.to_vec()
    } else {
        return Err(PyTypeError::new_err(format!(
            "{what} must be str or bytes, not {}",
            type_name(obj)
        )));
    };
    Ok(match eblomlada::json::text_from_bytes(&bytes) {
        Ok(_) => Ok(TextArg::Bytes(String::from_utf8(bytes).unwrap_or_default())),
        Err(problem) => Err(problem),
    })
}

/// An I/O error as Python raises it for `open()`: the `OSError` subclass of its errno
/// (FileNotFoundError, PermissionError, …) with `strerror` and `filename`.
pub fn io_error(py: Python<'_>, err: std::io::Error, path: &Path) -> PyErr {
    let filename = path.display().to_string();
    let build = || -> PyResult<PyErr> {
        // Errors without an OS code (wrapped by a library) still get the errno of their kind,
        // so Python raises the usual subclass (FileNotFoundError, PermissionError, …).
        let errno = err
            .raw_os_error()
            .or(match err.kind() {
                std::io::ErrorKind::NotFound => Some(2),
                std::io::ErrorKind::PermissionDenied => Some(13),
                std::io::ErrorKind::AlreadyExists => Some(17),
                _ => None,
            })
            .ok_or_else(|| pyo3::exceptions::PyOSError::new_err(format!("{filename}: {err}")))?;
        let strerror = py.import("os")?.call_method1("strerror", (errno,))?;
        let instance = py
            .get_type::<pyo3::exceptions::PyOSError>()
            .call1((errno, strerror, filename.as_str()))?;
        Ok(PyErr::from_value(instance))
    };
    build().unwrap_or_else(|e| e)
}

/// The input size limit of `set_max_input_bytes` (default 64 MiB): `from_file` and
/// `read_csv` refuse larger files, and a stream such as /dev/zero is cut off there.
static MAX_INPUT_BYTES: std::sync::atomic::AtomicU64 =
    std::sync::atomic::AtomicU64::new(eblomlada_files::DEFAULT_READ_LIMIT);

/// set_max_input_bytes(limit)
///
/// Raises (or lowers) the size limit of the files that ``from_file`` and ``read_csv`` read,
/// in bytes, for the whole process; the default is 64 MiB. Returns the previous limit.
#[pyfunction]
pub fn set_max_input_bytes(limit: u64) -> u64 {
    MAX_INPUT_BYTES.swap(limit, std::sync::atomic::Ordering::Relaxed)
}

/// Reads a file's bytes (at most the input limit) without holding the GIL; I/O errors become
/// `OSError`s naming the file, a file over the limit an `OSError` with errno EFBIG.
pub fn read_file(py: Python<'_>, path: &Path) -> PyResult<Vec<u8>> {
    let limit = MAX_INPUT_BYTES.load(std::sync::atomic::Ordering::Relaxed);
    let owned = path.to_path_buf();
    py.detach(move || eblomlada_files::read(&owned, limit))
        .map_err(|e| match e {
            eblomlada_files::ReadError::Io { source, .. } => io_error(py, source, path),
            other => {
                const EFBIG: i32 = 27;
                pyo3::exceptions::PyOSError::new_err((
                    EFBIG,
                    format!("{other}; raise the limit with eblomlada.set_max_input_bytes(n)"),
                    path.display().to_string(),
                ))
            }
        })
}

/// Writes a file safely (eblomlada-files: an unguessable temporary file renamed into place,
/// permissions kept, FIFOs and devices written directly) without holding the GIL; I/O errors
/// become `OSError`s naming the file, a folder as target `IsADirectoryError`.
pub fn write_file(py: Python<'_>, path: &Path, bytes: &[u8]) -> PyResult<()> {
    py.detach(|| eblomlada_files::write(path, bytes)).map_err(|e| match e {
        eblomlada_files::WriteError::Io { source, .. } => io_error(py, source, path),
        other => pyo3::exceptions::PyIsADirectoryError::new_err((21, other.to_string(), path.display().to_string())),
    })
}

/// A catalogue argument: a `Catalogue`, or the key of a built-in one.
pub fn catalogue_arg(obj: &Bound<'_, PyAny>) -> PyResult<Arc<Catalogue>> {
    if let Ok(c) = obj.cast::<PyCatalogue>() {
        return Ok(Arc::clone(&c.get().inner));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return builtin(&s.to_cow()?).map_err(|e| core_error(obj.py(), &e, None));
    }
    Err(PyTypeError::new_err(format!(
        "catalogue must be a Catalogue or the key of a built-in catalogue such as 'eblomladan-2016', not {}",
        type_name(obj)
    )))
}

/// A versioned catalogue of indicators: the answer scale, the levels with their weights,
/// the service areas (flowers), the colour bands and the indicators themselves.
///
/// >>> catalogue = Catalogue.builtin("eblomladan-2016")
/// >>> len(catalogue), catalogue["lead-03"].level
/// (88, 'lead')
///
/// Iterating gives the indicators in catalogue order; ``catalogue[id]`` looks one up.
#[pyclass(frozen, module = "eblomlada", name = "Catalogue")]
pub struct PyCatalogue {
    /// The checked catalogue.
    pub inner: Arc<Catalogue>,
    indicators: PyOnceLock<Py<PyTuple>>,
}

impl PyCatalogue {
    /// Wraps a shared catalogue.
    pub fn wrap(inner: Arc<Catalogue>) -> Self {
        PyCatalogue {
            inner,
            indicators: PyOnceLock::new(),
        }
    }

    fn indicator_tuple<'py>(&self, py: Python<'py>) -> PyResult<&Bound<'py, PyTuple>> {
        self.indicators
            .get_or_try_init(py, || {
                let items: Vec<PyIndicator> = self.inner.indicators().iter().map(|i| PyIndicator(i.clone())).collect();
                Ok::<_, PyErr>(PyTuple::new(py, items)?.unbind())
            })
            .map(|t| t.bind(py))
    }

    fn parse(py: Python<'_>, text: &Bound<'_, PyAny>, filename: Option<&str>) -> PyResult<Self> {
        let text = match text_arg(text, "the catalogue text")? {
            Ok(t) => t,
            Err(problem) => {
                let err = Error::InvalidCatalogue {
                    problems: vec![problem],
                };
                return Err(core_error(py, &err, filename));
            }
        };
        let parsed = py.detach(|| Catalogue::from_json(text.as_str()));
        parsed
            .map(|c| PyCatalogue::wrap(Arc::new(c)))
            .map_err(|e| core_error(py, &e, filename))
    }

    fn lookup(&self, py: Python<'_>, id: &str) -> PyResult<PyIndicator> {
        self.inner.indicator(id).map(|i| PyIndicator(i.clone())).ok_or_else(|| {
            let err = Error::UnknownIndicator {
                id: id.to_owned(),
                catalogue: self.inner.key().to_owned(),
            };
            core_error(py, &err, None)
        })
    }
}

#[pymethods]
impl PyCatalogue {
    /// A catalogue shipped inside the library, e.g. ``"eblomladan-2016"`` (the default).
    ///
    /// Raises UnknownCatalogueError (a KeyError) for a key that is not built in.
    #[staticmethod]
    #[pyo3(signature = (key="eblomladan-2016"))]
    fn builtin(py: Python<'_>, key: &str) -> PyResult<Self> {
        builtin(key)
            .map(PyCatalogue::wrap)
            .map_err(|e| core_error(py, &e, None))
    }

    /// The keys of the built-in catalogues, e.g. ``["eblomladan-2016"]``.
    #[staticmethod]
    fn builtin_keys() -> Vec<&'static str> {
        Catalogue::builtin_keys()
    }

    /// Parses and checks a catalogue document (JSON text as ``str`` or UTF-8 ``bytes``).
    ///
    /// Raises InvalidCatalogueError listing every problem found (``.problems``).
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<Self> {
        Self::parse(py, text, None)
    }

    /// Reads and checks a catalogue file (``str`` or ``os.PathLike`` path).
    ///
    /// Errors name the file; a file that is not UTF-8 names the line and column of the bad byte.
    #[staticmethod]
    fn from_file(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        let bytes = read_file(py, &path)?;
        let name = path.display().to_string();
        Self::parse(py, PyBytes::new(py, &bytes).as_any(), Some(&name))
    }

    /// Catalogue family id, e.g. ``"eblomladan"``.
    #[getter]
    fn id(&self) -> &str {
        self.inner.id()
    }

    /// Version within the family, e.g. ``"2016"``.
    #[getter]
    fn version(&self) -> &str {
        self.inner.version()
    }

    /// ``"<id>-<version>"``, e.g. ``"eblomladan-2016"``: the key of a built-in catalogue.
    #[getter]
    fn key(&self) -> &str {
        self.inner.key()
    }

    /// The years the catalogue was made for; assessing another year gives a warning.
    #[getter]
    fn measurement_years<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, self.inner.measurement_years())
    }

    /// The catalogue's name in ``lang`` (``"sv"`` or ``"en"``), falling back to Swedish.
    #[pyo3(signature = (lang="sv"))]
    fn name(&self, lang: &str) -> String {
        self.inner.name().get(lang).to_owned()
    }

    /// Every indicator, in catalogue order.
    #[getter]
    fn indicators<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        self.indicator_tuple(py).cloned()
    }

    /// The service areas (one flower each), in catalogue order.
    #[getter]
    fn areas<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, self.inner.areas().iter().map(|a| PyArea(a.clone())))
    }

    /// The levels (``services``, ``lead``, ``tech``) with their weights.
    #[getter]
    fn levels<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, self.inner.levels().iter().map(|l| PyLevel(l.clone())))
    }

    /// The answer scale, best answer first (``fully``, ``partly``, ``not_met``).
    #[getter]
    fn scale<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, self.inner.scale().iter().map(|s| PyAnswerOption(s.clone())))
    }

    /// The colour bands, highest first: a flower whose exact score is at least ``min`` gets ``colour``.
    #[getter]
    fn bands<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, self.inner.bands().iter().map(|b| PyBand(b.clone())))
    }

    /// The indicator with this id; raises UnknownIndicatorError (a KeyError) otherwise.
    fn indicator(&self, py: Python<'_>, id: String) -> PyResult<PyIndicator> {
        self.lookup(py, &id)
    }

    /// The catalogue document as pretty JSON, exactly as it would be written to a file.
    fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// The catalogue document as Python data (dicts, lists, str, int).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, self.inner.document())
    }

    fn __len__(&self) -> usize {
        self.inner.indicators().len()
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyIterator>> {
        self.indicator_tuple(py)?.try_iter()
    }

    fn __getitem__(&self, py: Python<'_>, id: &Bound<'_, PyAny>) -> PyResult<PyIndicator> {
        match id.cast::<PyString>() {
            Ok(s) => self.lookup(py, &s.to_cow()?),
            Err(_) => Err(pyo3::exceptions::PyKeyError::new_err(id.clone().unbind())),
        }
    }

    fn __contains__(&self, id: &Bound<'_, PyAny>) -> PyResult<bool> {
        Ok(match id.cast::<PyString>() {
            Ok(s) => self.inner.indicator_index(&s.to_cow()?).is_some(),
            Err(_) => false,
        })
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        match other.cast::<PyCatalogue>() {
            Ok(o) => Arc::ptr_eq(&self.inner, &o.get().inner) || *self.inner == *o.get().inner,
            Err(_) => false,
        }
    }

    fn __hash__(&self) -> u64 {
        hash_of(&self.inner.key())
    }

    fn __repr__(&self) -> String {
        format!(
            "<Catalogue {}: {} indicators, {} areas, {} levels>",
            self.inner.key(),
            self.inner.indicators().len(),
            self.inner.areas().len(),
            self.inner.levels().len()
        )
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let py = slf.py();
        let inner = &slf.get().inner;
        let cls = slf.get_type();
        let is_builtin = builtin(inner.key()).map(|b| *b == **inner).unwrap_or(false);
        if is_builtin {
            Ok((cls.getattr("builtin")?, (inner.key(),).into_pyobject(py)?))
        } else {
            Ok((cls.getattr("from_json")?, (inner.to_json(),).into_pyobject(py)?))
        }
    }
}

fn text_or_none(text: &Text, lang: &str) -> Option<String> {
    text.0 .0.get(lang).cloned()
}

/// One statement a municipality rates itself against, e.g. ``lead-03``.
///
/// ``level`` is ``services``, ``lead`` or ``tech``; ``area`` is the service area it belongs to,
/// or ``None`` for a general indicator that counts for every area.
#[pyclass(frozen, module = "eblomlada", name = "Indicator", eq)]
#[derive(Clone, PartialEq)]
pub struct PyIndicator(pub eblomlada::Indicator);

#[pymethods]
impl PyIndicator {
    /// Indicator id, e.g. ``"lead-03"``.
    #[getter]
    fn id(&self) -> &str {
        &self.0.id
    }

    /// The level it belongs to: ``"services"``, ``"lead"`` or ``"tech"``.
    #[getter]
    fn level(&self) -> &str {
        &self.0.level
    }

    /// The service area it is scoped to, or ``None`` for a general indicator.
    #[getter]
    fn area(&self) -> Option<&str> {
        self.0.area.as_deref()
    }

    /// The statement in ``lang`` (``"sv"`` or ``"en"``), falling back to Swedish.
    #[pyo3(signature = (lang="sv"))]
    fn text(&self, lang: &str) -> String {
        self.0.text.get(lang).to_owned()
    }

    /// The Swedish statement (the source text).
    #[getter]
    fn text_sv(&self) -> String {
        self.0.text.get("sv").to_owned()
    }

    /// The English translation, or ``None`` where the catalogue has none.
    #[getter]
    fn text_en(&self) -> Option<String> {
        text_or_none(&self.0.text, "en")
    }

    /// How the source text was restored where the original PDF conversion lost words, if it was.
    #[getter]
    fn restored(&self) -> Option<&str> {
        self.0.restored.as_deref()
    }

    fn __hash__(&self) -> u64 {
        hash_of(&self.0.id)
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "Indicator(id={}, level={}, area={})",
            py_repr(py, &self.0.id),
            py_repr(py, &self.0.level),
            py_repr_opt(py, self.0.area.as_deref())
        )
    }
}

/// A service area: one flower of the flowerbox, e.g. ``elderly``.
#[pyclass(frozen, module = "eblomlada", name = "Area", eq)]
#[derive(Clone, PartialEq)]
pub struct PyArea(pub eblomlada::Area);

#[pymethods]
impl PyArea {
    /// Area id, e.g. ``"elderly"``.
    #[getter]
    fn id(&self) -> &str {
        &self.0.id
    }

    /// The area's name in ``lang`` (``"sv"`` or ``"en"``), falling back to Swedish.
    #[pyo3(signature = (lang="sv"))]
    fn name(&self, lang: &str) -> String {
        self.0.name.get(lang).to_owned()
    }

    fn __hash__(&self) -> u64 {
        hash_of(&self.0.id)
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "Area(id={}, name={})",
            py_repr(py, &self.0.id),
            py_repr(py, self.0.name.get("en"))
        )
    }
}

/// A level of the flowerbox (``services``, ``lead``, ``tech``) and its exact weight in a flower's score.
#[pyclass(frozen, module = "eblomlada", name = "Level", eq)]
#[derive(Clone, PartialEq)]
pub struct PyLevel(pub eblomlada::Level);

#[pymethods]
impl PyLevel {
    /// Level id, e.g. ``"lead"``.
    #[getter]
    fn id(&self) -> &str {
        &self.0.id
    }

    /// The exact weight in a flower's score as a ``fractions.Fraction`` (services 1/2, lead and tech 1/4).
    #[getter]
    fn weight<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        fraction(py, self.0.weight)
    }

    /// The level's name in ``lang`` (``"sv"`` or ``"en"``), falling back to Swedish.
    #[pyo3(signature = (lang="sv"))]
    fn name(&self, lang: &str) -> String {
        self.0.name.get(lang).to_owned()
    }

    fn __hash__(&self) -> u64 {
        hash_of(&self.0.id)
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!("Level(id={}, weight={})", py_repr(py, &self.0.id), self.0.weight)
    }
}

/// One answer of the catalogue's scale, e.g. ``fully`` = 3 points, green.
#[pyclass(frozen, module = "eblomlada", name = "AnswerOption", eq)]
#[derive(Clone, PartialEq)]
pub struct PyAnswerOption(pub eblomlada::ScaleEntry);

#[pymethods]
impl PyAnswerOption {
    /// Answer id used in assessment files: ``"fully"``, ``"partly"`` or ``"not_met"``.
    #[getter]
    fn id(&self) -> &str {
        &self.0.id
    }

    /// Points this answer gives.
    #[getter]
    fn points(&self) -> u32 {
        self.0.points
    }

    /// Colour name of the answer: ``"green"``, ``"yellow"`` or ``"red"``.
    #[getter]
    fn colour(&self) -> &str {
        &self.0.colour
    }

    /// The label shown to people in ``lang`` (``"sv"`` or ``"en"``), falling back to Swedish.
    #[pyo3(signature = (lang="sv"))]
    fn label(&self, lang: &str) -> String {
        self.0.label.get(lang).to_owned()
    }

    fn __hash__(&self) -> u64 {
        hash_of(&self.0.id)
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "AnswerOption(id={}, points={}, colour={})",
            py_repr(py, &self.0.id),
            self.0.points,
            py_repr(py, &self.0.colour)
        )
    }
}

/// A colour band: a flower whose exact score is at least ``min`` (and below the previous band's) gets ``colour``.
#[pyclass(frozen, module = "eblomlada", name = "Band", eq)]
#[derive(Clone, PartialEq)]
pub struct PyBand(pub eblomlada::Band);

#[pymethods]
impl PyBand {
    /// Colour name, e.g. ``"green"``.
    #[getter]
    fn colour(&self) -> &str {
        &self.0.colour
    }

    /// Lowest score (inclusive) of the band, as an exact ``fractions.Fraction`` (e.g. 7/3).
    #[getter]
    fn min<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        fraction(py, self.0.min)
    }

    fn __hash__(&self) -> u64 {
        hash_of(&self.0.colour)
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!("Band(colour={}, min={})", py_repr(py, &self.0.colour), self.0.min)
    }
}
