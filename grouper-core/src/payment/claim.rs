//! The claim fields pricing needs, and the discharge-status → review-code transfer policy.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::de;
use super::error::PricingError;
use super::return_code::PricerReturnCode as Rtc;
use crate::date::Date;
use crate::discharge::DischargeStatus;

/// A discharge to price. JSON field names follow the `drg price` input format.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PricingClaim {
    /// Discharge date: picks the fiscal year's tables and the PSF record in effect.
    pub discharge_date: Date,
    /// Length of stay in days (0–999, RTC 56 otherwise).
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
    /// UB-04 condition codes: 66 (no outlier wanted), DRG 018 rules (ZC, 90).
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

/// CMS review code (`B-REVIEW-CODE`, PAYMENT.md §1.2): how the claim is to be paid.
/// Serializes as the two digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReviewCode {
    /// 00: normal DRG payment, outliers paid.
    Normal,
    /// 03: acute-to-acute transfer, per diem up to the full DRG, outliers paid.
    AcuteTransfer,
    /// 06: acute transfer per diem, provider refused outlier payment (condition code 66).
    AcuteTransferNoOutlier,
    /// 07: normal DRG payment without outlier.
    NormalNoOutlier,
    /// 09: post-acute-care transfer (DRG table flags decide the rule), outliers paid.
    PostAcuteTransfer,
    /// 11: post-acute-care transfer without outlier.
    PostAcuteTransferNoOutlier,
}

impl ReviewCode {
    /// The code given as "3" or "03"; `None` for anything but 00, 03, 06, 07, 09, 11.
    pub fn parse(code: &str) -> Option<ReviewCode> {
        match two_digits(code).as_str() {
            "00" => Some(ReviewCode::Normal),
            "03" => Some(ReviewCode::AcuteTransfer),
            "06" => Some(ReviewCode::AcuteTransferNoOutlier),
            "07" => Some(ReviewCode::NormalNoOutlier),
            "09" => Some(ReviewCode::PostAcuteTransfer),
            "11" => Some(ReviewCode::PostAcuteTransferNoOutlier),
            _ => None,
        }
    }

    /// The two digits CMS uses.
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewCode::Normal => "00",
            ReviewCode::AcuteTransfer => "03",
            ReviewCode::AcuteTransferNoOutlier => "06",
            ReviewCode::NormalNoOutlier => "07",
            ReviewCode::PostAcuteTransfer => "09",
            ReviewCode::PostAcuteTransferNoOutlier => "11",
        }
    }

    /// Condition code 66 (the hospital waives outlier payment): 00 → 07, 03 → 06, 09 → 11.
    pub fn without_outlier(self) -> ReviewCode {
        match self {
            ReviewCode::Normal => ReviewCode::NormalNoOutlier,
            ReviewCode::AcuteTransfer => ReviewCode::AcuteTransferNoOutlier,
            ReviewCode::PostAcuteTransfer => ReviewCode::PostAcuteTransferNoOutlier,
            other => other,
        }
    }

    /// §10: outliers are not paid for 06, 07 and 11.
    pub fn pays_outliers(self) -> bool {
        !matches!(
            self,
            ReviewCode::AcuteTransferNoOutlier
                | ReviewCode::NormalNoOutlier
                | ReviewCode::PostAcuteTransferNoOutlier
        )
    }

    /// §7: 03 and 06 are paid as acute transfers (per diem).
    pub fn is_acute_transfer(self) -> bool {
        matches!(
            self,
            ReviewCode::AcuteTransfer | ReviewCode::AcuteTransferNoOutlier
        )
    }

    /// §7: 09 and 11 are post-acute transfers (per diem or 50/50 by the DRG's flags).
    pub fn is_post_acute_transfer(self) -> bool {
        matches!(
            self,
            ReviewCode::PostAcuteTransfer | ReviewCode::PostAcuteTransferNoOutlier
        )
    }
}

impl std::fmt::Display for ReviewCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ReviewCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// The review code used for pricing (PAYMENT.md §1.2, our policy for §15): an explicit
/// `review_code` wins (anything else is RTC 57, or 56 with LOS 0); otherwise the discharge
/// status picks 03 (acute transfer), 09 (post-acute transfer) or 00, and condition code 66
/// (hospital waives outlier payment) turns these into 06, 11 and 07.
pub fn review_code_for(claim: &PricingClaim) -> Result<ReviewCode, PricingError> {
    if let Some(rc) = &claim.review_code {
        return ReviewCode::parse(rc).ok_or_else(|| PricingError::InvalidClaimField {
            field: "review_code",
            value: two_digits(rc),
            reason: "expected 00, 03, 06, 07, 09 or 11".to_string(),
            return_code: if claim.length_of_stay == 0 {
                Rtc::InvalidLengthOfStay
            } else {
                Rtc::InvalidReviewCode
            },
        });
    }
    let written = claim.discharge_status.as_deref().map(str::trim);
    let status = written.and_then(DischargeStatus::parse);
    // A status that is given but is not a UB-04 code cannot choose the review code.
    if let (Some(text), None) = (written.filter(|t| !t.is_empty()), status) {
        let excerpt: String = text.chars().take(20).collect();
        return Err(PricingError::InvalidClaimField {
            field: "discharge_status",
            value: excerpt,
            reason: "expected a two-digit UB-04 patient discharge status (e.g. 01, 02, 62)"
                .to_string(),
            return_code: Rtc::InvalidReviewCode,
        });
    }
    let code = if status.is_some_and(DischargeStatus::pricer_acute_transfer) {
        ReviewCode::AcuteTransfer
    } else if status.is_some_and(DischargeStatus::pricer_post_acute_transfer) {
        ReviewCode::PostAcuteTransfer
    } else {
        ReviewCode::Normal
    };
    let waives_outlier = claim.condition_codes.iter().any(|c| c.trim() == "66");
    Ok(if waives_outlier {
        code.without_outlier()
    } else {
        code
    })
}
