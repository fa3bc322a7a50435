-- gazette schema, version 1.
-- Statements after the `-- @after-load` marker build indexes, full-text search, triggers and
-- views. A fresh build defers them until its rows are loaded; an upgrade runs the whole file.
-- An enumerated column is checked with `=` comparisons joined by OR, not with `IN (...)`:
-- SQLite checks an `IN` list of more than two values through a temporary table it builds
-- again for every row inserted, which made each insert cost three times as much.

CREATE TABLE documents (
    id          INTEGER PRIMARY KEY,
    path        TEXT NOT NULL,
    name        TEXT NOT NULL,
    sha256      TEXT,
    bytes       INTEGER NOT NULL CHECK (bytes >= 0),
    encoding    TEXT,
    lossy       INTEGER NOT NULL DEFAULT 0 CHECK (lossy IN (0, 1)),
    status      TEXT NOT NULL CHECK (status = 'ok' OR status = 'skipped' OR status = 'error'),
    error       TEXT,
    fingerprint TEXT,
    raw_text    TEXT,
    raw_bytes   BLOB
);

CREATE TABLE articles (
    id           INTEGER PRIMARY KEY,
    document_id  INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    title        TEXT,
    publisher    TEXT,
    published_at TEXT,
    language     TEXT,
    word_count   INTEGER NOT NULL CHECK (word_count >= 0)
);

