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
use crate::attributes::WORDS;

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

/// Bits 10 and up of a packed atom: the claim bit table it reads ([`ClaimBits`]); bits 0-9:
/// the attribute id (below [`crate::attributes::CAPACITY`], 1,024), or the engine atom's bit.
const TABLE_SHIFT: u16 = 10;
/// The table of engine atoms (the four attribute tables are 0-3).
const ENGINE_TABLE: u16 = 4;
/// A bit of the engine table that is always set: the atom of an open gate.
const ALWAYS_BIT: u16 = 63;
/// A bit of the engine table that is never set: the atom of a shut gate.
const NEVER_BIT: u16 = 62;

impl GateAtom {
    /// The atom as the scan reads it: one `u16`, a table and a bit.
    fn packed(self) -> u16 {
        match self {
            GateAtom::Attribute(scope, id) => {
                let table = match scope {
                    Scope::Any | Scope::Bare => 0,
                    Scope::Principal => 1,
                    Scope::Secondary => 2,
                    Scope::Only => 3,
                };
                (table << TABLE_SHIFT) | (id & ((1 << TABLE_SHIFT) - 1))
            }
            GateAtom::Engine(bit) => (ENGINE_TABLE << TABLE_SHIFT) | bit.trailing_zeros() as u16,
        }
    }
}

/// What a gate reads of one claim, as seen from one MDC list: the attributes of every code
/// (with the list's cluster suppression), of the principal, of the secondary diagnoses and
/// of all diagnoses (`ONLY:`), then the engine atoms; eight tables, so that a packed atom
/// picks its table without a branch or a bounds check.
pub struct ClaimBits<'a> {
    tables: [&'a [u64; WORDS]; 8],
}

/// The engine table of a claim: word 0 holds the engine atoms and the always-set bit.
pub struct EngineTable([u64; WORDS]);

impl EngineTable {
    /// The table of `engine` (bit `n`: [`EngineAtom`](super::definitions::EngineAtom) `n`).
    pub fn new(engine: u32) -> EngineTable {
        let mut words = [0; WORDS];
        words[0] = u64::from(engine) | (1 << ALWAYS_BIT);
        EngineTable(words)
    }
}

impl<'a> ClaimBits<'a> {
    /// The bits of the four attribute tables (any code, principal, secondary, only) and the
    /// engine atoms.
    pub fn new(attributes: [&'a [u64; WORDS]; 4], engine: &'a EngineTable) -> ClaimBits<'a> {
        let [any, principal, secondary, only] = attributes;
        let e = &engine.0;
        ClaimBits {
            tables: [any, principal, secondary, only, e, e, e, e],
        }
    }

    /// Whether a packed atom holds: two loads and a bit test.
    #[inline]
    fn holds(&self, atom: u16) -> bool {
        (self.word(word_of(atom)) >> (atom & 63)) & 1 != 0
    }

    /// Claim word `word` (table * 16 + word in the table, as [`word_of`] gives it).
    #[inline]
    fn word(&self, word: u8) -> u64 {
        self.tables[usize::from((word >> 4) & 7)][usize::from(word & 15)]
    }
}

/// The claim word a packed atom reads: its table * 16 + the word of its bit in the table.
#[inline]
fn word_of(atom: u16) -> u8 {
    (((atom >> TABLE_SHIFT) << 4) | ((atom >> 6) & 15)) as u8
}

/// A formula's necessary condition: one of `atoms` must hold. An open gate (no short
/// condition known) is the one atom that always holds; a shut one (the formula is never true,
/// or assigns nothing), the one that never does. Ten bytes, and nearly every gate is one atom:
/// a list's gates (a few hundred) stay in a few cache lines, tested at a few instructions each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gate {
    /// How many of `atoms` count: 1 to [`GATE_ATOMS`].
    len: u8,
    atoms: [u16; GATE_ATOMS],
}

impl Gate {
    /// The atom that always holds.
    const ALWAYS: u16 = (ENGINE_TABLE << TABLE_SHIFT) | ALWAYS_BIT;
    /// The atom that never holds.
    const NEVER: u16 = (ENGINE_TABLE << TABLE_SHIFT) | NEVER_BIT;

    /// The gate that always passes: no short necessary condition is known.
    pub const fn open() -> Gate {
        Gate::one(Gate::ALWAYS)
    }

    const fn one(atom: u16) -> Gate {
        Gate {
            len: 1,
            atoms: [atom; GATE_ATOMS],
        }
    }

