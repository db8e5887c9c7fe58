//! `drg edit`'s answers against the CMS MCE's in `$DRG_SHARED/oracle/mce` (default
//! `../shared`), scored as `score.py --canonical` does: edit type, counts, claim-level edits,
//! each code's edit list and age-conflict type. Skips, saying so, where that directory is
//! absent. A plain runner (`harness = false`) so that the skip notice and the score print.

mod common;

use std::collections::BTreeMap;

use common::{read_gz_lines, shared_dir};
use grouper_core::io::{edit_record, InputRecord, ReadOptions};
use grouper_core::mce::Editor;
use serde_json::Value;

/// The codes of an answer by position: `pdx`, `admit_dx` (when present), `sdx[i]`, `procs[i]`.
fn codes(answer: &Value) -> Vec<(String, Value)> {
    let mut out = vec![("pdx".to_string(), answer["pdx"].clone())];
    if let Some(admit) = answer.get("admit_dx") {
        out.push(("admit_dx".into(), admit.clone()));
    }
    for list in ["sdx", "procs"] {
        for (i, code) in answer[list].as_array().into_iter().flatten().enumerate() {
            out.push((format!("{list}[{i}]"), code.clone()));
        }
    }
    out
}

fn sorted(v: &Value) -> Vec<String> {
    let mut items: Vec<String> = v
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| e.as_str().unwrap_or_default().to_string())
        .collect();
    items.sort();
    items
}

/// The fields of `ours` that differ from `expected` (the canonical answer applied).
fn differences(ours: &Value, expected: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for field in ["edit_type", "edits"] {
        if ours[field] != expected[field] {
            out.push(field.to_string());
        }
    }
    if sorted(&ours["claim_edits"]) != sorted(&expected["claim_edits"]) {
        out.push("claim_edits".into());
    }
    let ours_codes: BTreeMap<String, Value> = codes(ours).into_iter().collect();
    for (position, want) in codes(expected) {
        let got = ours_codes.get(&position).cloned().unwrap_or(Value::Null);
        if sorted(&got["edits"]) != sorted(&want["edits"]) {
            out.push(format!("{position}.edits"));
        }
        if want.get("age_conflict_type").is_some()
            && got.get("age_conflict_type") != want.get("age_conflict_type")
        {
            out.push(format!("{position}.age_conflict_type"));
        }
    }
    out
}

fn mce_reference_answers_match() -> bool {
    let Some(shared) = shared_dir() else {
        println!("mce_reference_answers_match: skipped, no oracle directory (set DRG_SHARED to the shared/ folder)");
        return false;
    };
    let dir = shared.join("oracle").join("mce");
    let claims = std::fs::read_to_string(dir.join("claims-mce.jsonl")).expect("MCE claims");
    let expected = read_gz_lines(&dir.join("expected-mce.jsonl.gz"));
    let editor = Editor::embedded().expect("MCE masters");
    let mut wrong: Vec<(String, Vec<String>)> = Vec::new();
    let mut n = 0;
    for (i, (claim, answer)) in claims.lines().zip(&expected).enumerate() {
        let mut want: Value = serde_json::from_str(answer).expect("expected line");
        if let Some(Value::Object(canonical)) = want.get("canonical").cloned() {
            for (k, v) in canonical {
                want[k] = v;
            }
        }
        let record = InputRecord::new(i + 1, claim);
        let ours = match edit_record(&editor, &record, ReadOptions::default()) {
            Ok(r) => serde_json::to_value(r).expect("serialises"),
            Err(e) => serde_json::to_value(e).expect("serialises"),
        };
        n += 1;
        let diff = differences(&ours, &want);
        if !diff.is_empty() {
            wrong.push((want["id"].as_str().unwrap_or_default().to_string(), diff));
        }
    }
    assert_eq!(n, 8000, "one answer per claim");
    println!(
        "mce: {} of {n} claims agree on every field",
        n - wrong.len()
    );
    for (id, fields) in wrong.iter().take(10) {
        println!("  {id}: {}", fields.join(", "));
    }
    assert!(wrong.is_empty(), "{} claims differ", wrong.len());
    true
}

fn main() {
    match std::panic::catch_unwind(mce_reference_answers_match) {
        Ok(true) => println!("mce check mce_reference_answers_match ... ok"),
        Ok(false) => println!("0 passed, 0 failed, 1 skipped"),
        Err(_) => {
            println!("mce check mce_reference_answers_match ... FAILED");
            std::process::exit(101);
        }
    }
}
