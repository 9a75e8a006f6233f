//! The analysis commands: compile, compare, diff, plan, export, import, synthetic.
//!
//! Same conventions as the rest of the CLI: results on stdout (or atomically into `-o` files),
//! one line per problem on stderr naming the file and the place (`FILE: $.json.path: message`,
//! `FILE: line L, column C: column: message` for CSV), exit 1 for invalid input and 2 for wrong
//! usage. `--catalogue PATH` may be given several times: each file serves the assessments that
//! name its id and version; other assessments use the built-in catalogue they name.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::{Args, Subcommand, ValueEnum};
use eblomlada::analysis::{
    self, csv, AnalysisError, Compilation, CompileOptions, GroupMap, Grouping, Mapping, MappingDocument, PlanOptions,
    SyntheticOptions,
};
use eblomlada::{Assessment, AssessmentDocument, Catalogue, CatalogueRef, Problem};

use crate::files::{read_text, write_atomically, Failure};
use crate::{load_catalogue_file, problem_lines};

/// Where catalogues come from, and how strict to be.
#[derive(Args, Clone)]
pub struct Sources {
    /// A catalogue file for the assessments that name its id and version (repeatable); others
    /// use the built-in catalogue they name.
    #[arg(long = "catalogue", value_name = "PATH")]
    catalogues: Vec<PathBuf>,
    /// Treat warnings (e.g. a year the catalogue was not made for) as errors.
    #[arg(long)]
    strict: bool,
}

/// How a compilation groups its assessments.
#[derive(Args, Clone)]
pub struct GroupArgs {
    /// Group by county (the first two digits of the municipality code) or by year.
    #[arg(long, value_enum)]
    by: Option<By>,
    /// Group by a map from municipality to group: a CSV with the columns `municipality,group`
    /// or a JSON object {"0114": "A2", …}.
    #[arg(long, value_name = "FILE", conflicts_with = "by")]
    groups: Option<PathBuf>,
    /// A version mapping file (`indicators/*mapping*.json`) that lets assessments of its old
    /// catalogue version be pooled with its new one.
    #[arg(long, value_name = "FILE")]
    mapping: Option<PathBuf>,
}

/// A built-in grouping.
#[derive(Clone, Copy, ValueEnum)]
pub enum By {
    /// By county (län).
    County,
    /// By the year assessed.
    Year,
}

/// Output format of `compile`.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    /// The compilation as JSON.
    Json,
    /// One row per group and indicator.
    Csv,
}

