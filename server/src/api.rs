//! The JSON API under `/api/v1/`: handlers convert requests into storage calls and core calls,
//! ask the policy, and answer with JSON or RFC 9457 problem details.

use std::sync::Arc;

use axum::extract::{Extension, Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post, put};
use axum::{Json, Router};
use eblomlada::analysis::{self, Compilation, CompileOptions, Grouping};
use eblomlada::{Assessment, Catalogue};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use utoipa::{IntoParams, OpenApi, ToSchema};

use crate::app::{blocking, blocking_long, Caller, ClientAddr, Shared};
use crate::auth;
use crate::policy::{allows, Action, Facts, Role};
use crate::problem::{ApiError, ProblemDetails};
use crate::storage::{
    now_ms, AnswerRow, AnswerWrite, AssessmentRow, AuditEntry, DecisionRow, Invitation, Publication, Respondent,
    Session, User,
};

/// Longest name, department, label or reason accepted.
const MAX_SHORT_TEXT: usize = 200;
/// Longest comment accepted.
const MAX_COMMENT: usize = 10_000;

/// The routes of the API.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/api/v1/health", get(health))
        .route("/api/v1/openapi.json", get(openapi_json))
        .route("/api/v1/session", post(sign_in).get(whoami).delete(sign_out))
        .route("/api/v1/session/sso", post(sign_in_sso))
        .route("/api/v1/users", post(create_user))
        .route("/api/v1/authority-requests", post(request_authority).get(list_requests))
        .route("/api/v1/authorities", post(grant_authority))
        .route("/api/v1/assessments", get(list_assessments).post(create_assessment))
        .route("/api/v1/assessments/{id}", get(get_assessment))
        .route("/api/v1/assessments/{id}/answers/{indicator}", put(put_answer))
        .route("/api/v1/assessments/{id}/decisions/{indicator}", put(put_decision))
        .route("/api/v1/assessments/{id}/changes", get(changes))
        .route("/api/v1/assessments/{id}/audit", get(audit_log))
        .route(
            "/api/v1/assessments/{id}/invitations",
            post(invite).get(list_invitations),
        )
        .route("/api/v1/assessments/{id}/invitations/{invitation}", delete(revoke))
        .route("/api/v1/invitations/accept", post(accept_invitation))
        .route(
            "/api/v1/assessments/{id}/publications",
            post(publish).get(list_publications),
        )
        .route("/api/v1/publications/{id}/withdraw", post(withdraw))
        .route("/api/v1/publications/{id}", get(get_publication))
        .route("/api/v1/national", get(national))
        .route("/api/v1/national.csv", get(national_csv))
        .route("/api/v1/national.xlsx", get(national_xlsx))
}

fn require(role: Role, action: Action, facts: Facts) -> Result<(), ApiError> {
    if allows(role, action, facts) {
        return Ok(());
    }
    if role == Role::Anonymous {
        return Err(ApiError::Unauthenticated);
    }
    Err(ApiError::Forbidden(format!(
        "{} may not {}",
        serde_json::to_value(role)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default(),
        serde_json::to_value(action)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    )))
}

fn short_text(path: &str, text: &str, required: bool) -> Result<String, ApiError> {
    let trimmed = text.trim();
    if required && trimmed.is_empty() {
        return Err(ApiError::invalid(path, "must not be empty"));
    }
    if trimmed.chars().count() > MAX_SHORT_TEXT {
        return Err(ApiError::invalid(
            path,
            format!("longer than {MAX_SHORT_TEXT} characters"),
        ));
    }
    if trimmed.chars().any(char::is_control) {
        return Err(ApiError::invalid(path, "contains control characters"));
    }
    Ok(trimmed.to_owned())
}

// ---- health, OpenAPI ------------------------------------------------------------------------

/// Health of the service.
#[derive(Serialize, ToSchema)]
pub struct Health {
    /// Always `ok` when the service answers.
    status: &'static str,
}

/// Liveness.
#[utoipa::path(get, path = "/api/v1/health", responses((status = 200, body = Health)))]
async fn health() -> Json<Health> {
    Json(Health { status: "ok" })
}

async fn openapi_json() -> Response {
    (
        [(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))],
        openapi_document(),
    )
        .into_response()
}

/// The OpenAPI 3.1 document, generated from the handlers and types.
pub fn openapi_document() -> String {
    ApiDoc::openapi().to_pretty_json().unwrap_or_default()
}

// ---- sessions -------------------------------------------------------------------------------

/// Sign-in.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignIn {
    /// Account name.
    user: String,
    /// Password.
    password: String,
}

/// The signed-in caller.
#[derive(Serialize, ToSchema)]
pub struct Me {
    /// Account name (account sessions).
    user: Option<String>,
    /// Administrator.
    admin: bool,
    /// Municipalities with authority.
    authorities: Vec<String>,
    /// The respondent (invitation sessions).
    respondent: Option<Respondent>,
    /// Send this in `X-CSRF-Token` on every state-changing request.
    csrf: String,
}

fn me(caller: &Caller) -> Result<Me, ApiError> {
    caller.require_session()?;
    Ok(Me {
        user: caller.user.as_ref().map(|u| u.name.clone()),
        admin: caller.user.as_ref().is_some_and(|u| u.admin),
        authorities: caller.user.as_ref().map(|u| u.authorities.clone()).unwrap_or_default(),
        respondent: caller.respondent.clone(),
        csrf: caller.csrf.clone().unwrap_or_default(),
    })
}

/// Opens a session for an account or an invitation's respondent: a fresh token (only its hash
/// is stored) and CSRF token; returns the `Set-Cookie` value and what the caller is told.
fn start_session(
    state: &crate::app::AppState,
    user: Option<User>,
    respondent: Option<Respondent>,
    expires_at: i64,
) -> Result<(String, Me), ApiError> {
    let token = auth::token();
    let session = Session {
        user_id: user.as_ref().map(|u| u.id),
        respondent_id: respondent.as_ref().map(|r| r.id),
        csrf: auth::token(),
        expires_at,
    };
    state.store.create_session(&auth::token_hash(&token), &session)?;
    let cookie = auth::session_cookie(
        &token,
        state.config.session_ttl.as_secs() as i64,
        state.config.secure_cookies,
    );
    let caller = Caller {
        user,
        respondent,
        token_hash: None,
        csrf: Some(session.csrf),
    };
    Ok((cookie, me(&caller)?))
}

