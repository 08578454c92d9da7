"""The cap on sockets per session holds across Daphne processes, and a process that dies
without closing its sockets does not leave them counted.

Two real Daphne processes share a Redis of this test's own (channel layer and cache), with
`COMMENT_SOCKETS_PER_SESSION=2` and `COMMENT_PRESENCE_TTL=3`. One session opens two sockets
on the first process; the second process closes a third one with 4429. The first process
is killed (SIGKILL: no disconnect runs); once its counts expire, the second process lets
the session open a socket again (comments/limits.py, comments/presence.py).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import websockets

from comments.consumers import CLOSE_TOO_MANY
from tests.servers import Daphne, redis_site


@dataclass
class Pair:
    doomed: Daphne
    survivor: Daphne
    idea_id: int
    session: str


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[Pair]:
    with redis_site(
        tmp_path, processes=2, COMMENT_PRESENCE_TTL="3", COMMENT_SOCKETS_PER_SESSION="2"
    ) as site:
        yield Pair(site.daphnes[0], site.daphnes[1], site.idea_id, site.session)


def _connect(server: Daphne, pair: Pair) -> Any:
    return websockets.connect(
        f"ws://127.0.0.1:{server.port}/ws/ideas/{pair.idea_id}/comments/",
        origin=server.url,  # type: ignore[arg-type]
        additional_headers={"Cookie": f"sessionid={pair.session}"},
    )


async def _close_code(socket: Any, wait: float = 1.5) -> int | None:
    """The code the server closed the socket with within `wait` seconds; None if it stays
    open (presence counts may arrive meanwhile)."""
    deadline = asyncio.get_running_loop().time() + wait
    try:
        while (left := deadline - asyncio.get_running_loop().time()) > 0:
            await asyncio.wait_for(socket.recv(), timeout=left)
    except TimeoutError:
        return None
    except websockets.ConnectionClosed as exc:
        return exc.rcvd.code if exc.rcvd else None
    return None


async def test_the_session_cap_holds_across_processes_and_forgets_a_killed_one(
    pair: Pair,
) -> None:
    async with _connect(pair.doomed, pair) as one, _connect(pair.doomed, pair) as two:
        assert await _close_code(one, wait=0.5) is None
        assert await _close_code(two, wait=0.5) is None
        async with _connect(pair.survivor, pair) as third:
            assert await _close_code(third) == CLOSE_TOO_MANY
        assert pair.doomed.process is not None
        pair.doomed.process.kill()  # no disconnect handlers run
        pair.doomed.process.wait(timeout=10)
        # The dead process's counts expire after 3 s; until then the session is full.
        deadline = time.monotonic() + 15
        while True:
            async with _connect(pair.survivor, pair) as again:
                code = await _close_code(again)
            if code is None:
                break
            assert code == CLOSE_TOO_MANY
            assert time.monotonic() < deadline, "the killed process's sockets still count"
            await asyncio.sleep(0.5)
    assert "Traceback" not in pair.survivor.log()
