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
}

pub fn run(a: Args) -> anyhow::Result<i32> {
    let conn = crate::store::open_read_only(&a.db.db)?;
    let written = crate::export::export_all(&conn, &a.csv, &a.csv_format.options())?;
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
