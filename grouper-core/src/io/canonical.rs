//! The fast path of the claim reader: a JSON line already in canonical form, read straight
//! into a [`Claim`] with typed, borrowing deserialisation (no `serde_json::Value` tree).
//!
//! Canonical means the line is one that [`claim_from_json`](super::claim_from_json) reads
//! without a single warning: only the grouping fields, numbers as JSON integers, codes upper
//! case without the ICD-10-CM dot, POA Y/N/U/W/blank, age and discharge status present, and no
//! more codes than a CMS claim holds. Anything else (a lower-case code, `"sex": "F"`, an
//! unknown field, an escaped string, a bad value) makes [`canonical_claim`] return `None`, and
//! the caller reads the line on the full path, which names the field and gives the warnings.
//! So this path never decides anything the full path would decide differently; a test proves
//! both give the same claim on every line this path accepts.

use serde_json::Value;
use smol_str::SmolStr;

use super::claim_line::{scan_line, Dx, Line};
use super::{CMS_PROCEDURES, CMS_SECONDARY_DIAGNOSES};
use crate::date::Date;
use crate::discharge::DischargeStatus;
use crate::error::GroupError;
use crate::grouping::claim::{
    Claim, DiagnosisCode, HospitalStatus, Poa, ProcedureCode, Sex, VersionChoice,
};
use crate::tables::TableError;

/// Whether `code` is its own canonical form (`normalize(code) == code`), without building it.
pub(crate) fn is_canonical_code(code: &str) -> bool {
    let bytes = code.as_bytes();
    if code.trim().len() != code.len() || bytes.iter().any(u8::is_ascii_lowercase) {
        return false;
    }
    // `normalize` drops the one dot of the written form when it follows the category.
    let dots = bytes.iter().filter(|b| **b == b'.').count();
    !(dots == 1 && bytes.get(3) == Some(&b'.'))
}

/// A POA indicator the full path reads without a warning (it trims, as the full path does).
fn canonical_poa(text: Option<&str>) -> Option<Poa> {
    Some(match text.map(str::trim) {
        None | Some("" | "1") => Poa::Blank,
        Some("Y") => Poa::Y,
        Some("N") => Poa::N,
        Some("U") => Poa::U,
        Some("W") => Poa::W,
        Some(_) => return None,
    })
}

fn diagnosis(dx: &Dx<'_>) -> Option<DiagnosisCode> {
    let code = dx.code.unwrap_or("");
    is_canonical_code(code).then_some(())?;
    Some(DiagnosisCode {
        code: SmolStr::new(code),
        poa: canonical_poa(dx.poa)?,
    })
}

/// `text` read as a claim, with its passed-through columns, when it is in canonical form (see
/// the module documentation); `None` when the full reader must read it.
pub(crate) fn canonical_claim(text: &str) -> Option<(Claim, Option<Value>)> {
    let line = scan_line(text).or_else(|| serde_json::from_str(text).ok())?;
    claim_of_line(line)
}

/// [`canonical_claim`] without the scan, for a record the CSV reader wrote from its row's
/// object: such a text carries the pricing columns and `passthrough`, which the scan does not
/// read, so it would reject nearly every row after reading most of it (4,600 instructions a
/// row of `examples/discharges.csv`).
pub(crate) fn canonical_row(text: &str) -> Option<(Claim, Option<Value>)> {
    claim_of_line(serde_json::from_str(text).ok()?)
}

