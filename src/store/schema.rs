//! The schema, as numbered migrations embedded in the binary. `PRAGMA user_version` is the
//! schema version; `PRAGMA application_id` marks a gazette file.

use std::path::Path;

use rusqlite::Connection;

use crate::error::{Error, Result};

/// `PRAGMA application_id` of every gazette database ("GZTT").
pub const APPLICATION_ID: i64 = 0x475a_5454;

/// Separates what a migration creates before a bulk load from what it builds after.
const AFTER_LOAD: &str = "\n-- @after-load\n";

/// The migrations, in order: (version, name, SQL).
pub const MIGRATIONS: &[(i64, &str, &str)] = &[(
    1,
    "0001_initial",
    include_str!("../../migrations/0001_initial.sql"),
)];

/// The schema version this build writes.
pub fn current_version() -> i64 {
    MIGRATIONS.last().map_or(0, |m| m.0)
}

fn split(sql: &str) -> (&str, &str) {
    match sql.find(AFTER_LOAD) {
        Some(i) => (&sql[..i], &sql[i + AFTER_LOAD.len()..]),
        None => (sql, ""),
    }
}

/// What an existing file is.
#[derive(Debug, PartialEq, Eq)]
pub enum Kind {
    /// A new, empty database.
    Empty,
    /// A gazette database at this schema version.
    Gazette(i64),
}

/// Checks that `conn` is an empty database or a gazette database this build can handle.
pub fn identify(conn: &Connection, path: &Path) -> Result<Kind> {
    let app: i64 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(|e| not_gazette(path, &e.to_string()))?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let objects: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
    if app == 0 && version == 0 && objects == 0 {
        return Ok(Kind::Empty);
    }
    if app != APPLICATION_ID {
        return Err(not_gazette(path, "its application id is not gazette's"));
    }
    if version > current_version() {
        return Err(Error::NewerSchema {
            path: path.to_path_buf(),
            found: version,
            known: current_version(),
        });
    }
    Ok(Kind::Gazette(version))
}

fn not_gazette(path: &Path, reason: &str) -> Error {
    let reason = if reason.contains("file is not a database") {
        "the file is not an SQLite database".to_string()
    } else {
        reason.to_string()
    };
    Error::NotGazette {
        path: path.to_path_buf(),
        reason,
    }
}

/// Creates the tables of every migration in a new database, leaving indexes, full-text
/// search, triggers and views for [`finish_fresh`] once the rows are in.
pub fn create_for_bulk_load(conn: &Connection) -> Result<()> {
    conn.pragma_update(None, "application_id", APPLICATION_ID)?;
    for (_, _, sql) in MIGRATIONS {
        conn.execute_batch(split(sql).0)?;
    }
    Ok(())
}

/// FTS5 settings while a fresh build fills its full-text indexes in one `rebuild`: a 16 MiB
/// in-memory hash flushes a few large segments instead of hundreds of 1 MiB ones, and with
/// automerge off they are not merged again and again on the way (half the CPU of the
/// defaults). Removed again once built, so later imports run with the defaults.
const FTS_BULK_CONFIG: &[(&str, i64)] = &[("hashsize", 16 << 20), ("automerge", 0)];

/// Builds what [`create_for_bulk_load`] left out, and stamps the schema version.
pub fn finish_fresh(conn: &Connection) -> Result<()> {
    let mut tuned: Vec<String> = Vec::new();
    for (_, _, sql) in MIGRATIONS {
        // One statement at a time, so a full-text table gets its bulk settings between its
        // creation and its `rebuild`.
        let mut batch = rusqlite::Batch::new(conn, split(sql).1);
        while let Some(mut statement) = batch.next()? {
            statement.raw_execute()?;
            drop(statement);
            for table in fts5_tables(conn)? {
                if !tuned.contains(&table) {
                    for (key, value) in FTS_BULK_CONFIG {
                        conn.execute(
                            &format!("INSERT INTO \"{table}\" (\"{table}\", rank) VALUES (?1, ?2)"),
                            rusqlite::params![key, value],
                        )?;
                    }
                    tuned.push(table);
                }
            }
        }
    }
    for table in &tuned {
        for (key, _) in FTS_BULK_CONFIG {
            conn.execute(
                &format!("DELETE FROM \"{table}_config\" WHERE k = ?1"),
                [key],
            )?;
        }
    }
    conn.pragma_update(None, "user_version", current_version())?;
    Ok(())
}

/// Names of the FTS5 tables.
fn fts5_tables(conn: &Connection) -> Result<Vec<String>> {
    let mut st = conn.prepare_cached(
        "SELECT name FROM sqlite_master WHERE type = 'table' \
         AND sql LIKE 'CREATE VIRTUAL TABLE%USING fts5%' ORDER BY name",
    )?;
    let names = st
        .query_map([], |r| r.get(0))?
        .collect::<std::result::Result<Vec<String>, _>>()?;
    Ok(names)
}

