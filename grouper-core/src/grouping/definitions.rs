//! One grouper version's definitions, compiled from the table set for fast grouping.
//!
//! Built lazily per version: codes keyed by integer, attribute lists deduplicated into shared
//! bitsets, formulas parsed once into expression trees and indexed by MDC.

/// Maps keyed by codes, attribute sets and DRG numbers hash with Fx, not SipHash: the keys come
/// from the CMS tables and the claim's own codes, and SipHash was most of a look-up (issue 12).
type HashMap<K, V> = std::collections::HashMap<K, V, rustc_hash::FxBuildHasher>;
use std::sync::Arc;

use super::formula::{self, Ast, Scope};
use super::gate::{Gate, GateAtom, ListGates, GATE_ATOMS};
use crate::attributes::{AttrSet, Vocabulary};
use crate::codes::{CodeKey, CodeMap};
use crate::date::Date;
pub use crate::tables::MedSurg;
use crate::tables::{CcLevel, FormulaRow, TableError, TableSet};

pub use crate::tables::ExclusionGroups;

/// Atoms the engine computes from the claim rather than from code attributes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum EngineAtom {
    Alive,
    Died,
    LeftAgainstMedicalAdvice,
    TransferToAcute,
    AnyDiagnosis,
    InvalidPrincipal,
    PrincipalExternalCause,
    InvalidSex,
    InvalidDischargeStatus,
    MultipleSignificantTrauma,
    Bilateral,
    FourVessels,
    FourStents,
    FourDrugElutingStents,
    FourNonDrugElutingStents,
    MultipleFusion,
    SingleAnteriorSectionFusions,
    SinglePosteriorFusions,
    SingleFusions,
    SingleAnteriorFusions,
    SinglePosterior1Fusions,
    Mdc20FallThrough,
    OrProcedure,
}

/// Engine atoms by the name CMS formulas write.
const ENGINE_ATOM_NAMES: &[(&str, EngineAtom)] = &[
    ("ALIVE", EngineAtom::Alive),
    ("DIED", EngineAtom::Died),
    ("AMA", EngineAtom::LeftAgainstMedicalAdvice),
    ("XFRNBA", EngineAtom::TransferToAcute),
    ("ANYDX", EngineAtom::AnyDiagnosis),
    ("INVALID_PDX", EngineAtom::InvalidPrincipal),
    ("PDX_ECODE", EngineAtom::PrincipalExternalCause),
    ("INVALID_SEX", EngineAtom::InvalidSex),
    ("INVALID_DSTAT", EngineAtom::InvalidDischargeStatus),
    ("MULTST", EngineAtom::MultipleSignificantTrauma),
    ("BILATERAL", EngineAtom::Bilateral),
    ("FOUR_VESSELS", EngineAtom::FourVessels),
    ("FOUR_STENTS", EngineAtom::FourStents),
    (
        "FOUR_DRUG_ELUTING_STENTS",
        EngineAtom::FourDrugElutingStents,
    ),
    (
        "FOUR_NON_DRUG_ELUTING_STENTS",
        EngineAtom::FourNonDrugElutingStents,
    ),
    ("MULTFUSE", EngineAtom::MultipleFusion),
    ("SGLANTSECTXCTR", EngineAtom::SingleAnteriorSectionFusions),
    ("SGLPOSTFUSECTR", EngineAtom::SinglePosteriorFusions),
    ("SINGLEFUSIONCTR", EngineAtom::SingleFusions),
    ("SGLANTCTR", EngineAtom::SingleAnteriorFusions),
    ("SGLPOST1CTR", EngineAtom::SinglePosterior1Fusions),
    ("MDC_20_FALL_THRU", EngineAtom::Mdc20FallThrough),
    ("ORPROC", EngineAtom::OrProcedure),
];

impl EngineAtom {
    fn from_name(name: &str) -> Option<EngineAtom> {
        ENGINE_ATOM_NAMES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, atom)| *atom)
    }

    /// The name CMS formulas write (`DIED`).
    pub fn name(self) -> &'static str {
        ENGINE_ATOM_NAMES
            .iter()
            .find(|(_, atom)| *atom == self)
            .map_or("?", |(n, _)| n)
    }

    pub fn bit(self) -> u32 {
        1 << (self as u32)
    }
}

