//! The comment section: where it starts, each comment's header or footer (author, date,
//! title), its body, its action lines, the reply cue that names its parent, and the words it
//! quotes. The parent of a reply cue (`@handle`, `X a écrit :`, `En réponse à X`, indentation,
//! a first word that addresses an earlier commenter) is that person's most recent earlier
//! comment; no cue, no parent.

use std::collections::HashMap;

use crate::dates::parse_date;
use crate::model::{Boilerplate, Comment};
use crate::rules::Rules;
use crate::text::{fold, match_form, trim};

use super::Line;

/// Where the comment section starts and how its comments are delimited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Section {
    pub start: usize,
    /// Authors are written after the comment text, not before.
    pub footers: bool,
}

/// Finds the comment section, if the text has one.
pub(crate) fn locate(lines: &[Line], rules: &Rules) -> Option<Section> {
    let markers: Vec<usize> = (0..lines.len())
        .filter(|&i| !lines[i].blank() && lines[i].section_marker(rules))
        .collect();
    // Header shape of each line (index of the rule that matches), if any.
    let shapes: Vec<Option<usize>> = lines.iter().map(|l| l.comment_header(rules)).collect();
    let count = |shape: usize| shapes.iter().filter(|s| **s == Some(shape)).count();
    let first_header = (0..lines.len()).find(|&i| match shapes[i] {
        Some(s) => rules.header_alone[s] || count(s) >= 2 || markers.iter().any(|&m| m < i),
        None => false,
    });
    if let Some(h) = first_header {
        // A header shape seen before the last marker that precedes the comments is an article
        // line (a byline with a date); the section starts at that marker at the latest.
        return Some(Section {
            start: walk_back_over_section_lines(lines, rules, h),
            footers: false,
        });
    }
    let footers: Vec<usize> = (0..lines.len())
        .filter(|&i| !lines[i].blank() && rules.comment_footers.is_match(&lines[i].mf))
        .collect();
    let first_footer = *footers.first()?;
    let marker = markers.iter().rev().find(|&&m| m < first_footer).copied();
    if footers.len() < 2 && marker.is_none() {
        return None;
    }
    let start = match marker {
        Some(m) => m,
        // Without a section title, the first comment is the block of lines above its footer.
        None => {
            let mut i = first_footer;
            while i > 0 && !lines[i - 1].blank() {
                i -= 1;
            }
            i
        }
    };
    Some(Section {
        start: walk_back_over_section_lines(lines, rules, start),
        footers: true,
    })
}

/// Extends the section upwards over blank lines, section titles and comment-form lines.
fn walk_back_over_section_lines(lines: &[Line], rules: &Rules, from: usize) -> usize {
    let mut start = from;
    let mut i = from;
    while i > 0 {
        i -= 1;
        let l = &lines[i];
        if l.blank() {
            continue;
        }
        let form = matches!(l.boilerplate(rules), Some(("comment_form", _)));
        if l.section_marker(rules) || form {
            start = i;
        } else {
            break;
        }
    }
    start
}

/// A comment's header or footer, read from its line.
struct Header {
    author: Option<String>,
    date: Option<String>,
    title: Option<String>,
    /// Leading spaces of the line: text-browser dumps indent replies.
    indent: usize,
}

fn read_header(l: &Line, rules: &Rules, footer: bool) -> Option<Header> {
    let c = if footer {
        if !l.may_delimit_comment(rules) {
            return None;
        }
        rules.comment_footers.captures(&l.mf)?
    } else {
        // The shape found when the section was looked for.
        rules
            .comment_headers
            .captures_of(l.comment_header(rules)?, &l.mf)?
    };
    let author = c
        .name("author")
        .map(|m| m.as_str().trim().to_string())
        .filter(|a| !a.is_empty() && !rules.anonymous.contains(&fold(a)));
    let date = c.name("date").and_then(|m| parse_date(m.as_str()));
    let title = c.name("title").map(|m| m.as_str().trim().to_string());
    let indent = l
        .raw
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t' || *c == '\u{a0}')
        .map(|c| if c == '\t' { 4 } else { 1 })
        .sum();
    Some(Header {
        author,
        date,
        title,
        indent,
    })
}

