//! Input formats and printers: records in, one record out per input record.
//!
//! A format reads input records into library types and prints results and errors; the
//! commands (`drg group`, `drg price`) are the same loop over any of them ([`run`]). JSON Lines
//! is the format today ([`group_line`], [`JsonLinesReader`], [`JsonLinesWriter`]); CSV and
//! Arrow take their place beside it.

mod jsonl;
mod price;

pub use jsonl::{claim_from_json, group_for_pricing, group_line};
pub use price::{
    price_line, GroupedDrg, PriceErrorRecord, PriceOutcome, PricedClaim, RefusedClaim,
};

use std::io::{self, BufRead, Write};

use serde::Serialize;
use serde_json::Value;

/// The one error record every command writes for an input record it could not process:
/// `id` when it could be read, the 1-based input `line`, a specific `error`, and the `field`
/// at fault when there is one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorRecord {
    /// The record's `id`, when it could be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<Value>,
    /// 1-based line of the input.
    pub line: usize,
    /// What went wrong, naming the line.
    pub error: String,
    /// The input field at fault (`sdx[2].poa`), when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl ErrorRecord {
    /// An error record for input line `line`.
    pub fn new(id: Option<Value>, line: usize, error: String, field: Option<String>) -> Self {
        ErrorRecord {
            id,
            line,
            error,
            field,
        }
    }
}

/// One input record: its 1-based line and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputRecord {
    /// 1-based line where the record starts.
    pub line: usize,
    /// The record as read (a JSON Lines line without its line ending).
    pub text: String,
}

/// Reads input records one at a time (bounded memory whatever the input size).
pub trait RecordReader {
    /// The next record, `None` at the end of the input.
    fn next_record(&mut self) -> Option<io::Result<InputRecord>>;
}

/// Writes one output record per input record.
pub trait RecordWriter {
    /// Write one result or error record.
    fn write_record<T: Serialize>(&mut self, record: &T) -> io::Result<()>;
    /// Flush what is buffered.
    fn finish(&mut self) -> io::Result<()>;
}

/// JSON Lines input: one record per non-blank line (invalid UTF-8 is replaced, and then reported
/// by the JSON reader as the line's error).
#[derive(Debug)]
pub struct JsonLinesReader<R> {
    input: R,
    line: usize,
    buffer: Vec<u8>,
}

impl<R: BufRead> JsonLinesReader<R> {
    /// A reader over `input`.
    pub fn new(input: R) -> Self {
        JsonLinesReader {
            input,
            line: 0,
            buffer: Vec::new(),
        }
    }
}

impl<R: BufRead> RecordReader for JsonLinesReader<R> {
    fn next_record(&mut self) -> Option<io::Result<InputRecord>> {
        loop {
            self.buffer.clear();
            match self.input.read_until(b'\n', &mut self.buffer) {
                Ok(0) => return None,
                Ok(_) => {}
                Err(e) => return Some(Err(e)),
            }
            self.line += 1;
            let text = String::from_utf8_lossy(&self.buffer);
            let text = text.trim_end_matches('\n').trim_end_matches('\r');
            if text.trim().is_empty() {
                continue;
            }
            return Some(Ok(InputRecord {
                line: self.line,
                text: text.to_string(),
            }));
        }
    }
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
    fn write_record<T: Serialize>(&mut self, record: &T) -> io::Result<()> {
        serde_json::to_writer(&mut self.out, record)?;
        self.out.write_all(b"\n")
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
}

impl Counts {
    /// All records.
    pub fn total(&self) -> usize {
        self.ok + self.failed
    }
}

/// Process every input record with `process`, writing its result or its error record, in
/// input order. Stops only on an I/O error of the input or the output.
pub fn run<R, E>(
    reader: &mut impl RecordReader,
    writer: &mut impl RecordWriter,
    mut process: impl FnMut(&InputRecord) -> Result<R, E>,
) -> io::Result<Counts>
where
    R: Serialize,
    E: Serialize,
{
    let mut counts = Counts::default();
    while let Some(record) = reader.next_record() {
        match process(&record?) {
            Ok(result) => {
                counts.ok += 1;
                writer.write_record(&result)?;
            }
            Err(error) => {
                counts.failed += 1;
                writer.write_record(&error)?;
            }
        }
    }
    writer.finish()?;
    Ok(counts)
}
