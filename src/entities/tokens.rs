//! Tokens of one host text: words (with their inner hyphens, dots, `&` and apostrophes),
//! digit runs, French elisions (`l’`, `d'`, `qu’`) and single punctuation characters, each
//! with its byte span and a few flags the rules read (capitalized, acronym, sentence start…).

use super::fold_map::FoldMap;
use super::wordset::WordSet;
use crate::text::{is_alnum, is_alpha};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Word,
    Num,
    Elision,
    Punct,
}

/// Flags of a token.
pub mod flag {
    /// First character is an upper-case letter.
    pub const CAP: u16 = 1;
    /// At least two letters, all upper case.
    pub const ALLCAPS: u16 = 1 << 1;
    /// Holds a digit.
    pub const DIGIT: u16 = 1 << 2;
    /// Starts lower case but holds an upper-case letter (`iPhone`).
    pub const CAMEL: u16 = 1 << 3;
    /// Holds an inner hyphen.
    pub const HYPHEN: u16 = 1 << 4;
    /// Two or more hyphen parts start upper case (`Alcatel-Lucent`, `États-Unis`).
    pub const HYPHEN_CAPS: u16 = 1 << 5;
    /// Whitespace before the token.
    pub const GAP: u16 = 1 << 6;
    /// A line break before the token.
    pub const NL: u16 = 1 << 7;
    /// Exactly one space-like character before the token.
    pub const SPACE1: u16 = 1 << 8;
    /// First word of a sentence (or of a line, or of a quotation opening one).
    pub const SENT: u16 = 1 << 9;
    /// A unit glued to the number before it (`20ans`, `2M€`).
    pub const GLUED: u16 = 1 << 10;
    /// Holds `&` (`R&D`, `AT&T`).
    pub const AMP: u16 = 1 << 11;
}

#[derive(Debug, Clone, Copy)]
pub struct Tok {
    pub s: u32,
    pub e: u32,
    pub kind: Kind,
    pub f: u16,
    /// The token's span in the folded text, trimmed (see [`attach_folds`]).
    pub fs: u32,
    pub fe: u32,
}

impl Tok {
    pub fn has(&self, f: u16) -> bool {
        self.f & f != 0
    }
}

/// Language of a document, as far as the rules care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Fr,
    En,
    De,
    /// Unknown or another language: French and English rules both apply.
    Other,
}

impl Lang {
    pub fn from_code(code: Option<&str>) -> Lang {
        match code {
            Some("fr") => Lang::Fr,
            Some("en") => Lang::En,
            Some("de") => Lang::De,
            _ => Lang::Other,
        }
    }
}

/// French elided words: `l’entreprise` is `l’` + `entreprise`.
const ELISIONS: &[&str] = &[
    "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", "presqu",
];

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{02bc}')
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200b}' | '\u{feff}' | '\u{200e}' | '\u{200f}')
}

/// Words that a glued number may carry (`20ans`, `10km`, `2M€`), split off as their own token.
fn glued_unit(w: &str) -> bool {
    GLUED_UNITS.contains(w)
}

static GLUED_UNITS: WordSet = WordSet::new(
    "\
    ans an km kg m cm mm g t h min mn s j Mo Go To Ko MB GB TB KB mAh W kW MW GW kWh MWh GWh \
    Hz GHz MHz M Md Mds Mrd Mio k K bn px ms l L cl ml",
);

/// English compounds whose last part is a participle (`California-based`, `Paris-born`): the
/// name before the hyphen stands alone, in the tokens as in the folded text.
pub fn compound_suffix(rest: &str) -> bool {
    // The suffixes' first letters turn most words away without comparing them.
    if !rest
        .as_bytes()
        .first()
        .is_some_and(|&b| COMPOUND_SUFFIX_STARTS[usize::from(b)])
    {
        return false;
    }
    COMPOUND_SUFFIXES.iter().any(|s| {
        rest.len() >= s.len()
            && rest.as_bytes()[..s.len()] == *s.as_bytes()
            && !rest[s.len()..].chars().next().is_some_and(is_alnum)
    })
}

