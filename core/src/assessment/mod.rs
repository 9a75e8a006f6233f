//! Assessments: one municipality's answers to one catalogue in one year.
//!
//! Reading happens in two steps. [`AssessmentDocument`] is the file as written (shape checked,
//! duplicate keys rejected, answers still strings); binding it to a [`Catalogue`] checks every
//! id and answer and reports every problem with its JSON path. The bound [`Assessment`] keeps
//! its answers in catalogue order as scale positions, which is what makes scoring a single
//! linear pass.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize};

use crate::catalogue::{Catalogue, CatalogueRef};
use crate::error::{Error, Problem, Result};
use crate::json::{self, push_key, OrderedMap, StrictMap, StrictValue};

mod fast;

/// One answer as written in a file.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct AnswerEntry {
    /// An answer id of the catalogue's scale, e.g. `fully`, `partly`, `not_met`.
    pub answer: String,
    /// Why this answer was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Other fields (who answered, when), kept as they are.
    #[serde(flatten)]
    pub extra: StrictMap<StrictValue>,
}

impl<'de> Deserialize<'de> for AnswerEntry {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        let (answer, comment, extra) =
            deserializer.deserialize_map(fast::EntryVisitor(std::marker::PhantomData::<String>))?;
        Ok(AnswerEntry { answer, comment, extra })
    }
}

/// An assessment file as written, before it is checked against its catalogue.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[schemars(title = "eblomlada assessment")]
#[serde(expecting = "an assessment: an object with catalogue, municipality, year and answers")]
pub struct AssessmentDocument {
    /// The catalogue answered.
    pub catalogue: CatalogueRef,
    /// Four-digit Swedish municipality code, e.g. `"1881"` (Kumla); the first two digits are
    /// the county.
    #[schemars(regex(pattern = r"^[0-9]{4}$"))]
    pub municipality: String,
    /// The year assessed.
    #[serde(deserialize_with = "year")]
    pub year: i32,
    /// Answers by indicator id; indicators not listed are unanswered.
    pub answers: OrderedMap<AnswerEntry>,
    /// Optional fields (municipality name, status, who answered, dates), kept as they are.
    #[serde(flatten)]
    pub extra: StrictMap<StrictValue>,
}

/// Read field by field rather than with `#[serde(flatten)]`, which buffers the optional fields
/// and so loses the JSON path of a problem inside them (a key given twice in `contact` must be
/// reported at `$.contact`, not `$`).
impl<'de> Deserialize<'de> for AssessmentDocument {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        use fast::{insert_extra, Key, KeySeed, DOC_FIELDS};
        use serde::de::{Error as _, MapAccess, Visitor};

        struct YearSeed;
        impl<'de> serde::de::DeserializeSeed<'de> for YearSeed {
            type Value = i32;
            fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> std::result::Result<i32, D::Error> {
                year(d)
            }
        }

        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = AssessmentDocument;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an assessment: an object with catalogue, municipality, year and answers")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<AssessmentDocument, A::Error> {
                let mut catalogue = None;
                let mut municipality = None;
                let mut year = None;
                let mut answers = None;
                let mut extra = StrictMap::default();
                while let Some(key) = map.next_key_seed(KeySeed(DOC_FIELDS))? {
                    match key {
                        Key::Known(0) if catalogue.is_some() => return Err(A::Error::duplicate_field("catalogue")),
                        Key::Known(0) => catalogue = Some(map.next_value::<CatalogueRef>()?),
                        Key::Known(1) if municipality.is_some() => {
                            return Err(A::Error::duplicate_field("municipality"))
                        }
                        Key::Known(1) => municipality = Some(map.next_value::<String>()?),
                        Key::Known(2) if year.is_some() => return Err(A::Error::duplicate_field("year")),
                        Key::Known(2) => year = Some(map.next_value_seed(YearSeed)?),
                        Key::Known(_) if answers.is_some() => return Err(A::Error::duplicate_field("answers")),
                        Key::Known(_) => answers = Some(map.next_value::<OrderedMap<AnswerEntry>>()?),
                        Key::Other(k) => insert_extra(&mut map, &mut extra, k)?,
                    }
                }
                Ok(AssessmentDocument {
                    catalogue: catalogue.ok_or_else(|| A::Error::missing_field("catalogue"))?,
                    municipality: municipality.ok_or_else(|| A::Error::missing_field("municipality"))?,
                    year: year.ok_or_else(|| A::Error::missing_field("year"))?,
                    answers: answers.ok_or_else(|| A::Error::missing_field("answers"))?,
                    extra,
                })
            }
        }
        deserializer.deserialize_map(V)
    }
}

