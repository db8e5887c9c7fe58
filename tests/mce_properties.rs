//! Property tests of the Medicare Code Editor: any claim, however malformed, gives an answer or
//! a typed error and never a panic, and every answer adds up as CMS's does (each count is the
//! number of codes listing the edit, plus the claim-level edit; the type follows the counts).

use std::sync::OnceLock;

use grouper_core::io::{edit_record, InputRecord, ReadOptions};
use grouper_core::mce::{DischargeDate, Edit, EditClaim, EditType, Editor, PatientSex, EDITS};
use grouper_core::{Date, DischargeStatus};
use proptest::prelude::*;
use serde_json::{json, Value};

fn editor() -> &'static Editor {
    static EDITOR: OnceLock<Editor> = OnceLock::new();
    EDITOR.get_or_init(|| Editor::embedded().expect("embedded MCE masters"))
}

/// Codes with MCE flags (age, sex, principal-only, coverage, delivery, LOS, dates that change).
const DX: &[&str] = &[
    "I5023", "N179", "I10", "A33", "Z370", "Z5189", "F05", "Y6551", "L89103", "D630", "V0001XA",
    "A1815", "A34", "C9100", "Z302", "E1010", "H169", "F01511", "C7831", "I50.23", "i5023", "",
    "0000", "I50", "ZZZZ",
];
const PR: &[&str] = &[
    "0FYG0Z0", "0TY00Z0", "10D00Z0", "10E0XZZ", "5A1955Z", "0SR20JZ", "30233G0", "00F3XZZ",
    "0016070", "30233G2", "02RK0JZ", "0tub8jz", "", "XXXXXXX",
];

fn code(pool: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(pool).prop_map(str::to_string),
        1 => "[A-Za-z0-9. ]{0,9}",
    ]
}

fn date() -> impl Strategy<Value = Value> {
    prop_oneof![
        6 => (2014u16..2028, 0u8..14, 0u8..33)
            .prop_map(|(y, m, d)| json!(format!("{y:04}-{m:02}-{d:02}"))),
        1 => Just(Value::Null),
        1 => "[0-9-]{0,12}".prop_map(Value::from),
        1 => any::<i64>().prop_map(Value::from),
        1 => Just(json!([1])),
    ]
}

fn small_or_any() -> impl Strategy<Value = Value> {
    prop_oneof![
        6 => (-3i64..130).prop_map(Value::from),
        1 => any::<i64>().prop_map(Value::from),
        1 => Just(Value::Null),
        1 => "[a-z0-9]{0,3}".prop_map(Value::from),
    ]
}

fn claim() -> impl Strategy<Value = Value> {
    (
        (date(), small_or_any(), small_or_any()),
        (small_or_any(), small_or_any()),
        (code(DX), prop::option::of(code(DX))),
        prop::collection::vec(code(DX), 0..27),
        prop::collection::vec(code(PR), 0..27),
    )
        .prop_map(
            |((date, los, age), (sex, status), (pdx, admit), sdx, procs)| {
                let mut claim = json!({
                    "id": "p", "discharge_date": date, "length_of_stay": los, "age": age,
                    "sex": sex, "discharge_status": status, "pdx": {"code": pdx},
                    "sdx": sdx.iter().map(|c| json!({"code": c})).collect::<Vec<_>>(),
                    "procedures": procs.iter().map(|c| json!({"code": c})).collect::<Vec<_>>(),
                });
                if let Some(admit) = admit {
                    claim["admit_dx"] = json!({ "code": admit });
                }
                claim
            },
        )
}

/// The CMS invariants of one answer (`shared/oracle/mce/README.md`, "How the pieces fit").
fn check_answer(answer: &Value) {
    let listed = |edit: &str, position: &Value| {
        position["edits"]
            .as_array()
            .is_some_and(|l| l.iter().any(|e| e == edit))
    };
    let positions: Vec<&Value> = std::iter::once(&answer["pdx"])
        .chain(answer["sdx"].as_array().into_iter().flatten())
        .chain(answer["procs"].as_array().into_iter().flatten())
        .collect();
    let mut categorised = false;
    for edit in EDITS {
        let name = edit.name();
        let mut want = positions.iter().filter(|p| listed(name, p)).count();
        if edit == Edit::InvalidAdmitDx && listed(name, &answer["admit_dx"]) {
            want += 1;
        }
        if answer["claim_edits"]
            .as_array()
            .is_some_and(|l| l.iter().any(|e| e == name))
        {
            want += 1;
        }
        let got = answer["edits"]
            .get(name)
            .and_then(Value::as_u64)
            .unwrap_or(0);
        assert_eq!(got, want as u64, "{name} in {answer}");
        categorised |= want > 0 && edit != Edit::InvalidAdmitDx;
    }
    let edit_type = answer["edit_type"].as_str().unwrap_or_default();
    if edit_type != EditType::InvalidDischargeDate.name() {
        assert_eq!(categorised, edit_type == "PREPAYMENT", "{answer}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn any_claim_gives_an_answer_or_a_typed_error(claim in claim()) {
        let record = InputRecord::new(1, claim.to_string());
        match edit_record(editor(), &record, ReadOptions::default()) {
            Ok(answer) => check_answer(&serde_json::to_value(answer).expect("serialises")),
            Err(error) => {
                prop_assert!(!error.error.is_empty());
                prop_assert!(serde_json::to_value(error).is_ok());
            }
        }
    }

    #[test]
    fn the_library_editor_takes_any_codes_and_numbers(
        day in 0u32..20_000,
        (age, los) in (any::<i64>(), any::<i64>()),
        status in any::<i64>(),
        codes in prop::collection::vec("\\PC{0,10}", 0..40),
    ) {
        let date = Date::new(1980 + (day / 366) as u16, 1 + (day % 12) as u8, 1 + (day % 28) as u8);
        let claim = EditClaim {
            discharge_date: date.map_or(DischargeDate::Unreadable, DischargeDate::Date),
            length_of_stay: los,
            age,
            sex: PatientSex::Invalid,
            discharge_status: Some(DischargeStatus::new(status)),
            principal_diagnosis: codes.first().cloned().unwrap_or_default(),
            admit_diagnosis: codes.get(1).cloned(),
            secondary_diagnoses: codes.iter().skip(2).step_by(2).cloned().collect(),
            procedures: codes.iter().skip(3).step_by(2).cloned().collect(),
        };
        if let Ok(answer) = editor().edit(claim) {
            check_answer(&serde_json::to_value(answer).expect("serialises"));
        }
    }
}
