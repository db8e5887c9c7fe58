//! Medicare IPPS payment estimator: the CMS IPPS Pricer's rules (`shared/cms/ipps/PAYMENT.md`)
//! with exact decimal arithmetic, rounding only where CMS rounds.
//!
//! Flow: [`tables`] (rates, weights, wage index) → [`provider`] → [`compute`] (operating,
//! capital, transfer, NTAP, outlier, hospital-specific, adjustments; each rounding step is a
//! function in [`steps`]) → [`PaymentResult`]. [`jsonl`] prices `drg price` input lines.
//! Policy choices (transfer statuses, unverified rules) are listed in `payment/README.md`.
#![deny(unsafe_code)]

mod adjustments;
mod capital;
pub mod claim;
pub mod date;
pub mod de;
mod delimited;
pub mod error;
mod facts;
mod hospital_specific;
pub mod jsonl;
pub mod math;
mod new_technology;
mod operating;
mod outlier;
mod pricer;
pub mod provider;
mod rate_table;
pub mod result;
mod return_code;
pub mod steps;
pub mod tables;
mod totals;
mod transfer;
mod wage_index;

pub use claim::{review_code_for, PricingClaim, ReviewCode};
pub use date::Date;
pub use error::{PricingError, TableError};
pub use jsonl::{GroupedDrg, PricingContext};
pub use pricer::price;
pub use provider::{Provider, ProviderFile, ProviderType};
pub use result::PaymentResult;
pub use return_code::PricerReturnCode;
/// Re-exported so callers (and the workspace tests) use the same decimal type.
pub use rust_decimal::Decimal;
pub use tables::{PaymentTableSet, PaymentTables};
pub use transfer::Transfer;
