//! A real server process on a random 127.0.0.1 port with a real SQLite file, and a small client.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use reqwest::{header, Method, StatusCode};
use serde_json::{json, Value};

pub const PASSWORD: &str = "demo-password-1";

pub struct Server {
    pub child: Child,
    pub base: String,
    pub dir: PathBuf,
    _tmp: Option<tempfile::TempDir>,
}

impl Server {
    /// A demo server in a fresh folder.
    pub fn demo() -> Server {
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = tmp.path().to_path_buf();
        let mut s = Server::start_in(&dir, &["--demo", "--demo-password", PASSWORD]);
        s._tmp = Some(tmp);
        s
    }

    /// A server on the data folder `dir` with extra arguments.
    pub fn start_in(dir: &Path, args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_eblomlada-server"))
            .args(["--listen", "127.0.0.1:0", "--data"])
            .arg(dir)
            .args(args)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start the server");
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(stdout).lines();
        let first = lines.next().expect("a first line").expect("readable");
        let base = first
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .expect("the URL in the first line")
            .to_owned();
        // Keep draining stdout so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Server {
            child,
            base,
            dir: dir.to_path_buf(),
            _tmp: None,
        }
    }

    pub fn db(&self) -> PathBuf {
        self.dir.join("eblomlada.sqlite3")
    }

    pub fn client(&self) -> Client {
        Client::new(&self.base)
    }

    pub async fn signed_in(&self, user: &str) -> Client {
        let mut c = self.client();
        let (status, body) = c.sign_in(user, PASSWORD).await;
        assert_eq!(status, StatusCode::OK, "sign in {user}: {body}");
        c
    }

    pub fn stop(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Clone)]
pub struct Client {
    pub http: reqwest::Client,
    pub base: String,
    pub cookie: Option<String>,
    pub csrf: Option<String>,
}

impl Client {
    pub fn new(base: &str) -> Client {
        Client {
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(30))
                .build()
                .expect("client"),
            base: base.to_owned(),
            cookie: None,
            csrf: None,
        }
    }

    pub async fn raw(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
        headers: &[(&str, &str)],
    ) -> reqwest::Response {
        let mut req = self.http.request(method.clone(), format!("{}{}", self.base, path));
        if let Some(c) = &self.cookie {
            req = req.header(header::COOKIE, c);
        }
        if method != Method::GET {
            if let Some(t) = &self.csrf {
                req = req.header("x-csrf-token", t);
            }
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        if let Some(b) = body {
            req = req.json(b);
        }
        req.send().await.expect("request")
    }

    pub async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
        headers: &[(&str, &str)],
    ) -> (StatusCode, Value) {
        let r = self.raw(method, path, body, headers).await;
        let status = r.status();
        let text = r.text().await.unwrap_or_default();
        (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
    }

    pub async fn get(&self, path: &str) -> (StatusCode, Value) {
        self.call(Method::GET, path, None, &[]).await
    }

    pub async fn post(&self, path: &str, body: &Value) -> (StatusCode, Value) {
        self.call(Method::POST, path, Some(body), &[]).await
    }

    pub async fn delete(&self, path: &str) -> (StatusCode, Value) {
        self.call(Method::DELETE, path, None, &[]).await
    }

    pub async fn put_answer(
        &self,
        assessment: i64,
        indicator: &str,
        answer: Option<&str>,
        comment: Option<&str>,
        revision: i64,
    ) -> (StatusCode, Value) {
        let rev = format!("\"{revision}\"");
        self.call(
            Method::PUT,
            &format!("/api/v1/assessments/{assessment}/answers/{indicator}"),
            Some(&json!({"answer": answer, "comment": comment})),
            &[("if-match", &rev)],
        )
        .await
    }

    fn take_session(&mut self, r: &reqwest::Response) {
        if let Some(c) = r.headers().get(header::SET_COOKIE).and_then(|v| v.to_str().ok()) {
            self.cookie = c.split(';').next().map(str::to_owned);
        }
    }

    pub async fn sign_in(&mut self, user: &str, password: &str) -> (StatusCode, Value) {
        let r = self
            .raw(
                Method::POST,
                "/api/v1/session",
                Some(&json!({"user": user, "password": password})),
                &[],
            )
            .await;
        self.take_session(&r);
        let status = r.status();
        let body: Value = r.json().await.unwrap_or(Value::Null);
        if status == StatusCode::OK {
            self.csrf = body["csrf"].as_str().map(str::to_owned);
        }
        (status, body)
    }

    pub async fn accept(&mut self, token: &str, name: &str, department: &str) -> (StatusCode, Value) {
        let r = self
            .raw(
                Method::POST,
                "/api/v1/invitations/accept",
                Some(&json!({"token": token, "name": name, "department": department})),
                &[],
            )
            .await;
        self.take_session(&r);
        let status = r.status();
        let body: Value = r.json().await.unwrap_or(Value::Null);
        if status == StatusCode::OK {
            self.csrf = body["csrf"].as_str().map(str::to_owned);
        }
        (status, body)
    }
}

/// The demo team assessment (Kumla 2017).
pub async fn kumla_assessment(kumla: &Client) -> i64 {
    let (status, list) = kumla.get("/api/v1/assessments").await;
    assert_eq!(status, StatusCode::OK);
    list[0]["id"].as_i64().expect("an assessment")
}

/// Invites and accepts: a client signed in as a respondent.
pub async fn respondent(
    server: &Server,
    authority: &Client,
    assessment: i64,
    permission: &str,
    scope: Option<Value>,
) -> (Client, i64) {
    let (status, inv) = authority
        .post(
            &format!("/api/v1/assessments/{assessment}/invitations"),
            &json!({"permission": permission, "scope": scope, "label": "test"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{inv}");
    let mut c = server.client();
    let (status, me) = c
        .accept(
            inv["token"].as_str().expect("token"),
            "Test Person",
            "Testförvaltningen",
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{me}");
    (c, inv["invitation"]["id"].as_i64().expect("id"))
}
