//! Input honesty (issue 8): each warning kind, on a claim that triggers it, with what was used
//! instead; and `--strict` (`ReadOptions::strict`) turning each into an error record.

mod common;

use common::grouper;
use grouper_core::io::{
    group_record, price_record, CsvClaimReader, GroupedDrg, InputRecord, JsonLinesReader,
    ReadOptions, RecordReader,
};
use grouper_core::payment::{PaymentTableSet, PricingContext};
use serde_json::{json, Value};

const LENIENT: ReadOptions = ReadOptions { strict: false };
const STRICT: ReadOptions = ReadOptions { strict: true };

/// A complete claim (no warnings) with `edit` applied.
fn claim(edit: impl FnOnce(&mut Value)) -> String {
    let mut c = json!({
        "id": "w1", "version": 431, "age": 72, "sex": 1, "discharge_status": 1,
        "pdx": {"code": "I5023", "poa": "Y"},
        "sdx": [{"code": "N179", "poa": "Y"}],
        "procedures": [],
    });
    edit(&mut c);
    c.to_string()
}

fn json<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or_default()
}

/// `drg group`'s output record for `record`: the result, or the error record.
fn group(record: &InputRecord, options: ReadOptions) -> Result<Value, Value> {
    group_record(grouper(), None, record, options)
        .map(|r| json(&r))
        .map_err(|e| json(&e))
}

fn group_text(line: &str, options: ReadOptions) -> Result<Value, Value> {
    group(&InputRecord::new(1, line), options)
}

/// The `(code, field)` of each warning of an output record.
fn warnings(v: &Value) -> Vec<(String, Option<String>)> {
    v["warnings"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|w| {
            let text = |k: &str| w[k].as_str().map(str::to_string);
            (text("code").unwrap_or_default(), text("field"))
        })
        .collect()
}

fn pair(code: &str, field: Option<&str>) -> (String, Option<String>) {
    (code.to_string(), field.map(str::to_string))
}

/// `line` groups with exactly the warning `code` on `field`, and under `--strict` is an error
/// record naming that warning and field. Returns the lenient result.
fn warns_once(line: &str, code: &str, field: Option<&str>) -> Value {
    let read = group_text(line, LENIENT).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(warnings(&read), vec![pair(code, field)], "{read}");
    assert_strict_refuses(group_text(line, STRICT), code, field);
    read
}

fn assert_strict_refuses(out: Result<Value, Value>, code: &str, field: Option<&str>) {
    let error = out.expect_err("--strict refuses a record with a warning");
    assert_eq!(error["error_kind"], "strict", "{error}");
    assert!(
        error["error"].as_str().is_some_and(|e| e.contains(code)),
        "{error}"
    );
    assert_eq!(error["field"].as_str(), field, "{error}");
    assert_eq!(warnings(&error), vec![pair(code, field)]);
}

#[test]
fn a_complete_claim_has_no_warnings_and_passes_strict() {
    let line = claim(|_| {});
    let read = group_text(&line, LENIENT).expect("groups");
    assert!(read.get("warnings").is_none(), "{read}");
    assert_eq!(group_text(&line, STRICT).expect("strict groups"), read);
}

#[test]
fn misspelt_field_is_an_unknown_field_warning() {
    let line = claim(|c| c["secondary_dx"] = json!([{"code": "I5022"}]));
    let read = warns_once(&line, "unknown_field", Some("secondary_dx"));
    // The misspelt list is not read: only N179 is a secondary diagnosis.
    assert_eq!(read["sdx"].as_array().map(Vec::len), Some(1));
}

#[test]
fn unknown_key_inside_a_code_is_an_unknown_field_warning() {
    let line = claim(|c| c["sdx"] = json!([{"code": "N179", "POA": "Y"}]));
    let read = warns_once(&line, "unknown_field", Some("sdx[0].POA"));
    assert_eq!(read["sdx"][0]["poa"], "BLANK");
}

#[test]
fn invalid_poa_is_read_as_blank_with_a_warning() {
    let line = claim(|c| c["sdx"][0]["poa"] = json!("X"));
    let read = warns_once(&line, "invalid_poa", Some("sdx[0].poa"));
    assert_eq!(read["sdx"][0]["poa"], "BLANK");
}

