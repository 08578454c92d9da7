"""A real Daphne serving the project over HTTP and WebSocket, for browser and fuzz tests.

The server runs in a subprocess with its own migrated SQLite database (it cannot see
pytest-django's test database), loaded with the demo data that `make run` loads. Tests
set up extra data with `live_site.manage(...)` / `live_site.shell(...)` or through the
site itself. Registered for the whole suite through `pytest_plugins` in tests/conftest.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.servers import Daphne, manage, project_env


@dataclass
class LiveSite:
    url: str
    env: dict[str, str]
    mail_dir: Path

    @property
    def named_url(self) -> str:
        """The same site at http://localhost:<port>, by name: browsers offer security keys
        (WebAuthn) only to a site opened by its name, never at an IP address."""
        return self.url.replace("://127.0.0.1:", "://localhost:")

    def manage(self, *args: str) -> str:
        """Run a management command against the live site's database; returns its output."""
        return manage(self.env, *args, timeout=120)

    def shell(self, code: str) -> str:
        """Run Python in `manage.py shell` against the live site's database."""
        return self.manage("shell", "--no-imports", "-c", code)

    def mails(self) -> list[str]:
        return [p.read_text(encoding="utf-8") for p in sorted(self.mail_dir.glob("*"))]


@pytest.fixture(scope="session")
def live_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveSite]:
    base = tmp_path_factory.mktemp("live")
    mail_dir = base / "mail"
    mail_dir.mkdir()
    env = project_env(
        base,
        MEDIA_ROOT=str(base / "media"),
        EMAIL_URL=f"file:///{mail_dir}",
        THROTTLE_ANON="100000/minute",
        THROTTLE_USER="100000/minute",
        THROTTLE_TOKEN="100000/minute",
        THROTTLE_WRITE="100000/minute",
    )
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo")
    server = Daphne(env, base / "daphne.log").start()
    yield LiveSite(url=server.url, env=env, mail_dir=mail_dir)
    server.stop()
