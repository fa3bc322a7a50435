//! Parse: normalized text → [`Document`]. Splits the text into lines, sets aside boilerplate
//! (with its reason), reads bylines, datelines and tags, finds the comment section, and makes
//! the title, headings and paragraphs of what is left. Every non-blank line ends in exactly one
//! row; `gazette check` verifies it.

mod comments;
mod names;

use std::cell::OnceCell;
use std::collections::HashMap;

use crate::dates::parse_date;
use crate::model::{Boilerplate, Byline, Document, Paragraph, ParagraphKind, Role, Tag};
use crate::rules::Rules;
use crate::text::{match_form, starts_upper, trim};

pub use names::looks_like_name;

/// One line of the document with its matching form.
pub(crate) struct Line<'a> {
    /// 1-based line number.
    pub n: usize,
    pub raw: &'a str,
    /// Trimmed, spaces unified, apostrophes straightened.
    pub mf: String,
    /// What the rules say of the line, worked out on first use: the comment parser asks the
    /// same questions of a line several times.
    boilerplate: OnceCell<Option<usize>>,
    section_marker: OnceCell<bool>,
    reply_cue: OnceCell<Option<usize>>,
    comment_header: OnceCell<Option<usize>>,
}

impl<'a> Line<'a> {
    pub fn new(n: usize, raw: &'a str) -> Self {
        Line {
            n,
            raw,
            mf: match_form(raw),
            boilerplate: OnceCell::new(),
            section_marker: OnceCell::new(),
            reply_cue: OnceCell::new(),
            comment_header: OnceCell::new(),
        }
    }

    /// The boilerplate reason of the line, with the publisher it names, if any.
    pub fn boilerplate<'r>(&self, rules: &'r Rules) -> Option<(&'r str, Option<String>)> {
        let i = (*self
            .boilerplate
            .get_or_init(|| rules.boilerplate.first(&self.mf)))?;
        Some(rules.boilerplate_hit(i, &self.mf))
    }

    /// A comment-section title or counter.
    pub fn section_marker(&self, rules: &Rules) -> bool {
        *self
            .section_marker
            .get_or_init(|| rules.comment_sections.is_match(&self.mf))
    }

    /// `X a écrit :` and the like: the name, and whether the parent's words follow.
    pub fn reply_cue(&self, rules: &Rules) -> Option<(&str, bool)> {
        let i = (*self
            .reply_cue
            .get_or_init(|| comments::reply_cue_pattern(&self.mf, rules)))?;
        comments::read_reply_cue(&self.mf, rules, i)
    }

    /// Whether the line may be a comment's header or footer: not blank, not long, and no
    /// `X a écrit :`, which opens a quote inside a comment and never starts one.
    pub fn may_delimit_comment(&self, rules: &Rules) -> bool {
        !self.blank()
            && at_most_chars(&self.mf, DELIMITER_MAX_CHARS)
            && self.reply_cue(rules).is_none()
    }

    /// The comment-header rule the line has the shape of, if any: asked once of every line
    /// when the section is looked for, and again of its lines as comments are read.
    pub fn comment_header(&self, rules: &Rules) -> Option<usize> {
        *self.comment_header.get_or_init(|| {
            // [`Line::may_delimit_comment`], its reply-cue screen asked last: few lines have a
            // header's shape, and the screen is spared on the others.
            let short = !self.blank() && at_most_chars(&self.mf, DELIMITER_MAX_CHARS);
            let shape = short
                .then(|| rules.comment_headers.first(&self.mf))
                .flatten()?;
            self.reply_cue(rules).is_none().then_some(shape)
        })
    }

    /// Blank as `gazette check` counts lines: only spaces (NBSP included), zero-width spaces
    /// and BOMs. A line of bidi marks has an empty match form but is not blank: it must still
    /// land in a row.
    pub fn blank(&self) -> bool {
        self.mf.is_empty() && is_blank_line(self.raw)
    }
}

