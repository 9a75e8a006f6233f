//! The flowerbox picture (see the module documentation of [`crate::render`]).

use super::svg::Svg;
use super::{
    answered_line, area_status, colour_word, fmt_percent, fmt_score, heading, lang_tag, open_root, percent, summary,
    Lang, Options, Paint, Paints, INK, MUTED, NEUTRAL_STROKE, WIDTH,
};
use crate::assessment::Assessment;
use crate::catalogue::Catalogue;
use crate::fraction::Fraction;
use crate::score::ScoreResult;

const MARGIN: f64 = 20.0;
/// Angles of right and left leaves (degrees, SVG: negative is upwards).
pub(super) const RIGHT_LEAF: &str = "-30";
pub(super) const LEFT_LEAF: &str = "-150";
/// Outer radius of a flower head (petal tips) at scale 1.
pub(super) const HEAD_RADIUS: f64 = 46.0;
/// Radius of the head's centre disc at scale 1.
pub(super) const DISC_RADIUS: f64 = 20.0;
/// Height of the grass above the soil (blade tips to soil).
const GRASS_HEIGHT: f64 = 54.0;
const SOIL_PAD: f64 = 12.0;
const TILE_HEIGHT: f64 = 46.0;
const TILE_GAP: f64 = 10.0;
const TILES_PER_ROW: usize = 16;
/// Outline of grass blades and of the turf, and of soil tiles and the soil.
pub(super) const GRASS_INK: &str = "#2d5a26";
pub(super) const TURF: &str = "#4f8a3c";
pub(super) const SOIL_INK: &str = "#4b321e";
/// Outline of an indicator with an open disagreement: a dotted violet line, unlike any answer
/// colour and told apart by its pattern as well.
const DISAGREEMENT_INK: &str = "#6a1b9a";
pub(super) const STEM: &str = "#3e7a34";
pub(super) const UNFINISHED_PETALS: &str = "#e6e9ec";
pub(super) const DISC: &str = "#fffaf0";
const MAX_COMMENT: usize = 280;

/// Which indicator is drawn as what (module documentation, "Which indicator becomes which shape").
pub(crate) struct Plan {
    /// Per area, indices of its leaves in catalogue order.
    pub(crate) leaves: Vec<Vec<usize>>,
    /// Per grass level (catalogue order), the level index and its blades' indicator indices.
    pub(crate) grass: Vec<(usize, Vec<usize>)>,
    /// The soil level and its tiles' indicator indices.
    pub(crate) soil: Option<(usize, Vec<usize>)>,
    pub(crate) leaf_level: Option<usize>,
}

impl Plan {
    pub(crate) fn of(catalogue: &Catalogue) -> Plan {
        let placement = &catalogue.placement;
        let levels = catalogue.levels();
        let leaf_level = (0..levels.len()).find(|&l| placement.iter().any(|&(pl, a)| pl == l && a.is_some()));
        let mut soil_level: Option<usize> = None;
        for (l, level) in levels.iter().enumerate() {
            if Some(l) == leaf_level {
                continue;
            }
            match soil_level {
                Some(s) if levels[s].weight < level.weight => {}
                _ => soil_level = Some(l),
            }
        }
        let mut leaves = vec![Vec::new(); catalogue.areas().len()];
        let mut grass: Vec<(usize, Vec<usize>)> = Vec::new();
        let mut soil = soil_level.map(|l| (l, Vec::new()));
        for (i, &(level, area)) in placement.iter().enumerate() {
            match area {
                Some(a) if Some(level) == leaf_level => leaves[a].push(i),
                _ if Some(level) == soil_level => {
                    if let Some((_, tiles)) = soil.as_mut() {
                        tiles.push(i);
                    }
                }
                _ => match grass.iter_mut().find(|(l, _)| *l == level) {
                    Some((_, blades)) => blades.push(i),
                    None => grass.push((level, vec![i])),
                },
            }
        }
        grass.sort_by_key(|(l, _)| *l);
        Plan {
            leaves,
            grass,
            soil,
            leaf_level,
        }
    }
}

/// Positions of the parts of the picture.
struct Layout {
    /// Scale of flowers and leaves (1 for up to six areas).
    s: f64,
    col_w: f64,
    leaf_spacing: f64,
    stem_len: f64,
    /// Highest blade tip.
    grass_top: f64,
    soil_top: f64,
    soil_rows: usize,
    soil_bottom: f64,
    labels_top: f64,
    name_lines: Vec<Vec<String>>,
    name_font: f64,
    legend_top: f64,
    height: f64,
}

fn stagger(i: usize) -> f64 {
    [12.0, 0.0, 18.0, 5.0, 14.0, 2.0][i % 6]
}

/// Greedy word wrap to `max` characters a line and at most `lines` lines; what does not fit
/// ends in "…".
pub(crate) fn wrap(text: &str, max: usize, lines: usize) -> Vec<String> {
    let max = max.max(4);
    let mut out: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut len = 0;
    for word in text.split_whitespace() {
        let wl = word.chars().count();
        if len > 0 && len + 1 + wl <= max {
            line.push(' ');
            line.push_str(word);
            len += 1 + wl;
            continue;
        }
        if len > 0 {
            out.push(std::mem::take(&mut line));
        }
        if wl > max {
            line.extend(word.chars().take(max - 1));
            line.push('…');
            len = max;
        } else {
            line.push_str(word);
            len = wl;
        }
    }
    if len > 0 {
        out.push(line);
    }
    if out.len() > lines.max(1) {
        out.truncate(lines.max(1));
        if let Some(last) = out.last_mut() {
            let cut: String = last.chars().take(max - 1).collect();
            *last = cut.trim_end_matches([',', ' ', '&', '…']).to_owned() + "…";
        }
    }
    out
}

