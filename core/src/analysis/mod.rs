//! Analysis: the "Analyse" and "Compare" half of eBlomlådan (DOMAIN.md §5–6).
//!
//! Everything here is pure (no I/O) and exact where it decides something: answers are counted
//! in integers, flower scores and means are exact [`Fraction`]s until they are written out.
//!
//! | module | what |
//! |---|---|
//! | [`compile`](mod@compile) | [`Compilation`] of many assessments of one catalogue version: counts and shares per indicator, means and colour distributions per level and area, top and bottom indicators, groups (county, year, any map) |
//! | [`compare`](mod@compare) | [`Comparison`] of one assessment with a compilation: score against mean and median, rank, percentile, per-indicator shares; [`PublishedComparison`] with the published national figures ([`compare_published`]) |
//! | [`mapping`] | [`Mapping`] between two catalogue versions (same, reworded, stricter, merged, split, new, removed) |
//! | [`diff`](mod@diff) | [`Diff`]: year over year for one municipality, also across catalogue versions through a mapping |
//! | [`plan`](mod@plan) | [`Plan`]: the improvement planner, single-step changes ranked and the smallest set that makes a flower green |
//! | [`scores`](mod@scores) | [`ScoreTable`]: every assessment's flowers in one table; [`TrendTable`]: the same over the years per municipality |
//! | [`table`] | assessments from a table of cells (long or wide layout), as DataFrames and Arrow tables give them |
//! | [`csv`] | long-format CSV export and import (RFC 4180), the compilation as CSV |
//! | `xlsx` | Excel workbooks of an assessment and of a compilation (feature `xlsx`) |
//! | [`synthetic`] | a seeded synthetic national data set (real national data is not available) |
//! | [`municipalities`] | Sweden's 290 municipality codes and names and the 21 counties |
//! | [`grouping`] | groupings of municipalities: county, year, a caller's map |
//!
//! ```
//! use std::sync::Arc;
//! use eblomlada::analysis::{self, CompileOptions, Grouping, SyntheticOptions};
//! use eblomlada::Catalogue;
//!
//! let catalogue = Arc::new(Catalogue::builtin("eblomladan-2016")?);
//! let national = analysis::synthetic::generate(&catalogue, &SyntheticOptions::new(7, [2017]).participation(1.0))?;
//! let compilation = analysis::compile(&national, &CompileOptions::new().by(Grouping::County))?;
//! assert_eq!(compilation.summary.assessments, 290);
//! let share = compilation.summary.indicators["elderly-06"].shares.as_ref().unwrap()["fully"];
//! assert!((0.0..=1.0).contains(&share));
//!
//! let kumla = national.iter().find(|a| a.municipality() == "1881").unwrap();
//! let comparison = analysis::compare(kumla, &compilation)?;
//! assert_eq!(comparison.group.as_ref().unwrap().key, "18"); // Örebro län
//! let plan = analysis::plan(kumla, &analysis::PlanOptions::new().area("elderly"))?;
//! assert!(plan.areas["elderly"].minimal.is_some()); // empty when already green
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::sync::Arc;

use crate::catalogue::{Catalogue, CatalogueRef};
use crate::error::Problem;
use crate::fraction::Fraction;

pub mod compare;
pub mod compile;
pub mod csv;
pub mod diff;
pub mod grouping;
pub mod mapping;
pub mod municipalities;
pub mod plan;
pub mod scores;
pub mod synthetic;
pub mod table;
#[cfg(feature = "xlsx")]
pub mod xlsx;

pub use compare::{
    compare, compare_published, Against, AreaPosition, Comparison, FigureComparison, IndicatorComparison, Position,
    PublishedComparison, PublishedSummary, SectionFigures, Standing,
};
pub use compile::{
    compile, AreaStats, Compilation, CompileOptions, Compiler, Group, IndicatorStats, LevelStats, RankedIndicator,
    Source, Summary,
};
pub use diff::{diff, Change, Diff, DiffReport};
pub use grouping::{GroupMap, Grouping};
pub use mapping::{Mapping, MappingDocument, MappingEntry, Relation};
pub use plan::{plan, AreaPlan, MinimalSet, Move, Plan, PlanOptions, Step, DEFAULT_MAX_PLAN_ENTRIES};
pub use scores::{scores, scores_of, trends, trends_of, ScoreRow, ScoreTable, TrendRow, TrendTable};
pub use synthetic::SyntheticOptions;

