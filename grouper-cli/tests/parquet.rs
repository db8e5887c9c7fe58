//! Parquet in and out of `drg`: a Parquet file of typed claim columns groups exactly as the
//! same claims as CSV do, and a Parquet result file holds the CSV output's columns, typed.

mod common;

use std::fs::File;
use std::path::Path;
use std::sync::Arc;

use arrow_array::RecordBatch;
use arrow_schema::{DataType, Field, Fields, Schema};
use common::{drg, lines, repo_file, temp_dir};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::arrow::ArrowWriter;
use serde_json::{json, Value};

fn list_of(item: DataType) -> DataType {
    DataType::List(Arc::new(Field::new("item", item, true)))
}

/// `examples/discharges.csv` as typed columns: dates as date32, secondary diagnoses as
/// `list<struct<code, poa>>`, procedures as `list<string>`, charges as a decimal.
fn discharges_batch() -> RecordBatch {
    let diagnosis = DataType::Struct(Fields::from(vec![
        Field::new("code", DataType::Utf8, true),
        Field::new("poa", DataType::Utf8, true),
    ]));
    let schema = Arc::new(Schema::new(vec![
        Field::new("account", DataType::Utf8, true),
        Field::new("discharge date", DataType::Date32, true),
        Field::new("age", DataType::Int64, true),
        Field::new("sex", DataType::Utf8, true),
        Field::new("discharge status", DataType::Int32, true),
        Field::new("principal dx", DataType::Utf8, true),
        Field::new("pdx_poa", DataType::Utf8, true),
        Field::new("secondary dx", list_of(diagnosis), true),
        Field::new("procedures", list_of(DataType::Utf8), true),
        Field::new("los", DataType::Int64, true),
        Field::new("total charges", DataType::Decimal128(12, 2), true),
        Field::new("ccn", DataType::Utf8, true),
        Field::new("payer", DataType::Utf8, true),
    ]));
    let mut csv = csv::Reader::from_path(repo_file("examples/discharges.csv")).expect("CSV");
    let mut rows = String::new();
    for record in csv.records() {
        let record = record.expect("a CSV row");
        let c: Vec<&str> = record.iter().collect();
        let (pdx, poa) = c[5].split_once(':').unwrap_or((c[5], ""));
        let sdx: Vec<Value> = c[6]
            .split(';')
            .filter(|s| !s.is_empty())
            .map(|d| {
                let (code, poa) = d.split_once(':').unwrap_or((d, ""));
                json!({"code": code, "poa": poa})
            })
            .collect();
        let procedures: Vec<&str> = c[7].split(';').filter(|s| !s.is_empty()).collect();
        let row = json!({"account": c[0], "discharge date": c[1], "age": c[2].parse::<i64>().unwrap(),
            "sex": c[3], "discharge status": c[4].parse::<i32>().unwrap(), "principal dx": pdx,
            "pdx_poa": poa, "secondary dx": sdx, "procedures": procedures,
            "los": c[8].parse::<i64>().unwrap(), "total charges": c[9], "ccn": c[10], "payer": c[11]});
        rows.push_str(&format!("{row}\n"));
    }
    let mut decoder = arrow_json::ReaderBuilder::new(schema)
        .build_decoder()
        .expect("decoder");
    decoder.decode(rows.as_bytes()).expect("rows");
    decoder.flush().expect("flush").expect("a batch")
}

fn write_parquet(path: &Path, batch: &RecordBatch) {
    let file = File::create(path).expect("create");
    let mut writer = ArrowWriter::try_new(file, batch.schema(), None).expect("writer");
    writer.write(batch).expect("write");
    writer.close().expect("close");
}

/// Every row of a Parquet file as a JSON object (arrow-json's rendering).
fn read_parquet(path: &Path) -> (Arc<Schema>, Vec<Value>) {
    let builder = ParquetRecordBatchReaderBuilder::try_new(File::open(path).expect("open"))
        .expect("a Parquet file");
    let schema = builder.schema().clone();
    let mut json = Vec::new();
    let mut writer = arrow_json::LineDelimitedWriter::new(&mut json);
    for batch in builder.build().expect("reader") {
        writer.write(&batch.expect("batch")).expect("JSON");
    }
    writer.finish().expect("finish");
    (schema, lines(&json))
}

/// The JSON line without `line` (a CSV record's line counts the header; a Parquet row not).
fn without_line(mut v: Value) -> Value {
    v.as_object_mut().map(|o| o.remove("line"));
    v
}

