"""Browser tests: Debian's Chromium through Playwright against a real Daphne.

The Daphne server runs in a subprocess with its own migrated SQLite database (it
cannot see pytest-django's test database), loaded with the demo data that
`make run` loads. Tests set up extra data with `live_site.manage(...)` or through
the pages themselves, and check every page they visit with axe-core.
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
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


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


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium is missing at {CHROMIUM}: run `make test` (it installs it) or apt-get install chromium"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        print(f"browser: Chromium {browser.version} at {CHROMIUM}")
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, live_site: LiveSite) -> Iterator[Page]:
    """A fresh browser context (no cookies) in Swedish, with the live site as base URL."""
    context = browser.new_context(base_url=live_site.url, locale="sv-SE")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


_axe = Axe()


def axe_violations(page: Page) -> dict[str, str]:
    """axe-core's violations on the page as it is now: rule id -> report."""
    results = _axe.run(
        page,
        options={
            "runOnly": {
                "type": "tag",
                "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
            }
        },
    )
    return {v["id"]: v.get("help", "") for v in results.response["violations"]}


def assert_accessible(page: Page) -> None:
    """axe-core finds no WCAG 2.1 A/AA (or best-practice) violations on the page as it is now."""
    results = _axe.run(
        page,
        options={
            "runOnly": {
                "type": "tag",
                "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
            }
        },
    )
    assert results.violations_count == 0, f"{page.url}:\n{results.generate_report()}"


def sign_in(page: Page, email: str, password: str) -> None:
    """Sign in through allauth's login page."""
    page.goto("/accounts/login/")
    page.get_by_label("E-postadress").fill(email)
    page.get_by_label("Lösenord:", exact=True).fill(password)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state()