const COMPOUND_SUFFIXES: &[&str] = &[
    "based",
    "born",
    "led",
    "owned",
    "backed",
    "made",
    "headquartered",
    "listed",
    "funded",
    "bound",
    "centric",
    "focused",
    "registered",
    "controlled",
    "run",
    "linked",
    "style",
];

/// Whether each byte opens one of [`COMPOUND_SUFFIXES`].
const COMPOUND_SUFFIX_STARTS: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < COMPOUND_SUFFIXES.len() {
        t[COMPOUND_SUFFIXES[i].as_bytes()[0] as usize] = true;
        i += 1;
    }
    t
};

/// Splits `text` into tokens (reusing `out`) and marks sentence starts.
///
/// Bytes below 0x80 are told apart without decoding a `char`: spaces, digits and letters are
/// most of a text. The gap before each token is read as bytes, and a word's flags are counted
/// while its letters are scanned ([`WordFlags`]).
pub fn tokenize(text: &str, out: &mut Vec<Tok>) {
    out.clear();
    let mut gap_start = 0usize;
    let mut i = 0usize;
    let n = text.len();
    let bytes = text.as_bytes();
    while i < n {
        let b = bytes[i];
        let (c, cl) = if b < 0x80 {
            // ASCII whitespace as `char::is_whitespace` tells it: tab to carriage return, space.
            if matches!(b, b' ' | b'\t'..=b'\r') {
                i += 1;
                continue;
            }
            (b as char, 1)
        } else {
            let c = char_at(text, i);
            if is_space(c) {
                i += c.len_utf8();
                continue;
            }
            (c, c.len_utf8())
        };
        let gf = gap_flags(&bytes[gap_start..i]);
        if b.is_ascii_digit() {
            let j = scan_while(text, i, |c| c.is_ascii_digit());
            let k = scan_while(text, j, |c| is_alnum(c) && !c.is_ascii_digit());
            if k == j {
                out.push(Tok {
                    s: i as u32,
                    e: j as u32,
                    kind: Kind::Num,
                    f: gf | flag::DIGIT,
                    fs: 0,
                    fe: 0,
                });
                i = j;
                gap_start = i;
                continue;
            }
            let after = text[k..].chars().next();
            if glued_unit(&text[j..k]) && !after.is_some_and(is_alnum) {
                out.push(Tok {
                    s: i as u32,
                    e: j as u32,
                    kind: Kind::Num,
                    f: gf | flag::DIGIT,
                    fs: 0,
                    fe: 0,
                });
                out.push(word_tok(text, j, k, flag::GLUED));
                i = k;
                gap_start = i;
                continue;
            }
            // `5G`, `4K`, `1er`: a word that starts with digits.
        }
        let alnum = if b < 0x80 {
            ASCII_ALNUM[usize::from(b)]
        } else {
            is_alnum(c)
        };
        if alnum {
            let start = i;
            let mut j = i;
            // The word's flags, read while its letters are scanned.
            let mut word = WordFlags::new();
            loop {
                j = word.scan(text, j);
                // Most words end at a space or a comma: an ASCII byte that joins no parts of a
                // word ends it, without decoding it and the character after it.
                let Some(&jb) = bytes.get(j) else {
                    break;
                };
                if jb < 0x80 && !matches!(jb, b'-' | b'&' | b'.' | b'\'') {
                    break;
                }
                let jc = if jb < 0x80 {
                    jb as char
                } else {
                    char_at(text, j)
                };
                let after_joiner = j + jc.len_utf8();
                let next_alnum = match bytes.get(after_joiner) {
                    None => false,
                    Some(&nb) if nb < 0x80 => ASCII_ALNUM[usize::from(nb)],
                    Some(_) => is_alnum(char_at(text, after_joiner)),
                };
                if !next_alnum {
                    break;
                }
                match jc {
                    '-' if compound_suffix(&text[j + 1..]) => break,
                    '-' | '\u{2010}' | '\u{2011}' | '&' | '.' => {
                        word.joiner(jc);
                        j = after_joiner;
                    }
                    c if is_apostrophe(c) => {
                        let so_far = &text[start..j];
                        if ELISIONS.iter().any(|e| e.eq_ignore_ascii_case(so_far)) {
                            out.push(Tok {
                                s: start as u32,
                                e: after_joiner as u32,
                                kind: Kind::Elision,
                                f: gf,
                                fs: 0,
                                fe: 0,
                            });
                            // The word after the elision starts a token of its own.
                            i = after_joiner;
                            gap_start = after_joiner;
                            break;
                        }
                        let rest = &text[after_joiner..];
                        let possessive = rest.starts_with(['s', 'S'])
                            && !rest[1..].chars().next().is_some_and(is_alnum);
                        if possessive {
                            break;
                        }
                        word.joiner(jc);
                        j = after_joiner;
                    }
                    _ => break,
                }
            }
            if i != start {
                // An elision was cut off: go on with the word after it.
                continue;
            }
            out.push(word.tok(text, start, j, gf));
            i = j;
            gap_start = i;
            continue;
        }
        out.push(Tok {
            s: i as u32,
            e: (i + cl) as u32,
            kind: Kind::Punct,
            f: gf,
            fs: 0,
            fe: 0,
        });
        i += cl;
        gap_start = i;
    }
    mark_sentences(text, out);
}

