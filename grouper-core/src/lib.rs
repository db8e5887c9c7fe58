//! MS-DRG grouper and Medicare IPPS payment estimator, driven by the CMS tables.
//!
//! Two flows, each reading in one direction:
//! - **grouping**: [`tables`](TableSet) (the CMS definition files, parsed with nom) ->
//!   `grouping::definitions` (one version compiled once) -> engine -> HAC findings -> final
//!   DRG -> marking -> [`GroupingResult`]; [`Grouper`] is the entry point;
//! - **payment**: [`payment`] prices a DRG for a provider and discharge as the CMS IPPS
//!   pricer does, with exact decimals.
//!
//! [`mce`] is the Medicare Code Editor beside `grouping`: the CMS MCE masters compiled once
//! into an [`mce::Editor`], which edits a claim for its discharge date.
//!
//! [`io`] holds the input formats and printers (JSON Lines, CSV) and the record loop the
//! commands share, and the analyses built on grouping: what-if, DRG impact and compare
//! ([`io::whatif_record`], [`io::impact_record`], [`io::compare`]). [`Grouper::explain`] says why
//! a claim got its DRG, from the engine's own run.
//!
//! ```
//! use grouper_core::Grouper;
//! let grouper = Grouper::embedded()?;
//! let line = r#"{"id": "c1", "version": 431, "age": 72, "sex": 1, "discharge_status": 1,
//!               "pdx": {"code": "I5023", "poa": "Y"}, "sdx": [{"code": "N179", "poa": "Y"}]}"#;
//! let result = grouper_core::io::group_line(&grouper, line, 1).expect("groups");
//! assert_eq!(result.final_.drg, 292);
//! # Ok::<(), grouper_core::TableError>(())
//! ```
#![deny(unsafe_code)]
#![deny(missing_docs)]

mod attributes;
pub mod codes;
mod date;
mod discharge;
mod error;
#[cfg(test)]
mod golden;
mod grouping;
pub mod io;
pub mod mce;
pub mod payment;
mod tables;

pub use date::{Date, DateError};
pub use discharge::DischargeStatus;
pub use error::GroupError;
pub use grouping::claim::{
    Claim, DiagnosisCode, HospitalStatus, Poa, ProcedureCode, Sex, VersionChoice,
};
pub use grouping::engine::{ReturnCode, Severity};
pub use grouping::explain::{Evidence, Explanation, MatchedRule, SecondaryReason};
pub use grouping::final_drg::HacStatus;
pub use grouping::formula::{FormulaError, MAX_DEPTH as MAX_FORMULA_DEPTH};
pub use grouping::grouper::Grouper;
pub use grouping::hac::{HacCriterion, PoaError};
pub use grouping::lookup::{CodeIndex, CodeKind, CodeMatch, CodeTitles};
pub use grouping::marking::DrgImpact;
pub use grouping::result::{
    DiagnosisResult, DrgAssignment, GroupingResult, HacEntry, HacNumber, ProcedureResult,
};
/// The inline string type of codes and titles in grouping results.
pub use smol_str::SmolStr;
pub use tables::{
    parse_table_rows, CcLevel, MedSurg, TableError, TableSet, TableSource, VersionRow, MSDRG_FILES,
};

/// Parse a DRG or HAC formula of the CMS formula language (the last column of
/// `drg_formulas.tsv` and `hac_formulas.tsv`) without resolving its names: `Ok`, or the
/// syntax or nesting error at its 1-based column (in bytes, as every MS-DRG table column).
/// For tests and fuzzing of the formula parser.
pub fn parse_formula(text: &str) -> Result<(), FormulaError> {
    grouping::formula::parse(text).map(|_| ())
}
