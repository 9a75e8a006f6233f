//! Conversions between Rust and Python values.
//!
//! [`to_py`] turns anything serde can serialise into plain Python objects the way `serde_json`
//! would write it as JSON, so that a result's `to_dict()` equals `json.loads` of the command
//! line's output: integers become `int`, floats `float` (non-finite ones `None`, as serde_json
//! writes `null`), `None` for null, and objects become `dict`s in the order the Rust value
//! writes its fields (serde_json's own `Value` would sort them). [`to_json_value`] goes the
//! other way for the few places that take free-form data from Python.

use std::fmt;

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde::ser::{self, Serialize};

/// A failure while building Python objects.
pub struct SerError(pub PyErr);

impl fmt::Debug for SerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.0)
    }
}

impl fmt::Display for SerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl std::error::Error for SerError {}

impl ser::Error for SerError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        SerError(PyValueError::new_err(msg.to_string()))
    }
}

impl From<std::convert::Infallible> for SerError {
    fn from(never: std::convert::Infallible) -> Self {
        match never {}
    }
}

impl From<PyErr> for SerError {
    fn from(err: PyErr) -> Self {
        SerError(err)
    }
}

/// `value` as Python objects, structured like its JSON.
pub fn to_py<'py, T: Serialize + ?Sized>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    value.serialize(Ser { py }).map_err(|e| e.0)
}

#[derive(Clone, Copy)]
struct Ser<'py> {
    py: Python<'py>,
}

type R<'py> = Result<Bound<'py, PyAny>, SerError>;

impl<'py> ser::Serializer for Ser<'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = SerError;
    type SerializeSeq = SeqSer<'py>;
    type SerializeTuple = SeqSer<'py>;
    type SerializeTupleStruct = SeqSer<'py>;
    type SerializeTupleVariant = VariantSer<'py, SeqSer<'py>>;
    type SerializeMap = MapSer<'py>;
    type SerializeStruct = MapSer<'py>;
    type SerializeStructVariant = VariantSer<'py, MapSer<'py>>;

    fn serialize_bool(self, v: bool) -> R<'py> {
        Ok(PyBool::new(self.py, v).to_owned().into_any())
    }
    fn serialize_i8(self, v: i8) -> R<'py> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i16(self, v: i16) -> R<'py> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i32(self, v: i32) -> R<'py> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i64(self, v: i64) -> R<'py> {
        Ok(v.into_pyobject(self.py)?.into_any())
    }
    fn serialize_i128(self, v: i128) -> R<'py> {
        Ok(v.into_pyobject(self.py)?.into_any())
    }
    fn serialize_u8(self, v: u8) -> R<'py> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u16(self, v: u16) -> R<'py> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u32(self, v: u32) -> R<'py> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u64(self, v: u64) -> R<'py> {
        Ok(v.into_pyobject(self.py)?.into_any())
    }
    fn serialize_u128(self, v: u128) -> R<'py> {
        Ok(v.into_pyobject(self.py)?.into_any())
    }
    fn serialize_f32(self, v: f32) -> R<'py> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> R<'py> {
        if v.is_finite() {
            Ok(PyFloat::new(self.py, v).into_any())
        } else {
            // serde_json writes NaN and infinities as null.
            Ok(self.py.None().into_bound(self.py))
        }
    }
    fn serialize_char(self, v: char) -> R<'py> {
        let mut buf = [0u8; 4];
        self.serialize_str(v.encode_utf8(&mut buf))
    }
    fn serialize_str(self, v: &str) -> R<'py> {
        Ok(PyString::new(self.py, v).into_any())
    }
    fn serialize_bytes(self, v: &[u8]) -> R<'py> {
        // serde_json writes bytes as an array of numbers.
        Ok(PyList::new(self.py, v)?.into_any())
    }
    fn serialize_none(self) -> R<'py> {
        Ok(self.py.None().into_bound(self.py))
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> R<'py> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> R<'py> {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _name: &'static str) -> R<'py> {
        self.serialize_none()
    }
    fn serialize_unit_variant(self, _name: &'static str, _index: u32, variant: &'static str) -> R<'py> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _name: &'static str, value: &T) -> R<'py> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> R<'py> {
        let dict = PyDict::new(self.py);
        dict.set_item(variant, value.serialize(self)?)?;
        Ok(dict.into_any())
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<SeqSer<'py>, SerError> {
        Ok(SeqSer {
            ser: self,
            items: Vec::with_capacity(len.unwrap_or(0).min(4096)),
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<SeqSer<'py>, SerError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<SeqSer<'py>, SerError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<VariantSer<'py, SeqSer<'py>>, SerError> {
        Ok(VariantSer {
            variant,
            inner: self.serialize_seq(Some(len))?,
            _py: std::marker::PhantomData,
        })
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<MapSer<'py>, SerError> {
        Ok(MapSer {
            ser: self,
            dict: PyDict::new(self.py),
            key: None,
            number: None,
        })
    }
    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<MapSer<'py>, SerError> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<VariantSer<'py, MapSer<'py>>, SerError> {
        Ok(VariantSer {
            variant,
            inner: self.serialize_map(Some(len))?,
            _py: std::marker::PhantomData,
        })
    }
}

/// Collects a sequence into a `list`.
pub struct SeqSer<'py> {
    ser: Ser<'py>,
    items: Vec<Bound<'py, PyAny>>,
}

