//! MS-DRG grouping, as the CMS MS-DRG grouper does it, in the order the data flows:
//!
//! - [`claim`]: the claim as the grouper reads it;
//! - [`formula`], [`definitions`]: one version's tables compiled for grouping
//!   (attribute bitsets, parsed formulas, code maps), built once and shared; [`compiled`]:
//!   the same as bytes, embedded, so the embedded tables need no compile at start;
//! - [`gate`]: each formula's necessary condition, tested before the formula is walked;
//! - [`engine`]: clusters, attributes, engine atoms, formulas and severity -> initial DRG;
//! - [`hac`]: hospital-acquired-condition findings (POA checks, criteria met);
//! - [`final_drg`]: the final (paid) DRG from the findings;
//! - [`marking`]: which codes determined each DRG (`drg_impact`);
//! - [`pipeline`]: runs the steps above, in that order, into a [`result`];
//! - [`explain`]: why a claim got its DRG, read off the same run;
//! - [`grouper`]: the [`Grouper`](grouper::Grouper): a table set, its versions, and the
//!   definitions of each compiled on first use (embedded tables) or at load (a directory).
//!
//! Each step reads only what the steps before it produced; nothing flows back.

pub(crate) mod claim;
pub(crate) mod compiled;
pub(crate) mod definitions;
pub(crate) mod engine;
pub(crate) mod explain;
pub(crate) mod final_drg;
pub(crate) mod formula;
pub(crate) mod gate;
pub(crate) mod grouper;
pub(crate) mod hac;
pub(crate) mod lookup;
pub(crate) mod marking;
pub(crate) mod pipeline;
pub(crate) mod result;
pub(crate) mod rows;

/// A claim's per-code scratch (marks, orders, matched atoms, POA checks) on the stack up to 32
/// items: nearly every claim carries fewer codes of each kind, and a longer one spills to the
/// heap. The engine made about twenty heap allocations per claim, a sixth of its instructions.
pub(crate) type Scratch<T> = smallvec::SmallVec<[T; 32]>;
