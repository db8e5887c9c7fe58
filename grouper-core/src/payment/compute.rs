//! The payment flow of PAYMENT.md §2: validation → wage index (§3) → cost factors (§4) →
//! operating (§5) → capital (§6) → transfer (§7) → NTAP (§8) → outliers (§10) →
//! hospital-specific rate (§9) → quality programs, low volume and totals (§11).

use rust_decimal::Decimal;

use super::claim::{review_code_for, two_digits, PricingClaim};
use super::date::Date;
use super::error::PricingError;
use super::math::half_up;
use super::provider::Provider;
use super::result::PaymentResult;
use super::steps::{self, d};
use super::tables::{CodeType, DrgEntry, PaymentTableSet, PaymentTables};

/// Largest covered charges the pricer accepts: 999,999,999.99 (PIC 9(9)V99).
fn max_charges() -> Decimal {
    d(99_999_999_999, 2)
}

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
    let mut result = compute(&facts, t, facts.op_ccr)?;

    // §2 step 4: stays at or beyond the GMLOS get 14 / 16.
    let gmlos = facts.drg.geometric_mean_los;
    let pdd = Decimal::from(steps::per_diem_days(claim.length_of_stay));
    if gmlos <= pdd {
        if result.pricer_return_code == "00" {
            result.pricer_return_code = "14".to_string();
        } else if result.pricer_return_code == "02" {
            result.pricer_return_code = "16".to_string();
        }
    }
    // §2 step 5: outlier reconciliation pass with operating CCR + 0.2 changes only the code.
    let rtc = result.pricer_return_code.clone();
    if ["00", "03", "10", "12", "14"].contains(&rtc.as_str()) {
        let raised = half_up(facts.op_ccr + d(2, 1), 3);
        let pass2 = compute(&facts, t, raised)?;
        if pass2.operating_outlier_part + pass2.capital_outlier_part > Decimal::ZERO {
            let code: u8 = rtc.parse().unwrap_or(0);
            result.pricer_return_code = format!("{:02}", code + 30);
        }
    }
    Ok(result)
}

/// Validated inputs of one claim (PAYMENT.md §1–§2 bill and PSF validations).
struct Facts<'a> {
    claim: &'a PricingClaim,
    drg: &'a DrgEntry,
    review_code: String,
    provider_type: String,
    puerto_rico: bool,
    quality_met: bool,
    ehr_failed: bool,
    cola: Decimal,
    interns_to_beds: Decimal,
    beds: Decimal,
    ssi: Decimal,
    medicaid: Decimal,
    op_ccr: Decimal,
    cap_ccr: Decimal,
    ucp: Decimal,
    facility_rate: Decimal,
    capital_ime_ratio: Decimal,
    new_hospital: bool,
    hrr: Option<Decimal>,
    vbp: Option<Decimal>,
    hac: bool,
    low_volume: Option<Decimal>,
    no_cost_factor: Decimal,
    wage: WageIndex,
    procedures: Vec<String>,
    diagnoses: Vec<String>,
    conditions: Vec<String>,
}

struct WageIndex {
    value: Decimal,
    geographic_cbsa: String,
    cbsa: String,
    size: char,
}

fn invalid_provider(
    field: &'static str,
    value: impl ToString,
    reason: &str,
    rtc: &'static str,
) -> PricingError {
    PricingError::InvalidProviderField {
        field,
        value: value.to_string(),
        reason: reason.to_string(),
        return_code: rtc,
    }
}

fn invalid_claim(
    field: &'static str,
    value: impl ToString,
    reason: &str,
    rtc: &'static str,
) -> PricingError {
    PricingError::InvalidClaimField {
        field,
        value: value.to_string(),
        reason: reason.to_string(),
        return_code: rtc,
    }
}

/// A PSF numeric field that must lie in `[0, max]` (its COBOL PIC); blank reads as 0.
fn ranged(field: &'static str, v: Option<Decimal>, max: Decimal) -> Result<Decimal, PricingError> {
    let v = v.unwrap_or(Decimal::ZERO);
    if v < Decimal::ZERO || v > max {
        return Err(invalid_provider(
            field,
            v,
            &format!("must be between 0 and {max}"),
            "52",
        ));
    }
    Ok(v)
}

fn required(
    field: &'static str,
    v: Option<Decimal>,
    max: Decimal,
) -> Result<Decimal, PricingError> {
    match v {
        None => Err(invalid_provider(field, "", "is required", "52")),
        Some(_) => ranged(field, v, max),
    }
}

/// A money amount that is already whole cents, shown with two places (0 → 0.00).
fn cents(v: Decimal) -> Decimal {
    half_up(v, 2)
}

/// A PSF amount field (PIC ...V99): at most two decimals.
fn amount(field: &'static str, v: Option<Decimal>, max: Decimal) -> Result<Decimal, PricingError> {
    let v = ranged(field, v, max)?;
    if v.scale() > 2 && v != half_up(v, 2) {
        return Err(invalid_provider(field, v, "must be in whole cents", "52"));
    }
    Ok(v)
}

