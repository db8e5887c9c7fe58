//! The MCE's vocabulary: edits (CMS names and numbers), their categories, the claim-level edit
//! type, age groups, and the small fixed-size sets and counts a result is made of.

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

/// An edit the MCE reports for ICD-10 discharges; the discriminant is the CMS edit number,
/// which orders edit lists and counts. The other entries of CMS's 44-edit list cannot occur
/// for ICD-10 codes (ICD-9 flags only, retired rules, placeholders).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[repr(u8)]
pub enum Edit {
    /// The code is not valid on the discharge date.
    InvalidCode = 0,
    /// The code is for the other sex.
    SexConflict = 1,
    /// The age is outside the code's age group.
    AgeConflict = 2,
    /// A principal diagnosis that seldom justifies an admission (`qadm`).
    QuestionableAdmission = 3,
    /// A manifestation code as principal diagnosis.
    ManifestationAsPdx = 4,
    /// An external-cause code as principal diagnosis (`ecodepdx`).
    #[serde(rename = "E_CODE_AS_PDX")]
    ECodeAsPdx = 6,
    /// A code unacceptable as principal diagnosis.
    UnacceptablePdx = 7,
    /// A secondary diagnosis equal to the principal diagnosis.
    DuplicateOfPdx = 8,
    /// A principal diagnosis acceptable only with a secondary diagnosis (`reqsdx`).
    RequiresSdx = 10,
    /// A procedure Medicare does not cover (always, or in this claim's circumstances).
    NonCovered = 13,
    /// A procedure Medicare covers only in limited circumstances (`lcov`).
    LimitedCoverage = 16,
    /// A delivery procedure without a delivery-outcome secondary diagnosis.
    QuestionableObstetricAdmission = 18,
    /// The admitting diagnosis is not valid on the discharge date.
    InvalidAdmitDx = 24,
    /// The age is outside every age group.
    InvalidAge = 25,
    /// The sex is not a valid value on the discharge date.
    InvalidSex = 26,
    /// The discharge status is not valid on the discharge date.
    InvalidDischargeStatus = 27,
    /// A wrong-procedure-performed code (`wrngproc`).
    WrongProcedurePerformed = 33,
    /// A procedure inconsistent with the length of stay (`los`).
    InconsistentWithLengthOfStay = 34,
    /// An unspecified code.
    Unspecified = 35,
}

/// Every edit, in CMS edit-number order.
pub const EDITS: [Edit; 19] = [
    Edit::InvalidCode,
    Edit::SexConflict,
    Edit::AgeConflict,
    Edit::QuestionableAdmission,
    Edit::ManifestationAsPdx,
    Edit::ECodeAsPdx,
    Edit::UnacceptablePdx,
    Edit::DuplicateOfPdx,
    Edit::RequiresSdx,
    Edit::NonCovered,
    Edit::LimitedCoverage,
    Edit::QuestionableObstetricAdmission,
    Edit::InvalidAdmitDx,
    Edit::InvalidAge,
    Edit::InvalidSex,
    Edit::InvalidDischargeStatus,
    Edit::WrongProcedurePerformed,
    Edit::InconsistentWithLengthOfStay,
    Edit::Unspecified,
];

/// Whether an edit stops payment until corrected (prepayment) or is reviewed after payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum EditCategory {
    /// Reviewed before payment.
    Prepayment,
    /// Reviewed after payment.
    Postpayment,
    /// No category (CMS: the invalid admitting diagnosis).
    None,
}

impl Edit {
    /// The CMS edit number.
    pub fn number(self) -> u8 {
        self as u8
    }

    /// The CMS name (`INVALID_CODE`).
    pub fn name(self) -> &'static str {
        match self {
            Edit::InvalidCode => "INVALID_CODE",
            Edit::SexConflict => "SEX_CONFLICT",
            Edit::AgeConflict => "AGE_CONFLICT",
            Edit::QuestionableAdmission => "QUESTIONABLE_ADMISSION",
            Edit::ManifestationAsPdx => "MANIFESTATION_AS_PDX",
            Edit::ECodeAsPdx => "E_CODE_AS_PDX",
            Edit::UnacceptablePdx => "UNACCEPTABLE_PDX",
            Edit::DuplicateOfPdx => "DUPLICATE_OF_PDX",
            Edit::RequiresSdx => "REQUIRES_SDX",
            Edit::NonCovered => "NON_COVERED",
            Edit::LimitedCoverage => "LIMITED_COVERAGE",
            Edit::QuestionableObstetricAdmission => "QUESTIONABLE_OBSTETRIC_ADMISSION",
            Edit::InvalidAdmitDx => "INVALID_ADMIT_DX",
            Edit::InvalidAge => "INVALID_AGE",
            Edit::InvalidSex => "INVALID_SEX",
            Edit::InvalidDischargeStatus => "INVALID_DISCHARGE_STATUS",
            Edit::WrongProcedurePerformed => "WRONG_PROCEDURE_PERFORMED",
            Edit::InconsistentWithLengthOfStay => "INCONSISTENT_WITH_LENGTH_OF_STAY",
            Edit::Unspecified => "UNSPECIFIED",
        }
    }

    /// Its category. Every ICD-10 edit is prepayment but the invalid admitting diagnosis,
    /// which has none (CMS's postpayment edits are ICD-9 only).
    pub fn category(self) -> EditCategory {
        match self {
            Edit::InvalidAdmitDx => EditCategory::None,
            _ => EditCategory::Prepayment,
        }
    }

    fn bit(self) -> u64 {
        1 << self.number()
    }
}

