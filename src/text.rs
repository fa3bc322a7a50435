//! Text helpers every stage shares: the normalization applied to stored text, and the
//! separate *fold* used for matching (stored text is never rewritten by it).

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Stored text: NFC, LF line ends, no NUL and no C0 controls other than tab and LF, no BOM.
/// Non-breaking spaces, typographic apostrophes and guillemets are kept as written.
pub fn normalize(raw: &str) -> String {
    let mut cleaned = String::with_capacity(raw.len());
    let bytes = raw.as_bytes();
    // Runs of bytes that stay as they are are copied whole; only controls, CR and a BOM's
    // lead byte stop a run.
    let (mut run, mut i) = (0, 0);
    while i < bytes.len() {
        i = next_may_be_dropped(bytes, i);
        let Some(&b) = bytes.get(i) else { break };
        let len = match b {
            b'\r' => 1,
            0xef if raw[i..].starts_with('\u{feff}') => '\u{feff}'.len_utf8(),
            0xef => {
                i += 1;
                continue;
            }
            _ => 1,
        };
        cleaned.push_str(&raw[run..i]);
        if b == b'\r' {
            cleaned.push('\n');
            if bytes.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
        }
        i += len;
        run = i;
    }
    cleaned.push_str(&raw[run..]);
    // Most scraped text is already NFC: the quick check avoids a full recomposition.
    if surely_nfc(&cleaned) {
        cleaned
    } else {
        cleaned.nfc().collect()
    }
}

/// Whether Unicode's quick check finds `text` in NFC for sure. Every character below U+0300
/// (ASCII, Latin-1, the Latin extensions, IPA, spacing modifiers) passes it and resets it:
/// each is a starter, in NFC whatever surrounds it. So only the runs of characters from
/// U+0300 up are decoded and checked, each from a fresh start: the same answer as a check of
/// every character, which spent most of its time on the ones that cannot fail.
fn surely_nfc(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(start) = next_from_u0300(bytes, from) {
        // The run ends where a character below U+0300 begins: an ASCII byte, or a lead
        // byte of a two-byte sequence up to U+02FF.
        let end = bytes[start..]
            .iter()
            .position(|&b| b < 0x80 || (0xc2..0xcc).contains(&b))
            .map_or(bytes.len(), |k| start + k);
        if unicode_normalization::is_nfc_quick(text[start..end].chars())
            != unicode_normalization::IsNormalized::Yes
        {
            return false;
        }
        from = end;
    }
    true
}

/// The first character at or after byte `from` (a character boundary) from U+0300 up.
fn next_from_u0300(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    loop {
        i = next_non_ascii(bytes, i)?;
        // Lead bytes 0xC2-0xCB start U+0080-U+02FF, two bytes long; any other starts a
        // character from U+0300 up.
        if (0xc2..0xcc).contains(&bytes[i]) {
            i += 2;
        } else {
            return Some(i);
        }
    }
}

/// The first byte at or after `from` outside ASCII: sixteen bytes at a time through the long
/// ASCII stretches, then one by one.
fn next_non_ascii(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while bytes.len() - i >= 16 && bytes[i..i + 16].is_ascii() {
        i += 16;
    }
    bytes[i..].iter().position(|b| !b.is_ascii()).map(|k| i + k)
}

/// [`char::is_alphanumeric`], with Latin-1 and the punctuation and currency blocks answered
/// without Unicode's tables: a lookup there costs a few hundred instructions, and accented
/// letters, `’` and `€` are everywhere in the texts.
#[inline]
pub fn is_alnum(c: char) -> bool {
    match c as u32 {
        0..=0x7f => c.is_ascii_alphanumeric(),
        0xc0..=0xff => c != '×' && c != '÷',
        0x2000..=0x206f | 0x20a0..=0x20cf => false,
        _ => c.is_alphanumeric(),
    }
}

/// [`char::is_alphabetic`], answered as [`is_alnum`] is.
#[inline]
pub fn is_alpha(c: char) -> bool {
    match c as u32 {
        0..=0x7f => c.is_ascii_alphabetic(),
        0xc0..=0xff => c != '×' && c != '÷',
        0x2000..=0x206f | 0x20a0..=0x20cf => false,
        _ => c.is_alphabetic(),
    }
}

