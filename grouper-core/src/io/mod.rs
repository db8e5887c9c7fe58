//! Input formats and printers: records in, one record out per input record.
//!
//! A format reads input records into library types and prints results and errors; the
//! commands (`drg group`, `drg price`, `drg edit`) are the same loop over any of them ([`run`]). JSON Lines
//! is the format today ([`group_line`], [`JsonLinesReader`], [`JsonLinesWriter`]); CSV and
//! Arrow take their place beside it.

#[cfg(feature = "arrow")]
pub mod arrow_format;
mod canonical;
mod catalog;
mod claim_line;
#[cfg(any(feature = "arrow", test))]
mod columns;
mod compare;
mod csv_claim;
mod csv_format;
mod edit;
mod enum_json;
mod json_line;
mod json_text;
mod jsonl;
#[cfg(feature = "parquet")]
pub mod parquet_format;
mod price;
mod price_scan;
mod priced_line;
mod progress;
mod report_text;
mod summary;
mod warning;
mod whatif;

pub use catalog::{FileFingerprint, GrouperVersion, PaymentYear, TableCatalog};
pub use compare::{compare, Comparison, Shift};
pub use csv_format::{CsvClaimReader, CsvWriter, EDIT_COLUMNS, GROUP_COLUMNS, PRICE_COLUMNS};
pub use edit::{
    edit_claim_from_json, edit_record, edits_block, EditedClaim, DEFAULT_LENGTH_OF_STAY,
};
pub use jsonl::{
    claim_from_json, drg_weights, group_for_pricing, group_line, group_record, record_weights,
    DrgWeights, WeightedResult,
};
pub use price::{
    price_line, price_record, GroupedDrg, PriceErrorRecord, PriceOutcome, PricedClaim, RefusedClaim,
};
pub use progress::Progress;
pub use summary::Summary;
pub use warning::{
    unknown_fields, ReadOptions, Warning, WarningKind, CLAIM_FIELDS, CMS_PROCEDURES,
    CMS_SECONDARY_DIAGNOSES,
};
pub use whatif::{
    apply_edits, explain_record, impact_record, scenario, whatif_record, Alternative, ClaimEdit,
    ClaimFields, EditError, ExplainRecord, Impact, Scenario, Tier, WhatIf,
};

use std::io::{self, BufRead, Write};

use serde::Serialize;
use serde_json::Value;

/// The one error record every command writes for an input record it could not process:
/// `id` when it could be read, the 1-based input `line`, a specific `error` and its kind, the
/// `field` at fault when there is one, and the warnings read before it failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorRecord {
    /// The record's `id`, when it could be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<Value>,
    /// 1-based line of the input.
    pub line: usize,
    /// What went wrong, naming the line.
    pub error: String,
    /// The kind of error, a stable code (the summary counts failures by it).
    pub error_kind: ErrorKind,
    /// The input field at fault (`sdx[2].poa`), when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// What the reader normalised or ignored (under `--strict`, why the record failed).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<Warning>,
    /// The input's CSV columns the claim format does not read, echoed.
    #[serde(rename = "passthrough", skip_serializing_if = "Option::is_none")]
    pub passthrough: Option<Value>,
}

impl ErrorRecord {
    /// An error record of `kind` for input line `line`.
    pub fn new(
        kind: ErrorKind,
        id: Option<Value>,
        line: usize,
        error: String,
        field: Option<String>,
    ) -> Self {
        ErrorRecord {
            id,
            line,
            error,
            error_kind: kind,
            field,
            warnings: Vec::new(),
            passthrough: None,
        }
    }
}

/// Why a record could not be processed: a closed set of stable codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// Not a JSON object, or not a CSV row.
    Unreadable,
    /// Longer than the line limit.
    LineTooLong,
    /// A field that cannot be read (wrong type, bad date, too many codes).
    InvalidField,
    /// No grouper version for the claim (unknown version, or none in force on the date).
    NoGrouperVersion,
    /// The grouper's tables for the version are broken.
    Tables,
    /// `--strict` and the record had warnings.
    Strict,
    /// `drg price`: no provider record for the claim.
    NoProvider,
    /// `drg price`: the claim could not be grouped.
    GroupingFailed,
    /// `drg price`: no IPPS tables (or a table or factor) for the discharge's fiscal year.
    NoPaymentTables,
    /// `drg price`: the pricer could not compute the payment.
    Pricing,
    /// `drg edit`: the MCE cannot edit the claim (an ICD-9 discharge, a rule it lacks).
    NotEditable,
}

