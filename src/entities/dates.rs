//! Dates and periods by rule, in French, English and German: `9 mars 2017`, `March 9, 2017`,
//! `premier trimestre 2024`, `fin de l’année 2021`, `début d’année`, `juillet dernier`,
//! `le mois dernier`, `l’été`, `last year`, `Ende 2021`. Each gets a normalized label (the
//! merge key) and, when the year is known, an ISO date or year. Relative dates resolve against
//! the article's publication date when the page shows one.

use super::tokens::{flag, Kind, Lang, View};
use super::wordset::WordSet;

/// The publication date relative dates are read against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Anchor {
    pub year: i32,
    pub month: u32,
}

impl Anchor {
    pub fn parse(published_at: Option<&str>) -> Option<Anchor> {
        let s = published_at?;
        let year: i32 = s.get(0..4)?.parse().ok()?;
        let month: u32 = s.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(0);
        Some(Anchor { year, month })
    }
}

/// A date found at tokens `[start, end)`.
#[derive(Debug, Clone, PartialEq)]
pub struct DateFound {
    pub start: usize,
    pub end: usize,
    /// Normalized label: `2024`, `2024-Q1`, `2017-03-09`, `2021-end`, or the folded words when
    /// nothing better is known.
    pub label: String,
    /// ISO date or year, when known.
    pub iso: Option<String>,
    pub confidence: f64,
}

pub fn month(w: &str) -> Option<u32> {
    Some(match w {
        "janvier" | "january" | "januar" | "janv" | "jan" => 1,
        "fevrier" | "february" | "februar" | "fevr" | "feb" => 2,
        "mars" | "march" | "marz" | "maerz" => 3,
        "avril" | "april" | "avr" | "apr" => 4,
        "mai" | "may" => 5,
        "juin" | "june" | "juni" => 6,
        "juillet" | "july" | "juli" | "juil" => 7,
        "aout" | "august" | "aug" => 8,
        "septembre" | "september" | "sept" | "sep" => 9,
        "octobre" | "october" | "oktober" | "oct" | "okt" => 10,
        "novembre" | "november" | "nov" => 11,
        "decembre" | "december" | "dezember" | "dec" | "dez" => 12,
        _ => return None,
    })
}

fn full_month(w: &str) -> Option<u32> {
    (w.len() > 4
        || matches!(
            w,
            "mars" | "mai" | "may" | "juin" | "june" | "juni" | "juli" | "july" | "aout" | "marz"
        ))
    .then(|| month(w))
    .flatten()
}

pub fn weekday(w: &str) -> bool {
    matches!(
        w,
        "lundi"
            | "mardi"
            | "mercredi"
            | "jeudi"
            | "vendredi"
            | "samedi"
            | "dimanche"
            | "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "montag"
            | "dienstag"
            | "mittwoch"
            | "donnerstag"
            | "freitag"
            | "samstag"
            | "sonntag"
    )
}

/// A month name written as its language writes it: lower case in French (capitalized only at a
/// sentence start), capitalized in English and German.
fn month_at(view: &View, i: usize) -> Option<u32> {
    if !view.is_word(i) {
        return None;
    }
    let w = view.fw(i);
    let m = full_month(w)?;
    let cap = view.has(i, flag::CAP);
    let french = matches!(
        w,
        "janvier"
            | "fevrier"
            | "mars"
            | "avril"
            | "mai"
            | "juin"
            | "juillet"
            | "aout"
            | "septembre"
            | "octobre"
            | "novembre"
            | "decembre"
    );
    let ok = if french && !(w == "mai" && view.lang == Lang::De) {
        !cap || view.has(i, flag::SENT)
    } else {
        cap
    };
    ok.then_some(m)
}

fn year_at(view: &View, i: usize) -> Option<i32> {
    if view.kind(i) != Some(Kind::Num) || !view.close(i) {
        return None;
    }
    let raw = view.raw(i);
    if raw.len() != 4 {
        return None;
    }
    let y: i32 = raw.parse().ok()?;
    // Not part of a larger number (`2 024`, `2024,5`, `2024.5`).
    if matches!(view.punct(i + 1), Some(',') | Some('.'))
        && view.glued(i + 1)
        && view.kind(i + 2) == Some(Kind::Num)
        && view.glued(i + 2)
    {
        return None;
    }
    (1800..=2199).contains(&y).then_some(y)
}