/// A compiled formula expression.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub enum Expr {
    Or(Vec<Expr>),
    And(Vec<Expr>),
    Not(Box<Expr>),
    Attribute(Scope, u16),
    /// Claim severity for this formula is MCC.
    Mcc,
    /// Claim severity for this formula is exactly CC.
    Cc,
    Engine(EngineAtom),
    /// A CMS list marker (`MDCnn`, `ERRORDRG`, `5`), which no table assigns: never true.
    Never,
}

impl Expr {
    /// Atoms of which one holds whenever the expression is true (none: it never is); `None`
    /// when no list of at most [`GATE_ATOMS`] is known. What a formula's [`Gate`] tests.
    pub(crate) fn necessary(&self) -> Option<Vec<GateAtom>> {
        match self {
            Expr::Attribute(scope, id) => Some(vec![GateAtom::Attribute(*scope, *id)]),
            Expr::Engine(atom) => Some(vec![GateAtom::Engine(atom.bit())]),
            Expr::Never => Some(Vec::new()),
            Expr::Mcc | Expr::Cc | Expr::Not(_) => None,
            // Every operand is needed: the shortest condition of any operand will do.
            Expr::And(v) => v.iter().filter_map(Expr::necessary).min_by_key(Vec::len),
            // One operand is needed: each must have a condition, and the gate takes them all.
            Expr::Or(v) => {
                let mut atoms: Vec<GateAtom> = Vec::new();
                for operand in v {
                    for atom in operand.necessary()? {
                        if !atoms.contains(&atom) {
                            atoms.push(atom);
                        }
                    }
                }
                (atoms.len() <= GATE_ATOMS).then_some(atoms)
            }
        }
    }

    fn uses_severity(&self) -> bool {
        match self {
            Expr::Or(v) | Expr::And(v) => v.iter().any(Expr::uses_severity),
            Expr::Not(e) => e.uses_severity(),
            Expr::Mcc | Expr::Cc => true,
            _ => false,
        }
    }

    /// Attribute ids tested with the `PDX:` prefix.
    pub fn principal_attributes(&self) -> Vec<u16> {
        let mut out = Vec::new();
        self.collect_scoped(Scope::Principal, &mut out);
        out
    }

    fn collect_scoped(&self, scope: Scope, out: &mut Vec<u16>) {
        match self {
            Expr::Or(v) | Expr::And(v) => v.iter().for_each(|e| e.collect_scoped(scope, out)),
            Expr::Not(e) => e.collect_scoped(scope, out),
            Expr::Attribute(s, id) if *s == scope && !out.contains(id) => out.push(*id),
            _ => {}
        }
    }

    /// Attribute ids tested with the `SDX:` prefix, in formula order.
    fn secondary_attributes(&self, out: &mut Vec<u16>) {
        match self {
            Expr::Or(v) | Expr::And(v) => v.iter().for_each(|e| e.secondary_attributes(out)),
            Expr::Not(e) => e.secondary_attributes(out),
            Expr::Attribute(Scope::Secondary, id) if !out.contains(id) => out.push(*id),
            _ => {}
        }
    }

    fn mentions(&self, atom: EngineAtom) -> bool {
        match self {
            Expr::Or(v) | Expr::And(v) => v.iter().any(|e| e.mentions(atom)),
            Expr::Not(e) => e.mentions(atom),
            Expr::Engine(a) => *a == atom,
            _ => false,
        }
    }
}

/// The CMS edit a DRG-less formula record stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Edit {
    InvalidPrincipal,
    PrincipalCannotBePrincipal,
    InvalidSex,
    InvalidDischargeStatus,
}

/// What a formula does when it is the first to match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Outcome {
    Assign {
        drg: u16,
        base_drg: u16,
    },
    Reroute(u8),
    Edit(Edit),
    /// Records that assign nothing (list markers, old severity-suppression restatements).
    Nothing,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Formula {
    pub outcome: Outcome,
    pub med_surg: MedSurg,
    pub suppression: AttrSet,
    pub uses_severity: bool,
    pub expr: Expr,
}

