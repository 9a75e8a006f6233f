//! Tables in and out.
//!
//! In: anything with the Arrow PyCapsule interface (`__arrow_c_stream__`: pyarrow, polars,
//! DuckDB relations, pandas ≥ 2.2 with pyarrow) is read through arrow-rs's C stream interface,
//! batch by batch, cell by cell in Rust; a pandas DataFrame without pyarrow is read column by
//! column as object arrays (slower, but pyarrow stays optional). The cells go to the core's
//! `analysis::table::TableReader`, which holds every rule.
//!
//! Out: a tabular result becomes a [`Table`] of typed columns (ordered categoricals in
//! catalogue order, nullable integers and floats), which gives an Arrow stream
//! (`__arrow_c_stream__`, so `pyarrow.table`, `polars.DataFrame` and DuckDB read it without a
//! copy through Python objects) and a pandas DataFrame with the same dtypes.

#![allow(clippy::result_large_err)]

use std::sync::Arc;

use arrow_array::builder::StringBuilder;
use arrow_array::cast::AsArray;
use arrow_array::ffi_stream::{ArrowArrayStreamReader, FFI_ArrowArrayStream};
use arrow_array::types::{
    Float16Type, Float32Type, Float64Type, Int16Type, Int32Type, Int64Type, Int8Type, UInt16Type, UInt32Type,
    UInt64Type, UInt8Type,
};
use arrow_array::{
    Array, ArrayRef, BooleanArray, DictionaryArray, Float64Array, Int32Array, Int64Array, RecordBatch,
    RecordBatchIterator, StringArray,
};
use arrow_schema::{ArrowError, DataType, Field, Schema};
use eblomlada::analysis::table::{
    Cell, Column as Cells, Columns, LongBatch, Row, TableReader, LONG_COLUMNS, WIDE_COLUMNS,
};
use eblomlada::{Assessment, Catalogue};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyCapsule, PyCapsuleMethods, PyDict, PyList, PyString};

use crate::analysis::analysis_error;
use crate::convert::type_name;

/// Whether `obj` is a table this module reads (not a list of assessments).
pub(crate) fn is_table(obj: &Bound<'_, PyAny>) -> bool {
    obj.hasattr("__arrow_c_stream__").unwrap_or(false) || is_pandas(obj)
}

fn is_pandas(obj: &Bound<'_, PyAny>) -> bool {
    let Ok(t) = obj.get_type().fully_qualified_name() else {
        return false;
    };
    t.to_cow()
        .is_ok_and(|n| n == "pandas.DataFrame" || n == "pandas.core.frame.DataFrame")
}

/// How extra columns are treated (`extra="ignore"` or `"error"`).
pub(crate) fn refuse_extra(extra: &str) -> PyResult<bool> {
    match extra {
        "ignore" => Ok(false),
        "error" => Ok(true),
        other => Err(PyValueError::new_err(format!(
            "extra must be \"ignore\" or \"error\", not {other:?}"
        ))),
    }
}

/// A column's cells, read by position; `None` for a column that holds nothing (every cell
/// null, or a column the layout does not read).
type Col<'a> = Option<Box<dyn Cells<'a> + Send + Sync + 'a>>;

/// A column read from a position on: a part of a batch, for one of several threads.
struct Offset<'c, 'a>(&'c (dyn Cells<'a> + Send + Sync + 'a), usize);

impl<'a> Cells<'a> for Offset<'_, 'a> {
    fn fill(&self, start: usize, out: &mut [Cell<'a>]) {
        self.0.fill(self.1 + start, out);
    }
}

/// Rows from which a table is read on more than one thread: below, starting threads and
/// merging their readers costs more than it saves.
const PARALLEL_ROWS: usize = 200_000;

/// A column reader that gives `Cell::Null` where the array has a null and `cell(i)` elsewhere
/// (the check skipped when the array has no null).
fn nullable<'a>(array: &'a dyn Array, cell: impl Fn(usize) -> Cell<'a> + Send + Sync + 'a) -> Col<'a> {
    if array.null_count() == array.len() {
        return None;
    }
    if array.null_count() == 0 {
        return Some(Box::new(cell));
    }
    Some(Box::new(
        move |i: usize| if array.is_null(i) { Cell::Null } else { cell(i) },
    ))
}

