//! import_phases — runs a fresh `gazette import --no-csv` through the library and prints where
//! the time went: the writer waiting for the workers vs inserting, then each end-of-run phase.
//! A writer that mostly waits means the parse workers bound the load; a writer that never
//! waits means SQLite does. Used by `scripts/bench.sh`.
//!
//! ```text
//! cargo run --release --example import_phases -- --db OUT.db [--jobs N] CORPUS...
//! ```

use std::path::PathBuf;
use std::time::Instant;

use gazette::pipeline::{self, ImportOptions, DEFAULT_MAX_FILE_SIZE};
use gazette::store::finalize::DatasetInfo;

/// The allocator of the `gazette` binary, so that what is timed here is what it runs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut db: Option<PathBuf> = None;
    let mut jobs = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut paths = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--db" => db = args.next().map(PathBuf::from),
            "--jobs" => jobs = args.next().and_then(|j| j.parse().ok()).unwrap_or(jobs),
            _ => paths.push(PathBuf::from(a)),
        }
    }
    let Some(db) = db else {
        eprintln!("usage: import_phases --db OUT.db [--jobs N] CORPUS...");
        std::process::exit(1);
    };
    let _ = std::fs::remove_file(&db);
    let opts = ImportOptions {
        paths,
        db,
        rules: Vec::new(),
        gazetteers: Vec::new(),
        max_file_size: DEFAULT_MAX_FILE_SIZE,
        jobs,
        prune: false,
        info: DatasetInfo::default(),
        quiet: true,
    };
    let start = Instant::now();
    let report = match pipeline::import(&opts) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("import_phases: {e}");
            std::process::exit(1);
        }
    };
    let total = start.elapsed().as_secs_f64();
    let t = &report.timings;
    for (name, d) in [
        ("setup", t.setup),
        ("writer_wait", t.writer_wait),
        ("writer_store", t.writer_store),
        ("after_load", t.after_load),
        ("settle", t.settle),
        ("commit", t.commit),
        ("vacuum", t.vacuum),
        ("publish", t.publish),
        ("workers_read", t.workers.read),
        ("workers_decode", t.workers.decode),
        ("workers_parse", t.workers.parse),
        ("workers_extract", t.workers.extract),
    ] {
        println!("{name}_s={:.3}", d.as_secs_f64());
    }
    println!("total_s={total:.3}");
}
