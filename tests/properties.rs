//! No input makes gazette panic, and every parse keeps the invariants `gazette check` verifies:
//! property tests over decode, normalize, parse and extract, on raw bytes and on text built to
//! look like scraped articles (titles, bylines, `avatar X |` comment headers, `@handle`
//! replies, quotes, NBSP, controls, bidi and zero-width characters, very long lines).
//! Regression tests for inputs the fuzz target found sit at the end, named for what they guard.

use std::sync::OnceLock;

use gazette::decode::{decode, Decoded};
use gazette::entities::{self, Knowledge};
use gazette::model::SourceRecord;
use gazette::pipeline::{process_bytes, Extraction};
use gazette::rules::Rules;
use gazette::text::normalize;
use proptest::prelude::*;

#[path = "properties/invariants.rs"]
mod invariants;

fn rules() -> &'static Rules {
    static R: OnceLock<Rules> = OnceLock::new();
    R.get_or_init(|| Rules::default_rules().expect("shipped rules compile"))
}

fn knowledge() -> &'static Knowledge {
    static K: OnceLock<Knowledge> = OnceLock::new();
    K.get_or_init(|| Knowledge::load(&[]).expect("shipped gazetteer loads"))
}

fn extraction() -> &'static Extraction {
    static X: OnceLock<Extraction> = OnceLock::new();
    X.get_or_init(|| Extraction::load(&[], &[]).expect("shipped rules and gazetteer load"))
}

/// The import's own path for one file's bytes.
fn process(bytes: &[u8]) -> gazette::model::Processed {
    let source = SourceRecord::unread("prop.txt".into(), bytes.len() as u64);
    process_bytes(source, bytes.to_vec(), extraction())
}

