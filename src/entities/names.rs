//! Names in one host text: gazetteer matches, and capitalized sequences with their particles
//! (`Asie du Sud-Est`, `Dominique Le Dourner`, `Europe 1`) that no list knows, typed by their
//! context. What a single host cannot settle — a sentence-initial capital, a surname alone, an
//! acronym — is marked for the document-level pass in [`super::resolve`].

use super::context::{
    article, common_acronym, compass, event_head, institution_head, joining_particle, law_head,
    model_suffix, noun_like_de, numbered_noun, org_after, org_before, org_cue, org_head,
    place_after, place_before, place_cue_de, place_head, place_shape, portfolio_before,
    product_before, product_cue, role_after, role_before, role_before_comma, role_of_before,
    role_word, speech_around, thing_before, title_before, title_word, toponym_de,
};
use super::gazetteer::{GazMatch, Gazetteer};
use super::lexicon::Lexicon;
use super::tokens::{flag, Kind, Lang, View};
use crate::model::EntityType;

/// How a name's type was decided, weakest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Strength {
    Default,
    Rule,
    Context,
    Gazetteer,
}

#[derive(Debug, Clone)]
pub struct NameCand {
    /// Token span `[ts, te)` of the surface; `core` is where the name starts after a kept
    /// article (`Le Figaro` mid-sentence).
    pub ts: usize,
    pub te: usize,
    pub core: usize,
    pub etype: EntityType,
    pub strength: Strength,
    pub confidence: f64,
    pub gaz: Option<usize>,
    /// Sentence-initial with nothing else saying it is a name: kept only if the document
    /// shows the same name elsewhere.
    pub weak: bool,
    /// The name may really start one token later (`Baptisé Core X4-Neo`).
    pub drop_first: bool,
    pub acronym: bool,
    /// For an acronym written with its expansion: the expansion's index in this host's list.
    pub link: Option<usize>,
    /// Matching fold of `[core, te)`.
    pub folded: String,
    /// Without its first word the name still stands on its own (`Zéphyr X2`).
    pub rest_strong: bool,
}

/// How a host text uses capitals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Casing {
    /// Sentence case: capitals mark names.
    Normal,
    /// A headline in title case: every word is capitalized, so words are taken one by one
    /// and kept only if the document or the gazetteer knows them.
    TitleCase,
    /// Written in capitals: only the gazetteer can tell names.
    Shouting,
}

/// Reusable per-host buffers.
#[derive(Debug, Default)]
pub struct Scratch {
    pub blocked: Vec<bool>,
    gaz_tok: Vec<(usize, usize, usize)>,
}

fn is_name_word(view: &View, i: usize, blocked: &[bool]) -> bool {
    if !view.is_word(i) || blocked[i] {
        return false;
    }
    let t = view.toks[i];
    if !(t.has(flag::CAP) || t.has(flag::CAMEL)) {
        return false;
    }
    // Shouting, not an acronym.
    if t.has(flag::ALLCAPS) && view.raw(i).chars().filter(|c| c.is_alphabetic()).count() > 6 {
        return false;
    }
    true
}

fn single_letter(view: &View, i: usize) -> bool {
    let raw = view.raw(i);
    let mut it = raw.chars();
    matches!((it.next(), it.next()), (Some(c), None) if c.is_uppercase())
}

