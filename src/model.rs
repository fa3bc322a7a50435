//! Plain data types shared by every stage of the pipeline. No stage owns them; each stage
//! takes the previous stage's output and returns its own.

use serde::Serialize;

/// What a file became once read and decoded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Ok,
    Skipped,
    Error,
}

impl Status {
    pub fn as_str(&self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Skipped => "skipped",
            Status::Error => "error",
        }
    }
}

/// One input file as the `documents` table records it.
#[derive(Debug, Clone)]
pub struct SourceRecord {
    /// The path as the user named it, `/`-separated, relative to the working directory when under it.
    pub path: String,
    pub sha256: Option<String>,
    pub bytes: u64,
    pub encoding: Option<String>,
    pub lossy: bool,
    pub status: Status,
    pub error: Option<String>,
    /// Decoded text before normalization (None when not decodable).
    pub raw_text: Option<String>,
    /// Original bytes, kept only when decoding was lossy or impossible.
    pub raw_bytes: Option<Vec<u8>>,
}

impl SourceRecord {
    /// A file of `bytes` bytes at `path`, not read yet: skipped until processing says more.
    pub fn unread(path: String, bytes: u64) -> Self {
        SourceRecord {
            path,
            sha256: None,
            bytes,
            encoding: None,
            lossy: false,
            status: Status::Skipped,
            error: None,
            raw_text: None,
            raw_bytes: None,
        }
    }
}

/// Kind of an article text piece that can hold mentions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ParagraphKind {
    Title,
    Heading,
    Paragraph,
}

impl ParagraphKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ParagraphKind::Title => "title",
            ParagraphKind::Heading => "heading",
            ParagraphKind::Paragraph => "paragraph",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Paragraph {
    pub kind: ParagraphKind,
    pub text: String,
    pub first_line: usize,
    pub last_line: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Author,
    Editor,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Author => "author",
            Role::Editor => "editor",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Byline {
    pub name: String,
    pub role: Role,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tag {
    pub tag: String,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Boilerplate {
    pub line: usize,
    pub text: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comment {
    pub author: Option<String>,
    pub posted_at: Option<String>,
    pub title: Option<String>,
    /// 0-based index of the parent among the article's comments.
    pub parent: Option<usize>,
    pub body: String,
    pub quoted: Option<String>,
    pub first_line: usize,
    pub last_line: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Article {
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub published_at: Option<String>,
    pub language: Option<String>,
    pub bylines: Vec<Byline>,
    pub tags: Vec<Tag>,
    pub paragraphs: Vec<Paragraph>,
}

impl Article {
    /// Words of the title and paragraphs (headings included).
    pub fn word_count(&self) -> usize {
        self.paragraphs
            .iter()
            .map(|p| crate::text::count_words(&p.text))
            .sum()
    }
}

/// The parse of one decoded text: every non-blank line lands in exactly one of these.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Document {
    pub article: Article,
    pub comments: Vec<Comment>,
    pub boilerplate: Vec<Boilerplate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum EntityType {
    #[serde(rename = "PERSON")]
    Person,
    #[serde(rename = "ORG")]
    Org,
    #[serde(rename = "PLACE")]
    Place,
    #[serde(rename = "PRODUCT")]
    Product,
    #[serde(rename = "MONEY")]
    Money,
    #[serde(rename = "QUANTITY")]
    Quantity,
    #[serde(rename = "PERCENT")]
    Percent,
    #[serde(rename = "DATE")]
    Date,
    #[serde(rename = "OTHER")]
    Other,
}

impl EntityType {
    pub const ALL: [EntityType; 9] = [
        EntityType::Person,
        EntityType::Org,
        EntityType::Place,
        EntityType::Product,
        EntityType::Money,
        EntityType::Quantity,
        EntityType::Percent,
        EntityType::Date,
        EntityType::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Person => "PERSON",
            EntityType::Org => "ORG",
            EntityType::Place => "PLACE",
            EntityType::Product => "PRODUCT",
            EntityType::Money => "MONEY",
            EntityType::Quantity => "QUANTITY",
            EntityType::Percent => "PERCENT",
            EntityType::Date => "DATE",
            EntityType::Other => "OTHER",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// Figures are merged on their normalized value, names on their folded spelling.
    pub fn is_figure(self) -> bool {
        matches!(
            self,
            EntityType::Money | EntityType::Quantity | EntityType::Percent | EntityType::Date
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    Gazetteer,
    Rule,
    Context,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Gazetteer => "gazetteer",
            Method::Rule => "rule",
            Method::Context => "context",
        }
    }
}

/// Where a mention sits: an article paragraph or a comment body (indexes into the Document).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Host {
    Paragraph(usize),
    Comment(usize),
}

/// A located, typed mention. Offsets are in characters (Unicode scalar values) into the host text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mention {
    pub host: Host,
    pub char_start: usize,
    pub char_end: usize,
    pub surface: String,
    pub entity_type: EntityType,
    /// The name this mention resolves to within its document (e.g. "Cyril Vidal" for "Vidal").
    pub canonical: String,
    /// Corpus-wide merge key: type + folded canonical name, or a figure's normalized value.
    pub key: String,
    /// Set when the gazetteer knows the entity.
    pub wikidata_id: Option<String>,
    pub from_gazetteer: bool,
    pub method: Method,
    pub confidence: f64,
    pub value_num: Option<f64>,
    pub value_unit: Option<String>,
    pub value_date: Option<String>,
}

/// Everything the store needs about one input file.
#[derive(Debug, Clone)]
pub struct Processed {
    pub source: SourceRecord,
    /// Present when `source.status` is ok.
    pub document: Option<Document>,
    pub mentions: Vec<Mention>,
    /// Entity keys for bylines, parallel to `document.article.bylines`.
    pub byline_keys: Vec<Option<ResolvedName>>,
}

impl Processed {
    /// A file recorded without a document: not read, not text, or empty.
    pub fn record_only(source: SourceRecord) -> Self {
        Processed {
            source,
            document: None,
            mentions: Vec::new(),
            byline_keys: Vec::new(),
        }
    }
}

/// A byline name resolved to an entity key.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedName {
    pub entity_type: EntityType,
    pub name: String,
    pub key: String,
    pub wikidata_id: Option<String>,
    pub from_gazetteer: bool,
}
