//! Analysis: compilations checked against an independent computation over the JSON files,
//! mixed catalogue versions, empty input, comparisons, diffs across years and versions,
//! mappings, the planner against brute force, CSV round trips and XLSX read back by calamine,
//! and the synthetic data set.
#![allow(clippy::unwrap_used, clippy::too_many_lines, clippy::type_complexity)]

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use eblomlada::analysis::{
    self, csv, AnalysisError, Change, CompileOptions, Compiler, GroupMap, Grouping, Mapping, PlanOptions, Relation,
    SyntheticOptions,
};
use eblomlada::{Assessment, Catalogue, Fraction};
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap()
}

fn c2016() -> Arc<Catalogue> {
    Arc::new(Catalogue::builtin("eblomladan-2016").unwrap())
}

fn c2099() -> Arc<Catalogue> {
    Arc::new(Catalogue::from_json(&read("tests/analysis/fixture-eblomladan-2099.json")).unwrap())
}

fn mapping() -> Arc<Mapping> {
    Arc::new(
        Mapping::from_json(
            &read("tests/analysis/fixture-mapping-2016-2099.json"),
            &c2016(),
            &c2099(),
        )
        .unwrap(),
    )
}

fn national(seed: u64, years: &[i32]) -> Vec<Assessment> {
    let options = SyntheticOptions::new(seed, years.iter().copied())
        .participation(1.0)
        .unanswered(0.03)
        .comments(0.1);
    analysis::synthetic::generate(&c2016(), &options).unwrap()
}

/// A fraction with signed 128-bit parts, for the independent computation.
#[derive(Clone, Copy, Debug)]
struct Q(i128, i128);

impl Q {
    fn new(n: i128, d: i128) -> Q {
        Q(n, d)
    }
    fn add(self, o: Q) -> Q {
        let (n, d) = (self.0 * o.1 + o.0 * self.1, self.1 * o.1);
        let g = gcd(n.abs(), d.abs()).max(1);
        Q(n / g, d / g)
    }
    fn mul(self, o: Q) -> Q {
        let (n, d) = (self.0 * o.0, self.1 * o.1);
        let g = gcd(n.abs(), d.abs()).max(1);
        Q(n / g, d / g)
    }
    fn ge(self, o: Q) -> bool {
        self.0 * o.1 >= o.0 * self.1
    }
    fn f(self) -> f64 {
        self.0 as f64 / self.1 as f64
    }
    fn parse(s: &str) -> Q {
        match s.split_once('/') {
            Some((n, d)) => Q(n.parse().unwrap(), d.parse().unwrap()),
            None => Q(s.parse().unwrap(), 1),
        }
    }
}

fn gcd(a: i128, b: i128) -> i128 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

/// Everything the independent computation needs from a catalogue, read from its JSON.
struct Cat {
    indicators: Vec<(String, String, Option<String>)>,
    points: HashMap<String, i128>,
    best: String,
    lowest: String,
    levels: Vec<(String, Q)>,
    areas: Vec<String>,
    bands: Vec<(String, Q)>,
}

fn cat(catalogue: &Catalogue) -> Cat {
    let v: Value = serde_json::from_str(&catalogue.to_json()).unwrap();
    let s = |x: &Value| x.as_str().unwrap().to_owned();
    let mut points = HashMap::new();
    let mut best = (String::new(), -1);
    let mut lowest = (String::new(), i128::MAX);
    for e in v["scale"].as_array().unwrap() {
        let p = e["points"].as_i64().unwrap() as i128;
        points.insert(s(&e["id"]), p);
        if p > best.1 {
            best = (s(&e["id"]), p);
        }
        if p <= lowest.1 {
            lowest = (s(&e["id"]), p);
        }
    }
    Cat {
        indicators: v["indicators"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| (s(&i["id"]), s(&i["level"]), i.get("area").map(s)))
            .collect(),
        points,
        best: best.0,
        lowest: lowest.0,
        levels: v["levels"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| (s(&l["id"]), Q::parse(l["weight"].as_str().unwrap())))
            .collect(),
        areas: v["areas"].as_array().unwrap().iter().map(|a| s(&a["id"])).collect(),
        bands: v["bands"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| (s(&b["colour"]), Q::parse(b["min"].as_str().unwrap())))
            .collect(),
    }
}

/// The flower score of `area` in an assessment given as JSON, if complete: plain loops.
fn flower(cat: &Cat, doc: &Value, area: &str) -> Option<Q> {
    let mut score = Q::new(0, 1);
    for (level, weight) in &cat.levels {
        let (mut sum, mut n) = (0i128, 0i128);
        for (id, l, a) in &cat.indicators {
            if l != level || a.as_deref().is_some_and(|a| a != area) {
                continue;
            }
            let answer = doc["answers"].get(id)?["answer"].as_str().unwrap();
            sum += cat.points[answer];
            n += 1;
        }
        score = score.add(weight.mul(Q::new(sum, n)));
    }
    Some(score)
}

fn colour(cat: &Cat, score: Q) -> String {
    cat.bands.iter().find(|(_, min)| score.ge(*min)).unwrap().0.clone()
}

