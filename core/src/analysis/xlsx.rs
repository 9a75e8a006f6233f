//! Excel workbooks (feature `xlsx`): one assessment, or a compilation, for further analysis
//! ("Export one's own assessment and the compilation to Excel", DOMAIN.md §5).
//!
//! The workbooks are built in memory and returned as bytes (no I/O). Texts are written as
//! strings, never as formulas, so a comment starting with `=` stays a comment. Excel limits a
//! cell to 32 767 characters; longer texts are cut there and end with "…".
//!
//! **One assessment** — sheet *Indicators* (*Indikatorer*): one row per indicator in catalogue
//! order with area (or "all areas" for a general indicator), level, id, statement, answer,
//! points and comment, the answer cell filled with its colour; sheet *Summary*
//! (*Sammanfattning*): catalogue, municipality, year, answered, points, the count and share of
//! each answer, each level's mean and each flower's score and colour.
//!
//! **A compilation** — sheet *Indicators*: per indicator the answered and unanswered counts, the
//! count and share of each answer and the mean; *Levels*; *Areas*: per area the mean flower
//! score, the level means, the colour counts and shares, the best and worst indicator; *Top and
//! bottom*; and with groups, *Groups* (per group the assessments and per area and level means)
//! and *Group shares* (per indicator and group, the share of the best answer).
//!
//! ```
//! use std::sync::Arc;
//! use eblomlada::analysis::{self, xlsx, CompileOptions, SyntheticOptions};
//! use eblomlada::Catalogue;
//!
//! let catalogue = Arc::new(Catalogue::builtin("eblomladan-2016")?);
//! let data = analysis::synthetic::generate(&catalogue, &SyntheticOptions::new(1, [2017]))?;
//! let bytes = xlsx::assessment_workbook(&data[0], "sv")?;
//! assert_eq!(&bytes[..2], b"PK"); // a zip container
//! let compilation = analysis::compile(&data, &CompileOptions::new())?;
//! let bytes = xlsx::compilation_workbook(&compilation, &catalogue, "en")?;
//! assert!(bytes.len() > 1000);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use rust_xlsxwriter::{Color, Format, Workbook, Worksheet, XlsxError};

use crate::analysis::compile::{best_answer, Compilation, RankedIndicator, Summary};
use crate::analysis::AnalysisError;
use crate::assessment::Assessment;
use crate::catalogue::Catalogue;

impl From<XlsxError> for AnalysisError {
    fn from(e: XlsxError) -> Self {
        AnalysisError::Xlsx(e.to_string())
    }
}

const MAX_CELL: usize = 32_767;

/// Labels in Swedish or English.
struct Labels {
    sv: bool,
}

impl Labels {
    fn new(lang: &str) -> Labels {
        Labels { sv: lang != "en" }
    }

    fn t(&self, sv: &'static str, en: &'static str) -> &'static str {
        if self.sv {
            sv
        } else {
            en
        }
    }
}

/// A worksheet being filled row by row.
struct Sheet<'a> {
    ws: &'a mut Worksheet,
    row: u32,
    bold: Format,
    percent: Format,
    decimal: Format,
    wrap: Format,
}

fn fill(colour: &str) -> Option<Format> {
    let rgb = match colour {
        "green" => 0x00C6_EFCE,
        "yellow" => 0x00FF_EB9C,
        "red" => 0x00FF_C7CE,
        _ => return None,
    };
    Some(Format::new().set_background_color(Color::RGB(rgb)))
}

