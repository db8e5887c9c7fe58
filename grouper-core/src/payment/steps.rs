//! Every rounding step of the IPPS payment, one named function each, citing the PAYMENT.md
//! section it implements. All rounding is HALF_UP at the stated scale (§0, §15); products and
//! sums in between are exact.

use rust_decimal::Decimal;

use super::exact::{rounded, Arith, Exactly};
use super::math::{half_up, is_positive, pow, remembered, round_down, Step};

/// `half_up(formula, dp)` for a formula written once over [`Arith`] (`T`, constants as
/// `T::from`): computed exactly first, in `Decimal` where that gives up ([`super::exact`]).
macro_rules! exact_step {
    ($dp:expr, |$($x:ident),+| $body:expr) => {{
        fn formula<T: Arith>($($x: T),+) -> T {
            $body
        }
        rounded($dp, formula($(Exactly::from($x)),+), || formula($($x),+))
    }};
}

/// `num × 10^-scale`, for the constants of the rules.
pub(crate) fn d(num: i64, scale: u32) -> Decimal {
    Decimal::new(num, scale)
}

// ---- §1.3 PSF amounts and outputs ----------------------------------------------------------

/// A money amount held in whole cents (PSF `P-UNCOMP-CARE-AMOUNT`, `P-NEW-FAC-SPEC-RATE`, or an
/// amount already rounded by its step) shown with two places: HALF_UP → 2 dp, so `0` → `0.00`.
/// A PSF amount that this changes is not whole cents (RTC 52).
pub fn cents(amount: Decimal) -> Decimal {
    half_up(amount, 2)
}

// ---- §2 processing order ---------------------------------------------------------------------

/// §2 step 5 outlier reconciliation: the second pass's operating CCR `CCR + 0.2` → 3 dp
/// (PIC 9V999 of `P-NEW-OPER-CSTCHG-RATIO`).
pub fn reconciliation_operating_ccr(operating_ccr: Decimal) -> Decimal {
    half_up(operating_ccr + d(2, 1), 3)
}

// ---- §3 wage index -------------------------------------------------------------------------

/// §3 6e year-over-year change `(WI − prevWI) / prevWI`, `divide(prevWI, HALF_UP)` at the
/// 4-dp scale of the wage index.
pub fn wage_index_change_ratio(wage_index: Decimal, prior_wage_index: Decimal) -> Decimal {
    half_up((wage_index - prior_wage_index) / prior_wage_index, 4)
}

/// §3 6e the change ratio unrounded (PPDRV215, FY2021: compared with −0.05 as computed).
pub fn wage_index_change_ratio_exact(wage_index: Decimal, prior_wage_index: Decimal) -> Decimal {
    (wage_index - prior_wage_index) / prior_wage_index
}

/// §3 low-wage-index hospital policy: `WI + (limit − WI) / 2` → 4 dp.
pub fn low_wage_index_boost(wage_index: Decimal, limit: Decimal) -> Decimal {
    half_up(wage_index + (limit - wage_index) / Decimal::TWO, 4)
}

/// §3 6e 5 % decrease cap: `WI = prevWI × 0.95` → 4 dp (prevWI is PSF `P-NEW-SUPP-WI`).
pub fn wage_index_decrease_cap(prior_wage_index: Decimal) -> Decimal {
    half_up(prior_wage_index * d(95, 2), 4)
}

// ---- §5 operating ------------------------------------------------------------------------

/// §5 `fspPart = natPct(1.00) × (laborAmt × WI + nonLaborAmt × COLA) × DRGweight × midnight(1.0)` → 9 dp.
pub fn operating_federal_part(
    labor: Decimal,
    non_labor: Decimal,
    wage_index: Decimal,
    cola: Decimal,
    relative_weight: Decimal,
) -> Decimal {
    exact_step!(9, |labor, non_labor, wage_index, cola, relative_weight| {
        (labor * wage_index + non_labor * cola) * relative_weight
    })
}

/// §5 `fspPart = fspPart × covid(1.0) × noCostFactor` → 9 dp (DRG 018 clinical-trial cases).
pub fn apply_no_cost_factor(part: Decimal, no_cost_factor: Decimal) -> Decimal {
    half_up(part * no_cost_factor, 9)
}

