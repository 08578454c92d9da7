"""The ASGI application validates WebSocket origins and refuses unknown paths."""

from __future__ import annotations

import pytest
from channels.testing import WebsocketCommunicator

from hub.asgi import application

pytestmark = [pytest.mark.django_db(transaction=True)]


async def test_websocket_from_a_foreign_origin_is_refused() -> None:
    communicator = WebsocketCommunicator(
        application, "/ws/ideas/1/comments/", headers=[(b"origin", b"https://evil.example")]
    )
    connected, _ = await communicator.connect()
    assert connected is False
    await communicator.disconnect()


async def test_websocket_to_an_unknown_path_is_refused() -> None:
    communicator = WebsocketCommunicator(
        application, "/ws/nowhere/", headers=[(b"origin", b"http://localhost")]
    )
    with pytest.raises(ValueError, match="No route found"):
        await communicator.connect()
