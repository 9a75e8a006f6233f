//! The analysis functions of the core (`eblomlada::analysis`) for JavaScript, behind the cargo
//! feature `analysis` (built into `pkg-analysis/` and `pkg-analysis-node/` by `build.sh`): they
//! do not fit the 150 KB budget of the intranet package.
//!
//! As elsewhere in this crate, results cross the boundary as the core's JSON text, parsed with
//! `JSON.parse`, so they deep-equal the command line's `eblomlada compile`, `compare`, `diff` and
//! `plan` output with the same key order. Arrays of `Assessment`s and `Catalogue`s are read
//! without taking the caller's objects away (each is copied through a hidden `__share()`).

use std::sync::Arc;

use eblomlada::analysis::{self, AnalysisError, CompileOptions, GroupMap, Grouping, PlanOptions, SyntheticOptions};
use eblomlada::json::push_key;
use wasm_bindgen::convert::TryFromJsValue;
use wasm_bindgen::prelude::*;

use crate::{
    builtin, is_array, json_parse, object_arg, reflect_get, string_arg, type_name, Assessment, Catalogue, Failure, Out,
};

#[wasm_bindgen]
extern "C" {
    /// Any object that may be an `Assessment` or a `Mapping` (both have `__share`).
    type Shareable;

    /// `__share()`: a second handle on a copy of (or the same) Rust object.
    #[wasm_bindgen(method, structural, catch, js_name = __share)]
    fn share(this: &Shareable) -> Result<JsValue, JsValue>;
}

// ---------------------------------------------------------------------------------------------
// Errors.