/// The claim of a line read in canonical form, or `None` when a field is not canonical.
fn claim_of_line(line: Line<'_>) -> Option<(Claim, Option<Value>)> {
    let version = match (line.version, line.discharge_date) {
        (Some(v), _) => VersionChoice::Version(v),
        (None, Some(d)) => VersionChoice::DischargeDate(parse_iso_date(d)?),
        (None, None) => return None,
    };
    let sex = match line.sex? {
        0 => Sex::Male,
        1 => Sex::Female,
        2 => Sex::Unknown,
        _ => return None,
    };
    let principal_diagnosis = match &line.pdx {
        None => DiagnosisCode {
            code: SmolStr::default(),
            poa: Poa::Blank,
        },
        Some(dx) => diagnosis(dx)?,
    };
    let admit_diagnosis = match &line.admit_dx {
        None => None,
        Some(dx) => Some(diagnosis(dx)?),
    };
    let sdx = line.sdx.unwrap_or_default();
    let procedures = line.procedures.unwrap_or_default();
    if sdx.len() > CMS_SECONDARY_DIAGNOSES || procedures.len() > CMS_PROCEDURES {
        return None;
    }
    let secondary_diagnoses = sdx.iter().map(diagnosis).collect::<Option<Vec<_>>>()?;
    let procedures = procedures
        .iter()
        .map(|p| {
            let code = p.code.unwrap_or("");
            is_canonical_code(code).then(|| ProcedureCode {
                code: SmolStr::new(code),
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let hospital_status = match line.hospital_status {
        None => HospitalStatus::NotExempt,
        Some(text) => hospital_status_text(text).ok()?,
    };
    let claim = Claim {
        id: line.id.filter(|v| !v.is_null()),
        version,
        age: line.age?,
        sex,
        discharge_status: Some(DischargeStatus::new(line.discharge_status?)),
        principal_diagnosis,
        admit_diagnosis,
        secondary_diagnoses,
        procedures,
        hospital_status,
    };
    Some((claim, line.passthrough))
}

/// A `YYYY-MM-DD` date from 1900 on (the claim format's only date form).
pub(super) fn parse_iso_date(text: &str) -> Option<Date> {
    let t = text.trim();
    let date: Date = (t.len() == 10).then(|| t.parse().ok()).flatten()?;
    (date.year() >= 1900).then_some(date)
}

/// A sex written as the claim format knows it (`0`/`1`/`2`, `M`/`F`/`U`, `MALE`/`FEMALE`/
/// `UNKNOWN`), already trimmed and upper-cased; `None` for anything else.
pub(super) fn sex_word(upper: &str) -> Option<Sex> {
    match upper {
        "0" | "M" | "MALE" => Some(Sex::Male),
        "1" | "F" | "FEMALE" => Some(Sex::Female),
        "2" | "U" | "UNKNOWN" => Some(Sex::Unknown),
        _ => None,
    }
}

/// A `hospital_status` given as text, in any case.
pub(super) fn hospital_status_text(text: &str) -> Result<HospitalStatus, GroupError> {
    Ok(match text.trim().to_ascii_uppercase().as_str() {
        "" | "NOT_EXEMPT" | "NON_EXEMPT" => HospitalStatus::NotExempt,
        "EXEMPT" => HospitalStatus::Exempt,
        "UNKNOWN" => HospitalStatus::Unknown,
        other => {
            return Err(GroupError::InvalidField {
                field: "hospital_status".to_string(),
                message: format!(
                    "{} is not NOT_EXEMPT, EXEMPT or UNKNOWN",
                    TableError::excerpt(other)
                ),
            })
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::normalize;
    use crate::io::claim_from_json;
    use proptest::prelude::*;

    /// The full path's claim and passed-through columns when it reads `text` with no warning.
    fn full(text: &str) -> Option<(Claim, Option<Value>)> {
        let value: Value = serde_json::from_str(text).ok()?;
        let mut warnings = Vec::new();
        let map = value.as_object()?;
        crate::io::unknown_fields(map, crate::io::CLAIM_FIELDS, "", &mut warnings);
        let claim = claim_from_json(&value, &mut warnings).ok()?;
        let passthrough = value.get(crate::io::PASSTHROUGH).cloned();
        warnings.is_empty().then_some((claim, passthrough))
    }

    fn golden_lines() -> Vec<String> {
        [400, 421, 440]
            .into_iter()
            .flat_map(crate::golden::lines)
            .collect()
    }

    #[test]
    fn canonical_path_reads_every_golden_claim_as_the_full_path_does() {
        let lines = golden_lines();
        let mut fast = 0;
        for line in &lines {
            if let Some(read) = canonical_claim(line) {
                assert_eq!(Some(read), full(line), "{line}");
                fast += 1;
            }
        }
        // The golden claims are canonical but for the ones written to test warnings.
        assert!(fast * 10 >= lines.len() * 9, "{fast} of {}", lines.len());
    }

    #[test]
    fn anything_the_full_path_warns_about_takes_the_full_path() {
        let base = r#"{"id":"c","version":431,"age":70,"sex":1,"discharge_status":1,"pdx":{"code":"I5023","poa":"Y"}}"#;
        assert!(canonical_claim(base).is_some());
        for line in [
            r#"{"id":"c","version":431,"age":70,"sex":1,"discharge_status":1,"pdx":{"code":"i5023","poa":"Y"}}"#,
            r#"{"id":"c","version":431,"age":70,"sex":1,"discharge_status":1,"pdx":{"code":"I50.23","poa":"Y"}}"#,
            r#"{"id":"c","version":431,"age":70,"sex":1,"discharge_status":1,"pdx":{"code":"I5023","poa":"y"}}"#,
            r#"{"id":"c","version":431,"age":70,"sex":"F","discharge_status":1,"pdx":{"code":"I5023"}}"#,
            r#"{"id":"c","version":431,"sex":1,"discharge_status":1,"pdx":{"code":"I5023"}}"#,
            r#"{"id":"c","version":431,"age":70,"sex":1,"pdx":{"code":"I5023"}}"#,
            r#"{"id":"c","version":431,"age":70,"sex":1,"discharge_status":1,"pdx":"I5023"}"#,
            r#"{"id":"c","version":431,"age":70,"sex":1,"discharge_status":1,"extra":1}"#,
            r#"{"id":"c","version":"431","age":70,"sex":1,"discharge_status":1}"#,
            r#"{"id":"c","age":70,"sex":1,"discharge_status":1}"#,
            r#"{"id":"c","version":431,"age":70,"sex":1,"discharge_status":1,"pdx":{"code":"I\u0035023"}}"#,
            r#"{"id":"c","version":431,"age":70,"sex":1,"discharge_status":1,"version":440}"#,
            r#"{"id":"c","version":431,"age":70,"sex":1,"discharge_status":1} x"#,
        ] {
            assert_eq!(canonical_claim(line), None, "{line}");
        }
    }

    #[test]
    fn passed_through_columns_are_kept_on_the_fast_path() {
        for passthrough in [r#"{"payer":"Medicare","unit":"4B"}"#, "null", r#""x""#] {
            let line = format!(
                r#"{{"id":"c","version":431,"age":70,"sex":1,"discharge_status":1,"pdx":{{"code":"I5023","poa":"Y"}},"passthrough":{passthrough}}}"#
            );
            let read = canonical_claim(&line).expect("canonical");
            assert!(read.1.is_some(), "{line}");
            assert_eq!(Some(read), full(&line), "{line}");
        }
    }

    proptest! {
        #[test]
        fn is_canonical_code_is_normalize_unchanged(code in "[ a-zA-Z0-9.\t@é]{0,10}") {
            prop_assert_eq!(is_canonical_code(&code), normalize(&code) == code);
        }

        #[test]
        fn canonical_path_agrees_with_the_full_path(
            version in prop_oneof![Just("431".to_string()), Just("\"431\"".to_string()),
                Just("null".to_string()), Just("99999".to_string())],
            date in prop_oneof![Just(None), Just(Some("2024-01-05")), Just(Some("2024-13-05"))],
            age in prop_oneof![Just("70"), Just("-3"), Just("null"), Just("\"70\""), Just("7.5")],
            sex in prop_oneof![Just("0"), Just("1"), Just("2"), Just("3"), Just("\"M\""), Just("1.0")],
            status in prop_oneof![Just("1"), Just("20"), Just("0"), Just("null"), Just("\"01\"")],
            pdx in "[ a-zI0-9.]{0,8}",
            poa in prop_oneof![Just("\"Y\""), Just("\"w\""), Just("\"\""), Just("\"1\""), Just("\" N \""),
                Just("\"X\""), Just("null"), Just("3")],
            sdx in proptest::collection::vec("[A-Z0-9.]{3,7}", 0..27),
            procs in proptest::collection::vec("[A-Z0-9a]{7}", 0..27),
            hospital in prop_oneof![Just(None), Just(Some("\"EXEMPT\"")), Just(Some("\"exempt\"")),
                Just(Some("\"SOMETIMES\"")), Just(Some("null"))],
        ) {
            let mut line = format!(
                r#"{{"id":"p","version":{version},"age":{age},"sex":{sex},"discharge_status":{status},"pdx":{{"code":"{pdx}","poa":{poa}}},"sdx":[{}],"procedures":[{}]"#,
                sdx.iter().map(|c| format!(r#"{{"code":"{c}","poa":"Y"}}"#)).collect::<Vec<_>>().join(","),
                procs.iter().map(|c| format!(r#"{{"code":"{c}"}}"#)).collect::<Vec<_>>().join(","),
            );
            if let Some(d) = date {
                line.push_str(&format!(r#","discharge_date":"{d}""#));
            }
            if let Some(h) = hospital {
                line.push_str(&format!(r#","hospital_status":{h}"#));
            }
            line.push('}');
            if let Some(read) = canonical_claim(&line) {
                prop_assert_eq!(Some(read), full(&line), "{}", line);
            }
        }
    }
}
