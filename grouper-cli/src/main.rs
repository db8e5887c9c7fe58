//! `drg`: batch MS-DRG grouping and IPPS pricing from the command line. Flag parsing and wiring only; all
//! grouping logic lives in `grouper-core`.

/// Many small, short-lived allocations per claim: mimalloc serves them faster than the system
/// allocator (issue 12).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use grouper_core::io::arrow_format::OutputKind;
use grouper_core::io::{
    self, group_for_pricing, group_record, price_record, InputRecord, JsonLinesReader,
    JsonLinesWriter, ReadOptions,
};
use grouper_core::mce::Editor;
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
    /// Input format; by default from the file extension (`.csv`, `.parquet`), else JSON Lines; on
    /// standard input, JSON Lines when the first character is `{`, else CSV.
    #[arg(long, global = true, value_enum)]
    input_format: Option<Format>,
    /// Output format; by default from the `--output` extension (`.csv`, `.parquet`), else JSON Lines.
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
    /// Make every warning an error: a record whose reading normalised, defaulted or ignored
    /// anything (see `warnings` in the output) becomes an error record, and the exit code 1.
    #[arg(long, global = true)]
    strict: bool,
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
    /// Apache Parquet: claims as the CSV columns, typed; results as the command's CSV columns,
    /// typed, with the per-code contract as a struct column (a file, not standard input or
    /// output).
    Parquet,
}

/// The format asked for, or the one `path`'s extension names.
fn format_of(asked: Option<Format>, path: Option<&str>) -> Format {
    asked.unwrap_or_else(|| {
        let name = path.map(str::to_ascii_lowercase).unwrap_or_default();
        if name.ends_with(".csv") {
            Format::Csv
        } else if name.ends_with(".parquet") {
            Format::Parquet
        } else {
            Format::Jsonl
        }
    })
}

