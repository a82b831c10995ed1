"""The WebSocket at /ws, through Channels' test communicator (in-memory layer)."""

import json
import os
from datetime import datetime
from types import SimpleNamespace

import pytest
from asgiref.sync import async_to_sync
from channels.layers import channel_layers
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from channels_redis.core import RedisChannelLayer
from django.test import override_settings

from live.consumers import GROUP
from live.messages import MessageRate
from live.routing import websocket_application, websocket_urlpatterns

IN_MEMORY = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# The consumer uses no database, but Channels closes stale database
# connections around every message (as Django does around a request): after
# another test has opened one, that check needs database access.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def in_memory_layer():
    """The tests need no Redis, whatever REDIS_URL says."""
    with override_settings(CHANNEL_LAYERS=IN_MEMORY):
        channel_layers.backends.clear()
        yield
    channel_layers.backends.clear()


# These clients count as logged in, whatever LIVE_REQUIRES_LOGIN says; the
# test of the login requirement goes through the real session instead.
LOGGED_IN = SimpleNamespace(is_authenticated=True)


def client():
    communicator = WebsocketCommunicator(URLRouter(websocket_urlpatterns), "/ws")
    communicator.scope["user"] = LOGGED_IN
    return communicator


@override_settings(LIVE_REQUIRES_LOGIN=False)
def test_a_page_of_another_site_cannot_open_ws_this_site_can():
    def opens(origin):
        headers = [(b"host", b"example.com"), (b"origin", origin)]
        communicator = WebsocketCommunicator(websocket_application, "/ws", headers=headers)

        async def connect():
            connected, _ = await communicator.connect()
            await communicator.disconnect()
            return connected

        return async_to_sync(connect)()

    assert not opens(b"https://evil.example")
    assert opens(b"https://example.com")


def test_a_message_reaches_every_client_the_sender_included():
    async def scenario():
        alice, bob = client(), client()
        assert (await alice.connect())[0]
        assert (await bob.connect())[0]

        await alice.send_to(text_data=json.dumps({"text": "hello"}))

        for receiver in (alice, bob):
            message = json.loads(await receiver.receive_from(timeout=2))
            assert message["text"] == "hello"
            at = datetime.fromisoformat(message["at"].replace("Z", "+00:00"))
            assert at.utcoffset().total_seconds() == 0
        await alice.disconnect()
        await bob.disconnect()

    async_to_sync(scenario)()


@pytest.mark.parametrize(
    "raw",
    [
        "not json",
        json.dumps({"txt": "typo"}),
        json.dumps({"text": 42}),
        json.dumps(["text"]),
        json.dumps({"text": "x" * 5000}),
    ],
)
def test_a_bad_message_gets_an_error_for_the_sender_alone_and_the_connection_stays_open(raw):
    async def scenario():
        sender, other = client(), client()
        assert (await sender.connect())[0]
        assert (await other.connect())[0]

        await sender.send_to(text_data=raw)

        assert "error" in json.loads(await sender.receive_from(timeout=2))
        assert await other.receive_nothing(timeout=0.2)
        # The same connection still works.
        await sender.send_to(text_data=json.dumps({"text": "still here"}))
        assert json.loads(await other.receive_from(timeout=2))["text"] == "still here"
        assert json.loads(await sender.receive_from(timeout=2))["text"] == "still here"
        await sender.disconnect()
        await other.disconnect()

    async_to_sync(scenario)()


@override_settings(LIVE_REQUIRES_LOGIN=True)
def test_when_login_is_required_only_a_logged_in_session_opens_ws(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("listener"))
    session = client.cookies["sessionid"].value

    def opens(cookie):
        headers = [(b"host", b"example.com"), (b"cookie", cookie)]
        communicator = WebsocketCommunicator(websocket_application, "/ws", headers=headers)

        async def connect():
            connected, _ = await communicator.connect()
            await communicator.disconnect()
            return connected

        return async_to_sync(connect)()

    assert not opens(b"")
    assert opens(f"sessionid={session}".encode())


def test_a_connection_that_sends_faster_than_its_allowance_is_told_so():
    async def scenario():
        flooder = client()
        assert (await flooder.connect())[0]

        for n in range(40):
            await flooder.send_to(text_data=json.dumps({"text": f"flood {n}"}))
        replies = [json.loads(await flooder.receive_from(timeout=2)) for _ in range(40)]
        await flooder.disconnect()
        return replies

    replies = async_to_sync(scenario)()

    broadcasts = [reply for reply in replies if "text" in reply]
    refusals = [reply for reply in replies if "error" in reply]
    assert 20 <= len(broadcasts) <= 22
    assert refusals[0] == {"error": "too many messages: at most 10 a second"}


def test_the_allowance_is_a_bucket_twice_the_rate_at_once_then_the_rate():
    now = [0.0]
    rate = MessageRate(2, clock=lambda: now[0])

    first = [rate.allow() for _ in range(5)]
    now[0] += 1
    later = [rate.allow() for _ in range(3)]

    assert first == [True, True, True, True, False]
    assert later == [True, True, False]


REDIS_URL = os.environ.get("REDIS_URL")


@pytest.mark.skipif(not REDIS_URL, reason="needs REDIS_URL (the Redis workflow sets it)")
def test_with_redis_a_broadcast_from_another_process_reaches_the_clients():
    redis_layer = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL]},
        }
    }

    async def scenario():
        listener = client()
        assert (await listener.connect())[0]
        # Another process's layer: a client of another worker sent this.
        other_process = RedisChannelLayer(hosts=[REDIS_URL])
        await other_process.group_send(
            GROUP, {"type": "live.message", "text": "from afar", "at": "2026-01-01T00:00:00.000Z"}
        )
        message = json.loads(await listener.receive_from(timeout=5))
        await listener.disconnect()
        return message

    with override_settings(CHANNEL_LAYERS=redis_layer):
        channel_layers.backends.clear()
        message = async_to_sync(scenario)()

    assert message == {"text": "from afar", "at": "2026-01-01T00:00:00.000Z"}
