#!/bin/bash
# Instructions and heap allocations per evaluation (patch detail) of a rule pack, counted by callgrind: exact and
# independent of whatever else the machine is doing. engine-bench evaluates each lead 4 times (a warm-up and 3
# timed passes) at patch detail; only Evaluator.evaluate is counted.
#   scripts/instructions-per-evaluation.sh [ENGINE_BENCH] [RULES_DIR] [LEADS_FILE]   (LEADS_FILE: 1,000 leads)
# Allocations are the calls of malloc inside Evaluator.evaluate, per evaluation in steady state: the difference
# between a run over the whole file and a run over its first half (the first evaluations allocate once what
# later ones reuse: scratch buffers, the time zone data, the runtime's type metadata).
set -euo pipefail
bench=${1:-.build-rel/release/engine-bench}
rules=${2:-rules}
leads=${3:-/tmp/bench/leads1k.jsonl}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
count=$(grep -c . "$leads")
half=$((count / 2))
head -n "$half" "$leads" > "$work/half.jsonl"

# Prints "INSTRUCTIONS MALLOCS" over all evaluations of a run over FILE (N leads).
measure() {
  valgrind --tool=callgrind --callgrind-out-file="$work/out" \
    --toggle-collect='$s10LeadEngine9EvaluatorC8evaluate_3now6detailAA10EvaluationVAA0A0V_20FoundationEssentials4DateVAA0G6DetailOtF' \
    "$bench" evaluate "$rules" "$1" "$2" > /dev/null 2> "$work/log"
  instructions=$(grep -E "refs" "$work/log" | awk '{gsub(",","",$4); print $4}')
  # Names are compressed in the file: "fn=(id) name" once, then "cfn=(id)" for a call.
  mallocs=$(awk '
    /^c?fn=\(/ {
      id = $1; sub(/^c?fn=\(/, "", id); sub(/\).*/, "", id)
      rest = $0; sub(/^c?fn=\([0-9]+\) ?/, "", rest)
      if (rest != "") name[id] = rest
      if ($0 ~ /^cfn=/) target = id
    }
    /^calls=/ { split(substr($0, 7), c, " "); if (name[target] == "malloc") total += c[1] }
    END { print total + 0 }' "$work/out")
  echo "$instructions $mallocs"
}
read -r all_instructions all_mallocs < <(measure "$leads" "$count")
read -r half_instructions half_mallocs < <(measure "$work/half.jsonl" "$half")
awk -v n="$count" -v h="$half" -v ai="$all_instructions" -v am="$all_mallocs" -v hi="$half_instructions" -v hm="$half_mallocs" 'BEGIN {
  printf "instructions per evaluation: %d (%d leads x 4)\n", ai / (4 * n), n
  printf "instructions per evaluation in steady state: %d (%d leads x 4 minus %d leads x 4)\n", (ai - hi) / (4 * (n - h)), n, h
  printf "heap allocations per evaluation in steady state: %.1f (calls of malloc; %.1f averaged over all %d x 4)\n", (am - hm) / (4 * (n - h)), am / (4 * n), n
}'
