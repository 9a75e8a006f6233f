//! Catalogues: the versioned lists of indicators, the answer scale, the levels with their
//! weights, the service areas and the colour bands.
//!
//! A catalogue is data (`indicators/*.json`), not code: any number of areas and levels, any
//! answer scale, indicators of any level either general (no `area`: they count for every area)
//! or scoped to one area. Loading checks the whole document and reports every problem at once.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Problem, Result};
use crate::fraction::Fraction;
use crate::json::{self, push_index, push_key, StrictMap, StrictValue};

/// A text in several languages, keyed by language tag (`sv`, `en`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(transparent)]
pub struct Text(pub StrictMap<String>);

impl Text {
    /// The text in `lang`, else Swedish (the source language), else any language present.
    pub fn get(&self, lang: &str) -> &str {
        let map = &self.0 .0;
        map.get(lang)
            .or_else(|| map.get("sv"))
            .or_else(|| map.values().next())
            .map_or("", String::as_str)
    }

    /// A text with one entry per `(lang, text)` pair.
    pub fn new<'a>(entries: impl IntoIterator<Item = (&'a str, &'a str)>) -> Text {
        Text(StrictMap(
            entries.into_iter().map(|(l, t)| (l.to_owned(), t.to_owned())).collect(),
        ))
    }
}

/// Which catalogue an assessment was made against.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CatalogueRef {
    /// Catalogue family, e.g. `eblomladan`.
    pub id: String,
    /// Version within the family, e.g. `2016`.
    pub version: String,
}

impl CatalogueRef {
    /// The built-in key, `<id>-<version>`, e.g. `eblomladan-2016`.
    pub fn key(&self) -> String {
        format!("{}-{}", self.id, self.version)
    }
}

impl std::fmt::Display for CatalogueRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.id, self.version)
    }
}

/// One possible answer, e.g. `fully` = 3 points, green.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScaleEntry {
    /// Answer id used in assessment files, e.g. `fully`.
    pub id: String,
    /// Points this answer gives (0–1000).
    pub points: u32,
    /// Colour of the answer: a name of [`COLOUR_NAMES`] (e.g. `green`) or `#rrggbb`.
    pub colour: String,
    /// Label shown to people, per language.
    pub label: Text,
}

/// A level of the flowerbox (services, lead, tech) and its weight in the flower score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Level {
    /// Level id, e.g. `services`.
    pub id: String,
    /// Exact weight in a flower's score; the weights of all levels sum to 1.
    pub weight: Fraction,
    /// Name per language.
    pub name: Text,
}

/// A colour band: a flower whose exact score is at least `min` (and below the previous
/// band's `min`) gets `colour`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Band {
    /// Colour name, e.g. `green`.
    pub colour: String,
    /// Lowest score (inclusive) of this band, as an exact fraction.
    pub min: Fraction,
}

/// A service area: one flower.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Area {
    /// Area id, e.g. `elderly`.
    pub id: String,
    /// Name per language.
    pub name: Text,
}

/// One statement a municipality rates itself against.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// Indicator id, e.g. `elderly-01`.
    pub id: String,
    /// The level it belongs to.
    pub level: String,
    /// The area it is scoped to; absent for a general indicator that counts for every area.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
    /// The statement per language.
    pub text: Text,
    /// How the source text was restored where the original conversion lost words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restored: Option<String>,
}

/// Guidance text that belongs to the catalogue, e.g. the definition of a digital service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Guidance {
    /// Guidance id, e.g. `digital-service`.
    pub id: String,
    /// Title per language.
    pub title: Text,
    /// Body per language.
    pub text: Text,
}

/// Where the catalogue comes from and which decisions it records.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    /// The source documents.
    pub source: String,
    /// Inferences and decisions, one per entry.
    #[serde(default)]
    pub notes: Vec<String>,
}

