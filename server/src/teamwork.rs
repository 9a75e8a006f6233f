//! The bridge between stored team data (respondents, per-respondent answers, decisions) and the
//! core's team model. The server stores; the core decides what is in scope and merges.

use std::sync::Arc;

use eblomlada::team::{self, Contribution, Decisions, Policy, RespondentDocument, Scope, ScopeDocument};
use eblomlada::{Assessment, Catalogue};
use serde_json::{json, Value};

use crate::problem::ApiError;
use crate::storage::{AnswerRow, AssessmentRow, DecisionRow, Respondent};

/// Checks a scope (`{"areas": …, "levels": …, "indicators": …}`) against the catalogue with the
/// core's rules; returns it as the core writes it.
pub fn check_scope(catalogue: &Arc<Catalogue>, scope: Option<Value>) -> Result<Option<Value>, ApiError> {
    let Some(scope) = scope.filter(|s| !s.is_null()) else {
        return Ok(None);
    };
    let doc = ScopeDocument::from_value(&scope, "$.scope").map_err(|problems| ApiError::Invalid {
        detail: "invalid scope".to_owned(),
        problems,
    })?;
    let checked = Scope::new(Some(doc), catalogue, "$.scope").map_err(|problems| ApiError::Invalid {
        detail: "invalid scope".to_owned(),
        problems,
    })?;
    Ok(checked.document().and_then(|d| serde_json::to_value(d).ok()))
}

fn scope_of(catalogue: &Arc<Catalogue>, scope: Option<&Value>) -> Result<Scope, ApiError> {
    let doc = match scope {
        Some(v) => Some(
            ScopeDocument::from_value(v, "$.scope").map_err(|p| ApiError::Internal(format!("stored scope: {p:?}")))?,
        ),
        None => None,
    };
    Scope::new(doc, catalogue, "$.scope").map_err(|p| ApiError::Internal(format!("stored scope: {p:?}")))
}

/// Whether `indicator` lies within `scope` (none: the whole catalogue), by the core's rules.
pub fn in_scope(catalogue: &Arc<Catalogue>, scope: Option<&Value>, indicator: &str) -> Result<bool, ApiError> {
    let Some(index) = catalogue.indicator_index(indicator) else {
        return Ok(false);
    };
    Ok(scope_of(catalogue, scope)?.contains(index))
}

/// The id a stored respondent has in the core's team model.
pub fn respondent_id(id: i64) -> String {
    format!("r{id}")
}

fn contributions(
    catalogue: &Arc<Catalogue>,
    row: &AssessmentRow,
    respondents: &[Respondent],
    answers: &[AnswerRow],
) -> Result<Vec<Contribution>, ApiError> {
    let mut out = Vec::new();
    for r in respondents.iter().filter(|r| r.permission == "edit") {
        let doc = RespondentDocument::from_value(
            &json!({
                "id": respondent_id(r.id),
                "name": r.name,
                "department": if r.department.is_empty() { None } else { Some(&r.department) },
                "scope": r.scope,
            }),
            "$.respondent",
        )
        .map_err(|p| ApiError::Internal(format!("respondent {}: {p:?}", r.id)))?;
        let respondent = team::Respondent::from_document(doc, catalogue, "$.respondent")
            .map_err(|p| ApiError::Internal(format!("respondent {}: {p:?}", r.id)))?;
        let mut assessment = Assessment::new(catalogue, &row.municipality, row.year)?;
        for a in answers.iter().filter(|a| a.respondent_id == r.id) {
            if let Some(answer) = &a.answer {
                assessment.answer(&a.indicator, answer)?;
                assessment.comment(&a.indicator, a.comment.as_deref())?;
            }
        }
        out.push(Contribution::new(respondent, assessment)?);
    }
    Ok(out)
}

fn decisions_of(catalogue: &Arc<Catalogue>, decisions: &[DecisionRow]) -> Result<Decisions, ApiError> {
    let mut out = Decisions::default();
    for d in decisions {
        if let Some(answer) = &d.answer {
            out.decide(catalogue, &d.indicator, answer, d.comment.as_deref())?;
        }
    }
    Ok(out)
}

/// The core's merge of the stored team: every edit respondent's answers as a contribution, the
/// authority's decisions; open disagreements stay unanswered.
pub fn merge(
    catalogue: &Arc<Catalogue>,
    row: &AssessmentRow,
    respondents: &[Respondent],
    answers: &[AnswerRow],
    decisions: &[DecisionRow],
) -> Result<team::Merged, ApiError> {
    let contributions = contributions(catalogue, row, respondents, answers)?;
    Ok(team::merge(
        &contributions,
        &decisions_of(catalogue, decisions)?,
        Policy::Open,
    )?)
}

/// The team part of the assessment view: the core's team report and the merged assessment.
pub fn team_view(
    catalogue: &Arc<Catalogue>,
    row: &AssessmentRow,
    respondents: &[Respondent],
    answers: &[AnswerRow],
    decisions: &[DecisionRow],
) -> Result<Value, ApiError> {
    let merged = merge(catalogue, row, respondents, answers, decisions)?;
    Ok(json!({
        "report": serde_json::to_value(&merged.report).unwrap_or(Value::Null),
        "merged": merged.assessment.to_value(),
    }))
}

/// The merged assessment to publish.
pub fn merged(
    catalogue: &Arc<Catalogue>,
    row: &AssessmentRow,
    respondents: &[Respondent],
    answers: &[AnswerRow],
    decisions: &[DecisionRow],
) -> Result<Assessment, ApiError> {
    Ok(merge(catalogue, row, respondents, answers, decisions)?.assessment)
}
