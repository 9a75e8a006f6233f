//! Exact scoring (DOMAIN.md §4 and §8).
//!
//! A level's score is the mean of its answered indicators' points. A flower's score is the
//! weighted sum, over the levels, of the means of the indicators that count for its area
//! (for eBlomlådan 2016: `(2·S_area + L + T) / 4`). Everything is computed as exact fractions;
//! colours are decided on those, and `f64` appears only in the output.

use serde::Serialize;

use crate::assessment::Assessment;
use crate::catalogue::CatalogueRef;
use crate::fraction::Fraction;
use crate::json::OrderedMap;

/// How many of a group of indicators are answered, and with what.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Tally {
    /// Answered indicators in the group.
    pub answered: usize,
    /// All indicators in the group.
    pub total: usize,
    /// Answers per answer id, in scale order.
    pub counts: OrderedMap<usize>,
    /// Each answer's share of the answered indicators (0–1); `null` when none is answered.
    pub shares: Option<OrderedMap<f64>>,
    /// Each answer's share in whole percent, rounded half up (so 40/38/10 of 88 reads
    /// 45/43/11 and need not sum to 100); `null` when none is answered.
    pub percent: Option<OrderedMap<u32>>,
}

/// One level (services, lead, tech) across the whole catalogue.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct LevelResult {
    /// Mean points of the answered indicators; `null` when none is answered.
    pub mean: Option<f64>,
    /// The same mean as an exact fraction, e.g. `"81/44"`.
    pub mean_exact: Option<Fraction>,
    /// Counts and shares.
    #[serde(flatten)]
    pub tally: Tally,
}

/// One flower: the area's own indicators and the general ones that count for it.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct AreaResult {
    /// Per level id, the mean points of the answered indicators that count for this area;
    /// `null` when none is answered.
    #[serde(flatten)]
    pub means: OrderedMap<Option<f64>>,
    /// The flower score; `null` until every indicator that counts for the area is answered.
    pub score: Option<f64>,
    /// The flower score as an exact fraction.
    pub score_exact: Option<Fraction>,
    /// The band colour of the exact score; `null` until the area is complete.
    pub colour: Option<String>,
    /// Whether every indicator that counts for the area is answered.
    pub complete: bool,
    /// The weighted score of what is answered so far; `null` while some level has no answer
    /// for this area. Equals `score` once complete.
    pub provisional_score: Option<f64>,
    /// The provisional score as an exact fraction.
    pub provisional_score_exact: Option<Fraction>,
    /// Counts and shares over the indicators that count for the area.
    #[serde(flatten)]
    pub tally: Tally,
}

/// The score of one assessment: the structure DESIGN.md fixes for the CLI's `score`, Python's
/// `.to_dict()` and JavaScript's `.toJSON()`.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[schemars(title = "eblomlada score result")]
pub struct ScoreResult {
    /// The catalogue scored against.
    pub catalogue: CatalogueRef,
    /// Municipality code.
    pub municipality: String,
    /// Year assessed.
    pub year: i32,
    /// Whether every indicator is answered.
    pub complete: bool,
    /// Points of the answered indicators.
    pub points: u64,
    /// Points if every indicator got the best answer.
    pub max_points: u64,
    /// Points if every indicator got the lowest answer.
    pub min_points: u64,
    /// Counts and shares over all indicators.
    #[serde(flatten)]
    pub tally: Tally,
    /// Per level, in catalogue order.
    pub levels: OrderedMap<LevelResult>,
    /// Per area (flower), in catalogue order.
    pub areas: OrderedMap<AreaResult>,
}

impl ScoreResult {
    /// Pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// As a JSON value.
    pub fn to_value(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_default()
    }
}

/// Sums of one group while scanning answers.
#[derive(Clone)]
struct Acc {
    points: u64,
    counts: Vec<usize>,
}

impl Acc {
    fn new(scale: usize) -> Acc {
        Acc {
            points: 0,
            counts: vec![0; scale],
        }
    }
    fn add(&mut self, other: &Acc) {
        self.points += other.points;
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            *a += b;
        }
    }
    fn answered(&self) -> usize {
        self.counts.iter().sum()
    }
    fn mean(&self) -> Option<Fraction> {
        Fraction::new(self.points, self.answered() as u64)
    }
}