/// A catalogue file as written (`indicators/*.json`), before its consistency is checked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "eblomlada catalogue")]
pub struct CatalogueDocument {
    /// Catalogue family, e.g. `eblomladan`.
    pub id: String,
    /// Version, e.g. `2016`.
    pub version: String,
    /// Name per language.
    pub name: Text,
    /// Years this catalogue was used for; other years give a warning.
    #[serde(default)]
    pub measurement_years: Vec<i32>,
    /// The answer scale, best answer first.
    pub scale: Vec<ScaleEntry>,
    /// Levels and their weights.
    pub levels: Vec<Level>,
    /// Colour bands, highest `min` first.
    pub bands: Vec<Band>,
    /// Service areas (flowers).
    pub areas: Vec<Area>,
    /// Indicators in catalogue order.
    pub indicators: Vec<Indicator>,
    /// Guidance texts.
    #[serde(default)]
    pub guidance: Vec<Guidance>,
    /// Source and decisions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<Provenance>,
    /// Free-form metadata kept as is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<StrictValue>,
}

/// Field names of an area's score result; a level may not be called like one of them
/// because level means sit beside them in the same JSON object.
pub(crate) const AREA_RESULT_FIELDS: &[&str] = &[
    "score",
    "score_exact",
    "colour",
    "complete",
    "provisional_score",
    "provisional_score_exact",
    "answered",
    "total",
    "counts",
    "shares",
    "percent",
];

/// Largest product of (weight denominator × indicators) over the levels: keeps every exact
/// score's denominator below 2^40 so `f64` output is correctly rounded and nothing overflows.
const MAX_SCORE_DENOMINATOR: u128 = 1 << 40;
const MAX_POINTS: u32 = 1000;

/// A checked catalogue, ready to score assessments.
#[derive(Debug, Clone, PartialEq)]
pub struct Catalogue {
    doc: CatalogueDocument,
    key: String,
    by_id: HashMap<String, usize, BuildHasherDefault<Fnv>>,
    /// Per indicator: index of its level and of its area (`None` = general).
    pub(crate) placement: Vec<(usize, Option<usize>)>,
    /// Indicators per level.
    pub(crate) level_totals: Vec<usize>,
    /// Indicators that count for each area, per level: `[area][level]`.
    pub(crate) area_level_totals: Vec<Vec<usize>>,
}

/// FNV-1a: indicator ids are short and trusted (they passed validation), so a fast
/// non-cryptographic hash beats SipHash on the lookup done for every answer read.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for b in bytes {
            h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

const BUILTIN: &[(&str, &str)] = &[("eblomladan-2016", include_str!("../../indicators/eblomladan-2016.json"))];

impl Catalogue {
    /// A catalogue shipped inside the library, e.g. `eblomladan-2016`.
    ///
    /// ```
    /// let catalogue = eblomlada::Catalogue::builtin("eblomladan-2016").unwrap();
    /// assert_eq!(catalogue.indicators().len(), 88);
    /// assert!(eblomlada::Catalogue::builtin("eblomladan-1999").is_err());
    /// ```
    pub fn builtin(key: &str) -> Result<Catalogue> {
        let (_, text) = BUILTIN
            .iter()
            .find(|(k, _)| *k == key)
            .ok_or_else(|| Error::UnknownCatalogue {
                key: key.to_owned(),
                known: Self::builtin_keys().iter().map(|k| (*k).to_owned()).collect(),
            })?;
        Catalogue::from_json(text)
    }

    /// The built-in catalogue for a reference found in an assessment file.
    pub fn builtin_for(reference: &CatalogueRef) -> Result<Catalogue> {
        Catalogue::builtin(&reference.key())
    }

