//! The yearly report (concept "report"): what municipalities wrote by hand every year from
//! eBlomlådan (seed 004, Kumla's 2017 report for its board), computed from the data.
//!
//! [`build`] turns an assessment, optionally last year's, and a [`Reference`] (the published
//! national figures of the catalogue and year, or a compilation of other assessments) into a
//! [`Report`]: title, method from the catalogue, the catalogue's guidance, this year's and last
//! year's flowerbox, the comparison with the reference, one [`Section`] per service area and per
//! general level (the change from last year, the best and worst indicator against the
//! reference, the planner's suggested actions), the summary and the appendix of every answer.
//! [`Report::to_html`] writes one self-contained HTML file for print (inline CSS and SVG, no
//! script, no external request), [`Report::summary_text`] the short summary for a terminal and,
//! with the `docx` feature, [`Report::to_docx`] a Word document with the same content.
//!
//! Phrases come from one table in Swedish and English; catalogue texts from the catalogue. The
//! module is pure: pictures are SVG strings; a front end that needs raster pictures for DOCX
//! passes them in.
//!
//! ```
//! use std::sync::Arc;
//! use eblomlada::{report, Assessment, Catalogue, Published};
//!
//! let catalogue = Arc::new(Catalogue::builtin("eblomladan-2016")?);
//! let mut a = Assessment::new(&catalogue, "1881", 2017)?;
//! for i in catalogue.indicators() {
//!     a.answer(&i.id, "partly")?;
//! }
//! let published = Published::builtin(&catalogue, 2017)?;
//! let r = report::build(&a, None, report::Reference::Published(&published), &report::Options::default())?;
//! assert_eq!(r.sections.len(), 8); // six areas, leadership, technical prerequisites
//! let html = r.to_html();
//! assert!(html.starts_with("<!DOCTYPE html>") && !html.contains("<script"));
//! assert!(r.summary_text().contains("Kumla"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod html;
mod phrases;
mod text;

#[cfg(feature = "docx")]
mod docx;

#[cfg(feature = "docx")]
pub use docx::DocxError;

use serde::Serialize;

use crate::analysis::{self, AnalysisError, Change, Compilation, PlanOptions};
use crate::assessment::Assessment;
use crate::catalogue::Catalogue;
use crate::published::Published;
use crate::render;

pub(crate) use phrases::{fill, phrase};

/// What the assessment is compared with.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum Reference<'a> {
    /// The published national figures of the catalogue and year.
    Published(&'a Published),
    /// A compilation of submitted assessments.
    Compilation(&'a Compilation),
    /// No reference: the report leaves the comparison out.
    None,
}

/// How to write the report.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// `sv` (default) or `en`: the report's phrases and the catalogue texts.
    pub lang: String,
    /// The pictures' colours.
    pub palette: render::Palette,
    /// How many suggested changes a general level lists at most.
    pub level_actions: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            lang: "sv".to_owned(),
            palette: render::Palette::Standard,
            level_actions: 3,
        }
    }
}

/// One answer of the scale as the report shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScaleRow {
    /// Answer id, e.g. `fully`.
    pub id: String,
    /// Its label in the report's language.
    pub label: String,
    /// Its points.
    pub points: u32,
    /// Its colour.
    pub colour: String,
}

/// A level of the catalogue as the method describes it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LevelRow {
    /// Level id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its weight in whole percent of the flower score (rounded).
    pub weight_percent: u32,
    /// The weight as an exact fraction, e.g. `1/2`.
    pub weight: String,
    /// How many indicators it has.
    pub indicators: usize,
}

/// The method section, from the catalogue.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Method {
    /// Catalogue key, e.g. `eblomladan-2016`.
    pub catalogue: String,
    /// Catalogue name.
    pub catalogue_name: String,
    /// Number of indicators.
    pub indicators: usize,
    /// The answer scale, best first.
    pub scale: Vec<ScaleRow>,
    /// The levels with their weights.
    pub levels: Vec<LevelRow>,
    /// The colour bands, best first: `(colour id, colour name, lowest score)`.
    pub bands: Vec<(String, String, f64)>,
    /// Lowest and highest total points.
    pub min_points: u64,
    /// Highest total points.
    pub max_points: u64,
}

