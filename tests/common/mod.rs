//! Helpers shared by the black-box tests: run the real binary in a temporary directory.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_gazette")
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs gazette with `args` in `cwd`.
pub fn gazette(cwd: &Path, args: &[&str]) -> Output {
    Command::new(bin())
        .args(args)
        .current_dir(cwd)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("run gazette")
}

/// Imports the repository's seeds/ into `dir/gazette.db` (CSV in `dir/csv`), from the repo root.
pub fn import_seeds(dir: &Path, extra: &[&str]) -> PathBuf {
    let db = dir.join("gazette.db");
    let csv = dir.join("csv");
    let mut args = vec!["import", "--quiet", "--db", db.to_str().unwrap()];
    if !extra.contains(&"--no-csv") {
        args.extend(["--csv", csv.to_str().unwrap()]);
    }
    args.extend_from_slice(extra);
    args.push("seeds");
    let out = gazette(&repo(), &args);
    assert!(
        out.status.success(),
        "import failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    db
}

/// Imports `source` (a file or folder) into `dir/g.db` without CSV files, and asserts it
/// succeeded.
pub fn import_into(dir: &Path, source: &Path) -> PathBuf {
    let db = dir.join("g.db");
    let out = gazette(
        dir,
        &[
            "import",
            "--quiet",
            "--no-csv",
            "--db",
            db.to_str().unwrap(),
            source.to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "import failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    db
}

pub fn open(db: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap()
}

pub fn sha256_file(path: &Path) -> String {
    gazette::read::sha256_hex(&std::fs::read(path).unwrap())
}
