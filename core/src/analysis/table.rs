//! Assessments from a table of cells, as a front end reads them from a DataFrame, an Arrow
//! table or a CSV file: the rules for what a cell may hold live here once.
//!
//! Two layouts are read:
//! - **long**: one row per municipality, year and indicator, with the columns `municipality`,
//!   `year`, `indicator`, `answer` and optionally `catalogue`, `comment`, `points`, `synthetic`
//!   (the layout of [`crate::analysis::csv`]);
//! - **wide**: one row per assessment, with `municipality`, `year`, optionally `catalogue`, and
//!   one column per indicator id holding its answer.
//!
//! A front end finds the columns ([`Columns::long`], [`Columns::wide`]), then calls
//! [`TableReader::cell`] for every indicator cell with the row's other cells, and
//! [`TableReader::finish`] at the end. Columns the layout does not know are ignored (listed in
//! [`Columns::ignored`]) unless the caller asks for them to be refused. The way back, writing
//! assessments out in either layout, starts from [`catalogues_of`] and
//! [`Assessment::answer_positions`].
//!
//! What a cell may hold, whatever the front end:
//! - `municipality`: four digits as text, or a whole number (a spreadsheet or DataFrame that
//!   parsed `0114` as the number 114 gets it back as `"0114"`);
//! - `year`: a whole number, also as text or as a float with no fraction (`2017.0`);
//! - `answer`: an answer id (`fully`) or its label in any of the catalogue's languages
//!   (`Uppfyller helt`, `Fully met`, in any letter case); empty or null is unanswered;
//! - `points`: empty, or the answer's points as a number or text (`2`, `2.0`);
//! - `catalogue`: a catalogue key; without the column, the reader's default catalogue.
//!
//! ```
//! use std::sync::Arc;
//! use eblomlada::analysis::table::{Cell, Columns, Row, TableReader};
//! use eblomlada::Catalogue;
//!
//! let catalogue = Arc::new(Catalogue::builtin("eblomladan-2016")?);
//! let columns = Columns::long(&["municipality", "year", "indicator", "answer", "index"], false)?;
//! assert_eq!(columns.ignored, ["index"]);
//! let mut reader = TableReader::new(&catalogue, &[]);
//! let row = Row { number: 1, catalogue: None, municipality: Cell::Int(114), year: Cell::Text("2017") };
//! reader.cell(&row, Cell::Text("lead-01"), Cell::Text("Uppfyller delvis"), Cell::Null, Cell::Null, Cell::Null);
//! let assessments = reader.finish()?;
//! assert_eq!(assessments[0].municipality(), "0114");
//! assert_eq!(assessments[0].answer_of("lead-01"), Some("partly"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::HashMap;
use std::sync::Arc;

use crate::analysis::AnalysisError;
use crate::assessment::{Answer, AnswerRef, Assessment};
use crate::catalogue::Catalogue;
use crate::error::Problem;
use crate::json::StrictMap;

const MAX_PROBLEMS: usize = 100;

/// The columns of the long layout that have a meaning, required ones first.
pub const LONG_COLUMNS: [&str; 8] = [
    "municipality",
    "year",
    "indicator",
    "answer",
    "catalogue",
    "comment",
    "points",
    "synthetic",
];
const LONG_REQUIRED: usize = 4;

/// The columns of the wide layout besides one per indicator.
pub const WIDE_COLUMNS: [&str; 4] = ["municipality", "year", "catalogue", "synthetic"];

/// One cell as the front end has it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    /// Missing (null, NaN, an empty CSV field).
    Null,
    /// Text.
    Text(&'a str),
    /// A whole number.
    Int(i64),
    /// A floating-point number.
    Float(f64),
    /// A boolean.
    Bool(bool),
}

/// `text` without surrounding white space; the common case (none) without scanning it.
fn trimmed(text: &str) -> &str {
    let bytes = text.as_bytes();
    match (bytes.first(), bytes.last()) {
        (Some(a), Some(b)) if !a.is_ascii_whitespace() && !b.is_ascii_whitespace() && a.is_ascii() && b.is_ascii() => {
            text
        }
        _ => text.trim(),
    }
}

/// Whether two short texts are equal. Ids, codes and answers are a few bytes long, and
/// comparing them in two overlapping words instead of calling `memcmp` is what keeps the
/// eight million comparisons of a big table off the profile.
#[inline]
fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let n = a.len();
    if n != b.len() {
        return false;
    }
    let word = |s: &[u8], at: usize| u64::from_le_bytes(s[at..at + 8].try_into().unwrap_or([0; 8]));
    let half = |s: &[u8], at: usize| u32::from_le_bytes(s[at..at + 4].try_into().unwrap_or([0; 4]));
    match n {
        0..=3 => a == b,
        4..=7 => half(a, 0) == half(b, 0) && half(a, n - 4) == half(b, n - 4),
        8..=16 => word(a, 0) == word(b, 0) && word(a, n - 8) == word(b, n - 8),
        _ => a == b,
    }
}

/// Whether two cells hold the same value (as [`same`] for texts; a NaN is not itself).
#[inline]
fn same_cell(a: &Cell<'_>, b: &Cell<'_>) -> bool {
    match (a, b) {
        (Cell::Text(x), Cell::Text(y)) => same(x, y),
        (x, y) => x == y,
    }
}

impl Cell<'_> {
    fn is_null(&self) -> bool {
        match self {
            Cell::Null => true,
            Cell::Text(t) => trimmed(t).is_empty(),
            Cell::Float(f) => f.is_nan(),
            _ => false,
        }
    }

    fn describe(&self) -> String {
        match self {
            Cell::Null => "nothing".to_owned(),
            Cell::Text(t) => format!("{t:?}"),
            Cell::Int(i) => i.to_string(),
            Cell::Float(f) => f.to_string(),
            Cell::Bool(b) => b.to_string(),
        }
    }

    /// A whole number: an integer, a float without fraction, or such text.
    fn whole(&self) -> Option<i64> {
        match *self {
            Cell::Int(i) => Some(i),
            Cell::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => Some(f as i64),
            Cell::Text(t) => {
                let t = t.trim();
                t.parse::<i64>().ok().or_else(|| {
                    t.parse::<f64>()
                        .ok()
                        .filter(|f| f.fract() == 0.0 && f.abs() < 1e15)
                        .map(|f| f as i64)
                })
            }
            _ => None,
        }
    }
}

