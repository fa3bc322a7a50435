//! The comment section: where it starts, each comment's header (author, date, title), its
//! body, its action lines, the reply cue that names its parent, and the words it quotes.

use crate::dates::parse_date;
use crate::model::{Boilerplate, Comment};
use crate::rules::Rules;
use crate::text::{fold, trim};

use super::Line;

/// Index of the first line of the comment section, if the text has one: the first comment
/// header, or the section title / counter just before it.
pub(crate) fn section_start(lines: &[Line], rules: &Rules) -> Option<usize> {
    let first_header = lines
        .iter()
        .position(|l| !l.blank() && rules.comment_headers.is_match(&l.mf))?;
    // Walk back over blank lines, section titles and comment-form lines.
    let mut start = first_header;
    let mut i = first_header;
    while i > 0 {
        i -= 1;
        let l = &lines[i];
        if l.blank() {
            continue;
        }
        let form = matches!(rules.boilerplate_match(&l.mf), Some(("comment_form", _)));
        if rules.comment_sections.is_match(&l.mf) || form {
            start = i;
        } else {
            break;
        }
    }
    Some(start)
}

/// One comment's header, read from its line.
struct Header {
    author: Option<String>,
    date: Option<String>,
    title: Option<String>,
}

fn read_header(l: &Line, rules: &Rules) -> Option<Header> {
    if l.blank() {
        return None;
    }
    let c = rules.comment_headers.captures(&l.mf)?;
    let author = c
        .name("author")
        .map(|m| m.as_str().trim().to_string())
        .filter(|a| !a.is_empty());
    let date = c.name("date").and_then(|m| parse_date(m.as_str()));
    let title = c.name("title").map(|m| m.as_str().trim().to_string());
    Some(Header {
        author,
        date,
        title,
    })
}

/// Comments of the section, and the lines around them that are not comments.
pub(crate) fn parse(lines: &[Line], rules: &Rules) -> (Vec<Comment>, Vec<Boilerplate>) {
    let mut comments: Vec<Comment> = Vec::new();
    let mut boilerplate = Vec::new();
    let headers: Vec<(usize, Header)> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| read_header(l, rules).map(|h| (i, h)))
        .collect();

    let first = headers.first().map_or(lines.len(), |h| h.0);
    for l in &lines[..first] {
        if !l.blank() {
            let reason = match rules.boilerplate_match(&l.mf) {
                Some((reason, _)) => reason.to_string(),
                None if rules.comment_sections.is_match(&l.mf) => "counter".to_string(),
                None => "comment_section".to_string(),
            };
            boilerplate.push(Boilerplate {
                line: l.n,
                text: l.raw.to_string(),
                reason,
            });
        }
    }

    for (k, (start, header)) in headers.iter().enumerate() {
        let end = headers.get(k + 1).map_or(lines.len(), |h| h.0);
        let mut block = &lines[*start + 1..end];
        // Boilerplate at the end of the last block (a login widget, a form) is not the comment's.
        let mut tail = Vec::new();
        while let Some((last, rest)) = block.split_last() {
            if last.blank() {
                block = rest;
                continue;
            }
            match rules.boilerplate_match(&last.mf) {
                Some((reason, _)) if reason != "media_player" => {
                    tail.push(Boilerplate {
                        line: last.n,
                        text: last.raw.to_string(),
                        reason: reason.to_string(),
                    });
                    block = rest;
                }
                _ => break,
            }
        }
        boilerplate.extend(tail.into_iter().rev());
        comments.push(read_comment(
            &lines[*start],
            header,
            block,
            &comments,
            rules,
        ));
    }
    (comments, boilerplate)
}

