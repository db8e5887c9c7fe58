//! Hospital-acquired conditions: POA checks, HAC criteria, and the final DRG.
//!
//! Reproduces the CMS Java grouper: a secondary diagnosis on a HAC list whose POA is not Y/W
//! (and that is not CC-excluded) meets HAC n when HAC n's formula is true on the claim; such a
//! code no longer counts as CC/MCC for the final DRG. Blank POA, or any met HAC at a hospital
//! whose POA status is UNKNOWN, makes the final DRG ungroupable with a HAC return code.

use crate::claim::{Claim, HospitalStatus, Poa};
use crate::definitions::{Definitions, EngineAtom};
use crate::engine::{Assignment, ClaimState, Evaluator, ReturnCode};
use crate::result::{DiagnosisResult, HacCriterion, HacEntry, HacStatus, PoaError};

pub struct HacOutcome {
    pub final_assignment: Assignment,
    pub status: HacStatus,
    /// Per procedure, the HAC numbers it took part in.
    pub procedure_usage: Vec<Vec<u8>>,
    /// HAC numbers whose criteria were met.
    pub met: Vec<u8>,
}

impl HacOutcome {
    /// No HAC processing: the final DRG is the initial one.
    pub fn not_applicable(initial: &Assignment, procedures: usize) -> HacOutcome {
        HacOutcome {
            final_assignment: *initial,
            status: HacStatus::NotApplicable,
            procedure_usage: vec![Vec::new(); procedures],
            met: Vec::new(),
        }
    }
}

fn poa_error(poa: Poa) -> PoaError {
    match poa {
        Poa::Y | Poa::W => PoaError::RecognizedYes,
        Poa::N | Poa::U => PoaError::RecognizedNot,
        Poa::Blank => PoaError::NotRecognized,
    }
}