fn normalize_code(code: &str) -> String {
    code.trim().replace('.', "").to_uppercase()
}

fn blank(v: &Option<String>) -> bool {
    v.as_deref()
        .is_none_or(|s| s.trim().is_empty() || s.trim().chars().all(|c| c == '0'))
}

impl<'a> Facts<'a> {
    fn gather(
        claim: &'a PricingClaim,
        drg_number: u16,
        p: &Provider,
        t: &'a PaymentTables,
    ) -> Result<Facts<'a>, PricingError> {
        let date = claim.discharge_date;
        // Bill validations (§2).
        if !(0..=999).contains(&claim.length_of_stay) {
            return Err(invalid_claim(
                "length_of_stay",
                claim.length_of_stay,
                "must be between 0 and 999",
                "56",
            ));
        }
        if claim.total_charges < Decimal::ZERO {
            return Err(invalid_claim(
                "total_charges",
                claim.total_charges,
                "must not be negative",
                "58",
            ));
        }
        if claim.total_charges > max_charges() {
            return Err(invalid_claim(
                "total_charges",
                claim.total_charges,
                "exceeds 999999999.99 (PIC 9(9)V99)",
                "58",
            ));
        }
        let ltr = claim.lifetime_reserve_days.unwrap_or(0);
        if !(0..=60).contains(&ltr) {
            return Err(invalid_claim(
                "lifetime_reserve_days",
                ltr,
                "must be between 0 and 60",
                "61",
            ));
        }
        let covered = claim.covered_days.unwrap_or(claim.length_of_stay);
        if covered < 0 || (covered == 0 && claim.length_of_stay > 0) {
            return Err(invalid_claim(
                "covered_days",
                covered,
                "must be positive when the stay has days",
                "62",
            ));
        }
        if ltr > covered {
            return Err(invalid_claim(
                "lifetime_reserve_days",
                ltr,
                "exceeds covered days",
                "62",
            ));
        }
        let review_code = review_code_for(claim)?;
        let drg = t.drg(drg_number, date).ok_or(PricingError::UnknownDrg {
            drg: drg_number,
            fiscal_year: t.fiscal_year,
        })?;
        if drg.relative_weight.is_zero() {
            return Err(PricingError::UngroupableDrg { drg: drg_number });
        }