/// Signs in with name and password; sets the session cookie.
#[utoipa::path(post, path = "/api/v1/session", request_body = SignIn,
    responses((status = 200, body = Me), (status = 401, body = ProblemDetails), (status = 429, body = ProblemDetails)))]
async fn sign_in(
    State(state): State<Shared>,
    Extension(addr): Extension<ClientAddr>,
    Json(body): Json<SignIn>,
) -> Result<Response, ApiError> {
    let (cookie, me) = blocking(&state, move |s| {
        let since = now_ms() - s.config.throttle_window.as_millis() as i64;
        let name = body.user.chars().take(MAX_SHORT_TEXT).collect::<String>();
        let (by_account, by_address) = s.store.failures_since(&name, &addr.0, since)?;
        if by_account >= s.config.throttle_account || by_address >= s.config.throttle_address {
            tracing::warn!(address = %addr.0, "sign-in throttled");
            return Err(ApiError::Throttled {
                retry_after_s: s.config.throttle_window.as_secs(),
            });
        }
        let user = s.store.user_by_name(&name)?;
        let hash = user.as_ref().map_or(auth::dummy_hash(), |u| u.password_hash.as_str());
        let ok = auth::verify_password(&body.password, hash);
        let Some(user) = user.filter(|_| ok) else {
            s.store.record_failure(&name, &addr.0)?;
            tracing::info!(address = %addr.0, "sign-in failed");
            return Err(ApiError::Unauthenticated);
        };
        tracing::info!(user = %user.name, "signed in");
        start_session(s, Some(user), None, now_ms() + s.config.session_ttl.as_millis() as i64)
    })
    .await?;
    Ok(([(header::SET_COOKIE, cookie)], Json(me)).into_response())
}

/// Signs in through the municipality's single sign-on: a trusted reverse proxy has
/// authenticated the person and names the account in the configured header. The header becomes
/// an ordinary session (cookie + CSRF token), so no other request relies on it.
#[utoipa::path(post, path = "/api/v1/session/sso",
    responses((status = 200, body = Me), (status = 403, body = ProblemDetails), (status = 404, body = ProblemDetails)))]
async fn sign_in_sso(
    State(state): State<Shared>,
    Extension(addr): Extension<ClientAddr>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let Some(name) = state.config.sso_header.clone() else {
        return Err(ApiError::NotFound("single sign-on (not configured)".into()));
    };
    if !addr.1.is_some_and(|ip| state.config.trusts(ip)) {
        tracing::warn!(address = %addr.0, "SSO header from an untrusted address");
        return Err(ApiError::Forbidden(
            "single sign-on is accepted only through the configured proxy".into(),
        ));
    }
    let user = headers
        .get(&name)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .ok_or(ApiError::Unauthenticated)?
        .to_owned();
    let (cookie, me) = blocking(&state, move |s| {
        let user = s
            .store
            .user_by_name(&user)?
            .ok_or_else(|| ApiError::Forbidden("no account for the signed-in person; ask the administrator".into()))?;
        tracing::info!(user = %user.name, "signed in through SSO");
        start_session(s, Some(user), None, now_ms() + s.config.session_ttl.as_millis() as i64)
    })
    .await?;
    Ok(([(header::SET_COOKIE, cookie)], Json(me)).into_response())
}

/// The caller and the CSRF token of the session.
#[utoipa::path(get, path = "/api/v1/session", responses((status = 200, body = Me), (status = 401, body = ProblemDetails)))]
async fn whoami(Extension(caller): Extension<Caller>) -> Result<Json<Me>, ApiError> {
    Ok(Json(me(&caller)?))
}

/// Signs out (ends the session, clears the cookie).
#[utoipa::path(delete, path = "/api/v1/session", responses((status = 204), (status = 401, body = ProblemDetails)))]
async fn sign_out(State(state): State<Shared>, Extension(caller): Extension<Caller>) -> Result<Response, ApiError> {
    caller.require_session()?;
    let hash = caller.token_hash.clone().unwrap_or_default();
    blocking(&state, move |s| Ok(s.store.delete_session(&hash)?)).await?;
    let clear = format!("{}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0", auth::COOKIE);
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, clear)]).into_response())
}

// ---- accounts and authority -----------------------------------------------------------------

/// A new account.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    /// Account name.
    name: String,
    /// Password (at least 10 characters).
    password: String,
    /// Administrator.
    #[serde(default)]
    admin: bool,
}

/// Creates an account (administrator).
#[utoipa::path(post, path = "/api/v1/users", request_body = NewUser,
    responses((status = 201), (status = 403, body = ProblemDetails)))]
async fn create_user(
    State(state): State<Shared>,
    Extension(caller): Extension<Caller>,
    Json(body): Json<NewUser>,
) -> Result<Response, ApiError> {
    let role = if caller.user.as_ref().is_some_and(|u| u.admin) {
        Role::Admin
    } else if caller.user.is_some() {
        Role::Member
    } else {
        Role::Anonymous
    };
    require(role, Action::Administer, Facts::default())?;
    let name = short_text("$.name", &body.name, true)?;
    if body.password.chars().count() < 10 {
        return Err(ApiError::invalid("$.password", "shorter than 10 characters"));
    }
    let actor = caller.actor();
    blocking(&state, move |s| {
        let hash = auth::hash_password(&body.password).map_err(|e| ApiError::Internal(e.to_string()))?;
        s.store.create_user(&actor, &name, &hash, body.admin)?;
        Ok(())
    })
    .await?;
    Ok(StatusCode::CREATED.into_response())
}

/// A request for municipality authority.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AuthorityRequest {
    /// Municipality code.
    municipality: String,
    /// The duties that motivate it.
    reason: String,
}

/// An open request, as the administrator sees it.
#[derive(Serialize, ToSchema)]
pub struct OpenRequest {
    id: i64,
    user: String,
    municipality: String,
    reason: String,
}

