//! Export: every contract table and view as a CSV file, plus a Frictionless `datapackage.json`
//! describing them. The export directory is written beside the target and swapped in whole, so
//! no stale file from an earlier export lingers; a directory that does not look like an earlier
//! export is refused rather than replaced.

pub mod csv_file;
pub mod datapackage;

use std::fs;
use std::path::{Path, PathBuf};

use rusqlite::Connection;

use crate::error::{Error, Result};

pub use csv_file::CsvOptions;

/// Keys of a view: primary key columns and (column, referenced table, referenced column).
pub type ViewKeys = (
    &'static [&'static str],
    &'static [(&'static str, &'static str, &'static str)],
);

/// One exported table or view.
#[derive(Debug, Clone, Copy)]
pub struct Export {
    pub name: &'static str,
    /// ORDER BY clause: a unique key, so two exports of the same data are byte-identical.
    pub order: &'static str,
    pub description: &'static str,
    /// Keys of a view (a table's come from the schema): primary key and
    /// (column, referenced table, referenced column) foreign keys.
    pub view_keys: Option<ViewKeys>,
}

const fn table(name: &'static str, order: &'static str, description: &'static str) -> Export {
    Export {
        name,
        order,
        description,
        view_keys: None,
    }
}

/// What is exported, in order.
pub const EXPORTS: &[Export] = &[
    table("documents", "id", "One row per input file, imported or not"),
    table("articles", "id", "One row per imported page"),
    table(
        "article_tags",
        "article_id, position",
        "Section labels and topic tags",
    ),
    table(
        "bylines",
        "article_id, position",
        "Authors and editors named in bylines",
    ),
    table(
        "paragraphs",
        "id",
        "Title, headings and body paragraphs of each article",
    ),
    table(
        "boilerplate",
        "document_id, line",
        "Lines the parser set aside, and why",
    ),
    table("comments", "id", "Reader comments"),
    table(
        "entities",
        "id",
        "People, organizations, places, products, figures and dates",
    ),
    table(
        "entity_aliases",
        "entity_id, alias",
        "Every surface form of each entity",
    ),
    table(
        "mentions",
        "id",
        "Each place an entity is mentioned, by character offsets",
    ),
    table(
        "dataset_meta",
        "key",
        "Provenance and description of the dataset",
    ),
    table(
        "dataset_columns",
        "table_name, column_name",
        "What each column holds",
    ),
    Export {
        name: "article_overview",
        order: "article_id",
        description:
            "One row per article: title, publisher, date, authors, comment count, top entities",
        view_keys: Some((&["article_id"], &[("article_id", "articles", "id")])),
    },
    Export {
        name: "mention_details",
        order: "mention_id",
        description: "One row per mention with its entity, article and context",
        view_keys: Some((
            &["mention_id"],
            &[
                ("mention_id", "mentions", "id"),
                ("entity_id", "entities", "id"),
                ("article_id", "articles", "id"),
                ("paragraph_id", "paragraphs", "id"),
                ("comment_id", "comments", "id"),
            ],
        )),
    },
    Export {
        name: "comment_threads",
        order: "comment_id",
        description: "Comments with their thread root, depth and the author replied to",
        view_keys: Some((
            &["comment_id"],
            &[
                ("comment_id", "comments", "id"),
                ("article_id", "articles", "id"),
                ("parent_id", "comments", "id"),
                ("root_id", "comments", "id"),
            ],
        )),
    },
    Export {
        name: "entity_counts",
        order: "article_id, entity_id",
        description: "Mentions of each entity per article, in the text and in the comments",
        view_keys: Some((
            &["article_id", "entity_id"],
            &[
                ("article_id", "articles", "id"),
                ("entity_id", "entities", "id"),
            ],
        )),
    },
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
    /// Part number when the table was split into several files.
    pub part: Option<u32>,
}

