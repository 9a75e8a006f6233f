//! The improvement planner: "which red or yellow indicators could turn green with least effort,
//! and which would lift a flower's colour?" (DOMAIN.md §6, the Kumla report's question).
//!
//! **Single-step changes.** Every answered indicator below the best answer can be raised to any
//! better answer (red→yellow, yellow→green, red→green). Raising indicator *i* of level *l* by
//! Δ points raises the score of every flower *a* it counts for by exactly `w_l · Δ / n_al`,
//! where `n_al` is the number of answered indicators of level *l* that count for *a* (the
//! answered count does not change, so the effect is exact and additive). The planner lists every
//! such change with its exact gain per flower and flags those that move a flower into a better
//! colour band.
//!
//! **The smallest set.** For a chosen area (or for all areas at once) it finds a set of changes
//! that lifts the flower score(s) to the target band (green by default) with, first, the fewest
//! indicators changed and, among those, the fewest answer steps (red→green is one change of two
//! steps). The search is exact: within one level every candidate gives the same gain per step,
//! so a choice is described by how many steps each level gets, and the fewest indicators that
//! can carry `s` steps is the smallest prefix of candidates (most headroom first) whose headroom
//! reaches `s`. The planner enumerates the step counts of all levels but one and computes the
//! last directly, in exact integer arithmetic; for all areas at once it enumerates the steps of
//! the general indicators and solves each area's own indicators for what is left. Ties are
//! broken deterministically; within a level, steps beyond one per indicator go to the
//! candidates with the most headroom and one-step changes go to those closest to the best
//! answer (so a yellow turns green rather than a red yellow).
//!
//! Unanswered indicators are not candidates (answer them first). A flower that is not complete
//! is planned on its provisional score and marked `complete: false`; its colour is the band of
//! that score, which the flower only shows once every indicator is answered. The planner needs
//! a scale whose points are evenly spaced (1, 2, 3 in eBlomlådan).

use serde::Serialize;

use crate::analysis::{lcm, AnalysisError};
use crate::assessment::Assessment;
use crate::catalogue::{Catalogue, CatalogueRef};
use crate::fraction::Fraction;
use crate::json::OrderedMap;

/// The default of [`PlanOptions::max_entries`]: 100 000 changes and effects, about 30 MB of
/// JSON. eBlomlådan's catalogue gives about 1 500.
pub const DEFAULT_MAX_PLAN_ENTRIES: u64 = 100_000;

/// Options of the planner.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct PlanOptions {
    /// Plan for this area only (default: every area, and a set that makes all of them reach the
    /// target).
    pub area: Option<String>,
    /// The target colour band (default: the best band, green).
    pub target: Option<String>,
    /// The most changes and per-flower effects a plan may list (a general indicator's change
    /// has one effect per flower), counted before any work is done: a catalogue with thousands
    /// of areas and general indicators would otherwise give gigabytes. Default
    /// [`DEFAULT_MAX_PLAN_ENTRIES`]; beyond it `plan` returns [`AnalysisError::TooLarge`].
    pub max_entries: u64,
}

impl Default for PlanOptions {
    fn default() -> Self {
        PlanOptions {
            area: None,
            target: None,
            max_entries: DEFAULT_MAX_PLAN_ENTRIES,
        }
    }
}

impl PlanOptions {
    /// Every area, target green.
    pub fn new() -> PlanOptions {
        PlanOptions::default()
    }

    /// Sets the limit of listed changes and effects.
    pub fn max_entries(mut self, limit: u64) -> PlanOptions {
        self.max_entries = limit;
        self
    }

    /// Plans for one area.
    pub fn area(mut self, area: &str) -> PlanOptions {
        self.area = Some(area.to_owned());
        self
    }

    /// Sets the target colour band.
    pub fn target(mut self, colour: &str) -> PlanOptions {
        self.target = Some(colour.to_owned());
        self
    }
}

/// A flower's score after a change.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Gain {
    /// How much the flower score rises.
    pub gain: f64,
    /// The rise as an exact fraction.
    pub gain_exact: Fraction,
    /// The flower score after the change.
    pub score: f64,
    /// Its colour band after the change.
    pub colour: Option<String>,
    /// Whether the colour band gets better.
    pub changes_colour: bool,
}

