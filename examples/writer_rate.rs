//! writer_rate — the single writer alone: parses every file of a folder into memory first
//! (timed apart, on one thread), then writes them all into a new database with the import's
//! `Writer` on one thread, and prints both times. Set against the floor's `insert_s`, it tells
//! what the writer costs beyond SQLite's own inserts; set against `import_phases`, what
//! running beside the parse workers costs it.
//!
//! ```text
//! cargo run --release --example writer_rate -- --db OUT.db CORPUS_DIR
//! ```
//!
//! Holds every parsed file in memory at once: meant for corpora of 10,000 articles or so.

use std::path::PathBuf;
use std::time::Instant;

use gazette::pipeline::{process_file, Extraction, DEFAULT_MAX_FILE_SIZE};
use gazette::store::writer::Writer;

/// The allocator of the `gazette` binary, so that what is timed here is what it runs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    if let Err(e) = run() {
        eprintln!("writer_rate: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let mut db: Option<PathBuf> = None;
    let mut dir: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--db" => db = args.next().map(PathBuf::from),
            _ => dir = Some(PathBuf::from(a)),
        }
    }
    let (Some(db), Some(dir)) = (db, dir) else {
        return Err("usage: writer_rate --db OUT.db CORPUS_DIR".into());
    };
    let x = Extraction::load(&[], &[])?;
    let files = gazette::read::collect(&[dir])?;

    let t = Instant::now();
    let processed: Vec<_> = files
        .iter()
        .map(|f| process_file(f, &x, DEFAULT_MAX_FILE_SIZE))
        .collect();
    println!("process_s={:.3}", t.elapsed().as_secs_f64());

    let tmp = gazette::store::temp_path(&db);
    let conn = gazette::store::create_fresh(&tmp)?;
    conn.execute_batch("BEGIN")?;
    let t = Instant::now();
    {
        let mut writer = Writer::new(&conn, &x.fingerprint)?;
        writer.tally_aliases();
        for p in &processed {
            writer.write(p)?;
        }
    }
    println!("write_s={:.3}", t.elapsed().as_secs_f64());
    conn.execute_batch("COMMIT")?;
    drop(conn);
    let _ = std::fs::remove_file(&tmp);
    Ok(())
}
