//! The import engine: files are read, decoded, parsed and searched for entities on every
//! core, and a single writer stores them in input order. A fresh build writes a temporary
//! file with bulk-load settings and renames it over the target when complete; an import into
//! an existing database runs in one transaction. Memory stays flat: only a bounded window of
//! files is in flight at any time.

use std::collections::{BTreeMap, HashMap};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Condvar, Mutex};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::decode::{decode, is_blank, Decoded};
use crate::entities::{self, Knowledge};
use crate::error::{Error, Result};
use crate::model::{Processed, SourceRecord, Status};
use crate::read::{self, InputFile};
use crate::rules::Rules;
use crate::store::finalize::{self, DatasetInfo};
use crate::store::writer::{AliasTally, Existing};
use crate::store::{self, Counts, ImportLock, Writer};
use crate::text::normalize;

/// Default `--max-file-size`.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 64 << 20;

/// Everything an import needs to know.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub paths: Vec<PathBuf>,
    pub db: PathBuf,
    pub rules: Vec<PathBuf>,
    pub gazetteers: Vec<PathBuf>,
    pub max_file_size: u64,
    pub jobs: usize,
    pub prune: bool,
    pub info: DatasetInfo,
    pub quiet: bool,
}

/// What an import did.
#[derive(Debug, Default)]
pub struct ImportReport {
    pub files: usize,
    pub counts: Counts,
    pub unchanged: usize,
    pub pruned: usize,
    /// (path, reason) of skipped files.
    pub skipped: Vec<(String, String)>,
    /// (path, message) of files that could not be read.
    pub failed: Vec<(String, String)>,
    pub entities: u64,
    /// Where the time went.
    pub timings: Timings,
}

/// Wall time of each phase of an import, for benchmarks (`examples/import_phases.rs`): which
/// of the workers and the single writer bounds the load, and what the end of the run costs.
#[derive(Debug, Default, Clone)]
pub struct Timings {
    /// Listing the files and loading rules and gazetteer.
    pub setup: Duration,
    /// The writer waiting for the next file from the workers.
    pub writer_wait: Duration,
    /// The writer inserting rows.
    pub writer_store: Duration,
    /// Indexes, full-text search, triggers and views of a fresh build (settling its entities
    /// and describing the dataset run within it, beside the full-text tables, and are counted
    /// apart).
    pub after_load: Duration,
    /// Settling entities, and in a fresh build describing the dataset.
    pub settle: Duration,
    /// The commit.
    pub commit: Duration,
    /// VACUUM, when there were free pages.
    pub vacuum: Duration,
    /// Making the file durable and renaming it over the target.
    pub publish: Duration,
    /// What the workers did, summed over all of them.
    pub workers: StageTimes,
}

/// Time spent in each stage of the workers.
#[derive(Debug, Default, Clone, Copy)]
pub struct StageTimes {
    /// Reading and hashing the file.
    pub read: Duration,
    /// Decoding and normalizing the text.
    pub decode: Duration,
    /// Parsing lines and blocks, and detecting the language.
    pub parse: Duration,
    /// Finding entity mentions and resolving bylines.
    pub extract: Duration,
}

impl StageTimes {
    /// Adds the time since `since` to the stage `field` picks; returns now.
    fn lap(&mut self, since: Instant, field: impl Fn(&mut Self) -> &mut Duration) -> Instant {
        let now = Instant::now();
        *field(self) += now - since;
        now
    }

    fn add(&mut self, other: &StageTimes) {
        self.read += other.read;
        self.decode += other.decode;
        self.parse += other.parse;
        self.extract += other.extract;
    }
}

/// Rules and gazetteer, loaded once and shared by the workers.
pub struct Extraction {
    pub rules: Rules,
    pub knowledge: Knowledge,
    /// Tool version, rules and gazetteer hashes: a document parsed under another fingerprint
    /// is parsed again.
    pub fingerprint: String,
}

