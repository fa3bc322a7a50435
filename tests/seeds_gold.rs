//! The import of seeds/ compared with the hand annotation in tests/fixtures/seeds_gold.json,
//! field by field: titles, bylines, tags, headings, body paragraphs, boilerplate, comments.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::Connection;
use serde_json::Value;

fn gold() -> Value {
    let text =
        std::fs::read_to_string(common::repo().join("tests/fixtures/seeds_gold.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Text as a reader compares it: NBSP and ’ unified, spaces collapsed.
fn norm(s: &str) -> String {
    gazette::text::match_form(s)
}

struct Built {
    _dir: tempfile::TempDir,
    conn: Connection,
}

fn built() -> Built {
    let dir = tempfile::tempdir().unwrap();
    let db = common::import_seeds(dir.path(), &["--no-csv"]);
    Built {
        conn: common::open(&db),
        _dir: dir,
    }
}

fn article_id(conn: &Connection, file: &str) -> i64 {
    conn.query_row(
        "SELECT a.id FROM articles a JOIN documents d ON d.id = a.document_id WHERE d.name = ?1",
        [file],
        |r| r.get(0),
    )
    .unwrap()
}

fn strings(conn: &Connection, sql: &str, id: i64) -> Vec<String> {
    conn.prepare(sql)
        .unwrap()
        .query_map([id], |r| r.get::<_, String>(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn paths_are_recorded_relative_and_slash_separated() {
    let b = built();
    let paths = strings(
        &b.conn,
        "SELECT path FROM documents WHERE id > ?1 ORDER BY path",
        0,
    );
    assert_eq!(paths.len(), 5);
    assert!(
        paths
            .iter()
            .all(|p| p.starts_with("seeds/") && p.ends_with(".txt")),
        "{paths:?}"
    );
}

#[test]
fn titles_bylines_publishers_and_tags_match_the_gold() {
    let b = built();
    for d in gold()["documents"].as_array().unwrap() {
        let file = d["file"].as_str().unwrap();
        let id = article_id(&b.conn, file);
        let (title, publisher): (Option<String>, Option<String>) = b
            .conn
            .query_row(
                "SELECT title, publisher FROM articles WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(
            title.as_deref().map(norm),
            d["title"].as_str().map(norm),
            "title of {file}"
        );

        let mut want: Vec<(String, String)> = d["authors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| (a.as_str().unwrap().to_string(), "author".to_string()))
            .collect();
        if let Some(e) = d["editor"].as_str() {
            want.push((e.to_string(), "editor".into()));
        }
        let got: Vec<(String, String)> = b
            .conn
            .prepare("SELECT name, role FROM bylines WHERE article_id = ?1 ORDER BY position")
            .unwrap()
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(got, want, "bylines of {file}");

        match &d["publisher"] {
            Value::Object(p) if p["required"] == Value::Bool(true) => {
                assert_eq!(
                    publisher.as_deref(),
                    p["name"].as_str(),
                    "publisher of {file}"
                )
            }
            Value::Null => assert_eq!(publisher, None, "publisher of {file}"),
            _ => {}
        }

        let tags = strings(
            &b.conn,
            "SELECT tag FROM article_tags WHERE article_id = ?1 ORDER BY position",
            id,
        );
        let want_tags: Vec<String> = d["section_tags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap().to_string())
            .collect();
        assert_eq!(tags, want_tags, "tags of {file}");
    }
}

#[test]
fn headings_and_body_paragraphs_match_the_gold_with_the_lede_first() {
    let b = built();
    for d in gold()["documents"].as_array().unwrap() {
        let file = d["file"].as_str().unwrap();
        let id = article_id(&b.conn, file);
        let headings = strings(
            &b.conn,
            "SELECT text FROM paragraphs WHERE article_id = ?1 AND kind = 'heading' ORDER BY position",
            id,
        );
        let want: Vec<String> = d["subheadings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| norm(h.as_str().or_else(|| h["text"].as_str()).unwrap()))
            .collect();
        assert_eq!(
            headings.iter().map(|h| norm(h)).collect::<Vec<_>>(),
            want,
            "headings of {file}"
        );

        let body = strings(
            &b.conn,
            "SELECT text FROM paragraphs WHERE article_id = ?1 AND kind = 'paragraph' ORDER BY position",
            id,
        );
        let want: Vec<String> = d["body_paragraphs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| norm(p["text"].as_str().unwrap()))
            .collect();
        assert_eq!(
            body.iter().map(|p| norm(p)).collect::<Vec<_>>(),
            want,
            "body of {file}"
        );
        if let Some(lede) = d["lede"]["text"].as_str() {
            assert_eq!(norm(&body[0]), norm(lede), "lede of {file}");
        }
    }
}

#[test]
fn every_line_has_the_gold_role() {
    let b = built();
    for d in gold()["documents"].as_array().unwrap() {
        let file = d["file"].as_str().unwrap();
        let id = article_id(&b.conn, file);
        let doc_id: i64 = b
            .conn
            .query_row(
                "SELECT document_id FROM articles WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .unwrap();
        // What each line became in the database.
        let mut ours: BTreeMap<i64, &str> = BTreeMap::new();
        let mut put = |sql: &str, arg: i64, role: &'static str| {
            let mut st = b.conn.prepare(sql).unwrap();
            let rows = st
                .query_map([arg], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))
                .unwrap();
            for row in rows {
                let (first, last) = row.unwrap();
                for n in first..=last {
                    ours.insert(n, role);
                }
            }
        };
        put(
            "SELECT first_line, last_line FROM paragraphs WHERE article_id = ?1 AND kind = 'title'",
            id,
            "title",
        );
        put("SELECT first_line, last_line FROM paragraphs WHERE article_id = ?1 AND kind = 'heading'", id, "subheading");
        put("SELECT first_line, last_line FROM paragraphs WHERE article_id = ?1 AND kind = 'paragraph'", id, "body");
        put(
            "SELECT line, line FROM bylines WHERE article_id = ?1",
            id,
            "byline",
        );
        put(
            "SELECT line, line FROM article_tags WHERE article_id = ?1",
            id,
            "section_tag",
        );
        put(
            "SELECT line, line FROM boilerplate WHERE document_id = ?1",
            doc_id,
            "boilerplate",
        );
        put(
            "SELECT first_line, last_line FROM comments WHERE article_id = ?1",
            id,
            "comment",
        );
        for r in d["line_roles"].as_array().unwrap() {
            let line = r["line"].as_i64().unwrap();
            let want = match r["role"].as_str().unwrap() {
                "lede" => "body",
                "comment_header" | "comment_reply_marker" => "comment",
                other => other,
            };
            assert_eq!(ours.get(&line).copied(), Some(want), "{file}:{line}");
        }
    }
}

#[test]
fn boilerplate_is_set_aside_with_its_reason_and_never_reaches_the_body() {
    let b = built();
    // The gold's finer kinds, as the boilerplate reasons of the data contract.
    let reason_of = |kind: &str| {
        match kind {
            "media_player_duration" | "share_button_state" => "media_player",
            "related_links_header" | "related_link" | "related_article_title" => "related_link",
            other => other,
        }
        .to_string()
    };
    for d in gold()["documents"].as_array().unwrap() {
        let file = d["file"].as_str().unwrap();
        let id = article_id(&b.conn, file);
        let want: BTreeSet<(i64, String)> = d["boilerplate_lines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| {
                (
                    l["line"].as_i64().unwrap(),
                    reason_of(l["kind"].as_str().unwrap()),
                )
            })
            .collect();
        let got: BTreeSet<(i64, String)> = b
            .conn
            .prepare(
                "SELECT b.line, b.reason FROM boilerplate b JOIN articles a ON a.document_id = b.document_id \
                 WHERE a.id = ?1",
            )
            .unwrap()
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(got, want, "boilerplate of {file}");
        let body = strings(
            &b.conn,
            "SELECT text FROM paragraphs WHERE article_id = ?1",
            id,
        )
        .join("\n");
        for l in d["boilerplate_lines"].as_array().unwrap() {
            let t = norm(l["text"].as_str().unwrap());
            assert!(
                !norm(&body).contains(&t),
                "{file}: boilerplate {t:?} leaked into the body"
            );
        }
    }
}

#[test]
fn the_31_comments_with_authors_parents_bodies_and_quotes() {
    let b = built();
    let g = gold();
    let d = g["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["comment_count"].as_i64() == Some(31))
        .expect("a seed with 31 comments");
    let id = article_id(&b.conn, d["file"].as_str().unwrap());
    type Row = (
        i64,
        Option<String>,
        Option<i64>,
        String,
        Option<String>,
        i64,
        i64,
    );
    let rows: Vec<Row> = b
        .conn
        .prepare(
            "SELECT c.position, c.author, p.position, c.body, c.quoted, c.first_line, c.last_line \
             FROM comments c LEFT JOIN comments p ON p.id = c.parent_id \
             WHERE c.article_id = ?1 ORDER BY c.position",
        )
        .unwrap()
        .query_map([id], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let gold_comments = d["comments"].as_array().unwrap();
    assert_eq!(rows.len(), gold_comments.len());
    let mut replies = 0;
    for (row, gc) in rows.iter().zip(gold_comments) {
        let (pos, author, parent, body, quoted, first, last) = row;
        assert_eq!(*pos, gc["position"].as_i64().unwrap());
        assert_eq!(
            author.as_deref(),
            gc["author"].as_str(),
            "author of comment {pos}"
        );
        assert_eq!(
            *parent,
            gc["parent_position"].as_i64(),
            "parent of comment {pos}"
        );
        replies += usize::from(parent.is_some());
        assert_eq!(
            norm(body),
            norm(gc["text"].as_str().unwrap()),
            "body of comment {pos}"
        );
        assert_eq!(
            quoted.as_deref().map(norm),
            gc["quoted_parent_text"].as_str().map(norm),
            "quote of comment {pos}"
        );
        assert_eq!(
            *first,
            gc["header_line"].as_i64().unwrap(),
            "first line of comment {pos}"
        );
        assert_eq!(
            *last,
            gc["lines"][1].as_i64().unwrap(),
            "last line of comment {pos}"
        );
    }
    assert_eq!(replies, 18);
}

#[test]
fn check_passes_on_the_seeds() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::import_seeds(dir.path(), &["--no-csv"]);
    let out = common::gazette(dir.path(), &["check", "--db", db.to_str().unwrap()]);
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{report}");
    assert!(report.contains("all checks passed"), "{report}");
    assert!(!report.contains("FAIL"), "{report}");
}