/// Comments of the section, and the lines around them that are not comments.
pub(crate) fn parse(
    lines: &[Line],
    rules: &Rules,
    footers: bool,
) -> (Vec<Comment>, Vec<Boilerplate>) {
    let marks: Vec<(usize, Header)> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| read_header(l, rules, footers).map(|h| (i, h)))
        .collect();
    let mut boilerplate = Vec::new();
    let mut comments: Vec<Comment> = Vec::new();
    let mut authors = Authors::default();
    let mut indents: Vec<usize> = Vec::new();

    // The line ranges of each comment's block: [first, last] inclusive, and its text lines.
    let mut blocks: Vec<(usize, usize, &Header)> = Vec::new();
    if footers {
        let mut from = 0;
        for (i, h) in &marks {
            // The comment's text is the run of lines just above its footer, back to the
            // previous footer or a section line.
            let mut first = *i;
            while first > from && !is_section_line(&lines[first - 1], rules) {
                first -= 1;
            }
            blocks.push((first, *i, h));
            from = i + 1;
        }
    } else {
        for (k, (i, h)) in marks.iter().enumerate() {
            let end = marks.get(k + 1).map_or(lines.len(), |m| m.0);
            blocks.push((*i, end - 1, h));
        }
    }

    let mut covered = vec![false; lines.len()];
    for (first, last, header) in blocks {
        let (text_from, text_to) = if footers {
            (first, last)
        } else {
            (first + 1, last + 1)
        };
        let mut block = &lines[text_from..text_to];
        // Boilerplate at the end of a block (a login widget, a pingback) is not the comment's.
        let mut tail = Vec::new();
        while let Some((end, rest)) = block.split_last() {
            if end.blank() {
                block = rest;
                continue;
            }
            match end.boilerplate(rules) {
                Some((reason, _)) if reason != "media_player" => {
                    tail.push(Boilerplate {
                        line: end.n,
                        text: end.raw.to_string(),
                        reason: reason.to_string(),
                    });
                    block = rest;
                }
                _ => break,
            }
        }
        boilerplate.extend(tail.into_iter().rev());
        let header_line = &lines[if footers { last } else { first }];
        let mut c = read_comment(header_line, header, block, &comments, &authors, rules);
        if footers {
            c.first_line = block
                .iter()
                .find(|l| !l.blank())
                .map_or(header_line.n, |l| l.n);
            c.last_line = header_line.n;
        }
        // Line numbers of the section are consecutive, from the first line's.
        let base = lines[0].n;
        for flag in &mut covered[c.first_line - base..=c.last_line - base] {
            *flag = true;
        }
        indents.push(header.indent);
        authors.add(c.author.as_deref(), comments.len());
        comments.push(c);
    }

    set_titles(&mut comments);

    // Indentation: where headers are indented unevenly, a deeper comment answers the nearest
    // shallower one above it.
    if let Some(&base) = indents.iter().min() {
        if indents.iter().any(|&d| d > base) {
            // The comments above, each shallower than the next: the top is the nearest
            // shallower comment, so a long thread costs linear time.
            let mut shallower: Vec<usize> = Vec::new();
            for k in 0..comments.len() {
                while shallower.last().is_some_and(|&j| indents[j] >= indents[k]) {
                    shallower.pop();
                }
                if comments[k].parent.is_none() && indents[k] > base {
                    comments[k].parent = shallower.last().copied();
                }
                shallower.push(k);
            }
        }
    }

    let taken: std::collections::HashSet<usize> = boilerplate.iter().map(|b| b.line).collect();
    for (i, l) in lines.iter().enumerate() {
        if l.blank() || covered[i] || taken.contains(&l.n) {
            continue;
        }
        let reason = match l.boilerplate(rules) {
            Some((reason, _)) => reason.to_string(),
            None if l.section_marker(rules) => "counter".to_string(),
            None => "comment_section".to_string(),
        };
        boilerplate.push(Boilerplate {
            line: l.n,
            text: l.raw.to_string(),
            reason,
        });
    }
    (comments, boilerplate)
}