/// Every error of the analysis functions.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum AnalysisError {
    /// A function that needs at least one assessment got none.
    #[error("nothing to {what}: no assessments were given")]
    Empty {
        /// What was asked for, e.g. `compile`.
        what: &'static str,
    },
    /// Assessments of different catalogues (versions) were given to be pooled without a
    /// version mapping that joins them. Indices count the assessments in the order given.
    #[error("{}", mixed_message(.expected, *.first, .found, *.index))]
    MixedCatalogues {
        /// The catalogue of the compilation.
        expected: CatalogueRef,
        /// Index of the first assessment of `expected`, if one was given before.
        first: Option<usize>,
        /// The catalogue of the assessment that does not fit.
        found: CatalogueRef,
        /// Index of the assessment that does not fit.
        index: usize,
    },
    /// The same municipality and year were given twice: pooling both would count the
    /// municipality twice in every share, rank and percentile.
    #[error(
        "assessment {index} is a second assessment of municipality {municipality} for {year} (the first is \
         assessment {first}); a compilation counts each municipality once per year"
    )]
    Duplicate {
        /// Municipality code.
        municipality: String,
        /// Year.
        year: i32,
        /// Index of the first assessment of this municipality and year.
        first: usize,
        /// Index of the second.
        index: usize,
    },
    /// Two things that must share a catalogue do not (an assessment and a compilation, a
    /// mapping and an assessment).
    #[error("{what}: expected catalogue {expected}, found {found}")]
    CatalogueMismatch {
        /// What was being done.
        what: String,
        /// The catalogue that was expected.
        expected: CatalogueRef,
        /// The catalogue found.
        found: CatalogueRef,
    },
    /// An area id the catalogue does not have.
    #[error("unknown area {area:?}; expected one of {}", .known.join(", "))]
    UnknownArea {
        /// The id asked for.
        area: String,
        /// The catalogue's area ids.
        known: Vec<String>,
    },
    /// A colour that is not one of the catalogue's bands.
    #[error("unknown colour {colour:?}; the catalogue's bands are {}", .known.join(", "))]
    UnknownColour {
        /// The colour asked for.
        colour: String,
        /// The band colours.
        known: Vec<String>,
    },
    /// A version mapping document is malformed or does not fit its catalogues.
    #[error("invalid version mapping: {}", summarise(.problems))]
    InvalidMapping {
        /// Every problem found, with JSON paths.
        problems: Vec<Problem>,
    },
    /// A CSV file could not be read; every problem names its line and column (the column is
    /// the field's number, and `path` is the column's name).
    #[error("invalid CSV: {}", summarise(.problems))]
    InvalidCsv {
        /// Every problem found (at most 100).
        problems: Vec<Problem>,
    },
    /// A table of assessments (a DataFrame, an Arrow table) could not be read; every problem
    /// names its row and column (`path` is `row 7, answer`) or the column (`columns.year`).
    #[error("invalid table: {}", summarise(.problems))]
    InvalidTable {
        /// Every problem found (at most 100).
        problems: Vec<Problem>,
    },
    /// A grouping (municipality → group) is malformed.
    #[error("invalid grouping: {}", summarise(.problems))]
    InvalidGrouping {
        /// Every problem found.
        problems: Vec<Problem>,
    },
    /// The planner cannot work on this catalogue or assessment.
    #[error("cannot plan: {reason}")]
    Unplannable {
        /// Why.
        reason: String,
    },
    /// The work asked for is larger than a limit, found before it starts (e.g. a plan of a
    /// catalogue with thousands of areas and general indicators would list millions of effects).
    #[error("{what} would be {size} {unit}, more than the limit of {limit}; {hint}")]
    TooLarge {
        /// What, e.g. "the plan".
        what: &'static str,
        /// How large it would be.
        size: u64,
        /// In what, e.g. "changes and effects".
        unit: &'static str,
        /// The limit in force.
        limit: u64,
        /// How to stay within it or raise it.
        hint: &'static str,
    },
    /// Writing a workbook failed.
    #[error("cannot write the workbook: {0}")]
    Xlsx(String),
    /// An error of the core (invalid assessment or catalogue).
    #[error(transparent)]
    Core(#[from] crate::Error),
}

