//! Version mappings: how the indicators of a new catalogue version correspond to an old one.
//!
//! Catalogue revisions (about every second year) reword, tighten, merge, split, add and remove
//! indicators, and results of different versions "cannot be compared directly — only indicator
//! by indicator where an indicator carries over" (DOMAIN.md §1). A mapping file says, for every
//! indicator of the new version, what it corresponds to in the old one, and lists the old
//! indicators that were removed:
//!
//! ```json
//! {
//!   "from": {"id": "eblomladan", "version": "2016"},
//!   "to": {"id": "eblomladan", "version": "2018"},
//!   "indicators": {
//!     "elderly-01": {"relation": "same", "from": ["elderly-01"]},
//!     "elderly-02": {"relation": "stricter", "from": ["elderly-02"], "note": "now also home care"},
//!     "lead-01": {"relation": "merged", "from": ["lead-01", "lead-02"]},
//!     "lead-02": {"relation": "split", "from": ["lead-03"]},
//!     "lead-03": {"relation": "split", "from": ["lead-03"]},
//!     "tech-11": {"relation": "new"}
//!   },
//!   "removed": ["lead-34"],
//!   "notes": ["free text"]
//! }
//! ```
//!
//! Rules, checked when the mapping is bound to its two catalogues (every problem with its JSON
//! path): every new indicator has exactly one entry and no other key is used; `same`,
//! `reworded`, `stricter` and `split` name exactly one old indicator, `merged` at least two,
//! `new` none; an old indicator may be named by several entries only if all of them are
//! `split`, and a `split` source must be named at least twice; every old indicator is either
//! named or `removed`, never both; the old scale's answer ids must exist in the new scale.
//!
//! Translating an old answer to the new version: `same`, `reworded`, `stricter` and `split`
//! carry the old answer (and comment) over; `merged` takes the lowest answer of its sources,
//! and only when all of them are answered (comments are joined, each prefixed with its old
//! id); `new` stays unanswered.

use std::collections::HashMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::analysis::AnalysisError;
use crate::assessment::{Answer, Assessment};
use crate::catalogue::{Catalogue, CatalogueRef};
use crate::error::Problem;
use crate::json::{self, push_index, push_key, OrderedMap, StrictMap};

/// How a new indicator relates to the old version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// The same statement.
    Same,
    /// Reworded without changing what it takes to meet it.
    Reworded,
    /// Stricter wording: the same answer means more than before, so a drop may be no decline.
    Stricter,
    /// Several old indicators merged into this one.
    Merged,
    /// One old indicator split into this and at least one more.
    Split,
    /// No counterpart in the old version.
    New,
}

impl Relation {
    /// The id used in files, e.g. `stricter`.
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Same => "same",
            Relation::Reworded => "reworded",
            Relation::Stricter => "stricter",
            Relation::Merged => "merged",
            Relation::Split => "split",
            Relation::New => "new",
        }
    }
}

/// One new indicator's entry in a mapping file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MappingEntry {
    /// How it relates to the old version.
    pub relation: Relation,
    /// The old indicators it corresponds to (none for `new`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub from: Vec<String>,
    /// What changed, in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A mapping file as written, before it is checked against its two catalogues.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "eblomlada version mapping")]
pub struct MappingDocument {
    /// The old catalogue.
    pub from: CatalogueRef,
    /// The new catalogue.
    pub to: CatalogueRef,
    /// One entry per indicator of the new catalogue, keyed by its id.
    pub indicators: OrderedMap<MappingEntry>,
    /// Old indicators with no counterpart in the new version.
    #[serde(default)]
    pub removed: Vec<String>,
    /// Free text.
    #[serde(default)]
    pub notes: Vec<String>,
}

impl MappingDocument {
    /// Parses a mapping file (syntax, shape and duplicate keys only).
    pub fn from_json(text: &str) -> Result<MappingDocument, AnalysisError> {
        json::from_str(text).map_err(|p| AnalysisError::InvalidMapping { problems: vec![p] })
    }
}

