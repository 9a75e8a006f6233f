//! The analysis charts: answer distribution, and area scores against a reference.

use super::flowerbox::wrap;
use super::svg::Svg;
use super::{
    answered_line, colour_word, fmt_f64, fmt_percent, fmt_score, heading, lang_tag, open_root, percent, Lang, Options,
    Paint, Paints, INK, MUTED, WIDTH,
};
use crate::assessment::Assessment;
use crate::score::ScoreResult;

const MARGIN: f64 = 20.0;
const LABEL_CHARS: usize = 38;
const BAR_X: f64 = 300.0;
const BAR_W: f64 = 560.0;
const ROW_H: f64 = 40.0;

/// One bar of the answer chart: counts per answer (scale order) and the total.
struct Row {
    label: String,
    group: String,
    counts: Vec<usize>,
    total: usize,
}

/// Halo behind text drawn over coloured or hatched bars.
const HALO: &str =
    " stroke=\"#fff\" stroke-width=\"3\" stroke-opacity=\".85\" paint-order=\"stroke\" stroke-linejoin=\"round\"";

fn title_block(w: &mut Svg, options: &Options, title: &str, subtitle: &str) -> f64 {
    if !options.labels {
        return 14.0;
    }
    w.text_at(
        MARGIN,
        38.0,
        &format!(" font-size=\"22\" font-weight=\"bold\" fill=\"{INK}\""),
        title,
    );
    w.text_at(MARGIN, 62.0, &format!(" font-size=\"13\" fill=\"{MUTED}\""), subtitle);
    84.0
}

/// Two-line row label, vertically centred on `cy`.
fn row_label(w: &mut Svg, text: &str, cy: f64, bold: bool) {
    let lines = wrap(text, LABEL_CHARS, 2);
    let weight = if bold { " font-weight=\"bold\"" } else { "" };
    let mut y = cy + 4.5 - (lines.len() as f64 - 1.0) * 7.5;
    for line in &lines {
        w.text_at(MARGIN, y, &format!(" font-size=\"13\"{weight} fill=\"{INK}\""), line);
        y += 15.0;
    }
}

fn section(w: &mut Svg, text: &str, y: f64) {
    w.text_at(
        MARGIN,
        y,
        &format!(" font-size=\"12\" font-weight=\"bold\" fill=\"{MUTED}\" letter-spacing=\".5\""),
        &text.chars().map(super::latin_upper).collect::<String>(),
    );
    w.raw("<path d=\"M")
        .num(MARGIN)
        .raw(" ")
        .num(y + 6.0)
        .raw("H")
        .num(WIDTH - MARGIN)
        .raw("\" stroke=\"#d5dadf\"/>");
}

/// Swatch and label for the legend; returns the x after it.
fn swatch(w: &mut Svg, x: f64, y: f64, paint: &Paint, dashed: bool, label: &str) -> f64 {
    w.raw("<rect")
        .attr_num("x", x)
        .attr_num("y", y - 11.0)
        .raw(" width=\"22\" height=\"14\" rx=\"3\"");
    w.attr("fill", &paint.fill).attr("stroke", &paint.stroke);
    if dashed {
        w.raw(" stroke-dasharray=\"3 2\"");
    }
    w.raw("/>");
    w.text_at(x + 28.0, y, &format!(" font-size=\"13\" fill=\"{INK}\""), label);
    x + 28.0 + label.chars().count() as f64 * 7.4 + 22.0
}