        // PSF validations.
        if p.waiver_indicator.as_deref() == Some("Y") {
            return Err(PricingError::WaiverState);
        }
        if let Some(eff) = p.effective_date {
            if eff > date {
                return Err(invalid_provider(
                    "effectiveDate",
                    eff,
                    &format!("is after the discharge date {date}"),
                    "55",
                ));
            }
        }
        if let Some(term) = p.termination_date {
            if term <= date {
                return Err(invalid_provider(
                    "terminationDate",
                    term,
                    &format!("is on or before the discharge date {date}"),
                    "55",
                ));
            }
        }
        let provider_type = p
            .provider_type
            .as_deref()
            .map(two_digits)
            .ok_or_else(|| invalid_provider("providerType", "", "is required", "52"))?;
        if provider_type.len() != 2 || !provider_type.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid_provider(
                "providerType",
                &provider_type,
                "must be two digits",
                "52",
            ));
        }
        if ["14", "15"].contains(&provider_type.as_str()) {
            if let Some(expiry) = t.factors.mdh_expiry {
                if date > expiry {
                    return Err(invalid_provider(
                        "providerType",
                        &provider_type,
                        &format!("the MDH program ends {expiry} under current law"),
                        "52",
                    ));
                }
            }
        }
        let state = p
            .state_code
            .as_deref()
            .map(two_digits)
            .ok_or_else(|| invalid_provider("stateCode", "", "is required", "52"))?;
        if state.len() != 2 || !state.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid_provider(
                "stateCode",
                &state,
                "must be two digits",
                "52",
            ));
        }
        let puerto_rico = state == "40";
        let ehr_failed = match p.ehr_reduction_indicator.as_deref().map(str::trim) {
            None | Some("") => false,
            Some("Y") => true,
            Some(other) => {
                return Err(invalid_provider(
                    "ehrReductionIndicator",
                    other,
                    "must be Y or blank",
                    "65",
                ))
            }
        };
        let quality_met = p.hospital_quality_indicator.as_deref().map(str::trim) == Some("1");
        let new_hospital = p.new_hospital.as_deref() == Some("Y");
        if !new_hospital {
            match p.capital_pps_payment_code.as_deref() {
                Some("B") | Some("C") => {}
                other => {
                    return Err(invalid_provider(
                        "capitalPpsPaymentCode",
                        other.unwrap_or(""),
                        "must be B or C (or newHospital Y)",
                        "65",
                    ))
                }
            }
        }
        let cola = if state == "02" || state == "12" {
            let c = required(
                "costOfLivingAdjustment",
                p.cost_of_living_adjustment,
                d(9999, 3),
            )?;
            if c < Decimal::ONE {
                return Err(invalid_provider(
                    "costOfLivingAdjustment",
                    c,
                    "Alaska/Hawaii COLA must be at least 1.000",
                    "52",
                ));
            }
            c
        } else {
            Decimal::ONE
        };
        let op_ccr = required(
            "operatingCostToChargeRatio",
            p.operating_cost_to_charge_ratio,
            d(9999, 3),
        )?;
        let cap_ccr = required(
            "capitalCostToChargeRatio",
            p.capital_cost_to_charge_ratio,
            d(9999, 3),
        )?;

        // §11 program indicators.
        let hrr = match (
            p.hrr_participant_indicator.as_deref().map(str::trim),
            p.hrr_adjustment,
        ) {
            (Some("1"), Some(f)) if puerto_rico => {
                return Err(invalid_provider(
                    "hrrParticipantIndicator",
                    format!("1 ({f})"),
                    "Puerto Rico hospitals are not in HRR",
                    "65",
                ))
            }
            (Some("1"), Some(f)) if f >= d(97, 2) && f <= Decimal::ONE => Some(f),
            (Some("1"), f) => {
                return Err(invalid_provider(
                    "hrrAdjustment",
                    f.map(|v| v.to_string()).unwrap_or_default(),
                    "must be between 0.97 and 1.0 when hrrParticipantIndicator is 1",
                    "65",
                ))
            }
            (Some("0"), f) if f.is_none_or(|v| v.is_zero()) => None,
            (ind, f) => {
                return Err(invalid_provider(
                    "hrrParticipantIndicator",
                    format!(
                        "{} (hrrAdjustment {})",
                        ind.unwrap_or(""),
                        f.map(|v| v.to_string()).unwrap_or_default()
                    ),
                    "must be 1 with a factor in [0.97, 1.0], or 0 with no factor",
                    "65",
                ))
            }
        };
        let vbp = match p.vbp_participant_indicator.as_deref().map(str::trim) {
            Some("N") => None,
            Some("Y") => match p.vbp_adjustment {
                Some(f) if quality_met && !puerto_rico && f >= d(98, 2) && f <= Decimal::TWO => Some(f),
                f => {
                    return Err(invalid_provider(
                        "vbpAdjustment",
                        f.map(|v| v.to_string()).unwrap_or_default(),
                        "VBP Y needs hospitalQualityIndicator 1, a non-Puerto Rico hospital and a factor in [0.98, 2.0]",
                        "68",
                    ))
                }
            },
            other => return Err(invalid_provider("vbpParticipantIndicator", other.unwrap_or(""), "must be Y or N", "68")),
        };
        let hac = p.hac_reduction_participant_indicator.as_deref() == Some("Y");
        if hac && puerto_rico {
            return Err(PricingError::PuertoRicoHac);
        }
        let low_volume = if p.temporary_relief_indicator.as_deref() == Some("Y") {
            let f = p.low_volume_adjustment_factor.unwrap_or(Decimal::ZERO);
            if f <= Decimal::ZERO || f > d(25, 2) {
                return Err(invalid_provider(
                    "lowVolumeAdjustmentFactor",
                    f,
                    "must be in (0, 0.25] when temporaryReliefIndicator is Y",
                    "65",
                ));
            }
            Some(f)
        } else {
            None
        };

        let procedures: Vec<String> = claim
            .procedure_codes
            .iter()
            .map(|c| normalize_code(c))
            .collect();
        let diagnoses: Vec<String> = claim
            .diagnosis_codes
            .iter()
            .map(|c| normalize_code(c))
            .collect();
        let conditions: Vec<String> = claim
            .condition_codes
            .iter()
            .map(|c| normalize_code(c))
            .collect();

        // §4.4 DRG 018 clinical-trial / no-cost product.
        let no_cost_factor = if drg_number == 18 {
            let applies = (t.lists_any("NOCOSTPROD1", CodeType::Diagnosis, &diagnoses)
                && !t.lists_any("NOCOSTPROD2", CodeType::Condition, &conditions))
                || t.lists_any("NOCOSTPROD1", CodeType::Condition, &conditions);
            if applies {
                t.factors.no_cost_product_factor_drg018.ok_or(
                    PricingError::UnknownNoCostFactor {
                        fiscal_year: t.fiscal_year,
                    },
                )?
            } else {
                Decimal::ONE
            }
        } else {
            Decimal::ONE
        };

        let wage = wage_index(p, &provider_type, &state, date, t)?;
        let beds = ranged("bedSize", p.bed_size, d(99999, 0))?;
        if !beds.fract().is_zero() {
            return Err(invalid_provider(
                "bedSize",
                beds,
                "must be a whole number",
                "52",
            ));
        }

        Ok(Facts {
            claim,
            drg,
            review_code,
            provider_type,
            puerto_rico,
            quality_met,
            ehr_failed,
            cola,
            interns_to_beds: ranged("internsToBedsRatio", p.interns_to_beds_ratio, d(99999, 4))?,
            beds,
            ssi: ranged(
                "supplementalSecurityIncomeRatio",
                p.supplemental_security_income_ratio,
                Decimal::ONE,
            )?,
            medicaid: ranged("medicaidRatio", p.medicaid_ratio, Decimal::ONE)?,
            op_ccr,
            cap_ccr,
            ucp: amount(
                "uncompensatedCareAmount",
                p.uncompensated_care_amount,
                d(999_999_999, 2),
            )?,
            facility_rate: amount(
                "ppsFacilitySpecificRate",
                p.pps_facility_specific_rate,
                d(9_999_999, 2),
            )?,
            capital_ime_ratio: ranged(
                "capitalIndirectMedicalEducationRatio",
                p.capital_indirect_medical_education_ratio,
                d(99999, 4),
            )?,
            new_hospital,
            hrr,
            vbp,
            hac,
            low_volume,
            no_cost_factor,
            wage,
            procedures,
            diagnoses,
            conditions,
        })
    }
}

