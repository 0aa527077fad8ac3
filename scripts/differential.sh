#!/usr/bin/env bash
# The engine against the reference interpreter (Tests/LeadEngineTests/Reference) on the default pack:
# COUNT leads from the benchmark's generator (default 100,000; CI's `swift test` runs 20,000) and the given
# lead of every test of the pack; byte-identical patches, identical provenance, errors and fired writers.
#
#   bash scripts/differential.sh [COUNT] [--release]
#
# Debug by default (the build scripts/test.sh makes: nothing more to build). --release builds the tests
# with optimisation in a build directory of its own (.build-differential; `-enable-testing` because the
# tests import the engine with @testable), which takes long to build once and runs several times faster.
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=100000
CONFIG=(--skip-build)
for argument in "$@"; do
    case "$argument" in
        --release) CONFIG=(-c release -Xswiftc -enable-testing --scratch-path .build-differential) ;;
        ''|*[!0-9]*) echo "usage: scripts/differential.sh [COUNT] [--release]" >&2; exit 2 ;;
        *) COUNT="$argument" ;;
    esac
done
if [ "${CONFIG[0]}" = --skip-build ]; then swift build --build-tests; fi
DIFFERENTIAL_LEADS="$COUNT" swift test "${CONFIG[@]}" --filter 'PackDifferentialTests|ReferencePropertyTests'
