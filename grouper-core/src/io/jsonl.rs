//! JSON Lines: one claim object per line in, one result object per line out, with the field
//! names and vocabularies of the output contract (`shared/oracle/README.md`).

use serde_json::Value;

use super::canonical::{canonical_code, hospital_status_text, parse_iso_date, poa, sex_word};
use super::warning::{unknown_fields, ReadOptions, Warning, WarningKind, CLAIM_FIELDS};
use super::{ErrorKind, ErrorRecord};
use crate::date::Date;
use crate::discharge::DischargeStatus;
use crate::error::GroupError;
use crate::grouping::claim::{
    Claim, DiagnosisCode, HospitalStatus, Poa, ProcedureCode, Sex, VersionChoice,
};
use crate::grouping::grouper::Grouper;
use crate::grouping::result::GroupingResult;
use crate::tables::TableError;

/// Group one JSON line: the contract result, or the error record naming the line and the
/// field. Warnings are not kept; [`group_record`] returns them with the result.
pub fn group_line(
    grouper: &Grouper,
    line: &str,
    line_no: usize,
) -> Result<GroupingResult, ErrorRecord> {
    let record = super::InputRecord::new(line_no, line);
    group_record(grouper, None, &record, ReadOptions::default()).map(|r| r.result)
}

/// Group one input record: the `drg group` output record (the result, its line, the final
/// DRG's weights from `weights` when given, the warnings and the passed-through columns), or
/// the error record naming the line and the field.
pub fn group_record(
    grouper: &Grouper,
    weights: Option<&crate::payment::PaymentTableSet>,
    record: &super::InputRecord,
    options: ReadOptions,
) -> Result<WeightedResult, ErrorRecord> {
    let (parsed, claim, warnings) = match canonical(record, options) {
        Some(read) => read?,
        None => read_claim(record, options)?,
    };
    let result = grouper
        .group(&claim)
        .map_err(|e| parsed.fail(e, &warnings))?;
    let weights = match weights {
        Some(tables) => match record_weights(grouper, tables, &result, record.line) {
            Ok(w) => w,
            Err(mut e) => {
                e.warnings = warnings;
                return Err(e);
            }
        },
        None => None,
    };
    Ok(WeightedResult {
        weights,
        line: record.line,
        result,
        warnings,
        passthrough: parsed.passthrough,
        edits: None,
    })
}

/// `record` read on the fast path when it is a plain claim line (see [`super::canonical`]): the
/// same as [`read_claim`] would give, without a JSON tree; `None` when the full path must read it.
fn canonical(record: &super::InputRecord, options: ReadOptions) -> Option<ReadRecord> {
    if !record.warnings.is_empty() {
        return None;
    }
    let (claim, passthrough, warnings) = super::canonical::canonical_claim(&record.text)?;
    let parsed = ParsedRecord {
        line: record.line,
        value: Value::Null,
        id: claim.id.clone(),
        passthrough,
        warnings: Vec::new(),
    };
    Some(parsed.unless_refused(claim, warnings, options))
}

/// A record read as a claim, with its warnings; or its error record.
type ReadRecord = Result<(ParsedRecord, Claim, Vec<Warning>), ErrorRecord>;

/// Read one input record as a claim, as every grouping command does: the parsed record, the
/// claim and its warnings, or the error record (also under `--strict` when there are warnings).
pub(super) fn read_claim(record: &super::InputRecord, options: ReadOptions) -> ReadRecord {
    let parsed = ParsedRecord::read(record)?;
    let mut warnings = parsed.warnings.clone();
    let claim =
        claim_from_json(&parsed.value, &mut warnings).map_err(|e| parsed.fail(e, &warnings))?;
    parsed.unless_refused(claim, warnings, options)
}

/// An input record read as JSON: the object, its `id` and passed-through columns, and the
/// warnings so far (the reader's, and the fields the claim format does not know).
pub(super) struct ParsedRecord {
    pub line: usize,
    pub value: Value,
    pub id: Option<Value>,
    pub passthrough: Option<Value>,
    pub warnings: Vec<Warning>,
}

