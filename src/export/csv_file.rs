//! One table or view → one CSV file (or numbered parts), in the spreadsheet or data flavour.
//!
//! The writer is hand-rolled rather than built on the `csv` crate: it needs per-value decisions
//! the crate does not offer (quoting an empty string but not a NULL, a `'` before formula-like
//! text, a cut marker), and a hot loop that encodes straight from SQLite's buffers into one
//! output buffer without allocating per cell. The output is hashed as it is written, so
//! `datapackage.json` gets each file's sha256 without reading the file again.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

use rusqlite::types::ValueRef;
use rusqlite::Connection;
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

use super::Written;

/// How CSV files are written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvOptions {
    /// Spreadsheet flavour: BOM, formula-inert text, Excel's limits. Otherwise the data flavour.
    pub spreadsheet: bool,
    pub delimiter: char,
    /// Write numbers with a decimal comma (French-locale spreadsheets).
    pub decimal_comma: bool,
}

impl Default for CsvOptions {
    fn default() -> Self {
        CsvOptions {
            spreadsheet: true,
            delimiter: ',',
            decimal_comma: false,
        }
    }
}

impl CsvOptions {
    /// The delimiter as the single byte written, or a usage error for one a CSV cannot use.
    pub fn delimiter_byte(&self) -> Result<u8> {
        let d = self.delimiter;
        if !d.is_ascii()
            || matches!(d, '"' | '\r' | '\n' | '\'')
            || (d.is_ascii_control() && d != '\t')
        {
            return Err(Error::Usage(format!(
                "--delimiter {d:?}: the separator must be one ASCII character other than a quote, \
                 an apostrophe, a line break or a control character (tab is fine)"
            )));
        }
        Ok(d as u8)
    }

    /// Rows of data a file may hold before it is split (the header row comes on top).
    pub fn default_rows_per_part(&self) -> u64 {
        if self.spreadsheet {
            MAX_SHEET_ROWS - 1
        } else {
            u64::MAX
        }
    }
}

/// Records end with CRLF in both flavours, as RFC 4180 says; line breaks inside a cell stay LF.
pub const LINE_TERMINATOR: &str = "\r\n";
/// Excel's longest cell, in UTF-16 code units (what Excel counts; an emoji is two).
pub const MAX_CELL_CHARS: usize = 32_767;
/// Excel's most rows per sheet, header included.
pub const MAX_SHEET_ROWS: u64 = 1_048_576;
/// Appended to a cell cut at Excel's limit.
pub const CUT_MARKER: &str =
    " [… cut at Excel's limit of 32767 characters: the full text is in the database]";
/// Columns a spreadsheet cannot hold usefully (whole files).
pub const SPREADSHEET_DROPPED: &[&str] = &["raw_text", "raw_bytes"];
/// First characters that make a spreadsheet evaluate a cell (OWASP's list for CSV injection).
pub const FORMULA_TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

const FLUSH_AT: usize = 256 * 1024;

/// Turns SQLite values into CSV fields. Built once per export; `push_*` never allocate beyond
/// growing the caller's buffers.
pub struct Encoder {
    delimiter: u8,
    spreadsheet: bool,
    decimal_comma: bool,
    /// Bytes that force a field into quotes.
    special: [bool; 256],
}

impl Encoder {
    pub fn new(opts: &CsvOptions) -> Result<Encoder> {
        let delimiter = opts.delimiter_byte()?;
        let mut special = [false; 256];
        for b in [delimiter, b'"', b'\r', b'\n'] {
            special[b as usize] = true;
        }
        Ok(Encoder {
            delimiter,
            spreadsheet: opts.spreadsheet,
            decimal_comma: opts.decimal_comma,
            special,
        })
    }

