//! The flowerbox picture and the analysis charts, as standalone SVG strings (pure, no I/O).
//!
//! [`flowerbox`] draws one assessment the way eBlomlådan is known: brown soil at the bottom
//! with one tile per technical indicator, green grass above it with one blade per leadership
//! indicator, and one flower per service area growing out of the grass, with one leaf per
//! service indicator of that area. Leaves, blades and soil tiles are coloured by their answer
//! (the answer's colour in the catalogue's scale; a neutral grey with a dashed outline while
//! unanswered). A flower head takes its area's band colour once every indicator that counts
//! for the area is answered; before that it stays neutral and shows the provisional score
//! marked as such ("≈ 1,98 (preliminär)"). [`answer_chart`] draws the answer distribution per
//! level and per area, [`comparison_chart`] an assessment's area scores against reference
//! means (national or county averages, supplied as numbers).
//!
//! # Which indicator becomes which shape, for any catalogue
//! - **Leaves**: the area-scoped indicators of the *leaf level*, the first level in catalogue
//!   order that has any area-scoped indicator (`services` in 2016). One leaf per indicator on
//!   its area's stem, in catalogue order from the bottom, alternating right and left.
//! - **Soil**: every other indicator of the *soil level*: among the remaining levels, the one
//!   with the lowest weight, the last in catalogue order on a tie (`tech` in 2016).
//! - **Grass**: every remaining indicator, level by level in catalogue order (`lead` in 2016):
//!   general indicators of the leaf level and area-scoped indicators of other levels (the 2014
//!   catalogue's "specific" lead indicators) are blades too.
//!
//! A catalogue whose only level has area-scoped indicators draws them as leaves and its general
//! indicators as grass, and has no soil tiles; the soil and grass bands are drawn all the same so
//! the picture reads alike for every catalogue. Tooltips cut comments longer than 280
//! characters (with "…") to keep the picture small.
//!
//! # Contract (DESIGN.md, "SVG picture")
//! Every indicator shape carries `data-indicator`, `data-level` and `data-answer` (the answer
//! id or `none`) and a `<title>` tooltip with the statement, the answer and any comment. Every
//! flower head carries `data-area` and `data-colour` (band colour or `none`). Each area's stem,
//! leaves, head and labels are grouped in `<g data-group="area:<id>">`, the grass blades of a
//! level in `<g data-group="level:<id>">`, the soil in `<g data-group="level:<id>">`. The root
//! has `role="img"`, a `<title>` and a `<desc>` that says the result in words.
//!
//! # Output
//! Deterministic: the same input gives byte-identical output. Coordinates are written with one
//! fixed decimal and no trigonometry is computed (rotations are SVG transforms), so every
//! platform, WebAssembly included, produces the same bytes. All text from the catalogue and the
//! assessment is escaped. The drawing uses a fixed internal width of 960 units (`viewBox`);
//! [`Options::width`] only sets the `width`/`height` attributes.
//!
//! ```
//! use std::sync::Arc;
//! use eblomlada::{render, Assessment, Catalogue};
//!
//! let catalogue = Arc::new(Catalogue::builtin("eblomladan-2016")?);
//! let mut assessment = Assessment::new(&catalogue, "1881", 2017)?;
//! assessment.answer("elderly-01", "fully")?;
//! let svg = render::flowerbox(&assessment, &render::Options::default());
//! assert!(svg.contains(r#"data-indicator="elderly-01" data-level="services" data-answer="fully""#));
//! assert!(svg.contains(r#"data-area="elderly" data-colour="none""#));
//!
//! let english = render::Options { lang: "en".into(), palette: "colour-blind".parse().unwrap(), ..Default::default() };
//! assert!(render::flowerbox(&assessment, &english).contains("Elderly"));
//! # Ok::<(), eblomlada::Error>(())
//! ```

use std::fmt;
use std::str::FromStr;

use crate::assessment::Assessment;
use crate::catalogue::Catalogue;
use crate::fraction::Fraction;
use crate::score::ScoreResult;

mod chart;
mod flowerbox;
mod narrow;
pub(crate) mod svg;

/// Colours of the picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Palette {
    /// Traffic-light green, yellow and red.
    #[default]
    Standard,
    /// Okabe–Ito colours that stay apart for the common colour-vision deficiencies, and a
    /// pattern per answer (solid, diagonal hatching, cross-hatching…) so that the answers also
    /// differ without colour.
    ColourBlind,
}

