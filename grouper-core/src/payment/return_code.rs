//! CMS pricer return codes (PAYMENT.md §2, "RTC meanings"): how a claim was paid (< 50) or
//! why it was not (≥ 50), serialized as the pricer's two digits.

use std::fmt;

use serde::{Serialize, Serializer};

/// The two-digit CMS pricer return code (`PPS-RTC`); serializes and displays as `"14"` etc.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PricerReturnCode {
    /// 00: normal DRG payment.
    Normal,
    /// 02: DRG payment with a cost outlier.
    CostOutlier,
    /// 03: acute transfer paid on a per diem (up to the full DRG).
    TransferPerDiem,
    /// 05: per-diem transfer with a cost outlier.
    TransferPerDiemWithOutlier,
    /// 06: per-diem transfer, the provider refused outlier payment (review code 06).
    TransferNoOutlier,
    /// 10: post-acute transfer on a special-pay DRG (50/50 rule).
    PostAcuteSpecialPay,
    /// 12: post-acute transfer on a per-diem DRG.
    PostAcutePerDiem,
    /// 14: normal DRG payment, `perDiemDays ≥ GMLOS`.
    NormalAtGmlos,
    /// 16: cost outlier, `perDiemDays ≥ GMLOS`.
    CostOutlierAtGmlos,
    /// 30: 00 with an outlier in the reconciliation pass.
    ReconciledNormal,
    /// 33: 03 with an outlier in the reconciliation pass.
    ReconciledTransferPerDiem,
    /// 40: 10 with an outlier in the reconciliation pass.
    ReconciledPostAcuteSpecialPay,
    /// 42: 12 with an outlier in the reconciliation pass.
    ReconciledPostAcutePerDiem,
    /// 44: 14 with an outlier in the reconciliation pass.
    ReconciledNormalAtGmlos,
    /// 51: no provider-specific record.
    NoProviderRecord,
    /// 52: wage index, CBSA, provider type or another PSF value invalid.
    InvalidProviderData,
    /// 53: waiver state (Maryland) or Puerto Rico with the HAC flag: not paid under IPPS.
    WaiverState,
    /// 54: DRG not in the table, ungroupable, or a DRG factor unknown.
    InvalidDrg,
    /// 55: discharge before the PSF/CBSA effective date, PSF terminated, or no tables for the year.
    InvalidDischargeDate,
    /// 56: invalid length of stay (or invalid review code with LOS 0).
    InvalidLengthOfStay,
    /// 57: invalid review code.
    InvalidReviewCode,
    /// 58: invalid covered charges.
    InvalidCharges,
    /// 61: lifetime reserve days above 60.
    InvalidLifetimeReserveDays,
    /// 62: covered days invalid, or lifetime reserve days above covered days.
    InvalidCoveredDays,
    /// 65: capital pay code, HRR, EHR or low-volume indicator invalid.
    InvalidProgramIndicator,
    /// 67: cost outlier with the length of stay above the covered days.
    OutlierBeyondCoveredDays,
    /// 68: VBP indicator or factor invalid.
    InvalidValueBasedPurchasing,
}

