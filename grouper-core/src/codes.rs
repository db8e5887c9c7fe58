//! ICD-10 codes as fixed-size integer keys.
//!
//! Codes are interned as `u64` (up to 8 ASCII bytes, big-endian) so that lookups hash an integer
//! and sorting by key equals sorting by byte value, the order CMS uses.

/// A code packed into an integer; byte order of the code is numeric order of the key.
pub type CodeKey = u64;

/// Pack an already normalised code; `None` when it cannot be a code (empty, too long, not ASCII).
pub fn pack(code: &str) -> Option<CodeKey> {
    let bytes = code.as_bytes();
    if bytes.is_empty() || bytes.len() > 8 || !bytes.iter().all(|b| b.is_ascii_graphic()) {
        return None;
    }
    let mut key = 0u64;
    for i in 0..8 {
        key = (key << 8) | u64::from(bytes.get(i).copied().unwrap_or(0));
    }
    Some(key)
}

/// Normalise a code as written on a claim: surrounding blanks trimmed, upper-cased (as CMS
/// does), and the one dot of the ICD-10-CM written form removed (`I50.20` is `I5020`: our
/// documented convenience; CMS rejects dots). A dot anywhere else (`I.2.1.4`, `02.703DZ`) is
/// kept, so the code is not one the tables know.
pub fn normalize(code: &str) -> String {
    let mut canonical = code.trim().to_ascii_uppercase();
    let dots = canonical.bytes().filter(|b| *b == b'.').count();
    if dots == 1 && canonical.as_bytes().get(3) == Some(&b'.') {
        canonical.remove(3);
    }
    canonical
}

/// [`normalize`] into an inline string: a code already canonical (what the claim readers
/// mostly pass on) is copied without a heap allocation.
pub fn normalize_inline(code: &str) -> smol_str::SmolStr {
    if is_canonical(code) {
        smol_str::SmolStr::new(code)
    } else {
        smol_str::SmolStr::from(normalize(code))
    }
}

/// [`normalize_inline`] of a code the claim already holds as a `SmolStr`: a canonical code is
/// cloned (a 24-byte copy for a code held inline), not rebuilt.
pub fn normalize_held(code: &smol_str::SmolStr) -> smol_str::SmolStr {
    if is_canonical(code) {
        code.clone()
    } else {
        smol_str::SmolStr::from(normalize(code))
    }
}

/// Whether `code` is its own normal form: graphic ASCII, no dot, no lower case.
fn is_canonical(code: &str) -> bool {
    let b = code.as_bytes();
    if (1..=8).contains(&b.len()) {
        let key = load(b);
        return matches!(classify(key, b.len()), Some(0));
    }
    code.bytes()
        .all(|b| b.is_ascii_graphic() && b != b'.' && !b.is_ascii_lowercase())
}

/// Every byte of a word set to the same value: `ONES * b`.
const ONES: u64 = 0x0101_0101_0101_0101;
/// The high bit of every byte of a word.
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The 1-8 bytes of `b` as a key: the first byte highest, zero bytes after the last.
#[inline]
fn load(b: &[u8]) -> u64 {
    let len = b.len();
    if len >= 4 {
        // Two 4-byte reads that overlap for a code shorter than 8: the shared bytes are the
        // same in both, so OR-ing them keeps them.
        let first = u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
        let last = u32::from_be_bytes([b[len - 4], b[len - 3], b[len - 2], b[len - 1]]);
        (u64::from(first) << 32) | (u64::from(last) << (8 * (8 - len)))
    } else {
        b.iter().fold(0u64, |key, &c| (key << 8) | u64::from(c)) << (8 * (8 - len))
    }
}

