//! Figures by rule: money (`4 millions d’euros`, `2 M€`, `$499`, `1 234,56 €`), percentages
//! (`43%`, `25 %`, `12 pour cent`), quantities with what they count (`2 millions de
//! smartphones`, `200.000 policiers et gendarmes`, `500 pages`, `deux mètres`), durations
//! (`10 ans`, `20ans` — typed DATE) and dates (see [`super::dates`]). Each figure carries its
//! normalized value and a merge key built from it.

use super::dates::{self, Anchor};
use super::keys::fmt_num;
use super::lexicon::Lexicon;
use super::numbers::{currency, number, scale, Number};
use super::tokens::{flag, Kind, Lang, View};
use super::wordset::WordSet;
use crate::model::EntityType;

#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// Token span `[start, end)`.
    pub start: usize,
    pub end: usize,
    pub etype: EntityType,
    pub key: String,
    pub value_num: Option<f64>,
    pub value_unit: Option<String>,
    pub value_date: Option<String>,
    pub confidence: f64,
}

/// Every figure of one host, left to right, none overlapping.
pub fn find(view: &View, lex: &Lexicon, anchor: Option<Anchor>, out: &mut Vec<Figure>) {
    out.clear();
    let mut i = 0;
    while i < view.len() {
        match figure_at(view, lex, anchor, i) {
            Some(f) => {
                i = f.end.max(i + 1);
                out.push(f);
            }
            None => i += 1,
        }
    }
}

fn date_figure(f: dates::DateFound) -> Figure {
    Figure {
        start: f.start,
        end: f.end,
        etype: EntityType::Date,
        key: format!("DATE:{}", f.label),
        value_num: None,
        value_unit: None,
        value_date: f.iso,
        confidence: f.confidence,
    }
}

/// Words a figure may start with, other than digits: spelled numbers, currency codes, and
/// the words dates open with. One lookup passes over every other word.
static OPENERS: WordSet = WordSet::union(OPENER_WORDS, &[dates::TRIGGER_WORDS]);

const OPENER_WORDS: &str = "\
    deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize \
    vingt vingts trente quarante cinquante soixante cent cents mille two three four five \
    seven eight nine ten eleven twelve fifteen twenty thirty forty fifty hundred thousand \
    dozen zwei drei vier funf sechs sieben acht neun zehn elf zwolf zwanzig dreissig hundert \
    tausend usd eur gbp chf jpy cad aud cny inr rub us";

fn figure_at(view: &View, lex: &Lexicon, anchor: Option<Anchor>, i: usize) -> Option<Figure> {
    let kind = view.kind(i)?;
    match kind {
        Kind::Punct => return money_prefix(view, i),
        Kind::Elision => return None,
        Kind::Word if !view.has(i, flag::DIGIT) => {
            let w = view.fw(i);
            let head = if view.has(i, flag::HYPHEN) {
                w.split('-').next().unwrap_or(w)
            } else {
                w
            };
            // `head` is a prefix of `w`: the same word when as long.
            if !OPENERS.contains(head) && (head.len() == w.len() || !dates::may_start(view, i)) {
                return None;
            }
        }
        _ => {}
    }
    // Handles and hashtags (`@Marie75`, `#2024`) are not figures.
    if i > 0 && matches!(view.punct(i - 1), Some('@') | Some('#')) && view.glued(i) {
        return None;
    }
    if kind == Kind::Word {
        if let Some(f) = money_prefix(view, i) {
            return Some(f);
        }
    }
    if kind == Kind::Num || kind == Kind::Word && view.has(i, flag::DIGIT) {
        if let Some(f) = dates::date_at(view, i, anchor) {
            return Some(date_figure(f));
        }
    }
    if let Some(n) = number(view, i) {
        // `COVID-19`, `A-380`: a number glued to a word by a hyphen is part of a name.
        let glued_to_word =
            i >= 2 && view.punct(i - 1) == Some('-') && view.glued(i - 1) && view.glued(i);
        let after_number_sign = i > 0 && matches!(view.fw(i - 1), "n" | "no" | "numero" | "nr");
        if !glued_to_word && !after_number_sign {
            if let Some(f) = after_number(view, lex, i, n) {
                return Some(f);
            }
        }
        if n.spelled {
            return None;
        }
    }
    if kind == Kind::Word && dates::may_start(view, i) {
        return dates::date_at(view, i, anchor).map(date_figure);
    }
    None
}

