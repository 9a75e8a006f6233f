//! The report as one self-contained HTML file for screen and print: inline CSS and inline SVG,
//! no script, no external request. Written with the SVG module's escaping writer: every text
//! from the catalogue, the assessment or the reference goes through its escaping.

use super::{colour_name, fill, fmt_score, phrase, Actions, Named, Report, Section, SectionKind};
use crate::render;
use crate::render::svg::Svg;

const CSS: &str = "\
:root{color-scheme:light}\
*{box-sizing:border-box}\
body{margin:0;font-family:'Segoe UI','Helvetica Neue',Arial,'DejaVu Sans',sans-serif;color:#1f2a33;background:#fff;line-height:1.45;overflow-wrap:anywhere}\
main{max-width:52rem;margin:0 auto;padding:1.5rem}\
h1{font-size:2rem;margin:0 0 .25rem}\
h2{font-size:1.5rem;margin:2rem 0 .75rem;border-bottom:2px solid #3d9b4a;padding-bottom:.2rem}\
h3{font-size:1.2rem;margin:1.5rem 0 .5rem}\
h4{font-size:1rem;margin:1rem 0 .35rem}\
p{margin:.35rem 0}\
figure{margin:1rem 0;break-inside:avoid}\
figure svg{display:block;max-width:100%;height:auto}\
figcaption{font-size:.9rem;color:#4a5660}\
table{border-collapse:collapse;width:100%;table-layout:fixed;margin:.5rem 0;font-size:.9rem}\
caption{text-align:left;font-weight:600;padding:.25rem 0}\
th,td{border:1px solid #b8c0c6;padding:.25rem .4rem;text-align:left;vertical-align:top}\
th{background:#eef2f4}\
td.n,th.n{text-align:right;width:6rem}\
.swatch{display:inline-block;width:.8em;height:.8em;border:1px solid #333;margin-right:.35em;vertical-align:-.05em}\
.note{background:#fff6d6;border-left:4px solid #b58900;padding:.4rem .6rem}\
.own-text{border:2px dashed #5b6770;padding:.5rem .75rem;margin:.5rem 0;min-height:5rem}\
.placeholder{color:#4a5660;font-style:italic}\
nav ol{padding-left:1.25rem}\
nav a{color:#1d5a8c}\
.part{break-inside:auto}\
@page{size:A4;margin:16mm 15mm}\
@media print{main{max-width:none;padding:0}section.main{break-before:page}h2,h3,h4{break-after:avoid}tr,figure,.own-text{break-inside:avoid}nav a{color:#1f2a33;text-decoration:none}}";

impl Report {
    /// The report as one self-contained HTML document.
    pub fn to_html(&self) -> String {
        let lang = self.lang.as_str();
        let t = |key: &str| phrase(lang, key);
        let mut w = Svg::with_capacity(256 * 1024);
        w.raw("<!DOCTYPE html>\n<html")
            .attr("lang", lang)
            .raw("><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>")
            .text(&self.title)
            .raw("</title><style>")
            .raw(CSS)
            .raw("</style></head><body><main><header><h1>")
            .text(&self.title)
            .raw("</h1><p>")
            .text(t("report"))
            .raw(" · ")
            .text(&self.method.catalogue_name)
            .raw(" · ")
            .text(&self.municipality)
            .raw(" · ")
            .int(u64::try_from(self.year).unwrap_or(0))
            .raw("</p>");
        if self.synthetic {
            w.raw("<p class=\"note\">").text(t("synthetic-assessment")).raw("</p>");
        }
        w.raw("</header>");

        let main_sections = [
            ("background", t("background")),
            ("results", t("results")),
            ("analysis", t("analysis")),
            ("summary", t("summary")),
            ("conclusion", t("conclusion")),
            ("appendix", t("appendix")),
        ];
        w.raw("<nav aria-labelledby=\"contents\"><h2 id=\"contents\">")
            .text(t("contents"))
            .raw("</h2><ol>");
        for (id, title) in main_sections {
            w.raw("<li><a href=\"#").raw(id).raw("\">").text(title).raw("</a>");
            if id == "analysis" {
                w.raw("<ol>");
                for (i, s) in self.sections.iter().enumerate() {
                    w.raw("<li><a href=\"#part-")
                        .int(i as u64)
                        .raw("\">")
                        .text(&s.name)
                        .raw("</a></li>");
                }
                w.raw("</ol>");
            }
            w.raw("</li>");
        }
        w.raw("</ol></nav>");

        self.background(&mut w);
        self.results(&mut w);

        w.raw("<section class=\"main\" id=\"analysis\"><h2>")
            .text(t("analysis"))
            .raw("</h2><p>")
            .text(t("analysis-intro"))
            .raw("</p>");
        if let Some(r) = &self.reference {
            w.raw("<p>").text(&r.sentence).raw("</p>");
        }
        for (i, s) in self.sections.iter().enumerate() {
            self.section(&mut w, i, s);
        }
        w.raw("</section>");

        self.summary(&mut w);

        w.raw("<section class=\"main\" id=\"conclusion\"><h2>")
            .text(t("conclusion"))
            .raw("</h2><div class=\"own-text\" data-placeholder=\"conclusion\"><p class=\"placeholder\">")
            .text(t("conclusion-placeholder"))
            .raw("</p></div></section>");

        self.appendix(&mut w);
        w.raw("<footer><p>")
            .text(t("generated"))
            .raw("</p></footer></main></body></html>\n");
        w.out
    }

