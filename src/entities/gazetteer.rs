//! The gazetteer: known names (canonical name, type, aliases, Wikidata id) read from TSV files,
//! matched in one pass over a host's folded text by a single Aho-Corasick automaton.
//!
//! File format: `name<TAB>type<TAB>aliases<TAB>wikidata_id`, aliases `|`-separated, `#` starts
//! a comment line, an optional `name type …` header line. Only `name` and `type` are required.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, Anchored, Input, MatchKind, StartKind};

use super::fold_map::{fold_key, FoldMap};
use super::keys::name_key;
use crate::error::{Error, Result};
use crate::model::EntityType;

#[derive(Debug, Clone)]
pub struct Entry {
    pub name: String,
    pub etype: EntityType,
    pub aliases: Vec<String>,
    pub wikidata: Option<String>,
    pub key: String,
    /// The name opens with an article (`Le Figaro`): a match keeps it.
    pub article: bool,
}

/// One automaton pattern (a folded alias) and the entries it names, best first.
#[derive(Debug, Clone)]
struct Pattern {
    entries: Vec<u32>,
    /// Every alias behind it is an acronym: the text must be upper case too.
    acronym_only: bool,
    /// Written with a lower-case first letter (`iPhone`): the text must be written so too.
    lower_start: bool,
}

/// A gazetteer match in a host text (original byte offsets).
#[derive(Debug, Clone, Copy)]
pub struct GazMatch {
    pub s: usize,
    pub e: usize,
    pub entry: usize,
}

#[derive(Debug, Default)]
pub struct Gazetteer {
    pub entries: Vec<Entry>,
    by_key: HashMap<String, usize>,
    patterns: Vec<Pattern>,
    by_pattern: HashMap<String, usize>,
    ac: Option<AhoCorasick>,
}

/// A row of a gazetteer file, validated.
struct Row {
    name: String,
    etype: EntityType,
    aliases: Vec<String>,
    wikidata: Option<String>,
}

