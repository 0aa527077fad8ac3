"""A time limit for every editor test: a server that stops answering fails the test (TimeoutError) instead of
holding the whole suite until CI gives up."""
import signal

import pytest

LIMIT_SECONDS = 120


@pytest.fixture(autouse=True)
def time_limit():
    def expired(signum, frame):
        raise TimeoutError(f"the test took more than {LIMIT_SECONDS} s (a wait for the server that never ended)")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(LIMIT_SECONDS)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)
