#!/usr/bin/env bash
# Installs the outside tools that the #[ignore]d tests use; does nothing for a tool already there.
set -euo pipefail
if ! command -v sqlite3 >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq sqlite3 >/dev/null; fi
fi
