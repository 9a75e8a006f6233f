//! CSV in long format, both ways, and the compilation as CSV.
//!
//! The long format has one row per municipality, year and indicator, so an analyst can bring a
//! whole national data set in one file:
//!
//! ```text
//! catalogue,municipality,year,indicator,answer,points,comment
//! eblomladan-2016,1881,2017,elderly-01,fully,3,"Jämförelsetjänst finns, sedan ""2016""."
//! eblomladan-2016,1881,2017,elderly-02,,,
//! ```
//!
//! - Every indicator of every assessment gets a row, in catalogue order; an unanswered one has
//!   an empty `answer`, `points` and `comment`, so the table is rectangular.
//! - `points` is written for convenience and checked on import (it must be empty or equal the
//!   answer's points).
//! - An empty `comment` field is no comment. A comment that is the empty string is therefore
//!   not carried (as every table tool reads it: pandas and Excel make both an empty cell);
//!   every other comment comes back byte for byte.
//! - Optional fields of an assessment or an answer (name, status, who answered) are not
//!   carried: use JSON for those. The one exception is `synthetic`: when some assessment is
//!   invented data, a last column `synthetic` says `true` on each of its rows, so that the flag
//!   survives export → import.
//! - Reading and writing go through BurntSushi's `csv` crate. Writing follows RFC 4180: comma
//!   separator, CRLF line ends, fields quoted when they hold a comma, a quote, CR or LF (quotes
//!   doubled). UTF-8 without a byte-order mark.
//! - A text cell beginning with `=`, `+`, `-`, `@`, a tab or a carriage return is written with a
//!   leading `'` so that a spreadsheet shows it instead of running it as a formula
//!   ([`neutralise_formula`]); reading drops exactly that `'` again ([`restore_formula`]), so
//!   export → import gives back every comment byte for byte.
//! - Reading accepts CRLF, LF or CR line ends, a leading byte-order mark, `,` `;` or tab as the
//!   separator (detected, or Excel's `sep=` line), columns in any order and blank lines; it
//!   rejects unknown (unless ignored) or repeated columns, a wrong number of fields and a quote
//!   that is never closed. Like a spreadsheet, it reads a quote inside an unquoted field as
//!   text. Every problem names the line and the column (the field's number; the problem's
//!   `path` is the column's name), up to 100 problems at once.
//!
//! ```
//! use std::sync::Arc;
//! use eblomlada::{analysis::csv, Assessment, Catalogue};
//!
//! let catalogue = Arc::new(Catalogue::builtin("eblomladan-2016")?);
//! let mut a = Assessment::new(&catalogue, "1881", 2017)?;
//! a.answer("elderly-01", "fully")?;
//! a.comment("elderly-01", Some("Finns, sedan \"2016\".\nNästa steg: e-tjänst för hemtjänst"))?;
//! let text = csv::export(std::slice::from_ref(&a));
//! let back = csv::import(&text, &[])?;
//! assert_eq!(back, vec![a]);
//!
//! let err = csv::import("catalogue,municipality,year,indicator,answer\neblomladan-2016,1881,2017,lead-01,yes\n", &[])
//!     .unwrap_err();
//! assert_eq!(err.problems()[0].to_string(),
//!            "line 2, column 5: answer: unknown answer \"yes\"; expected one of fully, partly, not_met");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::HashMap;
use std::sync::Arc;

use crate::analysis::compile::{Compilation, Summary};
use crate::analysis::AnalysisError;
use crate::assessment::{Answer, Assessment};
use crate::catalogue::Catalogue;
use crate::error::Problem;
use crate::json::StrictMap;

/// The columns of the long format, in the order they are written.
pub const COLUMNS: [&str; 7] = [
    "catalogue",
    "municipality",
    "year",
    "indicator",
    "answer",
    "points",
    "comment",
];

/// The columns read: the long format's, and `synthetic` (`true` on every row of an invented
/// assessment), which is written only when some assessment is synthetic, so that the flag
/// survives a round trip through CSV.
const READ_COLUMNS: [&str; 8] = [
    "catalogue",
    "municipality",
    "year",
    "indicator",
    "answer",
    "points",
    "comment",
    "synthetic",
];

const MAX_PROBLEMS: usize = 100;

/// One record with the line it starts on (1-based). The fields live in one buffer that the
/// reader fills again for every record: no allocation per cell.
#[derive(Debug, Clone, Default)]
pub(crate) struct Record {
    pub(crate) line: usize,
    pub(crate) fields: csv::StringRecord,
}

