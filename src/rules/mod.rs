//! Site rules: the line shapes (boilerplate, bylines, datelines, tags, comment headers and
//! actions) loaded from TOML data files. The shipped file is embedded in the binary; files
//! given with `--rules` are tried first, so a user can teach gazette a new site without
//! rebuilding it.

use std::sync::{Arc, OnceLock};

use aho_corasick::AhoCorasick;
use regex::{Regex, RegexSet, RegexSetBuilder};
use regex_syntax::hir::{Hir, Look};
use serde::Deserialize;

use crate::error::{Error, Result};

mod guard;

/// The rules shipped with gazette.
pub const DEFAULT_RULES: &str = include_str!("../../data/rules.toml");

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

#[derive(Debug, Clone)]
pub struct LinkList {
    pub reason: String,
    pub headers: Patterns,
    pub item: Regex,
    /// Headline-like lines and bylines directly under an item also belong to the list.
    pub short_lines: bool,
}

/// Cache room for the lazy DFA of one set of patterns, per thread.
const SET_DFA_BYTES: usize = 16 << 20;

/// Compiles patterns into one set. The lazy DFA's cache gets room for the states of all the
/// patterns together: with the default room a set of forty keeps clearing it and falls back
/// to an NFA, slower than trying the patterns one by one.
fn screen<'p>(patterns: impl IntoIterator<Item = &'p str>, what: &str) -> Result<RegexSet> {
    RegexSetBuilder::new(patterns)
        .dfa_size_limit(SET_DFA_BYTES)
        .build()
        .map_err(|e| Error::Rules {
            path: "rules".to_string(),
            message: format!("the {what} patterns together: {e}"),
        })
}

/// A list of patterns tried in order, screened together: one `RegexSet` pass tells which of
/// them match a line, so a line that matches none of them (nearly every line of an article)
/// costs one search instead of one per pattern. Each pattern is also kept alone for its
/// captures.
#[derive(Debug, Clone)]
pub struct Patterns {
    list: Vec<Rule>,
    /// How lines of up to [`LONG_LINE`] bytes are screened.
    short: Screen,
    /// How longer lines are screened, when not as short ones: only by the patterns that can
    /// match such a line. Most patterns fit a whole short line between `^` and `$`; leaving
    /// them out keeps the long lines' automaton small, and long lines are most of the text.
    long: Option<Screen>,
}

/// A pattern as a rules file writes it, and the file.
struct Source {
    file: String,
    written: String,
}

/// One pattern of a list and its regex alone. The regex of a pattern screened in a set is
/// compiled the first time a line needs its captures: compiling every rule's regex was a third
/// of the start-up of every import, and many set members never match in a given corpus (half
/// of that compiling, over the 1,000 articles of the benchmark's corpus). The
/// set was built with the pattern in it, so its own regex compiles too; were it ever to fail,
/// the pattern matches nothing rather than stopping the import.
///
/// Each parse worker searches with its own clone of the rules (see `pipeline`), and a clone of
/// a regex brings its own pool of search caches. So the compiled regex is shared by every
/// clone of the rule and compiled once, and each clone keeps a clone of it for its searches.
#[derive(Debug, Clone)]
struct Rule {
    source: String,
    compiled: Arc<OnceLock<Option<Regex>>>,
    regex: OnceLock<Option<Regex>>,
}

impl Rule {
    fn new(source: String) -> Self {
        Rule {
            source,
            compiled: Arc::new(OnceLock::new()),
            regex: OnceLock::new(),
        }
    }

    fn regex(&self) -> Option<&Regex> {
        self.regex
            .get_or_init(|| {
                self.compiled
                    .get_or_init(|| Regex::new(&self.source).ok())
                    .clone()
            })
            .as_ref()
    }

    fn is_match(&self, s: &str) -> bool {
        self.regex().is_some_and(|re| re.is_match(s))
    }
}

/// The patterns one kind of line is tried against: most of them at once, in one set; the
/// others one by one (see [`Alone`]).
#[derive(Debug, Clone)]
struct Screen {
    /// The set of `members`, when they are more than one.
    set: Option<RegexSet>,
    /// Indexes into the list of the patterns screened together.
    members: Vec<usize>,
    /// Indexes of the patterns tried one by one, and how each is first screened.
    alone: Vec<(usize, Alone)>,
}