impl Formula {
    /// The formula's gate: shut for a record that assigns nothing.
    pub(crate) fn gate(&self) -> Gate {
        if matches!(self.outcome, Outcome::Nothing) {
            return Gate::any_of(&[]);
        }
        self.expr
            .necessary()
            .map_or(Gate::open(), |atoms| Gate::any_of(&atoms))
    }

    /// Whether the formula tests multiple significant trauma (its codes are then marked).
    pub fn expr_mentions_multst(&self) -> bool {
        self.expr.mentions(EngineAtom::MultipleSignificantTrauma)
    }
}

/// A diagnosis code's definition: plain indexes, no heap data, so that a version's 75,000
/// diagnoses decode without an allocation each and stay small in the cache.
#[derive(Debug, Clone, Copy, serde::Serialize, serde::Deserialize)]
pub struct Diagnosis {
    pub mdc: u8,
    pub severity: CcLevel,
    /// Index into [`Definitions::attribute_sets`] (attributes, dxcat and HAC lists together).
    pub attributes: u32,
    /// The code's own attributes (not dxcat/HAC lists): a bare atom the principal diagnosis
    /// carries is "owned" by it and marks no secondary diagnosis.
    pub own_attributes: u32,
    /// Attributes and dxcat lists: what a secondary diagnosis can be marked for.
    pub marking_attributes: u32,
    /// HAC list names this code is on (`HAC01`, `hac06_show`, ...), as an index into
    /// [`Definitions::hac_list_sets`] (0: on no list).
    pub hac_lists: u32,
    /// CC exclusion group when this code is the principal diagnosis.
    pub exclusion_group: Option<u32>,
    /// Sex-dependent MDC (male, female) when the code is in gender_mdcs.
    pub sex_mdc: Option<(i8, i8)>,
}

/// A procedure code's definition: plain indexes, like [`Diagnosis`].
#[derive(Debug, Clone, Copy, serde::Serialize, serde::Deserialize)]
pub struct Procedure {
    pub attributes: u32,
    /// The clusters this code can take part in, as an index into
    /// [`Definitions::cluster_list_sets`] (0: none).
    pub clusters: u32,
}

/// Distinct lists of ids, each stored once and named by its index; index 0 is the empty list.
/// Few codes share a HAC list set or a cluster set with no other code, so a version holds a few
/// hundred lists where it held one per code.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ListSets<T>(Vec<Vec<T>>);

impl<T: Clone + Eq + std::hash::Hash> ListSets<T> {
    /// The list of index `index` (empty for an unknown index).
    pub fn get(&self, index: u32) -> &[T] {
        self.0.get(index as usize).map_or(&[], Vec::as_slice)
    }

    /// Whether the sets start with the empty list (what every index 0 means).
    pub(crate) fn is_well_formed(&self) -> bool {
        self.0.first().is_some_and(Vec::is_empty)
    }
}

/// Builds [`ListSets`]: the same list always gets the same index.
struct ListSetsInterner<T> {
    lists: Vec<Vec<T>>,
    index: HashMap<Vec<T>, u32>,
}

impl<T: Clone + Eq + std::hash::Hash> ListSetsInterner<T> {
    fn new() -> Self {
        let mut index = HashMap::default();
        index.insert(Vec::new(), 0);
        ListSetsInterner {
            lists: vec![Vec::new()],
            index,
        }
    }

    fn intern(&mut self, list: Vec<T>) -> u32 {
        if let Some(i) = self.index.get(&list) {
            return *i;
        }
        let i = self.lists.len() as u32;
        self.lists.push(list.clone());
        self.index.insert(list, i);
        i
    }

