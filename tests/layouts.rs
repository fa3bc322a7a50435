//! Pages in layouts other than the seeds', in French, English and German, written for these
//! tests (tests/fixtures/pages): bylines and dates, boilerplate in the wild, and comment
//! sections with headers, footers, anonymous authors, actions, quotes and reply cues.

mod common;

use gazette::model::{Document, ParagraphKind};
use gazette::rules::Rules;

fn parse(name: &str) -> Document {
    let path = common::repo().join("tests/fixtures/pages").join(name);
    let text = gazette::text::normalize(&std::fs::read_to_string(path).unwrap());
    let mut doc = gazette::parse::parse(&text, &Rules::default_rules().unwrap());
    doc.article.language = gazette::parse::language(&doc);
    doc
}

fn kinds(doc: &Document) -> Vec<(ParagraphKind, usize)> {
    doc.article
        .paragraphs
        .iter()
        .map(|p| (p.kind, p.first_line))
        .collect()
}

fn bylines(doc: &Document) -> Vec<(&str, &str)> {
    doc.article
        .bylines
        .iter()
        .map(|b| (b.name.as_str(), b.role.as_str()))
        .collect()
}

fn reasons(doc: &Document) -> Vec<(usize, &str)> {
    doc.boilerplate
        .iter()
        .map(|b| (b.line, b.reason.as_str()))
        .collect()
}

/// (author, parent index, posted_at) of each comment.
fn threads(doc: &Document) -> Vec<(Option<&str>, Option<usize>, Option<&str>)> {
    doc.comments
        .iter()
        .map(|c| (c.author.as_deref(), c.parent, c.posted_at.as_deref()))
        .collect()
}

use ParagraphKind::{Heading as H, Paragraph as P, Title as T};

#[test]
fn english_blog_with_wordpress_comments() {
    let d = parse("en_blog.txt");
    assert_eq!(d.article.language.as_deref(), Some("en"));
    assert_eq!(
        d.article.title.as_deref(),
        Some("Why chip makers are building plants in Ohio again")
    );
    assert_eq!(
        bylines(&d),
        [("Jane Whitfield", "author"), ("Robert Kane", "author")]
    );
    assert_eq!(d.article.published_at.as_deref(), Some("2017-03-09"));
    assert_eq!(kinds(&d), [(T, 2), (P, 7), (P, 9), (H, 13), (P, 15)]);
    assert_eq!(
        reasons(&d),
        [
            (1, "breadcrumb"),
            (4, "dateline"),
            (5, "share"),
            (11, "related_link"),
            (17, "photo_credit"),
            (19, "related_link"),
            (20, "related_link"),
            (21, "related_link"),
            (23, "counter"),
            (25, "comment_form"),
            (26, "comment_form"),
            (40, "pingback"),
        ]
    );
    assert_eq!(
        threads(&d),
        [
            (Some("Mark Jones"), None, Some("2017-03-09T10:14")),
            (Some("Anna Lee"), Some(0), Some("2017-03-09T11:02")),
            (Some("Tom"), Some(1), Some("2017-03-10T20:45")),
            // "Guest" is no name; "Mark, do you…" addresses Mark Jones by his first name.
            (None, Some(0), Some("2017-03-11T09:00")),
        ]
    );
    let anna = &d.comments[1];
    assert_eq!(
        anna.quoted.as_deref(),
        Some("Ohio has the workforce for this.")
    );
    assert_eq!(
        anna.body,
        "Ohio has the workforce for this.\nNot so sure, the training programs are years behind."
    );
    assert_eq!((anna.first_line, anna.last_line), (33, 38));
    assert!(d.comments.iter().all(|c| !c.body.contains("Reply")));
    assert_eq!(
        d.comments[2].body,
        "@Anna Lee the community colleges are already running courses."
    );
}

#[test]
fn french_news_with_paywall_newsletter_and_par_le_comments() {
    let d = parse("fr_news.txt");
    assert_eq!(d.article.language.as_deref(), Some("fr"));
    assert_eq!(
        d.article.title.as_deref(),
        Some("Relocalisation : l'usine de Vierzon rouvre ses portes")
    );
    assert_eq!(d.article.tags.len(), 1);
    assert_eq!(d.article.tags[0].tag, "EXCLUSIF");
    assert_eq!(
        bylines(&d),
        [("Jean Dupont", "author"), ("Marie Laurent", "author")]
    );
    assert_eq!(d.article.published_at.as_deref(), Some("2023-11-02T16:33"));
    assert_eq!(kinds(&d), [(T, 3), (P, 8), (P, 10), (H, 14), (P, 16)]);
    assert_eq!(
        reasons(&d),
        [
            (1, "breadcrumb"),
            (5, "dateline"),
            (6, "photo_credit"),
            (12, "related_link"),
            (17, "paywall"),
            (18, "paywall"),
            (20, "newsletter"),
            (21, "newsletter"),
            (22, "newsletter"),
            (24, "counter"),
            (25, "comment_form"),
        ]
    );
    assert_eq!(
        threads(&d),
        [
            (Some("Lucie"), None, Some("2019-05-15T08:07")),
            (Some("Marc"), Some(0), Some("2019-05-16T10:00")),
            (None, None, Some("2019-05-16T11:30")),
            (Some("Lucie"), Some(1), Some("2019-05-16T12:15")),
        ]
    );
    assert_eq!(
        d.comments[1].body,
        "Bonne nouvelle, oui, mais combien de ces emplois seront des CDI ?"
    );
    assert_eq!(
        d.comments[3].quoted.as_deref(),
        Some("combien de ces emplois seront des CDI ?")
    );
}

