//! The export checked by the outside tools people use on it: `frictionless validate` on the
//! data package, and LibreOffice opening every spreadsheet CSV the way a person would (UTF-8,
//! formula evaluation on) and saving it as xlsx, which is then read back cell by cell.
//!
//! These need `frictionless`, LibreOffice Calc and `unzip` (`scripts/install-test-tools.sh`
//! installs them), so they are `#[ignore]`d for plain `cargo test`; run them with
//! `cargo test --test export_validation -- --ignored`. A missing tool fails the test, it never
//! passes silently.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use rusqlite::types::Value;
use rusqlite::Connection;
use serde_json::Value as Json;
use sha2::{Digest, Sha256};
use tempfile::TempDir;

const FIXTURE: &str = "tests/fixtures/formula_page.txt";
/// LibreOffice's CSV import options: separator (ASCII code), text delimiter `"`, character set
/// 76 (UTF-8), start at line 1, no column types, locale, quoted fields not forced to text,
/// special numbers (dates…) not detected, …, token 13: evaluate formulas = true — the most
/// dangerous way to open a CSV, so that an unescaped formula would show.
fn csv_filter(separator: u8, locale: u32) -> String {
    format!("Text - txt - csv (StarCalc):{separator},34,76,1,,{locale},false,false,false,false,false,,true")
}

fn gazette() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_gazette"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c.env_remove("SOURCE_DATE_EPOCH");
    c
}

