//! One municipality against a compilation ("Compare", DOMAIN.md §5): per area and level its
//! score against the mean and median, its rank and percentile; per indicator whether it meets
//! the indicator fully and what share of the others do ("77 % have digital safety alarms; we
//! do too").
//!
//! Definitions:
//! - Areas are compared on the exact flower score, over the complete flowers of the
//!   compilation; an incomplete flower of the assessment has no value, rank or percentile.
//!   Levels are compared on the level mean (over the level's answered indicators).
//! - `rank` is 1 + the number of assessments in the compilation with a strictly higher value
//!   (ties share the better rank); `of` is how many have a value.
//! - `percentile` is the percentile rank: the share of values strictly below plus half the
//!   share equal, in percent (0–100).
//! - The compilation is taken as it is: if it contains the assessment itself, the assessment
//!   counts among the others (as a national compilation containing everyone would).
//! - `all` compares with the whole compilation; `group` with the assessment's own group when the
//!   compilation is grouped (its county, its year, or its group in the caller's map).

use serde::Serialize;

use crate::analysis::compile::{best_answer, Compilation, Summary};
use crate::analysis::{municipalities, AnalysisError};
use crate::assessment::Assessment;
use crate::catalogue::CatalogueRef;
use crate::fraction::{BigFraction, Fraction};
use crate::json::OrderedMap;

/// A value's position among the values of a compilation.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Position {
    /// The assessment's value; `null` when it has none (an incomplete flower, an unanswered level).
    pub value: Option<f64>,
    /// The value as an exact fraction.
    pub value_exact: Option<Fraction>,
    /// The compilation's mean.
    pub mean: Option<f64>,
    /// The compilation's median.
    pub median: Option<f64>,
    /// The median as an exact fraction.
    pub median_exact: Option<BigFraction>,
    /// `value − mean`.
    pub difference: Option<f64>,
    /// 1 + how many have a strictly higher value.
    pub rank: Option<usize>,
    /// How many in the compilation have a value.
    pub of: usize,
    /// Percent strictly below plus half percent equal (0–100).
    pub percentile: Option<f64>,
}

/// A flower's position.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct AreaPosition {
    /// The flower's colour; `null` until complete.
    pub colour: Option<String>,
    /// Whether the flower is complete.
    pub complete: bool,
    /// Score against the compilation.
    #[serde(flatten)]
    pub position: Position,
}

/// Whether an answer gives more, as many or fewer points than the compilation's mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// More points than the mean.
    Above,
    /// Exactly the mean.
    Same,
    /// Fewer points than the mean.
    Below,
}

/// One indicator against the compilation.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct IndicatorComparison {
    /// The assessment's answer; `null` when unanswered.
    pub answer: Option<String>,
    /// Its points.
    pub points: Option<u32>,
    /// Whether the assessment gave the best answer ("we do too").
    pub meets: bool,
    /// Share of the compilation's answers that are the best answer ("77 % have …").
    pub share: Option<f64>,
    /// That share in whole percent.
    pub percent: Option<u32>,
    /// The compilation's mean points.
    pub mean: Option<f64>,
    /// The answer's points against that mean; `null` when either is missing.
    pub standing: Option<Standing>,
}

/// The comparison with one set of assessments (all, or one group).
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Against {
    /// Group key (county code, year, group name); empty for the whole compilation.
    pub key: String,
    /// The group's name, where known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// How many assessments.
    pub assessments: usize,
    /// Per level.
    pub levels: OrderedMap<Position>,
    /// Per area.
    pub areas: OrderedMap<AreaPosition>,
    /// Per indicator.
    pub indicators: OrderedMap<IndicatorComparison>,
}

/// One assessment compared with a compilation.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[schemars(title = "eblomlada comparison")]
pub struct Comparison {
    /// The catalogue.
    pub catalogue: CatalogueRef,
    /// Municipality code.
    pub municipality: String,
    /// Its name, where known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The year assessed.
    pub year: i32,
    /// Against every assessment of the compilation.
    pub all: Against,
    /// Against the assessment's own group, when the compilation is grouped and has it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<Against>,
}

