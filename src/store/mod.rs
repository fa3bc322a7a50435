//! Store: the SQLite file. Owns the schema (migrations), the single writer, the end-of-import
//! pass that settles entities and dataset metadata, and the file handling that keeps the
//! previous dataset intact until a new one is complete (temporary file + rename, lock file).

pub mod finalize;
pub mod fulltext;
pub mod schema;
pub mod writer;

use std::fs::{self, File, OpenOptions};
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use crate::error::{Error, Result};

pub use writer::{Counts, Writer};

/// How long a writer waits for readers to let go before committing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(60);

/// Opens an existing gazette database read-only (export, check, search).
pub fn open_read_only(path: &Path) -> Result<Connection> {
    if !path.exists() {
        return Err(Error::MissingPath {
            path: path.to_path_buf(),
        });
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    match schema::identify(&conn, path)? {
        schema::Kind::Gazette(v) if v == schema::current_version() => Ok(conn),
        schema::Kind::Gazette(v) => Err(Error::Usage(format!(
            "{}: schema version {v} is older than this build's {}; run `gazette import --db {}` to upgrade it",
            path.display(),
            schema::current_version(),
            path.display()
        ))),
        schema::Kind::Empty => Err(Error::NotGazette {
            path: path.to_path_buf(),
            reason: "the file is empty".into(),
        }),
    }
}

/// Opens an existing gazette database for `check`: writable when the file is (FTS5's own
/// integrity check needs a write transaction, which `check` always rolls back), else read-only.
pub fn open_for_check(path: &Path) -> Result<Connection> {
    let conn = open_read_only(path)?;
    drop(conn);
    let writable = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    );
    match writable {
        Ok(c) => {
            c.busy_timeout(BUSY_TIMEOUT)?;
            Ok(c)
        }
        Err(_) => open_read_only(path),
    }
}

/// Opens an existing database for an incremental import: checks it is gazette's, upgrades an
/// older schema in place, and uses a rollback journal so the file stays single at rest.
pub fn open_existing(path: &Path) -> Result<Connection> {
    let mut conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // Refuse foreign files before changing anything in them.
    schema::identify(&conn, path)?;
    conn.pragma_update(None, "journal_mode", "DELETE")?;
    conn.pragma_update(None, "foreign_keys", true)?;
    schema::migrate(&mut conn, path)?;
    Ok(conn)
}

/// Page cache of a fresh build, in KiB. Rows are appended in rowid order, so only the right
/// edge of each b-tree is hot while loading. SQLite also sizes the sorted runs of
/// `CREATE INDEX` and `GROUP BY` after the page cache: runs that fit the CPU caches sort three
/// to five times faster than 64 MiB ones (5 million mentions: 2 s instead of 10 s), and memory
/// stays flat whatever the corpus size.
const BULK_CACHE_KIB: i64 = 2048;

/// Page size of a new database, in bytes. A document keeps its raw text, a few KiB: with 4 KiB
/// pages most of them spilled into chains of overflow pages, and every page is a system call
/// when the file is written and read back for the indexes. With 16 KiB pages a 10,000-article
/// import took 6% less time and CPU (six interleaved pairs), in a file 0.5% smaller, and the
/// views and full-text queries run as fast or faster. The page cache is set in KiB, so memory
/// stays the same. A file keeps the page size it was created with.
const PAGE_SIZE: i64 = 16384;

/// Creates the temporary file a fresh build writes, with bulk-load settings: nothing else sees
/// it until it is renamed over the target, so durability is only needed at the end. Sorts
/// spill to temporary files (the default `temp_store`), not to memory, for the same reason.
pub fn create_fresh(tmp: &Path) -> Result<Connection> {
    let _ = fs::remove_file(tmp);
    let conn = Connection::open(tmp)?;
    conn.pragma_update(None, "page_size", PAGE_SIZE)?;
    conn.pragma_update(None, "journal_mode", "OFF")?;
    conn.pragma_update(None, "synchronous", "OFF")?;
    conn.pragma_update(None, "locking_mode", "EXCLUSIVE")?;
    conn.pragma_update(None, "cache_size", -BULK_CACHE_KIB)?;
    // No foreign-key checks while the file is built: the writer takes every reference from
    // a row it has just written, and a check looks up the parent of every row (a third of
    // the writer's time at 10,000 articles, half of the floor's inserts at 100,000). The
    // tests run `foreign_key_check` over built files; an incremental import, which deletes
    // and cascades, keeps the checks on.
    conn.pragma_update(None, "foreign_keys", false)?;
    // Index builds and GROUP BY sort their runs on helper threads: the parse workers are done
    // by then and their cores idle (at 100,000 articles: 3 s less of 20 s).
    let helpers = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    conn.pragma_update(None, "threads", helpers as i64)?;
    schema::create_for_bulk_load(&conn)?;
    Ok(conn)
}

/// Opens a file to make it durable: with write access, which Windows asks of a file handle
/// it flushes (POSIX syncs any descriptor). Nothing is written through it.
fn open_to_sync(path: &Path) -> std::io::Result<File> {
    OpenOptions::new().write(true).open(path)
}