fn ok(what: &str, out: Output) -> Output {
    assert!(
        out.status.success(),
        "{what} failed ({}):\n{}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// An outside tool: on PATH, or where the install script puts it.
fn tool(names: &[&str], also: &[&str]) -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    for name in names {
        for dir in std::env::split_paths(&path) {
            let p = dir.join(name);
            if p.is_file() {
                return p;
            }
        }
    }
    also.iter()
        .map(PathBuf::from)
        .find(|p| p.is_file())
        .unwrap_or_else(|| panic!("{} not found: run scripts/install-test-tools.sh", names[0]))
}

struct Imported {
    tmp: TempDir,
    db: PathBuf,
}

impl Imported {
    fn path(&self, name: &str) -> PathBuf {
        self.tmp.path().join(name)
    }

    fn export(&self, name: &str, args: &[&str]) -> PathBuf {
        let dir = self.path(name);
        ok(
            "gazette export",
            gazette()
                .args(["export", "--quiet", "--db"])
                .arg(&self.db)
                .arg("--csv")
                .arg(&dir)
                .args(args)
                .output()
                .unwrap(),
        );
        dir
    }

    fn conn(&self) -> Connection {
        Connection::open(&self.db).unwrap()
    }
}

/// The seeds plus the formula page, with one mention carrying real numbers (so number columns
/// hold values whatever the entity recognizer finds).
fn import() -> Imported {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("g.db");
    ok(
        "gazette import",
        gazette()
            .args(["import", "--quiet", "--no-csv", "--db"])
            .arg(&db)
            .args(["seeds", FIXTURE])
            .env("SOURCE_DATE_EPOCH", "1700000000")
            .output()
            .unwrap(),
    );
    let imp = Imported { tmp, db };
    imp.conn()
        .execute_batch(
            "INSERT INTO entities (name, type, merge_key, mention_count)
                 VALUES ('-1 234,5 €', 'MONEY', 'MONEY:test-1234.5-EUR', 1);
             INSERT INTO mentions (entity_id, paragraph_id, char_start, char_end, surface, method,
                                   confidence, value_num, value_unit)
                 SELECT last_insert_rowid(), min(id), 0, 2, '-1', 'rule', 0.75, -1234.5, 'EUR'
                 FROM paragraphs;",
        )
        .unwrap();
    imp
}

fn package(dir: &Path) -> Json {
    serde_json::from_slice(&fs::read(dir.join("datapackage.json")).unwrap()).unwrap()
}

fn resources(pkg: &Json) -> Vec<(String, String)> {
    pkg["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["name"].as_str().unwrap().to_string(),
                r["path"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// `frictionless validate --json`: (valid, the report).
fn frictionless(dir: &Path) -> (bool, Json) {
    let home = std::env::var("HOME").unwrap_or_default();
    let user = format!("{home}/.local/share/gazette-test-tools/bin/frictionless");
    let bin = tool(
        &["frictionless"],
        &["/opt/gazette-test-tools/bin/frictionless", &user],
    );
    let out = Command::new(bin)
        .args(["validate", "--json"])
        .arg(dir.join("datapackage.json"))
        .output()
        .unwrap();
    let report: Json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "frictionless printed no JSON report ({e}):\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (report["valid"] == true, report)
}

fn error_types(report: &Json) -> Vec<String> {
    let mut types = Vec::new();
    for task in report["tasks"].as_array().into_iter().flatten() {
        for e in task["errors"].as_array().into_iter().flatten() {
            types.push(format!("{}: {} {}", task["name"], e["type"], e["message"]));
        }
    }
    types
}

#[test]
#[ignore = "needs frictionless (scripts/install-test-tools.sh)"]
fn frictionless_validates_the_export_in_every_flavour() {
    let imp = import();
    for (name, args) in [
        ("spreadsheet", &[][..]),
        ("data", &["--flavour", "data"][..]),
        ("excel-fr", &["--excel-fr"][..]),
        ("data-fr", &["--flavour", "data", "--excel-fr"][..]),
        ("tab", &["--delimiter", "\t"][..]),
        ("split", &["--rows-per-part", "10"][..]),
    ] {
        let dir = imp.export(name, args);
        let (valid, report) = frictionless(&dir);
        assert!(
            valid,
            "{name}: frictionless finds errors:\n{}",
            error_types(&report).join("\n")
        );
        let tasks = report["tasks"].as_array().unwrap();
        assert_eq!(
            tasks.len(),
            resources(&package(&dir)).len(),
            "{name}: one task per file"
        );
        for (task, (res, path)) in tasks.iter().zip(resources(&package(&dir))) {
            assert_eq!(task["name"], res.as_str());
            let bytes = fs::read(dir.join(&path)).unwrap();
            let body = bytes
                .strip_prefix(b"\xef\xbb\xbf".as_slice())
                .unwrap_or(&bytes);
            let delimiter = if name == "tab" {
                b'\t'
            } else if name.ends_with("fr") {
                b';'
            } else {
                b','
            };
            let rows = csv::ReaderBuilder::new()
                .delimiter(delimiter)
                .from_reader(body)
                .records()
                .count();
            // frictionless reports no row count for a file with a header only.
            assert_eq!(
                task["stats"]["rows"].as_u64().unwrap_or(0),
                rows as u64,
                "{name}: {res} read whole"
            );
        }
        assert!(
            report["warnings"].as_array().is_none_or(|w| w.is_empty()),
            "{name}: {}",
            report["warnings"]
        );
    }
}

#[test]
#[ignore = "needs frictionless (scripts/install-test-tools.sh)"]
fn frictionless_catches_a_broken_export() {
    // The validator really reads the files: a changed byte breaks the hash, and a dangling
    // key breaks a foreign key even when size and hash are made to match again.
    let imp = import();
    let dir = imp.export("spreadsheet", &[]);
    let path = dir.join("paragraphs.csv");
    let text = fs::read_to_string(&path).unwrap();
    let (header, rest) = text.split_once("\r\n").unwrap();
    let (first, others) = rest.split_once("\r\n").unwrap();
    let mut cells: Vec<&str> = first.splitn(3, ',').collect();
    assert_eq!(
        header.trim_start_matches('\u{feff}').split(',').nth(1),
        Some("article_id")
    );
    cells[1] = "99999";
    let tampered = format!("{header}\r\n{}\r\n{others}", cells.join(","));
    fs::write(&path, &tampered).unwrap();
    let (valid, report) = frictionless(&dir);
    assert!(!valid);
    assert!(
        error_types(&report)
            .iter()
            .any(|e| e.contains("hash-count")),
        "{:?}",
        error_types(&report)
    );

    let mut pkg = package(&dir);
    for r in pkg["resources"].as_array_mut().unwrap() {
        if r["name"] == "paragraphs" {
            r["bytes"] = tampered.len().into();
            let sha: String = Sha256::digest(tampered.as_bytes())
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            r["hash"] = format!("sha256:{sha}").into();
        }
    }
    fs::write(
        dir.join("datapackage.json"),
        serde_json::to_string_pretty(&pkg).unwrap(),
    )
    .unwrap();
    let (valid, report) = frictionless(&dir);
    assert!(!valid);
    let errors = error_types(&report);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("foreign-key"), "{errors:?}");
}

/// A cell of a worksheet as saved in xlsx.
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Empty,
    Number(String),
    Text(String),
    Formula(String),
    Other(String),
}

/// Decodes XML entities and OOXML's `_xHHHH_` escapes (used for control characters).
fn xml_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let end = rest[i..].find(';').map(|e| i + e).unwrap();
        let ent = &rest[i + 1..end];
        match ent {
            "amp" => out.push('&'),
            "lt" => out.push('<'),
            "gt" => out.push('>'),
            "quot" => out.push('"'),
            "apos" => out.push('\''),
            _ if ent.starts_with("#x") => {
                out.push(char::from_u32(u32::from_str_radix(&ent[2..], 16).unwrap()).unwrap())
            }
            _ if ent.starts_with('#') => {
                out.push(char::from_u32(ent[1..].parse().unwrap()).unwrap())
            }
            _ => panic!("unknown entity &{ent};"),
        }
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    // `_x000D_` is a CR; `_x005F_` escapes a literal underscore that precedes `xHHHH_`.
    let mut decoded = String::with_capacity(out.len());
    let mut rest = out.as_str();
    while let Some(i) = rest.find("_x") {
        let hex = rest.get(i + 2..i + 6);
        let code = hex
            .filter(|_| rest.get(i + 6..i + 7) == Some("_"))
            .and_then(|h| u32::from_str_radix(h, 16).ok());
        decoded.push_str(&rest[..i]);
        match code.and_then(char::from_u32) {
            Some(c) => {
                decoded.push(c);
                rest = &rest[i + 7..];
            }
            None => {
                decoded.push_str("_x");
                rest = &rest[i + 2..];
            }
        }
    }
    decoded.push_str(rest);
    decoded
}

/// The text of every `<t>` in `xml` (rich-text runs joined), phonetic hints left out.
fn t_text(xml: &str) -> String {
    let mut out = String::new();
    let mut rest = xml;
    while let Some(i) = rest.find("<t") {
        let after = &rest[i + 2..];
        if !(after.starts_with('>') || after.starts_with(' ') || after.starts_with("/>")) {
            rest = after;
            continue;
        }
        let open_end = after.find('>').unwrap();
        if after[..open_end].ends_with('/') {
            rest = &after[open_end + 1..];
            continue;
        }
        let body = &after[open_end + 1..];
        let close = body.find("</t>").unwrap();
        out.push_str(&xml_text(&body[..close]));
        rest = &body[close + 4..];
    }
    out
}

fn shared_strings(xml: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(i) = rest.find("<si>") {
        let end = rest[i..].find("</si>").map(|e| i + e).unwrap();
        let mut si = rest[i + 4..end].to_string();
        while let Some(p) = si.find("<rPh") {
            let e = si[p..].find("</rPh>").map(|e| p + e + 6).unwrap();
            si.replace_range(p..e, "");
        }
        out.push(t_text(&si));
        rest = &rest[end + 5..];
    }
    out
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let i = tag.find(&key)? + key.len();
    Some(&tag[i..i + tag[i..].find('"')?])
}

/// (row, column), both 0-based, of a reference like `AB12`.
fn cell_ref(r: &str) -> (usize, usize) {
    let split = r.find(|c: char| c.is_ascii_digit()).unwrap();
    let col = r[..split]
        .bytes()
        .fold(0, |n, b| n * 26 + (b - b'A' + 1) as usize)
        - 1;
    (r[split..].parse::<usize>().unwrap() - 1, col)
}

/// Every cell of the first worksheet of an xlsx file, as a grid.
fn read_xlsx(path: &Path) -> Vec<Vec<Cell>> {
    let unzip = tool(&["unzip"], &[]);
    let member = |name: &str| -> Option<String> {
        let out = Command::new(&unzip)
            .arg("-p")
            .arg(path)
            .arg(name)
            .output()
            .unwrap();
        out.status
            .success()
            .then(|| String::from_utf8(out.stdout).unwrap())
    };
    let strings = member("xl/sharedStrings.xml")
        .map(|x| shared_strings(&x))
        .unwrap_or_default();
    let sheet = member("xl/worksheets/sheet1.xml").expect("xlsx without sheet1.xml");
    let data = &sheet
        [sheet.find("<sheetData").unwrap()..sheet.find("</sheetData>").unwrap_or(sheet.len())];
    let mut grid: Vec<Vec<Cell>> = Vec::new();
    let mut rest = data;
    while let Some(i) = rest.find("<c ") {
        let tag_end = i + rest[i..].find('>').unwrap();
        let tag = &rest[i..tag_end];
        let (body, next) = if tag.ends_with('/') {
            ("", tag_end + 1)
        } else {
            let close = tag_end + rest[tag_end..].find("</c>").unwrap();
            (&rest[tag_end + 1..close], close + 4)
        };
        let (row, col) = cell_ref(attr(tag, "r").expect("cell without a reference"));
        let value = body
            .find("<v>")
            .map(|v| xml_text(&body[v + 3..v + body[v..].find("</v>").unwrap()]));
        let cell = if body.contains("<f") {
            Cell::Formula(body.to_string())
        } else {
            match (attr(tag, "t"), value) {
                (Some("s"), Some(v)) => Cell::Text(strings[v.parse::<usize>().unwrap()].clone()),
                (Some("inlineStr"), _) => Cell::Text(t_text(body)),
                (Some("str"), Some(v)) => Cell::Text(v),
                (None | Some("n"), Some(v)) => Cell::Number(v),
                (_, None) => Cell::Empty,
                (Some(t), Some(v)) => Cell::Other(format!("{t}: {v}")),
            }
        };
        if grid.len() <= row {
            grid.resize(row + 1, Vec::new());
        }
        if grid[row].len() <= col {
            grid[row].resize(col + 1, Cell::Empty);
        }
        grid[row][col] = cell;
        rest = &rest[next..];
    }
    grid
}

/// Converts CSV files to xlsx with LibreOffice headless, all in one run.
fn libreoffice_to_xlsx(files: &[PathBuf], out: &Path, filter: &str, profile: &Path) {
    let soffice = tool(
        &["soffice", "libreoffice"],
        &["/usr/lib/libreoffice/program/soffice"],
    );
    fs::create_dir_all(out).unwrap();
    ok(
        "libreoffice --convert-to xlsx",
        Command::new(soffice)
            .arg(format!(
                "-env:UserInstallation=file://{}",
                profile.display()
            ))
            .args(["--headless", "--norestore", "--nolockcheck"])
            .arg(format!("--infilter={filter}"))
            .args(["--convert-to", "xlsx", "--outdir"])
            .arg(out)
            .args(files)
            .output()
            .unwrap(),
    );
    for f in files {
        let x = out.join(f.file_stem().unwrap()).with_extension("xlsx");
        assert!(x.is_file(), "LibreOffice did not write {}", x.display());
    }
}

fn cell_at(grid: &[Vec<Cell>], row: usize, col: usize) -> Cell {
    grid.get(row)
        .and_then(|r| r.get(col))
        .cloned()
        .unwrap_or(Cell::Empty)
}

/// Opens every spreadsheet CSV of `dir` in LibreOffice and checks each cell against the
/// database. Returns the text cells that LibreOffice read as numbers (text like `5`).
fn check_in_libreoffice(imp: &Imported, dir: &Path, separator: u8, locale: u32) -> Vec<String> {
    let pkg = package(dir);
    let files: Vec<PathBuf> = resources(&pkg).iter().map(|(_, p)| dir.join(p)).collect();
    let out = dir.with_extension("xlsx");
    let profile = imp.path("lo-profile");
    let filter = csv_filter(separator, locale);

    // Canary: the same import reads an unescaped formula as a formula, so evaluation is on
    // and a clean result below means something.
    let canary = imp.path("canary.csv");
    fs::write(
        &canary,
        "\u{feff}a\r\n=1+1\r\n\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"\r\n",
    )
    .unwrap();
    libreoffice_to_xlsx(&[canary], &imp.path("canary-xlsx"), &filter, &profile);
    let grid = read_xlsx(&imp.path("canary-xlsx").join("canary.xlsx"));
    assert!(
        matches!(cell_at(&grid, 1, 0), Cell::Formula(_)),
        "canary: {grid:?}"
    );
    assert!(
        matches!(cell_at(&grid, 2, 0), Cell::Formula(_)),
        "canary: {grid:?}"
    );

    libreoffice_to_xlsx(&files, &out, &filter, &profile);
    let conn = imp.conn();
    let mut numeric_text = Vec::new();
    for (name, path) in resources(&pkg) {
        let table = name.split('.').next().unwrap();
        let grid = read_xlsx(&out.join(Path::new(&path).with_extension("xlsx")));
        let header: Vec<String> = grid[0]
            .iter()
            .map(|c| match c {
                Cell::Text(t) => t.clone(),
                other => panic!("{name}: header cell {other:?}"),
            })
            .collect();
        let order = gazette::export::EXPORTS
            .iter()
            .find(|e| e.name == table)
            .unwrap()
            .order;
        let cols = header
            .iter()
            .map(|c| format!("\"{c}\""))
            .collect::<Vec<_>>()
            .join(", ");
        let mut st = conn
            .prepare(&format!("SELECT {cols} FROM \"{table}\" ORDER BY {order}"))
            .unwrap();
        let rows: Vec<Vec<Value>> = st
            .query_map([], |r| {
                (0..header.len()).map(|i| r.get::<_, Value>(i)).collect()
            })
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(grid.len(), rows.len() + 1, "{name}: rows in the sheet");
        for (i, row) in rows.iter().enumerate() {
            for (j, v) in row.iter().enumerate() {
                let got = cell_at(&grid, i + 1, j);
                let at = format!("{name} row {} column {}", i + 1, header[j]);
                match (v, &got) {
                    (_, Cell::Formula(f)) => panic!("{at}: a formula: {f}"),
                    (Value::Null, Cell::Empty) => {}
                    (Value::Integer(n), Cell::Number(s)) => {
                        assert_eq!(s.parse::<f64>().unwrap(), *n as f64, "{at}")
                    }
                    (Value::Real(x), Cell::Number(s)) => {
                        let y = s.parse::<f64>().unwrap();
                        assert!((x - y).abs() <= x.abs() * 1e-12, "{at}: {x} read as {y}")
                    }
                    (Value::Text(t), Cell::Empty) if t.is_empty() => {}
                    (Value::Text(t), Cell::Text(s)) => {
                        let want = if t.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                            format!("'{t}")
                        } else {
                            t.clone()
                        };
                        assert_eq!(s, &want, "{at}");
                    }
                    // Text that is a plain number (dataset_meta's counts, a DATE entity named
                    // `2024`) is read as that number, which is harmless only when it has the
                    // very same characters (in the locale's decimal notation): `0612` read as
                    // 612 or `1,500` as 1500 would be data lost, and fails here.
                    (Value::Text(t), Cell::Number(s))
                        if s == t
                            || (locale == 1036
                                && *s == t.replace(',', ".")
                                && !t.contains('.')) =>
                    {
                        numeric_text.push(format!("{at}: {t}"))
                    }
                    (v, got) => panic!("{at}: database {v:?}, spreadsheet {got:?}"),
                }
            }
        }
    }
    numeric_text
}

