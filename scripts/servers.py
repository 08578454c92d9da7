"""Throwaway servers on free loopback ports, for the test runner, the tests and the
benchmarks alike: PostgreSQL (a cluster in a directory of its own), redis-server (no
persistence, restartable on the same port) and Daphne serving the project with a database
of its own (`project_env`, `manage`, `writer_and_idea`). Plain Python, no Django and no
pytest, so `scripts/run_tests.py`, `bench/` and `tests/servers.py` all use this one copy.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent


class ServerDidNotStart(RuntimeError):
    """A server exited or did not listen in time; the message says which."""


class CommandFailed(RuntimeError):
    """A management command exited with an error; the message is its output."""


def free_port() -> int:
    """A loopback port nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def wait_for_port(
    port: int, what: str, *, process: subprocess.Popen[bytes] | None = None, timeout: float = 30
) -> None:
    """Wait until `port` listens; ServerDidNotStart if `process` exits first or time runs out."""
    deadline = time.monotonic() + timeout
    while not port_open(port):
        if process is not None and process.poll() is not None:
            raise ServerDidNotStart(f"{what} exited before it listened on 127.0.0.1:{port}")
        if time.monotonic() > deadline:
            raise ServerDidNotStart(
                f"{what} did not start listening on 127.0.0.1:{port} within {timeout:.0f} s"
            )
        time.sleep(0.1)


def pg_bin(name: str) -> str | None:
    """A PostgreSQL server program (Debian keeps them under /usr/lib/postgresql/<version>)."""
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


class PostgreSQL:
    """A cluster of its own under `base`, fast and unsafe (fsync off): for tests only."""

    def __init__(self, base: Path) -> None:
        self.dir = base / "pg"
        self.port = free_port()
        self.as_postgres: list[str] = []

    def _run(self, *args: str, check: bool = True) -> None:
        subprocess.run([*self.as_postgres, *args], check=check, stdout=subprocess.DEVNULL)

    def start(self) -> str:
        """Initialise and start the cluster; its URL (database `delahub`)."""
        initdb, pg_ctl = pg_bin("initdb"), pg_bin("pg_ctl")
        if not initdb or not pg_ctl:
            raise ServerDidNotStart("PostgreSQL is not installed (apt-get install postgresql)")
        self.dir.mkdir()
        if os.geteuid() == 0:
            # initdb refuses to run as root: the cluster belongs to the postgres user.
            shutil.chown(self.dir, "postgres", "postgres")
            self.as_postgres = ["runuser", "-u", "postgres", "--"]
        data, log = self.dir / "data", self.dir / "log"
        self._run(initdb, "-D", str(data), "-U", "postgres", "--auth=trust", "--encoding=UTF8",
                  "--locale=C.UTF-8")  # fmt: skip
        options = (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
        )
        self._run(pg_ctl, "-D", str(data), "-l", str(log), "-o", options, "-w", "start")
        wait_for_port(self.port, "PostgreSQL")
        return f"postgres://postgres@127.0.0.1:{self.port}/delahub"

    def stop(self) -> None:
        pg_ctl = pg_bin("pg_ctl")
        if pg_ctl and (self.dir / "data" / "postmaster.pid").exists():
            self._run(pg_ctl, "-D", str(self.dir / "data"), "-m", "immediate", "stop", check=False)


class RedisServer:
    """A redis-server of its own (no persistence), on one port across restarts."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        if not shutil.which("redis-server"):
            raise ServerDidNotStart("redis-server is not installed (apt-get install redis-server)")
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.base),
                "--logfile",
                str(self.base / "redis.log"),
            ]  # fmt: skip
        )
        wait_for_port(self.port, "redis-server", process=self.process, timeout=15)
        return self

    def stop(self) -> None:
        """Stop the server (SIGTERM) and wait until it is gone and its port is closed."""
        if self.process is None:
            return
        self.process.terminate()
        self.process.wait(timeout=15)
        self.process = None
        deadline = time.monotonic() + 10
        while port_open(self.port):
            if time.monotonic() > deadline:
                raise RuntimeError(f"Redis still answers on {self.port}")
            time.sleep(0.1)


# --- The project in processes of its own ------------------------------------------------------

#: What a project process must not inherit from the environment it is started from: it has
#: its own database, channel layer and search engine.
_OWN = {"DATABASE_URL", "REDIS_URL", "ELASTICSEARCH_URL", "DJANGO_SETTINGS_MODULE"}


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


def manage(env: dict[str, str], *args: str, timeout: float = 180) -> str:
    """Run a management command of the project in `env`; its output. CommandFailed (with
    everything it printed) if it fails."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0:
        raise CommandFailed(result.stdout + result.stderr)
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
    password "x-pass-123456", address verified) with a signed-in session and an API token,
    and a public idea of theirs. Returns (idea id, session key, token)."""
    idea_id, session, token = manage(env, "shell", "--no-imports", "-c", WRITER_SETUP).split()
    return int(idea_id), session, token


class Daphne:
    """`daphne hub.asgi:application` on 127.0.0.1, logging to a file: on a free port (or
    `port`), or on a listening socket handed over with Daphne's `--fd` (`sock`: several
    processes sharing one port, as bench/wslive.py runs them). `args` go to Daphne."""

    def __init__(
        self,
        env: dict[str, str],
        log_path: Path,
        port: int | None = None,
        *,
        args: Sequence[str] = (),
        sock: socket.socket | None = None,
    ) -> None:
        self.env = env
        self.log_path = log_path
        self.args = list(args)
        self.sock = sock
        self.port = int(sock.getsockname()[1]) if sock is not None else port or free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self._log: IO[str] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30) -> Daphne:
        """Start it and wait until it listens; ServerDidNotStart, with its log, if it exits or
        takes longer. On a shared socket it does not wait: any of the processes may answer
        (bench/wslive.py waits until all of them do)."""
        self._log = self.log_path.open("w")
        command = [sys.executable, "-m", "daphne", *self.args]
        fds: tuple[int, ...] = ()
        if self.sock is None:
            command += ["-b", "127.0.0.1", "-p", str(self.port)]
        else:
            fds = (self.sock.fileno(),)
            command += ["--fd", str(fds[0])]
        self.process = subprocess.Popen(
            [*command, "hub.asgi:application"],
            cwd=ROOT,
            # As `make run`: links in e-mails name the address served, unless SITE_URL is set.
            env={"SITE_URL": self.url} | self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            pass_fds=fds,
        )
        if self.sock is None:
            try:
                wait_for_port(self.port, "Daphne", process=self.process, timeout=timeout)
            except ServerDidNotStart as error:
                raise ServerDidNotStart(f"{error}; its log:\n{self.log()}") from None
        return self

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:  # a slow shutdown is not what anyone measures
                self.process.kill()
                self.process.wait(timeout=10)
            self.process = None
        if self._log is not None:
            self._log.close()
            self._log = None

    def log(self) -> str:
        return self.log_path.read_text()