/// The cells of a column, or `None` for a type no column of assessments holds.
fn column<'a>(array: &'a ArrayRef) -> Option<Col<'a>> {
    macro_rules! ints {
        ($($t:ty),*) => {
            $(if let Some(a) = array.as_primitive_opt::<$t>() {
                return Some(nullable(a, move |i| Cell::Int(a.value(i) as i64)));
            })*
        };
    }
    if let Some(a) = array.as_string_opt::<i32>() {
        return Some(nullable(a, move |i| Cell::Text(a.value(i))));
    }
    if let Some(a) = array.as_string_opt::<i64>() {
        return Some(nullable(a, move |i| Cell::Text(a.value(i))));
    }
    if let Some(a) = array.as_string_view_opt() {
        return Some(nullable(a, move |i| Cell::Text(a.value(i))));
    }
    if let Some(d) = array.as_any_dictionary_opt() {
        // Categoricals: the few distinct values are read once, each row is a key.
        let values = d.values();
        if values.is_empty() {
            // No categories (polars and pyarrow make these for an all-missing categorical):
            // every row is missing, and `normalized_keys` would panic.
            return Some(nullable(array.as_ref(), |_| Cell::Null));
        }
        let cells: Vec<Cell<'a>> = match column(values)? {
            None => vec![Cell::Null; values.len()],
            Some(c) => {
                let mut cells = vec![Cell::Null; values.len()];
                c.fill(0, &mut cells);
                cells
            }
        };
        let keys = d.normalized_keys();
        return Some(nullable(array.as_ref(), move |i| {
            cells.get(keys[i]).copied().unwrap_or(Cell::Null)
        }));
    }
    ints!(Int8Type, Int16Type, Int32Type, Int64Type, UInt8Type, UInt16Type, UInt32Type);
    if let Some(a) = array.as_primitive_opt::<UInt64Type>() {
        return Some(nullable(a, move |i| {
            i64::try_from(a.value(i)).map_or(Cell::Float(a.value(i) as f64), Cell::Int)
        }));
    }
    if let Some(a) = array.as_primitive_opt::<Float64Type>() {
        return Some(nullable(a, move |i| Cell::Float(a.value(i))));
    }
    if let Some(a) = array.as_primitive_opt::<Float32Type>() {
        return Some(nullable(a, move |i| Cell::Float(f64::from(a.value(i)))));
    }
    if let Some(a) = array.as_primitive_opt::<Float16Type>() {
        return Some(nullable(a, move |i| Cell::Float(f64::from(a.value(i)))));
    }
    if let Some(a) = array.as_boolean_opt() {
        return Some(nullable(a, move |i| Cell::Bool(a.value(i))));
    }
    if array.data_type() == &DataType::Null {
        return Some(None);
    }
    None
}

/// Where the layout's columns are in a table, found once from its column names.
enum Layout {
    Long(Columns),
    Wide(Columns),
}

fn layout(names: &[&str], catalogue: &Catalogue, refuse: bool) -> Result<Layout, eblomlada::analysis::AnalysisError> {
    if Columns::is_long(names) {
        Columns::long(names, refuse).map(Layout::Long)
    } else {
        Columns::wide(names, catalogue, refuse).map(Layout::Wide)
    }
}