/// Where the columns of a table are; see [`Columns::long`] and [`Columns::wide`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Columns {
    /// Per name of [`LONG_COLUMNS`] (long) or [`WIDE_COLUMNS`] (wide): its position.
    pub known: Vec<Option<usize>>,
    /// Wide layout: per column that names an indicator, `(position, indicator id)`.
    pub indicators: Vec<(usize, String)>,
    /// The columns that are not read.
    pub ignored: Vec<String>,
}

fn column_problem(name: &str, message: String) -> Problem {
    Problem::error(format!("columns.{name}"), message)
}

fn find(names: &[&str], wanted: &[&str]) -> (Vec<Option<usize>>, Vec<Problem>) {
    let mut known = vec![None; wanted.len()];
    let mut problems = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let name = name.trim().trim_start_matches('\u{feff}');
        if let Some(k) = wanted.iter().position(|w| w.eq_ignore_ascii_case(name)) {
            if known[k].is_some() {
                problems.push(column_problem(name, format!("the column {name:?} is given twice")));
            }
            known[k] = Some(i);
        }
    }
    (known, problems)
}

impl Columns {
    /// The columns of a long table. With `refuse_extra`, a column the layout does not know is
    /// an error instead of being ignored.
    pub fn long(names: &[&str], refuse_extra: bool) -> Result<Columns, AnalysisError> {
        let (known, mut problems) = find(names, &LONG_COLUMNS);
        for (name, position) in LONG_COLUMNS.iter().zip(&known).take(LONG_REQUIRED) {
            if position.is_none() {
                problems.push(column_problem(
                    name,
                    format!(
                        "the table has no column {name:?}; a long table has the columns {} (and optionally {}), \
                         a wide one municipality, year and one column per indicator",
                        LONG_COLUMNS[..LONG_REQUIRED].join(", "),
                        LONG_COLUMNS[LONG_REQUIRED..].join(", ")
                    ),
                ));
            }
        }
        let ignored = unread(names, &known, &[]);
        Self::done(known, Vec::new(), ignored, refuse_extra, &LONG_COLUMNS, problems)
    }

    /// The columns of a wide table of `catalogue`: one column per indicator id (in any
    /// letter case), besides [`WIDE_COLUMNS`].
    pub fn wide(names: &[&str], catalogue: &Catalogue, refuse_extra: bool) -> Result<Columns, AnalysisError> {
        let (known, mut problems) = find(names, &WIDE_COLUMNS);
        for name in &WIDE_COLUMNS[..2] {
            if known[WIDE_COLUMNS.iter().position(|w| w == name).unwrap_or(0)].is_none() {
                problems.push(column_problem(name, format!("the table has no column {name:?}")));
            }
        }
        let mut indicators = Vec::new();
        for (i, name) in names.iter().enumerate() {
            let name = name.trim();
            if let Some(index) = catalogue.indicator_index(name).or_else(|| {
                catalogue
                    .indicators()
                    .iter()
                    .position(|ind| ind.id.eq_ignore_ascii_case(name))
            }) {
                indicators.push((i, catalogue.indicators()[index].id.clone()));
            }
        }
        if indicators.is_empty() {
            problems.push(column_problem(
                "indicators",
                format!(
                    "no column names an indicator of catalogue {} (such as {:?}); a wide table has one column per indicator",
                    catalogue.key(),
                    catalogue.indicators().first().map_or("", |i| i.id.as_str())
                ),
            ));
        }
        let taken: Vec<usize> = indicators.iter().map(|(i, _)| *i).collect();
        let ignored = unread(names, &known, &taken);
        Self::done(known, indicators, ignored, refuse_extra, &WIDE_COLUMNS, problems)
    }

    /// Whether the names look like a long table (they have `indicator` or `answer`).
    pub fn is_long(names: &[&str]) -> bool {
        let has = |w: &str| names.iter().any(|n| n.trim().eq_ignore_ascii_case(w));
        has("indicator") || has("answer")
    }

    fn done(
        known: Vec<Option<usize>>,
        indicators: Vec<(usize, String)>,
        ignored: Vec<String>,
        refuse_extra: bool,
        layout: &[&str],
        mut problems: Vec<Problem>,
    ) -> Result<Columns, AnalysisError> {
        if refuse_extra {
            for name in &ignored {
                problems.push(column_problem(
                    name,
                    format!(
                        "unknown column {name:?} (extra=\"error\"); expected the columns {}{}",
                        layout.join(", "),
                        if indicators.is_empty() {
                            ""
                        } else {
                            " and the indicators"
                        }
                    ),
                ));
            }
        }
        if problems.is_empty() {
            Ok(Columns {
                known,
                indicators,
                ignored,
            })
        } else {
            Err(AnalysisError::InvalidTable { problems })
        }
    }
}

fn unread(names: &[&str], known: &[Option<usize>], taken: &[usize]) -> Vec<String> {
    names
        .iter()
        .enumerate()
        .filter(|(i, _)| !known.contains(&Some(*i)) && !taken.contains(i))
        .map(|(_, n)| (*n).to_owned())
        .collect()
}

/// The cells of a row that say which assessment it belongs to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Row<'a> {
    /// 1-based row number (for CSV: the line), named in problems.
    pub number: usize,
    /// The catalogue key, or `None` without a catalogue column.
    pub catalogue: Option<Cell<'a>>,
    /// The municipality code.
    pub municipality: Cell<'a>,
    /// The year.
    pub year: Cell<'a>,
}

