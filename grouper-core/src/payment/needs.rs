//! Partial years: which of its year's optional tables and factors a claim needs, checked once
//! before any step reads them, so a missing piece is a per-claim error naming it and how to
//! supply it, never a silent zero (`payment/README.md`, "Partial years").
//!
//! - `cbsa-wage-index` (§3): needed unless the PSF gives a special wage index (indicator 1 or
//!   2), which replaces the table's; then the area size comes from the location's length
//!   (`wage_index::area_size`). Needed anyway by an Indian Health Service hospital in a year
//!   whose policy puts the Indian rows over a special wage index (FY2021).
//! - `outmigration` (§3 step 1): only for a hospital eligible for the adjustment
//!   (`wage_index::outmigration_eligible`).
//! - `claim-codes` and `newtech-costs` (§8, §4.4): when the claim carries any procedure,
//!   diagnosis or condition code (they decide NTAP, islet isolation, the DRG 018 no-cost factor
//!   and the COVID-19 factor; a claim without codes triggers none of them).
//! - Factors: the capital rate, fixed-loss threshold and labor shares always
//!   ([`RATE_FACTORS`]); the hospital-specific update factors ([`HOSPITAL_SPECIFIC_FACTORS`])
//!   only for SCH, EACH and MDH (§9).

use super::error::PricingError;
use super::policy::Policy;
use super::provider::{Provider, ProviderType};
use super::return_code::PricerReturnCode as Rtc;
use super::tables::{OptionalTable, PaymentTables, HOSPITAL_SPECIFIC_FACTORS, RATE_FACTORS};
use super::wage_index::{has_special_wage_index, outmigration_eligible};

/// `Ok` when everything the claim needs is loaded; else one error listing each missing
/// piece. `has_codes`: the claim carries a procedure, diagnosis or condition code.
pub(super) fn check_available(
    t: &PaymentTables,
    p: &Provider,
    provider_type: ProviderType,
    has_codes: bool,
) -> Result<(), PricingError> {
    let fy = t.fiscal_year;
    let policy = Policy::for_fiscal_year(fy);
    let mut missing: Vec<(String, String)> = Vec::new();
    let load = |file: &str| format!("load a directory holding {file} with --ipps-tables DIR");
    let indian_over_special = provider_type.is_indian_health_service()
        && policy.indian_health_service_over_special_wage_index;
    let wage_index_needed = !has_special_wage_index(p) || indian_over_special;
    let mut wage_data_missing = false;
    if wage_index_needed && !t.has_table(OptionalTable::WageIndex) {
        let file = OptionalTable::WageIndex.file_name(fy);
        let how = format!(
            "{}, or give the provider a special wage index (specialPaymentIndicator 1 or 2 with specialWageIndex)",
            load(&file)
        );
        missing.push((file, how));
        wage_data_missing = true;
    }
    if outmigration_eligible(p) && !t.has_table(OptionalTable::Outmigration) {
        let file = OptionalTable::Outmigration.file_name(fy);
        missing.push((file.clone(), load(&file)));
        wage_data_missing = true;
    }
    if has_codes {
        for table in [OptionalTable::ClaimCodes, OptionalTable::NewTechCosts] {
            if !t.has_table(table) {
                let file = table.file_name(fy);
                missing.push((file.clone(), load(&file)));
            }
        }
    }
    let mut factors: Vec<&str> = RATE_FACTORS.to_vec();
    if provider_type.has_hospital_specific_rate() {
        factors.extend(HOSPITAL_SPECIFIC_FACTORS);
    }
    for factor in factors
        .into_iter()
        .filter(|f| t.factors.unknown.contains(*f))
    {
        missing.push((
            format!("factor {factor} (unknown in fy-factors.csv)"),
            format!("give a fy-factors.csv row for FY{fy} {factor} in a --ipps-tables directory"),
        ));
    }
    if missing.is_empty() {
        return Ok(());
    }
    let (what, how): (Vec<String>, Vec<String>) = missing.into_iter().unzip();
    Err(PricingError::MissingTable {
        fiscal_year: fy,
        what: what.join(", "),
        how: how.join("; "),
        return_code: if wage_data_missing {
            Rtc::InvalidProviderData
        } else {
            Rtc::InvalidDischargeDate
        },
    })
}
