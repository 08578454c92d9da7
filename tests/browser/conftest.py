"""Browser tests: Debian's Chromium through Playwright against a real Daphne.

The `live_site` fixture (tests/live.py) is a Daphne subprocess with its own database
loaded with the demo data. Tests set up extra data with `live_site.manage(...)` or
through the pages themselves, and check every page they visit with axe-core.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, sync_playwright

from tests.live import LiveSite

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
#: What the pages are held to: WCAG 2.1 A and AA, and axe's best practices.
_AXE_RULES = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
    }
}


def axe_violations(page: Page) -> dict[str, str]:
    """axe-core's violations on the page as it is now: rule id -> report."""
    results = _axe.run(page, options=_AXE_RULES)
    return {v["id"]: v.get("help", "") for v in results.response["violations"]}


def assert_accessible(page: Page) -> None:
    """axe-core finds no WCAG 2.1 A/AA (or best-practice) violations on the page as it is now."""
    results = _axe.run(page, options=_AXE_RULES)
    assert results.violations_count == 0, f"{page.url}:\n{results.generate_report()}"


def sign_in(page: Page, email: str, password: str) -> None:
    """Sign in through allauth's login page."""
    page.goto("/accounts/login/")
    page.get_by_label("E-postadress").fill(email)
    page.get_by_label("Lösenord", exact=True).fill(password)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state()