/// The index of the first byte at or after `from` that `marked` flags, or the length: a tight
/// loop over the bytes that need no look.
fn next_marked(bytes: &[u8], from: usize, marked: &[bool; 256]) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| marked[b as usize])
        .map_or(bytes.len(), |k| from + k)
}

/// [`next_marked`] for [`MAY_BE_DROPPED`], which text seldom holds: sixteen bytes at a time,
/// with a test the compiler turns into vector code, then the table for the last stretch.
fn next_may_be_dropped(bytes: &[u8], from: usize) -> usize {
    let mut i = from;
    while let Some(chunk) = bytes.get(i..i + 16) {
        let mut hit = false;
        for &b in chunk {
            hit |= (b < 0x20) & (b != b'\t') & (b != b'\n') | (b == 0x7f) | (b == 0xef);
        }
        if hit {
            break;
        }
        i += 16;
    }
    next_marked(bytes, i, &MAY_BE_DROPPED)
}

/// Bytes [`normalize`] may drop or change: C0 controls but tab and LF, DEL, and 0xEF, the
/// first byte of a BOM.
static MAY_BE_DROPPED: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = b != b'\t' as usize && b != b'\n' as usize;
        b += 1;
    }
    table[0x7f] = true;
    table[0xef] = true;
    table
};

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
    let mut push = |c: char, out: &mut String| {
        let c = fold_char(c);
        if c == ' ' {
            pending_space = !out.is_empty();
            return;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    };
    for c in s.chars() {
        if c.is_ascii() {
            push(c, out);
        } else {
            // Each character decomposes on its own; dropping every combining mark makes
            // the canonical reordering that NFD adds irrelevant.
            unicode_normalization::char::decompose_canonical(c, |d| {
                if !is_combining_mark(d) {
                    push(d, out);
                }
            });
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
    let flush = |run: &str, out: &mut String, pending_space: &mut bool| {
        if !run.is_empty() {
            if *pending_space {
                out.push(' ');
                *pending_space = false;
            }
            out.push_str(run);
        }
    };
    // Characters left as they are go over in runs: only spaces, quotes and invisible
    // characters stop one, and outside ASCII only a few lead bytes can start those.
    let bytes = line.as_bytes();
    let (mut run, mut i) = (0, 0);
    while i < bytes.len() {
        if i > run {
            i = skip_plain_in_run(bytes, i);
        }
        i = next_marked(bytes, i, &MAY_START_SPACE);
        let Some(&b) = bytes.get(i) else { break };
        let (c, len) = match b {
            // One plain space inside a run is already in its match form.
            b' ' if i > run && bytes.get(i + 1).is_some_and(|&next| !may_start_space(next)) => {
                i += 1;
                continue;
            }
            0x09..=0x0d | b' ' => (' ', 1),
            b if may_start_space(b) => {
                let c = line[i..].chars().next().unwrap_or(' ');
                (c, c.len_utf8())
            }
            _ => {
                i += 1;
                continue;
            }
        };
        let replaced = match c {
            '\u{2019}' | '\u{2018}' | '\u{02bc}' => '\'',
            '\u{200b}' | '\u{200e}' | '\u{200f}' | '\u{feff}' => '\0',
            c if c.is_whitespace() => ' ',
            _ => {
                i += len;
                continue;
            }
        };
        flush(&line[run..i], &mut out, &mut pending_space);
        i += len;
        run = i;
        match replaced {
            '\0' => {}
            ' ' => pending_space = !out.is_empty(),
            c => {
                if pending_space {
                    out.push(' ');
                    pending_space = false;
                }
                out.push(c);
            }
        }
    }
    flush(&line[run..], &mut out, &mut pending_space);
    out
}

/// Inside a run of [`match_form`], skips sixteen bytes at a time while the run goes on as it
/// is: no byte that may start a space, quote or invisible character, but plain spaces each
/// followed by a byte that may not (words are short, so a scan that stops at every space
/// stops every few bytes). A test the compiler turns into vector code; the caller's loop
/// takes the rest.
fn skip_plain_in_run(bytes: &[u8], from: usize) -> usize {
    let mut i = from;
    // Seventeen bytes: each space's next byte is in view.
    while let Some(chunk) = bytes.get(i..i + 17) {
        let mut stop = false;
        for k in 0..16 {
            let (b, next) = (chunk[k], chunk[k + 1]);
            stop |= starts_space_but_plain(b)
                | ((b == b' ') & (starts_space_but_plain(next) | (next == b' ')));
        }
        if stop {
            break;
        }
        i += 16;
    }
    i
}

/// Whether a character starting with byte `b` can be a space, a quote or an invisible
/// character for [`match_form`].
fn may_start_space(b: u8) -> bool {
    MAY_START_SPACE[b as usize]
}

/// [`may_start_space`] but the plain space: the other ASCII spaces and the lead bytes of
/// U+0085, U+00A0, U+02BC, U+1680, U+2000–U+205F and U+FEFF, U+3000. Comparisons rather than
/// a table, so that [`skip_plain_in_run`] becomes vector code.
const fn starts_space_but_plain(b: u8) -> bool {
    (b.wrapping_sub(0x09) < 5)
        | (b == 0xc2)
        | (b == 0xca)
        | (b == 0xe1)
        | (b == 0xe2)
        | (b == 0xe3)
        | (b == 0xef)
}

/// [`may_start_space`] for every byte.
static MAY_START_SPACE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = b == b' ' as usize || starts_space_but_plain(b as u8);
        b += 1;
    }
    table
};

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

