//! Exact scoring (DOMAIN.md §4 and §8).
//!
//! A level's score is the mean of its answered indicators' points. A flower's score is the
//! weighted sum, over the levels, of the means of the indicators that count for its area
//! (for eBlomlådan 2016: `(2·S_area + L + T) / 4`). Everything is computed as exact fractions;
//! colours are decided on those, and `f64` appears only in the output.

use std::sync::Arc;

use serde::Serialize;

use crate::assessment::Assessment;
use crate::catalogue::{Catalogue, CatalogueRef};
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

/// Most answers a scale may have; keeps per-group counts in a fixed array so scoring does not
/// allocate per group.
pub const MAX_SCALE: usize = 8;

/// Points and per-answer counts of one group of indicators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Acc {
    points: u64,
    answered: u32,
    counts: [u32; MAX_SCALE],
}

impl Acc {
    fn add(&mut self, other: &Acc) {
        self.points += other.points;
        self.answered += other.answered;
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            *a += b;
        }
    }
    fn mean(&self) -> Option<Fraction> {
        Fraction::new(self.points, u64::from(self.answered))
    }
}

/// One flower of a [`Score`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AreaScore<'a> {
    /// Area id.
    pub id: &'a str,
    /// The exact flower score; `None` until every indicator that counts for the area is answered.
    pub score: Option<Fraction>,
    /// The weighted score of what is answered; `None` while a level has no answer for the area.
    pub provisional_score: Option<Fraction>,
    /// The band colour of `score`.
    pub colour: Option<&'a str>,
    /// Whether every indicator that counts for the area is answered.
    pub complete: bool,
    /// Answered indicators that count for the area.
    pub answered: usize,
    /// Indicators that count for the area.
    pub total: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct AreaNumbers {
    provisional: Option<Fraction>,
    colour: Option<usize>,
    complete: bool,
    acc: Acc,
}

/// The exact score of one assessment, computed in one pass without allocating per group.
///
/// [`Score::result`] turns it into the [`ScoreResult`] report (the JSON structure of DESIGN.md);
/// the accessors here answer the common questions without building it.
#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    catalogue: Arc<Catalogue>,
    municipality: String,
    year: i32,
    overall: Acc,
    levels: Vec<Acc>,
    /// `[area * levels + level]`: the indicators that count for the area at that level.
    area_levels: Vec<Acc>,
    areas: Vec<AreaNumbers>,
}

/// Scores an assessment against its own catalogue.
///
/// ```
/// use std::sync::Arc;
/// use eblomlada::{Assessment, Catalogue, Fraction};
///
/// let catalogue = Arc::new(Catalogue::builtin("eblomladan-2016")?);
/// let mut assessment = Assessment::new(&catalogue, "1881", 2017)?;
/// for indicator in catalogue.indicators() {
///     assessment.answer(&indicator.id, "partly")?;
/// }
/// let score = eblomlada::score(&assessment);
/// assert_eq!(score.points(), 176);
/// let elderly = score.area("elderly").unwrap();
/// assert_eq!((elderly.score, elderly.colour), (Some(Fraction::integer(2)), Some("yellow")));
/// assert_eq!(score.result().areas["elderly"].colour.as_deref(), Some("yellow"));
/// # Ok::<(), eblomlada::Error>(())
/// ```
pub fn score(assessment: &Assessment) -> Score {
    let catalogue = assessment.catalogue();
    let scale = catalogue.scale();
    let levels = catalogue.levels();
    let (nl, na) = (levels.len(), catalogue.areas().len());
    // General indicators per level, and area-scoped ones per [area * nl + level].
    let mut general = vec![Acc::default(); nl];
    let mut area_levels = vec![Acc::default(); na * nl];
    for (choice, &(level, area)) in assessment.choices().zip(&catalogue.placement) {
        if let Some(choice) = choice {
            let acc = match area {
                None => &mut general[level],
                Some(a) => &mut area_levels[a * nl + level],
            };
            acc.points += u64::from(scale[choice].points);
            acc.answered += 1;
            acc.counts[choice] += 1;
        }
    }
    let mut level_accs = general.clone();
    for (i, acc) in area_levels.iter_mut().enumerate() {
        level_accs[i % nl].add(acc);
        acc.add(&general[i % nl]);
    }
    let mut overall = Acc::default();
    for acc in &level_accs {
        overall.add(acc);
    }
    let areas = (0..na)
        .map(|a| {
            let mut acc = Acc::default();
            let groups = &area_levels[a * nl..(a + 1) * nl];
            for group in groups {
                acc.add(group);
            }
            let provisional = weighted_sum(levels, groups);
            let total: usize = catalogue.area_level_totals[a].iter().sum();
            let complete = acc.answered as usize == total;
            let colour = provisional
                .filter(|_| complete)
                .and_then(|s| catalogue.bands().iter().position(|b| s >= b.min));
            AreaNumbers {
                provisional,
                colour,
                complete,
                acc,
            }
        })
        .collect();
    Score {
        catalogue: Arc::clone(catalogue),
        municipality: assessment.municipality().to_owned(),
        year: assessment.year(),
        overall,
        levels: level_accs,
        area_levels,
        areas,
    }
}

