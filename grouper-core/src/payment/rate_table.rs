//! Rate table and labor shares, PAYMENT.md §4.2: the `ratex` table picked by the quality
//! and EHR flags, the wage index (> 1 or ≤ 1) and Puerto Rico.

use rust_decimal::Decimal;

use super::error::PricingError;
use super::facts::Facts;
use super::tables::PaymentTables;

/// The labor/non-labor dollars and the labor shares a claim is paid with (§4.2).
pub(super) struct RateTable {
    /// `ratex` table number, 1..10.
    pub(super) number: u8,
    pub(super) labor: Decimal,
    pub(super) non_labor: Decimal,
    /// National labor share used by the outlier threshold (§10).
    pub(super) labor_pct: Decimal,
    pub(super) non_labor_pct: Decimal,
}

/// Which `ratex` table applies: tab9/tab10 for Puerto Rico, else by quality, EHR and WI > 1.
fn table_number(puerto_rico: bool, quality_met: bool, ehr_failed: bool, above_one: bool) -> u8 {
    if puerto_rico {
        return if ehr_failed { 10 } else { 9 };
    }
    match (quality_met, ehr_failed, above_one) {
        (true, false, true) => 1,
        (false, false, true) => 2,
        (true, false, false) => 3,
        (false, false, false) => 4,
        (true, true, true) => 5,
        (false, true, true) => 6,
        (true, true, false) => 7,
        (false, true, false) => 8,
    }
}

/// §4.2 rate table and labor shares for the claim's wage index.
pub(super) fn rate_table(f: &Facts, t: &PaymentTables) -> Result<RateTable, PricingError> {
    let h = &f.hospital;
    let above_one = f.wage.value > Decimal::ONE;
    let puerto_rico_tables = h.puerto_rico && f.policy.puerto_rico_rate_tables;
    let number = table_number(puerto_rico_tables, h.quality_met, h.ehr_failed, above_one);
    let rates = t
        .rate_table(number)
        .ok_or(PricingError::Computation("rate table lookup"))?;
    let fx = &t.factors;
    let (labor_pct, non_labor_pct) = if above_one {
        (fx.labor_pct_wi_gt_1, fx.nonlabor_pct_wi_gt_1)
    } else {
        (fx.labor_pct_wi_le_1, fx.nonlabor_pct_wi_le_1)
    };
    Ok(RateTable {
        number,
        labor: rates.labor,
        non_labor: rates.non_labor,
        labor_pct,
        non_labor_pct,
    })
}