/// Independent figures of one set of assessment documents.
fn check_summary(cat: &Cat, docs: &[&Value], summary: &Value, top: usize) {
    assert_eq!(summary["assessments"], docs.len(), "assessments");
    let municipalities: std::collections::BTreeSet<&str> =
        docs.iter().map(|d| d["municipality"].as_str().unwrap()).collect();
    assert_eq!(summary["municipalities"], municipalities.len());
    // Per indicator.
    let mut shares: Vec<(String, i128, i128, i128, i128)> = Vec::new();
    for (id, _, _) in &cat.indicators {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        let mut unanswered = 0;
        let mut points = 0i128;
        for d in docs {
            match d["answers"].get(id) {
                Some(a) => {
                    let answer = a["answer"].as_str().unwrap();
                    *counts.entry(answer.to_owned()).or_default() += 1;
                    points += cat.points[answer];
                }
                None => unanswered += 1,
            }
        }
        let answered: usize = counts.values().sum();
        let stats = &summary["indicators"][id];
        assert_eq!(stats["unanswered"], unanswered, "{id}");
        assert_eq!(stats["answered"], answered, "{id}");
        for answer in cat.points.keys() {
            let n = counts.get(answer).copied().unwrap_or(0);
            assert_eq!(stats["counts"][answer], n, "{id} {answer}");
            if answered > 0 {
                let share = stats["shares"][answer].as_f64().unwrap();
                assert!((share - n as f64 / answered as f64).abs() < 1e-12, "{id} {answer}");
            } else {
                assert!(stats["shares"].is_null());
            }
        }
        let best = counts.get(&cat.best).copied().unwrap_or(0) as i128;
        let low = counts.get(&cat.lowest).copied().unwrap_or(0) as i128;
        shares.push((id.clone(), best, answered as i128, points, low));
    }
    // Top: by share of the best answer (cross-multiplied), then mean, descending, then id.
    // Bottom: by share of the lowest answer descending, then mean ascending, then id.
    let mut ranked: Vec<&(String, i128, i128, i128, i128)> = shares.iter().filter(|s| s.2 > 0).collect();
    ranked.sort_by(|x, y| {
        (y.1 * x.2)
            .cmp(&(x.1 * y.2))
            .then((y.3 * x.2).cmp(&(x.3 * y.2)))
            .then(x.0.cmp(&y.0))
    });
    let top_ids: Vec<&str> = ranked.iter().take(top).map(|s| s.0.as_str()).collect();
    let got: Vec<&str> = summary["top"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(got, top_ids, "top");
    ranked.sort_by(|x, y| {
        (y.4 * x.2)
            .cmp(&(x.4 * y.2))
            .then((x.3 * y.2).cmp(&(y.3 * x.2)))
            .then(x.0.cmp(&y.0))
    });
    let bottom_ids: Vec<&str> = ranked.iter().take(top).map(|s| s.0.as_str()).collect();
    let got: Vec<&str> = summary["bottom"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(got, bottom_ids, "bottom");
    // Per level: mean of per-assessment means, and pooled.
    for (level, _) in &cat.levels {
        let (mut sum_of_means, mut n, mut pooled, mut answers) = (0.0, 0, 0i128, 0i128);
        for d in docs {
            let (mut s, mut k) = (0i128, 0i128);
            for (id, l, _) in &cat.indicators {
                if l == level {
                    if let Some(a) = d["answers"].get(id) {
                        s += cat.points[a["answer"].as_str().unwrap()];
                        k += 1;
                    }
                }
            }
            if k > 0 {
                sum_of_means += s as f64 / k as f64;
                n += 1;
                pooled += s;
                answers += k;
            }
        }
        let stats = &summary["levels"][level];
        assert_eq!(stats["assessments"], n, "{level}");
        let mean = stats["mean"].as_f64().unwrap();
        assert!((mean - sum_of_means / n as f64).abs() < 1e-9, "{level}: {mean}");
        let pooled_mean = stats["pooled_mean"].as_f64().unwrap();
        assert!((pooled_mean - pooled as f64 / answers as f64).abs() < 1e-12, "{level}");
    }
    // Per area: mean flower score and colour distribution of complete flowers.
    for area in &cat.areas {
        let scores: Vec<Q> = docs.iter().filter_map(|d| flower(cat, d, area)).collect();
        let stats = &summary["areas"][area];
        assert_eq!(stats["scored"], scores.len(), "{area}");
        assert_eq!(stats["incomplete"], docs.len() - scores.len(), "{area}");
        if scores.is_empty() {
            assert!(stats["mean"].is_null() && stats["mean_exact"].is_null(), "{area}");
            continue;
        }
        let total = scores.iter().fold(Q::new(0, 1), |acc, s| acc.add(*s));
        let mean = stats["mean"].as_f64().unwrap();
        assert!((mean - total.f() / scores.len() as f64).abs() < 1e-12, "{area}");
        let exact = Q::parse(stats["mean_exact"].as_str().unwrap());
        assert_eq!(
            exact.0 * total.1 * scores.len() as i128,
            total.0 * exact.1,
            "{area} exact mean"
        );
        for (band, _) in &cat.bands {
            let n = scores.iter().filter(|s| colour(cat, **s) == *band).count();
            assert_eq!(stats["colours"][band], n, "{area} {band}");
        }
    }
}

#[test]
fn compilation_matches_an_independent_computation_over_the_json_files() {
    let data = national(11, &[2016, 2017]);
    let docs: Vec<Value> = data
        .iter()
        .map(|a| serde_json::from_str(&a.to_json()).unwrap())
        .collect();
    let cat = cat(&c2016());
    let all: Vec<&Value> = docs.iter().collect();

    let compilation = analysis::compile(&data, &CompileOptions::new().top(7)).unwrap();
    let value = compilation.to_value();
    for key in ["assessments", "indicators", "areas", "levels", "top", "bottom"] {
        assert!(value.get(key).is_some(), "{key} missing");
    }
    check_summary(&cat, &all, &value, 7);
    // Keys in catalogue order.
    let text = compilation.to_json();
    let at = |key: &str| text.find(&format!("\"{key}\": {{")).unwrap();
    assert!(
        at("elderly-01") < at("elderly-08") && at("elderly-08") < at("lead-01") && at("tech-10") < at("children-01")
    );

    // By county: every group against the same computation on its own documents.
    let by_county = analysis::compile(&data, &CompileOptions::new().by(Grouping::County).top(5)).unwrap();
    let value = by_county.to_value();
    assert_eq!(value["grouping"], "county");
    check_summary(&cat, &all, &value, 5);
    let groups = value["groups"].as_object().unwrap();
    assert_eq!(groups.len(), 21);
    assert_eq!(groups["18"]["name"], "Örebro län");
    for (county, group) in groups {
        let members: Vec<&Value> = docs
            .iter()
            .filter(|d| d["municipality"].as_str().unwrap().starts_with(county.as_str()))
            .collect();
        check_summary(&cat, &members, group, 5);
    }

    // By year.
    let by_year = analysis::compile(&data, &CompileOptions::new().by(Grouping::Year)).unwrap();
    let value = by_year.to_value();
    let keys: Vec<&String> = value["groups"].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["2016", "2017"]);
    for year in [2016, 2017] {
        let members: Vec<&Value> = docs.iter().filter(|d| d["year"] == year).collect();
        check_summary(&cat, &members, &value["groups"][year.to_string()], 10);
    }
}

/// 44 assessments answering 1 … 44 services indicators: the exact mean of their level means
/// has a denominator beyond 64 bits (expected value from Python's fractions.Fraction:
/// sum(Fraction(3 + 2 * (k - 1), k) for k in range(1, 45)) / 44).
#[test]
fn exact_means_stay_exact_beyond_64_bits() {
    let c = c2016();
    let services: Vec<String> = c
        .indicators()
        .iter()
        .filter(|i| i.level == "services")
        .map(|i| i.id.clone())
        .collect();
    let codes: Vec<&str> = analysis::municipalities::MUNICIPALITIES
        .iter()
        .map(|(code, _)| *code)
        .take(44)
        .collect();
    let assessments: Vec<Assessment> = codes
        .iter()
        .enumerate()
        .map(|(i, code)| {
            let mut a = Assessment::new(&c, code, 2017).unwrap();
            a.answer(&services[0], "fully").unwrap();
            for id in &services[1..=i] {
                a.answer(id, "partly").unwrap();
            }
            a
        })
        .collect();
    let compilation = analysis::compile(&assessments, &CompileOptions::new()).unwrap();
    let json: Value = serde_json::from_str(&compilation.to_json()).unwrap();
    let services_level = &json["levels"]["services"];
    assert_eq!(
        services_level["mean_exact"],
        "124301862145872090187/59208839855329507200"
    );
    assert_eq!(services_level["mean"], 2.099380133939298);
    // The comparison built on it is exact too.
    let comparison = analysis::compare(&assessments[0], &compilation).unwrap();
    let json: Value = serde_json::from_str(&comparison.to_json()).unwrap();
    assert!(json.to_string().contains("difference"), "{json}");
}

#[test]
fn custom_groups_keep_empty_groups_and_list_the_ungrouped() {
    let data = national(3, &[2017]);
    let map = GroupMap::from_csv("municipality,group,name\n0180,A1 Storstäder,Stockholm\n1480,A1 Storstäder,Göteborg\n1881,B4,Kumla\n9999,C9,Nowhere\n")
        .unwrap();
    let compilation = analysis::compile(&data, &CompileOptions::new().by(Grouping::Custom(Arc::new(map)))).unwrap();
    let groups = compilation.groups.as_ref().unwrap();
    let keys: Vec<&str> = groups.iter().map(|(k, _)| k).collect();
    assert_eq!(keys, ["A1 Storstäder", "B4", "C9"]);
    assert_eq!(groups["A1 Storstäder"].summary.assessments, 2);
    assert_eq!(groups["C9"].summary.assessments, 0);
    assert_eq!(groups["C9"].summary.areas["elderly"].mean, None);
    assert_eq!(compilation.ungrouped.len(), 287);
    assert_eq!(compilation.summary.assessments, 290);
    let kumla = data.iter().find(|a| a.municipality() == "1881").unwrap();
    let comparison = analysis::compare(kumla, &compilation).unwrap();
    let group = comparison.group.unwrap();
    assert_eq!((group.key.as_str(), group.assessments), ("B4", 1));
    assert_eq!(
        group.areas["elderly"].position.rank.is_some(),
        kumla.score().area("elderly").unwrap().complete
    );
}

#[test]
fn ties_in_the_top_list_go_by_mean_then_id() {
    let c = c2016();
    // Four assessments. lead-01, lead-02, lead-03 all have one "fully" of four; lead-03 has
    // the highest mean (partly elsewhere), lead-01 and lead-02 tie on the mean too → by id.
    let mut docs = Vec::new();
    for (k, code) in ["0114", "0115", "0117", "0120"].iter().enumerate() {
        let mut a = Assessment::new(&c, code, 2017).unwrap();
        for ind in c.indicators() {
            a.answer(&ind.id, "not_met").unwrap();
        }
        if k == 0 {
            for id in ["lead-01", "lead-02", "lead-03"] {
                a.answer(id, "fully").unwrap();
            }
        } else {
            a.answer("lead-03", "partly").unwrap();
        }
        docs.push(a);
    }
    let compilation = analysis::compile(&docs, &CompileOptions::new().top(3)).unwrap();
    let top: Vec<&str> = compilation.summary.top.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(top, ["lead-03", "lead-01", "lead-02"]);
    assert_eq!(compilation.summary.top[0].percent, 25);
    // Bottom: all others have share 0 and mean 1 → by id.
    let bottom: Vec<&str> = compilation.summary.bottom.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(bottom, ["business-01", "business-02", "business-03"]);
}

#[test]
fn the_same_municipality_and_year_twice_is_an_error() {
    let data = national(3, &[2016, 2017]);
    // Another year of the same municipality is fine; the same year again is not.
    assert!(analysis::compile(&data, &CompileOptions::new()).is_ok());
    let twice = vec![data[0].clone(), data[1].clone(), data[0].clone()];
    match analysis::compile(&twice, &CompileOptions::new()).unwrap_err() {
        AnalysisError::Duplicate {
            municipality,
            year,
            first,
            index,
        } => {
            assert_eq!(
                (municipality.as_str(), year, first, index),
                (data[0].municipality(), data[0].year(), 0, 2)
            );
        }
        other => panic!("expected Duplicate, got {other:?}"),
    }
}

#[test]
fn mixed_catalogue_versions_are_an_error_naming_both_and_the_index() {
    let data = national(5, &[2017]);
    let new = Assessment::from_json(&read("tests/analysis/fixture-kumla-2099.assessment.json"), &c2099()).unwrap();
    let mixed = vec![data[0].clone(), data[1].clone(), new.clone()];
    let err = analysis::compile(&mixed, &CompileOptions::new()).unwrap_err();
    match &err {
        AnalysisError::MixedCatalogues {
            expected,
            first,
            found,
            index,
        } => {
            assert_eq!((expected.version.as_str(), found.version.as_str()), ("2016", "2099"));
            assert_eq!((*first, *index), (Some(0), 2));
        }
        other => panic!("expected MixedCatalogues, got {other:?}"),
    }
    let message = err.to_string();
    assert!(
        message.contains("assessment 2 is of catalogue eblomladan 2099 but assessment 0 is of eblomladan 2016")
            && message.contains("version mapping"),
        "{message}"
    );
    // A different document under the same key is refused too.
    let mut doc: Value = serde_json::from_str(&c2016().to_json()).unwrap();
    doc["bands"][0]["min"] = "5/2".into();
    let other = Arc::new(Catalogue::from_json(&doc.to_string()).unwrap());
    let twin = Assessment::new(&other, "1881", 2017).unwrap();
    let err = analysis::compile([&data[0], &twin], &CompileOptions::new()).unwrap_err();
    assert!(err.to_string().contains("catalogue documents differ"), "{err}");
    // The same catalogue loaded twice (another Arc) is pooled.
    let again = Assessment::from_json(&data[1].to_json(), &c2016()).unwrap();
    assert_eq!(
        analysis::compile([&data[0], &again], &CompileOptions::new())
            .unwrap()
            .summary
            .assessments,
        2
    );
}

#[test]
fn a_mapping_pools_two_versions_by_translating_the_old_one() {
    let old = Assessment::from_json(&read("tests/golden/kumla-2017.assessment.json"), &c2016()).unwrap();
    let new = Assessment::from_json(&read("tests/analysis/fixture-kumla-2099.assessment.json"), &c2099()).unwrap();
    let m = mapping();
    let compilation = analysis::compile([&old, &new], &CompileOptions::new().mapping(Arc::clone(&m))).unwrap();
    assert_eq!(compilation.catalogue.version, "2099");
    assert_eq!(compilation.sources.len(), 2);
    assert!(compilation.sources[1].mapped && compilation.sources[1].catalogue.version == "2016");
    let ind = &compilation.summary.indicators;
    // elderly-03 (stricter, from elderly-06 partly) : partly + partly.
    assert_eq!(ind["elderly-03"].counts["partly"], 2);
    // children-01 merged children-01 (partly) and children-02 (not_met) → not_met; new: fully.
    assert_eq!(
        (ind["children-01"].counts["not_met"], ind["children-01"].counts["fully"]),
        (1, 1)
    );
    // lead-03 merged lead-12..14 (all partly) → partly; new: partly.
    assert_eq!(ind["lead-03"].counts["partly"], 2);
    // tech-03 is new: the old assessment has no answer.
    assert_eq!((ind["tech-03"].answered, ind["tech-03"].unanswered), (1, 1));
    // The translation itself.
    let t = m.translate(&old).unwrap();
    assert_eq!(t.answer_of("children-02"), old.answer_of("children-03"));
    assert_eq!(t.answer_of("children-03"), old.answer_of("children-03"));
    assert_eq!(t.comment_of("elderly-03"), old.comment_of("elderly-06"));
    assert_eq!(t.answer_of("tech-03"), None);
    assert!(m.translate(&new).is_err());
}

#[test]
fn empty_input_is_an_error_for_compile_and_an_empty_compilation_for_a_compiler() {
    let none: Vec<Assessment> = Vec::new();
    let err = analysis::compile(&none, &CompileOptions::new()).unwrap_err();
    assert_eq!(err, AnalysisError::Empty { what: "compile" });
    assert_eq!(err.to_string(), "nothing to compile: no assessments were given");

    let empty = Compiler::new(&c2016(), CompileOptions::new().by(Grouping::County))
        .unwrap()
        .finish();
    let v = empty.to_value();
    assert_eq!(v["assessments"], 0);
    assert_eq!(v["indicators"]["lead-01"]["counts"]["fully"], 0);
    assert_eq!(v["indicators"]["lead-01"]["shares"], Value::Null);
    assert_eq!(v["levels"]["lead"]["mean"], Value::Null);
    assert_eq!(v["areas"]["elderly"]["mean"], Value::Null);
    assert_eq!(v["top"], serde_json::json!([]));
    assert_eq!(v["groups"], serde_json::json!({}));
    let kumla = Assessment::from_json(&read("tests/golden/kumla-2017.assessment.json"), &c2016()).unwrap();
    let comparison = analysis::compare(&kumla, &empty).unwrap();
    let p = &comparison.all.areas["elderly"].position;
    assert_eq!((p.of, p.rank, p.median, p.mean), (0, None, None, None));
}

#[test]
fn comparison_ranks_and_percentiles_match_an_independent_count() {
    let data = national(21, &[2017]);
    let compilation = analysis::compile(&data, &CompileOptions::new().by(Grouping::County)).unwrap();
    let cat = cat(&c2016());
    let docs: Vec<Value> = data
        .iter()
        .map(|a| serde_json::from_str(&a.to_json()).unwrap())
        .collect();
    for probe in [0, 57, 180, 289] {
        let a = &data[probe];
        let comparison = analysis::compare(a, &compilation).unwrap();
        let own_doc = &docs[probe];
        for area in &cat.areas {
            let position = &comparison.all.areas[area.as_str()].position;
            let mut scores: Vec<Q> = docs.iter().filter_map(|d| flower(&cat, d, area)).collect();
            assert_eq!(position.of, scores.len());
            let Some(own) = flower(&cat, own_doc, area) else {
                assert_eq!(position.rank, None);
                continue;
            };
            let higher = scores.iter().filter(|s| !own.ge(**s)).count();
            let lower = scores.iter().filter(|s| !s.ge(own)).count();
            let equal = scores.len() - higher - lower;
            assert_eq!(position.rank, Some(higher + 1), "{area}");
            let percentile = (lower as f64 + equal as f64 / 2.0) / scores.len() as f64 * 100.0;
            assert!((position.percentile.unwrap() - percentile).abs() < 1e-9, "{area}");
            scores.sort_by(|x, y| (x.0 * y.1).cmp(&(y.0 * x.1)));
            let n = scores.len();
            let median = if n % 2 == 1 {
                scores[n / 2].f()
            } else {
                scores[n / 2 - 1].add(scores[n / 2]).mul(Q(1, 2)).f()
            };
            assert!((position.median.unwrap() - median).abs() < 1e-12, "{area}");
            assert_eq!(position.value, Some(own.f()));
        }
        // Per indicator: "77 % have …; we do too".
        for (id, _, _) in &cat.indicators {
            let entry = &comparison.all.indicators[id.as_str()];
            let fully = docs
                .iter()
                .filter(|d| d["answers"].get(id).is_some_and(|x| x["answer"] == "fully"))
                .count();
            let answered = docs.iter().filter(|d| d["answers"].get(id).is_some()).count();
            assert!((entry.share.unwrap() - fully as f64 / answered as f64).abs() < 1e-12);
            assert_eq!(
                entry.meets,
                own_doc["answers"].get(id).is_some_and(|x| x["answer"] == "fully")
            );
        }
        let group = comparison.group.as_ref().unwrap();
        assert_eq!(group.key, a.county());
        assert_eq!(
            group.assessments,
            data.iter().filter(|x| x.county() == a.county()).count()
        );
    }
    // A compilation of another catalogue is refused.
    let new = Assessment::from_json(&read("tests/analysis/fixture-kumla-2099.assessment.json"), &c2099()).unwrap();
    assert!(matches!(
        analysis::compare(&new, &compilation),
        Err(AnalysisError::CatalogueMismatch { .. })
    ));
}

#[test]
fn year_over_year_diff_counts_changes_per_indicator_area_and_colour() {
    let c = c2016();
    let old = Assessment::from_json(&read("tests/golden/kumla-2017.assessment.json"), &c).unwrap();
    let mut new = old.clone();
    new.set_year(2018).unwrap();
    // elderly: two reds become green, one green becomes yellow.
    let elderly_red: Vec<String> = c
        .indicators()
        .iter()
        .filter(|i| i.id.starts_with("elderly") && old.answer_of(&i.id) == Some("not_met"))
        .map(|i| i.id.clone())
        .collect();
    new.answer(&elderly_red[0], "fully").unwrap();
    new.answer(&elderly_red[1], "fully").unwrap();
    new.answer("elderly-02", "partly").unwrap();
    new.clear("lead-33").unwrap();
    let diff = analysis::diff(&old, &new, None).unwrap();
    assert_eq!(
        (
            diff.count(Change::Up),
            diff.count(Change::Down),
            diff.count(Change::Cleared)
        ),
        (2, 1, 1)
    );
    assert_eq!(diff.count(Change::Same), 88 - 4);
    let report = diff.report();
    let elderly = &report.areas["elderly"];
    let old_red = elderly_red.len() as u32;
    assert_eq!(
        (elderly.answers["not_met"].old, elderly.answers["not_met"].new),
        (old_red, old_red - 2)
    );
    assert_eq!(elderly.answers["fully"].delta, 1);
    assert_eq!(report.indicators["elderly-02"].delta, Some(-1));
    assert_eq!(report.indicators["lead-33"].change, Change::Cleared);
    // Flower scores: exact before and after, independent of the diff's own code.
    let (so, sn) = (old.score(), new.score());
    assert_eq!(elderly.score.old_exact, so.area("elderly").unwrap().score);
    assert_eq!(elderly.score.new_exact, None, "lead-33 cleared: no flower is complete");
    assert_eq!(report.areas["children"].colour.new, None);
    assert!(report.areas["children"].colour.changed == so.area("children").unwrap().colour.is_some());
    assert_eq!(sn.area("elderly").unwrap().score, None);
    assert_eq!(report.changes["up"], 2);
    let json: Value = serde_json::from_str(&report.to_json()).unwrap();
    assert_eq!(json["year"], serde_json::json!({"old": 2017, "new": 2018}));
    assert!(json.get("removed").is_none());
}

#[test]
fn diff_across_versions_follows_the_mapping_and_flags_stricter_indicators() {
    let old = Assessment::from_json(&read("tests/golden/kumla-2017.assessment.json"), &c2016()).unwrap();
    let new = Assessment::from_json(&read("tests/analysis/fixture-kumla-2099.assessment.json"), &c2099()).unwrap();
    let err = analysis::diff(&old, &new, None).unwrap_err();
    assert!(err.to_string().contains("needs a version mapping"), "{err}");
    let m = mapping();
    let report = analysis::diff(&old, &new, Some(&m)).unwrap().report();
    assert!(report.mapped);
    let i = &report.indicators;
    // elderly-01: same, not_met → fully.
    assert_eq!(
        (i["elderly-01"].change, i["elderly-01"].relation),
        (Change::Up, Some(Relation::Same))
    );
    // elderly-03 stricter (elderly-06 partly → partly).
    assert!(i["elderly-03"].stricter);
    assert_eq!(i["elderly-03"].from, ["elderly-06"]);
    assert_eq!(i["elderly-03"].change, Change::Same);
    // lead-02 stricter (lead-24 not_met → not_met), tech-02 stricter (tech-03 not_met → partly).
    assert_eq!((i["tech-02"].change, i["tech-02"].stricter), (Change::Up, true));
    assert_eq!(report.stricter, 3);
    // children-01 merged: worst of partly and not_met → not_met, now fully.
    assert_eq!(i["children-01"].old.as_deref(), Some("not_met"));
    assert_eq!(i["children-01"].from, ["children-01", "children-02"]);
    // tech-03 is new.
    assert_eq!(i["tech-03"].change, Change::New);
    assert_eq!(report.changes["new"], 1);
    assert_eq!(report.removed.len(), 75);
    assert_eq!(report.removed["lead-33"].as_deref(), old.answer_of("lead-33"));
    // Areas of both versions, matched by id; the old-only ones have no new score.
    assert!(report.areas["business"].score.new.is_none() && report.areas["business"].score.old.is_some());
    assert_eq!(
        report.areas["elderly"].score.new_exact,
        new.score().area("elderly").unwrap().score
    );
    assert_eq!(report.areas["elderly"].answers["fully"].new, 1);
    // A mapping in the wrong direction is refused.
    assert!(analysis::diff(&new, &old, Some(&m)).is_err());
}

#[test]
fn mapping_problems_are_reported_with_paths() {
    let text = read("tests/analysis/fixture-mapping-2016-2099.json");
    let mut doc: Value = serde_json::from_str(&text).unwrap();
    let indicators = doc["indicators"].as_object_mut().unwrap();
    indicators.remove("tech-01");
    indicators.insert("tech-99".into(), serde_json::json!({"relation": "new"}));
    indicators["elderly-02"] = serde_json::json!({"relation": "reworded", "from": ["elderly-02", "elderly-03"]});
    indicators["children-03"] = serde_json::json!({"relation": "same", "from": ["children-09"]});
    indicators["lead-01"] = serde_json::json!({"relation": "same", "from": ["lead-24"]});
    doc["removed"].as_array_mut().unwrap().push("lead-01".into());
    doc["removed"].as_array_mut().unwrap().push("lead-02".into());
    let err = Mapping::from_json(&doc.to_string(), &c2016(), &c2099()).unwrap_err();
    let problems = err.problems();
    let has = |path: &str, needle: &str| problems.iter().any(|p| p.path == path && p.message.contains(needle));
    assert!(
        has("$.indicators.tech-99", "unknown indicator \"tech-99\""),
        "{problems:#?}"
    );
    assert!(
        has("$.indicators", "no entry for the new indicator \"tech-01\""),
        "{problems:#?}"
    );
    assert!(
        has(
            "$.indicators.elderly-02.from",
            "takes exactly one old indicator, found 2"
        ),
        "{problems:#?}"
    );
    assert!(
        has("$.indicators.children-03.from[0]", "unknown indicator \"children-09\""),
        "{problems:#?}"
    );
    assert!(
        has("$.indicators.children-02.from[0]", "split into only one"),
        "{problems:#?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.message.contains("\"lead-24\" is named by 2 entries")),
        "{problems:#?}"
    );
    assert!(has("$.removed[76]", "\"lead-02\" is listed twice"), "{problems:#?}");
    assert!(
        has(
            "$.removed[0]",
            "\"elderly-03\" is listed as removed but a new indicator names it"
        ),
        "{problems:#?}"
    );
    assert!(has("$.removed", "\"tech-01\" is neither named"), "{problems:#?}");
    // Wrong catalogues.
    let err = Mapping::from_json(&text, &c2099(), &c2016()).unwrap_err();
    assert!(err.problems().iter().any(|p| p.path == "$.from"));
    // Shape errors name the path.
    let err = Mapping::from_json(&text.replacen("\"same\"", "\"identical\"", 1), &c2016(), &c2099()).unwrap_err();
    assert!(err.problems()[0].path.starts_with("$.indicators.elderly-01"), "{err}");
}

