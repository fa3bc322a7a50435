//! Text helpers every stage shares: the normalization applied to stored text, and the
//! separate *fold* used for matching (stored text is never rewritten by it).

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Stored text: NFC, LF line ends, no NUL and no C0 controls other than tab and LF, no BOM.
/// Non-breaking spaces, typographic apostrophes and guillemets are kept as written.
pub fn normalize(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    // A fast path: pure ASCII without CR or controls needs no NFC pass.
    let needs_nfc = !raw.is_ascii();
    let mut cleaned = String::with_capacity(raw.len());
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                cleaned.push('\n');
            }
            '\n' | '\t' => cleaned.push(c),
            '\u{feff}' => {}
            c if (c as u32) < 0x20 || c == '\u{7f}' => {}
            c => cleaned.push(c),
        }
    }
    // Most scraped text is already NFC: the quick check avoids a full recomposition.
    if needs_nfc
        && unicode_normalization::is_nfc_quick(cleaned.chars())
            != unicode_normalization::IsNormalized::Yes
    {
        out.extend(cleaned.nfc());
        out
    } else {
        cleaned
    }
}

/// The matching form of a string: lower case, no accents, `’`→`'`, every space-like
/// character → a plain space, runs of spaces collapsed, edges trimmed.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// [`fold`] into a reused buffer.
pub fn fold_into(s: &str, out: &mut String) {
    out.clear();
    let mut pending_space = false;
    for c in s.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        let c = fold_char(c);
        if c == ' ' {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        for l in c.to_lowercase() {
            out.push(l);
        }
    }
}

/// One character's matching form (before lower-casing): apostrophes and spaces unified.
pub fn fold_char(c: char) -> char {
    match c {
        '\u{2019}' | '\u{2018}' | '\u{02bc}' | '\u{2032}' | '`' | '\u{b4}' => '\'',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' => '-',
        c if c.is_whitespace() || c == '\u{200b}' => ' ',
        c => c,
    }
}

/// A line as the line classifiers see it: spaces unified (NBSP → space), apostrophes
/// straightened, trimmed. Case and accents are kept so rules can use them.
pub fn match_form(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut pending_space = false;
    for c in line.chars() {
        let c = match c {
            '\u{2019}' | '\u{2018}' | '\u{02bc}' => '\'',
            '\u{200b}' | '\u{200e}' | '\u{200f}' | '\u{feff}' => continue,
            c if c.is_whitespace() => ' ',
            c => c,
        };
        if c == ' ' {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
    }
    out
}

/// Trim every kind of Unicode space (NBSP included) from both ends.
pub fn trim(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || c == '\u{200b}' || c == '\u{feff}')
}

/// Converts byte offsets into character offsets for one host text, walking forward only:
/// mentions are located in order, so each lookup costs the distance from the previous one.
pub struct CharIndex<'a> {
    text: &'a str,
    byte: usize,
    chars: usize,
}

impl<'a> CharIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        CharIndex {
            text,
            byte: 0,
            chars: 0,
        }
    }

    /// Character offset of `byte` (which must fall on a char boundary).
    pub fn char_at(&mut self, byte: usize) -> usize {
        if byte < self.byte {
            self.byte = 0;
            self.chars = 0;
        }
        let stretch = &self.text[self.byte..byte];
        self.chars += stretch.chars().count();
        self.byte = byte;
        self.chars
    }
}

/// Number of words in the sense of `word_count`.
pub fn count_words(s: &str) -> usize {
    s.split_whitespace().count()
}

/// True when the string has letters and none of them is lower case.
pub fn is_upper(s: &str) -> bool {
    let mut letters = 0;
    for c in s.chars() {
        if c.is_alphabetic() {
            if c.is_lowercase() {
                return false;
            }
            letters += 1;
        }
    }
    letters > 0
}

/// First alphabetic character is upper case.
pub fn starts_upper(s: &str) -> bool {
    s.chars()
        .find(|c| c.is_alphanumeric())
        .is_some_and(|c| c.is_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_line_ends_controls_and_nfc() {
        assert_eq!(normalize("a\r\nb\rc\n"), "a\nb\nc\n");
        assert_eq!(normalize("x\u{0}y\u{7}z\tq"), "xyz\tq");
        assert_eq!(normalize("\u{feff}e\u{301}"), "\u{e9}");
        assert_eq!(
            normalize("l\u{2019}a\u{a0}«\u{a0}b\u{a0}»"),
            "l\u{2019}a\u{a0}«\u{a0}b\u{a0}»"
        );
    }

    #[test]
    fn fold_unifies_case_accents_apostrophes_spaces() {
        assert_eq!(fold("CrossCall"), fold("Crosscall"));
        assert_eq!(fold("L\u{2019}Élysée"), "l'elysee");
        assert_eq!(fold(" Le\u{a0}\u{a0}Figaro "), "le figaro");
    }

    #[test]
    fn char_index_counts_scalar_values() {
        let t = "é😀 ab";
        let mut ix = CharIndex::new(t);
        let b = t.find("ab").unwrap();
        assert_eq!(ix.char_at(b), 3);
        assert_eq!(ix.char_at(0), 0);
    }

    #[test]
    fn match_form_straightens() {
        assert_eq!(
            match_form("  Mickaël Bazoge\u{a0}|\u{a0}"),
            "Mickaël Bazoge |"
        );
        assert_eq!(match_form("l\u{2019}x"), "l'x");
    }
}
