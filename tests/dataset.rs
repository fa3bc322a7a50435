//! The shared file: reproducible bytes, incremental imports equal to a full rebuild, pruning,
//! self-description and search.

mod common;

use std::path::Path;

use rusqlite::Connection;

/// Every contract row, by natural keys (paths, positions, entity type + name), never ids.
fn natural_dump(db: &Path) -> Vec<String> {
    let conn = common::open(db);
    let queries = [
        "SELECT 'doc', path, sha256, bytes, encoding, lossy, status, error FROM documents",
        "SELECT 'article', d.path, a.title, a.publisher, a.published_at, a.language, a.word_count
           FROM articles a JOIN documents d ON d.id = a.document_id",
        "SELECT 'paragraph', d.path, p.position, p.kind, p.text, p.first_line, p.last_line
           FROM paragraphs p JOIN articles a ON a.id = p.article_id JOIN documents d ON d.id = a.document_id",
        "SELECT 'comment', d.path, c.position, c.author, c.posted_at, c.title, pc.position, c.body, c.quoted,
                c.first_line, c.last_line
           FROM comments c JOIN articles a ON a.id = c.article_id JOIN documents d ON d.id = a.document_id
           LEFT JOIN comments pc ON pc.id = c.parent_id",
        "SELECT 'byline', d.path, b.position, b.name, b.role, e.type, e.name, b.line
           FROM bylines b JOIN articles a ON a.id = b.article_id JOIN documents d ON d.id = a.document_id
           LEFT JOIN entities e ON e.id = b.entity_id",
        "SELECT 'tag', d.path, t.position, t.tag, t.line
           FROM article_tags t JOIN articles a ON a.id = t.article_id JOIN documents d ON d.id = a.document_id",
        "SELECT 'boilerplate', d.path, b.line, b.text, b.reason FROM boilerplate b JOIN documents d ON d.id = b.document_id",
        "SELECT 'entity', type, name, wikidata_id, merge_key, in_gazetteer, mention_count FROM entities",
        "SELECT 'alias', e.type, e.name, x.alias, x.mentions FROM entity_aliases x JOIN entities e ON e.id = x.entity_id",
        "SELECT 'mention', md.path, md.host_kind, coalesce(p.position, c.position), md.char_start, md.char_end,
                md.surface, md.entity_type, md.entity_name, md.method, md.confidence, md.value_num,
                md.value_unit, md.value_date
           FROM mention_details md LEFT JOIN paragraphs p ON p.id = md.paragraph_id
           LEFT JOIN comments c ON c.id = md.comment_id",
        "SELECT 'meta', key, value FROM dataset_meta",
    ];
    let mut out = Vec::new();
    for q in queries {
        let mut st = conn.prepare(q).unwrap();
        let n = st.column_count();
        let rows = st
            .query_map([], |r| {
                let mut fields = Vec::with_capacity(n);
                for i in 0..n {
                    let v: rusqlite::types::Value = r.get(i)?;
                    fields.push(format!("{v:?}"));
                }
                Ok(fields.join("|"))
            })
            .unwrap();
        out.extend(rows.map(Result::unwrap));
    }
    out.sort();
    out
}

