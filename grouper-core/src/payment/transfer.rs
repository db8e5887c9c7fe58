//! Transfers and per diem, PAYMENT.md §7: acute and post-acute per-diem fractions, the
//! special-pay 50/50 rule, and which return code a reduced payment gets.

use rust_decimal::Decimal;

use super::error::PricingError;
use super::facts::Facts;
use super::steps;

/// How a transfer reduces the DRG payment (§7).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Transfer {
    None,
    AcutePerDiem,
    PostAcutePerDiem,
    PostAcuteSpecialPay,
}

impl Transfer {
    /// The result's `transfer` text.
    pub(super) fn as_str(self) -> &'static str {
        match self {
            Transfer::None => "none",
            Transfer::AcutePerDiem => "acute_per_diem",
            Transfer::PostAcutePerDiem => "post_acute_per_diem",
            Transfer::PostAcuteSpecialPay => "post_acute_special_pay",
        }
    }
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
    pub(super) fn return_code(&self, review: &str) -> &'static str {
        match (self.kind, review) {
            (Transfer::AcutePerDiem, "06") => "06",
            (Transfer::AcutePerDiem, _) => "03",
            (Transfer::PostAcuteSpecialPay, _) => "10",
            _ => "12",
        }
    }
}

/// §7 transfer kind and fractions from the review code and the DRG's flags.
pub(super) fn transfer_fractions(f: &Facts) -> Result<TransferFractions, PricingError> {
    let weight = f.drg.relative_weight;
    let gmlos = f.drg.geometric_mean_los;
    let pdd = steps::per_diem_days(f.claim.length_of_stay);
    let review = f.review_code.as_str();
    let post_acute_review = review == "09" || review == "11";
    let mut out = TransferFractions {
        kind: Transfer::None,
        per_diem_days: pdd,
        transfer_adjustment: Decimal::ONE,
        discharge_fraction: Decimal::ONE,
        weight_fraction: weight,
    };
    let div = PricingError::Computation("transfer fraction (GMLOS 0)");
    // DRG 789 (neonates died or transferred) is never reduced (§7); we keep all fractions 1.
    if f.drg.drg != 789 {
        if review == "03"
            || review == "06"
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
                out.weight_fraction =
                    steps::special_pay_weight_fraction(pdd, gmlos, weight).ok_or(div)?;
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