impl ParsedRecord {
    /// Parse `record`, or the error record of a line that is not JSON.
    pub fn read(record: &super::InputRecord) -> Result<ParsedRecord, ErrorRecord> {
        let line_no = record.line;
        let value: Value = record.value().map_err(|e| {
            let message = format!("line {line_no}: not valid JSON ({e})");
            ErrorRecord::new(ErrorKind::Unreadable, None, line_no, message, None)
        })?;
        let mut warnings = record.warnings.clone();
        if let Some(map) = value.as_object() {
            unknown_fields(map, CLAIM_FIELDS, "", &mut warnings);
        }
        Ok(ParsedRecord {
            line: line_no,
            id: value.get("id").filter(|v| !v.is_null()).cloned(),
            passthrough: value.get(super::PASSTHROUGH).cloned(),
            value,
            warnings,
        })
    }

    /// The record, its claim and warnings; or, under `--strict` with warnings, the error record
    /// refusing it (with the passed-through columns).
    fn unless_refused(
        self,
        claim: Claim,
        warnings: Vec<Warning>,
        options: ReadOptions,
    ) -> ReadRecord {
        match options.refuse(self.id.as_ref(), self.line, &warnings) {
            Some(mut refused) => {
                refused.passthrough = self.passthrough;
                Err(refused)
            }
            None => Ok((self, claim, warnings)),
        }
    }

    /// The error record of this record for `e`, with `warnings`.
    pub fn fail(&self, e: GroupError, warnings: &[Warning]) -> ErrorRecord {
        let kind = ErrorKind::of_group_error(&e);
        self.fail_with(kind, e.to_string(), e.field(), warnings)
    }

    /// The error record of this record: `kind`, `message` about `field`, with `warnings`.
    pub fn fail_with(
        &self,
        kind: ErrorKind,
        message: String,
        field: Option<&str>,
        warnings: &[Warning],
    ) -> ErrorRecord {
        let line = self.line;
        let field = field.map(str::to_string);
        let message = format!("line {line}: {message}");
        let mut error = ErrorRecord::new(kind, self.id.clone(), line, message, field);
        error.warnings = warnings.to_vec();
        error.passthrough = self.passthrough.clone();
        error
    }
}

pub(super) fn invalid(field: impl Into<String>, message: impl Into<String>) -> GroupError {
    GroupError::InvalidField {
        field: field.into(),
        message: message.into(),
    }
}

pub(super) fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

pub(super) fn integer(v: &Value, field: &str) -> Result<Option<i64>, GroupError> {
    match v {
        Value::Null => Ok(None),
        Value::Number(n) => n
            .as_i64()
            .map(Some)
            .ok_or_else(|| invalid(field, format!("expected an integer, got {n}"))),
        Value::String(s) if s.trim().is_empty() => Ok(None),
        Value::String(s) => s.trim().parse::<i64>().map(Some).map_err(|_| {
            invalid(
                field,
                format!("expected an integer, got {}", TableError::excerpt(s)),
            )
        }),
        other => Err(invalid(
            field,
            format!("expected an integer, got {}", type_name(other)),
        )),
    }
}

fn optional_string<'a>(v: Option<&'a Value>, field: &str) -> Result<Option<&'a str>, GroupError> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(invalid(
            field,
            format!("expected a string, got {}", type_name(other)),
        )),
    }
}

fn diagnosis(
    v: &Value,
    field: &str,
    warnings: &mut Vec<Warning>,
) -> Result<DiagnosisCode, GroupError> {
    match v {
        Value::Object(map) => {
            unknown_fields(map, &["code", "poa"], field, warnings);
            let code_field = format!("{field}.code");
            let code = optional_string(map.get("code"), &code_field)?.unwrap_or("");
            let poa_field = format!("{field}.poa");
            let text = optional_string(map.get("poa"), &poa_field)?;
            Ok(DiagnosisCode {
                code: canonical_code(code, &code_field, warnings).into(),
                poa: poa(text, &poa_field, warnings),
            })
        }
        // A bare code string is accepted as a convenience.
        Value::String(s) => Ok(DiagnosisCode {
            code: canonical_code(s, field, warnings).into(),
            poa: Poa::Blank,
        }),
        other => Err(invalid(
            field,
            format!("expected an object {{code, poa}}, got {}", type_name(other)),
        )),
    }
}