impl ErrorKind {
    /// The stable code as printed (`invalid_field`).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Unreadable => "unreadable",
            ErrorKind::LineTooLong => "line_too_long",
            ErrorKind::InvalidField => "invalid_field",
            ErrorKind::NoGrouperVersion => "no_grouper_version",
            ErrorKind::Tables => "tables",
            ErrorKind::Strict => "strict",
            ErrorKind::NoProvider => "no_provider",
            ErrorKind::GroupingFailed => "grouping_failed",
            ErrorKind::NoPaymentTables => "no_payment_tables",
            ErrorKind::Pricing => "pricing",
            ErrorKind::NotEditable => "not_editable",
        }
    }

    /// The kind of a grouping error.
    pub fn of_group_error(e: &crate::error::GroupError) -> ErrorKind {
        use crate::error::GroupError;
        match e {
            GroupError::InvalidField { .. } | GroupError::NoVersion => ErrorKind::InvalidField,
            GroupError::UnsupportedVersion(..) | GroupError::NoVersionForDate(_) => {
                ErrorKind::NoGrouperVersion
            }
            GroupError::Table(_) => ErrorKind::Tables,
        }
    }
}

/// An error record as the summary sees it: its kind.
pub trait Failure {
    /// The kind of error.
    fn error_kind(&self) -> ErrorKind;
}

impl Failure for ErrorRecord {
    fn error_kind(&self) -> ErrorKind {
        self.error_kind
    }
}

/// The key under which a CSV reader keeps the columns the claim format does not read, so that
/// they are echoed on the output record.
pub const PASSTHROUGH: &str = "passthrough";

/// One input record: its 1-based line and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputRecord {
    /// 1-based line where the record starts.
    pub line: usize,
    /// The record as read (a JSON Lines line without its line ending).
    pub text: String,
    /// What the reader itself normalised (a byte-order mark removed, a ragged CSV row).
    pub warnings: Vec<Warning>,
}

impl InputRecord {
    /// A record of `text` starting on `line`, with no reader warnings.
    pub fn new(line: usize, text: impl Into<String>) -> Self {
        InputRecord {
            line,
            text: text.into(),
            warnings: Vec::new(),
        }
    }

    /// The record's JSON value: `text` parsed.
    fn value(&self) -> serde_json::Result<Value> {
        serde_json::from_str(&self.text)
    }
}

/// Reads input records one at a time (bounded memory whatever the input size).
pub trait RecordReader {
    /// The next record, `None` at the end of the input. `Ok(Err(record))` is a record the
    /// reader itself refuses (a line over the length limit): the loop writes that error record
    /// in its place and goes on.
    fn next_record(&mut self) -> Option<io::Result<Result<InputRecord, ErrorRecord>>>;
    /// Blank lines skipped so far (not records, but counted so that none vanish unreported).
    fn blank_lines(&self) -> usize;
}

/// Writes one output record per input record.
pub trait RecordWriter {
    /// How records are turned into bytes: [`run`] renders on worker threads, then writes in
    /// input order.
    fn render(&self) -> Render;
    /// Write bytes [`Render::render`] produced for one record.
    fn write_rendered(&mut self, bytes: &[u8]) -> io::Result<()>;
    /// Write the bytes of consecutive records rendered end to end, record `i` ending at
    /// `ends[i]`: a format whose records are plain bytes writes them in one call.
    fn write_rendered_run(&mut self, bytes: &[u8], ends: &[usize]) -> io::Result<()> {
        let mut start = 0;
        for &end in ends {
            self.write_rendered(&bytes[start..end])?;
            start = end;
        }
        Ok(())
    }
    /// Flush what is buffered.
    fn finish(&mut self) -> io::Result<()>;
}

/// An output record format, cheap to share with every worker thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Render {
    /// One compact JSON object and a newline.
    JsonLine,
    /// One CSV row of these columns (a column the record lacks is empty), then the input's
    /// passed-through columns.
    CsvRow(&'static [&'static str], std::sync::Arc<[String]>),
    /// One JSON object shaped as a row of an Arrow batch of this kind (see
    /// [`arrow_format::BatchBuilder`]), echoing these input columns, and a newline: the
    /// reshaping runs on the worker threads, the batch building after, in order.
    #[cfg(feature = "arrow")]
    ArrowRow(arrow_format::OutputKind, std::sync::Arc<[String]>),
}

