//! Compilations of many assessments of one catalogue version: what SKL's national reports and
//! the tool's "national compilation" were made of.
//!
//! Figures and their definitions:
//! - **Per indicator**: how many assessments gave each answer (`counts`), how many left it
//!   unanswered, each answer's share of the *answered* ones (`shares`, `percent`, rounded half
//!   up like the score report) and the mean points of the answered ones.
//! - **Per level**: `mean` is the **mean of the per-assessment level means** (each assessment
//!   that answered anything at the level counts once, however many indicators it answered);
//!   `pooled_mean` pools every answer at the level instead. Both are given because they differ
//!   for incomplete assessments; for complete ones they are equal.
//! - **Per area (flower)**: over the assessments whose flower is complete (a flower has a
//!   score and a colour only then, DOMAIN.md §8): the mean flower score (exact), the mean of
//!   each level's area mean, the number of flowers of each band colour and their shares; flowers
//!   still incomplete are counted as `incomplete`. The best and worst indicator of the area
//!   are ranked among the indicators scoped to it (its leaves), or among all that count for it
//!   when it has none of its own.
//! - **Best and top N** rank by the share answering the best answer ("uppfyller helt"),
//!   highest first; **worst and bottom N** by the share answering the lowest answer ("uppfyller
//!   inte alls"), highest first, as the Kumla report does ("85 % uppger att de helt saknar …").
//!   Ties go by mean points (higher first for best and top, lower first for worst and bottom),
//!   then by id; indicators nobody answered are left out. `share` and `percent` are always of
//!   the best answer; `ranked_by`, `ranked_share` and `ranked_percent` say what the list counts.
//! - **Groups** (county, year or a caller's map) carry the same figures per group; the figures
//!   at the top level are over all assessments.
//!
//! Assessments of different catalogues are never pooled silently: [`Compiler::add`] fails with
//! [`AnalysisError::MixedCatalogues`] naming both catalogues and the assessments' indices,
//! unless a [`Mapping`] joins the old version to the compilation's one, in which case old
//! assessments are translated (see [`crate::analysis::mapping`]) and `sources` says how many came
//! from each version.
//!
//! Empty input: [`compile`] of no assessments is [`AnalysisError::Empty`] (there is no
//! catalogue to compile against); a [`Compiler`] that was given a catalogue and no assessments
//! finishes with an empty compilation (zero counts, `null` means and shares, empty top and
//! bottom lists).

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use serde::Serialize;

use crate::analysis::grouping::{GroupMap, Grouping};
use crate::analysis::mapping::Mapping;
use crate::analysis::municipalities;
use crate::analysis::{lcm, percent, ratio_f64, same_catalogue, AnalysisError};
use crate::assessment::{Assessment, Compact};
use crate::catalogue::{Catalogue, CatalogueRef};
use crate::fraction::{BigFraction, Fraction};
use crate::json::OrderedMap;

/// Options of a compilation.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct CompileOptions {
    /// How to group assessments (default: no groups).
    pub grouping: Grouping,
    /// How many indicators the top and bottom lists hold (default 10).
    pub top: usize,
    /// A mapping from an older catalogue version to the compilation's one; assessments of the
    /// older version are translated instead of refused.
    pub mapping: Option<Arc<Mapping>>,
}

impl Default for CompileOptions {
    fn default() -> Self {
        CompileOptions {
            grouping: Grouping::None,
            top: 10,
            mapping: None,
        }
    }
}

impl CompileOptions {
    /// No grouping, top 10, no mapping.
    pub fn new() -> CompileOptions {
        CompileOptions::default()
    }

    /// Groups the assessments.
    pub fn by(mut self, grouping: Grouping) -> CompileOptions {
        self.grouping = grouping;
        self
    }

    /// Sets the length of the top and bottom lists.
    pub fn top(mut self, n: usize) -> CompileOptions {
        self.top = n;
        self
    }

    /// Pools assessments of the mapping's old version, translated to its new one.
    pub fn mapping(mut self, mapping: Arc<Mapping>) -> CompileOptions {
        self.mapping = Some(mapping);
        self
    }
}

/// Figures of one indicator.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct IndicatorStats {
    /// The indicator's level.
    pub level: String,
    /// The area it is scoped to; absent for a general indicator.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
    /// Assessments that answered it.
    pub answered: usize,
    /// Assessments that left it unanswered.
    pub unanswered: usize,
    /// Assessments per answer, in scale order.
    pub counts: OrderedMap<usize>,
    /// Each answer's share of the answered (0–1); `null` when nobody answered.
    pub shares: Option<OrderedMap<f64>>,
    /// The shares in whole percent, rounded half up; `null` when nobody answered.
    pub percent: Option<OrderedMap<u32>>,
    /// Mean points of the answered; `null` when nobody answered.
    pub mean: Option<f64>,
    /// The mean as an exact fraction.
    pub mean_exact: Option<BigFraction>,
}

