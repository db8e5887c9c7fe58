//! What one priced claim returns: every component, the DRG figures used, the thresholds and
//! the CMS pricer return code. Money serializes as a two-place decimal string.

use rust_decimal::Decimal;
use serde::Serialize;

use super::claim::ReviewCode;
use super::de;
use super::return_code::PricerReturnCode;
use super::transfer::Transfer;

/// Result of pricing one claim (PAYMENT.md §5–§11 outputs).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PaymentResult {
    pub fiscal_year: u16,
    pub drg: u16,
    #[serde(serialize_with = "de::factor")]
    pub drg_relative_weight: Decimal,
    #[serde(serialize_with = "de::factor")]
    pub drg_geometric_mean_los: Decimal,
    #[serde(serialize_with = "de::factor")]
    pub drg_arithmetic_mean_los: Decimal,
    /// Review code applied (given, or derived from discharge status).
    pub review_code: ReviewCode,
    /// How a transfer reduced the payment (only when the stay is short enough).
    pub transfer: Transfer,
    pub per_diem_days: i64,
    #[serde(serialize_with = "de::factor")]
    pub transfer_adjustment: Decimal,
    #[serde(serialize_with = "de::factor")]
    pub discharge_fraction: Decimal,
    #[serde(serialize_with = "de::factor")]
    pub drg_weight_fraction: Decimal,

    #[serde(serialize_with = "de::factor")]
    pub wage_index: Decimal,
    pub wage_index_cbsa: String,
    /// 'R' rural, 'O' other urban, 'L' large urban.
    pub area_size: char,
    /// ratex table used, 1..10 (§4.2).
    pub rate_table: u8,
    #[serde(serialize_with = "de::money")]
    pub labor_amount: Decimal,
    #[serde(serialize_with = "de::money")]
    pub non_labor_amount: Decimal,
    #[serde(serialize_with = "de::factor")]
    pub cost_of_living_adjustment: Decimal,
    #[serde(serialize_with = "de::factor")]
    pub operating_ime_factor: Decimal,
    #[serde(serialize_with = "de::factor")]
    pub operating_dsh_factor: Decimal,
    #[serde(serialize_with = "de::factor")]
    pub geographic_adjustment_factor: Decimal,
    #[serde(serialize_with = "de::factor")]
    pub capital_federal_rate: Decimal,
    #[serde(serialize_with = "de::factor")]
    pub capital_cola: Decimal,
    #[serde(serialize_with = "de::factor")]
    pub capital_ime_factor: Decimal,
    #[serde(serialize_with = "de::factor")]
    pub capital_dsh_factor: Decimal,
    #[serde(serialize_with = "de::opt_factor")]
    pub hsp_update_factor: Option<Decimal>,

    /// Unrounded-to-cents intermediate parts (9 dp), for audit.
    #[serde(serialize_with = "de::factor")]
    pub operating_federal_part: Decimal,
    #[serde(serialize_with = "de::factor")]
    pub capital_federal_part: Decimal,
    #[serde(serialize_with = "de::factor")]
    pub operating_outlier_part: Decimal,
    #[serde(serialize_with = "de::factor")]
    pub capital_outlier_part: Decimal,

    #[serde(serialize_with = "de::money")]
    pub operating_federal_payment: Decimal,
    #[serde(serialize_with = "de::money")]
    pub operating_ime_payment: Decimal,
    #[serde(serialize_with = "de::money")]
    pub operating_dsh_payment: Decimal,
    #[serde(serialize_with = "de::money")]
    pub uncompensated_care_payment: Decimal,
    #[serde(serialize_with = "de::money")]
    pub hospital_specific_payment: Decimal,
    #[serde(serialize_with = "de::money")]
    pub new_technology_payment: Decimal,
    pub new_technologies: Vec<String>,
    #[serde(serialize_with = "de::money")]
    pub operating_outlier_payment: Decimal,
    #[serde(serialize_with = "de::money")]
    pub capital_federal_payment: Decimal,
    #[serde(serialize_with = "de::money")]
    pub capital_ime_payment: Decimal,
    #[serde(serialize_with = "de::money")]
    pub capital_dsh_payment: Decimal,
    #[serde(serialize_with = "de::money")]
    pub capital_outlier_payment: Decimal,
    #[serde(serialize_with = "de::money")]
    pub capital_total_payment: Decimal,
    #[serde(serialize_with = "de::money")]
    pub low_volume_payment: Decimal,
    #[serde(serialize_with = "de::money")]
    pub readmissions_adjustment: Decimal,
    #[serde(serialize_with = "de::money")]
    pub value_based_purchasing_adjustment: Decimal,
    #[serde(serialize_with = "de::money")]
    pub hac_reduction: Decimal,
    #[serde(serialize_with = "de::money")]
    pub islet_isolation_payment: Decimal,
    #[serde(serialize_with = "de::money")]
    pub base_drg_payment: Decimal,
    #[serde(serialize_with = "de::money")]
    pub operating_base_drg_payment: Decimal,
    #[serde(serialize_with = "de::money")]
    pub outlier_fixed_loss_threshold: Decimal,
    /// §10 charge threshold (9 dp inside, shown to the cent).
    #[serde(serialize_with = "de::money")]
    pub outlier_charge_threshold: Decimal,
    #[serde(serialize_with = "de::money")]
    pub total_payment: Decimal,
    /// CMS pricer return code, two digits (PAYMENT.md §2).
    pub pricer_return_code: PricerReturnCode,
}
