//! Small closed word classes written as one string, looked up through a set built on first use.

use std::collections::HashSet;
use std::sync::OnceLock;

/// Words separated by whitespace, matched exactly (callers pass folded words).
pub struct WordSet {
    words: &'static str,
    set: OnceLock<HashSet<&'static str>>,
}

impl WordSet {
    pub const fn new(words: &'static str) -> Self {
        WordSet {
            words,
            set: OnceLock::new(),
        }
    }

    pub fn contains(&self, w: &str) -> bool {
        self.set
            .get_or_init(|| self.words.split_whitespace().collect())
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
