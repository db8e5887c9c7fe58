//! Cost outliers, PAYMENT.md §10: fixed-loss threshold, operating and capital cost
//! thresholds, the combined test, marginal cost factor, charge threshold and RTC 67.

use rust_decimal::Decimal;

use super::capital::CapitalFactors;
use super::error::PricingError;
use super::facts::Pass;
use super::operating::OperatingFactors;
use super::rate_table::RateTable;
use super::steps::{self, d};

/// §10 outlier results of one pass.
pub(super) struct Outliers {
    /// Transfer-adjusted fixed-loss threshold (2 dp).
    pub(super) fixed_loss_threshold: Decimal,
    /// `operatingOutlierPart` and `capitalOutlierPart` (9 dp).
    pub(super) operating_part: Decimal,
    pub(super) capital_part: Decimal,
    pub(super) charge_threshold: Decimal,
    /// PPS_OUTLIER (with the capital-only cent quirk) and the capital outlier (2 dp).
    pub(super) operating_payment: Decimal,
    pub(super) capital_payment: Decimal,
    /// The new COVID-19 treatments add-on (NCTAP, 2 dp), computed from this pass's operating
    /// outlier figures; 0 when the claim does not qualify.
    pub(super) covid_treatments_add_on: Decimal,
}

impl Outliers {
    /// Whether an outlier is paid (RTC 02, or 05 for a per-diem transfer).
    pub(super) fn paid(&self) -> bool {
        self.operating_part + self.capital_part > Decimal::ZERO
    }
}

/// Marginal cost factor: 0.90 for the burn DRGs, else 0.80.
fn marginal_cost_factor(drg: u16) -> Decimal {
    if [927, 928, 929, 933, 934, 935].contains(&drg) {
        d(90, 2)
    } else {
        d(80, 2)
    }
}

/// §10 cost outliers; `fraction` is the transfer fraction applied to the threshold.
pub(super) fn outliers(
    pass: &Pass,
    rates: &RateTable,
    op: &OperatingFactors,
    cap: &CapitalFactors,
    fraction: Decimal,
    ntap: Decimal,
) -> Result<Outliers, PricingError> {
    let f = pass.facts;
    let (op_ccr, cap_ccr) = (pass.op_ccr, f.hospital.cap_ccr);
    let (wi, cola) = (f.wage.value, f.hospital.cola);
    let new_hospital = f.hospital.new_hospital;
    let charges = f.claim.total_charges;
    let flt =
        steps::outlier_fixed_loss_threshold(pass.tables.factors.fixed_loss_threshold, fraction);
    let op_share = steps::cost_to_charge_share(op_ccr, cap_ccr);
    let cap_share = steps::cost_to_charge_share(cap_ccr, op_ccr);
    let op_dollar = steps::operating_dollar_threshold(
        op_share,
        flt,
        rates.labor_pct,
        rates.non_labor_pct,
        wi,
        cola,
    );
    let cap_dollar = steps::capital_dollar_threshold(cap_share, cap.cola, cap.gaf, flt);
    let op_cost_outlier = steps::operating_cost_outlier_threshold(
        op.fsp_part,
        op.ime,
        op.dsh,
        op_dollar,
        f.ratios.ucp,
        ntap,
    );
    let cap_cost_outlier = if new_hospital {
        Decimal::ZERO
    } else {
        steps::capital_cost_outlier_threshold(cap_dollar, cap.fsp_part, cap.ime, cap.dsh)
    };
    let op_bill = steps::billed_cost(charges, op_ccr);
    let cap_bill = if new_hospital {
        Decimal::ZERO
    } else {
        steps::billed_cost(charges, cap_ccr)
    };
    let pct = marginal_cost_factor(f.drg.drg);
    let mut op_out = steps::outlier_part(op_bill, op_cost_outlier, pct);
    let mut cap_out = steps::outlier_part(cap_bill, cap_cost_outlier, pct);
    if op_bill + cap_bill < op_cost_outlier + cap_cost_outlier || !f.review_code.pays_outliers() {
        op_out = Decimal::ZERO;
        cap_out = Decimal::ZERO;
    }
    if op_out + cap_out > Decimal::ZERO && !pass.reconciliation {
        beyond_covered_days(pass)?;
    }
    let cap_outlier = steps::outlier_payment(cap_out);
    let mut pps_outlier = steps::outlier_payment(op_out);
    if f.policy.capital_only_outlier_shows_operating_cent {
        pps_outlier = steps::operating_outlier_payment_shown(pps_outlier, cap_outlier);
    }
    Ok(Outliers {
        fixed_loss_threshold: flt,
        operating_part: op_out,
        capital_part: cap_out,
        charge_threshold: steps::outlier_charge_threshold(
            cap_cost_outlier,
            op_cost_outlier,
            cap_ccr,
            op_ccr,
        ),
        operating_payment: pps_outlier,
        capital_payment: cap_outlier,
        covid_treatments_add_on: if f.nctap {
            steps::covid_treatments_add_on(op_bill, op_cost_outlier, op_dollar)
        } else {
            Decimal::ZERO
        },
    })
}

/// RTC 67: a cost outlier with a length of stay above the covered days is not paid.
fn beyond_covered_days(pass: &Pass) -> Result<(), PricingError> {
    let claim = pass.facts.claim;
    let covered = claim.covered_days.unwrap_or(claim.length_of_stay);
    if claim.length_of_stay > covered {
        return Err(PricingError::OutlierBeyondCoveredDays {
            length_of_stay: claim.length_of_stay,
            covered_days: covered,
        });
    }
    Ok(())
}
