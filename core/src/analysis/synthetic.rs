//! A seeded synthetic national data set: 290 municipalities × several years, for examples,
//! benchmarks and tests.
//!
//! **Real national data is not available** to this project: SKL's published assessments were
//! never released as a machine-readable data set that we could find. The documented path for
//! real data is to export it to the long CSV format and read it with [`crate::analysis::csv::import`]
//! (`eblomlada import data.csv -o DIR`). Everything this module produces is invented.
//!
//! The model (a latent-trait model, deterministic for a given seed on every platform: the
//! generator is SplitMix64 seeding xoshiro256**, and only `+`, `−`, `×` of `f64` are used, so
//! Rust, Python and WebAssembly give the same data):
//! - Each indicator has a difficulty: its level's offset (service indicators are the hardest,
//!   technical ones the easiest) plus a seeded random part, so answer probabilities differ by
//!   indicator.
//! - Each municipality has a capability: **a size proxy** plus a seeded random part. No
//!   population data is available, so size is guessed from the code: the three metropolitan
//!   municipalities (Stockholm 0180, Göteborg 1480, Malmö 1280) are class 3; other codes ending
//!   in 80 (most county seats) class 2; codes ending in 81–89 (mostly older towns) class 1;
//!   all others class 0. This reproduces the seeds' observation that small municipalities lag,
//!   crudely. Bring real size classes with a `--groups` file when you have them.
//! - Each year after 2016 adds a fixed amount, so the shares of "fully" grow with the year; a
//!   persistent municipality × indicator effect keeps a municipality's answers similar from one
//!   year to the next (most changes are improvements), with a little noise per year.
//! - The latent value is cut into the scale's answers at fixed thresholds. With the defaults the
//!   2016 data has roughly a fifth "fully", two fifths "partly" and two fifths "not met".
//! - Optionally some municipalities do not publish a given year (`participation`), some
//!   indicators are left unanswered (`unanswered`), and some answers carry a Swedish comment
//!   (`comments`; several contain commas, quotes and line breaks, which exercises exports).
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
    /// Probability that a municipality publishes an assessment in a given year (default 1).
    pub participation: f64,
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
    /// Every municipality, every year given, everyone publishing complete assessments.
    pub fn new(seed: u64, years: impl IntoIterator<Item = i32>) -> SyntheticOptions {
        SyntheticOptions {
            seed,
            years: years.into_iter().collect(),
            municipalities: None,
            participation: 1.0,
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
        self.participation = p;
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
        for &k in key {
            state ^= k;
            splitmix(&mut state);
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

/// Per-level offset of an indicator's difficulty, by the level's position among `levels`:
/// the first level (services) is hardest, the last (tech) easiest.
fn level_offset(level: usize, levels: usize) -> f64 {
    if levels <= 1 {
        return 0.0;
    }
    0.5 - level as f64 / (levels - 1) as f64
}

/// Generates the synthetic data set: one assessment per municipality and year (unless it does
/// not participate that year), municipalities in code order within each year, years in the
/// order given.
///
/// ```
/// use std::sync::Arc;
/// use eblomlada::analysis::{synthetic, SyntheticOptions};
/// use eblomlada::Catalogue;
///
/// let catalogue = Arc::new(Catalogue::builtin("eblomladan-2016")?);
/// let data = synthetic::generate(&catalogue, &SyntheticOptions::new(42, [2016, 2017]))?;
/// assert_eq!(data.len(), 580);
/// assert_eq!(data, synthetic::generate(&catalogue, &SyntheticOptions::new(42, [2016, 2017]))?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn generate(catalogue: &Arc<Catalogue>, options: &SyntheticOptions) -> Result<Vec<Assessment>, AnalysisError> {
    let codes: Vec<&str> = match &options.municipalities {
        Some(list) => list.iter().map(String::as_str).collect(),
        None => MUNICIPALITIES.iter().map(|(c, _)| *c).collect(),
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
    let thresholds: Vec<f64> = (1..scale.len()).map(|j| -0.4 + (j - 1) as f64 * 1.3).collect();
    let levels = catalogue.levels().len();
    let difficulty: Vec<f64> = catalogue
        .placement
        .iter()
        .enumerate()
        .map(|(i, &(level, _))| {
            let mut rng = Rng::new(&[seed, 1, i as u64]);
            level_offset(level, levels) + 0.8 * rng.normal()
        })
        .collect();
    let first_year = options.years.iter().copied().min().unwrap_or(2016).min(2016);
    let mut out = Vec::with_capacity(codes.len() * options.years.len());
    for &year in &options.years {
        for &code in &codes {
            let m = code.parse::<u64>().unwrap_or(u64::MAX);
            let mut publish = Rng::new(&[seed, 2, m, year as u64]);
            if publish.uniform() >= options.participation {
                continue;
            }
            let capability = 0.35 * f64::from(size_class(code)) + 0.5 * Rng::new(&[seed, 3, m]).normal();
            let trend = 0.3 * f64::from(year - first_year);
            let mut assessment = Assessment::new(catalogue, code, year)?;
            for (i, slot) in assessment.answers.iter_mut().enumerate() {
                let persistent = 0.6 * Rng::new(&[seed, 4, m, i as u64]).normal();
                let mut yearly = Rng::new(&[seed, 5, m, i as u64, year as u64]);
                let z = capability + trend - difficulty[i] + persistent + 0.35 * yearly.normal();
                if yearly.uniform() < options.unanswered {
                    continue;
                }
                let rank = thresholds.iter().filter(|&&t| z > t).count();
                let comment =
                    (yearly.uniform() < options.comments).then(|| COMMENTS[yearly.below(COMMENTS.len())].to_owned());
                *slot = Some(Answer {
                    choice: by_points[rank],
                    comment,
                    extra: StrictMap::default(),
                });
            }
            out.push(assessment);
        }
    }
    Ok(out)
}
