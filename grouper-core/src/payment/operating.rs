//! Operating federal payment, PAYMENT.md §5: federal part, IME, DSH (with the 12 % cap) and
//! the operating amounts PPS_FSP, PPS_DSH, PPS_IME and baseDrgPayment.

use rust_decimal::Decimal;

use super::error::PricingError;
use super::facts::Facts;
use super::rate_table::RateTable;
use super::steps::{self, d};

/// §5 operating factors of one pass.
pub(super) struct OperatingFactors {
    /// `fspPart` (9 dp); reduced by a transfer (§7) before the amounts.
    pub(super) fsp_part: Decimal,
    pub(super) ime: Decimal,
    /// Empirically justified DSH factor after the cap.
    pub(super) dsh: Decimal,
    /// Disproportionate patient percentage (SSI + Medicaid, 4 dp), also used by capital DSH.
    pub(super) patient_percentage: Decimal,
}

/// §5 operating amounts (2 dp).
pub(super) struct OperatingAmounts {
    pub(super) pps_fsp: Decimal,
    pub(super) pps_dsh: Decimal,
    pub(super) pps_ime: Decimal,
    /// `baseDrgPayment`, the NTAP comparison base (§8).
    pub(super) base_drg: Decimal,
}

/// §5 federal part, IME and DSH factors.
pub(super) fn operating_factors(
    f: &Facts,
    rates: &RateTable,
) -> Result<OperatingFactors, PricingError> {
    let fsp_part = steps::operating_federal_part(
        rates.labor,
        rates.non_labor,
        f.wage.value,
        f.hospital.cola,
        f.drg.relative_weight,
    );
    let fsp_part = steps::apply_no_cost_factor(fsp_part, f.operating_weight_factor());
    let ime = steps::operating_ime_factor(f.ratios.interns_to_beds)
        .ok_or(PricingError::Computation("IME power"))?;
    let p = steps::disproportionate_patient_percentage(f.ratios.ssi, f.ratios.medicaid);
    let mut dsh = steps::operating_dsh_factor(p);
    if dsh_capped(f) {
        dsh = steps::capped_operating_dsh_factor(dsh);
    }
    Ok(OperatingFactors {
        fsp_part,
        ime,
        dsh,
        patient_percentage: p,
    })
}

/// §5 category rules for the 12 % DSH cap, each overriding the previous one.
fn dsh_capped(f: &Facts) -> bool {
    let provider_type = f.hospital.provider_type;
    let rural = f.wage.size == 'R';
    let mut capped = if rural {
        f.ratios.beds < d(500, 0)
    } else {
        f.ratios.beds < d(100, 0)
    };
    if rural && (provider_type.is_sole_community() || provider_type.is_essential_access()) {
        capped = true;
    }
    // Rural referral centers and MDH type 14 are exempt from the cap (CMS pricer, PPCAL 3900A).
    if provider_type.is_dsh_cap_exempt() {
        capped = false;
    }
    capped
}

/// §5 operating amounts from the (transfer-reduced) federal part.
pub(super) fn operating_amounts(op: &OperatingFactors, ucp: Decimal) -> OperatingAmounts {
    let pps_fsp = steps::operating_federal_payment(op.fsp_part);
    let pps_dsh = steps::operating_dsh_payment(pps_fsp, op.dsh);
    let pps_ime = steps::operating_ime_payment(pps_fsp, op.ime);
    OperatingAmounts {
        pps_fsp,
        pps_dsh,
        pps_ime,
        base_drg: steps::base_drg_payment(pps_fsp, pps_dsh, pps_ime, ucp),
    }
}
