//! A seeded synthetic national data set: 290 municipalities × several years, for examples,
//! benchmarks and tests.
//!
//! **Real national data is not available** to this project: SKL's published assessments were
//! never released as a machine-readable data set that we could find. The documented path for
//! real data is to export it to the long CSV format and read it with [`crate::analysis::csv::import`]
//! (`eblomlada import data.csv -o DIR`). Everything this module produces is invented.
//!
//! The model (a latent-trait model, deterministic for a given seed on every platform: the
//! generator is SplitMix64 seeding xoshiro256**, and only `+`, `−`, `×` of `f64` and sorting are
//! used, so Rust, Python and WebAssembly give the same data):
//! - Each municipality has a capability: **a size proxy** plus a seeded random part. No
//!   population data is available, so size is guessed from the code: the three metropolitan
//!   municipalities (Stockholm 0180, Göteborg 1480, Malmö 1280) are class 3; other codes ending
//!   in 80 (most county seats) class 2; codes ending in 81–89 (mostly older towns) class 1;
//!   all others class 0. This reproduces the seeds' observation that small municipalities lag,
//!   crudely. Bring real size classes with a `--groups` file when you have them.
//! - A persistent municipality × indicator effect keeps a municipality's answers similar from
//!   one year to the next, with a little noise per year; each year adds a fixed amount.
//! - **Calibration**: per indicator, the latent values of all 290 municipalities in 2017 are cut
//!   at target shares of the best and the lowest answer: the published national figures of
//!   2017 where there are some (`indicators/*.published-2017.json`), seeded plausible shares by
//!   level elsewhere, kept below each section's published best and worst. Other years use the
//!   same cut points, so earlier years have fewer of the best answer.
//! - By default as many municipalities publish as in the seeds ([`published_count`]);
//!   `participation` makes it a probability instead. Missing answers (`unanswered`, the mean
//!   share) differ by municipality: two in five answer everything. Some answers carry a Swedish
//!   comment (`comments`; several contain commas, quotes and line breaks, which exercises
//!   exports). Every assessment says `"synthetic": true`.
//!
//! Draws are keyed by (seed, municipality, indicator, year), so the data of one municipality and
//! year does not depend on which others are generated.

use std::sync::Arc;

use crate::analysis::municipalities::MUNICIPALITIES;
use crate::analysis::AnalysisError;
use crate::assessment::{Answer, Assessment};
use crate::catalogue::Catalogue;
use crate::json::StrictMap;

/// Options of the generator.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct SyntheticOptions {
    /// The seed; the same seed gives the same data.
    pub seed: u64,
    /// The years to generate.
    pub years: Vec<i32>,
    /// The municipality codes (default: all 290).
    pub municipalities: Option<Vec<String>>,
    /// Probability that a municipality publishes an assessment in a given year. `None` (the
    /// default) follows the seeds: of all 290, exactly [`published_count`] publish each year;
    /// when `municipalities` is given, every one of them publishes.
    pub participation: Option<f64>,
    /// Probability that an indicator is left unanswered (default 0: published assessments are
    /// complete).
    pub unanswered: f64,
    /// Probability that an answer carries a comment (default 0.05).
    pub comments: f64,
    /// The most answers (municipalities × years × indicators) to generate, checked before any
    /// work (default [`DEFAULT_MAX_SYNTHETIC_ANSWERS`]): beyond it `generate` returns
    /// [`AnalysisError::TooLarge`].
    pub max_answers: u64,
}

/// The default of [`SyntheticOptions::max_answers`]: 2 000 000 answers, about 78 years of the
/// national eBlomlådan data set (290 × 88 answers a year) or 100 MB of long CSV.
pub const DEFAULT_MAX_SYNTHETIC_ANSWERS: u64 = 2_000_000;

