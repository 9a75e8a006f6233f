//! The pages: HTML, script and style embedded in the binary (no build step at run time, no
//! inline script), and the `<eblom-flowerbox>` package served from a folder on disk.

use std::path::{Component, Path as FsPath};

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::app::Shared;

struct Asset {
    path: &'static str,
    content_type: &'static str,
    body: &'static str,
}

const ASSETS: &[Asset] = &[
    Asset {
        path: "app.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_str!("../assets/app.js"),
    },
    Asset {
        path: "style.css",
        content_type: "text/css; charset=utf-8",
        body: include_str!("../assets/style.css"),
    },
];

const PAGE: &str = include_str!("../assets/page.html");

/// The page routes.
pub fn routes(state: Shared) -> Router {
    Router::new()
        .route("/", get(page))
        .route("/assessment", get(page))
        .route("/invite", get(page))
        .route("/national", get(page))
        .route("/admin", get(page))
        .route("/assets/{file}", get(asset))
        .route("/pkg/{*file}", get(pkg))
        .with_state(state)
}

async fn page() -> Response {
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], PAGE).into_response()
}

async fn asset(Path(file): Path<String>) -> Response {
    match ASSETS.iter().find(|a| a.path == file) {
        Some(a) => ([(header::CONTENT_TYPE, a.content_type)], a.body).into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

fn content_type(path: &FsPath) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("js") => "text/javascript; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("json") => "application/json",
        Some("css") => "text/css; charset=utf-8",
        Some("ts") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

async fn pkg(State(state): State<Shared>, Path(file): Path<String>) -> Response {
    let Some(dir) = state.config.pkg_dir.clone() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let rel = FsPath::new(&file);
    // Only plain names below the folder: no `..`, no absolute paths.
    if !rel.components().all(|c| matches!(c, Component::Normal(_))) {
        return StatusCode::NOT_FOUND.into_response();
    }
    let path = dir.join(rel);
    match tokio::fs::read(&path).await {
        Ok(bytes) => ([(header::CONTENT_TYPE, content_type(&path))], bytes).into_response(),
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}
