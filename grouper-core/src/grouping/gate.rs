//! Formula gates: a necessary condition of each DRG formula, tested before the formula is
//! walked.
//!
//! Most formulas of a list are false on a given claim, and most are false already at an atom
//! every true case needs (`heartxp | hasspair` in `(heartxp | hasspair) & (MCC)`). A gate holds
//! up to [`GATE_ATOMS`] such atoms, of which one must hold: a few bit tests in a small
//! contiguous array instead of a walk of the formula tree. A gate is derived from the
//! expression alone ([`Expr::necessary`](super::definitions::Expr)), so a formula whose gate
//! is shut is false: the walk would say the same.

use super::formula::Scope;

/// The most atoms a gate holds; a formula needing a wider disjunction has an open gate.
pub const GATE_ATOMS: usize = 4;

/// One atom of a gate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GateAtom {
    /// An attribute in a scope, as [`Expr::Attribute`].
    Attribute(Scope, u16),
    /// An engine atom, as its bit.
    Engine(u32),
}

/// A formula's necessary condition: open (always passes), or one of `atoms` must hold (none:
/// the formula can never be true, or assigns nothing).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gate {
    open: bool,
    len: u8,
    atoms: [GateAtom; GATE_ATOMS],
}

impl Gate {
    const OPEN: Gate = Gate {
        open: true,
        len: 0,
        atoms: [GateAtom::Engine(0); GATE_ATOMS],
    };

    /// The gate that always passes: no short necessary condition is known.
    pub const fn open() -> Gate {
        Gate::OPEN
    }

    /// The gate that passes when one of `atoms` holds (none: never; at most [`GATE_ATOMS`]).
    pub fn any_of(atoms: &[GateAtom]) -> Gate {
        Gate::of_atoms(&atoms[..atoms.len().min(GATE_ATOMS)])
    }

    fn of_atoms(atoms: &[GateAtom]) -> Gate {
        let mut gate = Gate {
            open: false,
            len: atoms.len() as u8,
            atoms: [GateAtom::Engine(0); GATE_ATOMS],
        };
        gate.atoms[..atoms.len()].copy_from_slice(atoms);
        gate
    }

    /// Whether the formula may be true: `holds` tells whether one atom holds on the claim.
    #[inline]
    pub fn passes(&self, holds: impl Fn(GateAtom) -> bool) -> bool {
        self.open
            || self.atoms[..usize::from(self.len)]
                .iter()
                .any(|a| holds(*a))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grouping::definitions::{Expr, Outcome};
    use crate::grouping::engine::{ClaimState, Evaluator, Severity};

    fn attr(id: u16) -> Expr {
        Expr::Attribute(Scope::Bare, id)
    }

    fn atoms(expr: &Expr) -> Option<Vec<GateAtom>> {
        expr.necessary()
    }

    #[test]
    fn an_and_takes_its_shortest_condition_and_an_or_needs_every_operand() {
        let a = GateAtom::Attribute(Scope::Bare, 1);
        let b = GateAtom::Attribute(Scope::Bare, 2);
        // (1 | 2) & MCC & 3: either operand with a condition; the shortest is [3].
        let e = Expr::And(vec![Expr::Or(vec![attr(1), attr(2)]), Expr::Mcc, attr(3)]);
        assert_eq!(atoms(&e), Some(vec![GateAtom::Attribute(Scope::Bare, 3)]));
        // (1 | 2) & MCC: [1, 2].
        let e = Expr::And(vec![Expr::Or(vec![attr(1), attr(2)]), Expr::Mcc]);
        assert_eq!(atoms(&e), Some(vec![a, b]));
        // 1 | MCC: the MCC operand has no condition, so neither has the OR.
        assert_eq!(atoms(&Expr::Or(vec![attr(1), Expr::Mcc])), None);
        // A NOT gives nothing: ~1 is true without 1.
        assert_eq!(atoms(&Expr::Not(Box::new(attr(1)))), None);
        // Wider than GATE_ATOMS: open.
        let wide = Expr::Or((1..=5).map(attr).collect());
        assert_eq!(atoms(&wide), None);
    }

    /// The soundness the engine relies on: over every golden claim of every version, every
    /// formula of every list whose gate is shut is false at every claim severity.
    #[test]
    fn a_shut_gate_never_hides_a_true_formula_on_any_golden_claim() {
        let grouper = crate::Grouper::embedded().expect("tables");
        let (mut shut, mut walked) = (0u64, 0u64);
        for version in [400u16, 401, 410, 411, 420, 421, 430, 431, 440] {
            let defs = grouper.definitions(version).expect("definitions");
            for line in crate::golden::lines(version).into_iter().step_by(7) {
                let Ok(value) = serde_json::from_str(&line) else {
                    continue;
                };
                let Ok(claim) = crate::io::claim_from_json(&value, &mut Vec::new()) else {
                    continue;
                };
                let state = ClaimState::new(&defs, &claim);
                for (list, (formulas, gates)) in defs.formulas.iter().zip(&defs.gates).enumerate() {
                    let (any, engine) = state.any_attrs_for(list as u8);
                    let eval = Evaluator {
                        state: &state,
                        any: &any,
                        engine,
                    };
                    for (formula, gate) in formulas.iter().zip(gates) {
                        walked += 1;
                        if gate.passes(|atom| eval.holds(atom)) {
                            continue;
                        }
                        shut += 1;
                        for severity in
                            [Severity::None, Severity::NonCc, Severity::Cc, Severity::Mcc]
                        {
                            assert!(
                                !eval.eval(&formula.expr, severity)
                                    || matches!(formula.outcome, Outcome::Nothing),
                                "v{version} list {list}: {line}"
                            );
                        }
                    }
                }
            }
        }
        // The gates must do their job too: most formulas are shut without a walk.
        assert!(shut * 2 > walked, "{shut} of {walked} shut");
    }
}