impl Layout {
    fn new(catalogue: &Catalogue, plan: &Plan, options: &Options, lang: Lang) -> Layout {
        let n_areas = catalogue.areas().len().max(1);
        let col_w = (WIDTH - 2.0 * MARGIN) / n_areas as f64;
        let s = (col_w / 150.0).clamp(0.35, 1.0);
        let n_max = plan.leaves.iter().map(Vec::len).max().unwrap_or(0);
        let leaf_spacing = if n_max > 12 { 300.0 / n_max as f64 } else { 25.0 } * s;
        let stem_len = (16.0 * s + n_max.saturating_sub(1) as f64 * leaf_spacing + 38.0 * s + 0.8 * HEAD_RADIUS * s)
            .max(150.0 * s);
        let title_h = if options.labels { 86.0 } else { 10.0 };
        let grass_top = title_h + 8.0 + HEAD_RADIUS * s + 18.0 * s + stem_len;
        let soil_top = grass_top + GRASS_HEIGHT;
        let n_soil = plan.soil.as_ref().map_or(0, |(_, t)| t.len());
        let soil_rows = n_soil.div_ceil(TILES_PER_ROW).max(1);
        let soil_bottom =
            soil_top + 2.0 * SOIL_PAD + soil_rows as f64 * TILE_HEIGHT + (soil_rows - 1) as f64 * TILE_GAP;
        let name_font = (12.5 * s).max(9.0);
        let chars = ((col_w - 6.0) / (name_font * 0.58)).floor() as usize;
        let name_lines: Vec<Vec<String>> = catalogue
            .areas()
            .iter()
            .map(|a| wrap(a.name.get(lang_tag(lang)), chars, 3))
            .collect();
        let labels_top = soil_bottom + 8.0;
        let mut y = labels_top;
        if options.labels {
            let lines = name_lines.iter().map(Vec::len).max().unwrap_or(1) as f64;
            y += lines * (name_font + 3.0) + 2.0 * (name_font + 5.0) + 14.0;
        }
        let legend_top = y + 8.0;
        if options.legend {
            let items = catalogue.scale().len() + 1 + usize::from(disagreement_count(catalogue, options) > 0);
            let bands = catalogue.bands().len() + 1;
            let levels = plan.grass.len() + usize::from(plan.leaf_level.is_some()) + usize::from(plan.soil.is_some());
            y = legend_top + 28.0 * (items.div_ceil(4) + bands.div_ceil(4)) as f64 + 18.0 * (levels + 1) as f64 + 10.0;
        }
        Layout {
            s,
            col_w,
            leaf_spacing,
            stem_len,
            grass_top,
            soil_top,
            soil_rows,
            soil_bottom,
            labels_top,
            name_lines,
            name_font,
            legend_top,
            height: y + 10.0,
        }
    }

    fn area_x(&self, a: usize) -> f64 {
        MARGIN + (a as f64 + 0.5) * self.col_w
    }

    fn head_y(&self, a: usize) -> f64 {
        self.grass_top - self.stem_len - stagger(a) * self.s
    }
}

/// The tooltip of an indicator: statement, answer, comment.
pub(super) fn indicator_title(w: &mut Svg, assessment: &Assessment, index: usize, lang: Lang) {
    let catalogue = assessment.catalogue();
    let indicator = &catalogue.indicators()[index];
    let tag = lang_tag(lang);
    w.raw("<title>")
        .text(indicator.text.get(tag))
        .raw(" (")
        .text(&indicator.id)
        .raw(")\n");
    match &assessment.slot(index) {
        Some(answer) => {
            w.raw(lang.pick("Svar: ", "Answer: "));
            w.text(catalogue.scale()[answer.choice].label.get(tag));
            if let Some(comment) = answer.comment.map(str::trim).filter(|c| !c.is_empty()) {
                w.raw("\n").raw(lang.pick("Kommentar: ", "Comment: "));
                match comment.char_indices().nth(MAX_COMMENT - 1) {
                    Some((cut, _)) => w.text(&comment[..cut]).raw("…"),
                    None => w.text(comment),
                };
            }
        }
        None => {
            w.raw(lang.pick("Ej besvarad", "Not answered"));
        }
    }
    w.raw("</title>");
}

/// ` data-indicator="…" data-level="…" data-answer="…"` (and ` data-disagreement="true"`);
/// returns whether the indicator is marked as an open disagreement.
pub(super) fn indicator_attrs(w: &mut Svg, assessment: &Assessment, index: usize, options: &Options) -> bool {
    let catalogue = assessment.catalogue();
    let indicator = &catalogue.indicators()[index];
    let answer = assessment
        .slot(index)
        .as_ref()
        .map_or("none", |a| catalogue.scale()[a.choice].id.as_str());
    w.attr("data-indicator", &indicator.id)
        .attr("data-level", &indicator.level)
        .attr("data-answer", answer);
    let marked = options.disagreements.contains(&indicator.id);
    if marked {
        w.raw(" data-disagreement=\"true\"");
    }
    marked
}