/// A checked mapping from an old catalogue version to a new one.
///
/// ```
/// use std::sync::Arc;
/// use eblomlada::analysis::{Mapping, Relation};
/// use eblomlada::{Assessment, Catalogue};
///
/// let old = Arc::new(Catalogue::builtin("eblomladan-2016")?);
/// // The identity mapping of a catalogue onto itself, with one indicator marked stricter.
/// let entries: Vec<String> = old.indicators().iter().map(|i| {
///     let relation = if i.id == "tech-03" { "stricter" } else { "same" };
///     format!(r#""{0}": {{"relation": "{relation}", "from": ["{0}"]}}"#, i.id)
/// }).collect();
/// let text = format!(r#"{{"from": {{"id": "eblomladan", "version": "2016"}},
///                        "to": {{"id": "eblomladan", "version": "2016"}},
///                        "indicators": {{{}}}}}"#, entries.join(","));
/// let mapping = Mapping::from_json(&text, &old, &old)?;
/// assert_eq!(mapping.relation("tech-03"), Some(Relation::Stricter));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Mapping {
    from: Arc<Catalogue>,
    to: Arc<Catalogue>,
    document: MappingDocument,
    /// Per new indicator (catalogue order): relation and old indicator positions.
    sources: Vec<(Relation, Vec<usize>)>,
    /// Old indicator positions that were removed.
    removed: Vec<usize>,
    /// Old scale position → new scale position.
    answers: Vec<usize>,
}

impl Mapping {
    /// Parses and checks a mapping file against the old (`from`) and new (`to`) catalogues.
    pub fn from_json(text: &str, from: &Arc<Catalogue>, to: &Arc<Catalogue>) -> Result<Mapping, AnalysisError> {
        Mapping::from_document(MappingDocument::from_json(text)?, from, to)
    }

