//! `gazette check`: every invariant of DESIGN.md's data contract, verified on a built file.

use std::collections::HashMap;

use rusqlite::Connection;

use crate::error::Result;
use crate::store::schema::{current_version, APPLICATION_ID};
use crate::text::normalize;

/// One verified property.
#[derive(Debug, Clone)]
pub struct Finding {
    pub name: String,
    pub ok: bool,
    pub detail: String,
}

/// Runs every check; the report lists each one, passed or not.
pub fn check(conn: &Connection) -> Result<Vec<Finding>> {
    let mut out = Vec::new();
    let mut add = |name: &str, ok: bool, detail: String| {
        out.push(Finding {
            name: name.to_string(),
            ok,
            detail,
        })
    };

    let integrity: Vec<String> = conn
        .prepare("PRAGMA integrity_check")?
        .query_map([], |r| r.get(0))?
        .collect::<std::result::Result<_, _>>()?;
    add("integrity_check", integrity == ["ok"], integrity.join("; "));

    let fk: i64 = conn.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
        r.get(0)
    })?;
    add("foreign_key_check", fk == 0, format!("{fk} violation(s)"));

    let app: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    add("application_id", app == APPLICATION_ID, format!("{app:#x}"));
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    add(
        "schema_version",
        version == current_version(),
        format!("{version} (this build: {})", current_version()),
    );
    let journal: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
    add(
        "single_file",
        journal != "wal",
        format!("journal_mode {journal}"),
    );

    let bad_offsets: i64 = conn.query_row(
        "SELECT count(*) FROM mentions m
         LEFT JOIN paragraphs p ON p.id = m.paragraph_id
         LEFT JOIN comments c ON c.id = m.comment_id
         WHERE substr(coalesce(p.text, c.body), m.char_start + 1, m.char_end - m.char_start)
               IS NOT m.surface
            OR (m.paragraph_id IS NULL) = (m.comment_id IS NULL)",
        [],
        |r| r.get(0),
    )?;
    add(
        "mention_offsets",
        bad_offsets == 0,
        format!("{bad_offsets} mention(s) off their host text"),
    );

    for (fts, table) in [
        ("paragraphs_fts", "paragraphs"),
        ("comments_fts", "comments"),
    ] {
        // FTS5 compares its index with the content table; it needs a write transaction, which
        // is rolled back. On a read-only file only the row counts can be compared.
        let verdict = if conn
            .is_readonly(rusqlite::DatabaseName::Main)
            .unwrap_or(true)
        {
            "index not verified (read-only file)".to_string()
        } else {
            conn.execute_batch("SAVEPOINT fts_check")?;
            let r = conn.execute(
                &format!("INSERT INTO {fts} ({fts}, rank) VALUES ('integrity-check', 1)"),
                [],
            );
            conn.execute_batch("ROLLBACK TO fts_check; RELEASE fts_check")?;
            match r {
                Ok(_) => "index matches content".to_string(),
                Err(e) => format!("FAIL {e}"),
            }
        };
        let n_fts: i64 =
            conn.query_row(&format!("SELECT count(*) FROM {fts}"), [], |r| r.get(0))?;
        let n: i64 = conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
        add(
            &format!("{fts}_in_sync"),
            !verdict.starts_with("FAIL") && n == n_fts,
            format!("{n_fts} rows of {n}; {verdict}"),
        );
    }
    let free: i64 = conn.query_row("PRAGMA freelist_count", [], |r| r.get(0))?;
    add("compact", free == 0, format!("{free} free page(s)"));

    let (lines_ok, detail) = lines_accounted(conn)?;
    add("every_line_accounted_for", lines_ok, detail);

    let distinct: i64 = conn.query_row(
        "SELECT count(*) FROM documents WHERE status NOT IN ('ok', 'skipped', 'error')",
        [],
        |r| r.get(0),
    )?;
    add(
        "document_status",
        distinct == 0,
        format!("{distinct} unknown status"),
    );

    for table in [
        "documents",
        "articles",
        "article_tags",
        "bylines",
        "paragraphs",
        "boilerplate",
        "comments",
        "entities",
        "entity_aliases",
        "mentions",
    ] {
        let n: i64 = conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
        add(&format!("rows.{table}"), true, n.to_string());
    }
    Ok(out)
}

/// Every non-blank line of each `ok` document belongs to exactly one row.
fn lines_accounted(conn: &Connection) -> Result<(bool, String)> {
    let mut problems = Vec::new();
    let mut docs = conn.prepare(
        "SELECT d.id, d.path, d.raw_text, a.id FROM documents d
         LEFT JOIN articles a ON a.document_id = d.id WHERE d.status = 'ok' ORDER BY d.id",
    )?;
    let mut ranges = conn.prepare(
        "SELECT first_line, last_line, 'paragraph' FROM paragraphs WHERE article_id = ?1
         UNION ALL SELECT first_line, last_line, 'comment' FROM comments WHERE article_id = ?1
         UNION ALL SELECT DISTINCT line, line, 'byline' FROM bylines WHERE article_id = ?1
         UNION ALL SELECT line, line, 'tag' FROM article_tags WHERE article_id = ?1
         UNION ALL SELECT line, line, 'boilerplate' FROM boilerplate WHERE document_id = ?2",
    )?;
    let mut rows = docs.query([])?;
    let mut checked = 0;
    while let Some(r) = rows.next()? {
        let (doc_id, path, raw, article_id): (i64, String, Option<String>, Option<i64>) =
            (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
        let Some(raw) = raw else {
            problems.push(format!("{path}: no raw_text"));
            continue;
        };
        let Some(article_id) = article_id else {
            problems.push(format!("{path}: no article row"));
            continue;
        };
        let text = normalize(&raw);
        let mut owners: HashMap<usize, usize> = HashMap::new();
        let mut r2 = ranges.query(rusqlite::params![article_id, doc_id])?;
        while let Some(x) = r2.next()? {
            let (a, b): (i64, i64) = (x.get(0)?, x.get(1)?);
            for line in a.max(1)..=b {
                *owners.entry(line as usize).or_default() += 1;
            }
        }
        for (i, line) in text.split('\n').enumerate() {
            let n = i + 1;
            // The parser's own definition, so the two can never disagree.
            let blank = crate::parse::is_blank_line(line);
            let owned = owners.get(&n).copied().unwrap_or(0);
            if !blank && owned != 1 {
                problems.push(format!("{path}:{n}: in {owned} rows"));
            }
        }
        checked += 1;
    }
    let ok = problems.is_empty();
    let mut detail = format!("{checked} documents");
    if !ok {
        detail = format!(
            "{} problem(s): {}",
            problems.len(),
            problems
                .iter()
                .take(10)
                .cloned()
                .collect::<Vec<_>>()
                .join("; ")
        );
    }
    Ok((ok, detail))
}