pub(super) fn choice(assessment: &Assessment, index: usize) -> Option<usize> {
    assessment.choice(index)
}

/// How many of the catalogue's indicators the options mark as open disagreements.
pub(super) fn disagreement_count(catalogue: &Catalogue, options: &Options) -> usize {
    catalogue
        .indicators()
        .iter()
        .filter(|i| options.disagreements.contains(&i.id))
        .count()
}

/// ` fill="…" stroke="…"` and a dashed outline when unanswered; a dotted violet outline for an
/// open disagreement.
pub(super) fn paint_attrs(w: &mut Svg, paint: &Paint, stroke: &str, answered: bool, marked: bool) {
    if marked {
        w.attr("fill", &paint.fill)
            .attr("stroke", DISAGREEMENT_INK)
            .raw(" stroke-dasharray=\"1.5 1.5\"");
        return;
    }
    w.attr("fill", &paint.fill).attr("stroke", stroke);
    if !answered {
        w.raw(" stroke-dasharray=\"3 2\"");
    }
}

/// Weight as a percentage: `25 %`, `33,3 %`.
fn weight_percent(weight: Fraction, lang: Lang) -> String {
    let (n, d) = (u128::from(weight.numer()), u128::from(weight.denom()));
    let tenths = (n * 2000 + d) / (2 * d);
    if tenths % 10 == 0 {
        fmt_percent(usize::try_from(tenths / 10).unwrap_or(0), lang)
    } else {
        let sep = lang.pick(",", ".");
        match lang {
            Lang::Sv => format!("{}{sep}{}\u{a0}%", tenths / 10, tenths % 10),
            Lang::En => format!("{}{sep}{}%", tenths / 10, tenths % 10),
        }
    }
}

pub(super) fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => std::iter::once(super::latin_upper(c)).chain(chars).collect(),
        None => String::new(),
    }
}

/// One leaf: indicator `index`'s answer on a leaf at `at`, pointing right or left.
#[allow(clippy::too_many_arguments)]
pub(super) fn leaf(
    w: &mut Svg,
    assessment: &Assessment,
    paints: &Paints,
    options: &Options,
    lang: Lang,
    index: usize,
    (lx, y): (f64, f64),
    right: bool,
    scale_suffix: &str,
) {
    let c = choice(assessment, index);
    let paint = paints.answer(c);
    w.raw("<use href=\"#ebl-leaf\"");
    let marked = indicator_attrs(w, assessment, index, options);
    w.raw(" transform=\"translate(")
        .num(lx)
        .raw(" ")
        .num(y)
        .raw(") rotate(");
    w.raw(if right { RIGHT_LEAF } else { LEFT_LEAF })
        .raw(")")
        .raw(scale_suffix)
        .raw("\"");
    paint_attrs(w, paint, &paint.stroke, c.is_some(), marked);
    w.raw(">")
        .call(|w| indicator_title(w, assessment, index, lang))
        .raw("</use>\n");
}

/// A flower head's petals and disc: in its band's paint, or grey and dashed while unfinished.
pub(super) fn head(w: &mut Svg, catalogue: &Catalogue, paints: &Paints, colour: Option<&str>) {
    match colour {
        Some(_) => {
            let paint = paints.band(catalogue, colour);
            w.raw("<use href=\"#ebl-petals\"")
                .attr("fill", &paint.fill)
                .attr("stroke", &paint.stroke)
                .raw("/>");
            w.raw("<circle r=\"")
                .num(DISC_RADIUS)
                .raw("\" fill=\"")
                .raw(DISC)
                .raw("\"")
                .attr("stroke", &paint.stroke);
            w.raw(" stroke-width=\"1.5\"/>");
        }
        None => {
            w.raw("<use href=\"#ebl-petals\" fill=\"")
                .raw(UNFINISHED_PETALS)
                .raw("\" stroke=\"")
                .raw(NEUTRAL_STROKE);
            w.raw("\" stroke-dasharray=\"4 3\"/>");
            w.raw("<circle r=\"")
                .num(DISC_RADIUS)
                .raw("\" fill=\"")
                .raw(DISC)
                .raw("\" stroke=\"")
                .raw(NEUTRAL_STROKE);
            w.raw("\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>");
        }
    }
}

