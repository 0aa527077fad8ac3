#!/bin/bash
# Instructions per evaluation (patch detail) of a rule pack, counted by callgrind: exact and independent of
# whatever else the machine is doing. engine-bench evaluates each lead 4 times (a warm-up and 3 timed passes)
# at patch detail; only Evaluator.evaluate is counted.
#   scripts/instructions-per-evaluation.sh [ENGINE_BENCH] [RULES_DIR] [LEADS_FILE]   (LEADS_FILE: 1,000 leads)
set -euo pipefail
bench=${1:-.build-rel/release/engine-bench}
rules=${2:-rules}
leads=${3:-/tmp/bench/leads1k.jsonl}
count=$(grep -c . "$leads")
out=$(mktemp)
valgrind --tool=callgrind --callgrind-out-file="$out" \
  --toggle-collect='$s10LeadEngine9EvaluatorC8evaluate_3now6detailAA10EvaluationVAA0A0V_20FoundationEssentials4DateVAA0G6DetailOtF' \
  "$bench" evaluate "$rules" "$leads" "$count" 2>&1 | grep -E "refs" \
  | awk -v n="$count" '{gsub(",","",$4); printf "instructions per evaluation: %d (%d leads x 4)\n", $4/(4*n), n}'
rm -f "$out"