/// A problem at a line and field of a CSV text.
pub(crate) fn problem(line: usize, column: usize, name: &str, message: impl Into<String>) -> Problem {
    Problem {
        line: Some(line),
        column: Some(column + 1),
        ..Problem::error(if name.is_empty() { "record" } else { name }, message)
    }
}

/// Splits an RFC 4180 text into records. Blank lines are skipped; a leading byte-order mark is
/// dropped. Problems name the line and the field number.
/// A row with another number of fields than the header, as a problem at its last field.
pub(crate) fn width_problem(row: &Record, header: &Record) -> Option<Problem> {
    (row.fields.len() != header.fields.len()).then(|| {
        problem(
            row.line,
            row.fields.len().min(header.fields.len()),
            "",
            format!(
                "{} fields, but the header has {}",
                row.fields.len(),
                header.fields.len()
            ),
        )
    })
}

pub(crate) fn records(text: &str) -> Result<Vec<Record>, Vec<Problem>> {
    records_with(text, b',')
}

/// The field separator of a CSV text and the text to split: Excel's `sep=;` first line names it
/// (the line is blanked, so line numbers stay); otherwise the one of `,` `;` tab that occurs
/// most often outside quotes in the header line (a comma when none does). Swedish Excel saves
/// CSV with `;`, because the comma is its decimal separator.
pub(crate) fn separator(text: &str) -> (u8, std::borrow::Cow<'_, str>) {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = body.split('\n').next().unwrap_or("").trim_end_matches('\r');
    if let Some(sep) = first
        .strip_prefix("sep=")
        .or_else(|| first.strip_prefix("SEP="))
        .and_then(|rest| rest.bytes().next())
        .filter(|b| matches!(b, b',' | b';' | b'\t' | b'|'))
    {
        return (sep, std::borrow::Cow::Owned(body[first.len()..].to_owned()));
    }
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for b in first.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], usize::from(i == 0))).unwrap_or(0);
    (
        if counts[best] == 0 {
            b','
        } else {
            [b',', b';', b'\t'][best]
        },
        std::borrow::Cow::Borrowed(text),
    )
}

/// [`records`] with another field separator than the comma.
pub(crate) fn records_with(text: &str, sep: u8) -> Result<Vec<Record>, Vec<Problem>> {
    let mut out = Vec::new();
    let problems = each_record(text, sep, |r| out.push(r.clone()));
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// Splits a text into records with the `csv` crate (RFC 4180: quoted fields, doubled quotes,
/// CRLF, LF or CR line ends; blank lines skipped; a leading byte-order mark dropped), giving
/// each well-formed one to `take` as soon as it is split; returns the syntax problems (at most
/// 100).
///
/// The crate reads leniently, as spreadsheets do: a quote inside an unquoted field is text,
/// and a quoted field that is never closed runs to the end of the file. That last case would
/// swallow rows without a word, so it is refused, at the line and field where the open quote
/// is.
pub(crate) fn each_record(text: &str, sep: u8, mut take: impl FnMut(&Record)) -> Vec<Problem> {
    let bytes = text.strip_prefix('\u{feff}').unwrap_or(text).as_bytes();
    // The crate counts LF line ends; a file saved with old Mac line ends (CR only) is counted
    // here. Either way a record after blank lines is put on its own line, not the first blank.
    let nl = if bytes.contains(&b'\n') { b'\n' } else { b'\r' };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sep)
        .from_reader(bytes);
    let mut record = Record::default();
    let mut problems = Vec::new();
    let mut cr_lines = 1;
    // Where the next quote is: most records hold none and need no look for an open one.
    let quote_from = |from: usize| memchr::memchr(b'"', bytes.get(from..).unwrap_or_default()).map(|p| from + p);
    let mut next_quote = quote_from(0);
    while problems.len() < MAX_PROBLEMS {
        let (start, line) = {
            let at = reader.position();
            (offset(at), if nl == b'\n' { count(at.line()) } else { cr_lines })
        };
        match reader.read_record(&mut record.fields) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                // Only invalid UTF-8 could get here, and the text is a `str`.
                problems.push(problem(line, 0, "", e.to_string()));
                break;
            }
        }
        let end = offset(reader.position());
        let raw = bytes.get(start..end).unwrap_or_default();
        let blank = raw
            .iter()
            .take_while(|b| matches!(b, b'\r' | b'\n'))
            .filter(|&&b| b == nl)
            .count();
        record.line = line + blank;
        let open = match next_quote {
            Some(q) if q < end => {
                next_quote = quote_from(end);
                unpaired_quote(raw, sep, nl)
            }
            _ => None,
        };
        match open {
            Some((lines, field)) => problems.push(problem(
                line + lines,
                field,
                "",
                "a quote that is never closed; a quoted field ends with a quote, and a quote inside a field is written twice (\"\")",
            )),
            None => take(&record),
        }
        if nl == b'\r' {
            cr_lines += raw.iter().filter(|&&b| b == nl).count();
        }
    }
    problems
}