fn day_at(view: &View, i: usize) -> Option<u32> {
    let w = view.fw(i);
    let digits: &str = match view.kind(i)? {
        Kind::Num => w,
        Kind::Word => w
            .strip_suffix("er")
            .or_else(|| w.strip_suffix("st"))
            .or_else(|| w.strip_suffix("nd"))
            .or_else(|| w.strip_suffix("rd"))
            .or_else(|| w.strip_suffix("th"))
            .filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))?,
        _ => return None,
    };
    if digits.len() > 2 {
        return None;
    }
    let d: u32 = digits.parse().ok()?;
    (1..=31).contains(&d).then_some(d)
}

fn ym(y: i32, m: u32) -> String {
    format!("{y:04}-{m:02}")
}

fn found(
    start: usize,
    end: usize,
    label: String,
    iso: Option<String>,
    confidence: f64,
) -> Option<DateFound> {
    Some(DateFound {
        start,
        end,
        label,
        iso,
        confidence,
    })
}

/// The folded words of `[a, b)` joined by spaces, for labels of dates nothing better names.
fn words(view: &View, a: usize, b: usize) -> String {
    let (s, e) = view.span(a, b);
    view.fm.folded_of(s, e).to_string()
}

fn ordinal(w: &str) -> Option<u32> {
    Some(match w {
        "premier" | "1er" | "first" | "1st" | "ersten" | "erste" | "erstes" => 1,
        "deuxieme" | "2e" | "2eme" | "second" | "seconde" | "2nd" | "zweiten" | "zweite"
        | "zweites" => 2,
        "troisieme" | "3e" | "3eme" | "third" | "3rd" | "dritten" | "dritte" | "drittes" => 3,
        "quatrieme" | "4e" | "4eme" | "fourth" | "4th" | "vierten" | "vierte" | "viertes" => 4,
        "dernier" | "last" | "letzten" | "letzte" => 9,
        _ => return None,
    })
}

fn period_prefix(w: &str) -> Option<&'static str> {
    Some(match w {
        "fin" | "end" | "ende" | "late" => "end",
        "debut" | "beginning" | "start" | "anfang" | "early" => "start",
        "mi" | "milieu" | "middle" | "mid" | "mitte" | "courant" => "mid",
        _ => return None,
    })
}

fn unit_word(w: &str) -> Option<&'static str> {
    Some(match w {
        "annee" | "an" | "year" | "jahr" | "jahres" => "year",
        "mois" | "month" | "monat" | "monats" => "month",
        "semaine" | "week" | "woche" => "week",
        "trimestre" | "quarter" | "quartal" | "quartals" => "quarter",
        "semestre" | "halbjahr" | "halbjahres" => "half",
        "ete" | "summer" | "sommer" | "hiver" | "winter" | "printemps" | "spring" | "fruhling"
        | "automne" | "autumn" | "herbst" => "season",
        "week-end" | "weekend" => "weekend",
        _ => return None,
    })
}

fn season(w: &str) -> Option<&'static str> {
    Some(match w {
        "ete" | "summer" | "sommer" => "summer",
        "hiver" | "winter" => "winter",
        "printemps" | "spring" | "fruhling" => "spring",
        "automne" | "autumn" | "fall" | "herbst" => "autumn",
        _ => return None,
    })
}

fn relative_after(w: &str) -> Option<i32> {
    Some(match w {
        "dernier" | "derniere" | "passe" | "passee" | "precedent" | "precedente" => -1,
        "prochain" | "prochaine" | "suivant" | "suivante" => 1,
        _ => return None,
    })
}

fn relative_before(w: &str) -> Option<i32> {
    Some(match w {
        "last" | "past" | "letzten" | "letztes" | "letzte" | "vergangenen" | "vergangenes"
        | "vergangene" => -1,
        "next" | "nachsten" | "nachstes" | "nachste" | "kommenden" | "kommendes" | "kommende" => 1,
        "this" | "cette" | "cet" | "diesen" | "dieses" | "diese" => 0,
        _ => return None,
    })
}

/// Words before a bare month that make it a date (`en juillet`, `in May`, `seit März`).
fn month_lead(w: &str) -> bool {
    MONTH_LEADS.contains(w)
}