    fn finish(self) -> ListSets<T> {
        ListSets(self.lists)
    }
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Cluster {
    /// For each choice slot, the codes that fill it.
    pub choices: Vec<Vec<CodeKey>>,
    /// Bit m set: member procedures' own attributes are ignored in MDC m's formulas.
    pub suppression_mdcs: u128,
    /// Attributes of the pseudo-procedure (`Z@nnnn` row of procedures.tsv), if any.
    pub attributes: Option<u32>,
}

/// Attribute ids the engine needs by name; `None` when the tables never use the name.
#[derive(Debug, Clone, Default)]
pub struct KnownAttributes {
    pub ecode: Option<u16>,
    pub mccalive: Option<u16>,
    pub incident: Option<u16>,
    pub trauma_sites: Vec<u16>,
    pub joints: Vec<u16>,
    pub vessels: Vec<(u16, u32)>,
    pub stents: Vec<(u16, u32)>,
    pub drug_stent: Option<u16>,
    pub bare_stent: Option<u16>,
    pub sglantfuse: Option<u16>,
    pub sglpostfuse: Option<u16>,
    pub sglpostfuse1: Option<u16>,
    pub sglantsectxfuse: Option<u16>,
    pub or_extensive: Option<u16>,
    pub or_nonextensive: Option<u16>,
    pub or_necessary: Option<u16>,
    /// The `hac06_show` list of HAC 06 (catheter-associated UTI).
    pub hac06_show: Option<u16>,
}

impl KnownAttributes {
    /// An O.R. procedure in the sense of the engine atom `ORPROC` (`d468` or `d477`).
    pub fn is_or_procedure(&self, attrs: &AttrSet) -> bool {
        [self.or_extensive, self.or_nonextensive]
            .iter()
            .any(|id| id.is_some_and(|i| attrs.contains(i)))
    }
}

/// The definitions of one grouper version.
pub struct Definitions {
    pub version: u16,
    pub vocabulary: Arc<Vocabulary>,
    pub attribute_sets: Vec<AttrSet>,
    pub diagnoses: CodeMap<Diagnosis>,
    pub procedures: CodeMap<Procedure>,
    pub clusters: Vec<Cluster>,
    /// The HAC list sets [`Diagnosis::hac_lists`] names.
    pub hac_list_sets: ListSets<u16>,
    /// The cluster sets [`Procedure::clusters`] names.
    pub cluster_list_sets: ListSets<u32>,
    /// Formula lists indexed by MDC list id (0 Pre-MDC, 1-25, 29, 99).
    pub formulas: Vec<Vec<Formula>>,
    /// Each list's formula gates and their index, parallel to `formulas` (derived from them,
    /// never stored).
    pub gates: Vec<ListGates>,
    pub hac_formulas: Vec<(u8, Expr)>,
    pub exclusion_groups: Arc<ExclusionGroups>,
    pub drg_titles: HashMap<u16, smol_str::SmolStr>,
    pub valid_discharge_statuses: [bool; 100],
    pub invalid_procedure_is_or: bool,
    /// For each HAC number, the list names its formula tests on secondary diagnoses.
    pub hac_secondary_lists: Vec<(u8, Vec<u16>)>,
    pub known: KnownAttributes,
}

struct AttrSetInterner {
    sets: Vec<AttrSet>,
    index: HashMap<AttrSet, u32>,
}

impl AttrSetInterner {
    fn intern(&mut self, ids: impl IntoIterator<Item = u16>) -> u32 {
        let mut set = AttrSet::EMPTY;
        for id in ids {
            set.insert(id);
        }
        if let Some(i) = self.index.get(&set) {
            return *i;
        }
        let i = self.sets.len() as u32;
        self.sets.push(set);
        self.index.insert(set, i);
        i
    }
}

/// CMS list markers: records that name their list (`MDC05`, `ERRORDRG`) or a number (`5`)
/// instead of testing anything. No table assigns these names; they are never true, as in CMS's
/// grouper. Any other name that no table defines is an error.
fn is_list_marker(name: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    name == "ERRORDRG"
        || digits(name)
        || name
            .strip_prefix("MDC")
            .is_some_and(|n| n.len() == 2 && digits(n))
}

/// An unknown formula word: its 1-based column in the formula and the word.
type UnknownWord<'a> = (usize, &'a str);

