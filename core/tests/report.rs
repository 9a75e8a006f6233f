//! The yearly report (seed 004, Kumla's 2017 report): the findings Kumla wrote by hand, computed
//! from `examples/kumla-2017.json` and `examples/kumla-2016.json`; well-formed HTML (html5ever);
//! no script or external request; hostile text inert.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;
use std::sync::Arc;

use eblomlada::analysis::{self, CompileOptions, SyntheticOptions};
use eblomlada::report::{self, Actions, Reference, SectionKind};
use eblomlada::{Assessment, Catalogue, Published};
use scraper::{Html, Selector};

fn catalogue() -> Arc<Catalogue> {
    Arc::new(Catalogue::builtin("eblomladan-2016").unwrap())
}

fn kumla(year: i32) -> Assessment {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("../examples/kumla-{year}.json"));
    Assessment::from_json(&std::fs::read_to_string(path).unwrap(), &catalogue()).unwrap()
}

fn kumla_report(lang: &str) -> report::Report {
    let published = Published::builtin(&catalogue(), 2017).unwrap();
    let options = report::Options {
        lang: lang.into(),
        ..Default::default()
    };
    report::build(
        &kumla(2017),
        Some(&kumla(2016)),
        Reference::Published(&published),
        &options,
    )
    .unwrap()
}

fn section<'a>(r: &'a report::Report, id: &str) -> &'a report::Section {
    r.sections.iter().find(|s| s.id == id).unwrap()
}