pub(crate) fn answers(assessment: &Assessment, options: &Options) -> String {
    let catalogue = assessment.catalogue();
    let lang = Lang::of(options);
    let tag = lang_tag(lang);
    let result = super::report(assessment);
    let paints = Paints::new(catalogue, options.palette);
    let n_scale = catalogue.scale().len();

    let tally_row = |label: String, group: String, t: &crate::score::Tally| Row {
        label,
        group,
        counts: t.counts.iter().map(|(_, c)| *c).collect(),
        total: t.total,
    };
    let total_row = tally_row(
        lang.pick("Alla indikatorer", "All indicators").to_owned(),
        "all".to_owned(),
        &result.tally,
    );
    let level_rows: Vec<Row> = catalogue
        .levels()
        .iter()
        .zip(result.levels.iter())
        .map(|(l, (_, r))| tally_row(l.name.get(tag).to_owned(), format!("level:{}", l.id), &r.tally))
        .collect();
    // Areas: their own (area-scoped) indicators, the leaves of the picture.
    let mut area_rows: Vec<Row> = catalogue
        .areas()
        .iter()
        .map(|a| Row {
            label: a.name.get(tag).to_owned(),
            group: format!("area:{}", a.id),
            counts: vec![0; n_scale],
            total: 0,
        })
        .collect();
    for (choice, &(_, area)) in assessment.choices().zip(&catalogue.placement) {
        if let Some(a) = area {
            area_rows[a].total += 1;
            if let Some(choice) = choice {
                area_rows[a].counts[choice] += 1;
            }
        }
    }
    area_rows.retain(|r| r.total > 0);

    let mut w = Svg::with_capacity(24 * 1024);
    let title = format!(
        "{} – {}",
        heading(assessment, lang),
        lang.pick("svarsfördelning", "answer distribution")
    );
    let rows = 1 + level_rows.len() + area_rows.len();
    let sections = 1 + usize::from(!area_rows.is_empty());
    let head = if options.labels { 84.0 } else { 14.0 };
    let height = head + rows as f64 * ROW_H + sections as f64 * 34.0 + if options.legend { 56.0 } else { 12.0 };
    let desc = answer_desc(&total_row, &level_rows, &area_rows, &result, catalogue, lang);
    open_root(&mut w, options, height, &title, &desc);
    if !paints.defs.is_empty() {
        w.raw("<defs>").raw(&paints.defs).raw("</defs>");
    }
    w.raw("<rect width=\"960\" height=\"")
        .num(height.round())
        .raw("\" fill=\"#fff\"/>");
    let subtitle = format!("{} · {}", catalogue.name().get(tag), answered_line(&result, lang));
    let mut y = title_block(&mut w, options, &title, &subtitle);

    let draw_row = |w: &mut Svg, row: &Row, y: f64, bold: bool| {
        let cy = y + ROW_H / 2.0;
        w.raw("<g").attr("data-group", &row.group).raw(">");
        row_label(w, &row.label, cy, bold);
        let top = cy - 12.0;
        w.raw("<rect")
            .attr_num("x", BAR_X)
            .attr_num("y", top)
            .attr_num("width", BAR_W);
        w.raw(" height=\"24\" rx=\"4\" fill=\"#f1f3f5\"/>");
        let mut x = BAR_X;
        let unanswered = row.total - row.counts.iter().sum::<usize>();
        let segments = row
            .counts
            .iter()
            .enumerate()
            .map(|(i, c)| (Some(i), *c))
            .chain(std::iter::once((None, unanswered)));
        for (choice, count) in segments {
            if count == 0 || row.total == 0 {
                continue;
            }
            let width = BAR_W * count as f64 / row.total as f64;
            let paint = paints.answer(choice);
            let (id, label) = match choice {
                Some(i) => (catalogue.scale()[i].id.as_str(), catalogue.scale()[i].label.get(tag)),
                None => ("none", lang.pick("Ej besvarad", "Not answered")),
            };
            let p = percent(count, row.total);
            w.raw("<rect")
                .attr("data-answer", id)
                .attr_num("x", x)
                .attr_num("y", top)
                .attr_num("width", width);
            w.raw(" height=\"24\"")
                .attr("fill", &paint.fill)
                .raw(" stroke=\"#fff\" stroke-width=\"1\">");
            w.title(&format!(
                "{}: {label} {count} {} {} ({})",
                row.label,
                lang.pick("av", "of"),
                row.total,
                fmt_percent(p, lang)
            ));
            w.raw("</rect>\n");
            if width >= 38.0 {
                w.text_at(
                    x + width / 2.0,
                    cy + 4.5,
                    &format!(" font-size=\"12.5\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"{INK}\"{HALO}"),
                    &fmt_percent(p, lang),
                );
            }
            x += width;
        }
        let answered = row.total - unanswered;
        w.text_at(
            BAR_X + BAR_W + 10.0,
            cy + 4.5,
            &format!(" font-size=\"12\" fill=\"{MUTED}\""),
            &format!("{answered}/{}", row.total),
        );
        w.raw("</g>\n");
    };

    draw_row(&mut w, &total_row, y, true);
    y += ROW_H + 26.0;
    section(&mut w, lang.pick("Nivåer", "Levels"), y);
    y += 8.0;
    for row in &level_rows {
        draw_row(&mut w, row, y, false);
        y += ROW_H;
    }
    if !area_rows.is_empty() {
        y += 26.0;
        section(
            &mut w,
            lang.pick("Områden – egna indikatorer", "Areas – their own indicators"),
            y,
        );
        y += 8.0;
        for row in &area_rows {
            draw_row(&mut w, row, y, false);
            y += ROW_H;
        }
    }
    if options.legend {
        y += 30.0;
        let mut x = MARGIN;
        for (i, entry) in catalogue.scale().iter().enumerate() {
            x = swatch(&mut w, x, y, &paints.answers[i], false, entry.label.get(tag));
        }
        swatch(
            &mut w,
            x,
            y,
            &paints.none,
            false,
            lang.pick("Ej besvarad", "Not answered"),
        );
    }
    w.raw("</svg>\n");
    w.out
}