    fn background(&self, w: &mut Svg) {
        let lang = self.lang.as_str();
        let t = |key: &str| phrase(lang, key);
        let m = &self.method;
        w.raw("<section class=\"main\" id=\"background\"><h2>")
            .text(t("background"))
            .raw("</h2><p>")
            .text(&fill(
                t("method-intro"),
                &[
                    ("n", &m.indicators.to_string()),
                    ("catalogue", &m.catalogue_name),
                    ("k", &m.scale.len().to_string()),
                ],
            ))
            .raw("</p><ul>");
        for s in &m.scale {
            w.raw("<li>");
            swatch(w, &s.colour);
            w.text(&s.label)
                .raw(": ")
                .int(u64::from(s.points))
                .raw(" ")
                .text(t("points"))
                .raw("</li>");
        }
        w.raw("</ul><p>")
            .text(&fill(
                t("total-points"),
                &[("min", &m.min_points.to_string()), ("max", &m.max_points.to_string())],
            ))
            .raw("</p><p>")
            .text(t("levels-intro"))
            .raw("</p><ul>");
        for l in &m.levels {
            w.raw("<li>")
                .text(&l.name)
                .raw(": ")
                .int(l.indicators as u64)
                .raw(" ")
                .text(t("indicators"))
                .raw(", ")
                .text(t("weight"))
                .raw(" ")
                .int(u64::from(l.weight_percent))
                .raw("\u{a0}% (")
                .text(&l.weight)
                .raw(")</li>");
        }
        w.raw("</ul><p>").text(t("bands-intro")).raw("</p><ul>");
        for (_, name, min) in &m.bands {
            w.raw("<li>")
                .text(&fill(
                    t("band-from"),
                    &[("colour", name), ("min", &fmt_score(lang, *min))],
                ))
                .raw("</li>");
        }
        w.raw("</ul>");
        for (title, text) in &self.guidance {
            w.raw("<h3>").text(title).raw("</h3>");
            paragraphs(w, text);
        }
        w.raw("</section>");
    }

    fn results(&self, w: &mut Svg) {
        let lang = self.lang.as_str();
        let t = |key: &str| phrase(lang, key);
        w.raw("<section class=\"main\" id=\"results\"><h2>")
            .text(t("results"))
            .raw("</h2>");
        let year = self.year.to_string();
        w.raw("<figure><h3>")
            .text(&fill(t("flowerbox-year"), &[("name", &self.name), ("year", &year)]))
            .raw("</h3>");
        inline_svg(w, &self.flowerbox, "p0-");
        w.raw("</figure>");
        if let Some((year, svg)) = &self.previous {
            w.raw("<figure><h3>")
                .text(&fill(
                    t("flowerbox-year"),
                    &[("name", &self.name), ("year", &year.to_string())],
                ))
                .raw("</h3>");
            inline_svg(w, svg, "p1-");
            w.raw("</figure>");
        }
        match (&self.reference, &self.comparison) {
            (Some(r), Some(svg)) => {
                w.raw("<figure><h3>")
                    .text(&fill(t("reference-heading"), &[("label", &r.label)]))
                    .raw("</h3><p>")
                    .text(&r.sentence)
                    .raw("</p>");
                inline_svg(w, svg, "p2-");
                w.raw("</figure>");
            }
            _ => {
                w.raw("<p>").text(t("reference-none")).raw("</p>");
            }
        }
        w.raw("</section>");
    }