/// Feeds rows `start..end` of one batch of columns (`cols[i]` the reader of column `i`) to
/// the reader; `first_row` is the number of row `start`.
fn feed<'a>(
    reader: &mut TableReader,
    layout: &Layout,
    cols: &[Col<'a>],
    (start, end): (usize, usize),
    first_row: usize,
) {
    let null = |_: usize| Cell::<'a>::Null;
    let from: Vec<Option<Offset<'_, 'a>>> = cols.iter().map(|c| c.as_deref().map(|c| Offset(c, start))).collect();
    let pick = |columns: &Columns, k: usize| -> Option<&dyn Cells<'a>> {
        columns.known[k].and_then(|p| from[p].as_ref().map(|c| c as &dyn Cells<'a>))
    };
    match layout {
        Layout::Long(c) => {
            let [m, y, ind, ans, cat, com, pts, syn] = std::array::from_fn(|k| pick(c, k));
            // A required column of nothing but nulls: every row says what is missing.
            let [m, y, ind, ans] = [m, y, ind, ans].map(|col| col.unwrap_or(&null));
            reader.long(&LongBatch {
                first_row,
                rows: end - start,
                municipality: m,
                year: y,
                indicator: ind,
                answer: ans,
                catalogue: cat,
                comment: com,
                points: pts,
                synthetic: syn,
            });
        }
        Layout::Wide(c) => {
            let [m, y, cat, syn] = std::array::from_fn(|k| pick(c, k));
            let one = |col: Option<&dyn Cells<'a>>, i: usize| -> Cell<'a> {
                let mut cell = [Cell::Null];
                if let Some(col) = col {
                    col.fill(i, &mut cell);
                }
                cell[0]
            };
            for i in 0..end - start {
                if reader.full() {
                    return;
                }
                let row = Row {
                    number: first_row + i,
                    catalogue: c.known[2].map(|_| one(cat, i)),
                    municipality: one(m, i),
                    year: one(y, i),
                };
                reader.row(&row);
                let flag = one(syn, i);
                for (position, id) in &c.indicators {
                    let answer = one(from[*position].as_ref().map(|c| c as &dyn Cells<'a>), i);
                    reader.cell(&row, Cell::Text(id), answer, Cell::Null, Cell::Null, flag);
                }
            }
        }
    }
}

/// The columns a layout reads (the others are never converted).
fn read_positions(layout: &Layout) -> Vec<usize> {
    let c = match layout {
        Layout::Long(c) | Layout::Wide(c) => c,
    };
    c.known
        .iter()
        .flatten()
        .copied()
        .chain(c.indicators.iter().map(|(p, _)| *p))
        .collect()
}

/// The assessments of a table; see the module documentation.
pub(crate) fn assessments_of_table(
    py: Python<'_>,
    table: &Bound<'_, PyAny>,
    catalogue: &Arc<Catalogue>,
    catalogues: &[Arc<Catalogue>],
    refuse: bool,
) -> PyResult<Vec<Assessment>> {
    let arrow = table.hasattr("__arrow_c_stream__")? && (!is_pandas(table) || py.import("pyarrow").is_ok());
    if arrow {
        let capsule = table.call_method1("__arrow_c_stream__", (py.None(),))?;
        let capsule = capsule.cast_into::<PyCapsule>().map_err(|e| {
            PyTypeError::new_err(format!(
                "__arrow_c_stream__() of {} did not return a PyCapsule: {e}",
                type_name(table)
            ))
        })?;
        let pointer = capsule.pointer_checked(Some(c"arrow_array_stream"))?;
        // SAFETY: the capsule holds an ArrowArrayStream (its name says so, as the PyCapsule
        // interface requires); from_raw moves the stream out and marks the original released,
        // so the capsule's destructor does not release it a second time.
        let stream = unsafe { ArrowArrayStreamReader::from_raw(pointer.as_ptr().cast::<FFI_ArrowArrayStream>()) }
            .map_err(arrow_error)?;
        return py
            .detach(|| read_arrow(stream, catalogue, catalogues, refuse))
            .map_err(|e| match e {
                Failure::Analysis(e) => analysis_error(py, &e, None),
                Failure::Arrow(e) => arrow_error(e),
            });
    }
    if is_pandas(table) {
        return read_pandas(py, table, catalogue, catalogues, refuse);
    }
    Err(PyTypeError::new_err(format!(
        "expected Assessment objects or a table (a pandas, polars or pyarrow table, a DuckDB relation), not {}",
        type_name(table)
    )))
}

enum Failure {
    Analysis(eblomlada::analysis::AnalysisError),
    Arrow(ArrowError),
}

fn arrow_error(e: ArrowError) -> PyErr {
    PyValueError::new_err(format!("cannot read the Arrow table: {e}"))
}

fn read_arrow(
    stream: ArrowArrayStreamReader,
    catalogue: &Arc<Catalogue>,
    catalogues: &[Arc<Catalogue>],
    refuse: bool,
) -> Result<Vec<Assessment>, Failure> {
    use arrow_array::RecordBatchReader;
    let schema = stream.schema();
    let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
    let layout = layout(&names, catalogue, refuse).map_err(Failure::Analysis)?;
    let wanted = read_positions(&layout);
    // The batches are the producer's own buffers, shared, not copied: holding them all lets
    // the rows be read in parts on several threads.
    let batches: Vec<RecordBatch> = stream.collect::<Result<_, _>>().map_err(Failure::Arrow)?;
    let rows: usize = batches.iter().map(RecordBatch::num_rows).sum();
    let parts = if rows < PARALLEL_ROWS {
        1
    } else {
        std::thread::available_parallelism().map_or(1, |n| n.get().min(4))
    };
    let per = rows.div_ceil(parts.max(1)).max(1);
    let part = |p: usize| {
        read_part(
            &batches,
            (p * per, ((p + 1) * per).min(rows)),
            (&layout, &names, &wanted),
            catalogue,
            catalogues,
        )
    };
    let readers: Option<Vec<TableReader>> = if parts == 1 {
        Some(vec![part(0)])
    } else {
        std::thread::scope(|scope| {
            let threads: Vec<_> = (0..parts).map(|p| scope.spawn(move || part(p))).collect();
            threads.into_iter().map(|t| t.join().ok()).collect()
        })
    };
    let stopped = || {
        Failure::Arrow(ArrowError::ComputeError(
            "internal error: a thread reading the table stopped; please report it with the table's schema".to_owned(),
        ))
    };
    let mut readers = readers.ok_or_else(stopped)?.into_iter();
    let mut reader = readers.next().ok_or_else(stopped)?;
    for other in readers {
        reader.merge(other);
    }
    reader.finish().map_err(Failure::Analysis)
}

/// A reader of rows `lo..hi` (counted over all batches) of a table.
fn read_part(
    batches: &[RecordBatch],
    (lo, hi): (usize, usize),
    (layout, names, wanted): (&Layout, &[&str], &[usize]),
    catalogue: &Arc<Catalogue>,
    catalogues: &[Arc<Catalogue>],
) -> TableReader {
    let mut reader = TableReader::new(catalogue, catalogues);
    let mut offset = 0;
    for batch in batches {
        let n = batch.num_rows();
        let (start, end) = (lo.max(offset), hi.min(offset + n));
        if start < end {
            let mut cols: Vec<Col<'_>> = Vec::with_capacity(batch.num_columns());
            for (i, array) in batch.columns().iter().enumerate() {
                if !wanted.contains(&i) {
                    cols.push(None);
                    continue;
                }
                match column(array) {
                    Some(c) => cols.push(c),
                    None => {
                        // Named once, by the part that holds the batch's first row.
                        if start == offset {
                            reader.problem(
                                offset + 1,
                                names[i],
                                format!(
                                    "a column of type {} cannot hold this; expected text or numbers",
                                    array.data_type()
                                ),
                            );
                        }
                        return reader;
                    }
                }
            }
            feed(&mut reader, layout, &cols, (start - offset, end - offset), start + 1);
        }
        offset += n;
        if reader.full() || offset >= hi {
            break;
        }
    }
    reader
}

/// One cell of a pandas column read as Python objects.
enum Owned {
    Null,
    Text(String),
    Int(i64),
    Float(f64),
    Bool(bool),
}

impl Owned {
    fn cell(&self) -> Cell<'_> {
        match self {
            Owned::Null => Cell::Null,
            Owned::Text(t) => Cell::Text(t),
            Owned::Int(i) => Cell::Int(*i),
            Owned::Float(f) => Cell::Float(*f),
            Owned::Bool(b) => Cell::Bool(*b),
        }
    }
}

fn owned(value: &Bound<'_, PyAny>) -> PyResult<Owned> {
    if value.is_none() {
        return Ok(Owned::Null);
    }
    if let Ok(s) = value.cast::<PyString>() {
        return Ok(Owned::Text(s.to_cow()?.into_owned()));
    }
    if value.is_instance_of::<pyo3::types::PyBool>() {
        return Ok(Owned::Bool(value.extract()?));
    }
    if let Ok(i) = value.extract::<i64>() {
        return Ok(Owned::Int(i));
    }
    if let Ok(f) = value.extract::<f64>() {
        return Ok(Owned::Float(f));
    }
    // pandas.NA, NaT and the like are missing; anything else is shown as text.
    let text = value.str()?.to_cow()?.into_owned();
    Ok(if matches!(text.as_str(), "<NA>" | "NaT" | "nan") {
        Owned::Null
    } else {
        Owned::Text(text)
    })
}

/// A pandas DataFrame without pyarrow: every column read column can hold through
/// `Series.to_numpy(dtype=object)`.
fn read_pandas(
    py: Python<'_>,
    df: &Bound<'_, PyAny>,
    catalogue: &Arc<Catalogue>,
    catalogues: &[Arc<Catalogue>],
    refuse: bool,
) -> PyResult<Vec<Assessment>> {
    let names: Vec<String> = df
        .getattr("columns")?
        .try_iter()?
        .map(|c| c.and_then(|c| c.str().and_then(|s| s.to_cow().map(|s| s.into_owned()))))
        .collect::<PyResult<_>>()?;
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let layout = layout(&refs, catalogue, refuse).map_err(|e| analysis_error(py, &e, None))?;
    let wanted = read_positions(&layout);
    let kwargs = PyDict::new(py);
    kwargs.set_item("dtype", "object")?;
    let mut data: Vec<Vec<Owned>> = Vec::with_capacity(names.len());
    let columns = df.getattr("columns")?;
    let iloc = df.getattr("iloc")?;
    for i in 0..names.len() {
        if !wanted.contains(&i) {
            data.push(Vec::new());
            continue;
        }
        let _ = &columns;
        let series = iloc.get_item((pyo3::types::PySlice::full(py), i))?;
        let values = series
            .call_method("to_numpy", (), Some(&kwargs))?
            .call_method0("tolist")?;
        let list = values.cast_into::<PyList>()?;
        data.push(list.iter().map(|v| owned(&v)).collect::<PyResult<_>>()?);
    }
    let rows = data.iter().map(Vec::len).max().unwrap_or(0);
    py.detach(|| {
        let cols: Vec<Col<'_>> = data
            .iter()
            .map(|c| -> Col<'_> {
                if c.is_empty() {
                    None
                } else {
                    Some(Box::new(move |i: usize| c[i].cell()))
                }
            })
            .collect();
        let mut reader = TableReader::new(catalogue, catalogues);
        feed(&mut reader, &layout, &cols, (0, rows), 1);
        reader.finish()
    })
    .map_err(|e| analysis_error(py, &e, None))
}

/// The names of the layouts' columns, for the documentation of the functions that read them.
#[allow(dead_code)]
pub(crate) const LAYOUTS: (&[&str], &[&str]) = (&LONG_COLUMNS, &WIDE_COLUMNS);

/// One typed column of a result table.
#[derive(Debug, Clone)]
pub(crate) enum Column {
    /// Text.
    Str(Vec<Option<String>>),
    /// An ordered categorical: the categories in catalogue order and each row's position.
    Cat(Arc<Vec<String>>, Vec<Option<i32>>),
    /// Nullable integers.
    Int(Vec<Option<i64>>),
    /// Nullable floats.
    Float(Vec<Option<f64>>),
    /// Nullable booleans.
    Bool(Vec<Option<bool>>),
    /// Text drawn from a few values (each row's position among them): a `str` column like
    /// [`Column::Str`], without a string allocated per row.
    Texts(Arc<Vec<String>>, Vec<Option<u32>>),
}

impl Column {
    /// The first `n` rows.
    fn head(&self, n: usize) -> Column {
        fn first<T: Clone>(v: &[T], n: usize) -> Vec<T> {
            v[..n.min(v.len())].to_vec()
        }
        match self {
            Column::Str(v) => Column::Str(first(v, n)),
            Column::Cat(c, v) => Column::Cat(Arc::clone(c), first(v, n)),
            Column::Int(v) => Column::Int(first(v, n)),
            Column::Float(v) => Column::Float(first(v, n)),
            Column::Bool(v) => Column::Bool(first(v, n)),
            Column::Texts(t, v) => Column::Texts(Arc::clone(t), first(v, n)),
        }
    }

    fn len(&self) -> usize {
        match self {
            Column::Str(v) => v.len(),
            Column::Cat(_, v) => v.len(),
            Column::Int(v) => v.len(),
            Column::Float(v) => v.len(),
            Column::Bool(v) => v.len(),
            Column::Texts(_, v) => v.len(),
        }
    }

    fn array(&self) -> (DataType, ArrayRef) {
        match self {
            Column::Str(v) => (DataType::Utf8, Arc::new(StringArray::from(v.clone()))),
            Column::Cat(categories, codes) => {
                let keys = codes.iter().copied().collect::<Int32Array>();
                let values = StringArray::from(categories.iter().map(String::as_str).collect::<Vec<_>>());
                let dict = DictionaryArray::<Int32Type>::try_new(keys, Arc::new(values))
                    .unwrap_or_else(|_| DictionaryArray::<Int32Type>::from_iter(std::iter::empty::<Option<&str>>()));
                (
                    DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8)),
                    Arc::new(dict),
                )
            }
            Column::Int(v) => (DataType::Int64, Arc::new(v.iter().copied().collect::<Int64Array>())),
            Column::Float(v) => (DataType::Float64, Arc::new(v.iter().copied().collect::<Float64Array>())),
            Column::Bool(v) => (DataType::Boolean, Arc::new(v.iter().copied().collect::<BooleanArray>())),
            Column::Texts(texts, v) => {
                // Sized once: collecting 7.7 million texts grew and moved the buffer over and over.
                let text = |k: &Option<u32>| k.and_then(|k| texts.get(k as usize)).map(String::as_str);
                let bytes = v.iter().filter_map(text).map(str::len).sum();
                let mut out = StringBuilder::with_capacity(v.len(), bytes);
                for k in v {
                    out.append_option(text(k));
                }
                (DataType::Utf8, Arc::new(out.finish()))
            }
        }
    }
}