fn copy_seeds(to: &Path, pick: impl Fn(usize) -> bool) {
    std::fs::create_dir_all(to).unwrap();
    let mut files: Vec<_> = std::fs::read_dir(common::repo().join("seeds"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    // Written in reverse order, so directory order differs from sorted order.
    for (i, f) in files.iter().enumerate().rev() {
        if pick(i) {
            std::fs::copy(f, to.join(f.file_name().unwrap())).unwrap();
        }
    }
}

fn import(cwd: &Path, args: &[&str]) {
    let mut full = vec!["import", "--quiet"];
    full.extend_from_slice(args);
    let out = common::gazette(cwd, &full);
    assert!(
        out.status.success(),
        "gazette {full:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn same_inputs_give_the_same_bytes_whatever_the_jobs_and_file_order() {
    let dir = tempfile::tempdir().unwrap();
    copy_seeds(&dir.path().join("in"), |_| true);
    import(
        dir.path(),
        &["--db", "a.db", "--csv", "csv-a", "--jobs", "1", "in"],
    );
    import(
        dir.path(),
        &["--db", "b.db", "--csv", "csv-b", "--jobs", "4", "in"],
    );
    assert_eq!(
        common::sha256_file(&dir.path().join("a.db")),
        common::sha256_file(&dir.path().join("b.db"))
    );
    let mut names: Vec<_> = std::fs::read_dir(dir.path().join("csv-a"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    assert!(names.len() > 10);
    for n in names {
        assert_eq!(
            common::sha256_file(&dir.path().join("csv-a").join(&n)),
            common::sha256_file(&dir.path().join("csv-b").join(&n)),
            "{n:?}"
        );
    }
}

#[test]
fn more_files_than_a_worker_takes_at_once_give_the_same_bytes_whatever_the_jobs() {
    // Fourteen copies of the seeds under other names: more files than a parse worker takes
    // through its steps at a time, so that batches follow one another and share the files.
    let dir = tempfile::tempdir().unwrap();
    let seeds = dir.path().join("seeds");
    copy_seeds(&seeds, |_| true);
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    for entry in std::fs::read_dir(&seeds).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        for copy in 0..14 {
            std::fs::copy(&path, input.join(format!("{copy:02}-{name}"))).unwrap();
        }
    }
    import(
        dir.path(),
        &["--db", "a.db", "--no-csv", "--jobs", "1", "in"],
    );
    import(
        dir.path(),
        &["--db", "b.db", "--no-csv", "--jobs", "3", "in"],
    );
    assert_eq!(
        common::sha256_file(&dir.path().join("a.db")),
        common::sha256_file(&dir.path().join("b.db"))
    );
    let documents: i64 = common::open(&dir.path().join("a.db"))
        .query_row(
            "SELECT count(*) FROM documents WHERE status = 'ok'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(documents, 70);
}

#[test]
fn the_finished_file_is_single_compact_and_described() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::import_seeds(
        dir.path(),
        &[
            "--no-csv",
            "--name",
            "relocalisation",
            "--license",
            "CC-BY-4.0",
        ],
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(leftovers, ["gazette.db"], "only the database remains");
    let conn = common::open(&db);
    let journal: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(journal, "delete");
    let free: i64 = conn
        .query_row("PRAGMA freelist_count", [], |r| r.get(0))
        .unwrap();
    assert_eq!(free, 0);
    let meta = |k: &str| -> Option<String> {
        conn.query_row("SELECT value FROM dataset_meta WHERE key = ?1", [k], |r| {
            r.get(0)
        })
        .ok()
    };
    assert_eq!(meta("name").as_deref(), Some("relocalisation"));
    assert_eq!(meta("license").as_deref(), Some("CC-BY-4.0"));
    assert_eq!(meta("tool_name").as_deref(), Some("gazette"));
    assert_eq!(meta("schema_version").as_deref(), Some("1"));
    assert_eq!(meta("source_count").as_deref(), Some("5"));
    assert!(meta("extraction_fingerprint").is_some_and(|f| f.len() == 64));
    assert_eq!(meta("build_time"), None, "no clock in the data");
    let described: i64 = conn
        .query_row(
            "SELECT count(*) FROM dataset_columns WHERE table_name = 'mentions'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(described >= 12);
}

/// A fresh build writes its rows without foreign-key checks: every reference must still lead
/// to its row, through every kind of link the seeds have (comment replies, bylines and
/// mentions of entities, mentions in paragraphs and in comments).
#[test]
fn a_fresh_build_has_every_reference_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::import_seeds(dir.path(), &["--no-csv"]);
    let conn = common::open(&db);
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    for (what, sql) in [
        (
            "replies",
            "SELECT count(*) FROM comments WHERE parent_id IS NOT NULL",
        ),
        (
            "bylines with an entity",
            "SELECT count(*) FROM bylines WHERE entity_id IS NOT NULL",
        ),
        (
            "mentions in paragraphs",
            "SELECT count(*) FROM mentions WHERE paragraph_id IS NOT NULL",
        ),
        (
            "mentions in comments",
            "SELECT count(*) FROM mentions WHERE comment_id IS NOT NULL",
        ),
    ] {
        assert!(count(sql) > 0, "the seeds have {what}");
    }
    let broken: Vec<String> = conn
        .prepare("SELECT \"table\", rowid, parent FROM pragma_foreign_key_check")
        .unwrap()
        .query_map([], |r| {
            Ok(format!(
                "{} row {} -> {}",
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?
            ))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(broken.is_empty(), "{broken:?}");
}

#[test]
fn build_time_comes_from_source_date_epoch() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(common::bin())
        .args(["import", "--quiet", "--no-csv", "--db"])
        .arg(dir.path().join("g.db"))
        .arg("seeds")
        .current_dir(common::repo())
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .unwrap();
    assert!(out.status.success());
    let conn = common::open(&dir.path().join("g.db"));
    let t: String = conn
        .query_row(
            "SELECT value FROM dataset_meta WHERE key = 'build_time'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(t, "2023-11-14T22:13:20Z");
}

#[test]
fn two_step_incremental_import_equals_the_one_step_build() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    copy_seeds(&d.join("in"), |i| i % 2 == 0);
    import(d, &["--no-csv", "--db", "inc.db", "in"]);
    copy_seeds(&d.join("in"), |_| true);
    import(d, &["--no-csv", "--db", "inc.db", "in"]);
    import(d, &["--no-csv", "--db", "full.db", "in"]);
    assert_eq!(
        natural_dump(&d.join("inc.db")),
        natural_dump(&d.join("full.db"))
    );

    // A changed file is parsed again; the result still equals a rebuild.
    let first = std::fs::read_dir(d.join("in"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .min()
        .unwrap();
    let mut text = std::fs::read_to_string(&first).unwrap();
    text.push_str("\n\nUn paragraphe ajouté depuis Lyon par la société Exemple, qui investit 3 millions d'euros.\n");
    std::fs::write(&first, text).unwrap();
    import(d, &["--no-csv", "--db", "inc.db", "in"]);
    std::fs::remove_file(d.join("full.db")).unwrap();
    import(d, &["--no-csv", "--db", "full.db", "in"]);
    assert_eq!(
        natural_dump(&d.join("inc.db")),
        natural_dump(&d.join("full.db"))
    );
    let out = common::gazette(d, &["check", "--db", "inc.db"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn prune_removes_documents_whose_files_are_gone() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    copy_seeds(&d.join("in"), |_| true);
    import(d, &["--no-csv", "--db", "g.db", "in"]);
    let gone = std::fs::read_dir(d.join("in"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .max()
        .unwrap();
    std::fs::remove_file(&gone).unwrap();
    import(d, &["--no-csv", "--db", "g.db", "in"]);
    let count = |db: &str| -> i64 {
        Connection::open(d.join(db))
            .unwrap()
            .query_row("SELECT count(*) FROM documents", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(count("g.db"), 5, "without --prune nothing is removed");
    import(d, &["--no-csv", "--prune", "--db", "g.db", "in"]);
    assert_eq!(count("g.db"), 4);
    import(d, &["--no-csv", "--db", "full.db", "in"]);
    let mut inc = natural_dump(&d.join("g.db"));
    let mut full = natural_dump(&d.join("full.db"));
    // Only the stored description of the dataset may say it was built in two steps.
    inc.retain(|r| !r.starts_with("\"meta\""));
    full.retain(|r| !r.starts_with("\"meta\""));
    assert_eq!(inc, full);
}

#[test]
fn reimporting_unchanged_files_is_not_a_failure_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::import_seeds(dir.path(), &["--no-csv"]);
    let before = natural_dump(&db);
    let out = common::gazette(
        &common::repo(),
        &["import", "--no-csv", "--db", db.to_str().unwrap(), "seeds"],
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("5 unchanged"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(natural_dump(&db), before);
}

#[test]
fn search_finds_words_without_their_accents() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::import_seeds(dir.path(), &["--no-csv"]);
    let db = db.to_str().unwrap();
    let out = common::gazette(dir.path(), &["search", "societe", "--db", db]);
    assert!(out.status.success());
    let hits = String::from_utf8_lossy(&out.stdout);
    assert!(hits.lines().count() >= 3, "{hits}");
    assert!(hits.lines().all(|l| l.starts_with("seeds/")), "{hits}");
    assert!(hits.to_lowercase().contains("société"), "{hits}");

    for words in ["l'entreprise", "Alcatel-Lucent", "made in France"] {
        let out = common::gazette(dir.path(), &["search", words, "--db", db]);
        assert!(out.status.success(), "{words}");
        assert!(!out.stdout.is_empty(), "no hit for {words}");
    }
    let out = common::gazette(
        dir.path(),
        &["search", "--fts", "smartphone*", "--limit", "2", "--db", db],
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 2);
    let out = common::gazette(dir.path(), &["search", "zzzzqqq", "--db", db]);
    assert!(
        out.status.success() && out.stdout.is_empty(),
        "no hits is not an error"
    );
}

#[test]
fn the_file_opens_in_the_sqlite3_shell_and_python() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::import_seeds(dir.path(), &["--no-csv"]);
    let py = std::process::Command::new("python3")
        .arg("-c")
        .arg(
            "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); \
             print(c.execute('select count(*) from article_overview').fetchone()[0], \
                   c.execute('select count(*) from comment_threads where depth > 0').fetchone()[0])",
        )
        .arg(&db)
        .output();
    if let Ok(out) = py {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "5 18");
    }
}

#[test]
#[ignore = "needs the sqlite3 shell (scripts/install-test-tools.sh installs it)"]
fn the_sqlite3_shell_reads_every_view() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::import_seeds(dir.path(), &["--no-csv"]);
    for view in [
        "article_overview",
        "mention_details",
        "comment_threads",
        "entity_counts",
    ] {
        let out = std::process::Command::new("sqlite3")
            .arg(&db)
            .arg(format!("SELECT count(*) FROM {view};"))
            .output()
            .expect("sqlite3 installed");
        assert!(
            out.status.success(),
            "{view}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn schema_uses_no_syntax_newer_than_sqlite_3_37() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::import_seeds(dir.path(), &["--no-csv"]);
    let conn = common::open(&db);
    let sql: Vec<String> = conn
        .prepare("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let forbidden_syntax = [
        "->",
        "right join",
        "full join",
        "right outer join",
        "full outer join",
        "is distinct from",
    ];
    let functions = regex::Regex::new(
        r"(?i)(^|[^a-z_])(unixepoch|format|concat|concat_ws|string_agg|octet_length|unistr|timediff)\s*\(",
    )
    .unwrap();
    // ORDER BY inside an aggregate call: `group_concat(x ORDER BY y)`.
    let ordered_aggregate = regex::Regex::new(
        r"(?is)(group_concat|json_group_array|sum|count|max|min)\s*\([^()]*order\s+by",
    )
    .unwrap();
    for s in &sql {
        let lower = s.to_lowercase();
        for f in forbidden_syntax {
            assert!(!lower.contains(f), "{f} in {s}");
        }
        assert!(!functions.is_match(s), "function newer than 3.37 in {s}");
        assert!(
            !ordered_aggregate.is_match(s),
            "ORDER BY inside an aggregate in {s}"
        );
    }
}
