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
    /// MS-DRG priced (first: `drg price` output puts it right after the grouper's fields).
    pub drg: u16,
    /// Federal fiscal year of the tables used (FY2026 = discharges 2025-10-01 … 2026-09-30).
    pub fiscal_year: u16,
    /// DRG relative weight (4 dp, §4.4).
    #[serde(serialize_with = "de::factor")]
    pub drg_relative_weight: Decimal,
    /// Geometric mean length of stay (GMLOS, 1 dp): the pricer's ALOS in transfer math.
    #[serde(serialize_with = "de::factor")]
    pub drg_geometric_mean_los: Decimal,
    /// Arithmetic mean length of stay (shown only).
    #[serde(serialize_with = "de::factor")]
    pub drg_arithmetic_mean_los: Decimal,
    /// Review code applied (given, or derived from discharge status).
    pub review_code: ReviewCode,
    /// How a transfer reduced the payment (only when the stay is short enough).
    pub transfer: Transfer,
    /// §7 `perDiemDays = max(LOS, 1) + 1`.
    pub per_diem_days: i64,
    /// §7 `transferAdj = perDiemDays / GMLOS` (4 dp; 1 when not a transfer).
    #[serde(serialize_with = "de::factor")]
    pub transfer_adjustment: Decimal,
    /// §7 `dischargeFraction` (the 50/50 rule's fraction for special-pay DRGs).
    #[serde(serialize_with = "de::factor")]
    pub discharge_fraction: Decimal,
    /// §7 `drgWtFraction`: transfer-adjusted weight used by the hospital-specific comparison.
    #[serde(serialize_with = "de::factor")]
    pub drg_weight_fraction: Decimal,

    /// §3 wage index after floors, out-migration and the 5 % cap.
    #[serde(serialize_with = "de::factor")]
    pub wage_index: Decimal,
    /// CBSA (or state code for the rural floor, 98/99 for IHS, SPEC for a special WI) of the wage index.
    pub wage_index_cbsa: String,
    /// 'R' rural, 'O' other urban, 'L' large urban.
    pub area_size: char,
    /// ratex table used, 1..10 (§4.2).
    pub rate_table: u8,
    /// §4.2 labor dollars of the rate table.
    #[serde(serialize_with = "de::money")]
    pub labor_amount: Decimal,
    /// §4.2 non-labor dollars of the rate table.
    #[serde(serialize_with = "de::money")]
    pub non_labor_amount: Decimal,
    /// §4.1 operating COLA (1 outside Alaska and Hawaii).
    #[serde(serialize_with = "de::factor")]
    pub cost_of_living_adjustment: Decimal,
    /// §5 operating IME factor (9 dp).
    #[serde(serialize_with = "de::factor")]
    pub operating_ime_factor: Decimal,
    /// §5 empirically justified DSH factor after the 12 % cap (4 dp).
    #[serde(serialize_with = "de::factor")]
    pub operating_dsh_factor: Decimal,
    /// §6 GAF `WI^0.6848` (4 dp).
    #[serde(serialize_with = "de::factor")]
    pub geographic_adjustment_factor: Decimal,
    /// §6 capital federal rate × GAF (2 dp).
    #[serde(serialize_with = "de::factor")]
    pub capital_federal_rate: Decimal,
    /// §6 capital COLA (3 dp).
    #[serde(serialize_with = "de::factor")]
    pub capital_cola: Decimal,
    /// §6 capital IME factor (9 dp).
    #[serde(serialize_with = "de::factor")]
    pub capital_ime_factor: Decimal,
    /// §6 capital DSH factor (4 dp).
    #[serde(serialize_with = "de::factor")]
    pub capital_dsh_factor: Decimal,
    /// §9 hospital-specific update factor (5 dp); only for SCH, EACH and MDH.
    #[serde(serialize_with = "de::opt_factor")]
    pub hsp_update_factor: Option<Decimal>,

    // Unrounded-to-cents intermediate parts (9 dp), for audit.
    /// §5 `fspPart` after any transfer reduction.
    #[serde(serialize_with = "de::factor")]
    pub operating_federal_part: Decimal,
    /// §6 `capFspPart` after any transfer reduction.
    #[serde(serialize_with = "de::factor")]
    pub capital_federal_part: Decimal,
    /// §10 `operatingOutlierPart`.
    #[serde(serialize_with = "de::factor")]
    pub operating_outlier_part: Decimal,
    /// §10 `capitalOutlierPart`.
    #[serde(serialize_with = "de::factor")]
    pub capital_outlier_part: Decimal,

    /// §5 PPS_FSP.
    #[serde(serialize_with = "de::money")]
    pub operating_federal_payment: Decimal,
    /// §5 PPS_IME.
    #[serde(serialize_with = "de::money")]
    pub operating_ime_payment: Decimal,
    /// §5 PPS_DSH (25 % of the DSH factor).
    #[serde(serialize_with = "de::money")]
    pub operating_dsh_payment: Decimal,
    /// §5 uncompensated care payment (PSF per-claim amount).
    #[serde(serialize_with = "de::money")]
    pub uncompensated_care_payment: Decimal,
    /// §9 PPS_HSP: excess of the hospital-specific rate over the federal amount.
    #[serde(serialize_with = "de::money")]
    pub hospital_specific_payment: Decimal,
    /// §8 new technology add-on payment (NTAP), capped at cost.
    #[serde(serialize_with = "de::money")]
    pub new_technology_payment: Decimal,
    /// §8 new technologies the claim triggered (cost row names, e.g. `AVEIRH`).
    pub new_technologies: Vec<String>,
    /// §10 PPS_OUTLIER (0.01 for a capital-only outlier, the pricer's quirk).
    #[serde(serialize_with = "de::money")]
    pub operating_outlier_payment: Decimal,
    /// §6 capital federal payment capFSP.
    #[serde(serialize_with = "de::money")]
    pub capital_federal_payment: Decimal,
    /// §6 capital IME adjustment.
    #[serde(serialize_with = "de::money")]
    pub capital_ime_payment: Decimal,
    /// §6 capital DSH adjustment.
    #[serde(serialize_with = "de::money")]
    pub capital_dsh_payment: Decimal,
    /// §10 capital outlier payment.
    #[serde(serialize_with = "de::money")]
    pub capital_outlier_payment: Decimal,
    /// §6 capital total (federal + IME + DSH + outlier).
    #[serde(serialize_with = "de::money")]
    pub capital_total_payment: Decimal,
    /// §11 low-volume add-on.
    #[serde(serialize_with = "de::money")]
    pub low_volume_payment: Decimal,
    /// §11 readmissions (HRR) adjustment, ≤ 0.
    #[serde(serialize_with = "de::money")]
    pub readmissions_adjustment: Decimal,
    /// §11 value-based purchasing (VBP) adjustment.
    #[serde(serialize_with = "de::money")]
    pub value_based_purchasing_adjustment: Decimal,
    /// §11 hospital-acquired condition (HAC) reduction, −1 % of preHAC.
    #[serde(serialize_with = "de::money")]
    pub hac_reduction: Decimal,
    /// §8 islet isolation add-on.
    #[serde(serialize_with = "de::money")]
    pub islet_isolation_payment: Decimal,
    /// §5 `baseDrgPayment = PPS_FSP + PPS_DSH + PPS_IME + UCP` (NTAP base).
    #[serde(serialize_with = "de::money")]
    pub base_drg_payment: Decimal,
    /// §5 `operBaseDrgPay = fspPart + NTAP` (HRR/VBP base for federal-rate hospitals).
    #[serde(serialize_with = "de::money")]
    pub operating_base_drg_payment: Decimal,
    /// §10 fixed-loss threshold after the transfer fraction.
    #[serde(serialize_with = "de::money")]
    pub outlier_fixed_loss_threshold: Decimal,
    /// §10 charge threshold (9 dp inside, shown to the cent).
    #[serde(serialize_with = "de::money")]
    pub outlier_charge_threshold: Decimal,
    /// §11 total Medicare payment of the claim.
    #[serde(serialize_with = "de::money")]
    pub total_payment: Decimal,
    /// CMS pricer return code, two digits (PAYMENT.md §2).
    pub pricer_return_code: PricerReturnCode,
}
