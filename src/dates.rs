//! Reading dates written in French, English, German and numeric styles into ISO 8601.

use std::sync::OnceLock;

use regex::Regex;

use crate::text::fold;

/// Month number from a folded month name (French, English, German, with common abbreviations).
pub fn month_number(folded: &str) -> Option<u32> {
    let m = folded.trim_end_matches('.');
    let n = match m {
        "janvier" | "janv" | "january" | "jan" | "januar" | "janner" => 1,
        "fevrier" | "fevr" | "fev" | "february" | "feb" | "februar" => 2,
        "mars" | "march" | "mar" | "marz" | "maerz" => 3,
        "avril" | "avr" | "april" | "apr" => 4,
        "mai" | "may" => 5,
        "juin" | "june" | "jun" | "juni" => 6,
        "juillet" | "juil" | "july" | "jul" | "juli" => 7,
        "aout" | "august" | "aug" => 8,
        "septembre" | "sept" | "september" | "sep" => 9,
        "octobre" | "oct" | "october" | "oktober" | "okt" => 10,
        "novembre" | "nov" | "november" => 11,
        "decembre" | "dec" | "december" | "dezember" | "dez" => 12,
        _ => return None,
    };
    Some(n)
}

fn valid(y: i32, m: u32, d: u32) -> bool {
    if !(1..=12).contains(&m) || d == 0 || !(1000..=2999).contains(&y) {
        return false;
    }
    let days = match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    d <= days
}

fn year4(y: &str) -> Option<i32> {
    let n: i32 = y.parse().ok()?;
    Some(match y.len() {
        2 => 2000 + n,
        4 => n,
        _ => return None,
    })
}

fn with_time(date: String, h: Option<&str>, m: Option<&str>, pm: bool) -> String {
    match (
        h.and_then(|h| h.parse::<u32>().ok()),
        m.and_then(|m| m.parse::<u32>().ok()),
    ) {
        (Some(mut h), Some(m)) if h < 24 && m < 60 => {
            if pm && h < 12 {
                h += 12;
            }
            format!("{date}T{h:02}:{m:02}")
        }
        _ => date,
    }
}

/// ASCII classes and word boundaries: the numbers are read as ASCII digits anyway, and a
/// Unicode `\b` keeps the regex engine off its fast automaton on text outside ASCII.
struct Patterns {
    numeric: Regex,
    iso: Regex,
    day_month_year: Regex,
    month_day_year: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| Patterns {
        numeric: Regex::new(
            r"(?x)(?-u:\b)([0-9]{1,2})\s?[./-]\s?([0-9]{1,2})\s?[./-]\s?([0-9]{4}|[0-9]{2})(?-u:\b)
              (?:[^0-9]{0,8}?([0-9]{1,2})\s?[h:.]\s?([0-9]{2}))?",
        )
        .expect("static regex"),
        iso: Regex::new(r"(?-u:\b)([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[t ]([0-9]{2}):([0-9]{2}))?")
            .expect("static regex"),
        day_month_year: Regex::new(
            r"(?x)(?-u:\b)([0-9]{1,2})(?:er|\.)?\s+([a-z]{3,9}\.?)\s+([0-9]{4})(?-u:\b)
              (?:[^0-9]{0,8}?([0-9]{1,2})\s?[h:.]\s?([0-9]{2}))?",
        )
        .expect("static regex"),
        month_day_year: Regex::new(
            r"(?x)(?-u:\b)([a-z]{3,9}\.?)\s+([0-9]{1,2})(?:st|nd|rd|th)?,?\s+([0-9]{4})(?-u:\b)
              (?:[^0-9]{0,8}?([0-9]{1,2}):([0-9]{2})\s?([ap])?)?",
        )
        .expect("static regex"),
    })
}

/// Reads the first date in `s` as ISO 8601 (`YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM` when a time
/// follows). Numeric dates are read day first, as in French and German, unless that is
/// impossible and month first is not.
pub fn parse_date(s: &str) -> Option<String> {
    // Every style holds ASCII digits; most lines tried hold none.
    if !s.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let f = fold(s);
    let p = patterns();
    if let Some(c) = p.iso.captures(&f) {
        let (y, m, d) = (c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?);
        if valid(y, m, d) {
            let date = format!("{y:04}-{m:02}-{d:02}");
            return Some(with_time(
                date,
                c.get(4).map(|x| x.as_str()),
                c.get(5).map(|x| x.as_str()),
                false,
            ));
        }
    }
    if let Some(c) = p.day_month_year.captures(&f) {
        if let Some(m) = month_number(&c[2]) {
            let (d, y) = (c[1].parse().ok()?, c[3].parse().ok()?);
            if valid(y, m, d) {
                let date = format!("{y:04}-{m:02}-{d:02}");
                return Some(with_time(
                    date,
                    c.get(4).map(|x| x.as_str()),
                    c.get(5).map(|x| x.as_str()),
                    false,
                ));
            }
        }
    }
    if let Some(c) = p.month_day_year.captures(&f) {
        if let Some(m) = month_number(&c[1]) {
            let (d, y) = (c[2].parse().ok()?, c[3].parse().ok()?);
            if valid(y, m, d) {
                let date = format!("{y:04}-{m:02}-{d:02}");
                let pm = c.get(6).is_some_and(|x| x.as_str() == "p");
                return Some(with_time(
                    date,
                    c.get(4).map(|x| x.as_str()),
                    c.get(5).map(|x| x.as_str()),
                    pm,
                ));
            }
        }
    }
    if let Some(c) = p.numeric.captures(&f) {
        let (a, b): (u32, u32) = (c[1].parse().ok()?, c[2].parse().ok()?);
        let y = year4(&c[3])?;
        let (d, m) = if valid(y, b, a) {
            (a, b)
        } else if valid(y, a, b) {
            (b, a)
        } else {
            return None;
        };
        let date = format!("{y:04}-{m:02}-{d:02}");
        return Some(with_time(
            date,
            c.get(4).map(|x| x.as_str()),
            c.get(5).map(|x| x.as_str()),
            false,
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styles() {
        assert_eq!(
            parse_date("Publié le 02/11/23 à 16h33").as_deref(),
            Some("2023-11-02T16:33")
        );
        assert_eq!(parse_date("March 9, 2017").as_deref(), Some("2017-03-09"));
        assert_eq!(parse_date("13. 1. 2020").as_deref(), Some("2020-01-13"));
        assert_eq!(parse_date("12.12.2019").as_deref(), Some("2019-12-12"));
        assert_eq!(
            parse_date("le 15 mai 2019 à 08h07").as_deref(),
            Some("2019-05-15T08:07")
        );
        assert_eq!(parse_date("1er août 2021").as_deref(), Some("2021-08-01"));
        assert_eq!(
            parse_date("13. Januar 2020, 10:15 Uhr").as_deref(),
            Some("2020-01-13T10:15")
        );
        assert_eq!(parse_date("2024-02-29").as_deref(), Some("2024-02-29"));
        // The text is lower-cased before matching, the `T` too.
        assert_eq!(
            parse_date("2024-02-29T10:15:00Z").as_deref(),
            Some("2024-02-29T10:15")
        );
        assert_eq!(parse_date("١٥/٠٣/٢٠٢٠"), None);
        assert_eq!(
            parse_date("May 3, 2021 at 4:05 pm").as_deref(),
            Some("2021-05-03T16:05")
        );
        assert_eq!(parse_date("12/25/2020").as_deref(), Some("2020-12-25"));
        assert_eq!(parse_date("31/02/2020"), None);
        assert_eq!(parse_date("il y a 2 ans"), None);
    }
}