/// The analysis subcommands.
#[derive(Subcommand)]
pub enum Command {
    /// Compile many assessments of one catalogue version: counts, shares, means, colours, top/bottom, groups.
    Compile {
        /// Assessment files, or folders of them (every `*.json` file in the folder).
        #[arg(required = true, value_name = "FILE|DIR")]
        inputs: Vec<PathBuf>,
        #[command(flatten)]
        groups: GroupArgs,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Json)]
        format: Format,
        /// Length of the top and bottom lists.
        #[arg(long, default_value_t = 10, value_name = "N")]
        top: usize,
        /// Write to this file instead of stdout.
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
        #[command(flatten)]
        sources: Sources,
    },
    /// Compare one assessment with a compilation of others (mean, median, rank, percentile,
    /// shares), or with the published national figures of its catalogue and year.
    #[command(group = clap::ArgGroup::new("reference").required(true).multiple(false))]
    Compare {
        /// The assessment to compare.
        file: PathBuf,
        /// The assessments to compare with (files or folders).
        #[arg(long, num_args = 1.., value_name = "FILE|DIR", group = "reference")]
        against: Vec<PathBuf>,
        /// Compare with published national figures: the built-in ones of the assessment's
        /// catalogue and year, or those of FILE (`indicators/*.published-*.json`).
        #[arg(long, num_args = 0..=1, value_name = "FILE", group = "reference")]
        published: Option<Option<PathBuf>>,
        #[command(flatten)]
        groups: GroupArgs,
        /// Write to this file instead of stdout.
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
        #[command(flatten)]
        sources: Sources,
    },
    /// What changed between two assessments (year over year; across versions with --mapping).
    Diff {
        /// The older assessment.
        old: PathBuf,
        /// The newer assessment.
        new: PathBuf,
        /// A version mapping from OLD's catalogue to NEW's.
        #[arg(long, value_name = "FILE")]
        mapping: Option<PathBuf>,
        /// Write to this file instead of stdout.
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
        #[command(flatten)]
        sources: Sources,
    },
    /// Which changes lift the flowers most, and the smallest set that makes them green.
    Plan {
        /// The assessment.
        file: PathBuf,
        /// Plan for this area only.
        #[arg(long, value_name = "ID")]
        area: Option<String>,
        /// The colour band to reach (default: the best, green).
        #[arg(long, value_name = "COLOUR")]
        target: Option<String>,
        /// Refuse plans that would list more changes and per-flower effects than this.
        #[arg(long, value_name = "N", default_value_t = analysis::DEFAULT_MAX_PLAN_ENTRIES)]
        max_plan_entries: u64,
        /// Write to this file instead of stdout.
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
        #[command(flatten)]
        sources: Sources,
    },
    /// Export assessments to Excel (one assessment, or a compilation of several) or to long CSV.
    #[command(group = clap::ArgGroup::new("target").required(true).multiple(false))]
    Export {
        /// Assessment files or folders.
        #[arg(required = true, value_name = "FILE|DIR")]
        inputs: Vec<PathBuf>,
        /// Write an Excel workbook.
        #[arg(long, value_name = "OUT.xlsx", group = "target")]
        xlsx: Option<PathBuf>,
        /// Write the long CSV (one row per municipality, year and indicator).
        #[arg(long, value_name = "OUT.csv", group = "target")]
        csv: Option<PathBuf>,
        /// With --xlsx and one file: write the compilation workbook instead of the assessment's.
        #[arg(long)]
        compilation: bool,
        #[command(flatten)]
        groups: GroupArgs,
        /// Language of the workbook's texts.
        #[arg(long, default_value = "sv", value_parser = ["sv", "en"])]
        lang: String,
        #[command(flatten)]
        sources: Sources,
    },
    /// Read a long CSV and write one assessment file per municipality and year.
    Import {
        /// The CSV file.
        csv: PathBuf,
        /// The folder to write `<municipality>-<year>.json` files into.
        #[arg(short, long, value_name = "DIR")]
        output: PathBuf,
        /// Columns the format does not know (an index column, a name): ignored or an error.
        #[arg(long, value_name = "WHAT", default_value = "ignore", value_parser = ["ignore", "error"])]
        extra: String,
        /// The field separator (default: `,` `;` or tab, detected).
        #[arg(long, value_name = "CHAR")]
        sep: Option<char>,
        #[command(flatten)]
        sources: Sources,
    },
    /// Generate the seeded synthetic national data set (invented data; see docs/analysis.md).
    #[command(group = clap::ArgGroup::new("destination").required(true).multiple(true))]
    Synthetic {
        /// The seed; the same seed gives the same data.
        #[arg(long)]
        seed: u64,
        /// The years, comma-separated.
        #[arg(long, required = true, value_delimiter = ',', value_parser = clap::value_parser!(i32).range(1900..=2200))]
        years: Vec<i32>,
        /// Write one assessment file per municipality and year into this folder.
        #[arg(short, long, value_name = "DIR", group = "destination")]
        output: Option<PathBuf>,
        /// Write the long CSV to this file.
        #[arg(long, value_name = "OUT.csv", group = "destination")]
        csv: Option<PathBuf>,
        /// Probability that a municipality publishes a given year; by default as many publish as
        /// in the seeds (61 of 290 in 2017, 40 in 2016), or every municipality of --municipalities.
        #[arg(long, value_parser = probability)]
        participation: Option<f64>,
        /// Probability that an indicator is left unanswered.
        #[arg(long, default_value_t = 0.0, value_parser = probability)]
        unanswered: f64,
        /// The built-in catalogue to answer, or `--catalogue PATH`.
        #[arg(long = "catalogue-key", default_value = "eblomladan-2016", value_name = "KEY")]
        key: String,
        /// A catalogue file to answer instead of a built-in one.
        #[arg(long = "catalogue", value_name = "PATH")]
        catalogue: Option<PathBuf>,
        /// Refuse to generate more answers (municipalities × years × indicators) than this.
        #[arg(long, value_name = "N", default_value_t = analysis::synthetic::DEFAULT_MAX_SYNTHETIC_ANSWERS)]
        max_answers: u64,
    },
}

fn probability(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(p) if (0.0..=1.0).contains(&p) => Ok(p),
        _ => Err(format!("expected a probability between 0 and 1, found {text:?}")),
    }
}

