#!/usr/bin/env bash
# The main job on the bundled sample data: check the default rule pack, then enrich the sample
# leads (a dry run: patches are printed, nothing is sent). Installs what is missing, builds,
# runs. Safe to run twice.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build --product enrich
BIN="$(swift build --show-bin-path)/enrich"
echo "== enrich check rules/" >&2
"$BIN" check rules
echo "== enrich run --rules rules --input samples/leads.jsonl --now 2026-11-25T09:00:00Z" >&2
# The sample file holds three deliberately broken leads to show the error reports, so exit code 1
# (some leads failed) is the expected outcome here.
status=0
"$BIN" run --rules rules --input samples/leads.jsonl --now 2026-11-25T09:00:00Z || status=$?
if [ "$status" -gt 1 ]; then exit "$status"; fi
echo "== done: patches above, summary and the three bad input lines on stderr" >&2
