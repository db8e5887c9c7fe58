//! Hospital (provider-specific file, PSF) records with the CMS IPPS pricer's JSON field names
//! (PAYMENT.md §1.3), and provider files keyed by CCN: CSV with those names as header, JSON
//! Lines, or CMS's public IPSF CSV export (68 snake_case columns).

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::claim::two_digits;
use super::de;
use super::delimited::{each_record, Record, MAX_RECORD_BYTES};
use super::error::{PricingError, TableError};
use crate::date::Date;

/// One provider-specific record. Absent values are `None`; blank PSF numerics mean zero and
/// are read as absent. Which fields are required is decided when pricing, per rule.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Provider {
    /// CMS certification number (CCN) the record belongs to.
    #[serde(
        default,
        deserialize_with = "de::opt_code",
        skip_serializing_if = "Option::is_none"
    )]
    pub provider_ccn: Option<String>,
    /// `P-NEW-EFF-DATE`: first discharge date the record applies to (RTC 55 before it).
    #[serde(
        default,
        deserialize_with = "de::opt_date",
        skip_serializing_if = "Option::is_none"
    )]
    pub effective_date: Option<Date>,
    /// Start of the hospital's cost-reporting fiscal year (not used in pricing).
    #[serde(
        default,
        deserialize_with = "de::opt_date",
        skip_serializing_if = "Option::is_none"
    )]
    pub fiscal_year_begin_date: Option<Date>,
    /// `P-NEW-TERMINATION-DATE`: discharges on or after it are RTC 55.
    #[serde(
        default,
        deserialize_with = "de::opt_date",
        skip_serializing_if = "Option::is_none"
    )]
    pub termination_date: Option<Date>,
    /// `P-NEW-WAIVER-CODE`: Y (Maryland waiver) → RTC 53, not priced under IPPS.
    #[serde(
        default,
        deserialize_with = "de::opt_code",
        skip_serializing_if = "Option::is_none"
    )]
    pub waiver_indicator: Option<String>,
    /// `P-NEW-PROVIDER-TYPE`: two digits, read as [`ProviderType`] (required, RTC 52).
    #[serde(
        default,
        deserialize_with = "de::opt_code",
        skip_serializing_if = "Option::is_none"
    )]
    pub provider_type: Option<String>,
    /// `P-NEW-STATE-CODE`: two digits; COLA states 02/12, Puerto Rico 40, rural-floor row (required).
    #[serde(
        default,
        deserialize_with = "de::opt_code",
        skip_serializing_if = "Option::is_none"
    )]
    pub state_code: Option<String>,
    /// `P-NEW-COUNTY-CODE`: FIPS state+county, for the out-migration adjustment (§3 step 1).
    #[serde(
        default,
        deserialize_with = "de::opt_code",
        skip_serializing_if = "Option::is_none"
    )]
    pub county_code: Option<String>,
    /// `P-NEW-CBSA-GEO-LOC`: where the hospital is (required); default for the two locations below.
    #[serde(
        default,
        deserialize_with = "de::opt_code",
        skip_serializing_if = "Option::is_none"
    )]
    pub cbsa_actual_geographic_location: Option<String>,
    /// `P-NEW-CBSA-RECLASS-LOC`: wage-index CBSA for reclassified (Y) and dual (D) hospitals.
    #[serde(
        default,
        deserialize_with = "de::opt_code",
        skip_serializing_if = "Option::is_none"
    )]
    pub cbsa_wage_index_location: Option<String>,
    /// `P-NEW-CBSA-STAND-AMT-LOC`: CBSA for the wage index otherwise, and the urban/rural size.
    #[serde(
        default,
        deserialize_with = "de::opt_code",
        skip_serializing_if = "Option::is_none"
    )]
    pub cbsa_standardized_amount_location: Option<String>,
    /// `P-NEW-CBSA-SPEC-PAY-IND`: Y reclassified, D dual, 1/2 special wage index, blank/0 none.
    #[serde(
        default,
        deserialize_with = "de::opt_code",
        skip_serializing_if = "Option::is_none"
    )]
    pub special_payment_indicator: Option<String>,
    /// `P-NEW-CBSA-SPEC-WAGE-INDEX`: the wage index when the special payment indicator is 1 or 2.
    #[serde(
        default,
        deserialize_with = "de::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub special_wage_index: Option<Decimal>,
    /// `P-NEW-SUPP-WI`: prior-year wage index for the 5 % decrease cap (§3 6e).
    #[serde(
        default,
        deserialize_with = "de::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub supplemental_wage_index: Option<Decimal>,
    /// `P-NEW-SUPP-WI-IND`: 1 applies the 5 % decrease cap.
    #[serde(
        default,
        deserialize_with = "de::opt_code",
        skip_serializing_if = "Option::is_none"
    )]
    pub supplemental_wage_index_indicator: Option<String>,
    /// `P-NEW-CBSA-HOSP-QUAL-IND`: 1 = met IQR reporting (rate table, HSP update, VBP).
    #[serde(
        default,
        deserialize_with = "de::opt_code",
        skip_serializing_if = "Option::is_none"
    )]
    pub hospital_quality_indicator: Option<String>,
    /// `P-EHR-REDUC-IND`: Y = failed EHR meaningful use (reduced rates); Y or blank only (RTC 65).
    #[serde(
        default,
        deserialize_with = "de::opt_code",
        skip_serializing_if = "Option::is_none"
    )]
    pub ehr_reduction_indicator: Option<String>,
    /// `P-NEW-COLA`: Alaska/Hawaii cost-of-living factor (required ≥ 1.000 there).
    #[serde(
        default,
        deserialize_with = "de::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub cost_of_living_adjustment: Option<Decimal>,
    /// `P-NEW-INTERN-RATIO`: residents per bed, for the operating IME factor (§5).
    #[serde(
        default,
        deserialize_with = "de::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub interns_to_beds_ratio: Option<Decimal>,
    /// `P-NEW-BED-SIZE`: beds, for the DSH cap and capital DSH eligibility.
    #[serde(
        default,
        deserialize_with = "de::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub bed_size: Option<Decimal>,
    /// `P-NEW-SSI-RATIO`: SSI share of Medicare days, for DSH (§5, §6).
    #[serde(
        default,
        deserialize_with = "de::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub supplemental_security_income_ratio: Option<Decimal>,
    /// `P-NEW-MEDICAID-RATIO`: Medicaid share of days, for DSH (§5, §6).
    #[serde(
        default,
        deserialize_with = "de::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub medicaid_ratio: Option<Decimal>,
    /// `P-NEW-OPER-CSTCHG-RATIO`: operating CCR for outliers and NTAP (required).
    #[serde(
        default,
        deserialize_with = "de::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub operating_cost_to_charge_ratio: Option<Decimal>,
    /// `P-NEW-CAPI-CSTCHG-RATIO`: capital CCR for outliers (required).
    #[serde(
        default,
        deserialize_with = "de::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub capital_cost_to_charge_ratio: Option<Decimal>,
    /// `P-UNCOMP-CARE-AMOUNT`: per-claim uncompensated care payment, whole cents.
    #[serde(
        default,
        deserialize_with = "de::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub uncompensated_care_amount: Option<Decimal>,
    /// `P-NEW-FAC-SPEC-RATE`: SCH/EACH/MDH hospital-specific rate (§9), whole cents.
    #[serde(
        default,
        deserialize_with = "de::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub pps_facility_specific_rate: Option<Decimal>,
    /// `P-NEW-CAPI-PPS-PAY-CODE`: B or C (100 % federal); required unless a new hospital (RTC 65).
    #[serde(
        default,
        deserialize_with = "de::opt_code",
        skip_serializing_if = "Option::is_none"
    )]
    pub capital_pps_payment_code: Option<String>,
    /// `P-NEW-CAPI-IME`: ratio for the capital IME factor (§6).
    #[serde(
        default,
        deserialize_with = "de::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub capital_indirect_medical_education_ratio: Option<Decimal>,
    /// `P-NEW-CAPI-NEW-HOSP`: Y → no capital payment (§6).
    #[serde(
        default,
        deserialize_with = "de::opt_code",
        skip_serializing_if = "Option::is_none"
    )]
    pub new_hospital: Option<String>,
    /// Capital exception payment rate (passed through by the pricer; not used).
    #[serde(
        default,
        deserialize_with = "de::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub capital_exception_payment_rate: Option<Decimal>,
    /// Old capital hold-harmless rate (obsolete pay code A; not used).
    #[serde(
        default,
        deserialize_with = "de::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub old_capital_hold_harmless_rate: Option<Decimal>,
    /// `P-HOSP-READMISSION-REDU`: 1 = in the readmissions program, 0 = not (§11).
    #[serde(
        default,
        deserialize_with = "de::opt_code",
        skip_serializing_if = "Option::is_none"
    )]
    pub hrr_participant_indicator: Option<String>,
    /// `P-HOSP-HRR-ADJUSTMT`: readmissions factor, 0.97–1.0 when the indicator is 1.
    #[serde(
        default,
        deserialize_with = "de::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub hrr_adjustment: Option<Decimal>,
    /// `P-VAL-BASED-PURCH-PARTIPNT`: Y or N (RTC 68 otherwise).
    #[serde(
        default,
        deserialize_with = "de::opt_code",
        skip_serializing_if = "Option::is_none"
    )]
    pub vbp_participant_indicator: Option<String>,
    /// `P-VAL-BASED-PURCH-ADJUST`: value-based purchasing factor, 0.98–2.0 when Y.
    #[serde(
        default,
        deserialize_with = "de::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub vbp_adjustment: Option<Decimal>,
    /// `P-HAC-REDUC-IND`: Y → the 1 % HAC reduction (§11).
    #[serde(
        default,
        deserialize_with = "de::opt_code",
        skip_serializing_if = "Option::is_none"
    )]
    pub hac_reduction_participant_indicator: Option<String>,
    /// `P-NEW-TEMP-RELIEF-IND`: Y → low-volume add-on with the factor below.
    #[serde(
        default,
        deserialize_with = "de::opt_code",
        skip_serializing_if = "Option::is_none"
    )]
    pub temporary_relief_indicator: Option<String>,
    /// `P-LV-ADJ-FACTOR`: low-volume factor, in (0, 0.25] when the indicator is Y.
    #[serde(
        default,
        deserialize_with = "de::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub low_volume_adjustment_factor: Option<Decimal>,
    /// `P-MODEL1-BUNDLE-DISPRCNT`: BPCI model 1 discount (no effect since 2017; not used).
    #[serde(
        default,
        deserialize_with = "de::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub bundle_model1_discount: Option<Decimal>,
    /// `P-NEW-PASS-AMT-*` total (web pricer only; not used).
    #[serde(
        default,
        deserialize_with = "de::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub pass_through_total_amount: Option<Decimal>,
}

