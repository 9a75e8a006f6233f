//! Properties of scoring and of the file format, over random assessments of the 2016
//! catalogue and of random small catalogues.
#![allow(clippy::unwrap_used)]

use std::sync::Arc;

use eblomlada::{Assessment, Catalogue, ScoreResult};
use proptest::prelude::*;

fn builtin() -> Arc<Catalogue> {
    Arc::new(Catalogue::builtin("eblomladan-2016").unwrap())
}

/// `None` = unanswered, else a position in the scale (0 = best).
fn answers(n: usize, scale: usize) -> impl Strategy<Value = Vec<Option<usize>>> {
    prop::collection::vec(prop::option::weighted(0.85, 0..scale), n)
}

fn build(catalogue: &Arc<Catalogue>, answers: &[Option<usize>]) -> Assessment {
    let mut a = Assessment::new(catalogue, "1881", 2017).unwrap();
    for (ind, choice) in catalogue.indicators().iter().zip(answers) {
        if let Some(c) = choice {
            a.answer(&ind.id, &catalogue.scale()[*c].id).unwrap();
        }
    }
    a
}

/// The general reader (document first, then checks), which the fast reader must agree with.
fn general_path(text: &str, c: &Arc<Catalogue>) -> Option<Assessment> {
    eblomlada::AssessmentDocument::from_json(text)
        .and_then(|d| Assessment::from_document(d, c))
        .ok()
}

fn colour_rank(catalogue: &Catalogue, colour: Option<&str>) -> Option<usize> {
    colour.map(|c| catalogue.bands().iter().position(|b| b.colour == c).unwrap())
}

/// A small random catalogue: 1–4 areas, 1–3 levels with weights summing to 1, a 2–4 step
/// scale, area-scoped and general indicators at every level.
fn small_catalogue() -> impl Strategy<Value = Arc<Catalogue>> {
    (1usize..=4, 1usize..=3, 2usize..=4, prop::collection::vec(1usize..=3, 12))
        .prop_map(|(areas, levels, steps, sizes)| {
            let weights: Vec<String> = match levels {
                1 => vec!["1".into()],
                2 => vec!["2/3".into(), "1/3".into()],
                _ => vec!["1/2".into(), "1/4".into(), "1/4".into()],
            };
            let scale: Vec<serde_json::Value> = (0..steps)
                .map(|s| serde_json::json!({"id": format!("a{s}"), "points": (steps - s) * 2, "colour": format!("#{:02x}0000", s * 40), "label": {"en": format!("A{s}")}}))
                .collect();
            let mut indicators = Vec::new();
            let mut k = 0;
            for l in 0..levels {
                for a in 0..areas {
                    for _ in 0..sizes[k % sizes.len()] {
                        indicators.push(serde_json::json!({"id": format!("i{}", indicators.len()), "level": format!("l{l}"), "area": format!("x{a}"), "text": {"en": "t"}}));
                    }
                    k += 1;
                }
                if sizes[k % sizes.len()] > 1 {
                    indicators.push(serde_json::json!({"id": format!("i{}", indicators.len()), "level": format!("l{l}"), "text": {"en": "general"}}));
                }
            }
            let doc = serde_json::json!({
                "id": "synthetic", "version": "1", "name": {"en": "Synthetic"},
                "scale": scale,
                "levels": (0..levels).map(|l| serde_json::json!({"id": format!("l{l}"), "weight": weights[l], "name": {"en": "L"}})).collect::<Vec<_>>(),
                "bands": [{"colour": "good", "min": format!("{}", steps + 1)}, {"colour": "bad", "min": "2"}],
                "areas": (0..areas).map(|a| serde_json::json!({"id": format!("x{a}"), "name": {"en": "X"}})).collect::<Vec<_>>(),
                "indicators": indicators,
            });
            Arc::new(Catalogue::from_json(&doc.to_string()).unwrap())
        })
}

