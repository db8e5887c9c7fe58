//! `drg_grouper`: the MS-DRG grouper and Medicare IPPS pricer of `drg`, for Python.
//!
//! `group` and `price` take Arrow data (anything with the Arrow PyCapsule stream interface:
//! pyarrow, polars, duckdb, a Spark `mapInArrow` batch) whose columns are the CSV vocabulary of
//! `drg group`, and return a `pyarrow.Table` of the command's typed CSV columns, one row per
//! input row in order. The batches are processed with the GIL released, the rows of each on a
//! pool of `threads` workers. A row that cannot be processed is an error in its own `error`,
//! `error_kind` and `field` columns, as `drg` writes an error record; only data that is not
//! Arrow, or a column type that cannot be read, raises. `group_one` and `price_one` take
//! one claim as a dict and answer the dict `drg` writes as its JSON line.
//!
//! Each row goes through the library's own record functions (`io::group_record`,
//! `io::price_record`), the ones the CLI and `drg serve` call: no grouping or pricing logic
//! lives here.
#![deny(missing_docs)]

mod batches;
mod state;

use std::path::PathBuf;

use arrow_pyarrow::{PyArrowType, Table};
use arrow_schema::ArrowError;
use grouper_core::io::arrow_format::OutputKind;
use grouper_core::io::{self, InputRecord, ReadOptions};
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use serde::Serialize;
use serde_json::Value;

use batches::push_outcome;
use state::LoadError;

impl From<LoadError> for PyErr {
    fn from(e: LoadError) -> PyErr {
        match e {
            LoadError::Tables(message) => PyRuntimeError::new_err(message),
            LoadError::Argument(message) => PyValueError::new_err(message),
        }
    }
}

/// An Arrow failure (a column type that cannot be read, a stream that broke) as a ValueError.
fn arrow_error(e: ArrowError) -> PyErr {
    PyValueError::new_err(e.to_string())
}

/// Group the claims of `data` (Arrow data whose columns are `drg group`'s CSV vocabulary:
/// `id`, `version` or `discharge_date`, `age`, `sex`, `discharge_status`, `pdx` and
/// `pdx_poa`, `admit_dx`, `sdx` as `list<struct<code, poa>>` or `list<string>` of
/// `CODE:POA`, `procedures` as `list<string>`, ...) on `threads` workers (default: every
/// core). Returns a `pyarrow.Table`: `drg group`'s CSV columns typed, a `codes` struct
/// column with the per-code results, then the input's unread columns echoed as text.
#[pyfunction]
#[pyo3(signature = (data, threads=None))]
fn group(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    threads: Option<usize>,
) -> PyResult<PyArrowType<Table>> {
    let stream = batches::open(data)?;
    let table = py.detach(|| -> PyResult<Table> {
        let pool = state::pool(threads)?;
        let grouper = state::grouper()?;
        let ctx = state::pricing(None)?;
        let each = |record: &InputRecord, out: &mut io::arrow_format::BatchBuilder| {
            let options = ReadOptions::default();
            push_outcome(
                out,
                &io::group_record(grouper, Some(&ctx.tables), record, options),
            )
        };
        batches::process(stream, OutputKind::Group, &pool, &each).map_err(arrow_error)
    })?;
    Ok(PyArrowType(table))
}

/// Price the claims of `data` (the CSV vocabulary of `drg price`: a grouping claim plus
/// `discharge_date`, `length_of_stay`, `total_charges`, `ccn`, or `drg` to price without
/// regrouping) with the providers file `providers` (as `drg price --providers`: CSV, JSON
/// Lines or CMS's IPSF export; loaded once per path and process) on `threads` workers.
/// Returns a `pyarrow.Table` of `drg price`'s CSV columns, typed.
#[pyfunction]
#[pyo3(signature = (data, providers=None, threads=None))]
fn price(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    providers: Option<PathBuf>,
    threads: Option<usize>,
) -> PyResult<PyArrowType<Table>> {
    let stream = batches::open(data)?;
    let table = py.detach(|| -> PyResult<Table> {
        let pool = state::pool(threads)?;
        let ctx = state::pricing(providers.as_deref())?;
        let each = |record: &InputRecord, out: &mut io::arrow_format::BatchBuilder| {
            push_outcome(out, &price_outcome(&ctx, record))
        };
        batches::process(stream, OutputKind::Price, &pool, &each).map_err(arrow_error)
    })?;
    Ok(PyArrowType(table))
}