/// A line that holds nothing to account for.
pub fn is_blank_line(line: &str) -> bool {
    line.chars()
        .all(|c| c.is_whitespace() || c == '\u{200b}' || c == '\u{feff}')
}

/// Longest title, in words and characters.
const TITLE_MAX_WORDS: usize = 30;
const TITLE_MAX_CHARS: usize = 250;
/// Longest subheading, in words and characters.
const HEADING_MAX_WORDS: usize = 18;
const HEADING_MAX_CHARS: usize = 160;
/// Longest line that may be a comment's header or footer, or a byline, in characters.
const DELIMITER_MAX_CHARS: usize = 160;

/// Whether `s` holds at most `n` characters: counted only when its bytes are more.
fn at_most_chars(s: &str, n: usize) -> bool {
    s.len() <= n || s.chars().count() <= n
}
/// Longest section label printed above a headline, in words.
const KICKER_MAX_WORDS: usize = 2;
/// Lines of an author box after its header (name and biography).
const AUTHOR_BOX_MAX_LINES: usize = 4;
/// Longest unbulleted line of a link list or box, in words.
const LIST_LINE_MAX_WORDS: usize = 15;
/// Repeated lines up to this many words are related-article residue, not text.
const DUPLICATE_MAX_WORDS: usize = 25;

/// What a line of the article part turned out to be.
#[derive(Debug, Clone, PartialEq)]
enum Role_ {
    Boilerplate(String),
    Byline,
    Tag,
    Content,
}

/// Parses one normalized document.
pub fn parse(text: &str, rules: &Rules) -> Document {
    let lines: Vec<Line> = text
        .split('\n')
        .enumerate()
        .map(|(i, raw)| Line::new(i + 1, raw))
        .collect();

    let section = comments::locate(&lines, rules);
    let (article_lines, comment_lines) = lines.split_at(section.map_or(lines.len(), |s| s.start));

    let mut doc = Document::default();
    parse_article(article_lines, rules, &mut doc);
    if let Some(section) = section {
        let (comments, boilerplate) = comments::parse(comment_lines, rules, section.footers);
        doc.comments = comments;
        doc.boilerplate.extend(boilerplate);
    }
    doc.boilerplate.sort_by_key(|b| b.line);
    doc
}