impl AssessmentDocument {
    /// Parses an assessment file without a catalogue: syntax, shape and duplicate keys only.
    pub fn from_json(text: &str) -> Result<AssessmentDocument> {
        json::from_str(text).map_err(|p| Error::InvalidAssessment { problems: vec![p] })
    }
}

/// An answer of a bound assessment, as it is put in (see [`Assessment::set_slot`]).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Answer {
    /// Position in the catalogue's scale.
    pub(crate) choice: usize,
    pub(crate) comment: Option<String>,
    pub(crate) extra: StrictMap<StrictValue>,
}

/// An answer of a bound assessment, as it is read (see [`Assessment::slot`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct AnswerRef<'a> {
    /// Position in the catalogue's scale.
    pub(crate) choice: usize,
    pub(crate) comment: Option<&'a str>,
    pub(crate) extra: &'a StrictMap<StrictValue>,
}

impl AnswerRef<'_> {
    pub(crate) fn to_answer(self) -> Answer {
        Answer {
            choice: self.choice,
            comment: self.comment.map(str::to_owned),
            extra: self.extra.clone(),
        }
    }
}

/// What an answer carries besides its choice; most answers carry nothing.
#[derive(Debug, Clone, PartialEq)]
struct Notes {
    comment: Option<String>,
    extra: StrictMap<StrictValue>,
}

static NO_EXTRA: StrictMap<StrictValue> = StrictMap(BTreeMap::new());

/// One municipality's assessment against one catalogue, every answer checked.
///
/// ```
/// use std::sync::Arc;
/// use eblomlada::{Assessment, Catalogue};
///
/// let catalogue = Arc::new(Catalogue::builtin("eblomladan-2016")?);
/// let mut assessment = Assessment::new(&catalogue, "1881", 2017)?;
/// assessment.answer("elderly-01", "fully")?;
/// assessment.comment("elderly-01", Some("Jämförelsetjänst finns sedan 2016."))?;
/// assert_eq!(assessment.answer_of("elderly-01"), Some("fully"));
/// assert!(assessment.answer("elderly-99", "fully").is_err());
/// # Ok::<(), eblomlada::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    catalogue: Arc<Catalogue>,
    municipality: String,
    year: i32,
    extra: StrictMap<StrictValue>,
    /// The answers: one byte per indicator, which is all that scoring and compiling read.
    /// Compiling 100 000 assessments, or reading them from a table of 8.8 million rows, is
    /// bound by memory: a 56-byte slot per indicator made the assessments as large as the CSV
    /// file they came from and twice as slow to build.
    compact: Compact,
    /// Comments and other fields of answered indicators, by indicator position; only answers
    /// that carry any are here (so that equal assessments compare equal).
    notes: BTreeMap<usize, Notes>,
}

/// See [`Assessment::compact`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Compact {
    /// Scale position per indicator in catalogue order, [`Compact::UNANSWERED`] when not
    /// answered: the one record of which answer is given (a scale has at most [`crate::score::MAX_SCALE`] answers).
    pub(crate) choices: Vec<u8>,
    /// The municipality code as a number (codes are four digits).
    pub(crate) code: u16,
    pub(crate) synthetic: bool,
}

impl Compact {
    pub(crate) const UNANSWERED: u8 = u8::MAX;
}

fn check_municipality(code: &str) -> std::result::Result<(), String> {
    if code.len() == 4 && code.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(format!(
            "invalid municipality code {code:?}; expected four digits such as \"1881\""
        ))
    }
}

/// A year as a whole number, with a message that says so (serde's own would say "i32").
pub(crate) fn year<'de, D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<i32, D::Error> {
    struct V;
    impl serde::de::Visitor<'_> for V {
        type Value = i32;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a year such as 2017 (a whole number)")
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> std::result::Result<i32, E> {
            i32::try_from(v).map_err(|_| {
                E::custom(format!(
                    "year {v} is out of range; expected a year between 1900 and 2200"
                ))
            })
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> std::result::Result<i32, E> {
            i32::try_from(v).map_err(|_| {
                E::custom(format!(
                    "year {v} is out of range; expected a year between 1900 and 2200"
                ))
            })
        }
    }
    deserializer.deserialize_i64(V)
}