/// The flags the whitespace before a token gives it: one space (the common case), a line
/// break, or one space-like character of any kind.
fn gap_flags(gap: &[u8]) -> u16 {
    match gap {
        [] => 0,
        [b' '] => flag::GAP | flag::SPACE1,
        _ if gap.contains(&b'\n') => flag::GAP | flag::NL,
        // One character: every byte after the first continues it.
        [_, rest @ ..] if rest.iter().all(|&b| b & 0xc0 == 0x80) => flag::GAP | flag::SPACE1,
        _ => flag::GAP,
    }
}

fn char_at(text: &str, i: usize) -> char {
    text[i..].chars().next().unwrap_or(' ')
}

/// Whether each ASCII byte is a letter or a digit (no byte from 0x80 up is).
const ASCII_ALNUM: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    t
};

/// What each ASCII byte adds to a word's flags: a letter, an upper-case letter, a digit. Zero
/// for a byte that is no letter or digit, which ends the scan.
const WORD_BYTE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_uppercase() {
            byte::LETTER | byte::UPPER
        } else if c.is_ascii_lowercase() {
            byte::LETTER
        } else if c.is_ascii_digit() {
            byte::DIGIT
        } else {
            0
        };
        b += 1;
    }
    t
};

mod byte {
    pub const LETTER: u8 = 1;
    pub const UPPER: u8 = 1 << 1;
    pub const DIGIT: u8 = 1 << 2;
}

/// A word's flags ([`word_tok`]'s) counted while the tokenizer scans it, so that a word of
/// ASCII letters and digits is read once instead of twice. A word with any other character
/// is read again by [`word_tok`], which knows Unicode's letters and cases.
struct WordFlags {
    letters: u32,
    upper: u32,
    /// Parts of the word (split at hyphens) that open with a capital.
    hyphen_caps: u32,
    /// 1 at the start of a part, else 0.
    part_start: u32,
    /// Every byte class seen, OR-ed.
    seen: u8,
    f: u16,
    /// The word holds a character outside ASCII.
    unicode: bool,
}

impl WordFlags {
    fn new() -> Self {
        WordFlags {
            letters: 0,
            upper: 0,
            hyphen_caps: 0,
            part_start: 1,
            seen: 0,
            f: 0,
            unicode: false,
        }
    }

    /// Scans the letters and digits from `i` (`scan_while(text, i, is_alnum)`, ASCII bytes
    /// told by a table: words are most of a text's bytes), counting what the word's flags
    /// need on the way.
    fn scan(&mut self, text: &str, i: usize) -> usize {
        let bytes = text.as_bytes();
        let mut j = i;
        loop {
            while let Some(&b) = bytes.get(j) {
                let class = WORD_BYTE[usize::from(b)];
                if class == 0 {
                    break;
                }
                let up = u32::from((class & byte::UPPER) >> 1);
                self.upper += up;
                self.hyphen_caps += up & self.part_start;
                self.letters += u32::from(class & byte::LETTER);
                self.part_start = 0;
                self.seen |= class;
                j += 1;
            }
            if j == bytes.len() || bytes[j] < 0x80 {
                return j;
            }
            let c = char_at(text, j);
            if !is_alnum(c) {
                return j;
            }
            self.unicode = true;
            j += c.len_utf8();
        }
    }

