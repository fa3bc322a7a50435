//! `gazette import [PATH]...`

use std::path::PathBuf;

use crate::pipeline::{self, ImportOptions, DEFAULT_MAX_FILE_SIZE};
use crate::store::finalize::DatasetInfo;

use super::{CsvArgs, DbArg, EXIT_OK, EXIT_PARTIAL};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files or folders to import (folders are walked recursively).
    #[arg(default_value = "seeds")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub db: DbArg,
    /// Folder the CSV files and datapackage.json are written to (replaced as a whole).
    #[arg(long, default_value = "csv")]
    pub csv: PathBuf,
    /// Do not write CSV files.
    #[arg(long, conflicts_with = "csv")]
    pub no_csv: bool,
    #[command(flatten)]
    pub csv_format: CsvArgs,
    /// Extra site rules (TOML), tried before the built-in ones (repeat for several files).
    #[arg(long, value_name = "FILE")]
    pub rules: Vec<PathBuf>,
    /// Extra gazetteer file (TSV: name, type, aliases, wikidata_id; repeat for several files).
    #[arg(long, value_name = "FILE")]
    pub gazetteer: Vec<PathBuf>,
    /// Files above this size are recorded as skipped without being read (e.g. 64MiB, 500k).
    #[arg(long, value_parser = crate::read::parse_size, default_value = "64MiB")]
    pub max_file_size: u64,
    /// Worker threads for parsing (default: all cores).
    #[arg(long)]
    pub jobs: Option<usize>,
    /// Remove documents under the given paths whose files are gone.
    #[arg(long)]
    pub prune: bool,
    /// Dataset name recorded in dataset_meta.
    #[arg(long)]
    pub name: Option<String>,
    /// Dataset title recorded in dataset_meta.
    #[arg(long)]
    pub title: Option<String>,
    /// Dataset description recorded in dataset_meta.
    #[arg(long)]
    pub description: Option<String>,
    /// Dataset license recorded in dataset_meta (e.g. CC-BY-4.0).
    #[arg(long)]
    pub license: Option<String>,
    /// No progress bar and no summary.
    #[arg(long, short)]
    pub quiet: bool,
}

pub fn run(a: Args) -> anyhow::Result<i32> {
    let jobs = a
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let opts = ImportOptions {
        paths: a.paths.clone(),
        db: a.db.db.clone(),
        rules: a.rules.clone(),
        gazetteers: a.gazetteer.clone(),
        max_file_size: if a.max_file_size == 0 {
            DEFAULT_MAX_FILE_SIZE
        } else {
            a.max_file_size
        },
        jobs,
        prune: a.prune,
        info: DatasetInfo {
            name: a.name.clone(),
            title: a.title.clone(),
            description: a.description.clone(),
            license: a.license.clone(),
        },
        quiet: a.quiet,
    };
    // A destination that cannot take the CSVs is refused before the database is touched.
    if !a.no_csv {
        crate::export::preflight(&a.csv, &a.csv_format.options())?;
    }
    let report = pipeline::import(&opts)?;
    if !a.no_csv {
        let conn = crate::store::open_read_only(&a.db.db)?;
        crate::export::export_all(&conn, &a.csv, &a.csv_format.options())?;
    }
    for (path, why) in &report.skipped {
        eprintln!("gazette: skipped {path}: {why}");
    }
    for (path, why) in &report.failed {
        eprintln!("gazette: failed {path}: {why}");
    }
    if !a.quiet {
        let c = &report.counts;
        eprintln!(
            "gazette: {} files ({} new or changed, {} unchanged{}), {} articles, {} paragraphs, {} comments, {} mentions, {} entities in the dataset; {} skipped, {} failed → {}{}",
            report.files,
            c.documents,
            report.unchanged,
            if report.pruned > 0 { format!(", {} pruned", report.pruned) } else { String::new() },
            c.articles,
            c.paragraphs,
            c.comments,
            c.mentions,
            report.entities,
            report.skipped.len(),
            report.failed.len(),
            a.db.db.display(),
            if a.no_csv { String::new() } else { format!(" and {}/", a.csv.display()) },
        );
    }
    Ok(if report.skipped.is_empty() && report.failed.is_empty() {
        EXIT_OK
    } else {
        EXIT_PARTIAL
    })
}
