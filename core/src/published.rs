//! Published national figures: the shares of one answer for single indicators that a national
//! report states for one measurement year, e.g. "77 % … digitala trygghetslarm" (DOMAIN.md §10).
//!
//! The figures are data (`indicators/<catalogue key>.published-<year>.json`), embedded like the
//! catalogues so that [`Published::builtin`] works everywhere, the browser included. Loading checks
//! the whole document against its catalogue and reports every problem with its JSON path: an
//! unknown indicator or answer, a percent outside 0–100, a figure given twice, figures of one
//! indicator that add up to more than 100 %.
//!
//! Only figures of the catalogue version they were measured with belong in such a file: the
//! 2014 version's national figures (seeds 002 and 003) have no 2016 counterpart and are not
//! mapped (`docs/published.md`).

use serde::{Deserialize, Serialize};

use crate::catalogue::{Catalogue, CatalogueRef};
use crate::error::{Error, Problem, Result};
use crate::json::{self, push_index, push_key};

/// One published figure: the share of the municipalities that gave `answer` to `indicator`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    /// Indicator id of the catalogue, e.g. `elderly-06`.
    pub indicator: String,
    /// The answer the figure counts, e.g. `fully`.
    pub answer: String,
    /// Percent of the municipalities that published that year (0–100).
    #[schemars(range(min = 0, max = 100))]
    #[serde(serialize_with = "whole_if_integral")]
    pub percent: f64,
    /// The sentence of the source the figure comes from, quoted as it stands.
    pub quote: String,
    /// The source document's file name; the document's `source` when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// A published-figures file as written, before it is checked against its catalogue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "eblomlada published national figures")]
pub struct PublishedDocument {
    /// The catalogue the figures were measured with.
    pub catalogue: CatalogueRef,
    /// The measurement year.
    pub year: i32,
    /// How many municipalities had published that year (the base of every percent).
    #[schemars(range(min = 1))]
    pub assessments: u32,
    /// Where the figures come from.
    pub source: String,
    /// The figures, one per (indicator, answer).
    pub figures: Vec<Figure>,
}

/// Checked published figures of one catalogue and year.
#[derive(Debug, Clone, PartialEq)]
pub struct Published {
    doc: PublishedDocument,
    warnings: Vec<Problem>,
}

const BUILTIN: &[(&str, i32, &str)] = &[(
    "eblomladan-2016",
    2017,
    include_str!("../../indicators/eblomladan-2016.published-2017.json"),
)];

impl Published {
    /// The figures shipped inside the library for a catalogue and year.
    ///
    /// ```
    /// use eblomlada::{Catalogue, Published};
    ///
    /// let catalogue = Catalogue::builtin("eblomladan-2016")?;
    /// let published = Published::builtin(&catalogue, 2017)?;
    /// assert_eq!((published.assessments(), published.figures().len()), (61, 17));
    /// let alarms = published.figure("elderly-06", "fully").unwrap();
    /// assert_eq!(alarms.percent, 77.0);
    /// assert!(Published::builtin(&catalogue, 2016).is_err()); // no figures were published
    /// # Ok::<(), eblomlada::Error>(())
    /// ```
    pub fn builtin(catalogue: &Catalogue, year: i32) -> Result<Published> {
        let text = Self::builtin_json(catalogue.key(), year).ok_or_else(|| Error::UnknownPublished {
            catalogue: catalogue.key().to_owned(),
            year,
            known: Self::builtin_keys().iter().map(|(k, y)| format!("{k} {y}")).collect(),
        })?;
        Published::from_json(text, catalogue)
    }

    /// `(catalogue key, year)` of every built-in set of figures.
    pub fn builtin_keys() -> Vec<(&'static str, i32)> {
        BUILTIN.iter().map(|(k, y, _)| (*k, *y)).collect()
    }

