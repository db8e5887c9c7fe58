//! Which codes affected the DRG ("drg_impact"), as the CMS Java grouper marks them.
//!
//! After a formula assigns the DRG, the atoms that made it true are collected (both sides of a
//! true OR, nothing under a NOT). Each atom marks at most one secondary diagnosis: the first in
//! clinical-significance order (MCC, CC, others; then by code) that carries it, or for the
//! `MCC`/`CC` atoms whose own level equals it and which counted. Procedures are marked for the
//! bare atoms: one procedure carrying all of them if there is one, else one per atom; among
//! the procedures that qualify, the first-listed (principal) procedure is taken, else the lowest
//! code. That is CMS Java's choice: which procedure is listed first can move the marking, never
//! the DRG (`tests/procedure_order.rs`).

use std::collections::HashSet;

use serde::Serialize;

use super::definitions::{Definitions, Diagnosis, EngineAtom, Expr};
use super::engine::{Assignment, ClaimState, Evaluator, ProcedureState, ReturnCode, Severity};
use super::formula::Scope;
use super::hac::HacFindings;
use super::Scratch;
use crate::attributes::AttrSet;
use crate::codes::CodeKey;
use crate::tables::CcLevel;

/// Whether a code determined the initial and/or final DRG.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DrgImpact {
    /// Determined neither.
    #[default]
    None,
    /// Determined the initial DRG only.
    Initial,
    /// Determined the final DRG only.
    Final,
    /// Determined both.
    Both,
}

impl DrgImpact {
    fn add(&mut self, initial: bool, final_: bool) {
        let (was_initial, was_final) = match *self {
            DrgImpact::None => (false, false),
            DrgImpact::Initial => (true, false),
            DrgImpact::Final => (false, true),
            DrgImpact::Both => (true, true),
        };
        *self = match (was_initial || initial, was_final || final_) {
            (true, true) => DrgImpact::Both,
            (true, false) => DrgImpact::Initial,
            (false, true) => DrgImpact::Final,
            (false, false) => DrgImpact::None,
        };
    }
}

/// `drg_impact` of every code on the claim.
#[derive(Debug, Clone, Default)]
pub(crate) struct Impacts {
    pub principal: DrgImpact,
    pub secondary: Scratch<DrgImpact>,
    pub procedures: Scratch<DrgImpact>,
}

/// Whether a procedure is reported as an O.R. procedure.
pub(crate) fn is_or(defs: &Definitions, p: &ProcedureState<'_>) -> bool {
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

fn collect(expr: &Expr, eval: &Evaluator<'_, '_>, severity: Severity, out: &mut Scratch<Matched>) {
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
    sdx: Scratch<bool>,
    procs: Scratch<bool>,
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
    };
    let mut matched = Scratch::new();
    let severity = state.severity_for(&formula.suppression, final_pass);
    collect(&formula.expr, &eval, severity, &mut matched);

    let mut marks = Marks {
        sdx: smallvec::smallvec![false; state.sdx.len()],
        procs: smallvec::smallvec![false; state.procs.len()],
    };
    mark_secondaries(state, a, &formula.suppression, &matched, &mut marks);
    let ctx = ProcedureMarking::new(state, a);
    ctx.mark_atoms(&matched, &mut marks);
    ctx.mark_counters(&matched, &mut marks);
    mark_multiple_trauma(state, a, &mut marks);
    Some(marks)
}

/// Valid secondary diagnoses in clinical-significance order: MCC, CC, others; then by code.
fn clinical_order(state: &ClaimState<'_>) -> Scratch<usize> {
    let level = |i: usize| {
        state.sdx[i]
            .def
            .map(|d| d.severity)
            .unwrap_or(CcLevel::NonCc)
    };
    let code_of = |i: usize| state.sdx[i].key.unwrap_or(0);
    let mut order: Scratch<usize> = (0..state.sdx.len())
        .filter(|i| state.sdx[*i].def.is_some())
        .collect();
    order.sort_by(|x, y| {
        level(*y)
            .cmp(&level(*x))
            .then(code_of(*x).cmp(&code_of(*y)))
    });
    order
}

/// Each matched atom marks the first secondary diagnosis (in clinical order) that carries it.
fn mark_secondaries(
    state: &ClaimState<'_>,
    a: &Assignment,
    suppression: &AttrSet,
    matched: &[Matched],
    marks: &mut Marks,
) {
    let defs = state.defs;
    let order = clinical_order(state);
    let pdx_own = state.pdx.map(|p| defs.attributes(p.own_attributes));
    let mut remaining: Scratch<Matched> = matched.iter().copied().collect();
    // CMS Java: evaluating `ONLY:incident` flags the first secondary diagnosis (in this order)
    // that is not incidental, and for DRG 794 (neonate with other significant problems) that
    // code is marked, and nothing else.
    if a.drg == NEONATE_OTHER_PROBLEMS_DRG {
        if let Some(i) = first_non_incidental(state, &order) {
            marks.sdx[i] = true;
        }
        remaining.clear();
    }
    for &i in &order {
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
                s.usable_level(false) == Some(level) && !all_attrs.intersects(suppression)
            }
            _ => false,
        });
        if let Some(h) = hit {
            marks.sdx[i] = true;
            remaining.remove(h);
        }
    }
}