/// The grass tuft of indicator `index` (the `i`th blade), between `x0` and `x1`, from `bottom`
/// up to about `yt`.
#[allow(clippy::too_many_arguments)]
pub(super) fn tuft(
    w: &mut Svg,
    assessment: &Assessment,
    paints: &Paints,
    options: &Options,
    lang: Lang,
    index: usize,
    i: usize,
    (x0, x1): (f64, f64),
    bw: f64,
    (yt, bottom): (f64, f64),
) {
    let lean = [-0.22, 0.16, -0.08, 0.24, -0.16, 0.08, -0.26, 0.12][i % 8] * bw;
    let c = choice(assessment, index);
    w.raw("<path");
    let marked = indicator_attrs(w, assessment, index, options);
    w.raw(" d=\"");
    // A tuft of three blades: two short ones leaning out, a tall one in the middle.
    let tuft = [
        (x0, x0 + 0.55 * (x1 - x0), -0.3 * bw, 14.0 + (i % 3) as f64 * 3.0),
        (x1 - 0.55 * (x1 - x0), x1, 0.3 * bw, 11.0 + (i % 4) as f64 * 2.0),
        (x0 + 0.22 * (x1 - x0), x1 - 0.22 * (x1 - x0), lean, 0.0),
    ];
    for (b0, b1, dx, dy) in tuft {
        let tx = (b0 + b1) / 2.0 + dx;
        let ty = yt + dy;
        let cy = bottom - (bottom - ty) * 0.55;
        w.raw("M").num(b0).raw(" ").num(bottom);
        w.raw("Q")
            .num(b0 * 0.65 + tx * 0.35)
            .raw(" ")
            .num(cy)
            .raw(" ")
            .num(tx)
            .raw(" ")
            .num(ty);
        w.raw("Q")
            .num(b1 * 0.65 + tx * 0.35)
            .raw(" ")
            .num(cy)
            .raw(" ")
            .num(b1)
            .raw(" ")
            .num(bottom)
            .raw("Z");
    }
    w.raw("\"");
    paint_attrs(w, paints.answer(c), GRASS_INK, c.is_some(), marked);
    w.raw(" stroke-width=\"1.1\" stroke-linejoin=\"round\">");
    w.call(|w| indicator_title(w, assessment, index, lang)).raw("</path>\n");
}

/// The legend's answers: paint, answered, marked and the label with count and share.
pub(super) fn legend_items<'p>(
    catalogue: &Catalogue,
    result: &ScoreResult,
    paints: &'p Paints,
    options: &Options,
    lang: Lang,
) -> Vec<(&'p Paint, bool, bool, String)> {
    let tag = lang_tag(lang);
    let t = &result.tally;
    let mut items: Vec<(&Paint, bool, bool, String)> = catalogue
        .scale()
        .iter()
        .zip(t.counts.iter())
        .enumerate()
        .map(|(i, (entry, (_, count)))| {
            let share = if t.answered > 0 {
                format!(" ({})", fmt_percent(percent(*count, t.answered), lang))
            } else {
                String::new()
            };
            (
                &paints.answers[i],
                true,
                false,
                format!("{}: {count}{share}", entry.label.get(tag)),
            )
        })
        .collect();
    items.push((
        &paints.none,
        false,
        false,
        format!("{}: {}", lang.pick("Ej besvarad", "Not answered"), t.total - t.answered),
    ));
    let marked = disagreement_count(catalogue, options);
    if marked > 0 {
        items.push((
            &paints.none,
            false,
            true,
            format!(
                "{}: {marked}",
                lang.pick("Oenighet att avgöra", "Disagreement to decide")
            ),
        ));
    }
    items
}

/// Shared shapes: leaf, petals, sky, soil, and the palette's patterns.
pub(super) fn defs(w: &mut Svg, paints: &Paints) {
    w.raw("<defs>");
    w.raw("<linearGradient id=\"ebl-sky\" x1=\"0\" y1=\"0\" x2=\"0\" y2=\"1\"><stop offset=\"0\" stop-color=\"#dcecf8\"/><stop offset=\"1\" stop-color=\"#f6faf2\"/></linearGradient>");
    w.raw("<linearGradient id=\"ebl-soil\" x1=\"0\" y1=\"0\" x2=\"0\" y2=\"1\"><stop offset=\"0\" stop-color=\"#8a5f3b\"/><stop offset=\"1\" stop-color=\"#5e3f26\"/></linearGradient>");
    w.raw("<g id=\"ebl-leaf\" stroke-width=\"1.3\"><path d=\"M0 0C12 -14 33 -15 50 0C33 15 12 14 0 0Z\"/><path d=\"M4 0Q26 -2 45 0\" fill=\"none\" stroke-opacity=\".55\"/></g>");
    w.raw("<g id=\"ebl-petals\" stroke-width=\"1.5\">");
    for k in 0..10 {
        w.raw("<ellipse cy=\"-25\" rx=\"11\" ry=\"21\"");
        if k > 0 {
            w.raw(" transform=\"rotate(").int(36 * k).raw(")\"");
        }
        w.raw("/>");
    }
    w.raw("</g>\n");
    w.raw(&paints.defs);
    w.raw("</defs>\n");
}