/// Which reference the report compares with.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReferenceInfo {
    /// `published` or `compilation`.
    pub kind: &'static str,
    /// How many assessments (municipalities that published, or assessments compiled).
    pub assessments: usize,
    /// How many different municipalities.
    pub municipalities: usize,
    /// The source (the published document's `source`; for a compilation, its years).
    pub source: String,
    /// The year of published figures.
    pub year: Option<i32>,
    /// How many of the compiled assessments are synthetic.
    pub synthetic: usize,
    /// The sentence the report says about it.
    pub sentence: String,
    /// What the reference is called ("riket", "sammanställningen").
    pub label: String,
}

/// An indicator named in the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Named {
    /// Indicator id.
    pub id: String,
    /// Its statement.
    pub statement: String,
    /// Its answer before (label), if any.
    pub from: Option<String>,
    /// Its answer now or to reach (label), if any.
    pub to: Option<String>,
}

/// Counts of one answer before and after.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CountChange {
    /// Answer id.
    pub answer: String,
    /// Its label.
    pub label: String,
    /// Its colour.
    pub colour: String,
    /// Count last year.
    pub before: usize,
    /// Count this year.
    pub after: usize,
}

/// The change of a section from the previous year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SectionChange {
    /// The previous year.
    pub year: i32,
    /// Per answer, the counts before and after.
    pub counts: Vec<CountChange>,
    /// Indicators with more points than before.
    pub up: Vec<Named>,
    /// Indicators with fewer points than before.
    pub down: Vec<Named>,
    /// Indicators answered now and not before, or the reverse.
    pub other: Vec<Named>,
    /// The area's score last year (areas only).
    pub score_before: Option<f64>,
}

/// An indicator against the reference.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ranked {
    /// Indicator id.
    pub id: String,
    /// Its statement.
    pub statement: String,
    /// The answer the share counts (label).
    pub answer: String,
    /// The reference's share of that answer, in whole percent.
    pub percent: u32,
    /// The municipality's own answer (label), or "unanswered".
    pub own: String,
    /// The municipality's own answer id.
    pub own_id: Option<String>,
}

/// The planner's suggestion for a section.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Actions {
    /// The fewest changes that lift the area to the next colour.
    NextColour {
        /// Colour now (name).
        from: String,
        /// Colour to reach (name).
        to: String,
        /// The changes.
        changes: Vec<Named>,
    },
    /// The area already has the best colour.
    Best {
        /// The colour (name).
        colour: String,
    },
    /// The area is not fully answered.
    Incomplete,
    /// A general level: its changes that lift the flowers most.
    Level {
        /// The changes, best first, each with the flowers whose colour it lifts.
        changes: Vec<(Named, Vec<String>)>,
    },
}

/// `area` or `level`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    /// A service area (a flower): its own indicators.
    Area,
    /// A level's general indicators (leadership, technical prerequisites).
    Level,
}

/// One area or general level of the analysis.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    /// Area or level id.
    pub id: String,
    /// Which it is.
    pub kind: SectionKind,
    /// Its name.
    pub name: String,
    /// The indicators of the section, in catalogue order.
    pub indicators: Vec<String>,
    /// The flower score (areas), final or provisional.
    pub score: Option<f64>,
    /// Whether the score is final.
    pub complete: bool,
    /// Band colour id (areas, complete).
    pub colour: Option<String>,
    /// Answered and all indicators that count (areas: for the flower; levels: the section).
    pub answered: usize,
    /// All indicators that count.
    pub total: usize,
    /// Counts per answer of the section's indicators.
    pub counts: Vec<(String, String, usize)>,
    /// The change from last year.
    pub change: Option<SectionChange>,
    /// The indicator most of the reference fully meets.
    pub best: Option<Ranked>,
    /// The indicator most of the reference does not meet at all.
    pub worst: Option<Ranked>,
    /// The planner's suggestion.
    pub actions: Actions,
}

/// The summary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Totals {
    /// Number of indicators.
    pub indicators: usize,
    /// Answered.
    pub answered: usize,
    /// Per answer: id, label, colour, count, whole percent of the answered.
    pub counts: Vec<(String, String, String, usize, u32)>,
    /// Points.
    pub points: u64,
    /// Highest points.
    pub max_points: u64,
}

