#!/usr/bin/env bash
# The whole test suite, from a fresh machine: installs the outside tools some tests need
# (LibreOffice, frictionless), then runs every test, the ignored ones included.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-test-tools.sh
cargo test --all-targets
cargo test --all-targets -- --ignored
