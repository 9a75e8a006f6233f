//! The flowerbox picture and the charts (`eblomlada::render`).
//!
//! Golden files: `tests/golden-svg/*.svg` hold the expected output, byte for byte, for an
//! all-green, a Kumla-like mixed (40 not met, 38 partly, 10 fully) and a half-answered
//! assessment, and for the two charts. When the drawing changes on purpose, re-bless them with
//!
//! ```text
//! BLESS=1 cargo test -p eblomlada --test render
//! ```
//!
//! then review the diff and look at the pictures. The PNGs in `docs/` are written, through the
//! CLI's own `svg_to_png` (`cli/src/png.rs`), by the ignored test `write_docs_pngs`:
//!
//! ```text
//! cargo test -p eblomlada --test render -- --ignored write_docs_pngs
//! ```
//!
//! With `SVG_COPY_DIR=/some/dir` set, that test also writes the SVGs (and a synthetic
//! nine-area catalogue's picture) there, for a closer look.
#![allow(clippy::unwrap_used, missing_docs)]

#[path = "../../cli/src/png.rs"]
mod png;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use eblomlada::render::{self, Options, Palette};
use eblomlada::{Assessment, Catalogue};
use resvg::{tiny_skia, usvg};

fn catalogue() -> Arc<Catalogue> {
    Arc::new(Catalogue::builtin("eblomladan-2016").unwrap())
}

fn ids(c: &Catalogue) -> Vec<String> {
    c.indicators().iter().map(|i| i.id.clone()).collect()
}

/// Every indicator answered `answer`.
fn all(answer: &str) -> Assessment {
    let c = catalogue();
    let mut a = Assessment::new(&c, "1880", 2017).unwrap();
    a.set_extra("name", Some("Exempelkommun".into())).unwrap();
    for id in ids(&c) {
        a.answer(&id, answer).unwrap();
    }
    a
}

/// The Kumla-like answer of the indicator at catalogue position `i`: 40 not met, 38 partly and
/// 10 fully over the 88 indicators, spread over the catalogue by a fixed permutation.
fn kumla_answer(i: usize) -> &'static str {
    match (i * 7) % 88 {
        0..=39 => "not_met",
        40..=77 => "partly",
        _ => "fully",
    }
}

fn kumla_like() -> Assessment {
    let c = catalogue();
    let mut a = Assessment::new(&c, "1881", 2017).unwrap();
    a.set_extra("name", Some("Kumla".into())).unwrap();
    for (i, id) in ids(&c).iter().enumerate() {
        a.answer(id, kumla_answer(i)).unwrap();
    }
    a.comment(
        "elderly-01",
        Some("Jämförelse finns på webben sedan 2016 & uppdateras årligen."),
    )
    .unwrap();
    a
}

/// 44 of 88 answered: every second lead and tech indicator, all of elderly and business, some of
/// children and housing, nothing of culture and the public.
fn half() -> Assessment {
    let c = catalogue();
    let mut a = Assessment::new(&c, "1880", 2017).unwrap();
    a.set_extra("name", Some("Exempelkommun".into())).unwrap();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for (i, ind) in c.indicators().iter().enumerate() {
        let group = ind.area.clone().unwrap_or_else(|| ind.level.clone());
        let k = seen.entry(group.clone()).or_default();
        *k += 1;
        let answered = match group.as_str() {
            "lead" | "tech" => *k % 2 == 1,
            "elderly" | "business" => true,
            "children" => *k <= 3,
            "housing" => *k <= 5,
            _ => false,
        };
        if answered {
            a.answer(&ind.id, kumla_answer(i)).unwrap();
        }
    }
    assert_eq!(a.answered(), 44);
    a
}

fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/golden-svg")
}

fn check_golden(name: &str, actual: &str) {
    let path = golden_dir().join(name);
    if std::env::var_os("BLESS").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(golden_dir()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}; run with BLESS=1 to write it", path.display()));
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        panic!(
            "{name} differs from the golden file (first difference on line {}); if the change is \
             intended, re-bless with BLESS=1 cargo test -p eblomlada --test render",
            line + 1
        );
    }
}