/// The `drg price` record of one input record, grouping the claim when it carries no `drg`.
fn price_outcome(
    ctx: &grouper_core::payment::PricingContext,
    record: &InputRecord,
) -> Result<io::PriceOutcome, io::PriceErrorRecord> {
    // The grouper is loaded only when a claim needs grouping, as `drg price` does.
    let group = |claim: &Value| {
        let grouper = state::grouper().map_err(|e| match e {
            LoadError::Tables(m) | LoadError::Argument(m) => m,
        })?;
        io::group_for_pricing(grouper, claim)
    };
    io::price_record(record, ctx, &group, ReadOptions::default())
}

/// The JSON text of a record: the result, or the error record.
fn record_json<T: Serialize, E: Serialize>(outcome: &Result<T, E>) -> PyResult<String> {
    match outcome {
        Ok(result) => serde_json::to_string(result),
        Err(error) => serde_json::to_string(error),
    }
    .map_err(|e| PyRuntimeError::new_err(format!("cannot serialise the record: {e}")))
}

/// A claim given as a Python object as its JSON text, by Python's `json` module (a value it
/// cannot write, such as a `datetime.date`, is written as its `str`).
fn claim_text(py: Python<'_>, claim: &Bound<'_, PyAny>) -> PyResult<String> {
    let json = py.import("json")?;
    let kwargs = pyo3::types::PyDict::new(py);
    kwargs.set_item("default", py.get_type::<pyo3::types::PyString>())?;
    json.call_method("dumps", (claim,), Some(&kwargs))?
        .extract()
}

/// A record's JSON text as a Python object, by Python's `json` module.
fn record_object(py: Python<'_>, text: &str) -> PyResult<Py<PyAny>> {
    Ok(py.import("json")?.call_method1("loads", (text,))?.unbind())
}

/// The `drg group` JSON line of one claim (a dict in the claim format of `drg group`'s JSON
/// Lines input), as a dict: the result with its weights and warnings, or the error record
/// (`error`, `error_kind`, `field`) of a claim that cannot be grouped. The claim is line 1.
#[pyfunction]
fn group_one(py: Python<'_>, claim: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
    let record = InputRecord::new(1, claim_text(py, claim)?);
    let text = py.detach(|| -> PyResult<String> {
        let grouper = state::grouper()?;
        let ctx = state::pricing(None)?;
        let outcome = io::group_record(grouper, Some(&ctx.tables), &record, ReadOptions::default());
        record_json(&outcome)
    })?;
    record_object(py, &text)
}

/// The `drg price` JSON line of one claim (a dict, with a `provider` object, or a `ccn` and
/// `providers` the path of a providers file), as a dict: priced, refused by the pricer's
/// rules, or the error record of a claim that cannot be priced. The claim is line 1.
#[pyfunction]
#[pyo3(signature = (claim, providers=None))]
fn price_one(
    py: Python<'_>,
    claim: &Bound<'_, PyAny>,
    providers: Option<PathBuf>,
) -> PyResult<Py<PyAny>> {
    let record = InputRecord::new(1, claim_text(py, claim)?);
    let text = py.detach(|| -> PyResult<String> {
        let ctx = state::pricing(providers.as_deref())?;
        record_json(&price_outcome(&ctx, &record))
    })?;
    record_object(py, &text)
}

/// The module: `group`, `price`, `group_one`, `price_one` and `__version__`.
#[pymodule]
fn drg_grouper(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_function(wrap_pyfunction!(group, m)?)?;
    m.add_function(wrap_pyfunction!(price, m)?)?;
    m.add_function(wrap_pyfunction!(group_one, m)?)?;
    m.add_function(wrap_pyfunction!(price_one, m)?)?;
    Ok(())
}