/// IPSF export column → CMS pricer JSON field name (PAYMENT.md §1.3). Columns not listed
/// (MSA-era locations, census division, pass-through parts …) are not used by IPPS pricing.
const IPSF_COLUMNS: &[(&str, &str)] = &[
    ("provider_ccn", "providerCcn"),
    ("effective_date", "effectiveDate"),
    ("fiscal_year_begin_date", "fiscalYearBeginDate"),
    ("termination_date", "terminationDate"),
    ("waiver_indicator", "waiverIndicator"),
    ("provider_type", "providerType"),
    ("temporary_relief_indicator", "temporaryReliefIndicator"),
    ("state_code", "stateCode"),
    ("pps_facility_specific_rate", "ppsFacilitySpecificRate"),
    ("cost_of_living_adjustment", "costOfLivingAdjustment"),
    ("interns_to_beds_ratio", "internsToBedsRatio"),
    ("bed_size", "bedSize"),
    (
        "operating_cost_to_charge_ratio",
        "operatingCostToChargeRatio",
    ),
    (
        "supplemental_security_income_ratio",
        "supplementalSecurityIncomeRatio",
    ),
    ("medicaid_ratio", "medicaidRatio"),
    ("special_payment_indicator", "specialPaymentIndicator"),
    ("hosp_quality_indicator", "hospitalQualityIndicator"),
    (
        "cbsa_actual_geographic_location",
        "cbsaActualGeographicLocation",
    ),
    ("cbsa_wi_location", "cbsaWageIndexLocation"),
    (
        "cbsa_standardized_amount_location",
        "cbsaStandardizedAmountLocation",
    ),
    ("special_wage_index", "specialWageIndex"),
    ("pass_through_total_amount", "passThroughTotalAmount"),
    ("capital_pps_payment_code", "capitalPpsPaymentCode"),
    (
        "old_capital_hold_harmless_rate",
        "oldCapitalHoldHarmlessRate",
    ),
    ("capital_cost_to_charge_ratio", "capitalCostToChargeRatio"),
    ("new_hospital", "newHospital"),
    (
        "capital_indirect_medical_education_ratio",
        "capitalIndirectMedicalEducationRatio",
    ),
    (
        "capital_exception_payment_rate",
        "capitalExceptionPaymentRate",
    ),
    ("vpb_participant_indicator", "vbpParticipantIndicator"),
    ("vbp_adjustment", "vbpAdjustment"),
    ("hrr_participant_indicator", "hrrParticipantIndicator"),
    ("hrr_adjustment", "hrrAdjustment"),
    ("bundle_model_discount", "bundleModel1Discount"),
    (
        "hac_reduction_participant_indicator",
        "hacReductionParticipantIndicator",
    ),
    ("uncompensated_care_amount", "uncompensatedCareAmount"),
    ("ehr_reduction_indicator", "ehrReductionIndicator"),
    ("low_volume_adjustment_factor", "lowVolumeAdjustmentFactor"),
    ("county_code", "countyCode"),
    ("supplemental_wage_index", "supplementalWageIndex"),
    (
        "supplemental_wage_index_indicator",
        "supplementalWageIndexIndicator",
    ),
];

