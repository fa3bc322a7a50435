#!/usr/bin/env bash
# Benchmark of `gazette import` and `gazette export` against their baselines (issue 7).
#
#   scripts/bench.sh                          # 1,000 / 10,000 / 100,000 generated articles
#   scripts/bench.sh --articles 10000         # one size (repeatable: --articles 1000 --articles 5000)
#   scripts/bench.sh --corpus DIR             # any folder of articles instead (repeatable)
#
# Options: --seed S (generator seed, default 1), --runs R (timed runs of each import and floor;
# default 3 below 50,000 articles, 1 above), --jobs N (import workers, default all cores),
# --sqlite-utils-at N (the article count at which sqlite-utils runs, default 10000; 0 = never),
# --no-export (skip the export comparison), --keep (keep the built databases).
#
# For each corpus, side by side:
#   import    `gazette import DIR --no-csv --quiet` into a new file: wall time (the final sync
#             and rename included), CPU time (user + sys), peak RSS (GNU time), MB/s of input,
#             articles/s, rows/s, database size / input size; where the time went
#             (examples/import_phases.rs: writer waiting on the workers vs inserting, then
#             indexes + FTS, entities, commit, publish);
#   floor     examples/floor.rs: the rows the import produced, loaded into memory untimed, then
#             inserted into a new file with the same PRAGMAs and tables, cached prepared
#             statements and one transaction, then the same indexes and FTS5 tables, sync and
#             rename; no parsing;
#   export    `gazette export` (spreadsheet and data flavours) vs `sqlite3 -csv` writing the
#             same tables and views, same columns, same order;
#   sqlite-utils  (at --sqlite-utils-at articles) `sqlite-utils insert` of the same rows, dumped
#             to newline-delimited JSON first (untimed), into the same tables, then the same
#             indexes and FTS built with the sqlite3 shell.
# and at the end the time per article at the largest size over the time per article at 10,000
# (linearity), the import's and the floor's (how much of the growth is SQLite's own).
# Generated corpora are cached under bench-out/ (gitignored); results are printed and appended
# to bench-out/results.tsv.
#
# Needs: cargo, python3, GNU time (/usr/bin/time), sqlite3 (installed with apt-get when missing),
# network for pip the first time sqlite-utils runs. CARGO_TARGET_DIR is honoured.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT="$ROOT/bench-out"
mkdir -p "$OUT"

sizes=()
corpora=()
seed=1
runs=""
jobs=""
su_at=10000
do_export=1
keep=0
while [ $# -gt 0 ]; do
    case "$1" in
        --articles) IFS=',' read -r -a more <<<"$2"; sizes+=("${more[@]}"); shift 2 ;;
        --corpus) corpora+=("$(cd "$2" && pwd)"); shift 2 ;;
        --seed) seed=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        --jobs) jobs=$2; shift 2 ;;
        --sqlite-utils-at) su_at=$2; shift 2 ;;
        --no-export) do_export=0; shift ;;
        --keep) keep=1; shift ;;
        -h|--help) sed -n '2,32p' "$0"; exit 0 ;;
        *) echo "bench.sh: unknown argument $1" >&2; exit 1 ;;
    esac
