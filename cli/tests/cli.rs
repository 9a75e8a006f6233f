//! The command line as a user meets it: exit codes, stdout, and stderr lines that name the
//! file and the JSON path of every problem.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::Command;

mod common;

use common::{root, run, stderr};

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_string_lossy().into_owned()
}

const HEAD: &str = r#""catalogue": {"id": "eblomladan", "version": "2016"}, "municipality": "1881", "year": 2017"#;

#[test]
fn score_prints_the_golden_result() {
    let out = run(&["score", "tests/golden/kumla-2017.assessment.json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let actual: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let expected: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("tests/golden/kumla-2017.expected.json")).unwrap())
            .unwrap();
    assert_eq!(actual, expected);
    let compact = run(&["score", "--compact", "examples/kumla-2017.json"]);
    assert_eq!(String::from_utf8_lossy(&compact.stdout).lines().count(), 1);
}

#[test]
fn malformed_inputs_exit_1_naming_file_and_place() {
    let dir = tempfile::tempdir().unwrap();
    let full = std::fs::read_to_string(root().join("examples/kumla-2017.json")).unwrap();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("truncated.json", full.as_bytes()[..full.len() / 2].to_vec(), "ends too early"),
        ("empty.json", b"".to_vec(), "empty"),
        ("latin1.json", b"{\"municipality\": \"G\xe4vle\"}".to_vec(), "line 1, column 20: $: the file is not valid UTF-8"),
        ("types.json", format!("{{{HEAD}, \"answers\": {{\"lead-01\": {{\"answer\": 3}}}}}}").into_bytes(), "$.answers.lead-01.answer: invalid type: integer `3`, expected a string"),
        ("year-type.json", br#"{"catalogue": {"id": "eblomladan", "version": "2016"}, "municipality": "1881", "year": "2017", "answers": {}}"#.to_vec(), "$.year: invalid type: string"),
        ("dup.json", format!("{{{HEAD}, \"answers\": {{\"lead-01\": {{\"answer\": \"fully\"}}, \"lead-01\": {{\"answer\": \"partly\"}}}}}}").into_bytes(), "$.answers: the key \"lead-01\" is given twice"),
        ("unknown-id.json", format!("{{{HEAD}, \"answers\": {{\"lead-35\": {{\"answer\": \"fully\"}}}}}}").into_bytes(), "$.answers.lead-35: unknown indicator \"lead-35\""),
        ("unknown-answer.json", format!("{{{HEAD}, \"answers\": {{\"tech-02\": {{\"answer\": \"yes\"}}}}}}").into_bytes(), "$.answers.tech-02.answer: unknown answer \"yes\"; expected one of fully, partly, not_met"),
        ("unknown-catalogue.json", br#"{"catalogue": {"id": "eblomladan", "version": "2014"}, "municipality": "1881", "year": 2014, "answers": {}}"#.to_vec(), "$.catalogue: unknown catalogue \"eblomladan-2014\""),
        ("not-object.json", b"[1, 2]".to_vec(), "expected an assessment: an object with catalogue, municipality, year and answers"),
    ];
    for (name, bytes, needle) in cases {
        let path = write(dir.path(), name, &bytes);
        let out = run(&["score", &path]);
        assert_eq!(out.status.code(), Some(1), "{name}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.starts_with(&format!("{path}: ")),
            "{name}: stderr must start with the file: {err}"
        );
        assert!(err.contains(needle), "{name}: expected {needle:?} in {err}");
        assert!(!err.contains("panicked") && !err.contains("backtrace"), "{name}: {err}");
        assert!(out.stdout.is_empty(), "{name}: nothing on stdout when failing");
    }
}

#[test]
fn windows_files_with_bom_and_crlf_read_like_any_other() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join("examples/kumla-2017.json")).unwrap();
    let mut bytes = b"\xef\xbb\xbf".to_vec();
    bytes.extend(text.replace('\n', "\r\n").into_bytes());
    let path = write(dir.path(), "windows.json", &bytes);
    let out = run(&["score", &path]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(out.stdout, run(&["score", "examples/kumla-2017.json"]).stdout);
    // Exactly one byte order mark: two or three are refused alike.
    for marks in [2, 3] {
        let mut bytes = b"\xef\xbb\xbf".repeat(marks);
        bytes.extend(text.as_bytes());
        let path = write(dir.path(), &format!("marks-{marks}.json"), &bytes);
        let out = run(&["score", &path]);
        assert_eq!(out.status.code(), Some(1), "{marks}");
        assert!(
            stderr(&out).contains("a second byte order mark"),
            "{marks}: {}",
            stderr(&out)
        );
    }
}

#[test]
fn a_key_given_twice_in_an_optional_field_is_reported_at_its_path() {
    let dir = tempfile::tempdir().unwrap();
    for (extra, path) in [
        (r#""contact": {"name": "A", "name": "B"}"#, "$.contact:"),
        (r#""contact": {"x": [{"name": "A", "name": "B"}]}"#, "$.contact.x[0]:"),
    ] {
        let file = write(
            dir.path(),
            "dup.json",
            format!("{{{HEAD}, {extra}, \"answers\": {{}}}}").as_bytes(),
        );
        let out = run(&["score", &file]);
        assert_eq!(out.status.code(), Some(1));
        assert!(
            stderr(&out).contains(&format!("{path} the key \"name\" is given twice")),
            "{extra}: {}",
            stderr(&out)
        );
    }
}

#[test]
fn every_problem_is_reported_once_per_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "many.json",
        format!(r#"{{{HEAD}, "answers": {{"lead-99": {{"answer": "fully"}}, "tech-01": {{"answer": "maybe"}}, "tech-02": {{"answer": "sometimes"}}}}}}"#).as_bytes(),
    );
    let out = run(&["validate", &path]);
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<String> = stderr(&out).lines().map(str::to_owned).collect();
    assert_eq!(lines.len(), 3, "{lines:#?}");
    assert!(lines[0].contains("$.answers.lead-99"));
    assert!(lines[2].contains("$.answers.tech-02.answer"));
}

#[test]
fn year_outside_catalogue_warns_and_strict_fails() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "2019.json",
        br#"{"catalogue": {"id": "eblomladan", "version": "2016"}, "municipality": "1881", "year": 2019, "answers": {}}"#,
    );
    let out = run(&["score", &path]);
    assert!(out.status.success());
    assert!(stderr(&out).contains(&format!(
        "{path}: warning: $.year: catalogue eblomladan-2016 was made for the years 2016, 2017, not 2019"
    )));
    let strict = run(&["score", "--strict", &path]);
    assert_eq!(strict.status.code(), Some(1));
    assert!(stderr(&strict).contains("warnings are errors with --strict"));
}

#[test]
fn validate_tells_catalogues_from_assessments() {
    let out = run(&[
        "validate",
        "indicators/eblomladan-2016.json",
        "examples/kumla-2017.json",
        "examples/draft-half.json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("indicators/eblomladan-2016.json: ok: catalogue eblomladan-2016 with 88 indicators"));
    assert!(
        stdout.contains("examples/kumla-2017.json: ok: assessment of eblomladan-2016 for 1881 2017, 88 of 88 answered")
    );
}

#[test]
fn broken_catalogue_lists_every_problem() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("indicators/eblomladan-2016.json")).unwrap())
            .unwrap();
    doc["levels"][2]["weight"] = "1/3".into();
    doc["indicators"][5]["level"] = "roots".into();
    let path = write(dir.path(), "cat.json", doc.to_string().as_bytes());
    let out = run(&["validate", &path]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "{path}: $.levels: the level weights sum to 13/12; expected exactly 1"
        )),
        "{err}"
    );
    assert!(err.contains("$.indicators[5].level: unknown level \"roots\""), "{err}");
    // The same catalogue given with --catalogue makes scoring fail on the catalogue, naming it.
    let out = run(&["score", "--catalogue", &path, "examples/kumla-2017.json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).starts_with(&format!("{path}: ")));
}

#[test]
fn catalogue_option_scores_against_a_file() {
    let out = run(&[
        "score",
        "--catalogue",
        "indicators/eblomladan-2016.json",
        "examples/kumla-2017.json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn missing_file_and_bad_usage() {
    let out = run(&["score", "does-not-exist.json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).starts_with("does-not-exist.json: cannot read"));
    assert_eq!(run(&["score"]).status.code(), Some(2));
    assert_eq!(run(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(
        run(&["render", "examples/kumla-2017.json"]).status.code(),
        Some(2),
        "-o is required"
    );
}

#[test]
fn schema_prints_and_writes() {
    let out = run(&["schema"]);
    assert!(out.status.success());
    let all: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<&String> = all.as_object().unwrap().keys().collect();
    assert!(
        names.len() >= 3 && names.contains(&&"score-result.schema.json".to_owned()),
        "{names:?}"
    );
    let dir = tempfile::tempdir().unwrap();
    let out = run(&["schema", "--out", dir.path().to_str().unwrap()]);
    assert!(out.status.success());
    for name in names {
        let written = std::fs::read_to_string(dir.path().join(name)).unwrap();
        assert_eq!(
            written,
            std::fs::read_to_string(root().join("schema").join(name)).unwrap()
        );
    }
}

#[test]
fn catalogue_list_and_show() {
    let out = run(&["catalogue", "list"]);
    assert!(
        String::from_utf8_lossy(&out.stdout).starts_with("eblomladan-2016\t88 indicators, 6 areas, years 2016, 2017")
    );
    let out = run(&["catalogue", "show", "eblomladan-2016"]);
    assert_eq!(
        out.stdout,
        std::fs::read(root().join("indicators/eblomladan-2016.json")).unwrap()
    );
    // An unknown key is wrong usage wherever it is given: the same exit code 2.
    let out = run(&["catalogue", "show", "eblomladan-2014"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("built-in catalogues: eblomladan-2016"));
    let out = run(&[
        "synthetic",
        "--seed",
        "1",
        "--years",
        "2017",
        "--csv",
        "-",
        "--catalogue-key",
        "eblomladan-2014",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("built-in catalogues: eblomladan-2016"));
}

#[test]
fn render_writes_svg_atomically() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("pictures/kumla.svg");
    let out = run(&[
        "render",
        "examples/kumla-2017.json",
        "-o",
        out_path.to_str().unwrap(),
        "--lang",
        "en",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let svg = std::fs::read_to_string(&out_path).unwrap();
    assert!(svg.starts_with("<svg") || svg.starts_with("<?xml"));
    assert_eq!(svg.matches("data-indicator=").count(), 88);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("pictures")).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temporary files left behind");
    // A failing render leaves an existing picture untouched.
    let bad = run(&["render", "does-not-exist.json", "-o", out_path.to_str().unwrap()]);
    assert_eq!(bad.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&out_path).unwrap(), svg);
    for chart in ["answers", "comparison"] {
        let path = dir.path().join(format!("{chart}.svg"));
        let out = run(&[
            "render",
            "examples/kumla-2017.json",
            "-o",
            path.to_str().unwrap(),
            "--chart",
            chart,
            "--reference",
            "elderly=1.9,children=2.0,business=1.7,housing=1.8,culture=1.75,public=2.1",
        ]);
        assert!(out.status.success(), "{chart}: {}", stderr(&out));
    }
    let out = run(&[
        "render",
        "examples/kumla-2017.json",
        "-o",
        "x.svg",
        "--chart",
        "comparison",
        "--reference",
        "harbour=2",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("unknown area \"harbour\""));
    let out = run(&[
        "render",
        "examples/kumla-2017.json",
        "-o",
        "x.svg",
        "--chart",
        "comparison",
        "--reference",
        "elderly=2,elderly=3",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("area \"elderly\" is given twice"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn render_png_needs_the_png_feature() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("kumla.png");
    let out = run(&[
        "render",
        "examples/kumla-2017.json",
        "-o",
        out_path.to_str().unwrap(),
        "--width",
        "480",
    ]);
    if cfg!(feature = "png") {
        assert!(out.status.success(), "{}", stderr(&out));
        let png = std::fs::read(&out_path).unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "a PNG signature");
        // IHDR: width and height, big-endian, right after the signature and chunk header.
        let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
        assert_eq!(width, 480, "the PNG is drawn at the asked width");
    } else {
        assert_eq!(out.status.code(), Some(2));
        assert!(stderr(&out).contains("needs the `png` feature"), "{}", stderr(&out));
        assert!(!out_path.exists());
    }
}

#[test]
fn output_problems_are_errors_not_crashes() {
    // A picture needs a known extension.
    let out = run(&["render", "examples/kumla-2017.json", "-o", "kumla.pdf"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("kumla.pdf: expected an output file ending in .svg or .png"));
    assert!(!root().join("kumla.pdf").exists());
    // A full disk behind stdout is reported, not panicked on.
    if let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") {
        let out = Command::new(env!("CARGO_BIN_EXE_eblomlada"))
            .args(["score", "examples/kumla-2017.json"])
            .current_dir(root())
            .stdout(full)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        assert!(stderr(&out).contains("cannot write to stdout"), "{}", stderr(&out));
        assert!(!stderr(&out).contains("internal error"));
    }
}

#[test]
fn validate_checks_a_damaged_catalogue_as_a_catalogue() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join("indicators/eblomladan-2016.json")).unwrap();
    let path = write(
        dir.path(),
        "typo.json",
        text.replacen("\"scale\"", "\"scales\"", 1).as_bytes(),
    );
    let out = run(&["validate", &path]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("unknown field `scales`"), "{}", stderr(&out));
}

#[test]
fn unknown_municipality_code_warns_and_strict_fails() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "9999.json",
        br#"{"catalogue": {"id": "eblomladan", "version": "2016"}, "municipality": "9999", "year": 2017, "answers": {}}"#,
    );
    let out = run(&["score", &path]);
    assert!(out.status.success());
    assert!(stderr(&out).contains(&format!(
        "{path}: warning: $.municipality: \"9999\" is not one of Sweden's 290"
    )));
    assert_eq!(run(&["score", "--strict", &path]).status.code(), Some(1));
}
