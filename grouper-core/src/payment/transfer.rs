//! Transfers and per diem, PAYMENT.md §7: acute and post-acute per-diem fractions, the
//! special-pay 50/50 rule, and which return code a reduced payment gets.

use rust_decimal::Decimal;
use serde::Serialize;

use super::claim::ReviewCode;
use super::error::PricingError;
use super::facts::Facts;
use super::math;
use super::return_code::PricerReturnCode;
use super::steps;

/// How a transfer reduced the DRG payment (§7); serializes as `none`, `acute_per_diem`,
/// `post_acute_per_diem` or `post_acute_special_pay`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Transfer {
    /// Not reduced: no transfer, DRG 789, or `perDiemDays ≥ GMLOS`.
    None,
    /// Review 03/06: per diem `perDiemDays / GMLOS`.
    AcutePerDiem,
    /// Review 09/11 on a post-acute DRG: per diem.
    PostAcutePerDiem,
    /// Review 09/11 on a special-pay DRG: 50/50 `dischargeFraction`.
    PostAcuteSpecialPay,
}

/// §7 fractions of one claim. `kind` is `None` unless the payment is actually reduced.
pub(super) struct TransferFractions {
    pub(super) kind: Transfer,
    pub(super) per_diem_days: i64,
    pub(super) transfer_adjustment: Decimal,
    pub(super) discharge_fraction: Decimal,
    /// `drgWtFraction` (used by the hospital-specific comparison, §9).
    pub(super) weight_fraction: Decimal,
}

impl TransferFractions {
    /// Whether the federal parts are reduced (a transfer and `perDiemDays < GMLOS`).
    pub(super) fn reduces(&self) -> bool {
        self.kind != Transfer::None
    }

    /// The factor applied to fspPart, capFspPart and the fixed-loss threshold.
    pub(super) fn fraction(&self) -> Decimal {
        match self.kind {
            Transfer::None => Decimal::ONE,
            Transfer::AcutePerDiem | Transfer::PostAcutePerDiem => self.transfer_adjustment,
            Transfer::PostAcuteSpecialPay => self.discharge_fraction,
        }
    }

    /// RTC of a reduced payment: 03 (06 for review 06), 10 special pay, 12 post-acute per diem.
    pub(super) fn return_code(&self, review: ReviewCode) -> PricerReturnCode {
        match (self.kind, review) {
            (Transfer::AcutePerDiem, ReviewCode::AcuteTransferNoOutlier) => {
                PricerReturnCode::TransferNoOutlier
            }
            (Transfer::AcutePerDiem, _) => PricerReturnCode::TransferPerDiem,
            (Transfer::PostAcuteSpecialPay, _) => PricerReturnCode::PostAcuteSpecialPay,
            _ => PricerReturnCode::PostAcutePerDiem,
        }
    }
}

/// §7 transfer kind and fractions from the review code and the DRG's flags.
pub(super) fn transfer_fractions(f: &Facts) -> Result<TransferFractions, PricingError> {
    let weight = f.drg.relative_weight;
    let gmlos = f.drg.geometric_mean_los;
    let pdd = steps::per_diem_days(f.claim.length_of_stay);
    let post_acute_review = f.review_code.is_post_acute_transfer();
    let mut out = TransferFractions {
        kind: Transfer::None,
        per_diem_days: pdd,
        transfer_adjustment: Decimal::ONE,
        discharge_fraction: Decimal::ONE,
        weight_fraction: weight,
    };
    let div = PricingError::Computation("transfer fraction (GMLOS 0)");
    // DRG 789 (neonates died or transferred) is never reduced (§7); we keep all fractions 1.
    // Nor is a DRG without a GMLOS (998, 999): CMS's pricer reduces only when GMLOS > 0.
    if f.drg.drg != 789 && math::is_positive(gmlos) {
        if f.review_code.is_acute_transfer()
            || (post_acute_review && f.drg.post_acute && !f.drg.special_pay)
        {
            let x = steps::transfer_adjustment(pdd, gmlos).ok_or(div.clone())?;
            if x <= Decimal::ONE {
                out.transfer_adjustment = x;
                out.discharge_fraction = x;
                out.weight_fraction = steps::per_diem_weight_fraction(x, weight);
            }
            out.kind = if post_acute_review {
                Transfer::PostAcutePerDiem
            } else {
                Transfer::AcutePerDiem
            };
        } else if post_acute_review && f.drg.special_pay {
            let x = steps::transfer_adjustment(pdd, gmlos).ok_or(div.clone())?;
            let df = steps::special_pay_discharge_fraction(pdd, gmlos).ok_or(div.clone())?;
            if df <= Decimal::ONE {
                out.transfer_adjustment = x;
                out.discharge_fraction = df;
                out.weight_fraction = if f.policy.special_pay_share_truncated {
                    steps::special_pay_weight_fraction(pdd, gmlos, weight).ok_or(div)?
                } else {
                    steps::special_pay_weight_fraction_fine(pdd, gmlos, weight).ok_or(div)?
                };
            }
            out.kind = Transfer::PostAcuteSpecialPay;
        }
    }
    // No reduction once perDiemDays reaches the GMLOS.
    if Decimal::from(pdd) >= gmlos {
        out.kind = Transfer::None;
    }
    Ok(out)
}
