//! Fixed-width rows for the compiled images: a table of code definitions stored as one byte
//! string, so that decoding it is one pass of `from_le_bytes` instead of a postcard varint and
//! a serde call for every field (the code tables are most of an image, and decoding a version
//! spent most of its time there).

use std::marker::PhantomData;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use super::definitions::{Diagnosis, Procedure};
use crate::attributes::{AttrSet, WORDS};
use crate::codes::CodeKey;
use crate::tables::CcLevel;

/// A value stored as [`Row::WIDTH`] bytes.
pub(crate) trait Row: Sized {
    /// The bytes of one row.
    const WIDTH: usize;
    /// Append the row's bytes (exactly `WIDTH`).
    fn put(&self, out: &mut Vec<u8>);
    /// The row of `row` (`WIDTH` bytes); `None` when they hold no valid row.
    fn take(row: &[u8]) -> Option<Self>;
}

/// Rows serialised as one byte string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Rows<T>(pub(crate) Vec<T>);

impl<T: Row + Copy> Serialize for Rows<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(&row_bytes(self.0.iter().copied()))
    }
}

impl<'de, T: Row> Deserialize<'de> for Rows<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_bytes(RowsVisitor(PhantomData))
    }
}

/// Keyed rows read into two columns, the keys and the values, as a [`crate::codes::CodeMap`]
/// holds them: no vector of pairs to split (a version's diagnoses are 3 MB of them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Columns<V>(pub(crate) Vec<CodeKey>, pub(crate) Vec<V>);

impl<V: Copy> Serialize for Columns<V>
where
    (CodeKey, V): Row,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let rows = self.0.iter().copied().zip(self.1.iter().copied());
        s.serialize_bytes(&row_bytes(rows))
    }
}

impl<'de, V> Deserialize<'de> for Columns<V>
where
    (CodeKey, V): Row,
{
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_bytes(ColumnsVisitor(PhantomData))
    }
}

/// The bytes of `rows`, end to end.
fn row_bytes<T: Row>(rows: impl ExactSizeIterator<Item = T>) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(rows.len() * T::WIDTH);
    for row in rows {
        row.put(&mut bytes);
    }
    bytes
}

/// Each row of `bytes` in order, given to `each`; an error for a partial or an invalid row.
fn read_rows<T: Row, E: de::Error>(bytes: &[u8], mut each: impl FnMut(T)) -> Result<(), E> {
    if !bytes.len().is_multiple_of(T::WIDTH) {
        return Err(E::custom("a partial row"));
    }
    for row in bytes.chunks_exact(T::WIDTH) {
        each(T::take(row).ok_or_else(|| E::custom("an invalid row"))?);
    }
    Ok(())
}

struct RowsVisitor<T>(PhantomData<T>);

impl<T: Row> Visitor<'_> for RowsVisitor<T> {
    type Value = Rows<T>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "rows of {} bytes", T::WIDTH)
    }

    fn visit_bytes<E: de::Error>(self, bytes: &[u8]) -> Result<Rows<T>, E> {
        let mut rows = Vec::with_capacity(bytes.len() / T::WIDTH);
        read_rows(bytes, |row| rows.push(row))?;
        Ok(Rows(rows))
    }
}

struct ColumnsVisitor<V>(PhantomData<V>);

impl<V> Visitor<'_> for ColumnsVisitor<V>
where
    (CodeKey, V): Row,
{
    type Value = Columns<V>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "rows of {} bytes", <(CodeKey, V)>::WIDTH)
    }

    fn visit_bytes<E: de::Error>(self, bytes: &[u8]) -> Result<Columns<V>, E> {
        let n = bytes.len() / <(CodeKey, V)>::WIDTH;
        let (mut keys, mut values) = (Vec::with_capacity(n), Vec::with_capacity(n));
        read_rows(bytes, |(key, value)| {
            keys.push(key);
            values.push(value);
        })?;
        Ok(Columns(keys, values))
    }
}

// Readers of a field at a constant offset of a row of constant width: once inlined, the
// bounds checks fold away.

fn u32_at<const N: usize>(row: &[u8; N], at: usize) -> u32 {
    u32::from_le_bytes([row[at], row[at + 1], row[at + 2], row[at + 3]])
}

