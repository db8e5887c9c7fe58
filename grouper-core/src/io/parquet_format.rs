//! Parquet files (feature `parquet`): claims read as Arrow batches, results written as Arrow
//! batches, through [`arrow_format`](super::arrow_format), so a Parquet row is read exactly as
//! a CSV row or JSON line is, and the output has the command's CSV columns, typed.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, Write};

use parquet::arrow::arrow_reader::{ParquetRecordBatchReader, ParquetRecordBatchReaderBuilder};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

use super::arrow_format::{batch_records, passthrough_columns, BatchBuilder, OutputKind};
use super::{ErrorRecord, InputRecord, RecordReader, RecordWriter, Render};

/// Rows read from the file at a time (memory stays bounded whatever the file's size).
pub const READ_BATCH_ROWS: usize = 4_096;
/// Rows written per Parquet row batch.
pub const WRITE_BATCH_ROWS: usize = 8_192;
/// Rows per Parquet row group written.
pub const ROW_GROUP_ROWS: usize = 65_536;

fn invalid(e: impl std::fmt::Display) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, e.to_string())
}

/// Claims from a Parquet file, one input record per row, in file order.
pub struct ParquetClaimReader {
    batches: ParquetRecordBatchReader,
    pending: VecDeque<InputRecord>,
    next_line: usize,
    passthrough: Vec<String>,
}

impl ParquetClaimReader {
    /// A reader of `file`; a file that is not Parquet is an error here, before any record.
    pub fn new(file: File) -> io::Result<ParquetClaimReader> {
        let builder = ParquetRecordBatchReaderBuilder::try_new(file).map_err(invalid)?;
        let passthrough = passthrough_columns(builder.schema());
        let batches = builder
            .with_batch_size(READ_BATCH_ROWS)
            .build()
            .map_err(invalid)?;
        Ok(ParquetClaimReader {
            batches,
            pending: VecDeque::new(),
            next_line: 1,
            passthrough,
        })
    }

    /// The file's columns the claim format does not read (echoed on every output record).
    pub fn passthrough_columns(&self) -> Vec<String> {
        self.passthrough.clone()
    }
}

impl RecordReader for ParquetClaimReader {
    fn next_record(&mut self) -> Option<io::Result<Result<InputRecord, ErrorRecord>>> {
        while self.pending.is_empty() {
            let batch = match self.batches.next()? {
                Ok(batch) => batch,
                Err(e) => {
                    return Some(Err(invalid(format!("Parquet row {}: {e}", self.next_line))))
                }
            };
            match batch_records(&batch, self.next_line) {
                Ok(records) => self.pending.extend(records),
                Err(e) => {
                    return Some(Err(invalid(format!("Parquet row {}: {e}", self.next_line))))
                }
            }
            self.next_line += batch.num_rows();
        }
        self.pending.pop_front().map(|r| Ok(Ok(r)))
    }

    fn blank_lines(&self) -> usize {
        0
    }
}

/// Output records written as a Parquet file (snappy): the command's CSV columns typed, the
/// per-code contract as a struct column (`drg group`), the input's unread columns echoed.
pub struct ParquetWriter<W: Write + Send> {
    writer: Option<ArrowWriter<W>>,
    builder: BatchBuilder,
}

impl<W: Write + Send> ParquetWriter<W> {
    /// A writer of `kind`'s records to `out`, echoing the `passthrough` input columns.
    pub fn new(out: W, kind: OutputKind, passthrough: Vec<String>) -> io::Result<Self> {
        let builder = BatchBuilder::new(kind, passthrough).map_err(invalid)?;
        // Row groups of a bounded size: the writer holds a row group in memory until it is full
        // (1M rows by default, which made memory grow with the file).
        let properties = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_row_count(Some(ROW_GROUP_ROWS))
            .build();
        let writer =
            ArrowWriter::try_new(out, builder.schema(), Some(properties)).map_err(invalid)?;
        Ok(ParquetWriter {
            writer: Some(writer),
            builder,
        })
    }

    fn write_batch(&mut self) -> io::Result<()> {
        if self.builder.is_empty() {
            return Ok(());
        }
        let batch = self.builder.finish().map_err(invalid)?;
        match &mut self.writer {
            Some(writer) => writer.write(&batch).map_err(invalid),
            None => Err(invalid("the Parquet file is already closed")),
        }
    }
}

impl<W: Write + Send> RecordWriter for ParquetWriter<W> {
    fn render(&self) -> Render {
        // Each record is shaped as a batch row on the worker threads, then decoded in order.
        self.builder.render()
    }

    fn write_rendered(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.builder.push_row_json(bytes).map_err(invalid)?;
        if self.builder.len() >= WRITE_BATCH_ROWS {
            self.write_batch()?;
        }
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        self.write_batch()?;
        if let Some(writer) = self.writer.take() {
            // The footer written, then the file flushed, so a full disk is an error here.
            writer.into_inner().map_err(invalid)?.flush()?;
        }
        Ok(())
    }
}