impl From<AnalysisError> for Failure {
    fn from(error: AnalysisError) -> Failure {
        let kind = match &error {
            AnalysisError::Core(e) => return Failure::from(e.clone()),
            AnalysisError::Empty { .. } => "Empty",
            AnalysisError::MixedCatalogues { .. } => "MixedCatalogues",
            AnalysisError::CatalogueMismatch { .. } => "CatalogueMismatch",
            AnalysisError::UnknownArea { .. } => "UnknownArea",
            AnalysisError::UnknownColour { .. } => "UnknownColour",
            AnalysisError::InvalidMapping { .. } => "InvalidMapping",
            AnalysisError::InvalidCsv { .. } => "InvalidCsv",
            AnalysisError::InvalidGrouping { .. } => "InvalidGrouping",
            AnalysisError::Unplannable { .. } => "Unplannable",
            AnalysisError::TooLarge { .. } => "TooLarge",
            _ => "Error",
        };
        Failure {
            kind,
            problems: error.problems(),
            message: error.to_string(),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Arguments.

/// The elements of an array argument.
fn array_arg(value: &JsValue, name: &str) -> Result<Vec<JsValue>, Failure> {
    if !is_array(value) {
        return Err(Failure::argument(
            "$",
            format!("{name} must be an array, not {}", type_name(value)),
        ));
    }
    let unreadable = || Failure::argument("$", format!("{name} cannot be read"));
    let length = reflect_get(value, &JsValue::from_str("length"))
        .map_err(|_| unreadable())?
        .as_f64()
        .unwrap_or(0.0) as u32;
    (0..length)
        .map(|i| reflect_get(value, &JsValue::from(i)).map_err(|_| unreadable()))
        .collect()
}

/// The wasm-bindgen object of class `T` behind `value`, through its `__share()`; the caller
/// keeps its object. `what` names the expected class in the message.
fn shared<T: TryFromJsValue>(value: &JsValue, path: &str, name: &str, what: &str) -> Result<T, Failure> {
    let not_one = || Failure::argument(path, format!("{name} must be {what}, not {}", describe(value)));
    if !value.is_object() {
        return Err(not_one());
    }
    let handle = value.unchecked_ref::<Shareable>().share().map_err(|_| not_one())?;
    T::try_from_js_value(handle).map_err(|_| not_one())
}

/// `typeof value`, or the class name of a wasm-bindgen object.
fn describe(value: &JsValue) -> String {
    if value.is_object() {
        if let Ok(constructor) = reflect_get(value, &JsValue::from_str("constructor")) {
            if let Ok(name) = reflect_get(&constructor, &JsValue::from_str("name")) {
                if let Some(name) = name.as_string().filter(|n| !n.is_empty() && n != "Object") {
                    return format!("a {name}");
                }
            }
        }
    }
    type_name(value)
}

/// An array of `Assessment`s, copied.
fn assessments_arg(value: &JsValue, name: &str) -> Result<Vec<eblomlada::Assessment>, Failure> {
    array_arg(value, name)?
        .iter()
        .enumerate()
        .map(|(i, item)| {
            shared::<Assessment>(item, &format!("$[{i}]"), &format!("{name}[{i}]"), "an Assessment").map(|a| a.inner)
        })
        .collect()
}

fn catalogue_arg(value: &JsValue, path: &str, name: &str) -> Result<Arc<eblomlada::Catalogue>, Failure> {
    if !value.is_object() {
        return Err(Failure::argument(
            path,
            format!("{name} must be a Catalogue, not {}", describe(value)),
        ));
    }
    Catalogue::shared(value)
        .map_err(|_| Failure::argument(path, format!("{name} must be a Catalogue, not {}", describe(value))))
}

fn mapping_arg(value: &JsValue, path: &str, name: &str) -> Result<Arc<analysis::Mapping>, Failure> {
    shared::<Mapping>(value, path, name, "a Mapping").map(|m| m.inner)
}

/// Checks the keys of an options object against `allowed` and hands each present value on.
fn options_entries(value: &JsValue, allowed: &[&str]) -> Result<Vec<(String, JsValue)>, Failure> {
    let entries = object_arg(value, "options")?.unwrap_or_default();
    for (key, _) in &entries {
        if !allowed.contains(&key.as_str()) {
            return Err(Failure::argument(
                &push_key("$", key),
                format!(
                    "options: unknown option {key:?}; expected one of {}",
                    allowed.join(", ")
                ),
            ));
        }
    }
    Ok(entries.into_iter().filter(|(_, v)| !v.is_undefined()).collect())
}

fn wrong(key: &str, expected: &str, value: &JsValue) -> Failure {
    Failure::argument(
        &push_key("$", key),
        format!("options.{key}: expected {expected}, not {}", describe_value(value)),
    )
}

/// A value for a message: numbers as written, strings quoted, else the type.
fn describe_value(value: &JsValue) -> String {
    if let Some(n) = value.as_f64() {
        return n.to_string();
    }
    if let Some(s) = value.as_string() {
        return format!("{s:?}");
    }
    describe(value)
}

/// A whole number from `min` to `max`.
fn whole(value: &JsValue, min: f64, max: f64) -> Option<f64> {
    value.as_f64().filter(|n| n.fract() == 0.0 && *n >= min && *n <= max)
}

/// `by`: `"county"`, `"year"` or `{municipality: group}`.
fn grouping_arg(value: &JsValue) -> Result<Grouping, Failure> {
    if value.is_null() {
        return Ok(Grouping::None);
    }
    if let Some(name) = value.as_string() {
        return match name.as_str() {
            "county" => Ok(Grouping::County),
            "year" => Ok(Grouping::Year),
            _ => Err(wrong(
                "by",
                "\"county\", \"year\" or an object from municipality code to group",
                value,
            )),
        };
    }
    if !value.is_object() || is_array(value) || value.is_function() {
        return Err(wrong(
            "by",
            "\"county\", \"year\" or an object from municipality code to group",
            value,
        ));
    }
    let entries = object_arg(value, "options.by")?.unwrap_or_default();
    let mut pairs = Vec::with_capacity(entries.len());
    for (code, group) in &entries {
        let Some(group) = group.as_string() else {
            return Err(Failure::argument(
                &push_key("$.by", code),
                format!(
                    "options.by[{code:?}]: the group must be a string, not {}",
                    describe_value(group)
                ),
            ));
        };
        pairs.push((code.clone(), group));
    }
    let map = GroupMap::new(pairs).map_err(|e| {
        // The core numbers the pairs (`$[i]`); name the municipality code instead.
        let mut failure = Failure::from(e);
        for p in &mut failure.problems {
            let index = p
                .path
                .strip_prefix("$[")
                .and_then(|rest| rest.strip_suffix(']'))
                .and_then(|i| i.parse::<usize>().ok());
            if let Some((code, _)) = index.and_then(|i| entries.get(i)) {
                p.path = push_key("$.by", code);
            }
        }
        failure
    })?;
    Ok(Grouping::Custom(Arc::new(map)))
}

/// Options of `compile` (`by`, `top`, `mapping`) and of `compare` (`by`, `mapping`).
fn compile_options(value: &JsValue, allowed: &[&str]) -> Result<CompileOptions, Failure> {
    let mut options = CompileOptions::new();
    for (key, value) in options_entries(value, allowed)? {
        match key.as_str() {
            "by" => options = options.by(grouping_arg(&value)?),
            "top" => {
                let n = whole(&value, 0.0, 100_000.0)
                    .ok_or_else(|| wrong("top", "a whole number from 0 to 100000", &value))?;
                options = options.top(n as usize);
            }
            "mapping" if value.is_null() => {}
            "mapping" => options = options.mapping(mapping_arg(&value, "$.mapping", "options.mapping")?),
            _ => {}
        }
    }
    Ok(options)
}

// ---------------------------------------------------------------------------------------------
// Sharing assessments.

#[wasm_bindgen]
impl Assessment {
    /// A second JS handle on a copy of this assessment. Used to read `Assessment` arguments
    /// (also in arrays) without taking the caller's objects away.
    #[doc(hidden)]
    #[wasm_bindgen(js_name = __share, skip_typescript)]
    pub fn share(&self) -> Assessment {
        self.duplicate()
    }
}

// ---------------------------------------------------------------------------------------------
// Version mappings.

/// A checked mapping from an old catalogue version to a new one: which new indicator follows
/// which old ones (same, reworded, stricter, merged, split, new) and which were removed.
#[wasm_bindgen]
#[derive(Clone)]
pub struct Mapping {
    inner: Arc<analysis::Mapping>,
}

#[wasm_bindgen]
impl Mapping {
    /// Parses a mapping file and checks it against the old (`from`) and new (`to`) catalogues,
    /// reporting every problem with its JSON path.
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(
        #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
        #[wasm_bindgen(js_name = fromCatalogue, unchecked_param_type = "Catalogue")] from: JsValue,
        #[wasm_bindgen(js_name = toCatalogue, unchecked_param_type = "Catalogue")] to: JsValue,
    ) -> Out<Mapping> {
        let text = string_arg(&text, "text")?;
        let from = catalogue_arg(&from, "$", "fromCatalogue")?;
        let to = catalogue_arg(&to, "$", "toCatalogue")?;
        let inner = analysis::Mapping::from_json(&text, &from, &to).map_err(Failure::from)?;
        Ok(Mapping { inner: Arc::new(inner) })
    }

    /// The old catalogue.
    #[wasm_bindgen(getter = from)]
    pub fn old_catalogue(&self) -> Catalogue {
        Catalogue {
            inner: Arc::clone(self.inner.from_catalogue()),
        }
    }

    /// The new catalogue.
    #[wasm_bindgen(getter = to)]
    pub fn new_catalogue(&self) -> Catalogue {
        Catalogue {
            inner: Arc::clone(self.inner.to_catalogue()),
        }
    }

    /// The mapping document as a plain object (also what `JSON.stringify` writes).
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "MappingDocument")]
    pub fn to_plain(&self) -> Out<JsValue> {
        let text = serde_json::to_string(self.inner.document())
            .map_err(|e| Failure::argument("$", format!("cannot write the mapping: {e}")))?;
        Ok(json_parse(&text))
    }

    /// A second JS handle on the same mapping (see `Assessment.__share`).
    #[doc(hidden)]
    #[wasm_bindgen(js_name = __share, skip_typescript)]
    pub fn share(&self) -> Mapping {
        self.clone()
    }
}

// ---------------------------------------------------------------------------------------------
// The analysis functions.

const COMPILE_OPTIONS: &[&str] = &["by", "top", "mapping"];
const COMPARE_OPTIONS: &[&str] = &["by", "mapping"];

/// Compiles assessments of one catalogue version: per indicator the counts and shares of each
/// answer, per level and area means and colours, top and bottom indicators, and with `by`
/// the same per group. Exactly the JSON of `eblomlada compile`.
#[wasm_bindgen(unchecked_return_type = "Compilation")]
pub fn compile(
    #[wasm_bindgen(unchecked_param_type = "Assessment[]")] assessments: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "CompileOptions")] options: JsValue,
) -> Out<JsValue> {
    let assessments = assessments_arg(&assessments, "assessments")?;
    let options = compile_options(&options, COMPILE_OPTIONS)?;
    let compilation = analysis::compile(&assessments, &options).map_err(Failure::from)?;
    Ok(json_parse(&compilation.to_json()))
}

/// Compares one assessment with a compilation of `assessments`: per level and area its value
/// against the mean and median, rank and percentile; per indicator the share that fully meets
/// it. Exactly the JSON of `eblomlada compare FILE --against FILE…`.
#[wasm_bindgen(unchecked_return_type = "Comparison")]
pub fn compare(
    assessment: &Assessment,
    #[wasm_bindgen(unchecked_param_type = "Assessment[]")] assessments: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "CompareOptions")] options: JsValue,
) -> Out<JsValue> {
    let assessments = assessments_arg(&assessments, "assessments")?;
    let options = compile_options(&options, COMPARE_OPTIONS)?;
    let compilation = analysis::compile(&assessments, &options).map_err(Failure::from)?;
    let comparison = analysis::compare(&assessment.inner, &compilation).map_err(Failure::from)?;
    Ok(json_parse(&comparison.to_json()))
}

/// Compares one assessment with published national figures: per figure the national share beside
/// the municipality's own answer, per area (then level) the best and worst figure. `figures` is the
/// JSON text of a published-figures file; left out, the built-in figures of the assessment's
/// catalogue and year. Exactly the JSON of `eblomlada compare FILE --published [FILE]`.
#[wasm_bindgen(js_name = comparePublished, unchecked_return_type = "PublishedComparison")]
pub fn compare_published(
    assessment: &Assessment,
    #[wasm_bindgen(unchecked_optional_param_type = "string")] figures: JsValue,
) -> Out<JsValue> {
    let catalogue = assessment.inner.catalogue();
    let published = if figures.is_undefined() || figures.is_null() {
        eblomlada::Published::builtin(catalogue, assessment.inner.year()).map_err(Failure::from)?
    } else {
        let text = string_arg(&figures, "figures")?;
        eblomlada::Published::from_json(&text, catalogue).map_err(Failure::from)?
    };
    let comparison = analysis::compare_published(&assessment.inner, &published).map_err(Failure::from)?;
    Ok(json_parse(&comparison.to_json()))
}

/// The built-in published national figures of a catalogue (default `"eblomladan-2016"`) and year
/// (default 2017): exactly `indicators/<key>.published-<year>.json`.
#[wasm_bindgen(js_name = publishedFigures, unchecked_return_type = "PublishedDocument")]
pub fn published_figures(
    #[wasm_bindgen(unchecked_optional_param_type = "string")] catalogue: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "number")] year: JsValue,
) -> Out<JsValue> {
    let key = if catalogue.is_undefined() || catalogue.is_null() {
        "eblomladan-2016".to_owned()
    } else {
        string_arg(&catalogue, "catalogue")?
    };
    let year = match year.as_f64() {
        None if year.is_undefined() || year.is_null() => 2017,
        Some(y) if y.fract() == 0.0 && (1900.0..=2200.0).contains(&y) => y as i32,
        _ => return Err(Failure::argument("year", "year must be a whole number from 1900 to 2200".to_owned()).into()),
    };
    let catalogue = builtin(&key)?;
    let published = eblomlada::Published::builtin(&catalogue, year).map_err(Failure::from)?;
    Ok(json_parse(&published.to_json()))
}

/// What changed from `oldAssessment` to `newAssessment` (typically one municipality in two
/// years); across catalogue versions a `Mapping` is needed. Exactly the JSON of `eblomlada diff`.
#[wasm_bindgen(unchecked_return_type = "DiffReport")]
pub fn diff(
    #[wasm_bindgen(js_name = oldAssessment)] old: &Assessment,
    #[wasm_bindgen(js_name = newAssessment)] new: &Assessment,
    #[wasm_bindgen(unchecked_optional_param_type = "Mapping | null")] mapping: JsValue,
) -> Out<JsValue> {
    let mapping = if mapping.is_undefined() || mapping.is_null() {
        None
    } else {
        Some(mapping_arg(&mapping, "$", "mapping")?)
    };
    let diff = analysis::diff(&old.inner, &new.inner, mapping.as_ref()).map_err(Failure::from)?;
    Ok(json_parse(&diff.to_json()))
}

/// The improvement planner: single-step changes ranked by what they do to each flower, and the
/// smallest set of changes that makes a flower (`area`) or all of them reach `target` (default
/// the best band, green). Exactly the JSON of `eblomlada plan`.
#[wasm_bindgen(unchecked_return_type = "Plan")]
pub fn plan(
    assessment: &Assessment,
    #[wasm_bindgen(unchecked_optional_param_type = "PlanOptions")] options: JsValue,
) -> Out<JsValue> {
    let mut plan_options = PlanOptions::new();
    for (key, value) in options_entries(&options, &["area", "target", "maxEntries"])? {
        if value.is_null() {
            continue;
        }
        if key == "maxEntries" {
            // A whole number the planner can count to; JS numbers beyond 2^53 are not exact.
            let limit = value
                .as_f64()
                .filter(|n| n.fract() == 0.0 && *n >= 1.0 && *n <= 9_007_199_254_740_991.0)
                .ok_or_else(|| wrong(&key, "a whole number of at least 1", &value))?;
            plan_options = plan_options.max_entries(limit as u64);
            continue;
        }
        let text = value
            .as_string()
            .ok_or_else(|| wrong(&key, if key == "area" { "an area id" } else { "a colour" }, &value))?;
        plan_options = if key == "area" {
            plan_options.area(&text)
        } else {
            plan_options.target(&text)
        };
    }
    let plan = analysis::plan(&assessment.inner, &plan_options).map_err(Failure::from)?;
    Ok(json_parse(&plan.to_json()))
}

/// The yearly report of `assessment` as one self-contained HTML document (inline CSS and SVG,
/// no script, print CSS for A4): the same bytes as `eblomlada report FILE -o OUT.html` for the
/// same input. The reference is a compilation of `options.against`, else the published national
/// figures of the catalogue and year where they exist.
#[wasm_bindgen(js_name = renderReport)]
pub fn render_report(
    assessment: &Assessment,
    #[wasm_bindgen(unchecked_optional_param_type = "ReportOptions")] options: JsValue,
) -> Out<String> {
    let mut previous = None;
    let mut against = None;
    let mut report_options = eblomlada::report::Options::default();
    for (key, value) in options_entries(&options, &["previous", "against", "lang", "palette"])? {
        if value.is_null() || value.is_undefined() {
            continue;
        }
        match key.as_str() {
            "previous" => {
                previous = Some(shared::<Assessment>(&value, "$.previous", "options.previous", "an Assessment")?.inner);
            }
            "against" => against = Some(assessments_arg(&value, "options.against")?),
            "lang" => {
                let lang = value.as_string().filter(|l| l == "sv" || l == "en");
                report_options.lang = lang.ok_or_else(|| wrong(&key, "\"sv\" or \"en\"", &value))?;
            }
            _ => {
                let palette = value.as_string().and_then(|p| p.parse().ok());
                report_options.palette =
                    palette.ok_or_else(|| wrong(&key, "\"standard\" or \"colour-blind\"", &value))?;
            }
        }
    }
    let a = &assessment.inner;
    let compilation = match &against {
        Some(list) => Some(analysis::compile(list, &CompileOptions::new()).map_err(Failure::from)?),
        None => None,
    };
    let published = eblomlada::Published::builtin(a.catalogue(), a.year()).ok();
    let reference = match (&compilation, &published) {
        (Some(c), _) => eblomlada::report::Reference::Compilation(c),
        (None, Some(p)) => eblomlada::report::Reference::Published(p),
        (None, None) => eblomlada::report::Reference::None,
    };
    let report = eblomlada::report::build(a, previous.as_ref(), reference, &report_options).map_err(Failure::from)?;
    Ok(report.to_html())
}

/// The long-format CSV of `assessments` (RFC 4180, CRLF): one row per municipality, year and
/// indicator. Exactly what `eblomlada export --csv` writes.
#[wasm_bindgen(js_name = toCsv)]
pub fn to_csv(#[wasm_bindgen(unchecked_param_type = "Assessment[]")] assessments: JsValue) -> Out<String> {
    let assessments = assessments_arg(&assessments, "assessments")?;
    Ok(analysis::csv::export(&assessments))
}

/// Reads a long-format CSV into assessments, in the order they first appear. Catalogues are
/// looked up by key among `catalogues`, then the built-in ones. Every problem names its line
/// and column. The separator (`,` `;` tab) is detected unless `options.sep` gives it; columns
/// the format does not know are ignored unless `options.extra` is `"error"` (as in Python
/// and the CLI).
#[wasm_bindgen(js_name = fromCsv)]
pub fn from_csv(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Catalogue[]")] catalogues: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "CsvOptions")] options: JsValue,
) -> Out<Vec<Assessment>> {
    let mut csv_options = analysis::csv::CsvOptions::new().ignore_extra(true);
    for (key, value) in options_entries(&options, &["extra", "sep"])? {
        match (key.as_str(), value.as_string().as_deref()) {
            ("extra", Some("ignore")) => csv_options = csv_options.ignore_extra(true),
            ("extra", Some("error")) => csv_options = csv_options.ignore_extra(false),
            ("extra", _) => return Err(wrong("extra", "\"ignore\" or \"error\"", &value).into()),
            ("sep", Some(sep)) if sep.len() == 1 => csv_options = csv_options.sep(sep.as_bytes()[0]),
            _ => return Err(wrong("sep", "one character such as \";\"", &value).into()),
        }
    }
    let text = string_arg(&text, "text")?;
    let catalogues = if catalogues.is_undefined() || catalogues.is_null() {
        Vec::new()
    } else {
        array_arg(&catalogues, "catalogues")?
            .iter()
            .enumerate()
            .map(|(i, c)| catalogue_arg(c, &format!("$[{i}]"), &format!("catalogues[{i}]")))
            .collect::<Result<_, _>>()?
    };
    let assessments = analysis::csv::import_with(&text, &catalogues, &csv_options).map_err(Failure::from)?;
    Ok(assessments.into_iter().map(|inner| Assessment { inner }).collect())
}

/// A seeded synthetic national data set: invented, not real results. The same options give the
/// same data on every platform (and the same as `eblomlada synthetic`).
#[wasm_bindgen]
pub fn synthetic(#[wasm_bindgen(unchecked_param_type = "SyntheticOptions")] options: JsValue) -> Out<Vec<Assessment>> {
    const NAMES: &[&str] = &[
        "seed",
        "years",
        "municipalities",
        "participation",
        "unanswered",
        "comments",
        "catalogue",
    ];
    if options.is_undefined() || options.is_null() {
        return Err(Failure::argument(
            "$",
            "options must be an object such as {seed: 1, years: [2016, 2017]}".to_owned(),
        )
        .into());
    }
    let mut seed = None;
    let mut years = None;
    let mut municipalities: Option<Vec<String>> = None;
    let mut probabilities = [1.0, 0.0, 0.05];
    // Without `participation`, as many publish as in the seeds (see `SyntheticOptions`).
    let mut participation_given = false;
    let mut catalogue = None;
    for (key, value) in options_entries(&options, NAMES)? {
        match key.as_str() {
            "seed" => {
                let n = whole(&value, 0.0, 9_007_199_254_740_991.0)
                    .ok_or_else(|| wrong("seed", "a whole number from 0 to 2^53 − 1", &value))?;
                seed = Some(n as u64);
            }
            "years" => {
                let list =
                    array_arg(&value, "options.years").map_err(|_| wrong("years", "an array of years", &value))?;
                let list = list
                    .iter()
                    .map(|y| whole(y, -2_147_483_648.0, 2_147_483_647.0).map(|y| y as i32))
                    .collect::<Option<Vec<i32>>>()
                    .ok_or_else(|| wrong("years", "an array of whole years", &value))?;
                years = Some(list);
            }
            "municipalities" => {
                let list = array_arg(&value, "options.municipalities")
                    .map_err(|_| wrong("municipalities", "an array of municipality codes", &value))?;
                let list = list
                    .iter()
                    .map(JsValue::as_string)
                    .collect::<Option<Vec<String>>>()
                    .ok_or_else(|| wrong("municipalities", "an array of municipality codes (strings)", &value))?;
                municipalities = Some(list);
            }
            "participation" | "unanswered" | "comments" => {
                let p = value
                    .as_f64()
                    .filter(|p| (0.0..=1.0).contains(p))
                    .ok_or_else(|| wrong(&key, "a probability from 0 to 1", &value))?;
                let slot = match key.as_str() {
                    "participation" => 0,
                    "unanswered" => 1,
                    _ => 2,
                };
                probabilities[slot] = p;
                participation_given |= slot == 0;
            }
            _ => catalogue = Some(catalogue_arg(&value, "$.catalogue", "options.catalogue")?),
        }
    }
    let missing = |key: &str, example: &str| {
        Failure::argument(
            &push_key("$", key),
            format!("options.{key} is required, e.g. {example}"),
        )
    };
    let seed = seed.ok_or_else(|| missing("seed", "seed: 1"))?;
    let years = years.ok_or_else(|| missing("years", "years: [2016, 2017]"))?;
    let catalogue = match catalogue {
        Some(c) => c,
        None => builtin("eblomladan-2016")?,
    };
    let mut options = SyntheticOptions::new(seed, years)
        .unanswered(probabilities[1])
        .comments(probabilities[2]);
    if participation_given {
        options = options.participation(probabilities[0]);
    }
    if let Some(codes) = municipalities {
        options = options.municipalities(codes);
    }
    let data = analysis::synthetic::generate(&catalogue, &options).map_err(Failure::from)?;
    Ok(data.into_iter().map(|inner| Assessment { inner }).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn analysis_errors_keep_message_kind_and_problems() {
        let none: [&eblomlada::Assessment; 0] = [];
        let f = Failure::from(analysis::compile(none, &CompileOptions::new()).expect_err("an error"));
        assert_eq!(f.kind, "Empty");
        assert_eq!(f.message, "nothing to compile: no assessments were given");
        assert_eq!(f.problems.len(), 1);
        let f = Failure::from(analysis::csv::import("catalogue,municipality\n", &[]).expect_err("an error"));
        assert_eq!(f.kind, "InvalidCsv");
        assert!(f.problems.iter().all(|p| p.line.is_some()), "{:?}", f.problems);
        let f = Failure::from(AnalysisError::Core(eblomlada::Error::UnknownCatalogue {
            key: "x-1".to_owned(),
            known: vec!["eblomladan-2016".to_owned()],
        }));
        assert_eq!(f.kind, "UnknownCatalogue");
    }
}