fn count(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

fn offset(position: &csv::Position) -> usize {
    count(position.byte())
}

/// Where the quoted field that is never closed starts in a record's raw bytes: (lines after
/// the first, field number). It follows the crate's states (a quote opens a quoted field only
/// at a field's start; after the closing quote, text goes on unquoted); it is run only on the
/// rare record that holds a quote at all.
fn unpaired_quote(raw: &[u8], sep: u8, nl: u8) -> Option<(usize, usize)> {
    #[derive(PartialEq)]
    enum State {
        Start,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }
    let (mut state, mut field, mut line, mut opened) = (State::Start, 0, 0, (0, 0));
    for &b in raw {
        if b == nl {
            line += 1;
        }
        state = match state {
            State::Quoted if b == b'"' => State::QuoteInQuoted,
            State::Quoted => State::Quoted,
            State::QuoteInQuoted if b == b'"' => State::Quoted,
            State::Start if b == b'"' => {
                opened = (line, field);
                State::Quoted
            }
            _ if b == sep => {
                field += 1;
                State::Start
            }
            _ if b == nl => State::Start,
            _ => State::Unquoted,
        };
    }
    (state == State::Quoted).then_some(opened)
}

/// Finds the columns of a header record. `known` lists `(name, required)`; unknown, repeated
/// and missing columns are problems on the header's line.
pub(crate) fn columns(header: &Record, known: &[(&str, bool)]) -> Result<Vec<Option<usize>>, Vec<Problem>> {
    columns_with(header, known, false)
}

/// [`columns`], ignoring unknown columns when `ignore_unknown`.
pub(crate) fn columns_with(
    header: &Record,
    known: &[(&str, bool)],
    ignore_unknown: bool,
) -> Result<Vec<Option<usize>>, Vec<Problem>> {
    let mut positions = vec![None; known.len()];
    let mut problems = Vec::new();
    for (i, field) in header.fields.iter().enumerate() {
        let name = field.trim();
        match known.iter().position(|(k, _)| k.eq_ignore_ascii_case(name)) {
            Some(k) if positions[k].is_some() => problems.push(problem(
                header.line,
                i,
                name,
                format!("the column {name:?} is given twice"),
            )),
            Some(k) => positions[k] = Some(i),
            None if ignore_unknown => {}
            None => problems.push(problem(
                header.line,
                i,
                name,
                format!(
                    "unknown column {name:?}; expected the columns {}",
                    known.iter().map(|(k, _)| *k).collect::<Vec<_>>().join(", ")
                ),
            )),
        }
    }
    for ((name, required), position) in known.iter().zip(&positions) {
        if *required && position.is_none() {
            problems.push(problem(
                header.line,
                header.fields.len(),
                name,
                format!("the header has no column {name:?}"),
            ));
        }
    }
    if problems.is_empty() {
        Ok(positions)
    } else {
        Err(problems)
    }
}

/// The first characters that make a spreadsheet read a cell as a formula (OWASP, CSV
/// injection): `=`, `+`, `-`, `@`, a tab, a carriage return.
const FORMULA_TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

fn plain_number(value: &str) -> bool {
    let digits = value.strip_prefix(['-', '+']).unwrap_or(value);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "1"));
    !whole.is_empty()
        && !fraction.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
}

