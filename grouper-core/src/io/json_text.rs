//! The one rule for the bytes that end a plain JSON string (its quote, a backslash, a control
//! character), tested eight bytes at a time: the claim line's scan ([`super::claim_line`])
//! finds where a string ends with it, the line writer ([`super::json_line`]) whether a string
//! needs serde_json's escapes.

/// Whether `b` ends a plain string's contents: its quote, or a byte serde_json escapes.
pub(super) fn stops_string(b: u8) -> bool {
    b == b'"' || b == b'\\' || b < 0x20
}

/// The bytes of a little-endian `word` that [`stops_string`], as their high bits: exact up to
/// the first such byte (a borrow can only mark bytes after it; bit-twiddling's `hasless`), so
/// the lowest bit is the first such byte, and the word holds one exactly when any bit is set.
pub(super) fn string_stops(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let below = |v: u64, bound: u8| v.wrapping_sub(ONES * u64::from(bound)) & !v & HIGH;
    below(word ^ (ONES * u64::from(b'"')), 1)
        | below(word ^ (ONES * u64::from(b'\\')), 1)
        | below(word, 0x20)
}

/// The length of a JSON string's contents up to its closing quote, when no escape or control
/// character comes first (the scan leaves those to serde). A claim's codes fit in one word, so
/// most strings are one test.
pub(super) fn plain_string_len(bytes: &[u8]) -> Option<usize> {
    let mut at = 0;
    let end = loop {
        let Some(word) = bytes.get(at..at + 8) else {
            break at + bytes[at..].iter().position(|&b| stops_string(b))?;
        };
        let stops = string_stops(u64::from_le_bytes(word.try_into().ok()?));
        if stops != 0 {
            break at + (stops.trailing_zeros() / 8) as usize;
        }
        at += 8;
    };
    (bytes[end] == b'"').then_some(end)
}

/// Whether `bytes` hold a byte serde_json escapes: a DRG title is about 60 bytes, and a byte
/// loop cost 7 instructions a byte.
pub(super) fn needs_escape(bytes: &[u8]) -> bool {
    let mut words = bytes.chunks_exact(8);
    if words
        .by_ref()
        .any(|w| string_stops(u64::from_le_bytes(w.try_into().expect("eight bytes"))) != 0)
    {
        return true;
    }
    // The last bytes (a whole code, mostly) as one word, filled with a letter.
    let mut last = [b'A'; 8];
    let rest = words.remainder();
    last[..rest.len()].copy_from_slice(rest);
    string_stops(u64::from_le_bytes(last)) != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_strings_end_is_found_a_word_at_a_time_as_byte_by_byte() {
        // Every byte at every position of strings shorter and longer than a word, after
        // plain bytes and after bytes with the high bit set (UTF-8), which must not stop it.
        for len in 0..20 {
            for at in 0..len {
                for filler in [b'A', 0xC3, 0x7F, b'!'] {
                    for b in 0..=255u8 {
                        let mut bytes = vec![filler; len];
                        bytes[at] = b;
                        let escapes = bytes.iter().any(|&b| stops_string(b));
                        assert_eq!(needs_escape(&bytes), escapes, "{bytes:?}");
                        bytes.push(b'"');
                        let by_byte = bytes.iter().position(|&b| stops_string(b)).unwrap();
                        let expected = (bytes[by_byte] == b'"').then_some(by_byte);
                        assert_eq!(plain_string_len(&bytes), expected, "{bytes:?}");
                    }
                }
            }
        }
        assert_eq!(plain_string_len(b"I5023"), None);
    }
}
