//! Apache Arrow: claims as record batches in, results as record batches out (feature `arrow`).
//!
//! In, a batch's columns are the CSV vocabulary (the same names and aliases, matched the same
//! way), typed: `sdx` a `list<struct<code, poa>>` (or a list of `CODE:POA` strings, or one
//! `;`-separated string), `procedures` a `list<string>`, dates as `date32` or text, numbers as
//! any integer or decimal type. Each row becomes the JSON claim a JSON line would be (through
//! arrow-json), so it is read, defaulted and warned about exactly as `drg group` reads a line.
//!
//! Out, a batch's columns are the command's CSV columns, typed (DRGs and MDCs as integers,
//! weights and money as decimals, warnings as a list of structs), then for `group` a `codes`
//! struct column with the per-code contract (`pdx`, `admit_dx`, `sdx`, `procs`), then the
//! input's columns the claim format does not read, echoed as text. A row that could not be
//! processed has its `error`, `error_kind` and `field` set and the result columns null.

use std::sync::Arc;

use arrow_array::RecordBatch;
use arrow_schema::{ArrowError, DataType, Field, Fields, Schema, SchemaRef};
use serde::Serialize;
use serde_json::{Map, Value};

use super::columns::claim_from_columns;
use super::csv_format::{self, cell, claim_field, code_edits_cell, counts_cell};
use super::{InputRecord, Render, EDIT_COLUMNS, GROUP_COLUMNS, PASSTHROUGH, PRICE_COLUMNS};

/// Which command's records an output batch holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputKind {
    /// `drg group` results.
    Group,
    /// `drg price` results.
    Price,
    /// `drg edit` results (Medicare Code Editor).
    Edit,
}

/// The `drg group` fields a batch has beyond the CSV columns (the rest of the flat record).
const GROUP_EXTRA: &[&str] = &[
    "initial_mdc",
    "initial_base_drg",
    "initial_severity",
    "initial_med_surg",
    "initial_drg_title",
    "final_base_drg",
    "initial_return_code",
    "weight_fiscal_year",
];

/// The `drg price` fields a batch has beyond the CSV columns: the grouping, and every step of
/// the payment (factors as exact decimal text).
const PRICE_EXTRA: &[&str] = &[
    "initial_drg",
    "final_mdc",
    "final_base_drg",
    "final_severity",
    "initial_return_code",
    "return_code",
    "hac_status",
    "per_diem_days",
    "transfer_adjustment",
    "discharge_fraction",
    "drg_weight_fraction",
    "wage_index_cbsa",
    "area_size",
    "rate_table",
    "labor_amount",
    "non_labor_amount",
    "cost_of_living_adjustment",
    "operating_ime_factor",
    "operating_dsh_factor",
    "geographic_adjustment_factor",
    "capital_federal_rate",
    "capital_cola",
    "capital_ime_factor",
    "capital_dsh_factor",
    "hsp_update_factor",
    "operating_federal_part",
    "capital_federal_part",
    "operating_outlier_part",
    "capital_outlier_part",
    "capital_federal_payment",
    "capital_ime_payment",
    "capital_dsh_payment",
    "capital_outlier_payment",
    "base_drg_payment",
    "operating_base_drg_payment",
    "outlier_fixed_loss_threshold",
    "outlier_charge_threshold",
    "new_technologies",
];

/// Amounts in dollars and cents, as the pricer rounds them: `decimal(18, 2)`.
const MONEY: &[&str] = &[
    "labor_amount",
    "non_labor_amount",
    "outlier_fixed_loss_threshold",
    "outlier_charge_threshold",
    "readmissions_adjustment",
    "value_based_purchasing_adjustment",
    "hac_reduction",
    "total_payment",
];

impl OutputKind {
    /// The command's CSV columns, which the batch's first columns are.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            OutputKind::Group => GROUP_COLUMNS,
            OutputKind::Price => PRICE_COLUMNS,
            OutputKind::Edit => EDIT_COLUMNS,
        }
    }

    /// The record's other flat fields, after the CSV columns.
    fn extra_columns(self) -> &'static [&'static str] {
        match self {
            OutputKind::Group => GROUP_EXTRA,
            OutputKind::Price => PRICE_EXTRA,
            OutputKind::Edit => &[],
        }
    }
}