impl Extraction {
    pub fn load(rules: &[PathBuf], gazetteers: &[PathBuf]) -> Result<Self> {
        let read_all = |paths: &[PathBuf]| -> Result<Vec<(String, String)>> {
            paths
                .iter()
                .map(|p| {
                    std::fs::read_to_string(p)
                        .map(|t| (p.display().to_string(), t))
                        .map_err(|e| Error::io(p, e))
                })
                .collect()
        };
        let (rules_text, gazetteer_text) = (read_all(rules)?, read_all(gazetteers)?);
        // Compiling the rules and building the gazetteer's automaton take a tenth of a second
        // each: done side by side.
        let (rules, knowledge) = std::thread::scope(|scope| {
            let knowledge = scope.spawn(|| Knowledge::load(&gazetteer_text));
            let rules = Rules::load(&rules_text);
            let knowledge = knowledge
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (rules, knowledge)
        });
        let (rules, knowledge) = (rules?, knowledge?);
        let fingerprint = read::sha256_hex(
            format!(
                "{} {}\n{}\n{}\n{}",
                crate::TOOL_NAME,
                crate::TOOL_VERSION,
                store::schema::current_version(),
                rules.fingerprint,
                knowledge.fingerprint
            )
            .as_bytes(),
        );
        Ok(Extraction {
            rules,
            knowledge,
            fingerprint,
        })
    }
}

/// What a worker hands the writer for one file.
enum Outcome {
    Unchanged,
    /// With the article's word count, counted here rather than on the writer's thread.
    Processed(Box<Processed>, usize),
}

impl Outcome {
    fn processed(p: Processed) -> Self {
        let words = p.document.as_ref().map_or(0, |d| d.article.word_count());
        Outcome::Processed(Box::new(p), words)
    }
}

/// Reads, decodes, parses and extracts one file. Never fails: what goes wrong is recorded in
/// the document's status.
pub fn process_file(file: &InputFile, x: &Extraction, max_file_size: u64) -> Processed {
    process_input(
        file,
        read_input(file, max_file_size),
        &x.rules,
        &x.knowledge,
        &mut StageTimes::default(),
    )
}

/// A file as read for the parse workers.
enum Input {
    /// Above `--max-file-size`: not read.
    TooLarge,
    /// Could not be read: the OS message.
    Failed(String),
    /// The bytes and their SHA-256.
    Read(Vec<u8>, String),
}

/// Reads `file` unless it is too large.
fn read_input(file: &InputFile, max_file_size: u64) -> Input {
    if file.size > max_file_size {
        return Input::TooLarge;
    }
    match read::read_file(file) {
        Ok((bytes, sha)) => Input::Read(bytes, sha),
        Err(e) => Input::Failed(e.to_string()),
    }
}

/// The document an input becomes, adding the time of each stage to `times`.
fn process_input(
    file: &InputFile,
    input: Input,
    rules: &Rules,
    knowledge: &Knowledge,
    times: &mut StageTimes,
) -> Processed {
    let processed = decode_input(file, input, times).parse(rules, times);
    finish(processed, knowledge, times)
}

/// What a file is after its first step: its record with the text to parse, or already all
/// it will be (not read, not text, empty; boxed, being rare and larger).
enum Decoding {
    Text(SourceRecord, String),
    Done(Box<Processed>),
}

impl Decoding {
    /// The second step: the text parsed into a document.
    fn parse(self, rules: &Rules, times: &mut StageTimes) -> Processed {
        match self {
            Decoding::Done(processed) => *processed,
            Decoding::Text(source, text) => {
                let t = Instant::now();
                let document = crate::parse::parse(&text, rules);
                times.lap(t, |s| &mut s.parse);
                Processed {
                    document: Some(document),
                    ..Processed::record_only(source)
                }
            }
        }
    }
}

/// [`process_input`]'s first step: the input decoded and normalized.
fn decode_input(file: &InputFile, input: Input, times: &mut StageTimes) -> Decoding {
    let mut source = SourceRecord::unread(file.display.clone(), file.size);
    let skipped = |mut s: SourceRecord, status: Status, why: String| {
        s.status = status;
        s.error = Some(why);
        Decoding::Done(Box::new(Processed::record_only(s)))
    };
    match input {
        Input::TooLarge => skipped(source, Status::Skipped, "too large".into()),
        Input::Failed(why) => skipped(source, Status::Error, why),
        Input::Read(bytes, sha) => {
            source.bytes = bytes.len() as u64;
            source.sha256 = Some(sha);
            decode_bytes(source, bytes, times)
        }
    }
}

