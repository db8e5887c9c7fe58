//! Decimal helpers: HALF_UP rounding (Java `BigDecimal.setScale(s, HALF_UP)`, COBOL `ROUNDED`)
//! and non-integer powers (PAYMENT.md §4.3) computed near the 28-digit limit of `Decimal`.

use rust_decimal::{Decimal, RoundingStrategy};

/// `value.setScale(dp, HALF_UP)`: ties away from zero, never banker's rounding (PAYMENT.md §15).
/// The result always carries exactly `dp` decimal places.
#[inline]
pub fn half_up(value: Decimal, dp: u32) -> Decimal {
    // Most values reach a rounding step already at its scale (a sum of amounts in cents):
    // that test stays inline, the work is one call.
    if value.scale() == dp {
        return value;
    }
    round_to(value, dp, Round::HalfUp)
}

/// Truncation toward zero (`ROUND_DOWN`), used by the special-pay transfer fraction (§7).
pub fn round_down(value: Decimal, dp: u32) -> Decimal {
    round_to(value, dp, Round::Down)
}

/// `value` at exactly `dp` places, rounded as `round` says.
#[inline(never)]
fn round_to(value: Decimal, dp: u32, round: Round) -> Decimal {
    if let Some(r) = round_by_division(value, dp, round) {
        return r;
    }
    let strategy = match round {
        Round::HalfUp => RoundingStrategy::MidpointAwayFromZero,
        Round::Down => RoundingStrategy::ToZero,
    };
    let mut r = value.round_dp_with_strategy(dp, strategy);
    r.rescale(dp);
    r
}

#[derive(Clone, Copy, PartialEq)]
enum Round {
    HalfUp,
    Down,
}

/// 10^0 to 10^28: every scale a `Decimal` can drop.
pub(super) const POWERS_OF_TEN: [u128; 29] = {
    let mut p = [1u128; 29];
    let mut i = 1;
    while i < 29 {
        p[i] = p[i - 1] * 10;
        i += 1;
    }
    p
};

/// The rounding by integer division of the value's digits (a 96-bit mantissa), in 64 bits
/// when they fit: `round_dp_with_strategy` costs several times more, and the pricer rounds at
/// every step. `None` leaves a value with fewer places than `dp` to rust_decimal.
fn round_by_division(value: Decimal, dp: u32, round: Round) -> Option<Decimal> {
    let scale = value.scale();
    if scale == dp {
        return Some(value);
    }
    let Some(dropped) = scale.checked_sub(dp) else {
        return widened(value, dp);
    };
    let unit = *POWERS_OF_TEN.get(dropped as usize)?;
    let digits = value.mantissa().unsigned_abs();
    let (mut kept, rest) = match (u64::try_from(digits), u64::try_from(unit)) {
        (Ok(d), Ok(u)) => (u128::from(d / u), u128::from(d % u)),
        _ => (digits / unit, digits % unit),
    };
    // A tie (rest exactly half a unit) goes away from zero.
    if round == Round::HalfUp && rest >= unit - rest {
        kept += 1;
    }
    // Fewer digits than the 96-bit mantissa had: the parts fit. `from_parts` drops the sign
    // of a zero, as rust_decimal's rounding does.
    Some(Decimal::from_parts(
        kept as u32,
        (kept >> 32) as u32,
        (kept >> 64) as u32,
        value.is_sign_negative(),
        dp,
    ))
}

/// `value` with more places than it has (`dp` > its scale), as `rescale` gives it: the digits
/// times a power of ten, the sign kept (a negative zero too). `None` when they would not fit
/// in 96 bits, which `rescale` handles by scaling less.
fn widened(value: Decimal, dp: u32) -> Option<Decimal> {
    let unit = *POWERS_OF_TEN.get((dp - value.scale()) as usize)?;
    let digits = value.mantissa().unsigned_abs().checked_mul(unit)?;
    if digits >> 96 != 0 || dp > Decimal::MAX_SCALE {
        return None;
    }
    let mut r = Decimal::from_parts(
        digits as u32,
        (digits >> 32) as u32,
        (digits >> 64) as u32,
        false,
        dp,
    );
    r.set_sign_negative(value.is_sign_negative());
    Some(r)
}

/// `value > 0` without the general comparison (which aligns scales first).
pub fn is_positive(value: Decimal) -> bool {
    !value.is_zero() && value.is_sign_positive()
}

/// `value < 0` without the general comparison.
pub fn is_negative(value: Decimal) -> bool {
    !value.is_zero() && value.is_sign_negative()
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
    remembered(Step::Power, [base, exponent], || {
        ln(base).and_then(|l| l.checked_mul(exponent)).and_then(exp)
    })
}

/// The pure steps whose results a thread remembers ([`remembered`]).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Step {
    /// [`pow`].
    Power,
    /// `steps::operating_ime_factor`.
    OperatingIme,
    /// `steps::capital_ime_factor`.
    CapitalIme,
    /// `steps::capital_dsh_factor`.
    CapitalDsh,
    /// `steps::cost_to_charge_share`.
    CostToChargeShare,
}

/// A thread's remembered results of one input width.
type Memo<K> = std::collections::HashMap<K, Option<Decimal>, rustc_hash::FxBuildHasher>;