fn reference() -> Vec<(String, f64)> {
    [
        ("elderly", 1.92),
        ("children", 2.21),
        ("business", 2.05),
        ("housing", 1.88),
        ("culture", 2.12),
        ("public", 2.3),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

#[test]
fn golden_svgs_match() {
    let sv = Options::default();
    let en_cb = Options {
        lang: "en".into(),
        palette: Palette::ColourBlind,
        ..Options::default()
    };
    check_golden("all-green.svg", &render::flowerbox(&all("fully"), &sv));
    check_golden("kumla-like.svg", &render::flowerbox(&kumla_like(), &sv));
    check_golden("half-answered.svg", &render::flowerbox(&half(), &sv));
    check_golden(
        "kumla-like-colour-blind-en.svg",
        &render::flowerbox(&kumla_like(), &en_cb),
    );
    check_golden("kumla-like-answers.svg", &render::answer_chart(&kumla_like(), &sv));
    check_golden(
        "half-answered-comparison-en.svg",
        &render::comparison_chart(&half(), "National mean", &reference(), &en_cb),
    );
}

#[test]
fn same_input_gives_identical_bytes() {
    let o = Options::default();
    for a in [kumla_like(), half()] {
        assert_eq!(render::flowerbox(&a, &o), render::flowerbox(&a.clone(), &o));
        assert_eq!(render::answer_chart(&a, &o), render::answer_chart(&a.clone(), &o));
    }
}

/// `data-indicator` → (`data-answer`, `data-level`) of every indicator shape; panics on a
/// duplicate.
fn indicator_shapes(svg: &str) -> BTreeMap<String, (String, String)> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    let mut shapes = BTreeMap::new();
    for node in doc.descendants().filter(|n| n.has_attribute("data-indicator")) {
        let id = node.attribute("data-indicator").unwrap().to_owned();
        let answer = node.attribute("data-answer").unwrap().to_owned();
        let level = node.attribute("data-level").unwrap().to_owned();
        assert!(node.children().any(|c| c.has_tag_name("title")), "{id} has no <title>");
        assert!(shapes.insert(id.clone(), (answer, level)).is_none(), "{id} drawn twice");
    }
    shapes
}

#[test]
fn every_indicator_appears_once_with_its_answer() {
    let c = catalogue();
    let empty = Assessment::new(&c, "1881", 2017).unwrap();
    for a in [kumla_like(), half(), empty, all("partly")] {
        let shapes = indicator_shapes(&render::flowerbox(&a, &Options::default()));
        assert_eq!(shapes.len(), c.indicators().len());
        for ind in c.indicators() {
            let (answer, level) = &shapes[&ind.id];
            assert_eq!(answer, a.answer_of(&ind.id).unwrap_or("none"), "{}", ind.id);
            assert_eq!(level, &ind.level, "{}", ind.id);
        }
    }
}

#[test]
fn every_area_has_one_head_with_its_colour() {
    let c = catalogue();
    let empty = Assessment::new(&c, "1881", 2017).unwrap();
    let cases = [
        (all("fully"), vec!["green"; 6]),
        (all("not_met"), vec!["red"; 6]),
        (half(), vec!["none"; 6]),
        (empty, vec!["none"; 6]),
    ];
    for (a, expected) in cases {
        let svg = render::flowerbox(&a, &Options::default());
        let doc = roxmltree::Document::parse(&svg).unwrap();
        for (area, colour) in c.areas().iter().zip(expected) {
            let heads: Vec<_> = doc
                .descendants()
                .filter(|n| n.attribute("data-area") == Some(area.id.as_str()))
                .collect();
            assert_eq!(heads.len(), 1, "{}", area.id);
            assert_eq!(heads[0].attribute("data-colour"), Some(colour), "{}", area.id);
        }
    }
    // Mixed: each head has the colour the scoring gives.
    let a = kumla_like();
    let svg = render::flowerbox(&a, &Options::default());
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let score = a.score();
    let mut colours = Vec::new();
    for area in score.areas() {
        let head = doc
            .descendants()
            .find(|n| n.attribute("data-area") == Some(area.id))
            .unwrap();
        assert_eq!(head.attribute("data-colour"), area.colour, "{}", area.id);
        colours.push(area.colour.unwrap());
    }
    assert!(
        colours.len() == 6 && colours.iter().any(|c| *c != colours[0]),
        "{colours:?}"
    );
}

#[test]
fn groups_open_the_questions_of_an_area_or_level() {
    let c = catalogue();
    let svg = render::flowerbox(&kumla_like(), &Options::default());
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let group = |name: &str| {
        let g: Vec<_> = doc
            .descendants()
            .filter(|n| n.attribute("data-group") == Some(name))
            .collect();
        assert_eq!(g.len(), 1, "{name}");
        g[0]
    };
    let inside = |g: roxmltree::Node<'_, '_>| -> Vec<String> {
        g.descendants()
            .filter_map(|n| n.attribute("data-indicator").map(str::to_owned))
            .collect()
    };
    for area in c.areas() {
        let g = group(&format!("area:{}", area.id));
        let expected: Vec<String> = c
            .indicators()
            .iter()
            .filter(|i| i.area.as_deref() == Some(area.id.as_str()))
            .map(|i| i.id.clone())
            .collect();
        assert_eq!(inside(g), expected);
        assert_eq!(g.descendants().filter(|n| n.has_attribute("data-area")).count(), 1);
    }
    for level in ["lead", "tech"] {
        let expected: Vec<String> = c
            .indicators()
            .iter()
            .filter(|i| i.level == level)
            .map(|i| i.id.clone())
            .collect();
        assert_eq!(inside(group(&format!("level:{level}"))), expected);
    }
}

#[test]
fn root_says_the_result_in_words() {
    let a = kumla_like();
    let svg = render::flowerbox(&a, &Options::default());
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let root = doc.root_element();
    assert_eq!(root.attribute("role"), Some("img"));
    let child = |tag: &str| {
        let node = root.children().find(|n| n.has_tag_name(tag)).unwrap();
        node.text().unwrap().to_owned()
    };
    assert!(child("title").contains("Kumla 2017"));
    let desc = child("desc");
    assert!(desc.starts_with("Kumla 2017"), "{desc}");
    assert!(desc.contains("88 av 88"), "{desc}");
    assert!(desc.contains("Uppfyller inte alls: 40 (45\u{a0}%)"), "{desc}");
    let score = a.score();
    let word = match score.area("elderly").unwrap().colour.unwrap() {
        "green" => "grön",
        "yellow" => "gul",
        _ => "röd",
    };
    assert!(
        desc.contains(&format!("Äldre & personer i behov av omsorg: {word} (")),
        "{desc}"
    );

    let en = render::flowerbox(
        &half(),
        &Options {
            lang: "en".into(),
            ..Options::default()
        },
    );
    let doc = roxmltree::Document::parse(&en).unwrap();
    let desc = doc
        .root_element()
        .children()
        .find(|n| n.has_tag_name("desc"))
        .unwrap()
        .text()
        .unwrap()
        .to_owned();
    assert!(desc.contains("44 of 88 indicators answered"), "{desc}");
    assert!(desc.contains("Elderly & people in need of care: ≈ "), "{desc}");
    assert!(desc.contains("(provisional, "), "{desc}");
    assert!(desc.contains("The public: no score yet"), "{desc}");
    assert!(en.contains(" (provisional)</text>"));
}

#[test]
fn provisional_scores_are_marked_in_the_picture() {
    let svg = render::flowerbox(&half(), &Options::default());
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let texts: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text().map(str::to_owned))
        .collect();
    let provisional: Vec<_> = texts
        .iter()
        .filter(|t| t.starts_with("≈ ") && t.ends_with(" (preliminär)"))
        .collect();
    assert_eq!(provisional.len(), 4, "{texts:?}");
    assert!(
        provisional.iter().all(|t| t.contains(',')),
        "Swedish decimal comma: {provisional:?}"
    );
    assert!(texts.iter().any(|t| t == "ingen poäng ännu"), "{texts:?}");
}