/// Figures of one level.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct LevelStats {
    /// Assessments that answered at least one indicator of the level.
    pub assessments: usize,
    /// Mean of the per-assessment level means; `null` when no assessment answered the level.
    pub mean: Option<f64>,
    /// The same mean as an exact fraction (of any size: with many different answered counts
    /// the denominator grows beyond 64 bits); `null` only when no assessment answered the level.
    pub mean_exact: Option<BigFraction>,
    /// Mean points of every answer at the level, pooled over assessments.
    pub pooled_mean: Option<f64>,
    /// Answers given at the level, over all assessments.
    pub answered: usize,
    /// Indicators of the level left unanswered, over all assessments.
    pub unanswered: usize,
    /// Answers per answer id.
    pub counts: OrderedMap<usize>,
    /// Each answer's share of the answers at the level; `null` when none.
    pub shares: Option<OrderedMap<f64>>,
    /// The shares in whole percent, rounded half up.
    pub percent: Option<OrderedMap<u32>>,
}

/// Figures of one area (flower).
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct AreaStats {
    /// Assessments whose flower is complete (has a score and a colour).
    pub scored: usize,
    /// Assessments whose flower is still incomplete.
    pub incomplete: usize,
    /// Mean flower score of the complete flowers; `null` when none.
    pub mean: Option<f64>,
    /// The mean flower score as an exact fraction.
    pub mean_exact: Option<BigFraction>,
    /// Per level, the mean over complete flowers of the area's level mean.
    pub means: OrderedMap<Option<f64>>,
    /// Complete flowers per band colour, in band order.
    pub colours: OrderedMap<usize>,
    /// Each colour's share of the complete flowers; `null` when none.
    pub colour_shares: Option<OrderedMap<f64>>,
    /// The area's best indicator (highest share of the best answer).
    pub best: Option<RankedIndicator>,
    /// The area's worst indicator (highest share of the lowest answer).
    pub worst: Option<RankedIndicator>,
}

/// An indicator in a ranking.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct RankedIndicator {
    /// 1-based place in the list.
    pub rank: usize,
    /// Indicator id.
    pub id: String,
    /// Its level.
    pub level: String,
    /// Its area, if scoped.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
    /// The statement in the catalogue's source language.
    pub statement: String,
    /// Share of the answered that gave the best answer (0–1).
    pub share: f64,
    /// The share in whole percent, rounded half up.
    pub percent: u32,
    /// The answer the ranking counts: the best answer for best and top, the lowest for worst
    /// and bottom.
    pub ranked_by: String,
    /// Share of the answered that gave `ranked_by` (0–1).
    pub ranked_share: f64,
    /// That share in whole percent, rounded half up.
    pub ranked_percent: u32,
    /// Mean points of the answered.
    pub mean: f64,
    /// Assessments that answered it.
    pub answered: usize,
}

/// The figures of a set of assessments (all of them, or one group).
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Summary {
    /// How many assessments.
    pub assessments: usize,
    /// How many different municipalities.
    pub municipalities: usize,
    /// The years assessed, ascending.
    pub years: Vec<i32>,
    /// Assessments with every indicator answered.
    pub complete: usize,
    /// Per indicator, in catalogue order.
    pub indicators: OrderedMap<IndicatorStats>,
    /// Per level, in catalogue order.
    pub levels: OrderedMap<LevelStats>,
    /// Per area, in catalogue order.
    pub areas: OrderedMap<AreaStats>,
    /// The N indicators with the highest share of the best answer.
    pub top: Vec<RankedIndicator>,
    /// The N indicators with the highest share of the lowest answer.
    pub bottom: Vec<RankedIndicator>,
    /// Per-assessment values, kept for comparisons (medians, ranks).
    #[serde(skip)]
    pub(crate) distribution: Arc<Distribution>,
}

/// One group of a compilation.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Group {
    /// The group's name where one is known (the county's name).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Its figures.
    #[serde(flatten)]
    pub summary: Summary,
}

/// How many assessments of each catalogue version went into a compilation.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Source {
    /// The catalogue version.
    pub catalogue: CatalogueRef,
    /// How many assessments.
    pub assessments: usize,
    /// Whether they were translated through a version mapping.
    pub mapped: bool,
}

/// A compilation: the figures over all assessments, and per group.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[schemars(title = "eblomlada compilation")]
pub struct Compilation {
    /// The catalogue of the figures.
    pub catalogue: CatalogueRef,
    /// `county`, `year` or `custom`; absent without grouping.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grouping: Option<String>,
    /// The catalogue versions pooled.
    pub sources: Vec<Source>,
    /// How many of the assessments are synthetic (`"synthetic": true`: invented, not real results).
    pub synthetic: usize,
    /// The figures over all assessments.
    #[serde(flatten)]
    pub summary: Summary,
    /// Per group, ordered by key (county code, year, group name); absent without grouping.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub groups: Option<OrderedMap<Group>>,
    /// With a caller's map: the municipalities it does not name (they count in the overall
    /// figures only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ungrouped: Vec<String>,
    /// The caller's map, kept so a comparison finds an assessment's group.
    #[serde(skip)]
    pub(crate) membership: Option<Arc<GroupMap>>,
}

impl Compilation {
    /// Pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// As a JSON value.
    pub fn to_value(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_default()
    }

    /// The figures of one group by key.
    pub fn group(&self, key: &str) -> Option<&Group> {
        self.groups.as_ref()?.get(key)
    }
}

