"""Failed log-ins, limited per client address: after 10 in 15 minutes a
log-in form (the admin site's, and the accounts' one) answers 429 until the
oldest of them is 15 minutes old, as in the Express starter.

Django's authenticate() reports each failure (the user_login_failed signal,
connected in apps.py); middleware.throttle_logins refuses the next POSTs.
The count lives in this process's memory: each server process counts on its
own, and a restart forgets.
"""

import threading
import time
from collections import deque

from django.conf import settings

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

    def clear(self):
        """Forget every failure (each test starts afresh)."""
        with self._lock:
            self._failures.clear()

    def record(self, address):
        """Count one failed log-in from the address."""
        with self._lock:
            now = self.clock()
            self._recent(address, now)
            self._failures.setdefault(address, deque()).append(now)


failed_logins = FailedLogins()


def client_address(request):
    """The client's address: behind a trusted proxy (DJANGO_TRUST_PROXY=1),
    the one its X-Forwarded-For adds last, else the connection's."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and forwarded:
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def record_failure(sender, credentials, request=None, **kwargs):
    """The user_login_failed receiver."""
    if request is not None:
        failed_logins.record(client_address(request))
