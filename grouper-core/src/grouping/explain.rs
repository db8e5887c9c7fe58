//! Why a claim got its DRG, from the engine's own run (never a second model of the rules): the
//! MDC and why, the DRG rule that matched with the claim's codes that satisfied each part,
//! which codes set the severity and why every other secondary diagnosis did not, and the HAC
//! effect.

use serde::Serialize;

use super::claim::Claim;
use super::definitions::{Definitions, Expr, Formula};
use super::engine::{Assignment, ClaimState, Severity};
use super::final_drg::HacStatus;
use super::formula::Scope;
use super::pipeline::{self, Run};
use super::result::GroupingResult;
use crate::attributes::AttrSet;
use crate::codes::normalize;
use crate::tables::{CcLevel, MedSurg};

/// The DRG rule (a formula of CMS's `drg_formulas`) that assigned a DRG.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MatchedRule {
    /// The formula list: `Pre-MDC` or `MDC 05`.
    pub list: String,
    /// The DRG it assigns.
    pub drg: u16,
    /// The formula as CMS writes it, with its list names (`PDX:HEARTFAIL & (MCC | CC)`).
    pub formula: String,
    /// For each list name of the formula that the claim satisfied, the claim's codes that
    /// carry it.
    pub satisfied_by: Vec<Evidence>,
}

/// One part of a formula and the claim's codes that satisfy it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// The list name as the formula writes it (`PDX:HEARTFAIL`, `MCC`, `DIED`).
    pub term: String,
    /// The codes that carry it (empty for a claim-level term such as `DIED`).
    pub codes: Vec<String>,
}

/// A secondary diagnosis and what it did to the severity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SecondaryReason {
    /// The code, canonical.
    pub code: String,
    /// Its CC level in the version (`null` when the code is not valid).
    pub level: Option<CcLevel>,
    /// Whether it counted for the severity of the final DRG's rule.
    pub counts: bool,
    /// Why it counts or does not.
    pub reason: String,
}

/// Why the claim got its DRG.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    /// The grouping result explained (the output contract).
    pub result: GroupingResult,
    /// The MDC and why.
    pub mdc_reason: String,
    /// Medical or surgical and why.
    pub med_surg_reason: String,
    /// The rule that assigned the initial DRG, when one did.
    pub initial_rule: Option<MatchedRule>,
    /// The rule that assigned the final DRG when HAC processing regrouped the claim.
    pub final_rule: Option<MatchedRule>,
    /// The claim severity and the codes that set it.
    pub severity_reason: String,
    /// The secondary diagnoses that set the severity of the final DRG (they affect the DRG).
    pub severity_set_by: Vec<String>,
    /// Every secondary diagnosis, in claim order.
    pub secondary: Vec<SecondaryReason>,
    /// What hospital-acquired-condition processing did.
    pub hac_reason: String,
}

/// Explain the grouping of `claim` with one version's definitions.
pub(crate) fn explain(defs: &Definitions, claim: &Claim) -> Explanation {
    let run = pipeline::run(defs, claim);
    let result = pipeline::result(defs, claim, &run);
    let initial_rule = matched_rule(defs, &run.state, &run.initial, false);
    // HAC processing regroups without the codes that met a HAC: the DRG, or only its
    // severity, can change; the final assignment is the one paid.
    let regrouped =
        run.final_.drg != run.initial.drg || run.final_.severity != run.initial.severity;
    let final_rule = regrouped
        .then(|| matched_rule(defs, &run.state, &run.final_, true))
        .flatten();
    let paid = &run.final_;
    let severity_set_by = severity_codes(&result, paid);
    Explanation {
        mdc_reason: mdc_reason(defs, claim, &run),
        med_surg_reason: med_surg_reason(&result, paid),
        severity_reason: severity_reason(paid, &severity_set_by),
        severity_set_by,
        secondary: secondary_reasons(defs, claim, &run, paid),
        hac_reason: hac_reason(&run),
        initial_rule,
        final_rule,
        result,
    }
}

fn list_name(list: u8) -> String {
    if list == 0 {
        "Pre-MDC".to_string()
    } else {
        format!("MDC {list:02}")
    }
}

fn formula_of<'d>(defs: &'d Definitions, a: &Assignment) -> Option<(u8, &'d Formula)> {
    let (list, i) = a.formula?;
    let f = defs.formulas.get(usize::from(list))?.get(i)?;
    Some((list, f))
}