/// Per-assessment values behind a summary: what medians, ranks and percentiles need.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Distribution {
    /// Per area, the common denominator of flower scores.
    pub(crate) area_den: Vec<u64>,
    /// Per area, numerators (over `area_den`) of the complete flowers' scores.
    pub(crate) areas: Vec<Vec<u64>>,
    /// Per level, `(points, answered)` of each assessment that answered the level.
    pub(crate) levels: Vec<Vec<(u32, u32)>>,
}

/// What the catalogue's shape means for accumulating: computed once per compilation.
#[derive(Debug, Clone)]
struct Layout {
    nl: usize,
    na: usize,
    ns: usize,
    nb: usize,
    ni: usize,
    /// Per indicator: general at level l → l; scoped to area a at level l → nl + a·nl + l.
    slot: Vec<usize>,
    /// Points per scale position, and 0 at position `ns` (unanswered).
    points: Vec<u64>,
    /// `[a·nl + l]`: indicators that count for area a at level l.
    totals: Vec<u32>,
    /// Offsets of each level's per-answered-count sums.
    level_offset: Vec<usize>,
    /// `[a·nl + l]`: integer coefficient of the area-level points in the flower numerator.
    coef: Vec<u64>,
    /// `[a]`: denominator of flower scores.
    den: Vec<u64>,
    /// `[a·nb + b]`: the smallest numerator of band b.
    thresholds: Vec<u64>,
}

impl Layout {
    fn new(catalogue: &Catalogue) -> Layout {
        let (nl, na, ns, nb, ni) = (
            catalogue.levels().len(),
            catalogue.areas().len(),
            catalogue.scale().len(),
            catalogue.bands().len(),
            catalogue.indicators().len(),
        );
        let slot = catalogue
            .placement
            .iter()
            .map(|&(l, a)| a.map_or(l, |a| nl + a * nl + l))
            .collect();
        let totals: Vec<u32> = (0..na)
            .flat_map(|a| (0..nl).map(move |l| (a, l)))
            .map(|(a, l)| catalogue.area_level_totals[a][l] as u32)
            .collect();
        let mut level_offset = Vec::with_capacity(nl + 1);
        let mut offset = 0;
        for &t in &catalogue.level_totals {
            level_offset.push(offset);
            offset += t + 1;
        }
        level_offset.push(offset);
        let mut coef = vec![0; na * nl];
        let mut den = vec![1; na];
        let mut thresholds = vec![0; na * nb];
        for a in 0..na {
            // term_l = w_l · p / T_al = num' · p / den'  (reduced); D = lcm of den'.
            let terms: Vec<(u128, u128)> = catalogue
                .levels()
                .iter()
                .enumerate()
                .map(|(l, level)| {
                    let num = u128::from(level.weight.numer());
                    let d = u128::from(level.weight.denom()) * u128::from(totals[a * nl + l].max(1));
                    let g = crate::analysis::gcd(num, d).max(1);
                    (num / g, d / g)
                })
                .collect();
            let d = terms.iter().try_fold(1u128, |acc, (_, d)| lcm(acc, *d)).unwrap_or(1);
            den[a] = u64::try_from(d).unwrap_or(u64::MAX);
            for (l, (num, td)) in terms.iter().enumerate() {
                coef[a * nl + l] = u64::try_from(d / td * num).unwrap_or(u64::MAX);
            }
            for (b, band) in catalogue.bands().iter().enumerate() {
                let n = u128::from(band.min.numer()) * d;
                let m = u128::from(band.min.denom());
                thresholds[a * nb + b] = u64::try_from(n.div_ceil(m)).unwrap_or(u64::MAX);
            }
        }
        Layout {
            nl,
            na,
            ns,
            nb,
            ni,
            slot,
            points: catalogue
                .scale()
                .iter()
                .map(|s| u64::from(s.points))
                .chain(std::iter::once(0))
                .collect(),
            totals,
            level_offset,
            coef,
            den,
            thresholds,
        }
    }
}

/// Running totals of one group (or of everything without grouping).
#[derive(Debug, Clone)]
struct Bucket {
    assessments: usize,
    complete: usize,
    /// Bit per municipality code 0000–9999.
    seen: Vec<u64>,
    years: Vec<i32>,
    /// `[i·(ns+1) + choice]`, the last column unanswered.
    counts: Vec<u64>,
    level_n: Vec<u64>,
    /// `[level_offset[l] + answered]`: Σ points of assessments that answered that many.
    level_sums: Vec<u64>,
    area_scored: Vec<u64>,
    /// `[a·nl + l]`: Σ area-level points over complete flowers.
    area_sums: Vec<u64>,
    area_numer: Vec<u128>,
    /// `[a·nb + b]`.
    colours: Vec<u64>,
    area_values: Vec<Vec<u64>>,
    level_values: Vec<Vec<(u32, u32)>>,
}

impl Bucket {
    fn new(layout: &Layout) -> Bucket {
        Bucket {
            assessments: 0,
            complete: 0,
            seen: vec![0; 10_000usize.div_ceil(64)],
            years: Vec::new(),
            counts: vec![0; layout.ni * (layout.ns + 1)],
            level_n: vec![0; layout.nl],
            level_sums: vec![0; layout.level_offset[layout.nl]],
            area_scored: vec![0; layout.na],
            area_sums: vec![0; layout.na * layout.nl],
            area_numer: vec![0; layout.na],
            colours: vec![0; layout.na * layout.nb],
            area_values: vec![Vec::new(); layout.na],
            level_values: vec![Vec::new(); layout.nl],
        }
    }