static MONTH_LEADS: WordSet = WordSet::new(
    "\
    en in im depuis since seit des until till bis avant apres before after vor nach ab mois \
    by jusqu during pendant durant from of",
);

/// A relative month, week, year or season resolved against the anchor.
fn resolve(
    unit: &str,
    delta: i32,
    month_no: Option<u32>,
    anchor: Option<Anchor>,
) -> Option<(String, Option<String>)> {
    let a = anchor?;
    match unit {
        "year" => {
            let y = a.year + delta;
            Some((y.to_string(), Some(y.to_string())))
        }
        "month" if a.month > 0 => {
            let mut y = a.year;
            let mut m = a.month as i32 + delta;
            if m < 1 {
                m += 12;
                y -= 1;
            } else if m > 12 {
                m -= 12;
                y += 1;
            }
            Some((ym(y, m as u32), Some(ym(y, m as u32))))
        }
        "named-month" if a.month > 0 => {
            let m = month_no?;
            let y = match delta {
                -1 if m >= a.month => a.year - 1,
                1 if m <= a.month => a.year + 1,
                _ => a.year,
            };
            Some((ym(y, m), Some(ym(y, m))))
        }
        _ => None,
    }
}

/// Words a date may start with; anything else (most words) is passed over at once.
static TRIGGERS: WordSet = WordSet::new(TRIGGER_WORDS);

pub const TRIGGER_WORDS: &str = "\
    janvier january januar janv jan fevrier february februar fevr feb mars march marz maerz \
    avril april avr apr mai may juin june juni juillet july juli juil aout august aug \
    septembre september sept sep octobre october oktober oct okt novembre november nov \
    decembre december dezember dec dez lundi mardi mercredi jeudi vendredi samedi dimanche \
    monday tuesday wednesday thursday friday saturday sunday montag dienstag mittwoch \
    donnerstag freitag samstag sonntag premier first ersten erste erstes deuxieme second \
    seconde zweiten zweite zweites troisieme third dritten dritte drittes quatrieme fourth \
    vierten vierte viertes dernier last letzten letzte fin end ende late debut beginning start \
    anfang early mi milieu middle mid mitte courant past letztes vergangenen vergangenes \
    vergangene next nachsten nachstes nachste kommenden kommendes kommende this cette cet \
    diesen dieses diese annee an year jahr jahres mois month monat monats semaine week woche \
    trimestre quarter quartal quartals semestre halbjahr halbjahres ete summer sommer hiver \
    winter printemps spring fruhling automne autumn herbst week-end weekend fall";

/// Token `i` may open a date (a cheap test before [`date_at`]).
pub fn may_start(view: &View, i: usize) -> bool {
    if view.kind(i) == Some(Kind::Num) || view.has(i, flag::DIGIT) {
        return true;
    }
    let w = view.fw(i);
    TRIGGERS.contains(w) || super::lexicon::first_part(w).is_some_and(|a| matches!(a, "mi" | "mid"))
}

/// A date or period that starts at token `i`, if any.
pub fn date_at(view: &View, i: usize, anchor: Option<Anchor>) -> Option<DateFound> {
    match view.kind(i)? {
        Kind::Num => numeric_or_day_first(view, i, anchor),
        Kind::Word => word_led(view, i, anchor),
        _ => None,
    }
}