    fn section(&self, w: &mut Svg, index: usize, s: &Section) {
        let lang = self.lang.as_str();
        let t = |key: &str| phrase(lang, key);
        w.raw("<section class=\"part\" id=\"part-")
            .int(index as u64)
            .raw("\"")
            .attr("data-section", &s.id)
            .raw("><h3>")
            .text(&s.name)
            .raw("</h3><p>")
            .text(&standing(lang, s))
            .raw("</p><h4>")
            .text(t("change-heading"))
            .raw("</h4>");
        match &s.change {
            None => {
                w.raw("<p>").text(t("no-previous")).raw("</p>");
            }
            Some(c) => {
                for line in change_sentences(lang, s) {
                    w.raw("<p>").text(&line).raw("</p>");
                }
                w.raw("<table><thead><tr><th scope=\"col\">")
                    .text(t("answer-column"))
                    .raw("</th><th scope=\"col\" class=\"n\">")
                    .text(&fill(t("before"), &[("year", &c.year.to_string())]))
                    .raw("</th><th scope=\"col\" class=\"n\">")
                    .text(&fill(t("after"), &[("year", &self.year.to_string())]))
                    .raw("</th></tr></thead><tbody>");
                for row in &c.counts {
                    w.raw("<tr><th scope=\"row\">");
                    swatch(w, &row.colour);
                    w.text(&row.label)
                        .raw("</th><td class=\"n\">")
                        .int(row.before as u64)
                        .raw("</td><td class=\"n\">")
                        .int(row.after as u64)
                        .raw("</td></tr>");
                }
                w.raw("</tbody></table>");
                for (key, list) in [("moved-up", &c.up), ("moved-down", &c.down), ("moved-other", &c.other)] {
                    if list.is_empty() {
                        continue;
                    }
                    w.raw("<p>").text(t(key)).raw(":</p><ul>");
                    for n in list {
                        named_item(w, lang, n);
                    }
                    w.raw("</ul>");
                }
            }
        }
        let label = self
            .reference
            .as_ref()
            .map_or_else(|| t("reference-label-published").to_owned(), |r| r.label.clone());
        w.raw("<h4>")
            .text(&fill(t("best-worst-heading"), &[("label", &label)]))
            .raw("</h4>");
        if s.best.is_none() && s.worst.is_none() {
            w.raw("<p>")
                .text(if self.reference.is_some() {
                    t("no-reference-figures")
                } else {
                    t("reference-none")
                })
                .raw("</p>");
        }
        for (key, r) in [("best", &s.best), ("worst", &s.worst)] {
            if let Some(r) = r {
                w.raw("<p>")
                    .text(&fill(
                        t(key),
                        &[
                            ("percent", &r.percent.to_string()),
                            ("answer", &r.answer),
                            ("statement", &format!("«{}» ({})", r.statement, r.id)),
                            ("own", &r.own),
                        ],
                    ))
                    .raw("</p>");
            }
        }
        w.raw("<h4>").text(t("actions-heading")).raw("</h4>");
        for line in actions_lead(lang, &s.actions) {
            w.raw("<p>").text(&line).raw("</p>");
        }
        match &s.actions {
            Actions::NextColour { changes, .. } => {
                w.raw("<ol>");
                for n in changes {
                    named_item(w, lang, n);
                }
                w.raw("</ol>");
            }
            Actions::Level { changes } if !changes.is_empty() => {
                w.raw("<ol>");
                for (n, lifted) in changes {
                    w.raw("<li>");
                    named_text(w, lang, n);
                    if !lifted.is_empty() {
                        w.raw("; ").text(&fill(t("lifts"), &[("areas", &lifted.join(", "))]));
                    }
                    w.raw("</li>");
                }
                w.raw("</ol>");
            }
            _ => {}
        }
        w.raw("<div class=\"own-text\" data-placeholder=\"actions\"><p><strong>")
            .text(t("own-text"))
            .raw("</strong></p><p class=\"placeholder\">")
            .text(t("own-text-placeholder"))
            .raw("</p></div></section>");
    }

