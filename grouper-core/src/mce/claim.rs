//! What the MCE reads of a claim, and what it answers: plain data.

use serde::Serialize;

use super::edit::{AgeGroup, EditCounts, EditSet, EditType};
use crate::date::Date;
use crate::discharge::DischargeStatus;

/// Patient sex as the MCE reads it (CMS: 0 male, 1 female, 2 unknown; anything else invalid).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PatientSex {
    /// Male (0).
    Male,
    /// Female (1).
    Female,
    /// Unknown (2, or absent).
    Unknown,
    /// Any other value.
    Invalid,
}

/// The discharge date as read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DischargeDate {
    /// A calendar date.
    Date(Date),
    /// Absent, `null` or empty.
    Missing,
    /// Not a date.
    Unreadable,
}

/// One claim to edit. Codes are canonical ([`crate::codes::normalize`]: upper case, no dot);
/// an empty code stands for an absent one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditClaim {
    /// The discharge date: every code, flag and status is read for it.
    pub discharge_date: DischargeDate,
    /// Length of stay in days.
    pub length_of_stay: i64,
    /// Age in years.
    pub age: i64,
    /// Patient sex.
    pub sex: PatientSex,
    /// UB-04 patient discharge status; `None` when absent (invalid).
    pub discharge_status: Option<DischargeStatus>,
    /// The principal diagnosis.
    pub principal_diagnosis: String,
    /// The admitting diagnosis, when the claim has one.
    pub admit_diagnosis: Option<String>,
    /// Secondary diagnoses, in claim order.
    pub secondary_diagnoses: Vec<String>,
    /// Procedures, in claim order.
    pub procedures: Vec<String>,
}

/// Why a discharge date was not edited (with edit type `INVALID_DISCHARGE_DATE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DateProblem {
    /// No discharge date.
    Missing,
    /// Not a date (month 00 or 13, day 00 or 32 and more, or not a date at all).
    Unreadable,
    /// Before the release's first discharge date.
    BeforeFirstDischarge,
    /// After the release's last discharge date (a newer MCE release is needed).
    AfterLastDischarge,
}

/// The edits of one code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CodeEdits {
    /// The code (canonical).
    pub code: String,
    /// Its edits, in CMS edit-number order.
    pub edits: EditSet,
    /// On an `AGE_CONFLICT`: the age group whose range the age is outside.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub age_conflict_type: Option<AgeGroup>,
}

impl CodeEdits {
    /// A code without edits.
    pub fn clean(code: String) -> Self {
        CodeEdits {
            code,
            edits: EditSet::default(),
            age_conflict_type: None,
        }
    }
}

/// The MCE's answer for one claim (the output contract of `shared/oracle/mce/README.md`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EditResult {
    /// The MCE data version edited with (the release's, whatever the date).
    pub version_used: u16,
    /// The claim's edit type.
    pub edit_type: EditType,
    /// Why the date was not edited, with `INVALID_DISCHARGE_DATE`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discharge_date_problem: Option<DateProblem>,
    /// Counts of the counted edits.
    pub edits: EditCounts,
    /// The edits that concern no code (invalid age, sex, discharge status).
    pub claim_edits: EditSet,
    /// The principal diagnosis.
    pub pdx: CodeEdits,
    /// The admitting diagnosis (its age and sex conflicts are listed, not counted).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub admit_dx: Option<CodeEdits>,
    /// Secondary diagnoses, in claim order.
    pub sdx: Vec<CodeEdits>,
    /// Procedures, in claim order.
    pub procs: Vec<CodeEdits>,
}