fn numeric_or_day_first(view: &View, i: usize, anchor: Option<Anchor>) -> Option<DateFound> {
    let raw = view.raw(i);
    // 2017-03-09
    if raw.len() == 4
        && view.punct(i + 1) == Some('-')
        && view.glued(i + 1)
        && view.glued(i + 2)
        && view.raw(i + 2).len() == 2
        && view.punct(i + 3) == Some('-')
        && view.glued(i + 3)
        && view.glued(i + 4)
        && view.raw(i + 4).len() == 2
        && view.kind(i + 4) == Some(Kind::Num)
    {
        let y: i32 = raw.parse().ok()?;
        let m: u32 = view.raw(i + 2).parse().ok()?;
        let d: u32 = view.raw(i + 4).parse().ok()?;
        if (1..=12).contains(&m) && (1..=31).contains(&d) {
            let iso = format!("{y:04}-{m:02}-{d:02}");
            return found(i, i + 5, iso.clone(), Some(iso), 0.95);
        }
    }
    // 09/03/2017, 9.3.2017 (day first; month first in English)
    if raw.len() <= 2 {
        for sep in ['/', '.'] {
            if view.punct(i + 1) == Some(sep)
                && view.glued(i + 1)
                && view.glued(i + 2)
                && view.kind(i + 2) == Some(Kind::Num)
                && view.raw(i + 2).len() <= 2
                && view.punct(i + 3) == Some(sep)
                && view.glued(i + 3)
                && view.glued(i + 4)
                && view.kind(i + 4) == Some(Kind::Num)
                && view.raw(i + 4).len() == 4
            {
                let a: u32 = raw.parse().ok()?;
                let b: u32 = view.raw(i + 2).parse().ok()?;
                let y: i32 = view.raw(i + 4).parse().ok()?;
                let (d, m) = if view.lang == Lang::En && sep == '/' {
                    (b, a)
                } else {
                    (a, b)
                };
                if (1..=12).contains(&m) && (1..=31).contains(&d) && (1800..=2199).contains(&y) {
                    let iso = format!("{y:04}-{m:02}-{d:02}");
                    return found(i, i + 5, iso.clone(), Some(iso), 0.9);
                }
            }
        }
    }
    day_month(view, i, i, anchor)
}

/// `9 mars 2017`, `9. März`, `1er juillet`, `lundi 3 avril` (start = the weekday).
fn day_month(view: &View, start: usize, i: usize, anchor: Option<Anchor>) -> Option<DateFound> {
    let d = day_at(view, i)?;
    let mut j = i + 1;
    if view.punct(j) == Some('.') && view.glued(j) {
        j += 1;
    }
    let m = month_at_loose(view, j)?;
    if !view.close(j) && view.punct(j - 1) != Some('.') {
        return None;
    }
    if let Some(y) = year_at(view, j + 1) {
        let iso = format!("{y:04}-{m:02}-{d:02}");
        return found(start, j + 2, iso.clone(), Some(iso), 0.95);
    }
    match anchor {
        Some(a) => {
            let iso = format!("{:04}-{m:02}-{d:02}", a.year);
            found(start, j + 1, iso.clone(), Some(iso), 0.85)
        }
        None => found(start, j + 1, format!("--{m:02}-{d:02}"), None, 0.85),
    }
}

/// A month name after a day number: any capitalization.
fn month_at_loose(view: &View, i: usize) -> Option<u32> {
    if !view.is_word(i) {
        return None;
    }
    month(view.fw(i))
}

