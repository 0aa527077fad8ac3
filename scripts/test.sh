#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds, checks and tests the default rule pack
# with the enrich CLI, then runs every Swift test. Safe to run twice.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build --build-tests
BIN="$(swift build --show-bin-path)/enrich"
"$BIN" check rules --warnings-as-errors
"$BIN" fmt rules --check
"$BIN" test rules --min-coverage 95
swift test --skip-build