fn mdc_reason(defs: &Definitions, claim: &Claim, run: &Run<'_>) -> String {
    let pdx = normalize(&claim.principal_diagnosis.code);
    let Some(def) = run.state.pdx else {
        return format!(
            "principal diagnosis {pdx:?} is not a valid code in v{}: no MDC",
            defs.version
        );
    };
    let mut reason = format!(
        "principal diagnosis {pdx} is in MDC {:02}",
        run.state.pdx_mdc
    );
    if def.sex_mdc.is_some() {
        reason.push_str(&format!(
            " (its MDC depends on the patient's sex; table MDC {:02})",
            def.mdc
        ));
    }
    match formula_of(defs, &run.initial) {
        Some((0, _)) => reason.push_str(": a Pre-MDC rule assigned the DRG before any MDC"),
        Some((list, _)) if list != run.state.pdx_mdc => reason.push_str(&format!(
            "; the claim was rerouted to {} ({})",
            list_name(list),
            match list {
                24 => "multiple significant trauma",
                25 => "HIV infection",
                _ => "a CMS reroute rule",
            }
        )),
        _ => {}
    }
    reason
}

fn med_surg_reason(result: &GroupingResult, paid: &Assignment) -> String {
    match paid.med_surg {
        MedSurg::Surgical => {
            let drivers: Vec<&str> = result
                .procedures
                .iter()
                .filter(|p| p.is_or && p.drg_impact != super::marking::DrgImpact::None)
                .map(|p| p.code.as_str())
                .collect();
            if drivers.is_empty() {
                "surgical: the rule tests the claim's procedures".to_string()
            } else {
                format!(
                    "surgical: O.R. procedure {} determined the DRG",
                    drivers.join(", ")
                )
            }
        }
        MedSurg::Medical if result.procedures.iter().any(|p| p.is_or) => {
            "medical: the O.R. procedures on the claim are not ones the MDC's surgical rules list"
                .to_string()
        }
        MedSurg::Medical => "medical: no O.R. procedure on the claim".to_string(),
        MedSurg::None => "no DRG type (ungroupable or a DRG without type)".to_string(),
    }
}

/// The secondary diagnoses at the claim's severity level that affected the final DRG.
fn severity_codes(result: &GroupingResult, paid: &Assignment) -> Vec<String> {
    let level = match paid.severity {
        Severity::Mcc => CcLevel::Mcc,
        Severity::Cc => CcLevel::Cc,
        Severity::NonCc | Severity::None => return Vec::new(),
    };
    result
        .secondary_diagnoses
        .iter()
        .filter(|d| {
            use super::marking::DrgImpact;
            d.severity == Some(level) && matches!(d.drg_impact, DrgImpact::Final | DrgImpact::Both)
        })
        .map(|d| d.code.to_string())
        .collect()
}

fn severity_reason(paid: &Assignment, set_by: &[String]) -> String {
    let codes = set_by.join(", ");
    match paid.severity {
        Severity::Mcc => format!("with MCC: set by {codes}"),
        Severity::Cc => format!("with CC: set by {codes}"),
        Severity::NonCc => {
            "without CC/MCC: no secondary diagnosis counts as a CC or MCC".to_string()
        }
        Severity::None => "the DRG's rule does not depend on severity".to_string(),
    }
}

/// Why the DRG differs between two explanations of the same discharge (an edit, or another
/// grouper version): the MDC, the rule, and each code whose level or standing changed.
pub fn differences(before: &Explanation, after: &Explanation) -> Vec<String> {
    let mut out = Vec::new();
    if before.result.version != after.result.version {
        out.push(format!(
            "grouper version {} -> {}",
            before.result.version, after.result.version
        ));
    }
    if before.mdc_reason != after.mdc_reason {
        out.push(format!(
            "MDC: {} -> {}",
            before.mdc_reason, after.mdc_reason
        ));
    }
    let rule = |e: &Explanation| {
        e.final_rule
            .as_ref()
            .or(e.initial_rule.as_ref())
            .map(|r| format!("{} DRG {:03}: {}", r.list, r.drg, r.formula))
    };
    if rule(before) != rule(after) {
        let text = |r: Option<String>| r.unwrap_or_else(|| "no rule".to_string());
        out.push(format!(
            "rule: {} -> {}",
            text(rule(before)),
            text(rule(after))
        ));
        // The terms the new rule found on the claim that the old one did not: a code's
        // attributes (its CMS lists) in the new tables, or a code the edit added.
        let evidence = |e: &Explanation| -> Vec<Evidence> {
            let r = e.final_rule.as_ref().or(e.initial_rule.as_ref());
            r.map(|r| r.satisfied_by.clone()).unwrap_or_default()
        };
        let old = evidence(before);
        for ev in evidence(after) {
            if !old.contains(&ev) && !ev.codes.is_empty() {
                out.push(format!(
                    "{} now satisfied by {}",
                    ev.term,
                    ev.codes.join(", ")
                ));
            }
        }
    }
    for b in &before.secondary {
        match after.secondary.iter().find(|a| a.code == b.code) {
            None => out.push(format!("{} removed (it was: {})", b.code, b.reason)),
            Some(a) if a.level != b.level => out.push(format!(
                "{}: CC level {} -> {}",
                b.code,
                level_text(b.level),
                level_text(a.level)
            )),
            Some(a) if a.counts != b.counts || a.reason != b.reason => {
                out.push(format!("{}: {} -> {}", b.code, b.reason, a.reason))
            }
            Some(_) => {}
        }
    }
    for a in &after.secondary {
        if !before.secondary.iter().any(|b| b.code == a.code) {
            out.push(format!("{} added: {}", a.code, a.reason));
        }
    }
    out
}

