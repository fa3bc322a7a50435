//! `gazette search "words"`

use super::{DbArg, EXIT_OK};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Words to find (all of them); with --fts, an FTS5 query.
    pub query: String,
    #[command(flatten)]
    pub db: DbArg,
    /// Most hits to print.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Pass the query to FTS5 as written (phrases, OR, NEAR, prefix*).
    #[arg(long)]
    pub fts: bool,
}

pub fn run(a: Args) -> anyhow::Result<i32> {
    let conn = crate::store::open_read_only(&a.db.db)?;
    let query = if a.fts {
        a.query.clone()
    } else {
        crate::search::plain_query(&a.query)
    };
    if query.trim().is_empty() {
        return Ok(EXIT_OK);
    }
    for hit in crate::search::search(&conn, &query, a.limit)? {
        println!(
            "{}\t{}\t{}\t{}",
            hit.path,
            hit.title,
            hit.host,
            hit.snippet.replace(['\n', '\t'], " ")
        );
    }
    Ok(EXIT_OK)
}
