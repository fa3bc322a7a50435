//! Small closed word classes written as one string, looked up through a set built on first use.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// A fast hash for short words (the FxHash of rustc): word lookups sit on the hot path, and
/// the keys come from the program's own data, so DoS-resistant hashing buys nothing here.
#[derive(Debug, Default, Clone, Copy)]
pub struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes([
                c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7],
            ]));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(b));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

pub type FxBuild = BuildHasherDefault<FxHasher>;
pub type FxHashSet<T> = HashSet<T, FxBuild>;
pub type FxHashMap<K, V> = std::collections::HashMap<K, V, FxBuild>;

/// Words separated by whitespace, matched exactly (callers pass folded words).
pub struct WordSet {
    words: &'static str,
    more: &'static [&'static str],
    set: OnceLock<Filtered<&'static str>>,
}

/// A set of words behind a first-byte × length bitmap: most words are turned away without
/// hashing.
#[derive(Debug)]
pub struct Filtered<T> {
    set: FxHashSet<T>,
    bits: Box<[u64; 256]>,
}

impl<T> Default for Filtered<T> {
    fn default() -> Self {
        Filtered {
            set: FxHashSet::default(),
            bits: Box::new([0; 256]),
        }
    }
}

fn slot(w: &str) -> Option<(usize, u64)> {
    let first = *w.as_bytes().first()?;
    Some((first as usize, 1u64 << w.len().min(63)))
}

impl<T: std::hash::Hash + Eq + std::borrow::Borrow<str>> Filtered<T> {
    pub fn insert(&mut self, w: T) {
        if let Some((i, bit)) = slot(w.borrow()) {
            self.bits[i] |= bit;
        }
        self.set.insert(w);
    }

    #[inline]
    pub fn contains(&self, w: &str) -> bool {
        match slot(w) {
            Some((i, bit)) => self.bits[i] & bit != 0 && self.set.contains(w),
            None => false,
        }
    }
}

impl<T: std::hash::Hash + Eq + std::borrow::Borrow<str>> FromIterator<T> for Filtered<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut f = Filtered::default();
        for w in iter {
            f.insert(w);
        }
        f
    }
}

impl<T: std::hash::Hash + Eq + std::borrow::Borrow<str>> Extend<T> for Filtered<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, iter: I) {
        for w in iter {
            self.insert(w);
        }
    }
}

impl WordSet {
    pub const fn new(words: &'static str) -> Self {
        Self::union(words, &[])
    }

    /// The words of several strings together.
    pub const fn union(words: &'static str, more: &'static [&'static str]) -> Self {
        WordSet {
            words,
            more,
            set: OnceLock::new(),
        }
    }

    pub fn contains(&self, w: &str) -> bool {
        self.set
            .get_or_init(|| {
                std::iter::once(self.words)
                    .chain(self.more.iter().copied())
                    .flat_map(str::split_whitespace)
                    .collect()
            })
            .contains(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_membership() {
        static S: WordSet = WordSet::new("de du\n    des");
        assert!(S.contains("du") && S.contains("des"));
        assert!(!S.contains("d") && !S.contains(""));
    }
}
