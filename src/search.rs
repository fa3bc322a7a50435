//! Full-text search over paragraphs and comments (FTS5, bm25 ranking).

use rusqlite::{params, Connection};

use crate::error::Result;

/// One ranked hit.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub path: String,
    /// Article title, or the first words of the article when it has none.
    pub title: String,
    /// `paragraph` or `comment`.
    pub host: String,
    pub snippet: String,
    pub rank: f64,
}

/// Plain words → an FTS5 query: each word quoted as a string, all of them required.
pub fn plain_query(words: &str) -> String {
    words
        .split_whitespace()
        .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
        .collect::<Vec<_>>()
        .join(" AND ")
}

/// Runs `query` (FTS5 syntax) and returns up to `limit` hits, best first.
pub fn search(conn: &Connection, query: &str, limit: usize) -> Result<Vec<Hit>> {
    let sql = "
        SELECT path, title, host, snippet, rank FROM (
            SELECT d.path AS path,
                   coalesce(a.title, (SELECT substr(p2.text, 1, 60) FROM paragraphs p2
                                      WHERE p2.article_id = a.id ORDER BY p2.position LIMIT 1),
                            '') AS title,
                   'paragraph' AS host,
                   snippet(paragraphs_fts, 0, '[', ']', '…', 12) AS snippet,
                   bm25(paragraphs_fts) AS rank, p.id AS id
            FROM paragraphs_fts JOIN paragraphs p ON p.id = paragraphs_fts.rowid
            JOIN articles a ON a.id = p.article_id JOIN documents d ON d.id = a.document_id
            WHERE paragraphs_fts MATCH ?1
            UNION ALL
            SELECT d.path,
                   coalesce(a.title, (SELECT substr(p2.text, 1, 60) FROM paragraphs p2
                                      WHERE p2.article_id = a.id ORDER BY p2.position LIMIT 1),
                            ''),
                   'comment',
                   snippet(comments_fts, 0, '[', ']', '…', 12),
                   bm25(comments_fts), c.id
            FROM comments_fts JOIN comments c ON c.id = comments_fts.rowid
            JOIN articles a ON a.id = c.article_id JOIN documents d ON d.id = a.document_id
            WHERE comments_fts MATCH ?1
        ) ORDER BY rank, path, host, id LIMIT ?2";
    let mut st = conn.prepare(sql)?;
    let hits = st
        .query_map(params![query, limit as i64], |r| {
            Ok(Hit {
                path: r.get(0)?,
                title: r.get(1)?,
                host: r.get(2)?,
                snippet: r.get(3)?,
                rank: r.get(4)?,
            })
        })?
        .collect::<std::result::Result<_, _>>()?;
    Ok(hits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_words_are_quoted_and_anded() {
        assert_eq!(
            plain_query("l'entreprise Alcatel-Lucent"),
            "\"l'entreprise\" AND \"Alcatel-Lucent\""
        );
        assert_eq!(plain_query("say \"hi\""), "\"say\" AND \"\"\"hi\"\"\"");
    }
}
