//! The editor: the masters compiled once, and the CMS MCE rules applied to one claim.

use std::borrow::Cow;

use super::claim::{CodeEdits, DateProblem, DischargeDate, EditClaim, EditResult, PatientSex};
use super::edit::{AgeGroup, Edit, EditCounts, EditSet, EditType};
use super::masters::{self, AgeRange, CodeMaster, Dates, Flag, Flags, Release, FLAGS_WITHOUT_RULE};
use crate::date::Date;
use crate::tables::{TableError, TableSource};

/// The Medicare Code Editor over one set of masters; immutable, shared by every claim.
#[derive(Debug, Clone)]
pub struct Editor {
    source: String,
    release: Release,
    diagnoses: CodeMaster,
    procedures: CodeMaster,
    age_ranges: Vec<AgeRange>,
    discharge_statuses: Vec<(u8, Dates)>,
}

/// Why a claim could not be edited at all (as opposed to an edit, which is a result).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// The discharge needs code masters the editor does not have (ICD-9, before 2015-10-01).
    #[error("discharge date {date} is before {first}, the first day of the ICD-10 code masters: an ICD-9 discharge, which this editor does not edit")]
    NoMastersForDate {
        /// The discharge date.
        date: Date,
        /// The first day of the masters.
        first: Date,
    },
    /// A code carries a flag whose rule this editor does not implement on that date.
    #[error("{field} {code} carries the MCE flag `{flag}` on {date}, a rule this editor does not implement (it ended before FY2023)")]
    RuleNotImplemented {
        /// The claim field (`procedures[2]`).
        field: String,
        /// The code.
        code: String,
        /// The flag's name in the masters.
        flag: &'static str,
        /// The discharge date.
        date: Date,
    },
}

impl EditError {
    /// The claim field at fault.
    pub fn field(&self) -> &str {
        match self {
            EditError::NoMastersForDate { .. } => "discharge_date",
            EditError::RuleNotImplemented { field, .. } => field,
        }
    }
}

/// 5A1955Z is ventilation over 96 consecutive hours: CMS edits it on a stay under 5 days.
const LOS_FLAG_MINIMUM_DAYS: i64 = 5;

impl Editor {
    /// The editor over the embedded masters.
    pub fn embedded() -> Result<Editor, TableError> {
        Self::load(&TableSource::Embedded)
    }

    /// The editor over the masters of `source` (files named as in [`drg_tables::MCE_TABLE_SET`]).
    pub fn load(source: &TableSource) -> Result<Editor, TableError> {
        let file = |name: &str| read_table(source, name).map(|text| (name.to_string(), text));
        let (f, text) = file("mce_release.tsv")?;
        let release = masters::release(&f, &text)?;
        let (f, text) = file("mce_i10dx_master.tsv")?;
        let diagnoses = CodeMaster::parse(&f, &text)?;
        let (f, text) = file("mce_i10sg_master.tsv")?;
        let procedures = CodeMaster::parse(&f, &text)?;
        let (f, text) = file("mce_age_ranges.tsv")?;
        let age_ranges = masters::age_ranges(&f, &text)?;
        let (f, text) = file("mce_discharge_status.tsv")?;
        let discharge_statuses = masters::discharge_statuses(&f, &text)?;
        Ok(Editor {
            source: match source {
                TableSource::Embedded => "embedded tables/msdrg".to_string(),
                TableSource::Directory(dir) => dir.display().to_string(),
            },
            release,
            diagnoses,
            procedures,
            age_ranges,
            discharge_statuses,
        })
    }

    /// Where the masters came from.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The release the masters are edited as.
    pub fn release(&self) -> &Release {
        &self.release
    }

    /// Edit one claim: the MCE's answer, or why it cannot be edited.
    pub fn edit(&self, claim: EditClaim) -> Result<EditResult, EditError> {
        let date = match self.editable_date(claim.discharge_date) {
            Ok(date) => date,
            Err(problem) => return Ok(self.not_edited(claim, problem)),
        };
        let first = self.diagnoses.first_date.min(self.procedures.first_date);
        if date < first {
            return Err(EditError::NoMastersForDate { date, first });
        }
        ClaimEdit::new(self, &claim, date).run(claim)
    }

