//! Validated inputs of one claim: the bill and PSF validations of PAYMENT.md §2 (PSF fields
//! of §1.3, program indicators of §11) and the DRG 018 no-cost factor of §4.4.

use rust_decimal::Decimal;

use super::claim::{review_code_for, two_digits, PricingClaim, ReviewCode};
use super::error::{invalid_provider, PricingError};
use super::math;
use super::needs::check_available;
use super::policy::Policy;
use super::provider::{Provider, ProviderType};
use super::return_code::PricerReturnCode as Rtc;
use super::steps::{self, d};
use super::tables::{CodeType, DrgEntry, PaymentTables};
use super::wage_index::{wage_index, WageIndex};
use crate::codes::normalize;
use crate::date::Date;

/// Everything the payment steps read about one claim, validated once before pass 1.
pub(super) struct Facts<'a> {
    pub(super) claim: &'a PricingClaim,
    pub(super) drg: &'a DrgEntry,
    pub(super) review_code: ReviewCode,
    pub(super) hospital: Hospital,
    pub(super) programs: Programs,
    pub(super) ratios: Ratios,
    pub(super) codes: ClaimCodes,
    /// §4.4 DRG 018 no-cost-product factor (1 unless the rule applies).
    pub(super) no_cost_factor: Decimal,
    /// COVID-19 operating DRG weight factor (1 unless the CARES Act add-on applies).
    pub(super) covid_factor: Decimal,
    /// The claim qualifies for the new COVID-19 treatments add-on (NCTAP).
    pub(super) nctap: bool,
    pub(super) wage: WageIndex,
    /// The fiscal-year rules that price this discharge.
    pub(super) policy: Policy,
}

/// PSF identity and flags (§1.3): provider type, state, quality/EHR flags, COLA, CCRs.
pub(super) struct Hospital {
    pub(super) provider_type: ProviderType,
    pub(super) puerto_rico: bool,
    pub(super) quality_met: bool,
    pub(super) ehr_failed: bool,
    pub(super) new_hospital: bool,
    pub(super) cola: Decimal,
    pub(super) op_ccr: Decimal,
    pub(super) cap_ccr: Decimal,
}

/// §11 program factors: readmissions, value-based purchasing, HAC, low volume.
pub(super) struct Programs {
    pub(super) hrr: Option<Decimal>,
    pub(super) vbp: Option<Decimal>,
    pub(super) hac: bool,
    pub(super) low_volume: Option<Decimal>,
}

/// PSF ratios and amounts checked against their COBOL PICs (§1.3).
pub(super) struct Ratios {
    pub(super) beds: Decimal,
    pub(super) interns_to_beds: Decimal,
    pub(super) ssi: Decimal,
    pub(super) medicaid: Decimal,
    pub(super) ucp: Decimal,
    pub(super) facility_rate: Decimal,
    pub(super) capital_ime_ratio: Decimal,
}

/// Claim codes upper-case without dots (§8 comparisons).
#[cfg_attr(test, derive(Default))]
pub(super) struct ClaimCodes {
    pub(super) procedures: Vec<String>,
    pub(super) diagnoses: Vec<String>,
    pub(super) conditions: Vec<String>,
}

impl ClaimCodes {
    /// The claim carries no procedure, diagnosis or condition code.
    fn is_empty(&self) -> bool {
        self.procedures.is_empty() && self.diagnoses.is_empty() && self.conditions.is_empty()
    }
}

/// Largest covered charges the pricer accepts: 999,999,999.99 (PIC 9(9)V99).
fn max_charges() -> Decimal {
    d(99_999_999_999, 2)
}

