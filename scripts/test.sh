#!/usr/bin/env bash
# Install everything the tests need, then run them (CI and the README use this).
set -euo pipefail
cd "$(dirname "$0")/.."

# LibreOffice is the independent reader of exported workbooks in the export tests.
if ! command -v soffice >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-calc-nogui >/dev/null
  elif command -v sudo >/dev/null 2>&1; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-calc-nogui >/dev/null
  else
    echo "The export tests need LibreOffice: install the Debian package libreoffice-calc-nogui." >&2
    exit 1
  fi
fi

python3 -m venv .venv
.venv/bin/pip install -q -e '.[test]'
exec .venv/bin/python -m pytest "$@"
