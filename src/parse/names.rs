//! Does a string look like a person's or an organization's name? Used for bylines and comment
//! headers, where a wrong name is worse than none.

/// Lower-case words that may sit inside a name (`Pierre de la Fontaine`, `Ursula von der Leyen`).
const PARTICLES: &[&str] = &[
    "de", "du", "des", "d'", "la", "le", "von", "van", "der", "den", "ter", "zu", "di", "da",
    "dos", "del", "della", "y", "bin", "ben", "al", "el", "mc",
];

/// Splits "X et Y", "X and Y", "X, Y und Z" into the names.
pub fn split_names(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in s.split([',', '&', ';', '/']) {
        let mut rest = part.trim();
        loop {
            let cut = [" et ", " and ", " und ", " & "]
                .iter()
                .filter_map(|sep| rest.find(sep).map(|i| (i, sep.len())))
                .min();
            match cut {
                Some((i, len)) => {
                    out.push(rest[..i].trim().to_string());
                    rest = rest[i + len..].trim();
                }
                None => {
                    out.push(rest.to_string());
                    break;
                }
            }
        }
    }
    out.retain(|n| !n.is_empty());
    out
}

/// A name: one to five words, each capitalized (or a particle), letters only (hyphens and
/// apostrophes allowed), or a short upper-case acronym such as an agency (`AFP`).
pub fn looks_like_name(s: &str) -> bool {
    let s = s.trim().trim_end_matches('.');
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.is_empty() || words.len() > 5 || s.chars().count() > 60 {
        return false;
    }
    if words.len() == 1 {
        let w = words[0];
        let letters = w.chars().filter(|c| c.is_alphabetic()).count();
        // A lone word is a name only as an acronym (AFP, Reuters is caught by the gazetteer).
        return (2..=8).contains(&letters)
            && w.chars()
                .all(|c| c.is_uppercase() || c == '-' || c == '&' || c == '.');
    }
    let mut capitalized = 0;
    for (i, w) in words.iter().enumerate() {
        let lw = w.to_lowercase();
        if i > 0 && i + 1 < words.len() && PARTICLES.contains(&lw.as_str()) {
            continue;
        }
        if w.starts_with("d'") || w.starts_with("d’") {
            continue;
        }
        let ok_chars = w
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’' | '.'));
        if !ok_chars {
            return false;
        }
        if !w.chars().next().is_some_and(|c| c.is_uppercase()) {
            return false;
        }
        capitalized += 1;
    }
    capitalized >= 1
}

/// One capitalized word of letters (an agency or a one-word pen name after "Par" / "By").
pub fn looks_like_single_name(s: &str) -> bool {
    let w = s.trim().trim_end_matches('.');
    !w.contains(' ')
        && (2..=30).contains(&w.chars().count())
        && w.chars().next().is_some_and(|c| c.is_uppercase())
        && w.chars().all(|c| c.is_alphabetic() || c == '-' || c == '.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(looks_like_name("Mickaël Bazoge"));
        assert!(looks_like_name("Ursula von der Leyen"));
        assert!(looks_like_name("Jean-Pierre Dupont"));
        assert!(looks_like_name("AFP"));
        assert!(!looks_like_name("contre le français"));
        assert!(!looks_like_name("Accueil"));
        assert!(!looks_like_name("Mise à jour 2023"));
        assert!(!looks_like_name(
            "Le marché des smartphones est en berne cette année"
        ));
    }

    #[test]
    fn splitting() {
        assert_eq!(
            split_names("Anne Martin et Paul Durand"),
            ["Anne Martin", "Paul Durand"]
        );
        assert_eq!(split_names("A B, C D and E F"), ["A B", "C D", "E F"]);
    }
}