/// §5 `IME = 1.35 × ((1 + internsToBedsRatio)^0.405 − 1)` → 9 dp.
pub fn operating_ime_factor(interns_to_beds_ratio: Decimal) -> Option<Decimal> {
    remembered(Step::OperatingIme, [interns_to_beds_ratio], || {
        let p = pow(Decimal::ONE + interns_to_beds_ratio, d(405, 3))?;
        Some(half_up(d(135, 2) * (p - Decimal::ONE), 9))
    })
}

/// §5 disproportionate patient percentage `p = SSI ratio + Medicaid ratio` → 4 dp.
pub fn disproportionate_patient_percentage(ssi: Decimal, medicaid: Decimal) -> Decimal {
    half_up(ssi + medicaid, 4)
}

/// §5 empirically justified DSH factor from `p` (before the 12 % cap):
/// 0.1499 < p < 0.2020: `(p − 0.15) × 0.65 + 0.025` → 4 dp; p > 0.2019: `(p − 0.202) × 0.825 + 0.0588` → 4 dp.
pub fn operating_dsh_factor(p: Decimal) -> Decimal {
    if p > d(1499, 4) && p < d(2020, 4) {
        exact_step!(4, |p| (p - T::from(d(15, 2))) * T::from(d(65, 2))
            + T::from(d(25, 3)))
    } else if p > d(2019, 4) {
        exact_step!(4, |p| (p - T::from(d(202, 3))) * T::from(d(825, 3))
            + T::from(d(588, 4)))
    } else {
        half_up(Decimal::ZERO, 4)
    }
}

/// §5 12 % DSH cap for the capped categories: `dsh = min(dsh, 0.12)` → 4 dp.
pub fn capped_operating_dsh_factor(dsh: Decimal) -> Decimal {
    half_up(dsh.min(d(12, 2)), 4)
}

/// §5 `PPS_FSP = fspPart × 1.00` → 2 dp.
pub fn operating_federal_payment(fsp_part: Decimal) -> Decimal {
    half_up(fsp_part, 2)
}

/// §5 `PPS_DSH = PPS_FSP × dsh × 0.25` → 2 dp (the empirically justified 25 %).
pub fn operating_dsh_payment(pps_fsp: Decimal, dsh: Decimal) -> Decimal {
    exact_step!(2, |pps_fsp, dsh| pps_fsp * dsh * T::from(d(25, 2)))
}

/// §5 `PPS_IME = PPS_FSP × IME` → 2 dp.
pub fn operating_ime_payment(pps_fsp: Decimal, ime: Decimal) -> Decimal {
    exact_step!(2, |pps_fsp, ime| pps_fsp * ime)
}

/// §5 `baseDrgPayment = PPS_FSP + PPS_DSH + PPS_IME + UCP` → 2 dp (the NTAP comparison base).
pub fn base_drg_payment(
    pps_fsp: Decimal,
    pps_dsh: Decimal,
    pps_ime: Decimal,
    ucp: Decimal,
) -> Decimal {
    half_up(pps_fsp + pps_dsh + pps_ime + ucp, 2)
}

/// §5 `operBaseDrgPay = fspPart + NTAP` → 2 dp (the HRR/VBP base).
pub fn operating_base_drg_payment(fsp_part: Decimal, ntap: Decimal) -> Decimal {
    half_up(fsp_part + ntap, 2)
}

// ---- §6 capital --------------------------------------------------------------------------

/// §6 `GAF = WI^0.6848` → 4 dp.
pub fn geographic_adjustment_factor(wage_index: Decimal) -> Option<Decimal> {
    Some(half_up(pow(wage_index, d(6848, 4))?, 4))
}

/// §6 `capFedRate = capitalRate × GAF` → 2 dp.
pub fn capital_federal_rate(capital_rate: Decimal, gaf: Decimal) -> Decimal {
    half_up(capital_rate * gaf, 2)
}

/// §6 `capCOLA = 0.3152 × (COLA − 1) + 1` → 3 dp.
pub fn capital_cola(cola: Decimal) -> Decimal {
    half_up(d(3152, 4) * (cola - Decimal::ONE) + Decimal::ONE, 3)
}

/// §6 `capFspPart = DRGweight × capFedRate × capCOLA × largeUrban(1.00) × midnight(1.0) × noCostFactor` → 9 dp.
pub fn capital_federal_part(
    relative_weight: Decimal,
    cap_fed_rate: Decimal,
    cap_cola: Decimal,
    no_cost_factor: Decimal,
) -> Decimal {
    exact_step!(9, |relative_weight,
                    cap_fed_rate,
                    cap_cola,
                    no_cost_factor| {
        relative_weight * cap_fed_rate * cap_cola * no_cost_factor
    })
}

