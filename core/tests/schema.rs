//! The JSON Schemas in `schema/` are generated from the code: this test fails when they drift
//! (`BLESS=1 cargo test -p eblomlada --test schema` rewrites them), and validates the built-in
//! catalogue, the examples and the golden fixtures against them with an independent validator.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[test]
fn schema_files_match_the_code() {
    let bless = std::env::var_os("BLESS").is_some();
    for (name, text) in eblomlada::schema::all() {
        let path = root().join("schema").join(name);
        if bless {
            std::fs::write(&path, &text).unwrap();
        }
        let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            on_disk == text,
            "schema/{name} is out of date; run `BLESS=1 cargo test -p eblomlada --test schema` and commit"
        );
    }
}

fn validator(name: &str) -> jsonschema::Validator {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("schema").join(name)).unwrap()).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

fn json_files(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(suffix))
        .collect();
    files.sort();
    files
}

fn assert_valid(validator: &jsonschema::Validator, path: &Path) {
    let value: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{} does not match its schema: {errors:#?}",
        path.display()
    );
}

#[test]
fn documents_validate_against_the_schemas() {
    let catalogue = validator("catalogue.schema.json");
    for path in json_files(&root().join("indicators"), ".json")
        .iter()
        .filter(|p| !p.to_string_lossy().contains("mapping") && !p.to_string_lossy().contains(".published-"))
    {
        assert_valid(&catalogue, path);
    }
    let published = validator("published.schema.json");
    let figures = json_files(&root().join("indicators"), ".json");
    let figures: Vec<&PathBuf> = figures
        .iter()
        .filter(|p| p.to_string_lossy().contains(".published-"))
        .collect();
    assert!(!figures.is_empty());
    for path in figures {
        assert_valid(&published, path);
    }
    let assessment = validator("assessment.schema.json");
    let result = validator("score-result.schema.json");
    let examples = json_files(&root().join("examples"), ".json");
    let fixtures = json_files(&root().join("tests/golden"), ".assessment.json");
    assert!(examples.len() + fixtures.len() >= 9);
    for path in examples.iter().chain(&fixtures) {
        assert_valid(&assessment, path);
    }
    for path in json_files(&root().join("tests/golden"), ".expected.json") {
        assert_valid(&result, &path);
    }
}

#[test]
fn team_fixtures_validate_against_the_team_schemas() {
    let contribution = validator("contribution.schema.json");
    let decisions = validator("decisions.schema.json");
    let report = validator("team-report.schema.json");
    let assessment = validator("assessment.schema.json");
    let mut seen = 0;
    for entry in std::fs::read_dir(root().join("tests/team")).unwrap() {
        let dir = entry.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        for path in json_files(&dir, ".json") {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let v = match name.as_str() {
                n if n.starts_with("contribution-") => &contribution,
                "decisions.json" => &decisions,
                n if n.ends_with(".report.json") => &report,
                n if n.ends_with(".merged.json") => &assessment,
                _ => continue,
            };
            assert_valid(v, &path);
            seen += 1;
        }
    }
    assert!(seen >= 15, "{seen} team files checked");
    // A contribution without a respondent is refused by the schema, as by the parser.
    let bare = serde_json::json!({"catalogue": {"id": "eblomladan", "version": "2016"}, "municipality": "1881",
                                  "year": 2017, "answers": {}});
    assert!(!contribution.is_valid(&bare));
}

#[test]
fn the_published_schema_rejects_what_the_parser_rejects() {
    let published = validator("published.schema.json");
    let base = serde_json::json!({"catalogue": {"id": "eblomladan", "version": "2016"}, "year": 2017, "assessments": 61, "source": "s",
        "figures": [{"indicator": "elderly-06", "answer": "fully", "percent": 77, "quote": "q"}]});
    assert!(published.is_valid(&base));
    for (field, value) in [
        ("percent", serde_json::json!(101)),
        ("percent", serde_json::json!(-1)),
        ("share", serde_json::json!(1)),
    ] {
        let mut bad = base.clone();
        bad["figures"][0][field] = value;
        assert!(!published.is_valid(&bad), "{bad}");
    }
    let mut bad = base.clone();
    bad["assessments"] = 0.into();
    assert!(!published.is_valid(&bad));
}

#[test]
fn schemas_reject_what_the_parser_rejects() {
    let assessment = validator("assessment.schema.json");
    let bad = serde_json::json!({"catalogue": {"id": "eblomladan"}, "municipality": "Kumla", "year": "2017", "answers": {"lead-01": {}}});
    let errors = assessment.iter_errors(&bad).count();
    assert!(
        errors >= 4,
        "expected the schema to flag version, municipality, year and answer; got {errors}"
    );
    let catalogue = validator("catalogue.schema.json");
    let bad = serde_json::json!({"id": "x", "version": "1", "name": {"sv": "x"}, "scale": [], "levels": [{"id": "a", "weight": 0.5, "name": {}}], "bands": [], "areas": [], "indicators": []});
    assert!(
        !catalogue.is_valid(&bad),
        "a float weight must be rejected: weights are exact fractions"
    );
}
