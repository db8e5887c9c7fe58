//! The Medicare Code Editor (MCE): the edits a coder sees before a claim is grouped.
//!
//! Driven entirely by the CMS MCE masters (`tables/msdrg/mce_*.tsv`): the ICD-10 code masters
//! (validity and edit flags by date range), the age groups, the valid discharge statuses, and
//! the release row (the discharge dates the release edits). [`Editor`] compiles them once;
//! [`Editor::edit`] reads every code, flag and status for the claim's discharge date and
//! returns the CMS output (claim-level edit type, counts, claim-level edits, per-code lists).
//! The rules and the CMS behaviours they reproduce are those of `shared/oracle/mce/README.md`.

mod claim;
mod edit;
mod editor;
mod masters;

pub use claim::{CodeEdits, DateProblem, DischargeDate, EditClaim, EditResult, PatientSex};
pub use edit::{AgeGroup, Edit, EditCategory, EditCounts, EditSet, EditType, EDITS};
pub use editor::{EditError, Editor};
pub use masters::Release;

/// Read a discharge date written `YYYY-MM-DD` or `YYYYMMDD`. A day 29-31 past the end of its
/// month is the month's last day (`2024-02-30` is 2024-02-29), as CMS's MCE reads it; month 00
/// or 13 and day 00 or 32 and more are not dates.
pub fn parse_discharge_date(text: &str) -> Option<crate::date::Date> {
    if let Ok(date) = text.parse() {
        return Some(date);
    }
    let t = text.trim();
    let digits: String = t.chars().filter(|c| *c != '-').collect();
    let dashed = t.len() == 10 && t.as_bytes()[4] == b'-' && t.as_bytes()[7] == b'-';
    if !(dashed || t.len() == 8) || digits.len() != 8 || !digits.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let year: u16 = digits[0..4].parse().ok()?;
    let month: u8 = digits[4..6].parse().ok()?;
    let day: u8 = digits[6..8].parse().ok()?;
    if !(29..=31).contains(&day) {
        return None;
    }
    (28..day)
        .rev()
        .find_map(|d| crate::date::Date::new(year, month, d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_past_the_month_end_are_its_last_day() {
        let date = |t: &str| parse_discharge_date(t).map(|d| d.to_string());
        assert_eq!(date("2024-02-30").as_deref(), Some("2024-02-29"));
        assert_eq!(date("2023-02-29").as_deref(), Some("2023-02-28"));
        assert_eq!(date("20260931").as_deref(), Some("2026-09-30"));
        assert_eq!(date("2025-01-31").as_deref(), Some("2025-01-31"));
        for bad in [
            "2024-13-01",
            "2025-01-32",
            "2023-06-00",
            "2023-11-40",
            "2024-00-10",
            "",
        ] {
            assert_eq!(date(bad), None, "{bad}");
        }
    }
}