fn invalid_claim(
    field: &'static str,
    value: impl ToString,
    reason: &str,
    rtc: Rtc,
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
    if math::is_negative(v) || v > max {
        return Err(invalid_provider(
            field,
            v,
            &format!("must be between 0 and {max}"),
            Rtc::InvalidProviderData,
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
        None => Err(invalid_provider(
            field,
            "",
            "is required",
            Rtc::InvalidProviderData,
        )),
        Some(_) => ranged(field, v, max),
    }
}

/// A PSF amount field (PIC ...V99): at most two decimals.
fn amount(field: &'static str, v: Option<Decimal>, max: Decimal) -> Result<Decimal, PricingError> {
    let v = ranged(field, v, max)?;
    if v.scale() > 2 && v != steps::cents(v) {
        return Err(invalid_provider(
            field,
            v,
            "must be in whole cents",
            Rtc::InvalidProviderData,
        ));
    }
    Ok(v)
}

/// Codes in canonical form (the grouper's one normaliser: upper case, no dots).
fn normalize_codes(codes: &[String]) -> Vec<String> {
    codes.iter().map(|c| normalize(c)).collect()
}

impl<'a> Facts<'a> {
    /// Validate the claim and its PSF record in the pricer's order; the first failure wins.
    pub(super) fn gather(
        claim: &'a PricingClaim,
        drg_number: u16,
        p: &Provider,
        t: &'a PaymentTables,
    ) -> Result<Facts<'a>, PricingError> {
        let date = claim.discharge_date;
        validate_bill(claim)?;
        let review_code = review_code_for(claim)?;
        let drg = t.drg(drg_number, date).ok_or(PricingError::UnknownDrg {
            drg: drg_number,
            fiscal_year: t.fiscal_year,
        })?;
        // A DRG with weight 0 (998, 999 in CMS's tables) is priced like any other: the CMS
        // pricer pays its weight-independent parts (uncompensated care) with RTC 00/14.
        let (hospital, state) = Hospital::validate(p, date, t)?;
        let programs = Programs::validate(p, hospital.quality_met, hospital.puerto_rico)?;
        let codes = ClaimCodes {
            procedures: normalize_codes(&claim.procedure_codes),
            diagnoses: normalize_codes(&claim.diagnosis_codes),
            conditions: normalize_codes(&claim.condition_codes),
        };
        let policy = Policy::for_fiscal_year(t.fiscal_year);
        // A partial year: every table and factor this claim needs must be loaded (`needs`).
        check_available(t, p, hospital.provider_type, !codes.is_empty())?;
        let no_cost_factor = no_cost_factor(drg_number, &codes, t, &policy)?;
        let covid_factor = covid_factor(&codes, t, date);
        let nctap = policy.nctap_fy2021_windows
            && covid_factor > Decimal::ONE
            && nctap_eligible(&codes, t, date);
        let wage = wage_index(p, hospital.provider_type, &state, date, t)?;
        let ratios = Ratios::validate(p)?;
        Ok(Facts {
            claim,
            drg,
            review_code,
            hospital,
            programs,
            ratios,
            codes,
            no_cost_factor,
            covid_factor,
            nctap,
            wage,
            policy,
        })
    }
}

/// §2 bill validations: LOS (56), charges (58), lifetime reserve days (61), covered days (62).
fn validate_bill(claim: &PricingClaim) -> Result<(), PricingError> {
    if !(0..=999).contains(&claim.length_of_stay) {
        return Err(invalid_claim(
            "length_of_stay",
            claim.length_of_stay,
            "must be between 0 and 999",
            Rtc::InvalidLengthOfStay,
        ));
    }
    if math::is_negative(claim.total_charges) {
        return Err(invalid_claim(
            "total_charges",
            claim.total_charges,
            "must not be negative",
            Rtc::InvalidCharges,
        ));
    }
    if claim.total_charges > max_charges() {
        return Err(invalid_claim(
            "total_charges",
            claim.total_charges,
            "exceeds 999999999.99 (PIC 9(9)V99)",
            Rtc::InvalidCharges,
        ));
    }
    let ltr = claim.lifetime_reserve_days.unwrap_or(0);
    if !(0..=60).contains(&ltr) {
        return Err(invalid_claim(
            "lifetime_reserve_days",
            ltr,
            "must be between 0 and 60",
            Rtc::InvalidLifetimeReserveDays,
        ));
    }
    let covered = claim.covered_days.unwrap_or(claim.length_of_stay);
    if covered < 0 || (covered == 0 && claim.length_of_stay > 0) {
        return Err(invalid_claim(
            "covered_days",
            covered,
            "must be positive when the stay has days",
            Rtc::InvalidCoveredDays,
        ));
    }
    if ltr > covered {
        return Err(invalid_claim(
            "lifetime_reserve_days",
            ltr,
            "exceeds covered days",
            Rtc::InvalidCoveredDays,
        ));
    }
    Ok(())
}

impl Hospital {
    /// PSF validations of §2 in order; also returns the two-digit state code for §3.
    fn validate(
        p: &Provider,
        date: Date,
        t: &PaymentTables,
    ) -> Result<(Hospital, String), PricingError> {
        if p.waiver_indicator.as_deref() == Some("Y") {
            return Err(PricingError::WaiverState);
        }
        record_in_effect(p, date)?;
        let provider_type = provider_type(p, date, t)?;
        let state = state_code(p)?;
        // PR's state codes in a CCN are 40 and 84 (PPCAL215 `P-PR-NEW-STATE`).
        let puerto_rico = matches!(state.as_str(), "40" | "84");
        let ehr_failed = ehr_failed(p)?;
        let quality_met = p.hospital_quality_indicator.as_deref().map(str::trim) == Some("1");
        let new_hospital = p.new_hospital.as_deref() == Some("Y");
        if !new_hospital {
            capital_pay_code(p)?;
        }
        let cola = cost_of_living_adjustment(p, &state)?;
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
        let hospital = Hospital {
            provider_type,
            puerto_rico,
            quality_met,
            ehr_failed,
            new_hospital,
            cola,
            op_ccr,
            cap_ccr,
        };
        Ok((hospital, state))
    }
}

/// RTC 55: the PSF record must be effective and not terminated on the discharge date.
fn record_in_effect(p: &Provider, date: Date) -> Result<(), PricingError> {
    if let Some(eff) = p.effective_date {
        if eff > date {
            return Err(invalid_provider(
                "effectiveDate",
                eff,
                &format!("is after the discharge date {date}"),
                Rtc::InvalidDischargeDate,
            ));
        }
    }
    if let Some(term) = p.termination_date {
        if term <= date {
            return Err(invalid_provider(
                "terminationDate",
                term,
                &format!("is on or before the discharge date {date}"),
                Rtc::InvalidDischargeDate,
            ));
        }
    }
    Ok(())
}

/// `providerType`: two digits (RTC 52); an MDH after the program's expiry is RTC 52 (§9).
fn provider_type(
    p: &Provider,
    date: Date,
    t: &PaymentTables,
) -> Result<ProviderType, PricingError> {
    let code = p.provider_type.as_deref().ok_or_else(|| {
        invalid_provider("providerType", "", "is required", Rtc::InvalidProviderData)
    })?;
    let provider_type = ProviderType::parse(code).ok_or_else(|| {
        invalid_provider(
            "providerType",
            two_digits(code),
            "must be two digits",
            Rtc::InvalidProviderData,
        )
    })?;
    if provider_type.is_medicare_dependent() {
        if let Some(expiry) = t.factors.mdh_expiry {
            if date > expiry {
                return Err(invalid_provider(
                    "providerType",
                    provider_type,
                    &format!("the MDH program ends {expiry} under current law"),
                    Rtc::InvalidProviderData,
                ));
            }
        }
    }
    Ok(provider_type)
}

/// `stateCode`: two digits, required (RTC 52).
fn state_code(p: &Provider) -> Result<String, PricingError> {
    let state = p.state_code.as_deref().map(two_digits).ok_or_else(|| {
        invalid_provider("stateCode", "", "is required", Rtc::InvalidProviderData)
    })?;
    if state.len() != 2 || !state.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid_provider(
            "stateCode",
            &state,
            "must be two digits",
            Rtc::InvalidProviderData,
        ));
    }
    Ok(state)
}