    fn merge(&mut self, other: &Bucket) {
        fn add<T: Copy + std::ops::AddAssign>(a: &mut [T], b: &[T]) {
            for (x, y) in a.iter_mut().zip(b) {
                *x += *y;
            }
        }
        self.assessments += other.assessments;
        self.complete += other.complete;
        for (x, y) in self.seen.iter_mut().zip(&other.seen) {
            *x |= *y;
        }
        for y in &other.years {
            if !self.years.contains(y) {
                self.years.push(*y);
            }
        }
        add(&mut self.counts, &other.counts);
        add(&mut self.level_n, &other.level_n);
        add(&mut self.level_sums, &other.level_sums);
        add(&mut self.area_scored, &other.area_scored);
        add(&mut self.area_sums, &other.area_sums);
        add(&mut self.area_numer, &other.area_numer);
        add(&mut self.colours, &other.colours);
        for (x, y) in self.area_values.iter_mut().zip(&other.area_values) {
            x.extend_from_slice(y);
        }
        for (x, y) in self.level_values.iter_mut().zip(&other.level_values) {
            x.extend_from_slice(y);
        }
    }
}

/// Where an assessment's answers come from.
enum Origin {
    Direct,
    Mapped,
}

/// Builds a compilation one assessment at a time (e.g. while reading a large data set).
///
/// ```
/// use std::sync::Arc;
/// use eblomlada::analysis::{CompileOptions, Compiler};
/// use eblomlada::{Assessment, Catalogue};
///
/// let catalogue = Arc::new(Catalogue::builtin("eblomladan-2016")?);
/// let empty = Compiler::new(&catalogue, CompileOptions::new())?.finish();
/// assert_eq!(empty.summary.assessments, 0);
/// assert_eq!(empty.summary.levels["lead"].mean, None);
///
/// let mut compiler = Compiler::new(&catalogue, CompileOptions::new())?;
/// let mut a = Assessment::new(&catalogue, "1881", 2017)?;
/// a.answer("elderly-06", "fully")?;
/// compiler.add(&a)?;
/// let compilation = compiler.finish();
/// assert_eq!(compilation.summary.indicators["elderly-06"].counts["fully"], 1);
/// assert_eq!(compilation.summary.indicators["elderly-01"].unanswered, 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct Compiler {
    catalogue: Arc<Catalogue>,
    options: CompileOptions,
    layout: Layout,
    buckets: Vec<Bucket>,
    /// Bucket index → group key (empty without grouping).
    keys: Vec<String>,
    county_bucket: Vec<Option<usize>>,
    year_bucket: HashMap<i32, usize>,
    ungrouped_bucket: Option<usize>,
    ungrouped: BTreeSet<String>,
    /// Catalogues found equal to the compilation's (other `Arc`s of the same document).
    equal: Vec<Arc<Catalogue>>,
    first_direct: Option<usize>,
    /// (municipality code, year) → index of the assessment that brought it.
    /// Per municipality code 0000–9999: (year, index of the assessment that brought it).
    seen: Vec<Vec<(i32, usize)>>,
    added: usize,
    synthetic: usize,
    direct_count: usize,
    mapped_count: usize,
    pts: Vec<u64>,
    ans: Vec<u32>,
}

impl Compiler {
    /// A compiler for assessments of `catalogue`. With a mapping in `options`, the mapping must
    /// lead to `catalogue`.
    pub fn new(catalogue: &Arc<Catalogue>, options: CompileOptions) -> Result<Compiler, AnalysisError> {
        if let Some(mapping) = &options.mapping {
            if !same_catalogue(mapping.to_catalogue(), catalogue) {
                return Err(AnalysisError::CatalogueMismatch {
                    what: "the version mapping must lead to the compilation's catalogue".to_owned(),
                    expected: catalogue.reference(),
                    found: mapping.to_catalogue().reference(),
                });
            }
        }
        let layout = Layout::new(catalogue);
        let slots = layout.nl + layout.na * layout.nl;
        let mut compiler = Compiler {
            catalogue: Arc::clone(catalogue),
            layout,
            buckets: Vec::new(),
            keys: Vec::new(),
            county_bucket: vec![None; 100],
            year_bucket: HashMap::new(),
            ungrouped_bucket: None,
            ungrouped: BTreeSet::new(),
            equal: Vec::new(),
            first_direct: None,
            seen: vec![Vec::new(); 10_000],
            added: 0,
            synthetic: 0,
            direct_count: 0,
            mapped_count: 0,
            pts: vec![0; slots],
            ans: vec![0; slots],
            options,
        };
        match &compiler.options.grouping {
            Grouping::None => {
                compiler.push_bucket(String::new());
            }
            Grouping::Custom(map) => {
                let groups = map.groups().to_vec();
                for g in groups {
                    compiler.push_bucket(g);
                }
            }
            Grouping::County | Grouping::Year => {}
        }
        Ok(compiler)
    }

    fn push_bucket(&mut self, key: String) -> usize {
        self.buckets.push(Bucket::new(&self.layout));
        self.keys.push(key);
        self.buckets.len() - 1
    }

