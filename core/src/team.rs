//! Team assessments: respondents, their scopes, contributions, and the merge that a
//! municipality's coordinator makes of them (DOMAIN.md §9).
//!
//! eBlomlådan was filled in by a team: employees of each department answer what they know, and
//! one person with municipality authority decides and publishes. Here a [`Respondent`] has a
//! [`Scope`] (the whole catalogue, or a union of areas, levels and single indicators); a
//! [`Contribution`] is that respondent's answers, in the assessment file format plus a
//! `respondent` object; [`merge`] turns any number of contributions and the coordinator's
//! [`Decisions`] into one ordinary [`Assessment`] and a [`TeamReport`]: who answered what,
//! where they disagree, how each merged answer was reached, and everyone's participation.
//!
//! The merge is deterministic and does not depend on the order of the contributions: responses
//! are always taken in respondent-id order. A decision always wins; an undecided disagreement
//! follows the [`Policy`] (open by default: it stays unanswered).
//!
//! ```
//! use std::sync::Arc;
//! use eblomlada::team::{self, Contribution, Decisions, Policy};
//! use eblomlada::Catalogue;
//!
//! let catalogue = Arc::new(Catalogue::builtin("eblomladan-2016")?);
//! let head = r#""catalogue": {"id": "eblomladan", "version": "2016"}, "municipality": "1881", "year": 2017"#;
//! let social = Contribution::from_json(&format!(r#"{{{head},
//!     "respondent": {{"id": "soc", "name": "Sara", "department": "Socialförvaltningen",
//!                     "scope": {{"areas": ["elderly"], "levels": ["lead"]}}}},
//!     "answers": {{"elderly-06": {{"answer": "fully"}}, "lead-03": {{"answer": "fully"}}}}}}"#), &catalogue)?;
//! let it = Contribution::from_json(&format!(r#"{{{head},
//!     "respondent": {{"id": "it", "name": "Ivar", "scope": {{"levels": ["lead", "tech"]}}}},
//!     "answers": {{"lead-03": {{"answer": "not_met"}}, "tech-01": {{"answer": "partly"}}}}}}"#), &catalogue)?;
//!
//! let merged = team::merge(&[social.clone(), it.clone()], &Decisions::default(), Policy::Open)?;
//! assert_eq!(merged.assessment.answer_of("elderly-06"), Some("fully"));
//! assert_eq!(merged.assessment.answer_of("lead-03"), None); // open disagreement
//! assert_eq!(merged.report.open, ["lead-03"]);
//!
//! let median = team::merge(&[it, social], &Decisions::default(), Policy::Median)?;
//! assert_eq!(median.assessment.answer_of("lead-03"), Some("partly")); // fully vs not met
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::assessment::{AnswerEntry, AnswerRef, Assessment, AssessmentDocument};
use crate::catalogue::{Catalogue, CatalogueRef};
use crate::error::{Error, Problem};
use crate::json::{self, push_index, push_key, OrderedMap, StrictMap, StrictValue};

/// Every error of the team functions.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum TeamError {
    /// A contribution file is malformed, does not fit its catalogue, or answers outside its
    /// respondent's scope.
    #[error("invalid contribution: {}", summary(.problems))]
    InvalidContribution {
        /// Every problem found, with its JSON path.
        problems: Vec<Problem>,
    },
    /// A decisions file is malformed or names unknown indicators or answers.
    #[error("invalid decisions: {}", summary(.problems))]
    InvalidDecisions {
        /// Every problem found, with its JSON path.
        problems: Vec<Problem>,
    },
    /// The contributions do not belong together: different municipalities, years or
    /// catalogues, or one respondent id with two different descriptions or two answers.
    #[error("the contributions do not belong together: {}", summary_of(.problems))]
    Inconsistent {
        /// Every problem found, each naming the contribution (0-based, in the order given).
        problems: Vec<ContributionProblem>,
    },
    /// Nothing to merge.
    #[error("nothing to merge: no contributions were given")]
    Empty,
}

impl TeamError {
    /// The problems behind this error, for a front end that lists them; problems of
    /// [`TeamError::Inconsistent`] come without the contribution they name.
    pub fn problems(&self) -> Vec<Problem> {
        match self {
            TeamError::InvalidContribution { problems } | TeamError::InvalidDecisions { problems } => problems.clone(),
            TeamError::Inconsistent { problems } => problems.iter().map(|p| p.problem.clone()).collect(),
            TeamError::Empty => vec![Problem::error("$", self.to_string())],
        }
    }
}

/// A problem in one of several contributions given to [`merge`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContributionProblem {
    /// Which contribution, 0-based in the order given (the CLI turns it into a file name).
    pub contribution: usize,
    /// The problem, with its path inside that contribution.
    pub problem: Problem,
}

fn summary(problems: &[Problem]) -> String {
    match problems {
        [] => "no details".to_owned(),
        [one] => one.to_string(),
        [first, rest @ ..] => format!("{first} (and {} more problems)", rest.len()),
    }
}

fn summary_of(problems: &[ContributionProblem]) -> String {
    let shown: Vec<String> = problems
        .iter()
        .map(|p| format!("contribution {}: {}", p.contribution + 1, p.problem))
        .collect();
    match shown.as_slice() {
        [] => "no details".to_owned(),
        [one] => one.clone(),
        [first, rest @ ..] => format!("{first} (and {} more problems)", rest.len()),
    }
}

// ---------------------------------------------------------------------------------------------
// Respondents and scopes.

/// A scope as written: any union of areas (that area's own indicators), levels (every
/// indicator of the level) and single indicator ids.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScopeDocument {
    /// Area ids, e.g. `elderly`: the area's own (service) indicators.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub areas: Vec<String>,
    /// Level ids, e.g. `lead`: every indicator of the level.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub levels: Vec<String>,
    /// Single indicator ids, e.g. `tech-03`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indicators: Vec<String>,
}

/// A respondent as written in a contribution.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct RespondentDocument {
    /// The respondent's id, unique within one team, e.g. `soc-1`.
    pub id: String,
    /// The respondent's name, as the coordinator will see it.
    pub name: String,
    /// The department (förvaltning) the respondent answers for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    /// What the respondent answers; left out, the whole catalogue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<ScopeDocument>,
    /// Other fields (e-mail, role), kept as they are.
    #[serde(flatten)]
    pub extra: StrictMap<StrictValue>,
}

/// The indicators a respondent answers, checked against a catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    document: Option<ScopeDocument>,
    /// Per indicator in catalogue order: whether it is in scope.
    mask: Vec<bool>,
}

impl Scope {
    /// The whole catalogue.
    pub fn whole(catalogue: &Catalogue) -> Scope {
        Scope {
            document: None,
            mask: vec![true; catalogue.indicators().len()],
        }
    }

