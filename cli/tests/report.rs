//! `eblomlada report`: the summary on the terminal, the HTML file, the reference it names,
//! errors and hostile text.
#![allow(clippy::unwrap_used)]

mod common;

use common::{root, run, stderr};

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn without_output_it_prints_the_summary() {
    let out = run(&[
        "report",
        "examples/kumla-2017.json",
        "--previous",
        "examples/kumla-2016.json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("Kumla: eBlomlådan 2017\n"), "{text}");
    assert!(
        text.contains("Företagare") && text.contains("Poäng 1,28, röd. (2016 1,19)"),
        "{text}"
    );
    assert!(text.contains("«Uppfyller inte alls» på 40 (45 %)"), "{text}");
    assert!(text.contains("«Uppfyller inte alls» gick från 4 till 2"), "{text}");
    assert!(
        text.contains("61 kommuner"),
        "published figures are the default reference: {text}"
    );
    assert!(text.lines().count() < 80, "short: {} lines", text.lines().count());
    let en = stdout(&run(&["report", "examples/kumla-2017.json", "--lang", "en"]));
    assert!(en.contains("Businesses") && en.contains("Score 1.28, red."), "{en}");
}

#[test]
fn writes_one_html_file() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("kumla.html");
    let out = run(&[
        "report",
        "examples/kumla-2017.json",
        "--previous",
        "examples/kumla-2016.json",
        "--published",
        "-o",
        out_path.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    let html = std::fs::read_to_string(&out_path).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("Utveckling från förra året"));
    // The same document the library writes for the same input.
    let catalogue = std::sync::Arc::new(eblomlada::Catalogue::builtin("eblomladan-2016").unwrap());
    let read = |p: &str| {
        eblomlada::Assessment::from_json(&std::fs::read_to_string(root().join(p)).unwrap(), &catalogue).unwrap()
    };
    let published = eblomlada::Published::builtin(&catalogue, 2017).unwrap();
    let expected = eblomlada::report::build(
        &read("examples/kumla-2017.json"),
        Some(&read("examples/kumla-2016.json")),
        eblomlada::report::Reference::Published(&published),
        &eblomlada::report::Options::default(),
    )
    .unwrap()
    .to_html();
    assert_eq!(html, expected);
    // `-` is HTML on stdout.
    let out = run(&["report", "examples/kumla-2017.json", "-o", "-"]);
    assert!(stdout(&out).starts_with("<!DOCTYPE html>"));
}

#[test]
fn against_a_folder_compiles_the_reference() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let gen = run(&[
        "synthetic",
        "--seed",
        "3",
        "--years",
        "2017",
        "-o",
        data.to_str().unwrap(),
    ]);
    assert!(gen.status.success(), "{}", stderr(&gen));
    let out = run(&[
        "report",
        "examples/kumla-2017.json",
        "--against",
        data.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("sammanställning av"), "{}", stdout(&out));
    assert!(stdout(&out).contains("syntetiska"));
    assert!(stderr(&out).contains("synthetic"));
}

#[test]
fn errors_are_named() {
    let out = run(&["report", "examples/kumla-2017.json", "-o", "x.pdf"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("x.pdf: expected an output file ending in .html or .docx"));
    let out = run(&[
        "report",
        "examples/kumla-2017.json",
        "--published",
        "--against",
        "examples",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let dir = tempfile::tempdir().unwrap();
    let y2016 = dir.path().join("y2016.json");
    let text = std::fs::read_to_string(root().join("examples/kumla-2016.json")).unwrap();
    std::fs::write(&y2016, text).unwrap();
    // No figures were published for 2016.
    let out = run(&["report", y2016.to_str().unwrap(), "--published"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("y2016.json: $.year:"), "{}", stderr(&out));
    let out = run(&["report", "missing.json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("missing.json"));
}

#[test]
fn hostile_names_reach_the_terminal_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("evil.json");
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("examples/kumla-2017.json")).unwrap()).unwrap();
    doc["name"] = "Kumla\u{1b}]0;pwned\u{7}\u{1b}[2J<b>".into();
    std::fs::write(&path, doc.to_string()).unwrap();
    let out = run(&["report", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!out.stdout.contains(&0x1b) && !out.stdout.contains(&0x07));
    assert!(stdout(&out).starts_with("Kumla\\u{1b}]0;pwned\\u{7}\\u{1b}[2J<b>: eBlomlådan 2017"));
    let html_path = dir.path().join("evil.html");
    let out = run(&["report", path.to_str().unwrap(), "-o", html_path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = std::fs::read_to_string(html_path).unwrap();
    assert!(html.contains("pwned") && !html.contains("<b>") && html.contains("&lt;b&gt;"));
}

#[test]
fn writes_a_docx_with_pictures() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("kumla.docx");
    let out = run(&[
        "report",
        "examples/kumla-2017.json",
        "--previous",
        "examples/kumla-2016.json",
        "-o",
        out_path.to_str().unwrap(),
    ]);
    if cfg!(feature = "docx") {
        assert!(out.status.success(), "{}", stderr(&out));
        let bytes = std::fs::read(&out_path).unwrap();
        assert_eq!(&bytes[..2], b"PK", "a zip");
        // The pictures are PNG files inside (rasterised by resvg).
        assert!(bytes.windows(4).any(|w| w == b"\x89PNG"), "a PNG picture inside");
    } else {
        assert_eq!(out.status.code(), Some(2));
        assert!(stderr(&out).contains("needs the `docx` feature"));
    }
}