impl Palette {
    /// Every palette, in the order they are documented.
    pub const ALL: [Palette; 2] = [Palette::Standard, Palette::ColourBlind];

    /// The canonical name: `standard` or `colour-blind`.
    pub const fn name(self) -> &'static str {
        match self {
            Palette::Standard => "standard",
            Palette::ColourBlind => "colour-blind",
        }
    }
}

impl fmt::Display for Palette {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A palette name that is not known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsePaletteError(pub String);

impl fmt::Display for ParsePaletteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown palette {:?}; expected standard or colour-blind", self.0)
    }
}

impl std::error::Error for ParsePaletteError {}

impl FromStr for Palette {
    type Err = ParsePaletteError;

    /// `standard`, or `colour-blind` (also `colourblind`, `color-blind`, `colorblind`), in
    /// any case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "standard" => Ok(Palette::Standard),
            "colour-blind" | "colourblind" | "color-blind" | "colorblind" => Ok(Palette::ColourBlind),
            _ => Err(ParsePaletteError(s.to_owned())),
        }
    }
}

/// How to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Language of the labels and of the catalogue texts: `sv` (default) or `en`. Catalogue
    /// texts missing in that language fall back to Swedish.
    pub lang: String,
    /// Width of the picture in pixels (the `width` attribute; the height follows the drawing).
    /// Up to 640 the flowerbox picture is laid out for that width (flowers in rows, every text
    /// at least 12 pixels, every leaf, blade and tile at least 24 pixels: a phone, or zoom);
    /// above it the wide picture is drawn at 960 units and scaled. The charts always scale.
    pub width: u32,
    /// Whether to write the title, area names and scores into the picture.
    pub labels: bool,
    /// Whether to draw the legend.
    pub legend: bool,
    /// The colours (and patterns).
    pub palette: Palette,
    /// Indicator ids with an open disagreement between a team's respondents (see
    /// [`crate::team::TeamReport::open`]): their shapes get `data-disagreement="true"` and a
    /// dotted violet outline, and the legend counts them. Ids the catalogue lacks are ignored.
    pub disagreements: Vec<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            lang: "sv".to_owned(),
            width: 960,
            labels: true,
            legend: true,
            palette: Palette::Standard,
            disagreements: Vec::new(),
        }
    }
}

/// The whole flowerbox picture of `assessment` as a standalone SVG document.
pub fn flowerbox(assessment: &Assessment, options: &Options) -> String {
    flowerbox::render(assessment, options)
}

/// A bar chart of the answer distribution: all indicators, each level, and each area's own
/// indicators, as stacked bars with the percentage of each answer written on the bars.
pub fn answer_chart(assessment: &Assessment, options: &Options) -> String {
    chart::answers(assessment, options)
}

/// A chart of `assessment`'s area scores against reference means per area id (national or
/// county averages, for example), on the scale of the catalogue's points with the colour bands
/// behind. An incomplete area shows its provisional score, marked as provisional; reference
/// entries for unknown area ids are ignored.
pub fn comparison_chart(
    assessment: &Assessment,
    reference_label: &str,
    reference: &[(String, f64)],
    options: &Options,
) -> String {
    chart::comparison(assessment, reference_label, reference, options)
}

// ---------------------------------------------------------------------------------------------
// Shared by the picture and the charts.

/// The score report the drawings read (the JSON structure of DESIGN.md).
pub(crate) fn report(assessment: &Assessment) -> ScoreResult {
    assessment.score().result()
}

impl Options {
    /// Widths a picture may have, in pixels.
    pub const WIDTHS: std::ops::RangeInclusive<u32> = 240..=8000;

    /// Checks the options every front end takes from its users: `lang` is `sv` or `en` and
    /// `width` within [`Options::WIDTHS`]. The drawing functions themselves never fail.
    pub fn check(&self) -> crate::Result<()> {
        if !["sv", "en"].contains(&self.lang.as_str()) {
            return Err(crate::Error::InvalidField {
                field: "lang",
                message: format!("unknown language {:?}; expected \"sv\" or \"en\"", self.lang),
            });
        }
        if !Self::WIDTHS.contains(&self.width) {
            return Err(crate::Error::InvalidField {
                field: "width",
                message: format!(
                    "width {} is out of range; expected {} to {} pixels",
                    self.width,
                    Self::WIDTHS.start(),
                    Self::WIDTHS.end()
                ),
            });
        }
        Ok(())
    }
}