fn parse_article(lines: &[Line], rules: &Rules, doc: &mut Document) {
    let article = &mut doc.article;
    let mut roles: Vec<Option<Role_>> = vec![None; lines.len()];
    let mut publisher: Option<String> = None;
    // The author box being read: index of its last line, lines taken.
    let mut author_box: Option<(usize, usize)> = None;
    // The link list being read, and the index of its last line.
    let mut list: Option<(usize, usize)> = None;

    let mut seen_content = false;
    let mut first_copy: std::collections::HashSet<&str, ahash::RandomState> = Default::default();
    // Repeated short lines are printed twice by related-article widgets.
    let mut seen: HashMap<&str, usize, ahash::RandomState> = Default::default();
    seen.reserve(lines.len());
    for l in lines.iter().filter(|l| !l.blank()) {
        *seen.entry(l.mf.as_str()).or_default() += 1;
    }

    for (i, l) in lines.iter().enumerate() {
        if l.blank() {
            continue;
        }
        if l.mf.is_empty() {
            roles[i] = Some(Role_::Boilerplate("invisible".into()));
            continue;
        }
        let mf = l.mf.as_str();
        if let Some((k, last)) = list {
            let spec = &rules.link_lists[k];
            // Headline-like lines and bylines belong to the list only right under it.
            let adjacent = last + 1 == i;
            let short = spec.short_lines
                && adjacent
                && (headline_shaped(mf, LIST_LINE_MAX_WORDS, HEADING_MAX_CHARS)
                    || read_byline(mf, rules).is_some());
            if spec.item.is_match(mf) || short {
                roles[i] = Some(Role_::Boilerplate(spec.reason.clone()));
                list = Some((k, i));
                continue;
            }
            list = None;
        }
        if let Some((reason, named)) = l.boilerplate(rules) {
            if publisher.is_none() {
                publisher = named;
            }
            roles[i] = Some(Role_::Boilerplate(reason.to_string()));
            continue;
        }
        if let Some((k, named)) = rules.link_list_header(mf) {
            if publisher.is_none() {
                publisher = named;
            }
            roles[i] = Some(Role_::Boilerplate(rules.link_lists[k].reason.clone()));
            list = Some((k, i));
            continue;
        }
        if let Some(date) = rules
            .datelines
            .captures(mf)
            .and_then(|c| c.name("date").and_then(|d| parse_date(d.as_str())))
        {
            article.published_at.get_or_insert(date);
            roles[i] = Some(Role_::Boilerplate("dateline".into()));
            continue;
        }
        if rules.author_boxes.is_match(mf) {
            roles[i] = Some(Role_::Boilerplate("author_box".into()));
            author_box = Some((i, 0));
            continue;
        }
        if let Some((last, taken)) = author_box {
            // The box holds the author's name and a short biography, right under its header.
            let near = lines[last + 1..i].iter().filter(|l| l.blank()).count() <= 1;
            if near && taken < AUTHOR_BOX_MAX_LINES && mf.split(' ').count() <= 60 {
                if taken == 0 && looks_like_name(mf) {
                    article.bylines.push(Byline {
                        name: mf.to_string(),
                        role: Role::Author,
                        line: l.n,
                    });
                    roles[i] = Some(Role_::Byline);
                } else {
                    roles[i] = Some(Role_::Boilerplate("author_box".into()));
                }
                author_box = Some((i, taken + 1));
                continue;
            }
            author_box = None;
        }
        if let Some(found) = read_byline(mf, rules) {
            for (name, role) in found.names {
                article.bylines.push(Byline {
                    name,
                    role,
                    line: l.n,
                });
            }
            if let Some(date) = found.date {
                article.published_at.get_or_insert(date);
            }
            roles[i] = Some(Role_::Byline);
            continue;
        }
        if rules.tags.is_match(mf) && mf.split(' ').count() <= rules.tag_max_words {
            article.tags.push(Tag {
                tag: mf.to_string(),
                line: l.n,
            });
            roles[i] = Some(Role_::Tag);
            continue;
        }
        // A headline may be printed again further down (a related-article widget, a share
        // box): its first copy, before any text, stays a candidate for the title.
        let title_candidate = !seen_content && first_copy.insert(mf);
        if !title_candidate
            && seen.get(mf).copied().unwrap_or(0) > 1
            && mf.split(' ').count() <= DUPLICATE_MAX_WORDS
        {
            roles[i] = Some(Role_::Boilerplate("related_link".into()));
            continue;
        }
        roles[i] = Some(Role_::Content);
        seen_content = true;
    }

    // A short section label above the headline ("Industrie", "Tech") is a tag, not the title.
    let content: Vec<usize> = (0..lines.len())
        .filter(|&i| roles[i] == Some(Role_::Content))
        .take(2)
        .collect();
    if let [first, second] = content[..] {
        let words = |i: usize| lines[i].mf.split(' ').count();
        if words(first) <= KICKER_MAX_WORDS
            && words(second) > words(first)
            && headline_shaped(&lines[first].mf, KICKER_MAX_WORDS, 40)
            && headline_shaped(&lines[second].mf, TITLE_MAX_WORDS, TITLE_MAX_CHARS)
        {
            article.tags.push(Tag {
                tag: lines[first].mf.clone(),
                line: lines[first].n,
            });
            roles[first] = Some(Role_::Tag);
        }
    }

    for (i, role) in roles.iter().enumerate() {
        if let Some(Role_::Boilerplate(reason)) = role {
            doc.boilerplate.push(Boilerplate {
                line: lines[i].n,
                text: lines[i].raw.to_string(),
                reason: reason.clone(),
            });
        }
    }
    article.publisher = publisher;
    article.paragraphs = paragraphs(lines, &roles);
    article.title = article
        .paragraphs
        .first()
        .filter(|p| p.kind == ParagraphKind::Title)
        .map(|p| p.text.clone());
}