// ---------------------------------------------------------------- planner

/// A small catalogue: `areas` areas, `per` service indicators each (plus `scoped_lead` lead
/// indicators scoped to the first area), `lead` and `tech` general indicators, a scale of
/// `answers` answers with points 1.., weights as given, bands at thirds of the range.
fn small_catalogue(
    areas: usize,
    per: usize,
    lead: usize,
    tech: usize,
    scoped_lead: usize,
    answers: u32,
    weights: [&str; 3],
) -> Arc<Catalogue> {
    let names = ["fully", "partly", "little", "not_met"];
    let colours = ["green", "yellow", "orange", "red"];
    let scale: Vec<Value> = (0..answers as usize)
        .map(|k| {
            let id = if answers == 3 {
                ["fully", "partly", "not_met"][k]
            } else {
                names[k]
            };
            serde_json::json!({"id": id, "points": answers - k as u32, "colour": colours[k], "label": {"sv": id}})
        })
        .collect();
    let max = answers;
    let bands = serde_json::json!([
        {"colour": "green", "min": format!("{}/3", 3 + 2 * (max - 1))},
        {"colour": "yellow", "min": format!("{}/3", 3 + (max - 1))},
        {"colour": "red", "min": "1"}
    ]);
    let mut indicators = Vec::new();
    for a in 0..areas {
        for k in 0..per {
            indicators.push(serde_json::json!({"id": format!("a{a}-{k}"), "level": "services", "area": format!("a{a}"), "text": {"sv": "x"}}));
        }
    }
    for k in 0..scoped_lead {
        indicators.push(
            serde_json::json!({"id": format!("a0-lead-{k}"), "level": "lead", "area": "a0", "text": {"sv": "x"}}),
        );
    }
    for k in 0..lead {
        indicators.push(serde_json::json!({"id": format!("lead-{k}"), "level": "lead", "text": {"sv": "x"}}));
    }
    for k in 0..tech {
        indicators.push(serde_json::json!({"id": format!("tech-{k}"), "level": "tech", "text": {"sv": "x"}}));
    }
    let doc = serde_json::json!({
        "id": "fixture", "version": "1", "name": {"sv": "fixture"},
        "scale": scale,
        "levels": [
            {"id": "services", "weight": weights[0], "name": {"sv": "s"}},
            {"id": "lead", "weight": weights[1], "name": {"sv": "l"}},
            {"id": "tech", "weight": weights[2], "name": {"sv": "t"}}
        ],
        "bands": bands,
        "areas": (0..areas).map(|a| serde_json::json!({"id": format!("a{a}"), "name": {"sv": "a"}})).collect::<Vec<_>>(),
        "indicators": indicators
    });
    Arc::new(Catalogue::from_json(&doc.to_string()).unwrap())
}