fn u64_at<const N: usize>(row: &[u8; N], at: usize) -> u64 {
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(&row[at..at + 8]);
    u64::from_le_bytes(bytes)
}

/// A flag byte, 0 or 1.
fn flag(byte: u8) -> Option<bool> {
    match byte {
        0 => Some(false),
        1 => Some(true),
        _ => None,
    }
}

impl Row for CodeKey {
    const WIDTH: usize = 8;

    fn put(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.to_le_bytes());
    }

    fn take(row: &[u8]) -> Option<Self> {
        let row: &[u8; 8] = row.try_into().ok()?;
        Some(u64::from_le_bytes(*row))
    }
}

impl Row for AttrSet {
    const WIDTH: usize = 8 * WORDS;

    fn put(&self, out: &mut Vec<u8>) {
        for word in &self.0 {
            word.put(out);
        }
    }

    fn take(row: &[u8]) -> Option<Self> {
        let row: &[u8; 8 * WORDS] = row.try_into().ok()?;
        let mut set = AttrSet::EMPTY;
        for (i, word) in set.0.iter_mut().enumerate() {
            *word = u64_at(row, 8 * i);
        }
        Some(set)
    }
}

impl Row for (CodeKey, Diagnosis) {
    /// Key 8, MDC 1, severity 1, four list indexes 16, exclusion group 1 + 4, sex MDCs 1 + 2.
    const WIDTH: usize = 34;

    fn put(&self, out: &mut Vec<u8>) {
        let (key, d) = self;
        key.put(out);
        out.push(d.mdc);
        out.push(d.severity as u8);
        for index in [
            d.attributes,
            d.own_attributes,
            d.marking_attributes,
            d.hac_lists,
        ] {
            out.extend_from_slice(&index.to_le_bytes());
        }
        out.push(u8::from(d.exclusion_group.is_some()));
        out.extend_from_slice(&d.exclusion_group.unwrap_or(0).to_le_bytes());
        out.push(u8::from(d.sex_mdc.is_some()));
        let (male, female) = d.sex_mdc.unwrap_or((0, 0));
        out.extend_from_slice(&[male as u8, female as u8]);
    }

    fn take(row: &[u8]) -> Option<Self> {
        let row: &[u8; 34] = row.try_into().ok()?;
        let severity = match row[9] {
            0 => CcLevel::NonCc,
            1 => CcLevel::Cc,
            2 => CcLevel::Mcc,
            _ => return None,
        };
        let diagnosis = Diagnosis {
            mdc: row[8],
            severity,
            attributes: u32_at(row, 10),
            own_attributes: u32_at(row, 14),
            marking_attributes: u32_at(row, 18),
            hac_lists: u32_at(row, 22),
            exclusion_group: flag(row[26])?.then_some(u32_at(row, 27)),
            sex_mdc: flag(row[31])?.then_some((row[32] as i8, row[33] as i8)),
        };
        Some((u64_at(row, 0), diagnosis))
    }
}

impl Row for (CodeKey, Procedure) {
    /// Key 8, attributes 4, clusters 4.
    const WIDTH: usize = 16;

    fn put(&self, out: &mut Vec<u8>) {
        let (key, p) = self;
        key.put(out);
        out.extend_from_slice(&p.attributes.to_le_bytes());
        out.extend_from_slice(&p.clusters.to_le_bytes());
    }

