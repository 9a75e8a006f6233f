//! The service: shared state, the router, and the layers every request passes through
//! (security headers, size limit, timeout, tracing, who is calling, CSRF).

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderName, HeaderValue, Method};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use eblomlada::Catalogue;
use ipnet::IpNet;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::auth;
use crate::policy::Role;
use crate::problem::ApiError;
use crate::storage::{AssessmentRow, Respondent, Store, User};

/// Settings of a running service.
#[derive(Debug, Clone)]
pub struct Config {
    /// Mark cookies `Secure` (set when the service is reached over TLS, directly or through a
    /// proxy).
    pub secure_cookies: bool,
    /// How long a session lives.
    pub session_ttl: Duration,
    /// Origins (scheme://host:port) allowed on state-changing requests besides the request's
    /// own `Host`.
    pub allowed_origins: Vec<String>,
    /// The built `bindings-wasm/pkg` folder served under `/pkg/` (the `<eblom-flowerbox>`
    /// element); without it the assessment page offers plain form controls.
    pub pkg_dir: Option<PathBuf>,
    /// Largest accepted request body.
    pub body_limit: usize,
    /// Longest a request may take.
    pub request_timeout: Duration,
    /// Failed sign-ins per account within the window before refusing.
    pub throttle_account: i64,
    /// Failed sign-ins per client address within the window before refusing.
    pub throttle_address: i64,
    /// The throttling window.
    pub throttle_window: Duration,
    /// Single sign-on through a reverse proxy: the request header that carries the signed-in
    /// account name (off by default).
    pub sso_header: Option<HeaderName>,
    /// The reverse proxies (addresses or networks) whose headers are believed: the SSO header,
    /// and `X-Forwarded-For` for the client's address (sign-in throttling per address). Empty:
    /// no header is believed and the peer is the client.
    pub trusted_proxies: Vec<IpNet>,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            secure_cookies: false,
            session_ttl: Duration::from_secs(8 * 3600),
            allowed_origins: Vec::new(),
            pkg_dir: None,
            body_limit: 256 * 1024,
            request_timeout: Duration::from_secs(15),
            throttle_account: 5,
            throttle_address: 50,
            throttle_window: Duration::from_secs(15 * 60),
            sso_header: None,
            trusted_proxies: Vec::new(),
        }
    }
}

/// Cached national compilations: (catalogue, year) → (publication stamp, compilation).
pub type NationalCache = HashMap<(String, Option<i32>), (i64, Arc<crate::api::National>)>;

/// The state every handler sees.
pub struct AppState {
    /// The database.
    pub store: Store,
    /// Settings.
    pub config: Config,
    /// The built-in catalogues by key.
    pub catalogues: HashMap<String, Arc<Catalogue>>,
    /// National compilations by (catalogue, year, publication stamp): rebuilt only after a
    /// publication or withdrawal.
    pub national_cache: Mutex<NationalCache>,
    /// Held while a national compilation is built (see [`crate::api::build_national`]).
    pub national_build: Mutex<()>,
    /// Published versions read and scored once, by publication id (they are frozen).
    pub parsed_publications: Mutex<HashMap<i64, Arc<crate::api::ParsedPublication>>>,
    /// Admission to the database workers (see [`blocking`]).
    pub db_slots: tokio::sync::Semaphore,
    /// Live sessions already looked up: token hash → (the store's identity generation then, the
    /// session's expiry, the caller). Every API request names its session, and the lookup was a
    /// trip to the database workers and three queries; an entry is believed only while the
    /// generation is unchanged (sign-out, revocation and grants bump it) and the session has not
    /// expired.
    pub sessions: Mutex<HashMap<String, (u64, i64, Caller)>>,
}

/// Most sessions kept in [`AppState::sessions`]; past it the cache starts again empty (only
/// sessions that exist are cached, so this bounds memory, not correctness).
const SESSION_CACHE: usize = 20_000;

