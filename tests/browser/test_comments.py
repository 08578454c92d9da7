"""The live comment thread in Chromium: two people on the same idea (and on a citizen
proposal), one writes, the other sees it without reloading; the reader's connection is cut, a comment is written meanwhile,
and after the page reconnects by itself it appears exactly once. axe on every page, the
form used by keyboard."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, WebSocketRoute, expect

from accounts.demo import DEMO_PASSWORD
from tests.browser.conftest import assert_accessible, sign_in
from tests.live import LiveSite

WRITER = "erik.nilsson@skelleftea.example"  # member of Skellefteå, which owns the idea
READER = "ali.medborgare@example.org"  # a citizen who follows the idea
MODERATOR = "anna.lindberg@skelleftea.example"  # administrator of Skellefteå
IDEA_TITLE = "Avfallsaffär'n"


@pytest.fixture
def idea_url(live_site: LiveSite) -> str:
    idea_id = live_site.shell(
        "from ideas.models import Idea; "
        f"print(Idea.objects.get(organisation__slug='skelleftea', title={IDEA_TITLE!r}).pk)"
    ).strip()
    return f"/ideer/{idea_id}/"


@pytest.fixture
def contexts() -> Iterator[list[BrowserContext]]:
    """The browser contexts a test opens (one per person), closed at the end."""
    opened: list[BrowserContext] = []
    yield opened
    for context in opened:
        context.close()


def open_page(browser: Browser, live_site: LiveSite, contexts: list[BrowserContext]) -> Page:
    context = browser.new_context(base_url=live_site.url, locale="sv-SE")
    context.set_default_timeout(15_000)
    contexts.append(context)
    return context.new_page()


class SocketSwitch:
    """Routes the page's WebSockets through Playwright so the test can really cut them:
    `cut()` closes both ends and refuses new connections until `restore()`."""

    def __init__(self, page: Page) -> None:
        self.is_cut = False
        self.routes: list[tuple[WebSocketRoute, Any]] = []
        page.route_web_socket(re.compile(r".*/ws/ideas/\d+/comments/$"), self._handle)

    def _handle(self, ws: WebSocketRoute) -> None:
        if self.is_cut:
            ws.close(code=4000, reason="offline")
            return
        server = ws.connect_to_server()
        self.routes.append((ws, server))

    def cut(self) -> None:
        self.is_cut = True
        for ws, server in self.routes:
            server.close(code=4000, reason="cut")
            ws.close(code=4000, reason="cut")
        self.routes.clear()

    def restore(self) -> None:
        self.is_cut = False


def comment_text(page: Page, text: str) -> Any:
    return page.locator(".comment-text", has_text=text)


def assert_standing(page: Page, text: str, name: str, standing: str) -> None:
    comment = page.locator("article.comment-body", has=comment_text(page, text))
    expect(comment.locator(".author-role")).to_have_text(standing)
    expect(comment).to_have_accessible_name(f"{name} {standing}")


def publish_by_keyboard(page: Page, text: str) -> None:
    box = page.get_by_label("Din kommentar")
    box.focus()
    page.keyboard.type(text)
    # From the text box, Tab reaches the publish button; Enter presses it.
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Publicera kommentar")).to_be_focused()
    page.keyboard.press("Enter")


def test_comment_appears_live_and_nothing_is_lost_or_doubled_across_a_cut_connection(
    browser: Browser, live_site: LiveSite, contexts: list[BrowserContext], idea_url: str
) -> None:
    tag = uuid.uuid4().hex[:6]
    writer = open_page(browser, live_site, contexts)
    reader = open_page(browser, live_site, contexts)
    sign_in(writer, WRITER, DEMO_PASSWORD)
    sign_in(reader, READER, DEMO_PASSWORD)
    switch = SocketSwitch(reader)
    for page in (writer, reader):
        page.goto(idea_url)
        expect(page.locator("[data-live-status]")).to_have_text("Live-uppdateringar är på.")
    assert_accessible(reader)

    draft = "Mitt utkast som inte får försvinna"
    reader.get_by_label("Din kommentar").fill(draft)

    first = f"Första kommentaren live {tag}"
    publish_by_keyboard(writer, first)
    expect(comment_text(writer, first)).to_have_count(1)
    expect(writer.get_by_label("Din kommentar")).to_have_value("")
    expect(comment_text(reader, first)).to_have_count(1)
    expect(reader.get_by_label("Din kommentar")).to_have_value(draft)
    expect(reader.locator("[data-live-status]")).to_contain_text("Ny kommentar från Erik")
    # Beside the name, what the writer is to the idea — live as on the server-rendered page,
    # in the text and in the comment's accessible name.
    assert_standing(reader, first, "Erik Nilsson", "Skellefteå, medlem (idéns team)")

    # Cut the reader's connection for real; a comment is written meanwhile.
    switch.cut()
    expect(reader.locator("[data-live-status]")).to_have_text(
        "Live-uppdateringar pausade. Försöker ansluta igen …"
    )
    assert_accessible(reader)
    meanwhile = f"Skrivet under avbrottet {tag}"
    publish_by_keyboard(writer, meanwhile)
    expect(comment_text(writer, meanwhile)).to_have_count(1)
    reader.wait_for_timeout(1_500)
    expect(comment_text(reader, meanwhile)).to_have_count(0)

    # The page reconnects by itself (backoff) and resumes: the missed comment, once.
    switch.restore()
    expect(comment_text(reader, meanwhile)).to_have_count(1, timeout=40_000)
    expect(reader.locator("[data-live-status]")).not_to_contain_text("pausade")
    expect(comment_text(reader, first)).to_have_count(1)
    reader.wait_for_timeout(1_000)
    expect(comment_text(reader, meanwhile)).to_have_count(1)
    expect(reader.get_by_label("Din kommentar")).to_have_value(draft)

    # After a reload the server-rendered thread agrees: each comment once, in order.
    reader.reload()
    expect(comment_text(reader, meanwhile)).to_have_count(1)
    assert_standing(reader, first, "Erik Nilsson", "Skellefteå, medlem (idéns team)")
    ids = reader.locator("[data-comment-list] > li").evaluate_all(
        "items => items.map(i => Number(i.dataset.commentId))"
    )
    assert ids == sorted(ids)
    assert_accessible(reader)


def test_comment_on_a_citizen_proposal_appears_live_for_another_reader(
    browser: Browser, live_site: LiveSite, contexts: list[BrowserContext]
) -> None:
    """The proposal page's thread runs the same script over /ws/proposals/{id}/comments/."""
    proposal_id = live_site.shell(
        "from proposals.models import Proposal; "
        "print(Proposal.objects.get(title='Belysning längs cykelvägen till Morö backe').pk)"
    ).strip()
    text = f"Kommentar på förslaget live {uuid.uuid4().hex[:6]}"
    writer = open_page(browser, live_site, contexts)
    reader = open_page(browser, live_site, contexts)
    sign_in(writer, WRITER, DEMO_PASSWORD)
    for page in (writer, reader):  # the reader is anonymous: a public proposal is anyone's
        page.goto(f"/forslag/{proposal_id}/")
        expect(page.locator("[data-live-status]")).to_have_text("Live-uppdateringar är på.")
    publish_by_keyboard(writer, text)
    expect(comment_text(writer, text)).to_have_count(1)
    expect(writer.get_by_label("Din kommentar")).to_have_value("")
    expect(comment_text(reader, text)).to_have_count(1)
    expect(reader.locator("[data-live-status]")).to_contain_text("Ny kommentar från Erik")
    assert_accessible(reader)


