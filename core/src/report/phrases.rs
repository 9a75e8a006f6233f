//! The one table of the report's own phrases, in Swedish and English. Catalogue texts (areas,
//! levels, statements, answer labels, guidance) come from the catalogue, never from here.

/// `(key, Swedish, English)`. `{…}` marks a place the report fills in (already escaped where
/// it lands).
const PHRASES: &[(&str, &str, &str)] = &[
    ("report", "Rapport", "Report"),
    ("title", "{name}: eBlomlådan {year}", "{name}: eBlomlådan {year}"),
    ("contents", "Innehåll", "Contents"),
    ("background", "Bakgrund och mätmetod", "Background and method"),
    ("method-intro", "Kommunen har skattat sig mot {n} indikatorer i katalogen {catalogue}. För varje indikator finns {k} svarsalternativ:", "The municipality rated itself against {n} indicators of the catalogue {catalogue}. Each indicator has {k} possible answers:"),
    ("points", "poäng", "points"),
    ("point", "poäng", "point"),
    ("total-points", "Totalt ger en skattning mellan {min} och {max} poäng.", "In all an assessment gives between {min} and {max} points."),
    ("levels-intro", "Indikatorerna är uppdelade på nivåer. En blommas poäng är det viktade medelvärdet av nivåernas medelpoäng:", "The indicators are divided into levels. A flower's score is the weighted mean of the levels' mean points:"),
    ("indicators", "indikatorer", "indicators"),
    ("weight", "vikt", "weight"),
    ("bands-intro", "Blommans färg följer poängen:", "The flower's colour follows its score:"),
    ("band-from", "{colour} från {min}", "{colour} from {min}"),
    ("results", "Resultat", "Results"),
    ("flowerbox-year", "{name}s svar i eBlomlådan {year}", "{name}'s answers in eBlomlådan {year}"),
    ("reference-heading", "Jämförelse med {label}", "Comparison with {label}"),
    ("reference-published", "Referensen är de publicerade nationella siffrorna för {year}: {n} kommuner hade lämnat in sina svar. Källa: {source}.", "The reference is the published national figures for {year}: {n} municipalities had submitted their answers. Source: {source}."),
    ("reference-compiled", "Referensen är en sammanställning av {n} inlämnade skattningar från {m} kommuner (år {years}).", "The reference is a compilation of {n} submitted assessments from {m} municipalities (years {years})."),
    ("reference-synthetic", "Observera: {s} av skattningarna i referensen är syntetiska (påhittade data, inte verkliga resultat).", "Note: {s} of the assessments in the reference are synthetic (invented data, not real results)."),
    ("reference-none", "Ingen referens angavs; jämförelsen med andra kommuner saknas.", "No reference was given; the comparison with other municipalities is left out."),
    ("reference-label-published", "riket", "the country"),
    ("reference-label-compiled", "sammanställningen", "the compilation"),
    ("published-figures", "Publicerade andelar och kommunens svar", "Published shares and the municipality's answer"),
    ("share-of", "{percent} % svarade {answer}", "{percent} % answered {answer}"),
    ("own-answer", "Kommunens svar", "The municipality's answer"),
    ("analysis", "Resultat och analys", "Results and analysis"),
    ("analysis-intro", "För varje område jämförs resultatet med förra året och med referensen, och planeraren föreslår det minsta antalet ändringar som lyfter området till nästa färg.", "For each area the result is compared with last year and with the reference, and the planner suggests the fewest changes that lift the area to its next colour."),
    ("score-colour", "Poäng {score}, {colour}.", "Score {score}, {colour}."),
    ("score-provisional", "Preliminär poäng {score} ({answered} av {total} besvarade).", "Provisional score {score} ({answered} of {total} answered)."),
    ("no-score", "Ingen poäng ännu ({answered} av {total} besvarade).", "No score yet ({answered} of {total} answered)."),
    ("change-heading", "Utveckling från förra året", "Change from last year"),
    ("no-previous", "Ingen skattning från förra året angavs.", "No assessment from last year was given."),
    ("count-change", "Antalet svar {answer} gick från {before} till {after}.", "The number of answers {answer} went from {before} to {after}."),
    ("count-same", "Antalet svar {answer} är oförändrat, {after}.", "The number of answers {answer} is unchanged at {after}."),
    ("no-change", "Inget svar har ändrats sedan {year}.", "No answer has changed since {year}."),
    ("moved-up", "Förbättrade", "Improved"),
    ("moved-down", "Försämrade", "Worsened"),
    ("moved-other", "Besvarade eller rensade", "Answered or cleared"),
    ("answer-column", "Svar", "Answer"),
    ("before", "Före ({year})", "Before ({year})"),
    ("after", "Efter ({year})", "After ({year})"),
    ("indicator", "Indikator", "Indicator"),
    ("statement", "Påstående", "Statement"),
    ("best-worst-heading", "Bästa och sämsta i jämförelse med {label}", "Best and worst compared with {label}"),
    ("best", "Flest uppfyller helt: {percent} % svarar {answer} på {statement}. Kommunens svar: {own}.", "Most fully meet: {percent} % answer {answer} to {statement}. The municipality's answer: {own}."),
    ("worst", "Flest uppfyller inte alls: {percent} % svarar {answer} på {statement}. Kommunens svar: {own}.", "Most do not meet at all: {percent} % answer {answer} to {statement}. The municipality's answer: {own}."),
    ("no-reference-figures", "Referensen har inga siffror för det här området.", "The reference has no figures for this section."),
    ("unanswered", "obesvarad", "unanswered"),
    ("actions-heading", "Förslag till insats", "Suggested actions"),
    ("actions-area", "Det minsta antalet ändringar som lyfter området från {from} till {to} ({count}):", "The fewest changes that lift the area from {from} to {to} ({count}):"),
    ("actions-best", "Området har redan den bästa färgen, {colour}.", "The area already has the best colour, {colour}."),
    ("actions-incomplete", "Området är inte färdigskattat; besvara först alla indikatorer.", "The area is not fully assessed; answer every indicator first."),
    ("actions-level", "De ändringar på den här nivån som lyfter blommorna mest:", "The changes at this level that lift the flowers most:"),
    ("actions-level-none", "Ingen ändring på den här nivån kan höja blommorna.", "No change at this level can raise the flowers."),
    ("actions-move", "från {from} till {to}", "from {from} to {to}"),
    ("lifts", "lyfter {areas}", "lifts {areas}"),
    ("own-text", "Kommunens egen text:", "The municipality's own text:"),
    ("own-text-placeholder", "[Skriv kommunens förslag till insats här.]", "[Write the municipality's suggested actions here.]"),
    ("summary", "Sammanfattning", "Summary"),
    ("summary-counts", "Av {n} indikatorer svarar kommunen {answer} på {count} ({percent} %).", "Of {n} indicators the municipality answers {answer} to {count} ({percent} %)."),
    ("summary-unanswered", "{count} indikatorer är obesvarade.", "{count} indicators are unanswered."),
    ("summary-points", "Poäng: {points} av {max}.", "Points: {points} of {max}."),
    ("area", "Område", "Area"),
    ("score", "Poäng", "Score"),
    ("colour", "Färg", "Colour"),
    ("previous-score", "Poäng {year}", "Score {year}"),
    ("conclusion", "Slutsats", "Conclusion"),
    ("conclusion-placeholder", "[Skriv kommunens slutsats här.]", "[Write the municipality's conclusion here.]"),
    ("appendix", "Bilaga: samtliga svar", "Appendix: every answer"),
    ("section", "Del", "Section"),
    ("comment", "Kommentar", "Comment"),
    ("synthetic-assessment", "Observera: skattningen är syntetisk (påhittade data, inte ett verkligt resultat).", "Note: the assessment is synthetic (invented data, not a real result)."),
    ("biggest-changes", "Största förändringar", "Biggest changes"),
    ("totals", "Totalt", "Totals"),
    ("none", "ingen", "none"),
    ("generated", "Skapad av eblomlada från skattningens data.", "Generated by eblomlada from the assessment's data."),
];

