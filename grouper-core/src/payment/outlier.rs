//! Cost outliers, PAYMENT.md §10: fixed-loss threshold, operating and capital cost
//! thresholds, the combined test, marginal cost factor, charge threshold and RTC 67.

use rust_decimal::Decimal;

use super::capital::CapitalFactors;
use super::error::PricingError;
use super::facts::Pass;
use super::math;
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
        math::is_positive(self.operating_part + self.capital_part)
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

/// The §10 figures both passes need: the thresholds and the outlier parts.
struct Core {
    fixed_loss_threshold: Decimal,
    operating_dollar_threshold: Decimal,
    operating_cost_outlier: Decimal,
    capital_cost_outlier: Decimal,
    operating_bill: Decimal,
    operating_part: Decimal,
    capital_part: Decimal,
}

/// The hospital's and the pass's inputs to §10 besides the claim.
pub(super) struct Inputs<'a> {
    pub(super) rates: &'a RateTable,
    pub(super) operating: &'a OperatingFactors,
    pub(super) capital: &'a CapitalFactors,
    /// The transfer fraction applied to the fixed-loss threshold.
    pub(super) fraction: Decimal,
    pub(super) ntap: Decimal,
}

/// §10 up to the outlier parts (before RTC 67 and the payments).
fn core(pass: &Pass, inputs: &Inputs) -> Core {
    let (rates, op, cap) = (inputs.rates, inputs.operating, inputs.capital);
    let f = pass.facts;
    let (op_ccr, cap_ccr) = (pass.op_ccr, f.hospital.cap_ccr);
    let (wi, cola) = (f.wage.value, f.hospital.cola);
    let new_hospital = f.hospital.new_hospital;
    let charges = f.claim.total_charges;
    let flt = steps::outlier_fixed_loss_threshold(
        pass.tables.factors.fixed_loss_threshold,
        inputs.fraction,
    );
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
    let op_cost_outlier = steps::operating_cost_outlier_threshold(
        op.fsp_part,
        op.ime,
        op.dsh,
        op_dollar,
        f.ratios.ucp,
        inputs.ntap,
    );
    let cap_cost_outlier = if new_hospital {
        Decimal::ZERO
    } else {
        let cap_dollar = steps::capital_dollar_threshold(cap_share, cap.cola, cap.gaf, flt);
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
    Core {
        fixed_loss_threshold: flt,
        operating_dollar_threshold: op_dollar,
        operating_cost_outlier: op_cost_outlier,
        capital_cost_outlier: cap_cost_outlier,
        operating_bill: op_bill,
        operating_part: op_out,
        capital_part: cap_out,
    }
}

/// Whether the pass pays an outlier: all the reconciliation pass (operating CCR + 0.2) asks
/// of §10, as it changes only the return code. It skips the payments, the charge threshold
/// and RTC 67 (PPCAL215 3600 leaves before that test).
pub(super) fn outlier_paid(pass: &Pass, inputs: &Inputs) -> bool {
    let c = core(pass, inputs);
    math::is_positive(c.operating_part + c.capital_part)
}

/// §10 cost outliers of pass 1, with RTC 67 (the reconciliation pass calls [`outlier_paid`]).
pub(super) fn outliers(pass: &Pass, inputs: &Inputs) -> Result<Outliers, PricingError> {
    let f = pass.facts;
    let c = core(pass, inputs);
    let (op_out, cap_out) = (c.operating_part, c.capital_part);
    if math::is_positive(op_out + cap_out) {
        beyond_covered_days(pass)?;
    }
    let cap_outlier = steps::outlier_payment(cap_out);
    let mut pps_outlier = steps::outlier_payment(op_out);
    if f.policy.capital_only_outlier_shows_operating_cent {
        pps_outlier = steps::operating_outlier_payment_shown(pps_outlier, cap_outlier);
    }
    Ok(Outliers {
        fixed_loss_threshold: c.fixed_loss_threshold,
        operating_part: op_out,
        capital_part: cap_out,
        charge_threshold: steps::outlier_charge_threshold(
            c.capital_cost_outlier,
            c.operating_cost_outlier,
            f.hospital.cap_ccr,
            pass.op_ccr,
        ),
        operating_payment: pps_outlier,
        capital_payment: cap_outlier,
        covid_treatments_add_on: if f.nctap {
            steps::covid_treatments_add_on(
                c.operating_bill,
                c.operating_cost_outlier,
                c.operating_dollar_threshold,
            )
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
