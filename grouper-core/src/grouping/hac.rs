//! Hospital-acquired conditions: POA checks and HAC criteria, as findings.
//!
//! Reproduces the CMS Java grouper: a secondary diagnosis on a HAC list whose POA is not Y/W
//! (and that is not CC-excluded) meets HAC n when HAC n's formula is true on the claim; such a
//! code no longer counts as CC/MCC for the final DRG. Blank POA, or any met HAC at a hospital
//! whose POA status is UNKNOWN, makes the final DRG ungroupable with a HAC return code.
//!
//! This step only finds; [`super::final_drg`] turns the findings into the final DRG.

use serde::Serialize;

use super::claim::{Claim, HospitalStatus, Poa};
use super::definitions::EngineAtom;
use super::engine::{ClaimState, Evaluator, ReturnCode};
use super::Scratch;

/// Result of the POA check of a diagnosis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum PoaError {
    /// Not on a HAC list: POA not checked.
    #[serde(rename = "POA_NOT_CHECKED")]
    NotChecked,
    /// POA Y or W.
    #[serde(rename = "POA_RECOGNIZED_YES_POA")]
    RecognizedYes,
    /// POA N or U.
    #[serde(rename = "POA_RECOGNIZED_NOT_POA")]
    RecognizedNot,
    /// Blank or invalid POA.
    #[serde(rename = "POA_NOT_RECOGNIZED")]
    NotRecognized,
    /// The hospital is exempt from POA reporting.
    #[serde(rename = "HOSPITAL_EXEMPT")]
    HospitalExempt,
}

/// What became of one HAC list a diagnosis is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum HacCriterion {
    /// The principal diagnosis side of HAC 11 (CMS lists it with no list name).
    #[serde(rename = "NOT_ON_HAC_LIST")]
    NotOnHacList,
    /// The HAC's criteria are met: the code does not count for the final DRG.
    #[serde(rename = "HAC_CRITERIA_MET")]
    Met,
    /// On the list, criteria not met.
    #[serde(rename = "HAC_CRITERIA_NOT_MET")]
    NotMet,
    /// The hospital is exempt from POA reporting.
    #[serde(rename = "HAC_NOT_APPLICABLE_EXEMPT")]
    NotApplicableExempt,
    /// The code is CC-excluded by the principal diagnosis.
    #[serde(rename = "HAC_NOT_APPLICABLE_EXCLUSION")]
    NotApplicableExclusion,
}

/// One reported HAC list of a secondary diagnosis: list attribute id, HAC number (0 unless
/// met), criterion.
pub(crate) type ListEntry = (u16, u8, HacCriterion);

/// The HAC step's findings for one claim.
#[derive(Debug, Clone, Default)]
pub(crate) struct HacFindings {
    /// Per secondary diagnosis: its POA check.
    pub poa_errors: Scratch<PoaError>,
    /// Per secondary diagnosis: the HAC lists reported for it; empty when no code is on a
    /// HAC list (most claims), read through [`HacFindings::reported_for`].
    reported: Vec<Vec<ListEntry>>,
    /// Per secondary diagnosis: whether it met a HAC (and so no longer counts).
    pub met_secondary: Scratch<bool>,
    /// HAC numbers whose criteria were met, ascending.
    pub met: Scratch<u8>,
    /// A HAC return code that makes the final DRG ungroupable.
    pub return_code: Option<ReturnCode>,
    /// Per procedure, the HAC numbers it took part in; empty when no HAC was met, read through
    /// [`HacFindings::usage_of`].
    procedure_usage: Vec<Vec<u8>>,
}

impl HacFindings {
    /// No HAC processing (an edit stopped the claim first).
    pub fn none(secondary: usize) -> HacFindings {
        HacFindings {
            poa_errors: smallvec::smallvec![PoaError::NotChecked; secondary],
            reported: Vec::new(),
            met_secondary: smallvec::smallvec![false; secondary],
            met: Scratch::new(),
            return_code: None,
            procedure_usage: Vec::new(),
        }
    }

    /// The HAC lists reported for secondary diagnosis `i`.
    pub fn reported_for(&self, i: usize) -> &[ListEntry] {
        self.reported.get(i).map_or(&[], Vec::as_slice)
    }

    /// The HAC numbers procedure `j` took part in.
    pub fn usage_of(&self, j: usize) -> &[u8] {
        self.procedure_usage.get(j).map_or(&[], Vec::as_slice)
    }
}

fn poa_error(poa: Poa) -> PoaError {
    match poa {
        Poa::Y | Poa::W => PoaError::RecognizedYes,
        Poa::N | Poa::U => PoaError::RecognizedNot,
        Poa::Blank => PoaError::NotRecognized,
    }
}

