//! Numbers as news text writes them: `1 234,56` and `200.000` (French and German), `1,234.56`
//! (English), spelled out (`deux`, `twenty-five`, `zwölf`), with a scale word (`4 millions`,
//! `2 M€`, `1,5 Mrd`) and a currency (`€`, `d’euros`, `$`, `USD`).

use super::tokens::{flag, Kind, Lang, View};

/// A number read from the tokens `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Number {
    pub value: f64,
    pub end: usize,
    /// Written in words.
    pub spelled: bool,
    /// One digit run, no separator, no decimals (a year candidate).
    pub plain: bool,
    /// Digits in the integer part as written (for plain numbers).
    pub digits: usize,
}

fn spelled_word(w: &str, lang: Lang) -> Option<f64> {
    let fr = matches!(lang, Lang::Fr | Lang::Other);
    let en = matches!(lang, Lang::En | Lang::Other);
    let de = lang == Lang::De;
    let v = match w {
        "deux" if fr => 2.0,
        "trois" if fr => 3.0,
        "quatre" if fr => 4.0,
        "cinq" if fr => 5.0,
        "six" if fr || en => 6.0,
        "sept" if fr => 7.0,
        "huit" if fr => 8.0,
        "neuf" if fr => 9.0,
        "dix" if fr => 10.0,
        "onze" if fr => 11.0,
        "douze" if fr => 12.0,
        "treize" if fr => 13.0,
        "quatorze" if fr => 14.0,
        "quinze" if fr => 15.0,
        "seize" if fr => 16.0,
        "vingt" | "vingts" if fr => 20.0,
        "trente" if fr => 30.0,
        "quarante" if fr => 40.0,
        "cinquante" if fr => 50.0,
        "soixante" if fr => 60.0,
        "cent" | "cents" if fr => 100.0,
        "mille" if fr => 1000.0,
        "two" if en => 2.0,
        "three" if en => 3.0,
        "four" if en => 4.0,
        "five" if en => 5.0,
        "seven" if en => 7.0,
        "eight" if en => 8.0,
        "nine" if en => 9.0,
        "ten" if en => 10.0,
        "eleven" if en => 11.0,
        "twelve" if en => 12.0,
        "fifteen" if en => 15.0,
        "twenty" if en => 20.0,
        "thirty" if en => 30.0,
        "forty" if en => 40.0,
        "fifty" if en => 50.0,
        "hundred" if en => 100.0,
        "thousand" if en => 1000.0,
        "dozen" if en => 12.0,
        "zwei" if de => 2.0,
        "drei" if de => 3.0,
        "vier" if de => 4.0,
        "funf" if de => 5.0,
        "sechs" if de => 6.0,
        "sieben" if de => 7.0,
        "acht" if de => 8.0,
        "neun" if de => 9.0,
        "zehn" if de => 10.0,
        "elf" if de => 11.0,
        "zwolf" if de => 12.0,
        "zwanzig" if de => 20.0,
        "dreissig" if de => 30.0,
        "hundert" if de => 100.0,
        "tausend" if de => 1000.0,
        _ => return None,
    };
    Some(v)
}

/// A spelled-out number, hyphenated compounds included (`vingt-cinq`, `quatre-vingts`).
fn spelled(w: &str, lang: Lang) -> Option<f64> {
    if let Some(v) = spelled_word(w, lang) {
        return Some(v);
    }
    if !w.contains('-') {
        return None;
    }
    let mut total = 0.0;
    let mut prev: Option<f64> = None;
    for part in w.split('-') {
        let v = spelled_word(part, lang).or(match part {
            "et" | "and" => Some(0.0),
            _ => None,
        })?;
        match prev {
            // quatre-vingts = 4 × 20
            Some(p) if v == 20.0 && p < 10.0 && p > 1.0 => total += p * 19.0,
            _ => total += v,
        }
        prev = Some(v);
    }
    (total > 0.0).then_some(total)
}

/// Multipliers that follow a number (`4 millions`, `2 M€`, `1,5 Mrd`). `M`, `k`, `Md` count
/// only before a currency, which the caller checks through `needs_currency`.
pub fn scale(view: &View, i: usize) -> Option<(f64, usize, bool)> {
    if !view.is_word(i) || !view.close(i) {
        return None;
    }
    let raw = view.raw(i);
    let w = view.fw(i);
    let en = view.lang == Lang::En;
    let (v, needs_currency) = match w {
        // Spanish and Italian too (`150 millones de euros`, `2 miliardi di euro`).
        "million" | "millions" | "millionen" | "mio" | "millon" | "millones" | "milione"
        | "milioni" => (1e6, false),
        "milliard" | "milliards" | "milliarde" | "milliarden" | "mrd" | "mds" | "md"
        | "miliardo" | "miliardi" => (1e9, false),
        "billion" | "billions" => (if en { 1e9 } else { 1e12 }, false),
        "trillion" | "trillions" => (1e12, false),
        "thousand" | "mille" => (1e3, false),
        "bn" => (1e9, true),
        "m" if raw == "M" || raw == "m" => (1e6, true),
        "k" => (1e3, true),
        _ => return None,
    };
    let mut end = i + 1;
    // `Mio.`, `Mrd.`
    if view.punct(end) == Some('.') && view.glued(end) && matches!(w, "mio" | "mrd" | "md" | "mds")
    {
        end += 1;
    }
    Some((v, end, needs_currency))
}