/// §6 `capIME = 2.7183^(0.2822 × min(capIMEratio, 1.5)) − 1` → 9 dp.
pub fn capital_ime_factor(capital_ime_ratio: Decimal) -> Option<Decimal> {
    remembered(Step::CapitalIme, [capital_ime_ratio], || {
        let ratio = capital_ime_ratio.min(d(15, 1));
        Some(half_up(
            pow(d(27183, 4), d(2822, 4) * ratio)? - Decimal::ONE,
            9,
        ))
    })
}

/// §6 `capDSH = 2.7183^(0.2025 × (SSI + Medicaid)) − 1` → 4 dp, rounded once (PPCAL
/// `COMPUTE H-CAPI-DSH ROUNDED`; the Java pricer's `pow(…, 5)` is 5 significant digits, the
/// same for a power below 10). Eligibility (urban and ≥ 100 beds) is decided by the caller.
pub fn capital_dsh_factor(p: Decimal) -> Option<Decimal> {
    remembered(Step::CapitalDsh, [p], || {
        let power = pow(d(27183, 4), d(2025, 4) * p)?;
        Some(half_up(power - Decimal::ONE, 4))
    })
}

/// §6 capDSH of a hospital that is not eligible (not urban or < 100 beds): 0 at the factor's
/// 4 dp (`0.0000`).
pub fn capital_dsh_factor_ineligible() -> Decimal {
    half_up(Decimal::ZERO, 4)
}

/// §6 `capFSP = capFspPart × capFspPct(1.00)` → 2 dp.
pub fn capital_federal_payment(cap_fsp_part: Decimal) -> Decimal {
    half_up(cap_fsp_part, 2)
}

/// §6 `capIMEadj = capFSP × capIME` and `capDSHadj = capFSP × capDSH` → 2 dp.
pub fn capital_adjustment_payment(cap_fsp: Decimal, factor: Decimal) -> Decimal {
    half_up(cap_fsp * factor, 2)
}

/// §6 `capitalTotal = capFSP + capIMEadj + capDSHadj + capOutlier` → 2 dp.
pub fn capital_total(
    cap_fsp: Decimal,
    cap_ime: Decimal,
    cap_dsh: Decimal,
    cap_outlier: Decimal,
) -> Decimal {
    half_up(cap_fsp + cap_ime + cap_dsh + cap_outlier, 2)
}

// ---- §7 transfers ------------------------------------------------------------------------

/// §7 `perDiemDays = max(LOS, 1) + 1`.
pub fn per_diem_days(length_of_stay: i64) -> i64 {
    length_of_stay.max(1) + 1
}

/// §7 `transferAdj = perDiemDays / GMLOS` → 4 dp (also the per-diem `dischargeFraction`).
pub fn transfer_adjustment(per_diem_days: i64, gmlos: Decimal) -> Option<Decimal> {
    Some(half_up(Decimal::from(per_diem_days).checked_div(gmlos)?, 4))
}

/// §7 special-pay `dischargeFraction = 0.5 + (0.5 × perDiemDays / GMLOS → 4 dp)`.
pub fn special_pay_discharge_fraction(per_diem_days: i64, gmlos: Decimal) -> Option<Decimal> {
    let half = d(5, 1);
    Some(half + half_up((half * Decimal::from(per_diem_days)).checked_div(gmlos)?, 4))
}

/// §7 per-diem `drgWtFraction = transferAdj × weight` → 4 dp.
pub fn per_diem_weight_fraction(transfer_adjustment: Decimal, relative_weight: Decimal) -> Decimal {
    half_up(transfer_adjustment * relative_weight, 4)
}

/// §7 special-pay `drgWtFraction = ((0.5 × perDiemDays / GMLOS) ROUND_DOWN 5 dp + 0.5) × weight` → 4 dp.
pub fn special_pay_weight_fraction(
    per_diem_days: i64,
    gmlos: Decimal,
    relative_weight: Decimal,
) -> Option<Decimal> {
    let half = d(5, 1);
    let share = round_down((half * Decimal::from(per_diem_days)).checked_div(gmlos)?, 5);
    Some(half_up((share + half) * relative_weight, 4))
}