/// One row of the appendix.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AppendixRow {
    /// Indicator id.
    pub id: String,
    /// Its section's name.
    pub section: String,
    /// Its statement.
    pub statement: String,
    /// Answer id.
    pub answer: Option<String>,
    /// Answer label (or "unanswered").
    pub label: String,
    /// The comment, if any.
    pub comment: Option<String>,
}

/// The report model: everything the report says, computed; [`Report::to_html`],
/// [`Report::summary_text`] and `to_docx` only write it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// `sv` or `en`.
    pub lang: String,
    /// Municipality code.
    pub municipality: String,
    /// Municipality name (the file's, the bundled table's, or the code).
    pub name: String,
    /// Year assessed.
    pub year: i32,
    /// Whether the assessment is synthetic.
    pub synthetic: bool,
    /// The title, e.g. "Kumla: eBlomlådan 2017".
    pub title: String,
    /// The method.
    pub method: Method,
    /// The catalogue's guidance texts `(title, text)`.
    pub guidance: Vec<(String, String)>,
    /// This year's flowerbox (SVG).
    #[serde(skip)]
    pub flowerbox: String,
    /// Last year's year and flowerbox (SVG).
    #[serde(skip)]
    pub previous: Option<(i32, String)>,
    /// The reference.
    pub reference: Option<ReferenceInfo>,
    /// The comparison chart (SVG): area scores against reference means, or the published
    /// shares with the municipality's answers.
    #[serde(skip)]
    pub comparison: Option<String>,
    /// Areas (in catalogue order), then general levels other than the leaf level.
    pub sections: Vec<Section>,
    /// The summary.
    pub totals: Totals,
    /// Every answer.
    pub appendix: Vec<AppendixRow>,
}

