//! The fast path of the claim reader: a plain JSON claim line read straight into a [`Claim`]
//! with typed, borrowing deserialisation (no `serde_json::Value` tree).
//!
//! Plain means a line that [`claim_from_json`](super::claim_from_json) reads with no warning
//! but about codes and POA indicators: only the grouping fields, numbers as JSON integers, age
//! and discharge status present, and no more codes than a CMS claim holds. A code or POA
//! indicator that is not in canonical form (a lower-case code, the ICD-10-CM dot, `"poa": "y"`,
//! an unknown indicator) is read by the full path's own rules for them, with the same warnings
//! in the same order: an export whose every code carries its dot stays on this path. Anything
//! else (`"sex": "F"`, an unknown field, an escaped string, a bad value) makes [`canonical_claim`]
//! return `None`, and the caller reads the line on the full path, which names the field and
//! gives the warnings. So this path never decides anything the full path would decide
//! differently; tests prove both give the same claim and warnings on every line this path
//! accepts.

use serde_json::Value;
use smol_str::SmolStr;

use super::claim_line::{scan_line, Dx, Line};
use super::warning::{Warning, WarningKind};
use super::{CMS_PROCEDURES, CMS_SECONDARY_DIAGNOSES};
use crate::codes::normalize;
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
/// The text as written is tried first: trimming asks each end whether it is Unicode white
/// space, about 35 instructions a code, and indicators are nearly always written bare.
fn canonical_poa(text: Option<&str>) -> Option<Poa> {
    Some(match text {
        None | Some("" | "1") => Poa::Blank,
        Some("Y") => Poa::Y,
        Some("N") => Poa::N,
        Some("U") => Poa::U,
        Some("W") => Poa::W,
        Some(text) => {
            let trimmed = text.trim();
            return (trimmed.len() < text.len())
                .then(|| canonical_poa(Some(trimmed)))
                .flatten();
        }
    })
}

/// A code in its canonical form (upper case, no dot), with a warning when that changed it.
pub(super) fn canonical_code(text: &str, field: &str, warnings: &mut Vec<Warning>) -> String {
    let code = normalize(text);
    if code != text {
        let mut message = TableError::excerpt(text);
        message.push_str(" read as ");
        message.push_str(&TableError::excerpt(&code));
        warnings.push(Warning::new(
            WarningKind::CodeNormalized,
            Some(field),
            message,
        ));
    }
    code
}

/// A POA indicator: Y, N, U, W (any case) or blank/`1` (exempt); anything else is read as
/// blank, with a warning.
pub(super) fn poa(text: Option<&str>, field: &str, warnings: &mut Vec<Warning>) -> Poa {
    let Some(text) = text else {
        return Poa::Blank;
    };
    let trimmed = text.trim();
    match trimmed {
        "" | "1" => return Poa::Blank,
        "Y" | "N" | "U" | "W" => {}
        "y" | "n" | "u" | "w" => {
            let message = format!("{trimmed:?} read as {:?}", trimmed.to_ascii_uppercase());
            warnings.push(Warning::new(
                WarningKind::CodeNormalized,
                Some(field),
                message,
            ));
        }
        _ => {
            let message = format!(
                "{} is not a POA indicator (Y, N, U, W or blank): read as blank",
                TableError::excerpt(text)
            );
            warnings.push(Warning::new(WarningKind::InvalidPoa, Some(field), message));
        }
    }
    Poa::parse(Some(trimmed))
}

/// A code in canonical form as it is; any other by the full path's rule, with its warning.
fn code(text: &str, field: impl Fn() -> String, warnings: &mut Vec<Warning>) -> SmolStr {
    if is_canonical_code(text) {
        SmolStr::new(text)
    } else {
        canonical_code(text, &field(), warnings).into()
    }
}

/// A diagnosis object, as the full path reads it; `field` names it (`sdx[2]`) for a warning.
fn diagnosis(
    dx: &Dx<'_>,
    field: impl Fn() -> String,
    warnings: &mut Vec<Warning>,
) -> DiagnosisCode {
    let named = |key: &str| {
        let mut name = field();
        name.push_str(key);
        name
    };
    let code = code(dx.code.unwrap_or(""), || named(".code"), warnings);
    let poa = match canonical_poa(dx.poa) {
        Some(poa) => poa,
        None => poa(dx.poa, &named(".poa"), warnings),
    };
    DiagnosisCode { code, poa }
}

