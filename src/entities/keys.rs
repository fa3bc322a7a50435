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
    thread_local! {
        static FOLDED: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }
    FOLDED.with(|folded| {
        let mut folded = folded.borrow_mut();
        crate::text::fold_into(name, &mut folded);
        // Written straight after the type: the key is the one string this makes.
        let prefix = t.as_str();
        let mut key = String::with_capacity(prefix.len() + 1 + folded.len());
        key.push_str(prefix);
        key.push(':');
        let start = key.len();
        let mut space = false;
        for c in folded.chars() {
            match c {
                '.' => {}
                '-' | ' ' | ',' => space = key.len() > start,
                c => {
                    if space {
                        key.push(' ');
                        space = false;
                    }
                    key.push(c);
                }
            }
        }
        let (mut lo, mut hi) = (start, key.len());
        if matches!(t, EntityType::Org | EntityType::Place | EntityType::Product) {
            for a in ARTICLES {
                if let Some(rest) = key[lo..hi].strip_prefix(a) {
                    if !rest.trim().is_empty() {
                        lo = hi - rest.trim_start().len();
                        break;
                    }
                }
            }
        }
        if t == EntityType::Org {
            if let Some((head, last)) = key[lo..hi].rsplit_once(' ') {
                if LEGAL.contains(&last) {
                    hi = lo + head.len();
                }
            }
        }
        key.truncate(hi);
        key.drain(start..lo);
        key
    })
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

    /// The key as its definition reads, one step and one string at a time.
    fn name_key_by_steps(t: EntityType, name: &str) -> String {
        let folded = crate::text::fold(name);
        let mut s = String::new();
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
        if matches!(t, Org | Place | Product) {
            for a in ARTICLES {
                if let Some(rest) = base.strip_prefix(a) {
                    if !rest.trim().is_empty() {
                        base = rest.trim_start();
                        break;
                    }
                }
            }
        }
        if t == Org {
            if let Some((head, last)) = base.rsplit_once(' ') {
                if LEGAL.contains(&last) {
                    base = head;
                }
            }
        }
        format!("{}:{}", t.as_str(), base)
    }

    proptest::proptest! {
        #[test]
        fn name_keys_follow_their_definition(
            words in proptest::collection::vec(
                "(Le|la|L’|l'|The|der|Foo|Zoë|É|SA|Inc\\.|gmbh|co|[a-zA-Zé]{1,6})",
                0..5,
            ),
            seps in proptest::collection::vec("( |-|, |\\.| - |  |’)", 0..5),
            t in proptest::sample::select(vec![Org, Place, Product, Person]),
        ) {
            let mut name = String::new();
            for (i, w) in words.iter().enumerate() {
                name.push_str(w);
                name.push_str(seps.get(i).map_or(" ", String::as_str));
            }
            proptest::prop_assert_eq!(name_key(t, &name), name_key_by_steps(t, &name));
        }
    }

    #[test]
    fn numbers_print_plainly() {
        assert_eq!(fmt_num(4_000_000.0), "4000000");
        assert_eq!(fmt_num(1234.56), "1234.56");
        assert_eq!(fmt_num(0.5), "0.5");
    }
}
