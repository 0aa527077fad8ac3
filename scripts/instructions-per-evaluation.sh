#!/bin/bash
# Instructions and heap allocations per evaluation (patch detail) of a rule pack, counted by callgrind: exact and
# independent of whatever else the machine is doing. engine-bench evaluates each lead 4 times (a warm-up and 3
# timed passes) at patch detail, in its function evaluationPass, which is all that callgrind counts.
#   scripts/instructions-per-evaluation.sh [ENGINE_BENCH] [RULES_DIR] [LEADS_FILE] [API] [READING] [DETAIL]   (LEADS_FILE: 1,000 leads)
# API: `evaluation` (default: Evaluator.evaluate(_:now:detail:), which returns an Evaluation) or `buffer`
# (Evaluator.evaluate(_:now:detail:into:), which writes into a reused EvaluationBuffer).
# READING: `eager` (default: each lead decoded whole before the pass) or `lazy` (each lead kept as its text and
# its fields decoded when the evaluation reads them, as `enrich run` reads JSON Lines: the decoding is counted).
# Two figures of each: inside the evaluation call (what the engine does; the figure of the rounds before), and
# per lead with the caller's share (the call, looking at the patch, letting the result go: an Evaluation dropped
# by the caller frees its arrays there, a reused buffer empties them at the next call).
# Allocations are calls of malloc, per evaluation in steady state: the difference between a run over the whole
# file and a run over its first half (the first evaluations allocate once what later ones reuse: scratch buffers,
# the time zone data, the runtime's type metadata). A call of malloc counts when the evaluation call (or the
# pass) is among its callers (callgrind's --separate-callers: each malloc is recorded with its chain of callers).
# Before, the count was of every call of malloc in the run minus the warm-up's, which also counted engine-bench
# reading the leads: 2.65 calls "per evaluation" that were not the engine's (8.25 for 5.60).
set -euo pipefail
bench=${1:-.build-rel/release/engine-bench}
rules=${2:-rules}
leads=${3:-/tmp/bench/leads1k.jsonl}
api=${4:-evaluation}
reading=${5:-eager}
# DETAIL: `patch` (default) or `patch-only` (the writers that cannot change the patch are not run, as `enrich run`
# evaluates without --explain).
detail=${6:-patch}
case "$reading" in
  eager|lazy) ;;
  *) echo "READING must be eager or lazy" >&2; exit 2 ;;
esac
case "$detail" in
  patch|patch-only) ;;
  *) echo "DETAIL must be patch or patch-only" >&2; exit 2 ;;
esac
case "$api" in
  evaluation) symbol='$s10LeadEngine9EvaluatorC8evaluate_3now6detailAA10EvaluationVAA0A0V_20FoundationEssentials4DateVAA0G6DetailOtF' ;;
  buffer) symbol='$s10LeadEngine9EvaluatorC8evaluate_3now6detail4intoyAA0A0V_20FoundationEssentials4DateVAA16EvaluationDetailOAA0K6BufferVztF' ;;
  *) echo "API must be evaluation or buffer" >&2; exit 2 ;;
esac
# Callers recorded per call of malloc: deeper than any chain seen (61).
depth=200
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
count=$(grep -c . "$leads")
half=$((count / 2))
head -n "$half" "$leads" > "$work/half.jsonl"

# engine-bench's evaluationPass (a specialization of it may have a suffix).
pass='$s12engine_bench14evaluationPass'

# Prints "CALL_INSTRUCTIONS CALL_MALLOCS PASS_INSTRUCTIONS PASS_MALLOCS" of a run over FILE (N leads).
measure() {
  # Deterministic hashing: the same dictionary probes in every run (a random seed moved the count by ~30).
  SWIFT_DETERMINISTIC_HASHING=1 valgrind --tool=callgrind --callgrind-out-file="$work/out" --toggle-collect="$pass*" \
    --separate-callers$depth=malloc \
    "$bench" evaluate "$rules" "$1" "$2" "$api" "$reading" "$detail" > /dev/null 2> "$work/log"
  pass_instructions=$(grep -E "refs" "$work/log" | awk '{gsub(",","",$4); print $4}')
  # Names are compressed in the file: "fn=(id) name" once, then "cfn=(id)" for a call. A call of malloc is to
  # a context named malloc'CALLER'CALLER'..., mangled names separated by '. The line after "calls=" holds the
  # call's inclusive cost.
  awk -v symbol="$symbol" -v pass="$pass" -v depth="$depth" -v passcost="$pass_instructions" '
    function within(n, f) { return index(n, "'\''" f) > 0 }
    cost { split($0, c, " "); call_instructions += c[2]; cost = 0; next }
    /^c?fn=\(/ {
      id = $1; sub(/^c?fn=\(/, "", id); sub(/\).*/, "", id)
      rest = $0; sub(/^c?fn=\([0-9]+\) ?/, "", rest)
      if (rest != "") name[id] = rest
      if ($0 ~ /^cfn=/) target = id
    }
    /^calls=/ {
      n = name[target]
      if (n == symbol) cost = 1
      if (n == "malloc" || index(n, "malloc'\''") == 1) {
        split(substr($0, 7), c, " ")
        if (within(n, symbol)) call_mallocs += c[1]
        if (within(n, pass)) pass_mallocs += c[1]
        else if (gsub(/'\''/, "'\''", n) >= depth) { print "a call of malloc deeper than " depth " callers" > "/dev/stderr"; exit 1 }
      }
    }
    END { print call_instructions + 0, call_mallocs + 0, passcost, pass_mallocs + 0 }' "$work/out"
}
read -r ci cm pi pm < <(measure "$leads" "$count")
read -r hci hcm hpi hpm < <(measure "$work/half.jsonl" "$half")
awk -v n="$count" -v h="$half" -v ci="$ci" -v cm="$cm" -v pi="$pi" -v pm="$pm" -v hci="$hci" -v hcm="$hcm" -v hpi="$hpi" -v hpm="$hpm" -v api="$api" 'BEGIN {
  e = 4 * (n - h)
  printf "API: %s\n", api
  printf "instructions per evaluation: %d (%d leads x 4)\n", ci / (4 * n), n
  printf "instructions per evaluation in steady state: %d (%d leads x 4 minus %d leads x 4)\n", (ci - hci) / e, n, h
  printf "heap allocations per evaluation in steady state: %.2f (calls of malloc inside the call; %.2f averaged over all %d x 4)\n", (cm - hcm) / e, cm / (4 * n), n
  printf "with the caller'\''s share, per lead in steady state: %d instructions, %.2f heap allocations\n", (pi - hpi) / e, (pm - hpm) / e
}'
