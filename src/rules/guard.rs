//! Required literals of a line pattern: strings of which every match holds one. Most rule
//! patterns open with a keyword, so their automaton turns a line away after its first bytes;
//! a pattern that opens with a broad class (`^(?P<names>[^|]{3,80}?) ?\|`, a breadcrumb) walks
//! much of every line instead. Such a pattern is tried only on lines that hold one of its
//! required literals (`|`), which a literal search finds far faster than the automaton.

use aho_corasick::AhoCorasick;
use regex_syntax::hir::{Class, Hir, HirKind};

/// Most strings a set of required literals may hold.
const MAX_STRINGS: usize = 64;
/// Most characters a class may hold to be spelled out as alternatives.
const MAX_CLASS: usize = 4;
/// A class that holds at least this many of the 26 lower-case ASCII letters runs over words.
const BROAD_CLASS_LETTERS: usize = 20;

/// A literal search that must succeed on a line before a broad pattern (its syntax `hir`) is
/// tried on it, or `None` when the pattern opens with a keyword, or no literal is required by
/// every match.
pub fn for_pattern(hir: &Hir) -> Option<AhoCorasick> {
    if !opens_broadly(hir) {
        return None;
    }
    let literals = required(hir)?;
    AhoCorasick::new(literals).ok()
}

/// Whether the first characters a match can consume come from a class that runs over words.
fn opens_broadly(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) | HirKind::Literal(_) => false,
        HirKind::Class(class) => is_broad(class),
        HirKind::Repetition(r) => opens_broadly(&r.sub),
        HirKind::Capture(c) => opens_broadly(&c.sub),
        HirKind::Alternation(subs) => subs.iter().any(opens_broadly),
        HirKind::Concat(subs) => {
            for sub in subs {
                if opens_broadly(sub) {
                    return true;
                }
                if sub.properties().minimum_len() != Some(0) {
                    return false;
                }
            }
            false
        }
    }
}

fn is_broad(class: &Class) -> bool {
    (b'a'..=b'z')
        .filter(|&b| match class {
            Class::Unicode(c) => c
                .ranges()
                .iter()
                .any(|r| (r.start()..=r.end()).contains(&(b as char))),
            Class::Bytes(c) => c
                .ranges()
                .iter()
                .any(|r| (r.start()..=r.end()).contains(&b)),
        })
        .count()
        >= BROAD_CLASS_LETTERS
}

/// Strings of which every match of `hir` holds one (all non-empty), if there is such a set
/// of at most [`MAX_STRINGS`].
fn required(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    if let Some(all) = exact(hir) {
        return all.iter().all(|s| !s.is_empty()).then_some(all);
    }
    match hir.kind() {
        HirKind::Capture(c) => required(&c.sub),
        HirKind::Repetition(r) if r.min >= 1 => required(&r.sub),
        HirKind::Alternation(subs) => union(subs, required),
        HirKind::Concat(subs) => {
            // Each run of parts with a few exact spellings is a contiguous required string;
            // every other part may require literals of its own. The best candidate wins.
            let mut best: Option<Vec<Vec<u8>>> = None;
            let mut consider = |candidate: Vec<Vec<u8>>| {
                if candidate.is_empty() || candidate.iter().any(|s| s.is_empty()) {
                    return;
                }
                if best.as_ref().is_none_or(|b| better(&candidate, b)) {
                    best = Some(candidate);
                }
            };
            let mut run: Vec<Vec<u8>> = vec![Vec::new()];
            for sub in subs {
                match exact(sub) {
                    Some(spellings) => match product(&run, &spellings) {
                        Some(longer) => run = longer,
                        None => {
                            consider(std::mem::replace(&mut run, spellings));
                        }
                    },
                    None => {
                        consider(std::mem::replace(&mut run, vec![Vec::new()]));
                        if let Some(inner) = required(sub) {
                            consider(inner);
                        }
                    }
                }
            }
            consider(run);
            best
        }
        _ => None,
    }
}

/// The longer shortest string wins, then the smaller set.
fn better(a: &[Vec<u8>], b: &[Vec<u8>]) -> bool {
    let shortest = |s: &[Vec<u8>]| s.iter().map(Vec::len).min().unwrap_or(0);
    (shortest(a), std::cmp::Reverse(a.len())) > (shortest(b), std::cmp::Reverse(b.len()))
}