/// A text cell made safe for a spreadsheet: a value beginning with a formula trigger (`=`, `+`,
/// `-`, `@`, tab, CR) gets a leading `'`, as OWASP's CSV injection guidance recommends, so
/// `=HYPERLINK("http://…")` is shown as text, not run. A value that already begins with `'`s
/// followed by a trigger gets one more, so that [`restore_formula`] undoes exactly this and
/// every text comes back byte for byte. A plain number (`-3`, `+1.5`) is a number, not a
/// formula, and stays as it is. Every CSV writer of the project (long CSV, compilation CSV,
/// hence the CLI, Python and JavaScript) goes through this one function.
///
/// ```
/// use eblomlada::analysis::csv::{neutralise_formula, restore_formula};
/// assert_eq!(neutralise_formula("=1+1"), "'=1+1");
/// assert_eq!(neutralise_formula("'=1+1"), "''=1+1");
/// assert_eq!(neutralise_formula("-3"), "-3");
/// assert_eq!(neutralise_formula("Klart 2016"), "Klart 2016");
/// for text in ["=1+1", "'=1+1", "''@x", "-3", "'abc", "-", "'"] {
///     assert_eq!(restore_formula(&neutralise_formula(text)), text);
/// }
/// ```
pub fn neutralise_formula(value: &str) -> std::borrow::Cow<'_, str> {
    let rest = value.trim_start_matches('\'');
    let triggered = rest.starts_with(FORMULA_TRIGGERS) && !(rest.len() == value.len() && plain_number(value));
    if triggered {
        std::borrow::Cow::Owned(format!("'{value}"))
    } else {
        std::borrow::Cow::Borrowed(value)
    }
}

/// Undoes [`neutralise_formula`] on a cell read from CSV: one leading `'` is dropped where the
/// `'`s are followed by a formula trigger; every other value is kept as it is.
pub fn restore_formula(value: &str) -> &str {
    match value.strip_prefix('\'') {
        Some(inner) if inner.trim_start_matches('\'').starts_with(FORMULA_TRIGGERS) => inner,
        _ => value,
    }
}

/// A CSV text being written with the `csv` crate: RFC 4180 with commas and CRLF, fields quoted
/// only where they hold a comma, a quote or a line end. Every text goes through
/// [`neutralise_formula`].
pub(crate) struct Writer(csv::Writer<Vec<u8>>);

impl Writer {
    pub(crate) fn with_capacity(bytes: usize) -> Writer {
        Writer(
            csv::WriterBuilder::new()
                .terminator(csv::Terminator::CRLF)
                .quote_style(csv::QuoteStyle::Necessary)
                // A writer that is not flexible refuses a record of another width than the
                // first, and that error is not seen here (a `Vec` cannot fail otherwise).
                .flexible(true)
                .from_writer(Vec::with_capacity(bytes)),
        )
    }

    /// One text field, neutralised against formulas.
    pub(crate) fn text(&mut self, value: &str) {
        self.number(&neutralise_formula(value));
    }

    /// One field written as it is: a number, or a text that cannot start a formula.
    pub(crate) fn number(&mut self, value: &str) {
        // The csv crate fails only when the underlying writer does, and a Vec does not.
        let _ = self.0.write_field(value);
    }

    /// Ends the record (one of a single empty field is written `""`, so it is read back).
    pub(crate) fn end(&mut self) {
        let _ = self.0.write_record(std::iter::empty::<&[u8]>());
    }

    /// One record of texts.
    pub(crate) fn record<'a>(&mut self, fields: impl IntoIterator<Item = &'a str>) {
        for field in fields {
            self.text(field);
        }
        self.end();
    }

    pub(crate) fn finish(self) -> String {
        let bytes = match self.0.into_inner() {
            Ok(bytes) => bytes,
            Err(e) => e.into_inner().into_inner().unwrap_or_default(),
        };
        // Every field came from a `str`, so the bytes are UTF-8.
        String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }
}

/// The long-format CSV of `assessments`: a header and one row per assessment and indicator.
pub fn export(assessments: &[Assessment]) -> String {
    let mut out = Writer::with_capacity(64 + assessments.iter().map(|a| a.slots().len() * 48).sum::<usize>());
    let flagged = assessments.iter().any(Assessment::is_synthetic);
    if flagged {
        out.record(READ_COLUMNS);
    } else {
        out.record(COLUMNS);
    }
    for a in assessments {
        let catalogue = a.catalogue();
        let points: Vec<String> = catalogue.scale().iter().map(|e| e.points.to_string()).collect();
        let year = a.year().to_string();
        for (indicator, slot) in catalogue.indicators().iter().zip(a.slots()) {
            out.text(catalogue.key());
            out.number(a.municipality());
            out.number(&year);
            out.text(&indicator.id);
            match slot {
                Some(answer) => {
                    out.text(&catalogue.scale()[answer.choice].id);
                    out.number(&points[answer.choice]);
                    out.text(answer.comment.unwrap_or(""));
                }
                None => {
                    for _ in 0..3 {
                        out.number("");
                    }
                }
            }
            if flagged {
                out.number(if a.is_synthetic() { "true" } else { "" });
            }
            out.end();
        }
    }
    out.finish()
}