    /// A joiner taken into the word.
    fn joiner(&mut self, c: char) {
        match c {
            '-' => {
                self.f |= flag::HYPHEN;
                self.part_start = 1;
            }
            '&' => self.f |= flag::AMP,
            '.' | '\'' => {}
            _ => self.unicode = true,
        }
    }

    fn tok(self, text: &str, s: usize, e: usize, gap: u16) -> Tok {
        if self.unicode {
            return word_tok(text, s, e, gap);
        }
        let mut f = gap | self.f;
        if self.seen & byte::DIGIT != 0 {
            f |= flag::DIGIT;
        }
        word_token(
            s,
            e,
            f,
            char::from(text.as_bytes()[s]),
            self.letters as usize,
            self.upper as usize,
            self.hyphen_caps as usize,
        )
    }
}

fn scan_while(text: &str, i: usize, f: impl Fn(char) -> bool) -> usize {
    // ASCII first, byte by byte, without decoding.
    let bytes = text.as_bytes();
    let mut j = i;
    while j < bytes.len() {
        if bytes[j] < 0x80 {
            if !f(bytes[j] as char) {
                return j;
            }
            j += 1;
            continue;
        }
        let c = text[j..].chars().next().unwrap_or(' ');
        if !f(c) {
            return j;
        }
        j += c.len_utf8();
    }
    j
}

fn word_tok(text: &str, s: usize, e: usize, mut f: u16) -> Tok {
    let w = &text[s..e];
    let mut letters = 0;
    let mut upper = 0;
    let mut hyphen_caps = 0;
    let mut part_start = true;
    if w.is_ascii() {
        for &b in w.as_bytes() {
            if b.is_ascii_alphabetic() {
                letters += 1;
                if b.is_ascii_uppercase() {
                    upper += 1;
                    if part_start {
                        hyphen_caps += 1;
                    }
                }
                part_start = false;
            } else if b.is_ascii_digit() {
                f |= flag::DIGIT;
                part_start = false;
            } else if b == b'-' {
                f |= flag::HYPHEN;
                part_start = true;
            } else if b == b'&' {
                f |= flag::AMP;
            }
        }
    } else {
        word_flags_unicode(w, &mut f, &mut letters, &mut upper, &mut hyphen_caps);
    }
    let first = w.chars().next().unwrap_or(' ');
    word_token(s, e, f, first, letters, upper, hyphen_caps)
}

/// The word token `[s, e)` with the flags its shape gives on top of `f`: capitalized, camel
/// case, all capitals, hyphenated parts opening with capitals. `letters`, `upper` and
/// `hyphen_caps` count its letters, its upper-case letters and the parts that open with one.
fn word_token(
    s: usize,
    e: usize,
    mut f: u16,
    first: char,
    letters: usize,
    upper: usize,
    hyphen_caps: usize,
) -> Tok {
    if first.is_uppercase() {
        f |= flag::CAP;
    } else if first.is_lowercase() && upper > 0 {
        f |= flag::CAMEL;
    }
    if letters >= 2 && upper == letters {
        f |= flag::ALLCAPS;
    }
    if hyphen_caps >= 2 && f & flag::HYPHEN != 0 {
        f |= flag::HYPHEN_CAPS;
    }
    Tok {
        s: s as u32,
        e: e as u32,
        kind: Kind::Word,
        f,
        fs: 0,
        fe: 0,
    }
}

fn word_flags_unicode(
    w: &str,
    f: &mut u16,
    letters: &mut usize,
    upper: &mut usize,
    hyphen_caps: &mut usize,
) {
    let mut part_start = true;
    for c in w.chars() {
        if is_alpha(c) {
            *letters += 1;
            if c.is_uppercase() {
                *upper += 1;
                if part_start {
                    *hyphen_caps += 1;
                }
            }
            part_start = false;
        } else if c.is_ascii_digit() || c.is_numeric() {
            *f |= flag::DIGIT;
            part_start = false;
        } else if c == '-' || c == '\u{2010}' || c == '\u{2011}' {
            *f |= flag::HYPHEN;
            part_start = true;
        } else if c == '&' {
            *f |= flag::AMP;
        }
    }
}

