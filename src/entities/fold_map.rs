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
    /// For each byte of the original (and one past the end): where its char begins in `folded`
    /// (never decreasing, so the way back is a binary search).
    to_folded: Vec<u32>,
}

impl FoldMap {
    pub fn new() -> Self {
        Self::default()
    }

    /// Folds `text` into this map, reusing its buffers.
    pub fn build(&mut self, text: &str) {
        let bytes = text.as_bytes();
        // Built as bytes, every one of them pushed from an ASCII byte or a whole `char`'s
        // encoding: a `String`'s push of a `char` asks its length in UTF-8 each time, and the
        // map is filled by index, one slot per byte of the original.
        let mut folded = std::mem::take(&mut self.folded).into_bytes();
        folded.clear();
        folded.reserve(bytes.len() + 2);
        self.to_folded.clear();
        self.to_folded.resize(bytes.len() + 1, 0);
        let to_folded = &mut self.to_folded[..];
        folded.push(b' ');
        let mut prev_word = false;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            let here = folded.len() as u32;
            let lower = ASCII_WORD[b as usize];
            if lower != 0 {
                // Byte by byte: words are short, and a run's setup (count, copy, lower-case)
                // cost more than its bytes.
                to_folded[i] = here;
                folded.push(lower);
                i += 1;
                prev_word = true;
                continue;
            }
            if b < 0x80 {
                to_folded[i] = here;
                i += 1;
                if (b == b'-' || b == b'.')
                    && prev_word
                    && next_is_word(text, i)
                    && !(b == b'-' && super::tokens::compound_suffix(&text[i..]))
                {
                    folded.push(b);
                } else {
                    space(&mut folded);
                }
                prev_word = false;
                continue;
            }
            let c = text[i..].chars().next().unwrap_or(' ');
            let len = c.len_utf8();
            for slot in &mut to_folded[i..i + len] {
                *slot = here;
            }
            i += len;
            // Latin-1 letters fold without a decomposition table.
            if let Some(l) = latin1(c) {
                folded.push(l as u8);
                prev_word = true;
                continue;
            }
            match c {
                '\u{2019}' | '\u{a0}' | '\u{202f}' | '«' | '»' | '–' | '—' | '…' | '“' | '”' =>
                {
                    space(&mut folded);
                    prev_word = false;
                }
                '\u{2010}' | '\u{2011}' => {
                    if prev_word && next_is_word(text, i) {
                        folded.push(b'-');
                    } else {
                        space(&mut folded);
                    }
                    prev_word = false;
                }
                'œ' | 'Œ' => {
                    folded.extend_from_slice(b"oe");
                    prev_word = true;
                }
                'æ' | 'Æ' => {
                    folded.extend_from_slice(b"ae");
                    prev_word = true;
                }
                'ß' | 'ẞ' => {
                    folded.extend_from_slice(b"ss");
                    prev_word = true;
                }
                c if crate::text::is_alnum(c) => {
                    let mut pushed = false;
                    decompose_canonical(c, |d| {
                        if !is_combining_mark(d) {
                            for l in d.to_lowercase() {
                                push_char(&mut folded, l);
                            }
                            pushed = true;
                        }
                    });
                    prev_word = pushed || prev_word;
                }
                c if is_combining_mark(c) => {}
                _ => {
                    space(&mut folded);
                    prev_word = false;
                }
            }
        }
        to_folded[bytes.len()] = folded.len() as u32;
        space(&mut folded);
        // Only ASCII bytes and whole encodings were pushed: the check cannot fail, and over
        // a copy that is mostly ASCII it is quick.
        self.folded = String::from_utf8(folded)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    }

    /// Where the folded offset `f` comes from in the original: the first original byte whose
    /// char folds at or after `f`.
    pub fn original_offset(&self, f: usize) -> usize {
        self.to_folded.partition_point(|&x| (x as usize) < f)
    }

    /// The original byte span of the folded range `[fs, fe)`.
    pub fn original_span(&self, fs: usize, fe: usize) -> (usize, usize) {
        (self.original_offset(fs), self.original_offset(fe))
    }

    /// Where the original byte offset `o` (a char boundary) begins in the folded text.
    pub fn folded_offset(&self, o: usize) -> usize {
        self.to_folded[o] as usize
    }

    /// The folded form of the original byte range `[s, e)`, trimmed of spaces.
    pub fn folded_of(&self, s: usize, e: usize) -> &str {
        let fs = self.to_folded[s] as usize;
        let fe = self.to_folded[e] as usize;
        self.folded[fs..fe].trim_matches(' ')
    }
}

/// For each ASCII byte, its lower case if it is a word character (letters, digits and
/// `&+@#`), else 0.
const ASCII_WORD: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() || matches!(c, b'&' | b'+' | b'@' | b'#') {
            t[b] = c.to_ascii_lowercase();
        }
        b += 1;
    }
    t
};

/// Ends the folded copy with one space, unless it already does.
#[inline]
fn space(folded: &mut Vec<u8>) {
    if folded.last() != Some(&b' ') {
        folded.push(b' ');
    }
}

fn push_char(folded: &mut Vec<u8>, c: char) {
    folded.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
}

/// The fold of a Latin-1 letter that folds to one ASCII letter (`É` → `e`), else `None`.
fn latin1(c: char) -> Option<char> {
    const TABLE: &[u8; 64] = b"aaaaaa_ceeeeiiii_nooooo__uuuuy__aaaaaa_ceeeeiiii_nooooo__uuuuy_y";
    let i = (c as u32).checked_sub(0xc0)? as usize;
    let f = *TABLE.get(i)?;
    (f != b'_').then_some(f as char)
}