/// §7 special-pay `drgWtFraction = (0.5 + (0.5 × perDiemDays / GMLOS)) × weight` → 4 dp, the
/// quotient kept to 9 dp (ROUND_DOWN), as the COBOL intermediate result (PPCAL215 3000: every
/// truncation from 7 to 13 digits reproduces all 155 FY2021 reference claims, 5 digits 130).
pub fn special_pay_weight_fraction_fine(
    per_diem_days: i64,
    gmlos: Decimal,
    relative_weight: Decimal,
) -> Option<Decimal> {
    let half = d(5, 1);
    let share = round_down((half * Decimal::from(per_diem_days)).checked_div(gmlos)?, 9);
    Some(half_up((half + share) * relative_weight, 4))
}

/// The weight the pricer reports, after the DRG 018 no-cost factor: `weight × factor` → 4 dp
/// (PPCAL215 mainline: `COMPUTE H-DRG-WT ROUNDED = H-DRG-WT * COVID-ADJ * NO-COST-PRODUCT`).
pub fn reported_weight(weight: Decimal, no_cost_factor: Decimal) -> Decimal {
    half_up(weight * no_cost_factor, 4)
}

/// §7 `fspPart ×= fraction`, `capFspPart ×= fraction` → 9 dp.
pub fn apply_transfer_fraction(part: Decimal, fraction: Decimal) -> Decimal {
    half_up(part * fraction, 9)
}

// ---- §8 new technology -------------------------------------------------------------------

/// §8 one technology: `x = (charges × CCR − baseDrgPayment) × factor`, `addon = x ≤ 0 ? 0 : min(amount, x)` (unrounded).
pub fn new_technology_addon(
    charges: Decimal,
    operating_ccr: Decimal,
    base_drg_payment: Decimal,
    adjustment_factor: Decimal,
    maximum: Decimal,
) -> Decimal {
    let x = (charges * operating_ccr - base_drg_payment) * adjustment_factor;
    if x <= Decimal::ZERO {
        Decimal::ZERO
    } else {
        x.min(maximum)
    }
}

/// §8 running sum `NTAP = NTAP + addon` → 2 dp.
pub fn new_technology_running_sum(ntap: Decimal, addon: Decimal) -> Decimal {
    half_up(ntap + addon, 2)
}

/// §8 cap: `operBillCosts = charges × CCR` (9 dp); if `baseDrgPayment + NTAP` (2 dp) exceeds it and
/// `operBillCosts − baseDrgPayment` (2 dp) is positive, NTAP := that difference.
pub fn new_technology_cost_cap(
    ntap: Decimal,
    charges: Decimal,
    operating_ccr: Decimal,
    base_drg_payment: Decimal,
) -> Decimal {
    let costs = exact_step!(9, |charges, operating_ccr| charges * operating_ccr);
    let room = half_up(costs - base_drg_payment, 2);
    if half_up(base_drg_payment + ntap, 2) > costs && is_positive(room) {
        room
    } else {
        ntap
    }
}

/// §8 islet isolation add-on (not NTAP): one ISLET procedure → $18,848.00, two or more →
/// $37,696.00, none → 0 (the caller checks dx Z006).
pub fn islet_isolation_payment(islet_procedures: usize) -> Decimal {
    match islet_procedures {
        0 => Decimal::ZERO,
        1 => d(1884800, 2),
        _ => d(3769600, 2),
    }
}

// ---- §9 hospital-specific rate -----------------------------------------------------------

/// §9 `updateFactor = currentUpdate × Π prior updates × Π budget neutrality × midnight(1.0)` → 5 dp.
pub fn hsp_update_factor(
    current_update: Decimal,
    prior_updates: Decimal,
    budget_neutrality: Decimal,
) -> Decimal {
    half_up(current_update * prior_updates * budget_neutrality, 5)
}

/// §9 `hspRate = ppsFacilitySpecificRate × (updateFactor × weight)` → 9 dp, then `× noCostFactor` → 9 dp.
pub fn hospital_specific_rate(
    facility_rate: Decimal,
    update_factor: Decimal,
    weight: Decimal,
    no_cost_factor: Decimal,
) -> Decimal {
    let rate = half_up(facility_rate * (update_factor * weight), 9);
    half_up(rate * no_cost_factor, 9)
}