    /// The date to edit with, or why there is none: CMS accepts only its release's dates.
    fn editable_date(&self, date: DischargeDate) -> Result<Date, DateProblem> {
        match date {
            DischargeDate::Missing => Err(DateProblem::Missing),
            DischargeDate::Unreadable => Err(DateProblem::Unreadable),
            DischargeDate::Date(d) if d < self.release.first_discharge => {
                Err(DateProblem::BeforeFirstDischarge)
            }
            DischargeDate::Date(d) if d > self.release.last_discharge => {
                Err(DateProblem::AfterLastDischarge)
            }
            DischargeDate::Date(d) => Ok(d),
        }
    }

    /// The answer for a claim whose date cannot be edited: every code listed, nothing edited.
    fn not_edited(&self, claim: EditClaim, problem: DateProblem) -> EditResult {
        EditResult {
            version_used: self.release.version,
            edit_type: EditType::InvalidDischargeDate,
            discharge_date_problem: Some(problem),
            edits: EditCounts::default(),
            claim_edits: EditSet::default(),
            pdx: CodeEdits::clean(claim.principal_diagnosis),
            admit_dx: claim.admit_diagnosis.map(CodeEdits::clean),
            sdx: claim
                .secondary_diagnoses
                .into_iter()
                .map(CodeEdits::clean)
                .collect(),
            procs: claim.procedures.into_iter().map(CodeEdits::clean).collect(),
        }
    }

    fn age_range(&self, group: AgeGroup, date: Date) -> Option<&AgeRange> {
        self.age_ranges
            .iter()
            .find(|r| r.group == group && r.dates.contain(date))
    }

    /// CMS's valid ages: from the lowest to the highest age of the groups in force (0-124).
    fn valid_age(&self, age: i64, date: Date) -> bool {
        let ranges = self.age_ranges.iter().filter(|r| r.dates.contain(date));
        let (low, high) = ranges.fold((i64::MAX, i64::MIN), |(lo, hi), r| {
            (lo.min(r.start_age), hi.max(r.end_age))
        });
        low <= age && age <= high
    }

    fn valid_discharge_status(&self, claim: &EditClaim, date: Date) -> bool {
        let Some(index) = claim.discharge_status.and_then(|s| s.table_index()) else {
            return false;
        };
        self.discharge_statuses
            .iter()
            .any(|(code, dates)| usize::from(*code) == index && dates.contain(date))
    }
}

/// The text of the master `name` of `source`.
fn read_table(source: &TableSource, name: &str) -> Result<Cow<'static, str>, TableError> {
    match source {
        TableSource::Embedded => drg_tables::msdrg(name)
            .and_then(|f| f.text())
            .map(Cow::Borrowed)
            .ok_or_else(|| TableError::content(name, "not embedded as UTF-8 text")),
        TableSource::Directory(dir) => {
            let path = dir.join(name);
            std::fs::read_to_string(&path)
                .map(Cow::Owned)
                .map_err(|source| TableError::Io { path, source })
        }
    }
}

/// An empty code, or one of zeros only: CMS edits it only as a principal diagnosis.
fn is_blank(code: &str) -> bool {
    code.bytes().all(|b| b == b'0')
}

/// One claim being edited: what every rule reads (date, age, sex, LOS, the claim's flags).
struct ClaimEdit<'a> {
    editor: &'a Editor,
    date: Date,
    age: i64,
    sex: PatientSex,
    length_of_stay: i64,
    /// Flags of the principal and secondary diagnoses (valid codes only).
    diagnosis_flags: Flags,
    /// Flags of the secondary diagnoses.
    secondary_flags: Flags,
    /// Flags of the procedures.
    procedure_flags: Flags,
}

impl<'a> ClaimEdit<'a> {
    fn new(editor: &'a Editor, claim: &EditClaim, date: Date) -> Self {
        let union = |master: &CodeMaster, codes: &mut dyn Iterator<Item = &String>| {
            codes
                .filter_map(|c| master.flags(c, date))
                .fold(Flags::default(), Flags::union)
        };
        let secondary_flags = union(&editor.diagnoses, &mut claim.secondary_diagnoses.iter());
        let principal = editor.diagnoses.flags(&claim.principal_diagnosis, date);
        ClaimEdit {
            editor,
            date,
            age: claim.age,
            sex: claim.sex,
            length_of_stay: claim.length_of_stay,
            diagnosis_flags: secondary_flags.union(principal.unwrap_or_default()),
            secondary_flags,
            procedure_flags: union(&editor.procedures, &mut claim.procedures.iter()),
        }
    }