/// The decode → parse → extract part of [`process_file`], on bytes already read.
pub fn process_bytes(source: SourceRecord, bytes: Vec<u8>, x: &Extraction) -> Processed {
    process_bytes_timed(
        source,
        bytes,
        &x.rules,
        &x.knowledge,
        &mut StageTimes::default(),
    )
}

/// [`process_bytes`], adding the time of each stage to `times`.
fn process_bytes_timed(
    source: SourceRecord,
    bytes: Vec<u8>,
    rules: &Rules,
    knowledge: &Knowledge,
    times: &mut StageTimes,
) -> Processed {
    let processed = decode_bytes(source, bytes, times).parse(rules, times);
    finish(processed, knowledge, times)
}

/// The steps after the parsing, for one file: its language, then its entities.
fn finish(mut processed: Processed, knowledge: &Knowledge, times: &mut StageTimes) -> Processed {
    tell_language(&mut processed, times);
    extract_mentions(&mut processed, knowledge, times);
    processed
}

/// Decodes and normalizes the bytes: the first of [`process_bytes_timed`]'s four steps.
fn decode_bytes(mut source: SourceRecord, bytes: Vec<u8>, times: &mut StageTimes) -> Decoding {
    let t = Instant::now();
    let decoded = decode(&bytes);
    times.decode += t.elapsed();
    let (raw, encoding, lossy) = match decoded {
        Decoded::NotText => {
            source.status = Status::Skipped;
            source.error = Some("not text".into());
            source.raw_bytes = Some(bytes);
            return Decoding::Done(Box::new(Processed::record_only(source)));
        }
        Decoded::Text {
            text,
            encoding,
            lossy,
        } => (text, encoding, lossy),
    };
    source.encoding = Some(encoding.to_string());
    source.lossy = lossy;
    if lossy {
        source.raw_bytes = Some(bytes);
    }
    if is_blank(&raw) {
        source.status = Status::Skipped;
        source.error = Some("empty".into());
        source.raw_text = Some(raw);
        return Decoding::Done(Box::new(Processed::record_only(source)));
    }
    let t = Instant::now();
    let text = normalize(&raw);
    source.raw_text = Some(raw);
    source.status = Status::Ok;
    times.lap(t, |s| &mut s.decode);
    Decoding::Text(source, text)
}

/// Tells the language of a parsed document.
fn tell_language(processed: &mut Processed, times: &mut StageTimes) {
    let Some(document) = &mut processed.document else {
        return;
    };
    let t = Instant::now();
    document.article.language = crate::parse::language(document);
    times.lap(t, |s| &mut s.parse);
}

/// Finds the entity mentions of a prepared document and resolves its bylines.
fn extract_mentions(processed: &mut Processed, knowledge: &Knowledge, times: &mut StageTimes) {
    let Some(document) = &processed.document else {
        return;
    };
    let t = Instant::now();
    let mentions = entities::extract(document, knowledge);
    processed.byline_keys = document
        .article
        .bylines
        .iter()
        .map(|b| entities::resolve_byline(&b.name, &mentions, knowledge))
        .collect();
    processed.mentions = mentions;
    times.lap(t, |s| &mut s.extract);
}

