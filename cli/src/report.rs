//! `eblomlada report`: the yearly report as HTML (or DOCX), or a short summary on the terminal.

use std::path::{Path, PathBuf};

use clap::Args;
use eblomlada::report::{self, Reference};
use eblomlada::Published;

use crate::analysis::{analysis_failure, Loader, Sources};
use crate::files::{write_atomically, Failure};

/// The arguments of `report`.
#[derive(Args)]
pub struct ReportArgs {
    /// The assessment of the year reported.
    file: PathBuf,
    /// Last year's assessment (same catalogue): the change from last year.
    #[arg(long, value_name = "FILE")]
    previous: Option<PathBuf>,
    /// Compare with the built-in published national figures of the catalogue and year (the
    /// default when they exist; an error when they do not).
    #[arg(long, conflicts_with = "against")]
    published: bool,
    /// Compare with a compilation of these assessments (files or folders) instead.
    #[arg(long, num_args = 1.., value_name = "FILE|DIR")]
    against: Vec<PathBuf>,
    /// Language of the report.
    #[arg(long, default_value = "sv", value_parser = ["sv", "en"])]
    lang: String,
    /// Colour palette of the pictures.
    #[arg(long, default_value = "standard")]
    palette: eblomlada::render::Palette,
    /// Write the report to OUT: `.html` (one self-contained file for print) or `.docx` (Word);
    /// `-` writes HTML to stdout. Without it, a short summary is printed.
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
    #[command(flatten)]
    sources: Sources,
}

enum Format {
    Html,
    Docx,
}

fn format_of(output: &Path) -> Result<Format, Failure> {
    if eblomlada_files::is_stdout(output) {
        return Ok(Format::Html);
    }
    match output
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .as_deref()
    {
        Some("html" | "htm") => Ok(Format::Html),
        Some("docx") => Ok(Format::Docx),
        _ => Err(Failure::usage(vec![format!(
            "{}: expected an output file ending in .html or .docx (or - for HTML on stdout)",
            output.display()
        )])),
    }
}

/// Runs `report`.
pub fn run(args: ReportArgs) -> Result<(), Failure> {
    // Wrong usage is told before any file is read.
    let format = args.output.as_deref().map(format_of).transpose()?;
    let mut loader = Loader::new(&args.sources)?;
    let assessment = loader.assessment(&args.file)?;
    let previous = args.previous.as_deref().map(|p| loader.assessment(p)).transpose()?;
    if let (Some(prev), Some(path)) = (&previous, &args.previous) {
        if prev.catalogue().reference() != assessment.catalogue().reference() {
            return Err(Failure::invalid(vec![format!(
                "{}: $.catalogue: last year's assessment is of {} but {} is of {}; a report compares years of one catalogue",
                path.display(),
                prev.catalogue().reference(),
                args.file.display(),
                assessment.catalogue().reference()
            )]));
        }
    }
    let published;
    let compilation;
    let reference = if !args.against.is_empty() {
        let (assessments, files) = loader.assessments(&args.against)?;
        compilation = eblomlada::analysis::compile(&assessments, &eblomlada::analysis::CompileOptions::new())
            .map_err(|e| analysis_failure(&e, &files))?;
        if compilation.synthetic > 0 {
            eprintln!(
                "warning: {} synthetic assessment(s) (invented data, not real results) in the reference; the report says so",
                compilation.synthetic
            );
        }
        Reference::Compilation(&compilation)
    } else {
        match Published::builtin(assessment.catalogue(), assessment.year()) {
            Ok(p) => {
                published = p;
                Reference::Published(&published)
            }
            Err(e) if args.published => {
                return Err(Failure::invalid(vec![format!(
                    "{}: $.year: {e}; compare with other assessments with --against DIR instead",
                    args.file.display()
                )]))
            }
            Err(_) => Reference::None,
        }
    };
    let options = report::Options {
        lang: args.lang,
        palette: args.palette,
        ..report::Options::default()
    };
    let built = report::build(&assessment, previous.as_ref(), reference, &options)
        .map_err(|e| Failure::invalid(vec![format!("{}: $.catalogue: {e}", args.file.display())]))?;
    match (args.output, format) {
        (None, _) | (_, None) => {
            // Names, statements and comments come from files: one escaping function for the terminal.
            let text = built.summary_text();
            let safe: Vec<_> = text.lines().map(eblomlada::error::escape_control).collect();
            crate::files::print(&safe.join("\n"))
        }
        (Some(out), Some(Format::Html)) => write_atomically(&out, built.to_html().as_bytes()),
        (Some(out), Some(Format::Docx)) => write_docx(&out, &built),
    }
}

#[cfg(feature = "docx")]
fn write_docx(out: &Path, built: &report::Report) -> Result<(), Failure> {
    let bytes = built
        .to_docx(&|svg| crate::png::svg_to_png(svg).ok())
        .map_err(|e| Failure::invalid(vec![format!("{}: {e}", out.display())]))?;
    write_atomically(out, &bytes)
}

#[cfg(not(feature = "docx"))]
fn write_docx(out: &Path, _built: &report::Report) -> Result<(), Failure> {
    Err(Failure::usage(vec![format!(
        "{}: DOCX output needs the `docx` feature: cargo install --path cli --features docx (or write .html)",
        out.display()
    )]))
}