/// Title, headings and paragraphs from the content lines.
fn paragraphs(lines: &[Line], roles: &[Option<Role_>]) -> Vec<Paragraph> {
    let content: Vec<usize> = (0..lines.len())
        .filter(|&i| roles[i] == Some(Role_::Content))
        .collect();
    // prose_after[k]: some content line after the k-th is prose. Computed once from the end,
    // so a page of thousands of headline-shaped lines stays linear.
    let mut prose_after = vec![false; content.len()];
    for k in (0..content.len().saturating_sub(1)).rev() {
        let j = content[k + 1];
        prose_after[k] = prose_after[k + 1]
            || !headline_shaped(&lines[j].mf, HEADING_MAX_WORDS, HEADING_MAX_CHARS);
    }
    let mut out: Vec<Paragraph> = Vec::new();
    let mut k = 0;
    while k < content.len() {
        let i = content[k];
        let text = trim(lines[i].raw);
        let is_first = out.is_empty();
        let later_prose = prose_after[k];
        if is_first
            && headline_shaped(&lines[i].mf, TITLE_MAX_WORDS, TITLE_MAX_CHARS)
            && later_prose_or_alone(&content, k)
        {
            out.push(Paragraph {
                kind: ParagraphKind::Title,
                text: text.to_string(),
                first_line: lines[i].n,
                last_line: lines[i].n,
            });
            k += 1;
            continue;
        }
        if !is_first
            && later_prose
            && headline_shaped(&lines[i].mf, HEADING_MAX_WORDS, HEADING_MAX_CHARS)
        {
            out.push(Paragraph {
                kind: ParagraphKind::Heading,
                text: text.to_string(),
                first_line: lines[i].n,
                last_line: lines[i].n,
            });
            k += 1;
            continue;
        }
        // A paragraph; hard-wrapped lines (no sentence end, next line goes on in lower case,
        // no blank line between) are joined back.
        let mut text = text.to_string();
        let mut last = i;
        while k + 1 < content.len() {
            let j = content[k + 1];
            if j != last + 1 || !wraps_into(&lines[last].mf, &lines[j].mf) {
                break;
            }
            text.push('\n');
            text.push_str(trim(lines[j].raw));
            last = j;
            k += 1;
        }
        out.push(Paragraph {
            kind: ParagraphKind::Paragraph,
            text,
            first_line: lines[i].n,
            last_line: lines[last].n,
        });
        k += 1;
    }
    out
}

/// A first line is a title only when prose follows it somewhere, or it stands alone.
fn later_prose_or_alone(content: &[usize], k: usize) -> bool {
    content.len() == 1 || k + 1 < content.len()
}

/// A line that reads like a headline: short, starts like a sentence, no closing punctuation.
fn headline_shaped(mf: &str, max_words: usize, max_chars: usize) -> bool {
    if mf.is_empty()
        || !at_most_chars(mf, max_chars)
        || mf.bytes().filter(|&b| b == b' ').count() >= max_words
    {
        return false;
    }
    let first = mf.chars().next().unwrap_or(' ');
    if !(starts_upper(mf) || first.is_ascii_digit() || "\"«“'‘".contains(first)) {
        return false;
    }
    !ends_like_sentence(mf) && !holds_a_sentence_end(mf)
}

/// A full stop ending a word and followed by a capitalized word: two sentences, not a headline.
fn holds_a_sentence_end(mf: &str) -> bool {
    let words: Vec<&str> = mf.split(' ').collect();
    words.windows(2).any(|w| {
        let core = w[0].trim_end_matches(|c: char| "\"»”’')".contains(c));
        core.ends_with(['.', '!', '?'])
            && core.chars().filter(|c| c.is_lowercase()).count() >= 3
            && starts_upper(w[1])
    })
}

