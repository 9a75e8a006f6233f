//! How the CLI writes and reads files: planted symlinks, special targets, all-or-nothing
//! folders, input size limits, capped problem lists and escaped messages.
#![allow(clippy::unwrap_used)]

use std::path::Path;

mod common;

use common::{root, run, stderr};

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[cfg(unix)]
#[test]
fn a_symlink_at_the_old_temporary_name_does_not_redirect_the_output() {
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim");
    std::fs::write(&victim, "precious").unwrap();
    // The old writer used `.NAME.PID.tmp`; PIDs are small numbers, so plant a range of them.
    for pid in 1..4000 {
        std::os::unix::fs::symlink(&victim, dir.path().join(format!(".out.svg.{pid}.tmp"))).unwrap();
    }
    let out_path = dir.path().join("out.svg");
    let out = run(&["render", "examples/kumla-2017.json", "-o", out_path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    assert!(std::fs::read_to_string(&out_path).unwrap().starts_with("<svg"));
}

#[cfg(unix)]
#[test]
fn an_existing_output_keeps_its_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("export.csv");
    std::fs::write(&path, "old").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    let out = run(&["export", "examples/kumla-2017.json", "--csv", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    assert!(std::fs::read_to_string(&path)
        .unwrap()
        .starts_with("catalogue,municipality,"));
}

#[test]
fn dash_and_dev_stdout_write_to_stdout() {
    for target in ["-", "/dev/stdout"] {
        let out = run(&["render", "examples/kumla-2017.json", "-o", target]);
        assert!(out.status.success(), "{target}: {}", stderr(&out));
        assert!(String::from_utf8_lossy(&out.stdout).starts_with("<svg"), "{target}");
        let out = run(&["compile", "examples/kumla-2017.json", "-o", target]);
        assert!(out.status.success(), "{target}: {}", stderr(&out));
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(json["assessments"], 1, "{target}");
    }
}

#[cfg(unix)]
#[test]
fn dev_null_stays_a_device_and_dev_full_is_reported() {
    use std::os::unix::fs::FileTypeExt;
    let out = run(&["export", "examples/kumla-2017.json", "--csv", "/dev/null"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(std::fs::metadata("/dev/null").unwrap().file_type().is_char_device());
    let out = run(&["export", "examples/kumla-2017.json", "--csv", "/dev/full"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).starts_with("/dev/full: cannot write"), "{}", stderr(&out));
}

#[cfg(unix)]
#[test]
fn a_fifo_is_written_through() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.csv");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let out = run(&["export", "examples/kumla-2017.json", "--csv", fifo.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(reader.join().unwrap().starts_with("catalogue,municipality,"));
    assert_eq!(names(dir.path()), ["pipe.csv"]);
}

#[test]
fn a_folder_as_output_file_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(&["render", "examples/kumla-2017.json", "-o", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let out = run(&[
        "export",
        "examples/kumla-2017.json",
        "--csv",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("is a folder"), "{}", stderr(&out));
}

#[test]
fn synthetic_and_import_write_whole_sets_and_leave_no_staging_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("set");
    let csv = dir.path().join("set.csv");
    let out = run(&[
        "synthetic",
        "--seed",
        "7",
        "--years",
        "2017",
        "-o",
        out_dir.to_str().unwrap(),
        "--csv",
        csv.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    // 2017's default participation follows the seeds: 61 municipalities published.
    assert_eq!(names(&out_dir).len(), 61);
    assert_eq!(names(dir.path()), ["set", "set.csv"], "no staging folder is left");

    // A bad row at the very end: nothing at all is written.
    let mut text = std::fs::read_to_string(&csv).unwrap();
    let last = text.lines().last().unwrap().to_owned();
    text.push_str(
        &last
            .replace(",fully,", ",maybe,")
            .replace(",partly,", ",maybe,")
            .replace(",not_met,", ",maybe,"),
    );
    text.push('\n');
    std::fs::write(&csv, &text).unwrap();
    let imported = dir.path().join("imported");
    let out = run(&["import", csv.to_str().unwrap(), "-o", imported.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(!imported.exists());
    assert_eq!(names(dir.path()), ["set", "set.csv"]);
}

#[test]
fn inputs_beyond_the_size_limit_are_refused_and_the_limit_can_be_raised() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kumla.json");
    std::fs::copy(root().join("examples/kumla-2017.json"), &path).unwrap();
    let size = std::fs::metadata(&path).unwrap().len();
    let small = (size - 1).to_string();
    let out = run(&["score", path.to_str().unwrap(), "--max-input-bytes", &small]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("larger than the limit of {small} bytes")) && err.contains("--max-input-bytes"),
        "{err}"
    );
    let out = run(&["score", path.to_str().unwrap(), "--max-input-bytes", &size.to_string()]);
    assert!(out.status.success(), "{}", stderr(&out));
    #[cfg(unix)]
    {
        // The default limit (64 MiB) stops an endless stream.
        let out = run(&["score", "/dev/zero"]);
        assert_eq!(out.status.code(), Some(1));
        assert!(
            stderr(&out).contains("larger than the limit of 64 MiB"),
            "{}",
            stderr(&out)
        );
    }
}

#[test]
fn one_file_with_thousands_of_problems_prints_the_first_hundred_and_a_count() {
    let dir = tempfile::tempdir().unwrap();
    let answers: Vec<String> = (0..5000)
        .map(|i| format!("\"x{i}\": {{\"answer\": \"fully\"}}"))
        .collect();
    let path = dir.path().join("many.json");
    std::fs::write(
        &path,
        format!(
            "{{\"catalogue\": {{\"id\": \"eblomladan\", \"version\": \"2016\"}}, \"municipality\": \"1881\", \"year\": 2017, \"answers\": {{{}}}}}",
            answers.join(",")
        ),
    )
    .unwrap();
    let out = run(&["validate", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 101, "{err}");
    assert!(
        lines[100].ends_with("and 4900 more problems (only the first 100 are listed)"),
        "{err}"
    );
}

#[test]
fn control_characters_in_messages_are_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("evil.csv");
    std::fs::write(
        &path,
        "catalogue,municipality,year,indicator,answer,\x1b[2J\x1b[31mevil\u{202e}\n",
    )
    .unwrap();
    // Unknown columns are ignored unless refused: refused, the message names this one.
    let out = run(&[
        "import",
        path.to_str().unwrap(),
        "-o",
        dir.path().join("out").to_str().unwrap(),
        "--extra",
        "error",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(!err.contains('\x1b') && !err.contains('\u{202e}'), "{err:?}");
    assert!(err.contains("\\u{1b}[2J\\u{1b}[31mevil\\u{202e}"), "{err}");
}

#[test]
fn a_plan_over_its_limit_names_the_limit_and_the_options() {
    let out = run(&["plan", "examples/kumla-2017.json", "--max-plan-entries", "10"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("more than the limit of 10") && err.contains("--max-plan-entries"),
        "{err}"
    );
    assert!(run(&["plan", "examples/kumla-2017.json"]).status.success());
}

#[test]
fn synthetic_data_beyond_its_limit_is_refused_before_the_work() {
    let years: Vec<String> = (1900..=2200).map(|y| y.to_string()).collect();
    let out = run(&[
        "synthetic",
        "--seed",
        "1",
        "--years",
        &years.join(","),
        "--csv",
        "/dev/null",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("the synthetic data set would be 7681520 answers, more than the limit of 2000000")
            && err.contains("--max-answers"),
        "{err}"
    );
    let out = run(&[
        "synthetic",
        "--seed",
        "1",
        "--years",
        "2017",
        "--csv",
        "/dev/null",
        "--max-answers",
        "25520",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
}
