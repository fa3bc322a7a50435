//! Whole-recognizer tests on sentences written for them, in French, English and German.

use std::sync::OnceLock;

use super::*;
use crate::model::{Article, Comment, Document, Paragraph, ParagraphKind};

fn kb() -> &'static Knowledge {
    static KB: OnceLock<Knowledge> = OnceLock::new();
    KB.get_or_init(|| Knowledge::load(&[]).unwrap())
}

fn doc(lang: &str, paras: &[&str]) -> Document {
    Document {
        article: Article {
            language: Some(lang.to_string()),
            paragraphs: paras
                .iter()
                .map(|t| Paragraph {
                    kind: ParagraphKind::Paragraph,
                    text: t.to_string(),
                    first_line: 1,
                    last_line: 1,
                })
                .collect(),
            ..Article::default()
        },
        ..Document::default()
    }
}

/// (surface, type) of every mention, in text order.
fn found(d: &Document, kb: &Knowledge) -> Vec<(String, &'static str)> {
    extract(d, kb)
        .into_iter()
        .map(|m| (m.surface, m.entity_type.as_str()))
        .collect()
}

fn has(v: &[(String, &str)], surface: &str, t: &str) -> bool {
    v.iter().any(|(s, ty)| s == surface && *ty == t)
}

fn lacks(v: &[(String, &str)], surface: &str) -> bool {
    !v.iter().any(|(s, _)| s == surface)
}

#[test]
fn offsets_are_characters_and_surfaces_exact() {
    let d = doc(
        "fr",
        &["Été 2021 : à Besançon, l’entreprise Zorblat a levé 2 M€ auprès d’Épargne Plus."],
    );
    for m in extract(&d, kb()) {
        let Host::Paragraph(i) = m.host else { panic!() };
        let text = &d.article.paragraphs[i].text;
        let got: String = text
            .chars()
            .skip(m.char_start)
            .take(m.char_end - m.char_start)
            .collect();
        assert_eq!(got, m.surface);
        assert!((0.0..=1.0).contains(&m.confidence));
    }
}

#[test]
fn french_names_typed_by_context() {
    let d = doc(
        "fr",
        &[
            "Le fabricant de vélos Trivelo ouvre une usine à Vendrennes. Selon Sandrine Koller, PDG de Trivelo, la production commencera en mars.",
            "Koller a rappelé que la société Trivelo emploie 300 salariés. L’américain Bolterix et le fonds d’investissement allemand, Rheinkap, sont au capital.",
        ],
    );
    let v = found(&d, kb());
    assert!(has(&v, "Trivelo", "ORG"), "{v:?}");
    assert!(has(&v, "Sandrine Koller", "PERSON"), "{v:?}");
    assert!(has(&v, "Koller", "PERSON"), "{v:?}");
    assert!(has(&v, "Vendrennes", "PLACE"), "{v:?}");
    assert!(has(&v, "Bolterix", "ORG"), "{v:?}");
    assert!(has(&v, "Rheinkap", "ORG"), "{v:?}");
    assert!(has(&v, "300 salariés", "QUANTITY"), "{v:?}");
    assert!(has(&v, "mars", "DATE"), "{v:?}");
    assert!(
        lacks(&v, "Le") && lacks(&v, "Selon") && lacks(&v, "PDG"),
        "{v:?}"
    );
    let ms = extract(&d, kb());
    let koller: Vec<_> = ms.iter().filter(|m| m.surface.contains("Koller")).collect();
    assert!(koller.iter().all(|m| m.key == koller[0].key), "{koller:?}");
}

