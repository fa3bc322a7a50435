//! Entities of seeds/, black box: the built binary imports the seeds into a temporary
//! database, and the mentions it stores are checked against tests/fixtures/seeds_gold.json
//! the way the gold's own scorer (score.py) scores them (distinct folded surfaces per file, pooled per
//! group, optional gold ignored), plus the alias sets, the offsets, and a user gazetteer.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use rusqlite::Connection;
use serde_json::Value;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Imports seeds/ (plus `extra` arguments) into `dir/g.db` and opens it.
fn import(dir: &Path, extra: &[&str]) -> Connection {
    let db = dir.join("g.db");
    let out = Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(["import", "--quiet", "--no-csv", "--db"])
        .arg(&db)
        .args(extra)
        .arg("seeds")
        .current_dir(repo())
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("run gazette");
    assert!(
        out.status.success(),
        "import failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Connection::open_with_flags(&db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap()
}

/// score.py's `key`: NFC, one kind of apostrophe and space, case and accents folded, a leading
/// article or preposition dropped, edge punctuation trimmed.
fn key(s: &str) -> String {
    let s: String = s
        .nfc()
        .filter_map(|c| match c {
            '\u{2019}' | '\u{2018}' | '\u{02bc}' => Some('\''),
            '\u{a0}' | '\u{202f}' | '\u{2009}' => Some(' '),
            '\u{200b}' | '\u{feff}' => None,
            c => Some(c),
        })
        .collect();
    let s = s
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    let mut s: String = s.nfd().filter(|c| !is_combining_mark(*c)).collect();
    for a in [
        "l'", "le ", "la ", "les ", "the ", "d'", "du ", "de la ", "des ",
    ] {
        if let Some(rest) = s.strip_prefix(a) {
            s = rest.to_string();
            break;
        }
    }
    s.trim_matches(|c: char| " .,;:!?\"'«»()".contains(c))
        .to_string()
}

struct GoldEntity {
    etype: String,
    surfaces: Vec<String>,
    optional: bool,
}

/// score.py's `seeds-gold`: per file, the entities mentioned in its text (not in boilerplate or
/// bylines), with DURATION counted as DATE and EVENT / LAW_OR_STANDARD as OTHER (optional).
fn gold() -> BTreeMap<String, Vec<GoldEntity>> {
    let text = std::fs::read_to_string(repo().join("tests/fixtures/seeds_gold.json")).unwrap();
    let g: Value = serde_json::from_str(&text).unwrap();
    let mut out = BTreeMap::new();
    for d in g["documents"].as_array().unwrap() {
        let file = d["file"].as_str().unwrap();
        let mut ents = Vec::new();
        for e in g["entities"].as_array().unwrap() {
            let (mut req, mut opt) = (BTreeSet::new(), BTreeSet::new());
            for m in g["mentions"].as_array().unwrap() {
                let zone = m["zone"].as_str().unwrap();
                if m["entity_id"] != e["id"]
                    || m["file"].as_str() != Some(file)
                    || zone == "boilerplate"
                    || zone == "byline"
                {
                    continue;
                }
                let t = m["text"].as_str().unwrap().to_string();
                if m["optional"].as_bool().unwrap_or(false) {
                    opt.insert(t);
                } else {
                    req.insert(t);
                }
            }
            if req.is_empty() && opt.is_empty() {
                continue;
            }
            let ty = e["type"].as_str().unwrap();
            let mapped = match ty {
                "DURATION" => "DATE",
                "EVENT" | "LAW_OR_STANDARD" => "OTHER",
                t => t,
            };
            let optional =
                e["optional"].as_bool().unwrap_or(false) || mapped != ty || req.is_empty();
            ents.push(GoldEntity {
                etype: mapped.to_string(),
                surfaces: req.union(&opt).cloned().collect(),
                optional,
            });
        }
        out.insert(file.to_string(), ents);
    }
    out
}

/// score.py's `from-db`: (surface, type) of every mention, per file.
fn predicted(conn: &Connection) -> BTreeMap<String, Vec<(String, String)>> {
    let mut st = conn
        .prepare(
            "SELECT d.path, m.surface, e.type FROM mentions m JOIN entities e ON e.id = m.entity_id
             LEFT JOIN paragraphs p ON p.id = m.paragraph_id LEFT JOIN comments c ON c.id = m.comment_id
             JOIN articles a ON a.id = coalesce(p.article_id, c.article_id)
             JOIN documents d ON d.id = a.document_id",
        )
        .unwrap();
    let mut out: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    let rows = st
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })
        .unwrap();
    for row in rows {
        let (path, surface, ty) = row.unwrap();
        let file = path.rsplit('/').next().unwrap().to_string();
        out.entry(file).or_default().push((surface, ty));
    }
    out
}

