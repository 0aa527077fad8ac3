#!/usr/bin/env python3
"""How soon `enrich serve --source liner --apply` updates new leads (docs/benchmarks.md, "enrich serve").

Starts liner-sim with the sample leads and --create-rate (new leads created while it runs), starts
`enrich serve` watching it with --poll, lets leads arrive for --duration seconds, waits 2 x poll + 5 s more,
then stops both (SIGTERM: the sim writes its final state). For every lead created during the run whose
patch is not empty it takes updatedAt - createdAt; a lead that should have been updated but was not counts
as never updated (infinitely late). Goal: 95 % within 2 x poll + 5 s.
"""
import argparse
import json
import os
import re
import signal
import subprocess
import tempfile
import time
from datetime import datetime

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def seconds(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", default=os.path.join(ROOT, ".build", "release"))
    parser.add_argument("--poll", type=float, default=10)
    parser.add_argument("--rate", type=float, default=2, help="new leads per second")
    parser.add_argument("--duration", type=float, default=120)
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="serve-watch-bench-")
    key = os.path.join(work, "key")
    with open(key, "w") as handle:
        handle.write("bench-key-7e11\n")
    dump = os.path.join(work, "state.jsonl")
    count = int(args.rate * args.duration)
    sim = subprocess.Popen([os.path.join(args.bin, "liner-sim"), "--leads", os.path.join(ROOT, "samples", "leads.jsonl"), "--port", "0",
                            "--api-key-file", key, "--create-rate", str(args.rate), "--create-count", str(count), "--dump", dump],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = sim.stdout.readline()
    port = re.search(r"127\.0\.0\.1:(\d+)", line).group(1)
    started = time.time()
    environment = dict(os.environ, LINER_API_HOST="http://127.0.0.1:" + port)
    serve = subprocess.Popen([os.path.join(args.bin, "enrich"), "serve", "--rules", os.path.join(ROOT, "rules"), "--port", "0",
                              "--source", "liner", "--apply", "--poll", str(args.poll), "--api-key-file", key,
                              "--journal", os.path.join(work, "journal.sqlite")],
                             env=environment, stdout=subprocess.DEVNULL, stderr=open(os.path.join(work, "serve.log"), "w"))
    time.sleep(args.duration + 2 * args.poll + 5)
    serve.send_signal(signal.SIGTERM)
    serve_exit = serve.wait(timeout=120)
    sim.send_signal(signal.SIGTERM)
    sim.wait(timeout=60)
    seed_max = 0
    with open(os.path.join(ROOT, "samples", "leads.jsonl")) as handle:
        for line in handle:
            match = re.match(r'\s*\{"id":\s*(\d+)', line)
            if match:
                seed_max = max(seed_max, int(match.group(1)))
    leads = [json.loads(line) for line in open(dump) if line.strip()]
    created = [lead for lead in leads if lead["id"] > seed_max]
    # The created leads the watcher left alone: their patch must be empty, else they count as missed.
    untouched = [lead for lead in created if "updatedAt" not in lead]
    missed = 0
    if untouched:
        path = os.path.join(work, "untouched.jsonl")
        with open(path, "w") as handle:
            for lead in untouched:
                handle.write(json.dumps(lead, ensure_ascii=False) + "\n")
        run = subprocess.run([os.path.join(args.bin, "enrich"), "run", "--rules", os.path.join(ROOT, "rules"), "--input", path],
                             capture_output=True, text=True)
        missed = len([line for line in run.stdout.splitlines() if line.strip()])
    latencies = sorted(seconds(lead["updatedAt"]) - seconds(lead["createdAt"]) for lead in created if "updatedAt" in lead)
    expected = len(latencies) + missed
    goal = 2 * args.poll + 5
    within = len([value for value in latencies if value <= goal])
    ranked = latencies + [float("inf")] * missed
    p95 = ranked[min(len(ranked) - 1, int(0.95 * len(ranked)))] if ranked else float("nan")
    print("created %d leads in %.0f s; %d needed an update: %d updated, %d never" % (len(created), args.duration, expected, len(latencies), missed))
    print("creation -> update (s, whole-second timestamps): p50 %.0f  p95 %s  max %s" % (
        latencies[len(latencies) // 2] if latencies else float("nan"), p95, ranked[-1] if ranked else "-"))
    print("within 2 x poll + 5 s = %.0f s: %d of %d = %.1f %% (goal: 95 %%); serve exit code on SIGTERM: %d" % (
        goal, within, expected, 100.0 * within / max(1, expected), serve_exit))
    print("work directory: " + work)


if __name__ == "__main__":
    main()