/// Σ weight × mean over the levels of one area; `None` while a level has no answer. The terms
/// are put over one common denominator and the sum reduced once: a reduced fraction is unique,
/// so this is the value that adding the reduced terms one by one gives, with one GCD where that
/// took three per level (a bulk score table of 100 000 assessments spent a fifth of its time in
/// GCDs). Should the common denominator outgrow 128 bits, the terms are added one by one.
fn weighted_sum(levels: &[crate::catalogue::Level], groups: &[Acc]) -> Option<Fraction> {
    let (mut num, mut den) = (0u128, 1u128);
    for (level, group) in levels.iter().zip(groups) {
        if group.answered == 0 {
            return None;
        }
        let n = u128::from(level.weight.numer()) * u128::from(group.points);
        let d = u128::from(level.weight.denom()) * u128::from(group.answered);
        let next = num
            .checked_mul(d)
            .zip(n.checked_mul(den))
            .and_then(|(a, b)| a.checked_add(b))
            .zip(den.checked_mul(d));
        match next {
            Some((a, b)) => (num, den) = (a, b),
            None => return term_by_term(levels, groups),
        }
    }
    Fraction::reduce(num, den)
}

/// [`weighted_sum`] one reduced term at a time.
fn term_by_term(levels: &[crate::catalogue::Level], groups: &[Acc]) -> Option<Fraction> {
    let mut sum = Fraction::ZERO;
    for (level, group) in levels.iter().zip(groups) {
        sum = sum.checked_add(group.mean()?.checked_mul(level.weight)?)?;
    }
    Some(sum)
}

impl Assessment {
    /// Scores this assessment; see [`score`].
    pub fn score(&self) -> Score {
        score(self)
    }
}

impl Score {
    /// The catalogue scored against.
    pub fn catalogue(&self) -> &Arc<Catalogue> {
        &self.catalogue
    }

    /// Points of the answered indicators.
    pub fn points(&self) -> u64 {
        self.overall.points
    }

    /// Answered indicators.
    pub fn answered(&self) -> usize {
        self.overall.answered as usize
    }

    /// All indicators of the catalogue.
    pub fn total(&self) -> usize {
        self.catalogue.indicators().len()
    }

    /// Whether every indicator is answered.
    pub fn complete(&self) -> bool {
        self.answered() == self.total()
    }

    /// How many indicators got `answer` (an answer id of the scale).
    pub fn count(&self, answer: &str) -> usize {
        self.catalogue
            .answer_index(answer)
            .map_or(0, |i| self.overall.counts[i] as usize)
    }

    /// The exact mean of a level over the whole catalogue; `None` when nothing is answered there.
    pub fn level_mean(&self, level: &str) -> Option<Fraction> {
        let l = self.catalogue.levels().iter().position(|x| x.id == level)?;
        self.levels[l].mean()
    }

    /// The exact mean of `level` over the indicators that count for `area`.
    pub fn area_mean(&self, area: &str, level: &str) -> Option<Fraction> {
        let a = self.catalogue.areas().iter().position(|x| x.id == area)?;
        let l = self.catalogue.levels().iter().position(|x| x.id == level)?;
        self.area_levels[a * self.levels.len() + l].mean()
    }

    /// [`Score::area_mean`] by positions in the catalogue, for tables of many scores.
    pub(crate) fn area_mean_at(&self, area: usize, level: usize) -> Option<Fraction> {
        self.area_levels[area * self.levels.len() + level].mean()
    }