pub(crate) fn render(assessment: &Assessment, options: &Options) -> String {
    if options.width <= super::narrow::NARROW_MAX {
        return super::narrow::render(assessment, options);
    }
    let catalogue = assessment.catalogue();
    let lang = Lang::of(options);
    let tag = lang_tag(lang);
    let result = super::report(assessment);
    let paints = Paints::new(catalogue, options.palette);
    let plan = Plan::of(catalogue);
    let layout = Layout::new(catalogue, &plan, options, lang);
    let mut w = Svg::with_capacity(48 * 1024);
    let title = format!("{}: {}", catalogue.name().get(tag), heading(assessment, lang));
    open_root(
        &mut w,
        options,
        layout.height,
        &title,
        &summary(assessment, &result, lang),
    );

    defs(&mut w, &paints);

    // Background: white, sky down to the soil.
    w.raw("<rect width=\"960\" height=\"")
        .num(layout.height.round())
        .raw("\" fill=\"#fff\"/>");
    w.raw("<rect width=\"960\" height=\"")
        .num(layout.soil_top)
        .raw("\" fill=\"url(#ebl-sky)\"/>");

    if options.labels {
        w.text_at(
            MARGIN,
            42.0,
            " font-size=\"26\" font-weight=\"bold\" fill=\"#1f2a33\"",
            &heading(assessment, lang),
        );
        let sub = format!("{} · {}", catalogue.name().get(tag), answered_line(&result, lang));
        w.text_at(MARGIN, 68.0, " font-size=\"14\" fill=\"#5b6770\"", &sub);
        draw_flower_tally(&mut w, catalogue, &result, &paints, lang);
    }

    draw_areas(&mut w, assessment, &result, &plan, &layout, &paints, options, lang);
    draw_grass(&mut w, assessment, &plan, &layout, &paints, options, lang);
    draw_soil(&mut w, assessment, &plan, &layout, &paints, options, lang);
    if options.legend {
        draw_legend(&mut w, assessment, &result, &plan, &layout, &paints, options);
    }
    w.raw("</svg>\n");
    w.out
}

/// Top right: how many flowers have each colour, and how many are unfinished.
fn draw_flower_tally(w: &mut Svg, catalogue: &Catalogue, result: &ScoreResult, paints: &Paints, lang: Lang) {
    let mut items: Vec<(Option<&Paint>, usize)> = catalogue
        .bands()
        .iter()
        .enumerate()
        .map(|(i, band)| {
            let n = result
                .areas
                .iter()
                .filter(|(_, r)| r.colour.as_deref() == Some(band.colour.as_str()))
                .count();
            (Some(&paints.bands[i]), n)
        })
        .collect();
    let unfinished = result.areas.iter().filter(|(_, r)| r.colour.is_none()).count();
    if unfinished > 0 {
        items.push((None, unfinished));
    }
    let mut x = WIDTH - MARGIN;
    w.raw("<g font-size=\"17\" font-weight=\"bold\"")
        .attr("fill", INK)
        .raw(">");
    for (paint, n) in items.iter().rev() {
        let digits = n.to_string();
        x -= digits.len() as f64 * 10.5;
        w.text_at(x, 44.0, "", &digits);
        x -= 20.0;
        w.raw("<use href=\"#ebl-petals\" transform=\"translate(")
            .num(x)
            .raw(" 38) scale(.3)\"");
        match paint {
            Some(p) => w.attr("fill", &p.fill).attr("stroke", &p.stroke).raw("/>"),
            None => w
                .raw(" fill=\"")
                .raw(UNFINISHED_PETALS)
                .raw("\" stroke=\"")
                .raw(NEUTRAL_STROKE)
                .raw("\" stroke-dasharray=\"4 3\"/>"),
        };
        w.raw("<circle cx=\"")
            .num(x)
            .raw("\" cy=\"38\" r=\"5.5\" fill=\"")
            .raw(DISC)
            .raw("\"/>");
        x -= 30.0;
    }
    let label = lang.pick("Blommor", "Flowers");
    w.text_at(
        x + 8.0,
        44.0,
        " font-size=\"13\" font-weight=\"normal\" text-anchor=\"end\" fill=\"#5b6770\"",
        label,
    );
    w.raw("</g>\n");
}

#[allow(clippy::too_many_arguments)]
fn draw_areas(
    w: &mut Svg,
    assessment: &Assessment,
    result: &ScoreResult,
    plan: &Plan,
    layout: &Layout,
    paints: &Paints,
    options: &Options,
    lang: Lang,
) {
    let catalogue = assessment.catalogue();
    let tag = lang_tag(lang);
    let s = layout.s;
    let scale_suffix = if s < 1.0 {
        format!(" scale({})", (s * 1000.0).round() / 1000.0)
    } else {
        String::new()
    };
    for (a, (area, (_, r))) in catalogue.areas().iter().zip(result.areas.iter()).enumerate() {
        let x = layout.area_x(a);
        let head_y = layout.head_y(a);
        w.raw("<g data-group=\"area:").text(&area.id).raw("\">");
        // Stem, from inside the grass up to the head.
        w.raw("<path d=\"M")
            .num(x)
            .raw(" ")
            .num(layout.soil_top - 4.0)
            .raw("V")
            .num(head_y);
        w.raw("\" stroke=\"")
            .raw(STEM)
            .raw("\" stroke-width=\"")
            .num(5.0 * s)
            .raw("\" stroke-linecap=\"round\" fill=\"none\"/>");
        // Leaves, from the bottom up, alternating sides.
        for (k, &index) in plan.leaves[a].iter().enumerate() {
            let right = k % 2 == 0;
            let y = layout.grass_top - 14.0 * s - k as f64 * layout.leaf_spacing;
            let lx = if right { x + 1.5 * s } else { x - 1.5 * s };
            leaf(
                w,
                assessment,
                paints,
                options,
                lang,
                index,
                (lx, y),
                right,
                &scale_suffix,
            );
        }
        // The head.
        let colour = r.colour.as_deref();
        w.raw("<g")
            .attr("data-area", &area.id)
            .attr("data-colour", colour.unwrap_or("none"));
        w.raw(" transform=\"translate(")
            .num(x)
            .raw(" ")
            .num(head_y)
            .raw(")")
            .raw(&scale_suffix)
            .raw("\">");
        let status = area_status(r, lang);
        w.title(&format!("{}: {status}", area.name.get(tag)));
        head(w, catalogue, paints, colour);
        if options.labels {
            match (r.score_exact, r.provisional_score_exact) {
                (Some(score), _) => {
                    w.text_at(
                        0.0,
                        5.0,
                        " font-size=\"13\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"#1f2a33\"",
                        &fmt_score(score, lang),
                    );
                }
                (None, Some(p)) => {
                    w.text_at(
                        0.0,
                        4.5,
                        " font-size=\"11.5\" font-style=\"italic\" text-anchor=\"middle\" fill=\"#5b6770\"",
                        &format!("≈{}", fmt_score(p, lang)),
                    );
                }
                _ => {}
            }
        }
        w.raw("</g>\n");
        if options.labels {
            draw_area_label(w, r, layout, a, x, lang);
        }
        w.raw("</g>\n");
    }
}

