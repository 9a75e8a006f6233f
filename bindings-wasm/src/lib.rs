//! # eblomlada-wasm
//!
//! The WebAssembly face of [`eblomlada`]: catalogues, assessments, exact scoring and the
//! flowerbox picture for JavaScript and TypeScript, in the browser and in Node.
//!
//! This crate only converts: every rule lives in the core. Values cross the boundary as JSON
//! text parsed on the JavaScript side (`JSON.parse`), which keeps the key order of the core's
//! reports and makes `score()` deep-equal to the command line's `eblomlada score`.
//!
//! Every error is thrown as an `EblomladaError` (a subclass of `Error`, defined in the package's
//! `error.js`) carrying the core's exact message, a `kind` and a `problems` array. No input can
//! leave the module unusable: arguments are checked before any state changes, edits are
//! atomic, and nothing here panics on user input.
//!
//! `build.sh` compiles this crate for `wasm32-unknown-unknown` and packages it for the browser
//! (`pkg/`) and for Node (`pkg-node/`). On other targets the crate builds (so the workspace's
//! `cargo clippy` and `cargo test` see it) and its pure helpers are unit-tested.

use std::cell::RefCell;
use std::sync::Arc;

use eblomlada::{render, Problem, Severity};
use wasm_bindgen::prelude::*;

mod typescript;

/// Talc instead of dlmalloc: smaller code, and as fast for the many short strings of drawing.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

// ---------------------------------------------------------------------------------------------
// Imports from JavaScript.

#[wasm_bindgen(raw_module = "./error.js")]
extern "C" {
    /// `class EblomladaError extends Error` of the package's `error.js`.
    #[wasm_bindgen(js_name = EblomladaError)]
    type JsEblomladaError;

    /// `new EblomladaError(message, kind, problemsJson)`; never throws.
    #[wasm_bindgen(constructor, js_class = "EblomladaError")]
    fn new(message: &str, kind: &str, problems_json: &str) -> JsEblomladaError;
}

#[wasm_bindgen]
extern "C" {
    /// `JSON.parse`, only ever given JSON this crate wrote.
    #[wasm_bindgen(js_namespace = JSON, js_name = parse)]
    fn json_parse(text: &str) -> JsValue;

    /// Any object that may be a `Catalogue`.
    type MaybeCatalogue;

    /// `Catalogue.prototype.__share`: a second handle on the same catalogue.
    #[wasm_bindgen(method, structural, catch, js_name = __share)]
    fn share(this: &MaybeCatalogue) -> Result<JsValue, JsValue>;

    /// `Object.keys`, caught (a Proxy may throw).
    #[wasm_bindgen(js_namespace = Object, js_name = keys, catch)]
    fn object_keys(value: &JsValue) -> Result<Vec<String>, JsValue>;

    /// `Reflect.get`, caught (a getter may throw).
    #[wasm_bindgen(js_namespace = Reflect, js_name = get, catch)]
    fn reflect_get(target: &JsValue, key: &JsValue) -> Result<JsValue, JsValue>;
}

// ---------------------------------------------------------------------------------------------
// Errors.

/// An error on its way to JavaScript: the message, a kind and the problems behind it.
#[derive(Debug, Clone, PartialEq)]
struct Failure {
    kind: &'static str,
    message: String,
    problems: Vec<Problem>,
}

impl From<eblomlada::Error> for Failure {
    fn from(error: eblomlada::Error) -> Failure {
        use eblomlada::Error as E;
        let kind = match &error {
            E::InvalidCatalogue { .. } => "InvalidCatalogue",
            E::InvalidAssessment { .. } => "InvalidAssessment",
            E::UnknownCatalogue { .. } => "UnknownCatalogue",
            E::UnknownIndicator { .. } => "UnknownIndicator",
            E::UnknownAnswer { .. } => "UnknownAnswer",
            E::InvalidField { .. } => "InvalidField",
            E::InvalidPublished { .. } => "InvalidPublished",
            E::UnknownPublished { .. } => "UnknownPublished",
            _ => "Error",
        };
        Failure {
            kind,
            message: error.to_string(),
            problems: error.problems(),
        }
    }
}