impl AnalysisError {
    /// The problems behind this error; one synthesised problem for errors that have no list.
    pub fn problems(&self) -> Vec<Problem> {
        match self {
            AnalysisError::InvalidMapping { problems }
            | AnalysisError::InvalidCsv { problems }
            | AnalysisError::InvalidTable { problems }
            | AnalysisError::InvalidGrouping { problems } => problems.clone(),
            AnalysisError::Core(e) => e.problems(),
            other => vec![Problem::error("$", other.to_string())],
        }
    }
}

fn mixed_message(expected: &CatalogueRef, first: Option<usize>, found: &CatalogueRef, index: usize) -> String {
    let other = match first {
        Some(first) => format!("assessment {first} is of {expected}"),
        None => format!("the compilation is of {expected}"),
    };
    if expected == found {
        format!(
            "assessment {index} names catalogue {found} and {other}, but their catalogue documents differ; \
             assessments are only pooled when they answer the same catalogue"
        )
    } else {
        format!(
            "assessment {index} is of catalogue {found} but {other}; \
             different catalogue versions are not pooled without a version mapping"
        )
    }
}

fn summarise(problems: &[Problem]) -> String {
    match problems {
        [] => "no details".to_owned(),
        [one] => one.to_string(),
        [first, rest @ ..] => format!("{first} (and {} more problems)", rest.len()),
    }
}

/// The Rust examples of `docs/analysis.md`, run as doc tests so they cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../../../docs/analysis.md")]
pub struct AnalysisDocDoctests;

/// Whether two catalogues are the same (the same `Arc`, or equal documents).
pub(crate) fn same_catalogue(a: &Arc<Catalogue>, b: &Arc<Catalogue>) -> bool {
    Arc::ptr_eq(a, b) || (a.key() == b.key() && a.document() == b.document())
}

pub(crate) fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

pub(crate) fn lcm(a: u128, b: u128) -> Option<u128> {
    if a == 0 || b == 0 {
        return Some(a.max(b));
    }
    (a / gcd(a, b)).checked_mul(b)
}

/// `num / den` as a reduced fraction; `None` when it does not fit or `den` is zero.
pub(crate) fn ratio(num: u128, den: u128) -> Option<Fraction> {
    if den == 0 {
        return None;
    }
    let g = gcd(num, den).max(1);
    Fraction::new(u64::try_from(num / g).ok()?, u64::try_from(den / g).ok()?)
}

/// `num / den` as the nearest-ish `f64` (exact fractions go through [`Fraction::to_f64`]).
pub(crate) fn ratio_f64(num: u128, den: u128) -> Option<f64> {
    if den == 0 {
        return None;
    }
    Some(ratio(num, den).map_or_else(|| num as f64 / den as f64, Fraction::to_f64))
}

/// Whole percent rounded half up, as in the score report: floor((200·c + n) / 2n).
pub(crate) fn percent(count: u64, of: u64) -> u32 {
    ((200 * u128::from(count) + u128::from(of)) / (2 * u128::from(of).max(1))) as u32
}

/// The signed difference `a − b` of two exact values, as `f64`.
pub(crate) fn difference(a: Fraction, b: Fraction) -> f64 {
    if a >= b {
        ratio(
            u128::from(a.numer()) * u128::from(b.denom()) - u128::from(b.numer()) * u128::from(a.denom()),
            u128::from(a.denom()) * u128::from(b.denom()),
        )
        .map_or_else(|| a.to_f64() - b.to_f64(), Fraction::to_f64)
    } else {
        -difference(b, a)
    }
}

/// JSON Schemas of the analysis results and of the mapping file, as `(file name, text)`.
///
/// ```
/// let names: Vec<&str> = eblomlada::analysis::schemas().iter().map(|(n, _)| *n).collect();
/// assert!(names.contains(&"compilation.schema.json"));
/// ```
pub fn schemas() -> Vec<(&'static str, String)> {
    use crate::schema::{
        render,
        Direction::{Read, Written},
    };
    vec![
        ("compilation.schema.json", render::<Compilation>("compilation", Written)),
        ("comparison.schema.json", render::<Comparison>("comparison", Written)),
        (
            "published-comparison.schema.json",
            render::<PublishedComparison>("published-comparison", Written),
        ),
        ("diff.schema.json", render::<DiffReport>("diff", Written)),
        ("plan.schema.json", render::<Plan>("plan", Written)),
        ("mapping.schema.json", render::<MappingDocument>("mapping", Read)),
    ]
}