fn check_municipality(code: &str) -> Result<(), ApiError> {
    if analysis::municipalities::name(code).is_none() {
        return Err(ApiError::invalid(
            "$.municipality",
            format!("{code:?} is not one of Sweden's 290 municipality codes"),
        ));
    }
    Ok(())
}

/// Asks for municipality authority (any account).
#[utoipa::path(post, path = "/api/v1/authority-requests", request_body = AuthorityRequest,
    responses((status = 201), (status = 401, body = ProblemDetails)))]
async fn request_authority(
    State(state): State<Shared>,
    Extension(caller): Extension<Caller>,
    Json(body): Json<AuthorityRequest>,
) -> Result<Response, ApiError> {
    let user = caller.user.clone().ok_or(ApiError::Unauthenticated)?;
    require(
        caller.role_for_municipality(&body.municipality),
        Action::RequestAuthority,
        Facts::default(),
    )?;
    check_municipality(&body.municipality)?;
    let reason = short_text("$.reason", &body.reason, true)?;
    let actor = caller.actor();
    let id = blocking(&state, move |s| {
        Ok(s.store
            .request_authority(&actor, user.id, &body.municipality, &reason)?)
    })
    .await?;
    Ok((StatusCode::CREATED, Json(json!({"id": id}))).into_response())
}

fn admin_role(caller: &Caller) -> Role {
    match &caller.user {
        Some(u) if u.admin => Role::Admin,
        Some(_) => Role::Member,
        None if caller.respondent.is_some() => Role::Editor,
        None => Role::Anonymous,
    }
}

/// Open authority requests (administrator).
#[utoipa::path(get, path = "/api/v1/authority-requests", responses((status = 200, body = Vec<OpenRequest>)))]
async fn list_requests(
    State(state): State<Shared>,
    Extension(caller): Extension<Caller>,
) -> Result<Json<Vec<OpenRequest>>, ApiError> {
    require(admin_role(&caller), Action::Administer, Facts::default())?;
    let rows = blocking(&state, |s| Ok(s.store.open_requests()?)).await?;
    Ok(Json(
        rows.into_iter()
            .map(|(id, user, municipality, reason)| OpenRequest {
                id,
                user,
                municipality,
                reason,
            })
            .collect(),
    ))
}

/// A grant of authority.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Grant {
    /// Account name.
    user: String,
    /// Municipality code.
    municipality: String,
}

/// Grants municipality authority (administrator).
#[utoipa::path(post, path = "/api/v1/authorities", request_body = Grant, responses((status = 204)))]
async fn grant_authority(
    State(state): State<Shared>,
    Extension(caller): Extension<Caller>,
    Json(body): Json<Grant>,
) -> Result<Response, ApiError> {
    require(admin_role(&caller), Action::Administer, Facts::default())?;
    check_municipality(&body.municipality)?;
    let actor = caller.actor();
    blocking(&state, move |s| {
        Ok(s.store.grant_authority(&actor, &body.user, &body.municipality)?)
    })
    .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

// ---- assessments ----------------------------------------------------------------------------

/// A new assessment.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAssessment {
    /// Municipality code.
    municipality: String,
    /// Year assessed.
    year: i32,
    /// Catalogue key (default `eblomladan-2016`).
    #[serde(default = "default_catalogue")]
    catalogue: String,
}

fn default_catalogue() -> String {
    "eblomladan-2016".to_owned()
}

/// Assessments the caller may see.
#[utoipa::path(get, path = "/api/v1/assessments", responses((status = 200, body = Vec<AssessmentRow>)))]
async fn list_assessments(
    State(state): State<Shared>,
    Extension(caller): Extension<Caller>,
) -> Result<Json<Vec<AssessmentRow>>, ApiError> {
    caller.require_session()?;
    let rows = blocking(&state, move |s| {
        if let Some(r) = &caller.respondent {
            return Ok(vec![s.store.assessment(r.assessment_id)?]);
        }
        let all = s.store.assessments(None)?;
        Ok(all
            .into_iter()
            .filter(|a| allows(caller.role_for(a), Action::ReadAssessment, Facts::default()))
            .collect())
    })
    .await?;
    Ok(Json(rows))
}

/// Creates an assessment (authority of the municipality).
#[utoipa::path(post, path = "/api/v1/assessments", request_body = NewAssessment,
    responses((status = 201, body = AssessmentRow), (status = 403, body = ProblemDetails), (status = 422, body = ProblemDetails)))]
async fn create_assessment(
    State(state): State<Shared>,
    Extension(caller): Extension<Caller>,
    Json(body): Json<NewAssessment>,
) -> Result<Response, ApiError> {
    require(
        caller.role_for_municipality(&body.municipality),
        Action::CreateAssessment,
        Facts::default(),
    )?;
    let catalogue = state.catalogue(&body.catalogue)?;
    // The core checks the municipality code and the year.
    Assessment::new(&catalogue, &body.municipality, body.year)?;
    let actor = caller.actor();
    let (row, _) = blocking(&state, move |s| {
        Ok(s.store
            .create_assessment(&actor, &body.municipality, body.year, &body.catalogue)?)
    })
    .await?;
    Ok((StatusCode::CREATED, Json(row)).into_response())
}

/// An assessment with everything its team needs to see.
#[derive(Serialize, ToSchema)]
pub struct AssessmentView {
    /// The header.
    assessment: AssessmentRow,
    /// The municipality's name.
    municipality_name: Option<String>,
    /// The caller's role towards it.
    #[schema(value_type = String)]
    role: Role,
    /// The caller's own respondent id, when the caller can answer.
    me: Option<i64>,
    /// The respondents.
    respondents: Vec<Respondent>,
    /// Every respondent's answers.
    answers: Vec<AnswerRow>,
    /// The authority's decisions.
    decisions: Vec<DecisionRow>,
    /// The latest audit sequence number (poll `changes?after=` with it).
    head: i64,
    /// The team merge (the core's team report and merged assessment).
    #[schema(value_type = Object)]
    team: Value,
    /// Publications of this assessment.
    publications: Vec<Publication>,
}

async fn load_assessment(state: &Shared, id: i64) -> Result<AssessmentRow, ApiError> {
    blocking(state, move |s| Ok(s.store.assessment(id)?)).await
}