/// Why a pattern is tried on its own instead of in the set.
#[derive(Debug, Clone)]
enum Alone {
    /// It opens with a broad class: tried only on lines that hold one of the literals its
    /// matches require (see [`guard`]).
    Guarded(AhoCorasick),
    /// It may start anywhere in a line (no `^`). In the set, one such pattern makes the
    /// automaton walk every line to its end for all of them, where the patterns held by `^`
    /// turn a line away after its first bytes; alone, its regex looks for its literals with
    /// a vector search first.
    Unanchored,
}

impl Alone {
    /// Whether the pattern may match `s`, by its screen.
    fn worth_trying(&self, s: &str) -> bool {
        match self {
            Alone::Guarded(guard) => guard.is_match(s),
            Alone::Unanchored => true,
        }
    }
}

impl Screen {
    fn new(
        list: &[Rule],
        guards: &[Option<AhoCorasick>],
        held: &[bool],
        among: impl Iterator<Item = usize>,
        what: &str,
    ) -> Result<Self> {
        let (mut members, mut alone) = (Vec::new(), Vec::new());
        for i in among {
            match &guards[i] {
                Some(g) => alone.push((i, Alone::Guarded(g.clone()))),
                None if !held[i] => alone.push((i, Alone::Unanchored)),
                None => members.push(i),
            }
        }
        let set = if members.len() > 1 {
            Some(screen(
                members.iter().map(|&i| list[i].source.as_str()),
                what,
            )?)
        } else {
            None
        };
        Ok(Screen {
            set,
            members,
            alone,
        })
    }

    /// The indexes of the patterns of `list` that match `s`, in order.
    fn matching(&self, list: &[Rule], s: &str) -> Vec<usize> {
        let mut hits = Vec::new();
        match &self.set {
            Some(set) => {
                if set.is_match(s) {
                    hits.extend(set.matches(s).iter().map(|k| self.members[k]));
                }
            }
            None => hits.extend(
                self.members
                    .iter()
                    .copied()
                    .filter(|&i| list[i].is_match(s)),
            ),
        }
        let screened = hits.len();
        for (i, how) in &self.alone {
            if how.worth_trying(s) && list[*i].is_match(s) {
                hits.push(*i);
            }
        }
        if hits.len() > screened && screened > 0 {
            hits.sort_unstable();
        }
        hits
    }

    /// Whether any pattern of `list` matches `s`, without working out which.
    fn is_match(&self, list: &[Rule], s: &str) -> bool {
        let in_set = match &self.set {
            Some(set) => set.is_match(s),
            None => self.members.iter().any(|&i| list[i].is_match(s)),
        };
        in_set
            || self
                .alone
                .iter()
                .any(|(i, how)| how.worth_trying(s) && list[*i].is_match(s))
    }

    /// The index of the first pattern of `list` that matches `s`: [`Screen::matching`]'s
    /// first, without collecting the others, and without trying the patterns alone that
    /// come after a match of the set.
    fn first(&self, list: &[Rule], s: &str) -> Option<usize> {
        let in_set = match &self.set {
            Some(set) => set
                .is_match(s)
                .then(|| set.matches(s).iter().next().map(|k| self.members[k]))
                .flatten(),
            None => self.members.iter().copied().find(|&i| list[i].is_match(s)),
        };
        // `alone` is in list order: the first of them to match, if before the set's.
        let alone = self
            .alone
            .iter()
            .take_while(|(i, _)| in_set.is_none_or(|first| *i < first))
            .find(|(i, how)| how.worth_trying(s) && list[*i].is_match(s))
            .map(|(i, _)| *i);
        alone.or(in_set)
    }
}

/// Lines longer than this many bytes are screened by the long lines' set.
const LONG_LINE: usize = 256;

/// Whether every match of the pattern whose syntax is `hir` starts at the start of the line
/// (`^`).
fn held_at_start(hir: &Hir) -> bool {
    hir.properties().look_set_prefix().contains(Look::Start)
}