/// A claim read on the fast path: the claim, its passed-through columns and the warnings about
/// its codes.
pub(crate) type Read = (Claim, Option<Value>, Vec<Warning>);

/// `text` read as a claim when it is a plain line (see the module documentation); `None` when
/// the full reader must read it.
pub(crate) fn canonical_claim(text: &str) -> Option<Read> {
    let line = scan_line(text).or_else(|| serde_json::from_str(text).ok())?;
    claim_of_line(line)
}

/// The claim of a plain line, or `None` when a field needs the full path.
fn claim_of_line(line: Line<'_>) -> Option<Read> {
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
    let (age, status) = (line.age?, line.discharge_status?);
    let sdx = line.sdx.unwrap_or_default();
    let procedures = line.procedures.unwrap_or_default();
    if sdx.len() > CMS_SECONDARY_DIAGNOSES || procedures.len() > CMS_PROCEDURES {
        return None;
    }
    let hospital_status = match line.hospital_status {
        None => HospitalStatus::NotExempt,
        Some(text) => hospital_status_text(text).ok()?,
    };
    // In the full path's order: the principal, admitting and secondary diagnoses, then the
    // procedures.
    let mut warnings = Vec::new();
    let principal_diagnosis = match &line.pdx {
        None => DiagnosisCode {
            code: SmolStr::default(),
            poa: Poa::Blank,
        },
        Some(dx) => diagnosis(dx, || "pdx".into(), &mut warnings),
    };
    let admit_diagnosis = line
        .admit_dx
        .as_ref()
        .map(|dx| diagnosis(dx, || "admit_dx".into(), &mut warnings));
    let secondary_diagnoses = sdx
        .iter()
        .enumerate()
        .map(|(i, dx)| diagnosis(dx, || format!("sdx[{i}]"), &mut warnings))
        .collect();
    let procedures = procedures
        .iter()
        .enumerate()
        .map(|(i, p)| ProcedureCode {
            code: code(
                p.code.unwrap_or(""),
                || format!("procedures[{i}].code"),
                &mut warnings,
            ),
        })
        .collect();
    let claim = Claim {
        id: line.id.filter(|v| !v.is_null()),
        version,
        age,
        sex,
        discharge_status: Some(DischargeStatus::new(status)),
        principal_diagnosis,
        admit_diagnosis,
        secondary_diagnoses,
        procedures,
        hospital_status,
    };
    Some((claim, line.passthrough, warnings))
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

    #[test]
    fn a_poa_indicator_reads_as_the_trimmed_rule_reads_it() {
        // The rule before the bare-text shortcut: the text trimmed, then matched.
        let trimmed_rule = |text: Option<&str>| {
            Some(match text.map(str::trim) {
                None | Some("" | "1") => Poa::Blank,
                Some("Y") => Poa::Y,
                Some("N") => Poa::N,
                Some("U") => Poa::U,
                Some("W") => Poa::W,
                Some(_) => return None,
            })
        };
        let mut texts = vec![None];
        for core in ["", "1", "Y", "N", "U", "W", "y", "X", "YY", "1Y"] {
            for (before, after) in [
                ("", ""),
                (" ", ""),
                ("", "\t"),
                ("\u{3000}", " \n"),
                ("x", ""),
            ] {
                texts.push(Some(format!("{before}{core}{after}")));
            }
        }
        for text in &texts {
            let text = text.as_deref();
            assert_eq!(canonical_poa(text), trimmed_rule(text), "{text:?}");
        }
    }

    /// The full path's claim, passed-through columns and warnings for `text`.
    fn full(text: &str) -> Option<Read> {
        let value: Value = serde_json::from_str(text).ok()?;
        let mut warnings = Vec::new();
        let map = value.as_object()?;
        crate::io::unknown_fields(map, crate::io::CLAIM_FIELDS, "", &mut warnings);
        let claim = claim_from_json(&value, &mut warnings).ok()?;
        let passthrough = value.get(crate::io::PASSTHROUGH).cloned();
        Some((claim, passthrough, warnings))
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
        // The golden claims are plain but for the ones written to test warnings.
        assert!(fast * 10 >= lines.len() * 9, "{fast} of {}", lines.len());
    }

    #[test]
    fn codes_and_indicators_in_another_form_stay_on_the_fast_path_with_the_full_paths_warnings() {
        for line in [
            r#"{"id":"c","version":431,"age":70,"sex":1,"discharge_status":1,"pdx":{"code":"i5023","poa":"Y"}}"#,
            r#"{"id":"c","version":431,"age":70,"sex":1,"discharge_status":1,"pdx":{"code":"I50.23","poa":"Y"},"admit_dx":{"code":"r07.9"}}"#,
            r#"{"id":"c","version":431,"age":70,"sex":1,"discharge_status":1,"pdx":{"code":"I5023","poa":"y"}}"#,
            r#"{"id":"c","version":431,"age":70,"sex":1,"discharge_status":1,"pdx":{"code":"I5023","poa":"Q"}}"#,
            r#"{"id":"c","version":431,"age":70,"sex":1,"discharge_status":1,"pdx":{"code":" I5023 "},"sdx":[{"code":"e11.9","poa":"n"},{"code":"I10"},{"code":"N18.6","poa":"x"}],"procedures":[{"code":"02hv33z"},{"code":"0JH60DZ"}]}"#,
        ] {
            let read = canonical_claim(line).expect("fast path");
            assert!(!read.2.is_empty(), "{line}");
            assert_eq!(Some(read), full(line), "{line}");
        }
    }

    #[test]
    fn anything_else_the_full_path_warns_about_takes_the_full_path() {
        let base = r#"{"id":"c","version":431,"age":70,"sex":1,"discharge_status":1,"pdx":{"code":"I5023","poa":"Y"}}"#;
        assert!(canonical_claim(base).is_some());
        for line in [
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
            let read = canonical_claim(&line).expect("plain");
            assert!(read.1.is_some(), "{line}");
            assert_eq!(Some(read), full(&line), "{line}");
        }
    }

    proptest! {
        #[test]
        fn is_canonical_code_is_normalize_unchanged(code in "[ a-zA-Z0-9.\t@é]{0,10}") {
            prop_assert_eq!(is_canonical_code(&code), normalize(&code) == code);
        }

        /// Codes and indicators in every form, on lines that are otherwise plain: nearly all
        /// take the fast path.
        #[test]
        fn codes_in_any_form_read_as_the_full_path_reads_them(
            pdx in "[ a-zA-Z0-9.]{0,9}",
            pdx_poa in "[YNUWynuwX1 ]{0,2}",
            admit in proptest::option::of("[ a-zA-Z0-9.]{0,9}"),
            sdx in proptest::collection::vec(("[ a-zA-Z0-9.]{0,9}", "[YNUWynuwX1 ]{0,2}"), 0..26),
            procs in proptest::collection::vec("[ a-zA-Z0-9.]{0,9}", 0..26),
        ) {
            let admit = admit.map(|c| format!(r#","admit_dx":{{"code":"{c}"}}"#)).unwrap_or_default();
            let line = format!(
                r#"{{"id":"p","version":431,"age":70,"sex":1,"discharge_status":1,"pdx":{{"code":"{pdx}","poa":"{pdx_poa}"}}{admit},"sdx":[{}],"procedures":[{}]}}"#,
                sdx.iter().map(|(c, p)| format!(r#"{{"code":"{c}","poa":"{p}"}}"#)).collect::<Vec<_>>().join(","),
                procs.iter().map(|c| format!(r#"{{"code":"{c}"}}"#)).collect::<Vec<_>>().join(","),
            );
            let read = canonical_claim(&line);
            prop_assert!(read.is_some() || sdx.len() > CMS_SECONDARY_DIAGNOSES || procs.len() > CMS_PROCEDURES, "{}", line);
            if let Some(read) = read {
                prop_assert_eq!(Some(read), full(&line), "{}", line);
            }
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
            sdx in proptest::collection::vec(("[A-Za-z0-9. ]{3,8}", "[YNUWynuwX1 ]{0,2}"), 0..27),
            procs in proptest::collection::vec("[A-Z0-9a. ]{6,8}", 0..27),
            hospital in prop_oneof![Just(None), Just(Some("\"EXEMPT\"")), Just(Some("\"exempt\"")),
                Just(Some("\"SOMETIMES\"")), Just(Some("null"))],
        ) {
            let mut line = format!(
                r#"{{"id":"p","version":{version},"age":{age},"sex":{sex},"discharge_status":{status},"pdx":{{"code":"{pdx}","poa":{poa}}},"sdx":[{}],"procedures":[{}]"#,
                sdx.iter().map(|(c, p)| format!(r#"{{"code":"{c}","poa":"{p}"}}"#)).collect::<Vec<_>>().join(","),
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