/// Sites that give each comment a title print it as the comment's first line: short, with no
/// closing punctuation, and text below it. When most comments of the section open that way,
/// those first lines are titles.
fn set_titles(comments: &mut [Comment]) {
    let title_like = |c: &Comment| -> bool {
        let Some((first, rest)) = c.body.split_once('\n') else {
            return false;
        };
        let first = first.trim();
        let words = first.split_whitespace().count();
        c.title.is_none()
            && !rest.trim().is_empty()
            && (1..=COMMENT_TITLE_MAX_WORDS).contains(&words)
            && !first.starts_with(['@', '«', '“', '"', '>', '-'])
            && !first.ends_with(['.', '!', '…', ',', ':', ';', ')'])
            && first.chars().next().is_some_and(|ch| ch.is_uppercase())
    };
    let multi_line = comments.iter().filter(|c| c.body.contains('\n')).count();
    let titled = comments.iter().filter(|c| title_like(c)).count();
    if titled < 2 || titled * 10 < multi_line * 6 {
        return;
    }
    let mut authors = Authors::default();
    for (k, c) in comments.iter_mut().enumerate() {
        if title_like(c) {
            if let Some((first, body)) = c.body.split_once('\n') {
                c.title = Some(first.trim().to_string());
                c.body = body.trim_start_matches('\n').to_string();
            }
            // The text under the title may open with the reply cue.
            if c.parent.is_none() {
                let opening = match_form(c.body.lines().next().unwrap_or(""));
                c.parent =
                    same_line_cue(&opening, &authors).or_else(|| addressed(&opening, &authors));
            }
        }
        authors.add(c.author.as_deref(), k);
    }
}

/// Longest comment title, in words.
const COMMENT_TITLE_MAX_WORDS: usize = 10;

/// A section title, counter or form line: never part of a comment's text.
fn is_section_line(l: &Line, rules: &Rules) -> bool {
    !l.blank()
        && (l.section_marker(rules)
            || rules.comment_footers.is_match(&l.mf)
            || l.boilerplate(rules).is_some())
}