/// Evaluate the HAC criteria after the initial DRG.
pub(crate) fn evaluate(state: &ClaimState<'_>, claim: &Claim) -> HacFindings {
    let mut findings = HacFindings::none(state.sdx.len());
    // No secondary diagnosis on a HAC list (most claims): nothing below can check a POA, meet
    // a criterion or give a return code, so the findings are those of no HAC processing.
    if !state
        .sdx
        .iter()
        .any(|s| s.def.is_some_and(|d| d.hac_lists != 0))
    {
        return findings;
    }
    let mut entries = candidate_lists(state);
    // The HAC formulas and reported lists matter only for a code on a HAC list (most claims
    // have none); the steps below change criteria, never which codes are on a list.
    let listed = entries.iter().any(|l| !l.is_empty());
    let formulas = if listed {
        true_hac_formulas(state)
    } else {
        Vec::new()
    };
    let invalid_poa_on_claim = check_criteria(
        state,
        claim,
        &formulas,
        &mut entries,
        &mut findings.poa_errors,
    );
    let unknown_status_code = unknown_status_return_code(claim, &entries);
    apply_catheter_rule(state, &mut entries);
    for (i, l) in entries.iter().enumerate() {
        findings.met_secondary[i] = l.iter().any(|e| e.2 == HacCriterion::Met);
        for e in l {
            if e.2 == HacCriterion::Met && !findings.met.contains(&e.1) {
                findings.met.push(e.1);
            }
        }
    }
    findings.met.sort_unstable();
    findings.return_code = unknown_status_code
        .or_else(|| missing_poa_return_code(claim, &entries, &findings.met, invalid_poa_on_claim));
    if listed {
        findings.reported = reported_lists(claim, &entries);
    }
    findings.procedure_usage = procedure_usage(state, &findings.met);
    findings
}

/// Per secondary diagnosis, the HAC lists it is on: (list id, HAC number, not met yet).
fn candidate_lists(state: &ClaimState<'_>) -> Scratch<Vec<ListEntry>> {
    let defs = state.defs;
    let mut entries: Scratch<Vec<ListEntry>> = smallvec::smallvec![Vec::new(); state.sdx.len()];
    for (i, s) in state.sdx.iter().enumerate() {
        let Some(def) = s.def.filter(|d| d.hac_lists != 0) else {
            continue;
        };
        let on = defs.hac_lists(def);
        for (number, lists) in &defs.hac_secondary_lists {
            if let Some(list) = lists.iter().find(|l| on.contains(l)) {
                entries[i].push((*list, *number, HacCriterion::NotMet));
            }
        }
    }
    entries
}

/// HAC numbers whose formula is true on the claim (evaluated as from the Pre-MDC list, without
/// the MDC 20 fall-through atom, as CMS Java does).
fn true_hac_formulas(state: &ClaimState<'_>) -> Vec<u8> {
    let (any, engine) = state.any_attrs_for(0);
    let eval = Evaluator {
        state,
        any: &any,
        engine: engine & !EngineAtom::Mdc20FallThrough.bit(),
    };
    state
        .defs
        .hac_formulas
        .iter()
        .filter(|(_, expr)| eval.eval_plain(expr))
        .map(|(n, _)| *n)
        .collect()
}

/// POA checks and criteria per listed code; returns whether a listed code has a blank POA.
fn check_criteria(
    state: &ClaimState<'_>,
    claim: &Claim,
    true_formulas: &[u8],
    entries: &mut [Vec<ListEntry>],
    poa_errors: &mut [PoaError],
) -> bool {
    let mut invalid_poa_on_claim = false;
    for (i, list) in entries.iter_mut().enumerate() {
        if list.is_empty() {
            continue;
        }
        let poa = claim.secondary_diagnoses[i].poa;
        if claim.hospital_status == HospitalStatus::Exempt {
            poa_errors[i] = PoaError::HospitalExempt;
            list.iter_mut()
                .for_each(|e| e.2 = HacCriterion::NotApplicableExempt);
            continue;
        }
        poa_errors[i] = poa_error(poa);
        if matches!(poa, Poa::Y | Poa::W) {
            continue;
        }
        if state.sdx[i].excluded {
            list.iter_mut()
                .for_each(|e| e.2 = HacCriterion::NotApplicableExclusion);
            continue;
        }
        invalid_poa_on_claim |= poa == Poa::Blank;
        for e in list.iter_mut() {
            if true_formulas.contains(&e.1) {
                e.2 = HacCriterion::Met;
            }
        }
    }
    invalid_poa_on_claim
}