    /// The gate that passes when one of `atoms` holds (none: never; at most [`GATE_ATOMS`]).
    pub fn any_of(atoms: &[GateAtom]) -> Gate {
        let atoms = &atoms[..atoms.len().min(GATE_ATOMS)];
        let mut gate = Gate::one(Gate::NEVER);
        if !atoms.is_empty() {
            gate.len = atoms.len() as u8;
        }
        for (slot, atom) in gate.atoms.iter_mut().zip(atoms) {
            *slot = atom.packed();
        }
        gate
    }

    /// Whether the formula may be true on the claim `bits` describe.
    #[inline]
    pub fn passes(&self, bits: &ClaimBits<'_>) -> bool {
        bits.holds(self.atoms[0]) || (self.len > 1 && self.passes_after_first(bits))
    }

    #[inline(never)]
    fn passes_after_first(&self, bits: &ClaimBits<'_>) -> bool {
        self.atoms
            .iter()
            .take(usize::from(self.len))
            .skip(1)
            .any(|a| bits.holds(*a))
    }
}

/// A formula list's gates, indexed by the bits they test: the formulas whose gate passes on a
/// claim are read off the claim's bits in the few words the list's gates test (about five),
/// not found by testing every gate (about fifty per claim).
#[derive(Debug, Clone)]
pub struct ListGates {
    /// Each formula's gate, parallel to the list.
    gates: Vec<Gate>,
    /// The index; `None` for a list longer than [`ListGates::INDEXED`] formulas, whose gates
    /// are then tested one by one.
    index: Option<GateIndex>,
}

/// Which formulas of a list (bits of a `u128`, by position) each tested bit opens.
#[derive(Debug, Clone, Default)]
struct GateIndex {
    /// Formulas with an open gate: candidates on every claim.
    open: u128,
    /// The claim words the gates test: the word (table * 16 + word), the bits of it tested,
    /// and where in `formulas` the first tested bit's entry is.
    words: Vec<(u8, u64, u32)>,
    /// For each tested bit, in word then bit order: the formulas whose gate tests it.
    formulas: Vec<u128>,
}

impl ListGates {
    /// The longest list the index covers: one bit per formula in a `u128`.
    const INDEXED: usize = 128;

    /// The gates of a list and their index.
    pub fn new(gates: Vec<Gate>) -> ListGates {
        let index = (gates.len() <= ListGates::INDEXED).then(|| GateIndex::of(&gates));
        ListGates { gates, index }
    }

    /// Each formula's gate, parallel to the list.
    #[cfg(test)]
    pub fn gates(&self) -> &[Gate] {
        &self.gates
    }

    /// The positions, ascending, of the formulas whose gate passes on the claim of `bits`.
    pub fn passing<'a>(&'a self, bits: &'a ClaimBits<'a>) -> Passing<'a> {
        let indexed = self.index.as_ref().map(|index| index.passing(bits));
        Passing {
            gates: &self.gates,
            bits,
            indexed,
            next: 0,
        }
    }
}

impl GateIndex {
    fn of(gates: &[Gate]) -> GateIndex {
        let mut index = GateIndex::default();
        // (claim word, bit, formula) of every tested atom, sorted: word then bit order.
        let mut tested: Vec<(u8, u8, usize)> = Vec::new();
        for (position, gate) in gates.iter().enumerate() {
            for &atom in &gate.atoms[..usize::from(gate.len)] {
                if atom == Gate::ALWAYS {
                    index.open |= 1u128 << position;
                } else if atom != Gate::NEVER {
                    tested.push((word_of(atom), (atom & 63) as u8, position));
                }
            }
        }
        tested.sort_unstable();
        let mut last = None;
        for (word, bit, position) in tested {
            if last != Some((word, bit)) {
                match index.words.last_mut() {
                    Some((w, mask, _)) if *w == word => *mask |= 1 << bit,
                    _ => index
                        .words
                        .push((word, 1 << bit, index.formulas.len() as u32)),
                }
                index.formulas.push(0);
                last = Some((word, bit));
            }
            if let Some(formulas) = index.formulas.last_mut() {
                *formulas |= 1u128 << position;
            }
        }
        index
    }

    /// The formulas whose gate passes: the open ones, and those of every tested bit set.
    #[inline]
    fn passing(&self, bits: &ClaimBits<'_>) -> u128 {
        let mut passing = self.open;
        for &(word, mask, first) in &self.words {
            let mut set = bits.word(word) & mask;
            while set != 0 {
                // The entry of a bit is its rank among the word's tested bits.
                let below = mask & ((set & set.wrapping_neg()) - 1);
                let entry = first as usize + below.count_ones() as usize;
                passing |= self.formulas.get(entry).copied().unwrap_or(0);
                set &= set - 1;
            }
        }
        passing
    }
}

