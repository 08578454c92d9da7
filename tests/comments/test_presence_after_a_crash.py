"""The viewer count recovers when a Daphne process dies without closing its sockets.

Two real Daphne processes share a Redis of this test's own (channel layer and cache), with
`COMMENT_PRESENCE_TTL=3`. A viewer on each: both see 2. One process is killed (SIGKILL:
no disconnect runs); the viewer on the other is told 1 once the dead process's count
expires, without anybody joining or leaving (comments/presence.py).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import websockets

from tests.servers import Daphne, redis_site


@pytest.fixture
def two_daphnes(tmp_path: Path) -> Iterator[tuple[Daphne, Daphne, int]]:
    with redis_site(tmp_path, processes=2, COMMENT_PRESENCE_TTL="3") as site:
        yield site.daphnes[0], site.daphnes[1], site.idea_id


def _connect(server: Daphne, idea_id: int) -> Any:
    return websockets.connect(
        f"ws://127.0.0.1:{server.port}/ws/ideas/{idea_id}/comments/",
        origin=server.url,  # type: ignore[arg-type]
    )


async def _viewers(socket: Any, expected: int, within: float) -> int:
    """Read presence messages until the count is `expected` or time is up; the last count."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    viewers = -1
    while viewers != expected and loop.time() < deadline:
        try:
            raw = await asyncio.wait_for(socket.recv(), timeout=max(deadline - loop.time(), 0.01))
        except TimeoutError:
            break
        message = json.loads(raw)
        if message["type"] == "presence":
            viewers = message["viewers"]
    return viewers


async def test_viewers_of_a_killed_process_drop_out_of_the_count(
    two_daphnes: tuple[Daphne, Daphne, int],
) -> None:
    survivor, doomed, idea_id = two_daphnes
    async with _connect(survivor, idea_id) as here, _connect(doomed, idea_id) as there:
        assert await _viewers(here, 2, within=10) == 2
        assert await _viewers(there, 2, within=10) == 2
        assert doomed.process is not None
        doomed.process.kill()  # no disconnect handlers run
        doomed.process.wait(timeout=10)
        # The dead process's count expires after 3 s; the survivor's refresh (every 1 s)
        # notices the total changed and tells its viewer.
        assert await _viewers(here, 1, within=15) == 1
    assert "Traceback" not in survivor.log()
