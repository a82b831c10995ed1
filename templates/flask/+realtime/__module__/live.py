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

from flask import Blueprint, current_app, g, request
from flask_sock import ConnectionClosed, Sock

# The largest message a client may send, in bytes: simple-websocket closes
# the connection (1009, message too big) as soon as more has arrived, without
# reading the rest of the frame.
MAX_MESSAGE_BYTES = 4096
# The most WebSockets open at once (FLASK_LIVE_MAX_CLIENTS). Each one holds
# one of gunicorn's threads for as long as it is open; the threads beyond
# this number stay free for HTTP, /health included, however many sockets
# clients open and leave idle.
DEFAULT_MAX_CLIENTS = 50

bp = Blueprint("live", __name__)
sock = Sock()

_clients = set()
_clients_lock = threading.Lock()


class Admissions:
    """The WebSockets an app has admitted and not yet seen close."""

    def __init__(self):
        self.count = 0
        self.lock = threading.Lock()


def init_app(app):
    """Serve /ws on the app. A ping every 25 seconds finds dead connections."""
    app.config.setdefault(
        "SOCK_SERVER_OPTIONS", {"ping_interval": 25, "max_message_size": MAX_MESSAGE_BYTES}
    )
    app.config.setdefault("LIVE_MAX_CLIENTS", DEFAULT_MAX_CLIENTS)
    app.extensions["live_admissions"] = Admissions()
    app.register_blueprint(bp)


def allowed_origin(origin, host):
    """Whether a WebSocket may open: every browser sends the page's Origin,
    and a page of another site must not open /ws with this site's cookies
    (cross-site WebSocket hijacking), so a browser's Origin must name the
    host it connects to. Clients that are not browsers send no Origin."""
    return origin is None or urlsplit(origin).netloc == host


@bp.before_request
def admit():
    """Before the handshake: 403 to a page of another site, 503 beyond
    LIVE_MAX_CLIENTS open WebSockets."""
    if not allowed_origin(request.headers.get("Origin"), request.host):
        return {"error": "a page of another site cannot open /ws"}, 403
    admissions = current_app.extensions["live_admissions"]
    with admissions.lock:
        if admissions.count >= current_app.config["LIVE_MAX_CLIENTS"]:
            return {"error": "too many live connections: try again later"}, 503
        admissions.count += 1
    g.live_admitted = True
    return None


@bp.teardown_request
def release(_error):
    """The WebSocket has closed: its place is free again."""
    if g.pop("live_admitted", False):
        admissions = current_app.extensions["live_admissions"]
        with admissions.lock:
            admissions.count -= 1


def read_message(raw):
    """Return `(broadcast, error)` for one message from a client: the
    message to send to everyone, or the error to send back to the sender."""
    if not isinstance(raw, str):
        return None, "send text frames holding JSON"
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