/// For the key of a code of `len` bytes (1-8): `None` unless every byte is graphic ASCII and
/// not a dot; else the high bit of each lower-case byte. Eight bytes at a time: every byte is
/// below 0x80 once the first test passes, so adding a constant below 0x80 to each byte never
/// carries into the next, and its high bit then says whether the byte reached a bound.
#[inline]
fn classify(key: u64, len: usize) -> Option<u64> {
    if key & HIGH != 0 {
        return None;
    }
    // The bytes of the code (the rest of the key is zero padding).
    let code = HIGH & (u64::MAX << (8 * (8 - len)));
    let at_least = |bound: u64| key.wrapping_add(ONES * (0x80 - bound)) & HIGH;
    let graphic = at_least(0x21) & !at_least(0x7F);
    let dots = key ^ (ONES * u64::from(b'.'));
    // A byte of `dots` is zero exactly where the key has a dot.
    let dot = !((((dots & !HIGH) + !HIGH) | dots) & HIGH) & HIGH;
    if graphic & !dot & code != code {
        return None;
    }
    Some(at_least(u64::from(b'a')) & !at_least(u64::from(b'z') + 1) & code)
}

/// `pack(&normalize(code))` without building the normalised string: the engine's look-up of
/// every code on every claim (no allocation on the hot path).
pub fn pack_normalized(code: &str) -> Option<CodeKey> {
    // Nearly every code is 1-8 graphic ASCII bytes without a dot: packed in one pass, with
    // nothing to trim or drop.
    let b = code.as_bytes();
    if (1..=8).contains(&b.len()) {
        let key = load(b);
        if let Some(lower) = classify(key, b.len()) {
            // 0x80 >> 2 is 0x20, the bit between a lower-case letter and its capital.
            return Some(key ^ (lower >> 2));
        }
    }
    // `trim` decodes characters; a code of graphic ASCII bytes has nothing to trim, so the
    // byte test goes first.
    let t = if code.bytes().all(|b| b.is_ascii_graphic()) {
        code.as_bytes()
    } else {
        code.trim().as_bytes()
    };
    let dots = t.iter().filter(|b| **b == b'.').count();
    // The one dot of the ICD-10-CM written form (after the category) is dropped; any other dot
    // stays and makes the code one no table knows (as `normalize` does).
    let skip = (dots == 1 && t.get(3) == Some(&b'.')).then_some(3);
    let len = t.len() - usize::from(skip.is_some());
    if len == 0 || len > 8 {
        return None;
    }
    let mut key = 0u64;
    let mut n = 0;
    for (i, b) in t.iter().enumerate() {
        if Some(i) == skip {
            continue;
        }
        if !b.is_ascii_graphic() {
            return None;
        }
        key = (key << 8) | u64::from(b.to_ascii_uppercase());
        n += 1;
    }
    Some(key << (8 * (8 - n)))
}

/// The code text of a key.
pub fn unpack(key: CodeKey) -> String {
    key.to_be_bytes()
        .iter()
        .take_while(|b| **b != 0)
        .map(|b| char::from(*b))
        .collect()
}

/// Codes of one version and what the tables say of each: keys sorted (as the compiled images
/// store them), with an open-addressed table from each key's hash to its position. A look-up
/// is one multiply, one slot and, nearly always, the key and value at that position (two
/// loads that do not wait on each other); a bisection of the sorted keys cost five or six
/// dependent cache misses per code when a file mixes versions. Building the table is one pass
/// over the keys, and it holds positions only (4 bytes a slot), so that a version's table is
/// a few hundred pages to fault in, not thousands.
#[derive(Debug, Clone)]
pub struct CodeMap<V> {
    keys: Vec<CodeKey>,
    values: Vec<V>,
    /// One more than the position in `keys` and `values` of the key homed at or probed to
    /// each slot; 0 marks an empty slot.
    slots: Box<[u32]>,
    /// `64 - log2(slots)`: the home slot of a key is the top bits of its Fibonacci hash.
    shift: u32,
}

/// Fibonacci hashing's multiplier (2^64 / the golden ratio).
const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

impl<V> CodeMap<V> {
    /// The map of `entries` sorted by key, without repeats; `None` when they are not.
    pub fn from_sorted(entries: Vec<(CodeKey, V)>) -> Option<CodeMap<V>> {
        let (keys, values): (Vec<CodeKey>, Vec<V>) = entries.into_iter().unzip();
        Self::from_sorted_columns(keys, values)
    }

