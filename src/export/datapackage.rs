//! `datapackage.json`: a Frictionless Data Package describing every exported file.

use std::path::Path;

use rusqlite::Connection;

use crate::error::{Error, Result};

use super::{CsvOptions, Written};

/// Writes `datapackage.json` into `dir` for the files in `written`.
pub fn write(conn: &Connection, dir: &Path, written: &[Written], opts: &CsvOptions) -> Result<()> {
    let meta = |key: &str| -> Option<String> {
        conn.query_row("SELECT value FROM dataset_meta WHERE key = ?1", [key], |r| r.get(0))
            .ok()
    };
    let resources: Vec<serde_json::Value> = written
        .iter()
        .map(|w| {
            serde_json::json!({
                "name": w.file.trim_end_matches(".csv").replace('.', "-"),
                "path": w.file,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": if opts.spreadsheet { "utf-8-sig" } else { "utf-8" },
                "bytes": w.bytes,
                "hash": format!("sha256:{}", w.sha256),
                "dialect": {
                    "delimiter": opts.delimiter.to_string(),
                    "lineTerminator": if opts.spreadsheet { "\r\n" } else { "\n" },
                    "header": true,
                },
                "schema": {
                    "fields": w.columns.iter().map(|c| serde_json::json!({"name": c})).collect::<Vec<_>>(),
                },
            })
        })
        .collect();
    let package = serde_json::json!({
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": meta("name").unwrap_or_else(|| "gazette".into()),
        "title": meta("title"),
        "description": meta("description"),
        "version": meta("tool_version"),
        "resources": resources,
    });
    let path = dir.join("datapackage.json");
    let text = serde_json::to_string_pretty(&package).map_err(|e| Error::io(&path, std::io::Error::other(e)))?;
    std::fs::write(&path, text + "\n").map_err(|e| Error::io(&path, e))
}