/// The positions of a list's formulas whose gate passes, ascending.
pub struct Passing<'a> {
    gates: &'a [Gate],
    bits: &'a ClaimBits<'a>,
    /// From the index: the passing formulas not yet returned.
    indexed: Option<u128>,
    /// Without an index: the next gate to test.
    next: usize,
}

impl Iterator for Passing<'_> {
    type Item = usize;

    #[inline]
    fn next(&mut self) -> Option<usize> {
        if let Some(left) = &mut self.indexed {
            if *left == 0 {
                return None;
            }
            let position = left.trailing_zeros() as usize;
            *left &= *left - 1;
            return Some(position);
        }
        let found = self
            .gates
            .get(self.next..)?
            .iter()
            .position(|g| g.passes(self.bits))?;
        let position = self.next + found;
        self.next = position + 1;
        Some(position)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grouping::definitions::{Expr, Outcome};
    use crate::grouping::engine::{ClaimState, Evaluator, Severity};
    use crate::grouping::gate::EngineTable;
    use proptest::prelude::*;

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
                let state = ClaimState::new(defs, &claim);
                for (list, (formulas, gates)) in defs.formulas.iter().zip(&defs.gates).enumerate() {
                    let (any, engine) = state.any_attrs_for(list as u8);
                    let eval = Evaluator {
                        state: &state,
                        any: &any,
                        engine,
                    };
                    let engine_table = EngineTable::new(eval.engine);
                    let bits = eval.claim_bits(&engine_table);
                    // The index finds exactly the formulas whose gate passes.
                    let scanned: Vec<usize> = (gates.gates().iter().enumerate())
                        .filter(|(_, g)| g.passes(&bits))
                        .map(|(i, _)| i)
                        .collect();
                    let indexed: Vec<usize> = gates.passing(&bits).collect();
                    assert_eq!(indexed, scanned, "v{version} list {list}: {line}");
                    for (formula, gate) in formulas.iter().zip(gates.gates()) {
                        walked += 1;
                        // The packed gate reads as the atoms it was built from.
                        let atoms = formula.expr.necessary();
                        let unpacked = matches!(formula.outcome, Outcome::Nothing)
                            .then(Vec::new)
                            .or(atoms);
                        assert_eq!(
                            gate.passes(&bits),
                            unpacked.is_none_or(|a| a.iter().any(|atom| eval.holds(*atom))),
                            "v{version} list {list}: {line}"
                        );
                        if gate.passes(&bits) {
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

    fn gate_atom() -> impl Strategy<Value = GateAtom> {
        let scope = prop_oneof![
            Just(Scope::Bare),
            Just(Scope::Any),
            Just(Scope::Principal),
            Just(Scope::Secondary),
            Just(Scope::Only)
        ];
        // Few ids, so that gates share bits and words; engine atoms too.
        prop_oneof![
            (scope, prop_oneof![0u16..8, 60u16..70, 1016u16..1024])
                .prop_map(|(s, id)| GateAtom::Attribute(s, id)),
            (0u32..23).prop_map(|b| GateAtom::Engine(1 << b)),
        ]
    }

    fn gate() -> impl Strategy<Value = Gate> {
        prop_oneof![
            proptest::collection::vec(gate_atom(), 0..6).prop_map(|a| Gate::any_of(&a)),
            Just(Gate::open()),
        ]
    }

    fn word() -> impl Strategy<Value = u64> {
        prop_oneof![Just(0u64), Just(u64::MAX), any::<u64>()]
    }

    proptest! {
        /// The index against testing every gate, on generated lists (shorter and longer than
        /// the index covers, with open, shut and multi-atom gates) and generated claim bits.
        #[test]
        fn the_index_passes_the_formulas_whose_gate_passes(
            gates in proptest::collection::vec(gate(), 0..200),
            tables in proptest::collection::vec(proptest::collection::vec(word(), WORDS), 4),
            engine in any::<u32>(),
        ) {
            let words: Vec<[u64; WORDS]> = tables
                .iter()
                .map(|t| std::array::from_fn(|i| t[i]))
                .collect();
            let engine = EngineTable::new(engine & ((1 << 23) - 1));
            let bits = ClaimBits::new([&words[0], &words[1], &words[2], &words[3]], &engine);
            let list = ListGates::new(gates.clone());
            let scanned: Vec<usize> = (gates.iter().enumerate())
                .filter(|(_, g)| g.passes(&bits))
                .map(|(i, _)| i)
                .collect();
            prop_assert_eq!(list.passing(&bits).collect::<Vec<_>>(), scanned);
        }
    }
}
