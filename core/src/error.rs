//! Problems found in input and the typed errors of the library.
//!
//! The core never sees file names: a [`Problem`] names the place inside one document (a JSON
//! path, and the line and column where the parser knows them), and the caller (the CLI, a
//! binding) puts the file name in front.

use std::fmt;

use serde::Serialize;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Severity {
    /// The input cannot be used.
    Error,
    /// The input can be used but is probably not what was meant (e.g. a year the catalogue
    /// was not made for). `--strict` in the CLI turns these into errors.
    Warning,
}

/// One problem in one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Problem {
    /// Error or warning.
    pub severity: Severity,
    /// Where in the document, as a JSON path such as `$.answers.lead-03.answer`.
    pub path: String,
    /// 1-based line, where the JSON parser knows it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// 1-based column, where the JSON parser knows it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// What is wrong and what was expected.
    pub message: String,
}

impl Problem {
    /// An error at a JSON path.
    pub fn error(path: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem {
            severity: Severity::Error,
            path: path.into(),
            line: None,
            column: None,
            message: message.into(),
        }
    }

    /// A warning at a JSON path.
    pub fn warning(path: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem {
            severity: Severity::Warning,
            ..Problem::error(path, message)
        }
    }

    /// Whether this problem makes the input unusable.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Problem {
    /// `line 3, column 7: $.answers.lead-03.answer: unknown answer …` — the CLI prefixes the file.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.severity == Severity::Warning {
            f.write_str("warning: ")?;
        }
        if let (Some(line), Some(column)) = (self.line, self.column) {
            write!(f, "line {line}, column {column}: ")?;
        }
        write!(f, "{}: {}", escape_control(&self.path), escape_control(&self.message))
    }
}

/// `text` with every control character (C0, DEL, C1) and every bidirectional override written
/// as `\u{…}`, so that a name or value from a file cannot move the cursor, change colours or
/// reorder a terminal line when a message is printed. The one function every front end uses
/// before a message reaches a terminal or a log; text without such characters is borrowed.
///
/// ```
/// use eblomlada::error::escape_control;
/// assert_eq!(escape_control("a\u{1b}[31mb\n"), "a\\u{1b}[31mb\\u{a}");
/// assert_eq!(escape_control("Kumla kommun"), "Kumla kommun");
/// ```
pub fn escape_control(text: &str) -> std::borrow::Cow<'_, str> {
    fn bad(c: char) -> bool {
        c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    }
    if !text.chars().any(bad) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if bad(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The most problems one error lists: a file with a million unknown ids gets the first 100
/// with their paths, then one problem "and N more problems", not a million lines.
pub const MAX_PROBLEMS: usize = 100;

/// Problems collected up to [`MAX_PROBLEMS`]; the rest are only counted, so a hostile input
/// cannot make the list (and its memory) grow with it.
#[derive(Debug, Default)]
pub(crate) struct ProblemList {
    list: Vec<Problem>,
    more: usize,
}

impl ProblemList {
    pub(crate) fn push(&mut self, problem: Problem) {
        if self.list.len() < MAX_PROBLEMS {
            self.list.push(problem);
        } else {
            self.more += 1;
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub(crate) fn into_vec(self) -> Vec<Problem> {
        let mut list = self.list;
        if self.more > 0 {
            list.push(Problem::error(
                "$",
                format!(
                    "and {} more problems (only the first {MAX_PROBLEMS} are listed)",
                    self.more
                ),
            ));
        }
        list
    }
}

impl From<Vec<Problem>> for ProblemList {
    fn from(problems: Vec<Problem>) -> Self {
        let mut list = ProblemList::default();
        for p in problems {
            list.push(p);
        }
        list
    }
}

/// `problems` cut to [`MAX_PROBLEMS`] and a final "and N more problems".
pub(crate) fn capped(problems: Vec<Problem>) -> Vec<Problem> {
    if problems.len() <= MAX_PROBLEMS {
        return problems;
    }
    ProblemList::from(problems).into_vec()
}

fn summarise(problems: &[Problem]) -> String {
    let errors: Vec<&Problem> = problems.iter().filter(|p| p.is_error()).collect();
    let shown = if errors.is_empty() {
        problems.iter().collect()
    } else {
        errors
    };
    match shown.as_slice() {
        [] => "no details".to_owned(),
        [one] => one.to_string(),
        [first, rest @ ..] => format!("{first} (and {} more problems)", rest.len()),
    }
}

/// Every error the library returns.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A catalogue document is malformed or inconsistent; `problems` lists every problem found.
    #[error("invalid catalogue: {}", summarise(.problems))]
    InvalidCatalogue {
        /// Every problem, errors first in document order.
        problems: Vec<Problem>,
    },
    /// An assessment document is malformed or does not fit its catalogue.
    #[error("invalid assessment: {}", summarise(.problems))]
    InvalidAssessment {
        /// Every problem found.
        problems: Vec<Problem>,
    },
    /// No built-in catalogue has this key.
    #[error("unknown catalogue {key:?}; built-in catalogues: {}", .known.join(", "))]
    UnknownCatalogue {
        /// The key asked for, e.g. `eblomladan-2014`.
        key: String,
        /// The keys that exist.
        known: Vec<String>,
    },
    /// An edit named an indicator the catalogue does not have.
    #[error("unknown indicator {id:?} in catalogue {catalogue}")]
    UnknownIndicator {
        /// The id asked for.
        id: String,
        /// The catalogue key.
        catalogue: String,
    },
    /// An edit gave an answer outside the catalogue's scale.
    #[error("unknown answer {answer:?}; expected one of {}", .expected.join(", "))]
    UnknownAnswer {
        /// The answer given.
        answer: String,
        /// The scale's answer ids.
        expected: Vec<String>,
    },
    /// A published-figures document is malformed or does not fit its catalogue.
    #[error("invalid published figures: {}", summarise(.problems))]
    InvalidPublished {
        /// Every problem found.
        problems: Vec<Problem>,
    },
    /// No published figures are shipped for this catalogue and year.
    #[error("no published figures for catalogue {catalogue} and year {year}; built-in: {}", .known.join(", "))]
    UnknownPublished {
        /// The catalogue key.
        catalogue: String,
        /// The year asked for.
        year: i32,
        /// `"<key> <year>"` of the built-in figures.
        known: Vec<String>,
    },
    /// An edit gave an invalid municipality code, year or similar field.
    #[error("invalid {field}: {message}")]
    InvalidField {
        /// Which field.
        field: &'static str,
        /// What was expected.
        message: String,
    },
}

impl Error {
    /// The problems behind this error; one synthesised problem for errors that have no list.
    pub fn problems(&self) -> Vec<Problem> {
        match self {
            Error::InvalidCatalogue { problems }
            | Error::InvalidAssessment { problems }
            | Error::InvalidPublished { problems } => problems.clone(),
            other => vec![Problem::error("$", other.to_string())],
        }
    }
}

/// Shorthand for results of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
