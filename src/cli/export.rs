//! `gazette export`

use std::path::PathBuf;

use super::{CsvArgs, DbArg, EXIT_OK};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub db: DbArg,
    /// Folder to write (replaced as a whole).
    #[arg(long, default_value = "csv")]
    pub csv: PathBuf,
    #[command(flatten)]
    pub csv_format: CsvArgs,
    /// No summary on stderr.
    #[arg(long, short)]
    pub quiet: bool,
    /// Split files after this many data rows (default: Excel's limit in the spreadsheet
    /// flavour, none in the data flavour). For tests of the splitting; hidden.
    #[arg(long, hide = true)]
    pub rows_per_part: Option<u64>,
}

pub fn run(a: Args) -> anyhow::Result<i32> {
    let conn = crate::store::open_read_only(&a.db.db)?;
    let opts = a.csv_format.options();
    let rows_per_part = a
        .rows_per_part
        .unwrap_or_else(|| opts.default_rows_per_part());
    let written = crate::export::export_all_with(&conn, &a.csv, &opts, rows_per_part)?;
    if !a.quiet {
        let rows: u64 = written.iter().map(|w| w.rows).sum();
        eprintln!(
            "gazette: exported {} files ({rows} rows) to {}/",
            written.len(),
            a.csv.display()
        );
    }
    Ok(EXIT_OK)
}