    /// Checks a scope against `catalogue`; problems carry paths below `path` (e.g.
    /// `$.respondent.scope`).
    pub fn new(document: Option<ScopeDocument>, catalogue: &Catalogue, path: &str) -> Result<Scope, Vec<Problem>> {
        let Some(doc) = document else {
            return Ok(Scope::whole(catalogue));
        };
        let mut problems = Vec::new();
        let mut mask = vec![false; catalogue.indicators().len()];
        if doc.areas.is_empty() && doc.levels.is_empty() && doc.indicators.is_empty() {
            problems.push(Problem::error(
                path,
                "the scope names no area, level or indicator; leave `scope` out for the whole catalogue",
            ));
        }
        let known = |items: Vec<&str>| items.join(", ");
        for (i, area) in doc.areas.iter().enumerate() {
            match catalogue.areas().iter().position(|a| &a.id == area) {
                Some(a) => {
                    for (index, placement) in catalogue.placement.iter().enumerate() {
                        if placement.1 == Some(a) {
                            mask[index] = true;
                        }
                    }
                }
                None => problems.push(Problem::error(
                    push_index(&push_key(path, "areas"), i),
                    format!(
                        "unknown area {area:?}; expected one of {}",
                        known(catalogue.areas().iter().map(|a| a.id.as_str()).collect())
                    ),
                )),
            }
        }
        for (i, level) in doc.levels.iter().enumerate() {
            match catalogue.levels().iter().position(|l| &l.id == level) {
                Some(l) => {
                    for (index, placement) in catalogue.placement.iter().enumerate() {
                        if placement.0 == l {
                            mask[index] = true;
                        }
                    }
                }
                None => problems.push(Problem::error(
                    push_index(&push_key(path, "levels"), i),
                    format!(
                        "unknown level {level:?}; expected one of {}",
                        known(catalogue.levels().iter().map(|l| l.id.as_str()).collect())
                    ),
                )),
            }
        }
        for (i, id) in doc.indicators.iter().enumerate() {
            match catalogue.indicator_index(id) {
                Some(index) => mask[index] = true,
                None => problems.push(Problem::error(
                    push_index(&push_key(path, "indicators"), i),
                    format!(
                        "unknown indicator {id:?}; catalogue {} has no such indicator",
                        catalogue.key()
                    ),
                )),
            }
        }
        if problems.is_empty() {
            Ok(Scope {
                document: Some(doc),
                mask,
            })
        } else {
            Err(problems)
        }
    }

    /// Whether the indicator at catalogue position `index` is in scope.
    pub fn contains(&self, index: usize) -> bool {
        self.mask.get(index).copied().unwrap_or(false)
    }

    /// How many indicators are in scope.
    pub fn len(&self) -> usize {
        self.mask.iter().filter(|&&b| b).count()
    }

    /// Whether no indicator is in scope.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The scope as written (`None`: the whole catalogue).
    pub fn document(&self) -> Option<&ScopeDocument> {
        self.document.as_ref()
    }

    /// `areas elderly; levels lead` — for messages.
    pub fn describe(&self) -> String {
        let Some(doc) = &self.document else {
            return "the whole catalogue".to_owned();
        };
        let mut parts = Vec::new();
        for (name, items) in [
            ("areas", &doc.areas),
            ("levels", &doc.levels),
            ("indicators", &doc.indicators),
        ] {
            if !items.is_empty() {
                parts.push(format!("{name} {}", items.join(", ")));
            }
        }
        parts.join("; ")
    }
}

/// A respondent: who, for which department, and what they answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Respondent {
    /// Unique within one team.
    pub id: String,
    /// As the coordinator sees it.
    pub name: String,
    /// The department answered for.
    pub department: Option<String>,
    /// The indicators answered.
    pub scope: Scope,
    /// Other fields, kept as they are.
    pub extra: StrictMap<StrictValue>,
}

impl Respondent {
    /// Checks a respondent against `catalogue`; problems carry paths below `path`.
    pub fn from_document(
        doc: RespondentDocument,
        catalogue: &Catalogue,
        path: &str,
    ) -> Result<Respondent, Vec<Problem>> {
        let mut problems = Vec::new();
        if doc.id.trim().is_empty() {
            problems.push(Problem::error(push_key(path, "id"), "the respondent id is empty"));
        }
        if doc.name.trim().is_empty() {
            problems.push(Problem::error(push_key(path, "name"), "the respondent's name is empty"));
        }
        let scope = match Scope::new(doc.scope, catalogue, &push_key(path, "scope")) {
            Ok(scope) => Some(scope),
            Err(p) => {
                problems.extend(p);
                None
            }
        };
        match scope {
            Some(scope) if problems.is_empty() => Ok(Respondent {
                id: doc.id,
                name: doc.name,
                department: doc.department,
                scope,
                extra: doc.extra,
            }),
            _ => Err(problems),
        }
    }

    /// The respondent as written in a contribution.
    pub fn to_document(&self) -> RespondentDocument {
        RespondentDocument {
            id: self.id.clone(),
            name: self.name.clone(),
            department: self.department.clone(),
            scope: self.scope.document.clone(),
            extra: self.extra.clone(),
        }
    }