/// Builds the report of `assessment`, with last year's `previous` (same catalogue) and a
/// reference.
///
/// # Errors
/// [`AnalysisError`] when `previous` or the reference is of another catalogue, or when the
/// planner refuses the catalogue as too large.
pub fn build(
    assessment: &Assessment,
    previous: Option<&Assessment>,
    reference: Reference<'_>,
    options: &Options,
) -> Result<Report, AnalysisError> {
    let lang = if options.lang == "en" { "en" } else { "sv" };
    let catalogue = assessment.catalogue();
    let score = assessment.score().result();
    let diff = previous.map(|p| analysis::diff(p, assessment, None)).transpose()?;
    let previous_score = previous.map(|p| p.score().result());
    let plan = analysis::plan(assessment, &PlanOptions::new())?;

    let name = assessment
        .municipality_name()
        .map_or_else(|| assessment.municipality().to_owned(), str::to_owned);
    let render_options = render::Options {
        lang: lang.to_owned(),
        palette: options.palette,
        ..render::Options::default()
    };

    let reference_info = reference_info(reference, catalogue, lang)?;
    let comparison = match reference {
        Reference::Compilation(c) => {
            let means: Vec<(String, f64)> = c
                .summary
                .areas
                .0
                .iter()
                .filter_map(|(id, s)| s.mean.map(|m| (id.clone(), m)))
                .collect();
            let label = reference_info.as_ref().map_or("", |r| r.label.as_str());
            Some(render::comparison_chart(assessment, label, &means, &render_options))
        }
        Reference::Published(p) => Some(published_chart(assessment, p, lang)),
        Reference::None => None,
    };

    let label_of = |id: &str| -> String {
        catalogue
            .scale()
            .iter()
            .find(|s| s.id == id)
            .map_or_else(|| id.to_owned(), |s| s.label.get(lang).to_owned())
    };
    let statement = |id: &str| catalogue.indicator(id).map_or("", |i| i.text.get(lang)).to_owned();
    let named = |id: &str, from: Option<&str>, to: Option<&str>| Named {
        id: id.to_owned(),
        statement: statement(id),
        from: from.map(label_of),
        to: to.map(label_of),
    };

    // Sections: each area's own indicators, then the general indicators of each level that has any.
    let mut sections: Vec<(String, SectionKind, String, Vec<String>)> = catalogue
        .areas()
        .iter()
        .map(|a| {
            let ids = catalogue
                .indicators()
                .iter()
                .filter(|i| i.area.as_deref() == Some(a.id.as_str()))
                .map(|i| i.id.clone())
                .collect();
            (a.id.clone(), SectionKind::Area, a.name.get(lang).to_owned(), ids)
        })
        .collect();
    for level in catalogue.levels() {
        let ids: Vec<String> = catalogue
            .indicators()
            .iter()
            .filter(|i| i.area.is_none() && i.level == level.id)
            .map(|i| i.id.clone())
            .collect();
        if !ids.is_empty() {
            sections.push((
                level.id.clone(),
                SectionKind::Level,
                level.name.get(lang).to_owned(),
                ids,
            ));
        }
    }

    let scale = catalogue.scale();
    let count_in =
        |a: &Assessment, ids: &[String], answer: &str| ids.iter().filter(|i| a.answer_of(i) == Some(answer)).count();
    let bands = catalogue.bands();
    let colour_name = |c: &str| colour_name(lang, c);

    let mut built = Vec::with_capacity(sections.len());
    for (id, kind, section_name, ids) in sections {
        let area = score.areas.get(&id);
        let (score_value, complete, colour, answered, total) = match (kind, area) {
            (SectionKind::Area, Some(r)) => (
                r.score.or(r.provisional_score),
                r.complete,
                r.colour.clone(),
                r.tally.answered,
                r.tally.total,
            ),
            _ => (
                None,
                ids.iter().all(|i| assessment.answer_of(i).is_some()),
                None,
                ids.iter().filter(|i| assessment.answer_of(i).is_some()).count(),
                ids.len(),
            ),
        };
        let counts = scale
            .iter()
            .map(|s| {
                (
                    s.id.clone(),
                    s.label.get(lang).to_owned(),
                    count_in(assessment, &ids, &s.id),
                )
            })
            .collect();
        let change = match (previous, &diff) {
            (Some(prev), Some(diff)) => {
                let mut up = Vec::new();
                let mut down = Vec::new();
                let mut other = Vec::new();
                for (ind, old, new, change) in diff.changes() {
                    if !ids.iter().any(|i| i == ind) {
                        continue;
                    }
                    match change {
                        Change::Up => up.push(named(ind, old, new)),
                        Change::Down => down.push(named(ind, old, new)),
                        Change::Answered | Change::Cleared => other.push(named(ind, old, new)),
                        _ => {}
                    }
                }
                Some(SectionChange {
                    year: prev.year(),
                    counts: scale
                        .iter()
                        .map(|s| CountChange {
                            answer: s.id.clone(),
                            label: s.label.get(lang).to_owned(),
                            colour: s.colour.clone(),
                            before: count_in(prev, &ids, &s.id),
                            after: count_in(assessment, &ids, &s.id),
                        })
                        .collect(),
                    up,
                    down,
                    other,
                    score_before: previous_score
                        .as_ref()
                        .and_then(|p| p.areas.get(&id))
                        .and_then(|r| r.score.or(r.provisional_score))
                        .filter(|_| kind == SectionKind::Area),
                })
            }
            _ => None,
        };
        let (best, worst) = best_worst(assessment, reference, &ids, lang);
        let actions = match kind {
            SectionKind::Area => match (area, colour.as_deref()) {
                (Some(r), Some(c)) if r.complete => match bands.iter().position(|b| b.colour == c) {
                    Some(0) | None => Actions::Best { colour: colour_name(c) },
                    Some(i) => {
                        let target = &bands[i - 1].colour;
                        let area_plan = analysis::plan(assessment, &PlanOptions::new().area(&id).target(target))?;
                        let changes = area_plan
                            .areas
                            .get(&id)
                            .and_then(|p| p.minimal.as_ref())
                            .map(|m| {
                                m.changes
                                    .iter()
                                    .map(|mv| named(&mv.id, Some(&mv.from), Some(&mv.to)))
                                    .collect()
                            })
                            .unwrap_or_default();
                        Actions::NextColour {
                            from: colour_name(c),
                            to: colour_name(target),
                            changes,
                        }
                    }
                },
                _ => Actions::Incomplete,
            },
            SectionKind::Level => Actions::Level {
                changes: plan
                    .steps
                    .iter()
                    .filter(|s| s.level == id && s.area.is_none())
                    .take(options.level_actions)
                    .map(|s| {
                        let lifted = s
                            .colour_changes
                            .iter()
                            .map(|a| {
                                catalogue
                                    .areas()
                                    .iter()
                                    .find(|x| x.id == *a)
                                    .map_or_else(|| a.clone(), |x| x.name.get(lang).to_owned())
                            })
                            .collect();
                        (named(&s.id, Some(&s.from), Some(&s.to)), lifted)
                    })
                    .collect(),
            },
        };
        built.push(Section {
            id,
            kind,
            name: section_name,
            indicators: ids,
            score: score_value,
            complete,
            colour,
            answered,
            total,
            counts,
            change,
            best,
            worst,
            actions,
        });
    }

    let total_percent = score.tally.percent.as_ref();
    let totals = Totals {
        indicators: score.tally.total,
        answered: score.tally.answered,
        counts: scale
            .iter()
            .map(|s| {
                (
                    s.id.clone(),
                    s.label.get(lang).to_owned(),
                    s.colour.clone(),
                    score.tally.counts.get(&s.id).copied().unwrap_or(0),
                    total_percent.and_then(|p| p.get(&s.id)).copied().unwrap_or(0),
                )
            })
            .collect(),
        points: score.points,
        max_points: score.max_points,
    };

    let section_of = |ind: &crate::Indicator| -> String {
        match &ind.area {
            Some(a) => catalogue
                .areas()
                .iter()
                .find(|x| x.id == *a)
                .map_or_else(|| a.clone(), |x| x.name.get(lang).to_owned()),
            None => catalogue
                .levels()
                .iter()
                .find(|l| l.id == ind.level)
                .map_or_else(|| ind.level.clone(), |l| l.name.get(lang).to_owned()),
        }
    };
    let appendix = catalogue
        .indicators()
        .iter()
        .map(|ind| {
            let answer = assessment.answer_of(&ind.id);
            AppendixRow {
                id: ind.id.clone(),
                section: section_of(ind),
                statement: ind.text.get(lang).to_owned(),
                answer: answer.map(str::to_owned),
                label: answer.map_or_else(|| phrase(lang, "unanswered").to_owned(), label_of),
                comment: assessment.comment_of(&ind.id).map(str::to_owned),
            }
        })
        .collect();

    Ok(Report {
        lang: lang.to_owned(),
        municipality: assessment.municipality().to_owned(),
        title: fill(
            phrase(lang, "title"),
            &[("name", &name), ("year", &assessment.year().to_string())],
        ),
        name,
        year: assessment.year(),
        synthetic: assessment.is_synthetic(),
        method: method(catalogue, lang, &score),
        guidance: catalogue
            .guidance()
            .iter()
            .map(|g| (g.title.get(lang).to_owned(), g.text.get(lang).to_owned()))
            .collect(),
        flowerbox: render::flowerbox(assessment, &render_options),
        previous: previous.map(|p| (p.year(), render::flowerbox(p, &render_options))),
        reference: reference_info,
        comparison,
        sections: built,
        totals,
        appendix,
    })
}