/// The 2016 catalogue with markup, ampersands and quotes in its texts.
fn hostile_catalogue() -> Arc<Catalogue> {
    let mut doc: serde_json::Value = serde_json::from_str(Catalogue::builtin_json("eblomladan-2016").unwrap()).unwrap();
    let nasty = "<script>alert(\"x\")</script> & 'quoted' </title></svg> ]]> &amp;";
    doc["name"]["sv"] = format!("Blomlåda {nasty}").into();
    doc["areas"][0]["name"]["sv"] = format!("Äldre {nasty}").into();
    doc["areas"][1]["name"]["en"] = format!("Children {nasty}").into();
    doc["levels"][1]["name"]["sv"] = format!("Ledning {nasty}").into();
    doc["scale"][0]["label"]["sv"] = format!("Helt {nasty}").into();
    for i in [0, 8, 42, 43, 87] {
        doc["indicators"][i]["text"]["sv"] = format!("Påstående {nasty}").into();
        doc["indicators"][i]["text"]["en"] = format!("Statement {nasty}").into();
    }
    Arc::new(Catalogue::from_json(&doc.to_string()).unwrap())
}

#[test]
fn text_from_the_catalogue_and_comments_is_escaped() {
    let c = hostile_catalogue();
    let mut a = Assessment::new(&c, "1881", 2017).unwrap();
    a.set_extra("name", Some("Kumla <b>&amp; \"Hallsberg\"".into()))
        .unwrap();
    let comment = "Svar </title><script>x</script> & \"citat\" 'apostrof' \u{1}\u{7} slut";
    for (i, id) in ids(&c).iter().enumerate().filter(|(i, _)| i % 3 != 0) {
        a.answer(id, kumla_answer(i)).unwrap();
        a.comment(id, Some(comment)).unwrap();
    }
    a.answer("elderly-01", "fully").unwrap();
    a.comment("elderly-01", Some(comment)).unwrap();
    let reference = vec![("elderly".to_owned(), 2.0), ("<x>".to_owned(), 1.0)];
    for palette in Palette::ALL {
        for lang in ["sv", "en"] {
            let o = Options {
                lang: lang.into(),
                palette,
                ..Options::default()
            };
            let svgs = [
                render::flowerbox(&a, &o),
                render::answer_chart(&a, &o),
                render::comparison_chart(&a, "Riket <&> \"medel\"", &reference, &o),
            ];
            for svg in &svgs {
                let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("not well-formed: {e}\n{svg}"));
                assert!(!doc
                    .descendants()
                    .any(|n| n.has_tag_name("script") || n.has_tag_name("b")));
                assert_eq!(doc.descendants().filter(|n| n.has_tag_name("svg")).count(), 1);
            }
            let doc = roxmltree::Document::parse(&svgs[0]).unwrap();
            let leaf = doc
                .descendants()
                .find(|n| n.attribute("data-indicator") == Some("elderly-01"))
                .unwrap();
            let tooltip = leaf
                .children()
                .find(|n| n.has_tag_name("title"))
                .unwrap()
                .text()
                .unwrap();
            let statement = if lang == "sv" {
                "Påstående <script>"
            } else {
                "Statement <script>"
            };
            assert!(tooltip.starts_with(statement), "{tooltip}");
            assert!(
                tooltip.contains("Svar </title><script>x</script> & \"citat\" 'apostrof'  slut"),
                "{tooltip}"
            );
        }
    }
}