fn check_bounds(catalogue: &Catalogue, r: &ScoreResult) -> Result<(), TestCaseError> {
    let lo = f64::from(catalogue.scale().iter().map(|s| s.points).min().unwrap());
    let hi = f64::from(catalogue.scale().iter().map(|s| s.points).max().unwrap());
    let within = |v: Option<f64>| v.is_none_or(|v| (lo..=hi).contains(&v));
    for (_, level) in r.levels.iter() {
        prop_assert!(within(level.mean));
    }
    for (_, area) in r.areas.iter() {
        prop_assert!(within(area.score) && within(area.provisional_score));
        for (_, mean) in area.means.iter() {
            prop_assert!(within(*mean));
        }
        prop_assert_eq!(area.colour.is_some(), area.complete, "a colour exactly when complete");
        prop_assert_eq!(area.score.is_some(), area.complete);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn scores_stay_in_range_and_colour_iff_complete(choices in answers(88, 3)) {
        let c = builtin();
        check_bounds(&c, &build(&c, &choices).score().result())?;
    }

    #[test]
    fn any_catalogue_stays_in_range((c, choices) in small_catalogue().prop_flat_map(|c| {
        let n = c.indicators().len();
        let s = c.scale().len();
        (Just(c), answers(n, s))
    })) {
        check_bounds(&c, &build(&c, &choices).score().result())?;
    }

    #[test]
    fn raising_one_answer_never_lowers_anything((c, choices, pick) in small_catalogue().prop_flat_map(|c| {
        let n = c.indicators().len();
        let s = c.scale().len();
        (Just(c), answers(n, s), 0..n)
    })) {
        let Some(choice) = choices[pick] else { return Ok(()) };
        if choice == 0 { return Ok(()); }
        let before = build(&c, &choices).score().result();
        let mut raised = choices.clone();
        raised[pick] = Some(choice - 1);
        let after = build(&c, &raised).score().result();
        prop_assert!(after.points > before.points);
        for ((_, b), (_, a)) in before.levels.iter().zip(after.levels.iter()) {
            prop_assert!(a.mean_exact >= b.mean_exact);
        }
        for ((id, b), (_, a)) in before.areas.iter().zip(after.areas.iter()) {
            prop_assert!(a.provisional_score_exact >= b.provisional_score_exact, "area {}", id);
            prop_assert!(a.score_exact >= b.score_exact, "area {}", id);
            // Lower rank = better band.
            prop_assert!(colour_rank(&c, a.colour.as_deref()) <= colour_rank(&c, b.colour.as_deref()), "area {}", id);
        }
    }

    #[test]
    fn raising_one_answer_of_2016_never_lowers_a_flower(choices in answers(88, 3), pick in 0usize..88) {
        let c = builtin();
        let Some(choice) = choices[pick] else { return Ok(()) };
        if choice == 0 { return Ok(()); }
        let before = build(&c, &choices).score().result();
        let mut raised = choices.clone();
        raised[pick] = Some(choice - 1);
        let after = build(&c, &raised).score().result();
        for ((_, b), (_, a)) in before.areas.iter().zip(after.areas.iter()) {
            prop_assert!(a.score_exact >= b.score_exact && a.provisional_score_exact >= b.provisional_score_exact);
            prop_assert!(colour_rank(&c, a.colour.as_deref()) <= colour_rank(&c, b.colour.as_deref()));
        }
    }

    #[test]
    fn answer_order_and_key_order_never_change_the_result(
        choices in answers(88, 3),
        order in Just((0..88).collect::<Vec<usize>>()).prop_shuffle(),
        top in Just(vec!["catalogue", "municipality", "year", "answers"]).prop_shuffle(),
    ) {
        let c = builtin();
        let a = build(&c, &choices);
        let value = a.to_value();
        let answers = value["answers"].as_object().unwrap();
        let ids: Vec<&String> = order.iter().filter_map(|i| answers.keys().nth(*i % answers.len().max(1))).collect();
        let mut seen = std::collections::HashSet::new();
        let body: Vec<String> = ids.iter().filter(|id| seen.insert(**id)).map(|id| format!("{:?}: {}", id, answers[*id])).collect();
        let mut rest: Vec<String> = answers.keys().filter(|k| !seen.contains(k)).map(|id| format!("{:?}: {}", id, answers[id])).collect();
        rest.extend(body);
        let fields: Vec<String> = top.iter().map(|k| if *k == "answers" {
            format!("\"answers\": {{{}}}", rest.join(", "))
        } else {
            format!("{:?}: {}", k, value[*k])
        }).collect();
        let text = format!("{{{}}}", fields.join(", "));
        let reparsed = Assessment::from_json(&text, &c).unwrap();
        prop_assert_eq!(reparsed.score(), a.score());
    }

    #[test]
    fn parse_serialise_parse_is_the_identity(
        choices in answers(88, 3),
        comments in prop::collection::vec(prop::option::of(any::<String>()), 88),
        extra in prop::collection::btree_map("[a-z_]{1,8}", any::<String>(), 0..4),
    ) {
        let c = builtin();
        let mut a = build(&c, &choices);
        for (ind, comment) in c.indicators().iter().zip(&comments) {
            if a.answer_of(&ind.id).is_some() {
                a.comment(&ind.id, comment.as_deref()).unwrap();
            }
        }
        for (k, v) in &extra {
            if a.set_extra(k, Some(serde_json::Value::String(v.clone()))).is_err() {
                continue;
            }
        }
        let text = a.to_json();
        let again = Assessment::from_json(&text, &c).unwrap();
        prop_assert_eq!(Some(again.clone()), general_path(&text, &c));
        prop_assert_eq!(&again, &a);
        prop_assert_eq!(again.to_json(), text);
    }

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        let c = builtin();
        let _ = Assessment::from_json(&text, &c);
        let _ = Catalogue::from_json(&text);
    }

    #[test]
    fn damaged_documents_give_errors_not_panics(cut in 0usize..4000, byte in any::<u8>(), at in 0usize..4000) {
        let c = builtin();
        let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/kumla-2017.json")).unwrap();
        let truncated = &text.as_bytes()[..cut.min(text.len())];
        if let Ok(t) = std::str::from_utf8(truncated) {
            prop_assert!(Assessment::from_json(t, &c).is_err() || cut >= text.trim_end().len());
        }
        let mut bytes = text.into_bytes();
        let i = at % bytes.len();
        bytes[i] = byte;
        if let Ok(t) = eblomlada::json::text_from_bytes(&bytes) {
            prop_assert_eq!(Assessment::from_json(t, &c).ok(), general_path(t, &c), "fast and general readers disagree on {}", t);
        }
        let catalogue_text = Catalogue::builtin_json("eblomladan-2016").unwrap();
        let cut_catalogue = &catalogue_text[..catalogue_text.floor_char_boundary(cut * 8)];
        let _ = Catalogue::from_json(cut_catalogue);
    }
}