#[test]
fn lower_case_or_dotted_code_is_normalised_with_a_warning() {
    let line = claim(|c| c["sdx"][0]["code"] = json!("n17.9"));
    let read = warns_once(&line, "code_normalized", Some("sdx[0].code"));
    assert_eq!(read["sdx"][0]["code"], "N179");
    let canonical = group_text(&claim(|_| {}), LENIENT).expect("groups");
    assert_eq!(read["final_drg"], canonical["final_drg"]);
}

#[test]
fn dot_outside_the_icd10_position_is_kept_so_the_code_is_invalid() {
    // Issue 9: `I.2.1.4` was read as I214 (acute MI, an MCC). It is not a code.
    let line = claim(|c| c["sdx"][0]["code"] = json!("I.2.1.4"));
    let read = group_text(&line, LENIENT).expect("groups");
    assert_eq!(read["sdx"][0]["code"], "I.2.1.4");
    assert_eq!(read["sdx"][0]["valid"], false);
}

#[test]
fn missing_age_uses_zero_with_a_warning() {
    let line = claim(|c| {
        c.as_object_mut().map(|o| o.remove("age"));
    });
    warns_once(&line, "missing_age", Some("age"));
}

#[test]
fn missing_sex_is_unknown_with_a_warning() {
    let line = claim(|c| {
        c.as_object_mut().map(|o| o.remove("sex"));
    });
    warns_once(&line, "missing_sex", Some("sex"));
}

#[test]
fn invalid_sex_is_unknown_with_a_warning_and_letters_are_read() {
    warns_once(&claim(|c| c["sex"] = json!(7)), "invalid_sex", Some("sex"));
    warns_once(
        &claim(|c| c["sex"] = json!("X")),
        "invalid_sex",
        Some("sex"),
    );
    for sex in [json!("F"), json!("f"), json!("1"), json!(1)] {
        let read = group_text(&claim(|c| c["sex"] = sex.clone()), STRICT);
        assert!(read.is_ok(), "{sex}: {read:?}");
    }
}

#[test]
fn missing_discharge_status_is_invalid_with_a_warning() {
    let line = claim(|c| {
        c.as_object_mut().map(|o| o.remove("discharge_status"));
    });
    warns_once(&line, "missing_discharge_status", Some("discharge_status"));
}

#[test]
fn secondary_diagnoses_beyond_24_are_not_grouped_with_a_warning() {
    // 24 filler codes, then the MCC: a CMS claim has no room for the 25th.
    let mut sdx: Vec<Value> = (0..24)
        .map(|_| json!({"code": "E119", "poa": "Y"}))
        .collect();
    sdx.push(json!({"code": "N170", "poa": "Y"}));
    let line = claim(|c| c["sdx"] = json!(sdx));
    let read = warns_once(&line, "codes_beyond_cms_limit", Some("sdx"));
    assert_eq!(read["sdx"].as_array().map(Vec::len), Some(24));
    let within = claim(|c| c["sdx"] = json!([{"code": "E119", "poa": "Y"}]));
    let within = group_text(&within, LENIENT).expect("groups");
    assert_eq!(
        read["final_drg"], within["final_drg"],
        "the 25th did not count"
    );
}

#[test]
fn procedures_beyond_25_are_not_grouped_with_a_warning() {
    let procs: Vec<Value> = (0..26).map(|_| json!({"code": "5A1955Z"})).collect();
    let line = claim(|c| c["procedures"] = json!(procs));
    let read = warns_once(&line, "codes_beyond_cms_limit", Some("procedures"));
    assert_eq!(read["procs"].as_array().map(Vec::len), Some(25));
}

/// The records `reader` gives, grouped.
fn group_all(reader: &mut impl RecordReader, options: ReadOptions) -> Vec<Result<Value, Value>> {
    let mut out = Vec::new();
    while let Some(record) = reader.next_record() {
        match record.expect("no I/O error") {
            Ok(record) => out.push(group(&record, options)),
            Err(refused) => out.push(Err(serde_json::to_value(&refused).unwrap_or_default())),
        }
    }
    out
}

