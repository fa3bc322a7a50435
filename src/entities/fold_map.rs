//! The matching copy of a host text: folded (lower case, no accents, one kind of space, no
//! punctuation) with a map back to the original byte offsets, so a match found in the copy
//! locates its exact span in the stored text.
//!
//! Word characters are letters, digits and `&`/`+`/`@`/`#`; a hyphen or a dot stays only
//! between two word characters (`Aix-en-Provence`, `Coins.fr`); everything else becomes one
//! space. The copy starts and ends with a space, so a pattern written ` word ` matches whole
//! words only.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// A folded copy of one text and the maps between the two.
#[derive(Debug, Default)]
pub struct FoldMap {
    /// The folded text, padded with one space at each end.
    pub folded: String,
    /// For each byte of `folded`: start and end byte, in the original, of the char it came from.
    orig_start: Vec<u32>,
    orig_end: Vec<u32>,
    /// For each byte of the original (and one past the end): where its char begins in `folded`.
    to_folded: Vec<u32>,
}

impl FoldMap {
    pub fn new() -> Self {
        Self::default()
    }

    /// Folds `text` into this map, reusing its buffers.
    pub fn build(&mut self, text: &str) {
        self.folded.clear();
        self.orig_start.clear();
        self.orig_end.clear();
        self.to_folded.clear();
        self.folded.reserve(text.len() + 2);
        self.to_folded.reserve(text.len() + 1);
        self.push_space(0, 0);
        let mut prev_word = false;
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let end = i + c.len_utf8();
            let here = self.folded.len() as u32;
            for _ in i..end {
                self.to_folded.push(here);
            }
            let (s, e) = (i as u32, end as u32);
            if c.is_ascii() {
                let b = c as u8;
                if b.is_ascii_alphanumeric() || matches!(b, b'&' | b'+' | b'@' | b'#') {
                    self.push(b.to_ascii_lowercase() as char, s, e);
                    prev_word = true;
                    continue;
                }
                if (b == b'-' || b == b'.')
                    && prev_word
                    && chars.peek().is_some_and(|&(_, n)| n.is_alphanumeric())
                {
                    self.push(b as char, s, e);
                    prev_word = false;
                    continue;
                }
                self.push_space(s, e);
                prev_word = false;
                continue;
            }
            match c {
                '\u{2010}' | '\u{2011}' => {
                    if prev_word && chars.peek().is_some_and(|&(_, n)| n.is_alphanumeric()) {
                        self.push('-', s, e);
                    } else {
                        self.push_space(s, e);
                    }
                    prev_word = false;
                }
                'œ' | 'Œ' => {
                    self.push('o', s, e);
                    self.push('e', s, e);
                    prev_word = true;
                }
                'æ' | 'Æ' => {
                    self.push('a', s, e);
                    self.push('e', s, e);
                    prev_word = true;
                }
                'ß' | 'ẞ' => {
                    self.push('s', s, e);
                    self.push('s', s, e);
                    prev_word = true;
                }
                c if c.is_alphanumeric() => {
                    let mut pushed = false;
                    decompose_canonical(c, |d| {
                        if is_combining_mark(d) {
                            return;
                        }
                        for l in d.to_lowercase() {
                            self.push(l, s, e);
                            pushed = true;
                        }
                    });
                    prev_word = pushed || prev_word;
                }
                c if is_combining_mark(c) => {}
                _ => {
                    self.push_space(s, e);
                    prev_word = false;
                }
            }
        }
        self.to_folded.push(self.folded.len() as u32);
        let n = text.len() as u32;
        self.push_space(n, n);
    }

    fn push(&mut self, c: char, s: u32, e: u32) {
        let len = c.len_utf8();
        self.folded.push(c);
        for _ in 0..len {
            self.orig_start.push(s);
            self.orig_end.push(e);
        }
    }

    fn push_space(&mut self, s: u32, e: u32) {
        if self.folded.ends_with(' ') {
            return;
        }
        self.push(' ', s, e);
    }

    /// The original byte span of the folded range `[fs, fe)` (which must hold a word char).
    pub fn original_span(&self, fs: usize, fe: usize) -> (usize, usize) {
        (self.orig_start[fs] as usize, self.orig_end[fe - 1] as usize)
    }

    /// The folded form of the original byte range `[s, e)`, trimmed of spaces.
    pub fn folded_of(&self, s: usize, e: usize) -> &str {
        let fs = self.to_folded[s] as usize;
        let fe = self.to_folded[e] as usize;
        self.folded[fs..fe].trim_matches(' ')
    }
}

/// The matching fold of a short string (a gazetteer alias, a word-list entry), without the
/// padding: `"L’Élysée"` → `"l elysee"`.
pub fn fold_key(s: &str) -> String {
    let mut m = FoldMap::new();
    m.build(s);
    m.folded.trim_matches(' ').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_accents_apostrophes_and_punctuation() {
        assert_eq!(fold_key("L’Élysée"), "l elysee");
        assert_eq!(fold_key("CrossCall"), fold_key("Crosscall"));
        assert_eq!(fold_key("Aix-en-Provence"), "aix-en-provence");
        assert_eq!(fold_key("« Le\u{a0}Figaro »"), "le figaro");
        assert_eq!(fold_key("Œuvre Straße"), "oeuvre strasse");
        assert_eq!(fold_key("U.S."), "u.s");
        assert_eq!(fold_key("– Bien"), "bien");
        assert_eq!(fold_key("R&D"), "r&d");
    }

    #[test]
    fn maps_back_to_original_offsets() {
        let text = "À Düsseldorf, l’Europe.";
        let mut m = FoldMap::new();
        m.build(text);
        assert_eq!(m.folded, " a dusseldorf l europe ");
        let fs = m.folded.find("europe").unwrap();
        let (s, e) = m.original_span(fs, fs + "europe".len());
        assert_eq!(&text[s..e], "Europe");
        let fs = m.folded.find("dusseldorf").unwrap();
        let (s, e) = m.original_span(fs, fs + "dusseldorf".len());
        assert_eq!(&text[s..e], "Düsseldorf");
        assert_eq!(m.folded_of(s, e), "dusseldorf");
        let l = text.find("l’").unwrap();
        assert_eq!(m.folded_of(l, text.len()), "l europe");
    }
}
