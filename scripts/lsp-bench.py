#!/usr/bin/env python3
"""Times `enrich lsp` on a pack: didChange of a file -> the publishDiagnostics that follows, over real pipes.

    python3 scripts/lsp-bench.py .build/release/enrich rules/30-priority.rules [--runs 30]

Each run edits the buffer (alternately adding and removing a typo, so every other check publishes an error),
and measures the time from writing the didChange to reading the publishDiagnostics for that file. Prints the
first open's time, then min / median / p90 / max of the changes, in milliseconds.
"""
import argparse, json, os, statistics, subprocess, sys, time


def frame(message):
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


class Server:
    def __init__(self, binary):
        self.process = subprocess.Popen([binary, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.buffer = b""

    def send(self, message):
        self.process.stdin.write(frame(message))
        self.process.stdin.flush()

    def read(self):
        while b"\r\n\r\n" not in self.buffer:
            self.buffer += os.read(self.process.stdout.fileno(), 1 << 20)
        header, _, rest = self.buffer.partition(b"\r\n\r\n")
        length = int(header.split(b":")[1])
        while len(rest) < length:
            rest += os.read(self.process.stdout.fileno(), 1 << 20)
        self.buffer = rest[length:]
        return json.loads(rest[:length])

    def wait_for(self, predicate):
        while True:
            message = self.read()
            if predicate(message):
                return message


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("file")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--ranged", action="store_true",
                        help="send each change as an edit of a range in the middle of the file (as editors do), not the whole text")
    args = parser.parse_args()
    path = os.path.abspath(args.file)
    uri = "file://" + path
    text = open(path, encoding="utf-8").read()
    server = Server(args.binary)
    root = os.path.dirname(os.path.dirname(path))
    server.send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": None, "rootUri": "file://" + root, "capabilities": {}}})
    server.wait_for(lambda m: m.get("id") == 1)
    server.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    is_ours = lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri
    start = time.perf_counter()
    server.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "rules", "version": 1, "text": text}}})
    # A clean pack publishes nothing for the file: ask for symbols, answered after the first check.
    server.send({"jsonrpc": "2.0", "id": 2, "method": "textDocument/documentSymbol", "params": {"textDocument": {"uri": uri}}})
    server.wait_for(lambda m: m.get("id") == 2)
    opened = (time.perf_counter() - start) * 1000
    times = []
    for run in range(args.runs):
        broken = run % 2 == 0
        if args.ranged:
            # Insert a line with an error before the first declaration at or above the middle line (the end of
            # the file when the middle is inside the first declaration: a table of the whole file), then remove it.
            lines = text.split("\n")
            middle = len(lines) // 2
            while middle > 0 and not lines[middle].startswith(("test ", "rule ", "table ", "const ")):
                middle -= 1
            if middle == 0:
                middle = len(lines) - 1 if lines[-1] == "" else len(lines)
            line = "const benchTypo = lenght(1)\n"
            if broken:
                change = {"range": {"start": {"line": middle, "character": 0}, "end": {"line": middle, "character": 0}}, "text": line}
            else:
                change = {"range": {"start": {"line": middle, "character": 0}, "end": {"line": middle + 1, "character": 0}}, "text": ""}
        else:
            change = {"text": text + ("\nconst benchTypo = lenght(1)\n" if broken else "")}
        start = time.perf_counter()
        server.send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": run + 2}, "contentChanges": [change]}})
        message = server.wait_for(is_ours)
        times.append((time.perf_counter() - start) * 1000)
        assert bool(message["params"]["diagnostics"]) == broken, message
    server.send({"jsonrpc": "2.0", "id": 3, "method": "shutdown"})
    server.wait_for(lambda m: m.get("id") == 3)
    server.send({"jsonrpc": "2.0", "method": "exit"})
    server.process.wait(timeout=10)
    times.sort()
    print(f"{args.file}: open {opened:.0f} ms; didChange -> publishDiagnostics over {len(times)} changes: "
          f"min {times[0]:.0f}, median {statistics.median(times):.0f}, p90 {times[int(len(times) * 0.9) - 1]:.0f}, max {times[-1]:.0f} ms")


if __name__ == "__main__":
    sys.exit(main())
