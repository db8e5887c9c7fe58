//! One claim through the grouper, in one direction:
//! claim -> [`engine`](super::engine) (initial DRG) -> [`hac`](super::hac) findings ->
//! [`final_drg`](super::final_drg) -> [`marking`](super::marking) -> [`result`](super::result).

use super::claim::{Claim, DiagnosisCode};
use super::definitions::{Definitions, Diagnosis};
use super::engine::{lookup_dx, Assignment, ClaimState, ReturnCode};
use super::final_drg::{self, HacStatus};
use super::hac::{self, HacCriterion, HacFindings, ListEntry};
use super::marking::{self, is_or};
use super::result::{
    DiagnosisResult, DrgAssignment, GroupingResult, HacEntry, HacNumber, ProcedureResult,
};
use crate::codes::normalize_held;
use crate::tables::CcLevel;

/// The steps of one claim through the engine, kept for the result and for an explanation.
pub(crate) struct Run<'d> {
    pub state: ClaimState<'d>,
    pub initial: Assignment,
    pub findings: HacFindings,
    pub final_: Assignment,
    pub hac_status: HacStatus,
}

/// Run `claim` through the engine and the HAC step with the definitions of one version.
pub(crate) fn run<'d>(defs: &'d Definitions, claim: &Claim) -> Run<'d> {
    // Built in place and filled step by step: the state (three attribute sets) and the
    // findings are not copied into the run at the end.
    let mut run = Run {
        state: ClaimState::new(defs, claim),
        initial: Assignment::ungroupable(ReturnCode::Ok),
        findings: HacFindings::default(),
        final_: Assignment::ungroupable(ReturnCode::Ok),
        hac_status: HacStatus::NotApplicable,
    };
    run.initial = run.state.assign(false);
    // An edit (invalid principal diagnosis, sex, discharge status) stops CMS processing before
    // the HAC step: no POA check, no HAC lists.
    if run.initial.formula.is_none() && run.initial.return_code != ReturnCode::Ok {
        run.findings = HacFindings::none(run.state.sdx.len());
        run.final_ = run.initial;
    } else {
        run.findings = hac::evaluate(&run.state, claim);
        (run.final_, run.hac_status) =
            final_drg::assign(&mut run.state, &run.initial, &run.findings);
    }
    run
}

/// Group `claim` with the definitions of one version.
pub(crate) fn group(defs: &Definitions, claim: &Claim) -> GroupingResult {
    result(defs, claim, &run(defs, claim))
}

/// The grouping result of a run.
pub(crate) fn result(defs: &Definitions, claim: &Claim, run: &Run<'_>) -> GroupingResult {
    let Run {
        state,
        initial,
        findings,
        final_,
        hac_status,
    } = run;
    let (initial, final_, hac_status) = (*initial, *final_, *hac_status);
    let impacts = marking::mark(state, &initial, &final_, findings);

    let mut principal = diagnosis_result(&claim.principal_diagnosis, state.pdx, true);
    principal.drg_impact = impacts.principal;
    if let Some(n) = hac::principal_entry(state, &findings.met) {
        principal.hacs.push(HacEntry {
            list: None,
            number: n,
            status: HacCriterion::NotOnHacList,
        });
    }
    let secondary = claim
        .secondary_diagnoses
        .iter()
        .zip(&state.sdx)
        .enumerate()
        .map(|(i, (d, s))| DiagnosisResult {
            drg_impact: impacts.secondary[i],
            poa_error: findings.poa_errors[i],
            hacs: hac_entries(defs, findings.reported_for(i)),
            ..diagnosis_result(d, s.def, false)
        })
        .collect();
    let procedures = claim
        .procedures
        .iter()
        .zip(&state.procs)
        .enumerate()
        .map(|(i, (p, s))| ProcedureResult {
            code: normalize_held(&p.code),
            valid: s.def.is_some(),
            is_or: is_or(defs, s),
            drg_impact: impacts.procedures[i],
            hac_usage: findings.usage_of(i).iter().map(|n| HacNumber(*n)).collect(),
        })
        .collect();

    GroupingResult {
        id: claim.id.clone(),
        version: defs.version,
        initial: drg_assignment(defs, &initial),
        final_: drg_assignment(defs, &final_),
        hac_status,
        principal_diagnosis: principal,
        admit_diagnosis: claim
            .admit_diagnosis
            .as_ref()
            .map(|d| diagnosis_result(d, lookup_dx(defs, &d.code).1, false)),
        secondary_diagnoses: secondary,
        procedures,
    }
}

fn drg_assignment(defs: &Definitions, a: &Assignment) -> DrgAssignment {
    DrgAssignment {
        drg: a.drg,
        mdc: a.mdc,
        base_drg: a.base_drg,
        severity: a.severity,
        med_surg: a.med_surg,
        title: defs.drg_titles.get(&a.drg).cloned(),
        return_code: a.return_code,
    }
}

fn hac_entries(defs: &Definitions, reported: &[ListEntry]) -> Vec<HacEntry> {
    reported
        .iter()
        .map(|(list, number, status)| HacEntry {
            list: Some(defs.vocabulary.name(*list).into()),
            number: *number,
            status: *status,
        })
        .collect()
}

/// The per-code result of a diagnosis whose definition (`def`) the engine already looked up.
fn diagnosis_result(
    d: &DiagnosisCode,
    def: Option<&Diagnosis>,
    principal: bool,
) -> DiagnosisResult {
    let code = normalize_held(&d.code);
    // CMS Java reports no severity for an empty principal diagnosis (NON_CC elsewhere).
    let empty = principal && code.is_empty();
    DiagnosisResult {
        code,
        poa: d.poa,
        valid: def.is_some(),
        severity: (!empty).then(|| def.map(|d| d.severity).unwrap_or(CcLevel::NonCc)),
        drg_impact: Default::default(),
        poa_error: hac::PoaError::NotChecked,
        hacs: Vec::new(),
    }
}
