"""Starts `enrich serve` on a free loopback port for the tests of this directory (schemathesis, the page)."""
import os
import re
import subprocess
import tempfile
import time
import urllib.request

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOKEN = "serve-test-token-4f1c"


def enrich_binary():
    if os.environ.get("ENRICH_BIN"):
        return os.environ["ENRICH_BIN"]
    bin_path = subprocess.run(["swift", "build", "--show-bin-path"], cwd=ROOT, check=True,
                              capture_output=True, text=True).stdout.strip()
    return os.path.join(bin_path, "enrich")


@pytest.fixture(scope="session")
def server():
    """The server's base URL and its token; stopped with SIGTERM at the end (it must exit 0)."""
    token_dir = tempfile.mkdtemp(prefix="enrich-serve-")
    token_file = os.path.join(token_dir, "token")
    with open(token_file, "w") as handle:
        handle.write(TOKEN + "\n")
    process = subprocess.Popen(
        [enrich_binary(), "serve", "--rules", os.path.join(ROOT, "rules"), "--port", "0", "--token-file", token_file,
         "--max-batch", "200"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = None
    deadline = time.time() + 120
    seen = []
    while time.time() < deadline:
        line = process.stderr.readline()
        if not line:
            break
        seen.append(line)
        match = re.search(r"listening on (http://\S+)", line)
        if match:
            url = match.group(1)
            break
    if url is None:
        process.kill()
        raise RuntimeError("enrich serve did not start:\n" + "".join(seen))
    # Keep reading its log so that the pipe never fills.
    import threading
    threading.Thread(target=lambda: [None for _ in process.stderr], daemon=True).start()
    with urllib.request.urlopen(url + "/healthz", timeout=10) as response:
        assert response.status == 200
    yield {"url": url, "token": TOKEN}
    process.terminate()
    assert process.wait(timeout=60) == 0, "enrich serve did not exit 0 on SIGTERM"