/// Checks reference scores for [`comparison_chart`]: every key an area of the catalogue, every
/// value a finite score within the scale's points (1–3 for eBlomlådan).
pub fn check_reference(catalogue: &crate::Catalogue, reference: &[(String, f64)]) -> crate::Result<()> {
    let lo = catalogue.scale().iter().map(|s| s.points).min().unwrap_or(0);
    let hi = catalogue.scale().iter().map(|s| s.points).max().unwrap_or(0);
    for (area, value) in reference {
        if !catalogue.areas().iter().any(|a| &a.id == area) {
            let known: Vec<&str> = catalogue.areas().iter().map(|a| a.id.as_str()).collect();
            return Err(crate::Error::InvalidField {
                field: "reference",
                message: format!("unknown area {area:?}; expected one of {}", known.join(", ")),
            });
        }
        if !(value.is_finite() && (f64::from(lo)..=f64::from(hi)).contains(value)) {
            // Written without `f64`'s Display, which would add the float formatter to the .wasm.
            let shown = match value {
                v if !v.is_finite() => "a non-finite number".to_owned(),
                v if *v < 0.0 => format!("-{}", fmt_decimals(-v, 2, Lang::En)),
                v => fmt_decimals(*v, 2, Lang::En),
            };
            return Err(crate::Error::InvalidField {
                field: "reference",
                message: format!("the score {shown} for {area:?} is not a score; expected a number from {lo} to {hi}"),
            });
        }
    }
    Ok(())
}

/// Internal drawing width (the `viewBox` width).
pub(crate) const WIDTH: f64 = 960.0;

/// The font stack; DejaVu Sans is where rasterisers on Linux find one.
pub(crate) const FONT: &str = "'Segoe UI', 'Helvetica Neue', Arial, 'DejaVu Sans', sans-serif";

/// Text colours.
pub(crate) const INK: &str = "#1f2a33";
pub(crate) const MUTED: &str = "#5b6770";

/// The language of the fixed labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lang {
    Sv,
    En,
}

impl Lang {
    pub(crate) fn of(options: &Options) -> Lang {
        if options.lang.to_ascii_lowercase().starts_with("en") {
            Lang::En
        } else {
            Lang::Sv
        }
    }

    pub(crate) fn pick(self, sv: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Sv => sv,
            Lang::En => en,
        }
    }

    fn decimal_separator(self) -> char {
        match self {
            Lang::Sv => ',',
            Lang::En => '.',
        }
    }
}

/// `hundredths` (a non-negative number of hundredths) as e.g. `1,98`.
fn fmt_hundredths(hundredths: u128, lang: Lang) -> String {
    let mut s = String::with_capacity(8);
    svg::push_uint(&mut s, u64::try_from(hundredths / 100).unwrap_or(u64::MAX));
    s.push(lang.decimal_separator());
    let rest = (hundredths % 100) as u8;
    s.push(char::from(b'0' + rest / 10));
    s.push(char::from(b'0' + rest % 10));
    s
}

/// An exact score with two decimals, rounded half up exactly: `1,98` / `1.98`.
pub(crate) fn fmt_score(score: Fraction, lang: Lang) -> String {
    let (n, d) = (u128::from(score.numer()), u128::from(score.denom()));
    fmt_hundredths((n * 200 + d) / (2 * d), lang)
}

/// A non-negative number with a fixed count of decimals (0–3), in integer arithmetic: `format!`
/// with a precision would bring the float formatter's bignum code into the WebAssembly build.
pub(crate) fn fmt_decimals(v: f64, decimals: u32, lang: Lang) -> String {
    let decimals = decimals.min(3);
    let scale = 10u64.pow(decimals);
    let scaled = (v.max(0.0) * scale as f64).round();
    let n = if scaled.is_finite() { scaled as u64 } else { 0 };
    let mut s = String::with_capacity(8);
    svg::push_uint(&mut s, n / scale);
    if decimals > 0 {
        s.push(lang.decimal_separator());
        let frac = n % scale;
        for place in (0..decimals).rev() {
            s.push(char::from(b'0' + ((frac / 10u64.pow(place)) % 10) as u8));
        }
    }
    s
}

/// A floating-point mean (reference data) with two decimals.
pub(crate) fn fmt_f64(v: f64, lang: Lang) -> String {
    let h = (v.max(0.0) * 100.0).round();
    fmt_hundredths(if h.is_finite() { h as u128 } else { 0 }, lang)
}

