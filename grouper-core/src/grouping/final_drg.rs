//! The final (paid) DRG: the initial DRG, regrouped without the codes that met a HAC, or
//! ungroupable with the HAC step's return code.

use serde::Serialize;

use super::engine::{Assignment, ClaimState, ReturnCode};
use super::hac::HacFindings;

/// What HAC processing did to the final DRG.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum HacStatus {
    /// No HAC criteria met (or HAC processing did not apply).
    NotApplicable,
    /// A HAC was met; regrouping without it gave the same DRG.
    FinalDrgNoChange,
    /// A HAC was met and the final DRG is lower.
    FinalDrgChanges,
    /// A HAC was met with a POA problem: the final DRG is 999.
    FinalDrgUngroupable,
}

/// The final assignment and HAC status. Marks the met secondary diagnoses on `state`, so the
/// final pass (and the marking of it) no longer counts them.
pub(crate) fn assign(
    state: &mut ClaimState<'_>,
    initial: &Assignment,
    findings: &HacFindings,
) -> (Assignment, HacStatus) {
    for (s, met) in state.sdx.iter_mut().zip(&findings.met_secondary) {
        s.hac_met = *met;
    }
    let met_any = !findings.met.is_empty();
    let final_assignment = match findings.return_code {
        Some(code) => Assignment::ungroupable(code),
        None if initial.return_code != ReturnCode::Ok || !met_any => *initial,
        None => state.assign(true),
    };
    let status = match findings.return_code {
        Some(_) if met_any => HacStatus::FinalDrgUngroupable,
        Some(_) => HacStatus::NotApplicable,
        None if !met_any || initial.return_code != ReturnCode::Ok => HacStatus::NotApplicable,
        None if final_assignment.drg != initial.drg => HacStatus::FinalDrgChanges,
        None => HacStatus::FinalDrgNoChange,
    };
    (final_assignment, status)
}
