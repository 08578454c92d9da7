#!/usr/bin/env python3
"""Run everything CI runs: lint, then the suite on SQLite, on PostgreSQL + Redis, and in Chromium.

Starts throwaway PostgreSQL and Redis servers on loopback ports in a temporary directory
(installing the Debian packages `postgresql`, `redis-server` and `chromium` when they are
missing and we run as root) and stops them afterwards. A missing engine fails the run
with a message; nothing is skipped silently.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
PY = str(VENV_BIN / "python")
DEBIAN_PACKAGES = {"postgresql": "pg_ctl", "redis-server": "redis-server", "chromium": "chromium"}


def say(message: str) -> None:
    print(f"\n=== {message}", flush=True)


def fail(message: str) -> None:
    print(f"\nFAILED: {message}", file=sys.stderr, flush=True)
    sys.exit(1)


def pg_bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


def missing_packages() -> list[str]:
    missing = []
    if not pg_bin("pg_ctl"):
        missing.append("postgresql")
    if not shutil.which("redis-server"):
        missing.append("redis-server")
    if not Path("/usr/bin/chromium").exists():
        missing.append("chromium")
    return missing


def ensure_packages() -> None:
    missing = missing_packages()
    if not missing:
        return
    if os.geteuid() != 0:
        fail(
            f"missing Debian packages {', '.join(missing)}; install them "
            f"(sudo apt-get install -y {' '.join(missing)}) or run as root."
        )
    say(f"Installing Debian packages: {' '.join(missing)}")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", *missing], check=True, env=env)
    if still := missing_packages():
        fail(f"packages still missing after apt-get: {', '.join(still)}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    fail(f"{what} did not start listening on 127.0.0.1:{port} within {timeout:.0f} s")


class PostgreSQL:
    def __init__(self, base: Path) -> None:
        self.dir = base / "pg"
        self.port = free_port()
        self.as_postgres: list[str] = []

    def start(self) -> str:
        self.dir.mkdir()
        if os.geteuid() == 0:
            # initdb refuses to run as root: the cluster belongs to the postgres user.
            shutil.chown(self.dir, "postgres", "postgres")
            self.as_postgres = ["runuser", "-u", "postgres", "--"]
        data, log = self.dir / "data", self.dir / "log"
        subprocess.run(
            [
                *self.as_postgres,
                pg_bin("initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        options = (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        subprocess.run(
            [
                *self.as_postgres,
                pg_bin("pg_ctl"),
                "-D",
                str(data),
                "-l",
                str(log),
                "-o",
                options,
                "-w",
                "start",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        wait_for_port(self.port, "PostgreSQL")
        return f"postgres://postgres@127.0.0.1:{self.port}/delahub"

    def stop(self) -> None:
        if (self.dir / "data" / "postmaster.pid").exists():
            subprocess.run(
                [
                    *self.as_postgres,
                    pg_bin("pg_ctl"),
                    "-D",
                    str(self.dir / "data"),
                    "-m",
                    "immediate",
                    "stop",
                ],
                check=False,
                stdout=subprocess.DEVNULL,
            )


class Redis:
    def __init__(self, base: Path) -> None:
        self.pidfile = base / "redis.pid"
        self.port = free_port()

    def start(self) -> str:
        subprocess.run(
            [
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--daemonize",
                "yes",
                "--save",
                "",
                "--appendonly",
                "no",
                "--pidfile",
                str(self.pidfile),
                "--logfile",
                str(self.pidfile.with_suffix(".log")),
            ],
            check=True,
        )
        wait_for_port(self.port, "Redis")
        return f"redis://127.0.0.1:{self.port}/0"

    def stop(self) -> None:
        if self.pidfile.exists():
            subprocess.run(["kill", self.pidfile.read_text().strip()], check=False)


def pytest(label: str, args: list[str], env: dict[str, str]) -> int:
    say(f"pytest: {label}")
    code = subprocess.run([PY, "-m", "pytest", *args], cwd=ROOT, env=env).returncode
    if code == 5:
        print(f"FAILED: {label}: pytest collected no tests", file=sys.stderr)
        return 1
    return code


def main() -> int:
    ensure_packages()
    say("Lint: ruff and mypy")
    for command in (
        [str(VENV_BIN / "ruff"), "check", "."],
        [str(VENV_BIN / "ruff"), "format", "--check", "."],
        [str(VENV_BIN / "mypy"), "."],
    ):
        if subprocess.run(command, cwd=ROOT).returncode != 0:
            fail(f"{Path(command[0]).name} {' '.join(command[1:])}")

    base = Path(tempfile.mkdtemp(prefix="delahub-test-"))
    os.chmod(base, 0o755)
    postgres, redis = PostgreSQL(base), Redis(base)
    clean_env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "ELASTICSEARCH_URL", "EMAIL_URL", "DEBUG"}
    }
    clean_env["DELAHUB_VAR_DIR"] = str(base / "var")
    results: dict[str, int] = {}
    try:
        say("Starting PostgreSQL and Redis on loopback")
        database_url = postgres.start()
        redis_url = redis.start()
        extra = sys.argv[1:]

        results["SQLite + in-memory channel layer"] = pytest(
            "SQLite, in-memory channel layer, database search",
            ["-m", "not browser and not fuzz", "-p", "no:cacheprovider", *extra],
            {**clean_env, "DELAHUB_EXPECT_DB": "sqlite", "DELAHUB_EXPECT_CHANNELS": "memory"},
        )
        results["PostgreSQL + Redis"] = pytest(
            "PostgreSQL, Redis channel layer, database search",
            ["-m", "not browser and not fuzz", "-p", "no:cacheprovider", *extra],
            {
                **clean_env,
                "DATABASE_URL": database_url,
                "REDIS_URL": redis_url,
                "DELAHUB_EXPECT_DB": "postgresql",
                "DELAHUB_EXPECT_CHANNELS": "redis",
            },
        )
        results["Chromium (Playwright + axe-core)"] = pytest(
            "browser: Chromium through Playwright against Daphne",
            ["-m", "browser", "-p", "no:cacheprovider", *extra],
            {**clean_env, "DELAHUB_EXPECT_BROWSER": "/usr/bin/chromium"},
        )
        results["Fuzzing (schemathesis against Daphne)"] = pytest(
            "fuzz: schemathesis drives every API operation against Daphne",
            ["-m", "fuzz", "-p", "no:cacheprovider", *extra],
            {**clean_env, "FUZZ_EXAMPLES": os.environ.get("FUZZ_EXAMPLES", "10")},
        )
    finally:
        redis.stop()
        postgres.stop()
        shutil.rmtree(base, ignore_errors=True)

    say("Summary")
    for label, code in results.items():
        print(f"  {'passed' if code == 0 else 'FAILED'}: {label}")
    return 0 if results and all(code == 0 for code in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