    /// Appends `field` with RFC 4180 quoting: quoted when it holds the delimiter, a quote or a
    /// line break, quotes doubled. An empty field is written `""` so it differs from a NULL.
    pub fn push_field(&self, out: &mut Vec<u8>, field: &[u8]) {
        if field.is_empty() {
            out.extend_from_slice(b"\"\"");
        } else if !self.needs_quotes(field) {
            out.extend_from_slice(field);
        } else {
            out.push(b'"');
            let mut rest = field;
            while let Some(i) = rest.iter().position(|&b| b == b'"') {
                out.extend_from_slice(&rest[..=i]);
                out.push(b'"');
                rest = &rest[i + 1..];
            }
            out.extend_from_slice(rest);
            out.push(b'"');
        }
    }

    /// Whether `field` holds the delimiter, a quote or a line break. Scanned in fixed-size
    /// chunks without an early exit inside a chunk, so the compiler vectorizes the comparisons:
    /// this scan is the writer's hottest loop.
    fn needs_quotes(&self, field: &[u8]) -> bool {
        let d = self.delimiter;
        let hit = |b: u8| (b == d) | (b == b'"') | (b == b'\n') | (b == b'\r');
        let mut chunks = field.chunks_exact(32);
        for chunk in &mut chunks {
            if chunk.iter().fold(false, |acc, &b| acc | hit(b)) {
                return true;
            }
        }
        chunks.remainder().iter().any(|&b| self.special[b as usize])
    }

    /// Appends one value. NULL is an empty unquoted field; `scratch` is reused for the rare
    /// cells that must be rewritten (escaped, cut, non-finite or not UTF-8).
    pub fn push_value(&self, out: &mut Vec<u8>, v: ValueRef, scratch: &mut Vec<u8>) {
        match v {
            ValueRef::Null => {}
            ValueRef::Integer(i) => push_int(out, i),
            ValueRef::Real(f) if f.is_finite() => {
                let start = out.len();
                // Shortest text that reads back as the same f64; never exponent notation.
                let _ = write!(out, "{f}");
                if self.decimal_comma {
                    if let Some(dot) = out[start..].iter().position(|&b| b == b'.') {
                        out[start + dot] = b',';
                    }
                }
            }
            ValueRef::Real(f) => {
                // inf / -inf (SQLite has no NaN): frictionless reads these as numbers; in a
                // spreadsheet `-inf` would start a formula, so it is escaped like text.
                scratch.clear();
                let _ = write!(scratch, "{f}");
                let s = std::mem::take(scratch);
                self.push_text(out, &s, scratch);
                *scratch = s;
            }
            ValueRef::Text(t) => match std::str::from_utf8(t) {
                Ok(_) if !self.spreadsheet => self.push_field(out, t),
                Ok(_) => self.push_text(out, t, scratch),
                Err(_) => {
                    // The store only writes UTF-8; a foreign writer might not. A CSV file must be
                    // valid UTF-8, so invalid sequences become U+FFFD.
                    let s = String::from_utf8_lossy(t).into_owned();
                    if self.spreadsheet {
                        self.push_text(out, s.as_bytes(), scratch);
                    } else {
                        self.push_field(out, s.as_bytes());
                    }
                }
            },
            ValueRef::Blob(b) => {
                // Lowercase hex: text a CSV can hold and any program can decode.
                scratch.clear();
                scratch.reserve(b.len() * 2);
                for &byte in b {
                    scratch.push(HEX[(byte >> 4) as usize]);
                    scratch.push(HEX[(byte & 15) as usize]);
                }
                if self.spreadsheet && scratch.len() > MAX_CELL_CHARS {
                    let s = std::mem::take(scratch);
                    self.push_text(out, &s, scratch);
                    *scratch = s;
                } else {
                    self.push_field(out, scratch);
                }
            }
        }
    }