#[test]
fn sentence_initial_capitals_need_support() {
    let d = doc(
        "fr",
        &[
            "Baptisé Zéphyr X2, ce modèle sort en juin. Créée en 2012, la startup Nubelia vend le Zéphyr X2 en ligne.",
            "Malheureusement, Quelque chose cloche. Nubelia répond.",
        ],
    );
    let v = found(&d, kb());
    assert!(has(&v, "Zéphyr X2", "PRODUCT"), "{v:?}");
    assert!(
        lacks(&v, "Baptisé Zéphyr X2") && lacks(&v, "Baptisé") && lacks(&v, "Créée"),
        "{v:?}"
    );
    assert!(has(&v, "Nubelia", "ORG"), "{v:?}");
    assert!(
        lacks(&v, "Malheureusement") && lacks(&v, "Quelque"),
        "{v:?}"
    );
}

#[test]
fn acronyms_join_their_expansion() {
    let d = doc(
        "fr",
        &[
            "Norvalis Systèmes Industriels NSI relocalise. Le directeur de NSI confirme.",
            "Le texte vise la FTPA (Federal Trade Practices Act) et l'Office national des forêts.",
        ],
    );
    let ms = extract(&d, kb());
    let nsi: Vec<_> = ms
        .iter()
        .filter(|m| m.surface == "NSI" || m.surface == "Norvalis Systèmes Industriels")
        .collect();
    assert_eq!(nsi.len(), 3, "{ms:?}");
    assert!(
        nsi.iter()
            .all(|m| m.key == nsi[0].key && m.entity_type == EntityType::Org),
        "{nsi:?}"
    );
    let law: Vec<_> = ms
        .iter()
        .filter(|m| m.surface == "FTPA" || m.surface == "Federal Trade Practices Act")
        .collect();
    assert_eq!(law.len(), 2, "{ms:?}");
    assert!(
        law.iter()
            .all(|m| m.entity_type == EntityType::Other && m.key == law[0].key),
        "{law:?}"
    );
}

#[test]
fn near_identical_long_names_merge() {
    let d = doc(
        "fr",
        &[
            "Vertigon Enterprise relocalise.",
            "Retour aux sources pour Vertigon Entreprise en Bretagne.",
        ],
    );
    let ms = extract(&d, kb());
    let v: Vec<_> = ms
        .iter()
        .filter(|m| m.surface.starts_with("Vertigon"))
        .collect();
    assert_eq!(v.len(), 2, "{ms:?}");
    assert_eq!(v[0].key, v[1].key);
}

#[test]
fn demonyms_and_common_words_are_not_places() {
    let d = doc(
        "fr",
        &["Les Chinois et les Américains investissent ; la maison mère Chinoise aussi. Perso, je préfère l’R&D et le Sud du pays. Un OS maison."],
    );
    let v = found(&d, kb());
    for w in [
        "Chinois",
        "Américains",
        "Chinoise",
        "Perso",
        "R&D",
        "Sud",
        "OS",
        "Un",
    ] {
        assert!(lacks(&v, w), "{w}: {v:?}");
    }
}

#[test]
fn english_article() {
    let d = doc(
        "en",
        &[
            "Shares of Quantrel Corp. rose 12% on March 9, 2017, after chief executive Dana Whitfield said the company would hire 2,500 engineers in Tacoma.",
            "Whitfield told Reuters the $499 device ships in the first quarter of 2018. The French and the Chinese were not amused.",
        ],
    );
    let v = found(&d, kb());
    assert!(
        has(&v, "Quantrel Corp", "ORG") || has(&v, "Quantrel Corp.", "ORG"),
        "{v:?}"
    );
    assert!(has(&v, "12%", "PERCENT"), "{v:?}");
    assert!(has(&v, "March 9, 2017", "DATE"), "{v:?}");
    assert!(
        has(&v, "Dana Whitfield", "PERSON") && has(&v, "Whitfield", "PERSON"),
        "{v:?}"
    );
    assert!(has(&v, "2,500 engineers", "QUANTITY"), "{v:?}");
    assert!(has(&v, "Tacoma", "PLACE"), "{v:?}");
    assert!(has(&v, "$499", "MONEY"), "{v:?}");
    assert!(has(&v, "first quarter of 2018", "DATE"), "{v:?}");
    assert!(
        lacks(&v, "French") && lacks(&v, "Chinese") && lacks(&v, "Shares") && lacks(&v, "The"),
        "{v:?}"
    );
}

