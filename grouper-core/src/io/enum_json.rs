//! The JSON text of the output's unit-only enums (severity, POA, DRG impact, pricer return
//! code, ...), taken once
//! from serde_json for each variant and then copied as bytes. serde_json writes a variant's
//! name through its escaping string writer each time: about 150 instructions a value, and a
//! `drg group` line holds about 28 of them (a sixth of writing the line), a priced line 3.

use std::io;
use std::sync::OnceLock;

use serde::Serialize;

use super::warning::WarningKind;
use crate::grouping::claim::Poa;
use crate::grouping::engine::{ReturnCode, Severity};
use crate::grouping::final_drg::HacStatus;
use crate::grouping::hac::{HacCriterion, PoaError};
use crate::grouping::marking::DrgImpact;
use crate::payment::{PricerReturnCode, ReviewCode, Transfer};
use crate::tables::{CcLevel, MedSurg};

/// A unit-only enum whose values are written from their serde_json text.
pub(super) trait EnumJson: Serialize + Copy + PartialEq + 'static {
    /// Every variant.
    const VARIANTS: &'static [Self];
    /// Each variant's serde_json text, in [`EnumJson::VARIANTS`] order.
    fn texts() -> &'static OnceLock<Vec<Vec<u8>>>;

    /// Append the value as serde_json writes it (`"MCC"`, quotes included).
    fn write_json(self, out: &mut Vec<u8>) -> io::Result<()> {
        let texts = Self::texts().get_or_init(|| {
            Self::VARIANTS
                .iter()
                .map(|v| serde_json::to_vec(v).unwrap_or_default())
                .collect()
        });
        match Self::VARIANTS.iter().position(|v| *v == self) {
            Some(i) if !texts[i].is_empty() => {
                out.extend_from_slice(&texts[i]);
                Ok(())
            }
            // Not reached (every variant is listed and serialises); serde says why if it is.
            _ => serde_json::to_writer(&mut *out, &self).map_err(io::Error::from),
        }
    }
}

/// Implement [`EnumJson`] for each enum and its variants. The `match` makes a variant missing
/// from the list a compile error.
macro_rules! enum_json {
    ($($ty:ident { $($variant:ident),+ $(,)? })+) => {$(
        impl EnumJson for $ty {
            const VARIANTS: &'static [Self] = &[$($ty::$variant),+];
            fn texts() -> &'static OnceLock<Vec<Vec<u8>>> {
                static TEXTS: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
                const _: fn($ty) = |v| match v { $($ty::$variant)|+ => {} };
                &TEXTS
            }
        }
    )+};
}

enum_json! {
    Severity { None, NonCc, Cc, Mcc }
    MedSurg { Medical, Surgical, None }
    CcLevel { NonCc, Cc, Mcc }
    Poa { Y, N, U, W, Blank }
    ReturnCode {
        Ok,
        InvalidPrincipal,
        PrincipalCannotBePrincipal,
        InvalidSex,
        InvalidDischargeStatus,
        HacMissingOnePoa,
        HacStatusInvalidPoaNOrU,
        HacStatusInvalidPoaInvalidOr1,
        HacStatusInvalidMultHacsPoaNotYW,
    }
    HacStatus { NotApplicable, FinalDrgNoChange, FinalDrgChanges, FinalDrgUngroupable }
    DrgImpact { None, Initial, Final, Both }
    PoaError { NotChecked, RecognizedYes, RecognizedNot, NotRecognized, HospitalExempt }
    HacCriterion { NotOnHacList, Met, NotMet, NotApplicableExempt, NotApplicableExclusion }
    ReviewCode {
        Normal,
        AcuteTransfer,
        AcuteTransferNoOutlier,
        NormalNoOutlier,
        PostAcuteTransfer,
        PostAcuteTransferNoOutlier,
    }
    Transfer { None, AcutePerDiem, PostAcutePerDiem, PostAcuteSpecialPay }
    WarningKind {
        UnknownField,
        InvalidPoa,
        CodeNormalized,
        MissingAge,
        MissingSex,
        InvalidSex,
        MissingDischargeStatus,
        CodesBeyondCmsLimit,
        ByteOrderMarkStripped,
        RaggedRow,
        IndicatorNormalized,
        MissingLengthOfStay,
    }
    PricerReturnCode {
        Normal,
        CostOutlier,
        TransferPerDiem,
        TransferPerDiemWithOutlier,
        TransferNoOutlier,
        PostAcuteSpecialPay,
        PostAcutePerDiem,
        NormalAtGmlos,
        CostOutlierAtGmlos,
        ReconciledNormal,
        ReconciledTransferPerDiem,
        ReconciledPostAcuteSpecialPay,
        ReconciledPostAcutePerDiem,
        ReconciledNormalAtGmlos,
        NoProviderRecord,
        InvalidProviderData,
        WaiverState,
        InvalidDrg,
        InvalidDischargeDate,
        InvalidLengthOfStay,
        InvalidReviewCode,
        InvalidCharges,
        InvalidLifetimeReserveDays,
        InvalidCoveredDays,
        InvalidProgramIndicator,
        OutlierBeyondCoveredDays,
        InvalidValueBasedPurchasing,
    }
}

/// `Option<T>` as serde_json writes it: `null`, or the value.
pub(super) fn write_optional<T: EnumJson>(value: Option<T>, out: &mut Vec<u8>) -> io::Result<()> {
    match value {
        Some(v) => v.write_json(out),
        None => {
            out.extend_from_slice(b"null");
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check<T: EnumJson + std::fmt::Debug>() {
        for v in T::VARIANTS {
            let mut out = Vec::new();
            v.write_json(&mut out).expect("written");
            assert_eq!(out, serde_json::to_vec(v).expect("serde"), "{v:?}");
            assert!(out.len() > 2, "{v:?}");
        }
    }

    #[test]
    fn every_variant_is_written_as_serde_json_writes_it() {
        check::<Severity>();
        check::<MedSurg>();
        check::<CcLevel>();
        check::<Poa>();
        check::<ReturnCode>();
        check::<HacStatus>();
        check::<DrgImpact>();
        check::<PoaError>();
        check::<HacCriterion>();
        check::<ReviewCode>();
        check::<Transfer>();
        check::<PricerReturnCode>();
    }
}
