//! RFC 9457 problem details: every error response of the API, carrying the core's
//! [`Problem`](eblomlada::Problem)s where the input was at fault.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::Value;

use crate::storage::StoreError;

/// The body of an error response (`application/problem+json`).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ProblemDetails {
    /// A URI naming the kind of problem (relative to the service).
    #[serde(rename = "type")]
    pub kind: String,
    /// Short summary of the kind.
    pub title: String,
    /// HTTP status.
    pub status: u16,
    /// What went wrong in this request.
    pub detail: String,
    /// The core's problems (JSON path, line, column, message), where the input was at fault.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schema(value_type = Vec<Object>)]
    pub problems: Vec<eblomlada::Problem>,
    /// For a stale write (409): the current revision.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_revision: Option<i64>,
    /// For a stale write (409): the current value.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub current: Option<Value>,
}

/// An error of a request.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ApiError {
    /// No or no valid session or token.
    #[error("sign in first (no valid session)")]
    Unauthenticated,
    /// The policy refuses.
    #[error("{0}")]
    Forbidden(String),
    /// Missing or wrong CSRF token, or a foreign Origin.
    #[error("{0}")]
    Csrf(String),
    /// The thing does not exist (or the caller may not know it exists).
    #[error("{0} not found")]
    NotFound(String),
    /// Input refused; the core's problems say where and why.
    #[error("{detail}")]
    Invalid {
        /// Summary.
        detail: String,
        /// The problems.
        problems: Vec<eblomlada::Problem>,
    },
    /// A write based on a stale revision.
    #[error("the answer changed since revision {based_on}; the current revision is {current_revision}")]
    Conflict {
        /// What the write named.
        based_on: i64,
        /// The current revision.
        current_revision: i64,
        /// The current value.
        current: Value,
    },
    /// `If-Match` missing.
    #[error("a write must name the revision it was based on in If-Match (\"0\" for a new answer)")]
    PreconditionRequired,
    /// A state that forbids the action (e.g. publishing an incomplete assessment).
    #[error("{0}")]
    State(String),
    /// Too many failed sign-ins.
    #[error("too many failed sign-ins; try again in {retry_after_s} s")]
    Throttled {
        /// Seconds until the next attempt is accepted.
        retry_after_s: u64,
    },
    /// Something failed inside (logged, never shown in detail).
    #[error("internal error")]
    Internal(String),
}

impl ApiError {
    /// A refused input with one problem.
    pub fn invalid(path: &str, message: impl Into<String>) -> ApiError {
        let message = message.into();
        ApiError::Invalid {
            detail: format!("{path}: {message}"),
            problems: vec![eblomlada::Problem::error(path, message)],
        }
    }

    fn parts(&self) -> (StatusCode, &'static str, &'static str) {
        match self {
            ApiError::Unauthenticated => (StatusCode::UNAUTHORIZED, "unauthenticated", "Not signed in"),
            ApiError::Forbidden(_) => (StatusCode::FORBIDDEN, "forbidden", "Not allowed"),
            ApiError::Csrf(_) => (StatusCode::FORBIDDEN, "csrf", "Cross-site request refused"),
            ApiError::NotFound(_) => (StatusCode::NOT_FOUND, "not-found", "Not found"),
            ApiError::Invalid { .. } => (StatusCode::UNPROCESSABLE_ENTITY, "invalid", "Invalid input"),
            ApiError::Conflict { .. } => (StatusCode::CONFLICT, "stale-revision", "Stale revision"),
            ApiError::PreconditionRequired => (
                StatusCode::PRECONDITION_REQUIRED,
                "if-match-required",
                "If-Match required",
            ),
            ApiError::State(_) => (StatusCode::CONFLICT, "state", "Not possible in this state"),
            ApiError::Throttled { .. } => (StatusCode::TOO_MANY_REQUESTS, "throttled", "Too many attempts"),
            ApiError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal", "Internal error"),
        }
    }

    /// The problem details of this error.
    pub fn details(&self) -> ProblemDetails {
        let (status, kind, title) = self.parts();
        let (problems, current_revision, current) = match self {
            ApiError::Invalid { problems, .. } => (problems.clone(), None, None),
            ApiError::Conflict {
                current_revision,
                current,
                ..
            } => (Vec::new(), Some(*current_revision), Some(current.clone())),
            _ => (Vec::new(), None, None),
        };
        ProblemDetails {
            kind: format!("/problems/{kind}"),
            title: title.to_owned(),
            status: status.as_u16(),
            detail: self.to_string(),
            problems,
            current_revision,
            current,
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        match e {
            StoreError::NotFound(what) => ApiError::NotFound(what.to_owned()),
            StoreError::Exists(what) => ApiError::State(format!("{what} already exists")),
            StoreError::Conflict {
                current_revision,
                current,
            } => ApiError::Conflict {
                based_on: -1,
                current_revision,
                current,
            },
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl From<eblomlada::Error> for ApiError {
    fn from(e: eblomlada::Error) -> ApiError {
        ApiError::Invalid {
            detail: e.to_string(),
            problems: e.problems(),
        }
    }
}

impl From<eblomlada::analysis::AnalysisError> for ApiError {
    fn from(e: eblomlada::analysis::AnalysisError) -> ApiError {
        ApiError::Invalid {
            detail: e.to_string(),
            problems: e.problems(),
        }
    }
}

impl From<eblomlada::team::TeamError> for ApiError {
    fn from(e: eblomlada::team::TeamError) -> ApiError {
        ApiError::Invalid {
            detail: e.to_string(),
            problems: e.problems(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Internal(message) = &self {
            tracing::error!(%message, "internal error");
        }
        let details = self.details();
        let status = StatusCode::from_u16(details.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&details).unwrap_or_default();
        let mut response = (status, body).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if let ApiError::Throttled { retry_after_s } = self {
            if let Ok(v) = HeaderValue::from_str(&retry_after_s.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, v);
            }
        }
        response
    }
}
