//! Why a claim could not be grouped at all.

use std::sync::Arc;

use thiserror::Error;

use crate::tables::TableError;

/// Why a claim could not be grouped at all (as opposed to a CMS edit such as DRG 999, which is a
/// grouping result).
#[derive(Debug, Clone, Error)]
pub enum GroupError {
    /// The claim asks for a version the tables do not have.
    #[error("unsupported grouper version {0} (supported: {1})")]
    UnsupportedVersion(i64, String),
    /// No version of the tables is in force on the discharge date.
    #[error("no MS-DRG version is in force on discharge date {0}")]
    NoVersionForDate(crate::date::Date),
    /// The claim gives neither a version nor a discharge date.
    #[error("claim has neither `version` nor `discharge_date`")]
    NoVersion,
    /// A field of the claim cannot be read.
    #[error("field `{field}`: {message}")]
    InvalidField {
        /// The field, as a path (`sdx[2].poa`).
        field: String,
        /// What is wrong with it.
        message: String,
    },
    /// The version's tables could not be compiled.
    #[error(transparent)]
    Table(Arc<TableError>),
}

impl GroupError {
    /// The claim field at fault, when the error is about one.
    pub fn field(&self) -> Option<&str> {
        match self {
            GroupError::InvalidField { field, .. } => Some(field),
            GroupError::UnsupportedVersion(..) => Some("version"),
            GroupError::NoVersionForDate(_) => Some("discharge_date"),
            GroupError::NoVersion => Some("version"),
            GroupError::Table(_) => None,
        }
    }
}