/// One single-step change and its effect on every flower it counts for.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Step {
    /// Indicator id.
    pub id: String,
    /// Its level.
    pub level: String,
    /// Its area, if scoped (a general indicator counts for every flower).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
    /// The answer now.
    pub from: String,
    /// The better answer.
    pub to: String,
    /// Answer steps between them (red→green is 2).
    pub steps: u32,
    /// Per flower it counts for (within the plan's areas): the effect.
    pub gains: OrderedMap<Gain>,
    /// Sum of the gains.
    pub total_gain: f64,
    /// The flowers whose colour band gets better.
    pub colour_changes: Vec<String>,
}

/// A change within one flower's ranking.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct AreaStep {
    /// Indicator id.
    pub id: String,
    /// The answer now.
    pub from: String,
    /// The better answer.
    pub to: String,
    /// Answer steps between them.
    pub steps: u32,
    /// The effect on this flower.
    #[serde(flatten)]
    pub effect: Gain,
}

/// One change of a set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Move {
    /// Indicator id.
    pub id: String,
    /// The answer now.
    pub from: String,
    /// The answer to reach.
    pub to: String,
    /// Answer steps between them.
    pub steps: u32,
}

/// A flower's score after a set of changes.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Outcome {
    /// The score.
    pub score: f64,
    /// The score as an exact fraction.
    pub score_exact: Fraction,
    /// Its colour band.
    pub colour: Option<String>,
}

/// The smallest set of changes that reaches the target.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct MinimalSet {
    /// The changes, in catalogue order.
    pub changes: Vec<Move>,
    /// How many indicators change (the first thing minimised).
    pub count: usize,
    /// How many answer steps in all (the second thing minimised).
    pub steps: u32,
    /// The flowers' scores after the changes.
    pub outcome: OrderedMap<Outcome>,
}

/// The plan for one flower.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct AreaPlan {
    /// Whether every indicator that counts for the area is answered.
    pub complete: bool,
    /// The (provisional while incomplete) flower score; `null` while a level has no answer.
    pub score: Option<f64>,
    /// The score as an exact fraction.
    pub score_exact: Option<Fraction>,
    /// The colour band of the score.
    pub colour: Option<String>,
    /// Whether the score is already in the target band or better.
    pub reached: bool,
    /// Single-step changes that raise this flower, best first (gain, then fewer steps, then
    /// catalogue order).
    pub ranked: Vec<AreaStep>,
    /// The smallest set of changes that reaches the target; empty when reached, `null` when the
    /// area has no score yet.
    pub minimal: Option<MinimalSet>,
}

/// The improvement plan of one assessment.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[schemars(title = "eblomlada plan")]
pub struct Plan {
    /// The catalogue.
    pub catalogue: CatalogueRef,
    /// Municipality code.
    pub municipality: String,
    /// Year assessed.
    pub year: i32,
    /// The target colour band.
    pub target: String,
    /// Every single-step change that raises a flower of the plan, best first: most flowers
    /// changing colour, then largest total gain, then fewest steps, then catalogue order.
    pub steps: Vec<Step>,
    /// Per area planned.
    pub areas: OrderedMap<AreaPlan>,
    /// Without a chosen area: the smallest set that makes every flower reach the target;
    /// `null` when some flower has no score yet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub all: Option<MinimalSet>,
}

impl Plan {
    /// Pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

/// Most combinations the exact search will enumerate before giving up.
const SEARCH_LIMIT: u128 = 20_000_000;

/// A pool of candidates that give the same gain per step (one level, general or area-scoped).
#[derive(Debug, Clone)]
struct Pool {
    level: usize,
    /// `(headroom in steps, indicator position)`, most headroom first, then catalogue order.
    members: Vec<(u32, usize)>,
    /// `xmin[s]`: fewest members that can carry `s` steps.
    xmin: Vec<u32>,
}

impl Pool {
    fn new(level: usize, mut members: Vec<(u32, usize)>) -> Pool {
        members.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let total: u32 = members.iter().map(|m| m.0).sum();
        let mut xmin = vec![0u32; total as usize + 1];
        let (mut x, mut carried) = (0u32, 0u32);
        for (s, slot) in xmin.iter_mut().enumerate() {
            while carried < s as u32 {
                carried += members[x as usize].0;
                x += 1;
            }
            *slot = x;
        }
        Pool { level, members, xmin }
    }