/// Loads assessments, resolving and caching their catalogues.
pub(crate) struct Loader {
    given: Vec<Arc<Catalogue>>,
    cache: HashMap<CatalogueRef, Arc<Catalogue>>,
    strict: bool,
}

impl Loader {
    pub(crate) fn new(sources: &Sources) -> Result<Loader, Failure> {
        let mut given = Vec::new();
        for path in &sources.catalogues {
            given.push(load_catalogue_file(path)?);
        }
        Ok(Loader {
            given,
            cache: HashMap::new(),
            strict: sources.strict,
        })
    }

    fn catalogue(&mut self, reference: &CatalogueRef) -> Result<Arc<Catalogue>, String> {
        if let Some(c) = self.cache.get(reference) {
            return Ok(Arc::clone(c));
        }
        let found = match self.given.iter().find(|c| c.reference() == *reference) {
            Some(c) => Arc::clone(c),
            None => Arc::new(Catalogue::builtin_for(reference).map_err(|e| {
                let given: Vec<String> = self.given.iter().map(|c| c.key().to_owned()).collect();
                if given.is_empty() {
                    format!("{e}; give a catalogue file with --catalogue PATH")
                } else {
                    format!(
                        "{e} and none of the --catalogue files ({}) is {reference}",
                        given.join(", ")
                    )
                }
            })?),
        };
        self.cache.insert(reference.clone(), Arc::clone(&found));
        Ok(found)
    }

    pub(crate) fn assessment(&mut self, file: &Path) -> Result<Assessment, Failure> {
        let text = read_text(file)?;
        let doc =
            AssessmentDocument::from_json(&text).map_err(|e| Failure::invalid(problem_lines(file, &e.problems())))?;
        let catalogue = self
            .catalogue(&doc.catalogue)
            .map_err(|message| Failure::invalid(problem_lines(file, &[Problem::error("$.catalogue", message)])))?;
        let assessment = Assessment::from_document(doc, &catalogue)
            .map_err(|e| Failure::invalid(problem_lines(file, &e.problems())))?;
        crate::report_warnings(file, &assessment, self.strict)?;
        Ok(assessment)
    }

    /// Every assessment of the files and folders given, in order (a folder's `*.json` files
    /// sorted by name). Reports the problems of every file before failing.
    pub(crate) fn assessments(&mut self, inputs: &[PathBuf]) -> Result<(Vec<Assessment>, Vec<PathBuf>), Failure> {
        let files = expand(inputs)?;
        let mut assessments = Vec::with_capacity(files.len());
        let mut failed = Vec::new();
        for file in &files {
            match self.assessment(file) {
                Ok(a) => assessments.push(a),
                Err(f) => failed.extend(f.lines),
            }
        }
        if failed.is_empty() {
            Ok((assessments, files))
        } else {
            Err(Failure::invalid(failed))
        }
    }

    fn mapping(&mut self, file: &Path) -> Result<Arc<Mapping>, Failure> {
        let text = read_text(file)?;
        let fail = |e: AnalysisError| Failure::invalid(problem_lines(file, &e.problems()));
        let doc = MappingDocument::from_json(&text).map_err(fail)?;
        let from = self
            .catalogue(&doc.from)
            .map_err(|m| Failure::invalid(problem_lines(file, &[Problem::error("$.from", m)])))?;
        let to = self
            .catalogue(&doc.to)
            .map_err(|m| Failure::invalid(problem_lines(file, &[Problem::error("$.to", m)])))?;
        Mapping::from_document(doc, &from, &to).map(Arc::new).map_err(fail)
    }
}

/// Files and folders → files; a folder gives its `*.json` files sorted by name.
fn expand(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, Failure> {
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let entries = std::fs::read_dir(input)
                .map_err(|e| Failure::invalid(vec![format!("{}: cannot read the folder: {e}", input.display())]))?;
            let mut found: Vec<PathBuf> = entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_file() && p.extension().is_some_and(|x| x.eq_ignore_ascii_case("json")))
                .collect();
            if found.is_empty() {
                return Err(Failure::invalid(vec![format!(
                    "{}: no assessment files (*.json) in this folder; nothing to compile",
                    input.display()
                )]));
            }
            found.sort();
            files.extend(found);
        } else {
            files.push(input.clone());
        }
    }
    Ok(files)
}

