"""Two real Daphne processes on different ports, talked to with the `websockets` client.

With REDIS_URL set (the PostgreSQL + Redis pass of `make test`) they share a Redis channel
layer, and a comment posted through one reaches a client of the other, both ways. Without
it (the SQLite pass, in-memory layer) each process has its own layer, and the test asserts
exactly that documented limit: the comment reaches a client of the same process, not one
of the other. `DELAHUB_EXPECT_CHANNELS=redis` with an unreachable Redis fails the test.

The Daphnes cannot see pytest-django's test database, so they share their own migrated
SQLite file; the Redis layer and cache use their own database number (3) on the same
server, emptied at the start, so the suite's cache clearing never touches it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import websockets

from tests.servers import Daphne, manage, project_env, writer_and_idea

REDIS_URL = os.environ.get("REDIS_URL", "")
EXPECTED = os.environ.get("DELAHUB_EXPECT_CHANNELS")


def _redis_for_cluster() -> str:
    """The same Redis server, database 3: shared by both Daphnes, apart from the suite's."""
    base = REDIS_URL.rsplit("/", 1)[0] if REDIS_URL.count("/") > 2 else REDIS_URL
    return f"{base}/3"


def _check_redis() -> None:
    if EXPECTED == "redis" and not REDIS_URL:
        pytest.fail("DELAHUB_EXPECT_CHANNELS=redis but REDIS_URL is unset: run `make test`.")
    if not REDIS_URL:
        return
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).ping()
    except redis.RedisError as exc:
        pytest.fail(f"Redis at {REDIS_URL} is unreachable ({exc}); the two-Daphne test needs it.")


@dataclass
class Cluster:
    ports: tuple[int, int]
    idea_id: int
    session: str
    token: str
    shared: bool
    servers: list[Daphne]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    _check_redis()
    base = tmp_path_factory.mktemp("daphnes")
    env = project_env(
        base,
        EMAIL_URL="dummy://",
        REDIS_PREFIX=f"delahub-test-{uuid.uuid4().hex[:8]}",
        # Hundreds of anonymous sockets come from 127.0.0.1 here; the cap per address is
        # tested on its own (test_socket_limits.py, test_socket_cap_across_processes.py).
        COMMENT_SOCKETS_PER_ADDRESS="0",
    )
    if REDIS_URL:
        env["REDIS_URL"] = _redis_for_cluster()
        import redis

        # Database 3 is this test's own: start it empty (presence counts of earlier runs).
        redis.Redis.from_url(env["REDIS_URL"]).flushdb()
    manage(env, "migrate", "--noinput")
    idea_id, session, token = writer_and_idea(env)
    servers = [Daphne(env, base / f"daphne-{n}.log") for n in (1, 2)]
    try:
        for server in servers:
            server.start()
        ports = (servers[0].port, servers[1].port)
        yield Cluster(ports, idea_id, session, token, shared=bool(REDIS_URL), servers=servers)
    finally:
        for server in servers:
            server.stop()


def _connect(cluster: Cluster, which: int, *, signed_in: bool = False) -> Any:
    port = cluster.ports[which]
    headers = {"Cookie": f"sessionid={cluster.session}"} if signed_in else {}
    return websockets.connect(
        f"ws://127.0.0.1:{port}/ws/ideas/{cluster.idea_id}/comments/",
        origin=f"http://127.0.0.1:{port}",  # type: ignore[arg-type]
        additional_headers=headers,
    )


async def _next(socket: Any, kind: str, timeout: float = 5) -> dict[str, Any]:
    """The next message of a type (presence counts may come in between)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        left = deadline - asyncio.get_running_loop().time()
        message = json.loads(await asyncio.wait_for(socket.recv(), timeout=max(left, 0.01)))
        if message["type"] == kind:
            return message


async def _nothing_of(socket: Any, kind: str, wait: float = 2.0) -> None:
    try:
        message = await _next(socket, kind, timeout=wait)
    except TimeoutError:
        return
    raise AssertionError(f"unexpected {kind}: {message}")


async def test_comment_over_the_socket_of_one_daphne_reaches_a_client_of_the_other(
    cluster: Cluster,
) -> None:
    async with (
        _connect(cluster, 0, signed_in=True) as writer,
        _connect(cluster, 0) as same_process,
        _connect(cluster, 1) as other_process,
    ):
        await asyncio.sleep(0.3)  # both listeners are in their groups
        client_id = str(uuid.uuid4())
        body = f"Från port {cluster.ports[0]}"
        await writer.send(
            json.dumps({"type": "comment.create", "body": body, "client_id": client_id})
        )
        ack = await _next(writer, "comment.ack")
        assert ack["client_id"] == client_id
        here = await _next(same_process, "comment.created")
        assert here["comment"]["id"] == ack["comment"]["id"]
        if cluster.shared:
            there = await _next(other_process, "comment.created")
            assert there["comment"] == here["comment"]
        else:
            # In-memory layer: one process only, as documented.
            await _nothing_of(other_process, "comment.created")


async def test_comment_over_rest_on_one_daphne_reaches_a_socket_on_the_other(
    cluster: Cluster,
) -> None:
    async with _connect(cluster, 0) as listener:
        await asyncio.sleep(0.3)
        request = urllib.request.Request(
            f"http://127.0.0.1:{cluster.ports[1]}/api/v1/ideas/{cluster.idea_id}/comments/",
            data=json.dumps({"body": "Via REST på andra porten"}).encode(),
            headers={"Content-Type": "application/json", "Authorization": f"Token {cluster.token}"},
            method="POST",
        )
        response = await asyncio.to_thread(urllib.request.urlopen, request, timeout=10)
        created = json.loads(response.read())
        assert response.status == 201
        if cluster.shared:
            message = await _next(listener, "comment.created")
            assert message["comment"]["id"] == created["id"]
        else:
            await _nothing_of(listener, "comment.created")
    # Either way, a client that reconnects and resumes misses nothing: it is in the database.
    async with _connect(cluster, 0) as reconnected:
        await reconnected.send(json.dumps({"type": "resume", "after": created["id"] - 1}))
        replayed = await _next(reconnected, "comment.created")
        assert replayed["comment"]["id"] == created["id"]


async def test_presence_counts_viewers_across_processes(cluster: Cluster) -> None:
    async with _connect(cluster, 0) as first, _connect(cluster, 1) as second:
        expected = 2 if cluster.shared else 1
        # The count comes from the shared cache (Redis) when there is one.
        deadline = asyncio.get_running_loop().time() + 5
        viewers = 0
        while viewers != expected and asyncio.get_running_loop().time() < deadline:
            viewers = (await _next(second, "presence"))["viewers"]
        assert viewers == expected
        del first


async def test_sockets_opening_while_the_thread_broadcasts_get_nothing_before_they_open(
    cluster: Cluster,
) -> None:
    # Many people open the thread at once while presence counts go out to it: an event
    # relayed to a socket not yet accepted is refused by Daphne ("Socket has not been
    # accepted"), so a socket counts as joined only once it is open.
    async with contextlib.AsyncExitStack() as stack:
        sockets = []
        for _ in range(6):
            sockets += await asyncio.gather(
                *(stack.enter_async_context(_connect(cluster, 0)) for _ in range(40))
            )
            await asyncio.sleep(0.2)
        await asyncio.sleep(1.5)  # the last presence count has gone out
        for socket in sockets:
            assert (await _next(socket, "presence"))["viewers"] >= 1
    log = cluster.servers[0].log()
    assert "Traceback" not in log, log