#[test]
fn german_article() {
    let d = doc(
        "de",
        &[
            "Der Hersteller Kolbrecht hat im Jahr 2019 rund 1,5 Mrd. Euro umgesetzt. Die Polizei in Sachsen erhält 20.000 Tablets.",
            "Laut Firmenchef Henrik Baumgartner soll die Produktion Ende 2021 nach Leipzig verlagert werden. Die Zukunft der Fabrik ist offen.",
        ],
    );
    let v = found(&d, kb());
    assert!(has(&v, "Kolbrecht", "ORG"), "{v:?}");
    assert!(has(&v, "1,5 Mrd. Euro", "MONEY"), "{v:?}");
    assert!(has(&v, "20.000 Tablets", "QUANTITY"), "{v:?}");
    assert!(has(&v, "Henrik Baumgartner", "PERSON"), "{v:?}");
    assert!(has(&v, "Ende 2021", "DATE"), "{v:?}");
    assert!(has(&v, "Leipzig", "PLACE"), "{v:?}");
    for w in [
        "Polizei",
        "Produktion",
        "Zukunft",
        "Fabrik",
        "Jahr",
        "Die",
        "Der",
    ] {
        assert!(lacks(&v, w), "{w}: {v:?}");
    }
}

#[test]
fn comment_handles_are_not_names() {
    let mut d = doc("fr", &["Texte."]);
    d.comments = vec![
        Comment {
            author: Some("Grumfix".into()),
            posted_at: None,
            title: None,
            parent: None,
            body: "Bravo à Trivelo !".into(),
            quoted: None,
            first_line: 3,
            last_line: 3,
        },
        Comment {
            author: Some("Zanouk".into()),
            posted_at: None,
            title: None,
            parent: Some(0),
            body: "@Grumfix tu parles comme Grumfix, pas comme Trivelo".into(),
            quoted: None,
            first_line: 5,
            last_line: 5,
        },
    ];
    let ms = extract(&d, kb());
    assert!(ms.iter().all(|m| !m.surface.contains("Grumfix")), "{ms:?}");
    assert!(
        ms.iter()
            .any(|m| m.surface == "Trivelo" && matches!(m.host, Host::Comment(_))),
        "{ms:?}"
    );
}

#[test]
fn user_gazetteer_declares_misspellings() {
    let kb = Knowledge::load(&[(
        "mine.tsv".into(),
        "Marc Delorme\tPERSON\tMarc Delhorme\t\n".into(),
    )])
    .unwrap();
    let d = doc("fr", &["Selon Marc Delhorme, PDG."]);
    let ms = extract(&d, &kb);
    assert_eq!(ms[0].canonical, "Marc Delorme");
    assert_eq!(ms[0].method, Method::Gazetteer);
    assert_eq!(kb.entry_for_key(&ms[0].key).unwrap().0, "Marc Delorme");
    assert_ne!(kb.fingerprint, super::tests::kb().fingerprint);
}

#[test]
fn bylines_resolve_to_people_and_agencies() {
    let d = doc("fr", &["Texte."]);
    let ms = extract(&d, kb());
    let r = resolve_byline("Justine Morel", &ms, kb()).unwrap();
    assert_eq!(r.entity_type, EntityType::Person);
    assert_eq!(r.key, name_key(EntityType::Person, "Justine Morel"));
    let r = resolve_byline("ZXQ", &ms, kb()).unwrap();
    assert_eq!(r.entity_type, EntityType::Org);
    assert!(resolve_byline("", &ms, kb()).is_none());
}