/// An analysis error as stderr lines, naming the files involved.
pub(crate) fn analysis_failure(error: &AnalysisError, files: &[PathBuf]) -> Failure {
    let name = |i: usize| {
        files
            .get(i)
            .map_or_else(|| format!("assessment {i}"), |f| f.display().to_string())
    };
    match error {
        AnalysisError::MixedCatalogues {
            expected,
            first,
            found,
            index,
        } => {
            let other = match first {
                Some(first) => format!("{} is of {expected}", name(*first)),
                None => format!("the compilation is of {expected}"),
            };
            let message = if expected == found {
                format!("$.catalogue: names catalogue {found} but its catalogue document differs from the one of {other}; assessments are only pooled when they answer the same catalogue")
            } else {
                format!("$.catalogue: catalogue {found} cannot be pooled: {other}; different catalogue versions are only pooled with a version mapping (--mapping FILE)")
            };
            Failure::invalid(vec![format!("{}: {message}", name(*index))])
        }
        AnalysisError::Duplicate {
            municipality,
            year,
            first,
            index,
        } => Failure::invalid(vec![format!(
            "{}: $.municipality: a second assessment of municipality {municipality} for {year} (the first is {}); \
             a compilation counts each municipality once per year",
            name(*index),
            name(*first)
        )]),
        other => Failure::invalid(other.problems().iter().map(|p| format!("eblomlada: {p}")).collect()),
    }
}

fn grouping(args: &GroupArgs) -> Result<Grouping, Failure> {
    Ok(match (&args.by, &args.groups) {
        (Some(By::County), _) => Grouping::County,
        (Some(By::Year), _) => Grouping::Year,
        (None, Some(path)) => {
            let text = read_text(path)?;
            let is_json = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
            let map = if is_json {
                GroupMap::from_json(&text)
            } else {
                GroupMap::from_csv(&text)
            }
            .map_err(|e| Failure::invalid(problem_lines(path, &e.problems())))?;
            Grouping::Custom(Arc::new(map))
        }
        (None, None) => Grouping::None,
    })
}

fn compile_files(
    loader: &mut Loader,
    inputs: &[PathBuf],
    args: &GroupArgs,
    top: usize,
) -> Result<(Compilation, Vec<Assessment>), Failure> {
    let (assessments, files) = loader.assessments(inputs)?;
    let mut options = CompileOptions::new().by(grouping(args)?).top(top);
    if let Some(path) = &args.mapping {
        options = options.mapping(loader.mapping(path)?);
    }
    let compilation = analysis::compile(&assessments, &options).map_err(|e| analysis_failure(&e, &files))?;
    Ok((compilation, assessments))
}

fn emit(output: Option<&Path>, text: &str) -> Result<(), Failure> {
    match output {
        Some(path) => {
            let mut bytes = text.as_bytes().to_vec();
            if !text.ends_with('\n') {
                bytes.push(b'\n');
            }
            write_atomically(path, &bytes)
        }
        None => crate::files::print(text),
    }
}

fn usage(message: String) -> Failure {
    Failure::usage(vec![format!("eblomlada: {message}")])
}

/// `<municipality>-<year>.json` per assessment; the catalogue key is added where two would
/// share a name.
fn file_names(assessments: &[Assessment]) -> Vec<String> {
    let plain = |a: &Assessment| format!("{}-{}", a.municipality(), a.year());
    let mut seen: HashMap<String, usize> = HashMap::new();
    for a in assessments {
        *seen.entry(plain(a)).or_default() += 1;
    }
    assessments
        .iter()
        .map(|a| {
            let name = plain(a);
            if seen[&name] > 1 {
                format!("{name}-{}.json", a.catalogue().key())
            } else {
                format!("{name}.json")
            }
        })
        .collect()
}

/// All files or none: a full disk or a kill never leaves half a data set in `dir`.
fn write_assessments(dir: &Path, assessments: &[Assessment]) -> Result<(), Failure> {
    let files: Vec<(String, Vec<u8>)> = assessments
        .iter()
        .zip(file_names(assessments))
        .map(|(a, name)| {
            let mut text = a.to_json();
            text.push('\n');
            (name, text.into_bytes())
        })
        .collect();
    crate::files::write_folder(dir, &files)
}

