//! Totals, PAYMENT.md §11: preHAC, the HAC reduction, the total with islet isolation, and
//! the `PaymentResult` of one pass.

use rust_decimal::Decimal;

use super::adjustments::QualityAdjustments;
use super::capital::{CapitalAmounts, CapitalFactors};
use super::facts::Pass;
use super::hospital_specific::HospitalSpecific;
use super::operating::{OperatingAmounts, OperatingFactors};
use super::outlier::Outliers;
use super::rate_table::RateTable;
use super::result::PaymentResult;
use super::return_code::PricerReturnCode;
use super::steps::{self, cents};
use super::transfer::TransferFractions;

/// §11 totals.
pub(super) struct Totals {
    pub(super) hac: Decimal,
    pub(super) total: Decimal,
}

/// §11 `preHAC`, `hacAmt` and `TOTAL`.
pub(super) fn totals(pass: &Pass, c: &Components) -> Totals {
    let f = pass.facts;
    let pre_hac = steps::pre_hac_total(&[
        c.hospital_specific.payment,
        c.operating_amounts.pps_fsp,
        c.operating_amounts.pps_ime,
        c.operating_amounts.pps_dsh,
        c.outliers.operating_payment,
        c.capital_amounts.total,
        f.ratios.ucp,
        c.ntap,
        c.low_volume,
        c.quality.readmissions,
        c.quality.value_based_purchasing,
    ]);
    let hac = if f.programs.hac {
        steps::hac_reduction(pre_hac)
    } else {
        Decimal::ZERO
    };
    Totals {
        hac,
        total: steps::total_payment(pre_hac, hac, c.islet),
    }
}

/// The result of one pass: DRG figures, factors, parts, amounts, thresholds and the RTC.
pub(super) fn payment_result(pass: &Pass, c: Components, totals: &Totals) -> PaymentResult {
    let f = pass.facts;
    let (op, cap, tr) = (&c.operating, &c.capital, &c.transfer);
    PaymentResult {
        fiscal_year: pass.tables.fiscal_year,
        drg: f.drg.drg,
        drg_relative_weight: steps::reported_weight(
            f.drg.relative_weight,
            f.operating_weight_factor(),
        ),
        drg_geometric_mean_los: f.drg.geometric_mean_los,
        drg_arithmetic_mean_los: f.drg.arithmetic_mean_los,
        review_code: f.review_code,
        transfer: tr.kind,
        per_diem_days: tr.per_diem_days,
        transfer_adjustment: tr.transfer_adjustment,
        discharge_fraction: tr.discharge_fraction,
        drg_weight_fraction: steps::reported_weight(
            tr.weight_fraction,
            f.operating_weight_factor(),
        ),
        wage_index: f.wage.value,
        wage_index_cbsa: f.wage.cbsa.clone(),
        area_size: f.wage.size,
        rate_table: c.rates.number,
        labor_amount: c.rates.labor,
        non_labor_amount: c.rates.non_labor,
        cost_of_living_adjustment: f.hospital.cola,
        operating_ime_factor: op.ime,
        operating_dsh_factor: op.dsh,
        geographic_adjustment_factor: cap.gaf,
        capital_federal_rate: cap.federal_rate,
        capital_cola: cap.cola,
        capital_ime_factor: cap.ime,
        capital_dsh_factor: cap.dsh,
        hsp_update_factor: c.hospital_specific.update_factor,
        operating_federal_part: op.fsp_part,
        capital_federal_part: cap.fsp_part,
        operating_outlier_part: c.outliers.operating_part,
        capital_outlier_part: c.outliers.capital_part,
        operating_federal_payment: c.operating_amounts.pps_fsp,
        operating_ime_payment: c.operating_amounts.pps_ime,
        operating_dsh_payment: c.operating_amounts.pps_dsh,
        uncompensated_care_payment: cents(f.ratios.ucp),
        hospital_specific_payment: cents(c.hospital_specific.payment),
        new_technology_payment: cents(c.ntap),
        new_technologies: c.technologies,
        operating_outlier_payment: c.outliers.operating_payment,
        capital_federal_payment: cents(c.capital_amounts.fsp),
        capital_ime_payment: cents(c.capital_amounts.ime),
        capital_dsh_payment: cents(c.capital_amounts.dsh),
        capital_outlier_payment: cents(c.capital_amounts.outlier),
        capital_total_payment: cents(c.capital_amounts.total),
        low_volume_payment: cents(c.low_volume),
        readmissions_adjustment: cents(c.quality.readmissions),
        value_based_purchasing_adjustment: cents(c.quality.value_based_purchasing),
        hac_reduction: cents(totals.hac),
        islet_isolation_payment: cents(c.islet),
        base_drg_payment: c.operating_amounts.base_drg,
        operating_base_drg_payment: c.quality.operating_base,
        outlier_fixed_loss_threshold: c.outliers.fixed_loss_threshold,
        outlier_charge_threshold: c.outliers.charge_threshold,
        total_payment: totals.total,
        pricer_return_code: c.return_code,
    }
}

/// Everything one pass computes before the totals, step by step.
pub(super) struct Components {
    pub(super) rates: RateTable,
    pub(super) operating: OperatingFactors,
    pub(super) capital: CapitalFactors,
    pub(super) transfer: TransferFractions,
    pub(super) operating_amounts: OperatingAmounts,
    pub(super) technologies: Vec<String>,
    pub(super) ntap: Decimal,
    pub(super) islet: Decimal,
    pub(super) outliers: Outliers,
    pub(super) capital_amounts: CapitalAmounts,
    pub(super) hospital_specific: HospitalSpecific,
    pub(super) quality: QualityAdjustments,
    pub(super) low_volume: Decimal,
    pub(super) return_code: PricerReturnCode,
}