/// The first `limit` of `items`; a warning when there were more (CMS's claim has no room for
/// them, so they are not grouped).
fn within_cms_limit<T>(
    mut items: Vec<T>,
    limit: usize,
    field: &str,
    warnings: &mut Vec<Warning>,
) -> Vec<T> {
    if items.len() > limit {
        let message = format!(
            "{} codes, more than the {limit} a CMS claim holds: the last {} were not grouped",
            items.len(),
            items.len() - limit
        );
        warnings.push(Warning::new(
            WarningKind::CodesBeyondCmsLimit,
            Some(field),
            message,
        ));
        items.truncate(limit);
    }
    items
}

/// A list of codes (`sdx`, `procedures`), at most [`MAX_CODES`](super::MAX_CODES) long.
fn list<'a>(v: Option<&'a Value>, field: &str) -> Result<&'a [Value], GroupError> {
    match v {
        None | Some(Value::Null) => Ok(&[]),
        Some(Value::Array(items)) if items.len() > super::MAX_CODES => Err(invalid(
            field,
            format!(
                "{} codes, more than the limit of {} per claim",
                items.len(),
                super::MAX_CODES
            ),
        )),
        Some(Value::Array(items)) => Ok(items),
        Some(other) => Err(invalid(
            field,
            format!("expected a list, got {}", type_name(other)),
        )),
    }
}

/// `version`, else `discharge_date`.
fn version_choice(map: &serde_json::Map<String, Value>) -> Result<VersionChoice, GroupError> {
    match (map.get("version"), map.get("discharge_date")) {
        (Some(v), _) if !v.is_null() => {
            let n = integer(v, "version")?.ok_or(GroupError::NoVersion)?;
            let n = u16::try_from(n)
                .map_err(|_| invalid("version", format!("{n} is not a grouper version")))?;
            Ok(VersionChoice::Version(n))
        }
        (_, Some(d)) if !d.is_null() => {
            let text = optional_string(Some(d), "discharge_date")?.unwrap_or("");
            let date = parse_iso_date(text).ok_or_else(|| {
                invalid(
                    "discharge_date",
                    format!("{} is not a YYYY-MM-DD date", TableError::excerpt(text)),
                )
            })?;
            Ok(VersionChoice::DischargeDate(date))
        }
        _ => Err(GroupError::NoVersion),
    }
}

/// `procedures`: a list of `{code}` objects or code strings.
fn procedures(
    v: Option<&Value>,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<ProcedureCode>, GroupError> {
    let items = list(v, "procedures")?;
    let mut out = Vec::with_capacity(items.len());
    for (i, v) in items.iter().enumerate() {
        let field = format!("procedures[{i}]");
        let text = match v {
            Value::Object(m) => {
                unknown_fields(m, &["code"], &field, warnings);
                optional_string(m.get("code"), &format!("{field}.code"))?.unwrap_or("")
            }
            Value::String(s) => s,
            other => {
                return Err(invalid(
                    field,
                    format!("expected an object {{code}}, got {}", type_name(other)),
                ))
            }
        };
        let code_field = if v.is_object() {
            format!("{field}.code")
        } else {
            field
        };
        out.push(ProcedureCode {
            code: canonical_code(text, &code_field, warnings).into(),
        });
    }
    Ok(out)
}

/// `sex`: 0/1/2 (the claim format) or M/F/U, any case; absent or anything else is unknown,
/// with a warning.
fn sex(v: Option<&Value>, warnings: &mut Vec<Warning>) -> Result<Sex, GroupError> {
    let text = match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::String(s)) => s.trim().to_ascii_uppercase(),
        Some(other) => {
            return Err(invalid(
                "sex",
                format!("expected 0, 1, 2 or M, F, U, got {}", type_name(other)),
            ))
        }
    };
    if let Some(sex) = sex_word(&text) {
        return Ok(sex);
    }
    Ok(match text.as_str() {
        "" => {
            warnings.push(Warning::new(
                WarningKind::MissingSex,
                Some("sex"),
                "no sex: unknown (2) used",
            ));
            Sex::Unknown
        }
        other => {
            let message = format!(
                "{} is not 0, 1, 2 or M, F, U: unknown (2) used",
                TableError::excerpt(other)
            );
            warnings.push(Warning::new(WarningKind::InvalidSex, Some("sex"), message));
            Sex::Unknown
        }
    })
}