/// §2 step 2: `ehrReductionIndicator` Y (failed EHR) or blank, else RTC 65.
fn ehr_failed(p: &Provider) -> Result<bool, PricingError> {
    match p.ehr_reduction_indicator.as_deref().map(str::trim) {
        None | Some("") => Ok(false),
        Some("Y") => Ok(true),
        Some(other) => Err(invalid_provider(
            "ehrReductionIndicator",
            other,
            "must be Y or blank",
            Rtc::InvalidProgramIndicator,
        )),
    }
}

/// `capitalPpsPaymentCode` B or C for a hospital that is not new (RTC 65).
fn capital_pay_code(p: &Provider) -> Result<(), PricingError> {
    match p.capital_pps_payment_code.as_deref() {
        Some("B") | Some("C") => Ok(()),
        other => Err(invalid_provider(
            "capitalPpsPaymentCode",
            other.unwrap_or(""),
            "must be B or C (or newHospital Y)",
            Rtc::InvalidProgramIndicator,
        )),
    }
}

/// §4.1 operating COLA: the PSF value (≥ 1.000, required) in Alaska and Hawaii, else 1.
fn cost_of_living_adjustment(p: &Provider, state: &str) -> Result<Decimal, PricingError> {
    if state != "02" && state != "12" {
        return Ok(Decimal::ONE);
    }
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
            Rtc::InvalidProviderData,
        ));
    }
    Ok(c)
}

