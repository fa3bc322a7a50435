//! gazette turns a folder of scraped news articles into one self-describing SQLite file and a
//! set of spreadsheet-safe CSV files.
//!
//! The pipeline flows one way; each stage is a plain function of the previous stage's output:
//!
//! ```text
//! files ─read─▶ bytes ─decode─▶ text ─parse─▶ Document ─entities─▶ mentions ─store─▶ SQLite ─export─▶ CSV
//! ```

pub mod check;
pub mod cli;
pub mod dates;
pub mod decode;
pub mod entities;
pub mod error;
pub mod export;
pub mod model;
pub mod parse;
pub mod pipeline;
pub mod read;
pub mod rules;
pub mod search;
pub mod store;
pub mod text;

pub use error::{Error, Result};

/// The tool's name and version, as recorded in every dataset.
pub const TOOL_NAME: &str = env!("CARGO_PKG_NAME");
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");