impl<'py> SeqSer<'py> {
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), SerError> {
        self.items.push(value.serialize(self.ser)?);
        Ok(())
    }
    fn finish(self) -> R<'py> {
        Ok(PyList::new(self.ser.py, self.items)?.into_any())
    }
}

impl<'py> ser::SerializeSeq for SeqSer<'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = SerError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), SerError> {
        self.push(value)
    }
    fn end(self) -> R<'py> {
        self.finish()
    }
}

impl<'py> ser::SerializeTuple for SeqSer<'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = SerError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), SerError> {
        self.push(value)
    }
    fn end(self) -> R<'py> {
        self.finish()
    }
}

impl<'py> ser::SerializeTupleStruct for SeqSer<'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = SerError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), SerError> {
        self.push(value)
    }
    fn end(self) -> R<'py> {
        self.finish()
    }
}

/// Collects a map or struct into a `dict`, keys in the order written.
pub struct MapSer<'py> {
    ser: Ser<'py>,
    dict: Bound<'py, PyDict>,
    key: Option<Bound<'py, PyAny>>,
    number: Option<Bound<'py, PyAny>>,
}

impl<'py> MapSer<'py> {
    /// JSON object keys are strings: serde_json writes numbers and booleans used as keys as text.
    fn key<T: Serialize + ?Sized>(&self, key: &T) -> R<'py> {
        let key = key.serialize(self.ser)?;
        if key.is_instance_of::<PyString>() {
            Ok(key)
        } else if key.is_instance_of::<PyBool>() {
            let text = if key.is_truthy()? { "true" } else { "false" };
            Ok(PyString::new(self.ser.py, text).into_any())
        } else if key.is_instance_of::<PyInt>() {
            Ok(key.str()?.into_any())
        } else {
            Err(SerError(PyValueError::new_err(
                "a map key must be a string or a number",
            )))
        }
    }
}

impl<'py> ser::SerializeMap for MapSer<'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = SerError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), SerError> {
        self.key = Some(self.key(key)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), SerError> {
        let key = self
            .key
            .take()
            .ok_or_else(|| SerError(PyValueError::new_err("a map value came before its key")))?;
        self.dict.set_item(key, value.serialize(self.ser)?)?;
        Ok(())
    }
    fn end(self) -> R<'py> {
        Ok(self.dict.into_any())
    }
}

impl<'py> ser::SerializeStruct for MapSer<'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = SerError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), SerError> {
        if key == NUMBER_TOKEN {
            // A JSON number kept as written (serde_json's arbitrary_precision): an `int` of any
            // size when it is a whole number, else a `float`.
            let text = value.serialize(self.ser)?;
            let text: String = text.extract()?;
            let builtins = self.ser.py.import("builtins")?;
            let whole = !text.contains(['.', 'e', 'E']);
            let number = builtins.getattr(if whole { "int" } else { "float" })?.call1((text,))?;
            self.number = Some(number);
            return Ok(());
        }
        self.dict.set_item(key, value.serialize(self.ser)?)?;
        Ok(())
    }
    fn end(self) -> R<'py> {
        Ok(self.number.unwrap_or_else(|| self.dict.into_any()))
    }
}

/// The struct name and field serde_json (feature `arbitrary_precision`) gives a number that is
/// kept as the text it was written with.
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// `{"Variant": …}`, as serde_json writes enum variants with data.
pub struct VariantSer<'py, S> {
    variant: &'static str,
    inner: S,
    _py: std::marker::PhantomData<Python<'py>>,
}

