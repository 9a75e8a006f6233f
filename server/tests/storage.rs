//! Migrations from every earlier schema version, refusing a newer one, and backup/restore
//! through the command line.

mod common;

use std::process::Command;

use common::{kumla_assessment, Server};
use eblomlada_server::storage::{latest_version, Store, StoreError};
use reqwest::StatusCode;

/// Rows that exist from version 1 on, written with plain SQL as that version's code did.
fn fill_v1(path: &std::path::Path) {
    let conn = rusqlite::Connection::open(path).expect("db");
    conn.execute_batch(
        "INSERT INTO users (id, name, password_hash, admin, created_at) VALUES (1, 'kumla', 'x', 0, 1);
         INSERT INTO authorities (user_id, municipality, granted_at) VALUES (1, '1881', 1);
         INSERT INTO assessments (id, municipality, year, catalogue, created_by, created_at) VALUES (1, '1881', 2017, 'eblomladan-2016', 1, 1);
         INSERT INTO respondents (id, assessment_id, user_id, name, department, permission, created_at) VALUES (1, 1, 1, 'kumla', '', 'edit', 1);
         INSERT INTO answers (assessment_id, respondent_id, indicator, answer, comment, revision, updated_at) VALUES (1, 1, 'lead-01', 'fully', 'kvar', 3, 1);
         INSERT INTO publications (id, assessment_id, municipality, year, catalogue, version, document, published_at) VALUES (1, 1, '1881', 2017, 'eblomladan-2016', 1, '{}', 1);
         INSERT INTO audit (at, actor, assessment_id, entity, key, before, after) VALUES (1, 'user:kumla', 1, 'answer', '{\"respondent\":1,\"indicator\":\"lead-01\"}', NULL, '{\"answer\":\"fully\",\"comment\":\"kvar\",\"revision\":3}');",
    )
    .expect("version 1 rows");
}

#[test]
fn migrations_from_every_earlier_version() {
    assert!(latest_version() >= 2);
    for from in 0..latest_version() {
        let tmp = tempfile::tempdir().expect("tmp");
        let path = tmp.path().join("db.sqlite3");
        let old = Store::open_at(&path, from).expect("old schema");
        assert_eq!(old.schema_version().expect("version"), from);
        drop(old);
        if from >= 1 {
            fill_v1(&path);
        }
        let store = Store::open(&path).expect("migrated");
        assert_eq!(
            store.schema_version().expect("version"),
            latest_version(),
            "from {from}"
        );
        assert_eq!(store.integrity_check().expect("check"), "ok");
        if from >= 1 {
            let user = store.user_by_name("kumla").expect("query").expect("kept");
            assert_eq!(user.authorities, vec!["1881".to_owned()]);
            let answers = store.answers(1).expect("answers");
            assert_eq!((answers[0].answer.as_deref(), answers[0].revision), (Some("fully"), 3));
            // Version 2's column: old publications are real ones.
            let p = store.publication(1).expect("publication");
            assert!(!p.synthetic);
            assert_eq!(store.latest_publications("eblomladan-2016").expect("latest").len(), 1);
            // Version 2's table works.
            store.record_failure("kumla", "127.0.0.1").expect("failures");
            assert_eq!(store.failures_since("kumla", "127.0.0.1", 0).expect("count"), (1, 1));
            assert_eq!(
                eblomlada_server::storage::replay_answers(&store.audit_log(Some(1), 0).expect("log")),
                answers
            );
        }
        // Opening again changes nothing.
        drop(store);
        assert_eq!(
            Store::open(&path).expect("again").schema_version().expect("v"),
            latest_version()
        );
    }
}

#[test]
fn a_newer_database_is_refused() {
    let tmp = tempfile::tempdir().expect("tmp");
    let path = tmp.path().join("db.sqlite3");
    drop(Store::open(&path).expect("new"));
    let conn = rusqlite::Connection::open(&path).expect("db");
    conn.pragma_update(None, "user_version", 99).expect("bump");
    drop(conn);
    assert!(matches!(Store::open(&path), Err(StoreError::TooNew { found: 99, .. })));
}

