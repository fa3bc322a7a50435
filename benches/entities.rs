//! Entity extraction throughput: `extract` over the seeds' parsed documents, repeated to about
//! 50 MB of host text (titles, headings, paragraphs, comment bodies), on one core. Prints MB/s
//! of documents (the decoded files) and of host text (what the rules actually read).
//!
//! `cargo bench --bench entities` prints MB/s; `BENCH_MB=200` changes the volume.

use std::hint::black_box;
use std::time::Instant;

use gazette::decode::{decode, Decoded};
use gazette::entities::{extract, Knowledge};
use gazette::model::Document;
use gazette::rules::Rules;

/// The allocator of the `gazette` binary, so that what is timed here is what it runs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let rules = Rules::load(&[]).expect("rules");
    let t = Instant::now();
    let kb = Knowledge::load(&[]).expect("knowledge");
    let load = t.elapsed();
    let mut paths: Vec<_> = std::fs::read_dir(root.join("seeds"))
        .expect("seeds/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    paths.sort();
    let mut docs: Vec<Document> = Vec::new();
    let mut bytes = 0usize;
    let mut doc_bytes = 0usize;
    for p in paths {
        let raw = std::fs::read(&p).expect("read seed");
        let Decoded::Text { text, .. } = decode(&raw) else {
            continue;
        };
        let text = gazette::text::normalize(&text);
        doc_bytes += text.len();
        let mut doc = gazette::parse::parse(&text, &rules);
        doc.article.language = gazette::parse::language(&doc);
        bytes += doc
            .article
            .paragraphs
            .iter()
            .map(|p| p.text.len())
            .sum::<usize>();
        bytes += doc.comments.iter().map(|c| c.body.len()).sum::<usize>();
        docs.push(doc);
    }
    assert!(bytes > 0, "no text in seeds/");
    let target_mb: f64 = std::env::var("BENCH_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50.0);
    let reps = ((target_mb * 1e6) / bytes as f64).ceil().max(1.0) as usize;
    // Warm-up: word sets, thread-local buffers.
    for d in &docs {
        black_box(extract(d, &kb));
    }
    let t = Instant::now();
    let cpu0 = cpu_seconds();
    let mut mentions = 0usize;
    for _ in 0..reps {
        for d in &docs {
            mentions += black_box(extract(black_box(d), &kb)).len();
        }
    }
    let secs = t.elapsed().as_secs_f64();
    let cpu = cpu0.and_then(|c0| cpu_seconds().map(|c1| c1 - c0));
    let mb = (bytes * reps) as f64 / 1e6;
    let doc_mb = (doc_bytes * reps) as f64 / 1e6;
    println!(
        "entities: {doc_mb:.1} MB of documents = {:.1} MB/s wall{}",
        doc_mb / secs,
        cpu.map(|c| format!(", {:.1} MB/s per core (CPU time)", doc_mb / c))
            .unwrap_or_default(),
    );
    println!(
        "entities: {:.1} MB of host text ({} docs x {reps}) in {secs:.2} s wall = {:.1} MB/s{}; {} mentions/pass; knowledge loaded in {:.0} ms",
        mb,
        docs.len(),
        mb / secs,
        cpu.map(|c| format!(", {c:.2} s CPU = {:.1} MB/s per core", mb / c)).unwrap_or_default(),
        mentions / reps,
        load.as_secs_f64() * 1e3
    );
}

/// CPU time of this process (user + system), where /proc tells it: a busy machine slows the
/// wall clock, not this.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}
