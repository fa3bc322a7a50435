//! Decode: bytes → text. Detects UTF-8 (with or without BOM), UTF-16 with BOM, and legacy
//! single-byte encodings (via `chardetng`); UTF-8 with a few stray bytes decodes lossily and is
//! flagged; binary data is refused. The encoding is reported as a WHATWG label.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

/// Outcome of decoding one file's bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decoded {
    Text {
        /// Decoded text before normalization (BOM removed).
        text: String,
        /// WHATWG label of the encoding used.
        encoding: &'static str,
        /// Some bytes could not be decoded and became U+FFFD.
        lossy: bool,
    },
    /// The bytes are not text (binary, image…).
    NotText,
}

/// Share of stray bytes under which text that is mostly valid UTF-8 is read as lossy UTF-8
/// rather than as a legacy encoding.
const MAX_STRAY_SHARE: f64 = 0.2;

pub fn decode(bytes: &[u8]) -> Decoded {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let body = &bytes[bom_len..];
        let (text, had_errors) = encoding.decode_without_bom_handling(body);
        // A UTF-16 file with a BOM is text even though half its bytes are NUL.
        if encoding != UTF_16LE && encoding != UTF_16BE && looks_binary(body) {
            return Decoded::NotText;
        }
        return Decoded::Text {
            text: text.into_owned(),
            encoding: encoding.name_lower(),
            lossy: had_errors,
        };
    }
    if looks_binary(bytes) {
        return Decoded::NotText;
    }
    // Most input is valid UTF-8: checked by SIMD first (French text leaves the standard
    // library's ASCII fast path at every accent).
    match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => Decoded::Text {
            text: text.to_owned(),
            encoding: "utf-8",
            lossy: false,
        },
        Err(_) => {
            let (valid_multibyte, stray) = utf8_census(bytes);
            if valid_multibyte > 0
                && (stray as f64) / ((valid_multibyte + stray) as f64) < MAX_STRAY_SHARE
            {
                let (text, _) = UTF_8.decode_without_bom_handling(bytes);
                return Decoded::Text {
                    text: text.into_owned(),
                    encoding: "utf-8",
                    lossy: true,
                };
            }
            let mut detector = chardetng::EncodingDetector::new();
            detector.feed(bytes, true);
            let encoding = detector.guess(None, true);
            let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
            Decoded::Text {
                text: text.into_owned(),
                encoding: encoding.name_lower(),
                lossy: had_errors,
            }
        }
    }
}

trait NameLower {
    fn name_lower(&self) -> &'static str;
}

impl NameLower for &'static Encoding {
    /// WHATWG labels are lower case (`windows-1252`), encoding_rs names are canonical case.
    fn name_lower(&self) -> &'static str {
        match self.name() {
            "UTF-8" => "utf-8",
            "UTF-16LE" => "utf-16le",
            "UTF-16BE" => "utf-16be",
            "windows-1252" => "windows-1252",
            "ISO-8859-2" => "iso-8859-2",
            "ISO-8859-15" => "iso-8859-15",
            "windows-1250" => "windows-1250",
            "windows-1251" => "windows-1251",
            "KOI8-R" => "koi8-r",
            "Shift_JIS" => "shift_jis",
            "EUC-JP" => "euc-jp",
            "EUC-KR" => "euc-kr",
            "GBK" => "gbk",
            "Big5" => "big5",
            other => leak_lower(other),
        }
    }
}

