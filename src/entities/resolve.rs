//! In-document resolution of the name candidates of every host of one document:
//! sentence-initial capitals are kept only when the document shows the name elsewhere; one
//! type per name; a surname alone joins the full name (`Vidal` → `Cyril Vidal`); an acronym
//! joins its expansion (written beside it, or whose initials it spells); near-identical long
//! names merge (`Alcatel-Lucent Enterprise` / `Alcatel-Lucent Entreprise`). Then every
//! candidate gets its canonical name and merge key.

use std::collections::HashSet;

use super::wordset::{FxHashMap as HashMap, FxHashSet};

use super::gazetteer::Gazetteer;
use super::keys::name_key;
use super::names::Strength;
use crate::model::{EntityType, Host, Mention, Method};

/// A name candidate with everything the document-level pass needs, detached from its host's
/// buffers. Offsets are characters.
#[derive(Debug, Clone)]
pub struct DocCand {
    pub host: Host,
    pub cs: usize,
    pub ce: usize,
    pub surface: String,
    /// The name without its first word, for a sentence-initial sequence (`Baptisé Core X4-Neo`):
    /// (char start, surface, folded, stands on its own).
    pub rest: Option<(usize, String, String, bool)>,
    pub etype: EntityType,
    pub strength: Strength,
    pub confidence: f64,
    pub gaz: Option<usize>,
    pub weak: bool,
    pub acronym: bool,
    /// Document index of the expansion an acronym was written with.
    pub link: Option<usize>,
    /// Matching fold of the name (without a kept article).
    pub folded: String,
    /// Acronym letters, or the initials (strict, loose) of a multi-word name.
    pub initials: (String, String),
    pub words: usize,
}

/// What the document says of a weak candidate (a name opening a sentence).
enum Support {
    /// The name is written elsewhere (or is not weak): it stands.
    Found,
    /// The name without its first word stands.
    Rest,
    /// Nothing: the candidate is dropped.
    None,
}

/// What a candidate resolved to.
#[derive(Debug, Clone)]
struct Resolved {
    etype: EntityType,
    canonical: String,
    key: String,
    wikidata: Option<String>,
    from_gazetteer: bool,
    method: Method,
}

/// Resolves the candidates and appends their mentions to `out`. `handles` are the folded
/// comment authors of the document, never names.
/// Distinct names up to which near-identical spellings are compared pairwise.
const MAX_FUZZY_NAMES: usize = 2_000;