impl PricerReturnCode {
    /// What the code means, in words (the PPCAL header's wording, shortened).
    pub fn text(self) -> &'static str {
        use PricerReturnCode::*;
        match self {
            Normal => "normal DRG payment",
            CostOutlier => "DRG payment with a cost outlier",
            TransferPerDiem => "acute transfer paid per diem",
            TransferPerDiemWithOutlier => "transfer paid per diem, with a cost outlier",
            TransferNoOutlier => "transfer paid per diem, outlier not paid (review code 06)",
            PostAcuteSpecialPay => "post-acute transfer, special-pay DRG (50/50)",
            PostAcutePerDiem => "post-acute transfer, per-diem DRG",
            NormalAtGmlos => "normal DRG payment, stay at or beyond the GMLOS",
            CostOutlierAtGmlos => "cost outlier, stay at or beyond the GMLOS",
            ReconciledNormal => "normal DRG payment; outlier reconciliation would find an outlier",
            ReconciledTransferPerDiem => {
                "acute transfer per diem; outlier reconciliation would find an outlier"
            }
            ReconciledPostAcuteSpecialPay => {
                "post-acute special-pay transfer; outlier reconciliation would find an outlier"
            }
            ReconciledPostAcutePerDiem => {
                "post-acute per-diem transfer; outlier reconciliation would find an outlier"
            }
            ReconciledNormalAtGmlos => {
                "normal payment at or beyond the GMLOS; outlier reconciliation would find an outlier"
            }
            NoProviderRecord => "not paid: no provider-specific record",
            InvalidProviderData => "not paid: invalid wage index, CBSA or provider data",
            WaiverState => "not paid: waiver state, or Puerto Rico hospital with the HAC flag",
            InvalidDrg => "not paid: invalid DRG",
            InvalidDischargeDate => "not paid: discharge date outside the provider record",
            InvalidLengthOfStay => "not paid: invalid length of stay",
            InvalidReviewCode => "not paid: invalid review code",
            InvalidCharges => "not paid: invalid covered charges",
            InvalidLifetimeReserveDays => "not paid: invalid lifetime reserve days",
            InvalidCoveredDays => "not paid: invalid covered days",
            InvalidProgramIndicator => "not paid: invalid capital pay code, HRR or EHR indicator",
            OutlierBeyondCoveredDays => "not paid: cost outlier with covered days below the stay",
            InvalidValueBasedPurchasing => "not paid: invalid VBP indicator, factor or state",
        }
    }

    /// Whether the pricer pays the claim (codes below 50).
    pub fn is_paid(self) -> bool {
        self.as_str() < "50"
    }

    /// The two digits CMS uses.
    pub fn as_str(self) -> &'static str {
        use PricerReturnCode::*;
        match self {
            Normal => "00",
            CostOutlier => "02",
            TransferPerDiem => "03",
            TransferPerDiemWithOutlier => "05",
            TransferNoOutlier => "06",
            PostAcuteSpecialPay => "10",
            PostAcutePerDiem => "12",
            NormalAtGmlos => "14",
            CostOutlierAtGmlos => "16",
            ReconciledNormal => "30",
            ReconciledTransferPerDiem => "33",
            ReconciledPostAcuteSpecialPay => "40",
            ReconciledPostAcutePerDiem => "42",
            ReconciledNormalAtGmlos => "44",
            NoProviderRecord => "51",
            InvalidProviderData => "52",
            WaiverState => "53",
            InvalidDrg => "54",
            InvalidDischargeDate => "55",
            InvalidLengthOfStay => "56",
            InvalidReviewCode => "57",
            InvalidCharges => "58",
            InvalidLifetimeReserveDays => "61",
            InvalidCoveredDays => "62",
            InvalidProgramIndicator => "65",
            OutlierBeyondCoveredDays => "67",
            InvalidValueBasedPurchasing => "68",
        }
    }

    /// §2 step 4: a stay with `GMLOS ≤ perDiemDays` turns 00 into 14 and 02 into 16.
    pub fn at_gmlos(self) -> PricerReturnCode {
        match self {
            PricerReturnCode::Normal => PricerReturnCode::NormalAtGmlos,
            PricerReturnCode::CostOutlier => PricerReturnCode::CostOutlierAtGmlos,
            other => other,
        }
    }

    /// §10: the code of a claim with a cost outlier. Review code 03 gives 05 whether or not the
    /// stay was short enough to be paid per diem; a reduced post-acute transfer keeps its 10 or
    /// 12 (CMS pricer, PPCAL 3000: `3560-CHECK-RTN-CODE` runs after the outlier); any other
    /// claim gets 02.
    pub fn with_cost_outlier(self, acute_transfer_review: bool) -> PricerReturnCode {
        match self {
            _ if acute_transfer_review => PricerReturnCode::TransferPerDiemWithOutlier,
            PricerReturnCode::PostAcuteSpecialPay | PricerReturnCode::PostAcutePerDiem => self,
            _ => PricerReturnCode::CostOutlier,
        }
    }

    /// §2 step 5: the code +30 (00/03/10/12/14 → 30/33/40/42/44) if the reconciliation pass
    /// finds an outlier; `None` for codes that pass is not run for.
    pub fn outlier_reconciliation(self) -> Option<PricerReturnCode> {
        use PricerReturnCode::*;
        match self {
            Normal => Some(ReconciledNormal),
            TransferPerDiem => Some(ReconciledTransferPerDiem),
            PostAcuteSpecialPay => Some(ReconciledPostAcuteSpecialPay),
            PostAcutePerDiem => Some(ReconciledPostAcutePerDiem),
            NormalAtGmlos => Some(ReconciledNormalAtGmlos),
            _ => None,
        }
    }
}

impl fmt::Display for PricerReturnCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for PricerReturnCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::PricerReturnCode::*;

    #[test]
    fn reconciliation_adds_thirty() {
        for code in [
            Normal,
            TransferPerDiem,
            PostAcuteSpecialPay,
            PostAcutePerDiem,
            NormalAtGmlos,
        ] {
            let bumped = code.outlier_reconciliation().map(|c| c.as_str());
            let want = code
                .as_str()
                .parse::<u8>()
                .map(|n| format!("{:02}", n + 30))
                .ok();
            assert_eq!(bumped.map(str::to_string), want);
        }
        assert_eq!(CostOutlier.outlier_reconciliation(), None);
    }
}