fn method(catalogue: &Catalogue, lang: &str, score: &crate::ScoreResult) -> Method {
    Method {
        catalogue: catalogue.key().to_owned(),
        catalogue_name: catalogue.name().get(lang).to_owned(),
        indicators: catalogue.indicators().len(),
        scale: catalogue
            .scale()
            .iter()
            .map(|s| ScaleRow {
                id: s.id.clone(),
                label: s.label.get(lang).to_owned(),
                points: s.points,
                colour: s.colour.clone(),
            })
            .collect(),
        levels: catalogue
            .levels()
            .iter()
            .enumerate()
            .map(|(i, l)| LevelRow {
                id: l.id.clone(),
                name: l.name.get(lang).to_owned(),
                weight_percent: (l.weight.to_f64() * 100.0).round() as u32,
                weight: l.weight.to_string(),
                indicators: catalogue.level_totals.get(i).copied().unwrap_or(0),
            })
            .collect(),
        bands: catalogue
            .bands()
            .iter()
            .map(|b| (b.colour.clone(), colour_name(lang, &b.colour), b.min.to_f64()))
            .collect(),
        min_points: score.min_points,
        max_points: score.max_points,
    }
}

/// A band colour's name in the report's language (the pictures' words); a custom catalogue's
/// `#rrggbb` keeps its own name.
pub(crate) fn colour_name(lang: &str, colour: &str) -> String {
    render::colour_word(colour, lang_of(lang))
}