fn draw_area_label(w: &mut Svg, r: &crate::score::AreaResult, layout: &Layout, a: usize, x: f64, lang: Lang) {
    let f = layout.name_font;
    let mut y = layout.labels_top + f + 2.0;
    let name_attrs = format!(
        " font-size=\"{}\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"{INK}\"",
        fmt1(f)
    );
    for line in &layout.name_lines[a] {
        w.text_at(x, y, &name_attrs, line);
        y += f + 3.0;
    }
    // Keep the score lines of all areas on one baseline.
    let lines = layout.name_lines.iter().map(Vec::len).max().unwrap_or(1);
    y = layout.labels_top + f + 2.0 + lines as f64 * (f + 3.0) + 3.0;
    let score_font = fmt1(f + 0.5);
    let small = fmt1((f - 1.5).max(8.0));
    match (r.score_exact, r.colour.as_deref(), r.provisional_score_exact) {
        (Some(score), Some(colour), _) => {
            let text = format!("{} · {}", fmt_score(score, lang), colour_word(colour, lang));
            w.text_at(
                x,
                y,
                &format!(" font-size=\"{score_font}\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"{INK}\""),
                &text,
            );
        }
        (_, _, provisional) => {
            let text = match provisional {
                Some(p) => format!("≈ {} ({})", fmt_score(p, lang), lang.pick("preliminär", "provisional")),
                None => lang.pick("ingen poäng ännu", "no score yet").to_owned(),
            };
            w.text_at(
                x,
                y,
                &format!(" font-size=\"{score_font}\" font-style=\"italic\" text-anchor=\"middle\" fill=\"{MUTED}\""),
                &text,
            );
            let count = format!(
                "{} {} {} {}",
                r.tally.answered,
                lang.pick("av", "of"),
                r.tally.total,
                lang.pick("besvarade", "answered")
            );
            w.text_at(
                x,
                y + f + 4.0,
                &format!(" font-size=\"{small}\" text-anchor=\"middle\" fill=\"{MUTED}\""),
                &count,
            );
        }
    }
}

fn fmt1(v: f64) -> String {
    let mut s = String::new();
    super::svg::push_num(&mut s, v);
    s
}

fn draw_grass(
    w: &mut Svg,
    assessment: &Assessment,
    plan: &Plan,
    layout: &Layout,
    paints: &Paints,
    options: &Options,
    lang: Lang,
) {
    let catalogue = assessment.catalogue();
    let n: usize = plan.grass.iter().map(|(_, b)| b.len()).sum();
    let bottom = layout.soil_top + 2.0;
    let turf = |w: &mut Svg| {
        w.raw("<path d=\"M")
            .num(MARGIN - 6.0)
            .raw(" ")
            .num(bottom)
            .raw("V")
            .num(layout.grass_top + 26.0);
        w.raw("Q480 ")
            .num(layout.grass_top + 16.0)
            .raw(" ")
            .num(WIDTH - MARGIN + 6.0)
            .raw(" ")
            .num(layout.grass_top + 26.0);
        w.raw("V").num(bottom).raw("Z\" fill=\"").raw(TURF).raw("\"/>");
    };
    if n == 0 {
        turf(w);
        return;
    }
    // Each indicator gets a slot of the width; a tuft is at most 34 wide, centred in its slot,
    // so that a level with few indicators shows separate tufts on the turf.
    let slot = (WIDTH - 2.0 * MARGIN) / n as f64;
    let bw = slot.min(34.0);
    let overlap = bw * 0.18;
    let mut i = 0usize;
    for (g, (level, blades)) in plan.grass.iter().enumerate() {
        w.raw("<g data-group=\"level:")
            .text(&catalogue.levels()[*level].id)
            .raw("\">");
        if g == 0 {
            turf(w);
        }
        for &index in blades {
            let x0 = MARGIN + (i as f64 + 0.5) * slot - bw / 2.0 - overlap;
            let x1 = x0 + bw + 2.0 * overlap;
            let yt = layout.grass_top + [0.0, 7.0, 3.0, 10.0, 1.0, 6.0, 4.0, 9.0][i % 8];
            tuft(
                w,
                assessment,
                paints,
                options,
                lang,
                index,
                i,
                (x0, x1),
                bw,
                (yt, bottom),
            );
            i += 1;
        }
        w.raw("</g>\n");
    }
}

