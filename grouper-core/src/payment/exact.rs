//! A step's products and sums in 128-bit integers, for the steps the pricer runs on every
//! claim twice (the outlier thresholds of both passes). rust_decimal multiplies through a
//! 192-bit buffer and aligns scales by loops of divisions; an [`Exact`] value is digits and a
//! scale, and a product of two 64-bit digit strings is one multiplication.
//!
//! Same answers, digit for digit: a step's formula is written once, generic over [`Arith`],
//! and computed as [`Exactly`] first. An `Exactly` operation gives up (`None`) when its result
//! would need more than 96 bits of digits or more than 28 places, the limits within which
//! rust_decimal is exact too (its representation of the same value never has more places:
//! it writes a zero product with none). So when the exact computation gets through, the
//! `Decimal` one would have computed the same value without rounding, and rounding the same
//! value gives the same digits. A zero answer is left to `Decimal` (the sign of a zero depends
//! on how it was reached), as is every case the exact computation gives up on.

use std::ops::{Add, Mul, Sub};

use rust_decimal::Decimal;

use super::math::{half_up, POWERS_OF_TEN};

/// The digits a `Decimal` holds: fewer than 2^96.
const DIGITS_LIMIT: u128 = 1 << 96;

/// A decimal value as digits and a scale (`digits × 10^-scale`), within `Decimal`'s limits.
#[derive(Debug, Clone, Copy)]
pub(super) struct Exact {
    digits: i128,
    scale: u32,
}

impl Exact {
    fn new(digits: i128, scale: u32) -> Option<Exact> {
        (scale <= Decimal::MAX_SCALE && digits.unsigned_abs() < DIGITS_LIMIT)
            .then_some(Exact { digits, scale })
    }

    fn of(value: Decimal) -> Exact {
        Exact {
            digits: value.mantissa(),
            scale: value.scale(),
        }
    }

    /// The digits at `scale` (not below the value's own).
    fn digits_at(self, scale: u32) -> Option<i128> {
        if scale == self.scale {
            return Some(self.digits);
        }
        let power = *POWERS_OF_TEN.get((scale - self.scale) as usize)?;
        // Powers of ten up to 10^28, below 2^127.
        product(self.digits, power as i128)
    }

    fn checked_add(self, other: Exact) -> Option<Exact> {
        let scale = self.scale.max(other.scale);
        let sum = self
            .digits_at(scale)?
            .checked_add(other.digits_at(scale)?)?;
        Exact::new(sum, scale)
    }

    fn checked_sub(self, other: Exact) -> Option<Exact> {
        // Digits below 2^96 negate without overflow.
        self.checked_add(Exact {
            digits: -other.digits,
            ..other
        })
    }

    fn checked_mul(self, other: Exact) -> Option<Exact> {
        Exact::new(
            product(self.digits, other.digits)?,
            self.scale + other.scale,
        )
    }

    fn to_decimal(self) -> Option<Decimal> {
        Decimal::try_from_i128_with_scale(self.digits, self.scale).ok()
    }
}

/// `a × b`, `None` on overflow. Two 64-bit numbers multiply without overflow in 128 bits,
/// with one instruction and no overflow test (the usual case: digits and powers of ten).
#[inline(always)]
fn product(a: i128, b: i128) -> Option<i128> {
    match (i64::try_from(a), i64::try_from(b)) {
        (Ok(a), Ok(b)) => Some(i128::from(a) * i128::from(b)),
        _ => a.checked_mul(b),
    }
}

/// An exact computation so far, or `None` once it gave up.
#[derive(Debug, Clone, Copy)]
pub(super) struct Exactly(Option<Exact>);

impl From<Decimal> for Exactly {
    fn from(value: Decimal) -> Exactly {
        Exactly(Some(Exact::of(value)))
    }
}

impl Add for Exactly {
    type Output = Exactly;
    fn add(self, other: Exactly) -> Exactly {
        Exactly(self.0.zip(other.0).and_then(|(a, b)| a.checked_add(b)))
    }
}