/// Renders `svg` without fonts (text is not needed for colours) into RGBA pixels.
fn rasterise(svg: &str) -> tiny_skia::Pixmap {
    let tree = usvg::Tree::from_str(svg, &usvg::Options::default()).unwrap();
    let size = tree.size().to_int_size();
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height()).unwrap();
    resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
    pixmap
}

fn pixel(p: &tiny_skia::Pixmap, x: f64, y: f64) -> [u8; 3] {
    let c = p.pixel(x.round() as u32, y.round() as u32).unwrap();
    [c.red(), c.green(), c.blue()]
}

/// The numbers in `translate(x y)` and `rotate(a)` of an element's transform.
fn placement(node: roxmltree::Node<'_, '_>) -> (f64, f64, f64) {
    let t = node.attribute("transform").unwrap();
    let nums = |name: &str| -> Vec<f64> {
        let Some(start) = t.find(&format!("{name}(")) else {
            return vec![0.0];
        };
        let rest = &t[start + name.len() + 1..];
        rest[..rest.find(')').unwrap()]
            .split([' ', ','])
            .map(|v| v.parse().unwrap())
            .collect()
    };
    let tr = nums("translate");
    (tr[0], tr[1], nums("rotate")[0])
}

fn is_green([r, g, b]: [u8; 3]) -> bool {
    i32::from(g) > i32::from(r) + 40 && i32::from(g) > i32::from(b) + 40
}

fn is_red([r, g, b]: [u8; 3]) -> bool {
    i32::from(r) > i32::from(g) + 80 && i32::from(r) > i32::from(b) + 80
}

fn is_grey([r, g, b]: [u8; 3]) -> bool {
    let (r, g, b) = (i32::from(r), i32::from(g), i32::from(b));
    (r - g).abs() < 16 && (g - b).abs() < 16 && (150..235).contains(&r)
}

/// Pixel of a flower head's petal (above the centre disc) and of a leaf's middle.
fn head_and_leaf_pixels(svg: &str, area: &str, leaf: &str) -> ([u8; 3], [u8; 3]) {
    let doc = roxmltree::Document::parse(svg).unwrap();
    let scale = f64::from(doc.root_element().attribute("width").unwrap().parse::<u32>().unwrap()) / 960.0;
    let pixmap = rasterise(svg);
    let head = doc
        .descendants()
        .find(|n| n.attribute("data-area") == Some(area))
        .unwrap();
    let (hx, hy, _) = placement(head);
    let node = doc
        .descendants()
        .find(|n| n.attribute("data-indicator") == Some(leaf))
        .unwrap();
    let (lx, ly, angle) = placement(node);
    let (sin, cos) = angle.to_radians().sin_cos();
    let head_px = pixel(&pixmap, hx * scale, (hy - 34.0) * scale);
    let leaf_px = pixel(&pixmap, (lx + 25.0 * cos) * scale, (ly + 25.0 * sin) * scale);
    (head_px, leaf_px)
}