#[derive(Subcommand)]
enum Command {
    /// Group claims (JSON Lines or CSV): one result record per input record, in input order.
    #[command(after_help = GROUP_EXAMPLES)]
    Group {
        /// Claims file (`.csv`, `.parquet` or JSON Lines), or `-` for standard input (the default when
        /// standard input is not a terminal).
        input: Option<String>,
        /// Write results here instead of standard output (`.csv` writes CSV, `.parquet` Parquet; `-` is standard
        /// output).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Also run the Medicare Code Editor: each JSON result gains an `edits` block (edit
        /// type, counts, claim-level and per-code edits; the claim needs `discharge_date`).
        #[arg(long)]
        edits: bool,
    },
    /// Price claims (IPPS): one priced record per input record, in input order. A claim with
    /// a `drg` is priced as is; otherwise it is grouped first (version from `discharge_date`).
    #[command(after_help = PRICE_EXAMPLES)]
    Price {
        /// Claims file (`.csv`, `.parquet` or JSON Lines), or `-` for standard input (the default when
        /// standard input is not a terminal).
        input: Option<String>,
        /// Write results here instead of standard output (`.csv` writes CSV, `.parquet` Parquet; `-` is standard
        /// output).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Providers file (CSV, JSON Lines, or CMS's IPSF CSV export) for claims that give `ccn`.
        #[arg(long, value_name = "FILE")]
        providers: Option<PathBuf>,
        /// A directory of IPPS tables for another fiscal year or a correction (repeatable);
        /// the embedded tables are always loaded.
        #[arg(long = "ipps-tables", value_name = "DIR")]
        ipps_tables: Vec<PathBuf>,
        /// Also run the Medicare Code Editor: each JSON result gains an `edits` block.
        #[arg(long)]
        edits: bool,
    },
    /// Explain why a claim got its DRG: version, MDC, the DRG rule that matched and the codes
    /// that satisfied it, which codes set the severity and why the others did not, HAC effects.
    #[command(after_help = EXPLAIN_EXAMPLES)]
    Explain {
        /// Claims file (JSON Lines or `.csv`), `-` for standard input; or give the claim with
        /// the flags below.
        input: Option<String>,
        #[command(flatten)]
        claim: ClaimArgs,
        #[command(flatten)]
        pricing: PricingArgs,
        /// Print JSON Lines instead of text.
        #[arg(long)]
        json: bool,
    },
    /// What if the documentation or coding changed: the DRG, weight and payment before and
    /// after the edits, and why it moved.
    #[command(after_help = WHATIF_EXAMPLES)]
    Whatif {
        /// Claims file (JSON Lines or `.csv`), `-` for standard input; or the claim flags.
        input: Option<String>,
        #[command(flatten)]
        claim: ClaimArgs,
        #[command(flatten)]
        edits: EditArgs,
        #[command(flatten)]
        pricing: PricingArgs,
        /// Print JSON Lines instead of text.
        #[arg(long)]
        json: bool,
    },
    /// DRG impact: each secondary diagnosis as principal, the claim without each code that
    /// sets its severity, and the tiers of its DRG family with their weights.
    #[command(after_help = IMPACT_EXAMPLES)]
    Impact {
        /// Claims file (JSON Lines or `.csv`), `-` for standard input; or the claim flags.
        input: Option<String>,
        #[command(flatten)]
        claim: ClaimArgs,
        #[command(flatten)]
        pricing: PricingArgs,
        /// Print JSON Lines instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Compare two result files of the same discharges (JSON Lines of `drg group` or `drg
    /// price`): the claims whose DRG moved, shifts by DRG pair, the case-mix change.
    #[command(after_help = COMPARE_EXAMPLES)]
    Compare {
        /// Results A.
        a: PathBuf,
        /// Results B.
        b: PathBuf,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Run the Medicare Code Editor on claims (JSON Lines or CSV; `discharge_date` and
    /// `length_of_stay` as well as the codes): one record of edits per input record.
    #[command(after_help = EDIT_EXAMPLES)]
    Edit {
        /// Claims file (`.csv`, `.parquet` or JSON Lines), or `-` for standard input (the default when
        /// standard input is not a terminal).
        input: Option<String>,
        /// Write results here instead of standard output (`.csv` writes CSV, `.parquet` Parquet; `-` is standard
        /// output).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Serve the coding workbench: a page and a JSON API (group, price, explain, what-if,
    /// impact, MCE edits, code look-up) on this machine, until Ctrl-C.
    #[command(after_help = SERVE_EXAMPLES)]
    Serve {
        /// Address to listen on; the default is this machine only.
        #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        #[command(flatten)]
        pricing: PricingArgs,
        /// A CMS ICD-10-CM or ICD-10-PCS order file (`icd10cm_order_2026.txt`), for code
        /// titles in the look-up (repeatable); without one, codes are found by prefix.
        #[arg(long = "code-titles", value_name = "FILE")]
        code_titles: Vec<PathBuf>,
    },
    /// List the grouper versions of the loaded tables and their effective dates.
    #[command(after_help = "Example:\n  drg versions")]
    Versions,
    /// List the loaded table sets: grouper versions, payment fiscal years and what each
    /// holds, their sources and the SHA-256 of every file.
    #[command(
        after_help = "Examples:\n  drg tables\n  drg tables --json | jq '.payment_years[] | {fiscal_year, complete, missing}'\n  drg --tables ./msdrg-v44 tables"
    )]
    Tables {
        /// A directory of IPPS tables to load as `drg price --ipps-tables` does (repeatable).
        #[arg(long = "ipps-tables", value_name = "DIR")]
        ipps_tables: Vec<PathBuf>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
}

/// A claim given on the command line.
#[derive(clap::Args, Default)]
struct ClaimArgs {
    /// Principal diagnosis, `CODE[:POA]`.
    #[arg(long, value_name = "CODE[:POA]")]
    pdx: Option<String>,
    /// A secondary diagnosis, `CODE[:POA]` (repeatable).
    #[arg(long, value_name = "CODE[:POA]")]
    sdx: Vec<String>,
    /// A procedure (repeatable).
    #[arg(long = "proc", value_name = "CODE")]
    procedures: Vec<String>,
    /// Age in years.
    #[arg(long)]
    age: Option<i64>,
    /// Sex: M, F, U (or 0, 1, 2).
    #[arg(long)]
    sex: Option<String>,
    /// Discharge date, YYYY-MM-DD (picks the grouper version in force).
    #[arg(long = "date", value_name = "YYYY-MM-DD")]
    discharge_date: Option<String>,
    /// Grouper version (400 ... 440), instead of a date.
    #[arg(long = "grouper-version", value_name = "N")]
    grouper_version: Option<u16>,
    /// UB-04 discharge status (1 home, 20 expired, ...).
    #[arg(long)]
    discharge_status: Option<i64>,
    /// Length of stay, for a payment.
    #[arg(long)]
    los: Option<i64>,
    /// Total charges, for a payment.
    #[arg(long)]
    charges: Option<String>,
    /// Provider CCN in the --providers file, for a payment.
    #[arg(long)]
    ccn: Option<String>,
}

impl ClaimArgs {
    fn fields(&self) -> Option<io::ClaimFields> {
        Some(io::ClaimFields {
            pdx: self.pdx.clone()?,
            sdx: self.sdx.clone(),
            procedures: self.procedures.clone(),
            age: self.age,
            sex: self.sex.clone(),
            discharge_date: self.discharge_date.clone(),
            version: self.grouper_version,
            discharge_status: self.discharge_status,
            length_of_stay: self.los,
            total_charges: self.charges.clone(),
            ccn: self.ccn.clone(),
        })
    }
}

/// The edits of `drg whatif`, applied in this order.
#[derive(clap::Args)]
struct EditArgs {
    /// Add a secondary diagnosis, `CODE[:POA]` (repeatable).
    #[arg(long, value_name = "CODE[:POA]")]
    add_dx: Vec<String>,
    /// Remove a secondary diagnosis (repeatable).
    #[arg(long, value_name = "CODE")]
    remove_dx: Vec<String>,
    /// Make CODE the principal diagnosis (a secondary diagnosis swaps places with it).
    #[arg(long = "set-pdx", value_name = "CODE")]
    set_pdx: Option<String>,
    /// Add a procedure (repeatable).
    #[arg(long, value_name = "CODE")]
    add_proc: Vec<String>,
    /// Remove a procedure (repeatable).
    #[arg(long, value_name = "CODE")]
    remove_proc: Vec<String>,
    /// Set a diagnosis's POA, CODE:POA (repeatable).
    #[arg(long = "set-poa", value_name = "CODE:POA")]
    set_poa: Vec<String>,
    /// Set the discharge status.
    #[arg(long = "set-discharge-status", value_name = "N")]
    set_discharge_status: Option<i64>,
    /// Group under this version instead.
    #[arg(long = "set-version", value_name = "N")]
    set_version: Option<u16>,
    /// Group for this discharge date instead.
    #[arg(long = "set-date", value_name = "YYYY-MM-DD")]
    set_date: Option<String>,
}

impl EditArgs {
    fn edits(&self) -> Result<Vec<io::ClaimEdit>> {
        use io::ClaimEdit as E;
        let mut edits: Vec<E> = self.add_dx.iter().map(|d| E::add_dx(d)).collect();
        edits.extend(self.remove_dx.iter().map(|c| E::RemoveDx(c.clone())));
        edits.extend(self.set_pdx.iter().map(|c| E::Pdx(c.clone())));
        edits.extend(self.add_proc.iter().map(|c| E::AddProc(c.clone())));
        edits.extend(self.remove_proc.iter().map(|c| E::RemoveProc(c.clone())));
        for p in &self.set_poa {
            let (code, poa) = p
                .split_once(':')
                .with_context(|| format!("--set-poa {p}: expected CODE:POA"))?;
            edits.push(E::Poa {
                code: code.to_string(),
                poa: poa.to_string(),
            });
        }
        edits.extend(self.set_discharge_status.map(E::DischargeStatus));
        edits.extend(self.set_version.map(E::Version));
        edits.extend(self.set_date.clone().map(E::Date));
        if edits.is_empty() {
            anyhow::bail!("no edit: give --add-dx, --remove-dx, --set-pdx, --add-proc, --remove-proc, --set-poa, --set-discharge-status, --set-version or --set-date");
        }
        Ok(edits)
    }
}

/// What pricing needs beyond the claim.
#[derive(clap::Args)]
struct PricingArgs {
    /// Providers file for claims that give `ccn` (payments are shown when a claim can be priced).
    #[arg(long, value_name = "FILE")]
    providers: Option<PathBuf>,
    /// A directory of IPPS tables for another fiscal year or a correction (repeatable).
    #[arg(long = "ipps-tables", value_name = "DIR")]
    ipps_tables: Vec<PathBuf>,
}

impl PricingArgs {
    fn context(&self) -> Result<PricingContext> {
        pricing_context(&self.providers, &self.ipps_tables)
    }
}

/// The payment tables (embedded, then each `--ipps-tables` directory) and the providers file.
fn pricing_context(providers: &Option<PathBuf>, ipps_tables: &[PathBuf]) -> Result<PricingContext> {
    let tables = payment_tables(ipps_tables)?;
    let providers = providers
        .as_ref()
        .map(|p| {
            ProviderFile::load(p).with_context(|| format!("cannot load providers {}", p.display()))
        })
        .transpose()?;
    Ok(PricingContext { tables, providers })
}

const EXPLAIN_EXAMPLES: &str = "Examples:
  drg explain --pdx I5023:Y --sdx I5022:Y --sdx N179:Y --age 72 --sex F --discharge-status 1 --date 2026-03-01
  drg explain examples/claims.jsonl --json
  drg explain examples/discharges.csv";

const WHATIF_EXAMPLES: &str = "Examples:
  drg whatif --pdx J189:Y --sdx I509:Y --age 80 --sex M --discharge-status 1 --date 2026-03-01 --remove-dx I509 --add-dx I5023:Y
  drg whatif examples/discharges.csv --providers tables/ipps/ipsf-sample.csv --remove-dx N179
  drg whatif claims.jsonl --set-version 440 --json";

const IMPACT_EXAMPLES: &str = "Examples:
  drg impact --pdx I5023:Y --sdx N179:Y --sdx E119:Y --age 72 --sex F --discharge-status 1 --date 2026-03-01
  drg impact examples/discharges.csv --providers tables/ipps/ipsf-sample.csv --json";

const SERVE_EXAMPLES: &str = "Examples:
  drg serve                      # then open http://127.0.0.1:8080/
  drg serve --providers tables/ipps/ipsf-sample.csv --addr 127.0.0.1:9000
  drg serve --code-titles icd10cm_order_2026.txt --code-titles icd10pcs_order_2026.txt

Each request is logged on stderr as method, path, status and time (never claim data); --quiet
logs none.";

const COMPARE_EXAMPLES: &str = "Examples:
  drg group claims.jsonl -o v431.jsonl && drg group claims-v440.jsonl -o v440.jsonl
  drg compare v431.jsonl v440.jsonl
  drg compare coder.jsonl cdi.jsonl --json";

const GROUP_EXAMPLES: &str = "Examples:
  drg group examples/claims.csv -o grouped.csv
  drg group examples/claims.jsonl --summary summary.json > grouped.jsonl
  echo '{\"id\":\"c1\",\"discharge_date\":\"2025-11-15\",\"age\":72,\"sex\":\"F\",\"discharge_status\":1,\"pdx\":{\"code\":\"I5023\",\"poa\":\"Y\"},\"sdx\":[{\"code\":\"N179\",\"poa\":\"Y\"}]}' | drg group
  drg group --strict --threads 2 claims.csv -o grouped.csv
  drg group claims.parquet -o grouped.parquet    # typed columns in, typed columns out

Exit codes: 0 every record processed (DRG 999 is a result), 1 some records failed, 2 usage or I/O error.";

const PRICE_EXAMPLES: &str = "Examples:
  drg price examples/price-claims.jsonl
  drg price claims.csv --providers ipsf.csv -o priced.csv --summary summary.json
  drg price claims-fy2021.jsonl --ipps-tables ../shared/cms/ipps/fy2021

Exit codes: 0 every record processed (a claim the pricer does not pay is a result), 1 some
records failed, 2 usage or I/O error.";

const EDIT_EXAMPLES: &str = "Examples:
  drg edit claims.jsonl > edits.jsonl
  drg edit claims.csv -o edits.csv --summary summary.json
  echo '{\"id\":\"c1\",\"discharge_date\":\"2025-11-15\",\"length_of_stay\":3,\"age\":72,\"sex\":1,\"discharge_status\":1,\"pdx\":{\"code\":\"I10\"}}' | drg edit

Exit codes: 0 every record edited (an edit is a result), 1 some records failed, 2 usage or I/O
error.";

/// The input to read: the file named, or standard input when none is named and it is not a
/// terminal (`drg group < claims.csv`).
fn input_name(input: &Option<String>) -> Result<String> {
    match input {
        Some(name) => Ok(name.clone()),
        None if !std::io::stdin().is_terminal() => Ok("-".to_string()),
        None => anyhow::bail!(
            "no input: name a claims file, or `-` (or pipe claims) for standard input"
        ),
    }
}

/// The format of input `name`: `--input-format`, else the extension; standard input has none,
/// so a first character `{` is JSON Lines, anything else CSV.
fn input_format(cli: &Cli, name: &str, source: &mut Box<dyn BufRead + Send>) -> Result<Format> {
    Ok(match cli.input_format {
        Some(Format::Parquet) if name == "-" => {
            anyhow::bail!(
                "Parquet input must be a file (it is read out of order), not standard input"
            )
        }
        Some(format) => format,
        None if name == "-" => {
            let start = source.fill_buf().context("cannot read standard input")?;
            if io::looks_like_json_lines(start) {
                Format::Jsonl
            } else {
                Format::Csv
            }
        }
        None => format_of(None, Some(name)),
    })
}

fn open_input(input: &str) -> Result<Box<dyn BufRead + Send>> {
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

/// Output buffer: a batch writes megabytes, and 8 KiB writes made 18,000 system calls per
/// 100,000 claims where 256 KiB made 600. Records now come in chunks of about 90 KB, which a
/// buffer smaller than the chunk passes to the file without copying them (1,600 system calls).
const OUTPUT_BUFFER: usize = 64 << 10;

fn open_output(output: &Option<PathBuf>) -> Result<Box<dyn Write + Send>> {
    Ok(match output {
        Some(path) if path.as_os_str() != "-" => Box::new(NamedOutput {
            file: BufWriter::with_capacity(
                OUTPUT_BUFFER,
                File::create(path).with_context(|| format!("cannot create {}", path.display()))?,
            ),
            path: path.clone(),
        }),
        _ => Box::new(BufWriter::with_capacity(OUTPUT_BUFFER, std::io::stdout())),
    })
}

/// An output file whose write errors name it (a full disk says which file could not be
/// written), keeping the error kind.
struct NamedOutput {
    file: BufWriter<File>,
    path: PathBuf,
}

impl NamedOutput {
    fn named(&self, e: std::io::Error) -> std::io::Error {
        std::io::Error::new(
            e.kind(),
            format!("cannot write {}: {e}", self.path.display()),
        )
    }
}

impl Write for NamedOutput {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.file.write(buf).map_err(|e| self.named(e))
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush().map_err(|e| self.named(e))
    }
}

/// The grouper, kept for the rest of the process: freeing its hundred thousand allocations at
/// exit cost 22M instructions (4%) of a 10,000-claim run over the nine versions, and is the
/// operating system's job anyway.
fn load(tables: &Option<PathBuf>) -> Result<&'static Grouper> {
    Ok(Box::leak(Box::new(load_owned(tables)?)))
}

/// The grouper, owned (`drg serve` hands it to the workbench).
fn load_owned(tables: &Option<PathBuf>) -> Result<Grouper> {
    let source = match tables {
        Some(dir) => TableSource::Directory(dir.clone()),
        None => TableSource::Embedded,
    };
    Grouper::load(&source).context("cannot load MS-DRG tables")
}

/// Run `process` over every input record, writing one output record per record, then the
/// summary; returns whether every record was processed.
fn each_record<
    R: serde::Serialize + Send + 'static,
    E: serde::Serialize + Send + io::Failure + 'static,
>(
    cli: &Cli,
    command: &str,
    input: &str,
    output: &Option<PathBuf>,
    process: impl Fn(&InputRecord) -> std::result::Result<R, E> + Sync,
    add_to_summary: fn(&mut io::Summary, &R),
) -> Result<bool> {
    let mut summary = io::Summary::default();
    let mut progress = progress_line(cli);
    // Each chunk of records is summarised on its worker; the writing thread merges them.
    let tally =
        |chunk: &mut io::Summary, outcome: std::result::Result<R, io::ErrorKind>| match outcome {
            Ok(result) => add_to_summary(chunk, &result),
            Err(kind) => chunk.add_failure(kind),
        };
    let observe = |chunk: io::Summary, records: usize| {
        progress.add(records);
        summary.merge(chunk);
    };
    let kind = match command {
        "price" => OutputKind::Price,
        "edit" => OutputKind::Edit,
        _ => OutputKind::Group,
    };
    refuse_overwriting_the_input(input, output)?;
    let mut passthrough_columns = Vec::new();
    let out_name = output.as_ref().and_then(|p| p.to_str());
    let mut source = open_input(input)?;
    let in_format = input_format(cli, input, &mut source)?;
    let out_format = format_of(cli.output_format, out_name);
    let output_with = |passthrough: Vec<String>| Output {
        path: output,
        format: out_format,
        kind,
        passthrough,
    };
    let counts = match in_format {
        Format::Jsonl => {
            let mut reader = JsonLinesReader::with_max_line_bytes(source, cli.max_line_bytes);
            write_all(
                &mut reader,
                output_with(Vec::new()),
                process,
                tally,
                observe,
            )
        }
        Format::Csv => {
            let mut reader = io::CsvClaimReader::with_max_line_bytes(source, cli.max_line_bytes)
                .with_context(|| format!("cannot read the CSV header of {input}"))?;
            passthrough_columns = reader.passthrough_columns();
            write_all(
                &mut reader,
                output_with(passthrough_columns.clone()),
                process,
                tally,
                observe,
            )
        }
        Format::Parquet => {
            drop(source);
            let mut reader = parquet_reader(input)?;
            passthrough_columns = reader.passthrough_columns();
            write_all(
                &mut reader,
                output_with(passthrough_columns.clone()),
                process,
                tally,
                observe,
            )
        }
    }
    .with_context(|| format!("drg {command}: {input}"))?;
    progress.finish();
    summary.blank_lines = counts.blank_lines;
    summary.passthrough_columns = passthrough_columns;
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

/// Where and how records are written.
struct Output<'a> {
    path: &'a Option<PathBuf>,
    format: Format,
    /// The command's records: its CSV columns, or its Arrow batch columns.
    kind: OutputKind,
    passthrough: Vec<String>,
}

fn parquet_reader(input: &str) -> Result<io::parquet_format::ParquetClaimReader> {
    let file = File::open(input).with_context(|| format!("cannot open {input}"))?;
    io::parquet_format::ParquetClaimReader::new(file)
        .with_context(|| format!("cannot read {input} as Parquet"))
}

/// The Parquet writer of `output` (a file: Parquet is not written to standard output).
fn parquet_writer(
    output: &Output<'_>,
) -> Result<io::parquet_format::ParquetWriter<BufWriter<File>>> {
    let path = match output.path {
        Some(p) if p.as_os_str() != "-" => p,
        _ => anyhow::bail!("Parquet output needs a file: give -o FILE.parquet"),
    };
    let file = File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
    io::parquet_format::ParquetWriter::new(
        BufWriter::new(file),
        output.kind,
        output.passthrough.clone(),
    )
    .with_context(|| format!("cannot write {}", path.display()))
}

/// Run `process` over `reader`, printing to `output`.
fn write_all<
    R: serde::Serialize + Send + 'static,
    E: serde::Serialize + Send + io::Failure + 'static,
>(
    reader: &mut (impl io::RecordReader + Send),
    output: Output<'_>,
    process: impl Fn(&InputRecord) -> std::result::Result<R, E> + Sync,
    tally: impl Fn(&mut io::Summary, std::result::Result<R, io::ErrorKind>) + Sync,
    observe: impl FnMut(io::Summary, usize) + Send,
) -> Result<io::Counts> {
    if output.format == Format::Parquet {
        let mut writer = parquet_writer(&output)?;
        return Ok(io::run_tallied(
            reader,
            &mut writer,
            process,
            tally,
            observe,
        )?);
    }
    let out = open_output(output.path)?;
    Ok(match output.format {
        Format::Jsonl => io::run_tallied(
            reader,
            &mut JsonLinesWriter::new(out),
            process,
            tally,
            observe,
        )?,
        Format::Csv | Format::Parquet => {
            let mut writer =
                io::CsvWriter::new(out, output.kind.columns()).with_passthrough(output.passthrough);
            io::run_tallied(reader, &mut writer, process, tally, observe)?
        }
    })
}

fn group(cli: &Cli, input: &str, output: &Option<PathBuf>, edits: bool) -> Result<bool> {
    let grouper = load(&cli.tables)?;
    let options = read_options(cli);
    let editor = edits.then(|| load_editor(cli)).transpose()?;
    // The embedded IPPS tables give each line its final DRG's weight, GMLOS and ALOS; each
    // fiscal year is parsed when its first claim asks for it.
    let weights = PaymentTableSet::embedded().context("cannot load IPPS tables")?;
    let tables_failed = std::sync::atomic::AtomicBool::new(false);
    let process = |record: &InputRecord| {
        let mut result = group_record(grouper, None, record, options)?;
        result.weights = io::record_weights(grouper, &weights, &result.result, record.line)
            .inspect_err(|_| tables_failed.store(true, std::sync::atomic::Ordering::Relaxed))?;
        result.edits = editor.as_ref().map(|e| io::edits_block(e, record));
        Ok::<_, io::ErrorRecord>(result)
    };
    let done = each_record(
        cli,
        "group",
        input,
        output,
        process,
        io::Summary::add_grouping,
    )?;
    // Every such record already says so; the run fails as a table failure does.
    if tables_failed.load(std::sync::atomic::Ordering::Relaxed) {
        anyhow::bail!("cannot load IPPS tables: see the records' errors");
    }
    Ok(done)
}

fn load_editor(cli: &Cli) -> Result<Editor> {
    let source = match &cli.tables {
        Some(dir) => TableSource::Directory(dir.clone()),
        None => TableSource::Embedded,
    };
    Editor::load(&source).context("cannot load the MCE masters")
}

/// `drg edit`: the Medicare Code Editor over the embedded masters (or `--tables DIR`'s).
fn edit(cli: &Cli, input: &str, output: &Option<PathBuf>) -> Result<bool> {
    let editor = load_editor(cli)?;
    let options = read_options(cli);
    let process = |record: &InputRecord| io::edit_record(&editor, record, options);
    each_record(
        cli,
        "edit",
        input,
        output,
        process,
        io::Summary::add_editing,
    )
}

fn read_options(cli: &Cli) -> ReadOptions {
    ReadOptions { strict: cli.strict }
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

/// The embedded IPPS tables, overlaid or extended by each `--ipps-tables` directory.
fn payment_tables(ipps_tables: &[PathBuf]) -> Result<PaymentTableSet> {
    let mut payment_tables = PaymentTableSet::embedded().context("cannot load IPPS tables")?;
    // A year already loaded is overlaid by the files the directory holds; another is added. A
    // broken file stops the run at start (exit 2) with its file:line:column, before any claim.
    for dir in ipps_tables {
        payment_tables
            .load_dir(dir)
            .with_context(|| format!("cannot load IPPS tables from {}", dir.display()))?;
    }
    Ok(payment_tables)
}

/// What `drg price` prices with besides the claims.
struct Pricing<'a> {
    providers: &'a Option<PathBuf>,
    ipps_tables: &'a [PathBuf],
    /// `--edits`: the Medicare Code Editor.
    editor: Option<&'a Editor>,
}

fn price(cli: &Cli, input: &str, output: &Option<PathBuf>, pricing: Pricing<'_>) -> Result<bool> {
    let Pricing {
        providers,
        ipps_tables,
        editor,
    } = pricing;
    // The grouper is needed only for claims without a `drg`: the embedded tables are compiled
    // on first use (a directory given with --tables is still checked at start).
    let grouper: std::sync::OnceLock<Result<&Grouper, String>> = std::sync::OnceLock::new();
    if cli.tables.is_some() {
        let _ = grouper.set(Ok(load(&cli.tables)?));
    }
    let ctx = pricing_context(providers, ipps_tables)?;
    let options = read_options(cli);
    let process = |record: &InputRecord| {
        let group = |claim: &serde_json::Value| {
            let grouper = grouper.get_or_init(|| load(&cli.tables).map_err(|e| format!("{e:#}")));
            match grouper {
                Ok(g) => group_for_pricing(g, claim),
                Err(e) => Err(e.clone()),
            }
        };
        price_record(record, &ctx, &group, options).map(|mut outcome| {
            if let Some(e) = editor {
                outcome.set_edits(io::edits_block(e, record));
            }
            outcome
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

/// The records of `input`, or the one claim the flags give.
fn claim_records(
    cli: &Cli,
    input: &Option<String>,
    claim: &ClaimArgs,
) -> Result<Box<dyn io::RecordReader>> {
    if let Some(fields) = claim.fields() {
        if input.is_some() {
            anyhow::bail!("give a claims file or the claim flags (--pdx ...), not both");
        }
        let line = fields.to_json().to_string().into_bytes();
        return Ok(Box::new(JsonLinesReader::new(std::io::Cursor::new(line))));
    }
    let name = input_name(input)?;
    let mut source = open_input(&name)?;
    Ok(match input_format(cli, &name, &mut source)? {
        Format::Csv => Box::new(
            io::CsvClaimReader::with_max_line_bytes(source, cli.max_line_bytes)
                .with_context(|| format!("cannot read the CSV header of {name}"))?,
        ),
        Format::Parquet => Box::new(parquet_reader(&name)?),
        Format::Jsonl => Box::new(JsonLinesReader::with_max_line_bytes(
            source,
            cli.max_line_bytes,
        )),
    })
}

/// Run `process` over each claim, printing its text (or, with `json`, its JSON line) or its
/// error record; returns whether every claim was processed.
fn each_claim<T: serde::Serialize>(
    mut reader: Box<dyn io::RecordReader>,
    json: bool,
    process: impl Fn(&InputRecord) -> std::result::Result<T, io::ErrorRecord>,
    text: fn(&T) -> String,
) -> Result<bool> {
    let mut out = BufWriter::new(std::io::stdout().lock());
    let mut all_ok = true;
    while let Some(record) = reader.next_record() {
        let outcome = record?.and_then(|r| process(&r));
        match (outcome, json) {
            (Ok(done), true) => writeln!(out, "{}", serde_json::to_string(&done)?)?,
            (Ok(done), false) => write!(out, "{}", text(&done))?,
            (Err(error), true) => {
                all_ok = false;
                writeln!(out, "{}", serde_json::to_string(&error)?)?;
            }
            (Err(error), false) => {
                all_ok = false;
                writeln!(out, "{}", error.error)?;
            }
        }
    }
    out.flush()?;
    Ok(all_ok)
}

fn compare_files(a: &PathBuf, b: &PathBuf, json: bool) -> Result<bool> {
    let open = |p: &PathBuf| {
        File::open(p)
            .map(BufReader::new)
            .with_context(|| format!("cannot open {}", p.display()))
    };
    let comparison = io::compare(open(a)?, open(b)?)
        .with_context(|| format!("cannot compare {} and {}", a.display(), b.display()))?;
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, &comparison)?;
        writeln!(out)?;
    } else {
        out.write_all(comparison.to_text().as_bytes())?;
    }
    Ok(true)
}

/// `drg serve`: the tables, providers, MCE masters and code titles loaded once, then served.
fn serve(
    cli: &Cli,
    addr: std::net::SocketAddr,
    pricing: &PricingArgs,
    code_titles: &[PathBuf],
) -> Result<bool> {
    let grouper = load_owned(&cli.tables)?;
    let ctx = pricing.context()?;
    let editor = load_editor(cli)?;
    let mut titles = grouper_core::CodeTitles::default();
    for path in code_titles {
        titles
            .load_order_file(path)
            .with_context(|| format!("cannot load code titles {}", path.display()))?;
    }
    let workbench = grouper_serve::Workbench::new(grouper, ctx, editor, titles, cli.tables.clone());
    let options = grouper_serve::ServeOptions {
        addr,
        threads: cli.threads,
        log: !cli.quiet,
    };
    grouper_serve::serve(workbench, &options).context("drg serve")?;
    Ok(true)
}

fn run() -> Result<bool> {
    let cli = Cli::parse();
    rayon::ThreadPoolBuilder::new()
        .num_threads(cli.threads)
        .build_global()
        .context("cannot start the worker threads")?;
    match &cli.command {
        Command::Group {
            input,
            output,
            edits,
        } => group(&cli, &input_name(input)?, output, *edits),
        Command::Price {
            input,
            output,
            providers,
            ipps_tables,
            edits,
        } => {
            let editor = edits.then(|| load_editor(&cli)).transpose()?;
            let pricing = Pricing {
                providers,
                ipps_tables,
                editor: editor.as_ref(),
            };
            price(&cli, &input_name(input)?, output, pricing)
        }
        Command::Explain {
            input,
            claim,
            pricing,
            json,
        } => {
            let grouper = load(&cli.tables)?;
            let ctx = pricing.context()?;
            let reader = claim_records(&cli, input, claim)?;
            let process = |r: &InputRecord| io::explain_record(grouper, &ctx, r);
            each_claim(reader, *json, process, io::ExplainRecord::to_text)
        }
        Command::Whatif {
            input,
            claim,
            edits,
            pricing,
            json,
        } => {
            let grouper = load(&cli.tables)?;
            let ctx = pricing.context()?;
            let edits = edits.edits()?;
            let reader = claim_records(&cli, input, claim)?;
            let process = |r: &InputRecord| io::whatif_record(grouper, &ctx, r, &edits);
            each_claim(reader, *json, process, io::WhatIf::to_text)
        }
        Command::Impact {
            input,
            claim,
            pricing,
            json,
        } => {
            let grouper = load(&cli.tables)?;
            let ctx = pricing.context()?;
            let reader = claim_records(&cli, input, claim)?;
            let process = |r: &InputRecord| io::impact_record(grouper, &ctx, r);
            each_claim(reader, *json, process, io::Impact::to_text)
        }
        Command::Serve {
            addr,
            pricing,
            code_titles,
        } => serve(&cli, *addr, pricing, code_titles),
        Command::Compare { a, b, json } => compare_files(a, b, *json),
        Command::Edit { input, output } => edit(&cli, &input_name(input)?, output),
        Command::Tables { ipps_tables, json } => tables(&cli, ipps_tables, *json),
        Command::Versions => versions(&cli),
    }
}

/// `drg tables`: the loaded table sets, as text or JSON.
fn tables(cli: &Cli, ipps_tables: &[PathBuf], json: bool) -> Result<bool> {
    let grouper = load(&cli.tables)?;
    let payment = payment_tables(ipps_tables)?;
    let catalog = io::TableCatalog::new(grouper, cli.tables.as_deref(), &payment);
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, &catalog)?;
        writeln!(out)?;
    } else {
        out.write_all(catalog.to_text().as_bytes())?;
    }
    Ok(true)
}

/// `drg versions`: one line per grouper version.
fn versions(cli: &Cli) -> Result<bool> {
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
