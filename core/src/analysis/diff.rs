//! Trends: what changed between two assessments, typically one municipality's in two years.
//!
//! Per indicator the change is `up`, `down` or `same` (by points), `answered` (newly answered),
//! `cleared` (answered before, not now), `unanswered` (in neither) or `new` (the indicator has
//! no counterpart in the old catalogue version). Per level and per area it counts each answer
//! before and after ("red answers went from four to two"; an area counts its own, area-scoped
//! indicators, a level all of its indicators), and per area the flower score and colour before
//! and after.
//!
//! Across catalogue versions a [`Mapping`] is required: indicators are followed through it
//! (the old answer of a new indicator is the translated one, see [`crate::analysis::mapping`]),
//! `stricter` indicators are flagged so that a drop is not read as a decline, old indicators
//! that were removed are listed with their old answer, and each version's flowers are scored
//! by its own catalogue (areas and levels are matched by id).

use std::sync::Arc;

use serde::Serialize;

use crate::analysis::mapping::{Mapping, Relation};
use crate::analysis::{difference, same_catalogue, AnalysisError};
use crate::assessment::Assessment;
use crate::catalogue::{Catalogue, CatalogueRef};
use crate::fraction::Fraction;
use crate::json::OrderedMap;
use crate::score::Score;

/// How one indicator's answer changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// More points than before.
    Up,
    /// Fewer points than before.
    Down,
    /// The same points.
    Same,
    /// Answered now, not before.
    Answered,
    /// Answered before, not now.
    Cleared,
    /// Answered in neither.
    Unanswered,
    /// The indicator is new in this catalogue version.
    New,
}

impl Change {
    /// Every kind, in the order reports list them.
    pub const ALL: [Change; 7] = [
        Change::Up,
        Change::Down,
        Change::Same,
        Change::Answered,
        Change::Cleared,
        Change::Unanswered,
        Change::New,
    ];

    /// The id used in reports, e.g. `up`.
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Up => "up",
            Change::Down => "down",
            Change::Same => "same",
            Change::Answered => "answered",
            Change::Cleared => "cleared",
            Change::Unanswered => "unanswered",
            Change::New => "new",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    /// The old answer as a position in the new scale (translated across versions).
    old: Option<usize>,
    new: Option<usize>,
    change: Change,
}

/// The difference between two assessments, computed exactly and compactly; [`Diff::report`]
/// turns it into the JSON report.
#[derive(Debug, Clone, PartialEq)]
pub struct Diff {
    old: Score,
    new: Score,
    mapping: Option<Arc<Mapping>>,
    entries: Vec<Entry>,
    /// Removed old indicators and their old answers.
    removed: Vec<(usize, Option<usize>)>,
    /// `[(level or nl + area) · ns + answer]` over each side's own catalogue.
    old_counts: Vec<u32>,
    new_counts: Vec<u32>,
    municipalities: (String, String),
    years: (i32, i32),
}

/// Per level (all its indicators) then per area (its own indicators), the count of each answer.
fn group_counts(assessment: &Assessment) -> Vec<u32> {
    let catalogue = assessment.catalogue();
    let (nl, ns) = (catalogue.levels().len(), catalogue.scale().len());
    let mut counts = vec![0u32; (nl + catalogue.areas().len()) * ns];
    for (choice, &(level, area)) in assessment.choices().zip(&catalogue.placement) {
        if let Some(c) = choice {
            counts[level * ns + c] += 1;
            if let Some(area) = area {
                counts[(nl + area) * ns + c] += 1;
            }
        }
    }
    counts
}