#[test]
fn english_compounds_portfolios_and_short_company_names() {
    let d = doc(
        "en",
        &["Velorant Systems, a Denver-based startup, hired 40 engineers. Velorant said the Minister of Finance, Aleksy Borowicz, backed it."],
    );
    let ms = extract(&d, kb());
    let v: Vec<_> = ms
        .iter()
        .map(|m| (m.surface.as_str(), m.entity_type.as_str()))
        .collect();
    assert!(v.contains(&("Denver", "PLACE")), "{v:?}");
    assert!(
        !v.iter()
            .any(|(s, _)| s.contains("based") || *s == "Finance"),
        "{v:?}"
    );
    let velorant: Vec<_> = ms
        .iter()
        .filter(|m| m.surface.starts_with("Velorant"))
        .collect();
    assert_eq!(velorant.len(), 2, "{v:?}");
    assert_eq!(velorant[0].key, velorant[1].key);
}

#[test]
fn german_compound_cues() {
    let d = doc("de", &["Der Technologiekonzern Kolbrecht streicht Stellen in der Zuliefersparte Antrieb nach Elektroautos."]);
    let v = found(&d, kb());
    assert!(has(&v, "Kolbrecht", "ORG"), "{v:?}");
    assert!(
        lacks(&v, "Technologiekonzern Kolbrecht") && lacks(&v, "Elektroautos"),
        "{v:?}"
    );
}

#[test]
fn headlines_in_title_case_and_capitals() {
    let mut d = doc(
        "en",
        &[
            "Quantrel Unveils Faster Chips As Rivals Stumble",
            "APPLE AND SAMSUNG SLASH PRICES IN EUROPE",
            "Shares of Quantrel rose on Monday; the firm will ship in March.",
        ],
    );
    d.article.paragraphs[0].kind = ParagraphKind::Title;
    let v = found(&d, kb());
    assert!(has(&v, "Quantrel", "ORG"), "{v:?}");
    for w in [
        "Unveils", "Faster", "Chips", "Rivals", "Stumble", "SLASH", "PRICES", "IN", "AND",
    ] {
        assert!(lacks(&v, w), "{w}: {v:?}");
    }
    assert!(
        v.iter().any(|(s, _)| s == "SAMSUNG") && v.iter().any(|(s, _)| s == "EUROPE"),
        "{v:?}"
    );
}

#[test]
fn web_addresses_hold_no_names() {
    let d = doc(
        "fr",
        &["Voir https://www.exemple.fr/Nouvelle-Offre-Zorblat et www.Trucmuche.com pour Zorblat."],
    );
    let v = found(&d, kb());
    assert!(
        v.iter()
            .all(|(s, _)| !s.contains("Offre") && !s.contains("Trucmuche")),
        "{v:?}"
    );
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Text made of the pieces news text is made of, in any order: words in three languages,
    /// capitals, accents, numbers with their separators, currencies, apostrophes, NBSPs,
    /// emoji, URLs, line breaks.
    fn pieces() -> impl Strategy<Value = String> {
        let piece = prop::sample::select(vec![
            "Le",
            "la",
            "de",
            "l’",
            "d'",
            "Crosscall",
            "ALE",
            "États-Unis",
            "Jean-Pierre",
            "Dupont",
            "Europe",
            "1",
            "2024",
            "200.000",
            "1 234,56",
            "€",
            "$",
            "%",
            "millions",
            "d’euros",
            "trimestre",
            "premier",
            "fin",
            "juillet",
            "dernier",
            "March",
            "9,",
            "The",
            "Inc.",
            "GmbH",
            "Die",
            "Firma",
            "ß",
            "é",
            "Ω",
            "😀",
            "🇫🇷",
            "\u{a0}",
            " ",
            "  ",
            "\n",
            ".",
            ",",
            ":",
            "(",
            ")",
            "«",
            "»",
            "\"",
            "'",
            "’",
            "-",
            "–",
            "@",
            "#",
            "https://x.fr/A-B",
            "www.Y.com",
            "R&D",
            "X4-Neo",
            "20ans",
            "e\u{301}",
            "İ",
            "ﬁ",
            "\u{200b}",
            "\t",
        ]);
        prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn mentions_always_point_at_their_surface(text in pieces(), lang in prop::sample::select(vec!["fr", "en", "de", "xx"])) {
            let mut d = doc(lang, &[text.as_str()]);
            d.comments = vec![Comment {
                author: Some("Dupont".into()),
                posted_at: None,
                title: None,
                parent: None,
                body: text.clone(),
                quoted: None,
                first_line: 2,
                last_line: 2,
            }];
            let ms = extract(&d, kb());
            let mut seen = std::collections::HashSet::new();
            for m in &ms {
                let host = match m.host {
                    Host::Paragraph(_) | Host::Comment(_) => &text,
                };
                let got: String = host.chars().skip(m.char_start).take(m.char_end - m.char_start).collect();
                prop_assert_eq!(&got, &m.surface);
                prop_assert!(m.char_start < m.char_end);
                prop_assert!((0.0..=1.0).contains(&m.confidence));
                prop_assert!(seen.insert((m.host, m.char_start, m.char_end, m.key.clone())));
            }
        }
    }
}

