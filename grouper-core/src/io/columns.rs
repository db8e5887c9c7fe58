//! The JSON claim object of one row of named columns: an Arrow (Parquet) row's values, and in
//! tests the reference for the CSV reader's text ([`super::csv_claim`] writes that text
//! straight from the cells).

use serde_json::{Map, Value};

use super::csv_claim::{diagnosis_parts, items, sex_number};

/// A `CODE` or `CODE:POA` item as a diagnosis object.
fn diagnosis(item: &str) -> Value {
    let (code, poa) = diagnosis_parts(item);
    let mut m = Map::new();
    m.insert("code".into(), Value::from(code));
    if let Some(poa) = poa {
        m.insert("poa".into(), Value::from(poa));
    }
    Value::Object(m)
}

/// The JSON claim object of one row of named columns (CSV cells as strings, Arrow values as
/// JSON): each `(header, claim field, value)` goes to its claim field, the rest is echoed
/// under [`PASSTHROUGH`](super::PASSTHROUGH). A text value is read as a CSV cell is (trimmed,
/// lists `;`-separated, a diagnosis `CODE:POA`); a list of texts as the items of such a
/// list; numbers and objects as they are. An empty text is absent when `empty_is_absent` (a
/// CSV cell cannot be null); otherwise it is kept, as a JSON line's `""` is (Arrow has null).
pub(super) fn claim_from_columns<'a>(
    cells: impl Iterator<Item = (&'a str, Option<&'static str>, Value)>,
    empty_is_absent: bool,
) -> Value {
    let mut claim = Map::new();
    let mut passthrough = Map::new();
    let mut pdx_poa = None;
    for (header, field, value) in cells {
        let Some(field) = field else {
            // Echoed exactly as given.
            passthrough.insert(header.to_string(), value);
            continue;
        };
        if let Some(value) = claim_value(field, value, empty_is_absent) {
            match field {
                "pdx_poa" => pdx_poa = Some(value),
                _ => {
                    claim.insert(field.into(), value);
                }
            }
        }
    }
    if !passthrough.is_empty() {
        claim.insert(super::PASSTHROUGH.into(), Value::Object(passthrough));
    }
    if let (Some(poa), Some(Value::Object(pdx))) = (pdx_poa, claim.get_mut("pdx")) {
        pdx.entry("poa").or_insert(poa);
    }
    Value::Object(claim)
}

/// The claim value of one column's value; `None` for an empty cell when `empty_is_absent`.
fn claim_value(field: &str, value: Value, empty_is_absent: bool) -> Option<Value> {
    let values = |value: Value| -> Vec<Value> {
        match value {
            Value::String(text) => items(&text).map(Value::from).collect(),
            Value::Array(items) => items,
            other => vec![other],
        }
    };
    let code_object = |item: Value| match item {
        Value::String(text) => serde_json::json!({ "code": text.trim() }),
        other => other,
    };
    let diagnosis_object = |item: Value| match item {
        Value::String(text) => diagnosis(&text),
        other => other,
    };
    if let Value::String(text) = &value {
        if text.trim().is_empty() {
            return if empty_is_absent {
                None
            } else {
                Some(match field {
                    "pdx" | "admit_dx" => serde_json::json!({ "code": "" }),
                    _ => Value::from(""),
                })
            };
        }
    }
    Some(match (field, &value) {
        // A text cell's items straight into their objects, without a string value for each.
        ("sdx", Value::String(text)) => Value::Array(items(text).map(diagnosis).collect()),
        ("procedures", Value::String(text)) => Value::Array(
            items(text)
                .map(|code| code_object(Value::from(code)))
                .collect(),
        ),
        _ => match field {
            "pdx" | "admit_dx" => diagnosis_object(trimmed(value)),
            "sdx" => Value::Array(values(value).into_iter().map(diagnosis_object).collect()),
            "procedures" => Value::Array(values(value).into_iter().map(code_object).collect()),
            "condition_codes" => Value::Array(values(value)),
            "age" | "discharge_status" | "version" => integer_cell(value),
            "sex" => sex_cell(value),
            _ => trimmed(value),
        },
    })
}

/// An integer cell as the JSON integer every claim reader reads its text as (so the claim can
/// take the fast path of the JSON reader); anything else stays text, for the reader to report.
fn integer_cell(value: Value) -> Value {
    match super::jsonl::integer(&value, "") {
        Ok(Some(n)) if value.is_string() => Value::from(n),
        _ => trimmed(value),
    }
}

/// A `sex` cell the claim readers know (0/1/2, M/F/U, MALE/FEMALE/UNKNOWN, any case) as the
/// JSON integer they read it as; anything else stays text, for the reader to warn about.
fn sex_cell(value: Value) -> Value {
    match value.as_str().and_then(sex_number) {
        Some(n) => Value::from(n),
        None => trimmed(value),
    }
}

fn trimmed(value: Value) -> Value {
    match value {
        Value::String(text) => Value::from(text.trim()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::claim_from_json;

    /// The full reader's claim (or error) and warnings for a claim whose `field` is `value`.
    fn read(field: &str, value: Value) -> (Result<String, String>, String) {
        let mut claim = serde_json::json!({"version": 431, "age": 70, "sex": 1,
            "discharge_status": 1, "pdx": {"code": "I5023", "poa": "Y"}});
        claim[field] = value;
        let mut warnings = Vec::new();
        let read = claim_from_json(&claim, &mut warnings)
            .map(|c| format!("{c:?}"))
            .map_err(|e| e.to_string());
        (read, format!("{warnings:?}"))
    }

    #[test]
    fn integer_and_sex_cells_read_as_their_text_does() {
        let texts = [
            "0",
            "1",
            "2",
            " 1 ",
            "m",
            "F",
            "male",
            "Unknown",
            "u",
            "3",
            "X",
            "+1",
            "1.0",
            "72",
            " 072 ",
            "-3",
            "7.5",
            "abc",
            "431",
            "99999999999999999999",
        ];
        for text in texts {
            let cell = || Value::from(text);
            assert_eq!(
                read("sex", cell()),
                read("sex", sex_cell(cell())),
                "sex {text:?}"
            );
            for field in ["age", "discharge_status", "version"] {
                assert_eq!(
                    read(field, cell()),
                    read(field, integer_cell(cell())),
                    "{field} {text:?}"
                );
            }
        }
        assert_eq!(sex_cell(Value::from(" f ")), Value::from(1));
        assert_eq!(integer_cell(Value::from(" 01 ")), Value::from(1));
    }
}