/// Problems with the fields before the answers.
fn check_header(reference: &CatalogueRef, municipality: &str, year: i32, catalogue: &Catalogue) -> Vec<Problem> {
    let mut problems = Vec::new();
    if *reference != catalogue.reference() {
        problems.push(Problem::error(
            "$.catalogue",
            format!(
                "the assessment is for catalogue {reference} but is being checked against {}",
                catalogue.reference()
            ),
        ));
    }
    if let Err(message) = check_municipality(municipality) {
        problems.push(Problem::error("$.municipality", message));
    }
    if let Err(message) = check_year(year) {
        problems.push(Problem::error("$.year", message));
    }
    problems
}

/// `synthetic` is the one optional field with a meaning: it must say yes or no.
fn check_extra(extra: &StrictMap<StrictValue>) -> Vec<Problem> {
    match extra.0.get("synthetic") {
        None | Some(StrictValue(serde_json::Value::Bool(_))) => Vec::new(),
        Some(_) => vec![Problem::error(
            "$.synthetic",
            "expected true (invented data) or false; found another value",
        )],
    }
}

fn check_year(year: i32) -> std::result::Result<(), String> {
    if (1900..=2200).contains(&year) {
        Ok(())
    } else {
        Err(format!(
            "year {year} is out of range; expected a year between 1900 and 2200"
        ))
    }
}

impl Assessment {
    /// An empty assessment.
    pub fn new(catalogue: &Arc<Catalogue>, municipality: &str, year: i32) -> Result<Assessment> {
        check_municipality(municipality).map_err(|message| Error::InvalidField {
            field: "municipality",
            message,
        })?;
        check_year(year).map_err(|message| Error::InvalidField { field: "year", message })?;
        Ok(Assessment::empty(
            catalogue,
            municipality.to_owned(),
            year,
            StrictMap::default(),
        ))
    }

    /// Parses an assessment file and checks it against `catalogue`, reporting every problem.
    ///
    /// Warnings (a year the catalogue was not made for) do not fail; see [`Assessment::warnings`].
    pub fn from_json(text: &str, catalogue: &Arc<Catalogue>) -> Result<Assessment> {
        // A valid file is read straight into catalogue positions; anything the fast reader
        // does not accept is read again by the general path, which explains every problem.
        if let Some(read) = fast::read(text, catalogue) {
            if check_header(&read.catalogue, &read.municipality, read.year, catalogue).is_empty()
                && check_extra(&read.extra).is_empty()
            {
                return Ok(Assessment::assemble(
                    catalogue,
                    read.municipality,
                    read.year,
                    read.answers,
                    read.extra,
                ));
            }
        }
        Assessment::from_document(AssessmentDocument::from_json(text)?, catalogue)
    }

    /// Checks a parsed document against `catalogue`.
    pub fn from_document(doc: AssessmentDocument, catalogue: &Arc<Catalogue>) -> Result<Assessment> {
        let mut problems =
            crate::error::ProblemList::from(check_header(&doc.catalogue, &doc.municipality, doc.year, catalogue));
        for problem in check_extra(&doc.extra) {
            problems.push(problem);
        }
        let mut answers: Vec<Option<Answer>> = vec![None; catalogue.indicators().len()];
        for (id, entry) in doc.answers.0 {
            let path = || push_key("$.answers", &id);
            let Some(index) = catalogue.indicator_index(&id) else {
                problems.push(Problem::error(
                    path(),
                    format!(
                        "unknown indicator {id:?}; catalogue {} has no such indicator",
                        catalogue.key()
                    ),
                ));
                continue;
            };
            let Some(choice) = catalogue.answer_index(&entry.answer) else {
                problems.push(Problem::error(
                    push_key(&path(), "answer"),
                    format!(
                        "unknown answer {:?}; expected one of {}",
                        entry.answer,
                        catalogue.answer_ids().join(", ")
                    ),
                ));
                continue;
            };
            answers[index] = Some(Answer {
                choice,
                comment: entry.comment,
                extra: entry.extra,
            });
        }
        if !problems.is_empty() {
            return Err(Error::InvalidAssessment {
                problems: problems.into_vec(),
            });
        }
        Ok(Assessment::assemble(
            catalogue,
            doc.municipality,
            doc.year,
            answers,
            doc.extra,
        ))
    }

