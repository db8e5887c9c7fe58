//! One regression test per CMS behaviour we fixed, named after the oracle claim that showed it.
//! Each groups that claim from the committed golden files and requires every contract field to
//! equal the CMS answer (tests/golden, generated from the CMS Java grouper's output).

mod common;

use common::{contract_differences, golden, group_line, grouper};

fn assert_matches_cms(id: &str) {
    let version = &id[3..6];
    let claims = golden(version);
    let (index, (claim, expected)) = claims
        .iter()
        .enumerate()
        .find(|(_, (_, e))| e["id"] == id)
        .unwrap_or_else(|| panic!("{id} not in the golden files"));
    let ours = group_line(grouper(), claim, index + 1).expect("groups");
    let diffs = contract_differences(&ours, expected);
    assert!(
        diffs.is_empty(),
        "{id}: differences from CMS:\n{}",
        diffs
            .iter()
            .map(|(p, got, want)| format!("  {p}\n    expected: {want}\n    got:      {got}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

macro_rules! regression {
    ($($name:ident => $id:literal,)*) => {
        $(#[test] fn $name() { assert_matches_cms($id); })*
    };
}

regression! {
    // Canonical codes: a lower-case secondary diagnosis is CC-excluded like its upper-case form
    // (CMS Java's "never excluded when written in lower case" is deliberately not reproduced).
    dev401_02433_lowercase_secondary_is_cc_excluded => "dev401-02433",
    dev440_02837_lowercase_secondary_is_cc_excluded => "dev440-02837",
    // ... and lower-case procedures form clusters like their upper-case form.
    dev421_02712_lowercase_procedures_form_clusters => "dev421-02712",
    dev431_02294_lowercase_procedures_form_clusters => "dev431-02294",
    dev400_01182_lowercase_procedures_form_clusters => "dev400-01182",
    // Unknown sex with a sex-dependent principal diagnosis: the female MDC.
    dev411_03314_unknown_sex_reports_female_mdc => "dev411-03314",
    // POA status UNKNOWN: a HAC candidate makes the final DRG 999 even if HAC 06 is not met.
    dev400_01453_unknown_status_hac_candidate_ungroupable => "dev400-01453",
    // POA status UNKNOWN with more than one secondary diagnosis: the MULT return code.
    dev431_00432_unknown_status_mult_return_code => "dev431-00432",
    // DRG 998 is reported with severity NONE.
    dev431_00644_drg_998_severity_none => "dev431-00644",
    // HAC 11 met: the principal diagnosis carries a NOT_ON_HAC_LIST entry.
    dev431_00405_hac11_reported_on_principal => "dev431-00405",
    // An empty principal diagnosis has no severity.
    dev400_01582_empty_principal_has_no_severity => "dev400-01582",
    // An edit (DX_CANNOT_BE_PDX) stops processing before the POA/HAC step.
    dev411_00743_no_hac_step_after_edit => "dev411-00743",
    // ANY: atoms mark the secondary diagnosis that carries the attribute.
    dev431_00073_any_atom_marks_secondary => "dev431-00073",
    // Only the first true alternative of an OR marks codes.
    dev431_00329_first_true_alternative_marks => "dev431-00329",
    // A HAC code keeps its marking in the final pass when the DRG does not change.
    dev431_02003_hac_code_marks_in_final_pass => "dev431-02003",
    // The final pass marks only HAC codes whose criteria were met (not an excluded one).
    dev431_00402_final_marking_only_met_hac_codes => "dev431-00402",
    // Fusion counters mark just the procedures needed to reach the count.
    dev421_00766_multfuse_marks_two_procedures => "dev421-00766",
    dev421_00297_singlefusionctr_marks_three_procedures => "dev421-00297",
    dev421_00439_bilateral_marks_both_joints => "dev421-00439",
    // Cluster suppression during marking is checked against the principal diagnosis MDC.
    dev421_00540_marking_suppression_uses_principal_mdc => "dev421-00540",
    // Procedures are marked in code order after the first-listed one.
    dev421_02006_procedures_marked_in_code_order => "dev421-02006",
    // DRG 794 marks the first non-incidental secondary diagnosis only.
    dev431_00773_drg794_marks_first_non_incidental => "dev431-00773",
    dev400_02986_drg794_marks_first_non_incidental => "dev400-02986",
    // Three single-level fusions of one approach are not multiple-level fusions (CMS Java).
    dev420_00480_three_same_approach_fusions => "dev420-00480",
    dev431_02979_three_same_approach_fusions => "dev431-02979",
    // HAC 06 counts a UTI only with a met catheter code.
    dev430_01066_hac06_needs_met_catheter_code => "dev430-01066",
    dev410_00702_hac06_excluded_catheter_code => "dev410-00702",
    // A missing discharge status is invalid.
    dev411_02811_missing_discharge_status_invalid => "dev411-02811",
}