/// A deterministic stream of small numbers.
struct Lcg(u64);
impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

/// Scale ids from fewest to most points.
fn ranks(c: &Catalogue) -> Vec<String> {
    let mut s: Vec<_> = c.scale().iter().collect();
    s.sort_by_key(|e| e.points);
    s.into_iter().map(|e| e.id.clone()).collect()
}

/// Brute force: the least (indicators changed, steps) that makes `areas` reach `target`.
fn brute_force(a: &Assessment, areas: &[&str], target: &str) -> Option<(usize, u32)> {
    let c = a.catalogue();
    let order = ranks(c);
    let ids: Vec<String> = c.indicators().iter().map(|i| i.id.clone()).collect();
    let current: Vec<usize> = ids
        .iter()
        .map(|id| order.iter().position(|o| Some(o.as_str()) == a.answer_of(id)).unwrap())
        .collect();
    let top = order.len() - 1;
    let band = |colour: &str| c.bands().iter().position(|b| b.colour == colour).unwrap();
    let target_band = band(target);
    let mut best: Option<(usize, u32)> = None;
    let mut raise = vec![0usize; ids.len()];
    loop {
        let count = raise.iter().filter(|r| **r > 0).count();
        let steps: u32 = raise.iter().map(|r| *r as u32).sum();
        if best.is_none_or(|b| (count, steps) < b) {
            let mut trial = a.clone();
            for (k, r) in raise.iter().enumerate() {
                if *r > 0 {
                    trial.answer(&ids[k], &order[current[k] + r]).unwrap();
                }
            }
            let score = trial.score();
            if areas
                .iter()
                .all(|area| band(score.area(area).unwrap().colour.unwrap()) <= target_band)
            {
                best = Some((count, steps));
            }
        }
        let mut k = 0;
        loop {
            if k == ids.len() {
                return best;
            }
            raise[k] += 1;
            if current[k] + raise[k] <= top {
                break;
            }
            raise[k] = 0;
            k += 1;
        }
    }
}