    fn origin(&mut self, assessment: &Assessment, index: usize) -> Result<Origin, AnalysisError> {
        let c = assessment.catalogue();
        if Arc::ptr_eq(c, &self.catalogue) || self.equal.iter().any(|e| Arc::ptr_eq(e, c)) {
            return Ok(Origin::Direct);
        }
        if let Some(mapping) = &self.options.mapping {
            if same_catalogue(c, mapping.from_catalogue()) {
                return Ok(Origin::Mapped);
            }
        }
        if same_catalogue(c, &self.catalogue) {
            self.equal.push(Arc::clone(c));
            return Ok(Origin::Direct);
        }
        Err(AnalysisError::MixedCatalogues {
            expected: self.catalogue.reference(),
            first: self.first_direct,
            found: c.reference(),
            index,
        })
    }

    fn bucket_of(&mut self, municipality: &str, code: u16, year: i32) -> usize {
        match &self.options.grouping {
            Grouping::None => 0,
            Grouping::County => {
                let county = usize::from(code / 100).min(99);
                match self.county_bucket[county] {
                    Some(b) => b,
                    None => {
                        let b = self.push_bucket(format!("{county:02}"));
                        self.county_bucket[county] = Some(b);
                        b
                    }
                }
            }
            Grouping::Year => match self.year_bucket.get(&year) {
                Some(&b) => b,
                None => {
                    let b = self.push_bucket(year.to_string());
                    self.year_bucket.insert(year, b);
                    b
                }
            },
            Grouping::Custom(map) => match map.group_index(municipality) {
                Some(g) => g,
                None => {
                    if !self.ungrouped.contains(municipality) {
                        self.ungrouped.insert(municipality.to_owned());
                    }
                    match self.ungrouped_bucket {
                        Some(b) => b,
                        None => {
                            let b = self.push_bucket(String::new());
                            self.ungrouped_bucket = Some(b);
                            b
                        }
                    }
                }
            },
        }
    }

    /// Adds one assessment. It must be of the compiler's catalogue, or of the old version of
    /// the options' mapping; otherwise the error names both catalogues and the index of this
    /// assessment (counting every call to `add` from 0).
    pub fn add(&mut self, assessment: &Assessment) -> Result<(), AnalysisError> {
        let index = self.added;
        self.added += 1;
        let origin = self.origin(assessment, index)?;
        let compact = assessment.compact();
        let year = assessment.year();
        // Codes are four digits (checked when the assessment was read): a table by code, no
        // hashing, and most codes hold one or a few years.
        let code = usize::from(compact.code).min(9_999);
        if let Some(&(_, first)) = self.seen[code].iter().find(|(y, _)| *y == year) {
            return Err(AnalysisError::Duplicate {
                municipality: assessment.municipality().to_owned(),
                year,
                first,
                index,
            });
        }
        self.seen[code].push((year, index));
        self.synthetic += usize::from(compact.synthetic);
        let bucket = self.bucket_of(assessment.municipality(), compact.code, year);
        match origin {
            Origin::Direct => {
                self.first_direct.get_or_insert(index);
                self.direct_count += 1;
                self.accumulate(bucket, code, year, &compact.choices);
            }
            Origin::Mapped => {
                self.mapped_count += 1;
                let choices: Vec<u8> = match &self.options.mapping {
                    Some(m) => m
                        .translate_choices(assessment)
                        .into_iter()
                        .map(|c| c.and_then(|c| u8::try_from(c).ok()).unwrap_or(Compact::UNANSWERED))
                        .collect(),
                    None => Vec::new(),
                };
                self.accumulate(bucket, code, year, &choices);
            }
        }
        Ok(())
    }

    /// `choices` as in [`Compact::choices`]; a shorter slice counts the rest unanswered.
    fn accumulate(&mut self, bucket: usize, code: usize, year: i32, choices: &[u8]) {
        let lay = &self.layout;
        let b = &mut self.buckets[bucket];
        let (pts, ans) = (&mut self.pts, &mut self.ans);
        pts.fill(0);
        ans.fill(0);
        let stride = lay.ns + 1;
        let mut answered = 0;
        // Without a branch on answered or not: real answer patterns are unpredictable, and a
        // mispredicted branch per indicator cost more than the arithmetic.
        for i in 0..lay.ni {
            let c = usize::from(choices.get(i).copied().unwrap_or(Compact::UNANSWERED)).min(lay.ns);
            let given = u32::from(c < lay.ns);
            b.counts[i * stride + c] += 1;
            let s = lay.slot[i];
            pts[s] += lay.points[c];
            ans[s] += given;
            answered += given as usize;
        }
        b.assessments += 1;
        if answered == lay.ni {
            b.complete += 1;
        }
        b.seen[code / 64] |= 1 << (code % 64);
        if !b.years.contains(&year) {
            b.years.push(year);
        }
        let nl = lay.nl;
        for l in 0..nl {
            let (mut p, mut n) = (pts[l], ans[l]);
            for a in 0..lay.na {
                p += pts[nl + a * nl + l];
                n += ans[nl + a * nl + l];
            }
            if n > 0 {
                b.level_n[l] += 1;
                b.level_sums[lay.level_offset[l] + n as usize] += p;
                b.level_values[l].push((p as u32, n));
            }
        }
        for a in 0..lay.na {
            let mut complete = true;
            let mut numer = 0u64;
            for l in 0..nl {
                let k = a * nl + l;
                if ans[l] + ans[nl + k] != lay.totals[k] {
                    complete = false;
                    break;
                }
                numer += lay.coef[k] * (pts[l] + pts[nl + k]);
            }
            if !complete {
                continue;
            }
            b.area_scored[a] += 1;
            for l in 0..nl {
                let k = a * nl + l;
                b.area_sums[k] += pts[l] + pts[nl + k];
            }
            b.area_numer[a] += u128::from(numer);
            let band = (0..lay.nb)
                .find(|&x| numer >= lay.thresholds[a * lay.nb + x])
                .unwrap_or(lay.nb - 1);
            b.colours[a * lay.nb + band] += 1;
            b.area_values[a].push(numer);
        }
    }

