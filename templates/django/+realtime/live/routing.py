from urllib.parse import urlsplit

from channels.auth import AuthMiddlewareStack
from channels.routing import URLRouter
from django.urls import path

from .consumers import LiveConsumer

websocket_urlpatterns = [
    path("ws", LiveConsumer.as_asgi()),
]


def allowed_origin(origin, host):
    """Whether a WebSocket may open: every browser sends the page's Origin,
    and a page of another site must not open /ws with this site's cookies
    (cross-site WebSocket hijacking), so a browser's Origin must name the
    host it connects to. Clients that are not browsers send no Origin."""
    return origin is None or urlsplit(origin).netloc == host


class RefuseOtherSites:
    """ASGI middleware: refuses the handshake (HTTP 403) of a WebSocket that
    a page of another site opens."""

    def __init__(self, inner):
        self.inner = inner

    async def __call__(self, scope, receive, send):
        headers = {
            name.decode("latin-1"): value.decode("latin-1") for name, value in scope["headers"]
        }
        if not allowed_origin(headers.get("origin"), headers.get("host")):
            await receive()  # the client's websocket.connect
            await send({"type": "websocket.close", "code": 403})
            return None
        return await self.inner(scope, receive, send)


# What asgi.py serves for WebSockets: the session's user in the scope.
websocket_application = RefuseOtherSites(AuthMiddlewareStack(URLRouter(websocket_urlpatterns)))