/// normalize → parse → extract on text, asserting every invariant.
fn parse_and_check(text: &str) {
    let t = normalize(text);
    invariants::normalized_text(&t).unwrap();
    let doc = gazette::parse::parse(&t, rules());
    let mentions = entities::extract(&doc, knowledge());
    if let Err(e) = invariants::lines_accounted(&t, &doc)
        .and_then(|()| invariants::shape(&t, &doc))
        .and_then(|()| invariants::mentions_on_host(&doc, &mentions))
    {
        panic!("{e}\nnormalized text: {t:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Generators of article-like text.

const WORDS: &[&str] = &[
    "le",
    "la",
    "les",
    "de",
    "des",
    "du",
    "un",
    "une",
    "et",
    "à",
    "en",
    "pour",
    "sur",
    "dans",
    "marché",
    "usine",
    "smartphones",
    "groupe",
    "emplois",
    "français",
    "l’électronique",
    "d’euros",
    "a",
    "annoncé",
    "hier",
    "selon",
    "Crosscall",
    "CrossCall",
    "Alcatel-Lucent",
    "Enterprise",
    "ALE",
    "Le",
    "Figaro",
    "Paris",
    "Aix-en-Provence",
    "Normandie",
    "Apple",
    "Samsung",
    "Tim",
    "Cook",
    "Agnès",
    "Pannier-Runacher",
    "4",
    "millions",
    "12,5",
    "%",
    "2023",
    "mars",
    "1er",
    "€",
    "km",
    "The",
    "company",
    "said",
    "Die",
    "Firma",
    "hat",
    "«",
    "»",
    "“",
    "”",
    "\"",
    "(AFP)",
    "—",
    "–",
    "…",
    "!",
    "?",
    ":",
    ";",
    ",",
    ".",
    "Mme",
    "M.",
    "Dr",
    "Jean-Pierre",
    "Dupont",
    "Ledger",
    "Nano",
    "X",
    "10",
    "000",
];

const NAMES: &[&str] = &[
    "Anne Martin",
    "Paul Durand",
    "Mickaël Bazoge",
    "Justin Morin",
    "Yanis Darras",
    "jp75",
    "Claire",
    "Marc_D",
    "Zoé",
    "Anonyme",
    "Jean Dupont",
    "xX_gamer_Xx",
    "A",
    "",
];

const FIXED_LINES: &[&str] = &[
    "",
    " ",
    "\u{a0}",
    "\t",
    "EXCLUSIF",
    "VIDÉO",
    "Tags",
    "CONNEXION UTILISATEUR",
    "1:20",
    "• Copié",
    "Répondre",
    "Signaler",
    "Commentaires",
    "12 commentaires",
    "Réagissez",
    "Laisser un commentaire",
    "Lire plus d’articles sur DigiTechnologie :",
    "Lire plus d'articles sur Coins.fr :",
    "– Bien choisir son abonnement, cliquez-ici",
    "Suivez Exemple.fr sur Twitter, Facebook et Telegram",
    "Publié le 3 mars 2023 à 10h15",
    "Mis à jour le 12/04/2022",
    "Justin Morin, édité par Yanis Darras",
    "Par Anne Martin et Paul Durand",
    "Mickaël Bazoge\u{a0}|",
    "Anne Martin | 3 mars 2023",
    "À lire aussi : la suite",
    "Partager",
    "Facebook Twitter LinkedIn",
    "Ce contenu est réservé aux abonnés",
    "42",
    "+3",
    "👍 12",
    "@",
    "@:",
    "avatar |",
    "avatar",
    "avatar \u{a0}|\u{a0}",
    "En réponse à Anne Martin",
    "Anne Martin a écrit :",
    "Claire said:",
    "\u{200e}",
    "\u{200f}\u{200e}",
    "\u{200b}",
    "\u{feff}",
    "\u{202e}gnirts desrever\u{202c}",
    "\u{2066}isolé\u{2069}",
    "\u{200d}\u{200c}\u{2060}",
    "\u{0}\u{1}\u{7}\u{1b}[31m",
    "\r",
    "\u{85}",
    "\u{2028}\u{2029}",
    "e\u{301}\u{301}\u{301}",
    "\u{fffd}\u{fffd}",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 😀👨‍👩‍👧",
];

fn words(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            prop::sample::select(WORDS),
            prop::sample::select(&[" ", " ", " ", "\u{a0}", "  ", "\t"][..]),
        ),
        1..max,
    )
    .prop_map(|ws| {
        let mut s = String::new();
        for (w, sep) in ws {
            if !s.is_empty() {
                s.push_str(sep);
            }
            s.push_str(w);
        }
        s
    })
}

fn line() -> impl Strategy<Value = String> {
    let name = prop::sample::select(NAMES);
    prop_oneof![
        4 => (words(25), prop::sample::select(&["", ".", ".", " !", " :", ","][..]))
            .prop_map(|(w, end)| format!("{w}{end}")),
        2 => words(8),
        2 => prop::sample::select(FIXED_LINES).prop_map(str::to_string),
        2 => (name.clone(), prop::sample::select(&["", "3 mars 2023", "il y a 2 heures", "12/04/2022 à 10:15"][..]))
            .prop_map(|(n, d)| format!("avatar {n}\u{a0}|\u{a0}{d}")),
        1 => (name.clone(), prop::sample::select(&["", ":", ",", " :"][..]))
            .prop_map(|(n, c)| format!("@{n}{c}")),
        1 => (name.clone(), words(10)).prop_map(|(n, w)| format!("@{n} {w}")),
        1 => (name.clone(), words(6)).prop_map(|(n, w)| format!("{n}, {w}")),
        1 => (prop::sample::select(&[("« ", " »"), ("“", "”"), ("\"", "\""), ("„", "“"), ("‘", "’"), ("« ", "")][..]), words(12))
            .prop_map(|((o, c), w)| format!("{o}{w}{c}")),
        1 => (0usize..12, words(10)).prop_map(|(n, w)| format!("{}{w}", " ".repeat(n))),
        1 => (prop::sample::select(WORDS), 100usize..600).prop_map(|(w, n)| format!("{w} ").repeat(n)),
        1 => "\\PC{0,60}",
        1 => ".{0,40}",
        1 => any::<String>(),
    ]
}

/// Lines joined with LF, CRLF or CR.
fn article() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(line(), 0..40),
        prop::sample::select(&["\n", "\n", "\r\n", "\r", "\n\n"][..]),
    )
        .prop_map(|(lines, sep)| lines.join(sep))
}

/// A comment thread: `n` comments, each replying to the one before it (a deep chain), with
/// cues of every kind.
fn thread() -> impl Strategy<Value = String> {
    (
        words(12),
        prop::collection::vec(
            (0usize..6, prop::sample::select(NAMES), words(15), 0usize..4),
            1..80,
        ),
    )
        .prop_map(|(title, comments)| {
            let mut s = format!(
                "{title}\n\nUn paragraphe de texte, avec une phrase complète.\n\nCommentaires\n"
            );
            let mut prev = "Anne Martin";
            for (cue, name, body, indent) in comments {
                s.push_str(&format!(
                    "{}avatar {name}\u{a0}|\u{a0}\n\n",
                    " ".repeat(indent * 2)
                ));
                match cue {
                    0 => s.push_str(&format!("@{prev}\n")),
                    1 => s.push_str(&format!("@{prev} {body}\n")),
                    2 => s.push_str(&format!("{prev} a écrit :\n{body}\n")),
                    3 => s.push_str(&format!("« {body} »\n")),
                    4 => s.push_str(&format!("En réponse à {prev}\n")),
                    _ => {}
                }
                s.push_str(&format!("{body}\nRépondre\n\n"));
                prev = name;
            }
            s
        })
}

