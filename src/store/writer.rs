//! The single writer: inserts one processed file at a time with cached prepared statements.
//! Entities get their id the first time their merge key is seen, so ids follow input order and
//! the same inputs give the same file.

use std::collections::HashMap;

use ahash::RandomState;

use rusqlite::{params, Connection, OptionalExtension, Statement};

use crate::error::Result;
use crate::model::{Host, Mention, Processed, Status};

/// Counts of what was written, for the summary.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Counts {
    pub documents: u64,
    pub articles: u64,
    pub paragraphs: u64,
    pub comments: u64,
    pub mentions: u64,
    pub bytes: u64,
}

pub struct Writer<'c> {
    conn: &'c Connection,
    inserts: Inserts<'c>,
    entities: HashMap<String, Known, RandomState>,
    pub counts: Counts,
    fingerprint: String,
    /// Whether the mentions of each alias are counted as they are written (see
    /// [`Writer::tally_aliases`]).
    tally: bool,
}

/// An entity the writer has met, by merge key: its id, and the surface forms its mentions
/// were written under with how many of each, when they are counted.
#[derive(Debug)]
struct Known {
    id: i64,
    /// Most entities have one or two forms: a short list beside the id is read with the
    /// entity itself, where a map keyed by entity id, holding a map per entity, took two more
    /// lookups per mention (and 9% more of the writer's first-level cache misses).
    forms: Vec<(String, i64)>,
}

impl Known {
    fn count(&mut self, surface: &str) {
        match self.forms.iter_mut().find(|(form, _)| form == surface) {
            Some((_, n)) => *n += 1,
            None => self.forms.push((surface.to_string(), 1)),
        }
    }
}

/// How many mentions each entity has under each surface form: the `entity_aliases` rows
/// that come from mentions.
#[derive(Debug, Default)]
pub struct AliasTally {
    rows: Vec<(i64, String, i64)>,
}

impl AliasTally {
    /// (entity id, alias, mentions), ordered by entity id and then alias, as a `GROUP BY`
    /// of the mentions would give them.
    pub fn into_rows(self) -> Vec<(i64, String, i64)> {
        let mut rows = self.rows;
        rows.sort_unstable();
        rows
    }
}

/// The entity of merge `key`, inserted with the rest of its row the first time the key is
/// met. A function of the two fields rather than a method, so that the entry it returns can
/// be held while the other statements run.
fn known_entity<'m>(
    entities: &'m mut HashMap<String, Known, RandomState>,
    insert: &mut Statement<'_>,
    conn: &Connection,
    row: EntityRow<'_>,
) -> Result<&'m mut Known> {
    if !entities.contains_key(row.key) {
        insert.execute(params![
            row.name,
            row.entity_type,
            row.wikidata_id,
            row.key,
            row.in_gazetteer
        ])?;
        let id = conn.last_insert_rowid();
        entities.insert(
            row.key.to_string(),
            Known {
                id,
                forms: Vec::new(),
            },
        );
    }
    Ok(entities
        .get_mut(row.key)
        .expect("the entity was just looked up or inserted"))
}

/// What an `entities` row holds, as the writer is given it.
struct EntityRow<'a> {
    key: &'a str,
    name: &'a str,
    entity_type: &'a str,
    wikidata_id: Option<&'a str>,
    in_gazetteer: bool,
}

/// The insert statements, prepared once for the whole run: a statement-cache lookup hashes
/// the SQL text on every call, which costs more than binding the row for the small tables.
struct Inserts<'c> {
    document: Statement<'c>,
    article: Statement<'c>,
    tag: Statement<'c>,
    byline: Statement<'c>,
    boilerplate: Statement<'c>,
    paragraph: Statement<'c>,
    comment: Statement<'c>,
    /// Mention rows, several to a statement: one statement per group size of
    /// [`MENTION_GROUPS`], in that order.
    mentions: Vec<Statement<'c>>,
    entity: Statement<'c>,
}

/// How many mention rows one `INSERT` takes, largest first: a document's mentions go in
/// groups of the largest size that fits what is left. A statement's run has a cost of its
/// own beside its rows': over the 10,000-article corpus the writer alone took 0.86-0.88 s
/// with a statement per mention, 0.77-0.82 s with groups of 16 (groups of 8 or 32, or
/// of 64, 16, 4 and 1, did no better).
const MENTION_GROUPS: [usize; 2] = [16, 1];