/// Number of words in the sense of `word_count`: runs of characters between Unicode white
/// space, as `split_whitespace` counts them, in one pass over the bytes without decoding.
pub fn count_words(s: &str) -> usize {
    let bytes = s.as_bytes();
    let mut words = 0;
    let mut after_space = true;
    let mut i = 0;
    while i < bytes.len() {
        let class = WORD_BYTE_CLASS[bytes[i] as usize];
        if class == MAY_LEAD_SPACE {
            let len = white_space_len(&bytes[i..]);
            if len > 0 {
                after_space = true;
                i += len;
                continue;
            }
        }
        let space = class == ASCII_SPACE;
        words += usize::from(after_space && !space);
        after_space = space;
        i += 1;
    }
    words
}

const ASCII_SPACE: u8 = 1;
const MAY_LEAD_SPACE: u8 = 2;

/// What a byte may be to [`count_words`]: ASCII white space, the lead byte of a character
/// that may be white space (U+0085, U+00A0, U+1680, U+2000-U+205F, U+3000), or part of a word
/// (any other byte, continuation bytes included).
const WORD_BYTE_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = match b as u8 {
            b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r' => ASCII_SPACE,
            0xc2 | 0xe1 | 0xe2 | 0xe3 => MAY_LEAD_SPACE,
            _ => 0,
        };
        b += 1;
    }
    t
};

