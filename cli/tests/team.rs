//! `eblomlada team merge|status` and `render --team-report`: the golden team fixtures, every
//! error with its file and place, and the marks on the picture.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

mod common;

use common::{root, run, stderr};

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

fn kumla_files() -> Vec<String> {
    let dir = root().join("tests/team/kumla-team");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("contribution-"))
        .collect();
    files.sort();
    files.iter().map(|p| p.to_string_lossy().into_owned()).collect()
}

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn merge_writes_the_golden_merged_assessment_and_report_and_prints_a_summary() {
    let dir = tempfile::tempdir().unwrap();
    for policy in ["open", "lowest", "median"] {
        let merged = dir.path().join(format!("merged-{policy}.json"));
        let report = dir.path().join(format!("report-{policy}.json"));
        let mut args = vec!["team".to_owned(), "merge".to_owned()];
        args.extend(kumla_files());
        args.extend([
            "--decisions".to_owned(),
            "tests/team/kumla-team/decisions.json".to_owned(),
            "--policy".to_owned(),
            policy.to_owned(),
            "-o".to_owned(),
            merged.to_string_lossy().into_owned(),
            "--report".to_owned(),
            report.to_string_lossy().into_owned(),
        ]);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = run(&args);
        assert!(out.status.success(), "{policy}: {}", stderr(&out));
        let golden = root().join("tests/team/kumla-team");
        assert_eq!(
            json(&merged),
            json(&golden.join(format!("expected.{policy}.merged.json")))
        );
        assert_eq!(
            json(&report),
            json(&golden.join(format!("expected.{policy}.report.json")))
        );
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(
            text.starts_with("team 1881 2017 (eblomladan-2016): 4 respondents;"),
            "{text}"
        );
        assert!(text.contains(&format!("(policy {policy})")), "{text}");
        // Names are printed with control characters escaped; the IT respondent is there.
        assert!(text.contains("it-1\tIda <Berg> (IT-enheten)"), "{text}");
        if policy == "open" {
            assert!(text.contains("open disagreements: lead-"), "{text}");
        }
        // The merged file is an ordinary assessment.
        let scored = run(&["score", merged.to_str().unwrap()]);
        assert!(scored.status.success(), "{}", stderr(&scored));
    }
}

#[test]
fn status_prints_participation_per_respondent() {
    let mut args = vec!["team".to_owned(), "status".to_owned()];
    args.extend(kumla_files());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = run(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "{text}");
    assert!(
        lines[0].starts_with("bun-1\tBjörn Ek (Barn- och utbildningsförvaltningen)\t"),
        "{text}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("soc-1\t") && l.contains("of 42 answered")),
        "{text}"
    );
}