    /// The compilation of everything added.
    pub fn finish(self) -> Compilation {
        let catalogue = &self.catalogue;
        let top = self.options.top;
        let mut all = Bucket::new(&self.layout);
        for b in &self.buckets {
            all.merge(b);
        }
        let summary = summarise(catalogue, &self.layout, &all, top);
        let groups = self.options.grouping.name().map(|kind| {
            let mut entries: Vec<(String, Option<String>, &Bucket)> = self
                .buckets
                .iter()
                .zip(&self.keys)
                .enumerate()
                .filter(|(i, _)| Some(*i) != self.ungrouped_bucket)
                .map(|(_, (b, k))| {
                    let name = (kind == "county").then(|| municipalities::county_name(k).map(str::to_owned));
                    (k.clone(), name.flatten(), b)
                })
                .collect();
            if kind == "year" {
                entries.sort_by_key(|(k, _, _)| k.parse::<i64>().unwrap_or(i64::MAX));
            } else {
                entries.sort_by(|x, y| x.0.cmp(&y.0));
            }
            OrderedMap(
                entries
                    .into_iter()
                    .map(|(k, name, b)| {
                        let group = Group {
                            name,
                            summary: summarise(catalogue, &self.layout, b, top),
                        };
                        (k, group)
                    })
                    .collect(),
            )
        });
        let mut sources = Vec::new();
        if self.direct_count > 0 || self.mapped_count == 0 {
            sources.push(Source {
                catalogue: catalogue.reference(),
                assessments: self.direct_count,
                mapped: false,
            });
        }
        if let (Some(m), true) = (&self.options.mapping, self.mapped_count > 0) {
            sources.push(Source {
                catalogue: m.from_catalogue().reference(),
                assessments: self.mapped_count,
                mapped: true,
            });
        }
        Compilation {
            catalogue: catalogue.reference(),
            grouping: self.options.grouping.name().map(str::to_owned),
            sources,
            synthetic: self.synthetic,
            summary,
            groups,
            ungrouped: self.ungrouped.into_iter().collect(),
            membership: match &self.options.grouping {
                Grouping::Custom(map) => Some(Arc::clone(map)),
                _ => None,
            },
        }
    }
}

/// Compiles assessments of one catalogue version (or of two, joined by the options' mapping).
///
/// The compilation's catalogue is the mapping's new one if a mapping is given, else the first
/// assessment's. No assessments at all is [`AnalysisError::Empty`]; a [`Compiler`] compiles
/// nothing into an empty compilation instead.
///
/// ```
/// use std::sync::Arc;
/// use eblomlada::analysis::{self, AnalysisError, CompileOptions, Grouping};
/// use eblomlada::{Assessment, Catalogue};
///
/// let catalogue = Arc::new(Catalogue::builtin("eblomladan-2016")?);
/// let mut kumla = Assessment::new(&catalogue, "1881", 2017)?;
/// let mut orebro = Assessment::new(&catalogue, "1880", 2017)?;
/// for indicator in catalogue.indicators() {
///     kumla.answer(&indicator.id, "partly")?;
///     orebro.answer(&indicator.id, "fully")?;
/// }
/// let compilation = analysis::compile([&kumla, &orebro], &CompileOptions::new().by(Grouping::County))?;
/// let elderly = &compilation.summary.areas["elderly"];
/// assert_eq!(elderly.mean, Some(2.5));
/// assert_eq!((elderly.colours["green"], elderly.colours["yellow"]), (1, 1));
/// assert_eq!(compilation.group("18").unwrap().name.as_deref(), Some("Örebro län"));
///
/// let none: [&Assessment; 0] = [];
/// assert!(matches!(analysis::compile(none, &CompileOptions::new()), Err(AnalysisError::Empty { .. })));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn compile<'a>(
    assessments: impl IntoIterator<Item = &'a Assessment>,
    options: &CompileOptions,
) -> Result<Compilation, AnalysisError> {
    let mut iter = assessments.into_iter().peekable();
    let first = iter.peek().ok_or(AnalysisError::Empty { what: "compile" })?;
    let catalogue = match &options.mapping {
        Some(m) => Arc::clone(m.to_catalogue()),
        None => Arc::clone(first.catalogue()),
    };
    let mut compiler = Compiler::new(&catalogue, options.clone())?;
    for a in iter {
        compiler.add(a)?;
    }
    Ok(compiler.finish())
}