    fn run(&self, claim: EditClaim) -> Result<EditResult, EditError> {
        let claim_edits = self.claim_level(&claim);
        let has_secondary = !claim.secondary_diagnoses.is_empty();
        let pdx = self.principal(claim.principal_diagnosis, has_secondary);
        let admit_dx = claim.admit_diagnosis.map(|c| self.admitting(c));
        let sdx: Vec<CodeEdits> = claim
            .secondary_diagnoses
            .into_iter()
            .map(|c| self.secondary(c, &pdx.code))
            .collect();
        let procs = claim
            .procedures
            .into_iter()
            .enumerate()
            .map(|(i, c)| self.procedure(c, i))
            .collect::<Result<Vec<_>, _>>()?;
        let mut edits = EditCounts::default();
        for code in std::iter::once(&pdx).chain(&sdx).chain(&procs) {
            edits.add(code.edits);
        }
        // The admitting diagnosis counts only when invalid; its age and sex conflicts are
        // listed but not counted, as CMS does.
        if admit_dx
            .as_ref()
            .is_some_and(|a| a.edits.contains(Edit::InvalidAdmitDx))
        {
            edits.add_one(Edit::InvalidAdmitDx);
        }
        edits.add(claim_edits);
        Ok(EditResult {
            version_used: self.editor.release.version,
            edit_type: EditType::of(&edits),
            discharge_date_problem: None,
            edits,
            claim_edits,
            pdx,
            admit_dx,
            sdx,
            procs,
        })
    }

    /// Invalid age, sex and discharge status.
    fn claim_level(&self, claim: &EditClaim) -> EditSet {
        let mut set = EditSet::default();
        if !self.editor.valid_age(self.age, self.date) {
            set.insert(Edit::InvalidAge);
        }
        let invalid_sex = match self.sex {
            PatientSex::Invalid => true,
            PatientSex::Unknown => self.date < self.editor.release.unknown_sex_valid_from,
            PatientSex::Male | PatientSex::Female => false,
        };
        if invalid_sex {
            set.insert(Edit::InvalidSex);
        }
        if !self.editor.valid_discharge_status(claim, self.date) {
            set.insert(Edit::InvalidDischargeStatus);
        }
        set
    }

    fn diagnosis_flags(&self, code: &str) -> Option<Flags> {
        self.editor.diagnoses.flags(code, self.date)
    }

    /// `code` with the one edit `edit`.
    fn only(code: String, edit: Edit) -> CodeEdits {
        let mut out = CodeEdits::clean(code);
        out.edits.insert(edit);
        out
    }

    /// Age and sex conflicts, which every diagnosis position can have.
    fn demographic(&self, flags: Flags, out: &mut CodeEdits) {
        let age_flags = [Flag::Newborn, Flag::Pediatric, Flag::Maternity, Flag::Adult];
        let conflict = age_flags.iter().filter(|f| flags.has(**f)).find_map(|f| {
            let group = f.age_group()?;
            let range = self.editor.age_range(group, self.date)?;
            (self.age < range.start_age || self.age > range.end_age).then_some(group)
        });
        if let Some(group) = conflict {
            out.edits.insert(Edit::AgeConflict);
            out.age_conflict_type = Some(group);
        }
        if self.sex_conflict(flags) {
            out.edits.insert(Edit::SexConflict);
        }
    }

    /// A male- or female-only code with any other sex (unknown and invalid included).
    fn sex_conflict(&self, flags: Flags) -> bool {
        (flags.has(Flag::Male) && self.sex != PatientSex::Male)
            || (flags.has(Flag::Female) && self.sex != PatientSex::Female)
    }

    /// The edits of the principal and secondary diagnoses alike.
    fn diagnosis(&self, flags: Flags, code: String) -> CodeEdits {
        let mut out = CodeEdits::clean(code);
        if flags.has(Flag::Unspecified) {
            out.edits.insert(Edit::Unspecified);
        }
        if flags.has(Flag::Wrngproc) {
            out.edits.insert(Edit::WrongProcedurePerformed);
        }
        self.demographic(flags, &mut out);
        out
    }