/// Starts writing a fresh build's file to disk on a thread of its own and returns at once.
/// Called when the rows are loaded: the disk takes them while the indexes and full-text tables
/// are built on the cores, and [`publish`]'s sync is left with the pages written since (at
/// 10,000 articles the rows are three quarters of the file). The thread only waits on the
/// disk; an error there is left for [`publish`]'s own sync to meet and report.
pub fn flush_in_background(tmp: &Path) -> std::thread::JoinHandle<()> {
    let tmp = tmp.to_path_buf();
    std::thread::spawn(move || {
        let _ = open_to_sync(&tmp).and_then(|f| f.sync_data());
    })
}

/// Makes the finished temporary file durable and moves it over the target.
pub fn publish(conn: Connection, tmp: &Path, target: &Path) -> Result<()> {
    conn.pragma_update(None, "journal_mode", "DELETE")?;
    drop(conn);
    open_to_sync(tmp)
        .and_then(|f| f.sync_all())
        .map_err(|e| Error::io(tmp, e))?;
    fs::rename(tmp, target).map_err(|e| Error::io(target, e))?;
    if let Some(dir) = target.parent() {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        // Persist the rename itself; some file systems cannot open a directory, which is fine.
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
    }
    Ok(())
}

/// The temporary file of this process for `db`.
pub fn temp_path(db: &Path) -> PathBuf {
    let mut name = db.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".tmp-{}", std::process::id()));
    db.with_file_name(name)
}

/// Held while an import runs; two imports into the same database never overlap.
pub struct ImportLock {
    _file: File,
    path: PathBuf,
}

impl ImportLock {
    /// Takes the lock beside `db`, or fails at once with an "in use" error.
    pub fn acquire(db: &Path) -> Result<Self> {
        let mut name = db.file_name().unwrap_or_default().to_os_string();
        name.push(".lock");
        let path = db.with_file_name(name);
        let file = loop {
            let file = OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&path)
                .map_err(|e| Error::io(&path, e))?;
            match file.try_lock() {
                Ok(()) => {}
                Err(std::fs::TryLockError::WouldBlock) => {
                    return Err(Error::InUse {
                        db: db.to_path_buf(),
                        lock: path,
                    })
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(Error::io(&path, e)),
            }
            // The previous holder removes the lock file when it ends: a lock taken on a file
            // that is no longer at `path` protects nothing, so take it again on the new one.
            if same_file(&file, &path) {
                break file;
            }
        };
        let lock = ImportLock { _file: file, path };
        lock.clean_leftovers(db);
        Ok(lock)
    }

    /// Temporary files and journals of killed runs: with the lock held, none is in use.
    fn clean_leftovers(&self, db: &Path) {
        let dir = match db.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let prefix = format!(
            "{}.tmp-",
            db.file_name().unwrap_or_default().to_string_lossy()
        );
        if let Ok(entries) = fs::read_dir(&dir) {
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                if name.starts_with(&prefix) {
                    let _ = fs::remove_file(e.path());
                }
            }
        }
    }
}

impl Drop for ImportLock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.ino() == b.ino() && a.dev() == b.dev(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &File, path: &Path) -> bool {
    path.exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The flush runs beside a writer that goes on writing: every row is in the published
    /// file, and the flush's thread ends on its own.
    #[test]
    fn a_flush_beside_the_writer_loses_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let (tmp, target) = (dir.path().join("build.tmp"), dir.path().join("built.db"));
        let conn = create_fresh(&tmp).unwrap();
        conn.execute_batch("BEGIN").unwrap();
        let insert = "INSERT INTO dataset_meta (key, value) VALUES (?1, ?2)";
        for i in 0..2_000 {
            conn.execute(insert, (format!("early {i}"), "x".repeat(500)))
                .unwrap();
        }
        let flushing = flush_in_background(&tmp);
        for i in 0..2_000 {
            conn.execute(insert, (format!("late {i}"), "y".repeat(500)))
                .unwrap();
        }
        conn.execute_batch("COMMIT").unwrap();
        flushing.join().unwrap();
        publish(conn, &tmp, &target).unwrap();
        let conn = Connection::open(&target).unwrap();
        let n: i64 = conn
            .query_row("SELECT count(*) FROM dataset_meta", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 4_000);
        assert!(!tmp.exists());
        let page: i64 = conn
            .query_row("PRAGMA page_size", [], |r| r.get(0))
            .unwrap();
        assert_eq!(
            page, PAGE_SIZE,
            "the published file keeps the build's page size"
        );
    }

    /// A file gone before the flush opens it (a failed build cleans up at once) is no error
    /// and no panic: the flush only helps the final sync, which reports what goes wrong.
    #[test]
    fn a_flush_of_a_missing_file_is_quiet() {
        let dir = tempfile::tempdir().unwrap();
        flush_in_background(&dir.path().join("gone.tmp"))
            .join()
            .unwrap();
    }

    /// The bundled SQLite is built as `.cargo/config.toml` asks: each connection with its own
    /// page cache and no global statistics of allocations, so that no process-wide lock is
    /// taken per page or per allocation while the writer and the full-text builder both run.
    #[test]
    fn bundled_sqlite_takes_no_global_lock_per_page() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let mut st = conn.prepare("PRAGMA compile_options").unwrap();
        let options: Vec<String> = st
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!(
            !options.iter().any(|o| o == "ENABLE_MEMORY_MANAGEMENT"),
            "{options:?}"
        );
        assert!(
            options.iter().any(|o| o == "DEFAULT_MEMSTATUS=0"),
            "{options:?}"
        );
        assert!(options.iter().any(|o| o == "ENABLE_FTS5"), "{options:?}");
    }
}