/// Runs an import as `opts` says.
pub fn import(opts: &ImportOptions) -> Result<ImportReport> {
    let started = Instant::now();
    // Listing a large folder and loading the rules both take a while: side by side.
    let (files, extraction) = std::thread::scope(|scope| {
        let files = scope.spawn(|| read::collect(&opts.paths));
        let extraction = Extraction::load(&opts.rules, &opts.gazetteers);
        let files = files
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (files, extraction)
    });
    let (files, extraction) = (files?, extraction?);
    if let Some(dir) = opts.db.parent().filter(|d| !d.as_os_str().is_empty()) {
        if !dir.is_dir() {
            return Err(Error::MissingPath {
                path: dir.to_path_buf(),
            });
        }
    }
    let _lock = ImportLock::acquire(&opts.db)?;
    let fresh = !opts.db.exists()
        || std::fs::metadata(&opts.db)
            .map(|m| m.len() == 0)
            .unwrap_or(false);

    let mut report = ImportReport {
        files: files.len(),
        ..Default::default()
    };
    report.timings.setup = started.elapsed();
    let total_bytes: u64 = files.iter().map(|f| f.size.min(opts.max_file_size)).sum();
    let progress = Progress::new(total_bytes, files.len(), opts.quiet);
    if fresh {
        let tmp = store::temp_path(&opts.db);
        let result = (|| -> Result<()> {
            let conn = store::create_fresh(&tmp)?;
            conn.execute_batch("BEGIN")?;
            let tally = run_writer(
                &conn,
                &files,
                &extraction,
                &HashMap::new(),
                opts,
                &progress,
                &mut report,
            )?;
            let flushing = store::flush_in_background(&tmp);
            progress.stage("building indexes and full-text search, settling entities");
            let t = Instant::now();
            let mut settle = Duration::ZERO;
            store::schema::finish_fresh_beside(&conn, &tmp, |conn| {
                let t = Instant::now();
                finalize::settle_entities(conn, &extraction.knowledge, tally)?;
                // The dataset's description too, while the full-text twins are still being
                // built on the other core: it reads only the documents (a scan of their raw
                // text, 10 ms at 10,000 articles, that would run alone after the twins).
                finalize::describe(
                    conn,
                    &opts.info,
                    &extraction.knowledge,
                    &extraction.fingerprint,
                    &extraction.rules.fingerprint,
                )?;
                settle = t.elapsed();
                Ok(())
            })?;
            report.timings.settle = settle;
            report.timings.after_load = t.elapsed() - settle;
            let t = Instant::now();
            conn.execute_batch("COMMIT")?;
            report.timings.commit = t.elapsed();
            report.entities = conn.query_row("SELECT count(*) FROM entities", [], |r| r.get(0))?;
            let t = Instant::now();
            vacuum_if_fragmented(&conn)?;
            report.timings.vacuum = t.elapsed();
            progress.stage("writing the file to disk");
            let t = Instant::now();
            let _ = flushing.join();
            let published = store::publish(conn, &tmp, &opts.db);
            report.timings.publish = t.elapsed();
            published
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result?;
    } else {
        let conn = store::open_existing(&opts.db)?;
        let existing = Writer::existing(&conn)?;
        conn.execute_batch("BEGIN IMMEDIATE")?;
        let result = (|| -> Result<()> {
            if opts.prune {
                report.pruned = prune(&conn, &files, &existing, opts)?;
            }
            run_writer(
                &conn,
                &files,
                &extraction,
                &existing,
                opts,
                &progress,
                &mut report,
            )?;
            progress.stage("settling entities");
            let t = Instant::now();
            finalize::settle_entities(&conn, &extraction.knowledge, None)?;
            report.timings.settle = t.elapsed();
            finalize::describe(
                &conn,
                &opts.info,
                &extraction.knowledge,
                &extraction.fingerprint,
                &extraction.rules.fingerprint,
            )?;
            report.entities = conn.query_row("SELECT count(*) FROM entities", [], |r| r.get(0))?;
            Ok(())
        })();
        let t = Instant::now();
        match result {
            Ok(()) => conn.execute_batch("COMMIT")?,
            Err(e) => {
                let _ = conn.execute_batch("ROLLBACK");
                return Err(e);
            }
        }
        report.timings.commit = t.elapsed();
        progress.stage("compacting the file");
        let t = Instant::now();
        vacuum_if_fragmented(&conn)?;
        report.timings.vacuum = t.elapsed();
    }
    Ok(report)
}

/// Keeps the shared file compact: free pages left by replaced documents are given back.
fn vacuum_if_fragmented(conn: &rusqlite::Connection) -> Result<()> {
    let free: i64 = conn.query_row("PRAGMA freelist_count", [], |r| r.get(0))?;
    if free > 0 {
        conn.execute_batch("VACUUM")?;
    }
    Ok(())
}

/// Removes documents stored under the given folders whose files are gone.
fn prune(
    conn: &rusqlite::Connection,
    files: &[InputFile],
    existing: &HashMap<String, Existing>,
    opts: &ImportOptions,
) -> Result<usize> {
    let present: std::collections::HashSet<&str> =
        files.iter().map(|f| f.display.as_str()).collect();
    let cwd = std::env::current_dir().ok();
    let prefixes: Vec<String> = opts
        .paths
        .iter()
        .map(|p| {
            let real = std::fs::canonicalize(p).unwrap_or_else(|_| p.clone());
            read::display_path(p, &real, cwd.as_deref())
        })
        .collect();
    let mut writer = Writer::new(conn, "")?;
    let mut gone: Vec<&String> = existing
        .keys()
        .filter(|path| !present.contains(path.as_str()))
        .filter(|path| {
            prefixes.iter().any(|pre| {
                path.as_str() == pre || path.starts_with(&format!("{}/", pre.trim_end_matches('/')))
            })
        })
        .collect();
    gone.sort();
    for path in &gone {
        writer.delete_document(path)?;
    }
    Ok(gone.len())
}

/// Files in flight beyond the next one to write, per worker. Files are written in input
/// order, so while one slow file (a page with hundreds of comments) is parsed, the files
/// after it pile up: the window must hold them, or the other workers run out of input.
/// With 8 per worker, the two workers of a 10,000-article import waited 1.6-1.8 s for
/// input (of about 3.3 s of loading), and 17-20 s at 100,000; with 128, 0.02-0.3 s.
const WINDOW_PER_JOB: usize = 128;

/// Bytes of input in flight beyond the files the writer may be waiting for: with the window
/// counted in files alone, a corpus of large files would hold hundreds of them in memory.
const WINDOW_BYTES: u64 = 8 << 20;

/// Threads that read files ahead of the parse workers. Reading apart keeps the workers busy
/// while a file comes from disk (a cold 100,000-file corpus spent a third of the workers'
/// time waiting on reads), and two readers keep two requests in flight.
const READERS: usize = 2;

/// The writer wakes the readers once it has written this many more files, not after each
/// one: a wake-up per file cost more than the reads it let through. The readers may thus
/// see a count of written files up to this many behind: the files within it are always let
/// through, whatever their size, so the one the writer waits for is never held back.
const WAKE_READERS_EVERY: usize = 4;
const _: () = assert!(WAKE_READERS_EVERY <= WINDOW_PER_JOB);

/// Whether the reader of file `i` may read it while `written` files are written: within the
/// window's count, and within its bytes unless it is among the files the writer may be
/// waiting for. `starts[k]` is where file `k` starts in the concatenated input.
fn in_window(i: usize, written: usize, window: usize, starts: &[u64]) -> bool {
    i < written + WAKE_READERS_EVERY
        || (i < written + window && starts[i + 1] - starts[written] <= WINDOW_BYTES)
}

/// Where each file starts in the concatenated input, and one past the last: what
/// [`in_window`] takes.
fn starts(sizes: impl IntoIterator<Item = u64>) -> Vec<u64> {
    std::iter::once(0)
        .chain(sizes.into_iter().scan(0, |at, size| {
            *at += size;
            Some(*at)
        }))
        .collect()
}

/// Files a parse worker takes through each step (decoding, parsing, the language, the
/// entities) before the next, when that many are ready: a step's code and tables then stay in
/// the core's caches from one file to the next. Over the 10,000-article corpus on one core, 64
/// at a time took 6% less time than one at a time (16: 3%); the language and the decoding,
/// each in a pass of its own, took about 2% less again each.
const BATCH: usize = 64;

/// Written outcomes go back to their worker in batches of this many, one send per batch.
const RETURN_SPENT_EVERY: usize = 8;

/// Parses `files` on the workers and writes them in order. Into a new database (no
/// `existing` documents), the writer counts the mentions of each alias on the way, and they
/// are returned for settling the entities.
fn run_writer(
    conn: &rusqlite::Connection,
    files: &[InputFile],
    x: &Extraction,
    existing: &HashMap<String, Existing>,
    opts: &ImportOptions,
    progress: &Progress,
    report: &mut ImportReport,
) -> Result<Option<AliasTally>> {
    let jobs = opts.jobs.max(1);
    let window = jobs * WINDOW_PER_JOB;
    let mut writer = Writer::new(conn, &x.fingerprint)?;
    if existing.is_empty() && writer.is_empty()? {
        writer.tally_aliases();
    }

    let starts = starts(files.iter().map(|f| f.size.min(opts.max_file_size)));
    let next = AtomicUsize::new(0);
    // Files the parse workers have taken: a batch is at most a fair share of what is left.
    let taken = AtomicUsize::new(0);
    let written = (Mutex::new(0usize), Condvar::new());
    let stage_times = Mutex::new(StageTimes::default());
    // As deep as the window: the window alone holds the readers back, and a reader never
    // waits on a full channel.
    let (read_tx, read_rx) = mpsc::sync_channel::<(usize, Work, Duration)>(window);
    let read_rx = Mutex::new(read_rx);
    // Each outcome comes with the number of the worker that made it, and goes back to that
    // worker once written, to be freed there: freed on the writer's thread, the memory of
    // another thread's allocator cost the writer a lock per block (a tenth of its time).
    let (tx, rx) = mpsc::sync_channel::<(usize, usize, Outcome)>(window);
    let (spent_txs, spent_rxs): (Vec<_>, Vec<_>) =
        (0..jobs).map(|_| mpsc::channel::<Vec<Outcome>>()).unzip();

    std::thread::scope(|scope| -> Result<()> {
        // Readers: files in input order, never more than the window ahead of the writer.
        for _ in 0..READERS {
            let read_tx = read_tx.clone();
            let (next, written, starts) = (&next, &written, &starts);
            scope.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= files.len() {
                    break;
                }
                {
                    let (lock, cv) = written;
                    let mut w = lock.lock().unwrap_or_else(|p| p.into_inner());
                    while !in_window(i, *w, window, starts) {
                        w = cv.wait(w).unwrap_or_else(|p| p.into_inner());
                    }
                }
                let t = Instant::now();
                let work = read_work(&files[i], x, existing, opts.max_file_size);
                if read_tx.send((i, work, t.elapsed())).is_err() {
                    break;
                }
            });
        }
        drop(read_tx);
        // Parse workers.
        for (worker, spent_rx) in spent_rxs.into_iter().enumerate() {
            let tx = tx.clone();
            let (read_rx, stage_times, taken) = (&read_rx, &stage_times, &taken);
            scope.spawn(move || {
                // A clone of each regex has its own pool of search caches, taken without a
                // lock by the thread that owns it; the other threads of a shared one take a
                // lock per search.
                let rules = x.rules.clone();
                let mut times = StageTimes::default();
                let mut batch = Vec::with_capacity(BATCH);
                let mut decoded = Vec::with_capacity(BATCH);
                let mut prepared = Vec::with_capacity(BATCH);
                'work: loop {
                    while let Ok(spent) = spent_rx.try_recv() {
                        drop(spent);
                    }
                    // The files ready, without waiting for more than one, up to a batch and to
                    // an even share of the files left: near the end no worker takes the last
                    // batch while the others have nothing left to do.
                    {
                        let read_rx = read_rx.lock().unwrap_or_else(|p| p.into_inner());
                        let Ok(first) = read_rx.recv() else {
                            break;
                        };
                        batch.push(first);
                        let left = files.len().saturating_sub(taken.load(Ordering::Relaxed));
                        let share = (left / jobs).clamp(1, BATCH);
                        while batch.len() < share {
                            let Ok(more) = read_rx.try_recv() else {
                                break;
                            };
                            batch.push(more);
                        }
                        taken.fetch_add(batch.len(), Ordering::Relaxed);
                    }
                    for (i, work, read_time) in batch.drain(..) {
                        times.read += read_time;
                        decoded.push((
                            i,
                            match work {
                                Work::Unchanged => None,
                                Work::Parse(input) => {
                                    Some(decode_input(&files[i], input, &mut times))
                                }
                            },
                        ));
                    }
                    for (i, decoding) in decoded.drain(..) {
                        prepared.push((i, decoding.map(|d| d.parse(&rules, &mut times))));
                    }
                    for (_, processed) in &mut prepared {
                        if let Some(p) = processed {
                            tell_language(p, &mut times);
                        }
                    }
                    for (i, processed) in prepared.drain(..) {
                        let outcome = match processed {
                            None => Outcome::Unchanged,
                            Some(mut p) => {
                                extract_mentions(&mut p, &x.knowledge, &mut times);
                                Outcome::processed(p)
                            }
                        };
                        if tx.send((i, worker, outcome)).is_err() {
                            break 'work;
                        }
                    }
                }
                stage_times
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .add(&times);
            });
        }
        drop(tx);

        let mut pending: BTreeMap<usize, (usize, Outcome)> = BTreeMap::new();
        let mut spent: Vec<Vec<Outcome>> = (0..jobs).map(|_| Vec::new()).collect();
        let mut expected = 0usize;
        let mut failure: Option<Error> = None;
        let mut waited = Instant::now();
        while let Ok((i, worker, outcome)) = rx.recv() {
            report.timings.writer_wait += waited.elapsed();
            let storing = Instant::now();
            pending.insert(i, (worker, outcome));
            while let Some((worker, outcome)) = pending.remove(&expected) {
                let file = &files[expected];
                if failure.is_none() {
                    if let Err(e) = store_outcome(&mut writer, file, &outcome, existing, report) {
                        failure = Some(e);
                    }
                }
                spent[worker].push(outcome);
                if spent[worker].len() >= RETURN_SPENT_EVERY {
                    // A worker that has stopped no longer needs them: dropped here then.
                    let _ = spent_txs[worker].send(std::mem::take(&mut spent[worker]));
                }
                expected += 1;
                progress.file_done(expected, file.size.min(opts.max_file_size));
                if expected.is_multiple_of(WAKE_READERS_EVERY) {
                    let (lock, cv) = &written;
                    *lock.lock().unwrap_or_else(|p| p.into_inner()) = expected;
                    cv.notify_all();
                }
            }
            report.timings.writer_store += storing.elapsed();
            waited = Instant::now();
        }
        match failure {
            Some(e) => Err(e),
            None => Ok(()),
        }
    })?;
    report.counts = writer.counts.clone();
    report.timings.workers = stage_times.into_inner().unwrap_or_else(|p| p.into_inner());
    Ok(writer.take_aliases())
}

