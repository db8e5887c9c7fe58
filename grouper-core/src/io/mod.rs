//! Input formats and printers: records in, one record out per input record.
//!
//! A format reads input records into library types and prints results and errors; the
//! commands (`drg group`, `drg price`) are the same loop over any of them ([`run`]). JSON Lines
//! is the format today ([`group_line`], [`JsonLinesReader`], [`JsonLinesWriter`]); CSV and
//! Arrow take their place beside it.

mod csv_format;
mod jsonl;
mod price;
mod summary;

pub use csv_format::{CsvClaimReader, CsvWriter, GROUP_COLUMNS, PRICE_COLUMNS};
pub use jsonl::{
    claim_from_json, drg_weights, group_for_pricing, group_line, DrgWeights, WeightedResult,
};
pub use price::{
    price_line, GroupedDrg, PriceErrorRecord, PriceOutcome, PricedClaim, RefusedClaim,
};
pub use summary::Summary;

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
    /// The next record, `None` at the end of the input. `Ok(Err(record))` is a record the
    /// reader itself refuses (a line over the length limit): the loop writes that error record
    /// in its place and goes on.
    fn next_record(&mut self) -> Option<io::Result<Result<InputRecord, ErrorRecord>>>;
}

/// Writes one output record per input record.
pub trait RecordWriter {
    /// Write one result or error record.
    fn write_record<T: Serialize>(&mut self, record: &T) -> io::Result<()>;
    /// Flush what is buffered.
    fn finish(&mut self) -> io::Result<()>;
}

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
        }
    }

    /// Read one line into `buffer` (line ending removed), holding at most the limit plus the
    /// line ending: the rest of a longer line is read and dropped, only its length counted.
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
            let newline = available.iter().position(|b| *b == b'\n');
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
        if length > self.max_line_bytes {
            self.buffer.clear();
            return Ok(Line::TooLong(length));
        }
        while matches!(self.buffer.last(), Some(b'\n' | b'\r')) {
            self.buffer.pop();
        }
        Ok(Line::Text)
    }
}

impl<R: BufRead> RecordReader for JsonLinesReader<R> {
    fn next_record(&mut self) -> Option<io::Result<Result<InputRecord, ErrorRecord>>> {
        loop {
            let read = match self.read_line() {
                Ok(Line::End) => return None,
                Ok(read) => read,
                Err(e) => return Some(Err(e)),
            };
            self.line += 1;
            if let Line::TooLong(length) = read {
                let message = format!(
                    "line {}: {length} bytes, longer than the limit of {} bytes per line",
                    self.line, self.max_line_bytes
                );
                return Some(Ok(Err(ErrorRecord::new(None, self.line, message, None))));
            }
            let text = String::from_utf8_lossy(&self.buffer);
            if text.trim().is_empty() {
                continue;
            }
            return Some(Ok(Ok(InputRecord {
                line: self.line,
                text: text.into_owned(),
            })));
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
        let record = match record? {
            Ok(record) => record,
            Err(refused) => {
                counts.failed += 1;
                writer.write_record(&refused)?;
                continue;
            }
        };
        match process(&record) {
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

#[cfg(test)]
mod tests {
    use super::*;

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