impl Failure {
    /// A JavaScript argument of the wrong type or value.
    fn argument(path: &str, message: String) -> Failure {
        Failure {
            kind: "InvalidArgument",
            problems: vec![Problem::error(path, message.clone())],
            message,
        }
    }

    /// The problems as a JSON array with every field present (`line`/`column` may be `null`).
    fn problems_json(&self) -> String {
        problems_json(&self.problems)
    }

    fn into_js(self) -> JsValue {
        JsEblomladaError::new(&self.message, self.kind, &self.problems_json()).into()
    }
}

impl From<Failure> for JsValue {
    fn from(failure: Failure) -> JsValue {
        failure.into_js()
    }
}

type Out<T> = Result<T, JsValue>;

/// `typeof value`, for messages.
fn type_name(value: &JsValue) -> String {
    if value.is_null() {
        return "null".to_owned();
    }
    value.js_typeof().as_string().unwrap_or_else(|| "unknown".to_owned())
}

fn string_arg(value: &JsValue, name: &str) -> Result<String, Failure> {
    value
        .as_string()
        .ok_or_else(|| Failure::argument("$", format!("{name} must be a string, not {}", type_name(value))))
}

/// `undefined` → keep (`None`), `null` or `""` → remove (`Some(None)`), a string → set.
fn comment_arg(value: &JsValue) -> Result<Option<Option<String>>, Failure> {
    if value.is_undefined() {
        Ok(None)
    } else if value.is_null() {
        Ok(Some(None))
    } else {
        let text = string_arg(value, "comment")?;
        Ok(Some(comment_text(text)))
    }
}

/// An empty comment is no comment.
fn comment_text(text: String) -> Option<String> {
    if text.trim().is_empty() {
        None
    } else {
        Some(text)
    }
}

fn year_arg(value: &JsValue) -> Result<i32, Failure> {
    match value.as_f64() {
        Some(y) => whole_year(y),
        None => Err(Failure::argument(
            "$",
            format!("year must be a number, not {}", type_name(value)),
        )),
    }
}

fn whole_year(y: f64) -> Result<i32, Failure> {
    if y.fract() == 0.0 && y >= f64::from(i32::MIN) && y <= f64::from(i32::MAX) {
        Ok(y as i32)
    } else {
        Err(Failure::argument("$", format!("year must be a whole number, not {y}")))
    }
}

/// Writes `problems` as JSON by hand: the core's serialisers stay the only ones in the `.wasm`.
fn problems_json(problems: &[Problem]) -> String {
    let mut out = String::from("[");
    for (i, p) in problems.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"severity\":\"");
        out.push_str(if p.severity == Severity::Warning {
            "warning"
        } else {
            "error"
        });
        out.push_str("\",\"path\":");
        push_json_string(&mut out, &p.path);
        for (key, value) in [("line", p.line), ("column", p.column)] {
            out.push_str(",\"");
            out.push_str(key);
            out.push_str("\":");
            match value {
                Some(n) => out.push_str(&n.to_string()),
                None => out.push_str("null"),
            }
        }
        out.push_str(",\"message\":");
        push_json_string(&mut out, &p.message);
        out.push('}');
    }
    out.push(']');
    out
}

fn push_json_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// The own enumerable properties of a plain object argument (`undefined`/`null` → `None`).
fn object_arg(value: &JsValue, name: &str) -> Result<Option<Vec<(String, JsValue)>>, Failure> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    let unreadable = || Failure::argument("$", format!("{name} cannot be read"));
    if !value.is_object() || value.is_function() || is_array(value) {
        let kind = if is_array(value) {
            "an array".to_owned()
        } else {
            type_name(value)
        };
        return Err(Failure::argument("$", format!("{name} must be an object, not {kind}")));
    }
    let keys = object_keys(value).map_err(|_| unreadable())?;
    let mut entries = Vec::with_capacity(keys.len());
    for key in keys {
        let item = reflect_get(value, &JsValue::from_str(&key)).map_err(|_| unreadable())?;
        entries.push((key, item));
    }
    Ok(Some(entries))
}

