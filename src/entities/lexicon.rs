//! The word lists behind the name rules: stopwords (fr, en, de), capitalized words that are
//! never entities on their own, given names, common words, and the place names used to tell
//! a demonym (`chinois`, `Chinese`) from a name.

use std::collections::BTreeSet;

use super::fold_map::fold_key;
use super::tokens::Lang;
use super::wordset::{Filtered, FxHashMap, WordSet};

pub const FR: u8 = 1;
pub const EN: u8 = 2;
pub const DE: u8 = 4;

fn lang_bits(lang: Lang) -> u8 {
    match lang {
        Lang::Fr => FR,
        Lang::En => EN,
        Lang::De => DE,
        Lang::Other => FR | EN | DE,
    }
}

/// Lines of a word list: one entry a line, `#` comments and blank lines skipped.
pub fn entries(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

#[derive(Debug, Default)]
pub struct Lexicon {
    stop: FxHashMap<String, u8>,
    not_entities: Filtered<String>,
    given: Filtered<String>,
    common: Filtered<String>,
    /// German common nouns spelled like a gazetteer name (`Landes`, `Essen`).
    nouns_de: Filtered<String>,
    /// Folded one-word place names, for demonym stems.
    places: BTreeSet<String>,
}

impl Lexicon {
    pub fn add_stopwords(&mut self, text: &str, lang: u8) {
        for w in entries(text) {
            *self.stop.entry(fold_key(w)).or_default() |= lang;
        }
    }

    pub fn add_not_entities(&mut self, text: &str) {
        self.not_entities.extend(entries(text).map(fold_key));
    }

    pub fn add_given_names(&mut self, text: &str) {
        self.given.extend(entries(text).map(fold_key));
    }

    pub fn add_nouns_de(&mut self, text: &str) {
        self.nouns_de.extend(entries(text).map(fold_key));
    }

    /// A German common noun that a gazetteer name also spells. `w` is folded.
    pub fn is_noun_de(&self, w: &str) -> bool {
        self.nouns_de.contains(w)
    }

    pub fn add_common(&mut self, text: &str) {
        self.common.extend(entries(text).map(fold_key));
    }

    pub fn add_place(&mut self, folded: &str) {
        if !folded.contains(' ') && folded.len() >= 4 {
            self.places.insert(folded.to_string());
        }
    }

    /// A stopword of `lang` (of any language when unknown). `w` is folded.
    pub fn is_stop(&self, w: &str, lang: Lang) -> bool {
        self.stop.get(w).is_some_and(|b| b & lang_bits(lang) != 0)
    }

    pub fn is_stop_any(&self, w: &str) -> bool {
        self.stop.contains_key(w)
    }

    /// Never an entity on its own (navigation words, months, titles…), plural included.
    pub fn not_entity(&self, w: &str) -> bool {
        self.not_entities.contains(w)
            || w.strip_suffix('s')
                .is_some_and(|s| self.not_entities.contains(s))
    }

    pub fn is_common(&self, w: &str) -> bool {
        self.common.contains(w)
    }

    /// A known given name (`jean-pierre` counts through `jean`).
    pub fn is_given(&self, w: &str) -> bool {
        self.given.contains(w) || first_part(w).is_some_and(|a| self.given.contains(a))
    }

    /// Words naming a nationality or a region's people rather than a place: `chinois`,
    /// `Marseillais`, `American`, `europäisch`. `w` is folded.
    pub fn is_demonym(&self, w: &str) -> bool {
        if DEMONYMS.contains(w) {
            return true;
        }
        // Every suffix ends in one of these letters: most words are turned away here rather
        // than by fifty suffix comparisons.
        if !w
            .as_bytes()
            .last()
            .is_some_and(|b| DEMONYM_SUFFIX_ENDS.contains(b))
        {
            return false;
        }
        for suffix in DEMONYM_SUFFIXES {
            let Some(stem) = strip_short_suffix(w, suffix) else {
                continue;
            };
            // Israel-i, Pakistan-i: only the place name itself (Italian surnames end in -i).
            if matches!(*suffix, "i" | "is") {
                if self.places.contains(stem) {
                    return true;
                }
                continue;
            }
            if self.stem_of_place(stem) {
                return true;
            }
            // Marseill-ais, Lyonn-ais: a doubled consonant before the suffix.
            let b = stem.as_bytes();
            if b.len() >= 2
                && b[b.len() - 1] == b[b.len() - 2]
                && self.stem_of_place(&stem[..stem.len() - 1])
            {
                return true;
            }
        }
        false
    }

    fn stem_of_place(&self, stem: &str) -> bool {
        let n = stem.len();
        if n < 3 {
            return false;
        }
        let slack = if n >= 4 { 4 } else { 2 };
        self.places
            .range::<str, _>((std::ops::Bound::Included(stem), std::ops::Bound::Unbounded))
            .take(40)
            .take_while(|p| p.starts_with(stem))
            .any(|p| p.len() - n <= slack)
    }
}

/// Suffixes of demonyms and nationality adjectives (fr, en, de), longest first.
const DEMONYM_SUFFIXES: &[&str] = &[
    "iennes", "eennes", "anischen", "anischer", "anische", "esischen", "esische", "esisch",
    "ischen", "ischer", "isches", "anisch", "ienne", "eenne", "oises", "aises", "aines", "andes",
    "aisch", "ische", "aner", "esen", "oise", "aise", "aine", "ains", "iens", "eens", "ande",
    "ands", "ians", "eans", "isch", "ois", "ais", "ain", "ien", "een", "and", "ian", "ean", "ese",
    "ish", "ans", "ins", "ine", "an", "in", "is", "i",
];

/// `w` without `suffix`, if it ends with it: [`str::strip_suffix`] for a suffix of a few bytes,
/// compared from its last byte, where most words differ, without a call to compare memory.
fn strip_short_suffix<'w>(w: &'w str, suffix: &str) -> Option<&'w str> {
    let (wb, sb) = (w.as_bytes(), suffix.as_bytes());
    let same = wb.len() >= sb.len() && wb.iter().rev().zip(sb.iter().rev()).all(|(a, b)| a == b);
    // Both end on a character boundary, and the suffix's bytes open one: so does the cut.
    same.then(|| &w[..w.len() - suffix.len()])
}

