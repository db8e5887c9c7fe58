//! Attribute names (CMS "operands") interned to small integers, and sets of them as bitsets.

use std::collections::HashMap;

/// Number of 64-bit words in an [`AttrSet`]; the CMS tables use about 600 names.
pub const WORDS: usize = 16;
/// Largest number of distinct attribute names the tables may use.
pub const CAPACITY: usize = WORDS * 64;

/// A set of attribute ids.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
pub struct AttrSet(pub [u64; WORDS]);

impl AttrSet {
    pub const EMPTY: AttrSet = AttrSet([0; WORDS]);

    #[inline]
    pub fn insert(&mut self, id: u16) {
        self.0[usize::from(id) / 64] |= 1u64 << (id % 64);
    }

    #[inline]
    pub fn contains(&self, id: u16) -> bool {
        self.0[usize::from(id) / 64] & (1u64 << (id % 64)) != 0
    }

    #[inline]
    pub fn union_with(&mut self, other: &AttrSet) {
        for (a, b) in self.0.iter_mut().zip(other.0.iter()) {
            *a |= b;
        }
    }

    #[inline]
    pub fn intersects(&self, other: &AttrSet) -> bool {
        self.0.iter().zip(other.0.iter()).any(|(a, b)| a & b != 0)
    }

    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|w| *w == 0)
    }

    /// How many ids the set holds.
    #[inline]
    pub fn len(&self) -> u32 {
        self.0.iter().map(|w| w.count_ones()).sum()
    }

    pub fn iter(&self) -> impl Iterator<Item = u16> + '_ {
        (0..CAPACITY as u16).filter(move |id| self.contains(*id))
    }
}

impl std::fmt::Debug for AttrSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

/// The interner of attribute names shared by every version of a table set.
#[derive(Debug, Default, Clone)]
pub struct Vocabulary {
    names: Vec<String>,
    ids: HashMap<String, u16>,
}

impl Vocabulary {
    /// Id of `name`, interning it; `None` when the capacity is exhausted.
    pub fn intern(&mut self, name: &str) -> Option<u16> {
        if let Some(id) = self.ids.get(name) {
            return Some(*id);
        }
        if self.names.len() >= CAPACITY {
            return None;
        }
        let id = self.names.len() as u16;
        self.names.push(name.to_string());
        self.ids.insert(name.to_string(), id);
        Some(id)
    }

    /// A vocabulary of `names`, ids in order; `None` when a name repeats or there are more
    /// than [`CAPACITY`].
    pub fn from_names(names: Vec<String>) -> Option<Vocabulary> {
        if names.len() > CAPACITY {
            return None;
        }
        let ids: HashMap<String, u16> = names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.clone(), i as u16))
            .collect();
        (ids.len() == names.len()).then_some(Vocabulary { names, ids })
    }

    /// Every name, in id order.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    pub fn get(&self, name: &str) -> Option<u16> {
        self.ids.get(name).copied()
    }

    pub fn name(&self, id: u16) -> &str {
        &self.names[usize::from(id)]
    }
}
