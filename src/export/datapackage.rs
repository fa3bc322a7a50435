//! `datapackage.json`: a Frictionless Data Package (v2) describing every exported file — its
//! dialect, encoding, size and hash, and a Table Schema with field types and descriptions (from
//! `data/columns.tsv`), primary and foreign keys. Nothing in it comes from the clock, so two
//! exports of the same database write the same bytes.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use rusqlite::Connection;
use serde_json::{json, Map, Value};

use crate::error::{Error, Result};

use super::csv_file::{quote_ident, LINE_TERMINATOR};
use super::{CsvOptions, Written, EXPORTS};

const PACKAGE_PROFILE: &str = "https://datapackage.org/profiles/2.0/datapackage.json";
const RESOURCE_PROFILE: &str = "https://datapackage.org/profiles/2.0/dataresource.json";
const DIALECT_PROFILE: &str = "https://datapackage.org/profiles/2.0/tabledialect.json";
const SCHEMA_PROFILE: &str = "https://datapackage.org/profiles/2.0/tableschema.json";

/// A foreign key: columns, referenced table, referenced columns.
pub type ForeignKey = (Vec<String>, String, Vec<String>);

/// Primary key and foreign keys of a table.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Keys {
    pub primary: Vec<String>,
    pub foreign: Vec<ForeignKey>,
}

/// Keys of an exported table (from the schema) or view (from [`EXPORTS`]).
pub fn keys(conn: &Connection, name: &str) -> Result<Keys> {
    if let Some((pk, fks)) = EXPORTS
        .iter()
        .find(|e| e.name == name)
        .and_then(|e| e.view_keys)
    {
        return Ok(Keys {
            primary: pk.iter().map(|s| s.to_string()).collect(),
            foreign: fks
                .iter()
                .map(|(c, t, r)| (vec![c.to_string()], t.to_string(), vec![r.to_string()]))
                .collect(),
        });
    }
    Ok(Keys {
        primary: primary_key(conn, name)?,
        foreign: foreign_keys(conn, name)?,
    })
}

fn primary_key(conn: &Connection, table: &str) -> Result<Vec<String>> {
    let mut st = conn.prepare(&format!("PRAGMA table_info({})", quote_ident(table)))?;
    let mut pk: Vec<(i64, String)> = st
        .query_map([], |r| {
            Ok((r.get::<_, i64>("pk")?, r.get::<_, String>("name")?))
        })?
        .filter_map(|r| r.ok())
        .filter(|(n, _)| *n > 0)
        .collect();
    pk.sort();
    Ok(pk.into_iter().map(|(_, c)| c).collect())
}

fn foreign_keys(conn: &Connection, table: &str) -> Result<Vec<ForeignKey>> {
    let mut st = conn.prepare(&format!("PRAGMA foreign_key_list({})", quote_ident(table)))?;
    // (id, seq) → (referenced table, from, to); `to` is NULL when the parent's primary key is meant.
    let mut by_id: BTreeMap<(i64, i64), (String, String, Option<String>)> = BTreeMap::new();
    let rows = st.query_map([], |r| {
        Ok((
            (r.get::<_, i64>("id")?, r.get::<_, i64>("seq")?),
            (
                r.get::<_, String>("table")?,
                r.get::<_, String>("from")?,
                r.get::<_, Option<String>>("to")?,
            ),
        ))
    })?;
    for row in rows {
        let (k, v) = row?;
        by_id.insert(k, v);
    }
    let mut out: Vec<ForeignKey> = Vec::new();
    let mut last_id = None;
    for ((id, seq), (parent, from, to)) in by_id {
        let to = match to {
            Some(t) => t,
            None => primary_key(conn, &parent)?
                .get(seq as usize)
                .cloned()
                .unwrap_or_default(),
        };
        if last_id == Some(id) {
            if let Some(fk) = out.last_mut() {
                fk.0.push(from);
                fk.2.push(to);
            }
        } else {
            out.push((vec![from], parent, vec![to]));
            last_id = Some(id);
        }
    }
    // PRAGMA lists foreign keys last-declared first; declaration order reads better.
    out.reverse();
    Ok(out)
}

/// Frictionless type and description of every column, from `data/columns.tsv`.
fn column_types() -> HashMap<(&'static str, &'static str), (&'static str, &'static str)> {
    crate::store::finalize::column_descriptions()
        .map(|(t, c, ty, d)| ((t, c), (ty, d)))
        .collect()
}

/// A resource name as Data Package v2 recommends: lowercase letters, digits, `-`, `_`, `.`.
fn resource_name(file: &str) -> String {
    file.trim_end_matches(".csv").to_string()
}

/// The package name: `dataset_meta.name` folded to what the spec allows.
fn package_name(name: &str) -> String {
    let folded: String = name
        .to_lowercase()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect();
    let folded = folded.trim_matches('-').to_string();
    if folded.is_empty() {
        "gazette".into()
    } else {
        folded
    }
}

