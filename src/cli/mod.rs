//! The command line: one module per subcommand, each with its arguments and a `run` that
//! returns the exit code. `main.rs` only parses and dispatches.

pub mod check;
pub mod export;
pub mod import;
pub mod search;

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Exit codes: success, usage or fatal error, finished with some inputs skipped or failed.
pub const EXIT_OK: i32 = 0;
pub const EXIT_FATAL: i32 = 1;
pub const EXIT_PARTIAL: i32 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "gazette",
    version,
    about = "Turn a folder of scraped news articles into one self-describing SQLite file and spreadsheet-safe CSVs"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Import text files (default: seeds/) into the database, then export CSVs.
    Import(import::Args),
    /// Re-export an existing database as CSV files and datapackage.json.
    Export(export::Args),
    /// Verify every invariant of the dataset; exit 1 on any failure.
    Check(check::Args),
    /// Full-text search over paragraphs and comments.
    Search(search::Args),
}

/// Options shared by the subcommands that write CSV.
#[derive(Debug, Clone, clap::Args)]
pub struct CsvArgs {
    /// CSV flavour: `spreadsheet` (BOM, CRLF, formula-safe) or `data` (values as stored).
    #[arg(long, value_enum, default_value_t = Flavour::Spreadsheet)]
    pub flavour: Flavour,
    /// Field separator (one character).
    #[arg(long)]
    pub delimiter: Option<char>,
    /// French-locale Excel: `;` separator and decimal commas.
    #[arg(long)]
    pub excel_fr: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Flavour {
    Spreadsheet,
    Data,
}

impl CsvArgs {
    pub fn options(&self) -> crate::export::CsvOptions {
        crate::export::CsvOptions {
            spreadsheet: self.flavour == Flavour::Spreadsheet,
            delimiter: self
                .delimiter
                .unwrap_or(if self.excel_fr { ';' } else { ',' }),
            decimal_comma: self.excel_fr,
        }
    }
}

/// The database option every subcommand takes.
#[derive(Debug, Clone, clap::Args)]
pub struct DbArg {
    /// The gazette database file.
    #[arg(long, default_value = "gazette.db")]
    pub db: PathBuf,
}

/// Runs the parsed command line and returns the process exit code.
pub fn run(cli: Cli) -> i32 {
    let result = match cli.command {
        Command::Import(a) => import::run(a),
        Command::Export(a) => export::run(a),
        Command::Check(a) => check::run(a),
        Command::Search(a) => search::run(a),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("gazette: error: {e:#}");
            EXIT_FATAL
        }
    }
}