/// A hospital with unknown POA status: any code meeting a HAC formula makes the claim
/// ungroupable. CMS Java checks this before the HAC 06 catheter rule.
fn unknown_status_return_code(claim: &Claim, entries: &[Vec<ListEntry>]) -> Option<ReturnCode> {
    if claim.hospital_status != HospitalStatus::Unknown {
        return None;
    }
    let i = entries
        .iter()
        .position(|l| l.iter().any(|e| e.2 == HacCriterion::Met))?;
    // CMS Java uses the "multiple" code whenever the claim has more than one secondary
    // diagnosis, whatever their POA (oracle README, difference 2).
    Some(if claim.secondary_diagnoses.len() > 1 {
        ReturnCode::HacStatusInvalidMultHacsPoaNotYW
    } else if matches!(claim.secondary_diagnoses[i].poa, Poa::N | Poa::U) {
        ReturnCode::HacStatusInvalidPoaNOrU
    } else {
        ReturnCode::HacStatusInvalidPoaInvalidOr1
    })
}

/// HAC 06 (catheter-associated UTI) counts only with a met catheter code (`hac06_sdx`): the
/// `hac06_show` list is not met without one.
fn apply_catheter_rule(state: &ClaimState<'_>, entries: &mut [Vec<ListEntry>]) {
    let show_list = state.defs.known.hac06_show;
    let catheter_met = entries.iter().any(|l| {
        l.iter()
            .any(|(list, n, c)| *n == 6 && Some(*list) != show_list && *c == HacCriterion::Met)
    });
    if catheter_met {
        return;
    }
    for e in entries.iter_mut().flatten() {
        if Some(e.0) == show_list && e.2 == HacCriterion::Met {
            e.2 = HacCriterion::NotMet;
        }
    }
}

/// A hospital that reports POA: a met HAC with a blank POA makes the claim ungroupable.
fn missing_poa_return_code(
    claim: &Claim,
    entries: &[Vec<ListEntry>],
    met: &[u8],
    invalid_poa_on_claim: bool,
) -> Option<ReturnCode> {
    if claim.hospital_status != HospitalStatus::NotExempt {
        return None;
    }
    met.iter()
        .any(|n| {
            let group_blank = entries.iter().enumerate().any(|(i, l)| {
                claim.secondary_diagnoses[i].poa == Poa::Blank
                    && l.iter().any(|e| e.1 == *n && e.2 == HacCriterion::Met)
            });
            group_blank || (*n != 6 && invalid_poa_on_claim)
        })
        .then_some(ReturnCode::HacMissingOnePoa)
}

/// The lists CMS reports per code: the met ones; else one entry when POA says present; else
/// all, numbered 0.
fn reported_lists(claim: &Claim, entries: &[Vec<ListEntry>]) -> Vec<Vec<ListEntry>> {
    entries
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let Some(first) = l.first() else {
                return Vec::new();
            };
            let poa = claim.secondary_diagnoses[i].poa;
            let met: Vec<ListEntry> = l
                .iter()
                .copied()
                .filter(|e| e.2 == HacCriterion::Met)
                .collect();
            if !met.is_empty() {
                met
            } else if first.2 == HacCriterion::NotApplicableExclusion {
                l.clone()
            } else if claim.hospital_status != HospitalStatus::Exempt
                && matches!(poa, Poa::Y | Poa::W)
            {
                vec![(first.0, 0, first.2)]
            } else {
                l.iter().map(|e| (e.0, 0, e.2)).collect()
            }
        })
        .collect()
}

/// Procedures that took part in a met HAC (their formulas test `hacNN_proc`).
fn procedure_usage(state: &ClaimState<'_>, met: &[u8]) -> Vec<Vec<u8>> {
    if met.is_empty() {
        return Vec::new();
    }
    let defs = state.defs;
    let mut usage = vec![Vec::new(); state.procs.len()];
    for n in met {
        let Some(attr) = defs.vocabulary.get(&format!("hac{n:02}_proc")) else {
            continue;
        };
        for (i, p) in state.procs.iter().enumerate() {
            if p.def
                .is_some_and(|d| defs.attributes(d.attributes).contains(attr))
            {
                usage[i].push(*n);
            }
        }
    }
    usage
}

/// The HAC number reported on the principal diagnosis: a met HAC whose formula tests the
/// principal diagnosis (HAC 11, `PDX:hac11_pdx`) when the principal diagnosis carries it.
pub(crate) fn principal_entry(state: &ClaimState<'_>, met: &[u8]) -> Option<u8> {
    if met.is_empty() {
        return None;
    }
    let pdx = state.pdx?;
    state.defs.hac_formulas.iter().find_map(|(n, expr)| {
        (met.contains(n)
            && expr
                .principal_attributes()
                .iter()
                .any(|a| state.defs.hac_lists(pdx).contains(a)))
        .then_some(*n)
    })
}