/// §3 wage index derivation.
fn wage_index(
    p: &Provider,
    provider_type: &str,
    state: &str,
    date: Date,
    t: &PaymentTables,
) -> Result<WageIndex, PricingError> {
    let geo = p
        .cbsa_actual_geographic_location
        .clone()
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| invalid_provider("cbsaActualGeographicLocation", "", "is required", "52"))?;
    let spi = p
        .special_payment_indicator
        .as_deref()
        .map(str::trim)
        .unwrap_or("");
    let spi_none = spi.is_empty() || spi == "0";
    // Step 1: out-migration only for hospitals neither reclassified nor with a special WI.
    let outmigration = if blank(&p.cbsa_wage_index_location)
        && blank(&p.cbsa_standardized_amount_location)
        && spi_none
    {
        p.county_code
            .as_deref()
            .and_then(|c| t.outmigration(c.trim(), date))
            .map_or(Decimal::ZERO, |r| r.adjustment)
    } else {
        Decimal::ZERO
    };
    // Step 2.
    let wi_loc = if blank(&p.cbsa_wage_index_location) {
        geo.clone()
    } else {
        p.cbsa_wage_index_location.clone().unwrap_or_default()
    };
    let std_loc = if blank(&p.cbsa_standardized_amount_location) {
        geo.clone()
    } else {
        p.cbsa_standardized_amount_location
            .clone()
            .unwrap_or_default()
    };
    // Step 3.
    let mut cbsa = if spi == "Y" || spi == "D" {
        wi_loc
    } else {
        std_loc.clone()
    };
    let fy_start = Date::fiscal_year_start(t.fiscal_year);
    let unknown = |c: &str| PricingError::UnknownCbsa {
        cbsa: c.to_string(),
        fiscal_year: t.fiscal_year,
        discharge_date: date.to_string(),
    };
    let mut wi;
    if spi == "1" || spi == "2" {
        // Step 4: special wage index from the PSF.
        wi = p.special_wage_index.unwrap_or(Decimal::ZERO);
        if wi <= Decimal::ZERO || wi > d(999999, 4) {
            return Err(invalid_provider(
                "specialWageIndex",
                wi,
                "must be positive when specialPaymentIndicator is 1 or 2",
                "52",
            ));
        }
        if p.effective_date.is_none_or(|e| e < fy_start) {
            return Err(invalid_provider(
                "effectiveDate",
                p.effective_date.map(|e| e.to_string()).unwrap_or_default(),
                &format!(
                    "a special wage index needs a PSF record effective within FY{}",
                    t.fiscal_year
                ),
                "52",
            ));
        }
        cbsa = "SPEC".to_string();
    } else {
        // Steps 5–6.
        let row = t
            .wage_index_row(&cbsa, date)
            .ok_or_else(|| unknown(&cbsa))?;
        wi = if spi == "Y" {
            row.reclassified_wage_index
        } else {
            row.geographic_wage_index
        };
        let state_row_code = if state == "00" { "03" } else { state };
        if let Some(state_row) = t.wage_index_row(state_row_code, date) {
            // 6b rural floor (FY2019 base rule, applied to every location; see README).
            if state_row.geographic_wage_index > wi {
                wi = state_row.geographic_wage_index;
                cbsa = state_row_code.to_string();
            }
            // 6c imputed floor.
            if state_row.imputed_floor_wage_index > Decimal::ZERO
                && state_row.imputed_floor_wage_index > wi
            {
                wi = state_row.imputed_floor_wage_index;
            }
        }
        // 6d out-migration.
        wi += outmigration;
        // 6e 5 % cap on the year-over-year decrease.
        if p.supplemental_wage_index_indicator.as_deref() == Some("1") {
            let prev = p.supplemental_wage_index.unwrap_or(Decimal::ZERO);
            if prev <= Decimal::ZERO {
                return Err(invalid_provider(
                    "supplementalWageIndex",
                    prev,
                    "must be positive when supplementalWageIndexIndicator is 1",
                    "52",
                ));
            }
            let ratio = half_up((wi - prev) / prev, 4);
            if ratio < d(-5, 2) {
                wi = half_up(prev * d(95, 2), 4);
            }
        }
        // Step 7: Indian Health Service hospitals use the Indian rows.
        if provider_type == "08" {
            let loc = if state == "02" { "98" } else { "99" };
            wi = t
                .wage_index_row(loc, date)
                .ok_or_else(|| unknown(loc))?
                .geographic_wage_index;
            cbsa = loc.to_string();
        }
    }
    // Step 8: size from the standardized-amount location.
    let size = if std_loc.trim().len() <= 2 {
        'R'
    } else {
        match t
            .wage_index_row(&std_loc, date)
            .ok_or_else(|| unknown(&std_loc))?
            .size
        {
            Some('L') => 'L',
            _ => 'O',
        }
    };
    Ok(WageIndex {
        value: wi,
        geographic_cbsa: geo,
        cbsa,
        size,
    })
}

