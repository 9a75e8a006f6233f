//! The bridge between stored team data (respondents, per-respondent answers, decisions) and the
//! core's team model. The server stores; the core decides what is in scope and merges.

use std::sync::Arc;

use eblomlada::{Assessment, Catalogue};
use serde_json::Value;

use crate::problem::ApiError;
use crate::storage::{AnswerRow, AssessmentRow, DecisionRow, Respondent};

/// Checks a scope document (`{"areas": …, "levels": …, "indicators": …}`) against the catalogue.
pub fn check_scope(catalogue: &Arc<Catalogue>, scope: Option<Value>) -> Result<Option<Value>, ApiError> {
    let Some(scope) = scope.filter(|s| !s.is_null()) else {
        return Ok(None);
    };
    let Some(obj) = scope.as_object() else {
        return Err(ApiError::invalid(
            "$.scope",
            "expected an object with areas, levels and/or indicators",
        ));
    };
    let mut named = 0;
    for (key, value) in obj {
        let known: Vec<&str> = match key.as_str() {
            "areas" => catalogue.areas().iter().map(|a| a.id.as_str()).collect(),
            "levels" => catalogue.levels().iter().map(|l| l.id.as_str()).collect(),
            "indicators" => catalogue.indicators().iter().map(|i| i.id.as_str()).collect(),
            other => {
                return Err(ApiError::invalid(
                    &format!("$.scope.{other}"),
                    "unknown key; expected areas, levels or indicators",
                ))
            }
        };
        let Some(items) = value.as_array() else {
            return Err(ApiError::invalid(&format!("$.scope.{key}"), "expected a list of ids"));
        };
        for (i, item) in items.iter().enumerate() {
            if !item.as_str().is_some_and(|s| known.contains(&s)) {
                return Err(ApiError::invalid(
                    &format!("$.scope.{key}[{i}]"),
                    format!("unknown id {item}; expected one of {}", known.join(", ")),
                ));
            }
            named += 1;
        }
    }
    if named == 0 {
        return Err(ApiError::invalid(
            "$.scope",
            "the scope names no area, level or indicator; leave it out for the whole catalogue",
        ));
    }
    Ok(Some(scope))
}

/// Whether `indicator` lies within `scope` (none: the whole catalogue): an area's own
/// indicators, every indicator of a level, single ids.
pub fn in_scope(catalogue: &Arc<Catalogue>, scope: Option<&Value>, indicator: &str) -> Result<bool, ApiError> {
    let Some(scope) = scope else { return Ok(true) };
    let Some(ind) = catalogue.indicator(indicator) else {
        return Ok(false);
    };
    let has = |key: &str, id: &str| {
        scope[key]
            .as_array()
            .is_some_and(|list| list.iter().any(|v| v.as_str() == Some(id)))
    };
    Ok(has("indicators", &ind.id) || has("levels", &ind.level) || ind.area.as_deref().is_some_and(|a| has("areas", a)))
}

/// The team part of the assessment view: not available until the core's team merge exists.
pub fn team_view(
    _catalogue: &Arc<Catalogue>,
    _row: &AssessmentRow,
    _respondents: &[Respondent],
    _answers: &[AnswerRow],
    _decisions: &[DecisionRow],
) -> Result<Value, ApiError> {
    Ok(Value::Null)
}

/// The merged assessment to publish.
pub fn merged(
    _catalogue: &Arc<Catalogue>,
    _row: &AssessmentRow,
    _respondents: &[Respondent],
    _answers: &[AnswerRow],
    _decisions: &[DecisionRow],
) -> Result<Assessment, ApiError> {
    Err(ApiError::State("publishing needs the core's team merge".into()))
}
