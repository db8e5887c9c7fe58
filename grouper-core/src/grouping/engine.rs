//! The engine: one claim's codes -> clusters -> attributes -> formulas -> DRG and severity.
//!
//! [`ClaimState`] gathers what the formulas look at (attribute sets, counters, engine atoms);
//! [`ClaimState::assign`] walks the formula lists as CMS does (Pre-MDC, then the principal
//! diagnosis MDC, following reroutes). The HAC step asks for a second, final, pass.

type HashMap<K, V> = std::collections::HashMap<K, V, rustc_hash::FxBuildHasher>;
type HashSet<K> = std::collections::HashSet<K, rustc_hash::FxBuildHasher>;

use serde::Serialize;

use super::claim::{Claim, Sex};
use super::definitions::{
    Definitions, Diagnosis, Edit, EngineAtom, Expr, Formula, MedSurg, Outcome, Procedure,
};
use super::formula::Scope;
#[cfg(test)]
use super::gate::GateAtom;
use super::gate::{ClaimBits, EngineTable};
use crate::attributes::AttrSet;
use crate::codes::{pack_normalized, CodeKey};
use crate::tables::CcLevel;

/// Grouper return code (CMS `GrouperReturnCode`): why a DRG is 999, or `OK`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum ReturnCode {
    /// Grouped.
    #[serde(rename = "OK")]
    Ok,
    /// The principal diagnosis is not a valid code of the version.
    #[serde(rename = "INVALID_PDX")]
    InvalidPrincipal,
    /// The code is valid but cannot be a principal diagnosis.
    #[serde(rename = "DX_CANNOT_BE_PDX")]
    PrincipalCannotBePrincipal,
    /// The sex conflicts with a sex-dependent principal diagnosis.
    #[serde(rename = "INVALID_SEX")]
    InvalidSex,
    /// The discharge status is missing or not valid on the date.
    #[serde(rename = "INVALID_DISCHARGE_STATUS")]
    InvalidDischargeStatus,
    /// A met HAC has a blank POA at a hospital that reports POA.
    #[serde(rename = "HAC_MISSING_ONE_POA")]
    HacMissingOnePoa,
    /// POA status unknown: a HAC candidate with POA N or U.
    #[serde(rename = "HAC_STATUS_INVALID_POA_N_OR_U")]
    HacStatusInvalidPoaNOrU,
    /// POA status unknown: a HAC candidate with an invalid or blank POA.
    #[serde(rename = "HAC_STATUS_INVALID_POA_INVALID_OR_1")]
    HacStatusInvalidPoaInvalidOr1,
    /// POA status unknown with more than one secondary diagnosis.
    #[serde(rename = "HAC_STATUS_INVALID_MULT_HACS_POA_NOT_Y_W")]
    HacStatusInvalidMultHacsPoaNotYW,
}

/// Severity level a DRG was assigned at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Severity {
    /// No severity: DRG 998/999 and DRGs of no type.
    None,
    /// Without CC/MCC.
    NonCc,
    /// With CC.
    Cc,
    /// With MCC.
    Mcc,
}

impl Severity {
    fn from_level(level: CcLevel) -> Severity {
        match level {
            CcLevel::NonCc => Severity::NonCc,
            CcLevel::Cc => Severity::Cc,
            CcLevel::Mcc => Severity::Mcc,
        }
    }
}

/// One DRG assignment (initial: before HAC, final: after).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Assignment {
    pub drg: u16,
    pub mdc: u8,
    pub base_drg: u16,
    pub med_surg: MedSurg,
    pub return_code: ReturnCode,
    pub severity: Severity,
    /// The formula that assigned the DRG: (MDC list, position).
    pub formula: Option<(u8, usize)>,
    /// The Pre-MDC formula that matched (assigning or rerouting), if any.
    pub pre_mdc_formula: Option<usize>,
}

impl Assignment {
    pub fn ungroupable(return_code: ReturnCode) -> Assignment {
        Assignment {
            drg: 999,
            mdc: 0,
            base_drg: 999,
            med_surg: MedSurg::None,
            return_code,
            severity: Severity::None,
            formula: None,
            pre_mdc_formula: None,
        }
    }
}