/// How a transfer reduces the DRG payment (§7).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Transfer {
    None,
    AcutePerDiem,
    PostAcutePerDiem,
    PostAcuteSpecialPay,
}

/// Which new technologies the claim's codes trigger (§8), with the cost row name paid.
fn new_technologies(f: &Facts, t: &PaymentTables) -> Vec<String> {
    if f.procedures.is_empty() && f.diagnoses.is_empty() && f.conditions.is_empty() {
        return Vec::new();
    }
    // A key is met when the claim has a code of every type it lists (PROC and DIAG: both).
    let met = |key: &str| -> bool {
        t.code_key(key).is_some_and(|types| {
            types.keys().all(|kind| {
                let codes = match kind {
                    CodeType::Procedure => &f.procedures,
                    CodeType::Diagnosis => &f.diagnoses,
                    CodeType::Condition => &f.conditions,
                };
                t.lists_any(key, *kind, codes)
            })
        })
    };
    let mut out = Vec::new();
    for (base, legs) in t.technology_bases() {
        let paid = match base.as_str() {
            "ISLET" | "NOCOSTPROD" => None,
            // Rules read from the pricer source (§8).
            "AVEIR" => {
                met("AVEIR1").then(|| if met("AVEIR2") { "AVEIRH" } else { "AVEIRL" }.to_string())
            }
            "ZEVTERA" => met("ZEVTERA1").then(|| {
                if met("ZEVTERA2") && met("ZEVTERA3") {
                    "ZEVTERAH"
                } else {
                    "ZEVTERAL"
                }
                .to_string()
            }),
            "XACDURO" => (met("XACDURO1")
                && ((met("XACDURO2") && met("XACDURO3")) || (met("XACDURO4") && met("XACDURO5"))))
            .then(|| "XACDURO".to_string()),
            // Other keys: every leg must be met [unverified for multi-leg keys, see README].
            _ => legs.iter().all(|k| met(k)).then(|| base.clone()),
        };
        if let Some(name) = paid {
            out.push(name);
        }
    }
    out
}