/// §9 `fspRate = (laborAmt × WI + nonLaborAmt × COLA) × drgWtFraction × noCost × (1 + IME + dsh × 0.25) + operatingOutlierPart` → 9 dp.
#[allow(clippy::too_many_arguments)]
pub fn federal_rate_for_hsp(
    labor: Decimal,
    non_labor: Decimal,
    wage_index: Decimal,
    cola: Decimal,
    weight_fraction: Decimal,
    no_cost_factor: Decimal,
    ime: Decimal,
    dsh: Decimal,
    operating_outlier_part: Decimal,
) -> Decimal {
    half_up(
        (labor * wage_index + non_labor * cola)
            * weight_fraction
            * no_cost_factor
            * (Decimal::ONE + ime + dsh * d(25, 2))
            + operating_outlier_part,
        9,
    )
}

/// §9 `hspPart = hspRate > fspRate + UCP ? hspRate − (fspRate + UCP) : 0` → 9 dp; MDH: `× 0.75` → 9 dp.
pub fn hospital_specific_part(
    hsp_rate: Decimal,
    fsp_rate: Decimal,
    ucp: Decimal,
    mdh: bool,
) -> Decimal {
    let part = if hsp_rate > fsp_rate + ucp {
        half_up(hsp_rate - (fsp_rate + ucp), 9)
    } else {
        Decimal::ZERO
    };
    if mdh {
        half_up(part * d(75, 2), 9)
    } else {
        part
    }
}

/// §9 `PPS_HSP = hspPart × 1.00` → 2 dp.
pub fn hospital_specific_payment(hsp_part: Decimal) -> Decimal {
    half_up(hsp_part, 2)
}

// ---- §10 outliers ------------------------------------------------------------------------

/// §10 transfer-adjusted fixed-loss threshold `FLT × fraction` → 2 dp.
pub fn outlier_fixed_loss_threshold(fixed_loss: Decimal, fraction: Decimal) -> Decimal {
    half_up(fixed_loss * fraction, 2)
}

/// §10 `opShare = opCCR / (opCCR + capCCR)` → 9 dp (0 when both are 0); same for `capShare`.
pub fn cost_to_charge_share(ccr: Decimal, other_ccr: Decimal) -> Decimal {
    let sum = ccr + other_ccr;
    if sum.is_zero() {
        return Decimal::ZERO;
    }
    // A hospital's two ratios are the same on each of its claims: the division is remembered.
    remembered(Step::CostToChargeShare, [ccr, other_ccr], || {
        Some(half_up(ccr / sum, 9))
    })
    .unwrap_or(Decimal::ZERO)
}

/// §10 `opDollarThr = opShare × (FLT × laborPct × WI + FLT × nonLaborPct × COLA)` → 9 dp.
pub fn operating_dollar_threshold(
    op_share: Decimal,
    threshold: Decimal,
    labor_pct: Decimal,
    non_labor_pct: Decimal,
    wage_index: Decimal,
    cola: Decimal,
) -> Decimal {
    exact_step!(9, |op_share,
                    threshold,
                    labor_pct,
                    non_labor_pct,
                    wage_index,
                    cola| {
        op_share * (threshold * labor_pct * wage_index + threshold * non_labor_pct * cola)
    })
}

/// §10 `capDollarThr = capShare × capCOLA × largeUrban(1.00) × GAF × FLT` → 9 dp.
pub fn capital_dollar_threshold(
    cap_share: Decimal,
    cap_cola: Decimal,
    gaf: Decimal,
    threshold: Decimal,
) -> Decimal {
    exact_step!(9, |cap_share, cap_cola, gaf, threshold| {
        cap_share * cap_cola * gaf * threshold
    })
}

/// §10 `opCostOutlier = fspPart × (1 + IME) + fspPart × dsh × 0.25 + opDollarThr + UCP + NTAP` → 9 dp.
pub fn operating_cost_outlier_threshold(
    fsp_part: Decimal,
    ime: Decimal,
    dsh: Decimal,
    op_dollar_threshold: Decimal,
    ucp: Decimal,
    ntap: Decimal,
) -> Decimal {
    exact_step!(9, |fsp_part, ime, dsh, op_dollar_threshold, ucp, ntap| {
        fsp_part * (T::from(Decimal::ONE) + ime)
            + fsp_part * dsh * T::from(d(25, 2))
            + op_dollar_threshold
            + ucp
            + ntap
    })
}

