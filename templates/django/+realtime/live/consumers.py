"""The WebSocket at /ws: every message a client sends reaches every client.

Clients join one channel-layer group. The layer is in memory by default,
which reaches the clients of this process only; with REDIS_URL set it is
Redis, which reaches the clients of every process (see settings.py).
"""

import json

from channels.generic.websocket import AsyncWebsocketConsumer

from .messages import read_message

GROUP = "live"


class LiveConsumer(AsyncWebsocketConsumer):
    async def connect(self):
        await self.channel_layer.group_add(GROUP, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        await self.channel_layer.group_discard(GROUP, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None):
        message, error = read_message(text_data)
        if error:
            await self.send(text_data=json.dumps({"error": error}))
            return
        await self.channel_layer.group_send(GROUP, {"type": "live.message", **message})

    async def live_message(self, event):
        """A broadcast from the group, for this client."""
        await self.send(text_data=json.dumps({"text": event["text"], "at": event["at"]}))
