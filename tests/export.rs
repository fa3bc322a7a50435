//! Black-box tests of `gazette export`: the binary runs on `seeds/` plus a page whose title,
//! paragraphs, byline and comments start like formulas, and the files are checked against the
//! database cell by cell.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use rusqlite::types::Value;
use rusqlite::Connection;
use serde_json::Value as Json;
use sha2::{Digest, Sha256};
use tempfile::TempDir;

const FIXTURE: &str = "tests/fixtures/formula_page.txt";
const BOM: &[u8] = b"\xef\xbb\xbf";

fn gazette() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_gazette"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c.env_remove("SOURCE_DATE_EPOCH");
    c
}

fn ok(out: Output) -> Output {
    assert!(
        out.status.success(),
        "gazette failed ({}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

struct Imported {
    tmp: TempDir,
    db: PathBuf,
    /// The CSV folder the import wrote (spreadsheet flavour, defaults).
    csv: PathBuf,
}

impl Imported {
    fn path(&self, name: &str) -> PathBuf {
        self.tmp.path().join(name)
    }

    fn export(&self, dir: &Path, args: &[&str]) -> Output {
        gazette()
            .args(["export", "--quiet", "--db"])
            .arg(&self.db)
            .arg("--csv")
            .arg(dir)
            .args(args)
            .output()
            .unwrap()
    }

    fn conn(&self) -> Connection {
        Connection::open(&self.db).unwrap()
    }
}

fn import() -> Imported {
    import_with(&[])
}

fn import_with(env: &[(&str, &str)]) -> Imported {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("g.db");
    let csv = tmp.path().join("csv");
    ok(gazette()
        .args(["import", "--quiet", "--db"])
        .arg(&db)
        .arg("--csv")
        .arg(&csv)
        .args(["seeds", FIXTURE])
        .envs(env.iter().copied())
        .output()
        .unwrap());
    Imported { tmp, db, csv }
}

/// Adds an entity and a mention with real numbers, so number columns have values to check
/// whatever the entity recognizer finds in the seeds.
fn add_numbers(conn: &Connection) {
    conn.execute_batch(
        "INSERT INTO entities (name, type, merge_key, mention_count)
             VALUES ('-1 234,5 €', 'MONEY', 'MONEY:test-1234.5-EUR', 1);
         INSERT INTO mentions (entity_id, paragraph_id, char_start, char_end, surface, method,
                               confidence, value_num, value_unit)
             SELECT last_insert_rowid(), min(id), 0, 2, '-1', 'rule', 0.75, -1234.5, 'EUR'
             FROM paragraphs;",
    )
    .unwrap();
}

fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

fn package(dir: &Path) -> Json {
    serde_json::from_slice(&fs::read(dir.join("datapackage.json")).unwrap()).unwrap()
}

fn resources(pkg: &Json) -> &Vec<Json> {
    pkg["resources"].as_array().unwrap()
}

fn resource<'a>(pkg: &'a Json, name: &str) -> &'a Json {
    resources(pkg)
        .iter()
        .find(|r| r["name"] == name)
        .unwrap_or_else(|| panic!("no resource {name}"))
}