fn parse(html: &str) -> Html {
    let doc = Html::parse_document(html);
    assert!(doc.errors.is_empty(), "HTML5 parse errors: {:?}", doc.errors);
    doc
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

/// The text of the report's part for one section.
fn part_text(doc: &Html, id: &str) -> String {
    let s = sel(&format!("section.part[data-section=\"{id}\"]"));
    doc.select(&s).next().unwrap().text().collect::<Vec<_>>().join(" ")
}

#[test]
fn kumla_findings_are_computed_from_the_files() {
    let r = kumla_report("sv");
    assert_eq!(r.name, "Kumla");
    // "främst genom att minska antalet röda frågor från fyra till två stycken"
    let elderly = section(&r, "elderly");
    let change = elderly.change.as_ref().unwrap();
    let red = change.counts.iter().find(|c| c.answer == "not_met").unwrap();
    assert_eq!((red.before, red.after), (4, 2));
    assert!(change.down.is_empty() && !change.up.is_empty());
    // "77% … digitala trygghetslarm … något som Kumla kommun också uppfyller helt";
    // "85 % … helt saknar tillgång till digital journal … vilket också är fallet för Kumla kommun"
    let (best, worst) = (elderly.best.as_ref().unwrap(), elderly.worst.as_ref().unwrap());
    assert_eq!(
        (best.id.as_str(), best.percent, best.own_id.as_deref()),
        ("elderly-06", 77, Some("fully"))
    );
    assert_eq!(
        (worst.id.as_str(), worst.percent, worst.own_id.as_deref()),
        ("elderly-05", 85, Some("not_met"))
    );
    // Children: "inga röda svar kvar", "tappat ett grönt blad"; "79 % … det är vårt enda gröna svar".
    let children = section(&r, "children").change.as_ref().unwrap();
    let count = |c: &report::SectionChange, a: &str| {
        let row = c.counts.iter().find(|x| x.answer == a).unwrap();
        (row.before, row.after)
    };
    assert_eq!(count(children, "not_met").1, 0);
    assert_eq!(count(children, "fully").0, count(children, "fully").1 + 1);
    assert_eq!(section(&r, "children").best.as_ref().unwrap().id, "children-03");
    // Business: "ingen förbättring alls skett och vi uppfyller inte alls något av kraven"; red flower; 90 %.
    let business = section(&r, "business");
    assert_eq!(count(business.change.as_ref().unwrap(), "not_met"), (6, 6));
    assert_eq!(business.colour.as_deref(), Some("red"));
    assert_eq!(business.worst.as_ref().unwrap().percent, 90);
    // Culture: "En fråga har tolkats hårdare … gått från grönt till gult … digitala nycklar".
    let culture = section(&r, "culture").change.as_ref().unwrap();
    assert_eq!(
        culture.down.iter().map(|n| n.id.as_str()).collect::<Vec<_>>(),
        ["culture-05"]
    );
    assert!(culture.up.is_empty());
    // Housing: "ett första grönt svar har uppnåtts för tjänsten beställa nybyggnadskarta".
    let housing = section(&r, "housing").change.as_ref().unwrap();
    assert!(housing
        .up
        .iter()
        .any(|n| n.id == "housing-02" && n.to.as_deref() == Some("Uppfyller helt")));
    // Leadership: "socialtjänsten har börjat använda LIKA … Den frågan är också den enda gröna".
    let lead = section(&r, "lead");
    assert_eq!(lead.kind, SectionKind::Level);
    assert!(lead.change.as_ref().unwrap().up.iter().any(|n| n.id == "lead-32"));
    assert_eq!(lead.worst.as_ref().unwrap().id, "lead-26"); // 65 %, Mina meddelanden
                                                            // Summary: "av 88 frågor så uppfyller vi inte alls 40 stycken av dom, dvs 45%. … delvis 38 (43%) … helt 10 (11%)".
    let c = &r.totals.counts;
    let by = |a: &str| c.iter().find(|x| x.0 == a).map(|x| (x.3, x.4)).unwrap();
    assert_eq!(
        (by("not_met"), by("partly"), by("fully")),
        ((40, 45), (38, 43), (10, 11))
    );

    // …and the HTML says it in words, in the right section.
    let doc = parse(&r.to_html());
    let elderly_text = part_text(&doc, "elderly");
    assert!(
        elderly_text.contains("«Uppfyller inte alls» gick från 4 till 2"),
        "{elderly_text}"
    );
    assert!(elderly_text.contains("77 % svarar Uppfyller helt"), "{elderly_text}");
    assert!(
        elderly_text.contains("Kommunens svar: Uppfyller helt"),
        "{elderly_text}"
    );
    let summary = doc.select(&sel("#summary")).next().unwrap().text().collect::<String>();
    assert!(summary.contains("«Uppfyller inte alls» på 40 (45 %)"), "{summary}");
    assert!(doc
        .select(&sel("#results"))
        .next()
        .unwrap()
        .text()
        .collect::<String>()
        .contains("61 kommuner"));
}

#[test]
fn suggested_actions_come_from_the_planner() {
    let r = kumla_report("sv");
    let a = kumla(2017);
    for s in r.sections.iter().filter(|s| s.kind == SectionKind::Area) {
        match &s.actions {
            Actions::NextColour { changes, .. } => {
                // Applying the suggested changes lifts the flower to the next colour.
                let mut after = a.clone();
                for n in changes {
                    let to = a
                        .catalogue()
                        .scale()
                        .iter()
                        .find(|x| Some(x.label.get("sv")) == n.to.as_deref())
                        .unwrap();
                    after.answer(&n.id, &to.id).unwrap();
                }
                let bands = a.catalogue().bands();
                let rank = |c: Option<&str>| bands.iter().position(|b| Some(b.colour.as_str()) == c).unwrap();
                let now = rank(a.score().area(&s.id).unwrap().colour);
                assert_eq!(rank(after.score().area(&s.id).unwrap().colour), now - 1, "{}", s.id);
                assert!(!changes.is_empty());
            }
            other => panic!("{}: every Kumla flower is red or yellow, got {other:?}", s.id),
        }
    }
    let doc = parse(&r.to_html());
    // A marked place for the municipality's own text under every "Förslag till insats".
    assert_eq!(
        doc.select(&sel("div.own-text[data-placeholder=actions]")).count(),
        r.sections.len()
    );
}

#[test]
fn html_is_self_contained_and_has_the_outline() {
    for lang in ["sv", "en"] {
        let html = kumla_report(lang).to_html();
        let doc = parse(&html);
        assert_eq!(
            doc.select(&sel("html")).next().unwrap().value().attr("lang"),
            Some(lang)
        );
        assert_eq!(doc.select(&sel("script")).count(), 0);
        assert_eq!(doc.select(&sel("link, img, iframe, object, embed")).count(), 0);
        for a in doc.select(&sel("[href]")) {
            assert!(
                a.value().attr("href").unwrap().starts_with('#'),
                "only links within the page"
            );
        }
        assert!(!html.contains("@import") && !html.contains("url(http"));
        // Six main sections after the contents, each breaking to a new page in print.
        let h2: Vec<String> = doc
            .select(&sel("section.main > h2"))
            .map(|h| h.text().collect())
            .collect();
        assert_eq!(h2.len(), 6, "{h2:?}");
        assert!(html.contains("section.main{break-before:page}"));
        // Three pictures: this year, last year, the comparison; ids unique across them.
        assert_eq!(doc.select(&sel("figure svg")).count(), 3);
        let mut ids: Vec<&str> = doc
            .select(&sel("[id]"))
            .map(|e| e.value().attr("id").unwrap())
            .collect();
        let n = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), n, "duplicate ids");
        assert!(html.len() <= 400 * 1024, "{} bytes", html.len());
    }
    let en = kumla_report("en").to_html();
    assert!(en.contains("Change from last year") && en.contains("Elderly &amp; people in need of care"));
    // Same input, same bytes.
    assert_eq!(kumla_report("sv").to_html(), kumla_report("sv").to_html());
}