/// `$499`, `€ 2,5 millions`, `US$ 3 bn`, `EUR 12`.
fn money_prefix(view: &View, i: usize) -> Option<Figure> {
    let (code, mut j) = match view.punct(i) {
        Some(_) => currency(view, i)?,
        None => {
            let raw = view.raw(i);
            if raw == "US" && view.punct(i + 1) == Some('$') && view.glued(i + 1) {
                ("USD", i + 2)
            } else if raw.len() == 3 && raw.bytes().all(|b| b.is_ascii_uppercase()) {
                let (c, j) = currency(view, i)?;
                (c, j)
            } else {
                return None;
            }
        }
    };
    if view.kind(j) != Some(Kind::Num) || !view.close(j) {
        return None;
    }
    let n = number(view, j)?;
    j = n.end;
    let mut value = n.value;
    if let Some((m, end, _)) = scale(view, j) {
        value *= m;
        j = end;
    }
    Some(money(i, j, value, code))
}

fn money(start: usize, end: usize, value: f64, code: &str) -> Figure {
    Figure {
        start,
        end,
        etype: EntityType::Money,
        key: format!("MONEY:{} {code}", fmt_num(value)),
        value_num: Some(value),
        value_unit: Some(code.to_string()),
        value_date: None,
        confidence: 0.95,
    }
}

fn percent_after(view: &View, j: usize) -> Option<usize> {
    if view.punct(j) == Some('%') && view.close(j) {
        return Some(j + 1);
    }
    if !view.close(j) {
        return None;
    }
    match view.fw(j) {
        "pourcent" | "percent" | "prozent" => Some(j + 1),
        "pour" | "per" if view.fw(j + 1) == "cent" && view.close(j + 1) => Some(j + 2),
        _ => None,
    }
}

fn after_number(view: &View, lex: &Lexicon, i: usize, n: Number) -> Option<Figure> {
    let mut j = n.end;
    if !n.spelled {
        if let Some(end) = percent_after(view, j) {
            return Some(Figure {
                start: i,
                end,
                etype: EntityType::Percent,
                key: format!("PERCENT:{}", fmt_num(n.value)),
                value_num: Some(n.value),
                value_unit: Some("%".into()),
                value_date: None,
                confidence: 0.95,
            });
        }
    }
    let mut value = n.value;
    let mut scaled = false;
    if let Some((m, end, needs_currency)) = scale(view, j) {
        let cur = currency_after(view, end);
        if !needs_currency || cur.is_some() {
            value *= m;
            j = end;
            scaled = true;
        }
    }
    if let Some((code, end)) = currency_after(view, j) {
        return Some(money(i, end, value, code));
    }
    // A year, unless it counts something (`2000 salariés`) with no date word before it.
    let year_like = n.plain && n.digits == 4 && !scaled && (1800.0..=2199.0).contains(&n.value);
    if year_like {
        let lead = i > 0 && dates::year_lead(view.fw(i - 1));
        if lead || counted(view, lex, j).is_none() {
            return dates::year(view, i).map(date_figure);
        }
    }
    let mut k = j;
    if scaled && matches!(view.fw(k), "de" | "d" | "of") && view.close(k) {
        k += 1;
    }
    // Durations: `10 ans`, `20ans`, `deux ans`, `three weeks`.
    if view.is_word(k) && (view.close(k) || view.has(k, flag::GLUED)) {
        if let Some((letter, mult, unit)) = dates::duration_unit(view.fw(k)) {
            let amount = value * mult;
            let key = match letter {
                "TH" | "TM" | "TS" => format!("DATE:PT{}{}", fmt_num(amount), &letter[1..]),
                l => format!("DATE:P{}{l}", fmt_num(amount)),
            };
            return Some(Figure {
                start: i,
                end: k + 1,
                etype: EntityType::Date,
                key,
                value_num: Some(amount),
                value_unit: Some(unit.to_string()),
                value_date: None,
                confidence: 0.8,
            });
        }
    }
    // `iPhone 16 starts`, `Windows 11 users`: a short number after a name is its model or
    // version, not a count.
    if !n.spelled && !scaled && n.digits <= 2 && after_name(view, lex, i) {
        return None;
    }
    // `mit 2:1 gewonnen`, `won 3-1 against`: the second half of a score counts nothing.
    if i > 0 && matches!(view.punct(i - 1), Some(':') | Some('-')) && view.glued(i) {
        return None;
    }
    let (end, unit) = counted(view, lex, k)?;
    Some(Figure {
        start: i,
        end,
        etype: EntityType::Quantity,
        key: format!("QUANTITY:{} {unit}", fmt_num(value)),
        value_num: Some(value),
        value_unit: Some(unit),
        value_date: None,
        confidence: if n.spelled { 0.7 } else { 0.85 },
    })
}

