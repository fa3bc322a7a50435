//! The schema, as numbered migrations embedded in the binary. `PRAGMA user_version` is the
//! schema version; `PRAGMA application_id` marks a gazette file.

use std::path::Path;

use rusqlite::Connection;

use super::fulltext::{self, ExternalFts};
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
pub(super) const FTS_BULK_CONFIG: &[(&str, i64)] = &[("hashsize", 16 << 20), ("automerge", 0)];

/// Builds what [`create_for_bulk_load`] left out, and stamps the schema version, in the
/// transaction open on `conn`.
pub fn finish_fresh(conn: &Connection) -> Result<()> {
    run_after_load(conn, |_| false)?;
    conn.pragma_update(None, "user_version", current_version())?;
    Ok(())
}

/// [`finish_fresh`] for the fresh build in the file `tmp`, on two cores: the full-text tables
/// fill on a second connection while this one builds the other indexes and then runs `also`
/// (see [`super::fulltext`]).
///
/// `conn` comes with the loaded rows in an open transaction. They are committed first (the
/// second connection reads them, through WAL), and `conn` leaves with the bulk-load journal
/// and lock again and a new transaction open. Falls back to [`finish_fresh`] when no
/// full-text table can be built apart, or the file's path is not UTF-8 (SQLite's `ATTACH`
/// takes a string).
pub fn finish_fresh_beside(
    conn: &Connection,
    tmp: &Path,
    also: impl FnOnce(&Connection) -> Result<()>,
) -> Result<()> {
    let tables = fulltext_apart()?;
    if tables.is_empty() || tmp.to_str().is_none() {
        finish_fresh(conn)?;
        return also(conn);
    }
    conn.execute_batch("COMMIT")?;
    // The second connection reads while this one writes: WAL, and no exclusive lock (it is
    // let go at the next read).
    conn.pragma_update(None, "locking_mode", "NORMAL")?;
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))?;
    let mode: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        // A file system without the shared memory WAL needs: one connection, as before.
        bulk_journal(conn)?;
        conn.execute_batch("BEGIN")?;
        finish_fresh(conn)?;
        return also(conn);
    }
    // No sorter helper threads for the index builds: the full-text twins keep the other core
    // busy, and helpers then only take turns with them (at 100,000 articles this phase took
    // 9.5-10.7 s without helpers, 11.5-13.9 s with two). The one-connection path keeps them.
    let helpers: i64 = conn.query_row("PRAGMA threads", [], |r| r.get(0))?;
    conn.pragma_update(None, "threads", 0)?;
    let twin = fulltext::twin_path(tmp);
    let built = std::thread::scope(|scope| -> Result<()> {
        let twins = scope.spawn(|| fulltext::build_twins(&twin, tmp, &tables));
        let here = (|| -> Result<()> {
            conn.execute_batch("BEGIN")?;
            run_after_load(conn, |sql| tables.iter().any(|t| t.is_rebuild(sql)))?;
            also(conn)?;
            conn.execute_batch("COMMIT")?;
            Ok(())
        })();
        let twins = twins
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        here?;
        twins
    });
    // The second connection is done: back to the bulk settings before the copy, so that its
    // pages go straight to the file instead of through the WAL a second time.
    let copied = built
        .and_then(|()| Ok(conn.pragma_update(None, "threads", helpers)?))
        .and_then(|()| bulk_journal(conn))
        .and_then(|()| fulltext::copy_twins(conn, &twin, &tables));
    let _ = std::fs::remove_file(&twin);
    copied?;
    conn.execute_batch("BEGIN")?;
    conn.pragma_update(None, "user_version", current_version())?;
    Ok(())
}

/// Leaves WAL for the journal and lock of a bulk load (`create_fresh`'s), writing what the
/// WAL holds into the file.
fn bulk_journal(conn: &Connection) -> Result<()> {
    conn.pragma_update(None, "journal_mode", "DELETE")?;
    conn.pragma_update(None, "journal_mode", "OFF")?;
    conn.pragma_update(None, "locking_mode", "EXCLUSIVE")?;
    Ok(())
}

/// The full-text tables the migrations fill with a `'rebuild'` of their external content:
/// those [`finish_fresh_beside`] builds apart.
fn fulltext_apart() -> Result<Vec<ExternalFts>> {
    let statements = after_load_statements()?;
    Ok(statements
        .iter()
        .filter_map(|sql| ExternalFts::parse(sql))
        .filter(|t| statements.iter().any(|sql| t.is_rebuild(sql)))
        .collect())
}

