use clap::Parser;

/// Parsing makes and frees many small strings on every worker thread; mimalloc's per-thread
/// free lists serve them with less CPU than glibc's arenas (BENCHMARKS.md has the figures).
/// Without transparent huge pages: with them, its memory grows in 2 MiB steps.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = gazette::cli::Cli::parse();
    std::process::exit(gazette::cli::run(cli));
}
