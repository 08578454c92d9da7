"""Browser tests: Debian's Chromium through Playwright against a real Daphne.

The `live_site` fixture (tests/live.py) is a Daphne subprocess with its own database
loaded with the demo data. Tests set up extra data with `live_site.manage(...)` or
through the pages themselves, and check every page they visit with axe-core.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.base import AXE_SCRIPT
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


# axe-core's rule sets: WCAG 2.0, 2.1 and 2.2 at levels A and AA, and its best practices.
# WCAG 2.2 AA brings target-size (2.5.8, targets of at least 24 by 24 CSS px); the axe-core
# bundled with axe-playwright-python 0.1.8 (4.12) has the tag and the rule.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": AXE_TAGS},
    # Full detail only where a test looks: passes are not listed node by node (about half
    # the time of a run on a long page).
    "resultTypes": ["violations", "incomplete"],
}


def axe_results(page: Page) -> dict[str, Any]:
    """axe-core's results (violations, incomplete) on the page as it is now; axe is
    loaded into the page once per page load."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    results: dict[str, Any] = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    return results


def axe_violations(page: Page) -> dict[str, str]:
    """axe-core's violations on the page as it is now: rule id -> report."""
    return {v["id"]: v.get("help", "") for v in axe_results(page)["violations"]}


def axe_report(violations: list[dict[str, Any]]) -> str:
    """Each violation with the elements that break it and what to fix."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:10]:
            summary = node.get("failureSummary", "").replace("\n", " ")
            lines.append(f"  {node['target']}: {summary}")
    return "\n".join(lines)


def assert_accessible(page: Page, *, known: frozenset[str] = frozenset()) -> None:
    """axe-core finds no WCAG 2.2 A/AA (or best-practice) violations on the page as it is
    now, apart from `known` rules (third-party pages only)."""
    violations = [v for v in axe_results(page)["violations"] if v["id"] not in known]
    assert violations == [], f"{page.url}:\n{axe_report(violations)}"


def sign_in(page: Page, email: str, password: str) -> None:
    """Sign in through allauth's login page."""
    page.goto("/accounts/login/")
    page.get_by_label("E-postadress").fill(email)
    page.get_by_label("Lösenord", exact=True).fill(password)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state()
