//! Entities: find, type and locate mentions in titles, headings, paragraphs and comments, and
//! resolve them to canonical names within a document.

use crate::error::Result;
use crate::model::{Document, Mention, ResolvedName};

/// The gazetteer and word lists behind the recognizer, loaded once per run.
#[derive(Debug, Default)]
pub struct Knowledge {
    pub fingerprint: String,
}

impl Knowledge {
    /// The shipped gazetteer and word lists, plus user gazetteer files (name, text).
    pub fn load(_user_gazetteers: &[(String, String)]) -> Result<Self> {
        Ok(Knowledge {
            fingerprint: String::new(),
        })
    }

    /// Data sources behind the gazetteer, with their licenses: (file, source, license).
    pub fn sources(&self) -> Vec<(String, String, String)> {
        Vec::new()
    }

    /// The gazetteer's canonical name and aliases for an entity merge key, when it knows it.
    pub fn entry_for_key(&self, _key: &str) -> Option<(&str, &[String])> {
        None
    }
}

/// Every mention in the document's article text and comment bodies.
pub fn extract(_doc: &Document, _kb: &Knowledge) -> Vec<Mention> {
    Vec::new()
}

/// The entity a byline names.
pub fn resolve_byline(_name: &str, _mentions: &[Mention], _kb: &Knowledge) -> Option<ResolvedName> {
    None
}