/// The assessment, if the caller may do `action` on it (the common start of a handler).
async fn assessment_for(state: &Shared, caller: &Caller, id: i64, action: Action) -> Result<AssessmentRow, ApiError> {
    let row = load_assessment(state, id).await?;
    require(caller.role_for(&row), action, Facts::default())?;
    Ok(row)
}

/// One assessment: respondents, their answers, decisions, the merge.
#[utoipa::path(get, path = "/api/v1/assessments/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = AssessmentView), (status = 403, body = ProblemDetails), (status = 404, body = ProblemDetails)))]
async fn get_assessment(
    State(state): State<Shared>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<i64>,
) -> Result<Json<AssessmentView>, ApiError> {
    let row = load_assessment(&state, id).await?;
    let role = caller.role_for(&row);
    require(role, Action::ReadAssessment, Facts::default())?;
    let view = blocking(&state, move |s| {
        let me = match (&caller.user, &caller.respondent) {
            (_, Some(r)) if r.permission == "edit" => Some(r.id),
            (Some(u), None) if role == Role::Authority => Some(s.store.user_respondent(id, u.id, &u.name)?),
            _ => None,
        };
        let catalogue = s.catalogue(&row.catalogue)?;
        let respondents = s.store.respondents(id)?;
        let answers = s.store.answers(id)?;
        let decisions = s.store.decisions(id)?;
        let team = crate::teamwork::team_view(&catalogue, &row, &respondents, &answers, &decisions)?;
        Ok(AssessmentView {
            municipality_name: analysis::municipalities::name(&row.municipality).map(str::to_owned),
            head: s.store.audit_head(id)?,
            publications: s.store.publications_of(id)?,
            assessment: row,
            role,
            me,
            respondents,
            answers,
            decisions,
            team,
        })
    })
    .await?;
    Ok(Json(view))
}

/// An answer (or a decision) to write.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerBody {
    /// Answer id (`fully`, `partly`, `not_met`), or null to clear.
    answer: Option<String>,
    /// Comment.
    #[serde(default)]
    comment: Option<String>,
}

/// The revision after a write.
#[derive(Serialize, ToSchema)]
pub struct Written {
    /// The new revision (also the `ETag`).
    revision: i64,
}

fn if_match(headers: &HeaderMap) -> Result<i64, ApiError> {
    let raw = headers
        .get(header::IF_MATCH)
        .and_then(|v| v.to_str().ok())
        .ok_or(ApiError::PreconditionRequired)?;
    raw.trim()
        .trim_start_matches("W/")
        .trim_matches('"')
        .parse::<i64>()
        .ok()
        .filter(|r| *r >= 0)
        .ok_or_else(|| {
            ApiError::invalid(
                "If-Match",
                format!("{raw:?} is not a revision; expected \"0\", \"1\", …"),
            )
        })
}

fn check_answer(
    catalogue: &Arc<Catalogue>,
    row: &AssessmentRow,
    indicator: &str,
    body: &AnswerBody,
) -> Result<(), ApiError> {
    // The core's own checks of indicator ids and answers, with its messages.
    let mut probe = Assessment::new(catalogue, &row.municipality, row.year)?;
    match &body.answer {
        Some(a) => probe.answer(indicator, a)?,
        None => probe.clear(indicator)?,
    }
    if let Some(c) = &body.comment {
        if c.chars().count() > MAX_COMMENT {
            return Err(ApiError::invalid(
                "$.comment",
                format!("longer than {MAX_COMMENT} characters"),
            ));
        }
    }
    Ok(())
}

fn written(revision: i64) -> Response {
    let mut r = Json(Written { revision }).into_response();
    if let Ok(v) = HeaderValue::from_str(&format!("\"{revision}\"")) {
        r.headers_mut().insert(header::ETAG, v);
    }
    r
}

fn conflict(e: ApiError, based_on: i64) -> ApiError {
    match e {
        ApiError::Conflict {
            current_revision,
            current,
            ..
        } => ApiError::Conflict {
            based_on,
            current_revision,
            current,
        },
        other => other,
    }
}

/// Writes the caller's answer to one indicator. `If-Match` names the revision it was based on
/// (`"0"` for a first answer); a stale one gets 409 with the current value.
#[utoipa::path(put, path = "/api/v1/assessments/{id}/answers/{indicator}", request_body = AnswerBody,
    params(("id" = i64, Path), ("indicator" = String, Path), ("If-Match" = String, Header, description = "revision the write is based on")),
    responses((status = 200, body = Written), (status = 403, body = ProblemDetails), (status = 409, body = ProblemDetails),
        (status = 422, body = ProblemDetails), (status = 428, body = ProblemDetails)))]
async fn put_answer(
    State(state): State<Shared>,
    Extension(caller): Extension<Caller>,
    Path((id, indicator)): Path<(i64, String)>,
    headers: HeaderMap,
    Json(body): Json<AnswerBody>,
) -> Result<Response, ApiError> {
    let based_on = if_match(&headers);
    let actor = caller.actor();
    // One trip to the database workers for the whole write (load, permission, write): each trip
    // is a wait for a worker, and this is the request the service sees most.
    let revision = blocking(&state, move |s| {
        let row = s.store.assessment(id)?;
        let role = caller.role_for(&row);
        let catalogue = s.catalogue(&row.catalogue)?;
        require(role, Action::ReadAssessment, Facts::default())?;
        check_answer(&catalogue, &row, &indicator, &body)?;
        let in_scope = match &caller.respondent {
            Some(r) => crate::teamwork::in_scope(&catalogue, r.scope.as_ref(), &indicator)?,
            None => true,
        };
        require(
            role,
            Action::WriteAnswer,
            Facts {
                in_scope,
                published_own: false,
            },
        )?;
        let based_on = based_on?;
        let respondent = match (&caller.respondent, &caller.user) {
            (Some(r), _) => r.id,
            (None, Some(u)) => s.store.user_respondent(id, u.id, &u.name)?,
            (None, None) => return Err(ApiError::Unauthenticated),
        };
        let write = AnswerWrite {
            answer: body.answer,
            comment: body.comment,
            based_on,
        };
        s.store
            .put_answer(&actor, id, respondent, &indicator, &write)
            .map_err(|e| conflict(e.into(), based_on))
    })
    .await?;
    Ok(written(revision))
}