/// A tabular result: named typed columns of equal length.
#[derive(Debug, Clone, Default)]
pub(crate) struct TableData {
    pub(crate) names: Vec<String>,
    pub(crate) columns: Vec<Column>,
}

impl TableData {
    pub(crate) fn push(&mut self, name: &str, column: Column) {
        self.names.push(name.to_owned());
        self.columns.push(column);
    }

    fn rows(&self) -> usize {
        self.columns.first().map_or(0, Column::len)
    }

    fn batch(&self) -> Result<RecordBatch, ArrowError> {
        let mut fields = Vec::new();
        let mut arrays = Vec::new();
        for (name, column) in self.names.iter().zip(&self.columns) {
            let (data_type, array) = column.array();
            let ordered = matches!(column, Column::Cat(..));
            fields.push(Field::new(name, data_type, true).with_dict_is_ordered(ordered));
            arrays.push(array);
        }
        RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays)
    }

    /// The table from tidy records (`eblomlada._tables`): the type of each column from its
    /// values; `categories(name)` gives the categories of a categorical column.
    pub(crate) fn from_records(
        records: &Bound<'_, PyAny>,
        columns: &Bound<'_, PyAny>,
        categories: &dyn Fn(&str) -> Option<Arc<Vec<String>>>,
    ) -> PyResult<TableData> {
        let names: Vec<String> = columns.extract()?;
        let rows: Vec<Bound<'_, PyDict>> = records
            .try_iter()?
            .map(|r| r.and_then(|r| r.cast_into::<PyDict>().map_err(PyErr::from)))
            .collect::<PyResult<_>>()?;
        let mut table = TableData::default();
        for name in &names {
            let values: Vec<Owned> = rows
                .iter()
                .map(|r| match r.get_item(name)? {
                    Some(v) => owned(&v),
                    None => Ok(Owned::Null),
                })
                .collect::<PyResult<_>>()?;
            table.push(name, infer(values, categories(name)));
        }
        Ok(table)
    }
}