fn is_array(value: &JsValue) -> bool {
    is_array_js(value)
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Array, js_name = isArray)]
    fn is_array_js(value: &JsValue) -> bool;

    /// A JS array (the few methods needed, without the js-sys crate).
    #[wasm_bindgen(js_name = Array)]
    type JsArray;

    /// `array.length`.
    #[wasm_bindgen(method, getter, structural)]
    fn length(this: &JsArray) -> u32;

    /// `array[index]`.
    #[wasm_bindgen(method, indexing_getter)]
    fn get(this: &JsArray, index: u32) -> JsValue;
}

// ---------------------------------------------------------------------------------------------
// Render options.

/// One render option as given: what the core's [`render::Options`] are built from.
#[derive(Debug, Clone, PartialEq)]
enum OptionValue {
    Text(String),
    Number(f64),
    Flag(bool),
    /// An array of strings.
    Texts(Vec<String>),
    /// `undefined`: the default.
    Absent,
    /// Anything else, by its `typeof`.
    Other(String),
}

impl OptionValue {
    fn of(value: &JsValue) -> OptionValue {
        if value.is_undefined() {
            OptionValue::Absent
        } else if let Some(s) = value.as_string() {
            OptionValue::Text(s)
        } else if let Some(n) = value.as_f64() {
            OptionValue::Number(n)
        } else if let Some(b) = value.as_bool() {
            OptionValue::Flag(b)
        } else if is_array(value) {
            let array: &JsArray = value.unchecked_ref();
            let items: Option<Vec<String>> = (0..array.length()).map(|i| array.get(i).as_string()).collect();
            items.map_or_else(
                || OptionValue::Other("an array with a non-string".to_owned()),
                OptionValue::Texts,
            )
        } else {
            OptionValue::Other(type_name(value))
        }
    }

    fn kind(&self) -> String {
        match self {
            OptionValue::Text(_) => "a string".to_owned(),
            OptionValue::Number(_) => "a number".to_owned(),
            OptionValue::Flag(_) => "a boolean".to_owned(),
            OptionValue::Texts(_) => "an array of strings".to_owned(),
            OptionValue::Absent => "undefined".to_owned(),
            OptionValue::Other(t) => t.clone(),
        }
    }
}

const OPTION_NAMES: &str = "lang, width, labels, legend, palette, disagreements";

/// Builds the core's render options from the options object's entries, checking each.
fn render_options(entries: &[(String, OptionValue)]) -> Result<render::Options, Failure> {
    let mut options = render::Options::default();
    for (key, value) in entries {
        let path = eblomlada::json::push_key("$", key);
        let wrong = |expected: &str| {
            Failure::argument(
                &path,
                format!("options.{key}: expected {expected}, not {}", value.kind()),
            )
        };
        if *value == OptionValue::Absent {
            if !OPTION_NAMES.split(", ").any(|n| n == key) {
                return Err(unknown_option(&path, key));
            }
            continue;
        }
        match (key.as_str(), value) {
            ("lang", OptionValue::Text(lang)) if !lang.trim().is_empty() => options.lang = lang.clone(),
            ("lang", _) => return Err(wrong("a language tag such as \"sv\" or \"en\"")),
            ("width", OptionValue::Number(w)) if w.fract() == 0.0 && (1.0..=100_000.0).contains(w) => {
                options.width = *w as u32;
            }
            ("width", _) => return Err(wrong("a whole number of pixels from 1 to 100000")),
            ("labels", OptionValue::Flag(b)) => options.labels = *b,
            ("legend", OptionValue::Flag(b)) => options.legend = *b,
            ("labels" | "legend", _) => return Err(wrong("true or false")),
            ("palette", OptionValue::Text(name)) => {
                options.palette = name.parse().map_err(|e: render::ParsePaletteError| {
                    Failure::argument(&path, format!("options.palette: {e}"))
                })?;
            }
            ("palette", _) => return Err(wrong("\"standard\" or \"colour-blind\"")),
            ("disagreements", OptionValue::Texts(ids)) => options.disagreements = ids.clone(),
            ("disagreements", _) => return Err(wrong("an array of indicator ids")),
            _ => return Err(unknown_option(&path, key)),
        }
    }
    Ok(options)
}

fn unknown_option(path: &str, key: &str) -> Failure {
    Failure::argument(
        path,
        format!("options: unknown option {key:?}; expected one of {OPTION_NAMES}"),
    )
}