/// Decides a disagreement (authority); `answer: null` takes the decision back.
#[utoipa::path(put, path = "/api/v1/assessments/{id}/decisions/{indicator}", request_body = AnswerBody,
    params(("id" = i64, Path), ("indicator" = String, Path), ("If-Match" = String, Header)),
    responses((status = 200, body = Written), (status = 403, body = ProblemDetails), (status = 409, body = ProblemDetails)))]
async fn put_decision(
    State(state): State<Shared>,
    Extension(caller): Extension<Caller>,
    Path((id, indicator)): Path<(i64, String)>,
    headers: HeaderMap,
    Json(body): Json<AnswerBody>,
) -> Result<Response, ApiError> {
    let row = assessment_for(&state, &caller, id, Action::Decide).await?;
    let catalogue = state.catalogue(&row.catalogue)?;
    check_answer(&catalogue, &row, &indicator, &body)?;
    let based_on = if_match(&headers)?;
    let actor = caller.actor();
    let revision = blocking(&state, move |s| {
        let write = AnswerWrite {
            answer: body.answer,
            comment: body.comment,
            based_on,
        };
        s.store
            .put_decision(&actor, id, &indicator, &write)
            .map_err(|e| conflict(e.into(), based_on))
    })
    .await?;
    Ok(written(revision))
}

/// Where a poller left off.
#[derive(Deserialize, IntoParams)]
pub struct After {
    /// The last audit sequence number seen (0: from the start).
    #[serde(default)]
    after: i64,
}

/// Changes since `after` (the page polls this to show what others changed).
#[utoipa::path(get, path = "/api/v1/assessments/{id}/changes", params(("id" = i64, Path), After),
    responses((status = 200, body = Vec<AuditEntry>)))]
async fn changes(
    State(state): State<Shared>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<i64>,
    Query(q): Query<After>,
) -> Result<Json<Vec<AuditEntry>>, ApiError> {
    assessment_for(&state, &caller, id, Action::ReadAssessment).await?;
    let log = blocking(&state, move |s| Ok(s.store.audit_log(Some(id), q.after)?)).await?;
    // Respondents see what changed in answers and decisions, not the invitation history.
    let keep = |e: &AuditEntry| matches!(e.entity.as_str(), "answer" | "decision" | "respondent" | "publication");
    Ok(Json(log.into_iter().filter(keep).collect()))
}

/// The whole audit log of an assessment (authority, administrator).
#[utoipa::path(get, path = "/api/v1/assessments/{id}/audit", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<AuditEntry>)))]
async fn audit_log(
    State(state): State<Shared>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<i64>,
) -> Result<Json<Vec<AuditEntry>>, ApiError> {
    assessment_for(&state, &caller, id, Action::ReadAudit).await?;
    Ok(Json(
        blocking(&state, move |s| Ok(s.store.audit_log(Some(id), 0)?)).await?,
    ))
}

// ---- invitations ----------------------------------------------------------------------------

/// A new invitation.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewInvitation {
    /// `edit` or `view`.
    permission: String,
    /// Scope of an edit link: `{"areas": […], "levels": […], "indicators": […]}`; absent: the
    /// whole catalogue.
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    scope: Option<Value>,
    /// A label for the overview (e.g. the department invited).
    #[serde(default)]
    label: String,
    /// Days until the link expires (1–90, default 14).
    #[serde(default)]
    expires_in_days: Option<u32>,
}

/// A created invitation; `token` is shown once and never stored.
#[derive(Serialize, ToSchema)]
pub struct CreatedInvitation {
    invitation: Invitation,
    /// The secret of the link.
    token: String,
    /// The link to hand out (the token sits in the fragment, which browsers never send).
    link: String,
}

/// Invites a respondent (authority).
#[utoipa::path(post, path = "/api/v1/assessments/{id}/invitations", request_body = NewInvitation, params(("id" = i64, Path)),
    responses((status = 201, body = CreatedInvitation), (status = 403, body = ProblemDetails), (status = 422, body = ProblemDetails)))]
async fn invite(
    State(state): State<Shared>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<i64>,
    Json(body): Json<NewInvitation>,
) -> Result<Response, ApiError> {
    let row = assessment_for(&state, &caller, id, Action::Invite).await?;
    if body.permission != "edit" && body.permission != "view" {
        return Err(ApiError::invalid(
            "$.permission",
            format!("unknown permission {:?}; expected edit or view", body.permission),
        ));
    }
    let catalogue = state.catalogue(&row.catalogue)?;
    let scope = crate::teamwork::check_scope(&catalogue, body.scope)?;
    let label = short_text("$.label", &body.label, false)?;
    let days = body.expires_in_days.unwrap_or(14);
    if !(1..=90).contains(&days) {
        return Err(ApiError::invalid("$.expires_in_days", "expected 1 to 90 days"));
    }
    let actor = caller.actor();
    let token = auth::token();
    let hash = auth::token_hash(&token);
    let invitation = blocking(&state, move |s| {
        let expires = now_ms() + i64::from(days) * 86_400_000;
        Ok(s.store
            .create_invitation(&actor, id, &hash, &body.permission, scope.as_ref(), &label, expires)?)
    })
    .await?;
    let link = format!("/invite#{token}");
    Ok((
        StatusCode::CREATED,
        Json(CreatedInvitation {
            invitation,
            token,
            link,
        }),
    )
        .into_response())
}

/// Invitations of an assessment (authority).
#[utoipa::path(get, path = "/api/v1/assessments/{id}/invitations", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<Invitation>)))]
async fn list_invitations(
    State(state): State<Shared>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<i64>,
) -> Result<Json<Vec<Invitation>>, ApiError> {
    assessment_for(&state, &caller, id, Action::Invite).await?;
    Ok(Json(blocking(&state, move |s| Ok(s.store.invitations(id)?)).await?))
}

/// Revokes an invitation; its respondents' sessions end at once (authority).
#[utoipa::path(delete, path = "/api/v1/assessments/{id}/invitations/{invitation}",
    params(("id" = i64, Path), ("invitation" = i64, Path)), responses((status = 204), (status = 403, body = ProblemDetails)))]