fn draw_soil(
    w: &mut Svg,
    assessment: &Assessment,
    plan: &Plan,
    layout: &Layout,
    paints: &Paints,
    options: &Options,
    lang: Lang,
) {
    let catalogue = assessment.catalogue();
    let top = layout.soil_top;
    let box_ = |w: &mut Svg| {
        w.raw("<rect x=\"")
            .num(MARGIN - 6.0)
            .raw("\" y=\"")
            .num(top)
            .raw("\" width=\"")
            .num(WIDTH - 2.0 * MARGIN + 12.0);
        w.raw("\" height=\"")
            .num(layout.soil_bottom - top)
            .raw("\" rx=\"10\" fill=\"url(#ebl-soil)\" stroke=\"");
        w.raw(SOIL_INK).raw("\" stroke-width=\"2\"/>");
        // A few crumbs so that the box reads as soil.
        let mut k = 0u32;
        let mut x = MARGIN + 9.0;
        while x < WIDTH - MARGIN {
            let y = top + 5.0 + f64::from(k % 3) * 2.0;
            w.raw("<circle cx=\"")
                .num(x)
                .raw("\" cy=\"")
                .num(y)
                .raw("\" r=\"1.6\" fill=\"")
                .raw(SOIL_INK)
                .raw("\"/>");
            k += 1;
            x += 23.0 + f64::from(k % 4) * 6.0;
        }
    };
    let Some((level, tiles)) = &plan.soil else {
        box_(w);
        return;
    };
    w.raw("<g data-group=\"level:")
        .text(&catalogue.levels()[*level].id)
        .raw("\">");
    box_(w);
    let n = tiles.len();
    let rows = layout.soil_rows;
    let cols = n.div_ceil(rows).max(1);
    let inner = WIDTH - 2.0 * MARGIN - 2.0 * SOIL_PAD;
    let tile_w = ((inner - (cols - 1) as f64 * TILE_GAP) / cols as f64).min(130.0);
    let left = WIDTH / 2.0 - (cols as f64 * tile_w + (cols - 1) as f64 * TILE_GAP) / 2.0;
    for (k, &index) in tiles.iter().enumerate() {
        let (row, col) = (k / cols, k % cols);
        let x = left + col as f64 * (tile_w + TILE_GAP);
        // Slightly uneven clods, so that the row reads as soil rather than as buttons.
        let jitter = [0.0, 2.0, -1.0, 1.0, -2.0][k % 5];
        let y = top + SOIL_PAD + 2.0 + jitter + row as f64 * (TILE_HEIGHT + TILE_GAP);
        let c = choice(assessment, index);
        w.raw("<rect");
        let marked = indicator_attrs(w, assessment, index, options);
        w.attr_num("x", x)
            .attr_num("y", y)
            .attr_num("width", tile_w)
            .attr_num("height", TILE_HEIGHT - 4.0 - jitter.abs())
            .attr_num("rx", [13.0, 17.0, 11.0, 15.0, 12.0][k % 5])
            .attr_num("ry", [11.0, 13.0, 15.0, 10.0, 14.0][k % 5]);
        paint_attrs(w, paints.answer(c), SOIL_INK, c.is_some(), marked);
        w.raw(" stroke-width=\"2\">")
            .call(|w| indicator_title(w, assessment, index, lang))
            .raw("</rect>\n");
    }
    w.raw("</g>\n");
}