/// `hospital_status`: NOT_EXEMPT (the default), EXEMPT or UNKNOWN.
fn hospital_status(v: Option<&Value>) -> Result<HospitalStatus, GroupError> {
    match optional_string(v, "hospital_status")? {
        None => Ok(HospitalStatus::NotExempt),
        Some(text) => hospital_status_text(text),
    }
}

/// Read a claim from its JSON object (the claim format of the `msdrg` package), field by
/// field, so that every problem names the field it is in; what is defaulted or normalised is
/// added to `warnings`. Fields the format does not know are not checked here
/// ([`unknown_fields`] with [`CLAIM_FIELDS`]).
pub fn claim_from_json(value: &Value, warnings: &mut Vec<Warning>) -> Result<Claim, GroupError> {
    let map = claim_map(value)?;
    let version = version_choice(map)?;
    claim_fields(map, version, true, warnings)
}

/// The claim object, or the error naming what it is instead.
pub(super) fn claim_map(value: &Value) -> Result<&serde_json::Map<String, Value>, GroupError> {
    value.as_object().ok_or_else(|| {
        invalid(
            "claim",
            format!("expected an object, got {}", type_name(value)),
        )
    })
}

/// The claim's fields but its version (given), as [`claim_from_json`] reads them; with
/// `cms_limits`, the codes beyond the ones a CMS claim holds are dropped (with a warning).
pub(super) fn claim_fields(
    map: &serde_json::Map<String, Value>,
    version: VersionChoice,
    cms_limits: bool,
    warnings: &mut Vec<Warning>,
) -> Result<Claim, GroupError> {
    let id = map.get("id").cloned().filter(|v| !v.is_null());
    let age = match map
        .get("age")
        .map(|v| integer(v, "age"))
        .transpose()?
        .flatten()
    {
        Some(age) => age,
        None => {
            let message = "no age: 0 used (the MS-DRG formulas do not read age)";
            warnings.push(Warning::new(WarningKind::MissingAge, Some("age"), message));
            0
        }
    };
    let sex = sex(map.get("sex"), warnings)?;
    let discharge_status = match map.get("discharge_status") {
        None => None,
        Some(v) => integer(v, "discharge_status")?.map(DischargeStatus::new),
    };
    if discharge_status.is_none() {
        let message = "no discharge status: read as an invalid status, as CMS does (not expired, not a transfer)";
        let kind = WarningKind::MissingDischargeStatus;
        warnings.push(Warning::new(kind, Some("discharge_status"), message));
    }
    let principal_diagnosis = match map.get("pdx") {
        None | Some(Value::Null) => DiagnosisCode {
            code: Default::default(),
            poa: Poa::Blank,
        },
        Some(v) => diagnosis(v, "pdx", warnings)?,
    };
    let admit_diagnosis = match map.get("admit_dx") {
        None | Some(Value::Null) => None,
        Some(v) => Some(diagnosis(v, "admit_dx", warnings)?),
    };
    let secondary_diagnoses = list(map.get("sdx"), "sdx")?
        .iter()
        .enumerate()
        .map(|(i, v)| diagnosis(v, &format!("sdx[{i}]"), warnings))
        .collect::<Result<Vec<_>, _>>()?;
    let mut secondary_diagnoses = secondary_diagnoses;
    if cms_limits {
        secondary_diagnoses = within_cms_limit(
            secondary_diagnoses,
            super::CMS_SECONDARY_DIAGNOSES,
            "sdx",
            warnings,
        );
    }
    let mut procedures = procedures(map.get("procedures"), warnings)?;
    if cms_limits {
        procedures = within_cms_limit(procedures, super::CMS_PROCEDURES, "procedures", warnings);
    }
    let hospital_status = hospital_status(map.get("hospital_status"))?;
    Ok(Claim {
        id,
        version,
        age,
        sex,
        discharge_status,
        principal_diagnosis,
        admit_diagnosis,
        secondary_diagnoses,
        procedures,
        hospital_status,
    })
}

