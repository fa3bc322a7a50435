#!/usr/bin/env bash
# A short run of the fuzz target (any bytes → decode → normalize → parse → extract, then the
# invariants `gazette check` relies on), 45 s by default: `scripts/fuzz-smoke.sh [SECONDS]`.
#
# It runs on the stable toolchain: cargo-fuzz needs nightly-only compiler flags, which
# RUSTC_BOOTSTRAP=1 unlocks. Longer runs: the same with more seconds, e.g. 1800.
#
# FUZZ_TARGET_DIR, when set, is the build folder (default fuzz/target).
#
# Not part of CI: installing cargo-fuzz and building the instrumented target (SQLite included)
# takes 15–25 minutes on two cores. CI relies on tests/properties.rs, which runs the same
# invariants on generated inputs; crashes found here become regression tests there.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-45}"
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked
export RUSTC_BOOTSTRAP=1
# ASan stops at start-up on an ODR report inside the bundled SQLite's C code (not code under
# test: the target never opens a database), so that one check is off.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_odr_violation=0}"
corpus="fuzz/corpus/pipeline"
mkdir -p "$corpus" fuzz/artifacts/pipeline
cp -n seeds/*.txt "$corpus"/ 2>/dev/null || true
cargo fuzz run -a ${FUZZ_TARGET_DIR:+--target-dir "$FUZZ_TARGET_DIR"} pipeline "$corpus" -- \
  -dict=fuzz/pipeline.dict -max_len=16384 -timeout=10 -rss_limit_mb=2048 \
  -max_total_time="$seconds" -print_final_stats=1