impl Programs {
    /// §11 program indicators in the pricer's order: HRR (65), VBP (68), HAC (53), low volume (65).
    fn validate(
        p: &Provider,
        quality_met: bool,
        puerto_rico: bool,
    ) -> Result<Programs, PricingError> {
        let hrr = readmissions_factor(p, puerto_rico)?;
        let vbp = value_based_purchasing_factor(p, quality_met, vbp_excluded_state(p))?;
        let hac = p.hac_reduction_participant_indicator.as_deref() == Some("Y");
        if hac && puerto_rico {
            return Err(PricingError::PuertoRicoHac);
        }
        let low_volume = low_volume_factor(p)?;
        Ok(Programs {
            hrr,
            vbp,
            hac,
            low_volume,
        })
    }
}

/// §11 HRR: indicator 1 with a factor in [0.97, 1.0], or 0 with no factor; else RTC 65.
fn readmissions_factor(p: &Provider, puerto_rico: bool) -> Result<Option<Decimal>, PricingError> {
    match (
        p.hrr_participant_indicator.as_deref().map(str::trim),
        p.hrr_adjustment,
    ) {
        (Some("1"), Some(f)) if puerto_rico => Err(invalid_provider(
            "hrrParticipantIndicator",
            format!("1 ({f})"),
            "Puerto Rico hospitals are not in HRR",
            Rtc::InvalidProgramIndicator,
        )),
        (Some("1"), Some(f)) if f >= d(97, 2) && f <= Decimal::ONE => Ok(Some(f)),
        (Some("1"), f) => Err(invalid_provider(
            "hrrAdjustment",
            f.map(|v| v.to_string()).unwrap_or_default(),
            "must be between 0.97 and 1.0 when hrrParticipantIndicator is 1",
            Rtc::InvalidProgramIndicator,
        )),
        (Some("0"), f) if f.is_none_or(|v| v.is_zero()) => Ok(None),
        (ind, f) => Err(invalid_provider(
            "hrrParticipantIndicator",
            format!(
                "{} (hrrAdjustment {})",
                ind.unwrap_or(""),
                f.map(|v| v.to_string()).unwrap_or_default()
            ),
            "must be 1 with a factor in [0.97, 1.0], or 0 with no factor",
            Rtc::InvalidProgramIndicator,
        )),
    }
}

/// Hospitals outside the VBP program by state: Maryland (21, 80) and Puerto Rico (40, 84)
/// (PPCAL215 `P-VBP-INVALID-STATE`, the CCN's state digits).
fn vbp_excluded_state(p: &Provider) -> bool {
    let ccn_state = p.provider_ccn.as_deref().and_then(|c| c.trim().get(..2));
    let state = ccn_state.or(p.state_code.as_deref().map(str::trim));
    matches!(state, Some("21" | "80" | "40" | "84"))
}

/// §11 VBP: N → none; Y needs quality 1, a state in the program and a factor in [0.98, 2.0];
/// else RTC 68.
fn value_based_purchasing_factor(
    p: &Provider,
    quality_met: bool,
    excluded_state: bool,
) -> Result<Option<Decimal>, PricingError> {
    match p.vbp_participant_indicator.as_deref().map(str::trim) {
        Some("N") => Ok(None),
        Some("Y") => match p.vbp_adjustment {
            Some(f) if quality_met && !excluded_state && f >= d(98, 2) && f <= Decimal::TWO => Ok(Some(f)),
            f => Err(invalid_provider(
                "vbpAdjustment",
                f.map(|v| v.to_string()).unwrap_or_default(),
                "VBP Y needs hospitalQualityIndicator 1, a state in the program (not Maryland or Puerto Rico) and a factor in [0.98, 2.0]",
                Rtc::InvalidValueBasedPurchasing,
            )),
        },
        other => Err(invalid_provider("vbpParticipantIndicator", other.unwrap_or(""), "must be Y or N", Rtc::InvalidValueBasedPurchasing)),
    }
}

/// §11 low volume: `temporaryReliefIndicator` Y with a factor in (0, 0.25]; any other factor
/// pays no add-on and is not an error (CMS pricer, PPCAL215 3800).
fn low_volume_factor(p: &Provider) -> Result<Option<Decimal>, PricingError> {
    if p.temporary_relief_indicator.as_deref() != Some("Y") {
        return Ok(None);
    }
    let f = p.low_volume_adjustment_factor.unwrap_or(Decimal::ZERO);
    Ok((math::is_positive(f) && f <= d(25, 2)).then_some(f))
}