    /// Keys of the built-in catalogues.
    pub fn builtin_keys() -> Vec<&'static str> {
        BUILTIN.iter().map(|(k, _)| *k).collect()
    }

    /// The JSON text of a built-in catalogue, exactly as shipped.
    pub fn builtin_json(key: &str) -> Option<&'static str> {
        BUILTIN.iter().find(|(k, _)| *k == key).map(|(_, t)| *t)
    }

    /// Parses and checks a catalogue document, reporting every problem found.
    pub fn from_json(text: &str) -> Result<Catalogue> {
        let doc: CatalogueDocument =
            json::from_str_tracked(text).map_err(|p| Error::InvalidCatalogue { problems: vec![p] })?;
        Catalogue::from_document(doc)
    }

    /// Checks a catalogue document built in code.
    pub fn from_document(doc: CatalogueDocument) -> Result<Catalogue> {
        let problems = check(&doc);
        if problems.iter().any(Problem::is_error) {
            return Err(Error::InvalidCatalogue {
                problems: crate::error::capped(problems),
            });
        }
        let level_index: HashMap<&str, usize> =
            doc.levels.iter().enumerate().map(|(i, l)| (l.id.as_str(), i)).collect();
        let area_index: HashMap<&str, usize> = doc.areas.iter().enumerate().map(|(i, a)| (a.id.as_str(), i)).collect();
        let placement: Vec<(usize, Option<usize>)> = doc
            .indicators
            .iter()
            .map(|ind| {
                (
                    level_index[ind.level.as_str()],
                    ind.area.as_deref().map(|a| area_index[a]),
                )
            })
            .collect();
        let mut level_totals = vec![0; doc.levels.len()];
        let mut area_level_totals = vec![vec![0; doc.levels.len()]; doc.areas.len()];
        for &(level, area) in &placement {
            level_totals[level] += 1;
            for (a, row) in area_level_totals.iter_mut().enumerate() {
                if area.is_none_or(|x| x == a) {
                    row[level] += 1;
                }
            }
        }
        let by_id = doc
            .indicators
            .iter()
            .enumerate()
            .map(|(i, ind)| (ind.id.clone(), i))
            .collect();
        Ok(Catalogue {
            key: format!("{}-{}", doc.id, doc.version),
            doc,
            by_id,
            placement,
            level_totals,
            area_level_totals,
        })
    }

    /// The document this catalogue was read from.
    pub fn document(&self) -> &CatalogueDocument {
        &self.doc
    }

    /// Serialises the catalogue as JSON (pretty, stable key order).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(&self.doc).unwrap_or_default()
    }

    /// `<id>-<version>`, e.g. `eblomladan-2016`.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The reference an assessment of this catalogue carries.
    pub fn reference(&self) -> CatalogueRef {
        CatalogueRef {
            id: self.doc.id.clone(),
            version: self.doc.version.clone(),
        }
    }

    /// Catalogue family id.
    pub fn id(&self) -> &str {
        &self.doc.id
    }

    /// Version.
    pub fn version(&self) -> &str {
        &self.doc.version
    }

    /// Name per language.
    pub fn name(&self) -> &Text {
        &self.doc.name
    }

    /// Years the catalogue was made for.
    pub fn measurement_years(&self) -> &[i32] {
        &self.doc.measurement_years
    }

    /// The answer scale.
    pub fn scale(&self) -> &[ScaleEntry] {
        &self.doc.scale
    }

    /// The levels.
    pub fn levels(&self) -> &[Level] {
        &self.doc.levels
    }

    /// The areas.
    pub fn areas(&self) -> &[Area] {
        &self.doc.areas
    }

    /// The colour bands, highest first.
    pub fn bands(&self) -> &[Band] {
        &self.doc.bands
    }

    /// All indicators in catalogue order.
    pub fn indicators(&self) -> &[Indicator] {
        &self.doc.indicators
    }

    /// Guidance texts.
    pub fn guidance(&self) -> &[Guidance] {
        &self.doc.guidance
    }

    /// Where the catalogue comes from.
    pub fn provenance(&self) -> Option<&Provenance> {
        self.doc.provenance.as_ref()
    }

    /// An indicator by id.
    pub fn indicator(&self, id: &str) -> Option<&Indicator> {
        self.indicator_index(id).map(|i| &self.doc.indicators[i])
    }

    /// Position of an indicator in catalogue order.
    pub fn indicator_index(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// Position of an answer id in the scale.
    pub fn answer_index(&self, answer: &str) -> Option<usize> {
        self.doc.scale.iter().position(|s| s.id == answer)
    }

    /// Whether the indicator at `index` counts for the area at `area`.
    pub fn applies_to(&self, index: usize, area: usize) -> bool {
        self.placement[index].1.is_none_or(|a| a == area)
    }

    /// The colour of an exact flower score.
    pub fn colour_of(&self, score: Fraction) -> Option<&str> {
        self.doc
            .bands
            .iter()
            .find(|b| score >= b.min)
            .map(|b| b.colour.as_str())
    }

    /// Answer ids of the scale, best first.
    pub fn answer_ids(&self) -> Vec<String> {
        self.doc.scale.iter().map(|s| s.id.clone()).collect()
    }
}

