//! Corpus-wide merge keys. Names: type + folded name (case, accents, apostrophes, spaces,
//! hyphens and dots never split an entity), without a leading article for organizations, places
//! and products (`Figaro` = `Le Figaro`) and without a legal suffix for organizations
//! (`Foo SA` = `Foo`). Figures: type + normalized value and unit.

use crate::model::EntityType;

/// Leading articles dropped from organization, place and product keys (folded forms).
const ARTICLES: &[&str] = &["le ", "la ", "les ", "l'", "the ", "der ", "die ", "das "];

/// Legal-form suffixes dropped from organization keys (folded, dots removed).
const LEGAL: &[&str] = &[
    "inc",
    "corp",
    "corporation",
    "ltd",
    "llc",
    "plc",
    "sa",
    "sas",
    "sarl",
    "gmbh",
    "ag",
    "se",
    "nv",
    "bv",
    "spa",
    "srl",
    "co",
];

pub fn name_key(t: EntityType, name: &str) -> String {
    let folded = crate::text::fold(name);
    let mut s = String::with_capacity(folded.len());
    let mut space = false;
    for c in folded.chars() {
        match c {
            '.' => {}
            '-' | ' ' | ',' => space = !s.is_empty(),
            c => {
                if space {
                    s.push(' ');
                    space = false;
                }
                s.push(c);
            }
        }
    }
    let mut base = s.as_str();
    if matches!(t, EntityType::Org | EntityType::Place | EntityType::Product) {
        for a in ARTICLES {
            if let Some(rest) = base.strip_prefix(a) {
                if !rest.trim().is_empty() {
                    base = rest.trim_start();
                    break;
                }
            }
        }
    }
    if t == EntityType::Org {
        if let Some((head, last)) = base.rsplit_once(' ') {
            if LEGAL.contains(&last) {
                base = head;
            }
        }
    }
    format!("{}:{}", t.as_str(), base)
}

/// A number as keys and canonical values write it: no trailing zeros, no exponent.
pub fn fmt_num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e17 {
        format!("{}", v as i64)
    } else {
        let s = format!("{v:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use EntityType::*;

    #[test]
    fn name_keys_ignore_case_accents_articles_and_legal_forms() {
        assert_eq!(name_key(Org, "CrossCall"), name_key(Org, "Crosscall"));
        assert_eq!(name_key(Org, "Le Figaro"), name_key(Org, "Figaro"));
        assert_eq!(name_key(Org, "L’Oréal"), "ORG:oreal");
        assert_eq!(name_key(Org, "Foo SA"), name_key(Org, "Foo"));
        assert_eq!(name_key(Org, "Apple Inc."), "ORG:apple");
        assert_eq!(
            name_key(Place, "Saint-Denis"),
            name_key(Place, "Saint Denis")
        );
        assert_eq!(name_key(Person, "Le Dourner"), "PERSON:le dourner");
        assert_eq!(name_key(Org, "Le"), "ORG:le");
        assert_ne!(name_key(Org, "Figaro"), name_key(Person, "Figaro"));
    }

    #[test]
    fn numbers_print_plainly() {
        assert_eq!(fmt_num(4_000_000.0), "4000000");
        assert_eq!(fmt_num(1234.56), "1234.56");
        assert_eq!(fmt_num(0.5), "0.5");
    }
}
