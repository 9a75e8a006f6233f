//! `eblomlada team`: merging a team's contributions; the rules live in `eblomlada::team`.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use clap::Subcommand;
use eblomlada::team::{self, Contribution, ContributionDocument, Decisions, Merged, Participation, Policy, TeamError};
use eblomlada::{Catalogue, Problem};

use crate::files::{self, read_text, write_atomically, Failure};
use crate::{load_catalogue_file, problem_lines, report_warnings, Common};

#[derive(Subcommand)]
pub enum Command {
    /// Merge contributions (and the coordinator's decisions) into one assessment and a team report.
    Merge {
        /// Contribution files: assessment files with a `respondent`.
        #[arg(required = true)]
        contributions: Vec<PathBuf>,
        /// The coordinator's decisions: `{"decisions": {"lead-03": {"answer": "partly"}}}`.
        #[arg(long, value_name = "FILE")]
        decisions: Option<PathBuf>,
        /// What an undecided disagreement becomes: left open (unanswered), the lowest answer, or the
        /// median rounded towards the lower answer.
        #[arg(long, default_value = "open", value_parser = ["open", "lowest", "median"])]
        policy: String,
        /// The merged assessment file to write.
        #[arg(short, long, value_name = "MERGED")]
        output: PathBuf,
        /// Also write the team report (JSON): who answered what, disagreements, participation.
        #[arg(long, value_name = "FILE")]
        report: Option<PathBuf>,
        #[command(flatten)]
        common: Common,
    },
    /// Print each respondent's participation (answered of assigned, per area and level).
    Status {
        /// Contribution files.
        #[arg(required = true)]
        contributions: Vec<PathBuf>,
        #[command(flatten)]
        common: Common,
    },
}

pub fn run(command: Command) -> Result<(), Failure> {
    match command {
        Command::Merge {
            contributions,
            decisions,
            policy,
            output,
            report,
            common,
        } => {
            let policy: Policy = policy
                .parse()
                .map_err(|e| Failure::usage(vec![format!("eblomlada: --policy: {e}")]))?;
            let read = load_contributions(&contributions, &common)?;
            let decisions = match &decisions {
                Some(path) => {
                    let text = read_text(path)?;
                    Decisions::from_json(&text, read[0].assessment.catalogue())
                        .map_err(|e| Failure::invalid(problem_lines(path, &e.problems())))?
                }
                None => Decisions::default(),
            };
            let merged = team::merge(&read, &decisions, policy).map_err(|e| team_failure(&e, &contributions))?;
            let mut text = merged.assessment.to_json();
            text.push('\n');
            write_atomically(&output, text.as_bytes())?;
            if let Some(path) = &report {
                let mut text = merged.report.to_json();
                text.push('\n');
                write_atomically(path, text.as_bytes())?;
            }
            files::print(&summary(&merged))
        }
        Command::Status { contributions, common } => {
            let read = load_contributions(&contributions, &common)?;
            let participation = team::status(&read).map_err(|e| team_failure(&e, &contributions))?;
            files::print(&participation_lines(&participation).join("\n"))
        }
    }
}

