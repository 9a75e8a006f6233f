//! The report as a Word document (docx-rs): the same content as the HTML, with real heading
//! styles (a navigable outline), tables, the pictures as PNG, and a marked place for the
//! municipality's own text under every "Förslag till insats" and under the conclusion.
//!
//! The core stays pure: the pictures are SVG here, and rasterising needs fonts, so the front
//! end passes a function that turns an SVG into PNG bytes (the CLI and Python use resvg). When
//! it returns `None` the document says in words what the picture shows.

use docx_rs::{
    AlignmentType, BreakType, Docx, PageMargin, Paragraph, Pic, Run, RunFonts, Style, StyleType, Table, TableCell,
    TableRow, WidthType,
};

use super::html::{actions_lead, change_sentences, named_line, standing};
use super::{colour_name, fill, fmt_score, phrase, Actions, Report, SectionKind};

/// Why a Word document could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DocxError {
    /// The packer failed (zip).
    #[error("cannot write the Word document: {0}")]
    Pack(String),
}

/// A4 in twentieths of a point, and its text width in EMU (16 cm).
const A4: (u32, u32) = (11906, 16838);
const TEXT_WIDTH_EMU: u32 = 5_760_000;

/// Text that XML 1.0 cannot hold (C0 controls other than tab and newline, U+FFFE, U+FFFF) is
/// dropped: Word refuses a document with them. docx-rs escapes the markup characters.
fn clean(s: &str) -> String {
    s.chars()
        .filter(|&c| !(c < ' ' && c != '\t' && c != '\n') && c != '\u{fffe}' && c != '\u{ffff}')
        .collect()
}

fn para(text: &str) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(clean(text)))
}

fn styled(text: &str, style: &str) -> Paragraph {
    para(text).style(style)
}

fn cell(text: &str) -> TableCell {
    TableCell::new().add_paragraph(para(text))
}

fn header_cell(text: &str) -> TableCell {
    TableCell::new().add_paragraph(Paragraph::new().add_run(Run::new().add_text(clean(text)).bold()))
}

fn table(header: &[&str], rows: Vec<Vec<String>>, widths: &[usize]) -> Table {
    let mut all = vec![TableRow::new(header.iter().map(|h| header_cell(h)).collect())];
    all.extend(
        rows.into_iter()
            .map(|r| TableRow::new(r.iter().map(|c| cell(c)).collect())),
    );
    Table::new(all)
        .set_grid(widths.to_vec())
        .width(widths.iter().sum(), WidthType::Dxa)
}

/// Width and height of a PNG from its header, `None` when it is not one.
fn png_size(png: &[u8]) -> Option<(u32, u32)> {
    if png.len() < 24 || &png[..8] != b"\x89PNG\r\n\x1a\n" || &png[12..16] != b"IHDR" {
        return None;
    }
    let w = u32::from_be_bytes(png[16..20].try_into().ok()?);
    let h = u32::from_be_bytes(png[20..24].try_into().ok()?);
    (w > 0 && h > 0).then_some((w, h))
}

