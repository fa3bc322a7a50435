//! Entities: find, type and locate mentions in titles, headings, paragraphs and comments, and
//! resolve them to canonical names within a document.
//!
//! Per host text: a folded copy ([`fold_map`]) is scanned once by the gazetteer's automaton
//! ([`gazetteer`]); tokens ([`tokens`]) feed the figure rules ([`figures`], [`dates`],
//! [`numbers`]) and the name rules ([`names`], [`context`]). Per document: [`resolve`] settles
//! what one host cannot (sentence-initial capitals, surnames, acronyms, spelling variants) and
//! gives every mention its merge key ([`keys`]).

mod context;
mod dates;
mod figures;
mod fold_map;
mod gazetteer;
mod keys;
mod lexicon;
mod names;
mod numbers;
mod resolve;
mod tokens;
mod wordset;

use std::cell::RefCell;
use std::collections::HashSet;

use crate::error::Result;
use crate::model::{Document, EntityType, Host, Mention, Method, ParagraphKind, ResolvedName};
use crate::text::CharIndex;

pub use fold_map::{fold_key, FoldMap};
pub use keys::name_key;

use gazetteer::{GazMatch, Gazetteer};
use lexicon::Lexicon;
use names::NameCand;
use resolve::DocCand;
use tokens::{Lang, Tok, View};

/// The shipped gazetteer files, in priority order (an alias two files share names the entry
/// of the first).
const SHIPPED_GAZETTEERS: &[(&str, &str)] = &[
    (
        "data/gazetteer/orgs.tsv",
        include_str!("../../data/gazetteer/orgs.tsv"),
    ),
    (
        "data/gazetteer/products.tsv",
        include_str!("../../data/gazetteer/products.tsv"),
    ),
    (
        "data/gazetteer/people.tsv",
        include_str!("../../data/gazetteer/people.tsv"),
    ),
    (
        "data/gazetteer/places.tsv",
        include_str!("../../data/gazetteer/places.tsv"),
    ),
];

const STOPWORDS_FR: &str = include_str!("../../data/words/stopwords_fr.txt");
const STOPWORDS_EN: &str = include_str!("../../data/words/stopwords_en.txt");
const STOPWORDS_DE: &str = include_str!("../../data/words/stopwords_de.txt");
const NOT_ENTITIES: &str = include_str!("../../data/words/not_entities.txt");
const GIVEN_NAMES: &str = include_str!("../../data/words/given_names.txt");
const COMMON_WORDS: &str = include_str!("../../data/curated/common_words.txt");
const NOUNS_DE: &str = include_str!("../../data/curated/nouns_de.txt");
const SOURCES: &str = include_str!("../../data/SOURCES.tsv");

/// The gazetteer and word lists behind the recognizer, loaded once per run.
#[derive(Debug, Default)]
pub struct Knowledge {
    pub fingerprint: String,
    gaz: Gazetteer,
    lex: Lexicon,
}

impl Knowledge {
    /// The shipped gazetteer and word lists, plus user gazetteer files (name, text). User
    /// files come first: their names win over the shipped ones.
    pub fn load(user_gazetteers: &[(String, String)]) -> Result<Self> {
        let mut gaz = Gazetteer::default();
        let mut hashed = String::new();
        for (name, text) in user_gazetteers {
            gaz.add_file(name, text)?;
        }
        for (name, text) in SHIPPED_GAZETTEERS {
            gaz.add_file(name, text)?;
        }
        gaz.build()?;
        let mut lex = Lexicon::default();
        lex.add_stopwords(STOPWORDS_FR, lexicon::FR);
        lex.add_stopwords(STOPWORDS_EN, lexicon::EN);
        lex.add_stopwords(STOPWORDS_DE, lexicon::DE);
        lex.add_not_entities(NOT_ENTITIES);
        lex.add_given_names(GIVEN_NAMES);
        lex.add_common(COMMON_WORDS);
        lex.add_nouns_de(NOUNS_DE);
        for e in gaz.entries.iter().filter(|e| e.etype == EntityType::Place) {
            for n in std::iter::once(&e.name).chain(&e.aliases) {
                lex.add_place(&fold_key(n));
            }
        }
        let words: [(&str, &str); 7] = [
            ("data/words/stopwords_fr.txt", STOPWORDS_FR),
            ("data/words/stopwords_en.txt", STOPWORDS_EN),
            ("data/words/stopwords_de.txt", STOPWORDS_DE),
            ("data/words/not_entities.txt", NOT_ENTITIES),
            ("data/words/given_names.txt", GIVEN_NAMES),
            ("data/curated/common_words.txt", COMMON_WORDS),
            ("data/curated/nouns_de.txt", NOUNS_DE),
        ];
        let all = user_gazetteers
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .chain(SHIPPED_GAZETTEERS.iter().copied())
            .chain(words);
        for (name, text) in all {
            hashed.push_str(name);
            hashed.push('\0');
            hashed.push_str(text);
            hashed.push('\0');
        }
        Ok(Knowledge {
            fingerprint: crate::read::sha256_hex(hashed.as_bytes()),
            gaz,
            lex,
        })
    }