pub(crate) fn lang_of(lang: &str) -> render::Lang {
    if lang == "en" {
        render::Lang::En
    } else {
        render::Lang::Sv
    }
}

/// A score with two decimals in the report's language: `2,13` / `2.13`.
pub(crate) fn fmt_score(lang: &str, score: f64) -> String {
    render::fmt_f64(score, lang_of(lang))
}

fn reference_info(
    reference: Reference<'_>,
    catalogue: &Catalogue,
    lang: &str,
) -> Result<Option<ReferenceInfo>, AnalysisError> {
    Ok(match reference {
        Reference::Published(p) => {
            if *p.catalogue() != catalogue.reference() {
                return Err(AnalysisError::MixedCatalogues {
                    expected: catalogue.reference(),
                    first: None,
                    found: p.catalogue().clone(),
                    index: 0,
                });
            }
            let n = p.assessments().to_string();
            let year = p.year().to_string();
            Some(ReferenceInfo {
                kind: "published",
                assessments: p.assessments() as usize,
                municipalities: p.assessments() as usize,
                source: p.source().to_owned(),
                year: Some(p.year()),
                synthetic: 0,
                sentence: fill(
                    phrase(lang, "reference-published"),
                    &[("year", &year), ("n", &n), ("source", p.source())],
                ),
                label: phrase(lang, "reference-label-published").to_owned(),
            })
        }
        Reference::Compilation(c) => {
            if c.catalogue != catalogue.reference() {
                return Err(AnalysisError::MixedCatalogues {
                    expected: catalogue.reference(),
                    first: None,
                    found: c.catalogue.clone(),
                    index: 0,
                });
            }
            let years: Vec<String> = c.summary.years.iter().map(i32::to_string).collect();
            let years = years.join(", ");
            let n = c.summary.assessments.to_string();
            let m = c.summary.municipalities.to_string();
            let mut sentence = fill(
                phrase(lang, "reference-compiled"),
                &[("n", &n), ("m", &m), ("years", &years)],
            );
            if c.synthetic > 0 {
                sentence.push(' ');
                sentence.push_str(&fill(
                    phrase(lang, "reference-synthetic"),
                    &[("s", &c.synthetic.to_string())],
                ));
            }
            Some(ReferenceInfo {
                kind: "compilation",
                assessments: c.summary.assessments,
                municipalities: c.summary.municipalities,
                source: years,
                year: None,
                synthetic: c.synthetic,
                sentence,
                label: phrase(lang, "reference-label-compiled").to_owned(),
            })
        }
        Reference::None => None,
    })
}

/// The indicator of `ids` with the highest reference share of the best answer, and the one
/// with the highest share of the lowest answer (ties: catalogue order).
fn best_worst(
    assessment: &Assessment,
    reference: Reference<'_>,
    ids: &[String],
    lang: &str,
) -> (Option<Ranked>, Option<Ranked>) {
    let catalogue = assessment.catalogue();
    let scale = catalogue.scale();
    let (Some(top), Some(bottom)) = (scale.first(), scale.last()) else {
        return (None, None);
    };
    let share = |id: &str, answer: &str| -> Option<u32> {
        match reference {
            Reference::Published(p) => p.figure(id, answer).map(|f| f.percent.round().clamp(0.0, 100.0) as u32),
            Reference::Compilation(c) => c
                .summary
                .indicators
                .get(id)
                .and_then(|s| s.percent.as_ref())
                .and_then(|p| p.get(answer))
                .copied(),
            Reference::None => None,
        }
    };
    let pick = |answer: &crate::ScaleEntry| -> Option<Ranked> {
        let mut found: Option<(&String, u32)> = None;
        for id in ids {
            if let Some(p) = share(id, &answer.id) {
                if found.is_none_or(|(_, q)| p > q) {
                    found = Some((id, p));
                }
            }
        }
        found.map(|(id, percent)| {
            let own = assessment.answer_of(id);
            Ranked {
                id: id.clone(),
                statement: catalogue.indicator(id).map_or("", |i| i.text.get(lang)).to_owned(),
                answer: answer.label.get(lang).to_owned(),
                percent,
                own: own.map_or_else(
                    || phrase(lang, "unanswered").to_owned(),
                    |o| {
                        scale
                            .iter()
                            .find(|s| s.id == o)
                            .map_or(o, |s| s.label.get(lang))
                            .to_owned()
                    },
                ),
                own_id: own.map(str::to_owned),
            }
        })
    };
    (pick(top), pick(bottom))
}