async fn revoke(
    State(state): State<Shared>,
    Extension(caller): Extension<Caller>,
    Path((id, invitation)): Path<(i64, i64)>,
) -> Result<Response, ApiError> {
    assessment_for(&state, &caller, id, Action::Revoke).await?;
    let actor = caller.actor();
    blocking(&state, move |s| {
        Ok(s.store.revoke_invitation(&actor, id, invitation)?)
    })
    .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Accepting an invitation.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Accept {
    /// The link's secret.
    token: String,
    /// The respondent's name.
    name: String,
    /// Their department.
    department: String,
}

/// Accepts an invitation: the respondent gives name and department and gets a session for
/// this assessment only.
#[utoipa::path(post, path = "/api/v1/invitations/accept", request_body = Accept,
    responses((status = 200, body = Me), (status = 404, body = ProblemDetails), (status = 422, body = ProblemDetails)))]
async fn accept_invitation(State(state): State<Shared>, Json(body): Json<Accept>) -> Result<Response, ApiError> {
    let name = short_text("$.name", &body.name, true)?;
    let department = short_text("$.department", &body.department, true)?;
    let (cookie, me) = blocking(&state, move |s| {
        let invitation = s
            .store
            .invitation_by_hash(&auth::token_hash(&body.token))?
            .filter(|i| i.revoked_at.is_none() && i.expires_at > now_ms())
            // Unknown, expired and revoked links look the same to the holder.
            .ok_or_else(|| ApiError::NotFound("invitation (unknown, expired or revoked)".into()))?;
        let respondent = s.store.accept_invitation(&invitation, &name, &department)?;
        let expires = (now_ms() + s.config.session_ttl.as_millis() as i64).min(invitation.expires_at);
        start_session(s, None, Some(respondent), expires)
    })
    .await?;
    Ok(([(header::SET_COOKIE, cookie)], Json(me)).into_response())
}

// ---- publishing -----------------------------------------------------------------------------

/// Publishes the merged assessment as a new frozen version (authority). Needs every indicator
/// answered in the merge (open disagreements decided).
#[utoipa::path(post, path = "/api/v1/assessments/{id}/publications", params(("id" = i64, Path)),
    responses((status = 201, body = Publication), (status = 403, body = ProblemDetails), (status = 409, body = ProblemDetails)))]
async fn publish(
    State(state): State<Shared>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let row = assessment_for(&state, &caller, id, Action::Publish).await?;
    let actor = caller.actor();
    let publication = blocking(&state, move |s| {
        let catalogue = s.catalogue(&row.catalogue)?;
        let merged = crate::teamwork::merged(
            &catalogue,
            &row,
            &s.store.respondents(id)?,
            &s.store.answers(id)?,
            &s.store.decisions(id)?,
        )?;
        let missing = merged.catalogue().indicators().len() - merged.answered();
        if missing > 0 {
            return Err(ApiError::State(format!(
                "the merged assessment has {missing} indicators without an answer (unanswered or open disagreements); publishing needs a complete one"
            )));
        }
        Ok(s.store
            .publish(&actor, Some(id), &row.municipality, row.year, &row.catalogue, &merged.to_json(), false)?)
    })
    .await?;
    warm_national(&state, publication.catalogue.clone());
    Ok((StatusCode::CREATED, Json(publication)).into_response())
}

/// The publications of an assessment.
#[utoipa::path(get, path = "/api/v1/assessments/{id}/publications", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<Publication>)))]
async fn list_publications(
    State(state): State<Shared>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<i64>,
) -> Result<Json<Vec<Publication>>, ApiError> {
    assessment_for(&state, &caller, id, Action::ReadAssessment).await?;
    Ok(Json(blocking(&state, move |s| Ok(s.store.publications_of(id)?)).await?))
}

/// Withdraws a publication (authority of its municipality, administrator).
#[utoipa::path(post, path = "/api/v1/publications/{id}/withdraw", params(("id" = i64, Path)),
    responses((status = 204), (status = 403, body = ProblemDetails)))]
async fn withdraw(
    State(state): State<Shared>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let publication = blocking(&state, move |s| Ok(s.store.publication(id)?)).await?;
    require(
        caller.role_for_municipality(&publication.municipality),
        Action::Withdraw,
        Facts::default(),
    )?;
    let actor = caller.actor();
    blocking(&state, move |s| Ok(s.store.withdraw(&actor, id)?)).await?;
    warm_national(&state, publication.catalogue.clone());
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Whether the caller may see national figures and other municipalities' publications of a
/// catalogue: an administrator always, an authority once one of its municipalities has a live
/// publication of that catalogue.
fn national_role(state: &crate::app::AppState, caller: &Caller, catalogue: &str) -> Result<(Role, Facts), ApiError> {
    let Some(user) = &caller.user else {
        return Ok((
            if caller.respondent.is_some() {
                Role::Viewer
            } else {
                Role::Anonymous
            },
            Facts::default(),
        ));
    };
    let mut published_own = false;
    for m in &user.authorities {
        if state.store.has_published(m, catalogue)? {
            published_own = true;
        }
    }
    let role = if !user.authorities.is_empty() {
        Role::Authority
    } else if user.admin {
        Role::Admin
    } else {
        Role::Member
    };
    Ok((
        role,
        Facts {
            in_scope: false,
            published_own,
        },
    ))
}

/// One published assessment (its own municipality; others once the caller has published).
#[utoipa::path(get, path = "/api/v1/publications/{id}", params(("id" = i64, Path)),
    responses((status = 200, description = "the frozen assessment file"), (status = 403, body = ProblemDetails)))]
async fn get_publication(
    State(state): State<Shared>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let document = blocking(&state, move |s| {
        let p = s.store.publication(id)?;
        let own = caller.role_for_municipality(&p.municipality) == Role::Authority;
        if !own {
            let (role, facts) = national_role(s, &caller, &p.catalogue)?;
            require(role, Action::ViewNational, facts)?;
        }
        Ok(p.document)
    })
    .await?;
    Ok(([(header::CONTENT_TYPE, "application/json")], document).into_response())
}