fn draw_legend(
    w: &mut Svg,
    assessment: &Assessment,
    result: &ScoreResult,
    plan: &Plan,
    layout: &Layout,
    paints: &Paints,
    options: &Options,
) {
    let lang = Lang::of(options);
    let catalogue = assessment.catalogue();
    let tag = lang_tag(lang);
    let inner = WIDTH - 2.0 * MARGIN;
    let mut y = layout.legend_top;
    w.raw("<g font-size=\"13\"").attr("fill", INK).raw(">");
    w.raw("<path d=\"M")
        .num(MARGIN)
        .raw(" ")
        .num(y - 6.0)
        .raw("H")
        .num(WIDTH - MARGIN)
        .raw("\" stroke=\"#d5dadf\"/>");
    y += 14.0;
    // Answers: a leaf in the answer's paint, the label, the count and share.
    let items = legend_items(catalogue, result, paints, options, lang);
    let per_row = 4usize;
    let item_w = inner / per_row.min(items.len()).max(1) as f64;
    for (k, (paint, answered, marked, label)) in items.iter().enumerate() {
        let x = MARGIN + (k % per_row) as f64 * item_w;
        let yy = y + (k / per_row) as f64 * 28.0;
        w.raw("<use href=\"#ebl-leaf\" transform=\"translate(")
            .num(x)
            .raw(" ")
            .num(yy - 4.0)
            .raw(") scale(.56)\"");
        paint_attrs(w, paint, &paint.stroke, *answered, *marked);
        w.raw("/>");
        w.text_at(x + 34.0, yy + 0.5, "", label);
    }
    y += 28.0 * items.len().div_ceil(per_row) as f64;
    // Flower colours.
    let bands = catalogue.bands();
    let mut flowers: Vec<(Option<&Paint>, String)> = bands
        .iter()
        .enumerate()
        .map(|(i, band)| {
            let range = if i + 1 < bands.len() {
                format!("≥ {}", fmt_score(band.min, lang))
            } else if i > 0 {
                format!("< {}", fmt_score(bands[i - 1].min, lang))
            } else {
                String::new()
            };
            let word = capitalised(&colour_word(&band.colour, lang));
            (
                Some(&paints.bands[i]),
                format!("{word} {}: {range}", lang.pick("blomma", "flower")),
            )
        })
        .collect();
    flowers.push((
        None,
        lang.pick("Ej klar: ≈ preliminär poäng", "Unfinished: ≈ provisional score")
            .to_owned(),
    ));
    let item_w = inner / per_row.min(flowers.len()).max(1) as f64;
    for (k, (paint, label)) in flowers.iter().enumerate() {
        let x = MARGIN + (k % per_row) as f64 * item_w;
        let yy = y + (k / per_row) as f64 * 28.0;
        w.raw("<use href=\"#ebl-petals\" transform=\"translate(")
            .num(x + 12.0)
            .raw(" ")
            .num(yy - 4.0)
            .raw(") scale(.27)\"");
        match paint {
            Some(p) => w.attr("fill", &p.fill).attr("stroke", &p.stroke).raw("/>"),
            None => w
                .raw(" fill=\"")
                .raw(UNFINISHED_PETALS)
                .raw("\" stroke=\"")
                .raw(NEUTRAL_STROKE)
                .raw("\" stroke-dasharray=\"4 3\"/>"),
        };
        w.raw("<circle cx=\"")
            .num(x + 12.0)
            .raw("\" cy=\"")
            .num(yy - 4.0)
            .raw("\" r=\"5\" fill=\"")
            .raw(DISC)
            .raw("\"/>");
        w.text_at(x + 34.0, yy + 0.5, "", label);
    }
    y += 28.0 * flowers.len().div_ceil(per_row) as f64;
    // What the parts stand for.
    let level_line = |part: &str, level: usize| -> (String, String) {
        let l = &catalogue.levels()[level];
        let r = &result.levels[l.id.as_str()];
        let mean = r.mean_exact.map_or_else(|| "–".to_owned(), |m| fmt_score(m, lang));
        (
            part.to_owned(),
            format!(
                " – {}: {} {} {} {}, {} {mean}, {} {}",
                l.name.get(tag),
                r.tally.answered,
                lang.pick("av", "of"),
                r.tally.total,
                lang.pick("besvarade", "answered"),
                lang.pick("medel", "mean"),
                lang.pick("vikt", "weight"),
                weight_percent(l.weight, lang)
            ),
        )
    };
    let mut lines = Vec::new();
    if let Some(l) = plan.leaf_level {
        lines.push(level_line(lang.pick("Blad", "Leaves"), l));
    }
    for (l, _) in &plan.grass {
        lines.push(level_line(lang.pick("Gräs", "Grass"), *l));
    }
    if let Some((l, _)) = &plan.soil {
        lines.push(level_line(lang.pick("Jord", "Soil"), *l));
    }
    for (part, rest) in &lines {
        w.raw("<text")
            .attr_num("x", MARGIN)
            .attr_num("y", y)
            .raw(" font-size=\"12\"><tspan font-weight=\"bold\">");
        w.text(part).raw("</tspan>").text(rest).raw("</text>");
        y += 18.0;
    }
    w.text_at(
        MARGIN,
        y,
        &format!(" font-size=\"12\" fill=\"{MUTED}\""),
        lang.pick(
            "Blomman får sin färg när alla dess indikatorer är besvarade: blad, gräs och jord.",
            "A flower gets its colour once all its indicators are answered: leaves, grass and soil.",
        ),
    );
    w.raw("</g>\n");
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn wraps_names_into_three_lines_at_most() {
        assert_eq!(
            wrap("Kulturintresserade, fritidsutövare & besökare", 20, 3),
            vec!["Kulturintresserade,", "fritidsutövare &", "besökare"]
        );
        assert_eq!(wrap("Allmänheten", 20, 3), vec!["Allmänheten"]);
        let long = wrap("a b c d e f g h i j k l m n o p", 4, 2);
        assert_eq!(long.len(), 2);
        assert!(long[1].ends_with('…'), "{long:?}");
        assert_eq!(wrap("Supercalifragilistic", 8, 2), vec!["Superca…"]);
    }

    #[test]
    fn the_2016_plan_is_leaves_lead_grass_tech_soil() {
        let c = Catalogue::builtin("eblomladan-2016").unwrap();
        let plan = Plan::of(&c);
        assert_eq!(plan.leaf_level, Some(0));
        assert_eq!(
            plan.leaves.iter().map(Vec::len).collect::<Vec<_>>(),
            [8, 5, 6, 9, 10, 6]
        );
        assert_eq!(plan.grass.len(), 1);
        assert_eq!((plan.grass[0].0, plan.grass[0].1.len()), (1, 34));
        let (soil_level, tiles) = plan.soil.as_ref().unwrap();
        assert_eq!((*soil_level, tiles.len()), (2, 10));
    }

    #[test]
    fn weights_as_percent() {
        assert_eq!(weight_percent(Fraction::new(1, 4).unwrap(), Lang::En), "25%");
        assert_eq!(weight_percent(Fraction::new(1, 3).unwrap(), Lang::Sv), "33,3\u{a0}%");
    }
}