/// A secondary diagnosis as the engine tracks it.
#[derive(Debug, Clone)]
pub struct SecondaryState<'d> {
    pub key: Option<CodeKey>,
    pub def: Option<&'d Diagnosis>,
    /// CC/MCC excluded by the principal diagnosis (CMS Table 6K part 1). Looked up only for
    /// CC/MCC codes and codes on a HAC list (false for the others: nothing reads it for them).
    pub excluded: bool,
    /// Alive-only CC/MCC of a patient who died (Table 6K part 2).
    pub death_excluded: bool,
    /// The code met a HAC criterion and no longer counts in the final DRG.
    pub hac_met: bool,
}

impl SecondaryState<'_> {
    /// Severity the code can contribute, before formula-specific suppression.
    pub fn usable_level(&self, final_pass: bool) -> Option<CcLevel> {
        let def = self.def?;
        if def.severity == CcLevel::NonCc
            || self.excluded
            || self.death_excluded
            || (final_pass && self.hac_met)
        {
            return None;
        }
        Some(def.severity)
    }
}

#[derive(Debug, Clone)]
pub struct ProcedureState<'d> {
    pub key: Option<CodeKey>,
    pub def: Option<&'d Procedure>,
    /// MDC lists in which this procedure's own attributes are ignored (cluster member).
    pub suppressed_in: u128,
}

impl ProcedureState<'_> {
    /// Whether the procedure's own attributes are ignored in MDC list `mdc`.
    pub fn suppressed_for(&self, mdc: u8) -> bool {
        mdc < 128 && self.suppressed_in & (1u128 << mdc) != 0
    }
}

/// Everything the formulas look at, for one claim.
pub struct ClaimState<'d> {
    pub defs: &'d Definitions,
    pub pdx: Option<&'d Diagnosis>,
    pub pdx_mdc: u8,
    pub sdx: Vec<SecondaryState<'d>>,
    pub procs: Vec<ProcedureState<'d>>,
    /// Satisfied clusters (indexes into `Definitions::clusters`).
    pub clusters: Vec<u32>,
    pub pdx_attrs: AttrSet,
    pub sdx_attrs: AttrSet,
    pub only_attrs: AttrSet,
    pub engine: u32,
}

/// A diagnosis code as written, its key and its definition in the version (if valid).
pub fn lookup_dx<'d>(
    defs: &'d Definitions,
    code: &str,
) -> (Option<CodeKey>, Option<&'d Diagnosis>) {
    let key = pack_normalized(code);
    (key, key.and_then(|k| defs.diagnoses.get(&k)))
}

