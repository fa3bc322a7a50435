//! The invariants `gazette check` verifies on a stored dataset, restated on one processed file
//! so the property tests and the fuzz target can assert them on any input without a database.
//! Shared by `tests/properties.rs` and `fuzz/fuzz_targets/pipeline.rs` (included by path).
#![allow(dead_code)]

use std::collections::{BTreeSet, HashMap, HashSet};

use gazette::model::{Document, Host, Mention, Processed, Status};
use gazette::text::normalize;

/// A blank line as `gazette check` sees it.
pub fn is_blank_line(line: &str) -> bool {
    line.chars()
        .all(|c| c.is_whitespace() || c == '\u{200b}' || c == '\u{feff}')
}

/// Every non-blank line of `text` belongs to exactly one of: a paragraph (its line range), a
/// byline line (several bylines may share one), a tag, a comment (its line range) or a
/// boilerplate row.
pub fn lines_accounted(text: &str, doc: &Document) -> Result<(), String> {
    let mut owners: HashMap<usize, Vec<&'static str>> = HashMap::new();
    let mut own = |first: usize, last: usize, what: &'static str| {
        for n in first.max(1)..=last {
            owners.entry(n).or_default().push(what);
        }
    };
    for p in &doc.article.paragraphs {
        own(p.first_line, p.last_line, "paragraph");
    }
    for c in &doc.comments {
        own(c.first_line, c.last_line, "comment");
    }
    let byline_lines: BTreeSet<usize> = doc.article.bylines.iter().map(|b| b.line).collect();
    for n in byline_lines {
        own(n, n, "byline");
    }
    for t in &doc.article.tags {
        own(t.line, t.line, "tag");
    }
    for b in &doc.boilerplate {
        own(b.line, b.line, "boilerplate");
    }
    let mut problems = Vec::new();
    for (i, line) in text.split('\n').enumerate() {
        let n = i + 1;
        let rows = owners.get(&n).map_or(&[][..], |v| v.as_slice());
        if !is_blank_line(line) && rows.len() != 1 {
            problems.push(format!("line {n} {line:?} is in {rows:?}"));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

/// Line ranges lie inside the text, replies point to earlier comments.
pub fn shape(text: &str, doc: &Document) -> Result<(), String> {
    let lines = text.split('\n').count();
    let in_text = |first: usize, last: usize| first >= 1 && first <= last && last <= lines;
    for p in &doc.article.paragraphs {
        if !in_text(p.first_line, p.last_line) {
            return Err(format!(
                "paragraph lines {}..{} of {lines}",
                p.first_line, p.last_line
            ));
        }
    }
    for (i, c) in doc.comments.iter().enumerate() {
        if !in_text(c.first_line, c.last_line) {
            return Err(format!(
                "comment lines {}..{} of {lines}",
                c.first_line, c.last_line
            ));
        }
        if c.parent.is_some_and(|p| p >= i) {
            return Err(format!("comment {i} answers comment {:?}", c.parent));
        }
    }
    let mut line_of = Vec::new();
    line_of.extend(doc.article.bylines.iter().map(|b| b.line));
    line_of.extend(doc.article.tags.iter().map(|t| t.line));
    line_of.extend(doc.boilerplate.iter().map(|b| b.line));
    if let Some(bad) = line_of.iter().find(|&&n| n == 0 || n > lines) {
        return Err(format!("row on line {bad} of {lines}"));
    }
    if doc.article.title.is_some()
        != doc
            .article
            .paragraphs
            .first()
            .is_some_and(|p| p.kind.as_str() == "title")
    {
        return Err("title and first paragraph disagree".into());
    }
    Ok(())
}

/// `substr(host, char_start + 1, char_end - char_start) = surface`, and (host, start, end,
/// entity) unique.
pub fn mentions_on_host(doc: &Document, mentions: &[Mention]) -> Result<(), String> {
    let mut seen = HashSet::new();
    for m in mentions {
        let host = match m.host {
            Host::Paragraph(i) => doc.article.paragraphs.get(i).map(|p| p.text.as_str()),
            Host::Comment(i) => doc.comments.get(i).map(|c| c.body.as_str()),
        };
        let Some(host) = host else {
            return Err(format!(
                "mention {:?} on a missing host {:?}",
                m.surface, m.host
            ));
        };
        if m.char_start > m.char_end {
            return Err(format!("mention {:?} ends before it starts", m.surface));
        }
        let got: String = host
            .chars()
            .skip(m.char_start)
            .take(m.char_end - m.char_start)
            .collect();
        if got != m.surface || m.char_end > host.chars().count() {
            return Err(format!(
                "mention {:?} at {}..{} reads {got:?} in its host",
                m.surface, m.char_start, m.char_end
            ));
        }
        if !seen.insert((m.host, m.char_start, m.char_end, m.key.clone())) {
            return Err(format!(
                "mention {:?} at {}..{} twice",
                m.surface, m.char_start, m.char_end
            ));
        }
    }
    Ok(())
}

/// Stored text: no CR, no NUL, no C0 control other than tab and LF, no BOM.
pub fn normalized_text(text: &str) -> Result<(), String> {
    match text.chars().find(|&c| {
        c == '\u{feff}' || c == '\u{7f}' || ((c as u32) < 0x20 && c != '\t' && c != '\n')
    }) {
        Some(c) => Err(format!("normalized text holds {c:?}")),
        None => Ok(()),
    }
}

/// Everything above on one file as the import processed it, plus the documents-row rules of
/// DESIGN.md's bad-input table. Panics with the reason on the first broken invariant.
pub fn processed(p: &Processed) {
    let s = &p.source;
    match s.status {
        Status::Ok => {
            assert!(
                s.error.is_none(),
                "ok document with an error: {:?}",
                s.error
            );
            let raw = s.raw_text.as_deref().expect("ok document without raw_text");
            let doc = p.document.as_ref().expect("ok document without its parse");
            let text = normalize(raw);
            let all = normalized_text(&text)
                .and_then(|()| lines_accounted(&text, doc))
                .and_then(|()| shape(&text, doc))
                .and_then(|()| mentions_on_host(doc, &p.mentions));
            if let Err(e) = all {
                panic!("invariant broken: {e}\ntext: {text:?}");
            }
            assert_eq!(
                p.byline_keys.len(),
                doc.article.bylines.len(),
                "byline keys not parallel to bylines"
            );
        }
        Status::Skipped | Status::Error => {
            assert!(
                s.error.is_some(),
                "{:?} document without a reason",
                s.status
            );
            assert!(p.document.is_none(), "{:?} document with a parse", s.status);
            if s.raw_text.is_none()
                && s.status == Status::Skipped
                && s.error.as_deref() == Some("not text")
            {
                assert!(s.raw_bytes.is_some(), "undecodable bytes not kept");
            }
        }
    }
    if s.lossy {
        assert!(
            s.raw_bytes.is_some(),
            "lossy decoding without the original bytes"
        );
        assert!(s.encoding.is_some(), "lossy decoding without an encoding");
    }
}