/// Compares `old` with `new`. Both must be of one catalogue, unless `mapping` leads from the
/// old one's catalogue to the new one's.
///
/// ```
/// use std::sync::Arc;
/// use eblomlada::analysis::{self, Change};
/// use eblomlada::{Assessment, Catalogue};
///
/// let catalogue = Arc::new(Catalogue::builtin("eblomladan-2016")?);
/// let mut y2016 = Assessment::new(&catalogue, "1881", 2016)?;
/// y2016.answer("elderly-06", "partly")?;
/// y2016.answer("elderly-07", "not_met")?;
/// let mut y2017 = y2016.clone();
/// y2017.set_year(2017)?;
/// y2017.answer("elderly-06", "fully")?;
/// y2017.clear("elderly-07")?;
/// y2017.answer("lead-01", "partly")?;
/// let diff = analysis::diff(&y2016, &y2017, None)?;
/// assert_eq!((diff.count(Change::Up), diff.count(Change::Cleared), diff.count(Change::Answered)), (1, 1, 1));
/// let report = diff.report();
/// assert_eq!(report.indicators["elderly-06"].change, Change::Up);
/// assert_eq!(report.areas["elderly"].answers["not_met"].delta, -1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn diff(old: &Assessment, new: &Assessment, mapping: Option<&Arc<Mapping>>) -> Result<Diff, AnalysisError> {
    let catalogue = new.catalogue();
    match mapping {
        None if !same_catalogue(old.catalogue(), catalogue) => {
            return Err(AnalysisError::CatalogueMismatch {
                what: "comparing assessments of different catalogue versions needs a version mapping".to_owned(),
                expected: catalogue.reference(),
                found: old.catalogue().reference(),
            })
        }
        Some(m) if !same_catalogue(m.from_catalogue(), old.catalogue()) => {
            return Err(AnalysisError::CatalogueMismatch {
                what: "the old assessment must be of the mapping's old catalogue".to_owned(),
                expected: m.from_catalogue().reference(),
                found: old.catalogue().reference(),
            })
        }
        Some(m) if !same_catalogue(m.to_catalogue(), catalogue) => {
            return Err(AnalysisError::CatalogueMismatch {
                what: "the new assessment must be of the mapping's new catalogue".to_owned(),
                expected: m.to_catalogue().reference(),
                found: catalogue.reference(),
            })
        }
        _ => {}
    }
    let scale = catalogue.scale();
    let change_of = |relation: Option<Relation>, o: Option<usize>, n: Option<usize>| match (relation, o, n) {
        (Some(Relation::New), _, _) => Change::New,
        (_, None, None) => Change::Unanswered,
        (_, None, Some(_)) => Change::Answered,
        (_, Some(_), None) => Change::Cleared,
        (_, Some(o), Some(n)) => match scale[n].points.cmp(&scale[o].points) {
            std::cmp::Ordering::Greater => Change::Up,
            std::cmp::Ordering::Less => Change::Down,
            std::cmp::Ordering::Equal => Change::Same,
        },
    };
    let (entries, old_counts, new_counts) = match mapping {
        // One catalogue: one pass over both assessments does everything.
        None => {
            let (nl, ns) = (catalogue.levels().len(), scale.len());
            let size = (nl + catalogue.areas().len()) * ns;
            let (mut old_counts, mut new_counts) = (vec![0u32; size], vec![0u32; size]);
            let entries = old
                .choices()
                .zip(new.choices())
                .zip(&catalogue.placement)
                .map(|((o, n), &(level, area))| {
                    for (counts, choice) in [(&mut old_counts, o), (&mut new_counts, n)] {
                        if let Some(c) = choice {
                            counts[level * ns + c] += 1;
                            if let Some(area) = area {
                                counts[(nl + area) * ns + c] += 1;
                            }
                        }
                    }
                    Entry {
                        old: o,
                        new: n,
                        change: change_of(None, o, n),
                    }
                })
                .collect();
            (entries, old_counts, new_counts)
        }
        Some(m) => {
            let entries = new
                .choices()
                .enumerate()
                .map(|(i, n)| {
                    let o = m.translated(old, i);
                    Entry {
                        old: o,
                        new: n,
                        change: change_of(Some(m.entry(i).0), o, n),
                    }
                })
                .collect();
            (entries, group_counts(old), group_counts(new))
        }
    };
    let removed = mapping.map_or_else(Vec::new, |m| {
        m.removed_positions().iter().map(|&o| (o, old.choice(o))).collect()
    });
    Ok(Diff {
        old: old.score(),
        new: new.score(),
        mapping: mapping.cloned(),
        entries,
        removed,
        old_counts,
        new_counts,
        municipalities: (old.municipality().to_owned(), new.municipality().to_owned()),
        years: (old.year(), new.year()),
    })
}

/// Old and new value.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Pair<T> {
    /// Before.
    pub old: T,
    /// After.
    pub new: T,
}

/// One indicator in a diff report.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct IndicatorDiff {
    /// The old answer (translated across versions); `null` when unanswered.
    pub old: Option<String>,
    /// The new answer; `null` when unanswered.
    pub new: Option<String>,
    /// What changed.
    pub change: Change,
    /// Points after minus points before, when both are answered.
    pub delta: Option<i64>,
    /// Across versions: how the indicator relates to the old version.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relation: Option<Relation>,
    /// Across versions: the old indicators it follows.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub from: Vec<String>,
    /// Whether the new wording is stricter, so that a lower answer need not be a decline.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub stricter: bool,
}