/// Abbreviations whose dot does not end a sentence.
fn abbreviation(w: &str) -> bool {
    ABBREVIATIONS.contains(w) || (w.chars().count() == 1 && w.chars().all(|c| c.is_uppercase()))
}

static ABBREVIATIONS: WordSet = WordSet::new(
    "\
    M MM Mme Mmes Mlle Mr Mrs Ms Dr Pr Prof St Ste Inc Corp Ltd Co Jr Sr vs cf av env No no \
    Nr ca bzw z B Mio Mrd Md Gen Sen Rep Gov Hr Fr",
);

fn ends_sentence(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | ';' | ':' | '‼' | '⁉' | '|' | '•')
        || (c as u32 >= 0x2190 && !matches!(c, '€' | '£' | '¥' | '₹' | '‰' | '′' | '″'))
}

fn keeps_state(c: char) -> bool {
    matches!(
        c,
        '«' | '»'
            | '"'
            | '“'
            | '”'
            | '„'
            | '‹'
            | '›'
            | '('
            | ')'
            | '['
            | ']'
            | '–'
            | '—'
            | '-'
            | '*'
            | '\''
            | '’'
            | '‘'
    )
}

/// `Business › Deals`, `Home > News`: a separator between spaces starts a new segment, like
/// a sentence end (a quotation's `›` is glued to its words).
fn breadcrumb_separator(text: &str, t: &Tok, c: char) -> bool {
    matches!(c, '›' | '>')
        && t.has(flag::GAP)
        && text[t.e as usize..]
            .chars()
            .next()
            .is_some_and(|n| n == ' ' || n == '\u{a0}')
}

fn mark_sentences(text: &str, toks: &mut [Tok]) {
    let mut at_start = true;
    let mut prev_word: Option<(u32, u32)> = None;
    for t in toks.iter_mut() {
        if t.has(flag::NL) {
            at_start = true;
        }
        match t.kind {
            Kind::Punct => {
                let c = char_at(text, t.s as usize);
                if c == '.' {
                    let abbr = prev_word
                        .is_some_and(|(s, e)| abbreviation(&text[s as usize..e as usize]))
                        && !t.has(flag::GAP);
                    if !abbr {
                        at_start = true;
                    }
                } else if ends_sentence(c) || breadcrumb_separator(text, t, c) {
                    at_start = true;
                } else if !keeps_state(c) {
                    at_start = false;
                }
                prev_word = None;
            }
            _ => {
                if at_start {
                    t.f |= flag::SENT;
                }
                at_start = false;
                prev_word = (t.kind == Kind::Word).then_some((t.s, t.e));
            }
        }
    }
}

/// Records each token's span in the folded text, so rules read folded words without
/// re-folding: `L’` → `l`, `Été` → `ete`.
pub fn attach_folds(toks: &mut [Tok], fm: &FoldMap) {
    let f = fm.folded.as_bytes();
    for t in toks.iter_mut() {
        let mut a = fm.folded_offset(t.s as usize);
        let mut b = fm.folded_offset(t.e as usize).max(a);
        while a < b && f[a] == b' ' {
            a += 1;
        }
        while b > a && f[b - 1] == b' ' {
            b -= 1;
        }
        t.fs = a as u32;
        t.fe = b as u32;
    }
}

/// A headline written in title case: its capitals say nothing about names.
pub fn is_title_case(view: &View, is_stop: impl Fn(&str) -> bool) -> bool {
    // An English convention: French and German headlines are written in sentence case.
    if matches!(view.lang, Lang::Fr | Lang::De) {
        return false;
    }
    let (mut caps, mut words) = (0, 0);
    for (i, t) in view.toks.iter().enumerate() {
        if t.kind != Kind::Word || t.has(flag::DIGIT) {
            continue;
        }
        let w = view.fw(i);
        if w.chars().count() < 4 || is_stop(w) {
            continue;
        }
        words += 1;
        if t.has(flag::CAP) {
            caps += 1;
        }
    }
    words >= 4 && caps * 5 >= words * 4
}