/// PSF `providerType` (`P-NEW-PROVIDER-TYPE`, two digits), with the categories the pricer
/// tests (PAYMENT.md §1.3, §3 step 7, §5 DSH cap, §9): one place for the type codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ProviderType([u8; 2]);

impl ProviderType {
    /// Two ASCII digits ("3" is read as "03"); `None` otherwise.
    pub fn parse(code: &str) -> Option<ProviderType> {
        match two_digits(code).as_bytes() {
            &[a, b] if a.is_ascii_digit() && b.is_ascii_digit() => Some(ProviderType([a, b])),
            _ => None,
        }
    }

    /// The two digits.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("")
    }

    fn is_any(self, codes: &[&str]) -> bool {
        codes.contains(&self.as_str())
    }

    /// 07, 15, 17, 22: a rural referral center (also as MDH, SCH or EACH); exempt from the
    /// 12 % DSH cap (§5).
    pub fn is_rural_referral_center(self) -> bool {
        self.is_any(&["07", "15", "17", "22"])
    }

    /// 07, 14, 15, 17, 22: exempt from the 12 % DSH cap wherever located. The CMS pricer lists
    /// MDH type 14 with the rural referral centers here (PPCAL 3900A, rule 6).
    pub fn is_dsh_cap_exempt(self) -> bool {
        self.is_any(&["07", "14", "15", "17", "22"])
    }

    /// 08: Indian Health Service hospital; paid with the Indian wage-index rows 98/99 (§3).
    pub fn is_indian_health_service(self) -> bool {
        self.is_any(&["08"])
    }

    /// 14, 15: Medicare-dependent hospital (MDH; 15 also RRC); 75 % of the hospital-specific
    /// excess (§9), program expiry (RTC 52).
    pub fn is_medicare_dependent(self) -> bool {
        self.is_any(&["14", "15"])
    }

    /// 16, 17: sole community hospital (SCH; 17 also RRC).
    pub fn is_sole_community(self) -> bool {
        self.is_any(&["16", "17"])
    }

    /// 21, 22: essential access community hospital (EACH; 22 also RRC), paid like an SCH.
    pub fn is_essential_access(self) -> bool {
        self.is_any(&["21", "22"])
    }

    /// SCH, EACH or MDH: compared with its hospital-specific rate (§9).
    pub fn has_hospital_specific_rate(self) -> bool {
        self.is_sole_community() || self.is_essential_access() || self.is_medicare_dependent()
    }
}