/// ISO 4217 code of a currency written at `i` (symbol, code or word, `livres sterling`,
/// `dollars américains`), and where it ends.
pub fn currency(view: &View, i: usize) -> Option<(&'static str, usize)> {
    if let Some(c) = view.punct(i) {
        let code = match c {
            '€' => "EUR",
            '$' => "USD",
            '£' => "GBP",
            '¥' => "JPY",
            '₹' => "INR",
            _ => return None,
        };
        return Some((code, i + 1));
    }
    if !view.is_word(i) {
        return None;
    }
    let raw = view.raw(i);
    let w = view.fw(i);
    let code = match w {
        "euro" | "euros" => "EUR",
        "dollar" | "dollars" => {
            let next = view.fw(i + 1);
            let code = match next {
                "canadiens" | "canadien" => "CAD",
                "australiens" | "australien" => "AUD",
                "americains" | "us" => "USD",
                _ => "USD",
            };
            if code != "USD" || next == "americains" || (next == "us" && view.raw(i + 1) == "US") {
                return Some((code, i + 2));
            }
            return Some((code, i + 1));
        }
        "livre" | "livres" | "pound" | "pounds" => {
            return (view.fw(i + 1) == "sterling")
                .then_some(("GBP", i + 2))
                .or((matches!(w, "pound" | "pounds") && view.lang != Lang::Fr)
                    .then_some(("GBP", i + 1)))
        }
        "franc" | "francs" => {
            return matches!(view.fw(i + 1), "suisse" | "suisses").then_some(("CHF", i + 2));
        }
        "franken" => "CHF",
        "yen" | "yens" => "JPY",
        "yuan" | "yuans" | "renminbi" => "CNY",
        "roupie" | "roupies" | "rupee" | "rupees" => "INR",
        "rouble" | "roubles" | "ruble" | "rubles" | "rubel" => "RUB",
        _ => {
            if raw.len() == 3 && raw.bytes().all(|b| b.is_ascii_uppercase()) {
                match raw {
                    "EUR" | "USD" | "GBP" | "CHF" | "JPY" | "CAD" | "AUD" | "CNY" | "INR"
                    | "RUB" => return Some((iso(raw), i + 1)),
                    _ => return None,
                }
            }
            return None;
        }
    };
    Some((code, i + 1))
}

fn iso(raw: &str) -> &'static str {
    match raw {
        "EUR" => "EUR",
        "USD" => "USD",
        "GBP" => "GBP",
        "CHF" => "CHF",
        "JPY" => "JPY",
        "CAD" => "CAD",
        "AUD" => "AUD",
        "CNY" => "CNY",
        "INR" => "INR",
        _ => "RUB",
    }
}

fn digits_of<'a>(view: &View<'a>, i: usize) -> Option<&'a str> {
    (view.kind(i) == Some(Kind::Num)).then(|| view.raw(i))
}