/// The phrase `key` in `lang` (`sv` or `en`; anything else reads Swedish). An unknown key is a
/// bug in this module and reads as the key itself, so a report is never cut short.
pub(crate) fn phrase(lang: &str, key: &str) -> &'static str {
    match PHRASES.iter().find(|(k, _, _)| *k == key) {
        Some((_, sv, en)) => {
            if lang == "en" {
                en
            } else {
                sv
            }
        }
        None => "",
    }
}

/// Fills the `{name}` places of `template` with `values` (each already escaped for its format
/// by the caller, or plain text for the terminal).
pub(crate) fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 64);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) => {
                let name = &after[..end];
                match values.iter().find(|(k, _)| *k == name) {
                    Some((_, v)) => out.push_str(v),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_both_languages_fill_the_same_places() {
        for (i, (k, sv, en)) in PHRASES.iter().enumerate() {
            assert!(PHRASES[i + 1..].iter().all(|(o, _, _)| o != k), "{k} twice");
            let places = |s: &str| {
                let mut v: Vec<String> = s
                    .split('{')
                    .skip(1)
                    .filter_map(|p| p.split_once('}'))
                    .map(|(n, _)| n.to_owned())
                    .collect();
                v.sort();
                v
            };
            assert_eq!(places(sv), places(en), "{k}");
        }
    }

    #[test]
    fn fill_replaces_known_places_only() {
        assert_eq!(fill("a {x} b {y} {", &[("x", "1")]), "a 1 b {y} {");
        // A value is not read again as a template.
        assert_eq!(fill("{x}{y}", &[("x", "{y}"), ("y", "2")]), "{y}2");
    }
}