impl std::fmt::Display for ProviderType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Providers by CCN, each with its effective-dated records.
#[derive(Debug, Clone, Default)]
pub struct ProviderFile {
    /// File name, for messages.
    pub source: String,
    records: BTreeMap<String, Vec<Provider>>,
}

impl ProviderFile {
    /// Read a providers file; the form is recognised from its content: JSON Lines (first
    /// non-blank character `{`), the IPSF export (header starts `provider_ccn`), or CSV whose
    /// header holds the CMS pricer JSON field names (`providerCcn`, …).
    pub fn load(path: impl AsRef<Path>) -> Result<ProviderFile, TableError> {
        let path = path.as_ref();
        let text = TableError::read_text(path)?;
        Self::parse(&path.display().to_string(), &text)
    }

    /// Parse a providers file from text (see [`ProviderFile::load`]).
    pub fn parse(file: &str, text: &str) -> Result<ProviderFile, TableError> {
        let first = text.trim_start_matches('\u{feff}').trim_start();
        let providers = if first.starts_with('{') {
            parse_jsonl(file, text)?
        } else {
            parse_csv(file, text)?
        };
        let mut records: BTreeMap<String, Vec<Provider>> = BTreeMap::new();
        // (CCN, effective date) -> line and index of its record in `records[ccn]`.
        let mut seen: HashMap<(String, Option<Date>), (usize, usize)> = HashMap::new();
        for (line, p) in providers {
            let ccn = normalize_ccn(p.provider_ccn.as_deref().unwrap_or_default());
            let list = records.entry(ccn.clone()).or_default();
            match seen.entry((ccn, p.effective_date)) {
                Entry::Occupied(first) => {
                    let (first_line, index) = *first.get();
                    // The same record twice is harmless; two different records for one CCN
                    // and date leave the record in effect undefined.
                    if list.get(index) != Some(&p) {
                        return Err(TableError::parse(
                            file,
                            line,
                            1,
                            format!(
                                "duplicate provider: CCN {} effective {} is also on line {first_line}, with other values",
                                first.key().0,
                                p.effective_date.map(|d| d.to_string()).unwrap_or_default()
                            ),
                        ));
                    }
                }
                Entry::Vacant(v) => {
                    v.insert((line, list.len()));
                    list.push(p);
                }
            }
        }
        Ok(ProviderFile {
            source: file.to_string(),
            records,
        })
    }

