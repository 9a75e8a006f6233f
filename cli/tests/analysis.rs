//! The analysis commands as a user meets them: outputs, exit codes, and stderr lines that name
//! the file and the place of every problem.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::Output;

mod common;

use common::{root, run, stderr};

fn json(out: &Output) -> serde_json::Value {
    assert!(out.status.success(), "{}", stderr(out));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn s(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

const FIXTURE_2099: &str = "tests/analysis/fixture-eblomladan-2099.json";
const MAPPING: &str = "tests/analysis/fixture-mapping-2016-2099.json";
const KUMLA_2099: &str = "tests/analysis/fixture-kumla-2099.assessment.json";

/// A synthetic data set of 2016 and 2017 written as files into `dir/data`.
fn synthetic(dir: &Path) -> PathBuf {
    let data = dir.join("data");
    let out = run(&[
        "synthetic",
        "--seed",
        "5",
        "--years",
        "2016,2017",
        "--participation",
        "1",
        "-o",
        &s(&data),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("invented"), "{}", stderr(&out));
    data
}

#[test]
fn compile_a_folder_by_county_year_and_custom_groups() {
    let dir = tempfile::tempdir().unwrap();
    let data = synthetic(dir.path());
    assert_eq!(std::fs::read_dir(&data).unwrap().count(), 580);

    let v = json(&run(&["compile", &s(&data), "--by", "county", "--top", "3"]));
    assert_eq!(v["assessments"], 580);
    assert_eq!(v["municipalities"], 290);
    assert_eq!(v["top"].as_array().unwrap().len(), 3);
    assert_eq!(v["groups"]["18"]["name"], "Örebro län");
    assert_eq!(v["groups"].as_object().unwrap().len(), 21);
    let counts = &v["indicators"]["elderly-06"]["counts"];
    let n: u64 = ["fully", "partly", "not_met"]
        .iter()
        .map(|k| counts[k].as_u64().unwrap())
        .sum();
    assert_eq!(n, 580);

    let v = json(&run(&["compile", &s(&data), "--by", "year"]));
    assert_eq!(v["groups"]["2017"]["assessments"], 290);

    let groups = dir.path().join("groups.json");
    std::fs::write(&groups, r#"{"1881": "B4", "0180": "A1", "1480": "A1"}"#).unwrap();
    let v = json(&run(&["compile", &s(&data), "--groups", &s(&groups)]));
    assert_eq!(v["groups"]["A1"]["assessments"], 4);
    assert_eq!(v["ungrouped"].as_array().unwrap().len(), 287);

    // CSV format and -o.
    let out_file = dir.path().join("out/compilation.csv");
    let out = run(&["compile", &s(&data), "--format", "csv", "-o", &s(&out_file)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(&out_file).unwrap();
    assert!(text.starts_with("group,indicator,level,area,assessments,answered,unanswered,fully,partly,not_met,"));
    assert_eq!(text.lines().count(), 1 + 88);
}

#[test]
fn mixed_versions_without_a_mapping_exit_1_naming_both_files() {
    let dir = tempfile::tempdir().unwrap();
    let data = synthetic(dir.path());
    let first = s(&data.join("0114-2017.json"));
    let out = run(&["compile", &first, KUMLA_2099, "--catalogue", FIXTURE_2099]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.starts_with(&format!(
            "{KUMLA_2099}: $.catalogue: catalogue eblomladan 2099 cannot be pooled: {first} is of eblomladan 2016"
        )),
        "{err}"
    );
    assert!(err.contains("--mapping FILE"), "{err}");
    assert!(out.stdout.is_empty());
    // With the mapping the two versions pool into the new one.
    let v = json(&run(&[
        "compile",
        &first,
        KUMLA_2099,
        "--catalogue",
        FIXTURE_2099,
        "--mapping",
        MAPPING,
    ]));
    assert_eq!(v["catalogue"]["version"], "2099");
    assert_eq!(v["assessments"], 2);
    assert_eq!(v["sources"][1]["mapped"], true);
    // Without --catalogue the fixture catalogue is unknown: the file and path are named.
    let out = run(&["compile", KUMLA_2099]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with(&format!(
            "{KUMLA_2099}: $.catalogue: unknown catalogue \"eblomladan-2099\""
        )),
        "{}",
        stderr(&out)
    );
}

#[test]
fn empty_input_and_bad_files_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let out = run(&["compile", &s(&empty)]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out).trim(),
        format!(
            "{}: no assessment files (*.json) in this folder; nothing to compile",
            s(&empty)
        )
    );
    // Every bad file is reported, each naming its place.
    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        r#"{"catalogue": {"id": "eblomladan", "version": "2016"}, "municipality": "1881", "year": 2017, "answers": {"lead-01": {"answer": "yes"}}}"#,
    )
    .unwrap();
    let truncated = dir.path().join("truncated.json");
    std::fs::write(&truncated, "{\"catalogue\": ").unwrap();
    let out = run(&["compile", &s(&bad), "examples/kumla-2017.json", &s(&truncated)]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "{}: $.answers.lead-01.answer: unknown answer \"yes\"",
            s(&bad)
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{}: line 1, column 14: $.catalogue: the document ends too early",
            s(&truncated)
        )),
        "{err}"
    );
    assert!(!err.contains("panicked"));
    // Usage errors exit 2.
    assert_eq!(run(&["compile"]).status.code(), Some(2));
    assert_eq!(
        run(&["compile", "examples/kumla-2017.json", "--by", "size"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        run(&[
            "compile",
            "examples/kumla-2017.json",
            "--by",
            "county",
            "--groups",
            "x.csv"
        ])
        .status
        .code(),
        Some(2)
    );
}

#[test]
fn groups_file_problems_name_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let groups = dir.path().join("groups.csv");
    std::fs::write(&groups, "municipality,group\n1881,B4\n180,A1\n1881,C8\n").unwrap();
    let out = run(&["compile", "examples/kumla-2017.json", "--groups", &s(&groups)]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    let g = s(&groups);
    assert!(
        err.contains(&format!(
            "{g}: line 3, column 1: municipality: invalid municipality code \"180\""
        )),
        "{err}"
    );
    assert!(err.contains("dropped leading zeros: 0180"), "{err}");
    assert!(
        err.contains(&format!(
            "{g}: line 4, column 2: group: municipality 1881 is put in group \"C8\" but also in \"B4\" on line 2"
        )),
        "{err}"
    );
}

#[test]
fn compare_with_a_folder_and_the_own_county() {
    let dir = tempfile::tempdir().unwrap();
    let data = synthetic(dir.path());
    let kumla = s(&data.join("1881-2017.json"));
    let v = json(&run(&["compare", &kumla, "--against", &s(&data), "--by", "county"]));
    assert_eq!(
        (v["municipality"].as_str(), v["name"].as_str()),
        (Some("1881"), Some("Kumla"))
    );
    assert_eq!(v["all"]["assessments"], 580);
    assert_eq!(v["group"]["key"], "18");
    assert_eq!(v["group"]["name"], "Örebro län");
    let elderly = &v["all"]["areas"]["elderly"];
    assert!(elderly["rank"].as_u64().unwrap() >= 1 && elderly["of"] == 580);
    assert!(v["all"]["indicators"]["elderly-06"]["share"].as_f64().is_some());
    // Against another catalogue version: exit 1 naming the file.
    let out = run(&[
        "compare",
        KUMLA_2099,
        "--against",
        &s(&data),
        "--catalogue",
        FIXTURE_2099,
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with(&format!("{KUMLA_2099}: $.catalogue:")),
        "{}",
        stderr(&out)
    );
}

#[test]
fn diff_year_over_year_and_across_versions() {
    let dir = tempfile::tempdir().unwrap();
    let data = synthetic(dir.path());
    let (old, new) = (s(&data.join("1881-2016.json")), s(&data.join("1881-2017.json")));
    let v = json(&run(&["diff", &old, &new]));
    assert_eq!(v["year"], serde_json::json!({"old": 2016, "new": 2017}));
    let changes = &v["changes"];
    let total: u64 = ["up", "down", "same", "answered", "cleared", "unanswered", "new"]
        .iter()
        .map(|k| changes[k].as_u64().unwrap())
        .sum();
    assert_eq!(total, 88);
    assert!(v["areas"]["elderly"]["answers"]["not_met"]["delta"].is_i64());

    // Across versions: without a mapping exit 1 naming the old file; with it, stricter flagged.
    let out = run(&[
        "diff",
        "examples/kumla-2017.json",
        KUMLA_2099,
        "--catalogue",
        FIXTURE_2099,
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with(
            "examples/kumla-2017.json: $.catalogue: catalogue eblomladan 2016 differs from eblomladan 2099"
        ),
        "{}",
        stderr(&out)
    );
    let v = json(&run(&[
        "diff",
        "examples/kumla-2017.json",
        KUMLA_2099,
        "--catalogue",
        FIXTURE_2099,
        "--mapping",
        MAPPING,
    ]));
    assert_eq!(v["mapped"], true);
    assert_eq!(v["indicators"]["tech-02"]["stricter"], true);
    assert_eq!(v["indicators"]["tech-03"]["change"], "new");
    assert_eq!(v["stricter"], 3);
    // A broken mapping file: exit 1 naming the file and the path.
    let broken = dir.path().join("mapping.json");
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join(MAPPING)).unwrap()).unwrap();
    doc["indicators"]["elderly-02"]["from"][0] = "elderly-99".into();
    std::fs::write(&broken, doc.to_string()).unwrap();
    let out = run(&[
        "diff",
        "examples/kumla-2017.json",
        KUMLA_2099,
        "--catalogue",
        FIXTURE_2099,
        "--mapping",
        &s(&broken),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(&format!(
            "{}: $.indicators.elderly-02.from[0]: unknown indicator \"elderly-99\"",
            s(&broken)
        )),
        "{}",
        stderr(&out)
    );
}

#[test]
fn plan_for_an_area_and_for_all() {
    let v = json(&run(&["plan", "examples/kumla-2017.json", "--area", "elderly"]));
    let areas = v["areas"].as_object().unwrap();
    assert_eq!(areas.keys().collect::<Vec<_>>(), ["elderly"]);
    let set = &v["areas"]["elderly"]["minimal"];
    assert!(set["count"].as_u64().unwrap() >= 1);
    assert_eq!(set["outcome"]["elderly"]["colour"], "green");
    assert!(v.get("all").is_none());
    let v = json(&run(&["plan", "examples/kumla-2017.json", "--target", "yellow"]));
    assert_eq!(v["target"], "yellow");
    assert!(v["all"]["count"].is_u64());
    let out = run(&["plan", "examples/kumla-2017.json", "--area", "harbour"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--area: unknown area \"harbour\"; expected one of elderly"),
        "{}",
        stderr(&out)
    );
    let out = run(&["plan", "examples/kumla-2017.json", "--target", "blue"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("unknown colour \"blue\""));
}

#[test]
fn export_and_import_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let data = synthetic(dir.path());
    let table = dir.path().join("national.csv");
    let out = run(&["export", &s(&data), "--csv", &s(&table)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let back = dir.path().join("back");
    let out = run(&["import", &s(&table), "-o", &s(&back)]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("wrote 580 assessments"));
    for name in ["1881-2017.json", "0114-2016.json", "2584-2017.json"] {
        assert_eq!(
            std::fs::read_to_string(data.join(name)).unwrap(),
            std::fs::read_to_string(back.join(name)).unwrap(),
            "{name}"
        );
    }
    // Excel: one assessment, and a compilation by county.
    let one = dir.path().join("kumla.xlsx");
    assert!(run(&["export", "examples/kumla-2017.json", "--xlsx", &s(&one)])
        .status
        .success());
    let all = dir.path().join("all.xlsx");
    let out = run(&[
        "export",
        &s(&data),
        "--xlsx",
        &s(&all),
        "--by",
        "county",
        "--lang",
        "en",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    for file in [&one, &all] {
        let bytes = std::fs::read(file).unwrap();
        assert_eq!(&bytes[..2], b"PK");
    }
    // Exactly one of --xlsx and --csv.
    assert_eq!(run(&["export", "examples/kumla-2017.json"]).status.code(), Some(2));
    let out = run(&[
        "export",
        "examples/kumla-2017.json",
        "--xlsx",
        "a.xlsx",
        "--csv",
        "a.csv",
    ]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn import_problems_name_line_and_column_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("bad.csv");
    std::fs::write(
        &table,
        "catalogue,municipality,year,indicator,answer,points,comment\n\
         eblomladan-2016,1881,2017,lead-01,fully,3,\"Två rader,\n\"\"citat\"\"\"\n\
         eblomladan-2016,1881,2017,lead-02,yes,,\n\
         eblomladan-2016,1881,2017,lead-03,fully,2,\n",
    )
    .unwrap();
    let out_dir = dir.path().join("out");
    let out = run(&["import", &s(&table), "-o", &s(&out_dir)]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    let t = s(&table);
    assert!(
        err.contains(&format!("{t}: line 4, column 5: answer: unknown answer \"yes\"")),
        "{err}"
    );
    assert!(
        err.contains(&format!("{t}: line 5, column 6: points: \"2\" points do not match")),
        "{err}"
    );
    assert!(!out_dir.exists());
}

#[test]
fn import_ignores_extra_columns_unless_told_and_takes_a_separator() {
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("excel.csv");
    // As Swedish Excel saves it from a pandas frame: `;`, an index column and a name column.
    std::fs::write(
        &table,
        ";catalogue;municipality;year;indicator;answer;points;comment;name\n\
         0;eblomladan-2016;1881;2017;lead-01;fully;3;;Kumla\n\
         1;eblomladan-2016;1881;2017;lead-02;partly;2;;Kumla\n",
    )
    .unwrap();
    let out_dir = dir.path().join("out");
    let out = run(&["import", &s(&table), "-o", &s(&out_dir)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out_dir.join("1881-2017.json")).unwrap()).unwrap();
    assert_eq!(written["answers"]["lead-02"]["answer"], "partly");
    let refused = dir.path().join("refused");
    let out = run(&["import", &s(&table), "-o", &s(&refused), "--extra", "error"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("unknown column"), "{}", stderr(&out));
    assert!(!refused.exists());
    let out = run(&["import", &s(&table), "-o", &s(&refused), "--sep", ","]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "with the wrong separator there is one column"
    );
    let out = run(&["import", &s(&table), "-o", &s(&refused), "--sep", "§"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("--sep"), "{}", stderr(&out));
}

#[test]
fn synthetic_is_deterministic_and_writes_csv() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.csv"), dir.path().join("b.csv"));
    for path in [&a, &b] {
        let out = run(&[
            "synthetic",
            "--seed",
            "9",
            "--years",
            "2017",
            "--csv",
            &s(path),
            "--participation",
            "0.5",
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let text = std::fs::read_to_string(&a).unwrap();
    assert_eq!(text, std::fs::read_to_string(&b).unwrap());
    assert!(text.lines().count() < 1 + 290 * 88);
    assert_eq!(
        run(&["synthetic", "--seed", "9", "--years", "2017"]).status.code(),
        Some(2)
    );
    assert_eq!(
        run(&["synthetic", "--seed", "9", "--years", "17", "--csv", "x.csv"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        run(&[
            "synthetic",
            "--seed",
            "9",
            "--years",
            "2017",
            "--csv",
            "x.csv",
            "--participation",
            "2"
        ])
        .status
        .code(),
        Some(2)
    );
}

#[test]
fn compiling_one_municipality_and_year_twice_names_both_files() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("copy.json");
    std::fs::copy(root().join("examples/kumla-2017.json"), &copy).unwrap();
    let out = run(&["compile", "examples/kumla-2017.json", copy.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with(&format!(
            "{}: $.municipality: a second assessment of municipality 1881 for 2017",
            copy.display()
        )) && err.contains("(the first is examples/kumla-2017.json)"),
        "{err}"
    );
}

#[test]
fn compare_with_the_published_figures() {
    let v = json(&run(&["compare", "examples/kumla-2017.json", "--published"]));
    assert_eq!(v["published"]["assessments"], 61);
    assert_eq!(v["synthetic"], 0);
    assert_eq!(v["figures"].as_array().unwrap().len(), 17);
    let alarms = &v["figures"][0];
    assert_eq!(
        (alarms["indicator"].as_str(), alarms["percent"].as_f64()),
        (Some("elderly-06"), Some(77.0))
    );
    assert_eq!(v["sections"]["tech"]["best"], serde_json::json!(["tech-01", "tech-03"]));
    assert_eq!(v["sections"]["lead"]["worst"], serde_json::json!(["lead-26"]));

    // The same figures given as a file; a broken file names the file and every place.
    let shipped = root().join("indicators/eblomladan-2016.published-2017.json");
    let given = json(&run(&[
        "compare",
        "examples/kumla-2017.json",
        "--published",
        &s(&shipped),
    ]));
    assert_eq!(given, v);
    let dir = tempfile::tempdir().unwrap();
    let mut doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&shipped).unwrap()).unwrap();
    doc["figures"][2]["indicator"] = "children-99".into();
    doc["figures"][3]["percent"] = 140.into();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, doc.to_string()).unwrap();
    let out = run(&["compare", "examples/kumla-2017.json", "--published", &s(&bad)]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("bad.json: $.figures[2].indicator: unknown indicator"),
        "{err}"
    );
    assert!(
        err.contains("bad.json: $.figures[3].percent: expected a percent from 0 to 100"),
        "{err}"
    );

    // No figures were published for 2016: say so, and how to give some.
    let mut kumla: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("examples/kumla-2017.json")).unwrap()).unwrap();
    kumla["year"] = 2016.into();
    let old = dir.path().join("kumla-2016.json");
    std::fs::write(&old, kumla.to_string()).unwrap();
    let out = run(&["compare", &s(&old), "--published"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("no published figures for catalogue eblomladan-2016 and year 2016"),
        "{}",
        stderr(&out)
    );

    // One reference or the other.
    let out = run(&["compare", "examples/kumla-2017.json"]);
    assert_eq!(out.status.code(), Some(2));
    let out = run(&[
        "compare",
        "examples/kumla-2017.json",
        "--published",
        "--against",
        "examples",
    ]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_kumla_examples_diff_as_the_report_tells() {
    let v = json(&run(&["diff", "examples/kumla-2016.json", "examples/kumla-2017.json"]));
    assert_eq!(
        (v["changes"]["up"].as_u64(), v["changes"]["down"].as_u64()),
        (Some(9), Some(4))
    );
    assert_eq!(v["indicators"]["lead-32"]["old"], "not_met");
    assert_eq!(v["indicators"]["lead-32"]["new"], "fully");
    assert_eq!(v["indicators"]["culture-05"]["change"], "down");
}

#[test]
fn synthetic_data_follows_the_seeds_and_is_flagged_wherever_it_goes() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let out = run(&["synthetic", "--seed", "5", "--years", "2016,2017", "-o", &s(&data)]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(std::fs::read_dir(&data).unwrap().count(), 40 + 61);
    let out = run(&["compile", &s(&data)]);
    let v = json(&out);
    assert_eq!(v["synthetic"], 101);
    assert!(
        stderr(&out).contains("warning: 101 synthetic assessments (invented data, not real results)"),
        "{}",
        stderr(&out)
    );
    let out = run(&["compare", "examples/kumla-2017.json", "--against", &s(&data)]);
    assert_eq!(json(&out)["synthetic"], 101);
    assert!(stderr(&out).contains("warning: 101 synthetic"), "{}", stderr(&out));
    // Real files only: no count, no warning.
    let out = run(&["compile", "examples/kumla-2016.json", "examples/kumla-2017.json"]);
    assert_eq!(json(&out)["synthetic"], 0);
    assert!(!stderr(&out).contains("synthetic"), "{}", stderr(&out));
    let one = std::fs::read_dir(&data).unwrap().next().unwrap().unwrap().path();
    let out = run(&["compare", &s(&one), "--published"]);
    assert_eq!(json(&out)["synthetic"], 1);
    assert!(
        stderr(&out).contains("warning: 1 synthetic assessment (invented"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn validate_checks_published_figures() {
    let out = run(&["validate", "indicators/eblomladan-2016.published-2017.json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout)
        .contains("published figures of eblomladan-2016 for 2017: 17 figures, 61 municipalities"));
    let dir = tempfile::tempdir().unwrap();
    let mut doc: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("indicators/eblomladan-2016.published-2017.json")).unwrap(),
    )
    .unwrap();
    doc["figures"][4] = doc["figures"][0].clone();
    doc["year"] = 2019.into();
    let bad = dir.path().join("figures.json");
    std::fs::write(&bad, doc.to_string()).unwrap();
    let out = run(&["validate", &s(&bad)]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("figures.json: $.figures[4]: a second figure for indicator elderly-06 and answer fully; the first is $.figures[0]"), "{err}");
    assert!(err.contains("figures.json: warning: $.year"), "{err}");
}