/// Checks, before any work, that an export to `dir` with `opts` can go ahead: the delimiter is
/// usable and `dir` is absent, empty or an earlier export. `import` calls this before importing
/// so that a bad `--csv` or `--delimiter` fails with nothing written.
pub fn preflight(dir: &Path, opts: &CsvOptions) -> Result<()> {
    opts.delimiter_byte()?;
    sibling(dir, "tmp")?;
    check_replaceable(dir)
}

/// Exports every table and view into `dir`, replacing it as a whole.
pub fn export_all(conn: &Connection, dir: &Path, opts: &CsvOptions) -> Result<Vec<Written>> {
    export_all_with(conn, dir, opts, opts.default_rows_per_part())
}

/// [`export_all`] with files split every `rows_per_part` data rows (Excel's limit by default in
/// the spreadsheet flavour; smaller in tests).
pub fn export_all_with(
    conn: &Connection,
    dir: &Path,
    opts: &CsvOptions,
    rows_per_part: u64,
) -> Result<Vec<Written>> {
    preflight(dir, opts)?;
    let staging = sibling(dir, "tmp")?;
    let _ = fs::remove_dir_all(&staging);
    fs::create_dir_all(&staging).map_err(|e| Error::io(&staging, e))?;
    let result = (|| -> Result<Vec<Written>> {
        // One read transaction: every file comes from the same snapshot of the database.
        conn.execute_batch("BEGIN")?;
        let mut written = Vec::new();
        for e in EXPORTS {
            written.extend(csv_file::export_table(
                conn,
                e.name,
                e.order,
                &staging,
                opts,
                rows_per_part,
            )?);
        }
        datapackage::write(conn, &staging, &written, opts)?;
        conn.execute_batch("COMMIT")?;
        Ok(written)
    })();
    let written = match result {
        Ok(w) => w,
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK");
            let _ = fs::remove_dir_all(&staging);
            return Err(e);
        }
    };
    // Swap: the old directory moves aside, the new one takes its name, the old one goes.
    let old = sibling(dir, "old")?;
    let _ = fs::remove_dir_all(&old);
    if fs::symlink_metadata(dir).is_ok() {
        if let Err(e) = fs::rename(dir, &old) {
            let _ = fs::remove_dir_all(&staging);
            return Err(Error::io(dir, e));
        }
    }
    fs::rename(&staging, dir).map_err(|e| Error::io(dir, e))?;
    let _ = fs::remove_dir_all(&old);
    Ok(written)
}

/// Replacing a directory deletes what is in it, so only an earlier export (CSV files and a
/// `datapackage.json`, plus hidden files such as a spreadsheet's lock files) or an empty
/// directory is replaced: `--csv .` or `--csv ~` by mistake must not wipe a folder.
fn check_replaceable(dir: &Path) -> Result<()> {
    let refuse = |why: String| {
        Err(Error::Usage(format!(
            "{}: {why}; refusing to replace it",
            dir.display()
        )))
    };
    let meta = match fs::symlink_metadata(dir) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::io(dir, e)),
    };
    if meta.file_type().is_symlink() {
        return refuse("is a symbolic link".into());
    }
    if !meta.is_dir() {
        return refuse("exists and is not a directory".into());
    }
    let mut has_package = false;
    let mut empty = true;
    for entry in fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        empty = false;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let is_file = entry.file_type().map(|t| t.is_file()).unwrap_or(false);
        if name == "datapackage.json" {
            has_package = true;
        } else if !is_file || !(name.ends_with(".csv") || name.starts_with('.')) {
            return refuse(format!(
                "holds {name:?}, which is not part of a gazette export"
            ));
        }
    }
    if !empty && !has_package {
        return refuse("is not an earlier export (no datapackage.json)".into());
    }
    Ok(())
}

fn sibling(dir: &Path, what: &str) -> Result<PathBuf> {
    let Some(name) = dir.file_name() else {
        return Err(Error::Usage(format!(
            "{}: the CSV folder must be named (not `.`, `..` or `/`)",
            dir.display()
        )));
    };
    let mut name = name.to_os_string();
    name.push(format!(".{what}-{}", std::process::id()));
    Ok(dir.with_file_name(name))
}
