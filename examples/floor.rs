//! floor — the SQLite floor under `gazette import`: the same rows, written with nothing else.
//!
//! Reads every row of every table of a database that `gazette import` built into memory
//! (untimed), then, timed, writes them into a new database exactly the way a fresh import
//! does — `gazette::store::create_fresh` (same PRAGMAs, same tables), cached prepared
//! statements, one transaction, then `schema::finish_fresh` (the same indexes, FTS5 tables
//! over paragraphs and comments, triggers and views), commit, and `store::publish` (sync and
//! rename). No reading of input files, no parsing, no entity work: what is left is what SQLite
//! itself costs for this dataset, the baseline `scripts/bench.sh` compares the import against.
//!
//! ```text
//! cargo run --release --example floor -- --from BUILT.db --db OUT.db
//! cargo run --release --example floor -- --count BUILT.db    # only the number of rows
//! ```
//!
//! Prints `key=value` lines on stdout: phase wall times in seconds, CPU time (user + sys) of the
//! timed part, and the row count of each table.

use std::path::PathBuf;
use std::time::Instant;

use rusqlite::types::Value;
use rusqlite::{Connection, OpenFlags};

struct Table {
    name: String,
    columns: Vec<String>,
    rows: Vec<Vec<Value>>,
}

/// The allocator of the `gazette` binary, so that what is timed here is what it runs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    if let Err(e) = run() {
        eprintln!("floor: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let mut from: Option<PathBuf> = None;
    let mut db: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--from" => from = args.next().map(PathBuf::from),
            "--db" => db = args.next().map(PathBuf::from),
            "--count" => {
                let path = args
                    .next()
                    .map(PathBuf::from)
                    .ok_or("--count needs a file")?;
                let src = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
                let mut total = 0i64;
                for name in table_names(&src)? {
                    let n: i64 =
                        src.query_row(&format!("SELECT count(*) FROM \"{name}\""), [], |r| {
                            r.get(0)
                        })?;
                    total += n;
                }
                println!("{total}");
                return Ok(());
            }
            "-h" | "--help" => {
                println!("usage: floor --from BUILT.db --db OUT.db | floor --count BUILT.db");
                return Ok(());
            }
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    let (from, db) = match (from, db) {
        (Some(f), Some(d)) => (f, d),
        _ => return Err("usage: floor --from BUILT.db --db OUT.db".into()),
    };

    // Untimed: every row of every ordinary table, in rowid order, into memory.
    let t0 = Instant::now();
    let tables = load(&from)?;
    println!("load_s={:.3}", t0.elapsed().as_secs_f64());
    let mut total = 0usize;
    for t in &tables {
        println!("rows.{}={}", t.name, t.rows.len());
        total += t.rows.len();
    }
    println!("rows_total={total}");

    let _ = std::fs::remove_file(&db);
    let tmp = gazette::store::temp_path(&db);
    let cpu0 = cpu_seconds();
    let start = Instant::now();

    let conn = gazette::store::create_fresh(&tmp)?;
    conn.execute_batch("BEGIN")?;
    for t in &tables {
        insert(&conn, t)?;
    }
    let inserted = start.elapsed().as_secs_f64();
    gazette::store::schema::finish_fresh(&conn)?;
    conn.execute_batch("COMMIT")?;
    let indexed = start.elapsed().as_secs_f64();
    gazette::store::publish(conn, &tmp, &db)?;
    let total_s = start.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu0;

    println!("insert_s={inserted:.3}");
    println!("after_load_s={:.3}", indexed - inserted);
    println!("publish_s={:.3}", total_s - indexed);
    println!("wall_s={total_s:.3}");
    println!("cpu_s={cpu:.3}");
    Ok(())
}

fn load(path: &PathBuf) -> Result<Vec<Table>, Box<dyn std::error::Error>> {
    let src = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let mut tables = Vec::new();
    for name in table_names(&src)? {
        let mut st = src.prepare(&format!("SELECT * FROM \"{name}\" ORDER BY rowid"))?;
        let columns: Vec<String> = st.column_names().iter().map(|c| c.to_string()).collect();
        let n = columns.len();
        let rows = st
            .query_map([], |r| (0..n).map(|i| r.get::<_, Value>(i)).collect())?
            .collect::<Result<Vec<Vec<Value>>, _>>()?;
        tables.push(Table {
            name,
            columns,
            rows,
        });
    }
    Ok(tables)
}

/// The ordinary tables, in creation order: FTS5 tables and their shadow tables are rebuilt by
/// `finish_fresh`, not copied.
fn table_names(src: &Connection) -> rusqlite::Result<Vec<String>> {
    src.prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' \
             AND name NOT IN (SELECT name || suffix FROM sqlite_master, \
                 (SELECT '_data' AS suffix UNION ALL SELECT '_idx' UNION ALL SELECT '_docsize' \
                  UNION ALL SELECT '_config' UNION ALL SELECT '_content') \
                 WHERE sql LIKE 'CREATE VIRTUAL TABLE%') \
             ORDER BY rowid",
    )?
    .query_map([], |r| r.get(0))?
    .collect()
}

fn insert(conn: &Connection, t: &Table) -> rusqlite::Result<()> {
    let sql = format!(
        "INSERT INTO \"{}\" ({}) VALUES ({})",
        t.name,
        t.columns
            .iter()
            .map(|c| format!("\"{c}\""))
            .collect::<Vec<_>>()
            .join(", "),
        (1..=t.columns.len())
            .map(|i| format!("?{i}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let mut st = conn.prepare_cached(&sql)?;
    for row in &t.rows {
        for (i, v) in row.iter().enumerate() {
            st.raw_bind_parameter(i + 1, v)?;
        }
        st.raw_execute()?;
    }
    Ok(())
}

/// User + system CPU seconds of this process so far, from /proc (Linux); 0 elsewhere.
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    let Some(rest) = stat.rsplit_once(')').map(|(_, r)| r) else {
        return 0.0;
    };
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|s| s.parse::<f64>().ok()).unwrap_or(0.0);
    // f[0] is field 3 (state), so field 14 is f[11].
    (ticks(11) + ticks(12)) / clock_ticks()
}

fn clock_ticks() -> f64 {
    // USER_HZ is 100 on every Linux architecture Rust supports.
    100.0
}
