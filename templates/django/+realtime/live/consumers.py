"""The WebSocket at /ws: every message a client sends reaches every client.

Clients join one channel-layer group. The layer is in memory by default,
which reaches the clients of this process only; with REDIS_URL set it is
Redis, which reaches the clients of every process (see settings.py).

Each connection may send LIVE_MESSAGES_PER_SECOND messages a second, twice
that at once; beyond, a message is dropped and its sender told so. With
LIVE_REQUIRES_LOGIN (the accounts pages are in), a visitor who is not logged
in cannot open the socket (403).
"""

import json

from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings

from .messages import MessageRate, read_message

GROUP = "live"


class LiveConsumer(AsyncWebsocketConsumer):
    async def connect(self):
        user = self.scope.get("user")
        if settings.LIVE_REQUIRES_LOGIN and not (user and user.is_authenticated):
            await self.close()  # before accepting: the handshake gets 403
            return
        per_second = settings.LIVE_MESSAGES_PER_SECOND
        self.rate = MessageRate(per_second)
        self.too_fast = json.dumps({"error": f"too many messages: at most {per_second:g} a second"})
        await self.channel_layer.group_add(GROUP, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        await self.channel_layer.group_discard(GROUP, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None):
        if not self.rate.allow():
            await self.send(text_data=self.too_fast)
            return
        message, error = read_message(text_data)
        if error:
            await self.send(text_data=json.dumps({"error": error}))
            return
        await self.channel_layer.group_send(GROUP, {"type": "live.message", **message})

    async def live_message(self, event):
        """A broadcast from the group, for this client."""
        await self.send(text_data=json.dumps({"text": event["text"], "at": event["at"]}))
