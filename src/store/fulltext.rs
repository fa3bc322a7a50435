//! The full-text indexes of a fresh build, filled beside the other indexes instead of after
//! them.
//!
//! Building the b-tree indexes and filling the FTS5 tables each take one core for seconds
//! (at 100,000 articles, about half of the end of the run each), and SQLite writes one file
//! from one connection at a time. So a second connection fills a twin of each full-text
//! table in a file of its own, reading the loaded rows through WAL, while the first builds
//! the other indexes. The twins' index rows are then copied into the real tables: an FTS5
//! index is a function of its rows' ids and text only, so the copy is the index that
//! `'rebuild'` would have built (FTS5's `integrity-check` compares the two in the tests).
//!
//! Only FTS5 tables over an external content table (`content = 'paragraphs'`) are built this
//! way; anything else in the migrations runs as it is written.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, DatabaseName};

use super::schema::FTS_BULK_CONFIG;
use crate::error::Result;

/// Page cache of the twin file, in KiB: its rows arrive in rowid order (see `BULK_CACHE_KIB`).
const TWIN_CACHE_KIB: i64 = 2048;

/// The shadow tables that hold an FTS5 index and its per-row sizes. `_config` stays the real
/// table's; an external content table has no `_content`.
const INDEX_SHADOWS: &[&str] = &["data", "idx", "docsize"];

/// An FTS5 table over an external content table, as a migration declares it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalFts {
    /// The table's name, unquoted.
    pub name: String,
    /// Column declarations as written (`text`, `"body" UNINDEXED`).
    columns: Vec<String>,
    /// Column names as written, quotes included: the content table's columns of those names.
    column_names: Vec<String>,
    /// Options other than `content` and `content_rowid`, as written (`tokenize = '…'`).
    options: Vec<String>,
    /// The content table, unquoted.
    content: String,
    /// Its rowid column, unquoted.
    content_rowid: String,
}

impl ExternalFts {
    /// Reads `CREATE VIRTUAL TABLE name USING fts5 (…)`. `None` for any other statement, and
    /// for an FTS5 table that keeps its own content or none.
    pub fn parse(sql: &str) -> Option<Self> {
        let words: Vec<&str> = sql.split_whitespace().collect();
        let [create, virtual_, table, ..] = words.as_slice() else {
            return None;
        };
        if !create.eq_ignore_ascii_case("create")
            || !virtual_.eq_ignore_ascii_case("virtual")
            || !table.eq_ignore_ascii_case("table")
        {
            return None;
        }
        let using = find_word(sql, "using")?;
        let after_table = find_word(sql, "table")? + "table".len();
        let name = sql.get(after_table..using)?.trim();
        if name.is_empty() {
            return None;
        }
        let name = unquote(name);
        let rest = sql[using + "using".len()..].trim_start();
        let module_end = rest.find(|c: char| c == '(' || c.is_whitespace())?;
        if !rest[..module_end].eq_ignore_ascii_case("fts5") {
            return None;
        }
        let args = rest[module_end..].trim();
        let args = args.strip_suffix(';').unwrap_or(args).trim_end();
        let args = args.strip_prefix('(')?.strip_suffix(')')?;

        let mut def = ExternalFts {
            name,
            columns: Vec::new(),
            column_names: Vec::new(),
            options: Vec::new(),
            content: String::new(),
            content_rowid: "rowid".to_string(),
        };
        for arg in split_top_level(args)? {
            let arg = arg.trim();
            if arg.is_empty() {
                return None;
            }
            match split_option(arg) {
                Some((key, value)) => match key.to_ascii_lowercase().as_str() {
                    "content" => def.content = unquote(value),
                    "content_rowid" => def.content_rowid = unquote(value),
                    _ => def.options.push(arg.to_string()),
                },
                None => {
                    let column_name = first_token(arg)?;
                    def.column_names.push(column_name.to_string());
                    def.columns.push(arg.to_string());
                }
            }
        }
        if def.content.is_empty() || def.columns.is_empty() {
            return None;
        }
        Some(def)
    }

    /// Whether `sql` is this table's `'rebuild'` command.
    pub fn is_rebuild(&self, sql: &str) -> bool {
        let normalized: String = sql
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '"' && *c != ';')
            .collect::<String>()
            .to_ascii_lowercase();
        let name = self.name.to_ascii_lowercase();
        normalized == format!("insertinto{name}({name})values('rebuild')")
    }

    /// The twin's declaration: the same columns and options, with no content table.
    fn twin_sql(&self) -> String {
        let mut args = self.columns.clone();
        args.extend(self.options.iter().cloned());
        args.push("content = ''".to_string());
        format!(
            "CREATE VIRTUAL TABLE {} USING fts5 ({})",
            quote(&self.name),
            args.join(", ")
        )
    }

    /// Fills the twin with the content table's rows, read from the database attached as
    /// `src`.
    fn fill_sql(&self) -> String {
        let columns = self.column_names.join(", ");
        format!(
            "INSERT INTO {name} (rowid, {columns}) SELECT {rowid}, {columns} FROM src.{content} \
             ORDER BY {rowid}",
            name = quote(&self.name),
            rowid = quote(&self.content_rowid),
            content = quote(&self.content),
        )
    }
}