/// Options of [`import_with`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct CsvOptions {
    /// The field separator; `None` detects `,` `;` or tab (or Excel's `sep=` line).
    pub sep: Option<u8>,
    /// Whether columns the format does not know are ignored (an index column, a name) instead
    /// of refused.
    pub ignore_extra: bool,
}

impl CsvOptions {
    /// Detected separator, unknown columns refused (what [`import`] does).
    pub fn new() -> CsvOptions {
        CsvOptions::default()
    }

    /// The field separator.
    pub fn sep(mut self, sep: u8) -> CsvOptions {
        self.sep = Some(sep);
        self
    }

    /// Ignores (`true`) or refuses unknown columns.
    pub fn ignore_extra(mut self, ignore: bool) -> CsvOptions {
        self.ignore_extra = ignore;
        self
    }
}

/// Reads a long-format CSV into assessments, one per (catalogue, municipality, year) in the
/// order they first appear. Catalogues are looked up by key (`eblomladan-2016`) among
/// `catalogues`, then among the built-in ones. Indicators without a row are unanswered.
/// The separator is detected (`,` `;` tab, or Excel's `sep=` line) and unknown columns are
/// refused; see [`import_with`] for the options.
pub fn import(text: &str, catalogues: &[Arc<Catalogue>]) -> Result<Vec<Assessment>, AnalysisError> {
    import_with(text, catalogues, &CsvOptions::new())
}