#[test]
fn every_team_error_names_the_file_and_the_place() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let head = r#""catalogue": {"id": "eblomladan", "version": "2016"}, "year": 2017"#;
    let good = write(
        d,
        "good.json",
        &format!(
            r#"{{{head}, "municipality": "1881", "respondent": {{"id": "a", "name": "A", "scope": {{"levels": ["lead"]}}}}, "answers": {{"lead-01": {{"answer": "fully"}}}}}}"#
        ),
    );
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "scope.json",
            format!(r#"{{{head}, "municipality": "1881", "respondent": {{"id": "b", "name": "B", "scope": {{"areas": ["elderly"]}}}}, "answers": {{"tech-01": {{"answer": "fully"}}}}}}"#),
            "$.answers.tech-01: indicator \"tech-01\" is outside the scope of respondent \"b\" (areas elderly)",
        ),
        (
            "unknown-scope.json",
            format!(r#"{{{head}, "municipality": "1881", "respondent": {{"id": "b", "name": "B", "scope": {{"levels": ["grass"]}}}}, "answers": {{}}}}"#),
            "$.respondent.scope.levels[0]: unknown level \"grass\"; expected one of services, lead, tech",
        ),
        (
            "no-respondent.json",
            format!(r#"{{{head}, "municipality": "1881", "answers": {{}}}}"#),
            "missing field `respondent`",
        ),
        (
            "other-municipality.json",
            format!(r#"{{{head}, "municipality": "1880", "respondent": {{"id": "c", "name": "C"}}, "answers": {{}}}}"#),
            "$.municipality: municipality \"1880\" differs from contribution 1's \"1881\"",
        ),
        (
            "same-id-other-scope.json",
            format!(r#"{{{head}, "municipality": "1881", "respondent": {{"id": "a", "name": "A", "scope": {{"levels": ["tech"]}}}}, "answers": {{}}}}"#),
            "$.respondent: respondent id \"a\" is also used in contribution 1 with a different name, department or scope",
        ),
        (
            "unknown-answer.json",
            format!(r#"{{{head}, "municipality": "1881", "respondent": {{"id": "d", "name": "D"}}, "answers": {{"lead-02": {{"answer": "maybe"}}}}}}"#),
            "$.answers.lead-02.answer: unknown answer \"maybe\"",
        ),
    ];
    for (name, text, needle) in cases {
        let path = write(d, name, &text);
        let out_file = d.join("merged.json");
        let out = run(&["team", "merge", &good, &path, "-o", out_file.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "{name}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains(&format!("{path}: ")), "{name}: names the file: {err}");
        assert!(err.contains(needle), "{name}: expected {needle:?} in {err}");
        assert!(!out_file.exists(), "{name}: nothing written on failure");
        let status = run(&["team", "status", &good, &path]);
        assert_eq!(status.status.code(), Some(1), "{name}: status: {}", stderr(&status));
    }
    // Every problem of every file, not just the first.
    let bad1 = write(
        d,
        "bad1.json",
        &format!(
            r#"{{{head}, "municipality": "1881", "respondent": {{"id": "x", "name": "X", "scope": {{"areas": ["elderly"]}}}}, "answers": {{"tech-01": {{"answer": "fully"}}, "lead-01": {{"answer": "fully"}}}}}}"#
        ),
    );
    let bad2 = write(d, "bad2.json", "{");
    let out = run(&["team", "merge", &bad1, &bad2, "-o", d.join("m.json").to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 3, "{err}");
    // Decisions with unknown ids and answers.
    let decisions = write(
        d,
        "decisions.json",
        r#"{"decisions": {"lead-99": {"answer": "fully"}, "lead-01": {"answer": "no"}}}"#,
    );
    let out = run(&[
        "team",
        "merge",
        &good,
        "--decisions",
        &decisions,
        "-o",
        d.join("m.json").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("{decisions}: $.decisions.lead-99: unknown indicator")),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{decisions}: $.decisions.lead-01.answer: unknown answer \"no\""
        )),
        "{err}"
    );
    // Wrong usage: exit 2.
    let out = run(&[
        "team",
        "merge",
        &good,
        "--policy",
        "vote",
        "-o",
        d.join("m.json").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let out = run(&["team", "merge", &good]);
    assert_eq!(out.status.code(), Some(2), "-o is required");
}

#[test]
fn render_marks_the_open_disagreements_of_a_team_report() {
    let dir = tempfile::tempdir().unwrap();
    let merged = dir.path().join("merged.json");
    let report = dir.path().join("report.json");
    let mut args = vec!["team".to_owned(), "merge".to_owned()];
    args.extend(kumla_files());
    args.extend([
        "-o".to_owned(),
        merged.to_string_lossy().into_owned(),
        "--report".to_owned(),
        report.to_string_lossy().into_owned(),
    ]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    assert!(run(&args).status.success());
    let svg = dir.path().join("team.svg");
    let out = run(&[
        "render",
        merged.to_str().unwrap(),
        "--team-report",
        report.to_str().unwrap(),
        "-o",
        svg.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(&svg).unwrap();
    let open = json(&report)["open"].as_array().unwrap().len();
    assert!(open > 0);
    assert_eq!(text.matches("data-disagreement=\"true\"").count(), open);
    assert!(text.contains(&format!("Oenighet att avgöra: {open}")));
    // A file that is not a team report is refused with its place.
    let out = run(&[
        "render",
        merged.to_str().unwrap(),
        "--team-report",
        merged.to_str().unwrap(),
        "-o",
        svg.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("$.open: expected a team report"),
        "{}",
        stderr(&out)
    );
}
