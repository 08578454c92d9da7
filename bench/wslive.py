"""Shared set-up for the WebSocket benchmarks: a throwaway database, one real Daphne, and,
for the Redis layer, a throwaway redis-server (unless REDIS_URL is given).

Used by bench/ws_fanout.py and bench/ws_idle.py; not a benchmark itself.
"""

from __future__ import annotations

import contextlib
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SETUP = """
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from accounts.models import Membership, Organisation, User
from ideas.models import Idea
org = Organisation.objects.get(slug="skelleftea")
writer = User.objects.create_user("bench@skelleftea.example", "bench-pass-123456", display_name="Bänk")
Membership.objects.create(user=writer, organisation=org)
idea = Idea.objects.create(kind="activity", title="Bänktråd", organisation=org, created_by=writer)
session = SessionStore()
session[SESSION_KEY] = str(writer.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = writer.get_session_auth_hash()
session.create()
print(idea.pk, session.session_key)
"""


@dataclass
class Server:
    port: int
    pid: int
    idea_id: int
    session: str
    layer: str

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/ws/ideas/{self.idea_id}/comments/"

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def rss_bytes(self) -> int:
        """The Daphne process's resident set size, from /proc."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        raise RuntimeError("no VmRSS")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen[bytes], what: str) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"{what} did not start on port {port}") from None
            time.sleep(0.2)


def raise_file_limit(wanted: int) -> None:
    """Thousands of sockets need thousands of file descriptors (client and server)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = min(max(soft, wanted), hard)
    resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    if target < wanted:
        print(f"warning: only {target} file descriptors allowed (wanted {wanted})", flush=True)


@contextlib.contextmanager
def redis_server(base: Path) -> Iterator[str]:
    """REDIS_URL if set, else a throwaway redis-server on a free loopback port."""
    if os.environ.get("REDIS_URL"):
        yield os.environ["REDIS_URL"]
        return
    if not shutil.which("redis-server"):
        raise SystemExit("redis-server is missing: apt-get install redis-server, or set REDIS_URL")
    port = free_port()
    pidfile = base / "redis.pid"
    subprocess.run(
        [
            "redis-server",
            "--bind",
            "127.0.0.1",
            "--port",
            str(port),
            "--daemonize",
            "yes",
            "--save",
            "",
            "--appendonly",
            "no",
            "--pidfile",
            str(pidfile),
            "--logfile",
            str(base / "redis.log"),
        ],
        check=True,
    )
    deadline = time.monotonic() + 20
    while not pidfile.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        if pidfile.exists():
            subprocess.run(["kill", pidfile.read_text().strip()], check=False)


@contextlib.contextmanager
def daphne(layer: str, *, files: int = 12_000) -> Iterator[Server]:
    """One Daphne with its own migrated SQLite database, on the chosen channel layer."""
    raise_file_limit(files)
    base = Path(tempfile.mkdtemp(prefix="delahub-wsbench-"))
    try:
        with contextlib.ExitStack() as stack:
            env = {
                k: v
                for k, v in os.environ.items()
                if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
            }
            env |= {
                "DATABASE_URL": f"sqlite:///{base / 'bench.sqlite3'}",
                "DELAHUB_VAR_DIR": str(base / "var"),
                "EMAIL_URL": "dummy://",
                "DEBUG": "false",
                "SECURE_SSL_REDIRECT": "false",
                "ALLOWED_HOSTS": "127.0.0.1,localhost",
                "LOG_LEVEL": "WARNING",
                # The benchmark posts faster than a person may, and opens thousands of
                # sockets from one address.
                "COMMENT_RATE_LIMIT": "0/60",
                "COMMENT_SOCKETS_PER_ADDRESS": "0",
                "COMMENT_SOCKETS_PER_SESSION": "0",
                # Keep database connections, as a production deployment would.
                "CONN_MAX_AGE": "600",
            }
            if layer == "redis":
                env["REDIS_URL"] = stack.enter_context(redis_server(base))
                env["REDIS_PREFIX"] = f"wsbench-{os.getpid()}"

            def manage(*args: str) -> str:
                result = subprocess.run(
                    [sys.executable, "manage.py", *args],
                    cwd=ROOT,
                    env=env,
                    capture_output=True,
                    text=True,
                    check=False,
                )
                if result.returncode:
                    raise SystemExit(result.stdout + result.stderr)
                return result.stdout

            manage("migrate", "--noinput")
            idea_id, session = manage("shell", "--no-imports", "-c", SETUP).split()[-2:]
            port = free_port()
            log = (base / "daphne.log").open("w")
            process = subprocess.Popen(
                # A longer accept timeout than Daphne's 5 s: thousands of clients connect at
                # once from the same 2 cores, and the ramp is not what is measured.
                [
                    sys.executable,
                    "-m",
                    "daphne",
                    "-v",
                    "0",
                    "--websocket_connect_timeout",
                    "60",
                    "-b",
                    "127.0.0.1",
                    "-p",
                    str(port),
                    "hub.asgi:application",
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            try:
                wait_for_port(port, process, "Daphne")
                yield Server(port, process.pid, int(idea_id), session, layer)
            finally:
                process.terminate()
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
                log.close()
                errors = (base / "daphne.log").read_text()
                if "Traceback" in errors:
                    print("Daphne reported errors:\n" + errors[-3000:], flush=True)
    finally:
        shutil.rmtree(base, ignore_errors=True)
