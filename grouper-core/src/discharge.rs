//! UB-04 patient discharge status, and the two transfer policies that read it.
//!
//! The grouper and the pricer both ask "was this a transfer?", and CMS answers differently for
//! each, on purpose:
//! - the MS-DRG grouper's transfer-to-acute atom (`XFRNBA`, used by the AMI and neonate DRGs
//!   to tell "discharged alive" from "transferred") counts any move to another inpatient acute
//!   setting: 02, 05 (cancer or children's hospital), 66 (critical access hospital) and the
//!   planned-readmission forms 82, 85, 94;
//! - the IPPS pricer's transfer payment policy (42 CFR 412.4) counts 05 and 85 as *post-acute*
//!   transfers (to IPPS-excluded hospitals), so its acute list is 02, 66, 82, 94 and its
//!   post-acute list adds SNF, home health, hospice, IRF, LTCH and psychiatric settings.
//!
//! Both lists live here, so a change to one is made next to the other.

use std::fmt;

/// A patient discharge status code as written on the claim (UB-04 form locator 17). Any
/// integer is kept: whether it is valid is a table question (`mce_discharge_status.tsv`), and an
/// invalid status is a grouping result (DRG 999), not a read error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DischargeStatus(i64);

impl DischargeStatus {
    /// Expired (20).
    pub const EXPIRED: DischargeStatus = DischargeStatus(20);

    /// The status with this numeric code.
    pub const fn new(code: i64) -> DischargeStatus {
        DischargeStatus(code)
    }

    /// The numeric code.
    pub const fn code(self) -> i64 {
        self.0
    }

    /// Read a status written as UB-04 does (`01`) or without its leading zero (`1`),
    /// surrounding blanks allowed; `None` for anything else (blank, `001`, `+1`, `1A`).
    pub fn parse(text: &str) -> Option<DischargeStatus> {
        let t = text.trim();
        let digits = (1..=2).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit());
        digits
            .then(|| t.parse().ok().map(DischargeStatus))
            .flatten()
    }

    /// The index into a 100-entry validity table, for codes 0-99.
    pub fn table_index(self) -> Option<usize> {
        usize::try_from(self.0).ok().filter(|i| *i < 100)
    }

    /// The patient died (20): the grouper's `DIED` atom and the alive-only CC/MCC rule.
    pub fn expired(self) -> bool {
        self == Self::EXPIRED
    }

    /// Left against medical advice (07): the grouper's `AMA` atom.
    pub fn left_against_medical_advice(self) -> bool {
        self.0 == 7
    }

    /// The grouper's transfer-to-acute atom `XFRNBA` (see the module notes for why this list
    /// differs from the pricer's).
    pub fn grouper_transfer_to_acute(self) -> bool {
        matches!(self.0, 2 | 5 | 66 | 82 | 85 | 94)
    }

    /// Pricer acute-care transfer (42 CFR 412.4(b)): another IPPS hospital (02) or a critical
    /// access hospital (66), and their planned-readmission forms (82, 94).
    pub fn pricer_acute_transfer(self) -> bool {
        matches!(self.0, 2 | 66 | 82 | 94)
    }

    /// Pricer post-acute transfer (42 CFR 412.4(c)): SNF (03, 61 swing bed), IPPS-excluded
    /// hospitals (05 cancer/children's, 62 IRF, 63 LTCH, 65 psychiatric), home health (06; the
    /// 3-day start cannot be seen on a claim, so 06 always counts), hospice (50, 51, since
    /// FY2019) and the planned-readmission forms 83, 85, 86, 89, 90, 91, 93. Not 64/92
    /// (Medicaid-only nursing facility), 43/88 (federal hospital) or 70/95.
    pub fn pricer_post_acute_transfer(self) -> bool {
        matches!(
            self.0,
            3 | 5 | 6 | 50 | 51 | 61 | 62 | 63 | 65 | 83 | 85 | 86 | 89 | 90 | 91 | 93
        )
    }
}

impl fmt::Display for DischargeStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cancer_hospital_is_an_acute_transfer_to_the_grouper_but_post_acute_to_the_pricer() {
        let s = DischargeStatus::parse("05").unwrap();
        assert!(s.grouper_transfer_to_acute());
        assert!(!s.pricer_acute_transfer());
        assert!(s.pricer_post_acute_transfer());
    }

    #[test]
    fn the_pricer_lists_are_disjoint() {
        for code in 0..100 {
            let s = DischargeStatus::new(code);
            assert!(!(s.pricer_acute_transfer() && s.pricer_post_acute_transfer()));
        }
    }

    #[test]
    fn codes_read_with_or_without_a_leading_zero() {
        assert_eq!(DischargeStatus::parse(" 1 "), DischargeStatus::parse("01"));
        assert_eq!(DischargeStatus::parse(""), None);
        assert_eq!(DischargeStatus::parse("002"), None);
        assert_eq!(DischargeStatus::parse("+2"), None);
        assert_eq!(DischargeStatus::new(150).table_index(), None);
        assert_eq!(DischargeStatus::new(-1).table_index(), None);
    }
}
