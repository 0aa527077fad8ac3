#!/usr/bin/env bash
# Builds the DocC documentation of LeadEngine and RulesLanguage (their catalogs, articles and the
# Hummingbird tutorial) with swift-docc-plugin; any DocC warning fails the build.
# Output: .build/plugins/Swift-DocC/outputs/{LeadEngine,RulesLanguage}.doccarchive.
# scripts/test.sh runs the same command (about 20 s after its build; README, "Embedding the engine").
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift package generate-documentation --target LeadEngine --target RulesLanguage --warnings-as-errors "$@"
