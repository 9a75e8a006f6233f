//! Every assessment's flower scores in one table ([`scores`]), and the same over the years per
//! municipality ([`trends`]): what an analyst would otherwise build by scoring each assessment
//! and concatenating the results.
//!
//! Both tables keep positions (assessment, area, level, colour) instead of copying ids into
//! every row, so that 100 000 assessments give their 900 000 rows without a string each; a
//! front end turns the positions into categorical columns in catalogue order.
//!
//! ```
//! use std::sync::Arc;
//! use eblomlada::analysis::{self, SyntheticOptions};
//! use eblomlada::Catalogue;
//!
//! let catalogue = Arc::new(Catalogue::builtin("eblomladan-2016")?);
//! let data = analysis::synthetic::generate(&catalogue, &SyntheticOptions::new(7, [2016, 2017]).participation(1.0))?;
//! let table = analysis::scores(&data)?;
//! assert_eq!(table.rows.len(), data.len() * catalogue.areas().len());
//! let first = &table.rows[0];
//! assert_eq!(first.score, data[0].score().areas().next().unwrap().score);
//!
//! let trends = analysis::trends(&data)?;
//! let kumla: Vec<_> = trends.rows.iter().filter(|r| data[r.assessment].municipality() == "1881").collect();
//! assert_eq!(kumla.len(), 2 * catalogue.areas().len()); // 2016 and 2017, every area
//! assert!(kumla[0].previous.is_none() && kumla[kumla.len() - 1].previous.is_some());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::HashMap;
use std::sync::Arc;

use crate::analysis::AnalysisError;
use crate::assessment::Assessment;
use crate::catalogue::Catalogue;
use crate::fraction::Fraction;

/// One flower of one assessment.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreRow {
    /// Position of the assessment in the input.
    pub assessment: usize,
    /// Position of the area in the catalogue.
    pub area: usize,
    /// The exact flower score; `None` until every indicator that counts is answered.
    pub score: Option<Fraction>,
    /// The weighted score of what is answered; `None` while a level has no answer.
    pub provisional_score: Option<Fraction>,
    /// Position of the colour among the catalogue's bands.
    pub colour: Option<usize>,
    /// Answered indicators that count for the area.
    pub answered: usize,
    /// Indicators that count for the area.
    pub total: usize,
}

/// Every assessment's flowers: one row per assessment and area, in input then catalogue order.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreTable {
    /// The catalogue of every assessment.
    pub catalogue: Arc<Catalogue>,
    /// The rows.
    pub rows: Vec<ScoreRow>,
    /// Per row, per level of the catalogue: the exact mean of the level over the area's
    /// indicators (`rows.len() × levels` entries, row by row).
    pub means: Vec<Option<Fraction>>,
}

impl ScoreTable {
    /// The level means of row `row`, in catalogue order.
    pub fn means_of(&self, row: usize) -> &[Option<Fraction>] {
        let n = self.catalogue.levels().len();
        &self.means[row * n..(row + 1) * n]
    }
}

/// One catalogue for all, or the error that names the first assessment that differs.
fn one_catalogue(assessments: &[&Assessment], what: &'static str) -> Result<Arc<Catalogue>, AnalysisError> {
    let first = assessments.first().ok_or(AnalysisError::Empty { what })?;
    let catalogue = first.catalogue();
    for (index, a) in assessments.iter().enumerate() {
        if !Arc::ptr_eq(a.catalogue(), catalogue) && a.catalogue().as_ref() != catalogue.as_ref() {
            return Err(AnalysisError::MixedCatalogues {
                expected: catalogue.reference(),
                first: Some(0),
                found: a.catalogue().reference(),
                index,
            });
        }
    }
    Ok(Arc::clone(catalogue))
}

/// Scores every assessment: one row per assessment and area. The assessments must share one
/// catalogue (version); an empty input is [`AnalysisError::Empty`].
pub fn scores(assessments: &[Assessment]) -> Result<ScoreTable, AnalysisError> {
    scores_of(&assessments.iter().collect::<Vec<_>>())
}

/// [`scores`] of borrowed assessments (a front end's objects, without copying them).
pub fn scores_of(assessments: &[&Assessment]) -> Result<ScoreTable, AnalysisError> {
    let catalogue = one_catalogue(assessments, "score")?;
    let areas = catalogue.areas().len();
    let levels: Vec<&str> = catalogue.levels().iter().map(|l| l.id.as_str()).collect();
    let bands = catalogue.bands();
    let mut rows = Vec::with_capacity(assessments.len() * areas);
    let mut means = Vec::with_capacity(assessments.len() * areas * levels.len());
    for (index, a) in assessments.iter().enumerate() {
        let score = a.score();
        for (area, flower) in score.areas().enumerate() {
            means.extend((0..levels.len()).map(|l| score.area_mean_at(area, l)));
            rows.push(ScoreRow {
                assessment: index,
                area,
                score: flower.score,
                provisional_score: flower.provisional_score,
                colour: flower.colour.and_then(|c| bands.iter().position(|b| b.colour == c)),
                answered: flower.answered,
                total: flower.total,
            });
        }
    }
    Ok(ScoreTable { catalogue, rows, means })
}

