#!/usr/bin/env bash
# Accuracy of the default rule pack's utcOffset tables against libphonenumber: builds enrich
# (release, --scratch-path .build-acc), prepares a venv with `phonenumbers` under .build-acc/venv,
# runs scripts/accuracy.py against whatever rules/ holds, and rewrites docs/accuracy.md.
#
#   bash scripts/accuracy.sh [accuracy.py options]     # e.g. --fail-on-miss, --seed N, --help
#
# Environment: ACCURACY_DATA (default: ../shared/data beside the work tree: DEF-9xx.csv and
# libphonenumber's geocoding and time-zone files, read in place, never copied into the repository),
# PHONENUMBERS_VERSION (default pinned below), PYTHON (default python3). Safe to run again: the
# build is incremental and the venv is reused when it already has the pinned version.
set -euo pipefail
cd "$(dirname "$0")/.."

PHONENUMBERS_VERSION="${PHONENUMBERS_VERSION:-9.0.43}"
PYTHON="${PYTHON:-python3}"
SCRATCH=.build-acc
VENV="$SCRATCH/venv"

bash scripts/setup.sh
echo "accuracy: building enrich (release, --scratch-path $SCRATCH)" >&2
swift build -c release --scratch-path "$SCRATCH" --product enrich >&2
ENRICH="$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)/enrich"

if ! "$VENV/bin/python" -c "import phonenumbers, sys; sys.exit(phonenumbers.__version__ != '$PHONENUMBERS_VERSION')" 2>/dev/null; then
  echo "accuracy: preparing $VENV with phonenumbers==$PHONENUMBERS_VERSION" >&2
  if ! "$PYTHON" -m venv "$VENV" 2>/dev/null; then
    # Debian's system python3 needs python3-venv for ensurepip.
    rm -rf "$VENV"
    export DEBIAN_FRONTEND=noninteractive
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq && $SUDO apt-get install -y -qq python3-venv >/dev/null
    "$PYTHON" -m venv "$VENV"
  fi
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "phonenumbers==$PHONENUMBERS_VERSION"
fi

exec "$VENV/bin/python" scripts/accuracy.py --enrich "$ENRICH" "$@"
