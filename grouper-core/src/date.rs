//! The one date type: discharge dates, effective dates of table rows and versions, fiscal
//! years.

use std::fmt;
use std::str::FromStr;

/// A calendar date (proleptic Gregorian). CMS files write dates as `YYYYMMDD` or `YYYY-MM-DD`;
/// both are accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

impl Date {
    /// A validated date, or `None` when the day does not exist.
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// The calendar year.
    pub fn year(&self) -> u16 {
        self.year
    }

    /// Federal fiscal year of this date: FY N runs from N-1-10-01 to N-09-30.
    pub fn fiscal_year(&self) -> u16 {
        if self.month >= 10 {
            self.year + 1
        } else {
            self.year
        }
    }

    /// First day of federal fiscal year `fy`.
    pub fn fiscal_year_start(fy: u16) -> Date {
        Date {
            year: fy.saturating_sub(1),
            month: 10,
            day: 1,
        }
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Why a date string was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid date {0:?}: expected YYYY-MM-DD or YYYYMMDD")]
pub struct DateError(pub String);

impl FromStr for Date {
    type Err = DateError;

    /// Read on bytes, without an allocation: every claim line and table row has a date.
    fn from_str(s: &str) -> Result<Date, DateError> {
        let invalid = || DateError(s.to_string());
        let b = s.trim().as_bytes();
        // Where the eight digits of YYYYMMDD and of YYYY-MM-DD are.
        let at: [usize; 8] = match b.len() {
            8 => [0, 1, 2, 3, 4, 5, 6, 7],
            10 if b[4] == b'-' && b[7] == b'-' => [0, 1, 2, 3, 5, 6, 8, 9],
            _ => return Err(invalid()),
        };
        let mut digits = [0u16; 8];
        for (digit, &i) in digits.iter_mut().zip(&at) {
            if !b[i].is_ascii_digit() {
                return Err(invalid());
            }
            *digit = u16::from(b[i] - b'0');
        }
        let [y0, y1, y2, y3, m0, m1, d0, d1] = digits;
        let year = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
        // Both below 100: they fit a u8.
        let (month, day) = ((m0 * 10 + m1) as u8, (d0 * 10 + d1) as u8);
        Date::new(year, month, day).ok_or_else(invalid)
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The date reader as first written (through a string of the digits), kept as the model.
    fn model(s: &str) -> Option<Date> {
        let t = s.trim();
        let digits: String = match t.len() {
            8 => t.to_string(),
            10 if t.as_bytes()[4] == b'-' && t.as_bytes()[7] == b'-' => {
                format!("{}{}{}", &t[0..4], &t[5..7], &t[8..10])
            }
            _ => return None,
        };
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let num = |r: std::ops::Range<usize>| digits[r].parse::<u16>().ok();
        Date::new(num(0..4)?, num(4..6)? as u8, num(6..8)? as u8)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]
        #[test]
        fn the_byte_reader_reads_every_text_as_the_model_does(
            text in "[ 0-9\\-/e\u{e9}]{0,12}|[12][0-9]{3}-[01][0-9]-[0-3][0-9]|[12][0-9]{3}[01][0-9][0-3][0-9]",
        ) {
            prop_assert_eq!(text.parse::<Date>().ok(), model(&text), "{:?}", text);
        }
    }

    #[test]
    fn parses_both_cms_forms_and_rejects_impossible_days() {
        assert_eq!("2025-10-01".parse::<Date>(), "20251001".parse::<Date>());
        assert!("2026-02-29".parse::<Date>().is_err());
        assert!("2024-02-29".parse::<Date>().is_ok());
        assert!("2025-1-01".parse::<Date>().is_err());
        assert_eq!(
            "2025-10-01".parse::<Date>().map(|d| d.fiscal_year()),
            Ok(2026)
        );
        assert_eq!(
            "2026-09-30".parse::<Date>().map(|d| d.fiscal_year()),
            Ok(2026)
        );
    }
}
