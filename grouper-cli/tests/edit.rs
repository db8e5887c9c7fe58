//! `drg edit`, the real binary in a fresh temporary directory: JSON Lines and CSV in and out,
//! the summary by edit on stderr, and a claim it cannot edit as an error record (exit code 1).

mod common;

use common::{drg, lines, run_with_stdin, temp_dir};

/// Questionable admission (I10) with a dotted, lower-case secondary duplicate of it, and a
/// ventilation too short for its length of stay.
const EDITED: &str = r#"{"id":"e1","discharge_date":"2025-11-15","length_of_stay":3,"age":72,"sex":1,"discharge_status":1,"pdx":{"code":"I10","poa":"Y"},"sdx":[{"code":"i10"},{"code":"I50.23"}],"procedures":[{"code":"5A1955Z"}]}"#;
/// After the release's last day (FY2027): not edited, and said so.
const LATE: &str = r#"{"id":"e2","discharge_date":"2026-10-01","age":72,"sex":1,"discharge_status":1,"pdx":{"code":"I50"}}"#;
/// An ICD-9 discharge: refused.
const ICD9: &str = r#"{"id":"e3","discharge_date":"2014-05-01","length_of_stay":2,"age":40,"sex":0,"discharge_status":1,"pdx":{"code":"I10"}}"#;

#[test]
fn edits_json_lines_in_order_with_the_output_contract() {
    let dir = temp_dir("jsonl");
    std::fs::write(
        dir.join("claims.jsonl"),
        format!("{EDITED}\n{LATE}\n{ICD9}\n"),
    )
    .unwrap();
    let out = drg()
        .current_dir(&dir)
        .args(["edit", "claims.jsonl"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "the ICD-9 claim fails");
    let got = lines(&out.stdout);
    assert_eq!(got.len(), 3);
    let e = &got[0];
    assert_eq!(e["edit_type"], "PREPAYMENT");
    assert_eq!(
        e["edits"],
        serde_json::json!({"QUESTIONABLE_ADMISSION": 1, "DUPLICATE_OF_PDX": 1,
                           "INCONSISTENT_WITH_LENGTH_OF_STAY": 1})
    );
    assert_eq!(
        e["sdx"][0],
        serde_json::json!({"code": "I10", "edits": ["DUPLICATE_OF_PDX"]})
    );
    assert_eq!(e["sdx"][1]["code"], "I5023", "codes are read canonical");
    assert_eq!(e["version_used"], 431);
    assert_eq!(e["length_of_stay"], 3);
    assert_eq!(got[1]["edit_type"], "INVALID_DISCHARGE_DATE");
    assert_eq!(got[1]["discharge_date_problem"], "after_last_discharge");
    assert_eq!(got[1]["length_of_stay"], 7, "no LOS: 7 used");
    assert_eq!(got[1]["warnings"][0]["code"], "missing_length_of_stay");
    assert_eq!(got[2]["error_kind"], "not_editable");
    assert_eq!(got[2]["field"], "discharge_date");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("edited 2 (edit type PREPAYMENT: 1, INVALID_DISCHARGE_DATE: 1)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("QUESTIONABLE_ADMISSION: 1 claims (1)"),
        "{stderr}"
    );
}

#[test]
fn edits_csv_to_csv_and_reads_standard_input() {
    let dir = temp_dir("csv");
    let csv = "id,discharge_date,los,age,sex,discharge_status,pdx,secondary_dx,procedures,ward\n\
               c1,2024-09-30,2,30,M,1,Z370,A33,10D00Z0,4B\n";
    let out = run_with_stdin(
        drg()
            .current_dir(&dir)
            .args(["edit", "-", "-o", "edits.csv"]),
        csv.as_bytes(),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(dir.join("edits.csv")).unwrap();
    let mut rows = text.lines();
    assert_eq!(
        rows.next(),
        Some("id,line,discharge_date,length_of_stay,version_used,edit_type,discharge_date_problem,edits,claim_edits,code_edits,warnings,error,error_kind,field,ward")
    );
    let row = rows.next().unwrap_or_default();
    assert!(
        row.starts_with("c1,2,2024-09-30,2,431,PREPAYMENT,,SEX_CONFLICT:2;AGE_CONFLICT:1;UNACCEPTABLE_PDX:1;QUESTIONABLE_OBSTETRIC_ADMISSION:1,,"),
        "{row}"
    );
    assert!(
        row.contains("pdx=Z370:SEX_CONFLICT|UNACCEPTABLE_PDX;sdx[0]=A33:AGE_CONFLICT(NEWBORN);procs[0]=10D00Z0:SEX_CONFLICT|QUESTIONABLE_OBSTETRIC_ADMISSION"),
        "{row}"
    );
    assert!(row.ends_with(",4B"), "passthrough column echoed: {row}");
}
