#!/usr/bin/env python3
"""Run everything CI runs: lint, then the suite on SQLite, on PostgreSQL + Redis, and in Chromium.

Starts throwaway PostgreSQL and Redis servers on loopback ports in a temporary directory
(installing the Debian packages `postgresql`, `redis-server` and `chromium` when they are
missing and we run as root) and stops them afterwards. A missing engine fails the run
with a message; nothing is skipped silently.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from servers import PostgreSQL, RedisServer, ServerDidNotStart, pg_bin

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
PY = str(VENV_BIN / "python")
DEBIAN_PACKAGES = {"postgresql": "pg_ctl", "redis-server": "redis-server", "chromium": "chromium"}


def say(message: str) -> None:
    print(f"\n=== {message}", flush=True)


def fail(message: str) -> None:
    print(f"\nFAILED: {message}", file=sys.stderr, flush=True)
    sys.exit(1)


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
    postgres, redis = PostgreSQL(base), RedisServer(base)
    clean_env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "ELASTICSEARCH_URL", "EMAIL_URL", "DEBUG"}
    }
    clean_env["DELAHUB_VAR_DIR"] = str(base / "var")
    results: dict[str, int] = {}
    try:
        say("Starting PostgreSQL and Redis on loopback")
        try:
            database_url = postgres.start()
            redis_url = redis.start().url
        except ServerDidNotStart as error:
            fail(str(error))
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
