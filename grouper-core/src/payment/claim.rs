//! The claim fields pricing needs, and the discharge-status → review-code transfer policy.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::date::Date;
use super::de;
use super::error::PricingError;

/// A discharge to price. JSON field names follow the `drg price` input format.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PricingClaim {
    pub discharge_date: Date,
    #[serde(deserialize_with = "de::integer")]
    pub length_of_stay: i64,
    /// Covered charges; a JSON string or number, read exactly.
    #[serde(deserialize_with = "de::decimal")]
    pub total_charges: Decimal,
    /// Defaults to the length of stay.
    #[serde(default, deserialize_with = "de::opt_integer")]
    pub covered_days: Option<i64>,
    /// Defaults to 0.
    #[serde(default, deserialize_with = "de::opt_integer")]
    pub lifetime_reserve_days: Option<i64>,
    #[serde(default, deserialize_with = "de::code_list")]
    pub condition_codes: Vec<String>,
    /// CMS review code (00, 03, 06, 07, 09, 11); derived from `discharge_status` when absent.
    #[serde(default, deserialize_with = "de::opt_code")]
    pub review_code: Option<String>,
    /// UB-04 patient discharge status (e.g. 01, 02, 03, 06, 62).
    #[serde(default, deserialize_with = "de::opt_code")]
    pub discharge_status: Option<String>,
    /// ICD-10-PCS codes, for new-technology add-ons and islet isolation.
    #[serde(default, deserialize_with = "de::code_list")]
    pub procedure_codes: Vec<String>,
    /// ICD-10-CM codes (principal first), for new-technology add-ons and DRG 018 rules.
    #[serde(default, deserialize_with = "de::code_list")]
    pub diagnosis_codes: Vec<String>,
}

impl PricingClaim {
    /// A claim with defaults for everything optional.
    pub fn new(discharge_date: Date, length_of_stay: i64, total_charges: Decimal) -> PricingClaim {
        PricingClaim {
            discharge_date,
            length_of_stay,
            total_charges,
            covered_days: None,
            lifetime_reserve_days: None,
            condition_codes: Vec::new(),
            review_code: None,
            discharge_status: None,
            procedure_codes: Vec::new(),
            diagnosis_codes: Vec::new(),
        }
    }
}

/// Two-digit form of a code given as "3" or "03".
pub(crate) fn two_digits(code: &str) -> String {
    let t = code.trim();
    if t.len() == 1 {
        format!("0{t}")
    } else {
        t.to_string()
    }
}

/// Acute-care transfer statuses (42 CFR 412.4(b)): another IPPS hospital (02) or a CAH (66),
/// and their planned-readmission forms (82, 94).
pub const ACUTE_TRANSFER_STATUSES: &[&str] = &["02", "66", "82", "94"];

/// Post-acute transfer statuses (42 CFR 412.4(c)): SNF (03, 61 swing bed), IPPS-excluded
/// hospitals (05 cancer/children's, 62 IRF, 63 LTCH, 65 psychiatric), home health (06; the
/// 3-day start cannot be seen on a claim, so 06 always counts), hospice (50, 51, since FY2019)
/// and the planned-readmission forms 83, 85, 86, 89, 90, 91, 93. Not 64/92 (Medicaid-only
/// nursing facility), 43/88 (federal hospital) or 70/95.
pub const POST_ACUTE_TRANSFER_STATUSES: &[&str] = &[
    "03", "05", "06", "50", "51", "61", "62", "63", "65", "83", "85", "86", "89", "90", "91", "93",
];

/// The review code used for pricing (PAYMENT.md §1.2, our policy for §15): an explicit
/// `review_code` wins; otherwise the discharge status picks 03 (acute transfer), 09
/// (post-acute transfer) or 00, and condition code 66 (hospital waives outlier payment)
/// turns these into 06, 11 and 07.
pub fn review_code_for(claim: &PricingClaim) -> Result<String, PricingError> {
    if let Some(rc) = &claim.review_code {
        let rc = two_digits(rc);
        return match rc.as_str() {
            "00" | "03" | "06" | "07" | "09" | "11" => Ok(rc),
            _ => Err(PricingError::InvalidClaimField {
                field: "review_code",
                value: rc,
                reason: "expected 00, 03, 06, 07, 09 or 11".to_string(),
                return_code: if claim.length_of_stay == 0 {
                    "56"
                } else {
                    "57"
                },
            }),
        };
    }
    let status = claim
        .discharge_status
        .as_deref()
        .map(two_digits)
        .unwrap_or_default();
    let waives_outlier = claim.condition_codes.iter().any(|c| c.trim() == "66");
    let code = if ACUTE_TRANSFER_STATUSES.contains(&status.as_str()) {
        if waives_outlier {
            "06"
        } else {
            "03"
        }
    } else if POST_ACUTE_TRANSFER_STATUSES.contains(&status.as_str()) {
        if waives_outlier {
            "11"
        } else {
            "09"
        }
    } else if waives_outlier {
        "07"
    } else {
        "00"
    };
    Ok(code.to_string())
}
