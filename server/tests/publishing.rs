//! Publishing, versions, withdrawal, the national compilation and the visibility rule.

mod common;

use common::{kumla_assessment, Client, Server};
use reqwest::{header, Method, StatusCode};
use serde_json::{json, Value};

/// Answers every indicator nobody has answered yet, as the caller.
async fn answer_the_rest(c: &Client, id: i64) {
    let (_, view) = c.get(&format!("/api/v1/assessments/{id}")).await;
    let answered: Vec<String> = view["answers"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| a["indicator"].as_str().map(str::to_owned))
        .collect();
    let catalogue = eblomlada::Catalogue::builtin("eblomladan-2016").expect("catalogue");
    for (i, ind) in catalogue.indicators().iter().enumerate() {
        if answered.contains(&ind.id) {
            continue;
        }
        let answer = ["fully", "partly", "not_met"][i % 3];
        let (status, body) = c.put_answer(id, &ind.id, Some(answer), None, 0).await;
        assert_eq!(status, StatusCode::OK, "{} {body}", ind.id);
    }
}

fn municipalities(national: &Value) -> Vec<(String, i64)> {
    national["municipalities"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|m| {
            (
                m["municipality"].as_str().unwrap_or_default().to_owned(),
                m["version"].as_i64().unwrap_or(0),
            )
        })
        .collect()
}

