//! Quality programs and low volume, PAYMENT.md §11: readmissions and value-based purchasing
//! adjustments on the operating base DRG payment, the low-volume add-on.

use rust_decimal::Decimal;

use super::capital::CapitalAmounts;
use super::facts::Facts;
use super::operating::OperatingAmounts;
use super::steps;

/// §11 readmissions (HRR) and value-based purchasing (VBP) adjustments and their base.
pub(super) struct QualityAdjustments {
    /// `operBaseDrgPay = fspPart + NTAP` (2 dp).
    pub(super) operating_base: Decimal,
    pub(super) readmissions: Decimal,
    pub(super) value_based_purchasing: Decimal,
}

/// §11 HRR and VBP, both on `H-OPER-BASE-DRG-PAY` (operating federal part plus new
/// technology): CMS's pricer uses that base for every hospital, SCH and MDH paid on their
/// hospital-specific rate included (PPCAL 6000/7000; confirmed on the FY2021 reference).
pub(super) fn quality_adjustments(
    f: &Facts,
    fsp_part: Decimal,
    ntap: Decimal,
) -> QualityAdjustments {
    let operating_base = steps::operating_base_drg_payment(fsp_part, ntap);
    let adjust = |factor: Option<Decimal>| {
        factor.map_or(Decimal::ZERO, |x| {
            steps::quality_adjustment(x, operating_base)
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