#[test]
#[ignore = "needs LibreOffice Calc and unzip (scripts/install-test-tools.sh)"]
fn libreoffice_opens_every_spreadsheet_csv_as_inert_text() {
    let imp = import();
    let dir = imp.export("csv", &[]);
    let numeric_text = check_in_libreoffice(&imp, &dir, b',', 1033);
    eprintln!("text cells read as the same number: {numeric_text:#?}");

    // The formula page arrived whole: escaped cells, accents, emoji, multi-line comments.
    let xlsx = dir.with_extension("xlsx");
    let texts = |file: &str| -> Vec<String> {
        read_xlsx(&xlsx.join(file))
            .into_iter()
            .flatten()
            .filter_map(|c| if let Cell::Text(t) = c { Some(t) } else { None })
            .collect()
    };
    let articles = texts("articles.xlsx");
    assert!(articles.contains(
        &"'=HYPERLINK(\"http://x\",\"y\") Les téléphones « made in France » arrivent 📱"
            .to_string()
    ));
    let paragraphs = texts("paragraphs.xlsx");
    for start in [
        "'+33 6 12 34 56 78 : c'est",
        "'-1 degré à Caen",
        "'@Name a résumé",
    ] {
        assert!(paragraphs.iter().any(|p| p.starts_with(start)), "{start}");
    }
    assert!(texts("bylines.xlsx").contains(&"'-AFP".to_string()));
    let comments = texts("comments.xlsx");
    assert!(comments.contains(
        &"'-1 pour moi : trop cher.\nDeuxième ligne, avec des accents : à é è ê ô ù ç.\nTroisième ligne 🇫🇷 ✅".to_string()
    ));
    assert!(
        comments.contains(&"'=HYPERLINK(\"http://x\",\"y\")\nCliquez, c'est sûr 😇".to_string())
    );
}

#[test]
#[ignore = "needs LibreOffice Calc and unzip (scripts/install-test-tools.sh)"]
fn libreoffice_in_french_reads_semicolons_and_decimal_commas() {
    let imp = import();
    let dir = imp.export("csv-fr", &["--excel-fr"]);
    let numeric_text = check_in_libreoffice(&imp, &dir, b';', 1036);
    eprintln!("text cells read as the same number: {numeric_text:#?}");
    // The mention's numbers arrived as numbers (checked cell by cell above); make sure there
    // was one to check.
    let grid = read_xlsx(&dir.with_extension("xlsx").join("mentions.xlsx"));
    let counts: HashMap<&str, usize> =
        grid.iter()
            .skip(1)
            .flatten()
            .fold(HashMap::new(), |mut m, c| {
                if let Cell::Number(n) = c {
                    if n.contains('.') {
                        *m.entry("decimal").or_default() += 1;
                    }
                }
                m
            });
    assert!(counts.get("decimal").copied().unwrap_or(0) >= 2, "{grid:?}");
}