    fn max(&self) -> u32 {
        self.xmin.len() as u32 - 1
    }

    /// Which members take how many steps, for `steps` steps on the fewest members.
    fn assign(&self, steps: u32) -> Vec<(usize, u32)> {
        let x = self.xmin[steps as usize] as usize;
        let mut extra = steps - x as u32;
        let mut out = Vec::new();
        let mut used = vec![false; self.members.len()];
        for (k, &(head, index)) in self.members.iter().enumerate() {
            if extra == 0 {
                break;
            }
            let e = (head - 1).min(extra);
            extra -= e;
            out.push((index, 1 + e));
            used[k] = true;
        }
        // One-step changes go to the members closest to the best answer.
        let mut rest: Vec<&(u32, usize)> = self
            .members
            .iter()
            .enumerate()
            .filter(|(k, _)| !used[*k])
            .map(|(_, m)| m)
            .collect();
        rest.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
        let need = x - out.len();
        out.extend(rest.into_iter().take(need).map(|&(_, index)| (index, 1)));
        out
    }
}

/// The best `(count, steps, steps per pool)` reaching `need` with `pools` whose per-step gains
/// are `gains` (all integers in one scale), or `None`.
fn solve(pools: &[&Pool], gains: &[i128], need: i128) -> Option<(u32, u32, Vec<u32>)> {
    if need <= 0 {
        return Some((0, 0, vec![0; pools.len()]));
    }
    let live: Vec<usize> = (0..pools.len())
        .filter(|&p| pools[p].max() > 0 && gains[p] > 0)
        .collect();
    let &last = live.iter().max_by_key(|&&p| (pools[p].max(), std::cmp::Reverse(p)))?;
    let others: Vec<usize> = live.iter().copied().filter(|&p| p != last).collect();
    let mut s = vec![0u32; others.len()];
    let mut best: Option<(u32, u32, Vec<u32>)> = None;
    loop {
        let (mut gain, mut count, mut steps) = (0i128, 0u32, 0u32);
        for (k, &p) in others.iter().enumerate() {
            gain += gains[p] * i128::from(s[k]);
            count += pools[p].xmin[s[k] as usize];
            steps += s[k];
        }
        let residual = need - gain;
        let s_last = if residual <= 0 {
            0
        } else {
            let q = (residual + gains[last] - 1) / gains[last];
            u32::try_from(q).unwrap_or(u32::MAX)
        };
        if s_last <= pools[last].max() {
            let total = (count + pools[last].xmin[s_last as usize], steps + s_last);
            if best.as_ref().is_none_or(|b| total < (b.0, b.1)) {
                let mut per = vec![0u32; pools.len()];
                for (k, &p) in others.iter().enumerate() {
                    per[p] = s[k];
                }
                per[last] = s_last;
                best = Some((total.0, total.1, per));
            }
        }
        // Next combination.
        let mut k = 0;
        loop {
            if k == others.len() {
                return best;
            }
            s[k] += 1;
            if s[k] <= pools[others[k]].max() {
                break;
            }
            s[k] = 0;
            k += 1;
        }
    }
}

/// The numbers of one assessment the planner works on.
struct State<'a> {
    catalogue: &'a Catalogue,
    /// Scale position → rank by points (0 = fewest).
    rank: Vec<usize>,
    /// Rank → scale position.
    by_rank: Vec<usize>,
    delta: u64,
    nl: usize,
    /// `[a·nl + l]`: answered indicators that count for area a at level l, and their points.
    answered: Vec<u64>,
    /// Per area: the provisional score.
    scores: Vec<Option<Fraction>>,
    complete: Vec<bool>,
    target: Fraction,
    /// Per indicator: `(headroom in steps, current scale position)` if answered.
    current: Vec<Option<(u32, usize)>>,
}