/// Columns of a mention row, as the insert binds them.
const MENTION_COLUMNS: usize = 11;

impl<'c> Inserts<'c> {
    fn prepare(conn: &'c Connection) -> Result<Self> {
        Ok(Inserts {
            document: conn.prepare(
                "INSERT INTO documents (path, name, sha256, bytes, encoding, lossy, status, error, \
                 fingerprint, raw_text, raw_bytes) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?,
            article: conn.prepare(
                "INSERT INTO articles (document_id, title, publisher, published_at, language, word_count) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?,
            tag: conn.prepare(
                "INSERT INTO article_tags (article_id, position, tag, line) VALUES (?1, ?2, ?3, ?4)",
            )?,
            byline: conn.prepare(
                "INSERT INTO bylines (article_id, position, name, role, entity_id, line) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?,
            boilerplate: conn.prepare(
                "INSERT INTO boilerplate (document_id, line, text, reason) VALUES (?1, ?2, ?3, ?4)",
            )?,
            paragraph: conn.prepare(
                "INSERT INTO paragraphs (article_id, position, kind, text, first_line, last_line) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?,
            comment: conn.prepare(
                "INSERT INTO comments (article_id, position, author, posted_at, title, parent_id, \
                 body, quoted, first_line, last_line) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?,
            mentions: MENTION_GROUPS
                .iter()
                .map(|&rows| {
                    let row = format!("({})", ["?"; MENTION_COLUMNS].join(", "));
                    conn.prepare(&format!(
                        "INSERT OR IGNORE INTO mentions (entity_id, paragraph_id, comment_id, \
                         char_start, char_end, surface, method, confidence, value_num, \
                         value_unit, value_date) VALUES {}",
                        vec![row; rows].join(", ")
                    ))
                })
                .collect::<rusqlite::Result<_>>()?,
            entity: conn.prepare(
                "INSERT INTO entities (name, type, wikidata_id, merge_key, in_gazetteer) \
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?,
        })
    }
}

/// A mention as its row is written.
struct MentionRow<'p> {
    entity_id: i64,
    paragraph_id: Option<i64>,
    comment_id: Option<i64>,
    mention: &'p Mention,
}

/// Inserts `rows` with `insert`, a statement of as many rows; returns how many were written.
fn insert_mentions(insert: &mut Statement<'_>, rows: &[MentionRow<'_>]) -> Result<usize> {
    for (i, row) in rows.iter().enumerate() {
        let m = row.mention;
        let at = i * MENTION_COLUMNS;
        insert.raw_bind_parameter(at + 1, row.entity_id)?;
        insert.raw_bind_parameter(at + 2, row.paragraph_id)?;
        insert.raw_bind_parameter(at + 3, row.comment_id)?;
        insert.raw_bind_parameter(at + 4, m.char_start as i64)?;
        insert.raw_bind_parameter(at + 5, m.char_end as i64)?;
        insert.raw_bind_parameter(at + 6, &m.surface)?;
        insert.raw_bind_parameter(at + 7, m.method.as_str())?;
        insert.raw_bind_parameter(at + 8, m.confidence)?;
        insert.raw_bind_parameter(at + 9, m.value_num)?;
        insert.raw_bind_parameter(at + 10, &m.value_unit)?;
        insert.raw_bind_parameter(at + 11, &m.value_date)?;
    }
    Ok(insert.raw_execute()?)
}

/// A document already in the database, as the incremental import compares it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Existing {
    pub id: i64,
    pub sha256: Option<String>,
    pub fingerprint: Option<String>,
    pub status: String,
}

impl<'c> Writer<'c> {
    /// A writer for `conn`, knowing the entities already stored.
    pub fn new(conn: &'c Connection, fingerprint: &str) -> Result<Self> {
        let mut entities = HashMap::default();
        {
            let mut st = conn.prepare("SELECT merge_key, id FROM entities")?;
            let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
            for row in rows {
                let (k, id) = row?;
                entities.insert(
                    k,
                    Known {
                        id,
                        forms: Vec::new(),
                    },
                );
            }
        }
        Ok(Writer {
            conn,
            inserts: Inserts::prepare(conn)?,
            entities,
            counts: Counts::default(),
            fingerprint: fingerprint.to_string(),
            tally: false,
        })
    }

    /// Counts the mentions of each alias while writing. For a new database, whose mentions
    /// are all written by this writer: settling its entities then needs no sort of every
    /// mention (seconds at millions of them), only of the distinct aliases.
    pub fn tally_aliases(&mut self) {
        self.tally = true;
    }

    /// Whether no mention is stored yet: a tally of this writer's mentions is then a tally
    /// of all of them.
    pub fn is_empty(&self) -> Result<bool> {
        Ok(self
            .conn
            .query_row("SELECT NOT EXISTS (SELECT 1 FROM mentions)", [], |r| {
                r.get(0)
            })?)
    }

    /// The alias counts, when [`Writer::tally_aliases`] asked for them.
    pub fn take_aliases(&mut self) -> Option<AliasTally> {
        if !std::mem::take(&mut self.tally) {
            return None;
        }
        let rows = self
            .entities
            .values_mut()
            .flat_map(|known| {
                let id = known.id;
                std::mem::take(&mut known.forms)
                    .into_iter()
                    .map(move |(alias, n)| (id, alias, n))
            })
            .collect();
        Some(AliasTally { rows })
    }

    /// Documents already stored, by path.
    pub fn existing(conn: &Connection) -> Result<HashMap<String, Existing>> {
        let mut st = conn.prepare("SELECT path, id, sha256, fingerprint, status FROM documents")?;
        let rows = st.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                Existing {
                    id: r.get(1)?,
                    sha256: r.get(2)?,
                    fingerprint: r.get(3)?,
                    status: r.get(4)?,
                },
            ))
        })?;
        let mut out = HashMap::new();
        for row in rows {
            let (path, e) = row?;
            out.insert(path, e);
        }
        Ok(out)
    }

    /// Removes a stored document and everything that hangs from it.
    pub fn delete_document(&mut self, path: &str) -> Result<()> {
        let id: Option<i64> = self
            .conn
            .prepare_cached("SELECT id FROM documents WHERE path = ?1")?
            .query_row([path], |r| r.get(0))
            .optional()?;
        if let Some(id) = id {
            self.conn
                .prepare_cached(
                    "DELETE FROM mentions WHERE paragraph_id IN (SELECT p.id FROM paragraphs p \
                     JOIN articles a ON a.id = p.article_id WHERE a.document_id = ?1) \
                     OR comment_id IN (SELECT c.id FROM comments c \
                     JOIN articles a ON a.id = c.article_id WHERE a.document_id = ?1)",
                )?
                .execute([id])?;
            for sql in [
                "DELETE FROM comments WHERE article_id IN (SELECT id FROM articles WHERE document_id = ?1)",
                "DELETE FROM paragraphs WHERE article_id IN (SELECT id FROM articles WHERE document_id = ?1)",
                "DELETE FROM bylines WHERE article_id IN (SELECT id FROM articles WHERE document_id = ?1)",
                "DELETE FROM article_tags WHERE article_id IN (SELECT id FROM articles WHERE document_id = ?1)",
                "DELETE FROM articles WHERE document_id = ?1",
                "DELETE FROM boilerplate WHERE document_id = ?1",
                "DELETE FROM documents WHERE id = ?1",
            ] {
                self.conn.prepare_cached(sql)?.execute([id])?;
            }
        }
        Ok(())
    }

    /// Writes one processed file.
    pub fn write(&mut self, p: &Processed) -> Result<()> {
        let word_count = p.document.as_ref().map_or(0, |d| d.article.word_count());
        self.write_counted(p, word_count)
    }

    /// [`Writer::write`] with the article's word count already counted (by a parse worker,
    /// off the single writer's thread).
    pub fn write_counted(&mut self, p: &Processed, word_count: usize) -> Result<()> {
        let s = &p.source;
        let name = s.path.rsplit('/').next().unwrap_or(&s.path);
        let ins = &mut self.inserts;
        ins.document.execute(params![
            s.path,
            name,
            s.sha256,
            s.bytes as i64,
            s.encoding,
            s.lossy,
            s.status.as_str(),
            s.error,
            (s.status == Status::Ok).then_some(self.fingerprint.as_str()),
            s.raw_text,
            s.raw_bytes,
        ])?;
        let document_id = self.conn.last_insert_rowid();
        self.counts.documents += 1;
        self.counts.bytes += s.bytes;
        let Some(doc) = &p.document else {
            return Ok(());
        };
        let a = &doc.article;
        ins.article.execute(params![
            document_id,
            a.title,
            a.publisher,
            a.published_at,
            a.language,
            word_count as i64
        ])?;
        let article_id = self.conn.last_insert_rowid();
        self.counts.articles += 1;

        for (i, t) in a.tags.iter().enumerate() {
            ins.tag
                .execute(params![article_id, i as i64 + 1, t.tag, t.line as i64])?;
        }
        for (i, b) in a.bylines.iter().enumerate() {
            let entity_id = match p.byline_keys.get(i).and_then(|k| k.as_ref()) {
                Some(r) => Some(
                    known_entity(
                        &mut self.entities,
                        &mut self.inserts.entity,
                        self.conn,
                        EntityRow {
                            key: &r.key,
                            name: &r.name,
                            entity_type: r.entity_type.as_str(),
                            wikidata_id: r.wikidata_id.as_deref(),
                            in_gazetteer: r.from_gazetteer,
                        },
                    )?
                    .id,
                ),
                None => None,
            };
            self.inserts.byline.execute(params![
                article_id,
                i as i64 + 1,
                b.name,
                b.role.as_str(),
                entity_id,
                b.line as i64
            ])?;
        }
        let ins = &mut self.inserts;
        for b in &doc.boilerplate {
            ins.boilerplate
                .execute(params![document_id, b.line as i64, b.text, b.reason])?;
        }
        let mut paragraph_ids = Vec::with_capacity(a.paragraphs.len());
        for (i, para) in a.paragraphs.iter().enumerate() {
            ins.paragraph.execute(params![
                article_id,
                i as i64 + 1,
                para.kind.as_str(),
                para.text,
                para.first_line as i64,
                para.last_line as i64
            ])?;
            paragraph_ids.push(self.conn.last_insert_rowid());
        }
        self.counts.paragraphs += a.paragraphs.len() as u64;
        let mut comment_ids: Vec<i64> = Vec::with_capacity(doc.comments.len());
        for (i, c) in doc.comments.iter().enumerate() {
            let parent_id = c.parent.and_then(|p| comment_ids.get(p).copied());
            ins.comment.execute(params![
                article_id,
                i as i64 + 1,
                c.author,
                c.posted_at,
                c.title,
                parent_id,
                c.body,
                c.quoted,
                c.first_line as i64,
                c.last_line as i64
            ])?;
            comment_ids.push(self.conn.last_insert_rowid());
        }
        self.counts.comments += doc.comments.len() as u64;
        let mut rows: Vec<MentionRow> = Vec::with_capacity(p.mentions.len());
        for m in &p.mentions {
            let known = known_entity(
                &mut self.entities,
                &mut self.inserts.entity,
                self.conn,
                EntityRow {
                    key: &m.key,
                    name: &m.canonical,
                    entity_type: m.entity_type.as_str(),
                    wikidata_id: m.wikidata_id.as_deref(),
                    in_gazetteer: m.from_gazetteer,
                },
            )?;
            let (paragraph_id, comment_id) = match m.host {
                Host::Paragraph(i) => (paragraph_ids.get(i).copied(), None),
                Host::Comment(i) => (None, comment_ids.get(i).copied()),
            };
            if paragraph_id.is_none() && comment_id.is_none() {
                continue;
            }
            if self.tally {
                known.count(&m.surface);
            }
            rows.push(MentionRow {
                entity_id: known.id,
                paragraph_id,
                comment_id,
                mention: m,
            });
        }
        let mut left = &rows[..];
        while !left.is_empty() {
            let at = MENTION_GROUPS
                .iter()
                .position(|&size| size <= left.len())
                .expect("groups end with a single row");
            let (group, rest) = left.split_at(MENTION_GROUPS[at]);
            left = rest;
            let written = insert_mentions(&mut self.inserts.mentions[at], group)?;
            self.counts.mentions += written as u64;
            // `OR IGNORE` turned a row away, and which one is not known here: the alias
            // counts are left to the end of the import, which counts the stored mentions.
            if written != group.len() {
                self.tally = false;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::{process_file, Extraction, DEFAULT_MAX_FILE_SIZE};
    use crate::read::InputFile;

    /// A processed article with more mentions than a group holds, and not a multiple of it.
    fn processed_with_many_mentions() -> Processed {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("article.txt");
        // Distinct paragraphs: repeated lines would be set aside as a list of links.
        let body = [
            "Angela Merkel a rencontré Emmanuel Macron à Berlin le 3 mars 2021 pour parler \
             d'industrie.",
            "Siemens annonce 40 millions d'euros d'investissement et 12 % d'emplois en plus à \
             Munich.",
            "Selon Emmanuel Macron, la France et l'Allemagne produiront 500 000 batteries \
             par an dès 2025.",
            "Angela Merkel a salué l'accord, signé à Paris le 4 mars 2021 devant 300 \
             ingénieurs.",
            "Renault et Volkswagen y consacreront 2,5 milliards d'euros, soit 8 % de leur \
             budget.",
            "Le ministre Bruno Le Maire a visité l'usine de Lyon le 5 mars 2021 avec 20 \
             élus.",
        ]
        .join("\n\n");
        std::fs::write(&path, format!("Un sommet franco-allemand\n\n{body}\n")).unwrap();
        let file = InputFile {
            fs_path: path.clone(),
            display: "article.txt".into(),
            size: std::fs::metadata(&path).unwrap().len(),
        };
        let x = Extraction::load(&[], &[]).unwrap();
        let p = process_file(&file, &x, DEFAULT_MAX_FILE_SIZE);
        let groups = MENTION_GROUPS[0];
        assert!(
            p.mentions.len() > groups && !p.mentions.len().is_multiple_of(groups),
            "{} mentions",
            p.mentions.len()
        );
        p
    }

    fn fresh() -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        crate::store::schema::create_for_bulk_load(&conn).unwrap();
        conn
    }

    fn stored_mentions(conn: &Connection) -> Vec<(i64, i64, String)> {
        conn.prepare("SELECT char_start, char_end, surface FROM mentions ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    #[test]
    fn mentions_written_in_groups_keep_their_order_and_counts() {
        let p = processed_with_many_mentions();
        let conn = fresh();
        let mut writer = Writer::new(&conn, "fp").unwrap();
        writer.tally_aliases();
        writer.write(&p).unwrap();
        let expected: Vec<(i64, i64, String)> = p
            .mentions
            .iter()
            .map(|m| (m.char_start as i64, m.char_end as i64, m.surface.clone()))
            .collect();
        assert_eq!(stored_mentions(&conn), expected);
        assert_eq!(writer.counts.mentions, p.mentions.len() as u64);
        let tally = writer.take_aliases().expect("every mention was written");
        let counted: Vec<(i64, String, i64)> = conn
            .prepare(
                "SELECT entity_id, surface, count(*) FROM mentions \
                 GROUP BY entity_id, surface ORDER BY entity_id, surface",
            )
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(tally.into_rows(), counted);
    }

    /// A row the table turns away (`OR IGNORE`) inside a group: the others are written, and
    /// the alias counts, which can no longer tell which one went, are left to the end of the
    /// import.
    #[test]
    fn a_mention_turned_away_in_a_group_gives_up_the_tally() {
        let mut p = processed_with_many_mentions();
        let bad = &mut p.mentions[3];
        bad.char_end = bad.char_start;
        let conn = fresh();
        let mut writer = Writer::new(&conn, "fp").unwrap();
        writer.tally_aliases();
        writer.write(&p).unwrap();
        assert_eq!(stored_mentions(&conn).len(), p.mentions.len() - 1);
        assert_eq!(writer.counts.mentions, p.mentions.len() as u64 - 1);
        assert!(writer.take_aliases().is_none());
    }
}
