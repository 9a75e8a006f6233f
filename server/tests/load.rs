//! Concurrency and crash safety against a real server process and SQLite file.

mod common;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{kumla_assessment, Client, Server};
use eblomlada_server::storage::{replay_answers, Store};
use reqwest::StatusCode;
use serde_json::json;

/// (respondent session index, indicator, revision, answer) of every acknowledged write.
type Acks = Arc<Mutex<Vec<(usize, String, i64, String)>>>;

const INDICATORS: [&str; 8] = [
    "elderly-01",
    "elderly-02",
    "lead-01",
    "lead-02",
    "tech-01",
    "tech-02",
    "culture-01",
    "public-01",
];

async fn respondents(server: &Server, kumla: &Client, id: i64, n: usize) -> Vec<(Client, i64)> {
    let mut out = Vec::new();
    for _ in 0..n {
        let (status, inv) = kumla
            .post(
                &format!("/api/v1/assessments/{id}/invitations"),
                &json!({"permission": "edit"}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED);
        let mut c = server.client();
        let (status, me) = c
            .accept(inv["token"].as_str().unwrap_or_default(), "Last", "Prov")
            .await;
        assert_eq!(status, StatusCode::OK);
        out.push((c, me["respondent"]["id"].as_i64().unwrap_or(0)));
    }
    out
}

/// One client: `writes` answer writes to a few shared indicators, following 409s.
async fn writer(
    client: Client,
    session: usize,
    assessment: i64,
    seed: usize,
    writes: usize,
    acks: Acks,
) -> (usize, usize) {
    let mut revisions: HashMap<&str, i64> = HashMap::new();
    let (mut ok, mut conflicts) = (0, 0);
    for i in 0..writes {
        let indicator = INDICATORS[(seed * 7 + i * 3) % INDICATORS.len()];
        let answer = ["fully", "partly", "not_met"][(seed + i) % 3];
        let based_on = *revisions.get(indicator).unwrap_or(&0);
        let (status, body) = client
            .put_answer(assessment, indicator, Some(answer), None, based_on)
            .await;
        match status {
            StatusCode::OK => {
                let rev = body["revision"].as_i64().unwrap_or(-1);
                revisions.insert(indicator, rev);
                acks.lock().unwrap_or_else(|p| p.into_inner()).push((
                    session,
                    indicator.to_owned(),
                    rev,
                    answer.to_owned(),
                ));
                ok += 1;
            }
            StatusCode::CONFLICT => {
                assert_eq!(body["type"], "/problems/stale-revision");
                revisions.insert(indicator, body["current_revision"].as_i64().unwrap_or(0));
                conflicts += 1;
            }
            other => panic!("write {i} of client {seed}: {other} {body}"),
        }
    }
    (ok, conflicts)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_clients_two_hundred_writes_each_with_conflicts() {
    let server = Server::demo();
    let kumla = server.signed_in("kumla").await;
    let id = kumla_assessment(&kumla).await;
    // Ten respondent sessions, each shared by five clients: their writes collide.
    let sessions = respondents(&server, &kumla, id, 10).await;
    let acks: Acks = Arc::default();
    let mut tasks = Vec::new();
    for n in 0..50 {
        let (client, _) = &sessions[n % 10];
        let mut client = client.clone();
        client.http = reqwest::Client::new();
        tasks.push(tokio::spawn(writer(client, n % 10, id, n, 200, Arc::clone(&acks))));
    }
    let (mut ok, mut conflicts) = (0, 0);
    for t in tasks {
        let (o, c) = t.await.expect("client task");
        ok += o;
        conflicts += c;
    }
    assert_eq!(ok + conflicts, 50 * 200);
    assert!(conflicts > 0, "the load must produce conflicts");
    println!("50 × 200 writes: {ok} acknowledged, {conflicts} conflicts (409), no 5xx");

    let store = Store::open(&server.db()).expect("db");
    let answers = store.answers(id).expect("answers");
    let log = store.audit_log(Some(id), 0).expect("log");
    // The final state is the replay of the audit log.
    assert_eq!(replay_answers(&log), answers);
    // Every acknowledged write is in the log with the revision it was acknowledged with, and
    // the stored answer is the one of the highest acknowledged revision.
    let ids: Vec<i64> = sessions.iter().map(|(_, r)| *r).collect();
    let acks = acks.lock().unwrap_or_else(|p| p.into_inner()).clone();
    let mut latest: HashMap<(i64, String), (i64, String)> = HashMap::new();
    for (session, indicator, rev, answer) in &acks {
        let respondent = ids[*session];
        assert!(
            log.iter().any(|e| e.entity == "answer"
                && e.key["respondent"] == respondent
                && e.key["indicator"] == indicator.as_str()
                && e.after
                    .as_ref()
                    .is_some_and(|a| a["revision"] == *rev && a["answer"] == answer.as_str())),
            "acknowledged write {respondent} {indicator} r{rev} is in the log"
        );
        let entry = latest
            .entry((respondent, indicator.clone()))
            .or_insert((0, String::new()));
        if *rev > entry.0 {
            *entry = (*rev, answer.clone());
        }
    }
    for ((respondent, indicator), (rev, answer)) in latest {
        let row = answers
            .iter()
            .find(|a| a.respondent_id == respondent && a.indicator == indicator)
            .expect("stored");
        assert_eq!((row.revision, row.answer.as_deref()), (rev, Some(answer.as_str())));
    }
    // Revisions are gapless per answer: no acknowledged write was lost or duplicated.
    let per_key = acks.len();
    let logged = log
        .iter()
        .filter(|e| e.entity == "answer" && ids.contains(&e.key["respondent"].as_i64().unwrap_or(-1)))
        .count();
    assert_eq!(per_key, logged);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn kill_nine_during_writes_loses_nothing_acknowledged() {
    let tmp = tempfile::tempdir().expect("tmp");
    let mut server = Server::start_in(tmp.path(), &["--demo", "--demo-password", common::PASSWORD]);
    let kumla = server.signed_in("kumla").await;
    let id = kumla_assessment(&kumla).await;
    let sessions = respondents(&server, &kumla, id, 10).await;
    let acks: Acks = Arc::default();
    let mut tasks = Vec::new();
    for n in 0..20 {
        let (client, _) = &sessions[n % 10];
        let acks = Arc::clone(&acks);
        let client = client.clone();
        tasks.push(tokio::spawn(async move {
            let mut revisions: HashMap<&str, i64> = HashMap::new();
            for i in 0..100_000 {
                let indicator = INDICATORS[(n * 7 + i * 3) % INDICATORS.len()];
                let based_on = *revisions.get(indicator).unwrap_or(&0);
                let answer = ["fully", "partly", "not_met"][(n + i) % 3];
                let r = client
                    .http
                    .put(format!("{}/api/v1/assessments/{id}/answers/{indicator}", client.base))
                    .header("cookie", client.cookie.clone().unwrap_or_default())
                    .header("x-csrf-token", client.csrf.clone().unwrap_or_default())
                    .header("if-match", format!("\"{based_on}\""))
                    .json(&json!({"answer": answer}))
                    .send()
                    .await;
                // After the kill, requests fail: the load stops.
                let Ok(r) = r else { break };
                let status = r.status();
                let Ok(body) = r.json::<serde_json::Value>().await else {
                    break;
                };
                if status == StatusCode::OK {
                    let rev = body["revision"].as_i64().unwrap_or(-1);
                    revisions.insert(indicator, rev);
                    acks.lock().unwrap_or_else(|p| p.into_inner()).push((
                        n % 10,
                        indicator.to_owned(),
                        rev,
                        answer.to_owned(),
                    ));
                } else if status == StatusCode::CONFLICT {
                    revisions.insert(indicator, body["current_revision"].as_i64().unwrap_or(0));
                } else {
                    panic!("unexpected {status}: {body}");
                }
            }
        }));
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    // SIGKILL: no shutdown, no flush.
    server.child.kill().expect("kill -9");
    let _ = server.child.wait();
    for t in tasks {
        t.await.expect("client task");
    }
    let acks = acks.lock().unwrap_or_else(|p| p.into_inner()).clone();
    assert!(acks.len() > 50, "writes were under way: {}", acks.len());
    println!("kill -9 after {} acknowledged writes", acks.len());

    let store = Store::open(&server.db()).expect("reopen after the crash");
    assert_eq!(store.integrity_check().expect("check"), "ok");
    let log = store.audit_log(Some(id), 0).expect("log");
    let answers = store.answers(id).expect("answers");
    assert_eq!(replay_answers(&log), answers);
    let ids: Vec<i64> = sessions.iter().map(|(_, r)| *r).collect();
    for (session, indicator, rev, answer) in &acks {
        let respondent = ids[*session];
        assert!(
            log.iter().any(|e| e.key["respondent"] == respondent
                && e.key["indicator"] == indicator.as_str()
                && e.after
                    .as_ref()
                    .is_some_and(|a| a["revision"] == *rev && a["answer"] == answer.as_str())),
            "acknowledged {respondent} {indicator} r{rev} survived"
        );
    }
    drop(store);
    // The service starts again on the same file.
    let again = Server::start_in(tmp.path(), &[]);
    assert_eq!(again.client().get("/api/v1/health").await.0, StatusCode::OK);
    let kumla = again.signed_in("kumla").await;
    assert_eq!(kumla.get(&format!("/api/v1/assessments/{id}")).await.0, StatusCode::OK);
}