/// §10 `capCostOutlier = capDollarThr + capFspPart × (1 + capIME + capDSH)` → 9 dp.
pub fn capital_cost_outlier_threshold(
    cap_dollar_threshold: Decimal,
    cap_fsp_part: Decimal,
    cap_ime: Decimal,
    cap_dsh: Decimal,
) -> Decimal {
    exact_step!(9, |cap_dollar_threshold, cap_fsp_part, cap_ime, cap_dsh| {
        cap_dollar_threshold + cap_fsp_part * (T::from(Decimal::ONE) + cap_ime + cap_dsh)
    })
}

/// §10 `opBill = charges × opCCR`, `capBill = charges × capCCR` → 9 dp.
pub fn billed_cost(charges: Decimal, ccr: Decimal) -> Decimal {
    exact_step!(9, |charges, ccr| charges * ccr)
}

/// §10 `out = bill > threshold ? (bill − threshold) × pct → 9 dp : 0`.
pub fn outlier_part(bill: Decimal, threshold: Decimal, marginal_pct: Decimal) -> Decimal {
    if bill > threshold {
        exact_step!(9, |bill, threshold, marginal_pct| (bill - threshold)
            * marginal_pct)
    } else {
        Decimal::ZERO
    }
}

/// §10 output charge threshold `(capCostOutlier + opCostOutlier) / (capCCR + opCCR)` → 9 dp.
pub fn outlier_charge_threshold(
    cap_cost_outlier: Decimal,
    op_cost_outlier: Decimal,
    cap_ccr: Decimal,
    op_ccr: Decimal,
) -> Decimal {
    let ccr = cap_ccr + op_ccr;
    if ccr.is_zero() {
        Decimal::ZERO
    } else {
        half_up((cap_cost_outlier + op_cost_outlier) / ccr, 9)
    }
}

/// §10 `PPS_OUTLIER = operatingOutlierPart × 1.00` → 2 dp, and capital outlier → 2 dp.
pub fn outlier_payment(part: Decimal) -> Decimal {
    half_up(part, 2)
}

/// §10 quirk of the pricer: when the capital outlier is paid and PPS_OUTLIER is 0, PPS_OUTLIER
/// shows 0.01 (and so does the total).
pub fn operating_outlier_payment_shown(pps_outlier: Decimal, capital_outlier: Decimal) -> Decimal {
    if is_positive(capital_outlier) && pps_outlier.is_zero() {
        d(1, 2)
    } else {
        pps_outlier
    }
}

// ---- §11 quality programs, low volume, totals --------------------------------------------

/// NCTAP (PPCAL215 10400): 65 % of the cost beyond the threshold before the fixed loss,
/// `(opBill − (opCostOutlier − opDollarThr)) × 0.65`, at most `opDollarThr × 0.65`, each → 2 dp;
/// 0 when the cost does not exceed it.
pub fn covid_treatments_add_on(
    op_bill: Decimal,
    op_cost_outlier: Decimal,
    op_dollar_threshold: Decimal,
) -> Decimal {
    let base = op_cost_outlier - op_dollar_threshold;
    if op_bill <= base {
        return Decimal::ZERO;
    }
    let stop_1 = half_up(op_dollar_threshold * d(65, 2), 2);
    let stop_2 = half_up((op_bill - base) * d(65, 2), 2);
    stop_1.min(stop_2)
}

/// §11 HRR and VBP: `(factor × operBaseDrgPay − operBaseDrgPay)` → 2 dp.
pub fn quality_adjustment(factor: Decimal, base: Decimal) -> Decimal {
    exact_step!(2, |factor, base| factor * base - base)
}

/// §11 low volume: `(sum of payment parts) × lvFactor` → 2 dp.
pub fn low_volume_payment(parts_sum: Decimal, factor: Decimal) -> Decimal {
    half_up(parts_sum * factor, 2)
}

/// §11 `preHAC = PPS_HSP + PPS_FSP + PPS_IME + PPS_DSH + PPS_OUTLIER + capitalTotal + UCP + NTAP + LowVol + HRR + VBP` → 2 dp.
pub fn pre_hac_total(parts: &[Decimal]) -> Decimal {
    half_up(parts.iter().copied().sum(), 2)
}

/// §11 `hacAmt = preHAC × −0.01` → 2 dp.
pub fn hac_reduction(pre_hac: Decimal) -> Decimal {
    half_up(pre_hac * d(-1, 2), 2)
}

/// §11 `TOTAL = preHAC + bundle(0) + hacAmt + isletAddOn` → 2 dp.
pub fn total_payment(pre_hac: Decimal, hac: Decimal, islet: Decimal) -> Decimal {
    half_up(pre_hac + hac + islet, 2)
}