    /// Number of distinct CCNs.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// The CCNs the file holds, in order.
    pub fn ccns(&self) -> impl Iterator<Item = &str> {
        self.records.keys().map(String::as_str)
    }

    /// Whether the file holds no provider.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// The record of `ccn` in effect on the discharge date: latest effective date on or before
    /// it (PAYMENT.md §1.3).
    pub fn lookup(&self, ccn: &str, discharge_date: Date) -> Result<&Provider, PricingError> {
        let records = self.records.get(&normalize_ccn(ccn)).ok_or_else(|| {
            PricingError::MissingProvider(format!("CCN {ccn} is not in {}", self.source))
        })?;
        records
            .iter()
            .filter(|p| p.effective_date.is_some_and(|d| d <= discharge_date))
            .max_by_key(|p| p.effective_date)
            .ok_or_else(|| {
                PricingError::MissingProvider(format!(
                    "CCN {ccn} has no record in {} effective on or before {discharge_date}",
                    self.source
                ))
            })
    }
}

/// CCNs are six characters; a numeric CCN written as a JSON number loses its leading zeros,
/// which are put back so `10001` finds `010001`.
fn normalize_ccn(ccn: &str) -> String {
    let t = ccn.trim();
    if !t.is_empty() && t.len() < 6 && t.bytes().all(|b| b.is_ascii_digit()) {
        format!("{t:0>6}")
    } else {
        t.to_string()
    }
}

/// The providers of a JSON Lines file, each with its line.
fn parse_jsonl(file: &str, text: &str) -> Result<Vec<(usize, Provider)>, TableError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        if line.len() > MAX_RECORD_BYTES {
            return Err(TableError::parse(
                file,
                i + 1,
                1,
                format!("record longer than the limit of {MAX_RECORD_BYTES} bytes"),
            ));
        }
        let p: Provider = serde_json::from_str(line).map_err(|e| {
            TableError::parse(
                file,
                i + 1,
                e.column().max(1),
                TableError::capped(e.to_string()),
            )
        })?;
        check_key(file, i + 1, 1, &p)?;
        out.push((i + 1, p));
    }
    Ok(out)
}

fn check_key(file: &str, line: usize, column: usize, p: &Provider) -> Result<(), TableError> {
    if p.provider_ccn.is_none() {
        return Err(TableError::parse(
            file,
            line,
            column,
            "providerCcn is required in a providers file",
        ));
    }
    if p.effective_date.is_none() {
        return Err(TableError::parse(
            file,
            line,
            column,
            "effectiveDate is required in a providers file",
        ));
    }
    Ok(())
}

/// The providers of a CSV file (pricer field names or the IPSF export), each with its line.
fn parse_csv(file: &str, text: &str) -> Result<Vec<(usize, Provider)>, TableError> {
    // Records are turned into providers as they are read: one record in memory at a time.
    let mut header: Option<(Record, Vec<Option<String>>)> = None;
    let mut out = Vec::new();
    each_record(file, text, ',', |record| {
        if record.is_blank() {
            return Ok(());
        }
        let Some((header, names)) = &header else {
            let names = column_names(file, &record)?;
            header = Some((record, names));
            return Ok(());
        };
        if record.fields.len() != header.fields.len() {
            let col = record.fields.last().map_or(1, |f| f.column);
            return Err(TableError::parse(
                file,
                record.line,
                col,
                format!(
                    "{} fields where the header has {}",
                    record.fields.len(),
                    header.fields.len()
                ),
            ));
        }
        let provider = provider_of_record(file, &record, names)?;
        check_key(file, record.line, 1, &provider)?;
        out.push((record.line, provider));
        Ok(())
    })?;
    match (&header, out.is_empty()) {
        (None, _) => Err(TableError::parse(file, 1, 1, "empty providers file")),
        (Some((h, _)), true) => Err(TableError::parse(
            file,
            h.line + 1,
            1,
            "no provider records after the header",
        )),
        (Some(_), false) => Ok(out),
    }
}