/// `count / total` in whole percent, rounded half up (0 when `total` is 0).
pub(crate) fn percent(count: usize, total: usize) -> usize {
    if total == 0 {
        0
    } else {
        (200 * count + total) / (2 * total)
    }
}

/// `45 %` (Swedish) or `45%` (English).
pub(crate) fn fmt_percent(p: usize, lang: Lang) -> String {
    match lang {
        Lang::Sv => format!("{p}\u{a0}%"),
        Lang::En => format!("{p}%"),
    }
}

/// A colour name in words, for texts (`gul`, `yellow`); unknown names as they are.
/// Upper case for the Latin-1 letters our catalogues use (a–z, å, ä, ö, é, ü, …); other
/// characters are left as they are. `char::to_uppercase` would pull Unicode's case tables
/// (about 16 KB gzip) into the WebAssembly build for text that never needs them.
pub(crate) fn latin_upper(c: char) -> char {
    match c {
        'a'..='z' => c.to_ascii_uppercase(),
        '\u{e0}'..='\u{fe}' if c != '\u{f7}' => char::from_u32(c as u32 - 0x20).unwrap_or(c),
        _ => c,
    }
}

/// Lower case, the inverse of [`latin_upper`].
pub(crate) fn latin_lower(c: char) -> char {
    match c {
        'A'..='Z' => c.to_ascii_lowercase(),
        '\u{c0}'..='\u{de}' if c != '\u{d7}' => char::from_u32(c as u32 + 0x20).unwrap_or(c),
        _ => c,
    }
}

pub(crate) fn colour_word(name: &str, lang: Lang) -> String {
    let sv = match name {
        "green" => "grön",
        "yellow" => "gul",
        "red" => "röd",
        "orange" => "orange",
        "blue" => "blå",
        "lightgreen" | "light-green" => "ljusgrön",
        "darkgreen" | "dark-green" => "mörkgrön",
        "purple" => "lila",
        "grey" | "gray" => "grå",
        "none" => "grå",
        other => return other.to_owned(),
    };
    match lang {
        Lang::Sv => sv.to_owned(),
        Lang::En if name == "none" => "grey".to_owned(),
        Lang::En => name.replace('-', " "),
    }
}

/// Neutral fill and outline of unanswered shapes and unfinished flowers.
pub(crate) const NEUTRAL: &str = "#c9ced3";
pub(crate) const NEUTRAL_STROKE: &str = "#8d959c";

pub(crate) fn base_hex(name: &str, palette: Palette) -> String {
    let hex = |h: &str| h.len() == 7 && h.starts_with('#') && h.bytes().skip(1).all(|b| b.is_ascii_hexdigit());
    if hex(name) {
        return name.to_ascii_lowercase();
    }
    let (standard, colour_blind) = match name {
        "green" => ("#3d9b4a", "#009e73"),
        "yellow" => ("#f3c623", "#f0e442"),
        "red" => ("#dc3f2e", "#d55e00"),
        "orange" => ("#f08c25", "#e69f00"),
        "blue" => ("#2f77c7", "#0072b2"),
        "lightgreen" | "light-green" => ("#93c85a", "#56b4e9"),
        "darkgreen" | "dark-green" => ("#1f6e33", "#005a46"),
        "purple" => ("#8e5ea2", "#cc79a7"),
        "grey" | "gray" | "none" => (NEUTRAL, NEUTRAL),
        "black" => ("#333333", "#333333"),
        "white" => ("#ffffff", "#ffffff"),
        _ => ("#9aa3ab", "#9aa3ab"),
    };
    match palette {
        Palette::Standard => standard.to_owned(),
        Palette::ColourBlind => colour_blind.to_owned(),
    }
}

fn rgb(hex: &str) -> [u8; 3] {
    let c = |i: usize| u8::from_str_radix(hex.get(i..i + 2).unwrap_or("80"), 16).unwrap_or(128);
    [c(1), c(3), c(5)]
}

/// `hex` darkened by `factor` (0–1).
pub(crate) fn shade(hex: &str, factor: f64) -> String {
    let [r, g, b] = rgb(hex);
    let f = |c: u8| (f64::from(c) * factor).round().clamp(0.0, 255.0) as u8;
    format!("#{:02x}{:02x}{:02x}", f(r), f(g), f(b))
}