/// The column of a list of values: categorical when categories are known and every value is
/// one of them, else by the types present (ints with floats are floats; mixed is text).
fn infer(values: Vec<Owned>, categories: Option<Arc<Vec<String>>>) -> Column {
    let has = |f: fn(&Owned) -> bool| values.iter().any(f);
    let text = has(|v| matches!(v, Owned::Text(_)));
    let float = has(|v| matches!(v, Owned::Float(_)));
    let int = has(|v| matches!(v, Owned::Int(_)));
    let boolean = has(|v| matches!(v, Owned::Bool(_)));
    if let Some(categories) = categories.filter(|_| !float && !int && !boolean) {
        let codes: Option<Vec<Option<i32>>> = values
            .iter()
            .map(|v| match v {
                Owned::Text(t) => categories.iter().position(|c| c == t).map(|p| Some(p as i32)),
                _ => Some(None),
            })
            .collect();
        if let Some(codes) = codes {
            return Column::Cat(categories, codes);
        }
    }
    let text_of = |v: Owned| match v {
        Owned::Null => None,
        Owned::Text(t) => Some(t),
        Owned::Int(i) => Some(i.to_string()),
        Owned::Float(f) => Some(f.to_string()),
        Owned::Bool(b) => Some(b.to_string()),
    };
    if text || (boolean && (int || float)) {
        return Column::Str(values.into_iter().map(text_of).collect());
    }
    if boolean {
        return Column::Bool(
            values
                .iter()
                .map(|v| if let Owned::Bool(b) = v { Some(*b) } else { None })
                .collect(),
        );
    }
    if float {
        return Column::Float(
            values
                .iter()
                .map(|v| match v {
                    Owned::Int(i) => Some(*i as f64),
                    Owned::Float(f) if !f.is_nan() => Some(*f),
                    _ => None,
                })
                .collect(),
        );
    }
    if int {
        return Column::Int(
            values
                .iter()
                .map(|v| if let Owned::Int(i) = v { Some(*i) } else { None })
                .collect(),
        );
    }
    // Only missing values: text, so that pandas and Arrow agree on an all-null column.
    Column::Str(values.into_iter().map(text_of).collect())
}