/// [`import`] with options. Records are checked as they are split, so memory holds the text
/// and the assessments, not a copy of every field.
pub fn import_with(
    text: &str,
    catalogues: &[Arc<Catalogue>],
    options: &CsvOptions,
) -> Result<Vec<Assessment>, AnalysisError> {
    let invalid = |problems| AnalysisError::InvalidCsv {
        problems: crate::error::capped(problems),
    };
    let (detected, text) = separator(text);
    let sep = options.sep.unwrap_or(detected);
    let known: Vec<(&str, bool)> = READ_COLUMNS
        .iter()
        .map(|c| (*c, !matches!(*c, "points" | "comment" | "synthetic")))
        .collect();
    let mut head: Option<(Record, Vec<Option<usize>>)> = None;
    let mut header_problems: Option<Vec<Problem>> = None;
    let mut problems: Vec<Problem> = Vec::new();
    // Catalogue key → position in `found` (None: no such catalogue).
    let mut resolved: HashMap<String, Option<usize>> = HashMap::new();
    let mut found: Vec<Arc<Catalogue>> = Vec::new();
    let mut out: Vec<Assessment> = Vec::new();
    // (catalogue key, municipality, year) → position in `out`; per assessment, the line that
    // answered each indicator.
    let mut index: HashMap<(String, String, i32), usize> = HashMap::new();
    let mut seen: Vec<Vec<usize>> = Vec::new();
    let mut last: Option<usize> = None;
    let mut last_position: Option<usize> = None;
    let mut last_catalogue: Option<usize> = None;
    let syntax = each_record(&text, sep, |record: &Record| {
        let Some((header, positions)) = &head else {
            if header_problems.is_none() {
                match columns_with(record, &known, options.ignore_extra) {
                    Ok(positions) => head = Some((record.clone(), positions)),
                    Err(p) => header_problems = Some(p),
                }
            }
            return;
        };
        if header_problems.is_some() {
            return;
        }
        let row = record;
        let col = |k: usize| positions[k];
        if problems.len() >= MAX_PROBLEMS {
            return;
        }
        if let Some(p) = width_problem(row, header) {
            problems.push(p);
            return;
        }
        let field = |k: usize| col(k).and_then(|p| row.fields.get(p));
        let at = |k: usize, message: String| problem(row.line, col(k).unwrap_or(0), READ_COLUMNS[k], message);
        let value = |k: usize| field(k).map_or("", restore_formula);
        let before = problems.len();
        // Catalogue.
        let key = value(0);
        // Rows of one catalogue follow each other: the last one is checked before the map.
        let at_catalogue = match last_catalogue.filter(|&c| found[c].key() == key) {
            Some(c) => Some(c),
            None => match resolved.get(key) {
                Some(&c) => c,
                None => {
                    let catalogue = catalogues
                        .iter()
                        .find(|c| c.key() == key)
                        .cloned()
                        .or_else(|| Catalogue::builtin(key).ok().map(Arc::new));
                    let c = catalogue.map(|c| {
                        found.push(c);
                        found.len() - 1
                    });
                    resolved.insert(key.to_owned(), c);
                    c
                }
            },
        };
        let catalogue = at_catalogue.map(|c| &found[c]);
        let Some(catalogue) = catalogue else {
            let mut known: Vec<String> = catalogues.iter().map(|c| c.key().to_owned()).collect();
            known.extend(Catalogue::builtin_keys().into_iter().map(str::to_owned));
            known.sort();
            known.dedup();
            problems.push(at(
                0,
                format!("unknown catalogue {key:?}; known catalogues: {}", known.join(", ")),
            ));
            return;
        };
        // Municipality and year.
        let municipality = value(1);
        if !(municipality.len() == 4 && municipality.bytes().all(|b| b.is_ascii_digit())) {
            let hint = if (1..4).contains(&municipality.len()) && municipality.bytes().all(|b| b.is_ascii_digit()) {
                format!(" (a spreadsheet may have dropped leading zeros: {municipality:0>4})")
            } else {
                String::new()
            };
            problems.push(at(
                1,
                format!("invalid municipality code {municipality:?}; expected four digits such as \"1881\"{hint}"),
            ));
        }
        // Plain digits only, as a spreadsheet shows a year: no sign, space or leading zero.
        let year_text = value(2);
        let plain_year = !year_text.starts_with('0') && year_text.bytes().all(|b| b.is_ascii_digit());
        let year = match year_text.parse::<i32>() {
            Ok(y) if plain_year && (1900..=2200).contains(&y) => Some(y),
            _ => {
                problems.push(at(
                    2,
                    format!(
                        "invalid year {year_text:?}; expected a year between 1900 and 2200 in plain digits, such as 2017"
                    ),
                ));
                None
            }
        };
        // Indicator, answer, points, comment.
        let indicator = value(3);
        // Rows of an assessment come in catalogue order: the indicator after the last one read.
        let position = last_position
            .map(|p| p + 1)
            .filter(|&p| catalogue.indicators().get(p).is_some_and(|i| i.id == indicator))
            .or_else(|| catalogue.indicator_index(indicator));
        if position.is_none() {
            problems.push(at(
                3,
                format!(
                    "unknown indicator {indicator:?}; catalogue {} has no such indicator",
                    catalogue.key()
                ),
            ));
        }
        let answer = value(4);
        let choice = if answer.is_empty() {
            None
        } else {
            let choice = catalogue
                .answer_index(answer)
                .or_else(|| crate::analysis::table::answer_by_label(catalogue, answer));
            if choice.is_none() {
                problems.push(at(
                    4,
                    format!(
                        "unknown answer {answer:?}; expected one of {}",
                        catalogue.answer_ids().join(", ")
                    ),
                ));
            }
            choice
        };
        let points = value(5);
        if !points.is_empty() {
            match choice {
                Some(c)
                    if points.trim().parse::<u32>() == Ok(catalogue.scale()[c].points)
                        || points.trim().replace(',', ".").parse::<f64>()
                            == Ok(f64::from(catalogue.scale()[c].points)) => {}
                Some(c) => problems.push(at(
                    5,
                    format!(
                        "{points:?} points do not match the answer {answer:?}, which gives {}",
                        catalogue.scale()[c].points
                    ),
                )),
                None if answer.is_empty() => {
                    problems.push(at(5, "points are given but the answer is empty".to_owned()))
                }
                None => {}
            }
        }
        let comment = Some(value(6)).filter(|c| !c.is_empty()).map(str::to_owned);
        if comment.is_some() && answer.is_empty() {
            problems.push(at(
                6,
                "a comment is given but the answer is empty; only answered indicators carry comments".to_owned(),
            ));
        }
        // pandas writes True/False, Excel TRUE/FALSE.
        let synthetic = match value(7).trim() {
            "" => false,
            t if t.eq_ignore_ascii_case("false") => false,
            t if t.eq_ignore_ascii_case("true") => true,
            other => {
                problems.push(at(7, format!("{other:?} is neither true (invented data) nor false")));
                false
            }
        };
        if problems.len() > before {
            return;
        }
        let (Some(position), Some(year)) = (position, year) else {
            return;
        };
        // Rows of one assessment follow each other: the last one's slot first, no key built.
        let same = |a: &Assessment| {
            a.year() == year && a.municipality() == municipality && a.catalogue().key() == catalogue.key()
        };
        let cached = last.filter(|&l: &usize| same(&out[l]));
        let slot = match cached {
            Some(slot) => slot,
            None => {
                let id = (catalogue.key().to_owned(), municipality.to_owned(), year);
                match index.get(&id) {
                    Some(&slot) => slot,
                    None => match Assessment::new(catalogue, municipality, year) {
                        Ok(a) => {
                            out.push(a);
                            seen.push(vec![0; catalogue.indicators().len()]);
                            index.insert(id, out.len() - 1);
                            out.len() - 1
                        }
                        Err(e) => {
                            problems.push(at(1, e.to_string()));
                            return;
                        }
                    },
                }
            }
        };
        last = Some(slot);
        let first = seen[slot][position];
        if first != 0 {
            problems.push(at(
                3,
                format!("indicator {indicator:?} of {municipality} {year} is given twice; first on line {first}"),
            ));
            return;
        }
        seen[slot][position] = row.line;
        last_position = Some(position);
        if synthetic && !out[slot].is_synthetic() {
            let _ = out[slot].set_extra("synthetic", Some(serde_json::Value::Bool(true)));
        }
        out[slot].set_slot(
            position,
            choice.map(|choice| Answer {
                choice,
                comment,
                extra: StrictMap::default(),
            }),
        );
        last_catalogue = at_catalogue;
    });
    if !syntax.is_empty() {
        return Err(invalid(syntax));
    }
    if let Some(p) = header_problems {
        return Err(invalid(p));
    }
    if head.is_none() {
        return Err(invalid(vec![problem(
            1,
            0,
            "",
            format!(
                "the file is empty; expected a header with the columns {}",
                COLUMNS.join(", ")
            ),
        )]));
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        problems.truncate(MAX_PROBLEMS);
        Err(invalid(problems))
    }
}