fn compile<'a>(ast: &'a Ast, vocabulary: &Vocabulary) -> Result<Expr, UnknownWord<'a>> {
    let all = |v: &'a [Ast]| -> Result<Vec<Expr>, UnknownWord<'a>> {
        v.iter().map(|a| compile(a, vocabulary)).collect()
    };
    Ok(match ast {
        Ast::Or(v) => Expr::Or(all(v)?),
        Ast::And(v) => Expr::And(all(v)?),
        Ast::Not(a) => Expr::Not(Box::new(compile(a, vocabulary)?)),
        Ast::Atom(scope, name, column) => {
            if *scope == Scope::Bare {
                match name.as_str() {
                    "MCC" => return Ok(Expr::Mcc),
                    "CC" => return Ok(Expr::Cc),
                    _ => {}
                }
                if let Some(atom) = EngineAtom::from_name(name) {
                    return Ok(Expr::Engine(atom));
                }
            }
            match vocabulary.get(name) {
                Some(id) => Expr::Attribute(*scope, id),
                None if *scope == Scope::Bare && is_list_marker(name) => Expr::Never,
                None => return Err((*column, name)),
            }
        }
    })
}

fn compile_formula(
    text: &str,
    file: &str,
    (line, column): (usize, usize),
    vocabulary: &Vocabulary,
) -> Result<Expr, TableError> {
    let ast = formula::parse(text).map_err(|e| {
        let at = e.column();
        let what = match e {
            formula::FormulaError::Syntax { .. } => "cannot parse formula".to_string(),
            formula::FormulaError::TooDeep { .. } => format!(
                "formula nests `(`/`~` deeper than {} levels",
                formula::MAX_DEPTH
            ),
        };
        TableError::parse(
            file,
            line,
            column + at - 1,
            format!(
                "{what} {} at formula column {at}",
                TableError::excerpt(text)
            ),
        )
    })?;
    compile(&ast, vocabulary).map_err(|(at, word)| {
        TableError::parse(
            file,
            line,
            column + at - 1,
            format!(
                "unknown formula word {}: not an attribute of any table, an engine atom or a \
                 CMS list marker (MDCnn, ERRORDRG, a number)",
                TableError::excerpt(word)
            ),
        )
    })
}

fn version_date(tables: &TableSet, version: u16) -> Option<Date> {
    tables
        .versions
        .iter()
        .find(|v| v.version == version)
        .map(|v| v.effective_start)
}

fn compile_diagnoses(
    tables: &TableSet,
    v: u16,
    sets: &mut AttrSetInterner,
    hac_lists: &mut ListSetsInterner<u16>,
) -> HashMap<CodeKey, Diagnosis> {
    let exclusion_by_pdx: HashMap<CodeKey, u32> = tables
        .cc_exclusion_pdx
        .iter()
        .filter(|r| r.versions.contains(v))
        .map(|row| (row.pdx, row.group))
        .collect();
    let sex_mdc: HashMap<CodeKey, (i8, i8)> = tables
        .gender_mdcs
        .iter()
        .filter(|r| r.versions.contains(v))
        .map(|row| (row.code, (row.male_mdc, row.female_mdc)))
        .collect();
    let mut diagnoses = HashMap::default();
    for row in tables.diagnoses.iter().filter(|r| r.versions.contains(v)) {
        let attributes = sets.intern(
            row.attributes
                .iter()
                .chain(&row.dxcat_attributes)
                .chain(&row.hac_attributes)
                .copied(),
        );
        diagnoses.insert(
            row.code,
            Diagnosis {
                mdc: row.mdc,
                severity: row.severity,
                attributes,
                own_attributes: sets.intern(row.attributes.iter().copied()),
                marking_attributes: sets
                    .intern(row.attributes.iter().chain(&row.dxcat_attributes).copied()),
                hac_lists: hac_lists.intern(row.hac_attributes.clone()),
                exclusion_group: exclusion_by_pdx.get(&row.code).copied(),
                sex_mdc: sex_mdc.get(&row.code).copied(),
            },
        );
    }
    diagnoses
}

