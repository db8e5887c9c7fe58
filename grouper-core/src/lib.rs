//! MS-DRG grouper and Medicare IPPS payment estimator, driven by the CMS tables.
//!
//! The grouping flow follows the CMS MS-DRG grouper: [`tables`] (CMS definition files, parsed
//! with nom) -> [`definitions`] (one version compiled for speed) -> [`engine`] (clusters,
//! attributes, formulas, severity) -> [`hac`] -> [`marking`] -> [`result`] / [`output`].
//! The payment flow (IPPS pricer) lives in [`payment`].
#![deny(unsafe_code)]

pub mod attributes;
pub mod claim;
pub mod codes;
pub mod definitions;
pub mod engine;
pub mod error;
pub mod formula;
pub mod grouper;
pub mod hac;
pub mod marking;
pub mod output;
pub mod payment;
pub mod result;
pub mod tables;

pub use claim::Claim;
pub use error::{GroupError, TableError};
pub use grouper::Grouper;
pub use result::GroupingResult;