impl Compilation {
    /// The compilation as one CSV table: one row per group (empty for all assessments) and
    /// indicator, with answered and unanswered counts, the count and share of each answer and
    /// the mean points.
    ///
    /// Columns: `group, indicator, level, area, assessments, answered, unanswered,` then
    /// `<answer>` counts and `<answer>_share` shares in scale order, then `mean`.
    pub fn to_csv(&self) -> String {
        let answers: Vec<&str> = self
            .summary
            .indicators
            .0
            .first()
            .map(|(_, s)| s.counts.0.iter().map(|(k, _)| k.as_str()).collect())
            .unwrap_or_default();
        let mut header: Vec<String> = [
            "group",
            "indicator",
            "level",
            "area",
            "assessments",
            "answered",
            "unanswered",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        header.extend(answers.iter().map(|a| (*a).to_owned()));
        header.extend(answers.iter().map(|a| format!("{a}_share")));
        header.push("mean".to_owned());
        let mut out = Writer::with_capacity(64 * 1024);
        out.record(header.iter().map(String::as_str));
        let mut table = |group: &str, summary: &Summary| {
            for (id, stats) in summary.indicators.iter() {
                let mut row: Vec<String> = vec![
                    group.to_owned(),
                    id.to_owned(),
                    stats.level.clone(),
                    stats.area.clone().unwrap_or_default(),
                    summary.assessments.to_string(),
                    stats.answered.to_string(),
                    stats.unanswered.to_string(),
                ];
                row.extend(stats.counts.0.iter().map(|(_, c)| c.to_string()));
                match &stats.shares {
                    Some(shares) => row.extend(shares.0.iter().map(|(_, s)| s.to_string())),
                    None => row.extend(answers.iter().map(|_| String::new())),
                }
                row.push(stats.mean.map(|m| m.to_string()).unwrap_or_default());
                out.record(row.iter().map(String::as_str));
            }
        };
        table("", &self.summary);
        if let Some(groups) = &self.groups {
            for (key, group) in groups.iter() {
                table(key, &group.summary);
            }
        }
        out.finish()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<Vec<String>> {
        records(text)
            .unwrap()
            .into_iter()
            .map(|r| r.fields.iter().map(str::to_owned).collect())
            .collect()
    }

    #[test]
    fn reads_rfc_4180() {
        assert_eq!(
            values("a,b\r\n\"x, \"\"y\"\"\",\"line\nbreak\"\r\n,\n"),
            [vec!["a", "b"], vec!["x, \"y\"", "line\nbreak"], vec!["", ""]]
        );
        assert_eq!(values("\u{feff}a\n\nb"), [vec!["a"], vec!["b"]]);
        assert_eq!(values("a,\n"), [vec!["a", ""]]);
    }

    #[test]
    fn syntax_problems_name_line_and_field() {
        let p = records("a,b\n\n1,\"open\n\nstill open").unwrap_err();
        assert_eq!((p[0].line, p[0].column), (Some(3), Some(2)));
        assert!(p[0].message.contains("never closed"), "{}", p[0].message);
        // A multi-line comment before it does not shift the line.
        let p = records("a,b\n1,\"two\nlines\"\n2,\"y\n").unwrap_err();
        assert_eq!((p[0].line, p[0].column), (Some(4), Some(2)));
        // Spreadsheets read a quote inside an unquoted field as text, and so does the reader;
        // text after a closing quote goes on unquoted.
        assert_eq!(
            values("a,b\n5\" skärm,x\"\n"),
            [vec!["a", "b"], vec!["5\" skärm", "x\""]]
        );
        assert_eq!(values("a\n\"x\"y\"\n"), [vec!["a"], vec!["xy\""]]);
        // Old Mac line ends are line ends.
        assert_eq!(values("a,b\r1,2\r"), [vec!["a", "b"], vec!["1", "2"]]);
        let p = records("a,b\r1,2\r\r3,\"x\r").unwrap_err();
        assert_eq!((p[0].line, p[0].column), (Some(4), Some(2)));
    }

    #[test]
    fn reads_what_swedish_excel_saves() {
        let c = Arc::new(Catalogue::builtin("eblomladan-2016").unwrap());
        let mut a = Assessment::new(&c, "1881", 2017).unwrap();
        a.answer("lead-01", "partly").unwrap();
        a.comment("lead-01", Some("Klart; nästan")).unwrap();
        a.answer("lead-02", "fully").unwrap();
        let excel = |sep: &str| {
            [
                "catalogue,municipality,year,indicator,answer,points,comment",
                "eblomladan-2016,1881,2017,lead-01,Uppfyller delvis,\"2,0\",\"Klart; nästan\"",
                "eblomladan-2016,1881,2017,lead-02,Fully met,3.0,",
            ]
            .map(|line| {
                line.replace(',', sep)
                    .replace("\"2;0\"", "2.0")
                    .replace("\"2\t0\"", "2.0")
            })
            .join("\r\n")
        };
        for text in [
            format!("\u{feff}{}", excel(";")),
            excel("\t"),
            format!("sep=;\r\n{}", excel(";")),
        ] {
            assert_eq!(import(&text, &[]).unwrap(), vec![a.clone()], "{text}");
        }
        let err = import("sep=;\nmunicipality;year\n1881;2017;x\n", &[]).unwrap_err();
        assert_eq!(err.problems()[0].line, Some(2));
        assert_eq!(separator("a,b;c;d").0, b';');
        assert_eq!(separator("\"a;b\",c").0, b',');
        assert_eq!(separator("abc").0, b',');
    }

    proptest::proptest! {
        /// Any text of separators, quotes, line ends and letters is read without a panic; one
        /// without quotes splits as lines and separators say, one with quotes is read or refused
        /// at a line and field; fields written by the writer come back as they were.
        #[test]
        fn any_text_reads_and_written_fields_come_back(
            text in "[a,;\"\r\n\u{feff}å]{0,40}",
            rows in proptest::collection::vec(proptest::collection::vec("[a,\"\r\n å]{0,6}", 1..4), 1..5),
        ) {
            let read = records(&text);
            if !text.contains('"') {
                // We drop one byte-order mark and the crate drops one more.
                let body = text.strip_prefix('\u{feff}').unwrap_or(&text);
                let lines: Vec<Vec<String>> = body
                    .strip_prefix('\u{feff}')
                    .unwrap_or(body)
                    .split(['\r', '\n'])
                    .filter(|l| !l.is_empty())
                    .map(|l| l.split(',').map(str::to_owned).collect())
                    .collect();
                proptest::prop_assert_eq!(values(&text), lines);
            } else if let Err(problems) = read {
                proptest::prop_assert!(problems.iter().all(|p| p.line.is_some() && p.column.is_some()));
            }
            let mut out = Writer::with_capacity(0);
            for row in &rows {
                out.record(row.iter().map(String::as_str));
            }
            let written = out.finish();
            // The writer neutralises formula triggers (a leading CR among them); the importer
            // restores them, so the comparison goes through the same restore.
            let back: Vec<Vec<String>> = values(&written)
                .iter()
                .map(|r| r.iter().map(|f| restore_formula(f).to_owned()).collect())
                .collect();
            proptest::prop_assert_eq!(back, rows);
        }
    }

    #[test]
    fn writes_quotes_only_where_needed() {
        let mut out = Writer::with_capacity(0);
        out.record(["plain", "a,b", "say \"hi\"", "två\nrader", "=1+1", ""]);
        assert_eq!(
            out.finish(),
            "plain,\"a,b\",\"say \"\"hi\"\"\",\"två\nrader\",'=1+1,\r\n"
        );
    }
}
