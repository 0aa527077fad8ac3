#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds, runs every test. Safe to run twice.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build --build-tests
swift test --skip-build
