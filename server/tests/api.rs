//! The HTTP API of a real server process: sessions, headers, CSRF, invitations, revisions,
//! the audit log, hostile text, throttling.

mod common;

use common::{kumla_assessment, respondent, Server, PASSWORD};
use eblomlada_server::storage::{replay_answers, Store};
use reqwest::{header, Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn health_session_cookie_and_security_headers() {
    let server = Server::demo();
    let anon = server.client();
    let r = anon.raw(Method::GET, "/api/v1/health", None, &[]).await;
    assert_eq!(r.status(), StatusCode::OK);
    let h = r.headers().clone();
    let csp = h[header::CONTENT_SECURITY_POLICY].to_str().unwrap_or_default();
    assert!(
        csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'"),
        "{csp}"
    );
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(h[header::REFERRER_POLICY], "no-referrer");
    assert_eq!(r.json::<serde_json::Value>().await.ok(), Some(json!({"status": "ok"})));

    // The page and an error response carry the headers too.
    let page = anon.raw(Method::GET, "/", None, &[]).await;
    assert!(page.headers().contains_key(header::CONTENT_SECURITY_POLICY));
    let missing = anon.raw(Method::GET, "/api/v1/nothing-here", None, &[]).await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_eq!(missing.headers()[header::CONTENT_TYPE], "application/problem+json");
    assert!(missing.headers().contains_key(header::CONTENT_SECURITY_POLICY));

    let r = anon
        .raw(
            Method::POST,
            "/api/v1/session",
            Some(&json!({"user": "kumla", "password": PASSWORD})),
            &[],
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let cookie = r.headers()[header::SET_COOKIE].to_str().unwrap_or_default().to_owned();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    let token = cookie
        .split(';')
        .next()
        .unwrap_or_default()
        .trim_start_matches("eblom_session=")
        .to_owned();
    assert!(token.len() >= 22, "at least 128 bits");
    // Only the hash of the token is stored.
    let conn = rusqlite::Connection::open(server.db()).expect("db");
    let stored: Vec<String> = conn
        .prepare("SELECT token_hash FROM sessions")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .expect("sessions");
    assert!(!stored.is_empty() && !stored.contains(&token));
    assert!(stored.contains(&eblomlada_server::auth::token_hash(&token)));

    let mut kumla = server.signed_in("kumla").await;
    assert_eq!(kumla.get("/api/v1/session").await.1["authorities"], json!(["1881"]));
    assert_eq!(kumla.delete("/api/v1/session").await.0, StatusCode::NO_CONTENT);
    assert_eq!(kumla.get("/api/v1/session").await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(kumla.get("/api/v1/assessments").await.0, StatusCode::UNAUTHORIZED);
    let (status, body) = kumla.sign_in("kumla", "wrong password").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["type"], "/problems/unauthenticated");
}

#[tokio::test]
async fn every_endpoint_but_the_open_ones_refuses_without_a_session() {
    let server = Server::demo();
    let anon = server.client();
    let body = json!({});
    let closed = [
        (Method::GET, "/api/v1/session"),
        (Method::DELETE, "/api/v1/session"),
        (Method::POST, "/api/v1/users"),
        (Method::POST, "/api/v1/authority-requests"),
        (Method::GET, "/api/v1/authority-requests"),
        (Method::POST, "/api/v1/authorities"),
        (Method::GET, "/api/v1/assessments"),
        (Method::POST, "/api/v1/assessments"),
        (Method::GET, "/api/v1/assessments/1"),
        (Method::PUT, "/api/v1/assessments/1/answers/elderly-01"),
        (Method::PUT, "/api/v1/assessments/1/decisions/elderly-01"),
        (Method::GET, "/api/v1/assessments/1/changes"),
        (Method::GET, "/api/v1/assessments/1/audit"),
        (Method::POST, "/api/v1/assessments/1/invitations"),
        (Method::GET, "/api/v1/assessments/1/invitations"),
        (Method::DELETE, "/api/v1/assessments/1/invitations/1"),
        (Method::POST, "/api/v1/assessments/1/publications"),
        (Method::GET, "/api/v1/assessments/1/publications"),
        (Method::POST, "/api/v1/publications/1/withdraw"),
        (Method::GET, "/api/v1/publications/1"),
        (Method::GET, "/api/v1/national"),
        (Method::GET, "/api/v1/national.csv"),
        (Method::GET, "/api/v1/national.xlsx"),
    ];
    for (method, path) in closed {
        let with_body = matches!(method, Method::POST | Method::PUT);
        let (status, problem) = anon
            .call(
                method.clone(),
                path,
                with_body.then_some(&body),
                &[("if-match", "\"0\"")],
            )
            .await;
        // An ill-formed body is refused too, but never before the session check lets anything through.
        assert!(
            status == StatusCode::UNAUTHORIZED || status == StatusCode::UNPROCESSABLE_ENTITY,
            "{method} {path}: {status} {problem}"
        );
        if status == StatusCode::UNPROCESSABLE_ENTITY {
            // Then a well-formed body must still be refused for want of a session.
            continue;
        }
        assert_eq!(problem["status"], 401, "{method} {path}");
    }
    // Well-formed bodies on the writing endpoints.
    for (path, body) in [
        ("/api/v1/users", json!({"name": "x", "password": "0123456789"})),
        (
            "/api/v1/authority-requests",
            json!({"municipality": "1881", "reason": "r"}),
        ),
        ("/api/v1/authorities", json!({"user": "kumla", "municipality": "1881"})),
        ("/api/v1/assessments", json!({"municipality": "1881", "year": 2018})),
        ("/api/v1/assessments/1/invitations", json!({"permission": "edit"})),
    ] {
        assert_eq!(anon.post(path, &body).await.0, StatusCode::UNAUTHORIZED, "{path}");
    }
    let (status, _) = anon.put_answer(1, "elderly-01", Some("fully"), None, 0).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // The open ones.
    assert_eq!(anon.get("/api/v1/health").await.0, StatusCode::OK);
    assert_eq!(anon.get("/api/v1/openapi.json").await.0, StatusCode::OK);
    assert_eq!(
        anon.raw(Method::GET, "/assets/app.js", None, &[]).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn csrf_and_foreign_origins_are_refused() {
    let server = Server::demo();
    let kumla = server.signed_in("kumla").await;
    let id = kumla_assessment(&kumla).await;
    let mut no_token = kumla.clone();
    no_token.csrf = None;
    let (status, body) = no_token.put_answer(id, "elderly-07", Some("fully"), None, 0).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(body["type"], "/problems/csrf");
    let mut wrong = kumla.clone();
    wrong.csrf = Some("A".repeat(43));
    assert_eq!(
        wrong.put_answer(id, "elderly-07", Some("fully"), None, 0).await.0,
        StatusCode::FORBIDDEN
    );
    let (status, _) = no_token.call(Method::DELETE, "/api/v1/session", None, &[]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // A foreign Origin is refused even with the right token, and on sign-in.
    let (status, _) = kumla
        .call(
            Method::PUT,
            &format!("/api/v1/assessments/{id}/answers/elderly-07"),
            Some(&json!({"answer": "fully"})),
            &[("if-match", "\"0\""), ("origin", "https://evil.example")],
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let anon = server.client();
    let (status, _) = anon
        .call(
            Method::POST,
            "/api/v1/session",
            Some(&json!({"user": "kumla", "password": PASSWORD})),
            &[("origin", "https://evil.example")],
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // A form post (not JSON) is refused.
    let r = anon
        .http
        .post(format!("{}/api/v1/session", server.base))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(format!("user=kumla&password={PASSWORD}"))
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    // The same origin, with the token, works.
    let origin = server.base.clone();
    let (status, body) = kumla
        .call(
            Method::PUT,
            &format!("/api/v1/assessments/{id}/answers/elderly-07"),
            Some(&json!({"answer": "fully"})),
            &[("if-match", "\"0\""), ("origin", &origin)],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

#[tokio::test]
async fn stale_writes_get_409_with_the_current_value_and_the_log_replays_to_the_state() {
    let server = Server::demo();
    let kumla = server.signed_in("kumla").await;
    let id = kumla_assessment(&kumla).await;
    let (status, body) = kumla.put_answer(id, "lead-10", Some("partly"), Some("första"), 0).await;
    assert_eq!((status, body["revision"].as_i64()), (StatusCode::OK, Some(1)));
    let (status, body) = kumla.put_answer(id, "lead-10", Some("fully"), None, 0).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body["type"], "/problems/stale-revision");
    assert_eq!(body["current_revision"], 1);
    assert_eq!(body["current"]["answer"], "partly");
    assert_eq!(body["current"]["comment"], "första");
    let (status, _) = kumla.put_answer(id, "lead-10", Some("fully"), None, 1).await;
    assert_eq!(status, StatusCode::OK);
    // Without If-Match: 428; a bad revision: 422.
    let (status, _) = kumla
        .call(
            Method::PUT,
            &format!("/api/v1/assessments/{id}/answers/lead-10"),
            Some(&json!({"answer": "fully"})),
            &[],
        )
        .await;
    assert_eq!(status, StatusCode::PRECONDITION_REQUIRED);
    let (status, _) = kumla
        .call(
            Method::PUT,
            &format!("/api/v1/assessments/{id}/answers/lead-10"),
            Some(&json!({"answer": "fully"})),
            &[("if-match", "\"abc\"")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    // The core's problems come through: unknown indicator and unknown answer.
    let (status, body) = kumla.put_answer(id, "lead-99", Some("fully"), None, 0).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body["problems"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("lead-99"),
        "{body}"
    );
    let (status, body) = kumla.put_answer(id, "lead-11", Some("maybe"), None, 0).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body["problems"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("expected one of"),
        "{body}"
    );
    // Clearing is a write too.
    assert_eq!(kumla.put_answer(id, "lead-10", None, None, 2).await.0, StatusCode::OK);

    let (status, log) = kumla.get(&format!("/api/v1/assessments/{id}/audit")).await;
    assert_eq!(status, StatusCode::OK);
    let last = &log.as_array().expect("a list")[log.as_array().map_or(0, Vec::len) - 1];
    assert_eq!(last["entity"], "answer");
    assert_eq!(last["before"]["answer"], "fully");
    assert_eq!(last["after"]["answer"], serde_json::Value::Null);
    assert!(last["actor"].as_str().unwrap_or_default().contains("kumla"));

    let store = Store::open(&server.db()).expect("db");
    let replayed = replay_answers(&store.audit_log(Some(id), 0).expect("log"));
    assert_eq!(replayed, store.answers(id).expect("answers"));
    assert!(!replayed.is_empty());
}

#[tokio::test]
async fn invitations_view_scope_expiry_revocation() {
    let server = Server::demo();
    let kumla = server.signed_in("kumla").await;
    let id = kumla_assessment(&kumla).await;

    let (viewer, _) = respondent(&server, &kumla, id, "view", None).await;
    assert_eq!(viewer.get(&format!("/api/v1/assessments/{id}")).await.0, StatusCode::OK);
    assert_eq!(
        viewer.put_answer(id, "elderly-01", Some("fully"), None, 0).await.0,
        StatusCode::FORBIDDEN
    );

    let (scoped, scoped_inv) = respondent(&server, &kumla, id, "edit", Some(json!({"areas": ["elderly"]}))).await;
    assert_eq!(
        scoped.put_answer(id, "elderly-08", Some("fully"), None, 0).await.0,
        StatusCode::OK
    );
    assert_eq!(
        scoped.put_answer(id, "culture-01", Some("fully"), None, 0).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        scoped.put_answer(id, "lead-01", Some("fully"), None, 0).await.0,
        StatusCode::FORBIDDEN
    );
    // A respondent may not invite, decide, publish or read the audit log.
    assert_eq!(
        scoped
            .post(
                &format!("/api/v1/assessments/{id}/invitations"),
                &json!({"permission": "edit"})
            )
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        scoped.get(&format!("/api/v1/assessments/{id}/audit")).await.0,
        StatusCode::FORBIDDEN
    );
    // ... nor touch another assessment.
    let orebro = server.signed_in("orebro").await;
    let (_, other) = orebro
        .post("/api/v1/assessments", &json!({"municipality": "1880", "year": 2017}))
        .await;
    let other = other["id"].as_i64().expect("id");
    assert_eq!(
        scoped.get(&format!("/api/v1/assessments/{other}")).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        scoped.put_answer(other, "elderly-08", Some("fully"), None, 0).await.0,
        StatusCode::UNAUTHORIZED
    );

    // A bad scope is refused with the path of the problem.
    let (status, body) = kumla
        .post(
            &format!("/api/v1/assessments/{id}/invitations"),
            &json!({"permission": "edit", "scope": {"areas": ["moon"]}}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["problems"][0]["path"], "$.scope.areas[0]");

    // Revocation ends the session at once and the link no longer works.
    let (status, inv) = kumla
        .post(
            &format!("/api/v1/assessments/{id}/invitations"),
            &json!({"permission": "edit"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let token = inv["token"].as_str().expect("token").to_owned();
    assert!(inv["link"].as_str().unwrap_or_default().starts_with("/invite#"));
    assert_eq!(
        kumla
            .delete(&format!("/api/v1/assessments/{id}/invitations/{scoped_inv}"))
            .await
            .0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        scoped.put_answer(id, "elderly-07", Some("fully"), None, 0).await.0,
        StatusCode::UNAUTHORIZED
    );
    let inv_id = inv["invitation"]["id"].as_i64().expect("id");
    assert_eq!(
        kumla
            .delete(&format!("/api/v1/assessments/{id}/invitations/{inv_id}"))
            .await
            .0,
        StatusCode::NO_CONTENT
    );
    let mut late = server.client();
    let (status, body) = late.accept(&token, "Sen", "Avd").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");

    // An expired link is refused (its expiry moved into the past in the database).
    let (_, inv) = kumla
        .post(
            &format!("/api/v1/assessments/{id}/invitations"),
            &json!({"permission": "edit"}),
        )
        .await;
    let conn = rusqlite::Connection::open(server.db()).expect("db");
    conn.busy_timeout(std::time::Duration::from_secs(5)).expect("timeout");
    conn.execute(
        "UPDATE invitations SET expires_at = 1 WHERE id = ?1",
        [inv["invitation"]["id"].as_i64()],
    )
    .expect("expire");
    let (status, _) = late
        .accept(inv["token"].as_str().unwrap_or_default(), "Sen", "Avd")
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = late.accept("not-a-token", "Sen", "Avd").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Name and department are required.
    let (_, inv) = kumla
        .post(
            &format!("/api/v1/assessments/{id}/invitations"),
            &json!({"permission": "edit"}),
        )
        .await;
    let (status, body) = late.accept(inv["token"].as_str().unwrap_or_default(), " ", "Avd").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["problems"][0]["path"], "$.name");
    // The invitation list never shows tokens or their hashes.
    let (_, list) = kumla.get(&format!("/api/v1/assessments/{id}/invitations")).await;
    let text = list.to_string();
    assert!(!text.contains(&token) && !text.contains(&eblomlada_server::auth::token_hash(&token)));
}

#[tokio::test]
async fn hostile_text_is_stored_literally() {
    let server = Server::demo();
    let kumla = server.signed_in("kumla").await;
    let id = kumla_assessment(&kumla).await;
    let payloads = [
        "'; DROP TABLE answers; --",
        "\" OR 1=1 --",
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "Robert'); DELETE FROM users WHERE ('1'='1",
        "=HYPERLINK(\"http://evil\")",
    ];
    for (i, p) in payloads.iter().enumerate() {
        let indicator = format!("lead-{:02}", 20 + i);
        let (status, body) = kumla.put_answer(id, &indicator, Some("partly"), Some(p), 0).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let (status, inv) = kumla
        .post(
            &format!("/api/v1/assessments/{id}/invitations"),
            &json!({"permission": "edit", "label": payloads[0]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let mut r = server.client();
    let (status, _) = r
        .accept(inv["token"].as_str().unwrap_or_default(), payloads[2], payloads[1])
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, view) = kumla.get(&format!("/api/v1/assessments/{id}")).await;
    for (i, p) in payloads.iter().enumerate() {
        let indicator = format!("lead-{:02}", 20 + i);
        let found = view["answers"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|a| a["indicator"] == indicator.as_str())
            .expect("stored");
        assert_eq!(found["comment"], *p);
    }
    assert!(view["respondents"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|r| r["name"] == payloads[2] && r["department"] == payloads[1]));
    let (_, list) = kumla.get(&format!("/api/v1/assessments/{id}/invitations")).await;
    assert!(list.as_array().into_iter().flatten().any(|i| i["label"] == payloads[0]));
    // The tables are all still there, and the API answers JSON (never HTML) with nosniff.
    assert_eq!(
        Store::open(&server.db()).expect("db").integrity_check().expect("check"),
        "ok"
    );
    let r = kumla
        .raw(Method::GET, &format!("/api/v1/assessments/{id}"), None, &[])
        .await;
    assert_eq!(r.headers()[header::CONTENT_TYPE], "application/json");
}

#[tokio::test]
async fn sign_in_throttling_per_account_and_per_address() {
    let server = Server::demo();
    let mut c = server.client();
    for _ in 0..5 {
        assert_eq!(c.sign_in("orebro", "wrong").await.0, StatusCode::UNAUTHORIZED);
    }
    let (status, body) = c.sign_in("orebro", PASSWORD).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    assert_eq!(body["type"], "/problems/throttled");
    // Another account from the same address still works until the address limit.
    assert_eq!(c.sign_in("kumla", PASSWORD).await.0, StatusCode::OK);
    for i in 0..45 {
        let (status, _) = c.sign_in(&format!("nobody-{i}"), "wrong").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    let (status, _) = c.sign_in("admin", PASSWORD).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    // Failures are logged without the password.
    let mut server = server;
    let _ = server.child.kill();
    let mut err = String::new();
    if let Some(mut e) = server.child.stderr.take() {
        use std::io::Read;
        let _ = e.read_to_string(&mut err);
    }
    assert!(!err.contains(PASSWORD) && !err.contains("wrong\""), "{err}");
}

#[tokio::test]
async fn single_sign_on_through_a_trusted_proxy_header_only() {
    // Off by default.
    let plain = Server::demo();
    let r = plain
        .client()
        .call(Method::POST, "/api/v1/session/sso", None, &[("x-remote-user", "kumla")])
        .await;
    assert_eq!(r.0, StatusCode::NOT_FOUND);
    drop(plain);

    let tmp = tempfile::tempdir().expect("tmp");
    let args = [
        "--demo",
        "--demo-password",
        PASSWORD,
        "--sso-header",
        "X-Remote-User",
        "--trusted-proxy",
        "127.0.0.1",
    ];
    let server = Server::start_in(tmp.path(), &args);
    let anon = server.client();
    let r = anon
        .raw(Method::POST, "/api/v1/session/sso", None, &[("x-remote-user", "kumla")])
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let cookie = r.headers()[header::SET_COOKIE].to_str().unwrap_or_default().to_owned();
    assert!(cookie.contains("HttpOnly"));
    let me: serde_json::Value = r.json().await.unwrap_or_default();
    assert_eq!(me["authorities"], json!(["1881"]));
    // The header alone signs nothing else in: every other request needs the session.
    let (status, _) = anon
        .call(Method::GET, "/api/v1/assessments", None, &[("x-remote-user", "kumla")])
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        anon.call(
            Method::POST,
            "/api/v1/session/sso",
            None,
            &[("x-remote-user", "nobody")]
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        anon.call(Method::POST, "/api/v1/session/sso", None, &[]).await.0,
        StatusCode::UNAUTHORIZED
    );
    drop(server);

    // From an address that is not the proxy, the header is refused.
    let tmp = tempfile::tempdir().expect("tmp");
    let args = ["--sso-header", "X-Remote-User", "--trusted-proxy", "10.1.2.3"];
    let server = Server::start_in(tmp.path(), &args);
    let r = server
        .client()
        .call(Method::POST, "/api/v1/session/sso", None, &[("x-remote-user", "kumla")])
        .await;
    assert_eq!(r.0, StatusCode::FORBIDDEN);
}

/// Sessions are cached in the server; a grant of authority must reach a session that is already
/// in use, and signing out must end it at once.
#[tokio::test]
async fn a_session_in_use_sees_granted_authority_and_ends_at_sign_out() {
    let server = Server::demo();
    let admin = server.signed_in("admin").await;
    let (status, _) = admin
        .post(
            "/api/v1/users",
            &json!({"name": "boras-it", "password": "boras-password-1"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let mut member = server.client();
    assert_eq!(member.sign_in("boras-it", "boras-password-1").await.0, StatusCode::OK);
    let create = json!({"municipality": "1490", "year": 2020});
    assert_eq!(
        member.post("/api/v1/assessments", &create).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(member.get("/api/v1/session").await.1["authorities"], json!([]));
    let (status, _) = admin
        .post(
            "/api/v1/authorities",
            &json!({"user": "boras-it", "municipality": "1490"}),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(member.get("/api/v1/session").await.1["authorities"], json!(["1490"]));
    assert_eq!(member.post("/api/v1/assessments", &create).await.0, StatusCode::CREATED);
    assert_eq!(member.delete("/api/v1/session").await.0, StatusCode::NO_CONTENT);
    assert_eq!(member.get("/api/v1/assessments").await.0, StatusCode::UNAUTHORIZED);
    // Another session of the same server is untouched by that sign-out.
    assert_eq!(admin.get("/api/v1/assessments").await.0, StatusCode::OK);
}

/// Behind a trusted reverse proxy, sign-in throttling counts the client of `X-Forwarded-For`
/// (its rightmost untrusted hop); without `--trusted-proxy` the header changes nothing.
#[tokio::test]
async fn throttling_per_address_behind_a_trusted_proxy() {
    async fn fail_from(c: &common::Client, forwarded: &str, n: usize) -> StatusCode {
        let mut last = StatusCode::OK;
        for i in 0..n {
            let body = json!({"user": format!("nobody-{i}"), "password": "wrong"});
            last = c
                .call(
                    Method::POST,
                    "/api/v1/session",
                    Some(&body),
                    &[("x-forwarded-for", forwarded)],
                )
                .await
                .0;
        }
        last
    }
    async fn sign_in(c: &common::Client, forwarded: &str) -> StatusCode {
        let body = json!({"user": "kumla", "password": PASSWORD});
        c.call(
            Method::POST,
            "/api/v1/session",
            Some(&body),
            &[("x-forwarded-for", forwarded)],
        )
        .await
        .0
    }

    let tmp = tempfile::tempdir().expect("tmp");
    let args = ["--demo", "--demo-password", PASSWORD, "--trusted-proxy", "127.0.0.0/8"];
    let server = Server::start_in(tmp.path(), &args);
    let c = server.client();
    // 50 failures of one client; what it writes left of the proxy's entry does not matter.
    assert_eq!(fail_from(&c, "203.0.113.5", 25).await, StatusCode::UNAUTHORIZED);
    assert_eq!(
        fail_from(&c, "198.51.100.77, 203.0.113.5", 25).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(sign_in(&c, "203.0.113.5").await, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        sign_in(&c, "198.51.100.1, 203.0.113.5").await,
        StatusCode::TOO_MANY_REQUESTS
    );
    // Another client behind the same proxy is not held back.
    assert_eq!(sign_in(&c, "203.0.113.6").await, StatusCode::OK);
    drop(server);

    // No trusted proxy: the header is the client's own text and every failure counts against
    // the peer.
    let server = Server::demo();
    let c = server.client();
    for k in 0..50 {
        let body = json!({"user": format!("nobody-{k}"), "password": "wrong"});
        let forwarded = format!("203.0.113.{k}");
        let status = c
            .call(
                Method::POST,
                "/api/v1/session",
                Some(&body),
                &[("x-forwarded-for", &forwarded)],
            )
            .await
            .0;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(sign_in(&c, "203.0.113.200").await, StatusCode::TOO_MANY_REQUESTS);
}