impl Render {
    /// Append `record`'s bytes to `out`.
    pub fn render<T: Serialize + 'static>(&self, record: &T, out: &mut Vec<u8>) -> io::Result<()> {
        match self {
            Render::JsonLine => {
                // The `drg group` line, the bulk of a batch run, has a direct writer that gives
                // serde_json's bytes without its per-field machinery.
                let any = record as &dyn std::any::Any;
                if let Some(r) = any.downcast_ref::<WeightedResult>() {
                    return json_line::write_weighted(r, out);
                }
                if let Some(PriceOutcome::Priced(p)) = any.downcast_ref::<PriceOutcome>() {
                    return priced_line::write_priced(p, out);
                }
                serde_json::to_writer(&mut *out, record)?;
                out.push(b'\n');
                Ok(())
            }
            Render::CsvRow(columns, passthrough) => {
                csv_format::render_row(columns, passthrough, record, out)
            }
            #[cfg(feature = "arrow")]
            Render::ArrowRow(kind, passthrough) => {
                // As JSON text, which arrow-json decodes: the workspace's serde_json keeps
                // numbers exact (arbitrary_precision), which serialises a number as a private
                // struct to any serializer but its own.
                let value = serde_json::to_value(record)?;
                serde_json::to_writer(
                    &mut *out,
                    &arrow_format::reshape(*kind, passthrough, value),
                )?;
                out.push(b'\n');
                Ok(())
            }
        }
    }
}

/// The most a line buffer starts with (a claim line with a few dozen codes fits); a longer
/// line grows it.
const LINE_BUFFER: usize = 4 << 10;

/// The longest input line read by default: 1 MiB (a claim with the 25 diagnoses and 25
/// procedures CMS reads is under 4 KiB; one with the 1,000 codes [`MAX_CODES`] allows, under
/// 64 KiB).
pub const DEFAULT_MAX_LINE_BYTES: usize = 1 << 20;

/// The most diagnoses (`sdx`) or procedures a claim may list: more is an error record. CMS
/// reads 25 of each; every code given, up to this cap, is grouped.
pub const MAX_CODES: usize = 1_000;

/// JSON Lines input: one record per non-blank line (invalid UTF-8 is replaced, and then reported
/// by the JSON reader as the line's error). A line longer than the limit
/// ([`DEFAULT_MAX_LINE_BYTES`] unless set) is skipped without being held in memory and gives
/// one error record naming the line and the limit.
#[derive(Debug)]
pub struct JsonLinesReader<R> {
    input: R,
    line: usize,
    buffer: Vec<u8>,
    max_line_bytes: usize,
    blank_lines: usize,
}

/// One line as read: its content (without the line ending) or, if it was too long, its length.
enum Line {
    End,
    Text,
    TooLong(usize),
}

impl<R: BufRead> JsonLinesReader<R> {
    /// A reader over `input`, with the default line limit.
    pub fn new(input: R) -> Self {
        Self::with_max_line_bytes(input, DEFAULT_MAX_LINE_BYTES)
    }

    /// A reader over `input` refusing lines longer than `max_line_bytes` (line ending excluded).
    pub fn with_max_line_bytes(input: R, max_line_bytes: usize) -> Self {
        JsonLinesReader {
            input,
            line: 0,
            buffer: Vec::new(),
            max_line_bytes,
            blank_lines: 0,
        }
    }

    /// Read the next line (counted in `line`) into `buffer` (line ending removed), holding at
    /// most the limit plus the line ending: the rest of a longer line is read and dropped, only
    /// its length counted.
    fn read_line(&mut self) -> io::Result<Line> {
        self.buffer.clear();
        let keep = self.max_line_bytes.saturating_add(2);
        // Bytes of the line so far (line ending included), and the last of them.
        let (mut length, mut last) = (0usize, None::<u8>);
        loop {
            let available = match self.input.fill_buf() {
                Ok(bytes) => bytes,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if available.is_empty() {
                if last.is_none() {
                    return Ok(Line::End);
                }
                break;
            }
            let newline = memchr::memchr(b'\n', available);
            let chunk = &available[..newline.map_or(available.len(), |i| i + 1)];
            let room = keep.saturating_sub(self.buffer.len()).min(chunk.len());
            self.buffer.extend_from_slice(&chunk[..room]);
            let before_newline = match newline {
                Some(0) => last,
                Some(i) => Some(chunk[i - 1]),
                None => None,
            };
            length += chunk.len();
            last = chunk.last().copied();
            let used = chunk.len();
            self.input.consume(used);
            if newline.is_some() {
                length -= 1 + usize::from(before_newline == Some(b'\r'));
                break;
            }
        }
        self.line += 1;
        if length > self.max_line_bytes {
            self.buffer.clear();
            return Ok(Line::TooLong(length));
        }
        while matches!(self.buffer.last(), Some(b'\n' | b'\r')) {
            self.buffer.pop();
        }
        Ok(Line::Text)
    }

    /// The error for the line just read, `length` bytes long: over the limit.
    fn too_long(&self, length: usize) -> String {
        format!(
            "line {}: {length} bytes, longer than the limit of {} bytes per line",
            self.line, self.max_line_bytes
        )
    }
}

impl<R: BufRead> RecordReader for JsonLinesReader<R> {
    fn blank_lines(&self) -> usize {
        self.blank_lines
    }

