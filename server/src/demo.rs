//! The demo: three accounts, a Kumla team assessment with respondents, and a synthetic national
//! set of published assessments (invented, and marked synthetic wherever it is shown).

use std::sync::Arc;

use eblomlada::analysis::{self, SyntheticOptions};
use eblomlada::Catalogue;
use serde_json::json;

use crate::auth;
use crate::storage::{now_ms, Actor, AnswerWrite, Store, StoreResult};

/// The demo accounts: (name, administrator, authority).
pub const ACCOUNTS: &[(&str, bool, Option<&str>)] = &[
    ("admin", true, None),
    ("kumla", false, Some("1881")),
    ("orebro", false, Some("1880")),
];

/// What the demo prints at start.
pub struct DemoInfo {
    /// Invitation links made on first start (their tokens are never stored, so only then).
    pub links: Vec<(String, String)>,
}

/// Makes sure the demo accounts exist with `password`, and seeds the demo data on first start.
pub fn prepare(store: &Store, password: &str) -> Result<DemoInfo, Box<dyn std::error::Error>> {
    let hash = auth::hash_password(password).map_err(|e| e.to_string())?;
    let system = Actor::System;
    let mut fresh = false;
    for (name, admin, authority) in ACCOUNTS {
        if store.user_by_name(name)?.is_none() {
            store.create_user(&system, name, &hash, *admin)?;
            fresh = true;
        } else {
            store.set_password(name, &hash)?;
        }
        if let Some(code) = authority {
            store.grant_authority(&system, name, code)?;
        }
    }
    let mut info = DemoInfo { links: Vec::new() };
    if fresh && store.assessments(None)?.is_empty() {
        info.links = seed(store)?;
    }
    Ok(info)
}

fn seed(store: &Store) -> Result<Vec<(String, String)>, Box<dyn std::error::Error>> {
    let catalogue = Arc::new(Catalogue::builtin("eblomladan-2016")?);
    publish_synthetic(store, &catalogue)?;
    let kumla = store.user_by_name("kumla")?.ok_or("demo account kumla")?;
    let actor = Actor::User {
        id: kumla.id,
        name: kumla.name.clone(),
    };
    let (assessment, own) = store.create_assessment(&actor, "1881", 2017, "eblomladan-2016")?;
    let mut links = Vec::new();
    let mut respondents = Vec::new();
    for (label, scope, name, department) in [
        (
            "Äldreomsorgen",
            json!({"areas": ["elderly"]}),
            "Anna Lind",
            "Socialförvaltningen",
        ),
        ("IT", json!({"levels": ["tech"]}), "Erik Berg", "IT-avdelningen"),
    ] {
        let token = auth::token();
        let inv = store.create_invitation(
            &actor,
            assessment.id,
            &auth::token_hash(&token),
            "edit",
            Some(&scope),
            label,
            now_ms() + 14 * 86_400_000,
        )?;
        respondents.push(store.accept_invitation(&inv, name, department)?.id);
        let token = auth::token();
        store.create_invitation(
            &actor,
            assessment.id,
            &auth::token_hash(&token),
            "edit",
            Some(&scope),
            label,
            now_ms() + 14 * 86_400_000,
        )?;
        links.push((label.to_owned(), format!("/invite#{token}")));
    }
    let write = |respondent: i64, indicator: &str, answer: &str| -> StoreResult<i64> {
        store.put_answer(
            &actor,
            assessment.id,
            respondent,
            indicator,
            &AnswerWrite {
                answer: Some(answer.to_owned()),
                comment: None,
                based_on: 0,
            },
        )
    };
    for (i, id) in [
        "elderly-01",
        "elderly-02",
        "elderly-03",
        "elderly-04",
        "elderly-05",
        "elderly-06",
    ]
    .iter()
    .enumerate()
    {
        write(respondents[0], id, ["fully", "partly", "not_met"][i % 3])?;
    }
    for (i, id) in ["tech-01", "tech-02", "tech-03", "tech-04"].iter().enumerate() {
        write(respondents[1], id, ["partly", "fully"][i % 2])?;
    }
    // The authority answers the leadership questions and, differently from the elderly care
    // respondent, elderly-02: a disagreement to decide.
    for (i, id) in ["lead-01", "lead-02", "lead-03", "elderly-02"].iter().enumerate() {
        write(own, id, ["fully", "partly", "not_met", "not_met"][i])?;
    }
    Ok(links)
}

/// Publishes the synthetic national set (every municipality but the two demo authorities',
/// 2016 and 2017), marked synthetic.
pub fn publish_synthetic(store: &Store, catalogue: &Arc<Catalogue>) -> Result<usize, Box<dyn std::error::Error>> {
    let codes = analysis::municipalities::MUNICIPALITIES
        .iter()
        .map(|(c, _)| *c)
        .filter(|c| !matches!(*c, "1880" | "1881"));
    let data = analysis::synthetic::generate(
        catalogue,
        &SyntheticOptions::new(2017, [2016, 2017]).municipalities(codes),
    )?;
    for a in &data {
        store.publish(
            &Actor::System,
            None,
            a.municipality(),
            a.year(),
            catalogue.key(),
            &a.to_json(),
            true,
        )?;
    }
    Ok(data.len())
}