    /// `Sara (Socialförvaltningen)`.
    fn label(&self) -> String {
        match &self.department {
            Some(d) if !d.is_empty() => format!("{} ({d})", self.name),
            _ => self.name.clone(),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Contributions.

/// A contribution file as written: an assessment file plus `respondent`.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[schemars(title = "eblomlada contribution")]
pub struct ContributionDocument {
    /// The catalogue answered.
    pub catalogue: CatalogueRef,
    /// Four-digit Swedish municipality code.
    #[schemars(regex(pattern = r"^[0-9]{4}$"))]
    pub municipality: String,
    /// The year assessed.
    pub year: i32,
    /// Who answers, and what.
    pub respondent: RespondentDocument,
    /// Answers by indicator id, each within the respondent's scope.
    pub answers: OrderedMap<AnswerEntry>,
    /// Optional fields, kept as they are.
    #[serde(flatten)]
    pub extra: StrictMap<StrictValue>,
}

/// One respondent's answers for one municipality, year and catalogue, every answer checked
/// against the catalogue and the respondent's scope.
#[derive(Debug, Clone, PartialEq)]
pub struct Contribution {
    /// Who answered.
    pub respondent: Respondent,
    /// The answers, as an ordinary assessment.
    pub assessment: Assessment,
}

impl Contribution {
    /// Parses a contribution file and checks it against `catalogue`, reporting every problem.
    pub fn from_json(text: &str, catalogue: &Arc<Catalogue>) -> Result<Contribution, TeamError> {
        Contribution::from_document(ContributionDocument::from_json(text)?, catalogue)
    }

    /// Checks a parsed contribution against `catalogue`.
    pub fn from_document(doc: ContributionDocument, catalogue: &Arc<Catalogue>) -> Result<Contribution, TeamError> {
        let mut problems = Vec::new();
        let respondent = match Respondent::from_document(doc.respondent, catalogue, "$.respondent") {
            Ok(r) => Some(r),
            Err(p) => {
                problems.extend(p);
                None
            }
        };
        let ids: Vec<String> = doc.answers.0.iter().map(|(id, _)| id.clone()).collect();
        let assessment = AssessmentDocument {
            catalogue: doc.catalogue,
            municipality: doc.municipality,
            year: doc.year,
            answers: doc.answers,
            extra: doc.extra,
        };
        let assessment = match Assessment::from_document(assessment, catalogue) {
            Ok(a) => Some(a),
            Err(e) => {
                problems.extend(e.problems());
                None
            }
        };
        if let Some(respondent) = &respondent {
            for id in &ids {
                if let Some(index) = catalogue.indicator_index(id) {
                    if !respondent.scope.contains(index) {
                        problems.push(scope_problem(respondent, id));
                    }
                }
            }
        }
        match (respondent, assessment) {
            (Some(respondent), Some(assessment)) if problems.is_empty() => Ok(Contribution { respondent, assessment }),
            _ => {
                sort_problems(&mut problems);
                Err(TeamError::InvalidContribution { problems })
            }
        }
    }

    /// An empty contribution of `respondent`.
    pub fn new(respondent: Respondent, assessment: Assessment) -> Result<Contribution, TeamError> {
        let problems: Vec<Problem> = assessment
            .answers()
            .filter(|(id, _, _)| {
                assessment
                    .catalogue()
                    .indicator_index(id)
                    .is_some_and(|i| !respondent.scope.contains(i))
            })
            .map(|(id, _, _)| scope_problem(&respondent, id))
            .collect();
        if problems.is_empty() {
            Ok(Contribution { respondent, assessment })
        } else {
            Err(TeamError::InvalidContribution { problems })
        }
    }

    /// Ids of the indicators in the respondent's scope, in catalogue order.
    pub fn scope_ids(&self) -> Vec<String> {
        let catalogue = self.assessment.catalogue();
        catalogue
            .indicators()
            .iter()
            .enumerate()
            .filter(|(i, _)| self.respondent.scope.contains(*i))
            .map(|(_, ind)| ind.id.clone())
            .collect()
    }

    /// Answers indicator `id` within the respondent's scope.
    pub fn answer(&mut self, id: &str, answer: &str) -> Result<(), Error> {
        self.check_scope(id)?;
        self.assessment.answer(id, answer)
    }

    fn check_scope(&self, id: &str) -> Result<(), Error> {
        if let Some(index) = self.assessment.catalogue().indicator_index(id) {
            if !self.respondent.scope.contains(index) {
                return Err(Error::InvalidField {
                    field: "scope",
                    message: scope_problem(&self.respondent, id).message,
                });
            }
        }
        Ok(())
    }

    /// The contribution file as a JSON value (`respondent` after `year`).
    pub fn to_value(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_default()
    }

    /// The contribution file as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

impl Serialize for Contribution {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let respondent = self.respondent.to_document();
        crate::assessment::WithField(&self.assessment, Some(("respondent", &respondent))).serialize(serializer)
    }
}

fn scope_problem(respondent: &Respondent, id: &str) -> Problem {
    Problem::error(
        push_key("$.answers", id),
        format!(
            "indicator {id:?} is outside the scope of respondent {:?} ({})",
            respondent.id,
            respondent.scope.describe()
        ),
    )
}

fn sort_problems(problems: &mut [Problem]) {
    problems.sort_by_key(|p| (p.line, p.column));
}

// ---------------------------------------------------------------------------------------------
// Decisions and policies.

/// One decision of the coordinator.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    /// The answer decided, an answer id of the catalogue's scale.
    pub answer: String,
    /// Why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// A decisions file as written: `{"decisions": {"lead-03": {"answer": "partly"}}}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, schemars::JsonSchema)]
#[schemars(title = "eblomlada team decisions")]
pub struct DecisionsDocument {
    /// Decisions by indicator id.
    pub decisions: OrderedMap<Decision>,
    /// Optional fields (who decided, when), kept as they are.
    #[serde(flatten)]
    pub extra: StrictMap<StrictValue>,
}

/// The coordinator's decisions, checked against a catalogue (none by default).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Decisions {
    /// By catalogue position: (answer position in the scale, comment).
    by_index: BTreeMap<usize, (usize, Option<String>)>,
}

impl Decisions {
    /// Parses a decisions file and checks every id and answer against `catalogue`.
    pub fn from_json(text: &str, catalogue: &Catalogue) -> Result<Decisions, TeamError> {
        let value: StrictValue = json::from_str(text).map_err(|p| TeamError::InvalidDecisions { problems: vec![p] })?;
        Decisions::from_value(&value.0, catalogue)
    }

    /// Checks decisions given as data: the file's shape `{"decisions": {id: {answer, comment?}}}`
    /// or the short one `{id: "answer" | {answer, comment?}}` (what Python and JavaScript take).
    pub fn from_value(value: &Value, catalogue: &Catalogue) -> Result<Decisions, TeamError> {
        let doc = DecisionsDocument::from_value(value).map_err(|problems| TeamError::InvalidDecisions { problems })?;
        Decisions::from_document(&doc, catalogue)
    }

    /// Checks a parsed decisions file.
    pub fn from_document(doc: &DecisionsDocument, catalogue: &Catalogue) -> Result<Decisions, TeamError> {
        let mut problems = Vec::new();
        let mut by_index = BTreeMap::new();
        for (id, decision) in doc.decisions.iter() {
            let path = push_key("$.decisions", id);
            let Some(index) = catalogue.indicator_index(id) else {
                problems.push(Problem::error(
                    path,
                    format!(
                        "unknown indicator {id:?}; catalogue {} has no such indicator",
                        catalogue.key()
                    ),
                ));
                continue;
            };
            let Some(choice) = catalogue.answer_index(&decision.answer) else {
                problems.push(Problem::error(
                    push_key(&path, "answer"),
                    format!(
                        "unknown answer {:?}; expected one of {}",
                        decision.answer,
                        catalogue.answer_ids().join(", ")
                    ),
                ));
                continue;
            };
            by_index.insert(index, (choice, decision.comment.clone()));
        }
        if problems.is_empty() {
            Ok(Decisions { by_index })
        } else {
            Err(TeamError::InvalidDecisions { problems })
        }
    }

    /// Decides indicator `id` (replacing an earlier decision).
    pub fn decide(
        &mut self,
        catalogue: &Catalogue,
        id: &str,
        answer: &str,
        comment: Option<&str>,
    ) -> Result<(), Error> {
        let index = catalogue.indicator_index(id).ok_or_else(|| Error::UnknownIndicator {
            id: id.to_owned(),
            catalogue: catalogue.key().to_owned(),
        })?;
        let choice = catalogue.answer_index(answer).ok_or_else(|| Error::UnknownAnswer {
            answer: answer.to_owned(),
            expected: catalogue.answer_ids(),
        })?;
        self.by_index.insert(index, (choice, comment.map(str::to_owned)));
        Ok(())
    }

    /// Takes back the decision on indicator `id`, if any.
    pub fn undecide(&mut self, catalogue: &Catalogue, id: &str) {
        if let Some(index) = catalogue.indicator_index(id) {
            self.by_index.remove(&index);
        }
    }

    /// How many indicators are decided.
    pub fn len(&self) -> usize {
        self.by_index.len()
    }

    /// Whether nothing is decided.
    pub fn is_empty(&self) -> bool {
        self.by_index.is_empty()
    }

    /// The decisions file for `catalogue`, in catalogue order.
    pub fn to_document(&self, catalogue: &Catalogue) -> DecisionsDocument {
        DecisionsDocument {
            decisions: OrderedMap(
                self.by_index
                    .iter()
                    .map(|(&index, (choice, comment))| {
                        (
                            catalogue.indicators()[index].id.clone(),
                            Decision {
                                answer: catalogue.scale()[*choice].id.clone(),
                                comment: comment.clone(),
                            },
                        )
                    })
                    .collect(),
            ),
            extra: StrictMap::default(),
        }
    }
}

/// What an undecided disagreement becomes in the merged assessment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Policy {
    /// It stays unanswered until the coordinator decides (the default).
    #[default]
    Open,
    /// The lowest answer given.
    Lowest,
    /// The median of the answers' points, rounded towards the lower answer: "fully" against
    /// "not met" gives "partly", which is what a yellow answer usually means (DOMAIN.md §3).
    Median,
}

impl Policy {
    /// The policy's name as written: `open`, `lowest`, `median`.
    pub fn as_str(self) -> &'static str {
        match self {
            Policy::Open => "open",
            Policy::Lowest => "lowest",
            Policy::Median => "median",
        }
    }
}