/// The last letters of [`DEMONYM_SUFFIXES`].
const DEMONYM_SUFFIX_ENDS: &[u8] = b"sernhdi";

/// The part of a hyphenated word before its first hyphen (`jean` of `jean-pierre`). A byte
/// scan: words are short, and a `char` search costs more to set up than to run on them.
pub fn first_part(w: &str) -> Option<&str> {
    w.bytes().position(|b| b == b'-').map(|i| &w[..i])
}

/// Demonyms the suffix rule misses (irregular or far from the place name).
static DEMONYMS: WordSet = WordSet::new(
    "\
    french english british dutch swiss greek thai spanish danish finnish polish irish \
    scottish welsh turkish czech slovak arab arabic saudi anglais anglaise anglaises \
    britannique britanniques belge belges russe russes grec grecque grecs grecques turc \
    turque turcs turques danois danoise polonais polonaise tcheque tcheques slovaque suisse \
    suisses asiatique asiatiques espagnol espagnole espagnols espagnoles neerlandais \
    neerlandaise hollandais hollandaise ecossais ecossaise gallois galloise saoudien \
    saoudienne arabe arabes maghrebin maghrebine francilien francilienne franciliens \
    hexagonal hexagonale hexagonaux hexagonales deutsch deutsche deutschen deutscher \
    deutsches franzosisch franzosische franzosischen franzose franzosen britisch britische \
    britischen englisch englische englischen russisch russische russischen",
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_suffix_is_stripped_as_strip_suffix_strips_it() {
        let words = [
            "",
            "i",
            "is",
            "ais",
            "français",
            "européennes",
            "américain",
            "für",
            "chinoises",
            "é",
            "née",
            "ßen",
            "Ærø",
            "andes",
            "stands",
            "ande",
            "€is",
            "ïs",
        ];
        for w in words {
            for suffix in DEMONYM_SUFFIXES
                .iter()
                .chain(&["é", "ée", "ür", "€is", "s"])
            {
                assert_eq!(
                    strip_short_suffix(w, suffix),
                    w.strip_suffix(suffix),
                    "{w} {suffix}"
                );
            }
        }
    }

    fn lex() -> Lexicon {
        let mut l = Lexicon::default();
        for p in [
            "chine",
            "amerique",
            "america",
            "japon",
            "marseille",
            "paris",
            "allemagne",
            "europe",
            "china",
            "nice",
        ] {
            l.add_place(p);
        }
        l.add_stopwords("# fr\nle\nla\n", FR);
        l.add_stopwords("the\n", EN);
        l.add_not_entities("Lundi\nPerso\nÉtat\n");
        l.add_given_names("Cyril\nJean\n");
        l
    }

    #[test]
    fn demonyms_are_recognized_from_place_stems() {
        let l = lex();
        for w in [
            "chinois",
            "chinoise",
            "americain",
            "americaines",
            "japonais",
            "marseillais",
            "parisien",
            "allemand",
            "europeen",
            "chinese",
            "american",
            "french",
            "europaisch",
        ] {
            assert!(l.is_demonym(w), "{w}");
        }
        for w in [
            "tinno",
            "lacroix",
            "bewan",
            "huaxin",
            "ledger",
            "wiko",
            "parrot",
            "flextronics",
        ] {
            assert!(!l.is_demonym(w), "{w}");
        }
    }

    #[test]
    fn lookups_are_folded_and_language_aware() {
        let l = lex();
        assert!(l.is_stop("le", Lang::Fr));
        assert!(!l.is_stop("the", Lang::Fr));
        assert!(l.is_stop("the", Lang::Other));
        assert!(l.not_entity("etats"));
        assert!(l.not_entity("perso"));
        assert!(l.is_given("jean-pierre"));
        assert!(!l.is_given("pierre"));
    }

    #[test]
    fn every_demonym_suffix_ends_in_a_listed_letter() {
        for suffix in DEMONYM_SUFFIXES {
            let last = suffix.as_bytes()[suffix.len() - 1];
            assert!(DEMONYM_SUFFIX_ENDS.contains(&last), "{suffix}");
        }
    }

    #[test]
    fn first_part_is_what_comes_before_the_first_hyphen() {
        assert_eq!(first_part("jean-pierre"), Some("jean"));
        assert_eq!(first_part("a-b-c"), Some("a"));
        assert_eq!(first_part("-x"), Some(""));
        assert_eq!(first_part("jean"), None);
        assert_eq!(first_part("é-a"), Some("é"));
    }
}
