//! `eblomlada`: the command line. Files in, JSON/SVG out; all logic lives in the core crate.
//!
//! Exit codes: 0 success, 1 invalid input (one line per problem on stderr, naming the file and
//! the JSON path), 2 wrong usage (clap's own exit code).

mod analysis;
mod files;
#[cfg(feature = "png")]
mod png;
mod report;
mod team;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, Parser, Subcommand, ValueEnum};
use eblomlada::{Assessment, AssessmentDocument, Catalogue, Error, Problem};

use files::{read_text, write_atomically, Failure};

/// eBlomlådan self-assessments: score, validate and draw them.
#[derive(Parser)]
#[command(name = "eblomlada", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Refuse input files larger than this many bytes (default 64 MiB).
    #[arg(long, value_name = "BYTES", global = true, default_value_t = eblomlada_files::DEFAULT_READ_LIMIT)]
    max_input_bytes: u64,
}

#[derive(Args, Clone)]
pub(crate) struct Common {
    /// Use this catalogue file instead of the built-in catalogue the assessment names.
    #[arg(long, value_name = "PATH", global = true)]
    catalogue: Option<PathBuf>,
    /// Treat warnings (e.g. a year the catalogue was not made for) as errors.
    #[arg(long, global = true)]
    strict: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Print the score result (JSON) of one assessment.
    Score {
        /// The assessment file.
        file: PathBuf,
        /// One line instead of pretty JSON.
        #[arg(long)]
        compact: bool,
        #[command(flatten)]
        common: Common,
    },
    /// Check catalogues or assessments and print every problem found.
    Validate {
        /// Catalogue or assessment files (told apart by their content).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[command(flatten)]
        common: Common,
    },
    /// Draw the flowerbox picture (or a chart) of an assessment as SVG or PNG.
    Render {
        /// The assessment file.
        file: PathBuf,
        /// Output file; `.svg`, or `.png` when built with the `png` feature; `-` for SVG on stdout.
        #[arg(short, long, value_name = "OUT")]
        output: PathBuf,
        /// Language of the texts in the picture.
        #[arg(long, default_value = "sv", value_parser = ["sv", "en"])]
        lang: String,
        /// Colour palette; `colour-blind` also tells answers apart by pattern.
        #[arg(long, default_value = "standard")]
        palette: eblomlada::render::Palette,
        /// What to draw.
        #[arg(long, value_enum, default_value_t = Chart::Flowerbox)]
        chart: Chart,
        /// Width of the picture in pixels; up to 640 the flowerbox is laid out for that width (a phone:
        /// flowers in rows, text at least 12 px), above it the wide picture is scaled.
        #[arg(long, default_value_t = 960, value_parser = clap::value_parser!(u32).range(240..=8000))]
        width: u32,
        /// Leave out area names and other labels.
        #[arg(long)]
        no_labels: bool,
        /// Leave out the legend.
        #[arg(long)]
        no_legend: bool,
        /// For `--chart comparison`: reference area scores as `area=score,…`, e.g. the national means.
        #[arg(long, value_name = "AREA=SCORE,…")]
        reference: Option<String>,
        /// For `--chart comparison`: what the reference is called in the chart.
        #[arg(long, default_value = "Riket")]
        reference_label: String,
        /// Mark the open disagreements of this team report (`eblomlada team merge --report`).
        #[arg(long, value_name = "FILE")]
        team_report: Option<PathBuf>,
        #[command(flatten)]
        common: Common,
    },
    /// Print the JSON Schemas of catalogue, assessment and score result, or write them to a folder.
    Schema {
        /// Write `<name>.schema.json` files into this folder instead of printing.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// List the built-in catalogues or print one.
    #[command(subcommand)]
    Catalogue(CatalogueCommand),
    #[command(flatten)]
    Analysis(analysis::Command),
    /// The yearly report (as Kumla wrote it by hand): HTML for print or DOCX for editing, or a
    /// short summary on the terminal without -o.
    Report(report::ReportArgs),
    /// Team assessments: merge respondents' contributions, follow their participation.
    #[command(subcommand)]
    Team(team::Command),
}

#[derive(Subcommand)]
enum CatalogueCommand {
    /// List the built-in catalogues.
    List,
    /// Print a built-in catalogue as JSON.
    Show {
        /// Catalogue key, e.g. `eblomladan-2016`.
        key: String,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Chart {
    /// The flowerbox picture.
    Flowerbox,
    /// Answer distribution per level and area.
    Answers,
    /// Area scores against `--reference`.
    Comparison,
}

/// Problem lists are cut after this many lines: one file with a million unknown ids must not
/// print a million lines.
const MAX_PROBLEM_LINES: usize = eblomlada::error::MAX_PROBLEMS + 1;

fn main() -> ExitCode {
    // A bug must not show a user a backtrace: one line, and exit 70 (internal software error).
    std::panic::set_hook(Box::new(|info| {
        eprintln!("eblomlada: internal error: {info}. Please report this with the input that caused it.");
        std::process::exit(70);
    }));
    let cli = Cli::parse();
    files::set_max_input_bytes(cli.max_input_bytes);
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            // Every line passes the one escaping function: file names and values from files
            // may hold terminal escape sequences.
            for line in failure.lines.iter().take(MAX_PROBLEM_LINES) {
                eprintln!("{}", eblomlada::error::escape_control(line));
            }
            if failure.lines.len() > MAX_PROBLEM_LINES {
                eprintln!("and {} more problems", failure.lines.len() - MAX_PROBLEM_LINES);
            }
            ExitCode::from(failure.code)
        }
    }
}

fn run(command: Command) -> Result<(), Failure> {
    match command {
        Command::Analysis(command) => analysis::run(command),
        Command::Team(command) => team::run(command),
        Command::Report(args) => report::run(args),
        Command::Score { file, compact, common } => {
            let assessment = load_assessment(&file, &common)?;
            let result = assessment.score().result();
            let text = if compact {
                serde_json::to_string(&result).unwrap_or_default()
            } else {
                result.to_json()
            };
            files::print(&text)
        }
        Command::Validate { files, common } => validate(&files, &common),
        Command::Render {
            file,
            output,
            lang,
            palette,
            chart,
            width,
            no_labels,
            no_legend,
            reference,
            reference_label,
            team_report,
            common,
        } => {
            let assessment = load_assessment(&file, &common)?;
            let disagreements = match &team_report {
                Some(path) => team::open_disagreements(path)?,
                None => Vec::new(),
            };
            let options = eblomlada::render::Options {
                lang,
                palette,
                width,
                labels: !no_labels,
                legend: !no_legend,
                disagreements,
            };
            options
                .check()
                .map_err(|e| Failure::usage(vec![format!("eblomlada: {e}")]))?;
            let svg = match chart {
                Chart::Flowerbox => eblomlada::render::flowerbox(&assessment, &options),
                Chart::Answers => eblomlada::render::answer_chart(&assessment, &options),
                Chart::Comparison => {
                    let reference = parse_reference(reference.as_deref(), assessment.catalogue())?;
                    eblomlada::render::check_reference(assessment.catalogue(), &reference)
                        .map_err(|e| Failure::usage(vec![format!("eblomlada: --reference: {e}")]))?;
                    eblomlada::render::comparison_chart(&assessment, &reference_label, &reference, &options)
                }
            };
            write_picture(&output, &svg)
        }
        Command::Schema { out } => {
            let schemas = eblomlada::schema::all();
            match out {
                Some(dir) => {
                    for (name, text) in schemas {
                        write_atomically(&dir.join(name), text.as_bytes())?;
                    }
                }
                None => {
                    let map: serde_json::Map<String, serde_json::Value> = schemas
                        .into_iter()
                        .map(|(name, text)| (name.to_owned(), serde_json::from_str(&text).unwrap_or_default()))
                        .collect();
                    files::print(&serde_json::to_string_pretty(&map).unwrap_or_default())?;
                }
            }
            Ok(())
        }
        Command::Catalogue(CatalogueCommand::List) => {
            for key in Catalogue::builtin_keys() {
                let catalogue = Catalogue::builtin(key).map_err(|e| Failure::invalid(vec![format!("{key}: {e}")]))?;
                let years: Vec<String> = catalogue.measurement_years().iter().map(i32::to_string).collect();
                files::print(&format!(
                    "{key}\t{} indicators, {} areas, years {}\t{}",
                    catalogue.indicators().len(),
                    catalogue.areas().len(),
                    years.join(", "),
                    catalogue.name().get("en")
                ))?;
            }
            Ok(())
        }
        // An unknown key is wrong usage, as for `synthetic --catalogue-key`: exit 2 in both.
        Command::Catalogue(CatalogueCommand::Show { key }) => match Catalogue::builtin_json(&key) {
            Some(text) => files::print(text),
            None => Err(Failure::usage(vec![format!(
                "eblomlada: {}",
                Catalogue::builtin(&key)
                    .err()
                    .map(|e| e.to_string())
                    .unwrap_or_default()
            )])),
        },
    }
}

pub(crate) fn problem_lines(file: &Path, problems: &[Problem]) -> Vec<String> {
    problems.iter().map(|p| format!("{}: {p}", file.display())).collect()
}

fn error_lines(file: &Path, error: &Error) -> Vec<String> {
    problem_lines(file, &error.problems())
}

pub(crate) fn load_catalogue_file(path: &Path) -> Result<Arc<Catalogue>, Failure> {
    let text = read_text(path)?;
    Catalogue::from_json(&text)
        .map(Arc::new)
        .map_err(|e| Failure::invalid(error_lines(path, &e)))
}

/// Reads an assessment and its catalogue (`--catalogue` or the built-in one it names);
/// prints warnings, which `--strict` turns into a failure.
fn load_assessment(file: &Path, common: &Common) -> Result<Assessment, Failure> {
    let text = read_text(file)?;
    let doc = AssessmentDocument::from_json(&text).map_err(|e| Failure::invalid(error_lines(file, &e)))?;
    let catalogue = match &common.catalogue {
        Some(path) => load_catalogue_file(path)?,
        None => Arc::new(Catalogue::builtin_for(&doc.catalogue).map_err(|e| {
            let problem = Problem::error(
                "$.catalogue",
                format!("{e}; give a catalogue file with --catalogue PATH"),
            );
            Failure::invalid(problem_lines(file, &[problem]))
        })?),
    };
    let assessment = Assessment::from_document(doc, &catalogue).map_err(|e| Failure::invalid(error_lines(file, &e)))?;
    report_warnings(file, &assessment, common.strict)?;
    Ok(assessment)
}

/// Prints an assessment's warnings, or fails with them under `--strict`.
pub(crate) fn report_warnings(file: &Path, assessment: &Assessment, strict: bool) -> Result<(), Failure> {
    let warnings = problem_lines(file, &assessment.warnings());
    if strict && !warnings.is_empty() {
        let mut lines = warnings;
        lines.push(format!("{}: warnings are errors with --strict", file.display()));
        return Err(Failure::invalid(lines));
    }
    for line in warnings {
        eprintln!("{}", eblomlada::error::escape_control(&line));
    }
    Ok(())
}

/// A catalogue has keys no assessment has; judged on the top-level keys so that a catalogue
/// with a typo or a missing field is still checked as a catalogue.
/// A published-figures file (`indicators/*.published-<year>.json`): `figures` and no answers.
fn looks_like_published(text: &str) -> bool {
    match serde_json::from_str::<serde_json::Value>(eblomlada::json::without_bom(text)) {
        Ok(serde_json::Value::Object(o)) => o.contains_key("figures") && !o.contains_key("answers"),
        _ => false,
    }
}

/// Checks published figures against the catalogue they name (or `--catalogue`).
fn validate_published(file: &Path, text: &str, common: &Common) -> Result<String, Failure> {
    let doc: eblomlada::PublishedDocument =
        eblomlada::json::from_str(text).map_err(|p| Failure::invalid(problem_lines(file, &[p])))?;
    let catalogue = match &common.catalogue {
        Some(path) => load_catalogue_file(path)?,
        None => Arc::new(Catalogue::builtin_for(&doc.catalogue).map_err(|e| {
            let problem = Problem::error(
                "$.catalogue",
                format!("{e}; give a catalogue file with --catalogue PATH"),
            );
            Failure::invalid(problem_lines(file, &[problem]))
        })?),
    };
    let published =
        eblomlada::Published::from_document(doc, &catalogue).map_err(|e| Failure::invalid(error_lines(file, &e)))?;
    let warnings = problem_lines(file, published.warnings());
    if common.strict && !warnings.is_empty() {
        return Err(Failure::invalid(warnings));
    }
    for line in warnings {
        eprintln!("{line}");
    }
    Ok(format!(
        "published figures of {} for {}: {} figures, {} municipalities",
        catalogue.key(),
        published.year(),
        published.figures().len(),
        published.assessments()
    ))
}

fn looks_like_catalogue(text: &str) -> bool {
    const CATALOGUE_ONLY: [&str; 5] = ["indicators", "levels", "bands", "scale", "measurement_years"];
    match serde_json::from_str::<serde_json::Value>(eblomlada::json::without_bom(text)) {
        Ok(serde_json::Value::Object(o)) => {
            CATALOGUE_ONLY.iter().any(|k| o.contains_key(*k))
                && !o.contains_key("answers")
                && !o.contains_key("municipality")
        }
        Ok(_) => false,
        // Unparseable: the first keys of the text decide.
        Err(_) => {
            let head: String = text.chars().take(4096).collect();
            head.contains("\"indicators\"") || head.contains("\"levels\"") || head.contains("\"scale\"")
        }
    }
}

fn validate(files: &[PathBuf], common: &Common) -> Result<(), Failure> {
    let mut failed = Vec::new();
    for file in files {
        let outcome = match read_text(file) {
            Err(failure) => Err(failure),
            Ok(text) if looks_like_published(&text) => validate_published(file, &text, common),
            Ok(text) if looks_like_catalogue(&text) => Catalogue::from_json(&text)
                .map(|c| format!("catalogue {} with {} indicators", c.key(), c.indicators().len()))
                .map_err(|e| Failure::invalid(error_lines(file, &e))),
            Ok(_) => load_assessment(file, common).map(|a| {
                format!(
                    "assessment of {} for {} {}, {} of {} answered",
                    a.catalogue().key(),
                    a.municipality(),
                    a.year(),
                    a.answered(),
                    a.catalogue().indicators().len()
                )
            }),
        };
        match outcome {
            Ok(summary) => files::print(&format!("{}: ok: {summary}", file.display()))?,
            Err(failure) => failed.extend(failure.lines),
        }
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(Failure::invalid(failed))
    }
}

fn parse_reference(text: Option<&str>, catalogue: &Catalogue) -> Result<Vec<(String, f64)>, Failure> {
    let usage = |message: String| Failure::usage(vec![format!("eblomlada: --reference: {message}")]);
    let text = text.ok_or_else(|| usage("required for --chart comparison, e.g. elderly=1.9,children=2.1".into()))?;
    let mut seen: Vec<&str> = Vec::new();
    text.split(',')
        .map(|pair| {
            let (area, value) = pair
                .split_once('=')
                .ok_or_else(|| usage(format!("expected AREA=SCORE, found {pair:?}")))?;
            let area = area.trim();
            if seen.contains(&area) {
                return Err(usage(format!("area {area:?} is given twice; give each area once")));
            }
            seen.push(area);
            if !catalogue.areas().iter().any(|a| a.id == area) {
                let known: Vec<&str> = catalogue.areas().iter().map(|a| a.id.as_str()).collect();
                return Err(usage(format!(
                    "unknown area {area:?}; expected one of {}",
                    known.join(", ")
                )));
            }
            let score: f64 = value
                .trim()
                .parse()
                .ok()
                .filter(|v: &f64| v.is_finite())
                .ok_or_else(|| usage(format!("expected a number for {area}, found {value:?}")))?;
            Ok((area.to_owned(), score))
        })
        .collect()
}

fn write_picture(output: &Path, svg: &str) -> Result<(), Failure> {
    // `-`, /dev/stdout, a FIFO: no extension to go by, so SVG.
    let special = std::fs::metadata(output).is_ok_and(|m| !m.is_file() && !m.is_dir());
    if eblomlada_files::is_stdout(output) || special {
        return write_atomically(output, svg.as_bytes());
    }
    let extension = output.extension().map(|e| e.to_string_lossy().to_ascii_lowercase());
    match extension.as_deref() {
        Some("svg") => return write_atomically(output, svg.as_bytes()),
        Some("png") => {}
        _ => {
            return Err(Failure::usage(vec![format!(
                "{}: expected an output file ending in .svg or .png",
                output.display()
            )]))
        }
    }
    #[cfg(feature = "png")]
    {
        let bytes = png::svg_to_png(svg).map_err(|e| Failure::invalid(vec![format!("{}: {e}", output.display())]))?;
        write_atomically(output, &bytes)
    }
    #[cfg(not(feature = "png"))]
    Err(Failure::usage(vec![format!(
        "{}: PNG output needs the `png` feature: cargo install --path cli --features png (or write .svg)",
        output.display()
    )]))
}
