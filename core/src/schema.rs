//! JSON Schemas of the documents other systems exchange with us.
//!
//! The files in `schema/` are generated from these types; a test fails when they drift.

use schemars::generate::SchemaSettings;

use crate::assessment::AssessmentDocument;
use crate::catalogue::CatalogueDocument;
use crate::score::ScoreResult;

/// Every schema file name and its contents, pretty-printed with a trailing newline: catalogue,
/// assessment and score result, then the analysis results and the mapping file.
///
/// ```
/// let schemas = eblomlada::schema::all();
/// let names: Vec<&str> = schemas.iter().map(|(name, _)| *name).collect();
/// assert_eq!(names[..3], ["catalogue.schema.json", "assessment.schema.json", "score-result.schema.json"]);
/// ```
pub fn all() -> Vec<(&'static str, String)> {
    use Direction::{Read, Written};
    let mut schemas = vec![
        ("catalogue.schema.json", render::<CatalogueDocument>("catalogue", Read)),
        (
            "assessment.schema.json",
            render::<AssessmentDocument>("assessment", Read),
        ),
        (
            "score-result.schema.json",
            render::<ScoreResult>("score-result", Written),
        ),
    ];
    schemas.extend(crate::analysis::schemas());
    schemas.extend(crate::team::schemas());
    schemas.push((
        "published.schema.json",
        render::<crate::published::PublishedDocument>("published", Read),
    ));
    schemas
}

/// Whether a document is read by us or only written: a field we leave out when empty is
/// optional in what we write, while what we read follows the reader's rules.
#[derive(Clone, Copy)]
pub(crate) enum Direction {
    Read,
    Written,
}

pub(crate) fn render<T: schemars::JsonSchema>(name: &str, direction: Direction) -> String {
    let settings = SchemaSettings::draft2020_12();
    let settings = match direction {
        Direction::Read => settings,
        Direction::Written => settings.for_serialize(),
    };
    let mut schema = settings.into_generator().into_root_schema_for::<T>();
    schema.insert(
        "$id".to_owned(),
        format!("https://eblomlada.invalid/schema/{name}.schema.json").into(),
    );
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