#[test]
fn rasterised_heads_and_leaves_have_their_colours() {
    let o = Options::default();
    for area in ["elderly", "culture"] {
        let (head, leaf) = head_and_leaf_pixels(&render::flowerbox(&all("fully"), &o), area, &format!("{area}-02"));
        assert!(is_green(head) && is_green(leaf), "{area}: head {head:?}, leaf {leaf:?}");
        let (head, leaf) = head_and_leaf_pixels(&render::flowerbox(&all("not_met"), &o), area, &format!("{area}-03"));
        assert!(is_red(head) && is_red(leaf), "{area}: head {head:?}, leaf {leaf:?}");
    }
    let c = catalogue();
    let empty = Assessment::new(&c, "1881", 2017).unwrap();
    let (head, leaf) = head_and_leaf_pixels(&render::flowerbox(&empty, &o), "business", "business-01");
    assert!(is_grey(head) && is_grey(leaf), "head {head:?}, leaf {leaf:?}");
    // Half answered: an answered leaf has its colour, an unanswered one is grey.
    let svg = render::flowerbox(
        &half(),
        &Options {
            width: 480,
            ..Options::default()
        },
    );
    let (_, unanswered) = head_and_leaf_pixels(&svg, "culture", "culture-04");
    assert!(is_grey(unanswered), "{unanswered:?}");
}

/// A catalogue unlike 2016's: four answers, levels in another order with other weights, an
/// area-specific indicator outside the leaf level, `areas` areas.
fn synthetic_catalogue(areas: usize) -> Arc<Catalogue> {
    let mut indicators = vec![
        serde_json::json!({"id": "people-1", "level": "people", "text": {"sv": "Folk ett"}}),
        serde_json::json!({"id": "people-2", "level": "people", "text": {"sv": "Folk två", "en": "People two"}}),
        serde_json::json!({"id": "infra-1", "level": "infra", "text": {"sv": "Infra ett"}}),
    ];
    let mut area_list = Vec::new();
    for a in 0..areas {
        area_list.push(serde_json::json!({"id": format!("a{a}"), "name": {"sv": format!("Område nummer {a} med ett ganska långt namn"), "en": format!("Area {a}")}}));
        for k in 0..(1 + a % 4) {
            indicators.push(serde_json::json!({"id": format!("a{a}-app-{k}"), "level": "apps", "area": format!("a{a}"), "text": {"sv": format!("App {k}")}}));
        }
    }
    indicators
        .push(serde_json::json!({"id": "a0-people", "level": "people", "area": "a0", "text": {"sv": "Specifik"}}));
    let doc = serde_json::json!({
        "id": "mini", "version": "1", "name": {"sv": "Mini"},
        "scale": [
            {"id": "yes", "points": 4, "colour": "green", "label": {"sv": "Ja"}},
            {"id": "mostly", "points": 3, "colour": "lightgreen", "label": {"sv": "Mestadels"}},
            {"id": "somewhat", "points": 2, "colour": "orange", "label": {"sv": "Delvis"}},
            {"id": "no", "points": 1, "colour": "red", "label": {"sv": "Nej"}}
        ],
        "levels": [
            {"id": "apps", "weight": "1/2", "name": {"sv": "Appar"}},
            {"id": "people", "weight": "1/3", "name": {"sv": "Människor"}},
            {"id": "infra", "weight": "1/6", "name": {"sv": "Infrastruktur"}}
        ],
        "bands": [
            {"colour": "green", "min": "3"}, {"colour": "orange", "min": "2"}, {"colour": "#8B0000", "min": "1"}
        ],
        "areas": area_list,
        "indicators": indicators
    });
    Arc::new(Catalogue::from_json(&doc.to_string()).unwrap())
}

#[test]
fn any_catalogue_renders() {
    for areas in [2, 9] {
        let c = synthetic_catalogue(areas);
        let answers = c.answer_ids();
        let mut complete = Assessment::new(&c, "0114", 2020).unwrap();
        for (i, id) in ids(&c).iter().enumerate() {
            complete.answer(id, &answers[i % answers.len()]).unwrap();
        }
        let mut partial = complete.clone();
        partial.clear("a1-app-0").unwrap();
        for a in [complete, partial, Assessment::new(&c, "0114", 2020).unwrap()] {
            for palette in Palette::ALL {
                for (labels, legend) in [(true, true), (false, false)] {
                    let marked: Vec<String> = c.indicators().iter().step_by(3).map(|i| i.id.clone()).collect();
                    let o = Options {
                        lang: "en".into(),
                        width: 700,
                        labels,
                        legend,
                        palette,
                        disagreements: marked.clone(),
                    };
                    let svg = render::flowerbox(&a, &o);
                    let shapes = indicator_shapes(&svg);
                    assert_eq!(shapes.len(), c.indicators().len());
                    assert_eq!(svg.matches("data-disagreement=\"true\"").count(), marked.len());
                    let doc = roxmltree::Document::parse(&svg).unwrap();
                    assert_eq!(
                        doc.descendants().filter(|n| n.has_attribute("data-area")).count(),
                        areas
                    );
                    // The apps level (first with area-scoped indicators) is drawn as leaves, the
                    // lowest weight (infra) as soil, people (also the area-specific one) as grass.
                    let g = doc
                        .descendants()
                        .find(|n| n.attribute("data-group") == Some("level:infra"))
                        .unwrap();
                    assert_eq!(g.descendants().filter(|n| n.has_attribute("data-indicator")).count(), 1);
                    let g = doc
                        .descendants()
                        .find(|n| n.attribute("data-group") == Some("level:people"))
                        .unwrap();
                    assert_eq!(g.descendants().filter(|n| n.has_attribute("data-indicator")).count(), 3);
                    rasterise(&svg);
                    for chart in [
                        render::answer_chart(&a, &o),
                        render::comparison_chart(&a, "Ref", &[("a0".to_owned(), 2.5)], &o),
                    ] {
                        roxmltree::Document::parse(&chart).unwrap();
                        rasterise(&chart);
                    }
                }
            }
        }
    }
}