pub fn resolve(
    mut cands: Vec<DocCand>,
    gaz: &Gazetteer,
    handles: &HashSet<String>,
    out: &mut Vec<Mention>,
) {
    // Comment handles are metadata, not names.
    cands.retain(|c| c.gaz.is_some() || !handles.contains(&c.folded));

    // 1. Sentence-initial capitals need the document's support. Worked out over borrowed
    // names first, then applied: the sets hold no copies.
    let support: Vec<Support> = {
        let mut evidence: FxHashSet<&str> = set_for(cands.len());
        evidence.extend(cands.iter().filter(|c| !c.weak).map(|c| c.folded.as_str()));
        let surnames: FxHashSet<&str> = cands
            .iter()
            .filter(|c| !c.weak && c.etype == EntityType::Person && c.words >= 2)
            .filter_map(|c| c.folded.rsplit(' ').next())
            .collect();
        // `Velorant` opening a sentence after `Velorant Systems`.
        let org_prefixes: FxHashSet<&str> = cands
            .iter()
            .filter(|c| !c.weak && c.gaz.is_none() && c.etype == EntityType::Org && c.words >= 2)
            .filter(|c| {
                let mut w = c.folded.split(' ');
                w.next();
                w.all(super::context::org_head)
            })
            .filter_map(|c| c.folded.split(' ').next())
            .collect();
        cands
            .iter()
            .map(|c| {
                if !c.weak {
                    return Support::Found;
                }
                let folded = c.folded.as_str();
                let near = folded.chars().count() >= 12
                    && evidence.len() <= MAX_FUZZY_NAMES
                    && evidence
                        .iter()
                        .any(|e| e.chars().count() >= 12 && within_two_edits(e, folded));
                let part_of_known =
                    c.words == 1 && (surnames.contains(folded) || org_prefixes.contains(folded));
                if near || evidence.contains(folded) || part_of_known {
                    return Support::Found;
                }
                match &c.rest {
                    Some((_, _, rest, strong)) if *strong || evidence.contains(rest.as_str()) => {
                        Support::Rest
                    }
                    _ => Support::None,
                }
            })
            .collect()
    };
    let mut keep = vec![true; cands.len()];
    for (i, (c, support)) in cands.iter_mut().zip(&support).enumerate() {
        match support {
            Support::Found => c.weak = false,
            Support::Rest => {
                if let Some((start, surface, folded, _)) = c.rest.take() {
                    c.cs = start;
                    c.surface = surface;
                    c.folded = folded;
                    c.words -= 1;
                    c.weak = false;
                }
            }
            Support::None => keep[i] = false,
        }
    }
    let mut idx_map = vec![usize::MAX; cands.len()];
    let mut kept = Vec::with_capacity(cands.len());
    for (i, c) in cands.into_iter().enumerate() {
        if keep[i] {
            idx_map[i] = kept.len();
            kept.push(c);
        }
    }
    let mut cands = kept;
    for c in cands.iter_mut() {
        c.link = c
            .link
            .and_then(|l| (idx_map[l] != usize::MAX).then_some(idx_map[l]));
    }
    let n = cands.len();

    // 2. One type per name: the best-founded reading wins.
    let mut best: HashMap<&str, (Strength, usize, EntityType)> = map_for(cands.len());
    {
        let mut votes: HashMap<(&str, EntityType), (Strength, usize)> = map_for(cands.len());
        for c in cands.iter().filter(|c| c.gaz.is_none()) {
            let v = votes
                .entry((c.folded.as_str(), c.etype))
                .or_insert((Strength::Default, 0));
            v.0 = v.0.max(c.strength);
            v.1 += 1;
        }
        for ((f, t), (s, count)) in votes {
            let e = best.entry(f).or_insert((s, count, t));
            if (s, count, type_rank(t)) > (e.0, e.1, type_rank(e.2)) {
                *e = (s, count, t);
            }
        }
    }
    let typed: Vec<(EntityType, Strength)> = cands
        .iter()
        .map(|c| match (c.gaz, best.get(c.folded.as_str())) {
            (None, Some(&(s, _, t))) => (t, s),
            _ => (c.etype, c.strength),
        })
        .collect();
    for (c, (t, s)) in cands.iter_mut().zip(typed) {
        c.etype = t;
        c.strength = s;
    }
    promote_titled_surnames(&mut cands);

    // 3. Representatives: each candidate points at the one whose name it takes.
    let mut rep: Vec<usize> = (0..n).collect();
    let mut method_ctx = vec![false; n];
    // Surnames join the nearest full name before them (or the first one).
    let persons: Vec<usize> = (0..n)
        .filter(|&i| cands[i].etype == EntityType::Person && cands[i].words >= 2)
        .collect();
    // Indexed by surname, so a long text costs a lookup per name rather than a scan.
    let mut by_surname: HashMap<&str, Vec<usize>> = HashMap::default();
    for &p in &persons {
        let mut words = cands[p].folded.rsplit(' ');
        if let Some(last) = words.next() {
            by_surname.entry(last).or_default().push(p);
        }
        // `Javier Ortega Ruiz` … `Ortega`: the first of two surnames.
        if cands[p].words >= 3 {
            if let Some(middle) = words.next() {
                by_surname.entry(middle).or_default().push(p);
            }
        }
    }
    for v in by_surname.values_mut() {
        v.sort_unstable();
        v.dedup();
    }
    for i in 0..n {
        let c = &cands[i];
        if c.gaz.is_some() || c.words != 1 || c.acronym {
            continue;
        }
        if c.etype != EntityType::Person && c.strength >= Strength::Context {
            continue;
        }
        let matches: &[usize] = by_surname
            .get(c.folded.as_str())
            .map_or(&[], |v| v.as_slice());
        // The nearest full name before, else the first one (indices are in text order).
        let before = matches.partition_point(|&p| p < i);
        let pick = before
            .checked_sub(1)
            .map(|k| matches[k])
            .or(matches.first().copied());
        if let Some(p) = pick {
            rep[i] = p;
            method_ctx[i] = true;
        }
    }
    // `Cerebras` after `Cerebras Systems`: an organization named without its generic words.
    let long_orgs: Vec<usize> = (0..n)
        .filter(|&i| {
            let c = &cands[i];
            c.gaz.is_none() && c.etype == EntityType::Org && c.words >= 2 && {
                let mut w = c.folded.split(' ');
                w.next();
                w.all(super::context::org_head)
            }
        })
        .collect();
    let mut long_org_by_first: HashMap<&str, usize> = HashMap::default();
    for &t in &long_orgs {
        if let Some(first) = cands[t].folded.split(' ').next() {
            long_org_by_first.entry(first).or_insert(t);
        }
    }
    for i in 0..n {
        let c = &cands[i];
        if rep[i] != i || c.gaz.is_some() || c.words != 1 || c.acronym || c.etype != EntityType::Org
        {
            continue;
        }
        if let Some(&t) = long_org_by_first.get(c.folded.as_str()) {
            rep[i] = t;
            method_ctx[i] = true;
        }
    }
    // Near-identical long names: `Alcatel-Lucent Enterprise` / `Alcatel-Lucent Entreprise`.
    let mut names: Vec<usize> = Vec::new();
    let mut seen: FxHashSet<&str> = set_for(n);
    for i in 0..n {
        if rep[i] == i && seen.insert(cands[i].folded.as_str()) {
            names.push(i);
        }
    }
    // Pairwise edit distances: bounded, so a text with thousands of distinct names (no
    // article has that many) cannot cost quadratic time.
    let fuzzy = names.len() <= MAX_FUZZY_NAMES;
    for (x, &i) in names.iter().enumerate() {
        let a = &cands[i];
        if !fuzzy || a.gaz.is_some() || a.folded.chars().count() < 12 {
            continue;
        }
        for &j in names[..x].iter().chain(names[x + 1..].iter()) {
            let b = &cands[j];
            if b.folded.chars().count() < 12 || (b.gaz.is_none() && j > i) {
                continue;
            }
            if !compatible(a, b) {
                continue;
            }
            if within_two_edits(&a.folded, &b.folded) {
                rep[i] = j;
                method_ctx[i] = true;
                break;
            }
        }
    }
    // Every candidate with the same name follows the first of them.
    let mut first_of: HashMap<(&str, Option<usize>), usize> = map_for(n);
    for i in 0..n {
        let f = first_of
            .entry((cands[i].folded.as_str(), cands[i].gaz))
            .or_insert(i);
        if rep[i] == i && *f != i {
            rep[i] = *f;
        }
    }
    // Acronyms: the expansion written beside them, else the first name whose initials (strict
    // or loose) they spell.
    let mut by_initials: HashMap<&str, usize> = HashMap::default();
    for (j, d) in cands.iter().enumerate() {
        let spellable = d.words >= 2
            && !d.acronym
            && matches!(
                d.etype,
                EntityType::Org | EntityType::Other | EntityType::Product | EntityType::Place
            );
        if spellable {
            by_initials.entry(d.initials.0.as_str()).or_insert(j);
            by_initials.entry(d.initials.1.as_str()).or_insert(j);
        }
    }
    for i in 0..n {
        let c = &cands[i];
        if !c.acronym || c.gaz.is_some() {
            continue;
        }
        let target = c
            .link
            .or_else(|| by_initials.get(c.initials.0.as_str()).copied());
        if let Some(t) = target {
            rep[i] = t;
            method_ctx[i] = true;
        }
    }
    // Acronyms met again without their expansion follow the first one that had it.
    let mut acr_rep: HashMap<&str, usize> = HashMap::default();
    for i in 0..n {
        if cands[i].acronym && cands[i].gaz.is_none() && rep[i] != i {
            acr_rep.entry(cands[i].folded.as_str()).or_insert(rep[i]);
        }
    }
    for i in 0..n {
        if cands[i].acronym && cands[i].gaz.is_none() && rep[i] == i {
            if let Some(&r) = acr_rep.get(cands[i].folded.as_str()) {
                rep[i] = r;
                method_ctx[i] = true;
            }
        }
    }

    // 4. Canonical names and keys.
    let root = |mut i: usize| {
        for _ in 0..8 {
            if rep[i] == i {
                break;
            }
            i = rep[i];
        }
        i
    };
    // One key per representative, folded once.
    let mut keys: Vec<Option<String>> = vec![None; n];
    out.reserve(n);
    for i in 0..n {
        let r = root(i);
        let rc = &cands[r];
        let c = &cands[i];
        if rc.gaz.is_none() && keys[r].is_none() {
            keys[r] = Some(name_key(rc.etype, &rc.surface));
        }
        let res = match rc.gaz {
            Some(g) => {
                let e = &gaz.entries[g];
                Resolved {
                    etype: e.etype,
                    canonical: e.name.clone(),
                    key: e.key.clone(),
                    wikidata: e.wikidata.clone(),
                    from_gazetteer: true,
                    method: if i == r || c.gaz.is_some() {
                        Method::Gazetteer
                    } else {
                        Method::Context
                    },
                }
            }
            None => Resolved {
                etype: rc.etype,
                canonical: rc.surface.clone(),
                key: keys[r].clone().unwrap_or_default(),
                wikidata: None,
                from_gazetteer: false,
                method: if method_ctx[i] || c.strength >= Strength::Context {
                    Method::Context
                } else {
                    Method::Rule
                },
            },
        };
        out.push(Mention {
            host: c.host,
            char_start: c.cs,
            char_end: c.ce,
            surface: c.surface.clone(),
            entity_type: res.etype,
            canonical: res.canonical,
            key: res.key,
            wikidata_id: res.wikidata,
            from_gazetteer: res.from_gazetteer,
            method: res.method,
            confidence: c.confidence,
            value_num: None,
            value_unit: None,
            value_date: None,
        });
    }
}