/// Clusters of the version, with their choice slots, and each cluster name's index.
fn compile_clusters(
    tables: &TableSet,
    v: u16,
    procedure_attributes: &HashMap<CodeKey, u32>,
) -> Result<(Vec<Cluster>, HashMap<CodeKey, u32>), TableError> {
    let mut choices: HashMap<CodeKey, Vec<Vec<CodeKey>>> = HashMap::default();
    for row in tables
        .cluster_choices
        .iter()
        .filter(|r| r.versions.contains(v))
    {
        let slots = choices.entry(row.cluster).or_default();
        let slot = usize::from(row.choice.max(1)) - 1;
        if slots.len() <= slot {
            slots.resize(slot + 1, Vec::new());
        }
        slots[slot].push(row.code);
    }
    let mut clusters = Vec::new();
    let mut cluster_index: HashMap<CodeKey, u32> = HashMap::default();
    for row in tables.clusters.iter().filter(|r| r.versions.contains(v)) {
        let mut suppression = 0u128;
        for m in &row.suppression_mdcs {
            // MDC 99 marks clusters whose suppression CMS never applies (see tables README).
            if *m < 32 {
                suppression |= 1u128 << m;
            }
        }
        let slots = choices.remove(&row.name).unwrap_or_default();
        if slots.len() != usize::from(row.choice_count) || slots.iter().any(Vec::is_empty) {
            return Err(TableError::content(
                "cluster_choices.tsv",
                format!(
                    "cluster {} in version {v} has {} filled choices, clusters.tsv says {}",
                    crate::codes::unpack(row.name),
                    slots.iter().filter(|s| !s.is_empty()).count(),
                    row.choice_count
                ),
            ));
        }
        cluster_index.insert(row.name, clusters.len() as u32);
        clusters.push(Cluster {
            choices: slots,
            suppression_mdcs: suppression,
            attributes: procedure_attributes.get(&row.name).copied(),
        });
    }
    Ok((clusters, cluster_index))
}

fn compile_procedures(
    tables: &TableSet,
    v: u16,
    procedure_attributes: &HashMap<CodeKey, u32>,
    cluster_index: &HashMap<CodeKey, u32>,
    cluster_lists: &mut ListSetsInterner<u32>,
) -> HashMap<CodeKey, Procedure> {
    let mut procedures: HashMap<CodeKey, Procedure> = procedure_attributes
        .iter()
        .map(|(code, attributes)| {
            let procedure = Procedure {
                attributes: *attributes,
                clusters: 0,
            };
            (*code, procedure)
        })
        .collect();
    for row in tables.cluster_map.iter().filter(|r| r.versions.contains(v)) {
        if let Some(p) = procedures.get_mut(&row.code) {
            p.clusters = cluster_lists.intern(
                row.clusters
                    .iter()
                    .filter_map(|c| cluster_index.get(c).copied())
                    .collect(),
            );
        }
    }
    procedures
}

/// The gates of every formula list, parallel to the lists.
pub(crate) fn formula_gates(formulas: &[Vec<Formula>]) -> Vec<ListGates> {
    formulas
        .iter()
        .map(|list| ListGates::new(list.iter().map(Formula::gate).collect()))
        .collect()
}

/// What a DRG formula record does when it matches first.
fn outcome(row: &FormulaRow, expr: &Expr) -> Outcome {
    if row.drg > 0 {
        Outcome::Assign {
            drg: row.drg,
            base_drg: row.base_drg,
        }
    } else if row.reroute_mdc > 0 {
        Outcome::Reroute(row.reroute_mdc)
    } else if expr.mentions(EngineAtom::InvalidDischargeStatus) {
        // CMS Java ends in 999 INVALID_DISCHARGE_STATUS for every such record
        // (`SDX:mccalive & INVALID_DSTAT`, `ANY:ami & INVALID_DSTAT`, `INVALID_DSTAT`).
        Outcome::Edit(Edit::InvalidDischargeStatus)
    } else if expr.mentions(EngineAtom::InvalidPrincipal) {
        Outcome::Edit(Edit::InvalidPrincipal)
    } else if expr.mentions(EngineAtom::PrincipalExternalCause) {
        Outcome::Edit(Edit::PrincipalCannotBePrincipal)
    } else if expr.mentions(EngineAtom::InvalidSex) {
        Outcome::Edit(Edit::InvalidSex)
    } else {
        Outcome::Nothing
    }
}