/// Reads the number that starts at token `i`.
pub fn number(view: &View, i: usize) -> Option<Number> {
    match view.kind(i)? {
        Kind::Num => {}
        Kind::Word => {
            let v = spelled(view.fw(i), view.lang)?;
            let mut n = Number {
                value: v,
                end: i + 1,
                spelled: true,
                plain: false,
                digits: 0,
            };
            // deux cents, trois mille, two hundred
            if let Some(m) = view
                .is_word(i + 1)
                .then(|| spelled_word(view.fw(i + 1), view.lang))
                .flatten()
                .filter(|&m| m >= 100.0 && v < 100.0)
            {
                n.value = v * m;
                n.end = i + 2;
            }
            return Some(n);
        }
        _ => return None,
    }
    let first = view.raw(i);
    let mut int = first.to_string();
    let mut j = i + 1;
    let mut grouped = false;
    let mut frac = String::new();
    let en = view.lang == Lang::En;
    if first.len() <= 3 {
        // Thousands groups: `1 234 567`, `200.000`, `1,234,567`.
        let sep_at = |j: usize| -> Option<char> {
            let d = digits_of(view, j)?;
            if d.len() == 3 && view.has(j, flag::SPACE1) && !view.has(j, flag::NL) {
                let gap = &view.text[view.toks[j - 1].e as usize..view.toks[j].s as usize];
                if gap != "\t" {
                    return Some(' ');
                }
            }
            None
        };
        if sep_at(j).is_some() {
            while sep_at(j).is_some() {
                int.push_str(view.raw(j));
                j += 1;
                grouped = true;
            }
        } else if let Some(p @ ('.' | ',')) = view.punct(j) {
            let mut groups = 0;
            let mut k = j;
            while view.punct(k) == Some(p)
                && view.glued(k)
                && view.glued(k + 1)
                && digits_of(view, k + 1).is_some_and(|d| d.len() == 3)
            {
                groups += 1;
                k += 2;
            }
            // A lone `.123` or `,123`: thousands in French/German for the dot and in English for
            // the comma; otherwise a decimal part.
            let thousands = groups >= 2 || (groups == 1 && ((p == '.') != en));
            let next_is_digit_run =
                view.punct(k) == Some(p) && view.glued(k + 1) && digits_of(view, k + 1).is_some();
            if thousands && !next_is_digit_run {
                for g in 0..groups {
                    int.push_str(view.raw(j + 2 * g + 1));
                }
                j = k;
                grouped = true;
            }
        }
    }
    // Decimal part.
    if let Some(p @ ('.' | ',')) = view.punct(j) {
        let decimal_ok = match p {
            ',' => !en || !grouped,
            _ => en || !grouped,
        };
        if decimal_ok && view.glued(j) && view.glued(j + 1) {
            if let Some(d) = digits_of(view, j + 1) {
                // `1.5.2020`: not a number.
                let more = matches!(view.punct(j + 2), Some('.') | Some(','))
                    && view.glued(j + 2)
                    && digits_of(view, j + 3).is_some()
                    && view.glued(j + 3);
                if !more || p == ',' {
                    frac = d.to_string();
                    j += 2;
                }
            }
        }
    }
    let mut s = int.clone();
    if !frac.is_empty() {
        s.push('.');
        s.push_str(&frac);
    }
    let value: f64 = s.parse().ok()?;
    Some(Number {
        value,
        end: j,
        spelled: false,
        plain: !grouped && frac.is_empty(),
        digits: first.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::super::fold_map::FoldMap;
    use super::super::tokens::tokenize;
    use super::*;

    fn read(text: &str, lang: Lang) -> Option<(f64, String)> {
        let mut toks = Vec::new();
        tokenize(text, &mut toks);
        let mut fm = FoldMap::new();
        fm.build(text);
        super::super::tokens::attach_folds(&mut toks, &fm);
        let view = View {
            text,
            toks: &toks,
            fm: &fm,
            lang,
        };
        let n = number(&view, 0)?;
        let (s, e) = view.span(0, n.end);
        Some((n.value, text[s..e].to_string()))
    }

    #[test]
    fn french_english_and_spelled_numbers() {
        assert_eq!(
            read("1 234,56 €", Lang::Fr),
            Some((1234.56, "1 234,56".into()))
        );
        assert_eq!(
            read("1\u{202f}234 567 personnes", Lang::Fr),
            Some((1234567.0, "1\u{202f}234 567".into()))
        );
        assert_eq!(
            read("200.000 policiers", Lang::Fr),
            Some((200000.0, "200.000".into()))
        );
        assert_eq!(
            read("1,234.5 miles", Lang::En),
            Some((1234.5, "1,234.5".into()))
        );
        assert_eq!(read("1.5 million", Lang::En), Some((1.5, "1.5".into())));
        assert_eq!(read("2,5 millions", Lang::Fr), Some((2.5, "2,5".into())));
        assert_eq!(read("4.0 de Lacroix", Lang::Fr), Some((4.0, "4.0".into())));
        assert_eq!(
            read("2024 500 salariés", Lang::Fr),
            Some((2024.0, "2024".into()))
        );
        assert_eq!(read("deux millions", Lang::Fr), Some((2.0, "deux".into())));
        assert_eq!(
            read("vingt-cinq ans", Lang::Fr),
            Some((25.0, "vingt-cinq".into()))
        );
        assert_eq!(
            read("quatre-vingts ans", Lang::Fr),
            Some((80.0, "quatre-vingts".into()))
        );
        assert_eq!(
            read("trois mille", Lang::Fr),
            Some((3000.0, "trois mille".into()))
        );
        assert_eq!(read("zwölf Monate", Lang::De), Some((12.0, "zwölf".into())));
        assert_eq!(read("20, 30", Lang::Fr), Some((20.0, "20".into())));
        assert_eq!(read("neuf", Lang::En), None);
    }
}