fn apply(a: &Assessment, set: &analysis::MinimalSet) -> Assessment {
    let mut out = a.clone();
    for m in &set.changes {
        assert_eq!(a.answer_of(&m.id), Some(m.from.as_str()));
        out.answer(&m.id, &m.to).unwrap();
    }
    out
}

#[test]
fn planner_sets_are_minimal_by_brute_force_on_small_catalogues() {
    let shapes: [(usize, usize, usize, usize, usize, u32, [&str; 3]); 5] = [
        (2, 2, 3, 2, 0, 3, ["1/2", "1/4", "1/4"]),
        (2, 3, 2, 2, 0, 3, ["1/2", "1/4", "1/4"]),
        (2, 2, 2, 1, 2, 3, ["1/3", "1/3", "1/3"]),
        (3, 2, 1, 2, 0, 3, ["1/2", "1/3", "1/6"]),
        (2, 2, 2, 1, 0, 4, ["1/2", "1/4", "1/4"]),
    ];
    let mut rng = Lcg(7);
    let mut checked = 0;
    for (areas, per, lead, tech, scoped, answers, weights) in shapes {
        let c = small_catalogue(areas, per, lead, tech, scoped, answers, weights);
        let order = ranks(&c);
        for _ in 0..14 {
            let mut a = Assessment::new(&c, "1881", 2017).unwrap();
            for ind in c.indicators() {
                // Mostly low answers so that there is something to plan.
                let r = rng.below(order.len() as u64 + 1).min(order.len() as u64 - 1) as usize;
                let r = if rng.below(3) == 0 { r } else { r / 2 };
                a.answer(&ind.id, &order[r]).unwrap();
            }
            let area_ids: Vec<String> = c.areas().iter().map(|x| x.id.clone()).collect();
            for target in ["green", "yellow"] {
                let plan = analysis::plan(&a, &PlanOptions::new().target(target)).unwrap();
                // All areas at once.
                let refs: Vec<&str> = area_ids.iter().map(String::as_str).collect();
                let expected = brute_force(&a, &refs, target);
                let all = plan.all.as_ref().unwrap();
                assert_eq!(
                    Some((all.count, all.steps)),
                    expected,
                    "all areas, {target}: {}",
                    a.to_json()
                );
                let after = apply(&a, all).score();
                for area in &area_ids {
                    let colour = after.area(area).unwrap().colour.unwrap();
                    assert!(colour == target || colour == "green", "{area}: {colour}");
                    assert_eq!(all.outcome[area.as_str()].colour.as_deref(), Some(colour));
                    assert_eq!(
                        Some(all.outcome[area.as_str()].score_exact),
                        after.area(area).unwrap().score
                    );
                }
                // Each area alone.
                for area in &area_ids {
                    let single = analysis::plan(&a, &PlanOptions::new().area(area).target(target)).unwrap();
                    let set = single.areas[area.as_str()].minimal.as_ref().unwrap();
                    assert_eq!(
                        Some((set.count, set.steps)),
                        brute_force(&a, &[area], target),
                        "{area} {target}"
                    );
                    let after = apply(&a, set).score();
                    let colour = after.area(area).unwrap().colour.unwrap();
                    assert!(colour == target || colour == "green");
                    assert_eq!(single.areas[area.as_str()].reached, set.count == 0);
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 100);
}

#[test]
fn planner_gains_are_exact_score_differences_and_colour_flags_are_right() {
    let c = c2016();
    let a = Assessment::from_json(&read("tests/golden/kumla-2017.assessment.json"), &c).unwrap();
    let plan = analysis::plan(&a, &PlanOptions::new()).unwrap();
    let before = a.score();
    assert!(!plan.steps.is_empty());
    for step in &plan.steps {
        let mut trial = a.clone();
        trial.answer(&step.id, &step.to).unwrap();
        let after = trial.score();
        for (area, gain) in step.gains.iter() {
            let (b, n) = (before.area(area).unwrap(), after.area(area).unwrap());
            let expected = n.score.unwrap();
            assert_eq!(
                Fraction::new(1, 1)
                    .unwrap()
                    .checked_mul(b.score.unwrap())
                    .unwrap()
                    .checked_add(gain.gain_exact),
                Some(expected),
                "{} {area}",
                step.id
            );
            assert_eq!(gain.changes_colour, n.colour != b.colour, "{} {area}", step.id);
            assert_eq!(gain.colour.as_deref(), n.colour);
        }
        assert_eq!(
            step.colour_changes.is_empty(),
            step.gains.iter().all(|(_, g)| !g.changes_colour)
        );
    }
    // Ranked: colour changers first, then by total gain.
    let first_without = plan
        .steps
        .iter()
        .position(|s| s.colour_changes.is_empty())
        .unwrap_or(plan.steps.len());
    assert!(plan.steps[first_without..].iter().all(|s| s.colour_changes.is_empty()));
    for w in plan.steps[first_without..].windows(2) {
        assert!(w[0].total_gain >= w[1].total_gain - 1e-12);
    }
    // Per area ranking is by gain in that area.
    let elderly = &plan.areas["elderly"];
    for w in elderly.ranked.windows(2) {
        assert!(w[0].effect.gain_exact >= w[1].effect.gain_exact);
    }
    // Applying the all-areas set turns every flower green.
    let after = apply(&a, plan.all.as_ref().unwrap()).score();
    assert!(after.areas().all(|f| f.colour == Some("green")));
    // Unknown area or colour.
    assert!(matches!(
        analysis::plan(&a, &PlanOptions::new().area("harbour")),
        Err(AnalysisError::UnknownArea { .. })
    ));
    assert!(matches!(
        analysis::plan(&a, &PlanOptions::new().target("blue")),
        Err(AnalysisError::UnknownColour { .. })
    ));
    // An incomplete flower is planned on its provisional score, marked as such.
    let mut draft = a.clone();
    draft.clear("elderly-01").unwrap();
    let plan = analysis::plan(&draft, &PlanOptions::new().area("elderly")).unwrap();
    assert!(!plan.areas["elderly"].complete);
    assert!(plan.areas["elderly"].minimal.is_some());
    assert!(plan.steps.iter().all(|s| s.id != "elderly-01"));
}

// ---------------------------------------------------------------- CSV

#[test]
fn csv_round_trip_of_a_national_data_set() {
    let data = national(8, &[2016, 2017]);
    let text = csv::export(&data);
    assert!(text.starts_with("catalogue,municipality,year,indicator,answer,points,comment,synthetic\r\n"));
    assert_eq!(
        text.lines().filter(|l| l.starts_with("eblomladan-2016,")).count(),
        data.len() * 88
    );
    let back = csv::import(&text, &[]).unwrap();
    assert_eq!(back, data);
    assert!(back.iter().all(Assessment::is_synthetic));
    // Line endings: LF only, and a byte-order mark, read the same.
    let lf = format!("\u{feff}{}", text.replace("\r\n", "\n"));
    let back = csv::import(&lf, &[]).unwrap();
    assert_eq!(back.len(), data.len());
}

#[test]
fn csv_import_errors_name_line_and_column() {
    let head = "catalogue,municipality,year,indicator,answer,points,comment\n";
    let cases: Vec<(String, usize, usize, &str)> = vec![
        (format!("{head}eblomladan-2016,1881,2017,lead-01,yes,,\n"), 2, 5, "answer: unknown answer \"yes\""),
        (format!("{head}eblomladan-2016,1881,2017,lead-01,fully,2,\n"), 2, 6, "points: \"2\" points do not match the answer \"fully\", which gives 3"),
        (format!("{head}eblomladan-2016,181,2017,lead-01,fully,3,\n"), 2, 2, "dropped leading zeros: 0181"),
        (format!("{head}eblomladan-2016,1881,17,lead-01,fully,3,\n"), 2, 3, "invalid year \"17\""),
        (format!("{head}eblomladan-2014,1881,2017,lead-01,fully,3,\n"), 2, 1, "unknown catalogue \"eblomladan-2014\""),
        (format!("{head}eblomladan-2016,1881,2017,lead-99,fully,3,\n"), 2, 4, "unknown indicator \"lead-99\""),
        (format!("{head}eblomladan-2016,1881,2017,lead-01,,,why\n"), 2, 7, "comment is given but the answer is empty"),
        // A quoted comment with line breaks moves the next record down.
        (format!("{head}eblomladan-2016,1881,2017,lead-01,fully,3,\"a\nb\nc\"\neblomladan-2016,1881,2017,lead-01,partly,2,\n"), 5, 4, "given twice; first on line 2"),
        (format!("{head}eblomladan-2016,1881,2017,lead-01\n"), 2, 5, "4 fields, but the header has 7"),
        (format!("{head}eblomladan-2016,1881,2017,lead-01,fully,3,\"open\n"), 2, 7, "a quote that is never closed"),
        // An open quote swallows the rows after it; the record is refused where it opened.
        (format!("{head}eblomladan-2016,1881,2017,lead-01,fully,3,\"open\neblomladan-2016,1881,2017,lead-02,fully,3,\n"), 2, 7, "never closed"),
        ("catalogue,municipality,year,indicator,answer,colour\n".to_owned(), 1, 6, "unknown column \"colour\""),
        (String::new(), 1, 1, "the file is empty"),
    ];
    for (text, line, column, needle) in cases {
        let err = csv::import(&text, &[]).unwrap_err();
        let p = &err.problems()[0];
        assert_eq!((p.line, p.column), (Some(line), Some(column)), "{needle}: {p}");
        assert!(p.to_string().contains(needle), "expected {needle:?} in {p}");
    }
    // Every problem is reported, not only the first.
    let text = format!("{head}eblomladan-2016,1881,2017,lead-01,yes,,\neblomladan-2016,1881,2017,lead-02,no,,\n");
    assert_eq!(csv::import(&text, &[]).unwrap_err().problems().len(), 2);
    // A catalogue given by the caller is found by key.
    let new = Assessment::from_json(&read("tests/analysis/fixture-kumla-2099.assessment.json"), &c2099()).unwrap();
    let text = csv::export(std::slice::from_ref(&new));
    assert!(csv::import(&text, &[]).is_err());
    assert_eq!(csv::import(&text, &[c2099()]).unwrap(), vec![new]);
}

#[test]
fn csv_cells_that_a_spreadsheet_would_run_get_a_leading_quote_undone_on_import() {
    let c = c2016();
    let triggers = ['=', '+', '-', '@', '\t', '\r'];
    for trigger in triggers {
        for comment in [
            format!("{trigger}HYPERLINK(\"http://127.0.0.1:9/leak\")"),
            format!("'{trigger}1+1"),
            format!("''{trigger}"),
        ] {
            let mut a = Assessment::new(&c, "1881", 2017).unwrap();
            a.answer("lead-01", "fully").unwrap();
            a.comment("lead-01", Some(&comment)).unwrap();
            let text = csv::export(std::slice::from_ref(&a));
            let row = text.lines().find(|l| l.contains(",lead-01,")).unwrap();
            let cell = row.splitn(7, ',').nth(6).unwrap().trim_start_matches('"');
            assert!(cell.starts_with(&format!("'{}", &comment[..1])), "{trigger:?}: {row:?}");
            assert_eq!(
                csv::import(&text, &[]).unwrap(),
                vec![a],
                "{comment:?} comes back byte for byte"
            );
        }
    }
    // Numbers are numbers, not formulas; texts that merely start with a quote stay as they are.
    for comment in ["-12", "+3.5", "'plain", "ok = fine", "'"] {
        let mut a = Assessment::new(&c, "1881", 2017).unwrap();
        a.answer("lead-01", "fully").unwrap();
        a.comment("lead-01", Some(comment)).unwrap();
        let text = csv::export(std::slice::from_ref(&a));
        assert!(
            text.contains(&format!(",lead-01,fully,3,{comment}\r\n")),
            "{comment:?}: {text:?}"
        );
        assert_eq!(csv::import(&text, &[]).unwrap(), vec![a]);
    }
}

#[test]
fn compilation_csv_neutralises_group_names() {
    let data = national(3, &[2017]);
    let map = analysis::GroupMap::from_json(
        r#"{"0114": "=HYPERLINK(\"http://x\")", "0115": "@SUM(A1)", "0117": "-2+3", "0120": "Grupp B"}"#,
    )
    .unwrap();
    let compilation = analysis::compile(
        &data,
        &analysis::CompileOptions::new().by(analysis::Grouping::Custom(Arc::new(map))),
    )
    .unwrap();
    let text = compilation.to_csv();
    let groups: std::collections::BTreeSet<&str> = text.lines().skip(1).map(|l| l.split(',').next().unwrap()).collect();
    for group in &groups {
        assert!(
            !group
                .trim_start_matches('"')
                .starts_with(['=', '+', '-', '@', '\t', '\r']),
            "{group}"
        );
    }
    assert!(groups.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), "{groups:?}");
    assert!(
        groups.contains("'@SUM(A1)") && groups.contains("'-2+3") && groups.contains("Grupp B"),
        "{groups:?}"
    );
}

#[test]
fn csv_years_are_plain_digits() {
    let head = "catalogue,municipality,year,indicator,answer,points,comment\n";
    for year in ["+2017", "02017", " 2017", "2017 ", "2017.0", "-2017", "'2017"] {
        let err = csv::import(&format!("{head}eblomladan-2016,1881,{year},lead-01,fully,3,\n"), &[]).unwrap_err();
        let p = &err.problems()[0];
        assert_eq!((p.line, p.column), (Some(2), Some(3)), "{year:?}: {p}");
        assert!(p.message.contains("plain digits"), "{year:?}: {p}");
    }
    assert!(csv::import(&format!("{head}eblomladan-2016,1881,2017,lead-01,fully,3,\n"), &[]).is_ok());
}

mod csv_properties {
    use super::*;
    use proptest::prelude::*;

    fn comment() -> impl Strategy<Value = Option<String>> {
        let piece = prop_oneof![
            Just(",".to_owned()),
            Just("\"".to_owned()),
            Just("\"\"".to_owned()),
            Just("\n".to_owned()),
            Just("\r\n".to_owned()),
            Just("\r".to_owned()),
            Just(" ".to_owned()),
            Just("åäö ÅÄÖ é".to_owned()),
            Just("=SUM(A1)".to_owned()),
            Just("'".to_owned()),
            Just("+".to_owned()),
            Just("-".to_owned()),
            Just("@".to_owned()),
            Just("\t".to_owned()),
            Just("-12".to_owned()),
            Just("\u{feff}".to_owned()),
            "[a-zA-Z0-9 .;:]{0,8}",
        ];
        proptest::option::of(proptest::collection::vec(piece, 0..6).prop_map(|v| v.concat()))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn export_then_import_gives_identical_assessments(
            rows in proptest::collection::vec((0usize..88, 0usize..4, comment()), 0..40),
            municipality in 0u32..10_000,
            year in 1990i32..2100,
        ) {
            let c = c2016();
            let code = format!("{municipality:04}");
            let mut a = Assessment::new(&c, &code, year).unwrap();
            let mut b = Assessment::new(&c, "1881", 2016).unwrap();
            for (index, answer, comment) in rows {
                // CSV has no empty comment: an empty field is none.
                let comment = comment.filter(|c| !c.is_empty());
                let id = c.indicators()[index].id.clone();
                if answer == 3 {
                    a.clear(&id).unwrap();
                    continue;
                }
                a.answer(&id, ["fully", "partly", "not_met"][answer]).unwrap();
                a.comment(&id, comment.as_deref()).unwrap();
                b.answer(&id, "partly").unwrap();
                b.comment(&id, comment.as_deref()).unwrap();
            }
            let list = vec![a, b];
            let text = csv::export(&list);
            prop_assert_eq!(csv::import(&text, &[]).unwrap(), list);
        }
    }
}

// ---------------------------------------------------------------- XLSX

#[cfg(feature = "xlsx")]
mod workbooks {
    use super::*;
    use calamine::{Data, Reader, Xlsx};
    use eblomlada::analysis::xlsx;

    fn open(bytes: Vec<u8>) -> Xlsx<std::io::Cursor<Vec<u8>>> {
        Xlsx::new(std::io::Cursor::new(bytes)).unwrap()
    }

    fn rows(book: &mut Xlsx<std::io::Cursor<Vec<u8>>>, sheet: &str) -> Vec<Vec<Data>> {
        book.worksheet_range(sheet)
            .unwrap()
            .rows()
            .map(<[Data]>::to_vec)
            .collect()
    }

    fn text(d: &Data) -> String {
        match d {
            Data::String(s) => s.clone(),
            Data::Empty => String::new(),
            other => panic!("expected text, found {other:?}"),
        }
    }

    fn number(d: &Data) -> f64 {
        match d {
            Data::Float(f) => *f,
            Data::Int(i) => *i as f64,
            other => panic!("expected a number, found {other:?}"),
        }
    }

    #[test]
    fn assessment_workbook_reads_back() {
        let c = c2016();
        let mut a = Assessment::from_json(&read("tests/golden/kumla-2017.assessment.json"), &c).unwrap();
        a.comment("elderly-06", Some("Trygghetslarm, \"digitala\"\nsedan 2016 — åäö"))
            .unwrap();
        a.comment("lead-02", Some("=1+1")).unwrap();
        a.comment("lead-03", Some("@SUM(A1)")).unwrap();
        a.clear("tech-10").unwrap();
        let mut book = open(xlsx::assessment_workbook(&a, "sv").unwrap());
        // XLSX writes texts as text cells: no cell of the workbook holds a formula.
        for sheet in book.sheet_names() {
            let formulas = book.worksheet_formula(&sheet).unwrap();
            assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()), "{sheet}");
        }
        assert_eq!(book.sheet_names(), ["Indikatorer", "Sammanfattning"]);
        let rows = rows(&mut book, "Indikatorer");
        assert_eq!(
            rows[0].iter().map(text).collect::<Vec<_>>(),
            ["Område", "Nivå", "Indikator", "Påstående", "Svar", "Poäng", "Kommentar"]
        );
        assert_eq!(rows.len(), 89);
        for (row, indicator) in rows[1..].iter().zip(c.indicators()) {
            assert_eq!(text(&row[2]), indicator.id);
            assert_eq!(text(&row[3]), indicator.text.get("sv"));
            match a.answer_of(&indicator.id) {
                Some(answer) => {
                    let entry = &c.scale()[c.answer_index(answer).unwrap()];
                    assert_eq!(text(&row[4]), entry.label.get("sv"));
                    assert_eq!(number(&row[5]), f64::from(entry.points));
                }
                None => assert_eq!(text(&row[4]), ""),
            }
            assert_eq!(
                text(row.get(6).unwrap_or(&Data::Empty)),
                a.comment_of(&indicator.id).unwrap_or(""),
                "{}",
                indicator.id
            );
        }
        assert_eq!(text(&rows[1][0]), "Äldre & personer i behov av omsorg");
        assert_eq!(text(&rows[9][0]), "Alla områden");
        let summary = self::rows(&mut book, "Sammanfattning");
        let find = |label: &str| summary.iter().find(|r| text(&r[0]) == label).unwrap().clone();
        assert_eq!(text(&find("Kommun")[1]), "Kumla");
        assert_eq!(number(&find("Besvarade")[1]), 87.0);
        assert_eq!(number(&find("Poäng")[1]), a.score().points() as f64);
        // English labels.
        let mut book = open(xlsx::assessment_workbook(&a, "en").unwrap());
        assert_eq!(book.sheet_names(), ["Indicators", "Summary"]);
        let rows = self::rows(&mut book, "Indicators");
        assert_eq!(
            text(&rows[1][4]),
            c.scale()[c.answer_index(a.answer_of("elderly-01").unwrap()).unwrap()]
                .label
                .get("en")
        );
    }

    #[test]
    fn compilation_workbook_reads_back() {
        let data = national(4, &[2016, 2017]);
        let c = c2016();
        let compilation = analysis::compile(&data, &CompileOptions::new().by(Grouping::County)).unwrap();
        let mut book = open(xlsx::compilation_workbook(&compilation, &c, "en").unwrap());
        assert_eq!(
            book.sheet_names(),
            [
                "Indicators",
                "Levels",
                "Areas",
                "Top and bottom",
                "Groups",
                "Group shares"
            ]
        );
        let rows = rows(&mut book, "Indicators");
        assert_eq!(text(&rows[0][6]), "Fully met");
        for (row, (id, stats)) in rows[1..].iter().zip(compilation.summary.indicators.iter()) {
            assert_eq!(text(&row[2]), id);
            assert_eq!(number(&row[4]) as usize, stats.answered);
            assert_eq!(number(&row[5]) as usize, stats.unanswered);
            assert_eq!(number(&row[6]) as usize, stats.counts["fully"]);
            assert!((number(&row[9]) - stats.shares.as_ref().unwrap()["fully"]).abs() < 1e-15);
            assert!((number(&row[12]) - stats.mean.unwrap()).abs() < 1e-15);
        }
        let areas = self::rows(&mut book, "Areas");
        assert_eq!(text(&areas[1][0]), "Elderly & people in need of care");
        assert!((number(&areas[1][3]) - compilation.summary.areas["elderly"].mean.unwrap()).abs() < 1e-15);
        assert_eq!(
            number(&areas[1][7]) as usize,
            compilation.summary.areas["elderly"].colours["green"]
        );
        let groups = self::rows(&mut book, "Groups");
        assert_eq!(groups.len(), 22);
        assert_eq!(
            (text(&groups[1][0]), text(&groups[1][1])),
            ("01".to_owned(), "Stockholms län".to_owned())
        );
        assert_eq!(
            number(&groups[1][2]) as usize,
            compilation.group("01").unwrap().summary.assessments
        );
        let shares = self::rows(&mut book, "Group shares");
        assert_eq!(text(&shares[0][2]), "01 Stockholms län");
        let top = self::rows(&mut book, "Top and bottom");
        assert_eq!(text(&top[1][2]), compilation.summary.top[0].id);
        assert_eq!(text(&top[0][5]), "Not met at all (%)");
        let first_bottom = top.iter().find(|r| text(&r[0]) == "Bottom").unwrap();
        assert_eq!(text(&first_bottom[2]), compilation.summary.bottom[0].id);
        // The catalogue must be the compilation's.
        assert!(xlsx::compilation_workbook(&compilation, &c2099(), "en").is_err());
    }
}