impl<'a> State<'a> {
    fn new(assessment: &'a Assessment, target: Fraction) -> Result<State<'a>, AnalysisError> {
        let catalogue = assessment.catalogue().as_ref();
        let scale = catalogue.scale();
        let mut by_rank: Vec<usize> = (0..scale.len()).collect();
        by_rank.sort_by_key(|&i| scale[i].points);
        let mut rank = vec![0; scale.len()];
        for (r, &i) in by_rank.iter().enumerate() {
            rank[i] = r;
        }
        let gaps: Vec<u64> = by_rank
            .windows(2)
            .map(|w| u64::from(scale[w[1]].points) - u64::from(scale[w[0]].points))
            .collect();
        let delta = gaps.first().copied().unwrap_or(1);
        if gaps.iter().any(|&g| g != delta || g == 0) {
            return Err(AnalysisError::Unplannable {
                reason: format!(
                    "the answer scale's points are not evenly spaced and distinct ({}); the planner counts steps between answers",
                    by_rank.iter().map(|&i| scale[i].points.to_string()).collect::<Vec<_>>().join(", ")
                ),
            });
        }
        let (nl, na) = (catalogue.levels().len(), catalogue.areas().len());
        let mut answered = vec![0u64; na * nl];
        let mut points = vec![0u64; na * nl];
        let mut total = vec![0usize; na];
        let mut current = vec![None; catalogue.indicators().len()];
        for (i, (choice, &(level, area))) in assessment.choices().zip(&catalogue.placement).enumerate() {
            for a in 0..na {
                if area.is_none_or(|x| x == a) {
                    total[a] += 1;
                    if let Some(choice) = choice {
                        answered[a * nl + level] += 1;
                        points[a * nl + level] += u64::from(scale[choice].points);
                    }
                }
            }
            if let Some(choice) = choice {
                current[i] = Some(((scale.len() - 1 - rank[choice]) as u32, choice));
            }
        }
        let scores = (0..na)
            .map(|a| {
                catalogue
                    .levels()
                    .iter()
                    .enumerate()
                    .try_fold(Fraction::ZERO, |sum, (l, level)| {
                        let mean = Fraction::new(points[a * nl + l], answered[a * nl + l])?;
                        sum.checked_add(mean.checked_mul(level.weight)?)
                    })
            })
            .collect();
        let complete = (0..na)
            .map(|a| answered[a * nl..(a + 1) * nl].iter().sum::<u64>() as usize == total[a])
            .collect();
        Ok(State {
            catalogue,
            rank,
            by_rank,
            delta,
            nl,
            answered,
            scores,
            complete,
            target,
            current,
        })
    }

    /// Exact gain per answer step of an indicator of level `l` for area `a`.
    fn step_gain(&self, a: usize, l: usize) -> Option<Fraction> {
        Fraction::new(self.delta, self.answered[a * self.nl + l])?.checked_mul(self.catalogue.levels()[l].weight)
    }

    fn colour(&self, score: Option<Fraction>) -> Option<String> {
        score.and_then(|s| self.catalogue.colour_of(s)).map(str::to_owned)
    }

    fn band(&self, score: Fraction) -> usize {
        self.catalogue
            .bands()
            .iter()
            .position(|b| score >= b.min)
            .unwrap_or(usize::MAX)
    }

    /// Candidates of area `a` (or general ones with `a = None` and `general_only`), as pools.
    fn pools(&self, filter: impl Fn(Option<usize>) -> bool) -> Vec<Pool> {
        let mut members: Vec<Vec<(u32, usize)>> = vec![Vec::new(); self.nl];
        for (i, &(level, area)) in self.catalogue.placement.iter().enumerate() {
            if let Some((head, _)) = self.current[i] {
                if head > 0 && filter(area) {
                    members[level].push((head, i));
                }
            }
        }
        members
            .into_iter()
            .enumerate()
            .filter(|(_, m)| !m.is_empty())
            .map(|(l, m)| Pool::new(l, m))
            .collect()
    }

    /// Scale `need` and the pools' gains for area `a` to integers: `(need, gains)`.
    fn scaled(
        &self,
        a: usize,
        need: Fraction,
        pools: &[&Pool],
        extra: &[Fraction],
    ) -> Option<(i128, Vec<i128>, Vec<i128>)> {
        let gains: Vec<Fraction> = pools
            .iter()
            .map(|p| self.step_gain(a, p.level))
            .collect::<Option<_>>()?;
        let d = gains
            .iter()
            .chain(extra)
            .chain(std::iter::once(&need))
            .try_fold(1u128, |acc, f| lcm(acc, u128::from(f.denom())))?;
        let int =
            |f: &Fraction| -> Option<i128> { i128::try_from(d / u128::from(f.denom()) * u128::from(f.numer())).ok() };
        Some((
            int(&need)?,
            gains.iter().map(int).collect::<Option<_>>()?,
            extra.iter().map(int).collect::<Option<_>>()?,
        ))
    }

    fn moves(&self, assignments: &[(usize, u32)]) -> Vec<Move> {
        let mut moves: Vec<(usize, u32)> = assignments.to_vec();
        moves.sort_unstable();
        let scale = self.catalogue.scale();
        moves
            .into_iter()
            .filter_map(|(i, steps)| {
                let (_, choice) = self.current[i]?;
                let to = self.by_rank[self.rank[choice] + steps as usize];
                Some(Move {
                    id: self.catalogue.indicators()[i].id.clone(),
                    from: scale[choice].id.clone(),
                    to: scale[to].id.clone(),
                    steps,
                })
            })
            .collect()
    }

    /// Scores of `areas` after the moves.
    fn outcome(&self, areas: &[usize], assignments: &[(usize, u32)]) -> OrderedMap<Outcome> {
        OrderedMap(
            areas
                .iter()
                .filter_map(|&a| {
                    let mut score = self.scores[a]?;
                    for &(i, steps) in assignments {
                        if self.catalogue.applies_to(i, a) {
                            let gain = self
                                .step_gain(a, self.catalogue.placement[i].0)?
                                .checked_mul(Fraction::integer(u64::from(steps)))?;
                            score = score.checked_add(gain)?;
                        }
                    }
                    let outcome = Outcome {
                        score: score.to_f64(),
                        score_exact: score,
                        colour: self.colour(Some(score)),
                    };
                    Some((self.catalogue.areas()[a].id.clone(), outcome))
                })
                .collect(),
        )
    }

    fn need(&self, a: usize) -> Option<Fraction> {
        let score = self.scores[a]?;
        Some(if score >= self.target {
            Fraction::ZERO
        } else {
            ratio_minus(self.target, score)
        })
    }

    /// The smallest set for one area.
    fn minimal_for(&self, a: usize) -> Result<Option<MinimalSet>, AnalysisError> {
        let Some(need) = self.need(a) else {
            return Ok(None);
        };
        let pools = self.pools(|area| area.is_none_or(|x| x == a));
        let refs: Vec<&Pool> = pools.iter().collect();
        check_size(refs.iter().map(|p| p.max()), true)?;
        let Some((need, gains, _)) = self.scaled(a, need, &refs, &[]) else {
            return Ok(None);
        };
        let Some((_, _, per)) = solve(&refs, &gains, need) else {
            return Ok(None);
        };
        let assignments: Vec<(usize, u32)> = refs.iter().zip(&per).flat_map(|(p, &s)| p.assign(s)).collect();
        Ok(Some(self.set(&[a], &assignments)))
    }

    fn set(&self, areas: &[usize], assignments: &[(usize, u32)]) -> MinimalSet {
        let changes = self.moves(assignments);
        MinimalSet {
            count: changes.len(),
            steps: changes.iter().map(|m| m.steps).sum(),
            changes,
            outcome: self.outcome(areas, assignments),
        }
    }

    /// The smallest set that makes every area reach the target.
    fn minimal_for_all(&self) -> Result<Option<MinimalSet>, AnalysisError> {
        let na = self.catalogue.areas().len();
        let needs: Option<Vec<Fraction>> = (0..na).map(|a| self.need(a)).collect();
        let Some(needs) = needs else {
            return Ok(None);
        };
        let general = self.pools(|area| area.is_none());
        let general_refs: Vec<&Pool> = general.iter().collect();
        let scoped: Vec<Vec<Pool>> = (0..na).map(|a| self.pools(|area| area == Some(a))).collect();
        // Per area: integer need, scoped gains, general gains (one scale per area).
        let mut scales = Vec::with_capacity(na);
        for a in 0..na {
            let refs: Vec<&Pool> = scoped[a].iter().collect();
            let general_gains: Vec<Fraction> = general_refs
                .iter()
                .map(|p| self.step_gain(a, p.level))
                .collect::<Option<_>>()
                .unwrap_or_default();
            let Some(scale) = self.scaled(a, needs[a], &refs, &general_gains) else {
                return Ok(None);
            };
            scales.push(scale);
        }
        let outer = check_size(general_refs.iter().map(|p| p.max()), false)?;
        let inner: u128 = scoped
            .iter()
            .map(|pools| check_size(pools.iter().map(|p| p.max()), true).unwrap_or(SEARCH_LIMIT))
            .sum();
        if outer.saturating_mul(inner.max(1)) > SEARCH_LIMIT {
            return Err(too_large());
        }
        let mut s = vec![0u32; general_refs.len()];
        // (count, steps, steps per general pool, per area the steps per scoped pool).
        type Best = (u32, u32, Vec<u32>, Vec<Vec<u32>>);
        let mut best: Option<Best> = None;
        'combinations: loop {
            let (mut count, mut steps) = (0u32, 0u32);
            for (k, p) in general_refs.iter().enumerate() {
                count += p.xmin[s[k] as usize];
                steps += s[k];
            }
            let mut per_area = Vec::with_capacity(na);
            let mut feasible = true;
            for a in 0..na {
                if best.as_ref().is_some_and(|b| (count, steps) >= (b.0, b.1)) {
                    feasible = false;
                    break;
                }
                let (need, gains, general_gains) = &scales[a];
                let gained: i128 = general_gains.iter().zip(&s).map(|(g, x)| g * i128::from(*x)).sum();
                let refs: Vec<&Pool> = scoped[a].iter().collect();
                match solve(&refs, gains, need - gained) {
                    Some((c, st, per)) => {
                        count += c;
                        steps += st;
                        per_area.push(per);
                    }
                    None => {
                        feasible = false;
                        break;
                    }
                }
            }
            if feasible && best.as_ref().is_none_or(|b| (count, steps) < (b.0, b.1)) {
                best = Some((count, steps, s.clone(), per_area));
            }
            let mut k = 0;
            loop {
                if k == s.len() {
                    break 'combinations;
                }
                s[k] += 1;
                if s[k] <= general_refs[k].max() {
                    break;
                }
                s[k] = 0;
                k += 1;
            }
        }
        let Some((_, _, general_steps, per_area)) = best else {
            return Ok(None);
        };
        let mut assignments: Vec<(usize, u32)> = general_refs
            .iter()
            .zip(&general_steps)
            .flat_map(|(p, &x)| p.assign(x))
            .collect();
        for (a, per) in per_area.iter().enumerate() {
            assignments.extend(scoped[a].iter().zip(per).flat_map(|(p, &x)| p.assign(x)));
        }
        let areas: Vec<usize> = (0..na).collect();
        Ok(Some(self.set(&areas, &assignments)))
    }
}