fn read_comment(
    header_line: &Line,
    header: &Header,
    block: &[Line],
    earlier: &[Comment],
    rules: &Rules,
) -> Comment {
    let mut posted_at = header.date.clone();
    let mut parent = None;
    let mut body_lines: Vec<&str> = Vec::new();
    let mut seen_text = false;
    for l in block {
        if l.blank() {
            if seen_text {
                body_lines.push("");
            }
            continue;
        }
        if !seen_text {
            if posted_at.is_none() && l.mf.chars().count() <= 40 {
                if let Some(d) = parse_date(&l.mf) {
                    posted_at = Some(d);
                    continue;
                }
            }
            if let Some(handle) = own_line_cue(&l.mf) {
                if parent.is_none() {
                    parent = find_author(earlier, handle);
                }
                continue;
            }
        }
        if rules.comment_actions.is_match(&l.mf) {
            continue;
        }
        if !seen_text && parent.is_none() {
            if let Some(p) = same_line_cue(&l.mf, earlier) {
                parent = Some(p);
            }
        }
        seen_text = true;
        body_lines.push(trim(l.raw));
    }
    while body_lines.last() == Some(&"") {
        body_lines.pop();
    }
    body_lines.dedup_by(|a, b| a.is_empty() && b.is_empty());
    let body = body_lines.join("\n");
    let quoted = parent.and_then(|p| quoted_from(&body, &earlier[p].body));
    let last_line = block
        .iter()
        .rev()
        .find(|l| !l.blank())
        .map_or(header_line.n, |l| l.n);
    Comment {
        author: header.author.clone(),
        posted_at,
        title: header.title.clone(),
        parent,
        body,
        quoted,
        first_line: header_line.n,
        last_line,
    }
}

/// `@handle` or `@handle:` alone on its line.
fn own_line_cue(mf: &str) -> Option<&str> {
    let rest = mf.strip_prefix('@')?;
    let handle = rest.trim_end_matches([':', ',']).trim();
    (!handle.is_empty() && handle.chars().count() <= 40).then_some(handle)
}

/// A leading `@Name` followed by text on the same line: the longest earlier author it names.
fn same_line_cue(mf: &str, earlier: &[Comment]) -> Option<usize> {
    let rest = fold(mf.strip_prefix('@')?);
    let mut best: Option<(usize, usize)> = None;
    for (i, c) in earlier.iter().enumerate() {
        let Some(author) = c.author.as_deref() else {
            continue;
        };
        let a = fold(author);
        if a.is_empty() || !rest.starts_with(&a) {
            continue;
        }
        let boundary = rest[a.len()..]
            .chars()
            .next()
            .is_none_or(|ch| !ch.is_alphanumeric());
        if boundary && best.is_none_or(|(len, _)| a.len() >= len) {
            best = Some((a.len(), i));
        }
    }
    best.map(|(_, i)| i)
}

/// The most recent earlier comment by `handle` (exact spelling first, then folded).
fn find_author(earlier: &[Comment], handle: &str) -> Option<usize> {
    if let Some(i) = earlier
        .iter()
        .rposition(|c| c.author.as_deref() == Some(handle))
    {
        return Some(i);
    }
    let h = fold(handle);
    earlier
        .iter()
        .rposition(|c| c.author.as_deref().is_some_and(|a| fold(a) == h))
}

/// The words a reply quotes from its parent: a leading quotation whose text the parent holds.
fn quoted_from(body: &str, parent_body: &str) -> Option<String> {
    let open = body.chars().next()?;
    let close = match open {
        '“' => '”',
        '«' => '»',
        '"' => '"',
        '„' => '“',
        '‘' => '’',
        _ => return None,
    };
    let inner_start = open.len_utf8();
    let inner_end = body[inner_start..].find(close)? + inner_start;
    let inner = trim(&body[inner_start..inner_end]);
    if inner.is_empty() {
        return None;
    }
    let (q, p) = (squash(&fold(inner)), squash(&fold(parent_body)));
    let probe: String = q.chars().take(60).collect();
    (p.contains(&probe)).then(|| inner.to_string())
}

/// Folded text with every run of spaces removed, so line breaks and NBSP never matter.
fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}