/// How many times one answer was given before and after.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct AnswerChange {
    /// Before.
    pub old: u32,
    /// After.
    pub new: u32,
    /// After minus before.
    pub delta: i64,
}

/// A score before and after.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ScoreChange {
    /// Before; `null` when there is none (incomplete flower, unanswered level, no such area).
    pub old: Option<f64>,
    /// After.
    pub new: Option<f64>,
    /// Before, exact.
    pub old_exact: Option<Fraction>,
    /// After, exact.
    pub new_exact: Option<Fraction>,
    /// After minus before.
    pub delta: Option<f64>,
}

impl ScoreChange {
    fn new(old: Option<Fraction>, new: Option<Fraction>) -> ScoreChange {
        ScoreChange {
            old: old.map(Fraction::to_f64),
            new: new.map(Fraction::to_f64),
            old_exact: old,
            new_exact: new,
            delta: old.zip(new).map(|(o, n)| difference(n, o)),
        }
    }
}

/// A colour before and after.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ColourChange {
    /// Before; `null` while incomplete.
    pub old: Option<String>,
    /// After.
    pub new: Option<String>,
    /// Whether they differ.
    pub changed: bool,
}

/// One level in a diff report.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct LevelDiff {
    /// Each answer's count before and after, over the level's indicators.
    pub answers: OrderedMap<AnswerChange>,
    /// The level mean before and after.
    pub mean: ScoreChange,
}

/// One area (flower) in a diff report.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct AreaDiff {
    /// Each answer's count before and after, over the area's own indicators.
    pub answers: OrderedMap<AnswerChange>,
    /// The flower score before and after.
    pub score: ScoreChange,
    /// The flower colour before and after.
    pub colour: ColourChange,
}

/// The JSON report of a [`Diff`].
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[schemars(title = "eblomlada diff")]
pub struct DiffReport {
    /// The two catalogues.
    pub catalogue: Pair<CatalogueRef>,
    /// The two municipality codes (normally the same).
    pub municipality: Pair<String>,
    /// The two years.
    pub year: Pair<i32>,
    /// Whether a version mapping was followed.
    pub mapped: bool,
    /// How many indicators changed in each way.
    pub changes: OrderedMap<usize>,
    /// How many indicators have stricter wording than before.
    pub stricter: usize,
    /// Total points before and after.
    pub points: Pair<u64>,
    /// Per indicator of the new catalogue.
    pub indicators: OrderedMap<IndicatorDiff>,
    /// Old indicators removed in the new version, with their old answer.
    #[serde(skip_serializing_if = "OrderedMap::is_empty")]
    pub removed: OrderedMap<Option<String>>,
    /// Per level (matched by id).
    pub levels: OrderedMap<LevelDiff>,
    /// Per area (matched by id).
    pub areas: OrderedMap<AreaDiff>,
}

impl DiffReport {
    /// Pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

impl Diff {
    /// The old assessment's score.
    pub fn old_score(&self) -> &Score {
        &self.old
    }

    /// The new assessment's score.
    pub fn new_score(&self) -> &Score {
        &self.new
    }

    /// How many indicators changed in way `change`.
    pub fn count(&self, change: Change) -> usize {
        self.entries.iter().filter(|e| e.change == change).count()
    }

    /// `(indicator id, old answer, new answer, change)` per indicator of the new catalogue.
    pub fn changes(&self) -> impl Iterator<Item = (&str, Option<&str>, Option<&str>, Change)> {
        let catalogue = self.new.catalogue();
        let scale = catalogue.scale();
        catalogue.indicators().iter().zip(&self.entries).map(move |(ind, e)| {
            (
                ind.id.as_str(),
                e.old.map(|c| scale[c].id.as_str()),
                e.new.map(|c| scale[c].id.as_str()),
                e.change,
            )
        })
    }

