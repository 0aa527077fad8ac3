#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds, checks and tests the default rule pack
# with the enrich CLI, then runs every Swift test. Safe to run twice.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# Each test step has a time limit far above what it takes (a whole run is ~40 minutes on 2 cores): a step that hangs
# fails, naming itself, instead of holding CI until its own limit.
bounded() {
  local seconds="$1"; shift
  local status=0
  timeout --kill-after=30 "$seconds" "$@" || status=$?
  if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
    echo "test.sh: '$*' did not finish within $seconds s" >&2
  fi
  return "$status"
}
swift build --build-tests
# The DocC catalogs of LeadEngine and RulesLanguage, warnings as errors (scripts/docs.sh; ~20 s here).
swift package generate-documentation --target LeadEngine --target RulesLanguage --warnings-as-errors
BIN="$(swift build --show-bin-path)/enrich"
"$BIN" check rules --warnings-as-errors
"$BIN" fmt rules --check
"$BIN" test rules --min-coverage 95 --min-row-coverage 95
# The worked example of docs/language.md: a second pack (decision tables, arithmetic, let, text functions).
"$BIN" check examples/real-estate --warnings-as-errors
"$BIN" fmt examples/real-estate --check
"$BIN" test examples/real-estate --min-coverage 95 --min-row-coverage 95
# The editor support: the TextMate grammar on a real TextMate engine, and `enrich lsp` driven by a real LSP client
# (editors/tests; the Python packages are in .build-python, installed by scripts/setup.sh).
ENRICH_BIN="$BIN" bounded 900 .build-python/bin/python -m pytest -q -p no:cacheprovider editors/tests
# Two passes over every test: the suites that talk to an in-process emulator over loopback (the client, the
# emulator, the runs, and `enrich serve` watching Liner) run on their own, because the CPU-heavy pack and table
# tests would otherwise hold the test process's cooperative threads (two on a 2-core machine) for seconds and
# the emulator would miss the clients' timeouts.
NETWORK='LinerClientTests|LinerSimTests|LinerRunTests|EnrichServerTests.WatchTests'
bounded 2400 swift test --skip-build --skip "$NETWORK"
bounded 1200 swift test --skip-build --filter "$NETWORK"
# `enrich serve` over HTTP (tests/serve): schemathesis against its OpenAPI document, and its page in headless
# Chromium through selenium. Starts the server on a free loopback port; ~1 minute.
ENRICH_BIN="$BIN" bounded 900 python3 -m pytest -q tests/serve
