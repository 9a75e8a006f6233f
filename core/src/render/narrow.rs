//! The flowerbox picture for a narrow width (a phone, or a laptop at 200 % zoom): the same
//! parts, attributes and groups as the wide picture, laid out for [`Options::width`] pixels so
//! that one unit of the drawing is one CSS pixel. The flowers stand in rows of three (two below
//! 330 pixels), each with its name and score under it; the grass blades and the soil tiles wrap
//! into rows of slots at least 28 pixels wide; every text is at least 12 pixels high. The
//! wide picture (above [`NARROW_MAX`]) is drawn at 960 units and scaled, as before.

use super::flowerbox::{
    capitalised, choice, defs, head, indicator_attrs, indicator_title, leaf, legend_items, paint_attrs, tuft, wrap,
    Plan, HEAD_RADIUS, SOIL_INK, STEM, TURF,
};
use super::svg::Svg;
use super::{
    answered_line, area_status, colour_word, fmt_score, heading, lang_tag, summary, Lang, Options, Paints, FONT, INK,
    MUTED,
};
use crate::assessment::Assessment;

/// Widths up to this many pixels get the narrow layout.
pub(crate) const NARROW_MAX: u32 = 640;

const M: f64 = 12.0;
/// The smallest text, in pixels (WCAG-minded: nothing smaller on a phone).
const SMALL: f64 = 12.0;
/// The narrowest slot of a grass blade: less a 2 pixel gap, a target wider than 24 pixels.
const BLADE_SLOT: f64 = 28.0;
const BLADE_HEIGHT: f64 = 46.0;
const TILE_MIN_W: f64 = 64.0;
const TILE_H: f64 = 40.0;
const GAP: f64 = 8.0;

/// Approximate advance of a character, as a share of the font size (for wrapping).
const CHAR_W: f64 = 0.6;

fn chars(width: f64, font: f64) -> usize {
    ((width / (font * CHAR_W)).floor() as usize).max(4)
}

