//! `drg`: batch MS-DRG grouping and IPPS pricing from the command line. Flag parsing and wiring only; all
//! grouping logic lives in `grouper-core`.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use grouper_core::io::{
    self, drg_weights, group_for_pricing, group_line, price_line, InputRecord, JsonLinesReader,
    JsonLinesWriter, WeightedResult,
};
use grouper_core::payment::{PaymentTableSet, PricingContext, ProviderFile};
use grouper_core::{Grouper, TableSource};

#[derive(Parser)]
#[command(
    name = "drg",
    version,
    about = "MS-DRG grouper and IPPS payment estimator (CMS tables)"
)]
struct Cli {
    /// Read the MS-DRG tables from this directory instead of the embedded CMS tables.
    #[arg(long, global = true, value_name = "DIR")]
    tables: Option<PathBuf>,
    /// Longest input line (or CSV row) read, in bytes; a longer one gives one error record and
    /// is skipped.
    #[arg(long, global = true, value_name = "BYTES", default_value_t = io::DEFAULT_MAX_LINE_BYTES)]
    max_line_bytes: usize,
    /// Input format; by default from the file extension (`.csv`), else JSON Lines.
    #[arg(long, global = true, value_enum)]
    input_format: Option<Format>,
    /// Output format; by default from the `--output` extension (`.csv`), else JSON Lines.
    #[arg(long, global = true, value_enum)]
    output_format: Option<Format>,
    /// Worker threads for grouping and pricing; 0 (the default) uses every core. The output is
    /// in input order and byte-identical for any number.
    #[arg(long, global = true, value_name = "N", default_value_t = 0)]
    threads: usize,
    /// No progress line and no summary on stderr (errors and warnings still print; `--summary
    /// FILE` is still written).
    #[arg(long, short, global = true)]
    quiet: bool,
    /// Also write the batch summary (counts, case-mix index, payments) here as JSON.
    #[arg(long, global = true, value_name = "FILE")]
    summary: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

/// A record format.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// One JSON object per line (the full output contract).
    Jsonl,
    /// A header row, then one row per claim.
    Csv,
}

/// The format asked for, or the one `path`'s extension names.
fn format_of(asked: Option<Format>, path: Option<&str>) -> Format {
    asked.unwrap_or_else(|| {
        let csv = path.is_some_and(|p| p.to_ascii_lowercase().ends_with(".csv"));
        if csv {
            Format::Csv
        } else {
            Format::Jsonl
        }
    })
}