impl AppState {
    fn cached_caller(&self, hash: &str) -> Option<Caller> {
        let cache = self.sessions.lock().unwrap_or_else(|p| p.into_inner());
        let (generation, expires_at, caller) = cache.get(hash)?;
        (*generation == self.store.identity_generation() && *expires_at > crate::storage::now_ms())
            .then(|| caller.clone())
    }

    fn cache_caller(&self, hash: String, generation: u64, expires_at: i64, caller: &Caller) {
        let mut cache = self.sessions.lock().unwrap_or_else(|p| p.into_inner());
        if cache.len() >= SESSION_CACHE {
            cache.clear();
        }
        cache.insert(hash, (generation, expires_at, caller.clone()));
    }
}

/// Shared state.
pub type Shared = Arc<AppState>;

impl AppState {
    /// State over an open store.
    pub fn new(store: Store, config: Config) -> AppState {
        let catalogues = Catalogue::builtin_keys()
            .into_iter()
            .filter_map(|k| Catalogue::builtin(k).ok().map(|c| (k.to_owned(), Arc::new(c))))
            .collect();
        AppState {
            store,
            config,
            catalogues,
            national_cache: Mutex::new(HashMap::new()),
            national_build: Mutex::new(()),
            parsed_publications: Mutex::new(HashMap::new()),
            db_slots: tokio::sync::Semaphore::new(DB_SLOTS),
            sessions: Mutex::new(HashMap::new()),
        }
    }

    /// A built-in catalogue.
    pub fn catalogue(&self, key: &str) -> Result<Arc<Catalogue>, ApiError> {
        self.catalogues.get(key).cloned().ok_or_else(|| {
            let mut known: Vec<&str> = self.catalogues.keys().map(String::as_str).collect();
            known.sort_unstable();
            ApiError::invalid(
                "$.catalogue",
                format!("unknown catalogue {key:?}; expected one of {}", known.join(", ")),
            )
        })
    }
}

/// How many database jobs run at once. The connection is one (SQLite serialises writers
/// anyway); letting every waiting request onto its own blocking thread only made them queue on
/// the connection's mutex, sleeping and waking in turn (context switches were half the CPU under
/// load). A few slots keep the threads busy while the rest wait as cheap async tasks.
const DB_SLOTS: usize = 2;

/// Runs blocking storage work off the async threads.
pub async fn blocking<T, F>(state: &Shared, f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&AppState) -> Result<T, ApiError> + Send + 'static,
{
    let _slot = state
        .db_slots
        .acquire()
        .await
        .map_err(|e| ApiError::Internal(format!("database workers closed: {e}")))?;
    let state = Arc::clone(state);
    tokio::task::spawn_blocking(move || f(&state))
        .await
        .map_err(|e| ApiError::Internal(format!("worker failed: {e}")))?
}

/// Runs long, mostly computing work that takes the connection only now and then (the national
/// compilation) off the async threads and outside the database slots of [`blocking`], so that
/// answer writes do not queue behind it.
pub async fn blocking_long<T, F>(state: &Shared, f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&AppState) -> Result<T, ApiError> + Send + 'static,
{
    let state = Arc::clone(state);
    tokio::task::spawn_blocking(move || f(&state))
        .await
        .map_err(|e| ApiError::Internal(format!("worker failed: {e}")))?
}

/// Who is calling, worked out once per request from the session cookie.
#[derive(Debug, Clone, Default)]
pub struct Caller {
    /// The signed-in account.
    pub user: Option<User>,
    /// The respondent of an invitation session.
    pub respondent: Option<Respondent>,
    /// Hash of the session token (to sign out).
    pub token_hash: Option<String>,
    /// The session's CSRF token.
    pub csrf: Option<String>,
}

impl Caller {
    /// Refuses a caller without a session.
    pub fn require_session(&self) -> Result<(), ApiError> {
        if self.user.is_none() && self.respondent.is_none() {
            return Err(ApiError::Unauthenticated);
        }
        Ok(())
    }

