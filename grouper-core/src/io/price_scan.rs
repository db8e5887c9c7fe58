//! A hand-written reader of the plainest `drg price` lines, in front of their typed serde read
//! (`price::typed_line`): a claim that carries its DRG and names its hospital by `ccn`, with
//! flat fields only, strings without escapes and integers as [`claim_line`](super::claim_line)
//! reads them. [`scan_price_line`] gives what the serde read gives, or `None`, and then the
//! serde read runs as before (`a_scanned_price_line_is_the_line_serde_reads`, in `price`, checks
//! this on generated lines). An inline `provider`, `passthrough`, a number where a string is usual
//! (or the reverse), an unknown or repeated key: all `None`.

use serde_json::Value;

use super::claim_line::Scan;
use crate::payment::de::{code_in_string, decimal_in_string};
use crate::payment::PricingClaim;

/// A plain price line: its claim and the other fields the typed read takes from it.
#[derive(Debug, PartialEq)]
pub(super) struct PlainPriceLine {
    pub(super) claim: PricingClaim,
    /// Present (`null` included) or absent, as `claim_line::present` reads it.
    pub(super) id: Option<Value>,
    pub(super) drg: u16,
    pub(super) ccn: Option<String>,
}

/// The keys the scan reads, each once, at their [`key_index`] (which tests check).
#[cfg(test)]
pub(super) const KEYS: [&str; 13] = [
    "id",
    "drg",
    "discharge_date",
    "length_of_stay",
    "total_charges",
    "discharge_status",
    "ccn",
    "covered_days",
    "lifetime_reserve_days",
    "review_code",
    "condition_codes",
    "procedure_codes",
    "diagnosis_codes",
];

/// `text` read as a [`PlainPriceLine`], or `None` (see the module).
pub(super) fn scan_price_line(text: &str) -> Option<PlainPriceLine> {
    let mut s = Scan { text, at: 0 };
    let mut seen = 0u16;
    let (mut id, mut drg, mut ccn) = (None, None, None);
    let (mut discharge_date, mut length_of_stay, mut total_charges) = (None, None, None);
    let mut claim_codes: [Option<Option<String>>; 2] = [None, None];
    let mut days: [Option<i64>; 2] = [None, None];
    let mut lists: [Vec<String>; 3] = [Vec::new(), Vec::new(), Vec::new()];
    s.object(|s, key| {
        let bit = key_index(key)?;
        // serde refuses a repeated field.
        if seen & (1 << bit) != 0 {
            return None;
        }
        seen |= 1 << bit;
        match bit {
            // `present`: `null` is an id too.
            0 => id = Some(s.or_null(Scan::id)?.unwrap_or(Value::Null)),
            1 => drg = Some(u16::try_from(s.unsigned()?).ok()?),
            // `Date` reads a string and parses it.
            2 => discharge_date = Some(s.string()?.parse::<crate::date::Date>().ok()?),
            // `de::integer` reads an integer as its decimal, a whole number.
            3 => length_of_stay = Some(s.signed()?),
            // `de::decimal`: a blank string is no decimal, which is required.
            4 => total_charges = Some(decimal_in_string(s.string()?)??),
            5 | 9 => claim_codes[usize::from(bit == 9)] = Some(s.or_null(code)?.flatten()),
            6 => ccn = s.or_null(|s| s.string().map(str::to_string))?,
            7 | 8 => days[bit - 7] = s.or_null(Scan::signed)?,
            _ => {
                // `de::code_list`: blank codes are dropped, `null` is no list.
                let codes = s.or_null(|s| s.array(code))?.unwrap_or_default();
                lists[bit - 10] = codes.into_iter().flatten().collect();
            }
        }
        Some(())
    })?;
    s.blanks();
    if s.at != text.len() {
        return None;
    }
    let [condition_codes, procedure_codes, diagnosis_codes] = lists;
    let [discharge_status, review_code] = claim_codes;
    let claim = PricingClaim {
        discharge_date: discharge_date?,
        length_of_stay: length_of_stay?,
        total_charges: total_charges?,
        covered_days: days[0],
        lifetime_reserve_days: days[1],
        condition_codes,
        review_code: review_code.flatten(),
        discharge_status: discharge_status.flatten(),
        procedure_codes,
        diagnosis_codes,
    };
    Some(PlainPriceLine {
        claim,
        id,
        drg: drg?,
        ccn,
    })
}

/// The position of `key` among the keys the scan reads: a `match`, which compares the length first, where a
/// search of the list was half of a scan.
pub(super) fn key_index(key: &str) -> Option<usize> {
    Some(match key {
        "id" => 0,
        "drg" => 1,
        "discharge_date" => 2,
        "length_of_stay" => 3,
        "total_charges" => 4,
        "discharge_status" => 5,
        "ccn" => 6,
        "covered_days" => 7,
        "lifetime_reserve_days" => 8,
        "review_code" => 9,
        "condition_codes" => 10,
        "procedure_codes" => 11,
        "diagnosis_codes" => 12,
        _ => return None,
    })
}

/// A code as `de::opt_code` reads it: a string (trimmed; blank is none) or an integer.
fn code(s: &mut Scan<'_>) -> Option<Option<String>> {
    s.blanks();
    if s.peek()? == b'"' {
        return s.string().map(code_in_string);
    }
    s.signed().map(|n| Some(n.to_string()))
}