/// The DRG formula lists of the version, indexed by MDC list, in evaluation order.
fn compile_drg_formulas(
    tables: &TableSet,
    v: u16,
    vocab: &Vocabulary,
) -> Result<Vec<Vec<Formula>>, TableError> {
    let mut formulas: Vec<Vec<Formula>> = vec![Vec::new(); 100];
    let mut rows: Vec<_> = tables.formulas.iter().filter(|r| r.version == v).collect();
    rows.sort_by_key(|r| (r.mdc, r.seq));
    for row in rows {
        let expr = compile_formula(&row.formula, "drg_formulas.tsv", row.position, vocab)?;
        let mut suppression = AttrSet::EMPTY;
        for name in &row.severity_suppression {
            let id = vocab.get(name).ok_or_else(|| {
                TableError::parse(
                    "drg_formulas.tsv",
                    row.position.0,
                    row.suppression_column,
                    format!(
                        "unknown severity-suppression attribute {}: no table defines it",
                        TableError::excerpt(name)
                    ),
                )
            })?;
            suppression.insert(id);
        }
        let list = formulas.get_mut(usize::from(row.mdc)).ok_or_else(|| {
            TableError::parse(
                "drg_formulas.tsv",
                row.position.0,
                1,
                format!("MDC list {} out of range", row.mdc),
            )
        })?;
        list.push(Formula {
            outcome: outcome(row, &expr),
            med_surg: row.med_surg,
            suppression,
            uses_severity: expr.uses_severity(),
            expr,
        });
    }
    Ok(formulas)
}

/// HAC formulas of the version, by HAC number, in table order.
fn compile_hac_formulas(
    tables: &TableSet,
    v: u16,
    vocab: &Vocabulary,
) -> Result<Vec<(u8, Expr)>, TableError> {
    let mut rows: Vec<_> = tables
        .hac_formulas
        .iter()
        .filter(|r| r.versions.contains(v))
        .collect();
    rows.sort_by_key(|r| (r.hac, r.seq));
    rows.into_iter()
        .map(|r| {
            let expr = compile_formula(&r.formula, "hac_formulas.tsv", r.position, vocab)?;
            Ok((r.hac, expr))
        })
        .collect()
}

/// Discharge statuses valid on the version's first day (`mce_discharge_status.tsv`).
fn valid_discharge_statuses(tables: &TableSet, v: u16) -> [bool; 100] {
    let date = version_date(tables, v);
    let mut valid = [false; 100];
    for row in &tables.discharge_statuses {
        let in_force = date.is_some_and(|d| row.date_start <= d && d <= row.date_end);
        if in_force && row.code < 100 {
            valid[usize::from(row.code)] = true;
        }
    }
    valid
}

impl KnownAttributes {
    /// The attribute ids the engine reads by name, in this table set's vocabulary.
    pub(crate) fn find(vocab: &Vocabulary) -> KnownAttributes {
        let id = |name: &str| vocab.get(name);
        let ids =
            |names: &[&str]| -> Vec<u16> { names.iter().filter_map(|n| vocab.get(n)).collect() };
        let counted = |prefix: &str| -> Vec<(u16, u32)> {
            (1..=4)
                .filter_map(|n| vocab.get(&format!("{prefix}{n}")).map(|id| (id, n)))
                .collect()
        };
        KnownAttributes {
            ecode: id("ecode"),
            mccalive: id("mccalive"),
            incident: id("incident"),
            trauma_sites: ids(&[
                "sthead", "stchest", "stabdom", "stkidney", "sturin", "stpel", "stuplimb",
                "stlolimb",
            ]),
            joints: ids(&[
                "righthip",
                "lefthip",
                "rightknee",
                "leftknee",
                "rightankle",
                "leftankle",
            ]),
            vessels: counted("vessel"),
            stents: counted("stent"),
            drug_stent: id("NORdrugstent"),
            bare_stent: id("NORstent"),
            sglantfuse: id("sglantfuse"),
            sglpostfuse: id("sglpostfuse"),
            sglpostfuse1: id("sglpostfuse1"),
            sglantsectxfuse: id("sglantsectXfuse"),
            or_extensive: id("d468"),
            or_nonextensive: id("d477"),
            or_necessary: id("ornec"),
            hac06_show: id("hac06_show"),
        }
    }
}