/// `dataset_meta.data_sources` (a JSON array of {file, source, license}) as package `sources`.
fn sources(data_sources: Option<&str>) -> Vec<Value> {
    let Some(list) = data_sources.and_then(|s| serde_json::from_str::<Vec<Value>>(s).ok()) else {
        return Vec::new();
    };
    list.into_iter()
        .filter_map(|s| {
            let field = |k: &str| s.get(k).and_then(Value::as_str).filter(|v| !v.is_empty());
            let title = field("title").or(field("source")).or(field("file"))?;
            let mut src = Map::new();
            src.insert("title".into(), title.into());
            if let Some(url) = [field("path"), field("url"), field("source")]
                .into_iter()
                .flatten()
                .find(|v| v.starts_with("http://") || v.starts_with("https://"))
            {
                src.insert("path".into(), url.into());
            }
            for k in ["file", "license"] {
                if let Some(v) = field(k) {
                    src.insert(k.into(), v.into());
                }
            }
            Some(Value::Object(src))
        })
        .collect()
}

/// The whole `datapackage.json` value for the files in `written`.
pub fn package(conn: &Connection, written: &[Written], opts: &CsvOptions) -> Result<Value> {
    let meta: HashMap<String, String> = {
        let mut st = conn.prepare("SELECT key, value FROM dataset_meta WHERE value IS NOT NULL")?;
        let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        rows.collect::<std::result::Result<_, _>>()?
    };
    let get = |k: &str| meta.get(k).map(String::as_str);
    let types = column_types();
    let mut parts: HashMap<&str, usize> = HashMap::new();
    for w in written {
        *parts.entry(w.table.as_str()).or_default() += 1;
    }
    // A foreign key can name one resource only, so it is declared only towards a table written
    // as a single file; keys into a split table are listed in the description instead.
    let whole: HashMap<&str, &Written> = written
        .iter()
        .filter(|w| parts.get(w.table.as_str()) == Some(&1))
        .map(|w| (w.table.as_str(), w))
        .collect();

    let mut resources = Vec::new();
    for w in written {
        let keys = keys(conn, &w.table)?;
        let has = |cols: &[String], of: &Written| cols.iter().all(|c| of.columns.contains(c));
        let fields: Vec<Value> = w
            .columns
            .iter()
            .map(|c| {
                let (ty, description) = types
                    .get(&(w.table.as_str(), c.as_str()))
                    .copied()
                    .unwrap_or(("any", ""));
                let mut f = Map::new();
                f.insert("name".into(), c.as_str().into());
                f.insert("type".into(), ty.into());
                if !description.is_empty() {
                    f.insert("description".into(), description.into());
                }
                if ty == "number" && opts.decimal_comma {
                    f.insert("decimalChar".into(), ",".into());
                }
                Value::Object(f)
            })
            .collect();
        let mut schema = Map::new();
        schema.insert("$schema".into(), SCHEMA_PROFILE.into());
        schema.insert("fields".into(), fields.into());
        schema.insert("missingValues".into(), json!([""]));
        if !keys.primary.is_empty() && has(&keys.primary, w) {
            schema.insert("primaryKey".into(), json!(keys.primary));
        }
        let mut fks = Vec::new();
        let mut dropped = Vec::new();
        for (cols, parent, refs) in &keys.foreign {
            if !has(cols, w) {
                continue;
            }
            let described = format!("{} → {}.{}", cols.join(", "), parent, refs.join(", "));
            match whole.get(parent.as_str()) {
                Some(target) if has(refs, target) => {
                    let mut reference = Map::new();
                    // Data Package v2: no `resource` means a reference to this same resource.
                    if *parent != w.table {
                        reference.insert("resource".into(), resource_name(&target.file).into());
                    }
                    reference.insert("fields".into(), json!(refs));
                    fks.push(json!({"fields": cols, "reference": reference}));
                }
                Some(_) => {}
                None if parts.contains_key(parent.as_str()) => dropped.push(described),
                None => {}
            }
        }
        if !fks.is_empty() {
            schema.insert("foreignKeys".into(), fks.into());
        }

        let export = EXPORTS.iter().find(|e| e.name == w.table);
        let title = export.map_or(w.table.as_str(), |e| e.description);
        let kind = if export.is_some_and(|e| e.view_keys.is_some()) {
            "view"
        } else {
            "table"
        };
        let mut description = format!("The `{}` {kind} of the gazette database.", w.table);
        if let Some(n) = w.part {
            description.push_str(&format!(
                " Part {n} of {}, split to stay within Excel's 1,048,576 rows; every part has the header row.",
                parts[w.table.as_str()],
            ));
        }
        if !dropped.is_empty() {
            description.push_str(&format!(
                " Foreign keys not declared because the referenced table is split into parts: {}.",
                dropped.join("; ")
            ));
        }

        let mut r = Map::new();
        r.insert("$schema".into(), RESOURCE_PROFILE.into());
        r.insert("name".into(), resource_name(&w.file).into());
        r.insert("type".into(), "table".into());
        r.insert("path".into(), w.file.as_str().into());
        r.insert("title".into(), title.into());
        r.insert("description".into(), description.into());
        r.insert("format".into(), "csv".into());
        r.insert("mediatype".into(), "text/csv".into());
        // Python's name for UTF-8 with a byte-order mark: frictionless (and pandas) strip the
        // BOM with it; a reader told plain `utf-8` would see it glued to the first column name.
        r.insert(
            "encoding".into(),
            if opts.spreadsheet {
                "utf-8-sig"
            } else {
                "utf-8"
            }
            .into(),
        );
        r.insert("bytes".into(), w.bytes.into());
        r.insert("hash".into(), format!("sha256:{}", w.sha256).into());
        r.insert(
            "dialect".into(),
            json!({
                "$schema": DIALECT_PROFILE,
                "header": true,
                "delimiter": opts.delimiter.to_string(),
                "lineTerminator": LINE_TERMINATOR,
                "quoteChar": "\"",
                "doubleQuote": true,
            }),
        );
        r.insert("schema".into(), Value::Object(schema));
        resources.push(Value::Object(r));
    }

    let mut p = Map::new();
    p.insert("$schema".into(), PACKAGE_PROFILE.into());
    p.insert(
        "name".into(),
        package_name(get("name").unwrap_or("gazette")).into(),
    );
    if let Some(v) = get("title") {
        p.insert("title".into(), v.into());
    }
    let mut description = get("description").unwrap_or_default().to_string();
    if opts.spreadsheet {
        if !description.is_empty() {
            description.push_str("\n\n");
        }
        description.push_str(
            "Spreadsheet flavour: a text cell that starts with =, +, -, @, a tab or a carriage \
             return has a ' added in front so that no spreadsheet runs it as a formula; texts \
             longer than 32,767 characters are cut with a marker; documents.raw_text and \
             raw_bytes are left out. The data flavour (gazette export --flavour data) has every \
             value exactly as stored.",
        );
    }
    if !description.is_empty() {
        p.insert("description".into(), description.into());
    }
    // The package version is the data contract's: the database schema version.
    if let Some(v) = get("schema_version") {
        p.insert("version".into(), v.into());
    }
    // Only the recorded build time (SOURCE_DATE_EPOCH at import), never the clock.
    if let Some(t) = get("build_time") {
        p.insert("created".into(), t.into());
    }
    if let Some(l) = get("license") {
        p.insert("licenses".into(), json!([{ "name": l }]));
    }
    let sources = sources(get("data_sources"));
    if !sources.is_empty() {
        p.insert("sources".into(), sources.into());
    }
    p.insert(
        "keywords".into(),
        json!(["news", "comments", "named entities"]),
    );
    p.insert(
        "tool".into(),
        json!({
            "name": get("tool_name").unwrap_or(crate::TOOL_NAME),
            "version": get("tool_version").unwrap_or(crate::TOOL_VERSION),
            "exported_by": format!("{} {}", crate::TOOL_NAME, crate::TOOL_VERSION),
            "flavour": if opts.spreadsheet { "spreadsheet" } else { "data" },
        }),
    );
    p.insert("resources".into(), resources.into());
    Ok(Value::Object(p))
}

