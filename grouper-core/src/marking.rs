//! Which codes affected the DRG ("drg_impact"), as the CMS Java grouper marks them.
//!
//! After a formula assigns the DRG, the atoms that made it true are collected (both sides of a
//! true OR, nothing under a NOT). Each atom marks at most one secondary diagnosis: the first in
//! clinical-significance order (MCC, CC, others; then by code) that carries it, or for the
//! `MCC`/`CC` atoms whose own level equals it and which counted. Procedures are marked for the
//! bare atoms: one procedure carrying all of them if there is one, else one per atom.

use crate::definitions::{Definitions, EngineAtom, Expr};
use crate::engine::{Assignment, ClaimState, Evaluator, ProcedureState, ReturnCode, Severity};
use crate::formula::Scope;
use crate::result::{DiagnosisResult, DrgImpact, HacCriterion, ProcedureResult};
use crate::tables::CcLevel;

/// Whether a procedure is reported as an O.R. procedure.
pub fn is_or(defs: &Definitions, p: &ProcedureState<'_>) -> bool {
    match p.def {
        None => defs.invalid_procedure_is_or,
        Some(def) => {
            let a = defs.attributes(def.attributes);
            defs.known.is_or_procedure(a) || defs.known.or_necessary.is_some_and(|i| a.contains(i))
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Matched {
    Attribute(Scope, u16),
    Mcc,
    Cc,
    Engine(EngineAtom),
}

fn collect(expr: &Expr, eval: &Evaluator<'_, '_>, severity: Severity, out: &mut Vec<Matched>) {
    let leaf = match expr {
        Expr::And(v) => return v.iter().for_each(|e| collect(e, eval, severity, out)),
        Expr::Or(v) => {
            // Only the first true alternative counts.
            if let Some(e) = v.iter().find(|e| eval.eval(e, severity)) {
                collect(e, eval, severity, out);
            }
            return;
        }
        Expr::Not(_) | Expr::Never => return,
        Expr::Attribute(scope, id) => Matched::Attribute(*scope, *id),
        Expr::Mcc => Matched::Mcc,
        Expr::Cc => Matched::Cc,
        Expr::Engine(a) => Matched::Engine(*a),
    };
    if eval.eval(expr, severity) && !out.contains(&leaf) {
        out.push(leaf);
    }
}

/// MS-DRG 794, "Neonate with other significant problems", which CMS Java marks specially.
const NEONATE_OTHER_PROBLEMS_DRG: u16 = 794;

struct Marks {
    sdx: Vec<bool>,
    procs: Vec<bool>,
}

/// Marks of one phase (initial or final).
fn mark_phase(state: &ClaimState<'_>, a: &Assignment, final_pass: bool) -> Option<Marks> {
    let defs = state.defs;
    let (list, index) = a.formula?;
    let formula = &defs.formulas[usize::from(list)][index];
    let (any, engine) = state.any_attrs_for(list);
    let eval = Evaluator {
        state,
        any: &any,
        engine,
        final_pass,
    };
    let mut matched = Vec::new();
    let severity = state.severity_for(&formula.suppression, final_pass);
    collect(&formula.expr, &eval, severity, &mut matched);

    let mut marks = Marks {
        sdx: vec![false; state.sdx.len()],
        procs: vec![false; state.procs.len()],
    };

    // Secondary diagnoses, in clinical-significance order.
    let mut order: Vec<usize> = (0..state.sdx.len())
        .filter(|i| state.sdx[*i].def.is_some())
        .collect();
    let code_of = |i: usize| state.sdx[i].key.unwrap_or(0);
    order.sort_by(|x, y| {
        let lx = state.sdx[*x]
            .def
            .map(|d| d.severity)
            .unwrap_or(CcLevel::NonCc);
        let ly = state.sdx[*y]
            .def
            .map(|d| d.severity)
            .unwrap_or(CcLevel::NonCc);
        ly.cmp(&lx).then(code_of(*x).cmp(&code_of(*y)))
    });
    let pdx_own = state.pdx.map(|p| *defs.attributes(p.own_attributes));
    // CMS Java: evaluating `ONLY:incident` flags the first secondary diagnosis (in this order)
    // that is not incidental, and for DRG 794 (neonate with other significant problems) that
    // code is marked.
    if a.drg == NEONATE_OTHER_PROBLEMS_DRG {
        if let (Some(inc), Some(p)) = (defs.known.incident, state.pdx) {
            if defs.attributes(p.attributes).contains(inc) {
                if let Some(i) = order.iter().copied().find(|i| {
                    state.sdx[*i]
                        .def
                        .is_some_and(|d| !defs.attributes(d.attributes).contains(inc))
                }) {
                    marks.sdx[i] = true;
                }
            }
        }
    }
    let mut remaining: Vec<Matched> = matched.clone();
    if a.drg == NEONATE_OTHER_PROBLEMS_DRG {
        remaining.clear();
    }
    for i in order {
        let s = &state.sdx[i];
        let Some(def) = s.def else { continue };
        let attrs = defs.attributes(def.marking_attributes);
        let all_attrs = defs.attributes(def.attributes);
        let hit = remaining.iter().position(|m| match *m {
            Matched::Attribute(Scope::Bare | Scope::Any, id) => {
                !pdx_own.is_some_and(|p| p.contains(id)) && attrs.contains(id)
            }
            Matched::Attribute(Scope::Secondary, id) => attrs.contains(id),
            Matched::Mcc | Matched::Cc => {
                let level = if *m == Matched::Mcc {
                    CcLevel::Mcc
                } else {
                    CcLevel::Cc
                };
                // HAC codes still mark in the final pass (CMS Java), though they did not count.
                s.usable_level(false) == Some(level) && !all_attrs.intersects(&formula.suppression)
            }
            _ => false,
        });
        if let Some(h) = hit {
            marks.sdx[i] = true;
            remaining.remove(h);
        }
    }

    // Procedures, for the bare atoms of the formula.
    let proc_atoms: Vec<Matched> = matched
        .iter()
        .copied()
        .filter(|m| {
            matches!(
                m,
                Matched::Attribute(Scope::Bare, _) | Matched::Engine(EngineAtom::OrProcedure)
            )
        })
        .collect();
    // CMS Java checks cluster suppression against the principal diagnosis MDC (the unrelated
    // O.R. list for 981-989), not the list that assigned the DRG.
    let mdc = if matches!(a.drg, 981..=983 | 987..=989) {
        29
    } else {
        state.pdx_mdc
    };
    // Clinical-significance order for procedures: by code.
    let mut proc_order: Vec<usize> = (0..state.procs.len()).collect();
    proc_order.sort_by_key(|j| state.procs[*j].key.unwrap_or(u64::MAX));
    let suppressed = |p: &ProcedureState<'_>| p.suppressed_for(mdc);
    let carries = |attrs: &crate::attributes::AttrSet, m: &Matched| match m {
        Matched::Attribute(_, id) => attrs.contains(*id),
        Matched::Engine(EngineAtom::OrProcedure) => defs.known.is_or_procedure(attrs),
        _ => false,
    };
    let proc_attrs = |p: &ProcedureState<'_>| p.def.map(|d| defs.attributes(d.attributes));
    let has_all = |p: &ProcedureState<'_>| {
        !suppressed(p) && proc_attrs(p).is_some_and(|a| proc_atoms.iter().all(|m| carries(a, m)))
    };
    let cluster_members = |c: u32, marks: &mut Marks| {
        let cluster = &defs.clusters[c as usize];
        for (j, q) in state.procs.iter().enumerate() {
            if q.def.is_some()
                && cluster
                    .choices
                    .iter()
                    .any(|slot| slot.iter().any(|code| Some(*code) == q.key))
            {
                marks.procs[j] = true;
            }
        }
    };
    if !proc_atoms.is_empty() && !state.procs.is_empty() {
        if has_all(&state.procs[0]) {
            marks.procs[0] = true;
        } else if let Some(j) = proc_order
            .iter()
            .copied()
            .find(|j| has_all(&state.procs[*j]))
        {
            marks.procs[j] = true;
        } else if let Some(c) = state.clusters.iter().copied().find(|c| {
            defs.clusters[*c as usize]
                .attributes
                .is_some_and(|a| proc_atoms.iter().all(|m| carries(defs.attributes(a), m)))
        }) {
            cluster_members(c, &mut marks);
        } else {
            for m in &proc_atoms {
                let carrying = |j: &usize| {
                    let p = &state.procs[*j];
                    !suppressed(p) && proc_attrs(p).is_some_and(|a| carries(a, m))
                };
                // The first procedure if it qualifies, else the first in code order.
                let chosen = if carrying(&0) {
                    Some(0)
                } else {
                    proc_order.iter().copied().find(carrying)
                };
                if let Some(j) = chosen {
                    marks.procs[j] = true;
                } else if let Some(c) = state.clusters.iter().copied().find(|c| {
                    defs.clusters[*c as usize]
                        .attributes
                        .is_some_and(|a| carries(defs.attributes(a), m))
                }) {
                    cluster_members(c, &mut marks);
                }
            }
        }
    }

    // Counter atoms (fusions, bilateral joints, stents, vessels): CMS Java marks just enough
    // procedures to reach the count, the first procedure first, then in code order.
    let k = &defs.known;
    let mut counter_order: Vec<usize> = vec![0];
    counter_order.extend(proc_order.iter().copied().filter(|j| *j != 0));
    counter_order.retain(|j| *j < state.procs.len());
    for m in &matched {
        let Matched::Engine(atom) = m else { continue };
        let single = |ids: &[Option<u16>]| -> Vec<(u16, u32)> {
            ids.iter().flatten().map(|id| (*id, 1)).collect()
        };
        let (weights, needed): (Vec<(u16, u32)>, u32) = match atom {
            EngineAtom::MultipleFusion => (single(&[k.sglantfuse, k.sglpostfuse1]), 2),
            EngineAtom::SingleAnteriorSectionFusions => (single(&[k.sglantsectxfuse]), 2),
            EngineAtom::SinglePosteriorFusions => (single(&[k.sglpostfuse]), 2),
            EngineAtom::SingleFusions => (single(&[k.sglantfuse, k.sglpostfuse]), 3),
            EngineAtom::SingleAnteriorFusions => (single(&[k.sglantfuse]), 2),
            EngineAtom::SinglePosterior1Fusions => (single(&[k.sglpostfuse1]), 2),
            EngineAtom::Bilateral => (k.joints.iter().map(|j| (*j, 1)).collect(), 2),
            EngineAtom::FourVessels => (k.vessels.clone(), 4),
            EngineAtom::FourStents
            | EngineAtom::FourDrugElutingStents
            | EngineAtom::FourNonDrugElutingStents => (k.stents.clone(), 4),
            _ => continue,
        };
        let mut total = 0;
        for &j in &counter_order {
            if total >= needed {
                break;
            }
            let Some(a) = proc_attrs(&state.procs[j]) else {
                continue;
            };
            let w: u32 = weights
                .iter()
                .filter(|(id, _)| a.contains(*id))
                .map(|(_, n)| *n)
                .sum();
            if w > 0 {
                marks.procs[j] = true;
                total += w;
            }
        }
    }

    // Multiple significant trauma: the trauma codes that made it (two, the principal included).
    if let Some(pre) = a.pre_mdc_formula {
        let pre_formula = &defs.formulas[0][pre];
        if pre_formula.expr_mentions_multst() {
            let sites = &defs.known.trauma_sites;
            let is_site = |d: &crate::definitions::Diagnosis| {
                let attrs = defs.attributes(d.attributes);
                sites.iter().any(|s| attrs.contains(*s))
            };
            let mut count = usize::from(state.pdx.is_some_and(is_site));
            for (i, s) in state.sdx.iter().enumerate() {
                if count >= 2 {
                    break;
                }
                if s.def.is_some_and(is_site) {
                    marks.sdx[i] = true;
                    count += 1;
                }
            }
        }
    }
    Some(marks)
}

fn apply(impact: &mut DrgImpact, initial: bool, final_: bool) {
    let (was_i, was_f) = match *impact {
        DrgImpact::None => (false, false),
        DrgImpact::Initial => (true, false),
        DrgImpact::Final => (false, true),
        DrgImpact::Both => (true, true),
    };
    *impact = DrgImpact::from_flags(was_i || initial, was_f || final_);
}

/// Set `drg_impact` on every code.
pub fn mark(
    state: &ClaimState<'_>,
    initial: &Assignment,
    final_: &Assignment,
    principal: &mut DiagnosisResult,
    secondary: &mut [DiagnosisResult],
    procedures: &mut [ProcedureResult],
) {
    let ok = |a: &Assignment| a.return_code == ReturnCode::Ok && a.formula.is_some();
    for (assignment, final_pass) in [(initial, false), (final_, true)] {
        if !ok(assignment) {
            continue;
        }
        let (i, f) = (!final_pass, final_pass);
        apply(&mut principal.drg_impact, i, f);
        if let Some(m) = mark_phase(state, assignment, final_pass) {
            for (d, hit) in secondary.iter_mut().zip(&m.sdx) {
                if *hit {
                    apply(&mut d.drg_impact, i, f);
                }
            }
            for (p, hit) in procedures.iter_mut().zip(&m.procs) {
                if *hit {
                    apply(&mut p.drg_impact, i, f);
                }
            }
        }
    }
    // A HAC changed the DRG: the codes and procedures behind it affected the final DRG.
    if ok(final_) && initial.drg != final_.drg {
        for s in secondary.iter_mut() {
            if s.hacs.iter().any(|h| h.status == HacCriterion::Met) {
                apply(&mut s.drg_impact, false, true);
            }
        }
        for p in procedures.iter_mut() {
            if !p.hac_usage.is_empty() {
                apply(&mut p.drg_impact, false, true);
            }
        }
    }
}