fn is_identifier(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_' || b == b'.')
}

fn check_text(problems: &mut Vec<Problem>, path: &str, text: &Text) {
    if text.0 .0.is_empty() {
        problems.push(Problem::error(
            path,
            "expected a text in at least one language, e.g. {\"sv\": \"…\"}",
        ));
    }
    for (lang, value) in &text.0 .0 {
        if value.trim().is_empty() {
            problems.push(Problem::error(push_key(path, lang), "the text is empty"));
        }
    }
}

/// Checks ids unique and well-formed; returns id → first position.
fn check_ids<'a>(
    problems: &mut Vec<Problem>,
    list: &str,
    ids: impl Iterator<Item = &'a str>,
) -> BTreeMap<&'a str, usize> {
    let mut seen = BTreeMap::new();
    for (i, id) in ids.enumerate() {
        let path = push_key(&push_index(&format!("$.{list}"), i), "id");
        if !is_identifier(id) {
            problems.push(Problem::error(
                &path,
                format!("invalid id {id:?}; expected 1–64 characters from a–z, 0–9, '-', '_', '.'"),
            ));
        }
        if let Some(first) = seen.insert(id, i) {
            seen.insert(id, first);
            problems.push(Problem::error(
                path,
                format!("duplicate id {id:?}, first used at $.{list}[{first}]"),
            ));
        }
    }
    seen
}