impl<'py, S> VariantSer<'py, S> {
    fn wrap(variant: &'static str, value: Bound<'py, PyAny>) -> R<'py> {
        let dict = PyDict::new(value.py());
        dict.set_item(variant, value)?;
        Ok(dict.into_any())
    }
}

impl<'py> ser::SerializeTupleVariant for VariantSer<'py, SeqSer<'py>> {
    type Ok = Bound<'py, PyAny>;
    type Error = SerError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), SerError> {
        self.inner.push(value)
    }
    fn end(self) -> R<'py> {
        let value = self.inner.finish()?;
        Self::wrap(self.variant, value)
    }
}

impl<'py> ser::SerializeStructVariant for VariantSer<'py, MapSer<'py>> {
    type Ok = Bound<'py, PyAny>;
    type Error = SerError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), SerError> {
        ser::SerializeStruct::serialize_field(&mut self.inner, key, value)
    }
    fn end(self) -> R<'py> {
        let value = ser::SerializeStruct::end(self.inner)?;
        Self::wrap(self.variant, value)
    }
}

/// How deeply Python data may nest before it is refused (a guard against recursive structures).
const MAX_DEPTH: usize = 64;

/// A JSON value from Python data: `None`, `bool`, `int`, `float` (finite), `str`, `list`/`tuple`
/// and `dict` with `str` keys.
pub fn to_json_value(obj: &Bound<'_, PyAny>) -> PyResult<serde_json::Value> {
    json_value(obj, 0)
}

fn json_value(obj: &Bound<'_, PyAny>, depth: usize) -> PyResult<serde_json::Value> {
    use serde_json::Value;
    if depth > MAX_DEPTH {
        return Err(PyValueError::new_err(format!(
            "the value nests more than {MAX_DEPTH} levels deep (a recursive structure?)"
        )));
    }
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if obj.is_instance_of::<PyInt>() {
        if let Ok(i) = obj.extract::<i64>() {
            return Ok(Value::from(i));
        }
        if let Ok(u) = obj.extract::<u64>() {
            return Ok(Value::from(u));
        }
        // Beyond 64 bits: kept exactly, as its decimal digits (JSON numbers have no size limit).
        let digits = obj.str()?.to_cow()?.into_owned();
        return digits
            .parse::<serde_json::Number>()
            .map(Value::Number)
            .map_err(|e| PyValueError::new_err(format!("the integer cannot be written as JSON: {e}")));
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        let v = f.value();
        return serde_json::Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| PyValueError::new_err(format!("{v} cannot be written as JSON; use a finite number")));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Value::String(s.to_cow()?.into_owned()));
    }
    if let Ok(dict) = obj.cast::<PyDict>() {
        let mut map = serde_json::Map::new();
        // A snapshot of the items: code run while converting (a list subclass's __iter__)
        // may change the dict, which must not disturb (or panic) the iteration.
        for item in dict.items().iter() {
            let (k, v): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item.extract()?;
            let key = k
                .cast::<PyString>()
                .map_err(|_| PyTypeError::new_err(format!("JSON object keys must be str, not {}", type_name(&k))))?;
            map.insert(key.to_cow()?.into_owned(), json_value(&v, depth + 1)?);
        }
        return Ok(Value::Object(map));
    }
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        let mut items = Vec::new();
        for item in obj.try_iter()? {
            items.push(json_value(&item?, depth + 1)?);
        }
        return Ok(Value::Array(items));
    }
    Err(PyTypeError::new_err(format!(
        "{} cannot be written as JSON; use None, bool, int, float, str, list or dict",
        type_name(obj)
    )))
}

/// The name of an object's type, for messages.
pub fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "object".to_owned())
}

/// A stable-within-the-process hash for `__hash__` of the frozen classes, consistent with `==`.
pub fn hash_of<T: std::hash::Hash + ?Sized>(value: &T) -> u64 {
    use std::hash::Hasher;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

/// `repr(text)` as Python writes it (quotes chosen and escapes made the Python way).
pub fn py_repr(py: Python<'_>, text: &str) -> String {
    PyString::new(py, text)
        .repr()
        .and_then(|r| r.to_cow().map(|c| c.into_owned()))
        .unwrap_or_else(|_| format!("{text:?}"))
}

/// `repr(value)` of an optional text: the text's repr or `None`.
pub fn py_repr_opt(py: Python<'_>, text: Option<&str>) -> String {
    text.map_or_else(|| "None".to_owned(), |t| py_repr(py, t))
}