#[derive(Subcommand)]
enum Command {
    /// Group JSON Lines claims: one result line per input line, in order.
    Group {
        /// Claims file (JSON Lines), or `-` for standard input.
        input: String,
        /// Write results here instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Price JSON Lines claims (IPPS): one priced line per input line, in order. A claim with a
    /// `drg` is priced as is; otherwise it is grouped first (version from `discharge_date`).
    Price {
        /// Claims file (JSON Lines), or `-` for standard input.
        input: String,
        /// Write results here instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Providers file (CSV, JSON Lines, or CMS's IPSF CSV export) for claims that give `ccn`.
        #[arg(long, value_name = "FILE")]
        providers: Option<PathBuf>,
        /// A directory of IPPS tables for another fiscal year or a correction (repeatable);
        /// the embedded FY2026 tables are always loaded.
        #[arg(long = "ipps-tables", value_name = "DIR")]
        ipps_tables: Vec<PathBuf>,
    },
    /// List the grouper versions of the loaded tables and their effective dates.
    Versions,
}

fn open_input(input: &str) -> Result<Box<dyn BufRead>> {
    Ok(if input == "-" {
        Box::new(BufReader::new(std::io::stdin()))
    } else {
        Box::new(BufReader::new(
            File::open(input).with_context(|| format!("cannot open {input}"))?,
        ))
    })
}

/// `-o` naming the input file would truncate it before it is read: refused.
fn refuse_overwriting_the_input(input: &str, output: &Option<PathBuf>) -> Result<()> {
    let Some(out) = output else { return Ok(()) };
    if input == "-" {
        return Ok(());
    }
    let same = match (std::fs::canonicalize(input), std::fs::canonicalize(out)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if same {
        anyhow::bail!(
            "--output {} is the input file; choose another output",
            out.display()
        );
    }
    Ok(())
}

fn open_output(output: &Option<PathBuf>) -> Result<Box<dyn Write>> {
    Ok(match output {
        Some(path) => Box::new(BufWriter::new(
            File::create(path).with_context(|| format!("cannot create {}", path.display()))?,
        )),
        None => Box::new(BufWriter::new(std::io::stdout().lock())),
    })
}

fn load(tables: &Option<PathBuf>) -> Result<Grouper> {
    let source = match tables {
        Some(dir) => TableSource::Directory(dir.clone()),
        None => TableSource::Embedded,
    };
    Grouper::load(&source).context("cannot load MS-DRG tables")
}

/// Run `process` over every input record, writing one output record per record, then the
/// summary; returns whether every record was processed.
fn each_record<R: serde::Serialize + Send, E: serde::Serialize + Send>(
    cli: &Cli,
    command: &str,
    input: &str,
    output: &Option<PathBuf>,
    process: impl Fn(&InputRecord) -> std::result::Result<R, E> + Sync,
    add_to_summary: fn(&mut io::Summary, &R),
) -> Result<bool> {
    let mut summary = io::Summary::default();
    let mut progress = progress_line(cli);
    let observe = |line: Option<&std::result::Result<R, E>>| {
        progress.record();
        match line {
            Some(Ok(result)) => add_to_summary(&mut summary, result),
            _ => summary.add_failure(),
        }
    };
    let columns = if command == "price" {
        io::PRICE_COLUMNS
    } else {
        io::GROUP_COLUMNS
    };
    refuse_overwriting_the_input(input, output)?;
    let out_name = output.as_ref().and_then(|p| p.to_str());
    let counts = match (
        format_of(cli.input_format, Some(input)),
        format_of(cli.output_format, out_name),
    ) {
        (Format::Jsonl, out_format) => {
            let mut reader =
                JsonLinesReader::with_max_line_bytes(open_input(input)?, cli.max_line_bytes);
            write_all(&mut reader, out_format, columns, output, process, observe)
        }
        (Format::Csv, out_format) => {
            let mut reader =
                io::CsvClaimReader::with_max_line_bytes(open_input(input)?, cli.max_line_bytes)
                    .with_context(|| format!("cannot read the CSV header of {input}"))?;
            write_all(&mut reader, out_format, columns, output, process, observe)
        }
    }
    .with_context(|| format!("drg {command}: {input}"))?;
    progress.finish();
    summary.blank_lines = counts.blank_lines;
    if !cli.quiet {
        eprintln!(
            "drg {command}: {} claims, {} ok, {} failed",
            counts.total(),
            counts.ok,
            counts.failed
        );
    }
    report(cli, command, &summary)?;
    Ok(counts.failed == 0)
}

/// Run `process` over `reader`, printing in `format`.
fn write_all<R: serde::Serialize + Send, E: serde::Serialize + Send>(
    reader: &mut impl io::RecordReader,
    format: Format,
    columns: &'static [&'static str],
    output: &Option<PathBuf>,
    process: impl Fn(&InputRecord) -> std::result::Result<R, E> + Sync,
    observe: impl FnMut(Option<&std::result::Result<R, E>>),
) -> Result<io::Counts> {
    let out = open_output(output)?;
    Ok(match format {
        Format::Jsonl => io::run(reader, &mut JsonLinesWriter::new(out), process, observe)?,
        Format::Csv => io::run(
            reader,
            &mut io::CsvWriter::new(out, columns),
            process,
            observe,
        )?,
    })
}

fn group(cli: &Cli, input: &str, output: &Option<PathBuf>) -> Result<bool> {
    let grouper = load(&cli.tables)?;
    // The embedded IPPS tables give each line its final DRG's weight, GMLOS and ALOS.
    let weights = PaymentTableSet::embedded().context("cannot load IPPS tables")?;
    let process = |record: &InputRecord| {
        group_line(&grouper, &record.text, record.line).map(|result| WeightedResult {
            weights: drg_weights(&grouper, &weights, &result),
            line: record.line,
            result,
        })
    };
    each_record(
        cli,
        "group",
        input,
        output,
        process,
        io::Summary::add_grouping,
    )
}

/// A progress line on stderr when it is a terminal, unless `--quiet`.
fn progress_line(cli: &Cli) -> io::Progress<std::io::Stderr> {
    let stderr = std::io::stderr();
    io::Progress::new((!cli.quiet && stderr.is_terminal()).then_some(stderr))
}

/// The batch summary on stderr, and as JSON in `--summary FILE`.
fn report(cli: &Cli, command: &str, summary: &io::Summary) -> Result<()> {
    if !cli.quiet {
        for line in summary.to_text().lines() {
            eprintln!("drg {command}: {line}");
        }
    }
    if let Some(path) = &cli.summary {
        let file =
            File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
        serde_json::to_writer_pretty(BufWriter::new(file), summary)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

fn price(
    cli: &Cli,
    input: &str,
    output: &Option<PathBuf>,
    providers: &Option<PathBuf>,
    ipps_tables: &[PathBuf],
) -> Result<bool> {
    // The grouper is needed only for claims without a `drg`: the embedded tables are compiled
    // on first use (a directory given with --tables is still checked at start).
    let grouper: std::sync::OnceLock<Result<Grouper, String>> = std::sync::OnceLock::new();
    if cli.tables.is_some() {
        let _ = grouper.set(Ok(load(&cli.tables)?));
    }
    let mut payment_tables = PaymentTableSet::embedded().context("cannot load IPPS tables")?;
    // A year already loaded is overlaid by the files the directory holds; another is added. A
    // year whose files are bad is reported here and its claims fail; other years go on.
    for dir in ipps_tables {
        let years = payment_tables
            .load_dir_or_mark(dir)
            .with_context(|| format!("cannot load IPPS tables from {}", dir.display()))?;
        for (fy, error) in years {
            if let Some(e) = error {
                eprintln!(
                    "drg price: warning: FY{fy} tables from {}: {e}; FY{fy} claims will fail",
                    dir.display()
                );
            }
        }
    }
    let providers = providers
        .as_ref()
        .map(|p| {
            ProviderFile::load(p).with_context(|| format!("cannot load providers {}", p.display()))
        })
        .transpose()?;
    let ctx = PricingContext {
        tables: payment_tables,
        providers,
    };
    let process = |record: &InputRecord| {
        price_line(&record.text, record.line, &ctx, &|claim| {
            let grouper = grouper.get_or_init(|| load(&cli.tables).map_err(|e| format!("{e:#}")));
            match grouper {
                Ok(g) => group_for_pricing(g, claim),
                Err(e) => Err(e.clone()),
            }
        })
    };
    each_record(
        cli,
        "price",
        input,
        output,
        process,
        io::Summary::add_pricing,
    )
}

fn run() -> Result<bool> {
    let cli = Cli::parse();
    rayon::ThreadPoolBuilder::new()
        .num_threads(cli.threads)
        .build_global()
        .context("cannot start the worker threads")?;
    match &cli.command {
        Command::Group { input, output } => group(&cli, input, output),
        Command::Price {
            input,
            output,
            providers,
            ipps_tables,
        } => price(&cli, input, output, providers, ipps_tables),
        Command::Versions => {
            let grouper = load(&cli.tables)?;
            let mut out = std::io::stdout().lock();
            writeln!(out, "tables: {}", grouper.source())?;
            for v in grouper.versions() {
                writeln!(
                    out,
                    "{}\tMS-DRG {}\tFY{}\t{}-{}",
                    v.version, v.name, v.fiscal_year, v.effective_start, v.effective_end
                )?;
            }
            Ok(true)
        }
    }
}

fn main() -> ExitCode {
    match run() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            // A closed pipe (e.g. `drg group x | head`) is not a failure.
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            eprintln!("drg: {e:#}");
            ExitCode::from(2)
        }
    }
}