    /// Checks a parsed mapping against its catalogues, reporting every problem.
    pub fn from_document(
        document: MappingDocument,
        from: &Arc<Catalogue>,
        to: &Arc<Catalogue>,
    ) -> Result<Mapping, AnalysisError> {
        let mut p = Vec::new();
        if document.from != from.reference() {
            p.push(Problem::error(
                "$.from",
                format!(
                    "the mapping is from catalogue {} but the old catalogue is {}",
                    document.from,
                    from.reference()
                ),
            ));
        }
        if document.to != to.reference() {
            p.push(Problem::error(
                "$.to",
                format!(
                    "the mapping is to catalogue {} but the new catalogue is {}",
                    document.to,
                    to.reference()
                ),
            ));
        }
        let mut sources: Vec<Option<(Relation, Vec<usize>)>> = vec![None; to.indicators().len()];
        // Old position → paths of the entries that name it, and whether all are `split`.
        let mut named: HashMap<usize, Vec<(String, Relation)>> = HashMap::new();
        for (new_id, entry) in document.indicators.iter() {
            let path = push_key("$.indicators", new_id);
            let Some(position) = to.indicator_index(new_id) else {
                p.push(Problem::error(
                    &path,
                    format!(
                        "unknown indicator {new_id:?}; the new catalogue {} has no such indicator",
                        to.key()
                    ),
                ));
                continue;
            };
            let arity_ok = match entry.relation {
                Relation::Same | Relation::Reworded | Relation::Stricter | Relation::Split => entry.from.len() == 1,
                Relation::Merged => entry.from.len() >= 2,
                Relation::New => entry.from.is_empty(),
            };
            if !arity_ok {
                let expected = match entry.relation {
                    Relation::Merged => "at least two old indicators",
                    Relation::New => "no old indicator",
                    _ => "exactly one old indicator",
                };
                p.push(Problem::error(
                    push_key(&path, "from"),
                    format!(
                        "relation {:?} takes {expected}, found {}",
                        entry.relation.as_str(),
                        entry.from.len()
                    ),
                ));
            }
            let mut old_positions = Vec::new();
            for (k, old_id) in entry.from.iter().enumerate() {
                let old_path = push_index(&push_key(&path, "from"), k);
                match from.indicator_index(old_id) {
                    Some(o) if old_positions.contains(&o) => {
                        p.push(Problem::error(old_path, format!("{old_id:?} is named twice")));
                    }
                    Some(o) => {
                        old_positions.push(o);
                        named.entry(o).or_default().push((old_path, entry.relation));
                    }
                    None => p.push(Problem::error(
                        old_path,
                        format!(
                            "unknown indicator {old_id:?}; the old catalogue {} has no such indicator",
                            from.key()
                        ),
                    )),
                }
            }
            sources[position] = Some((entry.relation, old_positions));
        }
        for (i, slot) in sources.iter().enumerate() {
            if slot.is_none() && !document.indicators.0.iter().any(|(k, _)| *k == to.indicators()[i].id) {
                p.push(Problem::error(
                    "$.indicators",
                    format!(
                        "no entry for the new indicator {:?}; every indicator of {} needs one (use \"new\" if it has no counterpart)",
                        to.indicators()[i].id,
                        to.key()
                    ),
                ));
            }
        }
        let mut named_sorted: Vec<(&usize, &Vec<(String, Relation)>)> = named.iter().collect();
        named_sorted.sort_by_key(|(o, _)| **o);
        for (&o, entries) in named_sorted {
            let old_id = &from.indicators()[o].id;
            let splits = entries.iter().filter(|(_, r)| *r == Relation::Split).count();
            if entries.len() > 1 && splits < entries.len() {
                p.push(Problem::error(
                    &entries[1].0,
                    format!(
                        "the old indicator {old_id:?} is named by {} entries; only \"split\" entries may share an old indicator",
                        entries.len()
                    ),
                ));
            } else if splits == 1 {
                p.push(Problem::error(
                    &entries[0].0,
                    format!("the old indicator {old_id:?} is split into only one new indicator; use \"same\", \"reworded\" or \"stricter\""),
                ));
            }
        }
        let mut removed = Vec::new();
        for (k, old_id) in document.removed.iter().enumerate() {
            let path = push_index("$.removed", k);
            match from.indicator_index(old_id) {
                None => p.push(Problem::error(
                    path,
                    format!(
                        "unknown indicator {old_id:?}; the old catalogue {} has no such indicator",
                        from.key()
                    ),
                )),
                Some(o) if removed.contains(&o) => {
                    p.push(Problem::error(path, format!("{old_id:?} is listed twice")));
                }
                Some(o) if named.contains_key(&o) => p.push(Problem::error(
                    path,
                    format!("{old_id:?} is listed as removed but a new indicator names it"),
                )),
                Some(o) => removed.push(o),
            }
        }
        for (o, indicator) in from.indicators().iter().enumerate() {
            if !named.contains_key(&o) && !removed.contains(&o) {
                p.push(Problem::error(
                    "$.removed",
                    format!(
                        "the old indicator {:?} is neither named by a new indicator nor listed as removed",
                        indicator.id
                    ),
                ));
            }
        }
        let mut answers = Vec::new();
        for (k, entry) in from.scale().iter().enumerate() {
            match to.answer_index(&entry.id) {
                Some(n) => answers.push(n),
                None => p.push(Problem::error(
                    "$.to",
                    format!(
                        "the old answer {:?} (scale position {k}) does not exist in the new catalogue's scale ({})",
                        entry.id,
                        to.answer_ids().join(", ")
                    ),
                )),
            }
        }
        if !p.is_empty() {
            return Err(AnalysisError::InvalidMapping {
                problems: crate::error::capped(p),
            });
        }
        Ok(Mapping {
            from: Arc::clone(from),
            to: Arc::clone(to),
            document,
            sources: sources
                .into_iter()
                .map(|s| s.unwrap_or((Relation::New, Vec::new())))
                .collect(),
            removed,
            answers,
        })
    }