    /// The report (the JSON structure of the CLI's `diff`).
    pub fn report(&self) -> DiffReport {
        let (oc, nc) = (self.old.catalogue(), self.new.catalogue());
        let scale = nc.scale();
        let indicators = nc
            .indicators()
            .iter()
            .enumerate()
            .zip(&self.entries)
            .map(|((i, ind), e)| {
                let (relation, from) = match &self.mapping {
                    Some(m) => (Some(m.entry(i).0), m.old_ids(i).map(str::to_owned).collect()),
                    None => (None, Vec::new()),
                };
                let delta = e
                    .old
                    .zip(e.new)
                    .map(|(o, n)| i64::from(scale[n].points) - i64::from(scale[o].points));
                let result = IndicatorDiff {
                    old: e.old.map(|c| scale[c].id.clone()),
                    new: e.new.map(|c| scale[c].id.clone()),
                    change: e.change,
                    delta,
                    stricter: relation == Some(Relation::Stricter),
                    relation,
                    from,
                };
                (ind.id.clone(), result)
            })
            .collect();
        let removed = self
            .removed
            .iter()
            .map(|&(o, c)| (oc.indicators()[o].id.clone(), c.map(|c| oc.scale()[c].id.clone())))
            .collect();
        let answer_ids = union(
            nc.scale().iter().map(|s| s.id.as_str()),
            oc.scale().iter().map(|s| s.id.as_str()),
        );
        let answers = |group_old: Option<usize>, group_new: Option<usize>| {
            let count = |c: &Catalogue, counts: &[u32], group: Option<usize>, id: &str| -> u32 {
                let ns = c.scale().len();
                match (group, c.answer_index(id)) {
                    (Some(g), Some(k)) => counts[g * ns + k],
                    _ => 0,
                }
            };
            OrderedMap(
                answer_ids
                    .iter()
                    .map(|id| {
                        let old = count(oc, &self.old_counts, group_old, id);
                        let new = count(nc, &self.new_counts, group_new, id);
                        let change = AnswerChange {
                            old,
                            new,
                            delta: i64::from(new) - i64::from(old),
                        };
                        ((*id).to_owned(), change)
                    })
                    .collect(),
            )
        };
        let level_ids = union(
            nc.levels().iter().map(|l| l.id.as_str()),
            oc.levels().iter().map(|l| l.id.as_str()),
        );
        let levels = level_ids
            .iter()
            .map(|id| {
                let lo = oc.levels().iter().position(|l| l.id == *id);
                let ln = nc.levels().iter().position(|l| l.id == *id);
                let result = LevelDiff {
                    answers: answers(lo, ln),
                    mean: ScoreChange::new(self.old.level_mean(id), self.new.level_mean(id)),
                };
                ((*id).to_owned(), result)
            })
            .collect();
        let area_ids = union(
            nc.areas().iter().map(|a| a.id.as_str()),
            oc.areas().iter().map(|a| a.id.as_str()),
        );
        let areas = area_ids
            .iter()
            .map(|id| {
                let ao = oc.areas().iter().position(|a| a.id == *id);
                let an = nc.areas().iter().position(|a| a.id == *id);
                let (so, sn) = (self.old.area(id), self.new.area(id));
                let (co, cn) = (
                    so.and_then(|s| s.colour).map(str::to_owned),
                    sn.and_then(|s| s.colour).map(str::to_owned),
                );
                let result = AreaDiff {
                    answers: answers(ao.map(|a| oc.levels().len() + a), an.map(|a| nc.levels().len() + a)),
                    score: ScoreChange::new(so.and_then(|s| s.score), sn.and_then(|s| s.score)),
                    colour: ColourChange {
                        changed: co != cn,
                        old: co,
                        new: cn,
                    },
                };
                ((*id).to_owned(), result)
            })
            .collect();
        DiffReport {
            catalogue: Pair {
                old: oc.reference(),
                new: nc.reference(),
            },
            municipality: Pair {
                old: self.municipalities.0.clone(),
                new: self.municipalities.1.clone(),
            },
            year: Pair {
                old: self.years.0,
                new: self.years.1,
            },
            mapped: self.mapping.is_some(),
            changes: OrderedMap(
                Change::ALL
                    .iter()
                    .map(|c| (c.as_str().to_owned(), self.count(*c)))
                    .collect(),
            ),
            stricter: self.mapping.as_ref().map_or(0, |m| {
                (0..self.entries.len())
                    .filter(|&i| m.entry(i).0 == Relation::Stricter)
                    .count()
            }),
            points: Pair {
                old: self.old.points(),
                new: self.new.points(),
            },
            indicators: OrderedMap(indicators),
            removed: OrderedMap(removed),
            levels: OrderedMap(levels),
            areas: OrderedMap(areas),
        }
    }

    /// The report as pretty JSON.
    pub fn to_json(&self) -> String {
        self.report().to_json()
    }
}

/// `first` then the items of `second` not in it.
fn union<'a>(first: impl Iterator<Item = &'a str>, second: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut out: Vec<&str> = first.collect();
    for s in second {
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}