    /// The one place an assessment is put together: everything in `compact` is derived here
    /// and kept up to date by the few methods that change answers or fields.
    fn assemble(
        catalogue: &Arc<Catalogue>,
        municipality: String,
        year: i32,
        answers: Vec<Option<Answer>>,
        extra: StrictMap<StrictValue>,
    ) -> Assessment {
        let mut assessment = Assessment::empty(catalogue, municipality, year, extra);
        for (index, slot) in answers.into_iter().enumerate() {
            if slot.is_some() {
                assessment.set_slot(index, slot);
            }
        }
        assessment
    }

    /// An assessment with no answer; its fields are not checked (see [`Assessment::new`]).
    fn empty(catalogue: &Arc<Catalogue>, municipality: String, year: i32, extra: StrictMap<StrictValue>) -> Assessment {
        let compact = Compact {
            choices: vec![Compact::UNANSWERED; catalogue.indicators().len()],
            code: municipality.parse().unwrap_or(u16::MAX),
            synthetic: synthetic_flag(&extra),
        };
        Assessment {
            catalogue: Arc::clone(catalogue),
            municipality,
            year,
            extra,
            compact,
            notes: BTreeMap::new(),
        }
    }

    /// The answer to the indicator at `index`, if answered.
    pub(crate) fn slot(&self, index: usize) -> Option<AnswerRef<'_>> {
        let choice = self.choice(index)?;
        let notes = self.notes.get(&index);
        Some(AnswerRef {
            choice,
            comment: notes.and_then(|n| n.comment.as_deref()),
            extra: notes.map_or(&NO_EXTRA, |n| &n.extra),
        })
    }

    /// The scale position of the answer to the indicator at `index`, if answered.
    pub(crate) fn choice(&self, index: usize) -> Option<usize> {
        self.compact
            .choices
            .get(index)
            .filter(|&&c| c != Compact::UNANSWERED)
            .map(|&c| usize::from(c))
    }

    /// The scale position of every indicator's answer, in catalogue order.
    pub(crate) fn choices(&self) -> impl ExactSizeIterator<Item = Option<usize>> + '_ {
        self.compact
            .choices
            .iter()
            .map(|&c| (c != Compact::UNANSWERED).then_some(usize::from(c)))
    }

    /// Every indicator's answer, in catalogue order.
    pub(crate) fn slots(&self) -> impl ExactSizeIterator<Item = Option<AnswerRef<'_>>> + '_ {
        (0..self.compact.choices.len()).map(|i| self.slot(i))
    }

    /// Replaces the answer to the indicator at `index` (the one way code outside this module
    /// changes an answer together with its comment).
    pub(crate) fn set_slot(&mut self, index: usize, slot: Option<Answer>) {
        self.compact.choices[index] = choice_byte(slot.as_ref().map(|a| a.choice));
        match slot {
            Some(Answer { comment, extra, .. }) if comment.is_some() || !extra.0.is_empty() => {
                self.notes.insert(index, Notes { comment, extra });
            }
            _ => {
                self.notes.remove(&index);
            }
        }
    }

    /// What a compilation needs of this assessment, see [`Compact`].
    pub(crate) fn compact(&self) -> &Compact {
        &self.compact
    }

    /// Problems that do not make the assessment unusable: a year outside the catalogue's
    /// measurement years (municipalities keep using the last published catalogue), and a
    /// municipality code that is not one of Sweden's 290.
    pub fn warnings(&self) -> Vec<Problem> {
        let mut warnings = Vec::new();
        let years = self.catalogue.measurement_years();
        if !years.is_empty() && !years.contains(&self.year) {
            let list: Vec<String> = years.iter().map(i32::to_string).collect();
            warnings.push(Problem::warning(
                "$.year",
                format!(
                    "catalogue {} was made for the years {}, not {}",
                    self.catalogue.key(),
                    list.join(", "),
                    self.year
                ),
            ));
        }
        if !crate::analysis::municipalities::is_known(&self.municipality) {
            warnings.push(Problem::warning(
                "$.municipality",
                format!(
                    "{:?} is not one of Sweden's 290 municipality codes (SCB, in use since 2003); county {:?} would \
                     be counted as its own group",
                    self.municipality,
                    self.county()
                ),
            ));
        }
        warnings
    }

    /// The catalogue this assessment answers.
    pub fn catalogue(&self) -> &Arc<Catalogue> {
        &self.catalogue
    }

    /// Four-digit municipality code.
    pub fn municipality(&self) -> &str {
        &self.municipality
    }

    /// Two-digit county (län) code, the first two digits of the municipality code.
    pub fn county(&self) -> &str {
        &self.municipality[..2]
    }

    /// The year assessed.
    pub fn year(&self) -> i32 {
        self.year
    }

    /// The municipality's name: the file's optional `name` (or `municipality_name`) field, else
    /// the name of the code in the bundled table of Sweden's 290 municipalities.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use eblomlada::{Assessment, Catalogue};
    /// let catalogue = Arc::new(Catalogue::builtin("eblomladan-2016")?);
    /// let mut a = Assessment::new(&catalogue, "1881", 2017)?;
    /// assert_eq!(a.municipality_name(), Some("Kumla"));
    /// a.set_extra("name", Some("Kumla kommun".into()))?;
    /// assert_eq!(a.municipality_name(), Some("Kumla kommun"));
    /// assert_eq!(Assessment::new(&catalogue, "1899", 2017)?.municipality_name(), None);
    /// # Ok::<(), eblomlada::Error>(())
    /// ```
    pub fn municipality_name(&self) -> Option<&str> {
        ["name", "municipality_name"]
            .iter()
            .find_map(|k| self.extra.0.get(*k).and_then(|v| v.0.as_str()))
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .or_else(|| crate::analysis::municipalities::name(&self.municipality))
    }

    /// Whether the file says it is invented data (`"synthetic": true`, written by the
    /// synthetic generator), so that compilations can count and flag it.
    pub fn is_synthetic(&self) -> bool {
        self.compact.synthetic
    }

    /// Sets the year; an out-of-range year is an error, one outside the catalogue's years a
    /// warning (see [`Assessment::warnings`]).
    pub fn set_year(&mut self, year: i32) -> Result<()> {
        check_year(year).map_err(|message| Error::InvalidField { field: "year", message })?;
        self.year = year;
        Ok(())
    }

    /// Optional fields kept from the file (name, status, dates…).
    pub fn extra(&self) -> &StrictMap<StrictValue> {
        &self.extra
    }

    /// Sets or removes (`None`) an optional top-level field. Fields the format defines
    /// (`catalogue`, `municipality`, `year`, `answers`) cannot be set this way.
    pub fn set_extra(&mut self, key: &str, value: Option<serde_json::Value>) -> Result<()> {
        if ["catalogue", "municipality", "year", "answers"].contains(&key) {
            return Err(Error::InvalidField {
                field: "extra",
                message: format!("{key:?} is a defined field, not an optional one"),
            });
        }
        if key == "synthetic" && value.as_ref().is_some_and(|v| !v.is_boolean()) {
            return Err(Error::InvalidField {
                field: "synthetic",
                message: "expected true (invented data) or false".to_owned(),
            });
        }
        match value {
            Some(v) => self.extra.0.insert(key.to_owned(), StrictValue(v)),
            None => self.extra.0.remove(key),
        };
        self.compact.synthetic = synthetic_flag(&self.extra);
        Ok(())
    }

    fn index_of(&self, id: &str) -> Result<usize> {
        self.catalogue
            .indicator_index(id)
            .ok_or_else(|| Error::UnknownIndicator {
                id: id.to_owned(),
                catalogue: self.catalogue.key().to_owned(),
            })
    }

    /// Answers indicator `id` (or changes its answer), keeping any comment.
    pub fn answer(&mut self, id: &str, answer: &str) -> Result<()> {
        let index = self.index_of(id)?;
        let choice = self
            .catalogue
            .answer_index(answer)
            .ok_or_else(|| Error::UnknownAnswer {
                answer: answer.to_owned(),
                expected: self.catalogue.answer_ids(),
            })?;
        // The comment and other fields of an earlier answer stay.
        self.compact.choices[index] = choice_byte(Some(choice));
        Ok(())
    }

    /// Sets or removes the comment of an answered indicator.
    pub fn comment(&mut self, id: &str, comment: Option<&str>) -> Result<()> {
        let index = self.index_of(id)?;
        match self.slot(index) {
            Some(answer) => {
                let mut answer = answer.to_answer();
                answer.comment = comment.map(str::to_owned);
                self.set_slot(index, Some(answer));
                Ok(())
            }
            None => Err(Error::InvalidField {
                field: "comment",
                message: format!("indicator {id:?} is not answered; answer it before commenting"),
            }),
        }
    }

    /// Removes the answer (and its comment) of indicator `id`.
    pub fn clear(&mut self, id: &str) -> Result<()> {
        let index = self.index_of(id)?;
        self.set_slot(index, None);
        Ok(())
    }

    /// The answer id given to indicator `id`, if answered.
    pub fn answer_of(&self, id: &str) -> Option<&str> {
        let index = self.catalogue.indicator_index(id)?;
        self.slot(index).map(|a| self.catalogue.scale()[a.choice].id.as_str())
    }

    /// The comment on indicator `id`, if any.
    pub fn comment_of(&self, id: &str) -> Option<&str> {
        let index = self.catalogue.indicator_index(id)?;
        self.slot(index).and_then(|a| a.comment)
    }

    /// `(indicator id, answer id, comment)` of every answered indicator, in catalogue order.
    pub fn answers(&self) -> impl Iterator<Item = (&str, &str, Option<&str>)> {
        let catalogue = &self.catalogue;
        self.slots().enumerate().filter_map(move |(i, a)| {
            a.map(|a| {
                (
                    catalogue.indicators()[i].id.as_str(),
                    catalogue.scale()[a.choice].id.as_str(),
                    a.comment,
                )
            })
        })
    }

    /// Every indicator's answer as its position in the catalogue's scale (`None` where
    /// unanswered), in catalogue order: what a front end needs to lay many assessments out as
    /// table columns without looking each indicator up by its id.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use eblomlada::{Assessment, Catalogue};
    /// let catalogue = Arc::new(Catalogue::builtin("eblomladan-2016")?);
    /// let mut a = Assessment::new(&catalogue, "1881", 2017)?;
    /// a.answer("lead-01", "partly")?;
    /// let lead = catalogue.indicators().iter().position(|i| i.id == "lead-01").unwrap();
    /// assert_eq!(a.answer_positions().nth(lead), Some(Some(1))); // fully, partly, not_met
    /// assert_eq!(a.answer_positions().len(), catalogue.indicators().len());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn answer_positions(&self) -> impl ExactSizeIterator<Item = Option<usize>> + '_ {
        self.choices()
    }

    /// `(indicator position in the catalogue, comment)` of every comment, in catalogue order.
    pub fn comments(&self) -> impl Iterator<Item = (usize, &str)> {
        self.notes
            .iter()
            .filter_map(|(&i, n)| n.comment.as_deref().map(|c| (i, c)))
    }

    /// How many indicators are answered.
    pub fn answered(&self) -> usize {
        self.choices().flatten().count()
    }

    /// The assessment as pretty JSON: stable key order (catalogue, municipality, year, optional
    /// fields sorted, answers in catalogue order), comments and optional fields kept.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The assessment as a JSON value with the same structure as [`Assessment::to_json`].
    pub fn to_value(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_default()
    }
}

