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
    let canonical = code
        .bytes()
        .all(|b| b.is_ascii_graphic() && b != b'.' && !b.is_ascii_lowercase());
    if canonical {
        smol_str::SmolStr::new(code)
    } else {
        smol_str::SmolStr::from(normalize(code))
    }
}

/// `pack(&normalize(code))` without building the normalised string: the engine's look-up of
/// every code on every claim (no allocation on the hot path).
pub fn pack_normalized(code: &str) -> Option<CodeKey> {
    // Nearly every code is 1-8 graphic ASCII bytes without a dot: packed in one pass, with
    // nothing to trim or drop.
    let b = code.as_bytes();
    if (1..=8).contains(&b.len()) {
        let mut key = 0u64;
        let mut plain = true;
        for &c in b {
            plain &= c.is_ascii_graphic() && c != b'.';
            key = (key << 8) | u64::from(c.to_ascii_uppercase());
        }
        if plain {
            return Some(key << (8 * (8 - b.len())));
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

/// Codes of one version and what the tables say of each, built without hashing every code:
/// keys sorted (as the compiled images store them), with an index from each 3-byte prefix
/// (an ICD-10 category) to its keys, searched by bisection. Decoding a version builds it in a
/// pass over the keys, where a hash map of 150,000 codes took most of the decoding.
#[derive(Debug, Clone)]
pub struct CodeMap<V> {
    keys: Vec<CodeKey>,
    values: Vec<V>,
    prefixes: std::collections::HashMap<u32, (u32, u32), rustc_hash::FxBuildHasher>,
}

impl<V> CodeMap<V> {
    /// The map of `entries` sorted by key, without repeats; `None` when they are not.
    pub fn from_sorted(entries: Vec<(CodeKey, V)>) -> Option<CodeMap<V>> {
        if entries.windows(2).any(|w| w[0].0 >= w[1].0) || entries.len() > u32::MAX as usize {
            return None;
        }
        let (keys, values): (Vec<CodeKey>, Vec<V>) = entries.into_iter().unzip();
        let mut prefixes = std::collections::HashMap::default();
        let mut start = 0;
        while start < keys.len() {
            let prefix = Self::prefix(keys[start]);
            let end = start + keys[start..].partition_point(|k| Self::prefix(*k) == prefix);
            prefixes.insert(prefix, (start as u32, end as u32));
            start = end;
        }
        Some(CodeMap {
            keys,
            values,
            prefixes,
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

    fn prefix(key: CodeKey) -> u32 {
        (key >> 40) as u32
    }

    fn position(&self, key: CodeKey) -> Option<usize> {
        let (start, end) = *self.prefixes.get(&Self::prefix(key))?;
        let (start, end) = (start as usize, end as usize);
        self.keys[start..end]
            .binary_search(&key)
            .ok()
            .map(|i| start + i)
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
        #[test]
        fn pack_normalized_is_pack_of_normalize_for_any_short_text(
            code in "[ -~\t\u{a0}\u{3000}é.]{0,10}"
        ) {
            proptest::prop_assert_eq!(pack_normalized(&code), pack(&normalize(&code)));
            proptest::prop_assert_eq!(normalize_inline(&code), normalize(&code));
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