/// The categories of the columns of a catalogue's results, in catalogue order: answers (best
/// first), levels, areas, colours (best first).
pub(crate) fn catalogue_categories(catalogue: &Catalogue) -> impl Fn(&str) -> Option<Arc<Vec<String>>> {
    let answers = Arc::new(catalogue.answer_ids());
    let levels = Arc::new(catalogue.levels().iter().map(|l| l.id.clone()).collect::<Vec<_>>());
    let areas = Arc::new(catalogue.areas().iter().map(|a| a.id.clone()).collect::<Vec<_>>());
    let colours = Arc::new(catalogue.bands().iter().map(|b| b.colour.clone()).collect::<Vec<_>>());
    move |name: &str| match name {
        "answer" | "old" | "new" | "from" | "to" | "merged" | "own" => Some(Arc::clone(&answers)),
        "level" => Some(Arc::clone(&levels)),
        "area" | "indicator_area" => Some(Arc::clone(&areas)),
        "colour" | "colour_old" | "colour_new" | "previous_colour" => Some(Arc::clone(&colours)),
        _ => None,
    }
}

/// A tabular result in Arrow form: ``pyarrow.table(t)``, ``polars.DataFrame(t)`` and DuckDB
/// read it through ``__arrow_c_stream__``; ``to_pandas()`` gives a DataFrame with the same
/// dtypes (ordered categoricals, nullable integers and floats), without needing pyarrow.
#[pyclass(frozen, module = "eblomlada", name = "Table")]
pub struct PyTable {
    pub(crate) data: Arc<TableData>,
}