/// What a reader hands the parse workers for one file.
enum Work {
    /// Same bytes as the stored document, stored under the same fingerprint: left as it is.
    Unchanged,
    Parse(Input),
}

/// Reads a file for the workers, and tells apart a stored document that has not changed.
fn read_work(
    file: &InputFile,
    x: &Extraction,
    existing: &HashMap<String, Existing>,
    max_file_size: u64,
) -> Work {
    let input = read_input(file, max_file_size);
    if let (Some(e), Input::Read(_, sha)) = (existing.get(&file.display), &input) {
        if e.status == "ok"
            && e.fingerprint.as_deref() == Some(x.fingerprint.as_str())
            && e.sha256.as_deref() == Some(sha.as_str())
        {
            return Work::Unchanged;
        }
    }
    Work::Parse(input)
}

fn store_outcome(
    writer: &mut Writer,
    file: &InputFile,
    outcome: &Outcome,
    existing: &HashMap<String, Existing>,
    report: &mut ImportReport,
) -> Result<()> {
    match outcome {
        Outcome::Unchanged => {
            report.unchanged += 1;
            Ok(())
        }
        Outcome::Processed(p, words) => {
            if existing.contains_key(&file.display) {
                writer.delete_document(&file.display)?;
            }
            match p.source.status {
                Status::Skipped => report.skipped.push((
                    p.source.path.clone(),
                    p.source.error.clone().unwrap_or_default(),
                )),
                Status::Error => report.failed.push((
                    p.source.path.clone(),
                    p.source.error.clone().unwrap_or_default(),
                )),
                Status::Ok => {}
            }
            writer.write_counted(p, *words)
        }
    }
}

