"""The live channel's protocol, apart from the transport.

A client sends `{"text": "..."}`; every client, the sender included, gets
`{"text": "...", "at": "<ISO 8601 UTC>"}`. Anything else gets
`{"error": "..."}`, sent to the sender alone.
"""

import json
import time
from datetime import UTC, datetime

# The largest message a client may send, in bytes of UTF-8.
MAX_MESSAGE_BYTES = 4096


def read_message(raw):
    """Return `(broadcast, error)` for one message from a client: the
    message to send to everyone, or the error to send back to the sender."""
    if raw is None:
        return None, "send text frames holding JSON"
    if len(raw.encode("utf-8")) > MAX_MESSAGE_BYTES:
        return None, f"message too large: the limit is {MAX_MESSAGE_BYTES} bytes"
    try:
        data = json.loads(raw)
    except ValueError:
        return None, "invalid JSON"
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        return None, 'expected {"text": "..."} with a string text'
    at = datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    return {"text": data["text"], "at": at}, None


class MessageRate:
    """One connection's allowance (a token bucket): `per_second` messages a
    second on average, and up to twice that at once."""

    def __init__(self, per_second, clock=time.monotonic):
        self.per_second = per_second
        self.burst = max(1.0, 2 * per_second)
        self.tokens = self.burst
        self.clock = clock
        self.last = clock()

    def allow(self):
        """Whether one more message may go through now."""
        now = self.clock()
        self.tokens = min(self.burst, self.tokens + (now - self.last) * self.per_second)
        self.last = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True