impl Report {
    /// The report as a Word document. `raster` turns an SVG picture into PNG bytes; a picture
    /// it returns `None` for is described in words instead.
    ///
    /// # Errors
    /// [`DocxError`] when the document cannot be packed.
    pub fn to_docx(&self, raster: &dyn Fn(&str) -> Option<Vec<u8>>) -> Result<Vec<u8>, DocxError> {
        let lang = self.lang.as_str();
        let t = |key: &str| phrase(lang, key);
        let mut pictures = 0usize;
        let mut doc = Docx::new()
            .page_size(A4.0, A4.1)
            .page_margin(PageMargin::new().top(1000).bottom(1000).left(1134).right(1134))
            .default_fonts(RunFonts::new().ascii("Calibri").hi_ansi("Calibri"))
            .default_size(22)
            .add_style(Style::new("Title", StyleType::Paragraph).name("Title").size(52).bold())
            .add_style(
                Style::new("Heading1", StyleType::Paragraph)
                    .name("Heading 1")
                    .size(36)
                    .bold()
                    .outline_lvl(0),
            )
            .add_style(
                Style::new("Heading2", StyleType::Paragraph)
                    .name("Heading 2")
                    .size(30)
                    .bold()
                    .outline_lvl(1),
            )
            .add_style(
                Style::new("Heading3", StyleType::Paragraph)
                    .name("Heading 3")
                    .size(24)
                    .bold()
                    .outline_lvl(2),
            )
            .add_style(
                Style::new("Placeholder", StyleType::Paragraph)
                    .name("Placeholder")
                    .italic()
                    .color("4A5660"),
            )
            .add_style(
                Style::new("Caption", StyleType::Paragraph)
                    .name("Caption")
                    .italic()
                    .size(18),
            );

        let mut picture = |doc: Docx, svg: &str, caption: &str| -> Docx {
            match raster(svg).and_then(|png| png_size(&png).map(|s| (png, s))) {
                Some((png, (w, h))) => {
                    pictures += 1;
                    let width = TEXT_WIDTH_EMU.min(w.saturating_mul(9525));
                    let height = (u64::from(width) * u64::from(h) / u64::from(w)) as u32;
                    let pic = Pic::new_with_dimensions(png, w, h)
                        .size(width, height)
                        .id(format!("rIdImage{pictures}"));
                    doc.add_paragraph(
                        Paragraph::new()
                            .add_run(Run::new().add_image(pic))
                            .align(AlignmentType::Center),
                    )
                    .add_paragraph(styled(caption, "Caption"))
                }
                None => doc.add_paragraph(styled(caption, "Caption")),
            }
        };
        let h1 = |text: &str| styled(text, "Heading1").page_break_before(true);

        doc = doc
            .add_paragraph(styled(&self.title, "Title"))
            .add_paragraph(para(&format!(
                "{} · {} · {} · {}",
                t("report"),
                self.method.catalogue_name,
                self.municipality,
                self.year
            )));
        if self.synthetic {
            doc = doc.add_paragraph(para(t("synthetic-assessment")));
        }

        // Background and method.
        let m = &self.method;
        doc = doc.add_paragraph(h1(t("background"))).add_paragraph(para(&fill(
            t("method-intro"),
            &[
                ("n", &m.indicators.to_string()),
                ("catalogue", &m.catalogue_name),
                ("k", &m.scale.len().to_string()),
            ],
        )));
        doc = doc.add_table(table(
            &[t("answer-column"), t("score")],
            m.scale
                .iter()
                .map(|s| vec![s.label.clone(), s.points.to_string()])
                .collect(),
            &[6000, 3600],
        ));
        doc = doc
            .add_paragraph(para(&fill(
                t("total-points"),
                &[("min", &m.min_points.to_string()), ("max", &m.max_points.to_string())],
            )))
            .add_paragraph(para(t("levels-intro")));
        doc = doc.add_table(table(
            &[t("section"), t("indicators"), t("weight")],
            m.levels
                .iter()
                .map(|l| {
                    vec![
                        l.name.clone(),
                        l.indicators.to_string(),
                        format!("{} % ({})", l.weight_percent, l.weight),
                    ]
                })
                .collect(),
            &[5600, 2000, 2000],
        ));
        doc = doc.add_paragraph(para(t("bands-intro")));
        for (_, name, min) in &m.bands {
            doc = doc.add_paragraph(para(&format!(
                "• {}",
                fill(t("band-from"), &[("colour", name), ("min", &fmt_score(lang, *min))])
            )));
        }
        for (title, text) in &self.guidance {
            doc = doc.add_paragraph(styled(title, "Heading2"));
            for p in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
                doc = doc.add_paragraph(para(p));
            }
        }

        // Results: the pictures.
        doc = doc.add_paragraph(h1(t("results")));
        let year = self.year.to_string();
        let caption = fill(t("flowerbox-year"), &[("name", &self.name), ("year", &year)]);
        doc = doc.add_paragraph(styled(&caption, "Heading2"));
        doc = picture(doc, &self.flowerbox, &caption);
        if let Some((y, svg)) = &self.previous {
            let caption = fill(t("flowerbox-year"), &[("name", &self.name), ("year", &y.to_string())]);
            doc = doc.add_paragraph(styled(&caption, "Heading2"));
            doc = picture(doc, svg, &caption);
        }
        match (&self.reference, &self.comparison) {
            (Some(r), Some(svg)) => {
                let heading = fill(t("reference-heading"), &[("label", &r.label)]);
                doc = doc
                    .add_paragraph(styled(&heading, "Heading2"))
                    .add_paragraph(para(&r.sentence));
                doc = picture(doc, svg, &heading);
            }
            _ => doc = doc.add_paragraph(para(t("reference-none"))),
        }

