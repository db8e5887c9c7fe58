//! Errors of the payment estimator: table loading (file, line, column) and per-claim pricing.

use super::return_code::PricerReturnCode;

/// Table errors are the crate's one table error type.
pub(crate) use crate::tables::TableError;

/// Why one claim could not be priced. Each variant maps to the CMS pricer return code
/// (PAYMENT.md §2) that the CMS IPPS Pricer would give, so users can compare.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PricingError {
    /// RTC 55: no tables loaded for the discharge's fiscal year (checked before any lookup).
    #[error("no IPPS payment tables loaded for FY{fiscal_year} (discharge date {discharge_date}); load the FY{fiscal_year} tables from a directory (drgstable-{fiscal_year}.csv or table5-fy{fiscal_year}.txt, cbsa-wage-index-{fiscal_year}.csv, ratex-{fiscal_year}.csv, outmigration-{fiscal_year}.csv, claim-codes-{fiscal_year}.csv, newtech-costs-{fiscal_year}.csv and fy-factors.csv with FY{fiscal_year} rows); loaded: {loaded}")]
    NoTablesForDischargeDate {
        /// The claim's discharge date.
        discharge_date: String,
        /// Fiscal year the date falls in.
        fiscal_year: u16,
        /// Fiscal years that are loaded.
        loaded: String,
    },
    /// RTC 55: the fiscal year's tables are in the set but cannot be parsed (an embedded
    /// year is parsed on first use).
    #[error("cannot read the FY{fiscal_year} IPPS tables: {message}")]
    UnreadableTables {
        /// Fiscal year of the tables.
        fiscal_year: u16,
        /// The parse error: file, line, column and what is wrong.
        message: String,
    },
    /// RTC 54: the DRG is not in the year's DRG table.
    #[error("MS-DRG {drg:03} is not in the FY{fiscal_year} DRG table")]
    UnknownDrg {
        /// The DRG asked for.
        drg: u16,
        /// Fiscal year of the table.
        fiscal_year: u16,
    },
    /// RTC 51: no PSF record for the CCN in effect on the discharge date.
    #[error("no provider record: {0}")]
    MissingProvider(String),
    /// A PSF field is missing or invalid; `return_code` is the RTC CMS gives for it.
    #[error("provider field {field} = {value:?}: {reason}")]
    InvalidProviderField {
        /// CMS pricer JSON name of the field (e.g. `providerType`).
        field: &'static str,
        /// The value found.
        value: String,
        /// What is expected.
        reason: String,
        /// RTC of the failure (52, 55, 65, 68 …).
        return_code: PricerReturnCode,
    },
    /// A claim field is invalid; `return_code` is the RTC CMS gives for it.
    #[error("claim field {field} = {value:?}: {reason}")]
    InvalidClaimField {
        /// `drg price` name of the field (e.g. `length_of_stay`).
        field: &'static str,
        /// The value found.
        value: String,
        /// What is expected.
        reason: String,
        /// RTC of the failure (56, 57, 58, 61, 62).
        return_code: PricerReturnCode,
    },
    /// RTC 52: the wage-index CBSA has no row for the discharge date.
    #[error("CBSA {cbsa} is not in the FY{fiscal_year} wage index table for {discharge_date}")]
    UnknownCbsa {
        /// The CBSA looked up.
        cbsa: String,
        /// Fiscal year of the table.
        fiscal_year: u16,
        /// The claim's discharge date.
        discharge_date: String,
    },
    /// RTC 53: waiver state (Maryland), not paid under IPPS.
    #[error("provider is in a waiver state (waiverIndicator Y, Maryland): not paid under IPPS")]
    WaiverState,
    /// RTC 53: Puerto Rico hospitals are not in the HAC program.
    #[error("Puerto Rico hospital with HAC reduction indicator Y is invalid")]
    PuertoRicoHac,
    /// RTC 54: a DRG 018 no-cost case, but the year's factor is not in `fy-factors.csv`.
    #[error("DRG 018 no-cost/clinical-trial case: the FY{fiscal_year} reduction factor is not known (set no_cost_product_factor_drg018 in fy-factors.csv)")]
    UnknownNoCostFactor {
        /// Fiscal year whose factor is missing.
        fiscal_year: u16,
    },
    /// RTC 67: a cost outlier with the length of stay above the covered days.
    #[error("cost outlier with length of stay {length_of_stay} above covered days {covered_days}")]
    OutlierBeyondCoveredDays {
        /// The claim's length of stay.
        length_of_stay: i64,
        /// The claim's covered days.
        covered_days: i64,
    },
    /// A table file or `fy-factors.csv` factor of the discharge's year that this claim needs
    /// is not loaded (a partially published year, see `payment/README.md` "Partial years").
    /// RTC 52 when the wage index or out-migration table is among them (CMS's code for a CBSA
    /// its table lacks), else 55 (CMS's code for a discharge it has no rates for).
    #[error("FY{fiscal_year} tables lack {what}, which this claim needs: {how}")]
    MissingTable {
        /// Fiscal year of the tables.
        fiscal_year: u16,
        /// Each missing piece: a file name (`cbsa-wage-index-2025.csv`) or a factor.
        what: String,
        /// How to supply each piece.
        how: String,
        /// RTC of the failure (52 or 55).
        return_code: PricerReturnCode,
    },
    /// RTC 54: a computation the tables make impossible (e.g. GMLOS 0, a power out of range).
    #[error("cannot compute {0} from the loaded tables")]
    Computation(&'static str),
}

impl PricingError {
    /// The input field at fault (`drg price` claim name, or the CMS pricer name of a provider
    /// field), when the error is about one.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            PricingError::InvalidProviderField { field, .. }
            | PricingError::InvalidClaimField { field, .. } => Some(field),
            _ => None,
        }
    }

    /// The CMS pricer return code (two digits) this error corresponds to (PAYMENT.md §2).
    pub fn return_code(&self) -> PricerReturnCode {
        use PricerReturnCode as Rtc;
        match self {
            PricingError::NoTablesForDischargeDate { .. }
            | PricingError::UnreadableTables { .. } => Rtc::InvalidDischargeDate,
            PricingError::UnknownDrg { .. } => Rtc::InvalidDrg,
            PricingError::MissingProvider(_) => Rtc::NoProviderRecord,
            PricingError::InvalidProviderField { return_code, .. }
            | PricingError::InvalidClaimField { return_code, .. }
            | PricingError::MissingTable { return_code, .. } => *return_code,
            PricingError::UnknownCbsa { .. } => Rtc::InvalidProviderData,
            PricingError::WaiverState | PricingError::PuertoRicoHac => Rtc::WaiverState,
            PricingError::UnknownNoCostFactor { .. } => Rtc::InvalidDrg,
            PricingError::OutlierBeyondCoveredDays { .. } => Rtc::OutlierBeyondCoveredDays,
            PricingError::Computation(_) => Rtc::InvalidDrg,
        }
    }
}

/// A PSF field that is missing or invalid, with the RTC CMS gives for it.
pub(crate) fn invalid_provider(
    field: &'static str,
    value: impl ToString,
    reason: &str,
    rtc: PricerReturnCode,
) -> PricingError {
    PricingError::InvalidProviderField {
        field,
        value: value.to_string(),
        reason: reason.to_string(),
        return_code: rtc,
    }
}
