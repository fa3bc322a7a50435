use super::*;
use crate::model::ParagraphKind;

fn rules() -> Rules {
    Rules::default_rules().unwrap()
}

#[test]
fn no_line_becomes_a_title_because_it_comes_first() {
    let doc = parse(
        "Le groupe a annoncé hier la fermeture de son usine, a-t-on appris.\nLa suite du texte continue ici.",
        &rules(),
    );
    assert_eq!(doc.article.title, None);
    assert_eq!(doc.article.paragraphs.len(), 2);
}

#[test]
fn title_byline_headings_and_paragraphs() {
    let text = "Une usine rouvre dans le Nord\n\nAnne Martin |\n\nLe groupe rouvre son usine. Deux cents emplois sont prévus.\n\nUn pari industriel\n\nLes machines arrivent en mai. La production suivra.\n";
    let doc = parse(text, &rules());
    let a = &doc.article;
    assert_eq!(a.title.as_deref(), Some("Une usine rouvre dans le Nord"));
    assert_eq!(a.bylines.len(), 1);
    assert_eq!(a.bylines[0].name, "Anne Martin");
    let kinds: Vec<_> = a.paragraphs.iter().map(|p| p.kind).collect();
    assert_eq!(
        kinds,
        [
            ParagraphKind::Title,
            ParagraphKind::Paragraph,
            ParagraphKind::Heading,
            ParagraphKind::Paragraph
        ]
    );
}

#[test]
fn author_and_editor() {
    let doc = parse(
        "Paul Durand, édité par Marie Curie\nLe texte commence ici. Et il continue.",
        &rules(),
    );
    let b = &doc.article.bylines;
    assert_eq!(b.len(), 2);
    assert_eq!(
        (b[0].name.as_str(), b[0].role),
        ("Paul Durand", Role::Author)
    );
    assert_eq!(
        (b[1].name.as_str(), b[1].role),
        ("Marie Curie", Role::Editor)
    );
}

#[test]
fn link_list_footer_names_the_publisher() {
    let text = "Titre de l'article\n\nUn paragraphe de texte. Encore.\n\nLire plus d’articles sur MonSite :\n– Premier lien, cliquez-ici\n– Second lien, cliquez-ici";
    let doc = parse(text, &rules());
    assert_eq!(doc.article.publisher.as_deref(), Some("MonSite"));
    assert_eq!(doc.boilerplate.len(), 3);
    assert!(doc.boilerplate.iter().all(|b| b.reason == "related_link"));
}

#[test]
fn comments_with_avatar_headers_and_replies() {
    let text = "Titre\n\nTexte de l'article. Fin.\n\navatar alice\u{a0}|\u{a0}\n\nPremier avis.\n\navatar bob\u{a0}|\u{a0}\n\n@alice\n\n« Premier avis. » Je ne suis pas d'accord.\n\navatar carol\u{a0}|\u{a0}\n\nSans réponse.\n\nCONNEXION UTILISATEUR";
    let doc = parse(text, &rules());
    let c = &doc.comments;
    assert_eq!(c.len(), 3);
    assert_eq!(c[0].author.as_deref(), Some("alice"));
    assert_eq!(c[1].parent, Some(0));
    assert_eq!(c[1].body, "« Premier avis. » Je ne suis pas d'accord.");
    assert_eq!(c[1].quoted.as_deref(), Some("Premier avis."));
    assert_eq!(c[2].parent, None);
    assert_eq!(c[2].body, "Sans réponse.");
    assert_eq!(doc.boilerplate.last().unwrap().reason, "login_widget");
}

#[test]
fn comments_only_page_has_no_title() {
    let text = "avatar alice |\n\nUn avis.\n\navatar bob |\n\n@alice\n\nRéponse.";
    let doc = parse(text, &rules());
    assert_eq!(doc.article.title, None);
    assert!(doc.article.paragraphs.is_empty());
    assert_eq!(doc.comments.len(), 2);
    assert_eq!(doc.comments[1].parent, Some(0));
}

#[test]
fn language_of_french_english_and_german_text() {
    let doc = |t: &str| parse(&format!("{t}\n{t}\n{t}"), &rules());
    let fr = "Le groupe a annoncé que la production des smartphones sera assurée dans une usine de la région, pour le marché européen et les clients qui attendent.";
    let en = "The company said that the production of the phones will be moved to a plant in the region, and this is for the European market of the group.";
    let de = "Das Unternehmen hat angekündigt, dass die Produktion der Telefone in ein Werk in der Region verlegt wird, und das ist für den Markt von Europa nicht schlecht.";
    assert_eq!(language(&doc(fr)).as_deref(), Some("fr"));
    assert_eq!(language(&doc(en)).as_deref(), Some("en"));
    assert_eq!(language(&doc(de)).as_deref(), Some("de"));
}

