//! The pricer's processing order, PAYMENT.md §2: validation, pass 1 "claim pricing" through
//! the steps of §4–§11, the 14/16 rule and the outlier reconciliation pass.

use rust_decimal::Decimal;

use super::adjustments;
use super::capital;
use super::claim::{PricingClaim, ReviewCode};
use super::error::PricingError;
use super::facts::{Facts, Pass};
use super::hospital_specific;
use super::new_technology;
use super::operating;
use super::outlier;
use super::provider::{Provider, ProviderFile};
use super::rate_table;
use super::result::PaymentResult;
use super::return_code::PricerReturnCode;
use super::steps;
use super::tables::PaymentTableSet;
use super::totals;
use super::totals::Components;
use super::transfer;

/// Price one claim for `drg` at `provider`, with the tables of the discharge's fiscal year.
pub fn price(
    claim: &PricingClaim,
    drg: u16,
    provider: &Provider,
    tables: &PaymentTableSet,
) -> Result<PaymentResult, PricingError> {
    // §15: a discharge outside every loaded fiscal year fails before any table lookup.
    let t = tables.for_discharge(claim.discharge_date)?;
    let facts = Facts::gather(claim, drg, provider, t)?;
    let pass1 = Pass {
        facts: &facts,
        tables: t,
        op_ccr: facts.hospital.op_ccr,
        reconciliation: false,
    };
    let mut result = claim_pricing(&pass1)?;

    // §2 step 4: stays at or beyond the GMLOS get 14 / 16.
    let gmlos = facts.drg.geometric_mean_los;
    let pdd = Decimal::from(steps::per_diem_days(claim.length_of_stay));
    if gmlos <= pdd {
        result.pricer_return_code = result.pricer_return_code.at_gmlos();
    }
    // §2 step 5: outlier reconciliation pass with operating CCR + 0.2 changes only the code.
    if let Some(reconciled_code) = result.pricer_return_code.outlier_reconciliation() {
        let pass2 = Pass {
            op_ccr: steps::reconciliation_operating_ccr(facts.hospital.op_ccr),
            reconciliation: true,
            ..pass1
        };
        let reconciled = claim_pricing(&pass2)?;
        if reconciled.operating_outlier_part + reconciled.capital_outlier_part > Decimal::ZERO {
            result.pricer_return_code = reconciled_code;
        }
    }
    Ok(result)
}

/// Pass 1 "claim pricing" (§4–§11), or the reconciliation pass with another operating CCR.
fn claim_pricing(pass: &Pass) -> Result<PaymentResult, PricingError> {
    let (f, t) = (pass.facts, pass.tables);
    let mut rtc = PricerReturnCode::Normal;
    let rates = rate_table::rate_table(f, t)?;
    let mut op = operating::operating_factors(f, &rates)?;
    let mut cap = capital::capital_factors(f, &t.factors, op.patient_percentage)?;
    let tr = transfer::transfer_fractions(f)?;
    if tr.reduces() {
        op.fsp_part = steps::apply_transfer_fraction(op.fsp_part, tr.fraction());
        cap.fsp_part = steps::apply_transfer_fraction(cap.fsp_part, tr.fraction());
        rtc = tr.return_code(f.review_code);
    }
    let op_amounts = operating::operating_amounts(&op, f.ratios.ucp);
    let technologies = new_technology::new_technologies(&f.codes, t);
    // New technology is costed with the PSF operating CCR in both passes: the pricer raises
    // the CCR for reconciliation only inside the outlier step (PPCAL215 4000 before 3600).
    let ntap = new_technology::new_technology_payment(
        &technologies,
        f.claim.total_charges,
        f.hospital.op_ccr,
        op_amounts.base_drg,
        t,
    );
    let islet = new_technology::islet_isolation(f, t);
    let outliers = outlier::outliers(pass, &rates, &op, &cap, tr.fraction(), ntap)?;
    if outliers.paid() {
        rtc = rtc.with_cost_outlier(f.review_code == ReviewCode::AcuteTransfer);
    }
    let cap_amounts = capital::capital_amounts(f, &cap, outliers.capital_payment);
    let hsp = hospital_specific::hospital_specific(
        f,
        &t.factors,
        &rates,
        &op,
        tr.weight_fraction,
        outliers.operating_part,
    );
    // NCTAP joins new technology after the outlier step: it is in the HRR/VBP base and the
    // payment, not in the outlier threshold (PPCAL215 3650 after 3600).
    let ntap = ntap + outliers.covid_treatments_add_on;
    let quality = adjustments::quality_adjustments(f, op.fsp_part, ntap);
    let low_volume = adjustments::low_volume(
        f,
        hsp.payment,
        &op_amounts,
        outliers.operating_payment,
        &cap_amounts,
        ntap,
    );
    let components = Components {
        rates,
        operating: op,
        capital: cap,
        transfer: tr,
        operating_amounts: op_amounts,
        technologies,
        ntap,
        islet,
        outliers,
        capital_amounts: cap_amounts,
        hospital_specific: hsp,
        quality,
        low_volume,
        return_code: rtc,
    };
    let totals = totals::totals(pass, &components);
    Ok(totals::payment_result(pass, components, &totals))
}

/// What pricing a batch needs besides the claims.
#[derive(Debug, Clone, Default)]
pub struct PricingContext {
    /// The IPPS tables of every loaded fiscal year.
    pub tables: PaymentTableSet,
    /// Providers by CCN, for claims that give `ccn` instead of a `provider` object.
    pub providers: Option<ProviderFile>,
}