/// The after-load statements of every migration, in order, one statement each: run on an
/// empty database in memory, as each may need what the ones before it created.
fn after_load_statements() -> Result<Vec<String>> {
    let conn = Connection::open_in_memory()?;
    create_for_bulk_load(&conn)?;
    let mut out = Vec::new();
    for (_, _, sql) in MIGRATIONS {
        let mut batch = rusqlite::Batch::new(&conn, split(sql).1);
        while let Some(mut statement) = batch.next()? {
            out.push(statement.expanded_sql().unwrap_or_default());
            statement.raw_execute()?;
        }
    }
    Ok(out)
}

/// Runs the after-load statements of every migration but those `skip` names, giving each
/// full-text table its bulk settings between its creation and its `rebuild`, and removing
/// them again after.
fn run_after_load(conn: &Connection, skip: impl Fn(&str) -> bool) -> Result<()> {
    let mut tuned: Vec<String> = Vec::new();
    for (_, _, sql) in MIGRATIONS {
        let mut batch = rusqlite::Batch::new(conn, split(sql).1);
        while let Some(mut statement) = batch.next()? {
            if statement.expanded_sql().is_some_and(|sql| skip(&sql)) {
                continue;
            }
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

    #[test]
    fn the_migrations_full_text_tables_are_built_apart() {
        let names: Vec<String> = fulltext_apart()
            .unwrap()
            .into_iter()
            .map(|t| t.name)
            .collect();
        assert_eq!(names, ["paragraphs_fts", "comments_fts"]);
    }

    /// The same rows finished on one connection and on two: the same full-text index, row
    /// for row, and a file like any other.
    #[test]
    fn full_text_built_apart_equals_the_rebuild() {
        let dir = tempfile::tempdir().unwrap();
        let mut paths = Vec::new();
        for apart in [false, true] {
            let tmp = dir.path().join(format!("t{apart}.db"));
            let conn = crate::store::create_fresh(&tmp).unwrap();
            conn.execute_batch("BEGIN").unwrap();
            conn.execute_batch(
                "INSERT INTO documents (id, path, name, bytes, status) VALUES (1, 'a.txt', 'a.txt', 1, 'ok');
                 INSERT INTO articles (id, document_id, word_count) VALUES (1, 1, 2);",
            )
            .unwrap();
            for i in 1..=300 {
                conn.execute(
                    "INSERT INTO paragraphs (article_id, position, kind, text, first_line, last_line)
                     VALUES (1, ?1, 'paragraph', ?2, ?1, ?1)",
                    rusqlite::params![i, format!("Élysée palace {i} réforme n{}", i % 7)],
                )
                .unwrap();
                conn.execute(
                    "INSERT INTO comments (article_id, position, body, first_line, last_line)
                     VALUES (1, ?1, ?2, ?1, ?1)",
                    rusqlite::params![i, format!("quelle réforme {}", i * 31 % 17)],
                )
                .unwrap();
            }
            let mut also_ran = false;
            if apart {
                finish_fresh_beside(&conn, &tmp, |_| {
                    also_ran = true;
                    Ok(())
                })
                .unwrap();
                assert!(also_ran);
            } else {
                finish_fresh(&conn).unwrap();
            }
            conn.execute_batch("COMMIT").unwrap();
            crate::store::publish(conn, &tmp, &tmp.with_extension("done")).unwrap();
            paths.push(tmp.with_extension("done"));
        }
        let leftovers: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| !n.ends_with(".done"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
        let dump = |path: &Path| -> Vec<String> {
            let conn = Connection::open(path).unwrap();
            let mut rows = Vec::new();
            for table in ["paragraphs_fts", "comments_fts"] {
                conn.execute(
                    &format!("INSERT INTO {table} ({table}) VALUES ('integrity-check')"),
                    [],
                )
                .unwrap();
                for shadow in ["data", "idx", "docsize", "config"] {
                    let mut st = conn
                        .prepare(&format!("SELECT * FROM {table}_{shadow} ORDER BY 1, 2"))
                        .unwrap();
                    let n = st.column_count();
                    let found = st
                        .query_map([], |r| {
                            (0..n)
                                .map(|i| r.get::<_, rusqlite::types::Value>(i))
                                .collect::<std::result::Result<Vec<_>, _>>()
                        })
                        .unwrap();
                    for row in found {
                        rows.push(format!("{table}_{shadow} {:?}", row.unwrap()));
                    }
                }
            }
            let modes: (String, i64, i64) = conn
                .query_row(
                    "SELECT (SELECT journal_mode FROM pragma_journal_mode), \
                     (SELECT freelist_count FROM pragma_freelist_count), \
                     (SELECT user_version FROM pragma_user_version)",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .unwrap();
            rows.push(format!("{modes:?}"));
            rows
        };
        let (serial, apart) = (dump(&paths[0]), dump(&paths[1]));
        assert!(serial.len() > 300);
        assert_eq!(
            serial.last().unwrap(),
            &format!("(\"delete\", 0, {})", current_version())
        );
        assert_eq!(serial, apart);
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