/// (precision, recall, F1) of one group of types, pooled over files.
fn score(
    gold: &BTreeMap<String, Vec<GoldEntity>>,
    pred: &BTreeMap<String, Vec<(String, String)>>,
    types: &[&str],
) -> (f64, f64, f64) {
    let (mut tp, mut fp, mut fn_) = (0, 0, 0);
    let empty = Vec::new();
    for (file, ents) in gold {
        let mut all_keys: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
        for e in ents {
            for s in &e.surfaces {
                all_keys.entry(key(s)).or_default().insert(&e.etype);
            }
        }
        let mut preds: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
        for (s, t) in pred.get(file).unwrap_or(&empty) {
            preds.entry(key(s)).or_default().insert(t);
        }
        for e in ents
            .iter()
            .filter(|e| !e.optional && types.contains(&e.etype.as_str()))
        {
            let hit = e.surfaces.iter().any(|s| {
                preds
                    .get(&key(s))
                    .is_some_and(|ts| ts.contains(e.etype.as_str()))
            });
            if hit {
                tp += 1;
            } else {
                fn_ += 1;
            }
        }
        for (k, ts) in &preds {
            for t in ts.iter().filter(|t| types.contains(t)) {
                match all_keys.get(k) {
                    None => fp += 1,
                    Some(g) if !g.contains(t) && !g.iter().any(|x| types.contains(x)) => fp += 1,
                    _ => {}
                }
            }
        }
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let p = ratio(tp, tp + fp);
    let r = ratio(tp, tp + fn_);
    let f1 = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    (p, r, f1)
}

/// The entity ids holding each alias.
fn entity_of(conn: &Connection, alias: &str) -> BTreeSet<i64> {
    let mut st = conn
        .prepare("SELECT entity_id FROM entity_aliases WHERE alias = ?1")
        .unwrap();
    st.query_map([alias], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn one_entity(conn: &Connection, aliases: &[&str]) {
    let ids: Vec<BTreeSet<i64>> = aliases.iter().map(|a| entity_of(conn, a)).collect();
    for (a, set) in aliases.iter().zip(&ids) {
        assert_eq!(
            set.len(),
            1,
            "alias {a:?} should belong to exactly one entity: {set:?}"
        );
    }
    assert!(
        ids.windows(2).all(|w| w[0] == w[1]),
        "{aliases:?} are not one entity: {ids:?}"
    );
}

#[test]
fn seeds_entities_reach_the_targets_with_exact_offsets_and_merged_variants() {
    let dir = tempfile::tempdir().unwrap();
    let conn = import(dir.path(), &[]);

    // Every mention points at its exact place in its host text.
    let (total, wrong): (i64, i64) = conn
        .query_row(
            "SELECT count(*), coalesce(sum(substr(coalesce(p.text, c.body), m.char_start + 1, m.char_end - m.char_start) <> m.surface), 0)
             FROM mentions m LEFT JOIN paragraphs p ON p.id = m.paragraph_id LEFT JOIN comments c ON c.id = m.comment_id",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(total > 100, "only {total} mentions");
    assert_eq!(wrong, 0, "mentions whose offsets do not give their surface");

    // Variants merge into one entity.
    one_entity(&conn, &["Crosscall", "CrossCall"]);
    one_entity(
        &conn,
        &[
            "ALE",
            "Alcatel-Lucent Enterprise",
            "Alcatel-Lucent Entreprise",
        ],
    );
    one_entity(&conn, &["Figaro", "Le Figaro"]);

    // Scores, as score.py computes them.
    let gold = gold();
    let pred = predicted(&conn);
    for (group, types, target) in [
        ("names", &["PERSON", "ORG", "PLACE"][..], 0.90),
        ("amounts", &["MONEY", "QUANTITY", "PERCENT"][..], 0.85),
        ("dates", &["DATE"][..], 0.80),
    ] {
        let (p, r, f1) = score(&gold, &pred, types);
        eprintln!("{group}: P {p:.3} R {r:.3} F1 {f1:.3}");
        assert!(
            f1 >= target,
            "{group}: F1 {f1:.3} below {target} (P {p:.3}, R {r:.3})"
        );
    }
}

#[test]
fn a_user_gazetteer_merges_a_declared_misspelling() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = repo().join("tests/fixtures/misspellings_gazetteer.tsv");
    let conn = import(dir.path(), &["--gazetteer", fixture.to_str().unwrap()]);
    let ids = |surface: &str| -> BTreeSet<i64> {
        let mut st = conn
            .prepare("SELECT DISTINCT entity_id FROM mentions WHERE surface = ?1")
            .unwrap();
        st.query_map([surface], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let cedric = ids("Cédric Vidal");
    assert_eq!(cedric.len(), 1, "{cedric:?}");
    assert_eq!(cedric, ids("Cyril Vidal"));
    let id = *cedric.iter().next().unwrap();
    let (name, ty): (String, String) = conn
        .query_row("SELECT name, type FROM entities WHERE id = ?1", [id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!((name.as_str(), ty.as_str()), ("Cyril Vidal", "PERSON"));
}

#[test]
fn without_the_user_gazetteer_the_misspelling_stays_apart() {
    let dir = tempfile::tempdir().unwrap();
    let conn = import(dir.path(), &[]);
    let one: i64 = conn
        .query_row(
            "SELECT count(DISTINCT entity_id) FROM mentions WHERE surface IN ('Cédric Vidal', 'Cyril Vidal')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(one, 2);
}

#[test]
fn a_bad_gazetteer_line_is_reported_with_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.tsv");
    std::fs::write(
        &bad,
        "name\ttype\taliases\twikidata_id\nGood Name\tORG\t\t\nBroken\tNOT_A_TYPE\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(["import", "--quiet", "--no-csv", "--db"])
        .arg(dir.path().join("g.db"))
        .arg("--gazetteer")
        .arg(&bad)
        .arg("seeds")
        .current_dir(repo())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.tsv:3"), "{err}");
    assert!(!dir.path().join("g.db").exists());
}