/// `(answered, best count, points, lowest count)` of indicator `i` in a bucket.
fn indicator_numbers(layout: &Layout, (best, low): (usize, usize), bucket: &Bucket, i: usize) -> Numbers {
    let row = &bucket.counts[i * (layout.ns + 1)..(i + 1) * (layout.ns + 1)];
    let answered: u64 = row[..layout.ns].iter().sum();
    let points = row[..layout.ns].iter().zip(&layout.points).map(|(c, p)| c * p).sum();
    (answered, row[best], points, row[low])
}

/// `(answered, best count, points, lowest count)` of one indicator.
type Numbers = (u64, u64, u64, u64);

/// Position of the lowest answer (fewest points; the last on a tie).
pub(crate) fn lowest_answer(catalogue: &Catalogue) -> usize {
    let scale = catalogue.scale();
    (0..scale.len())
        .fold(None::<usize>, |low, i| match low {
            Some(l) if scale[l].points < scale[i].points => Some(l),
            _ => Some(i),
        })
        .unwrap_or(0)
}

fn shares(ids: &[&str], counts: &[u64], of: u64) -> (Option<OrderedMap<f64>>, Option<OrderedMap<u32>>) {
    if of == 0 {
        return (None, None);
    }
    let shares = ids
        .iter()
        .zip(counts)
        .map(|(id, c)| ((*id).to_owned(), *c as f64 / of as f64))
        .collect();
    let pct = ids
        .iter()
        .zip(counts)
        .map(|(id, c)| ((*id).to_owned(), percent(*c, of)))
        .collect();
    (Some(OrderedMap(shares)), Some(OrderedMap(pct)))
}

fn ordered_counts(ids: &[&str], counts: &[u64]) -> OrderedMap<usize> {
    OrderedMap(
        ids.iter()
            .zip(counts)
            .map(|(id, c)| ((*id).to_owned(), *c as usize))
            .collect(),
    )
}

/// Position of the best answer (most points; the first on a tie).
pub(crate) fn best_answer(catalogue: &Catalogue) -> usize {
    let scale = catalogue.scale();
    (0..scale.len())
        .fold(None::<usize>, |best, i| match best {
            Some(b) if scale[b].points >= scale[i].points => Some(b),
            _ => Some(i),
        })
        .unwrap_or(0)
}

fn summarise(catalogue: &Catalogue, layout: &Layout, bucket: &Bucket, top: usize) -> Summary {
    let ids: Vec<&str> = catalogue.scale().iter().map(|s| s.id.as_str()).collect();
    let ns = layout.ns;
    let best = best_answer(catalogue);
    let low = lowest_answer(catalogue);
    let numbers: Vec<Numbers> = (0..layout.ni)
        .map(|i| indicator_numbers(layout, (best, low), bucket, i))
        .collect();
    let indicators = catalogue
        .indicators()
        .iter()
        .enumerate()
        .map(|(i, ind)| {
            let row = &bucket.counts[i * (ns + 1)..(i + 1) * (ns + 1)];
            let (answered, _, points, _) = numbers[i];
            let (shares, percent) = shares(&ids, &row[..ns], answered);
            let mean = BigFraction::new(u128::from(points), u128::from(answered));
            let stats = IndicatorStats {
                level: ind.level.clone(),
                area: ind.area.clone(),
                answered: answered as usize,
                unanswered: row[ns] as usize,
                counts: ordered_counts(&ids, &row[..ns]),
                shares,
                percent,
                mean: mean.as_ref().map(BigFraction::to_f64),
                mean_exact: mean,
            };
            (ind.id.clone(), stats)
        })
        .collect();

    let levels = catalogue
        .levels()
        .iter()
        .enumerate()
        .map(|(l, level)| {
            let mut counts = vec![0u64; ns];
            let mut unanswered = 0;
            let mut points = 0u64;
            for (i, &(il, _)) in catalogue.placement.iter().enumerate() {
                if il == l {
                    let row = &bucket.counts[i * (ns + 1)..(i + 1) * (ns + 1)];
                    for (c, r) in counts.iter_mut().zip(row) {
                        *c += r;
                    }
                    unanswered += row[ns];
                    points += numbers[i].2;
                }
            }
            let answered: u64 = counts.iter().sum();
            let (shares, percent) = shares(&ids, &counts, answered);
            let n = bucket.level_n[l];
            let sums = &bucket.level_sums[layout.level_offset[l]..layout.level_offset[l + 1]];
            let (mean, mean_exact) = mean_of_means(sums, n);
            let stats = LevelStats {
                assessments: n as usize,
                mean,
                mean_exact,
                pooled_mean: ratio_f64(u128::from(points), u128::from(answered)),
                answered: answered as usize,
                unanswered: unanswered as usize,
                counts: ordered_counts(&ids, &counts),
                shares,
                percent,
            };
            (level.id.clone(), stats)
        })
        .collect();

    let colour_ids: Vec<&str> = catalogue.bands().iter().map(|b| b.colour.as_str()).collect();
    let areas = catalogue
        .areas()
        .iter()
        .enumerate()
        .map(|(a, area)| {
            let n = bucket.area_scored[a];
            let mean = BigFraction::new(bucket.area_numer[a], u128::from(layout.den[a]) * u128::from(n));
            let means = catalogue
                .levels()
                .iter()
                .enumerate()
                .map(|(l, level)| {
                    let k = a * layout.nl + l;
                    let value = ratio_f64(
                        u128::from(bucket.area_sums[k]),
                        u128::from(layout.totals[k]) * u128::from(n),
                    );
                    (level.id.clone(), value)
                })
                .collect();
            let colours = &bucket.colours[a * layout.nb..(a + 1) * layout.nb];
            let (colour_shares, _) = shares(&colour_ids, colours, n);
            let own: Vec<usize> = (0..layout.ni)
                .filter(|&i| catalogue.placement[i].1 == Some(a))
                .collect();
            let pool: Vec<usize> = if own.is_empty() {
                (0..layout.ni).filter(|&i| catalogue.applies_to(i, a)).collect()
            } else {
                own
            };
            let stats = AreaStats {
                scored: n as usize,
                incomplete: bucket.assessments - n as usize,
                mean: mean.as_ref().map(BigFraction::to_f64),
                mean_exact: mean,
                means: OrderedMap(means),
                colours: ordered_counts(&colour_ids, colours),
                colour_shares,
                best: ranking(catalogue, &numbers, &pool, true, 1).into_iter().next(),
                worst: ranking(catalogue, &numbers, &pool, false, 1).into_iter().next(),
            };
            (area.id.clone(), stats)
        })
        .collect();

    let everything: Vec<usize> = (0..layout.ni).collect();
    let mut years = bucket.years.clone();
    years.sort_unstable();
    Summary {
        assessments: bucket.assessments,
        municipalities: bucket.seen.iter().map(|w| w.count_ones() as usize).sum(),
        years,
        complete: bucket.complete,
        indicators: OrderedMap(indicators),
        levels: OrderedMap(levels),
        areas: OrderedMap(areas),
        top: ranking(catalogue, &numbers, &everything, true, top),
        bottom: ranking(catalogue, &numbers, &everything, false, top),
        distribution: Arc::new(Distribution {
            area_den: layout.den.clone(),
            areas: bucket.area_values.clone(),
            levels: bucket.level_values.clone(),
        }),
    }
}