fn too_large() -> AnalysisError {
    AnalysisError::Unplannable {
        reason: "the catalogue has too many levels or indicators for the exact search".to_owned(),
    }
}

/// The number of combinations of step counts (all pools, or all but the largest).
fn check_size(maxima: impl Iterator<Item = u32>, skip_largest: bool) -> Result<u128, AnalysisError> {
    let mut maxima: Vec<u128> = maxima.map(|m| u128::from(m) + 1).collect();
    if skip_largest {
        maxima.sort_unstable();
        maxima.pop();
    }
    let product = maxima
        .iter()
        .try_fold(1u128, |acc, m| acc.checked_mul(*m))
        .unwrap_or(u128::MAX);
    if product > SEARCH_LIMIT {
        Err(too_large())
    } else {
        Ok(product)
    }
}

/// `a − b` for `a > b`.
fn ratio_minus(a: Fraction, b: Fraction) -> Fraction {
    let num = u128::from(a.numer()) * u128::from(b.denom()) - u128::from(b.numer()) * u128::from(a.denom());
    crate::analysis::ratio(num, u128::from(a.denom()) * u128::from(b.denom())).unwrap_or(Fraction::ZERO)
}

/// How many entries the plan would list (each change, and each of its effects twice: in the
/// change and in the flower's ranking), from the answers alone, before any work.
fn check_output_size(assessment: &Assessment, areas: &[usize], limit: u64) -> Result<(), AnalysisError> {
    let catalogue = assessment.catalogue();
    let best = catalogue.scale().iter().map(|s| s.points).max().unwrap_or(0);
    let mut entries: u64 = 0;
    for ((_, scope), choice) in catalogue.placement.iter().zip(assessment.choices()) {
        let Some(choice) = choice else { continue };
        let better = catalogue
            .scale()
            .iter()
            .filter(|s| s.points > catalogue.scale()[choice].points && s.points <= best)
            .count() as u64;
        let flowers = match scope {
            Some(a) => u64::from(areas.contains(a)),
            None => areas.len() as u64,
        };
        entries = entries.saturating_add(better.saturating_mul(1 + 2 * flowers));
    }
    // The minimal sets' outcomes: one per flower per set.
    entries = entries.saturating_add((areas.len() as u64).saturating_mul(areas.len() as u64 + 1));
    if entries > limit {
        return Err(AnalysisError::TooLarge {
            what: "the plan",
            size: entries,
            unit: "changes and effects",
            limit,
            hint: "plan one area at a time or raise the limit",
        });
    }
    Ok(())
}

