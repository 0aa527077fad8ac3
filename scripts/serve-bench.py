#!/usr/bin/env python3
"""A bounded load client for `enrich serve` (docs/benchmarks.md, "enrich serve").

single: an open-loop schedule of single-lead requests at --rate per second for --duration seconds over
        --connections keep-alive connections; each latency is measured from the request's scheduled time
        (so a stall delays and counts against every request behind it: no coordinated omission).
batch:  --connections clients send {"leads": [...]} of --batch leads back to back for --duration seconds;
        reports leads evaluated per second and the request latencies.
Leads are the sample leads (samples/leads.jsonl) with fresh ids.
"""
import argparse
import http.client
import json
import os
import threading
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def leads(count):
    samples = []
    with open(os.path.join(ROOT, "samples", "leads.jsonl")) as handle:
        for line in handle:
            try:
                lead = json.loads(line)
            except ValueError:
                continue  # the samples hold a record cut short, on purpose
            if isinstance(lead.get("id"), int) and not isinstance(lead.get("utcOffset"), str):
                samples.append(lead)
    out = []
    for index in range(count):
        lead = dict(samples[index % len(samples)])
        lead["id"] = 100000 + index
        out.append(lead)
    return out


def percentile(values, fraction):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["single", "batch"])
    parser.add_argument("--url", default="http://127.0.0.1:8080")
    parser.add_argument("--rate", type=float, default=1000)
    parser.add_argument("--duration", type=float, default=30)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--token", default=None)
    args = parser.parse_args()
    url = urllib.parse.urlparse(args.url)
    headers = {"Content-Type": "application/json"}
    if args.token:
        headers["Authorization"] = "Bearer " + args.token
    path = "/v1/evaluate?now=2026-11-20T12:00:00Z"
    latencies, errors = [], []
    lock = threading.Lock()

    if args.mode == "single":
        bodies = [json.dumps(lead, ensure_ascii=False).encode() for lead in leads(64)]
        total = int(args.rate * args.duration)
        start = time.perf_counter() + 0.5

        def worker(k):
            connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
            mine = []
            for i in range(k, total, args.connections):
                scheduled = start + i / args.rate
                delay = scheduled - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)
                try:
                    connection.request("POST", path, body=bodies[i % len(bodies)], headers=headers)
                    response = connection.getresponse()
                    response.read()
                    if response.status != 200:
                        errors.append(response.status)
                except Exception as error:  # a refused or dropped connection counts as an error
                    errors.append(repr(error))
                    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
                mine.append(time.perf_counter() - scheduled)
            with lock:
                latencies.extend(mine)

        threads = [threading.Thread(target=worker, args=(k,)) for k in range(args.connections)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - start
        print("single: %d requests in %.1f s = %.0f/s (asked %.0f/s), errors %d" % (len(latencies), elapsed, len(latencies) / elapsed, args.rate, len(errors)))
    else:
        body = json.dumps({"leads": leads(args.batch)}, ensure_ascii=False).encode()
        stop_at = time.perf_counter() + args.duration
        counted = [0]

        def worker(_):
            connection = http.client.HTTPConnection(url.hostname, url.port, timeout=120)
            mine = []
            while time.perf_counter() < stop_at:
                sent = time.perf_counter()
                connection.request("POST", path, body=body, headers=headers)
                response = connection.getresponse()
                payload = response.read()
                mine.append(time.perf_counter() - sent)
                if response.status != 200:
                    errors.append(response.status)
                else:
                    with lock:
                        counted[0] += args.batch
            with lock:
                latencies.extend(mine)

        started = time.perf_counter()
        threads = [threading.Thread(target=worker, args=(k,)) for k in range(args.connections)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
        print("batch: %d leads in %d requests of %d in %.1f s = %.0f leads/s, errors %d" % (counted[0], len(latencies), args.batch, elapsed, counted[0] / elapsed, len(errors)))
    figures = tuple(1000 * percentile(latencies, f) for f in (0.5, 0.9, 0.99)) + (1000 * max(latencies),)
    print("latency ms: p50 %.2f  p90 %.2f  p99 %.2f  max %.2f" % figures)


if __name__ == "__main__":
    main()