proptest! {
    /// Published figures: any list of figures is accepted exactly when every indicator and
    /// answer exists, every percent lies in 0–100, no (indicator, answer) repeats and no
    /// indicator's shares pass 100 % (+1 per answer for rounding); a rejected one names the
    /// place of every problem; an accepted one compares with any assessment.
    #[test]
    fn published_figures_are_checked_as_documented(
        figures in prop::collection::vec((0usize..90, 0usize..4, -20.0f64..130.0), 1..12),
        answers in answers(88, 3),
    ) {
        let c = builtin();
        let ids: Vec<String> = c.indicators().iter().map(|i| i.id.clone()).collect();
        let scale = ["fully", "partly", "not_met", "maybe"];
        let list: Vec<serde_json::Value> = figures
            .iter()
            .map(|&(i, a, p)| serde_json::json!({
                "indicator": ids.get(i).cloned().unwrap_or_else(|| format!("x-{i}")),
                "answer": scale[a], "percent": p, "quote": "q"}))
            .collect();
        let doc = serde_json::json!({"catalogue": {"id": "eblomladan", "version": "2016"}, "year": 2017,
            "assessments": 61, "source": "s", "figures": list});
        let mut expected_paths = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut sums = std::collections::HashMap::new();
        for (k, &(i, a, p)) in figures.iter().enumerate() {
            let known = i < ids.len() && a < 3;
            if i >= ids.len() { expected_paths.push(format!("$.figures[{k}].indicator")); }
            if a >= 3 { expected_paths.push(format!("$.figures[{k}].answer")); }
            let in_range = (0.0..=100.0).contains(&p);
            if !in_range { expected_paths.push(format!("$.figures[{k}].percent")); }
            if known {
                if !seen.insert((i, a)) { expected_paths.push(format!("$.figures[{k}]")); continue; }
                if in_range { *sums.entry(i).or_insert(0.0) += p; }
            }
        }
        let over = sums.values().filter(|s| **s > 103.0).count();
        match eblomlada::Published::from_json(&doc.to_string(), &c) {
            Ok(published) => {
                prop_assert!(expected_paths.is_empty() && over == 0);
                let a = build(&c, &answers);
                let comparison = eblomlada::analysis::compare_published(&a, &published).unwrap();
                prop_assert_eq!(comparison.figures.len(), figures.len());
            }
            Err(e) => {
                let paths: Vec<String> = e.problems().into_iter().map(|p| p.path).collect();
                for p in &expected_paths {
                    prop_assert!(paths.contains(p), "{} missing from {:?}", p, paths);
                }
                prop_assert_eq!(paths.len(), expected_paths.len() + over, "{:?} vs {:?}", paths, expected_paths);
            }
        }
    }
}