/// Plans improvements for one assessment.
///
/// ```
/// use std::sync::Arc;
/// use eblomlada::analysis::{self, PlanOptions};
/// use eblomlada::{Assessment, Catalogue};
///
/// let catalogue = Arc::new(Catalogue::builtin("eblomladan-2016")?);
/// let mut a = Assessment::new(&catalogue, "1881", 2017)?;
/// for indicator in catalogue.indicators() {
///     a.answer(&indicator.id, "partly")?; // every flower scores exactly 2: yellow
/// }
/// let plan = analysis::plan(&a, &PlanOptions::new().area("elderly"))?;
/// let elderly = &plan.areas["elderly"];
/// assert_eq!(elderly.colour.as_deref(), Some("yellow"));
/// // Each elderly leaf turned green adds 1/2 · 1/8 = 1/16; 7/3 − 2 = 1/3 needs six of them.
/// let set = elderly.minimal.as_ref().unwrap();
/// assert_eq!((set.count, set.steps), (6, 6));
/// assert_eq!(set.outcome["elderly"].colour.as_deref(), Some("green"));
/// assert_eq!(elderly.ranked[0].effect.gain_exact.to_string(), "1/16");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn plan(assessment: &Assessment, options: &PlanOptions) -> Result<Plan, AnalysisError> {
    let catalogue = assessment.catalogue();
    let bands = catalogue.bands();
    let target_band = match &options.target {
        None => 0,
        Some(colour) => bands
            .iter()
            .position(|b| b.colour == *colour)
            .ok_or_else(|| AnalysisError::UnknownColour {
                colour: colour.clone(),
                known: bands.iter().map(|b| b.colour.clone()).collect(),
            })?,
    };
    let areas: Vec<usize> = match &options.area {
        None => (0..catalogue.areas().len()).collect(),
        Some(id) => {
            vec![catalogue
                .areas()
                .iter()
                .position(|a| a.id == *id)
                .ok_or_else(|| AnalysisError::UnknownArea {
                    area: id.clone(),
                    known: catalogue.areas().iter().map(|a| a.id.clone()).collect(),
                })?]
        }
    };
    check_output_size(assessment, &areas, options.max_entries)?;
    let state = State::new(assessment, bands[target_band].min)?;
    let scale = catalogue.scale();

    // Every single-step change and its gains in the planned areas.
    let mut steps: Vec<(Step, usize, u32, Fraction)> = Vec::new();
    let mut per_area: Vec<Vec<(AreaStep, Fraction, usize)>> = vec![Vec::new(); areas.len()];
    for (i, &(level, scope)) in catalogue.placement.iter().enumerate() {
        let Some((head, choice)) = state.current[i] else {
            continue;
        };
        for k in 1..=head {
            let to = state.by_rank[state.rank[choice] + k as usize];
            let mut gains = Vec::new();
            let mut total = Fraction::ZERO;
            let mut colour_changes = Vec::new();
            for (slot, &a) in areas.iter().enumerate() {
                if scope.is_some_and(|x| x != a) {
                    continue;
                }
                let (Some(score), Some(per_step)) = (state.scores[a], state.step_gain(a, level)) else {
                    continue;
                };
                let Some(gain) = per_step.checked_mul(Fraction::integer(u64::from(k))) else {
                    continue;
                };
                let after = score.checked_add(gain).unwrap_or(score);
                let changes_colour = state.band(after) < state.band(score);
                let effect = Gain {
                    gain: gain.to_f64(),
                    gain_exact: gain,
                    score: after.to_f64(),
                    colour: state.colour(Some(after)),
                    changes_colour,
                };
                let area_id = catalogue.areas()[a].id.clone();
                if changes_colour {
                    colour_changes.push(area_id.clone());
                }
                total = total.checked_add(gain).unwrap_or(total);
                per_area[slot].push((
                    AreaStep {
                        id: catalogue.indicators()[i].id.clone(),
                        from: scale[choice].id.clone(),
                        to: scale[to].id.clone(),
                        steps: k,
                        effect: effect.clone(),
                    },
                    gain,
                    i,
                ));
                gains.push((area_id, effect));
            }
            if gains.is_empty() {
                continue;
            }
            let indicator = &catalogue.indicators()[i];
            steps.push((
                Step {
                    id: indicator.id.clone(),
                    level: indicator.level.clone(),
                    area: indicator.area.clone(),
                    from: scale[choice].id.clone(),
                    to: scale[to].id.clone(),
                    steps: k,
                    gains: OrderedMap(gains),
                    total_gain: total.to_f64(),
                    colour_changes,
                },
                i,
                k,
                total,
            ));
        }
    }
    steps.sort_by(|(x, xi, xk, xt), (y, yi, yk, yt)| {
        y.colour_changes
            .len()
            .cmp(&x.colour_changes.len())
            .then(yt.cmp(xt))
            .then(xk.cmp(yk))
            .then(xi.cmp(yi))
    });
    let mut area_plans = Vec::with_capacity(areas.len());
    for (slot, &a) in areas.iter().enumerate() {
        let mut ranked = std::mem::take(&mut per_area[slot]);
        ranked.sort_by(|(x, xg, xi), (y, yg, yi)| yg.cmp(xg).then(x.steps.cmp(&y.steps)).then(xi.cmp(yi)));
        let score = state.scores[a];
        let plan = AreaPlan {
            complete: state.complete[a],
            score: score.map(Fraction::to_f64),
            score_exact: score,
            colour: state.colour(score),
            reached: score.is_some_and(|s| s >= state.target),
            ranked: ranked.into_iter().map(|(s, _, _)| s).collect(),
            minimal: state.minimal_for(a)?,
        };
        area_plans.push((catalogue.areas()[a].id.clone(), plan));
    }
    let all = match options.area {
        Some(_) => None,
        None => state.minimal_for_all()?,
    };
    Ok(Plan {
        catalogue: catalogue.reference(),
        municipality: assessment.municipality().to_owned(),
        year: assessment.year(),
        target: bands[target_band].colour.clone(),
        steps: steps.into_iter().map(|(s, _, _, _)| s).collect(),
        areas: OrderedMap(area_plans),
        all,
    })
}