    /// Data sources behind the gazetteer, with their licenses: (file, source, license).
    pub fn sources(&self) -> Vec<(String, String, String)> {
        SOURCES
            .lines()
            .skip(1)
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .filter_map(|l| {
                let mut f = l.split('\t');
                Some((
                    f.next()?.to_string(),
                    f.next()?.to_string(),
                    f.next()?.to_string(),
                ))
            })
            .collect()
    }

    /// The gazetteer's canonical name and aliases for an entity merge key, when it knows it.
    pub fn entry_for_key(&self, key: &str) -> Option<(&str, &[String])> {
        self.gaz
            .entry_by_key(key)
            .map(|e| (e.name.as_str(), e.aliases.as_slice()))
    }
}

/// Buffers reused from one host text to the next.
#[derive(Default)]
struct Scratch {
    fm: FoldMap,
    toks: Vec<Tok>,
    gm: Vec<GazMatch>,
    figs: Vec<figures::Figure>,
    names: Vec<NameCand>,
    names_scratch: names::Scratch,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Every mention in the document's article text and comment bodies.
pub fn extract(doc: &Document, kb: &Knowledge) -> Vec<Mention> {
    SCRATCH.with(|s| extract_with(doc, kb, &mut s.borrow_mut()))
}

fn extract_with(doc: &Document, kb: &Knowledge, sc: &mut Scratch) -> Vec<Mention> {
    let lang = Lang::from_code(doc.article.language.as_deref());
    let anchor = dates::Anchor::parse(doc.article.published_at.as_deref());
    let mut mentions = Vec::new();
    let mut cands: Vec<DocCand> = Vec::new();
    for (i, p) in doc.article.paragraphs.iter().enumerate() {
        let headline = matches!(p.kind, ParagraphKind::Title | ParagraphKind::Heading);
        host(
            &p.text,
            Host::Paragraph(i),
            headline,
            lang,
            anchor,
            kb,
            sc,
            &mut mentions,
            &mut cands,
        );
    }
    for (i, c) in doc.comments.iter().enumerate() {
        host(
            &c.body,
            Host::Comment(i),
            false,
            lang,
            anchor,
            kb,
            sc,
            &mut mentions,
            &mut cands,
        );
    }
    let handles: HashSet<String> = doc
        .comments
        .iter()
        .filter_map(|c| c.author.as_deref())
        .map(fold_key)
        .filter(|h| !h.is_empty())
        .collect();
    resolve::resolve(cands, &kb.gaz, &handles, &mut mentions);
    mentions.sort_by(|a, b| {
        (a.host, a.char_start, a.char_end)
            .cmp(&(b.host, b.char_start, b.char_end))
            .then_with(|| a.key.cmp(&b.key))
    });
    mentions.dedup_by(|a, b| {
        a.host == b.host
            && a.char_start == b.char_start
            && a.char_end == b.char_end
            && a.key == b.key
    });
    mentions
}

/// Figures and name candidates of one host text.
#[allow(clippy::too_many_arguments)]
fn host(
    text: &str,
    host: Host,
    headline: bool,
    lang: Lang,
    anchor: Option<dates::Anchor>,
    kb: &Knowledge,
    sc: &mut Scratch,
    mentions: &mut Vec<Mention>,
    cands: &mut Vec<DocCand>,
) {
    if text.is_empty() {
        return;
    }
    sc.fm.build(text);
    tokens::tokenize(text, &mut sc.toks);
    tokens::attach_folds(&mut sc.toks, &sc.fm);
    let casing = {
        let view = View {
            text,
            toks: &sc.toks,
            fm: &sc.fm,
            lang,
        };
        if tokens::is_shouting(&view) {
            names::Casing::Shouting
        } else if headline && tokens::is_title_case(&view, |w| kb.lex.is_stop_any(w)) {
            names::Casing::TitleCase
        } else {
            names::Casing::Normal
        }
    };
    if casing != names::Casing::Normal {
        tokens::mark_capitals_as_starts(&mut sc.toks);
    }
    let view = View {
        text,
        toks: &sc.toks,
        fm: &sc.fm,
        lang,
    };
    figures::find(&view, &kb.lex, anchor, &mut sc.figs);
    let blocked = &mut sc.names_scratch.blocked;
    blocked.clear();
    blocked.resize(sc.toks.len(), false);
    for f in &sc.figs {
        for b in &mut blocked[f.start..f.end] {
            *b = true;
        }
    }
    // `@handle`, `#tag` (glued first: most tokens follow a space, and reading the character
    // before costs more)
    for (k, b) in blocked.iter_mut().enumerate().skip(1) {
        if view.glued(k) && matches!(view.punct(k - 1), Some('@') | Some('#')) {
            *b = true;
        }
    }
    // Web addresses: `https://example.com/Apple-News`, `www.Example.fr`, up to the next space.
    let mut k = 0;
    while k < sc.toks.len() {
        let raw = view.raw(k);
        let url = (raw == "http" || raw == "https")
            && view.punct(k + 1) == Some(':')
            && view.punct(k + 2) == Some('/')
            && view.glued(k + 1)
            || raw.len() > 4 && raw.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("www."));
        if !url {
            k += 1;
            continue;
        }
        blocked[k] = true;
        k += 1;
        while k < sc.toks.len() && view.glued(k) {
            blocked[k] = true;
            k += 1;
        }
    }
    // Names open with a capital (`Paris`), a lower-case letter before capitals (`iPhone`) or
    // a digit (`20 Minuten`).
    let starts = sc.toks.iter().filter(|t| {
        t.kind == tokens::Kind::Num
            || t.kind == tokens::Kind::Word
                && t.f & (tokens::flag::CAP | tokens::flag::CAMEL | tokens::flag::DIGIT) != 0
    });
    kb.gaz
        .find(&sc.fm, text, starts.map(|t| t.s as usize), &mut sc.gm);
    names::find(
        &view,
        &kb.gaz,
        &kb.lex,
        &sc.gm,
        casing,
        &mut sc.names_scratch,
        &mut sc.names,
    );

