#!/usr/bin/env bash
# The main job on the bundled sample data. Installs what is missing, builds, runs. Safe to run twice.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build --product enrich
BIN="$(swift build --show-bin-path)/enrich"
"$BIN" --help