/// Most words written in capitals (`APPLE UNVEILS NEW IPHONE`).
pub fn is_shouting(view: &View) -> bool {
    let (mut caps, mut words) = (0, 0);
    for t in view.toks {
        if t.kind != Kind::Word || t.e - t.s < 2 {
            continue;
        }
        words += 1;
        if t.has(flag::ALLCAPS) {
            caps += 1;
        }
    }
    words >= 4 && caps * 5 >= words * 3
}

/// Marks every capitalized word as a sentence start (see [`is_title_case`]).
pub fn mark_capitals_as_starts(toks: &mut [Tok]) {
    for t in toks.iter_mut() {
        if t.kind == Kind::Word && t.has(flag::CAP) {
            t.f |= flag::SENT;
        }
    }
}

/// One host text with its tokens and folded copy, as every rule sees it.
pub struct View<'a> {
    pub text: &'a str,
    pub toks: &'a [Tok],
    pub fm: &'a FoldMap,
    pub lang: Lang,
}

impl<'a> View<'a> {
    pub fn len(&self) -> usize {
        self.toks.len()
    }

    /// The token as written ("" out of range).
    pub fn raw(&self, i: usize) -> &'a str {
        match self.toks.get(i) {
            Some(t) => &self.text[t.s as usize..t.e as usize],
            None => "",
        }
    }

    /// The token's matching fold ("" out of range): `L’` → `l`, `Été` → `ete`.
    #[inline]
    pub fn fw(&self, i: usize) -> &'a str {
        match self.toks.get(i) {
            Some(t) => &self.fm.folded[t.fs as usize..t.fe as usize],
            None => "",
        }
    }

    pub fn kind(&self, i: usize) -> Option<Kind> {
        self.toks.get(i).map(|t| t.kind)
    }

    pub fn is_word(&self, i: usize) -> bool {
        self.kind(i) == Some(Kind::Word)
    }

    pub fn has(&self, i: usize, f: u16) -> bool {
        self.toks.get(i).is_some_and(|t| t.has(f))
    }

    /// The punctuation character at `i`, if that token is one.
    pub fn punct(&self, i: usize) -> Option<char> {
        let t = self.toks.get(i)?;
        (t.kind == Kind::Punct).then(|| char_at(self.text, t.s as usize))
    }

    /// Token `i` follows token `i - 1` with at most one space (same line).
    pub fn close(&self, i: usize) -> bool {
        self.toks
            .get(i)
            .is_some_and(|t| !t.has(flag::GAP) || t.has(flag::SPACE1))
    }

    /// Token `i` touches token `i - 1`.
    pub fn glued(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| !t.has(flag::GAP))
    }

    /// A lower-case word (no capital anywhere).
    pub fn is_lower_word(&self, i: usize) -> bool {
        self.is_word(i) && !self.has(i, flag::CAP | flag::CAMEL | flag::DIGIT)
    }

    pub fn span(&self, a: usize, b: usize) -> (usize, usize) {
        (self.toks[a].s as usize, self.toks[b - 1].e as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<(String, Kind, u16)> {
        let mut v = Vec::new();
        tokenize(text, &mut v);
        v.iter()
            .map(|t| (text[t.s as usize..t.e as usize].to_string(), t.kind, t.f))
            .collect()
    }

    fn words(text: &str) -> Vec<String> {
        toks(text).into_iter().map(|t| t.0).collect()
    }

    #[test]
    fn splits_elisions_possessives_and_glued_units() {
        assert_eq!(
            words("L’entreprise d'Aix-en-Provence aujourd'hui"),
            ["L’", "entreprise", "d'", "Aix-en-Provence", "aujourd'hui"]
        );
        assert_eq!(words("Apple's CEO"), ["Apple", "'", "s", "CEO"]);
        assert_eq!(words("20ans 5G 2M€"), ["20", "ans", "5G", "2", "M", "€"]);
        assert_eq!(
            words("R&D Coins.fr 4.0"),
            ["R&D", "Coins.fr", "4", ".", "0"]
        );
        assert_eq!(words("jusqu’ici O'Neill"), ["jusqu’", "ici", "O'Neill"]);
    }

    #[test]
    fn flags_capitals_and_sentence_starts() {
        let t = toks("Crosscall : les États-Unis. L’ALE « Nos iPhone » Dr. Who\nbon");
        let get = |w: &str| t.iter().find(|x| x.0 == w).unwrap().2;
        assert!(get("Crosscall") & flag::SENT != 0);
        assert!(get("États-Unis") & flag::HYPHEN_CAPS != 0);
        assert!(get("États-Unis") & flag::SENT == 0);
        assert!(get("L’") & flag::SENT != 0);
        assert!(get("ALE") & flag::ALLCAPS != 0);
        assert!(get("Nos") & flag::SENT == 0);
        assert!(get("iPhone") & flag::CAMEL != 0);
        assert!(get("Who") & flag::SENT == 0);
        assert!(get("bon") & flag::SENT != 0);
        let t = toks("a : « Nos produits");
        assert!(t.iter().find(|x| x.0 == "Nos").unwrap().2 & flag::SENT != 0);
    }

    /// Texts made of the pieces tokens are cut at and joined by, and of any characters.
    fn pieces() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let piece = prop::sample::select(vec![
            "a", "Zé", "l", "qu", "s", "S", "R", "D", "3", "20", "ans", "based", "-", "\u{2010}",
            "&", ".", "'", "’", "ʼ", " ", "\u{a0}", "\n", "\u{200b}", ",", "€", "«", "é", "ﬁ", "İ",
            "日本", "🙂", "\t",
        ]);
        let piece = prop_oneof![
            3 => piece.prop_map(String::from),
            1 => any::<char>().prop_map(String::from),
            1 => proptest::char::range(' ', '~').prop_map(String::from),
        ];
        prop::collection::vec(piece, 0..30).prop_map(|v| v.concat())
    }

    /// The tokenizer as it was first written, one `char` at a time: what [`tokenize`] must give.
    fn tokenize_by_chars(text: &str, out: &mut Vec<Tok>) {
        out.clear();
        let mut gap_start = 0usize;
        let mut i = 0usize;
        let n = text.len();
        let bytes = text.as_bytes();
        while i < n {
            if matches!(bytes[i], b' ' | b'\n' | b'\t' | b'\r') {
                i += 1;
                continue;
            }
            let c = char_at(text, i);
            let cl = c.len_utf8();
            if is_space(c) {
                i += cl;
                continue;
            }
            let gap = &text[gap_start..i];
            let mut gf = 0u16;
            if gap == " " {
                gf |= flag::GAP | flag::SPACE1;
            } else if !gap.is_empty() {
                gf |= flag::GAP;
                if gap.contains('\n') {
                    gf |= flag::NL;
                } else if gap.chars().count() == 1 {
                    gf |= flag::SPACE1;
                }
            }
            if c.is_ascii_digit() {
                let j = scan_while(text, i, |c| c.is_ascii_digit());
                let k = scan_while(text, j, |c| is_alnum(c) && !c.is_ascii_digit());
                if k == j {
                    out.push(Tok {
                        s: i as u32,
                        e: j as u32,
                        kind: Kind::Num,
                        f: gf | flag::DIGIT,
                        fs: 0,
                        fe: 0,
                    });
                    i = j;
                    gap_start = i;
                    continue;
                }
                let after = text[k..].chars().next();
                if glued_unit(&text[j..k]) && !after.is_some_and(is_alnum) {
                    out.push(Tok {
                        s: i as u32,
                        e: j as u32,
                        kind: Kind::Num,
                        f: gf | flag::DIGIT,
                        fs: 0,
                        fe: 0,
                    });
                    out.push(word_tok(text, j, k, flag::GLUED));
                    i = k;
                    gap_start = i;
                    continue;
                }
                // `5G`, `4K`, `1er`: a word that starts with digits.
            }
            if is_alnum(c) {
                let start = i;
                let mut j = i;
                loop {
                    j = scan_while(text, j, is_alnum);
                    // Most words end at a space or a comma: an ASCII byte that joins no parts of a
                    // word ends it, without decoding it and the character after it.
                    if bytes
                        .get(j)
                        .is_none_or(|&b| b < 0x80 && !matches!(b, b'-' | b'&' | b'.' | b'\''))
                    {
                        break;
                    }
                    let Some(jc) = text[j..].chars().next() else {
                        break;
                    };
                    let next = text[j + jc.len_utf8()..].chars().next();
                    let next_alnum = next.is_some_and(is_alnum);
                    if !next_alnum {
                        break;
                    }
                    match jc {
                        '-' if compound_suffix(&text[j + 1..]) => break,
                        '-' | '\u{2010}' | '\u{2011}' | '&' | '.' => j += jc.len_utf8(),
                        c if is_apostrophe(c) => {
                            let so_far = &text[start..j];
                            if ELISIONS.iter().any(|e| e.eq_ignore_ascii_case(so_far)) {
                                let e = j + jc.len_utf8();
                                out.push(Tok {
                                    s: start as u32,
                                    e: e as u32,
                                    kind: Kind::Elision,
                                    f: if start == i { gf } else { 0 },
                                    fs: 0,
                                    fe: 0,
                                });
                                // The word after the elision starts a token of its own.
                                i = e;
                                gap_start = e;
                                break;
                            }
                            let rest = &text[j + jc.len_utf8()..];
                            let possessive = rest.starts_with(['s', 'S'])
                                && !rest[1..].chars().next().is_some_and(is_alnum);
                            if possessive {
                                break;
                            }
                            j += jc.len_utf8();
                        }
                        _ => break,
                    }
                }
                if i != start {
                    // An elision was cut off: go on with the word after it.
                    continue;
                }
                out.push(word_tok(text, start, j, gf));
                i = j;
                gap_start = i;
                continue;
            }
            out.push(Tok {
                s: i as u32,
                e: (i + cl) as u32,
                kind: Kind::Punct,
                f: gf,
                fs: 0,
                fe: 0,
            });
            i += cl;
            gap_start = i;
        }
        mark_sentences(text, out);
    }

    proptest::proptest! {
        #[test]
        fn letters_are_scanned_as_is_alnum_tells_them(text in pieces()) {
            for (i, _) in text.char_indices() {
                proptest::prop_assert_eq!(WordFlags::new().scan(&text, i), scan_while(&text, i, is_alnum));
            }
        }

        #[test]
        fn tokens_are_the_char_by_char_tokenizers(text in pieces()) {
            let (mut fast, mut slow) = (Vec::new(), Vec::new());
            tokenize(&text, &mut fast);
            tokenize_by_chars(&text, &mut slow);
            let key = |t: &Tok| (t.s, t.e, t.kind, t.f);
            proptest::prop_assert_eq!(
                fast.iter().map(key).collect::<Vec<_>>(),
                slow.iter().map(key).collect::<Vec<_>>(),
                "{:?}", text
            );
        }

        #[test]
        fn tokens_cover_every_character_but_spaces_once_in_order(text in pieces()) {
            let mut v = Vec::new();
            tokenize(&text, &mut v);
            let mut at = 0;
            for t in &v {
                let (s, e) = (t.s as usize, t.e as usize);
                proptest::prop_assert!(at <= s && s < e, "{:?} at {}", t, at);
                proptest::prop_assert!(text[at..s].chars().all(is_space), "{:?}", &text[at..s]);
                proptest::prop_assert!(!text[s..e].chars().any(is_space), "{:?}", &text[s..e]);
                at = e;
            }
            proptest::prop_assert!(text[at..].chars().all(is_space));
        }
    }

    #[test]
    fn the_seed_texts_tokenize_as_char_by_char() {
        let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        let mut texts = 0;
        for entry in std::fs::read_dir(seeds).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            let (mut fast, mut slow) = (Vec::new(), Vec::new());
            tokenize(&text, &mut fast);
            tokenize_by_chars(&text, &mut slow);
            let key = |t: &Tok| (t.s, t.e, t.kind, t.f);
            assert!(fast.iter().map(key).eq(slow.iter().map(key)));
            texts += 1;
        }
        assert!(texts > 0);
    }

    #[test]
    fn number_gaps() {
        let t = toks("1\u{a0}234,56 €");
        assert_eq!(t[1].0, "234");
        assert!(t[1].2 & flag::SPACE1 != 0);
        assert!(t[2].2 & flag::GAP == 0);
    }
}
