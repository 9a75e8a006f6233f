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
use crate::analysis::AnalysisError;
use crate::assessment::Assessment;
use crate::catalogue::CatalogueRef;
use crate::fraction::{BigFraction, Fraction};
use crate::json::OrderedMap;
use crate::published::Published;

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
    /// How many assessments of the compilation are synthetic (invented, not real results).
    pub synthetic: usize,
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
        name: assessment.municipality_name().map(str::to_owned),
        year: assessment.year(),
        synthetic: compilation.synthetic,
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
        .zip(assessment.slots())
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

/// One published figure beside the municipality's own answer.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct FigureComparison {
    /// Indicator id.
    pub indicator: String,
    /// The indicator's level.
    pub level: String,
    /// Its area; `null` for a general indicator.
    pub area: Option<String>,
    /// The answer the national figure counts.
    pub answer: String,
    /// Percent of the municipalities that gave that answer.
    #[serde(serialize_with = "crate::published::whole_if_integral")]
    pub percent: f64,
    /// The source's sentence.
    pub quote: String,
    /// The source document.
    pub source: String,
    /// The municipality's own answer; `null` when unanswered.
    pub own: Option<String>,
    /// Whether the municipality gave the answer the figure counts ("något som Kumla kommun också
    /// uppfyller helt", "vilket också är fallet för Kumla kommun").
    pub same: bool,
    /// Whether the municipality gave the best answer.
    pub meets: bool,
    /// The figure and the own answer in one Swedish sentence.
    pub text: String,
}

/// A section's (an area's, or a level's general indicators') best and worst published figure.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct SectionFigures {
    /// `area` or `level`.
    pub kind: String,
    /// The section's name (Swedish).
    pub name: String,
    /// Indicators of the figures with the highest share of the best answer (several when tied),
    /// in catalogue order; empty when no figure of the section counts the best answer.
    pub best: Vec<String>,
    /// Indicators of the figures with the highest share of the lowest answer (several when tied).
    pub worst: Vec<String>,
}

/// What the published figures were.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct PublishedSummary {
    /// The measurement year.
    pub year: i32,
    /// How many municipalities had published.
    pub assessments: u32,
    /// Where the figures come from.
    pub source: String,
}

/// One assessment against the published national figures of its catalogue.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[schemars(title = "eblomlada comparison with published figures")]
pub struct PublishedComparison {
    /// The catalogue.
    pub catalogue: CatalogueRef,
    /// Municipality code.
    pub municipality: String,
    /// Its name, where known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The year assessed.
    pub year: i32,
    /// 1 when the assessment is synthetic (invented data), else 0.
    pub synthetic: usize,
    /// The published figures compared with.
    pub published: PublishedSummary,
    /// Per figure, in the published file's order.
    pub figures: Vec<FigureComparison>,
    /// Per area (catalogue order), then per level for its general indicators.
    pub sections: OrderedMap<SectionFigures>,
}

impl PublishedComparison {
    /// Pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// As a JSON value.
    pub fn to_value(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_default()
    }
}