/// The file the twins are built in, beside the build's temporary file (and so removed with
/// its leftovers if the run is killed).
pub fn twin_path(tmp: &Path) -> PathBuf {
    let mut name = tmp.file_name().unwrap_or_default().to_os_string();
    name.push("-fulltext");
    tmp.with_file_name(name)
}

/// Builds the twins of `tables` in a new file at `twin`, reading the rows of the database at
/// `src`, which another connection may be writing to (in WAL mode).
pub fn build_twins(twin: &Path, src: &Path, tables: &[ExternalFts]) -> Result<()> {
    let _ = std::fs::remove_file(twin);
    let conn = Connection::open(twin)?;
    // Settings of the twin file alone (`main`): unscoped, they would also apply to `src`,
    // and an exclusive lock or another journal mode there would wait on the writer.
    let main = Some(DatabaseName::Main);
    conn.pragma_update(main, "journal_mode", "OFF")?;
    conn.pragma_update(main, "synchronous", "OFF")?;
    conn.pragma_update(main, "locking_mode", "EXCLUSIVE")?;
    conn.pragma_update(main, "cache_size", -TWIN_CACHE_KIB)?;
    conn.execute(
        "ATTACH DATABASE ?1 AS src",
        [src.to_string_lossy().as_ref()],
    )?;
    conn.execute_batch("BEGIN")?;
    for table in tables {
        conn.execute_batch(&table.twin_sql())?;
        // The bulk settings of a one-connection `'rebuild'`; the twin is thrown away, so
        // nothing needs undoing.
        for (key, value) in FTS_BULK_CONFIG {
            conn.execute(
                &format!(
                    "INSERT INTO {name} ({name}, rank) VALUES (?1, ?2)",
                    name = quote(&table.name)
                ),
                rusqlite::params![key, value],
            )?;
        }
        conn.execute_batch(&table.fill_sql())?;
    }
    conn.execute_batch("COMMIT")?;
    Ok(())
}

/// Replaces the index of each of `tables` in `conn` (created, empty) by its twin's, from
/// the file at `twin`. Runs outside any transaction: it attaches the file and opens its own.
pub fn copy_twins(conn: &Connection, twin: &Path, tables: &[ExternalFts]) -> Result<()> {
    conn.execute(
        "ATTACH DATABASE ?1 AS twin",
        [twin.to_string_lossy().as_ref()],
    )?;
    let copied = (|| -> Result<()> {
        conn.execute_batch("BEGIN")?;
        for table in tables {
            for shadow in INDEX_SHADOWS {
                let shadow = quote(&format!("{}_{shadow}", table.name));
                conn.execute_batch(&format!(
                    "DELETE FROM main.{shadow}; \
                     INSERT INTO main.{shadow} SELECT * FROM twin.{shadow};"
                ))?;
            }
        }
        conn.execute_batch("COMMIT")?;
        Ok(())
    })();
    if copied.is_err() {
        let _ = conn.execute_batch("ROLLBACK");
    }
    let detached = conn.execute_batch("DETACH DATABASE twin");
    copied?;
    detached?;
    Ok(())
}

/// A double-quoted SQL identifier.
fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// An identifier or string as written, without its quotes.
fn unquote(s: &str) -> String {
    let s = s.trim();
    let pairs = [('\'', '\''), ('"', '"'), ('`', '`'), ('[', ']')];
    for (open, close) in pairs {
        if s.len() >= 2 && s.starts_with(open) && s.ends_with(close) {
            let inner = &s[1..s.len() - 1];
            return if open == close {
                inner.replace(&format!("{close}{close}"), &close.to_string())
            } else {
                inner.to_string()
            };
        }
    }
    s.to_string()
}

/// The chars of `sql` outside quoted names and strings (`'…'`, `"…"`, `` `…` ``, `[…]`), with
/// their byte offsets; quotes themselves are left out. The last item tells whether a quote was
/// left open: `Err(())`.
fn unquoted(sql: &str) -> impl Iterator<Item = Result<(usize, char), ()>> + '_ {
    let mut quote: Option<char> = None;
    let mut chars = sql.char_indices();
    std::iter::from_fn(move || loop {
        let Some((i, c)) = chars.next() else {
            // Once: the open quote is reported, then the iteration ends.
            return quote.take().map(|_| Err(()));
        };
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                '\'' | '"' | '`' => quote = Some(c),
                '[' => quote = Some(']'),
                _ => return Some(Ok((i, c))),
            },
        }
    })
}

