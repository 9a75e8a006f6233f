//! Team merges: the golden fixtures of `tests/team/` (written by an independent Python
//! implementation, `tests/team/generate.py`) and properties of the merge.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use eblomlada::team::{self, Contribution, Decisions, Policy, Resolution};
use eblomlada::Catalogue;
use proptest::prelude::*;
use serde_json::Value;

fn catalogue() -> Arc<Catalogue> {
    Arc::new(Catalogue::builtin("eblomladan-2016").unwrap())
}

fn team_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/team")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn json(path: &Path) -> Value {
    serde_json::from_str(&read(path)).unwrap()
}

struct Case {
    name: String,
    dir: PathBuf,
    contributions: Vec<Contribution>,
    decisions: Decisions,
}

fn cases() -> Vec<Case> {
    let c = catalogue();
    let mut out = Vec::new();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(team_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for dir in dirs {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("contribution-"))
            .collect();
        files.sort();
        let contributions = files
            .iter()
            .map(|f| Contribution::from_json(&read(f), &c).unwrap_or_else(|e| panic!("{}: {e}", f.display())))
            .collect();
        let decisions_file = dir.join("decisions.json");
        let decisions = if decisions_file.exists() {
            Decisions::from_json(&read(&decisions_file), &c).unwrap()
        } else {
            Decisions::default()
        };
        out.push(Case {
            name: dir.file_name().unwrap().to_string_lossy().into_owned(),
            dir,
            contributions,
            decisions,
        });
    }
    assert!(out.len() >= 2, "team fixtures missing");
    out
}

#[test]
fn golden_team_fixtures_merge_as_the_independent_implementation_says() {
    for case in cases() {
        for policy in [Policy::Open, Policy::Lowest, Policy::Median] {
            let p = policy.as_str();
            let want_merged = json(&case.dir.join(format!("expected.{p}.merged.json")));
            let want_report = json(&case.dir.join(format!("expected.{p}.report.json")));
            // Every rotation of the files gives the same result.
            for shift in 0..case.contributions.len() {
                let mut order = case.contributions.clone();
                order.rotate_left(shift);
                order.reverse();
                let merged = team::merge(&order, &case.decisions, policy).unwrap();
                assert_eq!(merged.assessment.to_value(), want_merged, "{} {p} merged", case.name);
                assert_eq!(
                    serde_json::to_value(&merged.report).unwrap(),
                    want_report,
                    "{} {p} report",
                    case.name
                );
            }
        }
    }
}

#[test]
fn the_kumla_team_fixture_exercises_every_resolution() {
    let case = cases().into_iter().find(|c| c.name == "kumla-team").unwrap();
    let merged = team::merge(&case.contributions, &case.decisions, Policy::Open).unwrap();
    let seen: std::collections::BTreeSet<String> = merged
        .report
        .indicators
        .iter()
        .map(|(_, r)| serde_json::to_value(r.resolution).unwrap().as_str().unwrap().to_owned())
        .collect();
    for r in ["single", "unanimous", "decision", "open"] {
        assert!(seen.contains(r), "{r} missing from {seen:?}");
    }
    let lowest = team::merge(&case.contributions, &case.decisions, Policy::Lowest).unwrap();
    assert!(lowest
        .report
        .indicators
        .iter()
        .any(|(_, r)| r.resolution == Resolution::Policy));
    assert!(lowest.report.open.is_empty());
}

#[test]
fn one_full_contribution_gives_its_assessment_back_unchanged() {
    let case = cases().into_iter().find(|c| c.name == "one-full").unwrap();
    let only = &case.contributions[0];
    assert_eq!(only.assessment.answered(), 88);
    let merged = team::merge(std::slice::from_ref(only), &Decisions::default(), Policy::Open).unwrap();
    assert_eq!(merged.assessment, only.assessment);
    let mut file = json(&case.dir.join("contribution-solo.json"));
    file.as_object_mut().unwrap().remove("respondent");
    assert_eq!(merged.assessment.to_value(), file);
}

// ---------------------------------------------------------------------------------------------
// Properties on random teams.

const HEAD: &str = r#""catalogue": {"id": "eblomladan", "version": "2016"}, "municipality": "1881", "year": 2017"#;
const ANSWERS: [&str; 3] = ["fully", "partly", "not_met"];

/// A random respondent: a scope made of some areas, levels and single indicators (or none:
/// the whole catalogue), answers to a random part of it, and some comments.
/// Scope as (areas, levels, indicators) positions, and answers as (indicator, answer, commented).
type Spec = (Option<(Vec<usize>, Vec<usize>, Vec<usize>)>, Vec<(usize, usize, bool)>);

fn respondent() -> impl Strategy<Value = Spec> {
    let scope = prop::option::of((
        prop::collection::vec(0..6usize, 0..3),
        prop::collection::vec(0..3usize, 0..2),
        prop::collection::vec(0..88usize, 1..6),
    ));
    let answers = prop::collection::vec((0..88usize, 0..3usize, any::<bool>()), 0..60);
    (scope, answers)
}