#[tokio::test]
async fn backup_while_serving_and_restore_round_trip() {
    let tmp = tempfile::tempdir().expect("tmp");
    let data = tmp.path().join("data");
    let server = Server::start_in(&data, &["--demo", "--demo-password", common::PASSWORD]);
    let kumla = server.signed_in("kumla").await;
    let id = kumla_assessment(&kumla).await;
    assert_eq!(
        kumla.put_answer(id, "lead-20", Some("fully"), Some("före"), 0).await.0,
        StatusCode::OK
    );
    let backup = tmp.path().join("backup.sqlite3");
    let bin = env!("CARGO_BIN_EXE_eblomlada-server");
    let out = Command::new(bin)
        .args(["backup", "--to"])
        .arg(&backup)
        .arg("--data")
        .arg(&data)
        .output()
        .expect("backup");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // A second backup to the same file is refused rather than overwriting it.
    let again = Command::new(bin)
        .args(["backup", "--to"])
        .arg(&backup)
        .arg("--data")
        .arg(&data)
        .output()
        .expect("run");
    assert!(!again.status.success());
    // Written after the backup: gone after the restore.
    assert_eq!(
        kumla
            .put_answer(id, "lead-20", Some("not_met"), Some("efter"), 1)
            .await
            .0,
        StatusCode::OK
    );
    let before = Store::open(&backup)
        .expect("backup opens")
        .answers(id)
        .expect("answers");
    server.stop();

    let out = Command::new(bin)
        .args(["restore", "--from"])
        .arg(&backup)
        .arg("--data")
        .arg(&data)
        .output()
        .expect("restore");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let store = Store::open(&data.join("eblomlada.sqlite3")).expect("restored");
    assert_eq!(store.integrity_check().expect("check"), "ok");
    let after = store.answers(id).expect("answers");
    assert_eq!(after, before);
    let lead20 = after.iter().find(|a| a.indicator == "lead-20").expect("kept");
    assert_eq!(lead20.comment.as_deref(), Some("före"));
    drop(store);
    // The restored service serves.
    let server = Server::start_in(&data, &[]);
    let kumla = server.signed_in("kumla").await;
    assert_eq!(kumla.get(&format!("/api/v1/assessments/{id}")).await.0, StatusCode::OK);
    // A missing backup file is refused.
    let out = Command::new(bin)
        .args(["restore", "--from", "/nonexistent.sqlite3", "--data"])
        .arg(&data)
        .output()
        .expect("run");
    assert!(!out.status.success());
}

#[test]
fn admin_create_user_from_the_command_line() {
    let tmp = tempfile::tempdir().expect("tmp");
    let bin = env!("CARGO_BIN_EXE_eblomlada-server");
    let out = Command::new(bin)
        .args(["admin", "create-user", "lindesberg", "--authority", "1885", "--data"])
        .arg(tmp.path())
        .env("EBLOMLADA_PASSWORD", "ett långt lösenord")
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let store = Store::open(&tmp.path().join("eblomlada.sqlite3")).expect("db");
    let user = store.user_by_name("lindesberg").expect("q").expect("created");
    assert_eq!(user.authorities, vec!["1885".to_owned()]);
    assert!(user.password_hash.starts_with("$argon2id$"));
    assert!(eblomlada_server::auth::verify_password(
        "ett långt lösenord",
        &user.password_hash
    ));
    let out = Command::new(bin)
        .args(["admin", "create-user", "x", "--authority", "9999", "--data"])
        .arg(tmp.path())
        .env("EBLOMLADA_PASSWORD", "ett långt lösenord")
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(store.user_by_name("x").expect("q").is_none(), "nothing half-done");
}