impl Comparison {
    /// Pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// As a JSON value.
    pub fn to_value(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_default()
    }
}

/// Compares one assessment with a compilation of the same catalogue.
///
/// ```
/// use std::sync::Arc;
/// use eblomlada::analysis::{self, CompileOptions};
/// use eblomlada::{Assessment, Catalogue};
///
/// let catalogue = Arc::new(Catalogue::builtin("eblomladan-2016")?);
/// let mut others = Vec::new();
/// for (code, answer) in [("0180", "fully"), ("1480", "partly"), ("1280", "not_met")] {
///     let mut a = Assessment::new(&catalogue, code, 2017)?;
///     for indicator in catalogue.indicators() {
///         a.answer(&indicator.id, answer)?;
///     }
///     others.push(a);
/// }
/// let compilation = analysis::compile(&others, &CompileOptions::new())?;
/// let comparison = analysis::compare(&others[1], &compilation)?;
/// let elderly = &comparison.all.areas["elderly"].position;
/// assert_eq!((elderly.rank, elderly.of, elderly.percentile), (Some(2), 3, Some(50.0)));
/// assert_eq!(elderly.median, Some(2.0));
/// assert_eq!(comparison.all.indicators["elderly-06"].share, Some(1.0 / 3.0));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn compare(assessment: &Assessment, compilation: &Compilation) -> Result<Comparison, AnalysisError> {
    let catalogue = assessment.catalogue();
    if catalogue.reference() != compilation.catalogue {
        return Err(AnalysisError::CatalogueMismatch {
            what: "comparing an assessment with a compilation".to_owned(),
            expected: compilation.catalogue.clone(),
            found: catalogue.reference(),
        });
    }
    let group = compilation.groups.as_ref().and_then(|groups| {
        let key = match compilation.grouping.as_deref() {
            Some("county") => Some(assessment.county().to_owned()),
            Some("year") => Some(assessment.year().to_string()),
            Some("custom") => compilation
                .membership
                .as_ref()
                .and_then(|m| m.group_of(assessment.municipality()))
                .map(str::to_owned),
            _ => None,
        }?;
        let group = groups.get(&key)?;
        Some(against(assessment, &group.summary, key, group.name.clone()))
    });
    Ok(Comparison {
        catalogue: catalogue.reference(),
        municipality: assessment.municipality().to_owned(),
        name: municipalities::name(assessment.municipality()).map(str::to_owned),
        year: assessment.year(),
        all: against(assessment, &compilation.summary, String::new(), None),
        group,
    })
}

