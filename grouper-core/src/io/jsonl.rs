//! JSON Lines: one claim object per line in, one result object per line out, with the field
//! names and vocabularies of the output contract (`shared/oracle/README.md`).

use serde_json::Value;

use super::ErrorRecord;
use crate::date::Date;
use crate::discharge::DischargeStatus;
use crate::error::GroupError;
use crate::grouping::claim::{
    Claim, DiagnosisCode, HospitalStatus, Poa, ProcedureCode, Sex, VersionChoice,
};
use crate::grouping::grouper::Grouper;
use crate::grouping::result::GroupingResult;
use crate::tables::TableError;

/// Group one JSON line: the result, or the error record naming the line and the field.
pub fn group_line(
    grouper: &Grouper,
    line: &str,
    line_no: usize,
) -> Result<GroupingResult, ErrorRecord> {
    let value: Value = serde_json::from_str(line).map_err(|e| {
        ErrorRecord::new(
            None,
            line_no,
            format!("line {line_no}: not valid JSON ({e})"),
            None,
        )
    })?;
    let id = value.get("id").filter(|v| !v.is_null()).cloned();
    let fail = |e: GroupError| {
        let field = e.field().map(str::to_string);
        ErrorRecord::new(id.clone(), line_no, format!("line {line_no}: {e}"), field)
    };
    let claim = claim_from_json(&value).map_err(fail)?;
    grouper.group(&claim).map_err(fail)
}

/// A `YYYY-MM-DD` date from 1900 on (the claim format's only date form).
fn parse_iso_date(text: &str) -> Option<Date> {
    let t = text.trim();
    let date: Date = (t.len() == 10).then(|| t.parse().ok()).flatten()?;
    (date.year() >= 1900).then_some(date)
}

fn invalid(field: impl Into<String>, message: impl Into<String>) -> GroupError {
    GroupError::InvalidField {
        field: field.into(),
        message: message.into(),
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn integer(v: &Value, field: &str) -> Result<Option<i64>, GroupError> {
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

fn diagnosis(v: &Value, field: &str) -> Result<DiagnosisCode, GroupError> {
    match v {
        Value::Object(map) => {
            let code = optional_string(map.get("code"), &format!("{field}.code"))?;
            let poa = optional_string(map.get("poa"), &format!("{field}.poa"))?;
            Ok(DiagnosisCode {
                code: code.unwrap_or("").to_string(),
                poa: Poa::parse(poa),
            })
        }
        // A bare code string is accepted as a convenience.
        Value::String(s) => Ok(DiagnosisCode {
            code: s.clone(),
            poa: Poa::Blank,
        }),
        other => Err(invalid(
            field,
            format!("expected an object {{code, poa}}, got {}", type_name(other)),
        )),
    }
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
fn procedures(v: Option<&Value>) -> Result<Vec<ProcedureCode>, GroupError> {
    list(v, "procedures")?
        .iter()
        .enumerate()
        .map(|(i, v)| match v {
            Value::Object(m) => Ok(ProcedureCode {
                code: optional_string(m.get("code"), &format!("procedures[{i}].code"))?
                    .unwrap_or("")
                    .to_string(),
            }),
            Value::String(s) => Ok(ProcedureCode { code: s.clone() }),
            other => Err(invalid(
                format!("procedures[{i}]"),
                format!("expected an object {{code}}, got {}", type_name(other)),
            )),
        })
        .collect()
}

/// `hospital_status`: NOT_EXEMPT (the default), EXEMPT or UNKNOWN.
fn hospital_status(v: Option<&Value>) -> Result<HospitalStatus, GroupError> {
    Ok(
        match optional_string(v, "hospital_status")?
            .map(|s| s.trim().to_ascii_uppercase())
            .as_deref()
        {
            None | Some("") | Some("NOT_EXEMPT") | Some("NON_EXEMPT") => HospitalStatus::NotExempt,
            Some("EXEMPT") => HospitalStatus::Exempt,
            Some("UNKNOWN") => HospitalStatus::Unknown,
            Some(other) => {
                return Err(invalid(
                    "hospital_status",
                    format!(
                        "{} is not NOT_EXEMPT, EXEMPT or UNKNOWN",
                        TableError::excerpt(other)
                    ),
                ))
            }
        },
    )
}

/// Read a claim from its JSON object (the claim format of the `msdrg` package), field by
/// field, so that every problem names the field it is in.
pub fn claim_from_json(value: &Value) -> Result<Claim, GroupError> {
    let map = value.as_object().ok_or_else(|| {
        invalid(
            "claim",
            format!("expected an object, got {}", type_name(value)),
        )
    })?;
    let id = map.get("id").cloned().filter(|v| !v.is_null());

    let version = version_choice(map)?;

    let age = match map.get("age") {
        None => 0,
        Some(v) => integer(v, "age")?.unwrap_or(0),
    };
    let sex = match map
        .get("sex")
        .map(|v| integer(v, "sex"))
        .transpose()?
        .flatten()
    {
        Some(0) => Sex::Male,
        Some(1) => Sex::Female,
        _ => Sex::Unknown,
    };
    let discharge_status = match map.get("discharge_status") {
        None => None,
        Some(v) => integer(v, "discharge_status")?.map(DischargeStatus::new),
    };
    let principal_diagnosis = match map.get("pdx") {
        None | Some(Value::Null) => DiagnosisCode {
            code: String::new(),
            poa: Poa::Blank,
        },
        Some(v) => diagnosis(v, "pdx")?,
    };
    let admit_diagnosis = match map.get("admit_dx") {
        None | Some(Value::Null) => None,
        Some(v) => Some(diagnosis(v, "admit_dx")?),
    };
    let secondary_diagnoses = list(map.get("sdx"), "sdx")?
        .iter()
        .enumerate()
        .map(|(i, v)| diagnosis(v, &format!("sdx[{i}]")))
        .collect::<Result<Vec<_>, _>>()?;
    let procedures = procedures(map.get("procedures"))?;
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
    let parsed = claim_from_json(claim).map_err(|e| e.to_string())?;
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
    let full = serde_json::to_value(&result).map_err(|e| e.to_string())?;
    let mut fields = serde_json::Map::new();
    for key in [
        "version",
        "initial_drg",
        "final_drg",
        "final_mdc",
        "final_base_drg",
        "final_severity",
        "final_drg_title",
        "initial_return_code",
        "return_code",
        "hac_status",
    ] {
        fields.insert(key.to_string(), full[key].clone());
    }
    Ok(super::GroupedDrg {
        final_drg: result.final_.drg,
        fields,
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
}

/// The final DRG's weights for the fiscal year of `result.version`, when the tables have them.
pub fn drg_weights(
    grouper: &Grouper,
    tables: &crate::payment::PaymentTableSet,
    result: &GroupingResult,
) -> Option<DrgWeights> {
    let fy = grouper
        .versions()
        .iter()
        .find(|v| v.version == result.version)?
        .fiscal_year;
    let year = tables.get(fy)?;
    let row = year.drg(result.final_.drg, Date::fiscal_year_start(fy))?;
    Some(DrgWeights {
        weight_fiscal_year: fy,
        relative_weight: row.relative_weight,
        geometric_mean_los: row.geometric_mean_los,
        arithmetic_mean_los: row.arithmetic_mean_los,
    })
}
