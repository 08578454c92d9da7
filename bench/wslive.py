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
from scripts.servers import (  # noqa: E402
    CommandFailed,
    Daphne,
    RedisServer,
    ServerDidNotStart,
    manage,
    project_env,
    writer_and_idea,
)

#: The `--layer` choices of the WebSocket benchmarks.
LAYER_CHOICES = ("memory", "redis", "both")


def layers(choice: str) -> list[str]:
    """The channel layers a `--layer` choice names ("both": the in-memory one, then Redis)."""
    return ["memory", "redis"] if choice == "both" else [choice]


@dataclass
class Server:
    port: int
    pid: int
    idea_id: int
    session: str
    layer: str
    pids: tuple[int, ...] = ()
    #: The writer's API token (bench/dialogues.py posts contributions with it).
    token: str = ""

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
            env = project_env(
                base,
                EMAIL_URL="dummy://",
                SECURE_SSL_REDIRECT="false",
                ALLOWED_HOSTS="127.0.0.1,localhost",
                LOG_LEVEL="WARNING",
                # The benchmark posts faster than a person may, and opens thousands of
                # sockets from one address.
                COMMENT_RATE_LIMIT="0/60",
                COMMENT_SOCKETS_PER_ADDRESS="0",
                COMMENT_SOCKETS_PER_SESSION="0",
                # Keep database connections, as a production deployment would.
                CONN_MAX_AGE="600",
            )
            if layer == "redis":
                env["REDIS_URL"] = stack.enter_context(redis_server(base))
                env["REDIS_PREFIX"] = f"wsbench-{os.getpid()}"
            try:
                manage(env, "migrate", "--noinput")
                idea_id, session, token = writer_and_idea(env)
            except CommandFailed as error:
                raise SystemExit(str(error)) from None
            # A longer accept timeout than Daphne's 5 s: thousands of clients connect at once
            # from the same 2 cores, and the ramp is not what is measured.
            args = ["--websocket_connect_timeout", "60", "-v", "0"]
            started: list[Daphne] = []
            try:
                if processes == 1:
                    started.append(Daphne(env, base / "daphne.log", args=args))
                    try:
                        started[0].start(timeout=60)
                    except ServerDidNotStart as error:
                        raise SystemExit(str(error)) from None
                    port = started[0].port
                else:
                    port, sockets = shared_sockets(processes)
                    for number, sock in enumerate(sockets):
                        log = base / f"daphne-{number}.log"
                        started.append(Daphne(env, log, args=args, sock=sock).start())
                    wait_for_all(port, [server.process for server in started if server.process])
                    for sock in sockets:
                        sock.close()  # each Daphne holds its own copy
                pids = tuple(server.process.pid for server in started if server.process)
                yield Server(port, pids[0], idea_id, session, layer, pids, token)
            finally:
                for server in started:
                    server.stop()
                    errors = server.log()
                    if "Traceback" in errors:
                        print("Daphne reported errors:\n" + errors[-3000:], flush=True)
    finally:
        shutil.rmtree(base, ignore_errors=True)