    fn summary(&self, w: &mut Svg) {
        let lang = self.lang.as_str();
        let t = |key: &str| phrase(lang, key);
        w.raw("<section class=\"main\" id=\"summary\"><h2>")
            .text(t("summary"))
            .raw("</h2>");
        for line in self.summary_sentences() {
            w.raw("<p>").text(&line).raw("</p>");
        }
        let previous_year = self.sections.iter().find_map(|s| s.change.as_ref().map(|c| c.year));
        w.raw("<table><thead><tr><th scope=\"col\">")
            .text(t("area"))
            .raw("</th><th scope=\"col\" class=\"n\">")
            .text(t("score"))
            .raw("</th>");
        if let Some(y) = previous_year {
            w.raw("<th scope=\"col\" class=\"n\">")
                .text(&fill(t("previous-score"), &[("year", &y.to_string())]))
                .raw("</th>");
        }
        w.raw("<th scope=\"col\">")
            .text(t("colour"))
            .raw("</th></tr></thead><tbody>");
        for s in self.sections.iter().filter(|s| s.kind == SectionKind::Area) {
            w.raw("<tr><th scope=\"row\">")
                .text(&s.name)
                .raw("</th><td class=\"n\">")
                .text(&s.score.map_or_else(|| "–".to_owned(), |v| fmt_score(lang, v)))
                .raw("</td>");
            if previous_year.is_some() {
                let before = s.change.as_ref().and_then(|c| c.score_before);
                w.raw("<td class=\"n\">")
                    .text(&before.map_or_else(|| "–".to_owned(), |v| fmt_score(lang, v)))
                    .raw("</td>");
            }
            w.raw("<td>");
            match &s.colour {
                Some(c) => {
                    swatch(w, c);
                    w.text(&colour_name(lang, c));
                }
                None => {
                    w.text("–");
                }
            }
            w.raw("</td></tr>");
        }
        w.raw("</tbody></table></section>");
    }

    fn appendix(&self, w: &mut Svg) {
        let lang = self.lang.as_str();
        let t = |key: &str| phrase(lang, key);
        w.raw("<section class=\"main\" id=\"appendix\"><h2>")
            .text(t("appendix"))
            .raw("</h2><table class=\"appendix\"><thead><tr><th scope=\"col\" style=\"width:6.5rem\">")
            .text(t("indicator"))
            .raw("</th><th scope=\"col\">")
            .text(t("statement"))
            .raw("</th><th scope=\"col\" style=\"width:9rem\">")
            .text(t("answer-column"))
            .raw("</th><th scope=\"col\" style=\"width:12rem\">")
            .text(t("comment"))
            .raw("</th></tr></thead><tbody>");
        for r in &self.appendix {
            w.raw("<tr><td>")
                .text(&r.id)
                .raw("</td><td>")
                .text(&r.statement)
                .raw("</td><td>")
                .text(&r.label)
                .raw("</td><td>")
                .text(r.comment.as_deref().unwrap_or(""))
                .raw("</td></tr>");
        }
        w.raw("</tbody></table></section>");
    }
}

/// "Poäng 2,13, gul." or the provisional score.
pub(crate) fn standing(lang: &str, s: &Section) -> String {
    let answered = s.answered.to_string();
    let total = s.total.to_string();
    match (s.kind, s.score, &s.colour) {
        (SectionKind::Area, Some(v), Some(c)) if s.complete => fill(
            phrase(lang, "score-colour"),
            &[("score", &fmt_score(lang, v)), ("colour", &colour_name(lang, c))],
        ),
        (SectionKind::Area, Some(v), _) => fill(
            phrase(lang, "score-provisional"),
            &[
                ("score", &fmt_score(lang, v)),
                ("answered", &answered),
                ("total", &total),
            ],
        ),
        (SectionKind::Area, None, _) => fill(phrase(lang, "no-score"), &[("answered", &answered), ("total", &total)]),
        (SectionKind::Level, ..) => {
            let counts: Vec<String> = s.counts.iter().map(|(_, l, n)| format!("{l}: {n}")).collect();
            counts.join(", ")
        }
    }
}