/// `Eirik Solheim` … `Mr Solheim`: a full name with no evidence of its own is a person's when
/// its last word is written alone as a person's (after a title, a role, a speech verb).
fn promote_titled_surnames(cands: &mut [DocCand]) {
    let titled: FxHashSet<String> = cands
        .iter()
        .filter(|c| {
            c.etype == EntityType::Person
                && c.words == 1
                && c.gaz.is_none()
                && c.strength >= Strength::Context
        })
        .map(|c| c.folded.clone())
        .collect();
    if titled.is_empty() {
        return;
    }
    for c in cands.iter_mut() {
        if c.gaz.is_some() || c.words < 2 || c.strength != Strength::Default || c.acronym {
            continue;
        }
        if c.folded
            .rsplit(' ')
            .next()
            .is_some_and(|l| titled.contains(l))
        {
            c.etype = EntityType::Person;
            c.strength = Strength::Context;
        }
    }
}

/// Names of these types may be spellings of one another.
fn compatible(a: &DocCand, b: &DocCand) -> bool {
    a.etype == b.etype
        || a.strength <= Strength::Rule
            && b.strength <= Strength::Rule
            && a.etype != EntityType::Person
            && b.etype != EntityType::Person
}

/// Tie-break between equally founded types: organizations are the usual unknown name.
fn type_rank(t: EntityType) -> u8 {
    match t {
        EntityType::Org => 5,
        EntityType::Person => 4,
        EntityType::Place => 3,
        EntityType::Product => 2,
        _ => 1,
    }
}