/// Relative luminance-ish brightness in 0–1, to pick dark or light overlays.
fn brightness(hex: &str) -> f64 {
    let [r, g, b] = rgb(hex);
    (0.299 * f64::from(r) + 0.587 * f64::from(g) + 0.114 * f64::from(b)) / 255.0
}

/// How a shape of one colour is filled and outlined.
#[derive(Debug, Clone)]
pub(crate) struct Paint {
    /// `fill` value: a hex colour or `url(#…)` of a pattern.
    pub(crate) fill: String,
    /// Plain colour (for text or small swatches that do not take the pattern).
    pub(crate) base: String,
    /// Outline colour.
    pub(crate) stroke: String,
}

/// The paints of one drawing: per answer, for unanswered shapes, per colour band.
pub(crate) struct Paints {
    pub(crate) answers: Vec<Paint>,
    pub(crate) none: Paint,
    pub(crate) bands: Vec<Paint>,
    /// `<pattern>` definitions to put into `<defs>` (colour-blind palette only).
    pub(crate) defs: String,
}

impl Paints {
    pub(crate) fn new(catalogue: &Catalogue, palette: Palette) -> Paints {
        // Distinct colour names in the order they get patterns: the scale's, then the bands'.
        let mut names: Vec<&str> = Vec::new();
        for name in catalogue
            .scale()
            .iter()
            .map(|s| s.colour.as_str())
            .chain(catalogue.bands().iter().map(|b| b.colour.as_str()))
        {
            if !names.contains(&name) {
                names.push(name);
            }
        }
        let mut defs = String::new();
        let paint_of = |name: &str, defs: &mut String| -> Paint {
            let base = base_hex(name, palette);
            let stroke = shade(&base, 0.62);
            let kind = names.iter().position(|n| *n == name).unwrap_or(0);
            let fill = if palette == Palette::ColourBlind && kind > 0 {
                let id = format!("ebl-cb-{kind}");
                if !defs.contains(&format!("id=\"{id}\"")) {
                    pattern(defs, &id, kind, &base);
                }
                format!("url(#{id})")
            } else {
                base.clone()
            };
            Paint { fill, base, stroke }
        };
        let answers = catalogue
            .scale()
            .iter()
            .map(|s| paint_of(&s.colour, &mut defs))
            .collect();
        let bands = catalogue
            .bands()
            .iter()
            .map(|b| paint_of(&b.colour, &mut defs))
            .collect();
        Paints {
            answers,
            none: Paint {
                fill: NEUTRAL.to_owned(),
                base: NEUTRAL.to_owned(),
                stroke: NEUTRAL_STROKE.to_owned(),
            },
            bands,
            defs,
        }
    }

    /// The paint of an answer (scale position), or of an unanswered shape.
    pub(crate) fn answer(&self, choice: Option<usize>) -> &Paint {
        choice.and_then(|c| self.answers.get(c)).unwrap_or(&self.none)
    }

    /// The paint of a band colour name.
    pub(crate) fn band(&self, catalogue: &Catalogue, colour: Option<&str>) -> &Paint {
        colour
            .and_then(|c| catalogue.bands().iter().position(|b| b.colour == c))
            .and_then(|i| self.bands.get(i))
            .unwrap_or(&self.none)
    }
}

/// A hatching pattern: kind 1 diagonal lines, 2 cross-hatching, 3 dots, 4 horizontal lines,
/// 5 vertical lines, then again from 1.
fn pattern(defs: &mut String, id: &str, kind: usize, base: &str) {
    let ink = if brightness(base) > 0.45 {
        "stroke=\"#000\" stroke-opacity=\".55\""
    } else {
        "stroke=\"#fff\" stroke-opacity=\".7\""
    };
    let dot_ink = if brightness(base) > 0.45 {
        "fill=\"#000\" fill-opacity=\".55\""
    } else {
        "fill=\"#fff\" fill-opacity=\".7\""
    };
    let (transform, body) = match (kind - 1) % 5 {
        0 => (
            " patternTransform=\"rotate(45)\"",
            format!("<path d=\"M0 0V6\" {ink} stroke-width=\"2\"/>"),
        ),
        1 => (
            " patternTransform=\"rotate(45)\"",
            format!("<path d=\"M0 0V6M0 0H6\" {ink} stroke-width=\"1.6\"/>"),
        ),
        2 => ("", format!("<circle cx=\"3\" cy=\"3\" r=\"1.4\" {dot_ink}/>")),
        3 => ("", format!("<path d=\"M0 1H6\" {ink} stroke-width=\"1.6\"/>")),
        _ => ("", format!("<path d=\"M1 0V6\" {ink} stroke-width=\"1.6\"/>")),
    };
    defs.push_str(&format!(
        "<pattern id=\"{id}\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\"{transform}>\
         <rect width=\"6\" height=\"6\" fill=\"{base}\"/>{body}</pattern>"
    ));
}