    /// The map of `keys` (sorted, without repeats) and their `values`, in the same order;
    /// `None` when the keys are not sorted or the columns differ in length.
    pub fn from_sorted_columns(keys: Vec<CodeKey>, values: Vec<V>) -> Option<CodeMap<V>> {
        if keys.windows(2).any(|w| w[0] >= w[1])
            || keys.len() != values.len()
            || keys.len() >= (u32::MAX / 2) as usize
        {
            return None;
        }
        // At most two thirds full, so that a probe rarely leaves the home cache line.
        let slot_count = (keys.len() * 3 / 2 + 1).next_power_of_two().max(2);
        let shift = 64 - slot_count.trailing_zeros();
        let mut slots = vec![0u32; slot_count].into_boxed_slice();
        let mask = slot_count - 1;
        for (position, &key) in keys.iter().enumerate() {
            let mut slot = Self::home(key, shift);
            while slots[slot] != 0 {
                slot = (slot + 1) & mask;
            }
            slots[slot] = position as u32 + 1;
        }
        Some(CodeMap {
            keys,
            values,
            slots,
            shift,
        })
    }

    /// The map of `entries` in any order; of repeated keys the last is kept (as a hash map's
    /// inserts keep it).
    pub fn from_unsorted(entries: impl IntoIterator<Item = (CodeKey, V)>) -> CodeMap<V> {
        let mut entries: Vec<(CodeKey, V)> = entries.into_iter().collect();
        // Stable: repeats stay in order, and the last of each run is kept below.
        entries.sort_by_key(|(k, _)| *k);
        let mut unique: Vec<(CodeKey, V)> = Vec::with_capacity(entries.len());
        for (key, value) in entries {
            match unique.last_mut() {
                Some(last) if last.0 == key => last.1 = value,
                _ => unique.push((key, value)),
            }
        }
        Self::from_sorted(unique).unwrap_or_else(|| unreachable!("sorted and unique above"))
    }

    fn home(key: CodeKey, shift: u32) -> usize {
        (key.wrapping_mul(GOLDEN) >> shift) as usize
    }

    fn position(&self, key: CodeKey) -> Option<usize> {
        let mask = self.slots.len() - 1;
        let mut slot = Self::home(key, self.shift);
        loop {
            let position = (self.slots[slot] as usize).checked_sub(1)?;
            if self.keys[position] == key {
                return Some(position);
            }
            slot = (slot + 1) & mask;
        }
    }

    /// What the map holds for `key`.
    pub fn get(&self, key: &CodeKey) -> Option<&V> {
        self.position(*key).map(|i| &self.values[i])
    }