/// "Antalet svar Uppfyller inte alls gick från 4 till 2." per answer.
pub(crate) fn change_sentences(lang: &str, s: &Section) -> Vec<String> {
    let Some(c) = &s.change else {
        return vec![phrase(lang, "no-previous").to_owned()];
    };
    if c.up.is_empty() && c.down.is_empty() && c.other.is_empty() {
        return vec![fill(phrase(lang, "no-change"), &[("year", &c.year.to_string())])];
    }
    c.counts
        .iter()
        .map(|row| {
            let (before, after) = (row.before.to_string(), row.after.to_string());
            let key = if row.before == row.after {
                "count-same"
            } else {
                "count-change"
            };
            fill(
                phrase(lang, key),
                &[
                    ("answer", &format!("«{}»", row.label)),
                    ("before", &before),
                    ("after", &after),
                ],
            )
        })
        .collect()
}

/// The sentence that leads the suggested actions.
pub(crate) fn actions_lead(lang: &str, actions: &Actions) -> Vec<String> {
    match actions {
        Actions::NextColour { from, to, changes } => vec![fill(
            phrase(lang, "actions-area"),
            &[("from", from), ("to", to), ("count", &changes.len().to_string())],
        )],
        Actions::Best { colour } => vec![fill(phrase(lang, "actions-best"), &[("colour", colour)])],
        Actions::Incomplete => vec![phrase(lang, "actions-incomplete").to_owned()],
        Actions::Level { changes } if changes.is_empty() => vec![phrase(lang, "actions-level-none").to_owned()],
        Actions::Level { .. } => vec![phrase(lang, "actions-level").to_owned()],
    }
}

/// "elderly-05 «statement»: from X to Y" as plain text.
pub(crate) fn named_line(lang: &str, n: &Named) -> String {
    let mut s = format!("{} «{}»", n.id, n.statement);
    if let (Some(from), Some(to)) = (&n.from, &n.to) {
        s.push_str(": ");
        s.push_str(&fill(phrase(lang, "actions-move"), &[("from", from), ("to", to)]));
    } else if let Some(x) = n.to.as_ref().or(n.from.as_ref()) {
        s.push_str(": ");
        s.push_str(x);
    } else {
        s.push_str(": ");
        s.push_str(phrase(lang, "unanswered"));
    }
    s
}

fn named_text(w: &mut Svg, lang: &str, n: &Named) {
    w.raw("<span data-indicator=\"")
        .text(&n.id)
        .raw("\">")
        .text(&named_line(lang, n))
        .raw("</span>");
}

fn named_item(w: &mut Svg, lang: &str, n: &Named) {
    w.raw("<li>");
    named_text(w, lang, n);
    w.raw("</li>");
}

fn swatch(w: &mut Svg, colour: &str) {
    w.raw("<span class=\"swatch\" aria-hidden=\"true\" style=\"background:")
        .raw(&render::base_hex(colour, render::Palette::Standard))
        .raw("\"></span>");
}

/// Paragraphs of a text separated by blank lines.
fn paragraphs(w: &mut Svg, text: &str) {
    for p in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        w.raw("<p>").text(p).raw("</p>");
    }
}

/// A picture of this crate inline, its ids prefixed so that two pictures on one page do not
/// share an id. Only `id="`, `href="#` and `url(#` preceded by `="` are rewritten: each holds a
/// quote, which escaped text never does, so no comment or statement is touched.
fn inline_svg(w: &mut Svg, svg: &str, prefix: &str) {
    let out = svg
        .replace("id=\"", &format!("id=\"{prefix}"))
        .replace("href=\"#", &format!("href=\"#{prefix}"))
        .replace("=\"url(#", &format!("=\"url(#{prefix}"));
    w.raw(out.trim_start_matches(|c: char| c != '<'));
}
