#!/usr/bin/env bash
# Benchmark: does `enrich run --source liner --apply` reach the configured rate limit, and how many
# requests does it waste? liner-sim answers instantly and enforces the same limit (--max-rate: 429
# beyond it), so every request over the limit shows up as a 429.
#   bash scripts/bench-apply.sh [LEADS] [RATE] [CONCURRENCY]   (defaults: 4000 leads, 200 requests/s, 16)
# Release builds in .build-bench-apply; everything else in a temp dir.
set -euo pipefail
cd "$(dirname "$0")/.."
LEADS="${1:-4000}"
RATE="${2:-200}"
CONCURRENCY="${3:-16}"
SCRATCH="${SCRATCH:-.build-bench-apply}"  # another release build folder may be given
for product in enrich liner-sim; do
  swift build -c release --scratch-path "$SCRATCH" --product "$product" > "/tmp/bench-apply-build.log" 2>&1 \
    || { cat /tmp/bench-apply-build.log; exit 1; }
done
BIN="$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)"
WORK="$(mktemp -d)"
SIM_PID=""
trap '[ -n "$SIM_PID" ] && kill "$SIM_PID" 2>/dev/null; rm -rf "$WORK"' EXIT

# Leads whose every patch is one update: Moscow numbers without utcOffset (the pack fills +3).
python3 - "$LEADS" > "$WORK/leads.jsonl" <<'PY'
import json, sys
for i in range(1, int(sys.argv[1]) + 1):
    print(json.dumps({"id": i, "name": f"Lead {i}", "phone": f"+7495{i:07d}", "sourceComment": "",
                      "statusId": 2, "priority": 5, "createdAt": "2026-11-20T10:00:00Z"}))
PY
echo bench-key > "$WORK/key.txt"
"$BIN/liner-sim" --leads "$WORK/leads.jsonl" --port 0 --api-key-file "$WORK/key.txt" --max-rate "$RATE" --log \
  > "$WORK/sim.out" 2> "$WORK/sim.log" &
SIM_PID=$!
for _ in $(seq 1 100); do grep -q listening "$WORK/sim.out" 2>/dev/null && break; sleep 0.1; done
HOST="$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$WORK/sim.out")"

start=$(date +%s.%N)
"$BIN/enrich" run --rules rules --source liner --apply --api-host "$HOST" --api-key-file "$WORK/key.txt" \
  --journal "$WORK/journal.sqlite" --rate "$RATE" --concurrency "$CONCURRENCY" --progress none --quiet-output \
  --now 2026-11-25T09:00:00Z 2> "$WORK/enrich.err" || { cat "$WORK/enrich.err"; exit 1; }
end=$(date +%s.%N)
cat "$WORK/enrich.err"

total=$(grep -c '^#' "$WORK/sim.log" || true)
posts=$(grep -c 'POST /v2/lead/update' "$WORK/sim.log" || true)
applied=$(grep -c ' applied' "$WORK/sim.log" || true)
limited=$(grep -c 'rate-limited' "$WORK/sim.log" || true)
gets=$(grep -c '^#[0-9]* GET' "$WORK/sim.log" || true)
wasted=$((total - applied - gets + $(grep -c '^#[0-9]* GET.*rate-limited' "$WORK/sim.log" || true)))
python3 - "$start" "$end" "$total" "$posts" "$applied" "$limited" "$wasted" "$RATE" <<'PY'
import sys
start, end = float(sys.argv[1]), float(sys.argv[2])
total, posts, applied, limited, wasted, rate = map(int, sys.argv[3:9])
secs = end - start
print(f"requests {total} (updates sent {posts}, applied {applied}, answered 429 by the limit {limited})")
print(f"wall time {secs:.2f} s (process start to exit), {total / secs:.1f} requests/s against a limit of {rate}")
print(f"wasted requests {wasted} = {1000 * wasted / max(total, 1):.2f} per 1000")
PY