fn answer_desc(
    total: &Row,
    levels: &[Row],
    areas: &[Row],
    result: &ScoreResult,
    catalogue: &crate::catalogue::Catalogue,
    lang: Lang,
) -> String {
    let tag = lang_tag(lang);
    let mut s = format!("{}.", answered_line(result, lang).replace(" · ", ", "));
    for row in std::iter::once(total).chain(levels).chain(areas) {
        let parts: Vec<String> = catalogue
            .scale()
            .iter()
            .zip(&row.counts)
            .map(|(e, c)| {
                format!(
                    "{} {}",
                    e.label.get(tag).chars().map(super::latin_lower).collect::<String>(),
                    fmt_percent(percent(*c, row.total), lang)
                )
            })
            .collect();
        s.push_str(&format!(" {}: {}.", row.label, parts.join(", ")));
    }
    s
}

/// A readable tick step for the range `span` (at most about eight ticks).
fn tick_step(span: f64) -> f64 {
    for step in [
        0.1, 0.2, 0.25, 0.5, 1.0, 2.0, 2.5, 5.0, 10.0, 20.0, 25.0, 50.0, 100.0, 200.0, 250.0, 500.0,
    ] {
        if span / step <= 6.0 {
            return step;
        }
    }
    1000.0
}

pub(crate) fn comparison(
    assessment: &Assessment,
    reference_label: &str,
    reference: &[(String, f64)],
    options: &Options,
) -> String {
    let catalogue = assessment.catalogue();
    let lang = Lang::of(options);
    let tag = lang_tag(lang);
    let result = super::report(assessment);
    let paints = Paints::new(catalogue, options.palette);
    let lo = f64::from(catalogue.scale().iter().map(|s| s.points).min().unwrap_or(0));
    let hi = f64::from(catalogue.scale().iter().map(|s| s.points).max().unwrap_or(1)).max(lo + 1.0);
    let (x0, x1) = (BAR_X, 880.0);
    let sx = |v: f64| x0 + (v.clamp(lo, hi) - lo) / (hi - lo) * (x1 - x0);
    let row_h = 50.0;
    let n = catalogue.areas().len();
    let head = if options.labels { 84.0 } else { 14.0 };
    let axis_top = head + 22.0;
    let height = axis_top + n as f64 * row_h + 36.0 + if options.legend { 44.0 } else { 0.0 };
    let own = heading(assessment, lang);
    let title = format!("{own} {} {reference_label}", lang.pick("jämfört med", "compared with"));
    let refs: Vec<Option<f64>> = catalogue
        .areas()
        .iter()
        .map(|a| {
            reference
                .iter()
                .find(|(id, _)| *id == a.id)
                .map(|(_, v)| *v)
                .filter(|v| v.is_finite())
        })
        .collect();

    let mut desc = format!("{title}.");
    for ((area, (_, r)), rv) in catalogue.areas().iter().zip(result.areas.iter()).zip(&refs) {
        desc.push_str(&format!(" {}: {}", area.name.get(tag), super::area_status(r, lang)));
        if let Some(v) = rv {
            desc.push_str(&format!(", {reference_label} {}", fmt_f64(*v, lang)));
        }
        desc.push('.');
    }

    let mut w = Svg::with_capacity(16 * 1024);
    open_root(&mut w, options, height, &title, &desc);
    if !paints.defs.is_empty() {
        w.raw("<defs>").raw(&paints.defs).raw("</defs>");
    }
    w.raw("<rect width=\"960\" height=\"")
        .num(height.round())
        .raw("\" fill=\"#fff\"/>");
    let subtitle = format!("{} · {}", catalogue.name().get(tag), answered_line(&result, lang));
    title_block(&mut w, options, &title, &subtitle);

    // Colour bands behind the bars, named at the top.
    let plot_top = axis_top;
    let plot_bottom = axis_top + n as f64 * row_h;
    let bands = catalogue.bands();
    for (i, band) in bands.iter().enumerate() {
        let from = band.min.to_f64().max(lo);
        let to = if i == 0 { hi } else { bands[i - 1].min.to_f64().min(hi) };
        if to <= from {
            continue;
        }
        let paint = &paints.bands[i];
        w.raw("<rect")
            .attr_num("x", sx(from))
            .attr_num("y", plot_top)
            .attr_num("width", sx(to) - sx(from));
        w.attr_num("height", plot_bottom - plot_top)
            .attr("fill", &paint.base)
            .raw(" fill-opacity=\".16\"/>");
        w.text_at(
            (sx(from) + sx(to)) / 2.0,
            plot_top - 8.0,
            &format!(" font-size=\"12\" text-anchor=\"middle\" fill=\"{MUTED}\""),
            &colour_word(&band.colour, lang),
        );
    }
    // Grid and axis labels.
    let step = tick_step(hi - lo);
    let decimals = if step.fract() == 0.0 {
        0
    } else if (step * 10.0).fract() == 0.0 {
        1
    } else {
        2
    };
    let mut k = 0u32;
    loop {
        let v = lo + f64::from(k) * step;
        if v > hi + 1e-9 {
            break;
        }
        let x = sx(v);
        w.raw("<path d=\"M")
            .num(x)
            .raw(" ")
            .num(plot_top)
            .raw("V")
            .num(plot_bottom)
            .raw("\" stroke=\"#c3cad1\" stroke-width=\".8\"/>");
        let label = super::fmt_decimals(v, decimals, lang);
        w.text_at(
            x,
            plot_bottom + 16.0,
            &format!(" font-size=\"12\" text-anchor=\"middle\" fill=\"{MUTED}\""),
            &label,
        );
        k += 1;
    }

    for (a, ((area, (_, r)), rv)) in catalogue.areas().iter().zip(result.areas.iter()).zip(&refs).enumerate() {
        let top = plot_top + a as f64 * row_h;
        let cy = top + row_h / 2.0;
        w.raw("<g").attr("data-group", &format!("area:{}", area.id)).raw(">");
        row_label(&mut w, area.name.get(tag), cy, true);
        let bar_y = cy - 14.0;
        let (value, provisional) = match (r.score_exact, r.provisional_score_exact) {
            (Some(s), _) => (Some(s), false),
            (None, Some(p)) => (Some(p), true),
            _ => (None, false),
        };
        match value {
            Some(v) => {
                let vf = v.to_f64();
                let paint = if provisional {
                    &paints.none
                } else {
                    paints.band(catalogue, r.colour.as_deref())
                };
                w.raw("<rect")
                    .attr("data-area", &area.id)
                    .attr("data-colour", r.colour.as_deref().unwrap_or("none"));
                w.raw(" data-series=\"assessment\"")
                    .attr_num("x", x0)
                    .attr_num("y", bar_y)
                    .attr_num("width", (sx(vf) - x0).max(1.0));
                w.raw(" height=\"16\"")
                    .attr("fill", &paint.fill)
                    .attr("stroke", &paint.stroke);
                if provisional {
                    w.raw(" stroke-dasharray=\"3 2\"");
                }
                w.raw(">")
                    .title(&format!("{own}: {}", super::area_status(r, lang)))
                    .raw("</rect>\n");
                let text = if provisional {
                    format!("≈ {} ({})", fmt_score(v, lang), lang.pick("preliminär", "provisional"))
                } else {
                    fmt_score(v, lang)
                };
                let style = if provisional {
                    " font-style=\"italic\""
                } else {
                    " font-weight=\"bold\""
                };
                let (tx, anchor) = if sx(vf) > x1 - 150.0 {
                    (sx(vf) - 6.0, "end")
                } else {
                    (sx(vf) + 6.0, "start")
                };
                w.text_at(
                    tx,
                    bar_y + 12.5,
                    &format!(" font-size=\"12.5\"{style} text-anchor=\"{anchor}\" fill=\"{INK}\"{HALO}"),
                    &text,
                );
            }
            None => {
                w.text_at(
                    x0 + 6.0,
                    bar_y + 12.5,
                    &format!(" font-size=\"12.5\" font-style=\"italic\" fill=\"{MUTED}\""),
                    lang.pick("ingen poäng ännu", "no score yet"),
                );
            }
        }
        if let Some(v) = rv {
            w.raw("<rect")
                .attr("data-area", &area.id)
                .raw(" data-series=\"reference\"");
            w.attr_num("x", x0)
                .attr_num("y", bar_y + 19.0)
                .attr_num("width", (sx(*v) - x0).max(1.0));
            w.raw(" height=\"8\" fill=\"#56636e\">")
                .title(&format!("{reference_label}: {}", fmt_f64(*v, lang)))
                .raw("</rect>\n");
            let (tx, anchor) = if sx(*v) > x1 - 60.0 {
                (sx(*v) - 4.0, "end")
            } else {
                (sx(*v) + 5.0, "start")
            };
            w.text_at(
                tx,
                bar_y + 27.0,
                &format!(" font-size=\"11\" text-anchor=\"{anchor}\" fill=\"#3a454e\"{HALO}"),
                &fmt_f64(*v, lang),
            );
        }
        w.raw("</g>\n");
    }
    if options.legend {
        let y = plot_bottom + 52.0;
        // The assessment's bars take their band colour: one small swatch per band.
        let mut x = MARGIN;
        for paint in &paints.bands {
            w.raw("<rect")
                .attr_num("x", x)
                .attr_num("y", y - 11.0)
                .raw(" width=\"10\" height=\"14\" rx=\"2\"");
            w.attr("fill", &paint.fill).attr("stroke", &paint.stroke).raw("/>");
            x += 12.0;
        }
        x = swatch(
            &mut w,
            x - 28.0 + 6.0,
            y,
            &Paint {
                fill: "none".into(),
                base: "none".into(),
                stroke: "none".into(),
            },
            false,
            &own,
        );
        let reference_paint = Paint {
            fill: "#56636e".to_owned(),
            base: "#56636e".to_owned(),
            stroke: "#56636e".to_owned(),
        };
        x = swatch(&mut w, x, y, &reference_paint, false, reference_label);
        swatch(
            &mut w,
            x,
            y,
            &paints.none,
            true,
            lang.pick(
                "≈ preliminär (området inte färdigbesvarat)",
                "≈ provisional (area not fully answered)",
            ),
        );
    }
    w.raw("</svg>\n");
    w.out
}