#[test]
fn full_assessment_is_small() {
    let a = kumla_like();
    for o in [
        Options::default(),
        Options {
            palette: Palette::ColourBlind,
            lang: "en".into(),
            ..Options::default()
        },
    ] {
        let size = render::flowerbox(&a, &o).len();
        println!("full 2016 assessment, {}: {size} bytes", o.palette);
        assert!(size < 60 * 1024, "{size} bytes");
    }
}

#[test]
fn colour_blind_palette_differs_by_pattern_too() {
    let svg = render::flowerbox(
        &kumla_like(),
        &Options {
            palette: Palette::ColourBlind,
            ..Options::default()
        },
    );
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let mut fills: BTreeMap<String, std::collections::BTreeSet<String>> = BTreeMap::new();
    for n in doc
        .descendants()
        .filter(|n| n.attribute("data-level") == Some("services"))
    {
        fills
            .entry(n.attribute("data-answer").unwrap().to_owned())
            .or_default()
            .insert(n.attribute("fill").unwrap().to_owned());
    }
    assert_eq!(fills.len(), 3);
    assert!(fills.values().all(|f| f.len() == 1), "{fills:?}");
    let partly = fills["partly"].iter().next().unwrap();
    let not_met = fills["not_met"].iter().next().unwrap();
    assert!(
        partly.starts_with("url(#") && not_met.starts_with("url(#") && partly != not_met,
        "{fills:?}"
    );
    for id in [partly, not_met] {
        let id = &id[5..id.len() - 1];
        let pattern = doc
            .descendants()
            .find(|n| n.has_tag_name("pattern") && n.attribute("id") == Some(id))
            .unwrap();
        assert!(pattern.children().count() >= 2, "{id} has no hatching");
    }
    assert!(fills["fully"].iter().next().unwrap().starts_with('#'));
    assert!(!render::flowerbox(&kumla_like(), &Options::default()).contains("<pattern"));
}

#[test]
fn options_set_size_labels_and_legend() {
    let a = kumla_like();
    let full = render::flowerbox(&a, &Options::default());
    let doc = roxmltree::Document::parse(&full).unwrap();
    let root = doc.root_element();
    let (w, h): (u32, u32) = (
        root.attribute("width").unwrap().parse().unwrap(),
        root.attribute("height").unwrap().parse().unwrap(),
    );
    assert_eq!(w, 960);
    // Above the narrow layout's widths the wide picture is scaled.
    let small = render::flowerbox(
        &a,
        &Options {
            width: 720,
            ..Options::default()
        },
    );
    let doc = roxmltree::Document::parse(&small).unwrap();
    assert_eq!(doc.root_element().attribute("width"), Some("720"));
    let h2: u32 = doc.root_element().attribute("height").unwrap().parse().unwrap();
    assert!(h2.abs_diff(h * 3 / 4) <= 1, "{h} {h2}");

    assert!(full.contains(">Kumla 2017</text>") && full.contains("Ej besvarad: 0"));
    let bare = render::flowerbox(
        &a,
        &Options {
            labels: false,
            legend: false,
            ..Options::default()
        },
    );
    let doc = roxmltree::Document::parse(&bare).unwrap();
    assert_eq!(doc.descendants().filter(|n| n.has_tag_name("text")).count(), 0);
    assert_eq!(indicator_shapes(&bare).len(), 88);
    let no_legend = render::flowerbox(
        &a,
        &Options {
            legend: false,
            ..Options::default()
        },
    );
    assert!(no_legend.contains(">Kumla 2017</text>") && !no_legend.contains("Ej besvarad: 0"));
}