/// Every string `hir` matches, when they are few.
fn exact(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Some(vec![Vec::new()]),
        HirKind::Literal(l) => Some(vec![l.0.to_vec()]),
        HirKind::Class(class) => {
            // Each member spelled out, one more than allowed at most, to tell a small class.
            let spellings: Vec<Vec<u8>> = match class {
                Class::Unicode(c) => c
                    .iter()
                    .flat_map(|r| r.start()..=r.end())
                    .take(MAX_CLASS + 1)
                    .map(|ch| ch.to_string().into_bytes())
                    .collect(),
                Class::Bytes(c) => c
                    .iter()
                    .flat_map(|r| r.start()..=r.end())
                    .take(MAX_CLASS + 1)
                    .map(|b| vec![b])
                    .collect(),
            };
            (spellings.len() <= MAX_CLASS).then_some(spellings)
        }
        HirKind::Capture(c) => exact(&c.sub),
        HirKind::Concat(subs) => subs
            .iter()
            .try_fold(vec![Vec::new()], |acc, sub| product(&acc, &exact(sub)?)),
        HirKind::Alternation(subs) => union(subs, exact),
        HirKind::Repetition(r) if Some(r.min) == r.max && r.min <= 4 => {
            let once = exact(&r.sub)?;
            (0..r.min).try_fold(vec![Vec::new()], |acc, _| product(&acc, &once))
        }
        HirKind::Repetition(_) => None,
    }
}

/// The strings `of` gives for every branch, unless one branch has none or they are too many.
fn union(branches: &[Hir], of: fn(&Hir) -> Option<Vec<Vec<u8>>>) -> Option<Vec<Vec<u8>>> {
    let mut all = Vec::new();
    for branch in branches {
        all.extend(of(branch)?);
        if all.len() > MAX_STRINGS {
            return None;
        }
    }
    Some(all)
}

/// Every `a` followed by every `b`, unless that makes too many.
fn product(a: &[Vec<u8>], b: &[Vec<u8>]) -> Option<Vec<Vec<u8>>> {
    if a.len() * b.len() > MAX_STRINGS {
        return None;
    }
    Some(
        a.iter()
            .flat_map(|x| b.iter().map(move |y| [x.as_slice(), y].concat()))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn literals(pattern: &str) -> Option<Vec<String>> {
        let hir = regex_syntax::parse(pattern).unwrap();
        if !opens_broadly(&hir) {
            return None;
        }
        let mut found: Vec<String> = required(&hir)?
            .into_iter()
            .map(|s| String::from_utf8(s).unwrap())
            .collect();
        found.sort();
        Some(found)
    }

    #[test]
    fn a_pattern_opening_with_a_keyword_needs_no_guard() {
        assert_eq!(literals(r"(?i)^(tags|keywords)\s*:?$"), None);
        assert_eq!(literals(r"(?i)^(\d+ )?(comments?|réactions?)$"), None);
        assert_eq!(literals(r"^\p{Lu}[\p{L}-]+ ?[•|] ?\d+$"), None);
    }

    #[test]
    fn a_broad_pattern_requires_its_rarest_literal() {
        assert_eq!(
            literals(r"^(?P<names>[^|]{3,80}?) ?\|( ?(?P<date>\S.{0,60}))?$"),
            Some(vec!["|".into()])
        );
        assert_eq!(
            literals(r"^\S[^>›|]{0,40} ?[>›] ?\S[^>›|]{0,40}$"),
            Some(vec![">".into(), "›".into()])
        );
        assert_eq!(
            literals(r"^(?P<names>\S.{1,60}?) (avec|with) (AFP|dpa)\.?$"),
            Some(vec![
                " avec AFP".into(),
                " avec dpa".into(),
                " with AFP".into(),
                " with dpa".into()
            ])
        );
        // Case-insensitive letters are spelled out, as many as fit.
        let cliquez = literals(r"(?i)^(\S.{0,120}), cliquez[ -]ici\.?$").unwrap();
        assert_eq!(cliquez.len(), MAX_STRINGS);
        assert!(
            cliquez.iter().all(|s| s.eq_ignore_ascii_case(", clique")),
            "{cliquez:?}"
        );
    }

    #[test]
    fn no_guard_when_nothing_is_required() {
        assert_eq!(literals(r"^\S.{0,120}$"), None);
        assert_eq!(literals(r"^[^|]{3,80}(\||/)?$"), None);
    }

    /// The guard is a necessary condition: it never turns away a line the pattern matches.
    #[test]
    fn the_guard_never_turns_away_a_match() {
        let pattern =
            r"(?i)^(?P<names>[^,|]{3,80}?), (édité|edited) par (?P<editor>[^,|]{3,60}?)\.?$";
        let guard = for_pattern(&regex_syntax::parse(pattern).unwrap()).unwrap();
        let re = regex::Regex::new(pattern).unwrap();
        for line in [
            "Jean Dupont, ÉDITÉ PAR Marie Curie",
            "Jean Dupont, edited par Marie",
            "Jean, Édité par Luc.",
        ] {
            assert!(re.is_match(line), "{line}");
            assert!(guard.is_match(line), "{line}");
        }
    }
}