/// Apply HAC logic after the initial DRG; returns the final assignment.
pub fn evaluate(
    state: &mut ClaimState<'_>,
    claim: &Claim,
    initial: &Assignment,
    secondary: &mut [DiagnosisResult],
) -> HacOutcome {
    let defs = state.defs;
    let vocabulary = &defs.vocabulary;
    let status = claim.hospital_status;

    // Working list per secondary diagnosis: (list id, HAC number, criterion).
    let mut entries: Vec<Vec<(u16, u8, HacCriterion)>> = vec![Vec::new(); state.sdx.len()];
    for (i, s) in state.sdx.iter().enumerate() {
        let Some(def) = s.def else { continue };
        for (number, lists) in &defs.hac_secondary_lists {
            if let Some(list) = lists.iter().find(|l| def.hac_lists.contains(l)) {
                entries[i].push((*list, *number, HacCriterion::NotMet));
            }
        }
    }

    let (any, engine) = state.any_attrs_for(0);
    let hac_true: Vec<(u8, bool)> = {
        let eval = Evaluator {
            state,
            any: &any,
            engine: engine & !EngineAtom::Mdc20FallThrough.bit(),
            final_pass: false,
        };
        defs.hac_formulas
            .iter()
            .map(|(n, expr)| (*n, eval.eval_plain(expr)))
            .collect()
    };
    let formula_true = |n: u8| hac_true.iter().any(|(h, t)| *h == n && *t);

    let mut invalid_poa_on_claim = false;
    for (i, list) in entries.iter_mut().enumerate() {
        if list.is_empty() {
            continue;
        }
        let poa = claim.secondary_diagnoses[i].poa;
        let result = &mut secondary[i];
        if status == HospitalStatus::Exempt {
            result.poa_error = PoaError::HospitalExempt;
            for e in list.iter_mut() {
                e.2 = HacCriterion::NotApplicableExempt;
            }
            continue;
        }
        result.poa_error = poa_error(poa);
        if matches!(poa, Poa::Y | Poa::W) {
            continue;
        }
        if state.sdx[i].excluded {
            for e in list.iter_mut() {
                e.2 = HacCriterion::NotApplicableExclusion;
            }
            continue;
        }
        if poa == Poa::Blank {
            invalid_poa_on_claim = true;
        }
        for e in list.iter_mut() {
            if formula_true(e.1) {
                e.2 = HacCriterion::Met;
            }
        }
    }

    // A hospital with unknown POA status: any code meeting a HAC formula makes the claim
    // ungroupable. CMS Java checks this before the HAC 06 show-list rule below.
    let mut return_code = None;
    if status == HospitalStatus::Unknown {
        if let Some(i) = entries
            .iter()
            .position(|l| l.iter().any(|e| e.2 == HacCriterion::Met))
        {
            // CMS Java uses the "multiple" code whenever the claim has more than one secondary
            // diagnosis, whatever their POA (oracle README, difference 2).
            return_code = Some(if claim.secondary_diagnoses.len() > 1 {
                ReturnCode::HacStatusInvalidMultHacsPoaNotYW
            } else if matches!(claim.secondary_diagnoses[i].poa, Poa::N | Poa::U) {
                ReturnCode::HacStatusInvalidPoaNOrU
            } else {
                ReturnCode::HacStatusInvalidPoaInvalidOr1
            });
        }
    }

    // HAC 06 (catheter-associated UTI) counts only with a met catheter code (hac06_sdx).
    let show_list = vocabulary.get("hac06_show");
    let catheter_met = entries.iter().any(|l| {
        l.iter()
            .any(|(list, n, c)| *n == 6 && Some(*list) != show_list && *c == HacCriterion::Met)
    });
    if !catheter_met {
        for l in entries.iter_mut() {
            for e in l.iter_mut() {
                if Some(e.0) == show_list && e.2 == HacCriterion::Met {
                    e.2 = HacCriterion::NotMet;
                }
            }
        }
    }

    let mut met: Vec<u8> = Vec::new();
    for (i, l) in entries.iter().enumerate() {
        if l.iter().any(|e| e.2 == HacCriterion::Met) {
            state.sdx[i].hac_met = true;
        }
        for e in l {
            if e.2 == HacCriterion::Met && !met.contains(&e.1) {
                met.push(e.1);
            }
        }
    }
    met.sort_unstable();

    // A hospital that reports POA: a met HAC with a blank POA makes the claim ungroupable.
    if status == HospitalStatus::NotExempt {
        for n in &met {
            let group_blank = entries.iter().enumerate().any(|(i, l)| {
                claim.secondary_diagnoses[i].poa == Poa::Blank
                    && l.iter().any(|e| e.1 == *n && e.2 == HacCriterion::Met)
            });
            if group_blank || (*n != 6 && invalid_poa_on_claim) {
                return_code = Some(ReturnCode::HacMissingOnePoa);
                break;
            }
        }
    }

    // Output lists: met entries; else one entry when POA says present; else all, numbered 0.
    for (i, l) in entries.iter().enumerate() {
        if l.is_empty() {
            continue;
        }
        let poa = claim.secondary_diagnoses[i].poa;
        let name = |id: u16| vocabulary.name(id).to_string();
        let met_entries: Vec<HacEntry> = l
            .iter()
            .filter(|e| e.2 == HacCriterion::Met)
            .map(|e| HacEntry {
                list: Some(name(e.0)),
                number: e.1,
                status: e.2,
            })
            .collect();
        secondary[i].hacs = if !met_entries.is_empty() {
            met_entries
        } else if l[0].2 == HacCriterion::NotApplicableExclusion {
            l.iter()
                .map(|e| HacEntry {
                    list: Some(name(e.0)),
                    number: e.1,
                    status: e.2,
                })
                .collect()
        } else if status != HospitalStatus::Exempt && matches!(poa, Poa::Y | Poa::W) {
            vec![HacEntry {
                list: Some(name(l[0].0)),
                number: 0,
                status: l[0].2,
            }]
        } else {
            l.iter()
                .map(|e| HacEntry {
                    list: Some(name(e.0)),
                    number: 0,
                    status: e.2,
                })
                .collect()
        };
    }

    // Procedures that took part in a met HAC (their formulas test `hacNN_proc`).
    let mut procedure_usage = vec![Vec::new(); state.procs.len()];
    for n in &met {
        let Some(attr) = vocabulary.get(&format!("hac{n:02}_proc")) else {
            continue;
        };
        for (i, p) in state.procs.iter().enumerate() {
            if p.def
                .is_some_and(|d| defs.attributes(d.attributes).contains(attr))
            {
                procedure_usage[i].push(*n);
            }
        }
    }

    let final_assignment = match return_code {
        Some(code) => Assignment {
            return_code: code,
            ..Assignment::ungroupable(code)
        },
        None if initial.return_code != ReturnCode::Ok => *initial,
        None if met.is_empty() => *initial,
        None => state.assign(true),
    };
    let status = if return_code.is_some() && !met.is_empty() {
        HacStatus::FinalDrgUngroupable
    } else if met.is_empty() || return_code.is_some() || initial.return_code != ReturnCode::Ok {
        HacStatus::NotApplicable
    } else if final_assignment.drg != initial.drg {
        HacStatus::FinalDrgChanges
    } else {
        HacStatus::FinalDrgNoChange
    };
    HacOutcome {
        final_assignment,
        status,
        procedure_usage,
        met,
    }
}

/// The HAC number reported on the principal diagnosis: a met HAC whose formula tests the
/// principal diagnosis (HAC 11, `PDX:hac11_pdx`) when the principal diagnosis carries it.
pub fn principal_entry(defs: &Definitions, state: &ClaimState<'_>, met: &[u8]) -> Option<u8> {
    let pdx = state.pdx?;
    defs.hac_formulas.iter().find_map(|(n, expr)| {
        (met.contains(n)
            && expr
                .principal_attributes()
                .iter()
                .any(|a| pdx.hac_lists.contains(a)))
        .then_some(*n)
    })
}
