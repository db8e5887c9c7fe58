//! The result of grouping one claim: claim-level DRGs and per-code details.

use crate::claim::{Claim, Poa};
use crate::codes::normalize;
use crate::definitions::{Definitions, Diagnosis};
use crate::engine::{lookup_dx, Assignment, ClaimState, ReturnCode};
use crate::hac::{self, HacOutcome};
use crate::marking;
use crate::tables::CcLevel;

/// Whether a code determined the initial and/or final DRG.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DrgImpact {
    None,
    Initial,
    Final,
    Both,
}

impl DrgImpact {
    pub fn from_flags(initial: bool, final_: bool) -> DrgImpact {
        match (initial, final_) {
            (true, true) => DrgImpact::Both,
            (true, false) => DrgImpact::Initial,
            (false, true) => DrgImpact::Final,
            (false, false) => DrgImpact::None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            DrgImpact::None => "NONE",
            DrgImpact::Initial => "INITIAL",
            DrgImpact::Final => "FINAL",
            DrgImpact::Both => "BOTH",
        }
    }
}

/// Result of the POA check of a diagnosis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PoaError {
    NotChecked,
    RecognizedYes,
    RecognizedNot,
    NotRecognized,
    HospitalExempt,
}

impl PoaError {
    pub fn as_str(self) -> &'static str {
        match self {
            PoaError::NotChecked => "POA_NOT_CHECKED",
            PoaError::RecognizedYes => "POA_RECOGNIZED_YES_POA",
            PoaError::RecognizedNot => "POA_RECOGNIZED_NOT_POA",
            PoaError::NotRecognized => "POA_NOT_RECOGNIZED",
            PoaError::HospitalExempt => "HOSPITAL_EXEMPT",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HacCriterion {
    /// The principal diagnosis side of HAC 11 (CMS lists it with no list name).
    NotOnHacList,
    Met,
    NotMet,
    NotApplicableExempt,
    NotApplicableExclusion,
}

impl HacCriterion {
    pub fn as_str(self) -> &'static str {
        match self {
            HacCriterion::NotOnHacList => "NOT_ON_HAC_LIST",
            HacCriterion::Met => "HAC_CRITERIA_MET",
            HacCriterion::NotMet => "HAC_CRITERIA_NOT_MET",
            HacCriterion::NotApplicableExempt => "HAC_NOT_APPLICABLE_EXEMPT",
            HacCriterion::NotApplicableExclusion => "HAC_NOT_APPLICABLE_EXCLUSION",
        }
    }
}

/// One HAC list a diagnosis is on, and what became of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HacEntry {
    /// The CMS list name (`HAC01`, `hac06_show`, ...); none for the principal diagnosis entry.
    pub list: Option<String>,
    /// HAC number when the criterion was met, else 0.
    pub number: u8,
    pub status: HacCriterion,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HacStatus {
    NotApplicable,
    FinalDrgNoChange,
    FinalDrgChanges,
    FinalDrgUngroupable,
}

impl HacStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            HacStatus::NotApplicable => "NOT_APPLICABLE",
            HacStatus::FinalDrgNoChange => "FINAL_DRG_NO_CHANGE",
            HacStatus::FinalDrgChanges => "FINAL_DRG_CHANGES",
            HacStatus::FinalDrgUngroupable => "FINAL_DRG_UNGROUPABLE",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiagnosisResult {
    /// Normalised code (upper case, no dot).
    pub code: String,
    pub poa: Poa,
    pub valid: bool,
    /// CC level as a secondary diagnosis (for the principal, its own level); none for an
    /// empty code.
    pub severity: Option<CcLevel>,
    pub drg_impact: DrgImpact,
    pub poa_error: PoaError,
    pub hacs: Vec<HacEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcedureResult {
    pub code: String,
    pub valid: bool,
    pub is_or: bool,
    pub drg_impact: DrgImpact,
    /// HAC numbers whose criteria this procedure took part in.
    pub hac_usage: Vec<u8>,
}

/// Everything the grouper says about one claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupingResult {
    pub version: u16,
    pub initial: Assignment,
    pub final_: Assignment,
    pub hac_status: HacStatus,
    pub principal_diagnosis: DiagnosisResult,
    pub admit_diagnosis: Option<DiagnosisResult>,
    pub secondary_diagnoses: Vec<DiagnosisResult>,
    pub procedures: Vec<ProcedureResult>,
}

/// The per-code result of a diagnosis whose definition (`def`) the engine already looked up.
fn diagnosis_result(
    code: &str,
    poa: Poa,
    def: Option<&Diagnosis>,
    principal: bool,
) -> DiagnosisResult {
    let normalized = normalize(code);
    // CMS Java reports no severity for an empty principal diagnosis (NON_CC elsewhere).
    let empty = principal && normalized.is_empty();
    DiagnosisResult {
        code: normalized,
        poa,
        valid: def.is_some(),
        severity: if empty {
            None
        } else {
            Some(def.map(|d| d.severity).unwrap_or(CcLevel::NonCc))
        },
        drg_impact: DrgImpact::None,
        poa_error: PoaError::NotChecked,
        hacs: Vec::new(),
    }
}

/// Group `claim` with the definitions of one version.
pub fn group_with(defs: &Definitions, claim: &Claim) -> GroupingResult {
    let mut state = ClaimState::new(defs, claim);
    let initial = state.assign(false);

    let mut principal = diagnosis_result(
        &claim.principal_diagnosis.code,
        claim.principal_diagnosis.poa,
        state.pdx,
        true,
    );
    let admit = claim
        .admit_diagnosis
        .as_ref()
        .map(|d| diagnosis_result(&d.code, d.poa, lookup_dx(defs, &d.code).1, false));
    let mut secondary: Vec<DiagnosisResult> = claim
        .secondary_diagnoses
        .iter()
        .zip(&state.sdx)
        .map(|(d, s)| diagnosis_result(&d.code, d.poa, s.def, false))
        .collect();

    // An edit (invalid principal diagnosis, sex, discharge status) stops CMS processing before
    // the HAC step: no POA check, no HAC lists.
    let hac: HacOutcome = if initial.formula.is_none() && initial.return_code != ReturnCode::Ok {
        HacOutcome::not_applicable(&initial, state.procs.len())
    } else {
        hac::evaluate(&mut state, claim, &initial, &mut secondary)
    };
    let final_ = hac.final_assignment;
    if let Some(n) = hac::principal_entry(defs, &state, &hac.met) {
        principal.hacs.push(HacEntry {
            list: None,
            number: n,
            status: HacCriterion::NotOnHacList,
        });
    }

    let mut procedures: Vec<ProcedureResult> = claim
        .procedures
        .iter()
        .zip(&state.procs)
        .map(|(p, s)| ProcedureResult {
            code: normalize(&p.code),
            valid: s.def.is_some(),
            is_or: marking::is_or(defs, s),
            drg_impact: DrgImpact::None,
            hac_usage: Vec::new(),
        })
        .collect();
    for (i, usage) in hac.procedure_usage.into_iter().enumerate() {
        if let Some(p) = procedures.get_mut(i) {
            p.hac_usage = usage;
        }
    }

    marking::mark(
        &state,
        &initial,
        &final_,
        &mut principal,
        &mut secondary,
        &mut procedures,
    );

    GroupingResult {
        version: defs.version,
        initial,
        final_,
        hac_status: hac.status,
        principal_diagnosis: principal,
        admit_diagnosis: admit,
        secondary_diagnoses: secondary,
        procedures,
    }
}
