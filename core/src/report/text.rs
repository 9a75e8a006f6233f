//! The short text summary for a terminal: areas with colour and score, totals, the biggest
//! changes. Plain text; the front end passes every line through
//! [`crate::error::escape_control`] because names and statements come from files.

use super::html::{named_line, standing};
use super::{fill, phrase, Report, SectionKind};

impl Report {
    /// The summary sentences: counts and percentages per answer, points.
    pub fn summary_sentences(&self) -> Vec<String> {
        let lang = self.lang.as_str();
        let n = self.totals.indicators.to_string();
        let mut lines: Vec<String> = self
            .totals
            .counts
            .iter()
            .map(|(_, label, _, count, percent)| {
                fill(
                    phrase(lang, "summary-counts"),
                    &[
                        ("n", &n),
                        ("answer", &format!("«{label}»")),
                        ("count", &count.to_string()),
                        ("percent", &percent.to_string()),
                    ],
                )
            })
            .collect();
        let unanswered = self.totals.indicators - self.totals.answered;
        if unanswered > 0 {
            lines.push(fill(
                phrase(lang, "summary-unanswered"),
                &[("count", &unanswered.to_string())],
            ));
        }
        lines.push(fill(
            phrase(lang, "summary-points"),
            &[
                ("points", &self.totals.points.to_string()),
                ("max", &self.totals.max_points.to_string()),
            ],
        ));
        lines
    }

    /// The report in a few lines for a terminal (the CLI's `report` without `-o`).
    pub fn summary_text(&self) -> String {
        let lang = self.lang.as_str();
        let mut out = String::with_capacity(2048);
        out.push_str(&self.title);
        out.push('\n');
        if self.synthetic {
            out.push_str(phrase(lang, "synthetic-assessment"));
            out.push('\n');
        }
        out.push('\n');
        let width = self
            .sections
            .iter()
            .map(|s| s.name.chars().count())
            .max()
            .unwrap_or(0)
            .min(48);
        for s in &self.sections {
            let pad = width.saturating_sub(s.name.chars().count());
            out.push_str("  ");
            out.push_str(&s.name);
            out.extend(std::iter::repeat_n(' ', pad));
            out.push_str("  ");
            out.push_str(&standing(lang, s));
            if let (SectionKind::Area, Some(c)) = (s.kind, &s.change) {
                if let Some(before) = c.score_before {
                    out.push_str(&format!(" ({} {})", c.year, super::fmt_score(lang, before)));
                }
            }
            out.push('\n');
        }
        out.push('\n');
        out.push_str(phrase(lang, "totals"));
        out.push_str(":\n");
        for line in self.summary_sentences() {
            out.push_str("  ");
            out.push_str(&line);
            out.push('\n');
        }
        if let Some(r) = &self.reference {
            out.push('\n');
            out.push_str(&r.sentence);
            out.push('\n');
        }
        // The biggest changes: the sections with the most indicators moved, largest first.
        let mut moved: Vec<(usize, &super::Section)> = self
            .sections
            .iter()
            .filter_map(|s| {
                s.change
                    .as_ref()
                    .map(|c| (c.up.len() + c.down.len() + c.other.len(), s))
            })
            .filter(|(n, _)| *n > 0)
            .collect();
        if !moved.is_empty() {
            moved.sort_by_key(|m| std::cmp::Reverse(m.0));
            out.push('\n');
            out.push_str(phrase(lang, "biggest-changes"));
            out.push_str(":\n");
            for (_, s) in moved.iter().take(3) {
                let Some(c) = &s.change else { continue };
                out.push_str("  ");
                out.push_str(&s.name);
                out.push('\n');
                for row in c.counts.iter().filter(|r| r.before != r.after) {
                    out.push_str("    ");
                    out.push_str(&fill(
                        phrase(lang, "count-change"),
                        &[
                            ("answer", &format!("«{}»", row.label)),
                            ("before", &row.before.to_string()),
                            ("after", &row.after.to_string()),
                        ],
                    ));
                    out.push('\n');
                }
                for (key, list) in [("moved-up", &c.up), ("moved-down", &c.down)] {
                    for n in list.iter().take(3) {
                        out.push_str("    ");
                        out.push_str(phrase(lang, key));
                        out.push_str(": ");
                        out.push_str(&named_line(lang, n));
                        out.push('\n');
                    }
                }
            }
        }
        out
    }
}