fn tally(ids: &[&str], acc: &Acc, total: usize) -> Tally {
    let answered = acc.answered();
    let counts = OrderedMap(
        ids.iter()
            .zip(&acc.counts)
            .map(|(id, c)| ((*id).to_owned(), *c))
            .collect(),
    );
    let (shares, percent) = if answered == 0 {
        (None, None)
    } else {
        let shares = ids
            .iter()
            .zip(&acc.counts)
            .map(|(id, c)| ((*id).to_owned(), *c as f64 / answered as f64));
        // Round half up in integers: floor((200·c + n) / 2n).
        let percent = ids
            .iter()
            .zip(&acc.counts)
            .map(|(id, c)| ((*id).to_owned(), ((200 * c + answered) / (2 * answered)) as u32));
        (Some(OrderedMap(shares.collect())), Some(OrderedMap(percent.collect())))
    };
    Tally {
        answered,
        total,
        counts,
        shares,
        percent,
    }
}

/// Scores an assessment against its own catalogue.
///
/// ```
/// use std::sync::Arc;
/// use eblomlada::{Assessment, Catalogue};
///
/// let catalogue = Arc::new(Catalogue::builtin("eblomladan-2016")?);
/// let mut assessment = Assessment::new(&catalogue, "1881", 2017)?;
/// for indicator in catalogue.indicators() {
///     assessment.answer(&indicator.id, "partly")?;
/// }
/// let result = eblomlada::score(&assessment);
/// assert_eq!(result.points, 176);
/// assert_eq!(result.areas["elderly"].colour.as_deref(), Some("yellow"));
/// # Ok::<(), eblomlada::Error>(())
/// ```
pub fn score(assessment: &Assessment) -> ScoreResult {
    let catalogue = assessment.catalogue();
    let scale = catalogue.scale();
    let levels = catalogue.levels();
    let areas = catalogue.areas();
    let (nl, na) = (levels.len(), areas.len());
    let empty = Acc::new(scale.len());
    // General indicators per level, and area-scoped ones per [area][level].
    let mut general = vec![empty.clone(); nl];
    let mut scoped = vec![vec![empty.clone(); nl]; na];
    for (slot, &(level, area)) in assessment.answers.iter().zip(&catalogue.placement) {
        if let Some(answer) = slot {
            let acc = match area {
                None => &mut general[level],
                Some(a) => &mut scoped[a][level],
            };
            acc.points += u64::from(scale[answer.choice].points);
            acc.counts[answer.choice] += 1;
        }
    }

    let ids: Vec<&str> = scale.iter().map(|s| s.id.as_str()).collect();
    let mut overall = empty.clone();
    let mut level_accs = general.clone();
    for row in &scoped {
        for (l, acc) in row.iter().enumerate() {
            level_accs[l].add(acc);
        }
    }
    for acc in &level_accs {
        overall.add(acc);
    }
    let level_results = levels
        .iter()
        .zip(&level_accs)
        .zip(&catalogue.level_totals)
        .map(|((level, acc), total)| {
            let mean = acc.mean();
            let result = LevelResult {
                mean: mean.map(Fraction::to_f64),
                mean_exact: mean,
                tally: tally(&ids, acc, *total),
            };
            (level.id.clone(), result)
        })
        .collect();

    let area_results = areas
        .iter()
        .enumerate()
        .map(|(a, area)| {
            let mut area_acc = empty.clone();
            let mut provisional = Some(Fraction::ZERO);
            let mut means = Vec::with_capacity(nl);
            for (l, level) in levels.iter().enumerate() {
                let mut acc = general[l].clone();
                acc.add(&scoped[a][l]);
                let mean = acc.mean();
                provisional = match (provisional, mean) {
                    (Some(sum), Some(mean)) => mean.checked_mul(level.weight).and_then(|t| sum.checked_add(t)),
                    _ => None,
                };
                means.push((level.id.clone(), mean.map(Fraction::to_f64)));
                area_acc.add(&acc);
            }
            let total: usize = catalogue.area_level_totals[a].iter().sum();
            let complete = area_acc.answered() == total;
            let score = provisional.filter(|_| complete);
            let result = AreaResult {
                means: OrderedMap(means),
                score: score.map(Fraction::to_f64),
                score_exact: score,
                colour: score.and_then(|s| catalogue.colour_of(s)).map(str::to_owned),
                complete,
                provisional_score: provisional.map(Fraction::to_f64),
                provisional_score_exact: provisional,
                tally: tally(&ids, &area_acc, total),
            };
            (area.id.clone(), result)
        })
        .collect();

    let total = catalogue.indicators().len();
    let max = u64::from(scale.iter().map(|s| s.points).max().unwrap_or(0));
    let min = u64::from(scale.iter().map(|s| s.points).min().unwrap_or(0));
    ScoreResult {
        catalogue: catalogue.reference(),
        municipality: assessment.municipality().to_owned(),
        year: assessment.year(),
        complete: overall.answered() == total,
        points: overall.points,
        max_points: max * total as u64,
        min_points: min * total as u64,
        tally: tally(&ids, &overall, total),
        levels: OrderedMap(level_results),
        areas: OrderedMap(area_results),
    }
}