/// For DRG 794 with an incidental principal diagnosis: the first secondary diagnosis in
/// clinical order that is not incidental.
fn first_non_incidental(state: &ClaimState<'_>, order: &[usize]) -> Option<usize> {
    let defs = state.defs;
    let (inc, p) = (defs.known.incident?, state.pdx?);
    if !defs.attributes(p.attributes).contains(inc) {
        return None;
    }
    order.iter().copied().find(|i| {
        state.sdx[*i]
            .def
            .is_some_and(|d| !defs.attributes(d.attributes).contains(inc))
    })
}

/// What procedure marking needs for one phase.
struct ProcedureMarking<'s, 'd> {
    state: &'s ClaimState<'d>,
    /// MDC list against which cluster suppression is checked.
    mdc: u8,
    /// Procedures in clinical-significance order: by code.
    order: Scratch<usize>,
}

impl<'s, 'd> ProcedureMarking<'s, 'd> {
    fn new(state: &'s ClaimState<'d>, a: &Assignment) -> Self {
        // CMS Java checks cluster suppression against the principal diagnosis MDC (the
        // unrelated O.R. list for 981-989), not the list that assigned the DRG.
        let mdc = if matches!(a.drg, 981..=983 | 987..=989) {
            29
        } else {
            state.pdx_mdc
        };
        let mut order: Scratch<usize> = (0..state.procs.len()).collect();
        order.sort_by_key(|j| state.procs[*j].key.unwrap_or(u64::MAX));
        ProcedureMarking { state, mdc, order }
    }

