#!/usr/bin/env bash
# Installs what the project needs beyond Swift itself. Safe to run any number of times.
#   libpcre2-dev   the regex engine of the rules (CPCRE2, found through pkg-config)
#   libsqlite3-dev the run journal (GRDB links the system SQLite)
#   chromium, chromium-driver   the page test of `enrich serve` (tests/serve, headless, through selenium)
#   PyPI: pytest, schemathesis, selenium   the HTTP tests of `enrich serve` (tests/serve)
set -euo pipefail

missing=()
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
if ! { command -v pkg-config >/dev/null 2>&1 && pkg-config --exists libpcre2-8 2>/dev/null; } && [ ! -f /usr/include/pcre2.h ]; then
  missing+=(libpcre2-dev)
fi
[ -f /usr/include/sqlite3.h ] || missing+=(libsqlite3-dev)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]} (apt-get)" >&2
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
      echo "setup: ${missing[*]} missing and this user is not root and has no sudo;" >&2
      echo "setup: install by hand: apt-get install ${missing[*]}" >&2
      exit 1
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Python packages of tests/serve: installed when one is missing (for this user when not root).
if ! python3 -c "import pytest, schemathesis, selenium" >/dev/null 2>&1; then
  echo "setup: installing pytest, schemathesis, selenium (pip)" >&2
  PIP_USER=""
  [ "$(id -u)" -ne 0 ] && PIP_USER="--user"
  python3 -m pip install --quiet --disable-pip-version-check $PIP_USER "pytest>=8" "schemathesis>=4,<5" "selenium>=4.20" >&2
fi