/// The progress bar on stderr: files, bytes, rate and ETA while files are stored, then a
/// spinner naming each end-of-run step (they take a while on big corpora). Hidden when stderr
/// is not a terminal or with `--quiet`.
struct Progress {
    bar: ProgressBar,
    files: usize,
}

impl Progress {
    fn new(total_bytes: u64, files: usize, quiet: bool) -> Self {
        if quiet || !std::io::stderr().is_terminal() {
            return Progress {
                bar: ProgressBar::hidden(),
                files,
            };
        }
        let bar = ProgressBar::with_draw_target(Some(total_bytes), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {wide_bar} {msg} files {bytes}/{total_bytes} {bytes_per_sec} ETA {eta}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar.set_message(format!("0/{files}"));
        Progress { bar, files }
    }

    /// `done` files stored so far, the last one `bytes` long.
    fn file_done(&self, done: usize, bytes: u64) {
        if self.bar.is_hidden() {
            return;
        }
        self.bar.inc(bytes);
        self.bar.set_message(format!("{done}/{}", self.files));
    }

    /// Switches to a spinner that names the step under way.
    fn stage(&self, what: &'static str) {
        if self.bar.is_hidden() {
            return;
        }
        self.bar.set_style(
            ProgressStyle::with_template("{spinner} [{elapsed_precise}] {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        self.bar.set_message(what);
        self.bar.enable_steady_tick(Duration::from_millis(200));
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn small_files_fill_the_window_by_count() {
        let s = starts([5_000; 400]);
        assert!(in_window(10 + 255, 10, 256, &s));
        assert!(!in_window(10 + 256, 10, 256, &s));
    }

    #[test]
    fn large_files_fill_it_by_bytes() {
        // Files of 1 MiB from the 11th on: eight of them fit the bytes, a ninth does not.
        let s = starts([1 << 20; 40]);
        assert!(in_window(10 + 7, 10, 256, &s));
        assert!(!in_window(10 + 8, 10, 256, &s));
        // Larger than all the bytes: the files the writer may be waiting for still go.
        let s = starts([64 << 20; 40]);
        assert!(in_window(10 + WAKE_READERS_EVERY - 1, 10, 256, &s));
        assert!(!in_window(10 + WAKE_READERS_EVERY, 10, 256, &s));
    }

    proptest! {
        /// The readers may see a written count up to `WAKE_READERS_EVERY - 1` behind the
        /// writer: the file it waits for is let through whatever the sizes.
        #[test]
        fn the_file_the_writer_waits_for_is_never_held_back(
            sizes in proptest::collection::vec(0u64..(64 << 20), 1..60),
            written in 0usize..60,
            behind in 0usize..WAKE_READERS_EVERY,
        ) {
            let s = starts(sizes.iter().copied());
            let next = (written + behind).min(sizes.len() - 1);
            let seen = written.min(next);
            prop_assert!(in_window(next, seen, 2 * WINDOW_PER_JOB, &s));
        }

        /// Beyond the files always let through, what is in flight stays within the bytes.
        #[test]
        fn what_is_in_flight_stays_within_the_bytes(
            sizes in proptest::collection::vec(0u64..(64 << 20), 1..60),
            written in 0usize..60,
            i in 0usize..60,
        ) {
            let s = starts(sizes.iter().copied());
            let written = written.min(sizes.len() - 1);
            let i = i.clamp(written, sizes.len() - 1);
            if in_window(i, written, 2 * WINDOW_PER_JOB, &s) && i >= written + WAKE_READERS_EVERY {
                prop_assert!(s[i + 1] - s[written] <= WINDOW_BYTES);
            }
        }
    }
}
