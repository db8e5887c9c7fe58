//! A decimal's text, written without `core::fmt`: the same bytes as `Decimal`'s `Display`
//! (sign, digits, the point at the value's own scale, trailing zeros kept), which a priced
//! line prints about sixty times.

use rust_decimal::Decimal;

use super::math::half_up;

/// Room for the sign, 29 digits of a 96-bit mantissa, the point and leading zeros.
const CAPACITY: usize = 40;

/// A decimal's text, right-aligned in a stack buffer.
pub(crate) struct DecimalText {
    buf: [u8; CAPACITY],
    start: usize,
}

impl DecimalText {
    /// The text `Display` gives `value`: written from its last digit back, in one pass, two
    /// digits at a time. The position is a local, not a field, so that it stays in a register.
    pub(crate) fn new(value: Decimal) -> DecimalText {
        let mut buf = [0u8; CAPACITY];
        let mut pos = CAPACITY;
        let mut wide = value.mantissa().unsigned_abs();
        let mut fraction = value.scale();
        let mut point_pending = fraction > 0;
        // Digits beyond 64 bits (rare): one at a time, in 128-bit arithmetic.
        while wide > u128::from(u64::MAX) {
            pos -= 1;
            buf[pos] = b'0' + (wide % 10) as u8;
            wide /= 10;
            if fraction > 0 {
                fraction -= 1;
                if fraction == 0 {
                    pos -= 1;
                    buf[pos] = b'.';
                    point_pending = false;
                }
            }
        }
        let mut n = wide as u64;
        while fraction >= 2 {
            pos -= 2;
            put_pair(&mut buf, pos, n % 100);
            n /= 100;
            fraction -= 2;
        }
        if fraction == 1 {
            pos -= 1;
            buf[pos] = b'0' + (n % 10) as u8;
            n /= 10;
        }
        if point_pending {
            pos -= 1;
            buf[pos] = b'.';
        }
        // The whole part: at least one digit.
        while n >= 100 {
            pos -= 2;
            put_pair(&mut buf, pos, n % 100);
            n /= 100;
        }
        if n >= 10 {
            pos -= 2;
            put_pair(&mut buf, pos, n);
        } else {
            pos -= 1;
            buf[pos] = b'0' + n as u8;
        }
        if value.is_sign_negative() {
            pos -= 1;
            buf[pos] = b'-';
        }
        DecimalText { buf, start: pos }
    }

    /// The text of money: half-up to exactly two places, as `math::half_up(value, 2)` prints.
    pub(crate) fn money(value: Decimal) -> DecimalText {
        DecimalText::new(half_up(value, 2))
    }

    /// The text as bytes (ASCII).
    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.buf[self.start..]
    }

    /// The text.
    pub(crate) fn as_str(&self) -> &str {
        // Only ASCII digits, '-' and '.' are ever pushed.
        std::str::from_utf8(self.as_bytes()).unwrap_or("")
    }
}

/// The two digits of `pair` (< 100) at `pos` and `pos + 1`.
#[inline(always)]
fn put_pair(buf: &mut [u8; CAPACITY], pos: usize, pair: u64) {
    let i = pair as usize * 2;
    buf[pos] = PAIRS[i];
    buf[pos + 1] = PAIRS[i + 1];
}

/// "00" to "99", each pair's two digits in order.
const PAIRS: [u8; 200] = {
    let mut pairs = [0u8; 200];
    let mut i = 0;
    while i < 100 {
        pairs[2 * i] = b'0' + (i / 10) as u8;
        pairs[2 * i + 1] = b'0' + (i % 10) as u8;
        i += 1;
    }
    pairs
};

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn edge_values_print_as_display_does() {
        for value in [
            Decimal::ZERO,
            Decimal::from_parts(0, 0, 0, true, 2),
            Decimal::from_parts(0, 0, 0, false, 28),
            Decimal::MAX,
            Decimal::MIN,
            Decimal::from_parts(u32::MAX, u32::MAX, u32::MAX, true, 28),
            Decimal::from_parts(1, 0, 0, false, 28),
            Decimal::new(-5, 1),
            Decimal::new(2_486_503, 2),
        ] {
            assert_eq!(DecimalText::new(value).as_str(), value.to_string());
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]
        #[test]
        fn every_decimal_prints_as_display_does(
            lo in any::<u32>(), mid in any::<u32>(), hi in any::<u32>(),
            small in any::<bool>(), negative in any::<bool>(), scale in 0u32..=28,
        ) {
            // Half the cases fit in 64 bits, where the printed amounts live.
            let (mid, hi) = if small { (mid, 0) } else { (mid, hi) };
            let value = Decimal::from_parts(lo, mid, hi, negative, scale);
            let (text, money) = (DecimalText::new(value), DecimalText::money(value));
            prop_assert_eq!(text.as_str(), value.to_string());
            prop_assert_eq!(money.as_str(), half_up(value, 2).to_string());
        }
    }
}