#[test]
fn byte_order_mark_is_stripped_with_a_warning_on_the_first_record() {
    let first = claim(|_| {});
    let input = format!("\u{feff}{first}\n{first}\n");
    let got = group_all(&mut JsonLinesReader::new(input.as_bytes()), LENIENT);
    let read = got[0].as_ref().expect("groups");
    assert_eq!(warnings(read), vec![pair("byte_order_mark_stripped", None)]);
    assert!(got[1].as_ref().expect("groups").get("warnings").is_none());
    let strict = group_all(&mut JsonLinesReader::new(input.as_bytes()), STRICT);
    assert_strict_refuses(strict[0].clone(), "byte_order_mark_stripped", None);
    assert!(strict[1].is_ok());

    let csv = "\u{feff}id,version,age,sex,discharge_status,pdx\nc1,431,70,F,1,I5023:Y\n";
    let got = group_all(
        &mut CsvClaimReader::new(csv.as_bytes()).expect("header"),
        LENIENT,
    );
    let read = got[0].as_ref().expect("groups");
    assert_eq!(warnings(read), vec![pair("byte_order_mark_stripped", None)]);
    assert_eq!(
        read["id"], "c1",
        "the first column is read despite the mark"
    );
}

#[test]
fn ragged_csv_row_is_read_with_a_warning() {
    let csv = "id,version,age,sex,discharge_status,pdx\n\
               c1,431,70,F,1,I5023:Y,extra\n\
               c2,431,70,F,1,I5023:Y\n";
    let got = group_all(
        &mut CsvClaimReader::new(csv.as_bytes()).expect("header"),
        LENIENT,
    );
    let read = got[0].as_ref().expect("groups");
    assert_eq!(warnings(read), vec![pair("ragged_row", None)]);
    assert!(got[1].as_ref().expect("groups").get("warnings").is_none());
    let strict = group_all(
        &mut CsvClaimReader::new(csv.as_bytes()).expect("header"),
        STRICT,
    );
    assert_strict_refuses(strict[0].clone(), "ragged_row", None);
}

#[test]
fn csv_columns_the_format_does_not_read_are_echoed_not_warned() {
    let csv =
        "Account,Payer,version,age,sex,discharge_status,pdx\nA1, Medicare ,431,70,F,1,I5023:Y\n";
    let mut reader = CsvClaimReader::new(csv.as_bytes()).expect("header");
    assert_eq!(reader.passthrough_columns(), vec!["Payer".to_string()]);
    let got = group_all(&mut reader, STRICT);
    let read = got[0].as_ref().expect("groups under --strict");
    assert_eq!(
        read["passthrough"],
        json!({"Payer": " Medicare "}),
        "as written"
    );
}

fn pricing() -> PricingContext {
    PricingContext {
        tables: PaymentTableSet::embedded().unwrap_or_else(|e| panic!("{e}")),
        providers: None,
    }
}

fn price(line: &str, options: ReadOptions) -> Result<Value, Value> {
    let no_grouping = |_: &Value| -> Result<GroupedDrg, String> { Err("not grouped".into()) };
    price_record(
        &InputRecord::new(1, line),
        &pricing(),
        &no_grouping,
        options,
    )
    .map(|r| json(&r))
    .map_err(|e| json(&e))
}

/// A Maryland pricing claim with its DRG given, the provider's waiver field `key` set to `value`.
fn maryland_claim(key: &str, value: &str) -> String {
    let mut provider = json!({"providerType": "00", "stateCode": "21",
                              "cbsaActualGeographicLocation": "12580"});
    provider[key] = json!(value);
    json!({
        "id": "p1", "discharge_date": "2026-03-01", "length_of_stay": 4, "total_charges": "20000",
        "drg": 291, "provider": provider,
    })
    .to_string()
}

#[test]
fn lower_case_waiver_indicator_is_the_maryland_waiver_with_a_warning() {
    // Issue 9: `waiverIndicator: "y"` bypassed the Maryland waiver and was paid under IPPS.
    let line = maryland_claim("waiverIndicator", "y");
    let read = price(&line, LENIENT).expect("a result");
    assert_eq!(read["pricer_return_code"], "53", "{read}");
    let want = pair("indicator_normalized", Some("provider.waiverIndicator"));
    assert_eq!(warnings(&read), vec![want]);
    let error = price(&line, STRICT).expect_err("strict refuses");
    assert_eq!(error["error_kind"], "strict");
}

#[test]
fn misspelt_provider_field_is_an_unknown_field_warning() {
    let read = price(&maryland_claim("waiverIndicatr", "Y"), LENIENT).expect("a result");
    let want = pair("unknown_field", Some("provider.waiverIndicatr"));
    assert_eq!(warnings(&read), vec![want]);
}
