"""Real servers for tests that need them as separate processes: Daphne serving the
project (with its own SQLite database, which pytest-django's test database is not), a
throwaway redis-server that a test may stop and start again, and a search engine address
that never answers.

Used by tests/live.py (the browser and fuzz site), the two-Daphne test, the Redis fault
tests and the indexing tests.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pytest

ROOT = Path(__file__).resolve().parents[1]

# The one copy of free ports, waiting for them and redis-server (scripts/servers.py).
from scripts.servers import (  # noqa: E402
    RedisServer,
    ServerDidNotStart,
    free_port,
    wait_for_port,
)

# What a test server must not inherit from the suite's environment: it has its own.
_OWN = {"DATABASE_URL", "REDIS_URL", "ELASTICSEARCH_URL", "DJANGO_SETTINGS_MODULE"}


def wait_until_listening(
    process: subprocess.Popen[bytes], port: int, seconds: float, describe: Callable[[], str]
) -> None:
    """Wait for a just-started server's port; fail the test if it exits or takes too long."""
    try:
        wait_for_port(port, describe(), process=process, timeout=seconds)
    except ServerDidNotStart as error:
        pytest.fail(f"The server on port {port} did not start: {error}")


def project_env(base: Path, **extra: str) -> dict[str, str]:
    """The environment of a project process with its own SQLite database under `base`."""
    env = {k: v for k, v in os.environ.items() if k not in _OWN}
    env |= {
        "DATABASE_URL": f"sqlite:///{base / 'site.sqlite3'}",
        "DELAHUB_VAR_DIR": str(base / "var"),
        # As `make run` serves: the site's own error pages, static files through WhiteNoise.
        "DEBUG": "false",
    }
    return env | extra


def manage(env: dict[str, str], *args: str, timeout: int = 180) -> str:
    """Run a management command in `env`; returns its output, fails the test on error."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


WRITER_SETUP = """
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from accounts.services import api_token_create
from allauth.account.models import EmailAddress
from accounts.models import Membership, Organisation, User
from ideas.models import Idea
org = Organisation.objects.get(slug="skelleftea")
writer = User.objects.create_user("writer@skelleftea.example", "x-pass-123456", display_name="Wera")
EmailAddress.objects.create(user=writer, email=writer.email, verified=True, primary=True)
Membership.objects.create(user=writer, organisation=org)
idea = Idea.objects.create(kind="activity", title="Delad tråd", organisation=org, created_by=writer)
session = SessionStore()
session[SESSION_KEY] = str(writer.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = writer.get_session_auth_hash()
session.create()
_token, key = api_token_create(user=writer)
print(idea.pk, session.session_key, key)
"""


def writer_and_idea(env: dict[str, str]) -> tuple[int, str, str]:
    """In a migrated project database: a member of Skellefteå ("writer@skelleftea.example",
    password "x-pass-123456", address verified) with a signed-in session and an API token, and a public idea
    of theirs. Returns (idea id, session key, token)."""
    idea_id, session, token = manage(env, "shell", "--no-imports", "-c", WRITER_SETUP).split()
    return int(idea_id), session, token


class Daphne:
    """`daphne hub.asgi:application` on a free port of 127.0.0.1, logging to a file."""

    def __init__(self, env: dict[str, str], log_path: Path, port: int | None = None) -> None:
        self.env = env
        self.port = port or free_port()
        self.log_path = log_path
        self.process: subprocess.Popen[bytes] | None = None
        self._log: IO[str] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Daphne:
        self._log = self.log_path.open("w")
        command = [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(self.port)]
        self.process = subprocess.Popen(
            [*command, "hub.asgi:application"],
            cwd=ROOT,
            # As `make run`: links in e-mails name the address served, unless SITE_URL is set.
            env={"SITE_URL": self.url} | self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        wait_until_listening(self.process, self.port, 30, lambda: self.log_path.read_text())
        return self

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:  # a slow shutdown is not what tests check
                self.process.kill()
                self.process.wait(timeout=10)
            self.process = None
        if self._log is not None:
            self._log.close()
            self._log = None

    def log(self) -> str:
        return self.log_path.read_text()


@dataclass
class RedisSite:
    """One Daphne whose channel layer and cache are a Redis of the test's own."""

    daphne: Daphne
    redis: RedisServer
    env: dict[str, str]
    idea_id: int
    session: str
    token: str


@contextmanager
def redis_site(base: Path, **extra: str) -> Iterator[RedisSite]:
    """Start a Redis and a Daphne using it, with `writer_and_idea`'s data; stop both after."""
    redis = RedisServer(base).start()
    env = project_env(base, EMAIL_URL="dummy://", REDIS_URL=redis.url, **extra)
    try:
        manage(env, "migrate", "--noinput")
        idea_id, session, token = writer_and_idea(env)
        daphne = Daphne(env, base / "daphne.log").start()
        try:
            yield RedisSite(daphne, redis, env, idea_id, session, token)
        finally:
            daphne.stop()
    finally:
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