pub(crate) fn render(assessment: &Assessment, options: &Options) -> String {
    let catalogue = assessment.catalogue();
    let lang = Lang::of(options);
    let tag = lang_tag(lang);
    let result = super::report(assessment);
    let paints = Paints::new(catalogue, options.palette);
    let plan = Plan::of(catalogue);
    let width = f64::from(options.width);
    let inner = width - 2.0 * M;
    let mut body = Svg::with_capacity(48 * 1024);
    let mut y = 8.0;

    if options.labels {
        let head = heading(assessment, lang);
        for line in wrap(&head, chars(inner, 20.0), 2) {
            y += 24.0;
            body.text_at(M, y, " font-size=\"20\" font-weight=\"bold\" fill=\"#1f2a33\"", &line);
        }
        let sub = format!("{} · {}", catalogue.name().get(tag), answered_line(&result, lang));
        for line in wrap(&sub, chars(inner, 13.0), 3) {
            y += 17.0;
            body.text_at(M, y, " font-size=\"13\" fill=\"#5b6770\"", &line);
        }
        y += 6.0;
    }

    // Flowers, in rows.
    let n_areas = catalogue.areas().len().max(1);
    let cols = if width >= 330.0 { 3 } else { 2 }.min(n_areas);
    let col_w = inner / cols as f64;
    let s = (col_w / 150.0).clamp(0.55, 1.0);
    let n_max = plan.leaves.iter().map(Vec::len).max().unwrap_or(0);
    let leaf_spacing = 22.0 * s;
    let stem_len =
        (16.0 * s + n_max.saturating_sub(1) as f64 * leaf_spacing + 30.0 * s + 0.8 * HEAD_RADIUS * s).max(90.0 * s);
    let name_font = 12.5_f64.max(SMALL);
    let name_lines: Vec<Vec<String>> = catalogue
        .areas()
        .iter()
        .map(|a| wrap(a.name.get(tag), chars(col_w - 6.0, name_font), 3))
        .collect();
    let scale_suffix = if s < 1.0 {
        format!(" scale({})", (s * 1000.0).round() / 1000.0)
    } else {
        String::new()
    };
    let rows = n_areas.div_ceil(cols);
    for row in 0..rows {
        let areas: Vec<usize> = (row * cols..((row + 1) * cols).min(catalogue.areas().len())).collect();
        let head_y = y + HEAD_RADIUS * s + 6.0;
        let ground = head_y + stem_len;
        // A strip of turf for the row to grow from.
        body.raw("<rect x=\"")
            .num(M - 4.0)
            .raw("\" y=\"")
            .num(ground - 6.0)
            .raw("\" width=\"")
            .num(inner + 8.0)
            .raw("\" height=\"10\" rx=\"5\" fill=\"")
            .raw(TURF)
            .raw("\"/>");
        let lines = areas.iter().map(|&a| name_lines[a].len()).max().unwrap_or(1);
        for (k, &a) in areas.iter().enumerate() {
            let area = &catalogue.areas()[a];
            let r = &result.areas[area.id.as_str()];
            let x = M + (k as f64 + 0.5) * col_w;
            body.raw("<g data-group=\"area:").text(&area.id).raw("\">");
            body.raw("<path d=\"M").num(x).raw(" ").num(ground).raw("V").num(head_y);
            body.raw("\" stroke=\"")
                .raw(STEM)
                .raw("\" stroke-width=\"")
                .num(5.0 * s)
                .raw("\" stroke-linecap=\"round\" fill=\"none\"/>");
            for (k, &index) in plan.leaves[a].iter().enumerate() {
                let right = k % 2 == 0;
                let ly = ground - 14.0 * s - k as f64 * leaf_spacing;
                let lx = if right { x + 1.5 * s } else { x - 1.5 * s };
                leaf(
                    &mut body,
                    assessment,
                    &paints,
                    options,
                    lang,
                    index,
                    (lx, ly),
                    right,
                    &scale_suffix,
                );
            }
            let colour = r.colour.as_deref();
            body.raw("<g")
                .attr("data-area", &area.id)
                .attr("data-colour", colour.unwrap_or("none"))
                .raw(" transform=\"translate(")
                .num(x)
                .raw(" ")
                .num(head_y)
                .raw(")")
                .raw(&scale_suffix)
                .raw("\">");
            body.title(&format!("{}: {}", area.name.get(tag), area_status(r, lang)));
            head(&mut body, catalogue, &paints, colour);
            body.raw("</g>\n");
            if options.labels {
                let mut ty = ground + 8.0 + name_font;
                let attrs =
                    format!(" font-size=\"{name_font}\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"{INK}\"");
                for line in &name_lines[a] {
                    body.text_at(x, ty, &attrs, line);
                    ty += name_font + 3.0;
                }
                ty = ground + 8.0 + name_font + lines as f64 * (name_font + 3.0) + 2.0;
                let (text, style) = match (r.score_exact, colour, r.provisional_score_exact) {
                    (Some(score), Some(c), _) => (
                        format!("{} · {}", fmt_score(score, lang), colour_word(c, lang)),
                        format!(" font-size=\"13\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"{INK}\""),
                    ),
                    (_, _, Some(p)) => (
                        format!("≈ {}", fmt_score(p, lang)),
                        format!(" font-size=\"13\" font-style=\"italic\" text-anchor=\"middle\" fill=\"{MUTED}\""),
                    ),
                    _ => (
                        format!("{}/{}", r.tally.answered, r.tally.total),
                        format!(" font-size=\"{SMALL}\" text-anchor=\"middle\" fill=\"{MUTED}\""),
                    ),
                };
                body.text_at(x, ty, &style, &text);
            }
            body.raw("</g>\n");
        }
        y = ground + 8.0;
        if options.labels {
            y += name_font + lines as f64 * (name_font + 3.0) + 2.0 + 13.0 + 8.0;
        } else {
            y += 6.0;
        }
    }

    // The grass, in rows of slots.
    let per_row = ((inner / BLADE_SLOT).floor() as usize).max(1);
    let mut i = 0usize;
    let section = |w: &mut Svg, y: &mut f64, text: &str| {
        if options.labels {
            *y += 16.0;
            w.text_at(M, *y, " font-size=\"13\" font-weight=\"bold\" fill=\"#1f2a33\"", text);
            *y += 6.0;
        }
    };
    for (level, blades) in &plan.grass {
        let name = catalogue.levels()[*level].name.get(tag);
        let title = format!("{} – {}", lang.pick("Gräset", "The grass"), name);
        for line in wrap(&title, chars(inner, 13.0), 2) {
            section(&mut body, &mut y, &line);
        }
        let n = blades.len();
        let rows = n.div_ceil(per_row).max(1);
        let per = n.div_ceil(rows).max(1);
        let slot = inner / per as f64;
        let bw = (slot - 2.0).min(34.0);
        body.raw("<g data-group=\"level:")
            .text(&catalogue.levels()[*level].id)
            .raw("\">");
        let top = y + 4.0;
        body.raw("<rect x=\"")
            .num(M - 4.0)
            .raw("\" y=\"")
            .num(top)
            .raw("\" width=\"")
            .num(inner + 8.0)
            .raw("\" height=\"")
            .num(rows as f64 * (BLADE_HEIGHT + GAP) + GAP)
            .raw("\" rx=\"8\" fill=\"")
            .raw(TURF)
            .raw("\" fill-opacity=\".25\"/>");
        for (k, &index) in blades.iter().enumerate() {
            let (r, c) = (k / per, k % per);
            let x0 = M + c as f64 * slot + (slot - bw) / 2.0;
            let x1 = x0 + bw;
            let bottom = top + GAP + (r + 1) as f64 * (BLADE_HEIGHT + GAP) - GAP;
            let tip = bottom - BLADE_HEIGHT + [0.0, 5.0, 2.0, 7.0][i % 4];
            tuft(
                &mut body,
                assessment,
                &paints,
                options,
                lang,
                index,
                i,
                (x0, x1),
                bw,
                (tip, bottom),
            );
            i += 1;
        }
        body.raw("</g>\n");
        y = top + rows as f64 * (BLADE_HEIGHT + GAP) + GAP + 4.0;
    }

    // The soil, in rows of tiles.
    if let Some((level, tiles)) = &plan.soil {
        let name = catalogue.levels()[*level].name.get(tag);
        let title = format!("{} – {}", lang.pick("Jorden", "The soil"), name);
        for line in wrap(&title, chars(inner, 13.0), 2) {
            section(&mut body, &mut y, &line);
        }
        let cols = (((inner - 2.0 * GAP + GAP) / (TILE_MIN_W + GAP)).floor() as usize).clamp(1, 8);
        let rows = tiles.len().div_ceil(cols).max(1);
        let tile_w = (inner - 2.0 * GAP - (cols - 1) as f64 * GAP) / cols as f64;
        let top = y + 4.0;
        let height = rows as f64 * (TILE_H + GAP) + GAP;
        body.raw("<g data-group=\"level:")
            .text(&catalogue.levels()[*level].id)
            .raw("\"><rect x=\"")
            .num(M - 4.0)
            .raw("\" y=\"")
            .num(top)
            .raw("\" width=\"")
            .num(inner + 8.0)
            .raw("\" height=\"")
            .num(height)
            .raw("\" rx=\"10\" fill=\"url(#ebl-soil)\" stroke=\"")
            .raw(SOIL_INK)
            .raw("\" stroke-width=\"2\"/>");
        for (k, &index) in tiles.iter().enumerate() {
            let (r, c) = (k / cols, k % cols);
            let x = M + GAP + c as f64 * (tile_w + GAP);
            let ty = top + GAP + r as f64 * (TILE_H + GAP);
            let ch = choice(assessment, index);
            body.raw("<rect");
            let marked = indicator_attrs(&mut body, assessment, index, options);
            body.attr_num("x", x)
                .attr_num("y", ty)
                .attr_num("width", tile_w)
                .attr_num("height", TILE_H)
                .attr_num("rx", 12.0);
            paint_attrs(&mut body, paints.answer(ch), SOIL_INK, ch.is_some(), marked);
            body.raw(" stroke-width=\"2\">")
                .call(|w| indicator_title(w, assessment, index, lang))
                .raw("</rect>\n");
        }
        body.raw("</g>\n");
        y = top + height + 4.0;
    }

    // The legend: one answer a line pair, then the flower colours.
    if options.legend {
        let items = legend_items(catalogue, &result, &paints, options, lang);
        let per_row = if inner >= 520.0 { 2 } else { 1 };
        let item_w = inner / per_row as f64;
        y += 10.0;
        body.raw("<g font-size=\"13\"").attr("fill", INK).raw(">");
        for (k, (paint, answered, marked, label)) in items.iter().enumerate() {
            let x = M + (k % per_row) as f64 * item_w;
            let yy = y + (k / per_row) as f64 * 26.0 + 14.0;
            body.raw("<use href=\"#ebl-leaf\" transform=\"translate(")
                .num(x)
                .raw(" ")
                .num(yy - 4.0)
                .raw(") scale(.5)\"");
            paint_attrs(&mut body, paint, &paint.stroke, *answered, *marked);
            body.raw("/>");
            body.text_at(x + 30.0, yy + 0.5, "", label);
        }
        y += items.len().div_ceil(per_row) as f64 * 26.0 + 6.0;
        let bands = catalogue.bands();
        for (i, band) in bands.iter().enumerate() {
            let range = if i + 1 < bands.len() {
                format!("≥ {}", fmt_score(band.min, lang))
            } else if i > 0 {
                format!("< {}", fmt_score(bands[i - 1].min, lang))
            } else {
                String::new()
            };
            let text = format!(
                "{} {}: {range}",
                capitalised(&colour_word(&band.colour, lang)),
                lang.pick("blomma", "flower")
            );
            y += 18.0;
            body.text_at(M, y, "", &text);
        }
        body.raw("</g>\n");
    }
    let height = (y + 12.0).round();

    let mut w = Svg::with_capacity(body.out.len() + 4096);
    let title = format!("{}: {}", catalogue.name().get(tag), heading(assessment, lang));
    w.raw("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .int(u64::from(options.width))
        .raw("\" height=\"")
        .num(height)
        .raw("\" viewBox=\"0 0 ")
        .int(u64::from(options.width))
        .raw(" ")
        .num(height)
        .raw("\" role=\"img\" font-family=\"")
        .text(FONT)
        .raw("\">");
    w.title(&title)
        .raw("<desc>")
        .text(&summary(assessment, &result, lang))
        .raw("</desc>");
    defs(&mut w, &paints);
    w.raw("<rect width=\"")
        .int(u64::from(options.width))
        .raw("\" height=\"")
        .num(height)
        .raw("\" fill=\"url(#ebl-sky)\"/>");
    w.raw(&body.out);
    w.raw("</svg>\n");
    w.out
}
