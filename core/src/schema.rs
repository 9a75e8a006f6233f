//! JSON Schemas of the three documents other systems exchange with us.
//!
//! The files in `schema/` are generated from these types; a test fails when they drift.

use schemars::generate::SchemaSettings;

use crate::assessment::AssessmentDocument;
use crate::catalogue::CatalogueDocument;
use crate::score::ScoreResult;

/// The schema file names and their contents, pretty-printed with a trailing newline.
///
/// ```
/// let schemas = eblomlada::schema::all();
/// let names: Vec<&str> = schemas.iter().map(|(name, _)| *name).collect();
/// assert_eq!(names, ["catalogue.schema.json", "assessment.schema.json", "score-result.schema.json"]);
/// ```
pub fn all() -> Vec<(&'static str, String)> {
    vec![
        ("catalogue.schema.json", render::<CatalogueDocument>("catalogue")),
        ("assessment.schema.json", render::<AssessmentDocument>("assessment")),
        ("score-result.schema.json", render::<ScoreResult>("score-result")),
    ]
}

fn render<T: schemars::JsonSchema>(name: &str) -> String {
    let generator = SchemaSettings::draft2020_12().into_generator();
    let mut schema = generator.into_root_schema_for::<T>();
    schema.insert(
        "$id".to_owned(),
        format!("https://eblomlada.invalid/schema/{name}.schema.json").into(),
    );
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
