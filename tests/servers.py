"""Real servers for tests that need them as separate processes: Daphne serving the
project (with its own SQLite database, which pytest-django's test database is not), a
throwaway redis-server that a test may stop and start again, and a search engine address
that never answers. The servers themselves are scripts/servers.py's (shared with the test
runner and the benchmarks); here their failures fail the test.

Used by tests/live.py (the browser and fuzz site), the two-Daphne test, the Redis fault
tests and the indexing tests.
"""

from __future__ import annotations

import socket
import subprocess
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# The one copy of free ports, waiting for them, redis-server, the project's environment and
# Daphne (scripts/servers.py); here only what turns their errors into test failures.
from scripts import servers  # noqa: E402
from scripts.servers import (  # noqa: E402
    CommandFailed,
    RedisServer,
    ServerDidNotStart,
    free_port,
    project_env,
    wait_for_port,
)

__all__ = [
    "ROOT",
    "Daphne",
    "HangingEngine",
    "RedisServer",
    "RedisSite",
    "free_port",
    "manage",
    "project_env",
    "redis_site",
    "wait_until_listening",
    "writer_and_idea",
]


def wait_until_listening(
    process: subprocess.Popen[bytes], port: int, seconds: float, describe: Callable[[], str]
) -> None:
    """Wait for a just-started server's port; fail the test if it exits or takes too long."""
    try:
        wait_for_port(port, describe(), process=process, timeout=seconds)
    except ServerDidNotStart as error:
        pytest.fail(f"The server on port {port} did not start: {error}")


def manage(env: dict[str, str], *args: str, timeout: int = 180) -> str:
    """Run a management command in `env`; returns its output, fails the test on error."""
    try:
        return servers.manage(env, *args, timeout=timeout)
    except CommandFailed as error:
        pytest.fail(f"manage.py {' '.join(args[:1])} failed:\n{error}")


def writer_and_idea(env: dict[str, str]) -> tuple[int, str, str]:
    """scripts.servers.writer_and_idea, failing the test if the set-up fails."""
    try:
        return servers.writer_and_idea(env)
    except CommandFailed as error:
        pytest.fail(f"the writer and idea set-up failed:\n{error}")


class Daphne(servers.Daphne):
    """scripts.servers.Daphne, failing the test if it does not start."""

    def start(self, timeout: float = 30) -> Daphne:
        try:
            super().start(timeout)
        except ServerDidNotStart as error:
            pytest.fail(f"The server on port {self.port} did not start: {error}")
        return self


@dataclass
class RedisSite:
    """Daphne processes (one unless asked for more) whose channel layer and cache are a Redis
    of the test's own, with `writer_and_idea`'s data."""

    daphnes: list[Daphne]
    redis: RedisServer
    env: dict[str, str]
    idea_id: int
    session: str
    token: str

    @property
    def daphne(self) -> Daphne:
        return self.daphnes[0]


@contextmanager
def redis_site(base: Path, *, processes: int = 1, **extra: str) -> Iterator[RedisSite]:
    """Start a Redis and `processes` Daphne using it, with `writer_and_idea`'s data; stop
    them all after."""
    redis = RedisServer(base).start()
    env = project_env(base, EMAIL_URL="dummy://", REDIS_URL=redis.url, **extra)
    daphnes: list[Daphne] = []
    try:
        manage(env, "migrate", "--noinput")
        idea_id, session, token = writer_and_idea(env)
        logs = (
            ["daphne.log"]
            if processes == 1
            else [f"daphne-{n}.log" for n in range(1, processes + 1)]
        )
        for log in logs:
            daphnes.append(Daphne(env, base / log).start())
        yield RedisSite(daphnes, redis, env, idea_id, session, token)
    finally:
        for daphne in daphnes:
            daphne.stop()
        redis.stop()


class HangingEngine:
    """An address where connections are accepted and never answered: an Elasticsearch
    client sent here waits until its own timeout, as with a cluster that hangs."""

    def __init__(self) -> None:
        self._server = socket.socket()
        self._server.bind(("127.0.0.1", 0))
        self._server.listen(16)
        self._server.settimeout(0.1)
        self.accepted: list[socket.socket] = []
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.getsockname()[1]}"

    def _accept(self) -> None:
        while not self._done.is_set():
            try:
                self.accepted.append(self._server.accept()[0])  # read nothing, answer nothing
            except TimeoutError:
                continue

    def start(self) -> HangingEngine:
        self._thread.start()
        return self

    def stop(self) -> None:
        """Close every connection (a waiting client gets its answer: the connection is
        gone) and the address (new connections are refused)."""
        self._done.set()
        self._thread.join(timeout=5)
        for conn in self.accepted:
            conn.close()
        self._server.close()
