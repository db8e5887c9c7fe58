//! Arrow data in, one output batch per input batch out: the rows of a batch are cut into
//! chunks that are read, processed and built into batches in parallel, then joined in order.

use arrow_array::ffi_stream::RecordBatchStreamReader;
use arrow_array::{RecordBatch, RecordBatchIterator, RecordBatchReader};
use arrow_pyarrow::{FromPyArrow, Table};
use arrow_schema::{ArrowError, SchemaRef};
use grouper_core::io::arrow_format::{
    batch_records, output_schema, passthrough_columns, BatchBuilder, OutputKind,
};
use grouper_core::io::InputRecord;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use rayon::prelude::*;
use rayon::ThreadPool;
use serde::Serialize;

/// Rows read and built into a batch by one task: small enough that a batch of Spark's 10,000
/// rows keeps two cores busy, large enough that the per-chunk work is noise.
const CHUNK_ROWS: usize = 1024;

/// A stream of record batches, pulled one at a time (with the GIL released).
pub type BatchStream = Box<dyn RecordBatchReader + Send>;

/// The batches of `data`: anything with the Arrow PyCapsule stream interface
/// (`__arrow_c_stream__`: a pyarrow Table, RecordBatch or RecordBatchReader, a polars
/// DataFrame, a duckdb relation) or an array of structs (`__arrow_c_array__`).
pub fn open(data: &Bound<'_, PyAny>) -> PyResult<BatchStream> {
    if data.hasattr("__arrow_c_stream__")? {
        let reader = RecordBatchStreamReader::from_pyarrow_bound(data)?;
        return Ok(Box::new(reader));
    }
    if data.hasattr("__arrow_c_array__")? {
        let batch = RecordBatch::from_pyarrow_bound(data)?;
        let schema = batch.schema();
        return Ok(Box::new(RecordBatchIterator::new([Ok(batch)], schema)));
    }
    let kind = data.get_type().name()?;
    Err(PyValueError::new_err(format!(
        "expected Arrow data (an object with __arrow_c_stream__, such as a pyarrow Table, a \
         polars DataFrame or a duckdb relation), got {kind}"
    )))
}

/// How one input record becomes its output row: processed, and the result (or the error
/// record) pushed into the builder.
pub type Process<'a> =
    dyn Fn(&InputRecord, &mut BatchBuilder) -> Result<(), ArrowError> + Sync + 'a;

/// Push an output record: the result, or the error record of a row that failed.
pub fn push_outcome<T: Serialize + 'static, E: Serialize + 'static>(
    out: &mut BatchBuilder,
    outcome: &Result<T, E>,
) -> Result<(), ArrowError> {
    match outcome {
        Ok(result) => out.push(result),
        Err(error) => out.push(error),
    }
}

/// Every batch of `stream` processed into `kind`'s output, in order; row `i` of the whole
/// stream is input line `i + 1`.
pub fn process(
    stream: BatchStream,
    kind: OutputKind,
    pool: &ThreadPool,
    each: &Process<'_>,
) -> Result<Table, ArrowError> {
    let passthrough = passthrough_columns(&stream.schema());
    let schema = output_schema(kind, &passthrough);
    let job = Job {
        kind,
        passthrough: &passthrough,
        schema: &schema,
        each,
    };
    let mut batches = Vec::new();
    let mut line = 1;
    for batch in stream {
        let batch = batch?;
        batches.push(pool.install(|| job.batch(&batch, line))?);
        line += batch.num_rows();
    }
    Table::try_new(batches, schema)
}

/// What every chunk of a stream is processed with.
struct Job<'a> {
    kind: OutputKind,
    passthrough: &'a [String],
    schema: &'a SchemaRef,
    each: &'a Process<'a>,
}

impl Job<'_> {
    /// One input batch (its first row being line `first_line`) as one output batch.
    fn batch(&self, batch: &RecordBatch, first_line: usize) -> Result<RecordBatch, ArrowError> {
        let rows = batch.num_rows();
        let starts: Vec<usize> = (0..rows).step_by(CHUNK_ROWS).collect();
        let parts = starts
            .into_par_iter()
            .map(|start| {
                let len = CHUNK_ROWS.min(rows - start);
                self.chunk(&batch.slice(start, len), first_line + start)
            })
            .collect::<Result<Vec<_>, _>>()?;
        arrow_select::concat::concat_batches(self.schema, &parts)
    }

    /// One chunk of rows, read, processed and built in order.
    fn chunk(&self, rows: &RecordBatch, first_line: usize) -> Result<RecordBatch, ArrowError> {
        let mut out = BatchBuilder::new(self.kind, self.passthrough.to_vec())?;
        for record in batch_records(rows, first_line)? {
            (self.each)(&record, &mut out)?;
        }
        out.finish()
    }
}