    /// Spreadsheet text (valid UTF-8): inert and within Excel's cell limit.
    fn push_text(&self, out: &mut Vec<u8>, t: &[u8], scratch: &mut Vec<u8>) {
        let escape = t.first().is_some_and(|&b| is_trigger(b));
        let budget = MAX_CELL_CHARS - usize::from(escape);
        // A UTF-8 string has at least as many bytes as UTF-16 units, so short ones skip counting.
        let cut = if t.len() <= budget {
            None
        } else {
            cut_point(t, budget)
        };
        if !escape && cut.is_none() {
            self.push_field(out, t);
            return;
        }
        scratch.clear();
        if escape {
            scratch.push(b'\'');
        }
        match cut {
            Some(end) => {
                scratch.extend_from_slice(&t[..end]);
                scratch.extend_from_slice(CUT_MARKER.as_bytes());
            }
            None => scratch.extend_from_slice(t),
        }
        self.push_field(out, scratch);
    }

    fn push_delimiter(&self, out: &mut Vec<u8>) {
        out.push(self.delimiter);
    }
}

fn is_trigger(b: u8) -> bool {
    matches!(b, b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
}

/// Where to cut `t` (valid UTF-8) so that the kept part plus the marker fit in `budget` UTF-16
/// units; `None` when the whole text fits.
fn cut_point(t: &[u8], budget: usize) -> Option<usize> {
    let s = std::str::from_utf8(t).ok()?;
    let keep = budget - CUT_MARKER.encode_utf16().count();
    let mut units = 0;
    let mut end_at_keep = None;
    for (i, c) in s.char_indices() {
        if end_at_keep.is_none() && units + c.len_utf16() > keep {
            end_at_keep = Some(i);
        }
        units += c.len_utf16();
        if units > budget {
            return end_at_keep;
        }
    }
    None
}

const HEX: &[u8; 16] = b"0123456789abcdef";

fn push_int(out: &mut Vec<u8>, i: i64) {
    let mut buf = [0u8; 20];
    let mut n = i.unsigned_abs();
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    if i < 0 {
        out.push(b'-');
    }
    out.extend_from_slice(&buf[at..]);
}

/// One output file being written: a buffer that is hashed and flushed in large blocks.
struct Sink {
    path: PathBuf,
    file: File,
    buf: Vec<u8>,
    hash: Sha256,
    bytes: u64,
}

impl Sink {
    fn create(path: PathBuf) -> Result<Sink> {
        let file = File::create(&path).map_err(|e| Error::io(&path, e))?;
        Ok(Sink {
            path,
            file,
            buf: Vec::with_capacity(FLUSH_AT + 64 * 1024),
            hash: Sha256::new(),
            bytes: 0,
        })
    }

    fn flush(&mut self) -> Result<()> {
        self.hash.update(&self.buf);
        self.bytes += self.buf.len() as u64;
        self.file
            .write_all(&self.buf)
            .map_err(|e| Error::io(&self.path, e))?;
        self.buf.clear();
        Ok(())
    }

    fn finish(mut self) -> Result<(u64, String)> {
        self.flush()?;
        let sha256 = self
            .hash
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        Ok((self.bytes, sha256))
    }
}

/// A file being written for `table`, with its header already in the buffer.
struct Part {
    file: String,
    sink: Sink,
    rows: u64,
}

fn open_part(dir: &Path, file: String, columns: &[String], enc: &Encoder) -> Result<Part> {
    let mut sink = Sink::create(dir.join(&file))?;
    if enc.spreadsheet {
        // Without a BOM, Excel reads a CSV in the local code page and mangles accents and emoji.
        sink.buf.extend_from_slice("\u{feff}".as_bytes());
    }
    for (i, c) in columns.iter().enumerate() {
        if i > 0 {
            enc.push_delimiter(&mut sink.buf);
        }
        enc.push_field(&mut sink.buf, c.as_bytes());
    }
    sink.buf.extend_from_slice(LINE_TERMINATOR.as_bytes());
    Ok(Part {
        file,
        sink,
        rows: 0,
    })
}

fn close_part(part: Part, table: &str, columns: &[String], number: Option<u32>) -> Result<Written> {
    let (bytes, sha256) = part.sink.finish()?;
    Ok(Written {
        table: table.to_string(),
        file: part.file,
        columns: columns.to_vec(),
        rows: part.rows,
        bytes,
        sha256,
        part: number,
    })
}

/// The file name of part `n` of `table`.
pub fn part_file(table: &str, n: u32) -> String {
    format!("{table}.part{n}.csv")
}

/// The columns of `table` that the flavour exports, in the database's order.
pub fn exported_columns(conn: &Connection, table: &str, opts: &CsvOptions) -> Result<Vec<String>> {
    let probe = conn.prepare(&format!("SELECT * FROM {} LIMIT 0", quote_ident(table)))?;
    Ok(probe
        .column_names()
        .into_iter()
        .filter(|c| !(opts.spreadsheet && SPREADSHEET_DROPPED.contains(c)))
        .map(str::to_string)
        .collect())
}

pub fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Writes `table` ordered by `order` into `dir`; returns one entry per file written. A table
/// with more than `rows_per_part` rows is split: its files are then all numbered
/// (`comments.part1.csv`, `comments.part2.csv`, …), so `comments.csv` always means the whole table.
pub fn export_table(
    conn: &Connection,
    table: &str,
    order: &str,
    dir: &Path,
    opts: &CsvOptions,
    rows_per_part: u64,
) -> Result<Vec<Written>> {
    let enc = Encoder::new(opts)?;
    let rows_per_part = rows_per_part.max(1);
    let columns = exported_columns(conn, table, opts)?;
    let select = columns
        .iter()
        .map(|c| quote_ident(c))
        .collect::<Vec<_>>()
        .join(", ");
    let mut st = conn.prepare(&format!(
        "SELECT {select} FROM {} ORDER BY {order}",
        quote_ident(table)
    ))?;
    let n = columns.len();
    let mut rows = st.query([])?;

    let mut done = Vec::new();
    let mut part_no = 1u32;
    let mut part = open_part(dir, format!("{table}.csv"), &columns, &enc)?;
    let mut scratch = Vec::new();
    while let Some(row) = rows.next()? {
        if part.rows == rows_per_part {
            if part_no == 1 {
                let numbered = part_file(table, 1);
                fs::rename(dir.join(&part.file), dir.join(&numbered))
                    .map_err(|e| Error::io(dir.join(&part.file), e))?;
                part.file = numbered;
            }
            done.push(close_part(part, table, &columns, Some(part_no))?);
            part_no += 1;
            part = open_part(dir, part_file(table, part_no), &columns, &enc)?;
        }
        let out = &mut part.sink.buf;
        for i in 0..n {
            if i > 0 {
                enc.push_delimiter(out);
            }
            enc.push_value(out, row.get_ref(i)?, &mut scratch);
        }
        out.extend_from_slice(LINE_TERMINATOR.as_bytes());
        part.rows += 1;
        if part.sink.buf.len() >= FLUSH_AT {
            part.sink.flush()?;
        }
    }
    let number = (part_no > 1).then_some(part_no);
    done.push(close_part(part, table, &columns, number)?);
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(spreadsheet: bool, delimiter: char, decimal_comma: bool) -> CsvOptions {
        CsvOptions {
            spreadsheet,
            delimiter,
            decimal_comma,
        }
    }

    fn cell_with(v: ValueRef, o: &CsvOptions) -> String {
        let enc = Encoder::new(o).unwrap();
        let mut out = Vec::new();
        enc.push_value(&mut out, v, &mut Vec::new());
        String::from_utf8(out).unwrap()
    }

    fn cell(s: &str) -> String {
        cell_with(ValueRef::Text(s.as_bytes()), &CsvOptions::default())
    }

    #[test]
    fn formulas_are_made_inert() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("+33 6 12"), "'+33 6 12");
        assert_eq!(cell("-1"), "'-1");
        assert_eq!(cell("@Name hello"), "'@Name hello");
        assert_eq!(cell("\tx"), "'\tx");
        assert_eq!(cell("\rx"), "\"'\rx\"");
        assert_eq!(cell("plain é 😀"), "plain é 😀");
        assert_eq!(cell("a=b"), "a=b");
    }

    #[test]
    fn data_flavour_keeps_values_as_stored() {
        let data = opts(false, ',', false);
        assert_eq!(cell_with(ValueRef::Text(b"=1+1"), &data), "=1+1");
        assert_eq!(cell_with(ValueRef::Text(b"a\nb"), &data), "\"a\nb\"");
        assert_eq!(cell_with(ValueRef::Blob(&[0, 0xab, 0x10]), &data), "00ab10");
        assert_eq!(
            cell_with(ValueRef::Real(0.1 + 0.2), &data),
            "0.30000000000000004"
        );
    }

    #[test]
    fn null_and_empty_string_differ() {
        assert_eq!(cell_with(ValueRef::Null, &CsvOptions::default()), "");
        assert_eq!(cell(""), "\"\"");
    }

    #[test]
    fn quoting_follows_rfc_4180() {
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("line 1\nline 2"), "\"line 1\nline 2\"");
        // Long fields are scanned in chunks: a special byte anywhere must be found.
        for at in [0, 31, 32, 33, 63, 64, 70, 99] {
            let mut long = vec![b'x'; 100];
            long[at] = b'\n';
            let text = String::from_utf8(long).unwrap();
            assert_eq!(cell(&text), format!("\"{text}\""), "special byte at {at}");
        }
        assert_eq!(cell(&"y".repeat(100)), "y".repeat(100));
        let semi = opts(true, ';', false);
        assert_eq!(cell_with(ValueRef::Text(b"a,b"), &semi), "a,b");
        assert_eq!(cell_with(ValueRef::Text(b"a;b"), &semi), "\"a;b\"");
    }

    #[test]
    fn long_cells_are_cut_with_a_marker() {
        for long in [
            "a".repeat(40_000),
            "😀".repeat(20_000),
            format!("={}", "é".repeat(40_000)),
        ] {
            let out = cell(&long);
            assert!(
                out.encode_utf16().count() <= MAX_CELL_CHARS,
                "{}",
                out.len()
            );
            assert!(out.encode_utf16().count() > MAX_CELL_CHARS - 2);
            assert!(out.ends_with(CUT_MARKER));
        }
        // Exactly at the limit: kept whole.
        let at_limit = "a".repeat(MAX_CELL_CHARS);
        assert_eq!(cell(&at_limit), at_limit);
        let emoji_at_limit = format!("a{}", "😀".repeat((MAX_CELL_CHARS - 1) / 2));
        assert_eq!(cell(&emoji_at_limit), emoji_at_limit);
        // Long in bytes but not in UTF-16 units: kept whole.
        let accents = "é".repeat(MAX_CELL_CHARS - 1);
        assert_eq!(cell(&accents), accents);
        // The data flavour never cuts.
        let data = opts(false, ',', false);
        assert_eq!(
            cell_with(ValueRef::Text("a".repeat(40_000).as_bytes()), &data).len(),
            40_000
        );
    }

    #[test]
    fn numbers_stay_numbers() {
        let fr = opts(true, ';', true);
        assert_eq!(cell_with(ValueRef::Real(0.5), &fr), "0,5");
        assert_eq!(cell_with(ValueRef::Real(-1234.25), &fr), "-1234,25");
        assert_eq!(
            cell_with(ValueRef::Real(1e21), &fr),
            "1000000000000000000000"
        );
        assert_eq!(cell_with(ValueRef::Integer(-3), &fr), "-3");
        assert_eq!(
            cell_with(ValueRef::Integer(i64::MIN), &fr),
            i64::MIN.to_string()
        );
        assert_eq!(cell_with(ValueRef::Integer(0), &fr), "0");
        let en = CsvOptions::default();
        assert_eq!(cell_with(ValueRef::Real(-0.25), &en), "-0.25");
        assert_eq!(cell_with(ValueRef::Real(3.0), &en), "3");
        assert_eq!(cell_with(ValueRef::Real(f64::NEG_INFINITY), &en), "'-inf");
        assert_eq!(
            cell_with(ValueRef::Real(f64::INFINITY), &opts(false, ',', false)),
            "inf"
        );
    }

    #[test]
    fn delimiters_a_csv_cannot_use_are_refused() {
        for bad in ['"', '\n', '\r', 'é', '\'', '\0'] {
            assert!(opts(true, bad, false).delimiter_byte().is_err(), "{bad:?}");
        }
        for good in [',', ';', '\t', '|'] {
            assert!(opts(true, good, false).delimiter_byte().is_ok(), "{good:?}");
        }
    }

    fn table_db(rows: usize) -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE t (id INTEGER PRIMARY KEY, text TEXT, raw_text TEXT);
             WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
             INSERT INTO t SELECT i, '-row ' || i, 'raw' FROM n;",
        )
        .unwrap();
        conn.execute("DELETE FROM t WHERE id > ?1", [rows as i64])
            .unwrap();
        conn
    }

    #[test]
    fn parts_split_at_the_row_limit_and_are_all_numbered() {
        let conn = table_db(7);
        let dir = tempfile::tempdir().unwrap();
        let written =
            export_table(&conn, "t", "id", dir.path(), &CsvOptions::default(), 3).unwrap();
        let files: Vec<_> = written
            .iter()
            .map(|w| (w.file.as_str(), w.rows, w.part))
            .collect();
        assert_eq!(
            files,
            [
                ("t.part1.csv", 3, Some(1)),
                ("t.part2.csv", 3, Some(2)),
                ("t.part3.csv", 1, Some(3))
            ]
        );
        assert!(!dir.path().join("t.csv").exists());
        let mut ids = Vec::new();
        for w in &written {
            let bytes = fs::read(dir.path().join(&w.file)).unwrap();
            assert_eq!(bytes.len() as u64, w.bytes);
            let text = std::str::from_utf8(&bytes).unwrap();
            let mut lines = text
                .strip_prefix('\u{feff}')
                .unwrap()
                .split_terminator("\r\n");
            assert_eq!(lines.next(), Some("id,text"), "every part has the header");
            for l in lines {
                ids.push(l.split(',').next().unwrap().parse::<i64>().unwrap());
                assert!(l.ends_with(&format!("'-row {}", ids.last().unwrap())));
            }
        }
        assert_eq!(ids, (1..=7).collect::<Vec<_>>());
    }

    #[test]
    fn a_table_at_the_row_limit_is_not_split() {
        let conn = table_db(3);
        let dir = tempfile::tempdir().unwrap();
        let written =
            export_table(&conn, "t", "id", dir.path(), &CsvOptions::default(), 3).unwrap();
        assert_eq!(written.len(), 1);
        assert_eq!(
            (written[0].file.as_str(), written[0].rows, written[0].part),
            ("t.csv", 3, None)
        );
    }

    #[test]
    fn the_file_hash_is_the_sha256_of_its_bytes() {
        let conn = table_db(2000);
        let dir = tempfile::tempdir().unwrap();
        let written = export_table(
            &conn,
            "t",
            "id",
            dir.path(),
            &opts(false, ',', false),
            u64::MAX,
        )
        .unwrap();
        let bytes = fs::read(dir.path().join("t.csv")).unwrap();
        let expect: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(written[0].sha256, expect);
        assert!(bytes.starts_with(b"id,text,raw_text\r\n1,-row 1,raw\r\n"));
    }
}