/// Finds the name candidates of one host (`out` is reused).
pub fn find(
    view: &View,
    gaz: &Gazetteer,
    lex: &Lexicon,
    gm: &[GazMatch],
    casing: Casing,
    scratch: &mut Scratch,
    out: &mut Vec<NameCand>,
) {
    out.clear();
    let n = view.len();
    if casing == Casing::Shouting {
        for m in gm {
            let Ok(a) = view.toks.binary_search_by_key(&(m.s as u32), |t| t.s) else {
                continue;
            };
            let Ok(b) = view.toks.binary_search_by_key(&(m.e as u32), |t| t.e) else {
                continue;
            };
            let letters = view.text[m.s..m.e]
                .chars()
                .filter(|c| c.is_alphabetic())
                .count();
            if letters >= 3
                && !(a..=b).any(|k| scratch.blocked[k])
                && !(b == a && lex.is_stop_any(view.fw(a)))
            {
                push_gaz(view, gaz, lex, a, b + 1, m.entry, out);
            }
        }
        return;
    }
    // Gazetteer matches as token spans.
    scratch.gaz_tok.clear();
    for m in gm {
        let Ok(a) = view.toks.binary_search_by_key(&(m.s as u32), |t| t.s) else {
            continue;
        };
        let Ok(b) = view.toks.binary_search_by_key(&(m.e as u32), |t| t.e) else {
            continue;
        };
        if (a..=b).any(|k| scratch.blocked[k]) {
            continue;
        }
        scratch.gaz_tok.push((a, b + 1, m.entry));
    }
    // In text order, so each sequence looks only at the matches around it (a long text
    // must not cost a scan of every match per name).
    scratch.gaz_tok.sort_by_key(|t| t.0);
    let gaz_tok = std::mem::take(&mut scratch.gaz_tok);
    let longest = gaz_tok.iter().map(|t| t.1 - t.0).max().unwrap_or(0);
    let blocked = &scratch.blocked;
    let mut covered_until = 0usize;
    let mut i = 0;
    while i < n {
        if !is_name_word(view, i, blocked) || single_letter(view, i) || i < covered_until {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        // German joins capitalized nouns with `der`, `von`: only a person's name may.
        let particles_ok = view.lang != Lang::De || lex.is_given(view.fw(i));
        let mut last = i;
        loop {
            if j >= n || !view.close(j) || casing == Casing::TitleCase {
                break;
            }
            // `A la limite`, `I think`: a preposition or a pronoun, not a model letter.
            let word_letter =
                matches!(view.raw(j), "A" | "I" | "Y" | "À") && view.is_lower_word(j + 1);
            if is_name_word(view, j, blocked) && !word_letter {
                last = j;
                j += 1;
                continue;
            }
            // `Nano S`, `John F. Kennedy`
            if view.punct(j) == Some('.')
                && single_letter(view, j - 1)
                && view.glued(j)
                && is_name_word(view, j + 1, blocked)
                && view.close(j + 1)
            {
                j += 1;
                continue;
            }
            // `PCBA des Nano`: an acronym takes no complement.
            let after_acronym = view.has(j - 1, flag::ALLCAPS);
            if particles_ok
                && !after_acronym
                && (view.is_lower_word(j) || view.kind(j) == Some(Kind::Elision))
            {
                let mut k = j;
                while k < j + 3
                    && (view.is_lower_word(k) || view.kind(k) == Some(Kind::Elision))
                    && joining_particle(view.fw(k))
                    && view.close(k)
                {
                    k += 1;
                }
                if k > j
                    && is_name_word(view, k, blocked)
                    && view.close(k)
                    && !single_letter(view, k)
                {
                    j = k;
                    continue;
                }
            }
            // `Procter & Gamble`
            if view.punct(j) == Some('&') && is_name_word(view, j + 1, blocked) && view.close(j + 1)
            {
                j += 1;
                continue;
            }
            // `Europe 1`, `Windows 11`: a short number ends the name.
            if view.kind(j) == Some(Kind::Num)
                && !blocked[j]
                && view.raw(j).len() <= 2
                && view.has(j, flag::SPACE1)
            {
                let next = view.punct(j + 1);
                let glued_next = view.glued(j + 1);
                let figure_like = glued_next
                    && matches!(
                        next,
                        Some('%') | Some(',') | Some('.') | Some(':') | Some('/') | Some('-')
                    );
                if !figure_like {
                    last = j;
                    // `Pixel 8 Pro`, `Snapdragon 8 Gen 3`: a model's suffix, then maybe a
                    // generation number.
                    if view.close(j + 1)
                        && view.has(j + 1, flag::CAP)
                        && model_suffix(view.fw(j + 1))
                        && !blocked[j + 1]
                    {
                        last = j + 1;
                        if view.kind(j + 2) == Some(Kind::Num)
                            && view.raw(j + 2).len() <= 2
                            && view.close(j + 2)
                            && !blocked[j + 2]
                            && !view.glued(j + 3)
                        {
                            last = j + 2;
                        }
                    }
                }
            }
            break;
        }
        let end = last + 1;
        // Every match that overlaps [i, end): starts before `end`, ends after `i`.
        let lo = gaz_tok.partition_point(|t| t.0 + longest <= i);
        let hi = gaz_tok.partition_point(|t| t.0 < end);
        split_roles(view, gaz, lex, &gaz_tok[lo..hi.max(lo)], i, end, out);
        i = end;
        // A gazetteer match starting inside may extend past the sequence: skip what it covers.
        covered_until = out.last().map_or(0, |c| c.te);
    }
    // Gazetteer names no sequence reached (shouted `SAMSUNG`). Spans found so far, by start,
    // with the furthest end reached up to each: a match overlaps one of them when the spans
    // starting before its end reach past its start.
    let mut spans: Vec<(usize, usize)> = out.iter().map(|c| (c.ts, c.te)).collect();
    spans.sort_unstable();
    let mut reach = Vec::with_capacity(spans.len());
    let mut furthest = 0;
    for &(_, te) in &spans {
        furthest = furthest.max(te);
        reach.push(furthest);
    }
    // Matches are in text order: one overlapping a name pushed by this loop starts before
    // the furthest end pushed so far.
    let mut pushed_until = 0;
    for &(a, b, entry) in &gaz_tok {
        let before = spans.partition_point(|&(ts, _)| ts < b);
        if before > 0 && reach[before - 1] > a || a < pushed_until {
            continue;
        }
        if view.is_word(a) && view.has(a, flag::CAP) && !view.has(a, flag::SENT) {
            let before = out.len();
            push_gaz(view, gaz, lex, a, b, entry, out);
            if out.len() > before {
                pushed_until = pushed_until.max(b);
            }
        }
    }
    out.sort_by_key(|c| c.ts);
    share_type_in_lists(view, out);
    link_parenthesized(view, out);
    scratch.gaz_tok = gaz_tok;
}

/// `Apple CEO Tim Cook` → `Apple`, `Tim Cook`.
fn split_roles(
    view: &View,
    gaz: &Gazetteer,
    lex: &Lexicon,
    gm: &[(usize, usize, usize)],
    a: usize,
    b: usize,
    out: &mut Vec<NameCand>,
) {
    let mut s = a;
    for k in a..b {
        let w = view.fw(k);
        let in_gaz = gm.iter().any(|&(x, y, _)| x <= k && k < y && y - x > 1);
        // German nouns are capitalized: `Der Hersteller Kolbrecht`.
        let cue = view.lang == Lang::De && (org_cue(w) || product_cue(w) || place_cue_de(w));
        // `RTL David Ebérlé`, `L'Usine Nouvelle David Ebérlé`: a given name and a surname after
        // another name.
        // The token tests first: the given-name lookups cost more.
        let person_after_acronym = k > s
            && k + 1 < b
            && view.has(k + 1, flag::CAP)
            && !view.has(k, flag::ALLCAPS)
            && view.is_word(k - 1)
            && lex.is_given(w)
            && !lex.is_given(view.fw(k - 1));
        if person_after_acronym && !in_gaz {
            sequence(view, gaz, lex, gm, s, k, out);
            s = k;
            continue;
        }
        if (role_word(w) || cue || title_word(w) && view.punct(k + 1) == Some('.')) && !in_gaz {
            if k > s {
                sequence(view, gaz, lex, gm, s, k, out);
            }
            s = k + 1;
        }
    }
    if b > s {
        sequence(view, gaz, lex, gm, s, b, out);
    }
}

fn is_stopish(view: &View, lex: &Lexicon, k: usize) -> bool {
    let w = view.fw(k);
    if view.has(k, flag::ALLCAPS) {
        return common_acronym(w);
    }
    if view.has(k, flag::SENT) {
        lex.is_stop_any(w) || lex.not_entity(w)
    } else {
        lex.is_stop(w, view.lang) || lex.not_entity(w)
    }
}

/// One capitalized sequence `[a, b)`: trims it, then makes gazetteer or rule candidates.
fn sequence(
    view: &View,
    gaz: &Gazetteer,
    lex: &Lexicon,
    gm: &[(usize, usize, usize)],
    mut a: usize,
    b: usize,
    out: &mut Vec<NameCand>,
) {
    let mut art: Option<usize> = None;
    while a < b {
        let w = view.fw(a);
        if article(w) && b - a >= 2 && view.kind(a) == Some(Kind::Word) {
            if view.has(a, flag::SENT) || art.is_some() {
                a += 1;
                continue;
            }
            art = Some(a);
            a += 1;
            continue;
        }
        let given = b - a >= 2 && lex.is_given(w);
        let gaz_start = gm.iter().any(|&(x, y, _)| x == a && y > a + 1);
        if is_stopish(view, lex, a) && !given && !gaz_start {
            a += 1;
            art = None;
            continue;
        }
        break;
    }
    // `(Units) of the Titan`: what trimming left must open with a name word.
    while a < b && (!view.is_word(a) || view.is_lower_word(a)) {
        a += 1;
        art = None;
    }
    // `Cox The`: a trailing stopword is no part of the name.
    let mut b = b;
    while b > a + 1
        && view.is_word(b - 1)
        && !view.has(b - 1, flag::ALLCAPS)
        // The document's language only: `Otto Dix` keeps a name that is a French word.
        && lex.is_stop(view.fw(b - 1), view.lang)
        && !gm.iter().any(|&(x, y, _)| x < b - 1 && y >= b)
    {
        b -= 1;
    }
    if a >= b {
        return;
    }
    // `Baptisé Core X4-Neo`, `Founded Acme Corp`: a participle opening the sentence.
    if view.has(a, flag::SENT)
        && b - a >= 2
        && art.is_none()
        && participle_like(view.raw(a))
        && !lex.is_given(view.fw(a))
        && !gm.iter().any(|&(x, _, _)| x == a)
    {
        a += 1;
    }
    let core = a;
    let ts = art.unwrap_or(a);
    // Gazetteer matches inside (an article may belong to the name: `Le Figaro`).
    let inner: Vec<(usize, usize, usize)> = gm
        .iter()
        .copied()
        .filter(|&(x, y, _)| x >= ts && y <= b && y > core)
        .collect();
    let spill = gm
        .iter()
        .copied()
        .find(|&(x, y, _)| x >= core && x < b && y > b);
    if let Some((x, y, e)) = spill {
        // The gazetteer name runs on past the capitals: it wins, and what is before it is
        // looked at alone.
        if x > core {
            sequence(view, gaz, lex, gm, core, x, out);
        }
        push_gaz(view, gaz, lex, x, y, e, out);
        return;
    }
    if let Some(&(x, y, e)) = inner
        .iter()
        .find(|&&(x, y, _)| (x == ts || x == core) && y == b)
    {
        push_gaz(view, gaz, lex, x, y, e, out);
        return;
    }
    let person_reading = b - core >= 2 && lex.is_given(view.fw(core)) && person_like(view, core, b);
    if !inner.is_empty() && !person_reading {
        // Gazetteer names that tile the sequence: `Apple Microsoft Google`.
        let mut k = core;
        for &(x, y, _) in &inner {
            if x == k {
                k = y;
            }
        }
        if k == b && inner.len() >= 2 {
            for &(x, y, e) in &inner {
                push_gaz(view, gaz, lex, x, y, e, out);
            }
            return;
        }
        // `Volkswagen Aktie Deutsche Bank Werk Zwickau`: a run of capitalized words with
        // several known names in it is a list (tags, a headline), not one name.
        let words = (core..b).filter(|&k| view.is_word(k)).count();
        if words >= 4 && inner.len() >= 2 && !(core..b).any(|k| view.is_lower_word(k)) {
            for &(x, y, e) in &inner {
                push_gaz(view, gaz, lex, x, y, e, out);
            }
            return;
        }
    }
    // `Senator Jane Doe of Arizona`, `Dan Ives of Wedbush Securities`: a person, then the
    // place she is from or the firm he works for.
    if let Some(p) = (core + 2..b.saturating_sub(1))
        .find(|&k| matches!(view.raw(k), "of" | "from" | "de" | "von" | "aus"))
    {
        let known_after = inner
            .iter()
            .any(|&(x, y, e)| x == p + 1 && y == b && gaz.entries[e].etype != EntityType::Person);
        let org_after = (p + 1..b).any(|k| view.is_word(k) && org_head(view.fw(k)));
        if (known_after || org_after)
            && person_like(view, core, p)
            && (lex.is_given(view.fw(core)) || role_before(view, ts) || title_before(view, ts))
        {
            unknown(view, gaz, lex, &[], ts, core, p, out);
            sequence(view, gaz, lex, gm, p + 1, b, out);
            return;
        }
    }
    // `Alcatel-Lucent Entreprise ALE`: the expansion, then its acronym.
    if b - core >= 2
        && view.has(b - 1, flag::ALLCAPS)
        && initials_match(view, core, b - 1, view.raw(b - 1))
    {
        let before = out.len();
        unknown(view, gaz, lex, &inner, ts, core, b - 1, out);
        if out.len() > before {
            let exp = out.len() - 1;
            // Written with its acronym: a name, wherever it stands, and no person's.
            out[exp].weak = false;
            out[exp].drop_first = false;
            if out[exp].etype == EntityType::Person && out[exp].strength == Strength::Default {
                out[exp].etype = EntityType::Org;
            }
            unknown(view, gaz, lex, &[], b - 1, b - 1, b, out);
            if out.len() > exp + 1 {
                out[exp + 1].link = Some(exp);
                out[exp + 1].weak = false;
            }
        }
        return;
    }
    // `l’Office national des forêts`, `la Cour des comptes`
    if b - core == 1
        && view.lang != Lang::De
        && view.lang != Lang::En
        && core > 0
        && institution_head(view.fw(core))
        && matches!(
            view.fw(core - 1),
            "le" | "la" | "l" | "du" | "au" | "les" | "des"
        )
    {
        let mut k = b;
        while k < b + 8 {
            let content = view.is_lower_word(k) && view.close(k) && !lex.is_stop_any(view.fw(k));
            let particle = matches!(view.fw(k), "de" | "du" | "des" | "d" | "la" | "l")
                && view.close(k)
                && (view.is_lower_word(k + 1) && !lex.is_stop_any(view.fw(k + 1))
                    || matches!(view.fw(k + 1), "la" | "l") && view.is_lower_word(k + 2));
            if !(content || particle) {
                break;
            }
            k += 1;
        }
        while k > b
            && (!view.is_lower_word(k - 1) || matches!(view.fw(k - 1), "de" | "du" | "des" | "la"))
        {
            k -= 1;
        }
        if k > b {
            let (cs, ce) = view.span(core, k);
            out.push(NameCand {
                ts,
                te: k,
                core,
                etype: EntityType::Org,
                strength: Strength::Context,
                confidence: 0.75,
                gaz: None,
                weak: false,
                drop_first: false,
                acronym: false,
                link: None,
                folded: view.fm.folded_of(cs, ce).to_string(),
                rest_strong: false,
            });
            return;
        }
    }
    unknown(view, gaz, lex, &inner, ts, core, b, out);
}

/// `Erling Haaland`, `Kyra Doane`: the shape of a person's full name, in a language that
/// does not capitalize its nouns; no word of it is a function word, a common word, a
/// demonym (`French Tech`), a compass point or a head of another kind of name.
fn looks_like_full_name(view: &View, lex: &Lexicon, a: usize, b: usize, words: usize) -> bool {
    if view.lang == Lang::De || !(2..=3).contains(&words) || !person_like(view, a, b) {
        return false;
    }
    (a..b).filter(|&k| view.is_word(k)).all(|k| {
        let w = view.fw(k);
        view.has(k, flag::CAP)
            && w.len() >= 2
            && !lex.is_stop_any(w)
            && !lex.is_common(w)
            && !lex.not_entity(w)
            && !lex.is_demonym(w)
            && !compass(w)
            && !org_head(w)
            && !org_cue(w)
            && !place_head(w)
            && !law_head(w)
            && !product_cue(w)
            && !model_suffix(w)
    })
}

/// A model code inside a name: letters and digits in one word (`X5`, `S24`, `RTX`-less `A54`).
fn model_word(view: &View, k: usize) -> bool {
    view.is_word(k)
        && view.has(k, flag::DIGIT)
        && view.raw(k).bytes().any(|c| c.is_ascii_alphabetic())
}

/// A cue right before the name says what it is (`baptisé Goéland`, `la société X`, `M. X`),
/// so its shape (a demonym's ending) does not matter.
fn cued_name(view: &View, ts: usize) -> bool {
    product_before(view, ts) || org_before(view, ts) || title_before(view, ts)
}

/// Past participles, gerunds and adverbs: verbs opening a sentence, not names.
fn participle_like(raw: &str) -> bool {
    let l = raw.to_lowercase();
    let n = l.chars().count();
    l.ends_with('é')
        || l.ends_with("ée")
        || l.ends_with("és")
        || l.ends_with("ées")
        || n > 4
            && (l.ends_with("ed") || l.ends_with("ing") || l.ends_with("ly") || l.ends_with("ment"))
}

/// Every word capitalized, no digits or acronyms: how people's names look.
fn person_like(view: &View, a: usize, b: usize) -> bool {
    (a..b).all(|k| match view.kind(k) {
        Some(Kind::Word) => {
            let t = view.toks[k];
            !t.has(flag::DIGIT)
                && !t.has(flag::ALLCAPS)
                && !t.has(flag::AMP)
                && (t.has(flag::CAP) || joining_particle(view.fw(k)))
        }
        Some(Kind::Elision) => true,
        Some(Kind::Punct) => view.punct(k) == Some('.'),
        _ => false,
    })
}

fn push_gaz(
    view: &View,
    gaz: &Gazetteer,
    lex: &Lexicon,
    a: usize,
    b: usize,
    entry: usize,
    out: &mut Vec<NameCand>,
) {
    let e = &gaz.entries[entry];
    if b - a == 1 {
        let w = view.fw(a);
        if lex.not_entity(w) {
            return;
        }
        // `des Landes`, `das Essen`: a German noun spelled like a place, unless a preposition
        // of place comes before it (`in Essen`).
        if view.lang == Lang::De
            && lex.is_noun_de(w)
            && !(a > 0 && matches!(view.fw(a - 1), "in" | "aus" | "nach" | "bei" | "von"))
        {
            return;
        }
        if view.has(a, flag::SENT) && (lex.is_stop(w, view.lang) || lex.is_common(w)) {
            return;
        }
    }
    let core = if article(view.fw(a)) && b - a >= 2 && !e.article {
        a + 1
    } else {
        a
    };
    let (cs, ce) = view.span(core, b);
    out.push(NameCand {
        ts: a,
        te: b,
        core,
        etype: e.etype,
        strength: Strength::Gazetteer,
        confidence: 0.95,
        gaz: Some(entry),
        weak: false,
        drop_first: false,
        acronym: b - a == 1 && view.has(a, flag::ALLCAPS),
        link: None,
        folded: view.fm.folded_of(cs, ce).to_string(),
        rest_strong: false,
    });
}

/// Initials of `[a, b)`, folded: without and with the particles' letters
/// (`Alcatel-Lucent Entreprise` → `ale`; `Banque de France` → `bf`, `bdf`).
pub fn initials(view: &View, a: usize, b: usize) -> (String, String) {
    let mut strict = String::new();
    let mut loose = String::new();
    for k in a..b {
        match view.kind(k) {
            Some(Kind::Word) => {
                let raw = view.raw(k);
                let particle = joining_particle(view.fw(k)) && !view.has(k, flag::CAP)
                    || matches!(view.fw(k), "et" | "and" | "und" | "for" | "pour" | "fur");
                for part in raw.split(['-', '\u{2010}', '\u{2011}']) {
                    if let Some(c) = part.chars().next() {
                        loose.extend(c.to_lowercase());
                        if !particle {
                            strict.extend(c.to_lowercase());
                        }
                    }
                }
            }
            Some(Kind::Elision) => {
                if let Some(c) = view.raw(k).chars().next() {
                    loose.extend(c.to_lowercase());
                }
            }
            _ => {}
        }
    }
    (
        super::fold_map::into_fold_key(strict),
        super::fold_map::into_fold_key(loose),
    )
}

/// The letters of an acronym, folded (`U.S.` → `us`).
pub fn acronym_letters(raw: &str) -> String {
    let letters: String = raw.chars().filter(|&c| crate::text::is_alnum(c)).collect();
    super::fold_map::into_fold_key(letters)
}

/// Initials of `[a, b)` match the acronym, with or without the particles' letters.
pub fn initials_match(view: &View, a: usize, b: usize, acronym: &str) -> bool {
    let want = acronym_letters(acronym);
    if want.chars().count() < 2 {
        return false;
    }
    let (strict, loose) = initials(view, a, b);
    want == strict || want == loose
}

/// A capitalized sequence no gazetteer names in full: rejected, or typed by its context.
#[allow(clippy::too_many_arguments)]
fn unknown(
    view: &View,
    gaz: &Gazetteer,
    lex: &Lexicon,
    inner: &[(usize, usize, usize)],
    ts: usize,
    core: usize,
    b: usize,
    out: &mut Vec<NameCand>,
) {
    let mut core = core;
    let mut ts = ts;
    let single = b - core == 1;
    let first = view.fw(core);
    let t0 = view.toks[core];
    if single {
        if single_letter(view, core)
            || t0.has(flag::AMP)
            || lex.not_entity(first)
            || lex.is_stop_any(first) && !t0.has(flag::ALLCAPS)
            || compass(first)
            || lex.is_demonym(first) && !cued_name(view, ts)
        {
            return;
        }
        if t0.has(flag::ALLCAPS) && common_acronym(first) {
            return;
        }
        if t0.has(flag::SENT) && lex.is_common(first) {
            return;
        }
    }
    if (core..b)
        .filter(|&k| view.is_word(k))
        .all(|k| lex.not_entity(view.fw(k)) || lex.is_stop_any(view.fw(k)))
    {
        return;
    }
    let sent = t0.has(flag::SENT) && ts == core;
    let word_strong = |k: usize| {
        let t = view.toks[k];
        view.is_word(k)
            && (t.has(flag::HYPHEN_CAPS)
                || t.has(flag::CAMEL)
                || t.has(flag::DIGIT)
                || t.has(flag::ALLCAPS) && b - core == 1)
    };
    let first_strong = word_strong(core);
    let rest_strong = (core + 1..b).any(word_strong);
    let mut strong = first_strong || single && rest_strong;
    let word_count = (core..b).filter(|&k| view.is_word(k)).count();
    let last = (core..b)
        .rev()
        .find(|&k| view.is_word(k))
        .map_or("", |k| view.fw(k));
    // `Ixnex France`, `le Monde, le PDG de…`: a place in the name, or an article before it,
    // and it is no person.
    let no_person = inner
        .iter()
        .any(|&(_, _, e)| gaz.entries[e].etype != EntityType::Person)
        || ts > 0
            && matches!(
                view.fw(ts - 1),
                "le" | "la"
                    | "les"
                    | "l"
                    | "the"
                    | "un"
                    | "une"
                    | "a"
                    | "an"
                    | "der"
                    | "die"
                    | "das"
            );
    let has_org_head =
        word_count >= 2 && (core..b).any(|k| view.is_word(k) && org_head(view.fw(k)));
    let given = b - core >= 2
        && lex.is_given(first)
        && person_like(view, core, b)
        && !no_person
        && !has_org_head;

    if single && portfolio_before(view, ts) {
        return;
    }
    let (mut etype, mut strength, mut conf): (EntityType, Strength, f64) =
        (EntityType::Org, Strength::Default, 0.55);
    // `the Foreign Intelligence Surveillance Act`, `cloud Act`
    if law_head(last) && view.has(b - 1, flag::CAP) {
        // `das Gesetz`: a German noun, not a law's name.
        if single && view.lang == Lang::De {
            return;
        }
        if single && core > 0 && view.is_lower_word(core - 1) && view.close(core) {
            core -= 1;
            ts = core;
        } else if single {
            return;
        }
        (etype, strength, conf) = (EntityType::Other, Strength::Context, 0.7);
    } else if word_count >= 2 && event_head(last) && inner.iter().all(|&(x, _, _)| x == core) {
        // `Emilia Romagna Grand Prix`, `Paris Air Show`
        (etype, strength, conf) = (EntityType::Other, Strength::Rule, 0.65);
    } else if title_before(view, ts) && person_like(view, core, b) {
        (etype, strength, conf) = (EntityType::Person, Strength::Context, 0.9);
    } else if given {
        (etype, strength, conf) = (EntityType::Person, Strength::Rule, 0.85);
    } else if person_like(view, core, b)
        && !has_org_head
        && !no_person
        && (role_after(view, b)
            || word_count >= 2
                && (role_before(view, ts)
                    || role_before_comma(view, ts)
                    || speech_around(view, ts, b)))
    {
        (etype, strength, conf) = (EntityType::Person, Strength::Context, 0.8);
    } else if role_of_before(view, ts) {
        (etype, strength, conf) = (EntityType::Org, Strength::Context, 0.8);
    } else if place_before(view, ts)
        && !t0.has(flag::ALLCAPS)
        && word_count <= 3
        && inner.is_empty()
        && !has_org_head
        && (view.lang != Lang::De || toponym_de(last) || ts > 0 && place_cue_de(view.fw(ts - 1)))
    {
        (etype, strength, conf) = (EntityType::Place, Strength::Context, 0.65);
    } else if place_after(view, b) && !has_org_head && inner.is_empty() && word_count <= 3 {
        // `the Emilia-Romagna region`
        (etype, strength, conf) = (EntityType::Place, Strength::Context, 0.7);
    } else if single && place_shape(first) {
        // `Saint-Aubin-sur-Mer`, `Stoke-on-Trent`
        (etype, strength, conf) = (EntityType::Place, Strength::Rule, 0.7);
    } else if org_before(view, ts) || org_after(view, b) {
        (etype, strength, conf) = (EntityType::Org, Strength::Context, 0.8);
    } else if word_count >= 2 && place_head(last) && inner.is_empty() {
        // `Memorial Stadium`, `Union Station`, `Place de la Concorde`-less heads at the end.
        (etype, strength, conf) = (EntityType::Place, Strength::Rule, 0.7);
    } else if has_org_head {
        (etype, strength, conf) = (EntityType::Org, Strength::Rule, 0.75);
    } else if product_before(view, ts) {
        (etype, strength, conf) = (EntityType::Product, Strength::Context, 0.75);
    } else if word_count >= 2
        && (view.has(b - 1, flag::DIGIT) && view.is_word(b - 1) || single_letter(view, b - 1))
        || single && t0.has(flag::DIGIT) && view.is_word(core)
        || word_count >= 2 && (core..b).any(|k| model_word(view, k))
        || word_count >= 2
            && (core..b)
                .filter(|&k| view.is_word(k))
                .all(|k| model_suffix(view.fw(k)))
    {
        // `Nordvik X5`, `Galaxy S24 Ultra`, `Nano S`: a model code.
        (etype, strength, conf) = (EntityType::Product, Strength::Rule, 0.7);
    } else if (core + 1..b).any(|k| view.kind(k) == Some(Kind::Num)) && !numbered_noun(first) {
        // `NordOS 3`, `Pixel 8 Pro`: a name and a version number.
        (etype, strength, conf) = (EntityType::Product, Strength::Rule, 0.6);
    } else if thing_before(view, ts) && inner.is_empty() {
        // `un Software embarqué`, `ce grand Meccano`: a common noun, or a brand used as one.
        return;
    } else if let Some(&(x, y, e)) = inner.first() {
        // `Orange Business Services`, `Ubuntu Touch`, `Asie du Sud-Est`
        let gt = gaz.entries[e].etype;
        let particle_next = view.is_lower_word(y) && y < b;
        if x == core && gt == EntityType::Place && particle_next {
            (etype, strength, conf) = (EntityType::Place, Strength::Rule, 0.75);
        } else if x == core && matches!(gt, EntityType::Org | EntityType::Product) {
            (etype, strength, conf) = (gt, Strength::Rule, 0.7);
        }
    } else if single && t0.has(flag::ALLCAPS) {
        (etype, strength, conf) = (EntityType::Org, Strength::Rule, 0.6);
    } else if looks_like_full_name(view, lex, core, b, word_count) && inner.is_empty() {
        // Two or three plain capitalized words with nothing that says company, place or
        // product: in news, most often a person whose first name no list knows.
        (etype, conf) = (EntityType::Person, 0.5);
    }
    if matches!(strength, Strength::Context)
        || given
        || has_org_head
        || etype == EntityType::Person && strength >= Strength::Rule
    {
        strong = true;
    }
    // German capitalizes every noun: a lone capitalized word (`Werk`, `Artikel 5`) is a name
    // only with a cue, or when the document names it otherwise (`Thorup` after `Jess
    // Thorup`), as for a sentence's first word.
    let german_noun_like =
        view.lang == Lang::De && word_count == 1 && !strong && strength < Strength::Context;
    if german_noun_like && !single {
        return;
    }
    // `Bürgern Sicherheit`, `Künstliche Intelligenz`: German nouns side by side, no cue.
    if view.lang == Lang::De
        && strength == Strength::Default
        && !first_strong
        && !rest_strong
        && noun_like_de(last)
    {
        return;
    }
    // `Phase 3`, `Chapter 7`: a common noun and its number.
    if word_count == 1 && !single && numbered_noun(first) && strength < Strength::Context {
        return;
    }
    // `betreibt der Konzern Werke in Ungarn`: after a German cue, a word that ends like a
    // plural or an abstract noun needs the document's support too.
    let german_cued_noun = view.lang == Lang::De
        && word_count == 1
        && !first_strong
        && strength == Strength::Context
        && matches!(etype, EntityType::Org | EntityType::Product)
        && (noun_like_de(first) || first.ends_with('e') || first.ends_with("en"));
    let weak = (sent || german_noun_like) && !strong || german_cued_noun;
    let (cs, ce) = view.span(core, b);
    out.push(NameCand {
        ts,
        te: b,
        core,
        etype,
        strength,
        confidence: if weak { conf.min(0.5) } else { conf },
        gaz: None,
        weak,
        drop_first: weak && word_count >= 2,
        acronym: single && t0.has(flag::ALLCAPS),
        link: None,
        folded: view.fm.folded_of(cs, ce).to_string(),
        rest_strong: weak && rest_strong,
    });
}

/// `in Youngstown and Lorain`, `Jane Doe and Eirik Solheim`: a name with no evidence of its
/// own, listed beside a place or a person, is one too.
fn share_type_in_lists(view: &View, out: &mut [NameCand]) {
    let joined = |a: &NameCand, b: &NameCand| {
        b.ts == a.te + 1
            && (matches!(
                view.fw(a.te),
                "and" | "et" | "und" | "y" | "or" | "ou" | "oder"
            ) && view.is_lower_word(a.te)
                || view.punct(a.te) == Some(','))
    };
    let lends = |c: &NameCand| {
        matches!(c.etype, EntityType::Place | EntityType::Person)
            && c.strength >= Strength::Rule
            && !c.weak
    };
    for pass in 0..2 {
        for i in 1..out.len() {
            let (from, to) = if pass == 0 { (i - 1, i) } else { (i, i - 1) };
            let (a, b) = if from < to { (from, to) } else { (to, from) };
            if !joined(&out[a], &out[b]) || !lends(&out[from]) {
                continue;
            }
            let t = &out[to];
            if t.strength != Strength::Default || t.gaz.is_some() || t.acronym {
                continue;
            }
            let etype = out[from].etype;
            let words = (t.core..t.te).filter(|&k| view.is_word(k)).count();
            let fits = match etype {
                EntityType::Person => words >= 2 && person_like(view, t.core, t.te),
                _ => words <= 3,
            };
            if fits {
                let t = &mut out[to];
                t.etype = etype;
                t.strength = Strength::Context;
                t.confidence = 0.6;
            }
        }
    }
}

/// `FISA (Foreign Intelligence Surveillance Act)`, `Printed Circuit Board Assembly (PCBA)`:
/// the acronym stands for the expansion, which is an organization only if it says so.
fn link_parenthesized(view: &View, out: &mut [NameCand]) {
    for i in 0..out.len().saturating_sub(1) {
        let (x, y) = (i, i + 1);
        let (c1, c2) = (&out[x], &out[y]);
        if view.punct(c1.te) != Some('(') || c2.ts != c1.te + 1 || view.punct(c2.te) != Some(')') {
            continue;
        }
        let (acr, exp) = if c1.acronym && !c2.acronym {
            (x, y)
        } else if c2.acronym && !c1.acronym {
            (y, x)
        } else {
            continue;
        };
        let raw = view.raw(out[acr].core);
        if !initials_match(view, out[exp].core, out[exp].te, raw) {
            continue;
        }
        out[acr].link = Some(exp);
        out[acr].weak = false;
        let e = &mut out[exp];
        e.weak = false;
        if e.strength <= Strength::Rule && e.gaz.is_none() {
            let head = (e.core..e.te).any(|k| org_head(view.fw(k)));
            let guessed_person = e.etype == EntityType::Person && e.strength == Strength::Default;
            if !head && (e.etype == EntityType::Org || guessed_person) {
                e.etype = EntityType::Other;
            }
            e.strength = Strength::Rule;
        }
    }
}