#[test]
fn answer_chart_shows_shares_per_level_and_area() {
    let a = kumla_like();
    let svg = render::answer_chart(&a, &Options::default());
    let doc = roxmltree::Document::parse(&svg).unwrap();
    assert_eq!(doc.root_element().attribute("role"), Some("img"));
    let all = doc
        .descendants()
        .find(|n| n.attribute("data-group") == Some("all"))
        .unwrap();
    let texts: Vec<&str> = all
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .collect();
    for share in ["45\u{a0}%", "43\u{a0}%", "11\u{a0}%", "88/88"] {
        assert!(texts.contains(&share), "{share} not in {texts:?}");
    }
    for group in [
        "level:services",
        "level:lead",
        "level:tech",
        "area:elderly",
        "area:public",
    ] {
        let g = doc.descendants().find(|n| n.attribute("data-group") == Some(group));
        assert!(g.is_some(), "{group}");
    }
    // Elderly's own 8 indicators, segment widths proportional to the counts.
    let elderly = doc
        .descendants()
        .find(|n| n.attribute("data-group") == Some("area:elderly"))
        .unwrap();
    let total: f64 = elderly
        .descendants()
        .filter(|n| n.has_attribute("data-answer"))
        .map(|n| n.attribute("width").unwrap().parse::<f64>().unwrap())
        .sum();
    assert!((total - 560.0).abs() < 0.5, "{total}");
    let half_svg = render::answer_chart(
        &half(),
        &Options {
            lang: "en".into(),
            ..Options::default()
        },
    );
    assert!(half_svg.contains("data-answer=\"none\"") && half_svg.contains("44/88"));
}

#[test]
fn comparison_chart_marks_provisional_scores_and_ignores_unknown_areas() {
    let mut reference = reference();
    reference.retain(|(id, _)| id != "public");
    reference.push(("harbour".into(), 2.0));
    reference.push(("public".into(), f64::NAN));
    let svg = render::comparison_chart(&half(), "Riket", &reference, &Options::default());
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let series = |s: &str| {
        doc.descendants()
            .filter(|n| n.attribute("data-series") == Some(s))
            .count()
    };
    assert_eq!(series("reference"), 5);
    assert_eq!(series("assessment"), 4);
    assert!(svg.contains("(preliminär)</text>") && svg.contains(">1,92</text>") && !svg.contains("harbour"));
    let svg = render::comparison_chart(&kumla_like(), "Riket", &reference, &Options::default());
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let bars: Vec<_> = doc
        .descendants()
        .filter(|n| n.attribute("data-series") == Some("assessment"))
        .collect();
    assert_eq!(bars.len(), 6);
    assert!(bars.iter().all(|b| b.attribute("data-colour") != Some("none")));
    assert!(!svg.contains("preliminär)</text>"));
}

/// Writes the PNGs shown in the README: `cargo test -p eblomlada --test render -- --ignored`.
#[test]
#[ignore = "writes docs/*.png; run on purpose"]
fn write_docs_pngs() {
    let docs = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs");
    std::fs::create_dir_all(&docs).unwrap();
    let o = Options::default();
    let write = |name: &str, svg: &str| {
        if let Some(dir) = std::env::var_os("SVG_COPY_DIR") {
            std::fs::write(PathBuf::from(dir).join(name.replace(".png", ".svg")), svg).unwrap();
        }
        let png = png::svg_to_png(svg).unwrap();
        std::fs::write(docs.join(name), png).unwrap();
    };
    if let Some(dir) = std::env::var_os("SVG_COPY_DIR") {
        let c = synthetic_catalogue(9);
        let mut a = Assessment::new(&c, "0114", 2020).unwrap();
        for (i, id) in ids(&c).iter().enumerate().filter(|(i, _)| i % 5 != 1) {
            a.answer(id, &c.answer_ids()[i % 4]).unwrap();
        }
        let o = Options {
            lang: "en".into(),
            palette: Palette::ColourBlind,
            ..Options::default()
        };
        std::fs::write(PathBuf::from(dir).join("synthetic-9.svg"), render::flowerbox(&a, &o)).unwrap();
    }
    write("flowerbox-green.png", &render::flowerbox(&all("fully"), &o));
    // Kumla: the example assessment the README's run command renders, else the Kumla-like one.
    let example = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/kumla-2017.json");
    let kumla = std::fs::read_to_string(example)
        .ok()
        .and_then(|text| Assessment::from_json(&text, &catalogue()).ok())
        .unwrap_or_else(kumla_like);
    write("flowerbox-kumla.png", &render::flowerbox(&kumla, &o));
    write("flowerbox-half.png", &render::flowerbox(&half(), &o));
    write("answer-chart.png", &render::answer_chart(&kumla, &o));
    write(
        "comparison-chart.png",
        &render::comparison_chart(&half(), "Riket (medel)", &reference(), &o),
    );
    write(
        "flowerbox-kumla-colour-blind-en.png",
        &render::flowerbox(
            &kumla,
            &Options {
                lang: "en".into(),
                palette: Palette::ColourBlind,
                ..o.clone()
            },
        ),
    );
}