    fn defs(&self) -> &'d Definitions {
        self.state.defs
    }

    fn attrs(&self, j: usize) -> Option<&'d AttrSet> {
        let defs = self.defs();
        self.state.procs[j]
            .def
            .map(|d| defs.attributes(d.attributes))
    }

    fn carries(&self, attrs: &AttrSet, m: &Matched) -> bool {
        match m {
            Matched::Attribute(_, id) => attrs.contains(*id),
            Matched::Engine(EngineAtom::OrProcedure) => self.defs().known.is_or_procedure(attrs),
            _ => false,
        }
    }

    /// Procedure `j` (not suppressed) carries every atom of `atoms`.
    fn carries_all(&self, j: usize, atoms: &[Matched]) -> bool {
        !self.state.procs[j].suppressed_for(self.mdc)
            && self
                .attrs(j)
                .is_some_and(|a| atoms.iter().all(|m| self.carries(a, m)))
    }

    /// The first procedure if it qualifies, else the first in code order.
    fn first_qualifying(&self, qualifies: impl Fn(usize) -> bool) -> Option<usize> {
        if qualifies(0) {
            Some(0)
        } else {
            self.order.iter().copied().find(|j| qualifies(*j))
        }
    }

    /// A satisfied cluster whose pseudo-procedure carries every atom of `atoms`.
    fn cluster_carrying(&self, atoms: &[Matched]) -> Option<u32> {
        let defs = self.defs();
        self.state.clusters.iter().copied().find(|c| {
            defs.clusters[*c as usize]
                .attributes
                .is_some_and(|a| atoms.iter().all(|m| self.carries(defs.attributes(a), m)))
        })
    }

    /// Mark every valid procedure whose code fills a choice of cluster `c` (linear in the
    /// claim's procedures).
    fn mark_cluster_members(&self, c: u32, marks: &mut Marks) {
        let cluster = &self.defs().clusters[c as usize];
        let members: HashSet<CodeKey> = cluster.choices.iter().flatten().copied().collect();
        for (j, q) in self.state.procs.iter().enumerate() {
            if q.def.is_some() && q.key.is_some_and(|k| members.contains(&k)) {
                marks.procs[j] = true;
            }
        }
    }

    /// Procedures for the bare atoms of the formula: one procedure carrying all of them if
    /// there is one, else a cluster carrying all, else one procedure (or cluster) per atom.
    fn mark_atoms(&self, matched: &[Matched], marks: &mut Marks) {
        let atoms: Scratch<Matched> = matched
            .iter()
            .copied()
            .filter(|m| {
                matches!(
                    m,
                    Matched::Attribute(Scope::Bare, _) | Matched::Engine(EngineAtom::OrProcedure)
                )
            })
            .collect();
        if atoms.is_empty() || self.state.procs.is_empty() {
            return;
        }
        if let Some(j) = self.first_qualifying(|j| self.carries_all(j, &atoms)) {
            marks.procs[j] = true;
        } else if let Some(c) = self.cluster_carrying(&atoms) {
            self.mark_cluster_members(c, marks);
        } else {
            for m in &atoms {
                let one = std::slice::from_ref(m);
                if let Some(j) = self.first_qualifying(|j| self.carries_all(j, one)) {
                    marks.procs[j] = true;
                } else if let Some(c) = self.cluster_carrying(one) {
                    self.mark_cluster_members(c, marks);
                }
            }
        }
    }

    /// Counter atoms (fusions, bilateral joints, stents, vessels): CMS Java marks just enough
    /// procedures to reach the count, the first procedure first, then in code order.
    fn mark_counters(&self, matched: &[Matched], marks: &mut Marks) {
        // Built for the first counter atom (most formulas test none).
        let mut order: Option<Scratch<usize>> = None;
        for m in matched {
            let Matched::Engine(atom) = m else { continue };
            let Some((weights, needed)) = self.counter_weights(*atom) else {
                continue;
            };
            let order = order.get_or_insert_with(|| {
                let mut order: Scratch<usize> = smallvec::smallvec![0];
                order.extend(self.order.iter().copied().filter(|j| *j != 0));
                order.retain(|j| *j < self.state.procs.len());
                order
            });
            let mut total = 0;
            for &j in order.iter() {
                if total >= needed {
                    break;
                }
                let Some(a) = self.attrs(j) else { continue };
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
    }

    /// The attributes a counter atom counts (with their weights) and the count it needs.
    fn counter_weights(&self, atom: EngineAtom) -> Option<(Vec<(u16, u32)>, u32)> {
        let k = &self.defs().known;
        let single = |ids: &[Option<u16>]| -> Vec<(u16, u32)> {
            ids.iter().flatten().map(|id| (*id, 1)).collect()
        };
        Some(match atom {
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
            _ => return None,
        })
    }
}

/// Multiple significant trauma: the trauma codes that made it (two, the principal included).
fn mark_multiple_trauma(state: &ClaimState<'_>, a: &Assignment, marks: &mut Marks) {
    let defs = state.defs;
    let Some(pre) = a.pre_mdc_formula else { return };
    if !defs.formulas[0][pre].expr_mentions_multst() {
        return;
    }
    let sites = &defs.known.trauma_sites;
    let is_site = |d: &Diagnosis| {
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

/// Set `drg_impact` on every code.
pub(crate) fn mark(
    state: &ClaimState<'_>,
    initial: &Assignment,
    final_: &Assignment,
    hac: &HacFindings,
) -> Impacts {
    let mut impacts = Impacts {
        principal: DrgImpact::None,
        secondary: smallvec::smallvec![DrgImpact::None; state.sdx.len()],
        procedures: smallvec::smallvec![DrgImpact::None; state.procs.len()],
    };
    let ok = |a: &Assignment| a.return_code == ReturnCode::Ok && a.formula.is_some();
    // With no code met a HAC, the final pass sees what the initial pass saw: the same formula
    // marks the same codes, so the initial marks are reused rather than computed again.
    let same_pass = final_ == initial && !state.sdx.iter().any(|s| s.hac_met);
    let mut initial_marks = None;
    for (assignment, final_pass) in [(initial, false), (final_, true)] {
        if !ok(assignment) {
            continue;
        }
        let (i, f) = (!final_pass, final_pass);
        impacts.principal.add(i, f);
        let marks = match initial_marks.take() {
            Some(marks) if final_pass && same_pass => marks,
            _ => mark_phase(state, assignment, final_pass),
        };
        if let Some(m) = &marks {
            for (d, hit) in impacts.secondary.iter_mut().zip(&m.sdx) {
                if *hit {
                    d.add(i, f);
                }
            }
            for (p, hit) in impacts.procedures.iter_mut().zip(&m.procs) {
                if *hit {
                    p.add(i, f);
                }
            }
        }
        if !final_pass {
            initial_marks = Some(marks);
        }
    }
    // A HAC changed the DRG: the codes and procedures behind it affected the final DRG.
    if ok(final_) && initial.drg != final_.drg {
        for (d, met) in impacts.secondary.iter_mut().zip(&hac.met_secondary) {
            if *met {
                d.add(false, true);
            }
        }
        for (j, p) in impacts.procedures.iter_mut().enumerate() {
            if !hac.usage_of(j).is_empty() {
                p.add(false, true);
            }
        }
    }
    impacts
}