/// Writes `datapackage.json` into `dir` for the files in `written`.
pub fn write(conn: &Connection, dir: &Path, written: &[Written], opts: &CsvOptions) -> Result<()> {
    let path = dir.join("datapackage.json");
    let value = package(conn, written, opts)?;
    let text = serde_json::to_string_pretty(&value)
        .map_err(|e| Error::io(&path, std::io::Error::other(e)))?;
    std::fs::write(&path, text + "\n").map_err(|e| Error::io(&path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_names_are_folded_to_the_allowed_characters() {
        assert_eq!(package_name("gazette"), "gazette");
        assert_eq!(package_name("Mon Jeu de Données!"), "mon-jeu-de-donn-es");
        assert_eq!(package_name("???"), "gazette");
    }

    #[test]
    fn data_sources_become_package_sources() {
        let s = sources(Some(
            r#"[{"file":"data/gazetteer/places.tsv","source":"https://www.geonames.org/","license":"CC-BY-4.0"},
                {"file":"data/curated/orgs.tsv","source":"curated by hand","license":"MIT"}]"#,
        ));
        assert_eq!(s.len(), 2);
        assert_eq!(s[0]["path"], "https://www.geonames.org/");
        assert_eq!(s[0]["license"], "CC-BY-4.0");
        assert_eq!(s[1]["title"], "curated by hand");
        assert!(s[1].get("path").is_none());
        assert!(sources(Some("not json")).is_empty());
        assert!(sources(None).is_empty());
    }

    #[test]
    fn table_keys_come_from_the_schema() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE a (id INTEGER PRIMARY KEY);
             CREATE TABLE b (x INTEGER, y INTEGER, a_id INTEGER REFERENCES a, parent INTEGER REFERENCES b (x),
                             PRIMARY KEY (y, x));",
        )
        .unwrap();
        let k = keys(&conn, "b").unwrap();
        assert_eq!(k.primary, ["y", "x"]);
        assert_eq!(
            k.foreign,
            [
                (
                    vec!["a_id".to_string()],
                    "a".to_string(),
                    vec!["id".to_string()]
                ),
                (
                    vec!["parent".to_string()],
                    "b".to_string(),
                    vec!["x".to_string()]
                ),
            ]
        );
    }
}