/// The published shares as horizontal bars, one per figure, with the municipality's answer.
fn published_chart(assessment: &Assessment, published: &Published, lang: &str) -> String {
    use render::svg::Svg;
    let catalogue = assessment.catalogue();
    let figures = published.figures();
    let row = 34.0;
    let height = 56.0 + row * figures.len() as f64;
    let mut w = Svg::with_capacity(4096 + figures.len() * 600);
    let title = phrase(lang, "published-figures");
    w.raw("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 960 ")
        .num(height)
        .raw("\" width=\"960\" height=\"")
        .num(height)
        .raw("\" font-family=\"sans-serif\" font-size=\"13\"><title>")
        .text(title)
        .raw("</title><desc>")
        .text(&fill(
            phrase(lang, "reference-published"),
            &[
                ("year", &published.year().to_string()),
                ("n", &published.assessments().to_string()),
                ("source", published.source()),
            ],
        ))
        .raw("</desc><rect width=\"960\" height=\"")
        .num(height)
        .raw("\" fill=\"#ffffff\"/><text x=\"12\" y=\"24\" font-size=\"16\" font-weight=\"bold\" fill=\"#1a1a1a\">")
        .text(title)
        .raw("</text>");
    for (i, f) in figures.iter().enumerate() {
        let y = 44.0 + row * i as f64;
        let colour = catalogue.scale().iter().find(|s| s.id == f.answer).map_or_else(
            || "#777777".to_owned(),
            |s| render::base_hex(&s.colour, render::Palette::Standard),
        );
        let label = catalogue
            .scale()
            .iter()
            .find(|s| s.id == f.answer)
            .map_or(f.answer.as_str(), |s| s.label.get(lang));
        let own = assessment.answer_of(&f.indicator);
        let own_label = own.map_or(phrase(lang, "unanswered"), |o| {
            catalogue
                .scale()
                .iter()
                .find(|s| s.id == o)
                .map_or(o, |s| s.label.get(lang))
        });
        let bar = 3.6 * f.percent.clamp(0.0, 100.0);
        w.raw("<g data-indicator=\"")
            .text(&f.indicator)
            .raw("\"><title>")
            .text(catalogue.indicator(&f.indicator).map_or("", |x| x.text.get(lang)))
            .raw("</title><text x=\"12\" y=\"")
            .num(y + 16.0)
            .raw("\" fill=\"#1a1a1a\">")
            .text(&f.indicator)
            .raw("</text><rect x=\"120\" y=\"")
            .num(y + 4.0)
            .raw("\" width=\"360\" height=\"18\" fill=\"#eeeeee\"/><rect x=\"120\" y=\"")
            .num(y + 4.0)
            .raw("\"")
            .attr_num("width", bar)
            .raw(" height=\"18\" stroke=\"#333333\" stroke-width=\"0.5\"")
            .attr("fill", &colour)
            .raw("/><text x=\"490\" y=\"")
            .num(y + 17.0)
            .raw("\" fill=\"#1a1a1a\">")
            .num(f.percent)
            .raw(" % ")
            .text(label)
            .raw(" · ")
            .text(phrase(lang, "own-answer"))
            .raw(": ")
            .text(own_label)
            .raw("</text></g>");
    }
    w.raw("</svg>");
    w.out
}