/// The national compilation with what the page shows.
pub struct National {
    /// The JSON answer without the caller's own comparisons and without the groups'
    /// per-indicator figures (what the page shows), serialised once.
    pub summary_body: String,
    /// The same with every group's per-indicator figures (`detail=full`), serialised on first
    /// use: it is the larger part of the work and rarely asked for.
    full_body: std::sync::OnceLock<String>,
    /// The answer's fields but `compilation` and `municipalities`.
    header: Value,
    /// `municipalities`, serialised.
    municipalities: String,
    /// The compilation (for the downloads and comparisons).
    pub compilation: Compilation,
    /// The latest published assessments that went into it.
    pub assessments: Vec<Arc<ParsedPublication>>,
}

/// The answer's text: `header` with `compilation` and the serialised `municipalities` (the
/// longest part, serialised once for both bodies) appended as its last fields.
fn national_body(header: &Value, compilation: &Value, municipalities: &str) -> Result<String, ApiError> {
    let head = serde_json::to_string(header).map_err(|e| ApiError::Internal(e.to_string()))?;
    let compilation = serde_json::to_string(compilation).map_err(|e| ApiError::Internal(e.to_string()))?;
    let open = head.strip_suffix('}').unwrap_or(&head);
    let sep = if open.ends_with('{') { "" } else { "," };
    Ok(format!(
        "{open}{sep}\"compilation\":{compilation},\"municipalities\":{municipalities}}}"
    ))
}

impl National {
    /// The answer with every group's per-indicator figures.
    pub fn full_body(&self) -> Result<&str, ApiError> {
        if let Some(body) = self.full_body.get() {
            return Ok(body);
        }
        let body = national_body(&self.header, &self.compilation.to_value(), &self.municipalities)?;
        Ok(self.full_body.get_or_init(|| body))
    }
}

/// A published version as the national page uses it, read and scored once per publication
/// (publications are frozen, so this never goes stale).
pub struct ParsedPublication {
    /// The assessment file.
    pub assessment: Assessment,
    /// Its line in the page's `municipalities`, serialised.
    pub entry: String,
}

fn parse_publication(p: &Publication, catalogue: &Arc<Catalogue>) -> Result<ParsedPublication, ApiError> {
    let assessment = Assessment::from_json(&p.document, catalogue)?;
    let score = assessment.score().result();
    let entry = json!({
        "publication": p.id,
        "municipality": p.municipality,
        "name": analysis::municipalities::name(&p.municipality),
        "county": assessment.county(),
        "year": p.year,
        "version": p.version,
        "synthetic": p.synthetic,
        "points": score.points,
        "max_points": score.max_points,
        "areas": score.areas.0.iter().map(|(k, v)| (k.clone(), json!({"score": v.score, "colour": v.colour}))).collect::<serde_json::Map<_, _>>(),
    });
    let entry = serde_json::to_string(&entry).map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(ParsedPublication { assessment, entry })
}

/// Which compilation.
#[derive(Deserialize, IntoParams)]
pub struct NationalQuery {
    /// Catalogue key (default `eblomladan-2016`).
    #[serde(default = "default_catalogue")]
    catalogue: String,
    /// Only this year (default: every year, each municipality's latest version per year).
    year: Option<i32>,
    /// Language of the workbook (`sv`, `en`).
    lang: Option<String>,
    /// `full`: every group's per-indicator figures too (the page needs only the national ones;
    /// the CSV and Excel downloads always have everything).
    detail: Option<String>,
}

fn cached_national(state: &crate::app::AppState, key: &(String, Option<i32>), stamp: i64) -> Option<Arc<National>> {
    let cache = state.national_cache.lock().unwrap_or_else(|p| p.into_inner());
    cache.get(key).filter(|(s, _)| *s == stamp).map(|(_, n)| Arc::clone(n))
}

/// The national compilation of a catalogue (and year), from the cache while no publication has
/// been added or withdrawn since it was built. A rebuild reads and scores only publications it
/// has not seen before; the rest is the compilation itself and its JSON. Publishing warms the
/// cache in the background ([`warm_national`]), so readers rarely wait for a rebuild.
pub fn build_national(
    state: &crate::app::AppState,
    catalogue_key: &str,
    year: Option<i32>,
) -> Result<Arc<National>, ApiError> {
    let key = (catalogue_key.to_owned(), year);
    let stamp = state.store.publication_stamp()?;
    if let Some(n) = cached_national(state, &key, stamp) {
        return Ok(n);
    }
    // One build at a time: a request that arrives while the warm-up after a publication runs
    // waits for it and takes its result instead of doing the same work on the same cores.
    let _building = state.national_build.lock().unwrap_or_else(|p| p.into_inner());
    let stamp = state.store.publication_stamp()?;
    if let Some(n) = cached_national(state, &key, stamp) {
        return Ok(n);
    }
    let started = std::time::Instant::now();
    let catalogue = state.catalogue(catalogue_key)?;
    let heads: Vec<Publication> = state
        .store
        .latest_publication_heads(catalogue_key)?
        .into_iter()
        .filter(|p| year.is_none_or(|y| p.year == y))
        .collect();
    if heads.is_empty() {
        return Err(ApiError::NotFound(format!("published assessments of {catalogue_key}")));
    }
    let t_heads = started.elapsed();
    let mut fresh = 0;
    let mut assessments = Vec::with_capacity(heads.len());
    for head in &heads {
        let known = state
            .parsed_publications
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&head.id)
            .cloned();
        let parsed = match known {
            Some(p) => p,
            None => {
                fresh += 1;
                let parsed = Arc::new(parse_publication(&state.store.publication(head.id)?, &catalogue)?);
                state
                    .parsed_publications
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .insert(head.id, Arc::clone(&parsed));
                parsed
            }
        };
        assessments.push(parsed);
    }
    let t_read = started.elapsed();
    let compilation = analysis::compile(
        assessments.iter().map(|p| &p.assessment),
        &CompileOptions::new().by(Grouping::County).top(10),
    )?;
    let t_compile = started.elapsed();
    let synthetic = heads.iter().filter(|p| p.synthetic).count();
    let header = json!({
        "catalogue": catalogue_key,
        "year": year,
        "published": heads.len(),
        "synthetic": synthetic,
        "note": if synthetic > 0 { Some("Contains synthetic (invented) demo assessments, not real municipalities' answers.") } else { None },
    });
    let mut municipalities = String::with_capacity(assessments.iter().map(|p| p.entry.len() + 1).sum::<usize>() + 2);
    municipalities.push('[');
    for (i, p) in assessments.iter().enumerate() {
        if i > 0 {
            municipalities.push(',');
        }
        municipalities.push_str(&p.entry);
    }
    municipalities.push(']');
    let mut summary = compilation.to_value();
    if let Some(groups) = summary["groups"].as_object_mut() {
        for group in groups.values_mut() {
            if let Some(g) = group.as_object_mut() {
                g.remove("indicators");
            }
        }
    }
    let national = Arc::new(National {
        summary_body: national_body(&header, &summary, &municipalities)?,
        full_body: std::sync::OnceLock::new(),
        header,
        municipalities,
        compilation,
        assessments,
    });
    tracing::debug!(
        catalogue = catalogue_key,
        published = heads.len(),
        fresh,
        heads_ms = t_heads.as_secs_f64() * 1e3,
        read_ms = (t_read - t_heads).as_secs_f64() * 1e3,
        compile_ms = (t_compile - t_read).as_secs_f64() * 1e3,
        json_ms = (started.elapsed() - t_compile).as_secs_f64() * 1e3,
        bytes = national.summary_body.len(),
        "national compilation built"
    );
    state
        .national_cache
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(key, (stamp, Arc::clone(&national)));
    Ok(national)
}