    fn next_record(&mut self) -> Option<io::Result<Result<InputRecord, ErrorRecord>>> {
        loop {
            let read = match self.read_line() {
                Ok(Line::End) => return None,
                Ok(read) => read,
                Err(e) => return Some(Err(e)),
            };
            if let Line::TooLong(length) = read {
                let message = self.too_long(length);
                let kind = ErrorKind::LineTooLong;
                return Some(Ok(Err(ErrorRecord::new(
                    kind, None, self.line, message, None,
                ))));
            }
            let mut warnings = Vec::new();
            if self.line == 1 {
                strip_byte_order_mark(&mut self.buffer, &mut warnings);
            }
            if is_blank(&self.buffer) {
                self.blank_lines += 1;
                continue;
            }
            // The line's bytes become its text without a copy (valid UTF-8, nearly always).
            // The next line's buffer starts at twice this line's length, within bounds, so a
            // record's text holds about twice its bytes at most, whatever came before.
            let next = Vec::with_capacity((2 * self.buffer.len()).clamp(256, LINE_BUFFER));
            let bytes = std::mem::replace(&mut self.buffer, next);
            let text = String::from_utf8(bytes)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
            return Some(Ok(Ok(InputRecord {
                line: self.line,
                text,
                warnings,
            })));
        }
    }
}

/// Whether a line holds only whitespace, as `str::trim` sees it (Unicode's `White_Space`). A
/// line whose first byte outside ASCII's six `White_Space` bytes is another ASCII byte is not
/// blank, without validating the rest.
fn is_blank(line: &[u8]) -> bool {
    let ascii_white_space = |b: &&u8| matches!(**b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ');
    match line.iter().find(|b| !ascii_white_space(b)) {
        None => true,
        Some(b) if b.is_ascii() => false,
        Some(_) => String::from_utf8_lossy(line).trim().is_empty(),
    }
}

/// Remove a UTF-8 byte-order mark from the start of the input's first line, reporting it.
fn strip_byte_order_mark(first_line: &mut Vec<u8>, warnings: &mut Vec<Warning>) {
    if first_line.starts_with("\u{feff}".as_bytes()) {
        first_line.drain(..3);
        warnings.push(Warning::byte_order_mark_stripped());
    }
}

/// Whether input starting with `start` is JSON Lines (its first character, after blanks and a
/// byte-order mark, is `{`) rather than CSV: for standard input, which has no file extension.
pub fn looks_like_json_lines(start: &[u8]) -> bool {
    let start = start.strip_prefix("\u{feff}".as_bytes()).unwrap_or(start);
    start
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_none_or(|b| *b == b'{')
}

/// JSON Lines output: one compact JSON object per line.
#[derive(Debug)]
pub struct JsonLinesWriter<W> {
    out: W,
}

impl<W: Write> JsonLinesWriter<W> {
    /// A writer to `out`.
    pub fn new(out: W) -> Self {
        JsonLinesWriter { out }
    }
}

impl<W: Write> RecordWriter for JsonLinesWriter<W> {
    fn render(&self) -> Render {
        Render::JsonLine
    }

    fn write_rendered(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.out.write_all(bytes)
    }

    fn write_rendered_run(&mut self, bytes: &[u8], _ends: &[usize]) -> io::Result<()> {
        self.out.write_all(bytes)
    }

    fn finish(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// How many records a run processed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Records that gave a result.
    pub ok: usize,
    /// Records that gave an error record.
    pub failed: usize,
    /// Blank input lines skipped (no output record; reported in the summary).
    pub blank_lines: usize,
}

impl Counts {
    /// All records.
    pub fn total(&self) -> usize {
        self.ok + self.failed
    }
}

/// Records read before a batch is processed (a bound on memory with the byte bound below).
pub const BATCH_RECORDS: usize = 4_096;
/// Input bytes read before a batch is processed: with 1 MiB lines, memory stays bounded.
pub const BATCH_BYTES: usize = 16 << 20;

/// Records a worker renders into one buffer: one allocation and one write per chunk instead
/// of one per record (a chunk of `drg group` lines is about 90 KB, so a writer with a smaller
/// buffer passes it straight to the file).
const CHUNK_RECORDS: usize = 64;

/// Consecutive records of a batch, processed and rendered by one worker, in order.
struct Chunk<T> {
    /// What the chunk's records tallied to (see [`run_tallied`]).
    tally: T,
    /// Records that gave a result.
    ok: usize,
    /// Records that gave an error record.
    failed: usize,
    /// The rendered records, end to end.
    bytes: Vec<u8>,
    /// Where each record's bytes end in `bytes`.
    ends: Vec<usize>,
    /// The rendering error of the last record: it has no bytes, and the records after it in
    /// the chunk were not processed (the run stops there).
    failed_io: Option<io::Error>,
}

/// The next batch of records: [`BATCH_RECORDS`] or [`BATCH_BYTES`], whichever comes first;
/// empty at the end of the input.
fn read_batch(reader: &mut impl RecordReader) -> io::Result<Vec<Result<InputRecord, ErrorRecord>>> {
    let mut batch = Vec::with_capacity(BATCH_RECORDS);
    let mut bytes = 0;
    while batch.len() < BATCH_RECORDS && bytes < BATCH_BYTES {
        let Some(record) = reader.next_record() else {
            break;
        };
        let record = record?;
        bytes += record.as_ref().map_or(0, |r| r.text.len());
        batch.push(record);
    }
    Ok(batch)
}

/// Process, render and tally every record of `batch` on the current rayon pool, in order, a
/// chunk of [`CHUNK_RECORDS`] per task.
fn process_batch<R, E, T>(
    batch: &[Result<InputRecord, ErrorRecord>],
    render: &Render,
    process: &(impl Fn(&InputRecord) -> Result<R, E> + Sync),
    tally: &(impl Fn(&mut T, Result<R, ErrorKind>) + Sync),
) -> Vec<Chunk<T>>
where
    R: Serialize + 'static,
    E: Serialize + Failure + 'static,
    T: Default + Send,
{
    use rayon::prelude::*;
    batch
        .par_chunks(CHUNK_RECORDS)
        .map(|records| process_chunk(records, render, process, tally))
        .collect()
}

/// [`process_batch`] for one chunk, on one worker. Each result is tallied, and so dropped,
/// here, right after it is rendered: kept for the writing thread, a `drg group` result was a
/// 536-byte copy into the chunk, and its vectors were freed later on another thread.
fn process_chunk<R, E, T>(
    records: &[Result<InputRecord, ErrorRecord>],
    render: &Render,
    process: &impl Fn(&InputRecord) -> Result<R, E>,
    tally: &impl Fn(&mut T, Result<R, ErrorKind>),
) -> Chunk<T>
where
    R: Serialize + 'static,
    E: Serialize + Failure + 'static,
    T: Default,
{
    let mut chunk = Chunk {
        tally: T::default(),
        ok: 0,
        failed: 0,
        bytes: Vec::with_capacity(records.len() * RECORD_BYTES),
        ends: Vec::with_capacity(records.len()),
        failed_io: None,
    };
    for record in records {
        let start = chunk.bytes.len();
        let (outcome, rendered) = match record {
            Ok(record) => match process(record) {
                Ok(result) => {
                    let rendered = render.render(&result, &mut chunk.bytes);
                    (Ok(result), rendered)
                }
                Err(error) => (
                    Err(error.error_kind()),
                    render.render(&error, &mut chunk.bytes),
                ),
            },
            Err(refused) => (
                Err(refused.error_kind),
                render.render(refused, &mut chunk.bytes),
            ),
        };
        match outcome {
            Ok(_) => chunk.ok += 1,
            Err(_) => chunk.failed += 1,
        }
        tally(&mut chunk.tally, outcome);
        if let Err(e) = rendered {
            chunk.bytes.truncate(start);
            chunk.failed_io = Some(e);
            break;
        }
        chunk.ends.push(chunk.bytes.len());
    }
    chunk
}

/// The rendered bytes a record takes, to size a chunk's buffer: a `drg group` line is about
/// 1.4 KB, a `drg price` line 1.7 KB, and a buffer that grows copies the whole chunk.
const RECORD_BYTES: usize = 2 << 10;

/// Process every input record with `process`, writing its result or its error record, in
/// input order. Stops only on an I/O error of the input or the output.
///
/// Records are read in batches ([`BATCH_RECORDS`], [`BATCH_BYTES`]) and each batch is
/// processed on the current rayon thread pool; results are written, and passed to `observe`
/// (a failure as its kind, also for a record the reader refused), in input order, so the
/// output is byte-identical whatever the number of threads.
///
/// Every result is kept until its batch is written: [`run_tallied`] keeps only a tally.
pub fn run<R, E>(
    reader: &mut (impl RecordReader + Send),
    writer: &mut (impl RecordWriter + Send),
    process: impl Fn(&InputRecord) -> Result<R, E> + Sync,
    mut observe: impl FnMut(Result<&R, ErrorKind>) + Send,
) -> io::Result<Counts>
where
    R: Serialize + Send + 'static,
    E: Serialize + Send + Failure + 'static,
{
    run_tallied(
        reader,
        writer,
        process,
        |kept: &mut Vec<Result<R, ErrorKind>>, outcome| kept.push(outcome),
        |kept, _| {
            for outcome in &kept {
                observe(outcome.as_ref().map_err(|kind| *kind));
            }
        },
    )
}

/// [`run`], with each result given to `tally` on the worker that processed it, and dropped
/// there: the tallies of each chunk of records (a `T` from `T::default()`, with the number of
/// records it counted) reach `observe` in input order. A summary that only counts and adds
/// makes a run's memory per record small and frees each result where it was made.
pub fn run_tallied<R, E, T>(
    reader: &mut (impl RecordReader + Send),
    writer: &mut (impl RecordWriter + Send),
    process: impl Fn(&InputRecord) -> Result<R, E> + Sync,
    tally: impl Fn(&mut T, Result<R, ErrorKind>) + Sync,
    mut observe: impl FnMut(T, usize) + Send,
) -> io::Result<Counts>
where
    R: Serialize + 'static,
    E: Serialize + Failure + 'static,
    T: Default + Send,
{
    let mut counts = Counts::default();
    let render = writer.render();
    let mut write = |chunks: Vec<Chunk<T>>, writer: &mut _| -> io::Result<()> {
        for chunk in chunks {
            counts.ok += chunk.ok;
            counts.failed += chunk.failed;
            observe(chunk.tally, chunk.ok + chunk.failed);
            RecordWriter::write_rendered_run(writer, &chunk.bytes, &chunk.ends)?;
            if let Some(e) = chunk.failed_io {
                return Err(e);
            }
        }
        Ok(())
    };
    let mut batch = read_batch(reader)?;
    if rayon::current_num_threads() == 1 {
        // One thread: read, process and write in turn, on one core.
        while !batch.is_empty() {
            write(process_batch(&batch, &render, &process, &tally), writer)?;
            batch = read_batch(reader)?;
        }
    } else {
        // Several: the pool processes batch N while one thread writes batch N-1 and reads
        // batch N+1. That thread is one of the pool's workers (`rayon::scope` runs the loop on
        // one), so the run uses exactly the pool's threads: done with its reading and writing,
        // it helps process the batch instead of blocking, and no third thread competes with
        // two workers for two cores.
        rayon::scope(|_| {
            let work = Work {
                render: &render,
                process: &process,
                tally: &tally,
            };
            overlapped(batch, reader, writer, &work, &mut write)
        })?;
    }
    writer.finish()?;
    counts.blank_lines = reader.blank_lines();
    Ok(counts)
}

/// What each batch's records go through: rendering, processing and tallying.
struct Work<'a, P, Y> {
    render: &'a Render,
    process: &'a P,
    tally: &'a Y,
}

/// [`run`]'s loop with several threads: batch N is processed on the pool while this thread
/// writes batch N-1 (with `write`) and reads batch N+1.
fn overlapped<R, E, T, W>(
    mut batch: Vec<Result<InputRecord, ErrorRecord>>,
    reader: &mut impl RecordReader,
    writer: &mut W,
    work: &Work<
        '_,
        impl Fn(&InputRecord) -> Result<R, E> + Sync,
        impl Fn(&mut T, Result<R, ErrorKind>) + Sync,
    >,
    write: &mut impl FnMut(Vec<Chunk<T>>, &mut W) -> io::Result<()>,
) -> io::Result<()>
where
    W: RecordWriter,
    R: Serialize + 'static,
    E: Serialize + Failure + 'static,
    T: Default + Send,
{
    let mut pending: Option<Vec<Chunk<T>>> = None;
    while !batch.is_empty() {
        let mut processed = None;
        // Outer error: writing batch N-1 failed (nothing more is written); inner: reading
        // batch N+1 failed (batch N is written first, as when reading in turn).
        let next = rayon::in_place_scope(|scope| {
            scope.spawn(|_| {
                processed = Some(process_batch(&batch, work.render, work.process, work.tally));
            });
            if let Some(outcomes) = pending.take() {
                write(outcomes, writer)?;
            }
            Ok::<_, io::Error>(read_batch(reader))
        })?;
        let processed = processed.expect("the scope ran the batch");
        match next {
            Ok(next) => batch = next,
            Err(e) => {
                write(processed, writer)?;
                return Err(e);
            }
        }
        pending = Some(processed);
    }
    if let Some(outcomes) = pending {
        write(outcomes, writer)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The blank-line rule before the byte shortcut: the line's text (lossily) trimmed.
    fn blank_as_trimmed(line: &[u8]) -> bool {
        String::from_utf8_lossy(line).trim().is_empty()
    }

    #[test]
    fn a_line_is_blank_as_str_trim_sees_it_for_every_char() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            for line in [format!("{c}"), format!(" {c}\t"), format!("{c}{c}x")] {
                let bytes = line.as_bytes();
                assert_eq!(is_blank(bytes), blank_as_trimmed(bytes), "{line:?}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn a_line_is_blank_as_str_trim_sees_it(
            line in proptest::collection::vec(proptest::prop_oneof![
                proptest::sample::select(b"\t\n\x0b\x0c\r \x1c\x85\xa0\xc2\xe2\x80\x8ax{".to_vec()),
                proptest::num::u8::ANY,
            ], 0..12)
        ) {
            proptest::prop_assert_eq!(is_blank(&line), blank_as_trimmed(&line));
        }
    }

    type Observed = Result<u64, ErrorKind>;

    /// A test failure: always "invalid field".
    #[derive(Debug, Clone, PartialEq, Serialize)]
    struct Refused(String);

    impl Failure for Refused {
        fn error_kind(&self) -> ErrorKind {
            ErrorKind::InvalidField
        }
    }

    /// `run` over `input` (numbers; multiples of 7 fail; lines over 32 bytes are refused) on a
    /// pool of `threads`: the output bytes, the counts, and what `observe` saw, in order.
    fn run_numbers(input: &str, threads: usize) -> (Vec<u8>, Counts, Vec<Observed>) {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("thread pool");
        pool.install(|| {
            let mut reader = JsonLinesReader::with_max_line_bytes(input.as_bytes(), 32);
            let mut writer = JsonLinesWriter::new(Vec::new());
            let mut seen = Vec::new();
            let process = |r: &InputRecord| -> Result<u64, Refused> {
                let n: u64 = r
                    .text
                    .parse()
                    .map_err(|_| Refused(format!("not a number: {}", r.text)))?;
                if n.is_multiple_of(7) {
                    Err(Refused(format!("line {}: {n} is a multiple of 7", r.line)))
                } else {
                    Ok(n)
                }
            };
            let counts = run(&mut reader, &mut writer, process, |o| seen.push(o.copied()))
                .expect("no I/O error");
            (writer.out, counts, seen)
        })
    }

    #[test]
    fn run_tallied_gives_each_chunk_tally_in_input_order_with_its_record_count() {
        let input: String = (0..BATCH_RECORDS + 100).map(|n| format!("{n}\n")).collect();
        let (_, _, expected) = run_numbers(&input, 1);
        for threads in [1, 2] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("thread pool");
            let (seen, counts) = pool.install(|| {
                let mut reader = JsonLinesReader::new(input.as_bytes());
                let mut writer = JsonLinesWriter::new(Vec::new());
                let mut seen: Vec<Observed> = Vec::new();
                let process = |r: &InputRecord| -> Result<u64, Refused> {
                    let n: u64 = r.text.parse().expect("a number");
                    if n.is_multiple_of(7) {
                        Err(Refused(format!("{n} is a multiple of 7")))
                    } else {
                        Ok(n)
                    }
                };
                let tally = |t: &mut Vec<Observed>, o: Observed| t.push(o);
                let observe = |t: Vec<Observed>, records: usize| {
                    assert_eq!(t.len(), records);
                    assert!(records <= CHUNK_RECORDS);
                    seen.extend(t);
                };
                let counts = run_tallied(&mut reader, &mut writer, process, tally, observe)
                    .expect("no I/O error");
                (seen, counts)
            });
            assert_eq!(seen, expected, "{threads} threads");
            assert_eq!(counts.total(), BATCH_RECORDS + 100);
            assert_eq!(counts.failed, (BATCH_RECORDS + 100).div_ceil(7));
        }
    }

    #[test]
    fn run_keeps_input_order_across_batches_for_any_thread_count() {
        let records = BATCH_RECORDS * 2 + 7;
        let mut input = String::new();
        for n in 0..records {
            if n % 1000 == 999 {
                input.push_str(&"9".repeat(40));
            } else {
                input.push_str(&n.to_string());
            }
            input.push('\n');
        }
        let (out, counts, seen) = run_numbers(&input, 1);
        assert_eq!(counts.total(), records);
        let refused = records / 1000;
        let sevens = (0..records)
            .filter(|n| n % 1000 != 999 && n % 7 == 0)
            .count();
        assert_eq!(counts.failed, refused + sevens);
        let text = String::from_utf8(out.clone()).expect("UTF-8");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), records, "one output record per input record");
        assert_eq!(lines[1], "1");
        assert!(
            lines[7].contains("line 8: 7 is a multiple of 7"),
            "{}",
            lines[7]
        );
        assert!(
            lines[999].contains("\"line\":1000"),
            "refused in place: {}",
            lines[999]
        );
        assert_eq!(lines[records - 1], (records - 1).to_string());
        assert_eq!(seen.len(), records, "observe sees every record");
        assert_eq!(
            seen[999],
            Err(ErrorKind::LineTooLong),
            "a refused record is observed by its kind"
        );
        assert_eq!(seen[7], Err(ErrorKind::InvalidField));
        assert_eq!(seen[1], Ok(1));
        for threads in [2, 3] {
            let (other, other_counts, other_seen) = run_numbers(&input, threads);
            assert!(other == out, "output differs with {threads} threads");
            assert_eq!(other_counts, counts);
            assert_eq!(other_seen, seen);
        }
    }

