//! Decimal helpers: HALF_UP rounding (Java `BigDecimal.setScale(s, HALF_UP)`, COBOL `ROUNDED`)
//! and non-integer powers (PAYMENT.md §4.3) computed near the 28-digit limit of `Decimal`.

use rust_decimal::{Decimal, RoundingStrategy};

/// `value.setScale(dp, HALF_UP)`: ties away from zero, never banker's rounding (PAYMENT.md §15).
/// The result always carries exactly `dp` decimal places.
pub fn half_up(value: Decimal, dp: u32) -> Decimal {
    let mut r = value.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(dp);
    r
}

/// Truncation toward zero (`ROUND_DOWN`), used by the special-pay transfer fraction (§7).
pub fn round_down(value: Decimal, dp: u32) -> Decimal {
    let mut r = value.round_dp_with_strategy(dp, RoundingStrategy::ToZero);
    r.rescale(dp);
    r
}

/// ln 2 to 28 significant digits, for range reduction.
const LN_2: Decimal = Decimal::from_parts(2_860_148_159, 2_180_329_217, 375_755_839, false, 28);

/// Natural logarithm for `x > 0` by range reduction to [0.5, 2] and the atanh series;
/// accurate to about 1e-26 over the range the pricer uses.
pub fn ln(x: Decimal) -> Option<Decimal> {
    if x <= Decimal::ZERO {
        return None;
    }
    if x == Decimal::ONE {
        return Some(Decimal::ZERO);
    }
    let two = Decimal::TWO;
    let half = Decimal::new(5, 1);
    let mut m = x;
    let mut k: i64 = 0;
    while m > two {
        m /= two;
        k += 1;
    }
    while m < half {
        m *= two;
        k -= 1;
    }
    let z = (m - Decimal::ONE).checked_div(m + Decimal::ONE)?;
    let z2 = z.checked_mul(z)?;
    let mut term = z;
    let mut sum = Decimal::ZERO;
    let mut n = Decimal::ONE;
    let eps = Decimal::new(1, 28);
    for _ in 0..400 {
        let add = term.checked_div(n)?;
        if add.abs() < eps {
            break;
        }
        sum = sum.checked_add(add)?;
        term = term.checked_mul(z2)?;
        n += two;
    }
    sum.checked_mul(two)?
        .checked_add(LN_2.checked_mul(Decimal::from(k))?)
}

/// e^y by halving the argument below 1/64 then Taylor series and squaring.
pub fn exp(y: Decimal) -> Option<Decimal> {
    if y.is_zero() {
        return Some(Decimal::ONE);
    }
    if y.abs() > Decimal::from(60) {
        return None;
    }
    let mut r = y;
    let mut halvings = 0;
    let limit = Decimal::new(15625, 6); // 1/64
    while r.abs() > limit {
        r /= Decimal::TWO;
        halvings += 1;
    }
    let eps = Decimal::new(1, 28);
    let mut sum = Decimal::ONE;
    let mut term = Decimal::ONE;
    for n in 1..60u32 {
        term = term.checked_mul(r)?.checked_div(Decimal::from(n))?;
        if term.abs() < eps {
            break;
        }
        sum = sum.checked_add(term)?;
    }
    for _ in 0..halvings {
        sum = sum.checked_mul(sum)?;
    }
    Some(sum)
}

/// `base ^ exponent` for a positive base and a non-integer exponent (`BigDecimalUtils.pow`).
/// Exact when the base is 1 or the exponent 0, so that e.g. a zero intern ratio gives an IME
/// factor of exactly zero.
pub fn pow(base: Decimal, exponent: Decimal) -> Option<Decimal> {
    if exponent.is_zero() || base == Decimal::ONE {
        return Some(Decimal::ONE);
    }
    // The series are the slow part of pricing, and a batch raises the same few bases (its
    // hospitals' wage indexes and ratios) again and again: a small per-thread memo, cleared
    // when full so memory stays bounded.
    thread_local! {
        static MEMO: std::cell::RefCell<std::collections::HashMap<(Decimal, Decimal), Option<Decimal>>> =
            std::cell::RefCell::new(std::collections::HashMap::new());
    }
    const MEMO_LIMIT: usize = 4096;
    if let Some(hit) = MEMO.with(|m| m.borrow().get(&(base, exponent)).copied()) {
        return hit;
    }
    let value = ln(base).and_then(|l| l.checked_mul(exponent)).and_then(exp);
    MEMO.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() >= MEMO_LIMIT {
            m.clear();
        }
        m.insert((base, exponent), value);
    });
    value
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap_or_default()
    }

    #[test]
    fn ln_2_constant_is_right() {
        assert_eq!(LN_2.to_string(), "0.6931471805599453094172321215");
    }

    #[test]
    fn powers_match_known_values() {
        // 2^0.5 = 1.41421356237309504880168872...
        let r = pow(d("2"), d("0.5")).unwrap_or_default();
        assert!(
            (r - d("1.414213562373095048801688724")).abs() < d("1e-24"),
            "{r}"
        );
        // e^1 via exp
        let e = exp(Decimal::ONE).unwrap_or_default();
        assert!(
            (e - d("2.718281828459045235360287471")).abs() < d("1e-24"),
            "{e}"
        );
        // 11^0.405 (largest IME base) = exp(0.405 ln 11)
        let r = pow(d("11"), d("0.405")).unwrap_or_default();
        assert!(
            (r - d("2.640973463809914703264254152")).abs() < d("1e-24"),
            "{r}"
        );
    }

    #[test]
    fn half_up_rounds_ties_away_from_zero() {
        assert_eq!(half_up(d("0.09015"), 4).to_string(), "0.0902");
        assert_eq!(half_up(d("2.5"), 0).to_string(), "3");
        assert_eq!(half_up(d("-2.5"), 0).to_string(), "-3");
        assert_eq!(half_up(d("1"), 2).to_string(), "1.00");
        assert_eq!(round_down(d("0.123459"), 5).to_string(), "0.12345");
    }
}