impl SyntheticOptions {
    /// Every municipality, every year given, as many publishing as in the seeds, complete assessments.
    pub fn new(seed: u64, years: impl IntoIterator<Item = i32>) -> SyntheticOptions {
        SyntheticOptions {
            seed,
            years: years.into_iter().collect(),
            municipalities: None,
            participation: None,
            unanswered: 0.0,
            comments: 0.05,
            max_answers: DEFAULT_MAX_SYNTHETIC_ANSWERS,
        }
    }

    /// Sets the limit of answers to generate.
    pub fn max_answers(mut self, limit: u64) -> SyntheticOptions {
        self.max_answers = limit;
        self
    }

    /// Only these municipalities.
    pub fn municipalities<S: Into<String>>(mut self, codes: impl IntoIterator<Item = S>) -> SyntheticOptions {
        self.municipalities = Some(codes.into_iter().map(Into::into).collect());
        self
    }

    /// Sets the probability of publishing per municipality and year.
    pub fn participation(mut self, p: f64) -> SyntheticOptions {
        self.participation = Some(p);
        self
    }

    /// Sets the probability of leaving an indicator unanswered.
    pub fn unanswered(mut self, p: f64) -> SyntheticOptions {
        self.unanswered = p;
        self
    }

    /// Sets the probability of a comment on an answer.
    pub fn comments(mut self, p: f64) -> SyntheticOptions {
        self.comments = p;
        self
    }
}

/// SplitMix64: the seeding generator (and a good 64-bit mixer).
fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// xoshiro256**, seeded from SplitMix64.
#[derive(Debug, Clone)]
struct Rng([u64; 4]);

impl Rng {
    fn new(key: &[u64]) -> Rng {
        let mut state = BASE;
        // Each key part goes through the mixer, so that neighbouring keys (codes of one county,
        // consecutive indicators) give unrelated streams.
        for &k in key {
            state ^= k;
            state = splitmix(&mut state);
        }
        Rng([
            splitmix(&mut state),
            splitmix(&mut state),
            splitmix(&mut state),
            splitmix(&mut state),
        ])
    }