    /// The JSON text of built-in figures, exactly as shipped.
    pub fn builtin_json(key: &str, year: i32) -> Option<&'static str> {
        BUILTIN
            .iter()
            .find(|(k, y, _)| *k == key && *y == year)
            .map(|(_, _, t)| *t)
    }

    /// Parses and checks a published-figures document against `catalogue`.
    pub fn from_json(text: &str, catalogue: &Catalogue) -> Result<Published> {
        let doc: PublishedDocument =
            json::from_str_tracked(text).map_err(|p| Error::InvalidPublished { problems: vec![p] })?;
        Published::from_document(doc, catalogue)
    }

    /// Checks a document against `catalogue`, reporting every problem found.
    pub fn from_document(doc: PublishedDocument, catalogue: &Catalogue) -> Result<Published> {
        let problems = check(&doc, catalogue);
        if problems.iter().any(Problem::is_error) {
            return Err(Error::InvalidPublished { problems });
        }
        Ok(Published {
            doc,
            warnings: problems,
        })
    }

    /// The document as read.
    pub fn document(&self) -> &PublishedDocument {
        &self.doc
    }

    /// Problems that do not make the figures unusable (a year the catalogue was not made for).
    pub fn warnings(&self) -> &[Problem] {
        &self.warnings
    }

    /// The catalogue the figures were measured with.
    pub fn catalogue(&self) -> &CatalogueRef {
        &self.doc.catalogue
    }

    /// The measurement year.
    pub fn year(&self) -> i32 {
        self.doc.year
    }

    /// How many municipalities had published.
    pub fn assessments(&self) -> u32 {
        self.doc.assessments
    }

    /// Where the figures come from.
    pub fn source(&self) -> &str {
        &self.doc.source
    }

    /// The figures in file order.
    pub fn figures(&self) -> &[Figure] {
        &self.doc.figures
    }

    /// The figure of one indicator and answer.
    pub fn figure(&self, indicator: &str, answer: &str) -> Option<&Figure> {
        self.doc
            .figures
            .iter()
            .find(|f| f.indicator == indicator && f.answer == answer)
    }

    /// Pretty JSON of the document.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(&self.doc).unwrap_or_default()
    }
}

/// `77`, not `77.0`: the published figures are whole percents, written as the file has them.
pub(crate) fn whole_if_integral<S: serde::Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
    if value.fract() == 0.0 && (0.0..=9_007_199_254_740_992.0).contains(value) {
        serializer.serialize_u64(*value as u64)
    } else {
        serializer.serialize_f64(*value)
    }
}

