#!/usr/bin/env bash
# The main job on the bundled sample data, end to end:
#   1. check the default rule pack;
#   2. start liner-sim (the local Liner emulator) on samples/leads.jsonl, with a few injected faults;
#   3. enrich run --source liner --apply: read the leads, evaluate, send the patches (journalled);
#   4. show a lead's history, run again (incremental: nothing left to do), show the final state.
# Installs what is missing, builds, runs. Safe to run again: everything lives in a fresh temp dir.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build --product enrich
swift build --product liner-sim
BIN="$(swift build --show-bin-path)"
NOW=2026-11-25T09:00:00Z

WORK="$(mktemp -d)"
SIM_PID=""
cleanup() {
  if [ -n "$SIM_PID" ]; then kill "$SIM_PID" 2>/dev/null || true; wait "$SIM_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "== enrich check rules/" >&2
"$BIN/enrich" check rules

# The key lives in a file (never on a command line, where `ps` shows it to everyone).
head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$WORK/key.txt"
echo "== liner-sim --leads samples/leads.jsonl (10% 500s, 5% 429s injected)" >&2
"$BIN/liner-sim" --leads samples/leads.jsonl --port 0 --api-key-file "$WORK/key.txt" \
  --fail-500 0.1 --fail-429 0.05 --retry-after 0 --dump "$WORK/final.jsonl" > "$WORK/sim.out" 2> "$WORK/sim.err" &
SIM_PID=$!
for _ in $(seq 1 100); do grep -q "listening" "$WORK/sim.out" 2>/dev/null && break; sleep 0.1; done
HOST="$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$WORK/sim.out")"
[ -n "$HOST" ] || { cat "$WORK/sim.err" >&2; echo "liner-sim did not start" >&2; exit 1; }
sed 's/^/   /' "$WORK/sim.err" >&2   # the three deliberately broken sample lines, skipped

RUN=("$BIN/enrich" run --rules rules --source liner --api-host "$HOST" --api-key-file "$WORK/key.txt"
     --journal "$WORK/journal.sqlite" --now "$NOW" --rate 50 --progress log)
echo "== enrich run --source liner --apply  (one line per sent update on stdout, summary on stderr)" >&2
status=0
"${RUN[@]}" --apply || status=$?
if [ "$status" -gt 1 ]; then exit "$status"; fi

echo "== enrich history 1001" >&2
"$BIN/enrich" history 1001 --journal "$WORK/journal.sqlite"

echo "== enrich run --source liner --apply, again: continues from the last run, nothing left to send" >&2
"${RUN[@]}" --apply --quiet-output

kill -TERM "$SIM_PID"; wait "$SIM_PID" 2>/dev/null || true; SIM_PID=""
echo "== lead 1001 as liner-sim holds it now" >&2
grep '"id":1001' "$WORK/final.jsonl" || true
echo "== done" >&2