/// The number at `i` follows a name word closely (`iPhone 16`, `Galaxy 5`), not a sentence's
/// first word or a function word (`Über 50 Menschen`).
fn after_name(view: &View, lex: &Lexicon, i: usize) -> bool {
    if i == 0 || !view.is_word(i - 1) || !view.close(i) {
        return false;
    }
    let t = view.toks[i - 1];
    t.has(flag::CAMEL)
        || t.has(flag::CAP)
            && !t.has(flag::SENT)
            && !t.has(flag::ALLCAPS)
            && !lex.is_stop_any(view.fw(i - 1))
            && !lex.not_entity(view.fw(i - 1))
}

/// A currency after a number: `€`, `euros`, `d’euros`, `de dollars`, `USD`.
fn currency_after(view: &View, j: usize) -> Option<(&'static str, usize)> {
    if view.punct(j).is_some() {
        return if view.close(j) {
            currency(view, j)
        } else {
            None
        };
    }
    if !view.close(j) {
        return None;
    }
    if matches!(view.fw(j), "de" | "d" | "of") && view.punct(j + 1).is_none() && view.close(j + 1) {
        if let Some(c) = currency(view, j + 1) {
            return Some(c);
        }
    }
    currency(view, j)
}

/// Measurement units, normalized.
fn unit(raw: &str, w: &str) -> Option<&'static str> {
    Some(match w {
        "m" | "metre" | "metres" | "meter" | "meters" | "meile" => "m",
        "km" | "kilometre" | "kilometres" | "kilometer" | "kilometers" => "km",
        "cm" | "centimetre" | "centimetres" | "centimeter" | "centimeters" | "zentimeter" => "cm",
        "mm" | "millimetre" | "millimetres" | "millimeter" | "millimeters" => "mm",
        "kg" | "kilo" | "kilos" | "kilogramme" | "kilogrammes" | "kilogram" | "kilograms"
        | "kilogramm" => "kg",
        "g" | "gramme" | "grammes" | "gram" | "grams" | "gramm" => "g",
        "t" | "tonne" | "tonnes" | "ton" | "tons" | "tonnen" => "t",
        "l" | "litre" | "litres" | "liter" | "liters" => "l",
        "ha" | "hectare" | "hectares" | "hektar" => "ha",
        "mah" => "mAh",
        "kwh" => "kWh",
        "mwh" => "MWh",
        "gwh" => "GWh",
        "twh" => "TWh",
        "w" | "watt" | "watts" => "W",
        "kw" => "kW",
        "gw" => "GW",
        "hz" => "Hz",
        "ghz" => "GHz",
        "mhz" => "MHz",
        "pouce" | "pouces" | "inch" | "inches" | "zoll" => "in",
        "mile" | "miles" => "mi",
        "mw" if raw == "MW" => "MW",
        "mo" if raw == "Mo" => "MB",
        "go" if raw == "Go" => "GB",
        "to" if raw == "To" => "TB",
        "mb" if raw == "MB" => "MB",
        "gb" if raw == "GB" => "GB",
        "tb" if raw == "TB" => "TB",
        _ => return None,
    })
}

