//! Groupings of assessments in a compilation: by county (the first two digits of the
//! municipality code), by year, or by a caller's map from municipality code to group (e.g.
//! SKR's municipality groups or population classes, which a user brings from their own data).

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::analysis::csv::{self, problem};
use crate::analysis::AnalysisError;
use crate::error::Problem;
use crate::json::{self, push_key, StrictMap};

/// How a compilation groups its assessments.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub enum Grouping {
    /// No groups: only the figures over all assessments.
    #[default]
    None,
    /// By county (län): the first two digits of the municipality code; groups carry the
    /// county's name.
    County,
    /// By the year assessed.
    Year,
    /// By a caller's map from municipality code to group. Municipalities the map does not name
    /// count in the overall figures and are listed as `ungrouped`.
    Custom(Arc<GroupMap>),
}

impl Grouping {
    /// `county`, `year`, `custom`, or `None` without grouping.
    pub fn name(&self) -> Option<&'static str> {
        match self {
            Grouping::None => None,
            Grouping::County => Some("county"),
            Grouping::Year => Some("year"),
            Grouping::Custom(_) => Some("custom"),
        }
    }
}

/// A map from municipality code to group name.
///
/// ```
/// use eblomlada::analysis::GroupMap;
/// let map = GroupMap::from_csv("municipality,group\n0180,A1\n1881,B4\n")?;
/// assert_eq!(map.group_of("1881"), Some("B4"));
/// assert_eq!(map.groups(), ["A1", "B4"]);
/// let err = GroupMap::from_csv("municipality,group\n180,A1\n").unwrap_err();
/// assert!(err.problems()[0].to_string().starts_with("line 2, column 1: municipality: invalid municipality code"));
/// # Ok::<(), eblomlada::analysis::AnalysisError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GroupMap {
    members: BTreeMap<String, usize>,
    groups: Vec<String>,
}

fn check_code(code: &str) -> Result<(), String> {
    if code.len() == 4 && code.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        let hint = if (1..4).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_digit()) {
            format!(" (a spreadsheet may have dropped leading zeros: {code:0>4})")
        } else {
            String::new()
        };
        Err(format!(
            "invalid municipality code {code:?}; expected four digits such as \"1881\"{hint}"
        ))
    }
}

impl GroupMap {
    /// A map from `(municipality, group)` pairs; a code that is not four digits, an empty group
    /// name and a municipality given two different groups are errors (paths `$[i]`).
    pub fn new<M: Into<String>, G: Into<String>>(
        pairs: impl IntoIterator<Item = (M, G)>,
    ) -> Result<GroupMap, AnalysisError> {
        let mut problems = Vec::new();
        let mut pairs_out = Vec::new();
        for (i, (m, g)) in pairs.into_iter().enumerate() {
            let (m, g) = (m.into(), g.into());
            let path = format!("$[{i}]");
            if let Err(message) = check_code(&m) {
                problems.push(Problem::error(&path, message));
            } else if g.trim().is_empty() {
                problems.push(Problem::error(&path, format!("the group of {m} is empty")));
            } else {
                pairs_out.push((m, g, path));
            }
        }
        Self::build(pairs_out, problems)
    }

    fn build(pairs: Vec<(String, String, String)>, mut problems: Vec<Problem>) -> Result<GroupMap, AnalysisError> {
        let mut by_municipality: BTreeMap<String, String> = BTreeMap::new();
        for (m, g, path) in pairs {
            match by_municipality.get(&m) {
                Some(existing) if *existing != g => problems.push(Problem::error(
                    path,
                    format!("municipality {m} is put in group {g:?} but also in {existing:?}"),
                )),
                Some(_) => {}
                None => {
                    by_municipality.insert(m, g);
                }
            }
        }
        if !problems.is_empty() {
            return Err(AnalysisError::InvalidGrouping {
                problems: crate::error::capped(problems),
            });
        }
        let mut groups: Vec<String> = by_municipality.values().cloned().collect();
        groups.sort();
        groups.dedup();
        let members = by_municipality
            .into_iter()
            .map(|(m, g)| {
                let index = groups.binary_search(&g).unwrap_or_default();
                (m, index)
            })
            .collect();
        Ok(GroupMap { members, groups })
    }