/// The same text in the encodings scraped pages come in.
fn encoded(text: &str, how: u8) -> Vec<u8> {
    match how % 6 {
        0 => text.as_bytes().to_vec(),
        1 => [&[0xef, 0xbb, 0xbf][..], text.as_bytes()].concat(),
        2 => {
            let mut b = vec![0xff, 0xfe];
            b.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
            b
        }
        3 => {
            let mut b = vec![0xfe, 0xff];
            b.extend(text.encode_utf16().flat_map(|u| u.to_be_bytes()));
            b
        }
        4 => encoding_rs::WINDOWS_1252.encode(text).0.into_owned(),
        _ => {
            // A few stray bytes in UTF-8.
            let mut b = text.as_bytes().to_vec();
            let at = b.len() / 2;
            b.insert(at, 0xff);
            b.push(0xc3);
            b
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Properties.

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn decode_never_panics_and_normalize_cleans(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        if let Decoded::Text { text, lossy, .. } = decode(&bytes) {
            if lossy {
                prop_assert!(text.contains('\u{fffd}'), "lossy decode without a replacement character");
            }
            let t = normalize(&text);
            invariants::normalized_text(&t).map_err(TestCaseError::fail)?;
            prop_assert_eq!(normalize(&t), t.clone(), "normalize is not idempotent");
        }
    }

    #[test]
    fn valid_utf8_text_decodes_to_itself(text in "\\PC{0,200}") {
        match decode(text.as_bytes()) {
            Decoded::Text { text: t, encoding, lossy } => {
                prop_assert_eq!(t, text);
                prop_assert_eq!(encoding, "utf-8");
                prop_assert!(!lossy);
            }
            Decoded::NotText => prop_assert!(false, "printable text refused as not text"),
        }
    }

    #[test]
    fn utf16_with_bom_decodes_to_itself(text in any::<String>(), be in any::<bool>()) {
        let bytes = encoded(&text, if be { 3 } else { 2 });
        match decode(&bytes) {
            Decoded::Text { text: t, encoding, lossy } => {
                prop_assert_eq!(t, text);
                prop_assert_eq!(encoding, if be { "utf-16be" } else { "utf-16le" });
                prop_assert!(!lossy);
            }
            Decoded::NotText => prop_assert!(false, "UTF-16 with a BOM refused"),
        }
    }

    #[test]
    fn utf16_lone_surrogates_are_lossy_not_fatal(units in prop::collection::vec(any::<u16>(), 0..200)) {
        let mut b = vec![0xff, 0xfe];
        b.extend(units.iter().flat_map(|u| u.to_le_bytes()));
        let utf16 = matches!(decode(&b), Decoded::Text { encoding: "utf-16le", .. });
        prop_assert!(utf16, "UTF-16 with a BOM refused");
        invariants::processed(&process(&b));
    }

    #[test]
    fn any_bytes_through_the_whole_file_pipeline(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        invariants::processed(&process(&bytes));
    }

    #[test]
    fn fold_and_match_form_never_panic(s in any::<String>()) {
        let _ = gazette::text::fold(&s);
        let _ = gazette::text::match_form(&s);
        let _ = gazette::text::trim(&s);
        let _ = gazette::dates::parse_date(&s);
        let _ = gazette::parse::looks_like_name(&s);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn article_like_text_keeps_every_invariant(text in article()) {
        parse_and_check(&text);
    }

    #[test]
    fn article_like_text_in_any_encoding_through_the_pipeline(text in article(), how in any::<u8>()) {
        let p = process(&encoded(&text, how));
        invariants::processed(&p);
    }

    #[test]
    fn comment_threads_keep_every_invariant(text in thread()) {
        parse_and_check(&text);
        let doc = gazette::parse::parse(&normalize(&text), rules());
        prop_assert!(!doc.comments.is_empty(), "a thread of avatar headers gave no comment");
    }
}

// ---------------------------------------------------------------------------------------------
// Regressions: fixed inputs, named for what they guard.

#[test]
fn regression_line_of_bidi_marks_only_is_accounted_for() {
    parse_and_check("Un titre\n\u{200e}\nUn paragraphe de texte, avec une phrase complète.");
    parse_and_check("Commentaires\navatar Anne\u{a0}|\n\u{200f}\nBonjour.\n\u{200e}");
    let p = process("\u{200e}\u{200f}\n".as_bytes());
    invariants::processed(&p);
}

#[test]
fn regression_nul_and_controls_inside_text() {
    parse_and_check("Titre\u{0} de\u{1} l'article\n\nUn\u{7} paragraphe\u{1b}[0m complet.\u{0}");
    invariants::processed(&process(
        b"Titre\x00\nUn paragraphe\x07 complet, avec des mots.\n",
    ));
}

#[test]
fn regression_deep_reply_chain_of_thousands_of_comments() {
    let mut s = String::from(
        "Un fil très long\n\nUn paragraphe de texte, avec une phrase complète.\n\nCommentaires\n",
    );
    for i in 0..3000 {
        s.push_str(&format!("avatar user{i}\u{a0}|\u{a0}\n\n"));
        if i > 0 {
            s.push_str(&format!("@user{}\n", i - 1));
        }
        s.push_str(&format!(
            "Réponse numéro {i}, au message précédent.\nRépondre\n\n"
        ));
    }
    let doc = gazette::parse::parse(&normalize(&s), rules());
    assert_eq!(doc.comments.len(), 3000);
    for (i, c) in doc.comments.iter().enumerate().skip(1) {
        assert_eq!(c.parent, Some(i - 1), "comment {i}");
    }
    parse_and_check(&s);
}

/// Work per file stays linear: each of these took minutes (quadratic) before the parser kept
/// an index of authors and computed "prose follows" once from the end.
#[test]
fn regression_twenty_thousand_same_line_replies_find_their_parents() {
    let mut s = String::from("Commentaires\n");
    for i in 0..20_000 {
        s.push_str(&format!("avatar Jean Dupont{i}\u{a0}|\n"));
        if i > 0 {
            s.push_str(&format!(
                "@Jean Dupont{} merci pour ce commentaire\n",
                i - 1
            ));
        }
    }
    let doc = gazette::parse::parse(&normalize(&s), rules());
    assert_eq!(doc.comments.len(), 20_000);
    assert!(doc
        .comments
        .iter()
        .enumerate()
        .skip(1)
        .all(|(i, c)| c.parent == Some(i - 1)));
}

#[test]
fn regression_thirty_thousand_headline_shaped_lines() {
    let s: String = (0..30_000).map(|i| format!("Titre Numéro {i}\n")).collect();
    let doc = gazette::parse::parse(&normalize(&s), rules());
    assert_eq!(
        doc.article.paragraphs.len() + doc.boilerplate.len() + doc.article.tags.len(),
        30_000
    );
}

#[test]
fn regression_indented_replies_answer_the_nearest_shallower_comment() {
    // Depths 0 1 2 1 2 3 0 1: each indented comment answers the nearest shallower one above.
    let depths = [0usize, 1, 2, 1, 2, 3, 0, 1];
    let mut s = String::from(
        "Un titre\n\nUn paragraphe de texte, avec une phrase complète.\n\nCommentaires\n",
    );
    for (i, d) in depths.iter().enumerate() {
        s.push_str(&format!(
            "{}avatar lecteur{i}\u{a0}|\u{a0}\n\nTexte du commentaire {i}.\n\n",
            "  ".repeat(*d)
        ));
    }
    let doc = gazette::parse::parse(&normalize(&s), rules());
    let parents: Vec<Option<usize>> = doc.comments.iter().map(|c| c.parent).collect();
    assert_eq!(
        parents,
        [
            None,
            Some(0),
            Some(1),
            Some(0),
            Some(3),
            Some(4),
            None,
            Some(6)
        ]
    );
}

#[test]
fn regression_reply_quoting_a_long_parent_line_by_line() {
    let mut s = String::from("Commentaires\navatar Anne Martin\u{a0}|\n\n");
    for i in 0..400 {
        s.push_str(&format!("Ligne {i} du long commentaire d’Anne.\n"));
    }
    s.push_str("\navatar Paul Durand\u{a0}|\n\nAnne Martin a écrit :\n");
    for i in 0..400 {
        s.push_str(&format!("Ligne {i} du long commentaire d’Anne.\n"));
    }
    s.push_str("\nJe ne suis pas d’accord.\n");
    let doc = gazette::parse::parse(&normalize(&s), rules());
    assert_eq!(doc.comments.len(), 2);
    assert_eq!(doc.comments[1].parent, Some(0));
    parse_and_check(&s);
}