/// Group a `drg price` claim object (which carries `discharge_date`, so the version follows from
/// it) and hand the pricer the final DRG plus the claim-level grouper fields for its output line.
pub fn group_for_pricing(grouper: &Grouper, claim: &Value) -> Result<super::GroupedDrg, String> {
    let mut warnings = Vec::new();
    let parsed = claim_from_json(claim, &mut warnings).map_err(|e| e.to_string())?;
    // A claim is paid under the rules of its discharge date: an explicit `version` must be the
    // one in force on that date, or the DRG and the payment would come from different years.
    let dated = claim
        .get("discharge_date")
        .and_then(Value::as_str)
        .and_then(parse_iso_date);
    if let (VersionChoice::Version(asked), Some(date)) = (parsed.version, dated) {
        let in_force = grouper
            .resolve_version(VersionChoice::DischargeDate(date))
            .map_err(|e| e.to_string())?;
        if in_force != asked {
            return Err(format!(
                "field `version`: {asked} is not the grouper version in force on discharge date {date} ({in_force} is); drop `version` or correct it"
            ));
        }
    }
    let result = grouper.group(&parsed).map_err(|e| e.to_string())?;
    // The ten fields the priced line carries, each as `drg group` prints it.
    let f = &result.final_;
    let mut fields = serde_json::Map::new();
    for (key, v) in [
        ("version", serde_json::to_value(result.version)),
        ("initial_drg", serde_json::to_value(result.initial.drg)),
        ("final_drg", serde_json::to_value(f.drg)),
        ("final_mdc", serde_json::to_value(f.mdc)),
        ("final_base_drg", serde_json::to_value(f.base_drg)),
        ("final_severity", serde_json::to_value(f.severity)),
        ("final_drg_title", serde_json::to_value(&f.title)),
        (
            "initial_return_code",
            serde_json::to_value(result.initial.return_code),
        ),
        ("return_code", serde_json::to_value(f.return_code)),
        ("hac_status", serde_json::to_value(result.hac_status)),
    ] {
        fields.insert(key.to_string(), v.map_err(|e| e.to_string())?);
    }
    Ok(super::GroupedDrg {
        final_drg: result.final_.drg,
        fields,
        warnings,
    })
}

/// The final DRG's relative weight, GMLOS and ALOS for the fiscal year of the grouper version,
/// from the IPPS tables (as decimal strings, the pricer's scales).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DrgWeights {
    /// IPPS fiscal year the weights are from.
    pub weight_fiscal_year: u16,
    /// Relative weight of the final DRG.
    #[serde(serialize_with = "crate::payment::serialize_decimal")]
    pub relative_weight: crate::payment::Decimal,
    /// Geometric mean length of stay.
    #[serde(serialize_with = "crate::payment::serialize_decimal")]
    pub geometric_mean_los: crate::payment::Decimal,
    /// Arithmetic mean length of stay.
    #[serde(serialize_with = "crate::payment::serialize_decimal")]
    pub arithmetic_mean_los: crate::payment::Decimal,
}