fn level_text(level: Option<CcLevel>) -> &'static str {
    match level {
        None => "invalid",
        Some(CcLevel::NonCc) => "non-CC",
        Some(CcLevel::Cc) => "CC",
        Some(CcLevel::Mcc) => "MCC",
    }
}

fn secondary_reasons(
    defs: &Definitions,
    claim: &Claim,
    run: &Run<'_>,
    paid: &Assignment,
) -> Vec<SecondaryReason> {
    let final_pass = matches!(
        run.hac_status,
        HacStatus::FinalDrgChanges | HacStatus::FinalDrgNoChange
    );
    let suppression = formula_of(defs, paid)
        .map(|(_, f)| f.suppression)
        .unwrap_or(AttrSet::EMPTY);
    let pdx = normalize(&claim.principal_diagnosis.code);
    let died = claim.discharge_status.is_some_and(|s| s.expired());
    claim
        .secondary_diagnoses
        .iter()
        .zip(&run.state.sdx)
        .map(|(d, s)| {
            let code = normalize(&d.code);
            let Some(def) = s.def else {
                return SecondaryReason {
                    code,
                    level: None,
                    counts: false,
                    reason: format!("not a valid code in v{}", defs.version),
                };
            };
            let suppressed = !suppression.is_empty()
                && defs.attributes(def.attributes).intersects(&suppression);
            let (counts, reason) = match def.severity {
                CcLevel::NonCc => (false, "not a CC or MCC".to_string()),
                _ if s.excluded => (
                    false,
                    format!("CC/MCC excluded by principal diagnosis {pdx} (CMS CC exclusion list)"),
                ),
                _ if s.death_excluded && died => (
                    false,
                    "an MCC only when the patient is discharged alive; the patient expired"
                        .to_string(),
                ),
                _ if final_pass && s.hac_met => (
                    false,
                    "a hospital-acquired condition not present on admission: not counted in the final DRG"
                        .to_string(),
                ),
                _ if suppressed => (
                    false,
                    "its severity is not used by this DRG's rule (CMS severity suppression)".to_string(),
                ),
                level => (true, format!("counts as {}", level_name(level))),
            };
            SecondaryReason {
                code,
                level: Some(def.severity),
                counts,
                reason,
            }
        })
        .collect()
}

fn level_name(level: CcLevel) -> &'static str {
    match level {
        CcLevel::NonCc => "neither CC nor MCC",
        CcLevel::Cc => "a CC",
        CcLevel::Mcc => "an MCC",
    }
}

fn hac_reason(run: &Run<'_>) -> String {
    let hacs: Vec<String> = run.findings.met.iter().map(|n| format!("{n:02}")).collect();
    match run.hac_status {
        HacStatus::NotApplicable if hacs.is_empty() => {
            "no hospital-acquired condition applies".to_string()
        }
        HacStatus::NotApplicable => format!("HAC {} met but not applied", hacs.join(", ")),
        HacStatus::FinalDrgNoChange => format!(
            "HAC {} met (not present on admission): the codes no longer count, the DRG stays {:03}",
            hacs.join(", "),
            run.final_.drg
        ),
        HacStatus::FinalDrgChanges => format!(
            "HAC {} met (not present on admission): regrouped without those codes, DRG {:03} -> {:03}",
            hacs.join(", "),
            run.initial.drg,
            run.final_.drg
        ),
        HacStatus::FinalDrgUngroupable => format!(
            "HAC {} met and the POA status makes the final DRG ungroupable",
            hacs.join(", ")
        ),
    }
}

