//! Team assessments for JavaScript: `Contribution` and `mergeTeam` (the core's `eblomlada::team`).

use eblomlada::team::{self, Policy, RespondentDocument, TeamError};
use wasm_bindgen::prelude::*;

use crate::{json_parse, object_arg, string_arg, type_name, Assessment, Catalogue, Failure, Out};

impl From<TeamError> for Failure {
    fn from(error: TeamError) -> Failure {
        let kind = match &error {
            TeamError::InvalidContribution { .. } => "InvalidContribution",
            TeamError::InvalidDecisions { .. } => "InvalidDecisions",
            TeamError::Inconsistent { .. } => "InconsistentContributions",
            _ => "Empty",
        };
        Failure {
            kind,
            message: error.to_string(),
            problems: error.problems(),
        }
    }
}

#[wasm_bindgen]
extern "C" {
    /// `JSON.stringify`, caught (a getter or a cycle may throw).
    #[wasm_bindgen(js_namespace = JSON, js_name = stringify, catch)]
    fn json_stringify(value: &JsValue) -> Result<JsValue, JsValue>;

    /// Any object that may be a `Contribution`.
    type MaybeContribution;

    /// `Contribution.prototype.__share`.
    #[wasm_bindgen(method, structural, catch, js_name = __share)]
    fn share(this: &MaybeContribution) -> Result<JsValue, JsValue>;
}

/// A plain JS object as JSON data (through `JSON.stringify` and the core's strict reader).
fn json_value(value: &JsValue, name: &str) -> Result<serde_json::Value, Failure> {
    object_arg(value, name)?
        .ok_or_else(|| Failure::argument("$", format!("{name} must be an object, not {}", type_name(value))))?;
    let text = json_stringify(value)
        .ok()
        .and_then(|v| v.as_string())
        .ok_or_else(|| Failure::argument("$", format!("{name} cannot be written as JSON")))?;
    eblomlada::json::from_str::<eblomlada::json::StrictValue>(&text)
        .map(|v| v.0)
        .map_err(|p| Failure::argument("$", format!("{name}: {}", p.message)))
}

/// One respondent's answers for one municipality, year and catalogue, within the respondent's
/// scope: an assessment file plus `respondent`.
#[wasm_bindgen]
#[derive(Clone)]
pub struct Contribution {
    inner: team::Contribution,
}

#[wasm_bindgen]
impl Contribution {
    /// An empty contribution of `respondent` (`{id, name, department?, scope?: {areas?, levels?,
    /// indicators?}}`; no scope: the whole catalogue).
    #[wasm_bindgen(constructor)]
    pub fn new(
        catalogue: &Catalogue,
        #[wasm_bindgen(unchecked_param_type = "string")] municipality: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] year: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Respondent")] respondent: JsValue,
    ) -> Out<Contribution> {
        let assessment = Assessment::new(catalogue, municipality, year)?.inner;
        let doc = RespondentDocument::from_value(&json_value(&respondent, "respondent")?, "$.respondent")
            .map_err(|problems| Failure::from(TeamError::InvalidContribution { problems }))?;
        let respondent = team::Respondent::from_document(doc, assessment.catalogue(), "$.respondent")
            .map_err(|problems| Failure::from(TeamError::InvalidContribution { problems }))?;
        let inner = team::Contribution::new(respondent, assessment).map_err(Failure::from)?;
        Ok(Contribution { inner })
    }

    /// Parses a contribution file and checks it against `catalogue` (or the built-in catalogue
    /// it names); answers outside the respondent's scope are errors naming indicator and scope.
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(
        #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Catalogue")] catalogue: JsValue,
    ) -> Out<Contribution> {
        let text = string_arg(&text, "text")?;
        let catalogue = if catalogue.is_undefined() || catalogue.is_null() {
            crate::catalogue_of(&text)?
        } else {
            Catalogue::shared(&catalogue)?
        };
        let inner = team::Contribution::from_json(&text, &catalogue).map_err(Failure::from)?;
        Ok(Contribution { inner })
    }