/// Invented figures must never pass for real ones: say so on stderr whenever they are included.
fn warn_synthetic(count: usize) {
    if count > 0 {
        eprintln!(
            "warning: {count} synthetic assessment{} (invented data, not real results) included",
            if count == 1 { "" } else { "s" }
        );
    }
}

/// Runs one analysis command.
pub fn run(command: Command) -> Result<(), Failure> {
    match command {
        Command::Compile {
            inputs,
            groups,
            format,
            top,
            output,
            sources,
        } => {
            let mut loader = Loader::new(&sources)?;
            let (compilation, _) = compile_files(&mut loader, &inputs, &groups, top)?;
            warn_synthetic(compilation.synthetic);
            let text = match format {
                Format::Json => compilation.to_json(),
                Format::Csv => compilation.to_csv(),
            };
            emit(output.as_deref(), &text)
        }
        Command::Compare {
            file,
            published: Some(published),
            output,
            sources,
            ..
        } => {
            let mut loader = Loader::new(&sources)?;
            let assessment = loader.assessment(&file)?;
            let catalogue = assessment.catalogue();
            let figures = match &published {
                Some(path) => {
                    let text = read_text(path)?;
                    let figures = eblomlada::Published::from_json(&text, catalogue)
                        .map_err(|e| Failure::invalid(problem_lines(path, &e.problems())))?;
                    for warning in figures.warnings() {
                        eprintln!("{}: {warning}", path.display());
                    }
                    figures
                }
                None => eblomlada::Published::builtin(catalogue, assessment.year()).map_err(|e| {
                    Failure::invalid(vec![format!(
                        "{}: $.year: {e}; give the figures with --published FILE",
                        file.display()
                    )])
                })?,
            };
            if figures.year() != assessment.year() {
                eprintln!(
                    "warning: comparing an assessment of {} with figures published for {}",
                    assessment.year(),
                    figures.year()
                );
            }
            let comparison = analysis::compare_published(&assessment, &figures)
                .map_err(|e| Failure::invalid(vec![format!("{}: $.catalogue: {e}", file.display())]))?;
            warn_synthetic(comparison.synthetic);
            emit(output.as_deref(), &comparison.to_json())
        }
        Command::Compare {
            file,
            against,
            groups,
            output,
            sources,
            ..
        } => {
            let mut loader = Loader::new(&sources)?;
            let assessment = loader.assessment(&file)?;
            let (compilation, _) = compile_files(&mut loader, &against, &groups, 10)?;
            let comparison = analysis::compare(&assessment, &compilation).map_err(|e| {
                let message = format!("$.catalogue: {e}");
                Failure::invalid(vec![format!("{}: {message}", file.display())])
            })?;
            warn_synthetic(comparison.synthetic + usize::from(assessment.is_synthetic()));
            emit(output.as_deref(), &comparison.to_json())
        }
        Command::Diff {
            old,
            new,
            mapping,
            output,
            sources,
        } => {
            let mut loader = Loader::new(&sources)?;
            let before = loader.assessment(&old)?;
            let after = loader.assessment(&new)?;
            let mapping = mapping.map(|m| loader.mapping(&m)).transpose()?;
            let diff = analysis::diff(&before, &after, mapping.as_ref()).map_err(|e| {
                let line = match (&mapping, e) {
                    (None, AnalysisError::CatalogueMismatch { .. }) => format!(
                        "{}: $.catalogue: catalogue {} differs from {} of {}; comparing across catalogue versions needs a version mapping (--mapping FILE)",
                        old.display(),
                        before.catalogue().reference(),
                        after.catalogue().reference(),
                        new.display()
                    ),
                    (_, e) => format!("{}: $.catalogue: {e}", old.display()),
                };
                Failure::invalid(vec![line])
            })?;
            if before.municipality() != after.municipality() {
                eprintln!(
                    "warning: comparing two municipalities ({} and {}), not one over time",
                    before.municipality(),
                    after.municipality()
                );
            }
            emit(output.as_deref(), &diff.to_json())
        }
        Command::Plan {
            file,
            area,
            target,
            max_plan_entries,
            output,
            sources,
        } => {
            let mut loader = Loader::new(&sources)?;
            let assessment = loader.assessment(&file)?;
            let mut options = PlanOptions::new().max_entries(max_plan_entries);
            if let Some(area) = &area {
                options = options.area(area);
            }
            if let Some(target) = &target {
                options = options.target(target);
            }
            let plan = analysis::plan(&assessment, &options).map_err(|e| match e {
                AnalysisError::UnknownArea { .. } => usage(format!("--area: {e}")),
                AnalysisError::UnknownColour { .. } => usage(format!("--target: {e}")),
                AnalysisError::TooLarge { .. } => Failure::invalid(vec![format!(
                    "{}: {e} (--area ID, --max-plan-entries N)",
                    file.display()
                )]),
                other => Failure::invalid(vec![format!("{}: {other}", file.display())]),
            })?;
            emit(output.as_deref(), &plan.to_json())
        }
        Command::Export {
            inputs,
            xlsx,
            csv: csv_out,
            compilation,
            groups,
            lang,
            sources,
        } => {
            let mut loader = Loader::new(&sources)?;
            if let Some(out) = csv_out {
                let (assessments, _) = loader.assessments(&inputs)?;
                return write_atomically(&out, csv::export(&assessments).as_bytes());
            }
            let Some(out) = xlsx else {
                return Err(usage("give --xlsx OUT or --csv OUT".to_owned()));
            };
            let files = expand(&inputs)?;
            let bytes = if files.len() == 1 && !compilation {
                let assessment = loader.assessment(&files[0])?;
                analysis::xlsx::assessment_workbook(&assessment, &lang)
            } else {
                let (compilation, _) = compile_files(&mut loader, &files, &groups, 10)?;
                warn_synthetic(compilation.synthetic);
                let catalogue = loader
                    .catalogue(&compilation.catalogue)
                    .map_err(|m| Failure::invalid(vec![format!("eblomlada: {m}")]))?;
                analysis::xlsx::compilation_workbook(&compilation, &catalogue, &lang)
            }
            .map_err(|e| Failure::invalid(vec![format!("{}: {e}", out.display())]))?;
            write_atomically(&out, &bytes)
        }
        Command::Import {
            csv: path,
            output,
            extra,
            sep,
            sources,
        } => {
            let loader = Loader::new(&sources)?;
            let text = read_text(&path)?;
            let mut options = csv::CsvOptions::new().ignore_extra(extra == "ignore");
            if let Some(sep) = sep {
                let sep = u8::try_from(sep)
                    .ok()
                    .filter(u8::is_ascii)
                    .ok_or_else(|| usage(format!("--sep: expected one ASCII character such as ';', not {sep:?}")))?;
                options = options.sep(sep);
            }
            let assessments = csv::import_with(&text, &loader.given, &options)
                .map_err(|e| Failure::invalid(problem_lines(&path, &e.problems())))?;
            if loader.strict {
                let path = &path;
                let warnings: Vec<String> = assessments
                    .iter()
                    .flat_map(|a| {
                        a.warnings().into_iter().map(move |w| {
                            format!("{}: {} {}: {}", path.display(), a.municipality(), a.year(), w.message)
                        })
                    })
                    .collect();
                if !warnings.is_empty() {
                    return Err(Failure::invalid(warnings));
                }
            }
            write_assessments(&output, &assessments)?;
            println!(
                "{}: wrote {} assessments to {}",
                path.display(),
                assessments.len(),
                output.display()
            );
            Ok(())
        }
        Command::Synthetic {
            seed,
            years,
            output,
            csv: csv_out,
            participation,
            unanswered,
            key,
            catalogue,
            max_answers,
        } => {
            let catalogue = match catalogue {
                Some(path) => load_catalogue_file(&path)?,
                None => Arc::new(Catalogue::builtin(&key).map_err(|e| usage(format!("--catalogue-key: {e}")))?),
            };
            let mut options = SyntheticOptions::new(seed, years)
                .unanswered(unanswered)
                .max_answers(max_answers);
            if let Some(p) = participation {
                options = options.participation(p);
            }
            let data = analysis::synthetic::generate(&catalogue, &options).map_err(|e| match e {
                AnalysisError::TooLarge { .. } => Failure::invalid(vec![format!("eblomlada: {e} (--max-answers N)")]),
                e => Failure::invalid(vec![format!("eblomlada: {e}")]),
            })?;
            if let Some(dir) = &output {
                write_assessments(dir, &data)?;
            }
            if let Some(out) = &csv_out {
                write_atomically(out, csv::export(&data).as_bytes())?;
            }
            eprintln!(
                "synthetic data (invented, not real results): {} assessments of {}",
                data.len(),
                catalogue.key()
            );
            Ok(())
        }
    }
}
