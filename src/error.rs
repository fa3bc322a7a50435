//! The library's one error type. Errors that concern an input file carry its path
//! (and line where one applies) so a message can name the exact place.

use std::path::PathBuf;

/// Everything that can go wrong in gazette, typed so callers can map it to an exit code.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error("{path}: {message}")]
    Input { path: String, message: String },

    #[error("{path}:{line}: {message}")]
    InputLine {
        path: String,
        line: usize,
        message: String,
    },

    #[error("{}: no such file or directory", path.display())]
    MissingPath { path: PathBuf },

    #[error("{}: not a gazette database ({reason}); refusing to touch it", path.display())]
    NotGazette { path: PathBuf, reason: String },

    #[error(
        "{}: written by a newer gazette (schema version {found}, this build knows up to {known}); \
         refusing to touch it",
        path.display()
    )]
    NewerSchema {
        path: PathBuf,
        found: i64,
        known: i64,
    },

    #[error("{}: in use by another gazette import (lock file {})", db.display(), lock.display())]
    InUse { db: PathBuf, lock: PathBuf },

    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("rules file {path}: {message}")]
    Rules { path: String, message: String },

    #[error("gazetteer {path}:{line}: {message}")]
    Gazetteer {
        path: String,
        line: usize,
        message: String,
    },

    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),

    #[error("{0}")]
    Csv(#[from] csv::Error),

    #[error("{0}")]
    Usage(String),
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