fn check(doc: &PublishedDocument, catalogue: &Catalogue) -> Vec<Problem> {
    let mut problems = Vec::new();
    if doc.catalogue != catalogue.reference() {
        problems.push(Problem::error(
            "$.catalogue",
            format!(
                "the figures are of catalogue {}, expected {}",
                doc.catalogue,
                catalogue.reference()
            ),
        ));
    }
    let years = catalogue.measurement_years();
    if !years.is_empty() && !years.contains(&doc.year) {
        let list: Vec<String> = years.iter().map(i32::to_string).collect();
        problems.push(Problem::warning(
            "$.year",
            format!(
                "catalogue {} was made for the years {}, not {}",
                catalogue.key(),
                list.join(", "),
                doc.year
            ),
        ));
    }
    if doc.assessments == 0 {
        problems.push(Problem::error(
            "$.assessments",
            "expected the number of municipalities that published (at least 1), found 0",
        ));
    }
    if doc.source.trim().is_empty() {
        problems.push(Problem::error(
            "$.source",
            "expected the source of the figures, found an empty text",
        ));
    }
    if doc.figures.is_empty() {
        problems.push(Problem::error("$.figures", "expected at least one figure, found none"));
    }
    // Per indicator: the sum of the percents given and the first figure of each answer.
    let mut seen: Vec<(usize, usize, usize)> = Vec::new(); // (indicator, answer, figure index)
    let mut sums: Vec<(usize, f64, usize)> = Vec::new(); // (indicator, sum, last figure index)
    for (i, figure) in doc.figures.iter().enumerate() {
        let path = push_index("$.figures", i);
        let indicator = catalogue.indicator_index(&figure.indicator);
        if indicator.is_none() {
            problems.push(Problem::error(
                push_key(&path, "indicator"),
                format!(
                    "unknown indicator {:?}; catalogue {} has no such indicator",
                    figure.indicator,
                    catalogue.key()
                ),
            ));
        }
        let answer = catalogue.answer_index(&figure.answer);
        if answer.is_none() {
            problems.push(Problem::error(
                push_key(&path, "answer"),
                format!(
                    "unknown answer {:?}; expected one of {}",
                    figure.answer,
                    catalogue.answer_ids().join(", ")
                ),
            ));
        }
        let percent_ok = figure.percent.is_finite() && (0.0..=100.0).contains(&figure.percent);
        if !percent_ok {
            problems.push(Problem::error(
                push_key(&path, "percent"),
                "expected a percent from 0 to 100".to_owned(),
            ));
        }
        if figure.quote.trim().is_empty() {
            problems.push(Problem::error(
                push_key(&path, "quote"),
                "expected the sentence the figure comes from, found an empty text",
            ));
        }
        if let (Some(ind), Some(ans)) = (indicator, answer) {
            if let Some(&(_, _, first)) = seen.iter().find(|(x, y, _)| *x == ind && *y == ans) {
                problems.push(Problem::error(
                    path.clone(),
                    format!(
                        "a second figure for indicator {} and answer {}; the first is $.figures[{first}]",
                        figure.indicator, figure.answer
                    ),
                ));
                continue;
            }
            seen.push((ind, ans, i));
            if percent_ok {
                match sums.iter_mut().find(|(x, _, _)| *x == ind) {
                    Some(entry) => {
                        entry.1 += figure.percent;
                        entry.2 = i;
                    }
                    None => sums.push((ind, figure.percent, i)),
                }
            }
        }
    }
    for (ind, sum, last) in sums {
        // Rounded shares of one indicator may add up to a little over 100; 1 point per answer is allowed.
        let slack = catalogue.scale().len() as f64;
        if sum > 100.0 + slack {
            problems.push(Problem::error(
                push_key(&push_index("$.figures", last), "percent"),
                format!(
                    "the figures of indicator {} add up to more than 100 % of the municipalities",
                    catalogue.indicators()[ind].id
                ),
            ));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalogue() -> Catalogue {
        Catalogue::builtin("eblomladan-2016").expect("the built-in catalogue")
    }

    fn doc() -> serde_json::Value {
        serde_json::from_str(Published::builtin_json("eblomladan-2016", 2017).expect("shipped")).expect("JSON")
    }

    fn problems(value: &serde_json::Value) -> Vec<Problem> {
        match Published::from_json(&value.to_string(), &catalogue()) {
            Err(Error::InvalidPublished { problems }) => problems,
            other => panic!("expected invalid figures, got {other:?}"),
        }
    }

    #[test]
    fn the_shipped_figures_load_without_warnings() {
        let published = Published::builtin(&catalogue(), 2017).expect("valid");
        let round_trip: serde_json::Value = serde_json::from_str(&published.to_json()).expect("JSON");
        assert_eq!(round_trip, doc(), "written as shipped: whole percents stay whole");
        assert!(published.warnings().is_empty());
        assert_eq!(published.year(), 2017);
        assert!(published.figures().iter().all(|f| f.source.is_some()));
    }

    #[test]
    fn every_problem_is_reported_with_its_path() {
        let mut value = doc();
        value["figures"][0]["indicator"] = "elderly-99".into();
        value["figures"][1]["answer"] = "sometimes".into();
        value["figures"][2]["percent"] = 101.into();
        value["figures"][3]["percent"] = (-1).into();
        value["figures"][4] = value["figures"][5].clone();
        value["figures"][6]["quote"] = " ".into();
        value["assessments"] = 0.into();
        value["catalogue"]["version"] = "2018".into();
        let paths: Vec<String> = problems(&value).into_iter().map(|p| p.path).collect();
        assert_eq!(
            paths,
            [
                "$.catalogue",
                "$.assessments",
                "$.figures[0].indicator",
                "$.figures[1].answer",
                "$.figures[2].percent",
                "$.figures[3].percent",
                "$.figures[5]",
                "$.figures[6].quote",
            ]
        );
    }

    #[test]
    fn shares_of_one_indicator_cannot_exceed_the_whole() {
        let mut value = doc();
        let figures = value["figures"].as_array_mut().expect("array");
        figures
            .push(serde_json::json!({"indicator": "elderly-06", "answer": "not_met", "percent": 30, "quote": "30 %"}));
        let last = figures.len() - 1;
        let found = problems(&value);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].path, format!("$.figures[{last}].percent"));
    }

    #[test]
    fn shape_errors_name_the_place() {
        let mut value = doc();
        value["figures"][0]["share"] = 0.5.into();
        let found = problems(&value);
        assert_eq!(found[0].path, "$.figures[0].share");
        let found = problems(&serde_json::json!({"catalogue": {"id": "eblomladan", "version": "2016"}}));
        assert!(found[0].message.contains("year"), "{found:?}");
    }

    #[test]
    fn a_year_outside_the_catalogue_is_a_warning() {
        let mut value = doc();
        value["year"] = 2019.into();
        let published = Published::from_json(&value.to_string(), &catalogue()).expect("usable");
        assert_eq!(published.warnings()[0].path, "$.year");
    }
}