/// An empty map with room for `n` entries: a document's candidates fill several maps, and a
/// map that grows moves all its entries at each step.
fn map_for<K, V>(n: usize) -> HashMap<K, V> {
    HashMap::with_capacity_and_hasher(n, Default::default())
}

/// [`map_for`]'s set.
fn set_for<T>(n: usize) -> FxHashSet<T> {
    FxHashSet::with_capacity_and_hasher(n, Default::default())
}

/// Whether `a` and `b` are at most two edits apart (Levenshtein, over chars). Folded names
/// are nearly always ASCII, compared as bytes without copying them.
fn within_two_edits(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        within_edits::<2, _>(a.as_bytes(), b.as_bytes())
    } else {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        within_edits::<2, _>(&a, &b)
    }
}

/// Whether `a` and `b` are at most `K` edits apart. Only the cells of the edit table within
/// `K` of its diagonal can hold `K` or less (Ukkonen's band), so each row costs `2K + 1`
/// cells whatever the lengths, and the walk stops at the first row with none within `K`.
fn within_edits<const K: usize, T: PartialEq>(a: &[T], b: &[T]) -> bool {
    let (n, m) = (a.len(), b.len());
    if n.abs_diff(m) > K {
        return false;
    }
    const FAR: usize = usize::MAX / 2;
    // `row[d]` is the distance from `a[..i]` to `b[..j]` with `j = i + d - K`.
    let mut row = [FAR; 16];
    let width = 2 * K + 1;
    assert!(width <= row.len(), "a band of at most 16 cells");
    for (d, cell) in row.iter_mut().enumerate().take(width).skip(K) {
        if d - K <= m {
            *cell = d - K;
        }
    }
    for i in 1..=n {
        let mut next = [FAR; 16];
        for d in 0..width {
            let Some(j) = (i + d).checked_sub(K).filter(|&j| j <= m) else {
                continue;
            };
            let mut v = if j == 0 {
                i
            } else {
                row[d] + usize::from(a[i - 1] != b[j - 1])
            };
            if d + 1 < width {
                v = v.min(row[d + 1] + 1);
            }
            if d > 0 {
                v = v.min(next[d - 1] + 1);
            }
            next[d] = v;
        }
        if next[..width].iter().all(|&v| v > K) {
            return false;
        }
        row = next;
    }
    row[m + K - n] <= K
}

#[cfg(test)]
mod edit_tests {
    use super::{within_edits, within_two_edits};
    use proptest::prelude::*;

    proptest! {
        /// The length check only skips pairs the full distance would refuse too.
        #[test]
        fn agrees_with_the_full_distance(a in "[a-cé ]{0,16}", b in "[a-cé ]{0,16}") {
            prop_assert_eq!(within_two_edits(&a, &b), strsim::levenshtein(&a, &b) <= 2);
        }

        /// The band holds for any bound, not only two.
        #[test]
        fn band_agrees_for_other_bounds(a in "[ab]{0,12}", b in "[ab]{0,12}") {
            let (x, y) = (a.as_bytes(), b.as_bytes());
            let full = strsim::levenshtein(&a, &b);
            prop_assert_eq!(within_edits::<0, _>(x, y), full == 0);
            prop_assert_eq!(within_edits::<1, _>(x, y), full <= 1);
            prop_assert_eq!(within_edits::<3, _>(x, y), full <= 3);
        }
    }
}