fn word_led(view: &View, i: usize, anchor: Option<Anchor>) -> Option<DateFound> {
    let w = view.fw(i);
    // Weekday: `lundi 3 avril`, `lundi dernier`, `on Monday`.
    if weekday(w) {
        if let Some(f) = day_month(view, i, i + 1, anchor) {
            return Some(f);
        }
        if relative_after(view.fw(i + 1)).is_some() && view.close(i + 1) {
            return found(i, i + 2, words(view, i, i + 2), None, 0.75);
        }
        if matches!(
            view.fw(i.wrapping_sub(1)),
            "ce" | "on" | "am" | "this" | "last" | "next"
        ) && i > 0
        {
            return found(i, i + 1, words(view, i, i + 1), None, 0.7);
        }
        return None;
    }
    // `1er juillet`, `21st March`
    if view.has(i, flag::DIGIT) {
        if let Some(f) = day_month(view, i, i, anchor) {
            return Some(f);
        }
    }
    // Quarter codes: `Q1 2024`, `T3 2023`, `H1 2025`.
    if let Some(f) = quarter_code(view, i, anchor) {
        return Some(f);
    }
    // Ordinal period: `premier trimestre (de l’année) 2024`, `second half of 2023`.
    if let Some(n) = ordinal(w) {
        let u = view.fw(i + 1);
        let kind = match u {
            "trimestre" | "quarter" | "quartal" => Some('Q'),
            "semestre" | "half" | "halbjahr" => Some('H'),
            _ => None,
        };
        if let (Some(k), true) = (kind, view.close(i + 1)) {
            let mut end = i + 2;
            let mut year = None;
            let mut j = end;
            // de l’année / of / of the year / des Jahres / de
            while matches!(
                view.fw(j),
                "de" | "d" | "l" | "of" | "the" | "des" | "annee" | "year" | "jahres"
            ) && j < end + 4
            {
                j += 1;
            }
            if let Some(y) = year_at(view, j) {
                year = Some(y);
                end = j + 1;
            }
            let n = if n == 9 {
                if k == 'Q' {
                    4
                } else {
                    2
                }
            } else {
                n
            };
            if k == 'H' && n > 2 {
                return None;
            }
            let y = year.or(anchor.map(|a| a.year));
            let (label, iso) = match y {
                Some(y) => (format!("{y}-{k}{n}"), Some(y.to_string())),
                None => (format!("{k}{n}"), None),
            };
            return found(i, end, label, iso, if year.is_some() { 0.95 } else { 0.8 });
        }
    }
    // Period prefix: `fin 2021`, `début d’année`, `fin de l’année 2021`, `mi-mars`, `early 2024`.
    if let Some(f) = period(view, i, anchor) {
        return Some(f);
    }
    // `Sept 30`, `Jan. 5, 2024` (English abbreviations, before a day only).
    if view.lang != Lang::Fr && view.has(i, flag::CAP) && w.len() <= 4 && full_month(w).is_none() {
        if let Some(m) = month(w) {
            let mut j = i + 1;
            if view.punct(j) == Some('.') && view.glued(j) {
                j += 1;
            }
            if let Some(d) =
                day_at(view, j).filter(|_| view.kind(j) == Some(Kind::Num) && view.close(j))
            {
                let mut k = j + 1;
                if view.punct(k) == Some(',') && view.glued(k) {
                    k += 1;
                }
                if let Some(y) = year_at(view, k) {
                    let iso = format!("{y:04}-{m:02}-{d:02}");
                    return found(i, k + 1, iso.clone(), Some(iso), 0.9);
                }
                let label = match anchor {
                    Some(a) => format!("{:04}-{m:02}-{d:02}", a.year),
                    None => format!("--{m:02}-{d:02}"),
                };
                let iso = anchor.map(|_| label.clone());
                return found(i, j + 1, label, iso, 0.8);
            }
        }
    }
    // A month: `March 9, 2017`, `mars 2017`, `juillet dernier`, `en juillet`.
    if let Some(m) = month_at(view, i) {
        if view.lang != Lang::Fr {
            if let Some(d) = day_at(view, i + 1)
                .filter(|_| view.close(i + 1) && view.kind(i + 1) == Some(Kind::Num))
            {
                let mut j = i + 2;
                if view.punct(j) == Some(',') && view.glued(j) {
                    j += 1;
                }
                if let Some(y) = year_at(view, j) {
                    let iso = format!("{y:04}-{m:02}-{d:02}");
                    return found(i, j + 1, iso.clone(), Some(iso), 0.95);
                }
                let label = match anchor {
                    Some(a) => format!("{:04}-{m:02}-{d:02}", a.year),
                    None => format!("--{m:02}-{d:02}"),
                };
                let iso = anchor.map(|_| label.clone());
                return found(i, i + 2, label, iso, 0.85);
            }
        }
        if let Some(y) = year_at(view, i + 1) {
            return found(i, i + 2, ym(y, m), Some(ym(y, m)), 0.95);
        }
        if let Some(delta) = relative_after(view.fw(i + 1)).filter(|_| view.close(i + 1)) {
            let (label, iso) = resolve("named-month", delta, Some(m), anchor)
                .unwrap_or_else(|| (words(view, i, i + 2), None));
            return found(i, i + 2, label, iso, 0.85);
        }
        if i > 0 && month_lead(view.fw(i - 1)) && !view.has(i, flag::SENT) {
            return found(i, i + 1, format!("--{m:02}"), None, 0.75);
        }
        return None;
    }
    // `last year`, `this summer`, `letzten Monat`, `cette année`, `cet été`.
    if let Some(delta) = relative_before(w) {
        let u = view.fw(i + 1);
        if view.close(i + 1) {
            if let Some(unit) = unit_word(u).or_else(|| season(u).map(|_| "season")) {
                let (label, iso) = resolve(unit, delta, None, anchor)
                    .unwrap_or_else(|| (words(view, i, i + 2), None));
                return found(i, i + 2, label, iso, 0.8);
            }
            if let Some(m) = month_at(view, i + 1) {
                let (label, iso) = resolve("named-month", delta, Some(m), anchor)
                    .unwrap_or_else(|| (words(view, i, i + 2), None));
                return found(i, i + 2, label, iso, 0.8);
            }
        }
    }
    // `mois dernier`, `l’année prochaine`, `l’an dernier`.
    if let Some(unit) = unit_word(w) {
        if let Some(delta) = relative_after(view.fw(i + 1)).filter(|_| view.close(i + 1)) {
            // `2 mois derniers` is a duration, not this.
            if i > 0 && view.kind(i - 1) == Some(Kind::Num) {
                return None;
            }
            let (label, iso) =
                resolve(unit, delta, None, anchor).unwrap_or_else(|| (words(view, i, i + 2), None));
            return found(i, i + 2, label, iso, 0.8);
        }
    }
    // Seasons: `l’été`, `cet hiver` (above), `en automne`, `été 2021`, `in summer`, `im Sommer`.
    if let Some(s) = season(w) {
        if view.has(i, flag::CAP) && !view.has(i, flag::SENT) && view.lang != Lang::De {
            return None;
        }
        if let Some(y) = year_at(view, i + 1) {
            return found(i, i + 2, format!("{y}-{s}"), Some(y.to_string()), 0.9);
        }
        let prev = if i > 0 { view.fw(i - 1) } else { "" };
        let lead = match view.kind(i.wrapping_sub(1)) {
            Some(Kind::Elision) => prev == "l",
            Some(Kind::Word) => {
                matches!(prev, "en" | "au" | "in" | "during" | "im" | "the")
                    && (w != "fall" || prev == "the")
            }
            _ => false,
        };
        if lead {
            let (label, iso) = match anchor {
                Some(a) => (format!("{}-{s}", a.year), Some(a.year.to_string())),
                None => (words(view, i, i + 1), None),
            };
            return found(i, i + 1, label, iso, 0.7);
        }
    }
    None
}