#[test]
fn open_disagreements_are_marked_on_leaf_blade_and_soil_with_a_legend_entry() {
    let c = catalogue();
    let a = Assessment::new(&c, "1881", 2017).unwrap();
    let marked = ["elderly-03", "lead-07", "tech-02", "no-such-indicator"];
    let options = Options {
        disagreements: marked.iter().map(|s| s.to_string()).collect(),
        ..Options::default()
    };
    let svg = render::flowerbox(&a, &options);
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let flagged: Vec<(&str, &str)> = doc
        .descendants()
        .filter(|n| n.attribute("data-disagreement") == Some("true"))
        .map(|n| {
            (
                n.attribute("data-indicator").unwrap(),
                n.attribute("data-level").unwrap(),
            )
        })
        .collect();
    assert_eq!(
        flagged,
        [("elderly-03", "services"), ("lead-07", "lead"), ("tech-02", "tech")]
    );
    assert!(svg.contains("Oenighet att avgöra: 3"), "legend entry");
    let plain = render::flowerbox(&a, &Options::default());
    assert!(!plain.contains("data-disagreement") && !plain.contains("Oenighet"));
    let en = render::flowerbox(
        &a,
        &Options {
            lang: "en".into(),
            ..options
        },
    );
    assert!(en.contains("Disagreement to decide: 3"));
}

#[test]
fn the_title_names_the_municipality_from_the_bundled_table_when_the_file_has_none() {
    let c = catalogue();
    let kumla = Assessment::new(&c, "1881", 2017).unwrap();
    let svg = render::flowerbox(&kumla, &Options::default());
    assert!(svg.contains(">Kumla 2017<"), "{}", &svg[..600.min(svg.len())]);
    assert!(!svg.contains("Kommun 1881"));
    let unknown = Assessment::new(&c, "1899", 2017).unwrap();
    assert!(render::flowerbox(&unknown, &Options::default()).contains("Kommun 1899 2017"));
}

/// A phone's width gets the narrow layout: drawn at that many units (one a CSS pixel), every
/// text at least 12 pixels, every indicator and group as in the wide picture; just above it the
/// wide picture, scaled.
#[test]
fn narrow_widths_reflow_with_readable_text() {
    let a = kumla_like();
    let wide = render::flowerbox(&a, &Options::default());
    let ids = |svg: &str| {
        let doc = roxmltree::Document::parse(svg).unwrap();
        let mut v: Vec<String> = doc
            .descendants()
            .filter_map(|n| n.attribute("data-indicator").map(str::to_owned))
            .collect();
        v.sort();
        let mut g: Vec<String> = doc
            .descendants()
            .filter_map(|n| n.attribute("data-group").map(str::to_owned))
            .collect();
        g.sort();
        (v, g)
    };
    for width in [240, 320, 390, 640] {
        for lang in ["sv", "en"] {
            let o = Options {
                width,
                lang: lang.into(),
                ..Options::default()
            };
            let svg = render::flowerbox(&a, &o);
            let doc = roxmltree::Document::parse(&svg).unwrap();
            let root = doc.root_element();
            assert_eq!(root.attribute("width"), Some(width.to_string().as_str()));
            let view: Vec<f64> = root
                .attribute("viewBox")
                .unwrap()
                .split(' ')
                .map(|x| x.parse().unwrap())
                .collect();
            assert_eq!(view[2], f64::from(width), "one unit, one pixel");
            assert_eq!(root.attribute("height").unwrap().parse::<f64>().unwrap(), view[3]);
            for n in doc.descendants().filter(|n| n.has_attribute("font-size")) {
                let size: f64 = n.attribute("font-size").unwrap().parse().unwrap();
                assert!(
                    size >= 12.0,
                    "{width} {lang}: font-size {size} on {:?}",
                    n.tag_name().name()
                );
            }
            assert!(doc.descendants().filter(|n| n.has_tag_name("text")).count() > 20);
            assert_eq!(ids(&svg), ids(&wide), "{width}: the same indicators and groups");
            // Nothing drawn outside the width: every x and every text start within it.
            for n in doc
                .descendants()
                .filter(|n| n.has_tag_name("text") || n.has_tag_name("rect"))
            {
                if let Some(x) = n.attribute("x") {
                    let x: f64 = x.parse().unwrap();
                    assert!((0.0..=f64::from(width)).contains(&x), "{width}: x {x}");
                }
            }
        }
    }
    let above = render::flowerbox(
        &a,
        &Options {
            width: 641,
            ..Options::default()
        },
    );
    assert!(above.contains("viewBox=\"0 0 960 "), "above 640 the wide picture");
}