fn check(doc: &CatalogueDocument) -> Vec<Problem> {
    let mut p = Vec::new();
    for (field, value) in [("id", &doc.id), ("version", &doc.version)] {
        if !is_identifier(value) {
            p.push(Problem::error(
                format!("$.{field}"),
                format!("invalid {field} {value:?}; expected 1–64 characters from a–z, 0–9, '-', '_', '.'"),
            ));
        }
    }
    check_text(&mut p, "$.name", &doc.name);

    if doc.scale.is_empty() {
        p.push(Problem::error(
            "$.scale",
            "the answer scale is empty; expected at least one answer",
        ));
    }
    if doc.scale.len() > crate::score::MAX_SCALE {
        p.push(Problem::error(
            "$.scale",
            format!(
                "{} answers in the scale; expected at most {}",
                doc.scale.len(),
                crate::score::MAX_SCALE
            ),
        ));
    }
    check_ids(&mut p, "scale", doc.scale.iter().map(|s| s.id.as_str()));
    for (i, s) in doc.scale.iter().enumerate() {
        let path = push_index("$.scale", i);
        if s.points > MAX_POINTS {
            p.push(Problem::error(
                push_key(&path, "points"),
                format!("{} points is too many; expected at most {MAX_POINTS}", s.points),
            ));
        }
        check_text(&mut p, &push_key(&path, "label"), &s.label);
        if !is_colour(&s.colour) {
            p.push(Problem::error(
                push_key(&path, "colour"),
                format!(
                    "unknown colour {:?}; expected #rrggbb or one of {}",
                    s.colour,
                    COLOUR_NAMES.join(", ")
                ),
            ));
        }
    }

    if doc.levels.is_empty() {
        p.push(Problem::error(
            "$.levels",
            "no levels; expected at least one level with a weight",
        ));
    }
    let levels = check_ids(&mut p, "levels", doc.levels.iter().map(|l| l.id.as_str()));
    let mut weight_sum = Fraction::ZERO;
    for (i, level) in doc.levels.iter().enumerate() {
        let path = push_index("$.levels", i);
        if AREA_RESULT_FIELDS.contains(&level.id.as_str()) {
            p.push(Problem::error(
                push_key(&path, "id"),
                format!(
                    "the level id {:?} is reserved for a field of the score result",
                    level.id
                ),
            ));
        }
        if level.weight == Fraction::ZERO {
            p.push(Problem::error(
                push_key(&path, "weight"),
                "a weight of 0 is not allowed; drop the level instead",
            ));
        }
        weight_sum = weight_sum
            .checked_add(level.weight)
            .unwrap_or(Fraction::integer(u64::MAX));
        check_text(&mut p, &push_key(&path, "name"), &level.name);
    }
    if !doc.levels.is_empty() && weight_sum != Fraction::ONE {
        p.push(Problem::error(
            "$.levels",
            format!("the level weights sum to {weight_sum}; expected exactly 1"),
        ));
    }

    if doc.areas.is_empty() {
        p.push(Problem::error(
            "$.areas",
            "no areas; expected at least one service area",
        ));
    }
    let areas = check_ids(&mut p, "areas", doc.areas.iter().map(|a| a.id.as_str()));
    for (i, area) in doc.areas.iter().enumerate() {
        check_text(&mut p, &push_key(&push_index("$.areas", i), "name"), &area.name);
    }

    check_ids(&mut p, "indicators", doc.indicators.iter().map(|ind| ind.id.as_str()));
    // Applicable indicators per (area, level), to check every flower can be scored.
    let mut per_area_level = vec![vec![0u64; doc.levels.len()]; doc.areas.len()];
    let mut per_level = vec![0u64; doc.levels.len()];
    for (i, ind) in doc.indicators.iter().enumerate() {
        let path = push_index("$.indicators", i);
        let level = levels.get(ind.level.as_str()).copied();
        if level.is_none() {
            p.push(Problem::error(
                push_key(&path, "level"),
                format!(
                    "unknown level {:?}; expected one of {}",
                    ind.level,
                    list(doc.levels.iter().map(|l| &l.id))
                ),
            ));
        }
        let area = match &ind.area {
            None => None,
            Some(a) => {
                let found = areas.get(a.as_str()).copied();
                if found.is_none() {
                    p.push(Problem::error(
                        push_key(&path, "area"),
                        format!(
                            "unknown area {a:?}; expected one of {}",
                            list(doc.areas.iter().map(|a| &a.id))
                        ),
                    ));
                }
                Some(found)
            }
        };
        check_text(&mut p, &push_key(&path, "text"), &ind.text);
        if let Some(level) = level {
            per_level[level] += 1;
            match area {
                None => per_area_level.iter_mut().for_each(|row| row[level] += 1),
                Some(Some(a)) => per_area_level[a][level] += 1,
                Some(None) => {}
            }
        }
    }
    for (a, row) in per_area_level.iter().enumerate() {
        for (l, n) in row.iter().enumerate() {
            if *n == 0 {
                p.push(Problem::error(
                    "$.indicators",
                    format!(
                        "area {:?} has no indicator at level {:?}; every flower needs at least one per level",
                        doc.areas[a].id, doc.levels[l].id
                    ),
                ));
            }
        }
    }
    let bound = doc
        .levels
        .iter()
        .zip(&per_level)
        .try_fold(1u128, |acc, (level, n)| {
            acc.checked_mul(u128::from(level.weight.denom()) * u128::from(*n))
        })
        .unwrap_or(u128::MAX);
    if bound > MAX_SCORE_DENOMINATOR {
        p.push(Problem::error(
            "$.levels",
            "the catalogue is too large for exact scoring: the product over levels of (weight denominator × indicators) must stay below 2^40",
        ));
    }

    check_bands(&mut p, doc);

    let guidance = check_ids(&mut p, "guidance", doc.guidance.iter().map(|g| g.id.as_str()));
    drop(guidance);
    for (i, g) in doc.guidance.iter().enumerate() {
        let path = push_index("$.guidance", i);
        check_text(&mut p, &push_key(&path, "title"), &g.title);
        check_text(&mut p, &push_key(&path, "text"), &g.text);
    }
    p
}

/// The colour names a scale entry may use (the palette of `render` knows each of them); any
/// other colour is written `#rrggbb`. Nothing else reaches a picture, a stylesheet or a style
/// attribute, so a catalogue cannot smuggle CSS (`red;background-image:url(…)`) into a page.
pub const COLOUR_NAMES: [&str; 15] = [
    "green",
    "yellow",
    "red",
    "orange",
    "blue",
    "lightgreen",
    "light-green",
    "darkgreen",
    "dark-green",
    "purple",
    "grey",
    "gray",
    "none",
    "black",
    "white",
];

/// `colour` is one of [`COLOUR_NAMES`] or `#rrggbb`.
pub fn is_colour(colour: &str) -> bool {
    let hex = colour.len() == 7 && colour.starts_with('#') && colour.bytes().skip(1).all(|b| b.is_ascii_hexdigit());
    hex || COLOUR_NAMES.contains(&colour)
}