/// Reads every contribution, each against its catalogue (one shared `Arc` per catalogue), and
/// fails with every problem of every file.
fn load_contributions(paths: &[PathBuf], common: &Common) -> Result<Vec<Contribution>, Failure> {
    let given = match &common.catalogue {
        Some(path) => Some(load_catalogue_file(path)?),
        None => None,
    };
    let mut builtins: HashMap<String, Arc<Catalogue>> = HashMap::new();
    let mut out = Vec::new();
    let mut lines = Vec::new();
    for path in paths {
        let text = match read_text(path) {
            Ok(text) => text,
            Err(failure) => {
                lines.extend(failure.lines);
                continue;
            }
        };
        let doc = match ContributionDocument::from_json(&text) {
            Ok(doc) => doc,
            Err(e) => {
                lines.extend(problem_lines(path, &e.problems()));
                continue;
            }
        };
        let catalogue = match &given {
            Some(c) => Arc::clone(c),
            None => {
                let key = doc.catalogue.key();
                if let Some(c) = builtins.get(&key) {
                    Arc::clone(c)
                } else {
                    match Catalogue::builtin_for(&doc.catalogue) {
                        Ok(c) => Arc::clone(builtins.entry(key).or_insert_with(|| Arc::new(c))),
                        Err(e) => {
                            let problem = Problem::error(
                                "$.catalogue",
                                format!("{e}; give a catalogue file with --catalogue PATH"),
                            );
                            lines.extend(problem_lines(path, &[problem]));
                            continue;
                        }
                    }
                }
            }
        };
        match Contribution::from_document(doc, &catalogue) {
            Ok(c) => match report_warnings(path, &c.assessment, common.strict) {
                Ok(()) => out.push(c),
                Err(failure) => lines.extend(failure.lines),
            },
            Err(e) => lines.extend(problem_lines(path, &e.problems())),
        }
    }
    if lines.is_empty() {
        Ok(out)
    } else {
        Err(Failure::invalid(lines))
    }
}

/// The `open` list of a team report file.
pub fn open_disagreements(path: &std::path::Path) -> Result<Vec<String>, Failure> {
    let text = read_text(path)?;
    let value: serde_json::Value = eblomlada::json::from_str::<eblomlada::json::StrictValue>(&text)
        .map(|v| v.0)
        .map_err(|p| Failure::invalid(problem_lines(path, &[p])))?;
    let open = value.get("open").and_then(serde_json::Value::as_array).ok_or_else(|| {
        Failure::invalid(problem_lines(
            path,
            &[Problem::error(
                "$.open",
                "expected a team report with an `open` list of indicator ids (eblomlada team merge --report)",
            )],
        ))
    })?;
    open.iter()
        .enumerate()
        .map(|(i, v)| {
            v.as_str().map(str::to_owned).ok_or_else(|| {
                Failure::invalid(problem_lines(
                    path,
                    &[Problem::error(
                        format!("$.open[{i}]"),
                        "expected an indicator id (a string)",
                    )],
                ))
            })
        })
        .collect()
}

fn team_failure(error: &TeamError, paths: &[PathBuf]) -> Failure {
    let name = |i: usize| paths.get(i).map_or_else(|| PathBuf::from("-"), PathBuf::clone);
    match error {
        TeamError::Inconsistent { problems } => Failure::invalid(
            problems
                .iter()
                .map(|p| format!("{}: {}", name(p.contribution).display(), p.problem))
                .collect(),
        ),
        other => Failure::invalid(vec![format!("eblomlada: {other}")]),
    }
}

fn participation_lines(participation: &[Participation]) -> Vec<String> {
    participation
        .iter()
        .map(|p| {
            let who = match &p.department {
                Some(d) => format!("{} ({})", p.name, d),
                None => p.name.clone(),
            };
            let parts: Vec<String> = p
                .levels
                .iter()
                .map(|(level, g)| format!("{level} {}/{}", g.answered, g.assigned))
                .collect();
            format!(
                "{}\t{}\t{} of {} answered\t{}",
                files::printable(&p.id),
                files::printable(&who),
                p.total.answered,
                p.total.assigned,
                parts.join(", ")
            )
        })
        .collect()
}

fn summary(merged: &Merged) -> String {
    let r = &merged.report;
    let s = &r.summary;
    let mut lines = vec![format!(
        "team {} {} ({}-{}): {} respondents; {} of {} indicators answered after merging; {} disagreements, {} decided, {} open (policy {})",
        r.municipality,
        r.year,
        r.catalogue.id,
        r.catalogue.version,
        s.respondents,
        s.answered,
        s.indicators,
        s.disagreements,
        s.decided,
        s.open,
        r.policy.as_str()
    )];
    lines.extend(participation_lines(&r.participation));
    if !r.open.is_empty() {
        lines.push(format!("open disagreements: {}", r.open.join(", ")));
    }
    lines.join("\n")
}