fn next_is_word(text: &str, i: usize) -> bool {
    text[i..].chars().next().is_some_and(crate::text::is_alnum)
}

/// The matching fold of a short string (a gazetteer alias, a word-list entry), without the
/// padding: `"L’Élysée"` → `"l elysee"`.
pub fn fold_key(s: &str) -> String {
    thread_local! {
        static MAP: std::cell::RefCell<FoldMap> = std::cell::RefCell::new(FoldMap::new());
    }
    MAP.with(|m| {
        let mut m = m.borrow_mut();
        m.build(s);
        m.folded.trim_matches(' ').to_string()
    })
}

/// [`fold_key`] of a string the caller owns: one of ASCII letters and digits alone (most
/// initials and acronyms) folds to itself in lower case, in place, without a folded copy.
pub fn into_fold_key(mut s: String) -> String {
    if s.bytes().all(|b| b.is_ascii_alphanumeric()) {
        s.make_ascii_lowercase();
        s
    } else {
        fold_key(&s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fold as it was first written, one `char` at a time: what `build` must give.
    fn build_by_chars(m: &mut FoldMap, text: &str) {
        m.folded.clear();
        m.to_folded.clear();
        m.folded.reserve(text.len() + 2);
        m.to_folded.reserve(text.len() + 1);
        m.folded.push(' ');
        let bytes = text.as_bytes();
        let mut prev_word = false;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            let here = m.folded.len() as u32;
            if b.is_ascii_alphanumeric() {
                m.to_folded.push(here);
                m.folded.push(b.to_ascii_lowercase() as char);
                i += 1;
                prev_word = true;
                continue;
            }
            if b < 0x80 {
                m.to_folded.push(here);
                i += 1;
                if matches!(b, b'&' | b'+' | b'@' | b'#') {
                    m.folded.push(b.to_ascii_lowercase() as char);
                    prev_word = true;
                } else if (b == b'-' || b == b'.')
                    && prev_word
                    && next_is_word(text, i)
                    && !(b == b'-' && crate::entities::tokens::compound_suffix(&text[i..]))
                {
                    m.folded.push(b as char);
                    prev_word = false;
                } else {
                    space_str(&mut m.folded);
                    prev_word = false;
                }
                continue;
            }
            let c = text[i..].chars().next().unwrap_or(' ');
            let len = c.len_utf8();
            for _ in 0..len {
                m.to_folded.push(here);
            }
            i += len;
            // Latin-1 letters fold without a decomposition table.
            if let Some(l) = latin1(c) {
                m.folded.push(l);
                prev_word = true;
                continue;
            }
            match c {
                '\u{2019}' | '\u{a0}' | '\u{202f}' | '«' | '»' | '–' | '—' | '…' | '“' | '”' =>
                {
                    space_str(&mut m.folded);
                    prev_word = false;
                }
                '\u{2010}' | '\u{2011}' => {
                    if prev_word && next_is_word(text, i) {
                        m.folded.push('-');
                    } else {
                        space_str(&mut m.folded);
                    }
                    prev_word = false;
                }
                'œ' | 'Œ' => {
                    m.folded.push_str("oe");
                    prev_word = true;
                }
                'æ' | 'Æ' => {
                    m.folded.push_str("ae");
                    prev_word = true;
                }
                'ß' | 'ẞ' => {
                    m.folded.push_str("ss");
                    prev_word = true;
                }
                c if crate::text::is_alnum(c) => {
                    let folded = &mut m.folded;
                    let mut pushed = false;
                    decompose_canonical(c, |d| {
                        if !is_combining_mark(d) {
                            folded.extend(d.to_lowercase());
                            pushed = true;
                        }
                    });
                    prev_word = pushed || prev_word;
                }
                c if is_combining_mark(c) => {}
                _ => {
                    space_str(&mut m.folded);
                    prev_word = false;
                }
            }
        }
        m.to_folded.push(m.folded.len() as u32);
        space_str(&mut m.folded);
    }

    fn space_str(folded: &mut String) {
        if !folded.ends_with(' ') {
            folded.push(' ');
        }
    }

    proptest::proptest! {
        #[test]
        fn builds_as_one_char_at_a_time(text in "(\\PC|[ -~]|[-.'’]|\u{a0}){0,40}") {
            let mut fast = FoldMap::new();
            // Built twice into the same map: what the last text left must not matter.
            fast.build("Œuvre, d’Île-de-France");
            fast.build(&text);
            let mut slow = FoldMap::new();
            build_by_chars(&mut slow, &text);
            proptest::prop_assert_eq!(&fast.folded, &slow.folded);
            proptest::prop_assert_eq!(&fast.to_folded, &slow.to_folded);
        }

        #[test]
        fn owned_keys_fold_as_borrowed_ones(s in "([a-zA-Z0-9]{0,6}|.{0,8})") {
            proptest::prop_assert_eq!(into_fold_key(s.clone()), fold_key(&s));
        }
    }

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
    fn latin1_table_agrees_with_decomposition() {
        for c in '\u{c0}'..='\u{ff}' {
            if let Some(l) = latin1(c) {
                let mut expected = String::new();
                decompose_canonical(c, |d| {
                    if !is_combining_mark(d) {
                        expected.extend(d.to_lowercase());
                    }
                });
                assert_eq!(expected, l.to_string(), "{c}");
            }
        }
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
