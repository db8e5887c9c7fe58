//! Errors of the payment estimator: table loading (file, line, column) and per-claim pricing.

use std::path::PathBuf;

use super::return_code::PricerReturnCode;

/// A table or provider file that could not be read or parsed.
///
/// Every parse error names the file, the 1-based line and column, and what was expected, so
/// a user loading a new fiscal year's tables can fix the file without reading our code.
#[derive(Debug, thiserror::Error)]
pub enum TableError {
    #[error("{file}:{line}:{column}: {message}")]
    Parse {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{file}: {message}")]
    Content { file: String, message: String },
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("table directory {dir}: {message}")]
    Directory { dir: PathBuf, message: String },
}

impl TableError {
    pub(crate) fn parse(
        file: &str,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        TableError::Parse {
            file: file.to_string(),
            line,
            column,
            message: message.into(),
        }
    }

    pub(crate) fn content(file: &str, message: impl Into<String>) -> Self {
        TableError::Content {
            file: file.to_string(),
            message: message.into(),
        }
    }
}

/// Why one claim could not be priced. Each variant maps to the CMS pricer return code
/// (PAYMENT.md §2) that the CMS IPPS Pricer would give, so users can compare.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PricingError {
    #[error("no IPPS payment tables loaded for FY{fiscal_year} (discharge date {discharge_date}); load the FY{fiscal_year} tables from a directory (drgstable-{fiscal_year}.csv or table5-fy{fiscal_year}.txt, cbsa-wage-index-{fiscal_year}.csv, ratex-{fiscal_year}.csv, outmigration-{fiscal_year}.csv, claim-codes-{fiscal_year}.csv, newtech-costs-{fiscal_year}.csv and fy-factors.csv with FY{fiscal_year} rows); loaded: {loaded}")]
    NoTablesForDischargeDate {
        discharge_date: String,
        fiscal_year: u16,
        loaded: String,
    },
    #[error("MS-DRG {drg:03} is not in the FY{fiscal_year} DRG table")]
    UnknownDrg { drg: u16, fiscal_year: u16 },
    #[error("MS-DRG {drg:03} is ungroupable (relative weight 0); the claim is not payable")]
    UngroupableDrg { drg: u16 },
    #[error("no provider record: {0}")]
    MissingProvider(String),
    #[error("provider field {field} = {value:?}: {reason}")]
    InvalidProviderField {
        field: &'static str,
        value: String,
        reason: String,
        return_code: PricerReturnCode,
    },
    #[error("claim field {field} = {value:?}: {reason}")]
    InvalidClaimField {
        field: &'static str,
        value: String,
        reason: String,
        return_code: PricerReturnCode,
    },
    #[error("CBSA {cbsa} is not in the FY{fiscal_year} wage index table for {discharge_date}")]
    UnknownCbsa {
        cbsa: String,
        fiscal_year: u16,
        discharge_date: String,
    },
    #[error("provider is in a waiver state (waiverIndicator Y, Maryland): not paid under IPPS")]
    WaiverState,
    #[error("Puerto Rico hospital with HAC reduction indicator Y is invalid")]
    PuertoRicoHac,
    #[error("DRG 018 no-cost/clinical-trial case: the FY{fiscal_year} reduction factor is not known (set no_cost_product_factor_drg018 in fy-factors.csv)")]
    UnknownNoCostFactor { fiscal_year: u16 },
    #[error("cost outlier with length of stay {length_of_stay} above covered days {covered_days}")]
    OutlierBeyondCoveredDays {
        length_of_stay: i64,
        covered_days: i64,
    },
    #[error("cannot compute {0} from the loaded tables")]
    Computation(&'static str),
}

impl PricingError {
    /// The CMS pricer return code (two digits) this error corresponds to (PAYMENT.md §2).
    pub fn return_code(&self) -> PricerReturnCode {
        use PricerReturnCode as Rtc;
        match self {
            PricingError::NoTablesForDischargeDate { .. } => Rtc::InvalidDischargeDate,
            PricingError::UnknownDrg { .. } | PricingError::UngroupableDrg { .. } => {
                Rtc::InvalidDrg
            }
            PricingError::MissingProvider(_) => Rtc::NoProviderRecord,
            PricingError::InvalidProviderField { return_code, .. }
            | PricingError::InvalidClaimField { return_code, .. } => *return_code,
            PricingError::UnknownCbsa { .. } => Rtc::InvalidProviderData,
            PricingError::WaiverState | PricingError::PuertoRicoHac => Rtc::WaiverState,
            PricingError::UnknownNoCostFactor { .. } => Rtc::InvalidDrg,
            PricingError::OutlierBeyondCoveredDays { .. } => Rtc::OutlierBeyondCoveredDays,
            PricingError::Computation(_) => Rtc::InvalidDrg,
        }
    }
}
