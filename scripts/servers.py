"""Throwaway servers on free loopback ports, for the test runner, the tests and the
benchmarks alike: PostgreSQL (a cluster in a directory of its own) and redis-server (no
persistence, restartable on the same port). Plain Python, no Django and no pytest, so
`scripts/run_tests.py`, `bench/` and `tests/servers.py` all use this one copy.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path


class ServerDidNotStart(RuntimeError):
    """A server exited or did not listen in time; the message says which."""


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
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
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