#[test]
fn a_compiled_reference_says_so_and_says_when_it_is_synthetic() {
    let c = catalogue();
    let data = analysis::synthetic::generate(&c, &SyntheticOptions::new(7, [2017])).unwrap();
    let compilation = analysis::compile(&data, &CompileOptions::new()).unwrap();
    let r = report::build(
        &kumla(2017),
        None,
        Reference::Compilation(&compilation),
        &report::Options::default(),
    )
    .unwrap();
    let info = r.reference.as_ref().unwrap();
    assert_eq!(info.kind, "compilation");
    assert_eq!(info.assessments, data.len());
    assert!(
        info.synthetic > 0 && info.sentence.contains("syntetiska"),
        "{}",
        info.sentence
    );
    let elderly = section(&r, "elderly");
    assert!(elderly.best.is_some() && elderly.worst.is_some() && elderly.change.is_none());
    let doc = parse(&r.to_html());
    assert!(doc
        .root_element()
        .text()
        .collect::<String>()
        .contains("Ingen skattning från förra året angavs."));
    // No reference at all: the report leaves the comparison out and says so.
    let r = report::build(&kumla(2017), None, Reference::None, &report::Options::default()).unwrap();
    assert!(r.comparison.is_none() && r.sections.iter().all(|s| s.best.is_none()));
    assert!(parse(&r.to_html())
        .root_element()
        .text()
        .collect::<String>()
        .contains("Ingen referens angavs"));
}

/// An assessment (and last year's) whose catalogue texts, name and comments are all markup.
#[cfg_attr(not(feature = "docx"), allow(dead_code))]
fn hostile() -> (Assessment, Assessment, &'static str) {
    let evil = "</style></title><script>alert(1)</script><img src=x onerror=alert(1)>\u{1b}[31m&amp;";
    let mut doc: serde_json::Value = serde_json::from_str(Catalogue::builtin_json("eblomladan-2016").unwrap()).unwrap();
    doc["areas"][0]["name"]["sv"] = evil.into();
    doc["indicators"][0]["text"]["sv"] = evil.into();
    doc["guidance"][0]["title"]["sv"] = evil.into();
    doc["guidance"][0]["text"]["sv"] = evil.into();
    doc["scale"][0]["label"]["sv"] = evil.into();
    let catalogue = Arc::new(Catalogue::from_json(&doc.to_string()).unwrap());
    let mut a = Assessment::new(&catalogue, "1881", 2017).unwrap();
    a.set_extra("name", Some(evil.into())).unwrap();
    for (i, ind) in catalogue.indicators().iter().enumerate() {
        a.answer(&ind.id, ["fully", "partly", "not_met"][i % 3]).unwrap();
        a.comment(&ind.id, Some(evil)).unwrap();
    }
    let mut prev = a.clone();
    prev.set_year(2016).unwrap();
    prev.answer("elderly-01", "not_met").unwrap();
    (a, prev, evil)
}