    /// The old catalogue.
    pub fn from_catalogue(&self) -> &Arc<Catalogue> {
        &self.from
    }

    /// The new catalogue.
    pub fn to_catalogue(&self) -> &Arc<Catalogue> {
        &self.to
    }

    /// The document the mapping was read from.
    pub fn document(&self) -> &MappingDocument {
        &self.document
    }

    /// The relation of a new indicator to the old version.
    pub fn relation(&self, new_id: &str) -> Option<Relation> {
        self.to.indicator_index(new_id).map(|i| self.sources[i].0)
    }

    /// The old indicator ids a new indicator corresponds to.
    pub fn sources_of(&self, new_id: &str) -> Vec<&str> {
        self.to
            .indicator_index(new_id)
            .map(|i| self.old_ids(i).collect())
            .unwrap_or_default()
    }

    pub(crate) fn old_ids(&self, new_index: usize) -> impl Iterator<Item = &str> {
        self.sources[new_index]
            .1
            .iter()
            .map(|&o| self.from.indicators()[o].id.as_str())
    }

    pub(crate) fn entry(&self, new_index: usize) -> (Relation, &[usize]) {
        let (relation, sources) = &self.sources[new_index];
        (*relation, sources)
    }

    /// The old indicator ids that were removed.
    pub fn removed(&self) -> Vec<&str> {
        self.removed
            .iter()
            .map(|&o| self.from.indicators()[o].id.as_str())
            .collect()
    }

    pub(crate) fn removed_positions(&self) -> &[usize] {
        &self.removed
    }

    /// The old assessment's answer to new indicator `new_index`, as a position in the new scale.
    pub(crate) fn translated(&self, old: &Assessment, new_index: usize) -> Option<usize> {
        let (relation, sources) = &self.sources[new_index];
        if *relation == Relation::New || sources.is_empty() {
            return None;
        }
        let scale = self.from.scale();
        let mut worst: Option<usize> = None;
        for &o in sources {
            let choice = old.choice(o)?;
            if worst.is_none_or(|w| scale[choice].points < scale[w].points) {
                worst = Some(choice);
            }
        }
        worst.map(|w| self.answers[w])
    }

    /// The old assessment's answers as positions in the new scale, per new indicator.
    pub(crate) fn translate_choices(&self, old: &Assessment) -> Vec<Option<usize>> {
        (0..self.sources.len()).map(|i| self.translated(old, i)).collect()
    }

    /// The old assessment carried over to the new catalogue (see the module docs for how each
    /// relation is translated). Optional fields are kept.
    pub fn translate(&self, old: &Assessment) -> Result<Assessment, AnalysisError> {
        if !crate::analysis::same_catalogue(old.catalogue(), &self.from) {
            return Err(AnalysisError::CatalogueMismatch {
                what: "translating an assessment with a version mapping".to_owned(),
                expected: self.from.reference(),
                found: old.catalogue().reference(),
            });
        }
        let mut new = Assessment::new(&self.to, old.municipality(), old.year())?;
        for (key, value) in &old.extra().0 {
            new.set_extra(key, Some(value.0.clone()))?;
        }
        for i in 0..self.sources.len() {
            let Some(choice) = self.translated(old, i) else {
                continue;
            };
            let sources = &self.sources[i].1;
            let comment = if let [only] = sources.as_slice() {
                old.slot(*only).and_then(|a| a.comment.map(str::to_owned))
            } else {
                let parts: Vec<String> = sources
                    .iter()
                    .filter_map(|&o| {
                        let comment = old.slot(o)?.comment?;
                        Some(format!("{}: {comment}", self.from.indicators()[o].id))
                    })
                    .collect();
                (!parts.is_empty()).then(|| parts.join("\n"))
            };
            new.set_slot(
                i,
                Some(Answer {
                    choice,
                    comment,
                    extra: StrictMap::default(),
                }),
            );
        }
        Ok(new)
    }
}