    /// The caller's role towards an assessment.
    pub fn role_for(&self, assessment: &AssessmentRow) -> Role {
        if let Some(r) = &self.respondent {
            if r.assessment_id == assessment.id {
                return if r.permission == "edit" {
                    Role::Editor
                } else {
                    Role::Viewer
                };
            }
            return Role::Anonymous;
        }
        self.role_for_municipality(&assessment.municipality)
    }

    /// The caller's role towards a municipality.
    pub fn role_for_municipality(&self, municipality: &str) -> Role {
        match &self.user {
            None => Role::Anonymous,
            Some(u) if u.authorities.iter().any(|m| m == municipality) => Role::Authority,
            Some(u) if u.admin => Role::Admin,
            Some(_) => Role::Member,
        }
    }

    /// The audit log's name for the caller.
    pub fn actor(&self) -> crate::storage::Actor {
        match (&self.user, &self.respondent) {
            (Some(u), _) => crate::storage::Actor::User {
                id: u.id,
                name: u.name.clone(),
            },
            (None, Some(r)) => crate::storage::Actor::Respondent {
                id: r.id,
                name: r.name.clone(),
            },
            (None, None) => crate::storage::Actor::System,
        }
    }
}

/// Who is on the other end: the client's address (for throttling; from `X-Forwarded-For` when
/// the peer is a trusted proxy) and the peer's own address (for the SSO proxy check).
#[derive(Debug, Clone)]
pub struct ClientAddr(pub String, pub Option<IpAddr>);

impl Config {
    /// Whether `ip` is one of the trusted reverse proxies.
    pub fn trusts(&self, ip: IpAddr) -> bool {
        self.trusted_proxies.iter().any(|net| net.contains(&ip))
    }
}

/// The client's address as the throttling counts it. From a trusted proxy, `X-Forwarded-For`
/// is read from the right: each proxy appends the address it received the request from, so the
/// rightmost address that is not itself a trusted proxy is the client as the outermost trusted
/// proxy saw it; anything to its left came from the client and is ignored. From any other peer,
/// or when no proxy is trusted, the header is ignored.
pub fn client_address(config: &Config, peer: Option<IpAddr>, forwarded: &[&str]) -> String {
    let Some(peer) = peer else {
        return "unknown".to_owned();
    };
    if !config.trusts(peer) {
        return peer.to_string();
    }
    let hops = forwarded
        .iter()
        .flat_map(|h| h.split(','))
        .map(str::trim)
        .filter(|h| !h.is_empty());
    let mut client = peer;
    for hop in hops.collect::<Vec<_>>().into_iter().rev() {
        let Ok(ip) = hop.parse::<IpAddr>() else {
            // Not an address (a proxy that writes ports or names): the last trusted hop is the
            // best that is known.
            break;
        };
        client = ip;
        if !config.trusts(ip) {
            break;
        }
    }
    client.to_string()
}