fn parse_rows(path: &str, text: &str) -> Result<Vec<Row>> {
    let err = |line: usize, message: String| Error::Gazetteer {
        path: path.to_string(),
        line,
        message,
    };
    let mut rows = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        if fields[0].trim().eq_ignore_ascii_case("name")
            && fields
                .get(1)
                .is_some_and(|t| t.trim().eq_ignore_ascii_case("type"))
        {
            continue;
        }
        if fields.len() < 2 {
            return Err(err(n, "expected at least `name<TAB>type`".into()));
        }
        if fields.len() > 4 {
            return Err(err(
                n,
                format!(
                    "expected at most 4 tab-separated columns, found {}",
                    fields.len()
                ),
            ));
        }
        let name = crate::text::trim(fields[0]);
        if name.is_empty() {
            return Err(err(n, "empty name".into()));
        }
        let ty = fields[1].trim();
        let etype = match EntityType::parse(&ty.to_ascii_uppercase()) {
            Some(t) if !t.is_figure() => t,
            _ => {
                return Err(err(
                    n,
                    format!("unknown type {ty:?} (expected PERSON, ORG, PLACE, PRODUCT or OTHER)"),
                ))
            }
        };
        let aliases: Vec<String> = fields
            .get(2)
            .map(|a| {
                a.split('|')
                    .map(crate::text::trim)
                    .filter(|a| !a.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        let wikidata = match fields.get(3).map(|w| w.trim()).filter(|w| !w.is_empty()) {
            None => None,
            Some(w) => {
                let ok =
                    w.len() > 1 && w.starts_with('Q') && w[1..].bytes().all(|b| b.is_ascii_digit());
                if !ok {
                    return Err(err(
                        n,
                        format!("bad Wikidata id {w:?} (expected Q followed by digits)"),
                    ));
                }
                Some(w.to_string())
            }
        };
        if fold_key(name)
            .chars()
            .filter(|c| c.is_alphanumeric())
            .count()
            == 0
        {
            return Err(err(n, format!("name {name:?} has no letters or digits")));
        }
        rows.push(Row {
            name: name.to_string(),
            etype,
            aliases,
            wikidata,
        });
    }
    Ok(rows)
}

/// At least two letters, all upper case (`ALE`, `U.S.`).
pub fn is_acronym(s: &str) -> bool {
    let mut letters = 0;
    for c in s.chars() {
        if c.is_alphabetic() {
            if !c.is_uppercase() {
                return false;
            }
            letters += 1;
        } else if c == ' ' {
            return false;
        }
    }
    letters >= 2
}

impl Gazetteer {
    /// Adds the rows of one file. Earlier files win: an entry met again under the same key
    /// only gains the new aliases.
    pub fn add_file(&mut self, path: &str, text: &str) -> Result<()> {
        for row in parse_rows(path, text)? {
            let key = name_key(row.etype, &row.name);
            let idx = match self.by_key.get(&key) {
                Some(&i) => i,
                None => {
                    self.entries.push(Entry {
                        name: row.name.clone(),
                        etype: row.etype,
                        aliases: Vec::new(),
                        wikidata: row.wikidata.clone(),
                        key: key.clone(),
                        article: fold_key(&row.name)
                            .split(' ')
                            .next()
                            .is_some_and(super::context::article),
                    });
                    self.by_key.insert(key, self.entries.len() - 1);
                    self.entries.len() - 1
                }
            };
            let e = &mut self.entries[idx];
            if e.wikidata.is_none() {
                e.wikidata = row.wikidata;
            }
            for a in std::iter::once(&row.name).chain(&row.aliases) {
                if *a != e.name && !e.aliases.contains(a) {
                    e.aliases.push(a.clone());
                }
            }
            for a in std::iter::once(&row.name).chain(&row.aliases) {
                self.add_pattern(a, idx);
            }
        }
        Ok(())
    }

    fn add_pattern(&mut self, alias: &str, entry: usize) {
        let folded = fold_key(alias);
        if folded.chars().filter(|c| c.is_alphanumeric()).count() < 2 {
            return;
        }
        let acronym = is_acronym(alias);
        let lower_start = alias.chars().next().is_some_and(|c| c.is_lowercase());
        match self.by_pattern.get(&folded) {
            Some(&p) => {
                let p = &mut self.patterns[p];
                if !p.entries.contains(&(entry as u32)) {
                    p.entries.push(entry as u32);
                }
                p.acronym_only &= acronym;
                p.lower_start &= lower_start;
            }
            None => {
                self.patterns.push(Pattern {
                    entries: vec![entry as u32],
                    acronym_only: acronym,
                    lower_start,
                });
                self.by_pattern.insert(folded, self.patterns.len() - 1);
            }
        }
    }

    /// Builds the automaton once every file is in.
    pub fn build(&mut self) -> Result<()> {
        let mut pats: Vec<(usize, String)> = self
            .by_pattern
            .iter()
            .map(|(f, &p)| (p, format!(" {f} ")))
            .collect();
        pats.sort();
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Anchored)
            .build(pats.iter().map(|(_, p)| p.as_str()))
            .map_err(|e| Error::Gazetteer {
                path: "gazetteer".into(),
                line: 0,
                message: e.to_string(),
            })?;
        self.ac = Some(ac);
        Ok(())
    }

    pub fn entry_by_key(&self, key: &str) -> Option<&Entry> {
        self.by_key.get(key).map(|&i| &self.entries[i])
    }

    /// The entry an alias names, if any (exact folded match of the whole string).
    pub fn lookup(&self, name: &str) -> Option<usize> {
        let p = self.by_pattern.get(&fold_key(name))?;
        self.patterns[*p].entries.first().map(|&e| e as usize)
    }

    /// The longest whole-word match starting at each of `starts` (original byte offsets of
    /// words that may open a name), written with the right capitals; overlaps resolved longest
    /// first. `out` is reused.
    pub fn find(
        &self,
        fm: &FoldMap,
        text: &str,
        starts: impl Iterator<Item = usize>,
        out: &mut Vec<GazMatch>,
    ) {
        out.clear();
        let Some(ac) = &self.ac else { return };
        let hay = fm.folded.as_str();
        for s in starts {
            let f = fm.folded_offset(s);
            // The pattern's leading space is the one before the word.
            if f == 0 || hay.as_bytes()[f - 1] != b' ' {
                continue;
            }
            let input = Input::new(hay)
                .span(f - 1..hay.len())
                .anchored(Anchored::Yes);
            let Some(m) = ac.find(input) else { continue };
            let pid = m.pattern().as_usize();
            let e = fm.original_offset(m.end() - 1);
            if e <= s {
                continue;
            }
            let p = &self.patterns[pid];
            if !case_ok(p, &text[s..e]) {
                continue;
            }
            out.push(GazMatch {
                s,
                e,
                entry: p.entries[0] as usize,
            });
        }
        if out.len() > 1 {
            // Longest first, then leftmost; keep those that overlap nothing kept.
            out.sort_by(|a, b| (b.e - b.s).cmp(&(a.e - a.s)).then(a.s.cmp(&b.s)));
            let mut kept: Vec<GazMatch> = Vec::with_capacity(out.len());
            for m in out.iter() {
                if kept.iter().all(|k| m.e <= k.s || m.s >= k.e) {
                    kept.push(*m);
                }
            }
            kept.sort_by_key(|m| m.s);
            *out = kept;
        }
    }
}

fn case_ok(p: &Pattern, span: &str) -> bool {
    if p.acronym_only {
        return is_acronym(span);
    }
    let first = span.chars().find(|c| c.is_alphabetic());
    if p.lower_start {
        return first.is_some_and(|c| c.is_lowercase()) && span.chars().any(|c| c.is_uppercase());
    }
    first.is_some_and(|c| c.is_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gaz(text: &str) -> Gazetteer {
        let mut g = Gazetteer::default();
        g.add_file("t.tsv", text).unwrap();
        g.build().unwrap();
        g
    }

    fn found(g: &Gazetteer, text: &str) -> Vec<String> {
        let mut fm = FoldMap::new();
        fm.build(text);
        let mut out = Vec::new();
        let starts = text
            .char_indices()
            .filter(|&(i, c)| {
                c.is_alphanumeric()
                    && !text[..i]
                        .chars()
                        .next_back()
                        .is_some_and(|p| p.is_alphanumeric() || p == '-')
            })
            .map(|(i, _)| i);
        g.find(&fm, text, starts, &mut out);
        out.iter()
            .map(|m| format!("{}={}", &text[m.s..m.e], g.entries[m.entry].name))
            .collect()
    }

    #[test]
    fn matches_whole_words_with_capitals() {
        let g = gaz("name\ttype\taliases\twikidata_id\n# c\nÉtats-Unis\tPLACE\tUS|USA\tQ30\nLe Figaro\tORG\tFigaro\t\nAsie\tPLACE\t\t\nAsie du Sud-Est\tPLACE\t\t\niPhone\tPRODUCT\t\t\n");
        assert_eq!(
            found(
                &g,
                "Aux US, aux Etats-Unis et en Asie du Sud-Est, plus de bus. rapporte Le Figaro"
            ),
            [
                "US=États-Unis",
                "Etats-Unis=États-Unis",
                "Asie du Sud-Est=Asie du Sud-Est",
                "Le Figaro=Le Figaro"
            ]
        );
        assert!(found(&g, "nous us plus").is_empty());
        assert_eq!(
            found(&g, "du Figaro, un iPhone, l’Asie"),
            ["Figaro=Le Figaro", "iPhone=iPhone", "Asie=Asie"]
        );
        assert!(found(&g, "un iphone, asie, l'asie-pacifique").is_empty());
    }

    #[test]
    fn bad_lines_name_their_line() {
        let mut g = Gazetteer::default();
        let e = g
            .add_file("u.tsv", "Cyril Vidal\tPERSON\tCédric Vidal\t\nX\tTHING\n")
            .unwrap_err();
        assert!(matches!(e, Error::Gazetteer { line: 2, .. }), "{e}");
        let e = g.add_file("u.tsv", "Foo\tORG\t\tZ12\n").unwrap_err();
        assert!(e.to_string().contains("u.tsv:1"), "{e}");
        let e = g.add_file("u.tsv", "just a name\n").unwrap_err();
        assert!(e.to_string().contains("u.tsv:1"), "{e}");
    }

    #[test]
    fn same_key_merges_aliases() {
        let g = gaz("Cyril Vidal\tPERSON\tCédric Vidal\t\nCyril Vidal\tPERSON\tC. Vidal\t\n");
        assert_eq!(g.entries.len(), 1);
        assert_eq!(g.entries[0].aliases, ["Cédric Vidal", "C. Vidal"]);
        assert_eq!(
            found(&g, "Selon Cédric Vidal, PDG"),
            ["Cédric Vidal=Cyril Vidal"]
        );
    }
}