#[tokio::test]
async fn publish_versions_visibility_and_the_national_compilation() {
    let server = Server::demo();
    let kumla = server.signed_in("kumla").await;
    let orebro = server.signed_in("orebro").await;
    let admin = server.signed_in("admin").await;
    let id = kumla_assessment(&kumla).await;

    // The administrator sees the synthetic national set, marked synthetic.
    let (status, national) = admin.get("/api/v1/national?year=2017").await;
    assert_eq!(status, StatusCode::OK, "{national}");
    assert_eq!(national["published"], 288);
    assert_eq!(national["synthetic"], 288);
    assert!(national["note"].as_str().unwrap_or_default().contains("synthetic"));
    assert_eq!(national["compilation"]["groups"]["18"]["name"], "Örebro län");
    assert_eq!(national["compilation"]["top"].as_array().map(Vec::len), Some(10));
    // The page's answer leaves out the groups' per-indicator figures; `detail=full` has them.
    assert!(national["compilation"]["groups"]["18"].get("indicators").is_none());
    assert!(national["compilation"]["indicators"]["elderly-06"]["shares"]["fully"].is_number());
    let (_, full) = admin.get("/api/v1/national?year=2017&detail=full").await;
    assert!(full["compilation"]["groups"]["18"]["indicators"]["elderly-06"]["shares"]["fully"].is_number());
    // Authorities that have not published see nothing of others.
    assert_eq!(kumla.get("/api/v1/national").await.0, StatusCode::FORBIDDEN);
    assert_eq!(orebro.get("/api/v1/national.csv").await.0, StatusCode::FORBIDDEN);

    // Incomplete: refused, with the reason.
    let (status, body) = kumla
        .post(&format!("/api/v1/assessments/{id}/publications"), &json!({}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["type"], "/problems/state");

    // The demo's disagreement on elderly-02 is shown by the core's team report and stays open.
    answer_the_rest(&kumla, id).await;
    let (_, view) = kumla.get(&format!("/api/v1/assessments/{id}")).await;
    assert_eq!(
        view["team"]["report"]["open"],
        json!(["elderly-02"]),
        "{}",
        view["team"]["report"]["summary"]
    );
    let responses = &view["team"]["report"]["indicators"]["elderly-02"]["responses"];
    assert_eq!(responses.as_array().map(Vec::len), Some(2));
    assert_eq!(
        view["team"]["report"]["participation"].as_array().map(Vec::len),
        Some(3)
    );
    let (status, _) = kumla
        .post(&format!("/api/v1/assessments/{id}/publications"), &json!({}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT);

    // Decide, then publish: version 1; publishing again adds version 2.
    let (status, body) = kumla
        .call(
            Method::PUT,
            &format!("/api/v1/assessments/{id}/decisions/elderly-02"),
            Some(&json!({"answer": "partly", "comment": "Beslutat på ledningsgruppen"})),
            &[("if-match", "\"0\"")],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, view) = kumla.get(&format!("/api/v1/assessments/{id}")).await;
    assert_eq!(view["team"]["merged"]["answers"]["elderly-02"]["answer"], "partly");
    let (status, first) = kumla
        .post(&format!("/api/v1/assessments/{id}/publications"), &json!({}))
        .await;
    assert_eq!(
        (status, first["version"].as_i64()),
        (StatusCode::CREATED, Some(1)),
        "{first}"
    );
    // Another municipality cannot publish it.
    assert_eq!(
        orebro
            .post(&format!("/api/v1/assessments/{id}/publications"), &json!({}))
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    kumla.put_answer(id, "lead-01", Some("not_met"), None, 1).await;
    let (status, second) = kumla
        .post(&format!("/api/v1/assessments/{id}/publications"), &json!({}))
        .await;
    assert_eq!((status, second["version"].as_i64()), (StatusCode::CREATED, Some(2)));
    let (_, versions) = kumla.get(&format!("/api/v1/assessments/{id}/publications")).await;
    assert_eq!(versions.as_array().map(Vec::len), Some(2));

    // Kumla has published: it sees the compilation with its latest version, and itself against
    // the nation and its county.
    let (status, national) = kumla.get("/api/v1/national?year=2017").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(national["published"], 289);
    assert!(municipalities(&national).contains(&("1881".to_owned(), 2)));
    assert_eq!(national["own"][0]["municipality"], "1881");
    assert_eq!(national["own"][0]["group"]["key"], "18");
    // The frozen version 1 still reads as it was published.
    let first_id = first["id"].as_i64().unwrap_or(0);
    let (status, doc) = kumla.get(&format!("/api/v1/publications/{first_id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_ne!(doc["answers"]["lead-01"]["answer"], "not_met");

    // Örebro cannot see Kumla's results until it publishes itself.
    assert_eq!(
        orebro.get(&format!("/api/v1/publications/{first_id}")).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(orebro.get("/api/v1/national").await.0, StatusCode::FORBIDDEN);
    let (status, own) = orebro
        .post("/api/v1/assessments", &json!({"municipality": "1880", "year": 2017}))
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let own = own["id"].as_i64().unwrap_or(0);
    answer_the_rest(&orebro, own).await;
    assert_eq!(
        orebro
            .post(&format!("/api/v1/assessments/{own}/publications"), &json!({}))
            .await
            .0,
        StatusCode::CREATED
    );
    assert_eq!(
        orebro.get(&format!("/api/v1/publications/{first_id}")).await.0,
        StatusCode::OK
    );
    let (status, national) = orebro.get("/api/v1/national?year=2017").await;
    assert_eq!(status, StatusCode::OK);
    let list = municipalities(&national);
    assert!(list.contains(&("1880".to_owned(), 1)) && list.contains(&("1881".to_owned(), 2)));
    assert_eq!(national["published"], 290);
    assert_eq!(national["synthetic"], 288);

    // Downloads.
    let r = orebro
        .raw(Method::GET, "/api/v1/national.csv?year=2017", None, &[])
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers()[header::CONTENT_TYPE]
        .to_str()
        .unwrap_or_default()
        .starts_with("text/csv"));
    assert!(r.text().await.unwrap_or_default().starts_with("group,indicator"));
    let r = orebro
        .raw(Method::GET, "/api/v1/national.xlsx?year=2017&lang=en", None, &[])
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.bytes().await.map(|b| b.starts_with(b"PK")).unwrap_or(false));

    // Withdrawing version 2 brings version 1 back into the compilation; others cannot withdraw.
    let second_id = second["id"].as_i64().unwrap_or(0);
    assert_eq!(
        orebro
            .post(&format!("/api/v1/publications/{second_id}/withdraw"), &json!({}))
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        kumla
            .post(&format!("/api/v1/publications/{second_id}/withdraw"), &json!({}))
            .await
            .0,
        StatusCode::NO_CONTENT
    );
    let (_, national) = admin.get("/api/v1/national?year=2017").await;
    assert!(municipalities(&national).contains(&("1881".to_owned(), 1)));
    // The audit log names every publication and the withdrawal.
    let (_, log) = kumla.get(&format!("/api/v1/assessments/{id}/audit")).await;
    let publications = log
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["entity"] == "publication")
        .count();
    assert_eq!(publications, 3);
}