/// Words that follow a number without being what it counts.
fn not_counted(w: &str) -> bool {
    NOT_COUNTED.contains(w)
}

static NOT_COUNTED: WordSet = WordSet::new(
    "\
    fois times mal fach sortes types kinds fois-ci ou or et and a à x sur out per pour par \
    contre vs h min s ans heures",
);

/// Adjectives that may sit between a number and what it counts (`deux nouveaux modèles`).
fn pre_adjective(w: &str) -> bool {
    PRE_ADJECTIVES.contains(w)
}

static PRE_ADJECTIVES: WordSet = WordSet::new(
    "\
    nouveaux nouvelles autres premiers premieres derniers dernieres grands grandes petits \
    petites gros grosses principaux principales new other more major large small big neue \
    neuen weitere weiteren grosse grossen kleine kleinen additional supplementaires jeunes \
    young",
);

fn noun_ok(view: &View, lex: &Lexicon, k: usize) -> bool {
    if !view.is_word(k) || !view.close(k) || view.has(k, flag::DIGIT | flag::CAMEL | flag::ALLCAPS)
    {
        return false;
    }
    if view.has(k, flag::CAP) && view.lang != Lang::De {
        return false;
    }
    let w = view.fw(k);
    if w.chars().count() < 2
        || not_counted(w)
        || lex.is_stop(w, view.lang) && view.lang != Lang::Other
        || lex.is_stop_any(w) && view.lang == Lang::Other
    {
        return false;
    }
    !(dates::month(w).is_some()
        || dates::weekday(w)
        || dates::duration_unit(w).is_some()
        || scale(view, k).is_some())
}

/// What a number counts, starting at token `k`: (end, normalized unit or folded noun phrase).
fn counted(view: &View, lex: &Lexicon, k: usize) -> Option<(usize, String)> {
    if view.is_word(k) && (view.close(k) || view.has(k, flag::GLUED)) {
        if let Some(u) = unit(view.raw(k), view.fw(k)) {
            return Some((k + 1, u.to_string()));
        }
    }
    let mut start = k;
    if pre_adjective(view.fw(k)) && noun_ok(view, lex, k + 1) {
        start = k + 1;
    }
    if !noun_ok(view, lex, start) {
        return None;
    }
    let mut end = start + 1;
    let plural = |w: &str| w.ends_with('s') || w.ends_with('x');
    // `policiers et gendarmes`
    if matches!(view.fw(end), "et" | "and" | "und" | "ou" | "or" | "oder")
        && noun_ok(view, lex, end + 1)
        && view.close(end)
        && plural(view.fw(start)) == plural(view.fw(end + 1))
    {
        end += 2;
    }
    // `membres du gouvernement`
    if matches!(view.fw(end), "de" | "du" | "des" | "of")
        && view.close(end)
        && noun_ok(view, lex, end + 1)
    {
        end += 2;
    }
    let (s, e) = view.span(k, end);
    Some((end, view.fm.folded_of(s, e).to_string()))
}

#[cfg(test)]
mod tests {
    use super::super::fold_map::FoldMap;
    use super::super::tokens::tokenize;
    use super::*;

    fn lex() -> Lexicon {
        let mut l = Lexicon::default();
        l.add_stopwords(
            "le\nla\nles\nde\ndu\ndes\nen\nà\net\nun\nune\nce\nqui\ncette\npour\nsur\nchaque\n",
            super::super::lexicon::FR,
        );
        l.add_stopwords("the\nof\nand\nin\na\nfor\n", super::super::lexicon::EN);
        l
    }