#[test]
fn an_acronym_joins_the_name_whose_initials_it_spells() {
    let d = doc(
        "fr",
        &[
            "Les salariés de Norvalis Industrie Mécanique ont voté la grève.",
            "La direction de NIM conteste ; NIM a saisi la justice.",
        ],
    );
    let ms = extract(&d, kb());
    let v: Vec<_> = ms
        .iter()
        .filter(|m| m.surface == "NIM" || m.surface == "Norvalis Industrie Mécanique")
        .collect();
    assert_eq!(v.len(), 3, "{ms:?}");
    assert!(
        v.iter()
            .all(|m| m.key == v[0].key && m.canonical == "Norvalis Industrie Mécanique"),
        "{v:?}"
    );
}

#[test]
fn german_places_by_ending_after_a_preposition_and_nouns_left_alone() {
    let d = doc(
        "de",
        &[
            "Viele Beschäftigte pendeln aus Öhringen und aus Backnang. In Zukunft soll das \
           Werk in Ludwigsburg wachsen, sagte der Sprecher des Landes.",
        ],
    );
    let v = found(&d, kb());
    assert!(has(&v, "Öhringen", "PLACE"), "{v:?}");
    assert!(has(&v, "Ludwigsburg", "PLACE"), "{v:?}");
    // No toponym ending: an unknown German word after `aus` stays out.
    assert!(lacks(&v, "Backnang"), "{v:?}");
    assert!(lacks(&v, "Zukunft"), "{v:?}");
    assert!(lacks(&v, "Werk"), "{v:?}");
    assert!(lacks(&v, "Landes"), "{v:?}");
}

#[test]
fn german_cue_counts_only_right_before_the_name() {
    let d = doc(
        "de",
        &[
            "Der Konzern Velkar will wachsen. Dafür betreibt der Konzern Werke in Ungarn und \
           der Hersteller baut Anlagen für die Sparte für Kraftstoffpumpen.",
        ],
    );
    let v = found(&d, kb());
    assert!(has(&v, "Velkar", "ORG"), "{v:?}");
    for noun in ["Werke", "Anlagen", "Kraftstoffpumpen"] {
        assert!(lacks(&v, noun), "{noun}: {v:?}");
    }
}

#[test]
fn model_numbers_and_versions_are_products() {
    let d = doc(
        "en",
        &[
            "The Veltro Z7 Max costs less than the Pixel 8 Pro, and it runs VeltroOS 4 with \
           a Snapdragon 8 Gen 2 chip. The iPhone 16 starts at $799.",
        ],
    );
    let v = found(&d, kb());
    for p in [
        "Veltro Z7 Max",
        "Pixel 8 Pro",
        "VeltroOS 4",
        "Snapdragon 8 Gen 2",
        "iPhone 16",
    ] {
        assert!(has(&v, p, "PRODUCT"), "{p}: {v:?}");
    }
    assert!(lacks(&v, "16 starts"), "{v:?}");
    // A common noun and its number is no name.
    let d = doc(
        "en",
        &["The drug entered Phase 3 trials and Chapter 7 of the report."],
    );
    let v = found(&d, kb());
    assert!(lacks(&v, "Phase 3") && lacks(&v, "Chapter 7"), "{v:?}");
}

