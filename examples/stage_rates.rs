//! stage_rates — how fast each stage of the per-file work runs on one core: decoding,
//! normalizing, line parsing, language detection and entity extraction over every `.txt` file
//! of a folder, read into memory first. It tells which stage bounds the parse workers.
//!
//! ```text
//! cargo run --release --example stage_rates -- CORPUS_DIR [REPEATS]
//! ```

use std::path::PathBuf;
use std::time::{Duration, Instant};

use gazette::decode::{decode, Decoded};

/// The allocator of the `gazette` binary, so that what is timed here is what it runs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next().map(PathBuf::from) else {
        eprintln!("usage: stage_rates CORPUS_DIR [REPEATS]");
        std::process::exit(1);
    };
    let repeats: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(1);
    let x = match gazette::pipeline::Extraction::load(&[], &[]) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let mut paths: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect(),
        Err(e) => {
            eprintln!("{}: {e}", dir.display());
            std::process::exit(1);
        }
    };
    paths.sort();
    let files: Vec<Vec<u8>> = paths.iter().filter_map(|p| std::fs::read(p).ok()).collect();
    let bytes: usize = files.iter().map(Vec::len).sum();

    let names = ["decode", "normalize", "parse", "language", "extract"];
    let mut spent = [Duration::ZERO; 5];
    for _ in 0..repeats {
        for raw in &files {
            let t = Instant::now();
            let Decoded::Text { text, .. } = decode(raw) else {
                continue;
            };
            let t = lap(t, &mut spent[0]);
            let text = gazette::text::normalize(&text);
            let t = lap(t, &mut spent[1]);
            let mut doc = gazette::parse::parse(&text, &x.rules);
            let t = lap(t, &mut spent[2]);
            doc.article.language = gazette::parse::language(&doc);
            let t = lap(t, &mut spent[3]);
            std::hint::black_box(gazette::entities::extract(&doc, &x.knowledge));
            lap(t, &mut spent[4]);
        }
    }
    let mb = (bytes * repeats) as f64 / 1e6;
    println!("{} files, {mb:.1} MB in all", files.len() * repeats);
    for (name, d) in names.iter().zip(spent) {
        println!(
            "{name:10} {:7.2} s  {:7.1} MB/s",
            d.as_secs_f64(),
            mb / d.as_secs_f64()
        );
    }
    let total: f64 = spent.iter().map(Duration::as_secs_f64).sum();
    println!("{:10} {total:7.2} s  {:7.1} MB/s", "all", mb / total);
}

/// Adds the time since `since` to `into` and returns now.
fn lap(since: Instant, into: &mut Duration) -> Instant {
    let now = Instant::now();
    *into += now - since;
    now
}
