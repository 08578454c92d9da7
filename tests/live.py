"""A real Daphne serving the project over HTTP and WebSocket, for browser and fuzz tests.

The server runs in a subprocess with its own migrated SQLite database (it cannot see
pytest-django's test database), loaded with the demo data that `make run` loads. Tests
set up extra data with `live_site.manage(...)` / `live_site.shell(...)` or through the
site itself. Registered for the whole suite through `pytest_plugins` in tests/conftest.py.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class LiveSite:
    url: str
    env: dict[str, str]
    mail_dir: Path

    def manage(self, *args: str) -> str:
        """Run a management command against the live site's database; returns its output."""
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    def shell(self, code: str) -> str:
        """Run Python in `manage.py shell` against the live site's database."""
        return self.manage("shell", "--no-imports", "-c", code)

    def mails(self) -> list[str]:
        return [p.read_text(encoding="utf-8") for p in sorted(self.mail_dir.glob("*"))]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def live_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveSite]:
    base = tmp_path_factory.mktemp("live")
    mail_dir = base / "mail"
    mail_dir.mkdir()
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "ELASTICSEARCH_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env |= {
        "DATABASE_URL": f"sqlite:///{base / 'site.sqlite3'}",
        "DELAHUB_VAR_DIR": str(base / "var"),
        "MEDIA_ROOT": str(base / "media"),
        "EMAIL_URL": f"file:///{mail_dir}",
        "DEBUG": "true",
        "THROTTLE_ANON": "100000/minute",
        "THROTTLE_USER": "100000/minute",
        "THROTTLE_TOKEN": "100000/minute",
        "THROTTLE_WRITE": "100000/minute",
    }
    port = _free_port()
    site = LiveSite(url=f"http://127.0.0.1:{port}", env=env, mail_dir=mail_dir)
    site.manage("migrate", "--noinput")
    site.manage("load_demo")
    log = (base / "daphne.log").open("w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "daphne",
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
    deadline = time.monotonic() + 30
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"Daphne did not start: {(base / 'daphne.log').read_text()}")
            time.sleep(0.2)
    yield site
    server.terminate()
    server.wait(timeout=10)
    log.close()