/// Brings an empty or older gazette database to the current version, in one transaction per
/// migration.
pub fn migrate(conn: &mut Connection, path: &Path) -> Result<()> {
    let from = match identify(conn, path)? {
        Kind::Empty => {
            conn.pragma_update(None, "application_id", APPLICATION_ID)?;
            0
        }
        Kind::Gazette(v) => v,
    };
    for (version, _, sql) in MIGRATIONS.iter().filter(|m| m.0 > from) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", version)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn master(conn: &Connection) -> Vec<(String, String, Option<String>)> {
        let mut st = conn
            .prepare("SELECT type, name, sql FROM sqlite_master ORDER BY type, name")
            .unwrap();
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<std::result::Result<_, _>>()
            .unwrap()
    }

    #[test]
    fn migrations_are_numbered_in_order() {
        for (i, (v, name, _)) in MIGRATIONS.iter().enumerate() {
            assert_eq!(*v, i as i64 + 1);
            assert!(name.starts_with(&format!("{v:04}_")));
        }
    }

    #[test]
    fn fresh_build_and_migration_give_the_same_schema() {
        let mut a = Connection::open_in_memory().unwrap();
        migrate(&mut a, Path::new(":memory:")).unwrap();
        let b = Connection::open_in_memory().unwrap();
        create_for_bulk_load(&b).unwrap();
        finish_fresh(&b).unwrap();
        assert_eq!(master(&a), master(&b));
        let fk: i64 = a
            .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(fk, 0);
    }

    #[test]
    fn a_fresh_build_indexes_its_rows_and_keeps_no_bulk_settings() {
        let conn = Connection::open_in_memory().unwrap();
        create_for_bulk_load(&conn).unwrap();
        conn.execute_batch(
            "INSERT INTO documents (id, path, name, bytes, status) VALUES (1, 'a.txt', 'a.txt', 1, 'ok');
             INSERT INTO articles (id, document_id, word_count) VALUES (1, 1, 2);
             INSERT INTO paragraphs (article_id, position, kind, text, first_line, last_line)
               VALUES (1, 1, 'paragraph', 'Élysée palace', 1, 1);
             INSERT INTO comments (article_id, position, body, first_line, last_line)
               VALUES (1, 1, 'quelle réforme', 2, 2);",
        )
        .unwrap();
        finish_fresh(&conn).unwrap();
        for (table, word) in [("paragraphs_fts", "elysee"), ("comments_fts", "reforme")] {
            let hits: i64 = conn
                .query_row(
                    &format!("SELECT count(*) FROM {table} WHERE {table} MATCH ?1"),
                    [word],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(hits, 1, "{table}");
            let keys: Vec<String> = conn
                .prepare(&format!("SELECT k FROM {table}_config ORDER BY k"))
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .collect::<std::result::Result<_, _>>()
                .unwrap();
            assert_eq!(keys, ["version"], "{table}");
            conn.execute(
                &format!("INSERT INTO {table} ({table}) VALUES ('integrity-check')"),
                [],
            )
            .unwrap();
        }
    }

    /// A CHECK written as `x IN ('a', 'b', 'c')` makes SQLite fill a temporary table for every
    /// row inserted, which tripled the cost of a bulk load: no insert may open one.
    #[test]
    fn inserts_open_no_temporary_table() {
        let conn = Connection::open_in_memory().unwrap();
        create_for_bulk_load(&conn).unwrap();
        let tables: Vec<String> = conn
            .prepare(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
            )
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<std::result::Result<_, _>>()
            .unwrap();
        assert!(tables.len() >= 10, "{tables:?}");
        for table in tables {
            let columns: Vec<String> = conn
                .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .collect::<std::result::Result<_, _>>()
                .unwrap();
            let insert = format!(
                "EXPLAIN INSERT INTO \"{table}\" ({}) VALUES ({})",
                columns.join(", "),
                vec!["?"; columns.len()].join(", ")
            );
            let nulls = vec![rusqlite::types::Null; columns.len()];
            let opcodes: Vec<String> = conn
                .prepare(&insert)
                .unwrap()
                .query_map(rusqlite::params_from_iter(nulls), |r| r.get(1))
                .unwrap()
                .collect::<std::result::Result<_, _>>()
                .unwrap();
            assert!(
                !opcodes.iter().any(|op| op == "OpenEphemeral"),
                "inserting into {table} builds a temporary table"
            );
        }
    }

    #[test]
    fn foreign_database_is_refused() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (x)").unwrap();
        assert!(matches!(
            identify(&conn, Path::new("x.db")),
            Err(Error::NotGazette { .. })
        ));
    }

    #[test]
    fn newer_schema_is_refused() {
        let conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "application_id", APPLICATION_ID)
            .unwrap();
        conn.pragma_update(None, "user_version", current_version() + 1)
            .unwrap();
        conn.execute_batch("CREATE TABLE t (x)").unwrap();
        assert!(matches!(
            identify(&conn, Path::new("x.db")),
            Err(Error::NewerSchema { .. })
        ));
    }

    #[test]
    fn every_foreign_key_column_leads_an_index() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn, Path::new(":memory:")).unwrap();
        let tables: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' AND name NOT LIKE '%fts%'")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<std::result::Result<_, _>>()
            .unwrap();
        for t in tables {
            let fks: Vec<String> = conn
                .prepare(&format!(
                    "SELECT \"from\" FROM pragma_foreign_key_list('{t}')"
                ))
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .collect::<std::result::Result<_, _>>()
                .unwrap();
            for col in fks {
                let leading: i64 = conn
                    .query_row(
                        &format!(
                            "SELECT count(*) FROM pragma_index_list('{t}') il \
                             JOIN pragma_index_info(il.name) ii ON ii.seqno = 0 WHERE ii.name = ?1"
                        ),
                        [&col],
                        |r| r.get(0),
                    )
                    .unwrap();
                assert!(leading > 0, "{t}.{col} has no index");
            }
        }
    }
}