    /// The contribution file as pretty JSON text.
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// The contribution file as a plain object (also what `JSON.stringify` writes).
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "ContributionDocument")]
    pub fn to_plain(&self) -> JsValue {
        json_parse(&self.inner.to_json())
    }

    /// The respondent: `{id, name, department?, scope?}`.
    #[wasm_bindgen(getter, unchecked_return_type = "Respondent")]
    pub fn respondent(&self) -> JsValue {
        json_parse(&serde_json::to_string(&self.inner.respondent.to_document()).unwrap_or_default())
    }

    /// The answers, as an independent `Assessment`.
    #[wasm_bindgen(getter)]
    pub fn assessment(&self) -> Assessment {
        Assessment {
            inner: self.inner.assessment.clone(),
        }
    }

    /// Ids of the indicators in the respondent's scope, in catalogue order.
    #[wasm_bindgen(js_name = scopeIds)]
    pub fn scope_ids(&self) -> Vec<String> {
        self.inner.scope_ids()
    }

    /// Answers indicator `id` within the scope; `comment` as in `Assessment.answer`.
    pub fn answer(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] answer: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "string | null")] comment: JsValue,
    ) -> Out<()> {
        let id = string_arg(&id, "indicator id")?;
        let answer = string_arg(&answer, "answer")?;
        let comment = crate::comment_arg(&comment)?;
        self.inner.answer(&id, &answer).map_err(Failure::from)?;
        if let Some(comment) = comment {
            self.inner
                .assessment
                .comment(&id, comment.as_deref())
                .map_err(Failure::from)?;
        }
        Ok(())
    }

    /// Removes the answer of indicator `id`.
    pub fn clear(&mut self, #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue) -> Out<()> {
        let id = string_arg(&id, "indicator id")?;
        self.inner.assessment.clear(&id).map_err(Failure::from)?;
        Ok(())
    }

    /// A second JS handle (a copy); lets `mergeTeam` read contributions without taking them away.
    #[doc(hidden)]
    #[wasm_bindgen(js_name = __share, skip_typescript)]
    pub fn share(&self) -> Contribution {
        self.clone()
    }
}

fn contribution_of(value: &JsValue, index: usize) -> Result<team::Contribution, Failure> {
    use wasm_bindgen::convert::TryFromJsValue;
    let not_one = || {
        Failure::argument(
            &format!("$[{index}]"),
            format!(
                "contributions[{index}] must be a Contribution, not {}",
                type_name(value)
            ),
        )
    };
    if !value.is_object() {
        return Err(not_one());
    }
    let handle = value
        .unchecked_ref::<MaybeContribution>()
        .share()
        .map_err(|_| not_one())?;
    Contribution::try_from_js_value(handle)
        .map(|c| c.inner)
        .map_err(|_| not_one())
}

/// `{lead-03: "partly"}`, `{lead-03: {answer, comment?}}` or `{decisions: {…}}` as the file.
fn decisions_of(value: &JsValue, catalogue: &eblomlada::Catalogue) -> Result<team::Decisions, Failure> {
    if value.is_undefined() || value.is_null() {
        return Ok(team::Decisions::default());
    }
    team::Decisions::from_value(&json_value(value, "decisions")?, catalogue).map_err(Failure::from)
}

/// The result of `mergeTeam`.
#[wasm_bindgen]
pub struct TeamMerge {
    assessment: eblomlada::Assessment,
    report: String,
}

#[wasm_bindgen]
impl TeamMerge {
    /// The merged assessment: an ordinary assessment, scored and drawn like any other.
    #[wasm_bindgen(getter)]
    pub fn assessment(&self) -> Assessment {
        Assessment {
            inner: self.assessment.clone(),
        }
    }

    /// The team report, exactly the JSON of `eblomlada team merge --report`.
    #[wasm_bindgen(getter, unchecked_return_type = "TeamReport")]
    pub fn report(&self) -> JsValue {
        json_parse(&self.report)
    }
}

/// Merges contributions (any order) and the coordinator's decisions into one assessment and a
/// team report. `policy` for undecided disagreements: `"open"` (default: left unanswered),
/// `"lowest"`, or `"median"` (rounded towards the lower answer).
#[wasm_bindgen(js_name = mergeTeam)]
pub fn merge_team(
    #[wasm_bindgen(unchecked_param_type = "Contribution[]")] contributions: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Decisions | null")] decisions: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "TeamPolicy")] policy: JsValue,
) -> Out<TeamMerge> {
    if !crate::is_array(&contributions) {
        return Err(Failure::argument(
            "$",
            format!(
                "contributions must be an array of Contribution, not {}",
                type_name(&contributions)
            ),
        )
        .into());
    }
    let array: crate::JsArray = contributions.unchecked_into();
    let mut list = Vec::new();
    for i in 0..array.length() {
        list.push(contribution_of(&array.get(i), i as usize)?);
    }
    let policy: Policy = if policy.is_undefined() {
        Policy::Open
    } else {
        string_arg(&policy, "policy")?.parse().map_err(Failure::from)?
    };
    let Some(first) = list.first() else {
        return Err(Failure::from(TeamError::Empty).into());
    };
    let decisions = decisions_of(&decisions, first.assessment.catalogue())?;
    let merged = team::merge(&list, &decisions, policy).map_err(Failure::from)?;
    Ok(TeamMerge {
        assessment: merged.assessment,
        report: merged.report.to_json(),
    })
}