/// A column of a [`LongBatch`]. Any `Fn(usize) -> Cell` (the cell at a position in the batch,
/// from 0) is one; [`Column::fill`] hands over a run of cells in one call, so that the
/// reader does not pay a dynamic call per cell.
pub trait Column<'a> {
    /// Writes the cells from position `start` on into `out`.
    fn fill(&self, start: usize, out: &mut [Cell<'a>]);
}

impl<'a, F: Fn(usize) -> Cell<'a>> Column<'a> for F {
    #[inline]
    fn fill(&self, start: usize, out: &mut [Cell<'a>]) {
        for (k, cell) in out.iter_mut().enumerate() {
            *cell = self(start + k);
        }
    }
}

/// Rows read from each column at a time: small enough for the cells to stay in the cache.
const CHUNK: usize = 512;

/// A batch of rows of a long table, column by column, as [`TableReader::long`] reads it
/// (`'c` the columns' lifetime, `'a` that of the text in their cells).
/// The optional columns are `None` when the table does not have them (or has only empty
/// cells in them).
pub struct LongBatch<'c, 'a> {
    /// 1-based number of the batch's first row, so that problems name the table's row.
    pub first_row: usize,
    /// How many rows the batch has.
    pub rows: usize,
    /// The `municipality` column.
    pub municipality: &'c dyn Column<'a>,
    /// The `year` column.
    pub year: &'c dyn Column<'a>,
    /// The `indicator` column.
    pub indicator: &'c dyn Column<'a>,
    /// The `answer` column.
    pub answer: &'c dyn Column<'a>,
    /// The `catalogue` column.
    pub catalogue: Option<&'c dyn Column<'a>>,
    /// The `comment` column.
    pub comment: Option<&'c dyn Column<'a>>,
    /// The `points` column.
    pub points: Option<&'c dyn Column<'a>>,
    /// The `synthetic` column.
    pub synthetic: Option<&'c dyn Column<'a>>,
}

/// A catalogue with its answer labels, looked up once.
struct Known {
    catalogue: Arc<Catalogue>,
    /// Lower-case id or label in any language → answer index.
    labels: HashMap<String, usize>,
}

impl Known {
    fn new(catalogue: Arc<Catalogue>) -> Known {
        let mut labels = HashMap::new();
        for (i, entry) in catalogue.scale().iter().enumerate() {
            labels.insert(entry.id.to_lowercase(), i);
            for label in entry.label.0 .0.values() {
                labels.entry(label.trim().to_lowercase()).or_insert(i);
            }
        }
        Known { catalogue, labels }
    }

    fn answer(&self, text: &str) -> Option<usize> {
        self.catalogue
            .answer_index(text)
            .or_else(|| self.labels.get(&text.trim().to_lowercase()).copied())
    }
}

/// The answer whose label in any of the catalogue's languages is `text` (letter case and
/// surrounding space aside): the CSV reader accepts what the XLSX workbook writes.
pub(crate) fn answer_by_label(catalogue: &Catalogue, text: &str) -> Option<usize> {
    let text = text.trim();
    catalogue.scale().iter().position(|entry| {
        entry.id.eq_ignore_ascii_case(text)
            || entry
                .label
                .0
                 .0
                .values()
                .any(|l| l.trim().to_lowercase() == text.to_lowercase())
    })
}

/// Builds assessments from the cells of a table; see the [module](self) documentation.
pub struct TableReader {
    given: Vec<Arc<Catalogue>>,
    default: usize,
    known: Vec<Known>,
    by_key: HashMap<String, Option<usize>>,
    out: Vec<Assessment>,
    /// Per assessment: its catalogue (in `known`) and the row that answered each indicator.
    seen: Vec<(usize, Vec<u32>)>,
    index: HashMap<(usize, String, i32), usize>,
    last: Option<usize>,
    /// Each with the row it names, so that merged readers list them in row order.
    problems: Vec<(usize, Problem)>,
    last_key: Option<(String, usize)>,
}

impl TableReader {
    /// A reader whose rows without a catalogue are of `default`; catalogue keys are looked up
    /// among `catalogues`, then among the built-in ones.
    pub fn new(default: &Arc<Catalogue>, catalogues: &[Arc<Catalogue>]) -> TableReader {
        let mut by_key = HashMap::new();
        by_key.insert(default.key().to_owned(), Some(0));
        TableReader {
            given: catalogues.to_vec(),
            default: 0,
            known: vec![Known::new(Arc::clone(default))],
            by_key,
            out: Vec::new(),
            seen: Vec::new(),
            index: HashMap::new(),
            last: None,
            problems: Vec::new(),
            last_key: None,
        }
    }

    /// Whether so many problems were found that reading on is pointless.
    pub fn full(&self) -> bool {
        self.problems.len() >= MAX_PROBLEMS
    }

    /// Notes a problem the front end found (a cell of a type no column can hold).
    pub fn problem(&mut self, row: usize, column: &str, message: impl Into<String>) {
        if !self.full() {
            self.problems.push((row, at(row, column, message.into())));
        }
    }

    fn catalogue(&mut self, row: usize, cell: Option<Cell<'_>>) -> Option<usize> {
        let key = match cell {
            None => return Some(self.default),
            Some(c) if c.is_null() => return Some(self.default),
            Some(Cell::Text(t)) => trimmed(t),
            Some(other) => {
                self.problem(
                    row,
                    "catalogue",
                    format!(
                        "{} is not a catalogue key such as \"eblomladan-2016\"",
                        other.describe()
                    ),
                );
                return None;
            }
        };
        // Rows name the same catalogue over and over: compare with the last one before hashing.
        if let Some((last, slot)) = &self.last_key {
            if last == key {
                return Some(*slot);
            }
        }
        if let Some(&found) = self.by_key.get(key) {
            if let Some(slot) = found {
                self.last_key = Some((key.to_owned(), slot));
            }
            if found.is_none() {
                self.unknown_catalogue(row, key);
            }
            return found;
        }
        let found = self
            .given
            .iter()
            .find(|c| c.key() == key)
            .cloned()
            .or_else(|| Catalogue::builtin(key).ok().map(Arc::new));
        let slot = found.map(|c| {
            self.known.push(Known::new(c));
            self.known.len() - 1
        });
        self.by_key.insert(key.to_owned(), slot);
        if slot.is_none() {
            self.unknown_catalogue(row, key);
        }
        slot
    }

    fn unknown_catalogue(&mut self, row: usize, key: &str) {
        let mut keys: Vec<String> = self.given.iter().map(|c| c.key().to_owned()).collect();
        keys.extend(Catalogue::builtin_keys().into_iter().map(str::to_owned));
        keys.sort();
        keys.dedup();
        self.problem(
            row,
            "catalogue",
            format!("unknown catalogue {key:?}; known catalogues: {}", keys.join(", ")),
        );
    }

    /// The assessment of a row, found or begun.
    fn assessment(&mut self, row: &Row<'_>) -> Option<usize> {
        let catalogue = self.catalogue(row.number, row.catalogue)?;
        let mut digits = [b'0'; 4];
        let municipality: &str = match row.municipality {
            Cell::Text(t) => trimmed(t),
            Cell::Int(i) if (0..10_000).contains(&i) => padded(i, &mut digits),
            Cell::Float(f) if f.fract() == 0.0 && (0.0..10_000.0).contains(&f) => padded(f as i64, &mut digits),
            other => {
                let message = format!(
                    "invalid municipality code {}; expected four digits such as \"1881\"",
                    other.describe()
                );
                self.problem(row.number, "municipality", message);
                return None;
            }
        };
        let year = match row.year.whole() {
            Some(y) if (1900..=2200).contains(&y) => y as i32,
            _ => {
                let message = format!(
                    "invalid year {}; expected a year between 1900 and 2200, such as 2017",
                    row.year.describe()
                );
                self.problem(row.number, "year", message);
                return None;
            }
        };
        // Rows of one assessment usually follow each other: check the last one first.
        if let Some(last) = self.last {
            let a = &self.out[last];
            if self.seen[last].0 == catalogue && a.year() == year && a.municipality() == municipality {
                return Some(last);
            }
        }
        let id = (catalogue, municipality.to_owned(), year);
        if let Some(&slot) = self.index.get(&id) {
            self.last = Some(slot);
            return Some(slot);
        }
        let c = Arc::clone(&self.known[catalogue].catalogue);
        match Assessment::new(&c, municipality, year) {
            Ok(a) => {
                self.out.push(a);
                self.seen.push((catalogue, vec![0; c.indicators().len()]));
                let slot = self.out.len() - 1;
                self.index.insert(id, slot);
                self.last = Some(slot);
                Some(slot)
            }
            Err(e) => {
                let message = match &e {
                    crate::Error::InvalidField { message, .. } => message.clone(),
                    other => other.to_string(),
                };
                self.problem(row.number, "municipality", message);
                None
            }
        }
    }

    /// Reads one indicator cell of a row: its indicator id, answer, comment, points and
    /// synthetic flag (each [`Cell::Null`] when the table has no such column).
    pub fn cell(
        &mut self,
        row: &Row<'_>,
        indicator: Cell<'_>,
        answer: Cell<'_>,
        comment: Cell<'_>,
        points: Cell<'_>,
        synthetic: Cell<'_>,
    ) {
        if self.full() {
            return;
        }
        let Some(slot) = self.assessment(row) else {
            return;
        };
        let mut hint = 0;
        self.fill(
            slot,
            row.number,
            [indicator, answer, comment, points, synthetic],
            &mut hint,
        );
    }

    /// Reads a batch of a long table column by column; the same as [`TableReader::cell`] for
    /// each of its rows, but a run of rows of one assessment finds it once, and the
    /// indicators are looked up in the order they came in the rows before.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use eblomlada::analysis::table::{Cell, LongBatch, TableReader};
    /// use eblomlada::Catalogue;
    ///
    /// let catalogue = Arc::new(Catalogue::builtin("eblomladan-2016")?);
    /// let ids = ["lead-01", "lead-02", "tech-01"];
    /// let answers = [Some("fully"), None, Some("Uppfyller delvis")];
    /// let mut reader = TableReader::new(&catalogue, &[]);
    /// reader.long(&LongBatch {
    ///     first_row: 1,
    ///     rows: 3,
    ///     municipality: &|_: usize| Cell::Text("1881"),
    ///     year: &|_: usize| Cell::Int(2017),
    ///     indicator: &|i: usize| Cell::Text(ids[i]),
    ///     answer: &|i: usize| answers[i].map_or(Cell::Null, Cell::Text),
    ///     catalogue: None,
    ///     comment: None,
    ///     points: None,
    ///     synthetic: None,
    /// });
    /// let assessments = reader.finish()?;
    /// assert_eq!(assessments[0].answered(), 2);
    /// assert_eq!(assessments[0].answer_of("tech-01"), Some("partly"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn long(&mut self, batch: &LongBatch<'_, '_>) {
        // Columns in the order of `cells` below; an absent one stays null.
        let columns = [
            batch.catalogue,
            Some(batch.municipality),
            Some(batch.year),
            Some(batch.indicator),
            Some(batch.answer),
            batch.comment,
            batch.points,
            batch.synthetic,
        ];
        let mut cells = Box::new([[Cell::Null; CHUNK]; 8]);
        let mut hint = 0;
        // The key cells of the row before and its assessment: a run of rows of one assessment
        // (which may go on from one chunk into the next) finds it once.
        let mut previous: Option<[Cell<'_>; 3]> = None;
        let mut slot = None;
        let mut start = 0;
        while start < batch.rows && !self.full() {
            let n = CHUNK.min(batch.rows - start);
            for (column, out) in columns.iter().zip(cells.iter_mut()) {
                if let Some(column) = column {
                    column.fill(start, &mut out[..n]);
                }
            }
            let [cat, mun, year, ind, ans, com, pts, syn] = &*cells;
            for i in 0..n {
                let number = batch.first_row + start + i;
                let key = [cat[i], mun[i], year[i]];
                let same_run =
                    previous.is_some_and(|p: [Cell<'_>; 3]| p.iter().zip(&key).all(|(a, b)| same_cell(a, b)));
                if !same_run {
                    let row = Row {
                        number,
                        catalogue: batch.catalogue.map(|_| key[0]),
                        municipality: key[1],
                        year: key[2],
                    };
                    slot = self.assessment(&row);
                    previous = Some(key);
                }
                if let Some(slot) = slot {
                    if self.full() {
                        return;
                    }
                    self.fill(slot, number, [ind[i], ans[i], com[i], pts[i], syn[i]], &mut hint);
                }
            }
            start += n;
        }
    }

    /// Reads one indicator cell of the assessment at `slot`: `[indicator, answer, comment,
    /// points, synthetic]`. `hint` is where the indicator is looked for first, and is left
    /// after the one found (tables list indicators in the same order for every assessment).
    fn fill(&mut self, slot: usize, number: usize, cells: [Cell<'_>; 5], hint: &mut usize) {
        let [indicator, answer, comment, points, synthetic] = cells;
        // Field by field, so that the catalogue stays borrowed while problems are noted.
        let problems = &mut self.problems;
        let before = problems.len();
        let mut note = |column: &str, message: String| problems.push((number, at(number, column, message)));
        let known = &self.known[self.seen[slot].0];
        let catalogue = &known.catalogue;
        let position = match indicator {
            Cell::Text(id) => {
                let id = trimmed(id);
                match catalogue.indicators().get(*hint) {
                    Some(expected) if same(&expected.id, id) => Some(*hint),
                    _ => catalogue.indicator_index(id),
                }
            }
            _ => None,
        };
        if let Some(p) = position {
            *hint = p + 1;
        }
        let Some(position) = position else {
            note(
                "indicator",
                format!(
                    "unknown indicator {}; catalogue {} has no such indicator",
                    indicator.describe(),
                    catalogue.key()
                ),
            );
            return;
        };
        let choice = match answer {
            a if a.is_null() => None,
            Cell::Text(t) => match known.answer(t) {
                Some(c) => Some(c),
                None => {
                    note(
                        "answer",
                        format!(
                            "unknown answer {t:?}; expected one of {} (or their labels)",
                            catalogue.answer_ids().join(", ")
                        ),
                    );
                    return;
                }
            },
            other => {
                note(
                    "answer",
                    format!(
                        "{} is not an answer; expected one of {}",
                        other.describe(),
                        catalogue.answer_ids().join(", ")
                    ),
                );
                return;
            }
        };
        if !points.is_null() {
            let expected = choice.map(|c| i64::from(catalogue.scale()[c].points));
            match (points.whole(), expected) {
                (Some(p), Some(e)) if p == e => {}
                (_, Some(e)) => note(
                    "points",
                    format!(
                        "{} points do not match the answer {}, which gives {e}",
                        points.describe(),
                        answer.describe()
                    ),
                ),
                (_, None) => note("points", "points are given but the answer is empty".to_owned()),
            }
        }
        let comment = match comment {
            // An empty cell is no comment, as in CSV (pyarrow reads empty CSV fields as "").
            Cell::Text("") => None,
            Cell::Text(t) if choice.is_some() => Some(t.to_owned()),
            c if c.is_null() => None,
            Cell::Text(_) => {
                note(
                    "comment",
                    "a comment is given but the answer is empty; only answered indicators carry comments".to_owned(),
                );
                None
            }
            other => Some(other.describe()),
        };
        let synthetic = match synthetic {
            Cell::Bool(b) => b,
            c if c.is_null() => false,
            Cell::Text(t) if t.trim() == "true" => true,
            Cell::Text(t) if t.trim() == "false" => false,
            Cell::Int(0) => false,
            Cell::Int(1) => true,
            other => {
                note(
                    "synthetic",
                    format!("{} is neither true (invented data) nor false", other.describe()),
                );
                false
            }
        };
        let first = self.seen[slot].1[position];
        if first != 0 {
            note("indicator", given_twice(&self.out[slot], position, first));
        }
        if problems.len() > before {
            return;
        }
        self.seen[slot].1[position] = u32::try_from(number).unwrap_or(u32::MAX);
        let a = &mut self.out[slot];
        if synthetic && !a.is_synthetic() {
            let _ = a.set_extra("synthetic", Some(serde_json::Value::Bool(true)));
        }
        a.set_slot(
            position,
            choice.map(|choice| Answer {
                choice,
                comment,
                extra: StrictMap::default(),
            }),
        );
    }

    /// Takes over what `other` read, as if its rows had come after this reader's: a front end
    /// that reads the parts of a big table on several threads (one reader each, every part
    /// with its own row numbers) merges the readers in the order of the parts.
    ///
    /// An indicator of one assessment given in both is a problem, as it is in one reader; the
    /// problems of both are listed in row order.
    pub fn merge(&mut self, other: TableReader) {
        let TableReader {
            known,
            out,
            seen,
            problems,
            ..
        } = other;
        self.problems.extend(problems);
        let slots: Vec<usize> = known.into_iter().map(|k| self.known_slot(k)).collect();
        for (assessment, (catalogue, rows)) in out.into_iter().zip(seen) {
            let catalogue = slots[catalogue];
            let id = (catalogue, assessment.municipality().to_owned(), assessment.year());
            let Some(&slot) = self.index.get(&id) else {
                self.out.push(assessment);
                self.seen.push((catalogue, rows));
                self.index.insert(id, self.out.len() - 1);
                continue;
            };
            for (position, &row) in rows.iter().enumerate().filter(|(_, &row)| row != 0) {
                let first = self.seen[slot].1[position];
                if first != 0 {
                    let message = given_twice(&self.out[slot], position, first);
                    self.problems
                        .push((row as usize, at(row as usize, "indicator", message)));
                    continue;
                }
                self.seen[slot].1[position] = row;
                self.out[slot].set_slot(position, assessment.slot(position).map(AnswerRef::to_answer));
            }
            if assessment.is_synthetic() && !self.out[slot].is_synthetic() {
                let _ = self.out[slot].set_extra("synthetic", Some(serde_json::Value::Bool(true)));
            }
        }
    }

    /// The slot of a catalogue another reader knew, added if this one does not know it.
    fn known_slot(&mut self, other: Known) -> usize {
        let key = other.catalogue.key();
        if let Some(slot) = self.known.iter().position(|k| k.catalogue.key() == key) {
            return slot;
        }
        self.by_key.insert(key.to_owned(), Some(self.known.len()));
        self.known.push(other);
        self.known.len() - 1
    }

    /// Makes sure the assessment of a row exists even when it has no indicator cells (a wide
    /// row with every answer empty still is an assessment).
    pub fn row(&mut self, row: &Row<'_>) {
        if !self.full() {
            let _ = self.assessment(row);
        }
    }

    /// The assessments in the order they first appear, or every problem found (at most 100).
    pub fn finish(self) -> Result<Vec<Assessment>, AnalysisError> {
        if self.problems.is_empty() {
            Ok(self.out)
        } else {
            let mut problems = self.problems;
            problems.sort_by_key(|(row, _)| *row);
            problems.truncate(MAX_PROBLEMS);
            Err(AnalysisError::InvalidTable {
                problems: problems.into_iter().map(|(_, p)| p).collect(),
            })
        }
    }
}

/// A code below 10 000 as four digits (`114` → `"0114"`).
fn padded(mut code: i64, digits: &mut [u8; 4]) -> &str {
    for d in digits.iter_mut().rev() {
        *d = b'0' + (code % 10) as u8;
        code /= 10;
    }
    std::str::from_utf8(digits).unwrap_or("0000")
}

/// The catalogues of `assessments` in order of first use, each once, and each assessment's
/// position among them: how a front end writing assessments out as a table (the way back of
/// [`TableReader`]) knows which indicators and answers a row's cells come from. Assessments
/// share a catalogue when their catalogues are equal, not merely of one key: a changed
/// catalogue published under an existing key keeps its own indicators.
///
/// ```
/// use std::sync::Arc;
/// use eblomlada::analysis::table::catalogues_of;
/// use eblomlada::{Assessment, Catalogue};
///
/// let c = Arc::new(Catalogue::builtin("eblomladan-2016")?);
/// let a = Assessment::new(&c, "1881", 2016)?;
/// let b = Assessment::new(&Arc::new(Catalogue::builtin("eblomladan-2016")?), "1881", 2017)?;
/// let (catalogues, of) = catalogues_of(&[&a, &b]);
/// assert_eq!((catalogues.len(), of), (1, vec![0, 0])); // equal, though not the same Arc
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn catalogues_of(assessments: &[&Assessment]) -> (Vec<Arc<Catalogue>>, Vec<usize>) {
    let mut catalogues: Vec<Arc<Catalogue>> = Vec::new();
    let of = assessments
        .iter()
        .map(|a| {
            let c = a.catalogue();
            match catalogues
                .iter()
                .position(|k| Arc::ptr_eq(k, c) || k.as_ref() == c.as_ref())
            {
                Some(k) => k,
                None => {
                    catalogues.push(Arc::clone(c));
                    catalogues.len() - 1
                }
            }
        })
        .collect();
    (catalogues, of)
}

fn given_twice(a: &Assessment, position: usize, first: u32) -> String {
    format!(
        "indicator {:?} of {} {} is given twice; first in row {first}",
        a.catalogue().indicators()[position].id,
        a.municipality(),
        a.year()
    )
}

fn at(row: usize, column: &str, message: String) -> Problem {
    Problem::error(format!("row {row}, {column}"), message)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn reader() -> TableReader {
        let c = Arc::new(Catalogue::builtin("eblomladan-2016").unwrap());
        TableReader::new(&c, &[])
    }

    fn row(number: usize, municipality: Cell<'static>, year: Cell<'static>) -> Row<'static> {
        Row {
            number,
            catalogue: None,
            municipality,
            year,
        }
    }

    #[test]
    fn labels_in_any_language_and_case_give_the_answer() {
        let mut r = reader();
        let base = row(1, Cell::Text("1881"), Cell::Int(2017));
        for (ind, answer) in [
            ("lead-01", "Uppfyller helt"),
            ("lead-02", "partly met"),
            ("lead-03", "NOT_MET"),
        ] {
            let answer = if answer == "partly met" { "Partly met" } else { answer };
            r.cell(
                &base,
                Cell::Text(ind),
                Cell::Text(answer),
                Cell::Null,
                Cell::Null,
                Cell::Null,
            );
        }
        let a = r.finish().unwrap();
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].answer_of("lead-01"), Some("fully"));
        assert_eq!(a[0].answer_of("lead-02"), Some("partly"));
        assert_eq!(a[0].answer_of("lead-03"), Some("not_met"));
    }

    #[test]
    fn an_empty_comment_cell_is_no_comment() {
        let mut r = reader();
        let base = row(1, Cell::Text("1881"), Cell::Int(2017));
        for (ind, comment) in [("lead-01", ""), ("lead-02", " x "), ("lead-03", "")] {
            let answer = if ind == "lead-03" {
                Cell::Null
            } else {
                Cell::Text("fully")
            };
            r.cell(
                &base,
                Cell::Text(ind),
                answer,
                Cell::Text(comment),
                Cell::Null,
                Cell::Null,
            );
        }
        let a = r.finish().unwrap();
        assert_eq!(a[0].comment_of("lead-01"), None);
        assert_eq!(a[0].comment_of("lead-02"), Some(" x "));
        assert_eq!(a[0].answered(), 2);
    }

    #[test]
    fn numbers_as_floats_and_padded_codes() {
        let mut r = reader();
        let base = row(1, Cell::Float(114.0), Cell::Float(2017.0));
        r.cell(
            &base,
            Cell::Text("lead-01"),
            Cell::Text("partly"),
            Cell::Null,
            Cell::Text("2.0"),
            Cell::Null,
        );
        let a = r.finish().unwrap();
        assert_eq!((a[0].municipality(), a[0].year()), ("0114", 2017));
    }

    #[test]
    fn problems_name_the_row_and_column() {
        let mut r = reader();
        let base = row(7, Cell::Text("1881"), Cell::Int(2017));
        r.cell(
            &base,
            Cell::Text("lead-01"),
            Cell::Text("yes"),
            Cell::Null,
            Cell::Null,
            Cell::Null,
        );
        r.cell(
            &base,
            Cell::Text("lead-02"),
            Cell::Text("fully"),
            Cell::Null,
            Cell::Int(1),
            Cell::Null,
        );
        r.cell(
            &base,
            Cell::Text("lead-03"),
            Cell::Null,
            Cell::Text("x"),
            Cell::Null,
            Cell::Null,
        );
        r.cell(
            &base,
            Cell::Text("lead-04"),
            Cell::Text("fully"),
            Cell::Null,
            Cell::Null,
            Cell::Null,
        );
        r.cell(
            &base,
            Cell::Text("lead-04"),
            Cell::Text("fully"),
            Cell::Null,
            Cell::Null,
            Cell::Null,
        );
        r.cell(
            &row(8, Cell::Text("18"), Cell::Int(2017)),
            Cell::Text("lead-01"),
            Cell::Null,
            Cell::Null,
            Cell::Null,
            Cell::Null,
        );
        r.cell(
            &row(9, Cell::Text("1881"), Cell::Int(17)),
            Cell::Text("lead-01"),
            Cell::Null,
            Cell::Null,
            Cell::Null,
            Cell::Null,
        );
        let AnalysisError::InvalidTable { problems } = r.finish().unwrap_err() else {
            panic!()
        };
        let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "row 7, answer",
                "row 7, points",
                "row 7, comment",
                "row 7, indicator",
                "row 8, municipality",
                "row 9, year"
            ]
        );
        assert!(problems[0].message.contains("unknown answer \"yes\""));
    }

    #[test]
    fn merged_readers_join_assessments_and_find_what_is_given_in_both() {
        let (mut first, mut second) = (reader(), reader());
        let kumla = |n| row(n, Cell::Text("1881"), Cell::Int(2017));
        let answer = |r: &mut TableReader, n, id, answer| {
            r.cell(
                &kumla(n),
                Cell::Text(id),
                Cell::Text(answer),
                Cell::Null,
                Cell::Null,
                Cell::Null,
            );
        };
        answer(&mut first, 1, "lead-01", "fully");
        answer(&mut second, 2, "lead-02", "partly");
        second.cell(
            &row(3, Cell::Text("0114"), Cell::Int(2017)),
            Cell::Text("lead-01"),
            Cell::Null,
            Cell::Null,
            Cell::Null,
            Cell::Null,
        );
        first.merge(second);
        let a = first.finish().unwrap();
        assert_eq!(a.len(), 2);
        assert_eq!(
            (a[0].answer_of("lead-01"), a[0].answer_of("lead-02")),
            (Some("fully"), Some("partly"))
        );
        assert_eq!(a[1].municipality(), "0114");

        let (mut first, mut second) = (reader(), reader());
        answer(&mut first, 1, "lead-01", "fully");
        answer(&mut second, 2, "lead-01", "partly");
        second.problem(1, "answer", "an earlier row");
        first.merge(second);
        let AnalysisError::InvalidTable { problems } = first.finish().unwrap_err() else {
            panic!()
        };
        let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["row 1, answer", "row 2, indicator"]);
        assert!(
            problems[1].message.contains("given twice; first in row 1"),
            "{}",
            problems[1].message
        );
    }

    #[test]
    fn columns_ignore_or_refuse_extras() {
        let long = Columns::long(
            &["Unnamed: 0", "municipality", "year", "indicator", "answer", "points"],
            false,
        )
        .unwrap();
        assert_eq!(long.ignored, ["Unnamed: 0"]);
        assert!(Columns::long(&["x", "municipality", "year", "indicator", "answer"], true).is_err());
        assert!(Columns::long(&["municipality", "year", "indicator"], false).is_err());
        let c = Catalogue::builtin("eblomladan-2016").unwrap();
        let wide = Columns::wide(&["municipality", "year", "name", "lead-01", "LEAD-02"], &c, false).unwrap();
        assert_eq!(wide.indicators, [(3, "lead-01".to_owned()), (4, "lead-02".to_owned())]);
        assert_eq!(wide.ignored, ["name"]);
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod properties {
    use super::*;
    use crate::analysis::{synthetic, SyntheticOptions};
    use proptest::prelude::*;

    fn cell(choice: u8, text: &str, number: i64) -> Cell<'_> {
        match choice % 5 {
            0 => Cell::Null,
            1 => Cell::Text(text),
            2 => Cell::Int(number),
            3 => Cell::Float(number as f64 / 3.0),
            _ => Cell::Bool(number % 2 == 0),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

        /// The word-wise comparison is string equality, at every length around its words.
        #[test]
        fn same_is_equality(a in "[ab\u{e5}]{0,20}", b in "[ab\u{e5}]{0,20}") {
            prop_assert_eq!(same(&a, &b), a == b);
            prop_assert!(same(&a, &a.clone()));
        }

        /// Whatever the cells hold, the reader neither panics nor accepts a row it cannot
        /// place, and every problem names a row that was given.
        #[test]
        fn hostile_cells_never_panic(rows in proptest::collection::vec(
            (any::<[u8; 6]>(), "[a-z0-9_ \\-]{0,12}|Uppfyller helt|lead-0[1-9]|18[0-9]{2}", -5000i64..5000), 0..40)
        ) {
            let c = Arc::new(Catalogue::builtin("eblomladan-2016").unwrap());
            let mut reader = TableReader::new(&c, &[]);
            for (n, (choices, text, number)) in rows.iter().enumerate() {
                let row = Row {
                    number: n + 1,
                    catalogue: (choices[0] % 3 == 0).then(|| cell(choices[0], text, *number)),
                    municipality: cell(choices[1], text, *number),
                    year: cell(choices[2], text, *number + 2017),
                };
                reader.cell(&row, cell(choices[3], text, *number), cell(choices[4], text, *number),
                            cell(choices[5], text, *number), Cell::Null, Cell::Null);
            }
            match reader.finish() {
                Ok(assessments) => prop_assert!(assessments.len() <= rows.len()),
                Err(AnalysisError::InvalidTable { problems }) => {
                    prop_assert!(!problems.is_empty() && problems.len() <= MAX_PROBLEMS);
                    for p in problems {
                        let number: usize = p.path.trim_start_matches("row ").split(',').next().unwrap().parse().unwrap();
                        prop_assert!((1..=rows.len()).contains(&number), "{}", p.path);
                    }
                }
                Err(other) => prop_assert!(false, "unexpected error {other}"),
            }
        }

        /// Reading rows in batches, column by column, accepts what reading them one by one
        /// accepts, gives the same assessments, and names no problem the other does not.
        #[test]
        fn batches_read_as_rows_do(
            rows in proptest::collection::vec(
                (any::<[u8; 6]>(), "[a-z0-9_ \\-]{0,12}|Uppfyller helt|fully|lead-0[1-9]|1881|2017", -5000i64..5000), 0..40),
            cut in 0usize..40,
        ) {
            let c = Arc::new(Catalogue::builtin("eblomladan-2016").unwrap());
            let cells: Vec<[Cell<'_>; 6]> = rows.iter().map(|(choices, text, number)| {
                let n = if choices[0] % 2 == 0 { 1881 } else { *number };
                [cell(choices[0], text, n), cell(choices[1], text, n), cell(choices[2], text, n + 2017),
                 cell(choices[3], text, n), cell(choices[4], text, n), cell(choices[5], text, n)]
            }).collect();
            let mut one = TableReader::new(&c, &[]);
            for (n, r) in cells.iter().enumerate() {
                let row = Row { number: n + 1, catalogue: None, municipality: r[1], year: r[2] };
                one.cell(&row, r[3], r[4], r[5], Cell::Null, Cell::Null);
            }
            let read = |reader: &mut TableReader, first: usize, part: &[[Cell<'_>; 6]]| {
                reader.long(&LongBatch {
                    first_row: first + 1,
                    rows: part.len(),
                    municipality: &|i: usize| part[i][1],
                    year: &|i: usize| part[i][2],
                    indicator: &|i: usize| part[i][3],
                    answer: &|i: usize| part[i][4],
                    catalogue: None,
                    comment: Some(&|i: usize| part[i][5]),
                    points: None,
                    synthetic: None,
                });
            };
            let cut = cut.min(cells.len());
            let mut batched = TableReader::new(&c, &[]);
            read(&mut batched, 0, &cells[..cut]);
            read(&mut batched, cut, &cells[cut..]);
            // The two parts read by two readers (as on two threads), then merged.
            let (mut merged, mut second) = (TableReader::new(&c, &[]), TableReader::new(&c, &[]));
            read(&mut merged, 0, &cells[..cut]);
            read(&mut second, cut, &cells[cut..]);
            merged.merge(second);
            let one = one.finish();
            for other in [batched.finish(), merged.finish()] {
                match (&one, other) {
                    (Ok(a), Ok(b)) => prop_assert_eq!(a, &b),
                    (Err(AnalysisError::InvalidTable { problems: a }), Err(AnalysisError::InvalidTable { problems: b })) => {
                        for p in &b {
                            prop_assert!(a.contains(p), "{p:?} not among {a:?}");
                        }
                    }
                    (a, b) => prop_assert!(false, "one by one {a:?}, in batches {b:?}"),
                }
            }
        }

        /// The rows of any synthetic data set, in any order, give back the same assessments.
        #[test]
        fn long_rows_in_any_order_give_the_assessments_back(seed in 0u64..1000, shuffle in any::<u64>()) {
            let c = Arc::new(Catalogue::builtin("eblomladan-2016").unwrap());
            let data = synthetic::generate(&c, &SyntheticOptions::new(seed, [2017])
                .municipalities(["0114".to_owned(), "1881".to_owned(), "2180".to_owned()])
                .participation(1.0).unanswered(0.2).comments(0.3)).unwrap();
            let mut rows: Vec<(usize, usize)> = (0..data.len()).flat_map(|a| (0..c.indicators().len()).map(move |i| (a, i))).collect();
            // A seeded permutation (Fisher-Yates with an LCG), so that rows of one assessment are apart.
            let mut state = shuffle | 1;
            for i in (1..rows.len()).rev() {
                state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                rows.swap(i, (state >> 33) as usize % (i + 1));
            }
            let mut reader = TableReader::new(&c, &[]);
            for (n, (a, i)) in rows.iter().enumerate() {
                let assessment = &data[*a];
                let id = &c.indicators()[*i].id;
                let row = Row { number: n + 1, catalogue: None, municipality: Cell::Text(assessment.municipality()), year: Cell::Int(i64::from(assessment.year())) };
                let answer = assessment.answer_of(id).map_or(Cell::Null, Cell::Text);
                let comment = assessment.comment_of(id).map_or(Cell::Null, Cell::Text);
                reader.cell(&row, Cell::Text(id), answer, comment, Cell::Null, Cell::Bool(true));
            }
            let mut back = reader.finish().unwrap();
            // The same rows as one batch, column by column.
            let columns: Vec<(&Assessment, &str)> = rows.iter().map(|(a, i)| (&data[*a], c.indicators()[*i].id.as_str())).collect();
            let mut batched = TableReader::new(&c, &[]);
            batched.long(&LongBatch {
                first_row: 1,
                rows: columns.len(),
                municipality: &|i: usize| Cell::Text(columns[i].0.municipality()),
                year: &|i: usize| Cell::Int(i64::from(columns[i].0.year())),
                indicator: &|i: usize| Cell::Text(columns[i].1),
                answer: &|i: usize| columns[i].0.answer_of(columns[i].1).map_or(Cell::Null, Cell::Text),
                catalogue: None,
                comment: Some(&|i: usize| columns[i].0.comment_of(columns[i].1).map_or(Cell::Null, Cell::Text)),
                points: None,
                synthetic: Some(&|_: usize| Cell::Bool(true)),
            });
            prop_assert_eq!(&batched.finish().unwrap(), &back);
            back.sort_by(|x, y| x.municipality().cmp(y.municipality()));
            let mut expected = data.clone();
            expected.sort_by(|x, y| x.municipality().cmp(y.municipality()));
            prop_assert_eq!(back, expected);
        }
    }
}
