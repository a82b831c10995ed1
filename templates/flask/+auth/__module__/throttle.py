"""Failed log-ins, limited per client address: after 10 in 15 minutes the
log-in form answers 429 until the oldest of them is 15 minutes old, as in
the Express starter. The admin site logs in through the same form.

The count lives in this process's memory: each gunicorn worker counts on
its own, and a restart forgets. Behind a proxy, FLASK_TRUST_PROXY=1 makes
the address the client's, not the proxy's.
"""

import threading
import time
from collections import deque

MAX_FAILURES = 10
WINDOW_SECONDS = 15 * 60


class FailedLogins:
    """The recent failed log-ins of each client address."""

    def __init__(self, max_failures=MAX_FAILURES, window=WINDOW_SECONDS, clock=time.monotonic):
        self.max_failures = max_failures
        self.window = window
        self.clock = clock
        self._failures = {}
        self._lock = threading.Lock()

    def _recent(self, address, now):
        """The address's failures still in the window (lock held)."""
        failures = self._failures.get(address)
        if failures is None:
            return deque()
        while failures and failures[0] <= now - self.window:
            failures.popleft()
        if not failures:
            del self._failures[address]
        return failures

    def blocked(self, address):
        """Whether the address has used up its failed log-ins."""
        with self._lock:
            return len(self._recent(address, self.clock())) >= self.max_failures

    def record(self, address):
        """Count one failed log-in from the address."""
        with self._lock:
            now = self.clock()
            self._recent(address, now)
            self._failures.setdefault(address, deque()).append(now)
