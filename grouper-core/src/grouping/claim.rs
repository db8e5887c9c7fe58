//! A claim as the grouper sees it: the fields the CMS MS-DRG grouper reads. Readers of input
//! formats (`crate::io`) build it; the grouping pipeline only reads it.

use serde::Serialize;
use serde_json::Value;
use smol_str::SmolStr;

use crate::discharge::DischargeStatus;

/// Patient sex as the grouper reads it (CMS: 0 male, 1 female, anything else unknown).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sex {
    /// Male (0).
    Male,
    /// Female (1).
    Female,
    /// Unknown (2, or anything else).
    Unknown,
}

/// Present-on-admission indicator as read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Poa {
    /// Present at the time of inpatient admission.
    Y,
    /// Not present at the time of inpatient admission.
    N,
    /// Documentation insufficient to determine.
    U,
    /// Clinically undetermined.
    W,
    /// Absent, blank or not a POA value.
    Blank,
}

impl Poa {
    /// Read a POA indicator; blanks and anything that is not Y, N, U or W are [`Poa::Blank`].
    pub fn parse(text: Option<&str>) -> Poa {
        match text.map(str::trim) {
            Some("Y" | "y") => Poa::Y,
            Some("N" | "n") => Poa::N,
            Some("U" | "u") => Poa::U,
            Some("W" | "w") => Poa::W,
            _ => Poa::Blank,
        }
    }
}

/// The hospital's POA reporting status (CMS exemption from HAC processing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HospitalStatus {
    /// Reports POA; HAC processing applies (the default).
    NotExempt,
    /// Exempt from POA reporting; no HAC processing.
    Exempt,
    /// POA status unknown: any HAC candidate makes the final DRG ungroupable.
    Unknown,
}

/// A diagnosis on the claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiagnosisCode {
    /// The code as written on the claim (normalised when grouped, see [`crate::codes`]);
    /// inline, without a heap allocation, up to 23 bytes.
    pub code: SmolStr,
    /// Its present-on-admission indicator.
    pub poa: Poa,
}

/// A procedure on the claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcedureCode {
    /// The ICD-10-PCS code as written on the claim; inline up to 23 bytes.
    pub code: SmolStr,
}

/// How the grouper version is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VersionChoice {
    /// An explicit grouper version (400 for v40.0 ... 440 for v44.0).
    Version(u16),
    /// The version in force on this discharge date.
    DischargeDate(crate::date::Date),
}

/// One inpatient discharge to group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    /// The caller's identifier, echoed in the result.
    pub id: Option<Value>,
    /// Which grouper version applies.
    pub version: VersionChoice,
    /// Age in years (not read by the v40-v44 formulas; kept for the Medicare Code Editor).
    pub age: i64,
    /// Patient sex.
    pub sex: Sex,
    /// UB-04 patient discharge status; `None` when absent (CMS treats it as invalid).
    pub discharge_status: Option<DischargeStatus>,
    /// The principal diagnosis (empty code when absent).
    pub principal_diagnosis: DiagnosisCode,
    /// The admitting diagnosis, reported but not used for the DRG.
    pub admit_diagnosis: Option<DiagnosisCode>,
    /// Secondary diagnoses, in claim order.
    pub secondary_diagnoses: Vec<DiagnosisCode>,
    /// Procedures, in claim order (the first-listed one matters for marking).
    pub procedures: Vec<ProcedureCode>,
    /// The hospital's POA reporting status.
    pub hospital_status: HospitalStatus,
}