/// The inputs of a remembered step: an array of one or two decimals. Each width has its own
/// memo, so a key is no wider than its step's inputs.
pub(crate) trait Inputs: Copy {
    /// The step and the exact representation of each input.
    type Key: std::hash::Hash + Eq + Copy + 'static;
    /// The key of `step` at these inputs.
    fn key(self, step: Step) -> Self::Key;
    /// Run `f` on this width's memo of the current thread.
    fn with_memo<R>(f: impl FnOnce(&std::cell::RefCell<Memo<Self::Key>>) -> R) -> R;
}

macro_rules! input_widths {
    ($($n:literal => $memo:ident),+) => {$(
        thread_local! {
            static $memo: std::cell::RefCell<Memo<(u8, [u128; $n])>> =
                std::cell::RefCell::default();
        }
        impl Inputs for [Decimal; $n] {
            type Key = (u8, [u128; $n]);
            #[inline(always)]
            fn key(self, step: Step) -> Self::Key {
                (step as u8, self.map(|d| u128::from_le_bytes(d.serialize())))
            }
            #[inline(always)]
            fn with_memo<R>(f: impl FnOnce(&std::cell::RefCell<Memo<Self::Key>>) -> R) -> R {
                $memo.with(f)
            }
        }
    )+};
}

input_widths!(1 => MEMO_1, 2 => MEMO_2);

/// `compute()` for the pure `step` of `inputs`, remembered per thread. The series, the
/// 28-digit products after them and the divisions are the slow part of pricing, and a batch
/// gives the same few inputs (its hospitals' wage indexes and ratios) again and again.
/// Keyed by the exact representation (1.0 and 1.00 are two keys), so a hit returns what
/// `compute` would, digit for digit; cleared when full, so memory stays bounded.
pub(crate) fn remembered<I: Inputs>(
    step: Step,
    inputs: I,
    compute: impl FnOnce() -> Option<Decimal>,
) -> Option<Decimal> {
    const MEMO_LIMIT: usize = 4096;
    let key = inputs.key(step);
    if let Some(hit) = I::with_memo(|m| m.borrow().get(&key).copied()) {
        return hit;
    }
    // Not borrowed while computing: a step's computation remembers its powers.
    let value = compute();
    I::with_memo(|m| {
        let mut m = m.borrow_mut();
        if m.len() >= MEMO_LIMIT {
            m.clear();
        }
        m.insert(key, value);
    });
    value
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::str::FromStr;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]
        #[test]
        fn rounding_by_division_equals_rust_decimal(
            lo in any::<u32>(), mid in any::<u32>(), hi in any::<u32>(), width in 0u8..3,
            negative in any::<bool>(), scale in 0u32..=28, dp in 0u32..=12,
        ) {
            // 64-bit digits, 96-bit digits, and a few digits (ties and zero).
            let value = match width {
                0 => Decimal::from_parts(lo % 100_000, 0, 0, negative, scale),
                1 => Decimal::from_parts(lo, mid, 0, negative, scale),
                _ => Decimal::from_parts(lo, mid, hi, negative, scale),
            };
            let mut up = value.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
            up.rescale(dp);
            let mut down = value.round_dp_with_strategy(dp, RoundingStrategy::ToZero);
            down.rescale(dp);
            let (ours_up, ours_down) = (half_up(value, dp), round_down(value, dp));
            prop_assert_eq!(ours_up.to_string(), up.to_string());
            prop_assert_eq!(ours_down.to_string(), down.to_string());
            prop_assert_eq!(ours_up.is_sign_negative(), up.is_sign_negative());
        }
    }

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap_or_default()
    }

    #[test]
    fn ln_2_constant_is_right() {
        assert_eq!(LN_2.to_string(), "0.6931471805599453094172321215");
    }

    #[test]
    fn a_remembered_power_is_the_series_digit_for_digit() {
        let series = |b: Decimal, e: Decimal| ln(b).and_then(|l| l.checked_mul(e)).and_then(exp);
        let exponent = d("0.6848");
        for base in ["1.05", "1.050", "1.0500", "0.98", "0.9800", "1.05"] {
            let base = d(base);
            for _ in 0..2 {
                let (ours, theirs) = (pow(base, exponent), series(base, exponent));
                assert_eq!(ours.map(|v| v.to_string()), theirs.map(|v| v.to_string()));
            }
        }
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

    #[test]
    fn widening_keeps_the_sign_of_zero_as_rescale_does() {
        for value in [
            Decimal::from_parts(0, 0, 0, true, 0),
            Decimal::from_parts(0, 0, 0, false, 1),
            Decimal::from_parts(0, 0, 0, true, 3),
            Decimal::new(-7, 0),
            Decimal::MAX,
            Decimal::from_parts(u32::MAX, u32::MAX, u32::MAX >> 4, true, 1),
        ] {
            for dp in 0..=28 {
                let mut theirs = value;
                theirs.rescale(dp);
                let ours = half_up(value, dp);
                assert_eq!(ours.to_string(), theirs.to_string(), "{value} to {dp}");
                assert_eq!(
                    ours.is_sign_negative(),
                    theirs.is_sign_negative(),
                    "{value:?}"
                );
            }
        }
    }

    #[test]
    fn sign_tests_are_the_comparisons_with_zero() {
        for value in [
            d("0"),
            d("-0.00"),
            d("0.01"),
            d("-0.01"),
            Decimal::MAX,
            Decimal::MIN,
        ] {
            assert_eq!(is_positive(value), value > Decimal::ZERO, "{value:?}");
            assert_eq!(is_negative(value), value < Decimal::ZERO, "{value:?}");
        }
    }
}