fn quarter_code(view: &View, i: usize, anchor: Option<Anchor>) -> Option<DateFound> {
    let raw = view.raw(i);
    let b = raw.as_bytes();
    if b.len() != 2 || !b[1].is_ascii_digit() {
        return None;
    }
    let n = (b[1] - b'0') as u32;
    let (k, max, alone_ok) = match b[0] {
        b'Q' => ('Q', 4, true),
        b'T' => ('Q', 4, false),
        b'H' | b'S' => ('H', 2, false),
        _ => return None,
    };
    if !(1..=max).contains(&n) {
        return None;
    }
    if let Some(y) = year_at(view, i + 1) {
        return found(i, i + 2, format!("{y}-{k}{n}"), Some(y.to_string()), 0.9);
    }
    if alone_ok {
        let (label, iso) = match anchor {
            Some(a) => (format!("{}-{k}{n}", a.year), Some(a.year.to_string())),
            None => (format!("{k}{n}"), None),
        };
        return found(i, i + 1, label, iso, 0.7);
    }
    None
}

fn period(view: &View, i: usize, anchor: Option<Anchor>) -> Option<DateFound> {
    let w = view.fw(i);
    // `mi-mars`, `mid-2024`
    if let Some((a, b)) = w.split_once('-') {
        let p = period_prefix(a).filter(|p| *p == "mid")?;
        if let Some(m) = month(b) {
            let (label, iso) = match anchor {
                Some(an) => (format!("{}-{m:02}-{p}", an.year), Some(ym(an.year, m))),
                None => (format!("--{m:02}-{p}"), None),
            };
            let (label, iso, end) = match year_at(view, i + 1) {
                Some(y) => (format!("{}-{p}", ym(y, m)), Some(ym(y, m)), i + 2),
                None => (label, iso, i + 1),
            };
            return found(i, end, label, iso, 0.85);
        }
        if b.len() == 4 && b.bytes().all(|c| c.is_ascii_digit()) {
            let y: i32 = b.parse().ok()?;
            return found(i, i + 1, format!("{y}-{p}"), Some(y.to_string()), 0.9);
        }
        return None;
    }
    let p = period_prefix(w)?;
    // `fin 2021`
    if let Some(y) = year_at(view, i + 1) {
        return found(i, i + 2, format!("{y}-{p}"), Some(y.to_string()), 0.9);
    }
    // `début juillet (2024)`
    if let Some(m) = month_at(view, i + 1).filter(|_| view.close(i + 1)) {
        if let Some(y) = year_at(view, i + 2) {
            return found(i, i + 3, format!("{}-{p}", ym(y, m)), Some(ym(y, m)), 0.9);
        }
        let (label, iso) = match anchor {
            Some(a) => (format!("{}-{p}", ym(a.year, m)), Some(ym(a.year, m))),
            None => (format!("--{m:02}-{p}"), None),
        };
        return found(i, i + 2, label, iso, 0.8);
    }
    // `fin de l’année (2021)`, `début d’année`, `end of the year`, `Ende des Jahres`
    let mut j = i + 1;
    let mut n = 0;
    while n < 3
        && matches!(
            view.fw(j),
            "de" | "d" | "du" | "l" | "la" | "of" | "the" | "des"
        )
        && view.close(j)
    {
        j += 1;
        n += 1;
    }
    if n == 0 && !matches!(view.lang, Lang::De) {
        return None;
    }
    if let Some(y) = year_at(view, j).filter(|_| n > 0 && matches!(view.fw(j - 1), "of" | "de")) {
        return found(i, j + 1, format!("{y}-{p}"), Some(y.to_string()), 0.9);
    }
    let unit = unit_word(view.fw(j)).filter(|u| *u != "season" && *u != "weekend")?;
    // `l’an`, not the English article.
    if view.fw(j) == "an" && view.fw(j - 1) != "l" {
        return None;
    }
    if !view.close(j) {
        return None;
    }
    if let Some(y) = year_at(view, j + 1) {
        return found(i, j + 2, format!("{y}-{p}"), Some(y.to_string()), 0.95);
    }
    let (label, iso) = match (unit, anchor) {
        ("year", Some(a)) => (format!("{}-{p}", a.year), Some(a.year.to_string())),
        ("month", Some(a)) if a.month > 0 => (
            format!("{}-{p}", ym(a.year, a.month)),
            Some(ym(a.year, a.month)),
        ),
        _ => (words(view, i, j + 1), None),
    };
    found(i, j + 1, label, iso, 0.8)
}