/// Lower-cases a label not in the table above; labels are a small fixed set, so the
/// memory stays bounded by the number of encodings encoding_rs knows.
fn leak_lower(name: &'static str) -> &'static str {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static LABELS: OnceLock<Mutex<HashMap<&'static str, &'static str>>> = OnceLock::new();
    let map = LABELS.get_or_init(|| Mutex::new(HashMap::new()));
    let mut map = match map.lock() {
        Ok(m) => m,
        Err(poisoned) => poisoned.into_inner(),
    };
    map.entry(name)
        .or_insert_with(|| Box::leak(name.to_ascii_lowercase().into_boxed_str()))
}

/// Binary data: NUL bytes, or many control bytes that text never holds.
fn looks_binary(bytes: &[u8]) -> bool {
    if bytes.is_empty() {
        return false;
    }
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    let (nul, control) = binary_bytes(sample);
    let n = sample.len() as f64;
    // A stray NUL or two in real text happens (and is removed later); binary has many.
    (nul as f64) / n > 0.01 || ((nul + control) as f64) / n > 0.05
}

/// The NUL bytes of `bytes`, and its other control bytes that text never holds.
fn binary_bytes(bytes: &[u8]) -> (usize, usize) {
    // Branch-free counts in byte-wide lanes, over runs short enough that no lane overflows:
    // the compiler turns them into vector code that takes sixteen bytes a step, where lanes
    // as wide as `usize` took two (the check was 16 instructions a byte of input).
    let (mut nul, mut control) = (0usize, 0usize);
    for run in bytes.chunks(usize::from(u8::MAX)) {
        let (mut n, mut c) = (0u8, 0u8);
        for &b in run {
            n += u8::from(b == 0);
            c +=
                u8::from((b < 0x20 || b == 0x7f) && !matches!(b, 0 | b'\t' | b'\n' | b'\r' | 0x0c));
        }
        nul += usize::from(n);
        control += usize::from(c);
    }
    (nul, control)
}

/// The chars of `s` outside ASCII: in UTF-8 each starts with one byte from 0xC0 up, the only
/// bytes that do.
fn non_ascii_chars(s: &str) -> usize {
    s.bytes().map(|b| usize::from(b >= 0xc0)).sum()
}

/// Counts valid multi-byte UTF-8 sequences and invalid bytes.
fn utf8_census(mut bytes: &[u8]) -> (usize, usize) {
    let mut valid_multibyte = 0;
    let mut stray = 0;
    loop {
        match std::str::from_utf8(bytes) {
            Ok(s) => {
                valid_multibyte += non_ascii_chars(s);
                return (valid_multibyte, stray);
            }
            Err(e) => {
                let (good, rest) = bytes.split_at(e.valid_up_to());
                // SAFETY-free: `good` is valid by construction of `valid_up_to`.
                if let Ok(s) = std::str::from_utf8(good) {
                    valid_multibyte += non_ascii_chars(s);
                }
                let skip = e.error_len().unwrap_or(rest.len()).max(1);
                stray += 1;
                bytes = &rest[skip.min(rest.len())..];
                if bytes.is_empty() {
                    return (valid_multibyte, stray);
                }
            }
        }
    }
}

/// Text that holds nothing but whitespace (NBSP and zero-width spaces included), invisible
/// format characters (bidi marks, joiners) and the control characters normalization removes.
pub fn is_blank(text: &str) -> bool {
    text.chars()
        .all(|c| c.is_whitespace() || c.is_control() || invisible(c))
}

/// Zero-width and bidi formatting characters: nothing a reader sees.
fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{feff}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn binary_bytes_are_counted_one_by_one(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..2000)) {
            let nul = bytes.iter().filter(|&&b| b == 0).count();
            let control = bytes
                .iter()
                .filter(|&&b| (b < 0x20 || b == 0x7f) && !matches!(b, 0 | b'\t' | b'\n' | b'\r' | 0x0c))
                .count();
            proptest::prop_assert_eq!(binary_bytes(&bytes), (nul, control));
        }
    }

    #[test]
    fn long_runs_of_binary_bytes_do_not_overflow_their_counts() {
        assert_eq!(binary_bytes(&[0; 1000]), (1000, 0));
        assert_eq!(binary_bytes(&[1; 70_000]), (0, 70_000));
    }

    fn text(d: Decoded) -> (String, &'static str, bool) {
        match d {
            Decoded::Text {
                text,
                encoding,
                lossy,
            } => (text, encoding, lossy),
            Decoded::NotText => panic!("expected text"),
        }
    }

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(text(decode("é".as_bytes())), ("é".into(), "utf-8", false));
        assert_eq!(
            text(decode(b"\xef\xbb\xbfabc")),
            ("abc".into(), "utf-8", false)
        );
    }

    #[test]
    fn utf16_with_bom() {
        let mut b = vec![0xff, 0xfe];
        for u in "Société".encode_utf16() {
            b.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(text(decode(&b)), ("Société".into(), "utf-16le", false));
    }

    #[test]
    fn lone_surrogate_in_utf16_is_lossy() {
        let b = [0xff, 0xfe, 0x00, 0xd8, 0x41, 0x00];
        let (t, enc, lossy) = text(decode(&b));
        assert_eq!(enc, "utf-16le");
        assert!(lossy);
        assert!(t.contains('\u{fffd}'));
    }

    #[test]
    fn windows_1252_french() {
        let b = b"Le march\xe9 fran\xe7ais de l\x92\xe9lectronique est \xe0 la peine. D\xe9j\xe0 l'\xe9t\xe9.";
        let (t, enc, lossy) = text(decode(b));
        assert_eq!(enc, "windows-1252");
        assert!(!lossy);
        assert!(t.contains("marché français de l’électronique"));
    }

    #[test]
    fn stray_bytes_in_utf8_are_lossy_utf8() {
        let mut b = "Crosscall a dépensé 4 millions d’euros à Aix-en-Provence. "
            .repeat(5)
            .into_bytes();
        b.push(0xff);
        b.extend_from_slice("fin é".as_bytes());
        b.push(0xc3);
        let (t, enc, lossy) = text(decode(&b));
        assert_eq!(enc, "utf-8");
        assert!(lossy);
        assert!(t.contains('\u{fffd}'));
    }

    #[test]
    fn binary_is_not_text() {
        let b: Vec<u8> = (0..4096u32).map(|i| (i * 7 % 256) as u8).collect();
        assert_eq!(decode(&b), Decoded::NotText);
    }

    #[test]
    fn blank_detection() {
        assert!(is_blank(" \n\t\u{a0}\u{feff}"));
        assert!(!is_blank(" a "));
    }

    #[test]
    fn invisible_characters_and_controls_only_are_blank() {
        assert!(is_blank(
            "\u{200e}\u{200f}\n\u{202e}\u{2066}\u{2069}\u{200d}\u{2060}"
        ));
        assert!(is_blank("\u{0}\u{1}\u{7} \u{1b}\r\n\u{7f}"));
        assert!(!is_blank("\u{200e}a"));
    }

    proptest::proptest! {
        #[test]
        fn non_ascii_chars_counts_the_chars_outside_ascii(s in "\\PC*") {
            proptest::prop_assert_eq!(
                non_ascii_chars(&s),
                s.chars().filter(|c| !c.is_ascii()).count()
            );
        }
    }
}
