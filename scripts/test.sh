#!/usr/bin/env bash
# Install everything the tests need, then run them (CI and the README use this).
set -euo pipefail
cd "$(dirname "$0")/.."

# Install a Debian package, as root or through sudo.
install_package() {
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >/dev/null
  elif command -v sudo >/dev/null 2>&1; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >/dev/null
  else
    echo "$2: install the Debian package $1." >&2
    exit 1
  fi
}

# git carries workspaces between sites (jury-tui sync); the sync tests run it.
command -v git >/dev/null 2>&1 || install_package git "The sync tests need git"
# LibreOffice is the independent reader of exported workbooks in the export tests.
command -v soffice >/dev/null 2>&1 || install_package libreoffice-calc-nogui "The export tests need LibreOffice"

python3 -m venv .venv
.venv/bin/pip install -q -e '.[test]'
exec .venv/bin/python -m pytest "$@"
