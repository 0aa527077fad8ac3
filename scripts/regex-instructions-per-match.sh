#!/bin/bash
# Instructions per match of the regex benchmark's fast implementations, counted by callgrind: exact, and
# independent of whatever else the machine does. For each kind and each engine (the PCRE2 wrapper on Swift
# strings, the C loop over pcre2_jit_match, the wrapper on the C loop's UTF-8 buffers) it runs
# `regex-bench profile ENGINE KIND` and counts only inside that engine's `run(_:range:)` (the caller's loop, the
# wrapper, PCRE2 and its JIT code), divided by passes × subjects.
#   scripts/regex-instructions-per-match.sh [REGEX_BENCH] [SUBJECTS] [PASSES] [KINDS...]
set -euo pipefail
bench=${1:-.build-rel/release/regex-bench}
subjects=${2:-200000}
passes=${3:-3}
shift $(( $# < 3 ? $# : 3 ))
kinds=${*:-phone comment budget}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# valgrind 3.19 cannot read the DWARF some objects of a Swift 6 release build carry ("Possibly corrupted
# debuginfo file"): count a copy without debug information (the symbol table stays).
strip --strip-debug -o "$work/regex-bench" "$bench"
# The protocol witness of each engine's run(_:range:) (one function: a wildcard on run itself would also match the
# closures inside it, and entering one of those would toggle counting off).
declare -A symbol=(
  [wrapper]='$s11regex_bench13WrapperEngineVAA*3run_5range*TW'
  [c]='$s11regex_bench11CLoopEngineVAA*3run_5range*TW'
  [bytes]='$s11regex_bench18WrapperBytesEngineVAA*3run_5range*TW'
)
printf '%-8s %-8s %10s %14s %12s\n' kind engine subjects instructions per-match
for kind in $kinds; do
  for engine in wrapper c bytes; do
    SWIFT_DETERMINISTIC_HASHING=1 valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" \
      --toggle-collect="${symbol[$engine]}" \
      "$work/regex-bench" profile "$engine" "$kind" --subjects "$subjects" --passes "$passes" > "$work/out.txt" 2> "$work/err.txt"
    count=$(sed -n 's/.* passes over \([0-9]*\) subjects.*/\1/p' "$work/out.txt")
    total=$(sed -n 's/^summary: //p' "$work/cg.out")
    printf '%-8s %-8s %10s %14s %12.1f\n' "$kind" "$engine" "$count" "$total" \
      "$(echo "$total / ($count * $passes)" | bc -l)"
  done
done