    fn next(&mut self) -> u64 {
        let s = &mut self.0;
        let result = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// Uniform in [0, 1) with 53 random bits.
    fn uniform(&mut self) -> f64 {
        (self.next() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Approximately standard normal: the sum of four uniforms, centred and scaled (no
    /// transcendental functions, so every platform gives the same bits).
    fn normal(&mut self) -> f64 {
        let sum = self.uniform() + self.uniform() + self.uniform() + self.uniform();
        (sum - 2.0) * 1.732_050_807_568_877_2
    }

    fn below(&mut self, n: usize) -> usize {
        (((self.next() >> 32) * n as u64) >> 32) as usize
    }
}

/// A fixed, arbitrary starting state mixed with every key.
const BASE: u64 = 0x5eed_0fb1_0e1a_da00;

/// The size class of a municipality (0 small … 3 metropolitan), a proxy derived from the code
/// alone: 3 for 0180, 1480, 1280; 2 for other codes ending in 80; 1 for codes ending in 81–89;
/// 0 otherwise.
///
/// ```
/// use eblomlada::analysis::synthetic::size_class;
/// assert_eq!((size_class("0180"), size_class("1880"), size_class("1881"), size_class("1814")), (3, 2, 1, 0));
/// ```
pub fn size_class(code: &str) -> u8 {
    match code {
        "0180" | "1480" | "1280" => 3,
        _ if code.ends_with("80") => 2,
        _ if code.len() == 4 && code.as_bytes()[2] == b'8' => 1,
        _ => 0,
    }
}

const COMMENTS: &[&str] = &[
    "Planerat till nästa år.",
    "Finns i vissa förvaltningar, inte i alla.",
    "Pilot pågår med \"digitala trygghetslarm\" i två hemtjänstområden.",
    "Beslut i kommunstyrelsen, genomförande under året.",
    "Ej aktuellt för oss; besvaras som \"inte alls\" enligt anvisningen.",
    "Delvis: e-tjänst finns men utan e-legitimation.\nUtreds vidare av IT-enheten.",
    "Samarbete med länets kommuner (e-nämnd), avtal tecknat.",
    "Åtgärdas i samband med ny webbplats; ansvarig: kommunikationsavdelningen.",
];

/// How many municipalities publish in a year when the participation follows the seeds: 61 in
/// 2017 (seed 004: "Antalet kommuner som lämnat in sina resultat är 61 stycken, vilket är
/// betydligt fler än året innan"), 40 in 2016 (our choice for "betydligt färre"; the seeds give
/// no 2016 count for this catalogue version), 61 in any other year.
///
/// ```
/// assert_eq!(eblomlada::analysis::synthetic::published_count(2017), 61);
/// assert!(eblomlada::analysis::synthetic::published_count(2016) < 61);
/// ```
pub fn published_count(year: i32) -> usize {
    match year {
        2016 => 40,
        _ => 61,
    }
}

/// The year whose answer shares the generator is calibrated to; earlier years have fewer of the
/// best answer, later years more.
const REFERENCE_YEAR: i32 = 2017;

/// Gap kept between the published best (or worst) figure of a section and the share invented for
/// the section's other indicators, so that the published one stays the best (the worst).
const MARGIN: f64 = 0.03;

/// Target shares in the reference year, per indicator: `(best, lowest)`.
fn targets(catalogue: &Catalogue, seed: u64) -> Vec<(f64, f64)> {
    let levels = catalogue.levels().len();
    let scale = catalogue.scale();
    let best_id = scale
        .iter()
        .max_by_key(|s| s.points)
        .map(|s| s.id.as_str())
        .unwrap_or_default();
    let low_id = scale
        .iter()
        .min_by_key(|s| s.points)
        .map(|s| s.id.as_str())
        .unwrap_or_default();
    // Plausible shares where nothing is published: services hardest, tech easiest (the seeds:
    // "digitala tjänster … minst vanliga inom omsorgen"; tech "en hög andel grönt och gult").
    let base: Vec<(f64, f64)> = catalogue
        .placement
        .iter()
        .enumerate()
        .map(|(i, &(level, _))| {
            let t = if levels <= 1 {
                0.5
            } else {
                level as f64 / (levels - 1) as f64
            };
            let best = 0.25 + 0.2 * t + 0.12 * Rng::new(&[seed, 1, i as u64]).normal();
            let low = 0.4 - 0.25 * t + 0.1 * Rng::new(&[seed, 6, i as u64]).normal();
            fit(best.clamp(0.02, 0.95), low.clamp(0.02, 0.95))
        })
        .collect();
    let published = crate::published::Published::builtin_json(catalogue.key(), REFERENCE_YEAR)
        .and_then(|text| crate::published::Published::from_json(text, catalogue).ok());
    let Some(published) = published else {
        return base;
    };
    let section = |i: usize| catalogue.placement[i];
    let figure = |i: usize, answer: &str| {
        published
            .figure(&catalogue.indicators()[i].id, answer)
            .map(|f| f.percent / 100.0)
    };
    let n = catalogue.indicators().len();
    // The section's published best and worst: no invented share may pass them.
    let limit = |i: usize, answer: &str| -> Option<f64> {
        (0..n)
            .filter(|&j| j != i && section(j) == section(i))
            .filter_map(|j| figure(j, answer))
            .fold(None, |acc: Option<f64>, p| Some(acc.map_or(p, |a| a.max(p))))
            .map(|p| (p - MARGIN).max(0.0))
    };
    (0..n)
        .map(|i| {
            let (b0, l0) = base[i];
            let mid0 = (1.0 - b0 - l0).max(0.0);
            let cap = |share: f64, answer: &str| limit(i, answer).map_or(share, |m| share.min(m));
            match (figure(i, best_id), figure(i, low_id)) {
                (Some(b), Some(l)) => (b, l.min(1.0 - b)),
                (Some(b), None) => (b, cap((1.0 - b) * l0 / (l0 + mid0).max(1e-9), low_id)),
                (None, Some(l)) => (cap((1.0 - l) * b0 / (b0 + mid0).max(1e-9), best_id), l),
                (None, None) => fit(cap(b0, best_id), cap(l0, low_id)),
            }
        })
        .collect()
}

/// Leaves at least 3 % to the middle answers.
fn fit(best: f64, low: f64) -> (f64, f64) {
    let total = best + low;
    if total > 0.97 {
        (best * 0.97 / total, low * 0.97 / total)
    } else {
        (best, low)
    }
}

/// The latent values of every municipality (all 290) for one indicator in one year.
fn latent(seed: u64, code: &str, i: usize, year: i32) -> f64 {
    let m = code.parse::<u64>().unwrap_or(u64::MAX);
    let capability = 0.35 * f64::from(size_class(code)) + 0.5 * Rng::new(&[seed, 3, m]).normal();
    let persistent = 0.6 * Rng::new(&[seed, 4, m, i as u64]).normal();
    let yearly = 0.35 * Rng::new(&[seed, 5, m, i as u64, year as u64]).normal();
    let trend = 0.3 * f64::from(year - REFERENCE_YEAR);
    capability + persistent + yearly + trend
}

/// Cut points between the scale's answers (fewest points first) for one indicator: the
/// reference year's latent values of all 290 municipalities are cut at the target shares, so
/// that the whole country lands on them and any large sample near them.
fn cuts(values: &mut [f64], (best, low): (f64, f64), answers: usize) -> Vec<f64> {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    let at = |k: usize| -> f64 {
        match k {
            0 => f64::NEG_INFINITY,
            k if k >= n => f64::INFINITY,
            k => (values[k - 1] + values[k]) * 0.5,
        }
    };
    let share = |p: f64| ((p * n as f64) + 0.5) as usize;
    let (k_low, k_best) = (share(low).min(n), share(best).min(n));
    let k_top = n - k_best.min(n - k_low);
    // The middle answers share what lies between the lowest and the best evenly.
    let middle = answers.saturating_sub(2).max(1);
    let mut out = vec![at(k_low)];
    for j in 1..middle {
        out.push(at(k_low + (k_top - k_low) * j / middle));
    }
    if answers >= 2 {
        out.push(at(k_top));
    }
    out.truncate(answers.saturating_sub(1));
    out
}

/// Generates the synthetic data set: one assessment per municipality and year (unless it does
/// not participate that year), municipalities in code order within each year, years in the
/// order given. Every assessment says `"synthetic": true`.
///
/// The answer shares are calibrated: with the built-in 2016 catalogue, the whole country's 2017
/// answers land on the published national figures of 2017 (`indicators/*.published-2017.json`)
/// and each section's other indicators stay below its published best and worst; elsewhere the
/// shares are plausible (services hardest, tech easiest), seeded per indicator.
///
/// ```
/// use std::sync::Arc;
/// use eblomlada::analysis::{synthetic, SyntheticOptions};
/// use eblomlada::Catalogue;
///
/// let catalogue = Arc::new(Catalogue::builtin("eblomladan-2016")?);
/// let data = synthetic::generate(&catalogue, &SyntheticOptions::new(42, [2016, 2017]))?;
/// assert_eq!(data.len(), 40 + 61); // as many as published, per the seeds
/// assert!(data.iter().all(|a| a.is_synthetic()));
/// assert_eq!(data, synthetic::generate(&catalogue, &SyntheticOptions::new(42, [2016, 2017]))?);
/// let all = synthetic::generate(&catalogue, &SyntheticOptions::new(42, [2017]).participation(1.0))?;
/// assert_eq!(all.len(), 290);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn generate(catalogue: &Arc<Catalogue>, options: &SyntheticOptions) -> Result<Vec<Assessment>, AnalysisError> {
    let everyone: Vec<&str> = MUNICIPALITIES.iter().map(|(c, _)| *c).collect();
    let codes: Vec<&str> = match &options.municipalities {
        Some(list) => list.iter().map(String::as_str).collect(),
        None => everyone.clone(),
    };
    let answers = (codes.len() as u64)
        .saturating_mul(options.years.len() as u64)
        .saturating_mul(catalogue.indicators().len() as u64);
    if answers > options.max_answers {
        return Err(AnalysisError::TooLarge {
            what: "the synthetic data set",
            size: answers,
            unit: "answers",
            limit: options.max_answers,
            hint: "give fewer years or municipalities, or raise the limit",
        });
    }
    let seed = options.seed;
    let scale = catalogue.scale();
    // Scale positions from fewest to most points.
    let mut by_points: Vec<usize> = (0..scale.len()).collect();
    by_points.sort_by_key(|&i| scale[i].points);
    let thresholds: Vec<Vec<f64>> = if options.years.is_empty() {
        Vec::new()
    } else {
        targets(catalogue, seed)
            .into_iter()
            .enumerate()
            .map(|(i, target)| {
                let mut values: Vec<f64> = everyone
                    .iter()
                    .map(|code| latent(seed, code, i, REFERENCE_YEAR))
                    .collect();
                cuts(&mut values, target, scale.len())
            })
            .collect()
    };
    let mut out = Vec::with_capacity(codes.len() * options.years.len());
    for &year in &options.years {
        // Who publishes: a seeded draw per municipality and year, so one municipality's
        // participation does not depend on which others are generated.
        let draw = |code: &str| Rng::new(&[seed, 2, code.parse::<u64>().unwrap_or(u64::MAX), year as u64]).uniform();
        let chosen: Option<Vec<&str>> = match (options.participation, &options.municipalities) {
            (None, None) => {
                let mut ranked: Vec<(f64, &str)> = everyone.iter().map(|c| (draw(c), *c)).collect();
                ranked.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(b.1)));
                Some(ranked.into_iter().take(published_count(year)).map(|(_, c)| c).collect())
            }
            _ => None,
        };
        for &code in &codes {
            let publishes = match (&chosen, options.participation) {
                (Some(list), _) => list.contains(&code),
                (None, Some(p)) => draw(code) < p,
                (None, None) => true,
            };
            if !publishes {
                continue;
            }
            let m = code.parse::<u64>().unwrap_or(u64::MAX);
            // Two in five municipalities answer everything; the others leave more or less open,
            // so that the mean is `unanswered` and every county has complete flowers.
            let mut habit = Rng::new(&[seed, 7, m]);
            let open = if habit.uniform() < 0.4 {
                0.0
            } else {
                (options.unanswered / 0.6 * 2.0 * habit.uniform()).min(1.0)
            };
            let mut assessment = Assessment::new(catalogue, code, year)?;
            for (i, bands) in thresholds.iter().enumerate() {
                let z = latent(seed, code, i, year);
                let mut yearly = Rng::new(&[seed, 8, m, i as u64, year as u64]);
                if yearly.uniform() < open {
                    continue;
                }
                let rank = bands.iter().filter(|&&t| z >= t).count();
                let comment =
                    (yearly.uniform() < options.comments).then(|| COMMENTS[yearly.below(COMMENTS.len())].to_owned());
                assessment.set_slot(
                    i,
                    Some(Answer {
                        choice: by_points[rank.min(by_points.len() - 1)],
                        comment,
                        extra: StrictMap::default(),
                    }),
                );
            }
            assessment
                .set_extra("synthetic", Some(serde_json::Value::Bool(true)))
                .map_err(AnalysisError::Core)?;
            out.push(assessment);
        }
    }
    Ok(out)
}