    /// A result that serde refuses to write when it is 13.
    #[derive(Debug)]
    struct Unlucky(u64);

    impl Serialize for Unlucky {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            if self.0 == 13 {
                return Err(serde::ser::Error::custom("13 cannot be written"));
            }
            s.serialize_u64(self.0)
        }
    }

    #[test]
    fn a_record_that_cannot_be_rendered_stops_the_run_after_the_records_before_it() {
        let input: String = (0..CHUNK_RECORDS as u64 * 3)
            .map(|n| format!("{n}\n"))
            .collect();
        for threads in [1, 2] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("thread pool");
            let (out, error, seen) = pool.install(|| {
                let mut reader = JsonLinesReader::new(input.as_bytes());
                let mut writer = JsonLinesWriter::new(Vec::new());
                let mut seen = 0;
                let process = |r: &InputRecord| -> Result<Unlucky, Refused> {
                    Ok(Unlucky(r.text.parse().expect("a number")))
                };
                let error = run(&mut reader, &mut writer, process, |_| seen += 1)
                    .expect_err("13 stops the run");
                (writer.out, error, seen)
            });
            let expected: String = (0..13).map(|n| format!("{n}\n")).collect();
            assert_eq!(String::from_utf8(out).expect("UTF-8"), expected);
            assert!(
                error.to_string().contains("13 cannot be written"),
                "{error}"
            );
            assert_eq!(
                seen, 14,
                "the record that failed is observed, none after it"
            );
        }
    }

    /// Every record of `input` read with a limit of `limit` bytes through a small buffer.
    fn read_all(input: &str, limit: usize) -> Vec<Result<(usize, String), (usize, String)>> {
        let buffered = io::BufReader::with_capacity(4, input.as_bytes());
        let mut reader = JsonLinesReader::with_max_line_bytes(buffered, limit);
        let mut out = Vec::new();
        while let Some(record) = reader.next_record() {
            out.push(match record.expect("no I/O error") {
                Ok(r) => Ok((r.line, r.text)),
                Err(e) => Err((e.line, e.error)),
            });
        }
        out
    }

    #[test]
    fn over_long_line_is_one_error_record_and_reading_goes_on() {
        let long = "x".repeat(50);
        let input = format!("{{\"a\":1}}\n{long}\n\n0123456789\r\n12345678901\n{long}");
        let got = read_all(&input, 10);
        let too_long = |line: usize, n: usize| {
            Err((
                line,
                format!("line {line}: {n} bytes, longer than the limit of 10 bytes per line"),
            ))
        };
        assert_eq!(
            got,
            vec![
                Ok((1, "{\"a\":1}".into())),
                too_long(2, 50),
                Ok((4, "0123456789".into())),
                too_long(5, 11),
                too_long(6, 50),
            ]
        );
    }

    #[test]
    fn lines_are_read_as_before_within_the_limit() {
        let got = read_all("a\r\n\r\n  \nb\r\r\nc", DEFAULT_MAX_LINE_BYTES);
        assert_eq!(
            got,
            vec![
                Ok((1, "a".into())),
                Ok((4, "b".into())),
                Ok((5, "c".into()))
            ]
        );
    }
}