impl Definitions {
    /// Compile the rows of `tables` that apply to `version`.
    pub fn build(
        tables: &TableSet,
        vocabulary: &Arc<Vocabulary>,
        exclusion_groups: &Arc<ExclusionGroups>,
        version: u16,
    ) -> Result<Definitions, TableError> {
        let mut sets = AttrSetInterner {
            sets: Vec::new(),
            index: HashMap::default(),
        };
        let v = version;
        let mut hac_lists = ListSetsInterner::new();
        let diagnoses =
            CodeMap::from_unsorted(compile_diagnoses(tables, v, &mut sets, &mut hac_lists));
        let procedure_attributes: HashMap<CodeKey, u32> = tables
            .procedures
            .iter()
            .filter(|r| r.versions.contains(v))
            .map(|row| (row.code, sets.intern(row.attributes.iter().copied())))
            .collect();
        let (clusters, cluster_index) = compile_clusters(tables, v, &procedure_attributes)?;
        let mut cluster_lists = ListSetsInterner::new();
        let procedures = CodeMap::from_unsorted(compile_procedures(
            tables,
            v,
            &procedure_attributes,
            &cluster_index,
            &mut cluster_lists,
        ));
        let formulas = compile_drg_formulas(tables, v, vocabulary)?;
        let hac_formulas = compile_hac_formulas(tables, v, vocabulary)?;
        let mut hac_secondary_lists: Vec<(u8, Vec<u16>)> = Vec::new();
        for (hac, expr) in &hac_formulas {
            let mut lists = Vec::new();
            expr.secondary_attributes(&mut lists);
            match hac_secondary_lists.iter_mut().find(|(h, _)| h == hac) {
                Some((_, existing)) => existing.extend(lists),
                None => hac_secondary_lists.push((*hac, lists)),
            }
        }
        let drg_titles = tables
            .drg_titles
            .iter()
            .filter(|r| r.versions.contains(v))
            .map(|r| (r.number, smol_str::SmolStr::from(r.title.as_str())))
            .collect();
        let version_row = tables.versions.iter().find(|r| r.version == v);
        Ok(Definitions {
            version,
            vocabulary: Arc::clone(vocabulary),
            attribute_sets: sets.sets,
            diagnoses,
            procedures,
            clusters,
            hac_list_sets: hac_lists.finish(),
            cluster_list_sets: cluster_lists.finish(),
            gates: formula_gates(&formulas),
            formulas,
            hac_formulas,
            exclusion_groups: Arc::clone(exclusion_groups),
            drg_titles,
            valid_discharge_statuses: valid_discharge_statuses(tables, v),
            invalid_procedure_is_or: version_row.is_some_and(|r| r.invalid_procedure_is_or),
            hac_secondary_lists,
            known: KnownAttributes::find(vocabulary),
        })
    }

    pub fn attributes(&self, index: u32) -> &AttrSet {
        &self.attribute_sets[index as usize]
    }

    /// The HAC lists (as attribute ids) diagnosis `d` is on.
    pub fn hac_lists(&self, d: &Diagnosis) -> &[u16] {
        self.hac_list_sets.get(d.hac_lists)
    }

    /// The clusters (indexes into [`Definitions::clusters`]) procedure `p` can take part in.
    pub fn procedure_clusters(&self, p: &Procedure) -> &[u32] {
        self.cluster_list_sets.get(p.clusters)
    }

    /// Whether the CC exclusion group `group` lists secondary diagnosis `sdx`.
    pub fn excludes(&self, group: u32, sdx: CodeKey) -> bool {
        self.exclusion_groups
            .get(&group)
            .is_some_and(|members| members.binary_search(&sdx).is_ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_sets_name_each_distinct_list_once_and_zero_is_empty() {
        let mut interner = ListSetsInterner::new();
        let empty = interner.intern(Vec::new());
        let a = interner.intern(vec![3u16, 7]);
        let b = interner.intern(vec![7u16, 3]);
        assert_eq!(empty, 0);
        assert_eq!(interner.intern(vec![3, 7]), a);
        assert_ne!(a, b, "order is kept: a list is not a set");
        let sets = interner.finish();
        assert!(sets.is_well_formed());
        assert_eq!(sets.get(a), &[3, 7]);
        assert_eq!(sets.get(b), &[7, 3]);
        assert!(sets.get(0).is_empty());
        assert!(
            sets.get(99).is_empty(),
            "an unknown index is no list, not a panic"
        );
    }
}