/// One flower of one municipality in one year, against the year before it was assessed.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendRow {
    /// Position of the assessment in the input.
    pub assessment: usize,
    /// Position of the area in the catalogue.
    pub area: usize,
    /// The exact flower score.
    pub score: Option<Fraction>,
    /// Position of the colour among the catalogue's bands.
    pub colour: Option<usize>,
    /// The same municipality's assessment of the latest earlier year, if any.
    pub previous: Option<usize>,
    /// The earlier flower score.
    pub previous_score: Option<Fraction>,
    /// The earlier colour.
    pub previous_colour: Option<usize>,
}

impl TrendRow {
    /// The change of the score since the previous year, where both are known.
    pub fn delta(&self) -> Option<f64> {
        Some(self.score?.to_f64() - self.previous_score?.to_f64())
    }
}

/// Flower scores over the years: one row per municipality, year and area, sorted by
/// municipality, year and area, each with the municipality's latest earlier assessment.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendTable {
    /// The catalogue of every assessment.
    pub catalogue: Arc<Catalogue>,
    /// The rows.
    pub rows: Vec<TrendRow>,
}

/// The flowers of each municipality over the years it was assessed. The assessments must share
/// one catalogue (version) and name each municipality at most once per year
/// ([`AnalysisError::Duplicate`] otherwise).
pub fn trends(assessments: &[Assessment]) -> Result<TrendTable, AnalysisError> {
    trends_of(&assessments.iter().collect::<Vec<_>>())
}

/// [`trends`] of borrowed assessments.
pub fn trends_of(assessments: &[&Assessment]) -> Result<TrendTable, AnalysisError> {
    let table = scores_of(assessments)?;
    let areas = table.catalogue.areas().len();
    let mut order: Vec<usize> = (0..assessments.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&assessments[a], &assessments[b]);
        (x.municipality(), x.year(), a).cmp(&(y.municipality(), y.year(), b))
    });
    let mut first_of: HashMap<(&str, i32), usize> = HashMap::new();
    for &i in &order {
        let a = &assessments[i];
        if let Some(&first) = first_of.get(&(a.municipality(), a.year())) {
            return Err(AnalysisError::Duplicate {
                municipality: a.municipality().to_owned(),
                year: a.year(),
                first,
                index: i,
            });
        }
        first_of.insert((a.municipality(), a.year()), i);
    }
    let mut rows = Vec::with_capacity(table.rows.len());
    let mut previous: Option<usize> = None;
    for &i in &order {
        let earlier = previous.filter(|&p| assessments[p].municipality() == assessments[i].municipality());
        for area in 0..areas {
            let now = &table.rows[i * areas + area];
            let before = earlier.map(|p| &table.rows[p * areas + area]);
            rows.push(TrendRow {
                assessment: i,
                area,
                score: now.score,
                colour: now.colour,
                previous: earlier,
                previous_score: before.and_then(|b| b.score),
                previous_colour: before.and_then(|b| b.colour),
            });
        }
        previous = Some(i);
    }
    Ok(TrendTable {
        catalogue: table.catalogue,
        rows,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::analysis::{synthetic, SyntheticOptions};

    #[test]
    fn scores_agree_with_each_assessments_score() {
        let c = Arc::new(Catalogue::builtin("eblomladan-2016").unwrap());
        let data = synthetic::generate(&c, &SyntheticOptions::new(3, [2017]).unanswered(0.05)).unwrap();
        let table = scores(&data).unwrap();
        for (r, row) in table.rows.iter().enumerate() {
            let s = data[row.assessment].score();
            let flower = s.areas().nth(row.area).unwrap();
            assert_eq!(row.score, flower.score);
            assert_eq!(row.provisional_score, flower.provisional_score);
            assert_eq!(row.colour.map(|b| c.bands()[b].colour.as_str()), flower.colour);
            for (l, level) in c.levels().iter().enumerate() {
                assert_eq!(table.means_of(r)[l], s.area_mean(flower.id, &level.id));
            }
        }
    }

    #[test]
    fn trends_link_each_year_to_the_one_before_and_refuse_duplicates() {
        let c = Arc::new(Catalogue::builtin("eblomladan-2016").unwrap());
        let data = synthetic::generate(
            &c,
            &SyntheticOptions::new(5, [2015, 2016, 2017])
                .participation(1.0)
                .municipalities(["1881".to_owned(), "0114".to_owned()]),
        )
        .unwrap();
        let t = trends(&data).unwrap();
        let years: Vec<(&str, i32, Option<i32>)> = t
            .rows
            .iter()
            .filter(|r| r.area == 0)
            .map(|r| {
                let a = &data[r.assessment];
                (a.municipality(), a.year(), r.previous.map(|p| data[p].year()))
            })
            .collect();
        assert_eq!(
            years,
            [
                ("0114", 2015, None),
                ("0114", 2016, Some(2015)),
                ("0114", 2017, Some(2016)),
                ("1881", 2015, None),
                ("1881", 2016, Some(2015)),
                ("1881", 2017, Some(2016))
            ]
        );
        let mut twice = data.clone();
        twice.push(data[0].clone());
        assert!(matches!(trends(&twice), Err(AnalysisError::Duplicate { .. })));
        assert!(matches!(scores(&[]), Err(AnalysisError::Empty { .. })));
    }
}