/// A four-digit year standing alone (`en 2017`, `dès 2024`) or a range (`2020-2024`).
pub fn year(view: &View, i: usize) -> Option<DateFound> {
    let y = year_at_any(view, i)?;
    if matches!(view.punct(i + 1), Some('-') | Some('–') | Some('/'))
        && view.glued(i + 1)
        && view.glued(i + 2)
    {
        if let Some(y2) = year_at_any(view, i + 2).filter(|&y2| y2 > y) {
            return found(i, i + 3, format!("{y}/{y2}"), Some(y.to_string()), 0.9);
        }
    }
    found(i, i + 1, y.to_string(), Some(y.to_string()), 0.85)
}

fn year_at_any(view: &View, i: usize) -> Option<i32> {
    if view.kind(i) != Some(Kind::Num) || view.raw(i).len() != 4 {
        return None;
    }
    let y: i32 = view.raw(i).parse().ok()?;
    (1800..=2199).contains(&y).then_some(y)
}

/// Words before a number that make it a date rather than a count (`en 2000`, `since 1999`).
pub fn year_lead(w: &str) -> bool {
    YEAR_LEADS.contains(w)
}

static YEAR_LEADS: WordSet = WordSet::new(
    "\
    en des depuis avant apres jusqu in since by until before after im seit bis ab vor nach \
    annee year jahr an fin debut courant ete hiver printemps automne",
);

