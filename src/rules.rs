//! Site rules: the line shapes (boilerplate, bylines, datelines, tags, comment headers and
//! actions) loaded from TOML data files. The shipped file is embedded in the binary; files
//! given with `--rules` are tried first, so a user can teach gazette a new site without
//! rebuilding it.

use regex::Regex;
use serde::Deserialize;

use crate::error::{Error, Result};

/// The rules shipped with gazette.
pub const DEFAULT_RULES: &str = include_str!("../data/rules.toml");

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    #[serde(default)]
    boilerplate: Vec<BoilerplateSpec>,
    #[serde(default)]
    link_list: Vec<LinkListSpec>,
    #[serde(default)]
    dateline: Vec<PatternsSpec>,
    #[serde(default)]
    byline: Vec<PatternsSpec>,
    #[serde(default)]
    author_box: Vec<PatternsSpec>,
    #[serde(default)]
    tag: Vec<TagSpec>,
    #[serde(default)]
    comment_header: Vec<HeaderSpec>,
    #[serde(default)]
    comment_footer: Vec<PatternsSpec>,
    #[serde(default)]
    reply_cue: Vec<CueSpec>,
    #[serde(default)]
    anonymous: Vec<AnonymousSpec>,
    #[serde(default)]
    comment_section: Vec<PatternsSpec>,
    #[serde(default)]
    comment_action: Vec<PatternsSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BoilerplateSpec {
    reason: String,
    patterns: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LinkListSpec {
    reason: String,
    headers: Vec<String>,
    item: String,
    #[serde(default)]
    short_lines: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HeaderSpec {
    patterns: Vec<String>,
    #[serde(default)]
    alone: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CueSpec {
    patterns: Vec<String>,
    #[serde(default)]
    quote: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AnonymousSpec {
    names: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PatternsSpec {
    patterns: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TagSpec {
    patterns: Vec<String>,
    #[serde(default = "default_tag_words")]
    max_words: usize,
}

fn default_tag_words() -> usize {
    3
}

/// A compiled rule with the reason it gives.
#[derive(Debug, Clone)]
pub struct Rule {
    pub reason: String,
    pub regex: Regex,
}

#[derive(Debug, Clone)]
pub struct LinkList {
    pub reason: String,
    pub headers: Vec<Regex>,
    pub item: Regex,
    /// Headline-like lines and bylines directly under an item also belong to the list.
    pub short_lines: bool,
}

/// A comment header shape; `alone` shapes start a comment section on their own, the others
/// only when repeated or after a comment-section line.
#[derive(Debug, Clone)]
pub struct HeaderRule {
    pub regex: Regex,
    pub alone: bool,
}

/// A reply cue; `quote` cues are followed by the parent's words.
#[derive(Debug, Clone)]
pub struct CueRule {
    pub regex: Regex,
    pub quote: bool,
}

/// A list of patterns tried in order. (One `RegexSet` over them all would fall back to a slow
/// NFA simulation once the set's DFA grows large; each pattern alone keeps its fast DFA.)
#[derive(Debug, Clone)]
pub struct Patterns {
    pub list: Vec<Regex>,
}

impl Patterns {
    fn new(list: Vec<Regex>) -> Self {
        Patterns { list }
    }

    pub fn is_match(&self, s: &str) -> bool {
        self.list.iter().any(|r| r.is_match(s))
    }

    /// The captures of the first pattern that matches.
    pub fn captures<'t>(&self, s: &'t str) -> Option<regex::Captures<'t>> {
        self.list
            .iter()
            .find(|r| r.is_match(s))
            .and_then(|r| r.captures(s))
    }
}

/// All rules, compiled.
#[derive(Debug, Clone)]
pub struct Rules {
    pub boilerplate: Vec<Rule>,
    pub link_lists: Vec<LinkList>,
    pub datelines: Patterns,
    pub bylines: Patterns,
    /// Headers of author boxes ("À propos de l'auteur"): the name follows.
    pub author_boxes: Patterns,
    pub tags: Patterns,
    pub tag_max_words: usize,
    pub comment_headers: Vec<HeaderRule>,
    pub comment_footers: Patterns,
    pub reply_cues: Vec<CueRule>,
    /// Folded handles that mean "anonymous".
    pub anonymous: Vec<String>,
    pub comment_sections: Patterns,
    pub comment_actions: Patterns,
    /// Hash of every rules text, part of the extraction fingerprint.
    pub fingerprint: String,
}

impl Rules {
    /// The shipped rules only.
    pub fn default_rules() -> Result<Self> {
        Self::load(&[])
    }

    /// User files first (by name, with their text), then the shipped rules.
    pub fn load(user_files: &[(String, String)]) -> Result<Self> {
        let mut files: Vec<(String, RulesFile)> = Vec::new();
        let mut hashed = String::new();
        for (name, text) in user_files
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .chain(std::iter::once((
                "data/rules.toml (built in)",
                DEFAULT_RULES,
            )))
        {
            let parsed: RulesFile = toml::from_str(text).map_err(|e| Error::Rules {
                path: name.to_string(),
                message: e.to_string(),
            })?;
            hashed.push_str(text);
            hashed.push('\u{0}');
            files.push((name.to_string(), parsed));
        }
        let compile = |file: &str, p: &str| -> Result<Regex> {
            Regex::new(&ascii_word_boundaries(p)).map_err(|e| Error::Rules {
                path: file.to_string(),
                message: format!("pattern {p:?}: {e}"),
            })
        };
        let mut boilerplate = Vec::new();
        let mut link_lists = Vec::new();
        let (mut datelines, mut bylines, mut tags) = (Vec::new(), Vec::new(), Vec::new());
        let mut author_boxes = Vec::new();
        let (mut headers, mut sections, mut actions) = (Vec::new(), Vec::new(), Vec::new());
        let (mut footers, mut cues, mut anonymous) = (Vec::new(), Vec::new(), Vec::new());
        let mut tag_max_words = 0;
        for (name, f) in &files {
            for b in &f.boilerplate {
                for p in &b.patterns {
                    boilerplate.push(Rule {
                        reason: b.reason.clone(),
                        regex: compile(name, p)?,
                    });
                }
            }
            for l in &f.link_list {
                link_lists.push(LinkList {
                    reason: l.reason.clone(),
                    headers: l
                        .headers
                        .iter()
                        .map(|p| compile(name, p))
                        .collect::<Result<_>>()?,
                    item: compile(name, &l.item)?,
                    short_lines: l.short_lines,
                });
            }
            for (specs, out) in [
                (&f.dateline, &mut datelines),
                (&f.byline, &mut bylines),
                (&f.author_box, &mut author_boxes),
                (&f.comment_footer, &mut footers),
                (&f.comment_section, &mut sections),
                (&f.comment_action, &mut actions),
            ] {
                for s in specs {
                    for p in &s.patterns {
                        out.push(compile(name, p)?);
                    }
                }
            }
            for h in &f.comment_header {
                for p in &h.patterns {
                    headers.push(HeaderRule {
                        regex: compile(name, p)?,
                        alone: h.alone,
                    });
                }
            }
            for c in &f.reply_cue {
                for p in &c.patterns {
                    cues.push(CueRule {
                        regex: compile(name, p)?,
                        quote: c.quote,
                    });
                }
            }
            for a in &f.anonymous {
                anonymous.extend(a.names.iter().map(|n| crate::text::fold(n)));
            }
            for t in &f.tag {
                tag_max_words = tag_max_words.max(t.max_words);
                for p in &t.patterns {
                    tags.push(compile(name, p)?);
                }
            }
        }
        Ok(Rules {
            boilerplate,
            link_lists,
            datelines: Patterns::new(datelines),
            bylines: Patterns::new(bylines),
            author_boxes: Patterns::new(author_boxes),
            tags: Patterns::new(tags),
            tag_max_words,
            comment_headers: headers,
            comment_footers: Patterns::new(footers),
            reply_cues: cues,
            anonymous,
            comment_sections: Patterns::new(sections),
            comment_actions: Patterns::new(actions),
            fingerprint: crate::read::sha256_hex(hashed.as_bytes()),
        })
    }

    /// The first boilerplate rule matching a line (in match form), with a publisher if named.
    pub fn boilerplate_match(&self, line: &str) -> Option<(&str, Option<String>)> {
        let rule = self.boilerplate.iter().find(|r| r.regex.is_match(line))?;
        let publisher = rule
            .regex
            .captures(line)
            .and_then(|c| c.name("publisher").map(|m| m.as_str().trim().to_string()));
        Some((rule.reason.as_str(), publisher))
    }

    /// A link-list header: its reason and the publisher it names, if any.
    pub fn link_list_header(&self, line: &str) -> Option<(usize, Option<String>)> {
        for (i, l) in self.link_lists.iter().enumerate() {
            for h in &l.headers {
                if let Some(c) = h.captures(line) {
                    return Some((
                        i,
                        c.name("publisher").map(|m| m.as_str().trim().to_string()),
                    ));
                }
            }
        }
        None
    }
}

/// Rewrites `\b` as an ASCII word boundary. A Unicode `\b` makes the regex engine leave its
/// fast DFA for an NFA on any non-ASCII line, which made rule matching the slowest part of an
/// import; the rules put `\b` only beside ASCII keywords, where both mean the same.
fn ascii_word_boundaries(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('b') => out.push_str("(?-u:\\b)"),
                Some(n) => {
                    out.push('\\');
                    out.push(n);
                }
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_rules_compile() {
        let r = Rules::default_rules().unwrap();
        assert!(r.boilerplate.len() > 10);
        assert_eq!(r.boilerplate_match("1:20").unwrap().0, "media_player");
        assert_eq!(r.boilerplate_match("• Copié").unwrap().0, "media_player");
        assert_eq!(r.boilerplate_match("Tags").unwrap().0, "tags_label");
        assert_eq!(
            r.boilerplate_match("CONNEXION UTILISATEUR").unwrap().0,
            "login_widget"
        );
        let (reason, publisher) = r
            .boilerplate_match("Suivez Exemple.fr sur Twitter, Facebook et Telegram")
            .unwrap();
        assert_eq!(
            (reason, publisher.as_deref()),
            ("social_follow", Some("Exemple.fr"))
        );
        assert!(r
            .boilerplate_match("Le marché progresse de 4 % en 2023.")
            .is_none());
    }

    #[test]
    fn word_boundaries_become_ascii() {
        assert_eq!(ascii_word_boundaries(r"a\bb\\b\d"), r"a(?-u:\b)b\\b\d");
    }

    #[test]
    fn user_rules_come_first_and_errors_name_the_file() {
        let user = "[[boilerplate]]\nreason = \"promo\"\npatterns = ['^Tags$']\n";
        let r = Rules::load(&[("mine.toml".into(), user.into())]).unwrap();
        assert_eq!(r.boilerplate_match("Tags").unwrap().0, "promo");
        let bad = "[[boilerplate]]\nreason = \"x\"\npatterns = ['(']\n";
        let e = Rules::load(&[("bad.toml".into(), bad.into())]).unwrap_err();
        assert!(e.to_string().contains("bad.toml"), "{e}");
    }
}