/// The claims of `batch` as input records, row `i` being line `first_line + i`: every row
/// gives one record, whatever it holds (a row the claim reader refuses gives its error
/// record later, as a bad line does). Fails only for a column type arrow-json cannot write.
pub fn batch_records(
    batch: &RecordBatch,
    first_line: usize,
) -> Result<Vec<InputRecord>, ArrowError> {
    let mut json = Vec::new();
    {
        let mut writer = arrow_json::LineDelimitedWriter::new(&mut json);
        writer.write(batch)?;
        writer.finish()?;
    }
    let schema = batch.schema();
    refuse_binary_claim_columns(&schema)?;
    let headers: Vec<(&str, Option<&'static str>)> = schema
        .fields()
        .iter()
        .map(|f| (f.name().as_str(), claim_field(f.name())))
        .collect();
    let rows: Vec<&[u8]> = json
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .collect();
    if rows.len() != batch.num_rows() {
        return Err(ArrowError::JsonError(format!(
            "{} rows written as {} JSON objects",
            batch.num_rows(),
            rows.len()
        )));
    }
    use rayon::prelude::*;
    rows.into_par_iter()
        .enumerate()
        .map(|(i, row)| {
            let mut values: Map<String, Value> = serde_json::from_slice(row)
                .map_err(|e| ArrowError::JsonError(format!("row {}: {e}", i + 1)))?;
            let cells = headers
                .iter()
                .filter_map(|(header, field)| Some((*header, *field, values.remove(*header)?)));
            let claim = claim_from_columns(cells, false);
            // Into bytes directly (`Display` goes through a formatter); a `Value` serialises.
            let text = serde_json::to_string(&claim).unwrap_or_default();
            Ok(InputRecord::new(first_line + i, text))
        })
        .collect()
}

/// A claim column of bytes is refused: arrow-json would write it as hex, and `I5023` would be
/// read as another code without a word.
fn refuse_binary_claim_columns(schema: &Schema) -> Result<(), ArrowError> {
    for f in schema.fields() {
        let binary = matches!(
            f.data_type(),
            DataType::Binary
                | DataType::LargeBinary
                | DataType::BinaryView
                | DataType::FixedSizeBinary(_)
        );
        if binary && claim_field(f.name()).is_some() {
            return Err(ArrowError::InvalidArgumentError(format!(
                "column `{}` is binary ({}): give it as text",
                f.name(),
                f.data_type()
            )));
        }
    }
    Ok(())
}

/// The input's columns the claim format does not read (echoed on every output row).
pub fn passthrough_columns(schema: &Schema) -> Vec<String> {
    schema
        .fields()
        .iter()
        .filter(|f| claim_field(f.name()).is_none())
        .map(|f| f.name().clone())
        .collect()
}

/// The Arrow type of an output column. Integers are signed (Spark has no unsigned types).
fn column_type(name: &str) -> DataType {
    match name {
        "line" | "length_of_stay" => DataType::Int64,
        "version" | "initial_drg" | "final_drg" | "drg" | "fiscal_year" | "version_used"
        | "final_mdc" | "initial_mdc" | "initial_base_drg" | "final_base_drg"
        | "weight_fiscal_year" | "per_diem_days" | "rate_table" => DataType::Int32,
        "relative_weight"
        | "geometric_mean_los"
        | "arithmetic_mean_los"
        | "drg_relative_weight"
        | "drg_geometric_mean_los"
        | "drg_arithmetic_mean_los"
        | "wage_index" => DataType::Decimal128(12, 4),
        n if n.ends_with("_payment") || MONEY.contains(&n) => DataType::Decimal128(18, 2),
        "warnings" => list_of(DataType::Struct(strings(&["code", "field", "message"]))),
        "new_technologies" => list_of(DataType::Utf8),
        _ => DataType::Utf8,
    }
}

fn strings(names: &[&str]) -> Fields {
    names
        .iter()
        .map(|n| Field::new(*n, DataType::Utf8, true))
        .collect()
}

fn list_of(item: DataType) -> DataType {
    DataType::List(Arc::new(Field::new("item", item, true)))
}

/// The per-code contract: `pdx`, `admit_dx`, `sdx`, `procs` as the JSON line has them.
fn codes_type() -> DataType {
    let hac = DataType::Struct(Fields::from(vec![
        Field::new("list", DataType::Utf8, true),
        Field::new("num", DataType::Int32, true),
        Field::new("status", DataType::Utf8, true),
    ]));
    let diagnosis = DataType::Struct(Fields::from(vec![
        Field::new("code", DataType::Utf8, true),
        Field::new("poa", DataType::Utf8, true),
        Field::new("valid", DataType::Boolean, true),
        Field::new("severity", DataType::Utf8, true),
        Field::new("drg_impact", DataType::Utf8, true),
        Field::new("poa_error", DataType::Utf8, true),
        Field::new("hacs", list_of(hac), true),
    ]));
    let procedure = DataType::Struct(Fields::from(vec![
        Field::new("code", DataType::Utf8, true),
        Field::new("valid", DataType::Boolean, true),
        Field::new("is_or", DataType::Boolean, true),
        Field::new("drg_impact", DataType::Utf8, true),
        Field::new("hac_usage", list_of(DataType::Utf8), true),
    ]));
    DataType::Struct(Fields::from(vec![
        Field::new("pdx", diagnosis.clone(), true),
        Field::new("admit_dx", diagnosis.clone(), true),
        Field::new("sdx", list_of(diagnosis), true),
        Field::new("procs", list_of(procedure), true),
    ]))
}

/// The name an echoed input column takes: its own, or `input_NAME` when an output column
/// already has that name.
fn echoed_name(kind: OutputKind, name: &str) -> String {
    csv_format::echoed_name(name, |n| {
        kind.columns().contains(&n) || kind.extra_columns().contains(&n) || n == "codes"
    })
}

/// The schema of `kind`'s output batches, with `passthrough` input columns echoed at the end.
pub fn output_schema(kind: OutputKind, passthrough: &[String]) -> SchemaRef {
    let mut fields: Vec<Field> = kind
        .columns()
        .iter()
        .chain(kind.extra_columns())
        .map(|c| Field::new(*c, column_type(c), true))
        .collect();
    if kind == OutputKind::Group {
        fields.push(Field::new("codes", codes_type(), true));
    }
    fields.extend(
        passthrough
            .iter()
            .map(|c| Field::new(echoed_name(kind, c), DataType::Utf8, true)),
    );
    Arc::new(Schema::new(fields))
}

/// Output records (results or error records) collected into record batches.
pub struct BatchBuilder {
    kind: OutputKind,
    passthrough: Arc<[String]>,
    schema: SchemaRef,
    decoder: arrow_json::reader::Decoder,
    rows: usize,
}

/// Rows a [`BatchBuilder`] holds before [`BatchBuilder::finish`] must be called.
pub const MAX_BATCH_ROWS: usize = 1 << 16;

impl BatchBuilder {
    /// A builder of `kind`'s output batches echoing the `passthrough` input columns.
    pub fn new(kind: OutputKind, passthrough: Vec<String>) -> Result<BatchBuilder, ArrowError> {
        let schema = output_schema(kind, &passthrough);
        let decoder = arrow_json::ReaderBuilder::new(schema.clone())
            .with_batch_size(MAX_BATCH_ROWS)
            // A JSON number `id` is kept as its text: ids are echoed, whatever their type.
            .with_coerce_primitive(true)
            .build_decoder()?;
        Ok(BatchBuilder {
            kind,
            passthrough: passthrough.into(),
            schema,
            decoder,
            rows: 0,
        })
    }

    /// The schema of the batches.
    pub fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }

    /// Rows added since the last [`BatchBuilder::finish`].
    pub fn len(&self) -> usize {
        self.rows
    }

    /// Whether no row was added since the last [`BatchBuilder::finish`].
    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// How a record becomes one of this builder's rows ([`BatchBuilder::push_row_json`] takes
    /// the bytes): so that a record loop can shape rows on its worker threads.
    pub fn render(&self) -> Render {
        Render::ArrowRow(self.kind, self.passthrough.clone())
    }

    /// Add one output record (as `drg` would write it as a JSON line).
    pub fn push<T: Serialize + 'static>(&mut self, record: &T) -> Result<(), ArrowError> {
        let mut text = Vec::new();
        self.render()
            .render(record, &mut text)
            .map_err(|e| ArrowError::JsonError(format!("cannot serialise a record: {e}")))?;
        self.push_row_json(&text)
    }

    /// Add one row given as the JSON text [`BatchBuilder::render`] made of a record,
    /// newline-terminated.
    pub fn push_row_json(&mut self, text: &[u8]) -> Result<(), ArrowError> {
        if self.rows >= MAX_BATCH_ROWS {
            return Err(ArrowError::InvalidArgumentError(format!(
                "more than {MAX_BATCH_ROWS} rows in one batch"
            )));
        }
        let mut rest = text;
        while !rest.is_empty() {
            let read = self.decoder.decode(rest)?;
            if read == 0 {
                return Err(ArrowError::JsonError("the record was not decoded".into()));
            }
            rest = &rest[read..];
        }
        self.rows += 1;
        Ok(())
    }

    /// The rows added so far as one batch (empty when none was added).
    pub fn finish(&mut self) -> Result<RecordBatch, ArrowError> {
        self.rows = 0;
        Ok(self
            .decoder
            .flush()?
            .unwrap_or_else(|| RecordBatch::new_empty(self.schema.clone())))
    }
}