impl Sub for Exactly {
    type Output = Exactly;
    fn sub(self, other: Exactly) -> Exactly {
        Exactly(self.0.zip(other.0).and_then(|(a, b)| a.checked_sub(b)))
    }
}

impl Mul for Exactly {
    type Output = Exactly;
    fn mul(self, other: Exactly) -> Exactly {
        Exactly(self.0.zip(other.0).and_then(|(a, b)| a.checked_mul(b)))
    }
}

/// What a step's formula computes with: `Decimal` (rust_decimal's operators) or [`Exactly`].
pub(super) trait Arith:
    Copy + From<Decimal> + Add<Output = Self> + Sub<Output = Self> + Mul<Output = Self>
{
}

impl Arith for Decimal {}
impl Arith for Exactly {}

/// `formula`'s value rounded HALF_UP to `dp` places: `exact` (the formula computed as
/// [`Exactly`]) when it got through to a non-zero answer, else `decimal()`, the same formula
/// in `Decimal`.
#[inline]
pub(super) fn rounded(dp: u32, exact: Exactly, decimal: impl FnOnce() -> Decimal) -> Decimal {
    if let Some(value) = exact.0.and_then(Exact::to_decimal) {
        let r = half_up(value, dp);
        if !r.is_zero() {
            return r;
        }
    }
    half_up(decimal(), dp)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn decimal(lo: u32, mid: u32, wide: bool, negative: bool, scale: u32) -> Decimal {
        Decimal::from_parts(lo, if wide { mid } else { mid % 1000 }, 0, negative, scale)
    }

    /// The checked rust_decimal operation, `None` where it would panic.
    fn both(
        a: Decimal,
        b: Decimal,
        exact: fn(Exactly, Exactly) -> Exactly,
        theirs: fn(Decimal, Decimal) -> Option<Decimal>,
    ) -> Result<(), TestCaseError> {
        let ours = exact(a.into(), b.into()).0.and_then(Exact::to_decimal);
        if let Some(ours) = ours {
            // Same value; rounded to any scale, the same digits.
            let theirs = theirs(a, b).ok_or_else(|| TestCaseError::fail("overflow"))?;
            prop_assert_eq!(ours, theirs);
            for dp in [0, 2, 4, 9] {
                prop_assert_eq!(
                    half_up(ours, dp).to_string(),
                    half_up(theirs, dp).to_string()
                );
            }
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]
        #[test]
        fn exact_operations_give_the_values_rust_decimal_gives(
            a in (any::<u32>(), any::<u32>(), any::<bool>(), any::<bool>(), 0u32..=18),
            b in (any::<u32>(), any::<u32>(), any::<bool>(), any::<bool>(), 0u32..=18),
        ) {
            let a = decimal(a.0, a.1, a.2, a.3, a.4);
            let b = decimal(b.0, b.1, b.2, b.3, b.4);
            both(a, b, |x, y| x + y, |x, y| x.checked_add(y))?;
            both(a, b, |x, y| x - y, |x, y| x.checked_sub(y))?;
            both(a, b, |x, y| x * y, |x, y| x.checked_mul(y))?;
        }
    }

    #[test]
    fn too_many_places_or_digits_give_up() {
        let places = Decimal::new(1, 20);
        assert!((Exactly::from(places) * Exactly::from(places)).0.is_none());
        let digits = Decimal::from_parts(0, 0, 1 << 31, false, 0);
        assert!((Exactly::from(digits) * Exactly::from(Decimal::TEN))
            .0
            .is_none());
        let sum = Exactly::from(Decimal::MAX) + Exactly::from(Decimal::ONE);
        assert!(sum.0.is_none());
    }

    #[test]
    fn a_zero_answer_is_the_decimal_formula_s() {
        let mut negative_zero = Decimal::new(0, 9);
        negative_zero.set_sign_negative(true);
        let exact = Exactly::from(Decimal::ONE) - Exactly::from(Decimal::ONE);
        assert!(rounded(9, exact, || negative_zero).is_sign_negative());
        let exact = Exactly::from(Decimal::new(15, 1)) * Exactly::from(Decimal::TWO);
        assert_eq!(rounded(2, exact, || Decimal::ZERO).to_string(), "3.00");
    }
}