    fn take(row: &[u8]) -> Option<Self> {
        let row: &[u8; 16] = row.try_into().ok()?;
        let procedure = Procedure {
            attributes: u32_at(row, 8),
            clusters: u32_at(row, 12),
        };
        Some((u64_at(row, 0), procedure))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn diagnosis() -> impl Strategy<Value = (CodeKey, Diagnosis)> {
        let severity = prop_oneof![Just(CcLevel::NonCc), Just(CcLevel::Cc), Just(CcLevel::Mcc)];
        (
            any::<u64>(),
            any::<u8>(),
            severity,
            any::<[u32; 4]>(),
            any::<Option<u32>>(),
            any::<Option<(i8, i8)>>(),
        )
            .prop_map(|(key, mdc, severity, lists, exclusion_group, sex_mdc)| {
                let d = Diagnosis {
                    mdc,
                    severity,
                    attributes: lists[0],
                    own_attributes: lists[1],
                    marking_attributes: lists[2],
                    hac_lists: lists[3],
                    exclusion_group,
                    sex_mdc,
                };
                (key, d)
            })
    }

    /// `rows` through postcard and back.
    fn round_trip<T: Row + Copy>(rows: Vec<T>) -> Vec<T> {
        let bytes = postcard::to_allocvec(&Rows(rows)).expect("encodes");
        let Rows(back) = postcard::from_bytes(&bytes).expect("decodes");
        back
    }

    proptest! {
        #[test]
        fn diagnosis_rows_decode_to_what_was_encoded(rows in prop::collection::vec(diagnosis(), 0..40)) {
            let back = round_trip(rows.clone());
            // `Diagnosis` has no `PartialEq`: compare the debug forms, which show every field.
            prop_assert_eq!(format!("{back:?}"), format!("{rows:?}"));
        }

        #[test]
        fn procedure_and_attribute_rows_decode_to_what_was_encoded(
            keys in prop::collection::vec(any::<(u64, u32, u32)>(), 0..40),
            words in prop::collection::vec(any::<[u64; WORDS]>(), 0..10),
        ) {
            let procedures: Vec<(CodeKey, Procedure)> = keys
                .iter()
                .map(|&(k, attributes, clusters)| (k, Procedure { attributes, clusters }))
                .collect();
            let back = round_trip(procedures.clone());
            prop_assert_eq!(format!("{back:?}"), format!("{procedures:?}"));
            let sets: Vec<AttrSet> = words.into_iter().map(AttrSet).collect();
            prop_assert_eq!(round_trip(sets.clone()), sets);
        }
    }

    #[test]
    fn columns_hold_the_rows_in_order() {
        let rows = vec![(3 as CodeKey, sample_diagnosis()), (9, sample_diagnosis())];
        let columns = Columns(vec![3, 9], vec![sample_diagnosis(); 2]);
        let as_rows = postcard::to_allocvec(&Rows(rows)).expect("encodes");
        assert_eq!(postcard::to_allocvec(&columns).expect("encodes"), as_rows);
        let Columns(keys, values): Columns<Diagnosis> =
            postcard::from_bytes(&as_rows).expect("decodes");
        assert_eq!(keys, [3, 9]);
        assert_eq!(format!("{values:?}"), format!("{:?}", columns.1));
    }

    #[test]
    fn a_partial_or_invalid_row_is_an_error() {
        let mut bytes = Vec::new();
        (
            7 as CodeKey,
            Procedure {
                attributes: 1,
                clusters: 2,
            },
        )
            .put(&mut bytes);
        bytes.pop();
        let encoded = postcard::to_allocvec(&serde_bytes_of(&bytes)).expect("encodes");
        assert!(postcard::from_bytes::<Rows<(CodeKey, Procedure)>>(&encoded).is_err());
        let mut bytes = Vec::new();
        let (key, mut d) = (1 as CodeKey, sample_diagnosis());
        d.severity = CcLevel::Mcc;
        (key, d).put(&mut bytes);
        bytes[9] = 3;
        let encoded = postcard::to_allocvec(&serde_bytes_of(&bytes)).expect("encodes");
        assert!(postcard::from_bytes::<Rows<(CodeKey, Diagnosis)>>(&encoded).is_err());
    }

    fn sample_diagnosis() -> Diagnosis {
        Diagnosis {
            mdc: 5,
            severity: CcLevel::NonCc,
            attributes: 1,
            own_attributes: 2,
            marking_attributes: 3,
            hac_lists: 0,
            exclusion_group: None,
            sex_mdc: Some((12, 13)),
        }
    }

    /// `bytes` serialised as postcard's byte string.
    fn serde_bytes_of(bytes: &[u8]) -> impl Serialize + '_ {
        struct Bytes<'a>(&'a [u8]);
        impl Serialize for Bytes<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_bytes(self.0)
            }
        }
        Bytes(bytes)
    }
}