fn check_bands(p: &mut Vec<Problem>, doc: &CatalogueDocument) {
    if doc.bands.is_empty() {
        p.push(Problem::error("$.bands", "no colour bands; expected at least one"));
        return;
    }
    let min_points = doc.scale.iter().map(|s| s.points).min().unwrap_or(0);
    let max_points = doc.scale.iter().map(|s| s.points).max().unwrap_or(0);
    let mut colours = HashSet::new();
    for (i, band) in doc.bands.iter().enumerate() {
        let path = push_index("$.bands", i);
        if band.colour.trim().is_empty() {
            p.push(Problem::error(push_key(&path, "colour"), "the colour name is empty"));
        }
        if !colours.insert(band.colour.as_str()) {
            p.push(Problem::error(
                push_key(&path, "colour"),
                format!("the colour {:?} is used by two bands", band.colour),
            ));
        }
        if i > 0 && band.min >= doc.bands[i - 1].min {
            p.push(Problem::error(
                push_key(&path, "min"),
                format!(
                    "bands out of order: min {} is not below the previous band's min {}; list bands from the highest min down",
                    band.min,
                    doc.bands[i - 1].min
                ),
            ));
        }
        if band.min > Fraction::integer(u64::from(max_points)) {
            p.push(Problem::error(
                push_key(&path, "min"),
                format!(
                    "min {} can never be reached: the highest answer gives {max_points} points",
                    band.min
                ),
            ));
        }
    }
    if let Some(last) = doc.bands.last() {
        if last.min > Fraction::integer(u64::from(min_points)) {
            p.push(Problem::error(
                push_key(&push_index("$.bands", doc.bands.len() - 1), "min"),
                format!(
                    "the lowest band starts at {} but a flower can score as low as {min_points}; some scores would have no colour",
                    last.min
                ),
            ));
        }
    }
}

