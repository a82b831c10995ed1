"""The WebSocket at /ws: every message a client sends reaches every client.

A client sends `{"text": "..."}`; every client, the sender included, gets
`{"text": "...", "at": "<ISO 8601 UTC>"}`. Anything else gets
`{"error": "..."}`, sent to the sender alone, and the connection stays open.

The connected clients are kept in this process's memory, so broadcasts reach
the clients of this process only: the production command runs one gunicorn
process with many threads, one thread per open WebSocket (see README.md).
"""

import json
import threading
from datetime import UTC, datetime
from urllib.parse import urlsplit

from flask import Blueprint, request
from flask_sock import ConnectionClosed, Sock

# The largest message a client may send, in bytes of UTF-8.
MAX_MESSAGE_BYTES = 4096

bp = Blueprint("live", __name__)
sock = Sock()

_clients = set()
_clients_lock = threading.Lock()


def init_app(app):
    """Serve /ws on the app. A ping every 25 seconds finds dead connections."""
    app.config.setdefault("SOCK_SERVER_OPTIONS", {"ping_interval": 25})
    app.register_blueprint(bp)


def allowed_origin(origin, host):
    """Whether a WebSocket may open: every browser sends the page's Origin,
    and a page of another site must not open /ws with this site's cookies
    (cross-site WebSocket hijacking), so a browser's Origin must name the
    host it connects to. Clients that are not browsers send no Origin."""
    return origin is None or urlsplit(origin).netloc == host


@bp.before_request
def refuse_other_sites():
    """Answer 403, before the handshake, to a page of another site."""
    if not allowed_origin(request.headers.get("Origin"), request.host):
        return {"error": "a page of another site cannot open /ws"}, 403
    return None


def read_message(raw):
    """Return `(broadcast, error)` for one message from a client: the
    message to send to everyone, or the error to send back to the sender."""
    if not isinstance(raw, str):
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


def broadcast(message):
    """Send a message to every connected client; forget the ones gone."""
    text = json.dumps(message)
    with _clients_lock:
        clients = list(_clients)
    for client in clients:
        try:
            client.send(text)
        except ConnectionClosed:
            with _clients_lock:
                _clients.discard(client)


def close_all():
    """Close every open WebSocket with code 1001 (going away): the server is
    stopping. gunicorn.conf.py calls it on SIGTERM."""
    with _clients_lock:
        clients = list(_clients)
    for client in clients:
        try:
            client.close(reason=1001, message="server shutting down")
        except (ConnectionClosed, OSError):
            pass


@sock.route("/ws", bp=bp)
def live(ws):
    with _clients_lock:
        _clients.add(ws)
    try:
        while True:
            message, error = read_message(ws.receive())
            if error:
                ws.send(json.dumps({"error": error}))
            else:
                broadcast(message)
    finally:
        with _clients_lock:
            _clients.discard(ws)