fn build(catalogue: &Arc<Catalogue>, k: usize, spec: &Spec) -> Contribution {
    let (scope, answers) = spec;
    let areas = ["elderly", "children", "business", "housing", "culture", "public"];
    let levels = ["services", "lead", "tech"];
    let ids: Vec<&str> = catalogue.indicators().iter().map(|i| i.id.as_str()).collect();
    let scope_json = scope.as_ref().map(|(a, l, i)| {
        serde_json::json!({
            "areas": a.iter().map(|&x| areas[x]).collect::<Vec<_>>(),
            "levels": l.iter().map(|&x| levels[x]).collect::<Vec<_>>(),
            "indicators": i.iter().map(|&x| ids[x]).collect::<Vec<_>>(),
        })
    });
    let mut respondent = serde_json::json!({"id": format!("r{k}"), "name": format!("Person {k}")});
    if let Some(s) = &scope_json {
        respondent["scope"] = s.clone();
    }
    let text = format!(r#"{{{HEAD}, "respondent": {respondent}, "answers": {{}}}}"#);
    let mut c = Contribution::from_json(&text, catalogue).unwrap();
    for &(i, a, commented) in answers {
        if c.answer(ids[i], ANSWERS[a]).is_ok() && commented {
            c.assessment.comment(ids[i], Some(&format!("kommentar {k}"))).unwrap();
        }
    }
    c
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn merge_does_not_depend_on_the_order_of_contributions(
        specs in prop::collection::vec(respondent(), 1..6),
        seed in any::<u64>(),
        policy in 0..3usize,
    ) {
        let c = catalogue();
        let contributions: Vec<Contribution> = specs.iter().enumerate().map(|(k, s)| build(&c, k, s)).collect();
        let policy = [Policy::Open, Policy::Lowest, Policy::Median][policy];
        let first = team::merge(&contributions, &Decisions::default(), policy).unwrap();
        let mut shuffled = contributions.clone();
        // A deterministic shuffle from the seed.
        let mut state = seed | 1;
        for i in (1..shuffled.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            shuffled.swap(i, (state % (i as u64 + 1)) as usize);
        }
        let again = team::merge(&shuffled, &Decisions::default(), policy).unwrap();
        prop_assert_eq!(first.assessment.to_json(), again.assessment.to_json());
        prop_assert_eq!(first.report.to_json(), again.report.to_json());
        // Every merged answer is one some respondent gave (policies choose among the given
        // answers for the 3-point scale: the lowest, or a median rounded down).
        for (id, answer, _) in first.assessment.answers() {
            let r = &first.report.indicators[id];
            prop_assert!(r.responses.iter().map(|x| x.answer.as_str()).any(|a| a == answer)
                || (policy == Policy::Median && answer == "partly"));
        }
        // Open disagreements stay unanswered and are listed.
        for id in &first.report.open {
            prop_assert_eq!(first.assessment.answer_of(id), None);
            prop_assert!(!first.report.indicators[id.as_str()].agree);
        }
    }

    #[test]
    fn one_contribution_is_the_identity(spec in respondent()) {
        let c = catalogue();
        let only = build(&c, 0, &spec);
        let merged = team::merge(std::slice::from_ref(&only), &Decisions::default(), Policy::Open).unwrap();
        prop_assert_eq!(&merged.assessment, &only.assessment);
    }

    #[test]
    fn decisions_always_win(
        specs in prop::collection::vec(respondent(), 1..5),
        decided in prop::collection::vec((0..88usize, 0..3usize), 1..20),
        policy in 0..3usize,
    ) {
        let c = catalogue();
        let contributions: Vec<Contribution> = specs.iter().enumerate().map(|(k, s)| build(&c, k, s)).collect();
        let mut decisions = Decisions::default();
        let mut last = std::collections::BTreeMap::new();
        for &(i, a) in &decided {
            let id = c.indicators()[i].id.clone();
            decisions.decide(&c, &id, ANSWERS[a], None).unwrap();
            last.insert(id, ANSWERS[a]);
        }
        let policy = [Policy::Open, Policy::Lowest, Policy::Median][policy];
        let merged = team::merge(&contributions, &decisions, policy).unwrap();
        for (id, answer) in &last {
            prop_assert_eq!(merged.assessment.answer_of(id), Some(*answer));
            prop_assert_eq!(merged.report.indicators[id.as_str()].resolution, Resolution::Decision);
        }
    }

    #[test]
    fn answers_outside_the_scope_are_refused(areas in prop::collection::vec(0..6usize, 1..3), i in 0..88usize) {
        let c = catalogue();
        let names = ["elderly", "children", "business", "housing", "culture", "public"];
        let scope: Vec<&str> = areas.iter().map(|&a| names[a]).collect();
        let indicator = &c.indicators()[i];
        let inside = indicator.area.as_deref().is_some_and(|a| scope.contains(&a));
        let text = format!(
            r#"{{{HEAD}, "respondent": {{"id": "x", "name": "X", "scope": {{"areas": {}}}}}, "answers": {{"{}": {{"answer": "fully"}}}}}}"#,
            serde_json::to_string(&scope).unwrap(),
            indicator.id
        );
        let result = Contribution::from_json(&text, &c);
        prop_assert_eq!(result.is_ok(), inside, "{}", indicator.id);
        if let Err(e) = result {
            let p = e.problems();
            prop_assert_eq!(p[0].path.clone(), format!("$.answers.{}", indicator.id));
            prop_assert!(p[0].message.contains("outside the scope of respondent \"x\""));
        }
    }
}
