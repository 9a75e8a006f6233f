//! The OpenAPI document is generated from the code; the committed copy must match
//! (`BLESS=1 cargo test -p eblomlada-server --test openapi` rewrites it).

mod common;

use std::path::Path;

#[test]
fn the_committed_openapi_document_is_up_to_date() {
    let generated = eblomlada_server::api::openapi_document();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("openapi.json");
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&path, format!("{generated}\n")).expect("write openapi.json");
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert_eq!(
        committed.trim_end(),
        generated,
        "server/openapi.json is out of date: run BLESS=1 cargo test -p eblomlada-server --test openapi"
    );
    let doc: serde_json::Value = serde_json::from_str(&generated).expect("JSON");
    assert_eq!(doc["openapi"], "3.1.0");
    for path in [
        "/api/v1/health",
        "/api/v1/session",
        "/api/v1/assessments/{id}/answers/{indicator}",
        "/api/v1/national",
    ] {
        assert!(doc["paths"].get(path).is_some(), "{path} is described");
    }
    assert!(doc["components"]["schemas"].get("ProblemDetails").is_some());
}

#[tokio::test]
async fn the_service_serves_the_same_document() {
    let server = common::Server::demo();
    let r = server
        .client()
        .raw(reqwest::Method::GET, "/api/v1/openapi.json", None, &[])
        .await;
    assert_eq!(r.status(), reqwest::StatusCode::OK);
    assert_eq!(
        r.text().await.unwrap_or_default(),
        eblomlada_server::api::openapi_document()
    );
}
