//! Capital federal payment, PAYMENT.md §6: GAF, capital federal rate, capital COLA, IME and
//! DSH, and the capital amounts (all 0 for a new hospital).

use rust_decimal::Decimal;

use super::error::PricingError;
use super::facts::Facts;
use super::steps::{self, d};
use super::tables::FiscalYearFactors;

/// §6 capital factors of one pass.
pub(super) struct CapitalFactors {
    pub(super) gaf: Decimal,
    pub(super) federal_rate: Decimal,
    pub(super) cola: Decimal,
    /// `capFspPart` (9 dp); reduced by a transfer (§7) before the amounts.
    pub(super) fsp_part: Decimal,
    pub(super) ime: Decimal,
    pub(super) dsh: Decimal,
}

/// §6 capital amounts (2 dp).
pub(super) struct CapitalAmounts {
    pub(super) fsp: Decimal,
    pub(super) ime: Decimal,
    pub(super) dsh: Decimal,
    pub(super) outlier: Decimal,
    pub(super) total: Decimal,
}

/// §6 capital factors; `patient_percentage` is the §5 SSI + Medicaid share.
pub(super) fn capital_factors(
    f: &Facts,
    fx: &FiscalYearFactors,
    patient_percentage: Decimal,
) -> Result<CapitalFactors, PricingError> {
    let gaf = steps::geographic_adjustment_factor(f.wage.value)
        .ok_or(PricingError::Computation("GAF power"))?;
    let federal_rate = steps::capital_federal_rate(fx.capital_federal_rate, gaf);
    let cola = steps::capital_cola(f.hospital.cola);
    let fsp_part =
        steps::capital_federal_part(f.drg.relative_weight, federal_rate, cola, f.no_cost_factor);
    let ime = steps::capital_ime_factor(f.ratios.capital_ime_ratio)
        .ok_or(PricingError::Computation("capital IME power"))?;
    let geographic_urban =
        f.policy.capital_dsh_geographic_urban && f.wage.geographic_cbsa.trim().len() > 2;
    let urban = matches!(f.wage.size, 'O' | 'L') || geographic_urban;
    let dsh = if urban && f.ratios.beds >= d(100, 0) {
        steps::capital_dsh_factor(patient_percentage)
            .ok_or(PricingError::Computation("capital DSH power"))?
    } else {
        steps::capital_dsh_factor_ineligible()
    };
    Ok(CapitalFactors {
        gaf,
        federal_rate,
        cola,
        fsp_part,
        ime,
        dsh,
    })
}

/// §6 capital amounts with the capital outlier payment (§10); new hospitals get none.
pub(super) fn capital_amounts(
    f: &Facts,
    cap: &CapitalFactors,
    outlier_payment: Decimal,
) -> CapitalAmounts {
    if f.hospital.new_hospital {
        return CapitalAmounts {
            fsp: Decimal::ZERO,
            ime: Decimal::ZERO,
            dsh: Decimal::ZERO,
            outlier: Decimal::ZERO,
            total: Decimal::ZERO,
        };
    }
    let fsp = steps::capital_federal_payment(cap.fsp_part);
    let ime = steps::capital_adjustment_payment(fsp, cap.ime);
    let dsh = steps::capital_adjustment_payment(fsp, cap.dsh);
    CapitalAmounts {
        fsp,
        ime,
        dsh,
        outlier: outlier_payment,
        total: steps::capital_total(fsp, ime, dsh, outlier_payment),
    }
}