impl<'d> ClaimState<'d> {
    /// Gather what the formulas look at for `claim`.
    pub fn new(defs: &'d Definitions, claim: &Claim) -> ClaimState<'d> {
        let (_, pdx) = lookup_dx(defs, &claim.principal_diagnosis.code);
        let died = claim.discharge_status.is_some_and(|s| s.expired());
        let (pdx_mdc, mut engine) = principal_mdc(pdx, claim.sex);
        let sdx = secondary_states(defs, claim, pdx, died);
        let mut procs: Vec<ProcedureState<'d>> = claim
            .procedures
            .iter()
            .map(|p| {
                let key = pack_normalized(&p.code);
                ProcedureState {
                    key,
                    def: key.and_then(|k| defs.procedures.get(&k)),
                    suppressed_in: 0,
                }
            })
            .collect();
        let clusters = satisfied_clusters(defs, &mut procs);

        let pdx_attrs = pdx
            .map(|p| *defs.attributes(p.attributes))
            .unwrap_or_default();
        let mut sdx_attrs = AttrSet::EMPTY;
        let mut only_attrs = pdx_attrs;
        for d in sdx.iter().filter_map(|s| s.def) {
            let a = defs.attributes(d.attributes);
            sdx_attrs.union_with(a);
            for (w, x) in only_attrs.0.iter_mut().zip(a.0.iter()) {
                *w &= x;
            }
        }
        engine |= claim_atoms(defs, claim, pdx, pdx_mdc, died);
        let mut dx_attrs = pdx_attrs;
        dx_attrs.union_with(&sdx_attrs);
        let sites = defs
            .known
            .trauma_sites
            .iter()
            .filter(|s| dx_attrs.contains(**s))
            .count();
        if sites >= 2 {
            engine |= EngineAtom::MultipleSignificantTrauma.bit();
        }
        engine |= procedure_counter_atoms(defs, &procs);

        ClaimState {
            defs,
            pdx,
            pdx_mdc,
            sdx,
            procs,
            clusters,
            pdx_attrs,
            sdx_attrs,
            only_attrs,
            engine,
        }
    }

    /// Attributes of every code on the claim as seen from MDC list `mdc` (cluster suppression).
    pub fn any_attrs_for(&self, mdc: u8) -> (AttrSet, u32) {
        let defs = self.defs;
        let mut any = self.pdx_attrs;
        any.union_with(&self.sdx_attrs);
        let mut or_procedure = false;
        for p in &self.procs {
            let Some(def) = p.def else { continue };
            if p.suppressed_for(mdc) {
                continue;
            }
            let a = defs.attributes(def.attributes);
            any.union_with(a);
            or_procedure |= defs.known.is_or_procedure(a);
        }
        for &c in &self.clusters {
            if let Some(a) = defs.clusters[c as usize].attributes {
                let a = defs.attributes(a);
                any.union_with(a);
                or_procedure |= defs.known.is_or_procedure(a);
            }
        }
        let engine = if or_procedure {
            self.engine | EngineAtom::OrProcedure.bit()
        } else {
            self.engine
        };
        (any, engine)
    }

    /// Claim severity for a formula: highest usable CC level among secondary diagnoses that do
    /// not carry one of the formula's severity-suppression attributes.
    pub fn severity_for(&self, suppression: &AttrSet, final_pass: bool) -> Severity {
        let mut best = Severity::NonCc;
        for s in &self.sdx {
            let Some(level) = s.usable_level(final_pass) else {
                continue;
            };
            if let Some(def) = s.def {
                if !suppression.is_empty()
                    && self.defs.attributes(def.attributes).intersects(suppression)
                {
                    continue;
                }
            }
            best = best.max(Severity::from_level(level));
        }
        best
    }

    /// The first formula of MDC list `list` that is true on the claim (its position and it);
    /// `severity_of` gives the claim severity for a formula.
    fn first_match(
        &self,
        list: u8,
        severity_of: &impl Fn(&Formula) -> Severity,
    ) -> Option<(usize, &'d Formula)> {
        let (any, engine) = self.any_attrs_for(list);
        let eval = Evaluator {
            state: self,
            any: &any,
            engine,
        };
        let list = usize::from(list);
        let formulas = self.defs.formulas.get(list).map_or(&[][..], Vec::as_slice);
        let gates = self.defs.gates.get(list)?;
        // The gates shut most formulas without a walk; their index finds the rest from the claim.
        let engine_table = EngineTable::new(engine);
        let bits = eval.claim_bits(&engine_table);
        for i in gates.passing(&bits) {
            let Some(f) = formulas.get(i) else { break };
            if matches!(f.outcome, Outcome::Nothing) {
                continue;
            }
            let severity = if f.uses_severity {
                severity_of(f)
            } else {
                Severity::None
            };
            if eval.eval(&f.expr, severity) {
                return Some((i, f));
            }
        }
        None
    }

    /// Assign a DRG by walking the formula lists (Pre-MDC, then the principal diagnosis MDC,
    /// following reroutes).
    pub fn assign(&self, final_pass: bool) -> Assignment {
        let mut list = 0u8;
        let mut reported_mdc = self.pdx_mdc;
        let mut pre_mdc_formula = None;
        // Most formulas suppress no attribute: their claim severity is computed once.
        let unsuppressed = self.severity_for(&AttrSet::EMPTY, final_pass);
        let severity_of = |f: &Formula| {
            if f.suppression.is_empty() {
                unsuppressed
            } else {
                self.severity_for(&f.suppression, final_pass)
            }
        };
        for _ in 0..4 {
            let matched = self.first_match(list, &severity_of);
            if list == 0 {
                pre_mdc_formula = matched.map(|(i, _)| i);
            }
            match matched {
                Some((i, f)) => match f.outcome {
                    Outcome::Assign { drg, base_drg } => {
                        // CMS reports no severity for DRGs of no type (998).
                        let severity = if f.med_surg == MedSurg::None {
                            Severity::None
                        } else {
                            severity_of(f)
                        };
                        return Assignment {
                            drg,
                            mdc: reported_mdc,
                            base_drg,
                            med_surg: f.med_surg,
                            return_code: ReturnCode::Ok,
                            severity,
                            formula: Some((list, i)),
                            pre_mdc_formula,
                        };
                    }
                    Outcome::Reroute(target) => {
                        if list == 0 {
                            reported_mdc = target;
                        }
                        list = target;
                    }
                    Outcome::Edit(edit) => return Assignment::ungroupable(edit.return_code()),
                    Outcome::Nothing => unreachable!("skipped above"),
                },
                None if list == 0 => list = self.pdx_mdc,
                None => break,
            }
        }
        Assignment::ungroupable(ReturnCode::Ok)
    }
}

impl Edit {
    /// The return code of a claim this edit stops.
    fn return_code(self) -> ReturnCode {
        match self {
            Edit::InvalidPrincipal => ReturnCode::InvalidPrincipal,
            Edit::PrincipalCannotBePrincipal => ReturnCode::PrincipalCannotBePrincipal,
            Edit::InvalidSex => ReturnCode::InvalidSex,
            Edit::InvalidDischargeStatus => ReturnCode::InvalidDischargeStatus,
        }
    }
}

/// The principal diagnosis MDC (sex-dependent for some codes) and the atoms it sets.
fn principal_mdc(pdx: Option<&Diagnosis>, sex: Sex) -> (u8, u32) {
    let Some(p) = pdx else {
        return (0, EngineAtom::InvalidPrincipal.bit());
    };
    let Some((male, female)) = p.sex_mdc else {
        return (p.mdc, 0);
    };
    match sex {
        Sex::Male if male >= 0 => (male as u8, 0),
        Sex::Female if female >= 0 => (female as u8, 0),
        // CMS Java reports the female MDC when the sex is unknown (e.g. A5601: 13, not its
        // table MDC 12).
        Sex::Unknown if female >= 0 => (female as u8, EngineAtom::InvalidSex.bit()),
        Sex::Unknown => (p.mdc, EngineAtom::InvalidSex.bit()),
        _ => (p.mdc, 0),
    }
}

/// Secondary diagnoses with their CC exclusions (Table 6K parts 1 and 2).
fn secondary_states<'d>(
    defs: &'d Definitions,
    claim: &Claim,
    pdx: Option<&Diagnosis>,
    died: bool,
) -> Vec<SecondaryState<'d>> {
    let exclusion_group = pdx.and_then(|p| p.exclusion_group);
    let mccalive = defs.known.mccalive;
    claim
        .secondary_diagnoses
        .iter()
        .map(|d| {
            let (key, def) = lookup_dx(defs, &d.code);
            // Codes are canonical (upper case, no dots): CMS Java's quirk of never
            // CC-excluding a lower-case secondary diagnosis is deliberately not reproduced.
            // Only CC/MCC codes and HAC-listed codes are ever asked whether they are excluded:
            // the others skip the look-up into the group's members.
            let excluded = match (exclusion_group, key, def) {
                (Some(g), Some(k), Some(d)) if d.severity != CcLevel::NonCc || d.hac_lists != 0 => {
                    defs.excludes(g, k)
                }
                _ => false,
            };
            let death_excluded = died
                && def.is_some_and(|d| {
                    mccalive.is_some_and(|m| defs.attributes(d.attributes).contains(m))
                });
            SecondaryState {
                key,
                def,
                excluded,
                death_excluded,
                hac_met: false,
            }
        })
        .collect()
}