    /// Reads a JSON object `{"0114": "A2", "1881": "B4", …}`; a key given twice is an error.
    pub fn from_json(text: &str) -> Result<GroupMap, AnalysisError> {
        let map: StrictMap<String> =
            json::from_str(text).map_err(|p| AnalysisError::InvalidGrouping { problems: vec![p] })?;
        let mut problems = Vec::new();
        let mut pairs = Vec::new();
        for (m, g) in map.0 {
            let path = push_key("$", &m);
            if let Err(message) = check_code(&m) {
                problems.push(Problem::error(path, message));
            } else if g.trim().is_empty() {
                problems.push(Problem::error(path, format!("the group of {m} is empty")));
            } else {
                pairs.push((m, g, path));
            }
        }
        Self::build(pairs, problems)
    }

    /// Reads a CSV with the columns `municipality` and `group` (and optionally `name`, which is
    /// ignored), in any order; problems name the line and column.
    pub fn from_csv(text: &str) -> Result<GroupMap, AnalysisError> {
        let invalid = |problems| AnalysisError::InvalidGrouping {
            problems: crate::error::capped(problems),
        };
        let records = csv::records(text).map_err(invalid)?;
        let Some((header, rows)) = records.split_first() else {
            return Err(invalid(vec![problem(
                1,
                0,
                "",
                "the file is empty; expected a header with the columns municipality, group",
            )]));
        };
        let positions =
            csv::columns(header, &[("municipality", true), ("group", true), ("name", false)]).map_err(invalid)?;
        let (Some(mcol), Some(gcol)) = (positions[0], positions[1]) else {
            return Err(invalid(Vec::new()));
        };
        let mut problems = Vec::new();
        let mut seen: BTreeMap<String, (String, usize)> = BTreeMap::new();
        for row in rows {
            if let Some(p) = csv::width_problem(row, header) {
                problems.push(p);
                continue;
            }
            let m = row.fields.get(mcol).unwrap_or_default().trim();
            let g = row.fields.get(gcol).unwrap_or_default().trim();
            if let Err(message) = check_code(m) {
                problems.push(problem(row.line, mcol, "municipality", message));
            } else if g.is_empty() {
                problems.push(problem(row.line, gcol, "group", format!("the group of {m} is empty")));
            } else if let Some((existing, line)) = seen.get(m) {
                if existing != g {
                    problems.push(problem(
                        row.line,
                        gcol,
                        "group",
                        format!("municipality {m} is put in group {g:?} but also in {existing:?} on line {line}"),
                    ));
                }
            } else {
                seen.insert(m.to_owned(), (g.to_owned(), row.line));
            }
        }
        let pairs = seen
            .into_iter()
            .map(|(m, (g, line))| (m, g, format!("line {line}")))
            .collect();
        Self::build(pairs, problems)
    }

    /// The group of a municipality, if the map names it.
    pub fn group_of(&self, municipality: &str) -> Option<&str> {
        self.members.get(municipality).map(|&g| self.groups[g].as_str())
    }

    pub(crate) fn group_index(&self, municipality: &str) -> Option<usize> {
        self.members.get(municipality).copied()
    }

    /// The group names, sorted.
    pub fn groups(&self) -> &[String] {
        &self.groups
    }

    /// How many municipalities the map names.
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// Whether the map names no municipality.
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn conflicting_groups_name_both_lines() {
        let err = GroupMap::from_csv("group,municipality\nA,0114\nB,0115\nC,0114\n").unwrap_err();
        let p = &err.problems()[0];
        assert_eq!((p.line, p.column), (Some(4), Some(1)), "{p}");
        assert!(p.message.contains("\"C\" but also in \"A\" on line 2"), "{p}");
        let err = GroupMap::from_json(r#"{"0114": "A", "0114": "B"}"#).unwrap_err();
        assert!(err.to_string().contains("given twice"), "{err}");
        let err = GroupMap::from_json(r#"{"114": "A"}"#).unwrap_err();
        assert_eq!(err.problems()[0].path, "$[\"114\"]");
    }
}