/// `Kumla 2017`: the municipality's name from the assessment's optional `name` (or
/// `municipality_name`) field, else from the bundled table, else its code.
pub(crate) fn heading(assessment: &Assessment, lang: Lang) -> String {
    match assessment.municipality_name() {
        Some(name) => format!("{name} {}", assessment.year()),
        None => format!(
            "{} {} {}",
            lang.pick("Kommun", "Municipality"),
            assessment.municipality(),
            assessment.year()
        ),
    }
}

/// `88 av 88 indikatorer besvarade · 146 av 264 poäng`.
pub(crate) fn answered_line(result: &ScoreResult, lang: Lang) -> String {
    let t = &result.tally;
    match lang {
        Lang::Sv => format!(
            "{} av {} indikatorer besvarade · {} av {} poäng",
            t.answered, t.total, result.points, result.max_points
        ),
        Lang::En => format!(
            "{} of {} indicators answered · {} of {} points",
            t.answered, t.total, result.points, result.max_points
        ),
    }
}

/// The result in words, for `<desc>`.
pub(crate) fn summary(assessment: &Assessment, result: &ScoreResult, lang: Lang) -> String {
    let catalogue = assessment.catalogue();
    let mut s = format!(
        "{} ({}): {}.",
        heading(assessment, lang),
        catalogue.name().get(lang_tag(lang)),
        answered_line(result, lang).replace(" · ", ", ")
    );
    let t = &result.tally;
    if t.answered > 0 {
        let parts: Vec<String> = catalogue
            .scale()
            .iter()
            .zip(t.counts.iter())
            .map(|(entry, (_, count))| {
                format!(
                    "{}: {} ({})",
                    entry.label.get(lang_tag(lang)),
                    count,
                    fmt_percent(percent(*count, t.answered), lang)
                )
            })
            .collect();
        s.push(' ');
        s.push_str(&parts.join(", "));
        s.push('.');
    }
    for (area, (_, r)) in catalogue.areas().iter().zip(result.areas.iter()) {
        s.push(' ');
        s.push_str(area.name.get(lang_tag(lang)));
        s.push_str(": ");
        s.push_str(&area_status(r, lang));
        s.push('.');
    }
    s
}

/// `gul (1,98)`, `≈ 2,10 (preliminär, 30 av 50 besvarade)` or `inga svar`.
pub(crate) fn area_status(r: &crate::score::AreaResult, lang: Lang) -> String {
    match (r.score_exact, &r.colour, r.provisional_score_exact) {
        (Some(score), Some(colour), _) => format!("{} ({})", colour_word(colour, lang), fmt_score(score, lang)),
        (_, _, Some(p)) => format!(
            "≈ {} ({}, {} {} {} {})",
            fmt_score(p, lang),
            lang.pick("preliminär", "provisional"),
            r.tally.answered,
            lang.pick("av", "of"),
            r.tally.total,
            lang.pick("besvarade", "answered")
        ),
        _ if r.tally.answered == 0 => lang.pick("inga svar", "no answers").to_owned(),
        _ => format!(
            "{} ({} {} {} {})",
            lang.pick("ingen poäng ännu", "no score yet"),
            r.tally.answered,
            lang.pick("av", "of"),
            r.tally.total,
            lang.pick("besvarade", "answered")
        ),
    }
}

/// The language tag used to look up catalogue texts.
pub(crate) fn lang_tag(lang: Lang) -> &'static str {
    lang.pick("sv", "en")
}