// ---------------------------------------------------------------- synthetic data

#[test]
fn synthetic_data_is_deterministic_and_shaped_like_the_reports() {
    let c = c2016();
    let options = SyntheticOptions::new(99, [2016, 2017]).participation(1.0);
    let data = analysis::synthetic::generate(&c, &options).unwrap();
    assert_eq!(data.len(), 580);
    assert_eq!(data, analysis::synthetic::generate(&c, &options).unwrap());
    assert_ne!(
        data,
        analysis::synthetic::generate(&c, &SyntheticOptions::new(100, [2016, 2017]).participation(1.0)).unwrap()
    );
    // A subset of municipalities gives the same assessments for them.
    let subset =
        analysis::synthetic::generate(&c, &SyntheticOptions::new(99, [2017]).municipalities(["1881", "0180"])).unwrap();
    let find = |code: &str, year: i32| {
        data.iter()
            .find(|a| a.municipality() == code && a.year() == year)
            .unwrap()
    };
    assert_eq!(&subset[0], find("1881", 2017));
    assert_eq!(&subset[1], find("0180", 2017));
    // Complete, 290 municipalities, 21 counties.
    let by_county = analysis::compile(&data, &CompileOptions::new().by(Grouping::County)).unwrap();
    assert_eq!(by_county.summary.municipalities, 290);
    assert_eq!(by_county.summary.complete, 580);
    assert_eq!(by_county.groups.as_ref().unwrap().len(), 21);
    // The share of "fully" grows with the year, and with size.
    let share = |docs: &[&Assessment]| {
        let fully: usize = docs.iter().map(|a| a.score().count("fully")).sum();
        fully as f64 / (docs.len() * 88) as f64
    };
    let year = |y: i32| data.iter().filter(|a| a.year() == y).collect::<Vec<_>>();
    assert!(share(&year(2017)) > share(&year(2016)) + 0.03);
    let size = |big: bool| {
        data.iter()
            .filter(|a| (analysis::synthetic::size_class(a.municipality()) >= 2) == big)
            .collect::<Vec<_>>()
    };
    assert!(share(&size(true)) > share(&size(false)) + 0.05);
    // Indicators differ: the top indicator's share is far above the bottom one's.
    let top = &by_county.summary.top[0];
    let bottom = &by_county.summary.bottom[0];
    assert!(top.share > bottom.share + 0.4, "{} vs {}", top.share, bottom.share);
    // Participation and unanswered options.
    let sparse =
        analysis::synthetic::generate(&c, &SyntheticOptions::new(1, [2016]).participation(0.5).unanswered(0.2))
            .unwrap();
    assert!((100..190).contains(&sparse.len()), "{}", sparse.len());
    // Some municipalities answer everything, most leave something open.
    let open = sparse.iter().filter(|a| a.answered() < 88).count();
    assert!(
        open * 2 > sparse.len() && open < sparse.len(),
        "{open} of {}",
        sparse.len()
    );
}