/// Column index → JSON field name (None: IPSF column not used for pricing), from a header
/// of CMS pricer field names or the 68-column IPSF export header.
fn column_names(file: &str, header: &Record) -> Result<Vec<Option<String>>, TableError> {
    let ipsf = header
        .fields
        .first()
        .is_some_and(|f| f.text.trim() == "provider_ccn");
    let names: Vec<Option<String>> = header
        .fields
        .iter()
        .map(|f| {
            let h = f.text.trim();
            if ipsf {
                IPSF_COLUMNS.iter().find(|(c, _)| *c == h).map(|(_, j)| *j)
            } else {
                Some(h)
            }
        })
        .map(|n| n.map(str::to_string))
        .collect();
    if !ipsf {
        for f in &header.fields {
            let h = f.text.trim();
            if !IPSF_COLUMNS.iter().any(|(_, json)| *json == h) {
                return Err(TableError::parse(
                    file,
                    header.line,
                    f.column,
                    format!("unknown column {}: expected CMS pricer field names such as providerCcn, effectiveDate, bedSize", TableError::excerpt(h)),
                ));
            }
        }
    }
    if ipsf && header.fields.len() != 68 {
        return Err(TableError::parse(
            file,
            header.line,
            1,
            format!(
                "IPSF export header has {} columns, expected 68",
                header.fields.len()
            ),
        ));
    }
    Ok(names)
}

/// One CSV record as a `Provider`; a bad value is reported at its own column.
fn provider_of_record(
    file: &str,
    record: &Record,
    names: &[Option<String>],
) -> Result<Provider, TableError> {
    let mut map = serde_json::Map::new();
    for (field, name) in record.fields.iter().zip(names.iter()) {
        if let Some(name) = name {
            map.insert(
                name.to_string(),
                serde_json::Value::String(field.text.clone()),
            );
        }
    }
    match serde_json::from_value(serde_json::Value::Object(map)) {
        Ok(p) => Ok(p),
        Err(e) => {
            // Find the column that fails on its own, to name it.
            for (field, name) in record.fields.iter().zip(names.iter()) {
                let Some(name) = name else { continue };
                let mut one = serde_json::Map::new();
                one.insert(
                    name.to_string(),
                    serde_json::Value::String(field.text.clone()),
                );
                if let Err(e1) = serde_json::from_value::<Provider>(serde_json::Value::Object(one))
                {
                    return Err(TableError::parse(
                        file,
                        record.line,
                        field.column,
                        TableError::capped(format!("{name}: {e1}")),
                    ));
                }
            }
            Err(TableError::parse(
                file,
                record.line,
                1,
                TableError::capped(e.to_string()),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The IPSF column map names every Provider field (used to validate CSV headers too).
    #[test]
    fn ipsf_map_covers_every_provider_field() {
        let mut obj = serde_json::Map::new();
        for (_, json) in IPSF_COLUMNS {
            let value = if json.ends_with("Date") {
                "2025-10-01"
            } else {
                "1"
            };
            obj.insert(
                json.to_string(),
                serde_json::Value::String(value.to_string()),
            );
        }
        let p: Result<Provider, _> = serde_json::from_value(serde_json::Value::Object(obj));
        let back = p.ok().and_then(|p| serde_json::to_value(p).ok());
        let n = back
            .as_ref()
            .and_then(|v| v.as_object())
            .map_or(0, |o| o.len());
        assert_eq!(n, IPSF_COLUMNS.len());
        assert_eq!(n, 40);
    }

    #[test]
    fn numeric_ccn_gets_its_leading_zeros_back() {
        assert_eq!(normalize_ccn("10001"), "010001");
        assert_eq!(normalize_ccn(" 990001 "), "990001");
        assert_eq!(normalize_ccn("12345E"), "12345E");
    }
}
