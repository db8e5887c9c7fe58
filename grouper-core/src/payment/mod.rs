//! Medicare IPPS payment estimator: the CMS IPPS Pricer's rules (`shared/cms/ipps/PAYMENT.md`)
//! with exact decimal arithmetic, rounding only where CMS rounds.
//!
//! Flow ([`price`], one module per PAYMENT.md step): tables (§3–§4 data) → provider (§1.3) →
//! `facts` (§2 bill and PSF validations) → `wage_index` (§3) → `rate_table` (§4.2) →
//! `operating` (§5) → `capital` (§6) → `transfer` (§7) → `new_technology` (§8) → `outlier`
//! (§10) → `hospital_specific` (§9) → `adjustments` (§11 HRR, VBP, low volume) → `totals`
//! (§11) → [`PaymentResult`]; `pricer` runs them in the §2 order with the 14/16 rule and the
//! outlier reconciliation pass. Every rounding step is a function in [`steps`]. `drg price` input
//! lines are read and printed by `crate::io`. Policy choices (transfer statuses, unverified rules) are
//! listed in `payment/README.md`.
#![deny(unsafe_code)]

mod adjustments;
mod capital;
mod claim;

pub(crate) mod de;
pub(crate) mod decimal_text;
mod delimited;
mod error;
mod exact;
mod facts;
mod hospital_specific;
mod math;
mod needs;
mod new_technology;
mod operating;
mod outlier;
mod policy;
mod pricer;
mod provider;
mod rate_table;
mod result;
mod return_code;
pub mod steps;
mod tables;
mod totals;
mod transfer;
mod wage_index;

pub use claim::{review_code_for, PricingClaim, ReviewCode};
pub use delimited::MAX_RECORD_BYTES;
pub use error::PricingError;
pub use pricer::{price, PricingContext};
pub use provider::{Provider, ProviderFile, ProviderType};
pub use result::PaymentResult;
pub use return_code::PricerReturnCode;
/// Re-exported so callers (and the workspace tests) use the same decimal type.
pub use rust_decimal::Decimal;

/// A decimal as its exact string (the pricer's factor scale), for serde `serialize_with`.
pub fn serialize_decimal<S: serde::Serializer>(v: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    de::factor(v, s)
}

/// Serialize an optional decimal as its string, or null.
pub fn serialize_opt_decimal<S: serde::Serializer>(
    v: &Option<Decimal>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match v {
        Some(d) => serialize_decimal(d, s),
        None => s.serialize_none(),
    }
}
pub use tables::{
    decode_windows_1252, embedded_table5_fy2026, parse_cbsa_wage_index, parse_claim_codes,
    parse_drgstable, parse_fy_factors, parse_newtech_costs, parse_outmigration, parse_ratex,
    parse_table5, parse_table_file, table_file_names, ClaimCodeRow, CodeType, DrgEntry,
    FiscalYearFactors, NewTechCost, OptionalTable, OutmigrationRow, PaymentTableSet, PaymentTables,
    RateAmounts, WageIndexRow, HOSPITAL_SPECIFIC_FACTORS, RATE_FACTORS,
};
pub use transfer::Transfer;