/// §4.4 DRG 018 clinical-trial / no-cost product factor (RTC 54 when the year's value is unknown).
fn no_cost_factor(
    drg_number: u16,
    codes: &ClaimCodes,
    t: &PaymentTables,
    policy: &Policy,
) -> Result<Decimal, PricingError> {
    if drg_number != 18 {
        return Ok(Decimal::ONE);
    }
    let diagnoses = if policy.no_cost_diagnosis_secondary_only {
        codes.diagnoses.get(1..).unwrap_or(&[])
    } else {
        &codes.diagnoses[..]
    };
    let applies = (t.lists_any("NOCOSTPROD1", CodeType::Diagnosis, diagnoses)
        && !t.lists_any("NOCOSTPROD2", CodeType::Condition, &codes.conditions))
        || t.lists_any("NOCOSTPROD1", CodeType::Condition, &codes.conditions);
    if !applies {
        return Ok(Decimal::ONE);
    }
    t.factors
        .no_cost_product_factor_drg018
        .ok_or(PricingError::UnknownNoCostFactor {
            fiscal_year: t.fiscal_year,
        })
}

impl Facts<'_> {
    /// The factor on the operating (and hospital-specific) DRG weight: the DRG 018 no-cost
    /// factor times the COVID-19 factor; capital takes only the first (PPCAL215 3300, 3000).
    pub(super) fn operating_weight_factor(&self) -> Decimal {
        self.no_cost_factor * self.covid_factor
    }
}

/// The CARES Act 20 % add-on to the operating DRG weight for a COVID-19 diagnosis (`COVID2`
/// DIAG, U071) without condition code ZA (`COVID1` COND), discharged in the public health
/// emergency (after 2020-03-31, through 2023-05-11), where the year's tables give the factor
/// (PPCAL215 2700-COVID-DRG-ADJ; the Java pricer's DetermineCovidAdjustment2023).
fn covid_factor(codes: &ClaimCodes, t: &PaymentTables, date: Date) -> Decimal {
    let in_emergency = Date::new(2020, 3, 31).is_some_and(|start| date > start)
        && Date::new(2023, 5, 11).is_some_and(|end| date <= end);
    let applies = in_emergency
        && t.lists_any("COVID2", CodeType::Diagnosis, &codes.diagnoses)
        && !t.lists_any("COVID1", CodeType::Condition, &codes.conditions);
    match t.factors.covid_adjustment_factor {
        Some(factor) if applies => factor,
        _ => Decimal::ONE,
    }
}

/// NCTAP procedures by date window (PPCAL215 3650): `COVID1` procedures from 2020-11-02,
/// `COVID2` procedures from 2020-11-19 to 2020-12-31, `COVID3` procedures from 2021-01-01.
fn nctap_eligible(codes: &ClaimCodes, t: &PaymentTables, date: Date) -> bool {
    let on = |y, m, d| Date::new(y, m, d).unwrap_or(date);
    let procedures = |key: &str| t.lists_any(key, CodeType::Procedure, &codes.procedures);
    (date >= on(2020, 11, 2) && procedures("COVID1"))
        || (date >= on(2020, 11, 19) && date <= on(2020, 12, 31) && procedures("COVID2"))
        || (date >= on(2021, 1, 1) && procedures("COVID3"))
}

impl Ratios {
    /// Bed size (whole, ≤ 99999), ratios and amounts against their PICs (RTC 52).
    fn validate(p: &Provider) -> Result<Ratios, PricingError> {
        let beds = ranged("bedSize", p.bed_size, d(99999, 0))?;
        if !beds.fract().is_zero() {
            return Err(invalid_provider(
                "bedSize",
                beds,
                "must be a whole number",
                Rtc::InvalidProviderData,
            ));
        }
        Ok(Ratios {
            beds,
            interns_to_beds: ranged("internsToBedsRatio", p.interns_to_beds_ratio, d(99999, 4))?,
            ssi: ranged(
                "supplementalSecurityIncomeRatio",
                p.supplemental_security_income_ratio,
                Decimal::ONE,
            )?,
            medicaid: ranged("medicaidRatio", p.medicaid_ratio, Decimal::ONE)?,
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
        })
    }
}

/// One pass of claim pricing: the validated facts, the year's tables and the operating CCR
/// (the PSF value, or CCR + 0.2 in the reconciliation pass).
#[derive(Clone, Copy)]
pub(super) struct Pass<'a> {
    pub(super) facts: &'a Facts<'a>,
    pub(super) tables: &'a PaymentTables,
    pub(super) op_ccr: Decimal,
}