#[cfg(test)]
mod tests {
    use super::super::math::{exp, ln};
    use super::*;
    use std::str::FromStr;

    /// `base ^ exponent` by the series, remembering nothing.
    fn series(base: Decimal, exponent: Decimal) -> Option<Decimal> {
        if exponent.is_zero() || base == Decimal::ONE {
            return Some(Decimal::ONE);
        }
        ln(base).and_then(|l| l.checked_mul(exponent)).and_then(exp)
    }

    #[test]
    fn remembered_factors_are_their_formulas_digit_for_digit() {
        let e = d(27183, 4);
        for text in [
            "0", "0.0", "0.1", "0.10", "0.1000", "0.25", "0.0734", "0.35", "1.5", "1.7",
        ] {
            let x = Decimal::from_str(text).unwrap_or_default();
            let one = Decimal::ONE;
            let formulas = [
                series(one + x, d(405, 3)).map(|p| half_up(d(135, 2) * (p - one), 9)),
                series(e, d(2822, 4) * x.min(d(15, 1))).map(|p| half_up(p - one, 9)),
                series(e, d(2025, 4) * x).map(|p| half_up(p - one, 4)),
            ];
            let strings = |v: [Option<Decimal>; 3]| v.map(|v| v.map(|v| v.to_string()));
            let share = |a: Decimal, b: Decimal| (a + b).is_zero().then_some(Decimal::ZERO);
            for (a, b) in [(x, one), (one, x), (x, x), (x, Decimal::ZERO)] {
                let expected = share(a, b).unwrap_or_else(|| half_up(a / (a + b), 9));
                for _ in 0..2 {
                    assert_eq!(cost_to_charge_share(a, b).to_string(), expected.to_string());
                }
            }
            // The first call computes, the second is remembered; the three steps share a memo.
            for _ in 0..2 {
                let ours = [
                    operating_ime_factor(x),
                    capital_ime_factor(x),
                    capital_dsh_factor(x),
                ];
                assert_eq!(strings(ours), strings(formulas), "{text}");
            }
        }
    }

    /// A decimal of up to 64-bit digits at `scale`, zero (either sign) one time in eight.
    fn decimal(digits: u64, negative: bool, scale: u32) -> Decimal {
        let digits = if digits.is_multiple_of(8) { 0 } else { digits };
        Decimal::from_parts(digits as u32, (digits >> 32) as u32, 0, negative, scale)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(20_000))]
        #[test]
        fn exact_steps_equal_their_decimal_formulas_digit_for_digit(
            digits in proptest::array::uniform6(0u64..1 << 40),
            signs in proptest::array::uniform6(proptest::prelude::any::<bool>()),
            scales in proptest::array::uniform6(0u32..=12),
        ) {
            let v: Vec<Decimal> = (0..6).map(|i| decimal(digits[i], signs[i], scales[i])).collect();
            let ours = operating_cost_outlier_threshold(v[0], v[1], v[2], v[3], v[4], v[5]);
            let theirs = half_up(
                v[0] * (Decimal::ONE + v[1]) + v[0] * v[2] * d(25, 2) + v[3] + v[4] + v[5],
                9,
            );
            proptest::prop_assert_eq!(ours.to_string(), theirs.to_string());
            proptest::prop_assert_eq!(ours.is_sign_negative(), theirs.is_sign_negative());
            let ours = quality_adjustment(v[0], v[1]);
            let theirs = half_up(v[0] * v[1] - v[1], 2);
            proptest::prop_assert_eq!(ours.to_string(), theirs.to_string());
            proptest::prop_assert_eq!(ours.is_sign_negative(), theirs.is_sign_negative());
        }
    }

    proptest::proptest! {
        #[test]
        fn the_cost_cap_gives_a_zero_add_on_back_as_it_is(
            charges in 0u64..100_000_000_000, ccr in 0u64..2_000, base in 0u64..10_000_000_000,
        ) {
            // `new_technology_payment` returns the zero add-on of a claim without technology
            // without calling the cap: it must be what the cap would give.
            let capped = new_technology_cost_cap(
                Decimal::ZERO,
                Decimal::new(charges as i64, 2),
                Decimal::new(ccr as i64, 3),
                Decimal::new(base as i64, 2),
            );
            proptest::prop_assert_eq!(capped.to_string(), "0");
        }
    }
}
