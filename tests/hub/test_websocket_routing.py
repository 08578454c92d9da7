"""The ASGI application validates WebSocket origins and refuses unknown paths quietly."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import websockets
from channels.testing import WebsocketCommunicator

from hub.asgi import application
from tests.servers import Daphne, manage, project_env

pytestmark = [pytest.mark.django_db(transaction=True)]

ORIGIN = (b"origin", b"http://localhost")
# No route matches these: unknown paths, and ids the int converter does not take.
UNROUTED = [
    "/ws/nope/",
    "/ws/nowhere/",
    "/ws/ideas/-1/comments/",
    "/ws/ideas/abc/comments/",
    "/ws/ideas/1/comments/extra/",
    "/ws/ideas/1/comments",
    "/",
    "/api/v1/ideas/",
]


async def test_websocket_from_a_foreign_origin_is_refused() -> None:
    communicator = WebsocketCommunicator(
        application, "/ws/ideas/1/comments/", headers=[(b"origin", b"https://evil.example")]
    )
    connected, _ = await communicator.connect()
    assert connected is False
    await communicator.disconnect()


@pytest.mark.parametrize("path", UNROUTED)
async def test_websocket_to_an_unrouted_path_is_refused(path: str) -> None:
    communicator = WebsocketCommunicator(application, path, headers=[ORIGIN])
    connected, code = await communicator.connect()
    assert connected is False
    assert code == 1000  # closed before accept: the server answers the handshake with 403
    await communicator.disconnect()


@pytest.mark.django_db(transaction=False)
def test_daphne_refuses_unrouted_sockets_with_403_and_no_traceback(tmp_path: Path) -> None:
    env = project_env(tmp_path, EMAIL_URL="dummy://")
    manage(env, "migrate", "--noinput")
    server = Daphne(env, tmp_path / "daphne.log").start()
    try:

        async def handshake(path: str) -> int:
            try:
                async with websockets.connect(
                    f"ws://127.0.0.1:{server.port}{path}", origin=server.url, open_timeout=10
                ):
                    return 101
            except websockets.InvalidStatus as exc:
                return exc.response.status_code

        statuses = {path: asyncio.run(handshake(path)) for path in UNROUTED}
    finally:
        server.stop()
    assert statuses == dict.fromkeys(UNROUTED, 403)
    log = server.log()
    assert "Traceback" not in log and "No route found" not in log, log