/// Opens the root element: size, `role="img"`, font, `<title>` and `<desc>`.
pub(crate) fn open_root(w: &mut svg::Svg, options: &Options, height: f64, title: &str, desc: &str) {
    let height = height.round().max(1.0);
    let px_width = u64::from(options.width.max(1));
    let px_height = (px_width as f64 * height / WIDTH).round() as u64;
    w.raw("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .int(px_width)
        .raw("\" height=\"")
        .int(px_height.max(1))
        .raw("\" viewBox=\"0 0 960 ")
        .num(height)
        .raw("\" role=\"img\" font-family=\"")
        .text(FONT)
        .raw("\">");
    w.title(title).raw("<desc>").text(desc).raw("</desc>");
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn options_and_references_are_checked() {
        assert!(Options::default().check().is_ok());
        let german = Options {
            lang: "de".into(),
            ..Options::default()
        };
        assert!(german
            .check()
            .unwrap_err()
            .to_string()
            .contains("unknown language \"de\""));
        let tiny = Options {
            width: 10,
            ..Options::default()
        };
        assert!(tiny
            .check()
            .unwrap_err()
            .to_string()
            .contains("width 10 is out of range; expected 240 to 8000"));
        let c = crate::Catalogue::builtin("eblomladan-2016").unwrap();
        assert!(check_reference(&c, &[("elderly".into(), 1.9)]).is_ok());
        let err = check_reference(&c, &[("harbour".into(), 2.0)]).unwrap_err().to_string();
        assert!(err.contains("unknown area \"harbour\""), "{err}");
        for bad in [0.5, 3.5, f64::INFINITY, f64::NAN] {
            let err = check_reference(&c, &[("elderly".into(), bad)]).unwrap_err().to_string();
            assert!(err.contains("expected a number from 1 to 3"), "{err}");
        }
    }

    #[test]
    fn fixed_decimals_without_the_float_formatter() {
        assert_eq!(fmt_decimals(1.5, 1, Lang::Sv), "1,5");
        assert_eq!(fmt_decimals(2.0, 0, Lang::En), "2");
        assert_eq!(fmt_decimals(2.25, 2, Lang::En), "2.25");
        assert_eq!(fmt_decimals(1.05, 2, Lang::Sv), "1,05");
        assert_eq!(fmt_decimals(-3.0, 1, Lang::En), "0.0");
    }

    #[test]
    fn latin_case_mapping_covers_swedish() {
        let up: String = "ledning, åäö é ü ÷ ж".chars().map(latin_upper).collect();
        assert_eq!(up, "LEDNING, ÅÄÖ É Ü ÷ ж");
        let down: String = "UPPFYLLER HELT ÅÄÖ × Ж".chars().map(latin_lower).collect();
        assert_eq!(down, "uppfyller helt åäö × Ж");
    }

    #[test]
    fn palette_names_round_trip() {
        for p in Palette::ALL {
            assert_eq!(p.to_string().parse::<Palette>(), Ok(p));
        }
        for alias in ["colorblind", "Color-Blind", "colourblind", " colour-blind "] {
            assert_eq!(alias.parse::<Palette>(), Ok(Palette::ColourBlind), "{alias}");
        }
        let err = "rainbow".parse::<Palette>().unwrap_err().to_string();
        assert!(err.contains("rainbow") && err.contains("colour-blind"), "{err}");
        assert_eq!(Palette::default(), Palette::Standard);
    }

    #[test]
    fn default_options() {
        let o = Options::default();
        assert_eq!((o.lang.as_str(), o.width, o.labels, o.legend), ("sv", 960, true, true));
        assert_eq!(o.palette, Palette::Standard);
    }

    #[test]
    fn numbers_follow_the_language_and_round_exactly() {
        let f = |n, d| Fraction::new(n, d).unwrap();
        assert_eq!(fmt_score(f(7, 3), Lang::Sv), "2,33");
        assert_eq!(fmt_score(f(5, 3), Lang::En), "1.67");
        assert_eq!(fmt_score(f(1, 8), Lang::En), "0.13"); // 0.125 rounds half up
        assert_eq!(fmt_score(f(3, 1), Lang::Sv), "3,00");
        assert_eq!(fmt_f64(1.976, Lang::Sv), "1,98");
        assert_eq!(fmt_percent(percent(40, 88), Lang::Sv), "45\u{a0}%");
        assert_eq!(fmt_percent(percent(10, 88), Lang::En), "11%");
        assert_eq!(percent(1, 0), 0);
    }

    #[test]
    fn colours_and_shades() {
        assert_eq!(base_hex("#ABCDEF", Palette::Standard), "#abcdef");
        assert_eq!(base_hex("green", Palette::ColourBlind), "#009e73");
        assert_eq!(shade("#ffffff", 0.5), "#808080");
        assert_eq!(colour_word("yellow", Lang::Sv), "gul");
        assert_eq!(colour_word("magenta", Lang::Sv), "magenta");
    }
}