#[test]
fn german_news_with_dot_separated_comment_headers() {
    let d = parse("de_news.txt");
    assert_eq!(d.article.language.as_deref(), Some("de"));
    assert_eq!(bylines(&d), [("Anna Schmidt", "author")]);
    assert_eq!(d.article.published_at.as_deref(), Some("2019-12-12"));
    assert_eq!(kinds(&d), [(T, 2), (P, 6), (P, 8)]);
    assert_eq!(
        threads(&d),
        [
            (Some("Peter"), None, None),
            (Some("Klaus"), Some(0), None),
            (Some("Sabine"), None, None)
        ]
    );
    assert_eq!(
        d.comments[1].quoted.as_deref(),
        Some("Endlich passiert etwas in Sachsen-Anhalt.")
    );
    assert!(d
        .comments
        .iter()
        .all(|c| !c.body.contains("Antworten") && !c.body.contains("Melden")));
    assert_eq!(
        reasons(&d),
        [
            (1, "breadcrumb"),
            (4, "dateline"),
            (10, "related_link"),
            (11, "related_link"),
            (12, "related_link"),
            (14, "counter"),
        ]
    );
}

#[test]
fn authors_written_after_their_comments() {
    let d = parse("forum_footer.txt");
    assert_eq!(kinds(&d), [(T, 1), (P, 3), (P, 5)]);
    assert_eq!(
        threads(&d),
        [
            (Some("Claire"), None, Some("2024-03-12T09:15")),
            (Some("Hugo"), None, Some("2024-03-12T10:02")),
            (Some("Hugo"), Some(0), Some("2024-03-12T10:05")),
        ]
    );
    let c = &d.comments[0];
    assert_eq!((c.first_line, c.last_line), (9, 10));
    assert_eq!(
        c.body,
        "Chez nous c'est deux jours par semaine, et personne ne veut revenir en arrière."
    );
    assert_eq!(reasons(&d), [(7, "counter")]);
}

#[test]
fn indented_replies_of_a_text_browser_dump() {
    let d = parse("lynx_indent.txt");
    assert_eq!(
        d.article.title.as_deref(),
        Some("Local bakery wins national award")
    );
    assert_eq!(
        threads(&d).iter().map(|t| (t.0, t.1)).collect::<Vec<_>>(),
        [
            (Some("alice"), None),
            (Some("bob"), Some(0)),
            (Some("alice"), Some(1)),
            (Some("carol"), None)
        ]
    );
}

#[test]
fn a_byline_with_a_date_is_not_a_comment_header() {
    let text = "Titre de l'article\nPar Jean Dupont, le 15 mai 2019 à 08h07\n\nLe texte de l'article commence ici. Il continue.\n\nUne deuxième phrase pour finir.";
    let d = gazette::parse::parse(text, &Rules::default_rules().unwrap());
    assert!(d.comments.is_empty());
    assert_eq!(bylines(&d), [("Jean Dupont", "author")]);
    assert_eq!(d.article.published_at.as_deref(), Some("2019-05-15T08:07"));
}