/// The rule that made `a`, rendered, with the claim's evidence for each satisfied term.
fn matched_rule(
    defs: &Definitions,
    state: &ClaimState<'_>,
    a: &Assignment,
    final_pass: bool,
) -> Option<MatchedRule> {
    let (list, f) = formula_of(defs, a)?;
    let severity = state.severity_for(&f.suppression, final_pass);
    let mut satisfied_by = Vec::new();
    let mut render = Renderer {
        defs,
        state,
        list,
        severity,
        evidence: &mut satisfied_by,
    };
    let formula = render.expr(&f.expr, 0);
    Some(MatchedRule {
        list: list_name(list),
        drg: a.drg,
        formula,
        satisfied_by,
    })
}

struct Renderer<'a, 'd> {
    defs: &'d Definitions,
    state: &'a ClaimState<'d>,
    list: u8,
    severity: Severity,
    evidence: &'a mut Vec<Evidence>,
}

impl Renderer<'_, '_> {
    /// `expr` as CMS writes it; satisfied terms are recorded with their codes.
    fn expr(&mut self, expr: &Expr, depth: usize) -> String {
        let join = |r: &mut Self, parts: &[Expr], op: &str| {
            let text: Vec<String> = parts.iter().map(|e| r.expr(e, depth + 1)).collect();
            let joined = text.join(op);
            if depth > 0 && parts.len() > 1 {
                format!("({joined})")
            } else {
                joined
            }
        };
        match expr {
            Expr::Or(parts) => join(self, parts, " | "),
            Expr::And(parts) => join(self, parts, " & "),
            Expr::Not(inner) => format!("~{}", self.expr(inner, depth + 1)),
            Expr::Attribute(scope, id) => {
                let name = self.defs.vocabulary.name(*id);
                let term = match scope {
                    Scope::Bare => name.to_string(),
                    Scope::Any => format!("ANY:{name}"),
                    Scope::Principal => format!("PDX:{name}"),
                    Scope::Secondary => format!("SDX:{name}"),
                    Scope::Only => format!("ONLY:{name}"),
                };
                let codes = self.codes_with(*scope, *id);
                if !codes.is_empty() {
                    self.record(&term, codes);
                }
                term
            }
            Expr::Mcc => {
                if self.severity == Severity::Mcc {
                    self.record("MCC", self.severity_codes(CcLevel::Mcc));
                }
                "MCC".to_string()
            }
            Expr::Cc => {
                if self.severity == Severity::Cc {
                    self.record("CC", self.severity_codes(CcLevel::Cc));
                }
                "CC".to_string()
            }
            Expr::Engine(atom) => {
                let term = atom.name();
                let (_, engine) = self.state.any_attrs_for(self.list);
                if engine & atom.bit() != 0 {
                    self.record(term, Vec::new());
                }
                term.to_string()
            }
            Expr::Never => "(list marker)".to_string(),
        }
    }

    fn record(&mut self, term: &str, codes: Vec<String>) {
        if !self.evidence.iter().any(|e| e.term == term) {
            self.evidence.push(Evidence {
                term: term.to_string(),
                codes,
            });
        }
    }

    fn severity_codes(&self, level: CcLevel) -> Vec<String> {
        self.state
            .sdx
            .iter()
            .filter(|s| {
                s.def.is_some_and(|d| d.severity == level) && s.usable_level(false).is_some()
            })
            .filter_map(|s| s.key.map(crate::codes::unpack))
            .collect()
    }

    /// The claim's codes that carry attribute `id` where `scope` looks.
    fn codes_with(&self, scope: Scope, id: u16) -> Vec<String> {
        let defs = self.defs;
        let has = |attributes: u32| defs.attributes(attributes).contains(id);
        let mut codes = Vec::new();
        let pdx = self.state.pdx.filter(|d| has(d.attributes));
        let principal = matches!(
            scope,
            Scope::Principal | Scope::Any | Scope::Bare | Scope::Only
        );
        if principal && pdx.is_some() {
            codes.push("principal diagnosis".to_string());
        }
        if matches!(
            scope,
            Scope::Secondary | Scope::Any | Scope::Bare | Scope::Only
        ) {
            for s in &self.state.sdx {
                if let (Some(key), Some(def)) = (s.key, s.def) {
                    if has(def.attributes) {
                        codes.push(crate::codes::unpack(key));
                    }
                }
            }
        }
        if matches!(scope, Scope::Any | Scope::Bare) {
            for p in &self.state.procs {
                if let (Some(key), Some(def)) = (p.key, p.def) {
                    if !p.suppressed_for(self.list) && has(def.attributes) {
                        codes.push(crate::codes::unpack(key));
                    }
                }
            }
            for &c in &self.state.clusters {
                if defs.clusters[c as usize].attributes.is_some_and(has) {
                    codes.push("a procedure cluster".to_string());
                }
            }
        }
        codes
    }
}