#[test]
fn hostile_text_stays_inert() {
    let evil = "</style></title><script>alert(1)</script><img src=x onerror=alert(1)>\u{1b}[31m&amp;";
    let mut doc: serde_json::Value = serde_json::from_str(Catalogue::builtin_json("eblomladan-2016").unwrap()).unwrap();
    doc["areas"][0]["name"]["sv"] = evil.into();
    doc["indicators"][0]["text"]["sv"] = evil.into();
    doc["guidance"][0]["title"]["sv"] = evil.into();
    doc["guidance"][0]["text"]["sv"] = evil.into();
    doc["scale"][0]["label"]["sv"] = evil.into();
    let catalogue = Arc::new(Catalogue::from_json(&doc.to_string()).unwrap());
    let mut a = Assessment::new(&catalogue, "1881", 2017).unwrap();
    a.set_extra("name", Some(evil.into())).unwrap();
    for (i, ind) in catalogue.indicators().iter().enumerate() {
        a.answer(&ind.id, ["fully", "partly", "not_met"][i % 3]).unwrap();
        a.comment(&ind.id, Some(evil)).unwrap();
    }
    let mut prev = a.clone();
    prev.set_year(2016).unwrap();
    prev.answer("elderly-01", "not_met").unwrap();
    let published = Published::builtin(&catalogue, 2017).unwrap();
    let r = report::build(
        &a,
        Some(&prev),
        Reference::Published(&published),
        &report::Options::default(),
    )
    .unwrap();
    assert!(r.comparison.is_some());
    let html = r.to_html();
    let parsed = parse(&html);
    assert_eq!(parsed.select(&sel("script, img")).count(), 0);
    for e in parsed
        .root_element()
        .descendants()
        .filter_map(scraper::ElementRef::wrap)
    {
        assert!(e.value().attrs().all(|(k, _)| !k.starts_with("on")), "{:?}", e.value());
    }
    // Exactly one style element, and the text survives as text.
    assert_eq!(parsed.select(&sel("style")).count(), 1);
    let text: String = parsed.root_element().text().collect();
    assert!(text.contains("<script>alert(1)</script>"));
    assert!(!html.contains('\u{1b}') || !html.contains("<script>"));
    // The terminal summary is plain text; the CLI escapes its control characters.
    assert!(r.summary_text().contains(evil));
}

#[cfg(feature = "docx")]
mod docx {
    use std::io::Read;

    use super::*;

    fn parts(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        (0..zip.len())
            .map(|i| {
                let mut f = zip.by_index(i).unwrap();
                let mut data = Vec::new();
                f.read_to_end(&mut data).unwrap();
                (f.name().to_owned(), data)
            })
            .collect()
    }

