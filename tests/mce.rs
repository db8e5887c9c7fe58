//! The Medicare Code Editor: one test per edit with a real code of the embedded masters, the
//! masters' date ranges across a 1 October boundary, and the claims it refuses.

use std::sync::OnceLock;

use grouper_core::mce::{
    AgeGroup, DateProblem, DischargeDate, Edit, EditClaim, EditError, EditResult, EditType, Editor,
    PatientSex,
};
use grouper_core::{Date, DischargeStatus};

fn editor() -> &'static Editor {
    static EDITOR: OnceLock<Editor> = OnceLock::new();
    EDITOR.get_or_init(|| Editor::embedded().expect("embedded MCE masters load"))
}

fn date(text: &str) -> Date {
    text.parse().expect("test date")
}

/// A clean claim on `day`: a 70-year-old man discharged home after 6 days with heart failure.
fn claim(day: &str) -> EditClaim {
    EditClaim {
        discharge_date: DischargeDate::Date(date(day)),
        length_of_stay: 6,
        age: 70,
        sex: PatientSex::Male,
        discharge_status: Some(DischargeStatus::new(1)),
        principal_diagnosis: "I5023".into(),
        admit_diagnosis: None,
        secondary_diagnoses: vec!["N179".into()],
        procedures: Vec::new(),
    }
}

fn edit(claim: EditClaim) -> EditResult {
    editor().edit(claim).expect("edited")
}

fn strings(codes: &[&str]) -> Vec<String> {
    codes.iter().map(|c| c.to_string()).collect()
}

/// The claim-level edit type, the counts, and the edits of each code (pdx, sdx..., procs...).
fn edits(result: &EditResult) -> Vec<Vec<Edit>> {
    std::iter::once(&result.pdx)
        .chain(&result.sdx)
        .chain(&result.procs)
        .map(|c| c.edits.iter().collect())
        .collect()
}

#[test]
fn a_clean_claim_has_no_edit() {
    let r = edit(claim("2025-06-01"));
    assert_eq!(r.edit_type, EditType::None);
    assert_eq!(r.edits.iter().count(), 0);
    assert_eq!(r.version_used, 431);
}

#[test]
fn invalid_code_a_category_header_as_principal_and_secondary() {
    let mut c = claim("2025-06-01");
    c.principal_diagnosis = "I50".into();
    c.secondary_diagnoses = strings(&["I5O23", "N179"]);
    let r = edit(c);
    assert_eq!(
        edits(&r),
        [vec![Edit::InvalidCode], vec![Edit::InvalidCode], vec![]]
    );
    assert_eq!(r.edits.get(Edit::InvalidCode), 2);
    assert_eq!(r.edit_type, EditType::Prepayment);
}

#[test]
fn empty_codes_are_edited_only_as_principal_diagnosis() {
    let mut c = claim("2025-06-01");
    c.principal_diagnosis = "".into();
    c.secondary_diagnoses = strings(&["", "0000"]);
    c.procedures = strings(&["0000"]);
    let r = edit(c);
    // `""` after a `""` principal is its duplicate.
    assert_eq!(
        edits(&r),
        [
            vec![Edit::InvalidCode],
            vec![Edit::DuplicateOfPdx],
            vec![],
            vec![]
        ]
    );
}

#[test]
fn sex_conflict_before_2024_10_01_only() {
    let mut c = claim("2024-09-30");
    c.secondary_diagnoses = strings(&["A1815"]); // male only until 2024-09-30
    c.procedures = strings(&["10D00Z0"]); // caesarean: female only until then
    let r = edit(c.clone());
    assert!(r.sdx[0].edits.iter().eq([]), "A1815 is male");
    assert!(r.procs[0].edits.contains(Edit::SexConflict));
    c.sex = PatientSex::Female;
    assert!(edit(c.clone()).sdx[0].edits.contains(Edit::SexConflict));
    c.discharge_date = DischargeDate::Date(date("2024-10-01"));
    let after = edit(c);
    assert!(!after.sdx[0].edits.contains(Edit::SexConflict));
    assert_eq!(after.edits.get(Edit::SexConflict), 0);
}

#[test]
fn age_conflict_names_the_age_group() {
    let mut c = claim("2025-06-01");
    c.secondary_diagnoses = strings(&["A33"]); // newborn tetanus
    let r = edit(c.clone());
    assert!(r.sdx[0].edits.contains(Edit::AgeConflict));
    assert_eq!(r.sdx[0].age_conflict_type, Some(AgeGroup::Newborn));
    c.age = 0;
    assert!(edit(c).sdx[0].edits.is_empty());
}

#[test]
fn maternity_range_is_9_to_64_since_fy2020() {
    let mut c = claim("2025-06-01");
    c.sex = PatientSex::Female;
    c.secondary_diagnoses = strings(&["Z370"]);
    for (age, conflict) in [(8, true), (9, false), (64, false), (65, true)] {
        c.age = age;
        let r = edit(c.clone());
        assert_eq!(
            r.sdx[0].edits.contains(Edit::AgeConflict),
            conflict,
            "{age}"
        );
    }
}

