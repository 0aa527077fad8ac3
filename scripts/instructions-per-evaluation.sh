#!/bin/bash
# Instructions and heap allocations per evaluation (patch detail) of a rule pack, counted by callgrind: exact and
# independent of whatever else the machine is doing. engine-bench evaluates each lead 4 times (a warm-up and 3
# timed passes) at patch detail; only the evaluation call is counted.
#   scripts/instructions-per-evaluation.sh [ENGINE_BENCH] [RULES_DIR] [LEADS_FILE] [API]   (LEADS_FILE: 1,000 leads)
# API: `evaluation` (default: Evaluator.evaluate(_:now:detail:), which returns an Evaluation) or `buffer`
# (Evaluator.evaluate(_:now:detail:into:), which writes into a reused EvaluationBuffer).
# Allocations are the calls of malloc made inside that call, per evaluation in steady state: the difference
# between a run over the whole file and a run over its first half (the first evaluations allocate once what
# later ones reuse: scratch buffers, the time zone data, the runtime's type metadata). A call of malloc counts
# when the evaluation call is among its callers (callgrind's --separate-callers: each malloc is recorded with
# its chain of callers). Before this, the count was of every call of malloc in the run minus the warm-up's, which
# also counted engine-bench reading the leads (2.7 calls "per evaluation" that were not the engine's).
set -euo pipefail
bench=${1:-.build-rel/release/engine-bench}
rules=${2:-rules}
leads=${3:-/tmp/bench/leads1k.jsonl}
api=${4:-evaluation}
case "$api" in
  evaluation) symbol='$s10LeadEngine9EvaluatorC8evaluate_3now6detailAA10EvaluationVAA0A0V_20FoundationEssentials4DateVAA0G6DetailOtF' ;;
  buffer) symbol='$s10LeadEngine9EvaluatorC8evaluate_3now6detail4intoyAA0A0V_20FoundationEssentials4DateVAA0G6DetailOAA0G6BufferVztF' ;;
  *) echo "API must be evaluation or buffer" >&2; exit 2 ;;
esac
# Callers recorded per call of malloc: deeper than any chain seen (61).
depth=200
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
count=$(grep -c . "$leads")
half=$((count / 2))
head -n "$half" "$leads" > "$work/half.jsonl"

# Prints "INSTRUCTIONS MALLOCS" over all evaluations of a run over FILE (N leads).
measure() {
  # Deterministic hashing: the same dictionary probes in every run (a random seed moved the count by ~30).
  SWIFT_DETERMINISTIC_HASHING=1 valgrind --tool=callgrind --callgrind-out-file="$work/out" --toggle-collect="$symbol" \
    --separate-callers$depth=malloc \
    "$bench" evaluate "$rules" "$1" "$2" "$api" > /dev/null 2> "$work/log"
  instructions=$(grep -E "refs" "$work/log" | awk '{gsub(",","",$4); print $4}')
  # Names are compressed in the file: "fn=(id) name" once, then "cfn=(id)" for a call. A call of malloc is to
  # a context named malloc'CALLER'CALLER'..., mangled names separated by '.
  mallocs=$(awk -v symbol="$symbol" -v depth="$depth" '
    /^c?fn=\(/ {
      id = $1; sub(/^c?fn=\(/, "", id); sub(/\).*/, "", id)
      rest = $0; sub(/^c?fn=\([0-9]+\) ?/, "", rest)
      if (rest != "") name[id] = rest
      if ($0 ~ /^cfn=/) target = id
    }
    /^calls=/ {
      n = name[target]
      if (n == "malloc" || index(n, "malloc'\''") == 1) {
        split(substr($0, 7), c, " ")
        if (index(n, "'\''" symbol "'\''") > 0 || substr(n, length(n) - length(symbol)) == "'\''" symbol) total += c[1]
        else if (gsub(/'\''/, "'\''", n) >= depth) { print "a call of malloc deeper than " depth " callers" > "/dev/stderr"; exit 1 }
      }
    }
    END { print total + 0 }' "$work/out")
  echo "$instructions $mallocs"
}
read -r all_instructions all_mallocs < <(measure "$leads" "$count")
read -r half_instructions half_mallocs < <(measure "$work/half.jsonl" "$half")
awk -v n="$count" -v h="$half" -v ai="$all_instructions" -v am="$all_mallocs" -v hi="$half_instructions" -v hm="$half_mallocs" -v api="$api" 'BEGIN {
  printf "API: %s\n", api
  printf "instructions per evaluation: %d (%d leads x 4)\n", ai / (4 * n), n
  printf "instructions per evaluation in steady state: %d (%d leads x 4 minus %d leads x 4)\n", (ai - hi) / (4 * (n - h)), n, h
  printf "heap allocations per evaluation in steady state: %.2f (calls of malloc inside the call; %.2f averaged over all %d x 4)\n", (am - hm) / (4 * (n - h)), am / (4 * n), n
}'