    /// A 1×1 PNG, standing in for the front end's rasteriser.
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9cc\xf8\xff\xff?\0\x05\xfe\x02\xfe\xa7\x35\x81\x84\0\0\0\0IEND\xaeB`\x82";

    #[test]
    fn the_docx_has_headings_tables_pictures_and_placeholders() {
        let r = kumla_report("sv");
        let bytes = r.to_docx(&|_svg| Some(PNG.to_vec())).unwrap();
        let parts = parts(&bytes);
        let document = parts.iter().find(|(n, _)| n == "word/document.xml").unwrap();
        let xml = String::from_utf8(document.1.clone()).unwrap();
        roxmltree::Document::parse(&xml).unwrap();
        assert!(parts
            .iter()
            .any(|(n, _)| n.starts_with("word/media/") && n.ends_with(".png")));
        assert_eq!(xml.matches("<a:blip ").count(), 3, "three pictures");
        assert_eq!(xml.matches("<w:pStyle w:val=\"Heading1\"").count(), 6);
        assert_eq!(
            xml.matches("[Skriv kommunens förslag till insats här.]").count(),
            r.sections.len()
        );
        assert!(xml.contains("«Uppfyller inte alls» gick från 4 till 2"));
        // Without a rasteriser the pictures are described instead.
        let plain = parts_of(&r.to_docx(&|_| None).unwrap());
        assert!(!plain.iter().any(|n| n.ends_with(".png")));
    }

    fn parts_of(bytes: &[u8]) -> Vec<String> {
        parts(bytes).into_iter().map(|(n, _)| n).collect()
    }

    #[test]
    fn hostile_text_stays_text_in_the_docx() {
        let evil = "<w:p><w:r><w:t>injected</w:t></w:r></w:p>\u{1b}[31m\u{0}&";
        // Catalogue texts too (area, statement, guidance, answer label).
        let (a, prev, markup) = hostile();
        let published = Published::builtin(a.catalogue(), 2017).unwrap();
        let r = report::build(
            &a,
            Some(&prev),
            Reference::Published(&published),
            &report::Options::default(),
        )
        .unwrap();
        let bytes = r.to_docx(&|_| None).unwrap();
        let xml = String::from_utf8(
            parts(&bytes)
                .into_iter()
                .find(|(n, _)| n == "word/document.xml")
                .unwrap()
                .1,
        )
        .unwrap();
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let shown: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("t"))
            .filter_map(|n| n.text())
            .collect();
        assert!(
            shown.iter().any(|t| *t == markup.replace('\u{1b}', "")),
            "the comment as text"
        );
        assert!(shown.iter().filter(|t| t.contains("<script>alert(1)</script>")).count() > 5);
        assert!(!xml.contains("<script>") && !xml.contains('\u{1b}'));
        let mut a = kumla(2017);
        a.set_extra("name", Some(evil.into())).unwrap();
        a.comment("elderly-01", Some(evil)).unwrap();
        let r = report::build(&a, None, Reference::None, &report::Options::default()).unwrap();
        let bytes = r.to_docx(&|_| None).unwrap();
        let xml = parts(&bytes)
            .into_iter()
            .find(|(n, _)| n == "word/document.xml")
            .unwrap()
            .1;
        let xml = String::from_utf8(xml).unwrap();
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let texts: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("t"))
            .filter_map(|n| n.text())
            .collect();
        assert!(texts
            .iter()
            .any(|t| t.contains("<w:p><w:r><w:t>injected</w:t></w:r></w:p>[31m&")));
        assert!(!texts.contains(&"injected"));
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 24, ..Default::default() })]

    /// Any name and comments, markup and control characters included: the HTML parses without
    /// an error, has no element the input asked for, and the text comes back as text.
    #[test]
    fn any_text_stays_inert_in_html(name in "[<>&\"'a-zå\\x00-\\x1f\\u{202e}/= ]{1,40}", comment in "\\PC{0,60}") {
        let mut a = kumla(2017);
        a.set_extra("name", Some(format!("x{name}").into())).unwrap();
        a.comment("elderly-01", Some(&format!("<b>{comment}</b>"))).unwrap();
        let r = report::build(&a, Some(&kumla(2016)), Reference::None, &report::Options::default()).unwrap();
        let doc = parse(&r.to_html());
        proptest::prop_assert_eq!(doc.select(&sel("b, script")).count(), 0);
        let text: String = doc.root_element().text().collect();
        proptest::prop_assert!(text.contains("<b>"));
    }
}