#[test]
fn principal_only_edits() {
    for (code, want) in [
        ("I10", Edit::QuestionableAdmission),
        ("D630", Edit::ManifestationAsPdx),
        ("V0001XA", Edit::ECodeAsPdx),
        ("F05", Edit::UnacceptablePdx),
    ] {
        let mut c = claim("2025-06-01");
        c.principal_diagnosis = code.into();
        assert!(edit(c.clone()).pdx.edits.contains(want), "{code}");
        c.principal_diagnosis = "I5023".into();
        c.secondary_diagnoses = vec![code.into()];
        assert!(edit(c).sdx[0].edits.is_empty(), "{code} as secondary");
    }
}

#[test]
fn duplicate_of_principal_is_a_case_sensitive_string_match() {
    let mut c = claim("2025-06-01");
    c.secondary_diagnoses = strings(&["I5023", "N179", "I5023"]);
    let r = edit(c);
    assert_eq!(r.edits.get(Edit::DuplicateOfPdx), 2);
    assert!(r.sdx[1].edits.is_empty());
}

#[test]
fn requires_sdx_z5189_alone_and_nothing_with_a_secondary() {
    let mut c = claim("2025-06-01");
    c.principal_diagnosis = "Z5189".into();
    c.secondary_diagnoses.clear();
    assert_eq!(
        edit(c.clone()).pdx.edits.iter().collect::<Vec<_>>(),
        [Edit::RequiresSdx]
    );
    c.secondary_diagnoses = strings(&["N179"]);
    assert!(edit(c).pdx.edits.is_empty());
}

#[test]
fn non_covered_always_and_by_the_claims_other_codes_or_age() {
    let mut c = claim("2025-06-01");
    c.procedures = strings(&["00F3XZZ"]);
    assert!(edit(c.clone()).procs[0].edits.contains(Edit::NonCovered));
    // Pancreas transplant: non-covered alone, limited coverage with a kidney transplant.
    c.procedures = strings(&["0FYG0Z0"]);
    assert!(edit(c.clone()).procs[0].edits.contains(Edit::NonCovered));
    c.procedures = strings(&["0FYG0Z0", "0TY00Z0"]);
    let r = edit(c.clone());
    assert_eq!(
        edits(&r)[2..],
        [vec![Edit::LimitedCoverage], vec![Edit::LimitedCoverage]]
    );
    // Bone marrow transplant with an ncov6 leukaemia; sterilisation with Z302.
    c.procedures = strings(&["30233G0"]);
    assert!(edit(c.clone()).procs[0].edits.is_empty());
    c.secondary_diagnoses = strings(&["C9100"]);
    assert!(edit(c.clone()).procs[0].edits.contains(Edit::NonCovered));
    // Hip resurfacing: covered at 60, not at 61.
    c.procedures = strings(&["0SR20JZ"]);
    c.age = 60;
    assert!(edit(c.clone()).procs[0].edits.is_empty());
    c.age = 61;
    assert!(edit(c).procs[0].edits.contains(Edit::NonCovered));
}

#[test]
fn limited_coverage_kidney_transplant() {
    let mut c = claim("2025-06-01");
    c.procedures = strings(&["0TY00Z0"]);
    let r = edit(c);
    assert_eq!(r.edits.get(Edit::LimitedCoverage), 1);
}

#[test]
fn questionable_obstetric_admission_without_a_secondary_delivery_outcome() {
    let mut c = claim("2025-06-01");
    c.age = 30;
    c.sex = PatientSex::Female;
    c.principal_diagnosis = "Z370".into();
    c.procedures = strings(&["10D00Z0"]);
    let qoa = |c: &EditClaim| {
        edit(c.clone()).procs[0]
            .edits
            .contains(Edit::QuestionableObstetricAdmission)
    };
    assert!(qoa(&c), "Z370 as principal does not count");
    c.secondary_diagnoses = strings(&["Z370"]);
    assert!(!qoa(&c));
}

#[test]
fn invalid_admit_dx_is_counted_without_a_category_and_its_conflicts_are_not() {
    let mut c = claim("2025-06-01");
    c.admit_diagnosis = Some("I50".into());
    let r = edit(c.clone());
    assert_eq!(r.edits.get(Edit::InvalidAdmitDx), 1);
    assert_eq!(r.edit_type, EditType::None);
    c.admit_diagnosis = Some("A33".into());
    let r = edit(c);
    assert!(r
        .admit_dx
        .as_ref()
        .is_some_and(|a| a.edits.contains(Edit::AgeConflict)));
    assert_eq!(r.edits.get(Edit::AgeConflict), 0);
    assert_eq!(r.edit_type, EditType::None);
}