    fn figs(text: &str, lang: Lang) -> Vec<(String, String)> {
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
        find(&view, &lex(), None, &mut out);
        out.iter()
            .map(|f| {
                let (s, e) = view.span(f.start, f.end);
                (text[s..e].to_string(), f.key.clone())
            })
            .collect()
    }

    fn pair(a: &str, b: &str) -> (String, String) {
        (a.to_string(), b.to_string())
    }

    #[test]
    fn money_in_french_and_english_styles() {
        assert_eq!(
            figs(
                "environs 4 millions d’euros, 2 M€, 1 234,56 € et 500 euros",
                Lang::Fr
            ),
            [
                pair("4 millions d’euros", "MONEY:4000000 EUR"),
                pair("2 M€", "MONEY:2000000 EUR"),
                pair("1 234,56 €", "MONEY:1234.56 EUR"),
                pair("500 euros", "MONEY:500 EUR"),
            ]
        );
        assert_eq!(
            figs(
                "It costs $499, or US$ 1.2 billion, or 3 million dollars.",
                Lang::En
            ),
            [
                pair("$499", "MONEY:499 USD"),
                pair("US$ 1.2 billion", "MONEY:1200000000 USD"),
                pair("3 million dollars", "MONEY:3000000 USD"),
            ]
        );
        assert_eq!(
            figs("Der Umsatz stieg auf 1,5 Mrd. Euro", Lang::De),
            [pair("1,5 Mrd. Euro", "MONEY:1500000000 EUR")]
        );
    }

    #[test]
    fn quantities_count_something() {
        assert_eq!(
            figs(
                "Quelque 200.000 policiers et gendarmes, 20.000 tablettes, un cahier de 500 pages.",
                Lang::Fr
            ),
            [
                pair(
                    "200.000 policiers et gendarmes",
                    "QUANTITY:200000 policiers et gendarmes"
                ),
                pair("20.000 tablettes", "QUANTITY:20000 tablettes"),
                pair("500 pages", "QUANTITY:500 pages"),
            ]
        );
        assert_eq!(
            figs(
                "produire deux millions de smartphones chaque année, une chute de deux mètres",
                Lang::Fr
            ),
            [
                pair(
                    "deux millions de smartphones",
                    "QUANTITY:2000000 smartphones"
                ),
                pair("deux mètres", "QUANTITY:2 m"),
            ]
        );
        assert_eq!(
            figs("deux membres du gouvernement", Lang::Fr),
            [pair(
                "deux membres du gouvernement",
                "QUANTITY:2 membres du gouvernement"
            )]
        );
        assert!(figs(
            "une usine 4.0 de Lacroix, en Mayenne (53), à 20, 30...",
            Lang::Fr
        )
        .is_empty());
        assert_eq!(
            figs("The firm hired 2,500 engineers", Lang::En),
            [pair("2,500 engineers", "QUANTITY:2500 engineers")]
        );
    }

    #[test]
    fn percentages_durations_and_years() {
        assert_eq!(
            figs("43% des parts et 25 % en Europe ; 12 pour cent", Lang::Fr),
            [
                pair("43%", "PERCENT:43"),
                pair("25 %", "PERCENT:25"),
                pair("12 pour cent", "PERCENT:12")
            ]
        );
        assert_eq!(
            figs("ils ont mis 20ans, sous 10 ans. Deux ans …", Lang::Fr),
            [
                pair("20ans", "DATE:P20Y"),
                pair("10 ans", "DATE:P10Y"),
                pair("Deux ans", "DATE:P2Y")
            ]
        );
        assert_eq!(
            figs("Créée en 2009, Rainbow en 2017 ; 2000 salariés", Lang::Fr),
            [
                pair("2009", "DATE:2009"),
                pair("2017", "DATE:2017"),
                pair("2000 salariés", "QUANTITY:2000 salaries")
            ]
        );
        assert!(figs("@Marie75 le COVID-19", Lang::Fr).is_empty());
    }
}
