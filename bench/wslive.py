"""Shared set-up for the WebSocket benchmarks: a throwaway database, a real Daphne (or
several on one port, with the Redis layer), and, for the Redis layer, a throwaway
redis-server (unless REDIS_URL is given).

Several Daphne processes share the port as a deployment would without a proxy in front:
each gets a listening socket of its own, bound with SO_REUSEPORT to the same address and
passed with Daphne's `--fd` (what systemd's socket units with `ReusePort=yes` do), and the
kernel spreads the connections over them evenly.

Used by bench/ws_fanout.py and bench/ws_idle.py; not a benchmark itself.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from scripts.servers import RedisServer, ServerDidNotStart, free_port, wait_for_port  # noqa: E402

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
    pids: tuple[int, ...] = ()

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


def shared_sockets(count: int) -> tuple[int, list[socket.socket]]:
    """`count` listening sockets on one free loopback port (SO_REUSEPORT)."""
    sockets: list[socket.socket] = []
    port = 0
    for _ in range(count):
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind(("127.0.0.1", port))
        sock.listen(1024)
        port = sock.getsockname()[1]
        sockets.append(sock)
    return port, sockets


def wait_for_all(port: int, processes: list[subprocess.Popen[bytes]]) -> None:
    """Until every process serves: a connection waits in the backlog of the socket the
    kernel chose until that process accepts, so many requests at once end when all do."""
    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        answers = pool.map(
            lambda _n: urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=120).status,
            range(16 * len(processes)),
        )
        if any(status != 200 for status in answers) or any(p.poll() is not None for p in processes):
            raise SystemExit("a Daphne process did not start")


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
    server = RedisServer(base)
    try:
        server.start()
    except ServerDidNotStart as error:
        raise SystemExit(str(error)) from None
    try:
        yield server.url
    finally:
        server.stop()


@contextlib.contextmanager
def daphne(layer: str, *, files: int = 12_000, processes: int = 1) -> Iterator[Server]:
    """Daphne (`processes` of them on one port) with its own migrated SQLite database, on
    the chosen channel layer."""
    if processes > 1 and layer != "redis":
        raise SystemExit("several Daphne processes need the Redis layer")
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
            # A longer accept timeout than Daphne's 5 s: thousands of clients connect at once
            # from the same 2 cores, and the ramp is not what is measured.
            command = [sys.executable, "-m", "daphne", "--websocket_connect_timeout", "60"]
            started: list[tuple[subprocess.Popen[bytes], Path]] = []
            try:
                if processes == 1:
                    port = free_port()
                    logs = [base / "daphne.log"]
                    started.append(
                        (
                            subprocess.Popen(
                                [*command, "-v", "0", "-b", "127.0.0.1", "-p", str(port)]
                                + ["hub.asgi:application"],
                                cwd=ROOT,
                                env=env,
                                stdout=logs[0].open("w"),
                                stderr=subprocess.STDOUT,
                            ),
                            logs[0],
                        )
                    )
                    try:
                        wait_for_port(port, "Daphne", process=started[0][0], timeout=60)
                    except ServerDidNotStart as error:
                        raise SystemExit(str(error)) from None
                else:
                    port, sockets = shared_sockets(processes)
                    for number, sock in enumerate(sockets):
                        log = base / f"daphne-{number}.log"
                        started.append(
                            (
                                subprocess.Popen(
                                    [*command, "-v", "0", "--fd", str(sock.fileno())]
                                    + ["hub.asgi:application"],
                                    cwd=ROOT,
                                    env=env,
                                    stdout=log.open("w"),
                                    stderr=subprocess.STDOUT,
                                    pass_fds=[sock.fileno()],
                                ),
                                log,
                            )
                        )
                    wait_for_all(port, [process for process, _log in started])
                    for sock in sockets:
                        sock.close()  # each Daphne holds its own copy
                pids = tuple(process.pid for process, _log in started)
                yield Server(port, pids[0], int(idea_id), session, layer, pids)
            finally:
                for process, _log in started:
                    process.terminate()
                for process, log in started:
                    try:
                        process.wait(timeout=20)
                    except subprocess.TimeoutExpired:
                        process.kill()
                    errors = log.read_text()
                    if "Traceback" in errors:
                        print("Daphne reported errors:\n" + errors[-3000:], flush=True)
    finally:
        shutil.rmtree(base, ignore_errors=True)