#[test]
fn author_box_at_the_end_gives_a_byline() {
    let text = "Un titre d'article\n\nLe premier paragraphe du texte. Il est assez long.\n\nÀ propos de l'auteur\nClaire Martin\nJournaliste économique, elle suit l'industrie depuis dix ans.";
    let doc = parse(text, &rules());
    assert_eq!(doc.article.bylines.len(), 1);
    assert_eq!(doc.article.bylines[0].name, "Claire Martin");
    let reasons: Vec<_> = doc
        .boilerplate
        .iter()
        .map(|b| (b.line, b.reason.as_str()))
        .collect();
    assert_eq!(reasons, [(5, "author_box"), (7, "author_box")]);
    assert_eq!(doc.article.paragraphs.len(), 2);
}

#[test]
fn a_section_label_above_the_headline_is_a_tag() {
    let text = "Industrie\nLes usines reviennent dans le Nord de la France\n\nLe texte commence ici. Il continue.";
    let doc = parse(text, &rules());
    assert_eq!(
        doc.article.title.as_deref(),
        Some("Les usines reviennent dans le Nord de la France")
    );
    assert_eq!(doc.article.tags[0].tag, "Industrie");
}

#[test]
fn agency_and_glued_dates_in_bylines() {
    let doc = parse("Un titre\nPar Reuters\n\nLe texte. La suite.", &rules());
    assert_eq!(doc.article.bylines[0].name, "Reuters");
    let doc = parse(
        "Un titre\nPar Jean Dupont • 3 min de lecture\n13. 1. 2020\n\nLe texte. La suite.",
        &rules(),
    );
    assert_eq!(doc.article.bylines[0].name, "Jean Dupont");
    assert_eq!(doc.article.published_at.as_deref(), Some("2020-01-13"));
    let doc = parse(
        "A title\nBy Jane Doe, March 9, 2017\n\nThe text. More.",
        &rules(),
    );
    assert_eq!(doc.article.bylines[0].name, "Jane Doe");
    assert_eq!(doc.article.published_at.as_deref(), Some("2017-03-09"));
}

#[test]
fn a_surname_starting_like_a_month_is_no_date() {
    let doc = parse(
        "Un titre\nPar David Maillard\n\nLe texte. La suite.",
        &rules(),
    );
    assert_eq!(doc.article.bylines[0].name, "David Maillard");
    assert_eq!(doc.article.published_at, None);
}

#[test]
fn a_headline_printed_again_lower_down_stays_the_title() {
    let text = "Les usines reviennent\n\nLe texte commence ici. Il continue.\n\nLes usines reviennent\n\nUn autre paragraphe. Fin.";
    let doc = parse(text, &rules());
    assert_eq!(doc.article.title.as_deref(), Some("Les usines reviennent"));
    assert_eq!(doc.boilerplate.len(), 1);
    assert_eq!(doc.boilerplate[0].line, 5);
}

#[test]
fn two_sentences_are_no_headline() {
    let doc = parse(
        "Le marché a reculé. L'entreprise aurait-elle le mal du pays ?\nLa suite.",
        &rules(),
    );
    assert_eq!(doc.article.title, None);
}

#[test]
fn an_avatar_header_without_a_name_is_an_anonymous_comment() {
    let text = "Titre\n\nUn paragraphe de texte, avec une phrase complète.\n\nCommentaires\navatar \u{a0}|\u{a0}\n\n@Anne Martin\nle\nRépondre\n\n";
    let doc = parse(text, &rules());
    assert_eq!(doc.comments.len(), 1);
    assert_eq!(doc.comments[0].author, None);
}

mod alpha_runs_property {
    use super::super::for_each_alpha_run;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn are_the_letter_runs_a_split_gives(text in "[a-zA-Z0-9 ,.'’éÀßçœ×÷\u{2019}\u{a0}Жя字\n-]{0,80}") {
            let mut runs: Vec<&str> = Vec::new();
            for_each_alpha_run(&text, |w| {
                runs.push(w);
                true
            });
            let split: Vec<&str> = text
                .split(|c: char| !crate::text::is_alpha(c))
                .filter(|w| !w.is_empty())
                .collect();
            prop_assert_eq!(runs, split);
        }
    }
}
