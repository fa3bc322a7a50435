//! Concurrent use, black-box: two imports into the same database at once serialize or the
//! second fails with a clear "in use" message, and the file is never corrupted; a reader that
//! keeps the file open during an import sees the old dataset or the new one, never half.

use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

#[path = "robustness/support.rs"]
mod support;
use support::*;

fn spawn_import(root: &std::path::Path, folder: &str, db: &str) -> std::process::Child {
    Command::new(BIN)
        .args(["import", folder, "--db", db, "--no-csv", "-q"])
        .current_dir(root)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn gazette")
}

/// Both exits: each 0, or 1 with an "in use" message naming the database.
fn assert_serialized(outputs: Vec<std::process::Output>, db: &str) -> usize {
    let mut in_use = 0;
    for o in &outputs {
        let err = stderr(o);
        match code(o) {
            0 => {}
            1 => {
                assert!(
                    err.contains("in use") && err.contains(db),
                    "unclear failure: {err}"
                );
                in_use += 1;
            }
            c => panic!("exit {c}: {err}"),
        }
    }
    assert!(in_use < outputs.len(), "every import refused: {outputs:?}");
    in_use
}

#[test]
fn two_imports_at_once_serialize_or_the_second_is_refused_as_in_use() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_articles(&root.join("a"), 0, 40);
    write_articles(&root.join("b"), 40, 40);

    // Into a database that does not exist yet (two fresh builds), then into an existing one.
    for round in 0..2 {
        let x = spawn_import(root, "a", "shared.db");
        let y = spawn_import(root, "b", "shared.db");
        let outputs = vec![x.wait_with_output().unwrap(), y.wait_with_output().unwrap()];
        let refused = assert_serialized(outputs, "shared.db");
        eprintln!("round {round}: {refused} import(s) refused as in use");
        assert_eq!(integrity(&root.join("shared.db")), "ok");
        assert!(leftovers(&root.join("shared.db")).is_empty());
        assert_check_passes(root, "shared.db");
    }
    // Whatever happened, importing both folders once more gives every file exactly once.
    for folder in ["a", "b"] {
        let o = gazette(
            root,
            &["import", folder, "--db", "shared.db", "--no-csv", "-q"],
        );
        assert_eq!(code(&o), 0, "{}", stderr(&o));
    }
    assert_eq!(content_hash(&root.join("shared.db")).0, 80);
}

#[test]
fn a_second_import_while_the_first_holds_the_lock_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_articles(&root.join("a"), 0, 60);
    let mut first = spawn_import(root, "a", "busy.db");
    let lock = root.join("busy.db.lock");
    let t = std::time::Instant::now();
    while !lock.exists() && t.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(2));
    }
    let second = gazette(root, &["import", "a", "--db", "busy.db", "--no-csv"]);
    let first_done = first.try_wait().unwrap().is_some();
    let status = first.wait().unwrap();
    assert!(status.success());
    if first_done {
        eprintln!("the first import ended before the second started: nothing to refuse");
        assert_eq!(code(&second), 0, "{}", stderr(&second));
    } else {
        let err = stderr(&second);
        assert_eq!(code(&second), 1, "{err}");
        assert!(err.contains("in use") && err.contains("busy.db"), "{err}");
    }
    assert_eq!(integrity(&root.join("busy.db")), "ok");
    assert_eq!(content_hash(&root.join("busy.db")).0, 60);
}

/// A reader polls the dataset in short read transactions while an import into it runs, and
/// holds one long read transaction across part of it: every observation is a whole dataset.
#[test]
fn a_reader_during_an_import_sees_the_old_or_the_new_dataset_never_half() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    write_articles(&root.join("in"), 0, 40);
    let o = gazette(
        &root,
        &["import", "in", "--db", "data.db", "--no-csv", "-q"],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let db = root.join("data.db");
    let old = content_hash(&db);
    write_articles(&root.join("in"), 40, 40);

    let stop = Arc::new(AtomicBool::new(false));
    let reader = {
        let (db, stop) = (db.clone(), stop.clone());
        std::thread::spawn(move || {
            let conn = Connection::open_with_flags(&db, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
            conn.busy_timeout(Duration::from_secs(30)).unwrap();
            let mut seen = Vec::new();
            // One long read transaction first: the writer waits for it before committing.
            conn.execute_batch("BEGIN").unwrap();
            let a = content_hash_conn(&conn);
            std::thread::sleep(Duration::from_millis(600));
            let b = content_hash_conn(&conn);
            conn.execute_batch("COMMIT").unwrap();
            assert_eq!(a, b, "one read transaction saw two datasets");
            seen.push(a);
            while !stop.load(Ordering::Relaxed) {
                conn.execute_batch("BEGIN").unwrap();
                seen.push(content_hash_conn(&conn));
                conn.execute_batch("COMMIT").unwrap();
                std::thread::sleep(Duration::from_millis(20));
            }
            seen
        })
    };
    let o = gazette(
        &root,
        &["import", "in", "--db", "data.db", "--no-csv", "-q"],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    std::thread::sleep(Duration::from_millis(100));
    stop.store(true, Ordering::Relaxed);
    let seen = reader.join().expect("reader thread");
    let new = content_hash(&db);
    assert_eq!(new.0, 80);
    for s in &seen {
        assert!(*s == old || *s == new, "a reader saw half a dataset: {s:?}");
    }
    assert_eq!(seen.first(), Some(&old));
    assert_eq!(
        seen.last(),
        Some(&new),
        "the reader never saw the new dataset"
    );
    assert_eq!(integrity(&db), "ok");
}