done
if [ ${#sizes[@]} -eq 0 ] && [ ${#corpora[@]} -eq 0 ]; then
    sizes=(1000 10000 100000)
fi

# ---- tools ---------------------------------------------------------------------------------
if [ ! -x /usr/bin/time ]; then
    echo "bench.sh: installing GNU time" >&2
    apt-get install -y time >/dev/null
fi
if ! command -v sqlite3 >/dev/null; then
    echo "bench.sh: installing sqlite3" >&2
    apt-get update >/dev/null && apt-get install -y sqlite3 >/dev/null
fi
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
echo "building (release) ..." >&2
cargo build --release --quiet --bin gazette --example gen_corpus --example floor --example import_phases
GAZETTE=$TARGET/release/gazette
GEN=$TARGET/release/examples/gen_corpus
FLOOR=$TARGET/release/examples/floor
PHASES=$TARGET/release/examples/import_phases

sqlite_utils() {
    local venv="$OUT/venv"
    if [ ! -x "$venv/bin/sqlite-utils" ]; then
        echo "bench.sh: installing sqlite-utils into $venv" >&2
        python3 -m venv "$venv"
        "$venv/bin/pip" install --quiet sqlite-utils
    fi
    echo "$venv/bin/sqlite-utils"
}

# ---- helpers -------------------------------------------------------------------------------
load() { cut -d' ' -f1 /proc/loadavg; }

# Runs a command under GNU time; prints "wall cpu rss_kib" (seconds, seconds, KiB).
timed() {
    local tf
    tf=$(mktemp)
    /usr/bin/time -f '%e %U %S %M' -o "$tf" "$@" >/dev/null
    awk '{printf "%.3f %.3f %d\n", $1, $2 + $3, $4}' "$tf"
    rm -f "$tf"
}

# Best (lowest wall) of the given "wall cpu rss" lines, with the median CPU and the max RSS.
best_of() {
    local lines wall cpu rss
    lines=$(cat)
    wall=$(awk '{print $1}' <<<"$lines" | sort -n | head -1)
    cpu=$(awk '{print $2}' <<<"$lines" | sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}')
    rss=$(awk '{print $3}' <<<"$lines" | sort -n | tail -1)
    echo "$wall $cpu $rss"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

row_count() {
    "$FLOOR" --count "$1"
}

# ---- corpora ---------------------------------------------------------------------------------
for n in "${sizes[@]}"; do
    dir="$OUT/corpus-$n-s$seed"
    if [ ! -f "$dir/.complete" ]; then
        echo "generating $n articles (seed $seed) into $dir ..." >&2
        rm -rf "$dir"
        "$GEN" --articles "$n" --seed "$seed" --out "$dir" >&2
        touch "$dir/.complete"
    fi
    corpora+=("$dir")
done

RESULTS="$OUT/results.tsv"
[ -f "$RESULTS" ] || printf 'date\tcorpus\tfiles\tinput_bytes\trows\timport_wall\timport_cpu\timport_rss_kib\tfloor_wall\tfloor_cpu\tdb_bytes\texport_wall\tsqlite3_csv_wall\texport_data_wall\tsqlite3_csv_data_wall\tsqlite_utils_wall\tload\n' >"$RESULTS"

declare -A per_article_wall per_article_cpu per_article_floor
summary=()

for corpus in "${corpora[@]}"; do
    name=$(basename "$corpus")
    work="$OUT/run-$name"
    rm -rf "$work"
    mkdir -p "$work"
    files=$(find "$corpus" -type f ! -name '.*' | wc -l)
    input=$(find "$corpus" -type f ! -name '.*' -printf '%s\n' | awk '{s += $1} END {print s + 0}')
    r=$runs
    if [ -z "$r" ]; then
        if [ "$files" -ge 50000 ]; then r=1; else r=3; fi
    fi
    jobs_arg=()
    [ -n "$jobs" ] && jobs_arg=(--jobs "$jobs")
    echo "== $name: $files files, $(ratio "$input" 1000000) MB, $r run(s), load $(load)" >&2
    # Warm the page cache: every run then reads the input from memory.
    find "$corpus" -type f ! -name '.*' -exec cat {} + >/dev/null

    # -- import
    load_before=$(load)
    imports=""
    for _ in $(seq "$r"); do
        rm -f "$work/gazette.db"
        imports+="$(timed "$GAZETTE" import "$corpus" --db "$work/gazette.db" --no-csv --quiet "${jobs_arg[@]}")"$'\n'
    done
    read -r iw ic irss <<<"$(printf '%s' "$imports" | best_of)"
    db_bytes=$(stat -c %s "$work/gazette.db")
    rows=$(row_count "$work/gazette.db")
    phases=$("$PHASES" --db "$work/phases.db" "${jobs_arg[@]}" "$corpus" | tr '\n' ' ')
    rm -f "$work/phases.db"

    # -- floor
    floors=""
    for _ in $(seq "$r"); do
        out=$("$FLOOR" --from "$work/gazette.db" --db "$work/floor.db")
        fw=$(sed -n 's/^wall_s=//p' <<<"$out")
        fc=$(sed -n 's/^cpu_s=//p' <<<"$out")
        floors+="$fw $fc 0"$'\n'
        floor_detail=$(grep -E '^(insert_s|after_load_s|publish_s)=' <<<"$out" | tr '\n' ' ')
    done
    read -r fw fc _ <<<"$(printf '%s' "$floors" | best_of)"
    rm -f "$work/floor.db"

    # -- export vs sqlite3 -csv
    ew="-"; sw="-"; edw="-"; sdw="-"
    if [ "$do_export" = 1 ]; then
        read -r ew _ _ <<<"$(timed "$GAZETTE" export --quiet --db "$work/gazette.db" --csv "$work/csv")"
        read -r edw _ _ <<<"$(timed "$GAZETTE" export --quiet --flavour data --db "$work/gazette.db" --csv "$work/csv-data")"
        for flavour in csv csv-data; do
            python3 - "$work/$flavour/datapackage.json" "$work/sqlite3-$flavour" >"$work/sqlite3-$flavour.sql" <<'EOF'
import json, os, sys
pkg = json.load(open(sys.argv[1]))
out = sys.argv[2]
os.makedirs(out, exist_ok=True)
done = set()
print(".headers on")
print(".mode csv")
for r in pkg["resources"]:
    table = r["path"].split(".")[0]
    if table in done:
        continue
    done.add(table)
    s = r["schema"]
    cols = ", ".join('"%s"' % f["name"] for f in s["fields"])
    pk = s.get("primaryKey") or []
    if isinstance(pk, str):
        pk = [pk]
    order = (" ORDER BY " + ", ".join('"%s"' % k for k in pk)) if pk else ""
    print(".once %s/%s.csv" % (out, table))
    print('SELECT %s FROM "%s"%s;' % (cols, table, order))
EOF
        done
        read -r sw _ _ <<<"$(timed sqlite3 "$work/gazette.db" ".read $work/sqlite3-csv.sql")"
        read -r sdw _ _ <<<"$(timed sqlite3 "$work/gazette.db" ".read $work/sqlite3-csv-data.sql")"
        rm -rf "$work/csv" "$work/csv-data" "$work/sqlite3-csv" "$work/sqlite3-csv-data"
    fi

    # -- sqlite-utils
    suw="-"
    if [ "$su_at" != 0 ] && [ "$files" = "$su_at" ]; then
        SU=$(sqlite_utils)
        rm -rf "$work/rows" && mkdir -p "$work/rows"
        python3 - "$work/gazette.db" "$work/rows" <<'EOF'
import json, sqlite3, sys
src = sqlite3.connect(sys.argv[1])
tables = [r[0] for r in src.execute(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
    "AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' AND name NOT LIKE '%_fts_%' ORDER BY rowid")]
for t in tables:
    cur = src.execute('SELECT * FROM "%s" ORDER BY rowid' % t)
    cols = [d[0] for d in cur.description]
    with open("%s/%s.ndjson" % (sys.argv[2], t), "w") as f:
        for row in cur:
            f.write(json.dumps({c: (v.hex() if isinstance(v, bytes) else v)
                                for c, v in zip(cols, row)}, ensure_ascii=False))
            f.write("\n")
EOF
        sed '/^-- @after-load$/q' migrations/0001_initial.sql >"$work/tables.sql"
        sed -n '/^-- @after-load$/,$p' migrations/0001_initial.sql >"$work/after-load.sql"
        rm -f "$work/su.db"
        sqlite3 "$work/su.db" <"$work/tables.sql"
        cat >"$work/su.sh" <<EOF
set -e
for f in "$work"/rows/*.ndjson; do
    t=\$(basename "\$f" .ndjson)
    if [ -s "\$f" ]; then "$SU" insert "$work/su.db" "\$t" "\$f" --nl; fi
done
sqlite3 "$work/su.db" <"$work/after-load.sql"
EOF
        read -r suw _ _ <<<"$(timed bash "$work/su.sh")"
        rm -rf "$work/rows" "$work/su.db"
    fi
    load_after=$(load)

    arts=$(awk -v n="$files" 'BEGIN {print n}')
    per_article_wall[$name]=$(awk -v w="$iw" -v n="$arts" 'BEGIN {printf "%.6f", w / n}')
    per_article_cpu[$name]=$(awk -v w="$ic" -v n="$arts" 'BEGIN {printf "%.6f", w / n}')
    per_article_floor[$name]=$(awk -v w="$fw" -v n="$arts" 'BEGIN {printf "%.6f", w / n}')
    {
        echo
        echo "## $name  ($files files, $(ratio "$input" 1000000) MB input, $rows rows; load $load_before → $load_after)"
        printf '  import  wall %8.2f s   cpu %8.2f s   peak RSS %6d MiB   %6.1f MB/s   %7.0f articles/s   %8.0f rows/s\n' \
            "$iw" "$ic" $((irss / 1024)) "$(ratio "$input" "$(awk -v w="$iw" 'BEGIN{print w*1000000}')")" \
            "$(ratio "$files" "$iw")" "$(ratio "$rows" "$iw")"
        printf '  floor   wall %8.2f s   cpu %8.2f s   (%s)\n' "$fw" "$fc" "$floor_detail"
        printf '  phases  %s\n' "$phases"
        printf '  import / floor: wall %s×, cpu %s×\n' "$(ratio "$iw" "$fw")" "$(ratio "$ic" "$fc")"
        printf '  database %d MB = %s× input\n' $((db_bytes / 1000000)) "$(ratio "$db_bytes" "$input")"
        if [ "$do_export" = 1 ]; then
            printf '  export  spreadsheet %s s vs sqlite3 -csv %s s (%s×);  data %s s vs sqlite3 -csv %s s (%s×)\n' \
                "$ew" "$sw" "$(ratio "$ew" "$sw")" "$edw" "$sdw" "$(ratio "$edw" "$sdw")"
        fi
        if [ "$suw" != "-" ]; then
            printf '  sqlite-utils insert + same indexes/FTS %s s = %s× the import, %s× the floor\n' \
                "$suw" "$(ratio "$suw" "$iw")" "$(ratio "$suw" "$fw")"
        fi
    } | tee -a "$OUT/last-run.txt"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
        "$(date -u +%FT%TZ)" "$name" "$files" "$input" "$rows" "$iw" "$ic" "$irss" "$fw" "$fc" \
        "$db_bytes" "$ew" "$sw" "$edw" "$sdw" "$suw" "$load_before-$load_after" >>"$RESULTS"
    summary+=("$name")
    [ "$keep" = 1 ] || rm -rf "$work"
done

# ---- linearity ---------------------------------------------------------------------------------
ref="corpus-10000-s$seed"
if [ -n "${per_article_wall[$ref]:-}" ]; then
    for name in "${summary[@]}"; do
        [ "$name" = "$ref" ] && continue
        case "$name" in corpus-*-s"$seed") ;; *) continue ;; esac
        n=${name#corpus-}; n=${n%-s"$seed"}
        [ "$n" -gt 10000 ] || continue
        printf '\nlinearity: time per article at %s vs 10000: wall %s×, cpu %s× (the floor: wall %s×)\n' "$n" \
            "$(ratio "${per_article_wall[$name]}" "${per_article_wall[$ref]}")" \
            "$(ratio "${per_article_cpu[$name]}" "${per_article_cpu[$ref]}")" \
            "$(ratio "${per_article_floor[$name]}" "${per_article_floor[$ref]}")" | tee -a "$OUT/last-run.txt"
    done
fi
