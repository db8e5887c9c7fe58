//! Hospital-specific rate, PAYMENT.md §9: the update factor, hspRate against the federal
//! comparison amount, the MDH 75 % share and PPS_HSP (SCH, EACH and MDH only).

use rust_decimal::Decimal;

use super::facts::Facts;
use super::operating::OperatingFactors;
use super::rate_table::RateTable;
use super::steps;
use super::tables::FiscalYearFactors;

/// §9 results; all zero (no update factor) for other hospitals.
pub(super) struct HospitalSpecific {
    pub(super) update_factor: Option<Decimal>,
    /// PPS_HSP (2 dp).
    pub(super) payment: Decimal,
}

/// The current-year update by Puerto Rico, quality and EHR flags (§9).
fn current_update(f: &Facts, fx: &FiscalYearFactors) -> Decimal {
    let h = &f.hospital;
    let puerto_rico = h.puerto_rico && f.policy.puerto_rico_rate_tables;
    match (puerto_rico, h.quality_met, h.ehr_failed) {
        (true, _, false) => fx.update_puerto_rico_ehr_blank,
        (true, _, true) => fx.update_puerto_rico_ehr_y,
        (false, true, false) => fx.update_quality1_ehr_blank,
        (false, true, true) => fx.update_quality1_ehr_y,
        (false, false, false) => fx.update_quality0_ehr_blank,
        (false, false, true) => fx.update_quality0_ehr_y,
    }
}

/// §9 hospital-specific payment (SCH 16/17, EACH 21/22, MDH 14/15).
pub(super) fn hospital_specific(
    f: &Facts,
    fx: &FiscalYearFactors,
    rates: &RateTable,
    op: &OperatingFactors,
    weight_fraction: Decimal,
    operating_outlier_part: Decimal,
) -> HospitalSpecific {
    let provider_type = f.hospital.provider_type;
    if !provider_type.has_hospital_specific_rate() {
        return HospitalSpecific {
            update_factor: None,
            payment: Decimal::ZERO,
        };
    }
    let mdh = provider_type.is_medicare_dependent();
    let update = steps::hsp_update_factor(
        current_update(f, fx),
        fx.hsp_prior_year_update_product,
        fx.hsp_budget_neutrality_product,
    );
    // The hospital-specific rate takes the full DRG weight, transfer or not; only the federal
    // comparison amount takes the transfer fraction (CMS pricer, PPCAL 3450).
    let rate = steps::hospital_specific_rate(
        f.ratios.facility_rate,
        update,
        f.drg.relative_weight,
        f.operating_weight_factor(),
    );
    let fsp_rate = steps::federal_rate_for_hsp(
        rates.labor,
        rates.non_labor,
        f.wage.value,
        f.hospital.cola,
        weight_fraction,
        f.operating_weight_factor(),
        op.ime,
        op.dsh,
        operating_outlier_part,
    );
    let part = steps::hospital_specific_part(rate, fsp_rate, f.ratios.ucp, mdh);
    HospitalSpecific {
        update_factor: Some(update),
        payment: steps::hospital_specific_payment(part),
    }
}