/// Where `word` (lower case) first stands as a whole word, in any case, outside quotes, as a
/// byte offset.
fn find_word(sql: &str, word: &str) -> Option<usize> {
    let bytes = sql.as_bytes();
    unquoted(sql).map_while(|c| c.ok()).find_map(|(i, _)| {
        let before = i == 0 || !is_ident_byte(bytes[i - 1]);
        let after = bytes.get(i + word.len()).is_none_or(|&c| !is_ident_byte(c));
        let here = bytes.get(i..i + word.len())?;
        (before && after && here.eq_ignore_ascii_case(word.as_bytes())).then_some(i)
    })
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

/// Splits at the commas outside quotes and parentheses; `None` if a quote or a parenthesis
/// is left open.
fn split_top_level(args: &str) -> Option<Vec<&str>> {
    let mut parts = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for item in unquoted(args) {
        match item.ok()? {
            (_, '(') => depth += 1,
            (_, ')') => depth = depth.checked_sub(1)?,
            (i, ',') if depth == 0 => {
                parts.push(&args[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    if depth != 0 {
        return None;
    }
    parts.push(&args[start..]);
    Some(parts)
}

/// `key = value` of an option argument; `None` for a column declaration.
fn split_option(arg: &str) -> Option<(&str, &str)> {
    let (i, _) = unquoted(arg)
        .map_while(|c| c.ok())
        .find(|&(_, c)| c == '=')?;
    Some((arg[..i].trim(), arg[i + 1..].trim()))
}

/// The first token of a column declaration, quotes included.
fn first_token(arg: &str) -> Option<&str> {
    let arg = arg.trim_start();
    let close = match arg.chars().next()? {
        '"' => '"',
        '`' => '`',
        '[' => ']',
        '\'' => '\'',
        _ => {
            let end = arg.find(char::is_whitespace).unwrap_or(arg.len());
            return Some(&arg[..end]);
        }
    };
    let end = arg[1..].find(close)? + 2;
    Some(&arg[..end])
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reads_an_external_content_table() {
        let def = ExternalFts::parse(
            "CREATE VIRTUAL TABLE paragraphs_fts USING fts5 (\n    text, content = 'paragraphs', \
             content_rowid = 'id',\n    tokenize = 'unicode61 remove_diacritics 2'\n);",
        )
        .unwrap();
        assert_eq!(def.name, "paragraphs_fts");
        assert_eq!(def.column_names, ["text"]);
        assert_eq!(def.content, "paragraphs");
        assert_eq!(def.content_rowid, "id");
        assert_eq!(def.options, ["tokenize = 'unicode61 remove_diacritics 2'"]);
        assert_eq!(
            def.twin_sql(),
            "CREATE VIRTUAL TABLE \"paragraphs_fts\" USING fts5 (text, \
             tokenize = 'unicode61 remove_diacritics 2', content = '')"
        );
        assert_eq!(
            def.fill_sql(),
            "INSERT INTO \"paragraphs_fts\" (rowid, text) SELECT \"id\", text \
             FROM src.\"paragraphs\" ORDER BY \"id\""
        );
        assert!(def.is_rebuild("INSERT INTO paragraphs_fts (paragraphs_fts) VALUES ('rebuild');"));
        assert!(
            def.is_rebuild("insert into \"paragraphs_fts\"(\"paragraphs_fts\") values('rebuild')")
        );
        assert!(!def.is_rebuild("INSERT INTO paragraphs_fts (paragraphs_fts) VALUES ('optimize')"));
        assert!(!def.is_rebuild("INSERT INTO comments_fts (comments_fts) VALUES ('rebuild')"));
    }

    #[test]
    fn keeps_quoted_names_and_commas_inside_options() {
        let def = ExternalFts::parse(
            "create virtual table \"Notes \"\"x\"\"\" using FTS5(\"my col\" UNINDEXED, body, \
             tokenize = \"unicode61 tokenchars '-,'\", prefix = '2 3', content=[notes], \
             content_rowid=\"note id\")",
        )
        .unwrap();
        assert_eq!(def.name, "Notes \"x\"");
        assert_eq!(def.column_names, ["\"my col\"", "body"]);
        assert_eq!(def.columns, ["\"my col\" UNINDEXED", "body"]);
        assert_eq!(def.content, "notes");
        assert_eq!(def.content_rowid, "note id");
        assert_eq!(def.options.len(), 2);
    }

    #[test]
    fn leaves_other_statements_and_tables_alone() {
        for sql in [
            "CREATE INDEX a ON b (c)",
            "CREATE VIRTUAL TABLE t USING fts5 (body)",
            "CREATE VIRTUAL TABLE t USING fts5 (body, content = '')",
            "CREATE VIRTUAL TABLE t USING rtree (id, minx, maxx)",
            "CREATE VIRTUAL TABLE t USING fts5 (body, content = 'x'",
            "CREATE VIRTUAL TABLE t USING fts5 (content = 'x')",
            "CREATE VIRTUAL TABLE USING fts5 (body, content = 'x')",
        ] {
            assert_eq!(ExternalFts::parse(sql), None, "{sql}");
        }
    }

    proptest! {
        #[test]
        fn never_panics(sql in "\\PC{0,80}") {
            let _ = ExternalFts::parse(&sql);
        }

        #[test]
        fn never_panics_on_near_misses(args in "[a-z ,='\"`\\[\\]()_]{0,60}") {
            let sql = format!("CREATE VIRTUAL TABLE t USING fts5 ({args})");
            if let Some(def) = ExternalFts::parse(&sql) {
                let _ = (def.twin_sql(), def.fill_sql(), def.is_rebuild(&sql));
            }
        }
    }
}
