"""The live thread in Chromium while Redis is away (issue 7, "Faults").

A Daphne of this test's own uses a real Redis that the test stops and starts. Two people
have the idea open; when Redis stops, both pages say live updates are paused and retry
with growing pauses; the writer
still publishes through the page's form (it posts normally while there is no live
connection); when Redis returns, the reader's page reconnects by itself and shows the
comment written meanwhile, once, without a reload. axe runs on the paused page.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.conftest import assert_accessible
from tests.servers import RedisSite, redis_site

LIVE = "Live-uppdateringar är på."
PAUSED = "Live-uppdateringar pausade. Försöker ansluta igen …"


@pytest.fixture
def site(tmp_path: Path) -> Iterator[RedisSite]:
    with redis_site(tmp_path) as running:
        yield running


@pytest.fixture
def contexts(browser: Browser, site: RedisSite) -> Iterator[list[BrowserContext]]:
    opened: list[BrowserContext] = []
    yield opened
    for context in opened:
        context.close()


def open_idea(
    browser: Browser, site: RedisSite, contexts: list[BrowserContext], *, signed_in: bool
) -> Page:
    context = browser.new_context(base_url=site.daphne.url, locale="sv-SE")
    context.set_default_timeout(15_000)
    if signed_in:
        context.add_cookies([{"name": "sessionid", "value": site.session, "url": site.daphne.url}])
    contexts.append(context)
    page = context.new_page()
    page.goto(f"/ideer/{site.idea_id}/")
    expect(page.locator("[data-live-status]")).to_have_text(LIVE)
    return page


def test_pages_say_live_updates_are_paused_while_redis_is_away_and_catch_up_after(
    browser: Browser, site: RedisSite, contexts: list[BrowserContext]
) -> None:
    writer = open_idea(browser, site, contexts, signed_in=True)
    reader = open_idea(browser, site, contexts, signed_in=False)

    site.redis.stop()
    for page in (writer, reader):
        expect(page.locator("[data-live-status]")).to_have_text(PAUSED)
    assert_accessible(reader)

    # The page keeps trying, backing off: the server accepts and at once closes with 4503,
    # which must not count as a connection that worked (that would retry every second).
    attempts: list[str] = []
    reader.on("websocket", lambda socket: attempts.append(socket.url))
    reader.wait_for_timeout(7_000)
    assert 1 <= len(attempts) <= 4, attempts
    expect(reader.locator("[data-live-status]")).to_have_text(PAUSED)

    # Publishing still works: with no live connection the form posts to the server.
    text = f"Skrivet medan Redis var borta {uuid.uuid4().hex[:6]}"
    writer.get_by_label("Din kommentar").fill(text)
    writer.get_by_role("button", name="Publicera kommentar").click()
    writer.wait_for_load_state()
    expect(writer.locator(".comment-text", has_text=text)).to_have_count(1)
    expect(reader.locator(".comment-text", has_text=text)).to_have_count(0)
    expect(reader.locator("[data-live-status]")).to_have_text(PAUSED)

    # Redis returns: the reader's page reconnects by itself and resumes — the comment, once.
    site.redis.start()
    expect(reader.locator(".comment-text", has_text=text)).to_have_count(1, timeout=45_000)
    expect(reader.locator("[data-live-status]")).not_to_contain_text("pausade")
    reader.wait_for_timeout(1_000)
    expect(reader.locator(".comment-text", has_text=text)).to_have_count(1)
    assert "Traceback" not in site.daphne.log()
