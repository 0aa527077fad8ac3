#!/usr/bin/env bash
# Installs what the project needs beyond Swift itself. Safe to run any number of times.
#   libpcre2-dev   the regex engine of the rules (CPCRE2, found through pkg-config)
#   libsqlite3-dev the run journal (GRDB links the system SQLite)
#   chromium, chromium-driver   the page test of `enrich serve` (tests/serve, headless, through selenium)
#   PyPI: pytest, schemathesis, selenium   the HTTP tests of `enrich serve` (tests/serve)
#   python3, python3-venv  the editor tests (editors/tests): a virtual environment in .build-python/ with the
#                  PyPI packages below (a real LSP client and a real TextMate engine), pinned
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
if ! { command -v pkg-config >/dev/null 2>&1 && pkg-config --exists libpcre2-8 2>/dev/null; } && [ ! -f /usr/include/pcre2.h ]; then
  missing+=(libpcre2-dev)
fi
[ -f /usr/include/sqlite3.h ] || missing+=(libsqlite3-dev)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then missing+=(python3-venv); fi

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

# The editor tests' Python packages, in a virtual environment of the checkout (no root, no system packages
# touched); installed again only when one is missing or at another version.
PYTHON_ENV=.build-python
PYTHON_PACKAGES=(pytest==9.0.3 pytest-asyncio==1.5.0 pytest-lsp==1.0.1 pygls==2.1.1 lsprotocol==2025.0.0 textmate-grammar-python==0.6.1)
[ -x "$PYTHON_ENV/bin/python" ] || python3 -m venv "$PYTHON_ENV"
if ! "$PYTHON_ENV/bin/python" - "${PYTHON_PACKAGES[@]}" <<'PY' >/dev/null 2>&1
import sys
from importlib.metadata import version
for requirement in sys.argv[1:]:
    name, wanted = requirement.split("==")
    assert version(name) == wanted, requirement
PY
then
  echo "setup: installing ${PYTHON_PACKAGES[*]} (pip, into $PYTHON_ENV)" >&2
  "$PYTHON_ENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-input "${PYTHON_PACKAGES[@]}"
fi
