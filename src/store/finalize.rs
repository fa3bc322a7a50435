//! The end-of-import pass: settles entities (aliases, canonical names, counts, unreferenced
//! ones removed) from the stored mentions, and writes the dataset's own description. It reads
//! only what is stored, so an incremental import ends exactly as a full rebuild would.

use std::collections::BTreeMap;

use rusqlite::{params, Connection};

use crate::entities::Knowledge;
use crate::error::Result;
use crate::store::writer::AliasTally;

/// Descriptions of every table and view column: `table, column, type, description`.
pub const COLUMNS: &str = include_str!("../../data/columns.tsv");

/// (table, column, frictionless type, description) rows of [`COLUMNS`].
pub fn column_descriptions(
) -> impl Iterator<Item = (&'static str, &'static str, &'static str, &'static str)> {
    COLUMNS.lines().skip(1).filter_map(|l| {
        let mut f = l.splitn(4, '\t');
        Some((f.next()?, f.next()?, f.next()?, f.next()?))
    })
}

/// What the user said about the dataset (`--name`, `--title`, …); unset keeps the stored value.
#[derive(Debug, Clone, Default)]
pub struct DatasetInfo {
    pub name: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub license: Option<String>,
}

/// Settles the entity tables from the mentions and bylines. `tally` holds the mentions of
/// each alias when the writer counted them all (a new database); otherwise they are counted
/// from the stored mentions.
pub fn settle_entities(conn: &Connection, kb: &Knowledge, tally: Option<AliasTally>) -> Result<()> {
    conn.execute("UPDATE entities SET mention_count = 0", [])?;
    let alias_rows = match tally {
        // The tally's counts add up to each entity's mentions: no pass over the mentions
        // index (0.4 s at 100,000 articles, on the one core still busy at that point).
        Some(tally) => {
            let rows = tally.into_rows();
            let mut count = conn.prepare("UPDATE entities SET mention_count = ?2 WHERE id = ?1")?;
            for run in rows.chunk_by(|a, b| a.0 == b.0) {
                count.execute(params![run[0].0, run.iter().map(|r| r.2).sum::<i64>()])?;
            }
            Some(rows)
        }
        None => {
            conn.execute(
                "UPDATE entities SET mention_count = (SELECT count(*) FROM mentions m WHERE m.entity_id = entities.id)
                   WHERE id IN (SELECT DISTINCT entity_id FROM mentions)",
                [],
            )?;
            None
        }
    };
    conn.execute_batch(
        "DELETE FROM entities WHERE mention_count = 0
           AND id NOT IN (SELECT entity_id FROM bylines WHERE entity_id IS NOT NULL);
         DELETE FROM entity_aliases;",
    )?;
    match alias_rows {
        Some(rows) => {
            let mut add = conn.prepare(
                "INSERT INTO entity_aliases (entity_id, alias, mentions) VALUES (?1, ?2, ?3)",
            )?;
            for (id, alias, n) in rows {
                add.execute(params![id, alias, n])?;
            }
        }
        // NOT INDEXED: read through mentions_entity_id, every row is a random read into the
        // table (minutes at millions of mentions); a scan and a sort give the same groups in
        // the same order in seconds.
        None => conn.execute_batch(
            "INSERT INTO entity_aliases (entity_id, alias, mentions)
               SELECT entity_id, surface, count(*) FROM mentions NOT INDEXED GROUP BY entity_id, surface;",
        )?,
    }
    conn.execute_batch(
        "INSERT INTO entity_aliases (entity_id, alias, mentions)
           SELECT DISTINCT entity_id, name, 0 FROM bylines WHERE entity_id IS NOT NULL
           ON CONFLICT DO NOTHING;",
    )?;
    // Gazetteer entities: their own name and every alias the gazetteer gives them.
    let known: Vec<(i64, String)> = conn
        .prepare("SELECT id, merge_key FROM entities WHERE in_gazetteer = 1 ORDER BY id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<std::result::Result<_, _>>()?;
    {
        let mut add = conn.prepare(
            "INSERT INTO entity_aliases (entity_id, alias, mentions) VALUES (?1, ?2, 0) ON CONFLICT DO NOTHING",
        )?;
        let mut rename =
            conn.prepare("UPDATE entities SET name = ?2 WHERE id = ?1 AND name <> ?2")?;
        for (id, key) in &known {
            if let Some((name, aliases)) = kb.entry_for_key(key) {
                rename.execute(params![id, name])?;
                add.execute(params![id, name])?;
                for a in aliases {
                    add.execute(params![id, a])?;
                }
            }
        }
    }
    // Other entities: the longest alias that is not an acronym, then the most frequent, then
    // the first alphabetically.
    let mut aliases: BTreeMap<i64, Vec<(String, i64)>> = BTreeMap::new();
    {
        let mut st = conn.prepare(
            "SELECT a.entity_id, a.alias, a.mentions FROM entity_aliases a \
             JOIN entities e ON e.id = a.entity_id WHERE e.in_gazetteer = 0",
        )?;
        let rows = st.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })?;
        for row in rows {
            let (id, alias, n) = row?;
            aliases.entry(id).or_default().push((alias, n));
        }
    }
    let mut rename = conn.prepare("UPDATE entities SET name = ?2 WHERE id = ?1 AND name <> ?2")?;
    for (id, list) in aliases {
        if let Some(name) = canonical_name(&list) {
            rename.execute(params![id, name])?;
        }
    }
    Ok(())
}