    /// One flower by area id.
    pub fn area(&self, id: &str) -> Option<AreaScore<'_>> {
        let a = self.catalogue.areas().iter().position(|x| x.id == id)?;
        Some(self.area_at(a))
    }

    /// Every flower in catalogue order.
    pub fn areas(&self) -> impl Iterator<Item = AreaScore<'_>> {
        (0..self.areas.len()).map(|a| self.area_at(a))
    }

    fn area_at(&self, a: usize) -> AreaScore<'_> {
        let n = &self.areas[a];
        AreaScore {
            id: &self.catalogue.areas()[a].id,
            score: n.provisional.filter(|_| n.complete),
            provisional_score: n.provisional,
            colour: n.colour.map(|b| self.catalogue.bands()[b].colour.as_str()),
            complete: n.complete,
            answered: n.acc.answered as usize,
            total: self.catalogue.area_level_totals[a].iter().sum(),
        }
    }

    /// The full report: the JSON structure DESIGN.md fixes for the CLI's `score`.
    pub fn result(&self) -> ScoreResult {
        let catalogue = &self.catalogue;
        let ids: Vec<&str> = catalogue.scale().iter().map(|s| s.id.as_str()).collect();
        let nl = self.levels.len();
        let levels = catalogue
            .levels()
            .iter()
            .zip(&self.levels)
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
        let areas = (0..self.areas.len())
            .map(|a| {
                let view = self.area_at(a);
                let means = catalogue
                    .levels()
                    .iter()
                    .enumerate()
                    .map(|(l, level)| {
                        (
                            level.id.clone(),
                            self.area_levels[a * nl + l].mean().map(Fraction::to_f64),
                        )
                    })
                    .collect();
                let result = AreaResult {
                    means: OrderedMap(means),
                    score: view.score.map(Fraction::to_f64),
                    score_exact: view.score,
                    colour: view.colour.map(str::to_owned),
                    complete: view.complete,
                    provisional_score: view.provisional_score.map(Fraction::to_f64),
                    provisional_score_exact: view.provisional_score,
                    tally: tally(&ids, &self.areas[a].acc, view.total),
                };
                (view.id.to_owned(), result)
            })
            .collect();
        let total = self.total();
        let max = u64::from(catalogue.scale().iter().map(|s| s.points).max().unwrap_or(0));
        let min = u64::from(catalogue.scale().iter().map(|s| s.points).min().unwrap_or(0));
        ScoreResult {
            catalogue: catalogue.reference(),
            municipality: self.municipality.clone(),
            year: self.year,
            complete: self.complete(),
            points: self.points(),
            max_points: max * total as u64,
            min_points: min * total as u64,
            tally: tally(&ids, &self.overall, total),
            levels: OrderedMap(levels),
            areas: OrderedMap(areas),
        }
    }

    /// The report as pretty JSON.
    pub fn to_json(&self) -> String {
        self.result().to_json()
    }

    /// The report as a JSON value.
    pub fn to_value(&self) -> serde_json::Value {
        self.result().to_value()
    }
}

fn tally(ids: &[&str], acc: &Acc, total: usize) -> Tally {
    let answered = acc.answered as usize;
    let counts = OrderedMap(
        ids.iter()
            .zip(&acc.counts)
            .map(|(id, c)| ((*id).to_owned(), *c as usize))
            .collect(),
    );
    let (shares, percent) = if answered == 0 {
        (None, None)
    } else {
        let shares = ids
            .iter()
            .zip(&acc.counts)
            .map(|(id, c)| ((*id).to_owned(), f64::from(*c) / answered as f64));
        // Round half up in integers: floor((200·c + n) / 2n).
        let percent = ids.iter().zip(&acc.counts).map(|(id, c)| {
            (
                (*id).to_owned(),
                ((200 * *c as usize + answered) / (2 * answered)) as u32,
            )
        });
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::{Catalogue, Text};

    proptest::proptest! {
        // The one-denominator sum is the term-by-term sum, including where a level is empty,
        // and where huge weights and counts push the common denominator past 128 bits.
        #[test]
        fn weighted_sum_is_the_term_by_term_sum(
            terms in proptest::collection::vec((1u64..=u64::MAX, 1u64..=u64::MAX, 0u64..400, 0u32..100, proptest::bool::ANY), 0..8),
        ) {
            let mut levels = Vec::new();
            let mut groups = Vec::new();
            for (wn, wd, points, answered, small) in terms {
                // Mostly catalogue-sized weights (halves, quarters), sometimes any 64-bit ones.
                let (wn, wd) = if small { (wn % 4 + 1, wd % 8 + 1) } else { (wn, wd) };
                let weight = Fraction::new(wn, wd).unwrap();
                levels.push(crate::catalogue::Level { id: String::new(), weight, name: Text::new([]) });
                groups.push(Acc { points, answered, ..Acc::default() });
            }
            proptest::prop_assert_eq!(weighted_sum(&levels, &groups), term_by_term(&levels, &groups));
        }
    }

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
        let r = Assessment::new(&c, "1881", 2017).unwrap().score().result();
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
        let r = a.score().result();
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
        let r = a.score().result();
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
        let r = a.score().result();
        let e = &r.areas["elderly"];
        assert_eq!(e.provisional_score, Some(3.0));
        assert_eq!((e.score, e.colour.as_deref(), e.complete), (None, None, false));
        assert_eq!(r.areas["children"].provisional_score, None);
    }
}
