//! What the grouper says about one claim: plain data, serialised with the field names and
//! vocabularies of the output contract (`shared/oracle/README.md`), so results compare line by
//! line with CMS answers.

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value;
use smol_str::SmolStr;

use super::claim::Poa;
use super::definitions::MedSurg;
use super::engine::{ReturnCode, Severity};
use super::final_drg::HacStatus;
use super::hac::{HacCriterion, PoaError};
use super::marking::DrgImpact;
use crate::tables::CcLevel;

/// One DRG assignment: initial (before HAC processing) or final (after; the one paid).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrgAssignment {
    /// MS-DRG number (999: ungroupable).
    pub drg: u16,
    /// MDC reported with it (0 when ungroupable).
    pub mdc: u8,
    /// The base DRG of the severity family (the DRG itself for DRGs without tiers).
    pub base_drg: u16,
    /// The severity it was assigned at.
    pub severity: Severity,
    /// Medical or surgical.
    pub med_surg: MedSurg,
    /// The DRG's title in the version; `None` when the tables give none. Shared with the
    /// tables (a reference count, not a copy per claim).
    pub title: Option<SmolStr>,
    /// Why the DRG is 999, or `OK`.
    pub return_code: ReturnCode,
}

/// One HAC list a diagnosis is on, and what became of it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct HacEntry {
    /// The CMS list name (`HAC01`, `hac06_show`, ...); none for the principal diagnosis entry.
    pub list: Option<SmolStr>,
    /// HAC number when the criterion was met, else 0.
    #[serde(rename = "num")]
    pub number: u8,
    /// What became of the list.
    pub status: HacCriterion,
}

/// A diagnosis as grouped.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DiagnosisResult {
    /// Canonical code (upper case, no dot); inline, without a heap allocation, up to 23 bytes.
    pub code: SmolStr,
    /// POA as read.
    pub poa: Poa,
    /// Whether the code is valid in the version.
    pub valid: bool,
    /// CC level as a secondary diagnosis (for the principal, its own level); none for an
    /// empty principal diagnosis.
    pub severity: Option<CcLevel>,
    /// Whether the code determined the initial and/or final DRG.
    pub drg_impact: DrgImpact,
    /// The POA check of the HAC step.
    pub poa_error: PoaError,
    /// HAC lists the code is on, as CMS reports them.
    pub hacs: Vec<HacEntry>,
}

/// A HAC number as CMS names it in procedure output (`HAC_06`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct HacNumber(pub u8);

impl Serialize for HacNumber {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&format_args!("HAC_{:02}", self.0))
    }
}

/// A procedure as grouped.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ProcedureResult {
    /// Canonical code (inline like [`DiagnosisResult::code`]).
    pub code: SmolStr,
    /// Whether the code is valid in the version.
    pub valid: bool,
    /// Whether CMS reports it as an O.R. procedure.
    pub is_or: bool,
    /// Whether the procedure determined the initial and/or final DRG.
    pub drg_impact: DrgImpact,
    /// HACs whose criteria this procedure took part in.
    pub hac_usage: Vec<HacNumber>,
}

/// Everything the grouper says about one claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupingResult {
    /// The claim's identifier, echoed.
    pub id: Option<Value>,
    /// The grouper version used (400 ... 440).
    pub version: u16,
    /// The DRG before HAC processing.
    pub initial: DrgAssignment,
    /// The DRG after HAC processing: the one paid.
    pub final_: DrgAssignment,
    /// What HAC processing did.
    pub hac_status: HacStatus,
    /// The principal diagnosis.
    pub principal_diagnosis: DiagnosisResult,
    /// The admitting diagnosis, when given.
    pub admit_diagnosis: Option<DiagnosisResult>,
    /// Secondary diagnoses, in claim order.
    pub secondary_diagnoses: Vec<DiagnosisResult>,
    /// Procedures, in claim order.
    pub procedures: Vec<ProcedureResult>,
}

/// The contract's flat claim line: `initial_*` and `final_*` fields, then the codes.
impl Serialize for GroupingResult {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        self.serialize_claim_fields(&mut m)?;
        m.serialize_entry("pdx", &self.principal_diagnosis)?;
        if let Some(a) = &self.admit_diagnosis {
            m.serialize_entry("admit_dx", a)?;
        }
        m.serialize_entry("sdx", &self.secondary_diagnoses)?;
        m.serialize_entry("procs", &self.procedures)?;
        m.end()
    }
}

/// A result's claim-level fields alone (no codes): what a CSV row of it reads.
pub struct ClaimFields<'a>(pub &'a GroupingResult);

impl Serialize for ClaimFields<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        self.0.serialize_claim_fields(&mut m)?;
        m.end()
    }
}

impl GroupingResult {
    /// The fields before the codes, in contract order.
    fn serialize_claim_fields<M: SerializeMap>(&self, m: &mut M) -> Result<(), M::Error> {
        m.serialize_entry("id", &self.id)?;
        m.serialize_entry("version", &self.version)?;
        // Static keys: a formatted key costs a formatter pass per field per claim.
        const KEYS: [[&str; 6]; 2] = [
            [
                "initial_drg",
                "initial_mdc",
                "initial_base_drg",
                "initial_severity",
                "initial_med_surg",
                "initial_drg_title",
            ],
            [
                "final_drg",
                "final_mdc",
                "final_base_drg",
                "final_severity",
                "final_med_surg",
                "final_drg_title",
            ],
        ];
        for (keys, a) in KEYS.iter().zip([&self.initial, &self.final_]) {
            m.serialize_entry(keys[0], &a.drg)?;
            m.serialize_entry(keys[1], &a.mdc)?;
            m.serialize_entry(keys[2], &a.base_drg)?;
            m.serialize_entry(keys[3], &a.severity)?;
            m.serialize_entry(keys[4], &a.med_surg)?;
            m.serialize_entry(keys[5], &a.title)?;
        }
        m.serialize_entry("initial_return_code", &self.initial.return_code)?;
        m.serialize_entry("return_code", &self.final_.return_code)?;
        m.serialize_entry("hac_status", &self.hac_status)
    }
}