        // Analysis.
        doc = doc
            .add_paragraph(h1(t("analysis")))
            .add_paragraph(para(t("analysis-intro")));
        if let Some(r) = &self.reference {
            doc = doc.add_paragraph(para(&r.sentence));
        }
        let label = self
            .reference
            .as_ref()
            .map_or_else(|| t("reference-label-published").to_owned(), |r| r.label.clone());
        for s in &self.sections {
            doc = doc
                .add_paragraph(styled(&s.name, "Heading2"))
                .add_paragraph(para(&standing(lang, s)))
                .add_paragraph(styled(t("change-heading"), "Heading3"));
            for line in change_sentences(lang, s) {
                doc = doc.add_paragraph(para(&line));
            }
            if let Some(c) = &s.change {
                doc = doc.add_table(table(
                    &[
                        t("answer-column"),
                        &fill(t("before"), &[("year", &c.year.to_string())]),
                        &fill(t("after"), &[("year", &year)]),
                    ],
                    c.counts
                        .iter()
                        .map(|r| vec![r.label.clone(), r.before.to_string(), r.after.to_string()])
                        .collect(),
                    &[5600, 2000, 2000],
                ));
                for (key, list) in [("moved-up", &c.up), ("moved-down", &c.down), ("moved-other", &c.other)] {
                    if !list.is_empty() {
                        doc = doc.add_paragraph(para(&format!("{}:", t(key))));
                        for n in list {
                            doc = doc.add_paragraph(para(&format!("• {}", named_line(lang, n))));
                        }
                    }
                }
            }
            doc = doc.add_paragraph(styled(&fill(t("best-worst-heading"), &[("label", &label)]), "Heading3"));
            if s.best.is_none() && s.worst.is_none() {
                doc = doc.add_paragraph(para(if self.reference.is_some() {
                    t("no-reference-figures")
                } else {
                    t("reference-none")
                }));
            }
            for (key, r) in [("best", &s.best), ("worst", &s.worst)] {
                if let Some(r) = r {
                    doc = doc.add_paragraph(para(&fill(
                        t(key),
                        &[
                            ("percent", &r.percent.to_string()),
                            ("answer", &r.answer),
                            ("statement", &format!("«{}» ({})", r.statement, r.id)),
                            ("own", &r.own),
                        ],
                    )));
                }
            }
            doc = doc.add_paragraph(styled(t("actions-heading"), "Heading3"));
            for line in actions_lead(lang, &s.actions) {
                doc = doc.add_paragraph(para(&line));
            }
            match &s.actions {
                Actions::NextColour { changes, .. } => {
                    for (i, n) in changes.iter().enumerate() {
                        doc = doc.add_paragraph(para(&format!("{}. {}", i + 1, named_line(lang, n))));
                    }
                }
                Actions::Level { changes } => {
                    for (i, (n, lifted)) in changes.iter().enumerate() {
                        let mut line = format!("{}. {}", i + 1, named_line(lang, n));
                        if !lifted.is_empty() {
                            line.push_str("; ");
                            line.push_str(&fill(t("lifts"), &[("areas", &lifted.join(", "))]));
                        }
                        doc = doc.add_paragraph(para(&line));
                    }
                }
                _ => {}
            }
            doc = doc
                .add_paragraph(Paragraph::new().add_run(Run::new().add_text(t("own-text")).bold()))
                .add_paragraph(styled(t("own-text-placeholder"), "Placeholder"))
                .add_paragraph(Paragraph::new().add_run(Run::new().add_break(BreakType::TextWrapping)));
        }

        // Summary.
        doc = doc.add_paragraph(h1(t("summary")));
        for line in self.summary_sentences() {
            doc = doc.add_paragraph(para(&line));
        }
        let previous_year = self.sections.iter().find_map(|s| s.change.as_ref().map(|c| c.year));
        let fmt = |v: Option<f64>| v.map_or_else(|| "–".to_owned(), |v| fmt_score(lang, v));
        let previous_heading = previous_year.map(|y| fill(t("previous-score"), &[("year", &y.to_string())]));
        let mut header = vec![t("area"), t("score")];
        if let Some(h) = &previous_heading {
            header.push(h);
        }
        header.push(t("colour"));
        let rows = self
            .sections
            .iter()
            .filter(|s| s.kind == SectionKind::Area)
            .map(|s| {
                let mut row = vec![s.name.clone(), fmt(s.score)];
                if previous_year.is_some() {
                    row.push(fmt(s.change.as_ref().and_then(|c| c.score_before)));
                }
                row.push(
                    s.colour
                        .as_deref()
                        .map_or_else(|| "–".to_owned(), |c| colour_name(lang, c)),
                );
                row
            })
            .collect();
        let widths: &[usize] = if previous_year.is_some() {
            &[4600, 1600, 1600, 1800]
        } else {
            &[5200, 2000, 2400]
        };
        doc = doc.add_table(table(&header, rows, widths));

        // Conclusion and appendix.
        doc = doc
            .add_paragraph(h1(t("conclusion")))
            .add_paragraph(styled(t("conclusion-placeholder"), "Placeholder"))
            .add_paragraph(h1(t("appendix")));
        doc = doc.add_table(table(
            &[t("indicator"), t("statement"), t("answer-column"), t("comment")],
            self.appendix
                .iter()
                .map(|r| {
                    vec![
                        r.id.clone(),
                        r.statement.clone(),
                        r.label.clone(),
                        r.comment.clone().unwrap_or_default(),
                    ]
                })
                .collect(),
            &[1300, 4300, 1700, 2300],
        ));
        doc = doc.add_paragraph(styled(t("generated"), "Caption"));

        let mut out = std::io::Cursor::new(Vec::with_capacity(64 * 1024));
        doc.build().pack(&mut out).map_err(|e| DocxError::Pack(e.to_string()))?;
        Ok(out.into_inner())
    }
}
