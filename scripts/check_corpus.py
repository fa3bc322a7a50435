#!/usr/bin/env python3
"""check_corpus.py - compare the shape statistics of two synthetic corpora side by side.

Usage
    python3 scripts/check_corpus.py OURS_DIR OTHER_DIR [--labels ours,other]

Typically OURS_DIR is made by `cargo run --release --example gen_corpus` and OTHER_DIR by
another generator (e.g. a gen_corpus.py run with the same seed folder). Only the files are
read (no manifest needed): each file is classified by its layout, so the numbers reflect what
an importer will see. Prints one row per statistic: style shares, bytes per file, comment
sections, comments per file, replies share, quotes, vocabulary size, malformed files.
"""
import argparse
import os
import re
import statistics
import sys

NBSP = "\u00a0"
AVATAR = re.compile(r"^avatar (.+?)" + NBSP + r"\|" + NBSP + r"?[ \t]*$", re.M)
PARLE = re.compile(r"^Par (.+?), le \d{1,2} \w+ \d{4} à \d\dh\d\d$", re.M)
SAYS = re.compile(r"^(.+) says:\n[A-Z][a-z]+ \d{1,2}, \d{4} at \d{1,2}:\d\d [ap]m$", re.M)
EN_BY = re.compile(r"^By .+\n(Published |Updated )?[A-Z][a-z]+ \d{1,2}, \d{4}$", re.M)
DE_VON = re.compile(r"^von .+\n\d\d\.\d\d\.\d{4}", re.M)
WORD = re.compile(r"[^\W\d_]+")
STYLES = "ABCDEFGH"
STYLE_NAMES = {
    "A": "A footer 'Lire plus'",
    "B": "B avatar comments",
    "C": "C 'édité par'",
    "D": "D 'Suivez' footer",
    "E": "E title+lede",
    "F": "F English",
    "G": "G German",
    "H": "H 'Par X, le' comments",
}


def classify(text):
    """(style, header regex match list) for a decoded, non-blank file."""
    if text.startswith("avatar "):
        return "comments_only", list(AVATAR.finditer(text))
    heads = list(AVATAR.finditer(text))
    if heads:
        return "B", heads
    heads = list(PARLE.finditer(text))
    if heads:
        return "H", heads
    if EN_BY.search(text):
        return "F", list(SAYS.finditer(text))
    if DE_VON.search(text):
        return "G", []
    if ", édité par " in text:
        return "C", []
    if "Lire plus d’articles sur" in text:
        return "A", []
    if re.search(r"^Suivez .+ sur ", text, re.M):
        return "D", []
    return "E", []


def comment_stats(text, heads):
    """(n_comments, n_replies, n_quoting_replies)."""
    n = len(heads)
    replies = quotes = 0
    for k, m in enumerate(heads):
        end = heads[k + 1].start() if k + 1 < n else len(text)
        block = text[m.end():end].strip("\n")
        lines = [ln for ln in block.split("\n") if ln.strip()]
        if lines and lines[0].startswith("@"):
            replies += 1
            if len(lines) > 1 and lines[1].lstrip().startswith(("“", "«")):
                quotes += 1
    return n, replies, quotes


def scan(folder):
    st = {
        "files": 0, "bytes": [], "art_bytes": [], "styles": {}, "bad": {}, "ncom": [],
        "sections": 0, "comments": 0, "replies": 0, "quotes": 0, "no_final_nl": 0,
        "blocks": [], "vocab": set(), "lines": [],
    }
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".txt"):
            continue
        with open(os.path.join(folder, name), "rb") as f:
            data = f.read()
        st["files"] += 1
        st["bytes"].append(len(data))
        if data.startswith(b"\xef\xbb\xbf") or b"\r\n" in data[:100000]:
            st["bad"]["bom/crlf"] = st["bad"].get("bom/crlf", 0) + 1
            continue
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            st["bad"]["not utf-8"] = st["bad"].get("not utf-8", 0) + 1
            continue
        if not text.strip():
            st["bad"]["empty/blank"] = st["bad"].get("empty/blank", 0) + 1
            continue
        if "\n" not in text and len(data) > 1_000_000:
            st["bad"]["huge line"] = st["bad"].get("huge line", 0) + 1
            continue
        style, heads = classify(text)
        if style == "comments_only":
            st["bad"]["comments only"] = st["bad"].get("comments only", 0) + 1
            continue
        st["styles"][style] = st["styles"].get(style, 0) + 1
        st["art_bytes"].append(len(data))
        st["lines"].append(text.count("\n") + 1)
        if not text.endswith("\n"):
            st["no_final_nl"] += 1
        body = text[: heads[0].start()] if heads else text
        st["blocks"].append(len([b for b in re.split(r"\n\s*\n|\n", body) if b.strip()]))
        st["vocab"].update(w.lower() for w in WORD.findall(text))
        n, r, q = comment_stats(text, heads)
        if heads or style in ("B", "H"):
            st["sections"] += 1
            st["ncom"].append(n)
        st["comments"] += n
        st["replies"] += r
        st["quotes"] += q
    return st


def rows(st):
    arts = len(st["art_bytes"]) or 1
    out = [
        ("files", st["files"]),
        ("well-formed articles", len(st["art_bytes"])),
        ("total MB", round(sum(st["bytes"]) / 1e6, 2)),
        ("mean KB / article", round(sum(st["art_bytes"]) / arts / 1e3, 2)),
        ("median KB / article", round(statistics.median(st["art_bytes"] or [0]) / 1e3, 2)),
        ("p95 KB / article", round(sorted(st["art_bytes"] or [0])[int(0.95 * (arts - 1))] / 1e3, 2)),
    ]
    for s in STYLES:
        out.append((f"style {STYLE_NAMES[s]} %", round(100 * st["styles"].get(s, 0) / arts, 1)))
    nc = st["ncom"] or [0]
    out += [
        ("with comment section %", round(100 * st["sections"] / arts, 1)),
        ("comments / article", round(st["comments"] / arts, 2)),
        ("comments / section (mean)", round(sum(nc) / len(nc), 2)),
        ("comments / section (median)", statistics.median(nc)),
        ("comments / section (max)", max(nc)),
        ("replies % of comments", round(100 * st["replies"] / max(1, st["comments"]), 1)),
        ("quoting % of replies", round(100 * st["quotes"] / max(1, st["replies"]), 1)),
        ("body lines/paragraphs (mean)", round(sum(st["blocks"]) / arts, 2)),
        ("lines / article (mean)", round(sum(st["lines"]) / arts, 1)),
        ("no final newline %", round(100 * st["no_final_nl"] / arts, 1)),
        ("distinct words", len(st["vocab"])),
    ]
    for k in sorted(set(st["bad"])):
        out.append((f"malformed: {k}", st["bad"][k]))
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("ours")
    ap.add_argument("other")
    ap.add_argument("--labels", default="ours,other")
    o = ap.parse_args(argv)
    la, lb = (o.labels.split(",") + ["other"])[:2]
    a, b = rows(scan(o.ours)), rows(scan(o.other))
    da, db = dict(a), dict(b)
    keys = [k for k, _ in a] + [k for k, _ in b if k not in da]
    w = max(len(k) for k in keys)
    print(f"{'statistic':<{w}}  {la:>12}  {lb:>12}")
    for k in keys:
        print(f"{k:<{w}}  {str(da.get(k, '-')):>12}  {str(db.get(k, '-')):>12}")


if __name__ == "__main__":
    sys.exit(main())