/// The length in bytes of the white-space character `bytes` starts with, or 0: the UTF-8 of
/// every character outside ASCII for which `char::is_whitespace` holds.
fn white_space_len(bytes: &[u8]) -> usize {
    match bytes {
        [0xc2, 0x85 | 0xa0, ..] => 2,
        [0xe1, 0x9a, 0x80, ..] | [0xe2, 0x81, 0x9f, ..] | [0xe3, 0x80, 0x80, ..] => 3,
        [0xe2, 0x80, 0x80..=0x8a | 0xa8 | 0xa9 | 0xaf, ..] => 3,
        _ => 0,
    }
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
    use proptest::prelude::*;

    /// The plain definitions the fast paths must agree with.
    fn fold_reference(s: &str) -> String {
        let mut out = String::new();
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
            out.extend(c.to_lowercase());
        }
        out
    }

    fn normalize_reference(raw: &str) -> String {
        let mut cleaned = String::new();
        let mut chars = raw.chars().peekable();
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
        cleaned.nfc().collect()
    }

    fn match_form_reference(line: &str) -> String {
        let mut out = String::new();
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

    /// Text mixing ASCII, accents (composed and combining), spaces of every kind, quotes,
    /// controls and characters whose lower case is longer.
    fn texty() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop_oneof![
                4 => prop::char::range(' ', '~'),
                1 => prop::sample::select(vec![
                    'é', 'É', 'ß', 'İ', 'ǅ', 'ﬁ', '\u{301}', '\u{327}', '\u{a0}', '\u{202f}',
                    '\u{2009}', '\u{200b}', '\u{200e}', '\u{feff}', '\u{2019}', '\u{2013}',
                    '\t', '\n', '\u{b}', '\u{c}', '\r', '\u{85}', '\u{3000}', 'Å', 'ω', 'Ω',
                    '한', '\u{1e9e}', '`', '\u{b4}', '\u{0}', '\u{1}', '\u{7f}', '\u{fffd}',
                    '\u{fe0f}', 'ￃ', '\u{2ff}', '\u{300}', '\u{340}', '\u{344}', '\u{2000}',
                    '\u{212b}', '\u{f900}', 'ǖ', 'ʰ',
                ]),
                1 => any::<char>(),
            ],
            0..40,
        )
        .prop_map(|cs| cs.into_iter().collect())
    }

    proptest! {
        #[test]
        fn words_are_counted_as_split_whitespace_counts_them(
            parts in proptest::collection::vec(
                prop_oneof![
                    3 => texty(),
                    1 => prop::sample::select(
                        (0..=0x3000u32)
                            .filter_map(char::from_u32)
                            .filter(|c| c.is_whitespace())
                            .map(String::from)
                            .collect::<Vec<_>>(),
                    ),
                ],
                0..8,
            )
        ) {
            let s: String = parts.concat();
            prop_assert_eq!(count_words(&s), s.split_whitespace().count());
        }

        #[test]
        fn fold_agrees_with_its_definition(s in texty()) {
            prop_assert_eq!(fold(&s), fold_reference(&s));
        }

        #[test]
        fn normalize_agrees_with_its_definition(s in texty()) {
            prop_assert_eq!(normalize(&s), normalize_reference(&s));
        }

        /// Long enough for the sixteen-byte steps of the scans.
        #[test]
        fn long_texts_normalize_as_defined(parts in proptest::collection::vec(texty(), 0..12)) {
            let s: String = parts.concat();
            prop_assert_eq!(normalize(&s), normalize_reference(&s));
            prop_assert_eq!(
                surely_nfc(&s),
                unicode_normalization::is_nfc_quick(s.chars())
                    == unicode_normalization::IsNormalized::Yes
            );
        }

        #[test]
        fn match_form_agrees_with_its_definition(s in texty()) {
            prop_assert_eq!(match_form(&s), match_form_reference(&s));
        }

        /// Lines of words and single spaces, long enough for the sixteen-byte steps, with
        /// now and then a character that stops them.
        #[test]
        fn long_lines_match_form_as_defined(
            parts in proptest::collection::vec(
                prop_oneof![6 => "[a-zA-Zé0-9,.]{1,9} ", 1 => texty()],
                0..24,
            )
        ) {
            let s: String = parts.concat();
            prop_assert_eq!(match_form(&s), match_form_reference(&s));
        }
    }

    #[test]
    fn letter_and_digit_tests_agree_with_unicode_on_every_character() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            assert_eq!(is_alnum(c), c.is_alphanumeric(), "{c:?}");
            assert_eq!(is_alpha(c), c.is_alphabetic(), "{c:?}");
        }
    }

    /// What [`surely_nfc`] rests on.
    #[test]
    fn every_character_below_u0300_is_an_nfc_starter() {
        for c in (0..0x300).filter_map(char::from_u32) {
            assert_eq!(
                unicode_normalization::is_nfc_quick(std::iter::once(c)),
                unicode_normalization::IsNormalized::Yes,
                "{c:?}"
            );
            assert_eq!(
                unicode_normalization::char::canonical_combining_class(c),
                0,
                "{c:?}"
            );
        }
    }

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