fn against(assessment: &Assessment, summary: &Summary, key: String, name: Option<String>) -> Against {
    let catalogue = assessment.catalogue();
    let score = assessment.score();
    let dist = &summary.distribution;
    let levels = catalogue
        .levels()
        .iter()
        .enumerate()
        .map(|(l, level)| {
            let own = score.level_mean(&level.id);
            let values: Vec<(u64, u64)> = dist
                .levels
                .get(l)
                .map(|v| v.iter().map(|&(p, n)| (u64::from(p), u64::from(n))).collect())
                .unwrap_or_default();
            let stats = summary.levels.get(&level.id);
            let (mean, exact) = (stats.and_then(|s| s.mean), stats.and_then(|s| s.mean_exact.as_ref()));
            (level.id.clone(), position(own, values, mean, exact))
        })
        .collect();
    let areas = score
        .areas()
        .enumerate()
        .map(|(a, area)| {
            let den = dist.area_den.get(a).copied().unwrap_or(1);
            let values: Vec<(u64, u64)> = dist
                .areas
                .get(a)
                .map(|v| v.iter().map(|&n| (n, den)).collect())
                .unwrap_or_default();
            let stats = summary.areas.get(area.id);
            let (mean, exact) = (stats.and_then(|s| s.mean), stats.and_then(|s| s.mean_exact.as_ref()));
            let result = AreaPosition {
                colour: area.colour.map(str::to_owned),
                complete: area.complete,
                position: position(area.score, values, mean, exact),
            };
            (area.id.to_owned(), result)
        })
        .collect();
    let best = best_answer(catalogue);
    let best_id = &catalogue.scale()[best].id;
    let indicators = catalogue
        .indicators()
        .iter()
        .zip(&assessment.answers)
        .map(|(ind, slot)| {
            let stats = summary.indicators.get(&ind.id);
            let entry = slot.as_ref().map(|a| &catalogue.scale()[a.choice]);
            let share = stats
                .and_then(|s| s.shares.as_ref())
                .and_then(|s| s.get(best_id))
                .copied();
            let percent = stats
                .and_then(|s| s.percent.as_ref())
                .and_then(|s| s.get(best_id))
                .copied();
            let mean_exact = stats.and_then(|s| s.mean_exact.as_ref());
            let standing = entry.zip(mean_exact).map(|(e, m)| {
                match BigFraction::from(Fraction::integer(u64::from(e.points))).cmp(m) {
                    std::cmp::Ordering::Greater => Standing::Above,
                    std::cmp::Ordering::Equal => Standing::Same,
                    std::cmp::Ordering::Less => Standing::Below,
                }
            });
            let result = IndicatorComparison {
                answer: entry.map(|e| e.id.clone()),
                points: entry.map(|e| e.points),
                meets: slot.as_ref().is_some_and(|a| a.choice == best),
                share,
                percent,
                mean: stats.and_then(|s| s.mean),
                standing,
            };
            (ind.id.clone(), result)
        })
        .collect();
    Against {
        key,
        name,
        assessments: summary.assessments,
        levels: OrderedMap(levels),
        areas: OrderedMap(areas),
        indicators: OrderedMap(indicators),
    }
}

/// Orders two unreduced ratios `num / den` exactly.
fn cmp_ratio(a: (u64, u64), b: (u64, u64)) -> std::cmp::Ordering {
    (u128::from(a.0) * u128::from(b.1)).cmp(&(u128::from(b.0) * u128::from(a.1)))
}

/// `own` among `values` (unreduced ratios `num / den`, so that 100 000 of them need no gcd).
fn position(
    own: Option<Fraction>,
    mut values: Vec<(u64, u64)>,
    mean: Option<f64>,
    mean_exact: Option<&BigFraction>,
) -> Position {
    let n = values.len();
    let to_fraction = |v: (u64, u64)| BigFraction::new(u128::from(v.0), u128::from(v.1));
    // Linear-time selection rather than a sort: a national compilation holds 100 000 values.
    let median = match n {
        0 => None,
        _ => {
            let (left, upper, _) = values.select_nth_unstable_by(n / 2, |a, b| cmp_ratio(*a, *b));
            let upper = *upper;
            if n % 2 == 1 {
                to_fraction(upper)
            } else {
                let lower = left.iter().copied().max_by(|a, b| cmp_ratio(*a, *b)).unwrap_or(upper);
                to_fraction(lower)
                    .zip(to_fraction(upper))
                    .map(|(l, u)| l.add(&u).mul(&Fraction::new(1, 2).unwrap_or(Fraction::ZERO).into()))
            }
        }
    };
    let (rank, percentile) = match own {
        Some(v) if n > 0 => {
            let v = (v.numer(), v.denom());
            let (mut below, mut above) = (0, 0);
            for x in &values {
                match cmp_ratio(*x, v) {
                    std::cmp::Ordering::Less => below += 1,
                    std::cmp::Ordering::Greater => above += 1,
                    std::cmp::Ordering::Equal => {}
                }
            }
            let equal = n - below - above;
            let percentile = (2 * below + equal) as f64 * 50.0 / n as f64;
            (Some(1 + above), Some(percentile))
        }
        _ => (None, None),
    };
    let difference = match (own, mean_exact, mean) {
        (Some(v), Some(m), _) => Some(BigFraction::from(v).difference(m)),
        (Some(v), None, Some(m)) => Some(v.to_f64() - m),
        _ => None,
    };
    Position {
        value: own.map(Fraction::to_f64),
        value_exact: own,
        mean,
        median: median.as_ref().map(BigFraction::to_f64),
        median_exact: median,
        difference,
        rank,
        of: n,
        percentile,
    }
}
