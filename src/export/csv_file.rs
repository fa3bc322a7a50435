//! One table or view → one CSV file (or numbered parts), in the spreadsheet or data flavour.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use rusqlite::types::ValueRef;
use rusqlite::Connection;
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

use super::Written;

/// How CSV files are written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvOptions {
    /// Spreadsheet flavour: BOM, CRLF, formula-inert text, Excel's limits.
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

/// Excel's longest cell, in characters.
pub const MAX_CELL_CHARS: usize = 32_767;
/// Excel's most rows per sheet, header included.
pub const MAX_SHEET_ROWS: u64 = 1_048_576;
/// Appended to a cell cut at Excel's limit.
pub const CUT_MARKER: &str = " [… cut: see the database for the full text]";
/// Columns a spreadsheet cannot hold usefully (whole files).
const SPREADSHEET_DROPPED: &[&str] = &["raw_text", "raw_bytes"];

/// A sink that hashes and counts what it writes.
struct Hashing<W: Write> {
    inner: W,
    hash: Sha256,
    bytes: u64,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

struct Part {
    file: String,
    writer: csv::Writer<Hashing<BufWriter<File>>>,
    rows: u64,
}

fn open_part(dir: &Path, file: String, columns: &[String], opts: &CsvOptions) -> Result<Part> {
    let path = dir.join(&file);
    let f = File::create(&path).map_err(|e| Error::io(&path, e))?;
    let mut sink = Hashing {
        inner: BufWriter::with_capacity(1 << 20, f),
        hash: Sha256::new(),
        bytes: 0,
    };
    if opts.spreadsheet {
        sink.write_all("\u{feff}".as_bytes()).map_err(|e| Error::io(&path, e))?;
    }
    let mut writer = csv::WriterBuilder::new()
        .delimiter(opts.delimiter as u8)
        .terminator(if opts.spreadsheet {
            csv::Terminator::CRLF
        } else {
            csv::Terminator::Any(b'\n')
        })
        .quote_style(csv::QuoteStyle::Necessary)
        .from_writer(sink);
    writer.write_record(columns)?;
    Ok(Part { file, writer, rows: 0 })
}

fn close_part(part: Part, table: &str, columns: &[String]) -> Result<Written> {
    let sink = part
        .writer
        .into_inner()
        .map_err(|e| Error::io(&part.file, std::io::Error::other(e.to_string())))?;
    let Hashing { mut inner, hash, bytes } = sink;
    inner.flush().map_err(|e| Error::io(&part.file, e))?;
    let sha256 = hash
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<String>();
    Ok(Written {
        table: table.to_string(),
        file: part.file,
        columns: columns.to_vec(),
        rows: part.rows,
        bytes,
        sha256,
    })
}

/// Writes `table` ordered by `order` into `dir`; returns one entry per file written.
pub fn export_table(
    conn: &Connection,
    table: &str,
    order: &str,
    dir: &Path,
    opts: &CsvOptions,
) -> Result<Vec<Written>> {
    let probe = conn.prepare(&format!("SELECT * FROM \"{table}\" LIMIT 0"))?;
    let columns: Vec<String> = probe
        .column_names()
        .into_iter()
        .map(str::to_string)
        .filter(|c| !(opts.spreadsheet && SPREADSHEET_DROPPED.contains(&c.as_str())))
        .collect();
    drop(probe);
    let select = columns
        .iter()
        .map(|c| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let mut st = conn.prepare(&format!("SELECT {select} FROM \"{table}\" ORDER BY {order}"))?;
    let mut rows = st.query([])?;

    let max_data_rows = if opts.spreadsheet { MAX_SHEET_ROWS - 1 } else { u64::MAX };
    let mut done = Vec::new();
    let mut part_no = 1;
    let mut part = open_part(dir, format!("{table}.csv"), &columns, opts)?;
    let mut cell = String::new();
    let mut record = csv::ByteRecord::new();
    while let Some(row) = rows.next()? {
        if part.rows == max_data_rows {
            // Excel cannot open more rows: the first part keeps its name, later ones are numbered.
            done.push(close_part(part, table, &columns)?);
            part_no += 1;
            part = open_part(dir, format!("{table}.part{part_no}.csv"), &columns, opts)?;
        }
        record.clear();
        for i in 0..columns.len() {
            cell.clear();
            format_cell(row.get_ref(i)?, opts, &mut cell);
            record.push_field(cell.as_bytes());
        }
        part.writer.write_byte_record(&record)?;
        part.rows += 1;
    }
    done.push(close_part(part, table, &columns)?);
    Ok(done)
}

/// Formats one value into `out`.
pub fn format_cell(v: ValueRef, opts: &CsvOptions, out: &mut String) {
    use std::fmt::Write as _;
    match v {
        ValueRef::Null => {}
        ValueRef::Integer(i) => {
            let _ = write!(out, "{i}");
        }
        ValueRef::Real(f) => {
            let _ = write!(out, "{f}");
            if opts.decimal_comma {
                *out = out.replace('.', ",");
            }
        }
        ValueRef::Text(t) => {
            let s = String::from_utf8_lossy(t);
            if opts.spreadsheet {
                spreadsheet_text(&s, out);
            } else {
                out.push_str(&s);
            }
        }
        ValueRef::Blob(b) => {
            for byte in b {
                let _ = write!(out, "{byte:02x}");
            }
        }
    }
}

/// Text for a spreadsheet: inert (a leading `'` before anything a spreadsheet would evaluate)
/// and within Excel's cell limit.
pub fn spreadsheet_text(s: &str, out: &mut String) {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        out.push('\'');
    }
    let limit = MAX_CELL_CHARS - CUT_MARKER.chars().count() - 1;
    if s.chars().count() > MAX_CELL_CHARS - 1 {
        out.extend(s.chars().take(limit));
        out.push_str(CUT_MARKER);
    } else {
        out.push_str(s);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(s: &str) -> String {
        let mut out = String::new();
        spreadsheet_text(s, &mut out);
        out
    }

    #[test]
    fn formulas_are_made_inert() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(cell("+33 6 12"), "'+33 6 12");
        assert_eq!(cell("-1"), "'-1");
        assert_eq!(cell("@Name hello"), "'@Name hello");
        assert_eq!(cell("\tx"), "'\tx");
        assert_eq!(cell("plain é 😀"), "plain é 😀");
    }

    #[test]
    fn long_cells_are_cut_with_a_marker() {
        let long = "a".repeat(40_000);
        let out = cell(&long);
        assert!(out.chars().count() <= MAX_CELL_CHARS);
        assert!(out.ends_with(CUT_MARKER));
    }

    #[test]
    fn numbers_stay_numbers() {
        let mut out = String::new();
        let opts = CsvOptions { spreadsheet: true, delimiter: ';', decimal_comma: true };
        format_cell(ValueRef::Real(0.5), &opts, &mut out);
        assert_eq!(out, "0,5");
        out.clear();
        format_cell(ValueRef::Integer(-3), &opts, &mut out);
        assert_eq!(out, "-3");
    }
}
