//! `drg edit`: one claim in (the grouper's claim format plus `discharge_date` and
//! `length_of_stay`, no `version`), the Medicare Code Editor's answer out
//! (`shared/oracle/mce/README.md`: edit type, counts, claim-level edits, per-code lists).

use serde::Serialize;
use serde_json::Value;

use super::jsonl::{claim_fields, claim_map, integer, invalid, type_name, ParsedRecord};
use super::warning::{ReadOptions, Warning, WarningKind};
use super::{ErrorKind, ErrorRecord, Failure, InputRecord};
use crate::error::GroupError;
use crate::grouping::claim::{Sex, VersionChoice};
use crate::mce::{
    parse_discharge_date, DischargeDate, EditClaim, EditError, EditResult, Editor, PatientSex,
};

/// The length of stay used when a claim gives none (CMS's MCE needs one; its answers use 7).
pub const DEFAULT_LENGTH_OF_STAY: i64 = 7;

/// A `drg edit` output record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EditedClaim {
    /// The claim's `id`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<Value>,
    /// The discharge date as in the claim (`null` when absent).
    pub discharge_date: Value,
    /// The length of stay the MCE used (the claim's, else 7).
    pub length_of_stay: i64,
    /// The MCE's answer.
    #[serde(flatten)]
    pub result: EditResult,
    /// 1-based input line.
    pub line: usize,
    /// What the reader normalised, defaulted or ignored.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<Warning>,
    /// The input's CSV columns the claim format does not read, echoed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub passthrough: Option<Value>,
}

impl Failure for EditError {
    fn error_kind(&self) -> ErrorKind {
        ErrorKind::NotEditable
    }
}

/// The `edits` block `drg group --edits` adds to a result: the MCE's answer for the record
/// (edit type, counts, claim-level and per-code edits), or `{"error": ...}` when the MCE cannot
/// edit it (no discharge date the masters cover, a field it cannot read).
pub fn edits_block(editor: &Editor, record: &InputRecord) -> Value {
    match edit_record(editor, record, ReadOptions::default()) {
        Ok(edited) => serde_json::to_value(&edited.result).unwrap_or_default(),
        Err(e) => serde_json::json!({ "error": e.error, "error_kind": e.error_kind }),
    }
}

/// Edit one input record: the output record, or the error record naming the line and field.
pub fn edit_record(
    editor: &Editor,
    record: &InputRecord,
    options: ReadOptions,
) -> Result<EditedClaim, ErrorRecord> {
    let parsed = ParsedRecord::read(record)?;
    let mut warnings = parsed.warnings.clone();
    let read = edit_claim_from_json(&parsed.value, editor.release().version, &mut warnings);
    let (claim, length_of_stay) = read.map_err(|e| parsed.fail(e, &warnings))?;
    if let Some(mut refused) = options.refuse(parsed.id.as_ref(), parsed.line, &warnings) {
        refused.passthrough = parsed.passthrough.clone();
        return Err(refused);
    }
    let result = editor.edit(claim).map_err(|e| {
        let field = Some(e.field());
        parsed.fail_with(ErrorKind::NotEditable, e.to_string(), field, &warnings)
    })?;
    Ok(EditedClaim {
        discharge_date: parsed
            .value
            .get("discharge_date")
            .cloned()
            .unwrap_or(Value::Null),
        id: parsed.id,
        length_of_stay,
        result,
        line: parsed.line,
        warnings,
        passthrough: parsed.passthrough,
    })
}

/// Read an MCE claim from its JSON object: the grouper's claim fields (every code kept, none
/// beyond CMS's grouper limits dropped), the discharge date as the MCE reads it, and the length
/// of stay (7 when absent, with a warning). Also returns the length of stay used.
pub fn edit_claim_from_json(
    value: &Value,
    release_version: u16,
    warnings: &mut Vec<Warning>,
) -> Result<(EditClaim, i64), GroupError> {
    let map = claim_map(value)?;
    let discharge_date = discharge_date(map.get("discharge_date"))?;
    let length_of_stay = length_of_stay(map.get("length_of_stay"), warnings)?;
    let before = warnings.len();
    // The MCE has no version: the release's stands in, unused.
    let claim = claim_fields(
        map,
        VersionChoice::Version(release_version),
        false,
        warnings,
    )?;
    let invalid_sex = warnings[before..]
        .iter()
        .any(|w| w.code == WarningKind::InvalidSex);
    let sex = match claim.sex {
        Sex::Male => PatientSex::Male,
        Sex::Female => PatientSex::Female,
        Sex::Unknown if invalid_sex => PatientSex::Invalid,
        Sex::Unknown => PatientSex::Unknown,
    };
    let claim = EditClaim {
        discharge_date,
        length_of_stay,
        age: claim.age,
        sex,
        discharge_status: claim.discharge_status,
        principal_diagnosis: claim.principal_diagnosis.code.into(),
        admit_diagnosis: claim.admit_diagnosis.map(|d| d.code.into()),
        secondary_diagnoses: claim
            .secondary_diagnoses
            .into_iter()
            .map(|d| d.code.into())
            .collect(),
        procedures: claim
            .procedures
            .into_iter()
            .map(|p| p.code.into())
            .collect(),
    };
    Ok((claim, length_of_stay))
}

/// `discharge_date`: a `YYYY-MM-DD` (or `YYYYMMDD`) string or a YYYYMMDD number; absent, `null`
/// or blank is missing, anything else that is not a date unreadable (both edited as CMS
/// does: INVALID_DISCHARGE_DATE).
fn discharge_date(v: Option<&Value>) -> Result<DischargeDate, GroupError> {
    let text = match v {
        None | Some(Value::Null) => return Ok(DischargeDate::Missing),
        Some(Value::String(s)) if s.trim().is_empty() => return Ok(DischargeDate::Missing),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(other) => {
            let message = format!("expected a YYYY-MM-DD date, got {}", type_name(other));
            return Err(invalid("discharge_date", message));
        }
    };
    Ok(parse_discharge_date(&text).map_or(DischargeDate::Unreadable, DischargeDate::Date))
}

/// `length_of_stay` in days: 7 when absent (with a warning); negative is an error.
fn length_of_stay(v: Option<&Value>, warnings: &mut Vec<Warning>) -> Result<i64, GroupError> {
    match v
        .map(|v| integer(v, "length_of_stay"))
        .transpose()?
        .flatten()
    {
        Some(days) if days < 0 => Err(invalid(
            "length_of_stay",
            format!("{days} days: a length of stay cannot be negative"),
        )),
        Some(days) => Ok(days),
        None => {
            let message = format!(
                "no length of stay: {DEFAULT_LENGTH_OF_STAY} days used, as CMS's MCE answers do"
            );
            let kind = WarningKind::MissingLengthOfStay;
            warnings.push(Warning::new(kind, Some("length_of_stay"), message));
            Ok(DEFAULT_LENGTH_OF_STAY)
        }
    }
}