/// Ends with a full stop, comma, semicolon or colon (closing quotes aside).
fn ends_like_sentence(mf: &str) -> bool {
    let core = mf.trim_end_matches(|c: char| "\"»”’' )]".contains(c));
    matches!(core.chars().last(), Some('.' | ',' | ';' | ':'))
}

/// Whether line `a` continues on line `b` (hard wrap inside one paragraph).
fn wraps_into(a: &str, b: &str) -> bool {
    let a_open = !matches!(
        a.trim_end_matches(|c: char| "\"»”’' )".contains(c))
            .chars()
            .last(),
        Some('.' | '!' | '?' | ':' | ';' | '…')
    );
    let b_lower = b.chars().next().is_some_and(|c| c.is_lowercase());
    a_open && b_lower && a.chars().count() >= 40
}

/// A byline line read into names and roles.
struct FoundByline {
    names: Vec<(String, Role)>,
    date: Option<String>,
}

fn read_byline(mf: &str, rules: &Rules) -> Option<FoundByline> {
    if !at_most_chars(mf, DELIMITER_MAX_CHARS) {
        return None;
    }
    // The first shape that reads: a date it captures must be a date.
    let caps = rules.bylines.matching(mf).find_map(|i| {
        let c = rules.bylines.captures_of(i, mf)?;
        match c.name("date") {
            Some(d) if parse_date(d.as_str()).is_none() => None,
            _ => Some(c),
        }
    })?;
    // After an explicit "Par" / "By" / "von", one capitalized word is a name too (Reuters).
    let prefixed = caps.name("prefix").is_some();
    let mut names = Vec::new();
    for name in names::split_names(caps.name("names")?.as_str()) {
        if !(looks_like_name(&name) || prefixed && names::looks_like_single_name(&name)) {
            return None;
        }
        names.push((name, Role::Author));
    }
    if let Some(agency) = caps.name("agency") {
        names.push((agency.as_str().to_string(), Role::Author));
    }
    if let Some(editor) = caps.name("editor") {
        let editor = editor.as_str().trim().to_string();
        if !looks_like_name(&editor) {
            return None;
        }
        names.push((editor, Role::Editor));
    }
    if names.is_empty() {
        return None;
    }
    let date = caps.name("date").and_then(|d| parse_date(d.as_str()));
    Some(FoundByline { names, date })
}

#[cfg(test)]
mod tests;

/// Language of the article (or, without article text, of its comments), ISO 639-1, when the
/// text says it clearly enough.
pub fn language(doc: &Document) -> Option<String> {
    let sample = language_sample(doc);
    if let Some(lang) = function_word_language(&sample) {
        return Some(lang.to_string());
    }
    let sample: String = sample.iter().flat_map(|p| [*p, "\n"]).collect();
    let cut = sample
        .char_indices()
        .nth(1000)
        .map_or(sample.len(), |(i, _)| i);
    let info = whatlang::detect(&sample[..cut])?;
    if !info.is_reliable() && sample.len() < 200 {
        return None;
    }
    iso639_1(info.lang()).map(str::to_string)
}

/// The texts the language is told from: the article's paragraphs up to the first that brings
/// them (each followed by a line break) past 2,000 bytes, and the comments the same way when
/// the paragraphs come to less than 200.
fn language_sample(doc: &Document) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut len = 0;
    for p in &doc.article.paragraphs {
        pieces.push(p.text.as_str());
        len += p.text.len() + 1;
        if len > 2000 {
            break;
        }
    }
    if len < 200 {
        for c in &doc.comments {
            pieces.push(c.body.as_str());
            len += c.body.len() + 1;
            if len > 2000 {
                break;
            }
        }
    }
    pieces
}