#[test]
fn results_validate_against_their_generated_json_schemas() {
    let schemas: HashMap<&str, Value> = analysis::schemas()
        .into_iter()
        .map(|(name, text)| (name, serde_json::from_str(&text).unwrap()))
        .collect();
    let check = |name: &str, instance: Value| {
        let validator = jsonschema::validator_for(&schemas[name]).unwrap();
        let errors: Vec<String> = validator.iter_errors(&instance).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{name}: {errors:#?}");
    };
    let data = national(2, &[2016, 2017]);
    let compilation = analysis::compile(&data, &CompileOptions::new().by(Grouping::County)).unwrap();
    check("compilation.schema.json", compilation.to_value());
    check(
        "comparison.schema.json",
        analysis::compare(&data[3], &compilation).unwrap().to_value(),
    );
    let diff = analysis::diff(&data[3], &data[293], None).unwrap().report();
    check("diff.schema.json", serde_json::to_value(&diff).unwrap());
    let old = Assessment::from_json(&read("tests/golden/kumla-2017.assessment.json"), &c2016()).unwrap();
    let plan = analysis::plan(&old, &PlanOptions::new()).unwrap();
    check("plan.schema.json", serde_json::to_value(&plan).unwrap());
    check(
        "mapping.schema.json",
        serde_json::from_str(&read("tests/analysis/fixture-mapping-2016-2099.json")).unwrap(),
    );
    let new = Assessment::from_json(&read("tests/analysis/fixture-kumla-2099.assessment.json"), &c2099()).unwrap();
    let diff = analysis::diff(&old, &new, Some(&mapping())).unwrap().report();
    check("diff.schema.json", serde_json::to_value(&diff).unwrap());
}

#[test]
fn worst_and_bottom_rank_by_the_share_of_the_lowest_answer() {
    let c = c2016();
    // Four assessments, all "partly" except: elderly-01 never fully but never "inte alls" either;
    // elderly-02 fully once and "inte alls" three times; elderly-03 "inte alls" three times and
    // partly once (same share as elderly-02, lower mean: it comes first).
    let mut docs = Vec::new();
    for (k, code) in ["0114", "0115", "0117", "0120"].iter().enumerate() {
        let mut a = Assessment::new(&c, code, 2017).unwrap();
        for ind in c.indicators() {
            a.answer(&ind.id, "fully").unwrap();
        }
        a.answer("elderly-01", "partly").unwrap();
        a.answer("elderly-02", if k == 0 { "fully" } else { "not_met" })
            .unwrap();
        a.answer("elderly-03", if k == 0 { "partly" } else { "not_met" })
            .unwrap();
        docs.push(a);
    }
    let compilation = analysis::compile(&docs, &CompileOptions::new().top(3)).unwrap();
    let worst = compilation.summary.areas["elderly"].worst.as_ref().unwrap();
    assert_eq!(
        (worst.id.as_str(), worst.ranked_by.as_str(), worst.ranked_percent),
        ("elderly-03", "not_met", 75)
    );
    let bottom: Vec<&str> = compilation.summary.bottom.iter().map(|r| r.id.as_str()).collect();
    // elderly-01 has the lowest share of "fully" (0 %) but nobody answers it "inte alls": it
    // follows on the tie at 0 % "inte alls" only by its lower mean.
    assert_eq!(bottom, ["elderly-03", "elderly-02", "elderly-01"]);
    assert_eq!(compilation.summary.bottom[1].percent, 25);
    let best = compilation.summary.areas["elderly"].best.as_ref().unwrap();
    assert_eq!((best.id.as_str(), best.ranked_by.as_str()), ("elderly-04", "fully"));
}

// ---------------------------------------------------------------- limits

/// The 245 KB catalogue of the issue: 1 400 areas and 1 400 general indicators.
fn huge_catalogue() -> (Arc<Catalogue>, Assessment) {
    let mut doc: Value = serde_json::from_str(&read("indicators/eblomladan-2016.json")).unwrap();
    let n = 1400;
    doc["id"] = "huge".into();
    doc["areas"] = (0..n)
        .map(|i| serde_json::json!({"id": format!("a{i}"), "name": {"sv": "A", "en": "A"}}))
        .collect();
    let mut indicators: Vec<Value> = (0..n)
        .map(|i| serde_json::json!({"id": format!("g{i}"), "level": if i % 2 == 0 { "lead" } else { "tech" }, "text": {"sv": "x", "en": "x"}}))
        .collect();
    indicators.extend(
        (0..n).map(|i| serde_json::json!({"id": format!("s{i}"), "level": "services", "area": format!("a{i}"), "text": {"sv": "x", "en": "x"}})),
    );
    doc["indicators"] = indicators.into();
    doc.as_object_mut().unwrap().remove("guidance");
    let c = Arc::new(Catalogue::from_json(&doc.to_string()).unwrap());
    let mut a = Assessment::new(&c, "1881", 2017).unwrap();
    for ind in c.indicators().to_vec() {
        a.answer(&ind.id, "not_met").unwrap();
    }
    (c, a)
}

#[test]
fn a_plan_beyond_the_output_limit_is_refused_before_the_work() {
    let (_, a) = huge_catalogue();
    let err = analysis::plan(&a, &PlanOptions::new()).unwrap_err();
    assert!(matches!(err, AnalysisError::TooLarge { limit: 100_000, .. }), "{err}");
    let message = err.to_string();
    assert!(
        message.contains("the plan would be") && message.contains("more than the limit of 100000"),
        "{message}"
    );
    // One area at a time fits: its own indicator and the 1 400 general ones.
    let one = analysis::plan(&a, &PlanOptions::new().area("a7")).unwrap();
    assert_eq!(one.areas.len(), 1);
    // The built-in catalogue is far within the default.
    let kumla = Assessment::from_json(&read("examples/kumla-2017.json"), &c2016()).unwrap();
    assert!(analysis::plan(&kumla, &PlanOptions::new()).is_ok());
    assert!(matches!(
        analysis::plan(&kumla, &PlanOptions::new().max_entries(10)).unwrap_err(),
        AnalysisError::TooLarge { limit: 10, .. }
    ));
}

#[test]
fn problem_lists_are_capped_with_a_count_of_the_rest() {
    let c = c2016();
    let answers: Vec<String> = (0..5000)
        .map(|i| format!("\"x{i}\": {{\"answer\": \"fully\"}}"))
        .collect();
    let text = format!(
        "{{\"catalogue\": {{\"id\": \"eblomladan\", \"version\": \"2016\"}}, \"municipality\": \"1881\", \"year\": 2017, \"answers\": {{{}}}}}",
        answers.join(",")
    );
    let problems = Assessment::from_json(&text, &c).unwrap_err().problems();
    assert_eq!(problems.len(), 101);
    assert_eq!(problems[99].path, "$.answers.x99");
    assert_eq!(
        problems[100].message,
        "and 4900 more problems (only the first 100 are listed)"
    );
    let map: String = (0..300)
        .map(|i| format!("\"{i:03}\": \"A\""))
        .collect::<Vec<_>>()
        .join(",");
    let problems = GroupMap::from_json(&format!("{{{map}}}")).unwrap_err().problems();
    assert_eq!(problems.len(), 101, "{problems:?}");
    assert!(problems[100].message.starts_with("and 200 more problems"));
    // A CSV header of 300 unknown columns (found by the csv fuzz target).
    let header: Vec<String> = (0..300).map(|i| format!("x{i}")).collect();
    let problems = csv::import(&format!("{}\n", header.join(",")), &[])
        .unwrap_err()
        .problems();
    assert_eq!(problems.len(), 101, "{problems:?}");
    assert!(problems[100].message.starts_with("and 20"), "{:?}", problems[100]);
    let problems = GroupMap::from_csv(&format!("{}\n", header.join(",")))
        .unwrap_err()
        .problems();
    assert!(problems.len() <= 101, "{problems:?}");
}