    fn principal(&self, code: String, has_secondary: bool) -> CodeEdits {
        let flags = if is_blank(&code) {
            None
        } else {
            self.diagnosis_flags(&code)
        };
        let Some(flags) = flags else {
            return Self::only(code, Edit::InvalidCode);
        };
        let mut out = self.diagnosis(flags, code);
        let mut flag_edit = |flag: Flag, edit: Edit| {
            if flags.has(flag) {
                out.edits.insert(edit);
            }
        };
        if flags.has(Flag::Reqsdx) {
            // Z5189 is unacceptable only alone: with any secondary diagnosis it is not edited.
            if !has_secondary {
                flag_edit(Flag::Reqsdx, Edit::RequiresSdx);
            }
        } else {
            flag_edit(Flag::Unacceptable, Edit::UnacceptablePdx);
        }
        flag_edit(Flag::Manifestation, Edit::ManifestationAsPdx);
        flag_edit(Flag::Ecodepdx, Edit::ECodeAsPdx);
        flag_edit(Flag::Qadm, Edit::QuestionableAdmission);
        out
    }

    fn secondary(&self, code: String, principal: &str) -> CodeEdits {
        // Case-sensitive string equality, blanks included (`""` after a `""` principal).
        let duplicate = code == principal;
        let mut out = if is_blank(&code) {
            CodeEdits::clean(code)
        } else {
            match self.diagnosis_flags(&code) {
                Some(flags) => self.diagnosis(flags, code),
                None => Self::only(code, Edit::InvalidCode),
            }
        };
        if duplicate {
            out.edits.insert(Edit::DuplicateOfPdx);
        }
        out
    }

    fn admitting(&self, code: String) -> CodeEdits {
        if is_blank(&code) {
            return CodeEdits::clean(code);
        }
        match self.diagnosis_flags(&code) {
            Some(flags) => {
                let mut out = CodeEdits::clean(code);
                self.demographic(flags, &mut out);
                out
            }
            None => Self::only(code, Edit::InvalidAdmitDx),
        }
    }

    fn procedure(&self, code: String, index: usize) -> Result<CodeEdits, EditError> {
        if is_blank(&code) {
            return Ok(CodeEdits::clean(code));
        }
        let Some(flags) = self.editor.procedures.flags(&code, self.date) else {
            return Ok(Self::only(code, Edit::InvalidCode));
        };
        if let Some(flag) = FLAGS_WITHOUT_RULE.iter().find(|f| flags.has(**f)) {
            return Err(EditError::RuleNotImplemented {
                field: format!("procedures[{index}]"),
                code,
                flag: flag.name(),
                date: self.date,
            });
        }
        let mut out = CodeEdits::clean(code);
        if self.sex_conflict(flags) {
            out.edits.insert(Edit::SexConflict);
        }
        if self.non_covered(flags) {
            out.edits.insert(Edit::NonCovered);
        } else if flags.has(Flag::Lcov) {
            out.edits.insert(Edit::LimitedCoverage);
        }
        let delivery = flags.has(Flag::Csect) || flags.has(Flag::Vagdel);
        // Only a secondary diagnosis can be the delivery outcome (not the principal or admit).
        if delivery && !self.secondary_flags.has(Flag::Delout) {
            out.edits.insert(Edit::QuestionableObstetricAdmission);
        }
        if flags.has(Flag::Los) && self.length_of_stay < LOS_FLAG_MINIMUM_DAYS {
            out.edits.insert(Edit::InconsistentWithLengthOfStay);
        }
        Ok(out)
    }

    /// The non-covered rules: always, or by the claim's other codes or age.
    fn non_covered(&self, flags: Flags) -> bool {
        let dx = self.diagnosis_flags;
        flags.has(Flag::Noncovered)
            // Pancreas transplant: covered with a kidney transplant or type 1 diabetes.
            || (flags.has(Flag::Ncov45)
                && !(self.procedure_flags.has(Flag::Kidneyxp) || dx.has(Flag::DiabtypeI)))
            || (flags.has(Flag::Ncov6) && dx.has(Flag::Ncov6))
            || (flags.has(Flag::NcovZ302) && dx.has(Flag::NcovZ302))
            // Hip resurfacing: non-covered over 60, and CMS also refuses a negative age.
            || (flags.has(Flag::Ncov12agele60) && (self.age > 60 || self.age < 0))
    }
}
