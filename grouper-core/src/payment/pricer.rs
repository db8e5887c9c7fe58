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
use super::tables::{PaymentTableSet, PaymentTables};
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
    };
    let parts = before_outliers(&facts, t)?;
    let inputs = parts.outlier_inputs();
    let outliers = outlier::outliers(&pass1, &inputs)?;
    let mut pass1_code = parts.return_code;
    if outliers.paid() {
        pass1_code = pass1_code.with_cost_outlier(facts.review_code == ReviewCode::AcuteTransfer);
    }
    let mut code = pass1_code;
    // §2 step 4: stays at or beyond the GMLOS get 14 / 16.
    let gmlos = facts.drg.geometric_mean_los;
    let pdd = Decimal::from(steps::per_diem_days(claim.length_of_stay));
    if gmlos <= pdd {
        code = code.at_gmlos();
    }
    // §2 step 5: outlier reconciliation pass with operating CCR + 0.2 changes only the code.
    // Only the outlier step reads the operating CCR (new technology is costed with the PSF
    // CCR in both passes), so the pass re-runs that step on pass 1's figures.
    if let Some(reconciled_code) = code.outlier_reconciliation() {
        let pass2 = Pass {
            op_ccr: steps::reconciliation_operating_ccr(facts.hospital.op_ccr),
            ..pass1
        };
        if outlier::outlier_paid(&pass2, &inputs) {
            code = reconciled_code;
        }
    }
    let mut result = claim_pricing(&pass1, parts, outliers, pass1_code);
    result.pricer_return_code = code;
    Ok(result)
}

/// The steps before the outlier step (§4–§8), which neither pass changes.
struct BeforeOutliers {
    rates: rate_table::RateTable,
    operating: operating::OperatingFactors,
    capital: capital::CapitalFactors,
    transfer: transfer::TransferFractions,
    operating_amounts: operating::OperatingAmounts,
    return_code: PricerReturnCode,
    technologies: Vec<String>,
    ntap: Decimal,
    islet: Decimal,
}

impl BeforeOutliers {
    /// The inputs of §10 besides the pass.
    fn outlier_inputs(&self) -> outlier::Inputs<'_> {
        outlier::Inputs {
            rates: &self.rates,
            operating: &self.operating,
            capital: &self.capital,
            fraction: self.transfer.fraction(),
            ntap: self.ntap,
        }
    }
}

fn before_outliers(f: &Facts, t: &PaymentTables) -> Result<BeforeOutliers, PricingError> {
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
    Ok(BeforeOutliers {
        rates,
        operating: op,
        capital: cap,
        transfer: tr,
        operating_amounts: op_amounts,
        return_code: rtc,
        technologies,
        ntap,
        islet,
    })
}

/// Pass 1 "claim pricing" (§4–§11) from the outlier step on.
fn claim_pricing(
    pass: &Pass,
    parts: BeforeOutliers,
    outliers: outlier::Outliers,
    rtc: PricerReturnCode,
) -> PaymentResult {
    let (f, t) = (pass.facts, pass.tables);
    let (op, cap) = (&parts.operating, &parts.capital);
    let op_amounts = parts.operating_amounts;
    let cap_amounts = capital::capital_amounts(f, cap, outliers.capital_payment);
    let hsp = hospital_specific::hospital_specific(
        f,
        &t.factors,
        &parts.rates,
        op,
        parts.transfer.weight_fraction,
        outliers.operating_part,
    );
    // NCTAP joins new technology after the outlier step: it is in the HRR/VBP base and the
    // payment, not in the outlier threshold (PPCAL215 3650 after 3600).
    let ntap = parts.ntap + outliers.covid_treatments_add_on;
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
        rates: parts.rates,
        operating: parts.operating,
        capital: parts.capital,
        transfer: parts.transfer,
        operating_amounts: op_amounts,
        technologies: parts.technologies,
        ntap,
        islet: parts.islet,
        outliers,
        capital_amounts: cap_amounts,
        hospital_specific: hsp,
        quality,
        low_volume,
        return_code: rtc,
    };
    let totals = totals::totals(pass, &components);
    totals::payment_result(pass, components, &totals)
}

/// What pricing a batch needs besides the claims.
#[derive(Debug, Clone, Default)]
pub struct PricingContext {
    /// The IPPS tables of every loaded fiscal year.
    pub tables: PaymentTableSet,
    /// Providers by CCN, for claims that give `ccn` instead of a `provider` object.
    pub providers: Option<ProviderFile>,
}