/// Time units of durations (`10 ans`, `20ans`, `three weeks`, `zwölf Monate`): ISO 8601 letter
/// (with `T` for time), multiplier, and the unit's name.
pub fn duration_unit(w: &str) -> Option<(&'static str, f64, &'static str)> {
    Some(match w {
        "an" | "ans" | "annee" | "annees" | "year" | "years" | "jahr" | "jahre" | "jahren" => {
            ("Y", 1.0, "year")
        }
        "decennie" | "decennies" | "decade" | "decades" | "jahrzehnt" | "jahrzehnte" => {
            ("Y", 10.0, "year")
        }
        "siecle" | "siecles" | "century" | "centuries" | "jahrhundert" | "jahrhunderte" => {
            ("Y", 100.0, "year")
        }
        "mois" | "month" | "months" | "monat" | "monate" | "monaten" => ("M", 1.0, "month"),
        "semaine" | "semaines" | "week" | "weeks" | "woche" | "wochen" => ("W", 1.0, "week"),
        "jour" | "jours" | "day" | "days" | "tag" | "tage" | "tagen" => ("D", 1.0, "day"),
        "heure" | "heures" | "hour" | "hours" | "stunde" | "stunden" => ("TH", 1.0, "hour"),
        "minute" | "minutes" | "minuten" => ("TM", 1.0, "minute"),
        "seconde" | "secondes" | "second" | "seconds" | "sekunde" | "sekunden" => {
            ("TS", 1.0, "second")
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::super::fold_map::FoldMap;
    use super::super::tokens::tokenize;
    use super::*;

    /// Every date found scanning left to right: (surface, label, iso).
    fn dates(
        text: &str,
        lang: Lang,
        anchor: Option<Anchor>,
    ) -> Vec<(String, String, Option<String>)> {
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
        let mut out = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            let f = date_at(&view, i, anchor).or_else(|| year(&view, i));
            match f {
                Some(f) => {
                    let (s, e) = view.span(f.start, f.end);
                    out.push((text[s..e].to_string(), f.label, f.iso));
                    i = f.end;
                }
                None => i += 1,
            }
        }
        out
    }

    fn surfaces(text: &str, lang: Lang) -> Vec<String> {
        dates(text, lang, None).into_iter().map(|d| d.0).collect()
    }

    #[test]
    fn french_periods() {
        assert_eq!(
            dates(
                "au premier trimestre de l’année 2024, puis début 2024",
                Lang::Fr,
                None
            ),
            [
                (
                    "premier trimestre de l’année 2024".into(),
                    "2024-Q1".into(),
                    Some("2024".into())
                ),
                (
                    "début 2024".into(),
                    "2024-start".into(),
                    Some("2024".into())
                ),
            ]
        );
        assert_eq!(
            surfaces(
                "pour la fin de l'année 2021, d'ici la fin de l'année, en début d'année",
                Lang::Fr
            ),
            ["fin de l'année 2021", "fin de l'année", "début d'année"]
        );
        assert_eq!(
            surfaces("En juillet dernier, le mois dernier, dès l’été", Lang::Fr),
            ["juillet dernier", "mois dernier", "été"]
        );
        assert_eq!(
            surfaces(
                "Créée en 2009, elle a été vendue en fin de contrat",
                Lang::Fr
            ),
            ["2009"]
        );
        assert_eq!(
            surfaces("le 9 mars 2017 et le 1er juillet", Lang::Fr),
            ["9 mars 2017", "1er juillet"]
        );
        assert_eq!(
            surfaces("Mars est une planète ; cette année, l'an dernier", Lang::Fr),
            ["cette année", "an dernier"]
        );
    }

    #[test]
    fn english_and_german_dates() {
        assert_eq!(
            dates("on March 9, 2017 and in Q1 2024, late 2021", Lang::En, None),
            [
                (
                    "March 9, 2017".into(),
                    "2017-03-09".into(),
                    Some("2017-03-09".into())
                ),
                ("Q1 2024".into(), "2024-Q1".into(), Some("2024".into())),
                ("late 2021".into(), "2021-end".into(), Some("2021".into())),
            ]
        );
        assert_eq!(
            surfaces(
                "last year, the second half of 2023, in May, you may",
                Lang::En
            ),
            ["last year", "second half of 2023", "May"]
        );
        assert_eq!(
            surfaces("Am 9. März 2017, Ende 2021, im Sommer", Lang::De),
            ["9. März 2017", "Ende 2021", "Sommer"]
        );
        assert_eq!(
            surfaces("from 2020-2024 and 2017-03-09", Lang::En),
            ["2020-2024", "2017-03-09"]
        );
    }

    #[test]
    fn relative_dates_resolve_against_the_publication_date() {
        let a = Anchor::parse(Some("2023-10-05"));
        assert_eq!(dates("juillet dernier", Lang::Fr, a)[0].1, "2023-07");
        assert_eq!(dates("le mois dernier", Lang::Fr, a)[0].1, "2023-09");
        assert_eq!(dates("last year", Lang::En, a)[0].1, "2022");
        assert_eq!(dates("en fin d'année", Lang::Fr, a)[0].1, "2023-end");
        assert_eq!(dates("novembre dernier", Lang::Fr, a)[0].1, "2022-11");
    }
}