impl std::str::FromStr for Policy {
    type Err = Error;
    fn from_str(s: &str) -> Result<Policy, Error> {
        match s {
            "open" => Ok(Policy::Open),
            "lowest" => Ok(Policy::Lowest),
            "median" => Ok(Policy::Median),
            other => Err(Error::InvalidField {
                field: "policy",
                message: format!("unknown policy {other:?}; expected open, lowest or median"),
            }),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Reading the documents. By hand from JSON values rather than with serde's derives: the
// contribution is read as an assessment file (whose reader every front end already has) plus
// its `respondent`, which keeps the WebAssembly package within its size budget.

fn object<'a>(value: &'a Value, path: &str, what: &str) -> Result<&'a Map<String, Value>, Problem> {
    value
        .as_object()
        .ok_or_else(|| Problem::error(path, format!("expected {what}, found {}", kind(value))))
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn text(value: &Value, path: &str) -> Result<String, Problem> {
    value
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| Problem::error(path, format!("expected a string, found {}", kind(value))))
}

fn optional_text(map: &Map<String, Value>, key: &str, path: &str, problems: &mut Vec<Problem>) -> Option<String> {
    match map.get(key) {
        None | Some(Value::Null) => None,
        Some(v) => text(v, &push_key(path, key)).map_err(|p| problems.push(p)).ok(),
    }
}

fn required_text(map: &Map<String, Value>, key: &str, path: &str, problems: &mut Vec<Problem>) -> String {
    match map.get(key) {
        None => {
            problems.push(Problem::error(path, format!("missing field `{key}`")));
            String::new()
        }
        Some(v) => text(v, &push_key(path, key))
            .map_err(|p| problems.push(p))
            .unwrap_or_default(),
    }
}

impl ScopeDocument {
    /// Reads a scope from JSON data; problems carry paths below `path`.
    pub fn from_value(value: &Value, path: &str) -> Result<ScopeDocument, Vec<Problem>> {
        let map =
            object(value, path, "a scope: an object with areas, levels and/or indicators").map_err(|p| vec![p])?;
        let mut problems = Vec::new();
        let mut doc = ScopeDocument::default();
        for (key, item) in map {
            let here = push_key(path, key);
            let list = match key.as_str() {
                "areas" => &mut doc.areas,
                "levels" => &mut doc.levels,
                "indicators" => &mut doc.indicators,
                other => {
                    problems.push(Problem::error(
                        here,
                        format!("unknown field `{other}`, expected one of `areas`, `levels`, `indicators`"),
                    ));
                    continue;
                }
            };
            match item.as_array() {
                Some(items) => {
                    for (i, v) in items.iter().enumerate() {
                        match text(v, &push_index(&here, i)) {
                            Ok(t) => list.push(t),
                            Err(p) => problems.push(p),
                        }
                    }
                }
                None => problems.push(Problem::error(
                    here,
                    format!("expected a list of ids, found {}", kind(item)),
                )),
            }
        }
        if problems.is_empty() {
            Ok(doc)
        } else {
            Err(problems)
        }
    }
}

impl RespondentDocument {
    /// Reads a respondent from JSON data; problems carry paths below `path`.
    pub fn from_value(value: &Value, path: &str) -> Result<RespondentDocument, Vec<Problem>> {
        let map = object(
            value,
            path,
            "a respondent: an object with id, name, and optionally department and scope",
        )
        .map_err(|p| vec![p])?;
        let mut problems = Vec::new();
        let id = required_text(map, "id", path, &mut problems);
        let name = required_text(map, "name", path, &mut problems);
        let department = optional_text(map, "department", path, &mut problems);
        let scope = match map.get("scope") {
            None | Some(Value::Null) => None,
            Some(v) => ScopeDocument::from_value(v, &push_key(path, "scope"))
                .map_err(|p| problems.extend(p))
                .ok(),
        };
        let extra = StrictMap(
            map.iter()
                .filter(|(k, _)| !["id", "name", "department", "scope"].contains(&k.as_str()))
                .map(|(k, v)| (k.clone(), StrictValue(v.clone())))
                .collect(),
        );
        if problems.is_empty() {
            Ok(RespondentDocument {
                id,
                name,
                department,
                scope,
                extra,
            })
        } else {
            Err(problems)
        }
    }
}

impl ContributionDocument {
    /// Parses a contribution file: syntax, shape and duplicate keys, without a catalogue.
    pub fn from_json(text: &str) -> Result<ContributionDocument, TeamError> {
        let doc = AssessmentDocument::from_json(text)
            .map_err(|e| TeamError::InvalidContribution { problems: e.problems() })?;
        ContributionDocument::from_assessment(doc).map_err(|problems| TeamError::InvalidContribution { problems })
    }