/// Whether the pattern whose syntax is `hir` can match a line longer than `bytes`: false only
/// for a pattern held between `^` and `$` whose longest match is shorter.
fn can_match_longer_than(hir: &Hir, bytes: usize) -> bool {
    let p = hir.properties();
    let whole_line =
        p.look_set_prefix().contains(Look::Start) && p.look_set_suffix().contains(Look::End);
    !whole_line || p.maximum_len().is_none_or(|longest| longest > bytes)
}

impl Patterns {
    /// Screens `list` together. Fails on a pattern that is no regular expression, or that
    /// passes the regex size limit alone (the error names its file), or when the patterns
    /// together pass it (the error names the list, `what`).
    fn new(list: Vec<Source>, what: &str) -> Result<Self> {
        let invalid = |p: &Source, e: &dyn std::fmt::Display| Error::Rules {
            path: p.file.clone(),
            message: format!("pattern {:?}: {e}", p.written),
        };
        // Each pattern's syntax, read once: a pattern that cannot be read is refused here, and
        // the syntax answers the questions below.
        let mut syntax: Vec<Hir> = Vec::with_capacity(list.len());
        let mut rules: Vec<Rule> = Vec::with_capacity(list.len());
        for p in &list {
            let source = ascii_word_boundaries(&p.written);
            syntax.push(regex_syntax::parse(&source).map_err(|e| invalid(p, &e))?);
            rules.push(Rule::new(source));
        }
        let guards: Vec<Option<AhoCorasick>> = syntax.iter().map(guard::for_pattern).collect();
        let held: Vec<bool> = syntax.iter().map(held_at_start).collect();
        let short = Screen::new(&rules, &guards, &held, 0..rules.len(), what)?;
        let long_ones: Vec<usize> = (0..rules.len())
            .filter(|&i| can_match_longer_than(&syntax[i], LONG_LINE))
            .collect();
        let long = if long_ones.len() < rules.len() {
            Some(Screen::new(
                &rules,
                &guards,
                &held,
                long_ones.into_iter(),
                what,
            )?)
        } else {
            None
        };
        // A pattern outside the set is tried by its own regex on the lines it reaches: compiled
        // now, where an error can still name its file.
        let mut in_set = vec![false; rules.len()];
        if short.set.is_some() {
            for &i in &short.members {
                in_set[i] = true;
            }
        }
        for (i, (rule, p)) in rules.iter().zip(&list).enumerate() {
            if !in_set[i] {
                let re = Regex::new(&rule.source).map_err(|e| invalid(p, &e))?;
                let _ = rule.compiled.set(Some(re));
            }
        }
        Ok(Patterns {
            list: rules,
            short,
            long,
        })
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn is_match(&self, s: &str) -> bool {
        self.screen_for(s).is_match(&self.list, s)
    }

    /// How `s` is screened: by the long lines' screen past [`LONG_LINE`] bytes.
    fn screen_for(&self, s: &str) -> &Screen {
        match &self.long {
            Some(long) if s.len() > LONG_LINE => long,
            _ => &self.short,
        }
    }

    /// The indexes of every pattern that matches, in order.
    pub fn matching(&self, s: &str) -> impl Iterator<Item = usize> {
        self.screen_for(s).matching(&self.list, s).into_iter()
    }

    /// The index of the first pattern that matches.
    pub fn first(&self, s: &str) -> Option<usize> {
        self.screen_for(s).first(&self.list, s)
    }

    /// The captures of the first pattern that matches.
    pub fn captures<'t>(&self, s: &'t str) -> Option<regex::Captures<'t>> {
        self.captures_of(self.first(s)?, s)
    }

    /// The captures of pattern `i` on `s`.
    pub fn captures_of<'t>(&self, i: usize, s: &'t str) -> Option<regex::Captures<'t>> {
        self.list.get(i)?.regex()?.captures(s)
    }
}