#[test]
fn claim_level_age_sex_and_discharge_status() {
    let mut c = claim("2024-09-30");
    c.age = 125;
    c.sex = PatientSex::Unknown;
    c.discharge_status = None;
    let r = edit(c.clone());
    let claim_edits: Vec<Edit> = r.claim_edits.iter().collect();
    assert_eq!(
        claim_edits,
        [
            Edit::InvalidAge,
            Edit::InvalidSex,
            Edit::InvalidDischargeStatus
        ]
    );
    c.discharge_date = DischargeDate::Date(date("2024-10-01"));
    c.discharge_status = Some(DischargeStatus::new(8)); // valid 1994-2005 only
    let r = edit(c.clone());
    assert!(
        !r.claim_edits.contains(Edit::InvalidSex),
        "unknown sex valid from FY2025"
    );
    assert!(r.claim_edits.contains(Edit::InvalidDischargeStatus));
    c.sex = PatientSex::Invalid;
    assert!(edit(c).claim_edits.contains(Edit::InvalidSex));
}

#[test]
fn wrong_procedure_performed_and_unspecified_on_any_diagnosis() {
    let mut c = claim("2025-06-01");
    c.principal_diagnosis = "Y6551".into();
    c.secondary_diagnoses = strings(&["Y6552", "L89103"]);
    let r = edit(c);
    assert_eq!(
        edits(&r),
        [
            vec![Edit::ECodeAsPdx, Edit::WrongProcedurePerformed],
            vec![Edit::WrongProcedurePerformed],
            vec![Edit::Unspecified]
        ]
    );
}

#[test]
fn inconsistent_with_length_of_stay_under_5_days() {
    let mut c = claim("2025-06-01");
    c.procedures = strings(&["5A1955Z", "5A1955Z"]);
    c.length_of_stay = 4;
    assert_eq!(
        edit(c.clone())
            .edits
            .get(Edit::InconsistentWithLengthOfStay),
        2
    );
    c.length_of_stay = 5;
    assert_eq!(edit(c).edits.get(Edit::InconsistentWithLengthOfStay), 0);
}

#[test]
fn date_ranges_are_honoured_across_1_october() {
    let on = |day: &str, code: &str| {
        let mut c = claim(day);
        c.secondary_diagnoses = vec![code.into()];
        edit(c).sdx[0].edits.iter().collect::<Vec<_>>()
    };
    // L89103 becomes unspecified on 2023-10-01.
    assert_eq!(on("2023-09-30", "L89103"), []);
    assert_eq!(on("2023-10-01", "L89103"), [Edit::Unspecified]);
    let principal = |day: &str, code: &str| {
        let mut c = claim(day);
        c.principal_diagnosis = code.into();
        edit(c).pdx.edits.contains(Edit::UnacceptablePdx)
    };
    // H169 becomes unacceptable on 2025-10-01; F01511 stops being so on 2024-10-01.
    assert!(!principal("2025-09-30", "H169"));
    assert!(principal("2025-10-01", "H169"));
    assert!(principal("2024-09-30", "F01511"));
    assert!(!principal("2024-10-01", "F01511"));
    // A FY2027 code (C7831 starts 2026-10-01) is invalid on every date the release edits.
    assert_eq!(on("2026-09-30", "C7831"), [Edit::InvalidCode]);
    let mut c = claim("2026-10-01");
    c.secondary_diagnoses = strings(&["C7831"]);
    let r = edit(c);
    assert_eq!(r.edit_type, EditType::InvalidDischargeDate);
    assert_eq!(
        r.discharge_date_problem,
        Some(DateProblem::AfterLastDischarge)
    );
    assert!(r.sdx[0].edits.is_empty());
}

#[test]
fn unusable_dates_edit_nothing_and_say_why() {
    for (day, problem) in [
        (DischargeDate::Missing, DateProblem::Missing),
        (DischargeDate::Unreadable, DateProblem::Unreadable),
        (
            DischargeDate::Date(date("1985-09-30")),
            DateProblem::BeforeFirstDischarge,
        ),
    ] {
        let mut c = claim("2025-06-01");
        c.discharge_date = day;
        c.principal_diagnosis = "I50".into();
        let r = edit(c);
        assert_eq!(r.edit_type, EditType::InvalidDischargeDate);
        assert_eq!(r.discharge_date_problem, Some(problem));
        assert!(r.pdx.edits.is_empty() && r.claim_edits.is_empty());
    }
}

#[test]
fn icd9_discharges_and_rules_ended_before_fy2023_are_refused_not_guessed() {
    let err = editor().edit(claim("2015-09-30")).expect_err("ICD-9 date");
    assert!(matches!(err, EditError::NoMastersForDate { .. }), "{err}");
    assert_eq!(err.field(), "discharge_date");
    let mut c = claim("2017-06-01");
    c.procedures = strings(&["0016070", "30233G2"]); // ncov7 until 2018-09-30
    let err = editor().edit(c).expect_err("ncov7");
    assert_eq!(err.field(), "procedures[1]");
    assert!(err.to_string().contains("`ncov7`"), "{err}");
}