    /// An assessment file whose optional fields hold a `respondent`.
    pub fn from_assessment(mut doc: AssessmentDocument) -> Result<ContributionDocument, Vec<Problem>> {
        let respondent = doc.extra.0.remove("respondent").ok_or_else(|| {
            vec![Problem::error(
                "$",
                "missing field `respondent`: a contribution is an assessment file plus the respondent who answered it",
            )]
        })?;
        let respondent = RespondentDocument::from_value(&respondent.0, "$.respondent")?;
        Ok(ContributionDocument {
            catalogue: doc.catalogue,
            municipality: doc.municipality,
            year: doc.year,
            respondent,
            answers: doc.answers,
            extra: doc.extra,
        })
    }
}

impl Decision {
    fn from_value(value: &Value, path: &str) -> Result<Decision, Vec<Problem>> {
        if let Value::String(answer) = value {
            return Ok(Decision {
                answer: answer.clone(),
                comment: None,
            });
        }
        let map =
            object(value, path, "a decision: an object with answer and optionally comment").map_err(|p| vec![p])?;
        let mut problems = Vec::new();
        let answer = required_text(map, "answer", path, &mut problems);
        let comment = optional_text(map, "comment", path, &mut problems);
        for key in map.keys().filter(|k| !["answer", "comment"].contains(&k.as_str())) {
            problems.push(Problem::error(
                push_key(path, key),
                format!("unknown field `{key}`, expected `answer` or `comment`"),
            ));
        }
        if problems.is_empty() {
            Ok(Decision { answer, comment })
        } else {
            Err(problems)
        }
    }
}

impl DecisionsDocument {
    /// Reads decisions from JSON data: the file's shape `{"decisions": {…}, …}`, or the short
    /// shape `{id: "answer" | {answer, comment?}}`.
    pub fn from_value(value: &Value) -> Result<DecisionsDocument, Vec<Problem>> {
        let map = object(value, "$", "a decisions file: an object with decisions").map_err(|p| vec![p])?;
        let (entries, base, extra) = match map.get("decisions") {
            Some(inner) => (
                object(inner, "$.decisions", "an object of decisions by indicator id").map_err(|p| vec![p])?,
                "$.decisions",
                map.iter()
                    .filter(|(k, _)| *k != "decisions")
                    .map(|(k, v)| (k.clone(), StrictValue(v.clone())))
                    .collect(),
            ),
            // Paths name the place the entry has in the file's shape.
            None => (map, "$.decisions", Default::default()),
        };
        let mut problems = Vec::new();
        let mut decisions = Vec::new();
        for (id, entry) in entries {
            match Decision::from_value(entry, &push_key(base, id)) {
                Ok(d) => decisions.push((id.clone(), d)),
                Err(p) => problems.extend(p),
            }
        }
        if problems.is_empty() {
            Ok(DecisionsDocument {
                decisions: OrderedMap(decisions),
                extra: StrictMap(extra),
            })
        } else {
            Err(problems)
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The report.

/// How a merged answer was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Resolution {
    /// Nobody answered and nothing was decided.
    Unanswered,
    /// One respondent answered.
    Single,
    /// Several respondents gave the same answer.
    Unanimous,
    /// The coordinator decided.
    Decision,
    /// The respondents disagree and the policy chose the answer.
    Policy,
    /// The respondents disagree and nothing is decided: unanswered in the merged assessment.
    Open,
}

/// One respondent's answer to one indicator.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Response {
    /// Respondent id.
    pub respondent: String,
    /// Respondent name.
    pub name: String,
    /// Respondent department.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    /// The answer id.
    pub answer: String,
    /// The respondent's comment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// Who answered what for one indicator, and how the merged answer was reached.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct IndicatorReport {
    /// The indicator's level.
    pub level: String,
    /// The indicator's area; `null` for general (lead, tech) indicators.
    pub area: Option<String>,
    /// Respondents whose scope includes the indicator, in id order.
    pub assigned: Vec<String>,
    /// Every response, in respondent-id order.
    pub responses: Vec<Response>,
    /// Whether every response gives the same answer (true when there is at most one).
    pub agree: bool,
    /// The answer in the merged assessment; `null` when unanswered or open.
    pub merged: Option<String>,
    /// How it was reached.
    pub resolution: Resolution,
}

/// Answered of assigned.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Progress {
    /// Indicators in scope.
    pub assigned: usize,
    /// Of those, answered.
    pub answered: usize,
}

/// One respondent's participation.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Participation {
    /// Respondent id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Department.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    /// The scope as written; `null` for the whole catalogue.
    pub scope: Option<ScopeDocument>,
    /// Over the whole scope.
    #[serde(flatten)]
    pub total: Progress,
    /// Per area (that area's own indicators), only areas with something assigned.
    pub areas: OrderedMap<Progress>,
    /// Per level, only levels with something assigned.
    pub levels: OrderedMap<Progress>,
}

/// Counts over the whole merge.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct TeamSummary {
    /// Respondents.
    pub respondents: usize,
    /// Indicators of the catalogue.
    pub indicators: usize,
    /// Indicators answered in the merged assessment.
    pub answered: usize,
    /// Indicators where the respondents disagree (decided or not).
    pub disagreements: usize,
    /// Disagreements still open.
    pub open: usize,
    /// Indicators decided by the coordinator.
    pub decided: usize,
    /// Indicators no respondent's scope covers.
    pub unassigned: usize,
}

/// The team report of a merge.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[schemars(title = "eblomlada team report")]
pub struct TeamReport {
    /// The catalogue.
    pub catalogue: CatalogueRef,
    /// Municipality code.
    pub municipality: String,
    /// Year.
    pub year: i32,
    /// The policy used for undecided disagreements.
    pub policy: Policy,
    /// Counts.
    pub summary: TeamSummary,
    /// Per respondent, in id order.
    pub participation: Vec<Participation>,
    /// Every indicator, in catalogue order.
    pub indicators: OrderedMap<IndicatorReport>,
    /// Open disagreements, in catalogue order.
    pub open: Vec<String>,
}

impl TeamReport {
    /// The report as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

/// The result of [`merge`].
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    /// The merged assessment: an ordinary assessment, scored and drawn like any other.
    pub assessment: Assessment,
    /// Who answered what, disagreements, participation.
    pub report: TeamReport,
}

// ---------------------------------------------------------------------------------------------
// The merge.