/// A scale has at most [`crate::score::MAX_SCALE`] answers, so every choice fits below
/// [`Compact::UNANSWERED`].
fn choice_byte(choice: Option<usize>) -> u8 {
    choice.map_or(Compact::UNANSWERED, |c| u8::try_from(c).unwrap_or(Compact::UNANSWERED))
}

fn synthetic_flag(extra: &StrictMap<StrictValue>) -> bool {
    matches!(
        extra.0.get("synthetic"),
        Some(StrictValue(serde_json::Value::Bool(true)))
    )
}

struct AnswersView<'a>(&'a Assessment);

impl Serialize for AnswersView<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let assessment = self.0;
        let catalogue = &assessment.catalogue;
        let mut map = serializer.serialize_map(None)?;
        for (i, slot) in assessment.slots().enumerate() {
            if let Some(a) = slot {
                map.serialize_entry(
                    &catalogue.indicators()[i].id,
                    &AnswerEntryView {
                        answer: &catalogue.scale()[a.choice].id,
                        comment: a.comment,
                        extra: a.extra,
                    },
                )?;
            }
        }
        map.end()
    }
}

#[derive(Serialize)]
struct AnswerEntryView<'a> {
    answer: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    comment: Option<&'a str>,
    #[serde(flatten)]
    extra: &'a StrictMap<StrictValue>,
}