fn options_arg(value: &JsValue) -> Result<render::Options, Failure> {
    let entries = object_arg(value, "options")?.unwrap_or_default();
    let entries: Vec<(String, OptionValue)> = entries.iter().map(|(k, v)| (k.clone(), OptionValue::of(v))).collect();
    let options = render_options(&entries)?;
    options.check()?;
    Ok(options)
}

/// Reads `{areaId: mean}` reference means in the order given.
#[cfg(any(test, feature = "team", feature = "workbook", feature = "analysis"))]
fn reference_means(entries: &[(String, OptionValue)]) -> Result<Vec<(String, f64)>, Failure> {
    entries
        .iter()
        .map(|(key, value)| match value {
            OptionValue::Number(n) if n.is_finite() => Ok((key.clone(), *n)),
            other => Err(Failure::argument(
                &eblomlada::json::push_key("$", key),
                format!(
                    "reference.{key}: expected a finite number such as 2.1, not {}",
                    if let OptionValue::Number(n) = other {
                        n.to_string()
                    } else {
                        other.kind()
                    }
                ),
            )),
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Catalogues.

thread_local! {
    /// Built-in catalogues parsed once per module instance.
    static BUILTIN: RefCell<Vec<Arc<eblomlada::Catalogue>>> = const { RefCell::new(Vec::new()) };
}

fn builtin(key: &str) -> Result<Arc<eblomlada::Catalogue>, Failure> {
    if let Some(found) = BUILTIN.with(|cache| cache.borrow().iter().find(|c| c.key() == key).cloned()) {
        return Ok(found);
    }
    let catalogue = Arc::new(eblomlada::Catalogue::builtin(key)?);
    BUILTIN.with(|cache| cache.borrow_mut().push(Arc::clone(&catalogue)));
    Ok(catalogue)
}

/// A checked catalogue of indicators: the answer scale, levels and weights, areas, colour bands.
#[wasm_bindgen]
#[derive(Clone)]
pub struct Catalogue {
    inner: Arc<eblomlada::Catalogue>,
}

#[wasm_bindgen]
impl Catalogue {
    /// A catalogue shipped inside the package, e.g. `Catalogue.builtin("eblomladan-2016")`.
    /// Parsed once; later calls share it.
    pub fn builtin(#[wasm_bindgen(unchecked_param_type = "string")] key: JsValue) -> Out<Catalogue> {
        let key = string_arg(&key, "key")?;
        Ok(Catalogue { inner: builtin(&key)? })
    }

    /// Parses and checks a catalogue file, reporting every problem found.
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(#[wasm_bindgen(unchecked_param_type = "string")] text: JsValue) -> Out<Catalogue> {
        let text = string_arg(&text, "text")?;
        let inner = eblomlada::Catalogue::from_json(&text).map_err(Failure::from)?;
        Ok(Catalogue { inner: Arc::new(inner) })
    }

    /// Keys of the built-in catalogues.
    #[wasm_bindgen(js_name = builtinKeys)]
    pub fn builtin_keys() -> Vec<String> {
        eblomlada::Catalogue::builtin_keys()
            .into_iter()
            .map(str::to_owned)
            .collect()
    }

    /// `<id>-<version>`, e.g. `eblomladan-2016`.
    #[wasm_bindgen(getter)]
    pub fn key(&self) -> String {
        self.inner.key().to_owned()
    }

    /// Catalogue family, e.g. `eblomladan`.
    #[wasm_bindgen(getter)]
    pub fn id(&self) -> String {
        self.inner.id().to_owned()
    }

    /// Version, e.g. `2016`.
    #[wasm_bindgen(getter)]
    pub fn version(&self) -> String {
        self.inner.version().to_owned()
    }

    /// The catalogue's name in `lang` (`sv` by default; falls back to Swedish).
    pub fn name(&self, #[wasm_bindgen(unchecked_optional_param_type = "string")] lang: JsValue) -> Out<String> {
        let lang = if lang.is_undefined() {
            "sv".to_owned()
        } else {
            string_arg(&lang, "lang")?
        };
        Ok(self.inner.name().get(&lang).to_owned())
    }

    /// A second JS handle on this catalogue. Used to read an optional `Catalogue` argument
    /// without taking the caller's object away (wasm-bindgen moves objects passed by value).
    #[doc(hidden)]
    #[wasm_bindgen(js_name = __share, skip_typescript)]
    pub fn share(&self) -> Catalogue {
        self.clone()
    }

    /// The catalogue behind `value`, which must be a `Catalogue`; the caller keeps its object.
    fn shared(value: &JsValue) -> Result<Arc<eblomlada::Catalogue>, Failure> {
        use wasm_bindgen::convert::TryFromJsValue;
        let not_one = || Failure::argument("$", format!("catalogue must be a Catalogue, not {}", type_name(value)));
        if !value.is_object() {
            return Err(not_one());
        }
        let handle = value.unchecked_ref::<MaybeCatalogue>().share().map_err(|_| not_one())?;
        Catalogue::try_from_js_value(handle)
            .map(|c| c.inner)
            .map_err(|_| not_one())
    }

    /// The catalogue file as pretty JSON text.
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// The catalogue document as a plain object (also what `JSON.stringify` writes).
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "CatalogueDocument")]
    pub fn to_plain(&self) -> JsValue {
        json_parse(&self.inner.to_json())
    }
}

// ---------------------------------------------------------------------------------------------
// Assessments.

/// One municipality's answers to one catalogue in one year.
#[wasm_bindgen]
pub struct Assessment {
    inner: eblomlada::Assessment,
}

/// The catalogue an assessment file names, for when none is given.
fn catalogue_of(text: &str) -> Result<Arc<eblomlada::Catalogue>, Failure> {
    // The core's strict reader (also used to explain problems) finds the reference, or
    // reports malformed JSON with path, line and column.
    let reference = eblomlada::AssessmentDocument::from_json(text)?.catalogue;
    builtin(&reference.key()).map_err(|mut f| {
        for p in &mut f.problems {
            p.path = "$.catalogue".to_owned();
        }
        f
    })
}

#[wasm_bindgen]
impl Assessment {
    /// An empty assessment of `catalogue` for a municipality (four-digit code such as `"1881"`)
    /// and a year.
    #[wasm_bindgen(constructor)]
    pub fn new(
        catalogue: &Catalogue,
        #[wasm_bindgen(unchecked_param_type = "string")] municipality: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] year: JsValue,
    ) -> Out<Assessment> {
        let municipality = string_arg(&municipality, "municipality")?;
        let year = year_arg(&year)?;
        let inner = eblomlada::Assessment::new(&catalogue.inner, &municipality, year).map_err(Failure::from)?;
        Ok(Assessment { inner })
    }

    /// Parses an assessment file and checks it against `catalogue`, or, when none is given,
    /// against the built-in catalogue the file names. Every problem is reported at once.
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(
        #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Catalogue")] catalogue: JsValue,
    ) -> Out<Assessment> {
        let text = string_arg(&text, "text")?;
        let catalogue = if catalogue.is_undefined() || catalogue.is_null() {
            catalogue_of(&text)?
        } else {
            Catalogue::shared(&catalogue)?
        };
        let inner = eblomlada::Assessment::from_json(&text, &catalogue).map_err(Failure::from)?;
        Ok(Assessment { inner })
    }

    /// The assessment file as pretty JSON text (stable key order, answers in catalogue order).
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// The assessment file as a plain object (also what `JSON.stringify` writes).
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "AssessmentDocument")]
    pub fn to_plain(&self) -> JsValue {
        json_parse(&self.inner.to_json())
    }

    /// Answers indicator `id` with an answer id of the scale (`fully`, `partly`, `not_met`).
    /// `comment`: a string sets it, `null` or `""` removes it, leaving it out keeps the current
    /// one. Nothing changes when anything is invalid.
    pub fn answer(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] answer: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "string | null")] comment: JsValue,
    ) -> Out<()> {
        let id = string_arg(&id, "indicator id")?;
        let answer = string_arg(&answer, "answer")?;
        let comment = comment_arg(&comment)?;
        // The core checks id and answer before changing anything; once answered, setting the
        // comment cannot fail.
        self.inner.answer(&id, &answer).map_err(Failure::from)?;
        if let Some(comment) = comment {
            self.inner.comment(&id, comment.as_deref()).map_err(Failure::from)?;
        }
        Ok(())
    }

    /// Removes the answer (and its comment) of indicator `id`.
    pub fn clear(&mut self, #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue) -> Out<()> {
        let id = string_arg(&id, "indicator id")?;
        self.inner.clear(&id).map_err(Failure::from)?;
        Ok(())
    }

    /// Sets (`string`) or removes (`null`, `""`) the comment of an answered indicator.
    #[wasm_bindgen(js_name = setComment)]
    pub fn set_comment(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string | null")] comment: JsValue,
    ) -> Out<()> {
        let id = string_arg(&id, "indicator id")?;
        let comment = comment_arg(&comment)?.unwrap_or(None);
        self.inner.comment(&id, comment.as_deref()).map_err(Failure::from)?;
        Ok(())
    }

    fn known(&self, id: &JsValue) -> Result<String, Failure> {
        let id = string_arg(id, "indicator id")?;
        if self.inner.catalogue().indicator_index(&id).is_none() {
            return Err(eblomlada::Error::UnknownIndicator {
                id,
                catalogue: self.inner.catalogue().key().to_owned(),
            }
            .into());
        }
        Ok(id)
    }

    /// The answer id given to indicator `id`, or `undefined` while unanswered.
    #[wasm_bindgen(js_name = answerOf)]
    pub fn answer_of(&self, #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue) -> Out<Option<String>> {
        let id = self.known(&id)?;
        Ok(self.inner.answer_of(&id).map(str::to_owned))
    }

    /// The comment on indicator `id`, or `undefined`.
    #[wasm_bindgen(js_name = commentOf)]
    pub fn comment_of(&self, #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue) -> Out<Option<String>> {
        let id = self.known(&id)?;
        Ok(self.inner.comment_of(&id).map(str::to_owned))
    }

    /// The score report, exactly the JSON of `eblomlada score` (DESIGN.md), as a plain object.
    #[wasm_bindgen(unchecked_return_type = "ScoreResult")]
    pub fn score(&self) -> JsValue {
        json_parse(&self.inner.score().to_json())
    }

    /// Problems that do not make the assessment unusable (a year the catalogue was not made for).
    #[wasm_bindgen(unchecked_return_type = "Problem[]")]
    pub fn warnings(&self) -> JsValue {
        json_parse(&problems_json(&self.inner.warnings()))
    }

    /// The catalogue answered.
    #[wasm_bindgen(getter)]
    pub fn catalogue(&self) -> Catalogue {
        Catalogue {
            inner: Arc::clone(self.inner.catalogue()),
        }
    }

    /// Four-digit municipality code.
    #[wasm_bindgen(getter)]
    pub fn municipality(&self) -> String {
        self.inner.municipality().to_owned()
    }

    /// Two-digit county (län) code.
    #[wasm_bindgen(getter)]
    pub fn county(&self) -> String {
        self.inner.county().to_owned()
    }

    /// The municipality's name: the file's `name`, else the bundled table's, else `undefined`.
    #[wasm_bindgen(getter, js_name = municipalityName)]
    pub fn municipality_name(&self) -> Option<String> {
        self.inner.municipality_name().map(str::to_owned)
    }

    /// Whether the file says it is invented data (`"synthetic": true`).
    #[wasm_bindgen(getter)]
    pub fn synthetic(&self) -> bool {
        self.inner.is_synthetic()
    }

    /// The year assessed.
    #[wasm_bindgen(getter)]
    pub fn year(&self) -> i32 {
        self.inner.year()
    }

    /// Sets the year (1900–2200; one outside the catalogue's years is only a warning).
    #[wasm_bindgen(setter)]
    pub fn set_year(&mut self, #[wasm_bindgen(unchecked_param_type = "number")] year: JsValue) -> Out<()> {
        let year = year_arg(&year)?;
        self.inner.set_year(year).map_err(Failure::from)?;
        Ok(())
    }

    /// How many indicators are answered.
    #[wasm_bindgen(getter)]
    pub fn answered(&self) -> usize {
        self.inner.answered()
    }

    /// How many indicators the catalogue has.
    #[wasm_bindgen(getter)]
    pub fn total(&self) -> usize {
        self.inner.catalogue().indicators().len()
    }

    /// An independent copy.
    #[wasm_bindgen(js_name = clone)]
    pub fn duplicate(&self) -> Assessment {
        Assessment {
            inner: self.inner.clone(),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Pictures.

/// The flowerbox picture of `assessment` as a standalone SVG document.
#[wasm_bindgen(js_name = renderFlowerbox)]
pub fn render_flowerbox(
    assessment: &Assessment,
    #[wasm_bindgen(unchecked_optional_param_type = "RenderOptions")] options: JsValue,
) -> Out<String> {
    let options = options_arg(&options)?;
    Ok(render::flowerbox(&assessment.inner, &options))
}

/// The answer distribution as stacked bars: all indicators, each level, each area's own.
#[wasm_bindgen(js_name = renderAnswerChart)]
pub fn render_answer_chart(
    assessment: &Assessment,
    #[wasm_bindgen(unchecked_optional_param_type = "RenderOptions")] options: JsValue,
) -> Out<String> {
    let options = options_arg(&options)?;
    Ok(render::answer_chart(&assessment.inner, &options))
}

/// The area scores of `assessment` against reference means per area id, e.g. national averages.
///
/// Not in the browser package `pkg/` (6 KB gzip it cannot spare): in `pkg/team/` and
/// `pkg/workbook/`, which `<eblom-flowerbox>` loads when its reference has means, in the Node
/// and the analysis packages.
#[cfg(any(test, feature = "team", feature = "workbook", feature = "analysis"))]
#[wasm_bindgen(js_name = renderComparisonChart)]
pub fn render_comparison_chart(
    assessment: &Assessment,
    #[wasm_bindgen(js_name = referenceLabel, unchecked_param_type = "string")] reference_label: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Record<string, number>")] reference: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "RenderOptions")] options: JsValue,
) -> Out<String> {
    let label = string_arg(&reference_label, "referenceLabel")?;
    let entries = object_arg(&reference, "reference")?.unwrap_or_default();
    let entries: Vec<(String, OptionValue)> = entries.iter().map(|(k, v)| (k.clone(), OptionValue::of(v))).collect();
    let reference = reference_means(&entries)?;
    render::check_reference(assessment.inner.catalogue(), &reference).map_err(Failure::from)?;
    let options = options_arg(&options)?;
    Ok(render::comparison_chart(
        &assessment.inner,
        &label,
        &reference,
        &options,
    ))
}

/// The version of this package and of the core it was built from.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_errors_keep_message_kind_and_problems() {
        let catalogue = Arc::new(eblomlada::Catalogue::builtin("eblomladan-2016").expect("no error"));
        let mut a = eblomlada::Assessment::new(&catalogue, "1881", 2017).expect("no error");
        let f = Failure::from(a.answer("lead-99", "fully").expect_err("an error"));
        assert_eq!(f.kind, "UnknownIndicator");
        assert_eq!(f.message, "unknown indicator \"lead-99\" in catalogue eblomladan-2016");
        let problems: serde_json::Value = serde_json::from_str(&f.problems_json()).expect("no error");
        assert_eq!(
            problems,
            serde_json::json!([{"severity": "error", "path": "$", "line": null, "column": null,
                                 "message": "unknown indicator \"lead-99\" in catalogue eblomladan-2016"}])
        );
        let f = Failure::from(
            eblomlada::Assessment::from_json("{\n  \"catalogue\": 3}", &catalogue).expect_err("an error"),
        );
        assert_eq!(f.kind, "InvalidAssessment");
        assert_eq!(f.problems[0].line, Some(2));
    }

    #[test]
    fn unknown_catalogue_in_a_file_points_at_its_reference() {
        let f = catalogue_of(r#"{"catalogue": {"id": "eblomladan", "version": "2014"}, "municipality": "1881", "year": 2014, "answers": {}}"#).expect_err("an error");
        assert_eq!(f.kind, "UnknownCatalogue");
        assert_eq!(f.problems[0].path, "$.catalogue");
        assert!(f.message.contains("eblomladan-2014"), "{}", f.message);
        let f = catalogue_of("{").expect_err("an error");
        assert_eq!(f.kind, "InvalidAssessment");
        assert!(catalogue_of(r#"{"catalogue": {"id": "eblomladan", "version": "2016"}, "municipality": "1881", "year": 2017, "answers": {}}"#).is_ok());
    }

    fn entries(list: &[(&str, OptionValue)]) -> Vec<(String, OptionValue)> {
        list.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect()
    }

    #[test]
    fn render_options_are_checked() {
        use OptionValue::*;
        let o = render_options(&entries(&[
            ("lang", Text("en".into())),
            ("width", Number(480.0)),
            ("palette", Text("colour-blind".into())),
            ("legend", Flag(false)),
            ("labels", Absent),
        ]))
        .expect("no error");
        assert_eq!((o.lang.as_str(), o.width, o.legend, o.labels), ("en", 480, false, true));
        assert_eq!(o.palette, render::Palette::ColourBlind);
        assert_eq!(render_options(&[]).expect("no error"), render::Options::default());
        let f = render_options(&entries(&[("palete", Text("standard".into()))])).expect_err("an error");
        assert_eq!(f.kind, "InvalidArgument");
        assert!(f.message.contains("unknown option \"palete\""), "{}", f.message);
        let f = render_options(&entries(&[("palette", Text("rainbow".into()))])).expect_err("an error");
        assert_eq!(f.problems[0].path, "$.palette");
        assert!(f.message.contains("unknown palette \"rainbow\""), "{}", f.message);
        for bad in [
            ("width", Number(0.0)),
            ("width", Number(10.5)),
            ("lang", Text(" ".into())),
        ] {
            assert!(render_options(&entries(std::slice::from_ref(&bad))).is_err(), "{bad:?}");
        }
        let f = render_options(&entries(&[("legend", Text("no".into()))])).expect_err("an error");
        assert_eq!(f.message, "options.legend: expected true or false, not a string");
    }

    #[test]
    fn reference_means_and_small_helpers() {
        use OptionValue::*;
        assert_eq!(
            reference_means(&entries(&[("public", Number(2.0)), ("elderly", Number(1.5))])).expect("no error"),
            vec![("public".to_owned(), 2.0), ("elderly".to_owned(), 1.5)]
        );
        let f = reference_means(&entries(&[("elderly", Text("2".into()))])).expect_err("an error");
        assert_eq!(
            f.message,
            "reference.elderly: expected a finite number such as 2.1, not a string"
        );
        assert!(reference_means(&entries(&[("elderly", Number(f64::NAN))])).is_err());
        let json = problems_json(&[Problem::warning("$.a", "say \"hi\"\n\u{1}")]);
        assert_eq!(
            json,
            r#"[{"severity":"warning","path":"$.a","line":null,"column":null,"message":"say \"hi\"\n\u0001"}]"#
        );
        assert_eq!(comment_text("  ".to_owned()), None);
        assert_eq!(comment_text("ok".to_owned()).as_deref(), Some("ok"));
        assert_eq!(whole_year(2017.0).expect("no error"), 2017);
        assert!(whole_year(2017.5).is_err());
        assert!(whole_year(1e12).is_err());
    }
}

// Last in the file, so that the default build's code (panic locations included) is byte for byte
// the same with or without this module.
/// The name of a municipality code in the bundled table of Sweden's 290 municipalities
/// (`"1881"` → `"Kumla"`), or `undefined`.
#[wasm_bindgen(js_name = municipalityName)]
pub fn municipality_name(#[wasm_bindgen(unchecked_param_type = "string")] code: JsValue) -> Out<Option<String>> {
    let code = string_arg(&code, "code")?;
    Ok(eblomlada::analysis::municipalities::name(&code).map(str::to_owned))
}

/// The analysis functions (`compile`, `compare`, `diff`, `plan`, CSV, synthetic data).
#[cfg(feature = "analysis")]
mod analysis;

/// Team assessments (`Contribution`, `mergeTeam`): in `pkg/team/` (loaded on demand, outside the
/// 150 KB budget of `pkg/`), `pkg-node/` and the analysis packages.
#[cfg(feature = "team")]
mod team;

/// The Excel workbook and CSV of one assessment (`assessmentWorkbook`, `assessmentCsv`): in
/// `pkg/workbook/` only, loaded on demand.
#[cfg(feature = "workbook")]
mod workbook;