/// French, English and German told apart by their most frequent function words: a clear
/// majority decides without the slower trigram detector. The pieces are read as if joined by
/// line breaks, which no word spans.
fn function_word_language(pieces: &[&str]) -> Option<&'static str> {
    const LANGUAGES: [&str; 3] = ["fr", "en", "de"];
    let mut scores = [0usize; 3];
    let mut words = 0;
    let mut lower = String::new();
    for piece in pieces {
        for_each_alpha_run(piece, |word| {
            if !(2..=6).contains(&word.len()) {
                return true;
            }
            // Lower-cased on the stack when ASCII, as almost every word of these languages is.
            let mut ascii = [0u8; 6];
            let lowered = if word.is_ascii() {
                let ascii = &mut ascii[..word.len()];
                ascii.copy_from_slice(word.as_bytes());
                ascii.make_ascii_lowercase();
                &*ascii
            } else {
                lower.clear();
                lower.extend(word.chars().flat_map(char::to_lowercase));
                lower.as_bytes()
            };
            if let Some(i) = function_word(lowered) {
                scores[i] += 1;
            }
            words += 1;
            words < 400
        });
        if words == 400 {
            break;
        }
    }
    let (best, &top) = scores.iter().enumerate().max_by_key(|(_, s)| **s)?;
    let second = scores
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != best)
        .map(|(_, s)| *s)
        .max()?;
    (top >= 8 && top >= 3 * second.max(1)).then_some(LANGUAGES[best])
}

/// Calls `visit` with each run of letters of `text` ([`crate::text::is_alpha`]), in order,
/// until it returns `false`. ASCII bytes are told apart without decoding a `char`.
fn for_each_alpha_run<'t>(text: &'t str, mut visit: impl FnMut(&'t str) -> bool) {
    let bytes = text.as_bytes();
    let mut start = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (letter, len) = if b < 0x80 {
            (b.is_ascii_alphabetic(), 1)
        } else {
            text[i..]
                .chars()
                .next()
                .map_or((false, 1), |c| (crate::text::is_alpha(c), c.len_utf8()))
        };
        match (letter, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                start = None;
                if !visit(&text[s..i]) {
                    return;
                }
            }
            _ => {}
        }
        i += len;
    }
    if let Some(s) = start {
        visit(&text[s..]);
    }
}

/// Which language's list (French, English, German) a lower-case word is among the fifteen most
/// frequent function words of; the lists share no word.
fn function_word(word: &[u8]) -> Option<usize> {
    Some(match word {
        b"le" | b"la" | b"les" | b"des" | b"est" | b"et" | b"une" | b"du" | b"que" | b"pour"
        | b"dans" | b"qui" | b"sur" | b"pas" | b"au" => 0,
        b"the" | b"and" | b"of" | b"to" | b"is" | b"that" | b"for" | b"with" | b"was" | b"on"
        | b"are" | b"this" | b"it" | b"by" | b"from" => 1,
        // The last, `für`, as its UTF-8 bytes.
        b"der" | b"die" | b"und" | b"das" | b"ist" | b"nicht" | b"mit" | b"den" | b"ein"
        | b"eine" | b"zu" | b"von" | b"sich" | b"auf" | b"f\xc3\xbcr" => 2,
        _ => return None,
    })
}

fn iso639_1(lang: whatlang::Lang) -> Option<&'static str> {
    use whatlang::Lang::*;
    Some(match lang {
        Fra => "fr",
        Eng => "en",
        Deu => "de",
        Spa => "es",
        Ita => "it",
        Por => "pt",
        Nld => "nl",
        Pol => "pl",
        Rus => "ru",
        Ukr => "uk",
        Swe => "sv",
        Dan => "da",
        Nob => "nb",
        Fin => "fi",
        Ces => "cs",
        Slk => "sk",
        Hun => "hu",
        Ron => "ro",
        Tur => "tr",
        Ell => "el",
        Ara => "ar",
        Heb => "he",
        Cmn => "zh",
        Jpn => "ja",
        Kor => "ko",
        Hin => "hi",
        Vie => "vi",
        Ind => "id",
        Cat => "ca",
        Hrv => "hr",
        Srp => "sr",
        Slv => "sl",
        Bul => "bg",
        Lit => "lt",
        Lav => "lv",
        Est => "et",
        _ => return None,
    })
}