/// Rebuilds, in the background, the national compilations of `catalogue` that a change of its
/// publications made stale: every year (the page's default) and each single year someone has
/// asked for since the start, so that the first reader after a publication finds them ready.
pub fn warm_national(state: &Shared, catalogue: String) {
    let state = Arc::clone(state);
    tokio::task::spawn_blocking(move || {
        let mut years: Vec<Option<i32>> = state
            .national_cache
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .keys()
            .filter(|(c, y)| *c == catalogue && y.is_some())
            .map(|(_, y)| *y)
            .collect();
        years.insert(0, None);
        for year in years {
            // A failure here only means the next reader builds it, and reports the problem.
            if let Err(e) = build_national(&state, &catalogue, year) {
                tracing::debug!(error = %e, "national warm-up");
            }
        }
    });
}

async fn national_for(state: &Shared, caller: Caller, q: &NationalQuery) -> Result<(Arc<National>, Caller), ApiError> {
    let catalogue = q.catalogue.clone();
    let year = q.year;
    blocking_long(state, move |s| {
        let (role, facts) = national_role(s, &caller, &catalogue)?;
        require(role, Action::ViewNational, facts)?;
        Ok((build_national(s, &catalogue, year)?, caller))
    })
    .await
}

/// The national compilation (by county, top and bottom 10) of the latest published version of
/// each municipality and year, every published municipality's result, and the caller's own
/// municipalities against the nation and their county.
#[utoipa::path(get, path = "/api/v1/national", params(NationalQuery),
    responses((status = 200, description = "compilation, municipalities, own comparisons"), (status = 403, body = ProblemDetails)))]
async fn national(
    State(state): State<Shared>,
    Extension(caller): Extension<Caller>,
    Query(q): Query<NationalQuery>,
) -> Result<Response, ApiError> {
    let (national, caller) = national_for(&state, caller, &q).await?;
    let cached = if q.detail.as_deref() == Some("full") {
        national.full_body()?
    } else {
        &national.summary_body
    };
    let own: Vec<&str> = caller
        .user
        .as_ref()
        .map(|u| u.authorities.iter().map(String::as_str).collect())
        .unwrap_or_default();
    let mut comparisons = Vec::new();
    for a in national
        .assessments
        .iter()
        .map(|p| &p.assessment)
        .filter(|a| own.contains(&a.municipality()))
    {
        comparisons.push(analysis::compare(a, &national.compilation)?.to_value());
    }
    // The cached body is an object: the caller's comparisons go in front of its fields.
    let own = serde_json::to_string(&comparisons).map_err(|e| ApiError::Internal(e.to_string()))?;
    let body = format!("{{\"own\":{own},{}", cached.get(1..).unwrap_or("}"));
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

/// The national compilation as CSV.
#[utoipa::path(get, path = "/api/v1/national.csv", params(NationalQuery), responses((status = 200, content_type = "text/csv")))]
async fn national_csv(
    State(state): State<Shared>,
    Extension(caller): Extension<Caller>,
    Query(q): Query<NationalQuery>,
) -> Result<Response, ApiError> {
    let (national, _) = national_for(&state, caller, &q).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"national.csv\""),
        ],
        national.compilation.to_csv(),
    )
        .into_response())
}

/// The national compilation as an Excel workbook.
#[utoipa::path(get, path = "/api/v1/national.xlsx", params(NationalQuery),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))]
async fn national_xlsx(
    State(state): State<Shared>,
    Extension(caller): Extension<Caller>,
    Query(q): Query<NationalQuery>,
) -> Result<Response, ApiError> {
    let lang = if q.lang.as_deref() == Some("en") { "en" } else { "sv" };
    let (national, _) = national_for(&state, caller, &q).await?;
    let catalogue = state.catalogue(&q.catalogue)?;
    let bytes = analysis::xlsx::compilation_workbook(&national.compilation, &catalogue, lang)?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"national.xlsx\""),
        ],
        bytes,
    )
        .into_response())
}

/// The OpenAPI description.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "eBlomlådan service",
        description = "Teams, publishing and the national compilation of eBlomlådan assessments. Every state-changing request carries the session's X-CSRF-Token; errors are RFC 9457 problem details."
    ),
    paths(
        health,
        sign_in,
        whoami,
        sign_out,
        create_user,
        request_authority,
        list_requests,
        grant_authority,
        list_assessments,
        create_assessment,
        get_assessment,
        put_answer,
        put_decision,
        changes,
        audit_log,
        invite,
        list_invitations,
        revoke,
        accept_invitation,
        publish,
        list_publications,
        withdraw,
        get_publication,
        national,
        national_csv,
        national_xlsx
    )
)]
pub struct ApiDoc;