/// Merges contributions (any number, any order) and the coordinator's decisions into one
/// assessment and its team report. See the [module documentation](self).
///
/// Rules, for every indicator:
/// - a decision wins, whatever the respondents said;
/// - otherwise one response is taken as it is (answer, comment and other fields), several equal
///   answers are unanimous, and differing answers follow `policy`;
/// - where more than one respondent answered, the merged comment keeps every respondent's
///   comment, each after the respondent's name (the decision's comment comes first).
///
/// Top-level optional fields are kept where every contribution that has them agrees. Errors:
/// contributions of different catalogues, municipalities or years; a respondent id given twice
/// with different names, departments or scopes, or answering one indicator differently.
pub fn merge(contributions: &[Contribution], decisions: &Decisions, policy: Policy) -> Result<Merged, TeamError> {
    let Some(first) = contributions.first() else {
        return Err(TeamError::Empty);
    };
    let catalogue = Arc::clone(first.assessment.catalogue());
    check_together(contributions)?;

    // Respondents by id; a respondent may come in several files with the same description.
    let mut respondents: BTreeMap<&str, (&Respondent, Vec<usize>)> = BTreeMap::new();
    for (i, c) in contributions.iter().enumerate() {
        respondents
            .entry(c.respondent.id.as_str())
            .or_insert((&c.respondent, Vec::new()))
            .1
            .push(i);
    }

    let n = catalogue.indicators().len();
    let mut merged = Assessment::new(&catalogue, first.assessment.municipality(), first.assessment.year())
        .map_err(|e| inconsistent(0, Problem::error("$", e.to_string())))?;
    for (key, value) in agreed_extras(contributions.iter().map(|c| c.assessment.extra())).0 {
        // Defined fields never reach `extra`, so this cannot fail.
        let _ = merged.set_extra(&key, Some(value.0));
    }

    let mut problems = Vec::new();
    let mut indicators = Vec::with_capacity(n);
    let mut open = Vec::new();
    let mut summary = TeamSummary {
        respondents: respondents.len(),
        indicators: n,
        ..TeamSummary::default()
    };
    for index in 0..n {
        let indicator = &catalogue.indicators()[index];
        let mut responses: Vec<(&Respondent, AnswerRef<'_>)> = Vec::new();
        for (respondent, files) in respondents.values() {
            let mut given: Option<(usize, AnswerRef<'_>)> = None;
            for &file in files {
                if let Some(answer) = contributions[file].assessment.slot(index) {
                    match given {
                        Some((_, earlier)) if earlier != answer => {
                            problems.push(ContributionProblem {
                                contribution: file,
                                problem: Problem::error(
                                    push_key("$.answers", &indicator.id),
                                    format!(
                                        "respondent {:?} answers {:?} differently in contributions {} and {}",
                                        respondent.id,
                                        indicator.id,
                                        given.map_or(0, |g| g.0) + 1,
                                        file + 1
                                    ),
                                ),
                            });
                        }
                        Some(_) => {}
                        None => given = Some((file, answer)),
                    }
                }
            }
            if let Some((_, answer)) = given {
                responses.push((respondent, answer));
            }
        }
        let assigned: Vec<String> = respondents
            .values()
            .filter(|(r, _)| r.scope.contains(index))
            .map(|(r, _)| r.id.clone())
            .collect();
        if assigned.is_empty() {
            summary.unassigned += 1;
        }
        let agree = responses.windows(2).all(|w| w[0].1.choice == w[1].1.choice);
        if !agree {
            summary.disagreements += 1;
        }
        let decision = decisions.by_index.get(&index);
        let (resolution, slot) = match (decision, responses.as_slice()) {
            (Some((choice, comment)), _) => {
                summary.decided += 1;
                let mut lines: Vec<String> = comment.iter().cloned().collect();
                lines.extend(attributed_comments(&responses));
                (
                    Resolution::Decision,
                    Some(crate::assessment::Answer {
                        choice: *choice,
                        comment: join(lines),
                        extra: StrictMap::default(),
                    }),
                )
            }
            (None, []) => (Resolution::Unanswered, None),
            (None, [(_, only)]) => (Resolution::Single, Some(only.to_answer())),
            (None, many) => {
                let choice = if agree {
                    Some(many[0].1.choice)
                } else {
                    choose(&catalogue, many.iter().map(|(_, a)| a.choice), policy)
                };
                match choice {
                    Some(choice) => (
                        if agree {
                            Resolution::Unanimous
                        } else {
                            Resolution::Policy
                        },
                        Some(crate::assessment::Answer {
                            choice,
                            comment: join(attributed_comments(many)),
                            extra: agreed_extras(many.iter().map(|(_, a)| a.extra)),
                        }),
                    ),
                    None => {
                        summary.open += 1;
                        open.push(indicator.id.clone());
                        (Resolution::Open, None)
                    }
                }
            }
        };
        let merged_answer = slot.as_ref().map(|a| catalogue.scale()[a.choice].id.clone());
        if slot.is_some() {
            summary.answered += 1;
        }
        merged.set_slot(index, slot);
        let (level, area) = catalogue.placement[index];
        indicators.push((
            indicator.id.clone(),
            IndicatorReport {
                level: catalogue.levels()[level].id.clone(),
                area: area.map(|a| catalogue.areas()[a].id.clone()),
                assigned,
                responses: responses
                    .iter()
                    .map(|(r, a)| Response {
                        respondent: r.id.clone(),
                        name: r.name.clone(),
                        department: r.department.clone(),
                        answer: catalogue.scale()[a.choice].id.clone(),
                        comment: a.comment.map(str::to_owned),
                    })
                    .collect(),
                agree,
                merged: merged_answer,
                resolution,
            },
        ));
    }
    if !problems.is_empty() {
        return Err(TeamError::Inconsistent { problems });
    }

    let participation = respondents
        .values()
        .map(|(r, files)| participation(&catalogue, r, files, contributions))
        .collect();
    Ok(Merged {
        assessment: merged,
        report: TeamReport {
            catalogue: catalogue.reference(),
            municipality: first.assessment.municipality().to_owned(),
            year: first.assessment.year(),
            policy,
            summary,
            participation,
            indicators: OrderedMap(indicators),
            open,
        },
    })
}

/// Participation only: what [`merge`] reports per respondent, without merging.
pub fn status(contributions: &[Contribution]) -> Result<Vec<Participation>, TeamError> {
    merge(contributions, &Decisions::default(), Policy::Open).map(|m| m.report.participation)
}

fn inconsistent(contribution: usize, problem: Problem) -> TeamError {
    TeamError::Inconsistent {
        problems: vec![ContributionProblem { contribution, problem }],
    }
}

fn check_together(contributions: &[Contribution]) -> Result<(), TeamError> {
    let first = &contributions[0];
    let mut problems = Vec::new();
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, c) in contributions.iter().enumerate() {
        let (a, b) = (&first.assessment, &c.assessment);
        if a.catalogue().reference() != b.catalogue().reference() {
            problems.push(ContributionProblem {
                contribution: i,
                problem: Problem::error(
                    "$.catalogue",
                    format!(
                        "catalogue {} differs from contribution 1's {}",
                        b.catalogue().reference(),
                        a.catalogue().reference()
                    ),
                ),
            });
        } else if !Arc::ptr_eq(a.catalogue(), b.catalogue()) && a.catalogue() != b.catalogue() {
            problems.push(ContributionProblem {
                contribution: i,
                problem: Problem::error(
                    "$.catalogue",
                    format!(
                        "catalogue {} was read from a different catalogue file than contribution 1's",
                        b.catalogue().reference()
                    ),
                ),
            });
        }
        if a.municipality() != b.municipality() {
            problems.push(ContributionProblem {
                contribution: i,
                problem: Problem::error(
                    "$.municipality",
                    format!(
                        "municipality {:?} differs from contribution 1's {:?}",
                        b.municipality(),
                        a.municipality()
                    ),
                ),
            });
        }
        if a.year() != b.year() {
            problems.push(ContributionProblem {
                contribution: i,
                problem: Problem::error(
                    "$.year",
                    format!("year {} differs from contribution 1's {}", b.year(), a.year()),
                ),
            });
        }
        match seen.get(c.respondent.id.as_str()) {
            Some(&j) => {
                let other = &contributions[j].respondent;
                let same = other.name == c.respondent.name
                    && other.department == c.respondent.department
                    && other.scope.mask == c.respondent.scope.mask;
                if !same {
                    problems.push(ContributionProblem {
                        contribution: i,
                        problem: Problem::error(
                            "$.respondent",
                            format!(
                                "respondent id {:?} is also used in contribution {} with a different name, department \
                                 or scope ({} here, {} there)",
                                c.respondent.id,
                                j + 1,
                                c.respondent.scope.describe(),
                                other.scope.describe()
                            ),
                        ),
                    });
                }
            }
            None => {
                seen.insert(c.respondent.id.as_str(), i);
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(TeamError::Inconsistent { problems })
    }
}

/// The policy's answer for differing answers; `None` leaves it open.
fn choose(catalogue: &Catalogue, choices: impl Iterator<Item = usize>, policy: Policy) -> Option<usize> {
    let scale = catalogue.scale();
    let mut points: Vec<u32> = choices.map(|c| scale[c].points).collect();
    points.sort_unstable();
    // The scale entry with the most points not above `limit` (twice the target, to stay exact).
    let at_most = |twice_limit: u64| {
        scale
            .iter()
            .enumerate()
            .filter(|(_, s)| 2 * u64::from(s.points) <= twice_limit)
            .max_by(|(i, a), (j, b)| a.points.cmp(&b.points).then(j.cmp(i)))
            .map(|(i, _)| i)
    };
    match policy {
        Policy::Open => None,
        Policy::Lowest => at_most(2 * u64::from(*points.first()?)),
        Policy::Median => {
            let n = points.len();
            let twice = if n % 2 == 1 {
                2 * u64::from(points[n / 2])
            } else {
                u64::from(points[n / 2 - 1]) + u64::from(points[n / 2])
            };
            at_most(twice)
        }
    }
}

/// Every respondent's comment, after their name, in respondent-id order.
fn attributed_comments(responses: &[(&Respondent, AnswerRef<'_>)]) -> Vec<String> {
    responses
        .iter()
        .filter_map(|(r, a)| a.comment.map(|c| format!("{}: {c}", r.label())))
        .collect()
}

fn join(lines: Vec<String>) -> Option<String> {
    if lines.is_empty() {
        None
    } else {
        Some(lines.join("\n"))
    }
}

/// The optional fields that every map that has them gives the same value.
fn agreed_extras<'a>(maps: impl Iterator<Item = &'a StrictMap<StrictValue>>) -> StrictMap<StrictValue> {
    let mut out: BTreeMap<String, Option<StrictValue>> = BTreeMap::new();
    for map in maps {
        for (k, v) in &map.0 {
            if k == "respondent" {
                continue;
            }
            match out.get(k) {
                None => {
                    out.insert(k.clone(), Some(v.clone()));
                }
                Some(Some(existing)) if existing != v => {
                    out.insert(k.clone(), None);
                }
                Some(_) => {}
            }
        }
    }
    StrictMap(out.into_iter().filter_map(|(k, v)| v.map(|v| (k, v))).collect())
}

fn participation(
    catalogue: &Catalogue,
    respondent: &Respondent,
    files: &[usize],
    contributions: &[Contribution],
) -> Participation {
    let mut total = Progress::default();
    let mut areas = vec![Progress::default(); catalogue.areas().len()];
    let mut levels = vec![Progress::default(); catalogue.levels().len()];
    for (index, &(level, area)) in catalogue.placement.iter().enumerate() {
        if !respondent.scope.contains(index) {
            continue;
        }
        let answered = files.iter().any(|&f| contributions[f].assessment.slot(index).is_some());
        for p in std::iter::once(&mut total)
            .chain(std::iter::once(&mut levels[level]))
            .chain(area.map(|a| &mut areas[a]))
        {
            p.assigned += 1;
            p.answered += usize::from(answered);
        }
    }
    let keep = |ids: Vec<&String>, progress: Vec<Progress>| {
        OrderedMap(
            ids.into_iter()
                .zip(progress)
                .filter(|(_, p)| p.assigned > 0)
                .map(|(id, p)| (id.clone(), p))
                .collect(),
        )
    };
    Participation {
        id: respondent.id.clone(),
        name: respondent.name.clone(),
        department: respondent.department.clone(),
        scope: respondent.scope.document.clone(),
        total,
        areas: keep(catalogue.areas().iter().map(|a| &a.id).collect(), areas),
        levels: keep(catalogue.levels().iter().map(|l| &l.id).collect(), levels),
    }
}

/// JSON Schemas of the team documents: contribution and decisions (read), team report (written).
pub(crate) fn schemas() -> Vec<(&'static str, String)> {
    use crate::schema::{render, Direction};
    vec![
        (
            "contribution.schema.json",
            render::<ContributionDocument>("contribution", Direction::Read),
        ),
        (
            "decisions.schema.json",
            render::<DecisionsDocument>("decisions", Direction::Read),
        ),
        (
            "team-report.schema.json",
            render::<TeamReport>("team-report", Direction::Written),
        ),
    ]
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn catalogue() -> Arc<Catalogue> {
        Arc::new(Catalogue::builtin("eblomladan-2016").unwrap())
    }

    const HEAD: &str = r#""catalogue": {"id": "eblomladan", "version": "2016"}, "municipality": "1881", "year": 2017"#;

    fn contribution(respondent: &str, answers: &str) -> Result<Contribution, TeamError> {
        Contribution::from_json(
            &format!(r#"{{{HEAD}, "respondent": {respondent}, "answers": {{{answers}}}}}"#),
            &catalogue(),
        )
    }

    fn problems(e: TeamError) -> Vec<Problem> {
        e.problems()
    }

    #[test]
    fn scope_naming_unknown_things_is_an_error_with_its_path() {
        let e = contribution(
            r#"{"id": "a", "name": "A", "scope": {"areas": ["elderly", "pets"], "levels": ["soil"], "indicators": ["tech-99"]}}"#,
            "",
        )
        .unwrap_err();
        let p = problems(e);
        let paths: Vec<&str> = p.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "$.respondent.scope.areas[1]",
                "$.respondent.scope.levels[0]",
                "$.respondent.scope.indicators[0]"
            ]
        );
        assert!(p[0]
            .message
            .contains("unknown area \"pets\"; expected one of elderly, children"));
        let e = contribution(r#"{"id": "a", "name": "A", "scope": {}}"#, "").unwrap_err();
        assert!(problems(e)[0].message.contains("names no area, level or indicator"));
        let e = contribution(r#"{"id": "a", "name": "A", "scope": {"area": ["elderly"]}}"#, "").unwrap_err();
        assert!(problems(e)[0].message.contains("unknown field `area`"));
    }

    #[test]
    fn answers_outside_the_scope_are_errors_naming_indicator_and_scope() {
        let e = contribution(
            r#"{"id": "soc", "name": "Sara", "scope": {"areas": ["elderly"], "levels": ["lead"]}}"#,
            r#""elderly-01": {"answer": "fully"}, "tech-01": {"answer": "fully"}, "children-01": {"answer": "partly"}"#,
        )
        .unwrap_err();
        let p = problems(e);
        assert_eq!(p.len(), 2, "{p:?}");
        assert_eq!(p[0].path, "$.answers.tech-01");
        assert_eq!(
            p[0].message,
            "indicator \"tech-01\" is outside the scope of respondent \"soc\" (areas elderly; levels lead)"
        );
        assert_eq!(p[1].path, "$.answers.children-01");
    }

    #[test]
    fn contribution_round_trips() {
        let c = contribution(
            r#"{"id": "soc", "name": "Sara", "department": "Soc", "scope": {"indicators": ["tech-03"]}, "email": "s@x"}"#,
            r#""tech-03": {"answer": "partly", "comment": "Delvis"}"#,
        )
        .unwrap();
        let again = Contribution::from_json(&c.to_json(), &catalogue()).unwrap();
        assert_eq!(c, again);
        assert!(c.to_json().find("\"year\"").unwrap() < c.to_json().find("\"respondent\"").unwrap());
    }

    #[test]
    fn policies_and_decisions() {
        let a = contribution(r#"{"id": "a", "name": "A"}"#, r#""lead-01": {"answer": "fully"}"#).unwrap();
        let b = contribution(r#"{"id": "b", "name": "B"}"#, r#""lead-01": {"answer": "not_met"}"#).unwrap();
        let c = contribution(r#"{"id": "c", "name": "C"}"#, r#""lead-01": {"answer": "partly"}"#).unwrap();
        let none = Decisions::default();
        let pick = |cs: &[Contribution], policy| {
            merge(cs, &none, policy)
                .unwrap()
                .assessment
                .answer_of("lead-01")
                .map(str::to_owned)
        };
        assert_eq!(pick(&[a.clone(), b.clone()], Policy::Open), None);
        assert_eq!(
            pick(&[a.clone(), b.clone()], Policy::Lowest).as_deref(),
            Some("not_met")
        );
        assert_eq!(pick(&[a.clone(), b.clone()], Policy::Median).as_deref(), Some("partly"));
        assert_eq!(pick(&[a.clone(), c.clone()], Policy::Median).as_deref(), Some("partly"));
        assert_eq!(
            pick(&[b.clone(), c.clone()], Policy::Median).as_deref(),
            Some("not_met")
        );
        let a2 = contribution(r#"{"id": "a2", "name": "A2"}"#, r#""lead-01": {"answer": "fully"}"#).unwrap();
        assert_eq!(
            pick(&[a.clone(), a2, c.clone()], Policy::Median).as_deref(),
            Some("fully")
        );
        let mut decided = Decisions::default();
        decided
            .decide(&catalogue(), "lead-01", "fully", Some("Beslutat i ledningsgruppen"))
            .unwrap();
        let m = merge(&[a, b], &decided, Policy::Lowest).unwrap();
        assert_eq!(m.assessment.answer_of("lead-01"), Some("fully"));
        assert_eq!(m.assessment.comment_of("lead-01"), Some("Beslutat i ledningsgruppen"));
        assert_eq!(m.report.indicators["lead-01"].resolution, Resolution::Decision);
        assert_eq!(m.report.summary.disagreements, 1);
        assert_eq!(m.report.summary.decided, 1);
    }

    #[test]
    fn comments_keep_every_respondents_name() {
        let a = contribution(
            r#"{"id": "a", "name": "Anna", "department": "IT"}"#,
            r#""lead-01": {"answer": "fully", "comment": "Klart"}"#,
        )
        .unwrap();
        let b = contribution(
            r#"{"id": "b", "name": "Bo"}"#,
            r#""lead-01": {"answer": "fully", "comment": "Ja"}"#,
        )
        .unwrap();
        let m = merge(&[b, a], &Decisions::default(), Policy::Open).unwrap();
        assert_eq!(m.assessment.comment_of("lead-01"), Some("Anna (IT): Klart\nBo: Ja"));
        assert_eq!(m.report.indicators["lead-01"].resolution, Resolution::Unanimous);
    }

    #[test]
    fn contributions_that_do_not_belong_together() {
        let a = contribution(r#"{"id": "a", "name": "A", "scope": {"levels": ["lead"]}}"#, "").unwrap();
        let b = Contribution::from_json(
            r#"{"catalogue": {"id": "eblomladan", "version": "2016"}, "municipality": "1880", "year": 2016,
                "respondent": {"id": "a", "name": "A"}, "answers": {}}"#,
            &catalogue(),
        )
        .unwrap();
        let TeamError::Inconsistent { problems } = merge(&[a, b], &Decisions::default(), Policy::Open).unwrap_err()
        else {
            panic!()
        };
        let paths: Vec<(usize, &str)> = problems
            .iter()
            .map(|p| (p.contribution, p.problem.path.as_str()))
            .collect();
        assert_eq!(paths, [(1, "$.municipality"), (1, "$.year"), (1, "$.respondent")]);
        assert!(problems[2]
            .problem
            .message
            .contains("respondent id \"a\" is also used in contribution 1"));
        assert_eq!(
            merge(&[], &Decisions::default(), Policy::Open).unwrap_err(),
            TeamError::Empty
        );
    }

    #[test]
    fn one_respondent_in_two_files_is_one_respondent() {
        let a1 = contribution(r#"{"id": "a", "name": "A"}"#, r#""lead-01": {"answer": "fully"}"#).unwrap();
        let a2 = contribution(r#"{"id": "a", "name": "A"}"#, r#""lead-02": {"answer": "partly"}"#).unwrap();
        let m = merge(&[a1.clone(), a2], &Decisions::default(), Policy::Open).unwrap();
        assert_eq!(m.report.summary.respondents, 1);
        assert_eq!(m.report.participation[0].total.answered, 2);
        let a3 = contribution(r#"{"id": "a", "name": "A"}"#, r#""lead-01": {"answer": "partly"}"#).unwrap();
        let e = merge(&[a1, a3], &Decisions::default(), Policy::Open).unwrap_err();
        assert!(
            e.to_string()
                .contains("answers \"lead-01\" differently in contributions 1 and 2"),
            "{e}"
        );
    }

    #[test]
    fn decisions_file_problems_have_paths() {
        let e = Decisions::from_json(
            r#"{"decisions": {"lead-99": {"answer": "fully"}, "lead-01": {"answer": "yes"}}}"#,
            &catalogue(),
        )
        .unwrap_err();
        let mut paths: Vec<String> = problems(e).into_iter().map(|p| p.path).collect();
        paths.sort();
        assert_eq!(paths, ["$.decisions.lead-01.answer", "$.decisions.lead-99"]);
        let short = Decisions::from_value(
            &serde_json::json!({"lead-01": "partly", "lead-02": {"answer": "fully"}}),
            &catalogue(),
        )
        .unwrap();
        assert_eq!(short.len(), 2);
        let e = Decisions::from_value(&serde_json::json!({"lead-01": 3}), &catalogue()).unwrap_err();
        assert_eq!(problems(e)[0].path, "$.decisions.lead-01");
        let e = Decisions::from_json(
            r#"{"decisions": {"lead-01": {"answer": "fully", "why": 1}}}"#,
            &catalogue(),
        )
        .unwrap_err();
        assert!(e.to_string().contains("unknown field `why`"), "{e}");
    }

    #[test]
    fn participation_per_area_and_level() {
        let c = contribution(
            r#"{"id": "soc", "name": "Sara", "scope": {"areas": ["elderly"], "levels": ["tech"]}}"#,
            r#""elderly-01": {"answer": "fully"}, "tech-02": {"answer": "partly"}"#,
        )
        .unwrap();
        let p = &status(&[c]).unwrap()[0];
        assert_eq!(
            p.total,
            Progress {
                assigned: 18,
                answered: 2
            }
        );
        assert_eq!(p.areas.0.len(), 1);
        assert_eq!(
            p.areas["elderly"],
            Progress {
                assigned: 8,
                answered: 1
            }
        );
        assert_eq!(
            p.levels["services"],
            Progress {
                assigned: 8,
                answered: 1
            }
        );
        assert_eq!(
            p.levels["tech"],
            Progress {
                assigned: 10,
                answered: 1
            }
        );
        assert!(p.levels.get("lead").is_none());
    }
}