def test_follower_reads_the_notification_flags_and_a_moderator_hides_by_keyboard(
    browser: Browser, live_site: LiveSite, contexts: list[BrowserContext], idea_url: str
) -> None:
    tag = uuid.uuid4().hex[:6]
    writer = open_page(browser, live_site, contexts)
    sign_in(writer, WRITER, DEMO_PASSWORD)
    writer.goto(idea_url)
    text = f"Ring mig på 070-000 00 00 {tag}"
    publish_by_keyboard(writer, text)
    expect(comment_text(writer, text)).to_have_count(1)

    reader = open_page(browser, live_site, contexts)
    sign_in(reader, READER, DEMO_PASSWORD)
    reader.goto("/")
    link = reader.locator("[data-notifications-link]")
    expect(link).to_contain_text("oläst")
    link.click()
    expect(reader.get_by_role("heading", level=1)).to_have_text("Notiser")
    expect(reader.locator(".notification").first).to_contain_text(f"{tag}")
    assert_accessible(reader)
    reader.get_by_role("button", name=re.compile(r"^Öppna notisen")).first.click()
    expect(comment_text(reader, text)).to_have_count(1)

    comment = reader.locator("[data-comment-list] li", has=comment_text(reader, text))
    comment.get_by_role("link", name=re.compile(r"^Flagga")).click()
    expect(reader.get_by_role("heading", level=1)).to_have_text(
        "Flagga kommentaren för moderatorerna"
    )
    assert_accessible(reader)
    reader.get_by_label("Skäl").fill("Telefonnummer i kommentaren")
    reader.get_by_role("button", name="Skicka till moderatorerna").click()
    expect(reader.locator(".messages")).to_contain_text("Tack")

    moderator = open_page(browser, live_site, contexts)
    sign_in(moderator, MODERATOR, DEMO_PASSWORD)
    moderator.goto("/moderering/")
    expect(moderator.get_by_role("heading", level=1)).to_have_text("Moderering")
    entry = moderator.locator(".moderation-list > li", has_text=tag)
    expect(entry).to_contain_text("Telefonnummer i kommentaren")
    assert_accessible(moderator)
    entry.get_by_role("link", name=re.compile(r"^Dölj med ett skäl")).focus()
    moderator.keyboard.press("Enter")
    expect(moderator.get_by_role("heading", level=1)).to_have_text("Dölj kommentaren")
    assert_accessible(moderator)
    moderator.get_by_label("Skäl").focus()
    moderator.keyboard.type("Personuppgifter")
    moderator.keyboard.press("Tab")
    moderator.keyboard.press("Enter")
    expect(moderator.locator(".messages")).to_contain_text("Kommentaren är dold")

    # The writer's open page shows the change live: the text is gone.
    expect(comment_text(writer, text)).to_have_count(0)
    expect(writer.locator(".comment-text", has_text="Personuppgifter")).to_have_count(1)