#[pymethods]
impl PyTable {
    /// The column names in order.
    #[getter]
    fn column_names(&self) -> Vec<String> {
        self.data.names.clone()
    }

    /// The number of rows.
    #[getter]
    fn num_rows(&self) -> usize {
        self.data.rows()
    }

    fn __len__(&self) -> usize {
        self.data.rows()
    }

    /// The Arrow PyCapsule interface: an ``ArrowArrayStream`` of one record batch.
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        // The requested schema is a hint the producer may ignore (the interface says so).
        let _ = requested_schema;
        let batch = self.data.batch().map_err(arrow_error)?;
        let schema = batch.schema();
        let reader = RecordBatchIterator::new([Ok(batch)], schema);
        let stream = FFI_ArrowArrayStream::new(Box::new(reader));
        PyCapsule::new_with_value(py, stream, c"arrow_array_stream")
    }

    /// The table as a pandas DataFrame with the same dtypes. Numbers, booleans and category
    /// codes cross as byte buffers that numpy reads in place (a list of Python objects per
    /// column made 7.7 million rows take 9 s); text columns as shared Python strings.
    pub(crate) fn to_pandas<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        // Written straight into the bytearray: no per-value allocation, no second copy.
        fn buffer<'py, T: Copy, const N: usize>(
            py: Python<'py>,
            values: &[Option<T>],
            bytes: impl Fn(Option<T>) -> [u8; N],
        ) -> PyResult<Bound<'py, PyByteArray>> {
            PyByteArray::new_with(py, values.len() * N, |out| {
                for (chunk, v) in out.chunks_exact_mut(N).zip(values) {
                    chunk.copy_from_slice(&bytes(*v));
                }
                Ok(())
            })
        }
        fn mask<'py, T: Copy>(py: Python<'py>, values: &[Option<T>]) -> PyResult<Bound<'py, PyByteArray>> {
            buffer(py, values, |v| [u8::from(v.is_none())])
        }
        fn codes<'py, T: Copy + TryInto<i32>>(
            py: Python<'py>,
            values: &[Option<T>],
        ) -> PyResult<Bound<'py, PyByteArray>> {
            buffer(py, values, |v| {
                v.and_then(|k| k.try_into().ok()).unwrap_or(-1i32).to_le_bytes()
            })
        }
        let none = py.None().into_bound(py);
        let columns = PyList::empty(py);
        for (name, column) in self.data.names.iter().zip(&self.data.columns) {
            let (kind, values, extra): (&str, Bound<'py, PyAny>, Bound<'py, PyAny>) = match column {
                Column::Str(v) => ("str", v.into_pyobject(py)?.into_any(), none.clone()),
                Column::Cat(categories, v) => (
                    "category",
                    codes(py, v)?.into_any(),
                    categories.as_ref().clone().into_pyobject(py)?.into_any(),
                ),
                Column::Texts(texts, v) => (
                    "texts",
                    codes(py, v)?.into_any(),
                    texts.as_ref().clone().into_pyobject(py)?.into_any(),
                ),
                Column::Int(v) => (
                    "Int64",
                    buffer(py, v, |x| x.unwrap_or(0).to_le_bytes())?.into_any(),
                    mask(py, v)?.into_any(),
                ),
                Column::Float(v) => (
                    "Float64",
                    buffer(py, v, |x| x.unwrap_or(0.0).to_le_bytes())?.into_any(),
                    mask(py, v)?.into_any(),
                ),
                Column::Bool(v) => (
                    "boolean",
                    buffer(py, v, |x| [u8::from(x.unwrap_or(false))])?.into_any(),
                    mask(py, v)?.into_any(),
                ),
            };
            columns.append((name, kind, values, extra))?;
        }
        py.import("eblomlada._pandas")?
            .getattr("typed_frame")?
            .call1((columns,))
    }

    /// The table as a polars DataFrame (needs polars).
    pub(crate) fn to_polars<'py>(slf: &Bound<'py, Self>, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py.import("eblomlada._pandas")?.getattr("polars_frame")?.call1((slf,))
    }

    /// The rows as a list of dicts (``None`` for missing values).
    fn to_pylist<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let out = PyList::empty(py);
        for i in 0..self.data.rows() {
            let row = PyDict::new(py);
            for (name, column) in self.data.names.iter().zip(&self.data.columns) {
                match column {
                    Column::Str(v) => row.set_item(name, v[i].as_deref())?,
                    Column::Cat(c, v) => row.set_item(name, v[i].map(|k| c[k as usize].as_str()))?,
                    Column::Int(v) => row.set_item(name, v[i])?,
                    Column::Float(v) => row.set_item(name, v[i])?,
                    Column::Bool(v) => row.set_item(name, v[i])?,
                    Column::Texts(t, v) => {
                        row.set_item(name, v[i].and_then(|k| t.get(k as usize)).map(String::as_str))?
                    }
                }
            }
            out.append(row)?;
        }
        Ok(out)
    }

    /// The first rows as HTML, for Jupyter.
    fn _repr_html_<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let shown = PyTable {
            data: Arc::new(TableData {
                names: self.data.names.clone(),
                columns: self.data.columns.iter().map(|c| c.head(20)).collect(),
            }),
        };
        py.import("eblomlada._html")?.getattr("rows")?.call1((
            self.data.names.clone(),
            shown.to_pylist(py)?,
            self.data.rows(),
        ))
    }

    fn __repr__(&self) -> String {
        format!(
            "<eblomlada.Table {} rows × {} columns: {}>",
            self.data.rows(),
            self.data.names.len(),
            self.data.names.join(", ")
        )
    }
}