/// A `drg group` line: the contract fields, then the final DRG's weights when the IPPS tables
/// of the version's fiscal year have them.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct WeightedResult {
    /// The grouping result (the output contract).
    #[serde(flatten)]
    pub result: GroupingResult,
    /// 1-based input line, so that output rows align with input rows.
    pub line: usize,
    /// The final DRG's weights.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub weights: Option<DrgWeights>,
    /// What the reader normalised, defaulted or ignored.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<Warning>,
    /// The input's CSV columns the claim format does not read, echoed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub passthrough: Option<Value>,
    /// The Medicare Code Editor's answer for the claim (`drg group --edits`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub edits: Option<Value>,
}

/// [`drg_weights`] for input line `line`, whose failure is that line's error record.
pub fn record_weights(
    grouper: &Grouper,
    tables: &crate::payment::PaymentTableSet,
    result: &GroupingResult,
    line: usize,
) -> Result<Option<DrgWeights>, ErrorRecord> {
    drg_weights(grouper, tables, result).map_err(|e| tables_error(result.id.clone(), line, &e))
}

/// The error record of input line `line`, whose fiscal year's IPPS tables cannot be parsed.
pub(super) fn tables_error(
    id: Option<Value>,
    line: usize,
    e: &crate::tables::TableError,
) -> ErrorRecord {
    let message = format!("line {line}: cannot load IPPS tables: {e}");
    ErrorRecord::new(ErrorKind::Tables, id, line, message, None)
}

/// The final DRG's weights for the fiscal year of `result.version`, when the tables have them;
/// an error when that year's tables cannot be parsed (an embedded year is parsed on first use).
pub fn drg_weights(
    grouper: &Grouper,
    tables: &crate::payment::PaymentTableSet,
    result: &GroupingResult,
) -> Result<Option<DrgWeights>, crate::tables::TableError> {
    let Some(version) = grouper
        .versions()
        .iter()
        .find(|v| v.version == result.version)
    else {
        return Ok(None);
    };
    let fy = version.fiscal_year;
    Ok(tables
        .drg(fy, result.final_.drg, Date::fiscal_year_start(fy))?
        .map(|row| DrgWeights {
            weight_fiscal_year: fy,
            relative_weight: row.relative_weight,
            geometric_mean_los: row.geometric_mean_los,
            arithmetic_mean_los: row.arithmetic_mean_los,
        }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::payment::PaymentTableSet;

    #[test]
    fn a_line_whose_ipps_year_cannot_be_parsed_is_an_error_record_naming_it() {
        let grouper = Grouper::embedded().expect("tables");
        let tables = PaymentTableSet::embedded()
            .expect("set")
            .with_unreadable_year(2026, "drgstable-2026.csv:3:1: broken");
        let line = |version: u16| {
            format!(
                r#"{{"id":"v{version}","version":{version},"age":70,"sex":1,"discharge_status":1,"pdx":{{"code":"I5023","poa":"Y"}},"sdx":[{{"code":"n179","poa":"Y"}}]}}"#
            )
        };
        // v43.1 is FY2026: the line fails, with its id, its line number and its warnings.
        let record = crate::io::InputRecord::new(7, line(431));
        let err = group_record(&grouper, Some(&tables), &record, ReadOptions::default())
            .expect_err("FY2026 cannot be parsed");
        assert_eq!(err.error_kind, ErrorKind::Tables);
        assert_eq!((err.line, err.id), (7, Some(Value::from("v431"))));
        assert!(
            err.error.starts_with("line 7: cannot load IPPS tables"),
            "{}",
            err.error
        );
        assert!(err.error.contains("broken"), "{}", err.error);
        assert_eq!(err.warnings.len(), 1, "the lower-case code's warning");
        // v42.1 is FY2025: weighted as before.
        let record = crate::io::InputRecord::new(8, line(421));
        let ok = group_record(&grouper, Some(&tables), &record, ReadOptions::default())
            .expect("FY2025 parses");
        assert_eq!(ok.weights.map(|w| w.weight_fiscal_year), Some(2025));
    }
}