/// Clusters satisfied by the claim's procedures (every choice slot filled), marking their
/// members' MDC suppression.
///
/// Linear in the claim's procedures: each cluster a procedure can take part in is checked once,
/// against the set of the claim's valid procedure codes, in the order the procedures name them.
fn satisfied_clusters(defs: &Definitions, procs: &mut [ProcedureState<'_>]) -> Vec<u32> {
    if !procs.iter().any(|p| p.def.is_some_and(|d| d.clusters != 0)) {
        return Vec::new();
    }
    let valid: HashSet<CodeKey> = procs
        .iter()
        .filter(|p| p.def.is_some())
        .filter_map(|p| p.key)
        .collect();
    let mut checked: HashSet<u32> = HashSet::default();
    let mut clusters: Vec<u32> = Vec::new();
    for def in procs.iter().filter_map(|p| p.def) {
        for &c in defs.procedure_clusters(def) {
            if !checked.insert(c) {
                continue;
            }
            let cluster = &defs.clusters[c as usize];
            let filled = cluster
                .choices
                .iter()
                .all(|slot| slot.iter().any(|code| valid.contains(code)));
            if filled {
                clusters.push(c);
            }
        }
    }
    // Each member code's suppression: the union over the satisfied clusters it is in.
    let mut suppression: HashMap<CodeKey, u128> = HashMap::default();
    for &c in &clusters {
        let cluster = &defs.clusters[c as usize];
        for code in cluster.choices.iter().flatten() {
            *suppression.entry(*code).or_default() |= cluster.suppression_mdcs;
        }
    }
    for p in procs.iter_mut().filter(|p| p.def.is_some()) {
        if let Some(mask) = p.key.and_then(|k| suppression.get(&k)) {
            p.suppressed_in |= mask;
        }
    }
    clusters
}

/// Engine atoms from the claim fields: discharge status, external-cause principal, MDC 20.
fn claim_atoms(
    defs: &Definitions,
    claim: &Claim,
    pdx: Option<&Diagnosis>,
    pdx_mdc: u8,
    died: bool,
) -> u32 {
    let mut engine = EngineAtom::AnyDiagnosis.bit();
    engine |= if died {
        EngineAtom::Died.bit()
    } else {
        EngineAtom::Alive.bit()
    };
    let status = claim.discharge_status;
    if status.is_some_and(|s| s.left_against_medical_advice()) {
        engine |= EngineAtom::LeftAgainstMedicalAdvice.bit();
    }
    if status.is_some_and(|s| s.grouper_transfer_to_acute()) {
        engine |= EngineAtom::TransferToAcute.bit();
    }
    let valid_status = status
        .and_then(|s| s.table_index())
        .is_some_and(|s| defs.valid_discharge_statuses[s]);
    if !valid_status {
        engine |= EngineAtom::InvalidDischargeStatus.bit();
    }
    if pdx.is_some_and(|p| {
        defs.known
            .ecode
            .is_some_and(|e| defs.attributes(p.attributes).contains(e))
    }) {
        engine |= EngineAtom::PrincipalExternalCause.bit();
    }
    if pdx_mdc == 20 {
        engine |= EngineAtom::Mdc20FallThrough.bit();
    }
    engine
}

/// Counter atoms over every valid procedure: bilateral joints, vessels, stents, fusions.
fn procedure_counter_atoms(defs: &Definitions, procs: &[ProcedureState<'_>]) -> u32 {
    let known = &defs.known;
    let mut joints = AttrSet::EMPTY;
    let (mut vessels, mut stents, mut drug_stents, mut bare_stents) = (0, 0, 0, 0);
    let (mut sglant, mut sglpost, mut sglpost1, mut sglantsectx) = (0, 0, 0, 0);
    for def in procs.iter().filter_map(|p| p.def) {
        let a = defs.attributes(def.attributes);
        for j in known.joints.iter().filter(|j| a.contains(**j)) {
            joints.insert(*j);
        }
        for (_, n) in known.vessels.iter().filter(|(id, _)| a.contains(*id)) {
            vessels += n;
        }
        for (_, n) in known.stents.iter().filter(|(id, _)| a.contains(*id)) {
            stents += n;
            if known.drug_stent.is_some_and(|d| a.contains(d)) {
                drug_stents += n;
            }
            if known.bare_stent.is_some_and(|d| a.contains(d)) {
                bare_stents += n;
            }
        }
        let has = |id: Option<u16>| id.is_some_and(|i| a.contains(i)) as u32;
        sglant += has(known.sglantfuse);
        sglpost += has(known.sglpostfuse);
        sglpost1 += has(known.sglpostfuse1);
        sglantsectx += has(known.sglantsectxfuse);
    }
    let atoms = [
        (joints.len() >= 2, EngineAtom::Bilateral),
        (vessels >= 4, EngineAtom::FourVessels),
        (stents >= 4, EngineAtom::FourStents),
        (drug_stents >= 4, EngineAtom::FourDrugElutingStents),
        (bare_stents >= 4, EngineAtom::FourNonDrugElutingStents),
        (sglant + sglpost1 > 1, EngineAtom::MultipleFusion),
        (sglantsectx > 1, EngineAtom::SingleAnteriorSectionFusions),
        (sglpost > 1, EngineAtom::SinglePosteriorFusions),
        // CMS Java: three or more single-level fusions count as multiple-level only when both
        // approaches are present (oracle README, difference 12).
        (
            sglant + sglpost >= 3 && sglant >= 1 && sglpost >= 1,
            EngineAtom::SingleFusions,
        ),
        (sglant >= 2, EngineAtom::SingleAnteriorFusions),
        (sglpost1 >= 2, EngineAtom::SinglePosterior1Fusions),
    ];
    atoms
        .iter()
        .filter(|(on, _)| *on)
        .fold(0, |engine, (_, atom)| engine | atom.bit())
}

/// Evaluates formulas against one claim state and MDC list.
pub struct Evaluator<'s, 'd> {
    pub state: &'s ClaimState<'d>,
    pub any: &'s AttrSet,
    pub engine: u32,
}

impl Evaluator<'_, '_> {
    fn attribute(&self, scope: Scope, id: u16) -> bool {
        match scope {
            Scope::Any | Scope::Bare => self.any.contains(id),
            Scope::Principal => self.state.pdx_attrs.contains(id),
            Scope::Secondary => self.state.sdx_attrs.contains(id),
            Scope::Only => self.state.only_attrs.contains(id),
        }
    }

    /// What the formula gates read of the claim.
    pub fn claim_bits<'t>(&'t self, engine: &'t EngineTable) -> ClaimBits<'t> {
        ClaimBits::new(
            [
                &self.any.0,
                &self.state.pdx_attrs.0,
                &self.state.sdx_attrs.0,
                &self.state.only_attrs.0,
            ],
            engine,
        )
    }

    /// Whether a gate atom holds (as the expression it stands for would evaluate): the
    /// reference the packed gates are tested against.
    #[cfg(test)]
    pub fn holds(&self, atom: GateAtom) -> bool {
        match atom {
            GateAtom::Attribute(scope, id) => self.attribute(scope, id),
            GateAtom::Engine(bit) => self.engine & bit != 0,
        }
    }

    /// Evaluate a formula that tests no severity (HAC formulas).
    pub fn eval_plain(&self, expr: &Expr) -> bool {
        self.eval(expr, Severity::None)
    }

    /// Evaluate `expr`, where `severity` is the claim severity for its formula
    /// ([`ClaimState::severity_for`] with the formula's suppression).
    pub fn eval(&self, expr: &Expr, severity: Severity) -> bool {
        match expr {
            Expr::Or(v) => v.iter().any(|e| self.eval(e, severity)),
            Expr::And(v) => v.iter().all(|e| self.eval(e, severity)),
            Expr::Not(e) => !self.eval(e, severity),
            Expr::Attribute(scope, id) => self.attribute(*scope, *id),
            Expr::Mcc => severity == Severity::Mcc,
            Expr::Cc => severity == Severity::Cc,
            Expr::Engine(atom) => self.engine & atom.bit() != 0,
            Expr::Never => false,
        }
    }
}