impl Serialize for Assessment {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        WithField::<()>(self, None).serialize(serializer)
    }
}

/// An assessment serialised with one more field after `year` (a contribution's `respondent`).
pub(crate) struct WithField<'a, T>(pub(crate) &'a Assessment, pub(crate) Option<(&'a str, &'a T)>);

impl<T: Serialize> Serialize for WithField<'_, T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let assessment = self.0;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("catalogue", &assessment.catalogue.reference())?;
        map.serialize_entry("municipality", &assessment.municipality)?;
        map.serialize_entry("year", &assessment.year)?;
        if let Some((key, value)) = self.1 {
            map.serialize_entry(key, value)?;
        }
        for (k, v) in &assessment.extra.0 {
            map.serialize_entry(k, v)?;
        }
        map.serialize_entry("answers", &AnswersView(assessment))?;
        map.end()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn catalogue() -> Arc<Catalogue> {
        Arc::new(Catalogue::builtin("eblomladan-2016").unwrap())
    }

    /// What is derived from other fields (the code, the synthetic flag) follows them, and
    /// comments are kept only for answered indicators.
    fn assert_consistent(a: &Assessment) {
        for index in a.notes.keys() {
            assert!(a.slot(*index).is_some(), "notes of an unanswered indicator");
        }
        assert_eq!(Some(a.compact().code), a.municipality().parse::<u16>().ok());
        assert_eq!(a.compact().synthetic, synthetic_flag(a.extra()));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
        #[test]
        fn every_change_keeps_the_assessment_consistent(
            code in 0u16..10_000,
            ops in proptest::collection::vec((0usize..5, 0usize..88, 0usize..4), 0..60),
        ) {
            let catalogue = catalogue();
            let mut a = Assessment::new(&catalogue, &format!("{code:04}"), 2017).unwrap();
            assert_consistent(&a);
            for (op, i, c) in ops {
                let id = catalogue.indicators()[i].id.clone();
                match op {
                    0 => {
                        let answer = ["fully", "partly", "not_met", "maybe"][c];
                        let before = a.answer_of(&id).map(str::to_owned);
                        let expected = if c < 3 { Some(answer.to_owned()) } else { before };
                        let _ = a.answer(&id, answer);
                        proptest::prop_assert_eq!(a.answer_of(&id).map(str::to_owned), expected);
                    }
                    1 => { a.clear(&id).unwrap(); proptest::prop_assert_eq!(a.answer_of(&id), None); proptest::prop_assert_eq!(a.comment_of(&id), None); }
                    2 => { a.set_extra("synthetic", Some(serde_json::Value::Bool(c % 2 == 0))).unwrap(); }
                    3 => { let _ = a.comment(&id, (c > 0).then_some("Beslut i nämnden")); }
                    _ => { a.set_slot(i, (c < 3).then(|| Answer { choice: c, comment: None, extra: StrictMap::default() })); }
                }
                assert_consistent(&a);
            }
            let back = Assessment::from_json(&a.to_json(), &catalogue).unwrap();
            assert_consistent(&back);
            proptest::prop_assert_eq!(&back.compact, &a.compact);
            // Comments survive, and an assessment equals its own round trip (no empty notes).
            proptest::prop_assert_eq!(&back, &a);
        }
    }

    fn problems(text: &str) -> Vec<Problem> {
        match Assessment::from_json(text, &catalogue()) {
            Err(Error::InvalidAssessment { problems }) => problems,
            other => panic!("expected an invalid assessment, got {other:?}"),
        }
    }

    const HEAD: &str = r#""catalogue": {"id": "eblomladan", "version": "2016"}, "municipality": "1881", "year": 2017"#;

    #[test]
    fn every_semantic_problem_is_reported_with_its_path() {
        let p = problems(&format!(
            r#"{{{HEAD}, "answers": {{"elderly-99": {{"answer": "fully"}}, "lead-03": {{"answer": "maybe"}}, "tech-01": {{"answer": "fully"}}}}}}"#
        ));
        assert_eq!(p.len(), 2, "{p:#?}");
        assert_eq!(p[0].path, "$.answers.elderly-99");
        assert!(p[0].message.contains("unknown indicator \"elderly-99\""));
        assert_eq!(p[1].path, "$.answers.lead-03.answer");
        assert!(p[1]
            .message
            .contains("unknown answer \"maybe\"; expected one of fully, partly, not_met"));
    }

    #[test]
    fn wrong_catalogue_municipality_and_year() {
        let p = problems(
            r#"{"catalogue": {"id": "eblomladan", "version": "2014"}, "municipality": "Kumla", "year": 17, "answers": {}}"#,
        );
        let paths: Vec<&str> = p.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["$.catalogue", "$.municipality", "$.year"]);
    }

    #[test]
    fn shape_errors_name_path_and_line() {
        let p = problems(&format!(
            "{{{HEAD},\n \"answers\": {{\"lead-01\": {{\"answer\": 3}}}}}}"
        ));
        assert_eq!(p[0].path, "$.answers.lead-01.answer");
        assert_eq!(p[0].line, Some(2));
        assert!(p[0].message.contains("expected a string"), "{}", p[0].message);
        let p = problems(&format!("{{{HEAD}, \"answers\": {{\"lead-01\": {{\"answer\": \"fully\"}}, \"lead-01\": {{\"answer\": \"partly\"}}}}}}"));
        assert!(p[0].message.contains("\"lead-01\" is given twice"), "{p:?}");
        let p = problems(&format!("{{{HEAD}, \"year\": 2016, \"answers\": {{}}}}"));
        assert!(p[0].message.contains("duplicate field `year`"), "{p:?}");
        let p = problems(r#"{"catalogue": {"id": "eblomladan", "version": "2016"}, "year": 2017, "answers": {}}"#);
        assert!(p[0].message.contains("missing field `municipality`"), "{p:?}");
    }

    #[test]
    fn unknown_municipality_code_is_only_a_warning() {
        let a = Assessment::new(&catalogue(), "9999", 2017).unwrap();
        let w = a.warnings();
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].path, "$.municipality");
        assert!(w[0]
            .message
            .contains("\"9999\" is not one of Sweden's 290 municipality codes"));
        assert!(Assessment::new(&catalogue(), "1881", 2017)
            .unwrap()
            .warnings()
            .is_empty());
    }

    #[test]
    fn a_wrong_year_says_what_a_year_is() {
        for (year, needle) in [
            (
                "\"2017\"",
                "invalid type: string \"2017\", expected a year such as 2017 (a whole number)",
            ),
            ("2017.5", "expected a year such as 2017"),
            (
                "99999999999",
                "year 99999999999 is out of range; expected a year between 1900 and 2200",
            ),
        ] {
            let p = problems(&format!(
                r#"{{"catalogue": {{"id": "eblomladan", "version": "2016"}}, "municipality": "1881", "year": {year}, "answers": {{}}}}"#
            ));
            assert_eq!(p[0].path, "$.year");
            assert!(p[0].message.contains(needle), "{year}: {}", p[0].message);
        }
        assert!(problems("[]")[0]
            .message
            .contains("expected an assessment: an object with catalogue"));
    }

    #[test]
    fn year_outside_catalogue_is_only_a_warning() {
        let a = Assessment::from_json(r#"{"catalogue": {"id": "eblomladan", "version": "2016"}, "municipality": "1881", "year": 2019, "answers": {}}"#, &catalogue()).unwrap();
        let w = a.warnings();
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].path, "$.year");
        assert!(w[0].message.contains("2016, 2017, not 2019"));
    }

    #[test]
    fn round_trip_keeps_comments_and_optional_fields_in_stable_order() {
        let text = format!(
            r#"{{"status": "draft", {HEAD}, "answers": {{"tech-01": {{"answer": "partly", "by": "IT"}}, "elderly-01": {{"answer": "fully", "comment": "Finns <sedan> 2016 & \"mer\""}}}}, "name": "Kumla"}}"#
        );
        let c = catalogue();
        let a = Assessment::from_json(&text, &c).unwrap();
        let out = a.to_json();
        let again = Assessment::from_json(&out, &c).unwrap();
        assert_eq!(a, again);
        assert_eq!(out, again.to_json());
        let keys: Vec<String> = serde_json::from_str::<serde_json::Value>(&out)
            .unwrap()
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        assert_eq!(keys.len(), 6);
        assert!(
            out.find("\"elderly-01\"").unwrap() < out.find("\"tech-01\"").unwrap(),
            "answers in catalogue order"
        );
        assert!(out.find("\"year\"").unwrap() < out.find("\"name\"").unwrap());
        assert!(out.contains("\"by\": \"IT\""));
    }

    #[test]
    fn edits() {
        let c = catalogue();
        let mut a = Assessment::new(&c, "1881", 2017).unwrap();
        a.answer("lead-01", "partly").unwrap();
        a.comment("lead-01", Some("Planerat")).unwrap();
        a.answer("lead-01", "fully").unwrap();
        assert_eq!(a.comment_of("lead-01"), Some("Planerat"));
        assert_eq!(a.answered(), 1);
        a.clear("lead-01").unwrap();
        assert_eq!(a.answer_of("lead-01"), None);
        assert!(a.comment("lead-01", Some("x")).is_err());
        assert!(matches!(a.answer("lead-01", "yes"), Err(Error::UnknownAnswer { .. })));
        assert!(matches!(a.clear("nope"), Err(Error::UnknownIndicator { .. })));
        assert!(Assessment::new(&c, "188", 2017).is_err());
        assert!(a.set_extra("year", None).is_err());
    }
}
