//! Quality programs and low volume, PAYMENT.md §11: the HRR/VBP base (hospital-specific for
//! SCH/MDH paid on it), readmissions and value-based purchasing adjustments, the low-volume
//! add-on.

use rust_decimal::Decimal;

use super::capital::CapitalAmounts;
use super::facts::Facts;
use super::hospital_specific::HospitalSpecific;
use super::operating::OperatingAmounts;
use super::steps;

/// §11 readmissions (HRR) and value-based purchasing (VBP) adjustments and their base.
pub(super) struct QualityAdjustments {
    /// `operBaseDrgPay = fspPart + NTAP` (2 dp).
    pub(super) operating_base: Decimal,
    pub(super) readmissions: Decimal,
    pub(super) value_based_purchasing: Decimal,
}

/// §11 HRR and VBP. SCH/MDH paid on the hospital-specific rate use the hospital-specific
/// amount as the base (42 CFR 412.152; §15 judgement).
pub(super) fn quality_adjustments(
    f: &Facts,
    fsp_part: Decimal,
    ntap: Decimal,
    hsp: &HospitalSpecific,
) -> QualityAdjustments {
    let operating_base = steps::operating_base_drg_payment(fsp_part, ntap);
    let quality_base = if hsp.payment > Decimal::ZERO {
        if f.hospital.provider_type.is_medicare_dependent() {
            steps::mdh_quality_base(operating_base, hsp.payment)
        } else {
            steps::hospital_specific_quality_base(hsp.rate, ntap)
        }
    } else {
        operating_base
    };
    let adjust = |factor: Option<Decimal>| {
        factor.map_or(Decimal::ZERO, |x| {
            steps::quality_adjustment(x, quality_base)
        })
    };
    QualityAdjustments {
        operating_base,
        readmissions: adjust(f.programs.hrr),
        value_based_purchasing: adjust(f.programs.vbp),
    }
}

/// §11 low-volume add-on: the payment parts (before HRR/VBP) times the PSF factor.
pub(super) fn low_volume(
    f: &Facts,
    pps_hsp: Decimal,
    op: &OperatingAmounts,
    pps_outlier: Decimal,
    cap: &CapitalAmounts,
    ntap: Decimal,
) -> Decimal {
    f.programs.low_volume.map_or(Decimal::ZERO, |lv| {
        steps::low_volume_payment(
            pps_hsp
                + op.pps_fsp
                + op.pps_ime
                + op.pps_dsh
                + pps_outlier
                + cap.fsp
                + cap.ime
                + cap.dsh
                + cap.outlier
                + f.ratios.ucp
                + ntap,
            lv,
        )
    })
}