CREATE TABLE entities (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,
    type          TEXT NOT NULL CHECK (type = 'PERSON' OR type = 'ORG' OR type = 'PLACE'
                                 OR type = 'PRODUCT' OR type = 'MONEY' OR type = 'QUANTITY'
                                 OR type = 'PERCENT' OR type = 'DATE' OR type = 'OTHER'),
    wikidata_id   TEXT,
    merge_key     TEXT NOT NULL,
    in_gazetteer  INTEGER NOT NULL DEFAULT 0 CHECK (in_gazetteer IN (0, 1)),
    mention_count INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE article_tags (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL CHECK (position >= 1),
    tag        TEXT NOT NULL,
    line       INTEGER NOT NULL,
    PRIMARY KEY (article_id, position)
);

CREATE TABLE bylines (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL CHECK (position >= 1),
    name       TEXT NOT NULL,
    role       TEXT NOT NULL CHECK (role IN ('author', 'editor')),
    entity_id  INTEGER REFERENCES entities (id) ON DELETE SET NULL,
    line       INTEGER NOT NULL,
    PRIMARY KEY (article_id, position)
);

CREATE TABLE paragraphs (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL CHECK (position >= 1),
    kind       TEXT NOT NULL CHECK (kind = 'title' OR kind = 'heading' OR kind = 'paragraph'),
    text       TEXT NOT NULL,
    first_line INTEGER NOT NULL,
    last_line  INTEGER NOT NULL CHECK (last_line >= first_line)
);

CREATE TABLE boilerplate (
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    line        INTEGER NOT NULL,
    text        TEXT NOT NULL,
    reason      TEXT NOT NULL,
    PRIMARY KEY (document_id, line)
);

CREATE TABLE comments (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL CHECK (position >= 1),
    author     TEXT,
    posted_at  TEXT,
    title      TEXT,
    parent_id  INTEGER REFERENCES comments (id) ON DELETE SET NULL,
    body       TEXT NOT NULL,
    quoted     TEXT,
    first_line INTEGER NOT NULL,
    last_line  INTEGER NOT NULL CHECK (last_line >= first_line)
);

CREATE TABLE entity_aliases (
    entity_id INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
    alias     TEXT NOT NULL,
    mentions  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (entity_id, alias)
);

CREATE TABLE mentions (
    id           INTEGER PRIMARY KEY,
    entity_id    INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
    paragraph_id INTEGER REFERENCES paragraphs (id) ON DELETE CASCADE,
    comment_id   INTEGER REFERENCES comments (id) ON DELETE CASCADE,
    char_start   INTEGER NOT NULL CHECK (char_start >= 0),
    char_end     INTEGER NOT NULL CHECK (char_end > char_start),
    surface      TEXT NOT NULL,
    method       TEXT NOT NULL CHECK (method = 'gazetteer' OR method = 'rule' OR method = 'context'),
    confidence   REAL NOT NULL CHECK (confidence >= 0 AND confidence <= 1),
    value_num    REAL,
    value_unit   TEXT,
    value_date   TEXT,
    CHECK ((paragraph_id IS NULL) <> (comment_id IS NULL))
);

CREATE TABLE dataset_meta (
    key   TEXT PRIMARY KEY,
    value TEXT
);

CREATE TABLE dataset_columns (
    table_name  TEXT NOT NULL,
    column_name TEXT NOT NULL,
    description TEXT NOT NULL,
    PRIMARY KEY (table_name, column_name)
);

-- @after-load

CREATE UNIQUE INDEX documents_path ON documents (path);
CREATE INDEX documents_status ON documents (status);
CREATE UNIQUE INDEX articles_document_id ON articles (document_id);
CREATE INDEX articles_published_at ON articles (published_at);
CREATE INDEX articles_publisher ON articles (publisher);
CREATE INDEX article_tags_tag ON article_tags (tag);
CREATE INDEX bylines_entity_id ON bylines (entity_id);
CREATE INDEX bylines_name ON bylines (name);
CREATE UNIQUE INDEX paragraphs_article_id ON paragraphs (article_id, position);
CREATE INDEX boilerplate_reason ON boilerplate (reason);
CREATE UNIQUE INDEX comments_article_id ON comments (article_id, position);
CREATE INDEX comments_parent_id ON comments (parent_id);
CREATE INDEX comments_author ON comments (author);
CREATE UNIQUE INDEX entities_merge_key ON entities (merge_key);
CREATE INDEX entities_type_name ON entities (type, name);
CREATE INDEX entity_aliases_alias ON entity_aliases (alias);
CREATE INDEX mentions_entity_id ON mentions (entity_id);
CREATE UNIQUE INDEX mentions_paragraph_id ON mentions (paragraph_id, char_start, char_end, entity_id)
    WHERE paragraph_id IS NOT NULL;
CREATE UNIQUE INDEX mentions_comment_id ON mentions (comment_id, char_start, char_end, entity_id)
    WHERE comment_id IS NOT NULL;

CREATE VIRTUAL TABLE paragraphs_fts USING fts5 (
    text, content = 'paragraphs', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE comments_fts USING fts5 (
    body, content = 'comments', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO paragraphs_fts (paragraphs_fts) VALUES ('rebuild');
INSERT INTO comments_fts (comments_fts) VALUES ('rebuild');

CREATE TRIGGER paragraphs_fts_insert AFTER INSERT ON paragraphs BEGIN
    INSERT INTO paragraphs_fts (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER paragraphs_fts_delete AFTER DELETE ON paragraphs BEGIN
    INSERT INTO paragraphs_fts (paragraphs_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER paragraphs_fts_update AFTER UPDATE OF text ON paragraphs BEGIN
    INSERT INTO paragraphs_fts (paragraphs_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO paragraphs_fts (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER comments_fts_insert AFTER INSERT ON comments BEGIN
    INSERT INTO comments_fts (rowid, body) VALUES (new.id, new.body);
END;
CREATE TRIGGER comments_fts_delete AFTER DELETE ON comments BEGIN
    INSERT INTO comments_fts (comments_fts, rowid, body) VALUES ('delete', old.id, old.body);
END;
CREATE TRIGGER comments_fts_update AFTER UPDATE OF body ON comments BEGIN
    INSERT INTO comments_fts (comments_fts, rowid, body) VALUES ('delete', old.id, old.body);
    INSERT INTO comments_fts (rowid, body) VALUES (new.id, new.body);
END;

CREATE VIEW article_overview AS
SELECT
    a.id AS article_id,
    d.path AS path,
    a.title AS title,
    a.publisher AS publisher,
    a.published_at AS published_at,
    a.language AS language,
    a.word_count AS word_count,
    (SELECT group_concat(name, '; ') FROM (
        SELECT b.name FROM bylines b
        WHERE b.article_id = a.id AND b.role = 'author' ORDER BY b.position)) AS authors,
    (SELECT group_concat(name, '; ') FROM (
        SELECT b.name FROM bylines b
        WHERE b.article_id = a.id AND b.role = 'editor' ORDER BY b.position)) AS editors,
    (SELECT count(*) FROM comments c WHERE c.article_id = a.id) AS comment_count,
    -- The article's mentions reached through its paragraphs and comments (both indexed),
    -- never by scanning every mention.
    (SELECT group_concat(name, '; ') FROM (
        SELECT e.name AS name, count(*) AS n FROM (
            SELECT m.entity_id FROM paragraphs p JOIN mentions m ON m.paragraph_id = p.id
            WHERE p.article_id = a.id
            UNION ALL
            SELECT m.entity_id FROM comments c JOIN mentions m ON m.comment_id = c.id
            WHERE c.article_id = a.id) x
        JOIN entities e ON e.id = x.entity_id
        WHERE e.type IN ('PERSON', 'ORG', 'PLACE', 'PRODUCT')
        GROUP BY e.id ORDER BY n DESC, e.name LIMIT 5)) AS top_entities
FROM articles a
JOIN documents d ON d.id = a.document_id;

CREATE VIEW mention_details AS
SELECT
    m.id AS mention_id,
    e.id AS entity_id,
    e.name AS entity_name,
    e.type AS entity_type,
    m.surface AS surface,
    coalesce(p.article_id, c.article_id) AS article_id,
    a.title AS article_title,
    d.path AS path,
    CASE WHEN m.paragraph_id IS NOT NULL THEN p.kind ELSE 'comment' END AS host_kind,
    m.paragraph_id AS paragraph_id,
    m.comment_id AS comment_id,
    m.char_start AS char_start,
    m.char_end AS char_end,
    m.method AS method,
    m.confidence AS confidence,
    m.value_num AS value_num,
    m.value_unit AS value_unit,
    m.value_date AS value_date,
    substr(coalesce(p.text, c.body), max(1, m.char_start + 1 - 60),
           min(m.char_start, 60) + (m.char_end - m.char_start) + 60) AS context
FROM mentions m
JOIN entities e ON e.id = m.entity_id
LEFT JOIN paragraphs p ON p.id = m.paragraph_id
LEFT JOIN comments c ON c.id = m.comment_id
JOIN articles a ON a.id = coalesce(p.article_id, c.article_id)
JOIN documents d ON d.id = a.document_id;

CREATE VIEW comment_threads AS
WITH RECURSIVE thread (id, root_id, depth) AS (
    SELECT id, id, 0 FROM comments WHERE parent_id IS NULL
    UNION ALL
    SELECT c.id, t.root_id, t.depth + 1
    FROM comments c JOIN thread t ON c.parent_id = t.id
)
SELECT
    c.id AS comment_id,
    c.article_id AS article_id,
    c.position AS position,
    c.author AS author,
    c.posted_at AS posted_at,
    c.parent_id AS parent_id,
    p.author AS replies_to,
    t.root_id AS root_id,
    t.depth AS depth,
    c.body AS body,
    c.quoted AS quoted
FROM comments c
JOIN thread t ON t.id = c.id
LEFT JOIN comments p ON p.id = c.parent_id;

CREATE VIEW entity_counts AS
SELECT
    coalesce(p.article_id, c.article_id) AS article_id,
    e.id AS entity_id,
    e.name AS entity_name,
    e.type AS entity_type,
    count(*) AS mentions,
    sum(m.paragraph_id IS NOT NULL) AS in_article,
    sum(m.comment_id IS NOT NULL) AS in_comments
FROM mentions m
JOIN entities e ON e.id = m.entity_id
LEFT JOIN paragraphs p ON p.id = m.paragraph_id
LEFT JOIN comments c ON c.id = m.comment_id
GROUP BY coalesce(p.article_id, c.article_id), e.id;