/// All rules, compiled.
#[derive(Debug, Clone)]
pub struct Rules {
    pub boilerplate: Patterns,
    /// The reason each boilerplate pattern gives, by index.
    pub boilerplate_reasons: Vec<String>,
    pub link_lists: Vec<LinkList>,
    pub datelines: Patterns,
    pub bylines: Patterns,
    /// Headers of author boxes ("À propos de l'auteur"): the name follows.
    pub author_boxes: Patterns,
    pub tags: Patterns,
    pub tag_max_words: usize,
    pub comment_headers: Patterns,
    /// Per header pattern: the shape starts a comment section on its own; the others only
    /// when repeated or after a comment-section line.
    pub header_alone: Vec<bool>,
    pub comment_footers: Patterns,
    pub reply_cues: Patterns,
    /// Per reply-cue pattern: the parent's words follow the cue.
    pub cue_quotes: Vec<bool>,
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
        let source = |file: &str, p: &str| Source {
            file: file.to_string(),
            written: p.to_string(),
        };
        let compile = |file: &str, p: &str| -> Result<Regex> {
            Regex::new(&ascii_word_boundaries(p)).map_err(|e| Error::Rules {
                path: file.to_string(),
                message: format!("pattern {p:?}: {e}"),
            })
        };
        let (mut boilerplate, mut boilerplate_reasons) = (Vec::new(), Vec::new());
        let mut link_lists = Vec::new();
        let (mut datelines, mut bylines, mut tags) = (Vec::new(), Vec::new(), Vec::new());
        let mut author_boxes = Vec::new();
        let (mut headers, mut sections, mut actions) = (Vec::new(), Vec::new(), Vec::new());
        let (mut footers, mut anonymous) = (Vec::new(), Vec::new());
        let (mut header_alone, mut cues, mut cue_quotes) = (Vec::new(), Vec::new(), Vec::new());
        let mut tag_max_words = 0;
        for (name, f) in &files {
            for b in &f.boilerplate {
                for p in &b.patterns {
                    boilerplate.push(source(name, p));
                    boilerplate_reasons.push(b.reason.clone());
                }
            }
            for l in &f.link_list {
                link_lists.push(LinkList {
                    reason: l.reason.clone(),
                    headers: Patterns::new(
                        l.headers.iter().map(|p| source(name, p)).collect(),
                        "link-list header",
                    )?,
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
                        out.push(source(name, p));
                    }
                }
            }
            for h in &f.comment_header {
                for p in &h.patterns {
                    headers.push(source(name, p));
                    header_alone.push(h.alone);
                }
            }
            for c in &f.reply_cue {
                for p in &c.patterns {
                    cues.push(source(name, p));
                    cue_quotes.push(c.quote);
                }
            }
            for a in &f.anonymous {
                anonymous.extend(a.names.iter().map(|n| crate::text::fold(n)));
            }
            for t in &f.tag {
                tag_max_words = tag_max_words.max(t.max_words);
                for p in &t.patterns {
                    tags.push(source(name, p));
                }
            }
        }
        // Building the screens is most of the start-up of every import: the largest list
        // (boilerplate) on a thread of its own while the others build here.
        let (boilerplate, others) = std::thread::scope(|scope| {
            let boilerplate = scope.spawn(|| Patterns::new(boilerplate, "boilerplate"));
            let others = [
                (datelines, "datelines"),
                (bylines, "bylines"),
                (author_boxes, "author_boxes"),
                (tags, "tags"),
                (headers, "headers"),
                (footers, "footers"),
                (cues, "cues"),
                (sections, "sections"),
                (actions, "actions"),
            ]
            .map(|(list, what)| Patterns::new(list, what));
            let boilerplate = boilerplate
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (boilerplate, others)
        });
        let [datelines, bylines, author_boxes, tags, headers, footers, cues, sections, actions] =
            others;
        Ok(Rules {
            boilerplate: boilerplate?,
            boilerplate_reasons,
            link_lists,
            datelines: datelines?,
            bylines: bylines?,
            author_boxes: author_boxes?,
            tags: tags?,
            tag_max_words,
            comment_headers: headers?,
            header_alone,
            comment_footers: footers?,
            reply_cues: cues?,
            cue_quotes,
            anonymous,
            comment_sections: sections?,
            comment_actions: actions?,
            fingerprint: crate::read::sha256_hex(hashed.as_bytes()),
        })
    }

    /// The first boilerplate rule matching a line (in match form), with a publisher if named.
    pub fn boilerplate_match(&self, line: &str) -> Option<(&str, Option<String>)> {
        Some(self.boilerplate_hit(self.boilerplate.first(line)?, line))
    }

    /// The reason boilerplate pattern `i` gives, and the publisher it reads on `line`.
    pub fn boilerplate_hit(&self, i: usize, line: &str) -> (&str, Option<String>) {
        let publisher = self
            .boilerplate
            .captures_of(i, line)
            .and_then(|c| c.name("publisher").map(|m| m.as_str().trim().to_string()));
        (self.boilerplate_reasons[i].as_str(), publisher)
    }

    /// A link-list header: its reason and the publisher it names, if any.
    pub fn link_list_header(&self, line: &str) -> Option<(usize, Option<String>)> {
        self.link_lists.iter().enumerate().find_map(|(i, l)| {
            let c = l.headers.captures(line)?;
            Some((
                i,
                c.name("publisher").map(|m| m.as_str().trim().to_string()),
            ))
        })
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
        assert_eq!(
            r.boilerplate_match("Business › Deals").unwrap().0,
            "breadcrumb"
        );
        assert!(r.boilerplate_match("Prices rose > 5 % in March").is_none());
    }

    #[test]
    fn only_whole_line_patterns_with_a_bounded_match_skip_long_lines() {
        let parsed = |p: &str| regex_syntax::parse(p).unwrap();
        assert!(!can_match_longer_than(&parsed(r"^\d{1,2}:\d{2}$"), 256));
        assert!(!can_match_longer_than(
            &parsed(r"(?i)^(tags|mots clés)\s?:?$"),
            256
        ));
        assert!(can_match_longer_than(&parsed(r"^.{0,300}$"), 256));
        assert!(can_match_longer_than(
            &parsed(r"(?i)^(share|partager).*$"),
            256
        ));
        assert!(
            can_match_longer_than(&parsed(r"^\d{1,2}:\d{2}"), 256),
            "open end"
        );
        assert!(
            can_match_longer_than(&parsed(r"\d{1,2}:\d{2}$"), 256),
            "open start"
        );
        assert!(can_match_longer_than(&parsed(r"pic\.twitter\.com/\S"), 256));
    }

    /// Lines made of rule keywords, separators and filler, short and long, so that every
    /// list's patterns match some of them.
    fn rule_like_line() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let piece = prop_oneof![
            prop::sample::select(vec![
                "Tags",
                "Partager",
                "Share",
                "Facebook",
                "Twitter",
                "Par",
                "By",
                "von",
                "|",
                "•",
                "·",
                ":",
                "Publié le",
                "12 mars 2024",
                "March 9, 2017",
                "10:42",
                "il y a 2 ans",
                "a écrit :",
                "said:",
                "Répondre",
                "Reply",
                "Commentaires",
                "3 commentaires",
                "@Marc",
                "Jean Dupont",
                "AFP",
                "cookies",
                "accepter",
                "pic.twitter.com/abc",
                "Lire aussi",
                "Newsletter",
                "Abonnez-vous",
                "©",
                "Photo :",
                "Accueil",
                ">",
                "—",
                "(@handle)",
                "min de lecture",
                "cliquez ici",
                "CLIQUEZ ICI",
                "›",
                "avec",
                "with",
                "édité par",
                "ÉDITÉ PAR",
                "says",
                "2",
                "\u{a0}",
                "’",
            ])
            .prop_map(str::to_string),
            "[a-zé ]{0,90}",
        ];
        prop::collection::vec(piece, 0..12).prop_map(|parts| parts.join(" ").trim().to_string())
    }

    proptest::proptest! {
        #[test]
        fn screened_lists_answer_as_the_patterns_one_by_one(line in rule_like_line(), pad in 0usize..400) {
            static RULES: std::sync::OnceLock<Rules> = std::sync::OnceLock::new();
            let r = RULES.get_or_init(|| Rules::default_rules().unwrap());
            // The same line, also pushed past the long-line bound.
            for line in [line.clone(), format!("{line}{}", " x".repeat(pad))] {
                for list in [&r.boilerplate, &r.bylines, &r.datelines, &r.tags, &r.comment_headers,
                             &r.comment_footers, &r.reply_cues, &r.comment_sections, &r.comment_actions] {
                    let one_by_one: Vec<usize> =
                        (0..list.len()).filter(|&i| list.list[i].is_match(&line)).collect();
                    proptest::prop_assert_eq!(list.matching(&line).collect::<Vec<_>>(), one_by_one.clone());
                    proptest::prop_assert_eq!(list.is_match(&line), !one_by_one.is_empty());
                    proptest::prop_assert_eq!(list.first(&line), one_by_one.first().copied());
                }
            }
        }
    }

    fn patterns(written: &[&str]) -> Patterns {
        let list = written
            .iter()
            .map(|p| Source {
                file: "test.toml".to_string(),
                written: p.to_string(),
            })
            .collect();
        Patterns::new(list, "test").unwrap()
    }

    #[test]
    fn only_patterns_held_by_a_caret_are_screened_in_the_set() {
        // On a pattern's syntax when it has one (`Patterns::new` refuses one that has none).
        let held = |p: &str| {
            regex_syntax::parse(p)
                .ok()
                .as_ref()
                .is_some_and(held_at_start)
        };
        for pattern in [r"^Tags$", r"(?i)^(a|b)", r"^a|^b", r"(?i)(^x)y"] {
            assert!(held(pattern), "{pattern}");
        }
        for loose in [r"(?i)\bcookies?\b", r"a^", r"^a|b", r"x?^y", r"("] {
            assert!(!held(loose), "{loose}");
        }
        let p = patterns(&[r"^Tags$", r"(?i)\bpromo\b", r"^Menu$", r"^Accueil$"]);
        assert_eq!(p.short.members, [0, 2, 3]);
        assert!(matches!(p.short.alone.as_slice(), [(1, Alone::Unanchored)]));
        assert_eq!(p.matching("Menu").collect::<Vec<_>>(), [2]);
        assert_eq!(p.matching("Une promo").collect::<Vec<_>>(), [1]);
        // The first match is the one earliest in the list, in the set or not.
        let p = patterns(&[r"(?i)\bpromo\b", r"^Menu", r"^Tags"]);
        assert_eq!(p.first("Menu promo"), Some(0));
        assert_eq!(p.first("Menu"), Some(1));
        assert_eq!(p.matching("Menu promo").collect::<Vec<_>>(), [0, 1]);
    }

    #[test]
    fn a_set_member_is_compiled_when_its_captures_are_first_asked() {
        let p = patterns(&[r"^(?P<a>Menu)$", r"^(?P<b>Tags)$", r"(?i)\bpromo\b"]);
        assert_eq!(p.short.members, [0, 1]);
        assert!(p.list[0].compiled.get().is_none() && p.list[1].compiled.get().is_none());
        assert!(
            p.list[2].compiled.get().is_some(),
            "tried alone: compiled at once"
        );
        assert_eq!(p.first("Tags"), Some(1));
        assert!(p.list[1].compiled.get().is_none(), "the set alone answered");
        // A clone made before (a parse worker's) compiles nothing again.
        let worker = p.clone();
        assert_eq!(&p.captures("Tags").unwrap()["b"], "Tags");
        assert!(p.list[1].compiled.get().is_some());
        assert!(p.list[0].compiled.get().is_none());
        assert!(worker.list[1].compiled.get().is_some() && worker.list[1].regex.get().is_none());
        assert_eq!(&worker.captures("Tags").unwrap()["b"], "Tags");
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
        // Refused as well when the pattern would be screened in a set.
        let bad = "[[comment_header]]\npatterns = ['^a$', '^(b$']\n";
        let e = Rules::load(&[("bad2.toml".into(), bad.into())]).unwrap_err();
        assert!(e.to_string().contains("bad2.toml"), "{e}");
    }
}
