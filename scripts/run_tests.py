#!/usr/bin/env python3
"""Run everything CI runs: lint, then the suite on SQLite, on PostgreSQL + Redis, in Chromium
and under the fuzzer.

Starts throwaway PostgreSQL and Redis servers on loopback ports in a temporary directory
(installing the Debian packages `postgresql`, `redis-server` and `chromium` when they are
missing and we run as root) and stops them afterwards. A missing engine fails the run
with a message; nothing is skipped silently.

The four passes run `TEST_JOBS` at a time (default 2), longest first, each with its own
data directory; a pass's output is printed whole when it ends. They wait on databases,
browsers and sockets much of the time: two at a time on two cores took 16 minutes off a
29-minute run. `TEST_JOBS=1` runs them one after the other, as before.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
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


@dataclass
class Pass:
    """One run of pytest: what it is called, its arguments and its environment."""

    label: str
    args: list[str]
    env: dict[str, str]


def run_pass(one: Pass, base: Path) -> int:
    """Run the pass with its output in a file, then print that output whole (so passes that
    run side by side do not interleave their lines)."""
    log = base / f"{one.label.split()[0].strip(',:').lower()}.log"
    started = time.monotonic()
    print(f"--- started: {one.label}", flush=True)
    with log.open("wb") as out:
        code = subprocess.run(
            [PY, "-m", "pytest", *one.args], cwd=ROOT, env=one.env, stdout=out, stderr=out
        ).returncode
    minutes = (time.monotonic() - started) / 60
    say(f"pytest: {one.label} ({minutes:.1f} min)")
    sys.stdout.write(log.read_text(errors="replace"))
    sys.stdout.flush()
    if code == 5:
        print(f"FAILED: {one.label}: pytest collected no tests", file=sys.stderr)
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

        common = ["-p", "no:cacheprovider", *extra]

        def env(name: str, **values: str) -> dict[str, str]:
            # Each pass has its own data directory (SQLite files, media, secret key).
            return {**clean_env, "DELAHUB_VAR_DIR": str(base / f"var-{name}"), **values}

        # Longest first: with two at a time the run ends soonest.
        passes = {
            "PostgreSQL + Redis": Pass(
                "PostgreSQL, Redis channel layer, database search",
                ["-m", "not browser and not fuzz", *common],
                env(
                    "postgresql",
                    DATABASE_URL=database_url,
                    REDIS_URL=redis_url,
                    DELAHUB_EXPECT_DB="postgresql",
                    DELAHUB_EXPECT_CHANNELS="redis",
                ),
            ),
            "Chromium (Playwright + axe-core)": Pass(
                "browser: Chromium through Playwright against Daphne",
                ["-m", "browser", *common],
                env("browser", DELAHUB_EXPECT_BROWSER="/usr/bin/chromium"),
            ),
            "SQLite + in-memory channel layer": Pass(
                "SQLite, in-memory channel layer, database search",
                ["-m", "not browser and not fuzz", *common],
                env("sqlite", DELAHUB_EXPECT_DB="sqlite", DELAHUB_EXPECT_CHANNELS="memory"),
            ),
            "Fuzzing (schemathesis against Daphne)": Pass(
                "fuzz: schemathesis drives every API operation against Daphne",
                ["-m", "fuzz", *common],
                env("fuzz", FUZZ_EXAMPLES=os.environ.get("FUZZ_EXAMPLES", "10")),
            ),
        }
        jobs = max(1, int(os.environ.get("TEST_JOBS", "2")))
        say(f"Running {len(passes)} pytest passes, {jobs} at a time")
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            futures = {name: pool.submit(run_pass, one, base) for name, one in passes.items()}
            results = {name: future.result() for name, future in futures.items()}
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