/// Parses a CSV file written by gazette: BOM stripped, header and records.
fn read_csv(bytes: &[u8], delimiter: u8) -> (Vec<String>, Vec<Vec<String>>) {
    let body = bytes.strip_prefix(BOM).unwrap_or(bytes);
    let mut r = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .from_reader(body);
    let header = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

/// The rows of `table` as stored, in the order gazette exports them.
fn db_rows(conn: &Connection, table: &str, columns: &[String]) -> Vec<Vec<Value>> {
    let order = gazette::export::EXPORTS
        .iter()
        .find(|e| e.name == table)
        .unwrap()
        .order;
    let cols = columns
        .iter()
        .map(|c| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let mut st = conn
        .prepare(&format!("SELECT {cols} FROM \"{table}\" ORDER BY {order}"))
        .unwrap();
    let n = columns.len();
    st.query_map([], |r| (0..n).map(|i| r.get::<_, Value>(i)).collect())
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// What the issue says a cell holds, written independently of the exporter.
fn expected_cell(v: &Value, spreadsheet: bool, decimal_comma: bool) -> String {
    match v {
        Value::Null => String::new(),
        Value::Integer(i) => i.to_string(),
        Value::Real(f) => {
            let s = f.to_string();
            if decimal_comma {
                s.replace('.', ",")
            } else {
                s
            }
        }
        Value::Text(s) if spreadsheet && s.starts_with(['=', '+', '-', '@', '\t', '\r']) => {
            format!("'{s}")
        }
        Value::Text(s) => s.clone(),
        Value::Blob(b) => b.iter().map(|x| format!("{x:02x}")).collect(),
    }
}

/// Every file of the export equals the database, cell by cell, in key order.
fn assert_cells_match(
    imp: &Imported,
    dir: &Path,
    spreadsheet: bool,
    decimal_comma: bool,
    delimiter: u8,
) {
    let conn = imp.conn();
    let pkg = package(dir);
    let mut tables = 0;
    for r in resources(&pkg) {
        let table = r["name"].as_str().unwrap();
        let bytes = fs::read(dir.join(r["path"].as_str().unwrap())).unwrap();
        assert_eq!(bytes.starts_with(BOM), spreadsheet, "{table}: BOM");
        let (header, rows) = read_csv(&bytes, delimiter);
        let expected = db_rows(&conn, table, &header);
        assert_eq!(rows.len(), expected.len(), "{table}: row count");
        for (i, (row, want)) in rows.iter().zip(&expected).enumerate() {
            let want: Vec<String> = want
                .iter()
                .map(|v| expected_cell(v, spreadsheet, decimal_comma))
                .collect();
            assert_eq!(row, &want, "{table}: row {}", i + 1);
        }
        if spreadsheet {
            assert!(
                !header.iter().any(|c| c == "raw_text" || c == "raw_bytes"),
                "{table}"
            );
        }
        tables += 1;
    }
    assert_eq!(tables, gazette::export::EXPORTS.len());
}

/// Record ends are CRLF; a bare LF only occurs inside a quoted cell.
fn assert_crlf_records(name: &str, bytes: &[u8]) {
    let mut in_quotes = false;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'"' => in_quotes = !in_quotes,
            b'\n' if !in_quotes => assert_eq!(
                bytes.get(i.wrapping_sub(1)),
                Some(&b'\r'),
                "{name}: bare LF at {i}"
            ),
            b'\r' if !in_quotes => {
                assert_eq!(bytes.get(i + 1), Some(&b'\n'), "{name}: bare CR at {i}")
            }
            _ => {}
        }
    }
    assert!(!in_quotes, "{name}: unterminated quote");
    assert!(
        bytes.ends_with(b"\r\n"),
        "{name}: last record ends with CRLF"
    );
}

#[test]
fn two_exports_of_the_same_database_are_byte_identical() {
    let imp = import();
    for flavour in ["spreadsheet", "data"] {
        let (a, b) = (
            imp.path(&format!("{flavour}-a")),
            imp.path(&format!("{flavour}-b")),
        );
        ok(imp.export(&a, &["--flavour", flavour]));
        ok(imp.export(&b, &["--flavour", flavour]));
        let (fa, fb) = (files(&a), files(&b));
        assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
        for (name, bytes) in &fa {
            assert!(
                bytes == &fb[name],
                "{flavour}: {name} differs between two exports"
            );
        }
        if flavour == "spreadsheet" {
            assert!(
                files(&imp.csv) == fa,
                "the import's csv/ equals a later export"
            );
        }
    }
}

#[test]
fn the_export_directory_is_replaced_as_a_whole() {
    let imp = import();
    let dir = imp.csv.clone();
    fs::write(dir.join("stale.csv"), "old").unwrap();
    fs::write(dir.join(".~lock.comments.csv#"), "lock").unwrap();
    ok(imp.export(&dir, &["--rows-per-part", "10"]));
    assert!(dir.join("paragraphs.part1.csv").exists());
    assert!(!dir.join("stale.csv").exists());
    assert!(!dir.join(".~lock.comments.csv#").exists());
    ok(imp.export(&dir, &[]));
    let names: Vec<String> = files(&dir).into_keys().collect();
    assert!(
        !names.iter().any(|n| n.contains(".part")),
        "parts of the split export linger: {names:?}"
    );
    assert_eq!(names.len(), gazette::export::EXPORTS.len() + 1);
    // No staging or old directory is left beside it.
    let siblings: Vec<_> = fs::read_dir(imp.tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(
        !siblings
            .iter()
            .any(|n| n.to_string_lossy().starts_with("csv.")),
        "{siblings:?}"
    );
}

#[test]
fn a_folder_that_is_not_an_export_is_never_replaced() {
    let imp = import();
    let notes = imp.path("notes");
    fs::create_dir(&notes).unwrap();
    fs::write(notes.join("todo.txt"), "keep me").unwrap();
    let out = imp.export(&notes, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("refusing to replace"));
    assert_eq!(
        fs::read_to_string(notes.join("todo.txt")).unwrap(),
        "keep me"
    );

    let mine = imp.path("my-csvs");
    fs::create_dir(&mine).unwrap();
    fs::write(mine.join("budget.csv"), "a,b\r\n").unwrap();
    assert_eq!(imp.export(&mine, &[]).status.code(), Some(1));
    assert!(
        mine.join("budget.csv").exists(),
        "CSV files without a datapackage.json are not ours"
    );

    let file = imp.path("a-file");
    fs::write(&file, "x").unwrap();
    assert_eq!(imp.export(&file, &[]).status.code(), Some(1));
    assert_eq!(fs::read_to_string(&file).unwrap(), "x");

    let empty = imp.path("empty");
    fs::create_dir(&empty).unwrap();
    ok(imp.export(&empty, &[]));
    assert!(empty.join("datapackage.json").exists());
}

#[test]
fn spreadsheet_csv_has_bom_crlf_and_rfc_4180_quoting() {
    let imp = import();
    for (name, bytes) in files(&imp.csv) {
        if name.ends_with(".csv") {
            assert!(bytes.starts_with(BOM), "{name}: BOM");
            assert_crlf_records(&name, &bytes);
        }
    }
    let comments = fs::read_to_string(imp.csv.join("comments.csv")).unwrap();
    // A multi-line comment stays one quoted cell, with its LF line breaks and its accents.
    assert!(comments.contains(
        "\"'-1 pour moi : trop cher.\nDeuxième ligne, avec des accents : à é è ê ô ù ç.\nTroisième ligne 🇫🇷 ✅\""
    ));
    // Quotes inside a cell are doubled.
    assert!(comments.contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\nCliquez, c'est sûr 😇\""));
    assert_cells_match(&imp, &imp.csv, true, false, b',');
}

#[test]
fn formula_like_text_is_escaped_and_numbers_are_not() {
    let imp = import();
    add_numbers(&imp.conn());
    let dir = imp.path("out");
    ok(imp.export(&dir, &[]));
    let read = |f: &str| fs::read_to_string(dir.join(f)).unwrap();
    assert!(
        read("articles.csv").contains(",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\") Les téléphones")
    );
    let paragraphs = read("paragraphs.csv");
    for start in [
        "'=HYPERLINK(",
        "'+33 6 12 34 56 78 :",
        "'-1 degré",
        "'@Name a résumé",
    ] {
        assert!(paragraphs.contains(start), "paragraphs.csv lacks {start}");
    }
    assert!(read("bylines.csv").contains(",'-AFP,author,"));
    let comments = read("comments.csv");
    assert!(comments.contains(",'+33 6 12 34 56 78,"), "comment author");
    assert!(comments.contains("\"'+33 6 12 34 56 78 appelez-moi\npour en parler 📞\""));
    // Numbers stay numbers, negative ones included.
    let mentions = read("mentions.csv");
    assert!(mentions.contains(",rule,0.75,-1234.5,EUR,"), "{mentions}");

    // No string cell of any file starts like a formula; number cells parse as numbers.
    let pkg = package(&dir);
    for r in resources(&pkg) {
        let (header, rows) = read_csv(
            &fs::read(dir.join(r["path"].as_str().unwrap())).unwrap(),
            b',',
        );
        let types: Vec<&str> = r["schema"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["type"].as_str().unwrap())
            .collect();
        assert_eq!(types.len(), header.len());
        for row in &rows {
            for (cell, ty) in row.iter().zip(&types) {
                match *ty {
                    "string" => assert!(
                        !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                        "{cell:?}"
                    ),
                    "integer" => {
                        assert!(cell.is_empty() || cell.parse::<i64>().is_ok(), "{cell:?}")
                    }
                    "number" => assert!(cell.is_empty() || cell.parse::<f64>().is_ok(), "{cell:?}"),
                    other => panic!("unexpected type {other}"),
                }
            }
        }
    }
    assert_cells_match(&imp, &dir, true, false, b',');
}

#[test]
fn excel_fr_writes_semicolons_and_decimal_commas() {
    let imp = import();
    add_numbers(&imp.conn());
    let dir = imp.path("fr");
    ok(imp.export(&dir, &["--excel-fr"]));
    let mentions = fs::read_to_string(dir.join("mentions.csv")).unwrap();
    assert!(mentions.starts_with("\u{feff}id;entity_id;paragraph_id;comment_id;"));
    assert!(mentions.contains(";rule;0,75;-1234,5;EUR;"), "{mentions}");
    let entities = fs::read_to_string(dir.join("entities.csv")).unwrap();
    assert!(
        entities.contains(";\"'-1 234,5 €\";MONEY;") || entities.contains(";'-1 234,5 €;MONEY;")
    );
    let pkg = package(&dir);
    let confidence = resource(&pkg, "mentions")["schema"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "confidence")
        .unwrap()
        .clone();
    assert_eq!(confidence["decimalChar"], ",");
    assert_eq!(resource(&pkg, "mentions")["dialect"]["delimiter"], ";");
    assert_cells_match(&imp, &dir, true, true, b';');
}

#[test]
fn a_custom_delimiter_is_used_and_an_unusable_one_refused() {
    let imp = import();
    let dir = imp.path("tab");
    ok(imp.export(&dir, &["--delimiter", "\t"]));
    assert_eq!(package(&dir)["resources"][0]["dialect"]["delimiter"], "\t");
    assert_cells_match(&imp, &dir, true, false, b'\t');
    let bad = imp.export(&imp.path("bad"), &["--delimiter", "é"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--delimiter"));
    assert!(!imp.path("bad").exists());
}

#[test]
fn files_over_the_row_limit_are_split_into_numbered_parts() {
    let imp = import();
    let whole = imp.path("whole");
    let split = imp.path("split");
    ok(imp.export(&whole, &[]));
    ok(imp.export(&split, &["--rows-per-part", "10"]));
    let (header, all_rows) = read_csv(&fs::read(whole.join("paragraphs.csv")).unwrap(), b',');
    assert!(
        all_rows.len() > 20,
        "the seeds have enough paragraphs to split"
    );
    assert!(
        !split.join("paragraphs.csv").exists(),
        "a split table has only numbered files"
    );
    let mut rows = Vec::new();
    let mut n = 1;
    while let Ok(bytes) = fs::read(split.join(format!("paragraphs.part{n}.csv"))) {
        assert!(bytes.starts_with(BOM));
        let (h, r) = read_csv(&bytes, b',');
        assert_eq!(h, header, "every part has the header row");
        assert!(!r.is_empty() && r.len() <= 10);
        rows.extend(r);
        n += 1;
    }
    assert_eq!(n - 1, all_rows.len().div_ceil(10));
    assert_eq!(
        rows, all_rows,
        "the parts together are the whole table, in order"
    );

    let pkg = package(&split);
    let part = resource(&pkg, "paragraphs.part2");
    assert_eq!(part["path"], "paragraphs.part2.csv");
    assert_eq!(part["schema"]["primaryKey"], serde_json::json!(["id"]));
    // A part still references whole tables …
    assert_eq!(
        part["schema"]["foreignKeys"][0]["reference"]["resource"],
        "articles"
    );
    // … but a key into a split table cannot name one resource, so it is described instead.
    let comments = resource(&pkg, "comments.part1");
    let fks = comments["schema"]["foreignKeys"].as_array().unwrap();
    assert!(!fks.iter().any(|fk| fk["fields"][0] == "parent_id"));
    assert!(comments["description"]
        .as_str()
        .unwrap()
        .contains("parent_id → comments.id"));
}

#[test]
fn data_flavour_round_trips_through_the_csv_crate() {
    let imp = import();
    add_numbers(&imp.conn());
    let dir = imp.path("data");
    ok(imp.export(&dir, &["--flavour", "data"]));
    for (name, bytes) in files(&dir) {
        if name.ends_with(".csv") {
            assert!(
                !bytes.starts_with(BOM),
                "{name}: no BOM in the data flavour"
            );
            assert_crlf_records(&name, &bytes);
        }
    }
    let (header, _) = read_csv(&fs::read(dir.join("documents.csv")).unwrap(), b',');
    assert!(header.iter().any(|c| c == "raw_text") && header.iter().any(|c| c == "raw_bytes"));
    assert!(fs::read_to_string(dir.join("paragraphs.csv"))
        .unwrap()
        .contains(",\"=HYPERLINK(\"\"http://x\"\""));
    assert_cells_match(&imp, &dir, false, false, b',');

    // Reals read back to the very same f64.
    let (header, rows) = read_csv(&fs::read(dir.join("mentions.csv")).unwrap(), b',');
    let col = header.iter().position(|c| c == "value_num").unwrap();
    assert!(rows
        .iter()
        .any(|r| r[col].parse::<f64>().unwrap_or(0.0) == -1234.5));
}

#[test]
fn rows_are_in_key_order() {
    let imp = import();
    let pkg = package(&imp.csv);
    for r in resources(&pkg) {
        let (header, rows) = read_csv(
            &fs::read(imp.csv.join(r["path"].as_str().unwrap())).unwrap(),
            b',',
        );
        let key: Vec<usize> = r["schema"]["primaryKey"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| header.iter().position(|h| h == k).unwrap())
            .collect();
        let sort_key = |row: &Vec<String>| -> Vec<(i64, String)> {
            key.iter()
                .map(|&i| match row[i].parse::<i64>() {
                    Ok(n) => (n, String::new()),
                    Err(_) => (i64::MIN, row[i].clone()),
                })
                .collect()
        };
        for w in rows.windows(2) {
            assert!(
                sort_key(&w[0]) < sort_key(&w[1]),
                "{}: {:?} before {:?}",
                r["name"],
                w[0],
                w[1]
            );
        }
    }
}

#[test]
fn datapackage_describes_every_file() {
    let imp = import_with(&[("SOURCE_DATE_EPOCH", "1700000000")]);
    let pkg = package(&imp.csv);
    assert_eq!(
        pkg["$schema"],
        "https://datapackage.org/profiles/2.0/datapackage.json"
    );
    assert_eq!(pkg["name"], "gazette");
    assert!(pkg["title"].as_str().is_some_and(|t| !t.is_empty()));
    assert!(pkg["description"].as_str().is_some_and(|t| !t.is_empty()));
    assert_eq!(pkg["created"], "2023-11-14T22:13:20Z");
    assert_eq!(pkg["version"], "1");
    assert_eq!(pkg["tool"]["name"], "gazette");
    assert_eq!(pkg["tool"]["version"], env!("CARGO_PKG_VERSION"));

    let on_disk: Vec<String> = files(&imp.csv)
        .into_keys()
        .filter(|n| n.ends_with(".csv"))
        .collect();
    let mut described: Vec<String> = resources(&pkg)
        .iter()
        .map(|r| r["path"].as_str().unwrap().to_string())
        .collect();
    described.sort();
    assert_eq!(described, on_disk);
    for r in resources(&pkg) {
        let name = r["name"].as_str().unwrap();
        let bytes = fs::read(imp.csv.join(r["path"].as_str().unwrap())).unwrap();
        assert_eq!(r["bytes"], bytes.len() as u64, "{name}");
        let sha: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(r["hash"], format!("sha256:{sha}"), "{name}");
        assert_eq!(r["encoding"], "utf-8-sig");
        assert_eq!(r["format"], "csv");
        assert_eq!(r["mediatype"], "text/csv");
        assert_eq!(r["dialect"]["lineTerminator"], "\r\n");
        assert_eq!(r["dialect"]["header"], true);
        let (header, _) = read_csv(&bytes, b',');
        let fields = r["schema"]["fields"].as_array().unwrap();
        let names: Vec<&str> = fields.iter().map(|f| f["name"].as_str().unwrap()).collect();
        assert_eq!(names, header, "{name}");
        for f in fields {
            assert!(
                ["integer", "number", "string"].contains(&f["type"].as_str().unwrap()),
                "{name}: {f}"
            );
            assert!(
                f["description"].as_str().is_some_and(|d| !d.is_empty()),
                "{name}: {f} (data/columns.tsv)"
            );
        }
        assert!(
            r["schema"]["primaryKey"]
                .as_array()
                .is_some_and(|k| !k.is_empty()),
            "{name}"
        );
        assert_eq!(r["schema"]["missingValues"], serde_json::json!([""]));
    }
    let fk = |res: &str, field: &str| -> Json {
        resource(&pkg, res)["schema"]["foreignKeys"]
            .as_array()
            .unwrap()
            .iter()
            .find(|fk| fk["fields"] == serde_json::json!([field]))
            .unwrap_or_else(|| panic!("{res}.{field} has no foreign key"))["reference"]
            .clone()
    };
    assert_eq!(
        fk("comments", "parent_id"),
        serde_json::json!({"fields": ["id"]}),
        "self-reference"
    );
    assert_eq!(
        fk("mentions", "entity_id"),
        serde_json::json!({"resource": "entities", "fields": ["id"]})
    );
    assert_eq!(
        fk("paragraphs", "article_id"),
        serde_json::json!({"resource": "articles", "fields": ["id"]})
    );
    assert_eq!(
        fk("comment_threads", "root_id"),
        serde_json::json!({"resource": "comments", "fields": ["id"]})
    );
    assert_eq!(
        resource(&pkg, "entity_aliases")["schema"]["primaryKey"],
        serde_json::json!(["entity_id", "alias"])
    );

    // Without SOURCE_DATE_EPOCH there is no build time, and no clock time takes its place.
    let plain = import();
    assert!(package(&plain.csv).get("created").is_none());
}
