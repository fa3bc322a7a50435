#!/usr/bin/env bash
# Installs the outside tools that the #[ignore]d tests use; does nothing for a tool already there.
# Meant for a Debian machine, as root (CI, a fresh clone); quiet unless something fails.
set -euo pipefail

apt_updated=
apt_install() {
  if [ "$(id -u)" != 0 ]; then
    echo "install-test-tools: not root, cannot install $*" >&2
    return 0
  fi
  if [ -z "$apt_updated" ]; then
    apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

if ! command -v sqlite3 >/dev/null 2>&1; then
  apt_install sqlite3
fi

# tests/export_validation.rs: LibreOffice Calc (headless, no GUI) opens the spreadsheet CSVs and
# saves them as xlsx, `unzip` reads the xlsx back, and frictionless validates datapackage.json.
missing=()
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-calc-nogui)
command -v unzip >/dev/null 2>&1 || missing+=(unzip)
FRICTIONLESS_VERSION=5.21.0
if [ "$(id -u)" = 0 ]; then
  TOOLS_VENV=/opt/gazette-test-tools
else
  TOOLS_VENV="${XDG_DATA_HOME:-$HOME/.local/share}/gazette-test-tools"
fi
if ! "$TOOLS_VENV/bin/frictionless" --version 2>/dev/null | grep -qx "$FRICTIONLESS_VERSION"; then
  # A virtual environment keeps frictionless and its dependencies apart from the system's
  # Python packages (and from PEP 668's "externally managed" refusal on Debian).
  python3 -c 'import venv, ensurepip' 2>/dev/null || missing+=(python3 python3-venv)
fi
if [ ${#missing[@]} -gt 0 ]; then
  apt_install "${missing[@]}"
fi
if ! "$TOOLS_VENV/bin/frictionless" --version 2>/dev/null | grep -qx "$FRICTIONLESS_VERSION"; then
  python3 -m venv "$TOOLS_VENV"
  "$TOOLS_VENV/bin/pip" install -q --disable-pip-version-check "frictionless==$FRICTIONLESS_VERSION"
fi
if [ -w /usr/local/bin ] && ! command -v frictionless >/dev/null 2>&1; then
  ln -sf "$TOOLS_VENV/bin/frictionless" /usr/local/bin/frictionless
fi
