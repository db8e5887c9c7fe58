//! Typed errors of the library.

use thiserror::Error;

/// A problem with a definition table: malformed line, missing file, inconsistent data.
#[derive(Debug, Clone, Error, PartialEq, Eq)]
pub enum TableError {
    #[error("{file}:{line}:{column}: {message}")]
    Malformed {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("cannot read table {file}: {message}")]
    Io { file: String, message: String },
    #[error("{file}: {message}")]
    Invalid { file: String, message: String },
}

/// Why a claim could not be grouped at all (as opposed to a CMS edit such as DRG 999, which is a
/// grouping result).
#[derive(Debug, Clone, Error, PartialEq, Eq)]
pub enum GroupError {
    #[error("unsupported grouper version {0} (supported: {1})")]
    UnsupportedVersion(i64, String),
    #[error("no MS-DRG version is in force on discharge date {0}")]
    NoVersionForDate(String),
    #[error("claim has neither `version` nor `discharge_date`")]
    NoVersion,
    #[error("field `{field}`: {message}")]
    InvalidField { field: String, message: String },
    #[error(transparent)]
    Table(#[from] TableError),
}