    let mut ci = CharIndex::new(text);
    // Figures and names are each in text order; convert each list in turn.
    for f in &sc.figs {
        let (s, e) = view.span(f.start, f.end);
        let cs = ci.char_at(s);
        let ce = ci.char_at(e);
        mentions.push(Mention {
            host,
            char_start: cs,
            char_end: ce,
            surface: text[s..e].to_string(),
            entity_type: f.etype,
            canonical: text[s..e].to_string(),
            key: f.key.clone(),
            wikidata_id: None,
            from_gazetteer: false,
            method: Method::Rule,
            confidence: f.confidence,
            value_num: f.value_num,
            value_unit: f.value_unit.clone(),
            value_date: f.value_date.clone(),
        });
    }
    let base = cands.len();
    for c in sc.names.drain(..) {
        let (s, e) = view.span(c.ts, c.te);
        let cs = ci.char_at(s);
        let ce = ci.char_at(e);
        let rest = if c.drop_first && c.te > c.core + 1 {
            // The next word token after the first one.
            (c.core + 1..c.te).find(|&k| view.is_word(k)).map(|k| {
                let (rs, _) = view.span(k, c.te);
                (
                    // Counted from the name's start: the index only walks forward.
                    cs + text[s..rs].chars().count(),
                    text[rs..e].to_string(),
                    view.fm.folded_of(rs, e).to_string(),
                    c.rest_strong,
                )
            })
        } else {
            None
        };
        let words = (c.core..c.te).filter(|&k| view.is_word(k)).count();
        let initials = if c.acronym {
            let l = names::acronym_letters(view.raw(c.core));
            (l.clone(), l)
        } else if words >= 2 {
            names::initials(&view, c.core, c.te)
        } else {
            (String::new(), String::new())
        };
        cands.push(DocCand {
            host,
            cs,
            ce,
            surface: text[s..e].to_string(),
            rest,
            etype: c.etype,
            strength: c.strength,
            confidence: c.confidence,
            gaz: c.gaz,
            weak: c.weak,
            acronym: c.acronym,
            link: c.link.map(|l| base + l),
            folded: c.folded,
            initials,
            words,
        });
    }
}

/// The entity a byline names: the gazetteer's when it knows the name (`AFP`, `Reuters`), the
/// person mentioned under that name in the document, else a person (or, for an acronym, an
/// organization) of that name.
pub fn resolve_byline(name: &str, mentions: &[Mention], kb: &Knowledge) -> Option<ResolvedName> {
    let name = crate::text::trim(name);
    if name.is_empty() {
        return None;
    }
    if let Some(i) = kb.gaz.lookup(name) {
        let e = &kb.gaz.entries[i];
        if matches!(e.etype, EntityType::Person | EntityType::Org) {
            return Some(ResolvedName {
                entity_type: e.etype,
                name: e.name.clone(),
                key: e.key.clone(),
                wikidata_id: e.wikidata.clone(),
                from_gazetteer: true,
            });
        }
    }
    let folded = fold_key(name);
    if let Some(m) = mentions.iter().find(|m| {
        matches!(m.entity_type, EntityType::Person | EntityType::Org)
            && (fold_key(&m.surface) == folded || fold_key(&m.canonical) == folded)
    }) {
        return Some(ResolvedName {
            entity_type: m.entity_type,
            name: m.canonical.clone(),
            key: m.key.clone(),
            wikidata_id: m.wikidata_id.clone(),
            from_gazetteer: m.from_gazetteer,
        });
    }
    if !crate::parse::looks_like_name(name) {
        return None;
    }
    let entity_type = if gazetteer::is_acronym(name) {
        EntityType::Org
    } else {
        EntityType::Person
    };
    Some(ResolvedName {
        entity_type,
        name: name.to_string(),
        key: name_key(entity_type, name),
        wikidata_id: None,
        from_gazetteer: false,
    })
}

#[cfg(test)]
mod tests;