fn read_comment(
    header_line: &Line,
    header: &Header,
    block: &[Line],
    earlier: &[Comment],
    authors: &Authors,
    rules: &Rules,
) -> Comment {
    let mut posted_at = header.date.clone();
    let mut parent = None;
    // After a quote cue, the lines the parent wrote are the quoted words.
    let mut quoting = false;
    let mut quote_lines: Vec<&str> = Vec::new();
    // The parent's text as quotes are compared with it (the parent is set before any text).
    let mut parent_text: Option<String> = None;
    let mut body_lines: Vec<&str> = Vec::new();
    let mut seen_text = false;
    for l in block {
        if l.blank() {
            quoting = false;
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
                // `@handle` alone: the whole line names an earlier commenter, or is one word.
                let found = find_author(authors, handle);
                if found.is_some() || !handle.contains(' ') {
                    parent = parent.or(found);
                    continue;
                }
            }
            if let Some((name, quote)) = l.reply_cue(rules) {
                if parent.is_none() {
                    parent = find_author(authors, name);
                }
                quoting = quote;
                continue;
            }
        }
        if rules.comment_actions.is_match(&l.mf) {
            continue;
        }
        if !seen_text && parent.is_none() {
            parent = same_line_cue(&l.mf, authors).or_else(|| addressed(&l.mf, authors));
        }
        if quoting {
            let in_parent = match parent {
                Some(p) => {
                    // Folded once per comment: a long quote costs the parent's length once.
                    let whole = parent_text.get_or_insert_with(|| squash(&fold(&earlier[p].body)));
                    whole.contains(&squash(&fold(trim(l.raw))))
                }
                None => false,
            };
            if in_parent {
                quote_lines.push(trim(l.raw));
            } else {
                quoting = false;
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
    let quoted = if !quote_lines.is_empty() && parent.is_some() {
        Some(quote_lines.join("\n"))
    } else {
        parent.and_then(|p| quoted_from(&body, &earlier[p].body))
    };
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

/// `X a écrit :`, `X said:`, `En réponse à X` on a line of its own: the first reply-cue
/// pattern that reads a name on `mf`.
pub(super) fn reply_cue_pattern(mf: &str, rules: &Rules) -> Option<usize> {
    rules
        .reply_cues
        .matching(mf)
        .find(|&i| read_reply_cue(mf, rules, i).is_some())
}

/// The name and quote flag that reply-cue pattern `i` reads on `mf`.
pub(super) fn read_reply_cue<'a>(mf: &'a str, rules: &Rules, i: usize) -> Option<(&'a str, bool)> {
    let c = rules.reply_cues.captures_of(i, mf)?;
    let name = c.name("name")?.as_str().trim().trim_start_matches('@');
    Some((name, rules.cue_quotes[i]))
}

/// The authors of the comments read so far, indexed so that finding a reply's parent costs
/// the same whether the thread holds ten comments or fifty thousand.
#[derive(Default)]
struct Authors {
    /// Author as written → index of their most recent comment.
    exact: HashMap<String, usize, ahash::RandomState>,
    /// First word of an author of several words → index of their most recent comment.
    first_word: HashMap<String, usize, ahash::RandomState>,
    /// Folded author → index of their most recent comment.
    folded: HashMap<String, usize, ahash::RandomState>,
    /// Longest folded author, in bytes.
    longest: usize,
}

impl Authors {
    fn add(&mut self, author: Option<&str>, index: usize) {
        let Some(author) = author else {
            return;
        };
        self.exact.insert(author.to_string(), index);
        if author.split(' ').count() > 1 {
            if let Some(first) = author.split(' ').next() {
                self.first_word.insert(first.to_string(), index);
            }
        }
        let f = fold(author);
        if !f.is_empty() {
            self.longest = self.longest.max(f.len());
            self.folded.insert(f, index);
        }
    }
}

/// A leading `@Name` followed by text on the same line: the most recent comment of the longest
/// earlier author it names. Only the prefixes that end at a word boundary and are no longer
/// than the longest author are looked up.
fn same_line_cue(mf: &str, authors: &Authors) -> Option<usize> {
    let rest = fold(mf.strip_prefix('@')?);
    let mut best = None;
    let ends = rest
        .char_indices()
        .skip(1)
        .map(|(p, _)| p)
        .chain([rest.len()]);
    for p in ends.take_while(|&p| p <= authors.longest) {
        let boundary = rest[p..]
            .chars()
            .next()
            .is_none_or(|ch| !ch.is_alphanumeric());
        if boundary {
            if let Some(&i) = authors.folded.get(&rest[..p]) {
                best = Some(i);
            }
        }
    }
    best
}

/// A first line that opens by addressing an earlier commenter: `Claire, vous…`, `Mark: do…`.
/// The name must be written as the commenter wrote it (or be their first name), so ordinary
/// words never pass for a name.
fn addressed(mf: &str, authors: &Authors) -> Option<usize> {
    let cut = mf.find([',', ':'])?;
    let name = mf[..cut].trim();
    if name.chars().count() < 3 || name.split(' ').count() > 3 {
        return None;
    }
    let exact = authors.exact.get(name).copied();
    let first = authors.first_word.get(name).copied();
    exact.max(first)
}

/// The most recent earlier comment by `handle` (exact spelling first, then folded).
fn find_author(authors: &Authors, handle: &str) -> Option<usize> {
    authors
        .exact
        .get(handle)
        .or_else(|| authors.folded.get(&fold(handle)))
        .copied()
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
