//! Export: every contract table and view as a CSV file, plus a Frictionless `datapackage.json`
//! describing them. The export directory is written beside the target and swapped in whole, so
//! no stale file from an earlier export lingers.

pub mod csv_file;
pub mod datapackage;

use std::fs;
use std::path::{Path, PathBuf};

use rusqlite::Connection;

use crate::error::{Error, Result};

pub use csv_file::CsvOptions;

/// What is exported, in order: (table or view, ORDER BY key).
pub const EXPORTS: &[(&str, &str)] = &[
    ("documents", "id"),
    ("articles", "id"),
    ("article_tags", "article_id, position"),
    ("bylines", "article_id, position"),
    ("paragraphs", "id"),
    ("boilerplate", "document_id, line"),
    ("comments", "id"),
    ("entities", "id"),
    ("entity_aliases", "entity_id, alias"),
    ("mentions", "id"),
    ("dataset_meta", "key"),
    ("dataset_columns", "table_name, column_name"),
    ("article_overview", "article_id"),
    ("mention_details", "mention_id"),
    ("comment_threads", "comment_id"),
    ("entity_counts", "article_id, entity_id"),
];

/// One written CSV file.
#[derive(Debug, Clone)]
pub struct Written {
    pub table: String,
    /// File name inside the export directory.
    pub file: String,
    pub columns: Vec<String>,
    pub rows: u64,
    pub bytes: u64,
    pub sha256: String,
}

/// Exports every table and view into `dir`, replacing it as a whole.
pub fn export_all(conn: &Connection, dir: &Path, opts: &CsvOptions) -> Result<Vec<Written>> {
    let staging = sibling(dir, "tmp");
    let _ = fs::remove_dir_all(&staging);
    fs::create_dir_all(&staging).map_err(|e| Error::io(&staging, e))?;
    let result = (|| -> Result<Vec<Written>> {
        let mut written = Vec::new();
        for (table, order) in EXPORTS {
            written.extend(csv_file::export_table(conn, table, order, &staging, opts)?);
        }
        datapackage::write(conn, &staging, &written, opts)?;
        Ok(written)
    })();
    let written = match result {
        Ok(w) => w,
        Err(e) => {
            let _ = fs::remove_dir_all(&staging);
            return Err(e);
        }
    };
    // Swap: the old directory moves aside, the new one takes its name, the old one goes.
    let old = sibling(dir, "old");
    let _ = fs::remove_dir_all(&old);
    if dir.exists() {
        fs::rename(dir, &old).map_err(|e| Error::io(dir, e))?;
    }
    fs::rename(&staging, dir).map_err(|e| Error::io(dir, e))?;
    let _ = fs::remove_dir_all(&old);
    Ok(written)
}

fn sibling(dir: &Path, what: &str) -> PathBuf {
    let mut name = dir
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_else(|| "csv".into());
    name.push(format!(".{what}-{}", std::process::id()));
    dir.with_file_name(name)
}