/// DESIGN's rule for a canonical name among aliases with their mention counts.
pub fn canonical_name(aliases: &[(String, i64)]) -> Option<&str> {
    aliases
        .iter()
        .min_by(|(a, na), (b, nb)| {
            let (la, lb) = (is_acronym(a), is_acronym(b));
            la.cmp(&lb)
                .then_with(|| b.chars().count().cmp(&a.chars().count()))
                .then_with(|| nb.cmp(na))
                .then_with(|| a.cmp(b))
        })
        .map(|(a, _)| a.as_str())
}

fn is_acronym(s: &str) -> bool {
    let letters: Vec<char> = s.chars().filter(|c| c.is_alphabetic()).collect();
    !s.contains(' ') && letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
}

/// Writes `dataset_meta` and `dataset_columns`.
pub fn describe(
    conn: &Connection,
    info: &DatasetInfo,
    kb: &Knowledge,
    fingerprint: &str,
    rules_fp: &str,
) -> Result<()> {
    let stored = |key: &str| -> Option<String> {
        conn.query_row(
            "SELECT value FROM dataset_meta WHERE key = ?1",
            [key],
            |r| r.get(0),
        )
        .ok()
    };
    let name = info
        .name
        .clone()
        .or_else(|| stored("name"))
        .unwrap_or_else(|| "gazette".into());
    let title = info
        .title
        .clone()
        .or_else(|| stored("title"))
        .unwrap_or_else(|| "News articles, reader comments and named entities".into());
    let description = info.description.clone().or_else(|| stored("description")).unwrap_or_else(|| {
        "Articles, reader comments and the people, organizations, places, products, figures and \
         dates they mention, extracted by gazette from scraped news pages. Every line of every \
         input is accounted for; see the dataset_columns table for what each column holds."
            .into()
    });
    let license = info.license.clone().or_else(|| stored("license"));
    let (sources, bytes): (i64, i64) = conn.query_row(
        "SELECT count(*), coalesce(sum(bytes), 0) FROM documents",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let data_sources = serde_json::to_string(
        &kb.sources()
            .iter()
            .map(|(file, source, license)| {
                serde_json::json!({"file": file, "source": source, "license": license})
            })
            .collect::<Vec<_>>(),
    )
    .unwrap_or_else(|_| "[]".into());
    let mut meta: Vec<(&str, Option<String>)> = vec![
        ("name", Some(name)),
        ("title", Some(title)),
        ("description", Some(description)),
        ("license", license),
        ("tool_name", Some(crate::TOOL_NAME.into())),
        ("tool_version", Some(crate::TOOL_VERSION.into())),
        (
            "schema_version",
            Some(super::schema::current_version().to_string()),
        ),
        ("source_count", Some(sources.to_string())),
        ("source_bytes", Some(bytes.to_string())),
        ("extraction_fingerprint", Some(fingerprint.into())),
        ("rules_fingerprint", Some(rules_fp.into())),
        ("gazetteer_fingerprint", Some(kb.fingerprint.clone())),
        ("data_sources", Some(data_sources)),
    ];
    if let Some(t) = build_time() {
        meta.push(("build_time", Some(t)));
    }
    conn.execute("DELETE FROM dataset_meta", [])?;
    let mut st = conn.prepare("INSERT INTO dataset_meta (key, value) VALUES (?1, ?2)")?;
    for (k, v) in meta {
        if let Some(v) = v {
            st.execute(params![k, v])?;
        }
    }
    conn.execute("DELETE FROM dataset_columns", [])?;
    let mut st = conn.prepare(
        "INSERT INTO dataset_columns (table_name, column_name, description) VALUES (?1, ?2, ?3)",
    )?;
    for (t, c, _, d) in column_descriptions() {
        st.execute(params![t, c, d])?;
    }
    Ok(())
}

/// `SOURCE_DATE_EPOCH` as an ISO 8601 UTC date-time; never the clock.
pub fn build_time() -> Option<String> {
    let secs: i64 = std::env::var("SOURCE_DATE_EPOCH")
        .ok()?
        .trim()
        .parse()
        .ok()?;
    Some(iso_utc(secs))
}

/// Seconds since 1970 → `YYYY-MM-DDTHH:MM:SSZ` (proleptic Gregorian, UTC).
pub fn iso_utc(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_name_rule() {
        let v = |xs: &[(&str, i64)]| {
            xs.iter()
                .map(|(a, n)| (a.to_string(), *n))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            canonical_name(&v(&[
                ("ALE", 3),
                ("Alcatel-Lucent Entreprise", 1),
                ("Alcatel-Lucent Enterprise", 1)
            ])),
            Some("Alcatel-Lucent Enterprise")
        );
        assert_eq!(
            canonical_name(&v(&[("CrossCall", 6), ("Crosscall", 25)])),
            Some("Crosscall")
        );
        assert_eq!(
            canonical_name(&v(&[("Figaro", 3), ("Le Figaro", 1)])),
            Some("Le Figaro")
        );
    }

    #[test]
    fn iso_dates() {
        assert_eq!(iso_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso_utc(1_700_000_000), "2023-11-14T22:13:20Z");
    }

    #[test]
    fn every_column_is_described() {
        assert!(column_descriptions().count() > 100);
        for (_, _, ty, _) in column_descriptions() {
            assert!(["integer", "number", "string"].contains(&ty));
        }
    }
}