fn unsafe_method(m: &Method) -> bool {
    !matches!(*m, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Whether an `Origin` is the service itself (same host) or explicitly allowed.
fn origin_allowed(config: &Config, origin: &str, host: Option<&str>) -> bool {
    if config.allowed_origins.iter().any(|o| o == origin) {
        return true;
    }
    let Some(host) = host else { return false };
    origin == format!("http://{host}") || origin == format!("https://{host}")
}

async fn authenticate(State(state): State<Shared>, mut req: Request, next: Next) -> Response {
    let headers = req.headers();
    let token = headers
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(auth::cookie_token)
        .map(auth::token_hash);
    let unsafe_req = unsafe_method(req.method());
    if unsafe_req {
        // Browsers send Origin on every cross-origin and every same-origin POST/PUT/DELETE;
        // a foreign one is refused before anything else happens (this also covers sign-in and
        // invitation acceptance, which have no session yet).
        if let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
            let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
            if !origin_allowed(&state.config, origin, host) {
                return ApiError::Csrf("the request's Origin is not this service".into()).into_response();
            }
        }
    }
    let csrf_sent = headers
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let caller = match token {
        None => Caller::default(),
        Some(hash) => match state.cached_caller(&hash) {
            Some(caller) => caller,
            None => {
                let lookup = blocking(&state, move |s| {
                    // Read before the database, so a change committed meanwhile makes the
                    // cached entry stale rather than the cache wrong.
                    let generation = s.store.identity_generation();
                    let Some(session) = s.store.session(&hash)? else {
                        return Ok(Caller::default());
                    };
                    let user = match session.user_id {
                        Some(id) => s.store.user_by_id(id)?,
                        None => None,
                    };
                    let respondent = match session.respondent_id {
                        Some(id) => Some(s.store.respondent(id)?),
                        None => None,
                    };
                    let caller = Caller {
                        user,
                        respondent,
                        token_hash: Some(hash.clone()),
                        csrf: Some(session.csrf),
                    };
                    s.cache_caller(hash, generation, session.expires_at, &caller);
                    Ok(caller)
                })
                .await;
                match lookup {
                    Ok(c) => c,
                    Err(e) => return e.into_response(),
                }
            }
        },
    };
    if unsafe_req {
        if let Some(expected) = &caller.csrf {
            let ok = csrf_sent.as_deref().is_some_and(|sent| auth::same(sent, expected));
            if !ok {
                return ApiError::Csrf("missing or wrong X-CSRF-Token header".into()).into_response();
            }
        }
    }
    let ip = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    let forwarded: Vec<&str> = req
        .headers()
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    let addr = client_address(&state.config, ip, &forwarded);
    req.extensions_mut().insert(ClientAddr(addr, ip));
    req.extensions_mut().insert(caller);
    next.run(req).await
}

/// The Content-Security-Policy of every response: scripts only from the service itself
/// (WebAssembly compilation allowed for the element), no inline script, no inline style but
/// the element's own fixed style sheet (allowed by its hash), no framing.
pub fn csp(element_style_hash: Option<&str>) -> String {
    let style = match element_style_hash {
        Some(hash) => format!("style-src 'self' 'sha256-{hash}'"),
        None => "style-src 'self'".to_owned(),
    };
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; {style}; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// The SHA-256 (base64) of the `<eblom-flowerbox>` element's shadow style sheet, read from the
/// package's `element.js` (the constant `STYLE`, a template literal without substitutions).
pub fn element_style_hash(pkg_dir: &std::path::Path) -> Option<String> {
    use base64::Engine;
    use sha2::Digest;
    let source = std::fs::read_to_string(pkg_dir.join("element.js")).ok()?;
    let start = source.find("const STYLE = `")? + "const STYLE = `".len();
    let len = source[start..].find('`')?;
    let style = &source[start..start + len];
    if style.contains("${") || style.contains('\\') {
        return None;
    }
    Some(base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(style.as_bytes())))
}

/// The whole service.
pub fn router(state: Shared) -> Router {
    let config = state.config.clone();
    let style_hash = config.pkg_dir.as_deref().and_then(element_style_hash);
    let csp = HeaderValue::from_str(&csp(style_hash.as_deref()))
        .unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'; frame-ancestors 'none'"));
    let api = crate::api::routes()
        .layer(middleware::from_fn_with_state(Arc::clone(&state), authenticate))
        .with_state(Arc::clone(&state));
    Router::new()
        .merge(api)
        .merge(crate::pages::routes(Arc::clone(&state)))
        .fallback(|| async { ApiError::NotFound("page".into()) })
        .layer(RequestBodyLimitLayer::new(config.body_limit))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            config.request_timeout,
        ))
        .layer(SetResponseHeaderLayer::overriding(header::CONTENT_SECURITY_POLICY, csp))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("same-origin"),
        ))
        // Only the method and the path are logged: paths hold ids, never tokens (invitation
        // tokens travel in bodies and URL fragments), and no header or body is logged.
        .layer(TraceLayer::new_for_http().make_span_with(
            |req: &Request<Body>| tracing::info_span!("request", method = %req.method(), path = %req.uri().path()),
        ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(proxies: &[&str]) -> Config {
        Config {
            trusted_proxies: proxies.iter().filter_map(|p| p.parse().ok()).collect(),
            ..Config::default()
        }
    }

    fn ip(text: &str) -> Option<IpAddr> {
        text.parse().ok()
    }

    #[test]
    fn forwarded_for_is_believed_only_from_trusted_proxies_and_read_from_the_right() {
        let none = config(&[]);
        let proxy = config(&["10.0.0.0/8"]);
        // Off by default: the header means nothing.
        assert_eq!(client_address(&none, ip("10.0.0.1"), &["203.0.113.5"]), "10.0.0.1");
        // A peer that is not a trusted proxy cannot name another client.
        assert_eq!(client_address(&proxy, ip("192.0.2.9"), &["203.0.113.5"]), "192.0.2.9");
        // The proxy's own entry (rightmost) is the client; what the client wrote to its left
        // is ignored.
        assert_eq!(
            client_address(&proxy, ip("10.0.0.1"), &["198.51.100.1, 203.0.113.5"]),
            "203.0.113.5"
        );
        // Several trusted proxies in a row are skipped, over several header lines too.
        assert_eq!(
            client_address(&proxy, ip("10.0.0.1"), &["198.51.100.1, 203.0.113.5", "10.2.3.4"]),
            "203.0.113.5"
        );
        // Only proxies: the leftmost is the best known.
        assert_eq!(
            client_address(&proxy, ip("10.0.0.1"), &["10.9.9.9, 10.2.3.4"]),
            "10.9.9.9"
        );
        // No header, or garbage: the last trusted hop.
        assert_eq!(client_address(&proxy, ip("10.0.0.1"), &[]), "10.0.0.1");
        assert_eq!(
            client_address(&proxy, ip("10.0.0.1"), &["unknown, 10.2.3.4"]),
            "10.2.3.4"
        );
        assert_eq!(
            client_address(&proxy, ip("10.0.0.1"), &["203.0.113.5:4711"]),
            "10.0.0.1"
        );
        assert_eq!(client_address(&proxy, None, &["203.0.113.5"]), "unknown");
        // IPv6.
        let v6 = config(&["2001:db8::/32"]);
        assert_eq!(
            client_address(&v6, ip("2001:db8::1"), &["2001:db8::2, 2a00::7"]),
            "2a00::7"
        );
    }

    fn hop() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        prop_oneof![
            (0u8..4, 0u8..4).prop_map(|(a, b)| format!("10.0.{a}.{b}")),
            (0u8..4).prop_map(|a| format!("203.0.113.{a}")),
            "[ -~]{0,12}",
        ]
    }

    proptest::proptest! {
        /// Whatever a client writes in front of the proxies' entries cannot change the address
        /// it is counted under, and an untrusted peer is always itself.
        #[test]
        fn a_client_cannot_choose_its_address(
            written in proptest::collection::vec(hop(), 0..4),
            client in 0u8..4,
            proxies in proptest::collection::vec((0u8..4, 0u8..4), 0..3),
        ) {
            let config = config(&["10.0.0.0/16"]);
            let client = format!("198.51.100.{client}");
            let mut appended = vec![client.clone()];
            appended.extend(proxies.iter().map(|(a, b)| format!("10.0.{a}.{b}")));
            let honest = client_address(&config, ip("10.0.0.1"), &[&appended.join(", ")]);
            proptest::prop_assert_eq!(&honest, &client);
            let mut spoofed = written.clone();
            spoofed.extend(appended);
            let header = spoofed.join(", ");
            proptest::prop_assert_eq!(client_address(&config, ip("10.0.0.1"), &[&header]), client);
            proptest::prop_assert_eq!(client_address(&config, ip("192.0.2.1"), &[&header]), "192.0.2.1");
        }
    }
}