#[test]
fn every_page_imports_and_passes_check() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::import_into(dir.path(), &common::repo().join("tests/fixtures/pages"));
    let out = common::gazette(dir.path(), &["check", "--db", db.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let conn = common::open(&db);
    let langs: Vec<String> = conn
        .prepare("SELECT DISTINCT language FROM articles WHERE language IS NOT NULL ORDER BY 1")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(langs, ["de", "en", "fr"]);
}

#[test]
fn french_page_with_agency_byline_reading_time_and_comment_titles() {
    let d = parse("fr_titles.txt");
    assert_eq!(bylines(&d), [("Le Monde", "author"), ("AFP", "author")]);
    assert_eq!(d.article.published_at.as_deref(), Some("2024-03-12T10:05"));
    assert_eq!(
        d.article.title.as_deref(),
        Some("La SNCF commande 60 nouveaux TGV à Alstom")
    );
    assert_eq!(kinds(&d), [(T, 6), (P, 8), (P, 10)]);
    let titles: Vec<_> = d.comments.iter().map(|c| c.title.as_deref()).collect();
    assert_eq!(
        titles,
        [
            Some("Enfin"),
            Some("Et le prix des billets ?"),
            Some("Une question de choix")
        ]
    );
    assert_eq!(
        threads(&d),
        [
            (Some("Pierre D."), None, Some("2024-03-12T10:45")),
            (Some("Sophie M."), None, Some("2024-03-12T11:02")),
            (Some("Pierre D."), Some(1), Some("2024-03-12T11:20")),
        ]
    );
    assert_eq!(
        d.comments[1].body,
        "Personne ne parle du prix, qui va encore augmenter."
    );
    let reasons: Vec<&str> = d.boilerplate.iter().map(|b| b.reason.as_str()).collect();
    assert_eq!(
        reasons,
        [
            "dateline",
            "reading_time",
            "paywall",
            "navigation",
            "related_link",
            "navigation",
            "navigation",
            "counter"
        ]
    );
}

#[test]
fn english_comments_packed_without_blank_lines_with_counters() {
    let d = parse("en_packed.txt");
    assert_eq!(bylines(&d), [("Reuters", "author")]);
    assert_eq!(kinds(&d), [(T, 1), (P, 3), (P, 4)]);
    assert_eq!(
        threads(&d).iter().map(|t| (t.0, t.1)).collect::<Vec<_>>(),
        [
            (Some("samuel_k"), None),
            (Some("Nadia"), Some(0)),
            (None, None),
            (Some("samuel_k"), Some(1)),
        ]
    );
    assert_eq!(d.comments[0].body, "Great news for commuters.");
    assert_eq!(
        d.comments[1].body,
        "@samuel_k not if you live in the east of the city."
    );
    assert!(d.comments.iter().all(|c| c.title.is_none()));
}

#[test]
fn a_user_rules_file_teaches_a_new_comment_layout() {
    // The example of the README, word for word.
    let readme = std::fs::read_to_string(common::repo().join("README.md")).unwrap();
    let start = readme
        .find("```toml\n")
        .expect("a TOML example in the README")
        + 8;
    let rules = &readme[start..start + readme[start..].find("```").unwrap()];
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("mysite.toml"), rules).unwrap();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    std::fs::write(
        dir.path().join("in/page.txt"),
        "Le marché du vélo repart\n\nLes ventes ont progressé de 12 % en 2023. Les fabricants embauchent.\n\nRecevez notre lettre du matin\n\nRéaction de Paul — 12/03/2024\nTrès bonne nouvelle.\nSignaler ce commentaire\n",
    )
    .unwrap();
    let d = dir.path();
    for (rules_args, comments) in [(vec![], 0i64), (vec!["--rules", "mysite.toml"], 1)] {
        let _ = std::fs::remove_file(d.join("g.db"));
        let mut args = vec!["import", "--quiet", "--no-csv", "--db", "g.db"];
        args.extend(rules_args);
        args.push("in");
        let out = common::gazette(d, &args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let conn = common::open(&d.join("g.db"));
        let n: i64 = conn
            .query_row("SELECT count(*) FROM comments", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, comments);
        if comments == 1 {
            let (author, posted, body): (String, String, String) = conn
                .query_row("SELECT author, posted_at, body FROM comments", [], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })
                .unwrap();
            assert_eq!(
                (author.as_str(), posted.as_str(), body.as_str()),
                ("Paul", "2024-03-12", "Très bonne nouvelle.")
            );
            let reason: String = conn
                .query_row(
                    "SELECT reason FROM boilerplate WHERE text LIKE 'Recevez%'",
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(reason, "newsletter");
        }
    }
    let out = common::gazette(
        d,
        &[
            "import",
            "--quiet",
            "--no-csv",
            "--db",
            "h.db",
            "--rules",
            "missing.toml",
            "in",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(!d.join("h.db").exists());
}

#[test]
fn cookie_banner_related_list_with_bylines_and_live_feed() {
    let d = parse("fr_live.txt");
    assert_eq!(
        d.article.title.as_deref(),
        Some("Grève dans les transports : le point sur la situation")
    );
    assert!(
        d.article.bylines.is_empty(),
        "related-article bylines are not the article's"
    );
    assert_eq!(kinds(&d), [(T, 3), (P, 5), (P, 7)]);
    assert_eq!(
        reasons(&d),
        [
            (1, "cookie_notice"),
            (2, "cookie_notice"),
            (9, "related_link"),
            (10, "related_link"),
            (11, "related_link"),
            (12, "related_link"),
            (13, "related_link"),
            (15, "comment_form"),
            (16, "live_feed"),
            (17, "embed"),
        ]
    );
}