/// Mean of per-assessment means from Σ points per answered count: Σ_k S_k / k / n, exact
/// whatever the counts (the sum of S_k / k over many different k needs big integers).
fn mean_of_means(sums: &[u64], n: u64) -> (Option<f64>, Option<BigFraction>) {
    if n == 0 {
        return (None, None);
    }
    let total = sums
        .iter()
        .enumerate()
        .filter(|(k, s)| *k > 0 && **s > 0)
        .fold(BigFraction::from(Fraction::ZERO), |acc, (k, s)| {
            acc.add(&BigFraction::new(u128::from(*s), k as u128).unwrap_or_else(|| Fraction::ZERO.into()))
        });
    let exact = total.mul(&BigFraction::new(1, u128::from(n)).unwrap_or_else(|| Fraction::ZERO.into()));
    (Some(exact.to_f64()), Some(exact))
}

/// Indicators of `pool` ranked, for `top`, by the share of the best answer, then mean points,
/// both descending; else by the share of the lowest answer descending, then mean points
/// ascending; then by id. At most `n`; unanswered ones left out.
fn ranking(catalogue: &Catalogue, numbers: &[Numbers], pool: &[usize], top: bool, n: usize) -> Vec<RankedIndicator> {
    let mut order: Vec<usize> = pool.iter().copied().filter(|&i| numbers[i].0 > 0).collect();
    let indicators = catalogue.indicators();
    let counted = |i: usize| if top { numbers[i].1 } else { numbers[i].3 };
    order.sort_by(|&x, &y| {
        let (ax, _, px, _) = numbers[x];
        let (ay, _, py, _) = numbers[y];
        let (cx, cy) = (counted(x), counted(y));
        // Exact comparisons of ratios by cross-multiplication; the larger share comes first.
        let share = (u128::from(cy) * u128::from(ax)).cmp(&(u128::from(cx) * u128::from(ay)));
        let mean = (u128::from(px) * u128::from(ay)).cmp(&(u128::from(py) * u128::from(ax)));
        let mean = if top { mean.reverse() } else { mean };
        share.then(mean).then_with(|| indicators[x].id.cmp(&indicators[y].id))
    });
    let ranked_by = &catalogue.scale()[if top {
        best_answer(catalogue)
    } else {
        lowest_answer(catalogue)
    }]
    .id;
    order
        .into_iter()
        .take(n)
        .enumerate()
        .map(|(rank, i)| {
            let (answered, best, points, _) = numbers[i];
            let counted = counted(i);
            let ind = &indicators[i];
            RankedIndicator {
                rank: rank + 1,
                id: ind.id.clone(),
                level: ind.level.clone(),
                area: ind.area.clone(),
                statement: ind.text.get("sv").to_owned(),
                share: best as f64 / answered as f64,
                percent: percent(best, answered),
                ranked_by: ranked_by.clone(),
                ranked_share: counted as f64 / answered as f64,
                ranked_percent: percent(counted, answered),
                mean: ratio_f64(u128::from(points), u128::from(answered)).unwrap_or(0.0),
                answered: answered as usize,
            }
        })
        .collect()
}