/// Compares one assessment with published national figures of its catalogue: per figure the
/// municipality's answer beside the national share, and per section the best and worst figure,
/// the way the Kumla report reads them ("77 % uppger … något som Kumla kommun också uppfyller
/// helt").
///
/// Best is the highest share answering the best answer, worst the highest share answering the
/// lowest answer; ties are all listed, in catalogue order.
///
/// ```
/// use std::sync::Arc;
/// use eblomlada::{analysis, Assessment, Catalogue, Published};
///
/// let catalogue = Arc::new(Catalogue::builtin("eblomladan-2016")?);
/// let published = Published::builtin(&catalogue, 2017)?;
/// let mut kumla = Assessment::new(&catalogue, "1881", 2017)?;
/// kumla.answer("elderly-06", "fully")?;
/// let comparison = analysis::compare_published(&kumla, &published)?;
/// let elderly = &comparison.sections["elderly"];
/// assert_eq!((elderly.best.as_slice(), elderly.worst.as_slice()), (&["elderly-06".to_owned()][..], &["elderly-05".to_owned()][..]));
/// let alarms = comparison.figures.iter().find(|f| f.indicator == "elderly-06").unwrap();
/// assert!(alarms.same && alarms.meets);
/// assert_eq!(comparison.sections["tech"].best, ["tech-01", "tech-03"]); // 71 % each
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn compare_published(assessment: &Assessment, published: &Published) -> Result<PublishedComparison, AnalysisError> {
    let catalogue = assessment.catalogue();
    if &catalogue.reference() != published.catalogue() {
        return Err(AnalysisError::CatalogueMismatch {
            what: "comparing an assessment with published figures".to_owned(),
            expected: published.catalogue().clone(),
            found: catalogue.reference(),
        });
    }
    let scale = catalogue.scale();
    let best = best_answer(catalogue);
    let lowest = (0..scale.len())
        .min_by_key(|&i| (scale[i].points, std::cmp::Reverse(i)))
        .unwrap_or(0);
    let name = assessment.municipality_name().map(str::to_owned);
    let who = name.as_deref().map_or_else(
        || format!("Kommun {}", assessment.municipality()),
        |n| format!("{n} kommun"),
    );
    let label = |i: usize| scale[i].label.get("sv").to_lowercase();
    // Rows in catalogue order, so that ties list the catalogue's first indicator first.
    let mut rows: Vec<(usize, usize, FigureComparison)> = Vec::new();
    let mut figures = Vec::new();
    for figure in published.figures() {
        let (Some(index), Some(answer)) = (
            catalogue.indicator_index(&figure.indicator),
            catalogue.answer_index(&figure.answer),
        ) else {
            continue; // cannot happen: the figures were checked against this catalogue
        };
        let indicator = &catalogue.indicators()[index];
        let own = assessment.choice(index);
        let same = own == Some(answer);
        let own_text = match own {
            Some(o) if same => format!("{who}: {}, samma svar", label(o)),
            Some(o) => format!("{who}: {}", label(o)),
            None => format!("{who}: inget svar"),
        };
        let percent = figure.percent;
        let text = format!(
            "{} % {}: {}. {own_text}.",
            percent_text(percent),
            label(answer),
            indicator.text.get("sv").trim_end_matches('.'),
        );
        let row = FigureComparison {
            indicator: indicator.id.clone(),
            level: indicator.level.clone(),
            area: indicator.area.clone(),
            answer: figure.answer.clone(),
            percent,
            quote: figure.quote.clone(),
            source: figure.source.clone().unwrap_or_else(|| published.source().to_owned()),
            own: own.map(|o| scale[o].id.clone()),
            same,
            meets: own == Some(best),
            text,
        };
        figures.push(row.clone());
        rows.push((index, answer, row));
    }
    rows.sort_by_key(|(index, answer, _)| (*index, *answer));
    let top = |section: &dyn Fn(&FigureComparison) -> bool, answer: usize| -> Vec<String> {
        let candidates: Vec<&FigureComparison> = rows
            .iter()
            .filter(|(_, a, row)| *a == answer && section(row))
            .map(|(_, _, row)| row)
            .collect();
        let max = candidates.iter().map(|r| r.percent).fold(f64::NEG_INFINITY, f64::max);
        candidates
            .iter()
            .filter(|r| r.percent == max)
            .map(|r| r.indicator.clone())
            .collect()
    };
    let mut sections = Vec::new();
    for area in catalogue.areas() {
        let of = |r: &FigureComparison| r.area.as_deref() == Some(area.id.as_str());
        sections.push((
            area.id.clone(),
            SectionFigures {
                kind: "area".to_owned(),
                name: area.name.get("sv").to_owned(),
                best: top(&of, best),
                worst: top(&of, lowest),
            },
        ));
    }
    for level in catalogue.levels() {
        let general = catalogue
            .indicators()
            .iter()
            .any(|i| i.level == level.id && i.area.is_none());
        if !general {
            continue;
        }
        let of = |r: &FigureComparison| r.area.is_none() && r.level == level.id;
        sections.push((
            level.id.clone(),
            SectionFigures {
                kind: "level".to_owned(),
                name: level.name.get("sv").to_owned(),
                best: top(&of, best),
                worst: top(&of, lowest),
            },
        ));
    }
    Ok(PublishedComparison {
        catalogue: catalogue.reference(),
        municipality: assessment.municipality().to_owned(),
        name,
        year: assessment.year(),
        synthetic: usize::from(assessment.is_synthetic()),
        published: PublishedSummary {
            year: published.year(),
            assessments: published.assessments(),
            source: published.source().to_owned(),
        },
        figures,
        sections: OrderedMap(sections),
    })
}

/// A percent the Swedish way (`12,5`), to one decimal; written without `f64`'s Display, which
/// would add the float formatter to the .wasm.
fn percent_text(percent: f64) -> String {
    let tenths = (percent.clamp(0.0, 100.0) * 10.0).round() as u32;
    match tenths % 10 {
        0 => (tenths / 10).to_string(),
        d => format!("{},{d}", tenths / 10),
    }
}