impl Assessment {
    /// Scores this assessment; see [`score`].
    pub fn score(&self) -> ScoreResult {
        score(self)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::Catalogue;

    fn catalogue() -> Arc<Catalogue> {
        Arc::new(Catalogue::builtin("eblomladan-2016").unwrap())
    }

    fn answer_all(a: &mut Assessment, f: impl Fn(&str) -> Option<&'static str>) {
        let ids: Vec<String> = a.catalogue().indicators().iter().map(|i| i.id.clone()).collect();
        for id in ids {
            if let Some(ans) = f(&id) {
                a.answer(&id, ans).unwrap();
            }
        }
    }

    #[test]
    fn empty_assessment_has_no_scores() {
        let c = catalogue();
        let r = Assessment::new(&c, "1881", 2017).unwrap().score();
        assert_eq!(
            (r.tally.answered, r.tally.total, r.complete, r.points),
            (0, 88, false, 0)
        );
        assert_eq!(r.max_points, 264);
        assert_eq!(r.min_points, 88);
        assert!(r.tally.shares.is_none());
        let e = &r.areas["elderly"];
        assert_eq!(
            (e.score, e.colour.as_deref(), e.provisional_score, e.tally.total),
            (None, None, None, 52)
        );
    }

    #[test]
    fn area_weights_follow_the_formula() {
        // elderly: 8 services all fully (3), lead all not_met (1), tech all partly (2):
        // (2·3 + 1 + 2) / 4 = 9/4 → yellow (below 7/3).
        let c = catalogue();
        let mut a = Assessment::new(&c, "1881", 2017).unwrap();
        answer_all(&mut a, |id| {
            Some(if id.starts_with("lead") {
                "not_met"
            } else if id.starts_with("tech") {
                "partly"
            } else {
                "fully"
            })
        });
        let r = a.score();
        let e = &r.areas["elderly"];
        assert_eq!(e.score_exact, Fraction::new(9, 4));
        assert_eq!(e.colour.as_deref(), Some("yellow"));
        assert_eq!(e.means["services"], Some(3.0));
        assert_eq!(e.means["lead"], Some(1.0));
        assert_eq!(r.levels["lead"].mean, Some(1.0));
    }

    #[test]
    fn kumla_shares_read_45_43_11() {
        let c = catalogue();
        let mut a = Assessment::new(&c, "1881", 2017).unwrap();
        let ids: Vec<String> = c.indicators().iter().map(|i| i.id.clone()).collect();
        for (i, id) in ids.iter().enumerate() {
            a.answer(
                id,
                if i < 40 {
                    "not_met"
                } else if i < 78 {
                    "partly"
                } else {
                    "fully"
                },
            )
            .unwrap();
        }
        let r = a.score();
        let percent = r.tally.percent.unwrap();
        assert_eq!((percent["not_met"], percent["partly"], percent["fully"]), (45, 43, 11));
        assert_eq!(r.points, 40 + 76 + 30);
    }

    #[test]
    fn partial_area_has_provisional_score_only() {
        let c = catalogue();
        let mut a = Assessment::new(&c, "1881", 2017).unwrap();
        for id in ["elderly-01", "lead-01", "tech-01"] {
            a.answer(id, "fully").unwrap();
        }
        let e = &a.score().areas["elderly"];
        assert_eq!(e.provisional_score, Some(3.0));
        assert_eq!((e.score, e.colour.as_deref(), e.complete), (None, None, false));
        assert_eq!(a.score().areas["children"].provisional_score, None);
    }
}
