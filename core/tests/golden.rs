//! The shared golden fixtures (`tests/golden/`): every `*.assessment.json` scored by the core
//! must equal its `*.expected.json`, written by an independent Python implementation
//! (`tests/golden/generate.py`). The Python and JavaScript suites read the same files.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;
use std::sync::Arc;

use eblomlada::{Assessment, Catalogue};

fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/golden")
}

#[test]
fn every_fixture_scores_as_expected() {
    let catalogue = Arc::new(Catalogue::builtin("eblomladan-2016").unwrap());
    let mut seen = 0;
    let mut entries: Vec<_> = std::fs::read_dir(golden_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let Some(stem) = name.strip_suffix(".assessment.json") else {
            continue;
        };
        let text = std::fs::read_to_string(&path).unwrap();
        let expected: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(golden_dir().join(format!("{stem}.expected.json"))).unwrap())
                .unwrap();
        let assessment = Assessment::from_json(&text, &catalogue).unwrap();
        let actual = assessment.score().to_value();
        assert_eq!(
            actual, expected,
            "fixture {stem}: score differs from the independent expectation"
        );
        seen += 1;
    }
    assert!(seen >= 8, "only {seen} golden fixtures found");
}

#[test]
fn band_edges_are_decided_exactly() {
    let catalogue = Arc::new(Catalogue::builtin("eblomladan-2016").unwrap());
    for (stem, colour, exact) in [("edge-green-7-3", "green", "7/3"), ("edge-yellow-5-3", "yellow", "5/3")] {
        let text = std::fs::read_to_string(golden_dir().join(format!("{stem}.assessment.json"))).unwrap();
        let result = Assessment::from_json(&text, &catalogue).unwrap().score().result();
        let business = &result.areas["business"];
        assert_eq!(business.score_exact.unwrap().to_string(), exact);
        assert_eq!(business.colour.as_deref(), Some(colour), "{stem}");
    }
}

#[test]
fn kumla_example_reads_like_the_report() {
    let catalogue = Arc::new(Catalogue::builtin("eblomladan-2016").unwrap());
    let text =
        std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/kumla-2017.json")).unwrap();
    let result = Assessment::from_json(&text, &catalogue).unwrap().score().result();
    let counts = &result.tally.counts;
    assert_eq!((counts["not_met"], counts["partly"], counts["fully"]), (40, 38, 10));
    let percent = result.tally.percent.as_ref().unwrap();
    assert_eq!((percent["not_met"], percent["partly"], percent["fully"]), (45, 43, 11));
    assert_eq!((result.points, result.max_points), (146, 264));
}

/// Numbers in optional fields are kept exactly as written: an integer beyond 64 bits, a long
/// decimal, a negative big integer (serde_json's arbitrary_precision).
#[test]
fn numbers_in_optional_fields_survive_a_round_trip_exactly() {
    let c = std::sync::Arc::new(eblomlada::Catalogue::builtin("eblomladan-2016").unwrap());
    let text = r#"{"catalogue": {"id": "eblomladan", "version": "2016"}, "municipality": "1881", "year": 2017,
        "ref": 18446744073709551616, "tiny": 0.1000000000000000055511151231257827, "neg": -99999999999999999999999,
        "nested": {"list": [1e+400, 12345678901234567890123]},
        "answers": {"lead-01": {"answer": "fully", "n": 123456789012345678901234567890}}}"#;
    let a = eblomlada::Assessment::from_json(text, &c).unwrap();
    let out = a.to_json();
    for number in [
        "18446744073709551616",
        "0.1000000000000000055511151231257827",
        "-99999999999999999999999",
        "1e+400",
        "12345678901234567890123",
        "123456789012345678901234567890",
    ] {
        assert!(out.contains(number), "{number} in {out}");
    }
    let again = eblomlada::Assessment::from_json(&out, &c).unwrap();
    assert_eq!(again, a);
    assert_eq!(again.to_json(), out);
    // A duplicate key deep inside is still found.
    let dup = text.replace(r#""list": ["#, r#""a": 1, "a": 2, "list": ["#);
    let problems = eblomlada::Assessment::from_json(&dup, &c).unwrap_err().problems();
    assert_eq!(problems[0].path, "$.nested", "{:?}", problems[0]);
}