/// A set of edits (one bit per CMS number), listed in edit-number order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct EditSet(u64);

impl EditSet {
    /// Add `edit`.
    pub fn insert(&mut self, edit: Edit) {
        self.0 |= edit.bit();
    }

    /// Whether `edit` is in the set.
    pub fn contains(self, edit: Edit) -> bool {
        self.0 & edit.bit() != 0
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The edits, in CMS edit-number order.
    pub fn iter(self) -> impl Iterator<Item = Edit> {
        EDITS.into_iter().filter(move |e| self.contains(*e))
    }
}

impl Serialize for EditSet {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        for edit in self.iter() {
            seq.serialize_element(&edit)?;
        }
        seq.end()
    }
}

/// How many times each edit occurs on a claim; serialised as `{EDIT: count}`, non-zero counts
/// only, in edit-number order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EditCounts([u16; 36]);

impl Default for EditCounts {
    fn default() -> Self {
        EditCounts([0; 36])
    }
}

impl EditCounts {
    /// Count each edit of `set` once.
    pub fn add(&mut self, set: EditSet) {
        for edit in set.iter() {
            self.add_one(edit);
        }
    }

    /// Count `edit` once.
    pub fn add_one(&mut self, edit: Edit) {
        let n = &mut self.0[usize::from(edit.number())];
        *n = n.saturating_add(1);
    }

    /// The count of `edit`.
    pub fn get(&self, edit: Edit) -> u16 {
        self.0[usize::from(edit.number())]
    }

    /// The edits that occur and their counts, in edit-number order.
    pub fn iter(&self) -> impl Iterator<Item = (Edit, u16)> + '_ {
        EDITS
            .into_iter()
            .map(|e| (e, self.get(e)))
            .filter(|(_, n)| *n > 0)
    }
}

impl Serialize for EditCounts {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        for (edit, n) in self.iter() {
            map.serialize_entry(&edit, &n)?;
        }
        map.end()
    }
}

/// The claim's edit type: the categories of its counted edits, or an unusable discharge date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum EditType {
    /// No edit with a category.
    None,
    /// Prepayment edits only.
    Prepayment,
    /// Postpayment edits only.
    Postpayment,
    /// Both.
    Both,
    /// The discharge date is missing, unreadable or outside the release's dates: nothing
    /// edited.
    InvalidDischargeDate,
}

impl EditType {
    /// The CMS name (`PREPAYMENT`).
    pub fn name(self) -> &'static str {
        match self {
            EditType::None => "NONE",
            EditType::Prepayment => "PREPAYMENT",
            EditType::Postpayment => "POSTPAYMENT",
            EditType::Both => "BOTH",
            EditType::InvalidDischargeDate => "INVALID_DISCHARGE_DATE",
        }
    }

    /// The type of a claim with these counts (edits without a category do not count).
    pub fn of(counts: &EditCounts) -> EditType {
        let (mut pre, mut post) = (false, false);
        for (edit, _) in counts.iter() {
            match edit.category() {
                EditCategory::Prepayment => pre = true,
                EditCategory::Postpayment => post = true,
                EditCategory::None => {}
            }
        }
        match (pre, post) {
            (false, false) => EditType::None,
            (true, false) => EditType::Prepayment,
            (false, true) => EditType::Postpayment,
            (true, true) => EditType::Both,
        }
    }
}

/// An MCE age group (`mce_age_ranges.tsv`), named on an age conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AgeGroup {
    /// Newborn codes.
    Newborn,
    /// Pediatric codes.
    Pediatric,
    /// Maternity codes.
    Maternity,
    /// Adult codes.
    Adult,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_the_serialised_names_and_numbers_ascend() {
        for pair in EDITS.windows(2) {
            assert!(pair[0].number() < pair[1].number());
        }
        for edit in EDITS {
            let json = serde_json::to_value(edit).unwrap_or_default();
            assert_eq!(json, serde_json::Value::from(edit.name()));
        }
    }

    #[test]
    fn only_the_admit_diagnosis_edit_has_no_category() {
        let mut counts = EditCounts::default();
        counts.add_one(Edit::InvalidAdmitDx);
        assert_eq!(EditType::of(&counts), EditType::None);
        counts.add_one(Edit::Unspecified);
        assert_eq!(EditType::of(&counts), EditType::Prepayment);
        let json = serde_json::to_string(&counts).unwrap_or_default();
        assert_eq!(json, r#"{"INVALID_ADMIT_DX":1,"UNSPECIFIED":1}"#);
    }
}