/// A record's JSON reshaped to the columns of `kind`'s batches: per-code lists under `codes`,
/// the edit cells as CSV writes them, the echoed input columns as text.
pub fn reshape(kind: OutputKind, passthrough: &[String], mut value: Value) -> Value {
    let edit_cells = (kind == OutputKind::Edit).then(|| {
        (
            counts_cell(value.get("edits")),
            cell(value.get("claim_edits")),
            code_edits_cell(&value),
        )
    });
    let Value::Object(map) = &mut value else {
        return value;
    };
    if kind == OutputKind::Group {
        let mut codes = Map::new();
        for key in ["pdx", "admit_dx", "sdx", "procs"] {
            if let Some(v) = map.remove(key) {
                codes.insert(key.to_string(), v);
            }
        }
        if !codes.is_empty() {
            map.insert("codes".into(), Value::Object(codes));
        }
    }
    if let Some((edits, claim_edits, code_edits)) = edit_cells {
        map.insert("edits".into(), Value::from(edits));
        map.insert("claim_edits".into(), Value::from(claim_edits));
        map.insert("code_edits".into(), Value::from(code_edits));
    }
    let echoed = map.remove(PASSTHROUGH);
    for name in passthrough {
        let text = echoed.as_ref().and_then(|e| e.get(name)).map(|v| match v {
            Value::String(s) => s.clone(),
            other => cell(Some(other)),
        });
        map.insert(
            echoed_name(kind, name),
            text.map_or(Value::Null, Value::from),
        );
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::{group_record, ReadOptions};
    use arrow_array::cast::AsArray;
    use arrow_array::types::{Decimal128Type, Int32Type};
    use arrow_array::Array;

    /// A batch of the CSV vocabulary's typed columns, decoded from JSON rows.
    fn claims_batch(rows: &[Value]) -> RecordBatch {
        let diagnosis = DataType::Struct(strings(&["code", "poa"]));
        let schema = Arc::new(Schema::new(vec![
            Field::new("claim_id", DataType::Utf8, true),
            Field::new("grouper_version", DataType::Int64, true),
            Field::new("age", DataType::Int32, true),
            Field::new("sex", DataType::Utf8, true),
            Field::new("discharge_status", DataType::Int64, true),
            Field::new("pdx", DataType::Utf8, true),
            Field::new("pdx_poa", DataType::Utf8, true),
            Field::new("sdx", list_of(diagnosis), true),
            Field::new("procedures", list_of(DataType::Utf8), true),
            Field::new("payer", DataType::Utf8, true),
        ]));
        let mut decoder = arrow_json::ReaderBuilder::new(schema)
            .build_decoder()
            .expect("decoder");
        let text: String = rows.iter().map(|r| format!("{r}\n")).collect();
        decoder.decode(text.as_bytes()).expect("rows");
        decoder.flush().expect("flush").expect("a batch")
    }

    fn grouped(batch: &RecordBatch) -> RecordBatch {
        let grouper = crate::Grouper::embedded().expect("tables");
        let weights = crate::payment::PaymentTableSet::embedded().expect("IPPS tables");
        let mut out =
            BatchBuilder::new(OutputKind::Group, passthrough_columns(&batch.schema())).unwrap();
        for record in batch_records(batch, 1).expect("records") {
            match group_record(&grouper, Some(&weights), &record, ReadOptions::default()) {
                Ok(r) => out.push(&r).unwrap(),
                Err(e) => out.push(&e).unwrap(),
            }
        }
        out.finish().expect("batch")
    }

    #[test]
    fn a_binary_code_column_is_refused_rather_than_read_as_hex() {
        let schema = Arc::new(Schema::new(vec![Field::new("pdx", DataType::Binary, true)]));
        let codes = arrow_array::BinaryArray::from(vec![b"I5023".as_slice()]);
        let batch = RecordBatch::try_new(schema, vec![Arc::new(codes)]).expect("batch");
        let err = batch_records(&batch, 1).unwrap_err();
        assert!(err.to_string().contains("column `pdx` is binary"), "{err}");
    }

    #[test]
    fn typed_columns_group_as_the_claim_json_and_come_back_typed() {
        let batch = claims_batch(&[
            serde_json::json!({"claim_id": "c1", "grouper_version": 431, "age": 72, "sex": "F",
                "discharge_status": 1, "pdx": "I50.23", "pdx_poa": "Y",
                "sdx": [{"code": "N179", "poa": "Y"}], "procedures": [], "payer": "MCR"}),
            serde_json::json!({"claim_id": "c2", "grouper_version": 431, "pdx": "I5023",
                "sdx": [{"code": "I5022", "poa": "Y"}], "payer": "MCR"}),
            serde_json::json!({"claim_id": "c3", "pdx": "I5023"}),
        ]);
        let out = grouped(&batch);
        assert_eq!(out.num_rows(), 3);
        let drg = out
            .column_by_name("final_drg")
            .unwrap()
            .as_primitive::<Int32Type>();
        assert_eq!((drg.value(0), drg.value(1)), (292, 293));
        assert!(drg.is_null(2), "the undated, unversioned claim has no DRG");
        let weight = out
            .column_by_name("relative_weight")
            .unwrap()
            .as_primitive::<Decimal128Type>();
        assert_eq!(weight.value_as_string(0), "0.8490");
        let error = out.column_by_name("error_kind").unwrap().as_string::<i32>();
        assert!(error.is_null(0));
        assert_eq!(error.value(2), "invalid_field");
        assert_eq!(
            out.column_by_name("field")
                .unwrap()
                .as_string::<i32>()
                .value(2),
            "version"
        );
        let id = out.column_by_name("id").unwrap().as_string::<i32>();
        assert_eq!((id.value(0), id.value(2)), ("c1", "c3"));
        assert_eq!(
            out.column_by_name("payer")
                .unwrap()
                .as_string::<i32>()
                .value(0),
            "MCR"
        );
        let codes = out.column_by_name("codes").unwrap().as_struct();
        let sdx = codes.column_by_name("sdx").unwrap().as_list::<i32>();
        let first = sdx.value(0);
        let first = first.as_struct();
        let code = first.column_by_name("code").unwrap().as_string::<i32>();
        let severity = first.column_by_name("severity").unwrap().as_string::<i32>();
        assert_eq!((code.value(0), severity.value(0)), ("N179", "CC"));
        let warnings = out.column_by_name("warnings").unwrap().as_list::<i32>();
        assert!(
            !warnings.value(0).is_empty(),
            "the dotted I50.23 is reported"
        );
    }
}
