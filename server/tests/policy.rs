//! The policy matrix through the HTTP API: every role × action allowed or refused as the pure
//! policy (itself tested cell by cell against the written table) says.

mod common;

use common::{kumla_assessment, respondent, Client, Server};
use eblomlada_server::policy::{allows, Action, Facts, Role};
use eblomlada_server::storage::{Actor, Store};
use reqwest::{Method, StatusCode};
use serde_json::json;

struct Ctx<'a> {
    kumla: &'a Client,
    id: i64,
    publication: i64,
}

/// Performs `action` as `client` and says whether it was let through.
async fn attempt(ctx: &Ctx<'_>, client: &Client, role: Role, action: Action, out_of_scope: bool) -> bool {
    let id = ctx.id;
    let (status, body) = match action {
        Action::CreateAssessment => {
            client
                .post("/api/v1/assessments", &json!({"municipality": "1881", "year": 2019}))
                .await
        }
        Action::ReadAssessment => client.get(&format!("/api/v1/assessments/{id}")).await,
        Action::WriteAnswer => {
            let indicator = if out_of_scope { "lead-05" } else { "elderly-07" };
            client.put_answer(id, indicator, Some("partly"), None, 0).await
        }
        Action::Invite => {
            client
                .post(
                    &format!("/api/v1/assessments/{id}/invitations"),
                    &json!({"permission": "view"}),
                )
                .await
        }
        Action::Revoke => {
            let (_, inv) = ctx
                .kumla
                .post(
                    &format!("/api/v1/assessments/{id}/invitations"),
                    &json!({"permission": "view"}),
                )
                .await;
            let inv = inv["invitation"]["id"].as_i64().unwrap_or(0);
            client
                .delete(&format!("/api/v1/assessments/{id}/invitations/{inv}"))
                .await
        }
        Action::Decide => {
            client
                .call(
                    Method::PUT,
                    &format!("/api/v1/assessments/{id}/decisions/lead-30"),
                    Some(&json!({"answer": "fully"})),
                    &[("if-match", "\"0\"")],
                )
                .await
        }
        Action::Publish => {
            client
                .post(&format!("/api/v1/assessments/{id}/publications"), &json!({}))
                .await
        }
        Action::Withdraw => {
            client
                .post(
                    &format!("/api/v1/publications/{}/withdraw", ctx.publication),
                    &json!({}),
                )
                .await
        }
        Action::ReadAudit => client.get(&format!("/api/v1/assessments/{id}/audit")).await,
        Action::ViewNational => client.get("/api/v1/national").await,
        Action::RequestAuthority => {
            client
                .post(
                    "/api/v1/authority-requests",
                    &json!({"municipality": "1881", "reason": "Digitaliseringsstrateg"}),
                )
                .await
        }
        Action::Administer => client.get("/api/v1/authority-requests").await,
        _ => unreachable!("every action is listed"),
    };
    assert!(!status.is_server_error(), "{role:?} {action:?}: {status} {body}");
    let refused = status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN;
    if role == Role::Anonymous {
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{action:?}");
    }
    !refused
}

#[tokio::test]
async fn every_role_times_every_action_through_http() {
    let server = Server::demo();
    let kumla = server.signed_in("kumla").await;
    let admin = server.signed_in("admin").await;
    let id = kumla_assessment(&kumla).await;
    let (status, _) = admin
        .post(
            "/api/v1/users",
            &json!({"name": "member", "password": common::PASSWORD}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let member = server.signed_in("member").await;
    let (editor, _) = respondent(&server, &kumla, id, "edit", Some(json!({"areas": ["elderly"]}))).await;
    let (viewer, _) = respondent(&server, &kumla, id, "view", None).await;
    let anonymous = server.client();
    let clients: Vec<(Role, &Client)> = vec![
        (Role::Anonymous, &anonymous),
        (Role::Member, &member),
        (Role::Editor, &editor),
        (Role::Viewer, &viewer),
        (Role::Admin, &admin),
        (Role::Authority, &kumla),
    ];
    let mut ctx = Ctx {
        kumla: &kumla,
        id,
        publication: 0,
    };
    let mut checked = 0;
    // Phase 1: Kumla has not published.
    for (role, client) in &clients {
        for action in Action::ALL {
            if action == Action::Withdraw {
                continue;
            }
            let facts = Facts {
                in_scope: true,
                published_own: false,
            };
            let want = allows(*role, action, facts);
            assert_eq!(
                attempt(&ctx, client, *role, action, false).await,
                want,
                "{role:?} × {action:?}"
            );
            checked += 1;
        }
        // Out of scope.
        // Outside a respondent's scope; an account's own answers have the whole catalogue.
        let in_scope = !matches!(role, Role::Editor | Role::Viewer);
        let want = allows(
            *role,
            Action::WriteAnswer,
            Facts {
                in_scope,
                published_own: false,
            },
        );
        assert_eq!(
            attempt(&ctx, client, *role, Action::WriteAnswer, true).await,
            want,
            "{role:?} out of scope"
        );
        checked += 1;
    }
    // Phase 2: Kumla has a live publication.
    let store = Store::open(&server.db()).expect("db");
    let catalogue = eblomlada::Catalogue::builtin("eblomladan-2016").expect("catalogue");
    let doc = eblomlada::Assessment::new(&std::sync::Arc::new(catalogue), "1881", 2017)
        .expect("assessment")
        .to_json();
    ctx.publication = store
        .publish(&Actor::System, Some(id), "1881", 2017, "eblomladan-2016", &doc, false)
        .expect("publish")
        .id;
    let published = Facts {
        in_scope: true,
        published_own: true,
    };
    for (role, client) in &clients {
        let want = allows(*role, Action::ViewNational, published);
        assert_eq!(
            attempt(&ctx, client, *role, Action::ViewNational, false).await,
            want,
            "{role:?} national after publishing"
        );
        checked += 1;
    }
    for (role, client) in &clients {
        let want = allows(*role, Action::Withdraw, published);
        assert_eq!(
            attempt(&ctx, client, *role, Action::Withdraw, false).await,
            want,
            "{role:?} withdraw"
        );
        checked += 1;
    }
    assert_eq!(checked, 6 * 11 + 6 + 6 + 6);
}