#[test]
fn people_by_role_after_a_comma_and_by_their_titled_surname() {
    let d = doc(
        "en",
        &[
            "\"It works,\" said Oren Haskett, a senior equity analyst at the bank. \
           Analysts at Morrow Capital agreed. Ms Tavitian said the deal was done, and \
           Selin Tavitian later left.",
        ],
    );
    let v = found(&d, kb());
    assert!(has(&v, "Oren Haskett", "PERSON"), "{v:?}");
    assert!(has(&v, "Morrow Capital", "ORG"), "{v:?}");
    assert!(has(&v, "Selin Tavitian", "PERSON"), "{v:?}");
    // `Lyon, where the mayor…`: a clause, not a role of the name before the comma.
    let d = doc("en", &["They met in Quillan, where the mayor spoke."]);
    let v = found(&d, kb());
    assert!(!has(&v, "Quillan", "PERSON"), "{v:?}");
}

#[test]
fn listed_names_share_the_type_of_their_neighbour() {
    let d = doc(
        "en",
        &[
            "Officials in Youngstown and Marrowby hope to repair pipes. Senator Kyra Doane of \
           Arizona agreed.",
        ],
    );
    let v = found(&d, kb());
    assert!(has(&v, "Marrowby", "PLACE"), "{v:?}");
    assert!(has(&v, "Kyra Doane", "PERSON"), "{v:?}");
    assert!(has(&v, "Arizona", "PLACE"), "{v:?}");
}

#[test]
fn place_name_shapes_win_over_a_distant_company_cue() {
    let d = doc(
        "fr",
        &[
            "L'usine sera la deuxième du groupe après celle de Villers-sur-Sienne, près de \
           Saint-Calmont.",
        ],
    );
    let v = found(&d, kb());
    assert!(has(&v, "Villers-sur-Sienne", "PLACE"), "{v:?}");
    assert!(has(&v, "Saint-Calmont", "PLACE"), "{v:?}");
}

#[test]
fn a_full_name_with_no_cue_is_a_person_unless_it_says_otherwise() {
    let d = doc(
        "en",
        &[
            "City had taken the lead through Erling Haaland. Analysts at Counterpoint Research \
           disagreed. Yesterday Brann Okonkwo, 24, signed for the club.",
        ],
    );
    let v = found(&d, kb());
    assert!(has(&v, "Erling Haaland", "PERSON"), "{v:?}");
    assert!(has(&v, "Counterpoint Research", "ORG"), "{v:?}");
    assert!(has(&v, "Brann Okonkwo", "PERSON"), "{v:?}");
    // German capitalizes nouns: two of them side by side are no person.
    let d = doc(
        "de",
        &["Das gibt den Menschen Zuversicht und den Bürgern Sicherheit."],
    );
    let v = found(&d, kb());
    assert!(lacks(&v, "Bürgern Sicherheit"), "{v:?}");
}

#[test]
fn german_place_nouns_introduce_any_town() {
    let d = doc(
        "de",
        &["In der Stadt Marbenach wird gebaut. Im Landkreis Rems-Murr gibt es Streit."],
    );
    let v = found(&d, kb());
    assert!(has(&v, "Marbenach", "PLACE"), "{v:?}");
    assert!(has(&v, "Rems-Murr", "PLACE"), "{v:?}");
    assert!(
        lacks(&v, "Stadt Marbenach") && lacks(&v, "Landkreis"),
        "{v:?}"
    );
}