#[test]
fn a_parquet_file_of_typed_columns_groups_as_the_same_claims_in_csv() {
    let dir = temp_dir("parquet-in");
    let input = dir.join("discharges.parquet");
    write_parquet(&input, &discharges_batch());
    let from_parquet = drg()
        .args(["group", input.to_str().unwrap()])
        .output()
        .expect("runs");
    assert!(
        from_parquet.status.success(),
        "{}",
        String::from_utf8_lossy(&from_parquet.stderr)
    );
    let csv = repo_file("examples/discharges.csv");
    let from_csv = drg()
        .args(["group", csv.to_str().unwrap()])
        .output()
        .expect("runs");
    let (a, b) = (lines(&from_parquet.stdout), lines(&from_csv.stdout));
    assert_eq!(a.len(), 8);
    assert_eq!(a[0]["line"], 1);
    let a: Vec<Value> = a.into_iter().map(without_line).collect();
    let b: Vec<Value> = b.into_iter().map(without_line).collect();
    assert_eq!(a, b);
    // Priced too: the decimal charges and the date column read as the CSV text does.
    let price = |path: &Path| {
        let out = drg()
            .args(["price", path.to_str().unwrap(), "--providers"])
            .arg(repo_file("tables/ipps/ipsf-sample.csv"))
            .output()
            .expect("runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        lines(&out.stdout)
            .into_iter()
            .map(without_line)
            .collect::<Vec<_>>()
    };
    assert_eq!(price(&input), price(&csv));
}

#[test]
fn a_parquet_result_file_holds_the_csv_columns_typed_and_the_codes() {
    let dir = temp_dir("parquet-out");
    let out = dir.join("grouped.parquet");
    let csv = repo_file("examples/discharges.csv");
    let run = drg()
        .args(["group", csv.to_str().unwrap(), "-o", out.to_str().unwrap()])
        .output()
        .expect("runs");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let (schema, rows) = read_parquet(&out);
    let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
    // The CSV columns first, then the rest of the flat record, the codes, the echoed column.
    let csv_columns = grouper_core::io::GROUP_COLUMNS;
    assert_eq!(&names[..csv_columns.len()], csv_columns);
    assert_eq!(&names[names.len() - 2..], ["codes", "payer"]);
    assert!(names.contains(&"initial_drg_title") && names.contains(&"weight_fiscal_year"));
    assert_eq!(
        schema.field_with_name("final_drg").unwrap().data_type(),
        &DataType::Int32
    );
    assert_eq!(
        schema
            .field_with_name("relative_weight")
            .unwrap()
            .data_type(),
        &DataType::Decimal128(12, 4)
    );
    let jsonl = drg()
        .args(["group", csv.to_str().unwrap()])
        .output()
        .expect("runs");
    let results = lines(&jsonl.stdout);
    assert_eq!(rows.len(), results.len());
    for (row, result) in rows.iter().zip(&results) {
        for column in [
            "id",
            "line",
            "version",
            "final_drg",
            "final_mdc",
            "final_drg_title",
            "return_code",
            "hac_status",
        ] {
            assert_eq!(row[column], result[column], "{column}");
        }
        let weight: f64 = result["relative_weight"].as_str().unwrap().parse().unwrap();
        let stored: f64 = row["relative_weight"]
            .to_string()
            .trim_matches('"')
            .parse()
            .unwrap();
        assert_eq!(stored, weight);
        assert_eq!(row["codes"]["sdx"], result["sdx"]);
        assert_eq!(row["codes"]["pdx"], result["pdx"]);
        assert_eq!(row["payer"], result["passthrough"]["payer"]);
    }
}

#[test]
fn parquet_rows_that_cannot_be_grouped_are_error_rows_and_exit_1() {
    let dir = temp_dir("parquet-bad");
    let input = dir.join("bad.parquet");
    let schema = Arc::new(Schema::new(vec![
        Field::new("id", DataType::Int64, true),
        Field::new("version", DataType::Int64, true),
        Field::new("pdx", DataType::Utf8, true),
        Field::new("discharge_date", DataType::Utf8, true),
    ]));
    let mut decoder = arrow_json::ReaderBuilder::new(schema)
        .build_decoder()
        .expect("decoder");
    decoder
        .decode(b"{\"id\": 1, \"version\": 431, \"pdx\": \"I5023\"}\n{\"id\": 2, \"version\": 999, \"pdx\": \"I5023\"}\n{\"id\": 3, \"pdx\": \"I5023\", \"discharge_date\": \"2025-13-45\"}\n")
        .expect("rows");
    write_parquet(&input, &decoder.flush().unwrap().unwrap());
    let out = dir.join("out.parquet");
    let run = drg()
        .args([
            "group",
            input.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ])
        .output()
        .expect("runs");
    assert_eq!(
        run.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let (_, rows) = read_parquet(&out);
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0]["final_drg"], 293);
    assert_eq!(rows[0]["id"], "1");
    assert_eq!(rows[1]["error_kind"], "no_grouper_version");
    assert_eq!(rows[1]["field"], "version");
    assert_eq!(rows[2]["error_kind"], "invalid_field");
    assert_eq!(rows[2]["field"], "discharge_date");
}

#[test]
fn a_file_that_is_not_parquet_and_parquet_to_standard_output_exit_2() {
    let dir = temp_dir("parquet-refused");
    let fake = dir.join("claims.parquet");
    std::fs::write(&fake, "id,pdx\n1,I5023\n").expect("written");
    let run = drg()
        .args(["group", fake.to_str().unwrap()])
        .output()
        .expect("runs");
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("as Parquet"));

    let csv = repo_file("examples/discharges.csv");
    let run = drg()
        .args(["group", csv.to_str().unwrap(), "--output-format", "parquet"])
        .output()
        .expect("runs");
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("-o FILE.parquet"));
}
