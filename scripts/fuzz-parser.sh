#!/usr/bin/env bash
# Fuzzes the rules language parser (and diagnostics rendering) with libFuzzer.
#
#   bash scripts/fuzz-parser.sh [RUNS]        # RUNS defaults to 1000000 executions
#
# Builds with swiftc directly (not SwiftPM): PCRE2 as its own module, then every file of
# Sources/RulesLanguage plus fuzz/ParserFuzz.swift as one executable instrumented with
# -sanitize=fuzzer,address. Seeds come from fuzz/seeds/, new inputs go to fuzz/corpus/, crashes
# and hangs to fuzz/artifacts/. Installs nothing. See docs/fuzzing.md.
#
# Environment: SWIFTC (default: swiftc on PATH, else /opt/swift/usr/bin/swiftc),
#              FUZZ_TIMEOUT (seconds per input, default 5), FUZZ_MAX_LEN (default 4096),
#              FUZZ_LEN_CONTROL (libFuzzer -len_control, default 100 = start short and grow;
#              0 = use up to FUZZ_MAX_LEN at once, which reaches deep nesting much sooner),
#              FUZZ_EXCLUDE (space-separated folders under Sources/RulesLanguage to leave out, e.g.
#              "Check" while someone's checker does not compile yet; default: none).
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS="${1:-1000000}"
case "$RUNS" in
  ''|*[!0-9-]*) echo "fuzz-parser: RUNS must be an integer (-1 = forever), got '$RUNS'" >&2; exit 2 ;;
esac
TIMEOUT="${FUZZ_TIMEOUT:-5}"
MAX_LEN="${FUZZ_MAX_LEN:-4096}"
LEN_CONTROL="${FUZZ_LEN_CONTROL:-100}"

# --- Prerequisites (checked, never installed) -------------------------------------------------
SWIFTC="${SWIFTC:-$(command -v swiftc || echo /opt/swift/usr/bin/swiftc)}"
if [ ! -x "$SWIFTC" ]; then
  echo "fuzz-parser: swiftc not found (set SWIFTC=/path/to/swiftc)" >&2
  exit 1
fi
if command -v pkg-config >/dev/null 2>&1 && pkg-config --exists libpcre2-8 2>/dev/null; then
  PCRE2_CFLAGS="$(pkg-config --cflags libpcre2-8)"
  PCRE2_LIBS="$(pkg-config --libs libpcre2-8)"
elif [ -f /usr/include/pcre2.h ]; then
  PCRE2_CFLAGS=""
  PCRE2_LIBS="-lpcre2-8"
else
  echo "fuzz-parser: PCRE2 development files not found (no pcre2.h / libpcre2-8)." >&2
  echo "fuzz-parser: install them first: 'bash scripts/setup.sh' or 'apt-get install libpcre2-dev pkg-config'." >&2
  exit 1
fi
# pkg-config gives -I/-L flags for clang; swiftc wants them passed through (-Xcc for -I).
SWIFT_PCRE2_CFLAGS=()
for flag in $PCRE2_CFLAGS; do SWIFT_PCRE2_CFLAGS+=(-Xcc "$flag"); done
read -r -a SWIFT_PCRE2_LIBS <<<"$PCRE2_LIBS"

# --- Build ----------------------------------------------------------------------------------
# .build-fuzz/ is gitignored and never used by `swift build` without --scratch-path.
OUT=.build-fuzz/parser-fuzz
mkdir -p "$OUT/modules" fuzz/corpus fuzz/artifacts
FLAGS=(-sanitize=fuzzer,address -parse-as-library -O -g -swift-version 6 -use-ld=lld -I Sources/CPCRE2 "${SWIFT_PCRE2_CFLAGS[@]}")

mapfile -t PCRE2_SOURCES < <(find Sources/PCRE2 -name '*.swift' | LC_ALL=C sort)
PRUNE=()
for dir in ${FUZZ_EXCLUDE:-}; do PRUNE+=(-path "Sources/RulesLanguage/${dir%/}" -prune -o); done
mapfile -t RULES_SOURCES < <(find Sources/RulesLanguage "${PRUNE[@]}" -name '*.swift' -print | LC_ALL=C sort)
[ -n "${FUZZ_EXCLUDE:-}" ] && echo "fuzz-parser: leaving out Sources/RulesLanguage/{${FUZZ_EXCLUDE// /,}}" >&2

echo "fuzz-parser: building PCRE2 module (${#PCRE2_SOURCES[@]} files)" >&2
# RulesLanguage files say `import PCRE2`: compile that module on its own (interface + one object).
"$SWIFTC" "${FLAGS[@]}" -module-name PCRE2 -wmo \
  -emit-module -emit-module-path "$OUT/modules/PCRE2.swiftmodule" \
  -c "${PCRE2_SOURCES[@]}" -o "$OUT/PCRE2.o"

echo "fuzz-parser: building fuzzer (${#RULES_SOURCES[@]} RulesLanguage files + fuzz/ParserFuzz.swift)" >&2
"$SWIFTC" "${FLAGS[@]}" -module-name RulesLanguage -I "$OUT/modules" \
  "${RULES_SOURCES[@]}" fuzz/ParserFuzz.swift "$OUT/PCRE2.o" "${SWIFT_PCRE2_LIBS[@]}" \
  -o "$OUT/parser-fuzz"

# Which source text this binary was built from (the tree changes under long runs).
SOURCES_SHA="$(cat "${PCRE2_SOURCES[@]}" "${RULES_SOURCES[@]}" fuzz/ParserFuzz.swift | sha256sum | cut -c1-16)"
echo "fuzz-parser: built $OUT/parser-fuzz from sources sha256 $SOURCES_SHA" >&2

# --- Run ------------------------------------------------------------------------------------
SYMBOLIZER="$(dirname "$SWIFTC")/llvm-symbolizer"
[ -x "$SYMBOLIZER" ] && export ASAN_SYMBOLIZER_PATH="$SYMBOLIZER"
LOG="$OUT/last-run.log"
echo "fuzz-parser: running $RUNS executions (max_len=$MAX_LEN, timeout=${TIMEOUT}s); full log: $LOG" >&2

status=0
# The first corpus directory receives new inputs; fuzz/seeds is only read.
"$OUT/parser-fuzz" fuzz/corpus fuzz/seeds \
  -dict=fuzz/rules.dict \
  -runs="$RUNS" -max_len="$MAX_LEN" -len_control="$LEN_CONTROL" -timeout="$TIMEOUT" \
  -artifact_prefix=fuzz/artifacts/ -print_final_stats=1 \
  >"$LOG" 2>&1 || status=$?

# --- Report ---------------------------------------------------------------------------------
if [ "$status" -ne 0 ]; then
  echo "fuzz-parser: FAILED (exit $status): crash, hang or sanitizer report. End of the log:" >&2
  tail -n 60 "$LOG" >&2
  echo "fuzz-parser: the input is in fuzz/artifacts/ (crash-*, timeout-*, oom-*, leak-*)." >&2
  echo "fuzz-parser: minimise: $OUT/parser-fuzz -minimize_crash=1 -max_total_time=300 -exact_artifact_path=fuzz/regressions/NAME.rules fuzz/artifacts/crash-..." >&2
  exit "$status"
fi
echo "fuzz-parser: final stats" >&2
grep -E '^#[0-9]+[[:space:]]+DONE' "$LOG" | tail -n 1
grep -E '^Done [0-9]+ runs in' "$LOG" | tail -n 1
grep -E '^stat::' "$LOG" || true
echo "corpus: $(find fuzz/corpus -type f | wc -l) files in fuzz/corpus/"