fn cut(text: &str) -> String {
    if text.chars().count() <= MAX_CELL {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(MAX_CELL - 1).collect();
    out.push('…');
    out
}

impl<'a> Sheet<'a> {
    fn new(workbook: &'a mut Workbook, name: &str) -> Result<Sheet<'a>, AnalysisError> {
        let ws = workbook.add_worksheet();
        ws.set_name(name)?;
        Ok(Sheet {
            ws,
            row: 0,
            bold: Format::new().set_bold(),
            percent: Format::new().set_num_format("0.0%"),
            decimal: Format::new().set_num_format("0.000"),
            wrap: Format::new().set_text_wrap(),
        })
    }

    fn header(&mut self, titles: &[&str]) -> Result<(), AnalysisError> {
        for (c, t) in titles.iter().enumerate() {
            self.ws.write_string_with_format(self.row, c as u16, *t, &self.bold)?;
        }
        self.row += 1;
        Ok(())
    }

    fn text(&mut self, col: u16, text: &str) -> Result<(), AnalysisError> {
        if !text.is_empty() {
            self.ws.write_string(self.row, col, cut(text))?;
        }
        Ok(())
    }

    fn wrapped(&mut self, col: u16, text: &str) -> Result<(), AnalysisError> {
        if !text.is_empty() {
            self.ws.write_string_with_format(self.row, col, cut(text), &self.wrap)?;
        }
        Ok(())
    }

    fn number(&mut self, col: u16, value: f64) -> Result<(), AnalysisError> {
        self.ws.write_number(self.row, col, value)?;
        Ok(())
    }

    fn share(&mut self, col: u16, value: Option<f64>) -> Result<(), AnalysisError> {
        if let Some(v) = value {
            self.ws.write_number_with_format(self.row, col, v, &self.percent)?;
        }
        Ok(())
    }

    fn mean(&mut self, col: u16, value: Option<f64>) -> Result<(), AnalysisError> {
        if let Some(v) = value {
            self.ws.write_number_with_format(self.row, col, v, &self.decimal)?;
        }
        Ok(())
    }

    fn next(&mut self) {
        self.row += 1;
    }

    fn widths(&mut self, widths: &[f64]) -> Result<(), AnalysisError> {
        for (c, w) in widths.iter().enumerate() {
            self.ws.set_column_width(c as u16, *w)?;
        }
        Ok(())
    }

    /// Freezes the header row and puts a filter on the table.
    fn table(&mut self, columns: u16) -> Result<(), AnalysisError> {
        self.ws.set_freeze_panes(1, 0)?;
        if self.row > 1 && columns > 0 {
            self.ws.autofilter(0, 0, self.row - 1, columns - 1)?;
        }
        Ok(())
    }
}

fn area_name(catalogue: &Catalogue, area: Option<&str>, labels: &Labels, lang: &str) -> String {
    match area {
        None => labels.t("Alla områden", "All areas").to_owned(),
        Some(id) => catalogue
            .areas()
            .iter()
            .find(|a| a.id == id)
            .map_or_else(|| id.to_owned(), |a| a.name.get(lang).to_owned()),
    }
}

fn level_name(catalogue: &Catalogue, level: &str, lang: &str) -> String {
    catalogue
        .levels()
        .iter()
        .find(|l| l.id == level)
        .map_or_else(|| level.to_owned(), |l| l.name.get(lang).to_owned())
}

/// The workbook of one assessment, with texts in `lang` (`sv` or `en`).
pub fn assessment_workbook(assessment: &Assessment, lang: &str) -> Result<Vec<u8>, AnalysisError> {
    let labels = Labels::new(lang);
    let catalogue = assessment.catalogue();
    let scale = catalogue.scale();
    let mut workbook = Workbook::new();
    {
        let mut sheet = Sheet::new(&mut workbook, labels.t("Indikatorer", "Indicators"))?;
        sheet.header(&[
            labels.t("Område", "Area"),
            labels.t("Nivå", "Level"),
            labels.t("Indikator", "Indicator"),
            labels.t("Påstående", "Statement"),
            labels.t("Svar", "Answer"),
            labels.t("Poäng", "Points"),
            labels.t("Kommentar", "Comment"),
        ])?;
        for (indicator, slot) in catalogue.indicators().iter().zip(assessment.slots()) {
            sheet.text(0, &area_name(catalogue, indicator.area.as_deref(), &labels, lang))?;
            sheet.text(1, &level_name(catalogue, &indicator.level, lang))?;
            sheet.text(2, &indicator.id)?;
            sheet.wrapped(3, indicator.text.get(lang))?;
            if let Some(answer) = slot {
                let entry = &scale[answer.choice];
                let label = cut(entry.label.get(lang));
                match fill(&entry.colour) {
                    Some(format) => {
                        sheet.ws.write_string_with_format(sheet.row, 4, label, &format)?;
                    }
                    None => sheet.text(4, &label)?,
                }
                sheet.number(5, f64::from(entry.points))?;
                if let Some(comment) = &answer.comment {
                    sheet.wrapped(6, comment)?;
                }
            }
            sheet.next();
        }
        sheet.table(7)?;
        sheet.widths(&[24.0, 24.0, 13.0, 70.0, 18.0, 8.0, 50.0])?;
    }
    {
        let score = assessment.score();
        let result = score.result();
        let mut sheet = Sheet::new(&mut workbook, labels.t("Sammanfattning", "Summary"))?;
        let name = assessment.municipality_name().unwrap_or("");
        let rows: [(&str, String); 4] = [
            (labels.t("Katalog", "Catalogue"), catalogue.name().get(lang).to_owned()),
            (
                labels.t("Kommunkod", "Municipality code"),
                assessment.municipality().to_owned(),
            ),
            (labels.t("Kommun", "Municipality"), name.to_owned()),
            (labels.t("År", "Year"), assessment.year().to_string()),
        ];
        for (label, value) in rows {
            sheet.ws.write_string_with_format(sheet.row, 0, label, &sheet.bold)?;
            sheet.text(1, &value)?;
            sheet.next();
        }
        for (label, value) in [
            (labels.t("Besvarade", "Answered"), result.tally.answered as f64),
            (labels.t("Indikatorer", "Indicators"), result.tally.total as f64),
            (labels.t("Poäng", "Points"), result.points as f64),
            (labels.t("Max poäng", "Maximum points"), result.max_points as f64),
        ] {
            sheet.ws.write_string_with_format(sheet.row, 0, label, &sheet.bold)?;
            sheet.number(1, value)?;
            sheet.next();
        }
        sheet.next();
        sheet.header(&[
            labels.t("Svar", "Answer"),
            labels.t("Antal", "Count"),
            labels.t("Andel", "Share"),
        ])?;
        for entry in scale {
            sheet.text(0, entry.label.get(lang))?;
            sheet.number(1, result.tally.counts.get(&entry.id).copied().unwrap_or(0) as f64)?;
            sheet.share(2, result.tally.shares.as_ref().and_then(|s| s.get(&entry.id)).copied())?;
            sheet.next();
        }
        sheet.next();
        sheet.header(&[
            labels.t("Nivå", "Level"),
            labels.t("Medel", "Mean"),
            labels.t("Besvarade", "Answered"),
            labels.t("Indikatorer", "Indicators"),
        ])?;
        for (id, level) in result.levels.iter() {
            sheet.text(0, &level_name(catalogue, id, lang))?;
            sheet.mean(1, level.mean)?;
            sheet.number(2, level.tally.answered as f64)?;
            sheet.number(3, level.tally.total as f64)?;
            sheet.next();
        }
        sheet.next();
        let mut titles = vec![
            labels.t("Område", "Area"),
            labels.t("Blompoäng", "Flower score"),
            labels.t("Färg", "Colour"),
            labels.t("Komplett", "Complete"),
        ];
        let level_titles: Vec<String> = catalogue.levels().iter().map(|l| l.name.get(lang).to_owned()).collect();
        titles.extend(level_titles.iter().map(String::as_str));
        sheet.header(&titles)?;
        for (id, area) in result.areas.iter() {
            sheet.text(0, &area_name(catalogue, Some(id), &labels, lang))?;
            sheet.mean(1, area.score)?;
            if let Some(colour) = &area.colour {
                match fill(colour) {
                    Some(format) => {
                        sheet.ws.write_string_with_format(sheet.row, 2, colour, &format)?;
                    }
                    None => sheet.text(2, colour)?,
                }
            }
            sheet.text(
                3,
                if area.complete {
                    labels.t("ja", "yes")
                } else {
                    labels.t("nej", "no")
                },
            )?;
            for (k, (_, mean)) in area.means.iter().enumerate() {
                sheet.mean(4 + k as u16, *mean)?;
            }
            sheet.next();
        }
        sheet.widths(&[28.0, 14.0, 12.0, 10.0, 16.0, 16.0, 16.0])?;
    }
    Ok(workbook.save_to_buffer()?)
}

/// The workbook of a compilation; `catalogue` gives the statements and names and must be the
/// compilation's catalogue.
pub fn compilation_workbook(
    compilation: &Compilation,
    catalogue: &Catalogue,
    lang: &str,
) -> Result<Vec<u8>, AnalysisError> {
    if catalogue.reference() != compilation.catalogue {
        return Err(AnalysisError::CatalogueMismatch {
            what: "writing the workbook of a compilation".to_owned(),
            expected: compilation.catalogue.clone(),
            found: catalogue.reference(),
        });
    }
    let labels = Labels::new(lang);
    let summary = &compilation.summary;
    let scale = catalogue.scale();
    let mut workbook = Workbook::new();
    indicators_sheet(&mut workbook, catalogue, summary, &labels, lang)?;
    {
        let mut sheet = Sheet::new(&mut workbook, labels.t("Nivåer", "Levels"))?;
        let mut titles: Vec<String> = [
            labels.t("Nivå", "Level"),
            labels.t("Bedömningar", "Assessments"),
            labels.t("Medel av medel", "Mean of means"),
            labels.t("Poolat medel", "Pooled mean"),
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        titles.extend(scale.iter().map(|s| s.label.get(lang).to_owned()));
        titles.extend(scale.iter().map(|s| format!("{} (%)", s.label.get(lang))));
        sheet.header(&titles.iter().map(String::as_str).collect::<Vec<_>>())?;
        for (id, level) in summary.levels.iter() {
            sheet.text(0, &level_name(catalogue, id, lang))?;
            sheet.number(1, level.assessments as f64)?;
            sheet.mean(2, level.mean)?;
            sheet.mean(3, level.pooled_mean)?;
            let ns = scale.len() as u16;
            for (k, entry) in scale.iter().enumerate() {
                sheet.number(4 + k as u16, level.counts.get(&entry.id).copied().unwrap_or(0) as f64)?;
                sheet.share(
                    4 + ns + k as u16,
                    level.shares.as_ref().and_then(|s| s.get(&entry.id)).copied(),
                )?;
            }
            sheet.next();
        }
        sheet.widths(&[40.0, 12.0, 14.0, 12.0])?;
    }
    {
        let mut sheet = Sheet::new(&mut workbook, labels.t("Områden", "Areas"))?;
        let mut titles: Vec<String> = [
            labels.t("Område", "Area"),
            labels.t("Kompletta", "Complete"),
            labels.t("Ofullständiga", "Incomplete"),
            labels.t("Medel blompoäng", "Mean flower score"),
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        titles.extend(catalogue.levels().iter().map(|l| l.name.get(lang).to_owned()));
        titles.extend(catalogue.bands().iter().map(|b| b.colour.clone()));
        titles.extend(catalogue.bands().iter().map(|b| format!("{} (%)", b.colour)));
        titles.push(labels.t("Bästa indikator", "Best indicator").to_owned());
        titles.push(labels.t("Sämsta indikator", "Worst indicator").to_owned());
        sheet.header(&titles.iter().map(String::as_str).collect::<Vec<_>>())?;
        let (nl, nb) = (catalogue.levels().len() as u16, catalogue.bands().len() as u16);
        for (id, area) in summary.areas.iter() {
            sheet.text(0, &area_name(catalogue, Some(id), &labels, lang))?;
            sheet.number(1, area.scored as f64)?;
            sheet.number(2, area.incomplete as f64)?;
            sheet.mean(3, area.mean)?;
            for (k, (_, mean)) in area.means.iter().enumerate() {
                sheet.mean(4 + k as u16, *mean)?;
            }
            for (k, band) in catalogue.bands().iter().enumerate() {
                sheet.number(
                    4 + nl + k as u16,
                    area.colours.get(&band.colour).copied().unwrap_or(0) as f64,
                )?;
                sheet.share(
                    4 + nl + nb + k as u16,
                    area.colour_shares.as_ref().and_then(|s| s.get(&band.colour)).copied(),
                )?;
            }
            let col = 4 + nl + 2 * nb;
            let describe = |r: &Option<RankedIndicator>| {
                r.as_ref()
                    .map(|r| format!("{} ({} %): {}", r.id, r.percent, r.statement))
                    .unwrap_or_default()
            };
            sheet.wrapped(col, &describe(&area.best))?;
            sheet.wrapped(col + 1, &describe(&area.worst))?;
            sheet.next();
        }
        sheet.widths(&[28.0, 10.0, 12.0, 16.0])?;
    }
    {
        let mut sheet = Sheet::new(&mut workbook, labels.t("Topp och botten", "Top and bottom"))?;
        let best = &scale[best_answer(catalogue)];
        let lowest = &scale[crate::analysis::compile::lowest_answer(catalogue)];
        let share_title = format!("{} (%)", best.label.get(lang));
        // The bottom list ranks by the lowest answer's share, so it has a column of its own.
        let low_title = format!("{} (%)", lowest.label.get(lang));
        sheet.header(&[
            labels.t("Lista", "List"),
            labels.t("Plats", "Rank"),
            labels.t("Indikator", "Indicator"),
            labels.t("Påstående", "Statement"),
            &share_title,
            &low_title,
            labels.t("Medelpoäng", "Mean points"),
            labels.t("Besvarade", "Answered"),
        ])?;
        for (list, entries) in [
            (labels.t("Topp", "Top"), &summary.top),
            (labels.t("Botten", "Bottom"), &summary.bottom),
        ] {
            for r in entries {
                let low = summary
                    .indicators
                    .get(&r.id)
                    .and_then(|s| s.shares.as_ref())
                    .and_then(|s| s.get(&lowest.id))
                    .copied();
                sheet.text(0, list)?;
                sheet.number(1, r.rank as f64)?;
                sheet.text(2, &r.id)?;
                sheet.wrapped(3, catalogue.indicator(&r.id).map_or("", |i| i.text.get(lang)))?;
                sheet.share(4, Some(r.share))?;
                sheet.share(5, low)?;
                sheet.mean(6, Some(r.mean))?;
                sheet.number(7, r.answered as f64)?;
                sheet.next();
            }
        }
        sheet.widths(&[10.0, 6.0, 13.0, 70.0, 12.0, 12.0, 12.0, 10.0])?;
    }
    if let Some(groups) = &compilation.groups {
        {
            let mut sheet = Sheet::new(&mut workbook, labels.t("Grupper", "Groups"))?;
            let mut titles: Vec<String> = [
                labels.t("Grupp", "Group"),
                labels.t("Namn", "Name"),
                labels.t("Bedömningar", "Assessments"),
                labels.t("Kommuner", "Municipalities"),
            ]
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
            titles.extend(catalogue.areas().iter().map(|a| a.name.get(lang).to_owned()));
            titles.extend(catalogue.levels().iter().map(|l| l.name.get(lang).to_owned()));
            sheet.header(&titles.iter().map(String::as_str).collect::<Vec<_>>())?;
            let na = catalogue.areas().len() as u16;
            for (key, group) in groups.iter() {
                sheet.text(0, key)?;
                sheet.text(1, group.name.as_deref().unwrap_or(""))?;
                sheet.number(2, group.summary.assessments as f64)?;
                sheet.number(3, group.summary.municipalities as f64)?;
                for (k, (_, area)) in group.summary.areas.iter().enumerate() {
                    sheet.mean(4 + k as u16, area.mean)?;
                }
                for (k, (_, level)) in group.summary.levels.iter().enumerate() {
                    sheet.mean(4 + na + k as u16, level.mean)?;
                }
                sheet.next();
            }
            sheet.table(titles.len() as u16)?;
            sheet.widths(&[10.0, 24.0, 12.0, 14.0])?;
        }
        {
            let best = &scale[best_answer(catalogue)].id;
            let mut sheet = Sheet::new(&mut workbook, labels.t("Gruppandelar", "Group shares"))?;
            let mut titles: Vec<String> = vec![
                labels.t("Indikator", "Indicator").to_owned(),
                labels.t("Alla", "All").to_owned(),
            ];
            titles.extend(groups.iter().map(|(k, g)| match &g.name {
                Some(name) => format!("{k} {name}"),
                None => k.to_owned(),
            }));
            sheet.header(&titles.iter().map(String::as_str).collect::<Vec<_>>())?;
            for (id, stats) in summary.indicators.iter() {
                sheet.text(0, id)?;
                sheet.share(1, stats.shares.as_ref().and_then(|s| s.get(best)).copied())?;
                for (k, (_, group)) in groups.iter().enumerate() {
                    let share = group
                        .summary
                        .indicators
                        .get(id)
                        .and_then(|s| s.shares.as_ref())
                        .and_then(|s| s.get(best))
                        .copied();
                    sheet.share(2 + k as u16, share)?;
                }
                sheet.next();
            }
            sheet.table(titles.len() as u16)?;
        }
    }
    Ok(workbook.save_to_buffer()?)
}

fn indicators_sheet(
    workbook: &mut Workbook,
    catalogue: &Catalogue,
    summary: &Summary,
    labels: &Labels,
    lang: &str,
) -> Result<(), AnalysisError> {
    let scale = catalogue.scale();
    let mut sheet = Sheet::new(workbook, labels.t("Indikatorer", "Indicators"))?;
    let mut titles: Vec<String> = [
        labels.t("Område", "Area"),
        labels.t("Nivå", "Level"),
        labels.t("Indikator", "Indicator"),
        labels.t("Påstående", "Statement"),
        labels.t("Besvarade", "Answered"),
        labels.t("Obesvarade", "Unanswered"),
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    titles.extend(scale.iter().map(|s| s.label.get(lang).to_owned()));
    titles.extend(scale.iter().map(|s| format!("{} (%)", s.label.get(lang))));
    titles.push(labels.t("Medelpoäng", "Mean points").to_owned());
    sheet.header(&titles.iter().map(String::as_str).collect::<Vec<_>>())?;
    let ns = scale.len() as u16;
    for (indicator, (_, stats)) in catalogue.indicators().iter().zip(summary.indicators.iter()) {
        sheet.text(0, &area_name(catalogue, indicator.area.as_deref(), labels, lang))?;
        sheet.text(1, &level_name(catalogue, &indicator.level, lang))?;
        sheet.text(2, &indicator.id)?;
        sheet.wrapped(3, indicator.text.get(lang))?;
        sheet.number(4, stats.answered as f64)?;
        sheet.number(5, stats.unanswered as f64)?;
        for (k, entry) in scale.iter().enumerate() {
            sheet.number(6 + k as u16, stats.counts.get(&entry.id).copied().unwrap_or(0) as f64)?;
            sheet.share(
                6 + ns + k as u16,
                stats.shares.as_ref().and_then(|s| s.get(&entry.id)).copied(),
            )?;
        }
        sheet.mean(6 + 2 * ns, stats.mean)?;
        sheet.next();
    }
    sheet.table(titles.len() as u16)?;
    sheet.widths(&[24.0, 24.0, 13.0, 70.0, 10.0, 11.0])?;
    Ok(())
}