    /// Every code and its value, in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&CodeKey, &V)> {
        self.keys.iter().zip(&self.values)
    }

    /// Number of codes.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether there is no code.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_map_finds_what_a_hash_map_finds() {
        let codes = [
            "I5023", "I502", "I50", "A000", "Z@0217", "0016070", "S72001A", "S72001B", "I5023",
            "B20", "0016071", "I5022",
        ];
        let entries: Vec<(CodeKey, usize)> = codes
            .iter()
            .enumerate()
            .map(|(i, c)| (pack(c).unwrap(), i))
            .collect();
        let map = CodeMap::from_unsorted(entries.clone());
        let hashed: std::collections::HashMap<CodeKey, usize> = entries.into_iter().collect();
        assert_eq!(map.len(), hashed.len());
        for probe in codes
            .iter()
            .chain(&["I5021", "A00", "Z@", "S72001", "ZZZZ", "0016072"])
        {
            let key = pack(probe).unwrap();
            assert_eq!(map.get(&key), hashed.get(&key), "{probe}");
        }
        let keys: Vec<CodeKey> = map.iter().map(|(k, _)| *k).collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]));
        assert!(CodeMap::from_sorted(vec![(2, 'a'), (1, 'b')]).is_none());
        assert!(CodeMap::from_sorted(vec![(1, 'a'), (1, 'b')]).is_none());
        assert!(CodeMap::from_sorted_columns(vec![1, 2], vec!['a']).is_none());
        assert!(CodeMap::<char>::from_sorted(Vec::new()).is_some_and(|m| m.get(&1).is_none()));
    }

    #[test]
    fn key_order_is_byte_order() {
        let mut codes = ["I5020", "I502", "A000", "Z@0217", "0016070", "I50"];
        let mut keys: Vec<_> = codes.iter().map(|c| pack(c).unwrap()).collect();
        codes.sort();
        keys.sort();
        let back: Vec<_> = codes.iter().map(|c| pack(c).unwrap()).collect();
        assert_eq!(keys, back);
    }

    proptest::proptest! {
        // Keys that share their high bytes (as the codes of one category do) crowd the same
        // home slots: every key is still found, and no other key is.
        #[test]
        fn code_map_finds_every_key_and_no_other(
            keys in proptest::collection::btree_set(0u64..4096, 0..600),
            probes in proptest::collection::vec(0u64..5000, 50),
            high in 0u64..256,
        ) {
            let key = |k: u64| (high << 56) | k;
            let entries: Vec<(CodeKey, u64)> = keys.iter().map(|k| (key(*k), *k)).collect();
            let map = CodeMap::from_sorted(entries).expect("sorted");
            for k in &keys {
                proptest::prop_assert_eq!(map.get(&key(*k)), Some(k));
            }
            for p in probes {
                proptest::prop_assert_eq!(map.get(&key(p)).is_some(), keys.contains(&p));
            }
        }

        #[test]
        fn pack_normalized_is_pack_of_normalize_for_any_short_text(
            code in "[ -~\t\u{a0}\u{3000}é.]{0,10}"
        ) {
            proptest::prop_assert_eq!(pack_normalized(&code), pack(&normalize(&code)));
            proptest::prop_assert_eq!(normalize_inline(&code), normalize(&code));
            proptest::prop_assert_eq!(normalize_held(&code.as_str().into()), normalize(&code));
        }
    }

    #[test]
    fn pack_normalized_is_pack_of_normalize() {
        let samples = [
            "I5023",
            " i50.23 ",
            "I50.2.3",
            "I.2.1.4",
            "02703dz",
            "",
            " ",
            ".",
            "I50.",
            "ABCDEFGHI",
            "ABCD.EFGH",
            "ABC.DEFGH",
            "A B",
            "é",
            "0016070",
            "Z@0217",
            "i5",
            "I10\u{3000}",
            "\u{a0}I10",
            "\tI10\n",
        ];
        for code in samples {
            assert_eq!(pack_normalized(code), pack(&normalize(code)), "{code:?}");
            assert_eq!(normalize_inline(code), normalize(code), "{code:?}");
        }
    }

    /// The word-at-a-time tests against the byte-at-a-time rule, for every ASCII byte and a
    /// two-byte character at every position of codes of every length the fast path takes.
    #[test]
    fn word_at_a_time_classification_matches_the_byte_rule() {
        let byte_rule = |code: &str| {
            let plain = code.bytes().all(|b| b.is_ascii_graphic() && b != b'.');
            let key = code
                .bytes()
                .fold(0u64, |k, b| (k << 8) | u64::from(b.to_ascii_uppercase()));
            let canonical = plain && !code.bytes().any(|b| b.is_ascii_lowercase());
            (plain.then(|| key << (8 * (8 - code.len()))), canonical)
        };
        let mut checked = 0;
        for len in 1..=8usize {
            for at in 0..len {
                let fills = (0u8..128).map(char::from).chain(['é', 'a', 'z', 'A', 'Z']);
                for c in fills {
                    let mut code: String = "a0Z`z9{~"[..len].to_string();
                    code.replace_range(at..at + 1, c.encode_utf8(&mut [0; 4]));
                    if code.len() > 8 {
                        continue;
                    }
                    let (key, canonical) = byte_rule(&code);
                    if key.is_some() {
                        assert_eq!(pack_normalized(&code), key, "{code:?}");
                    }
                    assert_eq!(is_canonical(&code), canonical, "{code:?}");
                    checked += 1;
                }
            }
        }
        assert!(checked > 4000, "{checked}");
    }

    #[test]
    fn normalisation() {
        assert_eq!(normalize(" i50.20 "), "I5020");
        assert_eq!(normalize("S72.001A"), "S72001A");
        assert_eq!(normalize(" i50. "), "I50");
        assert_eq!(normalize("I.2.1.4"), "I.2.1.4");
        assert_eq!(normalize("I50.2.0"), "I50.2.0");
        assert_eq!(normalize("02.703DZ"), "02.703DZ");
        assert_eq!(pack(""), None);
        assert_eq!(pack("TOOLONGCODE"), None);
        assert_eq!(pack("A B"), None);
    }
}