fn list<'a>(items: impl Iterator<Item = &'a String>) -> String {
    items.map(String::as_str).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn builtin_doc() -> serde_json::Value {
        serde_json::from_str(Catalogue::builtin_json("eblomladan-2016").unwrap()).unwrap()
    }

    fn problems_of(doc: serde_json::Value) -> Vec<Problem> {
        match Catalogue::from_json(&doc.to_string()) {
            Err(Error::InvalidCatalogue { problems }) => problems,
            other => panic!("expected an invalid catalogue, got {other:?}"),
        }
    }

    #[test]
    fn builtin_2016_has_the_shape_of_domain_md() {
        let c = Catalogue::builtin("eblomladan-2016").unwrap();
        assert_eq!(c.key(), "eblomladan-2016");
        assert_eq!(c.indicators().len(), 88);
        let count = |level: &str, area: Option<&str>| {
            c.indicators()
                .iter()
                .filter(|i| i.level == level && i.area.as_deref() == area)
                .count()
        };
        assert_eq!(count("lead", None), 34);
        assert_eq!(count("tech", None), 10);
        for (area, n) in [
            ("elderly", 8),
            ("children", 5),
            ("business", 6),
            ("housing", 9),
            ("culture", 10),
            ("public", 6),
        ] {
            assert_eq!(count("services", Some(area)), n, "{area}");
        }
        assert_eq!(c.indicators()[0].id, "elderly-01");
        assert_eq!(c.indicators()[8].id, "lead-01");
        assert_eq!(c.indicators()[87].id, "public-06");
        for ind in c.indicators() {
            assert!(
                !ind.text.get("sv").is_empty() && ind.text.0 .0.contains_key("en"),
                "{}",
                ind.id
            );
        }
        assert_eq!(c.colour_of("7/3".parse().unwrap()), Some("green"));
        assert_eq!(c.colour_of(Fraction::new(69_999, 30_000).unwrap()), Some("yellow"));
        assert_eq!(c.colour_of("5/3".parse().unwrap()), Some("yellow"));
        assert_eq!(c.colour_of(Fraction::ONE), Some("red"));
    }

    #[test]
    fn reports_every_problem_with_its_path() {
        let mut doc = builtin_doc();
        doc["levels"][0]["weight"] = "1/3".into();
        doc["indicators"][1]["id"] = "elderly-01".into();
        doc["indicators"][2]["level"] = "roots".into();
        doc["indicators"][3]["area"] = "harbour".into();
        doc["bands"][1]["min"] = "8/3".into();
        let problems = problems_of(doc);
        let has = |path: &str, needle: &str| problems.iter().any(|p| p.path == path && p.message.contains(needle));
        assert!(has("$.levels", "sum to 5/6"), "{problems:#?}");
        assert!(
            has("$.indicators[1].id", "duplicate id \"elderly-01\""),
            "{problems:#?}"
        );
        assert!(has("$.indicators[2].level", "unknown level \"roots\""), "{problems:#?}");
        assert!(has("$.indicators[3].area", "unknown area \"harbour\""), "{problems:#?}");
        assert!(has("$.bands[1].min", "out of order"), "{problems:#?}");
    }

    #[test]
    fn area_without_indicators_and_uncovered_scores_are_errors() {
        let mut doc = builtin_doc();
        doc["areas"]
            .as_array_mut()
            .unwrap()
            .push(serde_json::json!({"id": "harbour", "name": {"sv": "Hamn"}}));
        doc["bands"][2]["min"] = "4/3".into();
        let problems = problems_of(doc);
        assert!(problems.iter().any(|p| p
            .message
            .contains("area \"harbour\" has no indicator at level \"services\"")));
        assert!(problems
            .iter()
            .any(|p| p.path == "$.bands[2].min" && p.message.contains("no colour")));
    }

    #[test]
    fn unknown_fields_and_duplicate_keys_are_rejected() {
        let text = Catalogue::builtin_json("eblomladan-2016").unwrap().replacen(
            "\"id\": \"eblomladan\",",
            "\"id\": \"eblomladan\", \"colour_bands\": [],",
            1,
        );
        let err = Catalogue::from_json(&text).unwrap_err().to_string();
        assert!(err.contains("unknown field `colour_bands`"), "{err}");
        let text = Catalogue::builtin_json("eblomladan-2016").unwrap().replacen(
            "\"version\": \"2016\",",
            "\"version\": \"2016\", \"version\": \"2018\",",
            1,
        );
        let err = Catalogue::from_json(&text).unwrap_err().to_string();
        assert!(err.contains("duplicate field `version`"), "{err}");
    }

    #[test]
    fn serialising_a_catalogue_round_trips() {
        let c = Catalogue::builtin("eblomladan-2016").unwrap();
        let again = Catalogue::from_json(&c.to_json()).unwrap();
        assert_eq!(again, c);
        let shipped: serde_json::Value =
            serde_json::from_str(Catalogue::builtin_json("eblomladan-2016").unwrap()).unwrap();
        let written: serde_json::Value = serde_json::from_str(&c.to_json()).unwrap();
        assert_eq!(written, shipped, "the model keeps every field of the shipped file");
    }

    #[test]
    fn unknown_builtin_lists_the_known_ones() {
        let err = Catalogue::builtin("eblomladan-2014").unwrap_err().to_string();
        assert!(
            err.contains("eblomladan-2014") && err.contains("eblomladan-2016"),
            "{err}"
        );
    }

    #[test]
    fn scale_colours_are_names_of_the_fixed_list_or_hex() {
        let shipped = Catalogue::builtin_json("eblomladan-2016").unwrap();
        for (colour, ok) in [
            ("red;background-image:url(http://127.0.0.1:9/leak)", false),
            ("url(x)", false),
            ("#12345", false),
            ("#1234567", false),
            ("Red", false),
            ("#8B0000", true),
            ("lightgreen", true),
        ] {
            let text = shipped.replacen(
                "\"colour\": \"green\"",
                &format!("\"colour\": {}", serde_json::Value::from(colour)),
                1,
            );
            assert_ne!(text, shipped);
            match Catalogue::from_json(&text) {
                Ok(_) => assert!(ok, "{colour:?} must be refused"),
                Err(e) => {
                    assert!(!ok, "{colour:?}: {e}");
                    let p = &e.problems()[0];
                    assert_eq!(p.path, "$.scale[0].colour", "{p}");
                    assert!(p.message.contains("expected #rrggbb or one of green, yellow"), "{p}");
                }
            }
        }
    }
}