/// Pass one of the pricer (or the reconciliation pass with another operating CCR).
fn compute(f: &Facts, t: &PaymentTables, op_ccr: Decimal) -> Result<PaymentResult, PricingError> {
    let fx = &t.factors;
    let claim = f.claim;
    let weight = f.drg.relative_weight;
    let gmlos = f.drg.geometric_mean_los;
    let wi = f.wage.value;
    let mut rtc = "00";

    // §4.2 rate table.
    let above_one = wi > Decimal::ONE;
    let table: u8 = if f.puerto_rico {
        if f.ehr_failed {
            10
        } else {
            9
        }
    } else {
        match (f.quality_met, f.ehr_failed, above_one) {
            (true, false, true) => 1,
            (false, false, true) => 2,
            (true, false, false) => 3,
            (false, false, false) => 4,
            (true, true, true) => 5,
            (false, true, true) => 6,
            (true, true, false) => 7,
            (false, true, false) => 8,
        }
    };
    let rates = t
        .rate_table(table)
        .ok_or(PricingError::Computation("rate table lookup"))?;
    let (labor_pct, non_labor_pct) = if above_one {
        (fx.labor_pct_wi_gt_1, fx.nonlabor_pct_wi_gt_1)
    } else {
        (fx.labor_pct_wi_le_1, fx.nonlabor_pct_wi_le_1)
    };

    // §5 operating.
    let mut fsp_part =
        steps::operating_federal_part(rates.labor, rates.non_labor, wi, f.cola, weight);
    fsp_part = steps::apply_no_cost_factor(fsp_part, f.no_cost_factor);
    let ime = steps::operating_ime_factor(f.interns_to_beds)
        .ok_or(PricingError::Computation("IME power"))?;
    let p = steps::disproportionate_patient_percentage(f.ssi, f.medicaid);
    let mut dsh = steps::operating_dsh_factor(p);
    let mut capped = if f.wage.size == 'R' {
        f.beds < d(500, 0)
    } else {
        f.beds < d(100, 0)
    };
    if f.wage.size == 'R' && ["16", "17", "21", "22"].contains(&f.provider_type.as_str()) {
        capped = true;
    }
    // Rural referral centers are exempt from the cap; MDH type 14 is not (§15 judgement).
    if ["07", "15", "17", "22"].contains(&f.provider_type.as_str()) {
        capped = false;
    }
    if capped {
        dsh = half_up(dsh.min(d(12, 2)), 4);
    }

    // §6 capital.
    let gaf =
        steps::geographic_adjustment_factor(wi).ok_or(PricingError::Computation("GAF power"))?;
    let cap_fed_rate = steps::capital_federal_rate(fx.capital_federal_rate, gaf);
    let cap_cola = steps::capital_cola(f.cola);
    let mut cap_fsp_part =
        steps::capital_federal_part(weight, cap_fed_rate, cap_cola, f.no_cost_factor);
    let cap_ime = steps::capital_ime_factor(f.capital_ime_ratio)
        .ok_or(PricingError::Computation("capital IME power"))?;
    let urban = matches!(f.wage.size, 'O' | 'L') || f.wage.geographic_cbsa.trim().len() > 2;
    let cap_dsh = if urban && f.beds >= d(100, 0) {
        steps::capital_dsh_factor(p).ok_or(PricingError::Computation("capital DSH power"))?
    } else {
        half_up(Decimal::ZERO, 4)
    };

    // §7 transfers.
    let pdd = steps::per_diem_days(claim.length_of_stay);
    let review = f.review_code.as_str();
    let post_acute_review = review == "09" || review == "11";
    let mut kind = Transfer::None;
    let mut transfer_adj = Decimal::ONE;
    let mut discharge_fraction = Decimal::ONE;
    let mut weight_fraction = weight;
    let div = PricingError::Computation("transfer fraction (GMLOS 0)");
    // DRG 789 (neonates died or transferred) is never reduced (§7); we keep all fractions 1.
    if f.drg.drg != 789 {
        if review == "03"
            || review == "06"
            || (post_acute_review && f.drg.post_acute && !f.drg.special_pay)
        {
            let x = steps::transfer_adjustment(pdd, gmlos).ok_or(div.clone())?;
            if x <= Decimal::ONE {
                transfer_adj = x;
                discharge_fraction = x;
                weight_fraction = steps::per_diem_weight_fraction(x, weight);
            }
            kind = if post_acute_review {
                Transfer::PostAcutePerDiem
            } else {
                Transfer::AcutePerDiem
            };
        } else if post_acute_review && f.drg.special_pay {
            let x = steps::transfer_adjustment(pdd, gmlos).ok_or(div.clone())?;
            let df = steps::special_pay_discharge_fraction(pdd, gmlos).ok_or(div.clone())?;
            if df <= Decimal::ONE {
                transfer_adj = x;
                discharge_fraction = df;
                weight_fraction =
                    steps::special_pay_weight_fraction(pdd, gmlos, weight).ok_or(div)?;
            }
            kind = Transfer::PostAcuteSpecialPay;
        }
    }
    let reduced = kind != Transfer::None && Decimal::from(pdd) < gmlos;
    if !reduced {
        kind = Transfer::None;
    }
    let fraction = match kind {
        Transfer::None => Decimal::ONE,
        Transfer::AcutePerDiem | Transfer::PostAcutePerDiem => transfer_adj,
        Transfer::PostAcuteSpecialPay => discharge_fraction,
    };
    if reduced {
        fsp_part = steps::apply_transfer_fraction(fsp_part, fraction);
        cap_fsp_part = steps::apply_transfer_fraction(cap_fsp_part, fraction);
        rtc = match (kind, review) {
            (Transfer::AcutePerDiem, "06") => "06",
            (Transfer::AcutePerDiem, _) => "03",
            (Transfer::PostAcuteSpecialPay, _) => "10",
            _ => "12",
        };
    }

    // §5 operating amounts.
    let pps_fsp = steps::operating_federal_payment(fsp_part);
    let pps_dsh = steps::operating_dsh_payment(pps_fsp, dsh);
    let pps_ime = steps::operating_ime_payment(pps_fsp, ime);
    let base_drg = steps::base_drg_payment(pps_fsp, pps_dsh, pps_ime, f.ucp);

    // §8 new technology.
    let charges = claim.total_charges;
    let technologies = new_technologies(f, t);
    let mut ntap = Decimal::ZERO;
    for name in &technologies {
        if let Some(cost) = t.new_tech_cost(name) {
            let addon = steps::new_technology_addon(
                charges,
                op_ccr,
                base_drg,
                cost.adjustment_factor,
                cost.amount,
            );
            ntap = steps::new_technology_running_sum(ntap, addon);
        }
    }
    ntap = steps::new_technology_cost_cap(ntap, charges, op_ccr, base_drg);
    // Islet isolation add-on (not NTAP): Z006 and islet infusion codes.
    let islet_dx = t.lists_any("ISLET", CodeType::Diagnosis, &f.diagnoses);
    let islet_units = f
        .procedures
        .iter()
        .filter(|c| t.lists_any("ISLET", CodeType::Procedure, std::slice::from_ref(*c)))
        .count();
    let islet = if !islet_dx || islet_units == 0 {
        Decimal::ZERO
    } else if islet_units == 1 {
        d(1884800, 2)
    } else {
        d(3769600, 2)
    };

    // §10 outliers.
    let flt = steps::outlier_fixed_loss_threshold(fx.fixed_loss_threshold, fraction);
    let op_share = steps::cost_to_charge_share(op_ccr, f.cap_ccr);
    let cap_share = steps::cost_to_charge_share(f.cap_ccr, op_ccr);
    let op_dollar =
        steps::operating_dollar_threshold(op_share, flt, labor_pct, non_labor_pct, wi, f.cola);
    let cap_dollar = steps::capital_dollar_threshold(cap_share, cap_cola, gaf, flt);
    let op_cost_outlier =
        steps::operating_cost_outlier_threshold(fsp_part, ime, dsh, op_dollar, f.ucp, ntap);
    let cap_cost_outlier = if f.new_hospital {
        Decimal::ZERO
    } else {
        steps::capital_cost_outlier_threshold(cap_dollar, cap_fsp_part, cap_ime, cap_dsh)
    };
    let op_bill = steps::billed_cost(charges, op_ccr);
    let cap_bill = if f.new_hospital {
        Decimal::ZERO
    } else {
        steps::billed_cost(charges, f.cap_ccr)
    };
    let burn = [927, 928, 929, 933, 934, 935].contains(&f.drg.drg);
    let pct = if burn { d(90, 2) } else { d(80, 2) };
    let mut op_out = steps::outlier_part(op_bill, op_cost_outlier, pct);
    let mut cap_out = steps::outlier_part(cap_bill, cap_cost_outlier, pct);
    if op_bill + cap_bill < op_cost_outlier + cap_cost_outlier
        || ["06", "07", "11"].contains(&review)
    {
        op_out = Decimal::ZERO;
        cap_out = Decimal::ZERO;
    }
    if op_out + cap_out > Decimal::ZERO {
        rtc = if rtc == "03" { "05" } else { "02" };
        let covered = claim.covered_days.unwrap_or(claim.length_of_stay);
        if claim.length_of_stay > covered {
            return Err(PricingError::OutlierBeyondCoveredDays {
                length_of_stay: claim.length_of_stay,
                covered_days: covered,
            });
        }
    }
    let charge_threshold =
        steps::outlier_charge_threshold(cap_cost_outlier, op_cost_outlier, f.cap_ccr, op_ccr);
    let mut pps_outlier = steps::outlier_payment(op_out);
    let cap_outlier = steps::outlier_payment(cap_out);
    // Quirk reproduced from the pricer (§10): a capital-only outlier shows an operating cent.
    if cap_outlier > Decimal::ZERO && pps_outlier.is_zero() {
        pps_outlier = d(1, 2);
    }

    // §6 capital amounts (new hospitals get no capital payment).
    let (cap_fsp, cap_ime_pay, cap_dsh_pay, cap_outlier, cap_total) = if f.new_hospital {
        (
            Decimal::ZERO,
            Decimal::ZERO,
            Decimal::ZERO,
            Decimal::ZERO,
            Decimal::ZERO,
        )
    } else {
        let cap_fsp = steps::capital_federal_payment(cap_fsp_part);
        let ci = steps::capital_adjustment_payment(cap_fsp, cap_ime);
        let cd = steps::capital_adjustment_payment(cap_fsp, cap_dsh);
        (
            cap_fsp,
            ci,
            cd,
            cap_outlier,
            steps::capital_total(cap_fsp, ci, cd, cap_outlier),
        )
    };

    // §9 hospital-specific rate (SCH 16/17, EACH 21/22, MDH 14/15).
    let hsp_types = ["14", "15", "16", "17", "21", "22"];
    let mdh = ["14", "15"].contains(&f.provider_type.as_str());
    let (hsp_update, hsp_rate, pps_hsp) = if hsp_types.contains(&f.provider_type.as_str()) {
        let current = match (f.puerto_rico, f.quality_met, f.ehr_failed) {
            (true, _, false) => fx.update_puerto_rico_ehr_blank,
            (true, _, true) => fx.update_puerto_rico_ehr_y,
            (false, true, false) => fx.update_quality1_ehr_blank,
            (false, true, true) => fx.update_quality1_ehr_y,
            (false, false, false) => fx.update_quality0_ehr_blank,
            (false, false, true) => fx.update_quality0_ehr_y,
        };
        let update = steps::hsp_update_factor(
            current,
            fx.hsp_prior_year_update_product,
            fx.hsp_budget_neutrality_product,
        );
        // Transfer fraction applied to the hospital-specific rate too (§15 judgement).
        let hsp_rate = steps::hospital_specific_rate(
            f.facility_rate,
            update,
            weight_fraction,
            f.no_cost_factor,
        );
        let fsp_rate = steps::federal_rate_for_hsp(
            rates.labor,
            rates.non_labor,
            wi,
            f.cola,
            weight_fraction,
            f.no_cost_factor,
            ime,
            dsh,
            op_out,
        );
        let part = steps::hospital_specific_part(hsp_rate, fsp_rate, f.ucp, mdh);
        (
            Some(update),
            hsp_rate,
            steps::hospital_specific_payment(part),
        )
    } else {
        (None, Decimal::ZERO, Decimal::ZERO)
    };

    // §11 quality programs. SCH/MDH paid on the hospital-specific rate use the
    // hospital-specific amount as the base (42 CFR 412.152; §15 judgement).
    let oper_base = steps::operating_base_drg_payment(fsp_part, ntap);
    let quality_base = if pps_hsp > Decimal::ZERO {
        if mdh {
            half_up(oper_base + pps_hsp, 2)
        } else {
            half_up(hsp_rate + ntap, 2)
        }
    } else {
        oper_base
    };
    let hrr = f.hrr.map_or(Decimal::ZERO, |h| {
        steps::quality_adjustment(h, quality_base)
    });
    let vbp = f.vbp.map_or(Decimal::ZERO, |v| {
        steps::quality_adjustment(v, quality_base)
    });
    let low_volume = f.low_volume.map_or(Decimal::ZERO, |lv| {
        steps::low_volume_payment(
            pps_hsp
                + pps_fsp
                + pps_ime
                + pps_dsh
                + pps_outlier
                + cap_fsp
                + cap_ime_pay
                + cap_dsh_pay
                + cap_outlier
                + f.ucp
                + ntap,
            lv,
        )
    });
    let pre_hac = steps::pre_hac_total(&[
        pps_hsp,
        pps_fsp,
        pps_ime,
        pps_dsh,
        pps_outlier,
        cap_total,
        f.ucp,
        ntap,
        low_volume,
        hrr,
        vbp,
    ]);
    let hac = if f.hac {
        steps::hac_reduction(pre_hac)
    } else {
        Decimal::ZERO
    };
    let total = steps::total_payment(pre_hac, hac, islet);

    Ok(PaymentResult {
        fiscal_year: t.fiscal_year,
        drg: f.drg.drg,
        drg_relative_weight: weight,
        drg_geometric_mean_los: gmlos,
        drg_arithmetic_mean_los: f.drg.arithmetic_mean_los,
        review_code: f.review_code.clone(),
        transfer: match kind {
            Transfer::None => "none",
            Transfer::AcutePerDiem => "acute_per_diem",
            Transfer::PostAcutePerDiem => "post_acute_per_diem",
            Transfer::PostAcuteSpecialPay => "post_acute_special_pay",
        },
        per_diem_days: pdd,
        transfer_adjustment: transfer_adj,
        discharge_fraction,
        drg_weight_fraction: weight_fraction,
        wage_index: wi,
        wage_index_cbsa: f.wage.cbsa.clone(),
        area_size: f.wage.size,
        rate_table: table,
        labor_amount: rates.labor,
        non_labor_amount: rates.non_labor,
        cost_of_living_adjustment: f.cola,
        operating_ime_factor: ime,
        operating_dsh_factor: dsh,
        geographic_adjustment_factor: gaf,
        capital_federal_rate: cap_fed_rate,
        capital_cola: cap_cola,
        capital_ime_factor: cap_ime,
        capital_dsh_factor: cap_dsh,
        hsp_update_factor: hsp_update,
        operating_federal_part: fsp_part,
        capital_federal_part: cap_fsp_part,
        operating_outlier_part: op_out,
        capital_outlier_part: cap_out,
        operating_federal_payment: pps_fsp,
        operating_ime_payment: pps_ime,
        operating_dsh_payment: pps_dsh,
        uncompensated_care_payment: cents(f.ucp),
        hospital_specific_payment: cents(pps_hsp),
        new_technology_payment: cents(ntap),
        new_technologies: technologies,
        operating_outlier_payment: pps_outlier,
        capital_federal_payment: cents(cap_fsp),
        capital_ime_payment: cents(cap_ime_pay),
        capital_dsh_payment: cents(cap_dsh_pay),
        capital_outlier_payment: cents(cap_outlier),
        capital_total_payment: cents(cap_total),
        low_volume_payment: cents(low_volume),
        readmissions_adjustment: cents(hrr),
        value_based_purchasing_adjustment: cents(vbp),
        hac_reduction: cents(hac),
        islet_isolation_payment: cents(islet),
        base_drg_payment: base_drg,
        operating_base_drg_payment: oper_base,
        outlier_fixed_loss_threshold: flt,
        outlier_charge_threshold: charge_threshold,
        total_payment: total,
        pricer_return_code: rtc.to_string(),
    })
}
