#!/usr/bin/env bash
# Installs what the project needs beyond Swift itself. Safe to run any number of times.
set -euo pipefail

need_pcre2() {
  # pkg-config is how the CPCRE2 system library target finds the headers and the library.
  if command -v pkg-config >/dev/null 2>&1 && pkg-config --exists libpcre2-8 2>/dev/null; then
    return 1
  fi
  [ -f /usr/include/pcre2.h ] && command -v pkg-config >/dev/null 2>&1 && return 1
  return 0
}

if need_pcre2; then
  echo "setup: installing libpcre2-dev and pkg-config (apt-get)" >&2
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
      echo "setup: libpcre2-dev is missing and this user is not root and has no sudo;" >&2
      echo "setup: install it by hand: apt-get install libpcre2-dev pkg-config" >&2
      exit 1
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends libpcre2-dev pkg-config >/dev/null
fi
